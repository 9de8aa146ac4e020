//! `routeproof apply --config DEVICE.cfg SCRIPT.txt`: replays an operator's change script on a
//! device's configuration, with the device's mode semantics, and says where every line lands.
//!
//! Exit codes (decided by `main` from the [`Outcome`]): 0 when every line lands where the
//! script's layout says, 1 when a line is rejected, invalid or slips into another context, 2
//! when a file cannot be used.
//!
//! # JSON output (`--format json`), schema `routeproof.apply/v1`
//!
//! ```text
//! {
//!   "schema": "routeproof.apply/v1",
//!   "config": "path/of/DEVICE.cfg",
//!   "script": "path/of/SCRIPT.txt",
//!   "device": "bb-core-01",              // hostname of the base configuration
//!   "format": "cisco-ios",               // detected dialect
//!   "clean": false,                      // no error: exit code 0
//!   "summary": { "errors": 3, "warnings": 0, "slips": 1, "rejected": 2 },  // slips, rejected: lines
//!   "result": {
//!     "text": "hostname bb-core-01\n!\n...",          // the resulting configuration
//!     "lines": [ { "text": "...", "origin": ORIGIN | null } ]   // per line of `text`
//!   },
//!   "trace": [ {
//!     "line": 21, "text": " redistribute bgp 64500 route-map ENT-A-TO-CE",  // as written
//!     "applied": "redistribute bgp 64500 route-map ENT-A-TO-CE",          // abbreviations expanded
//!     "landed": "context" | "unknown" | "rejected" | "malformed" | "exit" | "session",
//!     "context": "router isis CORE" | null,    // where it landed (context, unknown, exit)
//!     "path": [17],                            // script lines that opened `context`, outermost first
//!     "block": ORIGIN | null,                  // the configuration line of that block
//!     "opens": "interface ..." | null,         // the context the line opens
//!     "reason": "..." | null,                  // why it was rejected / invalid
//!     "note": "..." | null,                    // what a session line does
//!     "slip": { "intended_line": 20, "intended_was_rejected": true } | null,
//!     "effect": { "kind": "none" | "added" | "entered" | "replaced" | "merged" | "removed"
//!                        | "unchanged", "lines": [ORIGIN] }   // lines entered/replaced/removed
//!   } ],
//!   "diagnostics": [ { "file", "line", "column", "severity": "error" | "warning" | "info",
//!                      "code": "routeproof::parse::mode_slip", "message", "help",
//!                      "labels": [ { "file", "line", "message" } ] } ]
//! }
//! ORIGIN = { "file": "path", "line": 12 }
//! ```
//!
//! Fields are only ever added within `v1`; a change of meaning gets a new schema name.

use std::fmt::Write as _;
use std::path::Path;

use routeproof_parser::change::{self, Binding, ChangeResult, Effect, Landed};
use routeproof_parser::{Diagnostic, Format, Severity, Sources, Span};
use serde::Serialize;

use crate::Outcome;
use crate::load::{LoadError, read_file};
use crate::render::human::{self, Style};

/// Output format of `apply`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ApplyFormat {
    /// The resulting configuration, the binding trace and the findings, for a person.
    Human,
    /// The same as data (schema `routeproof.apply/v1`).
    Json,
    /// Only the resulting configuration (to save it, or to feed it to `check`).
    Config,
}

/// Runs `apply` and returns what to print on stdout, and the outcome.
pub fn run(
    config: &Path,
    script: &Path,
    format: ApplyFormat,
    style: Style,
) -> Result<(String, Outcome), LoadError> {
    let mut sources = Sources::new();
    let config_shown = config.display().to_string();
    let config_text = read_text(config)?;
    let Some(vendor) = routeproof_parser::detect(&config_text) else {
        return Err(LoadError::UnknownVendor { path: config_shown });
    };
    let base = sources.add(config_shown, config_text);
    let script_text = read_text(script)?;
    let script_id = sources.add(script.display().to_string(), script_text);
    let result = match vendor {
        Format::Ios(dialect) => change::apply(&sources, base, script_id, dialect),
        Format::JunosHierarchical | Format::JunosSet => {
            change::apply_junos(&sources, base, script_id, vendor)
        }
    };
    let outcome = if result.has_errors() {
        Outcome::Violations
    } else {
        Outcome::Clean
    };
    let out = match format {
        ApplyFormat::Json => json(&sources, base, script_id, vendor, &result),
        ApplyFormat::Human => human(&sources, script_id, vendor, &result, style),
        ApplyFormat::Config => result.text,
    };
    Ok((out, outcome))
}

/// Reads a text file (a binary file is refused).
fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = read_file(path)?;
    if bytes.contains(&0) {
        return Err(LoadError::Binary {
            path: path.display().to_string(),
        });
    }
    Ok(routeproof_parser::source::decode(&bytes).0)
}

/// Counts of the findings, for the summary line and JSON.
#[derive(Debug, Default, Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    slips: usize,
    rejected: usize,
}

