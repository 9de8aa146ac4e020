//! BGP sessions: which configured neighbors come up, and why the others do not.
//!
//! A session between router A (neighbor statement P naming address X) and router B comes up
//! only when both ends agree:
//!
//! 1. P is not shut down and has a remote AS;
//! 2. A can source the session: from `update-source`'s address, else from the address of the
//!    interface on X's subnet, else from the interface its main table reaches X through;
//! 3. X is reachable in A's main table (previous iteration), and some device of the snapshot owns
//!    X in the same VRF;
//! 4. that device, B, has a neighbor statement Q for A's source address (or a listen range
//!    containing it), not shut down;
//! 5. the AS numbers agree both ways (`local-as` and FRR's `remote-as external|internal`
//!    included);
//! 6. B would source its side from X (its own `update-source` or interface), and can reach A's
//!    source address;
//! 7. an eBGP session without `ebgp-multihop` runs between directly connected addresses, on both
//!    ends;
//! 8. both ends activate a common address family.
//!
//! The first failed check is the reason reported for P. Sessions are recomputed every outer
//! iteration from the previous main tables, so iBGP sessions between loopbacks come up once the
//! IGP has converged.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;
use routeproof_parser::ir::AddressFamily;
use routeproof_parser::ir::routing::{BgpPeer, RemoteAs};
use serde::Serialize;

use super::config::{PeerConfig, Speaker};
use crate::rib::{NextHop, Rib};
use crate::topology::{NodeId, Topology};

/// Why a configured session is not established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum DownReason {
    /// `neighbor X shutdown` on this end.
    Shutdown,
    /// The neighbor has no `remote-as`.
    NoRemoteAs,
    /// `update-source` names an interface without a usable address.
    UpdateSourceUnusable(String),
    /// The peer address does not resolve through the main table.
    PeerUnreachable,
    /// No device of the snapshot owns the peer address in this VRF.
    PeerNotInSnapshot,
    /// The device owning the peer address has no neighbor statement for our address.
    NoMatchingNeighbor {
        /// The remote device.
        remote: String,
        /// Our source address, which its neighbor statement would have to name.
        local_ip: IpAddr,
    },
    /// The remote end is shut down.
    RemoteShutdown(String),
    /// Our `remote-as` does not match the peer's AS.
    AsMismatch {
        /// What we configured.
        configured: String,
        /// What the peer is.
        actual: u32,
    },
    /// The peer's `remote-as` does not match our AS.
    RemoteAsMismatch {
        /// What the peer configured for us.
        configured: String,
        /// Our AS.
        actual: u32,
    },
    /// The peer would source the session from another address than the one we peer with.
    SourceMismatch {
        /// The address the peer uses.
        remote_source: Option<IpAddr>,
    },
    /// The peer has no route back to our source address.
    RemoteCannotReach(IpAddr),
    /// eBGP between addresses that are not directly connected, without `ebgp-multihop`.
    NotDirectlyConnected {
        /// The end lacking `ebgp-multihop` is the remote one.
        remote: bool,
    },
    /// No address family is activated on both ends.
    NoCommonAddressFamily,
    /// The session was torn down because the peer sent more prefixes than `maximum-prefix`.
    MaximumPrefixExceeded {
        /// The limit.
        limit: u32,
        /// Prefixes received.
        received: usize,
    },
    /// The other end's neighbor statement fails its own checks.
    RemoteEnd(String),
    /// A kind of neighbor the simulation does not model.
    NotModelled(&'static str),
}

