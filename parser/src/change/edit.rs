//! Editing the configuration tree with one accepted script line: entering or creating blocks,
//! replacing, merging and removing lines (`no`, `default`), and the side effects the device adds
//! (a VRF change drops an interface's addresses).

use super::identity::{self, Kind};
use super::tree::{Insert, NodeId, ROOT};
use super::{Effect, Named, Replay, VrfMove, is_address_line, is_bgp, words_differ};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ios::Dialect;
use crate::ios::bind::Polarity;
use crate::ios::context::Context;
use crate::source::Span;

impl Replay {
    /// IOS and IOS-XE remove an interface's IP addresses when its VRF changes (`% Interface X
    /// IPv4 disabled and address(es) removed due to enabling VRF Y`). Called after a line of
    /// `parent` had `effect`: removes the addresses if the line changed the VRF.
    pub(super) fn drop_addresses_on_vrf_change(
        &mut self,
        parent: NodeId,
        text: &str,
        effect: &Effect,
        span: Span,
    ) {
        let changed = match effect {
            Effect::Unchanged { .. } | Effect::None => false,
            Effect::Removed { lines } => !lines.is_empty(),
            _ => true,
        };
        let ctx = self.tree.context_of(parent);
        let vrf_line = matches!(
            identity::identity(ctx, text).key.as_str(),
            "vrf forwarding" | "ip vrf forwarding" | "vrf member"
        );
        if !changed
            || !vrf_line
            || !matches!(ctx, Context::Interface(_))
            || !matches!(self.dialect, Dialect::Ios | Dialect::IosXe)
        {
            return;
        }
        let addresses: Vec<NodeId> = self
            .tree
            .children(parent)
            .iter()
            .copied()
            .filter(|&c| is_address_line(self.tree.node(c)))
            .collect();
        let mut removed = Vec::new();
        for address in addresses {
            removed.extend(self.tree.remove(parent, address));
        }
        if !removed.is_empty() {
            self.device = None;
            self.vrf_moves.push(VrfMove {
                node: parent,
                span,
                removed,
            });
        }
    }

    /// A warning for each interface that lost its addresses to a VRF change and did not get one
    /// back from a later script line.
    pub(super) fn report_lost_addresses(&mut self) {
        for vrf_move in std::mem::take(&mut self.vrf_moves) {
            let readded = !self.tree.node(vrf_move.node).removed
                && self.tree.children(vrf_move.node).iter().any(|&c| {
                    let node = self.tree.node(c);
                    is_address_line(node)
                        && !node.negated()
                        && node
                            .origin
                            .is_some_and(|o| o.file == self.file && o.start > vrf_move.span.start)
                });
            if readded {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                Code::SideEffect,
                Severity::Warning,
                vrf_move.span,
                "changing the VRF removes the interface's IP addresses, and the script does not set them again",
            )
            .with_help(
                "The device drops every address of an interface whose VRF changes; configure the addresses after this line.",
            );
            for removed in vrf_move.removed {
                diagnostic = diagnostic.with_label(removed, "removed by the VRF change");
            }
            self.diagnostics.push(diagnostic);
        }
    }

    /// Applies one accepted line under `parent`.
    pub(super) fn edit(
        &mut self,
        parent: NodeId,
        text: &str,
        polarity: Polarity,
        named: Named,
        opens: Option<Context>,
        span: Span,
    ) -> (Option<NodeId>, Effect) {
        if let Some(ctx) = opens {
            return self.enter(parent, text, ctx, span);
        }
        match (polarity, named) {
            (Polarity::Set, _) => {
                let at = if parent == ROOT {
                    Insert::End
                } else {
                    Insert::BeforeBlocks
                };
                self.set(parent, text, span, at)
            }
            (Polarity::No, Some(ctx)) => {
                let lines = self.remove_blocks(parent, text, &ctx);
                if lines.is_empty() {
                    // `no ip prefix-list A` names a block in EOS's form and the entries in
                    // IOS's: with no such block, remove the lines it names.
                    return self.negate(parent, text, polarity, span);
                }
                (None, Effect::Removed { lines })
            }
            (Polarity::Default, Some(ctx)) => {
                let lines = match self.find_block(parent, text, &ctx) {
                    Some(block) => {
                        self.device = None;
                        self.tree.clear(block)
                    }
                    None => Vec::new(),
                };
                (None, Effect::Removed { lines })
            }
            (Polarity::No | Polarity::Default, None) => self.negate(parent, text, polarity, span),
        }
    }

