//! `check`: the product's main job. Two snapshots in, a [`Report`] out.
//!
//! 1. Both snapshots are simulated ([`Model::build`]).
//! 2. The differential property is decided over every destination address and every source
//!    ([`crate::diff::differences`]); violations are blamed on changed lines ([`crate::blame`]).
//! 3. Whatever the proof could not cover (unmodelled features on devices the change touches,
//!    ACL lines with unmodelled conditions, a control plane that did not converge) becomes a
//!    gap: with gaps and no error the verdict is inconclusive, never safe.

use std::collections::BTreeSet;
use std::sync::Arc;

use routeproof_parser::ir::Network;
use routeproof_parser::{Diagnostic, Sources};

use crate::blame::ChangedLines;
use crate::control_plane::SimulationIssue;
use crate::diff::{Model, differences};
use crate::progress::{Phase, Progress};
use crate::report::{Finding, Gap, Report, Side, Stats};

/// One side of a check.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    /// The network.
    pub network: &'a Network,
    /// Its files.
    pub sources: &'a Sources,
    /// What the parser said about them.
    pub diagnostics: &'a [Diagnostic],
}

/// What to check.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only sources matching one of these globs (`border*`, `border1[GigabitEthernet0/0]`,
    /// `*[*]` for every external-facing interface); empty means every source.
    pub sources: Vec<String>,
    /// What the user says the change may and must do (`routeproof.toml`).
    pub intent: crate::intent::Intent,
    /// Where to publish how far the check got, for a watcher on another thread.
    pub progress: Option<Arc<Progress>>,
    /// Analyse every source of every changed class, without narrowing each class to the
    /// sources its change can affect ([`crate::reach::cone`]). The verdict and findings are
    /// the same either way; tests compare the two.
    #[doc(hidden)]
    pub exhaustive: bool,
}

/// Frees the two simulated models on another thread: at 1,000 routers they hold tens of
/// millions of routes, and freeing them took 0.2 to 0.5 s that the report need not wait for (the
/// command line exits before the thread is done; a long-lived caller gets the memory back
/// shortly after). Where no thread can be started they are freed here.
fn drop_in_background(before: Model<'_>, after: Model<'_>) {
    let owned = (
        before.control_plane,
        before.dataplane,
        after.control_plane,
        after.dataplane,
    );
    // When the thread cannot start, `spawn` drops the closure, and `owned` with it, here.
    let _ = std::thread::Builder::new()
        .name("routeproof-drop".into())
        .spawn(move || drop(owned));
}

/// Checks that `after` keeps everything `before` could reach, from every source.
pub fn check(before: Snapshot<'_>, after: Snapshot<'_>) -> Report {
    check_with(before, after, &Options::default())
}

