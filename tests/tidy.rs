//! Architecture invariants as tests (rust-analyzer's "tidy" habit): what must be *absent*.
//!
//! 1. The IR (`parser/src/ir/`) imports no parser internals, no nom, no vendor module.
//! 2. The parser and the verifier perform no I/O and read no clock or environment.
//! 3. z3 appears only in the two modules allowed to use it.
//! 4. Every crate's `lib.rs` (and the binary's `main.rs`) opens with a `//!` map.
//! 5. No hash-ordered collections in the IR or the verifier's outputs (determinism).

mod common;

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Lines of non-test code (everything before a `#[cfg(test)]`).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

fn offenders(dir: &str, forbidden: &[&str], allowed_files: &[&str]) -> Vec<String> {
    let root = common::root();
    let mut out = Vec::new();
    for file in rust_files(&root.join(dir)) {
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        if allowed_files.iter().any(|a| rel.ends_with(a)) {
            continue;
        }
        let text = code(&file);
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for f in forbidden {
                if line.contains(f) {
                    out.push(format!("{rel}:{}: `{f}`", n + 1));
                }
            }
        }
    }
    out
}

#[test]
fn ir_is_plain_vendor_neutral_data() {
    let bad = offenders(
        "parser/src/ir",
        &[
            "nom::",
            "crate::ios",
            "crate::junos",
            "crate::diagnostic",
            "HashMap",
            "HashSet",
        ],
        &[],
    );
    assert!(
        bad.is_empty(),
        "the IR must not depend on parser internals:\n{}",
        bad.join("\n")
    );
}

#[test]
fn parser_and_verifier_do_no_io() {
    let forbidden = [
        "std::fs",
        "std::env",
        "std::io::stdin",
        "std::net::TcpStream",
        "Instant::now",
        "SystemTime",
        "println!",
        "eprintln!",
    ];
    let mut bad = offenders("parser/src", &forbidden, &[]);
    bad.extend(offenders("verifier/src", &forbidden, &[]));
    assert!(
        bad.is_empty(),
        "only the cli crate performs I/O:\n{}",
        bad.join("\n")
    );
}

#[test]
fn verifier_outputs_use_ordered_collections() {
    // BGP's interner and exchange caches are hash tables keyed by attribute identity; they are
    // declared in one file and never iterated into output (classes are sorted before use).
    let bad = offenders(
        "verifier/src",
        &["HashMap", "HashSet"],
        &["control_plane/bgp/path.rs"],
    );
    assert!(
        bad.is_empty(),
        "use BTreeMap/BTreeSet so output order never depends on hashing:\n{}",
        bad.join("\n")
    );
}

#[test]
fn z3_is_confined_to_two_modules() {
    let bad = offenders(
        "verifier/src",
        &["z3::"],
        &["policy/smt.rs", "reach/symbolic.rs"],
    );
    let mut bad_all = bad;
    bad_all.extend(offenders("parser/src", &["z3::"], &[]));
    bad_all.extend(offenders("cli/src", &["z3::"], &[]));
    assert!(
        bad_all.is_empty(),
        "z3 belongs in policy/smt.rs and reach/symbolic.rs only:\n{}",
        bad_all.join("\n")
    );
}

#[test]
fn every_crate_root_has_a_module_map() {
    let root = common::root();
    for file in [
        "parser/src/lib.rs",
        "verifier/src/lib.rs",
        "cli/src/lib.rs",
        "cli/src/main.rs",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            text.starts_with("//!"),
            "{file} must open with a //! map of its modules"
        );
    }
}