    /// A context opener: enter the existing block or create it.
    fn enter(
        &mut self,
        parent: NodeId,
        text: &str,
        ctx: Context,
        span: Span,
    ) -> (Option<NodeId>, Effect) {
        if let Some(block) = self.find_block(parent, text, &ctx) {
            // IOS-XR replaces a route-policy's or a set's whole body when it is entered again.
            if ctx.is_xr_policy_body() {
                let previous = self.tree.clear(block);
                self.device = None;
                return (Some(block), Effect::Replaced { previous });
            }
            let node = self.tree.node(block);
            // `route-map X deny 10` on an existing `route-map X permit 10` changes its action.
            if matches!(ctx, Context::RouteMap { .. }) && words_differ(node.text(), text) {
                let previous = node.origin.into_iter().collect();
                self.tree.node_mut(block).rewrite(text.to_owned(), span);
                self.device = None;
                return (Some(block), Effect::Replaced { previous });
            }
            return (
                Some(block),
                Effect::Entered {
                    existing: node.origin,
                },
            );
        }
        let text = match &ctx {
            // A new interface is printed with its full name, as the device does.
            Context::Interface(name) if text.split_whitespace().count() == 2 => {
                format!("interface {name}")
            }
            _ => text.to_owned(),
        };
        let node = self
            .tree
            .push(parent, text, Some(span), Some(ctx), Insert::End);
        self.device = None;
        (Some(node), Effect::Added)
    }

    /// The child of `parent` that opens `ctx` (opaque blocks are told apart by their text).
    fn find_block(&self, parent: NodeId, text: &str, ctx: &Context) -> Option<NodeId> {
        self.tree.children(parent).iter().copied().find(|&c| {
            let node = self.tree.node(c);
            match &node.opens {
                Some(open) if ctx.is_opaque() => {
                    open.is_opaque() && !words_differ(node.text(), text)
                }
                Some(open) => open == ctx,
                None => false,
            }
        })
    }

    /// `no <opener>`: removes the block (for `no route-map NAME`, every entry of the map).
    fn remove_blocks(&mut self, parent: NodeId, text: &str, ctx: &Context) -> Vec<Span> {
        let whole_route_map = text.split_whitespace().count() == 2;
        let targets: Vec<NodeId> = self
            .tree
            .children(parent)
            .iter()
            .copied()
            .filter(|&c| {
                let node = self.tree.node(c);
                match (&node.opens, ctx) {
                    (
                        Some(Context::RouteMap { name: a, .. }),
                        Context::RouteMap { name: b, .. },
                    ) if whole_route_map => a == b,
                    (Some(open), _) if ctx.is_opaque() => {
                        open.is_opaque() && !words_differ(node.text(), text)
                    }
                    (Some(open), _) => open == ctx,
                    (None, _) => false,
                }
            })
            .collect();
        let mut removed = Vec::new();
        for target in targets {
            removed.extend(self.tree.remove(parent, target));
        }
        if !removed.is_empty() {
            self.device = None;
        }
        removed
    }

