//! A configuration as a tree of lines: what change replay edits and renders.
//!
//! Every node is one configuration line with the span it came from (the base configuration or a
//! script line). A context-opening line holds the lines of its context as children. The tree is
//! built from the binder's placements, so a line sits where the device binds it, not where its
//! indentation says; rendering the tree therefore prints what the device holds.

use std::cell::OnceCell;

use crate::ios::bind::{Parse, Placement, strip_polarity};
use crate::ios::context::Context;
use crate::ios::lines::{Line, LineKind};
use crate::ios::{Dialect, parse_line};
use crate::source::{FileId, Span};

use super::identity::{self, Identity};

/// Index of a node in its [`Tree`].
pub(crate) type NodeId = usize;

/// The root: global configuration. It has no text of its own.
pub(crate) const ROOT: NodeId = 0;

/// One configuration line.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// The line, without indentation (or with the indentation beyond its depth, for lines of
    /// opaque blocks). Private: it changes only through [`Node::rewrite`], which keeps
    /// `identity` in step.
    text: String,
    /// The line's identity, computed when first asked for: replaying a line compares it with
    /// every sibling's, so it is not derived again for each.
    identity: OnceCell<Identity>,
    /// Where the line came from (`None` for the root).
    pub(crate) origin: Option<Span>,
    /// The context the line opens.
    pub(crate) opens: Option<Context>,
    /// The context the line is in (for identities).
    pub(crate) ctx: Context,
    /// Lines of a multi-line banner, verbatim, with their origin.
    pub(crate) body: Vec<(String, Option<Span>)>,
    /// The lines of the context this line opens.
    pub(crate) children: Vec<NodeId>,
    /// Detached nodes stay in the arena; they are never rendered.
    pub(crate) removed: bool,
}

impl Node {
    /// The line, without indentation (see the field).
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the line's text, now written at `origin`.
    pub(crate) fn rewrite(&mut self, text: String, origin: Span) {
        self.text = text;
        self.origin = Some(origin);
        self.identity = OnceCell::new();
    }

    /// The line's text without a leading `no ` and without indentation.
    pub(crate) fn positive_text(&self) -> &str {
        let text = self.text.trim_start();
        let (positive, _) = strip_polarity(text);
        positive
    }

    /// True for a stored negation (`no ip redirects`).
    pub(crate) fn negated(&self) -> bool {
        let text = self.text.trim_start();
        text.get(..3).is_some_and(|t| t.eq_ignore_ascii_case("no "))
    }

    /// The identity of this line (for non-opening lines).
    pub(crate) fn identity(&self) -> &Identity {
        self.identity
            .get_or_init(|| identity::identity(&self.ctx, self.positive_text()))
    }
}

/// A configuration as a tree.
#[derive(Clone, Debug)]
pub(crate) struct Tree {
    nodes: Vec<Node>,
    /// Lines before the IOS-style part (Cumulus' `/etc/network/interfaces` section), verbatim.
    preamble: Vec<(String, Option<Span>)>,
}

impl Tree {
    /// An empty configuration.
    pub(crate) fn new() -> Tree {
        Tree {
            nodes: vec![Node {
                text: String::new(),
                origin: None,
                opens: Some(Context::Global),
                ctx: Context::Global,
                body: Vec::new(),
                children: Vec::new(),
                removed: false,
                identity: OnceCell::new(),
            }],
            preamble: Vec::new(),
        }
    }

