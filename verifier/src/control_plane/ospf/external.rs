//! External routes: what each router redistributes (type-5 and NSSA type-7 advertisements),
//! NSSA translation, and the choice among externals at each router.
//!
//! Redistribution reads the previous iteration's main table of the process's VRF, as the
//! devices do (only installed routes are redistributed):
//!
//! - sources: `connected` (but not the subnets of interfaces already in this OSPF process:
//!   those are internal), `static`, `bgp` (eBGP and BGP aggregates; iBGP where the vendor takes
//!   it, see [`vendor::redistributes_ibgp`]), `isis`, `eigrp` (the VRF's EIGRP process, when it
//!   runs that AS). OSPF from another process and RIP are not simulated (their routes never
//!   reach the main table, or cannot be told apart);
//! - IOS and IOS-XE without `subnets` take only classful networks (a prefix no longer than its
//!   class's mask);
//! - IOS, IOS-XE, IOS-XR and FRR never redistribute a default route: that is
//!   `default-information originate`'s job (originated when a default route from another
//!   protocol is in the main table, always with `always`, or when its route-map matches a
//!   route of the table);
//! - the route-map (evaluated by [`crate::policy`]) filters and may set metric, metric type and
//!   tag, which win over the statement's `metric`, `metric-type` and `tag`, which win over the
//!   vendor defaults (metric 20, 1 for BGP; type 2; the source route's tag).
//!
//! A router attached to a normal area originates type-5 advertisements; in each attached NSSA it
//! originates type-7 ones with a forwarding address (its highest loopback in the area, else its
//! highest interface address there) and the propagate bit unless it is itself an ABR. The NSSA
//! border router with the highest router id translates the propagated type-7 advertisements it
//! selects into type 5 (RFC 3101), keeping their forwarding address.
//!
//! At each router an external path costs the path to its forwarding address (or to the
//! ASBR). Type 1 compares forwarding cost plus metric; type 2 compares the metric, then the
//! forwarding cost. Type 1 beats type 2 whatever the costs; between an NSSA's type-7 and its
//! type-5 translation at equal cost, the type-7 wins (RFC 3101). Equal paths are all kept.
//!
//! One deterministic choice where devices race: when two routers redistribute the same prefix
//! from a source the OSPF route would displace (an iBGP route or a BGP aggregate, distance 200,
//! against OSPF's 110), whichever advertises first makes the other install its OSPF route and
//! stop advertising. The lab `eos_ospf_bgp` shows the lower router id keeping its source; here
//! a router that itself advertises a prefix ignores other routers' advertisements of it when
//! their router id is higher, which converges to that outcome.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::rc::Rc;

use ipnet::{IpNet, Ipv4Net};
use routeproof_parser::Span;
use routeproof_parser::ir::routing::{AreaId, Redistribution, RouteSource};

use super::area::{Area, Spans};
use super::routing::{NextHops, Path, State, resolve, union};
use super::vendor::{self, SourceKind};
use super::{AreaKind, Router};
use crate::control_plane::Input;
use crate::policy::{self, PolicyOutcome, RouteAttributes, Trace};
use crate::rib::{Protocol, Route};

/// An AS-external (type 5) or NSSA (type 7) advertisement.
#[derive(Clone, Debug)]
pub(crate) struct Lsa {
    /// The advertising router.
    pub(crate) origin: usize,
    /// Destination.
    pub(crate) prefix: Ipv4Net,
    /// External metric.
    pub(crate) metric: u32,
    /// Metric type 1 (else 2).
    pub(crate) type1: bool,
    /// Route tag.
    pub(crate) tag: Option<u32>,
    /// `Some(area)` for a type-7 advertisement in that NSSA.
    pub(crate) nssa: Option<AreaId>,
    /// Forwarding address.
    pub(crate) forwarding: Option<Ipv4Addr>,
    /// Type 7 only: to be translated into type 5 by the NSSA's translator (the P-bit).
    pub(crate) propagate: bool,
    /// A type-5 translation of a type-7 advertisement.
    pub(crate) translated: bool,
    /// Configuration lines it rests on.
    pub(crate) provenance: Spans,
}

