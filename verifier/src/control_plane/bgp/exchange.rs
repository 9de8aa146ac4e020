//! What happens to a path on its way across a session: the sender's export rules and policy,
//! then the receiver's checks and import policy.
//!
//! Export (sender A, neighbor statement P):
//!
//! 1. only families the session carries; not back to the neighbor it came from;
//! 2. `NO_ADVERTISE` goes nowhere, `NO_EXPORT` / `NO_EXPORT_SUBCONFED` not over eBGP;
//! 3. iBGP split horizon: an iBGP-learned path goes to another iBGP neighbor only when A reflects
//!    it (from a client: to everyone, clients only with client-to-client reflection on; from a
//!    non-client: to clients only); a reflected path gets A's cluster id prepended to its
//!    CLUSTER_LIST and an ORIGINATOR_ID;
//! 4. more specifics of an active `summary-only` aggregate are suppressed;
//! 5. over eBGP the MED of a learned path is dropped (it is not transitive), before the policy;
//! 6. the outbound filter list, prefix list and route-map (FRR >= 7.4: eBGP needs one of them);
//! 7. next hop: eBGP sets A's session address unless the policy set one (or `unchanged`); iBGP
//!    keeps it, except `next-hop-self` on non-reflected paths and local paths without a gateway;
//! 8. eBGP prepends A's AS (`local-as` first), with `as-override` and `remove-private-as`;
//! 9. communities are stripped unless the dialect sends them (see `config`); local preference
//!    goes only over iBGP; weight and tag never leave the router.
//!
//! Import (receiver B, neighbor statement Q):
//!
//! 1. an AS path containing B's AS more often than `allowas-in` allows is dropped;
//! 2. iBGP: a path whose ORIGINATOR_ID is B's router id, or whose CLUSTER_LIST has B's cluster
//!    id, is dropped (RFC 4456);
//! 3. eBGP paths get local preference 100; every path gets Q's `weight` (else 0);
//! 4. the inbound filter list, prefix list and route-map (FRR >= 7.4: eBGP needs one).
//!
//! ## Sharing work between sessions and prefixes
//!
//! The result of steps 5, 6, 8 and 9 depends only on the path's (interned) attributes, the
//! sender's configuration for the neighbor (its *export signature*), and the prefix when a
//! policy is configured. Neighbors with equal signatures (a route reflector's clients, a spine's
//! leaves in one AS) therefore share one computation per attribute set, cached by attribute
//! identity; likewise on import. The next hop, which differs per session, is decided outside the
//! cached part. Policies that read or set next hops are evaluated per session.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::policy::{PolicyMatch, PolicySet};
use routeproof_parser::ir::{self, AddressFamily};

use super::config::{PeerConfig, Speaker};
use super::path::{FxMap, Interner, Learned, LocalKind, Path, PathAttrs, PathSource};
use super::session::Half;
use crate::policy::community::{NO_ADVERTISE, NO_EXPORT, NO_EXPORT_SUBCONFED};
use crate::policy::{self, Direction, PolicyContext, PolicyOutcome, RouteAttributes, Trace};
use crate::rib::Protocol;

/// The address family of a prefix.
pub fn family(prefix: &IpNet) -> AddressFamily {
    match prefix {
        IpNet::V4(_) => AddressFamily::Ipv4,
        IpNet::V6(_) => AddressFamily::Ipv6,
    }
}

/// Private AS numbers (RFC 6996).
fn is_private(asn: u32) -> bool {
    (64512..=65534).contains(&asn) || (4_200_000_000..=4_294_967_294).contains(&asn)
}

/// Policy view of a BGP path.
pub fn attributes(prefix: IpNet, path: &Path) -> RouteAttributes {
    let a = &path.attrs;
    let mut attrs = RouteAttributes::new(prefix);
    attrs.protocol = Some(match path.source {
        PathSource::Learned(l) if l.ebgp => Protocol::Bgp,
        PathSource::Learned(_) => Protocol::Ibgp,
        PathSource::Local(LocalKind::Aggregate) => Protocol::Aggregate,
        PathSource::Local(_) => Protocol::Bgp,
    });
    attrs.next_hop = path.next_hop;
    attrs.metric = a.med.unwrap_or(0);
    attrs.local_preference = a.local_pref;
    attrs.weight = a.weight;
    attrs.communities = a.communities.clone();
    attrs.as_path = a.as_path.clone();
    attrs.origin = a.origin;
    attrs.tag = a.tag;
    attrs
}

