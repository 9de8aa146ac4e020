//! A stable, human-readable dump of the IR, used by snapshot tests and `routeproof parse
//! --format ir`. Only what is set is printed; every blamable item ends with `@LINE`.

use std::fmt::Write as _;

use super::policy::{AddressMatch, ClauseResult, CommunityMatcher};
use super::routing::{BgpNeighbor, StaticNextHop};
use super::{Device, Network, Span, Spanned};
use crate::source::Sources;

/// Dumps every device of `network`.
pub fn network(network: &Network, sources: &Sources) -> String {
    let mut out = String::new();
    for device in network.devices.values() {
        out.push_str(&self::device(device, sources));
    }
    out
}

struct Printer<'s> {
    out: String,
    sources: &'s Sources,
}

impl Printer<'_> {
    fn line(&mut self, depth: usize, text: impl AsRef<str>, span: Option<Span>) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text.as_ref());
        if let Some(span) = span {
            let _ = write!(self.out, " @{}", self.sources.line(span));
        }
        self.out.push('\n');
    }

    fn opt<T: std::fmt::Display>(&mut self, depth: usize, label: &str, value: &Option<Spanned<T>>) {
        if let Some(v) = value {
            self.line(depth, format!("{label} {}", v.value), Some(v.span));
        }
    }

    fn flag(&mut self, depth: usize, label: &str, value: &Option<Spanned<bool>>) {
        if let Some(v) = value {
            self.line(
                depth,
                format!("{label} {}", if v.value { "on" } else { "off" }),
                Some(v.span),
            );
        }
    }
}

