//! EIGRP (IPv4, classic metrics) per process and VRF, on IOS, IOS-XE and NX-OS.
//!
//! The steady state of DUAL is the distance-vector fixpoint: each router uses the neighbours
//! whose reported path gives it the least composite metric. It is computed here by synchronous
//! rounds from the advertisements (connected networks of enabled interfaces, internal;
//! redistributed routes, external) until no router's choice changes; the outer fixpoint of
//! [`super::simulate`] supplies the redistribution sources from the previous main tables.
//!
//! - An interface runs in the process when its primary address matches a `network` statement
//!   (IOS; without a wildcard, the classful network) or it says `ip router eigrp TAG` (NX-OS).
//!   Every IPv4 subnet of an enabled interface that a statement covers (all of them on NX-OS)
//!   is advertised as internal.
//! - Neighbours: both ends of a layer-3 link enabled in processes of the same AS and VRF, on
//!   their primary addresses, neither passive (`passive-interface`, `passive-interface
//!   default` with its exceptions, NX-OS `ip passive-interface eigrp`). K values must be the
//!   defaults (K1 = K3 = 1): other weights are recorded as unsupported by the parser.
//! - The vector metric of a path is its least bandwidth and its total delay, each link adding
//!   the receiving interface's `bandwidth` (or speed, or the vendor default by name) and
//!   `delay` (or the default by interface type: 10 µs for gigabit and faster Ethernet, VLAN and
//!   port-channel interfaces, 100 µs FastEthernet, 1 ms Ethernet, 5 ms loopbacks, 20 ms serial,
//!   50 ms IOS tunnels). The composite metric with the default K values is
//!   `256 × (10⁷ / bandwidth + delay)` on IOS, where the division truncates before the
//!   scaling, and `256 × 10⁷ / bandwidth + 256 × delay` on NX-OS (labs `iosxe_redistribution`:
//!   `2870272` for 900 kbit/s; `nxos_redistribution`: `2870300`).
//! - Internal routes beat external ones whatever the metric; then the least composite metric;
//!   equal-metric neighbours are all used, up to `maximum-paths` (default 4 on IOS, 8 on
//!   NX-OS), the lowest next-hop addresses first. A router ignores advertisements of a prefix
//!   it originates itself (split horizon and the originating router id do that on devices).
//! - Redistribution (`redistribute connected|static|ospf|isis|bgp`) takes the main table's
//!   routes of the source through the route-map. The seed metric is the route-map's `set
//!   metric B D R L M`, else the statement's `metric`, else `default-metric`, else on NX-OS the
//!   documented default (100000 kbit/s, 100 tens of µs); IOS redistributes connected routes and
//!   static routes out of an interface with that interface's metric and, without a metric,
//!   nothing else. Connected subnets already internal to the process are not redistributed.
//!   `redistribute bgp` takes iBGP routes where the vendor does (NX-OS; see
//!   [`super::ospf`]'s rule); `redistribute ospf` takes every OSPF route unless `match` says
//!   which.
//! - Distances: `distance` (internal, external), else 90 and 170.
//!
//! Not modelled (recorded as unsupported by the parser, so verdicts touching them are
//! inconclusive): named mode and wide metrics, stub routers, summaries and auto-summary,
//! distribute- and offset-lists, variance, non-default K values, static neighbours,
//! authentication, per-source distances, two processes in one VRF, EIGRP for IPv6.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use ipnet::{IpNet, Ipv4Net};
use routeproof_parser::Span;
use routeproof_parser::ir::routing::{EigrpMetric, EigrpProcess, Redistribution, RouteSource};
use routeproof_parser::ir::{self, InterfaceKind, Vendor};

use super::ospf::interface::{bandwidth_kbps, wildcard_match};
use super::ospf::vendor::{default_bandwidth_kbps, redistributes_ibgp};
use super::{Input, Output};
use crate::policy::{self, Trace};
use crate::rib::{NextHop, Protocol, Provenance, Route};
use crate::topology::{DEFAULT_VRF, NodeId};

/// The seed metric NX-OS gives redistributed routes without one (`default-metric`'s default).
const NXOS_DEFAULT_SEED: EigrpMetric = EigrpMetric {
    bandwidth_kbps: 100_000,
    delay_tens_us: 100,
    reliability: 255,
    load: 1,
    mtu: 1492,
};

/// A path's vector metric: least bandwidth (kbit/s) and total delay (tens of µs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Vector {
    bandwidth_kbps: u64,
    delay_tens_us: u64,
}

