//! JUnit XML: one test case per check and scope (device), so CI dashboards show which check
//! failed where. Error findings are failures; preexisting findings and warnings pass with
//! their text in `system-out`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use routeproof_verifier::checks;
use routeproof_verifier::report::{Finding, Report, Severity};

use super::check_json::sources;
use crate::commands::check::Loaded;

/// Escapes text for XML content and attributes; characters XML cannot carry at all (most
/// control characters) become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn describe(finding: &Finding, loaded: &Loaded) -> String {
    let mut text = finding.message.clone();
    for e in &finding.evidence {
        let src = sources(loaded, e.side);
        let _ = write!(
            text,
            "\n  {}: {} ({})",
            src.location(e.span),
            src.text(e.span).trim(),
            e.label
        );
    }
    if let Some(help) = &finding.help {
        let _ = write!(text, "\n{help}");
    }
    text
}

/// Renders the report as JUnit XML.
pub fn render(report: &Report, loaded: &Loaded) -> String {
    // Every known check appears, so a passing check is visible as a passing test case.
    let mut cases: BTreeMap<(String, String), Vec<&Finding>> = BTreeMap::new();
    for info in checks::CHECKS {
        cases
            .entry((info.code.to_owned(), "network".to_owned()))
            .or_default();
    }
    for (code, _) in checks::REACHABILITY_DOCS {
        cases
            .entry(((*code).to_owned(), "network".to_owned()))
            .or_default();
    }
    for f in &report.findings {
        let scope = f.device.clone().unwrap_or_else(|| "network".to_owned());
        cases.remove(&(f.code.clone(), "network".to_owned()));
        cases.entry((f.code.clone(), scope)).or_default().push(f);
    }
    let failures = cases
        .values()
        .filter(|fs| {
            fs.iter()
                .any(|f| f.severity == Severity::Error && !f.preexisting)
        })
        .count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"routeproof\" tests=\"{}\" failures=\"{failures}\">",
        cases.len()
    );
    let _ = writeln!(
        xml,
        "  <testsuite name=\"routeproof check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        cases.len()
    );
    for ((code, scope), findings) in &cases {
        let _ = write!(
            xml,
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(code),
            escape(scope)
        );
        let failing: Vec<&&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !f.preexisting)
            .collect();
        let other: Vec<&&Finding> = findings
            .iter()
            .filter(|f| f.severity != Severity::Error || f.preexisting)
            .collect();
        if failing.is_empty() && other.is_empty() {
            xml.push_str("/>\n");
            continue;
        }
        xml.push_str(">\n");
        for f in &failing {
            let _ = writeln!(
                xml,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&f.message),
                escape(&f.code),
                escape(&describe(f, loaded))
            );
        }
        if !other.is_empty() {
            let text: Vec<String> = other
                .iter()
                .map(|f| {
                    format!(
                        "{}{}",
                        if f.preexisting {
                            "(already present before the change) "
                        } else {
                            ""
                        },
                        describe(f, loaded)
                    )
                })
                .collect();
            let _ = writeln!(
                xml,
                "      <system-out>{}</system-out>",
                escape(&text.join("\n\n"))
            );
        }
        xml.push_str("    </testcase>\n");
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}
