//! ACL lines, in named-ACL mode and after `access-list N` at global level.

use std::net::Ipv4Addr;

use ipnet::IpNet;

use super::global::rest_after_words;
use super::{In, Words, lower, malformed, stmt};
use crate::ios::ast::{AclKind, Stmt};
use crate::ios::bind::Parse;
use crate::ir;
use crate::ir::policy::{AddressMatch, PortRange};

/// A statement inside `ip access-list ... NAME`.
pub(crate) fn parse(input: In<'_>, kind: AclKind) -> Parse<Stmt<'_>> {
    let text = input.text;
    let first = input.first();
    match first.as_ref() {
        "remark" | "statistics" | "description" | "counters" | "fragment-rules" => {
            return stmt(Stmt::Benign);
        }
        _ => {}
    }
    // Optional leading sequence number.
    let (seq, body) = match first.parse::<u32>() {
        Ok(n) => (Some(n), rest_after_words(text, 1)),
        Err(_) if first == "seq" => {
            match text.split_whitespace().nth(1).and_then(|n| n.parse().ok()) {
                Some(n) => (Some(n), rest_after_words(text, 2)),
                None => return malformed("seq needs a number"),
            }
        }
        Err(_) => (None, text),
    };
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    let action_word = lower(body.split_whitespace().next().unwrap_or(""));
    if action_word == "remark" {
        return stmt(Stmt::Benign);
    }
    if !matches!(action_word.as_ref(), "permit" | "deny") {
        return Parse::NotHere;
    }
    match acl_line(body, kind.standard, kind.ipv6) {
        Some(mut line) => {
            line.seq = seq;
            stmt(Stmt::AclLine(None, kind, line))
        }
        None => malformed("invalid access-list entry"),
    }
}

/// Parses `permit|deny ...` into an ACL line (span left empty for lowering to fill).
pub(crate) fn acl_line(text: &str, standard: bool, ipv6: bool) -> Option<ir::AclLine> {
    let words = Words::new(text);
    let action = match lower(words.first()?).as_ref() {
        "permit" => ir::Action::Permit,
        "deny" => ir::Action::Deny,
        _ => return None,
    };
    let mut line = ir::AclLine {
        seq: None,
        action,
        protocol: None,
        src: AddressMatch::Any,
        src_ports: Vec::new(),
        dst: AddressMatch::Any,
        dst_ports: Vec::new(),
        established: false,
        icmp_type: None,
        icmp_code: None,
        unsupported: None,
        span: ir::Span::default(),
    };
    let mut i = 1;
    // EOS: `permit vlan [inner] VLAN MASK PROTOCOL ...` also matches the VLAN tag.
    if !standard && words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("vlan")) {
        i += 1;
        if words
            .get(i)
            .is_some_and(|w| w.eq_ignore_ascii_case("inner"))
        {
            i += 1;
        }
        words.get(i + 1)?;
        i += 2;
        line.unsupported = Some("acl match on vlan".into());
    }
    if standard {
        line.src = address(&words, &mut i, ipv6, &mut line.unsupported)?;
        trailing(&words, &mut i, &mut line)?;
        return Some(line);
    }
    let proto = lower(words.get(i)?);
    i += 1;
    line.protocol = match protocol_number(&proto, ipv6) {
        Some(p) => p,
        None if proto == "object-group" || proto == "addrgroup" => {
            i += 1;
            line.unsupported = Some("object-group".into());
            None
        }
        None => return None,
    };
    let ports = matches!(line.protocol, Some(6) | Some(17));
    line.src = address(&words, &mut i, ipv6, &mut line.unsupported)?;
    if ports {
        line.src_ports = port_match(&words, &mut i)?;
    }
    line.dst = address(&words, &mut i, ipv6, &mut line.unsupported)?;
    if ports {
        line.dst_ports = port_match(&words, &mut i)?;
    }
    if matches!(line.protocol, Some(1) | Some(58)) {
        icmp(&words, &mut i, &mut line);
    }
    trailing(&words, &mut i, &mut line)?;
    Some(line)
}

fn protocol_number(name: &str, ipv6: bool) -> Option<Option<u8>> {
    Some(match name {
        "ip" | "ipv4" | "any" => None,
        "ipv6" if ipv6 => None,
        "icmp" if ipv6 => Some(58),
        "icmp" => Some(1),
        "icmpv6" | "ipv6-icmp" | "icmp6" => Some(58),
        "igmp" => Some(2),
        "ipinip" => Some(4),
        "igrp" => Some(9),
        "ipv6" => Some(41),
        "mobile" => Some(55),
        "nos" => Some(94),
        "pcp" => Some(108),
        "snp" => Some(109),
        "l2tp" => Some(115),
        "tcp" => Some(6),
        "udp" => Some(17),
        "gre" => Some(47),
        "esp" => Some(50),
        "ahp" | "ah" => Some(51),
        "eigrp" => Some(88),
        "ospf" => Some(89),
        "pim" => Some(103),
        "vrrp" => Some(112),
        "sctp" => Some(132),
        n => Some(n.parse().ok()?),
    })
}

