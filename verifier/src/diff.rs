//! The differential property: every address reachable before the change is reachable after it,
//! from every source.
//!
//! For snapshot S, source s (node and VRF) and destination address a, `O_S(s, a)` is the set of
//! outcomes over every ECMP branch. A violation is a pair where every outcome before is a
//! success and some outcome after is not. The reverse (every outcome before fails, some after
//! succeeds) is reported too, as newly exposed traffic.
//!
//! The address space is cut into atoms by every prefix of both snapshots ([`atoms`]), so one
//! representative per atom covers all addresses. Atoms where no device forwards differently,
//! no address changed owner, and no ACL or link changed are skipped: their outcomes cannot
//! differ. The others are analysed in full for every source at once ([`outcomes`]). Where ACLs
//! look at more than the destination, the header space is split into cells that every ACL line
//! treats alike ([`symbolic`]), and one concrete packet per cell is analysed.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::policy::AddressMatch;
use routeproof_parser::ir::{self, Network};

use crate::blame::ChangedLines;
use crate::control_plane::ControlPlane;
use crate::dataplane::{DataPlane, FibEntry};
use crate::reach::classes::{Atom, atoms};
use crate::reach::cone;
use crate::reach::forward::{Disposition, Forwarding, Packet, State};
use crate::reach::outcomes::{OutcomeSet, outcomes};
use crate::reach::symbolic;
use crate::reach::trace;
use crate::report::{Evidence, Finding, HopSummary, PathSummary, Reachability, Severity, Side};
use crate::rib::NextHop;
use crate::topology::NodeId;

/// One snapshot with its simulation.
pub struct Model<'a> {
    /// The network.
    pub network: &'a Network,
    /// Its control plane.
    pub control_plane: ControlPlane,
    /// Its data plane.
    pub dataplane: DataPlane,
}

impl<'a> Model<'a> {
    /// Simulates `network`.
    pub fn build(network: &'a Network) -> Model<'a> {
        let control_plane = crate::control_plane::simulate(network);
        let dataplane = DataPlane::build(&control_plane);
        Model {
            network,
            control_plane,
            dataplane,
        }
    }

    pub(crate) fn forwarding(&self) -> Forwarding<'_> {
        Forwarding {
            network: self.network,
            topology: &self.control_plane.topology,
            dataplane: &self.dataplane,
            ribs: &self.control_plane.ribs,
        }
    }

    fn cone_side(&self) -> cone::Side<'_> {
        cone::Side {
            topology: &self.control_plane.topology,
            dataplane: &self.dataplane,
        }
    }

    pub(crate) fn state(&self, name: &str, vrf: &str) -> Option<State> {
        let node = self.control_plane.topology.node_id(name)?;
        Some(State {
            node,
            vrf: vrf.to_owned(),
        })
    }

    pub(crate) fn name(&self, node: NodeId) -> &str {
        &self.control_plane.topology.node(node).name
    }
}

/// Loops and transit drops new in AFTER: (how, where) → (sources, atoms and packets).
pub type NewDrops = BTreeMap<(Disposition, String), (BTreeSet<Source>, Vec<(Atom, Packet)>)>;

/// What the differential analysis found.
#[derive(Default)]
pub struct Differences {
    /// Error findings (lost reachability) and warnings (newly exposed traffic).
    pub findings: Vec<Finding>,
    /// Destination classes.
    pub classes: usize,
    /// Classes analysed in full.
    pub analysed: usize,
    /// Sources compared.
    pub sources: usize,
    /// (source, prefixes) pairs whose outcome depends on an unmodelled ACL line.
    pub uncertain: Vec<(String, IpNet)>,
    /// Destination classes whose header space was too fragmented to enumerate.
    pub header_gaps: Vec<IpNet>,
    /// Loops and transit drops new in AFTER: (how, where) → (sources, atoms and packets).
    pub new_drops: NewDrops,
    /// Device-level sources (a node and VRF) that exist only before the change: a device or
    /// VRF removed or renamed. Their traffic cannot be compared, so they are not proven.
    pub vanished: Vec<Source>,
}

/// A violation (or exposure) of one source for one atom and packet.
struct Hit {
    atom: Atom,
    packet: Packet,
    source: Source,
    before: Arc<OutcomeSet>,
    after: Arc<OutcomeSet>,
}

/// Where packets start: at a node (originated there, in a VRF), or entering one of its
/// external-facing interfaces from outside (the interface's ingress ACL applies first).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// Node name.
    pub node: String,
    /// VRF.
    pub vrf: String,
    /// The interface the packet enters on, for external sources.
    pub ingress: Option<String>,
}

