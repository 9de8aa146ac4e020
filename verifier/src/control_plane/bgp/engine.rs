//! The propagation fixpoint: synchronous rounds over every speaker, until nothing changes.
//!
//! Before the rounds: sessions are established ([`session`]), every speaker's local paths are
//! originated ([`originate`]), prefixes are grouped into [`classes`] (only representatives are
//! simulated), external announcements arrive on their neighbor statements, and
//! `default-originate` sends its default routes.
//!
//! State per speaker and prefix: the locally originated paths, the paths learned per session
//! (and add-path id), and the selected paths (best first). A round has two phases:
//!
//! 1. *select*: every speaker, in name order, re-runs the decision process on the prefixes
//!    marked dirty; aggregates are re-evaluated where a covered prefix changed;
//! 2. *exchange*: every session direction, in order, carries the changed selections of its
//!    sender to its receiver (export, then import), marking the receiver's prefixes dirty.
//!
//! Phase 2 only reads what phase 1 wrote and phase 1 only what the previous phase 2 wrote, so
//! the result does not depend on anything but the configuration and the main tables. Sessions
//! whose neighbor sends more prefixes than its `maximum-prefix` are torn down at the end of the
//! round (both directions). After [`MAX_ROUNDS`] rounds the run stops and the prefixes still
//! changing are reported.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::routing::BgpPeer;
use routeproof_parser::ir::{AddressFamily, Vendor};

use super::classes::{self, Classes};
use super::config::{PeerConfig, Speaker};
use super::decision::{self, Candidate};
use super::exchange::{self, Exchange};
use super::originate;
use super::path::{FxMap, Interner, LocalKind, Path, PathAttrs, PathSource};
use super::session::{self, DownReason, Half, SessionStatus, Sessions};
use super::{BgpIssue, BgpOutput};
use crate::control_plane::Input;
use crate::policy::{self, PolicyOutcome, Trace};
use crate::rib::{NextHop, Protocol, Provenance, Rib, Route};
use crate::topology::NodeId;

/// Rounds before propagation is declared non-convergent. Each round moves routes one session
/// further, so this bounds the diameter of the BGP graph times the path-hunting rounds.
pub const MAX_ROUNDS: usize = 512;

/// Add-path id used for `default-originate` advertisements.
const DEFAULT_ORIGINATE_ID: u32 = u32::MAX;

/// What [`run`] returns.
pub struct RunResult {
    /// Candidate routes for the main tables, per table (active aggregates).
    pub tables: Vec<(NodeId, String, Vec<Route>)>,
    /// Candidate routes for the main tables, per table, to class representatives (learned
    /// routes: every member of a class gets the same route).
    pub class_routes: crate::control_plane::ClassRoutes,
    /// Sessions, BGP tables and issues.
    pub output: BgpOutput,
}

/// One prefix in one speaker's BGP table.
#[derive(Clone, Debug, Default)]
struct Entry {
    /// Locally originated paths (network, redistribution, aggregate).
    local: Vec<Path>,
    /// Learned paths, sorted by (session direction, add-path id). A vector, not a map: most
    /// prefixes have a handful of paths, and there are many prefixes.
    learned: Vec<((u32, u32), Path)>,
    /// Selected paths, best first.
    selected: Vec<Path>,
}

/// How a next hop resolves: the IGP cost and the prefixes of the routes it resolves through.
#[derive(Clone, Debug)]
struct Resolution {
    cost: u64,
    via: Vec<IpNet>,
}

struct Engine<'w, 'a> {
    input: &'w Input<'a>,
    speakers: &'w [Speaker<'a>],
    peers: &'w [PeerConfig<'a>],
    halves: &'w [Half],
    reverse: &'w [usize],
    statuses: BTreeMap<usize, SessionStatus>,
    exchange: Exchange<'w, 'a>,
    interner: Interner,
    tables: Vec<BTreeMap<IpNet, Entry>>,
    resolutions: Vec<FxMap<IpAddr, Option<Resolution>>>,
    /// Active aggregates per speaker: prefix → summary-only.
    active_aggregates: Vec<BTreeMap<IpNet, bool>>,
    /// Halves that carry a default-originate advertisement.
    default_originate: BTreeSet<usize>,
    /// Halves torn down (maximum-prefix).
    down: BTreeSet<usize>,
    /// Prefixes received per half.
    received: Vec<usize>,
    /// Prefix classes (the tables hold representatives only).
    classes: Classes,
    trace: Trace,
}

