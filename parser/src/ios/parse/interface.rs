//! Interface mode.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};
use nom::sequence::preceded;

use super::{In, full, ipv4_addr_mask, kw, kws, malformed, num, opens, rest1, starts, stmt, word};
use crate::ios::Dialect;
use crate::ios::ast::{Interface, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::Context;
use crate::ir::interface::OspfNetworkType;
use crate::ir::routing::IsisLevel;

/// First words of interface statements that do not affect layer-3 forwarding.
const BENIGN: &[&str] = &[
    "duplex",
    "negotiation",
    "media-type",
    "cdp",
    "lldp",
    "load-interval",
    "keepalive",
    "logging",
    "spanning-tree",
    "storm-control",
    "mls",
    "service-policy",
    "hold-queue",
    "tx-ring-limit",
    "carrier-delay",
    "bfd",
    "dampening",
    "arp",
    "mac-address",
    "udld",
    "flowcontrol",
    "snmp",
    "power",
    "priority-queue",
    "wrr-queue",
    "rcv-queue",
    "qos",
    "trust",
    "auto",
    "macro",
    "srr-queue",
    "queue-set",
    "authentication",
    "dot1x",
    "mab",
    "ptp",
    "lacp",
    "link-debounce",
    "error-detection",
    "errdisable",
    "sflow",
    "hardware",
    "platform",
    "small-frame",
    "fabric",
    "nameif",
    "security-level",
    "load-balance",
    "no-op",
    "autostate",
    "beacon",
    "medium",
    "transceiver",
    "phy",
    "fec",
    "traffic-loopback",
    "l2-mtu",
    "link-state",
    "channel-protocol",
    "rate-limit",
    "clock",
    "ppp",
    "shape",
    "unidirectional",
    "poe",
    "energywise",
    "vpc",
    "port-type",
    "lldp-agent",
    "multicast",
    "link",
    "ethernet",
    "network-policy",
    "location",
    "routing",
    "source",
    "mop",
    "priority-flow-control",
    "negotiate",
    "mdix",
    "linkdebounce",
    // EOS `show running-config all` defaults and layer-2 / multicast / QoS settings.
    "ntp",
    "mac",
    "l2",
    "l2-protocol",
    "error-correction",
    "mvrp",
    "msrp",
    "dcbx",
    "pim",
    "mld",
    "igmp",
    "mfib",
    "rip",
    "tcp",
    "flow",
    "dhcp",
    // IOS `show running-config all` defaults.
    "h323-gateway",
    "bgp-policy",
    "clns",
    "mka",
    "synchronous",
    "network-clock",
    "flow-sampler",
    // FRR: interface state follows the link.
    "link-detect",
    // EOS QoS profiles and port-channel membership limits.
    "service-profile",
    "port-channel",
    // DOCSIS cable interfaces.
    "cable",
    "downstream",
];

/// First words of interface statements that open a sub-mode irrelevant to layer-3 forwarding;
/// the sub-mode's lines are absorbed.
const BENIGN_BLOCKS: &[&str] = &[
    "pvc",
    "tx-queue",
    "uc-tx-queue",
    "mc-tx-queue",
    "service-instance",
];

/// Second words after `ip` in interface mode that do not affect forwarding.
const BENIGN_IP: &[&str] = &[
    "mfib",
    "cef",
    "redirects",
    "unreachables",
    "proxy-arp",
    "directed-broadcast",
    "mroute-cache",
    "route-cache",
    "helper-address",
    "pim",
    "igmp",
    "flow",
    "nbar",
    "tcp",
    "dhcp",
    "mask-reply",
    "virtual-reassembly",
    "accounting",
    "local-proxy-arp",
    "arp",
    "cgmp",
    "sap",
    "sdr",
    "multicast",
    "irdp",
    "wccp",
    "ips",
    "inspect",
    "auth-proxy",
    "admission",
    "information-reply",
    "load-sharing",
    "port-unreachable",
    "ddns",
    "dns",
    "host-reachability",
    "split-horizon",
    "hello-interval",
    "bandwidth-percent",
    "authentication",
    "rip",
    "sticky-arp",
    "forward",
    "hold-time",
    "nhrp",
    "icmp",
];

/// Interface statements.
pub(crate) fn parse<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In {
        text,
        polarity: _,
        dialect,
    } = input;
    let neg = input.negated();
    let first = input.first();
    let iface = |i: Interface<'a>| stmt(Stmt::Interface(i));
    match first.as_ref() {
        "description" => match full(text, (kw("description"), rest1)) {
            Some((_, d)) => stmt(Stmt::Description(d)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("description needs text"),
        },
        "shutdown" if full(text, kw("shutdown")).is_some() => iface(Interface::Shutdown(!neg)),
        // NX-OS `show run all` prints `no shutdown lan` (a port-profile knob).
        "shutdown" if full(text, kws("shutdown lan")).is_some() => stmt(Stmt::Benign),
        "disable" if dialect == Dialect::Frr => iface(Interface::Shutdown(!neg)),
        // `delay N`, in tens of microseconds (IOS and NX-OS).
        "delay" => match full(text, (kw("delay"), num::<u32>)) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, d)) => iface(Interface::Delay(d)),
            None => stmt(Stmt::Unsupported("interface delay")),
        },
        "bandwidth" => match full(text, (kw("bandwidth"), opt(kw("inherit")), num::<u64>)) {
            Some((_, _, b)) => iface(Interface::Bandwidth(b)),
            None if neg => stmt(Stmt::Benign),
            None => stmt(Stmt::Benign),
        },
        "speed" => match full(text, (kw("speed"), opt(kw("forced")), word)) {
            Some((_, _, s)) => match parse_speed(s) {
                Some(mbps) => iface(Interface::Speed(mbps)),
                None => stmt(Stmt::Benign),
            },
            None => stmt(Stmt::Benign),
        },
        "mtu" => match full(text, (kw("mtu"), num::<u32>)) {
            Some((_, m)) => iface(Interface::Mtu(m)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("mtu needs a number"),
        },
        "switchport" => {
            if full(text, kw("switchport")).is_some() {
                iface(Interface::Switchport(!neg))
            } else {
                stmt(Stmt::Benign)
            }
        }
        "encapsulation" => match full(
            text,
            (kw("encapsulation"), kw("dot1q"), num::<u32>, opt(rest1)),
        ) {
            Some((_, _, vlan, _)) => iface(Interface::Dot1q(vlan)),
            None => stmt(Stmt::Benign),
        },
        "channel-group" => match full(text, (kw("channel-group"), word, opt(rest1))) {
            Some((_, group, _)) if !neg => stmt(Stmt::Interface(Interface::ChannelGroup(group))),
            _ => stmt(Stmt::Benign),
        },
        "vrf" => {
            let parsed = full(
                text,
                (kw("vrf"), opt(alt((kw("forwarding"), kw("member")))), word),
            );
            match parsed {
                Some((_, _, v)) if !neg => stmt(Stmt::Interface(Interface::Vrf(v))),
                Some(_) => stmt(Stmt::Benign),
                // `no vrf member` / `no vrf forwarding`: in a file, the default VRF.
                None if neg => stmt(Stmt::Benign),
                None => malformed("vrf needs a name"),
            }
        }
        "ip" => ip(input),
        "isis" => isis(input),
        "standby" | "vrrp" | "glbp" => stmt(Stmt::Unsupported("first-hop redundancy")),
        // NX-OS `hsrp N` opens a block of group settings.
        "hsrp" if neg => stmt(Stmt::Benign),
        "hsrp" => opens(
            Stmt::Unsupported("first-hop redundancy"),
            Context::Ignored("hsrp group"),
        ),
        // VXLAN tunnel interfaces (NX-OS `interface nve1`, EOS `interface Vxlan1`).
        "vxlan" | "host-reachability" | "source-interface" => stmt(Stmt::Unsupported("vxlan")),
        // NX-OS `member vni N` opens the VNI's flooding settings (mcast-group, replication).
        "member" if starts(text, "member vni") => {
            opens(Stmt::Unsupported("vxlan"), Context::Ignored("member vni"))
        }
        "tunnel" => stmt(Stmt::Unsupported("tunnel")),
        // FRR: a pbr-map applied to the interface's incoming traffic.
        "pbr-policy" => stmt(Stmt::Unsupported("policy-based routing")),
        "crypto" => stmt(Stmt::Unsupported("crypto map")),
        "xconnect" | "mpls" => stmt(Stmt::Unsupported("mpls")),
        "ipv4" if dialect == Dialect::IosXr => ip(input),
        "ipv6" => ipv6(input),
        // EOS flowspec filtering on the interface drops traffic by BGP-learned rules.
        "flow-spec" => stmt(Stmt::Unsupported("bgp flowspec")),
        // IOS zone-based firewall: traffic between zones is dropped unless a zone pair allows it.
        "zone-member" => stmt(Stmt::Unsupported("zone-based firewall")),
        // EOS `evpn ethernet-segment` opens the multihoming settings of the port.
        // EOS `mlag N` on a port-channel: the MLAG interface id (layer 2).
        "mlag" if full(text, (kw("mlag"), num::<u32>)).is_some() || neg => stmt(Stmt::Benign),
        "evpn" if neg => stmt(Stmt::Benign),
        "evpn" => opens(
            Stmt::Unsupported("evpn"),
            Context::Ignored("evpn ethernet-segment"),
        ),
        // IOS `service instance N ethernet` (EVC) opens a layer-2 sub-mode.
        "service" if starts(text, "service instance") => {
            opens(Stmt::Benign, Context::Ignored("service instance"))
        }
        w if BENIGN_BLOCKS.contains(&w) => opens(Stmt::Benign, Context::Ignored("benign")),
        w if BENIGN.contains(&w) => stmt(Stmt::Benign),
        _ => Parse::NotHere,
    }
}

