//! `routeproof check`: prove a change keeps every prefix reachable.
//!
//! Forms: `check BEFORE AFTER` (two snapshots) and `check DIR` (DIR holds `before/` and `after/`).

use std::path::{Path, PathBuf};

use routeproof_verifier::check::{Options, Snapshot as CheckSnapshot, check_with};
use routeproof_verifier::report::{Report, Verdict};

use super::change::ChangeArg;
use crate::Outcome;
use crate::load::{LoadError, Snapshot, load_snapshot};
use crate::render::human::Style;
use crate::render::{check_human, check_json, dot, github, junit, markdown, sarif};

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Verdict, findings with paths and the blamed lines.
    Human,
    /// The report as data (schema `routeproof.check/v1`, documented in README).
    Json,
    /// SARIF 2.1.0, results anchored at the blamed configuration lines.
    Sarif,
    /// JUnit XML, one test case per check and device.
    Junit,
    /// GitHub Actions workflow commands (annotations on the blamed lines).
    Github,
    /// Markdown for a pull-request comment or the job summary.
    Markdown,
    /// Graphviz: the topology with each finding's path before and after.
    Dot,
}

/// Both snapshots, loaded.
pub struct Loaded {
    /// Before the change.
    pub before: Snapshot,
    /// After the change.
    pub after: Snapshot,
}

/// Resolves the `check` arguments into two snapshot paths.
pub fn snapshot_paths(paths: &[PathBuf]) -> Result<(PathBuf, PathBuf), LoadError> {
    match paths {
        [dir] => {
            let (b, a) = (dir.join("before"), dir.join("after"));
            if !b.is_dir() || !a.is_dir() {
                return Err(LoadError::Invalid {
                    path: dir.display().to_string(),
                    reason:
                        "with one argument, check expects a directory holding before/ and after/"
                            .into(),
                });
            }
            Ok((b, a))
        }
        [b, a] => Ok((b.clone(), a.clone())),
        _ => Err(LoadError::Invalid {
            path: paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            reason: "check takes BEFORE AFTER, or one directory holding before/ and after/".into(),
        }),
    }
}

/// Loads both snapshots.
pub fn load(before: &Path, after: &Path) -> Result<Loaded, LoadError> {
    Ok(Loaded {
        before: load_snapshot(before)?,
        after: load_snapshot(after)?,
    })
}

/// Runs the check on loaded snapshots.
pub fn report(loaded: &Loaded, options: &Options) -> Report {
    let diagnostics = |s: &Snapshot| {
        s.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().cloned())
            .collect::<Vec<_>>()
    };
    let (db, da) = (diagnostics(&loaded.before), diagnostics(&loaded.after));
    check_with(
        CheckSnapshot {
            network: &loaded.before.network,
            sources: &loaded.before.sources,
            diagnostics: &db,
        },
        CheckSnapshot {
            network: &loaded.after.network,
            sources: &loaded.after.sources,
            diagnostics: &da,
        },
        options,
    )
}

/// `--git BASE..HEAD`, `--git BASE` (against the work tree) or `--staged` (an empty spec: HEAD
/// against the index), for the snapshot at `paths[0]` (default `.`) in its repository.
fn load_from_git(paths: &[PathBuf], spec: &str) -> Result<Loaded, LoadError> {
    use crate::git::{self, Tree};
    let path = match paths {
        [] => PathBuf::from("."),
        [p] => p.clone(),
        _ => {
            return Err(LoadError::Invalid {
                path: paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" "),
                reason: "with --git or --staged, check takes at most one path (the snapshot in the repository)".into(),
            });
        }
    };
    let repo = git::repository_root(&path)?;
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let relative = canonical(&path)
        .strip_prefix(canonical(&repo))
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let relative = if relative.is_empty() {
        ".".to_owned()
    } else {
        relative
    };
    let (base, head) = if spec.is_empty() {
        (Tree::Revision("HEAD".into()), Tree::Index)
    } else {
        git::range(spec, Tree::WorkTree)?
    };
    Ok(Loaded {
        before: git::load(&repo, &base, &relative)?,
        after: git::load(&repo, &head, &relative)?,
    })
}

