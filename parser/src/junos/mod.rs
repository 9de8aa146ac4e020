//! Juniper Junos, in both of its forms, into the IR.
//!
//! ```text
//! hierarchical text --hier--> statements --effective--> active `set` statements --lower--> ir::Device
//! `set` lines       --set----^
//! ```
//!
//! Junos configuration is a tree of words. Both forms are first turned into one sequence of
//! [`Statement`]s, each the words of one path from the root to a leaf (what `show configuration
//! | display set` prints), with the span of the source text it came from:
//!
//! - [`lex`] splits text into words (quoted strings unquoted), braces, `;`, `[`/`]`, dropping
//!   `#` and `/* */` comments;
//! - [`hier`] flattens the brace form with an explicit stack (no recursion: any nesting depth
//!   is safe), expands `[ a b ]` lists, turns `inactive:` into deactivations and reports
//!   unbalanced braces with a span;
//! - [`set`] reads `set` / `delete` / `deactivate` / `activate` lines;
//! - [`effective`] replays those operations in order (a later `delete` removes what an
//!   earlier `set` added), drops deactivated statements, and expands `apply-groups`
//!   (with `<*>` wildcards matched against the configured names);
//! - [`lower`] matches the words of each active statement and writes the IR. Statements it
//!   does not know become `unrecognised line` warnings; known hierarchies the verifier does not
//!   model become `unsupported` records; a short explicit list of hierarchies with no effect on
//!   forwarding (`system syslog`, `snmp`...) is ignored.
//!
//! Statements are matched as slices of words rather than with nom: after flattening, every
//! statement is already a flat list of words, and slice patterns say what they match directly.
//!
//! **Parsing never fails**: every input gives a device and diagnostics.

pub(crate) mod effective;
pub(crate) mod hier;
pub(crate) mod lex;
pub(crate) mod lower;
pub(crate) mod set;

use crate::diagnostic::Diagnostic;
use crate::ir;
use crate::source::{FileId, Span};

/// One word of a statement, unquoted, with the span of what was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// The word (quotes removed, escapes resolved).
    pub(crate) text: String,
    /// Where it was written.
    pub(crate) span: Span,
}

/// What a statement does to the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Op {
    /// Adds the path.
    Set,
    /// Removes the path and everything under it.
    Delete,
    /// Marks the path (and everything under it) inactive.
    Deactivate,
    /// Clears a deactivation of exactly this path.
    Activate,
}

/// One path of the configuration tree, root first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Statement {
    /// What it does.
    pub(crate) op: Op,
    /// The words, root first.
    pub(crate) words: Vec<Word>,
    /// The source of the statement itself: a `set` line, or a leaf up to its `;`.
    pub(crate) span: Span,
}

impl Statement {
    /// The words' texts.
    pub(crate) fn texts(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }
}

/// Which form a file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Braces.
    Hierarchical,
    /// `set` lines.
    Set,
}

/// Parses one Junos file into a device. `fallback` names it when it has no `host-name`.
pub(crate) fn parse_device(
    file: FileId,
    text: &str,
    form: Form,
    fallback: &str,
) -> (ir::Device, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let statements = statements(file, text, form, &mut diagnostics);
    let active = effective::resolve(statements, &mut diagnostics);
    let (device, lowered) = lower::lower(file, &active, fallback);
    diagnostics.extend(lowered);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    (device, diagnostics)
}

/// The statements of a file in source order, before deletions, deactivations and groups.
pub(crate) fn statements(
    file: FileId,
    text: &str,
    form: Form,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Statement> {
    match form {
        Form::Hierarchical => hier::flatten(file, text, diagnostics),
        Form::Set => set::read(file, text, diagnostics),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The active statements of a text, as `set` lines.
    pub(crate) fn active(text: &str, form: Form) -> Vec<String> {
        let mut diagnostics = Vec::new();
        let statements = statements(FileId(0), text, form, &mut diagnostics);
        effective::resolve(statements, &mut diagnostics)
            .iter()
            .map(|s| s.texts().join(" "))
            .collect()
    }

    #[test]
    fn both_forms_give_the_same_statements() {
        let hier = "system {\n    host-name r1;\n}\ninterfaces {\n    ge-0/0/0 {\n        unit 0 {\n            family inet {\n                address 10.0.0.1/24;\n            }\n        }\n    }\n}\n";
        let set = "set system host-name r1\nset interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24\n";
        assert_eq!(
            active(hier, Form::Hierarchical),
            active(set, Form::Set),
            "flattening"
        );
    }
}
