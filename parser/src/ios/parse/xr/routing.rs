//! IOS-XR `router static`, `router ospf` (areas and the interfaces listed in them) and `router
//! isis` (interface blocks).
//!
//! OSPF interface settings can be written at three levels (process, area, interface) and are
//! inherited downwards; the grammar returns the same [`OspfSetting`] at each level and the
//! lowering resolves the inheritance.

use ipnet::IpNet;
use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};

use super::super::interface::area_id;
use super::super::ospf::{default_information, redistribute};
use super::super::{In, full, ipv4_addr_mask, kw, kws, malformed, num, opens, rest1, stmt, word};
use super::{IsisInterfaceSetting, OspfSetting, XrStmt};
use crate::ios::Dialect;
use crate::ios::ast::{self, Isis, Ospf, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::{AfName, Context};
use crate::ios::names::canonical_interface;
use crate::ir::interface::OspfNetworkType;
use crate::ir::routing::{IsisLevel, OspfAreaKind};

/// `address-family ipv4|ipv6 unicast|multicast`.
fn family(text: &str) -> Option<AfName> {
    let (_, f, cast) = full(
        text,
        (
            kw("address-family"),
            alt((kw("ipv4"), kw("ipv6"))),
            opt(alt((kw("unicast"), kw("multicast")))),
        ),
    )?;
    Some(match (f.to_ascii_lowercase().as_str(), cast) {
        (_, Some(c)) if c.eq_ignore_ascii_case("multicast") => {
            AfName::Other(format!("{} multicast", f.to_ascii_lowercase()))
        }
        ("ipv4", _) => AfName::Ipv4Unicast,
        _ => AfName::Ipv6Unicast,
    })
}

/// `router static` and its `vrf` and `address-family` blocks.
pub(crate) fn static_block<'a>(
    input: In<'a>,
    vrf: &Option<String>,
    af: &Option<AfName>,
) -> Parse<Stmt<'a>> {
    let text = input.text;
    let neg = input.negated();
    let first = input.first();
    match (af, first.as_ref()) {
        (None, "address-family") => match family(text) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some(family) => opens(
                Stmt::Open(None),
                Context::XrStatic {
                    vrf: vrf.clone(),
                    family: Some(family),
                },
            ),
            None => malformed("unknown address family"),
        },
        (None, "vrf") if vrf.is_none() => match full(text, (kw("vrf"), word)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, name)) => opens(
                Stmt::Open(Some(name)),
                Context::XrStatic {
                    vrf: Some(name.to_owned()),
                    family: None,
                },
            ),
            None => malformed("vrf needs a name"),
        },
        (None, "maximum" | "nsf" | "topology") => stmt(Stmt::Benign),
        (Some(AfName::Other(_)), _) if first.contains(['.', ':']) => {
            stmt(Stmt::Unsupported("multicast static route"))
        }
        (Some(family), _) if first.contains(['.', ':']) => {
            if neg {
                return stmt(Stmt::Benign);
            }
            // The VRF comes from the context when lowering.
            static_route(text, *family == AfName::Ipv6Unicast)
        }
        _ => Parse::NotHere,
    }
}

