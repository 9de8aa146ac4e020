//! Shortest-path-first over one area: Dijkstra with a binary heap, keeping for every vertex the
//! set of first hops of *all* its shortest paths (equal-cost multipath).
//!
//! The graph is OSPF's (RFC 2328 §16.1): router vertices and transit-network vertices. A router
//! reaches a network at the cost of its interface onto it, and a network reaches each of its
//! routers at cost 0. Every other edge costs at least 1, so at equal distance a network is
//! always settled before the routers behind it (the heap breaks ties network-first), and when a
//! vertex is settled all its shortest-path predecessors already are. Its first hops are then the
//! union of what those predecessors pass on, read from the reverse adjacency: no predecessor
//! lists are stored, and a vertex with a single predecessor shares its hop set (the common case
//! in trees and rings).
//!
//! First hops follow RFC 2328 §16.1.1: leaving the root over a point-to-point link, the hop is
//! that link; leaving it onto a transit network, the hop is the network *and* the router reached
//! across it (the next-hop address is that router's address on the network), and a network the
//! root is attached to is reached directly.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What a vertex stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VertexKind {
    /// A router (an OSPF process on a device).
    Router,
    /// A transit broadcast network (represented by its designated router's network LSA).
    Network,
}

/// A directed graph in compressed sparse row form, with the reverse adjacency alongside.
#[derive(Clone, Debug)]
pub struct Graph {
    kinds: Vec<VertexKind>,
    from: Vec<u32>,
    to: Vec<u32>,
    cost: Vec<u32>,
    out_start: Vec<u32>,
    out_edges: Vec<u32>,
    in_start: Vec<u32>,
    in_edges: Vec<u32>,
}

impl Graph {
    /// A graph with vertices of `kinds` and directed `edges` (from, to, cost); edge ids are the
    /// positions in `edges`.
    pub fn new(kinds: Vec<VertexKind>, edges: &[(u32, u32, u32)]) -> Graph {
        let n = kinds.len();
        let csr = |key: &dyn Fn(&(u32, u32, u32)) -> u32| {
            let mut start = vec![0u32; n + 1];
            for e in edges {
                start[key(e) as usize + 1] += 1;
            }
            for v in 0..n {
                start[v + 1] += start[v];
            }
            let mut fill = start.clone();
            let mut list = vec![0u32; edges.len()];
            for (id, e) in edges.iter().enumerate() {
                let slot = &mut fill[key(e) as usize];
                list[*slot as usize] = id as u32;
                *slot += 1;
            }
            (start, list)
        };
        let (out_start, out_edges) = csr(&|e| e.0);
        let (in_start, in_edges) = csr(&|e| e.1);
        Graph {
            kinds,
            from: edges.iter().map(|e| e.0).collect(),
            to: edges.iter().map(|e| e.1).collect(),
            cost: edges.iter().map(|e| e.2).collect(),
            out_start,
            out_edges,
            in_start,
            in_edges,
        }
    }

    /// Number of vertices.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// True when the graph has no vertices.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The kind of vertex `v`.
    pub fn kind(&self, v: u32) -> VertexKind {
        self.kinds[v as usize]
    }

    fn outgoing(&self, v: u32) -> &[u32] {
        &self.out_edges
            [self.out_start[v as usize] as usize..self.out_start[v as usize + 1] as usize]
    }

    fn incoming(&self, v: u32) -> &[u32] {
        &self.in_edges[self.in_start[v as usize] as usize..self.in_start[v as usize + 1] as usize]
    }
}

/// The first hop of a shortest path, as edge ids of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hop {
    /// The destination is (on) a network the root is attached to by this edge: no next hop.
    Direct(u32),
    /// Leave the root by edge `first`. When `first` leads onto a transit network, `second` is
    /// the edge from that network to the router the packet is handed to.
    Via {
        /// The edge out of the root.
        first: u32,
        /// The edge out of the network `first` leads to, if it leads to one.
        second: Option<u32>,
    },
}

/// Distance of vertices no path reaches.
pub const UNREACHABLE: u32 = u32::MAX;

/// Distances and first-hop sets from one root.
#[derive(Clone, Debug)]
pub struct ShortestPaths {
    dist: Vec<u32>,
    hop_set: Vec<u32>,
    /// Hop sets, stored back to back in `hops`: set `i` is `hops[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<u32>,
    hops: Vec<Hop>,
}

impl ShortestPaths {
    /// The distance to `v`, if reachable.
    pub fn distance(&self, v: u32) -> Option<u32> {
        let d = self.dist[v as usize];
        (d != UNREACHABLE).then_some(d)
    }

    /// The first hops of all shortest paths to `v`, sorted (empty for the root and for
    /// unreachable vertices).
    pub fn hops(&self, v: u32) -> &[Hop] {
        let set = self.hop_set[v as usize] as usize;
        &self.hops[self.bounds[set] as usize..self.bounds[set + 1] as usize]
    }
}

