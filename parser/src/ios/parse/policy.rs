//! Route-map mode (`match`, `set`, `continue`) and EOS's prefix-list block mode.

use std::net::IpAddr;

use super::global::{is_community_literal, prefix_list_entry, rest_after_words};
use super::{In, Words, full, kw, lower_words, malformed, num, stmt, word};
use crate::ios::ast::Stmt;
use crate::ios::bind::Parse;
use crate::ir;
use crate::ir::AddressFamily;
use crate::ir::policy::{MetricSet, NextHopSet, Origin, PolicyMatch, PolicySet};
use crate::ir::routing::RouteSource;

use nom::Parser;
use nom::combinator::opt;
use nom::sequence::preceded;

/// Route-map entry statements.
pub(crate) fn route_map(input: In<'_>) -> Parse<Stmt<'_>> {
    let In { text, .. } = input;
    let first = input.first();
    if input.negated() && ["match", "set", "continue", "description"].contains(&first.as_ref()) {
        // In a configuration file a negated clause line configures nothing.
        return stmt(Stmt::Benign);
    }
    match first.as_ref() {
        "match" => match_clause(text),
        "set" => set_clause(text),
        "continue" => match full(text, (kw("continue"), opt(num::<u32>))) {
            Some((_, seq)) => stmt(Stmt::Continue(seq)),
            None => malformed("continue takes an optional sequence number"),
        },
        "on-match" => {
            // FRR: `on-match next` / `on-match goto N`.
            match full(text, (kw("on-match"), word, opt(num::<u32>))) {
                Some((_, w, seq)) if w.eq_ignore_ascii_case("next") => stmt(Stmt::Continue(seq)),
                Some((_, w, Some(seq))) if w.eq_ignore_ascii_case("goto") => {
                    stmt(Stmt::Continue(Some(seq)))
                }
                _ => malformed("invalid on-match"),
            }
        }
        "description" => stmt(Stmt::Benign),
        // FRR `call R` and EOS `sub-route-map R` evaluate another route-map.
        "call" | "sub-route-map" => stmt(Stmt::Match(PolicyMatch::Unsupported(text.to_owned()))),
        _ => Parse::NotHere,
    }
}

fn names(text: &str, skip: usize) -> Vec<String> {
    rest_after_words(text, skip)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn match_clause(text: &str) -> Parse<Stmt<'_>> {
    let mut store = String::new();
    let w = lower_words(text, &mut store);
    let m = |m: PolicyMatch| stmt(Stmt::Match(m));
    match &*w {
        ["match", "ip", "address", "prefix-list", ..] => list(names(text, 4), |n| {
            PolicyMatch::PrefixList(AddressFamily::Ipv4, n)
        }),
        ["match", "ipv6", "address", "prefix-list", ..] => list(names(text, 4), |n| {
            PolicyMatch::PrefixList(AddressFamily::Ipv6, n)
        }),
        ["match", "ip", "address", "access-list", ..] => list(names(text, 4), PolicyMatch::Acl),
        ["match", "ip", "address", "prefix-len", ..] => {
            m(PolicyMatch::Unsupported(text.to_owned()))
        }
        ["match", "ip", "address", ..] => list(names(text, 3), PolicyMatch::Acl),
        ["match", "ip", "next-hop", "prefix-list", ..] => {
            list(names(text, 4), PolicyMatch::NextHopPrefixList)
        }
        ["match", "ip", "next-hop", ..] | ["match", "ip", "route-source", ..] => {
            m(PolicyMatch::Unsupported(text.to_owned()))
        }
        ["match", "community", ..] => {
            let mut n = names(text, 2);
            let exact = n
                .last()
                .is_some_and(|l| l.eq_ignore_ascii_case("exact-match"));
            if exact {
                n.pop();
            }
            if n.is_empty() {
                return malformed("match community needs a list");
            }
            m(PolicyMatch::Community { lists: n, exact })
        }
        ["match", "as-path", ..] => list(names(text, 2), PolicyMatch::AsPath),
        ["match", "tag", ..] => {
            let tags: Option<Vec<u32>> = names(text, 2).iter().map(|t| t.parse().ok()).collect();
            match tags {
                Some(t) if !t.is_empty() => m(PolicyMatch::Tag(t)),
                _ => malformed("match tag needs numbers"),
            }
        }
        ["match", "metric", value] => match value.parse() {
            Ok(v) => m(PolicyMatch::Metric(v)),
            Err(_) => malformed("match metric needs a number"),
        },
        ["match", "interface", ..] => list(names(text, 2), PolicyMatch::Interface),
        ["match", "source-protocol", ..] => match source_protocols(&names(text, 2)) {
            Some(sources) => m(PolicyMatch::SourceProtocol(sources)),
            None => malformed("match source-protocol needs protocols"),
        },
        ["match", "route-type", ..] => m(PolicyMatch::RouteType(names(text, 2))),
        ["match", "extcommunity", ..]
        | ["match", "large-community", ..]
        | ["match", "local-preference", ..]
        | ["match", "mpls-label", ..]
        | ["match", "rpki", ..]
        | ["match", "length", ..]
        | ["match", "evpn", ..]
        | ["match", "policy-list", ..]
        | ["match", "origin", ..]
        | ["match", "peer", ..]
        | ["match", "probability", ..]
        | ["match", "vrf", ..]
        | ["match", "nlri", ..]
        | ["match", "ipv6", ..]
        | ["match", "vlan", ..]
        | ["match", "as-number", ..]
        | ["match", "ip", "multicast", ..] => m(PolicyMatch::Unsupported(text.to_owned())),
        _ => malformed("unknown match clause"),
    }
}

/// `match source-protocol ospf 1 bgp 65000 connected`: protocols, each with an optional process
/// id or AS number after it.
fn source_protocols(words: &[String]) -> Option<Vec<RouteSource>> {
    let mut sources = Vec::new();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let id = words
            .get(i + 1)
            .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
            .cloned();
        let takes_id = matches!(
            w.to_ascii_lowercase().as_str(),
            "ospf" | "isis" | "bgp" | "eigrp" | "ospfv3"
        );
        let source = match w.to_ascii_lowercase().as_str() {
            "connected" => RouteSource::Connected,
            "static" => RouteSource::Static,
            "bgp" => RouteSource::Bgp(id.as_deref().and_then(|a| super::parse_asn(a).ok())),
            "ospf" => RouteSource::Ospf(id.clone().unwrap_or_default()),
            "isis" => RouteSource::Isis(id.clone().unwrap_or_default()),
            "rip" => RouteSource::Rip,
            "eigrp" => RouteSource::Eigrp(id.as_deref().and_then(|a| a.parse().ok())?),
            other => RouteSource::Other(other.to_owned()),
        };
        i += if takes_id && id.is_some() { 2 } else { 1 };
        sources.push(source);
    }
    (!sources.is_empty()).then_some(sources)
}

