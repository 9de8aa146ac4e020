//! Global configuration: hostname, context openers, static routes, lists, and the explicit list
//! of statements that are irrelevant to routing.

use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net};
use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};
use nom::sequence::preceded;

use super::{
    In, R, Words, asn, full, ipv6_net, kw, kws, lower, malformed, mask_len, name_except, num,
    opens, or_malformed, rest1, starts, stmt, word,
};
use crate::ios::Dialect;
use crate::ios::ast::{self, AclKind, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::Context;
use crate::ios::names::canonical_interface;
use crate::ir;
use crate::ir::policy::CommunityMatcher;

/// First words of global statements that do not affect routing or forwarding. Each may open a
/// block (`line vty`, `crypto pki`, `class-map`...); its indented lines are then ignored too.
const BENIGN: &[&str] = &[
    "aaa",
    "access-session",
    "agentx",
    "alias",
    "archive",
    "arp",
    "authentication",
    "banner",
    "bfd",
    "boot",
    "call-home",
    "cdp",
    "class-map",
    "clock",
    "control-plane",
    "crypto",
    "daemon",
    "debug",
    "diagnostic",
    "dial-peer",
    "dns",
    "dot1x",
    "enable",
    "errdisable",
    "event",
    "event-handler",
    "exception",
    "feature",
    "file",
    "frr",
    "hardware",
    "interface-range",
    "ip-sla",
    "key",
    "license",
    "line",
    "lldp",
    "load-balance",
    "log",
    "logging",
    "login",
    "mac",
    "mac-address-table",
    "management",
    "memory",
    "monitor",
    "multilink",
    "ntp",
    "parser",
    "password",
    "platform",
    "policy-map",
    "port-channel",
    "power",
    "privilege",
    "process-max-time",
    "ptp",
    "queue-monitor",
    "redundancy",
    "rmon",
    "scheduler",
    "secure",
    "security",
    "service",
    "sflow",
    "snmp",
    "snmp-server",
    "spanning-tree",
    "ssh",
    "subscriber",
    "switch",
    "system",
    "tacacs",
    "tacacs-server",
    "radius",
    "radius-server",
    "tap",
    "telemetry",
    "telephony-service",
    "terminal",
    "tftp-server",
    "track",
    "transceiver",
    "udld",
    "username",
    "version",
    "virtual-service",
    "vlan",
    "voice",
    "vpc",
    "vtp",
    "watchdog",
    "userpassphrase",
    "icam",
    "kron",
    "device-tracking",
    "fabric",
    "mlag",
    "cvx",
    "event-monitor",
    // Voice, dial, cable, WAN controllers, platform and management: no IP forwarding effect.
    "memory-size",
    "mgcp",
    "gatekeeper",
    "callhome",
    "controller",
    "dhcprelay",
    "default-value",
    "module",
    "flow-sampler-map",
    "sccp",
    "stcapp",
    "application",
    "call-manager-fallback",
    "dial-control-mib",
    "sip-ua",
    "voice-card",
    "voice-port",
    "vpdn",
    "vpdn-group",
    "l2tp-class",
    "monitor-session",
    "bfd-template",
    "ephone",
    "ephone-dn",
    "ephone-dn-template",
    "commit",
    "service-template",
    "table-map",
    "cable",
    "packetcable",
    "depi",
    "domain-name",
    "dot11",
    "dspfarm",
    "dynamic-access-policy-record",
    "object",
    "vpn",
    "group-policy",
    "webvpn",
    "tunnel-group",
    "wsma",
    "zebra",
    "cts",
    "macro",
    "object-group",
    "template",
    "no-op",
    "nv",
    "power-supply",
    "fan",
    "mmi",
    "domain",
    "switchport",
    "environment",
    "lacp",
    "errdisable-recovery",
    "clock-timezone",
    "dhcp",
    "sla",
    "netconf",
    "netconf-yang",
    "restconf",
    "gnmi",
    "ip-dhcp",
    "vdc",
    "copp",
    "role",
    "configure",
    "cfs",
    "install",
    "boot-start-marker",
    "boot-end-marker",
    "end-policy",
    "stp",
    "openflow",
    "qos",
    "mls",
    "storm-control",
    "vrrp-global",
    "prompt",
    "shell",
    "flow",
    "sampler",
    "performance",
    "tcam",
    "statistics",
];

/// Second words after `ip` at global level that do not affect routing or forwarding.
pub(crate) const BENIGN_IP: &[&str] = &[
    "syslog",
    "adjacency",
    "adjmgr",
    "nbar",
    "internal",
    "mfwd",
    "spd",
    "bgp-community",
    "cef",
    "classless",
    "subnet-zero",
    "domain",
    "domain-name",
    "domain-list",
    "domain-lookup",
    "name-server",
    "http",
    "ssh",
    "forward-protocol",
    "tcp",
    "icmp",
    "dhcp",
    "scp",
    "ftp",
    "tftp",
    "source-route",
    "finger",
    "options",
    "host",
    "default-gateway",
    "flow-export",
    "flow-cache",
    "flow",
    "igmp",
    "pim",
    "radius",
    "tacacs",
    "arp",
    "multicast-routing",
    "multicast",
    "mroute",
    "rcmd",
    "telnet",
    "accounting-threshold",
    "gratuitous-arps",
    "hardware",
    "load-sharing",
    "virtual-router",
    "dns",
    "domain-name",
    "name",
    "bootp",
    "local",
    "auth-proxy",
    "admission",
    "device",
    "wccp",
    "port-map",
    "inspect",
    "audit",
    "ips",
    "sla",
    "client",
    "fib",
    "hardware-forwarding",
    "igmp-snooping",
    "redirects",
    "unreachables",
    "mfib",
    "msdp",
    "sftp",
    "forwarding",
    "protocol",
];

/// Global statements.
pub(crate) fn parse(input: In<'_>) -> Parse<Stmt<'_>> {
    let In { text, dialect, .. } = input;
    let first = input.first();
    match first.as_ref() {
        "hostname" => match full(text, preceded(kw("hostname"), word)) {
            Some(name) => stmt(Stmt::Hostname(name)),
            None => malformed("hostname needs one name"),
        },
        // NX-OS names the device with `switchname` as well as `hostname`.
        "switchname" if dialect == Dialect::CiscoNxos => {
            match full(text, preceded(kw("switchname"), word)) {
                Some(name) => stmt(Stmt::Hostname(name)),
                None => malformed("switchname needs one name"),
            }
        }
        "interface" => interface(input),
        "router" => router(input),
        "route-map" => route_map(input),
        "ip" => ip_statement(input),
        "ipv6" => ipv6_statement(input),
        "access-list" => numbered_acl(input),
        "vrf" => vrf(input),
        "bgp" if dialect == Dialect::Frr || dialect == Dialect::Eos => frr_bgp_lists(input),
        "mpls" => opens(Stmt::Unsupported("mpls"), Context::Ignored("mpls")),
        "segment-routing" => opens(Stmt::Unsupported("segment routing"), Context::Ignored("sr")),
        "route-target" | "pseudowire-class" | "l2vpn" | "xconnect" | "bridge-domain" => {
            opens(Stmt::Unsupported("layer-2 vpn"), Context::Ignored("l2vpn"))
        }
        "nat" => opens(Stmt::Unsupported("nat"), Context::Ignored("nat")),
        // NX-OS: whether Ethernet ports are switchports unless they say `no switchport`. The
        // IR has no device-wide default for it, so a non-default setting is recorded.
        "system" if starts(text, "system default switchport") => {
            if full(text, kws("system default switchport")).is_some() {
                stmt(Stmt::Unsupported("system default switchport"))
            } else {
                stmt(Stmt::Benign)
            }
        }
        // FRR policy-based routing and next-hop groups (used by PBR and sharp routes).
        "pbr-map" if dialect == Dialect::Frr => opens(
            Stmt::Unsupported("policy-based routing"),
            Context::Ignored("pbr-map"),
        ),
        "nexthop-group" if dialect == Dialect::Frr => opens(
            Stmt::Unsupported("nexthop groups"),
            Context::Ignored("nexthop-group"),
        ),
        // NX-OS `evpn` (per-VNI route distinguishers and targets).
        "evpn" => opens(Stmt::Unsupported("evpn"), Context::Ignored("evpn")),
        // IOS zone-based firewall: zones and the policies between them filter traffic.
        "zone" | "zone-pair" => opens(
            Stmt::Unsupported("zone-based firewall"),
            Context::Ignored("zone"),
        ),
        // DNS names for OSPF router ids in `show` output.
        "ospf" | "ospfv3"
            if starts(text, "ospf name-lookup") || starts(text, "ospfv3 name-lookup") =>
        {
            stmt(Stmt::Benign)
        }
        "peer-filter" => opens(
            Stmt::Unsupported("bgp peer filter"),
            Context::Ignored("peer-filter"),
        ),
        "end" | "exit" => stmt(Stmt::Benign),
        // Headers of `show running-config` output.
        _ if is_show_header(text) => stmt(Stmt::Benign),
        w if BENIGN.contains(&w) => opens(Stmt::Benign, Context::Ignored("benign")),
        _ => Parse::NotHere,
    }
}

/// Lines that collection tools capture around a configuration: `show running-config` headers,
/// the pager notice and the echoed prompt (`router1#show running-config`).
fn is_show_header(text: &str) -> bool {
    if text.starts_with("Building configuration")
        || text.starts_with("Current configuration")
        || text == "Pagination disabled."
    {
        return true;
    }
    // `Using 1234 out of 262144 bytes` (IOS `show startup-config`).
    let words = Words::new(text);
    if let ["Using", a, "out", "of", b, "bytes"] = &*words {
        return a.parse::<u64>().is_ok() && b.parse::<u64>().is_ok();
    }
    // `host#show running-config` / `host>show running-config`.
    match text.split_once(['#', '>']) {
        Some((host, command)) => {
            !host.is_empty()
                && !host.contains(char::is_whitespace)
                && command.trim_start().starts_with("show ")
        }
        None => false,
    }
}

fn interface(input: In<'_>) -> Parse<Stmt<'_>> {
    // NX-OS / IOS-XE port breakout: `interface breakout module 1 port 1-4 map 10g-4x`.
    if starts(input.text, "interface breakout") {
        return stmt(Stmt::Benign);
    }
    // `interface range Gi1/0/1 - 24` applies its lines to every port in the range; devices
    // print the ports one by one, so only hand-written files have it.
    if starts(input.text, "interface range") {
        return opens(
            Stmt::Unsupported("interface range"),
            Context::Ignored("interface range"),
        );
    }
    // FRR: `interface swp1 vrf RED` puts the interface in a VRF on its opening line.
    if input.dialect == Dialect::Frr
        && let Some((_, name, _, vrf)) = full(input.text, (kw("interface"), word, kw("vrf"), word))
    {
        if input.negated() {
            return stmt(Stmt::Benign);
        }
        return opens(
            Stmt::Interface(ast::Interface::Vrf(vrf)),
            Context::Interface(name.to_owned()),
        );
    }
    let parsed = full(input.text, (kw("interface"), word, opt(word)));
    let Some((_, name, more)) = parsed else {
        return malformed("interface needs a name");
    };
    // `interface GigabitEthernet 0/0` splits the name; FRR's `interface swp1 vrf RED` adds a VRF.
    let (canonical, vrf) = match more {
        Some(_) if input.dialect == Dialect::Frr => {
            return malformed("unexpected words after the interface name");
        }
        Some(w) if w.starts_with(|c: char| c.is_ascii_digit()) => (
            canonical_interface(&format!("{name}{w}"), input.dialect),
            None,
        ),
        Some(_) => {
            // `interface X vrf Y` (FRR style) in any dialect, or extra words: take the first form.
            match full(input.text, (kw("interface"), word, kw("vrf"), word)) {
                Some((_, n, _, v)) => (canonical_interface(n, input.dialect), Some(v)),
                None => return malformed("unexpected words after the interface name"),
            }
        }
        None => (canonical_interface(name, input.dialect), None),
    };
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    let stmt = match vrf {
        Some(v) => Stmt::Interface(ast::Interface::Vrf(v)),
        None => Stmt::Open(Some(name)),
    };
    opens(stmt, Context::Interface(canonical))
}

fn router(input: In<'_>) -> Parse<Stmt<'_>> {
    let text = input.text;
    if starts(text, "router ospf") {
        let parsed = full(
            text,
            (
                kws("router ospf"),
                opt(name_except(&["vrf"])),
                opt(preceded(kw("vrf"), word)),
            ),
        );
        return match parsed {
            Some((_, id, vrf)) => opens(
                Stmt::Open(id),
                Context::RouterOspf {
                    id: id.unwrap_or("").to_owned(),
                    vrf: vrf.map(str::to_owned),
                },
            ),
            None => malformed("router ospf needs a process id"),
        };
    }
    if starts(text, "router isis") {
        let parsed = full(text, (kws("router isis"), opt(word)));
        return match parsed {
            Some((_, tag)) => opens(
                Stmt::Open(tag),
                Context::RouterIsis {
                    tag: tag.unwrap_or("").to_owned(),
                },
            ),
            None => malformed("router isis takes at most a tag"),
        };
    }
    if starts(text, "router bgp") {
        let parsed = full(
            text,
            (kws("router bgp"), asn, opt(preceded(kw("vrf"), word))),
        );
        return match parsed {
            Some((_, asn, None)) => opens(Stmt::Open(None), Context::RouterBgp { asn }),
            Some((_, _, Some(vrf))) => {
                // FRR: a separate BGP instance per VRF.
                opens(
                    Stmt::Open(Some(vrf)),
                    Context::BgpVrf {
                        vrf: vrf.to_owned(),
                    },
                )
            }
            None => malformed("router bgp needs an AS number"),
        };
    }
    let dialect = input.dialect;
    if starts(text, "router eigrp")
        && matches!(dialect, Dialect::Ios | Dialect::IosXe | Dialect::CiscoNxos)
    {
        let parsed = full(text, (kws("router eigrp"), word));
        return match parsed {
            // IOS named mode (`router eigrp NAME`): its address families and wide metrics
            // are not modelled.
            Some((_, name)) if dialect != Dialect::CiscoNxos && name.parse::<u32>().is_err() => {
                opens(
                    Stmt::Unsupported("eigrp named mode"),
                    Context::Ignored("unsupported routing process"),
                )
            }
            Some((_, tag)) => opens(
                Stmt::Open(Some(tag)),
                Context::RouterEigrp {
                    tag: tag.to_owned(),
                    vrf: None,
                    af: false,
                },
            ),
            None => malformed("router eigrp needs an autonomous system or a tag"),
        };
    }
    for (words, feature) in [
        ("router eigrp", "eigrp"),
        ("router rip", "rip"),
        ("router ospfv3", "ospfv3"),
        ("router odr", "odr"),
        ("router lisp", "lisp"),
        ("router pim", "pim"),
        ("router igmp", "igmp"),
        ("router msdp", "msdp"),
        ("router ripng", "rip"),
        ("router babel", "babel"),
        ("router openfabric", "openfabric"),
        ("router multicast", "multicast"),
        ("router general", "router general"),
        ("router traffic-engineering", "traffic engineering"),
        ("router ospf6", "ospfv3"),
        ("router vrrp", "first-hop redundancy"),
        ("router bfd", "bfd"),
    ] {
        if starts(text, words) {
            let stmt = if matches!(feature, "pim" | "igmp" | "msdp" | "multicast" | "bfd") {
                Stmt::Benign
            } else {
                Stmt::Unsupported(feature)
            };
            return opens(stmt, Context::Ignored("unsupported routing process"));
        }
    }
    Parse::NotHere
}

fn route_map(input: In<'_>) -> Parse<Stmt<'_>> {
    let action = || {
        alt((
            value(ir::Action::Permit, kw("permit")),
            value(ir::Action::Deny, kw("deny")),
        ))
    };
    let parsed = full(
        input.text,
        (kw("route-map"), word, opt(action()), opt(num::<u32>)),
    );
    // NX-OS `route-map NAME pbr-statistics`: counters for policy-based routing.
    if parsed.is_none() && full(input.text, (kw("route-map"), word, kw("pbr-statistics"))).is_some()
    {
        return stmt(Stmt::Benign);
    }
    match parsed {
        Some((_, name, action, seq)) => {
            if input.negated() {
                // `no route-map X [seq]` in a configuration deletes; nothing to open.
                return stmt(Stmt::Benign);
            }
            let _ = action;
            opens(
                Stmt::Open(Some(name)),
                Context::RouteMap {
                    name: name.to_owned(),
                    seq: seq.unwrap_or(10),
                },
            )
        }
        None => malformed("route-map needs a name, permit|deny and a sequence number"),
    }
}

/// The action of a route-map line, which the context does not carry.
pub(crate) fn route_map_action(text: &str) -> ir::Action {
    let deny = full(text, (kw("route-map"), word, kw("deny"), opt(word))).is_some();
    if deny {
        ir::Action::Deny
    } else {
        ir::Action::Permit
    }
}

fn vrf(input: In<'_>) -> Parse<Stmt<'_>> {
    let parsed = full(
        input.text,
        (
            kw("vrf"),
            opt(alt((kw("definition"), kw("instance"), kw("context")))),
            word,
        ),
    );
    match parsed {
        Some((_, _, name)) if !input.negated() => opens(
            Stmt::Open(Some(name)),
            Context::Vrf {
                name: name.to_owned(),
            },
        ),
        Some(_) => stmt(Stmt::Benign),
        None => Parse::NotHere,
    }
}

fn ip_statement(input: In<'_>) -> Parse<Stmt<'_>> {
    let text = input.text;
    let second = lower(text.split_whitespace().nth(1).unwrap_or(""));
    match second.as_ref() {
        "protocol" if input.dialect == Dialect::Frr => protocol_route_map(input),
        "nht" => nht(input),
        // FRR: routes of another kernel table imported into the RIB.
        "import-table" if input.dialect == Dialect::Frr => {
            stmt(Stmt::Unsupported("kernel table import"))
        }
        "table" if input.dialect == Dialect::Frr => stmt(Stmt::Benign),
        // FRR (zebra): `no ip forwarding` turns routing off, like `no ip routing`.
        "forwarding" if input.dialect == Dialect::Frr => match full(text, kws("ip forwarding")) {
            Some(_) => stmt(Stmt::IpRouting(!input.negated(), None)),
            None => malformed("ip forwarding takes no arguments"),
        },
        // EOS: the source address of packets the router itself sends in a VRF.
        "address" if starts(text, "ip address virtual source-nat") => stmt(Stmt::Benign),
        // NX-OS `ip route static bfd IFACE NH`: a BFD session for static next hops.
        "route" if starts(text, "ip route static bfd") => stmt(Stmt::Benign),
        "route" => static_route(input, false),
        "prefix-list" => prefix_list(input, false),
        "community-list" => community_list(input, 2),
        "as-path" if starts(text, "ip as-path regex-mode") => stmt(Stmt::Benign),
        "as-path" => as_path_list(input, 3),
        "access-list" => acl_opener(input, false),
        "vrf" => match full(text, (kws("ip vrf"), word)) {
            Some((_, name)) if !input.negated() => opens(
                Stmt::Open(Some(name)),
                Context::Vrf {
                    name: name.to_owned(),
                },
            ),
            Some(_) => stmt(Stmt::Benign),
            None => Parse::NotHere,
        },
        "routing" => match full(text, (kws("ip routing"), opt(preceded(kw("vrf"), word)))) {
            Some((_, vrf)) => stmt(Stmt::IpRouting(!input.negated(), vrf)),
            None => malformed("ip routing takes only a vrf"),
        },
        "nat" => opens(Stmt::Unsupported("nat"), Context::Ignored("nat")),
        "sla" | "dhcp" | "explicit-path" => opens(Stmt::Benign, Context::Ignored("benign")),
        "extcommunity-list" | "large-community-list" => {
            stmt(Stmt::Unsupported("extended or large community list"))
        }
        "policy-list" => opens(
            Stmt::Unsupported("policy list"),
            Context::Ignored("policy-list"),
        ),
        w if BENIGN_IP.contains(&w) => opens(Stmt::Benign, Context::Ignored("benign")),
        _ => Parse::NotHere,
    }
}

fn ipv6_statement(input: In<'_>) -> Parse<Stmt<'_>> {
    let second = lower(input.text.split_whitespace().nth(1).unwrap_or(""));
    match second.as_ref() {
        "route" => static_route(input, true),
        "prefix-list" => prefix_list(input, true),
        "access-list" => acl_opener(input, true),
        "router" => opens(
            Stmt::Unsupported("ipv6 igp"),
            Context::Ignored("ipv6 router"),
        ),
        "unicast-routing" => match full(
            input.text,
            (kws("ipv6 unicast-routing"), opt(preceded(kw("vrf"), word))),
        ) {
            Some((_, vrf)) => stmt(Stmt::Ipv6Routing(!input.negated(), vrf)),
            None => malformed("ipv6 unicast-routing takes only a vrf"),
        },
        "multicast-routing"
        | "cef"
        | "dhcp"
        | "nd"
        | "local"
        | "icmp"
        | "global-mtu"
        | "enable-acl-cam-sharing"
        | "adjacency-stale-timer"
        | "adjacency"
        | "ioam"
        | "host"
        | "name-server"
        | "hardware"
        | "mfib"
        | "pim"
        | "mld"
        | "neighbor"
        | "source-route"
        | "flow"
        | "general-prefix"
        | "domain-name"
        | "tcp"
        | "ssh"
        | "http" => opens(Stmt::Benign, Context::Ignored("benign")),
        "protocol" if input.dialect == Dialect::Frr => protocol_route_map(input),
        "nht" => nht(input),
        "forwarding" if input.dialect == Dialect::Frr => {
            match full(input.text, kws("ipv6 forwarding")) {
                Some(_) => stmt(Stmt::Ipv6Routing(!input.negated(), None)),
                None => malformed("ipv6 forwarding takes no arguments"),
            }
        }
        "community-list" | "extcommunity-list" => {
            stmt(Stmt::Unsupported("extended or large community list"))
        }
        "multicast" => stmt(Stmt::Benign),
        _ => Parse::NotHere,
    }
}

/// FRR `ip|ipv6 nht ...`: next-hop tracking. Resolving next hops through the default route
/// changes which BGP routes are usable, so it is recorded; the rest is timing.
fn nht(input: In<'_>) -> Parse<Stmt<'_>> {
    let lower = input.text.to_ascii_lowercase();
    if lower.split_whitespace().any(|w| w == "resolve-via-default") {
        stmt(Stmt::Unsupported(
            "next-hop resolution via the default route",
        ))
    } else {
        stmt(Stmt::Benign)
    }
}

/// FRR `ip|ipv6 protocol PROTOCOL route-map NAME`.
fn protocol_route_map(input: In<'_>) -> Parse<Stmt<'_>> {
    match full(
        input.text,
        (word, kw("protocol"), word, kw("route-map"), word),
    ) {
        Some(_) if input.negated() => stmt(Stmt::Benign),
        Some((_, _, _, _, name)) => stmt(Stmt::FibRouteMap(name)),
        None => malformed("ip protocol needs a protocol and a route-map"),
    }
}

/// `ip route [vrf V] PREFIX [MASK] (NH-IP | IFACE [NH-IP] | Null0 | blackhole) [DIST] [tag T]
/// [name N] [permanent] [track N] [vrf V (FRR)]`.
fn static_route(input: In<'_>, ipv6: bool) -> Parse<Stmt<'_>> {
    let words = Words::new(input.text);
    let mut i = 2;
    let mut route = ast::StaticRoute {
        vrf: None,
        prefix: IpNet::V4(Ipv4Net::default()),
        next_hop_ip: None,
        interface: None,
        distance: None,
        tag: None,
        name: None,
        permanent: false,
        next_hop_vrf: None,
        unsupported: None,
    };
    if words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("vrf")) {
        route.vrf = words.get(i + 1).copied();
        i += 2;
    }
    // Destination.
    let Some(dest) = words.get(i) else {
        return malformed("ip route needs a destination");
    };
    if ipv6 {
        match ipv6_net(dest) {
            Ok((_, net)) => route.prefix = IpNet::V6(net.trunc()),
            Err(_) => return malformed("invalid IPv6 prefix"),
        }
        i += 1;
    } else if dest.contains('/') {
        match dest.parse::<Ipv4Net>() {
            Ok(net) => route.prefix = IpNet::V4(net.trunc()),
            Err(_) => return malformed("invalid prefix"),
        }
        i += 1;
    } else {
        let Some(mask) = words.get(i + 1) else {
            return malformed("ip route needs a mask");
        };
        match address_and_mask(dest, mask) {
            Some(net) => route.prefix = IpNet::V4(net.trunc()),
            None => return malformed("invalid destination or mask"),
        }
        i += 2;
    }
    // Next hop: an address, an interface, or an interface and an address.
    let Some(&first) = words.get(i) else {
        return malformed("ip route needs a next hop");
    };
    if let Ok(addr) = first.parse::<IpAddr>() {
        route.next_hop_ip = Some(addr);
        i += 1;
    } else if first.eq_ignore_ascii_case("blackhole") || first.eq_ignore_ascii_case("reject") {
        route.interface = Some("Null0");
        i += 1;
    } else if first
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && !is_static_keyword(first)
    {
        route.interface = Some(first);
        i += 1;
        // `ip route 0.0.0.0 0.0.0.0 Loopback 66`: IOS accepts the number as a separate word
        // (FRR interface names such as `lo` are whole, and a number after them is a distance).
        if input.dialect != Dialect::Frr
            && !first.contains(|c: char| c.is_ascii_digit())
            && let Some(&number) = words.get(i)
            && number.starts_with(|c: char| c.is_ascii_digit())
            && number.parse::<IpAddr>().is_err()
        {
            route.interface = Some(super::span_words(input.text, first, number));
            i += 1;
        }
        if let Some(addr) = words.get(i).and_then(|w| w.parse::<IpAddr>().ok()) {
            route.next_hop_ip = Some(addr);
            i += 1;
        }
    } else {
        return malformed("ip route needs a next-hop address or interface");
    }
    // Options.
    while let Some(&w) = words.get(i) {
        let option = lower(w);
        let next = words.get(i + 1).copied();
        match option.as_ref() {
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
            "name" | "description" => {
                route.name = next;
                i += 2;
            }
            "permanent" => {
                route.permanent = true;
                i += 1;
            }
            "track" => {
                route.unsupported = Some("tracked static route");
                i += 2;
            }
            // FRR `vrf V` after the next hop is the route's own VRF; FRR `nexthop-vrf V` and
            // NX-OS `vrf V` after the next hop name the next hop's VRF (route leaking).
            "vrf" if input.dialect == Dialect::Frr => {
                let Some(v) = next else {
                    return malformed("vrf needs a name");
                };
                route.vrf = Some(v);
                i += 2;
            }
            "nexthop-vrf" if input.dialect == Dialect::Frr => {
                let Some(v) = next else {
                    return malformed("nexthop-vrf needs a name");
                };
                route.next_hop_vrf = Some(v);
                i += 2;
            }
            "vrf" if input.dialect == Dialect::CiscoNxos => {
                let Some(v) = next else {
                    return malformed("vrf needs a name");
                };
                route.next_hop_vrf = Some(v);
                i += 2;
            }
            "global" | "dhcp" | "multicast" | "bfd" | "label" | "onlink" => {
                route.unsupported = Some("static route option");
                i += 1;
            }
            "metric" | "preference" => {
                route.distance = next.and_then(|d| d.parse().ok());
                i += 2;
            }
            _ => return malformed(format!("unexpected `{w}` in ip route")),
        }
    }
    stmt(Stmt::StaticRoute(route))
}

/// `ADDRESS MASK` given as two words (an address without a `/`), as [`super::ipv4_addr_mask`] reads
/// them from one string.
fn address_and_mask(address: &str, mask: &str) -> Option<Ipv4Net> {
    let address = address.parse().ok()?;
    let len = mask_len(mask.parse().ok()?)?;
    Ipv4Net::new(address, len).ok()
}

fn is_static_keyword(w: &str) -> bool {
    ["tag", "name", "permanent", "track", "vrf"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(w))
}

fn action(i: &str) -> R<'_, ir::Action> {
    alt((
        value(ir::Action::Permit, kw("permit")),
        value(ir::Action::Deny, kw("deny")),
    ))
    .parse(i)
}

/// `ip prefix-list NAME [seq N] permit|deny P [ge G] [le L]` (and `description`, `seq-ignore`).
fn prefix_list(input: In<'_>, ipv6: bool) -> Parse<Stmt<'_>> {
    let text = input.text;
    let head = |i| (word, kw("prefix-list"), word).parse(i);
    // Most lines are entries: the word count and the fourth word rule out the other forms
    // before any of them is parsed.
    let words = Words::new(text);
    let fourth = |k: &str| words.get(3).is_some_and(|w| w.eq_ignore_ascii_case(k));
    if fourth("description") && full(text, (head, kw("description"), rest1)).is_some()
        || input.negated()
            && words.len() <= 4
            && full(text, (head, opt(kw("sequence-number")))).is_some()
        || words.len() == 3
            && full(text, (kw("ip"), kw("prefix-list"), kw("sequence-number"))).is_some()
    {
        return stmt(Stmt::Benign);
    }
    if words.len() == 3 && full(text, head).is_some() {
        // EOS block form: `ip prefix-list NAME` then indented `seq N permit P` lines.
        let name = text.split_whitespace().nth(2).unwrap_or("");
        return opens(
            Stmt::Open(Some(name)),
            Context::PrefixListBlock {
                name: name.to_owned(),
                ipv6,
            },
        );
    }
    let parsed = full(
        text,
        (
            head,
            opt(preceded(kw("seq"), num::<u32>)),
            action,
            word,
            length_range,
        ),
    );
    let Some(((_, _, name), seq, action, prefix, (ge, le))) = parsed else {
        return malformed("invalid prefix-list entry");
    };
    prefix_list_entry(name, ipv6, seq, action, prefix, ge, le)
}

/// The length range of a prefix-list entry: `[ge G] [le L]` in either order, or EOS `eq N`
/// (exactly N, the same as `ge N le N`).
pub(crate) fn length_range(i: &str) -> R<'_, (Option<u8>, Option<u8>)> {
    if let Ok((rest, (_, n))) = (kw("eq"), num::<u8>).parse(i) {
        return Ok((rest, (Some(n), Some(n))));
    }
    let (i, ge) = opt(preceded(kw("ge"), num::<u8>)).parse(i)?;
    let (i, le) = opt(preceded(kw("le"), num::<u8>)).parse(i)?;
    let (i, ge2) = opt(preceded(kw("ge"), num::<u8>)).parse(i)?;
    if ge.is_some() && ge2.is_some() {
        return Err(nom::Err::Error(()));
    }
    Ok((i, (ge.or(ge2), le)))
}

/// Builds a prefix-list entry statement, checking the prefix and lengths.
pub(crate) fn prefix_list_entry<'a>(
    name: &'a str,
    ipv6: bool,
    seq: Option<u32>,
    action: ir::Action,
    prefix: &str,
    ge: Option<u8>,
    le: Option<u8>,
) -> Parse<Stmt<'a>> {
    let prefix: Option<IpNet> = if prefix.eq_ignore_ascii_case("any") {
        Some(if ipv6 {
            "::/0".parse().ok()
        } else {
            "0.0.0.0/0".parse().ok()
        })
        .flatten()
    } else {
        prefix.parse::<IpNet>().ok().map(|p| p.trunc())
    };
    let Some(prefix) = prefix else {
        return malformed("invalid prefix in prefix-list");
    };
    if prefix.addr().is_ipv6() != ipv6 {
        return malformed("prefix of the wrong address family");
    }
    let max = prefix.max_prefix_len();
    if ge.is_some_and(|g| g > max || g < prefix.prefix_len())
        || le.is_some_and(|l| l > max || l < prefix.prefix_len())
        || matches!((ge, le), (Some(g), Some(l)) if g > l)
    {
        return malformed("ge/le out of range for the prefix");
    }
    stmt(Stmt::PrefixList(ast::PrefixListEntry {
        name,
        ipv6,
        seq,
        action,
        prefix,
        ge,
        le,
    }))
}

/// `ip community-list [standard|expanded|regexp] NAME [seq N] permit|deny VALUES...`
/// (`skip` words precede the kind).
fn community_list(input: In<'_>, skip: usize) -> Parse<Stmt<'_>> {
    let words = Words::new(input.text);
    let mut i = skip;
    let mut kind = None;
    if let Some(w) = words.get(i) {
        let w = w.to_ascii_lowercase();
        if ["standard", "expanded", "regexp"].contains(&w.as_str()) {
            kind = Some(w);
            i += 1;
        }
    }
    let Some(&name) = words.get(i) else {
        return malformed("community-list needs a name");
    };
    i += 1;
    if words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("seq")) {
        i += 2;
    }
    let action = match words.get(i).map(|w| w.to_ascii_lowercase()).as_deref() {
        Some("permit") => ir::Action::Permit,
        Some("deny") => ir::Action::Deny,
        _ if input.negated() => return stmt(Stmt::Benign),
        _ => return malformed("community-list entry needs permit or deny"),
    };
    i += 1;
    let values = &words[i.min(words.len())..];
    if values.is_empty() {
        return malformed("community-list entry needs a value");
    }
    let expanded = match kind.as_deref() {
        Some("expanded") | Some("regexp") => true,
        Some(_) => false,
        // Numbered lists: 1-99 standard, 100-500 expanded. EOS/FRR names: standard unless the
        // values cannot be communities.
        None => match name.parse::<u32>() {
            Ok(n) => n >= 100,
            Err(_) => !values.iter().all(|v| is_community_literal(v)),
        },
    };
    let matcher = if expanded {
        // The regex is the rest of the line after the action, as written.
        let rest = unquote(rest_after_words(input.text, i));
        CommunityMatcher::Regex(rest.to_owned())
    } else {
        if !values.iter().all(|v| is_community_literal(v)) {
            return malformed("standard community-list values must be communities");
        }
        CommunityMatcher::All(values.iter().map(|v| (*v).to_owned()).collect())
    };
    stmt(Stmt::CommunityList(ast::CommunityListEntry {
        name,
        action,
        matcher,
    }))
}

/// True for `65000:1`, a 32-bit number, or a well-known community name.
pub(crate) fn is_community_literal(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if [
        "internet",
        "no-export",
        "no-advertise",
        "local-as",
        "no-peer",
        "gshut",
        "graceful-shutdown",
        "blackhole",
        "accept-own",
    ]
    .contains(&lower.as_str())
    {
        return true;
    }
    match v.split_once(':') {
        Some((a, b)) => a.parse::<u16>().is_ok() && b.parse::<u16>().is_ok(),
        None => v.parse::<u32>().is_ok(),
    }
}

/// A regular expression without the double quotes NX-OS writes around it.
fn unquote(regex: &str) -> &str {
    match regex.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner,
        None => regex,
    }
}

/// The text after the first `n` words of `text`.
pub(crate) fn rest_after_words(text: &str, n: usize) -> &str {
    let mut rest = text.trim_start();
    for _ in 0..n {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[end..].trim_start();
    }
    rest.trim_end()
}

/// `ip as-path access-list NAME [seq N] permit|deny REGEX` (`skip` words before the name).
fn as_path_list(input: In<'_>, skip: usize) -> Parse<Stmt<'_>> {
    let words = Words::new(input.text);
    let mut i = skip;
    if !words
        .get(i - 1)
        .is_some_and(|w| w.eq_ignore_ascii_case("access-list"))
    {
        return Parse::NotHere;
    }
    let Some(&name) = words.get(i) else {
        return malformed("as-path access-list needs a name");
    };
    i += 1;
    if words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("seq")) {
        i += 2;
    }
    let action = match words.get(i).map(|w| w.to_ascii_lowercase()).as_deref() {
        Some("permit") => ir::Action::Permit,
        Some("deny") => ir::Action::Deny,
        _ if input.negated() => return stmt(Stmt::Benign),
        _ => return malformed("as-path access-list entry needs permit or deny"),
    };
    let regex = unquote(rest_after_words(input.text, i + 1));
    if regex.is_empty() {
        return malformed("as-path access-list entry needs a regular expression");
    }
    stmt(Stmt::AsPathList(ast::AsPathEntry {
        name,
        action,
        regex,
    }))
}

/// FRR / EOS `bgp community-list ...` and `bgp as-path access-list ...`.
fn frr_bgp_lists(input: In<'_>) -> Parse<Stmt<'_>> {
    let second = input
        .text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    match second.as_ref() {
        "community-list" => community_list(input, 2),
        "as-path" => as_path_list(input, 3),
        "extcommunity-list" | "large-community-list" => {
            stmt(Stmt::Unsupported("extended or large community list"))
        }
        _ => Parse::NotHere,
    }
}

/// `ip access-list [standard|extended] NAME` opens an ACL context.
pub(crate) fn acl_opener(input: In<'_>, ipv6: bool) -> Parse<Stmt<'_>> {
    let text = input.text;
    let kind = || {
        opt(alt((
            value(true, kw("standard")),
            value(false, kw("extended")),
        )))
    };
    let parsed = full(text, (word, kw("access-list"), kind(), word));
    match parsed {
        Some((_, _, standard, name)) => {
            if [
                "logging",
                "log-update",
                "resequence",
                "counters",
                "match-local-traffic",
            ]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(name))
            {
                return stmt(Stmt::Benign);
            }
            if input.negated() {
                return stmt(Stmt::Benign);
            }
            opens(
                Stmt::Open(Some(name)),
                Context::Acl {
                    name: name.to_owned(),
                    standard: standard.unwrap_or(false),
                    ipv6,
                },
            )
        }
        None => match full(text, (word, kw("access-list"), rest1)) {
            Some(_) => stmt(Stmt::Benign),
            None => malformed("ip access-list needs a name"),
        },
    }
}

/// `access-list N permit|deny ...` (numbered IOS lists) and FRR `access-list NAME [seq N]
/// permit|deny PREFIX|any`.
fn numbered_acl(input: In<'_>) -> Parse<Stmt<'_>> {
    let words = Words::new(input.text);
    let Some(&name) = words.get(1) else {
        return malformed("access-list needs a number");
    };
    if words
        .get(2)
        .is_some_and(|w| w.eq_ignore_ascii_case("remark"))
        || input.negated()
        || name.eq_ignore_ascii_case("dynamic-extended")
    {
        return stmt(Stmt::Benign);
    }
    let number = name.parse::<u32>().ok();
    // 700-799 and 1100-1199 are MAC address lists (layer 2).
    if number.is_some_and(|n| (700..=799).contains(&n) || (1100..=1199).contains(&n)) {
        return stmt(Stmt::Benign);
    }
    let standard = match number {
        Some(n) => (1..=99).contains(&n) || (1300..=1999).contains(&n),
        None => true,
    };
    let rest = rest_after_words(input.text, 2);
    let rest = match rest.split_once(char::is_whitespace) {
        Some((seq, tail)) if seq.eq_ignore_ascii_case("seq") => rest_after_words(tail, 1),
        _ => rest,
    };
    match super::acl::acl_line(rest, standard, false) {
        Some(line) => stmt(Stmt::AclLine(
            Some(name),
            AclKind {
                standard,
                ipv6: false,
            },
            line,
        )),
        None => or_malformed(None, "access-list"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ios::bind::Polarity;

    fn parse_ios(text: &str) -> Parse<Stmt<'_>> {
        parse(In {
            text,
            polarity: Polarity::Set,
            dialect: Dialect::Ios,
        })
    }

    #[track_caller]
    fn route(text: &str) -> ast::StaticRoute<'_> {
        match parse_ios(text) {
            Parse::Stmt {
                stmt: Stmt::StaticRoute(r),
                ..
            } => r,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn static_route_forms() {
        let r = route("ip route 10.0.0.0 255.0.0.0 192.0.2.1");
        assert_eq!(r.prefix.to_string(), "10.0.0.0/8");
        assert_eq!(r.next_hop_ip, Some("192.0.2.1".parse().unwrap()));
        let r = route(
            "ip route vrf RED 0.0.0.0 0.0.0.0 GigabitEthernet0/1 10.0.0.1 250 tag 7 name up permanent",
        );
        assert_eq!(r.vrf, Some("RED"));
        assert_eq!(r.interface, Some("GigabitEthernet0/1"));
        assert_eq!(r.distance, Some(250));
        assert_eq!(r.tag, Some(7));
        assert_eq!(r.name, Some("up"));
        assert!(r.permanent);
        let r = route("ip route 10.1.0.0/16 Null0");
        assert_eq!(r.interface, Some("Null0"));
        assert!(matches!(
            parse_ios("ip route 10.0.0.0 255.0.0.0"),
            Parse::Malformed(_)
        ));
        assert!(matches!(
            parse_ios("ip route 10.0.0.0 255.0.255.0 1.1.1.1"),
            Parse::Malformed(_)
        ));
    }

    #[test]
    fn prefix_list_entries() {
        match parse_ios("ip prefix-list PL seq 5 deny 2.0.0.0/8 le 32") {
            Parse::Stmt {
                stmt: Stmt::PrefixList(e),
                ..
            } => {
                assert_eq!(
                    (e.name, e.seq, e.action, e.le),
                    ("PL", Some(5), ir::Action::Deny, Some(32))
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_ios("ip prefix-list PL seq 5 permit 10.0.0.0/8 le 7"),
            Parse::Malformed(_)
        ));
        assert!(matches!(
            parse_ios("ip prefix-list PL description hello"),
            Parse::Stmt {
                stmt: Stmt::Benign,
                ..
            }
        ));
    }

    #[test]
    fn community_lists() {
        match parse_ios("ip community-list expanded as1_community permit _1:") {
            Parse::Stmt {
                stmt: Stmt::CommunityList(e),
                ..
            } => {
                assert_eq!(e.matcher, CommunityMatcher::Regex("_1:".into()));
            }
            other => panic!("{other:?}"),
        }
        match parse_ios("ip community-list 10 permit 65000:1 no-export") {
            Parse::Stmt {
                stmt: Stmt::CommunityList(e),
                ..
            } => {
                assert_eq!(
                    e.matcher,
                    CommunityMatcher::All(vec!["65000:1".into(), "no-export".into()])
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn openers_open() {
        assert!(matches!(
            parse_ios("router ospf 1"),
            Parse::Stmt {
                opens: Some(Context::RouterOspf { .. }),
                ..
            }
        ));
        assert!(matches!(
            parse_ios("router bgp 65000"),
            Parse::Stmt {
                opens: Some(Context::RouterBgp { asn: 65000 }),
                ..
            }
        ));
        assert!(
            matches!(parse_ios("interface Gi0/0"), Parse::Stmt { opens: Some(Context::Interface(n)), .. } if n == "GigabitEthernet0/0")
        );
        assert!(matches!(
            parse_ios("route-map RM deny 20"),
            Parse::Stmt {
                opens: Some(Context::RouteMap { seq: 20, .. }),
                ..
            }
        ));
        assert!(matches!(
            parse_ios("line vty 0 4"),
            Parse::Stmt {
                opens: Some(Context::Ignored(_)),
                ..
            }
        ));
        assert!(matches!(parse_ios("frobnicate now"), Parse::NotHere));
    }

    fn check(line: &str) -> String {
        super::super::check_line(&Context::Global, line)
    }

    #[test]
    fn dialect_global_statements() {
        assert_eq!(check("nxos: switchname n9k-1"), "Hostname(\"n9k-1\")");
        assert_eq!(check("switchname n9k-1"), "NotHere");
        assert_eq!(check("ipv6 unicast-routing"), "Ipv6Routing(true, None)");
        assert_eq!(
            check("eos: no ipv6 unicast-routing vrf RED"),
            "Ipv6Routing(false, Some(\"RED\"))"
        );
        assert_eq!(check("ipv6 frobnicate"), "NotHere");
        assert_eq!(check("nxos: route-map PBR pbr-statistics"), "Benign");
        assert_eq!(
            check("nxos: ip route static bfd Ethernet1/1 10.0.0.1"),
            "Benign"
        );
        assert_eq!(
            check("eos: ip address virtual source-nat vrf T address 10.0.0.1"),
            "Benign"
        );
    }

    #[test]
    fn capture_artifacts_are_recognised_precisely() {
        assert_eq!(check("Building configuration..."), "Benign");
        assert_eq!(check("Using 1234 out of 262144 bytes"), "Benign");
        assert_eq!(check("eos: a1awesomehost#show running-config"), "Benign");
        assert_eq!(check("eos: Pagination disabled."), "Benign");
        assert_eq!(check("Using many out of 2 bytes"), "NotHere");
        assert_eq!(check("x#y"), "NotHere");
    }

    #[test]
    fn next_hop_vrfs() {
        // IOS names the route's VRF before the prefix, never after the next hop.
        assert!(check("ip route 10.0.0.0/8 10.1.1.1 vrf OTHER").starts_with("Malformed"));
        let nxos = super::super::check_line(
            &Context::Global,
            "nxos: ip route 10.0.9.0/24 10.255.2.254 vrf vrf2 track 500 name foo 5 tag 1000",
        );
        assert!(nxos.contains("next_hop_vrf: Some(\"vrf2\")"), "{nxos}");
        assert!(nxos.contains("distance: Some(5)"), "{nxos}");
        let frr = super::super::check_line(
            &Context::Global,
            "frr: ip route 10.0.0.0/8 10.1.1.1 nexthop-vrf BLUE",
        );
        assert!(frr.contains("next_hop_vrf: Some(\"BLUE\")"), "{frr}");
        let frr = super::super::check_line(
            &Context::Global,
            "frr: ip route 10.0.0.0/8 10.1.1.1 vrf RED",
        );
        assert!(
            frr.contains("vrf: Some(\"RED\")") && frr.contains("next_hop_vrf: None"),
            "{frr}"
        );
        assert!(
            super::super::check_line(&Context::Global, "nxos: ip route 10.0.0.0/8 10.1.1.1 vrf")
                .starts_with("Malformed")
        );
    }
}