/// Dumps one device.
pub fn device(device: &Device, sources: &Sources) -> String {
    let mut p = Printer {
        out: String::new(),
        sources,
    };
    p.line(
        0,
        format!("device {} ({})", device.name, device.vendor.name()),
        device.hostname_span,
    );
    if let Some(version) = &device.os_version {
        p.line(
            1,
            format!("os version {}", version.value),
            Some(version.span),
        );
    }
    for (vrf, on) in &device.ip_routing {
        let name = if vrf.is_empty() { "default" } else { vrf };
        p.line(
            1,
            format!(
                "ip routing vrf {name} {}",
                if on.value { "on" } else { "off" }
            ),
            Some(on.span),
        );
    }
    for (vrf, on) in &device.ipv6_routing {
        let name = if vrf.is_empty() { "default" } else { vrf };
        p.line(
            1,
            format!(
                "ipv6 routing vrf {name} {}",
                if on.value { "on" } else { "off" }
            ),
            Some(on.span),
        );
    }
    for vrf in device.vrfs.values() {
        p.line(1, format!("vrf {}", vrf.name), Some(vrf.span));
        p.opt(2, "rd", &vrf.rd);
        p.opt(2, "description", &vrf.description);
        for (af, targets) in &vrf.import_targets {
            for t in targets {
                p.line(
                    2,
                    format!("import-target {af} {}", t.value).replace("  ", " "),
                    Some(t.span),
                );
            }
        }
        for (af, targets) in &vrf.export_targets {
            for t in targets {
                p.line(
                    2,
                    format!("export-target {af} {}", t.value).replace("  ", " "),
                    Some(t.span),
                );
            }
        }
    }
    for i in device.interfaces.values() {
        p.line(
            1,
            format!("interface {} ({:?})", i.name, i.kind),
            Some(i.span),
        );
        p.opt(2, "description", &i.description);
        p.flag(2, "shutdown", &i.shutdown);
        p.opt(2, "vrf", &i.vrf);
        for a in &i.addresses {
            p.line(
                2,
                format!(
                    "address {}{}",
                    a.address,
                    if a.secondary { " secondary" } else { "" }
                ),
                Some(a.span),
            );
        }
        p.opt(2, "bandwidth-kbps", &i.bandwidth_kbps);
        p.opt(2, "speed-mbps", &i.speed_mbps);
        p.opt(2, "mtu", &i.mtu);
        p.flag(2, "switchport", &i.switchport);
        p.opt(2, "dot1q", &i.encapsulation_vlan);
        p.opt(2, "channel-group", &i.channel_group);
        p.opt(2, "acl-in", &i.acl_in);
        p.opt(2, "acl-out", &i.acl_out);
        if let Some(a) = &i.ospf.area {
            p.line(
                2,
                format!("ospf process {} area {}", a.value.0, a.value.1),
                Some(a.span),
            );
        }
        p.opt(2, "ospf cost", &i.ospf.cost);
        if let Some(t) = &i.ospf.network_type {
            p.line(2, format!("ospf network {:?}", t.value), Some(t.span));
        }
        p.flag(2, "ospf passive", &i.ospf.passive);
        p.opt(2, "ospf hello", &i.ospf.hello_interval);
        p.opt(2, "ospf dead", &i.ospf.dead_interval);
        p.flag(2, "ospf mtu-ignore", &i.ospf.mtu_ignore);
        p.opt(2, "isis process", &i.isis.process);
        p.opt(2, "isis metric-l1", &i.isis.metric_l1);
        p.opt(2, "isis metric-l2", &i.isis.metric_l2);
        if let Some(c) = &i.isis.circuit_type {
            p.line(2, format!("isis circuit-type {:?}", c.value), Some(c.span));
        }
        p.flag(2, "isis passive", &i.isis.passive);
        p.opt(2, "delay", &i.delay_tens_us);
        p.opt(2, "eigrp process", &i.eigrp.process);
        p.flag(2, "eigrp passive", &i.eigrp.passive);
        if i.isis.point_to_point {
            p.line(2, "isis point-to-point", None);
        }
    }
    for r in &device.static_routes {
        let nh = match &r.next_hop {
            StaticNextHop::Address(a) => format!("via {a}"),
            StaticNextHop::Interface(i) => format!("out {i}"),
            StaticNextHop::InterfaceAddress(i, a) => format!("out {i} via {a}"),
            StaticNextHop::Discard => "discard".to_owned(),
            StaticNextHop::Reject => "reject".to_owned(),
            StaticNextHop::OtherVrf(v, Some(a)) => format!("next-hop-vrf {v} via {a}"),
            StaticNextHop::OtherVrf(v, None) => format!("next-hop-vrf {v}"),
        };
        let mut text = format!("static {}", r.prefix);
        if let Some(v) = &r.vrf {
            text = format!("static vrf {v} {}", r.prefix);
        }
        let _ = write!(text, " {nh}");
        if let Some(d) = r.distance {
            let _ = write!(text, " distance {d}");
        }
        if let Some(t) = r.tag {
            let _ = write!(text, " tag {t}");
        }
        if let Some(n) = &r.name {
            let _ = write!(text, " name {n}");
        }
        if r.permanent {
            text.push_str(" permanent");
        }
        if let Some(m) = r.metric {
            let _ = write!(text, " metric {m}");
        }
        if r.connected_only {
            text.push_str(" connected-next-hop-only");
        }
        p.line(1, text, Some(r.span));
    }
    for o in &device.ospf {
        let vrf = o
            .vrf
            .as_ref()
            .map(|v| format!(" vrf {v}"))
            .unwrap_or_default();
        p.line(1, format!("ospf {}{vrf}", o.id), Some(o.span));
        p.opt(2, "router-id", &o.router_id);
        for n in &o.networks {
            p.line(
                2,
                format!("network {} {} area {}", n.address, n.wildcard, n.area),
                Some(n.span),
            );
        }
        p.flag(2, "passive-default", &o.passive_default);
        for i in &o.passive_interfaces {
            p.line(2, format!("passive {}", i.value), Some(i.span));
        }
        for i in &o.non_passive_interfaces {
            p.line(2, format!("active {}", i.value), Some(i.span));
        }
        for r in &o.redistribute {
            redistribution(&mut p, 2, r);
        }
        if let Some(d) = &o.default_originate {
            p.line(
                2,
                format!(
                    "default-originate always={} metric={:?} type={:?} policy={:?}",
                    d.always, d.metric, d.metric_type, d.route_policy
                ),
                Some(d.span),
            );
        }
        for (id, area) in &o.areas {
            if let Some(k) = &area.kind {
                p.line(2, format!("area {id} {:?}", k.value), Some(k.span));
            }
            for r in &area.ranges {
                p.line(
                    2,
                    format!(
                        "area {id} range {} advertise={} cost={:?}",
                        r.prefix, r.advertise, r.cost
                    ),
                    Some(r.span),
                );
            }
            p.opt(2, &format!("area {id} default-cost"), &area.default_cost);
        }
        p.opt(2, "reference-bandwidth-mbps", &o.reference_bandwidth_mbps);
        p.opt(2, "maximum-paths", &o.maximum_paths);
        p.opt(2, "distance", &o.distance.all);
        p.opt(2, "distance intra-area", &o.distance.intra_area);
        p.opt(2, "distance inter-area", &o.distance.inter_area);
        p.opt(2, "distance external", &o.distance.external);
        p.flag(2, "max-metric", &o.max_metric);
        p.flag(2, "shutdown", &o.shutdown);
        for i in &o.interfaces {
            let mut text = format!("interface {} area {}", i.name, i.area);
            if let Some(c) = i.cost {
                let _ = write!(text, " cost {c}");
            }
            if let Some(t) = i.network_type {
                let _ = write!(text, " network {t:?}");
            }
            if i.passive {
                text.push_str(" passive");
            }
            p.line(2, text, Some(i.span));
        }
    }
    for s in &device.isis {
        p.line(
            1,
            format!(
                "isis {}",
                if s.tag.is_empty() {
                    "(untagged)"
                } else {
                    &s.tag
                }
            ),
            Some(s.span),
        );
        for n in &s.nets {
            p.line(2, format!("net {}", n.value), Some(n.span));
        }
        if let Some(l) = &s.is_type {
            p.line(2, format!("is-type {:?}", l.value), Some(l.span));
        }
        if let Some(m) = &s.metric_style {
            p.line(2, format!("metric-style {:?}", m.value), Some(m.span));
        }
        p.flag(2, "passive-default", &s.passive_default);
        for i in &s.passive_interfaces {
            p.line(2, format!("passive {}", i.value), Some(i.span));
        }
        for r in &s.redistribute {
            redistribution(&mut p, 2, r);
        }
        p.flag(2, "overload", &s.overload);
        for af in &s.address_families {
            p.line(2, format!("address-family {:?}", af.value), Some(af.span));
        }
        p.opt(2, "maximum-paths", &s.maximum_paths);
        p.opt(2, "distance", &s.distance);
        for i in &s.interfaces {
            let mut text = format!("interface {}", i.name);
            if let Some(m) = i.metric_l1 {
                let _ = write!(text, " metric-l1 {m}");
            }
            if let Some(m) = i.metric_l2 {
                let _ = write!(text, " metric-l2 {m}");
            }
            if i.passive {
                text.push_str(" passive");
            }
            p.line(2, text, Some(i.span));
        }
    }
    for e in &device.eigrp {
        let vrf = e
            .vrf
            .as_ref()
            .map_or_else(String::new, |v| format!(" vrf {v}"));
        let asn = e
            .asn
            .as_ref()
            .map_or_else(|| " (no AS)".to_owned(), |a| format!(" as {}", a.value));
        p.line(1, format!("eigrp {}{asn}{vrf}", e.tag), Some(e.span));
        p.opt(2, "router-id", &e.router_id);
        for n in &e.networks {
            p.line(
                2,
                format!("network {} {}", n.address, n.wildcard),
                Some(n.span),
            );
        }
        p.flag(2, "passive-default", &e.passive_default);
        for i in &e.passive_interfaces {
            p.line(2, format!("passive {}", i.value), Some(i.span));
        }
        for i in &e.non_passive_interfaces {
            p.line(2, format!("non-passive {}", i.value), Some(i.span));
        }
        for r in &e.redistribute {
            redistribution(&mut p, 2, r);
        }
        if let Some(m) = &e.default_metric {
            p.line(
                2,
                format!("default-metric {}", eigrp_metric(&m.value)),
                Some(m.span),
            );
        }
        if let Some(d) = &e.distance {
            p.line(
                2,
                format!("distance internal {} external {}", d.value.0, d.value.1),
                Some(d.span),
            );
        }
        p.opt(2, "maximum-paths", &e.maximum_paths);
        p.flag(2, "shutdown", &e.shutdown);
    }
    if let Some(bgp) = &device.bgp {
        p.line(1, format!("bgp {}", bgp.asn), Some(bgp.span));
        p.opt(2, "router-id", &bgp.router_id);
        let o = &bgp.options;
        p.flag(2, "as-path-ignore", &o.as_path_ignore);
        p.flag(2, "multipath-relax", &o.as_path_multipath_relax);
        p.flag(2, "compare-router-id", &o.compare_router_id);
        p.flag(2, "always-compare-med", &o.always_compare_med);
        p.flag(2, "med-missing-as-worst", &o.med_missing_as_worst);
        p.flag(2, "deterministic-med", &o.deterministic_med);
        p.flag(2, "default-ipv4-unicast", &o.default_ipv4_unicast);
        p.opt(2, "cluster-id", &o.cluster_id);
        p.flag(
            2,
            "client-to-client-reflection",
            &o.client_to_client_reflection,
        );
        p.flag(2, "ebgp-requires-policy", &o.ebgp_requires_policy);
        p.flag(2, "redistribute-internal", &o.redistribute_internal);
        if let Some(d) = &o.distance {
            p.line(
                2,
                format!("distance {} {} {}", d.value.0, d.value.1, d.value.2),
                Some(d.span),
            );
        }
        for (name, group) in &bgp.peer_groups {
            p.line(2, format!("peer-group {name}"), Some(group.span));
            neighbor(&mut p, 3, group);
        }
        for (name, vrf) in &bgp.vrfs {
            p.line(
                2,
                format!("vrf {}", if name.is_empty() { "default" } else { name }),
                Some(vrf.span),
            );
            p.opt(3, "router-id", &vrf.router_id);
            for (peer, n) in &vrf.neighbors {
                p.line(3, format!("neighbor {peer}"), Some(n.span));
                neighbor(&mut p, 4, n);
            }
            for (family, af) in &vrf.address_families {
                p.line(3, format!("address-family {family:?}"), af.span);
                for n in &af.networks {
                    let rm = n
                        .route_policy
                        .as_ref()
                        .map(|r| format!(" policy {}", r.value))
                        .unwrap_or_default();
                    p.line(4, format!("network {}{rm}", n.prefix), Some(n.span));
                }
                for a in &af.aggregates {
                    p.line(
                        4,
                        format!(
                            "aggregate {} summary-only={} as-set={}",
                            a.prefix, a.summary_only, a.as_set
                        ),
                        Some(a.span),
                    );
                }
                for r in &af.redistribute {
                    redistribution(&mut p, 4, r);
                }
                p.opt(4, "maximum-paths-ebgp", &af.maximum_paths_ebgp);
                p.opt(4, "maximum-paths-ibgp", &af.maximum_paths_ibgp);
                if let Some(d) = &af.distance {
                    p.line(
                        4,
                        format!("distance {} {} {}", d.value.0, d.value.1, d.value.2),
                        Some(d.span),
                    );
                }
                p.flag(
                    4,
                    "default-information-originate",
                    &af.default_information_originate,
                );
                p.flag(4, "additional-paths-send", &af.additional_paths_send);
                p.flag(4, "additional-paths-receive", &af.additional_paths_receive);
                p.flag(
                    4,
                    "additional-paths-select-all",
                    &af.additional_paths_select_all,
                );
            }
        }
    }
    for policy in device.route_policies.values() {
        p.line(
            1,
            format!("route-policy {}", policy.name),
            Some(policy.span),
        );
        for c in &policy.clauses {
            let result = match &c.result {
                ClauseResult::Permit => "permit".to_owned(),
                ClauseResult::Deny => "deny".to_owned(),
                ClauseResult::Continue(s) => format!("permit, continue {s:?}"),
                ClauseResult::Goto(s) => format!("goto {s:?}"),
                ClauseResult::NextPolicy => "next policy".to_owned(),
            };
            p.line(2, format!("clause {} {result}", c.label), Some(c.span));
            for m in &c.matches {
                p.line(3, format!("match {:?}", m.value), Some(m.span));
            }
            for s in &c.sets {
                p.line(3, format!("set {:?}", s.value), Some(s.span));
            }
        }
    }
    for (label, lists) in [
        ("prefix-list", &device.prefix_lists),
        ("ipv6 prefix-list", &device.prefix_lists_v6),
    ] {
        for list in lists.values() {
            p.line(1, format!("{label} {}", list.name), Some(list.span));
            for e in &list.entries {
                p.line(
                    2,
                    format!(
                        "seq {} {:?} {} len {}..{}",
                        e.seq, e.action, e.range.prefix, e.range.min_len, e.range.max_len
                    ),
                    Some(e.span),
                );
            }
        }
    }
    for list in device.community_lists.values() {
        p.line(1, format!("community-list {}", list.name), Some(list.span));
        for e in &list.entries {
            let m = match &e.matcher {
                CommunityMatcher::All(v) => format!("all of {}", v.join(" ")),
                CommunityMatcher::Regex(r) => format!("regex {r}"),
            };
            p.line(2, format!("{:?} {m}", e.action), Some(e.span));
        }
    }
    for list in device.as_path_lists.values() {
        p.line(1, format!("as-path-list {}", list.name), Some(list.span));
        for e in &list.entries {
            p.line(2, format!("{:?} {}", e.action, e.regex), Some(e.span));
        }
    }
    for (label, acls) in [("acl", &device.acls), ("ipv6 acl", &device.acls_v6)] {
        for acl in acls.values() {
            p.line(
                1,
                format!(
                    "{label} {}{}",
                    acl.name,
                    if acl.standard { " (standard)" } else { "" }
                ),
                Some(acl.span),
            );
            for l in &acl.lines {
                let mut text = format!("{:?}", l.action).to_lowercase();
                if let Some(seq) = l.seq {
                    text = format!("{seq} {text}");
                }
                let _ = write!(
                    text,
                    " proto {}",
                    l.protocol.map_or("any".to_owned(), |p| p.to_string())
                );
                let _ = write!(text, " src {}", address(&l.src));
                for r in &l.src_ports {
                    let _ = write!(text, " sport {}-{}", r.low, r.high);
                }
                let _ = write!(text, " dst {}", address(&l.dst));
                for r in &l.dst_ports {
                    let _ = write!(text, " dport {}-{}", r.low, r.high);
                }
                if l.established {
                    text.push_str(" established");
                }
                if let Some(t) = l.icmp_type {
                    let _ = write!(text, " icmp-type {t}");
                }
                if let Some(u) = &l.unsupported {
                    let _ = write!(text, " unsupported({u})");
                }
                p.line(2, text, Some(l.span));
            }
        }
    }
    for r in &device.references {
        p.line(
            1,
            format!("ref {} {} ({})", r.kind.name(), r.name, r.usage),
            Some(r.span),
        );
    }
    for u in &device.unsupported {
        let scope = u
            .scope
            .as_ref()
            .map(|s| format!(" in {s}"))
            .unwrap_or_default();
        p.line(1, format!("unsupported {}{scope}", u.feature), Some(u.span));
    }
    p.out
}

