//! `router ospf` mode, and the `redistribute` statement shared by every routing process.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};
use nom::sequence::preceded;

use super::interface::{area_id, level};
use super::{In, full, ipv4, ipv4_addr_mask, kw, kws, malformed, num, opens, rest1, stmt, word};
use crate::ios::Dialect;
use crate::ios::ast::{Ospf, Redistribute, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::Context;
use crate::ir::routing::{EigrpMetric, OspfAreaKind, RouteSource};

/// OSPF process statements; `id` and `vrf` are the process's.
pub(crate) fn parse<'a>(input: In<'a>, id: &str, vrf: Option<&str>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    let neg = input.negated();
    let first = input.first();
    let ospf = |o: Ospf<'a>| stmt(Stmt::Ospf(o));
    match first.as_ref() {
        // NX-OS: the process's instance in a VRF is a block inside `router ospf ID`.
        "vrf" if dialect == Dialect::CiscoNxos && vrf.is_none() => {
            match full(text, (kw("vrf"), word)) {
                Some((_, name)) if !neg => opens(
                    Stmt::Open(Some(name)),
                    Context::RouterOspf {
                        id: id.to_owned(),
                        vrf: Some(name.to_owned()),
                    },
                ),
                Some(_) => stmt(Stmt::Benign),
                None => malformed("vrf needs a name"),
            }
        }
        "router-id" => match full(text, (kw("router-id"), ipv4)) {
            Some((_, id)) => ospf(Ospf::RouterId(id)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("router-id needs an IPv4 address"),
        },
        "ospf" => match full(text, (kws("ospf router-id"), ipv4)) {
            Some((_, id)) => ospf(Ospf::RouterId(id)),
            None if full(text, (kws("ospf abr-type"), word)).is_some() => stmt(Stmt::Benign),
            None => malformed("ospf router-id needs an IPv4 address"),
        },
        "network" => {
            // `network A W area X` (IOS) or `network P/L area X` (FRR, EOS).
            let wildcard = (ipv4, ipv4).map(|(a, w)| (a, w));
            let slash = super::ipv4_net.map(|n| (n.network(), n.hostmask()));
            match full(
                text,
                (kw("network"), alt((wildcard, slash)), kw("area"), area_id),
            ) {
                Some((_, (address, wildcard), _, area)) if !neg => ospf(Ospf::Network {
                    address,
                    wildcard,
                    area,
                }),
                Some(_) => stmt(Stmt::Benign),
                None => malformed("network needs an address, a wildcard and an area"),
            }
        }
        "passive-interface" => match full(text, (kw("passive-interface"), word)) {
            Some((_, w)) if w.eq_ignore_ascii_case("default") => ospf(Ospf::Passive {
                interface: None,
                passive: !neg,
            }),
            Some((_, name)) => ospf(Ospf::Passive {
                interface: Some(name),
                passive: !neg,
            }),
            None => malformed("passive-interface needs an interface or `default`"),
        },
        // NX-OS: a cap on redistributed routes; past it, routes are withdrawn.
        "redistribute" if super::starts(text, "redistribute maximum-prefix") => {
            stmt(Stmt::Unsupported("ospf redistribute maximum-prefix"))
        }
        "redistribute" => match redistribute(text) {
            Some(r) if !neg => ospf(Ospf::Redistribute(r)),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("invalid redistribute"),
        },
        "default-information" => {
            if neg {
                return stmt(Stmt::Benign);
            }
            match default_information(text, "route-map") {
                Some(o) => ospf(o),
                None => malformed("invalid default-information originate"),
            }
        }
        "area" => area(input),
        "auto-cost" => match full(
            text,
            (kws("auto-cost reference-bandwidth"), num::<u64>, opt(word)),
        ) {
            Some((_, bw, unit)) => {
                let mbps = if unit.is_some_and(|u| u.eq_ignore_ascii_case("gbps")) {
                    // Checked: a huge value in Gbit/s wrapped to a small, wrong one.
                    bw.checked_mul(1000)
                } else {
                    Some(bw)
                };
                let Some(mbps) = mbps else {
                    return Parse::Malformed("reference bandwidth out of range".into());
                };
                ospf(Ospf::ReferenceBandwidth(mbps))
            }
            None if neg => stmt(Stmt::Benign),
            None => malformed("auto-cost reference-bandwidth needs a number"),
        },
        "maximum-paths" => match full(text, (kw("maximum-paths"), num::<u32>)) {
            Some((_, n)) => ospf(Ospf::MaximumPaths(n)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("maximum-paths needs a number"),
        },
        "distance" => distance(input),
        // `max-metric router-lsa on-startup ...` only lasts until the device has converged (or
        // BGP has): in the steady state routeproof models, the router is not a stub router.
        "max-metric" => ospf(Ospf::MaxMetric(
            !neg && !text
                .split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("on-startup")),
        )),
        "shutdown" => ospf(Ospf::Shutdown(!neg)),
        "log-adjacency-changes"
        | "log-adj-changes"
        | "name-lookup"
        | "timers"
        | "bfd"
        | "nsf"
        | "graceful-restart"
        | "max-lsa"
        | "capability"
        | "compatible"
        | "ispf"
        | "prefix-suppression"
        | "ignore"
        | "log"
        | "maximum"
        | "nsr"
        | "mpls"
        | "fast-reroute"
        | "snmp"
        | "event-log"
        | "queue-depth"
        | "interface-id"
        | "discard-route"
        | "local-rib-criteria"
        | "adjacency"
        | "refresh"
        | "write-multiplier"
        | "limit"
        | "abr-type"
        | "description"
        | "microloop"
        | "segment-routing"
        | "router-lsa"
        | "bandwidth" => stmt(Stmt::Benign),
        "summary-address" => stmt(Stmt::Unsupported("ospf summary-address")),
        "distribute-list" => stmt(Stmt::Unsupported("ospf distribute-list")),
        "neighbor" => stmt(Stmt::Unsupported("ospf static neighbor")),
        "default-metric" => stmt(Stmt::Unsupported("ospf default-metric")),
        _ => Parse::NotHere,
    }
}

/// `default-information originate [always] [metric N] [metric-type N] [POLICY_KEYWORD P]`,
/// where the policy keyword is `route-map` (IOS family) or `route-policy` (IOS-XR).
pub(crate) fn default_information<'a>(text: &'a str, policy_keyword: &str) -> Option<Ospf<'a>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !words
        .get(1)
        .is_some_and(|w| w.eq_ignore_ascii_case("originate"))
    {
        return None;
    }
    let (mut always, mut metric, mut metric_type, mut route_map) = (false, None, None, None);
    let mut i = 2;
    while let Some(w) = words.get(i) {
        match w.to_ascii_lowercase().as_str() {
            "always" => always = true,
            "metric" => {
                metric = Some(words.get(i + 1)?.parse().ok()?);
                i += 1;
            }
            "metric-type" => {
                metric_type = Some(words.get(i + 1)?.parse().ok()?);
                i += 1;
            }
            keyword if keyword == policy_keyword => {
                route_map = Some(*words.get(i + 1)?);
                i += 1;
            }
            _ => return None,
        }
        i += 1;
    }
    Some(Ospf::DefaultOriginate {
        always,
        metric,
        metric_type,
        route_map,
    })
}

