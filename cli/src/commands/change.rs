//! `check SNAPSHOT --change DEVICE=SCRIPT`: the snapshot before, and the snapshot with each
//! script replayed on its device after.
//!
//! Both sides of a changed device are the configuration as `routeproof apply` renders it (the
//! base replayed with an empty script, and with the script), so the line diff between them is
//! exactly what the script changed; blamed lines and path evidence are then mapped back to the
//! base configuration's lines or to the script's lines, which is what the user wrote.

use std::path::{Path, PathBuf};

use routeproof_parser::change::{ChangeResult, apply, apply_junos};
use routeproof_parser::{FileId, Format, ParsedFile, Sources, Span};
use routeproof_verifier::report::{Evidence, Finding, Report, Severity};

use super::check::Loaded;
use crate::load::{LoadError, Snapshot, read_file};

/// One `--change DEVICE=SCRIPT` argument.
#[derive(Clone, Debug)]
pub struct ChangeArg {
    /// Device name (as in its `hostname`).
    pub device: String,
    /// The script file.
    pub script: PathBuf,
}

impl std::str::FromStr for ChangeArg {
    type Err = String;

    fn from_str(s: &str) -> Result<ChangeArg, String> {
        match s.split_once('=') {
            Some((device, script)) if !device.is_empty() && !script.is_empty() => Ok(ChangeArg {
                device: device.to_owned(),
                script: PathBuf::from(script),
            }),
            _ => Err(format!("expected DEVICE=SCRIPT, got `{s}`")),
        }
    }
}

/// A rendered configuration and where each of its lines came from.
struct Rendered {
    file: FileId,
    origins: Vec<Option<Span>>,
    script: FileId,
}

/// What the scripts did, to map findings back to the lines the user wrote.
pub struct Replayed {
    /// The replay of each script (its diagnostics are findings of their own).
    pub results: Vec<ChangeResult>,
    rendered_before: Vec<Rendered>,
    rendered_after: Vec<Rendered>,
}

/// Replays every script on its device of `base`.
pub fn replay(base: Snapshot, changes: &[ChangeArg]) -> Result<(Loaded, Replayed), LoadError> {
    let mut before_sources = base.sources.clone();
    let mut after_sources = base.sources.clone();
    let mut before_files = base.files.clone();
    let mut after_files = base.files.clone();
    let mut results = Vec::new();
    let (mut rendered_before, mut rendered_after) = (Vec::new(), Vec::new());
    for change in changes {
        let Some(index) = base
            .files
            .iter()
            .position(|f| f.device.name.eq_ignore_ascii_case(&change.device))
        else {
            return Err(LoadError::Invalid {
                path: change.script.display().to_string(),
                reason: format!(
                    "--change names device `{}`, which the snapshot does not have",
                    change.device
                ),
            });
        };
        let parsed = &base.files[index];
        // A replayed Junos configuration is rendered as `set` lines.
        let result_format = match parsed.format {
            Format::Ios(_) => parsed.format,
            Format::JunosHierarchical | Format::JunosSet => Format::JunosSet,
        };
        let base_path = base.sources.file(parsed.file).path.clone();
        let script_text = script_text(&change.script)?;
        let shown = change.script.display().to_string();
        let side =
            |sources: &mut Sources, files: &mut Vec<ParsedFile>, script: &str, label: &str| {
                let script_id = sources.add(shown.clone(), script.to_owned());
                let result = match parsed.format {
                    Format::Ios(dialect) => apply(sources, parsed.file, script_id, dialect),
                    Format::JunosHierarchical | Format::JunosSet => {
                        apply_junos(sources, parsed.file, script_id, parsed.format)
                    }
                };
                let path = format!("{base_path} ({label})");
                let file = sources.add(path, result.text.clone());
                files[index] = routeproof_parser::parse_config_as(sources, file, result_format);
                (
                    Rendered {
                        file,
                        origins: result.origins.clone(),
                        script: script_id,
                    },
                    result,
                )
            };
        let (rb, _) = side(&mut before_sources, &mut before_files, "", "as configured");
        let (ra, result) = side(
            &mut after_sources,
            &mut after_files,
            &script_text,
            &format!("after {shown}"),
        );
        rendered_before.push(rb);
        rendered_after.push(ra);
        results.push(result);
    }
    let network = |files: &[ParsedFile],
                   sources: &Sources|
     -> Result<routeproof_parser::ir::Network, LoadError> {
        let mut network =
            routeproof_parser::build_network(files).map_err(|d| LoadError::DuplicateDevice {
                name: d.name,
                first: sources.file(d.first).path.clone(),
                second: sources.file(d.second).path.clone(),
            })?;
        network.hosts = base.network.hosts.clone();
        network.layer1 = base.network.layer1.clone();
        Ok(network)
    };
    let before_network = network(&before_files, &before_sources)?;
    let after_network = network(&after_files, &after_sources)?;
    let loaded = Loaded {
        before: Snapshot {
            sources: before_sources,
            files: before_files,
            network: before_network,
        },
        after: Snapshot {
            sources: after_sources,
            files: after_files,
            network: after_network,
        },
    };
    Ok((
        loaded,
        Replayed {
            results,
            rendered_before,
            rendered_after,
        },
    ))
}

