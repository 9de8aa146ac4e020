//! `set` / `delete` / `deactivate` / `activate` lines.
//!
//! One statement per line (`[ a b ]` lists give one per element). A line that is none of these
//! (a CLI prompt such as `{master:0}`, an `edit` command) is an unrecognised line.

use super::lex::{Token, tokenize};
use super::{Op, Statement, Word};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::{FileId, Span};

/// At most this many statements come out of one line with several `[ ]` lists.
const MAX_EXPANSION: usize = 1_024;

/// At most this many words in all the statements of one line.
const MAX_EXPANDED_WORDS: usize = 65_536;

/// One line of a `set`-form text that says something (not blank, not a `#` comment).
pub(crate) struct SetLine<'t> {
    /// Offset of the line in the text.
    pub(crate) at: usize,
    /// The line without its line end.
    pub(crate) line: &'t str,
    /// Its indentation, in bytes.
    pub(crate) indent: usize,
    /// The line without surrounding white space.
    pub(crate) trimmed: &'t str,
    /// The span of its text without the surrounding white space.
    pub(crate) span: Span,
}

/// The lines of a `set`-form text (a file or a change script) that say something, in order.
pub(crate) fn lines(file: FileId, text: &str) -> impl Iterator<Item = SetLine<'_>> {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |raw| {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let indent = line.len() - line.trim_start().len();
        Some(SetLine {
            at,
            line,
            indent,
            trimmed,
            span: Span::new(file, at + indent, at + indent + trimmed.len()),
        })
    })
}

/// The statements of a `set`-form file, in order.
pub(crate) fn read(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Statement> {
    let mut out = Vec::new();
    for SetLine { at, line, span, .. } in lines(file, text) {
        let tokens = tokenize(file, line, at, diagnostics);
        let op = match tokens.first() {
            Some(Token::Word(w)) => match w.text.as_str() {
                "set" => Some(Op::Set),
                "delete" => Some(Op::Delete),
                "deactivate" => Some(Op::Deactivate),
                "activate" => Some(Op::Activate),
                _ => None,
            },
            _ => None,
        };
        // `protect` / `unprotect` only guard a path against edits; a line that is a single
        // brace-enclosed word (`{master:0}`) is the CLI prompt's state banner, captured with
        // the output. Neither is configuration.
        let banner = matches!(
            tokens.as_slice(),
            [Token::Open(_), Token::Word(_), Token::Close(_)]
        );
        let guard = matches!(tokens.first(), Some(Token::Word(w)) if w.text == "protect" || w.text == "unprotect");
        if banner || guard {
            continue;
        }
        let Some(op) = op else {
            if !tokens.is_empty() {
                diagnostics.push(Diagnostic::new(
                    Code::UnrecognisedLine,
                    Severity::Warning,
                    span,
                    "unrecognised line: not a `set`, `delete`, `deactivate` or `activate` command",
                ));
            }
            continue;
        };
        let mut combos: Vec<Vec<Word>> = vec![Vec::new()];
        let mut list: Option<Vec<Word>> = None;
        let mut bad = false;
        let mut too_large = false;
        for token in tokens.into_iter().skip(1) {
            match token {
                Token::Word(w) => match list.as_mut() {
                    Some(items) => items.push(w),
                    None => combos.iter_mut().for_each(|c| c.push(w.clone())),
                },
                Token::ListOpen(_) if list.is_none() => list = Some(Vec::new()),
                Token::ListClose(_) if list.is_some() => {
                    let items = list.take().unwrap_or_default();
                    combos = expand(combos, &items).unwrap_or_else(|| {
                        too_large = true;
                        Vec::new()
                    });
                }
                Token::Newline(_) => {}
                _ => bad = true,
            }
        }
        if let Some(items) = list.take() {
            bad = true;
            combos = expand(combos, &items).unwrap_or_else(|| {
                too_large = true;
                Vec::new()
            });
        }
        if too_large {
            diagnostics.push(Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                span,
                format!(
                    "the `[ ]` lists of this line expand to more than {MAX_EXPANSION} statements or {MAX_EXPANDED_WORDS} words; the line is skipped"
                ),
            ));
            continue;
        }
        if combos.iter().any(Vec::is_empty) {
            diagnostics.push(Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                span,
                "a command without a configuration path",
            ));
            continue;
        }
        if bad {
            diagnostics.push(Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                span,
                "braces, `;` or an unbalanced list in a `set` line",
            ));
            continue;
        }
        for words in combos {
            out.push(Statement { op, words, span });
        }
    }
    out
}

/// Every combination of `combos` with one of `items`, or `None` when that is more than the
/// bounds allow (a short line must not become millions of words).
fn expand(combos: Vec<Vec<Word>>, items: &[Word]) -> Option<Vec<Vec<Word>>> {
    let count = combos.len().saturating_mul(items.len());
    let words = combos
        .first()
        .map_or(0, |c| c.len() + 1)
        .saturating_mul(count);
    if count > MAX_EXPANSION || words > MAX_EXPANDED_WORDS {
        return None;
    }
    let mut next = Vec::with_capacity(count);
    for c in &combos {
        for w in items {
            let mut c = c.clone();
            c.push(w.clone());
            next.push(c);
        }
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input: one line whose three lists multiply to 8,000 statements. Expected: the line is
    /// skipped with a diagnostic naming the bound, not silently cut.
    #[test]
    fn list_products_are_bounded() {
        let list: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
        let list = list.join(" ");
        let line = format!("set a [ {list} ] b [ {list} ] c [ {list} ]\nset system host-name r1\n");
        let mut d = Vec::new();
        let s = read(FileId(0), &line, &mut d);
        assert_eq!(s.len(), 1, "only the host-name line is read");
        assert!(
            d.iter()
                .any(|d| d.message.contains("more than 1024 statements")),
            "{d:?}"
        );
    }

    #[test]
    fn lines() {
        let mut d = Vec::new();
        let s = read(
            FileId(0),
            "set a b [ c d ]\n# x\ndeactivate a\n{master:0}\nedit protocols\nset \"q r\"\n",
            &mut d,
        );
        let got: Vec<(Op, String)> = s.iter().map(|s| (s.op, s.texts().join(" "))).collect();
        assert_eq!(
            got,
            [
                (Op::Set, "a b c".to_owned()),
                (Op::Set, "a b d".to_owned()),
                (Op::Deactivate, "a".to_owned()),
                (Op::Set, "q r".to_owned()),
            ]
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::UnrecognisedLine);
    }
}
