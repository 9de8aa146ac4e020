//! Adjacencies and the per-area link-state graph.
//!
//! Interfaces that share a segment (layer-3 edges of the topology, restricted by layer 1 when
//! the snapshot gives it) are checked pairwise for what the devices check before an adjacency
//! reaches FULL:
//!
//! - hellos must agree (RFC 2328 §10.5): same area, same hello and dead intervals, same
//!   stub/NSSA flags (area type), both sides sending hellos (not passive), different router ids,
//!   and network types that can talk (a point-to-point side and a broadcast side never build a
//!   consistent database, so they are not adjacent here);
//! - the database exchange must agree (§10.6): a router rejects database descriptions whose
//!   interface MTU is larger than its own, unless `ip ospf mtu-ignore` is set on it. The lab's
//!   as2core2 shows it: stuck in EXSTART/EXCHANGE with the three neighbours whose MTU differs.
//!
//! On a broadcast segment the designated router (highest router id among the routers that hear
//! each other; priorities are not modelled, all are 1) represents the segment as a transit
//! network with every router fully adjacent to it. A segment with fewer than two fully adjacent
//! routers is advertised as a stub network by every attached router (§12.4.1.2), as are passive
//! interfaces, loopbacks and point-to-point subnets.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::rc::Rc;

use ipnet::Ipv4Net;
use routeproof_parser::Span;
use routeproof_parser::ir::routing::AreaId;

use super::Router;
use super::spf::{Graph, VertexKind};
use super::vendor;
use crate::topology::Topology;

/// Marks an edge that does not leave a router through one of its interfaces (network → router).
pub(crate) const NO_INTERFACE: u32 = u32::MAX;

/// What an edge of the area graph means for next hops.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EdgeInfo {
    /// Index of the interface (in [`Router::interfaces`] of the edge's source) it leaves by.
    pub(crate) interface: u32,
    /// The address of the router it arrives at, on the shared link (for edges to routers).
    pub(crate) address: Ipv4Addr,
}

/// A prefix advertised as a stub link of a router's router-LSA.
#[derive(Clone, Debug)]
pub(crate) struct Stub {
    /// The lines that advertise it.
    pub(crate) provenance: Spans,
    /// The advertising router (index into the routers).
    pub(crate) router: usize,
    /// Its interface (index into [`Router::interfaces`]).
    pub(crate) interface: u32,
    /// The prefix.
    pub(crate) prefix: Ipv4Net,
    /// The stub link's cost.
    pub(crate) cost: u32,
}

/// A transit network (the designated router's network-LSA).
#[derive(Clone, Debug)]
pub(crate) struct TransitNetwork {
    /// Its vertex.
    pub(crate) vertex: u32,
    /// The segment's subnet.
    pub(crate) prefix: Ipv4Net,
    /// The lines that put the designated router's interface in OSPF.
    pub(crate) provenance: Spans,
}

/// One area's link-state database, as a graph.
#[derive(Clone, Debug)]
pub(crate) struct Area {
    /// Routers and transit networks.
    pub(crate) graph: Graph,
    /// The vertex of each router in the area.
    pub(crate) vertex_of: BTreeMap<usize, u32>,
    /// Per edge id: how to use it as a next hop.
    pub(crate) edges: Vec<EdgeInfo>,
    /// Transit networks.
    pub(crate) networks: Vec<TransitNetwork>,
    /// Stub links.
    pub(crate) stubs: Vec<Stub>,
}

/// Why two interfaces on a segment are or are not fully adjacent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Agreement {
    /// They agree on everything checked.
    Full,
    /// Different areas.
    AreaMismatch,
    /// Different hello or dead intervals.
    TimerMismatch,
    /// One side point-to-point, the other broadcast.
    NetworkTypeMismatch,
    /// Different stub / NSSA settings for the area.
    AreaTypeMismatch,
    /// Same router id.
    DuplicateRouterId,
    /// One side is passive.
    Passive,
    /// Hellos agree but the database exchange stalls on MTU (EXSTART / EXCHANGE).
    MtuMismatch,
}

/// An interface of a router: (router index, interface index).
pub(crate) type Port = (usize, u32);

