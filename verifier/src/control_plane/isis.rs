//! IS-IS: levels 1 and 2, wide or narrow metrics, passive interfaces, redistribution with
//! route-maps and levels, route leaking from level 1 into level 2, the attached-bit default
//! route for level-1-only routers, and the overload bit.
//!
//! Routes are computed semantically: one shortest-path-first run per router and level over
//! the graph of adjacencies, then each advertised prefix is reached through the advertisers at
//! the least total cost (ECMP on ties, bounded by `maximum-paths`). IPv4 only for now.
//!
//! Vendor behaviour this module follows (each is a choice a device makes, not a guess):
//! - An adjacency needs IS-IS on both interfaces, neither passive, a shared subnet, a level both
//!   circuits allow, and for level 1 a shared area address (from the NETs).
//! - Interface metric defaults to 10 at both levels (IOS, EOS, FRR, NX-OS).
//! - Level-1 routes are preferred over level-2 routes for the same prefix, internal over
//!   external at the same level.
//! - Level-1-2 routers leak their level-1 prefixes into level 2 (the default everywhere).
//! - Level-1-only routers install a default route towards the nearest level-1-2 router of their
//!   area that has a level-2 adjacency (the attached bit).
//! - An overloaded router is never a transit hop; its own prefixes stay reachable.
//! - `redistribute bgp` takes iBGP routes only where the vendor does by default or
//!   `bgp redistribute-internal` says so (the same rule as OSPF's). Redistributed routes go to level 2 unless a level is
//!   given, with metric 0 unless one is set.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::net::IpAddr;
use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::routing::{IsisLevel, IsisProcess, Redistribution, RouteSource};
use routeproof_parser::ir::{self, Vendor};

use super::admin::default_distance;
use super::{Input, Output};
use crate::policy::{self, PolicyOutcome, RouteAttributes, Trace};
use crate::rib::{NextHop, Protocol, Provenance, Route};
use crate::topology::NodeId;

/// Default interface metric.
const DEFAULT_METRIC: u32 = 10;

/// One IS-IS process on one node.
#[derive(Debug)]
struct Instance<'a> {
    node: NodeId,
    vrf: String,
    process: &'a IsisProcess,
    vendor: Vendor,
    level1: bool,
    level2: bool,
    areas: BTreeSet<String>,
    /// Enabled interfaces: name → (passive, L1 metric, L2 metric, circuit levels).
    interfaces: BTreeMap<String, InstanceInterface>,
}

#[derive(Debug, Clone)]
struct InstanceInterface {
    passive: bool,
    metric_l1: u32,
    metric_l2: u32,
    level1: bool,
    level2: bool,
    span: routeproof_parser::Span,
}

/// A directed adjacency at one level: from instance `from` out of `interface` to instance `to`
/// whose address on the link is `address`, at `cost`.
#[derive(Debug, Clone)]
struct Adjacency {
    to: usize,
    /// Shared by every route through this adjacency.
    interface: Arc<str>,
    address: IpAddr,
    cost: u32,
}

/// A prefix an instance advertises at one level.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Advertisement {
    prefix: IpNet,
    metric: u32,
    external: bool,
    tag: Option<u32>,
    /// Sorted and without duplicates; shared by the routes of every router that uses it.
    provenance: Provenance,
}

/// The best way found so far to a prefix.
struct Candidate {
    /// L1 internal 0, L1 external 1, L2 internal 2, L2 external 3.
    rank: u8,
    metric: u32,
    /// First hops: through the advertisers at the best cost.
    hops: FirstHops,
    protocol: Protocol,
    tag: Option<u32>,
    /// The provenance of the first advertisement at the best cost ...
    provenance: Provenance,
    /// ... and of the others at the same cost (usually none).
    more_provenance: Vec<Provenance>,
}

/// The first hops of a [`Candidate`], as (level, index into this instance's adjacency list at
/// that level).
enum FirstHops {
    /// The first hops towards one advertiser at one level: the shortest-path result is shared,
    /// not copied (most prefixes have one advertiser at the best cost).
    Towards(Level, usize),
    /// The union of several advertisers' first hops.
    Many(Vec<(u8, u32)>),
}