    /// Builds the tree of a parsed file. `lines[start..]` were bound, with `placements`; lines
    /// before `start` are kept verbatim.
    pub(crate) fn from_placements(
        file: FileId,
        lines: &[Line<'_>],
        start: usize,
        placements: &[Placement],
    ) -> Tree {
        let mut tree = Tree::new();
        let head = lines.get(..start).unwrap_or(&[]);
        tree.preamble = head
            .iter()
            .map(|l| (indented(l), Some(line_span(file, l))))
            .collect();
        let bound = lines.get(start..).unwrap_or(&[]);
        // Node of each line (index relative to `start`), for finding parents.
        let mut node_of: Vec<Option<NodeId>> = vec![None; bound.len()];
        // Indentation of the first line of each opaque block, to keep deeper lines' relative
        // indentation.
        let mut block_indent: Vec<Option<usize>> = vec![None; bound.len()];
        let mut last_command: Option<NodeId> = None;
        for (index, (line, placement)) in bound.iter().zip(placements).enumerate() {
            let span = line_span(file, line);
            match placement {
                Placement::Nothing => {}
                Placement::Body => {
                    if let Some(node) = last_command {
                        tree.nodes[node].body.push((indented(line), Some(span)));
                    }
                }
                Placement::Line { parent, opens } => {
                    let parent = parent.and_then(|p| node_of.get(p).copied().flatten());
                    let node = tree.push(
                        parent.unwrap_or(ROOT),
                        line.text.to_owned(),
                        Some(span),
                        opens.clone(),
                        Insert::End,
                    );
                    node_of[index] = Some(node);
                    last_command = Some(node);
                }
                Placement::Absorbed(opener) => {
                    let parent = node_of.get(*opener).copied().flatten().unwrap_or(ROOT);
                    let first = match block_indent.get_mut(*opener) {
                        Some(slot) => *slot.get_or_insert(line.indent),
                        None => line.indent,
                    };
                    let extra = line.indent.saturating_sub(first);
                    let text = format!("{}{}", " ".repeat(extra), line.text);
                    let node = tree.push(parent, text, Some(span), None, Insert::End);
                    node_of[index] = Some(node);
                    last_command = Some(node);
                }
            }
            if line.kind == LineKind::Command && *placement == Placement::Nothing {
                last_command = None;
            }
        }
        tree
    }

    /// The node with id `id`.
    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The node with id `id`, mutably.
    pub(crate) fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id]
    }

    /// The live children of `parent`.
    pub(crate) fn children(&self, parent: NodeId) -> &[NodeId] {
        &self.nodes[parent].children
    }

    /// The context `node` opens (global for the root).
    pub(crate) fn context_of(&self, node: NodeId) -> &Context {
        self.nodes[node].opens.as_ref().unwrap_or(&Context::Global)
    }

    /// Adds a line under `parent` and returns it.
    pub(crate) fn push(
        &mut self,
        parent: NodeId,
        text: String,
        origin: Option<Span>,
        opens: Option<Context>,
        at: Insert,
    ) -> NodeId {
        let id = self.nodes.len();
        let ctx = self.context_of(parent).clone();
        self.nodes.push(Node {
            text,
            origin,
            opens,
            ctx,
            body: Vec::new(),
            children: Vec::new(),
            removed: false,
            identity: OnceCell::new(),
        });
        let position = match at {
            Insert::End => self.nodes[parent].children.len(),
            Insert::BeforeBlocks => {
                let children = &self.nodes[parent].children;
                children
                    .iter()
                    .position(|&c| self.nodes[c].opens.is_some())
                    .unwrap_or(children.len())
            }
        };
        self.nodes[parent].children.insert(position, id);
        id
    }

    /// Detaches `child` from `parent` and returns the origins of every line removed with it.
    pub(crate) fn remove(&mut self, parent: NodeId, child: NodeId) -> Vec<Span> {
        self.nodes[parent].children.retain(|&c| c != child);
        let mut removed = Vec::new();
        self.mark_removed(child, &mut removed);
        removed
    }

    /// Removes every child of `parent` (a `default interface X`), returning their origins.
    pub(crate) fn clear(&mut self, parent: NodeId) -> Vec<Span> {
        let children = std::mem::take(&mut self.nodes[parent].children);
        let mut removed = Vec::new();
        for child in children {
            self.mark_removed(child, &mut removed);
        }
        removed
    }

    fn mark_removed(&mut self, node: NodeId, removed: &mut Vec<Span>) {
        let mut pending = vec![node];
        while let Some(n) = pending.pop() {
            self.nodes[n].removed = true;
            removed.extend(self.nodes[n].origin);
            removed.extend(self.nodes[n].body.iter().filter_map(|(_, o)| *o));
            pending.extend(self.nodes[n].children.iter().rev());
        }
    }

    /// Renders the configuration in the style of `show running-config`: one space of
    /// indentation per level, `!` between top-level blocks, `exit-address-family` closing
    /// address families where the dialect prints it, `end` last. Each line comes with its origin
    /// (`None` for lines the rendering adds).
    ///
    /// A device binds a line to the innermost open context that accepts it, whatever its
    /// indentation. Where a line follows a block that would take it, the rendering closes the
    /// block with `exit` first, so that the text binds every line where the tree has it.
    /// `show running-config` never needs this; configurations assembled by hand, and lines a
    /// script adds after a block, can.
    pub(crate) fn render(&self, dialect: Dialect) -> Vec<(String, Option<Span>)> {
        let mut r = Rendering {
            dialect,
            // Whether the text will have indented lines changes how the binder places unknown
            // lines (see `Binder`), so it decides when an unknown line needs an `exit` first.
            indented: self.nodes[ROOT]
                .children
                .iter()
                .any(|&c| !self.nodes[c].children.is_empty()),
            out: self.preamble.clone(),
        };
        let mut previous_was_block = false;
        let mut open: Vec<&Context> = Vec::new();
        for (i, &child) in self.nodes[ROOT].children.iter().enumerate() {
            let node = &self.nodes[child];
            let block = !node.children.is_empty() || !node.body.is_empty();
            self.close_if_captured(&mut open, child, &Context::Global, 0, &mut r);
            if i > 0 && (block || previous_was_block) && r.out.last().is_none_or(|(t, _)| t != "!")
            {
                r.out.push(("!".to_owned(), None));
            }
            self.render_node(child, 0, &mut r);
            open = self.left_open(child, dialect);
            previous_was_block = block;
        }
        let mut out = r.out;
        // A banner whose delimiter never comes swallows everything after it, as it would on
        // the device; adding `!` and `end` would only grow the banner on every rendering.
        if ends_in_open_banner(&out, dialect) {
            return out;
        }
        if out.last().is_some_and(|(t, _)| t != "!") {
            out.push(("!".to_owned(), None));
        }
        out.push(("end".to_owned(), None));
        out
    }

    fn render_node(&self, id: NodeId, depth: usize, r: &mut Rendering) {
        let node = &self.nodes[id];
        r.out
            .push((format!("{}{}", " ".repeat(depth), node.text), node.origin));
        r.out.extend(node.body.iter().cloned());
        let ctx = self.context_of(id);
        let mut open: Vec<&Context> = Vec::new();
        for &child in &node.children {
            self.close_if_captured(&mut open, child, ctx, depth + 1, r);
            self.render_node(child, depth + 1, r);
            open = self.left_open(child, r.dialect);
        }
        if closes_family(node, r.dialect) {
            r.out
                .push((format!("{}exit-address-family", " ".repeat(depth)), None));
        }
        // IOS-XR routing-policy bodies end with their own keyword.
        match node.opens {
            Some(Context::XrRoutePolicy { .. }) => {
                r.out
                    .push((format!("{}end-policy", " ".repeat(depth)), None));
            }
            Some(Context::XrSet { .. }) => {
                r.out.push((format!("{}end-set", " ".repeat(depth)), None));
            }
            _ => {}
        }
    }

    /// Emits one `exit` per context in `open` when the binder would not put line `next` in its
    /// parent's context `parent` with them open: a context in `open` accepts the line; or the
    /// line is invalid, or an opener that was refused (both stay in the innermost context); or,
    /// in a text without indentation, the line is unknown (it stays in the innermost context
    /// too).
    fn close_if_captured(
        &self,
        open: &mut Vec<&Context>,
        next: NodeId,
        parent: &Context,
        depth: usize,
        r: &mut Rendering,
    ) {
        if open.is_empty() {
            return;
        }
        let node = &self.nodes[next];
        let (positive, polarity) = strip_polarity(node.text.trim_start());
        let parse = |ctx: &Context| parse_line(ctx, positive, polarity, r.dialect);
        let mut taken = false;
        let mut malformed = false;
        for ctx in open.iter() {
            match parse(ctx) {
                Parse::Stmt { .. } => taken = true,
                Parse::Malformed(_) => malformed = true,
                Parse::NotHere => {}
            }
        }
        let captured = taken
            || match parse(parent) {
                Parse::Stmt { opens, .. } => opens.is_some() && node.opens.is_none(),
                Parse::Malformed(_) => true,
                Parse::NotHere => malformed || !r.indented,
            };
        if captured {
            for _ in open.iter() {
                r.out.push((format!("{}exit", " ".repeat(depth)), None));
            }
        }
        open.clear();
    }

    /// The contexts still open after rendering `node`, outermost first: the context it opens,
    /// then that of its last child if that opens one, and so on. Opaque blocks and address
    /// families closed by `exit-address-family` are not left open.
    fn left_open(&self, node: NodeId, dialect: Dialect) -> Vec<&Context> {
        let mut open = Vec::new();
        let mut at = Some(node);
        while let Some(id) = at {
            let node = &self.nodes[id];
            match &node.opens {
                Some(ctx)
                    if !ctx.is_opaque()
                        && !ctx.is_xr_policy_body()
                        && !closes_family(node, dialect) =>
                {
                    open.push(ctx)
                }
                _ => break,
            }
            at = node.children.last().copied();
        }
        open
    }

    /// The rendered configuration as text.
    #[cfg(test)]
    pub(crate) fn text(&self, dialect: Dialect) -> String {
        let mut text = String::new();
        for (line, _) in self.render(dialect) {
            text.push_str(&line);
            text.push('\n');
        }
        text
    }
}