/// `PREFIX [vrf V] {ADDRESS | INTERFACE [ADDRESS]} [DISTANCE] [tag T] [description D]
/// [permanent] [track X] [bfd ...]`.
fn static_route(text: &str, ipv6: bool) -> Parse<Stmt<'_>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Ok(prefix) = words[0].parse::<IpNet>() else {
        return malformed("invalid prefix");
    };
    if prefix.addr().is_ipv6() != ipv6 {
        return malformed("the prefix is not of the address family");
    }
    let mut route = ast::StaticRoute {
        vrf: None,
        prefix: prefix.trunc(),
        next_hop_ip: None,
        interface: None,
        distance: None,
        tag: None,
        name: None,
        permanent: false,
        next_hop_vrf: None,
        unsupported: None,
    };
    let mut i = 1;
    if words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("vrf")) {
        let Some(v) = words.get(i + 1) else {
            return malformed("vrf needs a name");
        };
        route.next_hop_vrf = Some(v);
        i += 2;
    }
    match words.get(i) {
        Some(w) if w.parse::<std::net::IpAddr>().is_ok() => {
            route.next_hop_ip = w.parse().ok();
            i += 1;
        }
        Some(w) if w.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            route.interface = Some(w);
            i += 1;
            if let Some(a) = words
                .get(i)
                .and_then(|w| w.parse::<std::net::IpAddr>().ok())
            {
                route.next_hop_ip = Some(a);
                i += 1;
            }
        }
        _ => return malformed("a static route needs a next hop"),
    }
    if route.next_hop_ip.is_some_and(|a| a.is_ipv6() != ipv6) {
        return malformed("the next hop is not of the address family");
    }
    while let Some(&w) = words.get(i) {
        let next = words.get(i + 1).copied();
        match w.to_ascii_lowercase().as_str() {
            _ if w.parse::<u8>().is_ok() && route.distance.is_none() => {
                route.distance = w.parse().ok();
                i += 1;
            }
            "tag" => {
                let Some(tag) = next.and_then(|t| t.parse().ok()) else {
                    return malformed("tag needs a number");
                };
                route.tag = Some(tag);
                i += 2;
            }
            "description" => {
                // The rest of the line, quoted or not, up to the next option we know would be
                // ambiguous; IOS-XR prints the description last.
                let at = text.find(w).map_or(text.len(), |p| p + w.len());
                let rest = text[at..].trim();
                route.name = Some(rest.trim_matches('"'));
                break;
            }
            "permanent" => {
                route.permanent = true;
                i += 1;
            }
            "track" => {
                route.unsupported = Some("tracked static route");
                i += 2;
            }
            // BFD only speeds up failure detection; the options run to the end of the line.
            "bfd" => break,
            "metric" => i += 2,
            _ => return malformed(format!("unexpected `{w}` in a static route")),
        }
    }
    stmt(Stmt::StaticRoute(route))
}

/// An OSPF interface setting, valid at process, area and interface level.
fn ospf_setting<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    let first = input.first();
    let setting = |s: OspfSetting| stmt(Stmt::Xr(XrStmt::OspfSetting(s)));
    let enable = || {
        opt(alt((
            value(true, kw("enable")),
            value(false, kw("disable")),
        )))
    };
    Some(match first.as_ref() {
        "cost" => match full(text, (kw("cost"), num::<u32>)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, c)) => setting(OspfSetting::Cost(c)),
            None => malformed("cost needs a number"),
        },
        "network" => {
            let kind = alt((
                value(OspfNetworkType::PointToPoint, kw("point-to-point")),
                value(OspfNetworkType::Broadcast, kw("broadcast")),
                value(OspfNetworkType::NonBroadcast, kw("non-broadcast")),
                value(
                    OspfNetworkType::PointToMultipoint,
                    kw("point-to-multipoint"),
                ),
            ));
            match full(text, (kw("network"), kind, opt(kw("non-broadcast")))) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, kind, _)) => setting(OspfSetting::Network(kind)),
                None => malformed("unknown network type"),
            }
        }
        "passive" => match full(text, (kw("passive"), enable())) {
            Some((_, on)) => setting(OspfSetting::Passive(!neg && on.unwrap_or(true))),
            None => malformed("passive takes enable or disable"),
        },
        "mtu-ignore" => match full(text, (kw("mtu-ignore"), enable())) {
            Some((_, on)) => setting(OspfSetting::MtuIgnore(!neg && on.unwrap_or(true))),
            None => malformed("mtu-ignore takes enable or disable"),
        },
        "hello-interval" => match full(text, (kw("hello-interval"), num::<u32>)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, n)) => setting(OspfSetting::Hello(n)),
            None => malformed("hello-interval needs a number"),
        },
        "dead-interval" => match full(text, (kw("dead-interval"), num::<u32>)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, n)) => setting(OspfSetting::Dead(n)),
            None if neg => stmt(Stmt::Benign),
            None => stmt(Stmt::Unsupported("ospf dead-interval option")),
        },
        // Per-interface knobs without an effect on the converged routes (authentication keys
        // are not compared: an authentication mismatch is not modelled).
        "authentication"
        | "authentication-key"
        | "message-digest-key"
        | "priority"
        | "retransmit-interval"
        | "transmit-delay"
        | "flood-reduction"
        | "demand-circuit"
        | "database-filter"
        | "packet-size"
        | "security"
        | "link-down"
        | "bfd"
        | "fast-reroute"
        | "prefix-suppression"
        | "loopback"
        | "ldp"
        | "weight"
        | "delay"
        | "mpls" => stmt(Stmt::Benign),
        _ => return None,
    })
}

