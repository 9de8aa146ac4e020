//! Blackholes new in AFTER. See [`DOC`]. Computed by the reachability analysis
//! ([`crate::diff`]) on every destination class whose forwarding changed.

/// Stable code.
pub const CODE: &str = "routeproof::check::blackhole";

/// What it does / Why it matters / Example.
pub const DOC: &str = "What it does: finds traffic that, after the change, is dropped in transit (a null route, no route, a next hop that does not resolve or answer) at a device other than its source, where it was not dropped there before.\n\nWhy it matters: a transit drop means some routers still send traffic towards a destination that the network no longer carries through; it is the mark of a withdrawn or filtered route that is still advertised elsewhere.\n\nExample: a static `ip route 2.128.1.1 255.255.255.255 null0` left on core2 becomes a blackhole once a cost change moves traffic to core2.";