impl FirstHops {
    /// Appends every hop to `out`.
    fn collect_into(&self, spfs: &[Option<Spf>; 2], out: &mut Vec<(u8, u32)>) {
        match self {
            FirstHops::Towards(level, advertiser) => {
                if let Some(spf) = &spfs[*level as usize - 1] {
                    out.extend(spf.hops[*advertiser].iter().map(|h| (*level as u8, *h)));
                }
            }
            FirstHops::Many(hops) => out.extend_from_slice(hops),
        }
    }
}

/// What IS-IS computed in the previous outer iteration of one simulation. Its routes depend on
/// the configuration and on what is advertised, and only the advertisements read the main
/// tables (redistribution): when they did not change, neither did the routes.
#[derive(Debug, Default)]
pub struct Memo {
    advertisements: Option<(Advertisements, Advertisements)>,
    tables: Vec<(NodeId, String, Arc<Vec<Route>>)>,
}

/// IS-IS routes of every node, from the previous iteration's main tables.
pub fn compute(input: &Input<'_>) -> Output {
    compute_with(input, &mut Memo::default())
}

/// [`compute`], reusing the previous iteration's routes when the advertisements are the same
/// (`memo` must come from the same simulation: same network and topology).
pub fn compute_with(input: &Input<'_>, memo: &mut Memo) -> Output {
    let instances = instances(input);
    if instances.is_empty() {
        return Output::default();
    }
    let l1 = adjacencies(input, &instances, Level::One);
    let l2 = adjacencies(input, &instances, Level::Two);
    let advertised = advertisements(input, &instances, &l1);
    if memo.advertisements.as_ref() == Some(&advertised) {
        return Output {
            shared_tables: memo.tables.clone(),
            ..Output::default()
        };
    }
    let (adv1, adv2) = &advertised;
    // Every advertisement once, in prefix order, in the order the selection below must see
    // them for one prefix (level 1 before level 2, then by advertiser, then as advertised): each
    // router scans this list instead of building a map of prefixes of its own.
    let mut ordered: Vec<(&IpNet, Level, usize, &Advertisement)> = Vec::new();
    for (level, advertised) in [(Level::One, adv1), (Level::Two, adv2)] {
        for (advertiser, ads) in advertised {
            ordered.extend(ads.iter().map(|ad| (&ad.prefix, level, *advertiser, ad)));
        }
    }
    ordered.sort_by(|a, b| a.0.cmp(b.0));
    let mut output = Output::default();
    // Reused for every prefix: the merged first hops and the (interface, gateway) pairs.
    let mut merged: Vec<(u8, u32)> = Vec::new();
    let mut hops: Vec<(&Arc<str>, IpAddr)> = Vec::new();
    for (index, instance) in instances.iter().enumerate() {
        let mut own: Vec<IpNet> = input
            .topology
            .node(instance.node)
            .interfaces
            .values()
            .flat_map(|i| i.addresses.iter().map(|a| a.trunc()))
            .collect();
        own.sort();
        // The shortest paths at each level the instance runs (candidates point into them).
        let spfs: [Option<Spf>; 2] = [
            (instance.runs(Level::One)).then(|| shortest_paths(index, &l1, &instances)),
            (instance.runs(Level::Two)).then(|| shortest_paths(index, &l2, &instances)),
        ];
        // The best candidate of each prefix, in prefix order.
        let mut best: Vec<(IpNet, Candidate)> = Vec::new();
        for group in ordered.chunk_by(|a, b| a.0 == b.0) {
            let prefix = *group[0].0;
            if own.binary_search(&prefix).is_ok() {
                continue;
            }
            let mut entry: Option<Candidate> = None;
            for &(_, level, advertiser, ad) in group {
                let Some(spf) = &spfs[level as usize - 1] else {
                    continue;
                };
                let distance = spf.dist[advertiser];
                if advertiser == index || distance == u32::MAX {
                    continue;
                }
                // Rank: L1 internal 0, L1 external 1, L2 internal 2, L2 external 3.
                let (rank, protocol) = match level {
                    Level::One => (u8::from(ad.external), Protocol::IsisL1),
                    Level::Two => (2 + u8::from(ad.external), Protocol::IsisL2),
                };
                let metric = distance.saturating_add(ad.metric);
                match &mut entry {
                    Some(entry) if (rank, metric) > (entry.rank, entry.metric) => {}
                    Some(entry) if (rank, metric) == (entry.rank, entry.metric) => {
                        if !matches!(entry.hops, FirstHops::Many(_)) {
                            let mut union = Vec::new();
                            entry.hops.collect_into(&spfs, &mut union);
                            entry.hops = FirstHops::Many(union);
                        }
                        if let FirstHops::Many(hops) = &mut entry.hops {
                            let tag_level = level as u8;
                            hops.extend(spf.hops[advertiser].iter().map(|h| (tag_level, *h)));
                        }
                        entry.more_provenance.push(ad.provenance.clone());
                    }
                    _ => {
                        entry = Some(Candidate {
                            rank,
                            metric,
                            hops: FirstHops::Towards(level, advertiser),
                            protocol,
                            tag: ad.tag,
                            provenance: ad.provenance.clone(),
                            more_provenance: Vec::new(),
                        })
                    }
                }
            }
            best.extend(entry.map(|entry| (prefix, entry)));
        }
        // The attached bit: level-1-only routers default towards the nearest attached L1L2.
        if instance.level1
            && !instance.level2
            && let Some(spf) = &spfs[0]
        {
            let mut nearest: Option<(u32, Vec<(u8, u32)>)> = None;
            for (other, o) in instances.iter().enumerate() {
                let distance = spf.dist[other];
                let attached = o.level2 && !l2[other].is_empty();
                if other == index || !attached || distance == u32::MAX {
                    continue;
                }
                let hops = spf.hops[other].iter().map(|h| (Level::One as u8, *h));
                match &mut nearest {
                    Some((d, h)) if *d == distance => h.extend(hops),
                    Some((d, _)) if *d < distance => {}
                    _ => nearest = Some((distance, hops.collect())),
                }
            }
            if let Some((distance, hops)) = nearest {
                let default: IpNet = "0.0.0.0/0".parse().unwrap_or_default();
                // Unless a default route is advertised (that one wins).
                if let Err(at) = best.binary_search_by(|(p, _)| p.cmp(&default)) {
                    let candidate = Candidate {
                        rank: 0,
                        metric: distance,
                        hops: FirstHops::Many(hops),
                        protocol: Protocol::IsisL1,
                        tag: None,
                        provenance: Provenance::empty(),
                        more_provenance: Vec::new(),
                    };
                    best.insert(at, (default, candidate));
                }
            }
        }
        // A configured distance applies to every IS-IS route; otherwise the vendor's default
        // for the route's level and type (Junos: 15 / 18 internal, 160 / 165 external; one
        // value for every type elsewhere).
        let configured = instance.process.distance.as_ref().map(|d| d.value);
        let max_paths = instance.process.maximum_paths.as_ref().map_or_else(
            || default_maximum_paths(instance.vendor),
            |m| m.value as usize,
        );
        let mut routes = Vec::with_capacity(best.len());
        for (prefix, candidate) in best {
            merged.clear();
            candidate.hops.collect_into(&spfs, &mut merged);
            hops.clear();
            hops.extend(merged.iter().filter_map(|(level, i)| {
                let list = if *level == Level::One as u8 { &l1 } else { &l2 };
                list[index]
                    .get(*i as usize)
                    .map(|a| (&a.interface, a.address))
            }));
            hops.sort();
            hops.dedup();
            hops.truncate(max_paths.max(1));
            let provenance = if candidate.more_provenance.is_empty() {
                candidate.provenance
            } else {
                let mut union: Vec<routeproof_parser::Span> = candidate.provenance.to_vec();
                for more in &candidate.more_provenance {
                    union.extend_from_slice(more);
                }
                union.sort();
                union.dedup();
                Provenance::from(union)
            };
            for (interface, address) in &hops {
                routes.push(Route {
                    prefix,
                    protocol: candidate.protocol,
                    admin: configured.unwrap_or_else(|| {
                        default_distance(Some(instance.vendor), candidate.protocol)
                    }),
                    metric: candidate.metric,
                    next_hop: NextHop::Address {
                        address: *address,
                        interface: Some(Arc::clone(interface)),
                    },
                    tag: candidate.tag,
                    provenance: provenance.clone(),
                });
            }
        }
        output
            .shared_tables
            .push((instance.node, instance.vrf.clone(), Arc::new(routes)));
    }
    memo.tables = output.shared_tables.clone();
    memo.advertisements = Some(advertised);
    output
}