fn address(
    words: &[&str],
    i: &mut usize,
    ipv6: bool,
    unsupported: &mut Option<String>,
) -> Option<AddressMatch> {
    let w = words.get(*i)?;
    let lower = lower(w);
    *i += 1;
    match lower.as_ref() {
        "any" | "any4" | "any6" => Some(AddressMatch::Any),
        "host" => {
            let a: std::net::IpAddr = words.get(*i)?.parse().ok()?;
            *i += 1;
            Some(AddressMatch::Prefix(IpNet::from(a)))
        }
        "object-group" | "addrgroup" | "net-group" | "interface" => {
            *i += 1;
            *unsupported = Some(format!("{lower} address"));
            Some(AddressMatch::Any)
        }
        _ if w.contains('/') => {
            let net: IpNet = w.parse().ok()?;
            if net.addr().is_ipv6() != ipv6 {
                return None;
            }
            Some(AddressMatch::Prefix(net.trunc()))
        }
        _ if ipv6 => None,
        _ => {
            let a: Ipv4Addr = w.parse().ok()?;
            // A wildcard follows unless the next word is a keyword (standard: `permit 10.1.1.1`).
            match words.get(*i).and_then(|m| m.parse::<Ipv4Addr>().ok()) {
                Some(wildcard) => {
                    *i += 1;
                    Some(AddressMatch::Wildcard(a, wildcard))
                }
                None => Some(AddressMatch::Prefix(IpNet::from(std::net::IpAddr::V4(a)))),
            }
        }
    }
}

fn port_match(words: &[&str], i: &mut usize) -> Option<Vec<PortRange>> {
    let Some(op) = words.get(*i).map(|w| lower(w)) else {
        return Some(Vec::new());
    };
    let port_at = |j: usize| words.get(j).and_then(|p| port_number(p));
    let ranges = match op.as_ref() {
        "eq" => {
            *i += 1;
            let mut ports = Vec::new();
            while let Some(p) = port_at(*i) {
                ports.push(PortRange::single(p));
                *i += 1;
            }
            if ports.is_empty() {
                return None;
            }
            return Some(ports);
        }
        "neq" => {
            // EOS accepts several ports: every port but those.
            *i += 1;
            let mut excluded = Vec::new();
            while let Some(p) = port_at(*i) {
                excluded.push(p);
                *i += 1;
            }
            if excluded.is_empty() {
                return None;
            }
            excluded.sort_unstable();
            excluded.dedup();
            let mut v = Vec::new();
            let mut low: u32 = 0;
            for p in excluded {
                if u32::from(p) > low {
                    v.push(PortRange {
                        low: u16::try_from(low).ok()?,
                        high: p - 1,
                    });
                }
                low = u32::from(p) + 1;
            }
            if low <= u32::from(u16::MAX) {
                v.push(PortRange {
                    low: u16::try_from(low).ok()?,
                    high: u16::MAX,
                });
            }
            v
        }
        "lt" => {
            let p = port_at(*i + 1)?;
            *i += 2;
            vec![PortRange {
                low: 0,
                high: p.checked_sub(1)?,
            }]
        }
        "gt" => {
            let p = port_at(*i + 1)?;
            *i += 2;
            vec![PortRange {
                low: p.checked_add(1)?,
                high: u16::MAX,
            }]
        }
        "range" => {
            let (low, high) = (port_at(*i + 1)?, port_at(*i + 2)?);
            *i += 3;
            if low > high {
                return None;
            }
            vec![PortRange { low, high }]
        }
        _ => Vec::new(),
    };
    Some(ranges)
}