/// Runs BGP for one outer iteration.
pub fn run(input: &Input<'_>) -> RunResult {
    let mut speakers = Vec::new();
    for (i, node) in input.topology.nodes.iter().enumerate() {
        let Some(device) = input.devices[i] else {
            continue;
        };
        let Some(process) = &device.bgp else {
            continue;
        };
        let _ = node;
        for bgp_vrf in process.vrfs.values() {
            speakers.push(Speaker::new(NodeId(i as u32), device, process, bgp_vrf));
        }
    }
    speakers.sort_by(|a, b| (a.node, &a.vrf).cmp(&(b.node, &b.vrf)));
    let mut peers = Vec::new();
    for (s, speaker) in speakers.iter().enumerate() {
        for (key, neighbor) in &speaker.bgp_vrf.neighbors {
            peers.push(PeerConfig::new(s, speaker, key, neighbor));
        }
    }
    let speaker_index: BTreeMap<(NodeId, String), usize> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.node, s.vrf.clone()), i))
        .collect();
    let peer_index: BTreeMap<(usize, BgpPeer), usize> = peers
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.speaker, p.key.clone()), i))
        .collect();
    let mut owners_by_address: BTreeMap<IpAddr, Vec<(NodeId, String, String)>> = BTreeMap::new();
    for ((vrf, address), owners) in &input.topology.owners {
        for (node, iface) in owners {
            owners_by_address.entry(*address).or_default().push((
                *node,
                iface.clone(),
                vrf.clone(),
            ));
        }
    }
    let rib_of = |s: usize| input.rib(speakers[s].node, &speakers[s].vrf);
    let world = session::World {
        topology: input.topology,
        speakers: &speakers,
        peers: &peers,
        rib: &rib_of,
        speaker_index: &speaker_index,
        peer_index: &peer_index,
        owners_by_address: &owners_by_address,
    };
    let Sessions { statuses, halves } = session::establish(&world);
    let by_ends: BTreeMap<(usize, usize), usize> = halves
        .iter()
        .enumerate()
        .map(|(i, h)| ((h.from, h.to), i))
        .collect();
    let reverse: Vec<usize> = halves
        .iter()
        .map(|h| by_ends.get(&(h.to, h.from)).copied().unwrap_or(usize::MAX))
        .collect();
    let n = speakers.len();
    let engine = Engine {
        input,
        speakers: &speakers,
        peers: &peers,
        halves: &halves,
        reverse: &reverse,
        statuses,
        exchange: Exchange::new(&speakers, &peers, &halves, &reverse),
        interner: Interner::default(),
        tables: vec![BTreeMap::new(); n],
        resolutions: vec![FxMap::default(); n],
        active_aggregates: vec![BTreeMap::new(); n],
        default_originate: BTreeSet::new(),
        down: BTreeSet::new(),
        received: vec![0; halves.len()],
        classes: Classes::default(),
        trace: Trace::default(),
    };
    engine.propagate()
}

