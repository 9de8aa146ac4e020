//! Determinism and metamorphic properties, through the real binary.
//!
//! - Determinism: `parse --format json`, `routes --format csv` and `check --format json` run
//!   twice (two processes, so two hash seeds) print byte-identical output.
//! - Renaming and reordering files (names chosen so that the sorted file order is reversed)
//!   gives byte-identical routes and the same check report once file names and byte offsets
//!   are set aside.
//! - Reordering independent stanzas (interface, router and numbered route-map blocks) inside
//!   every configuration gives byte-identical routes and the same check report, set aside line
//!   numbers and offsets.
//! - A change and its revert mirror each other: the addresses `check A B` reports as lost are
//!   the addresses `check B A` reports as newly reachable, per source, and the other way round.
//!
//! Input: the scenarios under `fixtures/networks/` and, when present, Batfish's example network
//! (`../shared/oracle/batfish/example`, live and candidate).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_routeproof");

/// (name, before, after) of every scenario.
fn scenarios() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let networks = common::root().join("fixtures/networks");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&networks)
        .expect("fixtures/networks")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before").is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, dir.join("before"), dir.join("after")));
    }
    if let Some(oracle) = common::oracle() {
        let example = oracle.join("example");
        out.push((
            "batfish-example".into(),
            example.join("live"),
            example.join("candidate"),
        ));
    }
    out
}