impl Source {
    /// `node`, `node vrf V`, or `node[interface]`.
    pub fn name(&self) -> String {
        match (&self.ingress, self.vrf == crate::topology::DEFAULT_VRF) {
            (Some(i), _) => format!("{}[{i}]", self.node),
            (None, true) => self.node.clone(),
            (None, false) => format!("{} vrf {}", self.node, self.vrf),
        }
    }
}

/// Sources of one snapshot: every (node, VRF) with a table, and every routed interface that
/// faces outside the snapshot (no modelled neighbour, not a loopback).
pub(crate) fn sources_of(m: &Model<'_>) -> BTreeSet<Source> {
    let mut out: BTreeSet<Source> = m
        .dataplane
        .fibs()
        .map(|(n, v, _)| Source {
            node: m.name(n).to_owned(),
            vrf: v.to_owned(),
            ingress: None,
        })
        .collect();
    let topology = &m.control_plane.topology;
    for (i, node) in topology.nodes.iter().enumerate() {
        if node.vendor.is_none() {
            continue;
        }
        for iface in node.interfaces.values() {
            let id = NodeId(i as u32);
            let external = iface.kind != ir::InterfaceKind::Loopback
                && iface.kind != ir::InterfaceKind::Management
                && topology.neighbors_of(id, &iface.name).is_empty();
            if external {
                out.insert(Source {
                    node: node.name.clone(),
                    vrf: iface.vrf.clone(),
                    ingress: Some(iface.name.clone()),
                });
            }
        }
    }
    out
}

/// The forwarding state of each source in one model (`None` where the model lacks it).
pub(crate) fn source_states(m: &Model<'_>, sources: &[Source]) -> Vec<Option<State>> {
    sources.iter().map(|s| m.state(&s.node, &s.vrf)).collect()
}

/// Outcome sets of `packet` for each of `sources` (whose states are `states`, from
/// [`source_states`]) in one model.
pub(crate) fn source_outcomes(
    m: &Model<'_>,
    packet: &Packet,
    sources: &[Source],
    states: &[Option<State>],
) -> Vec<Option<Arc<OutcomeSet>>> {
    let starts: Vec<State> = states.iter().flatten().cloned().collect();
    let forwarding = m.forwarding();
    let sets = outcomes(&forwarding, packet, &starts);
    sources
        .iter()
        .zip(states)
        .map(|(s, state)| {
            let state = state.as_ref()?;
            let Some(ingress) = &s.ingress else {
                return sets.get(state).cloned();
            };
            if let Some(device) = m.network.devices.get(&s.node)
                && let Some(acl) = device
                    .interfaces
                    .get(ingress)
                    .and_then(|i| i.acl_in.as_ref())
            {
                let verdict = crate::reach::forward::acl_verdict(device, &acl.value, packet);
                if verdict.action == ir::Action::Deny {
                    let mut set = OutcomeSet {
                        uncertain: verdict.uncertain,
                        ..OutcomeSet::default()
                    };
                    set.terminals.insert(crate::reach::forward::Terminal {
                        disposition: Disposition::AclDenied,
                        node: state.node,
                        interface: Some(ingress.clone()),
                        acl_line: verdict.line,
                        uncertain: verdict.uncertain,
                    });
                    return Some(Arc::new(set));
                }
                let set = sets.get(state).cloned()?;
                if verdict.uncertain && !set.uncertain {
                    let mut set = OutcomeSet::clone(&set);
                    set.uncertain = true;
                    return Some(Arc::new(set));
                }
                return Some(set);
            }
            sets.get(state).cloned()
        })
        .collect()
}