impl fmt::Display for DownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DownReason::Shutdown => write!(f, "shutdown"),
            DownReason::NoRemoteAs => write!(f, "no remote-as configured"),
            DownReason::UpdateSourceUnusable(i) => {
                write!(f, "update-source {i} has no usable address")
            }
            DownReason::PeerUnreachable => write!(f, "peer address unreachable"),
            DownReason::PeerNotInSnapshot => write!(f, "peer not in snapshot"),
            DownReason::NoMatchingNeighbor { remote, local_ip } => write!(
                f,
                "no matching neighbor statement on {remote} (it would need `neighbor {local_ip}`)"
            ),
            DownReason::RemoteShutdown(remote) => write!(f, "shutdown on {remote}"),
            DownReason::AsMismatch { configured, actual } => {
                write!(f, "AS mismatch: configured {configured}, peer is {actual}")
            }
            DownReason::RemoteAsMismatch { configured, actual } => write!(
                f,
                "AS mismatch: peer expects {configured}, local AS is {actual}"
            ),
            DownReason::SourceMismatch { remote_source } => match remote_source {
                Some(a) => write!(
                    f,
                    "peer sources the session from {a}, not the peered address"
                ),
                None => write!(f, "peer cannot source the session"),
            },
            DownReason::RemoteCannotReach(a) => write!(f, "peer has no route to {a}"),
            DownReason::NotDirectlyConnected { remote } => write!(
                f,
                "eBGP peer not directly connected and no ebgp-multihop{}",
                if *remote { " on the peer" } else { "" }
            ),
            DownReason::NoCommonAddressFamily => {
                write!(f, "no address family activated on both ends")
            }
            DownReason::MaximumPrefixExceeded { limit, received } => write!(
                f,
                "maximum-prefix {limit} exceeded ({received} prefixes received)"
            ),
            DownReason::RemoteEnd(reason) => write!(f, "peer side: {reason}"),
            DownReason::NotModelled(what) => write!(f, "not modelled: {what}"),
        }
    }
}

/// eBGP or iBGP, as Batfish names session types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SessionType {
    /// eBGP between directly connected addresses.
    EbgpSinglehop,
    /// eBGP with `ebgp-multihop`.
    EbgpMultihop,
    /// iBGP.
    Ibgp,
    /// Unknown (no remote AS).
    Unset,
}

impl SessionType {
    /// Batfish's name.
    pub fn name(self) -> &'static str {
        match self {
            SessionType::EbgpSinglehop => "EBGP_SINGLEHOP",
            SessionType::EbgpMultihop => "EBGP_MULTIHOP",
            SessionType::Ibgp => "IBGP",
            SessionType::Unset => "UNSET",
        }
    }
}

/// The state of one configured neighbor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionStatus {
    /// Local node.
    pub node: String,
    /// VRF (`default` for the default VRF).
    pub vrf: String,
    /// The AS we present.
    pub local_as: u32,
    /// Our source address, when known.
    pub local_ip: Option<IpAddr>,
    /// The neighbor as configured (address or interface).
    pub peer: String,
    /// The configured remote AS (`external`/`internal` for FRR's forms).
    pub remote_as: String,
    /// The device at the other end, when found.
    pub remote_node: Option<String>,
    /// eBGP single-hop / multihop / iBGP.
    pub session_type: SessionType,
    /// `None` when established, else why not.
    pub down: Option<DownReason>,
}

impl SessionStatus {
    /// `ESTABLISHED` or `NOT_ESTABLISHED`.
    pub fn status_name(&self) -> &'static str {
        if self.down.is_none() {
            "ESTABLISHED"
        } else {
            "NOT_ESTABLISHED"
        }
    }
}

/// One direction of an established session: routes flow from `from` to `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Half {
    /// Sender's neighbor configuration (index into the peer list).
    pub from: usize,
    /// Receiver's neighbor configuration.
    pub to: usize,
    /// Sender speaker.
    pub from_speaker: usize,
    /// Receiver speaker.
    pub to_speaker: usize,
    /// eBGP (the ends are in different ASes).
    pub ebgp: bool,
    /// The sender's address on the session (the next hop it sets).
    pub from_ip: IpAddr,
    /// The receiver's address on the session.
    pub to_ip: IpAddr,
    /// Address families exchanged.
    pub families: Vec<AddressFamily>,
    /// The sender advertises every multipath (add-path), not only its best path.
    pub add_path: bool,
}

