//! routeproof's verifier: simulation of the control plane and proofs over the data plane.
//!
//! ```text
//! ir::Network --topology--> Topology --control_plane::simulate--> main RIBs per node/VRF
//! ```
//!
//! - [`check`]: the main job: two snapshots in, a [`report::Report`] out. Start here.
//! - [`checks`]: single-snapshot checks, one file each, with stable codes and docs.
//! - [`diff`]: the differential property over all addresses and sources; [`blame`] the changed
//!   lines behind a violation; [`report`] the findings and verdict.
//! - [`intent`]: what the user says a change may and must do (`routeproof.toml`).
//! - [`topology`]: layer-3 adjacency from shared subnets (petgraph), nodes by [`topology::NodeId`].
//! - [`rib`]: routes, protocols (named as Batfish names them) and main tables with
//!   longest-prefix match.
//! - [`control_plane`]: the deterministic fixpoint over connected, static, OSPF, IS-IS, EIGRP
//!   and BGP.
//! - [`dataplane`]: forwarding tables with recursive next-hop resolution and ECMP.
//! - [`policy`]: route-policy evaluation (route-maps, policy statements).
//! - [`reach`]: destination equivalence classes, the sources a change can affect per class,
//!   forwarding outcomes and traces.
//! - [`table`]: rows of the main tables, as `routeproof routes` prints them.
//! - [`progress`]: how far a running check got (for a progress bar and `--timeout`).
//!
//! **Architecture invariant:** the verifier performs no I/O and uses no clock, environment or
//! randomness: the same network gives the same tables, byte for byte. Threads (both snapshots
//! simulated side by side, destination classes analysed by workers) never decide an order:
//! results are merged in a fixed order.

pub mod blame;
pub mod check;
pub mod checks;
pub mod control_plane;
pub mod dataplane;
pub mod diff;
pub mod intent;
pub mod policy;
pub mod progress;
pub mod reach;
pub mod report;
pub mod rib;
pub mod table;
pub mod topology;

#[cfg(test)]
mod testing;
