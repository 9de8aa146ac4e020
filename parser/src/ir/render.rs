//! The canonical text form of a device: the IR written back as an IOS-style configuration.
//!
//! [`device`] takes vendor-neutral IR and writes Cisco IOS syntax, one stanza per item in a
//! fixed order (hostname, VRFs, interfaces, static routes, prefix lists, route policies), so
//! that the same IR always gives the same text. Parsing that text as IOS gives the same IR back,
//! spans aside; `tests` below checks it with proptest on generated devices.
//!
//! Coverage is the part of the IR that IOS can say directly: names, VRFs with route
//! distinguishers and descriptions; interfaces with descriptions, VRF, addresses, shutdown,
//! MTU, bandwidth, OSPF cost and ACLs; static routes; prefix lists (both families); route-maps
//! with prefix-list, tag and metric matches and the common sets. What it cannot write (routing
//! processes, ACL bodies, community and AS-path lists, unsupported items) is left out, and
//! [`Rendered::omitted`] lists it, so a caller never mistakes a partial rendering for a whole
//! one.

use std::fmt::Write as _;
use std::net::IpAddr;

use ipnet::IpNet;

use super::policy::{
    ClauseResult, MetricSet, NextHopSet, Origin, PolicyClause, PolicyMatch, PolicySet, PrefixRange,
};
use super::routing::StaticNextHop;
use super::{Action, AddressFamily, Device};

/// A device as configuration text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The configuration.
    pub text: String,
    /// What the device has that the text does not say, one short phrase each.
    pub omitted: Vec<String>,
}