/// Every configured neighbor's state and the established sessions.
#[derive(Clone, Debug, Default)]
pub struct Sessions {
    /// One status per active (address or interface) neighbor, in peer-list order.
    pub statuses: BTreeMap<usize, SessionStatus>,
    /// Established sessions, both directions, in a deterministic order.
    pub halves: Vec<Half>,
}

/// What session establishment reads.
pub struct World<'w, 'a> {
    /// Topology.
    pub topology: &'w Topology,
    /// Speakers.
    pub speakers: &'w [Speaker<'a>],
    /// Configured neighbors.
    pub peers: &'w [PeerConfig<'a>],
    /// Main table of a speaker (previous iteration).
    pub rib: &'w dyn Fn(usize) -> Option<&'w Rib>,
    /// Speaker index by (node, vrf).
    pub speaker_index: &'w BTreeMap<(NodeId, String), usize>,
    /// Neighbor index by (speaker, peer key).
    pub peer_index: &'w BTreeMap<(usize, BgpPeer), usize>,
    /// Who owns each interface address: (node, interface, VRF), in any VRF.
    pub owners_by_address: &'w BTreeMap<IpAddr, Vec<(NodeId, String, String)>>,
}

fn family_of(a: IpAddr) -> AddressFamily {
    if a.is_ipv4() {
        AddressFamily::Ipv4
    } else {
        AddressFamily::Ipv6
    }
}

/// The interface a main table sends packets for `address` out of (following recursive next
/// hops), or `None` when it is unreachable, discarded, or one of our own addresses.
pub fn resolve_interface(rib: &Rib, address: IpAddr) -> Option<String> {
    let mut target = address;
    for _ in 0..8 {
        let (_, routes) = rib.lookup(target, |_| false)?;
        let route = routes.first()?;
        match &route.next_hop {
            NextHop::Interface(i) => return Some(i.to_string()),
            NextHop::Address {
                interface: Some(i), ..
            } => return Some(i.to_string()),
            NextHop::Address {
                address: next,
                interface: None,
            } => {
                if *next == target {
                    return None;
                }
                target = *next;
            }
            NextHop::Discard | NextHop::Receive(_) => return None,
        }
    }
    None
}

impl World<'_, '_> {
    /// The address `peer` sources its session from, or why it cannot.
    pub fn local_address(&self, peer: &PeerConfig<'_>) -> Result<IpAddr, DownReason> {
        let speaker = &self.speakers[peer.speaker];
        let node = self.topology.node(speaker.node);
        let target = match peer.key {
            BgpPeer::Address(a) => *a,
            _ => return Err(DownReason::NotModelled("unnumbered or dynamic neighbor")),
        };
        let v4 = target.is_ipv4();
        if let Some(source) = &peer.neighbor.update_source {
            let iface = node
                .interfaces
                .get(&source.value)
                .filter(|i| i.vrf == speaker.vrf);
            return iface
                .and_then(|i| {
                    speaker
                        .device
                        .interface(&i.name)
                        .and_then(|d| d.primary_address(v4))
                        .map(|a| a.address.addr())
                        .or_else(|| {
                            i.addresses
                                .iter()
                                .find(|a| a.addr().is_ipv4() == v4)
                                .map(IpNet::addr)
                        })
                })
                .ok_or_else(|| DownReason::UpdateSourceUnusable(source.value.clone()));
        }
        if let Some(a) = connected_address(self, peer.speaker, target) {
            return Ok(a);
        }
        let rib = (self.rib)(peer.speaker).ok_or(DownReason::PeerUnreachable)?;
        let iface = resolve_interface(rib, target).ok_or(DownReason::PeerUnreachable)?;
        node.interfaces
            .get(&iface)
            .and_then(|i| i.addresses.iter().find(|a| a.addr().is_ipv4() == v4))
            .map(IpNet::addr)
            .ok_or(DownReason::PeerUnreachable)
    }

