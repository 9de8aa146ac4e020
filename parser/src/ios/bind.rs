//! Mode binding: which configuration context each line lands in, the way the device decides it.
//!
//! IOS-family devices keep a stack of modes. A line is tried in the current mode; if that mode
//! does not accept it, in the enclosing mode, and so on up to global configuration. If no mode
//! accepts it, the line is rejected and the mode does not change. `exit` leaves one mode,
//! `exit-address-family` leaves the address family, `end` returns to the top (IOS-XR: `root`
//! returns to the top of configuration mode, `end-policy` / `end-set` end a routing-policy body).
//!
//! The [`Binder`] replays exactly that over a file or a change script, one line at a time, and
//! reports a *mode slip* when a line that the grammar recognises binds to another context than its
//! indentation says it belongs to: the missing-`exit` class of mistakes (KT, 25 October 2021).
//!
//! The binder is generic over what is parsed (`S`): the caller supplies a function that parses a
//! line in a given context and a function that vets context-opening lines (for example, `router
//! ospf 1 vrf X` is rejected while VRF X does not exist).

use super::context::Context;
use super::lines::{Line, LineKind};

/// How a line was written: plain, `no ...` or `default ...`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Polarity {
    /// The command itself.
    Set,
    /// `no <command>`.
    No,
    /// `default <command>`.
    Default,
}

/// What a context's grammar says about a line.
#[derive(Debug)]
pub(crate) enum Parse<S> {
    /// Recognised; `opens` is the context it enters, if it opens one.
    Stmt {
        /// The parsed statement.
        stmt: S,
        /// The context this line opens.
        opens: Option<Context>,
    },
    /// A known command of this context with invalid arguments.
    Malformed(String),
    /// Not a command of this context.
    NotHere,
}

/// One open context on the mode stack.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    /// The context.
    pub(crate) ctx: Context,
    /// Index of the line that opened it (`None` for global).
    pub(crate) opener: Option<usize>,
    /// Indentation of the opening line.
    pub(crate) indent: usize,
}

/// Where a line went.
#[derive(Debug)]
pub(crate) enum Bound<S> {
    /// Blank, comment or banner body.
    Comment,
    /// Recognised; bound to the context at `depth` of the stack (the stack is truncated to it).
    Stmt {
        /// The statement.
        stmt: S,
        /// Stack depth of the context the line binds to (0 is global).
        depth: usize,
        /// The context it opened, now on top of the stack.
        opened: bool,
        /// The line slipped: its indentation says it belongs under the line with this index (or
        /// at the top level for `None`), but it binds elsewhere.
        slip: Option<Option<usize>>,
    },
    /// A context-opening line the device refuses (mode unchanged).
    Rejected(String),
    /// A known command with bad arguments in every context that knows it (mode unchanged).
    Malformed(String),
    /// `exit`, `exit-address-family`, `end` and friends.
    Exit,
    /// Unknown to the grammar; bound by indentation to the context at `depth`.
    Unknown {
        /// Stack depth of the context the line was put in.
        depth: usize,
        /// The line opens an unrecognised block (its children are absorbed).
        opens_block: bool,
        /// The line is indented under a recognised statement that, in our grammar, opens no
        /// mode (the line with this index). The device must know a sub-mode that we do not, so
        /// the line and its siblings are kept out of the model as one unrecognised block.
        under: Option<usize>,
    },
    /// Inside an ignored or unrecognised block opened by the line with this index.
    Absorbed(usize),
}

/// Where a line ended up, without its statement: enough to rebuild a configuration as a tree of
/// lines (change replay does that, then edits the tree).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Not part of the configuration: a comment, a blank line, `exit` and friends.
    Nothing,
    /// A line of a multi-line banner: it belongs to the command line before it.
    Body,
    /// A configuration line under the context opened by line `parent` (`None`: global
    /// configuration). `opens` is the context the line opens, if it opens one.
    Line {
        /// Index of the line that opened the context the line is in.
        parent: Option<usize>,
        /// The context the line opens.
        opens: Option<Context>,
    },
    /// A line inside the opaque block opened by the line with this index.
    Absorbed(usize),
}

