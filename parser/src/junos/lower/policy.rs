//! `policy-options`: policy statements, prefix lists and communities, gathered and then
//! compiled into IR route policies.
//!
//! A term becomes one clause. Within a `from`, conditions of one kind are alternatives (two
//! `protocol`s, two `community`s); `route-filter`, `prefix-list` and `prefix-list-filter` are
//! all destination conditions and are alternatives to each other; different kinds must all
//! hold. `accept` permits, `reject` denies, `next policy` goes to the next policy, and a term
//! without any of them goes on to the next term with its modifications (`Goto`). The unnamed
//! `from`/`then` of a policy-statement runs after its named terms.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use ipnet::IpNet;

use super::{Benign, Done, Invalid, Outcome, Unknown, unsupported};
use crate::ir::policy::{
    ClauseResult, CommunityList, CommunityListEntry, CommunityMatcher, MetricSet, NextHopSet,
    Origin, PolicyClause, PolicyMatch, PolicySet, PrefixList, PrefixListEntry, PrefixRange,
    RoutePolicy,
};
use crate::ir::routing::RouteSource;
use crate::ir::{Action, AddressFamily, Span, Spanned};
use crate::junos::Statement;

/// How a route filter compares lengths.
#[derive(Clone, Copy, Debug)]
enum Modifier {
    Exact,
    OrLonger,
    Longer,
    Upto(u8),
    Range(u8, u8),
}

#[derive(Clone, Debug)]
enum Condition {
    Protocol(RouteSource),
    RouteFilter(IpNet, Modifier),
    PrefixList(String),
    PrefixListFilter(String, Modifier),
    Community(String),
    Tag(u32),
    Metric(u32),
    Interface(String),
    Policy(String),
    RouteType(String),
    /// `from family inet` (false) or `inet6` (true).
    Family(bool),
    Unsupported(String),
}

#[derive(Clone, Debug)]
enum Then {
    Accept,
    Reject,
    NextTerm,
    NextPolicy,
    Set(PolicySet),
    CommunityAdd(String),
    CommunitySet(String),
}

#[derive(Clone, Debug)]
struct Term {
    name: String,
    span: Span,
    from: Vec<Spanned<Condition>>,
    /// Actions, each with its keyword.
    then: Vec<(String, Spanned<Then>)>,
}

/// `then` leaves that hold one value: setting one again replaces it.
const SINGLE_VALUED: &[&str] = &[
    "local-preference",
    "metric",
    "metric2",
    "tag",
    "tag2",
    "origin",
    "preference",
    "next-hop",
    "external",
    "color",
    "priority",
    "accept",
    "reject",
];

#[derive(Clone, Debug)]
struct PolicyBuild {
    span: Span,
    terms: Vec<Term>,
    term_index: BTreeMap<String, usize>,
    unnamed: Option<Term>,
}

#[derive(Clone, Debug, Default)]
struct PrefixListBuild {
    span: Option<Span>,
    entries: Vec<(IpNet, Span)>,
    apply_path: Option<Span>,
}

#[derive(Clone, Debug, Default)]
struct CommunityBuild {
    span: Option<Span>,
    members: Vec<(String, Span)>,
    invert: bool,
}

/// Everything under `policy-options`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Policies {
    statements: BTreeMap<String, PolicyBuild>,
    prefix_lists: BTreeMap<String, PrefixListBuild>,
    communities: BTreeMap<String, CommunityBuild>,
}

/// What [`Policies::finish`] returns: policies, IPv4 and IPv6 prefix lists, community lists,
/// and unsupported notes (feature, scope, span).
pub(crate) type Compiled = (
    BTreeMap<String, RoutePolicy>,
    BTreeMap<String, PrefixList>,
    BTreeMap<String, PrefixList>,
    BTreeMap<String, CommunityList>,
    Vec<(String, Option<String>, Span)>,
);