/// Runs the differential analysis.
pub fn differences(
    before: &Model<'_>,
    after: &Model<'_>,
    changed: &ChangedLines,
    keep: &dyn Fn(&Source) -> bool,
    exhaustive: bool,
    progress: Option<&crate::progress::Progress>,
) -> Differences {
    let mut result = Differences::default();
    let (in_before, in_after) = (sources_of(before), sources_of(after));
    let sources: Vec<Source> = in_before
        .intersection(&in_after)
        .filter(|s| keep(s))
        .cloned()
        .collect();
    // An external-facing interface that gains a neighbour stops being a source; that is a
    // topology change the analysis covers (its traffic now comes from a modelled device). A
    // whole device or VRF that disappears is not.
    result.vanished = in_before
        .difference(&in_after)
        .filter(|s| s.ingress.is_none() && keep(s))
        .cloned()
        .collect();
    result.sources = sources.len();

    // Every table lists its prefixes sorted, and most tables share most of them (every
    // router carries the same BGP prefixes): merging sorted lists keeps this linear.
    let mut prefixes: Vec<IpNet> = Vec::new();
    for m in [before, after] {
        for (_, _, fib) in m.dataplane.fibs() {
            prefixes = union_sorted(&prefixes, fib.prefixes());
        }
        for (_, address) in m.control_plane.topology.owners.keys() {
            prefixes.push(IpNet::from(*address));
        }
        prefixes.extend(acl_destination_prefixes(m.network));
    }
    let atoms = atoms(prefixes);
    result.classes = atoms.len();

    // With no source to send from there is nothing to decide: analysing classes would only
    // spend time (the header-space enumeration for ACLs is the expensive part).
    let everything = links(before) != links(after)
        || acl_bindings(before.network) != acl_bindings(after.network);
    let owner_changes = ownership_changes(before, after);
    let dirty = if sources.is_empty() {
        vec![false; atoms.len()]
    } else {
        dirty_atoms(before, after, &atoms, everything, &owner_changes)
    };
    if let Some(progress) = progress {
        progress.set_classes(atoms.len(), dirty.iter().filter(|d| **d).count());
    }
    let acl_lines = symbolic::interface_acl_lines(&[before.network, after.network]);
    let (states_before, states_after) = (
        source_states(before, &sources),
        source_states(after, &sources),
    );
    // With the same nodes on both sides, node ids mean the same device, so equal outcome sets
    // (the common case, even in a changed class) can neither lose, gain nor newly drop.
    let same_nodes = before
        .control_plane
        .topology
        .nodes
        .iter()
        .map(|n| &n.name)
        .eq(after.control_plane.topology.nodes.iter().map(|n| &n.name));
    let dirty_classes: Vec<Atom> = atoms
        .iter()
        .zip(&dirty)
        .filter(|(_, d)| **d)
        .map(|(a, _)| *a)
        .collect();
    let cones = if same_nodes && !exhaustive {
        // Same nodes on both sides: a name is one node id in either topology.
        let topology = &after.control_plane.topology;
        let owner_changes = owner_changes
            .into_iter()
            .map(|(address, names)| {
                let nodes = names.iter().filter_map(|n| topology.node_id(n)).collect();
                (address, nodes)
            })
            .collect();
        cone::Cones::new(
            before.cone_side(),
            after.cone_side(),
            &dirty_classes,
            owner_changes,
            !everything,
        )
    } else {
        None
    };
    let source_tables: Vec<Option<usize>> = states_before
        .iter()
        .map(|s| {
            let cones = cones.as_ref()?;
            s.as_ref().and_then(|s| cones.table(s.node, &s.vrf))
        })
        .collect();
    // The header cells of each class, in class order on this thread: z3's answers depend on
    // the queries its context saw before, so computing them in one fixed order keeps the
    // witness packets (and the output) the same whatever the number of threads.
    let mut cells = symbolic::CellCache::default();
    let class_packets: Vec<(Vec<Packet>, bool)> = dirty_classes
        .iter()
        .map(|atom| {
            if acl_lines.is_empty() {
                (vec![Packet::to(atom.representative())], true)
            } else {
                let found = cells.cells(&acl_lines, atom);
                (found.packets, found.complete)
            }
        })
        .collect();
    let context = ClassContext {
        before,
        after,
        sources: &sources,
        states: [&states_before, &states_after],
        source_tables: &source_tables,
        cones: cones.as_ref(),
        class_packets: &class_packets,
        same_nodes,
        progress,
    };
    // Classes are independent: workers take them in turn, and their findings are merged in
    // class order, so the result is the same whatever the number of threads.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 4)
        .min(dirty_classes.len().max(1));
    let work = || {
        let mut done: Vec<(usize, ClassFindings)> = Vec::new();
        let mut successors = cone::SuccessorCache::default();
        loop {
            let class = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(atom) = dirty_classes.get(class) else {
                return done;
            };
            let found = context.analyse(class, atom, &mut successors);
            done.push((class, found));
        }
    };
    let mut per_class: Vec<(usize, ClassFindings)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            all.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    per_class.sort_by_key(|(class, _)| *class);
    result.analysed = dirty_classes.len();
    let mut hits: Vec<(bool, Hit)> = Vec::new();
    for (_, found) in per_class {
        hits.extend(found.hits);
        result.uncertain.extend(found.uncertain);
        result.header_gaps.extend(found.header_gap);
        for (key, source, atom, packet) in found.drops {
            let entry = result.new_drops.entry(key).or_default();
            entry.0.insert(source);
            entry.1.push((atom, packet));
        }
    }
    result.findings = group(before, after, hits, changed);
    result
        .findings
        .extend(drop_findings(before, after, &result.new_drops, changed));
    result
}

