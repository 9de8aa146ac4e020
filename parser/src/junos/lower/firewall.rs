//! `firewall` filters into IR packet filters.
//!
//! A filter is a list of terms; the first term whose conditions all hold decides, and a packet
//! no term matches is discarded. Within a term, values of one condition (two
//! `source-address`es, two `protocol`s) are alternatives and different conditions must all
//! hold. A matching term without `accept`, `discard`, `reject` or `next term` accepts. A term
//! becomes one IR line per combination of protocol, source and destination; what the IR
//! cannot say (`except` addresses, `next term`, policers, fragments, DSCP...) makes the line
//! unsupported, so verdicts through it are uncertain.

use std::collections::BTreeMap;

use ipnet::IpNet;

use super::{Done, Outcome, Unknown};
use crate::ir::policy::{Acl, AclLine, AddressMatch, PortRange};
use crate::ir::{Action, AddressFamily, Span};
use crate::junos::Statement;

/// At most this many IR lines come out of one term.
const MAX_LINES: usize = 4_096;

#[derive(Clone, Debug, Default)]
struct Term {
    span: Span,
    /// Condition keyword → values, in order.
    from: BTreeMap<String, Vec<Vec<String>>>,
    /// Actions (words after `then`).
    then: Vec<Vec<String>>,
}

#[derive(Clone, Debug)]
struct Filter {
    span: Span,
    terms: Vec<Term>,
    term_index: BTreeMap<String, usize>,
}

/// Every filter, per family (`false`: inet).
#[derive(Clone, Debug, Default)]
pub(crate) struct Filters {
    filters: BTreeMap<(bool, String), Filter>,
}

impl Filters {
    /// One `firewall` statement (`w` after `firewall`).
    pub(crate) fn statement(&mut self, w: &[&str], s: &Statement) -> Outcome {
        let (v6, name, rest, name_at) = match w {
            ["family", "inet", "filter", name, rest @ ..] => (false, *name, rest, 4),
            ["family", "inet6", "filter", name, rest @ ..] => (true, *name, rest, 4),
            ["filter", name, rest @ ..] => (false, *name, rest, 2),
            ["family", _, ..]
            | ["policer", ..]
            | ["three-color-policer", ..]
            | ["load-balance-group", ..] => {
                return Outcome::Benign;
            }
            _ => return Unknown,
        };
        let span_of = |i: usize| s.words.get(i).map_or(s.span, |w| w.span);
        let filter = self
            .filters
            .entry((v6, name.to_owned()))
            .or_insert_with(|| Filter {
                span: span_of(name_at),
                terms: Vec::new(),
                term_index: BTreeMap::new(),
            });
        match rest {
            [] | ["interface-specific"] | ["physical-interface-filter"] | ["enhanced-mode"] => Done,
            ["term", term, rest @ ..] => {
                let index = match filter.term_index.get(*term) {
                    Some(i) => *i,
                    None => {
                        filter
                            .term_index
                            .insert((*term).to_owned(), filter.terms.len());
                        filter.terms.push(Term {
                            span: span_of(name_at + 2),
                            ..Term::default()
                        });
                        filter.terms.len() - 1
                    }
                };
                let t = &mut filter.terms[index];
                match rest {
                    [] => Done,
                    ["from", kind, values @ ..] => {
                        t.from
                            .entry((*kind).to_owned())
                            .or_default()
                            .push(values.iter().map(|v| (*v).to_owned()).collect());
                        Done
                    }
                    ["then", action @ ..] if !action.is_empty() => {
                        t.then
                            .push(action.iter().map(|v| (*v).to_owned()).collect());
                        Done
                    }
                    _ => Unknown,
                }
            }
            _ => Unknown,
        }
    }

    /// The IR filters, IPv4 and IPv6. `prefix_list` gives a policy-options prefix list's
    /// prefixes.
    pub(crate) fn finish(
        &self,
        prefix_list: &dyn Fn(&str) -> Option<Vec<IpNet>>,
    ) -> (BTreeMap<String, Acl>, BTreeMap<String, Acl>) {
        let mut v4 = BTreeMap::new();
        let mut v6 = BTreeMap::new();
        for ((is_v6, name), filter) in &self.filters {
            let mut lines = Vec::new();
            for term in &filter.terms {
                lines.extend(term_lines(term, prefix_list));
            }
            let acl = Acl {
                name: name.clone(),
                family: if *is_v6 {
                    AddressFamily::Ipv6
                } else {
                    AddressFamily::Ipv4
                },
                standard: false,
                span: filter.span,
                lines,
            };
            if *is_v6 {
                v6.insert(name.clone(), acl);
            } else {
                v4.insert(name.clone(), acl);
            }
        }
        (v4, v6)
    }
}

