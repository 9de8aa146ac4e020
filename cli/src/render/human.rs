//! Human output: parser diagnostics through miette, with the offending line shown.
//!
//! Everything here ends up on a terminal, and much of it comes from configuration files that an
//! attacker (or an unlucky copy and paste) may have filled with control characters. Text from
//! input is passed through [`clean`] before it is printed, and source snippets are cut from the
//! file by [`Excerpt`], which escapes the same characters and keeps the line numbers right.

use std::borrow::Cow;
use std::fmt::Write as _;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use routeproof_parser::{Diagnostic, Severity, SourceFile, Sources, Span};

/// How to draw.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Terminal width.
    pub width: usize,
}

/// A parser diagnostic with its source attached, for miette.
#[derive(Debug)]
struct Rendered {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Excerpt,
    labels: Vec<LabeledSpan>,
}

impl std::fmt::Display for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn std::fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Renders spans of one file as one snippet: `message` as the headline and one label per span
/// (the first is primary), the way diagnostics look.
pub fn snippet(
    sources: &Sources,
    labels: &[(Span, String)],
    severity: Severity,
    message: &str,
    style: Style,
) -> String {
    let Some(((first, _), file)) = labels
        .first()
        .and_then(|l| Some((l, sources.get(l.0.file)?)))
    else {
        return format!("{message}\n");
    };
    let spans: Vec<Span> = labels.iter().map(|(span, _)| *span).collect();
    let (source, mapped) = Excerpt::new(file, &spans);
    let rendered = Rendered {
        message: clean(&format!("{}: {message}", sources.location(*first))).into_owned(),
        code: None,
        severity: match severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: None,
        source,
        labels: labels
            .iter()
            .zip(mapped)
            .enumerate()
            .map(|(i, ((_, label), span))| {
                let label = Some(clean(label).into_owned());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(label, span)
                } else {
                    LabeledSpan::new_with_span(label, span)
                }
            })
            .collect(),
    };
    render(&rendered, style)
}

fn render(rendered: &Rendered, style: Style) -> String {
    let mut out = String::new();
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    if handler.render_report(&mut out, rendered).is_err() {
        let _ = writeln!(out, "{}", rendered.message);
    }
    out
}

/// Renders one diagnostic (labels in other files than the primary one are listed as notes).
pub fn diagnostic(sources: &Sources, diagnostic: &Diagnostic, style: Style) -> String {
    let Some(file) = sources.get(diagnostic.span.file) else {
        return format!("{}\n", clean(&diagnostic.message));
    };
    let mut spans = vec![diagnostic.span];
    let mut notes = String::new();
    let mut label_texts = vec![None];
    for (span, note) in &diagnostic.labels {
        if span.file == diagnostic.span.file {
            spans.push(*span);
            label_texts.push(Some(clean(note).into_owned()));
        } else {
            let _ = writeln!(
                notes,
                "  note: {}: {}",
                clean(&sources.location(*span)),
                clean(note)
            );
        }
    }
    let (source, mapped) = Excerpt::new(file, &spans);
    let labels = label_texts
        .into_iter()
        .zip(mapped)
        .enumerate()
        .map(|(i, (text, span))| {
            if i == 0 {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })
        .collect();
    let rendered = Rendered {
        message: clean(&format!(
            "{}: {}",
            sources.location(diagnostic.span),
            diagnostic.message
        ))
        .into_owned(),
        code: Some(diagnostic.code.as_str().to_owned()),
        severity: match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: diagnostic.help.as_deref().map(|h| clean(h).into_owned()),
        source,
        labels,
    };
    let mut out = render(&rendered, style);
    out.push_str(&notes);
    out
}

/// Makes text from the input safe to print on a terminal: control characters (C0 and C1, DEL,
/// newlines included) and Unicode bidirectional overrides become visible escapes (`\x1b`,
/// `\u{202e}`), so a description cannot move the cursor, recolour the screen, forge a line of
/// output or reorder what the reader sees. Other text is returned as it is.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`clean`] for text of several lines: each line is cleaned and the line breaks are kept.
pub fn clean_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(&clean(body));
        out.push_str(newline);
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() && c != '\t' || is_bidi_control(c)
}

/// The Unicode characters that reorder displayed text (the "Trojan Source" set).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn push_escape(out: &mut String, c: char) {
    let code = u32::from(c);
    if code < 0x80 {
        let _ = write!(out, "\\x{code:02x}");
    } else {
        let _ = write!(out, "\\u{{{code:x}}}");
    }
}

/// Lines of context kept around the labelled spans (miette shows one).
const CONTEXT_LINES: usize = 2;
/// Longest line shown in a snippet, in characters; the rest is replaced by `…`.
const MAX_LINE_CHARS: usize = 400;
/// Most lines one label may cover in a snippet; longer labels are cut to their first line.
const MAX_LABEL_LINES: usize = 20;

