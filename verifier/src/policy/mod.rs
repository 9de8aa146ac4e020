//! Route policies: what a route-map / policy statement does to a route.
//!
//! [`RouteAttributes`] is everything a policy can test or change. [`evaluate`] runs a device's
//! named policy over them with the vendor's semantics (clause order, `continue`, implicit deny,
//! what an undefined policy means). Used by BGP import/export, `network ... route-map`,
//! redistribution into OSPF / IS-IS / BGP, and default-information conditions.
//!
//! - [`eval`]: the concrete evaluator, and the per-vendor rules for undefined references.
//! - [`lists`]: prefix lists, community lists, AS-path lists and ACLs as route filters.
//! - [`community`]: standard communities and their text form.
//! - [`regex`]: Cisco-style regular expressions (`_` as a delimiter).

pub mod community;
pub mod eval;
pub mod lists;
pub mod regex;

use std::collections::BTreeSet;
use std::net::IpAddr;

use ipnet::IpNet;
use routeproof_parser::Span;
use routeproof_parser::ir::policy::Origin;

use crate::rib::Protocol;

pub use eval::{UndefinedPolicy, evaluate, evaluate_in, redistribute, undefined_policy};

/// A standard community `asn:value` as a 32-bit number.
pub type Community = u32;

/// What a policy can see and change about a route.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RouteAttributes {
    /// Destination.
    pub prefix: IpNet,
    /// The protocol the route comes from (for `match source-protocol`, redistribution).
    pub protocol: Option<Protocol>,
    /// Next hop.
    pub next_hop: Option<IpAddr>,
    /// Metric / MED.
    pub metric: u32,
    /// Route tag.
    pub tag: u32,
    /// BGP local preference.
    pub local_preference: u32,
    /// BGP weight (Cisco).
    pub weight: u32,
    /// BGP standard communities.
    pub communities: BTreeSet<Community>,
    /// BGP AS path, nearest AS first.
    pub as_path: Vec<u32>,
    /// BGP origin.
    pub origin: Origin,
    /// OSPF external metric type set by a policy (1 or 2), when set.
    pub ospf_metric_type: Option<u8>,
    /// EIGRP vector metric set by a policy (`set metric B D R L M`), when set.
    pub eigrp_metric: Option<routeproof_parser::ir::routing::EigrpMetric>,
    /// The interface the route points out of / was learned on (for `match interface`).
    pub interface: Option<String>,
    /// A policy asked to leave the BGP next hop unchanged (`set ip next-hop unchanged`).
    pub next_hop_unchanged: bool,
}

impl RouteAttributes {
    /// Attributes of a route with only a prefix (all others at their defaults).
    pub fn new(prefix: IpNet) -> RouteAttributes {
        RouteAttributes {
            prefix,
            protocol: None,
            next_hop: None,
            metric: 0,
            tag: 0,
            local_preference: 100,
            weight: 0,
            communities: BTreeSet::new(),
            as_path: Vec::new(),
            origin: Origin::Igp,
            ospf_metric_type: None,
            eigrp_metric: None,
            interface: None,
            next_hop_unchanged: false,
        }
    }

    /// The attributes a policy sees for a main-table route (redistribution, `network`).
    pub fn of_route(route: &crate::rib::Route) -> RouteAttributes {
        let mut attributes = RouteAttributes::new(route.prefix);
        attributes.protocol = Some(route.protocol);
        attributes.metric = route.metric;
        attributes.tag = route.tag.unwrap_or(0);
        attributes.next_hop = route.next_hop.address();
        attributes.interface = route.next_hop.interface().map(str::to_owned);
        attributes
    }
}

/// Where a policy runs, which decides what `peer-address` and `self` mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// On routes received from a BGP neighbor.
    Import,
    /// On routes sent to a BGP neighbor.
    Export,
    /// On routes redistributed or originated (`network`, `redistribute`, `default-originate`).
    #[default]
    Originate,
}

/// The session (if any) a policy runs for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PolicyContext {
    /// Import, export or origination.
    pub direction: Direction,
    /// The neighbor's address.
    pub peer_address: Option<IpAddr>,
    /// Our address on the session.
    pub local_address: Option<IpAddr>,
}

/// The outcome of a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyOutcome {
    /// Accepted, with the attributes as the policy left them.
    Permit(RouteAttributes),
    /// Rejected.
    Deny,
}

/// What a policy evaluation touched, for blame and for inconclusive verdicts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// Lines of the clauses that matched (and of the lists they used).
    pub spans: Vec<Span>,
    /// Unmodelled matches or sets that were hit; the outcome is then unreliable.
    pub unsupported: Vec<Span>,
}
