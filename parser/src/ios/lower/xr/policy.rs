//! The IOS-XR route-policy compiler: RPL statement trees into [`RoutePolicy`] clauses, with the
//! layout and semantics documented in [`crate::ir::policy`] ("How IOS-XR route-policies are
//! lowered").
//!
//! `apply` is inlined (Cisco defines it as pasting the applied policy in place), with the
//! applied policy's parameters substituted; a loop of applies, or more than
//! [`MAX_APPLY_DEPTH`] levels, becomes an unsupported action. Conditions and actions are
//! resolved against the device's sets, which are complete by then.

use std::collections::{BTreeMap, BTreeSet};

use super::super::Lowerer;
use super::PolicyBody;
use crate::ios::parse::xr::rpl::{
    self, Action, Branch, CommunityTest, Cond, Pred, Range, RplStmt, SetRef,
};
use crate::ir::policy::{
    ClauseResult, CommunityMatcher, PolicyClause, PolicyMatch, PolicySet, PrefixRange, RoutePolicy,
};
use crate::ir::routing::RouteSource;
use crate::ir::{AddressFamily, Reference, Span, Spanned, StructureKind};

/// How deep `apply` may nest (a deeper chain is almost certainly a loop).
const MAX_APPLY_DEPTH: usize = 16;

/// Whether the route is accepted (passed or modified) at a point of the policy, over every way
/// of getting there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Accepted {
    No,
    Yes,
    Maybe,
}

impl Accepted {
    fn join(self, other: Accepted) -> Accepted {
        if self == other { self } else { Accepted::Maybe }
    }

    fn after(self, accepts: bool) -> Accepted {
        if accepts { Accepted::Yes } else { self }
    }
}

/// How a clause ends before jump targets are known.
#[derive(Clone, Copy, Debug)]
enum End {
    Permit,
    Deny,
    /// Go on at the clause bound to this label.
    Jump(usize),
}

/// A clause being laid out.
#[derive(Debug)]
struct Pending {
    span: Span,
    matches: Vec<Spanned<PolicyMatch>>,
    sets: Vec<Spanned<PolicySet>>,
    /// The clause passes or modifies the route.
    accepts: bool,
    end: End,
    /// Whether the route is accepted after this clause.
    after: Accepted,
}

/// One compilation of one policy (with one list of arguments).
struct Compiler<'l, 'a> {
    lowerer: &'l mut Lowerer<'a>,
    bodies: &'l BTreeMap<String, PolicyBody<'a>>,
    /// The policy's name in the IR (with its arguments, when it has some).
    name: String,
    /// Whether this compilation records references, unsupported features and syntax errors
    /// (each policy's own compilation does; compilations with arguments do not repeat them).
    report: bool,
    clauses: Vec<Pending>,
    /// Label → clause index, once bound.
    labels: Vec<Option<usize>>,
    seen: BTreeSet<(StructureKind, String, Span)>,
}

impl<'a> Lowerer<'a> {
    /// Compiles every route-policy, and each use of a policy with arguments.
    pub(super) fn xr_finish_policies(&mut self) {
        let bodies = std::mem::take(&mut self.xr.policies);
        for (name, body) in &bodies {
            let policy = self.xr_compile(&bodies, name, body, &[], name.clone(), true);
            self.device.route_policies.insert(name.clone(), policy);
        }
        // `route-policy P(a, b) in` and friends name a policy with arguments: each distinct
        // invocation is compiled under its text, and its references name the policy itself.
        let mut invocations = BTreeSet::new();
        for r in &mut self.device.references {
            if r.kind != StructureKind::RoutePolicy {
                continue;
            }
            if let Some((base, _)) = r.name.split_once('(') {
                invocations.insert(r.name.clone());
                r.name = base.trim().to_owned();
            }
        }
        for invocation in invocations {
            let Some((base, args)) = split_invocation(&invocation) else {
                continue;
            };
            let Some(body) = bodies.get(base) else {
                continue;
            };
            let policy = self.xr_compile(&bodies, base, body, &args, invocation.clone(), false);
            self.device.route_policies.insert(invocation, policy);
        }
    }

    fn xr_compile(
        &mut self,
        bodies: &BTreeMap<String, PolicyBody<'a>>,
        base: &str,
        body: &PolicyBody<'a>,
        args: &[String],
        name: String,
        report: bool,
    ) -> RoutePolicy {
        let (stmts, errors) = rpl::parse_policy(&body.lines, &bind_args(&body.params, args));
        if report {
            for e in errors {
                let span = Span::new(self.file, e.range.0, e.range.1);
                self.xr_policy_diagnostic(span, e.message, e.unrecognised);
            }
        }
        let mut compiler = Compiler {
            lowerer: self,
            bodies,
            name: name.clone(),
            report,
            clauses: Vec::new(),
            labels: Vec::new(),
            seen: BTreeSet::new(),
        };
        let mut stack = vec![base.to_owned()];
        let stmts = compiler.expand(stmts, &mut stack);
        let end = compiler.label();
        compiler.block(&stmts, end, Accepted::No);
        let clauses = compiler.finish(body.span);
        RoutePolicy {
            name,
            span: body.span,
            clauses,
            default_result: ClauseResult::Deny,
        }
    }
}

/// `P(a, b)` → (`P`, [`a`, `b`]).
fn split_invocation(text: &str) -> Option<(&str, Vec<String>)> {
    let (base, rest) = text.split_once('(')?;
    let inner = rest.trim_end().strip_suffix(')')?;
    let args = inner
        .split(',')
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    Some((base.trim(), args))
}

