//! The BGP decision process, in one place.
//!
//! [`compare`] orders two candidate paths of one prefix; the steps below run in order and the
//! first that differs decides. Each step names the vendor behaviour it models. Paths that are
//! not valid at all (unresolvable next hop, AS loop, ...) never get here: the caller drops them.
//!
//! 1. **Weight**, higher first (Cisco IOS/NX-OS, EOS and FRR all have the knob; local paths get
//!    32768 on Cisco-style devices, learned paths 0 unless `neighbor weight`).
//! 2. **Local preference**, higher first (RFC 4271 §9.1.1).
//! 3. **Locally originated** first (`network`, `redistribute` before `aggregate-address`, as IOS
//!    documents; then learned paths).
//! 4. **AS-path length**, shorter first, unless `bgp bestpath as-path ignore`.
//! 5. **Origin**, IGP < EGP < incomplete.
//! 6. **MED**, lower first. Compared only between paths from the same neighbouring AS unless
//!    `bgp always-compare-med`; a missing MED counts as 0, or as the worst value with
//!    `bgp bestpath med missing-as-worst` (IOS, EOS, FRR).
//! 7. **eBGP over iBGP**.
//! 8. **IGP cost to the next hop**, lower first.
//!
//!    Paths equal through step 8 whose AS paths are equal (or only of equal length with
//!    `bgp bestpath as-path multipath-relax`) and of the same type (both eBGP or both iBGP) are
//!    *multipath-equal*: up to `maximum-paths` of them (`maximum-paths ibgp` for iBGP) are
//!    installed, in the order of the remaining steps.
//!
//! 9. **Router id**, lower first; the ORIGINATOR_ID stands in for the router id of reflected
//!    paths (RFC 4456 §9). The "oldest eBGP path" step of IOS is skipped on purpose: arrival
//!    order is not a property of the configuration, so the simulation compares router ids
//!    (what `bgp bestpath compare-routerid` does on IOS and what EOS and FRR do by default).
//! 10. **CLUSTER_LIST length**, shorter first (RFC 4456 §9).
//! 11. **Neighbor address**, lower first.
//! 12. Finally the session index and add-path id, so the order is total even between paths no
//!     real router could tell apart (e.g. the same path over two sessions to one neighbor
//!     address in different VRFs).
//!
//! Because step 6 compares MEDs only within a neighbouring AS, a single pairwise order over all
//! paths is not transitive (the classic MED oscillation). [`select`] therefore works the way
//! `bgp deterministic-med` does: it picks the best path of each neighbouring AS with MEDs
//! compared, then the best of those with MEDs ignored. Both orders are total, and the result
//! does not depend on the order of the candidates.

use std::cmp::Ordering;

use routeproof_parser::ir::policy::Origin;

use super::path::{LocalKind, Path, PathSource};

/// One candidate: a valid path and the IGP cost to reach its next hop.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    /// The path.
    pub path: &'a Path,
    /// Cost of the route the next hop resolves through (0 for local paths).
    pub igp_cost: u64,
}

/// The process-wide knobs that change selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `bgp always-compare-med`.
    pub always_compare_med: bool,
    /// `bgp bestpath med missing-as-worst`.
    pub med_missing_as_worst: bool,
    /// `bgp bestpath as-path ignore`.
    pub as_path_ignore: bool,
    /// `bgp bestpath as-path multipath-relax`.
    pub multipath_relax: bool,
    /// `maximum-paths` for eBGP paths (1: no multipath).
    pub max_paths_ebgp: usize,
    /// `maximum-paths ibgp`.
    pub max_paths_ibgp: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            always_compare_med: false,
            med_missing_as_worst: false,
            as_path_ignore: false,
            multipath_relax: false,
            max_paths_ebgp: 1,
            max_paths_ibgp: 1,
        }
    }
}

/// Whether step 6 runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Med {
    /// Compare MEDs.
    Compare,
    /// Skip the MED step.
    Ignore,
}

/// Orders two candidates: `Less` means `a` is preferred. A total order for each [`Med`] rule.
pub fn compare(a: &Candidate<'_>, b: &Candidate<'_>, settings: &Settings, med: Med) -> Ordering {
    multipath_key_order(a, b, settings, med).then_with(|| tie_break(a.path, b.path))
}

