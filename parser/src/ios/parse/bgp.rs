//! `router bgp` mode and its sub-modes (address families, VRF blocks).

use ipnet::IpNet;
use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};

use super::ospf::redistribute;
use super::{In, full, ipv4, kw, kws, malformed, num, opens, parse_asn, rest1, stmt, word};
use crate::ios::Dialect;
use crate::ios::ast::{Bgp, BgpOption, NeighborSetting, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::{AfName, Context};
use crate::ir::routing::RemoteAs;

/// Where in `router bgp` a line is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    /// Directly under `router bgp`.
    Process,
    /// Under a `vrf X` block (EOS, FRR per-VRF instance).
    Vrf,
    /// Under an `address-family` (of the process or of a VRF block).
    AddressFamily,
}

/// BGP statements at `level`. `vrf` is the VRF of the context, for opening address families.
pub(crate) fn parse<'a>(input: In<'a>, level: Level, vrf: Option<&str>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    let neg = input.negated();
    let first = input.first();
    let bgp = |b: Bgp<'a>| stmt(Stmt::Bgp(b));
    match first.as_str() {
        "neighbor" => neighbor(input),
        "bgp" => bgp_option(input, level),
        "router-id" => match full(text, (kw("router-id"), ipv4)) {
            Some((_, id)) => bgp(Bgp::RouterId(id)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("router-id needs an IPv4 address"),
        },
        "network" => match network(text) {
            Some(n) if !neg => bgp(n),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("invalid network statement"),
        },
        "aggregate-address" => match aggregate(text) {
            Some(a) if !neg => bgp(a),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("invalid aggregate-address"),
        },
        "redistribute" => match redistribute(text) {
            Some(r) if !neg => bgp(Bgp::Redistribute(r)),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("invalid redistribute"),
        },
        "maximum-paths" => {
            let which = opt(alt((
                value((true, false), kw("ibgp")),
                value((false, true), kw("ebgp")),
                value((true, true), kw("eibgp")),
            )));
            match full(text, (kw("maximum-paths"), which, num::<u32>, opt(rest1))) {
                Some((_, which, paths, _)) => {
                    let (ibgp, ebgp) = match (which, dialect) {
                        (Some(w), _) => w,
                        // EOS `maximum-paths N` covers both; IOS and FRR plain form is eBGP.
                        (None, Dialect::Eos | Dialect::CiscoNxos) => (true, true),
                        (None, _) => (false, true),
                    };
                    bgp(Bgp::MaximumPaths { paths, ibgp, ebgp })
                }
                None if neg => stmt(Stmt::Benign),
                None => malformed("maximum-paths needs a number"),
            }
        }
        "distance" => match full(text, (kws("distance bgp"), num::<u8>, num::<u8>, num::<u8>)) {
            Some((_, external, internal, local)) => bgp(Bgp::Distance {
                external,
                internal,
                local,
            }),
            None if full(text, (kws("distance bgp"), num::<u8>, opt(rest1))).is_some() => {
                stmt(Stmt::Unsupported("partial bgp distance"))
            }
            None if neg => stmt(Stmt::Benign),
            None => stmt(Stmt::Unsupported("per-source distance")),
        },
        "address-family" if level != Level::AddressFamily => address_family(input, vrf),
        "vrf" if level == Level::Process => match full(text, (kw("vrf"), word)) {
            Some((_, name)) if !neg => opens(
                Stmt::Open(Some(name)),
                Context::BgpVrf {
                    vrf: name.to_owned(),
                },
            ),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("vrf needs a name"),
        },
        "default-information" => match full(text, kws("default-information originate")) {
            Some(_) => bgp(Bgp::DefaultInformationOriginate(!neg)),
            None => malformed("invalid default-information"),
        },
        "timers"
        | "synchronization"
        | "graceful-restart"
        | "graceful-restart-helper"
        | "update"
        | "coalesce-time"
        | "bfd"
        | "log-neighbor-changes"
        | "event-history"
        | "description"
        | "no-op"
        | "shutdown-ignore"
        | "ucmp"
        | "monitoring"
        | "dynamic"
        | "enforce-first-as"
        | "neighbor-ignore"
        | "auto-summary-ignore"
        | "nexthop"
        | "table-map-ignore"
        | "bgp-ignore"
        | "add-paths"
        | "dampening"
        | "additional-paths"
        | "coalesce"
        | "route-target-ignore"
        | "segment-routing"
        | "allocate-label" => stmt(Stmt::Benign),
        "auto-summary" if neg => stmt(Stmt::Benign),
        "auto-summary" => stmt(Stmt::Unsupported("bgp auto-summary")),
        "rd" | "route-target" | "vni" | "label" | "import" | "export" | "rd-ignore" => {
            stmt(Stmt::Unsupported("vpn route targets"))
        }
        "table-map" => stmt(Stmt::Unsupported("bgp table-map")),
        "distribute-list" => stmt(Stmt::Unsupported("bgp distribute-list")),
        "default-metric" => stmt(Stmt::Unsupported("bgp default-metric")),
        "template" => opens(
            Stmt::Unsupported("bgp templates"),
            Context::Ignored("bgp template"),
        ),
        "confederation" => stmt(Stmt::Unsupported("bgp confederation")),
        _ => Parse::NotHere,
    }
}

