//! Reading snapshots straight from a git repository: a revision, the index, or the work tree.
//!
//! The git CLI is run with arguments, never through a shell; revisions are validated with
//! `git rev-parse --verify --end-of-options` and anything starting with `-` is refused, so a
//! revision such as `--output=x` cannot become an option. A revision's files under PATH are
//! copied into a private temporary directory and loaded like any snapshot; the files keep their
//! repository-relative paths in every message, so annotations land on the right lines.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::load::{LoadError, Snapshot, load_snapshot};

/// Where a side of the comparison comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tree {
    /// A commit (any revision git resolves to one).
    Revision(String),
    /// The index (what `git commit` would record).
    Index,
    /// The files on disk.
    WorkTree,
}

fn git_error(reason: impl Into<String>) -> LoadError {
    LoadError::Invalid {
        path: "git".into(),
        reason: reason.into(),
    }
}

/// Runs git in `repo` with `args`; stdout on success.
fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>, LoadError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| git_error(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(git_error(format!(
            "git {} failed: {}",
            args.join(" "),
            stderr.trim()
        )));
    }
    Ok(output.stdout)
}

/// The repository's top-level directory containing `path`.
pub fn repository_root(path: &Path) -> Result<PathBuf, LoadError> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let out = git(&dir, &["rev-parse", "--show-toplevel"])?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// Validates a revision and returns the commit it names.
pub fn resolve(repo: &Path, revision: &str) -> Result<String, LoadError> {
    if revision.is_empty() || revision.starts_with('-') {
        return Err(git_error(format!("`{revision}` is not a revision")));
    }
    let spec = format!("{revision}^{{commit}}");
    let out = git(
        repo,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )
    .map_err(|_| git_error(format!("`{revision}` does not name a commit")))?;
    Ok(String::from_utf8_lossy(&out).trim().to_owned())
}

/// Splits `BASE..HEAD` (or a single `BASE`, compared with `default_head`).
pub fn range(spec: &str, default_head: Tree) -> Result<(Tree, Tree), LoadError> {
    match spec.split_once("..") {
        Some((base, head)) => {
            let head = if head.is_empty() { "HEAD" } else { head };
            let base = if base.is_empty() { "HEAD" } else { base };
            Ok((
                Tree::Revision(base.to_owned()),
                Tree::Revision(head.to_owned()),
            ))
        }
        None => Ok((Tree::Revision(spec.to_owned()), default_head)),
    }
}

/// Files of `tree` under `path` (repository-relative), as (path, bytes).
fn files(repo: &Path, tree: &Tree, path: &str) -> Result<Vec<(String, Vec<u8>)>, LoadError> {
    let names = match tree {
        Tree::Revision(rev) => {
            let commit = resolve(repo, rev)?;
            git(
                repo,
                &["ls-tree", "-r", "-z", "--name-only", &commit, "--", path],
            )?
        }
        Tree::Index => git(repo, &["ls-files", "-z", "--cached", "--", path])?,
        Tree::WorkTree => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for name in names.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let object = match tree {
            Tree::Revision(rev) => format!("{}:{name}", resolve(repo, rev)?),
            _ => format!(":{name}"),
        };
        let bytes = git(repo, &["cat-file", "blob", &object])?;
        out.push((name, bytes));
    }
    Ok(out)
}

/// Loads the snapshot at `path` (repository-relative, `.` for the root) from `tree`.
pub fn load(repo: &Path, tree: &Tree, path: &str) -> Result<Snapshot, LoadError> {
    if *tree == Tree::WorkTree {
        let mut snapshot = load_snapshot(&repo.join(path))?;
        relabel(&mut snapshot, &repo.join(path), path);
        return Ok(snapshot);
    }
    let files = files(repo, tree, path)?;
    if files.is_empty() {
        return Err(LoadError::Empty {
            path: format!("{path} in {tree:?}"),
        });
    }
    let scratch = tempfile::tempdir()
        .map_err(|e| git_error(format!("cannot create a temporary directory: {e}")))?;
    for (name, bytes) in &files {
        let target = scratch.path().join(name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| git_error(format!("cannot write {name}: {e}")))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| git_error(format!("cannot write {name}: {e}")))?;
    }
    let root = scratch.path().join(path);
    let mut snapshot = load_snapshot(&root)?;
    relabel(&mut snapshot, &root, path);
    Ok(snapshot)
}

/// Shows files by their repository-relative paths instead of where they were read from.
fn relabel(snapshot: &mut Snapshot, root: &Path, path: &str) {
    let root = root.display().to_string();
    let prefix = path.trim_end_matches('/');
    snapshot.sources.relabel(|p| {
        let rest = p.strip_prefix(&root).unwrap_or(p).trim_start_matches('/');
        if prefix == "." || prefix.is_empty() {
            rest.to_owned()
        } else {
            format!("{prefix}/{rest}")
        }
    });
}
