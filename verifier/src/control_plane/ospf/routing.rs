//! Each router's OSPF routing table: intra-area routes from its SPF runs, what area border
//! routers summarize, inter-area routes, ASBR reachability, then externals (in [`external`])
//! and the routes handed to the main table.
//!
//! Area border routers go first (RFC 2328 §16 and §12.4.3):
//! 1. each ABR computes its intra-area routes and summarizes into the backbone the intra-area
//!    routes of its other areas (through `area range`s: a range with at least one component is
//!    advertised at the least component cost — IOS is RFC 1583-compatible by default — or at
//!    its configured cost, and installs a discard route; `not-advertise` suppresses all);
//! 2. each ABR computes inter-area routes from the backbone's summaries only;
//! 3. each ABR summarizes into its non-backbone areas everything it has from other areas,
//!    following the area's type: a stub area gets the default summary (cost `default-cost`,
//!    1 unless set) and, unless totally stubby, the summaries; an NSSA gets the summaries, or
//!    only a default summary with `no-summary`; no ASBR summaries into either.
//!
//! Then every router computes its table: intra-area routes, inter-area routes from the
//! summaries of its areas (an ABR: the backbone's only), ASBR reachability (intra-area in
//! normal areas, else by ASBR summaries), and externals.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};
use std::rc::Rc;

use ipnet::{IpNet, Ipv4Net};
use routeproof_parser::ir::routing::AreaId;

use super::area::{Area, Spans};
use super::external::{self, Lsa};
use super::spf::{Hop, ShortestPaths, shortest_paths};
use super::{AreaKind, Router, vendor};
use crate::control_plane::Output;
use crate::control_plane::admin::default_distance;
use crate::rib::{NextHop, Protocol, Provenance, Route};

/// Next hops: (interface index of the computing router, neighbour address), sorted. Shared:
/// every destination behind the same router has the same next hops.
pub(crate) type NextHops = Rc<[(u32, Ipv4Addr)]>;

/// The union of two sorted sets of next hops.
pub(crate) fn union(a: &NextHops, b: &NextHops) -> NextHops {
    if b.is_empty() || Rc::ptr_eq(a, b) {
        return a.clone();
    }
    if a.is_empty() {
        return b.clone();
    }
    let mut all: Vec<(u32, Ipv4Addr)> = a.iter().chain(b.iter()).copied().collect();
    all.sort_unstable();
    all.dedup();
    all.into()
}

/// The best paths to one destination.
#[derive(Clone, Debug)]
pub(crate) struct Path {
    /// Total cost.
    pub(crate) cost: u32,
    /// First hops of all equal-cost paths.
    pub(crate) hops: NextHops,
    /// The destination is the router's own (a stub or network it is attached to), on this
    /// interface.
    pub(crate) local: Option<u32>,
    /// The area the path runs in (the backbone for inter-area paths at an ABR).
    pub(crate) area: AreaId,
    /// Configuration lines the path rests on.
    pub(crate) provenance: Spans,
}

/// Keeps the cheaper path, or both sets of next hops when they cost the same.
pub(crate) fn offer<K: Ord>(table: &mut BTreeMap<K, Path>, key: K, path: Path) {
    match table.entry(key) {
        std::collections::btree_map::Entry::Vacant(v) => {
            v.insert(path);
        }
        std::collections::btree_map::Entry::Occupied(mut o) => {
            let best = o.get_mut();
            if path.cost < best.cost {
                *best = path;
            } else if path.cost == best.cost {
                if path.local.is_some() && best.local.is_none() {
                    best.local = path.local;
                }
                best.hops = union(&best.hops, &path.hops);
                best.area = best.area.min(path.area);
            }
        }
    }
}

/// A summary-LSA (type 3): an ABR advertises a prefix into an area at a cost.
#[derive(Clone, Debug)]
pub(crate) struct Summary {
    /// The ABR.
    pub(crate) abr: usize,
    /// Destination.
    pub(crate) prefix: Ipv4Net,
    /// The ABR's cost.
    pub(crate) cost: u32,
    /// What it rests on.
    pub(crate) provenance: Spans,
}

/// An ASBR-summary-LSA (type 4): an ABR advertises how far it is from an ASBR.
#[derive(Clone, Debug)]
pub(crate) struct AsbrSummary {
    /// The ABR.
    pub(crate) abr: usize,
    /// The ASBR.
    pub(crate) asbr: usize,
    /// The ABR's cost to it.
    pub(crate) cost: u32,
}