/// Whether a policy reads or sets next hops (then its results are not shared between
/// sessions). Policies calling other policies count as touching them.
fn touches_next_hop(device: &ir::Device, name: &str) -> bool {
    fn reads(m: &PolicyMatch) -> bool {
        match m {
            PolicyMatch::NextHopPrefixList(_) | PolicyMatch::Policy(_) => true,
            PolicyMatch::Not(inner) => reads(inner),
            PolicyMatch::Any(members) | PolicyMatch::All(members) => members.iter().any(reads),
            _ => false,
        }
    }
    device.route_policies.get(name).is_some_and(|p| {
        p.clauses.iter().any(|c| {
            c.matches.iter().any(|m| reads(&m.value))
                || c.sets
                    .iter()
                    .any(|s| matches!(s.value, PolicySet::NextHop(_)))
        })
    })
}

/// The filters of one neighbor in one direction.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Filters {
    filter_list: Option<String>,
    prefix_list: Option<String>,
    route_map: Option<String>,
}

impl Filters {
    fn of(peer: &PeerConfig<'_>, family: AddressFamily, inbound: bool) -> Filters {
        let name =
            |s: &Option<routeproof_parser::Spanned<String>>| s.as_ref().map(|v| v.value.clone());
        match peer.af(family) {
            None => Filters {
                filter_list: None,
                prefix_list: None,
                route_map: None,
            },
            Some(af) if inbound => Filters {
                filter_list: name(&af.as_path_filter_in),
                prefix_list: name(&af.prefix_list_in),
                route_map: name(&af.route_policy_in),
            },
            Some(af) => Filters {
                filter_list: name(&af.as_path_filter_out),
                prefix_list: name(&af.prefix_list_out),
                route_map: name(&af.route_policy_out),
            },
        }
    }

    fn any(&self) -> bool {
        self.filter_list.is_some() || self.prefix_list.is_some() || self.route_map.is_some()
    }
}

/// Everything the shared part of an export depends on, besides the path and the prefix.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct ExportSignature {
    speaker: usize,
    family: AddressFamily,
    ebgp: bool,
    local_as: u32,
    process_as: u32,
    filters: Filters,
    send_communities: bool,
    remove_private_as: bool,
    /// `as-override`: the AS to replace.
    override_as: Option<u32>,
}

/// Everything the shared part of an import depends on, besides the path and the prefix.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct ImportSignature {
    speaker: usize,
    family: AddressFamily,
    ebgp: bool,
    local_as: u32,
    process_as: u32,
    allowas_in: usize,
    weight: u32,
    filters: Filters,
}

/// How the next hop of an export is chosen, once the shared part is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NextHopChoice {
    /// The policy set this address.
    Explicit(IpAddr),
    /// The policy asked to keep the next hop.
    Unchanged,
    /// The protocol's default rules.
    Default,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ExportKey {
    signature: u32,
    attrs: usize,
    /// What the path is (policies may match on it): local kind, eBGP or iBGP.
    source_kind: u8,
    /// The ORIGINATOR_ID a reflected path gets (`None` when not reflected).
    originator: Option<Option<Ipv4Addr>>,
    /// The cluster id a reflected path gets.
    cluster: Option<Ipv4Addr>,
    prefix: Option<IpNet>,
    /// Set when the policy touches next hops: the session and the next hop.
    session: Option<(u32, Option<IpAddr>)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ImportKey {
    signature: u32,
    attrs: usize,
    prefix: Option<IpNet>,
    session: Option<(u32, Option<IpAddr>)>,
}

/// Session indexes at and above this mark external announcements (no session direction).
pub const EXTERNAL_HALF_BASE: u32 = 1 << 30;

/// The receiving end of a route: the neighbor statement and the addresses on either side.
struct Receiving {
    peer: usize,
    ebgp: bool,
    from_ip: IpAddr,
    to_ip: IpAddr,
}

type Exported = Option<(Arc<PathAttrs>, NextHopChoice)>;
type Imported = Option<(Arc<PathAttrs>, NextHopChoice)>;

/// The session exchange with its caches.
pub struct Exchange<'w, 'a> {
    /// Speakers.
    pub speakers: &'w [Speaker<'a>],
    /// Neighbor configurations.
    pub peers: &'w [PeerConfig<'a>],
    /// Established session directions.
    pub halves: &'w [Half],
    /// For each half, the half in the opposite direction.
    pub reverse: &'w [usize],
    export_signatures: Vec<[u32; 2]>,
    import_signatures: Vec<[u32; 2]>,
    export_policy_touches_nh: Vec<[bool; 2]>,
    import_policy_touches_nh: Vec<[bool; 2]>,
    export_cache: FxMap<ExportKey, Exported>,
    import_cache: FxMap<ImportKey, Imported>,
}

