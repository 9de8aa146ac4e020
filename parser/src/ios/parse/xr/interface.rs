//! IOS-XR interface mode: where it differs from IOS (`ipv4 ...`, `bundle id`, `l2transport`,
//! `ingress`/`egress` filters, the MTU). Everything else goes to the shared interface grammar.

use nom::branch::alt;
use nom::combinator::{opt, value};

use super::super::{In, full, kw, kws, malformed, num, opens, rest1, stmt, word};
use crate::ios::ast::{Interface, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::Context;

/// IOS-XR interface statements (`None`: the shared grammar decides).
pub(crate) fn parse<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    let first = input.first();
    let iface = |i: Interface<'a>| stmt(Stmt::Interface(i));
    Some(match first.as_ref() {
        // `bundle id N mode active|passive|on`: a member of `Bundle-EtherN`.
        "bundle" if super::super::starts(text, "bundle id") => {
            match full(text, (kws("bundle id"), num::<u32>, opt(rest1))) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, _, _)) => {
                    let id = text.split_whitespace().nth(2).unwrap_or("");
                    iface(Interface::ChannelGroup(id))
                }
                None => malformed("bundle id needs a number"),
            }
        }
        // Bundle membership limits, LACP timers and hashing: layer 2.
        "bundle" | "lacp" => stmt(Stmt::Benign),
        // `l2transport`: the interface (or sub-interface) switches frames; it has no layer 3.
        "l2transport" => {
            if neg {
                return Some(stmt(Stmt::Benign));
            }
            opens(
                Stmt::Interface(Interface::Switchport(true)),
                Context::Ignored("l2transport"),
            )
        }
        // `mtu N` is the layer-2 MTU on IOS-XR: Ethernet's 14-byte header is inside it. The IR
        // keeps IP MTUs, so it is lowered with the header taken off (`ipv4 mtu` is exact).
        "mtu" => match full(text, (kw("mtu"), num::<u32>)) {
            Some((_, m)) => iface(Interface::Mtu(m.saturating_sub(14))),
            None if neg => stmt(Stmt::Benign),
            None => malformed("mtu needs a number"),
        },
        "ipv4" => return ipv4(input),
        "ipv6" => return ipv6(input),
        // Old sub-interface form: `dot1q vlan N`.
        "dot1q" => match full(text, (kws("dot1q vlan"), num::<u32>, opt(rest1))) {
            Some((_, vlan, _)) => iface(Interface::Dot1q(vlan)),
            None => stmt(Stmt::Benign),
        },
        "encapsulation" if super::super::starts(text, "encapsulation dot1q") => {
            match full(text, (kws("encapsulation dot1q"), num::<u32>, opt(rest1))) {
                Some((_, vlan, _)) => iface(Interface::Dot1q(vlan)),
                None => stmt(Stmt::Benign),
            }
        }
        "host-routing" | "proxy-arp" | "frequency" | "monitor-session" | "nv" | "rewrite"
        | "ethernet" | "pppoe" | "dampening" | "flow" | "transceiver" | "optics" => {
            opens(Stmt::Benign, Context::Ignored("benign"))
        }
        _ => return None,
    })
}

/// `ipv4 ...` in interface mode.
fn ipv4<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    let second = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    let iface = |i: Interface<'a>| stmt(Stmt::Interface(i));
    Some(match second.as_str() {
        "access-group" => access_group(input),
        "mtu" => match full(text, (kws("ipv4 mtu"), num::<u32>)) {
            Some((_, m)) => iface(Interface::Mtu(m)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("ipv4 mtu needs a number"),
        },
        "point-to-point" | "redirects" | "unreachables" | "directed-broadcast" | "mask-reply"
        | "helper-address" | "tcp-mss-adjust" | "ttl-propagate" | "bgp" | "flowspec" => {
            stmt(Stmt::Benign)
        }
        "verify" => {
            if neg {
                stmt(Stmt::Benign)
            } else {
                stmt(Stmt::Unsupported("unicast reverse-path forwarding"))
            }
        }
        // `ipv4 address`, `ipv4 unnumbered` read like IOS's `ip ...`.
        _ => return None,
    })
}

/// `ipv6 ...` in interface mode, where IOS-XR differs.
fn ipv6<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let second = input
        .text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match second.as_str() {
        "access-group" => access_group(input),
        "icmp" | "unreachables" | "redirects" | "mtu" | "tcp-mss-adjust" | "flowspec" => {
            stmt(Stmt::Benign)
        }
        _ => return None,
    })
}

/// `ipv4|ipv6 access-group NAME ingress|egress [hardware-count] [interface-statistics]...`.
fn access_group<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let text = input.text;
    let ipv6 = super::super::starts(text, "ipv6");
    let parsed = full(
        text,
        (
            word,
            kw("access-group"),
            word,
            alt((
                value(true, alt((kw("ingress"), kw("in")))),
                value(false, alt((kw("egress"), kw("out")))),
            )),
            opt(rest1),
        ),
    );
    match parsed {
        Some(_) if input.negated() => stmt(Stmt::Benign),
        Some((_, _, name, _, _)) if ipv6 => stmt(Stmt::Interface(Interface::Ipv6AccessGroup(name))),
        Some((_, _, name, inbound, _)) => {
            stmt(Stmt::Interface(Interface::AccessGroup { name, inbound }))
        }
        None => malformed("access-group needs a name and ingress|egress"),
    }
}

#[cfg(test)]
mod tests {
    use crate::ios::context::Context;
    use crate::ios::parse::check_line;

    fn check(line: &str) -> String {
        check_line(
            &Context::Interface("Gi0/0/0/0".into()),
            &format!("xr: {line}"),
        )
    }

    #[test]
    fn interface_statements() {
        assert_eq!(
            check("ipv4 address 10.188.248.17 255.255.255.252"),
            "Interface(Address { net: 10.188.248.17/30, secondary: false, route_options: false })"
        );
        assert_eq!(
            check("ipv4 address 10.1.0.0/31"),
            "Interface(Address { net: 10.1.0.0/31, secondary: false, route_options: false })"
        );
        assert_eq!(
            check("bundle id 23 mode active"),
            "Interface(ChannelGroup(\"23\"))"
        );
        assert_eq!(check("bundle minimum-active links 2"), "Benign");
        assert_eq!(check("mtu 9216"), "Interface(Mtu(9202))");
        assert_eq!(check("ipv4 mtu 1500"), "Interface(Mtu(1500))");
        assert_eq!(
            check("ipv4 access-group 310-systems egress hardware-count"),
            "Interface(AccessGroup { name: \"310-systems\", inbound: false })"
        );
        assert_eq!(
            check("ipv6 access-group V6 ingress"),
            "Interface(Ipv6AccessGroup(\"V6\"))"
        );
        assert!(check("l2transport").starts_with("Interface(Switchport(true)) opens Ignored"));
        assert_eq!(check("cdp"), "Benign");
        assert_eq!(check("shutdown"), "Interface(Shutdown(true))");
        assert_eq!(check("vrf red"), "Interface(Vrf(\"red\"))");
        assert_eq!(
            check("ipv6 address dead:beef::/127"),
            "Interface(Ipv6Address(dead:beef::/127))"
        );
    }
}
