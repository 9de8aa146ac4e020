//! Intent: what the user says a change may and must do (`routeproof.toml`).
//!
//! ```toml
//! fail_on = "error"                 # or "warning": which findings fail the check
//! ignore_sources = ["lab-*"]        # sources left out of the analysis
//! scope = ["core1", "edge*"]        # devices whose tables may change; others changing is a finding
//!
//! [[intended_loss]]                 # destinations that may become unreachable
//! prefix = "10.20.0.0/16"
//! sources = ["branch-*"]            # optional: only from these sources
//!
//! [[must_reach]]                    # invariants checked after the change
//! prefix = "10.0.0.0/8"
//! from = ["edge*"]
//!
//! [[budget]]                        # route-count budgets in the main tables after the change
//! devices = "core*"
//! protocol = "isis"                 # a protocol name as in `routes` (isisL2, ospfE2, bgp...) or
//! max_routes = 5000                 # a family: ospf, isis, eigrp, bgp (both bgp and ibgp), static
//!
//! [severity]                        # overrides, by code
//! "routeproof::check::undefined_reference" = "error"
//! ```
//!
//! Parsing (with line numbers for errors, unknown keys refused) happens in the CLI; this module
//! holds the model and applies it to a report.

use ipnet::IpNet;
use serde::Deserialize;

use crate::report::Severity;

/// The whole intent file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    /// Which findings fail the check (default `error`).
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// Sources (globs over `node`, `node vrf V`, `node[interface]`) left out.
    #[serde(default)]
    pub ignore_sources: Vec<String>,
    /// Devices (globs) whose main tables may change. Empty: no scope declared.
    #[serde(default)]
    pub scope: Vec<String>,
    /// Destinations that may become unreachable.
    #[serde(default, rename = "intended_loss")]
    pub intended_losses: Vec<IntendedLoss>,
    /// Reachability that must hold after the change.
    #[serde(default)]
    pub must_reach: Vec<MustReach>,
    /// Route-count budgets.
    #[serde(default, rename = "budget")]
    pub budgets: Vec<Budget>,
    /// Severity per finding code.
    #[serde(default)]
    pub severity: std::collections::BTreeMap<String, SeverityName>,
}

/// The threshold for failing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Only errors fail.
    Error,
    /// Warnings fail too.
    Warning,
}

/// A severity as written in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    /// Info.
    Info,
    /// Warning.
    Warning,
    /// Error.
    Error,
}

impl From<SeverityName> for Severity {
    fn from(s: SeverityName) -> Severity {
        match s {
            SeverityName::Info => Severity::Info,
            SeverityName::Warning => Severity::Warning,
            SeverityName::Error => Severity::Error,
        }
    }
}

/// Destinations that may become unreachable (optionally only from some sources).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntendedLoss {
    /// The destinations.
    pub prefix: IpNet,
    /// Source globs; empty means every source.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// `prefix` must be reachable from every device matching `from` after the change.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MustReach {
    /// The destinations.
    pub prefix: IpNet,
    /// Source device globs.
    pub from: Vec<String>,
}

/// At most `max_routes` routes of `protocol` in the main tables of devices matching `devices`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Device glob.
    pub devices: String,
    /// Protocol or family name.
    pub protocol: String,
    /// The budget (prefixes in the table).
    pub max_routes: usize,
}

/// A glob over source and device names: `*` and `?` are wildcards; brackets are literal,
/// since `border1[GigabitEthernet0/0]` names an interface, not a character class.
pub fn pattern(glob: &str) -> Option<glob::Pattern> {
    let escaped: String = glob
        .chars()
        .map(|c| match c {
            '[' => "[[]".to_owned(),
            ']' => "[]]".to_owned(),
            c => c.to_string(),
        })
        .collect();
    glob::Pattern::new(&escaped).ok()
}