/// Shortest paths from `root`. Path costs saturate at [`UNREACHABLE`]` - 1`.
pub fn shortest_paths(graph: &Graph, root: u32) -> ShortestPaths {
    let n = graph.len();
    let mut dist = vec![UNREACHABLE; n];
    let mut done = vec![false; n];
    // Set 0 is the empty set: the root's, and every unreachable vertex's.
    let mut hop_set = vec![0u32; n];
    let mut sets = Sets {
        bounds: vec![0, 0],
        hops: Vec::with_capacity(n),
    };
    let rank = |v: u32| match graph.kind(v) {
        VertexKind::Network => 0u8,
        VertexKind::Router => 1u8,
    };
    let mut heap = BinaryHeap::new();
    dist[root as usize] = 0;
    heap.push(Reverse((0u32, rank(root), root)));
    let mut scratch: Vec<Hop> = Vec::new();
    while let Some(Reverse((d, _, v))) = heap.pop() {
        if done[v as usize] || d != dist[v as usize] {
            continue;
        }
        done[v as usize] = true;
        if v != root {
            hop_set[v as usize] = settle(
                graph,
                root,
                v,
                d,
                &dist,
                &done,
                &hop_set,
                &mut sets,
                &mut scratch,
            );
        }
        for &e in graph.outgoing(v) {
            let w = graph.to[e as usize];
            let nd = d
                .saturating_add(graph.cost[e as usize])
                .min(UNREACHABLE - 1);
            if nd < dist[w as usize] {
                dist[w as usize] = nd;
                heap.push(Reverse((nd, rank(w), w)));
            }
        }
    }
    ShortestPaths {
        dist,
        hop_set,
        bounds: sets.bounds,
        hops: sets.hops,
    }
}

/// Hop sets under construction (set 0 is the empty set).
struct Sets {
    bounds: Vec<u32>,
    hops: Vec<Hop>,
}

impl Sets {
    fn get(&self, set: u32) -> &[Hop] {
        &self.hops[self.bounds[set as usize] as usize..self.bounds[set as usize + 1] as usize]
    }

    fn push(&mut self, hops: &[Hop]) -> u32 {
        self.hops.extend_from_slice(hops);
        self.bounds.push(self.hops.len() as u32);
        (self.bounds.len() - 2) as u32
    }
}

