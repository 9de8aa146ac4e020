//! Line identities: which line of a context a new line replaces, and which line a `no` line
//! removes.
//!
//! A device keeps one value per setting: `ip address` on an interface, `description`,
//! `neighbor X remote-as`, `route-map NAME permit SEQ`. Typing the setting again replaces the
//! line; other lines (ACL entries without a sequence number, `net` titles, `passive-interface X`)
//! simply accumulate. Some `match` lines merge: `match ip address prefix-list A` followed by
//! `match ip address prefix-list B` leaves `match ip address prefix-list A B`.
//!
//! Everything here is the table [`RULES`] plus two small functions for forms a pattern cannot
//! express (static routes, whose next hop is one or two words). A line no rule matches is its own
//! identity (the whole line): typing it twice keeps one copy.
//!
//! Context-opening lines (`interface`, `router ospf`, `route-map`...) are identified by the
//! context they open, not here.

use crate::ios::context::Context;

/// What a second line with the same identity does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// It replaces the first.
    Replace,
    /// Its values (the words after the pattern) are added to the first line's values.
    Merge,
}

/// The identity of one configuration line within its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Identity {
    /// Lines of one context with equal keys are the same setting.
    pub(crate) key: String,
    /// What a new line with this key does to an existing one.
    pub(crate) kind: Kind,
    /// For [`Kind::Merge`]: the words after the key (list names, tags...).
    pub(crate) values: Vec<String>,
}

/// The contexts a rule applies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// Every context.
    Any,
    /// Global configuration.
    Global,
    /// `interface X`.
    Interface,
    /// `router ospf`.
    Ospf,
    /// `router isis` and its address families.
    Isis,
    /// `router bgp`, its VRF blocks and address families.
    Bgp,
    /// `route-map NAME permit|deny SEQ`.
    RouteMap,
    /// A named access list.
    Acl,
    /// A VRF definition and its address families.
    Vrf,
    /// An `ip prefix-list NAME` block (EOS).
    PrefixListBlock,
    /// IOS-XR `router ospf` `area A` and its `interface X` blocks.
    XrOspf,
    /// IOS-XR `router isis` `interface X` blocks and their address families.
    XrIsisInterface,
}

impl Scope {
    fn of(ctx: &Context) -> Option<Scope> {
        Some(match ctx {
            Context::Global => Scope::Global,
            Context::Interface(_) => Scope::Interface,
            Context::RouterOspf { .. } => Scope::Ospf,
            Context::RouterIsis { .. } | Context::IsisAf { .. } => Scope::Isis,
            Context::RouterBgp { .. }
            | Context::BgpVrf { .. }
            | Context::BgpAf { .. }
            | Context::BgpPeer { .. }
            | Context::BgpPeerAf { .. } => Scope::Bgp,
            Context::RouteMap { .. } => Scope::RouteMap,
            Context::Acl { .. } => Scope::Acl,
            Context::Vrf { .. } | Context::VrfAf { .. } => Scope::Vrf,
            Context::PrefixListBlock { .. } => Scope::PrefixListBlock,
            // What opaque blocks hold is unknown: every line is its own identity.
            Context::Ignored(_) | Context::Unrecognised => return None,
            // EIGRP lines: each its own identity, as when the block was not modelled.
            Context::RouterEigrp { .. } => return None,
            // IOS-XR OSPF areas and the interfaces listed in them.
            Context::XrOspfArea { .. } | Context::XrOspfInterface { .. } => Scope::XrOspf,
            // IOS-XR IS-IS interface blocks.
            Context::XrIsisInterface { .. } | Context::XrIsisInterfaceAf { .. } => {
                Scope::XrIsisInterface
            }
            // A route-policy or set body is replaced whole when it is entered again (see
            // `edit`); static routes and route targets accumulate: every line is its own
            // identity.
            Context::XrStatic { .. }
            | Context::XrRoutePolicy { .. }
            | Context::XrSet { .. }
            | Context::XrRouteTargets { .. } => return None,
        })
    }
}