    /// A plain line: replace the line with the same identity, merge into it, or add it.
    fn set(
        &mut self,
        parent: NodeId,
        text: &str,
        span: Span,
        at: Insert,
    ) -> (Option<NodeId>, Effect) {
        let ctx = self.tree.context_of(parent).clone();
        let text = self.with_prefix_list_seq(parent, &ctx, text);
        let id = identity::identity(&ctx, &text);
        let same: Vec<NodeId> = self
            .tree
            .children(parent)
            .iter()
            .copied()
            .filter(|&c| {
                let node = self.tree.node(c);
                node.opens.is_none() && node.identity().key == id.key
            })
            .collect();
        let Some(&first) = same.first() else {
            let node = self.tree.push(parent, text, Some(span), None, at);
            self.device = None;
            return (Some(node), Effect::Added);
        };
        let existing = self.tree.node(first);
        if existing.text() == text {
            return (
                Some(first),
                Effect::Unchanged {
                    existing: existing.origin,
                },
            );
        }
        if id.kind == Kind::Merge && !existing.negated() {
            let mut values = existing.identity().values.clone();
            let before = values.len();
            for value in id.values {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            if values.len() == before {
                return (
                    Some(first),
                    Effect::Unchanged {
                        existing: existing.origin,
                    },
                );
            }
            let into = existing.origin;
            let merged = format!("{} {}", id.key, values.join(" "));
            self.tree.node_mut(first).rewrite(merged, span);
            self.device = None;
            return (Some(first), Effect::Merged { into });
        }
        let mut previous: Vec<Span> = existing.origin.into_iter().collect();
        self.tree.node_mut(first).rewrite(text, span);
        for &duplicate in &same[1..] {
            previous.extend(self.tree.remove(parent, duplicate));
        }
        self.device = None;
        (Some(first), Effect::Replaced { previous })
    }

    /// IOS numbers prefix-list entries typed without `seq` (5, 10, 15...) and prints the
    /// number; an entry typed again is not added twice.
    fn with_prefix_list_seq(&self, parent: NodeId, ctx: &Context, text: &str) -> String {
        let words: Vec<&str> = text.split_whitespace().collect();
        let is_entry = parent == ROOT
            && *ctx == Context::Global
            && words.len() >= 4
            && matches!(words[0].to_ascii_lowercase().as_str(), "ip" | "ipv6")
            && words[1].eq_ignore_ascii_case("prefix-list")
            && (words[3].eq_ignore_ascii_case("permit") || words[3].eq_ignore_ascii_case("deny"));
        if !is_entry || self.dialect == Dialect::Eos {
            return text.to_owned();
        }
        let head = [words[0], words[1], words[2]];
        let mut highest = 0u64;
        for &child in self.tree.children(parent) {
            let node = self.tree.node(child);
            let existing: Vec<&str> = node.text().split_whitespace().collect();
            if existing.len() >= 6
                && identity::starts_with_words(&existing, &head)
                && existing[3].eq_ignore_ascii_case("seq")
            {
                if let Ok(seq) = existing[4].parse::<u64>() {
                    highest = highest.max(seq);
                }
                // The same entry under another number: typing it again changes nothing.
                if existing[5..] == words[3..] {
                    return node.text().to_owned();
                }
            }
        }
        let seq = (highest / 5 + 1) * 5;
        format!("{} seq {seq} {}", head.join(" "), words[3..].join(" "))
    }

    /// `no X` / `default X` on a plain line.
    fn negate(
        &mut self,
        parent: NodeId,
        text: &str,
        polarity: Polarity,
        span: Span,
    ) -> (Option<NodeId>, Effect) {
        let ctx = self.tree.context_of(parent).clone();
        let id = identity::identity(&ctx, text);
        let words: Vec<&str> = text.split_whitespace().collect();
        let stored = polarity == Polarity::No
            && identity::negation_is_stored(&ctx, text, self.has_passive_default(parent));
        let negation = format!("no {}", words.join(" "));
        if stored
            && let Some(&existing) = self
                .tree
                .children(parent)
                .iter()
                .find(|&&c| self.tree.node(c).text() == negation)
        {
            return (
                Some(existing),
                Effect::Unchanged {
                    existing: self.tree.node(existing).origin,
                },
            );
        }
        // `no neighbor X` and `no neighbor X remote-as N` remove the neighbor: every line about
        // it, at the process level and in the address families of the default VRF.
        let neighbor = is_bgp(&ctx)
            && words
                .first()
                .is_some_and(|w| w.eq_ignore_ascii_case("neighbor"))
            && (words.len() == 2
                || words
                    .get(2)
                    .is_some_and(|w| w.eq_ignore_ascii_case("remote-as")));
        let mut scopes = vec![parent];
        let prefix: Vec<&str> = if neighbor {
            if matches!(ctx, Context::RouterBgp { .. }) {
                scopes.extend(self.tree.children(parent).iter().copied().filter(|&c| {
                    matches!(
                        self.tree.node(c).opens,
                        Some(Context::BgpAf { vrf: None, .. })
                    )
                }));
            }
            words[..2].to_vec()
        } else {
            words.clone()
        };
        let mut removed = Vec::new();
        let mut merged_into = None;
        for scope in scopes {
            let children: Vec<NodeId> = self.tree.children(scope).to_vec();
            for child in children {
                let node = self.tree.node(child);
                if node.opens.is_some() {
                    continue;
                }
                let existing = node.identity();
                let positive: Vec<&str> = node.positive_text().split_whitespace().collect();
                // `no match ip address prefix-list A` takes A out of the merged line.
                if !neighbor
                    && id.kind == Kind::Merge
                    && existing.key == id.key
                    && !id.values.is_empty()
                {
                    let kept: Vec<String> = existing
                        .values
                        .iter()
                        .filter(|v| !id.values.contains(v))
                        .cloned()
                        .collect();
                    if kept.len() == existing.values.len() {
                        continue;
                    }
                    if kept.is_empty() {
                        removed.extend(self.tree.remove(scope, child));
                    } else {
                        merged_into = node.origin;
                        let text = format!("{} {}", existing.key, kept.join(" "));
                        self.tree.node_mut(child).rewrite(text, span);
                    }
                    continue;
                }
                let same_setting = !neighbor && existing.key == id.key;
                if same_setting || identity::starts_with_words(&positive, &prefix) {
                    removed.extend(self.tree.remove(scope, child));
                }
            }
        }
        if !removed.is_empty() || merged_into.is_some() {
            self.device = None;
        }
        if stored {
            let node = self
                .tree
                .push(parent, negation, Some(span), None, Insert::BeforeBlocks);
            self.device = None;
            let effect = if removed.is_empty() {
                Effect::Added
            } else {
                Effect::Replaced { previous: removed }
            };
            return (Some(node), effect);
        }
        if let Some(into) = merged_into
            && removed.is_empty()
        {
            return (None, Effect::Merged { into: Some(into) });
        }
        (None, Effect::Removed { lines: removed })
    }

    /// True when the process `parent` has `passive-interface default`.
    fn has_passive_default(&self, parent: NodeId) -> bool {
        self.tree.children(parent).iter().any(|&c| {
            let words: Vec<&str> = self.tree.node(c).text().split_whitespace().collect();
            words.len() == 2
                && words[0].eq_ignore_ascii_case("passive-interface")
                && words[1].eq_ignore_ascii_case("default")
        })
    }

    /// A line kept as written (lines of opaque blocks, unknown lines): added unless the same
    /// line is already there.
    pub(super) fn add_plain(
        &mut self,
        parent: NodeId,
        text: &str,
        span: Span,
        at: Insert,
    ) -> (Option<NodeId>, Effect) {
        if let Some(&existing) = self
            .tree
            .children(parent)
            .iter()
            .find(|&&c| !words_differ(self.tree.node(c).text(), text))
        {
            return (
                Some(existing),
                Effect::Unchanged {
                    existing: self.tree.node(existing).origin,
                },
            );
        }
        let node = self
            .tree
            .push(parent, text.to_owned(), Some(span), None, at);
        self.device = None;
        (Some(node), Effect::Added)
    }
}
