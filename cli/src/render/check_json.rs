//! `check --format json`: the report with every span resolved to file, line, column and text.

use routeproof_parser::{Sources, Span};
use routeproof_verifier::report::{Report, Side};
use serde_json::{Value, json};

use crate::commands::check::Loaded;

/// A span as `{file, line, column, text}`.
pub fn location(sources: &Sources, span: Span) -> Value {
    match sources.get(span.file) {
        Some(file) => {
            let (line, column) = file.line_col(span.start);
            json!({ "file": file.path, "line": line, "column": column, "text": sources.text(span) })
        }
        None => Value::Null,
    }
}

/// The sources of one side.
pub fn sources(loaded: &Loaded, side: Side) -> &Sources {
    match side {
        Side::Before => &loaded.before.sources,
        Side::After => &loaded.after.sources,
    }
}

/// Renders the report as pretty JSON (one trailing newline).
pub fn render(report: &Report, loaded: &Loaded) -> String {
    let mut value = serde_json::to_value(report).unwrap_or(Value::Null);
    // Attach resolved locations next to the raw spans.
    if let Some(findings) = value.get_mut("findings").and_then(Value::as_array_mut) {
        for (finding, original) in findings.iter_mut().zip(&report.findings) {
            if let Some(evidence) = finding.get_mut("evidence").and_then(Value::as_array_mut) {
                for (e, o) in evidence.iter_mut().zip(&original.evidence) {
                    e["location"] = location(sources(loaded, o.side), o.span);
                }
            }
            if let (Some(r), Some(ro)) = (finding.get_mut("reachability"), &original.reachability) {
                for (key, side, paths) in [
                    ("before", Side::Before, &ro.before),
                    ("after", Side::After, &ro.after),
                ] {
                    let Some(list) = r.get_mut(key).and_then(Value::as_array_mut) else {
                        continue;
                    };
                    for (p, po) in list.iter_mut().zip(paths) {
                        if let Some(acl) = po.acl_line {
                            p["acl_line_location"] = location(sources(loaded, side), acl);
                        }
                        if let Some(hops) = p.get_mut("hops").and_then(Value::as_array_mut) {
                            for (h, ho) in hops.iter_mut().zip(&po.hops) {
                                h["evidence_locations"] = Value::Array(
                                    ho.evidence
                                        .iter()
                                        .map(|s| location(sources(loaded, side), *s))
                                        .collect(),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(gaps) = value.get_mut("gaps").and_then(Value::as_array_mut) {
        for (g, o) in gaps.iter_mut().zip(&report.gaps) {
            g["location"] = location(sources(loaded, o.side), o.span);
        }
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