fn area<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let neg = input.negated();
    let Some((rest, (_, area))) = (kw("area"), area_id).parse(text).ok() else {
        return malformed("area needs an area id");
    };
    let what = rest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let ospf = |o: Ospf<'a>| stmt(Stmt::Ospf(o));
    match what.as_str() {
        "stub" => match full(rest, (kw("stub"), opt(kw("no-summary")))) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, ns)) => ospf(Ospf::AreaKind {
                area,
                kind: OspfAreaKind::Stub {
                    no_summary: ns.is_some(),
                },
            }),
            None => malformed("invalid area stub"),
        },
        "nssa" => {
            if neg {
                return stmt(Stmt::Benign);
            }
            let words: Vec<String> = rest
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
        "range" => {
            let parsed = full(
                rest,
                (
                    kw("range"),
                    ipv4_addr_mask,
                    opt(alt((
                        value(true, kw("advertise")),
                        value(false, kw("not-advertise")),
                    ))),
                    opt(preceded(kw("cost"), num::<u32>)),
                ),
            );
            match parsed {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, net, advertise, cost)) => ospf(Ospf::AreaRange {
                    area,
                    prefix: ipnet::IpNet::V4(net.trunc()),
                    advertise: advertise.unwrap_or(true),
                    cost,
                }),
                None => malformed("invalid area range"),
            }
        }
        "default-cost" => match full(rest, (kw("default-cost"), num::<u32>)) {
            Some((_, cost)) if !neg => ospf(Ospf::AreaDefaultCost { area, cost }),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("default-cost needs a number"),
        },
        "authentication" | "shortcut" => stmt(Stmt::Benign),
        "virtual-link" => stmt(Stmt::Unsupported("ospf virtual link")),
        "filter-list" | "export-list" | "import-list" => {
            stmt(Stmt::Unsupported("ospf area filter"))
        }
        "sham-link" => stmt(Stmt::Unsupported("ospf sham link")),
        _ => malformed("unknown area setting"),
    }
}

