//! Change scripts: replaying an operator's commands on a configuration (`routeproof apply`).
//!
//! Operators push lists of commands, not whole files. [`apply`] replays such a script on a
//! device's configuration the way an IOS-family device executes it, line by line:
//!
//! - A line is tried in the current mode, then in each enclosing mode up to global
//!   configuration; the first mode that accepts it gets it. A line no mode accepts is rejected
//!   and the mode does not change. `exit` leaves one mode, `exit-address-family` the address
//!   family, `end` configuration mode. This is the `Binder` (`ios::bind`) that also reads
//!   configuration files, here in its script setting.
//! - A context-opening line the device refuses (`router ospf 10 vrf X` before VRF X exists, a
//!   typo) leaves the mode unchanged, so the lines after it bind to the previous context. Whether
//!   an opener is refused is decided on the configuration *as the script has changed it so far*:
//!   a VRF defined earlier in the same script exists.
//! - Each accepted line edits the configuration: a context opener enters an existing block or
//!   creates it; `no X` removes what X names (a line, a neighbor's lines, a whole block);
//!   `default X` resets it; other lines replace the line with the same identity (see
//!   `identity`) or are added.
//! - Abbreviations from a small documented table are expanded (`int`, `no shut`, `conf t`,
//!   `exit-af`); `configure terminal`, `end`, `write memory` and `do ...` are understood, and
//!   configuration lines after `end` are rejected as in exec mode.
//!
//! The result is the new configuration rendered like `show running-config`, a binding trace
//! (each script line and the context it landed in), and diagnostics. A **mode slip** is a line
//! the device binds to another context than the script's indentation or block structure says:
//! the missing-`exit` mistake behind KT's outage of 25 October 2021, where lines meant for
//! another context landed in IS-IS and redistributed BGP into it. Slipped, rejected and invalid
//! script lines are errors: the script must not be pushed as it is.
//!
//! Start with [`apply`] and [`ChangeResult`]. Inside: `tree` holds the configuration as a tree
//! of lines and renders it, `edit` applies one accepted line to the tree, `identity` decides
//! which line a new line replaces, `script` knows abbreviations and session commands. The module
//! does no I/O.

mod edit;
mod identity;
mod script;
mod tree;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ios::bind::{Binder, Bound, Parse, Polarity, Strictness, strip_polarity};
use crate::ios::context::{AfName, Context};
use crate::ios::lines::{self, Line, LineKind};
use crate::ios::{self, Dialect, parse_line};
use crate::ir;
use crate::source::{FileId, Sources, Span};
use script::Session;
use tree::{Insert, NodeId, ROOT, Tree};

/// What replaying a change script produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeResult {
    /// The device's name: the base configuration's hostname (or its file name without one).
    pub device: String,
    /// The resulting configuration, rendered like `show running-config` (one space of
    /// indentation per level, `!` between top-level blocks, `end` last). Stable: the same input
    /// always gives the same text.
    pub text: String,
    /// For each line of `text`, where it came from: a line of the base configuration, a line of
    /// the script, or `None` for lines the rendering adds (`!`, `exit-address-family`, `end`).
    pub origins: Vec<Option<Span>>,
    /// One entry per script line that is not a comment, in script order.
    pub trace: Vec<Binding>,
    /// Findings, sorted by file and position. Script lines that were rejected, invalid or
    /// slipped are errors; lines routeproof does not know are warnings. Mode slips and rejected
    /// lines already present in the base configuration are included as warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl ChangeResult {
    /// True when some diagnostic is an error: the script does not do what it says.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// What happened to one script line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// The line as written, without indentation.
    pub span: Span,
    /// The line as applied (abbreviations expanded).
    pub text: String,
    /// Where it landed.
    pub landed: Landed,
    /// Set when the line binds to another context than the script's layout says.
    pub slip: Option<Slip>,
    /// What the line changed in the configuration.
    pub effect: Effect,
}

/// Where a script line landed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Landed {
    /// Accepted by the device in `context`.
    Context {
        /// The context, in words (`router isis CORE`, `global configuration`).
        context: String,
        /// The script lines that opened `context` and its enclosing contexts, outermost first
        /// (empty for global configuration).
        path: Vec<Span>,
        /// The block of the configuration the line went into (a base configuration line, or the
        /// script line that created it); `None` for global configuration.
        block: Option<Span>,
        /// The context the line opens, if it opens one.
        opens: Option<String>,
    },
    /// routeproof does not know the command; it is assumed to apply in `context`.
    Unknown {
        /// The context, in words.
        context: String,
        /// The script lines that opened `context`, outermost first.
        path: Vec<Span>,
    },
    /// The device rejects the line; the mode does not change.
    Rejected {
        /// Why, in words.
        reason: String,
    },
    /// A known command with invalid arguments; the device rejects it.
    Malformed {
        /// What is wrong, in words.
        reason: String,
    },
    /// `exit`, `exit-address-family` and friends.
    Exit {
        /// The context the device is in afterwards.
        context: String,
    },
    /// A session command: `configure terminal`, `end`, `write memory`, `do ...`.
    Session {
        /// What it does, in words.
        note: String,
    },
}

/// A mode slip: where the script's layout says a line belongs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slip {
    /// The line the layout puts it under (`None`: the top level).
    pub intended: Option<Span>,
    /// True when that line was a context opener the device rejected.
    pub intended_was_rejected: bool,
}

/// What a script line changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    /// Nothing (session commands, exits, rejected lines).
    None,
    /// A new line or block.
    Added,
    /// Entered a block that already exists (its opening line).
    Entered {
        /// The block's opening line.
        existing: Option<Span>,
    },
    /// Replaced the line(s) with the same identity.
    Replaced {
        /// The replaced lines.
        previous: Vec<Span>,
    },
    /// Added its values to an existing line (`match ip address prefix-list A` then `... B`).
    Merged {
        /// The line it merged into.
        into: Option<Span>,
    },
    /// Removed lines (`no ...`, `default ...`); possibly none.
    Removed {
        /// Every removed line, children of removed blocks included.
        lines: Vec<Span>,
    },
    /// The same line is already there.
    Unchanged {
        /// The existing line.
        existing: Option<Span>,
    },
}

/// Replays the script in file `script` of `sources` on the configuration in file `base`, both
/// of the IOS-family `dialect`. Never fails: every problem is a diagnostic or a trace entry.
pub fn apply(sources: &Sources, base: FileId, script: FileId, dialect: Dialect) -> ChangeResult {
    let base_text = sources.get(base).map_or("", |f| f.text.as_str());
    let base_name = sources
        .get(base)
        .map_or_else(|| "device".to_owned(), |f| crate::fallback_name(&f.path));
    let placed = ios::parse_device_placed(base, base_text, dialect, &base_name);
    let tree = Tree::from_placements(base, &placed.lines, placed.start, &placed.placements);
    let mut diagnostics: Vec<Diagnostic> = placed
        .diagnostics
        .into_iter()
        .filter(|d| matches!(d.code, Code::ModeSlip | Code::RejectedLine))
        .collect();
    let device_name = placed.device.name.clone();
    let hardware: BTreeSet<String> = placed
        .device
        .interfaces
        .keys()
        .filter(|name| is_physical(name))
        .cloned()
        .collect();
    let mut replay = Replay {
        tree,
        dialect,
        device: Some(placed.device),
        file: script,
        trace: Vec::new(),
        diagnostics: Vec::new(),
        frame_nodes: BTreeMap::new(),
        rejection: None,
        exec_since: None,
        spans: Vec::new(),
        vrf_moves: Vec::new(),
        hardware: (!hardware.is_empty() && dialect != Dialect::Frr && dialect != Dialect::IosXr)
            .then_some(hardware),
    };
    let script_text = sources.get(script).map_or("", |f| f.text.as_str());
    replay.run(script_text);
    replay.report_lost_addresses();
    diagnostics.append(&mut replay.diagnostics);
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start, d.code));
    let rendered = replay.tree.render(dialect);
    let mut text = String::new();
    let mut origins = Vec::with_capacity(rendered.len());
    for (line, origin) in rendered {
        text.push_str(&line);
        text.push('\n');
        origins.push(origin);
    }
    ChangeResult {
        device: device_name,
        text,
        origins,
        trace: replay.trace,
        diagnostics,
    }
}

/// Replays a Junos change script (`set` / `delete` / `deactivate` / `activate` lines, with
/// `edit`, `up`, `top` and `exit` moving the edit level) on the Junos configuration in file
/// `base`, which is in `format` (hierarchical or `set`). The result is rendered as `set` lines.
/// Never fails. See the `junos::replay` module for what is reported.
pub fn apply_junos(
    sources: &Sources,
    base: FileId,
    script: FileId,
    format: crate::Format,
) -> ChangeResult {
    let form = match format {
        crate::Format::JunosSet => crate::junos::Form::Set,
        _ => crate::junos::Form::Hierarchical,
    };
    crate::junos::replay::apply(sources, base, script, form)
}

