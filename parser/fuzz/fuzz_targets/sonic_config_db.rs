//! SONiC's `config_db.json`, applied to a parsed `frr.conf` as the loader does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routeproof_parser::{Sources, parse_bytes, source};

const FRR: &str =
    "frr version 8.2\nhostname sonic1\nrouter bgp 65001\n neighbor 10.0.0.1 remote-as 65002\n!\n";

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    let (_, parsed) = parse_bytes(
        &mut sources,
        "sonic_configs/sonic1/frr.conf",
        FRR.as_bytes(),
    );
    let Some(mut parsed) = parsed else { return };
    let (text, _) = source::decode(data);
    let db = sources.add("sonic_configs/sonic1/config_db.json", text.clone());
    routeproof_parser::sonic::apply_config_db(&mut parsed, db, &text);
});