/// A prefix one router would redistribute.
struct Candidate {
    prefix: Ipv4Net,
    metric: u32,
    type1: bool,
    tag: Option<u32>,
    /// From `default-information originate` (type 5 only).
    default_information: bool,
    provenance: Vec<Span>,
}

/// Every router's external advertisements, from the previous iteration's main tables.
pub(crate) fn originate(input: &Input<'_>, routers: &[Router<'_>]) -> Vec<Lsa> {
    let mut lsas = Vec::new();
    for (r, router) in routers.iter().enumerate() {
        let mut candidates = redistributed(input, router);
        candidates.extend(default_information(input, router));
        // One advertisement per prefix: `default-information` first, then statement order.
        candidates.sort_by_key(|c| (c.prefix, !c.default_information));
        candidates.dedup_by_key(|c| c.prefix);
        for c in candidates {
            let provenance: Spans = c.provenance.into();
            if router.has_normal_area() {
                lsas.push(Lsa {
                    origin: r,
                    prefix: c.prefix,
                    metric: c.metric,
                    type1: c.type1,
                    tag: c.tag,
                    nssa: None,
                    forwarding: None,
                    propagate: false,
                    translated: false,
                    provenance: provenance.clone(),
                });
            }
            if c.default_information {
                continue;
            }
            for (&area, kind) in &router.areas {
                let AreaKind::Nssa {
                    no_redistribution, ..
                } = *kind
                else {
                    continue;
                };
                if no_redistribution && router.is_abr() {
                    continue;
                }
                lsas.push(Lsa {
                    origin: r,
                    prefix: c.prefix,
                    metric: c.metric,
                    type1: c.type1,
                    tag: c.tag,
                    nssa: Some(area),
                    forwarding: nssa_forwarding_address(router, area),
                    propagate: !router.is_abr(),
                    translated: false,
                    provenance: provenance.clone(),
                });
            }
        }
        // An NSSA ABR with `area X nssa default-information-originate`: a type-7 default,
        // metric 1, type 2, never translated (IOS).
        if router.is_abr() {
            for (&area, kind) in &router.areas {
                if let AreaKind::Nssa {
                    default_originate: true,
                    ..
                } = *kind
                {
                    lsas.push(Lsa {
                        origin: r,
                        prefix: Ipv4Net::default(),
                        metric: vendor::DEFAULT_ORIGINATE_METRIC,
                        type1: false,
                        tag: None,
                        nssa: Some(area),
                        forwarding: None,
                        propagate: false,
                        translated: false,
                        provenance: Rc::from([router.process.span]),
                    });
                }
            }
        }
    }
    lsas
}

/// The forwarding address a router puts in its type-7 advertisements into `area`.
fn nssa_forwarding_address(router: &Router<'_>, area: AreaId) -> Option<Ipv4Addr> {
    let in_area = || router.interfaces.iter().filter(|i| i.area == area);
    in_area()
        .filter(|i| i.loopback)
        .map(|i| i.address.addr())
        .max()
        .or_else(|| in_area().map(|i| i.address.addr()).max())
}

/// The classful mask length of an IPv4 network (class A, B, C), `None` for class D and E.
fn classful_length(address: Ipv4Addr) -> Option<u8> {
    match address.octets()[0] {
        0..=127 => Some(8),
        128..=191 => Some(16),
        192..=223 => Some(24),
        _ => None,
    }
}

/// Whether a main-table route comes from what `statement` redistributes.
fn source_kind(
    statement: &Redistribution,
    route: &Route,
    router: &Router<'_>,
) -> Option<SourceKind> {
    let p = route.protocol;
    let hit = match &statement.source {
        RouteSource::Connected => p == Protocol::Connected,
        RouteSource::Static => p == Protocol::Static,
        RouteSource::Bgp(_) => {
            return (p == Protocol::Bgp
                || p == Protocol::Aggregate
                || p == Protocol::Ibgp && vendor::redistributes_ibgp(router.device))
            .then_some(SourceKind::Bgp);
        }
        RouteSource::Isis(_) => p.is_isis(),
        RouteSource::Eigrp(asn) => {
            p.is_eigrp() && crate::control_plane::eigrp::runs_as(router.device, &router.vrf, *asn)
        }
        _ => false,
    };
    hit.then_some(SourceKind::Other)
}