impl Policies {
    /// One `policy-options` statement (`w` after `policy-options`, which is word `at - 1`).
    pub(crate) fn statement(&mut self, w: &[&str], s: &Statement, at: usize) -> Outcome {
        let word = |i: usize| s.words.get(at + i).map_or(s.span, |w| w.span);
        match w {
            ["policy-statement", name, rest @ ..] => {
                let policy = self
                    .statements
                    .entry((*name).to_owned())
                    .or_insert_with(|| PolicyBuild {
                        span: word(1),
                        terms: Vec::new(),
                        term_index: BTreeMap::new(),
                        unnamed: None,
                    });
                let (term, rest) = match rest {
                    ["term", term, rest @ ..] => {
                        let index = match policy.term_index.get(*term) {
                            Some(i) => *i,
                            None => {
                                policy
                                    .term_index
                                    .insert((*term).to_owned(), policy.terms.len());
                                policy.terms.push(Term {
                                    name: (*term).to_owned(),
                                    span: word(3),
                                    from: Vec::new(),
                                    then: Vec::new(),
                                });
                                policy.terms.len() - 1
                            }
                        };
                        (&mut policy.terms[index], rest)
                    }
                    rest => (
                        policy.unnamed.get_or_insert_with(|| Term {
                            name: String::new(),
                            span: s.span,
                            from: Vec::new(),
                            then: Vec::new(),
                        }),
                        rest,
                    ),
                };
                match rest {
                    [] => Done,
                    ["from", cond @ ..] => match condition(cond) {
                        Some(c) => {
                            term.from.push(Spanned::new(c, s.span));
                            Done
                        }
                        None => Unknown,
                    },
                    ["to", ..] => {
                        term.from.push(Spanned::new(
                            Condition::Unsupported("policy `to` conditions".into()),
                            s.span,
                        ));
                        Done
                    }
                    ["then", action @ ..] => match then(action) {
                        Some(Some(t)) => {
                            // A single-valued leaf (`local-preference 300`, then
                            // `local-preference add 50`) keeps only its last value, as the
                            // device does; `community` actions and `as-path-prepend` lists
                            // accumulate.
                            let keyword = action.first().copied().unwrap_or("");
                            if SINGLE_VALUED.contains(&keyword) {
                                term.then.retain(|(k, _)| k != keyword);
                            }
                            term.then
                                .push((keyword.to_owned(), Spanned::new(t, s.span)));
                            Done
                        }
                        Some(None) => Benign,
                        None => Unknown,
                    },
                    _ => Unknown,
                }
            }
            ["prefix-list", name, rest @ ..] => {
                let list = self.prefix_lists.entry((*name).to_owned()).or_default();
                list.span.get_or_insert(word(1));
                match rest {
                    [] => Done,
                    [prefix] => match prefix.parse::<IpNet>() {
                        Ok(p) => {
                            list.entries.push((p.trunc(), s.span));
                            Done
                        }
                        Err(_) => Invalid(format!("`{prefix}` is not a prefix")),
                    },
                    ["apply-path", ..] => {
                        list.apply_path = Some(s.span);
                        Done
                    }
                    _ => Unknown,
                }
            }
            ["community", name, rest @ ..] => {
                let community = self.communities.entry((*name).to_owned()).or_default();
                community.span.get_or_insert(word(1));
                match rest {
                    [] => Done,
                    ["members", member] => {
                        community.members.push(((*member).to_owned(), s.span));
                        Done
                    }
                    ["invert-match"] => {
                        community.invert = true;
                        Done
                    }
                    _ => Unknown,
                }
            }
            ["as-path", ..] | ["as-path-group", ..] => Done,
            ["route-filter-list", ..] => unsupported("route-filter-list"),
            ["condition", ..] => unsupported("conditional policies"),
            ["defaults", ..] | ["application-maps", ..] => Benign,
            _ => Unknown,
        }
    }

    /// The prefixes of prefix list `name`, if it is defined (and not built by `apply-path`).
    pub(crate) fn prefix_list(&self, name: &str) -> Option<Vec<IpNet>> {
        let list = self.prefix_lists.get(name)?;
        if list.apply_path.is_some() {
            return None;
        }
        Some(list.entries.iter().map(|(p, _)| *p).collect())
    }