/// IOS-XR `router ospf ID [vrf V]` statements (`None`: the shared OSPF grammar decides).
pub(crate) fn ospf_process<'a>(
    input: In<'a>,
    id: &str,
    vrf: Option<&str>,
) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    let first = input.first();
    if let Some(p) = ospf_setting(input) {
        return Some(p);
    }
    Some(match first.as_ref() {
        "area" => match full(text, (kw("area"), area_id)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, area)) => opens(
                Stmt::Open(None),
                Context::XrOspfArea {
                    id: id.to_owned(),
                    vrf: vrf.map(str::to_owned),
                    area,
                },
            ),
            // `area A stub` and friends in the IOS form.
            None => return None,
        },
        "vrf" if vrf.is_none() => match full(text, (kw("vrf"), word)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, name)) => opens(
                Stmt::Open(Some(name)),
                Context::RouterOspf {
                    id: id.to_owned(),
                    vrf: Some(name.to_owned()),
                },
            ),
            None => malformed("vrf needs a name"),
        },
        "maximum" => match full(text, (kws("maximum paths"), num::<u32>)) {
            Some((_, n)) => stmt(Stmt::Ospf(Ospf::MaximumPaths(n))),
            None => stmt(Stmt::Benign),
        },
        "default-information" => match default_information(text, "route-policy") {
            Some(_) if neg => stmt(Stmt::Benign),
            Some(o) => stmt(Stmt::Ospf(o)),
            None => malformed("invalid default-information originate"),
        },
        // IOS-XR redistributes subnets without being told (there is no `subnets` keyword).
        "redistribute" => match redistribute(text) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some(mut r) => {
                r.subnets = true;
                stmt(Stmt::Ospf(Ospf::Redistribute(r)))
            }
            None => malformed("invalid redistribute"),
        },
        "address-family" => {
            match full(text, (kw("address-family"), kw("ipv4"), opt(kw("unicast")))) {
                Some(_) => stmt(Stmt::Benign),
                None => stmt(Stmt::Unsupported("ospf address family")),
            }
        }
        "summary-prefix" => stmt(Stmt::Unsupported("ospf summary-prefix")),
        "nsf" | "ucmp" | "spf" | "trace" | "external-out" | "summary-in" | "apply-weight"
        | "process-shutdown" | "protocol-shutdown" | "distribute" | "nsr" | "log" => {
            stmt(Stmt::Benign)
        }
        _ => return None,
    })
}

/// Statements of an OSPF `area A` block.
pub(crate) fn ospf_area<'a>(
    input: In<'a>,
    id: &str,
    vrf: Option<&str>,
    area: u32,
) -> Parse<Stmt<'a>> {
    let text = input.text;
    let neg = input.negated();
    let first = input.first();
    if let Some(p) = ospf_setting(input) {
        return p;
    }
    let ospf = |o: Ospf<'a>| stmt(Stmt::Ospf(o));
    match first.as_ref() {
        "interface" => match full(text, (kw("interface"), word)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, name)) => opens(
                Stmt::Xr(XrStmt::OspfInterface(name)),
                Context::XrOspfInterface {
                    id: id.to_owned(),
                    vrf: vrf.map(str::to_owned),
                    area,
                    name: canonical_interface(name, Dialect::IosXr),
                },
            ),
            None => malformed("interface needs a name"),
        },
        "range" => {
            let parsed = full(
                text,
                (
                    kw("range"),
                    ipv4_addr_mask,
                    opt(alt((
                        value(true, kw("advertise")),
                        value(false, kw("not-advertise")),
                    ))),
                    opt(nom::sequence::preceded(kw("cost"), num::<u32>)),
                ),
            );
            match parsed {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, net, advertise, cost)) => ospf(Ospf::AreaRange {
                    area,
                    prefix: IpNet::V4(net.trunc()),
                    advertise: advertise.unwrap_or(true),
                    cost,
                }),
                None => malformed("invalid area range"),
            }
        }
        "stub" => match full(text, (kw("stub"), opt(kw("no-summary")))) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, ns)) => ospf(Ospf::AreaKind {
                area,
                kind: OspfAreaKind::Stub {
                    no_summary: ns.is_some(),
                },
            }),
            None => malformed("invalid stub"),
        },
        "nssa" => {
            if neg {
                return stmt(Stmt::Benign);
            }
            let words: Vec<String> = text
                .split_whitespace()
                .skip(1)
                .map(str::to_ascii_lowercase)
                .collect();
            let has = |k: &str| words.iter().any(|w| w == k);
            ospf(Ospf::AreaKind {
                area,
                kind: OspfAreaKind::Nssa {
                    no_summary: has("no-summary"),
                    default_originate: has("default-information-originate"),
                    no_redistribution: has("no-redistribution"),
                },
            })
        }
        "default-cost" => match full(text, (kw("default-cost"), num::<u32>)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, cost)) => ospf(Ospf::AreaDefaultCost { area, cost }),
            None => malformed("default-cost needs a number"),
        },
        "virtual-link" => opens(
            Stmt::Unsupported("ospf virtual link"),
            Context::Ignored("virtual-link"),
        ),
        "sham-link" => opens(
            Stmt::Unsupported("ospf sham link"),
            Context::Ignored("sham-link"),
        ),
        "route-policy" => stmt(Stmt::Unsupported("ospf area filter")),
        "external-out" | "summary-in" | "mpls" | "nsf" => stmt(Stmt::Benign),
        _ => Parse::NotHere,
    }
}

