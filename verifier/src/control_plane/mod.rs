//! The control plane: a deterministic fixpoint over every protocol, producing each device's
//! main routing table per VRF.
//!
//! Each outer iteration recomputes every protocol from the previous iteration's main tables
//! (redistribution sources, next-hop resolution and BGP session reachability all read them),
//! then rebuilds the main tables by administrative distance. The loop stops when the tables do
//! not change. A state seen before (other than the last one) means the network oscillates: the
//! prefixes that differ are reported, and the loop stops at a bound instead of running forever.
//!
//! - [`admin`]: vendors' administrative distances.
//! - [`connected`], [`static_route`]: the non-dynamic routes.
//! - `ospf`, `isis`, [`eigrp`], `bgp`: the protocols (each `compute(&Input) -> Vec<(NodeId, vrf, Route)>`).

pub mod admin;
pub mod bgp;
pub mod connected;
pub mod eigrp;
pub mod isis;
pub mod ospf;
pub mod static_route;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::{self, Network};
use serde::Serialize;

use crate::rib::{Rib, Route};
use crate::topology::{DEFAULT_VRF, NodeId, Topology};

/// Main tables of every node and VRF.
pub type Ribs = BTreeMap<(NodeId, String), Rib>;

/// What the protocols read in one iteration.
pub struct Input<'a> {
    /// The network.
    pub network: &'a Network,
    /// Its topology.
    pub topology: &'a Topology,
    /// The device behind each node (`None` for hosts), indexed by [`NodeId`].
    pub devices: &'a [Option<&'a ir::Device>],
    /// The previous iteration's main tables.
    pub ribs: &'a Ribs,
}

impl<'a> Input<'a> {
    /// The main table of `node` in `vrf`, if it has one.
    pub fn rib(&self, node: NodeId, vrf: &str) -> Option<&'a Rib> {
        self.ribs.get(&(node, vrf.to_owned()))
    }
}

/// What a protocol module produces in one iteration.
#[derive(Clone, Debug, Default)]
pub struct Output {
    /// Candidate routes for the main tables, as (node, vrf, route).
    pub routes: Vec<(NodeId, String, Route)>,
    /// More candidate routes, grouped by table: cheaper than `routes` for protocols that produce
    /// many routes per table (IS-IS, BGP with large tables).
    pub tables: Vec<(NodeId, String, Vec<Route>)>,
    /// Like `tables`, but shared with a protocol's memo of the previous iteration (IS-IS keeps
    /// its routes while its advertisements stay the same): copied into the main tables, never
    /// copied whole to be handed over.
    pub shared_tables: Vec<(NodeId, String, Arc<Vec<Route>>)>,
    /// Candidate routes given once per class of prefixes (BGP's classes).
    pub class_routes: ClassRoutes,
    /// BGP's sessions and tables (only the BGP module sets it).
    pub bgp: Option<bgp::BgpOutput>,
}

/// Candidate routes given once per class of prefixes that a protocol treats alike (BGP
/// simulates one representative per class): a route of a representative is the same route to
/// every member. The main tables expand them one table at a time, so the expanded routes never
/// exist for every table at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClassRoutes {
    /// Members of each class by representative; a prefix that is not a key stands for itself.
    pub members: BTreeMap<IpNet, Arc<[IpNet]>>,
    /// Routes per table, to representatives.
    pub tables: Vec<(NodeId, String, Vec<Route>)>,
}

impl ClassRoutes {
    /// The members `prefix` stands for.
    fn members_of<'p>(&'p self, prefix: &'p IpNet) -> &'p [IpNet] {
        self.members
            .get(prefix)
            .map_or(std::slice::from_ref(prefix), |m| m)
    }

    /// Number of routes `routes` stand for.
    fn expanded_len(&self, routes: &[Route]) -> usize {
        routes
            .iter()
            .map(|r| self.members_of(&r.prefix).len())
            .sum()
    }

    /// Appends the routes that `routes` stand for to `out`.
    fn expand_into(&self, routes: &[Route], out: &mut Vec<Route>) {
        for route in routes {
            let members = self.members_of(&route.prefix);
            for member in members {
                out.push(Route {
                    prefix: *member,
                    ..route.clone()
                });
            }
        }
    }
}