/// One identity rule.
///
/// `pattern` is a list of tokens matched against the line's leading words:
///
/// | token | matches | in the key |
/// | --- | --- | --- |
/// | `word` or `a\|b` | that keyword (any case) | lower-cased |
/// | `*` | any one word (a name, an address) | as written |
/// | `_` | any one word (a value that is replaced) | no |
/// | `#` | a number | as written |
/// | `@net` | a prefix: `A/L`, `A M` or `A mask M` | as written |
///
/// The line may have more words than the pattern: they are the value (replaced, or merged).
struct Rule {
    scope: Scope,
    pattern: &'static str,
    kind: Kind,
}

const fn replace(scope: Scope, pattern: &'static str) -> Rule {
    Rule {
        scope,
        pattern,
        kind: Kind::Replace,
    }
}

const fn merge(scope: Scope, pattern: &'static str) -> Rule {
    Rule {
        scope,
        pattern,
        kind: Kind::Merge,
    }
}

/// The rules, tried in order; the first that matches gives the identity. More specific patterns
/// come before the general ones they would otherwise lose to (`ip address * * secondary` before
/// `ip address`).
#[rustfmt::skip]
const RULES: &[Rule] = &[
    replace(Scope::Any, "description"),

    replace(Scope::Global, "hostname"),
    replace(Scope::Global, "ip domain-name"),
    replace(Scope::Global, "ip domain name"),
    replace(Scope::Global, "ip default-gateway"),
    replace(Scope::Global, "ip prefix-list * seq #"),
    replace(Scope::Global, "ipv6 prefix-list * seq #"),
    replace(Scope::Global, "ip prefix-list * description"),
    replace(Scope::Global, "ipv6 prefix-list * description"),
    replace(Scope::Global, "router-id"),
    replace(Scope::Global, "banner motd|login|exec|incoming"),
    replace(Scope::Global, "enable secret|password"),
    replace(Scope::Global, "username *"),
    replace(Scope::Global, "clock timezone"),
    replace(Scope::Global, "snmp-server community *"),
    replace(Scope::Global, "snmp-server location|contact"),

    replace(Scope::Interface, "ip address * * secondary"),
    replace(Scope::Interface, "ip address"),
    replace(Scope::Interface, "ip ospf message-digest-key #"),
    replace(Scope::Interface, "ip ospf _ area"),
    replace(Scope::Interface, "ip ospf *"),
    replace(Scope::Interface, "ip router isis"),
    replace(Scope::Interface, "ip access-group _ in|out"),
    replace(Scope::Interface, "ip vrf forwarding"),
    replace(Scope::Interface, "vrf forwarding|member"),
    replace(Scope::Interface, "ip mtu"),
    replace(Scope::Interface, "ip unnumbered"),
    replace(Scope::Interface, "ip tcp adjust-mss"),
    replace(Scope::Interface, "isis metric _ level-1|level-2"),
    replace(Scope::Interface, "isis metric"),
    replace(Scope::Interface, "isis circuit-type"),
    replace(Scope::Interface, "isis network"),
    replace(Scope::Interface, "isis password"),
    replace(Scope::Interface, "service-policy input|output"),
    replace(Scope::Interface, "switchport mode"),
    replace(Scope::Interface, "switchport access vlan"),
    replace(Scope::Interface, "switchport trunk native vlan"),
    replace(Scope::Interface, "bandwidth"),
    replace(Scope::Interface, "mtu"),
    replace(Scope::Interface, "speed"),
    replace(Scope::Interface, "duplex"),
    replace(Scope::Interface, "delay"),
    replace(Scope::Interface, "load-interval"),
    replace(Scope::Interface, "carrier-delay"),
    replace(Scope::Interface, "encapsulation"),
    replace(Scope::Interface, "channel-group"),
    replace(Scope::Interface, "media-type"),

    replace(Scope::Ospf, "router-id"),
    replace(Scope::Ospf, "network * * area"),
    replace(Scope::Ospf, "area * range @net"),
    replace(Scope::Ospf, "area * virtual-link *"),
    replace(Scope::Ospf, "area * *"),
    replace(Scope::Ospf, "auto-cost reference-bandwidth"),
    replace(Scope::Ospf, "distance ospf"),
    replace(Scope::Ospf, "timers *"),

    replace(Scope::Isis, "is-type"),
    replace(Scope::Isis, "metric-style"),
    replace(Scope::Isis, "set-overload-bit"),
    replace(Scope::Isis, "max-lsp-lifetime"),
    replace(Scope::Isis, "lsp-refresh-interval"),
    replace(Scope::Isis, "spf-interval"),
    replace(Scope::Isis, "authentication *"),

    replace(Scope::Bgp, "bgp router-id"),
    replace(Scope::Bgp, "bgp cluster-id"),
    replace(Scope::Bgp, "bgp confederation identifier"),
    replace(Scope::Bgp, "bgp default local-preference"),
    replace(Scope::Bgp, "router-id"),
    replace(Scope::Bgp, "neighbor * remote-as"),
    replace(Scope::Bgp, "neighbor * description"),
    replace(Scope::Bgp, "neighbor * update-source"),
    replace(Scope::Bgp, "neighbor * ebgp-multihop"),
    replace(Scope::Bgp, "neighbor * peer-group"),
    replace(Scope::Bgp, "neighbor * password"),
    replace(Scope::Bgp, "neighbor * timers"),
    replace(Scope::Bgp, "neighbor * local-as"),
    replace(Scope::Bgp, "neighbor * weight"),
    replace(Scope::Bgp, "neighbor * maximum-prefix"),
    replace(Scope::Bgp, "neighbor * allowas-in"),
    replace(Scope::Bgp, "neighbor * send-community"),
    replace(Scope::Bgp, "neighbor * default-originate"),
    replace(Scope::Bgp, "neighbor * route-map _ in|out"),
    replace(Scope::Bgp, "neighbor * prefix-list _ in|out"),
    replace(Scope::Bgp, "neighbor * filter-list _ in|out"),
    replace(Scope::Bgp, "neighbor * distribute-list _ in|out"),
    replace(Scope::Bgp, "network @net"),
    replace(Scope::Bgp, "aggregate-address @net"),
    replace(Scope::Bgp, "maximum-paths ibgp|ebgp|eibgp"),
    replace(Scope::Bgp, "distance bgp"),
    replace(Scope::Bgp, "timers bgp"),
    replace(Scope::Bgp, "table-map"),
    replace(Scope::Bgp, "default-metric"),
    replace(Scope::Bgp, "rd"),
    // Neighbor and group blocks (IOS-XR, NX-OS).
    replace(Scope::Bgp, "remote-as"),
    replace(Scope::Bgp, "update-source"),
    replace(Scope::Bgp, "local-as"),
    replace(Scope::Bgp, "ebgp-multihop"),
    replace(Scope::Bgp, "route-policy _ in|out"),
    replace(Scope::Bgp, "use neighbor-group|session-group|af-group"),
    replace(Scope::Bgp, "maximum-prefix"),

    // IOS-XR OSPF settings of an area or a listed interface.
    replace(Scope::XrOspf, "cost"),
    replace(Scope::XrOspf, "network"),
    replace(Scope::XrOspf, "passive"),
    replace(Scope::XrOspf, "hello-interval"),
    replace(Scope::XrOspf, "dead-interval"),
    replace(Scope::XrOspf, "mtu-ignore"),
    replace(Scope::XrOspf, "priority"),
    replace(Scope::XrOspf, "range @net"),
    replace(Scope::XrOspf, "stub"),
    replace(Scope::XrOspf, "nssa"),
    replace(Scope::XrIsisInterface, "circuit-type"),
    replace(Scope::XrIsisInterface, "metric"),
    replace(Scope::XrIsisInterface, "hello-interval"),

    // Shared by the routing processes.
    replace(Scope::Any, "redistribute bgp|ospf|eigrp|isis|rip *"),
    replace(Scope::Any, "redistribute *"),
    replace(Scope::Any, "default-information originate"),
    replace(Scope::Any, "maximum-paths"),
    replace(Scope::Any, "distance"),
    replace(Scope::Any, "log-adjacency-changes"),

    merge(Scope::RouteMap, "match ip address prefix-list"),
    merge(Scope::RouteMap, "match ipv6 address prefix-list"),
    merge(Scope::RouteMap, "match ip next-hop prefix-list"),
    merge(Scope::RouteMap, "match ip route-source prefix-list"),
    merge(Scope::RouteMap, "match ip address"),
    merge(Scope::RouteMap, "match ipv6 address"),
    merge(Scope::RouteMap, "match ip next-hop"),
    merge(Scope::RouteMap, "match ip route-source"),
    merge(Scope::RouteMap, "match community"),
    merge(Scope::RouteMap, "match extcommunity"),
    merge(Scope::RouteMap, "match as-path"),
    merge(Scope::RouteMap, "match tag"),
    merge(Scope::RouteMap, "match interface"),
    merge(Scope::RouteMap, "match route-type"),
    merge(Scope::RouteMap, "match source-protocol"),
    replace(Scope::RouteMap, "match metric"),
    replace(Scope::RouteMap, "set ip next-hop"),
    replace(Scope::RouteMap, "set ipv6 next-hop"),
    replace(Scope::RouteMap, "set as-path prepend"),
    replace(Scope::RouteMap, "set comm-list _ delete"),
    replace(Scope::RouteMap, "set extcommunity rt"),
    replace(Scope::RouteMap, "set community"),
    replace(Scope::RouteMap, "set local-preference"),
    replace(Scope::RouteMap, "set metric-type"),
    replace(Scope::RouteMap, "set metric"),
    replace(Scope::RouteMap, "set origin"),
    replace(Scope::RouteMap, "set weight"),
    replace(Scope::RouteMap, "set tag"),
    replace(Scope::RouteMap, "set level"),
    replace(Scope::RouteMap, "continue"),

    // Named ACL entries with a sequence number; entries without one accumulate.
    replace(Scope::Acl, "#"),
    replace(Scope::PrefixListBlock, "seq #"),

    replace(Scope::Vrf, "rd"),
    replace(Scope::Vrf, "vpn id"),
];

