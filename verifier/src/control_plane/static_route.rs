//! Static routes, with each vendor's rule for next hops that must be resolved.

use std::net::IpAddr;

use ipnet::IpNet;
use routeproof_parser::ir::routing::StaticNextHop;
use routeproof_parser::ir::{self, Vendor};

use super::admin::default_distance;
use crate::rib::{NextHop, Protocol, Rib, Route};
use crate::topology::{DEFAULT_VRF, Node};

/// The static routes of one device that can be installed given the previous main tables
/// (`rib_of(vrf)`), as (vrf, route).
pub fn routes<'r>(
    device: &ir::Device,
    node: &Node,
    rib_of: impl Fn(&str) -> Option<&'r Rib>,
) -> Vec<(String, Route)> {
    let mut out = Vec::new();
    for s in &device.static_routes {
        let vrf = s.vrf.clone().unwrap_or_else(|| DEFAULT_VRF.to_owned());
        let up = |name: &str| node.interfaces.get(name).is_some_and(|i| i.vrf == vrf);
        let next_hop = match &s.next_hop {
            StaticNextHop::Discard | StaticNextHop::Reject => Some(NextHop::Discard),
            StaticNextHop::Interface(i) => {
                (up(i) || s.permanent).then(|| NextHop::Interface(i.clone()))
            }
            StaticNextHop::InterfaceAddress(i, a) => {
                (up(i) || s.permanent).then(|| NextHop::Address {
                    address: *a,
                    interface: Some(i.clone()),
                })
            }
            StaticNextHop::Address(a) => {
                let own = node
                    .interfaces
                    .values()
                    .any(|i| i.vrf == vrf && i.addresses.iter().any(|x| x.addr() == *a));
                let resolvable = !own
                    && rib_of(&vrf).is_some_and(|rib| resolves(rib, *a, &s.prefix, device.vendor));
                resolvable.then_some(NextHop::Address {
                    address: *a,
                    interface: None,
                })
            }
            StaticNextHop::OtherVrf(..) => None,
        };
        let Some(next_hop) = next_hop else { continue };
        out.push((
            vrf,
            Route {
                prefix: s.prefix,
                protocol: Protocol::Static,
                admin: s
                    .distance
                    .unwrap_or_else(|| default_distance(Some(device.vendor), Protocol::Static)),
                metric: 0,
                next_hop,
                tag: s.tag,
                provenance: vec![s.span],
            },
        ));
    }
    out
}

/// Whether a next-hop address resolves through the table, without using the route being
/// resolved itself and (on FRR and Junos) without the default route.
pub fn resolves(rib: &Rib, address: IpAddr, prefix: &IpNet, vendor: Vendor) -> bool {
    let no_default = matches!(vendor, Vendor::Frr | Vendor::Junos);
    rib.lookup(address, |r| {
        r.prefix == *prefix || no_default && r.prefix.prefix_len() == 0
    })
    .is_some()
}

/// A host's default route through its gateway.
pub fn host_default(gateway: IpAddr) -> Route {
    let prefix = if gateway.is_ipv4() {
        "0.0.0.0/0"
    } else {
        "::/0"
    };
    Route {
        prefix: prefix.parse().unwrap_or_default(),
        protocol: Protocol::Static,
        admin: default_distance(None, Protocol::Static),
        metric: 0,
        next_hop: NextHop::Address {
            address: gateway,
            interface: None,
        },
        tag: None,
        provenance: Vec::new(),
    }
}
