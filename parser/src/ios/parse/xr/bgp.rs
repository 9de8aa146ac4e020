//! IOS-XR `router bgp`: neighbors are blocks (`neighbor X` then its settings), groups of
//! settings are `neighbor-group`, `session-group` and `af-group` blocks that neighbors `use`,
//! per-family settings live in the neighbor's `address-family` block (which is also what
//! activates the family), and policies are `route-policy P in|out`.
//!
//! Neighbor and group blocks reuse the shared [`Context::BgpPeer`] / [`Context::BgpPeerAf`]
//! contexts with the IOS-XR [`PeerBlock`] kinds, and most settings reuse the shared
//! [`NeighborSetting`]s.

use ipnet::IpNet;

use super::super::bgp::neighbor_setting;
use super::super::{In, full, kw, kws, malformed, opens, parse_asn, rest1, starts, stmt, word};
use super::XrStmt;
use crate::ios::Dialect;
use crate::ios::ast::{Bgp, NeighborSetting, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::{AfName, Context, PeerBlock};

/// IOS-XR statements directly under `router bgp` (`None`: the shared grammar decides).
pub(crate) fn process<'a>(input: In<'a>, vrf: Option<&str>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    Some(match input.first().as_ref() {
        "neighbor" => neighbor(input, vrf),
        "neighbor-group" | "session-group" if vrf.is_none() => {
            let kind = if starts(text, "neighbor-group") {
                PeerBlock::NeighborGroup
            } else {
                PeerBlock::SessionGroup
            };
            match full(text, (word, word)) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, name)) => opens(
                    Stmt::Bgp(Bgp::PeerSetting(NeighborSetting::DeclarePeerGroup)),
                    Context::BgpPeer {
                        vrf: None,
                        name: name.to_owned(),
                        kind,
                    },
                ),
                None => malformed(format!("{} needs a name", kind.keyword())),
            }
        }
        "af-group" if vrf.is_none() => {
            match full(text, (kw("af-group"), word, kw("address-family"), rest1)) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, name, _, family)) => opens(
                    Stmt::Bgp(Bgp::PeerSetting(NeighborSetting::DeclarePeerGroup)),
                    Context::BgpPeerAf {
                        vrf: None,
                        name: name.to_owned(),
                        kind: PeerBlock::AfGroup,
                        family: af_name(family),
                    },
                ),
                None => malformed("af-group needs a name and an address family"),
            }
        }
        "bgp" if full(text, kws("bgp unsafe-ebgp-policy")).is_some() => {
            if neg {
                stmt(Stmt::Benign)
            } else {
                stmt(Stmt::Xr(XrStmt::UnsafeEbgpPolicy))
            }
        }
        "ibgp" if starts(text, "ibgp policy out enforce-modifications") => {
            if neg {
                stmt(Stmt::Benign)
            } else {
                stmt(Stmt::Unsupported(
                    "bgp ibgp policy out enforce-modifications",
                ))
            }
        }
        "socket" | "mvpn" | "attribute-filter" | "default-metric" if neg => stmt(Stmt::Benign),
        "socket" | "mvpn" | "attribute-filter" => opens(Stmt::Benign, Context::Ignored("benign")),
        // `mpls activate` lists the interfaces labelled BGP runs on (global `mpls ldp` is not
        // BGP's, so only this form is taken here).
        "mpls" if starts(text, "mpls activate") => {
            opens(Stmt::Benign, Context::Ignored("bgp mpls activate"))
        }
        "default-metric" => stmt(Stmt::Unsupported("bgp default-metric")),
        _ => return None,
    })
}

/// The family named after `address-family`.
fn af_name(words: &str) -> AfName {
    let lower = words.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        ["ipv4"] | ["ipv4", "unicast"] => AfName::Ipv4Unicast,
        ["ipv6"] | ["ipv6", "unicast"] => AfName::Ipv6Unicast,
        _ => AfName::Other(words.join(" ")),
    }
}