/// State of one rendering.
struct Rendering {
    dialect: Dialect,
    /// Some line of the text is indented.
    indented: bool,
    /// The lines so far, with their origins.
    out: Vec<(String, Option<Span>)>,
}

/// True when a line after `lines` would be read as part of a multi-line banner.
fn ends_in_open_banner(lines: &[(String, Option<Span>)], dialect: Dialect) -> bool {
    let mut text: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
    text.push_str("end\n");
    crate::ios::lines::split(&text, dialect.hash_comments())
        .last()
        .is_some_and(|l| l.kind == LineKind::Body)
}

/// True when the rendering closes `node` with `exit-address-family` (the dialects whose
/// `show running-config` prints it).
fn closes_family(node: &Node, dialect: Dialect) -> bool {
    node.opens.as_ref().is_some_and(|c| c.is_address_family())
        && matches!(dialect, Dialect::Ios | Dialect::IosXe | Dialect::Frr)
}

/// Where [`Tree::push`] puts a new line among its siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Insert {
    /// After every sibling.
    End,
    /// Before the first sibling that opens a context, so that the line is not rendered after a
    /// sub-block (where a reader, and the binder, would take it for part of the sub-block).
    BeforeBlocks,
}

fn line_span(file: FileId, line: &Line<'_>) -> Span {
    Span::new(file, line.offset, line.offset + line.text.len())
}

/// A verbatim line: its indentation (in spaces) and text.
fn indented(line: &Line<'_>) -> String {
    format!("{}{}", " ".repeat(line.indent), line.text)
}