/// Something the simulation could not settle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum SimulationIssue {
    /// The main tables never stopped changing; these prefixes kept flipping.
    NonConvergence {
        /// Iterations run.
        iterations: usize,
        /// (node, vrf, prefix) entries that differed between the last two states.
        oscillating: Vec<(String, String, IpNet)>,
    },
}

/// The computed control plane of a snapshot.
pub struct ControlPlane {
    /// The topology it ran on.
    pub topology: Topology,
    /// Main tables per node and VRF.
    pub ribs: Ribs,
    /// Problems found while simulating.
    pub issues: Vec<SimulationIssue>,
    /// Outer iterations until the fixpoint.
    pub iterations: usize,
    /// BGP sessions and tables as of the last iteration.
    pub bgp: bgp::BgpOutput,
}

/// Outer iterations before the network is declared non-convergent. Real networks settle in a
/// handful (Batfish's example network takes 5).
const MAX_ITERATIONS: usize = 64;

/// The iteration from which states are fingerprinted to recognise a repeat (an oscillation).
/// Networks that converge do so before it and never pay for digesting their tables; one that
/// oscillates is recognised a period later than it would be from the start.
const WATCH_FROM: usize = 6;

/// Simulates `network`.
pub fn simulate(network: &Network) -> ControlPlane {
    simulate_with(network, &|_| Output::default())
}