impl Vector {
    /// The vector after one more link out of `iface` (seen from the receiving router).
    fn through(self, iface: &EigrpInterface) -> Vector {
        Vector {
            bandwidth_kbps: self.bandwidth_kbps.min(iface.bandwidth_kbps),
            delay_tens_us: self.delay_tens_us.saturating_add(iface.delay_tens_us),
        }
    }

    /// The composite metric with the default K values, as `vendor` computes it.
    fn composite(self, vendor: Vendor) -> u32 {
        let bandwidth = self.bandwidth_kbps.max(1);
        let value = match vendor {
            Vendor::CiscoNxos => {
                256 * 10_000_000 / bandwidth + 256u64.saturating_mul(self.delay_tens_us)
            }
            _ => 256u64.saturating_mul((10_000_000 / bandwidth).saturating_add(self.delay_tens_us)),
        };
        value.min(u64::from(u32::MAX)) as u32
    }
}

/// One enabled interface.
#[derive(Clone, Debug)]
struct EigrpInterface {
    name: Arc<str>,
    primary: Ipv4Net,
    /// Subnets advertised as internal.
    subnets: Vec<Ipv4Net>,
    passive: bool,
    bandwidth_kbps: u64,
    delay_tens_us: u64,
    provenance: Vec<Span>,
}

/// One EIGRP process on one node.
struct Router<'a> {
    node: NodeId,
    device: &'a ir::Device,
    process: &'a EigrpProcess,
    asn: u32,
    vrf: String,
    interfaces: Vec<EigrpInterface>,
}

/// What a router advertises or has chosen for a prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// External (redistributed somewhere).
    external: bool,
    vector: Vector,
    /// Composite metric at this router (0 for what it originates).
    metric: u32,
    tag: Option<u32>,
    /// (local interface index, neighbour address) of each successor; empty when originated.
    successors: Vec<(usize, Ipv4Addr)>,
    provenance: Vec<Span>,
}

/// A neighbour relation seen from one side: through our interface `iface` to router `peer` at
/// `address`.
#[derive(Clone, Copy, Debug)]
struct Adjacency {
    iface: usize,
    peer: usize,
    address: Ipv4Addr,
}

/// Candidate main-table routes of every EIGRP process.
pub fn compute(input: &Input<'_>) -> Output {
    let routers = routers(input);
    if routers.is_empty() {
        return Output::default();
    }
    let adjacencies = adjacencies(input, &routers);
    let origins: Vec<BTreeMap<Ipv4Net, Entry>> =
        routers.iter().map(|r| originated(input, r)).collect();
    let tables = converge(&routers, &adjacencies, &origins);
    let mut output = Output::default();
    for (r, router) in routers.iter().enumerate() {
        let (internal, external) = router
            .process
            .distance
            .as_ref()
            .map_or((90, 170), |d| d.value);
        let mut routes = Vec::new();
        for (prefix, entry) in &tables[r] {
            if entry.successors.is_empty() {
                continue;
            }
            let provenance = Provenance::from(entry.provenance.clone());
            for &(iface, address) in &entry.successors {
                routes.push(Route {
                    prefix: IpNet::V4(*prefix),
                    protocol: if entry.external {
                        Protocol::EigrpEx
                    } else {
                        Protocol::Eigrp
                    },
                    admin: if entry.external { external } else { internal },
                    metric: entry.metric,
                    next_hop: NextHop::Address {
                        address: IpAddr::V4(address),
                        interface: Some(router.interfaces[iface].name.clone()),
                    },
                    tag: entry.tag,
                    provenance: provenance.clone(),
                });
            }
        }
        output
            .tables
            .push((router.node, router.vrf.clone(), routes));
    }
    output
}

/// Whether `redistribute eigrp AS` on `device` in `vrf` (the table's name, `default` for the
/// default VRF) takes the main table's EIGRP routes: the VRF's EIGRP process runs that AS.
pub(crate) fn runs_as(device: &ir::Device, vrf: &str, asn: u32) -> bool {
    device
        .eigrp
        .iter()
        .find(|p| p.vrf.as_deref().unwrap_or(DEFAULT_VRF) == vrf)
        .and_then(|p| p.asn.as_ref())
        .is_some_and(|a| a.value == asn)
}