/// One router's view: its SPF runs and its routing table before externals.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Shortest paths per attached area.
    pub(crate) spfs: BTreeMap<AreaId, ShortestPaths>,
    /// Intra-area routes (own prefixes included, marked local).
    pub(crate) intra: BTreeMap<Ipv4Net, Path>,
    /// Inter-area routes.
    pub(crate) inter: BTreeMap<Ipv4Net, Path>,
    /// Paths to AS boundary routers.
    pub(crate) asbrs: BTreeMap<usize, Path>,
    /// Discard routes for advertised area ranges (ABRs): prefix, cost, provenance.
    pub(crate) discards: BTreeMap<Ipv4Net, (u32, Spans)>,
}

/// Next hops and the local interface of a set of SPF first hops.
pub(crate) fn resolve(area: &Area, hops: &[Hop]) -> (NextHops, Option<u32>) {
    let mut out: Vec<(u32, Ipv4Addr)> = Vec::with_capacity(hops.len());
    let mut local = None;
    for hop in hops {
        match *hop {
            Hop::Direct(e) => local = Some(area.edges[e as usize].interface),
            Hop::Via { first, second } => out.push((
                area.edges[first as usize].interface,
                area.edges[second.unwrap_or(first) as usize].address,
            )),
        }
    }
    out.sort_unstable();
    out.dedup();
    (out.into(), local)
}

/// [`resolve`] once per vertex of one SPF run.
struct Resolved<'x> {
    area: &'x Area,
    sp: &'x ShortestPaths,
    cache: Vec<Option<(NextHops, Option<u32>)>>,
}

impl<'x> Resolved<'x> {
    fn new(area: &'x Area, sp: &'x ShortestPaths) -> Resolved<'x> {
        Resolved {
            area,
            sp,
            cache: vec![None; area.graph.len()],
        }
    }

    fn get(&mut self, v: u32) -> (NextHops, Option<u32>) {
        self.cache[v as usize]
            .get_or_insert_with(|| resolve(self.area, self.sp.hops(v)))
            .clone()
    }
}

/// Everything every router needs from the others.
struct Shared<'r, 'a> {
    routers: &'r [Router<'a>],
    areas: &'r BTreeMap<AreaId, Area>,
    summaries: BTreeMap<AreaId, Vec<Summary>>,
    asbr_summaries: BTreeMap<AreaId, Vec<AsbrSummary>>,
    asbrs: BTreeSet<usize>,
}

impl Shared<'_, '_> {
    fn spfs(&self, r: usize) -> BTreeMap<AreaId, ShortestPaths> {
        self.routers[r]
            .areas
            .keys()
            .filter_map(|a| {
                let area = self.areas.get(a)?;
                Some((*a, shortest_paths(&area.graph, area.vertex_of[&r])))
            })
            .collect()
    }

    /// Intra-area routes of `r` (RFC 2328 §16.1 second stage).
    fn intra(&self, r: usize, spfs: &BTreeMap<AreaId, ShortestPaths>) -> BTreeMap<Ipv4Net, Path> {
        let mut table = BTreeMap::new();
        for (id, sp) in spfs {
            let area = &self.areas[id];
            let mut resolved = Resolved::new(area, sp);
            for stub in &area.stubs {
                let v = area.vertex_of[&stub.router];
                let Some(d) = sp.distance(v) else { continue };
                let path = if stub.router == r {
                    Path {
                        cost: stub.cost,
                        hops: Rc::from([]),
                        local: Some(stub.interface),
                        area: *id,
                        provenance: stub.provenance.clone(),
                    }
                } else {
                    let (hops, _) = resolved.get(v);
                    Path {
                        cost: d.saturating_add(stub.cost),
                        hops,
                        local: None,
                        area: *id,
                        provenance: stub.provenance.clone(),
                    }
                };
                offer(&mut table, stub.prefix, path);
            }
            for network in &area.networks {
                let Some(d) = sp.distance(network.vertex) else {
                    continue;
                };
                let (hops, local) = resolved.get(network.vertex);
                offer(
                    &mut table,
                    network.prefix,
                    Path {
                        cost: d,
                        hops,
                        local,
                        area: *id,
                        provenance: network.provenance.clone(),
                    },
                );
            }
        }
        table
    }

    /// The areas whose summaries `r` reads: the backbone only for an ABR (§16.2).
    fn summary_areas(&self, r: usize) -> Vec<AreaId> {
        let router = &self.routers[r];
        if router.is_abr() {
            vec![0]
        } else {
            router.areas.keys().copied().collect()
        }
    }

