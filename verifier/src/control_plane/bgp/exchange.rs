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

use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::AddressFamily;

use super::config::{PeerConfig, Speaker};
use super::path::{Interner, Learned, Path, PathAttrs, PathSource};
use super::session::Half;
use crate::policy::community::{NO_ADVERTISE, NO_EXPORT, NO_EXPORT_SUBCONFED};
use crate::policy::{self, Direction, PolicyContext, PolicyOutcome, RouteAttributes, Trace};
use crate::rib::Protocol;

/// The configuration a session exchange reads.
pub struct Exchange<'w, 'a> {
    /// Speakers.
    pub speakers: &'w [Speaker<'a>],
    /// Neighbor configurations.
    pub peers: &'w [PeerConfig<'a>],
    /// Established session directions.
    pub halves: &'w [Half],
    /// For each half, the half in the opposite direction.
    pub reverse: &'w [usize],
}

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
        PathSource::Local(super::path::LocalKind::Aggregate) => Protocol::Aggregate,
        PathSource::Local(_) => Protocol::Bgp,
    });
    attrs.next_hop = a.next_hop;
    attrs.metric = a.med.unwrap_or(0);
    attrs.local_preference = a.local_pref;
    attrs.weight = a.weight;
    attrs.communities = a.communities.clone();
    attrs.as_path = a.as_path.clone();
    attrs.origin = a.origin;
    attrs.tag = a.tag;
    attrs
}

impl Exchange<'_, '_> {
    /// Whether the neighbor has any outbound (or inbound) policy, for `ebgp-requires-policy`.
    fn has_policy(peer: &PeerConfig<'_>, family: AddressFamily, inbound: bool) -> bool {
        peer.af(family).is_some_and(|af| {
            if inbound {
                af.route_policy_in.is_some()
                    || af.prefix_list_in.is_some()
                    || af.as_path_filter_in.is_some()
            } else {
                af.route_policy_out.is_some()
                    || af.prefix_list_out.is_some()
                    || af.as_path_filter_out.is_some()
            }
        })
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
        let speaker = &self.speakers[peer.speaker];
        let device = speaker.device;
        let inbound = ctx.direction == Direction::Import;
        let Some(af) = peer.af(family) else {
            return Some(attrs);
        };
        let (filter_list, prefix_list, route_map) = if inbound {
            (
                &af.as_path_filter_in,
                &af.prefix_list_in,
                &af.route_policy_in,
            )
        } else {
            (
                &af.as_path_filter_out,
                &af.prefix_list_out,
                &af.route_policy_out,
            )
        };
        // Undefined filter and prefix lists are ignored (Batfish's reading of IOS).
        if let Some(list) = filter_list
            && policy::lists::as_path_list(device, &list.value, &attrs.as_path, trace)
                == Some(false)
        {
            return None;
        }
        if let Some(list) = prefix_list
            && policy::lists::prefix_list(device, family, &list.value, &attrs.prefix, trace)
                == Some(false)
        {
            return None;
        }
        let name = route_map.as_ref().map(|r| r.value.as_str());
        match policy::evaluate_in(device, name, attrs, ctx, trace) {
            PolicyOutcome::Permit(a) => Some(a),
            PolicyOutcome::Deny => None,
        }
    }

