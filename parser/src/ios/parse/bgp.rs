//! `router bgp` mode and its sub-modes (address families, VRF blocks).

use ipnet::IpNet;
use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};

use super::ospf::redistribute;
use super::{In, full, ipv4, kw, kws, malformed, num, opens, parse_asn, rest1, starts, stmt, word};
use crate::ios::Dialect;
use crate::ios::ast::{Bgp, BgpOption, NeighborSetting, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::{AfName, Context, PeerBlock};
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
    let nxos = dialect == Dialect::CiscoNxos;
    match first.as_ref() {
        // NX-OS configures neighbors in blocks at process or VRF level, never in an address
        // family: the line belongs to the enclosing context.
        "neighbor" if level == Level::AddressFamily && nxos => Parse::NotHere,
        "neighbor" if level == Level::AddressFamily => {
            let setting = super::global::rest_after_words(text, 2);
            // FRR (like NX-OS) takes only per-family neighbor settings in an address family;
            // vtysh hands session settings (`remote-as`) to `router bgp`, as the device does.
            if dialect == Dialect::Frr
                && !is_af_setting(setting)
                && !frr_af_setting(setting)
                && !setting.is_empty()
            {
                let interface_form = starts(setting, "interface");
                if !interface_form {
                    return Parse::NotHere;
                }
            }
            neighbor(input, None)
        }
        "neighbor" => neighbor(input, vrf),
        "bgp" => bgp_option(input),
        // NX-OS spells the process options without the `bgp` keyword.
        "bestpath" | "cluster-id" | "confederation" if nxos && level != Level::AddressFamily => {
            bgp_option(input)
        }
        "client-to-client" if nxos && level == Level::AddressFamily => {
            match full(text, kws("client-to-client reflection")) {
                Some(_) => bgp(Bgp::Option(BgpOption::ClientToClient(!neg))),
                None => malformed("client-to-client needs `reflection`"),
            }
        }
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
            // EOS `show run all` prints defaults such as `no redistribute dynamic`.
            None if neg => stmt(Stmt::Benign),
            None => malformed("invalid redistribute"),
        },
        "maximum-paths" => maximum_paths(input),
        "distance" => distance(input),
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
        "template" if level == Level::Process => template(input, vrf),
        "default-information" => match full(text, kws("default-information originate")) {
            Some(_) => bgp(Bgp::DefaultInformationOriginate(!neg)),
            None => malformed("invalid default-information"),
        },
        // IOS: with synchronization, iBGP routes wait for the IGP to carry them.
        "synchronization" if !neg => stmt(Stmt::Unsupported("bgp synchronization")),
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
        | "ucmp"
        | "monitoring"
        | "dynamic"
        | "enforce-first-as"
        | "add-paths"
        | "dampening"
        | "additional-paths"
        | "coalesce"
        | "segment-routing"
        | "allocate-label"
        | "fast-external-fallover"
        | "flush-routes"
        | "maxas-limit"
        | "reconnect-interval"
        | "suppress-fib-pending"
        | "isolate"
        | "dampen-igp-metric"
        | "wait-igp-convergence"
        | "nsr"
        | "graceful-shutdown"
        | "host-flap" => stmt(Stmt::Benign),
        // `nexthop trigger-delay` is timing; `nexthop route-map` filters which routes can
        // resolve next hops, which changes best paths.
        "nexthop" if starts(text, "nexthop route-map") => {
            stmt(Stmt::Unsupported("bgp next-hop resolution filter"))
        }
        "nexthop" => stmt(Stmt::Benign),
        // EOS next-hop resolution ribs: which RIB resolves next hops; the defaults are printed
        // by `show run all` and match what the verifier assumes (the unicast RIB).
        "next-hop" if eos_default_resolution(text) => stmt(Stmt::Benign),
        "next-hop" => stmt(Stmt::Unsupported("bgp next-hop resolution")),
        // NX-OS and EOS can shut the whole process down (`show run all` prints `no shutdown`).
        "shutdown" if matches!(dialect, Dialect::CiscoNxos | Dialect::Eos) => {
            if neg {
                stmt(Stmt::Benign)
            } else {
                stmt(Stmt::Unsupported("bgp process shutdown"))
            }
        }
        "auto-summary" if neg => stmt(Stmt::Benign),
        "auto-summary" => stmt(Stmt::Unsupported("bgp auto-summary")),
        // EOS: an ACL on the BGP control plane (which peers may connect).
        "ip" | "ipv6" if starts(text, "ip access-group") || starts(text, "ipv6 access-group") => {
            if neg {
                stmt(Stmt::Benign)
            } else {
                stmt(Stmt::Unsupported("bgp control-plane acl"))
            }
        }
        // EOS EVPN: MAC-VRF configuration inside `router bgp`.
        "vlan-aware-bundle" | "vlan" if dialect == Dialect::Eos => {
            opens(Stmt::Unsupported("evpn"), Context::Ignored("evpn mac-vrf"))
        }
        // EOS `mpls label allocation` in VPN families.
        "mpls" if dialect == Dialect::Eos => stmt(Stmt::Unsupported("labeled bgp")),
        // FRR `vni N` under `address-family l2vpn evpn` opens the VNI's settings (`exit-vni`).
        "vni" if level == Level::AddressFamily && dialect == Dialect::Frr => {
            opens(Stmt::Unsupported("evpn"), Context::Ignored("evpn vni"))
        }
        "rd" | "route-target" | "vni" | "label" | "import" | "export" => {
            stmt(Stmt::Unsupported("vpn route targets"))
        }
        "table-map" => stmt(Stmt::Unsupported("bgp table-map")),
        "distribute-list" => stmt(Stmt::Unsupported("bgp distribute-list")),
        "default-metric" => stmt(Stmt::Unsupported("bgp default-metric")),
        "inject-map" => stmt(Stmt::Unsupported("bgp inject-map")),
        "suppress-inactive" => stmt(Stmt::Unsupported("bgp suppress-inactive")),
        "local-as" if level == Level::Vrf && (nxos || dialect == Dialect::Eos) => {
            stmt(Stmt::Unsupported("bgp vrf local-as"))
        }
        // EVPN address-family settings (FRR, NX-OS, EOS).
        "advertise"
        | "advertise-all-vni"
        | "advertise-default-gw"
        | "advertise-svi-ip"
        | "advertise-pip"
        | "flooding"
        | "autort"
        | "dup-addr-detection"
        | "default-originate"
            if level == Level::AddressFamily =>
        {
            stmt(Stmt::Unsupported("evpn"))
        }
        "advertise" => stmt(Stmt::Unsupported("evpn")),
        "confederation" => stmt(Stmt::Unsupported("bgp confederation")),
        _ => Parse::NotHere,
    }
}

