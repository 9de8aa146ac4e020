//! Junos tokens: words (quoted strings unquoted), `{`, `}`, `;`, `[`, `]` and line ends.
//!
//! Comments are dropped: `#` to the end of the line when it starts a word (`## SECRET-DATA`
//! after a `;`), and `/* ... */`. A quote that is never closed runs to the end of its line and
//! is reported. The lexer never fails.

use super::Word;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::{FileId, Span};

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// A word.
    Word(Word),
    /// `{` at this offset.
    Open(usize),
    /// `}` at this offset.
    Close(usize),
    /// `;` at this offset.
    Semi(usize),
    /// `[` at this offset.
    ListOpen(usize),
    /// `]` at this offset.
    ListClose(usize),
    /// A line end at this offset.
    Newline(usize),
}

/// Splits `text` (which starts at byte `base` of file `file`) into tokens.
pub(crate) fn tokenize(
    file: FileId,
    text: &str,
    base: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let span = |a: usize, b: usize| Span::new(file, base + a, base + b);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                out.push(Token::Newline(base + i));
                i += 1;
            }
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => i += 1,
            b'{' => {
                out.push(Token::Open(base + i));
                i += 1;
            }
            b'}' => {
                out.push(Token::Close(base + i));
                i += 1;
            }
            b';' => {
                out.push(Token::Semi(base + i));
                i += 1;
            }
            b'[' => {
                out.push(Token::ListOpen(base + i));
                i += 1;
            }
            b']' => {
                out.push(Token::ListClose(base + i));
                i += 1;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                match text[i + 2..].find("*/") {
                    Some(end) => i = i + 2 + end + 2,
                    None => {
                        diagnostics.push(Diagnostic::new(
                            Code::InvalidLine,
                            Severity::Warning,
                            span(start, start + 2),
                            "comment `/*` is never closed",
                        ));
                        i = bytes.len();
                    }
                }
                // A newline inside the comment still ends a `set` line.
                if text[start..i].contains('\n') {
                    out.push(Token::Newline(base + i.saturating_sub(1)));
                }
            }
            b'"' => {
                let start = i;
                let mut value = String::new();
                i += 1;
                let mut closed = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        b'\\' if i + 1 < bytes.len() => {
                            let next = text[i + 1..].chars().next().unwrap_or('\\');
                            value.push(next);
                            i += 1 + next.len_utf8();
                        }
                        b'\n' => break,
                        _ => {
                            let c = text[i..].chars().next().unwrap_or(' ');
                            value.push(c);
                            i += c.len_utf8();
                        }
                    }
                }
                if !closed {
                    diagnostics.push(Diagnostic::new(
                        Code::InvalidLine,
                        Severity::Warning,
                        span(start, i),
                        "quoted string is never closed",
                    ));
                }
                out.push(Token::Word(Word {
                    text: value,
                    span: span(start, i),
                }));
            }
            _ => {
                let start = i;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c | b'{' | b'}' | b';' | b'"'
                    )
                {
                    // `]` closes a list even when written against the last word (`[ a b]`).
                    if bytes[i] == b']' {
                        break;
                    }
                    i += 1;
                }
                out.push(Token::Word(Word {
                    text: text[start..i].to_owned(),
                    span: span(start, i),
                }));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut d = Vec::new();
        tokenize(FileId(0), text, 0, &mut d)
            .into_iter()
            .map(|t| match t {
                Token::Word(w) => w.text,
                Token::Open(_) => "{".into(),
                Token::Close(_) => "}".into(),
                Token::Semi(_) => ";".into(),
                Token::ListOpen(_) => "[".into(),
                Token::ListClose(_) => "]".into(),
                Token::Newline(_) => "\\n".into(),
            })
            .collect()
    }

    #[test]
    fn words_quotes_comments() {
        assert_eq!(
            words("description \"a \\\"b\\\" c\"; ## SECRET\n/* x */ a{b;}"),
            [
                "description",
                "a \"b\" c",
                ";",
                "\\n",
                "a",
                "{",
                "b",
                ";",
                "}"
            ]
        );
        assert_eq!(words("members [ a b]"), ["members", "[", "a", "b", "]"]);
        // Never fails, whatever the bytes.
        assert_eq!(words("\"open"), ["open"]);
        assert_eq!(words("/* open"), Vec::<String>::new());
    }
}