/// Every EIGRP process that runs: IOS, IOS-XE or NX-OS, with an AS, not shut down, the first
/// of its VRF (a second one is recorded as unsupported).
fn routers<'a>(input: &Input<'a>) -> Vec<Router<'a>> {
    let mut out = Vec::new();
    for (i, node) in input.topology.nodes.iter().enumerate() {
        let Some(device) = input.devices[i] else {
            continue;
        };
        if !matches!(
            device.vendor,
            Vendor::CiscoIos | Vendor::CiscoIosXe | Vendor::CiscoNxos
        ) {
            continue;
        }
        let mut seen_vrfs: BTreeSet<Option<&str>> = BTreeSet::new();
        for process in &device.eigrp {
            if !seen_vrfs.insert(process.vrf.as_deref()) {
                continue;
            }
            let Some(asn) = process.asn.as_ref().map(|a| a.value) else {
                continue;
            };
            if process.shutdown.as_ref().is_some_and(|s| s.value) {
                continue;
            }
            let vrf = process
                .vrf
                .clone()
                .unwrap_or_else(|| DEFAULT_VRF.to_owned());
            let interfaces = enabled_interfaces(node, device, process, &vrf);
            out.push(Router {
                node: NodeId(i as u32),
                device,
                process,
                asn,
                vrf,
                interfaces,
            });
        }
    }
    out
}