/// Steps 1 to 8.
fn multipath_key_order(
    a: &Candidate<'_>,
    b: &Candidate<'_>,
    settings: &Settings,
    med: Med,
) -> Ordering {
    let (x, y) = (&a.path.attrs, &b.path.attrs);
    // 1. Weight: higher is better.
    y.weight
        .cmp(&x.weight)
        // 2. Local preference: higher is better.
        .then_with(|| y.local_pref.cmp(&x.local_pref))
        // 3. Locally originated paths first.
        .then_with(|| local_rank(a.path).cmp(&local_rank(b.path)))
        // 4. Shorter AS path.
        .then_with(|| {
            if settings.as_path_ignore {
                Ordering::Equal
            } else {
                x.as_path.len().cmp(&y.as_path.len())
            }
        })
        // 5. Origin: IGP < EGP < incomplete.
        .then_with(|| origin_rank(x.origin).cmp(&origin_rank(y.origin)))
        // 6. Lower MED.
        .then_with(|| match med {
            Med::Compare => med_value(x.med, settings).cmp(&med_value(y.med, settings)),
            Med::Ignore => Ordering::Equal,
        })
        // 7. eBGP over iBGP.
        .then_with(|| type_rank(a.path).cmp(&type_rank(b.path)))
        // 8. Lower IGP cost to the next hop.
        .then_with(|| a.igp_cost.cmp(&b.igp_cost))
}

/// Steps 9 to 12.
fn tie_break(a: &Path, b: &Path) -> Ordering {
    // 9. Lower router id (originator id for reflected paths).
    router_id(a)
        .cmp(&router_id(b))
        // 10. Shorter cluster list.
        .then_with(|| a.attrs.cluster_list.len().cmp(&b.attrs.cluster_list.len()))
        // 11. Lower neighbor address (local paths have none and sort first).
        .then_with(|| {
            let addr = |p: &Path| p.learned().map(|l| l.peer_address);
            addr(a).cmp(&addr(b))
        })
        // 12. Session, add-path id and origin kind: only for totality.
        .then_with(|| a.source.cmp(&b.source))
        .then_with(|| a.attrs.cmp(&b.attrs))
        .then_with(|| a.next_hop.cmp(&b.next_hop))
}

fn local_rank(path: &Path) -> u8 {
    match path.source {
        PathSource::Local(LocalKind::Network | LocalKind::Redistributed) => 0,
        PathSource::Local(LocalKind::Aggregate) => 1,
        PathSource::Learned(_) => 2,
    }
}

fn origin_rank(origin: Origin) -> u8 {
    match origin {
        Origin::Igp => 0,
        Origin::Egp => 1,
        Origin::Incomplete => 2,
    }
}

fn med_value(med: Option<u32>, settings: &Settings) -> u64 {
    match med {
        Some(v) => u64::from(v),
        None if settings.med_missing_as_worst => u64::from(u32::MAX) + 1,
        None => 0,
    }
}

fn type_rank(path: &Path) -> u8 {
    match path.source {
        PathSource::Local(_) => 0,
        PathSource::Learned(l) if l.ebgp => 0,
        PathSource::Learned(_) => 1,
    }
}

fn router_id(path: &Path) -> u32 {
    match (&path.source, path.attrs.originator_id) {
        (_, Some(originator)) => u32::from(originator),
        (PathSource::Learned(l), None) => u32::from(l.peer_router_id),
        (PathSource::Local(_), None) => 0,
    }
}

/// Whether `b` may share the forwarding of best path `a` (multipath).
pub fn multipath_equal(a: &Candidate<'_>, b: &Candidate<'_>, settings: &Settings) -> bool {
    if a.path.is_local() || b.path.is_local() || a.path.is_ebgp() != b.path.is_ebgp() {
        return false;
    }
    if multipath_key_order(a, b, settings, Med::Compare) != Ordering::Equal {
        return false;
    }
    if settings.multipath_relax {
        a.path.attrs.as_path.len() == b.path.attrs.as_path.len()
    } else {
        a.path.attrs.as_path == b.path.attrs.as_path
    }
}