/// EOS `next-hop resolution ribs ...` lines that state the default.
fn eos_default_resolution(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "next-hop resolution ribs tunnel-rib system-tunnel-rib system-unicast-rib",
        "next-hop resolution ribs tunnel-rib system-tunnel-rib system-connected",
        "next-hop 6pe resolution ribs tunnel-rib system-tunnel-rib",
    ]
    .contains(
        &lower
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
    )
}

/// `maximum-paths [ibgp|ebgp|eibgp] N [...]`. Which sessions the plain form covers differs per
/// dialect, which is exactly what the verifier needs to get right.
fn maximum_paths<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    let which = opt(alt((
        value(Some((true, false)), kw("ibgp")),
        value(Some((false, true)), kw("ebgp")),
        value(Some((true, true)), kw("eibgp")),
        value(None, kw("mixed")),
    )));
    match full(text, (kw("maximum-paths"), which, num::<u32>, opt(rest1))) {
        Some((_, Some(None), _, _)) => stmt(Stmt::Unsupported("bgp maximum-paths mixed")),
        Some((_, which, paths, _)) => {
            let (ibgp, ebgp) = match (which.flatten(), dialect) {
                (Some(w), _) => w,
                // EOS: `maximum-paths N [ecmp M]` covers eBGP and iBGP paths alike.
                (None, Dialect::Eos) => (true, true),
                // IOS, IOS-XE, NX-OS and FRR: the plain form is eBGP only; iBGP needs `ibgp`.
                (None, Dialect::Ios | Dialect::IosXe | Dialect::CiscoNxos | Dialect::Frr) => {
                    (false, true)
                }
                (None, Dialect::IosXr) => (false, true),
            };
            stmt(Stmt::Bgp(Bgp::MaximumPaths { paths, ibgp, ebgp }))
        }
        None if input.negated() => stmt(Stmt::Benign),
        None => malformed("maximum-paths needs a number"),
    }
}

/// `distance bgp EXT INT LOCAL` (NX-OS: `distance EXT INT LOCAL`), and per-source distances.
fn distance<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    // Distances of multicast BGP routes (IOS): no effect on unicast forwarding.
    if starts(text, "distance mbgp") {
        return stmt(Stmt::Benign);
    }
    let three = |i| (num::<u8>, num::<u8>, num::<u8>).parse(i);
    let parsed = full(text, (kws("distance bgp"), three))
        .map(|(_, d)| d)
        .or_else(|| {
            (dialect == Dialect::CiscoNxos)
                .then(|| full(text, (kw("distance"), three)).map(|(_, d)| d))
                .flatten()
        });
    match parsed {
        Some((external, internal, local)) => stmt(Stmt::Bgp(Bgp::Distance {
            external,
            internal,
            local,
        })),
        None if full(text, (kws("distance bgp"), num::<u8>, opt(rest1))).is_some() => {
            stmt(Stmt::Unsupported("partial bgp distance"))
        }
        None if input.negated() => stmt(Stmt::Benign),
        None => stmt(Stmt::Unsupported("per-source distance")),
    }
}

/// `template peer NAME` (NX-OS: a peer group by another name), `template peer-session NAME`
/// and `template peer-policy NAME` (IOS and NX-OS: recorded, not modelled).
fn template<'a>(input: In<'a>, vrf: Option<&str>) -> Parse<Stmt<'a>> {
    let text = input.text;
    let kind = alt((
        value(PeerBlock::PeerTemplate, kw("peer")),
        value(PeerBlock::SessionTemplate, kw("peer-session")),
        value(PeerBlock::PolicyTemplate, kw("peer-policy")),
    ));
    let Some((_, kind, name)) = full(text, (kw("template"), kind, word)) else {
        return malformed("template needs peer, peer-session or peer-policy and a name");
    };
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    let stmt = match kind {
        PeerBlock::PeerTemplate => Stmt::Bgp(Bgp::PeerSetting(NeighborSetting::DeclarePeerGroup)),
        _ => Stmt::Unsupported("bgp session and policy templates"),
    };
    opens(
        stmt,
        Context::BgpPeer {
            vrf: vrf.map(str::to_owned),
            name: name.to_owned(),
            kind,
        },
    )
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