fn address(a: &AddressMatch) -> String {
    match a {
        AddressMatch::Any => "any".to_owned(),
        AddressMatch::Wildcard(base, wildcard) => format!("{base}/{wildcard}"),
        AddressMatch::Prefix(p) => p.to_string(),
    }
}

fn redistribution(p: &mut Printer<'_>, depth: usize, r: &super::routing::Redistribution) {
    let mut text = format!("redistribute {:?}", r.source);
    if let Some(rm) = &r.route_policy {
        let _ = write!(text, " policy {}", rm.value);
    }
    if let Some(m) = r.metric {
        let _ = write!(text, " metric {m}");
    }
    if let Some(m) = &r.eigrp_metric {
        let _ = write!(text, " metric {}", eigrp_metric(m));
    }
    if let Some(t) = r.metric_type {
        let _ = write!(text, " metric-type {t}");
    }
    if r.subnets {
        text.push_str(" subnets");
    }
    if let Some(l) = r.isis_level {
        let _ = write!(text, " level {l:?}");
    }
    if let Some(t) = r.tag {
        let _ = write!(text, " tag {t}");
    }
    if !r.match_route_types.is_empty() {
        let _ = write!(text, " match {}", r.match_route_types.join(" "));
    }
    p.line(depth, text, Some(r.span));
}