/// The hop set of `v`, settled at distance `d`: the union of what its tight predecessors pass on.
#[allow(clippy::too_many_arguments)]
fn settle(
    graph: &Graph,
    root: u32,
    v: u32,
    d: u32,
    dist: &[u32],
    done: &[bool],
    hop_set: &[u32],
    sets: &mut Sets,
    scratch: &mut Vec<Hop>,
) -> u32 {
    scratch.clear();
    let mut inherited: Option<u32> = None;
    let mut parts = 0usize;
    for &e in graph.incoming(v) {
        let u = graph.from[e as usize];
        if !done[u as usize]
            || dist[u as usize]
                .saturating_add(graph.cost[e as usize])
                .min(UNREACHABLE - 1)
                != d
        {
            continue;
        }
        parts += 1;
        if u == root {
            scratch.push(match graph.kind(v) {
                VertexKind::Network => Hop::Direct(e),
                VertexKind::Router => Hop::Via {
                    first: e,
                    second: None,
                },
            });
            continue;
        }
        let set = hop_set[u as usize];
        let across_attached_network = graph.kind(u) == VertexKind::Network
            && sets.get(set).iter().any(|h| matches!(h, Hop::Direct(_)));
        if across_attached_network {
            for hop in sets.get(set) {
                scratch.push(match *hop {
                    Hop::Direct(first) => Hop::Via {
                        first,
                        second: Some(e),
                    },
                    via => via,
                });
            }
        } else {
            if parts == 1 {
                inherited = Some(set);
            }
            scratch.extend_from_slice(sets.get(set));
        }
    }
    if parts == 1
        && let Some(set) = inherited
    {
        return set;
    }
    scratch.sort_unstable();
    scratch.dedup();
    sets.push(scratch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    /// A path-enumerating reference: every simple path from the root, keeping for each vertex
    /// the least cost and the first hops of all paths of that cost. Exponential; tiny graphs only.
    fn naive(
        kinds: &[VertexKind],
        edges: &[(u32, u32, u32)],
        root: u32,
    ) -> Vec<(u32, BTreeSet<Hop>)> {
        let n = kinds.len();
        let mut best: Vec<(u32, BTreeSet<Hop>)> = vec![(UNREACHABLE, BTreeSet::new()); n];
        best[root as usize].0 = 0;
        let mut on_path = vec![false; n];
        on_path[root as usize] = true;
        fn walk(
            kinds: &[VertexKind],
            edges: &[(u32, u32, u32)],
            v: u32,
            cost: u32,
            path: &mut Vec<(u32, u32)>,
            on_path: &mut Vec<bool>,
            best: &mut Vec<(u32, BTreeSet<Hop>)>,
        ) {
            for (id, &(a, b, c)) in edges.iter().enumerate() {
                if a != v || on_path[b as usize] {
                    continue;
                }
                let total = cost + c;
                path.push((id as u32, b));
                // The first hop of this path, by the RFC 2328 §16.1.1 rules.
                let (e0, v1) = path[0];
                let hop = if kinds[v1 as usize] == VertexKind::Network {
                    match path.get(1) {
                        None => Hop::Direct(e0),
                        Some(&(e1, _)) => Hop::Via {
                            first: e0,
                            second: Some(e1),
                        },
                    }
                } else {
                    Hop::Via {
                        first: e0,
                        second: None,
                    }
                };
                let entry = &mut best[b as usize];
                if total < entry.0 {
                    *entry = (total, BTreeSet::from([hop]));
                } else if total == entry.0 {
                    entry.1.insert(hop);
                }
                on_path[b as usize] = true;
                walk(kinds, edges, b, total, path, on_path, best);
                on_path[b as usize] = false;
                path.pop();
            }
        }
        walk(
            kinds,
            edges,
            root,
            0,
            &mut Vec::new(),
            &mut on_path,
            &mut best,
        );
        best
    }

    /// OSPF-shaped random graphs: up to 7 vertices, some of them networks (never the root),
    /// router→anything edges of cost 1..=6, network→router edges of cost 0.
    fn graphs() -> impl Strategy<Value = (Vec<VertexKind>, Vec<(u32, u32, u32)>)> {
        (2usize..=7).prop_flat_map(|n| {
            let kinds = proptest::collection::vec(
                prop_oneof![3 => Just(VertexKind::Router), 1 => Just(VertexKind::Network)],
                n,
            );
            let edges =
                proptest::collection::vec((0..n as u32, 0..n as u32, 1u32..=6), 0..=(n * 3));
            (kinds, edges).prop_map(|(mut kinds, raw)| {
                kinds[0] = VertexKind::Router;
                let mut edges = Vec::new();
                for (a, b, c) in raw {
                    if a == b {
                        continue;
                    }
                    let (ka, kb) = (kinds[a as usize], kinds[b as usize]);
                    match (ka, kb) {
                        (VertexKind::Network, VertexKind::Network) => continue,
                        (VertexKind::Network, VertexKind::Router) => edges.push((a, b, 0)),
                        _ => edges.push((a, b, c)),
                    }
                }
                (kinds, edges)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Random OSPF-shaped graphs: Dijkstra's distances and ECMP first-hop sets equal those
        /// found by enumerating every simple path.
        #[test]
        fn dijkstra_agrees_with_path_enumeration((kinds, edges) in graphs()) {
            let graph = Graph::new(kinds.clone(), &edges);
            let got = shortest_paths(&graph, 0);
            let want = naive(&kinds, &edges, 0);
            for v in 0..kinds.len() as u32 {
                let (d, hops) = &want[v as usize];
                prop_assert_eq!(got.distance(v).unwrap_or(UNREACHABLE), *d, "distance to {}", v);
                let got_hops: BTreeSet<Hop> = got.hops(v).iter().copied().collect();
                prop_assert_eq!(&got_hops, hops, "hops to {}", v);
            }
        }
    }

    /// A square r0-r1-r3 and r0-r2-r3 of equal costs: r3 has two first hops, one per side.
    #[test]
    fn equal_cost_paths_keep_both_first_hops() {
        use VertexKind::Router as R;
        let edges = [
            (0, 1, 1),
            (0, 2, 1),
            (1, 3, 1),
            (2, 3, 1),
            (1, 0, 1),
            (2, 0, 1),
        ];
        let graph = Graph::new(vec![R, R, R, R], &edges);
        let sp = shortest_paths(&graph, 0);
        assert_eq!(sp.distance(3), Some(2));
        assert_eq!(
            sp.hops(3),
            &[
                Hop::Via {
                    first: 0,
                    second: None
                },
                Hop::Via {
                    first: 1,
                    second: None
                }
            ]
        );
    }

    /// r0 and r1 on a LAN (network n2): the LAN is direct, r1 is reached across it, and the hop
    /// names both the root's edge onto the LAN and the LAN's edge to r1.
    #[test]
    fn routers_across_an_attached_network() {
        use VertexKind::{Network as N, Router as R};
        let edges = [(0, 2, 10), (2, 0, 0), (1, 2, 10), (2, 1, 0)];
        let graph = Graph::new(vec![R, R, N], &edges);
        let sp = shortest_paths(&graph, 0);
        assert_eq!(sp.hops(2), &[Hop::Direct(0)]);
        assert_eq!(sp.distance(1), Some(10));
        assert_eq!(
            sp.hops(1),
            &[Hop::Via {
                first: 0,
                second: Some(3)
            }]
        );
        assert_eq!(sp.distance(1), Some(10));
    }
}
