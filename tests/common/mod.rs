//! Helpers shared by the top-level tests.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::path::PathBuf;

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/oracle/batfish`, or `None` when it is missing. Missing oracle data is loud: a
/// message on stderr, and a panic under `CI=true`, where skipping would hide a broken setup.
pub(crate) fn oracle() -> Option<PathBuf> {
    let dir = root().join("../shared/oracle/batfish");
    if dir.is_dir() {
        return Some(dir);
    }
    let message = format!(
        "ORACLE DATA MISSING: {} does not exist; oracle tests are skipped",
        dir.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message} (and CI=true, so this is a failure)");
    }
    eprintln!("\n!!! {message} !!!\n");
    None
}