    /// Inter-area routes of `r` from the summaries in its areas.
    fn inter(&self, r: usize, state: &State) -> BTreeMap<Ipv4Net, Path> {
        let mut table = BTreeMap::new();
        for id in self.summary_areas(r) {
            let (Some(sp), Some(summaries)) = (state.spfs.get(&id), self.summaries.get(&id)) else {
                continue;
            };
            let area = &self.areas[&id];
            for s in summaries {
                if s.abr == r
                    || s.cost >= vendor::LS_INFINITY
                    || state.intra.contains_key(&s.prefix)
                {
                    continue;
                }
                let v = area.vertex_of[&s.abr];
                let Some(d) = sp.distance(v) else { continue };
                let (hops, _) = resolve(area, sp.hops(v));
                offer(
                    &mut table,
                    s.prefix,
                    Path {
                        cost: d.saturating_add(s.cost),
                        hops,
                        local: None,
                        area: id,
                        provenance: s.provenance.clone(),
                    },
                );
            }
        }
        table
    }

    /// Paths from `r` to the ASBRs: intra-area through normal areas, else through ASBR
    /// summaries (an ABR reads the backbone's only).
    fn asbr_paths(
        &self,
        r: usize,
        spfs: &BTreeMap<AreaId, ShortestPaths>,
    ) -> BTreeMap<usize, Path> {
        let router = &self.routers[r];
        let mut intra = BTreeMap::new();
        for (id, sp) in spfs {
            if router.areas[id] != AreaKind::Normal {
                continue;
            }
            let area = &self.areas[id];
            for &y in &self.asbrs {
                if y == r {
                    continue;
                }
                let Some(&v) = area.vertex_of.get(&y) else {
                    continue;
                };
                let Some(d) = sp.distance(v) else { continue };
                let (hops, _) = resolve(area, sp.hops(v));
                offer(
                    &mut intra,
                    y,
                    Path {
                        cost: d,
                        hops,
                        local: None,
                        area: *id,
                        provenance: Rc::from([]),
                    },
                );
            }
        }
        let mut inter = BTreeMap::new();
        for id in self.summary_areas(r) {
            if router.areas.get(&id) != Some(&AreaKind::Normal) {
                continue;
            }
            let (Some(sp), Some(summaries)) = (spfs.get(&id), self.asbr_summaries.get(&id)) else {
                continue;
            };
            let area = &self.areas[&id];
            for s in summaries {
                if s.abr == r || s.asbr == r || intra.contains_key(&s.asbr) {
                    continue;
                }
                let Some(d) = sp.distance(area.vertex_of[&s.abr]) else {
                    continue;
                };
                let (hops, _) = resolve(area, sp.hops(area.vertex_of[&s.abr]));
                offer(
                    &mut inter,
                    s.asbr,
                    Path {
                        cost: d.saturating_add(s.cost),
                        hops,
                        local: None,
                        area: id,
                        provenance: Rc::from([]),
                    },
                );
            }
        }
        intra.append(&mut inter);
        intra
    }