/// What one destination class contributes to [`Differences`].
#[derive(Default)]
struct ClassFindings {
    hits: Vec<(bool, Hit)>,
    /// Loops and transit drops new in AFTER: (how, where), the source, the class and packet.
    drops: Vec<((Disposition, String), Source, Atom, Packet)>,
    uncertain: Vec<(String, IpNet)>,
    header_gap: Option<IpNet>,
}

/// Everything the analysis of one class reads (shared by the worker threads).
struct ClassContext<'c, 'm> {
    before: &'c Model<'m>,
    after: &'c Model<'m>,
    sources: &'c [Source],
    /// Each source's state before and after.
    states: [&'c [Option<State>]; 2],
    /// Each source's table in `cones`.
    source_tables: &'c [Option<usize>],
    cones: Option<&'c cone::Cones<'c>>,
    /// Each class's packets (one per header cell) and whether the cells are complete.
    class_packets: &'c [(Vec<Packet>, bool)],
    same_nodes: bool,
    progress: Option<&'c crate::progress::Progress>,
}

impl ClassContext<'_, '_> {
    /// Decides the property for class number `class` (`atom`), for every source its change
    /// can affect.
    fn analyse(
        &self,
        class: usize,
        atom: &Atom,
        successors: &mut cone::SuccessorCache,
    ) -> ClassFindings {
        let (before, after) = (self.before, self.after);
        let mut out = ClassFindings::default();
        if let Some(progress) = self.progress {
            progress.class_analysed();
        }
        let (packets, complete) = &self.class_packets[class];
        if !complete {
            out.header_gap = Some(atom.prefixes()[0]);
        }
        // Only sources in the class's cone can see a difference (see `reach::cone`).
        let chosen: Vec<usize> = match self.cones {
            Some(cones) => {
                let in_cone = cones.cone(successors, class, atom);
                (0..self.sources.len())
                    .filter(|k| self.source_tables[*k].is_none_or(|t| in_cone[t]))
                    .collect()
            }
            None => (0..self.sources.len()).collect(),
        };
        if chosen.is_empty() {
            return out;
        }
        let pick = |states: &[Option<State>]| -> Vec<Option<State>> {
            chosen.iter().map(|k| states[*k].clone()).collect()
        };
        let (chosen_before, chosen_after) = (pick(self.states[0]), pick(self.states[1]));
        let chosen_sources: Vec<Source> = chosen.iter().map(|k| self.sources[*k].clone()).collect();
        for packet in packets.iter().copied() {
            let ob = source_outcomes(before, &packet, &chosen_sources, &chosen_before);
            let oa = source_outcomes(after, &packet, &chosen_sources, &chosen_after);
            for (source, (b, a)) in chosen_sources.iter().zip(ob.iter().zip(&oa)) {
                let (Some(b), Some(a)) = (b, a) else { continue };
                if self.same_nodes && (Arc::ptr_eq(b, a) || b == a) {
                    continue;
                }
                if b.uncertain || a.uncertain {
                    if b.all_success() != a.all_success() {
                        out.uncertain.push((source.name(), atom.prefixes()[0]));
                    }
                    continue;
                }
                let hit = |lost| {
                    (
                        lost,
                        Hit {
                            atom: *atom,
                            packet,
                            source: source.clone(),
                            before: b.clone(),
                            after: a.clone(),
                        },
                    )
                };
                if b.all_success() && !a.all_success() {
                    out.hits.push(hit(true));
                } else if !b.any_success() && a.any_success() {
                    out.hits.push(hit(false));
                }
                // Loops and transit drops that are new in AFTER, whatever happened before.
                let drops = |set: &OutcomeSet, m: &Model<'_>| -> BTreeSet<(Disposition, String)> {
                    set.terminals
                        .iter()
                        .filter(|t| {
                            t.disposition == Disposition::Loop
                                || is_blackhole(t.disposition) && m.name(t.node) != source.node
                        })
                        .map(|t| (t.disposition, m.name(t.node).to_owned()))
                        .collect()
                };
                let (db, da) = (drops(b, before), drops(a, after));
                for (disposition, node) in da.difference(&db) {
                    out.drops
                        .push(((*disposition, node.clone()), source.clone(), *atom, packet));
                }
            }
        }
        out
    }
}

