//! Interface mode.

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};

use super::{In, full, ipv4_addr_mask, kw, kws, malformed, num, rest1, starts, stmt, word};
use crate::ios::Dialect;
use crate::ios::ast::{Interface, Stmt};
use crate::ios::bind::Parse;
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
    "ipv6",
    "load-balance",
    "delay",
    "no-op",
    "autostate",
    "beacon",
    "medium",
    "mpls-ignore",
    "transceiver",
    "phy",
    "fec",
    "traffic-loopback",
    "l2-mtu",
    "evpn",
    "description-ignore",
    "link-state",
    "channel-protocol",
    "switchport-ignore",
    "rate-limit",
    "clock",
    "encapsulation-ignore",
    "pvc",
    "ppp",
    "shape",
    "unidirectional",
    "poe",
    "energywise",
    "vpc",
    "port-type",
    "speed-ignore",
    "lldp-agent",
    "multicast",
    "link",
    "ip-ignore",
    "vrrp-ignore",
    "ethernet",
    "network-policy",
    "location",
    "routing",
    "source",
    "bandwidth-ignore",
    "isis-ignore",
    "service-instance",
    "mop",
];

/// Second words after `ip` in interface mode that do not affect forwarding.
const BENIGN_IP: &[&str] = &[
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
    "address-virtual-ignore",
    "ddns",
    "dns",
    "host-reachability",
    "attach-ignore",
    "mtu-ignore",
    "split-horizon",
    "summary-address-ignore",
    "hello-interval",
    "bandwidth-percent",
    "authentication",
    "rip",
    "sticky-arp",
    "igmp-ignore",
    "forward",
    "hold-time",
    "nhrp",
    "ospf-ignore",
    "unnumbered-ignore",
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
        "disable" if dialect == Dialect::Frr => iface(Interface::Shutdown(!neg)),
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
                None => malformed("vrf needs a name"),
            }
        }
        "ip" => ip(input),
        "isis" => isis(input),
        "standby" | "vrrp" | "glbp" => stmt(Stmt::Unsupported("first-hop redundancy")),
        "tunnel" => stmt(Stmt::Unsupported("tunnel")),
        "crypto" => stmt(Stmt::Unsupported("crypto map")),
        "xconnect" | "mpls" => stmt(Stmt::Unsupported("mpls")),
        "ipv4" if dialect == Dialect::IosXr => ip(input),
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
        "g" | "gfull" | "gig" => Some(n * 1000),
        "m" | "mfull" => Some(n),
        _ => None,
    }
}

fn ip<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let neg = input.negated();
    let second = super::lower(text.split_whitespace().nth(1).unwrap_or(""));
    let iface = |i: Interface<'a>| stmt(Stmt::Interface(i));
    match second.as_ref() {
        "address" => {
            if neg {
                return iface(Interface::NoAddress);
            }
            let parsed = full(
                text,
                (word, kw("address"), ipv4_addr_mask, opt(kw("secondary"))),
            );
            match parsed {
                Some((_, _, net, secondary)) => iface(Interface::Address {
                    net: ipnet::IpNet::V4(net),
                    secondary: secondary.is_some(),
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
                    } else if full(text, (word, kw("address"), kw("virtual"), rest1)).is_some() {
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
        "router" if starts(text, "ip router eigrp") || starts(text, "ip router rip") => {
            stmt(Stmt::Unsupported("eigrp"))
        }
        "passive-interface" => stmt(Stmt::Benign),
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
        "verify" => stmt(Stmt::Unsupported("unicast reverse-path forwarding")),
        w if BENIGN_IP.contains(&w) => stmt(Stmt::Benign),
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
        "passive" => iface(Interface::OspfPassive(!neg)),
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
        | "neighbor-ignore"
        | "dead-interval-minimal" => stmt(Stmt::Benign),
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
    use crate::ios::bind::Polarity;

    fn check(text: &str) -> String {
        match parse(In {
            text,
            polarity: Polarity::Set,
            dialect: Dialect::Ios,
        }) {
            Parse::Stmt { stmt, .. } => format!("{stmt:?}"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn interface_statements() {
        assert_eq!(
            check("ip address 10.0.0.1 255.255.255.0"),
            "Interface(Address { net: 10.0.0.1/24, secondary: false })"
        );
        assert_eq!(
            check("ip address 10.0.0.1/24 secondary"),
            "Interface(Address { net: 10.0.0.1/24, secondary: true })"
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
}
