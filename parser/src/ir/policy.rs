//! Route policies, prefix lists, community and AS-path lists, and packet filters.
//!
//! A [`RoutePolicy`] is an ordered list of [`PolicyClause`]s. This is the shape of an IOS
//! route-map and of a Junos policy-statement's terms, and IOS-XR route-policies (a small
//! language with `if`/`elseif`/`else`) are compiled into it. The exact semantics, which every
//! evaluator (concrete and symbolic) must implement:
//!
//! 1. Evaluation keeps a position (the first clause at the start), the route as modified so
//!    far, and an *accepted* flag (false at the start).
//! 2. From the position, find the first clause whose [`matches`](PolicyClause::matches) all
//!    hold. If there is none, evaluation ends (step 4).
//! 3. Apply that clause's [`sets`](PolicyClause::sets) in order, then follow its
//!    [`ClauseResult`]:
//!    - [`Permit`](ClauseResult::Permit): the route is accepted, as modified; evaluation stops.
//!    - [`Deny`](ClauseResult::Deny): the route is rejected; evaluation stops. A clause that
//!      denies has no sets that matter.
//!    - [`Continue`](ClauseResult::Continue): *accepted* becomes true and evaluation goes on at
//!      the target clause (step 2).
//!    - [`Goto`](ClauseResult::Goto): evaluation goes on at the target clause (step 2); the
//!      *accepted* flag is left as it is.
//!    - [`NextPolicy`](ClauseResult::NextPolicy): accepted; the next policy of a chain decides.
//!
//!    A target `Some(seq)` is the first clause whose sequence number is at least `seq`, and only
//!    clauses after the current one count (targets never go backwards); when there is no such
//!    clause, evaluation ends. `None` is the next clause.
//! 4. When evaluation ends without a `Permit` or `Deny`: if *accepted* is true the route is
//!    accepted as modified, otherwise the policy's [`default_result`](RoutePolicy::default_result)
//!    decides (deny for route-maps and IOS-XR route-policies).
//!
//! Which version of the route a clause's matches see is the vendor's: IOS, NX-OS, EOS and
//! IOS-XR test every condition against the route as it entered the policy (IOS-XR documents this
//! explicitly: `if med eq 12 then set med 42; if med eq 42 then drop` never drops); FRR and
//! Junos test the route as modified so far.
//!
//! Conditions are three-valued for an evaluator that does not model everything: a match the
//! verifier cannot decide ([`PolicyMatch::Unsupported`], an unparseable regular expression)
//! makes the outcome unknown, and the combinators [`PolicyMatch::Not`], [`PolicyMatch::Any`]
//! and [`PolicyMatch::All`] propagate the unknown the usual way (Kleene logic: `Any` is true as
//! soon as one member is true, `All` false as soon as one is false, `Not` of unknown is unknown).
//!
//! ## How IOS-XR route-policies are lowered
//!
//! Statements run in order; `drop` rejects and `done` accepts at once; at the end a route is
//! accepted only if a `pass` or a `set` ran on it. `apply P` runs `P` as if its text were pasted
//! in place (Cisco's definition), so applied policies are inlined, with their parameters
//! substituted. Conditions see the route as it entered the policy. The lowering produces:
//!
//! - one clause per run of plain statements (`set`, `pass`, inlined `apply`s): no matches,
//!   result `Continue` when the run sets or passes, else `Goto`; `Permit` for a run that ends
//!   in `done`, `Deny` for one that ends in `drop`;
//! - for an `if`/`elseif`/`else` chain, one clause per branch, in order, with the branch's
//!   condition as the clause's matches (an explicit `else`, or an implicit empty one, has no
//!   matches, so exactly one branch clause of a chain matches), each carrying the branch's
//!   leading plain statements and jumping (`Continue` / `Goto`) to the clauses of the rest of
//!   the branch, laid out after the chain; every branch ends by jumping to the clause after the
//!   whole chain. All jumps go forward.
//! - a final clause labelled `end-policy` (no matches, `Goto(None)`), present only when some
//!   path reaches the end of the policy with an acceptance that depends on the path; otherwise
//!   jumps to the end are resolved while lowering (to `Permit` when the route is surely
//!   accepted there, `Deny` when it surely is not).
//!
//! Clause labels and sequence numbers are 10, 20, 30... in layout order; each clause's span is
//! the line that starts it (`if`, `elseif`, `else`, or the first plain statement).

