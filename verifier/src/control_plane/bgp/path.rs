//! BGP paths: interned attribute sets plus the next hop and where each path came from.
//!
//! Attribute sets are shared (`Arc`) and interned: every prefix that enters the network the same
//! way carries the very same [`PathAttrs`] allocation, so copying a path between RIBs is a
//! pointer copy, and the session exchange caches its results by attribute identity (see
//! `exchange`). The next hop is kept out of the shared set on purpose: it is the one attribute
//! that differs per eBGP session, and leaving it out lets the paths a router sends to all its
//! neighbors share one attribute set.

use std::collections::{BTreeSet, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use routeproof_parser::ir::policy::Origin;

use crate::policy::Community;

/// The attributes of a BGP path that travel with it (and the local ones, weight and tag).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathAttrs {
    /// Weight (Cisco-style, local to the router).
    pub weight: u32,
    /// Local preference.
    pub local_pref: u32,
    /// AS path, nearest AS first.
    pub as_path: Vec<u32>,
    /// Origin.
    pub origin: Origin,
    /// MED; `None` when the path carries none.
    pub med: Option<u32>,
    /// Standard communities.
    pub communities: BTreeSet<Community>,
    /// ORIGINATOR_ID, set by the first route reflector.
    pub originator_id: Option<Ipv4Addr>,
    /// CLUSTER_LIST, nearest cluster first.
    pub cluster_list: Vec<Ipv4Addr>,
    /// Route tag set by policy (goes into the main table, never on the wire).
    pub tag: u32,
}

impl PathAttrs {
    /// The attributes of a freshly originated path: local preference 100, origin IGP.
    pub fn local() -> PathAttrs {
        PathAttrs {
            weight: 0,
            local_pref: 100,
            as_path: Vec::new(),
            origin: Origin::Igp,
            med: None,
            communities: BTreeSet::new(),
            originator_id: None,
            cluster_list: Vec::new(),
            tag: 0,
        }
    }

    /// The neighboring AS (the first AS of the path), used for MED comparison.
    pub fn neighbor_as(&self) -> Option<u32> {
        self.as_path.first().copied()
    }
}

/// A fast, deterministic hasher (FxHash's multiply-rotate) for the simulation's internal
/// hash tables; nothing hashed here is attacker-controlled and iteration order never reaches
/// output.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.hash = (self.hash.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `BuildHasher` for [`FxHasher`].
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// A hash map with [`FxHasher`], for internal caches and indexes that are never iterated into
/// output (this file is the one place hash collections are declared; see `tests/tidy.rs`).
pub type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

/// Interns attribute sets so equal sets share one allocation.
#[derive(Debug, Default)]
pub struct Interner {
    set: HashSet<Arc<PathAttrs>, FxBuild>,
}

impl Interner {
    /// The shared copy of `attrs`.
    pub fn intern(&mut self, attrs: PathAttrs) -> Arc<PathAttrs> {
        if let Some(found) = self.set.get(&attrs) {
            return Arc::clone(found);
        }
        let shared = Arc::new(attrs);
        self.set.insert(Arc::clone(&shared));
        shared
    }

    /// Number of distinct attribute sets.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// How a locally originated path came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LocalKind {
    /// An `aggregate-address`.
    Aggregate,
    /// A `network` statement.
    Network,
    /// Redistribution from another protocol.
    Redistributed,
}

/// Where a path came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSource {
    /// Originated by this router.
    Local(LocalKind),
    /// Learned over a session.
    Learned(Learned),
}

/// The session a learned path arrived on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Learned {
    /// Index of the directed session it arrived on (see `session::Half`).
    pub half: u32,
    /// Add-path identifier (0 without add-path).
    pub path_id: u32,
    /// Learned over eBGP.
    pub ebgp: bool,
    /// The neighbor's address (the tie-breaker of last resort).
    pub peer_address: IpAddr,
    /// The neighbor's router id.
    pub peer_router_id: Ipv4Addr,
    /// The neighbor is our route-reflector client.
    pub from_client: bool,
}

/// One path of one prefix in a BGP RIB.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    /// Attributes (interned).
    pub attrs: Arc<PathAttrs>,
    /// BGP next hop; `None` for a locally originated path with no gateway (`0.0.0.0`).
    pub next_hop: Option<IpAddr>,
    /// Origin of the path.
    pub source: PathSource,
}

impl Path {
    /// True for paths learned over iBGP.
    pub fn is_ibgp(&self) -> bool {
        matches!(self.source, PathSource::Learned(l) if !l.ebgp)
    }

    /// True for paths learned over eBGP.
    pub fn is_ebgp(&self) -> bool {
        matches!(self.source, PathSource::Learned(l) if l.ebgp)
    }

    /// True for locally originated paths.
    pub fn is_local(&self) -> bool {
        matches!(self.source, PathSource::Local(_))
    }

    /// The session it was learned on, if any.
    pub fn learned(&self) -> Option<&Learned> {
        match &self.source {
            PathSource::Learned(l) => Some(l),
            PathSource::Local(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_shares_equal_sets() {
        let mut interner = Interner::default();
        let a = interner.intern(PathAttrs::local());
        let mut other = PathAttrs::local();
        let b = interner.intern(other.clone());
        other.local_pref = 200;
        let c = interner.intern(other);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(interner.len(), 2);
    }
}