impl<'a> Engine<'_, 'a> {
    fn rib(&self, s: usize) -> Option<&'a Rib> {
        self.input.rib(self.speakers[s].node, &self.speakers[s].vrf)
    }

    fn propagate(mut self) -> RunResult {
        let n = self.speakers.len();
        let mut dirty: Vec<BTreeSet<IpNet>> = vec![BTreeSet::new(); n];
        // Local origination, then prefix classes: only representatives are simulated.
        let local: Vec<BTreeMap<IpNet, Vec<Path>>> = (0..n)
            .map(|s| {
                originate::local_paths(
                    &self.speakers[s],
                    self.rib(s),
                    &mut self.interner,
                    &mut self.trace,
                )
            })
            .collect();
        let mut next_hops = BTreeSet::new();
        for half in self.halves {
            next_hops.insert(half.from_ip);
            next_hops.insert(half.to_ip);
        }
        self.classes = classes::classify(&classes::Inputs {
            speakers: self.speakers,
            local: &local,
            ribs: (0..n).map(|s| self.rib(s)).collect(),
            next_hops,
            alone: self
                .input
                .network
                .bgp_announcements
                .iter()
                .map(|a| a.prefix)
                .collect(),
        });
        for (s, local) in local.into_iter().enumerate() {
            for (prefix, paths) in local {
                if !self.classes.members.contains_key(&prefix) {
                    continue;
                }
                self.tables[s].entry(prefix).or_default().local = paths;
                dirty[s].insert(prefix);
            }
        }
        self.inject_announcements(&mut dirty);
        self.originate_defaults(&mut dirty);
        let mut rounds = 0;
        let mut last_changed: Vec<Vec<IpNet>> = vec![Vec::new(); n];
        let mut converged = false;
        while rounds < MAX_ROUNDS {
            rounds += 1;
            // Phase 1: selection.
            let mut changed: Vec<Vec<IpNet>> = vec![Vec::new(); n];
            for s in 0..n {
                let prefixes = std::mem::take(&mut dirty[s]);
                for prefix in prefixes {
                    if self.select(s, &prefix) {
                        changed[s].push(prefix);
                    }
                }
                self.update_aggregates(s, &mut changed[s], rounds == 1);
            }
            if changed.iter().all(Vec::is_empty) {
                converged = true;
                break;
            }
            // Phase 2: exchange.
            for h in 0..self.halves.len() {
                if self.down.contains(&h) {
                    continue;
                }
                let s = self.halves[h].from_speaker;
                if changed[s].is_empty() {
                    continue;
                }
                self.send(h, &changed[s], &mut dirty);
            }
            self.enforce_maximum_prefix(&mut dirty);
            last_changed = changed;
        }
        let mut issues = Vec::new();
        if !converged {
            let mut oscillating = Vec::new();
            for (s, prefixes) in last_changed.iter().enumerate() {
                let node = self.input.topology.node(self.speakers[s].node).name.clone();
                for p in prefixes {
                    oscillating.push((node.clone(), self.speakers[s].vrf.clone(), *p));
                }
            }
            issues.push(BgpIssue::NonConvergence {
                rounds,
                oscillating,
            });
        }
        self.finish(rounds, issues)
    }

    /// Routes announced from outside the snapshot (Batfish's external BGP announcements), as
    /// received on the receiving device's neighbor statement for the sender.
    fn inject_announcements(&mut self, dirty: &mut [BTreeSet<IpNet>]) {
        for (i, a) in self.input.network.bgp_announcements.iter().enumerate() {
            let Some(node) = self.input.topology.node_id(&a.node) else {
                continue;
            };
            let Some(s) = self
                .speakers
                .iter()
                .position(|sp| sp.node == node && sp.vrf == a.vrf)
            else {
                continue;
            };
            let key = BgpPeer::Address(a.peer);
            let Some(q) = self
                .peers
                .iter()
                .position(|p| p.speaker == s && *p.key == key && !p.shutdown())
            else {
                continue;
            };
            let attrs = self.interner.intern(PathAttrs {
                as_path: a.as_path.clone(),
                origin: a.origin,
                med: a.med,
                communities: a.communities.iter().copied().collect(),
                ..PathAttrs::local()
            });
            let Some(path) = self.exchange.import_external(
                q,
                i as u32,
                &a.prefix,
                &attrs,
                a.next_hop,
                a.peer,
                &mut self.interner,
                &mut self.trace,
            ) else {
                continue;
            };
            let id = (path.learned().map_or(0, |l| l.half), 0);
            let entry = self.tables[s].entry(a.prefix).or_default();
            let at = entry.learned.partition_point(|(k, _)| *k < id);
            entry.learned.insert(at, (id, path));
            dirty[s].insert(a.prefix);
        }
    }

    /// Default routes sent by `neighbor X default-originate`, whatever the table holds (or
    /// when the route-map matches some route of the main table).
    fn originate_defaults(&mut self, dirty: &mut [BTreeSet<IpNet>]) {
        for h in 0..self.halves.len() {
            let half = self.halves[h].clone();
            let p = &self.peers[half.from];
            for family in &half.families {
                let Some(setting) = p.af(*family).and_then(|a| a.default_originate.as_ref()) else {
                    continue;
                };
                let speaker = &self.speakers[half.from_speaker];
                if let Some(map) = &setting.value {
                    let rib = self.rib(half.from_speaker);
                    let mut trace = Trace::default();
                    let any = rib.is_some_and(|rib| {
                        rib.iter().any(|(prefix, routes)| {
                            let Some(route) = routes.first() else {
                                return false;
                            };
                            let mut attrs = policy::RouteAttributes::new(*prefix);
                            attrs.protocol = Some(route.protocol);
                            attrs.metric = route.metric;
                            attrs.next_hop = route.next_hop.address();
                            matches!(
                                policy::evaluate(speaker.device, Some(map), attrs, &mut trace),
                                PolicyOutcome::Permit(_)
                            )
                        })
                    });
                    if !any {
                        continue;
                    }
                }
                let prefix: IpNet = match family {
                    AddressFamily::Ipv4 => "0.0.0.0/0".parse().unwrap_or_default(),
                    AddressFamily::Ipv6 => "::/0".parse().unwrap_or_default(),
                };
                let mut as_path = Vec::new();
                if half.ebgp {
                    as_path.push(p.local_as);
                    if p.local_as != p.process_as {
                        as_path.push(p.process_as);
                    }
                }
                let attrs = self.interner.intern(PathAttrs {
                    as_path,
                    ..PathAttrs::local()
                });
                let imported = self.exchange.import(
                    h,
                    &prefix,
                    &attrs,
                    Some(half.from_ip),
                    DEFAULT_ORIGINATE_ID,
                    &mut self.interner,
                    &mut self.trace,
                );
                self.default_originate.insert(h);
                if let Some(path) = imported {
                    let entry = self.tables[half.to_speaker].entry(prefix).or_default();
                    let key = (h as u32, DEFAULT_ORIGINATE_ID);
                    let at = entry.learned.partition_point(|(k, _)| *k < key);
                    entry.learned.insert(at, (key, path));
                    self.received[h] += 1;
                    dirty[half.to_speaker].insert(prefix);
                }
            }
        }
    }

    /// How `next_hop` resolves for a path of `prefix` at speaker `s` (`None`: unusable): never
    /// through a BGP route for `prefix` itself, never to one of the router's own addresses, and
    /// on FRR and Junos never through the default route.
    fn resolve(&mut self, s: usize, prefix: &IpNet, next_hop: Option<IpAddr>) -> Option<u64> {
        let nh = next_hop?;
        let cached = match self.resolutions[s].get(&nh) {
            Some(hit) => hit.clone(),
            None => {
                let fresh = self.resolve_uncached(s, nh, None);
                self.resolutions[s].insert(nh, fresh.clone());
                fresh
            }
        };
        match cached {
            None => None,
            Some(r) if !r.via.contains(prefix) => Some(r.cost),
            // The chain went through the prefix being resolved: resolve again without it.
            Some(_) => self.resolve_uncached(s, nh, Some(*prefix)).map(|r| r.cost),
        }
    }

    fn resolve_uncached(&self, s: usize, nh: IpAddr, avoid: Option<IpNet>) -> Option<Resolution> {
        let speaker = &self.speakers[s];
        let own = self
            .input
            .topology
            .owners
            .get(&(speaker.vrf.clone(), nh))
            .is_some_and(|o| o.iter().any(|(node, _)| *node == speaker.node));
        if own {
            return None;
        }
        let no_default = matches!(speaker.device.vendor, Vendor::Frr | Vendor::Junos);
        let rib = self.rib(s)?;
        // Only a BGP route of the prefix itself would be a recursion through itself: a
        // connected, static or IGP route of the same prefix resolves the next hop as the main
        // table does (eBGP peers advertising their shared /30 to each other: the path is valid
        // and best, `r>` "RIB-failure" on IOS, and is advertised on; lab sonic_bgp_lab).
        let skip = |r: &Route| {
            Some(r.prefix) == avoid && r.protocol.is_bgp()
                || no_default && r.prefix.prefix_len() == 0
        };
        let mut target = nh;
        let mut via = Vec::new();
        for _ in 0..8 {
            let (hit, routes) = rib.lookup(target, skip)?;
            let route = routes.iter().find(|r| !skip(r))?;
            via.push(*hit);
            match &route.next_hop {
                NextHop::Interface(_)
                | NextHop::Receive(_)
                | NextHop::Address {
                    interface: Some(_), ..
                } => {
                    return Some(Resolution {
                        cost: u64::from(route.metric),
                        via,
                    });
                }
                NextHop::Address {
                    address,
                    interface: None,
                } => {
                    if *address == target {
                        return None;
                    }
                    target = *address;
                }
                NextHop::Discard => {
                    return Some(Resolution {
                        cost: u64::from(u32::MAX),
                        via,
                    });
                }
            }
        }
        None
    }

    /// Re-runs the decision process for one prefix; true when the selection changed.
    fn select(&mut self, s: usize, prefix: &IpNet) -> bool {
        let Some(entry) = self.tables[s].get(prefix) else {
            return false;
        };
        let mut paths: Vec<Path> = entry.local.clone();
        let learned: Vec<Path> = entry.learned.iter().map(|(_, p)| p.clone()).collect();
        let mut costs: Vec<u64> = vec![0; paths.len()];
        for path in learned {
            if let Some(cost) = self.resolve(s, prefix, path.next_hop) {
                paths.push(path);
                costs.push(cost);
            }
        }
        let candidates: Vec<Candidate<'_>> = paths
            .iter()
            .zip(&costs)
            .map(|(path, cost)| Candidate {
                path,
                igp_cost: *cost,
            })
            .collect();
        let settings = *self.speakers[s].decision(exchange::family(prefix));
        let chosen = decision::select(&candidates, &settings);

        let selected: Vec<Path> = chosen.into_iter().map(|i| paths[i].clone()).collect();
        let Some(entry) = self.tables[s].get_mut(prefix) else {
            return false;
        };
        if entry.selected == selected {
            return false;
        }
        entry.selected = selected;
        true
    }

    /// Activates or withdraws the aggregates of speaker `s` after its prefixes in `changed`
    /// changed; the aggregates and the prefixes they (un)suppress join `changed`.
    fn update_aggregates(&mut self, s: usize, changed: &mut Vec<IpNet>, first_round: bool) {
        let speaker = &self.speakers[s];
        let aggregates: Vec<_> = originate::FAMILIES
            .iter()
            .filter_map(|f| speaker.af(*f))
            .flat_map(|af| af.aggregates.iter())
            .collect();
        if aggregates.is_empty() || changed.is_empty() && !first_round {
            return;
        }
        // EOS activates an aggregate from any more specific route of the main table (lab
        // `eos_ospf_bgp`: a static route activates it without being in BGP); the others only
        // from BGP paths.
        let main_table_contributes = speaker.device.vendor == Vendor::AristaEos;
        // Most specific first, so nested aggregates can contribute to wider ones.
        let mut order: Vec<_> = aggregates;
        order.sort_by_key(|a| std::cmp::Reverse(a.prefix.prefix_len()));
        for aggregate in order {
            let covered_change = changed
                .iter()
                .any(|p| aggregate.prefix.contains(p) && *p != aggregate.prefix);
            if !covered_change && !first_round {
                continue;
            }
            let inside = |p: &IpNet| *p != aggregate.prefix && aggregate.prefix.contains(p);
            let active = self.tables[s]
                .range(range_of(&aggregate.prefix))
                .any(|(p, e)| inside(p) && !e.selected.is_empty())
                || main_table_contributes
                    && self.rib(s).is_some_and(|rib| {
                        rib.iter().any(|(p, routes)| {
                            inside(p) && routes.iter().any(|r| r.protocol != Protocol::Aggregate)
                        })
                    });
            let was = self.active_aggregates[s].get(&aggregate.prefix).copied();
            let path = if active {
                let mut interner = std::mem::take(&mut self.interner);
                let path = originate::aggregate_path(
                    &self.speakers[s],
                    aggregate,
                    &mut interner,
                    &mut self.trace,
                );
                self.interner = interner;
                path
            } else {
                None
            };
            let entry = self.tables[s].entry(aggregate.prefix).or_default();
            entry
                .local
                .retain(|p| p.source != PathSource::Local(LocalKind::Aggregate));
            if let Some(path) = path {
                entry.local.push(path);
                self.active_aggregates[s].insert(aggregate.prefix, aggregate.summary_only);
            } else {
                self.active_aggregates[s].remove(&aggregate.prefix);
            }
            let now = self.active_aggregates[s].get(&aggregate.prefix).copied();
            if self.select(s, &aggregate.prefix) && !changed.contains(&aggregate.prefix) {
                changed.push(aggregate.prefix);
            }
            if was != now && (was == Some(true) || now == Some(true)) {
                // Suppression of the more specifics changed: advertise them again.
                let covered: Vec<IpNet> = self.tables[s]
                    .range(range_of(&aggregate.prefix))
                    .map(|(p, _)| *p)
                    .filter(|p| *p != aggregate.prefix && aggregate.prefix.contains(p))
                    .collect();
                for p in covered {
                    if !changed.contains(&p) {
                        changed.push(p);
                    }
                }
            }
        }
    }

    /// Whether an active summary-only aggregate of `s` suppresses `prefix`.
    fn suppressed(&self, s: usize, prefix: &IpNet) -> bool {
        self.active_aggregates[s]
            .iter()
            .any(|(agg, summary_only)| *summary_only && agg != prefix && agg.contains(prefix))
    }

    /// Whether the best path of `prefix` at `s` may be advertised although another protocol won
    /// the main table (only dialects that do not advertise inactive routes care).
    fn inactive(&self, s: usize, prefix: &IpNet, best: &Path) -> bool {
        if self.speakers[s].advertise_inactive || best.is_local() {
            return false;
        }
        self.rib(s).is_some_and(|rib| {
            rib.get(prefix)
                .first()
                .is_some_and(|r| !r.protocol.is_bgp() && r.protocol != Protocol::Aggregate)
        })
    }

    /// Carries the changed selections of half `h`'s sender to its receiver.
    fn send(&mut self, h: usize, changed: &[IpNet], dirty: &mut [BTreeSet<IpNet>]) {
        let halves = self.halves;
        let half = &halves[h];
        let (s, t) = (half.from_speaker, half.to_speaker);
        let key = h as u32;
        let default_originated = self.default_originate.contains(&h);
        for prefix in changed {
            if default_originated && prefix.prefix_len() == 0 {
                continue;
            }
            let suppressed = self.suppressed(s, prefix);
            let mut imported: Vec<(u32, Path)> = Vec::new();
            if let Some(entry) = self.tables[s].get(prefix)
                && let Some(best) = entry.selected.first()
                && !self.inactive(s, prefix, best)
            {
                let count = if half.add_path {
                    entry.selected.len()
                } else {
                    1
                };
                for (id, path) in entry.selected.iter().take(count).enumerate() {
                    let Some((attrs, next_hop)) = self.exchange.export(
                        h,
                        prefix,
                        path,
                        suppressed,
                        &mut self.interner,
                        &mut self.trace,
                    ) else {
                        continue;
                    };
                    if let Some(path) = self.exchange.import(
                        h,
                        prefix,
                        &attrs,
                        next_hop,
                        id as u32,
                        &mut self.interner,
                        &mut self.trace,
                    ) {
                        imported.push((id as u32, path));
                    }
                }
            }
            let entry = self.tables[t].entry(*prefix).or_default();
            let start = entry.learned.partition_point(|((k, _), _)| *k < key);
            let end = entry.learned.partition_point(|((k, _), _)| *k <= key);
            let before = &entry.learned[start..end];
            let unchanged = before.len() == imported.len()
                && before
                    .iter()
                    .zip(&imported)
                    .all(|(((_, a), p), (b, q))| a == b && p == q);
            if unchanged {
                continue;
            }
            let had = start != end;
            let has = !imported.is_empty();
            entry.learned.splice(
                start..end,
                imported.into_iter().map(|(id, path)| ((key, id), path)),
            );
            let weight = self.classes.size(prefix);
            match (had, has) {
                (false, true) => self.received[h] += weight,
                (true, false) => self.received[h] = self.received[h].saturating_sub(weight),
                _ => {}
            }
            dirty[t].insert(*prefix);
        }
    }

    /// Tears down sessions whose neighbor sent more prefixes than `maximum-prefix` allows.
    fn enforce_maximum_prefix(&mut self, dirty: &mut [BTreeSet<IpNet>]) {
        for h in 0..self.halves.len() {
            if self.down.contains(&h) {
                continue;
            }
            let half = &self.halves[h];
            let q = &self.peers[half.to];
            let limit = half
                .families
                .iter()
                .filter_map(|f| q.af(*f).and_then(|a| a.maximum_prefix.as_ref()))
                .find(|m| !m.warning_only);
            let Some(limit) = limit else {
                continue;
            };
            let received = self.received[h];
            if received <= limit.limit as usize {
                continue;
            }
            let reason = DownReason::MaximumPrefixExceeded {
                limit: limit.limit,
                received,
            };
            let (to, from) = (half.to, half.from);
            let pair = [h, self.reverse[h]];
            for x in pair {
                if x == usize::MAX {
                    continue;
                }
                self.down.insert(x);
                let t = self.halves[x].to_speaker;
                let key = x as u32;
                for (prefix, entry) in self.tables[t].iter_mut() {
                    let before = entry.learned.len();
                    entry.learned.retain(|((k, _), _)| *k != key);
                    if entry.learned.len() != before {
                        dirty[t].insert(*prefix);
                    }
                }
                self.received[x] = 0;
            }
            for p in [to, from] {
                if let Some(status) = self.statuses.get_mut(&p) {
                    status.down = Some(reason.clone());
                }
            }
        }
    }

    fn finish(self, rounds: usize, issues: Vec<BgpIssue>) -> RunResult {
        let mut tables = Vec::new();
        let mut class_tables = Vec::new();
        let mut ribs = BTreeMap::new();
        for (s, table) in self.tables.iter().enumerate() {
            let speaker = &self.speakers[s];
            let mut routes = Vec::new();
            let mut learned_routes = Vec::new();
            let mut selected_table = BTreeMap::new();
            for (prefix, entry) in table {
                let Some(best) = entry.selected.first() else {
                    continue;
                };
                selected_table.insert(*prefix, entry.selected.clone());
                match best.source {
                    PathSource::Local(LocalKind::Aggregate) => {
                        let span = speaker
                            .af(exchange::family(prefix))
                            .and_then(|af| af.aggregates.iter().find(|a| a.prefix == *prefix))
                            .map(|a| a.span)
                            .unwrap_or_default();
                        routes.push(originate::aggregate_route(speaker, *prefix, span));
                    }
                    PathSource::Local(_) => {}
                    PathSource::Learned(_) => {
                        // Multipaths through the same next hop (the same path reflected by
                        // several route reflectors) are one forwarding entry.
                        let mut emitted: Vec<(IpAddr, u32, u32, bool)> = Vec::new();
                        for path in &entry.selected {
                            let Some(learned) = path.learned() else {
                                continue;
                            };
                            let Some(next_hop) = path.next_hop else {
                                continue;
                            };
                            let key = (
                                next_hop,
                                path.attrs.med.unwrap_or(0),
                                path.attrs.tag,
                                learned.ebgp,
                            );
                            if emitted.contains(&key) {
                                continue;
                            }
                            emitted.push(key);
                            let (protocol, admin) = if learned.ebgp {
                                (Protocol::Bgp, speaker.distance.0)
                            } else {
                                (Protocol::Ibgp, speaker.distance.1)
                            };
                            // Stands for the same route to every member of the prefix's class.
                            learned_routes.push(Route {
                                prefix: *prefix,
                                protocol,
                                admin,
                                metric: path.attrs.med.unwrap_or(0),
                                next_hop: NextHop::Address {
                                    address: next_hop,
                                    interface: None,
                                },
                                tag: (path.attrs.tag != 0).then_some(path.attrs.tag),
                                provenance: Provenance::empty(),
                            });
                        }
                    }
                }
            }
            ribs.insert((speaker.node, speaker.vrf.clone()), selected_table);
            if !routes.is_empty() {
                tables.push((speaker.node, speaker.vrf.clone(), routes));
            }
            if !learned_routes.is_empty() {
                class_tables.push((speaker.node, speaker.vrf.clone(), learned_routes));
            }
        }
        let mut unsupported = self.trace.unsupported;
        unsupported.sort();
        unsupported.dedup();
        let sessions = self.statuses.into_values().collect();
        let classes: BTreeMap<IpNet, Arc<[IpNet]>> = self
            .classes
            .members
            .into_iter()
            .filter(|(_, members)| members.len() > 1)
            .collect();
        RunResult {
            tables,
            class_routes: crate::control_plane::ClassRoutes {
                members: classes.clone(),
                tables: class_tables,
            },
            output: BgpOutput {
                sessions,
                ribs,
                classes,
                issues,
                rounds,
                unsupported,
            },
        }
    }
}

/// The key range of a BTreeMap over prefixes that holds every prefix inside `net`.
fn range_of(net: &IpNet) -> std::ops::RangeInclusive<IpNet> {
    let low = IpNet::new(net.network(), 0).unwrap_or(*net);
    let high = IpNet::new(net.broadcast(), net.max_prefix_len()).unwrap_or(*net);
    low..=high
}
