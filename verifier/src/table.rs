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
            let row = RouteRow {
                node: name.clone(),
                vrf: vrf.clone(),
                prefix: route.prefix,
                protocol: shown_protocol(node.vendor, route),
                next_hop_ip: ip,
                next_hop_interface: iface,
                admin: route.admin,
                metric: route.metric,
            };
            if shows_local_beside_direct(node.vendor, route) {
                rows.push(RouteRow {
                    protocol: Protocol::Local.name(),
                    ..row.clone()
                });
            }
            rows.push(row);
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

/// Whether a device lists a `local` route next to the connected one for the same prefix.
/// NX-OS does for an interface's own IPv4 host address (a `/32` loopback): `show ip route`
/// gives `192.168.123.1/32` both `*via 192.168.123.1, Lo123, [0/0], direct` and `... local`
/// (labs `nxos_redistribution`, `nxos_static_route`). The RIB keeps one route per prefix (the
/// connected one, which redistribution of connected routes takes); the second line is only
/// how the device shows it. IPv6 `/128`s are left alone: no captured table shows them.
fn shows_local_beside_direct(vendor: Option<Vendor>, route: &crate::rib::Route) -> bool {
    vendor == Some(Vendor::CiscoNxos)
        && route.protocol == Protocol::Connected
        && matches!(route.prefix, ipnet::IpNet::V4(_))
        && route.prefix.prefix_len() == route.prefix.max_prefix_len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control_plane::simulate;
    use crate::testing::network;

    /// An NX-OS loopback /32 shows as `connected` (NX-OS's `direct`) and `local`; the same
    /// loopback on IOS only as `connected`; an NX-OS /30 as its subnet and its local /32.
    #[test]
    fn nxos_lists_a_local_row_beside_a_host_address() {
        let nxos = "feature ospf\nhostname n1\n\
                    interface loopback0\n  ip address 192.168.1.1/32\n\
                    interface Ethernet1/1\n  no switchport\n  ip address 10.0.0.1/30\n  no shutdown\n";
        let ios = "hostname r1\ninterface Loopback0\n ip address 192.168.1.2 255.255.255.255\n";
        let cp = simulate(&network(&[nxos, ios]));
        let got: Vec<String> = rows(&cp)
            .iter()
            .filter(|r| r.vrf == "default")
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    r.node, r.prefix, r.protocol, r.next_hop_interface
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "n1 10.0.0.0/30 connected Ethernet1/1",
                "n1 10.0.0.1/32 local Ethernet1/1",
                "n1 192.168.1.1/32 connected Loopback0",
                "n1 192.168.1.1/32 local Loopback0",
                "r1 192.168.1.2/32 connected Loopback0",
            ]
        );
    }
}