/// The IR lines of one term.
fn term_lines(term: &Term, prefix_list: &dyn Fn(&str) -> Option<Vec<IpNet>>) -> Vec<AclLine> {
    let mut unsupported: Vec<String> = Vec::new();
    // Action.
    let mut action = Action::Permit;
    for then in &term.then {
        match then
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["accept"] => action = Action::Permit,
            ["discard", ..] | ["reject", ..] => action = Action::Deny,
            ["count", ..]
            | ["log"]
            | ["syslog"]
            | ["sample"]
            | ["forwarding-class", ..]
            | ["loss-priority", ..]
            | ["dscp", ..]
            | ["port-mirror"] => {}
            other => unsupported.push(format!(
                "filter action `then {}`",
                other.first().copied().unwrap_or("")
            )),
        }
    }
    let mut protocols: Vec<Option<u8>> = vec![None];
    let mut sources: Vec<AddressMatch> = vec![AddressMatch::Any];
    let mut destinations: Vec<AddressMatch> = vec![AddressMatch::Any];
    let mut src_ports = Vec::new();
    let mut dst_ports = Vec::new();
    let mut established = false;
    let mut icmp_type = None;
    for (kind, values) in &term.from {
        // `10.1.0.0/16 except` carves out of the other values, which the IR cannot say: the
        // line is unsupported and the carved-out prefix is not added as a match.
        let words: Vec<&str> = values
            .iter()
            .filter(|v| v.len() == 1)
            .filter_map(|v| v.first().map(String::as_str))
            .collect();
        let has_extra = values.iter().any(|v| v.len() > 1);
        match kind.as_str() {
            "protocol" => {
                let parsed: Option<Vec<u8>> = words.iter().map(|p| protocol_number(p)).collect();
                match parsed {
                    Some(p) => protocols = p.into_iter().map(Some).collect(),
                    None => unsupported.push("filter protocol name".into()),
                }
            }
            "source-address"
            | "destination-address"
            | "source-prefix-list"
            | "destination-prefix-list" => {
                if has_extra {
                    unsupported.push(format!("filter `{kind} ... except`"));
                }
                let mut matches = Vec::new();
                for w in &words {
                    if kind.ends_with("prefix-list") {
                        match prefix_list(w) {
                            Some(prefixes) => {
                                matches.extend(prefixes.into_iter().map(AddressMatch::Prefix));
                            }
                            None => unsupported.push(format!("undefined prefix-list {w}")),
                        }
                    } else {
                        match w.parse::<IpNet>() {
                            Ok(p) => matches.push(AddressMatch::Prefix(p.trunc())),
                            Err(_) => unsupported.push(format!("filter address {w}")),
                        }
                    }
                }
                let target = if kind.starts_with("source") {
                    &mut sources
                } else {
                    &mut destinations
                };
                // Two kinds naming the same side (address and prefix-list) are alternatives.
                if target.as_slice() == [AddressMatch::Any] {
                    *target = matches;
                } else {
                    target.extend(matches);
                }
            }
            "source-port" | "destination-port" => {
                let ranges: Option<Vec<PortRange>> = words.iter().map(|p| port_range(p)).collect();
                match ranges {
                    Some(r) if kind == "source-port" => src_ports = r,
                    Some(r) => dst_ports = r,
                    None => unsupported.push(format!("filter {kind} name")),
                }
            }
            "tcp-established" => established = true,
            "icmp-type" => match words.as_slice() {
                [one] => match icmp_number(one) {
                    Some(t) => icmp_type = Some(t),
                    None => unsupported.push(format!("icmp-type {one}")),
                },
                _ => unsupported.push("several icmp types".into()),
            },
            other => unsupported.push(format!("filter condition `from {other}`")),
        }
    }
    let unsupported = (!unsupported.is_empty()).then(|| unsupported.join("; "));
    let mut lines = Vec::new();
    'out: for protocol in &protocols {
        for src in &sources {
            for dst in &destinations {
                if lines.len() >= MAX_LINES {
                    break 'out;
                }
                lines.push(AclLine {
                    seq: None,
                    action,
                    protocol: *protocol,
                    src: *src,
                    src_ports: src_ports.clone(),
                    dst: *dst,
                    dst_ports: dst_ports.clone(),
                    established,
                    icmp_type,
                    icmp_code: None,
                    unsupported: unsupported.clone(),
                    span: term.span,
                });
            }
        }
    }
    // An address list that came out empty (an empty prefix list) matches nothing.
    lines
}

fn protocol_number(name: &str) -> Option<u8> {
    Some(match name {
        "icmp" => 1,
        "igmp" => 2,
        "tcp" => 6,
        "udp" => 17,
        "gre" => 47,
        "esp" => 50,
        "ah" => 51,
        "icmp6" | "icmpv6" => 58,
        "ospf" => 89,
        "pim" => 103,
        "vrrp" => 112,
        other => other.parse().ok()?,
    })
}

fn port_number(name: &str) -> Option<u16> {
    Some(match name {
        "ftp-data" => 20,
        "ftp" => 21,
        "ssh" => 22,
        "telnet" => 23,
        "smtp" => 25,
        "domain" => 53,
        "bootps" => 67,
        "bootpc" => 68,
        "tftp" => 69,
        "http" => 80,
        "ntp" => 123,
        "snmp" => 161,
        "snmptrap" => 162,
        "bgp" => 179,
        "ldap" => 389,
        "https" => 443,
        "syslog" => 514,
        "ldp" => 646,
        other => other.parse().ok()?,
    })
}

fn port_range(text: &str) -> Option<PortRange> {
    match text.split_once('-') {
        Some((low, high)) => Some(PortRange {
            low: port_number(low)?,
            high: port_number(high)?,
        }),
        None => port_number(text).map(PortRange::single),
    }
}

fn icmp_number(name: &str) -> Option<u8> {
    Some(match name {
        "echo-reply" => 0,
        "unreachable" => 3,
        "redirect" => 5,
        "echo-request" => 8,
        "router-advertisement" => 9,
        "router-solicit" => 10,
        "time-exceeded" => 11,
        "parameter-problem" => 12,
        "timestamp" => 13,
        "timestamp-reply" => 14,
        other => other.parse().ok()?,
    })
}