fn distance<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let text = input.text;
    if let Some((_, d)) = full(text, (kw("distance"), num::<u8>)) {
        return stmt(Stmt::Ospf(Ospf::Distance(d)));
    }
    if let Some((_, rest)) = full(text, (kws("distance ospf"), rest1)) {
        let words: Vec<&str> = rest.split_whitespace().collect();
        let (mut intra, mut inter, mut external) = (None, None, None);
        let mut i = 0;
        while i + 1 < words.len() {
            let v = words[i + 1].parse::<u8>().ok();
            match words[i].to_ascii_lowercase().as_str() {
                "intra-area" => intra = v,
                "inter-area" => inter = v,
                "external" => external = v,
                _ => return malformed("invalid distance ospf"),
            }
            i += 2;
        }
        return stmt(Stmt::Ospf(Ospf::DistanceByType {
            intra,
            inter,
            external,
        }));
    }
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    stmt(Stmt::Unsupported("per-source distance"))
}

/// Option keywords that end a `redistribute` source id.
const OPTIONS: &[&str] = &[
    "subnets",
    "metric",
    "metric-type",
    "route-map",
    "tag",
    "level-1",
    "level-2",
    "level-1-2",
    "match",
    "ip",
    "include-connected",
    "include",
    "nssa-only",
    "route-policy",
    "description",
];

/// `redistribute [ipv4|ipv6] SOURCE [ID] [options...]`.
pub(crate) fn redistribute(text: &str) -> Option<Redistribute<'_>> {
    redistribute_into(text, false)
}

/// EIGRP's five metric values (`1000 100 255 1 1500`); the bandwidth is at least 1.
pub(crate) fn eigrp_metric(words: &[&str]) -> Option<EigrpMetric> {
    let [bandwidth, delay, reliability, load, mtu] = words else {
        return None;
    };
    Some(EigrpMetric {
        bandwidth_kbps: bandwidth.parse().ok().filter(|b| *b > 0)?,
        delay_tens_us: delay.parse().ok()?,
        reliability: reliability.parse().ok()?,
        load: load.parse().ok()?,
        mtu: mtu.parse().ok()?,
    })
}