    /// The non-BGP route sources that policy `name` can accept (for export policies, which
    /// select what a protocol advertises from the routing table).
    pub(crate) fn sources_accepted(&self, name: &str) -> Vec<RouteSource> {
        let Some(policy) = self.statements.get(name) else {
            return Vec::new();
        };
        let all = [
            RouteSource::Connected,
            RouteSource::Static,
            RouteSource::Ospf(String::new()),
            RouteSource::Isis(String::new()),
        ];
        let mut out: BTreeSet<RouteSource> = BTreeSet::new();
        for term in policy.terms.iter().chain(policy.unnamed.iter()) {
            if !term
                .then
                .iter()
                .any(|(_, t)| matches!(t.value, Then::Accept))
            {
                continue;
            }
            let protocols: Vec<&RouteSource> = term
                .from
                .iter()
                .filter_map(|c| match &c.value {
                    Condition::Protocol(p) => Some(p),
                    _ => None,
                })
                .collect();
            if protocols.is_empty() {
                out.extend(all.iter().cloned());
            } else {
                out.extend(protocols.into_iter().filter(|p| all.contains(p)).cloned());
            }
        }
        out.into_iter().collect()
    }

    /// Whether policy `name` has a term that goes to `next policy`, whose meaning the IR's
    /// single policy does not carry.
    pub(crate) fn uses_unmodelled_defaults(&self, name: &str) -> bool {
        self.statements.get(name).is_some_and(|p| {
            p.terms.iter().chain(p.unnamed.iter()).any(|t| {
                t.then
                    .iter()
                    .any(|(_, a)| matches!(a.value, Then::NextPolicy))
            })
        })
    }

    /// Compiles everything. Policies in `bgp` (used by BGP import or export) get a final
    /// clause for Junos' default BGP policy: BGP routes that no term decided are accepted.
    /// The name of the IR policy a chain of BGP import or export policies compiles to.
    pub(crate) fn chain_name(names: &[String]) -> String {
        format!("[ {} ]", names.join(" "))
    }

    /// Compiles a chain of policies into one: each policy's terms in order, `next policy`
    /// jumping to the next policy's first term, falling through a policy going on to the next,
    /// and after the last one Junos' default BGP policy (BGP routes accepted, others rejected).
    /// `None` when a policy of the chain is not defined (the device would refuse the commit).
    fn compile_chain(
        &self,
        names: &[String],
        notes: &mut Vec<(String, Option<String>, Span)>,
    ) -> Option<RoutePolicy> {
        let builds: Vec<&PolicyBuild> = names
            .iter()
            .map(|n| self.statements.get(n))
            .collect::<Option<_>>()?;
        // First sequence number of each policy, and of the default clause after the last.
        let mut starts = Vec::with_capacity(builds.len() + 1);
        let mut next = 10u32;
        for build in &builds {
            starts.push(next);
            let terms = build.terms.len() + usize::from(build.unnamed.is_some());
            next = next.saturating_add(u32::try_from(terms).unwrap_or(u32::MAX).saturating_mul(10));
        }
        starts.push(next);
        let mut clauses = Vec::new();
        for (i, (build, name)) in builds.iter().zip(names).enumerate() {
            for (j, term) in build.terms.iter().chain(build.unnamed.iter()).enumerate() {
                let seq = starts[i]
                    .saturating_add(u32::try_from(j).unwrap_or(u32::MAX).saturating_mul(10));
                let mut clause = self.clause(term, seq, notes, name);
                clause.label = format!("{name} {}", clause.label);
                if clause.result == ClauseResult::NextPolicy {
                    clause.result = ClauseResult::Goto(Some(starts[i + 1]));
                }
                clauses.push(clause);
            }
        }
        let span = builds.first().map_or_else(Span::default, |b| b.span);
        clauses.push(PolicyClause {
            label: "junos default bgp policy".to_owned(),
            seq: Some(next),
            span,
            matches: vec![Spanned::new(
                PolicyMatch::SourceProtocol(vec![RouteSource::Bgp(None)]),
                span,
            )],
            sets: Vec::new(),
            result: ClauseResult::Permit,
        });
        Some(RoutePolicy {
            name: Self::chain_name(names),
            span,
            clauses,
            default_result: ClauseResult::Deny,
        })
    }