    /// The summaries ABR `x` sends into area `into` (§12.4.3), and the discard routes of its
    /// advertised ranges.
    fn summarize(
        &self,
        x: usize,
        state: &mut State,
        into: AreaId,
    ) -> (Vec<Summary>, Vec<AsbrSummary>) {
        let router = &self.routers[x];
        let (default, summaries, asbr) = match router.area_kind(into) {
            AreaKind::Normal => (false, true, true),
            AreaKind::Stub { no_summary } => (true, !no_summary, false),
            AreaKind::Nssa { no_summary, .. } => (no_summary, !no_summary, false),
        };
        let mut out = Vec::new();
        if default {
            let cost = router
                .process
                .areas
                .get(&into)
                .and_then(|a| a.default_cost.as_ref())
                .map_or(vendor::DEFAULT_STUB_COST, |c| c.value);
            out.push(Summary {
                abr: x,
                prefix: Ipv4Net::default(),
                cost,
                provenance: Rc::from([router.process.span]),
            });
        }
        if summaries {
            // Intra-area routes of other areas, through that area's ranges.
            let mut ranged: BTreeMap<(AreaId, usize), (u32, Vec<routeproof_parser::Span>)> =
                BTreeMap::new();
            for (prefix, path) in &state.intra {
                if path.area == into {
                    continue;
                }
                let ranges = router
                    .process
                    .areas
                    .get(&path.area)
                    .map_or(&[][..], |a| a.ranges.as_slice());
                let range = ranges
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| match r.prefix {
                        IpNet::V4(net) => net.contains(prefix),
                        IpNet::V6(_) => false,
                    })
                    .max_by_key(|(i, r)| (r.prefix.prefix_len(), std::cmp::Reverse(*i)));
                match range {
                    Some((i, r)) => {
                        let entry = ranged
                            .entry((path.area, i))
                            .or_insert((u32::MAX, vec![r.span]));
                        entry.0 = entry.0.min(path.cost);
                    }
                    None => out.push(Summary {
                        abr: x,
                        prefix: *prefix,
                        cost: path.cost,
                        provenance: path.provenance.clone(),
                    }),
                }
            }
            for ((area, i), (least, spans)) in ranged {
                let range = &router.process.areas[&area].ranges[i];
                let IpNet::V4(prefix) = range.prefix else {
                    continue;
                };
                if !range.advertise {
                    continue;
                }
                let cost = range.cost.unwrap_or(least);
                let mut provenance = vec![router.process.span];
                provenance.extend(spans);
                let provenance: Spans = provenance.into();
                state
                    .discards
                    .entry(prefix)
                    .or_insert((cost, provenance.clone()));
                out.push(Summary {
                    abr: x,
                    prefix,
                    cost,
                    provenance,
                });
            }
            // Inter-area routes (from the backbone) go into the other areas, never back.
            if into != 0 {
                for (prefix, path) in &state.inter {
                    out.push(Summary {
                        abr: x,
                        prefix: *prefix,
                        cost: path.cost,
                        provenance: path.provenance.clone(),
                    });
                }
            }
        }
        let mut asbr_out = Vec::new();
        if asbr {
            for (&y, path) in &state.asbrs {
                if path.area != into {
                    asbr_out.push(AsbrSummary {
                        abr: x,
                        asbr: y,
                        cost: path.cost,
                    });
                }
            }
        }
        (out, asbr_out)
    }
}