fn parse_speed(s: &str) -> Option<u64> {
    let lower = s.to_ascii_lowercase();
    if let Ok(n) = lower.parse::<u64>() {
        return Some(n);
    }
    let (digits, unit) = lower.split_at(lower.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = digits.parse().ok()?;
    match unit {
        // Checked: `speed 99999999999999999g` wrapped to a small, wrong speed.
        "g" | "gfull" | "gig" => n.checked_mul(1000),
        "m" | "mfull" => Some(n),
        _ => None,
    }
}

fn ip<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    let neg = input.negated();
    let second = super::lower(text.split_whitespace().nth(1).unwrap_or(""));
    let iface = |i: Interface<'a>| stmt(Stmt::Interface(i));
    match second.as_ref() {
        "address" => {
            if neg {
                return iface(Interface::NoAddress);
            }
            // NX-OS adds `route-preference N` and `tag T` for the connected route.
            let route_options = opt((
                opt(preceded(kw("route-preference"), num::<u8>)),
                opt(preceded(kw("tag"), num::<u32>)),
            ));
            let parsed = full(
                text,
                (
                    word,
                    kw("address"),
                    ipv4_addr_mask,
                    opt(kw("secondary")),
                    route_options,
                ),
            );
            match parsed {
                Some((_, _, net, secondary, options)) => iface(Interface::Address {
                    net: ipnet::IpNet::V4(net),
                    secondary: secondary.is_some(),
                    route_options: options.is_some_and(|(p, t)| p.is_some() || t.is_some()),
                }),
                None => {
                    if full(
                        text,
                        (
                            word,
                            kw("address"),
                            alt((kw("dhcp"), kw("negotiated"))),
                            opt(rest1),
                        ),
                    )
                    .is_some()
                    {
                        stmt(Stmt::Unsupported("dynamic interface address"))
                    } else if full(
                        text,
                        (
                            word,
                            kw("address"),
                            kw("virtual"),
                            ipv4_addr_mask,
                            opt(kw("secondary")),
                        ),
                    )
                    .is_some()
                    {
                        stmt(Stmt::Unsupported("virtual address"))
                    } else {
                        malformed("invalid interface address")
                    }
                }
            }
        }
        "unnumbered" => stmt(Stmt::Unsupported("unnumbered interface")),
        "vrf" => match full(
            text,
            (
                kws("ip vrf"),
                alt((kw("forwarding"), kw("member"))),
                word,
                opt(rest1),
            ),
        ) {
            Some((_, _, v, _)) if !neg => iface(Interface::Vrf(v)),
            Some(_) => stmt(Stmt::Benign),
            None => Parse::NotHere,
        },
        "mtu" => match full(text, (kws("ip mtu"), num::<u32>)) {
            Some((_, m)) => iface(Interface::Mtu(m)),
            None => stmt(Stmt::Benign),
        },
        "access-group" => {
            let parsed = full(
                text,
                (
                    word,
                    kw("access-group"),
                    word,
                    alt((value(true, kw("in")), value(false, kw("out")))),
                ),
            );
            match parsed {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, _, name, inbound)) => iface(Interface::AccessGroup { name, inbound }),
                None => malformed("access-group needs a name and in|out"),
            }
        }
        "ospf" => ospf(input),
        "router" if starts(text, "ip router ospf") => {
            // NX-OS: `ip router ospf PID area A`.
            match full(
                text,
                (kws("ip router ospf"), word, kw("area"), area_id, opt(rest1)),
            ) {
                Some((_, pid, _, area, _)) if !neg => {
                    iface(Interface::OspfArea { process: pid, area })
                }
                Some(_) => stmt(Stmt::Benign),
                None => malformed("ip router ospf needs a process and an area"),
            }
        }
        // NX-OS: `ip router eigrp TAG` enables the interface in the process.
        "router" if starts(text, "ip router eigrp") && dialect == Dialect::CiscoNxos => {
            match full(text, (kws("ip router eigrp"), word)) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, tag)) => iface(Interface::EigrpProcess(tag)),
                None => malformed("ip router eigrp needs a tag"),
            }
        }
        "router" if starts(text, "ip router eigrp") => stmt(Stmt::Unsupported("eigrp")),
        "router" if starts(text, "ip router rip") => stmt(Stmt::Unsupported("rip")),
        // NX-OS `ip passive-interface eigrp TAG`.
        "passive-interface" if starts(text, "ip passive-interface eigrp") => {
            match full(text, (kws("ip passive-interface eigrp"), word)) {
                Some(_) => iface(Interface::EigrpPassive(!neg)),
                None => malformed("ip passive-interface eigrp needs a tag"),
            }
        }
        "passive-interface" => stmt(Stmt::Benign),
        // Summaries and filters change what EIGRP advertises out of the interface.
        "summary-address" if starts(text, "ip summary-address eigrp") => {
            stmt(Stmt::Unsupported("eigrp summary-address"))
        }
        "distribute-list" if starts(text, "ip distribute-list eigrp") => {
            stmt(Stmt::Unsupported("eigrp distribute-list"))
        }
        "offset-list" if starts(text, "ip offset-list eigrp") => {
            stmt(Stmt::Unsupported("eigrp offset-list"))
        }
        "router" => match full(text, (kws("ip router isis"), opt(word))) {
            Some((_, tag)) if !neg => iface(Interface::Isis {
                tag: tag.unwrap_or(""),
                ipv6: false,
            }),
            Some(_) => stmt(Stmt::Benign),
            None => Parse::NotHere,
        },
        "policy" => stmt(Stmt::Unsupported("policy-based routing")),
        "nat" => stmt(Stmt::Unsupported("nat")),
        // BGP flowspec rules applied to the interface's traffic.
        "flowspec" => stmt(Stmt::Unsupported("bgp flowspec")),
        // EOS VARP: an anycast gateway address shared by several routers.
        "virtual-router" if starts(text, "ip virtual-router address") => {
            if neg {
                stmt(Stmt::Benign)
            } else {
                stmt(Stmt::Unsupported("first-hop redundancy"))
            }
        }
        // EOS: host routes from ARP/ND entries. `ip attached-routes` is printed as the default;
        // exporting attached hosts into routing protocols is not modelled.
        "attached-routes" => stmt(Stmt::Benign),
        "attached-host" | "attached-hosts" if neg => stmt(Stmt::Benign),
        "attached-host" | "attached-hosts" => stmt(Stmt::Unsupported("attached host routes")),
        "verify" => stmt(Stmt::Unsupported("unicast reverse-path forwarding")),
        w if BENIGN_IP.contains(&w) => stmt(Stmt::Benign),
        _ => Parse::NotHere,
    }
}

