//! `check --format dot`: the topology after the change as a Graphviz graph, with each
//! finding's path before (blue, dashed) and after (red) drawn over it, so a reviewer can see the
//! break. Render with `dot -Tsvg`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use routeproof_verifier::report::{PathSummary, Report};
use routeproof_verifier::topology::Topology;

use crate::commands::check::Loaded;

/// Quotes a string as a DOT identifier: backslashes and quotes escaped, line breaks and other
/// control characters removed, so configuration text cannot break out of the string.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn path_edges(paths: &[PathSummary]) -> BTreeSet<(String, String)> {
    let mut edges = BTreeSet::new();
    for p in paths {
        for pair in p.hops.windows(2) {
            edges.insert((pair[0].node.clone(), pair[1].node.clone()));
        }
    }
    edges
}

/// Renders the report as a DOT graph.
pub fn render(report: &Report, loaded: &Loaded) -> String {
    let topology = Topology::build(&loaded.after.network);
    let mut out = String::from(
        "digraph routeproof {\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    let _ = writeln!(
        out,
        "  label={};",
        quote(&format!("routeproof check: {:?}", report.verdict))
    );
    let failing: BTreeSet<String> = report
        .findings
        .iter()
        .filter_map(|f| f.reachability.as_ref())
        .flat_map(|r| r.after.iter().map(|p| p.end_node.clone()))
        .collect();
    for node in &topology.nodes {
        let style = if failing.contains(&node.name) {
            ", color=red, penwidth=2"
        } else {
            ""
        };
        let shape = if node.vendor.is_none() {
            ", shape=ellipse"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} [label={}{shape}{style}];",
            quote(&node.name),
            quote(&node.name)
        );
    }
    for edge in &topology.edges {
        let (a, b) = (
            &topology.node(edge.a.node).name,
            &topology.node(edge.b.node).name,
        );
        let _ = writeln!(
            out,
            "  {} -> {} [dir=none, color=gray70, taillabel={}, headlabel={}];",
            quote(a),
            quote(b),
            quote(&edge.a.interface),
            quote(&edge.b.interface)
        );
    }
    for (i, finding) in report.findings.iter().enumerate() {
        let Some(r) = &finding.reachability else {
            continue;
        };
        let label = format!("{} {}", i + 1, r.address);
        for (a, b) in path_edges(&r.before) {
            let _ = writeln!(
                out,
                "  {} -> {} [color=blue, style=dashed, label={}];",
                quote(&a),
                quote(&b),
                quote(&format!("{label} before"))
            );
        }
        for (a, b) in path_edges(&r.after) {
            let _ = writeln!(
                out,
                "  {} -> {} [color=red, penwidth=2, label={}];",
                quote(&a),
                quote(&b),
                quote(&format!("{label} after"))
            );
        }
        for p in &r.after {
            let _ = writeln!(
                out,
                "  {} [xlabel={}];",
                quote(&p.end_node),
                quote(&format!("{} {}", i + 1, p.disposition.name()))
            );
        }
    }
    out.push_str("}\n");
    out
}