    pub(crate) fn finish(self, bgp: &BTreeSet<String>, chains: &BTreeSet<Vec<String>>) -> Compiled {
        let mut notes = Vec::new();
        let mut prefix_lists = BTreeMap::new();
        let mut prefix_lists_v6 = BTreeMap::new();
        for (name, list) in &self.prefix_lists {
            let span = list.span.unwrap_or_default();
            if let Some(at) = list.apply_path {
                notes.push(("prefix-list apply-path".to_owned(), Some(name.clone()), at));
            }
            for v6 in [false, true] {
                let entries: Vec<PrefixListEntry> = list
                    .entries
                    .iter()
                    .filter(|(p, _)| p.addr().is_ipv6() == v6)
                    .enumerate()
                    .map(|(i, (p, s))| PrefixListEntry {
                        seq: u32::try_from(i + 1).unwrap_or(u32::MAX).saturating_mul(10),
                        action: Action::Permit,
                        range: PrefixRange {
                            prefix: *p,
                            min_len: p.prefix_len(),
                            max_len: p.prefix_len(),
                        },
                        span: *s,
                    })
                    .collect();
                if entries.is_empty() && (v6 || !list.entries.is_empty()) {
                    continue;
                }
                let out = PrefixList {
                    name: name.clone(),
                    family: if v6 {
                        AddressFamily::Ipv6
                    } else {
                        AddressFamily::Ipv4
                    },
                    span,
                    entries,
                };
                if v6 {
                    prefix_lists_v6.insert(name.clone(), out);
                } else {
                    prefix_lists.insert(name.clone(), out);
                }
            }
        }
        let mut community_lists = BTreeMap::new();
        for (name, c) in &self.communities {
            let span = c.span.unwrap_or_default();
            if c.invert {
                notes.push((
                    "community invert-match".to_owned(),
                    Some(name.clone()),
                    span,
                ));
            }
            let literal: Vec<String> = c.members.iter().map(|(m, _)| m.clone()).collect();
            let regex = literal.iter().any(|m| is_regex(m));
            let matcher = if regex {
                notes.push((
                    "community regular expressions (junos)".to_owned(),
                    Some(name.clone()),
                    span,
                ));
                CommunityMatcher::Regex(literal.join(" "))
            } else {
                CommunityMatcher::All(literal)
            };
            community_lists.insert(
                name.clone(),
                CommunityList {
                    name: name.clone(),
                    span,
                    entries: vec![CommunityListEntry {
                        action: Action::Permit,
                        matcher,
                        span,
                    }],
                },
            );
        }
        let mut policies = BTreeMap::new();
        for (name, build) in &self.statements {
            let mut clauses = Vec::new();
            for term in build.terms.iter().chain(build.unnamed.iter()) {
                let seq = u32::try_from(clauses.len() + 1)
                    .unwrap_or(u32::MAX)
                    .saturating_mul(10);
                let clause = self.clause(term, seq, &mut notes, name);
                clauses.push(clause);
            }
            if bgp.contains(name) {
                let decided = clauses.last().is_some_and(|c: &PolicyClause| {
                    c.matches.is_empty()
                        && matches!(c.result, ClauseResult::Permit | ClauseResult::Deny)
                });
                if !decided {
                    let seq = u32::try_from(clauses.len() + 1)
                        .unwrap_or(u32::MAX)
                        .saturating_mul(10);
                    clauses.push(PolicyClause {
                        label: "junos default bgp policy".to_owned(),
                        seq: Some(seq),
                        span: build.span,
                        matches: vec![Spanned::new(
                            PolicyMatch::SourceProtocol(vec![RouteSource::Bgp(None)]),
                            build.span,
                        )],
                        sets: Vec::new(),
                        result: ClauseResult::Permit,
                    });
                }
            }
            policies.insert(
                name.clone(),
                RoutePolicy {
                    name: name.clone(),
                    span: build.span,
                    clauses,
                    default_result: ClauseResult::Deny,
                },
            );
        }
        for chain in chains {
            match self.compile_chain(chain, &mut notes) {
                Some(policy) => {
                    policies.insert(policy.name.clone(), policy);
                }
                None => notes.push((
                    "policy chain with an undefined policy".to_owned(),
                    Some(Self::chain_name(chain)),
                    Span::default(),
                )),
            }
        }
        (
            policies,
            prefix_lists,
            prefix_lists_v6,
            community_lists,
            notes,
        )
    }