/// `ipv6 ...` in interface mode.
fn ipv6<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let neg = input.negated();
    let second = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    match second.as_str() {
        "address" => {
            if neg {
                return stmt(Stmt::Benign);
            }
            let kind = opt(alt((
                value("link-local", kw("link-local")),
                value("eui-64", kw("eui-64")),
                value("anycast", kw("anycast")),
            )));
            match full(text, (kws("ipv6 address"), super::ipv6_net, kind)) {
                // A link-local address is on every IPv6 interface anyway; it is never routed.
                Some((_, _, Some("link-local"))) => stmt(Stmt::Benign),
                Some((_, _, Some(_))) => stmt(Stmt::Unsupported("ipv6 eui-64 or anycast address")),
                Some((_, net, None)) => stmt(Stmt::Interface(Interface::Ipv6Address(net))),
                None if full(text, (kws("ipv6 address"), word, kw("link-local"))).is_some() => {
                    stmt(Stmt::Benign)
                }
                None if full(
                    text,
                    (
                        kws("ipv6 address"),
                        alt((kw("autoconfig"), kw("dhcp"))),
                        opt(rest1),
                    ),
                )
                .is_some() =>
                {
                    stmt(Stmt::Unsupported("dynamic interface address"))
                }
                None => malformed("invalid ipv6 address"),
            }
        }
        "router" => match full(text, (kws("ipv6 router isis"), opt(word))) {
            Some((_, tag)) if !neg => stmt(Stmt::Interface(Interface::Isis {
                tag: tag.unwrap_or(""),
                ipv6: true,
            })),
            Some(_) => stmt(Stmt::Benign),
            // `ipv6 router ospf N` is the global OSPFv3 process, not an interface command.
            None => Parse::NotHere,
        },
        "ospf" | "ospf6" => stmt(Stmt::Unsupported("ospfv3")),
        "traffic-filter" | "access-group" if neg => stmt(Stmt::Benign),
        "traffic-filter" | "access-group" => {
            match full(text, (word, word, word, alt((kw("in"), kw("out"))))) {
                Some((_, _, name, _)) => stmt(Stmt::Interface(Interface::Ipv6AccessGroup(name))),
                None => malformed("ipv6 traffic-filter needs a name and in|out"),
            }
        }
        "policy" => stmt(Stmt::Unsupported("policy-based routing")),
        "flowspec" => stmt(Stmt::Unsupported("bgp flowspec")),
        "verify" if neg => stmt(Stmt::Benign),
        "verify" => stmt(Stmt::Unsupported("unicast reverse-path forwarding")),
        "attached-host" | "attached-hosts" if neg => stmt(Stmt::Benign),
        "attached-host" | "attached-hosts" => stmt(Stmt::Unsupported("attached host routes")),
        "enable" | "nd" | "redirects" | "unreachables" | "mtu" | "mld" | "pim" | "dhcp"
        | "flow" | "mfib" | "cef" | "link-local" | "attached-routes" | "tcp" | "multicast"
        | "sticky-arp" | "virtual-reassembly" => stmt(Stmt::Benign),
        _ => Parse::NotHere,
    }
}