/// The identity of a non-opening line `text` (without `no` / `default`) in context `ctx`.
pub(crate) fn identity(ctx: &Context, text: &str) -> Identity {
    let words: Vec<&str> = text.split_whitespace().collect();
    let whole = || Identity {
        key: words.join(" "),
        kind: Kind::Replace,
        values: Vec::new(),
    };
    let Some(scope) = Scope::of(ctx) else {
        return whole();
    };
    if matches!(scope, Scope::Global | Scope::Vrf)
        && let Some(key) = static_route_key(&words)
    {
        return Identity {
            key,
            kind: Kind::Replace,
            values: Vec::new(),
        };
    }
    for rule in RULES {
        if rule.scope != Scope::Any && rule.scope != scope {
            continue;
        }
        if let Some((key, used)) = match_pattern(rule.pattern, &words) {
            let values = match rule.kind {
                Kind::Merge => words
                    .get(used..)
                    .unwrap_or(&[])
                    .iter()
                    .map(|w| (*w).to_owned())
                    .collect(),
                Kind::Replace => Vec::new(),
            };
            return Identity {
                key,
                kind: rule.kind,
                values,
            };
        }
    }
    whole()
}

/// Matches `pattern` against the leading `words`: the key and how many words it used.
fn match_pattern(pattern: &str, words: &[&str]) -> Option<(String, usize)> {
    let mut key: Vec<String> = Vec::new();
    let mut at = 0;
    for token in pattern.split(' ') {
        let word = *words.get(at)?;
        match token {
            "*" => key.push(word.to_owned()),
            "_" => {}
            "#" => {
                word.parse::<u64>().ok()?;
                key.push(word.to_owned());
            }
            "@net" => {
                let used = prefix_words(&words[at..])?;
                key.extend(words[at..at + used].iter().map(|w| (*w).to_owned()));
                at += used;
                continue;
            }
            alternatives => {
                let lower = word.to_ascii_lowercase();
                if !alternatives.split('|').any(|a| a == lower) {
                    return None;
                }
                key.push(lower);
            }
        }
        at += 1;
    }
    Some((key.join(" "), at))
}

