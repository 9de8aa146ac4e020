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
//! [`replay`] replays Junos change scripts (`routeproof apply`) with the CLI's edit levels.
//!
//! **Parsing never fails**: every input gives a device and diagnostics.

pub(crate) mod effective;
pub(crate) mod hier;
pub(crate) mod lex;
pub(crate) mod lower;
pub(crate) mod replay;
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

    /// A generated configuration tree: a leaf path, or a block of words with children.
    #[derive(Clone, Debug)]
    enum Node {
        Leaf(Vec<String>),
        Block(Vec<String>, Vec<Node>),
    }

    fn quoted(word: &str) -> String {
        if word.contains(' ') {
            format!("\"{word}\"")
        } else {
            word.to_owned()
        }
    }

    fn render_hier(nodes: &[Node], depth: usize, out: &mut String) {
        for node in nodes {
            let pad = "    ".repeat(depth);
            match node {
                Node::Leaf(words) => {
                    let words: Vec<String> = words.iter().map(|w| quoted(w)).collect();
                    out.push_str(&format!("{pad}{};\n", words.join(" ")));
                }
                Node::Block(words, children) => {
                    let words: Vec<String> = words.iter().map(|w| quoted(w)).collect();
                    out.push_str(&format!("{pad}{} {{\n", words.join(" ")));
                    render_hier(children, depth + 1, out);
                    out.push_str(&format!("{pad}}}\n"));
                }
            }
        }
    }

    /// The `set` paths of a tree, in order (an empty block is its own path).
    fn paths(nodes: &[Node], prefix: &[String], out: &mut Vec<Vec<String>>) {
        for node in nodes {
            match node {
                Node::Leaf(words) => out.push([prefix, words.as_slice()].concat()),
                Node::Block(words, children) => {
                    let path = [prefix, words.as_slice()].concat();
                    if children.is_empty() {
                        out.push(path);
                    } else {
                        paths(children, &path, out);
                    }
                }
            }
        }
    }

    fn word() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[a-z][a-z0-9-]{0,6}",
            "[0-9]{1,3}",
            "[a-z]{2}-[0-9]/[0-9]/[0-9]",
            "[0-9]{1,3}\\.[0-9]{1,3}\\.0\\.0/[0-9]{1,2}",
            Just("two words".to_owned()),
        ]
    }

    fn tree() -> impl proptest::strategy::Strategy<Value = Vec<Node>> {
        use proptest::prelude::*;
        let leaf = proptest::collection::vec(word(), 1..4).prop_map(Node::Leaf);
        let node = leaf.prop_recursive(5, 60, 5, |inner| {
            (
                proptest::collection::vec(word(), 1..3),
                proptest::collection::vec(inner, 0..5),
            )
                .prop_map(|(words, children)| Node::Block(words, children))
        });
        proptest::collection::vec(node, 0..6)
    }

    proptest::proptest! {
        /// A generated tree printed in the brace form flattens to exactly its `set` paths, and
        /// those printed as `set` lines read back to the same statements, spans on the words.
        #[test]
        fn flattening_round_trips(nodes in tree()) {
            let mut hier = String::new();
            render_hier(&nodes, 0, &mut hier);
            let mut expected = Vec::new();
            paths(&nodes, &[], &mut expected);
            let mut diagnostics = Vec::new();
            let flat = hier::flatten(FileId(0), &hier, &mut diagnostics);
            proptest::prop_assert!(diagnostics.is_empty(), "{:?}", diagnostics);
            let got: Vec<Vec<String>> = flat
                .iter()
                .map(|s| s.words.iter().map(|w| w.text.clone()).collect())
                .collect();
            proptest::prop_assert_eq!(&got, &expected);
            for s in &flat {
                for w in &s.words {
                    let written = &hier[w.span.start as usize..w.span.end as usize];
                    proptest::prop_assert_eq!(written, quoted(&w.text));
                }
            }
            let set_text: String = expected
                .iter()
                .map(|p| {
                    let words: Vec<String> = p.iter().map(|w| quoted(w)).collect();
                    format!("set {}\n", words.join(" "))
                })
                .collect();
            let read = set::read(FileId(0), &set_text, &mut diagnostics);
            proptest::prop_assert!(diagnostics.is_empty(), "{:?}", diagnostics);
            let again: Vec<Vec<String>> = read
                .iter()
                .map(|s| s.words.iter().map(|w| w.text.clone()).collect())
                .collect();
            proptest::prop_assert_eq!(again, expected);
        }
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

#[cfg(test)]
mod fuzz_regressions {
    use super::*;

    /// Found by the `parse_dialect` fuzzer (a timeout): a brace-form file of 953 bytes whose
    /// leaves carry several `[ ]` lists spread over many lines. Expected: it parses, with
    /// diagnostics, and the statements it expands to stay bounded.
    #[test]
    fn list_expansion_is_bounded() {
        let bytes = include_bytes!("../../../fixtures/fuzz/junos-hier-list-expansion.bin");
        let text = String::from_utf8_lossy(&bytes[1..]);
        let mut diagnostics = Vec::new();
        let statements = statements(FileId(0), &text, Form::Hierarchical, &mut diagnostics);
        let words: usize = statements.iter().map(|s| s.words.len()).sum();
        assert!(
            words <= 200_000,
            "{} statements, {words} words",
            statements.len()
        );
        assert!(
            diagnostics
                .iter()
                .any(|d| d.message.contains("expand to") && d.message.contains("skipped")),
            "{diagnostics:?}"
        );
        let active = effective::resolve(statements, &mut diagnostics);
        let _ = lower::lower(FileId(0), &active, "r1");
    }
}