fn ospf<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let neg = input.negated();
    let third = super::lower(text.split_whitespace().nth(2).unwrap_or(""));
    let iface = |i: Interface<'a>| stmt(Stmt::Interface(i));
    let head = |i| (word, kw("ospf")).parse(i);
    match third.as_ref() {
        "cost" => match full(text, (head, kw("cost"), num::<u32>)) {
            Some((_, _, c)) => iface(Interface::OspfCost(c)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("ip ospf cost needs a number"),
        },
        "network" => {
            let kind = alt((
                value(OspfNetworkType::PointToPoint, kw("point-to-point")),
                value(OspfNetworkType::Broadcast, kw("broadcast")),
                value(OspfNetworkType::NonBroadcast, kw("non-broadcast")),
                value(
                    OspfNetworkType::PointToMultipoint,
                    (kw("point-to-multipoint"), opt(word)).map(|_| ()),
                ),
            ));
            match full(text, (head, kw("network"), kind)) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, _, k)) => iface(Interface::OspfNetwork(k)),
                None => malformed("unknown ospf network type"),
            }
        }
        // FRR `ip ospf passive`, NX-OS `ip ospf passive-interface`.
        "passive" | "passive-interface" => iface(Interface::OspfPassive(!neg)),
        "hello-interval" => match full(text, (head, kw("hello-interval"), num::<u32>)) {
            Some((_, _, n)) => iface(Interface::OspfHello(n)),
            None => stmt(Stmt::Benign),
        },
        "dead-interval" => match full(text, (head, kw("dead-interval"), num::<u32>)) {
            Some((_, _, n)) => iface(Interface::OspfDead(n)),
            None => stmt(Stmt::Benign),
        },
        "mtu-ignore" => iface(Interface::OspfMtuIgnore(!neg)),
        "area" => match full(text, (head, kw("area"), area_id)) {
            // FRR: `ip ospf area A`.
            Some((_, _, area)) => iface(Interface::OspfArea { process: "", area }),
            None => malformed("invalid ospf area"),
        },
        "authentication"
        | "authentication-key"
        | "message-digest-key"
        | "priority"
        | "retransmit-interval"
        | "transmit-delay"
        | "bfd"
        | "demand-circuit"
        | "flood-reduction"
        | "database-filter"
        | "resync-timeout"
        | "ttl-security"
        | "lls"
        | "fast-reroute"
        | "prefix-suppression"
        | "shutdown"
        | "dead-interval-minimal"
        | "neighbor" => stmt(Stmt::Benign),
        _ => {
            // `ip ospf PID area A`.
            match full(text, (head, word, kw("area"), area_id, opt(rest1))) {
                Some((_, pid, _, area, _)) if !neg => {
                    iface(Interface::OspfArea { process: pid, area })
                }
                Some(_) => stmt(Stmt::Benign),
                None => Parse::NotHere,
            }
        }
    }
}

