//! The extra files of Batfish's snapshot layout: end hosts (`hosts/*.json`) and the layer-1
//! topology (`batfish/layer1_topology.json`). Reading them keeps snapshots portable between
//! Batfish and routeproof.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ir::{self, Host, Layer1Edge};
use crate::source::{FileId, Span};

#[derive(Deserialize)]
struct HostFile {
    hostname: String,
    #[serde(rename = "hostInterfaces", default)]
    host_interfaces: BTreeMap<String, HostInterface>,
}

#[derive(Deserialize)]
struct HostInterface {
    #[serde(default)]
    name: Option<String>,
    prefix: String,
    #[serde(default)]
    gateway: Option<String>,
}

/// Parses a Batfish host file. The error says what is wrong, for a message naming the file.
pub fn parse_host(file: FileId, text: &str) -> Result<Host, String> {
    let parsed: HostFile =
        serde_json::from_str(text).map_err(|e| format!("invalid host file: {e}"))?;
    let (key, iface) = parsed
        .host_interfaces
        .iter()
        .next()
        .ok_or_else(|| "host file has no hostInterfaces".to_owned())?;
    let address = iface
        .prefix
        .parse::<ipnet::IpNet>()
        .map_err(|e| format!("invalid prefix `{}`: {e}", iface.prefix))?;
    let gateway = match &iface.gateway {
        Some(g) => Some(
            g.parse()
                .map_err(|e| format!("invalid gateway `{g}`: {e}"))?,
        ),
        None => None,
    };
    Ok(Host {
        name: parsed.hostname,
        interface: iface.name.clone().unwrap_or_else(|| key.clone()),
        address,
        gateway,
        span: Span::new(file, 0, text.len()),
    })
}

#[derive(Deserialize)]
struct Layer1File {
    edges: Vec<Layer1EdgeJson>,
}

#[derive(Deserialize)]
struct Layer1EdgeJson {
    node1: Layer1Node,
    node2: Layer1Node,
}

#[derive(Deserialize)]
struct Layer1Node {
    hostname: String,
    #[serde(rename = "interfaceName")]
    interface_name: String,
}

/// Parses a layer-1 topology. Interface names are canonicalised for each device's vendor
/// (`E1` on EOS is `Ethernet1`); devices not in `network` keep the name as written.
pub fn parse_layer1(text: &str, network: &ir::Network) -> Result<Vec<Layer1Edge>, String> {
    let parsed: Layer1File =
        serde_json::from_str(text).map_err(|e| format!("invalid layer-1 topology: {e}"))?;
    let canonical = |n: &Layer1Node| {
        let device = network
            .devices
            .values()
            .find(|d| d.name.eq_ignore_ascii_case(&n.hostname));
        let interface = match device {
            Some(d) => canonical_interface(&n.interface_name, d.vendor),
            None => n.interface_name.clone(),
        };
        (
            device.map_or_else(|| n.hostname.clone(), |d| d.name.clone()),
            interface,
        )
    };
    let mut edges: Vec<Layer1Edge> = parsed
        .edges
        .iter()
        .map(|e| Layer1Edge {
            a: canonical(&e.node1),
            b: canonical(&e.node2),
        })
        .collect();
    edges.sort();
    edges.dedup();
    Ok(edges)
}

/// The canonical name of an interface as a `vendor` device writes it (`Gi0/0` →
/// `GigabitEthernet0/0`).
pub fn canonical_interface(name: &str, vendor: ir::Vendor) -> String {
    use crate::ios::Dialect;
    let dialect = match vendor {
        ir::Vendor::CiscoIos => Dialect::Ios,
        ir::Vendor::CiscoIosXe => Dialect::IosXe,
        ir::Vendor::CiscoNxos => Dialect::CiscoNxos,
        ir::Vendor::CiscoIosXr => Dialect::IosXr,
        ir::Vendor::AristaEos => Dialect::Eos,
        ir::Vendor::Frr | ir::Vendor::Junos => return name.to_owned(),
    };
    crate::ios::names::canonical_interface(name, dialect)
}
