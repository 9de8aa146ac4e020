//! Corpus test: every configuration in the Batfish oracle parses without a panic, and the number
//! of lines the parser does not understand stays within a recorded budget per dialect.
//!
//! Input: every file under `../shared/oracle/batfish` (relative to the workspace root; override with
//! `ROUTEPROOF_ORACLE`) that the detector classifies as IOS, IOS-XE, EOS, FRR, NX-OS, IOS-XR, or
//! Junos (hierarchical `junos` or `set` lines `junos-set`). The Junos files of the two parsing
//! folders `parsing/juniper-hierarchical` and `parsing/juniper-set` are also counted per folder.
//! Expected output: no panic, and per dialect at most [`BUDGET`] unrecognised lines (lines covered
//! by `routeproof::parse::unrecognised_line` diagnostics, block bodies included) and invalid lines
//! (`routeproof::parse::invalid_line`). The counts are printed, so `cargo test --test corpus --
//! --nocapture` gives the table for a report. `ROUTEPROOF_CORPUS_VERBOSE=1` also prints every
//! unrecognised or invalid line with its location, which is the work list for grammar coverage.
//!
//! The oracle is not part of the repository. When it is missing the test says so loudly and
//! passes, except under `CI=true`, where a missing oracle is a failure (CI must not go green by
//! testing nothing).

use std::collections::BTreeMap;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use routeproof_parser::{Code, Sources};

/// Per-dialect ceilings: (unrecognised lines, invalid lines, mode slips). Lower them when the
/// grammar improves; a rise is a regression. Mode slips in device-printed files are binding
/// mistakes of ours (a device never prints a slipped line), so they are budgeted too.
const BUDGET: &[(&str, usize, usize, usize)] = &[
    ("eos", 133, 0, 2),
    ("frr", 0, 0, 0),
    ("ios", 53, 22, 55),
    ("ios-xe", 0, 0, 0),
    // IOS-XR: what is left is `parsing/.../cisco_interface`, a file of IOS interface commands
    // (wireless, dialer, bridge-group) that the detector reads as IOS-XR; the 2 slips are lines
    // a hand-written test file indents out of their blocks.
    ("ios-xr", 52, 0, 2),
    ("nx-os", 0, 0, 1),
    // The Junos parsing folders (their files are also in the two rows below).
    ("parsing/juniper-hierarchical", 0, 0, 0),
    ("parsing/juniper-set", 0, 0, 0),
    // Junos has no mode slips (braces and `set` paths say where every statement goes). The one
    // `junos-set` line is a `!` comment in a Batfish unit-test file, which Junos would reject.
    ("junos", 0, 0, 0),
    ("junos-set", 1, 0, 0),
];

/// The Junos parsing folders, counted on their own as well (whatever format each file is in).
const JUNOS_FOLDERS: &[&str] = &["parsing/juniper-hierarchical", "parsing/juniper-set"];

/// Directories that hold no device configurations (answers, show outputs, host files).
const SKIP_DIRS: &[&str] = &[
    "show",
    "refs",
    "validation",
    "hosts",
    "iptables",
    "batfish",
    "aws_configs",
    "source",
];

/// Files the detector takes for IOS that are another system's: Arista MOS (Metamako) fragments
/// from Batfish's unit-test network have no marker that tells them from IOS.
const NOT_IOS_FAMILY: &[&str] = &["mos_application", "mos_interface", "mos_misc"];

/// Extensions of files that are never configurations.
const SKIP_EXTENSIONS: &[&str] = &[
    ".md",
    ".json",
    ".csv",
    ".tsv",
    ".png",
    ".jpg",
    ".svg",
    ".yaml",
    ".yml",
    ".txt.orig",
];

#[derive(Default)]
struct Tally {
    files: usize,
    lines: usize,
    unrecognised: usize,
    invalid: usize,
    slips: usize,
}

fn oracle_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("ROUTEPROOF_ORACLE") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/oracle/batfish")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if name.starts_with('.') {
            continue;
        }
        if NOT_IOS_FAMILY.contains(&name.as_str()) {
            continue;
        }
        if path.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) {
                collect(&path, out);
            }
        } else if !name.starts_with("readme") && !SKIP_EXTENSIONS.iter().any(|e| name.ends_with(e))
        {
            out.push(path);
        }
    }
}