fn family_index(family: AddressFamily) -> usize {
    match family {
        AddressFamily::Ipv4 => 0,
        AddressFamily::Ipv6 => 1,
    }
}

impl<'w, 'a> Exchange<'w, 'a> {
    /// The exchange over `halves`, with the signatures of every session precomputed.
    pub fn new(
        speakers: &'w [Speaker<'a>],
        peers: &'w [PeerConfig<'a>],
        halves: &'w [Half],
        reverse: &'w [usize],
    ) -> Exchange<'w, 'a> {
        let mut export_ids: std::collections::BTreeMap<ExportSignature, u32> = Default::default();
        let mut import_ids: std::collections::BTreeMap<ImportSignature, u32> = Default::default();
        let mut export_signatures = Vec::with_capacity(halves.len());
        let mut import_signatures = Vec::with_capacity(halves.len());
        let mut export_policy_touches_nh = Vec::with_capacity(halves.len());
        let mut import_policy_touches_nh = Vec::with_capacity(halves.len());
        for half in halves {
            let p = &peers[half.from];
            let q = &peers[half.to];
            let sender = &speakers[half.from_speaker];
            let receiver = &speakers[half.to_speaker];
            let mut e = [0u32; 2];
            let mut i = [0u32; 2];
            let mut et = [false; 2];
            let mut it = [false; 2];
            for family in [AddressFamily::Ipv4, AddressFamily::Ipv6] {
                let x = family_index(family);
                let out_filters = Filters::of(p, family, false);
                et[x] = out_filters
                    .route_map
                    .as_deref()
                    .is_some_and(|m| touches_next_hop(sender.device, m));
                let signature = ExportSignature {
                    speaker: half.from_speaker,
                    family,
                    ebgp: half.ebgp,
                    local_as: p.local_as,
                    process_as: p.process_as,
                    filters: out_filters,
                    send_communities: p.sends_communities(sender.device.vendor, family, half.ebgp),
                    remove_private_as: p
                        .neighbor
                        .remove_private_as
                        .as_ref()
                        .is_some_and(|r| r.value),
                    override_as: p
                        .af(family)
                        .and_then(|a| a.as_override.as_ref())
                        .is_some_and(|o| o.value)
                        .then_some(q.local_as),
                };
                let next = export_ids.len() as u32;
                e[x] = *export_ids.entry(signature).or_insert(next);
                let in_filters = Filters::of(q, family, true);
                it[x] = in_filters
                    .route_map
                    .as_deref()
                    .is_some_and(|m| touches_next_hop(receiver.device, m));
                let signature = ImportSignature {
                    speaker: half.to_speaker,
                    family,
                    ebgp: half.ebgp,
                    local_as: q.local_as,
                    process_as: q.process_as,
                    allowas_in: q
                        .af(family)
                        .and_then(|a| a.allowas_in.as_ref())
                        .map_or(0, |a| usize::from(a.value)),
                    weight: q
                        .af(family)
                        .and_then(|a| a.weight.as_ref())
                        .map_or(0, |w| w.value),
                    filters: in_filters,
                };
                let next = import_ids.len() as u32;
                i[x] = *import_ids.entry(signature).or_insert(next);
            }
            export_signatures.push(e);
            import_signatures.push(i);
            export_policy_touches_nh.push(et);
            import_policy_touches_nh.push(it);
        }
        Exchange {
            speakers,
            peers,
            halves,
            reverse,
            export_signatures,
            import_signatures,
            export_policy_touches_nh,
            import_policy_touches_nh,
            export_cache: FxMap::default(),
            import_cache: FxMap::default(),
        }
    }

    /// Runs a neighbor's filter list, prefix list and route-map in one direction.
    fn filter(
        &self,
        peer: &PeerConfig<'_>,
        family: AddressFamily,
        attrs: RouteAttributes,
        ctx: &PolicyContext,
        trace: &mut Trace,
    ) -> Option<RouteAttributes> {
        let device = self.speakers[peer.speaker].device;
        let filters = Filters::of(peer, family, ctx.direction == Direction::Import);
        // Undefined filter and prefix lists are ignored (Batfish's reading of IOS).
        if let Some(list) = &filters.filter_list
            && policy::lists::as_path_list(device, list, &attrs.as_path, trace) == Some(false)
        {
            return None;
        }
        if let Some(list) = &filters.prefix_list
            && policy::lists::prefix_list(device, family, list, &attrs.prefix, trace) == Some(false)
        {
            return None;
        }
        match policy::evaluate_in(device, filters.route_map.as_deref(), attrs, ctx, trace) {
            PolicyOutcome::Permit(a) => Some(a),
            PolicyOutcome::Deny => None,
        }
    }

    /// What the sender of half `h` advertises for `path` of `prefix` (attributes and next hop),
    /// or `None`.
    #[allow(clippy::too_many_arguments)] // The per-call state is all needed; a struct adds nothing.
    pub fn export(
        &mut self,
        h: usize,
        prefix: &IpNet,
        path: &Path,
        suppressed: bool,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Option<(Arc<PathAttrs>, Option<IpAddr>)> {
        let half = &self.halves[h];
        let fam = family(prefix);
        if !half.families.contains(&fam) || suppressed {
            return None;
        }
        let sender = &self.speakers[half.from_speaker];
        let receiver = &self.speakers[half.to_speaker];
        let p = &self.peers[half.from];
        let attrs = &path.attrs;
        // 1. Not back to where it came from.
        if let Some(learned) = path.learned()
            && learned.half as usize == self.reverse[h]
        {
            return None;
        }
        // 2. Well-known communities.
        if attrs.communities.contains(&NO_ADVERTISE)
            || half.ebgp
                && (attrs.communities.contains(&NO_EXPORT)
                    || attrs.communities.contains(&NO_EXPORT_SUBCONFED))
        {
            return None;
        }
        // 3. iBGP split horizon and route reflection.
        let reflected = !half.ebgp && path.is_ibgp();
        let mut originator = None;
        if reflected {
            let learned = path.learned()?;
            let to_client = p
                .af(fam)
                .and_then(|a| a.route_reflector_client.as_ref())
                .is_some_and(|c| c.value);
            let allowed = if learned.from_client {
                !to_client || sender.client_to_client
            } else {
                to_client
            };
            if !allowed {
                return None;
            }
            let originator_id = attrs.originator_id.unwrap_or(learned.peer_router_id);
            // The receiver would drop it (RFC 4456 loop prevention).
            if originator_id == receiver.router_id
                || sender.cluster_id == receiver.cluster_id
                || attrs.cluster_list.contains(&receiver.cluster_id)
            {
                return None;
            }
            originator = Some(Some(originator_id));
        }
        // 6. FRR >= 7.4: eBGP needs an outbound policy.
        let x = family_index(fam);
        let signature = self.export_signatures[h][x];
        let touches_nh = self.export_policy_touches_nh[h][x];
        let has_filters = Filters::of(p, fam, false).any();
        if half.ebgp && sender.ebgp_requires_policy && !has_filters {
            return None;
        }
        let key = ExportKey {
            signature,
            attrs: Arc::as_ptr(attrs) as usize,
            source_kind: match path.source {
                PathSource::Local(LocalKind::Aggregate) => 0,
                PathSource::Local(LocalKind::Network) => 1,
                PathSource::Local(LocalKind::Redistributed) => 2,
                PathSource::Learned(l) if l.ebgp => 3,
                PathSource::Learned(_) => 4,
            },
            originator,
            cluster: reflected.then_some(sender.cluster_id),
            prefix: has_filters.then_some(*prefix),
            session: touches_nh.then_some((h as u32, path.next_hop)),
        };
        let shared = match self.export_cache.get(&key) {
            Some(hit) => hit.clone(),
            None => {
                let computed = self.export_shared(h, prefix, path, originator, interner, trace);
                self.export_cache.insert(key, computed.clone());
                computed
            }
        };
        let (out_attrs, choice) = shared?;
        // 7. Next hop.
        let wrong_family = |nh: IpAddr| nh.is_ipv4() != prefix.addr().is_ipv4();
        let next_hop_self = p
            .af(fam)
            .and_then(|a| a.next_hop_self.as_ref())
            .is_some_and(|n| n.value);
        let next_hop = match choice {
            NextHopChoice::Explicit(a) if !wrong_family(a) => a,
            NextHopChoice::Unchanged if half.ebgp => match path.next_hop {
                Some(a) if !wrong_family(a) => a,
                _ => half.from_ip,
            },
            _ if half.ebgp => half.from_ip,
            _ => match path.next_hop {
                Some(a) if !wrong_family(a) && (!next_hop_self || reflected) => a,
                _ => half.from_ip,
            },
        };
        Some((out_attrs, Some(next_hop)))
    }

    /// Steps 5, 6, 8 and 9 of the export: the part shared by sessions with one signature.
    fn export_shared(
        &self,
        h: usize,
        prefix: &IpNet,
        path: &Path,
        originator: Option<Option<Ipv4Addr>>,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Exported {
        let half = &self.halves[h];
        let fam = family(prefix);
        let sender = &self.speakers[half.from_speaker];
        let p = &self.peers[half.from];
        let attrs = &path.attrs;
        let reflected = originator.is_some();
        // 5. MED of learned paths is not sent to another AS.
        let mut view = attributes(*prefix, path);
        let med_present = if half.ebgp && !path.is_local() {
            view.metric = 0;
            false
        } else {
            attrs.med.is_some()
        };
        let next_hop_before = view.next_hop;
        let ctx = PolicyContext {
            direction: Direction::Export,
            peer_address: Some(half.to_ip),
            local_address: Some(half.from_ip),
        };
        let out = self.filter(p, fam, view, &ctx, trace)?;
        let choice = if out.next_hop != next_hop_before {
            out.next_hop
                .map_or(NextHopChoice::Default, NextHopChoice::Explicit)
        } else if out.next_hop_unchanged {
            NextHopChoice::Unchanged
        } else {
            NextHopChoice::Default
        };
        // 8. AS path.
        let mut as_path = out.as_path;
        if half.ebgp {
            if let Some(remote_as) = self.export_override_as(h, fam) {
                for asn in &mut as_path {
                    if *asn == remote_as {
                        *asn = p.local_as;
                    }
                }
            }
            if p.neighbor
                .remove_private_as
                .as_ref()
                .is_some_and(|r| r.value)
                && as_path.iter().all(|a| is_private(*a))
            {
                as_path.clear();
            }
            let mut prepended = Vec::with_capacity(as_path.len() + 2);
            prepended.push(p.local_as);
            if p.local_as != p.process_as {
                prepended.push(p.process_as);
            }
            prepended.extend(as_path);
            as_path = prepended;
        }
        // 9. What else travels.
        let communities = if p.sends_communities(sender.device.vendor, fam, half.ebgp) {
            out.communities
        } else {
            Default::default()
        };
        let med = if med_present || out.metric != 0 {
            Some(out.metric)
        } else {
            None
        };
        let (originator_id, cluster_list) = if reflected {
            let mut list = Vec::with_capacity(attrs.cluster_list.len() + 1);
            list.push(sender.cluster_id);
            list.extend_from_slice(&attrs.cluster_list);
            (originator.flatten(), list)
        } else {
            (None, Vec::new())
        };
        let shared = interner.intern(PathAttrs {
            weight: 0,
            local_pref: if half.ebgp { 100 } else { out.local_preference },
            as_path,
            origin: out.origin,
            med,
            communities,
            originator_id,
            cluster_list,
            tag: 0,
        });
        Some((shared, choice))
    }

    fn export_override_as(&self, h: usize, family: AddressFamily) -> Option<u32> {
        let half = &self.halves[h];
        self.peers[half.from]
            .af(family)
            .and_then(|a| a.as_override.as_ref())
            .is_some_and(|o| o.value)
            .then_some(self.peers[half.to].local_as)
    }

    /// What the receiver of half `h` makes of advertised `attrs` with `next_hop`, or `None`
    /// when it drops them.
    #[allow(clippy::too_many_arguments)] // The per-call state is all needed; a struct adds nothing.
    pub fn import(
        &mut self,
        h: usize,
        prefix: &IpNet,
        attrs: &Arc<PathAttrs>,
        next_hop: Option<IpAddr>,
        path_id: u32,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Option<Path> {
        let half = &self.halves[h];
        let fam = family(prefix);
        let receiver = &self.speakers[half.to_speaker];
        let sender = &self.speakers[half.from_speaker];
        let q = &self.peers[half.to];
        // 2. Reflection loops.
        if !half.ebgp
            && (attrs.originator_id == Some(receiver.router_id)
                || attrs.cluster_list.contains(&receiver.cluster_id))
        {
            return None;
        }
        let x = family_index(fam);
        let has_filters = Filters::of(q, fam, true).any();
        if half.ebgp && receiver.ebgp_requires_policy && !has_filters {
            return None;
        }
        let key = ImportKey {
            signature: self.import_signatures[h][x],
            attrs: Arc::as_ptr(attrs) as usize,
            prefix: has_filters.then_some(*prefix),
            session: self.import_policy_touches_nh[h][x].then_some((h as u32, next_hop)),
        };
        let shared = match self.import_cache.get(&key) {
            Some(hit) => hit.clone(),
            None => {
                let computed = self.import_shared(h, prefix, attrs, next_hop, interner, trace);
                self.import_cache.insert(key, computed.clone());
                computed
            }
        };
        let (shared, choice) = shared?;
        let from_client = q
            .af(fam)
            .and_then(|a| a.route_reflector_client.as_ref())
            .is_some_and(|c| c.value);
        let next_hop = match choice {
            NextHopChoice::Explicit(a) => Some(a),
            NextHopChoice::Unchanged | NextHopChoice::Default => next_hop,
        };
        Some(Path {
            attrs: shared,
            next_hop,
            source: PathSource::Learned(Learned {
                half: h as u32,
                path_id,
                ebgp: half.ebgp,
                peer_address: half.from_ip,
                peer_router_id: sender.router_id,
                from_client,
            }),
        })
    }

    /// Steps 1, 3 and 4 of the import: the part shared by sessions with one signature.
    fn import_shared(
        &self,
        h: usize,
        prefix: &IpNet,
        attrs: &Arc<PathAttrs>,
        next_hop: Option<IpAddr>,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Imported {
        let half = &self.halves[h];
        let side = Receiving {
            peer: half.to,
            ebgp: half.ebgp,
            from_ip: half.from_ip,
            to_ip: half.to_ip,
        };
        self.import_on(&side, prefix, attrs, next_hop, interner, trace)
    }

    /// Import steps 1, 3 and 4 on the receiving side `side`.
    fn import_on(
        &self,
        side: &Receiving,
        prefix: &IpNet,
        attrs: &Arc<PathAttrs>,
        next_hop: Option<IpAddr>,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Imported {
        let fam = family(prefix);
        let q = &self.peers[side.peer];
        let af = q.af(fam);
        // 1. AS loop.
        let allowed = af
            .and_then(|a| a.allowas_in.as_ref())
            .map_or(0, |a| usize::from(a.value));
        let own = attrs
            .as_path
            .iter()
            .filter(|a| **a == q.process_as || **a == q.local_as)
            .count();
        if own > allowed {
            return None;
        }
        // 3. Local preference and weight.
        let weight = af.and_then(|a| a.weight.as_ref()).map_or(0, |w| w.value);
        let mut received = (**attrs).clone();
        received.weight = weight;
        if side.ebgp {
            received.local_pref = 100;
            if q.local_as != q.process_as {
                // IOS `local-as`: inbound paths get the local AS prepended.
                received.as_path.insert(0, q.local_as);
            }
        }
        if !Filters::of(q, fam, true).any() {
            let shared = if received == **attrs {
                Arc::clone(attrs)
            } else {
                interner.intern(received)
            };
            return Some((shared, NextHopChoice::Default));
        }
        // 4. Inbound filters.
        let probe = Path {
            attrs: Arc::new(received.clone()),
            next_hop,
            source: PathSource::Learned(Learned {
                half: u32::MAX,
                path_id: 0,
                ebgp: side.ebgp,
                peer_address: side.from_ip,
                peer_router_id: Ipv4Addr::UNSPECIFIED,
                from_client: false,
            }),
        };
        let view = attributes(*prefix, &probe);
        let ctx = PolicyContext {
            direction: Direction::Import,
            peer_address: Some(side.from_ip),
            local_address: Some(side.to_ip),
        };
        let out = self.filter(q, fam, view, &ctx, trace)?;
        let med = if received.med.is_some() || out.metric != 0 {
            Some(out.metric)
        } else {
            None
        };
        let choice = if out.next_hop_unchanged || out.next_hop == next_hop {
            NextHopChoice::Default
        } else {
            out.next_hop
                .map_or(NextHopChoice::Default, NextHopChoice::Explicit)
        };
        let shared = interner.intern(PathAttrs {
            weight: out.weight,
            local_pref: out.local_preference,
            as_path: out.as_path,
            origin: out.origin,
            med,
            communities: out.communities,
            originator_id: received.originator_id,
            cluster_list: received.cluster_list,
            tag: out.tag,
        });
        Some((shared, choice))
    }

    /// A route announced from outside the snapshot (an external BGP announcement) to neighbor
    /// statement `peer`, from `from_ip`: the neighbor's import rules and policy apply as for a
    /// route received on an established session. `id` distinguishes the announcement.
    #[allow(clippy::too_many_arguments)] // The per-call state is all needed; a struct adds nothing.
    pub fn import_external(
        &self,
        peer: usize,
        id: u32,
        prefix: &IpNet,
        attrs: &Arc<PathAttrs>,
        next_hop: IpAddr,
        from_ip: IpAddr,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Option<Path> {
        let q = &self.peers[peer];
        let receiver = &self.speakers[q.speaker];
        let ebgp = match q.remote_as() {
            Some(routeproof_parser::ir::routing::RemoteAs::Asn(a)) => a != q.local_as,
            Some(routeproof_parser::ir::routing::RemoteAs::Internal) => false,
            _ => true,
        };
        let fam = family(prefix);
        if ebgp && receiver.ebgp_requires_policy && !Filters::of(q, fam, true).any() {
            return None;
        }
        let side = Receiving {
            peer,
            ebgp,
            from_ip,
            to_ip: from_ip,
        };
        let (shared, choice) =
            self.import_on(&side, prefix, attrs, Some(next_hop), interner, trace)?;
        let next_hop = match choice {
            NextHopChoice::Explicit(a) => a,
            NextHopChoice::Unchanged | NextHopChoice::Default => next_hop,
        };
        let router_id = match from_ip {
            IpAddr::V4(v4) => v4,
            IpAddr::V6(_) => Ipv4Addr::UNSPECIFIED,
        };
        Some(Path {
            attrs: shared,
            next_hop: Some(next_hop),
            source: PathSource::Learned(Learned {
                half: EXTERNAL_HALF_BASE.saturating_add(id),
                path_id: 0,
                ebgp,
                peer_address: from_ip,
                peer_router_id: router_id,
                from_client: q
                    .af(fam)
                    .and_then(|a| a.route_reflector_client.as_ref())
                    .is_some_and(|c| c.value),
            }),
        })
    }
}
