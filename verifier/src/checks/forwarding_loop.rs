//! Forwarding loops new in AFTER. See [`DOC`]. Computed by the reachability analysis
//! ([`crate::diff`]) on every destination class whose forwarding changed.

/// Stable code.
pub const CODE: &str = "routeproof::check::forwarding_loop";

/// What it does / Why it matters / Example.
pub const DOC: &str = "What it does: finds destinations for which forwarding, after the change, can return to a device it already visited (on some ECMP branch), from any source, where it did not before.\n\nWhy it matters: a loop burns link capacity until every looping packet's TTL expires and drops everything to those destinations; loops are what route redistribution mistakes produce (an IGP route pointing back at the router that redistributed it).\n\nExample: after `redistribute bgp` lands under `router isis`, core2 prefers the IS-IS route (115) to core1 over its iBGP route (200), while core1 reaches the BGP next hop through core2: core1 -> core2 -> core1.";