/// What two interfaces agree on.
pub(crate) fn agreement(routers: &[Router<'_>], a: Port, b: Port) -> Agreement {
    let (ra, rb) = (&routers[a.0], &routers[b.0]);
    let (ia, ib) = (&ra.interfaces[a.1 as usize], &rb.interfaces[b.1 as usize]);
    if ia.passive || ib.passive {
        return Agreement::Passive;
    }
    if ia.area != ib.area {
        return Agreement::AreaMismatch;
    }
    if ia.hello != ib.hello || ia.dead != ib.dead {
        return Agreement::TimerMismatch;
    }
    if ia.network_type.multi_access() != ib.network_type.multi_access() {
        return Agreement::NetworkTypeMismatch;
    }
    if std::mem::discriminant(&ra.area_kind(ia.area))
        != std::mem::discriminant(&rb.area_kind(ib.area))
    {
        return Agreement::AreaTypeMismatch;
    }
    if ra.router_id == rb.router_id {
        return Agreement::DuplicateRouterId;
    }
    // RFC 2328 §10.6: each side rejects a larger MTU than its own unless told to ignore it.
    if ib.mtu > ia.mtu && !ia.mtu_ignore || ia.mtu > ib.mtu && !ib.mtu_ignore {
        return Agreement::MtuMismatch;
    }
    Agreement::Full
}

/// A decided adjacency (or failure), for tests and diagnostics.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Neighbor {
    /// One side.
    pub(crate) a: Port,
    /// The other side.
    pub(crate) b: Port,
    /// The outcome.
    pub(crate) agreement: Agreement,
}

