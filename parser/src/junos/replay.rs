//! Junos change scripts: `set` / `delete` / `deactivate` / `activate` replayed on a
//! configuration, with the CLI's edit level (`edit`, `up`, `top`, `exit`).
//!
//! A script line runs at the current edit level: `edit protocols bgp` then `set group X type
//! internal` sets `protocols bgp group X type internal`. This is where a Junos script goes
//! wrong the way KT's IOS script did: a line meant for another hierarchy runs under the edit
//! level left open. Two findings come from it:
//!
//! - a **mode slip** when the script's indentation says a line is outside an `edit` block
//!   (indented no deeper than the `edit` line) while the edit level still holds: the line lands
//!   under that `edit`, not where its layout puts it;
//! - a **rejected line** when a line at an edit level starts with a top-level hierarchy
//!   (`set protocols ...` under `edit protocols isis`) and the resulting path is not one
//!   routeproof knows: the device answers with a syntax error (`top set ...` was meant).
//!
//! Setting a leaf that holds one value (`description`, `peer-as`, `preference`...) replaces the
//! old value, as the device does. The result is the configuration as `set` lines (then
//! `deactivate` lines), like `show configuration | display set`.

use std::collections::BTreeMap;

use super::lex::{Token, tokenize};
use super::{Form, Op, Statement, Word};
use crate::change::{Binding, ChangeResult, Effect, Landed, Slip};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::{FileId, Sources, Span};

/// Leaves that hold one value: a new `set` replaces the old one. The last word before the value
/// is the leaf's name.
const SINGLE_VALUED: &[&str] = &[
    "host-name",
    "description",
    "peer-as",
    "local-as",
    "local-address",
    "type",
    "preference",
    "metric",
    "tag",
    "mtu",
    "vlan-id",
    "instance-type",
    "router-id",
    "autonomous-system",
    "route-distinguisher",
    "local-preference",
    "cluster",
    "reference-bandwidth",
    "hold-time",
];

/// Top-level hierarchies: a relative `set` that starts with one of these under an edit level
/// was meant for the top.
const TOP_LEVEL: &[&str] = &[
    "system",
    "interfaces",
    "routing-options",
    "routing-instances",
    "protocols",
    "policy-options",
    "firewall",
    "security",
    "chassis",
    "snmp",
    "groups",
    "class-of-service",
    "forwarding-options",
    "vlans",
];

/// Whether a path starting with `first` under the edit `levels` nests a top-level hierarchy
/// where none can be: only a routing instance, a logical system or a group holds them.
fn nests_top_level(levels: &[EditLevel], first: &str) -> bool {
    let path: Vec<&str> = levels
        .iter()
        .flat_map(|l| l.words.iter().map(|w| w.text.as_str()))
        .collect();
    !path.is_empty()
        && TOP_LEVEL.contains(&first)
        && !matches!(
            path.as_slice(),
            ["routing-instances" | "logical-systems" | "groups", _]
        )
}

/// The configuration being edited: `set` paths in order, and deactivated paths.
struct Config {
    sets: Vec<Option<Statement>>,
    index: BTreeMap<Vec<String>, usize>,
    deactivated: BTreeMap<Vec<String>, Span>,
}

fn key(words: &[Word]) -> Vec<String> {
    words.iter().map(|w| w.text.clone()).collect()
}

impl Config {
    fn new() -> Config {
        Config {
            sets: Vec::new(),
            index: BTreeMap::new(),
            deactivated: BTreeMap::new(),
        }
    }

    /// Removes every path under `prefix`; returns their spans.
    fn remove_under(&mut self, prefix: &[String]) -> Vec<Span> {
        let doomed: Vec<Vec<String>> = self
            .index
            .range(prefix.to_vec()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.clone())
            .collect();
        let mut spans = Vec::new();
        for k in doomed {
            if let Some(at) = self.index.remove(&k)
                && let Some(s) = self.sets[at].take()
            {
                spans.push(s.span);
            }
        }
        spans
    }