/// [`check`] with options.
pub fn check_with(before: Snapshot<'_>, after: Snapshot<'_>, options: &Options) -> Report {
    let changed =
        ChangedLines::compute(before.network, before.sources, after.network, after.sources);
    let progress = options.progress.as_deref();
    let enter = |phase| progress.inspect(|p| p.enter(phase));
    enter(Phase::Simulating);
    // The two simulations are independent: one on another thread halves the wait on a machine
    // with two cores or more.
    let (model_before, model_after) = std::thread::scope(|scope| {
        let after_thread = scope.spawn(|| Model::build(after.network));
        let model_before = Model::build(before.network);
        let model_after = after_thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (model_before, model_after)
    });
    enter(Phase::Reachability);
    let patterns: Vec<glob::Pattern> = options
        .sources
        .iter()
        .filter_map(|p| crate::intent::pattern(p))
        .collect();
    let ignored = &options.intent.ignore_sources;
    let keep = |source: &crate::diff::Source| {
        let name = source.name();
        (patterns.is_empty()
            || patterns
                .iter()
                .any(|p| p.matches(&name) || p.matches(&source.node)))
            && !crate::intent::matches_any(ignored, &name)
            && !crate::intent::matches_any(ignored, &source.node)
    };
    let found = differences(
        &model_before,
        &model_after,
        &changed,
        &keep,
        options.exhaustive,
        progress,
    );
    enter(Phase::Checks);
    let mut findings: Vec<Finding> = found.findings;
    let mut gaps: Vec<Gap> = Vec::new();

    // Single-snapshot checks: what AFTER has that BEFORE had too is reported apart.
    let context = |snapshot: Snapshot<'_>, model: &'_ Model<'_>, side| -> Vec<Finding> {
        crate::checks::run_all(&crate::checks::Context {
            side,
            network: snapshot.network,
            sources: snapshot.sources,
            diagnostics: snapshot.diagnostics,
            control_plane: &model.control_plane,
        })
    };
    let key = |f: &Finding, sources: &Sources| -> (String, Option<String>, String) {
        let text = f
            .evidence
            .first()
            .map(|e| sources.text(e.span).trim().to_owned())
            .unwrap_or_default();
        (f.code.clone(), f.device.clone(), text)
    };
    let existing: BTreeSet<(String, Option<String>, String)> =
        context(before, &model_before, Side::Before)
            .iter()
            .map(|f| key(f, before.sources))
            .collect();
    for mut f in context(after, &model_after, Side::After) {
        f.preexisting = existing.contains(&key(&f, after.sources));
        findings.push(f);
    }

    // Devices the change touches: changed configurations and the ends of reported paths.
    let mut touched: BTreeSet<String> = changed.by_device.keys().cloned().collect();
    for f in &findings {
        if let Some(r) = &f.reachability {
            for p in r.before.iter().chain(&r.after) {
                touched.extend(p.hops.iter().map(|h| h.node.clone()));
            }
        }
    }
    for (side, network) in [(Side::Before, before.network), (Side::After, after.network)] {
        for name in &touched {
            let Some(device) = network.devices.get(name) else {
                continue;
            };
            for u in &device.unsupported {
                let feature = match &u.scope {
                    Some(scope) => format!("{} ({scope})", u.feature),
                    None => u.feature.clone(),
                };
                gaps.push(Gap {
                    device: name.clone(),
                    feature,
                    side,
                    span: u.span,
                });
            }
        }
    }
    for (model, side) in [(&model_before, Side::Before), (&model_after, Side::After)] {
        for issue in &model.control_plane.issues {
            match issue {
                SimulationIssue::NonConvergence { oscillating, .. } => {
                    let devices: BTreeSet<&String> =
                        oscillating.iter().map(|(d, _, _)| d).collect();
                    for d in devices {
                        let span = model
                            .network
                            .devices
                            .get(d)
                            .and_then(|x| x.hostname_span)
                            .unwrap_or_default();
                        gaps.push(Gap {
                            device: d.clone(),
                            feature: "control plane does not converge".into(),
                            side,
                            span,
                        });
                    }
                }
            }
        }
    }
    for source in &found.vanished {
        let span = before
            .network
            .devices
            .get(&source.node)
            .and_then(|d| d.hostname_span)
            .unwrap_or_default();
        gaps.push(Gap {
            device: source.node.clone(),
            feature: format!(
                "source {} exists only before the change (device or vrf removed or renamed): its traffic is not compared; list it in ignore_sources if that is intended",
                source.name()
            ),
            side: Side::Before,
            span,
        });
    }
    for (source, prefix) in &found.uncertain {
        gaps.push(Gap {
            device: source.clone(),
            feature: format!("an acl line with unmodelled conditions decides traffic to {prefix}"),
            side: Side::After,
            span: Default::default(),
        });
    }
    for prefix in &found.header_gaps {
        gaps.push(Gap {
            device: String::new(),
            feature: format!("acl header space too fragmented to enumerate for {prefix}"),
            side: Side::After,
            span: Default::default(),
        });
    }
    gaps.sort();
    gaps.dedup();
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });

    let stats = Stats {
        devices: after.network.devices.len(),
        destination_classes: found.classes,
        classes_analysed: found.analysed,
        sources: found.sources,
    };
    crate::intent::apply(&options.intent, &model_before, &model_after, &mut findings);
    drop_in_background(model_before, model_after);
    let mut report = Report::conclude(findings, gaps, stats);
    if options.intent.fail_on == Some(crate::intent::FailOn::Warning) {
        report.set_fail_on(crate::report::Severity::Warning);
    }
    enter(Phase::Done);
    report
}