/// `neighbor X`: opens the neighbor's block (a setting on the same line is taken too).
fn neighbor<'a>(input: In<'a>, vrf: Option<&str>) -> Parse<Stmt<'a>> {
    let text = input.text;
    let Some((_, peer, rest)) = full(text, (kw("neighbor"), word, nom::combinator::opt(rest1)))
    else {
        return malformed("neighbor needs a peer");
    };
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    let setting = match rest {
        None => NeighborSetting::Benign,
        Some(rest) => match neighbor_setting(rest, true, Dialect::IosXr) {
            Ok(s) => s,
            Err(_) => return malformed("unknown neighbor setting"),
        },
    };
    opens(
        Stmt::Bgp(Bgp::Neighbor {
            peer,
            interface_peer: false,
            setting,
        }),
        Context::BgpPeer {
            vrf: vrf.map(str::to_owned),
            name: peer.to_owned(),
            kind: PeerBlock::Neighbor,
        },
    )
}

/// IOS-XR statements of a BGP `vrf` block (`None`: the shared grammar decides).
pub(crate) fn vrf<'a>(input: In<'a>, vrf: &str) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    Some(match input.first().as_ref() {
        "neighbor" => neighbor(input, Some(vrf)),
        "rd" => match full(text, (kw("rd"), word)) {
            Some(_) if input.negated() => stmt(Stmt::Benign),
            Some((_, rd)) => stmt(Stmt::Xr(XrStmt::BgpVrfRd(rd))),
            None => malformed("rd needs a value"),
        },
        "label" => stmt(Stmt::Benign),
        _ => return None,
    })
}

/// IOS-XR statements of a BGP `address-family` block (`None`: the shared grammar decides).
pub(crate) fn address_family<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    let words: Vec<&'a str> = text.split_whitespace().collect();
    Some(match input.first().as_ref() {
        "network" => match network(&words) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some(n) => stmt(Stmt::Bgp(n)),
            None => malformed("invalid network statement"),
        },
        "aggregate-address" => match aggregate(&words) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some(a) => stmt(Stmt::Bgp(a)),
            None => malformed("invalid aggregate-address"),
        },
        // MPLS label allocation for the VRF's routes: no effect on IP routing.
        "label" | "retain" | "vrf" | "global-table-multicast"
            if starts(text, "label")
                || starts(text, "retain")
                || starts(text, "vrf all")
                || starts(text, "global-table-multicast") =>
        {
            stmt(Stmt::Benign)
        }
        "table-policy" => stmt(Stmt::Unsupported("bgp table-policy")),
        "nexthop" if starts(text, "nexthop route-policy") => {
            stmt(Stmt::Unsupported("bgp next-hop resolution filter"))
        }
        "allow" => stmt(Stmt::Unsupported("bgp vpn default-originate")),
        _ => return None,
    })
}

/// `network P [route-policy R] [backdoor-route]`.
fn network<'a>(words: &[&'a str]) -> Option<Bgp<'a>> {
    let prefix: IpNet = words.get(1)?.parse::<IpNet>().ok()?.trunc();
    let (mut route_map, mut backdoor) = (None, false);
    let mut i = 2;
    while let Some(w) = words.get(i) {
        match w.to_ascii_lowercase().as_str() {
            "route-policy" => {
                route_map = Some(*words.get(i + 1)?);
                i += 2;
            }
            "backdoor-route" => {
                backdoor = true;
                i += 1;
            }
            _ => return None,
        }
    }
    Some(Bgp::Network {
        prefix,
        route_map,
        backdoor,
    })
}

