//! Fixture harness: every `fixtures/configs/<vendor>/**/*.cfg` is parsed and snapshotted.
//!
//! Input: a configuration file per feature (`ios/bgp-peer-groups.cfg`) or per kind of bad
//! input (`ios/err/mode-slip.cfg`). Expected output, in `tests/snapshots/`: the IR dump
//! (`ir::print::device`) followed by every diagnostic exactly as `routeproof parse` renders it
//! for a human (`routeproof::render::human`), without colour at width 80. Files under `err/` must produce at least one
//! diagnostic; the others must parse without unrecognised or invalid lines.
//!
//! Snapshot names carry an explicit suffix (the path below `fixtures/configs`, `/` as `__`), so
//! adding a fixture never renames another one's snapshot (STYLE.md §3.3).

use std::fmt::Write as _;
use std::path::Path;

use routeproof::render::human;
use routeproof_parser::{Code, Sources, ir};

/// Parses one fixture (`relative` to `fixtures/configs`) and renders the snapshot text; also
/// says whether there was any diagnostic, and any unrecognised or invalid line.
fn check(path: &Path, relative: &str) -> (String, bool, bool) {
    // Shown relative to the workspace root, so snapshots do not depend on the checkout's path.
    let shown = format!("fixtures/configs/{relative}");
    let bytes = std::fs::read(path).expect("fixture is readable");
    let mut sources = Sources::new();
    let (_, parsed) = routeproof_parser::parse_bytes(&mut sources, shown.clone(), &bytes);
    let Some(parsed) = parsed else {
        return (
            format!("{shown}: not a configuration of a known vendor\n"),
            true,
            false,
        );
    };
    let mut out = String::new();
    let _ = writeln!(out, "format: {}", parsed.format.name());
    out.push_str(&ir::print::device(&parsed.device, &sources));
    let _ = writeln!(out, "\ndiagnostics: {}", parsed.diagnostics.len());
    let style = human::Style {
        color: false,
        width: 80,
    };
    for diagnostic in &parsed.diagnostics {
        out.push('\n');
        out.push_str(&human::diagnostic(&sources, diagnostic, style));
    }
    let any = !parsed.diagnostics.is_empty();
    let unknown = parsed
        .diagnostics
        .iter()
        .any(|d| matches!(d.code, Code::UnrecognisedLine | Code::InvalidLine));
    (out, any, unknown)
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/configs", "**/*.cfg", |path| {
        let relative = path
            .to_string_lossy()
            .replace('\\', "/")
            .rsplit_once("fixtures/configs/")
            .map_or_else(
                || path.to_string_lossy().into_owned(),
                |(_, r)| r.to_owned(),
            );
        let (snapshot, any_diagnostic, unknown_lines) = check(path, &relative);
        if relative.contains("/err/") {
            assert!(any_diagnostic, "{relative} must produce a diagnostic");
        } else {
            assert!(
                !unknown_lines,
                "{relative} has unrecognised or invalid lines:\n{snapshot}"
            );
        }
        insta::with_settings!({
            snapshot_suffix => relative.replace('/', "__"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(snapshot);
        });
    });
}