/// Statements of an `interface X` block inside an OSPF area.
pub(crate) fn ospf_interface<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    if let Some(p) = ospf_setting(input) {
        return p;
    }
    match input.first().as_ref() {
        "neighbor" => stmt(Stmt::Unsupported("ospf static neighbor")),
        "distribute-list" => stmt(Stmt::Unsupported("ospf distribute-list")),
        _ => Parse::NotHere,
    }
}

/// IOS-XR `router isis TAG` statements (`None`: the shared IS-IS grammar decides).
pub(crate) fn isis_process<'a>(input: In<'a>, tag: &str) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    Some(match input.first().as_ref() {
        "interface" => match full(text, (kw("interface"), word)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, name)) => opens(
                Stmt::Xr(XrStmt::IsisInterfaceOpen(name)),
                Context::XrIsisInterface {
                    tag: tag.to_owned(),
                    name: canonical_interface(name, Dialect::IosXr),
                },
            ),
            None => malformed("interface needs a name"),
        },
        "lsp-password"
        | "min-lsp-arrivaltime"
        | "lsp-check-interval"
        | "distribute"
        | "max-link-metric"
        | "ignore-lsp-errors"
        | "lsp-refresh-interval"
        | "flex-algo" => opens(Stmt::Benign, Context::Ignored("benign")),
        _ => return None,
    })
}

/// IOS-XR statements of `router isis` `address-family` (`None`: the shared grammar decides).
pub(crate) fn isis_af<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    Some(match input.first().as_ref() {
        "default-information" => {
            let parsed = full(
                text,
                (
                    kws("default-information originate"),
                    opt(kw("always")),
                    opt((kw("route-policy"), word).map(|(_, n)| n)),
                ),
            );
            match parsed {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, always, route_map)) => stmt(Stmt::Isis(Isis::DefaultOriginate {
                    always: always.is_some(),
                    route_map,
                })),
                None => malformed("invalid default-information originate"),
            }
        }
        "propagate" => stmt(Stmt::Unsupported("isis route leaking between levels")),
        "summary-prefix" => stmt(Stmt::Unsupported("isis summary-address")),
        "single-topology" | "attached-bit" | "apply-weight" | "ucmp" | "adjacency-check" if neg => {
            stmt(Stmt::Benign)
        }
        "single-topology" | "apply-weight" | "ucmp" => stmt(Stmt::Benign),
        "attached-bit" => stmt(Stmt::Unsupported("isis attached bit")),
        _ => return None,
    })
}