/// ECMP limit when `maximum-paths` is not configured.
fn default_maximum_paths(vendor: Vendor) -> usize {
    match vendor {
        Vendor::AristaEos => 16,
        Vendor::Frr => 64,
        _ => 4,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    One = 1,
    Two = 2,
}

impl Instance<'_> {
    fn runs(&self, level: Level) -> bool {
        match level {
            Level::One => self.level1,
            Level::Two => self.level2,
        }
    }
}

/// Every IS-IS process of every device with the interfaces it runs on.
fn instances<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let mut out = Vec::new();
    for (i, device) in input.devices.iter().enumerate() {
        let Some(device) = device else { continue };
        let node = NodeId(i as u32);
        let routed = &input.topology.node(node).interfaces;
        for process in &device.isis {
            let (level1, level2) = levels(process.is_type.as_ref().map(|l| l.value));
            let areas: BTreeSet<String> = process
                .nets
                .iter()
                .filter_map(|n| area_of(&n.value))
                .collect();
            let vrf = process
                .vrf
                .clone()
                .unwrap_or_else(|| crate::topology::DEFAULT_VRF.to_owned());
            let mut interfaces = BTreeMap::new();
            for iface in device.interfaces.values() {
                let by_interface = iface
                    .isis
                    .process
                    .as_ref()
                    .is_some_and(|t| t.value == process.tag);
                let by_process = process.interfaces.iter().any(|p| p.name == iface.name);
                let Some(routed_iface) = routed.get(&iface.name) else {
                    continue;
                };
                if !(by_interface || by_process) || routed_iface.vrf != vrf {
                    continue;
                }
                let listed = |list: &[routeproof_parser::Spanned<String>]| {
                    list.iter().any(|p| p.value == iface.name)
                };
                let passive_default = process.passive_default.as_ref().is_some_and(|p| p.value);
                let passive = iface
                    .isis
                    .passive
                    .as_ref()
                    .map(|p| p.value)
                    .unwrap_or(false)
                    || listed(&process.passive_interfaces)
                    || passive_default && !listed(&process.non_passive_interfaces)
                    || process
                        .interfaces
                        .iter()
                        .any(|p| p.name == iface.name && p.passive)
                    || iface.kind == ir::InterfaceKind::Loopback;
                let (c1, c2) = levels(iface.isis.circuit_type.as_ref().map(|c| c.value));
                let from_process = process.interfaces.iter().find(|p| p.name == iface.name);
                let metric_l1 = iface
                    .isis
                    .metric_l1
                    .as_ref()
                    .map(|m| m.value)
                    .or_else(|| from_process.and_then(|p| p.metric_l1))
                    .unwrap_or(DEFAULT_METRIC);
                let metric_l2 = iface
                    .isis
                    .metric_l2
                    .as_ref()
                    .map(|m| m.value)
                    .or_else(|| from_process.and_then(|p| p.metric_l2))
                    .unwrap_or(DEFAULT_METRIC);
                let span = iface.isis.process.as_ref().map_or(iface.span, |p| p.span);
                interfaces.insert(
                    iface.name.clone(),
                    InstanceInterface {
                        passive,
                        metric_l1,
                        metric_l2,
                        level1: c1 && level1,
                        level2: c2 && level2,
                        span,
                    },
                );
            }
            out.push(Instance {
                node,
                vrf,
                process,
                vendor: device.vendor,
                level1,
                level2,
                areas,
                interfaces,
            });
        }
    }
    out
}