fn address_family<'a>(input: In<'a>, vrf: Option<&str>) -> Parse<Stmt<'a>> {
    let text = input.text;
    let family = alt((
        value(AfName::Ipv4Unicast, (kw("ipv4"), opt(kw("unicast")))),
        value(AfName::Ipv6Unicast, (kw("ipv6"), opt(kw("unicast")))),
    ));
    let parsed = full(
        text,
        (
            kw("address-family"),
            family,
            opt((kw("vrf"), word).map(|(_, v)| v)),
        ),
    );
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    match parsed {
        Some((_, family, af_vrf)) => opens(
            Stmt::Open(af_vrf),
            Context::BgpAf {
                vrf: af_vrf.or(vrf).map(str::to_owned),
                family,
            },
        ),
        None => match full(text, (kw("address-family"), rest1)) {
            // vpnv4, l2vpn evpn, ipv4 multicast, ...: recorded, its contents not modelled.
            Some((_, words)) => opens(
                Stmt::Unsupported("bgp address family"),
                Context::BgpAf {
                    vrf: vrf.map(str::to_owned),
                    family: AfName::Other(words.to_ascii_lowercase()),
                },
            ),
            None => malformed("address-family needs a family"),
        },
    }
}

fn bgp_option<'a>(input: In<'a>, level: Level) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let on = !input.negated();
    let opt_stmt = |o: BgpOption| stmt(Stmt::Bgp(Bgp::Option(o)));
    let is = |k: &'static str| full(text, kws(k)).is_some();
    if let Some((_, id)) = full(text, (kws("bgp router-id"), ipv4)) {
        return stmt(Stmt::Bgp(Bgp::RouterId(id)));
    }
    if is("bgp bestpath as-path multipath-relax") {
        return opt_stmt(BgpOption::MultipathRelax(on));
    }
    if is("bgp bestpath as-path ignore") {
        return opt_stmt(BgpOption::AsPathIgnore(on));
    }
    if is("bgp bestpath compare-routerid") {
        return opt_stmt(BgpOption::CompareRouterId(on));
    }
    if is("bgp bestpath med missing-as-worst") || is("bgp bestpath med missing-as-worst confed") {
        return opt_stmt(BgpOption::MedMissingAsWorst(on));
    }
    if is("bgp bestpath med confed") {
        return opt_stmt(BgpOption::MedConfed(on));
    }
    if is("bgp always-compare-med") {
        return opt_stmt(BgpOption::AlwaysCompareMed(on));
    }
    if is("bgp deterministic-med") {
        return opt_stmt(BgpOption::DeterministicMed(on));
    }
    if is("bgp default ipv4-unicast") {
        return opt_stmt(BgpOption::DefaultIpv4Unicast(on));
    }
    if is("bgp client-to-client reflection") {
        return opt_stmt(BgpOption::ClientToClient(on));
    }
    if is("bgp ebgp-requires-policy") {
        return opt_stmt(BgpOption::EbgpRequiresPolicy(on));
    }
    if let Some(rest) = text
        .to_ascii_lowercase()
        .strip_prefix("bgp additional-paths ")
        .map(str::to_owned)
    {
        // `bgp additional-paths select all`, `... send receive`, `... send`, `... receive`
        // (IOS); other selections (best N, group-best) are not modelled.
        let words: Vec<&str> = rest.split_whitespace().collect();
        let select_all = words.windows(2).any(|w| w == ["select", "all"]);
        let send = words.first() == Some(&"send") || words.contains(&"send") && !select_all;
        let receive = words.contains(&"receive");
        if select_all || send || receive {
            return opt_stmt(BgpOption::AdditionalPaths {
                send,
                receive,
                select_all,
                on,
            });
        }
        return stmt(Stmt::Benign);
    }
    if let Some((_, id)) = full(text, (kws("bgp cluster-id"), word)) {
        let id = id
            .parse()
            .ok()
            .or_else(|| id.parse::<u32>().ok().map(std::net::Ipv4Addr::from));
        return match id {
            Some(id) => opt_stmt(BgpOption::ClusterId(id)),
            None => malformed("cluster-id needs an address or a number"),
        };
    }
    if let Some((_, asn)) = full(text, (kws("bgp confederation identifier"), word)) {
        return match parse_asn(asn) {
            Ok(a) => opt_stmt(BgpOption::ConfederationId(a)),
            Err(()) => malformed("invalid confederation identifier"),
        };
    }
    let second = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    match second.as_str() {
        "log-neighbor-changes"
        | "graceful-restart"
        | "dampening"
        | "nexthop"
        | "scan-time"
        | "update-delay"
        | "maxas-limit"
        | "enforce-first-as"
        | "fast-external-fallover"
        | "recursion"
        | "regexp"
        | "aggregate-timer"
        | "advertisement-interval"
        | "asnotation"
        | "log"
        | "refresh"
        | "transport"
        | "sso"
        | "timers"
        | "graceful-shutdown"
        | "advertise-inactive-ignore"
        | "consistency-checker"
        | "route-reflector"
        | "bestpath"
        | "additional-paths"
        | "default"
        | "route-map"
        | "missing-policy"
        | "convergence"
        | "event-history"
        | "labeled-unicast"
        | "listen-ignore"
        | "shutdown"
        | "isolate"
        | "reject-as-sets"
        | "suppress-fib-pending"
        | "deterministic-med-ignore"
        | "update-group"
        | "allow-attribset"
        | "slow-peer"
        | "soft-reconfig-backup"
        | "inject-map"
        | "ha-mode"
        | "upgrade-cli"
        | "vrf-ignore"
        | "auto-local-addr"
        | "peer-mac-resolution-timeout"
        | "cluster-id-ignore"
        | "network-import-check-ignore"
        | "router-id-ignore"
        | "ipv4"
        | "rpki"
        | "bmp" => {
            // `bgp bestpath` forms not matched above (e.g. `bgp bestpath med` with other words)
            // and `bgp default local-preference` change route selection.
            if second == "bestpath" {
                return stmt(Stmt::Unsupported("bgp bestpath option"));
            }
            if second == "default" && !text.to_ascii_lowercase().contains("ipv4-unicast") {
                return stmt(Stmt::Unsupported("bgp default local-preference"));
            }
            stmt(Stmt::Benign)
        }
        "listen" => stmt(Stmt::Unsupported("bgp dynamic neighbors")),
        "redistribute-internal" => stmt(Stmt::Unsupported("bgp redistribute-internal")),
        "confederation" => stmt(Stmt::Unsupported("bgp confederation")),
        "network" => stmt(Stmt::Unsupported("bgp network import-check")),
        "suppress-inactive" => stmt(Stmt::Unsupported("bgp suppress-inactive")),
        _ if level == Level::AddressFamily => Parse::NotHere,
        _ => Parse::NotHere,
    }
}