/// The lines of one file around some spans, made safe for a terminal, as miette source code.
///
/// Cutting the excerpt from the file (rather than handing miette the whole text) keeps every
/// diagnostic O(lines shown) instead of O(file size): a 100 MB configuration with a million
/// warnings would otherwise copy and scan the file a million times.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the excerpt's first line in the file.
    first_line: usize,
}

/// One stretch of the excerpt: copied from the file, or replaced (an escape or a cut).
#[derive(Clone, Copy, Debug)]
struct Segment {
    /// Start in the file, relative to the excerpt's start.
    from: usize,
    /// Start in the excerpt text.
    to: usize,
    /// Bytes of excerpt text for a replacement; `None` for a copy.
    replaced: Option<usize>,
}

impl Excerpt {
    /// The excerpt of `file` covering `spans`, and each span moved into the excerpt.
    fn new(file: &SourceFile, spans: &[Span]) -> (Excerpt, Vec<SourceSpan>) {
        let text = file.text.as_str();
        let floor = |offset: u32| {
            let mut at = (offset as usize).min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        // Labels longer than MAX_LABEL_LINES are cut to their first line.
        let spans: Vec<(usize, usize)> = spans
            .iter()
            .map(|span| {
                let (start, end) = (floor(span.start), floor(span.end.max(span.start)));
                let (first, _) = file.line_col(start as u32);
                let (last, _) = file.line_col(end as u32);
                if last - first > MAX_LABEL_LINES {
                    let line_end = file.line_range(first).map_or(end, |(_, e)| e);
                    (start, line_end.max(start))
                } else {
                    (start, end)
                }
            })
            .collect();
        let lowest = spans.iter().map(|s| s.0).min().unwrap_or(0);
        let highest = spans.iter().map(|s| s.1).max().unwrap_or(0);
        let first_line = file
            .line_col(lowest as u32)
            .0
            .saturating_sub(CONTEXT_LINES)
            .max(1);
        let last_line = (file.line_col(highest as u32).0 + CONTEXT_LINES).min(file.line_count());
        let start = file.line_range(first_line).map_or(0, |(s, _)| s);
        let end = match file.line_range(last_line + 1) {
            Some((next, _)) => next,
            None => text.len(),
        };
        let (excerpt, segments) = sanitise(&text[start..end.max(start)]);
        let map = |offset: usize| map_offset(&segments, excerpt.len(), offset - start);
        let mapped = spans
            .iter()
            .map(|&(s, e)| {
                let (s, e) = (s.clamp(start, end), e.clamp(start, end));
                let (from, to) = (map(s), map(e));
                SourceSpan::new(from.into(), to.saturating_sub(from))
            })
            .collect();
        (
            Excerpt {
                name: clean(&file.path).into_owned(),
                text: excerpt,
                first_line: first_line - 1,
            },
            mapped,
        )
    }
}

/// Escapes what [`clean`] escapes (keeping line breaks) and cuts long lines, recording where
/// the text moved.
fn sanitise(text: &str) -> (String, Vec<Segment>) {
    let mut out = String::with_capacity(text.len());
    let mut segments: Vec<Segment> = Vec::new();
    let mut copying: Option<Segment> = None;
    let mut column = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let line_break = c == '\n' || c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
        if !line_break && column >= MAX_LINE_CHARS {
            // Cut the rest of the line.
            segments.extend(copying.take());
            while chars.peek().is_some_and(|&(_, n)| n != '\n' && n != '\r') {
                chars.next();
            }
            let to = out.len();
            out.push('…');
            segments.push(Segment {
                from: at,
                to,
                replaced: Some(out.len() - to),
            });
            column = 0;
            continue;
        }
        if line_break {
            column = 0;
        } else {
            column += 1;
        }
        if !line_break && needs_escape(c) {
            segments.extend(copying.take());
            let to = out.len();
            push_escape(&mut out, c);
            segments.push(Segment {
                from: at,
                to,
                replaced: Some(out.len() - to),
            });
        } else {
            if copying.is_none() {
                copying = Some(Segment {
                    from: at,
                    to: out.len(),
                    replaced: None,
                });
            }
            out.push(c);
        }
    }
    segments.extend(copying);
    (out, segments)
}