/// The interfaces of `node` that run in `process`, sorted by name.
fn enabled_interfaces(
    node: &crate::topology::Node,
    device: &ir::Device,
    process: &EigrpProcess,
    vrf: &str,
) -> Vec<EigrpInterface> {
    let nxos = device.vendor == Vendor::CiscoNxos;
    let mut out = Vec::new();
    for l3 in node.interfaces.values() {
        if l3.vrf != vrf {
            continue;
        }
        let Some(iface) = device.interface(&l3.name) else {
            continue;
        };
        let Some(IpNet::V4(primary)) = iface.primary_address(true).map(|a| a.address) else {
            continue;
        };
        let covering = |address: Ipv4Addr| {
            process
                .networks
                .iter()
                .find(|n| wildcard_match(n.address, n.wildcard, address))
        };
        let (enabled_by, all_subnets) = if nxos {
            match &iface.eigrp.process {
                Some(p) if p.value == process.tag => (p.span, true),
                _ => continue,
            }
        } else {
            match covering(primary.addr()) {
                Some(n) => (n.span, false),
                None => continue,
            }
        };
        let subnets: Vec<Ipv4Net> = iface
            .addresses
            .iter()
            .filter_map(|a| match a.address {
                IpNet::V4(net) if all_subnets || covering(net.addr()).is_some() => {
                    Some(net.trunc())
                }
                _ => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        out.push(EigrpInterface {
            name: iface.name.as_str().into(),
            primary,
            subnets,
            passive: passive(process, iface),
            bandwidth_kbps: bandwidth_kbps(device, iface).max(1),
            delay_tens_us: delay_tens_us(device.vendor, iface),
            provenance: vec![enabled_by],
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Whether an interface is passive in `process`.
fn passive(process: &EigrpProcess, iface: &ir::Interface) -> bool {
    if let Some(p) = &iface.eigrp.passive {
        return p.value;
    }
    let named = |list: &[routeproof_parser::Spanned<String>]| {
        list.iter()
            .any(|n| n.value.eq_ignore_ascii_case(&iface.name))
    };
    if named(&process.passive_interfaces) {
        return true;
    }
    process.passive_default.as_ref().is_some_and(|d| d.value)
        && !named(&process.non_passive_interfaces)
}

/// The delay of an interface in tens of microseconds: `delay`, else the default for its type.
fn delay_tens_us(vendor: Vendor, iface: &ir::Interface) -> u64 {
    if let Some(d) = &iface.delay_tens_us {
        return u64::from(d.value);
    }
    let lower = iface.name.to_ascii_lowercase();
    match iface.kind {
        InterfaceKind::Loopback => return 500,
        InterfaceKind::Tunnel if vendor != Vendor::CiscoNxos => return 5_000,
        InterfaceKind::Vlan | InterfaceKind::Aggregate => return 1,
        _ => {}
    }
    if lower.starts_with("serial") {
        return 2_000;
    }
    // Ethernet types by their default bandwidth (a configured `bandwidth` leaves the delay).
    match default_bandwidth_kbps(vendor, &iface.name, iface.kind) {
        Some(b) if b < 100_000 => 100,
        Some(b) if b < 1_000_000 => 10,
        _ => 1,
    }
}

/// Routers that are neighbours, from each side.
fn adjacencies(input: &Input<'_>, routers: &[Router<'_>]) -> Vec<Vec<Adjacency>> {
    let mut port_of: BTreeMap<(NodeId, &str), (usize, usize)> = BTreeMap::new();
    for (r, router) in routers.iter().enumerate() {
        for (i, iface) in router.interfaces.iter().enumerate() {
            port_of.insert((router.node, &*iface.name), (r, i));
        }
    }
    let mut out: Vec<Vec<Adjacency>> = vec![Vec::new(); routers.len()];
    for edge in &input.topology.edges {
        let (Some(&(ra, ia)), Some(&(rb, ib))) = (
            port_of.get(&(edge.a.node, edge.a.interface.as_str())),
            port_of.get(&(edge.b.node, edge.b.interface.as_str())),
        ) else {
            continue;
        };
        let (a, b) = (&routers[ra], &routers[rb]);
        let (x, y) = (&a.interfaces[ia], &b.interfaces[ib]);
        let on_primaries = edge.a.address.addr() == IpAddr::V4(x.primary.addr())
            && edge.b.address.addr() == IpAddr::V4(y.primary.addr())
            && x.primary.trunc() == y.primary.trunc();
        if ra == rb || a.asn != b.asn || a.vrf != b.vrf || x.passive || y.passive || !on_primaries {
            continue;
        }
        out[ra].push(Adjacency {
            iface: ia,
            peer: rb,
            address: y.primary.addr(),
        });
        out[rb].push(Adjacency {
            iface: ib,
            peer: ra,
            address: x.primary.addr(),
        });
    }
    for list in &mut out {
        list.sort_by_key(|a| (a.iface, a.address, a.peer));
        list.dedup_by_key(|a| (a.iface, a.address, a.peer));
    }
    out
}

/// What a router originates: its enabled subnets (internal) and what it redistributes.
fn originated(input: &Input<'_>, router: &Router<'_>) -> BTreeMap<Ipv4Net, Entry> {
    let mut out: BTreeMap<Ipv4Net, Entry> = BTreeMap::new();
    for iface in &router.interfaces {
        let vector = Vector {
            bandwidth_kbps: iface.bandwidth_kbps,
            delay_tens_us: iface.delay_tens_us,
        };
        for subnet in &iface.subnets {
            let entry = Entry {
                external: false,
                vector,
                metric: 0,
                tag: None,
                successors: Vec::new(),
                provenance: iface.provenance.clone(),
            };
            let better = out.get(subnet).is_none_or(|old| {
                vector.composite(router.device.vendor) < old.vector.composite(router.device.vendor)
            });
            if better {
                out.insert(*subnet, entry);
            }
        }
    }
    let Some(rib) = input.rib(router.node, &router.vrf) else {
        return out;
    };
    for statement in &router.process.redistribute {
        for route in rib.routes() {
            let IpNet::V4(prefix) = route.prefix else {
                continue;
            };
            if out.contains_key(&prefix) || !takes(statement, route, router.device) {
                continue;
            }
            let mut trace = Trace::default();
            let Some(after) = policy::redistribute(router.device, statement, route, &mut trace)
            else {
                continue;
            };
            let Some(vector) = seed(router, statement, route, after.eigrp_metric) else {
                continue;
            };
            let tag = if after.tag != route.tag.unwrap_or(0) {
                Some(after.tag)
            } else {
                statement.tag.or(route.tag)
            };
            let mut provenance = vec![statement.span];
            provenance.extend(trace.spans);
            provenance.extend(route.provenance.iter().copied());
            out.entry(prefix).or_insert(Entry {
                external: true,
                vector,
                metric: 0,
                tag,
                successors: Vec::new(),
                provenance,
            });
        }
    }
    out
}

/// Whether a main-table route comes from what `statement` redistributes.
fn takes(statement: &Redistribution, route: &Route, device: &ir::Device) -> bool {
    let p = route.protocol;
    match &statement.source {
        RouteSource::Connected => p == Protocol::Connected,
        RouteSource::Static => p == Protocol::Static,
        RouteSource::Bgp(_) => {
            p == Protocol::Bgp
                || p == Protocol::Aggregate
                || p == Protocol::Ibgp && redistributes_ibgp(device)
        }
        RouteSource::Isis(_) => p.is_isis(),
        RouteSource::Ospf(_) => {
            if !p.is_ospf() {
                return false;
            }
            let words = statement.match_route_types.join(" ").to_ascii_lowercase();
            if words.is_empty() {
                return true;
            }
            match p {
                Protocol::Ospf | Protocol::OspfInterArea => words.contains("internal"),
                Protocol::OspfE1 | Protocol::OspfE2 => words.contains("external"),
                _ => words.contains("nssa-external"),
            }
        }
        _ => false,
    }
}

/// The vector metric a redistributed route starts with; `None` when the device does not
/// redistribute it for lack of a metric.
fn seed(
    router: &Router<'_>,
    statement: &Redistribution,
    route: &Route,
    from_policy: Option<EigrpMetric>,
) -> Option<Vector> {
    let configured = from_policy.or(statement.eigrp_metric).or(router
        .process
        .default_metric
        .as_ref()
        .map(|m| m.value));
    let metric = match configured {
        Some(m) => m,
        None if router.device.vendor == Vendor::CiscoNxos => NXOS_DEFAULT_SEED,
        None => {
            // IOS: connected routes and static routes out of an interface take the
            // interface's metric; anything else needs one.
            let NextHop::Interface(name) = &route.next_hop else {
                return None;
            };
            if !matches!(route.protocol, Protocol::Connected | Protocol::Static) {
                return None;
            }
            let iface = router.device.interface(name)?;
            return Some(Vector {
                bandwidth_kbps: bandwidth_kbps(router.device, iface).max(1),
                delay_tens_us: delay_tens_us(router.device.vendor, iface),
            });
        }
    };
    Some(Vector {
        bandwidth_kbps: u64::from(metric.bandwidth_kbps.max(1)),
        delay_tens_us: u64::from(metric.delay_tens_us),
    })
}

/// A neighbour's route as one router would use it.
struct Offer<'e> {
    external: bool,
    /// Composite metric at the receiving router.
    metric: u32,
    /// The neighbour's address.
    address: Ipv4Addr,
    /// The receiving interface (index).
    iface: usize,
    /// The neighbour's entry.
    entry: &'e Entry,
}

/// Synchronous distance-vector rounds until no router's table changes.
fn converge(
    routers: &[Router<'_>],
    adjacencies: &[Vec<Adjacency>],
    origins: &[BTreeMap<Ipv4Net, Entry>],
) -> Vec<BTreeMap<Ipv4Net, Entry>> {
    let mut tables: Vec<BTreeMap<Ipv4Net, Entry>> = origins.to_vec();
    // A path never needs more rounds than routers; the bound only guards against a metric
    // cycle, which the composite metric (never smaller after a link) rules out.
    for _ in 0..=routers.len() + 1 {
        let mut next = Vec::with_capacity(routers.len());
        for (r, router) in routers.iter().enumerate() {
            let vendor = router.device.vendor;
            let mut table = origins[r].clone();
            let max_paths = router
                .process
                .maximum_paths
                .as_ref()
                .map_or(if vendor == Vendor::CiscoNxos { 8 } else { 4 }, |m| {
                    m.value as usize
                });
            let mut offers: BTreeMap<Ipv4Net, Vec<Offer<'_>>> = BTreeMap::new();
            for adjacency in &adjacencies[r] {
                let iface = &router.interfaces[adjacency.iface];
                for (prefix, entry) in &tables[adjacency.peer] {
                    if origins[r].contains_key(prefix) {
                        continue;
                    }
                    // Split horizon: the neighbour does not advertise a route back out of the
                    // interface it uses to reach it.
                    if entry
                        .successors
                        .iter()
                        .any(|&(_, a)| a == iface.primary.addr())
                    {
                        continue;
                    }
                    offers.entry(*prefix).or_default().push(Offer {
                        external: entry.external,
                        metric: entry.vector.through(iface).composite(vendor),
                        address: adjacency.address,
                        iface: adjacency.iface,
                        entry,
                    });
                }
            }
            for (prefix, mut list) in offers {
                list.sort_by_key(|o| (o.external, o.metric, o.address, o.iface));
                let (external, metric) = (list[0].external, list[0].metric);
                let best: Vec<&Offer<'_>> = list
                    .iter()
                    .filter(|o| o.external == external && o.metric == metric)
                    .take(max_paths.max(1))
                    .collect();
                let (first, via) = (best[0].entry, &router.interfaces[best[0].iface]);
                let mut provenance = first.provenance.clone();
                provenance.extend(via.provenance.iter().copied());
                table.insert(
                    prefix,
                    Entry {
                        external,
                        vector: first.vector.through(via),
                        metric,
                        tag: first.tag,
                        successors: best.iter().map(|o| (o.iface, o.address)).collect(),
                        provenance,
                    },
                );
            }
            next.push(table);
        }
        if next == tables {
            break;
        }
        tables = next;
    }
    tables
}

#[cfg(test)]
mod tests;