/// Parameter name → argument, for as many as both lists have.
fn bind_args(params: &[String], args: &[String]) -> BTreeMap<String, String> {
    params.iter().cloned().zip(args.iter().cloned()).collect()
}

impl<'a> Compiler<'_, 'a> {
    fn span(&self, range: Range) -> Span {
        Span::new(self.lowerer.file, range.0, range.1)
    }

    fn label(&mut self) -> usize {
        self.labels.push(None);
        self.labels.len() - 1
    }

    fn bind(&mut self, label: usize) {
        self.labels[label] = Some(self.clauses.len());
    }

    fn reference(&mut self, kind: StructureKind, name: &str, usage: &str, span: Span) {
        if !self.report || rpl::has_param(name) {
            return;
        }
        if self.seen.insert((kind, name.to_owned(), span)) {
            self.lowerer.device.references.push(Reference {
                kind,
                name: name.to_owned(),
                usage: format!("route-policy {} {usage}", self.name),
                span,
            });
        }
    }

    fn unsupported(&mut self, what: &str, span: Span) {
        if self.report {
            let scope = Some(format!("route-policy {}", self.name));
            self.lowerer.unsupported(what, scope, span);
        }
    }

    /// Inlines `apply` statements (recursively), leaving other statements as they are.
    fn expand(&mut self, stmts: Vec<RplStmt<'a>>, stack: &mut Vec<String>) -> Vec<RplStmt<'a>> {
        let mut out = Vec::new();
        for s in stmts {
            match s {
                RplStmt::Apply { name, args, range } => {
                    let span = self.span(range);
                    let target: String = name.text.to_string();
                    self.reference(StructureKind::RoutePolicy, &target, "apply", span);
                    let unsupported = |what: String| RplStmt::Action {
                        action: Action::Unsupported(what),
                        range,
                    };
                    if stack.len() > MAX_APPLY_DEPTH || stack.contains(&target) {
                        out.push(unsupported(format!("apply {target} (a loop of applies)")));
                        continue;
                    }
                    let Some(body) = self.bodies.get(&target) else {
                        out.push(unsupported(format!("apply {target} (not defined)")));
                        continue;
                    };
                    if body.params.len() != args.len() {
                        out.push(unsupported(format!(
                            "apply {target} with {} arguments for {} parameters",
                            args.len(),
                            body.params.len()
                        )));
                        continue;
                    }
                    let (inner, _) =
                        rpl::parse_policy(&body.lines, &bind_args(&body.params, &args));
                    stack.push(target);
                    let inner = self.expand(inner, stack);
                    stack.pop();
                    out.extend(inner);
                }
                RplStmt::If {
                    branches,
                    otherwise,
                } => {
                    let branches = branches
                        .into_iter()
                        .map(|b| Branch {
                            body: self.expand(b.body, stack),
                            ..b
                        })
                        .collect();
                    let otherwise = otherwise.map(|(r, body)| (r, self.expand(body, stack)));
                    out.push(RplStmt::If {
                        branches,
                        otherwise,
                    });
                }
                other => out.push(other),
            }
        }
        out
    }

    /// Lays out `stmts`, which run with acceptance `state` and go on at `exit` when they end
    /// without `done` or `drop`. Returns the acceptance at `exit` (`None`: no path gets there).
    fn block(&mut self, stmts: &[RplStmt<'a>], exit: usize, state: Accepted) -> Option<Accepted> {
        let mut state = state;
        let mut segment: Option<Pending> = None;
        for (i, s) in stmts.iter().enumerate() {
            if let RplStmt::If {
                branches,
                otherwise,
            } = s
            {
                if let Some(mut c) = segment.take() {
                    let next = self.label();
                    c.end = End::Jump(next);
                    c.after = state.after(c.accepts);
                    state = c.after;
                    self.clauses.push(c);
                    self.bind(next);
                }
                let last = i + 1 == stmts.len();
                let after = if last { exit } else { self.label() };
                state = self.chain(branches, otherwise.as_ref(), after, state)?;
                if last {
                    return Some(state);
                }
                self.bind(after);
                continue;
            }
            let range = stmt_range(s);
            let span = self.span(range);
            let c = segment.get_or_insert_with(|| Pending {
                span,
                matches: Vec::new(),
                sets: Vec::new(),
                accepts: false,
                end: End::Jump(exit),
                after: state,
            });
            if let Some(end) = self.plain(c, s) {
                let mut c = segment.take()?;
                c.end = end;
                c.after = Accepted::No;
                self.clauses.push(c);
                return None;
            }
        }
        let mut c = segment?;
        c.end = End::Jump(exit);
        c.after = state.after(c.accepts);
        let after = c.after;
        self.clauses.push(c);
        Some(after)
    }

    /// Adds a plain statement to clause `c`; `Some(end)` for `done` and `drop`.
    fn plain(&mut self, c: &mut Pending, s: &RplStmt<'a>) -> Option<End> {
        match s {
            RplStmt::Pass(_) => c.accepts = true,
            RplStmt::Done(_) => return Some(End::Permit),
            RplStmt::Drop(_) => return Some(End::Deny),
            RplStmt::Action { action, range } => {
                let span = self.span(*range);
                let set = self.action(action, span);
                if let PolicySet::Unsupported(what) = &set {
                    let what = format!("route-policy action: {what}");
                    self.unsupported(&what, span);
                }
                c.sets.push(Spanned::new(set, span));
                // Every action modifies the route, which accepts it.
                c.accepts = true;
            }
            RplStmt::Unknown { text, range } => {
                // Unknown: it might have passed or modified the route. Counting it as a
                // modification keeps the clause's sets (and so the unsupported marker) on every
                // path through it, so the outcome is inconclusive rather than a silent drop.
                let span = self.span(*range);
                c.sets
                    .push(Spanned::new(PolicySet::Unsupported(text.clone()), span));
                c.accepts = true;
            }
            RplStmt::Apply { .. } | RplStmt::If { .. } => {
                // Applies are inlined and chains laid out before this is called.
                let span = self.span(stmt_range(s));
                c.sets
                    .push(Spanned::new(PolicySet::Unsupported("apply".into()), span));
            }
        }
        None
    }

    /// Lays out an `if` chain whose branches go on at `after`.
    fn chain(
        &mut self,
        branches: &[Branch<'a>],
        otherwise: Option<&(Range, Vec<RplStmt<'a>>)>,
        after: usize,
        state: Accepted,
    ) -> Option<Accepted> {
        let implicit_else = (
            branches.last().map_or((0, 0), |b| (b.head.1, b.head.1)),
            Vec::new(),
        );
        let otherwise = otherwise.unwrap_or(&implicit_else);
        let mut arms: Vec<(Option<&Branch<'a>>, Range, &[RplStmt<'a>])> = branches
            .iter()
            .map(|b| (Some(b), b.head, b.body.as_slice()))
            .collect();
        arms.push((None, otherwise.0, otherwise.1.as_slice()));
        // Heads, in order, each with the statements before its first nested `if`.
        let mut rests: Vec<(usize, &[RplStmt<'a>], Accepted)> = Vec::new();
        let mut result: Option<Accepted> = None;
        for (branch, head, body) in arms {
            let matches = match branch {
                Some(b) => self.condition(&b.cond),
                None => Vec::new(),
            };
            let split = body
                .iter()
                .position(|s| matches!(s, RplStmt::If { .. }))
                .unwrap_or(body.len());
            let (lead, rest) = body.split_at(split);
            let mut c = Pending {
                span: self.span(head),
                matches,
                sets: Vec::new(),
                accepts: false,
                end: End::Jump(after),
                after: state,
            };
            let mut terminated = None;
            for s in lead {
                if let Some(end) = self.plain(&mut c, s) {
                    terminated = Some(end);
                    break;
                }
            }
            match terminated {
                Some(end) => {
                    c.end = end;
                    c.after = Accepted::No;
                }
                None if rest.is_empty() => {
                    c.after = state.after(c.accepts);
                    result = Some(result.map_or(c.after, |r| r.join(c.after)));
                }
                None => {
                    let label = self.label();
                    c.end = End::Jump(label);
                    c.after = state.after(c.accepts);
                    rests.push((label, rest, c.after));
                }
            }
            self.clauses.push(c);
        }
        for (label, rest, state) in rests {
            self.bind(label);
            if let Some(a) = self.block(rest, after, state) {
                result = Some(result.map_or(a, |r| r.join(a)));
            }
        }
        result
    }

    /// A condition as clause matches: the parts of a top-level `and` each, else one match.
    fn condition(&mut self, cond: &Cond<'a>) -> Vec<Spanned<PolicyMatch>> {
        match cond {
            Cond::And(parts) => parts
                .iter()
                .map(|p| {
                    let span = self.span(cond_range(p));
                    Spanned::new(self.matcher(p), span)
                })
                .collect(),
            other => {
                let span = self.span(cond_range(other));
                vec![Spanned::new(self.matcher(other), span)]
            }
        }
    }

    fn matcher(&mut self, cond: &Cond<'a>) -> PolicyMatch {
        match cond {
            Cond::And(parts) => PolicyMatch::All(parts.iter().map(|p| self.matcher(p)).collect()),
            Cond::Or(parts) => PolicyMatch::Any(parts.iter().map(|p| self.matcher(p)).collect()),
            Cond::Not(inner) => PolicyMatch::Not(Box::new(self.matcher(inner))),
            Cond::Pred(p, range) => {
                let span = self.span(*range);
                let m = self.predicate(p, span);
                if let PolicyMatch::Unsupported(what) = &m {
                    let what = format!("route-policy condition: {what}");
                    self.unsupported(&what, span);
                }
                m
            }
        }
    }

    fn predicate(&mut self, p: &Pred<'a>, span: Span) -> PolicyMatch {
        let unsupported = |what: &str| PolicyMatch::Unsupported(what.to_owned());
        match p {
            Pred::DestinationIn(SetRef::Named(t)) => {
                let name: &str = &t.text;
                if rpl::has_param(name) {
                    return unsupported(&format!("destination in {name}"));
                }
                let device = &self.lowerer.device;
                let (v4, v6) = (
                    device.prefix_lists.contains_key(name),
                    device.prefix_lists_v6.contains_key(name),
                );
                let span = self.span((t.start, t.end));
                let v4_list = PolicyMatch::PrefixList(AddressFamily::Ipv4, vec![name.to_owned()]);
                let v6_list = PolicyMatch::PrefixList(AddressFamily::Ipv6, vec![name.to_owned()]);
                match (v4, v6) {
                    (false, true) => {
                        self.reference(StructureKind::PrefixListV6, name, "destination in", span);
                        v6_list
                    }
                    (true, true) => {
                        self.reference(StructureKind::PrefixList, name, "destination in", span);
                        PolicyMatch::Any(vec![v4_list, v6_list])
                    }
                    _ => {
                        self.reference(StructureKind::PrefixList, name, "destination in", span);
                        v4_list
                    }
                }
            }
            Pred::DestinationIn(SetRef::Inline(elements)) => {
                let ranges: Result<Vec<PrefixRange>, String> = elements
                    .iter()
                    .map(|e| {
                        rpl::prefix_element(e).map(|(prefix, min_len, max_len)| PrefixRange {
                            prefix,
                            min_len,
                            max_len,
                        })
                    })
                    .collect();
                match ranges {
                    Ok(r) => PolicyMatch::PrefixRanges(r),
                    Err(why) => unsupported(&format!("destination in an inline set ({why})")),
                }
            }
            Pred::NextHopIn(SetRef::Named(t)) => {
                let name = t.text.to_string();
                if rpl::has_param(&name) {
                    return unsupported(&format!("next-hop in {name}"));
                }
                let span = self.span((t.start, t.end));
                self.reference(StructureKind::PrefixList, &name, "next-hop in", span);
                PolicyMatch::NextHopPrefixList(vec![name])
            }
            Pred::NextHopIn(SetRef::Inline(_)) => unsupported("next-hop in an inline set"),
            Pred::Community(test, set) => self.community(*test, set),
            Pred::CommunityIsEmpty => PolicyMatch::Not(Box::new(PolicyMatch::Communities(vec![
                CommunityMatcher::Regex(".+".into()),
            ]))),
            Pred::AsPathIn(SetRef::Named(t)) => {
                let name = t.text.to_string();
                if rpl::has_param(&name) {
                    return unsupported(&format!("as-path in {name}"));
                }
                let span = self.span((t.start, t.end));
                self.reference(StructureKind::AsPathList, &name, "as-path in", span);
                PolicyMatch::AsPath(vec![name])
            }
            Pred::AsPathIn(SetRef::Inline(elements)) => {
                let regexes: Result<Vec<String>, String> =
                    elements.iter().map(|e| rpl::as_path_element(e)).collect();
                match regexes {
                    Ok(r) => PolicyMatch::AsPathRegexes(r),
                    Err(why) => unsupported(&format!("as-path in an inline set ({why})")),
                }
            }
            Pred::AsPath(Ok(regex)) => PolicyMatch::AsPathRegexes(vec![regex.clone()]),
            Pred::AsPath(Err(why)) => unsupported(why),
            Pred::Tag(t) => PolicyMatch::Tag(vec![*t]),
            Pred::Med(m) => PolicyMatch::Metric(*m),
            Pred::Protocol(words) => {
                let w: Vec<&str> = words.iter().map(String::as_str).collect();
                let source = match w.as_slice() {
                    ["connected"] => Some(RouteSource::Connected),
                    ["static"] => Some(RouteSource::Static),
                    ["ospf", id] => Some(RouteSource::Ospf((*id).to_owned())),
                    ["isis", tag] => Some(RouteSource::Isis((*tag).to_owned())),
                    ["bgp"] => Some(RouteSource::Bgp(None)),
                    ["bgp", asn] => crate::ios::parse::parse_asn(asn)
                        .ok()
                        .map(|a| RouteSource::Bgp(Some(a))),
                    _ => None,
                };
                let _ = span;
                match source {
                    Some(s) => PolicyMatch::SourceProtocol(vec![s]),
                    None => unsupported(&format!("protocol is {}", words.join(" "))),
                }
            }
            Pred::Unsupported(text) => unsupported(text),
        }
    }

    /// `community matches-any|matches-every|matches-within SET`.
    fn community(&mut self, test: CommunityTest, set: &SetRef<'a>) -> PolicyMatch {
        let unsupported = |what: String| PolicyMatch::Unsupported(what);
        let matchers: Result<Vec<CommunityMatcher>, String> = match set {
            SetRef::Named(t) => {
                let name = t.text.to_string();
                if rpl::has_param(&name) {
                    return unsupported(format!("community in {name}"));
                }
                let span = self.span((t.start, t.end));
                self.reference(StructureKind::CommunityList, &name, "community", span);
                if test == CommunityTest::Any {
                    return PolicyMatch::Community {
                        lists: vec![name],
                        exact: false,
                    };
                }
                match self.lowerer.device.community_lists.get(&name) {
                    Some(list) => Ok(list.entries.iter().map(|e| e.matcher.clone()).collect()),
                    None => Err(format!("community-set {name} is not defined")),
                }
            }
            SetRef::Inline(elements) => {
                elements.iter().map(|e| rpl::community_element(e)).collect()
            }
        };
        let matchers = match matchers {
            Ok(m) => m,
            Err(why) => return unsupported(format!("community condition ({why})")),
        };
        match test {
            CommunityTest::Any => PolicyMatch::Communities(matchers),
            // Every element matches some community of the route.
            CommunityTest::Every => PolicyMatch::All(
                matchers
                    .into_iter()
                    .map(|m| PolicyMatch::Communities(vec![m]))
                    .collect(),
            ),
            CommunityTest::Within => unsupported("community matches-within".into()),
        }
    }

    /// An action as a set.
    fn action(&mut self, action: &Action<'a>, span: Span) -> PolicySet {
        match action {
            Action::Set(s) => s.clone(),
            Action::Unsupported(text) => PolicySet::Unsupported(text.clone()),
            Action::SetCommunity { set, additive } => {
                let literals = match set {
                    SetRef::Named(t) => {
                        let name = t.text.to_string();
                        let name_span = self.span((t.start, t.end));
                        self.reference(
                            StructureKind::CommunityList,
                            &name,
                            "set community",
                            name_span,
                        );
                        match self.lowerer.device.community_lists.get(&name) {
                            Some(list) => list
                                .entries
                                .iter()
                                .map(|e| literal(&e.matcher))
                                .collect::<Option<Vec<String>>>(),
                            None => None,
                        }
                    }
                    SetRef::Inline(elements) => elements
                        .iter()
                        .map(|e| rpl::community_element(e).ok().and_then(|m| literal(&m)))
                        .collect(),
                };
                let _ = span;
                match literals {
                    Some(communities) => PolicySet::Community {
                        communities,
                        additive: *additive,
                    },
                    None => PolicySet::Unsupported(
                        "set community with patterns, parameters or an undefined set".into(),
                    ),
                }
            }
            Action::DeleteCommunityIn(SetRef::Named(t)) => {
                let name = t.text.to_string();
                let name_span = self.span((t.start, t.end));
                self.reference(
                    StructureKind::CommunityList,
                    &name,
                    "delete community in",
                    name_span,
                );
                PolicySet::CommunityDelete(name)
            }
            Action::DeleteCommunityIn(SetRef::Inline(_)) => {
                PolicySet::Unsupported("delete community in an inline set".into())
            }
        }
    }

    /// Turns the laid-out clauses into IR clauses (sequence numbers, jump targets, the end).
    fn finish(self, policy_span: Span) -> Vec<PolicyClause> {
        let n = self.clauses.len();
        let seq = |i: usize| (i as u32 + 1) * 10;
        let end_seq = seq(n);
        let mut needs_end = false;
        let mut out = Vec::with_capacity(n + 1);
        for (i, c) in self.clauses.into_iter().enumerate() {
            let result = match c.end {
                End::Permit => ClauseResult::Permit,
                End::Deny => ClauseResult::Deny,
                End::Jump(label) => {
                    let target = self.labels.get(label).copied().flatten().unwrap_or(n);
                    if target >= n {
                        // The end of the policy.
                        match c.after {
                            Accepted::Yes => ClauseResult::Permit,
                            Accepted::No => ClauseResult::Deny,
                            Accepted::Maybe => {
                                needs_end = true;
                                jump(c.accepts, Some(end_seq))
                            }
                        }
                    } else if target == i + 1 {
                        jump(c.accepts, None)
                    } else {
                        jump(c.accepts, Some(seq(target)))
                    }
                }
            };
            out.push(PolicyClause {
                label: seq(i).to_string(),
                seq: Some(seq(i)),
                span: c.span,
                matches: c.matches,
                sets: c.sets,
                result,
            });
        }
        if needs_end {
            // A jump to the end lands here when it is the next clause as well.
            for c in out.iter_mut() {
                match &mut c.result {
                    ClauseResult::Continue(t) | ClauseResult::Goto(t)
                        if *t == Some(end_seq) && c.seq == Some(end_seq - 10) =>
                    {
                        *t = None
                    }
                    _ => {}
                }
            }
            out.push(PolicyClause {
                label: "end-policy".into(),
                seq: Some(end_seq),
                span: policy_span,
                matches: Vec::new(),
                sets: Vec::new(),
                result: ClauseResult::Goto(None),
            });
        }
        out
    }
}

/// `Continue` when the clause accepts the route, else `Goto`.
fn jump(accepts: bool, target: Option<u32>) -> ClauseResult {
    if accepts {
        ClauseResult::Continue(target)
    } else {
        ClauseResult::Goto(target)
    }
}

/// The single community a matcher stands for, when it is a literal.
fn literal(m: &CommunityMatcher) -> Option<String> {
    match m {
        CommunityMatcher::All(v) if v.len() == 1 => Some(v[0].clone()),
        _ => None,
    }
}

/// The range a statement covers.
fn stmt_range(s: &RplStmt<'_>) -> Range {
    match s {
        RplStmt::Pass(r) | RplStmt::Drop(r) | RplStmt::Done(r) => *r,
        RplStmt::Apply { range, .. }
        | RplStmt::Action { range, .. }
        | RplStmt::Unknown { range, .. } => *range,
        RplStmt::If { branches, .. } => branches.first().map_or((0, 0), |b| b.head),
    }
}

/// The range a condition covers.
fn cond_range(c: &Cond<'_>) -> Range {
    match c {
        Cond::Pred(_, r) => *r,
        Cond::Not(inner) => cond_range(inner),
        Cond::And(parts) | Cond::Or(parts) => {
            let ranges: Vec<Range> = parts.iter().map(cond_range).collect();
            (
                ranges.iter().map(|r| r.0).min().unwrap_or(0),
                ranges.iter().map(|r| r.1).max().unwrap_or(0),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    //! The compiled clauses are checked two ways: their shape for the common forms, and their
    //! behaviour against a direct interpreter of the RPL statements (the semantics Cisco
    //! documents) on many routes, through a reference evaluator of the clause semantics that
    //! `ir::policy` documents.

    use std::collections::BTreeMap;

    use ipnet::IpNet;

    use super::*;
    use crate::ios::Dialect;
    use crate::source::FileId;

    fn device(config: &str) -> crate::ir::Device {
        let text = format!("hostname r1\n{config}");
        let text: &'static str = Box::leak(text.into_boxed_str());
        crate::ios::parse_device(FileId(0), text, Dialect::IosXr, "r1").0
    }

    /// Input: IOS-XR configuration text. Output: each clause of policy `name` as
    /// `seq result [matches] {sets}`.
    fn check(config: &str, name: &str) -> String {
        let d = device(config);
        let Some(policy) = d.route_policies.get(name) else {
            return format!("no policy {name}");
        };
        let mut out = String::new();
        for c in &policy.clauses {
            let matches: Vec<String> = c.matches.iter().map(|m| format!("{:?}", m.value)).collect();
            let sets: Vec<String> = c.sets.iter().map(|s| format!("{:?}", s.value)).collect();
            out.push_str(&format!(
                "{} {:?} [{}] {{{}}}\n",
                c.label,
                c.result,
                matches.join(", "),
                sets.join(", ")
            ));
        }
        out
    }

    #[test]
    fn the_labs_policy_is_two_clauses() {
        let got = check(
            "prefix-set IBGP-OUT\n  10.0.0.0/8 le 32,\n  192.168.123.2/32\nend-set\n!\nroute-policy IBGP-OUT\n  if destination in IBGP-OUT then\n    pass\n  else\n    drop\n  endif\nend-policy\n",
            "IBGP-OUT",
        );
        assert_eq!(
            got,
            "10 Permit [PrefixList(Ipv4, [\"IBGP-OUT\"])] {}\n20 Deny [] {}\n"
        );
    }

    #[test]
    fn a_set_accepts_and_no_else_drops() {
        let got = check(
            "route-policy P\n  if community matches-any C then\n    set local-preference 350\n  endif\nend-policy\n",
            "P",
        );
        assert_eq!(
            got,
            "10 Permit [Community { lists: [\"C\"], exact: false }] {LocalPreference(350)}\n20 Deny [] {}\n"
        );
        assert_eq!(check("route-policy E\nend-policy\n", "E"), "");
        assert_eq!(
            check("route-policy D\n drop\nend-policy\n", "D"),
            "10 Deny [] {}\n"
        );
    }

    #[test]
    fn applies_are_inlined_and_the_end_decides() {
        let got = check(
            "route-policy A\n if destination in (10.0.0.0/8 le 32) then\n  set tag 1\n endif\nend-policy\nroute-policy B\n apply A\n if destination in (20.0.0.0/8 le 32) then\n  pass\n endif\nend-policy\n",
            "B",
        );
        assert_eq!(
            got,
            "10 Continue(Some(30)) [PrefixRanges([PrefixRange { prefix: 10.0.0.0/8, min_len: 8, max_len: 32 }])] {Tag(1)}\n\
             20 Goto(None) [] {}\n\
             30 Permit [PrefixRanges([PrefixRange { prefix: 20.0.0.0/8, min_len: 8, max_len: 32 }])] {}\n\
             40 Goto(None) [] {}\n\
             end-policy Goto(None) [] {}\n"
        );
    }

    #[test]
    fn parameters_and_invocations() {
        let d = device(
            "route-policy IN($set, $tag)\n if destination in $set then\n  set tag $tag\n endif\nend-policy\nprefix-set P\n 10.0.0.0/8\nend-set\nrouter bgp 1\n neighbor 10.0.0.1\n  remote-as 2\n  address-family ipv4 unicast\n   route-policy IN(P, 7) in\n",
        );
        let standalone = &d.route_policies["IN"];
        assert!(matches!(
            standalone.clauses[0].matches[0].value,
            PolicyMatch::Unsupported(_)
        ));
        let invoked = &d.route_policies["IN(P, 7)"];
        assert_eq!(
            invoked.clauses[0].matches[0].value,
            PolicyMatch::PrefixList(AddressFamily::Ipv4, vec!["P".into()])
        );
        assert_eq!(invoked.clauses[0].sets[0].value, PolicySet::Tag(7));
        // The neighbor's reference names the policy itself.
        assert!(
            d.references
                .iter()
                .any(|r| r.kind == StructureKind::RoutePolicy && r.name == "IN")
        );
        assert!(!d.references.iter().any(|r| r.name.contains('(')));
    }

    #[test]
    fn loops_and_undefined_applies_are_unsupported() {
        let got = check("route-policy L\n apply L\nend-policy\n", "L");
        assert!(
            got.contains("Unsupported(\"apply L (a loop of applies)\")"),
            "{got}"
        );
        let got = check("route-policy U\n apply NOPE\n pass\nend-policy\n", "U");
        assert!(
            got.contains("Unsupported(\"apply NOPE (not defined)\")"),
            "{got}"
        );
    }

    #[test]
    fn syntax_errors_are_diagnostics() {
        let text = "hostname r1\nroute-policy X\n if destination in (10.0.0.0/8) then\n  frobnicate\n endif\nend-policy\n";
        let (_, diagnostics) = crate::ios::parse_device(FileId(0), text, Dialect::IosXr, "r1");
        assert!(
            diagnostics.iter().any(|d| d
                .message
                .contains("`frobnicate` is not a route-policy statement")),
            "{diagnostics:?}"
        );
    }

    // --- Behaviour: compiled clauses against a direct interpreter. ---

    /// The outcome of a policy on a route: `None` rejected, else the sets applied in order.
    type Outcome = Option<Vec<PolicySet>>;

    /// The clause semantics of `ir::policy`, for matches on the destination only.
    fn run_clauses(policy: &RoutePolicy, prefix: IpNet) -> Outcome {
        let clauses = &policy.clauses;
        let (mut at, mut accepted, mut applied) = (0, false, Vec::new());
        while at < clauses.len() {
            let Some(i) = (at..clauses.len())
                .find(|&i| clauses[i].matches.iter().all(|m| holds(&m.value, prefix)))
            else {
                break;
            };
            let c = &clauses[i];
            let target = |t: &Option<u32>| match t {
                None => i + 1,
                Some(seq) => (i + 1..clauses.len())
                    .find(|&j| clauses[j].seq.is_some_and(|s| s >= *seq))
                    .unwrap_or(clauses.len()),
            };
            match &c.result {
                ClauseResult::Deny => return None,
                ClauseResult::Permit | ClauseResult::NextPolicy => {
                    applied.extend(c.sets.iter().map(|s| s.value.clone()));
                    return Some(applied);
                }
                ClauseResult::Continue(t) => {
                    applied.extend(c.sets.iter().map(|s| s.value.clone()));
                    accepted = true;
                    at = target(t);
                }
                ClauseResult::Goto(t) => {
                    applied.extend(c.sets.iter().map(|s| s.value.clone()));
                    at = target(t);
                }
            }
        }
        accepted.then_some(applied)
    }

    fn holds(m: &PolicyMatch, prefix: IpNet) -> bool {
        match m {
            PolicyMatch::PrefixRanges(r) => r.iter().any(|r| r.contains(&prefix)),
            PolicyMatch::Not(inner) => !holds(inner, prefix),
            PolicyMatch::Any(parts) => parts.iter().any(|p| holds(p, prefix)),
            PolicyMatch::All(parts) => parts.iter().all(|p| holds(p, prefix)),
            other => panic!("not in these tests: {other:?}"),
        }
    }

    /// Cisco's semantics, statement by statement.
    fn interpret(
        stmts: &[RplStmt<'_>],
        prefix: IpNet,
        accepted: &mut bool,
        applied: &mut Vec<PolicySet>,
    ) -> Option<bool> {
        for s in stmts {
            match s {
                RplStmt::Pass(_) => *accepted = true,
                RplStmt::Done(_) => return Some(true),
                RplStmt::Drop(_) => return Some(false),
                RplStmt::Action {
                    action: Action::Set(set),
                    ..
                } => {
                    applied.push(set.clone());
                    *accepted = true;
                }
                RplStmt::If {
                    branches,
                    otherwise,
                } => {
                    let body = branches
                        .iter()
                        .find(|b| cond(&b.cond, prefix))
                        .map(|b| b.body.as_slice())
                        .or(otherwise.as_ref().map(|(_, b)| b.as_slice()))
                        .unwrap_or(&[]);
                    if let Some(end) = interpret(body, prefix, accepted, applied) {
                        return Some(end);
                    }
                }
                other => panic!("not in these tests: {other:?}"),
            }
        }
        None
    }

    fn cond(c: &Cond<'_>, prefix: IpNet) -> bool {
        match c {
            Cond::And(p) => p.iter().all(|c| cond(c, prefix)),
            Cond::Or(p) => p.iter().any(|c| cond(c, prefix)),
            Cond::Not(c) => !cond(c, prefix),
            Cond::Pred(Pred::DestinationIn(SetRef::Inline(elements)), _) => {
                elements.iter().any(|e| {
                    let (p, min, max) = rpl::prefix_element(e).unwrap();
                    PrefixRange {
                        prefix: p,
                        min_len: min,
                        max_len: max,
                    }
                    .contains(&prefix)
                })
            }
            other => panic!("not in these tests: {other:?}"),
        }
    }

    fn interpreted(body: &str, prefix: IpNet) -> Outcome {
        let lines: Vec<(usize, &str)> = body.lines().map(|l| (0, l)).collect();
        let (stmts, errors) = rpl::parse_policy(&lines, &BTreeMap::new());
        assert!(errors.is_empty(), "{errors:?}");
        let (mut accepted, mut applied) = (false, Vec::new());
        match interpret(&stmts, prefix, &mut accepted, &mut applied) {
            Some(true) => Some(applied),
            Some(false) => None,
            None => accepted.then_some(applied),
        }
    }

    /// Policies mixing every control form; `set tag N` marks which statements ran.
    const BODIES: &[&str] = &[
        "if destination in (10.0.0.0/8 le 32) then\n set tag 1\nendif",
        "if destination in (10.0.0.0/8 le 32) then\n pass\nelseif destination in (10.1.0.0/16 le 32) then\n set tag 2\nelse\n drop\nendif\nset tag 3",
        "set tag 1\nif destination in (10.0.0.0/8 le 16) then\n if destination in (10.1.0.0/16) then\n  done\n endif\n set tag 2\nelseif not destination in (20.0.0.0/8 le 32) then\n drop\nendif\nif destination in (20.0.0.0/8 ge 24) then\n set tag 4\n pass\nendif",
        "if destination in (10.0.0.0/8 le 32) or destination in (20.0.0.0/8 le 32) then\n if destination in (10.0.0.0/16 le 32) and not destination in (10.0.1.0/24) then\n  set tag 5\n else\n  pass\n  set tag 6\n endif\n set tag 7\n if destination in (20.1.0.0/16 le 32) then\n  drop\n endif\nendif\nif destination in (30.0.0.0/8 le 32) then\n pass\nendif",
        "pass\nif destination in (10.0.0.0/8 le 32) then\n drop\nendif",
        "if destination in (10.0.0.0/8 le 32) then\nelse\n set tag 9\nendif\nif destination in (10.2.0.0/16 le 32) then\n done\nendif",
    ];

    const RPL_WORDS: &[&str] = &[
        "if",
        "elseif",
        "else",
        "endif",
        "then",
        "and",
        "or",
        "not",
        "(",
        ")",
        ",",
        "pass",
        "drop",
        "done",
        "apply",
        "P",
        "Q($a)",
        "set",
        "community",
        "med",
        "+5",
        "local-preference",
        "destination",
        "in",
        "as-path",
        "neighbor-is",
        "'1 [2..3]'",
        "exact",
        "length",
        "ge",
        "eq",
        "matches-any",
        "matches-every",
        "is-empty",
        "10.0.0.0/8",
        "le",
        "32",
        "65000:*",
        "$a",
        "ios-regex",
        "'^1_'",
        "prepend",
        "delete",
        "all",
        "#",
        "tag",
        "next-hop",
        "self",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Input: route-policy bodies of random RPL words (and a policy they can apply).
        /// Expected: lowering never panics.
        #[test]
        fn random_bodies_never_panic(lines in proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(RPL_WORDS), 0..10), 0..12)) {
            let body: Vec<String> = lines.iter().map(|l| format!(" {}", l.join(" "))).collect();
            let config = format!(
                "route-policy Q($a)\n if destination in $a then\n  pass\n endif\nend-policy\nroute-policy P\n{}\nend-policy\n",
                body.join("\n")
            );
            let _ = device(&config);
        }
    }

    /// A random RPL program: statements nested up to `depth`, conditions over a few prefixes.
    fn program(depth: u32) -> proptest::prelude::BoxedStrategy<String> {
        use proptest::prelude::*;
        let cond = prop::sample::select(vec![
            "destination in (10.0.0.0/8 le 32)",
            "destination in (10.1.0.0/16 le 32)",
            "not destination in (20.0.0.0/8 le 32)",
            "destination in (30.0.0.0/8 le 32) or destination in (10.2.0.0/16 le 32)",
            "destination in (10.0.0.0/8 le 16) and not destination in (10.1.0.0/16)",
        ]);
        let leaf = prop_oneof![
            Just("pass".to_owned()),
            Just("drop".to_owned()),
            Just("done".to_owned()),
            (1u32..9).prop_map(|t| format!("set tag {t}")),
        ];
        if depth == 0 {
            return prop::collection::vec(leaf, 0..3)
                .prop_map(|l| l.join("\n"))
                .boxed();
        }
        let inner = program(depth - 1);
        let chain = (
            prop::collection::vec((cond, inner.clone()), 1..3),
            prop::option::of(inner),
        )
            .prop_map(|(branches, otherwise)| {
                let mut text = String::new();
                for (i, (c, body)) in branches.iter().enumerate() {
                    let kw = if i == 0 { "if" } else { "elseif" };
                    text.push_str(&format!("{kw} {c} then\n{body}\n"));
                }
                if let Some(body) = otherwise {
                    text.push_str(&format!("else\n{body}\n"));
                }
                text.push_str("endif");
                text
            });
        prop::collection::vec(prop_oneof![3 => leaf, 2 => chain], 0..4)
            .prop_map(|s| s.join("\n"))
            .boxed()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Input: random programs of pass/drop/done/set and nested if chains. Expected: the
        /// compiled clauses accept and modify exactly the routes the statements do.
        #[test]
        fn random_programs_compile_faithfully(body in program(3)) {
            let config = format!("route-policy T\n{body}\nend-policy\n");
            let d = device(&config);
            let policy = &d.route_policies["T"];
            for prefix in ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.2.0.0/16", "20.0.0.0/8",
                "30.0.0.0/8", "40.0.0.0/8", "10.3.0.0/16"] {
                let prefix: IpNet = prefix.parse().unwrap();
                proptest::prop_assert_eq!(
                    run_clauses(policy, prefix),
                    interpreted(&body, prefix),
                    "prefix {}; clauses:\n{}", prefix, check(&config, "T")
                );
            }
        }
    }

    #[test]
    fn compiled_clauses_behave_like_the_statements() {
        let prefixes: Vec<IpNet> = [
            "10.0.0.0/8",
            "10.0.0.0/16",
            "10.0.1.0/24",
            "10.0.2.0/24",
            "10.1.0.0/16",
            "10.1.2.0/24",
            "10.2.0.0/16",
            "10.2.3.0/24",
            "20.0.0.0/8",
            "20.1.0.0/16",
            "20.2.3.0/24",
            "30.0.0.0/8",
            "30.1.0.0/16",
            "40.0.0.0/8",
        ]
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
        for body in BODIES {
            let config = format!("route-policy T\n{body}\nend-policy\n");
            let d = device(&config);
            let policy = &d.route_policies["T"];
            for prefix in &prefixes {
                assert_eq!(
                    run_clauses(policy, *prefix),
                    interpreted(body, *prefix),
                    "policy:\n{body}\nprefix {prefix}\nclauses:\n{}",
                    check(&config, "T")
                );
            }
        }
    }
}
