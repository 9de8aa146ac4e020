//! Single-snapshot checks, one file each (ruff's habit): a stable code, a severity, and a
//! [`CheckInfo::doc`] with the sections *What it does*, *Why it matters* and *Example*, so
//! `routeproof explain CODE` can print them.
//!
//! Each check runs on both snapshots; `check` reports the findings that are new in AFTER apart
//! from those already present in BEFORE, and only new errors fail the change.

pub mod bgp_session;
pub mod blackhole;
pub mod forwarding_loop;
pub mod igp_hygiene;
pub mod mode_slip;
pub mod undefined_reference;

use routeproof_parser::ir::Network;
use routeproof_parser::{Diagnostic, Sources};

use crate::report::{Finding, Severity, Side};

/// What a check reads.
pub struct Context<'a> {
    /// Which snapshot.
    pub side: Side,
    /// The network.
    pub network: &'a Network,
    /// Its files.
    pub sources: &'a Sources,
    /// The parser's diagnostics.
    pub diagnostics: &'a [Diagnostic],
    /// The simulated control plane.
    pub control_plane: &'a crate::control_plane::ControlPlane,
}

/// A registered check.
pub struct CheckInfo {
    /// Stable code.
    pub code: &'static str,
    /// Default severity of its findings.
    pub severity: Severity,
    /// What it does / Why it matters / Example.
    pub doc: &'static str,
    /// Runs it.
    pub run: fn(&Context<'_>) -> Vec<Finding>,
}

/// Every check, in report order. (Forwarding loops, blackholes and lost reachability come from
/// the reachability analysis, documented in [`REACHABILITY_DOCS`].)
pub const CHECKS: &[CheckInfo] = &[
    CheckInfo {
        code: mode_slip::CODE,
        severity: Severity::Error,
        doc: mode_slip::DOC,
        run: mode_slip::run,
    },
    CheckInfo {
        code: undefined_reference::CODE,
        severity: Severity::Warning,
        doc: undefined_reference::DOC,
        run: undefined_reference::run,
    },
    CheckInfo {
        code: igp_hygiene::CODE,
        severity: Severity::Error,
        doc: igp_hygiene::DOC,
        run: igp_hygiene::run,
    },
    CheckInfo {
        code: bgp_session::CODE,
        severity: Severity::Warning,
        doc: bgp_session::DOC,
        run: bgp_session::run,
    },
    CheckInfo {
        code: bgp_session::MAX_PREFIX_CODE,
        severity: Severity::Error,
        doc: bgp_session::MAX_PREFIX_DOC,
        run: bgp_session::run_max_prefix,
    },
];

/// Documentation of the codes the reachability analysis emits.
pub const REACHABILITY_DOCS: &[(&str, &str)] = &[
    (forwarding_loop::CODE, forwarding_loop::DOC),
    (blackhole::CODE, blackhole::DOC),
    (
        "routeproof::reach::lost_reachability",
        "What it does: finds destinations that every path delivered before the change and some path drops or loops after it, from any source router (or any external-facing interface), over every address.\n\nWhy it matters: this is the outage itself. The finding names the prefixes, the sources that lose them, a concrete packet, the paths before and after, and the changed lines those paths rest on.\n\nExample: raising OSPF costs on core1 shifts traffic to core2, which carries a forgotten `ip route 2.128.1.1 255.255.255.255 null0`; host-www becomes unreachable from both border routers.",
    ),
    (
        "routeproof::reach::newly_reachable",
        "What it does: finds traffic that every path dropped before the change and some path delivers after it.\n\nWhy it matters: a change that opens access (an ACL line, a new route) should be intended; reviewers should see what it exposes.\n\nExample: adding `permit tcp any 2.128.0.0 0.0.1.255 eq www` at the borders makes HTTP reach host-db, not only host-www.",
    ),
];

/// The documentation of `code`, if it is a known code.
pub fn explain(code: &str) -> Option<&'static str> {
    CHECKS
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.doc)
        .or_else(|| {
            REACHABILITY_DOCS
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, d)| *d)
        })
}

/// Runs every check on one snapshot.
pub fn run_all(ctx: &Context<'_>) -> Vec<Finding> {
    CHECKS.iter().flat_map(|c| (c.run)(ctx)).collect()
}
