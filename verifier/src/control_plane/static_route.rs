//! Static routes, with each vendor's rule for next hops that must be resolved.

use std::collections::BTreeSet;
use std::net::IpAddr;

use ipnet::IpNet;
use routeproof_parser::ir::routing::StaticNextHop;
use routeproof_parser::ir::{self, Vendor};

use super::admin::default_distance;
use crate::rib::{NextHop, Protocol, Provenance, Rib, Route};
use crate::topology::{DEFAULT_VRF, Node};

/// The static routes of one device that can be installed given the previous main tables
/// (`rib_of(vrf)`), as (vrf, route).
pub fn routes<'r>(
    device: &ir::Device,
    node: &Node,
    rib_of: impl Fn(&str) -> Option<&'r Rib>,
) -> Vec<(String, Route)> {
    let mut out = Vec::new();
    // The device's own addresses per VRF, gathered once: a next hop that is one of them never
    // resolves. (Scanning every interface for every route was quadratic: 300,000 statics on a
    // device with 300,000 interfaces took longer than anyone would wait.)
    let own: BTreeSet<(&str, IpAddr)> = node
        .interfaces
        .values()
        .flat_map(|i| i.addresses.iter().map(move |x| (i.vrf.as_str(), x.addr())))
        .collect();
    for s in &device.static_routes {
        let vrf = s.vrf.clone().unwrap_or_else(|| DEFAULT_VRF.to_owned());
        let up = |name: &str| node.interfaces.get(name).is_some_and(|i| i.vrf == vrf);
        let next_hop = match &s.next_hop {
            StaticNextHop::Discard | StaticNextHop::Reject => Some(NextHop::Discard),
            StaticNextHop::Interface(i) => {
                (up(i) || s.permanent).then(|| NextHop::Interface(i.as_str().into()))
            }
            StaticNextHop::InterfaceAddress(i, a) => {
                (up(i) || s.permanent).then(|| NextHop::Address {
                    address: *a,
                    interface: Some(i.as_str().into()),
                })
            }
            StaticNextHop::Address(a) if s.connected_only => {
                // Junos without `resolve`: the address must be on a connected subnet of an
                // interface that is up in the route's VRF.
                let out = node
                    .interfaces
                    .values()
                    .filter(|i| i.vrf == vrf)
                    .find(|i| i.addresses.iter().any(|x| x.contains(a)))
                    .map(|i| i.name.clone());
                out.filter(|_| !own.contains(&(vrf.as_str(), *a)))
                    .map(|interface| NextHop::Address {
                        address: *a,
                        interface: Some(interface.into()),
                    })
            }
            StaticNextHop::Address(a) => {
                let resolvable = !own.contains(&(vrf.as_str(), *a))
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
                metric: s.metric.unwrap_or(0),
                next_hop,
                tag: s.tag,
                provenance: Provenance::from([s.span]),
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
        provenance: Provenance::empty(),
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use ipnet::IpNet;

    use crate::control_plane::simulate;
    use crate::rib::Protocol;
    use crate::testing::network;

    /// Input: a Junos router with static routes through a next hop on a connected subnet, one
    /// through a loopback address of its neighbor (not connected) without `resolve`, and the
    /// same with `resolve`. Expected: the first and the third are installed, the second is not
    /// (Junos resolves a static next hop only over connected subnets unless told otherwise);
    /// `preference` and `metric` come from the route.
    #[test]
    fn junos_next_hops_resolve_only_with_resolve() {
        let junos = "set system host-name j1\n\
            set interfaces ge-0/0/0 unit 0 family inet address 10.0.12.1/24\n\
            set routing-options static route 10.1.0.0/16 next-hop 10.0.12.2\n\
            set routing-options static route 10.1.0.0/16 metric 7\n\
            set routing-options static route 10.2.0.0/16 next-hop 10.1.0.1\n\
            set routing-options static route 10.3.0.0/16 next-hop 10.1.0.1\n\
            set routing-options static route 10.3.0.0/16 resolve\n\
            set routing-options static route 10.3.0.0/16 preference 9\n";
        let cp = simulate(&network(&[junos]));
        let rib = cp.ribs.values().next().expect("one table");
        let statics: Vec<(String, u8, u32)> = rib
            .routes()
            .filter(|r| r.protocol == Protocol::Static)
            .map(|r| (r.prefix.to_string(), r.admin, r.metric))
            .collect();
        assert_eq!(
            statics,
            [
                ("10.1.0.0/16".to_owned(), 5, 7),
                ("10.3.0.0/16".to_owned(), 9, 0)
            ]
        );
    }

    /// Input: one device with 20,000 addressed interfaces and 20,000 static routes, half through
    /// a neighbour's address, half through one of its own. Expected: the first half installed,
    /// the second not, in well under the time a scan of every interface per route took (that
    /// scan made a 100 MB configuration run for more than ten minutes).
    #[test]
    fn many_statics_on_many_interfaces_stay_linear() {
        let n = 20_000;
        let mut config = String::from("hostname big\n");
        for i in 0..n {
            let _ = writeln!(
                config,
                "interface Loopback{i}\n ip address 10.{}.{}.1 255.255.255.0\n!",
                i / 256,
                i % 256
            );
        }
        for i in 0..n {
            // Odd routes point at the device's own address: never installed.
            let host = if i % 2 == 0 { 2 } else { 1 };
            let _ = writeln!(
                config,
                "ip route 172.{}.{}.0 255.255.255.0 10.{}.{}.{host}",
                i / 256,
                i % 256,
                i / 256,
                i % 256
            );
        }
        let started = std::time::Instant::now();
        let cp = simulate(&network(&[&config]));
        let elapsed = started.elapsed();
        let rib = cp.ribs.values().next().expect("one table");
        let statics: Vec<IpNet> = rib
            .routes()
            .filter(|r| r.protocol == Protocol::Static)
            .map(|r| r.prefix)
            .collect();
        assert_eq!(statics.len(), n / 2);
        assert!(statics.contains(&"172.0.0.0/24".parse().unwrap()));
        assert!(!statics.contains(&"172.0.1.0/24".parse().unwrap()));
        // Generous for a debug build on a busy machine; the quadratic scan took minutes here.
        assert!(
            elapsed.as_secs() < 60,
            "simulation took {elapsed:?} for {n} statics"
        );
    }
}