/// How many words a prefix takes: `A/L` (1), `A M` (2) or `A mask M` (3).
fn prefix_words(words: &[&str]) -> Option<usize> {
    let first = words.first()?;
    if first.contains('/') {
        return Some(1);
    }
    first.parse::<std::net::IpAddr>().ok()?;
    match words.get(1) {
        Some(w) if w.eq_ignore_ascii_case("mask") => {
            words.get(2)?.parse::<std::net::Ipv4Addr>().ok()?;
            Some(3)
        }
        Some(w) if w.parse::<std::net::Ipv4Addr>().is_ok() => Some(2),
        _ => Some(1),
    }
}

/// `ip route [vrf V] PREFIX [MASK] NEXT-HOP...`: the identity is everything up to the next hop
/// (an address, an interface, or an interface and an address); distance, tag and name are the
/// value, as on the device, where typing the route with another distance changes the distance.
fn static_route_key(words: &[&str]) -> Option<String> {
    let family = words.first()?.to_ascii_lowercase();
    if !matches!(family.as_str(), "ip" | "ipv6") || !words.get(1)?.eq_ignore_ascii_case("route") {
        return None;
    }
    let mut at = 2;
    if words.get(at).is_some_and(|w| w.eq_ignore_ascii_case("vrf")) {
        at += 2;
    }
    at += prefix_words(words.get(at..)?)?.min(2);
    let is_address = |w: &&str| w.parse::<std::net::IpAddr>().is_ok();
    match words.get(at) {
        Some(w) if is_address(w) => at += 1,
        Some(w) if w.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            at += 1;
            if words.get(at).is_some_and(is_address) {
                at += 1;
            }
        }
        _ => {}
    }
    let mut key = vec![family, "route".to_owned()];
    key.extend(words.get(2..at)?.iter().map(|w| (*w).to_owned()));
    Some(key.join(" "))
}