/// An OSPF area id, decimal or dotted.
pub(crate) fn area_id(i: &str) -> super::R<'_, u32> {
    let (rest, w) = word(i)?;
    if let Ok(n) = w.parse::<u32>() {
        return Ok((rest, n));
    }
    match w.parse::<std::net::Ipv4Addr>() {
        Ok(a) => Ok((rest, u32::from(a))),
        Err(_) => Err(nom::Err::Error(())),
    }
}

fn isis<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let neg = input.negated();
    let second = super::lower(text.split_whitespace().nth(1).unwrap_or(""));
    let iface = |i: Interface<'a>| stmt(Stmt::Interface(i));
    match second.as_ref() {
        "enable" => match full(text, (kws("isis enable"), word)) {
            Some((_, tag)) if !neg => iface(Interface::Isis { tag, ipv6: false }),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("isis enable needs a tag"),
        },
        "metric" => {
            let parsed = full(
                text,
                (kws("isis metric"), num::<u32>, opt(level), opt(word)),
            );
            match parsed {
                Some((_, metric, lvl, _)) => iface(Interface::IsisMetric { metric, level: lvl }),
                None if neg => stmt(Stmt::Benign),
                None => malformed("isis metric needs a number"),
            }
        }
        "ipv6" => match full(text, (kws("isis ipv6 metric"), num::<u32>, opt(level))) {
            Some(_) => stmt(Stmt::Benign),
            None => stmt(Stmt::Benign),
        },
        "circuit-type" => match full(text, (kws("isis circuit-type"), level)) {
            Some((_, l)) => iface(Interface::IsisCircuitType(l)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("unknown circuit type"),
        },
        "passive" => iface(Interface::IsisPassive(!neg)),
        "network" => match full(text, (kws("isis network point-to-point"),)) {
            Some(_) => iface(Interface::IsisPointToPoint),
            None => malformed("unknown isis network type"),
        },
        "hello-interval"
        | "hello-multiplier"
        | "authentication"
        | "password"
        | "priority"
        | "bfd"
        | "csnp-interval"
        | "lsp-interval"
        | "retransmit-interval"
        | "hello"
        | "three-way-handshake"
        | "padding"
        | "hello-padding"
        | "protocol"
        | "tag"
        | "lsp-pacing-interval"
        | "mesh-group" => stmt(Stmt::Benign),
        _ => Parse::NotHere,
    }
}