/// Statements of an `interface X` block inside `router isis`.
pub(crate) fn isis_interface<'a>(input: In<'a>, tag: &str, name: &str) -> Parse<Stmt<'a>> {
    let text = input.text;
    let neg = input.negated();
    let setting = |s: IsisInterfaceSetting| stmt(Stmt::Xr(XrStmt::IsisInterface(s)));
    match input.first().as_ref() {
        "passive" if !neg => setting(IsisInterfaceSetting::Passive),
        "point-to-point" if !neg => setting(IsisInterfaceSetting::PointToPoint),
        "shutdown" if !neg => setting(IsisInterfaceSetting::Shutdown),
        "passive" | "point-to-point" | "shutdown" => stmt(Stmt::Benign),
        "circuit-type" => match full(text, (kw("circuit-type"), super::super::interface::level)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, l)) => setting(IsisInterfaceSetting::CircuitType(l)),
            None => malformed("unknown circuit type"),
        },
        "suppressed" => stmt(Stmt::Unsupported("isis suppressed interface prefix")),
        "address-family" => match family(text) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some(family) => opens(
                Stmt::Open(None),
                Context::XrIsisInterfaceAf {
                    tag: tag.to_owned(),
                    name: name.to_owned(),
                    family,
                },
            ),
            None => malformed("unknown address family"),
        },
        "hello-interval"
        | "hello-multiplier"
        | "hello-padding"
        | "hello-password"
        | "csnp-interval"
        | "lsp-interval"
        | "lsp-retransmit-interval"
        | "lsp-retransmit-throttle-interval"
        | "retransmit-interval"
        | "bfd"
        | "priority"
        | "mesh-group"
        | "link-down"
        | "lsp-fast-flood-threshold" => stmt(Stmt::Benign),
        _ => Parse::NotHere,
    }
}