/// `no` lines the device keeps in its configuration, because they turn off something that is on
/// by default (`no ip redirects`, `no bgp default ipv4-unicast`, `no neighbor X activate`). Other
/// `no` lines only remove what they name. `*` is any one word, `...` any number of words; the
/// whole line must match.
#[rustfmt::skip]
const STORED_NEGATIONS: &[(Scope, &str)] = &[
    (Scope::Interface, "ip address"),
    (Scope::Interface, "switchport"),
    (Scope::Interface, "ip redirects"),
    (Scope::Interface, "ip unreachables"),
    (Scope::Interface, "ip proxy-arp"),
    (Scope::Interface, "ip route-cache ..."),
    (Scope::Interface, "ip mroute-cache"),
    (Scope::Interface, "ip split-horizon ..."),
    (Scope::Interface, "cdp enable"),
    (Scope::Interface, "keepalive"),
    (Scope::Interface, "negotiation auto"),
    (Scope::Interface, "mop enabled"),
    (Scope::Interface, "autostate"),
    (Scope::Interface, "lldp transmit"),
    (Scope::Interface, "lldp receive"),
    (Scope::Bgp, "auto-summary"),
    (Scope::Bgp, "synchronization"),
    (Scope::Bgp, "bgp ..."),
    (Scope::Bgp, "neighbor * activate"),
    (Scope::Global, "ip routing ..."),
    (Scope::Global, "ipv6 routing"),
    (Scope::Global, "ip domain lookup"),
    (Scope::Global, "ip domain-lookup"),
    (Scope::Global, "ip http server"),
    (Scope::Global, "ip http secure-server"),
    (Scope::Global, "ip source-route"),
    (Scope::Global, "ip bootp server"),
    (Scope::Global, "ip classless"),
    (Scope::Global, "ip cef"),
    (Scope::Global, "ipv6 cef"),
    (Scope::Global, "ip gratuitous-arps"),
    (Scope::Global, "ip finger"),
    (Scope::Global, "service ..."),
    (Scope::Global, "cdp run"),
    (Scope::Global, "logging console"),
    (Scope::Global, "aaa new-model"),
];

/// True when the device keeps `no <text>` in context `ctx` as a line of its own.
/// `passive_by_default` says whether the context has `passive-interface default`, under which
/// `no passive-interface X` is what makes X active.
pub(crate) fn negation_is_stored(ctx: &Context, text: &str, passive_by_default: bool) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(scope) = Scope::of(ctx) else {
        return false;
    };
    if matches!(scope, Scope::Ospf | Scope::Isis)
        && passive_by_default
        && matches_exactly("passive-interface *", &words)
    {
        return true;
    }
    STORED_NEGATIONS
        .iter()
        .any(|(s, pattern)| *s == scope && matches_exactly(pattern, &words))
}

