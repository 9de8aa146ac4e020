//! Which sources a change can affect, per destination class.
//!
//! A packet's outcome from a state is decided by the forwarding steps of the states it can
//! reach. When both snapshots have the same nodes, interfaces, links and ACLs, a state's step
//! for a class differs between them only where its FIB entry for the class differs, or where
//! ownership of an address in the class changed. Call those states the class's *changed*
//! states. A source that reaches no changed state, in either snapshot, sees the same steps
//! everywhere it can go, so its outcomes are equal before and after: nothing to report.
//!
//! The *cone* of a class is every state that reaches a changed state in the union of both
//! snapshots' forwarding graphs. The graph used here over-approximates forwarding (it ignores
//! ownership, ACLs and, on a connected subnet, which neighbour owns the destination: every
//! neighbour there is a successor), so the cone can only be larger than the set of sources
//! that are really affected, never smaller. Only sources in the cone are analysed in full,
//! which turns the cost of a class from "every source" into "what the change touches".

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::classes::Atom;
use crate::control_plane::bgp::path::FxMap;
use crate::dataplane::{DataPlane, FibAction, FibEntry};
use crate::topology::{NodeId, Topology};

/// What forwarding reads of an interface: name, VRF, addresses.
type InterfaceFacts<'a> = (&'a str, &'a str, &'a [ipnet::IpNet]);

/// One side of the comparison.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// Topology.
    pub topology: &'a Topology,
    /// FIBs.
    pub dataplane: &'a DataPlane,
}