use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{Action, AddressFamily, Span, Spanned};

/// A named route policy (route-map, policy-statement, route-policy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutePolicy {
    /// Name.
    pub name: String,
    /// The first line that defines it.
    pub span: Span,
    /// Clauses, in evaluation order (sorted by sequence number where the dialect has them).
    pub clauses: Vec<PolicyClause>,
    /// What happens to a route no clause matches.
    pub default_result: ClauseResult,
}

/// One clause (route-map entry, policy term).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyClause {
    /// Sequence number or term name.
    pub label: String,
    /// Sequence number for ordering, where there is one.
    pub seq: Option<u32>,
    /// The line that opens the clause.
    pub span: Span,
    /// Conditions; all must hold (each condition is itself an OR over its names).
    pub matches: Vec<Spanned<PolicyMatch>>,
    /// Modifications applied when the clause matches.
    pub sets: Vec<Spanned<PolicySet>>,
    /// What happens after a match.
    pub result: ClauseResult,
}

/// What a matching clause does next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClauseResult {
    /// Accept the route (with the sets applied).
    Permit,
    /// Reject the route.
    Deny,
    /// Apply the sets, mark the route accepted, and go on at the clause with this sequence
    /// number (`None`: the next one). IOS `continue`; IOS-XR `pass` or `set` in the middle of
    /// a policy. See the module docs for targets.
    Continue(Option<u32>),
    /// Apply the sets and go on at the clause with this sequence number (`None`: the next one)
    /// without marking the route accepted: whether it is accepted at the end depends on the
    /// clauses taken before and after (IOS-XR control flow through `if` branches that neither
    /// pass nor set).
    Goto(Option<u32>),
    /// Apply the sets and go on with the next policy of a chain (Junos `next policy`).
    NextPolicy,
}

/// A condition on a route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyMatch {
    /// The destination is permitted by any of these prefix lists.
    PrefixList(AddressFamily, Vec<String>),
    /// The destination is permitted by any of these ACLs (IOS `match ip address <acl>`).
    Acl(Vec<String>),
    /// The destination matches one of these inline ranges (Junos `route-filter`).
    PrefixRanges(Vec<PrefixRange>),
    /// The next hop is permitted by any of these prefix lists.
    NextHopPrefixList(Vec<String>),
    /// The communities are permitted by any of these community lists (`exact`: the route has
    /// no other community).
    Community {
        /// List names.
        lists: Vec<String>,
        /// `exact-match`.
        exact: bool,
    },
    /// The AS path is permitted by any of these AS-path lists.
    AsPath(Vec<String>),
    /// The route tag is one of these.
    Tag(Vec<u32>),
    /// The metric equals this.
    Metric(u32),
    /// The route leaves through (or was learned on) one of these interfaces.
    Interface(Vec<String>),
    /// The route came from this protocol.
    SourceProtocol(Vec<super::routing::RouteSource>),
    /// OSPF / BGP route type (`internal`, `external type-1`, `local`...).
    RouteType(Vec<String>),
    /// Another policy, evaluated as a condition (Junos policy subroutines).
    Policy(String),
    /// The route carries a community that one of these matchers accepts (IOS-XR inline
    /// community sets, `community matches-any (65000:1, 65000:*)`). A
    /// [`CommunityMatcher::All`] matcher holds when the route carries all its communities, a
    /// [`CommunityMatcher::Regex`] one when the expression matches the route's communities as one
    /// ascending, space-separated string (as in community lists).
    Communities(Vec<CommunityMatcher>),
    /// The AS path matches one of these regular expressions (IOS notation, `_` is a delimiter,
    /// matched against the path nearest AS first, as AS-path lists are): IOS-XR inline AS-path
    /// sets and `as-path neighbor-is` / `originates-from` / `passes-through` / `length`
    /// conditions, which lower into regular expressions.
    AsPathRegexes(Vec<String>),
    /// The condition does not hold (IOS-XR `not`). Unknown stays unknown.
    Not(Box<PolicyMatch>),
    /// At least one of the conditions holds (IOS-XR `or`). Empty: false.
    Any(Vec<PolicyMatch>),
    /// All of the conditions hold (IOS-XR `and` inside an `or` or a `not`; at the top of a
    /// clause, conditions are simply listed in [`PolicyClause::matches`]). Empty: true.
    All(Vec<PolicyMatch>),
    /// A condition the verifier does not model; the clause's outcome is unknown.
    Unsupported(String),
}

