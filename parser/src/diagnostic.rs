//! Diagnostics: what the parser tells the user about the input.
//!
//! Parsing never fails; everything noteworthy becomes a [`Diagnostic`] with a stable
//! [`Code`] and a [`Span`]. Diagnostics are plain data; the CLI attaches the source text and
//! renders them (with miette for humans).

use serde::{Deserialize, Serialize};

use crate::source::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information only.
    Info,
    /// Something the user should look at; the analysis goes on.
    Warning,
    /// Something wrong; for change scripts, the script must not be pushed.
    Error,
}

/// Stable diagnostic codes. The string form (`routeproof::parse::unrecognised_line`) is part of
/// the public interface: users suppress and grep for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// A line no grammar of the dialect recognises, in any enclosing mode.
    UnrecognisedLine,
    /// A known command whose arguments are invalid; the device would reject it.
    InvalidLine,
    /// A line the device would reject for a semantic reason (e.g. a VRF that does not exist).
    RejectedLine,
    /// A line that binds to another configuration mode than its indentation says.
    ModeSlip,
    /// A recognised feature that the verifier does not model.
    UnsupportedFeature,
    /// The configuration has no hostname; the file name is used.
    MissingHostname,
    /// The file is not valid UTF-8 and was read as Latin-1.
    Latin1,
    /// Configuration continues after an `end` line: a device leaves configuration mode at
    /// `end`, so whether the lines after it apply depends on how the file is loaded.
    AfterEnd,
    /// A multi-line banner or message is never closed: the rest of the file is its text.
    UnterminatedBanner,
    /// A change-script line that also changes something it does not name (the device removes an
    /// interface's addresses when its VRF changes).
    SideEffect,
}

impl Code {
    /// The stable string form.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnrecognisedLine => "routeproof::parse::unrecognised_line",
            Code::InvalidLine => "routeproof::parse::invalid_line",
            Code::RejectedLine => "routeproof::parse::rejected_line",
            Code::ModeSlip => "routeproof::parse::mode_slip",
            Code::UnsupportedFeature => "routeproof::parse::unsupported_feature",
            Code::MissingHostname => "routeproof::parse::missing_hostname",
            Code::Latin1 => "routeproof::parse::latin1",
            Code::AfterEnd => "routeproof::parse::after_end",
            Code::UnterminatedBanner => "routeproof::parse::unterminated_banner",
            Code::SideEffect => "routeproof::apply::side_effect",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message about the input, anchored at a span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Where.
    pub span: Span,
    /// Stable code.
    pub code: Code,
    /// How serious.
    pub severity: Severity,
    /// One line, starting lower case, no final full stop.
    pub message: String,
    /// Secondary locations with a note each (e.g. the context a slipped line lands in).
    pub labels: Vec<(Span, String)>,
    /// A full sentence saying what to do, if there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no labels or help.
    pub fn new(code: Code, severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            code,
            severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, note: impl Into<String>) -> Self {
        self.labels.push((span, note.into()));
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