/// Findings for loops and blackholes new in AFTER (see [`crate::checks::forwarding_loop`] and
/// [`crate::checks::blackhole`]).
fn drop_findings(
    before: &Model<'_>,
    after: &Model<'_>,
    drops: &NewDrops,
    changed: &ChangedLines,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for ((disposition, node), (sources, atoms)) in drops {
        let Some(source) = sources.iter().next() else {
            continue;
        };
        let (atom, packet) = atoms[0];
        let Some((packet, sb, sa)) = witness(before, after, source, packet) else {
            continue;
        };
        let paths_b: Vec<PathSummary> = trace::paths(&before.forwarding(), &sb, &packet)
            .iter()
            .map(|p| summarize(before, p))
            .collect();
        let paths_a: Vec<PathSummary> = trace::paths(&after.forwarding(), &sa, &packet)
            .iter()
            .filter(|p| p.terminal.disposition == *disposition)
            .map(|p| summarize(after, p))
            .collect();
        let mut prefixes: Vec<IpNet> = atoms.iter().flat_map(|(a, _)| a.prefixes()).collect();
        prefixes.sort();
        prefixes.dedup();
        let prefixes = IpNet::aggregate(&prefixes);
        let shown: Vec<String> = prefixes.iter().take(3).map(ToString::to_string).collect();
        let more = if prefixes.len() > 3 {
            format!(" and {} more", prefixes.len() - 3)
        } else {
            String::new()
        };
        let (code, message, help) = if *disposition == Disposition::Loop {
            (
                crate::checks::forwarding_loop::CODE,
                format!(
                    "new forwarding loop through {node} for {}{more}",
                    shown.join(", ")
                ),
                "Packets to these destinations go round in circles until their TTL runs out; the blamed lines changed the routes on the loop.",
            )
        } else {
            (
                crate::checks::blackhole::CODE,
                format!(
                    "new blackhole at {node} for {}{more}: {}",
                    shown.join(", "),
                    disposition.name()
                ),
                "Traffic in transit is dropped at this device although the destination is routed elsewhere in the network.",
            )
        };
        let evidence = crate::blame::blame(&paths_b, &paths_a, changed);
        out.push(Finding {
            code: code.to_owned(),
            severity: if *disposition == Disposition::Loop {
                Severity::Error
            } else {
                Severity::Warning
            },
            message,
            device: Some(node.clone()),
            evidence,
            reachability: Some(Reachability {
                prefixes,
                address: atom.representative(),
                packet,
                sources: sources.iter().map(Source::name).collect(),
                before: paths_b,
                after: paths_a,
            }),
            help: Some(help.to_owned()),
            preexisting: false,
        });
    }
    out
}

/// Drops in transit that make a destination a blackhole (as opposed to a loop or an ACL).
fn is_blackhole(d: Disposition) -> bool {
    matches!(
        d,
        Disposition::NullRouted
            | Disposition::NoRoute
            | Disposition::Unresolved
            | Disposition::NeighborUnreachable
    )
}

/// The sorted union of a sorted, duplicate-free `known` and the sorted `more`.
fn union_sorted<'p>(known: &[IpNet], more: impl Iterator<Item = &'p IpNet>) -> Vec<IpNet> {
    let mut out = Vec::with_capacity(known.len());
    let mut known = known.iter().peekable();
    for p in more {
        while let Some(k) = known.next_if(|k| *k < p) {
            out.push(*k);
        }
        known.next_if(|k| *k == p);
        if out.last() != Some(p) {
            out.push(*p);
        }
    }
    out.extend(known);
    out
}

/// Atoms whose outcome can differ: a device forwards them differently, an address in them
/// changed owner (`owner_changes`, from [`ownership_changes`]), or something every atom depends
/// on (links, ACLs) changed (`everything`).
fn dirty_atoms(
    before: &Model<'_>,
    after: &Model<'_>,
    atoms: &[Atom],
    everything: bool,
    owner_changes: &[(IpAddr, BTreeSet<String>)],
) -> Vec<bool> {
    if everything {
        return vec![true; atoms.len()];
    }
    let mut dirty = vec![false; atoms.len()];
    let keys: BTreeSet<(&str, &str)> = before
        .dataplane
        .fibs()
        .map(|(n, v, _)| (before.name(n), v))
        .chain(after.dataplane.fibs().map(|(n, v, _)| (after.name(n), v)))
        .collect();
    for (name, vrf) in keys {
        let (fb, fa) = (fib_of(before, name, vrf), fib_of(after, name, vrf));
        let eb: Vec<Option<&FibEntry>> =
            fb.map_or_else(|| vec![None; atoms.len()], |f| f.entries_for_atoms(atoms));
        let ea: Vec<Option<&FibEntry>> =
            fa.map_or_else(|| vec![None; atoms.len()], |f| f.entries_for_atoms(atoms));
        for (i, (b, a)) in eb.iter().zip(&ea).enumerate() {
            if b.map(|e| &e.actions) != a.map(|e| &e.actions) {
                dirty[i] = true;
            }
        }
    }
    for (address, _) in owner_changes {
        for (i, atom) in atoms.iter().enumerate() {
            if atom.contains(*address) {
                dirty[i] = true;
            }
        }
    }
    dirty
}

