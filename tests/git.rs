//! End to end: `routeproof check --git` and `--staged` on a temporary git repository built from
//! a fixture network (static routes only, so the verdict does not depend on protocol work).
//!
//! Input: commit 1 holds fixtures/networks/static-route-to-null/before, commit 2 its after.
//! Expected: `--git HEAD~1..HEAD` is unsafe (exit 1) with annotations on the repository-relative
//! path; `--git HEAD~1` compares with the work tree; `--staged` sees a staged revert (a new
//! loop: exit 1) and, with nothing staged, is safe (exit 0); a revision that looks like an
//! option is refused (exit 2).

mod common;

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=routeproof-test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn copy_configs(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn routeproof(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_routeproof"))
        .current_dir(dir)
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("routeproof runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_reads_revisions_the_index_and_the_work_tree() {
    let fixture = common::root().join("fixtures/networks/static-route-to-null");
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    copy_configs(&fixture.join("before/configs"), &dir.join("net/configs"));
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "before"]);
    copy_configs(&fixture.join("after/configs"), &dir.join("net/configs"));
    git(dir, &["commit", "-qam", "after"]);

    let (code, stdout, stderr) = routeproof(
        dir,
        &[
            "check",
            "--git",
            "HEAD~1..HEAD",
            "net",
            "--format",
            "github",
        ],
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("::error file=net/configs/r1.cfg,line=7"),
        "{stdout}"
    );

    // A base revision alone compares with the work tree (identical to HEAD here).
    let (code, stdout, _) = routeproof(dir, &["check", "--git", "HEAD~1", "net"]);
    assert_eq!(code, 1, "{stdout}");

    // Nothing staged: HEAD against the index is no change at all.
    let (code, stdout, _) = routeproof(dir, &["check", "--staged", "net"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("SAFE"), "{stdout}");

    // Stage the revert: the rest of 10.9.0.0/16 loops again between r1 and r2.
    git(
        dir,
        &["checkout", "-q", "HEAD~1", "--", "net/configs/r1.cfg"],
    );
    let (code, stdout, _) = routeproof(dir, &["check", "--staged", "net"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("routeproof::check::forwarding_loop"),
        "{stdout}"
    );
    assert!(stdout.contains("newly reachable"), "{stdout}");

    // Revisions that look like options are refused, and so are unknown ones.
    for bad in ["--output=x", "-p", "no-such-revision"] {
        let (code, _, stderr) = routeproof(dir, &["check", &format!("--git={bad}"), "net"]);
        assert_eq!(code, 2, "{bad}: {stderr}");
    }
    assert!(
        !dir.join("x").exists(),
        "no file written by a revision posing as an option"
    );
}
