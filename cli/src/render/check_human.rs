//! `check --format human`: a headline verdict, then each finding with its paths and the
//! snippet of every blamed line.

use std::fmt::Write as _;

use routeproof_verifier::reach::forward::Packet;
use routeproof_verifier::report::{Finding, PathSummary, Report, Severity, Side, Verdict};

use super::check_json::sources;
use super::human::{Style, clean_lines, snippet};
use crate::commands::check::Loaded;

/// Renders the report for a terminal.
pub fn render(report: &Report, loaded: &Loaded, style: Style) -> String {
    let mut out = String::new();
    let warnings = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let new = || report.findings.iter().filter(|f| !f.preexisting);
    let failing = new().filter(|f| f.severity >= report.fail_on).count();
    // A loss the severities in force let pass (routeproof.toml lowered it): the headline must
    // not claim that everything stays reachable.
    let tolerated_loss = new().any(|f| f.reachability.is_some() && f.severity < report.fail_on);
    let headline = match report.verdict {
        Verdict::Safe if tolerated_loss => {
            "SAFE by the severities in force: reachability is lost, but only at a level that does not fail the check (see the warnings below)".to_owned()
        }
        Verdict::Safe => {
            "SAFE: every destination reachable before the change is reachable after it".to_owned()
        }
        Verdict::Unsafe if report.fail_on == Severity::Error => {
            format!("UNSAFE: {failing} violation{}", plural(failing))
        }
        Verdict::Unsafe => format!(
            "UNSAFE: {failing} finding{} at warning or above (the check fails on warnings)",
            plural(failing)
        ),
        Verdict::Inconclusive => format!(
            "INCONCLUSIVE: no violation found, but the proof does not cover {} thing{} that could change the answer",
            report.gaps.len(),
            if report.gaps.len() == 1 { "" } else { "s" }
        ),
    };
    let _ = writeln!(out, "routeproof check: {headline}");
    let s = &report.stats;
    let _ = writeln!(
        out,
        "  {} devices, {} sources, {} destination classes covering every address ({} analysed in full){}",
        s.devices,
        s.sources,
        s.destination_classes,
        s.classes_analysed,
        if warnings > 0 {
            format!(
                ", {warnings} warning{}",
                if warnings == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    );
    for finding in report.findings.iter().filter(|f| !f.preexisting) {
        out.push('\n');
        finding_text(&mut out, finding, loaded, style);
    }
    // Messages, names and places come from the input: cleaned for the terminal.
    let mut tail = String::new();
    let old: Vec<_> = report.findings.iter().filter(|f| f.preexisting).collect();
    if !old.is_empty() {
        let _ = writeln!(
            tail,
            "\nalready present before the change (not caused by it):"
        );
        for f in old {
            let place = f
                .evidence
                .first()
                .map(|e| format!(" ({})", sources(loaded, e.side).location(e.span)))
                .unwrap_or_default();
            let _ = writeln!(tail, "  - [{}] {}{place}", f.code, f.message);
        }
    }
    if !report.gaps.is_empty() {
        let _ = writeln!(
            tail,
            "\nnot covered by the proof (unmodelled, or not reached):"
        );
        for gap in &report.gaps {
            let place = sources(loaded, gap.side)
                .get(gap.span.file)
                .filter(|_| gap.span != Default::default())
                .map(|_| format!(" ({})", sources(loaded, gap.side).location(gap.span)))
                .unwrap_or_default();
            let device = if gap.device.is_empty() {
                String::new()
            } else {
                format!("{}: ", gap.device)
            };
            let _ = writeln!(tail, "  - {device}{}{place}", gap.feature);
        }
    }
    out.push_str(&clean_lines(&tail));
    out
}

fn finding_text(out: &mut String, finding: &Finding, loaded: &Loaded, style: Style) {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    // The message, names and paths come from the input: cleaned for the terminal.
    let mut text = String::new();
    let _ = writeln!(text, "{level}[{}]: {}", finding.code, finding.message);
    if let Some(r) = &finding.reachability {
        let prefixes: Vec<String> = r.prefixes.iter().map(ToString::to_string).collect();
        let _ = writeln!(text, "  destinations: {}", prefixes.join(", "));
        let _ = writeln!(text, "  sources: {}", r.sources.join(", "));
        let _ = writeln!(text, "  example packet: {}", packet_text(&r.packet));
        paths_text(&mut text, "before", &r.before);
        paths_text(&mut text, "after", &r.after);
    }
    if let Some(help) = &finding.help {
        let _ = writeln!(text, "  help: {help}");
    }
    if !finding.evidence.is_empty() {
        let _ = writeln!(text, "  blamed lines:");
    }
    out.push_str(&clean_lines(&text));
    if !finding.evidence.is_empty() {
        let severity = match finding.severity {
            Severity::Error => routeproof_parser::Severity::Error,
            Severity::Warning => routeproof_parser::Severity::Warning,
            Severity::Info => routeproof_parser::Severity::Info,
        };
        // One snippet per file, with every blamed line of that file labelled.
        let mut by_file: Vec<((Side, routeproof_parser::FileId), Labels)> = Vec::new();
        for e in &finding.evidence {
            let key = (e.side, e.span.file);
            match by_file.iter_mut().find(|(k, _)| *k == key) {
                Some((_, labels)) => labels.push((e.span, e.label.clone())),
                None => by_file.push((key, vec![(e.span, e.label.clone())])),
            }
        }
        for ((side, _), labels) in by_file {
            let name = match side {
                Side::Before => "before the change",
                Side::After => "after the change",
            };
            out.push_str(&snippet(
                sources(loaded, side),
                &labels,
                severity,
                name,
                style,
            ));
        }
    }
}

/// Labelled spans of one file.
type Labels = Vec<(routeproof_parser::Span, String)>;

fn packet_text(p: &Packet) -> String {
    let proto = match p.protocol {
        6 => "tcp".to_owned(),
        17 => "udp".to_owned(),
        1 => "icmp".to_owned(),
        n => format!("proto {n}"),
    };
    match p.protocol {
        6 | 17 => format!(
            "{proto} {}:{} -> {}:{}",
            p.src, p.src_port, p.dst, p.dst_port
        ),
        _ => format!("{proto} {} -> {}", p.src, p.dst),
    }
}

fn paths_text(out: &mut String, label: &str, paths: &[PathSummary]) {
    for (i, path) in paths.iter().enumerate() {
        let nodes: Vec<&str> = path.hops.iter().map(|h| h.node.as_str()).collect();
        let _ = writeln!(
            out,
            "  {label}{}: {} -> {} at {}{}",
            if paths.len() > 1 {
                format!(" (path {})", i + 1)
            } else {
                String::new()
            },
            nodes.join(" -> "),
            path.disposition.name(),
            path.end_node,
            path.end_interface
                .as_ref()
                .map(|i| format!(" {i}"))
                .unwrap_or_default()
        );
        for hop in &path.hops {
            let mut line = format!("      {}", hop.node);
            if let Some(i) = &hop.in_interface {
                let _ = write!(line, " in {i}");
            }
            if !hop.rule.is_empty() {
                let _ = write!(line, ": {}", hop.rule);
            }
            if let Some(o) = &hop.out_interface {
                let _ = write!(line, " out {o}");
            }
            let _ = writeln!(out, "{line}");
        }
    }
}