/// A port number or IOS port name.
pub(crate) fn port_number(w: &str) -> Option<u16> {
    if let Ok(n) = w.parse() {
        return Some(n);
    }
    Some(match lower(w).as_ref() {
        "echo" => 7,
        "discard" => 9,
        "daytime" => 13,
        "chargen" => 19,
        "ftp-data" => 20,
        "ftp" => 21,
        "ssh" => 22,
        "telnet" => 23,
        "smtp" => 25,
        "time" => 37,
        "nameserver" => 42,
        "whois" => 43,
        "tacacs" => 49,
        "domain" => 53,
        "bootps" => 67,
        "bootpc" => 68,
        "tftp" => 69,
        "gopher" => 70,
        "finger" => 79,
        "www" | "http" => 80,
        "pop2" => 109,
        "pop3" => 110,
        "sunrpc" => 111,
        "ident" => 113,
        "nntp" => 119,
        "ntp" => 123,
        "netbios-ns" => 137,
        "netbios-dgm" => 138,
        "netbios-ss" => 139,
        "imap" | "imap4" => 143,
        "snmp" => 161,
        "snmptrap" => 162,
        "bgp" => 179,
        "irc" => 194,
        "ldap" => 389,
        "https" => 443,
        "isakmp" => 500,
        "exec" | "biff" => 512,
        "login" | "who" => 513,
        "cmd" | "syslog" => 514,
        "lpd" => 515,
        "talk" => 517,
        "rip" => 520,
        "uucp" => 540,
        "klogin" => 543,
        "kshell" => 544,
        "ldaps" => 636,
        "pim-auto-rp" => 496,
        "non500-isakmp" => 4500,
        "microsoft-ds" => 445,
        "bfd" => 3784,
        "bfd-echo" => 3785,
        "mlag" => 4432,
        "radius" => 1812,
        "radius-acct" => 1813,
        "lsp-ping" => 3503,
        "rsh" => 514,
        "telnets" => 992,
        "xdmcp" => 177,
        "mms" => 1755,
        "mysql" => 3306,
        "dnsix" => 195,
        "mobile-ip" => 434,
        "netbios-ssn" => 139,
        "ntp-server" => 123,
        "pop3s" => 995,
        "imap3" => 220,
        "smtps" => 465,
        "submission" => 587,
        _ => return None,
    })
}

fn icmp(words: &[&str], i: &mut usize, line: &mut ir::AclLine) {
    let Some(w) = words.get(*i) else { return };
    let (t, c) = match lower(w).as_ref() {
        "echo-reply" => (0, None),
        "unreachable" => (3, None),
        "redirect" => (5, None),
        "echo" | "echo-request" => (8, None),
        "time-exceeded" | "ttl-exceeded" => (11, None),
        "parameter-problem" => (12, None),
        "packet-too-big" => (2, None),
        "port-unreachable" => (3, Some(3)),
        "host-unreachable" => (3, Some(1)),
        "net-unreachable" => (3, Some(0)),
        // The rest of Cisco's ICMP message names (IOS, IOS-XR).
        "protocol-unreachable" => (3, Some(2)),
        "source-route-failed" => (3, Some(5)),
        "network-unknown" => (3, Some(6)),
        "host-unknown" => (3, Some(7)),
        "host-isolated" => (3, Some(8)),
        "dod-net-prohibited" => (3, Some(9)),
        "dod-host-prohibited" => (3, Some(10)),
        "net-tos-unreachable" => (3, Some(11)),
        "host-tos-unreachable" => (3, Some(12)),
        "administratively-prohibited" => (3, Some(13)),
        "host-precedence-unreachable" => (3, Some(14)),
        "precedence-unreachable" => (3, Some(15)),
        "source-quench" => (4, None),
        "net-redirect" => (5, Some(0)),
        "host-redirect" => (5, Some(1)),
        "net-tos-redirect" => (5, Some(2)),
        "host-tos-redirect" => (5, Some(3)),
        "alternate-address" => (6, None),
        "router-advertisement" => (9, None),
        "router-solicitation" => (10, None),
        "reassembly-timeout" => (11, Some(1)),
        "general-parameter-problem" => (12, Some(0)),
        "option-missing" => (12, Some(1)),
        "no-room-for-option" => (12, Some(2)),
        "timestamp-request" => (13, None),
        "timestamp-reply" => (14, None),
        "information-request" => (15, None),
        "information-reply" => (16, None),
        "mask-request" => (17, None),
        "mask-reply" => (18, None),
        "traceroute" => (30, None),
        "conversion-error" => (31, None),
        "mobile-redirect" => (32, None),
        _ => match w.parse::<u8>() {
            Ok(t) => {
                let code = words.get(*i + 1).and_then(|c| c.parse::<u8>().ok());
                if code.is_some() {
                    *i += 1;
                }
                (t, code)
            }
            Err(_) => return,
        },
    };
    *i += 1;
    line.icmp_type = Some(t);
    line.icmp_code = c;
}