fn levels(level: Option<IsisLevel>) -> (bool, bool) {
    match level {
        Some(IsisLevel::Level1) => (true, false),
        Some(IsisLevel::Level2) => (false, true),
        Some(IsisLevel::Level1And2) | None => (true, true),
    }
}

/// The area address of a NET: everything before the system id (6 bytes) and the selector.
fn area_of(net: &str) -> Option<String> {
    let hex: String = net.chars().filter(|c| *c != '.').collect();
    if hex.len() < 16 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(hex[..hex.len() - 14].to_ascii_lowercase())
}

/// Directed adjacencies at `level`, indexed by instance.
fn adjacencies(input: &Input<'_>, instances: &[Instance<'_>], level: Level) -> Vec<Vec<Adjacency>> {
    let mut by_node: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
    for (i, inst) in instances.iter().enumerate() {
        by_node.entry(inst.node).or_default().push(i);
    }
    let mut out: Vec<Vec<Adjacency>> = vec![Vec::new(); instances.len()];
    for edge in &input.topology.edges {
        let (a, b) = (&edge.a, &edge.b);
        let ends = |e: &crate::topology::Endpoint| -> Vec<usize> {
            by_node
                .get(&e.node)
                .map(|list| {
                    list.iter()
                        .copied()
                        .filter(|i| instances[*i].interfaces.contains_key(&e.interface))
                        .collect()
                })
                .unwrap_or_default()
        };
        for ia in ends(a) {
            for ib in ends(b) {
                let (x, y) = (&instances[ia], &instances[ib]);
                let (xi, yi) = (&x.interfaces[&a.interface], &y.interfaces[&b.interface]);
                if xi.passive || yi.passive || x.vrf != y.vrf {
                    continue;
                }
                let ok = match level {
                    Level::One => xi.level1 && yi.level1 && !x.areas.is_disjoint(&y.areas),
                    Level::Two => xi.level2 && yi.level2,
                };
                if !ok {
                    continue;
                }
                let (cost_x, cost_y) = match level {
                    Level::One => (xi.metric_l1, yi.metric_l1),
                    Level::Two => (xi.metric_l2, yi.metric_l2),
                };
                out[ia].push(Adjacency {
                    to: ib,
                    interface: a.interface.as_str().into(),
                    address: b.address.addr(),
                    cost: cost_x,
                });
                out[ib].push(Adjacency {
                    to: ia,
                    interface: b.interface.as_str().into(),
                    address: a.address.addr(),
                    cost: cost_y,
                });
            }
        }
    }
    for list in &mut out {
        list.sort_by(|p, q| (p.to, &p.interface, p.address).cmp(&(q.to, &q.interface, q.address)));
    }
    out
}