/// The exit outcome of a verdict.
pub fn outcome(report: &Report) -> Outcome {
    match report.verdict {
        Verdict::Safe => Outcome::Clean,
        Verdict::Unsafe => Outcome::Violations,
        Verdict::Inconclusive => Outcome::Inconclusive,
    }
}

/// What to check and how to report it (the `check` command line).
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Snapshot paths (see [`snapshot_paths`]), or the path in the repository with `git`.
    pub paths: Vec<PathBuf>,
    /// `--git` range (`BASE..HEAD`, `BASE`), or an empty string for `--staged`.
    pub git: Option<String>,
    /// `--intent FILE`.
    pub intent: Option<PathBuf>,
    /// `--change DEVICE=SCRIPT`.
    pub changes: Vec<ChangeArg>,
    /// `--output FILE`.
    pub output: Option<PathBuf>,
}

/// Runs `check` and renders it.
pub fn run(
    request: &Request,
    options: &Options,
    format: CheckFormat,
    style: Style,
) -> Result<(String, Outcome), LoadError> {
    let (paths, git, intent, changes, output) = (
        request.paths.as_slice(),
        request.git.as_deref(),
        request.intent.as_deref(),
        request.changes.as_slice(),
        request.output.as_deref(),
    );
    let (loaded, replayed) = if let Some(spec) = git {
        (load_from_git(paths, spec)?, None)
    } else if changes.is_empty() {
        let (b, a) = snapshot_paths(paths)?;
        (load(&b, &a)?, None)
    } else {
        let [snapshot] = paths else {
            return Err(LoadError::Invalid {
                path: paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                reason:
                    "with --change, check takes one snapshot (the configuration before the change)"
                        .into(),
            });
        };
        let (loaded, replayed) = super::change::replay(load_snapshot(snapshot)?, changes)?;
        (loaded, Some(replayed))
    };
    // The intent file: given, or next to the snapshot after the change (or its parent).
    let intent_file = match intent {
        Some(file) => Some(file.to_path_buf()),
        None => {
            let mut candidates: Vec<PathBuf> = Vec::new();
            match (git, paths) {
                (Some(_), [p]) => candidates.push(p.clone()),
                (Some(_), _) => candidates.push(PathBuf::from(".")),
                (None, [dir]) => {
                    candidates.push(dir.join("after"));
                    candidates.push(dir.clone());
                }
                (None, [_, after]) => {
                    candidates.push(after.clone());
                    candidates.extend(after.parent().map(Path::to_path_buf));
                }
                _ => {}
            }
            crate::intent::discover(&candidates)
        }
    };
    let mut options = options.clone();
    if let Some(file) = &intent_file {
        options.intent = crate::intent::load(file)?;
    }
    let mut report = report(&loaded, &options);
    if let Some(replayed) = &replayed {
        super::change::finish(&mut report, replayed, &loaded);
    }
    let text = match output {
        None => render(&report, &loaded, format, style),
        Some(file) => {
            std::fs::write(file, render(&report, &loaded, format, style)).map_err(|e| {
                LoadError::Unreadable {
                    path: file.display().to_string(),
                    reason: format!("cannot write: {e}"),
                }
            })?;
            render(&report, &loaded, CheckFormat::Human, style)
        }
    };
    Ok((text, outcome(&report)))
}

/// Renders a report in `format`.
pub fn render(report: &Report, loaded: &Loaded, format: CheckFormat, style: Style) -> String {
    match format {
        CheckFormat::Human => check_human::render(report, loaded, style),
        CheckFormat::Json => check_json::render(report, loaded),
        CheckFormat::Sarif => sarif::render(report, loaded),
        CheckFormat::Junit => junit::render(report, loaded),
        CheckFormat::Github => github::render(report, loaded),
        CheckFormat::Markdown => markdown::render(report, loaded),
        CheckFormat::Dot => dot::render(report, loaded),
    }
}
