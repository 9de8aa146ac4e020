//! `routeproof parse SNAPSHOT`: what the parser made of a snapshot.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use routeproof_parser::{Severity, ir};
use serde::Serialize;

use crate::load::{LoadError, load_snapshot};
use crate::render::human::{self, Style};

/// Output format of `parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ParseFormat {
    /// Summary per device and every diagnostic with its source line.
    Human,
    /// The same as data.
    Json,
    /// The IR dump (stable text, as used by routeproof's own snapshot tests).
    Ir,
}

#[derive(Serialize)]
struct DeviceSummary<'a> {
    name: &'a str,
    file: &'a str,
    format: &'a str,
    counts: BTreeMap<&'static str, usize>,
    unsupported: Vec<String>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    severity: Severity,
    code: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    devices: Vec<DeviceSummary<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

fn counts(device: &ir::Device) -> BTreeMap<&'static str, usize> {
    let neighbors = device
        .bgp
        .as_ref()
        .map_or(0, |b| b.vrfs.values().map(|v| v.neighbors.len()).sum());
    BTreeMap::from([
        ("interfaces", device.interfaces.len()),
        ("vrfs", device.vrfs.len()),
        ("static_routes", device.static_routes.len()),
        ("ospf_processes", device.ospf.len()),
        ("isis_processes", device.isis.len()),
        ("bgp_neighbors", neighbors),
        ("route_policies", device.route_policies.len()),
        (
            "prefix_lists",
            device.prefix_lists.len() + device.prefix_lists_v6.len(),
        ),
        ("community_lists", device.community_lists.len()),
        ("as_path_lists", device.as_path_lists.len()),
        ("acls", device.acls.len() + device.acls_v6.len()),
    ])
}

/// Runs `parse` and returns what to print on stdout.
pub fn run(path: &Path, format: ParseFormat, style: Style) -> Result<String, LoadError> {
    let snapshot = load_snapshot(path)?;
    let sources = &snapshot.sources;
    let mut out = String::new();
    match format {
        ParseFormat::Ir => out = ir::print::network(&snapshot.network, sources),
        ParseFormat::Json => {
            let report = JsonReport {
                schema: "routeproof.parse/v1",
                devices: snapshot
                    .files
                    .iter()
                    .map(|f| DeviceSummary {
                        name: &f.device.name,
                        file: &sources.file(f.file).path,
                        format: f.format.name(),
                        counts: counts(&f.device),
                        unsupported: f
                            .device
                            .unsupported
                            .iter()
                            .map(|u| u.feature.clone())
                            .collect(),
                    })
                    .collect(),
                diagnostics: snapshot
                    .files
                    .iter()
                    .flat_map(|f| f.diagnostics.iter())
                    .map(|d| {
                        let file = sources.file(d.span.file);
                        let (line, column) = file.line_col(d.span.start);
                        JsonDiagnostic {
                            file: &file.path,
                            line,
                            column,
                            severity: d.severity,
                            code: d.code.as_str(),
                            message: &d.message,
                            help: d.help.as_deref(),
                        }
                    })
                    .collect(),
            };
            out = serde_json::to_string_pretty(&report).unwrap_or_default();
            out.push('\n');
        }
        ParseFormat::Human => {
            let mut total = 0;
            for f in &snapshot.files {
                for d in &f.diagnostics {
                    out.push_str(&human::diagnostic(sources, d, style));
                    total += 1;
                }
            }
            // Device names, paths and features come from the input: cleaned for the terminal.
            let mut summaries = String::new();
            for f in &snapshot.files {
                let c = counts(&f.device);
                let summary: Vec<String> = c
                    .iter()
                    .filter(|(_, n)| **n > 0)
                    .map(|(k, n)| format!("{n} {}", k.replace('_', " ")))
                    .collect();
                let _ = writeln!(
                    summaries,
                    "{} ({}, {}): {}",
                    f.device.name,
                    f.format.name(),
                    sources.file(f.file).path,
                    if summary.is_empty() {
                        "nothing configured".to_owned()
                    } else {
                        summary.join(", ")
                    }
                );
                let mut features: Vec<&str> = f
                    .device
                    .unsupported
                    .iter()
                    .map(|u| u.feature.as_str())
                    .collect();
                features.dedup();
                if !features.is_empty() {
                    let _ = writeln!(summaries, "  not modelled: {}", features.join(", "));
                }
            }
            out.push_str(&human::clean_lines(&summaries));
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            let devices = snapshot.files.len();
            let _ = writeln!(
                out,
                "{devices} device{}, {total} diagnostic{}",
                plural(devices),
                plural(total)
            );
        }
    }
    Ok(out)
}
