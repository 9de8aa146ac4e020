//! Batfish layer-1 topologies (`batfish/layer1_topology.json`) against a small network with one
//! device of each IOS-family vendor, so that interface names are canonicalised per dialect.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use routeproof_parser::{Sources, batfish, build_network, ir, parse_bytes, source};

fn network() -> &'static ir::Network {
    static NETWORK: OnceLock<ir::Network> = OnceLock::new();
    NETWORK.get_or_init(|| {
        let mut sources = Sources::new();
        let files: Vec<_> = [
            ("cisco", "r1"),
            ("cisco_ios_xe", "r2"),
            ("arista", "r3"),
            ("cisco-nx", "r4"),
            ("cisco-xr", "r5"),
            ("frr", "r6"),
            ("juniper", "r7"),
        ]
        .iter()
        .filter_map(|(vendor, name)| {
            let text = format!("!RANCID-CONTENT-TYPE: {vendor}\nhostname {name}\n");
            parse_bytes(&mut sources, format!("{name}.cfg"), text.as_bytes()).1
        })
        .collect();
        build_network(&files).unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let (text, _) = source::decode(data);
    let _ = batfish::parse_layer1(&text, network());
});