/// `aggregate-address P [as-set] [as-confed-set] [summary-only] [route-policy R]`.
fn aggregate<'a>(words: &[&'a str]) -> Option<Bgp<'a>> {
    let prefix: IpNet = words.get(1)?.parse::<IpNet>().ok()?.trunc();
    let (mut summary_only, mut as_set, mut attribute_map, mut unsupported) =
        (false, false, None, None);
    let mut i = 2;
    while let Some(w) = words.get(i) {
        match w.to_ascii_lowercase().as_str() {
            "summary-only" => summary_only = true,
            "as-set" => as_set = true,
            "as-confed-set" => unsupported = Some("bgp confederation"),
            "route-policy" => {
                attribute_map = Some(*words.get(i + 1)?);
                i += 1;
            }
            _ => return None,
        }
        i += 1;
    }
    Some(Bgp::Aggregate {
        prefix,
        summary_only,
        as_set,
        attribute_map,
        unsupported,
    })
}

/// A line of a neighbor, neighbor-group or session-group block.
pub(crate) fn peer<'a>(
    input: In<'a>,
    vrf: Option<&str>,
    name: &str,
    kind: PeerBlock,
) -> Parse<Stmt<'a>> {
    let text = input.text;
    let on = !input.negated();
    let first = input.first();
    let setting = |s: NeighborSetting<'a>| stmt(Stmt::Bgp(Bgp::PeerSetting(s)));
    match first.as_ref() {
        "address-family" if kind != PeerBlock::SessionGroup => {
            let Some((_, words)) = full(text, (kw("address-family"), rest1)) else {
                return malformed("address-family needs a family");
            };
            if !on {
                return stmt(Stmt::Benign);
            }
            let family = af_name(words);
            let ctx = Context::BgpPeerAf {
                vrf: vrf.map(str::to_owned),
                name: name.to_owned(),
                kind,
                family: family.clone(),
            };
            match family {
                // The family is exchanged with the neighbor only when its block is configured.
                AfName::Ipv4Unicast | AfName::Ipv6Unicast => opens(
                    Stmt::Bgp(Bgp::PeerSetting(NeighborSetting::Activate(true))),
                    ctx,
                ),
                AfName::Other(_) => opens(Stmt::Unsupported("bgp address family"), ctx),
            }
        }
        "use" => use_group(input, &[PeerBlock::NeighborGroup, PeerBlock::SessionGroup]),
        "ignore-connected-check" if on => {
            setting(NeighborSetting::Unsupported("disable-connected-check"))
        }
        "egress-engineering" | "cluster-id" | "local" | "internal-vpn-client" if on => {
            setting(NeighborSetting::Unsupported("bgp neighbor option"))
        }
        // Extended communities are not modelled.
        "send-extended-community-ebgp" => setting(NeighborSetting::Benign),
        "session-open-mode"
        | "keychain"
        | "tcp"
        | "receive-buffer-size"
        | "send-buffer-size"
        | "idle-watch-time"
        | "precedence"
        | "log"
        | "dmz-link-bandwidth"
        | "update"
        | "ignore-connected-check"
        | "egress-engineering"
        | "cluster-id"
        | "local"
        | "internal-vpn-client"
        | "enforce-first-as"
        | "graceful-maintenance"
        | "ao"
        | "tos" => setting(NeighborSetting::Benign),
        "local-as" => {
            // `local-as N [no-prepend [replace-as [dual-as]]]`: only the plain form is modelled.
            let words: Vec<&str> = text.split_whitespace().collect();
            match words.get(1).map(|a| parse_asn(a)) {
                Some(Ok(a)) if words.len() == 2 && on => setting(NeighborSetting::LocalAs(a)),
                Some(Ok(_)) if on => setting(NeighborSetting::Unsupported("local-as options")),
                _ if !on => stmt(Stmt::Benign),
                _ => malformed("invalid local-as"),
            }
        }
        _ => match neighbor_setting(text, on, Dialect::IosXr) {
            // Per-family settings do not belong directly in the block.
            Ok(
                NeighborSetting::RouteMap { .. }
                | NeighborSetting::PrefixList { .. }
                | NeighborSetting::FilterList { .. }
                | NeighborSetting::NextHopSelf(_)
                | NeighborSetting::RouteReflectorClient(_)
                | NeighborSetting::SendCommunity { .. }
                | NeighborSetting::Activate(_)
                | NeighborSetting::SoftReconfiguration,
            ) => Parse::NotHere,
            Ok(s) => setting(s),
            Err(_) => Parse::NotHere,
        },
    }
}