/// How strictly to follow the device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// A configuration file: as the device, and report slips.
    File,
    /// A change script: as the device; unknown lines stay in the current mode.
    Script,
}

/// The mode stack and the indentation history, fed one line at a time.
#[derive(Debug)]
pub(crate) struct Binder {
    stack: Vec<Frame>,
    /// Previous command lines as (indent, index, childless), for finding a line's indentation
    /// parent. `childless` is the stack depth a recognised statement that opens no mode in our
    /// grammar bound to (`None` for every other line).
    indents: Vec<(usize, usize, Option<usize>)>,
    /// Whether indentation carries meaning in this text (some command line is indented).
    indented: bool,
    strictness: Strictness,
}

impl Binder {
    /// A binder at global configuration mode.
    pub(crate) fn new(lines: &[Line<'_>], strictness: Strictness) -> Binder {
        let indented = lines
            .iter()
            .any(|l| l.kind == LineKind::Command && l.indent > 0);
        Binder {
            stack: vec![Frame {
                ctx: Context::Global,
                opener: None,
                indent: 0,
            }],
            indents: Vec::new(),
            indented,
            strictness,
        }
    }

    /// A binder positioned in an existing context path (used when replaying a script in the
    /// middle of a configuration session).
    pub(crate) fn stack(&self) -> &[Frame] {
        &self.stack
    }

    /// The context at depth `depth`.
    pub(crate) fn frame(&self, depth: usize) -> &Frame {
        &self.stack[depth]
    }

    /// Binds line `index` of `lines`.
    ///
    /// `parse(ctx, text, polarity)` parses the line's text (without a `no` / `default` prefix) in
    /// one context; `vet(ctx)` accepts or refuses a context the line would open.
    pub(crate) fn bind<'a, S>(
        &mut self,
        lines: &[Line<'a>],
        index: usize,
        parse: &mut dyn FnMut(&Context, &'a str, Polarity) -> Parse<S>,
        vet: &mut dyn FnMut(&Context) -> Result<(), String>,
    ) -> Bound<S> {
        let bound = self.bind_line(lines, index, parse, vet);
        if let Bound::Stmt {
            opened: false,
            depth,
            ..
        } = bound
            && let Some(last) = self.indents.last_mut()
            && last.1 == index
        {
            last.2 = Some(depth);
        }
        bound
    }

    fn bind_line<'a, S>(
        &mut self,
        lines: &[Line<'a>],
        index: usize,
        parse: &mut dyn FnMut(&Context, &'a str, Polarity) -> Parse<S>,
        vet: &mut dyn FnMut(&Context) -> Result<(), String>,
    ) -> Bound<S> {
        let Some(line) = lines.get(index) else {
            return Bound::Comment;
        };
        if line.kind != LineKind::Command {
            return Bound::Comment;
        }
        // Opaque blocks (ignored or unrecognised) absorb every line indented below their opener.
        if let Some(top) = self.stack.last()
            && top.ctx.is_opaque()
        {
            if self.indented && line.indent > top.indent {
                return Bound::Absorbed(top.opener.unwrap_or(index));
            }
            self.stack.pop();
        }
        let indent_parent = self.indent_parent(line.indent, index);

        if let Some(bound) = self.bind_exit(line.text) {
            return bound;
        }

        // A device-printed file indents a line under a statement when that statement opened a
        // mode, and IOS also over-indents a few plain lines (`show run all` prints
        // `  clns route-cache` under `arp timeout`). When our grammar says the parent opens
        // nothing, the line is tried in the parent's own context only; if it is not a command
        // there, the device knows a sub-mode we do not, and the line (with its siblings) is kept
        // out of the model as one unrecognised block rather than misread in an enclosing context.
        // The parent's context is where the parent bound, not whatever a sibling opened since
        // (`exit router` / `  vrf router` / ` line`: `line` is tried in global configuration, as
        // `vrf router` was, not in the VRF), so that a rendering read again binds the same way.
        let childless_parent = match (self.strictness, self.indented, indent_parent) {
            (Strictness::File, true, Some(parent)) => {
                self.indents.iter().find_map(|&(_, i, childless)| {
                    let depth = childless.filter(|_| i == parent)?;
                    Some((parent, depth.min(self.stack.len() - 1)))
                })
            }
            _ => None,
        };

        // In a device-printed (indented) file a line indented under an open context belongs to
        // it: a command our grammar does not know there must not pop the context just because an
        // enclosing context knows a command of the same name.
        let min_depth = match (self.strictness, self.indented, indent_parent) {
            _ if childless_parent.is_some() => childless_parent.map_or(0, |(_, depth)| depth),
            (Strictness::File, true, Some(parent)) => self
                .stack
                .iter()
                .rposition(|f| f.opener == Some(parent))
                .unwrap_or(0),
            _ => 0,
        };
        let (text, polarity) = strip_polarity(line.text);
        let mut malformed = None;
        // Under a childless parent only the parent's own context is tried.
        let max_depth = childless_parent.map_or(self.stack.len() - 1, |(_, depth)| depth);
        for depth in (min_depth..=max_depth).rev() {
            match parse(&self.stack[depth].ctx, text, polarity) {
                Parse::Stmt { stmt, opens } => {
                    if let Some(ctx) = &opens
                        && let Err(reason) = vet(ctx)
                    {
                        return Bound::Rejected(reason);
                    }
                    self.stack.truncate(depth + 1);
                    let bound_opener = self.stack[depth].opener;
                    // Inside an IOS-XR routing-policy body indentation means nothing: the editor
                    // takes every line until `end-policy` / `end-set`.
                    let free_layout = self.stack[depth].ctx.is_xr_policy_body();
                    let slip = (self.indented
                        && !free_layout
                        && childless_parent.is_none()
                        && bound_opener != indent_parent)
                        .then_some(indent_parent);
                    let opened = opens.is_some();
                    if let Some(ctx) = opens {
                        self.stack.push(Frame {
                            ctx,
                            opener: Some(index),
                            indent: line.indent,
                        });
                    }
                    return Bound::Stmt {
                        stmt,
                        depth,
                        opened,
                        slip,
                    };
                }
                Parse::Malformed(reason) => {
                    malformed.get_or_insert(reason);
                }
                Parse::NotHere => {}
            }
        }
        if let Some(reason) = malformed {
            return Bound::Malformed(reason);
        }
        if let Some((parent, depth)) = childless_parent {
            self.stack.truncate(depth + 1);
            let parent_indent = lines.get(parent).map_or(0, |l| l.indent);
            self.stack.push(Frame {
                ctx: Context::Unrecognised,
                opener: Some(parent),
                indent: parent_indent,
            });
            return Bound::Unknown {
                depth,
                opens_block: true,
                under: Some(parent),
            };
        }
        self.bind_unknown(lines, index, indent_parent)
    }

    /// Undoes the block an unknown line `index` opened (change replay found that the device
    /// rejects the line, so no mode was entered).
    pub(crate) fn discard_block(&mut self, index: usize) {
        if self.stack.len() > 1 && self.stack.last().is_some_and(|f| f.opener == Some(index)) {
            self.stack.pop();
        }
    }

    /// Where `bound`, just returned by [`Binder::bind`] for `line`, puts the line.
    ///
    /// Rejected and malformed lines stay where the device was (the current context): a device
    /// never holds them, but a configuration file that contains them keeps them, so that
    /// rendering the file again reproduces its diagnostics instead of dropping lines silently.
    pub(crate) fn placement<S>(&self, bound: &Bound<S>, line: &Line<'_>) -> Placement {
        let opener = |depth: usize| self.stack.get(depth).and_then(|f| f.opener);
        match bound {
            Bound::Comment if line.kind == LineKind::Body => Placement::Body,
            Bound::Comment | Bound::Exit => Placement::Nothing,
            Bound::Absorbed(opener) => Placement::Absorbed(*opener),
            Bound::Stmt { depth, opened, .. } => Placement::Line {
                parent: opener(*depth),
                opens: if *opened {
                    self.stack.last().map(|f| f.ctx.clone())
                } else {
                    None
                },
            },
            // Kept out of the model under a statement that opens nothing in our grammar: the
            // line belongs to that statement's unrecognised sub-block.
            Bound::Unknown {
                under: Some(parent),
                ..
            } => Placement::Absorbed(*parent),
            Bound::Unknown {
                depth, opens_block, ..
            } => Placement::Line {
                parent: opener(*depth),
                opens: opens_block.then_some(Context::Unrecognised),
            },
            Bound::Rejected(_) | Bound::Malformed(_) => Placement::Line {
                parent: self.stack.last().and_then(|f| f.opener),
                opens: None,
            },
        }
    }

    fn bind_exit<S>(&mut self, text: &str) -> Option<Bound<S>> {
        let mut words = text.split_whitespace();
        let first = words.next().unwrap_or("");
        // Every line comes through here: find the word without lower-casing a copy of it.
        let word = EXIT_WORDS
            .iter()
            .copied()
            .find(|w| w.eq_ignore_ascii_case(first))?;
        let alone = words.next().is_none();
        let target = match word {
            "exit" if alone => self.stack.len().saturating_sub(1),
            "end" if alone => 0,
            // Without an open address family (its opener was rejected, say), these leave the
            // mode unchanged rather than closing the enclosing `router` context.
            "exit-address-family" | "exit-af-topology" => self
                .position(|c| c.is_address_family())
                .unwrap_or(self.stack.len()),
            "exit-vrf" => self
                .position(|c| c.is_vrf_block())
                .unwrap_or(self.stack.len()),
            "exit-peer-policy" | "exit-peer-session" | "exit-service-family" => {
                self.stack.len().saturating_sub(1)
            }
            // FRR `exit-vni` closes a `vni` block of the EVPN family (already closed when its
            // lines were indented below it).
            "exit-vni" => self
                .position(|c| *c == Context::Ignored("evpn vni"))
                .unwrap_or(self.stack.len()),
            // IOS-XR: `end-policy` / `end-set` close a routing-policy body (the policy editor
            // takes every other line as part of the body), `root` goes back to the top.
            "end-policy" | "end-set" if alone => self
                .position(|c| c.is_xr_policy_body())
                .unwrap_or(self.stack.len()),
            "root" if alone => 0,
            _ => return None,
        };
        self.stack.truncate(target.max(1));
        Some(Bound::Exit)
    }

    fn position(&self, pred: impl Fn(&Context) -> bool) -> Option<usize> {
        self.stack.iter().rposition(|f| pred(&f.ctx))
    }

    /// The index of the nearest earlier command line indented less than `indent`.
    fn indent_parent(&mut self, indent: usize, index: usize) -> Option<usize> {
        while self.indents.last().is_some_and(|&(i, _, _)| i >= indent) {
            self.indents.pop();
        }
        let parent = self.indents.last().map(|&(_, idx, _)| idx);
        self.indents.push((indent, index, None));
        parent
    }

    fn bind_unknown<S>(
        &mut self,
        lines: &[Line<'_>],
        index: usize,
        indent_parent: Option<usize>,
    ) -> Bound<S> {
        let Some(line) = lines.get(index) else {
            return Bound::Comment;
        };
        if self.strictness == Strictness::File && self.indented {
            // Put the line where its indentation says: under its indentation parent if that
            // opened a context still on the stack, else at the top level when it is not indented.
            match indent_parent {
                None => self.stack.truncate(1),
                Some(parent) => {
                    if let Some(pos) = self.stack.iter().rposition(|f| f.opener == Some(parent)) {
                        self.stack.truncate(pos + 1);
                    }
                }
            }
        }
        let depth = self.stack.len() - 1;
        let opens_block = self.indented
            && next_command(lines, index).is_some_and(|next| next.indent > line.indent);
        if opens_block {
            self.stack.push(Frame {
                ctx: Context::Unrecognised,
                opener: Some(index),
                indent: line.indent,
            });
        }
        Bound::Unknown {
            depth,
            opens_block,
            under: None,
        }
    }
}

fn next_command<'l, 'a>(lines: &'l [Line<'a>], index: usize) -> Option<&'l Line<'a>> {
    lines
        .get(index + 1..)?
        .iter()
        .find(|l| l.kind == LineKind::Command)
}

/// The words [`Binder::bind_exit`] knows, lower case.
const EXIT_WORDS: &[&str] = &[
    "exit",
    "end",
    "exit-address-family",
    "exit-af-topology",
    "exit-vrf",
    "exit-peer-policy",
    "exit-peer-session",
    "exit-service-family",
    "exit-vni",
    "end-policy",
    "end-set",
    "root",
];

/// Splits off a leading `no` or `default`.
pub(crate) fn strip_polarity(text: &str) -> (&str, Polarity) {
    for (word, polarity) in [("no", Polarity::No), ("default", Polarity::Default)] {
        // `get` rather than indexing: the line may have a multi-byte character right there.
        if text
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && text
                .as_bytes()
                .get(word.len())
                .is_some_and(u8::is_ascii_whitespace)
        {
            return (text[word.len()..].trim_start(), polarity);
        }
    }
    (text, Polarity::Set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ios::lines::split;

    /// A toy grammar: global knows `router isis X`, `router ospf N [vrf V]`, `router bgp N`,
    /// `vrf definition V`; IS-IS and OSPF know `net`, `redistribute ...`; BGP knows `neighbor`
    /// and `address-family ipv4 vrf V`, whose context also knows `neighbor`.
    fn toy(ctx: &Context, text: &str, _p: Polarity) -> Parse<String> {
        let w: Vec<&str> = text.split_whitespace().collect();
        let stmt = |opens| Parse::Stmt {
            stmt: text.to_owned(),
            opens,
        };
        match (ctx, w.as_slice()) {
            (Context::Global, ["router", "isis", tag]) => stmt(Some(Context::RouterIsis {
                tag: (*tag).to_owned(),
            })),
            (Context::Global, ["router", "ospf", id, rest @ ..]) => {
                stmt(Some(Context::RouterOspf {
                    id: (*id).to_owned(),
                    vrf: rest.get(1).map(|v| (*v).to_owned()),
                }))
            }
            (Context::Global, ["router", "bgp", asn]) => stmt(Some(Context::RouterBgp {
                asn: asn.parse().unwrap(),
            })),
            (Context::Global, ["vrf", "definition", v]) => stmt(Some(Context::Vrf {
                name: (*v).to_owned(),
            })),
            (
                Context::RouterIsis { .. } | Context::RouterOspf { .. },
                ["net" | "redistribute", ..],
            ) => stmt(None),
            (Context::RouterBgp { .. }, ["address-family", "ipv4", "vrf", v]) => {
                stmt(Some(Context::BgpAf {
                    vrf: Some((*v).to_owned()),
                    family: crate::ios::context::AfName::Ipv4Unicast,
                }))
            }
            (Context::RouterBgp { .. } | Context::BgpAf { .. }, ["neighbor", ..]) => stmt(None),
            _ => Parse::NotHere,
        }
    }

    /// Binds `text` as a script and returns, per command line, "context <- line [SLIP]".
    fn check(text: &str) -> String {
        check_as(text, Strictness::Script)
    }

    fn check_as(text: &str, strictness: Strictness) -> String {
        let lines = split(text, false);
        let mut binder = Binder::new(&lines, strictness);
        let mut vrfs: Vec<String> = Vec::new();
        let mut out = String::new();
        for i in 0..lines.len() {
            let bound = binder.bind(&lines, i, &mut toy, &mut |ctx| match ctx {
                Context::RouterOspf { vrf: Some(v), .. } if !vrfs.contains(v) => {
                    Err(format!("vrf {v} does not exist"))
                }
                Context::Vrf { name } => {
                    vrfs.push(name.clone());
                    Ok(())
                }
                _ => Ok(()),
            });
            let what = match bound {
                Bound::Comment => continue,
                Bound::Stmt { depth, slip, .. } => format!(
                    "{:?}{}",
                    binder.frame(depth).ctx,
                    if slip.is_some() { " SLIP" } else { "" }
                ),
                other => format!("{other:?}"),
            };
            out.push_str(&format!("{what} <- {}\n", lines[i].text));
        }
        out
    }

    #[test]
    fn kt_2021_failed_opener_leaves_lines_in_isis() {
        let script = "router isis CORE\n net 49.0001.0000.0000.0001.00\nrouter ospf 10 vrf ENT-A\n redistribute bgp 64500 route-map ENT-A-TO-CE\n";
        let got = check(script);
        assert!(
            got.contains("Rejected(\"vrf ENT-A does not exist\") <- router ospf 10 vrf ENT-A"),
            "{got}"
        );
        assert!(
            got.contains("RouterIsis { tag: \"CORE\" } SLIP <- redistribute bgp"),
            "{got}"
        );
    }

    #[test]
    fn with_the_vrf_defined_the_same_script_is_clean() {
        let script = "vrf definition ENT-A\nrouter isis CORE\n net 49.0001\nexit\nrouter ospf 10 vrf ENT-A\n redistribute bgp 64500\n";
        let got = check(script);
        assert!(!got.contains("SLIP"), "{got}");
        assert!(
            got.contains("RouterOspf { id: \"10\", vrf: Some(\"ENT-A\") } <- redistribute bgp"),
            "{got}"
        );
    }

    #[test]
    fn missing_exit_address_family_keeps_neighbor_in_the_vrf() {
        let script = "router bgp 1\n address-family ipv4 vrf CUST\n  neighbor 10.0.0.1 remote-as 2\n neighbor 192.0.2.1 remote-as 3\n";
        let got = check(script);
        let last = got.lines().last().unwrap();
        assert!(last.starts_with("BgpAf") && last.contains("SLIP"), "{got}");
        let fixed = check(
            "router bgp 1\n address-family ipv4 vrf CUST\n  neighbor 10.0.0.1 remote-as 2\n exit-address-family\n neighbor 192.0.2.1 remote-as 3\n",
        );
        assert!(
            fixed.lines().last().unwrap().starts_with("RouterBgp"),
            "{fixed}"
        );
        assert!(!fixed.contains("SLIP"), "{fixed}");
    }

    #[test]
    fn flat_scripts_never_slip() {
        let got = check("router isis CORE\nnet 49.0001\nredistribute static\n");
        assert!(!got.contains("SLIP"), "{got}");
        assert!(
            got.lines().last().unwrap().starts_with("RouterIsis"),
            "{got}"
        );
    }

    #[test]
    fn over_indented_lines_bind_to_their_parents_context() {
        // IOS over-indents some plain lines in `show run all`; such a line is a command of the
        // context its parent bound to, so it binds there without a slip.
        let got = check_as(
            "router bgp 1\n neighbor 1.1.1.1 remote-as 2\n  neighbor 2.2.2.2 remote-as 3\n",
            Strictness::File,
        );
        assert!(!got.contains("SLIP"), "{got}");
        assert_eq!(got.matches("RouterBgp").count(), 2, "{got}");
    }

    #[test]
    fn lines_under_a_statement_that_opens_nothing_are_an_unknown_block() {
        // The device knows a sub-mode under `neighbor 3.3.3.3 x` that the grammar does not: its
        // children must not be read in an enclosing context (IS-IS knows `net`).
        let got = check_as(
            "router isis A\n net 49\nrouter bgp 1\n neighbor 3.3.3.3 x\n  frob\n  net 49\n neighbor 4.4.4.4 y\n",
            Strictness::File,
        );
        let lines: Vec<&str> = got.lines().collect();
        assert!(
            lines[4].starts_with("Unknown { depth: 1, opens_block: true, under: Some(3) }"),
            "{got}"
        );
        assert!(lines[5].starts_with("Absorbed(3)"), "{got}");
        assert!(lines[6].starts_with("RouterBgp"), "{got}");
        assert!(!got.contains("SLIP"), "{got}");
    }

    #[test]
    fn polarity_prefixes() {
        assert_eq!(strip_polarity("no shutdown"), ("shutdown", Polarity::No));
        assert_eq!(
            strip_polarity("default  ip ospf cost"),
            ("ip ospf cost", Polarity::Default)
        );
        assert_eq!(strip_polarity("normal"), ("normal", Polarity::Set));
        assert_eq!(strip_polarity("no"), ("no", Polarity::Set));
        assert_eq!(strip_polarity("né x"), ("né x", Polarity::Set));
        assert_eq!(strip_polarity("défault x"), ("défault x", Polarity::Set));
    }
}