/// Addresses whose owners (per VRF, by device name) differ between the snapshots, each with
/// every device that owns it on either side.
fn ownership_changes(before: &Model<'_>, after: &Model<'_>) -> Vec<(IpAddr, BTreeSet<String>)> {
    let owners = |m: &Model<'_>| -> BTreeMap<(String, IpAddr), BTreeSet<String>> {
        m.control_plane
            .topology
            .owners
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.iter().map(|(n, _)| m.name(*n).to_owned()).collect(),
                )
            })
            .collect()
    };
    let (ob, oa) = (owners(before), owners(after));
    let keys: BTreeSet<&(String, IpAddr)> = ob.keys().chain(oa.keys()).collect();
    keys.into_iter()
        .filter(|key| ob.get(*key) != oa.get(*key))
        .map(|key| {
            let names = ob.get(key).into_iter().chain(oa.get(key)).flatten();
            (key.1, names.cloned().collect())
        })
        .collect()
}

fn fib_of<'m>(m: &'m Model<'_>, name: &str, vrf: &str) -> Option<&'m crate::dataplane::Fib> {
    m.dataplane
        .fib(m.control_plane.topology.node_id(name)?, vrf)
}

/// Links by names, for comparing topologies.
fn links(m: &Model<'_>) -> BTreeSet<(String, String, String, String)> {
    m.control_plane
        .topology
        .edges
        .iter()
        .map(|e| {
            (
                m.name(e.a.node).to_owned(),
                e.a.interface.clone(),
                m.name(e.b.node).to_owned(),
                e.b.interface.clone(),
            )
        })
        .collect()
}

/// Every interface ACL binding with the ACL's lines (without spans), for comparison.
fn acl_bindings(network: &Network) -> Vec<String> {
    let mut out = Vec::new();
    for device in network.devices.values() {
        for iface in device.interfaces.values() {
            for (dir, acl) in [("in", &iface.acl_in), ("out", &iface.acl_out)] {
                let Some(name) = acl else { continue };
                let lines = device
                    .acls
                    .get(&name.value)
                    .or_else(|| device.acls_v6.get(&name.value))
                    .map(|a| {
                        a.lines
                            .iter()
                            .map(|l| {
                                let mut l = l.clone();
                                l.span = Default::default();
                                format!("{l:?}")
                            })
                            .collect::<Vec<_>>()
                    });
                out.push(format!(
                    "{} {} {dir} {} {lines:?}",
                    device.name, iface.name, name.value
                ));
            }
        }
    }
    out
}

/// Destination prefixes that ACLs bound to interfaces test (contiguous wildcards only; others
/// are handled symbolically).
pub(crate) fn acl_destination_prefixes(network: &Network) -> Vec<IpNet> {
    let mut out = Vec::new();
    for device in network.devices.values() {
        for acl in device.acls.values().chain(device.acls_v6.values()) {
            for line in &acl.lines {
                match line.dst {
                    AddressMatch::Prefix(p) => out.push(p),
                    AddressMatch::Wildcard(base, wildcard) => {
                        let care = !u32::from(wildcard);
                        if care.leading_ones() + care.trailing_zeros() == 32
                            && let Ok(net) = ipnet::Ipv4Net::new(base, care.leading_ones() as u8)
                        {
                            out.push(IpNet::V4(net.trunc()));
                        }
                    }
                    AddressMatch::Any => {}
                }
            }
        }
    }
    out
}

/// One atom and packet, whether reachability was lost (or gained), and where it ends after.
type AtomKey = (Atom, Packet, bool, BTreeSet<(Disposition, String)>);

