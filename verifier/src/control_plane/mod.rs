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
//! - `ospf`, `isis`, `bgp`: the protocols (each `compute(&Input) -> Vec<(NodeId, vrf, Route)>`).

pub mod admin;
pub mod bgp;
pub mod connected;
pub mod isis;
pub mod ospf;
pub mod static_route;

use std::collections::BTreeMap;

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
    /// many routes per table (BGP with large tables).
    pub tables: Vec<(NodeId, String, Vec<Route>)>,
    /// BGP's sessions and tables (only the BGP module sets it).
    pub bgp: Option<bgp::BgpOutput>,
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
    let mut history: Vec<Ribs> = Vec::new();
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
        let (next, bgp) = iterate(&input, extra);
        bgp_state = bgp;
        if next == ribs {
            break;
        }
        if iterations >= MAX_ITERATIONS || history.contains(&next) {
            issues.push(SimulationIssue::NonConvergence {
                iterations,
                oscillating: differences(&topology, &ribs, &next),
            });
            ribs = next;
            break;
        }
        history.push(std::mem::replace(&mut ribs, next));
    }
    ControlPlane {
        topology,
        ribs,
        issues,
        iterations,
        bgp: bgp_state,
    }
}

/// One outer iteration: every protocol from the previous tables, then the new tables (and
/// BGP's sessions and tables of this iteration).
fn iterate(input: &Input<'_>, extra: &dyn Fn(&Input<'_>) -> Output) -> (Ribs, bgp::BgpOutput) {
    let mut candidates: BTreeMap<(NodeId, String), Vec<Route>> = BTreeMap::new();
    for (i, node) in input.topology.nodes.iter().enumerate() {
        let id = NodeId(i as u32);
        // Every node has a default VRF table, even when empty.
        candidates.entry((id, DEFAULT_VRF.to_owned())).or_default();
        for (vrf, route) in connected::routes(node, input.devices[i]) {
            candidates.entry((id, vrf)).or_default().push(route);
        }
        match input.devices[i] {
            Some(device) => {
                for vrf in device.vrfs.keys() {
                    candidates.entry((id, vrf.clone())).or_default();
                }
                let statics = static_route::routes(device, node, |vrf| input.rib(id, vrf));
                for (vrf, route) in statics {
                    candidates.entry((id, vrf)).or_default().push(route);
                }
            }
            None => {
                if let Some(gateway) = input.network.hosts.get(&node.name).and_then(|h| h.gateway) {
                    let route = static_route::host_default(gateway);
                    candidates
                        .entry((id, DEFAULT_VRF.to_owned()))
                        .or_default()
                        .push(route);
                }
            }
        }
    }
    let mut bgp_state = bgp::BgpOutput::default();
    for output in [
        ospf::compute(input),
        isis::compute(input),
        bgp::compute(input),
        extra(input),
    ] {
        for (node, vrf, route) in output.routes {
            candidates.entry((node, vrf)).or_default().push(route);
        }
        for (node, vrf, routes) in output.tables {
            candidates.entry((node, vrf)).or_default().extend(routes);
        }
        if let Some(bgp) = output.bgp {
            bgp_state = bgp;
        }
    }
    let ribs = candidates
        .into_iter()
        .map(|(key, routes)| (key, Rib::from_candidates(routes)))
        .collect();
    (ribs, bgp_state)
}

/// Entries that differ between two states, for the non-convergence report.
fn differences(topology: &Topology, a: &Ribs, b: &Ribs) -> Vec<(String, String, IpNet)> {
    let mut out = Vec::new();
    let keys: std::collections::BTreeSet<_> = a.keys().chain(b.keys()).collect();
    let empty = Rib::new();
    for key in keys {
        let (ra, rb) = (a.get(key).unwrap_or(&empty), b.get(key).unwrap_or(&empty));
        let prefixes: std::collections::BTreeSet<&IpNet> = ra
            .iter()
            .map(|(p, _)| p)
            .chain(rb.iter().map(|(p, _)| p))
            .collect();
        for p in prefixes {
            if ra.get(p) != rb.get(p) {
                out.push((topology.node(key.0).name.clone(), key.1.clone(), *p));
            }
        }
    }
    out
}