    fn reachable(&self, speaker: usize, address: IpAddr) -> bool {
        (self.rib)(speaker).is_some_and(|rib| resolve_interface(rib, address).is_some())
    }
}

/// The devices (and interfaces) owning `target`, other than `speaker`'s own: first those at
/// the other end of a link from the speaker's VRF, then those in a VRF of the same name, then
/// the rest. VRF names are local to a device, so a VRF-lite link joins VRFs of any names.
fn owners_of(world: &World<'_, '_>, speaker: usize, target: IpAddr) -> Vec<(NodeId, String)> {
    let s = &world.speakers[speaker];
    let Some(all) = world.owners_by_address.get(&target) else {
        return Vec::new();
    };
    let linked: Vec<(NodeId, String)> = world
        .topology
        .links_of(s.node)
        .into_iter()
        .filter(|(local, remote)| {
            remote.address.addr() == target
                && world
                    .topology
                    .node(s.node)
                    .interfaces
                    .get(&local.interface)
                    .is_some_and(|i| i.vrf == s.vrf)
        })
        .map(|(_, remote)| (remote.node, remote.interface.clone()))
        .collect();
    let mut ranked: Vec<(u8, NodeId, String)> = all
        .iter()
        .filter(|(node, _, _)| *node != s.node)
        .map(|(node, iface, vrf)| {
            let rank = if linked.iter().any(|(n, i)| n == node && i == iface) {
                0
            } else if *vrf == s.vrf {
                1
            } else {
                2
            };
            (rank, *node, iface.clone())
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, n, i)| (n, i)).collect()
}

/// Our address on a subnet that contains `target`, if we are directly connected to it.
fn connected_address(world: &World<'_, '_>, speaker: usize, target: IpAddr) -> Option<IpAddr> {
    let s = &world.speakers[speaker];
    let node = world.topology.node(s.node);
    node.interfaces
        .values()
        .filter(|i| i.vrf == s.vrf)
        .flat_map(|i| i.addresses.iter())
        .find(|a| a.prefix_len() < a.max_prefix_len() && a.contains(&target) && a.addr() != target)
        .map(IpNet::addr)
}

fn describe_remote_as(remote: Option<RemoteAs>) -> String {
    match remote {
        Some(RemoteAs::Asn(a)) => a.to_string(),
        Some(RemoteAs::External) => "external".to_owned(),
        Some(RemoteAs::Internal) => "internal".to_owned(),
        None => String::new(),
    }
}

/// Establishes every session of the snapshot.
pub fn establish(world: &World<'_, '_>) -> Sessions {
    let mut sessions = Sessions::default();
    let mut checks: BTreeMap<usize, Result<Established, DownReason>> = BTreeMap::new();
    for (p, peer) in world.peers.iter().enumerate() {
        if matches!(peer.key, BgpPeer::Range(_)) {
            continue; // Listen ranges only answer; they show up through the active side.
        }
        let speaker = &world.speakers[peer.speaker];
        let mut status = SessionStatus {
            node: world.topology.node(speaker.node).name.clone(),
            vrf: speaker.vrf.clone(),
            local_as: peer.local_as,
            local_ip: None,
            peer: peer.key.to_string(),
            remote_as: describe_remote_as(peer.remote_as()),
            remote_node: None,
            session_type: SessionType::Unset,
            down: None,
        };
        let result = check(world, p, &mut status);
        sessions.statuses.insert(p, status);
        checks.insert(p, result);
    }
    // A session is up when its end checks out and the other end, unless it is a listen range,
    // checks out towards this one.
    for (&p, result) in &checks {
        let down = match result {
            Err(reason) => Some(reason.clone()),
            Ok((q, ..)) => match checks.get(q) {
                None => None,
                Some(Ok((back, ..))) if *back == p => None,
                Some(Ok(_)) => Some(DownReason::NotModelled(
                    "the peer pairs this address with another neighbor statement",
                )),
                Some(Err(reason)) => Some(DownReason::RemoteEnd(reason.to_string())),
            },
        };
        if let Some(status) = sessions.statuses.get_mut(&p) {
            status.down = down.clone();
        }
        let (Ok((q, local_ip, remote_ip, families)), None) = (result, down) else {
            continue;
        };
        let q_is_range = matches!(world.peers[*q].key, BgpPeer::Range(_));
        if !q_is_range && *q < p {
            continue; // Added from the other end.
        }
        let ebgp = world.peers[p].local_as != world.peers[*q].local_as;
        let (sp, sq) = (world.peers[p].speaker, world.peers[*q].speaker);
        sessions.halves.push(Half {
            from: p,
            to: *q,
            from_speaker: sp,
            to_speaker: sq,
            ebgp,
            from_ip: *local_ip,
            to_ip: *remote_ip,
            families: families.clone(),
            add_path: !ebgp && add_path(world, p, *q),
        });
        sessions.halves.push(Half {
            from: *q,
            to: p,
            from_speaker: sq,
            to_speaker: sp,
            ebgp,
            from_ip: *remote_ip,
            to_ip: *local_ip,
            families: families.clone(),
            add_path: !ebgp && add_path(world, *q, p),
        });
    }
    sessions
}