/// Groups hits into findings: one per (kind, sources, what happens before, what happens after
/// and where), with the atoms' prefixes merged.
fn group(
    before: &Model<'_>,
    after: &Model<'_>,
    hits: Vec<(bool, Hit)>,
    changed: &ChangedLines,
) -> Vec<Finding> {
    // First: per (atom, packet), the set of sources with the same outcomes.
    // Before-dispositions are left out of the key on purpose: "accepted" and "delivered to the
    // subnet" before, both lost the same way after, are one cause.
    type Key = (bool, Vec<Source>, BTreeSet<(Disposition, String)>);
    let mut per_atom: BTreeMap<AtomKey, Vec<Source>> = BTreeMap::new();
    for (lost, hit) in hits {
        // The cause is where traffic fails: after the change for lost reachability, before it
        // for newly reachable traffic (where it used to be dropped).
        let after_where: BTreeSet<(Disposition, String)> = if lost {
            hit.after
                .terminals
                .iter()
                .filter(|t| !t.disposition.is_success())
                .map(|t| (t.disposition, after.name(t.node).to_owned()))
                .collect()
        } else {
            hit.before
                .terminals
                .iter()
                .filter(|t| !t.disposition.is_success())
                .map(|t| (t.disposition, before.name(t.node).to_owned()))
                .collect()
        };
        per_atom
            .entry((hit.atom, hit.packet, lost, after_where))
            .or_default()
            .push(hit.source);
    }
    let mut groups: BTreeMap<Key, Vec<(Atom, Packet)>> = BTreeMap::new();
    for ((atom, packet, lost, after_where), mut sources) in per_atom {
        sources.sort();
        groups
            .entry((lost, sources, after_where))
            .or_default()
            .push((atom, packet));
    }
    let mut findings = Vec::new();
    for ((lost, sources, after_where), atoms) in groups {
        let (atom, packet) = atoms[0];
        let source = &sources[0];
        let Some((packet, sb, sa)) = witness(before, after, source, packet) else {
            continue;
        };
        let paths_b = trace::paths(&before.forwarding(), &sb, &packet);
        let paths_a = trace::paths(&after.forwarding(), &sa, &packet);
        let mut prefixes: Vec<IpNet> = atoms.iter().flat_map(|(a, _)| a.prefixes()).collect();
        prefixes.sort();
        prefixes.dedup();
        let prefixes = IpNet::aggregate(&prefixes);
        let summary_b: Vec<PathSummary> = paths_b.iter().map(|p| summarize(before, p)).collect();
        let summary_a: Vec<PathSummary> = paths_a.iter().map(|p| summarize(after, p)).collect();
        let evidence = crate::blame::blame(&summary_b, &summary_a, changed);
        let shown: Vec<String> = prefixes.iter().take(3).map(ToString::to_string).collect();
        let more = if prefixes.len() > 3 {
            format!(" and {} more", prefixes.len() - 3)
        } else {
            String::new()
        };
        let what: Vec<String> = after_where
            .iter()
            .map(|(d, n)| format!("{} at {n}", d.name()))
            .collect();
        let source_list: Vec<String> = sources.iter().map(Source::name).collect();
        let (code, severity, message, help) = if lost {
            (
                "routeproof::reach::lost_reachability",
                Severity::Error,
                format!(
                    "{} {}{more} no longer reachable from {} source{}: {}",
                    if prefixes.len() == 1 {
                        "destination"
                    } else {
                        "destinations"
                    },
                    shown.join(", "),
                    source_list.len(),
                    if source_list.len() == 1 { "" } else { "s" },
                    what.join(", ")
                ),
                "Traffic that every path delivered before the change is dropped or loops after it. Compare the paths before and after; the blamed lines are the changed lines those paths depend on.",
            )
        } else {
            (
                "routeproof::reach::newly_reachable",
                Severity::Warning,
                format!(
                    "{} {}{more} newly reachable from {} source{}",
                    if prefixes.len() == 1 {
                        "destination"
                    } else {
                        "destinations"
                    },
                    shown.join(", "),
                    source_list.len(),
                    if source_list.len() == 1 { "" } else { "s" },
                ),
                "Traffic that was dropped before the change is delivered after it; check that the change means to open this access.",
            )
        };
        findings.push(Finding {
            code: code.to_owned(),
            severity,
            message,
            device: summary_a.first().map(|p| p.end_node.clone()),
            evidence,
            reachability: Some(Reachability {
                prefixes,
                address: atom.representative(),
                packet,
                sources: source_list,
                before: summary_b,
                after: summary_a,
            }),
            help: Some(help.to_owned()),
            preexisting: false,
        });
    }
    findings
}