/// Errors and warnings count diagnostics (a run of slipped lines is one); slips and rejected
/// count script lines.
fn summary(result: &ChangeResult) -> Summary {
    let mut summary = Summary::default();
    for d in &result.diagnostics {
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => {}
        }
    }
    for binding in &result.trace {
        if binding.slip.is_some() {
            summary.slips += 1;
        }
        if matches!(
            binding.landed,
            Landed::Rejected { .. } | Landed::Malformed { .. }
        ) {
            summary.rejected += 1;
        }
    }
    summary
}

fn human(
    sources: &Sources,
    script: routeproof_parser::FileId,
    format: Format,
    result: &ChangeResult,
    style: Style,
) -> String {
    let mut out = String::new();
    let script_file = sources.file(script);
    let _ = writeln!(
        out,
        "Resulting configuration of {} ({}), `+` marks lines from {}:",
        result.device,
        format.name(),
        script_file.path
    );
    for (line, origin) in result.text.lines().zip(&result.origins) {
        let mark = if origin.is_some_and(|o| o.file == script) {
            '+'
        } else {
            ' '
        };
        let _ = writeln!(out, "{mark} {line}");
    }
    let _ = writeln!(out, "\nBinding trace of {}:", script_file.path);
    let width = result
        .trace
        .iter()
        .map(|b| written(sources, b.span).chars().count())
        .max()
        .unwrap_or(0)
        .min(56);
    let number_width = result
        .trace
        .last()
        .map_or(1, |b| sources.line(b.span).to_string().len());
    for binding in &result.trace {
        let line = sources.line(binding.span);
        let text = written(sources, binding.span);
        let _ = writeln!(
            out,
            "  {line:>number_width$}  {text:<width$}  {}",
            landing(sources, binding)
        );
    }
    let diagnostics: Vec<&Diagnostic> = result.diagnostics.iter().collect();
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for d in diagnostics {
            out.push_str(&human::diagnostic(sources, d, style));
        }
    }
    let counts = summary(result);
    let _ = writeln!(out);
    if counts.errors > 0 {
        let _ = writeln!(
            out,
            "{} error{}, {} warning{}: the script does not do what its layout says; do not push it as it is",
            counts.errors,
            plural(counts.errors),
            counts.warnings,
            plural(counts.warnings)
        );
    } else {
        let _ = writeln!(
            out,
            "clean: every line lands where the script's layout says ({} warning{})",
            counts.warnings,
            plural(counts.warnings)
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The script line as written, with its indentation.
fn written(sources: &Sources, span: Span) -> String {
    sources
        .get(span.file)
        .map(|f| f.line_text(sources.line(span)).trim_end().to_owned())
        .unwrap_or_default()
}

/// One trace line's right-hand side.
fn landing(sources: &Sources, binding: &Binding) -> String {
    let mut text = match &binding.landed {
        Landed::Context {
            context,
            opens,
            path,
            ..
        } => match opens {
            Some(opens) if path.is_empty() => format!("-> opens {opens}"),
            Some(opens) => format!("-> {context}, opens {opens}"),
            None => format!("-> {context}"),
        },
        Landed::Unknown { context, .. } => format!("?? unknown command, assumed in {context}"),
        Landed::Rejected { reason } => format!("xx rejected: {reason}"),
        Landed::Malformed { reason } => format!("xx invalid: {reason}"),
        Landed::Exit { context } => format!("<- now in {context}"),
        Landed::Session { note } => format!(".. {note}"),
    };
    let effect = match &binding.effect {
        Effect::None => String::new(),
        Effect::Added => "added".to_owned(),
        Effect::Entered { existing } => match existing {
            Some(span) => format!("existing, {}", short_location(sources, *span)),
            None => "existing".to_owned(),
        },
        Effect::Replaced { previous } => format!("replaces {}", locations(sources, previous)),
        Effect::Merged { into } => match into {
            Some(span) => format!("merged into {}", short_location(sources, *span)),
            None => "merged".to_owned(),
        },
        Effect::Removed { lines } if lines.is_empty() => "removes nothing".to_owned(),
        Effect::Removed { lines } => format!("removes {}", locations(sources, lines)),
        Effect::Unchanged { .. } => "unchanged".to_owned(),
    };
    if !effect.is_empty() {
        let _ = write!(text, " [{effect}]");
    }
    if let Some(slip) = &binding.slip {
        let intended = slip.intended.map_or("the top level".to_owned(), |s| {
            format!("line {}", sources.line(s))
        });
        let rejected = if slip.intended_was_rejected {
            ", which was rejected"
        } else {
            ""
        };
        let _ = write!(text, "  SLIP: meant for {intended}{rejected}");
    }
    text
}

/// `file:line`, with only the file name.
fn short_location(sources: &Sources, span: Span) -> String {
    let path = sources.get(span.file).map_or("?", |f| f.path.as_str());
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    format!("{name}:{}", sources.line(span))
}

/// A short list of locations: the first three, then a count.
fn locations(sources: &Sources, spans: &[Span]) -> String {
    let shown: Vec<String> = spans
        .iter()
        .take(3)
        .map(|s| short_location(sources, *s))
        .collect();
    let more = spans.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[derive(Serialize)]
struct JsonOrigin<'a> {
    file: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    text: &'a str,
    origin: Option<JsonOrigin<'a>>,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    text: &'a str,
    lines: Vec<JsonLine<'a>>,
}

#[derive(Serialize)]
struct JsonSlip {
    intended_line: Option<usize>,
    intended_was_rejected: bool,
}

#[derive(Serialize)]
struct JsonEffect<'a> {
    kind: &'static str,
    lines: Vec<JsonOrigin<'a>>,
}

#[derive(Serialize)]
struct JsonBinding<'a> {
    line: usize,
    text: String,
    applied: &'a str,
    landed: &'static str,
    context: Option<&'a str>,
    path: Vec<usize>,
    block: Option<JsonOrigin<'a>>,
    opens: Option<&'a str>,
    reason: Option<&'a str>,
    note: Option<&'a str>,
    slip: Option<JsonSlip>,
    effect: JsonEffect<'a>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    message: &'a str,
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
    labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    config: &'a str,
    script: &'a str,
    device: &'a str,
    format: &'static str,
    clean: bool,
    summary: Summary,
    result: JsonResult<'a>,
    trace: Vec<JsonBinding<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

fn origin(sources: &Sources, span: Span) -> JsonOrigin<'_> {
    JsonOrigin {
        file: sources.get(span.file).map_or("", |f| f.path.as_str()),
        line: sources.line(span),
    }
}

