//! GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per
//! finding, on the blamed line, so the pull request shows it inline.
//!
//! Escaping follows the runner's rules: in the message, `%`, CR and LF are percent-encoded; in
//! properties (file, title), `:` and `,` are too, or the command would be split.

use std::fmt::Write as _;

use routeproof_verifier::report::{Report, Severity};

use super::check_json::sources;
use crate::commands::check::Loaded;

/// Escapes the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Renders the report as workflow commands, one per line.
pub fn render(report: &Report, loaded: &Loaded) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match (f.severity, f.preexisting) {
            (_, true) | (Severity::Info, _) => "notice",
            (Severity::Error, false) => "error",
            (Severity::Warning, false) => "warning",
        };
        let mut properties = vec![format!("title={}", escape_property(&f.code))];
        // Annotate the snapshot after the change (the code under review) when possible.
        let primary = f
            .evidence
            .iter()
            .find(|e| e.side == routeproof_verifier::report::Side::After)
            .or(f.evidence.first());
        if let Some(e) = primary {
            let src = sources(loaded, e.side);
            if let Some(file) = src.get(e.span.file) {
                let (line, column) = file.line_col(e.span.start);
                let (end_line, _) = file.line_col(e.span.end);
                properties.insert(0, format!("file={}", escape_property(&file.path)));
                properties.insert(1, format!("line={line}"));
                properties.insert(2, format!("endLine={end_line}"));
                properties.insert(3, format!("col={column}"));
            }
        }
        let mut message = f.message.clone();
        if f.preexisting {
            message.push_str(" (already present before the change)");
        }
        if let Some(r) = &f.reachability {
            let _ = write!(
                message,
                "\nsources: {}\nexample: {}",
                r.sources.join(", "),
                r.address
            );
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        );
    }
    out
}
