//! The brace form flattened into `set` statements, as `show configuration | display set` does.
//!
//! An explicit stack holds the open blocks, so nesting depth costs memory, never the call
//! stack. Blocks deeper than [`MAX_DEPTH`] (real configurations stay under 20) are skipped with
//! one diagnostic, which also bounds the work per statement. `inactive:` on a block or leaf
//! becomes a [`Op::Deactivate`] of its path; `replace:` and `protect:` tags are dropped;
//! `[ a b ]` lists give one statement per element. A `}` with no open block, a block never
//! closed and a statement without its `;` are reported with their spans.

use super::lex::{Token, tokenize};
use super::{Op, Statement, Word};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::{FileId, Span};

/// Blocks nested deeper than this are skipped.
pub(crate) const MAX_DEPTH: usize = 128;

/// At most this many statements come out of one leaf with several `[ ]` lists (real leaves
/// have one list of a few elements).
const MAX_EXPANSION: usize = 1_024;

/// At most this many words in all the statements of one leaf: a few hundred bytes of nested
/// lists under a long path must not become millions of words (found by fuzzing: 953 bytes gave
/// 10,000 statements and a second of work per parse).
const MAX_EXPANDED_WORDS: usize = 65_536;

enum Item {
    One(Word),
    List(Vec<Word>),
}

struct Frame {
    /// Length of the path before this block's words.
    path_len: usize,
    /// Offset of the `{`.
    open: usize,
    /// Statements emitted so far when the block opened: none more means it is empty.
    emitted: usize,
    /// Content was skipped for nesting too deep (so the block is not empty).
    skipped: bool,
}

/// The statements of a brace-form file, in source order.
pub(crate) fn flatten(
    file: FileId,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Statement> {
    let tokens = tokenize(file, text, 0, diagnostics);
    let mut out = Vec::new();
    let mut path: Vec<Word> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut current: Vec<Item> = Vec::new();
    let mut inactive = false;
    let mut list: Option<(Vec<Word>, usize)> = None;
    // Depth of blocks being skipped because they nest too deep.
    let mut skipping = 0usize;
    let span = |a: usize, b: usize| Span::new(file, a, b);
    for token in tokens {
        if skipping > 0 {
            match token {
                Token::Open(_) => skipping += 1,
                Token::Close(_) => skipping -= 1,
                _ => {}
            }
            continue;
        }
        match token {
            Token::Newline(_) => {}
            Token::Word(word) => {
                if let Some((items, _)) = list.as_mut() {
                    items.push(word);
                } else if current.is_empty() && word.text == "inactive:" {
                    inactive = true;
                } else if current.is_empty()
                    && matches!(word.text.as_str(), "replace:" | "protect:")
                {
                } else {
                    current.push(Item::One(word));
                }
            }
            Token::ListOpen(at) => {
                if list.is_some() {
                    diagnostics.push(Diagnostic::new(
                        Code::InvalidLine,
                        Severity::Warning,
                        span(at, at + 1),
                        "`[` inside a list",
                    ));
                } else {
                    list = Some((Vec::new(), at));
                }
            }
            Token::ListClose(at) => match list.take() {
                Some((items, _)) => current.push(Item::List(items)),
                None => diagnostics.push(Diagnostic::new(
                    Code::InvalidLine,
                    Severity::Warning,
                    span(at, at + 1),
                    "`]` closes no list",
                )),
            },
            Token::Semi(at) => {
                close_list(&mut list, &mut current, diagnostics, file);
                emit(
                    &path,
                    &mut current,
                    inactive,
                    Some(at),
                    &mut out,
                    diagnostics,
                    file,
                );
                inactive = false;
            }
            Token::Open(at) => {
                close_list(&mut list, &mut current, diagnostics, file);
                if frames.len() >= MAX_DEPTH {
                    diagnostics.push(Diagnostic::new(
                        Code::InvalidLine,
                        Severity::Warning,
                        span(at, at + 1),
                        format!("blocks nested deeper than {MAX_DEPTH} levels are skipped"),
                    ));
                    current.clear();
                    inactive = false;
                    skipping = 1;
                    if let Some(top) = frames.last_mut() {
                        top.skipped = true;
                    }
                    continue;
                }
                let words: Vec<Word> = current
                    .drain(..)
                    .flat_map(|item| match item {
                        Item::One(w) => vec![w],
                        Item::List(ws) => ws,
                    })
                    .collect();
                let path_len = path.len();
                path.extend(words);
                if inactive && path.len() > path_len {
                    let start = path[path_len].span.start as usize;
                    out.push(Statement {
                        op: Op::Deactivate,
                        words: path.clone(),
                        span: span(start, at + 1),
                    });
                }
                inactive = false;
                frames.push(Frame {
                    path_len,
                    open: at,
                    emitted: out.len(),
                    skipped: false,
                });
            }
            Token::Close(at) => {
                close_list(&mut list, &mut current, diagnostics, file);
                if !current.is_empty() {
                    emit(
                        &path,
                        &mut current,
                        inactive,
                        None,
                        &mut out,
                        diagnostics,
                        file,
                    );
                    inactive = false;
                }
                match frames.pop() {
                    Some(frame) => {
                        // An empty block is its path (`unit 0 { }` is `set ... unit 0`).
                        let empty =
                            !frame.skipped && out[frame.emitted..].iter().all(|s| s.op != Op::Set);
                        if empty && path.len() > frame.path_len {
                            let start = path[frame.path_len].span.start as usize;
                            out.push(Statement {
                                op: Op::Set,
                                words: path.clone(),
                                span: span(start, at + 1),
                            });
                        }
                        path.truncate(frame.path_len);
                        if frame.skipped
                            && let Some(parent) = frames.last_mut()
                        {
                            parent.skipped = true;
                        }
                    }
                    None => diagnostics.push(Diagnostic::new(
                        Code::InvalidLine,
                        Severity::Warning,
                        span(at, at + 1),
                        "`}` closes no block",
                    )),
                }
            }
        }
    }
    close_list(&mut list, &mut current, diagnostics, file);
    if !current.is_empty() {
        emit(
            &path,
            &mut current,
            inactive,
            None,
            &mut out,
            diagnostics,
            file,
        );
    }
    if let Some(outer) = frames.first() {
        let message = if frames.len() == 1 {
            "`{` is never closed".to_owned()
        } else {
            format!(
                "{} blocks are never closed, the outermost here",
                frames.len()
            )
        };
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                span(outer.open, outer.open + 1),
                message,
            )
            .with_help("The statements inside were read as if the block were closed at the end of the file."),
        );
    }
    out
}