/// An inline prefix range: prefixes within `prefix` whose length is in `min_len..=max_len`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PrefixRange {
    /// Covering prefix.
    pub prefix: IpNet,
    /// Smallest accepted length.
    pub min_len: u8,
    /// Largest accepted length.
    pub max_len: u8,
}

impl PrefixRange {
    /// True when `net` is inside the range.
    pub fn contains(&self, net: &IpNet) -> bool {
        net.prefix_len() >= self.min_len
            && net.prefix_len() <= self.max_len
            && net.prefix_len() >= self.prefix.prefix_len()
            && self.prefix.contains(&net.network())
            && net.addr().is_ipv4() == self.prefix.addr().is_ipv4()
    }
}

/// A modification of a route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicySet {
    /// BGP local preference.
    LocalPreference(u32),
    /// Metric / MED.
    Metric(MetricSet),
    /// EIGRP vector metric (`set metric B D R L M`).
    EigrpMetric(super::routing::EigrpMetric),
    /// OSPF external metric type (1 or 2), or IS-IS internal/external.
    MetricType(String),
    /// BGP weight.
    Weight(u32),
    /// Communities: replace (or add when `additive`).
    Community {
        /// Communities in `asn:value` or well-known form.
        communities: Vec<String>,
        /// Add to the existing ones.
        additive: bool,
    },
    /// Remove all communities.
    CommunityNone,
    /// Delete communities matched by a community list.
    CommunityDelete(String),
    /// Prepend AS numbers.
    AsPathPrepend(Vec<u32>),
    /// Next hop.
    NextHop(NextHopSet),
    /// Route tag.
    Tag(u32),
    /// BGP origin.
    Origin(Origin),
    /// Something the verifier does not model; routes through this clause are inconclusive.
    Unsupported(String),
}

/// How a metric is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetricSet {
    /// Set to the value.
    Set(u32),
    /// Add to the current value.
    Add(u32),
    /// Subtract from the current value.
    Subtract(u32),
}

/// How the next hop is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextHopSet {
    /// A fixed address.
    Address(IpAddr),
    /// The peer's address (`peer-address`).
    PeerAddress,
    /// Ourselves (`next-hop self`).
    SelfAddress,
    /// Leave unchanged.
    Unchanged,
    /// Discard (Junos `next-hop discard`).
    Discard,
}

/// BGP origin attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Origin {
    /// IGP (best).
    Igp,
    /// EGP.
    Egp,
    /// Incomplete (worst).
    Incomplete,
}

/// A prefix list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixList {
    /// Name.
    pub name: String,
    /// Family of the entries.
    pub family: AddressFamily,
    /// The first line that defines it.
    pub span: Span,
    /// Entries, sorted by sequence number.
    pub entries: Vec<PrefixListEntry>,
}