/// `redistribute ...`; into EIGRP (`eigrp`), `metric` takes EIGRP's five values.
pub(crate) fn redistribute_into(text: &str, eigrp: bool) -> Option<Redistribute<'_>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 1;
    if words
        .get(i)
        .is_some_and(|w| w.eq_ignore_ascii_case("ipv4") || w.eq_ignore_ascii_case("ipv6"))
    {
        i += 1;
    }
    let source_word = words.get(i)?.to_ascii_lowercase();
    i += 1;
    let id = words
        .get(i)
        .filter(|w| !OPTIONS.iter().any(|o| o.eq_ignore_ascii_case(w)))
        .copied();
    let mut take_id = || {
        if id.is_some() {
            i += 1;
        }
        id
    };
    let source = match source_word.as_str() {
        "connected" | "direct" => RouteSource::Connected,
        "static" => RouteSource::Static,
        "ospf" => {
            let id = take_id().unwrap_or("").to_owned();
            // IOS `redistribute ospf 2 vrf V` inside the VRF's address family names the VRF
            // of the process, which is the family's own.
            if words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("vrf")) {
                words.get(i + 1)?;
                i += 2;
            }
            RouteSource::Ospf(id)
        }
        "isis" => RouteSource::Isis(take_id().unwrap_or("").to_owned()),
        "bgp" => RouteSource::Bgp(match take_id() {
            Some(a) => Some(super::parse_asn(a).ok()?),
            None => None,
        }),
        "rip" => RouteSource::Rip,
        "eigrp" => RouteSource::Eigrp(take_id()?.parse().ok()?),
        "kernel" => RouteSource::Kernel,
        "attached-host" | "dhcp" | "user" | "aggregate" | "table" | "table-direct" | "sharp"
        | "babel" | "nhrp" | "openfabric" | "vnc" | "ospfv3" | "ospf3" | "odr" | "mobile"
        | "lisp" | "application" | "maximum-prefix" => {
            if source_word == "table" || source_word == "ospfv3" || source_word == "application" {
                take_id();
            }
            RouteSource::Other(source_word.clone())
        }
        _ => return None,
    };
    let mut r = Redistribute {
        source,
        route_map: None,
        metric: None,
        metric_type: None,
        subnets: false,
        level: None,
        tag: None,
        route_types: Vec::new(),
        eigrp_metric: None,
    };
    while let Some(w) = words.get(i) {
        let lower = w.to_ascii_lowercase();
        let next = words.get(i + 1).copied();
        match lower.as_str() {
            "subnets" | "ip" | "include-connected" | "nssa-only" => {
                r.subnets |= lower == "subnets";
                i += 1;
            }
            // Into EIGRP: `metric BANDWIDTH DELAY RELIABILITY LOAD MTU`.
            "metric" if eigrp => {
                r.eigrp_metric = Some(eigrp_metric(words.get(i + 1..i + 6)?)?);
                i += 6;
            }
            "metric" => {
                r.metric = Some(next?.parse().ok()?);
                i += 2;
            }
            "metric-type" => {
                r.metric_type = match next?.to_ascii_lowercase().as_str() {
                    "1" | "type-1" | "internal" => Some(1),
                    "2" | "type-2" | "external" => Some(2),
                    _ => return None,
                };
                i += 2;
            }
            "route-map" | "route-policy" => {
                r.route_map = Some(next?);
                i += 2;
            }
            "tag" => {
                r.tag = Some(next?.parse().ok()?);
                i += 2;
            }
            "level-1" | "level-2" | "level-1-2" => {
                r.level = level(w).ok().map(|(_, l)| l);
                i += 1;
            }
            "match" => {
                i += 1;
                while let Some(m) = words.get(i) {
                    let m = m.to_ascii_lowercase();
                    if [
                        "internal",
                        "external",
                        "nssa-external",
                        "1",
                        "2",
                        "local",
                        "level-1",
                        "level-2",
                        "level-1-2",
                    ]
                    .contains(&m.as_str())
                    {
                        r.route_types.push(m);
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            "include" => {
                // EOS `include leaked`.
                i += 2;
            }
            // IS-IS `redistribute static clns`: CLNS routes, not IP ones.
            "clns" => {
                r.source = RouteSource::Other("clns".to_owned());
                i += 1;
            }
            _ => return None,
        }
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> String {
        let ctx = Context::RouterOspf {
            id: "1".into(),
            vrf: None,
        };
        super::super::check_line(&ctx, line)
    }

    /// Found by reading the code after the fuzzer's interface-speed overflow: the same
    /// Gbit/s conversion. Expected: a malformed line, not a wrapped bandwidth.
    #[test]
    fn reference_bandwidth_overflow_is_malformed() {
        assert_eq!(
            check("auto-cost reference-bandwidth 100 gbps"),
            "Ospf(ReferenceBandwidth(100000))"
        );
        assert_eq!(
            check("auto-cost reference-bandwidth 18446744073709552 gbps"),
            "Malformed(\"reference bandwidth out of range\")"
        );
    }

    #[test]
    fn ospf_statements() {
        assert_eq!(
            check("network 2.0.0.0 0.255.255.255 area 1"),
            "Ospf(Network { address: 2.0.0.0, wildcard: 0.255.255.255, area: 1 })"
        );
        assert_eq!(
            check("network 192.168.1.0/30 area 0.0.0.0"),
            "Ospf(Network { address: 192.168.1.0, wildcard: 0.0.0.3, area: 0 })"
        );
        assert_eq!(
            check("passive-interface default"),
            "Ospf(Passive { interface: None, passive: true })"
        );
        assert!(
            check("redistribute connected subnets route-map X metric 20 metric-type 1")
                .contains("subnets: true")
        );
        assert!(check("redistribute bgp 65000 subnets").contains("Bgp(Some(65000))"));
        assert!(
            check("redistribute ospf 2 match internal external 2")
                .contains("route_types: [\"internal\", \"external\", \"2\"]")
        );
        assert!(check("default-information originate always metric 10").contains("always: true"));
        assert!(check("area 1 stub no-summary").contains("no_summary: true"));
        assert!(check("area 0 range 10.0.0.0 255.255.0.0").contains("10.0.0.0/16"));
        assert!(check("redistribute frobnicate").starts_with("Malformed"));
    }

    #[test]
    fn max_metric_on_startup_is_not_permanent() {
        assert_eq!(check("max-metric router-lsa"), "Ospf(MaxMetric(true))");
        assert_eq!(
            check("max-metric router-lsa on-startup wait-for-bgp include-stub"),
            "Ospf(MaxMetric(false))"
        );
    }

    #[test]
    fn nxos_vrf_blocks() {
        assert_eq!(
            check("nxos: vrf BLUE"),
            "Open(Some(\"BLUE\")) opens RouterOspf { id: \"1\", vrf: Some(\"BLUE\") }"
        );
        // Only NX-OS has the block; inside it, `vrf` is not a command.
        assert_eq!(check("vrf BLUE"), "NotHere");
        let in_vrf = Context::RouterOspf {
            id: "1".into(),
            vrf: Some("BLUE".into()),
        };
        assert_eq!(
            super::super::check_line(&in_vrf, "nxos: vrf RED"),
            "NotHere"
        );
        assert_eq!(
            check("nxos: redistribute maximum-prefix 1000 75"),
            "Unsupported(\"ospf redistribute maximum-prefix\")"
        );
        assert_eq!(check("nxos: name-lookup"), "Benign");
        assert!(check("eos: redistribute ospf3 match internal").contains("Other(\"ospf3\")"));
    }
}