fn list(
    names: Vec<String>,
    build: impl FnOnce(Vec<String>) -> PolicyMatch,
) -> Parse<Stmt<'static>> {
    if names.is_empty() {
        return malformed("match needs at least one name");
    }
    stmt(Stmt::Match(build(names)))
}

fn set_clause(text: &str) -> Parse<Stmt<'_>> {
    let mut store = String::new();
    let w = lower_words(text, &mut store);
    let raw = Words::new(text);
    let s = |s: PolicySet| stmt(Stmt::Set(s));
    let number = |i: usize| raw.get(i).and_then(|v| v.parse::<u32>().ok());
    match &*w {
        ["set", "local-preference", _] => match number(2) {
            Some(v) => s(PolicySet::LocalPreference(v)),
            None => malformed("local-preference needs a number"),
        },
        ["set", "weight", _] => match number(2) {
            Some(v) => s(PolicySet::Weight(v)),
            None => malformed("weight needs a number"),
        },
        ["set", "metric", value] => {
            let parsed = if let Some(v) = value.strip_prefix('+') {
                v.parse().ok().map(MetricSet::Add)
            } else if let Some(v) = value.strip_prefix('-') {
                v.parse().ok().map(MetricSet::Subtract)
            } else {
                value.parse().ok().map(MetricSet::Set)
            };
            match parsed {
                Some(m) => s(PolicySet::Metric(m)),
                None => s(PolicySet::Unsupported(text.to_owned())),
            }
        }
        // EIGRP: `set metric BANDWIDTH DELAY RELIABILITY LOAD MTU`.
        ["set", "metric", _, _, _, _, _] => match super::ospf::eigrp_metric(&raw[2..]) {
            Some(m) => s(PolicySet::EigrpMetric(m)),
            None => malformed("set metric needs five EIGRP values"),
        },
        ["set", "metric", "add" | "+", _] => match number(3) {
            Some(v) => s(PolicySet::Metric(MetricSet::Add(v))),
            None => malformed("set metric add needs a number"),
        },
        ["set", "metric-type", kind] => match *kind {
            "type-1" | "type-2" | "internal" | "external" | "1" | "2" => {
                s(PolicySet::MetricType((*kind).to_owned()))
            }
            _ => malformed("unknown metric-type"),
        },
        // EOS: the communities of a community list.
        ["set", "community", "community-list", ..] => s(PolicySet::Unsupported(text.to_owned())),
        ["set", "community", ..] => {
            let mut values: Vec<String> = raw[2..].iter().map(|v| (*v).to_owned()).collect();
            if values.len() == 1 && values[0].eq_ignore_ascii_case("none") {
                return s(PolicySet::CommunityNone);
            }
            let additive = values
                .last()
                .is_some_and(|v| v.eq_ignore_ascii_case("additive"));
            if additive {
                values.pop();
            }
            if values.is_empty() || !values.iter().all(|v| is_community_literal(v)) {
                return malformed("set community needs communities");
            }
            s(PolicySet::Community {
                communities: values,
                additive,
            })
        }
        ["set", "comm-list", name, "delete"] | ["set", "community-list", name, "delete"] => {
            let _ = name;
            s(PolicySet::CommunityDelete(raw[2].to_owned()))
        }
        ["set", "as-path", "prepend", "last-as", ..] => s(PolicySet::Unsupported(text.to_owned())),
        ["set", "as-path", "prepend", ..] => {
            let asns: Option<Vec<u32>> =
                raw[3..].iter().map(|a| super::parse_asn(a).ok()).collect();
            match asns {
                Some(a) if !a.is_empty() => s(PolicySet::AsPathPrepend(a)),
                _ => malformed("set as-path prepend needs AS numbers"),
            }
        }
        ["set", "ip", "next-hop", "peer-address"] => s(PolicySet::NextHop(NextHopSet::PeerAddress)),
        ["set", "ip", "next-hop", "unchanged"] => s(PolicySet::NextHop(NextHopSet::Unchanged)),
        ["set", "ip", "next-hop", "self"] => s(PolicySet::NextHop(NextHopSet::SelfAddress)),
        ["set", "ip", "next-hop", addr]
        | ["set", "ipv6", "next-hop", addr]
        | ["set", "ipv6", "next-hop", "global", addr] => match addr.parse::<IpAddr>() {
            Ok(a) => s(PolicySet::NextHop(NextHopSet::Address(a))),
            Err(_) => s(PolicySet::Unsupported(text.to_owned())),
        },
        ["set", "tag", _] => match number(2) {
            Some(v) => s(PolicySet::Tag(v)),
            None => malformed("set tag needs a number"),
        },
        ["set", "origin", origin, ..] => match *origin {
            "igp" => s(PolicySet::Origin(Origin::Igp)),
            "egp" => s(PolicySet::Origin(Origin::Egp)),
            "incomplete" => s(PolicySet::Origin(Origin::Incomplete)),
            _ => malformed("unknown origin"),
        },
        ["set", ..] => s(PolicySet::Unsupported(text.to_owned())),
        _ => malformed("unknown set clause"),
    }
}