    /// What the sender of half `h` advertises for `path` of `prefix`, or `None`.
    pub fn export(
        &self,
        h: usize,
        prefix: &IpNet,
        path: &Path,
        suppressed: bool,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Option<Arc<PathAttrs>> {
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
        let mut originator_id = None;
        let mut cluster_list = Vec::new();
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
            originator_id = Some(attrs.originator_id.unwrap_or(learned.peer_router_id));
            cluster_list.push(sender.cluster_id);
            cluster_list.extend_from_slice(&attrs.cluster_list);
            // The receiver would drop it (RFC 4456 loop prevention).
            if originator_id == Some(receiver.router_id)
                || cluster_list.contains(&receiver.cluster_id)
            {
                return None;
            }
        } else if !half.ebgp {
            // Non-reflected iBGP paths (local or eBGP-learned) keep no reflection attributes.
        }
        // 6. FRR >= 7.4: eBGP needs an outbound policy.
        if half.ebgp && sender.ebgp_requires_policy && !Self::has_policy(p, fam, false) {
            return None;
        }
        // 5. MED of learned paths is not sent to another AS.
        let mut view = attributes(*prefix, path);
        let med_present = if half.ebgp && !path.is_local() {
            view.metric = 0;
            false
        } else {
            attrs.med.is_some()
        };
        let next_hop_before = view.next_hop;
        view.next_hop_unchanged = false;
        let ctx = PolicyContext {
            direction: Direction::Export,
            peer_address: Some(half.to_ip),
            local_address: Some(half.from_ip),
        };
        let out = self.filter(p, fam, view, &ctx, trace)?;
        // 7. Next hop.
        let policy_set = out.next_hop != next_hop_before;
        let next_hop_self = p
            .af(fam)
            .and_then(|a| a.next_hop_self.as_ref())
            .is_some_and(|n| n.value);
        let wrong_family = |nh: Option<std::net::IpAddr>| {
            nh.is_some_and(|a| a.is_ipv4() != prefix.addr().is_ipv4())
        };
        let next_hop = if policy_set && !wrong_family(out.next_hop) {
            out.next_hop
        } else if half.ebgp {
            if out.next_hop_unchanged && out.next_hop.is_some() && !wrong_family(out.next_hop) {
                out.next_hop
            } else {
                Some(half.from_ip)
            }
        } else if (next_hop_self && !reflected)
            || out.next_hop.is_none()
            || wrong_family(out.next_hop)
        {
            Some(half.from_ip)
        } else {
            out.next_hop
        };
        // 8. AS path.
        let mut as_path = out.as_path.clone();
        if half.ebgp {
            let remote_as = self.peers[half.to].local_as;
            if p.af(fam)
                .and_then(|a| a.as_override.as_ref())
                .is_some_and(|o| o.value)
            {
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
            let mut prefix_path = vec![p.local_as];
            if p.local_as != p.process_as {
                prefix_path.push(p.process_as);
            }
            prefix_path.extend(as_path);
            as_path = prefix_path;
        }
        // 9. What else travels.
        let communities = if p.sends_communities(sender.device.vendor, fam) {
            out.communities.clone()
        } else {
            Default::default()
        };
        let med = if med_present || out.metric != 0 {
            Some(out.metric)
        } else {
            None
        };
        Some(interner.intern(PathAttrs {
            weight: 0,
            local_pref: if half.ebgp { 100 } else { out.local_preference },
            as_path,
            origin: out.origin,
            med,
            next_hop,
            communities,
            originator_id,
            cluster_list,
            tag: 0,
        }))
    }

    /// What the receiver of half `h` makes of advertised `attrs`, or `None` when it drops them.
    pub fn import(
        &self,
        h: usize,
        prefix: &IpNet,
        attrs: &Arc<PathAttrs>,
        path_id: u32,
        interner: &mut Interner,
        trace: &mut Trace,
    ) -> Option<Path> {
        let half = &self.halves[h];
        let fam = family(prefix);
        let receiver = &self.speakers[half.to_speaker];
        let sender = &self.speakers[half.from_speaker];
        let q = &self.peers[half.to];
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
        // 2. Reflection loops.
        if !half.ebgp
            && (attrs.originator_id == Some(receiver.router_id)
                || attrs.cluster_list.contains(&receiver.cluster_id))
        {
            return None;
        }
        if half.ebgp && receiver.ebgp_requires_policy && !Self::has_policy(q, fam, true) {
            return None;
        }
        // 3. Local preference and weight.
        let weight = af.and_then(|a| a.weight.as_ref()).map_or(0, |w| w.value);
        let mut received = (**attrs).clone();
        received.weight = weight;
        if half.ebgp {
            received.local_pref = 100;
            if q.local_as != q.process_as {
                // IOS `local-as`: inbound paths get the local AS prepended.
                received.as_path.insert(0, q.local_as);
            }
        }
        let from_client = af
            .and_then(|a| a.route_reflector_client.as_ref())
            .is_some_and(|c| c.value);
        let source = PathSource::Learned(Learned {
            half: h as u32,
            path_id,
            ebgp: half.ebgp,
            peer_address: half.from_ip,
            peer_router_id: sender.router_id,
            from_client,
        });
        let has_filters = af.is_some_and(|a| {
            a.route_policy_in.is_some()
                || a.prefix_list_in.is_some()
                || a.as_path_filter_in.is_some()
        });
        if !has_filters {
            let shared = if received == **attrs {
                Arc::clone(attrs)
            } else {
                interner.intern(received)
            };
            return Some(Path {
                attrs: shared,
                source,
            });
        }
        // 4. Inbound filters.
        let probe = Path {
            attrs: Arc::new(received.clone()),
            source,
        };
        let view = attributes(*prefix, &probe);
        let ctx = PolicyContext {
            direction: Direction::Import,
            peer_address: Some(half.from_ip),
            local_address: Some(half.to_ip),
        };
        let out = self.filter(q, fam, view, &ctx, trace)?;
        let med = if received.med.is_some() || out.metric != 0 {
            Some(out.metric)
        } else {
            None
        };
        let next_hop = if out.next_hop_unchanged {
            received.next_hop
        } else {
            out.next_hop
        };
        Some(Path {
            attrs: interner.intern(PathAttrs {
                weight: out.weight,
                local_pref: out.local_preference,
                as_path: out.as_path,
                origin: out.origin,
                med,
                next_hop,
                communities: out.communities,
                originator_id: received.originator_id,
                cluster_list: received.cluster_list,
                tag: out.tag,
            }),
            source,
        })
    }
}