/// Simulates `network` with an extra source of candidate routes, run every iteration next to
/// the protocols (tests use it to feed known IGP tables to BGP; external route feeds can use it
/// too).
pub fn simulate_with(network: &Network, extra: &dyn Fn(&Input<'_>) -> Output) -> ControlPlane {
    let topology = Topology::build(network);
    let devices: Vec<Option<&ir::Device>> = topology
        .nodes
        .iter()
        .map(|n| network.devices.get(&n.name))
        .collect();
    let mut ribs: Ribs = BTreeMap::new();
    // Earlier states are remembered by fingerprint, not kept: tables of large networks hold
    // millions of routes. The fingerprint of a state combines those of its tables, and a
    // table's fingerprint is only recomputed when the table changed.
    let mut table_fingerprints: BTreeMap<(NodeId, String), u64> = BTreeMap::new();
    let mut history: Vec<u64> = Vec::new();
    let mut isis_memo = isis::Memo::default();
    // What the protocols handed over in the previous iteration (see `same_candidates`).
    let mut handed_before: Option<Vec<Output>> = None;
    let mut issues = Vec::new();
    let mut iterations = 0;
    let mut bgp_state;
    loop {
        iterations += 1;
        let input = Input {
            network,
            topology: &topology,
            devices: &devices,
            ribs: &ribs,
        };
        let (candidates, bgp) = candidates(&input, extra, &mut isis_memo);
        bgp_state = bgp;
        if handed_before
            .as_deref()
            .is_some_and(|before| same_candidates(before, &candidates))
        {
            break;
        }
        let previous = (iterations > WATCH_FROM).then(|| fingerprint(&table_fingerprints));
        let (next, replaced) = build_tables(&candidates, std::mem::take(&mut ribs));
        handed_before = Some(candidates);
        if replaced.is_empty() {
            ribs = next;
            break;
        }
        if iterations == WATCH_FROM {
            table_fingerprints = next
                .iter()
                .map(|(key, rib)| (key.clone(), fingerprint(rib)))
                .collect();
        } else if iterations > WATCH_FROM {
            for key in replaced.keys() {
                match next.get(key) {
                    Some(rib) => table_fingerprints.insert(key.clone(), fingerprint(rib)),
                    None => table_fingerprints.remove(key),
                };
            }
        }
        let repeated =
            iterations >= WATCH_FROM && history.contains(&fingerprint(&table_fingerprints));
        if iterations >= MAX_ITERATIONS || repeated {
            issues.push(SimulationIssue::NonConvergence {
                iterations,
                oscillating: differences(&topology, &replaced, &next),
            });
            ribs = next;
            break;
        }
        history.extend(previous);
        ribs = next;
    }
    ControlPlane {
        topology,
        ribs,
        issues,
        iterations,
        bgp: bgp_state,
    }
}

/// Whether two iterations handed over the same candidate routes. The tables are a function of
/// the candidates alone, so when an iteration hands over exactly what the previous one did, it
/// would build exactly the tables that the previous one built: the simulation has converged,
/// and the last build (at 1,000 routers it expands and sorts 13 M routes) is skipped. Cheap to
/// keep and compare: BGP hands over one route per class of prefixes, and IS-IS shares its
/// tables with its memo (equal `Arc`s compare by pointer first).
fn same_candidates(before: &[Output], now: &[Output]) -> bool {
    // Every field by name, so that a field added to `Output` must be considered here. BGP's
    // session state (`bgp`) is not a candidate: `candidates` takes it out of the outputs.
    let same = |b: &Output, n: &Output| {
        let Output {
            routes,
            tables,
            shared_tables,
            class_routes,
            bgp: _,
        } = b;
        *routes == n.routes
            && *tables == n.tables
            && *shared_tables == n.shared_tables
            && *class_routes == n.class_routes
    };
    before.len() == now.len() && before.iter().zip(now).all(|(b, n)| same(b, n))
}

/// A deterministic 64-bit digest. FxHash, not SipHash: it digests every route of every table
/// each iteration, and only compares states of one run with each other.
fn fingerprint(value: &impl Hash) -> u64 {
    let mut hasher = bgp::path::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The candidate routes of one table, as the protocols handed them over (borrowed: the
/// outputs are kept to compare with the next iteration's, see `same_candidates`).
#[derive(Default)]
struct Candidates<'o> {
    routes: Vec<&'o Route>,
    tables: Vec<&'o [Route]>,
    by_class: Vec<(&'o ClassRoutes, &'o [Route])>,
}

impl Candidates<'_> {
    /// Every candidate in one vector (sized once).
    fn to_routes(&self) -> Vec<Route> {
        let len = self.routes.len()
            + self.tables.iter().map(|t| t.len()).sum::<usize>()
            + self
                .by_class
                .iter()
                .map(|(classes, routes)| classes.expanded_len(routes))
                .sum::<usize>();
        let mut all = Vec::with_capacity(len);
        all.extend(self.routes.iter().map(|r| (*r).clone()));
        for routes in &self.tables {
            all.extend_from_slice(routes);
        }
        for (classes, routes) in &self.by_class {
            classes.expand_into(routes, &mut all);
        }
        all
    }
}

/// One outer iteration: every protocol from the previous tables, giving the candidates of the
/// new tables (and BGP's sessions and tables of this iteration).
fn candidates(
    input: &Input<'_>,
    extra: &dyn Fn(&Input<'_>) -> Output,
    isis_memo: &mut isis::Memo,
) -> (Vec<Output>, bgp::BgpOutput) {
    let mut own = Output::default();
    for (i, node) in input.topology.nodes.iter().enumerate() {
        let id = NodeId(i as u32);
        // Every node has a default VRF table, even when empty.
        own.tables.push((id, DEFAULT_VRF.to_owned(), Vec::new()));
        for (vrf, route) in connected::routes(node, input.devices[i]) {
            own.routes.push((id, vrf, route));
        }
        match input.devices[i] {
            Some(device) => {
                for vrf in device.vrfs.keys() {
                    own.tables.push((id, vrf.clone(), Vec::new()));
                }
                let statics = static_route::routes(device, node, |vrf| input.rib(id, vrf));
                for (vrf, route) in statics {
                    own.routes.push((id, vrf, route));
                }
            }
            None => {
                if let Some(gateway) = input.network.hosts.get(&node.name).and_then(|h| h.gateway) {
                    let route = static_route::host_default(gateway);
                    own.routes.push((id, DEFAULT_VRF.to_owned(), route));
                }
            }
        }
    }
    let mut outputs = vec![
        own,
        ospf::compute(input),
        isis::compute_with(input, isis_memo),
        eigrp::compute(input),
        bgp::compute(input),
        extra(input),
    ];
    let mut bgp_state = bgp::BgpOutput::default();
    for output in &mut outputs {
        if let Some(bgp) = output.bgp.take() {
            bgp_state = bgp;
        }
    }
    (outputs, bgp_state)
}

/// Tables replaced by an iteration: the previous table of every key whose table changed (an
/// empty table for keys that are new), to report what did not converge.
type Replaced = Ribs;

/// Builds the new tables from the protocols' outputs, one table at a time, comparing each with
/// the previous one (which is dropped as soon as it is known to be unchanged).
fn build_tables(outputs: &[Output], mut previous: Ribs) -> (Ribs, Replaced) {
    let mut tables: BTreeMap<(NodeId, &str), Candidates<'_>> = BTreeMap::new();
    for output in outputs {
        for (node, vrf, route) in &output.routes {
            tables.entry((*node, vrf)).or_default().routes.push(route);
        }
        let whole = output.tables.iter().map(|(n, v, r)| (n, v, r.as_slice()));
        let shared = output
            .shared_tables
            .iter()
            .map(|(n, v, r)| (n, v, r.as_slice()));
        for (node, vrf, routes) in whole.chain(shared) {
            tables.entry((*node, vrf)).or_default().tables.push(routes);
        }
        for (node, vrf, routes) in &output.class_routes.tables {
            tables
                .entry((*node, vrf))
                .or_default()
                .by_class
                .push((&output.class_routes, routes));
        }
    }
    let mut next = Ribs::new();
    let mut replaced = Replaced::new();
    for ((node, vrf), candidates) in tables {
        let key = (node, vrf.to_owned());
        let rib = Rib::from_candidates(candidates.to_routes());
        match previous.remove(&key) {
            Some(old) if old == rib => {}
            old => {
                replaced.insert(key.clone(), old.unwrap_or_default());
            }
        }
        next.insert(key, rib);
    }
    // Tables that are gone.
    replaced.extend(previous);
    (next, replaced)
}

/// Entries that differ between the tables an iteration replaced and the new ones, for the
/// non-convergence report.
fn differences(
    topology: &Topology,
    replaced: &Replaced,
    next: &Ribs,
) -> Vec<(String, String, IpNet)> {
    let mut out = Vec::new();
    let empty = Rib::new();
    for (key, before) in replaced {
        let after = next.get(key).unwrap_or(&empty);
        let prefixes: std::collections::BTreeSet<&IpNet> = before
            .iter()
            .map(|(p, _)| p)
            .chain(after.iter().map(|(p, _)| p))
            .collect();
        for p in prefixes {
            if before.get(p) != after.get(p) {
                out.push((topology.node(key.0).name.clone(), key.1.clone(), *p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rib::{NextHop, Protocol, Provenance};
    use crate::testing::network;

    const R1: &str =
        "hostname r1\ninterface Gi0/0\n ip address 10.0.12.1 255.255.255.0\n no shutdown\n";

    fn flapping() -> Route {
        Route {
            prefix: "10.9.0.0/16".parse().unwrap(),
            protocol: Protocol::Static,
            admin: 1,
            metric: 0,
            next_hop: NextHop::Discard,
            tag: None,
            provenance: Provenance::empty(),
        }
    }

    #[test]
    fn a_state_seen_before_is_reported_as_non_convergence() {
        // A feed that withdraws its route whenever it is installed: the tables alternate.
        let extra = |input: &Input<'_>| {
            let r1 = input.topology.node_id("r1").unwrap();
            let installed = input
                .rib(r1, DEFAULT_VRF)
                .is_some_and(|rib| !rib.get(&flapping().prefix).is_empty());
            Output {
                routes: if installed {
                    Vec::new()
                } else {
                    vec![(r1, DEFAULT_VRF.to_owned(), flapping())]
                },
                ..Default::default()
            }
        };
        let cp = simulate_with(&network(&[R1]), &extra);
        // Watched from iteration WATCH_FROM, the state after it recurs two iterations later.
        assert_eq!(cp.iterations, WATCH_FROM + 2);
        assert_eq!(
            cp.issues,
            vec![SimulationIssue::NonConvergence {
                iterations: WATCH_FROM + 2,
                oscillating: vec![("r1".to_owned(), DEFAULT_VRF.to_owned(), flapping().prefix)],
            }]
        );
    }

    #[test]
    fn a_stable_network_converges_without_issues() {
        let cp = simulate(&network(&[R1]));
        assert!(cp.issues.is_empty());
        assert_eq!(cp.iterations, 2);
        let r1 = cp.topology.node_id("r1").unwrap();
        let rib = &cp.ribs[&(r1, DEFAULT_VRF.to_owned())];
        assert_eq!(
            rib.get(&"10.0.12.0/24".parse().unwrap())[0].protocol,
            Protocol::Connected
        );
    }
}
