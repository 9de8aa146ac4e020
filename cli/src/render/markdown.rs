//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict, a table of
//! findings, and for each finding the paths and the blamed lines in code blocks.
//! Configuration-derived text is escaped so it cannot break out of table cells or code spans.

use std::fmt::Write as _;

use routeproof_verifier::report::{Report, Severity, Side, Verdict};

use super::check_json::sources;
use crate::commands::check::Loaded;

/// Escapes text for a Markdown table cell or paragraph: every character Markdown or HTML give
/// meaning to is backslash-escaped or entity-encoded, and newlines become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '!'
            | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A fenced code block that the content cannot close: the fence is longer than any run of
/// backticks inside.
fn fenced(content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}\n{}\n{fence}\n", content.trim_end())
}

/// Renders the report as Markdown.
pub fn render(report: &Report, loaded: &Loaded) -> String {
    let mut out = String::new();
    let new = || report.findings.iter().filter(|f| !f.preexisting);
    let failing = new().filter(|f| f.severity >= report.fail_on).count();
    let plural = if failing == 1 { "" } else { "s" };
    let tolerated_loss = new().any(|f| f.reachability.is_some() && f.severity < report.fail_on);
    let headline = match report.verdict {
        Verdict::Safe if tolerated_loss => "✅ **routeproof: safe by the severities in force.** Reachability is lost, but only at a level that does not fail the check (see the warnings below).".to_owned(),
        Verdict::Safe => "✅ **routeproof: safe.** Every destination reachable before the change stays reachable after it.".to_owned(),
        Verdict::Unsafe if report.fail_on == Severity::Error => format!("❌ **routeproof: unsafe.** {failing} violation{plural}."),
        Verdict::Unsafe => format!("❌ **routeproof: unsafe.** {failing} finding{plural} at warning or above (the check fails on warnings)."),
        Verdict::Inconclusive => "⚠️ **routeproof: inconclusive.** No violation found, but the proof does not cover everything (see below).".to_owned(),
    };
    let _ = writeln!(out, "{headline}\n");
    let s = &report.stats;
    let _ = writeln!(
        out,
        "{} devices, {} sources, {} destination classes covering every address ({} analysed in full).\n",
        s.devices, s.sources, s.destination_classes, s.classes_analysed
    );
    if !report.findings.is_empty() {
        out.push_str("| | check | device | finding |\n|---|---|---|---|\n");
        for f in &report.findings {
            let icon = match (f.severity, f.preexisting) {
                (_, true) => "·",
                (Severity::Error, _) => "❌",
                (Severity::Warning, _) => "⚠️",
                (Severity::Info, _) => "ℹ️",
            };
            let _ = writeln!(
                out,
                "| {icon} | `{}` | {} | {}{} |",
                f.code.replace('`', ""),
                escape(f.device.as_deref().unwrap_or("")),
                escape(&f.message),
                if f.preexisting {
                    " (already present before)"
                } else {
                    ""
                }
            );
        }
        out.push('\n');
    }
    for (i, f) in report
        .findings
        .iter()
        .filter(|f| !f.preexisting)
        .enumerate()
    {
        let _ = writeln!(
            out,
            "<details><summary>{}. {}</summary>\n",
            i + 1,
            escape(&f.message)
        );
        if let Some(r) = &f.reachability {
            let prefixes: Vec<String> = r.prefixes.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "- destinations: {}", escape(&prefixes.join(", ")));
            let _ = writeln!(out, "- sources: {}", escape(&r.sources.join(", ")));
            let mut paths = String::new();
            for (label, list) in [("before", &r.before), ("after", &r.after)] {
                for p in list.iter() {
                    let nodes: Vec<&str> = p.hops.iter().map(|h| h.node.as_str()).collect();
                    let _ = writeln!(
                        paths,
                        "{label}: {} -> {} at {}",
                        nodes.join(" -> "),
                        p.disposition.name(),
                        p.end_node
                    );
                    for h in &p.hops {
                        let _ = writeln!(paths, "    {} {}", h.node, h.rule);
                    }
                }
            }
            out.push('\n');
            out.push_str(&fenced(&paths));
        }
        if !f.evidence.is_empty() {
            out.push_str("\nBlamed lines:\n\n");
            let mut lines = String::new();
            for e in &f.evidence {
                let src = sources(loaded, e.side);
                let side = if e.side == Side::Before {
                    "before"
                } else {
                    "after"
                };
                let _ = writeln!(
                    lines,
                    "{side} {}: {}",
                    src.location(e.span),
                    src.text(e.span).trim_end()
                );
            }
            out.push_str(&fenced(&lines));
        }
        if let Some(help) = &f.help {
            let _ = writeln!(out, "\n{}", escape(help));
        }
        out.push_str("\n</details>\n\n");
    }
    if !report.gaps.is_empty() {
        out.push_str("**Not modelled** (the proof does not cover these):\n\n");
        for g in &report.gaps {
            let _ = writeln!(out, "- {} {}", escape(&g.device), escape(&g.feature));
        }
    }
    out
}
