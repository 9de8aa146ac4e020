//! `routeproof routes SNAPSHOT`: every device's main routing table.

use std::fmt::Write as _;
use std::path::Path;

use ipnet::IpNet;
use routeproof_verifier::control_plane::bgp::BgpIssue;
use routeproof_verifier::control_plane::{self, SimulationIssue};
use routeproof_verifier::table::{self, RouteRow};

use crate::load::{LoadError, load_snapshot};

/// Output format of `routes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RoutesFormat {
    /// A table per device and VRF.
    Human,
    /// JSON rows.
    Json,
    /// CSV with the header `node,vrf,prefix,protocol,next_hop_ip,next_hop_interface,admin,metric`.
    Csv,
}

/// Row filters.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub device: Option<String>,
    pub vrf: Option<String>,
    pub prefix: Option<IpNet>,
}

impl Filter {
    fn keeps(&self, row: &RouteRow) -> bool {
        self.device
            .as_ref()
            .is_none_or(|d| d.eq_ignore_ascii_case(&row.node))
            && self.vrf.as_ref().is_none_or(|v| *v == row.vrf)
            && self
                .prefix
                .as_ref()
                .is_none_or(|p| p.contains(&row.prefix) || row.prefix.contains(p))
    }
}

/// The CSV header, fixed so results compare directly with Batfish-derived tables.
pub const CSV_HEADER: &str = "node,vrf,prefix,protocol,next_hop_ip,next_hop_interface,admin,metric";

/// Runs `routes`; returns stdout text and the simulation's issues for stderr.
pub fn run(
    path: &Path,
    format: RoutesFormat,
    filter: &Filter,
) -> Result<(String, Vec<String>), LoadError> {
    let snapshot = load_snapshot(path)?;
    let cp = control_plane::simulate(&snapshot.network);
    let rows: Vec<RouteRow> = table::rows(&cp)
        .into_iter()
        .filter(|r| filter.keeps(r))
        .collect();
    let mut warnings: Vec<String> = cp
        .issues
        .iter()
        .map(|issue| match issue {
            SimulationIssue::NonConvergence { iterations, oscillating } => format!(
                "warning: the control plane did not converge after {iterations} iterations; {} routes kept changing",
                oscillating.len()
            ),
        })
        .collect();
    for issue in &cp.bgp.issues {
        match issue {
            BgpIssue::NonConvergence {
                rounds,
                oscillating,
            } => {
                let shown: Vec<String> = oscillating
                    .iter()
                    .take(5)
                    .map(|(node, vrf, prefix)| format!("{prefix} on {node} (vrf {vrf})"))
                    .collect();
                warnings.push(format!(
                    "warning: BGP did not converge after {rounds} rounds; {} prefixes kept changing, e.g. {}",
                    oscillating.len(),
                    shown.join(", ")
                ));
            }
        }
    }
    let mut out = String::new();
    match format {
        RoutesFormat::Csv => {
            out.push_str(CSV_HEADER);
            out.push('\n');
            for r in &rows {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{}",
                    csv(&r.node),
                    csv(&r.vrf),
                    r.prefix,
                    r.protocol,
                    r.next_hop_ip,
                    csv(&r.next_hop_interface),
                    r.admin,
                    r.metric
                );
            }
        }
        RoutesFormat::Json => {
            out = serde_json::to_string_pretty(&serde_json::json!({
                "schema": "routeproof.routes/v1",
                "routes": rows,
            }))
            .unwrap_or_default();
            out.push('\n');
        }
        RoutesFormat::Human => {
            let mut current: Option<(&str, &str)> = None;
            for r in &rows {
                if current != Some((&r.node, &r.vrf)) {
                    let _ = writeln!(out, "{} vrf {}", r.node, r.vrf);
                    current = Some((&r.node, &r.vrf));
                }
                let via = match (r.next_hop_ip.is_empty(), r.next_hop_interface.is_empty()) {
                    (false, false) => format!("via {} ({})", r.next_hop_ip, r.next_hop_interface),
                    (false, true) => format!("via {}", r.next_hop_ip),
                    (true, _) => format!("out {}", r.next_hop_interface),
                };
                let _ = writeln!(
                    out,
                    "  {:<20} {:<10} [{}/{}] {via}",
                    r.prefix.to_string(),
                    r.protocol,
                    r.admin,
                    r.metric
                );
            }
            let _ = writeln!(out, "{} routes", rows.len());
            // Names come from the input: cleaned for the terminal.
            out = crate::render::human::clean_lines(&out).into_owned();
        }
    }
    Ok((out, warnings))
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
