//! The outcomes of one packet from every source at once.
//!
//! The forwarding states a packet can be in form a graph (ECMP branches are several edges).
//! Its strongly connected components are found with petgraph; a component with a cycle is a
//! forwarding loop. Walking the components from the sinks up, each state's outcome set is the
//! union of its own terminals, its successors' sets, and `Loop` when it is on or before a cycle.
//! One pass answers for every source, so the cost is linear in the states, not in the paths.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::forward::{Disposition, Forwarding, Packet, State, Step, Terminal};

/// What can happen to a packet sent from one state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutcomeSet {
    /// Every terminal some ECMP branch reaches.
    pub terminals: BTreeSet<Terminal>,
    /// An ACL with unmodelled lines is on some branch.
    pub uncertain: bool,
}

impl OutcomeSet {
    /// Every branch succeeds.
    pub fn all_success(&self) -> bool {
        self.terminals.iter().all(|t| t.disposition.is_success())
    }

    /// Some branch succeeds.
    pub fn any_success(&self) -> bool {
        self.terminals.iter().any(|t| t.disposition.is_success())
    }

    /// The distinct dispositions.
    pub fn dispositions(&self) -> BTreeSet<Disposition> {
        self.terminals.iter().map(|t| t.disposition).collect()
    }
}

/// Outcome sets of `packet` for every state reachable from `sources` (and for the sources).
/// States whose sets are necessarily equal (a chain of hops with nothing of their own) share
/// one allocation, so comparing two snapshots can skip them by pointer.
pub fn outcomes(
    forwarding: &Forwarding<'_>,
    packet: &Packet,
    sources: &[State],
) -> BTreeMap<State, Arc<OutcomeSet>> {
    // Explore the reachable states.
    let mut graph: DiGraph<State, ()> = DiGraph::new();
    let mut index: BTreeMap<State, NodeIndex> = BTreeMap::new();
    let mut terminals: Vec<(BTreeSet<Terminal>, bool)> = Vec::new();
    let mut queue: Vec<State> = Vec::new();
    for s in sources {
        if !index.contains_key(s) {
            index.insert(s.clone(), graph.add_node(s.clone()));
            terminals.push((BTreeSet::new(), false));
            queue.push(s.clone());
        }
    }
    while let Some(state) = queue.pop() {
        let from = index[&state];
        for step in forwarding.step(&state, packet) {
            match step {
                Step::End(terminal) => {
                    let entry = &mut terminals[from.index()];
                    entry.1 |= terminal.uncertain;
                    entry.0.insert(terminal);
                }
                Step::Next {
                    state: next,
                    uncertain,
                    ..
                } => {
                    terminals[from.index()].1 |= uncertain;
                    let to = match index.get(&next) {
                        Some(i) => *i,
                        None => {
                            let i = graph.add_node(next.clone());
                            index.insert(next.clone(), i);
                            terminals.push((BTreeSet::new(), false));
                            queue.push(next);
                            i
                        }
                    };
                    graph.update_edge(from, to, ());
                }
            }
        }
    }
    // Components come out sinks first, so successors are always done before their sources.
    let components = tarjan_scc(&graph);
    let mut component_of = vec![0usize; graph.node_count()];
    for (c, members) in components.iter().enumerate() {
        for m in members {
            component_of[m.index()] = c;
        }
    }
    let mut sets: Vec<Arc<OutcomeSet>> = Vec::with_capacity(components.len());
    let mut successors: Vec<usize> = Vec::new();
    for (c, members) in components.iter().enumerate() {
        let cyclic = members.len() > 1 || graph.contains_edge(members[0], members[0]);
        successors.clear();
        successors.extend(
            members
                .iter()
                .flat_map(|m| graph.neighbors(*m))
                .map(|succ| component_of[succ.index()])
                .filter(|sc| *sc != c),
        );
        successors.sort_unstable();
        successors.dedup();
        let nothing_own = members.iter().all(|m| {
            let (own, uncertain) = &terminals[m.index()];
            own.is_empty() && !uncertain
        });
        if let [only] = successors.as_slice()
            && nothing_own
            && !cyclic
        {
            // A hop that only passes the packet on ends as its successor does.
            sets.push(sets[*only].clone());
            continue;
        }
        let mut set = OutcomeSet::default();
        for m in members {
            let (own, uncertain) = &terminals[m.index()];
            set.terminals.extend(own.iter().cloned());
            set.uncertain |= *uncertain;
        }
        for sc in &successors {
            let other = &sets[*sc];
            set.terminals.extend(other.terminals.iter().cloned());
            set.uncertain |= other.uncertain;
        }
        if cyclic {
            let node = members
                .iter()
                .map(|m| graph[*m].node)
                .min()
                .unwrap_or(graph[members[0]].node);
            set.terminals.insert(Terminal {
                disposition: Disposition::Loop,
                node,
                interface: None,
                acl_line: None,
                uncertain: false,
            });
        }
        sets.push(Arc::new(set));
    }
    index
        .into_iter()
        .map(|(state, i)| (state, sets[component_of[i.index()]].clone()))
        .collect()
}