/// `level-1`, `level-2`, `level-1-2`, `level-2-only`.
pub(crate) fn level(i: &str) -> super::R<'_, IsisLevel> {
    alt((
        value(IsisLevel::Level1And2, kw("level-1-2")),
        value(IsisLevel::Level1, alt((kw("level-1-only"), kw("level-1")))),
        value(IsisLevel::Level2, alt((kw("level-2-only"), kw("level-2")))),
    ))
    .parse(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> String {
        super::super::check_line(&Context::Interface("Ethernet1".into()), line)
    }

    /// Found by the `parse_dialect` fuzz target with overflow checks on: a gigabit speed too
    /// large for the unit conversion overflowed (a panic in debug, a wrapped speed in
    /// release). Expected: not a speed at all.
    #[test]
    fn speed_overflow_is_not_a_speed() {
        assert_eq!(parse_speed("100g"), Some(100_000));
        assert_eq!(parse_speed("18446744073709552g"), None);
        assert!(!check("speed 18446744073709552g").contains("Speed("));
    }

    #[test]
    fn interface_statements() {
        assert_eq!(
            check("ip address 10.0.0.1 255.255.255.0"),
            "Interface(Address { net: 10.0.0.1/24, secondary: false, route_options: false })"
        );
        assert_eq!(
            check("ip address 10.0.0.1/24 secondary"),
            "Interface(Address { net: 10.0.0.1/24, secondary: true, route_options: false })"
        );
        assert_eq!(
            check("ip ospf 1 area 0.0.0.1"),
            "Interface(OspfArea { process: \"1\", area: 1 })"
        );
        assert_eq!(check("ip ospf cost 15"), "Interface(OspfCost(15))");
        assert_eq!(
            check("ip access-group OUT out"),
            "Interface(AccessGroup { name: \"OUT\", inbound: false })"
        );
        assert_eq!(check("vrf forwarding RED"), "Interface(Vrf(\"RED\"))");
        assert_eq!(
            check("isis metric 20 level-2"),
            "Interface(IsisMetric { metric: 20, level: Some(Level2) })"
        );
        assert_eq!(check("duplex full"), "Benign");
        assert!(check("ip address 10.0.0.300 255.0.0.0").starts_with("Malformed"));
        assert_eq!(check("router bgp 1"), "NotHere");
    }

    #[test]
    fn ipv6_on_interfaces() {
        assert_eq!(
            check("ipv6 address 2001:db8::1/64"),
            "Interface(Ipv6Address(2001:db8::1/64))"
        );
        assert_eq!(check("ipv6 address fe80::1 link-local"), "Benign");
        assert!(check("ipv6 address 2001:db8::/64 eui-64").starts_with("Unsupported"));
        assert!(check("ipv6 address autoconfig").starts_with("Unsupported"));
        assert_eq!(
            check("ipv6 traffic-filter V6IN in"),
            "Interface(Ipv6AccessGroup(\"V6IN\"))"
        );
        assert_eq!(
            check("ipv6 router isis CORE"),
            "Interface(Isis { tag: \"CORE\", ipv6: true })"
        );
        assert_eq!(check("ipv6 nd ra suppress"), "Benign");
        assert!(check("ipv6 address 2001:db8::1").starts_with("Malformed"));
        assert_eq!(check("ipv6 frobnicate"), "NotHere");
    }

    #[test]
    fn dialect_interface_statements() {
        assert_eq!(
            check("nxos: ip router ospf 1 area 0.0.0.0"),
            "Interface(OspfArea { process: \"1\", area: 0 })"
        );
        assert_eq!(
            check("nxos: ip ospf passive-interface"),
            "Interface(OspfPassive(true))"
        );
        assert_eq!(
            check("nxos: ip address 1.2.3.4/24 route-preference 10 tag 12345"),
            "Interface(Address { net: 1.2.3.4/24, secondary: false, route_options: true })"
        );
        assert_eq!(check("nxos: no vrf member"), "Benign");
        assert!(check("nxos: hsrp 10").starts_with("Unsupported(\"first-hop redundancy\") opens"));
        assert!(check("nxos: member vni 10000").starts_with("Unsupported(\"vxlan\") opens"));
        assert_eq!(
            check("eos: vxlan vlan 10 vni 10010"),
            "Unsupported(\"vxlan\")"
        );
        assert!(check("eos: evpn ethernet-segment").starts_with("Unsupported(\"evpn\") opens"));
        assert_eq!(check("eos: mlag 10"), "Benign");
        assert_eq!(check("eos: no mac timestamp"), "Benign");
        assert_eq!(check("eos: default error-correction encoding"), "Benign");
        assert_eq!(check("eos: ip attached-routes"), "Benign");
        assert_eq!(
            check("eos: ip virtual-router address 10.0.0.1"),
            "Unsupported(\"first-hop redundancy\")"
        );
        // A global command that starts like an interface one stays out of the interface.
        assert_eq!(
            check("eos: ip virtual-router mac-address 00:1c:73:00:00:99"),
            "NotHere"
        );
        assert_eq!(
            check("eos: ip address virtual 10.1.1.1/24"),
            "Unsupported(\"virtual address\")"
        );
        assert!(
            check("eos: ip address virtual source-nat vrf X address 1.1.1.1")
                .starts_with("Malformed")
        );
        assert_eq!(check("eos: no flow-spec ipv4 ipv6"), "Benign");
        assert_eq!(
            check("eos: flow-spec ipv4"),
            "Unsupported(\"bgp flowspec\")"
        );
        // `no` of an unmodelled feature states the default.
        assert_eq!(check("no standby 1 ip 10.0.0.1"), "Benign");
    }
}