/// Add-path from `from` to `to`: the sender may send and selects all paths, the receiver may
/// receive (Batfish's reading of IOS `bgp additional-paths` and `advertise additional-paths`).
fn add_path(world: &World<'_, '_>, from: usize, to: usize) -> bool {
    let (f, t) = (&world.peers[from], &world.peers[to]);
    let (fs, ts) = (&world.speakers[f.speaker], &world.speakers[t.speaker]);
    let family = AddressFamily::Ipv4;
    let f_vrf = fs.af(family);
    let t_vrf = ts.af(family);
    let f_af = f.af(family);
    let t_af = t.af(family);
    let on = |o: Option<&routeproof_parser::Spanned<bool>>| o.is_some_and(|s| s.value);
    let send = on(f_vrf.and_then(|a| a.additional_paths_send.as_ref()))
        || on(f_af.and_then(|a| a.additional_paths_send.as_ref()));
    let select_all = on(f_vrf.and_then(|a| a.additional_paths_select_all.as_ref()))
        && on(f_af.and_then(|a| a.advertise_additional_paths_all.as_ref()));
    let receive = on(t_vrf.and_then(|a| a.additional_paths_receive.as_ref()))
        || on(t_af.and_then(|a| a.additional_paths_receive.as_ref()));
    send && select_all && receive
}

type Established = (usize, IpAddr, IpAddr, Vec<AddressFamily>);