/// What the redistribution statements of `router` bring in.
fn redistributed(input: &Input<'_>, router: &Router<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    if router.process.redistribute.is_empty() {
        return out;
    }
    let Some(rib) = input.rib(router.node, &router.vrf) else {
        return out;
    };
    let vendor = router.vendor();
    for statement in &router.process.redistribute {
        for route in rib.routes() {
            let IpNet::V4(prefix) = route.prefix else {
                continue;
            };
            let Some(kind) = source_kind(statement, route, router) else {
                continue;
            };
            if prefix.prefix_len() == 0 && !vendor::redistributes_default_route(vendor) {
                continue;
            }
            if vendor::needs_subnets_keyword(vendor)
                && !statement.subnets
                && classful_length(prefix.addr()).is_none_or(|len| prefix.prefix_len() > len)
            {
                continue;
            }
            if route.protocol == Protocol::Connected
                && router
                    .interfaces
                    .iter()
                    .any(|i| i.address.trunc() == prefix || i.stubs.contains(&prefix))
            {
                continue;
            }
            let mut trace = Trace::default();
            let Some(after) = policy::redistribute(router.device, statement, route, &mut trace)
            else {
                continue;
            };
            // A route-map's `set metric` wins over the statement's, which wins over the vendor
            // default (EOS: a redistributed default route always gets 1).
            let metric = if after.metric != route.metric {
                after.metric
            } else if let Some(m) = statement.metric {
                m
            } else if prefix.prefix_len() == 0
                && let Some(m) = vendor::redistributed_default_metric(vendor)
            {
                m
            } else {
                vendor::default_external_metric(vendor, kind)
            };
            let type1 = after
                .ospf_metric_type
                .or(statement.metric_type)
                .is_some_and(|t| t == 1);
            let tag = if after.tag != route.tag.unwrap_or(0) {
                Some(after.tag)
            } else {
                statement.tag.or(route.tag)
            };
            let mut provenance = vec![statement.span];
            provenance.extend(trace.spans);
            provenance.extend(route.provenance.iter().copied());
            out.push(Candidate {
                prefix,
                metric,
                type1,
                tag,
                default_information: false,
                provenance,
            });
        }
    }
    out
}

/// The default route of `default-information originate`, when its condition holds.
fn default_information(input: &Input<'_>, router: &Router<'_>) -> Option<Candidate> {
    let d = router.process.default_originate.as_ref()?;
    let rib = input.rib(router.node, &router.vrf);
    let from_elsewhere = |r: &&Route| !r.protocol.is_ospf() && r.prefix.addr().is_ipv4();
    let active = d.always
        || match &d.route_policy {
            // IOS: with a route-map, the default is originated when the map matches any route.
            Some(name) => rib.is_some_and(|rib| {
                rib.routes().filter(from_elsewhere).any(|route| {
                    let mut attributes = RouteAttributes::new(route.prefix);
                    attributes.protocol = Some(route.protocol);
                    attributes.metric = route.metric;
                    attributes.next_hop = route.next_hop.address();
                    let mut trace = Trace::default();
                    matches!(
                        policy::evaluate(router.device, Some(name), attributes, &mut trace),
                        PolicyOutcome::Permit(_)
                    )
                })
            }),
            None => rib.is_some_and(|rib| {
                rib.get(&IpNet::V4(Ipv4Net::default()))
                    .iter()
                    .any(|r| from_elsewhere(&r))
            }),
        };
    active.then(|| Candidate {
        prefix: Ipv4Net::default(),
        metric: d.metric.unwrap_or(vendor::DEFAULT_ORIGINATE_METRIC),
        type1: d.metric_type == Some(1),
        tag: None,
        default_information: true,
        provenance: vec![router.process.span, d.span],
    })
}

