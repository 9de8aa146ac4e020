//! Human output: parser diagnostics through miette, with the offending line shown.

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use routeproof_parser::{Diagnostic, Severity, Sources, Span};

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
    source: NamedSource<String>,
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

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
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
    let rendered = Rendered {
        message: format!("{}: {message}", sources.location(*first)),
        code: None,
        severity: match severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: None,
        source: NamedSource::new(file.path.clone(), file.text.clone()),
        labels: labels
            .iter()
            .enumerate()
            .map(|(i, (span, label))| {
                if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(label.clone()), source_span(*span))
                } else {
                    LabeledSpan::new_with_span(Some(label.clone()), source_span(*span))
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
    let file = sources.file(diagnostic.span.file);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        None,
        source_span(diagnostic.span),
    )];
    let mut notes = String::new();
    for (span, note) in &diagnostic.labels {
        if span.file == diagnostic.span.file {
            labels.push(LabeledSpan::new_with_span(
                Some(note.clone()),
                source_span(*span),
            ));
        } else {
            let _ = writeln!(notes, "  note: {}: {note}", sources.location(*span));
        }
    }
    let rendered = Rendered {
        message: format!(
            "{}: {}",
            sources.location(diagnostic.span),
            diagnostic.message
        ),
        code: Some(diagnostic.code.as_str().to_owned()),
        severity: match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: diagnostic.help.clone(),
        source: NamedSource::new(file.path.clone(), file.text.clone()),
        labels,
    };
    let mut out = render(&rendered, style);
    out.push_str(&notes);
    out
}