/// EOS prefix-list block: `seq N permit|deny P [ge G] [le L]`.
pub(crate) fn prefix_list_block<'a>(input: In<'a>, name: &'a str, ipv6: bool) -> Parse<Stmt<'a>> {
    let text = input.text;
    let action = |i| {
        nom::branch::alt((
            nom::combinator::value(ir::Action::Permit, kw("permit")),
            nom::combinator::value(ir::Action::Deny, kw("deny")),
        ))
        .parse(i)
    };
    let parsed = full(
        text,
        (
            opt(preceded(kw("seq"), num::<u32>)),
            action,
            word,
            super::global::length_range,
        ),
    );
    match parsed {
        Some((seq, action, prefix, (ge, le))) => {
            prefix_list_entry(name, ipv6, seq, action, prefix, ge, le)
        }
        None if input.negated() => stmt(Stmt::Benign),
        None => Parse::NotHere,
    }
}

#[cfg(test)]
mod tests {
    use crate::ios::context::Context;

    fn check(line: &str) -> String {
        let ctx = Context::RouteMap {
            name: "RM".into(),
            seq: 10,
        };
        super::super::check_line(&ctx, line)
    }

    #[test]
    fn matches_and_sets() {
        assert_eq!(
            check("match ip address prefix-list A B"),
            "Match(PrefixList(Ipv4, [\"A\", \"B\"]))"
        );
        assert_eq!(check("match ip address 101"), "Match(Acl([\"101\"]))");
        assert_eq!(
            check("match community as1_community"),
            "Match(Community { lists: [\"as1_community\"], exact: false })"
        );
        assert_eq!(
            check("set local-preference 350"),
            "Set(LocalPreference(350))"
        );
        assert_eq!(
            check("set community 2:1 additive"),
            "Set(Community { communities: [\"2:1\"], additive: true })"
        );
        assert_eq!(
            check("set as-path prepend 65000 65000"),
            "Set(AsPathPrepend([65000, 65000]))"
        );
        assert_eq!(check("set metric +10"), "Set(Metric(Add(10)))");
        assert_eq!(check("continue 30"), "Continue(Some(30))");
        assert!(check("match frobnicate").starts_with("Malformed"));
        assert_eq!(check("router bgp 1"), "NotHere");
    }