/// The translator of each NSSA: its border router (an ABR attached to it) with the highest
/// router id.
pub(crate) fn translators(routers: &[Router<'_>]) -> BTreeMap<AreaId, usize> {
    let mut out: BTreeMap<AreaId, usize> = BTreeMap::new();
    for (r, router) in routers.iter().enumerate() {
        if !router.is_abr() {
            continue;
        }
        for (&area, kind) in &router.areas {
            if matches!(kind, AreaKind::Nssa { .. }) {
                let better = out
                    .get(&area)
                    .is_none_or(|&t| routers[t].router_id < router.router_id);
                if better {
                    out.insert(area, r);
                }
            }
        }
    }
    out
}

/// The routers others must reach to use type-5 advertisements: their originators and the NSSA
/// translators.
pub(crate) fn asbrs(lsas: &[Lsa], translators: &BTreeMap<AreaId, usize>) -> BTreeSet<usize> {
    let mut out: BTreeSet<usize> = lsas
        .iter()
        .filter(|l| l.nssa.is_none())
        .map(|l| l.origin)
        .collect();
    for (area, t) in translators {
        if lsas.iter().any(|l| l.nssa == Some(*area) && l.propagate) {
            out.insert(*t);
        }
    }
    out
}

/// Adds the type-5 translations of the NSSAs' propagated type-7 advertisements: one per prefix,
/// the translator's preferred one.
pub(crate) fn translate(
    areas: &BTreeMap<AreaId, Area>,
    states: &BTreeMap<usize, State>,
    translators: &BTreeMap<AreaId, usize>,
    mut lsas: Vec<Lsa>,
) -> Vec<Lsa> {
    let mut translated = Vec::new();
    for (&area, &t) in translators {
        let Some(state) = states.get(&t) else {
            continue;
        };
        let mut best: BTreeMap<Ipv4Net, (Rank, &Lsa)> = BTreeMap::new();
        for lsa in lsas.iter().filter(|l| {
            l.nssa == Some(area) && l.propagate && l.origin != t && l.prefix.prefix_len() > 0
        }) {
            let Some((cost, _)) = forwarding(areas, state, lsa) else {
                continue;
            };
            let key = rank(lsa, cost);
            if best.get(&lsa.prefix).is_none_or(|(k, _)| key < *k) {
                best.insert(lsa.prefix, (key, lsa));
            }
        }
        for (_, lsa) in best.into_values() {
            translated.push(Lsa {
                origin: t,
                nssa: None,
                propagate: false,
                translated: true,
                ..lsa.clone()
            });
        }
    }
    lsas.extend(translated);
    lsas
}

/// Where an advertisement's traffic goes from `r`, and at what cost: to its forwarding address
/// through `r`'s intra- or inter-area routes, else to its originator.
fn forwarding(areas: &BTreeMap<AreaId, Area>, state: &State, lsa: &Lsa) -> Option<(u32, NextHops)> {
    if let Some(fa) = lsa.forwarding {
        for len in (0..=32).rev() {
            let prefix = Ipv4Net::new(fa, len).ok()?.trunc();
            let Some(path) = state
                .intra
                .get(&prefix)
                .or_else(|| state.inter.get(&prefix))
            else {
                continue;
            };
            return match path.local {
                Some(interface) => Some((path.cost, Rc::from([(interface, fa)]))),
                None if !path.hops.is_empty() => Some((path.cost, path.hops.clone())),
                None => None,
            };
        }
        return None;
    }
    if let Some(id) = lsa.nssa {
        let area = areas.get(&id)?;
        let sp = state.spfs.get(&id)?;
        let v = *area.vertex_of.get(&lsa.origin)?;
        let d = sp.distance(v)?;
        let (hops, _) = resolve(area, sp.hops(v));
        return (!hops.is_empty()).then_some((d, hops));
    }
    let path = state.asbrs.get(&lsa.origin)?;
    (!path.hops.is_empty()).then(|| (path.cost, path.hops.clone()))
}

/// The preference key of an external path (lower is better), RFC 2328 §16.4 with RFC 3101's
/// NSSA rule: type 1 before type 2; type 1 by total cost; type 2 by metric, then forwarding
/// cost; on a tie, a type-7 with the P-bit, then a type-5, then another type-7. Only NSSA
/// border routers ever see both kinds for one prefix.
type Rank = (u8, u32, u32, u8);

fn rank(lsa: &Lsa, forwarding_cost: u32) -> Rank {
    let kind = match (lsa.nssa.is_some(), lsa.propagate) {
        (true, true) => 0,
        (false, _) => 1,
        (true, false) => 2,
    };
    if lsa.type1 {
        (0, forwarding_cost.saturating_add(lsa.metric), 0, kind)
    } else {
        (1, lsa.metric, forwarding_cost, kind)
    }
}

/// The chosen external route to one prefix.
#[derive(Clone, Debug)]
pub(crate) struct ExternalPath {
    /// `ospfE1`, `ospfE2`, `ospfN1` or `ospfN2`.
    pub(crate) protocol: Protocol,
    /// The metric shown in the table: total cost for type 1, the external metric for type 2.
    pub(crate) metric: u32,
    /// Route tag.
    pub(crate) tag: Option<u32>,
    /// Next hops and provenance.
    pub(crate) path: Path,
}

/// The external routes of router `r`.
pub(crate) fn routes(
    r: usize,
    routers: &[Router<'_>],
    areas: &BTreeMap<AreaId, Area>,
    state: &State,
    lsas: &[Lsa],
) -> BTreeMap<Ipv4Net, ExternalPath> {
    let router = &routers[r];
    // What this router itself redistributes (translations are not its own routes).
    let own: BTreeSet<Ipv4Net> = lsas
        .iter()
        .filter(|l| l.origin == r && !l.translated)
        .map(|l| l.prefix)
        .collect();
    let sees_type5 = router.has_normal_area();
    let mut best: BTreeMap<Ipv4Net, (Rank, ExternalPath)> = BTreeMap::new();
    for lsa in lsas {
        if lsa.origin == r {
            continue;
        }
        let visible = match lsa.nssa {
            None => sees_type5,
            Some(area) => router.areas.contains_key(&area),
        };
        if !visible {
            continue;
        }
        // The race between two redistributors of one prefix (see the module docs).
        if own.contains(&lsa.prefix) && routers[lsa.origin].router_id > router.router_id {
            continue;
        }
        let Some((cost, hops)) = forwarding(areas, state, lsa) else {
            continue;
        };
        let key = rank(lsa, cost);
        let protocol = match (lsa.nssa.is_some(), lsa.type1) {
            (false, true) => Protocol::OspfE1,
            (false, false) => Protocol::OspfE2,
            (true, true) => Protocol::OspfN1,
            (true, false) => Protocol::OspfN2,
        };
        let candidate = ExternalPath {
            protocol,
            metric: if lsa.type1 { key.1 } else { lsa.metric },
            tag: lsa.tag,
            path: Path {
                cost,
                hops,
                local: None,
                area: lsa.nssa.unwrap_or(0),
                provenance: lsa.provenance.clone(),
            },
        };
        match best.get_mut(&lsa.prefix) {
            Some((k, existing)) if *k == key => {
                existing.path.hops = union(&existing.path.hops, &candidate.path.hops);
            }
            Some((k, _)) if *k < key => {}
            _ => {
                best.insert(lsa.prefix, (key, candidate));
            }
        }
    }
    best.into_iter().map(|(p, (_, e))| (p, e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classful_lengths() {
        let len = |a: &str| classful_length(a.parse().unwrap());
        assert_eq!(len("10.1.2.3"), Some(8));
        assert_eq!(len("172.16.0.0"), Some(16));
        assert_eq!(len("192.168.1.0"), Some(24));
        assert_eq!(len("224.0.0.1"), None);
    }
}
