//! The result of `check`: a verdict and findings, as plain serde data.
//!
//! A [`Report`] holds spans and codes, never source text; renderers in the CLI attach the text.
//! Spans belong to one of the two snapshots ([`Side`]) since each has its own file set.

#![deny(missing_docs)]

use std::net::IpAddr;

use ipnet::IpNet;
use routeproof_parser::Span;
use serde::Serialize;

use crate::reach::forward::{Disposition, Packet};

/// The JSON schema version of [`Report`].
pub const SCHEMA: &str = "routeproof.check/v1";

/// The overall answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every address reachable before is reachable after, from every source; no error finding.
    Safe,
    /// At least one error finding.
    Unsafe,
    /// No error found, but the proof depends on something not modelled.
    Inconclusive,
}

/// Which snapshot a span or path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The snapshot before the change.
    Before,
    /// The snapshot after the change.
    After,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information.
    Info,
    /// Worth a look; does not fail the check by default.
    Warning,
    /// Fails the check.
    Error,
}

/// A configuration line that supports a finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// Which snapshot the span is in.
    pub side: Side,
    /// The span.
    pub span: Span,
    /// What this line has to do with the finding.
    pub label: String,
}

/// One hop of a path, summarised for reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HopSummary {
    /// Node.
    pub node: String,
    /// VRF.
    pub vrf: String,
    /// Interface the packet came in on.
    pub in_interface: Option<String>,
    /// Interface it left on.
    pub out_interface: Option<String>,
    /// The rule used: `10.0.0.0/8 ospf via 10.1.1.2` (empty at the last hop when no lookup).
    pub rule: String,
    /// Lines behind the rule (the route's origin), for blame and snippets.
    pub evidence: Vec<Span>,
}

/// One path of a counterexample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathSummary {
    /// Hops from the source.
    pub hops: Vec<HopSummary>,
    /// How it ends.
    pub disposition: Disposition,
    /// Where it ends.
    pub end_node: String,
    /// The interface at the end, if any.
    pub end_interface: Option<String>,
    /// The ACL line that denied the packet, if that is how it ends.
    pub acl_line: Option<Span>,
}

/// Details of a reachability finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reachability {
    /// The destination addresses concerned, as prefixes.
    pub prefixes: Vec<IpNet>,
    /// A concrete destination in them.
    pub address: IpAddr,
    /// A concrete packet (the witness).
    pub packet: Packet,
    /// Sources (`node` or `node vrf V`) that are affected.
    pub sources: Vec<String>,
    /// What happened before, from the first source.
    pub before: Vec<PathSummary>,
    /// What happens after, from the first source.
    pub after: Vec<PathSummary>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `routeproof::reach::lost_reachability`.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// One line, lower case, no full stop.
    pub message: String,
    /// The device it is about, when it is about one.
    pub device: Option<String>,
    /// Lines that cause or support it (blame first).
    pub evidence: Vec<Evidence>,
    /// For reachability findings: prefixes, sources, witness and paths.
    pub reachability: Option<Reachability>,
    /// A full sentence of advice, when there is one.
    pub help: Option<String>,
    /// The same finding exists before the change: reported apart, and it does not fail it.
    pub preexisting: bool,
}

/// Something the proof could not cover.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Gap {
    /// Device.
    pub device: String,
    /// The unmodelled feature.
    pub feature: String,
    /// Where it is configured.
    pub side: Side,
    /// Its span.
    pub span: Span,
}

/// Figures about the run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Devices in the snapshot after the change.
    pub devices: usize,
    /// Destination classes the address space was cut into.
    pub destination_classes: usize,
    /// Classes whose forwarding differed and were analysed in full.
    pub classes_analysed: usize,
    /// Source (node, VRF) pairs.
    pub sources: usize,
}

/// The answer of `check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Schema version.
    pub schema: &'static str,
    /// Verdict.
    pub verdict: Verdict,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// What made the verdict inconclusive, if anything.
    pub gaps: Vec<Gap>,
    /// Figures.
    pub stats: Stats,
    /// The least severity that fails the check (`error` unless the intent says `warning`).
    pub fail_on: Severity,
}

impl Report {
    /// Derives the verdict from findings and gaps: any new finding at or above `fail_on`
    /// (errors by default) is unsafe; else any gap is inconclusive; else safe.
    pub fn conclude(findings: Vec<Finding>, gaps: Vec<Gap>, stats: Stats) -> Report {
        let mut report = Report {
            schema: SCHEMA,
            verdict: Verdict::Safe,
            findings,
            gaps,
            stats,
            fail_on: Severity::Error,
        };
        report.reconclude();
        report
    }

    /// Adds findings (e.g. from replaying change scripts) and derives the verdict again.
    pub fn add_findings(&mut self, findings: Vec<Finding>) {
        self.findings.splice(0..0, findings);
        self.reconclude();
    }

    /// Sets the least severity that fails the check and derives the verdict again.
    pub fn set_fail_on(&mut self, severity: Severity) {
        self.fail_on = severity;
        self.reconclude();
    }

    fn reconclude(&mut self) {
        let (findings, gaps) = (&self.findings, &self.gaps);
        let verdict = if findings
            .iter()
            .any(|f| f.severity >= self.fail_on && !f.preexisting)
        {
            Verdict::Unsafe
        } else if !gaps.is_empty() {
            Verdict::Inconclusive
        } else {
            Verdict::Safe
        };
        self.verdict = verdict;
    }
}