fn json_binding<'a>(sources: &'a Sources, binding: &'a Binding) -> JsonBinding<'a> {
    let mut out = JsonBinding {
        line: sources.line(binding.span),
        text: written(sources, binding.span),
        applied: &binding.text,
        landed: "",
        context: None,
        path: Vec::new(),
        block: None,
        opens: None,
        reason: None,
        note: None,
        slip: binding.slip.as_ref().map(|s| JsonSlip {
            intended_line: s.intended.map(|i| sources.line(i)),
            intended_was_rejected: s.intended_was_rejected,
        }),
        effect: json_effect(sources, &binding.effect),
    };
    match &binding.landed {
        Landed::Context {
            context,
            path,
            block,
            opens,
        } => {
            out.landed = "context";
            out.context = Some(context);
            out.path = path.iter().map(|s| sources.line(*s)).collect();
            out.block = block.map(|b| origin(sources, b));
            out.opens = opens.as_deref();
        }
        Landed::Unknown { context, path } => {
            out.landed = "unknown";
            out.context = Some(context);
            out.path = path.iter().map(|s| sources.line(*s)).collect();
        }
        Landed::Rejected { reason } => {
            out.landed = "rejected";
            out.reason = Some(reason);
        }
        Landed::Malformed { reason } => {
            out.landed = "malformed";
            out.reason = Some(reason);
        }
        Landed::Exit { context } => {
            out.landed = "exit";
            out.context = Some(context);
        }
        Landed::Session { note } => {
            out.landed = "session";
            out.note = Some(note);
        }
    }
    out
}

fn json_effect<'a>(sources: &'a Sources, effect: &'a Effect) -> JsonEffect<'a> {
    let (kind, spans): (&'static str, Vec<Span>) = match effect {
        Effect::None => ("none", Vec::new()),
        Effect::Added => ("added", Vec::new()),
        Effect::Entered { existing } => ("entered", existing.iter().copied().collect()),
        Effect::Replaced { previous } => ("replaced", previous.clone()),
        Effect::Merged { into } => ("merged", into.iter().copied().collect()),
        Effect::Removed { lines } => ("removed", lines.clone()),
        Effect::Unchanged { existing } => ("unchanged", existing.iter().copied().collect()),
    };
    JsonEffect {
        kind,
        lines: spans.into_iter().map(|s| origin(sources, s)).collect(),
    }
}

fn json(
    sources: &Sources,
    base: routeproof_parser::FileId,
    script: routeproof_parser::FileId,
    format: Format,
    result: &ChangeResult,
) -> String {
    let report = JsonReport {
        schema: "routeproof.apply/v1",
        config: &sources.file(base).path,
        script: &sources.file(script).path,
        device: &result.device,
        format: format.name(),
        clean: !result.has_errors(),
        summary: summary(result),
        result: JsonResult {
            text: &result.text,
            lines: result
                .text
                .lines()
                .zip(&result.origins)
                .map(|(text, o)| JsonLine {
                    text,
                    origin: o.map(|s| origin(sources, s)),
                })
                .collect(),
        },
        trace: result
            .trace
            .iter()
            .map(|b| json_binding(sources, b))
            .collect(),
        diagnostics: result
            .diagnostics
            .iter()
            .map(|d| {
                let (line, column) = sources
                    .get(d.span.file)
                    .map_or((0, 0), |f| f.line_col(d.span.start));
                JsonDiagnostic {
                    file: sources.get(d.span.file).map_or("", |f| f.path.as_str()),
                    line,
                    column,
                    severity: d.severity,
                    code: d.code.as_str(),
                    message: &d.message,
                    help: d.help.as_deref(),
                    labels: d
                        .labels
                        .iter()
                        .map(|(span, message)| JsonLabel {
                            file: sources.get(span.file).map_or("", |f| f.path.as_str()),
                            line: sources.line(*span),
                            message,
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}
