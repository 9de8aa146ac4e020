//! Blame: which changed configuration lines cause a finding.
//!
//! [`ChangedLines`] diffs each device's configuration before and after (line diff, so a moved
//! block shows as removed and added). [`blame`] then keeps the changed lines that the
//! counterexample's routes and ACL decisions rest on; when provenance does not reach them, it
//! falls back to the changed lines of the devices on the paths, then to every changed line.

use std::collections::{BTreeMap, BTreeSet};

use routeproof_parser::ir::Network;
use routeproof_parser::{FileId, Sources, Span};
use similar::{DiffTag, TextDiff};

use crate::report::{Evidence, PathSummary, Side};

/// The lines that differ between the two snapshots, per device.
#[derive(Clone, Debug, Default)]
pub struct ChangedLines {
    /// Device name → changed lines (added or modified in AFTER, removed from BEFORE).
    pub by_device: BTreeMap<String, Vec<(Side, Span)>>,
}

impl ChangedLines {
    /// Diffs every device present in either snapshot.
    pub fn compute(
        before: &Network,
        before_sources: &Sources,
        after: &Network,
        after_sources: &Sources,
    ) -> ChangedLines {
        let mut by_device: BTreeMap<String, Vec<(Side, Span)>> = BTreeMap::new();
        let names: BTreeSet<&String> = before.devices.keys().chain(after.devices.keys()).collect();
        for name in names {
            let file_b = before.devices.get(name).map(|d| d.file);
            let file_a = after.devices.get(name).map(|d| d.file);
            let (tb, ta) = (
                text_of(before_sources, file_b),
                text_of(after_sources, file_a),
            );
            if tb == ta {
                continue;
            }
            let mut lines = Vec::new();
            let diff = TextDiff::from_lines(tb, ta);
            for op in diff.ops() {
                if op.tag() == DiffTag::Equal {
                    continue;
                }
                if let Some(f) = file_b {
                    for l in op.old_range() {
                        if let Some(span) = line_span(before_sources, f, l + 1) {
                            lines.push((Side::Before, span));
                        }
                    }
                }
                if let Some(f) = file_a {
                    for l in op.new_range() {
                        if let Some(span) = line_span(after_sources, f, l + 1) {
                            lines.push((Side::After, span));
                        }
                    }
                }
            }
            // Blank and comment-only changes blame nothing.
            lines.retain(|(side, span)| {
                let sources = if *side == Side::Before {
                    before_sources
                } else {
                    after_sources
                };
                let t = sources.text(*span).trim();
                !t.is_empty() && !t.starts_with('!') && !t.starts_with('#')
            });
            if !lines.is_empty() {
                by_device.insert(name.clone(), lines);
            }
        }
        ChangedLines { by_device }
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.by_device.is_empty()
    }

    fn all(&self) -> impl Iterator<Item = (&String, &(Side, Span))> {
        self.by_device
            .iter()
            .flat_map(|(d, v)| v.iter().map(move |x| (d, x)))
    }
}

fn text_of(sources: &Sources, file: Option<FileId>) -> &str {
    file.and_then(|f| sources.get(f))
        .map_or("", |s| s.text.as_str())
}

fn line_span(sources: &Sources, file: FileId, line: usize) -> Option<Span> {
    let (start, end) = sources.get(file)?.line_range(line)?;
    Some(Span::new(file, start, end))
}

fn overlaps(a: Span, b: Span) -> bool {
    a.file == b.file && a.start <= b.end && b.start <= a.end
}

/// Changed lines behind a counterexample, most specific first.
pub fn blame(
    before: &[PathSummary],
    after: &[PathSummary],
    changed: &ChangedLines,
) -> Vec<Evidence> {
    let mut used: Vec<(Side, Span, String)> = Vec::new();
    for (side, paths) in [(Side::After, after), (Side::Before, before)] {
        for path in paths {
            for hop in &path.hops {
                for span in &hop.evidence {
                    used.push((side, *span, format!("route used at {}", hop.node)));
                }
            }
            if let Some(acl) = path.acl_line {
                used.push((side, acl, format!("acl decision at {}", path.end_node)));
            }
        }
    }
    let mut out: Vec<Evidence> = Vec::new();
    for (_, (side, span)) in changed.all() {
        if let Some((_, _, why)) = used
            .iter()
            .find(|(s, u, _)| s == side && overlaps(*u, *span))
        {
            let label = match side {
                Side::After => format!("changed line; {why} after the change"),
                Side::Before => format!("removed line; {why} before the change"),
            };
            out.push(Evidence {
                side: *side,
                span: *span,
                label,
            });
        }
    }
    if out.is_empty() {
        let on_path: BTreeSet<&str> = before
            .iter()
            .chain(after)
            .flat_map(|p| {
                p.hops
                    .iter()
                    .map(|h| h.node.as_str())
                    .chain(std::iter::once(p.end_node.as_str()))
            })
            .collect();
        for (device, (side, span)) in changed.all() {
            if on_path.contains(device.as_str()) {
                out.push(Evidence {
                    side: *side,
                    span: *span,
                    label: format!("changed line on {device}, which is on the path"),
                });
            }
        }
    }
    if out.is_empty() {
        for (device, (side, span)) in changed.all().take(20) {
            out.push(Evidence {
                side: *side,
                span: *span,
                label: format!("changed line on {device}"),
            });
        }
    }
    // The snapshot after the change first: that is the code under review.
    out.sort_by(|a, b| {
        (a.side != Side::After, a.span, &a.label).cmp(&(b.side != Side::After, b.span, &b.label))
    });
    out.dedup();
    out
}