/// Whether `name` matches any of `globs`.
pub fn matches_any(globs: &[String], name: &str) -> bool {
    globs
        .iter()
        .any(|g| pattern(g).is_some_and(|p| p.matches(name)))
}

/// Whether a protocol name (as `routes` prints it) is in a budget's protocol or family.
pub fn protocol_in(protocol: &str, wanted: &str) -> bool {
    let wanted = wanted.to_ascii_lowercase();
    let protocol_lower = protocol.to_ascii_lowercase();
    protocol_lower == wanted
        || match wanted.as_str() {
            "ospf" => protocol_lower.starts_with("ospf"),
            "isis" => protocol_lower.starts_with("isis"),
            "eigrp" => protocol_lower.starts_with("eigrp"),
            "bgp" => protocol_lower == "ibgp" || protocol_lower == "aggregate",
            _ => false,
        }
}

/// Applies `intent` to a finished analysis: intended losses become information, the declared
/// scope, must-reach invariants and route budgets add findings, severities are overridden.
pub(crate) fn apply(
    intent: &Intent,
    before: &crate::diff::Model<'_>,
    after: &crate::diff::Model<'_>,
    findings: &mut Vec<crate::report::Finding>,
) {
    use crate::report::{Finding, Reachability};

    // Intended losses.
    for f in findings
        .iter_mut()
        .filter(|f| f.code == "routeproof::reach::lost_reachability")
    {
        let Some(r) = &f.reachability else { continue };
        let intended = intent.intended_losses.iter().any(|loss| {
            r.prefixes.iter().all(|p| loss.prefix.contains(p))
                && (loss.sources.is_empty()
                    || r.sources.iter().all(|s| matches_any(&loss.sources, s)))
        });
        if intended {
            f.severity = Severity::Info;
            f.message.push_str(" (intended: routeproof.toml)");
        }
    }
    // Declared scope: tables of other devices must not change.
    if !intent.scope.is_empty() {
        let rows = |m: &crate::diff::Model<'_>| -> std::collections::BTreeMap<
            (String, String),
            std::collections::BTreeSet<String>,
        > {
            let mut out: std::collections::BTreeMap<
                (String, String),
                std::collections::BTreeSet<String>,
            > = Default::default();
            for r in crate::table::rows(&m.control_plane) {
                out.entry((r.node.clone(), r.prefix.to_string()))
                    .or_default()
                    .insert(format!(
                        "{} {} {} {} {}",
                        r.protocol, r.next_hop_ip, r.next_hop_interface, r.admin, r.metric
                    ));
            }
            out
        };
        let (b, a) = (rows(before), rows(after));
        let mut changed: std::collections::BTreeMap<String, usize> = Default::default();
        for key in b.keys().chain(a.keys()) {
            if b.get(key) != a.get(key) && !matches_any(&intent.scope, &key.0) {
                *changed.entry(key.0.clone()).or_default() += 1;
            }
        }
        for (device, count) in changed {
            findings.push(Finding {
                code: "routeproof::intent::out_of_scope".into(),
                severity: Severity::Error,
                message: format!("{} routing table entries change on {device}, outside the declared scope", count / 2 + count % 2),
                device: Some(device),
                evidence: Vec::new(),
                reachability: None,
                help: Some("routeproof.toml declares which devices this change may affect (`scope`); this one is not among them. Check the change, or widen the scope if this is intended.".into()),
                preexisting: false,
            });
        }
    }
    // Must-reach invariants, on the snapshot after the change.
    for rule in &intent.must_reach {
        let sources: Vec<crate::diff::Source> = crate::diff::sources_of(after)
            .into_iter()
            .filter(|s| s.ingress.is_none() && matches_any(&rule.from, &s.node))
            .collect();
        let mut prefixes: Vec<IpNet> = vec![rule.prefix];
        for (_, _, fib) in after.dataplane.fibs() {
            prefixes.extend(fib.prefixes().copied());
        }
        for (_, address) in after.control_plane.topology.owners.keys() {
            prefixes.push(IpNet::from(*address));
        }
        let atoms: Vec<_> = crate::reach::classes::atoms(prefixes)
            .into_iter()
            .filter(|a| rule.prefix.contains(&a.first) && rule.prefix.contains(&a.last))
            .collect();
        let mut failing: Vec<(crate::reach::classes::Atom, crate::diff::Source)> = Vec::new();
        let states = crate::diff::source_states(after, &sources);
        for atom in &atoms {
            let packet = crate::reach::forward::Packet::to(atom.representative());
            let outcomes = crate::diff::source_outcomes(after, &packet, &sources, &states);
            for (source, outcome) in sources.iter().zip(outcomes) {
                if outcome.is_some_and(|o| !o.all_success()) {
                    failing.push((*atom, source.clone()));
                }
            }
        }
        if let Some((atom, source)) = failing.first() {
            let packet = crate::reach::forward::Packet::to(atom.representative());
            let paths = after
                .state(&source.node, &source.vrf)
                .map(|s| crate::reach::trace::paths(&after.forwarding(), &s, &packet))
                .unwrap_or_default();
            let mut names: Vec<String> = failing.iter().map(|(_, s)| s.name()).collect();
            names.sort();
            names.dedup();
            findings.push(Finding {
                code: "routeproof::intent::must_reach".into(),
                severity: Severity::Error,
                message: format!(
                    "{} is not reachable from every source it must be (routeproof.toml)",
                    rule.prefix
                ),
                device: Some(source.node.clone()),
                evidence: Vec::new(),
                reachability: Some(Reachability {
                    prefixes: vec![rule.prefix],
                    address: atom.representative(),
                    packet,
                    sources: names,
                    before: Vec::new(),
                    after: paths
                        .iter()
                        .map(|p| crate::diff::summarize(after, p))
                        .collect(),
                }),
                help: Some(
                    "An invariant of routeproof.toml does not hold after the change.".into(),
                ),
                preexisting: false,
            });
        }
    }
    // Route budgets.
    for budget in &intent.budgets {
        let mut counts: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        for r in crate::table::rows(&after.control_plane) {
            if matches_any(std::slice::from_ref(&budget.devices), &r.node)
                && protocol_in(r.protocol, &budget.protocol)
            {
                counts
                    .entry(r.node.clone())
                    .or_default()
                    .insert(format!("{} {}", r.vrf, r.prefix));
            }
        }
        for (device, prefixes) in counts {
            if prefixes.len() > budget.max_routes {
                findings.push(Finding {
                    code: "routeproof::intent::route_budget".into(),
                    severity: Severity::Error,
                    message: format!(
                        "{} {} routes on {device}, over the budget of {}",
                        prefixes.len(),
                        budget.protocol,
                        budget.max_routes
                    ),
                    device: Some(device),
                    evidence: Vec::new(),
                    reachability: None,
                    help: Some("A route flood (BGP into an IGP, a missing filter) shows as a count far over the usual one.".into()),
                    preexisting: false,
                });
            }
        }
    }
    // Severity overrides come last, so they apply to everything above.
    for f in findings.iter_mut() {
        if let Some(s) = intent.severity.get(&f.code) {
            f.severity = (*s).into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_families() {
        assert!(protocol_in("isisL2", "isis"));
        assert!(protocol_in("eigrpEX", "eigrp"));
        assert!(protocol_in("ibgp", "bgp"));
        assert!(protocol_in("bgp", "bgp"));
        assert!(protocol_in("ospfE2", "ospf"));
        assert!(!protocol_in("static", "ospf"));
    }

    #[test]
    fn globs() {
        assert!(matches_any(&["edge*".into()], "edge1"));
        assert!(!matches_any(&["edge*".into()], "core1"));
        assert!(matches_any(
            &["border*[*]".into()],
            "border1[GigabitEthernet0/0]"
        ));
    }
}