/// `seq N permit|deny P [ge G] [le L]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixListEntry {
    /// Sequence number.
    pub seq: u32,
    /// Permit or deny.
    pub action: Action,
    /// The prefix and accepted lengths.
    pub range: PrefixRange,
    /// The line.
    pub span: Span,
}

/// A community list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityList {
    /// Name (or number).
    pub name: String,
    /// The first line that defines it.
    pub span: Span,
    /// Entries in order.
    pub entries: Vec<CommunityListEntry>,
}

/// One entry of a community list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityListEntry {
    /// Permit or deny.
    pub action: Action,
    /// What it matches.
    pub matcher: CommunityMatcher,
    /// The line.
    pub span: Span,
}

/// How a community list entry matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommunityMatcher {
    /// The route carries all of these communities (standard list).
    All(Vec<String>),
    /// Some community of the route matches the regular expression (expanded list); IOS matches
    /// it against the space-separated community string.
    Regex(String),
}

/// An AS-path list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsPathList {
    /// Name (or number).
    pub name: String,
    /// The first line that defines it.
    pub span: Span,
    /// Entries in order.
    pub entries: Vec<AsPathListEntry>,
}

/// One entry of an AS-path list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsPathListEntry {
    /// Permit or deny.
    pub action: Action,
    /// Regular expression over the AS path in IOS notation (`_` is a delimiter).
    pub regex: String,
    /// The line.
    pub span: Span,
}

/// A packet filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acl {
    /// Name (or number).
    pub name: String,
    /// Family.
    pub family: AddressFamily,
    /// Standard ACLs match only the source; the verifier treats them the same as extended.
    pub standard: bool,
    /// The first line that defines it.
    pub span: Span,
    /// Lines in order; the first match decides, no match denies.
    pub lines: Vec<AclLine>,
}

/// One line of an ACL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclLine {
    /// Sequence number, if given.
    pub seq: Option<u32>,
    /// Permit or deny.
    pub action: Action,
    /// IP protocol number; `None` matches every protocol.
    pub protocol: Option<u8>,
    /// Source addresses.
    pub src: AddressMatch,
    /// Source ports (TCP/UDP).
    pub src_ports: Vec<PortRange>,
    /// Destination addresses.
    pub dst: AddressMatch,
    /// Destination ports (TCP/UDP).
    pub dst_ports: Vec<PortRange>,
    /// TCP `established` (ACK or RST set).
    pub established: bool,
    /// ICMP type, when matched.
    pub icmp_type: Option<u8>,
    /// ICMP code, when matched.
    pub icmp_code: Option<u8>,
    /// Something on the line the verifier does not model (the line's effect is then unknown).
    pub unsupported: Option<String>,
    /// The line.
    pub span: Span,
}

/// An address condition: `address` with the bits set in `wildcard` ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddressMatch {
    /// Every address.
    Any,
    /// IPv4 address and wildcard mask (need not be contiguous).
    Wildcard(Ipv4Addr, Ipv4Addr),
    /// A prefix (IPv4 or IPv6).
    Prefix(IpNet),
}

impl AddressMatch {
    /// True when `address` matches.
    pub fn matches(&self, address: IpAddr) -> bool {
        match (self, address) {
            (AddressMatch::Any, _) => true,
            (AddressMatch::Wildcard(base, wildcard), IpAddr::V4(a)) => {
                let care = !u32::from(*wildcard);
                u32::from(*base) & care == u32::from(a) & care
            }
            (AddressMatch::Wildcard(..), IpAddr::V6(_)) => false,
            (AddressMatch::Prefix(p), a) => p.contains(&a),
        }
    }
}

/// An inclusive port range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PortRange {
    /// Lowest port.
    pub low: u16,
    /// Highest port.
    pub high: u16,
}

impl PortRange {
    /// A single port.
    pub fn single(port: u16) -> PortRange {
        PortRange {
            low: port,
            high: port,
        }
    }
}