/// The most recent context opener the device rejected, while the lines after it are still the
/// ones meant for it.
#[derive(Clone, Debug)]
struct Rejection {
    /// Its index among the script lines.
    index: usize,
    /// The context it would have opened.
    ctx: Context,
    /// Its indentation.
    indent: usize,
}

/// An interface moved to another VRF by a script line, and the addresses the device removed.
#[derive(Clone, Debug)]
struct VrfMove {
    /// The interface.
    node: NodeId,
    /// The line that changed the VRF.
    span: Span,
    /// The removed address lines.
    removed: Vec<Span>,
}

/// The replay state.
struct Replay {
    tree: Tree,
    dialect: Dialect,
    /// The device as the configuration stands, as far as vetting openers needs it (see
    /// `vetting_device`); `None` after an edit (it is derived again when an opener needs it).
    device: Option<ir::Device>,
    /// The script file.
    file: FileId,
    trace: Vec<Binding>,
    diagnostics: Vec<Diagnostic>,
    /// Tree node of each context the script opened, by the index of the opening script line.
    frame_nodes: BTreeMap<usize, NodeId>,
    rejection: Option<Rejection>,
    /// In exec mode: the line that left configuration mode (`None`: the script started there).
    exec_since: Option<Option<Span>>,
    /// The span of each script line as typed (before abbreviations were expanded).
    spans: Vec<Span>,
    /// Interfaces whose VRF the script changed, which made the device drop their addresses.
    vrf_moves: Vec<VrfMove>,
    /// The physical interfaces of the base configuration, when it lists any: the ports the
    /// device has. `None` turns the check off (a partial configuration says nothing about them).
    hardware: Option<BTreeSet<String>>,
}

/// What the script's parse function hands the binder: for `no` / `default` lines that name a
/// context (`no router ospf 10`, `default interface Gi0/1`), that context. Such lines never
/// enter a mode.
type Named = Option<Context>;

impl Replay {
    fn run(&mut self, text: &str) {
        let raw = lines::split(text, self.dialect.hash_comments());
        let expanded: Vec<Option<String>> = raw
            .iter()
            .map(|l| match l.kind {
                LineKind::Command => script::expand(l.text),
                _ => None,
            })
            .collect();
        let lines: Vec<Line<'_>> = raw
            .iter()
            .zip(&expanded)
            .map(|(l, e)| Line {
                text: e.as_deref().unwrap_or(l.text),
                ..l.clone()
            })
            .collect();
        self.spans = raw
            .iter()
            .map(|l| Span::new(self.file, l.offset, l.offset + l.text.len()))
            .collect();
        // A script that starts with `configure terminal` starts in exec mode; any other is taken
        // to be pasted in global configuration mode.
        let first = lines.iter().find(|l| l.kind == LineKind::Command);
        if first.is_some_and(|l| script::session(l.text) == Some(Session::Configure)) {
            self.exec_since = Some(None);
        }
        let mut binder = Binder::new(&lines, Strictness::Script);
        let mut last_node: Option<NodeId> = None;
        for index in 0..lines.len() {
            let line = &lines[index];
            let raw_line = &raw[index];
            let span = self.spans[index];
            match line.kind {
                LineKind::Comment => continue,
                LineKind::Body => {
                    if let Some(node) = last_node {
                        let verbatim = format!("{}{}", " ".repeat(raw_line.indent), raw_line.text);
                        self.tree.node_mut(node).body.push((verbatim, Some(span)));
                        self.device = None;
                    }
                    continue;
                }
                LineKind::Command => {}
            }
            last_node = None;
            let session = script::session(line.text);
            if self.exec_since.is_some() {
                self.exec_line(line, span, session, &mut binder, &lines);
                continue;
            }
            if let Some(session) = session {
                self.session_line(line, span, session);
                continue;
            }
            // `exit` in global configuration leaves configuration mode.
            if binder.stack().len() == 1 && is_word(line.text, "exit") {
                self.exec_since = Some(Some(span));
                self.rejection = None;
                self.record(
                    span,
                    line,
                    Landed::Session {
                        note: "leaves configuration mode".into(),
                    },
                );
                continue;
            }
            last_node = self.config_line(&lines, index, span, &mut binder);
        }
    }

