//! The main tables as rows, the shape `routeproof routes` prints and the oracle tables use:
//! `node,vrf,prefix,protocol,next_hop_ip,next_hop_interface,admin,metric`.

use serde::Serialize;

use routeproof_parser::ir::Vendor;

use crate::control_plane::ControlPlane;
use crate::rib::{NextHop, Protocol};

/// One installed next hop.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RouteRow {
    /// Node name.
    pub node: String,
    /// VRF name (`default` for the default VRF).
    pub vrf: String,
    /// Destination prefix.
    pub prefix: ipnet::IpNet,
    /// Protocol, as Batfish names it.
    pub protocol: &'static str,
    /// Gateway address, empty when the next hop is an interface or a discard.
    pub next_hop_ip: String,
    /// Outgoing interface, when known (`null_interface` for discards).
    pub next_hop_interface: String,
    /// Administrative distance.
    pub admin: u8,
    /// Metric.
    pub metric: u32,
}

/// Every row of every table, sorted by node, VRF, prefix and the rest.
pub fn rows(control_plane: &ControlPlane) -> Vec<RouteRow> {
    let mut rows = Vec::new();
    for ((node, vrf), rib) in &control_plane.ribs {
        let node = control_plane.topology.node(*node);
        let name = &node.name;
        for route in rib.routes() {
            let (ip, iface) = match &route.next_hop {
                NextHop::Interface(i) | NextHop::Receive(i) => (String::new(), i.to_string()),
                NextHop::Address { address, interface } => (
                    address.to_string(),
                    interface.as_deref().unwrap_or_default().to_owned(),
                ),
                NextHop::Discard => (String::new(), "null_interface".to_owned()),
            };
            rows.push(RouteRow {
                node: name.clone(),
                vrf: vrf.clone(),
                prefix: route.prefix,
                protocol: shown_protocol(node.vendor, route),
                next_hop_ip: ip,
                next_hop_interface: iface,
                admin: route.admin,
                metric: route.metric,
            });
        }
    }
    rows.sort();
    rows
}

/// The protocol a device shows for a route. IOS-XR lists an interface's own host address (a
/// `/32` loopback) as a `local` route, not a connected one (lab `iosxr_ibgp_rr_over_ospf`:
/// `L 10.188.62.3/32 is directly connected, Loopback0`); the RIB keeps it connected, which is
/// what redistribution of connected routes takes.
fn shown_protocol(vendor: Option<Vendor>, route: &crate::rib::Route) -> &'static str {
    let host = route.prefix.prefix_len() == route.prefix.max_prefix_len();
    match route.protocol {
        Protocol::Connected if host && vendor == Some(Vendor::CiscoIosXr) => Protocol::Local.name(),
        other => other.name(),
    }
}