/// The main-table candidates of every router.
pub(crate) fn compute(
    routers: &[Router<'_>],
    areas: &BTreeMap<AreaId, Area>,
    lsas: Vec<Lsa>,
) -> Output {
    let translators = external::translators(routers);
    let mut shared = Shared {
        routers,
        areas,
        summaries: BTreeMap::new(),
        asbr_summaries: BTreeMap::new(),
        asbrs: external::asbrs(&lsas, &translators),
    };

    // Area border routers: intra-area routes, then summaries into the backbone.
    let abrs: Vec<usize> = (0..routers.len())
        .filter(|&r| routers[r].is_abr())
        .collect();
    let mut states: BTreeMap<usize, State> = BTreeMap::new();
    for &x in &abrs {
        let spfs = shared.spfs(x);
        let intra = shared.intra(x, &spfs);
        let mut state = State {
            asbrs: BTreeMap::new(),
            spfs,
            intra,
            ..State::default()
        };
        // Only intra-area ASBR paths exist before the backbone's ASBR summaries.
        state.asbrs = shared.asbr_paths(x, &state.spfs);
        states.insert(x, state);
    }
    for &x in &abrs {
        let state = states.get_mut(&x).expect("every ABR has a state");
        let (summaries, asbr) = shared.summarize(x, state, 0);
        shared.summaries.entry(0).or_default().extend(summaries);
        shared.asbr_summaries.entry(0).or_default().extend(asbr);
    }
    // Inter-area routes of the ABRs, then summaries into their other areas.
    for &x in &abrs {
        let inter = shared.inter(x, &states[&x]);
        let asbrs = shared.asbr_paths(x, &states[&x].spfs);
        let state = states.get_mut(&x).expect("every ABR has a state");
        state.inter = inter;
        state.asbrs = asbrs;
    }
    for &x in &abrs {
        let areas: Vec<AreaId> = routers[x]
            .areas
            .keys()
            .copied()
            .filter(|a| *a != 0)
            .collect();
        for into in areas {
            let state = states.get_mut(&x).expect("every ABR has a state");
            let (summaries, asbr) = shared.summarize(x, state, into);
            shared.summaries.entry(into).or_default().extend(summaries);
            shared.asbr_summaries.entry(into).or_default().extend(asbr);
        }
    }
    let lsas = external::translate(areas, &states, &translators, lsas);

    // Every router's table.
    let mut output = Output::default();
    for r in 0..routers.len() {
        let state = states.remove(&r).unwrap_or_else(|| {
            let spfs = shared.spfs(r);
            let intra = shared.intra(r, &spfs);
            let mut state = State {
                spfs,
                intra,
                ..State::default()
            };
            state.inter = shared.inter(r, &state);
            state.asbrs = shared.asbr_paths(r, &state.spfs);
            state
        });
        let externals = external::routes(r, routers, areas, &state, &lsas);
        emit(&routers[r], &state, externals, &mut output);
    }
    output
}

/// The administrative distance of `protocol` on `router`: configured, else the vendor's.
fn admin(router: &Router<'_>, protocol: Protocol) -> u8 {
    let d = &router.process.distance;
    let specific = match protocol {
        Protocol::Ospf => d.intra_area.as_ref(),
        Protocol::OspfInterArea => d.inter_area.as_ref(),
        _ => d.external.as_ref(),
    };
    specific.or(d.all.as_ref()).map_or_else(
        || default_distance(Some(router.vendor()), protocol),
        |s| s.value,
    )
}

/// Hands `router`'s routes to the main table: intra-area over inter-area over external.
fn emit(
    router: &Router<'_>,
    state: &State,
    externals: BTreeMap<Ipv4Net, external::ExternalPath>,
    output: &mut Output,
) {
    output
        .routes
        .reserve(state.intra.len() + state.inter.len() + externals.len());
    let mut push =
        |prefix: Ipv4Net, protocol: Protocol, metric: u32, path: &Path, tag: Option<u32>| {
            let admin = admin(router, protocol);
            for &(interface, address) in path.hops.iter().take(router.maximum_paths) {
                output.routes.push((
                    router.node,
                    router.vrf.clone(),
                    Route {
                        prefix: IpNet::V4(prefix),
                        protocol,
                        admin,
                        metric,
                        next_hop: NextHop::Address {
                            address: IpAddr::V4(address),
                            interface: Some(
                                router.interfaces[interface as usize].name.as_str().into(),
                            ),
                        },
                        tag,
                        provenance: Provenance::from(&path.provenance[..]),
                    },
                ));
            }
        };
    for (prefix, path) in &state.intra {
        if path.local.is_none() {
            push(*prefix, Protocol::Ospf, path.cost, path, None);
        }
    }
    for (prefix, path) in &state.inter {
        push(*prefix, Protocol::OspfInterArea, path.cost, path, None);
    }
    for (prefix, ext) in &externals {
        if state.intra.contains_key(prefix) || state.inter.contains_key(prefix) {
            continue;
        }
        push(*prefix, ext.protocol, ext.metric, &ext.path, ext.tag);
    }
    for (prefix, (cost, provenance)) in &state.discards {
        if state.intra.contains_key(prefix) {
            continue;
        }
        output.routes.push((
            router.node,
            router.vrf.clone(),
            Route {
                prefix: IpNet::V4(*prefix),
                protocol: Protocol::Ospf,
                admin: admin(router, Protocol::Ospf),
                metric: *cost,
                next_hop: NextHop::Discard,
                tag: None,
                provenance: Provenance::from(&provenance[..]),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(cost: u32, hops: &[(u32, &str)], area: AreaId) -> Path {
        let hops: Vec<(u32, Ipv4Addr)> =
            hops.iter().map(|(i, a)| (*i, a.parse().unwrap())).collect();
        Path {
            cost,
            hops: hops.into(),
            local: None,
            area,
            provenance: Rc::from([]),
        }
    }

    /// A cheaper path replaces; an equal one adds its next hops (sorted, once each) and the
    /// lower area id; a dearer one is ignored.
    #[test]
    fn offer_keeps_the_best_and_merges_ties() {
        let mut table = BTreeMap::new();
        offer(&mut table, 1, path(10, &[(2, "10.0.0.2")], 3));
        offer(
            &mut table,
            1,
            path(10, &[(1, "10.0.0.1"), (2, "10.0.0.2")], 1),
        );
        offer(&mut table, 1, path(11, &[(3, "10.0.0.3")], 0));
        let best = &table[&1];
        assert_eq!(best.cost, 10);
        assert_eq!(best.area, 1);
        assert_eq!(best.hops.iter().map(|h| h.0).collect::<Vec<_>>(), [1, 2]);
        offer(&mut table, 1, path(4, &[(3, "10.0.0.3")], 2));
        assert_eq!(table[&1].cost, 4);
        assert_eq!(table[&1].hops.len(), 1);
    }
}