/// Whole-line match of a [`STORED_NEGATIONS`] pattern.
fn matches_exactly(pattern: &str, words: &[&str]) -> bool {
    let mut at = 0;
    for token in pattern.split(' ') {
        match token {
            "..." => return true,
            "*" if at < words.len() => {}
            keyword => {
                if !words
                    .get(at)
                    .is_some_and(|w| w.eq_ignore_ascii_case(keyword))
                {
                    return false;
                }
            }
        }
        at += 1;
    }
    at == words.len()
}

/// True when `words` begins with every word of `prefix` (keywords compared without case):
/// `no neighbor 10.0.0.1` names every line that starts `neighbor 10.0.0.1`.
pub(crate) fn starts_with_words(words: &[&str], prefix: &[&str]) -> bool {
    words.len() >= prefix.len()
        && words
            .iter()
            .zip(prefix)
            .all(|(w, p)| w.eq_ignore_ascii_case(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ios::context::AfName;

    /// The key of `text` in `ctx`, with `+` appended for merge identities.
    fn check(ctx: &Context, text: &str) -> String {
        let id = identity(ctx, text);
        match id.kind {
            Kind::Replace => id.key,
            Kind::Merge => format!("{} + {}", id.key, id.values.join(" ")),
        }
    }

    fn interface() -> Context {
        Context::Interface("GigabitEthernet0/1".into())
    }

    fn bgp() -> Context {
        Context::RouterBgp { asn: 64500 }
    }

    #[test]
    fn interface_settings_replace_their_value() {
        let i = interface();
        assert_eq!(check(&i, "ip address 10.0.0.1 255.255.255.0"), "ip address");
        assert_eq!(
            check(&i, "ip address 10.0.1.1 255.255.255.0 secondary"),
            "ip address 10.0.1.1 255.255.255.0 secondary"
        );
        assert_eq!(check(&i, "IP OSPF cost 10"), "ip ospf cost");
        assert_eq!(check(&i, "ip ospf 1 area 0"), "ip ospf area");
        assert_eq!(check(&i, "description uplink to core"), "description");
        assert_eq!(check(&i, "isis metric 20 level-2"), "isis metric level-2");
        assert_eq!(check(&i, "isis metric 20"), "isis metric");
        assert_eq!(
            check(&i, "ip access-group EDGE-IN in"),
            "ip access-group in"
        );
        assert_eq!(check(&i, "shutdown"), "shutdown");
    }

    #[test]
    fn bgp_neighbor_settings_are_per_neighbor() {
        let b = bgp();
        assert_eq!(
            check(&b, "neighbor 10.0.0.1 remote-as 65001"),
            "neighbor 10.0.0.1 remote-as"
        );
        assert_eq!(
            check(&b, "neighbor 10.0.0.1 route-map CUST-IN in"),
            "neighbor 10.0.0.1 route-map in"
        );
        assert_eq!(
            check(&b, "neighbor 10.0.0.1 activate"),
            "neighbor 10.0.0.1 activate"
        );
        assert_eq!(
            check(&b, "network 192.0.2.0 mask 255.255.255.0 route-map X"),
            "network 192.0.2.0 mask 255.255.255.0"
        );
        assert_eq!(check(&b, "network 192.0.2.0/24"), "network 192.0.2.0/24");
        assert_eq!(
            check(&b, "redistribute ospf 10 route-map X"),
            "redistribute ospf 10"
        );
        assert_eq!(
            check(&b, "redistribute connected"),
            "redistribute connected"
        );
        let af = Context::BgpAf {
            vrf: Some("CUST".into()),
            family: AfName::Ipv4Unicast,
        };
        assert_eq!(
            check(&af, "neighbor 10.0.0.1 remote-as 65001"),
            "neighbor 10.0.0.1 remote-as"
        );
    }

    #[test]
    fn global_lists_and_routes() {
        let g = Context::Global;
        assert_eq!(
            check(&g, "ip prefix-list P seq 10 permit 10.0.0.0/8 le 24"),
            "ip prefix-list P seq 10"
        );
        assert_eq!(
            check(&g, "ip prefix-list P permit 10.0.0.0/8"),
            "ip prefix-list P permit 10.0.0.0/8"
        );
        assert_eq!(
            check(&g, "ip route 0.0.0.0 0.0.0.0 192.0.2.1 250 name backup"),
            "ip route 0.0.0.0 0.0.0.0 192.0.2.1"
        );
        assert_eq!(
            check(
                &g,
                "ip route vrf A 10.0.0.0 255.0.0.0 Gi0/1 192.0.2.1 tag 5"
            ),
            "ip route vrf A 10.0.0.0 255.0.0.0 Gi0/1 192.0.2.1"
        );
        assert_eq!(
            check(&g, "ip route 10.0.0.0/8 Null0 200"),
            "ip route 10.0.0.0/8 Null0"
        );
        assert_eq!(check(&g, "hostname core-1"), "hostname");
        assert_eq!(
            check(&g, "logging host 192.0.2.9"),
            "logging host 192.0.2.9"
        );
    }

    #[test]
    fn route_map_matches_merge_and_sets_replace() {
        let rm = Context::RouteMap {
            name: "X".into(),
            seq: 10,
        };
        assert_eq!(
            check(&rm, "match ip address prefix-list A B"),
            "match ip address prefix-list + A B"
        );
        assert_eq!(check(&rm, "match ip address 10"), "match ip address + 10");
        assert_eq!(
            check(&rm, "set local-preference 200"),
            "set local-preference"
        );
        assert_eq!(
            check(&rm, "set community 64500:1 additive"),
            "set community"
        );
    }

    #[test]
    fn acl_entries_with_sequence_numbers() {
        let acl = Context::Acl {
            name: "EDGE".into(),
            standard: false,
            ipv6: false,
        };
        assert_eq!(check(&acl, "10 permit ip any any"), "10");
        assert_eq!(check(&acl, "permit ip any any"), "permit ip any any");
        assert_eq!(check(&acl, "remark allow all"), "remark allow all");
    }

    #[test]
    fn opaque_blocks_and_short_lines() {
        assert_eq!(
            check(&Context::Ignored("benign"), "transport input ssh"),
            "transport input ssh"
        );
        // Fewer words than the pattern: no rule matches, the line is its own identity.
        assert_eq!(check(&interface(), "ip"), "ip");
        assert_eq!(check(&Context::Global, ""), "");
    }

    #[test]
    fn stored_negations() {
        let i = interface();
        assert!(negation_is_stored(&i, "ip redirects", false));
        assert!(negation_is_stored(&i, "ip address", false));
        // `no ip address A M` removes that address; it is not kept.
        assert!(!negation_is_stored(
            &i,
            "ip address 10.0.0.1 255.0.0.0",
            false
        ));
        assert!(!negation_is_stored(&i, "shutdown", false));
        let ospf = Context::RouterOspf {
            id: "1".into(),
            vrf: None,
        };
        assert!(negation_is_stored(&ospf, "passive-interface Gi0/1", true));
        assert!(!negation_is_stored(&ospf, "passive-interface Gi0/1", false));
        assert!(negation_is_stored(
            &bgp(),
            "bgp default ipv4-unicast",
            false
        ));
        assert!(negation_is_stored(
            &bgp(),
            "neighbor 10.0.0.1 activate",
            false
        ));
        assert!(!negation_is_stored(
            &bgp(),
            "neighbor 10.0.0.1 route-map X in",
            false
        ));
        assert!(negation_is_stored(&Context::Global, "service pad", false));
        assert!(!negation_is_stored(
            &Context::Ignored("benign"),
            "exec-timeout",
            false
        ));
    }

    #[test]
    fn word_prefixes() {
        let words = ["neighbor", "10.0.0.1", "route-map", "X", "in"];
        assert!(starts_with_words(&words, &["NEIGHBOR", "10.0.0.1"]));
        assert!(!starts_with_words(&words, &["neighbor", "10.0.0.2"]));
        assert!(!starts_with_words(&["neighbor"], &["neighbor", "10.0.0.1"]));
    }
}