    /// A line in exec mode.
    fn exec_line(
        &mut self,
        line: &Line<'_>,
        span: Span,
        session: Option<Session>,
        binder: &mut Binder,
        lines: &[Line<'_>],
    ) {
        let note = match session {
            Some(Session::Configure) => {
                self.exec_since = None;
                *binder = Binder::new(lines, Strictness::Script);
                self.frame_nodes.clear();
                "enters configuration mode"
            }
            Some(Session::Exec(_) | Session::Do | Session::End) => {
                "exec command; the configuration is unchanged"
            }
            None if is_word(line.text, "exit") => "ends the session",
            None => {
                let reason = "configuration commands are not accepted in exec mode";
                let mut diagnostic = Diagnostic::new(
                    Code::RejectedLine,
                    Severity::Error,
                    span,
                    format!("the device rejects this line: {reason}"),
                )
                .with_help(
                    "Configuration mode ended before this line; enter it again with `configure terminal`, or move the line before `end`.",
                );
                if let Some(Some(end)) = self.exec_since {
                    diagnostic = diagnostic.with_label(end, "configuration mode ends here");
                }
                self.diagnostics.push(diagnostic);
                self.record(
                    span,
                    line,
                    Landed::Rejected {
                        reason: reason.into(),
                    },
                );
                return;
            }
        };
        self.record(span, line, Landed::Session { note: note.into() });
    }

    /// A session command in configuration mode.
    fn session_line(&mut self, line: &Line<'_>, span: Span, session: Session) {
        let note = match session {
            Session::Configure => "already in configuration mode",
            Session::End => {
                self.exec_since = Some(Some(span));
                self.rejection = None;
                "leaves configuration mode"
            }
            Session::Do => "exec command (`do`); the configuration is unchanged",
            Session::Exec(command) => {
                // EOS, NX-OS and FRR's vtysh run exec commands in configuration mode; IOS wants
                // `do` in front.
                if !matches!(self.dialect, Dialect::Ios | Dialect::IosXe) {
                    "exec command; the configuration is unchanged"
                } else {
                    let reason =
                        format!("`{command}` is an exec command, not valid in configuration mode");
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::RejectedLine,
                            Severity::Error,
                            span,
                            format!("the device rejects this line: {reason}"),
                        )
                        .with_help("Prefix it with `do`, or put it after `end`."),
                    );
                    self.record(span, line, Landed::Rejected { reason });
                    return;
                }
            }
        };
        self.record(span, line, Landed::Session { note: note.into() });
    }

    /// A configuration line: binds it and applies it. Returns the node it wrote, if any.
    fn config_line(
        &mut self,
        lines: &[Line<'_>],
        index: usize,
        span: Span,
        binder: &mut Binder,
    ) -> Option<NodeId> {
        let line = &lines[index];
        let dialect = self.dialect;
        let mut vetted: Option<Context> = None;
        let bound = {
            let tree = &self.tree;
            let device = &mut self.device;
            let hardware = &self.hardware;
            binder.bind(
                lines,
                index,
                &mut |ctx, text, polarity| parse_script_line(ctx, text, polarity, dialect),
                &mut |ctx| {
                    vetted = Some(ctx.clone());
                    if let (Context::Interface(name), Some(ports)) = (ctx, hardware)
                        && is_physical(name)
                        && !ports.contains(name)
                    {
                        return Err(format!(
                            "interface {name} does not exist on this device (configuration creates logical interfaces, not ports)"
                        ));
                    }
                    ios::lower::vet(
                        dialect,
                        || &*device.get_or_insert_with(|| vetting_device(tree, dialect)),
                        ctx,
                    )
                },
            )
        };
        match bound {
            Bound::Comment => None,
            Bound::Exit => {
                self.rejection = None;
                let context = binder
                    .stack()
                    .last()
                    .map_or_else(|| Context::Global.describe(), |f| f.ctx.describe());
                self.record(span, line, Landed::Exit { context });
                None
            }
            Bound::Absorbed(opener) => {
                let parent = self.frame_nodes.get(&opener).copied().unwrap_or(ROOT);
                let (node, effect) = self.add_plain(parent, line.text, span, Insert::End);
                let context = describe_node(&self.tree, parent);
                self.trace.push(Binding {
                    span,
                    text: line.text.to_owned(),
                    landed: Landed::Context {
                        context,
                        path: self.path_of(binder, binder.stack().len().saturating_sub(1)),
                        block: self.tree.node(parent).origin,
                        opens: None,
                    },
                    slip: None,
                    effect,
                });
                node
            }
            Bound::Rejected(reason) => {
                self.reject_opener(binder, lines, index, span, vetted, &reason);
                None
            }
            Bound::Malformed(reason) => {
                self.diagnostics.push(Diagnostic::new(
                    Code::InvalidLine,
                    Severity::Error,
                    span,
                    format!("invalid line: {reason}"),
                ));
                self.record(span, line, Landed::Malformed { reason });
                None
            }
            Bound::Unknown {
                depth, opens_block, ..
            } => self.unknown_line(lines, index, span, binder, depth, opens_block),
            Bound::Stmt {
                stmt: named,
                depth,
                opened,
                slip,
            } => self.accepted_line(lines, index, span, binder, named, depth, opened, slip),
        }
    }

    /// A line no open context accepts: rejected when another kind of context knows it (the
    /// device says `% Invalid input`), else a line routeproof does not know, assumed to apply in
    /// the current context.
    fn unknown_line(
        &mut self,
        lines: &[Line<'_>],
        index: usize,
        span: Span,
        binder: &mut Binder,
        depth: usize,
        opens_block: bool,
    ) -> Option<NodeId> {
        let line = &lines[index];
        let (text, polarity) = strip_polarity(line.text);
        let ctx = binder.frame(depth).ctx.clone();
        if opens_block
            && let Some(taker) = self.children_belong_to_stack(lines, index, binder, depth)
        {
            return self.reject_unknown_opener(binder, line, index, span, depth, &taker);
        }
        if let Some(kinds) = known_elsewhere(text, polarity, self.dialect) {
            binder.discard_block(index);
            let reason = format!(
                "not a command of {} or any enclosing mode (it is a command of {kinds})",
                ctx.describe()
            );
            let mut diagnostic = Diagnostic::new(
                Code::RejectedLine,
                Severity::Error,
                span,
                format!("the device rejects this line: {reason}"),
            );
            if let Some(opener) = binder.frame(depth).opener {
                diagnostic = diagnostic.with_label(
                    self.script_span(opener),
                    format!("the device is in {} here", ctx.describe()),
                );
            }
            let help = match &self.rejection {
                Some(rejection) => {
                    let (number, text) = line_of(lines, self.script_span(rejection.index));
                    diagnostic = diagnostic.with_label(
                        self.script_span(rejection.index),
                        "the context the line was meant for was rejected here",
                    );
                    format!(
                        "The line has no effect. It was meant for `{text}` (line {number}), which the device rejected."
                    )
                }
                None => format!(
                    "The line has no effect. A {kinds} context must be open for it: is the line that opens it missing, or was it closed too early?"
                ),
            };
            self.diagnostics.push(diagnostic.with_help(help));
            self.record(span, line, Landed::Rejected { reason });
            return None;
        }
        self.diagnostics.push(Diagnostic::new(
            Code::UnrecognisedLine,
            Severity::Warning,
            span,
            format!(
                "routeproof does not know this command; assumed to apply in {}",
                ctx.describe()
            ),
        ));
        let parent = self.node_of_frame(binder, depth);
        let (node, effect) = if opens_block {
            let node = self.tree.push(
                parent,
                line.text.to_owned(),
                Some(span),
                Some(Context::Unrecognised),
                Insert::End,
            );
            self.device = None;
            self.frame_nodes.insert(index, node);
            (Some(node), Effect::Added)
        } else {
            self.add_plain(parent, line.text, span, Insert::End)
        };
        self.trace.push(Binding {
            span,
            text: line.text.to_owned(),
            landed: Landed::Unknown {
                context: ctx.describe(),
                path: self.path_of(binder, depth),
            },
            slip: None,
            effect,
        });
        node
    }

    /// For an unknown line with indented lines under it: the open context (other than global
    /// configuration) that accepts one of those lines, if any. Unknown block openers are usually
    /// commands routeproof does not model, whose lines mean nothing elsewhere; when the lines
    /// under one are commands of the context the device is in, the opener is almost certainly a
    /// typo the device rejects (`rotuer ospf 10`, `interfcae Gi0/2`), and those lines land in
    /// that context.
    fn children_belong_to_stack(
        &self,
        lines: &[Line<'_>],
        index: usize,
        binder: &Binder,
        depth: usize,
    ) -> Option<Context> {
        let indent = lines.get(index)?.indent;
        let contexts: Vec<&Context> = binder
            .stack()
            .iter()
            .take(depth + 1)
            .skip(1)
            .map(|f| &f.ctx)
            .filter(|c| !c.is_opaque())
            .collect();
        lines
            .get(index + 1..)?
            .iter()
            .filter(|l| l.kind == LineKind::Command)
            .take_while(|l| l.indent > indent)
            .find_map(|child| {
                let (text, polarity) = strip_polarity(child.text);
                contexts.iter().rev().find(|ctx| {
                    matches!(
                        parse_line(ctx, text, polarity, self.dialect),
                        Parse::Stmt { .. }
                    )
                })
            })
            .map(|ctx| (*ctx).clone())
    }

    /// An unknown block opener taken for a typo (see [`Replay::children_belong_to_stack`]).
    fn reject_unknown_opener(
        &mut self,
        binder: &mut Binder,
        line: &Line<'_>,
        index: usize,
        span: Span,
        depth: usize,
        taker: &Context,
    ) -> Option<NodeId> {
        binder.discard_block(index);
        let current = binder.frame(depth).ctx.clone();
        let reason = format!(
            "routeproof does not know this command, and the lines under it are commands of {}: the device most likely rejects it (a typo?)",
            taker.describe()
        );
        let mut diagnostic =
            Diagnostic::new(Code::RejectedLine, Severity::Error, span, reason.clone());
        if let Some(opener) = binder.frame(depth).opener {
            diagnostic = diagnostic.with_label(
                self.script_span(opener),
                format!("the device stays in {}", current.describe()),
            );
        }
        self.diagnostics
            .push(diagnostic.with_help(rejected_help(&current)));
        self.rejection = Some(Rejection {
            index,
            ctx: Context::Unrecognised,
            indent: line.indent,
        });
        self.record(span, line, Landed::Rejected { reason });
        None
    }

    /// A line the device accepts: edits the configuration, and reports a slip.
    // The binder's verdict arrives as separate values (it is destructured from `Bound`);
    // bundling them in a struct only to pass them here would add a type and no clarity.
    #[allow(clippy::too_many_arguments)]
    fn accepted_line(
        &mut self,
        lines: &[Line<'_>],
        index: usize,
        span: Span,
        binder: &Binder,
        named: Named,
        depth: usize,
        opened: bool,
        slip: Option<Option<usize>>,
    ) -> Option<NodeId> {
        let line = &lines[index];
        let (text, polarity) = strip_polarity(line.text);
        let slip = match slip {
            Some(intended) => Some(Slip {
                intended: intended.map(|i| self.script_span(i)),
                intended_was_rejected: intended.is_some()
                    && self.rejection.as_ref().map(|r| Some(r.index)) == Some(intended),
            }),
            None => self.block_structure_slip(line, text, polarity, depth, opened),
        };
        let parent = self.node_of_frame(binder, depth);
        let opens = if opened {
            binder.stack().last().map(|f| f.ctx.clone())
        } else {
            None
        };
        let (node, effect) = self.edit(parent, text, polarity, named, opens.clone(), span);
        self.drop_addresses_on_vrf_change(parent, text, &effect, span);
        if opened {
            self.rejection = None;
            if let Some(node) = node {
                self.frame_nodes.insert(index, node);
            }
        }
        let ctx = binder.frame(depth).ctx.clone();
        if let Some(slip) = &slip {
            self.report_slip(lines, binder, depth, &ctx, slip, span, parent);
        }
        self.trace.push(Binding {
            span,
            text: line.text.to_owned(),
            landed: Landed::Context {
                context: ctx.describe(),
                path: self.path_of(binder, depth),
                block: self.tree.node(parent).origin,
                opens: opens.map(|c| c.describe()),
            },
            slip,
            effect,
        });
        node
    }

    /// A context opener the device refused.
    fn reject_opener(
        &mut self,
        binder: &Binder,
        lines: &[Line<'_>],
        index: usize,
        span: Span,
        vetted: Option<Context>,
        reason: &str,
    ) {
        let line = &lines[index];
        let current = binder
            .stack()
            .last()
            .map_or(Context::Global, |f| f.ctx.clone());
        let mut diagnostic = Diagnostic::new(
            Code::RejectedLine,
            Severity::Error,
            span,
            format!("the device rejects this line: {reason}"),
        );
        if let Some(opener) = binder.stack().last().and_then(|f| f.opener) {
            diagnostic = diagnostic.with_label(
                self.script_span(opener),
                format!("the device stays in {}", current.describe()),
            );
        }
        diagnostic = diagnostic.with_help(rejected_help(&current));
        self.diagnostics.push(diagnostic);
        if let Some(ctx) = vetted {
            self.rejection = Some(Rejection {
                index,
                ctx,
                indent: line.indent,
            });
        }
        self.record(
            span,
            line,
            Landed::Rejected {
                reason: reason.to_owned(),
            },
        );
    }

    /// A slip found from block structure rather than indentation: after a rejected opener, a
    /// line written at the opener's indentation that the rejected context would have accepted,
    /// bound elsewhere. (Indented lines are judged by the binder from their indentation.)
    fn block_structure_slip(
        &mut self,
        line: &Line<'_>,
        text: &str,
        polarity: Polarity,
        depth: usize,
        opened: bool,
    ) -> Option<Slip> {
        let rejection = self.rejection.clone()?;
        if line.indent < rejection.indent || opened && depth == 0 {
            self.rejection = None;
            return None;
        }
        if line.indent > rejection.indent {
            return None;
        }
        let meant_for_it = matches!(
            parse_line(&rejection.ctx, text, polarity, self.dialect),
            Parse::Stmt { .. }
        );
        if !meant_for_it {
            self.rejection = None;
            return None;
        }
        Some(Slip {
            intended: Some(self.script_span(rejection.index)),
            intended_was_rejected: true,
        })
    }

    // The binder's verdict arrives as separate values (it is destructured from `Bound`);
    // bundling them in a struct only to pass them here would add a type and no clarity.
    #[allow(clippy::too_many_arguments)]
    fn report_slip(
        &mut self,
        lines: &[Line<'_>],
        binder: &Binder,
        depth: usize,
        ctx: &Context,
        slip: &Slip,
        span: Span,
        block: NodeId,
    ) {
        let path = self.path_of(binder, depth);
        // Consecutive lines that slip the same way are one mistake: the previous line's
        // diagnostic grows to cover this one (as for configuration files).
        let run = match self.trace.last() {
            Some(Binding {
                slip: Some(previous),
                landed:
                    Landed::Context {
                        path: previous_path,
                        ..
                    },
                ..
            }) if previous == slip && *previous_path == path => self
                .diagnostics
                .iter()
                .rposition(|d| d.code == Code::ModeSlip),
            _ => None,
        };
        let count = run.map_or(1, |i| self.slip_run_length(i) + 1);
        let (subject, layout) = if count == 1 {
            ("this line".to_owned(), "where its indentation puts it")
        } else {
            (
                format!("these {count} lines"),
                "where their indentation puts them",
            )
        };
        let where_meant = match (&slip.intended, slip.intended_was_rejected) {
            (Some(intended), rejected) => {
                let (number, text) = line_of(lines, *intended);
                if rejected {
                    format!("not to `{text}` (line {number}), which the device rejected")
                } else {
                    format!("not to `{text}` (line {number}) {layout}")
                }
            }
            (None, _) => format!("not to global configuration {layout}"),
        };
        let message = format!(
            "the device applies {subject} to {}, {where_meant}",
            ctx.describe()
        );
        if let Some(previous) = run.and_then(|i| self.diagnostics.get_mut(i)) {
            previous.span.end = span.end;
            previous.message = message;
            return;
        }
        let mut diagnostic = Diagnostic::new(Code::ModeSlip, Severity::Error, span, message);
        if let Some(opener) = binder.frame(depth).opener {
            diagnostic = diagnostic.with_label(
                self.script_span(opener),
                format!("still open: the line lands in {}", ctx.describe()),
            );
        }
        if let Some(intended) = slip.intended {
            let note = if slip.intended_was_rejected {
                "rejected, so the mode did not change"
            } else {
                "its layout places it under this line"
            };
            diagnostic = diagnostic.with_label(intended, note);
        }
        if let Some(origin) = self.tree.node(block).origin
            && origin.file != self.file
        {
            diagnostic =
                diagnostic.with_label(origin, format!("{} is configured here", ctx.describe()));
        }
        let help = if slip.intended_was_rejected {
            format!(
                "Close {} with `exit` before the rejected line, and make the rejected line acceptable to the device; otherwise the lines meant for it change {}.",
                ctx.describe(),
                ctx.describe()
            )
        } else if ctx.is_address_family() {
            format!(
                "An `exit-address-family` is missing before this line: without it the device stays in {}.",
                ctx.describe()
            )
        } else {
            format!(
                "An `exit` is missing before this line: without it the device stays in {}.",
                ctx.describe()
            )
        };
        self.diagnostics.push(diagnostic.with_help(help));
    }

    /// How many script lines the mode-slip diagnostic `index` covers (it grows over a run).
    fn slip_run_length(&self, index: usize) -> usize {
        let Some(diagnostic) = self.diagnostics.get(index) else {
            return 0;
        };
        self.trace
            .iter()
            .filter(|b| {
                b.slip.is_some()
                    && b.span.start >= diagnostic.span.start
                    && b.span.end <= diagnostic.span.end
            })
            .count()
    }

    /// The span of script line `index`, as typed.
    fn script_span(&self, index: usize) -> Span {
        self.spans
            .get(index)
            .copied()
            .unwrap_or(Span::new(self.file, 0, 0))
    }

    /// Spans of the script lines that opened the contexts of the stack up to `depth`.
    fn path_of(&self, binder: &Binder, depth: usize) -> Vec<Span> {
        binder
            .stack()
            .iter()
            .take(depth + 1)
            .filter_map(|f| f.opener)
            .map(|i| self.script_span(i))
            .collect()
    }

    /// The tree node of the context at `depth` of the binder's stack.
    fn node_of_frame(&self, binder: &Binder, depth: usize) -> NodeId {
        binder
            .stack()
            .get(depth)
            .and_then(|f| f.opener)
            .and_then(|i| self.frame_nodes.get(&i).copied())
            .filter(|&n| !self.tree.node(n).removed)
            .unwrap_or(ROOT)
    }

    fn record(&mut self, span: Span, line: &Line<'_>, landed: Landed) {
        self.trace.push(Binding {
            span,
            text: line.text.to_owned(),
            landed,
            slip: None,
            effect: Effect::None,
        });
    }
}

/// Parses a script line for the binder. `no` and `default` lines never enter a mode; when they
/// name a context (`no router ospf 10`), the context is handed on as the statement.
fn parse_script_line(
    ctx: &Context,
    text: &str,
    polarity: Polarity,
    dialect: Dialect,
) -> Parse<Named> {
    match parse_line(ctx, text, polarity, dialect) {
        Parse::Stmt { opens, .. } if polarity == Polarity::Set => Parse::Stmt { stmt: None, opens },
        Parse::Stmt { opens, .. } => {
            let named = opens.or_else(|| match parse_line(ctx, text, Polarity::Set, dialect) {
                Parse::Stmt { opens, .. } => opens,
                _ => None,
            });
            Parse::Stmt {
                stmt: named,
                opens: None,
            }
        }
        Parse::Malformed(reason) => Parse::Malformed(reason),
        Parse::NotHere => Parse::NotHere,
    }
}

/// When no mode on the stack knows a line, whether some other mode does: then the device rejects
/// it (IOS prints `% Invalid input`) rather than it being a command routeproof does not know.
/// Returns the kinds of context that know it, in words.
fn known_elsewhere(text: &str, polarity: Polarity, dialect: Dialect) -> Option<String> {
    let probes: [(&str, Context); 8] = [
        ("interface", Context::Interface("Loopback0".into())),
        (
            "router ospf",
            Context::RouterOspf {
                id: "1".into(),
                vrf: None,
            },
        ),
        ("router isis", Context::RouterIsis { tag: String::new() }),
        ("router bgp", Context::RouterBgp { asn: 1 }),
        (
            "router bgp",
            Context::BgpAf {
                vrf: None,
                family: AfName::Ipv4Unicast,
            },
        ),
        (
            "route-map",
            Context::RouteMap {
                name: "X".into(),
                seq: 10,
            },
        ),
        (
            "ip access-list",
            Context::Acl {
                name: "X".into(),
                standard: false,
                ipv6: false,
            },
        ),
        ("vrf definition", Context::Vrf { name: "X".into() }),
    ];
    let mut kinds: Vec<&str> = probes
        .iter()
        .filter(|(_, ctx)| matches!(parse_line(ctx, text, polarity, dialect), Parse::Stmt { .. }))
        .map(|(name, _)| *name)
        .collect();
    kinds.dedup();
    match kinds.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
    }
}

/// The device as `tree` configures it, as far as vetting openers looks at it (`lower::vet`): its
/// VRFs with their route distinguishers, and its BGP process's AS number. These are read from
/// the top-level blocks of the tree the way lowering the rendered configuration finds them (a
/// VRF per `vrf definition` block, its `rd` lines; the first `router bgp` block, or FRR's
/// `router bgp N vrf V`), without rendering and parsing the whole configuration again: that made
/// replay quadratic, since every opener after an edit re-parsed everything.
fn vetting_device(tree: &Tree, dialect: Dialect) -> ir::Device {
    let mut device = ir::Device::default();
    for &child in tree.children(ROOT) {
        let node = tree.node(child);
        let span = node.origin.unwrap_or(Span::new(FileId(u32::MAX), 0, 0));
        match &node.opens {
            Some(ctx @ Context::Vrf { name }) => {
                let vrf = device.vrfs.entry(name.clone()).or_insert_with(|| ir::Vrf {
                    name: name.clone(),
                    span,
                    ..ir::Vrf::default()
                });
                for &line in tree.children(child) {
                    let line = tree.node(line);
                    let (text, polarity) = strip_polarity(line.text().trim_start());
                    if let Parse::Stmt {
                        stmt: ios::ast::Stmt::Vrf(ios::ast::Vrf::Rd(rd)),
                        ..
                    } = parse_line(ctx, text, polarity, dialect)
                    {
                        let span = line.origin.unwrap_or(span);
                        vrf.rd = Some(ir::Spanned::new(rd.to_owned(), span));
                    }
                }
            }
            Some(Context::RouterBgp { asn }) if device.bgp.is_none() => {
                device.bgp = Some(ir::BgpProcess {
                    asn: *asn,
                    span,
                    ..ir::BgpProcess::default()
                });
            }
            Some(Context::BgpVrf { .. }) if device.bgp.is_none() => {
                let asn = node
                    .text()
                    .split_whitespace()
                    .nth(2)
                    .and_then(|a| ios::parse::parse_asn(a).ok())
                    .unwrap_or(0);
                device.bgp = Some(ir::BgpProcess {
                    asn,
                    span,
                    ..ir::BgpProcess::default()
                });
            }
            _ => {}
        }
    }
    #[cfg(test)]
    vetting_device_agrees(tree, dialect, &device);
    device
}

/// In tests, [`vetting_device`] is checked against the device parsed from the rendered tree, the
/// way it was derived before (slow, but the definition).
#[cfg(test)]
fn vetting_device_agrees(tree: &Tree, dialect: Dialect, fast: &ir::Device) {
    let text = tree.text(dialect);
    let full = ios::parse_device(FileId(u32::MAX), &text, dialect, "device").0;
    let facts = |d: &ir::Device| {
        let vrfs: BTreeMap<String, bool> = d
            .vrfs
            .iter()
            .map(|(name, vrf)| (name.clone(), vrf.rd.is_some()))
            .collect();
        (vrfs, d.bgp.as_ref().map(|b| b.asn))
    };
    let (full_vrfs, full_asn) = facts(&full);
    let (fast_vrfs, fast_asn) = facts(fast);
    assert_eq!(full_asn, fast_asn, "BGP AS of\n{text}");
    // The VRF checks are the IOS / IOS-XE ones (Cumulus' interfaces section defines VRFs too).
    if matches!(dialect, Dialect::Ios | Dialect::IosXe) {
        assert_eq!(full_vrfs, fast_vrfs, "VRFs of\n{text}");
    }
}

/// Interface types that are ports: configuration cannot create them. Loopbacks, tunnels,
/// VLAN interfaces, port-channels and subinterfaces (a `.` in the name) it can.
const PORT_TYPES: &[&str] = &[
    "GigabitEthernet",
    "FastEthernet",
    "TenGigabitEthernet",
    "TwentyFiveGigE",
    "FortyGigabitEthernet",
    "HundredGigE",
    "FourHundredGigE",
    "Ethernet",
    "Serial",
];

/// True for a port (by canonical name): see [`PORT_TYPES`].
fn is_physical(name: &str) -> bool {
    let kind = name
        .split(|c: char| c.is_ascii_digit())
        .next()
        .unwrap_or(name);
    PORT_TYPES.contains(&kind) && !name.contains('.')
}

/// `ip address ...` or `ipv6 address ...` (also negated).
fn is_address_line(node: &tree::Node) -> bool {
    let words: Vec<&str> = node.positive_text().split_whitespace().collect();
    identity::starts_with_words(&words, &["ip", "address"])
        || identity::starts_with_words(&words, &["ipv6", "address"])
}

/// What the device does after a rejected line, in a help sentence.
fn rejected_help(current: &Context) -> String {
    if *current == Context::Global {
        "The mode does not change: the lines after it are tried in global configuration.".into()
    } else {
        format!(
            "The mode does not change: the lines after it are tried in {} first, and land there if it accepts them.",
            current.describe()
        )
    }
}

/// The 1-based number and the text of the script line at `span`.
fn line_of<'a>(lines: &[Line<'a>], span: Span) -> (usize, &'a str) {
    lines
        .iter()
        .find(|l| l.offset == span.start as usize)
        .map_or((0, ""), |l| (l.number + 1, l.text))
}

fn describe_node(tree: &Tree, node: NodeId) -> String {
    match &tree.node(node).opens {
        Some(ctx) if ctx.is_opaque() => format!("block `{}`", tree.node(node).text().trim()),
        Some(ctx) => ctx.describe(),
        None => Context::Global.describe(),
    }
}

fn is_bgp(ctx: &Context) -> bool {
    matches!(
        ctx,
        Context::RouterBgp { .. }
            | Context::BgpVrf { .. }
            | Context::BgpAf { .. }
            | Context::BgpPeer { .. }
            | Context::BgpPeerAf { .. }
    )
}

/// True when `text` is exactly the keyword `word`.
fn is_word(text: &str, word: &str) -> bool {
    text.trim().eq_ignore_ascii_case(word)
}

/// Compares two lines word by word (whitespace is not significant to the device).
fn words_differ(a: &str, b: &str) -> bool {
    !a.split_whitespace().eq(b.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small IS-IS + BGP router, the base of most cases.
    const BASE: &str = "\
hostname r1
!
interface Loopback0
 ip address 10.255.0.1 255.255.255.255
 ip router isis CORE
!
interface GigabitEthernet0/1
 description old
 no ip address
 shutdown
!
router isis CORE
 net 49.0001.0000.0000.0001.00
 passive-interface Loopback0
!
router bgp 64500
 neighbor 10.255.0.2 remote-as 64500
 neighbor 10.255.0.2 update-source Loopback0
 neighbor 203.0.113.1 remote-as 65010
 !
 address-family ipv4
  neighbor 10.255.0.2 activate
  neighbor 203.0.113.1 activate
  neighbor 203.0.113.1 route-map IN in
 exit-address-family
!
route-map IN permit 10
 match ip address prefix-list A
!
ip prefix-list A seq 5 permit 10.0.0.0/8
!
end
";

    fn run(base: &str, script: &str) -> (Sources, ChangeResult) {
        let mut sources = Sources::new();
        let base_id = sources.add("r1.cfg", base);
        let script_id = sources.add("change.txt", script);
        let result = apply(&sources, base_id, script_id, Dialect::Ios);
        (sources, result)
    }

    /// Replays `script` on `base` and prints the trace, the diagnostics and the lines of the
    /// result that came from the script (`+`), for inline snapshots.
    fn check(base: &str, script: &str) -> String {
        let (sources, result) = run(base, script);
        let mut out = String::new();
        for b in &result.trace {
            let landed = match &b.landed {
                Landed::Context {
                    context,
                    opens: Some(o),
                    ..
                } => format!("{context} opens {o}"),
                Landed::Context { context, .. } => context.clone(),
                Landed::Unknown { context, .. } => format!("unknown in {context}"),
                Landed::Rejected { reason } => format!("REJECTED {reason}"),
                Landed::Malformed { reason } => format!("MALFORMED {reason}"),
                Landed::Exit { context } => format!("exit to {context}"),
                Landed::Session { note } => format!("session: {note}"),
            };
            let effect = match &b.effect {
                Effect::None => String::new(),
                Effect::Removed { lines } => format!(" [removed {}]", lines.len()),
                other => format!(
                    " [{}]",
                    format!("{other:?}").split([' ', '{']).next().unwrap_or("")
                ),
            };
            let slip = if b.slip.is_some() { " SLIP" } else { "" };
            out.push_str(&format!(
                "{}: {} -> {landed}{effect}{slip}\n",
                sources.line(b.span),
                b.text
            ));
        }
        for d in &result.diagnostics {
            out.push_str(&format!(
                "{} {:?} {}: {}\n",
                sources.location(d.span),
                d.severity,
                d.code,
                d.message
            ));
        }
        out.push_str("--\n");
        for (line, origin) in result.text.lines().zip(&result.origins) {
            if origin.is_some_and(|o| o.file == FileId(1)) {
                out.push_str(&format!("+{line}\n"));
            }
        }
        out
    }

    /// The resulting configuration of replaying `script` on `base`.
    fn result_text(base: &str, script: &str) -> String {
        run(base, script).1.text
    }

    /// The device the resulting configuration describes.
    fn result_device(base: &str, script: &str) -> ir::Device {
        let text = result_text(base, script);
        ios::parse_device(FileId(0), &text, Dialect::Ios, "r1").0
    }

    // IOS-XR: entering a route-policy again replaces its whole body (the RPL editor's rule),
    // its indented lines are not slips, `end-policy` and `root` close modes, and an OSPF
    // interface's cost replaces the previous one. Expected: the resulting configuration ends
    // the policy with `end-policy` and parses to the new policy and cost.
    #[test]
    fn iosxr_policy_bodies_are_replaced_whole() {
        let base = "hostname xr1\ninterface Loopback0\n ipv4 address 10.0.0.1/32\n!\nroute-policy OUT\n  if destination in (10.0.0.0/8 le 32) then\n    pass\n  else\n    drop\n  endif\nend-policy\n!\nrouter ospf 1\n area 0\n  interface Loopback0\n   cost 2\n  !\n !\n!\nend\n";
        let script = "route-policy OUT\n  if destination in (192.0.2.0/24) then\n    drop\n  endif\n  pass\nend-policy\nrouter ospf 1\n area 0\n  interface Loopback0\n   cost 7\nroot\n";
        let mut sources = Sources::new();
        let base_id = sources.add("xr1.cfg", base);
        let script_id = sources.add("change.txt", script);
        let result = apply(&sources, base_id, script_id, Dialect::IosXr);
        assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
        assert!(result.text.contains("end-policy"), "{}", result.text);
        assert!(!result.text.contains("else"), "{}", result.text);
        assert!(!result.text.contains("cost 2"), "{}", result.text);
        let device = ios::parse_device(FileId(0), &result.text, Dialect::IosXr, "xr1").0;
        let policy = &device.route_policies["OUT"];
        assert_eq!(policy.clauses.len(), 3, "{policy:?}");
        assert_eq!(policy.clauses[0].result, ir::policy::ClauseResult::Deny);
        assert_eq!(device.ospf[0].interfaces[0].cost, Some(7));
    }

    // The KT class: after `router isis CORE` with no `exit`, a rejected `router ospf 10 vrf ENT-A`
    // leaves the device in IS-IS, and the `redistribute bgp` meant for OSPF lands in IS-IS. The
    // slip is found from indentation.
    #[test]
    fn kt_2021_rejected_opener_after_missing_exit() {
        let script = "router isis CORE\n passive-interface Loopback0\nrouter ospf 10 vrf ENT-A\n redistribute bgp 64500 route-map ENT-A-TO-CE\n";
        insta::assert_snapshot!(check(BASE, script), @r"
        1: router isis CORE -> global configuration opens router isis CORE [Entered]
        2: passive-interface Loopback0 -> router isis CORE [Unchanged]
        3: router ospf 10 vrf ENT-A -> REJECTED vrf ENT-A does not exist
        4: redistribute bgp 64500 route-map ENT-A-TO-CE -> router isis CORE [Added] SLIP
        change.txt:3:1 Error routeproof::parse::rejected_line: the device rejects this line: vrf ENT-A does not exist
        change.txt:4:2 Error routeproof::parse::mode_slip: the device applies this line to router isis CORE, not to `router ospf 10 vrf ENT-A` (line 3), which the device rejected
        --
        + redistribute bgp 64500 route-map ENT-A-TO-CE
        ");
        let device = result_device(BASE, script);
        assert_eq!(
            device.isis[0].redistribute[0].source,
            ir::routing::RouteSource::Bgp(Some(64500))
        );
        assert!(device.ospf.is_empty());
    }

    // The same mistake in a script without indentation: the block structure (the lines after a
    // rejected opener that the rejected context would have accepted) says where they belong.
    #[test]
    fn kt_2021_flat_script_slips_by_block_structure() {
        let script = "router isis CORE\nrouter ospf 10 vrf ENT-A\nredistribute bgp 64500 route-map ENT-A-TO-CE\ninterface Loopback0\ndescription lo\n";
        insta::assert_snapshot!(check(BASE, script), @"
        1: router isis CORE -> global configuration opens router isis CORE [Entered]
        2: router ospf 10 vrf ENT-A -> REJECTED vrf ENT-A does not exist
        3: redistribute bgp 64500 route-map ENT-A-TO-CE -> router isis CORE [Added] SLIP
        4: interface Loopback0 -> global configuration opens interface Loopback0 [Entered]
        5: description lo -> interface Loopback0 [Added]
        change.txt:2:1 Error routeproof::parse::rejected_line: the device rejects this line: vrf ENT-A does not exist
        change.txt:3:1 Error routeproof::parse::mode_slip: the device applies this line to router isis CORE, not to `router ospf 10 vrf ENT-A` (line 2), which the device rejected
        --
        + description lo
        + redistribute bgp 64500 route-map ENT-A-TO-CE
        ");
    }

    // A VRF defined earlier in the same script exists when the opener is vetted, and a missing
    // `exit` alone is harmless when the next opener is accepted: the device falls back to global
    // configuration and enters OSPF.
    #[test]
    fn vetting_sees_earlier_script_lines_and_fallback_enters_the_next_context() {
        let script = "vrf definition ENT-A\n rd 64500:101\nrouter isis CORE\n passive-interface Loopback0\nrouter ospf 10 vrf ENT-A\n redistribute bgp 64500 route-map ENT-A-TO-CE\n";
        let (_, result) = run(BASE, script);
        assert!(!result.has_errors(), "{:#?}", result.diagnostics);
        let device = result_device(BASE, script);
        assert!(device.isis[0].redistribute.is_empty());
        assert_eq!(device.ospf[0].vrf.as_deref(), Some("ENT-A"));
        assert_eq!(device.ospf[0].redistribute.len(), 1);
    }

    // With the `exit` but without the VRF, the opener is still rejected, and the line meant for
    // it is rejected in global configuration instead of landing in IS-IS: loud, not silent.
    #[test]
    fn with_exit_the_orphaned_line_is_rejected_not_slipped() {
        let script = "router isis CORE\nexit\nrouter ospf 10 vrf ENT-A\n redistribute bgp 64500 route-map ENT-A-TO-CE\n";
        insta::assert_snapshot!(check(BASE, script), @r"
        1: router isis CORE -> global configuration opens router isis CORE [Entered]
        2: exit -> exit to global configuration
        3: router ospf 10 vrf ENT-A -> REJECTED vrf ENT-A does not exist
        4: redistribute bgp 64500 route-map ENT-A-TO-CE -> REJECTED not a command of global configuration or any enclosing mode (it is a command of router ospf, router isis or router bgp)
        change.txt:3:1 Error routeproof::parse::rejected_line: the device rejects this line: vrf ENT-A does not exist
        change.txt:4:2 Error routeproof::parse::rejected_line: the device rejects this line: not a command of global configuration or any enclosing mode (it is a command of router ospf, router isis or router bgp)
        --
        ");
        assert!(result_device(BASE, script).isis[0].redistribute.is_empty());
    }

    // A missing `exit-address-family`: the process-level neighbor lands in the VRF family.
    #[test]
    fn missing_exit_address_family() {
        let base = "hostname pe\nvrf definition CUST\n rd 1:1\nrouter bgp 64500\n";
        let script = "router bgp 64500\n address-family ipv4 vrf CUST\n  neighbor 10.0.0.2 remote-as 65001\n neighbor 192.0.2.9 remote-as 64500\n";
        insta::assert_snapshot!(check(base, script), @r"
        1: router bgp 64500 -> global configuration opens router bgp 64500 [Entered]
        2: address-family ipv4 vrf CUST -> router bgp 64500 opens router bgp address-family ipv4 vrf CUST [Added]
        3: neighbor 10.0.0.2 remote-as 65001 -> router bgp address-family ipv4 vrf CUST [Added]
        4: neighbor 192.0.2.9 remote-as 64500 -> router bgp address-family ipv4 vrf CUST [Added] SLIP
        change.txt:4:2 Error routeproof::parse::mode_slip: the device applies this line to router bgp address-family ipv4 vrf CUST, not to `router bgp 64500` (line 1) where its indentation puts it
        --
        + address-family ipv4 vrf CUST
        +  neighbor 10.0.0.2 remote-as 65001
        +  neighbor 192.0.2.9 remote-as 64500
        ");
        let fixed = "router bgp 64500\n address-family ipv4 vrf CUST\n  neighbor 10.0.0.2 remote-as 65001\n exit-af\n neighbor 192.0.2.9 remote-as 64500\n";
        let (_, result) = run(base, fixed);
        assert!(!result.has_errors(), "{:#?}", result.diagnostics);
        assert!(
            result
                .text
                .contains(" neighbor 192.0.2.9 remote-as 64500\n address-family ipv4 vrf CUST\n"),
            "{}",
            result.text
        );
    }

    // `no` lines remove what they name; a few are kept because they turn a default off.
    #[test]
    fn removals() {
        let script = "\
router bgp 64500
 no neighbor 203.0.113.1
 address-family ipv4
  no neighbor 10.255.0.2 activate
interface GigabitEthernet0/1
 no shutdown
 no description
no route-map IN
no ip prefix-list A
no router isis CORE
";
        insta::assert_snapshot!(check(BASE, script), @r"
        1: router bgp 64500 -> global configuration opens router bgp 64500 [Entered]
        2: no neighbor 203.0.113.1 -> router bgp 64500 [removed 3]
        3: address-family ipv4 -> router bgp 64500 opens router bgp address-family ipv4 [Entered]
        4: no neighbor 10.255.0.2 activate -> router bgp address-family ipv4 [Replaced]
        5: interface GigabitEthernet0/1 -> global configuration opens interface GigabitEthernet0/1 [Entered]
        6: no shutdown -> interface GigabitEthernet0/1 [removed 1]
        7: no description -> interface GigabitEthernet0/1 [removed 1]
        8: no route-map IN -> global configuration [removed 2]
        9: no ip prefix-list A -> global configuration [removed 1]
        10: no router isis CORE -> global configuration [removed 3]
        --
        +  no neighbor 10.255.0.2 activate
        ");
        let text = result_text(BASE, script);
        assert!(!text.contains("203.0.113.1"), "{text}");
        assert!(!text.contains("\nrouter isis"), "{text}");
        assert!(
            text.contains("interface GigabitEthernet0/1\n no ip address\n!"),
            "{text}"
        );
    }

    // Settings replace the line with the same identity; route-map entries are found by name and
    // sequence number; prefix-list entries typed without `seq` get the next number; `match`
    // lines merge.
    #[test]
    fn replacements_and_merges() {
        let script = "\
int gi0/1
 description new
 ip address 192.0.2.1 255.255.255.0
 ip address 192.0.2.1 255.255.255.0
route-map IN deny 10
 match ip address prefix-list B
ip prefix-list A permit 172.16.0.0/12
ip prefix-list A permit 10.0.0.0/8
router bgp 64500
 neighbor 203.0.113.1 remote-as 65011
";
        insta::assert_snapshot!(check(BASE, script), @"
        1: interface gi0/1 -> global configuration opens interface GigabitEthernet0/1 [Entered]
        2: description new -> interface GigabitEthernet0/1 [Replaced]
        3: ip address 192.0.2.1 255.255.255.0 -> interface GigabitEthernet0/1 [Replaced]
        4: ip address 192.0.2.1 255.255.255.0 -> interface GigabitEthernet0/1 [Unchanged]
        5: route-map IN deny 10 -> global configuration opens route-map IN 10 [Replaced]
        6: match ip address prefix-list B -> route-map IN 10 [Merged]
        7: ip prefix-list A permit 172.16.0.0/12 -> global configuration [Added]
        8: ip prefix-list A permit 10.0.0.0/8 -> global configuration [Unchanged]
        9: router bgp 64500 -> global configuration opens router bgp 64500 [Entered]
        10: neighbor 203.0.113.1 remote-as 65011 -> router bgp 64500 [Replaced]
        --
        + description new
        + ip address 192.0.2.1 255.255.255.0
        + neighbor 203.0.113.1 remote-as 65011
        +route-map IN deny 10
        + match ip address prefix-list A B
        +ip prefix-list A seq 10 permit 172.16.0.0/12
        ");
    }

    // New blocks are created where the device would put them, with the interface's full name,
    // and plain lines go before sub-blocks so the rendering binds the same way.
    #[test]
    fn new_blocks_and_lines_before_sub_blocks() {
        let script = "interface Lo1\n ip address 10.255.1.1 255.255.255.255\nrouter bgp 64500\n neighbor 10.255.0.3 remote-as 64500\n";
        let text = result_text(BASE, script);
        assert!(
            text.contains("interface Loopback1\n ip address 10.255.1.1 255.255.255.255\n"),
            "{text}"
        );
        assert!(
            text.contains(" neighbor 10.255.0.3 remote-as 64500\n address-family ipv4\n"),
            "{text}"
        );
    }

    // `default interface X` empties the interface; `no passive-interface X` under
    // `passive-interface default` is kept, since it is what makes X active.
    #[test]
    fn defaults_and_stored_negations() {
        let base = "hostname r\ninterface Gi0/1\n description x\n ip address 10.0.0.1 255.255.255.0\nrouter ospf 1\n passive-interface default\n";
        let script = "default interface Gi0/1\nrouter ospf 1\n no passive-interface Gi0/1\n no passive-interface Gi0/1\n";
        insta::assert_snapshot!(check(base, script), @r"
        1: default interface Gi0/1 -> global configuration [removed 2]
        2: router ospf 1 -> global configuration opens router ospf 1 [Entered]
        3: no passive-interface Gi0/1 -> router ospf 1 [Added]
        4: no passive-interface Gi0/1 -> router ospf 1 [Unchanged]
        --
        + no passive-interface Gi0/1
        ");
        let text = result_text(base, script);
        assert!(text.contains("interface Gi0/1\n!"), "{text}");
    }

    // Session commands: `conf t` enters configuration mode, `write memory` there is an exec
    // command IOS rejects, `do` is fine, configuration lines after `end` are rejected, and
    // `configure terminal` enters configuration mode again.
    #[test]
    fn session_and_exec_mode() {
        let script = "conf t\nhostname r2\nwrite memory\ndo show run\nend\nhostname r3\nwr\nconfigure terminal\nhostname r4\nexit\nhostname r5\n";
        insta::assert_snapshot!(check(BASE, script), @r"
        1: configure terminal -> session: enters configuration mode
        2: hostname r2 -> global configuration [Replaced]
        3: write memory -> REJECTED `write` is an exec command, not valid in configuration mode
        4: do show run -> session: exec command (`do`); the configuration is unchanged
        5: end -> session: leaves configuration mode
        6: hostname r3 -> REJECTED configuration commands are not accepted in exec mode
        7: write memory -> session: exec command; the configuration is unchanged
        8: configure terminal -> session: enters configuration mode
        9: hostname r4 -> global configuration [Replaced]
        10: exit -> session: leaves configuration mode
        11: hostname r5 -> REJECTED configuration commands are not accepted in exec mode
        change.txt:3:1 Error routeproof::parse::rejected_line: the device rejects this line: `write` is an exec command, not valid in configuration mode
        change.txt:6:1 Error routeproof::parse::rejected_line: the device rejects this line: configuration commands are not accepted in exec mode
        change.txt:11:1 Error routeproof::parse::rejected_line: the device rejects this line: configuration commands are not accepted in exec mode
        --
        +hostname r4
        ");
    }

    // Lines routeproof does not know are warnings, kept in the context the device is in.
    #[test]
    fn unknown_lines_are_assumed_to_apply_in_the_current_context() {
        let script = "interface Loopback0\n frobnicate 3\n frobnicate 3\n";
        insta::assert_snapshot!(check(BASE, script), @r"
        1: interface Loopback0 -> global configuration opens interface Loopback0 [Entered]
        2: frobnicate 3 -> unknown in interface Loopback0 [Added]
        3: frobnicate 3 -> unknown in interface Loopback0 [Unchanged]
        change.txt:2:2 Warning routeproof::parse::unrecognised_line: routeproof does not know this command; assumed to apply in interface Loopback0
        change.txt:3:2 Warning routeproof::parse::unrecognised_line: routeproof does not know this command; assumed to apply in interface Loopback0
        --
        + frobnicate 3
        ");
    }

    // A typo in an opener (`rotuer`): routeproof does not know the line, but the lines under it
    // are IS-IS commands, so the device rejects it and they land in IS-IS.
    #[test]
    fn typo_in_an_opener_is_rejected_and_its_lines_slip() {
        let script = "router isis CORE\n passive-interface Loopback0\nrotuer ospf 10\n redistribute bgp 64500\n";
        insta::assert_snapshot!(check(BASE, script), @"
        1: router isis CORE -> global configuration opens router isis CORE [Entered]
        2: passive-interface Loopback0 -> router isis CORE [Unchanged]
        3: rotuer ospf 10 -> REJECTED routeproof does not know this command, and the lines under it are commands of router isis CORE: the device most likely rejects it (a typo?)
        4: redistribute bgp 64500 -> router isis CORE [Added] SLIP
        change.txt:3:1 Error routeproof::parse::rejected_line: routeproof does not know this command, and the lines under it are commands of router isis CORE: the device most likely rejects it (a typo?)
        change.txt:4:2 Error routeproof::parse::mode_slip: the device applies this line to router isis CORE, not to `rotuer ospf 10` (line 3), which the device rejected
        --
        + redistribute bgp 64500
        ");
        // An unknown block whose lines are unknown too is a command routeproof does not model.
        let legit = "router isis CORE\nfrobnicate 1\n wibble 2\n";
        let (_, result) = run(BASE, legit);
        assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    }

    // Ports cannot be created: a mistyped port is rejected, and without an `exit` the lines under
    // it change the previous interface. Logical interfaces are created.
    #[test]
    fn a_port_the_device_does_not_have_is_rejected() {
        let script = "interface GigabitEthernet0/1\n description a\ninterface GigabitEthernet0/9\n description b\ninterface Loopback9\n description c\n";
        insta::assert_snapshot!(check(BASE, script), @"
        1: interface GigabitEthernet0/1 -> global configuration opens interface GigabitEthernet0/1 [Entered]
        2: description a -> interface GigabitEthernet0/1 [Replaced]
        3: interface GigabitEthernet0/9 -> REJECTED interface GigabitEthernet0/9 does not exist on this device (configuration creates logical interfaces, not ports)
        4: description b -> interface GigabitEthernet0/1 [Replaced] SLIP
        5: interface Loopback9 -> global configuration opens interface Loopback9 [Added]
        6: description c -> interface Loopback9 [Added]
        change.txt:3:1 Error routeproof::parse::rejected_line: the device rejects this line: interface GigabitEthernet0/9 does not exist on this device (configuration creates logical interfaces, not ports)
        change.txt:4:2 Error routeproof::parse::mode_slip: the device applies this line to interface GigabitEthernet0/1, not to `interface GigabitEthernet0/9` (line 3), which the device rejected
        --
        + description b
        +interface Loopback9
        + description c
        ");
        assert!(is_physical("TenGigabitEthernet0/0/1"));
        assert!(!is_physical("TenGigabitEthernet0/0/1.100"));
        assert!(!is_physical("Loopback0"));
        assert!(!is_physical("Port-channel1"));
    }

    // IOS drops an interface's addresses when its VRF changes: the result has no address, and
    // unless a later line sets one again, a warning says so.
    #[test]
    fn a_vrf_change_removes_the_interface_addresses() {
        let script = "interface Loopback0\n vrf forwarding MGMT\n";
        insta::assert_snapshot!(check(BASE, script), @"
        1: interface Loopback0 -> global configuration opens interface Loopback0 [Entered]
        2: vrf forwarding MGMT -> interface Loopback0 [Added]
        change.txt:2:2 Warning routeproof::apply::side_effect: changing the VRF removes the interface's IP addresses, and the script does not set them again
        --
        + vrf forwarding MGMT
        ");
        assert!(!result_text(BASE, script).contains("10.255.0.1"));
        let readdressed =
            "interface Loopback0\n vrf forwarding MGMT\n ip address 10.255.0.1 255.255.255.255\n";
        let (_, result) = run(BASE, readdressed);
        assert!(result.diagnostics.is_empty(), "{:#?}", result.diagnostics);
        assert!(
            result
                .text
                .contains(" vrf forwarding MGMT\n ip address 10.255.0.1"),
            "{}",
            result.text
        );
    }

    /// The IR dump of `text` without line numbers (spans differ between a file and its
    /// rendering).
    fn dump(text: &str) -> String {
        let mut sources = Sources::new();
        let id = sources.add("r.cfg", text);
        let parsed = crate::parse_config_as(&sources, id, crate::Format::Ios(Dialect::Ios));
        let dump = ir::print::device(&parsed.device, &sources);
        dump.lines()
            .map(|l| l.rsplit_once(" @").map_or(l, |(head, _)| head))
            .collect::<Vec<_>>()
            .join("\n")
    }

    // Rendering a configuration through the tree keeps its meaning (the same IR), is stable
    // (rendering the rendering changes nothing), and never produces a slip.
    #[test]
    fn rendering_round_trips() {
        let flat = "hostname f\nrouter bgp 1\nneighbor 10.0.0.1 remote-as 2\naddress-family ipv4\nneighbor 10.0.0.1 activate\nexit-address-family\nline vty 0 4\ntransport input ssh\n";
        let banner = "hostname b\nbanner motd ^C\n  Authorised\n  access only ^C\ninterface Lo0\n ip address 10.0.0.1 255.255.255.255\n";
        for base in [BASE, flat, banner] {
            let rendered = result_text(base, "");
            assert_eq!(dump(base), dump(&rendered), "{rendered}");
            assert_eq!(result_text(&rendered, ""), rendered);
            let mut sources = Sources::new();
            let id = sources.add("r.cfg", rendered.as_str());
            let parsed = crate::parse_config_as(&sources, id, crate::Format::Ios(Dialect::Ios));
            assert!(
                parsed.diagnostics.iter().all(|d| d.code != Code::ModeSlip),
                "{rendered}"
            );
        }
        assert!(result_text(BASE, "").starts_with("hostname r1\n!\ninterface Loopback0\n"));
    }

    // A line indented under a statement that opens nothing is tried in that statement's
    // context, even after a sibling opened another (here `vrf router`): the first rendering
    // used to put ` line` under `exit router` and the second flat (found by the proptest below).
    #[test]
    fn ragged_dedent_under_a_childless_line_renders_stably() {
        let base = "exit router\n  vrf router\n line\n";
        let once = result_text(base, "");
        assert_eq!(once, "exit router\nvrf router\nline\n!\nend\n");
        assert_eq!(result_text(&once, ""), once);
    }

    // The result of a slipping script renders the slipped line where the device put it, so the
    // result itself parses without a slip and with the redistribution in IS-IS.
    #[test]
    fn result_of_a_slip_parses_cleanly() {
        let script = "router isis CORE\nrouter ospf 10 vrf X\n redistribute bgp 64500\n";
        let text = result_text(BASE, script);
        let mut sources = Sources::new();
        let id = sources.add("r.cfg", text.as_str());
        let parsed = crate::parse_config_as(&sources, id, crate::Format::Ios(Dialect::Ios));
        assert!(
            parsed.diagnostics.iter().all(|d| d.code != Code::ModeSlip),
            "{text}"
        );
        assert_eq!(parsed.device.isis[0].redistribute.len(), 1);
    }

    proptest::proptest! {
        // Replay never panics, whatever the script and base, and its result renders stably.
        #[test]
        fn replay_never_panics(
            base in proptest::collection::vec(line_strategy(), 0..12),
            script in proptest::collection::vec(line_strategy(), 0..12),
        ) {
            let base = base.join("\n");
            let script = script.join("\n");
            let (_, result) = run(&base, &script);
            proptest::prop_assert_eq!(result.origins.len(), result.text.lines().count());
            // A banner (or `^C`-quoted message) without its closing delimiter swallows the lines
            // after it differently once they are rendered after it; well-formed banners are
            // checked in `rendering_round_trips`.
            if !base.contains("banner") && !base.contains("^C") {
                proptest::prop_assert_eq!(result_text(&result.text, ""), result.text);
            }
        }
    }

    /// Lines built from configuration words, indentation, and some noise.
    fn line_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop_oneof![
            Just("router"),
            Just("isis"),
            Just("ospf"),
            Just("bgp"),
            Just("10"),
            Just("vrf"),
            Just("definition"),
            Just("rd"),
            Just("1:1"),
            Just("X"),
            Just("interface"),
            Just("Gi0/1"),
            Just("no"),
            Just("default"),
            Just("exit"),
            Just("end"),
            Just("neighbor"),
            Just("1.1.1.1"),
            Just("remote-as"),
            Just("address-family"),
            Just("ipv4"),
            Just("redistribute"),
            Just("route-map"),
            Just("permit"),
            Just("ip"),
            Just("address"),
            Just("255.0.0.0"),
            Just("banner"),
            Just("motd"),
            Just("^C"),
            Just("conf"),
            Just("t"),
            Just("shut"),
            Just("int"),
            Just("match"),
            Just("prefix-list"),
            Just("seq"),
            Just("line"),
            Just("vty"),
            Just("description"),
            Just("\u{e9}\u{1f600}"),
            Just("!"),
            Just("#"),
            Just("\t"),
        ];
        (0usize..4, proptest::collection::vec(word, 0..7))
            .prop_map(|(indent, words)| format!("{}{}", " ".repeat(indent), words.join(" ")))
    }
}