    fn apply(&mut self, statement: Statement) -> Effect {
        let k = key(&statement.words);
        match statement.op {
            Op::Set => {
                if let Some(&at) = self.index.get(&k) {
                    return Effect::Unchanged {
                        existing: self.sets[at].as_ref().map(|s| s.span),
                    };
                }
                let n = k.len();
                let mut previous = Vec::new();
                if n >= 2 && SINGLE_VALUED.contains(&k[n - 2].as_str()) {
                    previous = self.remove_under(&k[..n - 1]);
                }
                self.index.insert(k, self.sets.len());
                self.sets.push(Some(statement));
                if previous.is_empty() {
                    Effect::Added
                } else {
                    Effect::Replaced { previous }
                }
            }
            Op::Delete => {
                let mut lines = self.remove_under(&k);
                let doomed: Vec<Vec<String>> = self
                    .deactivated
                    .range(k.clone()..)
                    .take_while(|(d, _)| d.starts_with(&k))
                    .map(|(d, _)| d.clone())
                    .collect();
                for d in doomed {
                    if let Some(span) = self.deactivated.remove(&d) {
                        lines.push(span);
                    }
                }
                Effect::Removed { lines }
            }
            Op::Deactivate => {
                let lines: Vec<Span> = self
                    .index
                    .range(k.clone()..)
                    .take_while(|(p, _)| p.starts_with(&k))
                    .filter_map(|(_, &at)| self.sets[at].as_ref().map(|s| s.span))
                    .collect();
                self.deactivated.insert(k, statement.span);
                Effect::Removed { lines }
            }
            Op::Activate => match self.deactivated.remove(&k) {
                Some(span) => Effect::Removed { lines: vec![span] },
                None => Effect::None,
            },
        }
    }

    /// `set` lines, then `deactivate` lines, with the span each came from.
    fn render(&self) -> Vec<(String, Option<Span>)> {
        let mut out: Vec<(String, Option<Span>)> = self
            .sets
            .iter()
            .flatten()
            .map(|s| (format!("set {}", join(&s.words)), Some(s.span)))
            .collect();
        for (path, span) in &self.deactivated {
            let words: Vec<String> = path.iter().map(|w| quote(w)).collect();
            out.push((format!("deactivate {}", words.join(" ")), Some(*span)));
        }
        out
    }
}

fn quote(word: &str) -> String {
    if word.is_empty()
        || word
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '{' | '}' | ';' | '"' | '#' | '[' | ']'))
    {
        format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        word.to_owned()
    }
}

fn join(words: &[Word]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| quote(&w.text)).collect();
    quoted.join(" ")
}

/// An open `edit` level: its words and the line that opened it (with its indentation).
#[derive(Clone)]
struct EditLevel {
    words: Vec<Word>,
    span: Span,
    indent: usize,
}