/// Where byte `offset` of the original text is in the sanitised text.
fn map_offset(segments: &[Segment], total: usize, offset: usize) -> usize {
    let idx = segments.partition_point(|s| s.from <= offset);
    let Some(segment) = idx.checked_sub(1).and_then(|i| segments.get(i)) else {
        return 0;
    };
    match segment.replaced {
        None => {
            let end = segments.get(idx).map_or(total, |n| n.to);
            (segment.to + (offset - segment.from)).min(end)
        }
        Some(_) if offset == segment.from => segment.to,
        Some(len) => segment.to + len,
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            // miette's own `str` source counts lines from the start of the file up to the end
            // of the context, and decides from it whether two labels share one snippet; counted
            // the same way here, snippets group exactly as they did over the whole file.
            inner.line_count() + self.first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Style {
        Style {
            color: false,
            width: 80,
        }
    }

    #[test]
    fn clean_escapes_controls_and_bidi_only() {
        assert_eq!(clean("plain text\twith tab"), "plain text\twith tab");
        assert_eq!(clean("a\x1b[31mred"), "a\\x1b[31mred");
        assert_eq!(clean("two\nlines\r"), "two\\x0alines\\x0d");
        assert_eq!(clean("x\u{202e}y\u{9b}z"), "x\\u{202e}y\\u{9b}z");
        assert_eq!(clean("café ✓"), "café ✓");
    }

    /// A diagnostic on a line holding an ANSI escape and a bidi override: the snippet shows
    /// them escaped, the label still points at the right words and the line number is right.
    #[test]
    fn snippets_escape_control_characters() {
        let mut sources = Sources::new();
        let text = "hostname r1\n!\ninterface Gi0/0\n description \x1b[2J\x1b[31mpwned\u{202e}x\n bogus line\n";
        let file = sources.add("r1.cfg", text);
        let at = text.find("bogus").unwrap();
        let d = Diagnostic::new(
            routeproof_parser::Code::UnrecognisedLine,
            Severity::Warning,
            Span::new(file, at, at + "bogus line".len()),
            "unrecognised \x1b]0;title\x07 line",
        );
        let out = diagnostic(&sources, &d, plain());
        assert!(!out.contains('\x1b'), "{out}");
        assert!(!out.contains('\u{202e}'), "{out}");
        assert!(out.contains("\\x1b[2J\\x1b[31mpwned\\u{202e}x"), "{out}");
        assert!(out.contains("r1.cfg:5:2"), "{out}");
        assert!(out.contains(" 5 │  bogus line"), "{out}");
    }

    /// Labels after escaped characters on the same line still underline the right text.
    #[test]
    fn labels_move_with_escapes() {
        let mut sources = Sources::new();
        let text = "x \x1b\x1b target y\n";
        let file = sources.add("a.cfg", text);
        let at = text.find("target").unwrap();
        let (excerpt, spans) = Excerpt::new(sources.file(file), &[Span::new(file, at, at + 6)]);
        let start = spans[0].offset();
        assert_eq!(&excerpt.text[start..start + spans[0].len()], "target");
    }

    /// A very long line is cut, and a label beyond the cut points at the cut.
    #[test]
    fn long_lines_are_cut() {
        let mut sources = Sources::new();
        let text = format!("hostname r1\n{}\nend\n", "a".repeat(100_000));
        let file = sources.add("a.cfg", text);
        let (excerpt, spans) = Excerpt::new(sources.file(file), &[Span::new(file, 50_000, 50_010)]);
        assert!(excerpt.text.len() < 1_000);
        assert!(excerpt.text.contains('…'));
        assert!(spans[0].offset() <= excerpt.text.len());
    }

    proptest::proptest! {
        /// Any text (multi-byte characters, control characters, CRLF, long lines) and any
        /// spans, even past the end or inside a character: no panic, mapped spans inside the
        /// excerpt, and a rendering whose headline names the right line.
        #[test]
        fn excerpts_never_panic(
            text in "([a-z é✓\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202e}]{0,30}(\\r?\\n)?){0,40}",
            spans in proptest::collection::vec((0usize..2_000, 0usize..200), 1..4),
        ) {
            let mut sources = Sources::new();
            let file = sources.add("p.cfg", text);
            let spans: Vec<Span> = spans
                .iter()
                .map(|&(start, len)| Span::new(file, start, start + len))
                .collect();
            let (excerpt, mapped) = Excerpt::new(sources.file(file), &spans);
            for span in &mapped {
                proptest::prop_assert!(span.offset() + span.len() <= excerpt.text.len());
            }
            let d = Diagnostic::new(
                routeproof_parser::Code::UnrecognisedLine,
                Severity::Warning,
                spans[0],
                "x",
            );
            let out = diagnostic(&sources, &d, plain());
            proptest::prop_assert!(out.contains(&sources.location(spans[0])), "{}", out);
            proptest::prop_assert!(
                !out.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{:?}",
                out
            );
        }
    }

    /// Only the lines near the span are kept, and miette is told where they are.
    #[test]
    fn excerpts_keep_line_numbers() {
        let mut sources = Sources::new();
        let text: String = (1..=10_000).map(|i| format!("line {i}\n")).collect();
        let file = sources.add("big.cfg", text.clone());
        let at = text.find("line 5000\n").unwrap();
        let d = Diagnostic::new(
            routeproof_parser::Code::UnrecognisedLine,
            Severity::Warning,
            Span::new(file, at, at + 9),
            "here",
        );
        let out = diagnostic(&sources, &d, plain());
        assert!(out.contains("big.cfg:5000:1"), "{out}");
        assert!(out.contains("5000 │ line 5000"), "{out}");
        assert!(!out.contains("line 4000"), "{out}");
    }
}