    fn clause(
        &self,
        term: &Term,
        seq: u32,
        notes: &mut Vec<(String, Option<String>, Span)>,
        policy: &str,
    ) -> PolicyClause {
        let mut protocols = Vec::new();
        let mut destinations: Vec<PolicyMatch> = Vec::new();
        let mut ranges: Vec<PrefixRange> = Vec::new();
        let mut communities = Vec::new();
        let mut tags = Vec::new();
        let mut metrics = Vec::new();
        let mut interfaces = Vec::new();
        let mut route_types = Vec::new();
        let mut matches: Vec<Spanned<PolicyMatch>> = Vec::new();
        let span_of_kind = |pred: fn(&Condition) -> bool| {
            term.from
                .iter()
                .find(|c| pred(&c.value))
                .map_or(term.span, |c| c.span)
        };
        for c in &term.from {
            match &c.value {
                Condition::Protocol(p) => protocols.push(p.clone()),
                Condition::RouteFilter(p, m) => ranges.push(range(*p, *m)),
                Condition::PrefixList(name) => {
                    let list = self.prefix_lists.get(name);
                    let v6 =
                        list.is_some_and(|l| l.entries.iter().any(|(p, _)| p.addr().is_ipv6()));
                    let v4 = list.is_none_or(|l| {
                        l.entries.is_empty() || l.entries.iter().any(|(p, _)| p.addr().is_ipv4())
                    });
                    if v4 {
                        destinations.push(PolicyMatch::PrefixList(
                            AddressFamily::Ipv4,
                            vec![name.clone()],
                        ));
                    }
                    if v6 {
                        destinations.push(PolicyMatch::PrefixList(
                            AddressFamily::Ipv6,
                            vec![name.clone()],
                        ));
                    }
                }
                Condition::PrefixListFilter(name, m) => match self.prefix_lists.get(name) {
                    Some(list) => ranges.extend(list.entries.iter().map(|(p, _)| range(*p, *m))),
                    None => matches.push(Spanned::new(
                        PolicyMatch::Unsupported(format!("undefined prefix-list {name}")),
                        c.span,
                    )),
                },
                Condition::Community(name) => communities.push(name.clone()),
                Condition::Tag(t) => tags.push(*t),
                Condition::Metric(m) => metrics.push(*m),
                Condition::Interface(i) => interfaces.push(i.clone()),
                Condition::Policy(p) => {
                    matches.push(Spanned::new(PolicyMatch::Policy(p.clone()), c.span));
                }
                Condition::RouteType(t) => route_types.push(t.clone()),
                Condition::Family(v6) => {
                    // Every prefix of the family: the route's family is the condition.
                    let any: IpNet = if *v6 {
                        "::/0".parse().unwrap_or_default()
                    } else {
                        "0.0.0.0/0".parse().unwrap_or_default()
                    };
                    matches.push(Spanned::new(
                        PolicyMatch::PrefixRanges(vec![range(any, Modifier::OrLonger)]),
                        c.span,
                    ));
                }
                Condition::Unsupported(what) => {
                    notes.push((what.clone(), Some(format!("policy {policy}")), c.span));
                    matches.push(Spanned::new(PolicyMatch::Unsupported(what.clone()), c.span));
                }
            }
        }
        if !protocols.is_empty() {
            matches.push(Spanned::new(
                PolicyMatch::SourceProtocol(protocols),
                span_of_kind(|c| matches!(c, Condition::Protocol(_))),
            ));
        }
        if !ranges.is_empty() {
            destinations.push(PolicyMatch::PrefixRanges(ranges));
        }
        match destinations.len() {
            0 => {}
            1 => matches.push(Spanned::new(
                destinations.remove(0),
                span_of_kind(|c| {
                    matches!(
                        c,
                        Condition::RouteFilter(..)
                            | Condition::PrefixList(_)
                            | Condition::PrefixListFilter(..)
                    )
                }),
            )),
            _ => matches.push(Spanned::new(
                PolicyMatch::Any(destinations),
                span_of_kind(|c| {
                    matches!(
                        c,
                        Condition::RouteFilter(..)
                            | Condition::PrefixList(_)
                            | Condition::PrefixListFilter(..)
                    )
                }),
            )),
        }
        if !communities.is_empty() {
            matches.push(Spanned::new(
                PolicyMatch::Community {
                    lists: communities,
                    exact: false,
                },
                span_of_kind(|c| matches!(c, Condition::Community(_))),
            ));
        }
        if !tags.is_empty() {
            matches.push(Spanned::new(
                PolicyMatch::Tag(tags),
                span_of_kind(|c| matches!(c, Condition::Tag(_))),
            ));
        }
        match metrics.as_slice() {
            [] => {}
            [m] => matches.push(Spanned::new(
                PolicyMatch::Metric(*m),
                span_of_kind(|c| matches!(c, Condition::Metric(_))),
            )),
            many => matches.push(Spanned::new(
                PolicyMatch::Any(many.iter().map(|m| PolicyMatch::Metric(*m)).collect()),
                span_of_kind(|c| matches!(c, Condition::Metric(_))),
            )),
        }
        if !interfaces.is_empty() {
            matches.push(Spanned::new(
                PolicyMatch::Interface(interfaces),
                span_of_kind(|c| matches!(c, Condition::Interface(_))),
            ));
        }
        if !route_types.is_empty() {
            matches.push(Spanned::new(
                PolicyMatch::RouteType(route_types),
                span_of_kind(|c| matches!(c, Condition::RouteType(_))),
            ));
        }
        let mut sets = Vec::new();
        let mut result = ClauseResult::Goto(None);
        for (_, t) in &term.then {
            match &t.value {
                Then::Accept => result = ClauseResult::Permit,
                Then::Reject => result = ClauseResult::Deny,
                Then::NextTerm => result = ClauseResult::Goto(None),
                Then::NextPolicy => result = ClauseResult::NextPolicy,
                Then::Set(set) => {
                    if let PolicySet::Unsupported(what) = set {
                        notes.push((what.clone(), Some(format!("policy {policy}")), t.span));
                    }
                    sets.push(Spanned::new(set.clone(), t.span));
                }
                Then::CommunityAdd(name) | Then::CommunitySet(name) => {
                    let additive = matches!(t.value, Then::CommunityAdd(_));
                    match self.communities.get(name) {
                        Some(c) if !c.members.iter().any(|(m, _)| is_regex(m)) => {
                            sets.push(Spanned::new(
                                PolicySet::Community {
                                    communities: c.members.iter().map(|(m, _)| m.clone()).collect(),
                                    additive,
                                },
                                t.span,
                            ));
                        }
                        _ => {
                            let what = format!("community {name} cannot be set");
                            notes.push((what.clone(), Some(format!("policy {policy}")), t.span));
                            sets.push(Spanned::new(PolicySet::Unsupported(what), t.span));
                        }
                    }
                }
            }
        }
        PolicyClause {
            label: if term.name.is_empty() {
                "(unnamed)".to_owned()
            } else {
                term.name.clone()
            },
            seq: Some(seq),
            span: term.span,
            matches,
            sets,
            result,
        }
    }
}