fn eigrp_metric(m: &super::routing::EigrpMetric) -> String {
    format!(
        "bandwidth {} delay {} reliability {} load {} mtu {}",
        m.bandwidth_kbps, m.delay_tens_us, m.reliability, m.load, m.mtu
    )
}

fn neighbor(p: &mut Printer<'_>, depth: usize, n: &BgpNeighbor) {
    if let Some(r) = &n.remote_as {
        p.line(depth, format!("remote-as {:?}", r.value), Some(r.span));
    }
    p.opt(depth, "local-as", &n.local_as);
    p.opt(depth, "peer-group", &n.peer_group);
    p.opt(depth, "update-source", &n.update_source);
    p.opt(depth, "ebgp-multihop", &n.ebgp_multihop);
    p.flag(depth, "shutdown", &n.shutdown);
    p.opt(depth, "description", &n.description);
    p.flag(depth, "remove-private-as", &n.remove_private_as);
    for (family, af) in &n.address_families {
        p.line(depth, format!("af {family:?}"), None);
        let d = depth + 1;
        p.flag(d, "activate", &af.activate);
        p.opt(d, "policy-in", &af.route_policy_in);
        p.opt(d, "policy-out", &af.route_policy_out);
        p.opt(d, "prefix-list-in", &af.prefix_list_in);
        p.opt(d, "prefix-list-out", &af.prefix_list_out);
        p.opt(d, "as-path-in", &af.as_path_filter_in);
        p.opt(d, "as-path-out", &af.as_path_filter_out);
        p.flag(d, "next-hop-self", &af.next_hop_self);
        p.flag(d, "route-reflector-client", &af.route_reflector_client);
        p.flag(d, "send-community", &af.send_community);
        p.flag(d, "send-extended-community", &af.send_extended_community);
        if let Some(m) = &af.maximum_prefix {
            p.line(
                d,
                format!(
                    "maximum-prefix {}{}",
                    m.limit,
                    if m.warning_only { " warning-only" } else { "" }
                ),
                Some(m.span),
            );
        }
        if let Some(o) = &af.default_originate {
            p.line(d, format!("default-originate {:?}", o.value), Some(o.span));
        }
        p.opt(d, "weight", &af.weight);
        p.opt(d, "allowas-in", &af.allowas_in);
        p.flag(d, "as-override", &af.as_override);
        p.flag(d, "additional-paths-send", &af.additional_paths_send);
        p.flag(d, "additional-paths-receive", &af.additional_paths_receive);
        p.flag(
            d,
            "advertise-additional-paths-all",
            &af.advertise_additional_paths_all,
        );
    }
}