/// `bgp ...` process options; NX-OS writes some of them without the `bgp` keyword, so `text`
/// is matched after an optional leading `bgp`.
fn bgp_option<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let on = !input.negated();
    let body = if starts(text, "bgp") {
        super::global::rest_after_words(text, 1)
    } else {
        text
    };
    let opt_stmt = |o: BgpOption| stmt(Stmt::Bgp(Bgp::Option(o)));
    let is = |k: &'static str| full(body, kws(k)).is_some();
    let unsupported_unless_negated = |feature: &'static str| {
        if on {
            stmt(Stmt::Unsupported(feature))
        } else {
            stmt(Stmt::Benign)
        }
    };
    if let Some((_, id)) = full(body, (kw("router-id"), ipv4)) {
        return stmt(Stmt::Bgp(Bgp::RouterId(id)));
    }
    // IOS-XE `bgp router-id interface Loopback0`: the id follows an interface's address.
    if full(body, (kws("router-id interface"), word)).is_some() {
        return stmt(Stmt::Unsupported("bgp router-id from an interface"));
    }
    if is("bestpath as-path multipath-relax") {
        return opt_stmt(BgpOption::MultipathRelax(on));
    }
    if is("bestpath as-path ignore") {
        return opt_stmt(BgpOption::AsPathIgnore(on));
    }
    if is("bestpath compare-routerid") {
        return opt_stmt(BgpOption::CompareRouterId(on));
    }
    if is("bestpath med missing-as-worst") || is("bestpath med missing-as-worst confed") {
        return opt_stmt(BgpOption::MedMissingAsWorst(on));
    }
    if is("bestpath med confed") {
        return opt_stmt(BgpOption::MedConfed(on));
    }
    if is("always-compare-med") || is("bestpath always-compare-med") {
        return opt_stmt(BgpOption::AlwaysCompareMed(on));
    }
    if is("deterministic-med") {
        return opt_stmt(BgpOption::DeterministicMed(on));
    }
    // NX-OS compares MEDs deterministically unless told not to.
    if is("bestpath med non-deterministic") {
        return opt_stmt(BgpOption::DeterministicMed(!on));
    }
    if is("default ipv4-unicast") {
        return opt_stmt(BgpOption::DefaultIpv4Unicast(on));
    }
    if is("client-to-client reflection") {
        return opt_stmt(BgpOption::ClientToClient(on));
    }
    if is("ebgp-requires-policy") {
        return opt_stmt(BgpOption::EbgpRequiresPolicy(on));
    }
    if let Some(rest) = body
        .to_ascii_lowercase()
        .strip_prefix("additional-paths ")
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
    if let Some((_, id)) = full(body, (kw("cluster-id"), word)) {
        let id = id
            .parse()
            .ok()
            .or_else(|| id.parse::<u32>().ok().map(std::net::Ipv4Addr::from));
        return match id {
            Some(id) => opt_stmt(BgpOption::ClusterId(id)),
            None => malformed("cluster-id needs an address or a number"),
        };
    }
    if let Some((_, asn)) = full(body, (kws("confederation identifier"), word)) {
        return match parse_asn(asn) {
            Ok(a) => opt_stmt(BgpOption::ConfederationId(a)),
            Err(()) => malformed("invalid confederation identifier"),
        };
    }
    let words: Vec<String> = body
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    match w.as_slice() {
        // EOS `show run all` prints `no bgp cluster-id`: the default.
        ["cluster-id"] if !on => stmt(Stmt::Benign),
        // Timers, logging, restart behaviour, notation: no effect on the converged state.
        ["log-neighbor-changes", ..]
        | ["graceful-restart", ..]
        | ["graceful-restart-helper", ..]
        | ["dampening", ..]
        | ["nexthop", "trigger-delay", ..]
        | ["scan-time", ..]
        | ["update-delay", ..]
        | ["maxas-limit", ..]
        | ["enforce-first-as", ..]
        | ["fast-external-fallover", ..]
        | ["regexp", ..]
        | ["aggregate-timer", ..]
        | ["advertisement-interval", ..]
        | ["asnotation", ..]
        | ["asn", "notation", ..]
        | ["log", ..]
        | ["refresh", ..]
        | ["transport", ..]
        | ["sso", ..]
        | ["timers", ..]
        | ["consistency-checker", ..]
        | ["additional-paths", ..]
        | ["convergence", ..]
        | ["event-history", ..]
        | ["update-group", ..]
        | ["slow-peer", ..]
        | ["soft-reconfig-backup", ..]
        | ["ha-mode", ..]
        | ["upgrade-cli", ..]
        | ["peer-mac-resolution-timeout", ..]
        | ["rpki", ..]
        | ["bmp", ..]
        | ["monitoring", ..]
        | ["trace", ..]
        | ["route-map-cache", ..]
        | ["dynamic-med-interval", ..]
        | ["fec", "skip", "in-place", "update"]
        | ["control-plane-filter", "default-allow"]
        | ["labeled-unicast", ..]
        | ["isolate", ..]
        | ["suppress-fib-pending", ..]
        | ["reject-as-sets", ..]
        | ["auto-local-addr", ..] => stmt(Stmt::Benign),
        // `bgp max-med on-startup N`: a larger MED only while the router starts.
        ["max-med", "on-startup", ..] => stmt(Stmt::Benign),
        ["nexthop", "trigger", ..] => stmt(Stmt::Benign),
        [
            "client-to-client",
            "reflection",
            "intra-cluster",
            "cluster-id",
            "any",
        ] => stmt(Stmt::Benign),
        // EOS: how routes are programmed into hardware.
        ["host-routes", "fib", "direct-install"] => stmt(Stmt::Benign),
        ["aggregate-route", ..] => unsupported_unless_negated("bgp aggregate-route option"),
        ["max-med", ..] => unsupported_unless_negated("bgp max-med"),
        ["default", "ipv6-unicast", ..] => unsupported_unless_negated("bgp default ipv6-unicast"),
        // FRR: host names in `show` output.
        ["default", "show-hostname" | "show-nexthop-hostname"] => stmt(Stmt::Benign),
        // IOS `show run all` prints the defaults: local preference 100, route-target filter.
        ["default", "local-preference", "100"] | ["default", "route-target", "filter"] => {
            stmt(Stmt::Benign)
        }
        ["default", "local-preference", ..] => {
            unsupported_unless_negated("bgp default local-preference")
        }
        ["default", ..] => unsupported_unless_negated("bgp default option"),
        ["bestpath", ..] => unsupported_unless_negated("bgp bestpath option"),
        ["aspath-cmp-include-nexthop", ..] => unsupported_unless_negated("bgp bestpath option"),
        ["listen", "limit", _] => stmt(Stmt::Benign),
        // `bgp listen range P peer-group G [remote-as N]` (IOS, EOS): a passive neighbor for
        // every address of P, with G's settings; recorded as a neighbor keyed by the range.
        ["listen", "range", _, "peer-group", _, rest @ ..] if on => {
            let original: Vec<&'a str> = body.split_whitespace().collect();
            let (range, group) = (original[2], original[4]);
            match rest {
                [] => stmt(Stmt::Bgp(Bgp::Neighbor {
                    peer: range,
                    interface_peer: false,
                    setting: NeighborSetting::PeerGroup(group),
                })),
                _ => unsupported_unless_negated("bgp listen range options"),
            }
        }
        ["listen", ..] => unsupported_unless_negated("bgp dynamic neighbors"),
        // Whether `redistribute bgp` into an IGP takes iBGP routes; the vendor default (on for
        // EOS, whose `show run all` prints it, off for IOS) is the verifier's business.
        ["redistribute-internal"] => opt_stmt(BgpOption::RedistributeInternal(on)),
        ["confederation", ..] => unsupported_unless_negated("bgp confederation"),
        ["network", "import-check", ..] => {
            // FRR default on; IOS-like behaviour (a network needs a RIB route) either way.
            stmt(Stmt::Benign)
        }
        ["network", ..] => unsupported_unless_negated("bgp network option"),
        ["suppress-inactive", ..] => unsupported_unless_negated("bgp suppress-inactive"),
        ["route", "install-map", ..] => unsupported_unless_negated("bgp route install-map"),
        ["next-hop-unchanged", ..] => unsupported_unless_negated("next-hop-unchanged"),
        ["advertise-inactive", ..] => unsupported_unless_negated("bgp advertise-inactive"),
        ["allowas-in", ..] => unsupported_unless_negated("bgp allowas-in"),
        ["missing-policy", ..] => unsupported_unless_negated("bgp missing-policy"),
        ["next-hop", "address-family", ..] => {
            unsupported_unless_negated("bgp ipv4 over ipv6 next hops")
        }
        ["route-reflector", ..] => unsupported_unless_negated("bgp route-reflector option"),
        ["client-to-client", ..] => unsupported_unless_negated("bgp client-to-client option"),
        ["inject-map", ..] => unsupported_unless_negated("bgp inject-map"),
        ["recursion", ..] => unsupported_unless_negated("bgp next-hop recursion"),
        ["nexthop", ..] => unsupported_unless_negated("bgp next-hop resolution filter"),
        ["route-map", ..] => unsupported_unless_negated("bgp route-map option"),
        ["shutdown", ..] => unsupported_unless_negated("bgp process shutdown"),
        ["graceful-shutdown", ..] => unsupported_unless_negated("bgp graceful-shutdown"),
        ["allow-attribset", ..] | ["ipv4", ..] | ["vrf", ..] => {
            unsupported_unless_negated("bgp option")
        }
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
            "advertise-only" | "matching-med" | "matching-med-only" | "suppress-fib-pending" => {
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
///
/// NX-OS configures neighbors in blocks: `neighbor PEER [remote-as ASN|remote-as route-map R]`
/// opens a neighbor mode whose lines are the settings without the `neighbor PEER` prefix.
fn neighbor<'a>(input: In<'a>, vrf: Option<&str>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    let on = !input.negated();
    let words: Vec<&'a str> = text.split_whitespace().collect();
    let Some(&peer) = words.get(1) else {
        return malformed("neighbor needs a peer");
    };
    let mut rest_index = 2;
    let mut interface_peer = false;
    // FRR unnumbered: `neighbor swp1 interface [v6only] ...`.
    if words
        .get(2)
        .is_some_and(|w| w.eq_ignore_ascii_case("interface"))
    {
        interface_peer = true;
        rest_index = 3;
        if words
            .get(3)
            .is_some_and(|w| w.eq_ignore_ascii_case("v6only"))
        {
            rest_index = 4;
        }
    }
    let setting_text = super::global::rest_after_words(text, rest_index);
    if dialect == Dialect::CiscoNxos && on && !interface_peer {
        let opens_block = setting_text.is_empty()
            || full(setting_text, (kw("remote-as"), word)).is_some()
            || full(setting_text, (kws("remote-as route-map"), word)).is_some();
        if opens_block {
            let setting = if setting_text.is_empty() {
                NeighborSetting::Benign
            } else {
                match neighbor_setting(setting_text, on, dialect) {
                    Ok(s) => s,
                    Err(e) => return e.into_parse(),
                }
            };
            return opens(
                Stmt::Bgp(Bgp::Neighbor {
                    peer,
                    interface_peer,
                    setting,
                }),
                Context::BgpPeer {
                    vrf: vrf.map(str::to_owned),
                    name: peer.to_owned(),
                    kind: PeerBlock::Neighbor,
                },
            );
        }
    }
    if setting_text.is_empty() {
        if interface_peer {
            return stmt(Stmt::Bgp(Bgp::Neighbor {
                peer,
                interface_peer,
                setting: NeighborSetting::Benign,
            }));
        }
        if !on {
            // `no neighbor X` removes the neighbor; in a configuration file it configures nothing.
            return stmt(Stmt::Benign);
        }
        return malformed("neighbor needs a setting");
    }
    match neighbor_setting(setting_text, on, dialect) {
        Ok(setting) => stmt(Stmt::Bgp(Bgp::Neighbor {
            peer,
            interface_peer,
            setting,
        })),
        Err(e) => e.into_parse(),
    }
}

/// Why words are not a neighbor setting.
#[derive(Debug)]
pub(crate) enum NotASetting {
    /// Not a setting at all (the enclosing context may know the line).
    NotHere,
    /// A known setting with bad arguments.
    Malformed(String),
}

impl NotASetting {
    fn into_parse<S>(self) -> Parse<S> {
        match self {
            NotASetting::NotHere => Parse::NotHere,
            NotASetting::Malformed(reason) => Parse::Malformed(reason),
        }
    }
}

/// Neighbor settings whose negation (without arguments) states a default.
const NEGATED_DEFAULTS: &[&str] = &[
    "update-source",
    "next-hop-v6-addr",
    "metric-out",
    "import-localpref",
    "export-localpref",
    "ttl",
    "as-path",
    "next-hop",
    "description",
    "password",
    "ebgp-multihop",
    "timers",
    "local-as",
    "route-to-peer",
    "link-bandwidth",
    "rib-in",
    "out-delay",
    "idle-restart-timer",
    "remove-private-as",
    "next-hop-self",
    "next-hop-unchanged",
    "route-reflector-client",
    "send-community",
    "maximum-routes",
    "maximum-accepted-routes",
    "maximum-advertised-routes",
    "allowas-in",
    "weight",
    "fall-over",
    "bfd",
    "additional-paths",
    "graceful-restart",
    "graceful-restart-helper",
    "enforce-first-as",
    "passive",
    "transport",
    "dont-capability-negotiate",
    "auto-local-addr",
    "local-v4-addr",
    "local-v6-addr",
    "sender-as-path-loop-detection",
    "missing-policy",
];

/// A neighbor (or peer-group, or template) setting: the words after `neighbor PEER`, or a line
/// of an NX-OS neighbor block, or of a template. `Err` carries the parse result to return
/// (malformed, or not a setting at all).
pub(crate) fn neighbor_setting<'a>(
    text: &'a str,
    on: bool,
    dialect: Dialect,
) -> Result<NeighborSetting<'a>, NotASetting> {
    let rest: Vec<&'a str> = text.split_whitespace().collect();
    let lower: Vec<String> = rest.iter().map(|w| w.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let num_at = |i: usize| rest.get(i).and_then(|w| w.parse::<u32>().ok());
    let dir = |i: usize| match l.get(i) {
        Some(&"in") => Some(true),
        Some(&"out") => Some(false),
        _ => None,
    };
    let bad = |what: &str| Err(NotASetting::Malformed(what.to_owned()));
    use NeighborSetting as N;
    let setting = match l.as_slice() {
        [] => return bad("neighbor needs a setting"),
        ["remote-as", "route-map", _] => N::RemoteAsRouteMap(rest[2]),
        ["remote-as", "external"] => N::RemoteAs(RemoteAs::External),
        ["remote-as", "internal"] => N::RemoteAs(RemoteAs::Internal),
        ["remote-as", _] => match parse_asn(rest[1]) {
            Ok(a) => N::RemoteAs(RemoteAs::Asn(a)),
            Err(()) => return bad("invalid remote-as"),
        },
        ["remote-as", _, "alternate-as", ..] => N::Unsupported("bgp dynamic neighbors"),
        ["remote-as", ..] if !on => N::Benign,
        ["remote-as", ..] => return bad("remote-as needs one AS number"),
        ["peer-group"] | ["peer", "group"] => N::DeclarePeerGroup,
        // Old IOS: `neighbor G peer-group nlri unicast multicast`.
        ["peer-group", "nlri", ..] => N::DeclarePeerGroup,
        ["peer-group", _] => N::PeerGroup(rest[1]),
        ["peer", "group", _] => N::PeerGroup(rest[2]),
        // NX-OS `inherit peer T`: a template that works like a peer group.
        ["inherit", "peer", _] => N::PeerGroup(rest[2]),
        ["inherit", "peer-session", ..] | ["inherit", "peer-policy", ..] => {
            N::Unsupported("bgp session and policy templates")
        }
        ["update-source", _] => N::UpdateSource(rest[1]),
        ["ebgp-multihop"] => N::EbgpMultihop(255),
        ["ebgp-multihop", _] => match rest[1].parse() {
            Ok(n) => N::EbgpMultihop(n),
            Err(_) => return bad("invalid ebgp-multihop"),
        },
        ["shutdown", ..] => N::Shutdown(on),
        // EOS prints `no neighbor X shutdown` style defaults; `shut` is an IOS abbreviation.
        ["shut"] => N::Shutdown(on),
        ["description", ..] => N::Description(super::global::rest_after_words(text, 1)),
        ["remove-private-as", ..] | ["remove-private-autonomous-system", ..] => {
            N::RemovePrivateAs(on)
        }
        ["local-as", ..] => match rest.get(1).map(|a| parse_asn(a)) {
            Some(Ok(a)) if l.len() == 2 => N::LocalAs(a),
            Some(Ok(_)) => N::Unsupported("local-as options"),
            _ if !on => N::Benign,
            _ => return bad("invalid local-as"),
        },
        ["activate"] => N::Activate(on),
        ["route-map", _, _] => match dir(2) {
            Some(inbound) => N::RouteMap {
                name: rest[1],
                inbound,
            },
            None => return bad("route-map needs in or out"),
        },
        // EOS show-run-all prints `no neighbor G route-map in` (no name): nothing configured.
        ["route-map", "in" | "out"] | ["prefix-list", "in" | "out"] if !on => N::Benign,
        ["prefix-list", _, _] => match dir(2) {
            Some(inbound) => N::PrefixList {
                name: rest[1],
                inbound,
            },
            None => return bad("prefix-list needs in or out"),
        },
        ["filter-list", _, _] => match dir(2) {
            Some(inbound) => N::FilterList {
                name: rest[1],
                inbound,
            },
            None => return bad("filter-list needs in or out"),
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
        // EOS: `maximum-routes 0` switches the limit off.
        ["maximum-routes", "0", ..] if dialect == Dialect::Eos => N::Benign,
        ["maximum-prefix", ..] | ["maximum-routes", ..] => match num_at(1) {
            Some(limit) => N::MaximumPrefix {
                limit,
                warning_only: l.contains(&"warning-only"),
            },
            None if !on => N::Benign,
            None => return bad("maximum-prefix needs a number"),
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
        ["default-originate", ..] if !on => N::Benign,
        // IOS, NX-OS and FRR send a default route to the neighbor unconditionally; EOS only
        // when one is in the RIB, unless `always` is given.
        ["default-originate", tail @ ..] => {
            let (route_map, always) = match tail {
                [] => (None, false),
                ["always"] => (None, true),
                ["route-map", _] => (Some(rest[2]), false),
                ["route-map", _, "always"] => (Some(rest[2]), true),
                _ => return bad("invalid default-originate"),
            };
            N::DefaultOriginate {
                route_map,
                conditional: dialect == Dialect::Eos && !always,
            }
        }
        ["weight", _] => match num_at(1) {
            Some(w) => N::Weight(w),
            None => return bad("weight needs a number"),
        },
        ["weight"] if !on => N::Benign,
        ["allowas-in"] => N::AllowAsIn(3),
        // FRR: accept routes with our AS only as their origin AS.
        ["allowas-in", "origin"] => N::Unsupported("allowas-in origin"),
        ["allowas-in", ..] if !on => N::Benign,
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
        | ["update-delay", ..]
        | ["missing-policy", ..]
        | ["rib-in", ..]
        | ["monitoring", ..]
        | ["strict-capability-match", ..]
        | ["override-capability", ..]
        | ["dont-capability-negotiate", ..]
        | ["dynamic-capability", ..]
        | ["enforce-multihop", ..]
        | ["interface", _]
        | ["aigp", ..]
        | ["low-memory", ..]
        | ["maximum-peers", ..]
        | ["fail-over", ..]
        | ["auto-local-addr", ..]
        | ["route-to-peer", ..]
        | ["idle-restart", ..]
        | ["translate-update", ..]
        | ["slow-peer", ..] => N::Benign,
        // NX-OS prints its default `next-hop-third-party`; turning it off changes next hops.
        ["next-hop-third-party"] if on => N::Benign,
        ["next-hop-third-party"] => return Ok(N::Unsupported("no next-hop-third-party")),
        ["disable-connected-check", ..] => N::Unsupported("disable-connected-check"),
        ["disable-peer-as-check", ..] => N::Unsupported("disable-peer-as-check"),
        ["unsuppress-map", ..] => N::Unsupported("unsuppress-map"),
        ["advertise-map", ..] => N::Unsupported("conditional advertisement"),
        ["distribute-list", ..] => N::Unsupported("neighbor distribute-list"),
        ["inherit", ..] => N::Unsupported("bgp templates"),
        ["attribute-unchanged", ..] => N::Unsupported("attribute-unchanged"),
        ["send-label", ..] | ["encapsulation", ..] | ["advertise", "local-labeled-route"] => {
            N::Unsupported("labeled bgp")
        }
        ["route-server-client", ..] => N::Unsupported("route-server-client"),
        ["local-preference", ..] => N::Unsupported("neighbor local-preference"),
        ["next-hop-unchanged", ..] | ["next-hop-peer", ..] => N::Unsupported("next-hop-unchanged"),
        ["soo", ..] => N::Unsupported("bgp site of origin"),
        // EOS `show run all` prints the absence of these settings as `no neighbor G <setting>`.
        [first, ..] if !on && NEGATED_DEFAULTS.contains(first) => N::Benign,
        ["ttl", "maximum-hops", _] => N::Benign,
        ["metric-out", ..] => N::Unsupported("neighbor metric-out"),
        ["import-localpref", ..] | ["export-localpref", ..] => {
            N::Unsupported("neighbor local-preference")
        }
        ["next-hop-v6-addr", ..] | ["next-hop", "address-family", ..] => {
            N::Unsupported("bgp next hops of another address family")
        }
        ["as-path", ..] => N::Unsupported("neighbor as-path option"),
        ["suppress-inactive", ..] => N::Unsupported("bgp suppress-inactive"),
        ["nlri", ..] if dialect == Dialect::Ios => N::Unsupported("bgp multicast nlri"),
        _ => return Err(NotASetting::NotHere),
    };
    // Negating an unmodelled setting states its default (`no neighbor G next-hop-unchanged`).
    if !on && matches!(setting, N::Unsupported(_)) {
        return Ok(N::Benign);
    }
    Ok(setting)
}

/// True for neighbor settings that belong to an address family (route policies, communities,
/// limits), as opposed to session settings (AS numbers, timers, transport).
fn is_af_setting(text: &str) -> bool {
    const AF_SETTINGS: &[&str] = &[
        "activate",
        "route-map",
        "prefix-list",
        "filter-list",
        "next-hop-self",
        "next-hop-third-party",
        "route-reflector-client",
        "send-community",
        "maximum-prefix",
        "default-originate",
        "weight",
        "allowas-in",
        "as-override",
        "soft-reconfiguration",
        "advertisement-interval",
        "disable-peer-as-check",
        "unsuppress-map",
        "advertise-map",
        "advertise",
        "soo",
        "suppress-inactive",
    ];
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    AF_SETTINGS.contains(&first.as_ref())
        || starts(text, "inherit peer-policy")
        || starts(text, "capability additional-paths")
}

/// Neighbor settings FRR keeps per address family beyond the common ones.
fn frr_af_setting(text: &str) -> bool {
    const FRR_AF_SETTINGS: &[&str] = &[
        "remove-private-as",
        "addpath-tx-all-paths",
        "addpath-tx-bestpath-per-as",
        "attribute-unchanged",
        "distribute-list",
        "route-server-client",
        "orf",
        "maximum-prefix-out",
        "nexthop-local",
        "sender-as-path-loop-detection",
    ];
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    FRR_AF_SETTINGS.contains(&first.as_ref()) || starts(text, "capability orf")
}

/// A line inside an NX-OS `neighbor` block or a `template peer|peer-session|peer-policy` block
/// (also IOS templates). `af` is true inside the block's `address-family`.
pub(crate) fn peer_block<'a>(
    input: In<'a>,
    vrf: Option<&str>,
    name: &str,
    kind: PeerBlock,
    af: bool,
) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    let on = !input.negated();
    if starts(text, "address-family") {
        if af || kind == PeerBlock::PolicyTemplate || kind == PeerBlock::SessionTemplate {
            return Parse::NotHere;
        }
        let family = alt((
            value(AfName::Ipv4Unicast, (kw("ipv4"), kw("unicast"))),
            value(AfName::Ipv6Unicast, (kw("ipv6"), kw("unicast"))),
        ));
        let ctx = |family| Context::BgpPeerAf {
            vrf: vrf.map(str::to_owned),
            name: name.to_owned(),
            kind,
            family,
        };
        if let Some((_, family)) = full(text, (kw("address-family"), family)) {
            if !on {
                return stmt(Stmt::Benign);
            }
            // NX-OS exchanges a family with a neighbor only when the family is configured
            // under it: the block is the `activate` of IOS.
            return opens(
                Stmt::Bgp(Bgp::PeerSetting(NeighborSetting::Activate(true))),
                ctx(family),
            );
        }
        return match full(text, (kw("address-family"), rest1)) {
            Some((_, words)) if on => opens(
                Stmt::Unsupported("bgp address family"),
                ctx(AfName::Other(words.to_ascii_lowercase())),
            ),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("address-family needs a family"),
        };
    }
    // Per-family settings live under the block's `address-family` (or in a peer-policy
    // template); session settings directly in the block.
    let in_af_level = af || kind == PeerBlock::PolicyTemplate;
    if is_af_setting(text) != in_af_level {
        return Parse::NotHere;
    }
    match neighbor_setting(text, on, dialect) {
        Ok(setting) => stmt(Stmt::Bgp(Bgp::PeerSetting(setting))),
        Err(e) => e.into_parse(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `line` (with its `no`/`default` prefix) in `ctx` as `dialect` would, through the
    /// same dispatch as the binder, and prints the statement and the context it opens.
    fn check(dialect: Dialect, ctx: &Context, line: &str) -> String {
        let (text, polarity) = crate::ios::bind::strip_polarity(line);
        match crate::ios::parse_line(ctx, text, polarity, dialect) {
            Parse::Stmt { stmt, opens } => match opens {
                Some(ctx) => format!("{stmt:?} opens {ctx:?}"),
                None => format!("{stmt:?}"),
            },
            other => format!("{other:?}"),
        }
    }

    fn bgp() -> Context {
        Context::RouterBgp { asn: 1 }
    }

    fn af(family: AfName) -> Context {
        Context::BgpAf { vrf: None, family }
    }

    fn peer(kind: PeerBlock) -> Context {
        Context::BgpPeer {
            vrf: None,
            name: "10.0.0.1".into(),
            kind,
        }
    }

    fn peer_af(kind: PeerBlock) -> Context {
        Context::BgpPeerAf {
            vrf: None,
            name: "10.0.0.1".into(),
            kind,
            family: AfName::Ipv4Unicast,
        }
    }

    fn check_ios(text: &str, level: Level) -> String {
        let ctx = match level {
            Level::Process => bgp(),
            Level::Vrf => Context::BgpVrf { vrf: "V".into() },
            Level::AddressFamily => af(AfName::Ipv4Unicast),
        };
        check(Dialect::Ios, &ctx, text)
    }

    #[test]
    fn bgp_statements() {
        let p = |t| check_ios(t, Level::Process);
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
        assert!(p("bgp listen range 2.34.0.0/16 peer-group dept").contains(
            "peer: \"2.34.0.0/16\", interface_peer: false, setting: PeerGroup(\"dept\")"
        ));
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
            check_ios("address-family ipv4", Level::AddressFamily),
            "NotHere"
        );
        assert!(
            check_ios("neighbor 10.0.0.1 activate", Level::AddressFamily)
                .contains("Activate(true)")
        );
    }

    #[test]
    fn nxos_neighbor_blocks() {
        // `neighbor X [remote-as N]` opens the neighbor's mode; its lines drop the prefix.
        let nx = |ctx: &Context, t| check(Dialect::CiscoNxos, ctx, t);
        assert_eq!(
            nx(&bgp(), "neighbor 10.0.0.1"),
            "Bgp(Neighbor { peer: \"10.0.0.1\", interface_peer: false, setting: Benign }) \
             opens BgpPeer { vrf: None, name: \"10.0.0.1\", kind: Neighbor }"
        );
        assert!(
            nx(&bgp(), "neighbor 10.0.0.1 remote-as 65002")
                .starts_with("Bgp(Neighbor { peer: \"10.0.0.1\", interface_peer: false, setting: RemoteAs(Asn(65002)) }) opens BgpPeer")
        );
        assert!(
            nx(
                &Context::BgpVrf { vrf: "T".into() },
                "neighbor 10.1.0.0/16 remote-as route-map AS_MAP"
            )
            .contains("RemoteAsRouteMap(\"AS_MAP\") }) opens BgpPeer { vrf: Some(\"T\")")
        );
        let block = peer(PeerBlock::Neighbor);
        assert_eq!(
            nx(&block, "remote-as 65002"),
            "Bgp(PeerSetting(RemoteAs(Asn(65002))))"
        );
        assert_eq!(
            nx(&block, "inherit peer SPINES"),
            "Bgp(PeerSetting(PeerGroup(\"SPINES\")))"
        );
        assert_eq!(
            nx(&block, "address-family ipv4 unicast"),
            "Bgp(PeerSetting(Activate(true))) opens BgpPeerAf { vrf: None, name: \"10.0.0.1\", \
             kind: Neighbor, family: Ipv4Unicast }"
        );
        assert!(
            nx(&block, "address-family l2vpn evpn")
                .starts_with("Unsupported(\"bgp address family\") opens BgpPeerAf")
        );
        // Per-family settings only in the family, session settings only in the block.
        assert_eq!(nx(&block, "route-map IN in"), "NotHere");
        let block_af = peer_af(PeerBlock::Neighbor);
        assert_eq!(
            nx(&block_af, "route-map IN in"),
            "Bgp(PeerSetting(RouteMap { name: \"IN\", inbound: true }))"
        );
        assert_eq!(nx(&block_af, "remote-as 1"), "NotHere");
        assert_eq!(
            nx(&block_af, "soft-reconfiguration inbound always"),
            "Bgp(PeerSetting(SoftReconfiguration))"
        );
        assert_eq!(
            nx(&block_af, "next-hop-third-party"),
            "Bgp(PeerSetting(Benign))"
        );
        assert_eq!(
            nx(&block_af, "no next-hop-third-party"),
            "Bgp(PeerSetting(Unsupported(\"no next-hop-third-party\")))"
        );
        // In an address family, a neighbor line belongs to the process (NX-OS has no
        // `neighbor X activate`).
        assert_eq!(nx(&af(AfName::Ipv4Unicast), "neighbor 10.0.0.2"), "NotHere");
    }

    #[test]
    fn templates() {
        let nx = |ctx: &Context, t| check(Dialect::CiscoNxos, ctx, t);
        assert!(
            nx(&bgp(), "template peer SPINES").starts_with(
                "Bgp(PeerSetting(DeclarePeerGroup)) opens BgpPeer { vrf: None, name: \"SPINES\", kind: PeerTemplate }"
            )
        );
        let ios = |ctx: &Context, t| check(Dialect::Ios, ctx, t);
        assert!(
            ios(&bgp(), "template peer-policy P")
                .starts_with("Unsupported(\"bgp session and policy templates\") opens BgpPeer")
        );
        // A peer-policy template holds per-family settings directly.
        assert_eq!(
            ios(&peer(PeerBlock::PolicyTemplate), "route-map X out"),
            "Bgp(PeerSetting(RouteMap { name: \"X\", inbound: false }))"
        );
        assert_eq!(
            ios(&peer(PeerBlock::SessionTemplate), "remote-as 7"),
            "Bgp(PeerSetting(RemoteAs(Asn(7))))"
        );
        assert!(ios(&bgp(), "template frob X").starts_with("Malformed"));
    }

    #[test]
    fn dialect_spellings() {
        let nx = |ctx: &Context, t| check(Dialect::CiscoNxos, ctx, t);
        assert_eq!(
            nx(&bgp(), "bestpath as-path multipath-relax"),
            "Bgp(Option(MultipathRelax(true)))"
        );
        assert_eq!(
            nx(&af(AfName::Ipv4Unicast), "distance 20 200 220"),
            "Bgp(Distance { external: 20, internal: 200, local: 220 })"
        );
        assert_eq!(
            nx(&af(AfName::Ipv4Unicast), "client-to-client reflection"),
            "Bgp(Option(ClientToClient(true)))"
        );
        // Plain `maximum-paths` is eBGP-only except on EOS.
        let mp = |d| check(d, &af(AfName::Ipv4Unicast), "maximum-paths 8");
        assert_eq!(
            mp(Dialect::CiscoNxos),
            "Bgp(MaximumPaths { paths: 8, ibgp: false, ebgp: true })"
        );
        assert_eq!(
            mp(Dialect::Ios),
            "Bgp(MaximumPaths { paths: 8, ibgp: false, ebgp: true })"
        );
        assert_eq!(
            mp(Dialect::Frr),
            "Bgp(MaximumPaths { paths: 8, ibgp: false, ebgp: true })"
        );
        assert_eq!(
            mp(Dialect::Eos),
            "Bgp(MaximumPaths { paths: 8, ibgp: true, ebgp: true })"
        );
        assert_eq!(
            check(Dialect::Eos, &bgp(), "maximum-paths 4 ecmp 64"),
            "Bgp(MaximumPaths { paths: 4, ibgp: true, ebgp: true })"
        );
        // The process shutdown exists on NX-OS and EOS only.
        assert_eq!(
            nx(&bgp(), "shutdown"),
            "Unsupported(\"bgp process shutdown\")"
        );
        assert_eq!(check(Dialect::Ios, &bgp(), "shutdown"), "NotHere");
    }

    #[test]
    fn eos_show_run_all_defaults() {
        let eos = |ctx: &Context, t| check(Dialect::Eos, ctx, t);
        for line in [
            "no neighbor SOME_GROUP update-source",
            "no neighbor SOME_GROUP metric-out",
            "no neighbor SOME_GROUP next-hop-unchanged",
            "no neighbor SOME_GROUP route-map in",
            "no neighbor SOME_GROUP ttl maximum-hops",
            "neighbor G maximum-routes 0",
        ] {
            assert!(eos(&bgp(), line).ends_with("setting: Benign })"), "{line}");
        }
        for line in [
            "no bgp cluster-id",
            "no default-metric",
            "no bgp advertise-inactive",
            "no ip access-group",
            "bgp listen limit 1000",
            "no shutdown",
        ] {
            assert_eq!(eos(&bgp(), line), "Benign", "{line}");
        }
        assert_eq!(
            eos(&bgp(), "no bgp redistribute-internal"),
            "Bgp(Option(RedistributeInternal(false)))"
        );
        assert_eq!(
            eos(
                &af(AfName::Ipv4Unicast),
                "next-hop resolution ribs tunnel-rib system-tunnel-rib system-unicast-rib"
            ),
            "Benign"
        );
        // Without `always`, EOS sends a default route only while it has one.
        assert!(
            eos(&bgp(), "neighbor 10.0.0.1 default-originate route-map M")
                .contains("DefaultOriginate { route_map: Some(\"M\"), conditional: true }")
        );
        assert!(
            eos(
                &bgp(),
                "neighbor 10.0.0.1 default-originate route-map M always"
            )
            .contains("conditional: false")
        );
        assert!(
            check(Dialect::Ios, &bgp(), "neighbor 10.0.0.1 default-originate")
                .contains("conditional: false")
        );
        assert!(
            eos(&bgp(), "vlan-aware-bundle TENANT")
                .starts_with("Unsupported(\"evpn\") opens Ignored")
        );
    }

    #[test]
    fn garbage_never_panics() {
        for dialect in [Dialect::Ios, Dialect::Eos, Dialect::CiscoNxos, Dialect::Frr] {
            for ctx in [
                bgp(),
                af(AfName::Ipv4Unicast),
                peer(PeerBlock::Neighbor),
                peer_af(PeerBlock::PeerTemplate),
            ] {
                for line in [
                    "neighbor",
                    "neighbor 1.1.1.1 remote-as",
                    "neighbor 1.1.1.1 remote-as 1 2 3",
                    "neighbor 1.1.1.1 route-map",
                    "neighbor x interface",
                    "neighbor x interface v6only",
                    "no neighbor",
                    "template",
                    "template peer",
                    "maximum-paths ibgp",
                    "distance bgp 1",
                    "address-family",
                    "inherit peer-policy",
                    "default-originate route-map",
                    "bgp",
                    "\u{e9}\u{e9} \u{e9}",
                    "remote-as 99999999999",
                ] {
                    let _ = check(dialect, &ctx, line);
                }
            }
        }
        assert!(
            check(Dialect::Ios, &bgp(), "neighbor 1.1.1.1 remote-as 1 2").starts_with("Malformed")
        );
    }
}