/// Writes `device` as an IOS configuration.
pub fn device(device: &Device) -> Rendered {
    let mut out = String::new();
    let mut omitted = Vec::new();
    let _ = writeln!(out, "hostname {}", device.name);
    out.push_str("!\n");
    for vrf in device.vrfs.values() {
        let _ = writeln!(out, "vrf definition {}", vrf.name);
        if let Some(description) = &vrf.description {
            let _ = writeln!(out, " description {}", description.value);
        }
        if let Some(rd) = &vrf.rd {
            let _ = writeln!(out, " rd {}", rd.value);
        }
        if !vrf.import_targets.is_empty() || !vrf.export_targets.is_empty() {
            omitted.push(format!("route targets of vrf {}", vrf.name));
        }
        out.push_str("!\n");
    }
    for interface in device.interfaces.values() {
        let _ = writeln!(out, "interface {}", interface.name);
        if let Some(description) = &interface.description {
            let _ = writeln!(out, " description {}", description.value);
        }
        if let Some(vrf) = &interface.vrf {
            let _ = writeln!(out, " vrf forwarding {}", vrf.value);
        }
        if let Some(bandwidth) = &interface.bandwidth_kbps {
            let _ = writeln!(out, " bandwidth {}", bandwidth.value);
        }
        if let Some(mtu) = &interface.mtu {
            let _ = writeln!(out, " mtu {}", mtu.value);
        }
        for address in &interface.addresses {
            match address.address {
                IpNet::V4(net) => {
                    let _ = writeln!(
                        out,
                        " ip address {} {}{}",
                        net.addr(),
                        net.netmask(),
                        if address.secondary { " secondary" } else { "" }
                    );
                }
                IpNet::V6(net) => {
                    let _ = writeln!(out, " ipv6 address {net}");
                }
            }
        }
        if let Some(acl) = &interface.acl_in {
            let _ = writeln!(out, " ip access-group {} in", acl.value);
        }
        if let Some(acl) = &interface.acl_out {
            let _ = writeln!(out, " ip access-group {} out", acl.value);
        }
        if let Some(cost) = &interface.ospf.cost {
            let _ = writeln!(out, " ip ospf cost {}", cost.value);
        }
        match &interface.shutdown {
            Some(s) if s.value => out.push_str(" shutdown\n"),
            Some(_) => out.push_str(" no shutdown\n"),
            None => {}
        }
        out.push_str("!\n");
    }
    for route in &device.static_routes {
        let command = if route.prefix.addr().is_ipv4() {
            "ip route"
        } else {
            "ipv6 route"
        };
        let vrf = route
            .vrf
            .as_ref()
            .map(|v| format!(" vrf {v}"))
            .unwrap_or_default();
        let next_hop = match &route.next_hop {
            StaticNextHop::Address(a) => a.to_string(),
            StaticNextHop::Interface(i) => i.clone(),
            StaticNextHop::InterfaceAddress(i, a) => format!("{i} {a}"),
            StaticNextHop::Discard => "Null0".to_owned(),
            StaticNextHop::Reject | StaticNextHop::OtherVrf(..) => {
                omitted.push(format!(
                    "static route {} ({:?})",
                    route.prefix, route.next_hop
                ));
                continue;
            }
        };
        let _ = write!(
            out,
            "{command}{vrf} {} {next_hop}",
            destination(&route.prefix)
        );
        if let Some(distance) = route.distance {
            let _ = write!(out, " {distance}");
        }
        if let Some(tag) = route.tag {
            let _ = write!(out, " tag {tag}");
        }
        if let Some(name) = &route.name {
            let _ = write!(out, " name {name}");
        }
        if route.permanent {
            out.push_str(" permanent");
        }
        out.push('\n');
    }
    if !device.static_routes.is_empty() {
        out.push_str("!\n");
    }
    for (family, lists) in [
        ("ip", &device.prefix_lists),
        ("ipv6", &device.prefix_lists_v6),
    ] {
        for list in lists.values() {
            for entry in &list.entries {
                let _ = writeln!(
                    out,
                    "{family} prefix-list {} seq {} {} {}",
                    list.name,
                    entry.seq,
                    action(entry.action),
                    range(&entry.range)
                );
            }
        }
    }
    out.push_str("!\n");
    for policy in device.route_policies.values() {
        for clause in &policy.clauses {
            route_map_clause(&mut out, &policy.name, clause, &mut omitted);
        }
    }
    for (what, count) in [
        ("ospf processes", device.ospf.len()),
        ("is-is processes", device.isis.len()),
        ("bgp process", usize::from(device.bgp.is_some())),
        ("community lists", device.community_lists.len()),
        ("as-path lists", device.as_path_lists.len()),
        ("acls", device.acls.len() + device.acls_v6.len()),
        ("unsupported items", device.unsupported.len()),
    ] {
        if count > 0 {
            omitted.push(format!("{count} {what}"));
        }
    }
    out.push_str("end\n");
    Rendered { text: out, omitted }
}

