//! Connected and local routes.

use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::{self, Vendor};

use crate::rib::{NextHop, Protocol, Provenance, Route};
use crate::topology::Node;

/// Whether a vendor lists `local` host routes for its interface addresses in its table.
/// (Every device still accepts packets to its own addresses; this is only about the table.)
/// Junos lists them (`Local`, e.g. `10.0.0.15/32` for `10.0.0.15/24`), as captured in the
/// lab-validation tables of `junos_static_route_defaults` and `sonic_bgp_lab`.
pub fn shows_local_routes(vendor: Option<Vendor>) -> bool {
    !matches!(vendor, Some(Vendor::AristaEos) | Some(Vendor::Frr))
}

/// The connected and local routes of one node, as (vrf, route). With the node's device,
/// each route carries the span of the address line it comes from.
pub fn routes(node: &Node, device: Option<&ir::Device>) -> Vec<(String, Route)> {
    let mut out = Vec::new();
    for iface in node.interfaces.values() {
        for address in &iface.addresses {
            let provenance: Provenance = device
                .and_then(|d| d.interfaces.get(&iface.name))
                .and_then(|i| i.addresses.iter().find(|a| a.address == *address))
                .map(|a| Provenance::from([a.span]))
                .unwrap_or_default();
            let name: Arc<str> = iface.name.as_str().into();
            let route = |prefix: IpNet, protocol, next_hop| Route {
                prefix,
                protocol,
                admin: 0,
                metric: 0,
                next_hop,
                tag: None,
                provenance: provenance.clone(),
            };
            out.push((
                iface.vrf.clone(),
                route(
                    address.trunc(),
                    Protocol::Connected,
                    NextHop::Interface(name.clone()),
                ),
            ));
            let host = IpNet::from(address.addr());
            if address.prefix_len() < address.max_prefix_len() && shows_local_routes(node.vendor) {
                out.push((
                    iface.vrf.clone(),
                    route(host, Protocol::Local, NextHop::Receive(name.clone())),
                ));
            }
        }
    }
    out
}