fn close_list(
    list: &mut Option<(Vec<Word>, usize)>,
    current: &mut Vec<Item>,
    diagnostics: &mut Vec<Diagnostic>,
    file: FileId,
) {
    if let Some((items, at)) = list.take() {
        diagnostics.push(Diagnostic::new(
            Code::InvalidLine,
            Severity::Warning,
            Span::new(file, at, at + 1),
            "`[` is never closed",
        ));
        current.push(Item::List(items));
    }
}

/// Emits the leaf in `current` under `path`: one statement per combination of list elements.
fn emit(
    path: &[Word],
    current: &mut Vec<Item>,
    inactive: bool,
    semi: Option<usize>,
    out: &mut Vec<Statement>,
    diagnostics: &mut Vec<Diagnostic>,
    file: FileId,
) {
    let items = std::mem::take(current);
    let first = items.iter().find_map(|i| match i {
        Item::One(w) => Some(w.span),
        Item::List(ws) => ws.first().map(|w| w.span),
    });
    let last = items.iter().rev().find_map(|i| match i {
        Item::One(w) => Some(w.span),
        Item::List(ws) => ws.last().map(|w| w.span),
    });
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    let end = semi.map_or(last.end as usize, |s| s + 1);
    let span = Span::new(file, first.start as usize, end);
    if semi.is_none() {
        diagnostics.push(Diagnostic::new(
            Code::InvalidLine,
            Severity::Warning,
            span,
            "statement without `;`",
        ));
    }
    let expansion = items
        .iter()
        .map(|i| match i {
            Item::One(_) => 1,
            Item::List(ws) => ws.len().max(1),
        })
        .fold(1usize, usize::saturating_mul);
    let words_each = path.len() + items.len();
    if expansion > MAX_EXPANSION || expansion.saturating_mul(words_each) > MAX_EXPANDED_WORDS {
        diagnostics.push(Diagnostic::new(
            Code::InvalidLine,
            Severity::Warning,
            span,
            format!(
                "the `[ ]` lists of this statement expand to {expansion} statements (at most {MAX_EXPANSION} are read); the statement is skipped"
            ),
        ));
        return;
    }
    let mut combos: Vec<Vec<Word>> = vec![path.to_vec()];
    for item in items {
        match item {
            Item::One(w) => combos.iter_mut().for_each(|c| c.push(w.clone())),
            Item::List(ws) => {
                let mut next = Vec::new();
                for c in &combos {
                    for w in &ws {
                        let mut c = c.clone();
                        c.push(w.clone());
                        next.push(c);
                    }
                }
                combos = next;
            }
        }
    }
    for words in combos {
        if inactive {
            out.push(Statement {
                op: Op::Set,
                words: words.clone(),
                span,
            });
            out.push(Statement {
                op: Op::Deactivate,
                words,
                span,
            });
        } else {
            out.push(Statement {
                op: Op::Set,
                words,
                span,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(text: &str) -> (Vec<String>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let s = flatten(FileId(0), text, &mut d);
        let lines = s
            .iter()
            .map(|s| {
                let op = match s.op {
                    Op::Set => "set",
                    Op::Delete => "delete",
                    Op::Deactivate => "deactivate",
                    Op::Activate => "activate",
                };
                format!("{op} {}", s.texts().join(" "))
            })
            .collect();
        (lines, d)
    }

    #[test]
    fn lists_inactive_tags() {
        let (lines, d) = flat(
            "policy-options { community C members [ 1:1 1:2 ]; }\ninactive: system { host-name x; }\nreplace: a { b; }",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            lines,
            [
                "set policy-options community C members 1:1",
                "set policy-options community C members 1:2",
                "deactivate system",
                "set system host-name x",
                "set a b",
            ]
        );
    }

    #[test]
    fn unbalanced_braces_are_reported() {
        let (lines, d) = flat("a { b; } }\nc { d;");
        assert_eq!(lines, ["set a b", "set c d"]);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].span.start, 9);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let text = format!("{}x;{}", "a {".repeat(n), "}".repeat(n));
        let (lines, d) = flat(&text);
        assert!(lines.is_empty());
        assert_eq!(d.len(), 1);
        let unclosed = "a {".repeat(n);
        let (_, d) = flat(&unclosed);
        assert_eq!(d.len(), 2, "{d:?}");
    }
}