/// The selected paths of one prefix, best first: the best path and the paths that share its
/// forwarding under `maximum-paths`. Indexes into `candidates`; empty when there are none.
pub fn select(candidates: &[Candidate<'_>], settings: &Settings) -> Vec<usize> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let best = if settings.always_compare_med {
        (0..candidates.len())
            .min_by(|&i, &j| compare(&candidates[i], &candidates[j], settings, Med::Compare))
    } else {
        // Best per neighbouring AS with MEDs compared, then the best of those without MED.
        let mut group_best: Vec<usize> = Vec::new();
        for i in 0..candidates.len() {
            let asn = candidates[i].path.attrs.neighbor_as();
            match group_best
                .iter_mut()
                .find(|g| candidates[**g].path.attrs.neighbor_as() == asn)
            {
                Some(g) => {
                    if compare(&candidates[i], &candidates[*g], settings, Med::Compare)
                        == Ordering::Less
                    {
                        *g = i;
                    }
                }
                None => group_best.push(i),
            }
        }
        group_best
            .into_iter()
            .min_by(|&i, &j| compare(&candidates[i], &candidates[j], settings, Med::Ignore))
    };
    let Some(best) = best else {
        return Vec::new();
    };
    let limit = if candidates[best].path.is_ibgp() {
        settings.max_paths_ibgp
    } else {
        settings.max_paths_ebgp
    }
    .max(1);
    let mut others: Vec<usize> = (0..candidates.len())
        .filter(|&i| i != best && multipath_equal(&candidates[best], &candidates[i], settings))
        .collect();
    others.sort_by(|&i, &j| compare(&candidates[i], &candidates[j], settings, Med::Compare));
    let mut out = vec![best];
    out.extend(others.into_iter().take(limit - 1));
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::net::{IpAddr, Ipv4Addr};
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::control_plane::bgp::path::{Learned, PathAttrs};

    fn learned(peer: u8, ebgp: bool) -> PathSource {
        PathSource::Learned(Learned {
            half: u32::from(peer),
            path_id: 0,
            ebgp,
            peer_address: IpAddr::V4(Ipv4Addr::new(10, 0, 0, peer)),
            peer_router_id: Ipv4Addr::new(1, 1, 1, peer),
            from_client: false,
        })
    }

    fn path(f: impl FnOnce(&mut PathAttrs), source: PathSource) -> Path {
        let mut attrs = PathAttrs::local();
        f(&mut attrs);
        Path {
            attrs: Arc::new(attrs),
            next_hop: None,
            source,
        }
    }

    fn best_of(paths: &[Path], settings: &Settings) -> Vec<usize> {
        let c: Vec<Candidate<'_>> = paths
            .iter()
            .map(|p| Candidate {
                path: p,
                igp_cost: 0,
            })
            .collect();
        select(&c, settings)
    }

    /// Input: two paths differing in one attribute at a time. Expected: the documented winner.
    #[test]
    fn each_step_decides() {
        let s = Settings::default();
        let lp = [
            path(|a| a.local_pref = 100, learned(1, true)),
            path(|a| a.local_pref = 200, learned(2, true)),
        ];
        assert_eq!(best_of(&lp, &s), vec![1]);
        let len = [
            path(|a| a.as_path = vec![1, 2], learned(1, true)),
            path(|a| a.as_path = vec![3], learned(2, true)),
        ];
        assert_eq!(best_of(&len, &s), vec![1]);
        let origin = [
            path(|a| a.origin = Origin::Incomplete, learned(1, true)),
            path(|a| a.origin = Origin::Igp, learned(2, true)),
        ];
        assert_eq!(best_of(&origin, &s), vec![1]);
        let ebgp = [
            path(|_| {}, learned(1, false)),
            path(|_| {}, learned(2, true)),
        ];
        assert_eq!(best_of(&ebgp, &s), vec![1]);
        let rid = [
            path(|_| {}, learned(2, true)),
            path(|_| {}, learned(1, true)),
        ];
        assert_eq!(best_of(&rid, &s), vec![1]);
    }

    /// Input: MEDs from the same and from different neighbouring ASes. Expected: MED decides
    /// only within one AS unless always-compare-med.
    #[test]
    fn med_only_within_a_neighbor_as() {
        let mut s = Settings::default();
        let same_as = [
            path(
                |a| {
                    a.as_path = vec![7];
                    a.med = Some(50)
                },
                learned(1, true),
            ),
            path(
                |a| {
                    a.as_path = vec![7];
                    a.med = Some(10)
                },
                learned(2, true),
            ),
        ];
        assert_eq!(best_of(&same_as, &s), vec![1]);
        let other_as = [
            path(
                |a| {
                    a.as_path = vec![7];
                    a.med = Some(50)
                },
                learned(1, true),
            ),
            path(
                |a| {
                    a.as_path = vec![8];
                    a.med = Some(10)
                },
                learned(2, true),
            ),
        ];
        assert_eq!(best_of(&other_as, &s), vec![0]);
        s.always_compare_med = true;
        assert_eq!(best_of(&other_as, &s), vec![1]);
    }

    /// Input: equal eBGP paths and maximum-paths 2 / relax. Expected: multipath sets.
    #[test]
    fn multipath_sets() {
        let mut s = Settings {
            max_paths_ebgp: 2,
            ..Settings::default()
        };
        let paths = [
            path(|a| a.as_path = vec![1, 9], learned(3, true)),
            path(|a| a.as_path = vec![2, 9], learned(2, true)),
            path(|a| a.as_path = vec![1, 9], learned(1, true)),
        ];
        assert_eq!(best_of(&paths, &s), vec![2, 0]);
        s.multipath_relax = true;
        assert_eq!(best_of(&paths, &s), vec![2, 1]);
        s.max_paths_ebgp = 8;
        assert_eq!(best_of(&paths, &s), vec![2, 1, 0]);
    }

    fn arb_path() -> impl Strategy<Value = Path> {
        (
            0u32..3,
            prop::sample::select(vec![100u32, 200]),
            prop::collection::vec(1u32..4, 0..3),
            0u8..3,
            prop::option::of(0u32..3),
            1u8..5,
            any::<bool>(),
            prop::option::of(1u8..4),
            0usize..2,
            any::<bool>(),
            0u32..2,
        )
            .prop_map(
                |(
                    weight,
                    lp,
                    as_path,
                    origin,
                    med,
                    peer,
                    ebgp,
                    originator,
                    clusters,
                    local,
                    id,
                )| {
                    let origin = [Origin::Igp, Origin::Egp, Origin::Incomplete][origin as usize];
                    let attrs = PathAttrs {
                        weight,
                        local_pref: lp,
                        as_path,
                        origin,
                        med,
                        communities: BTreeSet::new(),
                        originator_id: originator.map(|o| Ipv4Addr::new(1, 1, 1, o)),
                        cluster_list: vec![Ipv4Addr::new(9, 9, 9, 9); clusters],
                        tag: 0,
                    };
                    let source = if local {
                        PathSource::Local(LocalKind::Network)
                    } else {
                        match learned(peer, ebgp) {
                            PathSource::Learned(mut l) => {
                                l.path_id = id;
                                PathSource::Learned(l)
                            }
                            other => other,
                        }
                    };
                    Path {
                        attrs: Arc::new(attrs),
                        next_hop: None,
                        source,
                    }
                },
            )
    }

    fn arb_settings() -> impl Strategy<Value = Settings> {
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(always, worst, ignore, relax)| Settings {
                always_compare_med: always,
                med_missing_as_worst: worst,
                as_path_ignore: ignore,
                multipath_relax: relax,
                max_paths_ebgp: 4,
                max_paths_ibgp: 4,
            },
        )
    }

    proptest! {
        /// The order is antisymmetric, transitive and total (distinct paths never tie).
        #[test]
        fn compare_is_a_total_order(
            a in arb_path(), b in arb_path(), c in arb_path(),
            ca in 0u64..3, cb in 0u64..3, cc in 0u64..3,
            settings in arb_settings(),
            compare_med in any::<bool>(),
        ) {
            let med = if compare_med { Med::Compare } else { Med::Ignore };
            let x = Candidate { path: &a, igp_cost: ca };
            let y = Candidate { path: &b, igp_cost: cb };
            let z = Candidate { path: &c, igp_cost: cc };
            let xy = compare(&x, &y, &settings, med);
            let yx = compare(&y, &x, &settings, med);
            prop_assert_eq!(xy, yx.reverse());
            if xy == Ordering::Equal {
                prop_assert!(a == b);
            }
            let yz = compare(&y, &z, &settings, med);
            if xy != Ordering::Greater && yz != Ordering::Greater {
                prop_assert_ne!(compare(&x, &z, &settings, med), Ordering::Greater);
            }
        }

        /// Selection does not depend on the order of the candidates.
        #[test]
        fn select_ignores_candidate_order(
            paths in prop::collection::vec(arb_path(), 1..6),
            settings in arb_settings(),
            rotate in 0usize..6,
        ) {
            let forward: Vec<Candidate<'_>> =
                paths.iter().map(|p| Candidate { path: p, igp_cost: 0 }).collect();
            let mut shuffled = forward.clone();
            shuffled.reverse();
            let n = shuffled.len();
            shuffled.rotate_left(rotate % n);
            let pick = |c: &[Candidate<'_>]| -> Vec<Path> {
                select(c, &settings).into_iter().map(|i| c[i].path.clone()).collect()
            };
            prop_assert_eq!(pick(&forward), pick(&shuffled));
        }
    }
}