/// Cones of the classes of one comparison (see the module documentation).
pub struct Cones<'a> {
    sides: [Side<'a>; 2],
    /// Tables (node, vrf), in the order both data planes list them.
    tables: Vec<(NodeId, &'a str)>,
    index: BTreeMap<(NodeId, &'a str), usize>,
    /// Per side, per table, per class: the FIB entry.
    entries: [Vec<Vec<Option<&'a FibEntry>>>; 2],
    /// Addresses whose owners differ, with every node that owns them on either side.
    ownership_changes: Vec<(IpAddr, Vec<NodeId>)>,
}

/// Successor tables per (side, table, action list), cached by the list's address (equal lists
/// of a table are one allocation, see [`FibEntry::actions`]), as ranges of `flat`. One per
/// thread: the classes of a comparison are analysed side by side.
#[derive(Default)]
pub struct SuccessorCache {
    ranges: [FxMap<(usize, usize), (usize, usize)>; 2],
    flat: Vec<usize>,
}

impl<'a> Cones<'a> {
    /// Cones for `classes` between `before` and `after`, or `None` when the snapshots differ in
    /// more than forwarding tables and ownership (nodes, interfaces, links or ACLs), where
    /// every source must be analysed. `ownership_changes` lists the addresses whose owners
    /// differ, with every node owning them on either side.
    pub fn new(
        before: Side<'a>,
        after: Side<'a>,
        classes: &[Atom],
        ownership_changes: Vec<(IpAddr, Vec<NodeId>)>,
        same_links_and_acls: bool,
    ) -> Option<Cones<'a>> {
        let interfaces = |t: &'a Topology| -> Vec<(&'a str, Vec<InterfaceFacts<'a>>)> {
            t.nodes
                .iter()
                .map(|n| {
                    let ifaces = n
                        .interfaces
                        .values()
                        .map(|i| (i.name.as_str(), i.vrf.as_str(), i.addresses.as_slice()))
                        .collect();
                    (n.name.as_str(), ifaces)
                })
                .collect()
        };
        if !same_links_and_acls || interfaces(before.topology) != interfaces(after.topology) {
            return None;
        }
        let tables: Vec<(NodeId, &str)> = before
            .dataplane
            .fibs()
            .chain(after.dataplane.fibs())
            .map(|(n, v, _)| (n, v))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index = tables.iter().enumerate().map(|(i, t)| (*t, i)).collect();
        let entries = [before, after].map(|side| {
            tables
                .iter()
                .map(|(node, vrf)| match side.dataplane.fib(*node, vrf) {
                    Some(fib) => fib.entries_for_atoms(classes),
                    None => vec![None; classes.len()],
                })
                .collect()
        });
        Some(Cones {
            sides: [before, after],
            tables,
            index,
            entries,
            ownership_changes,
        })
    }

    /// The table index of (node, vrf), if either side has that table.
    pub fn table(&self, node: NodeId, vrf: &str) -> Option<usize> {
        self.index.get(&(node, vrf)).copied()
    }

    /// The tables in the cone of class `class` (an index into the classes given to
    /// [`Cones::new`]): every table that can reach a changed one, the changed ones included.
    pub fn cone(&self, cache: &mut SuccessorCache, class: usize, atom: &Atom) -> Vec<bool> {
        let n = self.tables.len();
        let mut in_cone = vec![false; n];
        let mut queue: Vec<usize> = Vec::new();
        let mark = |t: usize, in_cone: &mut Vec<bool>, queue: &mut Vec<usize>| {
            if !in_cone[t] {
                in_cone[t] = true;
                queue.push(t);
            }
        };
        for t in 0..n {
            let (b, a) = (self.entries[0][t][class], self.entries[1][t][class]);
            if b.map(|e| &e.actions) != a.map(|e| &e.actions) {
                mark(t, &mut in_cone, &mut queue);
            }
        }
        for (address, nodes) in &self.ownership_changes {
            if atom.contains(*address) {
                for (t, (node, _)) in self.tables.iter().enumerate() {
                    if nodes.contains(node) {
                        mark(t, &mut in_cone, &mut queue);
                    }
                }
            }
        }
        if queue.is_empty() {
            return in_cone;
        }
        // Edges (successor, table) of the union of both sides' forwarding graphs, sorted by
        // successor: each table's predecessors are one run.
        let mut edges: Vec<(usize, usize)> = Vec::new();
        for side in 0..2 {
            for t in 0..n {
                let Some(entry) = self.entries[side][t][class] else {
                    continue;
                };
                let (start, end) = self.successors_of(cache, side, t, entry);
                edges.extend(cache.flat[start..end].iter().map(|next| (*next, t)));
            }
        }
        edges.sort_unstable();
        edges.dedup();
        let predecessors = |t: usize| {
            let start = edges.partition_point(|(next, _)| *next < t);
            edges[start..]
                .iter()
                .take_while(move |(next, _)| *next == t)
                .map(|(_, p)| *p)
        };
        while let Some(t) = queue.pop() {
            for p in predecessors(t) {
                if !in_cone[p] {
                    in_cone[p] = true;
                    queue.push(p);
                }
            }
        }
        in_cone
    }

    /// Where table `t` of `side` can send a packet that matches `entry` (over-approximated as
    /// the module documentation says).
    fn successors_of(
        &self,
        cache: &mut SuccessorCache,
        side: usize,
        t: usize,
        entry: &FibEntry,
    ) -> (usize, usize) {
        let key = (t, entry.actions.as_ptr() as usize);
        if let Some(known) = cache.ranges[side].get(&key) {
            return *known;
        }
        let topology = self.sides[side].topology;
        let (node, _) = self.tables[t];
        let mut out: Vec<usize> = Vec::new();
        for action in entry.actions.iter() {
            let FibAction::Forward { interface, gateway } = action else {
                continue;
            };
            for neighbor in topology.neighbors_of(node, interface) {
                if gateway.is_some_and(|g| neighbor.address.addr() != g) {
                    continue;
                }
                let next_node = topology.node(neighbor.node);
                let Some(next_iface) = next_node.interfaces.get(&neighbor.interface) else {
                    continue;
                };
                if let Some(next) = self.table(neighbor.node, &next_iface.vrf) {
                    out.push(next);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        let range = (cache.flat.len(), cache.flat.len() + out.len());
        cache.flat.extend(out);
        cache.ranges[side].insert(key, range);
        range
    }
}
