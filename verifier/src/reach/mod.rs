//! Reachability over all destination addresses.
//!
//! - [`classes`]: the address space cut into atoms by every prefix of both snapshots.
//! - [`cone`]: per class, the sources a change can affect (everything else is equal).
//! - [`forward`]: one forwarding step (ownership, FIB, ACLs, neighbours) and dispositions.
//! - [`outcomes`]: outcome sets of a packet from every source at once (SCC over states).
//! - [`symbolic`]: header cells where ACLs look beyond the destination (z3).
//! - [`trace`]: concrete hop-by-hop paths for counterexamples and `routeproof trace`.

pub mod classes;
pub mod cone;
pub mod forward;
pub mod outcomes;
pub mod symbolic;
pub mod trace;