/// Checks neighbor `p`; on success the remote neighbor, our address, its address and the
/// families exchanged.
fn check(
    world: &World<'_, '_>,
    p: usize,
    status: &mut SessionStatus,
) -> Result<Established, DownReason> {
    let peer = &world.peers[p];
    let speaker = &world.speakers[peer.speaker];
    let target = match peer.key {
        BgpPeer::Address(a) => *a,
        BgpPeer::Interface(_) => return Err(DownReason::NotModelled("unnumbered neighbor")),
        BgpPeer::Range(_) => return Err(DownReason::NotModelled("listen range")),
    };
    let Some(remote_as) = peer.remote_as() else {
        if peer.shutdown() {
            return Err(DownReason::Shutdown);
        }
        return Err(DownReason::NoRemoteAs);
    };
    let ebgp = match remote_as {
        RemoteAs::Asn(a) => a != peer.local_as,
        RemoteAs::External => true,
        RemoteAs::Internal => false,
    };
    let multihop = |c: &PeerConfig<'_>| c.neighbor.ebgp_multihop.is_some();
    status.session_type = if !ebgp {
        SessionType::Ibgp
    } else if multihop(peer) {
        SessionType::EbgpMultihop
    } else {
        SessionType::EbgpSinglehop
    };
    if peer.shutdown() {
        return Err(DownReason::Shutdown);
    }
    // The device owning the peer address, with a neighbor statement for us.
    let owners = owners_of(world, peer.speaker, target);
    let Some(first) = owners.first() else {
        return Err(DownReason::PeerNotInSnapshot);
    };
    status.remote_node = Some(world.topology.node(first.0).name.clone());
    // eBGP without ebgp-multihop needs the peer on a connected subnet, sourced from there.
    let direct = connected_address(world, peer.speaker, target);
    if ebgp && !multihop(peer) {
        match direct {
            Some(a) if peer.neighbor.update_source.is_none() => status.local_ip = Some(a),
            _ => {
                status.local_ip = world.local_address(peer).ok();
                if status.local_ip != direct || direct.is_none() {
                    return Err(DownReason::NotDirectlyConnected { remote: false });
                }
            }
        }
    }
    let local_ip = world.local_address(peer)?;
    status.local_ip = Some(local_ip);
    if !world.reachable(peer.speaker, target) {
        return Err(DownReason::PeerUnreachable);
    }
    let mut found = None;
    for (node, iface) in &owners {
        let vrf = world
            .topology
            .node(*node)
            .interfaces
            .get(iface)
            .map_or(speaker.vrf.clone(), |i| i.vrf.clone());
        let Some(&remote_speaker) = world.speaker_index.get(&(*node, vrf)) else {
            continue;
        };
        let exact = world
            .peer_index
            .get(&(remote_speaker, BgpPeer::Address(local_ip)))
            .copied();
        let range = || {
            world.peers.iter().position(|q| {
                q.speaker == remote_speaker
                    && matches!(q.key, BgpPeer::Range(r) if r.contains(&local_ip))
            })
        };
        if let Some(q) = exact.or_else(range) {
            found = Some((*node, q));
            break;
        }
    }
    let first_owner = world.topology.node(owners[0].0).name.clone();
    let Some((remote_node, q)) = found else {
        status.remote_node = Some(first_owner.clone());
        return Err(DownReason::NoMatchingNeighbor {
            remote: first_owner,
            local_ip,
        });
    };
    let remote_name = world.topology.node(remote_node).name.clone();
    status.remote_node = Some(remote_name.clone());
    let remote = &world.peers[q];
    if remote.shutdown() {
        return Err(DownReason::RemoteShutdown(remote_name));
    }
    if !peer.accepts_remote_as(remote.local_as) {
        return Err(DownReason::AsMismatch {
            configured: describe_remote_as(Some(remote_as)),
            actual: remote.local_as,
        });
    }
    if !remote.accepts_remote_as(peer.local_as) {
        return Err(DownReason::RemoteAsMismatch {
            configured: describe_remote_as(remote.remote_as()),
            actual: peer.local_as,
        });
    }
    if matches!(remote.key, BgpPeer::Address(_)) {
        match world.local_address(remote) {
            Ok(source) if source == target => {}
            Ok(source) => {
                return Err(DownReason::SourceMismatch {
                    remote_source: Some(source),
                });
            }
            Err(_) => {
                return Err(DownReason::SourceMismatch {
                    remote_source: None,
                });
            }
        }
    }
    if !world.reachable(remote.speaker, local_ip) {
        return Err(DownReason::RemoteCannotReach(local_ip));
    }
    if ebgp {
        let direct_there = connected_address(world, remote.speaker, local_ip) == Some(target);
        if !multihop(remote) && !direct_there {
            return Err(DownReason::NotDirectlyConnected { remote: true });
        }
    }
    let family = family_of(target);
    let families: Vec<AddressFamily> = [family]
        .into_iter()
        .filter(|f| peer.activated(*f) && remote.activated(*f))
        .collect();
    if families.is_empty() {
        return Err(DownReason::NoCommonAddressFamily);
    }
    Ok((q, local_ip, target, families))
}