fn script_text(path: &Path) -> Result<String, LoadError> {
    let bytes = read_file(path)?;
    if bytes.contains(&0) {
        return Err(LoadError::Binary {
            path: path.display().to_string(),
        });
    }
    Ok(routeproof_parser::source::decode(&bytes).0)
}

/// Maps spans in the rendered configurations back to the lines the user wrote (the base
/// configuration or the script), and adds each script's own findings to the report.
pub fn finish(report: &mut Report, replayed: &Replayed, loaded: &Loaded) {
    let map = |span: Span, rendered: &[Rendered], sources: &Sources| -> Span {
        let Some(r) = rendered.iter().find(|r| r.file == span.file) else {
            return span;
        };
        let line = sources.line(span);
        r.origins
            .get(line.wrapping_sub(1))
            .copied()
            .flatten()
            .unwrap_or(span)
    };
    for finding in &mut report.findings {
        for e in &mut finding.evidence {
            e.span = match e.side {
                routeproof_verifier::report::Side::Before => {
                    map(e.span, &replayed.rendered_before, &loaded.before.sources)
                }
                routeproof_verifier::report::Side::After => {
                    map(e.span, &replayed.rendered_after, &loaded.after.sources)
                }
            };
        }
        if let Some(r) = &mut finding.reachability {
            for (paths, rendered, sources) in [
                (
                    &mut r.before,
                    &replayed.rendered_before,
                    &loaded.before.sources,
                ),
                (
                    &mut r.after,
                    &replayed.rendered_after,
                    &loaded.after.sources,
                ),
            ] {
                for p in paths.iter_mut() {
                    for h in &mut p.hops {
                        for s in &mut h.evidence {
                            *s = map(*s, rendered, sources);
                        }
                    }
                    p.acl_line = p.acl_line.map(|s| map(s, rendered, sources));
                }
            }
        }
        finding.evidence.sort();
        finding.evidence.dedup();
    }
    let mut findings: Vec<Finding> = Vec::new();
    for (result, rendered) in replayed.results.iter().zip(&replayed.rendered_after) {
        // The script's own lines: rejected, invalid or slipped lines are errors whatever the
        // reachability result, since the script must not be pushed as it is.
        for d in result
            .diagnostics
            .iter()
            .filter(|d| d.span.file == rendered.script)
        {
            findings.push(Finding {
                code: d.code.as_str().to_owned(),
                severity: match d.severity {
                    routeproof_parser::Severity::Error => Severity::Error,
                    routeproof_parser::Severity::Warning => Severity::Warning,
                    routeproof_parser::Severity::Info => Severity::Info,
                },
                message: d.message.clone(),
                device: Some(result.device.clone()),
                evidence: std::iter::once((d.span, d.message.clone()))
                    .chain(d.labels.iter().cloned())
                    .map(|(span, label)| Evidence {
                        side: routeproof_verifier::report::Side::After,
                        span,
                        label,
                    })
                    .collect(),
                reachability: None,
                help: d.help.clone(),
                preexisting: false,
            });
        }
    }
    report.add_findings(findings);
}