/// `network A [mask M] [route-map R] [backdoor]`, `network P/L [route-map R]`.
fn network(text: &str) -> Option<Bgp<'_>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let dest = words.get(1)?;
    let mut i = 2;
    let prefix: IpNet = if dest.contains('/') {
        dest.parse::<IpNet>().ok()?.trunc()
    } else {
        let addr: std::net::Ipv4Addr = dest.parse().ok()?;
        let len = if words.get(2).is_some_and(|w| w.eq_ignore_ascii_case("mask")) {
            let mask: std::net::Ipv4Addr = words.get(3)?.parse().ok()?;
            i = 4;
            super::mask_len(mask)?
        } else {
            classful_len(addr)
        };
        IpNet::V4(ipnet::Ipv4Net::new(addr, len).ok()?.trunc())
    };
    let (mut route_map, mut backdoor) = (None, false);
    while let Some(w) = words.get(i) {
        match w.to_ascii_lowercase().as_str() {
            "route-map" => {
                route_map = Some(*words.get(i + 1)?);
                i += 2;
            }
            "backdoor" => {
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

/// The classful prefix length of an address (A /8, B /16, C /24).
pub(crate) fn classful_len(addr: std::net::Ipv4Addr) -> u8 {
    match addr.octets()[0] {
        0..=127 => 8,
        128..=191 => 16,
        _ => 24,
    }
}

/// `aggregate-address A M|P/L [summary-only] [as-set] [attribute-map R] ...`.
fn aggregate(text: &str) -> Option<Bgp<'_>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let dest = words.get(1)?;
    let mut i = 2;
    let prefix: IpNet = if dest.contains('/') {
        dest.parse::<IpNet>().ok()?.trunc()
    } else {
        let addr: std::net::Ipv4Addr = dest.parse().ok()?;
        let mask: std::net::Ipv4Addr = words.get(2)?.parse().ok()?;
        i = 3;
        IpNet::V4(
            ipnet::Ipv4Net::new(addr, super::mask_len(mask)?)
                .ok()?
                .trunc(),
        )
    };
    let (mut summary_only, mut as_set, mut attribute_map, mut unsupported) =
        (false, false, None, None);
    while let Some(w) = words.get(i) {
        match w.to_ascii_lowercase().as_str() {
            "summary-only" => summary_only = true,
            "as-set" => as_set = true,
            "attribute-map" | "route-map" => {
                attribute_map = Some(*words.get(i + 1)?);
                i += 1;
            }
            "advertise-map" | "suppress-map" | "match-map" | "origin" => {
                unsupported = Some("conditional aggregate");
                i += 1;
            }
            "advertise-only" | "matching-med" | "suppress-fib-pending" => {
                unsupported = Some("aggregate option");
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

/// `neighbor PEER ...`.
fn neighbor<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let on = !input.negated();
    let words: Vec<&'a str> = text.split_whitespace().collect();
    let Some(&peer) = words.get(1) else {
        return malformed("neighbor needs a peer");
    };
    let mut rest_index = 2;
    let mut interface_peer = false;
    // FRR unnumbered: `neighbor swp1 interface ...`.
    if words
        .get(2)
        .is_some_and(|w| w.eq_ignore_ascii_case("interface"))
    {
        interface_peer = true;
        rest_index = 3;
    }
    let rest: Vec<&'a str> = words[rest_index.min(words.len())..].to_vec();
    let lower: Vec<String> = rest.iter().map(|w| w.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let num_at = |i: usize| rest.get(i).and_then(|w| w.parse::<u32>().ok());
    let dir = |i: usize| match l.get(i) {
        Some(&"in") => Some(true),
        Some(&"out") => Some(false),
        _ => None,
    };
    use NeighborSetting as N;
    let setting = match l.as_slice() {
        [] if interface_peer => N::Benign,
        [] => return malformed("neighbor needs a setting"),
        ["remote-as", ..] => match l.get(1) {
            Some(&"external") => N::RemoteAs(RemoteAs::External),
            Some(&"internal") => N::RemoteAs(RemoteAs::Internal),
            Some(_) => match parse_asn(rest[1]) {
                Ok(a) => N::RemoteAs(RemoteAs::Asn(a)),
                Err(()) => return malformed("invalid remote-as"),
            },
            None if !on => N::Benign,
            None => return malformed("remote-as needs an AS number"),
        },
        ["peer-group"] | ["peer", "group"] => N::DeclarePeerGroup,
        ["peer-group", name] | ["peer", "group", name] => {
            let _ = name;
            N::PeerGroup(rest[rest.len() - 1])
        }
        ["update-source", _] => N::UpdateSource(rest[1]),
        ["ebgp-multihop"] => N::EbgpMultihop(255),
        ["ebgp-multihop", _] => match rest[1].parse() {
            Ok(n) => N::EbgpMultihop(n),
            Err(_) => return malformed("invalid ebgp-multihop"),
        },
        ["shutdown", ..] => N::Shutdown(on),
        ["description", ..] => {
            N::Description(super::global::rest_after_words(text, rest_index + 1))
        }
        ["remove-private-as", ..] | ["remove-private-autonomous-system", ..] => {
            N::RemovePrivateAs(on)
        }
        ["local-as", ..] => match rest.get(1).map(|a| parse_asn(a)) {
            Some(Ok(a)) if l.len() == 2 => N::LocalAs(a),
            Some(Ok(_)) => N::Unsupported("local-as options"),
            _ if !on => N::Benign,
            _ => return malformed("invalid local-as"),
        },
        ["activate"] => N::Activate(on),
        ["route-map", _, _] => match dir(2) {
            Some(inbound) => N::RouteMap {
                name: rest[1],
                inbound,
            },
            None => return malformed("route-map needs in or out"),
        },
        ["prefix-list", _, _] => match dir(2) {
            Some(inbound) => N::PrefixList {
                name: rest[1],
                inbound,
            },
            None => return malformed("prefix-list needs in or out"),
        },
        ["filter-list", _, _] => match dir(2) {
            Some(inbound) => N::FilterList {
                name: rest[1],
                inbound,
            },
            None => return malformed("filter-list needs in or out"),
        },
        ["next-hop-self", ..] => N::NextHopSelf(on),
        ["route-reflector-client"] => N::RouteReflectorClient(on),
        ["send-community"] => N::SendCommunity {
            standard: on,
            extended: false,
        },
        ["send-community", kind, ..] => match *kind {
            "both" | "all" => N::SendCommunity {
                standard: on,
                extended: on,
            },
            "extended" => N::SendCommunity {
                standard: false,
                extended: on,
            },
            "standard" => N::SendCommunity {
                standard: on,
                extended: false,
            },
            "large" => N::Benign,
            _ => N::SendCommunity {
                standard: on,
                extended: true,
            },
        },
        ["maximum-prefix", ..] | ["maximum-routes", ..] => match num_at(1) {
            Some(limit) => N::MaximumPrefix {
                limit,
                warning_only: l.contains(&"warning-only"),
            },
            None if !on => N::Benign,
            None => return malformed("maximum-prefix needs a number"),
        },
        ["additional-paths", ..] => N::AdditionalPaths {
            send: l.contains(&"send"),
            receive: l.contains(&"receive"),
            on,
        },
        ["advertise", "additional-paths", ..] => {
            N::AdvertiseAdditionalPathsAll(l.contains(&"all") && on)
        }
        ["maximum-accepted-routes", ..] | ["maximum-advertised-routes", ..] => N::Benign,
        ["default-originate"] => N::DefaultOriginate(None),
        ["default-originate", "route-map", _] => N::DefaultOriginate(Some(rest[2])),
        ["weight", _] => match num_at(1) {
            Some(w) => N::Weight(w),
            None => return malformed("weight needs a number"),
        },
        ["allowas-in"] => N::AllowAsIn(3),
        ["allowas-in", ..] => N::AllowAsIn(rest.get(1).and_then(|w| w.parse().ok()).unwrap_or(3)),
        ["as-override"] => N::AsOverride(on),
        ["soft-reconfiguration", ..] => N::SoftReconfiguration,
        ["password", ..]
        | ["timers", ..]
        | ["version", ..]
        | ["advertisement-interval", ..]
        | ["capability", ..]
        | ["bfd", ..]
        | ["fall-over", ..]
        | ["ttl-security", ..]
        | ["transport", ..]
        | ["log-neighbor-changes", ..]
        | ["dmzlink-bw", ..]
        | ["graceful-restart", ..]
        | ["graceful-restart-helper", ..]
        | ["enforce-first-as", ..]
        | ["idle-restart-timer", ..]
        | ["out-delay", ..]
        | ["link-bandwidth", ..]
        | ["local-v4-addr", ..]
        | ["local-v6-addr", ..]
        | ["sender-as-path-loop-detection", ..]
        | ["passive", ..]
        | ["port", ..]
        | ["solo", ..]
        | ["addpath-tx-all-paths", ..]
        | ["addpath-tx-bestpath-per-as", ..]
        | ["ha-mode", ..]
        | ["cluster-id", ..]
        | ["send-label-ignore", ..]
        | ["update-delay", ..]
        | ["auth-ignore", ..]
        | ["missing-policy", ..]
        | ["rib-in", ..]
        | ["monitoring", ..]
        | ["bgp-ignore", ..]
        | ["strict-capability-match", ..]
        | ["override-capability", ..]
        | ["dont-capability-negotiate", ..]
        | ["enforce-multihop", ..]
        | ["interface", _]
        | ["remote-private-ignore", ..]
        | ["aigp", ..]
        | ["disable-ignore", ..] => N::Benign,
        ["disable-connected-check", ..] => N::Unsupported("disable-connected-check"),
        ["unsuppress-map", ..] => N::Unsupported("unsuppress-map"),
        ["distribute-list", ..] => N::Unsupported("neighbor distribute-list"),
        ["inherit", ..] => N::Unsupported("bgp templates"),
        ["attribute-unchanged", ..] => N::Unsupported("attribute-unchanged"),
        ["send-label", ..] | ["encapsulation", ..] => N::Unsupported("labeled bgp"),
        ["route-server-client", ..] => N::Unsupported("route-server-client"),
        ["local-preference", ..] => N::Unsupported("neighbor local-preference"),
        ["next-hop-unchanged", ..] | ["next-hop-peer", ..] => N::Unsupported("next-hop-unchanged"),
        ["translate-update", ..] | ["slow-peer", ..] => N::Benign,
        _ => return Parse::NotHere,
    };
    stmt(Stmt::Bgp(Bgp::Neighbor {
        peer,
        interface_peer,
        setting,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ios::bind::Polarity;

    fn check(text: &str, level: Level) -> String {
        match parse(
            In {
                text,
                polarity: Polarity::Set,
                dialect: Dialect::Ios,
            },
            level,
            None,
        ) {
            Parse::Stmt { stmt, opens } => match opens {
                Some(ctx) => format!("{stmt:?} opens {ctx:?}"),
                None => format!("{stmt:?}"),
            },
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn bgp_statements() {
        let p = |t| check(t, Level::Process);
        assert_eq!(
            p("neighbor 10.0.0.1 remote-as 65001"),
            "Bgp(Neighbor { peer: \"10.0.0.1\", interface_peer: false, setting: RemoteAs(Asn(65001)) })"
        );
        assert!(p("neighbor as1 peer-group").contains("DeclarePeerGroup"));
        assert!(p("neighbor 10.0.0.1 peer-group as1").contains("PeerGroup(\"as1\")"));
        assert!(
            p("neighbor 10.0.0.1 route-map RM in")
                .contains("RouteMap { name: \"RM\", inbound: true }")
        );
        assert!(
            p("neighbor 10.0.0.1 maximum-prefix 100 80 warning-only")
                .contains("warning_only: true")
        );
        assert!(
            p("neighbor swp1 interface remote-as external")
                .contains("interface_peer: true, setting: RemoteAs(External)")
        );
        assert!(p("network 10.0.0.0").contains("10.0.0.0/8"));
        assert!(p("network 10.1.0.0 mask 255.255.0.0 route-map X").contains("10.1.0.0/16"));
        assert!(
            p("aggregate-address 2.128.0.0 255.255.0.0 summary-only")
                .contains("summary_only: true")
        );
        assert!(p("maximum-paths eibgp 5").contains("ibgp: true, ebgp: true"));
        assert!(p("bgp bestpath as-path multipath-relax").contains("MultipathRelax(true)"));
        assert!(
            p("bgp additional-paths send receive")
                .contains("AdditionalPaths { send: true, receive: true, select_all: false")
        );
        assert!(p("bgp additional-paths select all").contains("select_all: true"));
        assert!(
            p("neighbor as2 advertise additional-paths all")
                .contains("AdvertiseAdditionalPathsAll(true)")
        );
        assert!(
            p("address-family ipv4 vrf CUST")
                .contains("opens BgpAf { vrf: Some(\"CUST\"), family: Ipv4Unicast }")
        );
        assert!(p("address-family vpnv4").contains("Unsupported"));
        assert_eq!(
            check("address-family ipv4", Level::AddressFamily),
            "NotHere"
        );
        assert!(
            check("neighbor 10.0.0.1 activate", Level::AddressFamily).contains("Activate(true)")
        );
    }
}