fn trailing(words: &[&str], i: &mut usize, line: &mut ir::AclLine) -> Option<()> {
    while let Some(w) = words.get(*i) {
        match lower(w).as_ref() {
            // IOS-XR `icmp-off` / `icmp-on`: whether a deny sends an ICMP unreachable.
            "log" | "log-input" | "counter" | "count" | "icmp-off" | "icmp-on" => {}
            "established" => line.established = true,
            "fragments" | "precedence" | "dscp" | "tos" | "ttl" | "option" | "time-range"
            | "ack" | "syn" | "fin" | "psh" | "rst" | "urg" | "match-any" | "match-all"
            | "packet-length" | "vlan" | "nexthop-group" | "exact-match" | "tracked" => {
                line.unsupported = Some(format!("acl match on {w}"));
                // Values of keywords with an argument are skipped with the keyword.
                if matches!(
                    lower(w).as_ref(),
                    "precedence" | "dscp" | "tos" | "time-range" | "option"
                ) {
                    *i += 1;
                }
                if w.eq_ignore_ascii_case("ttl") {
                    *i += 2;
                }
            }
            _ => return None,
        }
        *i += 1;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_lines() {
        let l = acl_line("permit tcp any host 10.0.0.1 eq www 443", false, false).unwrap();
        assert_eq!(l.protocol, Some(6));
        assert_eq!(l.dst, AddressMatch::Prefix("10.0.0.1/32".parse().unwrap()));
        assert_eq!(
            l.dst_ports,
            vec![PortRange::single(80), PortRange::single(443)]
        );
        let l = acl_line("deny ip 2.0.0.0 0.255.255.255 any", false, false).unwrap();
        assert_eq!(
            l.src,
            AddressMatch::Wildcard("2.0.0.0".parse().unwrap(), "0.255.255.255".parse().unwrap())
        );
        let l = acl_line("permit tcp any any established", false, false).unwrap();
        assert!(l.established);
        let l = acl_line("permit udp any range 1000 2000 any neq 53", false, false).unwrap();
        assert_eq!(
            l.src_ports,
            vec![PortRange {
                low: 1000,
                high: 2000
            }]
        );
        assert_eq!(l.dst_ports.len(), 2);
        let l = acl_line("permit ip any any dscp ef", false, false).unwrap();
        assert!(l.unsupported.is_some());
        assert!(acl_line("permit tcp any any eq", false, false).is_none());
        assert!(acl_line("permit frob any any", false, false).is_none());
    }

    #[test]
    fn standard_lines() {
        let l = acl_line("permit 10.0.0.0 0.0.0.255", true, false).unwrap();
        assert_eq!(
            l.src,
            AddressMatch::Wildcard("10.0.0.0".parse().unwrap(), "0.0.0.255".parse().unwrap())
        );
        let l = acl_line("deny host 1.1.1.1 log", true, false).unwrap();
        assert_eq!(l.src, AddressMatch::Prefix("1.1.1.1/32".parse().unwrap()));
        let l = acl_line("permit 10.0.0.0/8", true, false).unwrap();
        assert_eq!(l.src, AddressMatch::Prefix("10.0.0.0/8".parse().unwrap()));
    }

    #[test]
    fn eos_extensions() {
        // `neq` with several ports: everything but those.
        let l = acl_line("deny tcp any any neq www https", false, false).unwrap();
        assert_eq!(
            l.dst_ports,
            vec![
                PortRange { low: 0, high: 79 },
                PortRange { low: 81, high: 442 },
                PortRange {
                    low: 444,
                    high: u16::MAX
                },
            ]
        );
        let l = acl_line("deny tcp any any neq 0 65535", false, false).unwrap();
        assert_eq!(
            l.dst_ports,
            vec![PortRange {
                low: 1,
                high: 65534
            }]
        );
        // VLAN matches are recorded as unsupported, the rest of the line still parsed.
        let l = acl_line("permit vlan 3 0xfff udp any any eq 53", false, false).unwrap();
        assert_eq!(l.protocol, Some(17));
        assert!(l.unsupported.is_some());
        assert!(acl_line("permit vlan", false, false).is_none());
    }

    /// Parses `line` in a named extended IPv4 ACL, through the binder's dispatch.
    fn check(line: &str) -> String {
        let ctx = crate::ios::context::Context::Acl {
            name: "A".into(),
            standard: false,
            ipv6: false,
        };
        super::super::check_line(&ctx, line)
    }

    #[test]
    fn acl_context_lines() {
        assert!(check("10 permit tcp any any eq 22").contains("seq: Some(10)"));
        assert!(check("seq 20 deny ip any any").contains("seq: Some(20)"));
        assert_eq!(check("remark hello"), "Benign");
        assert_eq!(check("no 10"), "Benign");
        assert!(check("permit frob any any").starts_with("Malformed"));
        assert_eq!(check("router bgp 1"), "NotHere");
        // Port and protocol names.
        assert!(check("permit udp any any eq bfd").contains("low: 3784"));
        assert!(check("permit igrp any any").contains("protocol: Some(9)"));
    }
}