    #[test]
    fn dialect_clauses() {
        // NX-OS matches the routing protocol does not model for us: recorded, not refused.
        assert!(check("nxos: match vlan 1,3-4").starts_with("Match(Unsupported("));
        assert!(
            check("nxos: match as-number 64496, 64498-64510").starts_with("Match(Unsupported(")
        );
        // EOS sets the communities of a community list.
        assert!(
            check("eos: set community community-list CL additive").starts_with("Set(Unsupported(")
        );
        // FRR `on-match goto N` is `continue N`.
        assert_eq!(check("frr: on-match goto 100"), "Continue(Some(100))");
        assert_eq!(check("frr: on-match next"), "Continue(None)");
        assert_eq!(check("no set metric 10"), "Benign");
    }

    #[test]
    fn prefix_list_block_lengths() {
        let block = Context::PrefixListBlock {
            name: "PL".into(),
            ipv6: false,
        };
        let got = super::super::check_line(&block, "eos: seq 10 permit 10.0.0.0/8 eq 32");
        assert!(got.contains("ge: Some(32), le: Some(32)"), "{got}");
        let got = super::super::check_line(&block, "eos: seq 20 deny 10.0.0.0/8 le 24 ge 16");
        assert!(got.contains("ge: Some(16), le: Some(24)"), "{got}");
        let got = super::super::check_line(&block, "eos: seq 30 deny 10.0.0.0/8 eq 7");
        assert!(got.starts_with("Malformed"), "{got}");
    }

    #[test]
    fn source_protocols_take_their_ids() {
        assert_eq!(
            check("match source-protocol ospf 1 bgp 65000 connected"),
            "Match(SourceProtocol([Ospf(\"1\"), Bgp(Some(65000)), Connected]))"
        );
        assert_eq!(
            check("match source-protocol static"),
            "Match(SourceProtocol([Static]))"
        );
        assert!(check("match source-protocol").starts_with("Malformed"));
    }
}