/// `use neighbor-group|session-group|af-group NAME`, where `allowed` says which.
fn use_group<'a>(input: In<'a>, allowed: &[PeerBlock]) -> Parse<Stmt<'a>> {
    let Some((_, which, name)) = full(input.text, (kw("use"), word, word)) else {
        return malformed("use needs a group kind and a name");
    };
    let kind = match which.to_ascii_lowercase().as_str() {
        "neighbor-group" => PeerBlock::NeighborGroup,
        "session-group" => PeerBlock::SessionGroup,
        "af-group" => PeerBlock::AfGroup,
        _ => return malformed("use takes neighbor-group, session-group or af-group"),
    };
    if !allowed.contains(&kind) {
        return Parse::NotHere;
    }
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    stmt(Stmt::Xr(XrStmt::BgpUse { kind, name }))
}

/// A line of a neighbor's (or group's) `address-family` block, or of an `af-group`.
pub(crate) fn peer_af<'a>(input: In<'a>, kind: PeerBlock) -> Parse<Stmt<'a>> {
    let text = input.text;
    let on = !input.negated();
    let words: Vec<&'a str> = text.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    // `X inheritance-disable`: the setting is off here even when a group sets it.
    let disable = l.last() == Some(&"inheritance-disable");
    let value = on && !disable;
    let setting = |s: NeighborSetting<'a>| stmt(Stmt::Bgp(Bgp::PeerSetting(s)));
    match l.as_slice() {
        ["route-policy", .., "in" | "out"] if words.len() >= 3 => {
            let inbound = l.last() == Some(&"in");
            // The policy with its arguments, as written: `P` or `P(a, b)`.
            let invocation = super::super::span_words(text, words[1], words[words.len() - 2]);
            if !on {
                return stmt(Stmt::Benign);
            }
            if invocation.contains(char::is_whitespace) && !invocation.contains('(') {
                return malformed("route-policy takes one policy");
            }
            setting(NeighborSetting::RouteMap {
                name: invocation,
                inbound,
            })
        }
        ["use", ..] if kind != PeerBlock::AfGroup => use_group(input, &[PeerBlock::AfGroup]),
        ["next-hop-self", ..] => setting(NeighborSetting::NextHopSelf(value)),
        ["route-reflector-client", ..] => setting(NeighborSetting::RouteReflectorClient(value)),
        ["send-community-ebgp", ..] => setting(NeighborSetting::SendCommunity {
            standard: value,
            extended: false,
        }),
        // Extended communities are not modelled.
        ["send-extended-community-ebgp", ..] | ["send-community-gshut-ebgp", ..] => {
            setting(NeighborSetting::Benign)
        }
        ["soft-reconfiguration", ..] => setting(NeighborSetting::SoftReconfiguration),
        ["remove-private-as", "inbound", ..] if on => {
            setting(NeighborSetting::Unsupported("remove-private-as inbound"))
        }
        ["remove-private-as", ..] => setting(NeighborSetting::RemovePrivateAs(value)),
        ["maximum-prefix", ..] if !on => stmt(Stmt::Benign),
        ["maximum-prefix", n, rest @ ..] => {
            let Ok(limit) = n.parse::<u32>() else {
                return malformed("maximum-prefix needs a number");
            };
            if rest.contains(&"discard-extra-paths") {
                return setting(NeighborSetting::Unsupported(
                    "maximum-prefix discard-extra-paths",
                ));
            }
            setting(NeighborSetting::MaximumPrefix {
                limit,
                warning_only: rest.contains(&"warning-only"),
            })
        }
        ["allowas-in"] => setting(NeighborSetting::AllowAsIn(3)),
        ["allowas-in", n] => match n.parse() {
            Ok(n) => setting(NeighborSetting::AllowAsIn(n)),
            Err(_) => malformed("allowas-in takes a count"),
        },
        ["as-override", ..] => setting(NeighborSetting::AsOverride(value)),
        ["default-originate", ..] if !value => stmt(Stmt::Benign),
        ["default-originate"] => setting(NeighborSetting::DefaultOriginate {
            route_map: None,
            conditional: false,
        }),
        ["default-originate", "route-policy", _] => setting(NeighborSetting::DefaultOriginate {
            route_map: Some(words[2]),
            conditional: false,
        }),
        ["weight", n] => match n.parse() {
            Ok(w) => setting(NeighborSetting::Weight(w)),
            Err(_) => malformed("weight needs a number"),
        },
        ["next-hop-unchanged", ..] if value => {
            setting(NeighborSetting::Unsupported("next-hop-unchanged"))
        }
        ["site-of-origin", ..] if on => setting(NeighborSetting::Unsupported("bgp site of origin")),
        ["orf", ..] | ["capability", ..] if on => {
            setting(NeighborSetting::Unsupported("bgp outbound route filtering"))
        }
        ["next-hop-unchanged", ..]
        | ["site-of-origin", ..]
        | ["orf", ..]
        | ["capability", ..]
        | ["additional-paths", ..]
        | ["aigp", ..]
        | ["signalling", ..]
        | ["encapsulation-type", ..]
        | ["send-multicast-attributes", ..]
        | ["accept-own", ..]
        | ["multipath", ..]
        | ["long-lived-graceful-restart", ..]
        | ["bestpath", ..]
        | ["advertise", ..]
        | ["update", ..]
        | ["slow-peer", ..]
        | ["optimal-route-reflection", ..]
        | ["import", ..]
        | ["export", ..] => setting(NeighborSetting::Benign),
        _ => Parse::NotHere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ios::parse::check_line;

    fn bgp() -> Context {
        Context::RouterBgp { asn: 65100 }
    }

    fn group(kind: PeerBlock) -> Context {
        Context::BgpPeer {
            vrf: None,
            name: "RR".into(),
            kind,
        }
    }

    fn group_af(kind: PeerBlock) -> Context {
        Context::BgpPeerAf {
            vrf: None,
            name: "RR".into(),
            kind,
            family: AfName::Ipv4Unicast,
        }
    }

    #[test]
    fn process_blocks() {
        let p = |line: &str| check_line(&bgp(), &format!("xr: {line}"));
        assert!(
            p("neighbor 10.169.6.152")
                .ends_with("opens BgpPeer { vrf: None, name: \"10.169.6.152\", kind: Neighbor }")
        );
        assert!(p("neighbor-group RR").ends_with("kind: NeighborGroup }"));
        assert!(p("session-group S").ends_with("kind: SessionGroup }"));
        assert!(p("af-group A address-family ipv4 unicast").ends_with(
            "opens BgpPeerAf { vrf: None, name: \"A\", kind: AfGroup, family: Ipv4Unicast }"
        ));
        assert_eq!(p("bgp unsafe-ebgp-policy"), "Xr(UnsafeEbgpPolicy)");
        assert_eq!(p("bgp router-id 10.188.62.3"), "Bgp(RouterId(10.188.62.3))");
        let vrf = Context::BgpVrf { vrf: "red".into() };
        assert!(
            check_line(&vrf, "xr: neighbor 11.1.1.2").ends_with(
                "opens BgpPeer { vrf: Some(\"red\"), name: \"11.1.1.2\", kind: Neighbor }"
            )
        );
        assert_eq!(check_line(&vrf, "xr: rd auto"), "Xr(BgpVrfRd(\"auto\"))");
    }

    #[test]
    fn address_family_statements() {
        let af = Context::BgpAf {
            vrf: None,
            family: AfName::Ipv4Unicast,
        };
        let a = |line: &str| check_line(&af, &format!("xr: {line}"));
        assert!(a("network 10.10.10.100/32").starts_with("Bgp(Network { prefix: 10.10.10.100/32"));
        assert!(a("network 10.0.0.0/8 route-policy P").contains("route_map: Some(\"P\")"));
        assert!(
            a("aggregate-address 1.0.0.0/8 as-set summary-only route-policy AGG")
                .contains("summary_only: true, as_set: true, attribute_map: Some(\"AGG\")")
        );
        assert!(
            a("redistribute connected route-policy PASS_ALL")
                .contains("route_map: Some(\"PASS_ALL\")")
        );
        assert_eq!(
            a("additional-paths selection route-policy ADD-PATH"),
            "Benign"
        );
        assert_eq!(a("label mode per-vrf"), "Benign");
        assert!(a("maximum-paths ibgp 4").contains("ibgp: true"));
    }

    #[test]
    fn neighbor_blocks() {
        let n = |line: &str| check_line(&group(PeerBlock::NeighborGroup), &format!("xr: {line}"));
        assert_eq!(
            n("remote-as 65100"),
            "Bgp(PeerSetting(RemoteAs(Asn(65100))))"
        );
        assert_eq!(
            n("update-source Loopback0"),
            "Bgp(PeerSetting(UpdateSource(\"Loopback0\")))"
        );
        assert_eq!(
            n("use neighbor-group RR"),
            "Xr(BgpUse { kind: NeighborGroup, name: \"RR\" })"
        );
        assert_eq!(n("password encrypted xxxxxxxx"), "Bgp(PeerSetting(Benign))");
        assert_eq!(n("bfd fast-detect"), "Bgp(PeerSetting(Benign))");
        assert_eq!(
            n("local-as 1 no-prepend replace-as"),
            "Bgp(PeerSetting(Unsupported(\"local-as options\")))"
        );
        assert!(
            n("address-family ipv4 unicast")
                .starts_with("Bgp(PeerSetting(Activate(true))) opens BgpPeerAf")
        );
        assert!(n("address-family vpnv4 unicast").contains("Other(\"vpnv4 unicast\")"));
        assert_eq!(n("next-hop-self"), "NotHere");
        let a =
            |line: &str| check_line(&group_af(PeerBlock::NeighborGroup), &format!("xr: {line}"));
        assert_eq!(
            a("route-policy IBGP-OUT out"),
            "Bgp(PeerSetting(RouteMap { name: \"IBGP-OUT\", inbound: false }))"
        );
        assert_eq!(
            a("route-policy cust_v4_in(ama-coe-v4, 65517) in"),
            "Bgp(PeerSetting(RouteMap { name: \"cust_v4_in(ama-coe-v4, 65517)\", inbound: true }))"
        );
        assert_eq!(a("next-hop-self"), "Bgp(PeerSetting(NextHopSelf(true)))");
        assert_eq!(
            a("route-reflector-client"),
            "Bgp(PeerSetting(RouteReflectorClient(true)))"
        );
        assert_eq!(
            a("send-community-ebgp"),
            "Bgp(PeerSetting(SendCommunity { standard: true, extended: false }))"
        );
        assert_eq!(
            a("soft-reconfiguration inbound always"),
            "Bgp(PeerSetting(SoftReconfiguration))"
        );
        assert_eq!(
            a("maximum-prefix 500 80 restart 60"),
            "Bgp(PeerSetting(MaximumPrefix { limit: 500, warning_only: false }))"
        );
        assert_eq!(
            a("remove-private-AS"),
            "Bgp(PeerSetting(RemovePrivateAs(true)))"
        );
        assert_eq!(
            a("next-hop-self inheritance-disable"),
            "Bgp(PeerSetting(NextHopSelf(false)))"
        );
        assert_eq!(
            a("use af-group A"),
            "Xr(BgpUse { kind: AfGroup, name: \"A\" })"
        );
        assert!(a("default-originate route-policy D").contains("route_map: Some(\"D\")"));
    }
}