#[test]
fn corpus_parses_within_budget() {
    let root = oracle_root();
    if !root.is_dir() {
        let message = format!(
            "\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             !!! corpus test SKIPPED: no oracle at {}\n\
             !!! (set ROUTEPROOF_ORACLE to the Batfish oracle directory)\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
            root.display()
        );
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("{message}under CI=true the oracle is required");
        }
        eprintln!("{message}");
        return;
    }
    let verbose = std::env::var_os("ROUTEPROOF_CORPUS_VERBOSE").is_some();
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut tally: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut panics = Vec::new();
    for path in &files {
        let Ok(bytes) = fs::read(path) else { continue };
        if bytes.contains(&0) {
            continue;
        }
        let (text, _) = routeproof_parser::source::decode(&bytes);
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let format = routeproof_parser::detect(&text);
        if verbose {
            println!("file\t{}\t{shown}", format.map_or("unknown", |f| f.name()));
        }
        let Some(format) = format else {
            continue;
        };
        let mut sources = Sources::new();
        let id = sources.add(shown.clone(), text);
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            routeproof_parser::parse_config_as(&sources, id, format)
        }));
        let Ok(parsed) = parsed else {
            panics.push(shown);
            continue;
        };
        let file = sources.file(id);
        let folder = JUNOS_FOLDERS
            .iter()
            .find(|f| shown.replace('\\', "/").starts_with(*f))
            .copied();
        let mut keys = vec![parsed.format.name()];
        keys.extend(folder);
        for key in &keys {
            let entry = tally.entry(key).or_default();
            entry.files += 1;
            entry.lines += file.line_count();
        }
        for d in &parsed.diagnostics {
            let (first, _) = file.line_col(d.span.start);
            let (last, _) = file.line_col(d.span.end);
            for key in &keys {
                let entry = tally.entry(key).or_default();
                match d.code {
                    Code::UnrecognisedLine => entry.unrecognised += last - first + 1,
                    Code::InvalidLine => entry.invalid += 1,
                    Code::ModeSlip => entry.slips += 1,
                    _ => {}
                }
            }
            if !matches!(
                d.code,
                Code::UnrecognisedLine | Code::InvalidLine | Code::ModeSlip
            ) {
                continue;
            }
            if verbose {
                println!(
                    "{}\t{}:{first}\t{}\t{}",
                    parsed.format.name(),
                    shown,
                    d.message,
                    file.line_text(first).trim()
                );
            }
        }
    }
    println!("dialect                       files  lines  unrecognised  invalid  slips");
    for (dialect, t) in &tally {
        println!(
            "{dialect:<29} {:>5} {:>6} {:>13} {:>8} {:>6}",
            t.files, t.lines, t.unrecognised, t.invalid, t.slips
        );
    }
    assert!(panics.is_empty(), "the parser panicked on: {panics:#?}");
    let mut over = Vec::new();
    for (dialect, t) in &tally {
        let Some(&(_, max_unrecognised, max_invalid, max_slips)) =
            BUDGET.iter().find(|(d, _, _, _)| d == dialect)
        else {
            over.push(format!("{dialect}: no budget recorded"));
            continue;
        };
        if t.unrecognised > max_unrecognised {
            over.push(format!(
                "{dialect}: {} unrecognised lines, budget {max_unrecognised}",
                t.unrecognised
            ));
        }
        if t.invalid > max_invalid {
            over.push(format!(
                "{dialect}: {} invalid lines, budget {max_invalid}",
                t.invalid
            ));
        }
        if t.slips > max_slips {
            over.push(format!(
                "{dialect}: {} mode slips, budget {max_slips}",
                t.slips
            ));
        }
        if t.unrecognised < max_unrecognised || t.invalid < max_invalid || t.slips < max_slips {
            println!(
                "note: {dialect} is under budget ({}, {}, {}); lower BUDGET in tests/corpus.rs",
                t.unrecognised, t.invalid, t.slips
            );
        }
    }
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
}