fn range(prefix: IpNet, modifier: Modifier) -> PrefixRange {
    let len = prefix.prefix_len();
    let max = prefix.max_prefix_len();
    let (min_len, max_len) = match modifier {
        Modifier::Exact => (len, len),
        Modifier::OrLonger => (len, max),
        Modifier::Longer => (len.saturating_add(1).min(max), max),
        Modifier::Upto(n) => (len, n.min(max)),
        Modifier::Range(a, b) => (a.min(max), b.min(max)),
    };
    PrefixRange {
        prefix,
        min_len,
        max_len,
    }
}

fn is_regex(member: &str) -> bool {
    member.contains(['*', '.', '[', '^', '$', '(', '|', '+', '?'])
}

fn modifier(w: &[&str]) -> Option<(Modifier, usize)> {
    let slash = |t: &str| t.trim_start_matches('/').parse::<u8>().ok();
    match w {
        ["exact", ..] => Some((Modifier::Exact, 1)),
        ["orlonger", ..] => Some((Modifier::OrLonger, 1)),
        ["longer", ..] => Some((Modifier::Longer, 1)),
        ["upto", n, ..] => Some((Modifier::Upto(slash(n)?), 2)),
        ["prefix-length-range", r, ..] => {
            let (a, b) = r.split_once('-')?;
            Some((Modifier::Range(slash(a)?, slash(b)?), 2))
        }
        _ => None,
    }
}