/// The areas of all routers, and every neighbor decision.
pub(crate) fn build(
    routers: &[Router<'_>],
    topology: &Topology,
) -> (BTreeMap<AreaId, Area>, Vec<Neighbor>) {
    // Ports by (node, interface name).
    let mut port_of: BTreeMap<(u32, &str), Port> = BTreeMap::new();
    for (r, router) in routers.iter().enumerate() {
        for (i, iface) in router.interfaces.iter().enumerate() {
            port_of.insert((router.node.0, iface.name.as_str()), (r, i as u32));
        }
    }
    // Segments: union-find over ports linked by a layer-3 edge.
    let ports: Vec<Port> = port_of.values().copied().collect();
    let index: BTreeMap<Port, usize> = ports.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut parent: Vec<usize> = (0..ports.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut linked: BTreeSet<(Port, Port)> = BTreeSet::new();
    for edge in &topology.edges {
        let (Some(&pa), Some(&pb)) = (
            port_of.get(&(edge.a.node.0, edge.a.interface.as_str())),
            port_of.get(&(edge.b.node.0, edge.b.interface.as_str())),
        ) else {
            continue;
        };
        if pa.0 == pb.0 {
            continue;
        }
        linked.insert((pa.min(pb), pa.max(pb)));
        let (x, y) = (find(&mut parent, index[&pa]), find(&mut parent, index[&pb]));
        parent[x.max(y)] = x.min(y);
    }
    let mut segments: BTreeMap<usize, Vec<Port>> = BTreeMap::new();
    for (i, p) in ports.iter().enumerate() {
        let root = find(&mut parent, i);
        segments.entry(root).or_default().push(*p);
    }
    let is_linked = |a: Port, b: Port| linked.contains(&(a.min(b), a.max(b)));

    let mut neighbors = Vec::new();
    let mut p2p: Vec<(Port, Port)> = Vec::new();
    // Transit networks: (area, members, designated router's port).
    let mut transits: Vec<(AreaId, Vec<Port>, Port)> = Vec::new();
    let mut in_transit: BTreeSet<Port> = BTreeSet::new();
    for members in segments.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if is_linked(a, b) {
                    neighbors.push(Neighbor {
                        a,
                        b,
                        agreement: agreement(routers, a, b),
                    });
                }
            }
        }
        let iface = |p: Port| &routers[p.0].interfaces[p.1 as usize];
        // Point-to-point (and point-to-multipoint) sides pair up directly.
        let pointy: Vec<Port> = members
            .iter()
            .copied()
            .filter(|p| !iface(*p).network_type.multi_access())
            .collect();
        for (x, &a) in pointy.iter().enumerate() {
            for &b in &pointy[x + 1..] {
                if is_linked(a, b) && agreement(routers, a, b) == Agreement::Full {
                    p2p.push((a, b));
                }
            }
        }
        // Broadcast sides elect a designated router among those that hear each other.
        let multi: Vec<Port> = members
            .iter()
            .copied()
            .filter(|p| iface(*p).network_type.multi_access() && !iface(*p).passive)
            .collect();
        let hears = |a: Port, b: Port| {
            is_linked(a, b)
                && matches!(
                    agreement(routers, a, b),
                    Agreement::Full | Agreement::MtuMismatch
                )
        };
        let designated = multi
            .iter()
            .copied()
            .filter(|&a| multi.iter().any(|&b| b != a && hears(a, b)))
            .max_by_key(|p| (routers[p.0].router_id, std::cmp::Reverse(*p)));
        if let Some(dr) = designated {
            let mut full: Vec<Port> = vec![dr];
            for &b in &multi {
                if b != dr && is_linked(dr, b) && agreement(routers, dr, b) == Agreement::Full {
                    full.push(b);
                }
            }
            if full.len() >= 2 {
                full.sort();
                in_transit.extend(full.iter().copied());
                transits.push((iface(dr).area, full, dr));
            }
        }
    }
    neighbors.sort();

    // The graph of each area.
    let mut area_ids: BTreeSet<AreaId> = BTreeSet::new();
    for router in routers {
        area_ids.extend(router.areas.keys().copied());
    }
    let mut areas = BTreeMap::new();
    for id in area_ids {
        let mut vertex_of = BTreeMap::new();
        let mut kinds = Vec::new();
        for (r, router) in routers.iter().enumerate() {
            if router.areas.contains_key(&id) {
                vertex_of.insert(r, kinds.len() as u32);
                kinds.push(VertexKind::Router);
            }
        }
        let link_cost = |p: Port| {
            let router = &routers[p.0];
            if router.max_metric {
                vendor::MAX_LINK_METRIC
            } else {
                router.interfaces[p.1 as usize].cost.max(1)
            }
        };
        let address = |p: Port| routers[p.0].interfaces[p.1 as usize].address.addr();
        let mut edges: Vec<(u32, u32, u32)> = Vec::new();
        let mut infos: Vec<EdgeInfo> = Vec::new();
        for &(a, b) in &p2p {
            if routers[a.0].interfaces[a.1 as usize].area != id {
                continue;
            }
            for (x, y) in [(a, b), (b, a)] {
                edges.push((vertex_of[&x.0], vertex_of[&y.0], link_cost(x)));
                infos.push(EdgeInfo {
                    interface: x.1,
                    address: address(y),
                });
            }
        }
        let mut networks = Vec::new();
        for (area, members, dr) in &transits {
            if *area != id {
                continue;
            }
            let vertex = kinds.len() as u32;
            kinds.push(VertexKind::Network);
            for &m in members {
                edges.push((vertex_of[&m.0], vertex, link_cost(m)));
                infos.push(EdgeInfo {
                    interface: m.1,
                    address: address(m),
                });
                edges.push((vertex, vertex_of[&m.0], 0));
                infos.push(EdgeInfo {
                    interface: NO_INTERFACE,
                    address: address(m),
                });
            }
            networks.push(TransitNetwork {
                vertex,
                prefix: routers[dr.0].interfaces[dr.1 as usize].address.trunc(),
                provenance: provenance(routers, *dr),
            });
        }
        let mut stubs = Vec::new();
        for (r, router) in routers.iter().enumerate() {
            for (i, iface) in router.interfaces.iter().enumerate() {
                if iface.area != id {
                    continue;
                }
                let transit = in_transit.contains(&(r, i as u32));
                for prefix in &iface.stubs {
                    if transit && *prefix == iface.address.trunc() {
                        continue;
                    }
                    stubs.push(Stub {
                        provenance: provenance(routers, (r, i as u32)),
                        router: r,
                        interface: i as u32,
                        prefix: *prefix,
                        cost: iface.cost,
                    });
                }
            }
        }
        areas.insert(
            id,
            Area {
                graph: Graph::new(kinds, &edges),
                vertex_of,
                edges: infos,
                networks,
                stubs,
            },
        );
    }
    (areas, neighbors)
}