/// Shortest paths from one source: the distance to every instance (`u32::MAX` when
/// unreachable) and the first hops of every shortest path, as indexes into the source's
/// adjacency list.
struct Spf {
    dist: Vec<u32>,
    hops: Vec<Vec<u32>>,
}

/// Dijkstra over the instances with ECMP first-hop sets. Vectors indexed by instance keep it
/// fast: it runs once per router and level, a thousand times on a thousand-router network.
fn shortest_paths(source: usize, adjacency: &[Vec<Adjacency>], instances: &[Instance<'_>]) -> Spf {
    let n = instances.len();
    let mut dist = vec![u32::MAX; n];
    let mut hops: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    dist[source] = 0;
    heap.push(Reverse((0u32, source)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if done[u] {
            continue;
        }
        done[u] = true;
        // An overloaded router is not a transit hop.
        let overloaded = instances[u]
            .process
            .overload
            .as_ref()
            .is_some_and(|o| o.value);
        if u != source && overloaded {
            continue;
        }
        for (a, adj) in adjacency[u].iter().enumerate() {
            let v = adj.to;
            let nd = d.saturating_add(adj.cost);
            // The first hops towards `v` through `u` are those towards `u` (the adjacency itself
            // out of the source); copied only when they improve or join `v`'s.
            let improves = nd < dist[v];
            if !improves && (nd != dist[v] || done[v]) {
                continue;
            }
            let mut via = if u == source {
                vec![a as u32]
            } else {
                hops[u].clone()
            };
            if improves {
                dist[v] = nd;
                hops[v] = via;
                heap.push(Reverse((nd, v)));
            } else {
                hops[v].append(&mut via);
                hops[v].sort_unstable();
                hops[v].dedup();
            }
        }
    }
    Spf { dist, hops }
}

/// What each instance advertises at level 1 and at level 2.
type Advertisements = BTreeMap<usize, Vec<Advertisement>>;

fn advertisements(
    input: &Input<'_>,
    instances: &[Instance<'_>],
    l1: &[Vec<Adjacency>],
) -> (Advertisements, Advertisements) {
    let mut adv1: Advertisements = BTreeMap::new();
    let mut adv2: Advertisements = BTreeMap::new();
    for (index, inst) in instances.iter().enumerate() {
        let node = input.topology.node(inst.node);
        for (name, iface) in &inst.interfaces {
            let Some(routed) = node.interfaces.get(name) else {
                continue;
            };
            for address in routed.addresses.iter().filter(|a| a.addr().is_ipv4()) {
                let ad = |metric| Advertisement {
                    prefix: address.trunc(),
                    metric,
                    external: false,
                    tag: None,
                    provenance: Provenance::from([iface.span]),
                };
                if iface.level1 {
                    adv1.entry(index).or_default().push(ad(iface.metric_l1));
                }
                if iface.level2 {
                    adv2.entry(index).or_default().push(ad(iface.metric_l2));
                }
            }
        }
        for (redistribution, route) in redistributed(input, inst) {
            let level = redistribution.isis_level.unwrap_or(IsisLevel::Level2);
            let (to1, to2) = levels(Some(level));
            if to1 && inst.level1 {
                adv1.entry(index).or_default().push(route.clone());
            }
            if to2 && inst.level2 {
                adv2.entry(index).or_default().push(route);
            }
        }
    }
    // Level-1-2 routers leak the level-1 prefixes they reach into level 2.
    for (index, inst) in instances.iter().enumerate() {
        if !(inst.level1 && inst.level2) {
            continue;
        }
        let spf = shortest_paths(index, l1, instances);
        let mut leaked = Vec::new();
        for (other, ads) in &adv1 {
            let distance = spf.dist[*other];
            if distance == u32::MAX {
                continue;
            }
            for ad in ads {
                let mut ad = ad.clone();
                ad.metric = ad.metric.saturating_add(distance);
                leaked.push(ad);
            }
        }
        adv2.entry(index).or_default().extend(leaked);
    }
    (adv1, adv2)
}

/// Routes an instance redistributes, with the statement that brings each in.
fn redistributed<'p>(
    input: &Input<'_>,
    inst: &Instance<'p>,
) -> Vec<(&'p Redistribution, Advertisement)> {
    let mut out = Vec::new();
    let Some(rib) = input.rib(inst.node, &inst.vrf) else {
        return out;
    };
    let Some(device) = input.devices[inst.node.index()] else {
        return out;
    };
    let bgp_internal = super::ospf::vendor::redistributes_ibgp(device);
    for redistribution in &inst.process.redistribute {
        for route in rib.routes() {
            let from = match &redistribution.source {
                RouteSource::Connected => route.protocol == Protocol::Connected,
                RouteSource::Static => route.protocol == Protocol::Static,
                RouteSource::Bgp(_) => {
                    route.protocol == Protocol::Bgp
                        || bgp_internal && route.protocol == Protocol::Ibgp
                }
                RouteSource::Ospf(_) => route.protocol.is_ospf(),
                RouteSource::Eigrp(asn) => {
                    route.protocol.is_eigrp() && super::eigrp::runs_as(device, &inst.vrf, *asn)
                }
                _ => false,
            };
            if !from || route.prefix.addr().is_ipv6() {
                continue;
            }
            let mut attributes = RouteAttributes::new(route.prefix);
            attributes.protocol = Some(route.protocol);
            attributes.metric = route.metric;
            attributes.tag = route.tag.unwrap_or(0);
            attributes.interface = route.next_hop.interface().map(str::to_owned);
            let mut trace = Trace::default();
            let name = redistribution
                .route_policy
                .as_ref()
                .map(|p| p.value.as_str());
            let PolicyOutcome::Permit(after) =
                policy::evaluate(device, name, attributes, &mut trace)
            else {
                continue;
            };
            // A metric set by the route-map wins over the statement's, which wins over 0.
            let metric = if after.metric != route.metric {
                after.metric
            } else {
                redistribution.metric.unwrap_or(0)
            };
            let mut provenance = vec![redistribution.span];
            provenance.extend(route.provenance.iter().copied());
            provenance.extend(trace.spans);
            provenance.sort();
            provenance.dedup();
            out.push((
                redistribution,
                Advertisement {
                    prefix: route.prefix,
                    metric,
                    external: true,
                    tag: redistribution.tag.or((after.tag != 0).then_some(after.tag)),
                    provenance: Provenance::from(provenance),
                },
            ));
        }
    }
    // One advertisement per prefix and statement, even with ECMP routes.
    out.sort_by_key(|a| (a.1.prefix, a.1.metric));
    out.dedup_by(|a, b| a.1.prefix == b.1.prefix && std::ptr::eq(a.0, b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::control_plane::simulate;
    use crate::table::rows;
    use crate::testing::network;

    fn isis_rows(configs: &[&str]) -> Vec<String> {
        let cp = simulate(&network(configs));
        rows(&cp)
            .into_iter()
            .filter(|r| r.protocol.starts_with("isis"))
            .map(|r| {
                format!(
                    "{} {} {} via {} {} [{}/{}]",
                    r.node,
                    r.prefix,
                    r.protocol,
                    r.next_hop_ip,
                    r.next_hop_interface,
                    r.admin,
                    r.metric
                )
            })
            .collect()
    }

    const R1: &str = "hostname r1\ninterface Loopback0\n ip address 1.1.1.1 255.255.255.255\n ip router isis CORE\ninterface Gi0/0\n ip address 10.0.12.1 255.255.255.0\n ip router isis CORE\nrouter isis CORE\n net 49.0001.0000.0000.0001.00\n is-type level-2-only\n metric-style wide\n";
    const R2: &str = "hostname r2\ninterface Gi0/0\n ip address 10.0.12.2 255.255.255.0\n ip router isis CORE\ninterface Gi0/1\n ip address 10.0.23.2 255.255.255.0\n ip router isis CORE\n isis metric 50\nrouter isis CORE\n net 49.0001.0000.0000.0002.00\n is-type level-2-only\n metric-style wide\n";
    const R3: &str = "hostname r3\ninterface Loopback0\n ip address 3.3.3.3 255.255.255.255\n ip router isis CORE\ninterface Gi0/1\n ip address 10.0.23.3 255.255.255.0\n ip router isis CORE\nip route 192.0.2.0 255.255.255.0 Null0\nrouter isis CORE\n net 49.0001.0000.0000.0003.00\n is-type level-2-only\n redistribute static ip metric 5 level-2\n";

    #[test]
    fn level2_routes_add_link_and_prefix_metrics() {
        let got = isis_rows(&[R1, R2, R3]);
        // r1 reaches r3's loopback over r2: 10 (r1 Gi0/0) + 50 (r2 Gi0/1) + 10 (r3 loopback).
        assert!(
            got.contains(
                &"r1 3.3.3.3/32 isisL2 via 10.0.12.2 GigabitEthernet0/0 [115/70]".to_owned()
            ),
            "{got:#?}"
        );
        // The redistributed static arrives with its metric 5 on top of the path cost.
        assert!(
            got.contains(
                &"r1 192.0.2.0/24 isisL2 via 10.0.12.2 GigabitEthernet0/0 [115/65]".to_owned()
            ),
            "{got:#?}"
        );
        // r2's links are connected there, so no IS-IS route for them.
        assert!(
            !got.iter().any(|r| r.starts_with("r2 10.0.12.0/24")),
            "{got:#?}"
        );
    }

    /// Input: a Junos router (`set` form; both levels, `family iso` on its link, lo0 passive)
    /// next to an IOS router of the same area. Expected: Junos installs the IOS loopback as a
    /// level-1 route at Junos' level-1 preference 15; IOS reaches the Junos loopback at the
    /// link's metric alone, since Junos advertises lo0 at metric 0.
    #[test]
    fn junos_preferences_and_loopback_metric() {
        let junos = "set system host-name j1\n\
            set interfaces ge-0/0/0 unit 0 family inet address 10.0.12.1/24\n\
            set interfaces ge-0/0/0 unit 0 family iso\n\
            set interfaces lo0 unit 0 family inet address 1.1.1.1/32\n\
            set interfaces lo0 unit 0 family iso address 49.0001.0000.0000.0001.00\n\
            set protocols isis interface ge-0/0/0.0\n\
            set protocols isis interface lo0.0\n";
        let ios = "hostname r2\ninterface Loopback0\n ip address 2.2.2.2 255.255.255.255\n ip router isis\ninterface Gi0/0\n ip address 10.0.12.2 255.255.255.0\n ip router isis\nrouter isis\n net 49.0001.0000.0000.0002.00\n metric-style wide\n";
        let got = isis_rows(&[junos, ios]);
        assert!(
            got.contains(&"j1 2.2.2.2/32 isisL1 via 10.0.12.2 ge-0/0/0.0 [15/20]".to_owned()),
            "{got:#?}"
        );
        assert!(
            got.contains(
                &"r2 1.1.1.1/32 isisL1 via 10.0.12.1 GigabitEthernet0/0 [115/10]".to_owned()
            ),
            "{got:#?}"
        );
    }

    #[test]
    fn overloaded_routers_carry_no_transit() {
        let r2 = R2.replace(
            "metric-style wide\n",
            "metric-style wide\n set-overload-bit\n",
        );
        let got = isis_rows(&[R1, &r2, R3]);
        assert!(
            !got.iter().any(|r| r.starts_with("r1 3.3.3.3/32")),
            "{got:#?}"
        );
        // r2's own prefixes stay reachable.
        assert!(
            got.iter().any(|r| r.starts_with("r1 10.0.23.0/24")),
            "{got:#?}"
        );
    }

    #[test]
    fn passive_interfaces_advertise_without_adjacency() {
        let r1 = R1.replace(
            " ip address 10.0.12.1 255.255.255.0\n ip router isis CORE\n",
            " ip address 10.0.12.1 255.255.255.0\n ip router isis CORE\n isis passive\n",
        );
        let got = isis_rows(&[&r1, R2, R3]);
        assert!(!got.iter().any(|r| r.starts_with("r1 ")), "{got:#?}");
        assert!(
            !got.iter().any(|r| r.starts_with("r3 1.1.1.1/32")),
            "{got:#?}"
        );
    }

    #[test]
    fn level1_routers_default_to_the_attached_router_and_leak_upwards() {
        let r1 = R1.replace("is-type level-2-only", "is-type level-1");
        let r2 = R2.replace("is-type level-2-only", "is-type level-1-2");
        let r3 = R3.replace("49.0001.0000.0000.0003.00", "49.0002.0000.0000.0003.00");
        let got = isis_rows(&[&r1, &r2, &r3]);
        assert!(
            got.contains(
                &"r1 0.0.0.0/0 isisL1 via 10.0.12.2 GigabitEthernet0/0 [115/10]".to_owned()
            ),
            "{got:#?}"
        );
        assert!(
            !got.iter().any(|r| r.starts_with("r1 3.3.3.3/32")),
            "{got:#?}"
        );
        // r1's loopback reaches area 2 through r2's level-1-2 leaking: 50 + 10 + 10.
        assert!(
            got.contains(
                &"r3 1.1.1.1/32 isisL2 via 10.0.23.2 GigabitEthernet0/1 [115/30]".to_owned()
            ),
            "{got:#?}"
        );
    }

    #[test]
    fn area_addresses_come_from_nets() {
        assert_eq!(
            area_of("49.0001.0000.0000.0001.00").as_deref(),
            Some("490001")
        );
        assert_eq!(
            area_of("49.0002.1921.6800.1001.00").as_deref(),
            Some("490002")
        );
        assert_eq!(area_of("garbage"), None);
    }
}