fn protocol(name: &str) -> RouteSource {
    match name {
        "direct" => RouteSource::Connected,
        "static" => RouteSource::Static,
        "bgp" => RouteSource::Bgp(None),
        "ospf" | "ospf2" => RouteSource::Ospf(String::new()),
        "isis" => RouteSource::Isis(String::new()),
        "aggregate" => RouteSource::Aggregate,
        "rip" => RouteSource::Rip,
        other => RouteSource::Other(other.to_owned()),
    }
}

fn condition(w: &[&str]) -> Option<Condition> {
    Some(match w {
        ["protocol", p] => Condition::Protocol(protocol(p)),
        ["route-filter", prefix, rest @ ..] => {
            let Ok(prefix) = prefix.parse::<IpNet>() else {
                return Some(Condition::Unsupported(format!("route-filter {prefix}")));
            };
            match modifier(rest) {
                Some((m, used)) if rest.len() == used => Condition::RouteFilter(prefix.trunc(), m),
                Some(_) => Condition::Unsupported("route-filter with its own action".into()),
                None => Condition::Unsupported("route-filter modifier".into()),
            }
        }
        ["prefix-list", name] => Condition::PrefixList((*name).to_owned()),
        ["prefix-list-filter", name, rest @ ..] => match modifier(rest) {
            Some((m, used)) if rest.len() == used => {
                Condition::PrefixListFilter((*name).to_owned(), m)
            }
            _ => Condition::Unsupported("prefix-list-filter with its own action".into()),
        },
        ["community", name] => Condition::Community((*name).to_owned()),
        ["tag", t] => Condition::Tag(t.parse().ok()?),
        ["metric", m] => Condition::Metric(m.parse().ok()?),
        ["interface", i] => Condition::Interface((*i).to_owned()),
        ["policy", p] => Condition::Policy((*p).to_owned()),
        ["route-type", t] => Condition::RouteType((*t).to_owned()),
        ["family", "inet"] => Condition::Family(false),
        ["family", "inet6"] => Condition::Family(true),
        [
            kind @ ("neighbor"
            | "family"
            | "as-path"
            | "as-path-group"
            | "area"
            | "level"
            | "next-hop"
            | "local-preference"
            | "external"
            | "rib"
            | "instance"
            | "color"
            | "origin"
            | "source-address-filter"
            | "route-filter-list"
            | "condition"
            | "state"
            | "community-count"
            | "aggregate-contributor"
            | "nlri-route-type"
            | "evpn-esi"
            | "mac-filter-list"
            | "evpn-tag"
            | "evpn-mac-route"
            | "next-hop-type"),
            ..,
        ] => Condition::Unsupported(format!("policy condition `from {kind}`")),
        _ => return None,
    })
}

