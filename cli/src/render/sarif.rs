//! SARIF 2.1.0: results anchored at the offending configuration line, one rule per check code,
//! stable `partialFingerprints` so code-scanning services track a finding across runs.

use std::collections::BTreeSet;

use routeproof_verifier::checks;
use routeproof_verifier::report::{Evidence, Finding, Report, Severity};
use serde_json::{Value, json};

use super::check_json::sources;
use crate::commands::check::Loaded;

/// A stable 64-bit FNV-1a hash, hex: the same finding gives the same fingerprint everywhere.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn location(loaded: &Loaded, evidence: &Evidence) -> Value {
    let src = sources(loaded, evidence.side);
    let Some(file) = src.get(evidence.span.file) else {
        return Value::Null;
    };
    let (line, column) = file.line_col(evidence.span.start);
    let (end_line, end_column) = file.line_col(evidence.span.end);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file.path.replace('\\', "/") },
            "region": {
                "startLine": line,
                "startColumn": column,
                "endLine": end_line,
                "endColumn": end_column.max(column + 1),
                "snippet": { "text": src.text(evidence.span) }
            }
        },
        "message": { "text": evidence.label }
    })
}

fn result(finding: &Finding, loaded: &Loaded) -> Value {
    // Lines of the snapshot after the change come first: that is the code under review.
    let mut ordered: Vec<&Evidence> = finding.evidence.iter().collect();
    ordered.sort_by_key(|e| e.side != routeproof_verifier::report::Side::After);
    let mut located: Vec<Value> = ordered
        .iter()
        .map(|e| location(loaded, e))
        .filter(|v| !v.is_null())
        .collect();
    let primary = if located.is_empty() {
        Vec::new()
    } else {
        vec![located.remove(0)]
    };
    let mut message = finding.message.clone();
    if let Some(r) = &finding.reachability {
        message.push_str(&format!(
            " (sources: {}; example destination {})",
            r.sources.join(", "),
            r.address
        ));
    }
    let device = finding.device.clone().unwrap_or_default();
    json!({
        "ruleId": finding.code,
        "level": if finding.preexisting { "note" } else { level(finding.severity) },
        "message": { "text": message },
        "locations": primary,
        "relatedLocations": located,
        "partialFingerprints": { "routeproofFinding/v1": fingerprint(&[&finding.code, &device, &finding.message]) },
        "properties": { "preexisting": finding.preexisting, "device": finding.device }
    })
}

/// Renders the report as a SARIF 2.1.0 log.
pub fn render(report: &Report, loaded: &Loaded) -> String {
    let codes: BTreeSet<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    let rules: Vec<Value> = codes
        .iter()
        .map(|code| {
            let doc = checks::explain(code).unwrap_or("");
            let short = doc
                .split("\n\n")
                .next()
                .unwrap_or(doc)
                .trim_start_matches("What it does: ");
            let severity = report
                .findings
                .iter()
                .find(|f| f.code == *code)
                .map_or(Severity::Warning, |f| f.severity);
            json!({
                "id": code,
                "name": code.rsplit("::").next().unwrap_or(code),
                "shortDescription": { "text": short },
                "fullDescription": { "text": doc },
                "help": { "text": doc },
                "defaultConfiguration": { "level": level(severity) }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "routeproof",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/routeproof/routeproof",
                "rules": rules
            }},
            "results": report.findings.iter().map(|f| result(f, loaded)).collect::<Vec<_>>(),
            "properties": { "verdict": report.verdict }
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