fn route_map_clause(
    out: &mut String,
    name: &str,
    clause: &PolicyClause,
    omitted: &mut Vec<String>,
) {
    let result = match clause.result {
        ClauseResult::Permit => "permit",
        ClauseResult::Deny => "deny",
        _ => {
            omitted.push(format!("route-map {name} clause {}", clause.label));
            return;
        }
    };
    let seq = clause.seq.map(|s| format!(" {s}")).unwrap_or_default();
    let _ = writeln!(out, "route-map {name} {result}{seq}");
    for m in &clause.matches {
        let line = match &m.value {
            PolicyMatch::PrefixList(AddressFamily::Ipv4, lists) => {
                format!("match ip address prefix-list {}", lists.join(" "))
            }
            PolicyMatch::PrefixList(AddressFamily::Ipv6, lists) => {
                format!("match ipv6 address prefix-list {}", lists.join(" "))
            }
            PolicyMatch::Tag(tags) => format!("match tag {}", join(tags)),
            PolicyMatch::Metric(metric) => format!("match metric {metric}"),
            other => {
                omitted.push(format!("route-map {name}: {other:?}"));
                continue;
            }
        };
        let _ = writeln!(out, " {line}");
    }
    for s in &clause.sets {
        let line = match &s.value {
            PolicySet::LocalPreference(v) => format!("set local-preference {v}"),
            PolicySet::Metric(MetricSet::Set(v)) => format!("set metric {v}"),
            PolicySet::Metric(MetricSet::Add(v)) => format!("set metric +{v}"),
            PolicySet::Metric(MetricSet::Subtract(v)) => format!("set metric -{v}"),
            PolicySet::Weight(v) => format!("set weight {v}"),
            PolicySet::Tag(v) => format!("set tag {v}"),
            PolicySet::Community {
                communities,
                additive,
            } => format!(
                "set community {}{}",
                communities.join(" "),
                if *additive { " additive" } else { "" }
            ),
            PolicySet::AsPathPrepend(asns) => format!("set as-path prepend {}", join(asns)),
            PolicySet::Origin(origin) => format!(
                "set origin {}",
                match origin {
                    Origin::Igp => "igp",
                    Origin::Egp => "egp",
                    Origin::Incomplete => "incomplete",
                }
            ),
            PolicySet::NextHop(NextHopSet::Address(IpAddr::V4(a))) => {
                format!("set ip next-hop {a}")
            }
            other => {
                omitted.push(format!("route-map {name}: {other:?}"));
                continue;
            }
        };
        let _ = writeln!(out, " {line}");
    }
    out.push_str("!\n");
}

fn join<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn action(action: Action) -> &'static str {
    match action {
        Action::Permit => "permit",
        Action::Deny => "deny",
    }
}

/// `10.0.0.0 255.0.0.0` for IPv4, `2001:db8::/32` for IPv6.
fn destination(prefix: &IpNet) -> String {
    match prefix {
        IpNet::V4(net) => format!("{} {}", net.network(), net.netmask()),
        IpNet::V6(net) => net.trunc().to_string(),
    }
}