/// Runs the binary; returns (exit code, stdout).
fn run(args: &[&str]) -> (i32, Vec<u8>) {
    let output = Command::new(BIN)
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("run routeproof");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    (output.status.code().unwrap_or(-1), output.stdout)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Input: every scenario. Expected: each command's output is identical in two runs.
#[test]
fn outputs_are_byte_identical_across_runs() {
    for (name, before, after) in scenarios() {
        let commands: [Vec<&str>; 4] = [
            vec!["parse", path(&before), "--format", "json"],
            vec!["routes", path(&before), "--format", "csv"],
            vec!["routes", path(&after), "--format", "csv"],
            vec!["check", path(&before), path(&after), "--format", "json"],
        ];
        for args in commands {
            let first = run(&args);
            let second = run(&args);
            assert!(
                first == second,
                "{name}: `routeproof {}` differs between two runs",
                args.join(" ")
            );
        }
    }
}

/// How a configuration file is changed: (index, count, name, text) -> (new name, new text).
type Transform<'a> = &'a dyn Fn(usize, usize, &str, &str) -> (String, String);

/// A scratch copy of a snapshot, with each configuration file passed through `transform`.
fn copy_snapshot(from: &Path, to: &Path, transform: Transform<'_>) {
    let _ = fs::remove_dir_all(to);
    let configs = from.join("configs");
    let mut names: Vec<String> = fs::read_dir(&configs)
        .expect("configs/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    fs::create_dir_all(to.join("configs")).expect("scratch configs/");
    for (i, name) in names.iter().enumerate() {
        let text = fs::read_to_string(configs.join(name)).expect("UTF-8 configuration");
        let (new_name, new_text) = transform(i, names.len(), name, &text);
        fs::write(to.join("configs").join(new_name), new_text).expect("write");
    }
    // Everything else (hosts/, batfish/) as it is.
    for extra in ["hosts", "batfish"] {
        let dir = from.join(extra);
        if !dir.is_dir() {
            continue;
        }
        fs::create_dir_all(to.join(extra)).expect("mkdir");
        for entry in fs::read_dir(&dir).expect("read").filter_map(|e| e.ok()) {
            if entry.path().is_file() {
                fs::copy(entry.path(), to.join(extra).join(entry.file_name())).expect("copy");
            }
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("metamorphic")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch");
    dir
}

/// The check report without what legitimately moves when files are renamed or stanzas
/// reordered: file names, line and column numbers, byte offsets. Evidence lists are sorted,
/// since their order follows the files'.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "file" | "line" | "column" | "start" | "end" | "span"
                    )
                })
                .map(|(k, v)| {
                    let mut v = normalise(v);
                    if k.starts_with("evidence")
                        && let Value::Array(items) = &mut v
                    {
                        items.sort_by_key(|i| i.to_string());
                    }
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        other => other.clone(),
    }
}

fn check_json(before: &Path, after: &Path) -> (i32, Value) {
    let (code, out) = run(&["check", path(before), path(after), "--format", "json"]);
    let json = serde_json::from_slice(&out).expect("check --format json is JSON");
    (code, json)
}

/// Renames every file so that the sorted order is reversed (`07-r1.cfg` for the first of
/// seven) and checks that nothing but file names changes.
#[test]
fn renaming_and_reordering_files_changes_nothing() {
    let rename = |i: usize, n: usize, name: &str, text: &str| {
        (format!("{:02}-renamed-{name}", n - i), text.to_owned())
    };
    for (name, before, after) in scenarios() {
        let dir = scratch(&format!("rename-{name}"));
        let (b2, a2) = (dir.join("before"), dir.join("after"));
        copy_snapshot(&before, &b2, &rename);
        copy_snapshot(&after, &a2, &rename);
        for (original, renamed) in [(&before, &b2), (&after, &a2)] {
            let (c1, r1) = run(&["routes", path(original), "--format", "csv"]);
            let (c2, r2) = run(&["routes", path(renamed), "--format", "csv"]);
            assert_eq!(c1, c2, "{name}");
            assert!(r1 == r2, "{name}: routes differ after renaming files");
        }
        let (c1, j1) = check_json(&before, &after);
        let (c2, j2) = check_json(&b2, &a2);
        assert_eq!(c1, c2, "{name}: exit code differs after renaming files");
        assert_eq!(
            normalise(&j1),
            normalise(&j2),
            "{name}: check report differs after renaming files"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}

/// Reverses the order of the independent top-level blocks of an IOS-family configuration:
/// `interface`, `router` and `route-map NAME ACTION SEQ` blocks swap places among themselves,
/// every other line stays where it was. A block is its header line and the indented lines
/// after it.
fn reverse_stanzas(text: &str) -> String {
    let mut stanzas: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        if !line.starts_with([' ', '\t']) || stanzas.is_empty() {
            stanzas.push(String::new());
        }
        stanzas.last_mut().expect("one stanza").push_str(line);
    }
    // Nothing after `end` moves.
    let end = stanzas
        .iter()
        .position(|s| s.trim_end() == "end")
        .unwrap_or(stanzas.len());
    let movable = |s: &str| {
        let words: Vec<&str> = s.lines().next().unwrap_or("").split_whitespace().collect();
        matches!(words.first(), Some(&"interface") | Some(&"router"))
            || words.first() == Some(&"route-map") && words.len() == 4
    };
    let slots: Vec<usize> = (0..end).filter(|&i| movable(&stanzas[i])).collect();
    let blocks: Vec<String> = slots.iter().map(|&i| stanzas[i].clone()).collect();
    for (slot, block) in slots.iter().zip(blocks.into_iter().rev()) {
        // A block must end with a line break to stay a block where it lands.
        let mut block = block;
        if !block.ends_with('\n') {
            block.push('\n');
        }
        stanzas[*slot] = block;
    }
    stanzas.concat()
}

#[test]
fn reverse_stanzas_moves_only_blocks() {
    let text = "hostname r1\ninterface A\n ip address 1.1.1.1 255.255.255.0\n!\nip route 0.0.0.0 0.0.0.0 1.1.1.2\ninterface B\n shutdown\nrouter ospf 1\n network 1.1.1.0 0.0.0.255 area 0\nend\ninterface C\n";
    assert_eq!(
        reverse_stanzas(text),
        "hostname r1\nrouter ospf 1\n network 1.1.1.0 0.0.0.255 area 0\n!\nip route 0.0.0.0 0.0.0.0 1.1.1.2\ninterface B\n shutdown\ninterface A\n ip address 1.1.1.1 255.255.255.0\nend\ninterface C\n"
    );
}

/// Scenarios whose point is a line bound by indentation to another context (a missing
/// `exit`): moving blocks there changes the meaning on purpose, so they are left out.
fn order_sensitive(name: &str) -> bool {
    name.contains("missing-exit")
}

/// Input: every scenario with its configurations' blocks reversed. Expected: identical routes
/// and the same check report, set aside line numbers and offsets.
#[test]
fn reordering_independent_stanzas_changes_nothing() {
    let moved = std::cell::Cell::new(0);
    let reorder = |_: usize, _: usize, name: &str, text: &str| {
        let reordered = reverse_stanzas(text);
        if reordered != text {
            moved.set(moved.get() + 1);
        }
        (name.to_owned(), reordered)
    };
    for (name, before, after) in scenarios() {
        if order_sensitive(&name) {
            continue;
        }
        moved.set(0);
        let dir = scratch(&format!("reorder-{name}"));
        let (b2, a2) = (dir.join("before"), dir.join("after"));
        copy_snapshot(&before, &b2, &reorder);
        copy_snapshot(&after, &a2, &reorder);
        assert!(
            moved.get() > 0,
            "{name}: no configuration had blocks to move"
        );
        for (original, reordered) in [(&before, &b2), (&after, &a2)] {
            let (c1, r1) = run(&["routes", path(original), "--format", "csv"]);
            let (c2, r2) = run(&["routes", path(reordered), "--format", "csv"]);
            assert_eq!(c1, c2, "{name}");
            assert!(
                r1 == r2,
                "{name}: routes differ after reordering stanzas in {}",
                original.display()
            );
        }
        let (c1, j1) = check_json(&before, &after);
        let (c2, j2) = check_json(&b2, &a2);
        assert_eq!(c1, c2, "{name}: exit code differs after reordering stanzas");
        assert_eq!(
            normalise(&j1),
            normalise(&j2),
            "{name}: check report differs after reordering stanzas"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}

/// Addresses per source that a report lists under `code`, as aggregated prefixes (grouping
/// into findings may differ between directions; the addresses may not).
fn addresses(report: &Value, code: &str) -> BTreeMap<String, Vec<ipnet::IpNet>> {
    let mut out: BTreeMap<String, Vec<ipnet::IpNet>> = BTreeMap::new();
    for finding in report["findings"].as_array().into_iter().flatten() {
        if finding["code"] != code {
            continue;
        }
        let reach = &finding["reachability"];
        let prefixes: Vec<ipnet::IpNet> = reach["prefixes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str()?.parse().ok())
            .collect();
        for source in reach["sources"].as_array().into_iter().flatten() {
            let source = source.as_str().unwrap_or("").to_owned();
            out.entry(source)
                .or_default()
                .extend(prefixes.iter().copied());
        }
    }
    for prefixes in out.values_mut() {
        *prefixes = ipnet::IpNet::aggregate(prefixes);
    }
    out
}

/// Input: every scenario, checked both ways. Expected: lost in one direction is newly
/// reachable in the other, address for address and source for source.
#[test]
fn a_change_and_its_revert_mirror_each_other() {
    const LOST: &str = "routeproof::reach::lost_reachability";
    const NEW: &str = "routeproof::reach::newly_reachable";
    for (name, before, after) in scenarios() {
        let (_, forward) = check_json(&before, &after);
        let (_, backward) = check_json(&after, &before);
        assert_eq!(
            addresses(&forward, LOST),
            addresses(&backward, NEW),
            "{name}: lost after the change is not newly reachable after its revert"
        );
        assert_eq!(
            addresses(&forward, NEW),
            addresses(&backward, LOST),
            "{name}: newly reachable after the change is not lost after its revert"
        );
    }
}
