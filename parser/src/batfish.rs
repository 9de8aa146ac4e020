//! The extra files of Batfish's snapshot layout: end hosts (`hosts/*.json`), the layer-1
//! topology (`batfish/layer1_topology.json`) and external BGP announcements
//! (`external_bgp_announcements.json`). Reading them keeps snapshots portable between Batfish
//! and routeproof.

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

#[derive(Deserialize)]
struct AnnouncementFile {
    #[serde(rename = "Announcements", default)]
    announcements: Vec<AnnouncementJson>,
}

#[derive(Deserialize)]
struct AnnouncementJson {
    network: String,
    #[serde(rename = "nextHopIp")]
    next_hop_ip: String,
    #[serde(rename = "srcIp")]
    src_ip: String,
    #[serde(rename = "dstNode")]
    dst_node: String,
    #[serde(rename = "dstVrf", default)]
    dst_vrf: Option<String>,
    #[serde(rename = "originType", default)]
    origin_type: Option<String>,
    #[serde(default)]
    med: Option<u32>,
    #[serde(rename = "asPath", default)]
    as_path: Vec<Vec<u32>>,
    #[serde(default)]
    communities: Vec<u32>,
}

/// Parses Batfish's external BGP announcements (`{"Announcements": [...]}`). Device names are
/// matched case-insensitively against `network`.
pub fn parse_bgp_announcements(
    file: FileId,
    text: &str,
    network: &ir::Network,
) -> Result<Vec<ir::BgpAnnouncement>, String> {
    let parsed: AnnouncementFile = serde_json::from_str(text)
        .map_err(|e| format!("invalid external BGP announcements: {e}"))?;
    let span = Span::new(file, 0, text.len());
    let address = |field: &str, value: &str| {
        value
            .parse::<std::net::IpAddr>()
            .map_err(|e| format!("invalid {field} `{value}`: {e}"))
    };
    parsed
        .announcements
        .iter()
        .map(|a| {
            let prefix = a
                .network
                .parse::<ipnet::IpNet>()
                .map_err(|e| format!("invalid network `{}`: {e}", a.network))?
                .trunc();
            let node = network
                .devices
                .values()
                .find(|d| d.name.eq_ignore_ascii_case(&a.dst_node))
                .map_or_else(|| a.dst_node.clone(), |d| d.name.clone());
            let origin = match a
                .origin_type
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("egp") => ir::policy::Origin::Egp,
                Some("incomplete") => ir::policy::Origin::Incomplete,
                _ => ir::policy::Origin::Igp,
            };
            Ok(ir::BgpAnnouncement {
                prefix,
                node,
                vrf: a.dst_vrf.clone().unwrap_or_else(|| "default".to_owned()),
                peer: address("srcIp", &a.src_ip)?,
                next_hop: address("nextHopIp", &a.next_hop_ip)?,
                as_path: a
                    .as_path
                    .iter()
                    .filter_map(|set| set.first().copied())
                    .collect(),
                med: a.med,
                origin,
                communities: a.communities.clone(),
                span,
            })
        })
        .collect()
}

#[cfg(test)]
mod announcement_tests {
    use super::*;

    #[test]
    fn reads_batfish_announcements() {
        let text = r#"{"Announcements": [{"type": "ebgp_sent", "network": "4.0.0.0/8",
            "nextHopIp": "10.14.22.4", "srcIp": "10.14.22.4", "dstNode": "as1border2",
            "dstIp": "10.14.22.1", "originType": "egp", "med": 20,
            "asPath": [[1239], [7018, 7019]], "communities": [262145], "dstVrf": "default"}]}"#;
        let a = parse_bgp_announcements(FileId(0), text, &ir::Network::default()).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].prefix.to_string(), "4.0.0.0/8");
        assert_eq!(a[0].as_path, vec![1239, 7018]);
        assert_eq!(a[0].med, Some(20));
        assert_eq!(a[0].origin, ir::policy::Origin::Egp);
    }
}