/// A node's lowest loopback address in the VRF, else its lowest interface address there.
/// The example packet of a finding as `source` sends it, with the source's state in both
/// snapshots. A packet that no ACL looks at beyond its destination gets the source's own
/// address, so the example reads like a real flow.
fn witness(
    before: &Model<'_>,
    after: &Model<'_>,
    source: &Source,
    mut packet: Packet,
) -> Option<(Packet, State, State)> {
    let sb = before.state(&source.node, &source.vrf)?;
    let sa = after.state(&source.node, &source.vrf)?;
    if packet.src.is_unspecified()
        && source.ingress.is_none()
        && let Some(src) = default_source(before, &sb, packet.dst.is_ipv4())
    {
        packet.src = src;
    }
    Some((packet, sb, sa))
}

pub fn default_source(model: &Model<'_>, state: &State, ipv4: bool) -> Option<IpAddr> {
    let node = model.control_plane.topology.node(state.node);
    let pick = |loopback: bool| {
        node.interfaces
            .values()
            .filter(|i| i.vrf == state.vrf && (i.kind == ir::InterfaceKind::Loopback) == loopback)
            .flat_map(|i| i.addresses.iter().map(|a| a.addr()))
            .filter(|a| a.is_ipv4() == ipv4)
            .min()
    };
    pick(true).or_else(|| pick(false))
}

pub(crate) fn summarize(model: &Model<'_>, path: &trace::Path) -> PathSummary {
    let hops: Vec<HopSummary> = path
        .hops
        .iter()
        .map(|hop| {
            let rule = match hop.prefix {
                None => String::new(),
                Some(prefix) => {
                    let routes: Vec<String> = hop
                        .routes
                        .iter()
                        .map(|r| match &r.next_hop {
                            NextHop::Address { address, .. } => {
                                format!("{} via {address}", r.protocol.name())
                            }
                            NextHop::Interface(i) => format!("{} {i}", r.protocol.name()),
                            NextHop::Discard => format!("{} discard", r.protocol.name()),
                            NextHop::Receive(_) => format!("{} receive", r.protocol.name()),
                        })
                        .collect();
                    format!("{prefix} {}", routes.join(", "))
                }
            };
            let mut evidence: Vec<routeproof_parser::Span> = hop
                .routes
                .iter()
                .flat_map(|r| r.provenance.iter().copied())
                .collect();
            evidence.sort();
            evidence.dedup();
            HopSummary {
                node: hop.node.clone(),
                vrf: hop.vrf.clone(),
                in_interface: hop.in_interface.clone(),
                out_interface: hop.out_interface.clone(),
                rule,
                evidence,
            }
        })
        .collect();
    // A denial rests on the ACL's binding to the interface as much as on the deciding line.
    let mut hops: Vec<HopSummary> = hops;
    if path.terminal.disposition == Disposition::AclDenied
        && let Some(interface) = &path.terminal.interface
        && let Some(device) = model.network.devices.get(model.name(path.terminal.node))
        && let Some(iface) = device.interfaces.get(interface)
    {
        let bindings = [&iface.acl_in, &iface.acl_out]
            .into_iter()
            .flatten()
            .map(|b| b.span);
        if let Some(last) = hops.last_mut() {
            last.evidence.extend(bindings);
            last.evidence.extend(path.terminal.acl_line);
            last.evidence.sort();
            last.evidence.dedup();
        }
    }
    PathSummary {
        hops,
        disposition: path.terminal.disposition,
        end_node: model.name(path.terminal.node).to_owned(),
        end_interface: path.terminal.interface.clone(),
        acl_line: path.terminal.acl_line,
    }
}

/// Spans of every unmodelled feature on the given devices (by name), for inconclusive gaps.
pub fn unsupported_on<'n>(
    network: &'n Network,
    devices: &BTreeSet<String>,
) -> Vec<(&'n ir::Device, &'n ir::Unsupported)> {
    let mut out = Vec::new();
    for name in devices {
        if let Some(d) = network.devices.get(name) {
            for u in &d.unsupported {
                out.push((d, u));
            }
        }
    }
    out
}

/// Evidence lines for a path summary, labelled (used by renderers wanting every hop's origin).
pub fn path_evidence(side: Side, path: &PathSummary) -> Vec<Evidence> {
    path.hops
        .iter()
        .flat_map(|h| {
            h.evidence.iter().map(move |s| Evidence {
                side,
                span: *s,
                label: format!("route used at {}", h.node),
            })
        })
        .collect()
}
