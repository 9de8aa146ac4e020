//! BGP: sessions, propagation to a fixpoint, and the decision process.
//!
//! [`compute`] runs once per outer iteration of the control-plane fixpoint, from the previous
//! iteration's main tables:
//!
//! 1. [`config`]: one [`config::Speaker`] per device and VRF running BGP, one
//!    [`config::PeerConfig`] per neighbor, with the dialect's defaults filled in;
//! 2. [`session`]: which sessions come up (both ends must agree) and why the others do not;
//! 3. [`originate`]: `network`, redistribution, aggregates (and `default-originate`);
//! 4. [`engine`]: synchronous rounds over the speakers in name order: every speaker re-runs the
//!    [`decision`] process on the prefixes that changed, then every session carries the changed
//!    best paths through [`exchange`] (export rules and policy, then import rules and policy).
//!    The rounds stop when nothing changes; a bound on rounds turns a network that never settles
//!    into a reported issue naming the prefixes that still flip;
//! 5. the best paths go into the main tables: next hop = the BGP next hop (resolved recursively
//!    by the FIB), metric = MED, protocol `bgp` (eBGP-learned) or `ibgp`, `aggregate` for active
//!    aggregates (a discard route), with the vendor's (or `distance bgp`) administrative
//!    distances.
//!
//! Paths carry interned, shared attribute sets ([`path::PathAttrs`]), so propagating a prefix
//! copies pointers, not attribute vectors; sessions with equal export (import) configuration
//! share one policy evaluation per attribute set ([`exchange`]); and prefixes that enter the
//! network the same way and that every filter treats alike are simulated once per
//! [`classes`] class.
//!
//! Not modelled yet: route leaking between VRFs (each VRF's BGP is independent), confederations,
//! unnumbered (interface) neighbors and listen ranges beyond matching, `as-set` aggregates, IOS's
//! "oldest path" tie-break (router ids are compared instead), add-path beyond Batfish's reading
//! of IOS's knobs.

pub mod classes;
pub mod config;
pub mod decision;
pub mod engine;
pub mod exchange;
pub mod originate;
pub mod path;
pub mod session;

use std::collections::BTreeMap;

use ipnet::IpNet;
use routeproof_parser::Span;
use serde::Serialize;

use super::{Input, Output};
use crate::topology::NodeId;

pub use session::{DownReason, SessionStatus, SessionType};

/// What BGP computed in one outer iteration, beyond the main-table routes.
#[derive(Clone, Debug, Default)]
pub struct BgpOutput {
    /// Every configured (active) neighbor, in node/VRF/neighbor order.
    pub sessions: Vec<SessionStatus>,
    /// The selected paths (best first, then multipaths) of every speaker, by the representative
    /// prefix of each class (see [`BgpOutput::paths`]).
    pub ribs: BTreeMap<(NodeId, String), BTreeMap<IpNet, Vec<path::Path>>>,
    /// The members of each prefix class, by representative (classes of one prefix are left
    /// out).
    pub classes: BTreeMap<IpNet, std::sync::Arc<[IpNet]>>,
    /// Prefixes that never settled, and other problems.
    pub issues: Vec<BgpIssue>,
    /// Propagation rounds run.
    pub rounds: usize,
    /// Configuration lines with unmodelled matches or sets that routes went through.
    pub unsupported: Vec<Span>,
}

impl BgpOutput {
    /// The selected paths of `node` in `vrf` for `prefix` (best first).
    pub fn paths(&self, node: NodeId, vrf: &str, prefix: &IpNet) -> &[path::Path] {
        let representative = self
            .classes
            .iter()
            .find(|(_, members)| members.contains(prefix))
            .map_or(prefix, |(r, _)| r);
        self.ribs
            .get(&(node, vrf.to_owned()))
            .and_then(|t| t.get(representative))
            .map_or(&[], Vec::as_slice)
    }
}

/// A problem found while propagating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum BgpIssue {
    /// Propagation hit the round bound; these (node, vrf, prefix) still changed in the last round.
    NonConvergence {
        /// Rounds run.
        rounds: usize,
        /// What kept changing.
        oscillating: Vec<(String, String, IpNet)>,
    },
}

/// BGP routes of every node, from the previous iteration's main tables.
pub fn compute(input: &Input<'_>) -> Output {
    let result = engine::run(input);
    Output {
        routes: Vec::new(),
        tables: result.tables,
        class_routes: result.class_routes,
        bgp: Some(result.output),
        ..Output::default()
    }
}

#[cfg(test)]
mod tests;
