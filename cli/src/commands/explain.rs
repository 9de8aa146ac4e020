//! `routeproof explain [CODE]`: the documentation of a finding code, or the list of codes.

use std::fmt::Write as _;

use routeproof_verifier::checks;

use crate::Outcome;
use crate::load::LoadError;

/// Every documented code with its text, in report order.
fn documented() -> Vec<(&'static str, &'static str)> {
    checks::CHECKS
        .iter()
        .map(|c| (c.code, c.doc))
        .chain(checks::REACHABILITY_DOCS.iter().copied())
        .collect()
}

/// Prints one code's documentation (matched in full or by its last `::` part), or every code
/// with the first sentence of its documentation.
pub fn run(code: Option<&str>) -> Result<(String, Outcome), LoadError> {
    let all = documented();
    let mut out = String::new();
    match code {
        None => {
            for (code, doc) in &all {
                let summary = doc
                    .strip_prefix("What it does: ")
                    .unwrap_or(doc)
                    .split("\n\n")
                    .next()
                    .unwrap_or_default();
                let _ = writeln!(out, "{code}\n    {summary}");
            }
        }
        Some(wanted) => {
            let found = all
                .iter()
                .find(|(code, _)| *code == wanted || code.rsplit("::").next() == Some(wanted));
            let Some((code, doc)) = found else {
                return Err(LoadError::Invalid {
                    path: wanted.to_owned(),
                    reason: "not a routeproof finding code (`routeproof explain` lists them)"
                        .into(),
                });
            };
            let _ = writeln!(out, "{code}\n\n{doc}");
        }
    }
    Ok((out, Outcome::Clean))
}