/// Replays `script` on the Junos configuration `base` (in `form`).
pub(crate) fn apply(sources: &Sources, base: FileId, script: FileId, form: Form) -> ChangeResult {
    let base_text = sources.get(base).map_or("", |f| f.text.as_str());
    let base_name = sources
        .get(base)
        .map_or_else(|| "device".to_owned(), |f| crate::fallback_name(&f.path));
    let (device, base_diagnostics) = super::parse_device(base, base_text, form, &base_name);
    let mut diagnostics: Vec<Diagnostic> = base_diagnostics
        .into_iter()
        .filter(|d| matches!(d.code, Code::InvalidLine))
        .collect();
    let mut config = Config::new();
    let mut scratch = Vec::new();
    for statement in super::statements(base, base_text, form, &mut scratch) {
        config.apply(statement);
    }
    let text = sources.get(script).map_or("", |f| f.text.as_str());
    let mut trace = Vec::new();
    // Open edit levels, outermost first (each `edit` adds one).
    let mut levels: Vec<EditLevel> = Vec::new();
    // The last `edit` the device rejected, while the lines indented under it follow.
    let mut rejected_edit: Option<(Span, usize)> = None;
    for super::set::SetLine {
        at,
        line,
        indent,
        trimmed,
        span,
    } in super::set::lines(script, text)
    {
        if rejected_edit.is_some_and(|(_, i)| indent <= i) {
            rejected_edit = None;
        }
        let mut lexed = Vec::new();
        let tokens = tokenize(script, line, at, &mut lexed);
        let mut words: Vec<Word> = Vec::new();
        let mut odd = !lexed.is_empty();
        for token in tokens {
            match token {
                Token::Word(w) => words.push(w),
                Token::Newline(_) => {}
                _ => odd = true,
            }
        }
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        let context = |levels: &[EditLevel]| match levels.last() {
            Some(_) => format!(
                "edit {}",
                levels
                    .iter()
                    .flat_map(|l| l.words.iter().map(|w| quote(&w.text)))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            None => "top level".to_owned(),
        };
        let path_spans = |levels: &[EditLevel]| levels.iter().map(|l| l.span).collect::<Vec<_>>();
        let mut binding = Binding {
            span,
            text: trimmed.to_owned(),
            landed: Landed::Session {
                note: String::new(),
            },
            slip: None,
            effect: Effect::None,
        };
        if odd {
            binding.landed = Landed::Malformed {
                reason: "braces, `;`, a broken list or an unclosed quote in a command".into(),
            };
            diagnostics.push(Diagnostic::new(
                Code::InvalidLine,
                Severity::Error,
                span,
                "malformed command",
            ));
            trace.push(binding);
            continue;
        }
        // `top` prefixes a command to run at the top level.
        let (top, rest) = match texts.as_slice() {
            ["top", rest @ ..] if !rest.is_empty() => (true, 1),
            _ => (false, 0),
        };
        let command = &texts[rest..];
        let args = &words[rest..];
        match command {
            ["set" | "delete" | "deactivate" | "activate", ..] if args.len() >= 2 => {
                let op = match command[0] {
                    "set" => Op::Set,
                    "delete" => Op::Delete,
                    "deactivate" => Op::Deactivate,
                    _ => Op::Activate,
                };
                let base_words: Vec<Word> = if top {
                    Vec::new()
                } else {
                    levels.iter().flat_map(|l| l.words.clone()).collect()
                };
                let mut full = base_words.clone();
                full.extend(args[1..].iter().cloned());
                let statement = Statement {
                    op,
                    words: full.clone(),
                    span,
                };
                // A relative path starting with a top-level hierarchy: meant for the top.
                let meant_for_top = !top
                    && nests_top_level(&levels, command[1])
                    && !super::lower::recognised(&statement);
                if meant_for_top {
                    let ctx = context(&levels);
                    binding.landed = Landed::Rejected {
                        reason: format!(
                            "`{}` is not a statement under `{ctx}`; the device answers with a syntax error",
                            command[1]
                        ),
                    };
                    binding.slip = Some(Slip {
                        intended: None,
                        intended_was_rejected: false,
                    });
                    let opened = levels.first().map_or(span, |l| l.span);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::RejectedLine,
                            Severity::Error,
                            span,
                            format!("line runs under `{ctx}` and is rejected there"),
                        )
                        .with_label(opened, "this edit level is still open")
                        .with_help(
                            "Leave the edit level first (`top`, `up` or `exit`), or write `top set ...`.",
                        ),
                    );
                    trace.push(binding);
                    continue;
                }
                // Indented under an `edit` the device rejected: meant for that level, it lands
                // at the level still open.
                if !top && let Some((rejected, _)) = rejected_edit {
                    binding.slip = Some(Slip {
                        intended: Some(rejected),
                        intended_was_rejected: true,
                    });
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ModeSlip,
                            Severity::Error,
                            span,
                            format!(
                                "line meant for a rejected `edit` lands under `{}`",
                                context(&levels)
                            ),
                        )
                        .with_label(rejected, "this `edit` was rejected"),
                    );
                } else if !top
                    && let Some(innermost) = levels.last()
                    && indent <= innermost.indent
                {
                    let intended = levels
                        .iter()
                        .rev()
                        .find(|l| l.indent < indent)
                        .map(|l| l.span);
                    binding.slip = Some(Slip {
                        intended,
                        intended_was_rejected: false,
                    });
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ModeSlip,
                            Severity::Error,
                            span,
                            format!(
                                "line lands under `{}`, not where its indentation puts it",
                                context(&levels)
                            ),
                        )
                        .with_label(innermost.span, "this edit level is still open")
                        .with_help(
                            "An `up`, `top` or `exit` is probably missing before this line.",
                        ),
                    );
                }
                binding.text = format!("{} {}", command[0], join(&full));
                binding.landed = Landed::Context {
                    context: if top {
                        "top level".to_owned()
                    } else {
                        context(&levels)
                    },
                    path: if top { Vec::new() } else { path_spans(&levels) },
                    block: None,
                    opens: None,
                };
                if op == Op::Set && !super::lower::recognised(&statement) {
                    binding.landed = Landed::Unknown {
                        context: context(&levels),
                        path: path_spans(&levels),
                    };
                    diagnostics.push(Diagnostic::new(
                        Code::UnrecognisedLine,
                        Severity::Warning,
                        span,
                        format!("unrecognised statement `{}`", join(&full)),
                    ));
                }
                let effect = config.apply(statement);
                if op == Op::Delete
                    && matches!(&effect, Effect::Removed { lines } if lines.is_empty())
                {
                    diagnostics.push(Diagnostic::new(
                        Code::RejectedLine,
                        Severity::Warning,
                        span,
                        "nothing to delete: the statement is not in the configuration",
                    ));
                }
                binding.effect = effect;
            }
            ["edit", ..] if args.len() >= 2 => {
                if top {
                    levels.clear();
                }
                if nests_top_level(&levels, command[1]) {
                    let ctx = context(&levels);
                    binding.landed = Landed::Rejected {
                        reason: format!(
                            "`{}` is not a statement under `{ctx}`; the device answers with a syntax error and stays at its edit level",
                            command[1]
                        ),
                    };
                    binding.slip = Some(Slip {
                        intended: None,
                        intended_was_rejected: false,
                    });
                    let opened = levels.first().map_or(span, |l| l.span);
                    rejected_edit = Some((span, indent));
                    diagnostics.push(
                        Diagnostic::new(
                            Code::RejectedLine,
                            Severity::Error,
                            span,
                            format!("`edit` runs under `{ctx}` and is rejected there"),
                        )
                        .with_label(opened, "this edit level is still open")
                        .with_help("`edit` is relative to the current level: write `top edit ...`, or leave the level first."),
                    );
                    trace.push(binding);
                    continue;
                }
                levels.push(EditLevel {
                    words: args[1..].to_vec(),
                    span,
                    indent,
                });
                binding.landed = Landed::Context {
                    context: "top level".to_owned(),
                    path: Vec::new(),
                    block: None,
                    opens: Some(context(&levels)),
                };
            }
            ["top"] => {
                levels.clear();
                binding.landed = Landed::Exit {
                    context: context(&levels),
                };
            }
            ["up"] | ["up", _] | ["exit"] | ["quit"] => {
                let n = match command {
                    ["up", n] => n.parse::<usize>().unwrap_or(1),
                    _ => 1,
                };
                if levels.is_empty() && command[0] != "up" {
                    binding.landed = Landed::Session {
                        note: "leaves configuration mode".into(),
                    };
                } else {
                    for _ in 0..n {
                        levels.pop();
                    }
                    binding.landed = Landed::Exit {
                        context: context(&levels),
                    };
                }
            }
            ["configure", ..]
            | ["commit", ..]
            | ["show", ..]
            | ["run", ..]
            | ["status"]
            | ["compare", ..]
            | ["exit", "configuration-mode"]
            | ["annotate", ..]
            | ["protect", ..]
            | ["unprotect", ..] => {
                binding.landed = Landed::Session {
                    note: format!("`{}`: no change to the configuration", command[0]),
                };
            }
            _ => {
                binding.landed = Landed::Unknown {
                    context: context(&levels),
                    path: path_spans(&levels),
                };
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnrecognisedLine,
                        Severity::Warning,
                        span,
                        format!(
                            "`{}` is not replayed; its effect is not in the result",
                            texts.first().copied().unwrap_or("")
                        ),
                    )
                    .with_help("routeproof replays set, delete, deactivate, activate, edit, up, top and exit."),
                );
            }
        }
        trace.push(binding);
    }
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start, d.code));
    let rendered = config.render();
    let mut out = String::new();
    let mut origins = Vec::with_capacity(rendered.len());
    for (line, origin) in rendered {
        out.push_str(&line);
        out.push('\n');
        origins.push(origin);
    }
    ChangeResult {
        device: device.name,
        text: out,
        origins,
        trace,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(base: &str, script: &str) -> ChangeResult {
        let mut sources = Sources::new();
        let b = sources.add("r1.cfg", base);
        let s = sources.add("change.txt", script);
        let first = base
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        let set_form = ["set", "delete", "deactivate", "activate"]
            .iter()
            .any(|op| first.split_whitespace().next() == Some(op));
        let form = if set_form || first.is_empty() {
            Form::Set
        } else {
            Form::Hierarchical
        };
        apply(&sources, b, s, form)
    }

    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop_oneof![
            Just("set"),
            Just("delete"),
            Just("deactivate"),
            Just("activate"),
            Just("edit"),
            Just("top"),
            Just("up"),
            Just("exit"),
            Just("protocols"),
            Just("isis"),
            Just("interfaces"),
            Just("ge-0/0/0"),
            Just("unit"),
            Just("0"),
            Just("description"),
            Just("\"a b\""),
            Just("{"),
            Just("}"),
            Just("["),
            Just("]"),
            Just(";"),
            Just("\""),
        ];
        (0usize..6, proptest::collection::vec(word, 0..7))
            .prop_map(|(indent, words)| format!("{}{}", " ".repeat(indent), words.join(" ")))
    }

    proptest::proptest! {
        /// Any script on any `set` configuration: no panic, one origin per line, and the
        /// result read back as a configuration renders the same text.
        #[test]
        fn replay_never_panics_and_reads_back(
            base in proptest::collection::vec(line(), 0..10),
            script in proptest::collection::vec(line(), 0..10),
        ) {
            let base = base.join("\n");
            let result = run(&format!("set system host-name r1\n{base}"), &script.join("\n"));
            proptest::prop_assert_eq!(result.origins.len(), result.text.lines().count());
            let again = run(&result.text, "");
            proptest::prop_assert_eq!(again.text, result.text);
        }
    }

    #[test]
    fn set_delete_edit_levels() {
        let base = "system { host-name r1; }\ninterfaces { ge-0/0/0 { description old; unit 0 { family inet { address 10.0.0.1/24; } } } }\n";
        let script = "edit interfaces ge-0/0/0\n  set description new\n  delete unit 0 family inet address 10.0.0.1/24\n  set unit 0 family inet address 10.0.0.2/24\ntop\nset routing-options static route 0.0.0.0/0 next-hop 10.0.0.254\n";
        let result = run(base, script);
        assert!(!result.has_errors(), "{:#?}", result.diagnostics);
        assert_eq!(
            result.text,
            "set system host-name r1\nset interfaces ge-0/0/0 description new\nset interfaces ge-0/0/0 unit 0 family inet address 10.0.0.2/24\nset routing-options static route 0.0.0.0/0 next-hop 10.0.0.254\n"
        );
        assert!(matches!(result.trace[1].effect, Effect::Replaced { .. }));
    }

    /// The Junos form of KT's missing `exit`: a line meant for BGP runs under `edit protocols
    /// isis`. With indentation it is a slip; a path from the top under an edit level is a
    /// rejected line.
    #[test]
    fn lines_left_under_an_edit_level() {
        let base = "set system host-name r1\nset protocols isis interface lo0.0\n";
        let slipped = run(
            base,
            "edit protocols isis\n  set interface ge-0/0/0.0\nset export BGP-TO-ISIS\n",
        );
        assert!(slipped.has_errors());
        assert!(slipped.trace[2].slip.is_some());
        assert!(
            slipped
                .text
                .contains("set protocols isis export BGP-TO-ISIS")
        );
        let rejected = run(
            base,
            "edit protocols isis\nset interface ge-0/0/0.0\nset protocols bgp group X type internal\n",
        );
        assert!(rejected.has_errors());
        assert!(matches!(rejected.trace[2].landed, Landed::Rejected { .. }));
        assert!(!rejected.text.contains("bgp"));
    }
}