/// `10.0.0.0/8 ge 16 le 24`, with `ge` and `le` only where they differ from the exact prefix.
fn range(range: &PrefixRange) -> String {
    let len = range.prefix.prefix_len();
    let max = range.prefix.max_prefix_len();
    let mut out = range.prefix.to_string();
    if range.min_len == len && range.max_len == len {
        return out;
    }
    if range.min_len > len {
        let _ = write!(out, " ge {}", range.min_len);
    }
    if range.max_len < max || range.min_len == len {
        let _ = write!(out, " le {}", range.max_len);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::net::Ipv4Addr;

    use ipnet::Ipv4Net;
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;
    use crate::ir::interface::{Interface, InterfaceAddress, Vrf};
    use crate::ir::policy::{PrefixList, PrefixListEntry, RoutePolicy};
    use crate::ir::routing::StaticRoute;
    use crate::ir::{Span, Spanned};
    use crate::{Dialect, Format, Sources, parse_config_as};

    /// The IR as data, spans aside: every `span` field dropped and every `Spanned` unwrapped.
    /// `references` are derived by the parser from the rest and `file` is where the text was
    /// put, so both are left out too.
    fn without_spans(device: &Device) -> Value {
        fn strip(value: Value) -> Value {
            match value {
                Value::Object(map) => {
                    if map.len() == 2 && map.contains_key("value") && map.contains_key("span") {
                        let mut map = map;
                        return strip(map.remove("value").unwrap_or(Value::Null));
                    }
                    Value::Object(
                        map.into_iter()
                            .filter(|(k, _)| !k.ends_with("span") && k != "file")
                            .map(|(k, v)| (k, strip(v)))
                            .collect(),
                    )
                }
                Value::Array(items) => Value::Array(items.into_iter().map(strip).collect()),
                other => other,
            }
        }
        let mut value = serde_json::to_value(device).expect("IR serialises");
        if let Some(map) = value.as_object_mut() {
            map.remove("references");
        }
        strip(value)
    }

    fn parse(text: &str) -> Device {
        let mut sources = Sources::new();
        let file = sources.add("rendered.cfg", text);
        let parsed = parse_config_as(&sources, file, Format::Ios(Dialect::Ios));
        assert!(
            parsed.diagnostics.is_empty(),
            "the canonical text parses without diagnostics:\n{text}\n{:#?}",
            parsed.diagnostics
        );
        parsed.device
    }

    fn spanned<T>(value: T) -> Spanned<T> {
        Spanned::new(value, Span::default())
    }

    fn word() -> impl Strategy<Value = String> {
        "[A-Z][A-Z0-9_-]{0,8}"
    }

    fn description() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9][a-zA-Z0-9 ._:/-]{0,30}[a-zA-Z0-9]"
    }

    fn ipv4_prefix() -> impl Strategy<Value = Ipv4Net> {
        (any::<u32>(), 8u8..=30).prop_map(|(bits, len)| {
            Ipv4Net::new(Ipv4Addr::from(bits), len)
                .expect("valid length")
                .trunc()
        })
    }

    /// An address on a subnet: a host address, not the network or broadcast one.
    fn interface_address() -> impl Strategy<Value = IpNet> {
        (ipv4_prefix(), 1u32..4).prop_map(|(net, host)| {
            let addr = Ipv4Addr::from(u32::from(net.network()) + host);
            IpNet::V4(Ipv4Net::new(addr, net.prefix_len()).expect("valid length"))
        })
    }

    fn interface(vrfs: Vec<String>) -> impl Strategy<Value = Interface> {
        (
            prop_oneof![
                (0u32..48).prop_map(|n| format!("GigabitEthernet0/{n}")),
                (0u32..100).prop_map(|n| format!("Loopback{n}")),
                (1u32..4000).prop_map(|n| format!("Vlan{n}")),
            ],
            proptest::option::of(description()),
            proptest::option::of(proptest::sample::select(if vrfs.is_empty() {
                vec!["MGMT".to_owned()]
            } else {
                vrfs
            })),
            proptest::collection::vec(interface_address(), 0..3),
            proptest::option::of(any::<bool>()),
            proptest::option::of(576u32..9216),
            proptest::option::of(1u64..100_000_000),
            proptest::option::of(1u32..65535),
            proptest::option::of(word()),
        )
            .prop_map(
                |(name, desc, vrf, addresses, shutdown, mtu, bandwidth, cost, acl)| {
                    let mut interface = Interface::new(name, Span::default());
                    interface.description = desc.map(spanned);
                    interface.vrf = vrf.map(spanned);
                    interface.addresses = addresses
                        .into_iter()
                        .enumerate()
                        .map(|(i, address)| InterfaceAddress {
                            address,
                            secondary: i > 0,
                            span: Span::default(),
                        })
                        .collect();
                    interface.shutdown = shutdown.map(spanned);
                    interface.mtu = mtu.map(spanned);
                    interface.bandwidth_kbps = bandwidth.map(spanned);
                    interface.ospf.cost = cost.map(spanned);
                    interface.acl_in = acl.map(spanned);
                    interface
                },
            )
    }

    fn static_route() -> impl Strategy<Value = StaticRoute> {
        (
            ipv4_prefix(),
            prop_oneof![
                any::<u32>().prop_map(|a| StaticNextHop::Address(IpAddr::V4(Ipv4Addr::from(a)))),
                (0u32..48).prop_map(|n| StaticNextHop::Interface(format!("GigabitEthernet0/{n}"))),
                Just(StaticNextHop::Discard),
            ],
            proptest::option::of(1u8..=255),
            proptest::option::of(1u32..100_000),
            proptest::option::of(word()),
        )
            .prop_map(|(prefix, next_hop, distance, tag, name)| StaticRoute {
                vrf: None,
                prefix: IpNet::V4(prefix),
                next_hop,
                distance,
                tag,
                name,
                permanent: false,
                metric: None,
                connected_only: false,
                span: Span::default(),
            })
    }

    fn prefix_list(name: String) -> impl Strategy<Value = PrefixList> {
        proptest::collection::vec((any::<bool>(), ipv4_prefix(), 0u8..=2, 0u8..=2), 1..5).prop_map(
            move |entries| PrefixList {
                name: name.clone(),
                family: AddressFamily::Ipv4,
                span: Span::default(),
                entries: entries
                    .into_iter()
                    .enumerate()
                    .map(|(i, (permit, prefix, ge, le))| {
                        let len = prefix.prefix_len();
                        let min_len = if ge > 0 { (len + ge).min(32) } else { len };
                        let max_len = if le > 0 {
                            (min_len + le).min(32)
                        } else if ge > 0 {
                            32
                        } else {
                            len
                        };
                        PrefixListEntry {
                            seq: 5 * (i as u32 + 1),
                            action: if permit { Action::Permit } else { Action::Deny },
                            range: PrefixRange {
                                prefix: IpNet::V4(prefix),
                                min_len,
                                max_len,
                            },
                            span: Span::default(),
                        }
                    })
                    .collect(),
            },
        )
    }

    fn policy_set() -> impl Strategy<Value = PolicySet> {
        prop_oneof![
            any::<u32>().prop_map(PolicySet::LocalPreference),
            any::<u32>().prop_map(|v| PolicySet::Metric(MetricSet::Set(v))),
            (0u32..65535).prop_map(PolicySet::Weight),
            any::<u32>().prop_map(PolicySet::Tag),
            (
                proptest::collection::vec((1u32..65535, 0u32..65535), 1..3),
                any::<bool>()
            )
                .prop_map(|(c, additive)| PolicySet::Community {
                    communities: c.iter().map(|(a, b)| format!("{a}:{b}")).collect(),
                    additive,
                }),
            proptest::collection::vec(1u32..65535, 1..4).prop_map(PolicySet::AsPathPrepend),
            prop_oneof![Just(Origin::Igp), Just(Origin::Incomplete)].prop_map(PolicySet::Origin),
        ]
    }

    fn route_policy(name: String, lists: Vec<String>) -> impl Strategy<Value = RoutePolicy> {
        proptest::collection::vec(
            (
                any::<bool>(),
                if lists.is_empty() {
                    Just(None).boxed()
                } else {
                    proptest::option::of(proptest::sample::subsequence(
                        lists.clone(),
                        1..=lists.len(),
                    ))
                    .boxed()
                },
                proptest::option::of(1u32..100_000),
                proptest::collection::vec(policy_set(), 0..3),
            ),
            1..4,
        )
        .prop_map(move |clauses| RoutePolicy {
            name: name.clone(),
            span: Span::default(),
            default_result: ClauseResult::Deny,
            clauses: clauses
                .into_iter()
                .enumerate()
                .map(|(i, (permit, lists, tag, sets))| {
                    let seq = 10 * (i as u32 + 1);
                    let mut matches = Vec::new();
                    if let Some(lists) = lists.filter(|l| !l.is_empty()) {
                        matches.push(spanned(PolicyMatch::PrefixList(AddressFamily::Ipv4, lists)));
                    }
                    if let Some(tag) = tag {
                        matches.push(spanned(PolicyMatch::Tag(vec![tag])));
                    }
                    PolicyClause {
                        label: seq.to_string(),
                        seq: Some(seq),
                        span: Span::default(),
                        matches,
                        sets: sets.into_iter().map(spanned).collect(),
                        result: if permit {
                            ClauseResult::Permit
                        } else {
                            ClauseResult::Deny
                        },
                    }
                })
                .collect(),
        })
    }

    /// Generated devices within the renderer's coverage.
    fn device_strategy() -> impl Strategy<Value = Device> {
        (
            "[a-z][a-z0-9-]{0,12}",
            proptest::collection::btree_set(word(), 0..3),
            proptest::collection::btree_set(word(), 0..3),
        )
            .prop_flat_map(|(name, vrf_names, list_names)| {
                let vrfs: Vec<String> = vrf_names.into_iter().collect();
                let lists: Vec<String> = list_names.into_iter().collect();
                (
                    Just(name),
                    Just(vrfs.clone()),
                    proptest::collection::vec(interface(vrfs), 0..5),
                    proptest::collection::vec(static_route(), 0..5),
                    lists
                        .iter()
                        .map(|n| prefix_list(n.clone()))
                        .collect::<Vec<_>>(),
                    proptest::collection::btree_map("RM-[A-Z]{1,6}", Just(()), 0..3).prop_flat_map(
                        move |names| {
                            names
                                .into_keys()
                                .map(|n| route_policy(n, lists.clone()))
                                .collect::<Vec<_>>()
                        },
                    ),
                    proptest::option::of("[0-9]{1,5}:[0-9]{1,5}"),
                )
            })
            .prop_map(|(name, vrfs, interfaces, statics, lists, policies, rd)| {
                let mut device = Device {
                    name,
                    ..Device::default()
                };
                for vrf in vrfs {
                    device.vrfs.insert(
                        vrf.clone(),
                        Vrf {
                            name: vrf,
                            span: Span::default(),
                            rd: rd.clone().map(spanned),
                            ..Vrf::default()
                        },
                    );
                }
                let mut by_name = BTreeMap::new();
                for interface in interfaces {
                    by_name.insert(interface.name.clone(), interface);
                }
                device.interfaces = by_name;
                device.static_routes = statics;
                for list in lists {
                    device.prefix_lists.insert(list.name.clone(), list);
                }
                for policy in policies {
                    device.route_policies.insert(policy.name.clone(), policy);
                }
                device
            })
    }

    /// One hand-written device: the canonical text, exactly.
    #[test]
    fn canonical_text() {
        let mut device = Device {
            name: "r1".into(),
            ..Device::default()
        };
        let mut interface = Interface::new("GigabitEthernet0/1", Span::default());
        interface.description = Some(spanned("to core".to_owned()));
        interface.addresses.push(InterfaceAddress {
            address: "10.0.0.1/24".parse().unwrap(),
            secondary: false,
            span: Span::default(),
        });
        interface.shutdown = Some(spanned(false));
        device.interfaces.insert(interface.name.clone(), interface);
        device.static_routes.push(StaticRoute {
            vrf: None,
            prefix: "0.0.0.0/0".parse().unwrap(),
            next_hop: StaticNextHop::Address("10.0.0.2".parse().unwrap()),
            distance: Some(250),
            tag: None,
            name: None,
            permanent: false,
            metric: None,
            connected_only: false,
            span: Span::default(),
        });
        let rendered = super::device(&device);
        assert_eq!(
            rendered.text,
            "hostname r1\n!\ninterface GigabitEthernet0/1\n description to core\n ip address 10.0.0.1 255.255.255.0\n no shutdown\n!\nip route 0.0.0.0 0.0.0.0 10.0.0.2 250\n!\n!\nend\n"
        );
        assert!(rendered.omitted.is_empty());
        assert_eq!(
            without_spans(&parse(&rendered.text)),
            without_spans(&device)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Generated IR, rendered and parsed again, is the same IR (spans aside), and
        /// rendering the parsed IR gives the same text.
        #[test]
        fn render_then_parse_is_identity(device in device_strategy()) {
            let rendered = super::device(&device);
            prop_assert!(rendered.omitted.is_empty(), "{:?}", rendered.omitted);
            let parsed = parse(&rendered.text);
            prop_assert_eq!(without_spans(&parsed), without_spans(&device), "{}", rendered.text);
            prop_assert_eq!(super::device(&parsed).text, rendered.text);
        }
    }
}