/// `Some(Some(action))`, `Some(None)` for a benign action, `None` when not recognised.
fn then(w: &[&str]) -> Option<Option<Then>> {
    let number = |t: &str| t.parse::<u32>().ok();
    Some(Some(match w {
        ["accept"] => Then::Accept,
        ["reject"] => Then::Reject,
        ["next", "term"] => Then::NextTerm,
        ["next", "policy"] => Then::NextPolicy,
        ["local-preference", n] => match number(n) {
            Some(n) => Then::Set(PolicySet::LocalPreference(n)),
            None => Then::Set(PolicySet::Unsupported(format!("local-preference {n}"))),
        },
        ["metric", n] => match number(n) {
            Some(n) => Then::Set(PolicySet::Metric(MetricSet::Set(n))),
            None => Then::Set(PolicySet::Unsupported(format!("metric {n}"))),
        },
        ["metric", "add", n] => Then::Set(PolicySet::Metric(MetricSet::Add(number(n)?))),
        ["metric", "subtract", n] => Then::Set(PolicySet::Metric(MetricSet::Subtract(number(n)?))),
        ["community", "add" | "+", name] => Then::CommunityAdd((*name).to_owned()),
        ["community", "set" | "=", name] => Then::CommunitySet((*name).to_owned()),
        ["community", "delete" | "-", name] => {
            Then::Set(PolicySet::CommunityDelete((*name).to_owned()))
        }
        ["as-path-prepend", path] => {
            let asns: Option<Vec<u32>> = path.split_whitespace().map(|a| a.parse().ok()).collect();
            match asns {
                Some(asns) if !asns.is_empty() => Then::Set(PolicySet::AsPathPrepend(asns)),
                _ => Then::Set(PolicySet::Unsupported(format!("as-path-prepend {path}"))),
            }
        }
        ["next-hop", hop] => Then::Set(PolicySet::NextHop(match *hop {
            "self" => NextHopSet::SelfAddress,
            "peer-address" => NextHopSet::PeerAddress,
            "discard" => NextHopSet::Discard,
            other => match other.parse::<IpAddr>() {
                Ok(a) => NextHopSet::Address(a),
                Err(_) => {
                    return Some(Some(Then::Set(PolicySet::Unsupported(format!(
                        "next-hop {other}"
                    )))));
                }
            },
        })),
        ["tag", n] => Then::Set(PolicySet::Tag(number(n)?)),
        ["origin", o] => Then::Set(PolicySet::Origin(match *o {
            "igp" => Origin::Igp,
            "egp" => Origin::Egp,
            "incomplete" => Origin::Incomplete,
            _ => return None,
        })),
        ["external", "type", t] => Then::Set(PolicySet::MetricType((*t).to_owned())),
        ["load-balance", ..] | ["trace"] | ["count", ..] => return Some(None),
        [
            kind @ ("preference"
            | "priority"
            | "color"
            | "install-nexthop"
            | "default-action"
            | "as-path-expand"
            | "local-preference"
            | "metric2"
            | "damping"
            | "aigp-originate"
            | "label-allocation"
            | "cos-next-hop-map"
            | "forwarding-class"
            | "destination-class"
            | "source-class"
            | "resolution-map"
            | "validation-state"
            | "analyze"
            | "no-entropy-label-capability"
            | "next-hop"
            | "metric"
            | "tag"
            | "community"
            | "as-path-prepend"),
            ..,
        ] => Then::Set(PolicySet::Unsupported(format!(
            "policy action `then {kind}`"
        ))),
        _ => return None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifiers() {
        let p: IpNet = "10.0.0.0/8".parse().unwrap();
        let r = range(p, modifier(&["upto", "/24"]).unwrap().0);
        assert_eq!((r.min_len, r.max_len), (8, 24));
        let r = range(p, modifier(&["prefix-length-range", "/16-/20"]).unwrap().0);
        assert_eq!((r.min_len, r.max_len), (16, 20));
        let r = range(p, Modifier::Longer);
        assert_eq!((r.min_len, r.max_len), (9, 32));
    }
}