/// Statements of an IS-IS interface's `address-family` block.
pub(crate) fn isis_interface_af<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let text = input.text;
    let neg = input.negated();
    match input.first().as_ref() {
        "metric" => {
            let level = opt(nom::sequence::preceded(
                kw("level"),
                alt((
                    value(IsisLevel::Level1, kw("1")),
                    value(IsisLevel::Level2, kw("2")),
                )),
            ));
            match full(text, (kw("metric"), num::<u32>, level)) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, metric, level)) => stmt(Stmt::Xr(XrStmt::IsisInterface(
                    IsisInterfaceSetting::Metric { metric, level },
                ))),
                None if neg => stmt(Stmt::Benign),
                None if full(text, (kws("metric maximum"), opt(rest1))).is_some() => {
                    stmt(Stmt::Unsupported("isis maximum metric"))
                }
                None => malformed("metric needs a number"),
            }
        }
        "tag" | "weight" => stmt(Stmt::Unsupported("isis interface prefix attribute")),
        "fast-reroute" | "prefix-sid" | "adjacency-sid" | "mpls" | "link-group" | "auto-metric" => {
            stmt(Stmt::Benign)
        }
        _ => Parse::NotHere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ios::parse::check_line;

    fn static_af() -> Context {
        Context::XrStatic {
            vrf: None,
            family: Some(AfName::Ipv4Unicast),
        }
    }

    #[test]
    fn static_routes() {
        let s = |line: &str| check_line(&static_af(), &format!("xr: {line}"));
        let got = s("192.0.2.1/32 Null0");
        assert!(got.contains("interface: Some(\"Null0\")"), "{got}");
        let got = s("1.2.220.0/24 TenGigE0/0/2/3 1.2.220.245 tag 64666");
        assert!(
            got.contains("next_hop_ip: Some(1.2.220.245)") && got.contains("tag: Some(64666)"),
            "{got}"
        );
        let got = s("1.2.11.251/32 Null0 tag 64725 description \"Check for Default-Originate\"");
        assert!(
            got.contains("name: Some(\"Check for Default-Originate\")"),
            "{got}"
        );
        let got = s("1.2.42.185/32 1.2.42.186 bfd fast-detect minimum-interval 999 multiplier 10");
        assert!(got.contains("next_hop_ip: Some(1.2.42.186)"), "{got}");
        let got = s("10.0.0.0/8 vrf default 1.1.1.1 200");
        assert!(
            got.contains("next_hop_vrf: Some(\"default\")") && got.contains("distance: Some(200)"),
            "{got}"
        );
        assert!(s("2001:db8::/32 Null0").starts_with("Malformed"));
        let vrf = Context::XrStatic {
            vrf: None,
            family: None,
        };
        assert!(
            check_line(&vrf, "xr: vrf blue")
                .ends_with("opens XrStatic { vrf: Some(\"blue\"), family: None }")
        );
        assert!(
            check_line(&vrf, "xr: address-family ipv6 unicast")
                .ends_with("family: Some(Ipv6Unicast) }")
        );
    }

    #[test]
    fn ospf_levels() {
        let process = Context::RouterOspf {
            id: "65200".into(),
            vrf: None,
        };
        let p = |line: &str| check_line(&process, &format!("xr: {line}"));
        assert_eq!(
            p("network point-to-point"),
            "Xr(OspfSetting(Network(PointToPoint)))"
        );
        assert!(p("area 0").ends_with("opens XrOspfArea { id: \"65200\", vrf: None, area: 0 }"));
        assert_eq!(p("maximum paths 16"), "Ospf(MaximumPaths(16))");
        let got = p("redistribute connected route-policy OSPF-REDIST-CONNECTED");
        assert!(
            got.contains("subnets: true")
                && got.contains("route_map: Some(\"OSPF-REDIST-CONNECTED\")"),
            "{got}"
        );
        assert!(
            p("default-information originate metric 10 route-policy P")
                .contains("route_map: Some(\"P\")")
        );
        assert_eq!(p("router-id 10.188.62.3"), "Ospf(RouterId(10.188.62.3))");
        assert_eq!(p("mtu-ignore enable"), "Xr(OspfSetting(MtuIgnore(true)))");
        let area = Context::XrOspfArea {
            id: "65200".into(),
            vrf: None,
            area: 0,
        };
        let a = |line: &str| check_line(&area, &format!("xr: {line}"));
        assert!(a("interface Bundle-Ether23").ends_with("name: \"Bundle-Ether23\" }"));
        assert!(a("range 10.0.0.0/15 advertise").contains("AreaRange"));
        assert!(a("nssa no-summary").contains("Nssa { no_summary: true"));
        let iface = Context::XrOspfInterface {
            id: "65200".into(),
            vrf: None,
            area: 0,
            name: "Loopback0".into(),
        };
        let i = |line: &str| check_line(&iface, &format!("xr: {line}"));
        assert_eq!(i("cost 35000"), "Xr(OspfSetting(Cost(35000)))");
        assert_eq!(i("passive enable"), "Xr(OspfSetting(Passive(true)))");
        assert_eq!(i("passive disable"), "Xr(OspfSetting(Passive(false)))");
        assert_eq!(i("passive"), "Xr(OspfSetting(Passive(true)))");
        assert_eq!(
            i("network broadcast"),
            "Xr(OspfSetting(Network(Broadcast)))"
        );
        assert_eq!(i("priority 2"), "Benign");
        assert_eq!(i("router bgp 1"), "NotHere");
    }

    #[test]
    fn isis_interfaces() {
        let process = Context::RouterIsis { tag: "1234".into() };
        let got = check_line(&process, "xr: interface GigabitEthernet0/2/1/6");
        assert!(
            got.ends_with(
                "opens XrIsisInterface { tag: \"1234\", name: \"GigabitEthernet0/2/1/6\" }"
            ),
            "{got}"
        );
        let iface = Context::XrIsisInterface {
            tag: "1234".into(),
            name: "GigabitEthernet0/2/1/6".into(),
        };
        let i = |line: &str| check_line(&iface, &format!("xr: {line}"));
        assert_eq!(i("point-to-point"), "Xr(IsisInterface(PointToPoint))");
        assert_eq!(
            i("circuit-type level-2-only"),
            "Xr(IsisInterface(CircuitType(Level2)))"
        );
        assert_eq!(i("csnp-interval 10 level 1"), "Benign");
        assert!(i("address-family ipv4 unicast").contains("opens XrIsisInterfaceAf"));
        let af = Context::XrIsisInterfaceAf {
            tag: "1234".into(),
            name: "GigabitEthernet0/2/1/6".into(),
            family: AfName::Ipv4Unicast,
        };
        let a = |line: &str| check_line(&af, &format!("xr: {line}"));
        assert_eq!(
            a("metric 9000"),
            "Xr(IsisInterface(Metric { metric: 9000, level: None }))"
        );
        assert_eq!(
            a("metric 10 level 2"),
            "Xr(IsisInterface(Metric { metric: 10, level: Some(Level2) }))"
        );
        assert_eq!(
            a("metric maximum level 1"),
            "Unsupported(\"isis maximum metric\")"
        );
    }
}
