//! `routeproof check`: prove a change keeps every prefix reachable.
//!
//! Forms: `check BEFORE AFTER` (two snapshots) and `check DIR` (DIR holds `before/` and `after/`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use routeproof_verifier::check::{Options, Snapshot as CheckSnapshot, check_with};
use routeproof_verifier::progress::{Phase, Progress};
use routeproof_verifier::report::{Gap, Report, Side, Stats, Verdict};

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

/// Runs the check; with a timeout or a progress bar, on a thread of its own that this one
/// watches. When the timeout passes first, the analysis is abandoned (the process exits with
/// the report; nothing waits for the thread) and the report says how far it got.
fn watched(
    loaded: &Arc<Loaded>,
    mut options: Options,
    timeout: Option<Duration>,
    progress_bar: bool,
) -> Report {
    if timeout.is_none() && !progress_bar {
        return report(loaded, &options);
    }
    let progress = Arc::new(Progress::new());
    options.progress = Some(Arc::clone(&progress));
    let (send, receive) = std::sync::mpsc::channel();
    let spawned = {
        let loaded = Arc::clone(loaded);
        let options = options.clone();
        std::thread::Builder::new()
            .name("check".into())
            // Deep recursion is bounded elsewhere; this matches a main thread's room and more.
            .stack_size(64 << 20)
            .spawn(move || {
                let _ = send.send(report(&loaded, &options));
            })
    };
    if spawned.is_err() {
        // No thread to be had: run here, unwatched (still correct, only without a deadline).
        return report(loaded, &options);
    }
    let bar = progress_bar.then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar
    });
    let start = std::time::Instant::now();
    let tick = Duration::from_millis(100);
    loop {
        let wait = match timeout {
            Some(limit) => match limit.checked_sub(start.elapsed()) {
                Some(left) => left.min(tick),
                None => break,
            },
            None => tick,
        };
        match receive.recv_timeout(wait) {
            Ok(report) => {
                if let Some(bar) = &bar {
                    bar.finish_and_clear();
                }
                return report;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if let Some(bar) = &bar {
            draw(bar, &progress);
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    stopped(&progress, timeout, loaded.after.network.devices.len())
}

fn draw(bar: &indicatif::ProgressBar, progress: &Progress) {
    let phase = progress.phase();
    let (done, total) = progress.classes();
    if phase == Phase::Reachability && total > 0 {
        bar.set_message(format!("{}: {done}/{total}", phase.describe()));
    } else {
        bar.set_message(phase.describe());
    }
    bar.tick();
}

/// The report of a check that did not finish: inconclusive, saying which stage it was in and
/// how many of the destination classes whose forwarding changed were decided. Nothing about
/// the rest is claimed, so it can never read as safe.
fn stopped(progress: &Progress, timeout: Option<Duration>, devices: usize) -> Report {
    let phase = progress.phase();
    let (done, total) = progress.classes();
    let why = match timeout {
        Some(limit) => format!(
            "the analysis did not finish within --timeout {}",
            humantime::format_duration(limit)
        ),
        None => "the analysis stopped before it finished".to_owned(),
    };
    let reached = if phase >= Phase::Reachability && total > 0 {
        format!(
            "; it was {}, and {done} of the {total} destination classes whose forwarding changed were analysed; the others are unproven",
            phase.describe()
        )
    } else {
        format!(
            "; it was {}, before any destination was decided",
            phase.describe()
        )
    };
    let gap = Gap {
        device: String::new(),
        feature: format!("{why}{reached}"),
        side: Side::After,
        span: Default::default(),
    };
    let stats = Stats {
        devices,
        destination_classes: progress.destination_classes(),
        classes_analysed: done,
        sources: 0,
    };
    Report::conclude(Vec::new(), vec![gap], stats)
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
    /// `--timeout DURATION`: past it, the verdict is inconclusive with what was done so far.
    pub timeout: Option<Duration>,
    /// Draw a progress bar on stderr (a terminal, and not `--quiet`).
    pub progress_bar: bool,
    /// `--fail-on`: overrides the intent file's `fail_on`.
    pub fail_on: Option<routeproof_verifier::intent::FailOn>,
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
    if let Some(level) = request.fail_on {
        options.intent.fail_on = Some(level);
    }
    let loaded = Arc::new(loaded);
    let mut report = watched(&loaded, options, request.timeout, request.progress_bar);
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