/// Configuration lines behind a route, shared between the routes that rest on them.
pub(crate) type Spans = Rc<[Span]>;

/// The provenance of what a router's interface advertises: the process and the lines that
/// enable OSPF on the interface.
pub(crate) fn provenance(routers: &[Router<'_>], port: Port) -> Spans {
    let router = &routers[port.0];
    let mut spans = vec![router.process.span];
    spans.extend(
        router.interfaces[port.1 as usize]
            .provenance
            .iter()
            .copied(),
    );
    spans.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::control_plane::ospf::routers;
    use crate::testing::network;

    fn neighbors(configs: &[&str]) -> Vec<String> {
        let net = network(configs);
        let topology = Topology::build(&net);
        let devices: Vec<Option<&routeproof_parser::ir::Device>> = topology
            .nodes
            .iter()
            .map(|n| net.devices.get(&n.name))
            .collect();
        let routers = routers(&topology, &devices);
        let (_, found) = build(&routers, &topology);
        found
            .iter()
            .map(|n| {
                let name = |p: Port| {
                    format!(
                        "{}:{}",
                        topology.node(routers[p.0].node).name,
                        routers[p.0].interfaces[p.1 as usize].name
                    )
                };
                format!("{} {} {:?}", name(n.a), name(n.b), n.agreement)
            })
            .collect()
    }

    const R1: &str = "hostname r1\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\nrouter ospf 1\n network 10.0.0.0 0.0.0.255 area 0\n";

    /// The lab's as2core2 case: `mtu 1600` on one side only, the smaller side rejects the
    /// database description; `ip ospf mtu-ignore` there makes them adjacent.
    #[test]
    fn mtu_mismatch_blocks_the_adjacency_unless_ignored() {
        let r2 = "hostname r2\ninterface GigabitEthernet0/0\n mtu 1600\n ip address 10.0.0.2 255.255.255.0\nrouter ospf 1\n network 10.0.0.0 0.0.0.255 area 0\n";
        assert_eq!(
            neighbors(&[R1, r2]),
            ["r1:GigabitEthernet0/0 r2:GigabitEthernet0/0 MtuMismatch"]
        );
        let r1_ignores = "hostname r1\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n ip ospf mtu-ignore\nrouter ospf 1\n network 10.0.0.0 0.0.0.255 area 0\n";
        assert_eq!(
            neighbors(&[r1_ignores, r2]),
            ["r1:GigabitEthernet0/0 r2:GigabitEthernet0/0 Full"]
        );
    }

    /// Area, timers, network type and stub flags must agree; passive sides never talk.
    #[test]
    fn hello_parameters_must_agree() {
        let with = |extra: &str, area: &str, stub: &str| {
            format!(
                "hostname r2\ninterface GigabitEthernet0/0\n ip address 10.0.0.2 255.255.255.0\n{extra}router ospf 1\n{stub} network 10.0.0.0 0.0.0.255 area {area}\n"
            )
        };
        let cases = [
            (with("", "1", ""), "AreaMismatch"),
            (
                with(" ip ospf hello-interval 5\n", "0", ""),
                "TimerMismatch",
            ),
            (
                with(" ip ospf network point-to-point\n", "0", ""),
                "NetworkTypeMismatch",
            ),
            (
                with("", "0", " passive-interface GigabitEthernet0/0\n"),
                "Passive",
            ),
            (with("", "0", ""), "Full"),
        ];
        for (r2, want) in cases {
            let got = neighbors(&[R1, &r2]);
            assert_eq!(got.len(), 1, "{r2}");
            assert!(got[0].ends_with(want), "{got:?} for {r2}");
        }
        let stub1 = "hostname r1\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\nrouter ospf 1\n area 1 stub\n network 10.0.0.0 0.0.0.255 area 1\n";
        let got = neighbors(&[stub1, &with("", "1", "")]);
        assert!(got[0].ends_with("AreaTypeMismatch"), "{got:?}");
    }
}
