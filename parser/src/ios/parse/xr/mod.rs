//! IOS-XR grammars: the modes and statements where IOS-XR differs from IOS.
//!
//! IOS-XR configures routing hierarchically: interfaces are listed inside `router ospf` areas
//! and `router isis`, static routes live in `router static` address families, BGP neighbors are
//! blocks with `use neighbor-group`, and route filtering is a small language (`route-policy`,
//! `prefix-set`, `community-set`, `as-path-set`; see [`rpl`]). [`parse`] is the hook the
//! family's dispatcher calls first for IOS-XR files: it returns `Some` for lines it decides and
//! `None` to let the shared IOS grammar try (hostname, logging, shared BGP and OSPF settings...).
//!
//! - [`interface`]: interface mode (`ipv4 address`, `bundle id`, `l2transport`...).
//! - [`routing`]: `router static`, OSPF areas and interfaces, IS-IS interfaces.
//! - [`bgp`]: neighbor blocks, neighbor-, session- and af-groups, `use`.
//! - [`rpl`]: the routing policy language.
//!
//! What these statements mean is lowered in `ios::lower::xr`.

pub(crate) mod bgp;
pub(crate) mod interface;
pub(crate) mod routing;
pub(crate) mod rpl;

use ipnet::IpNet;

use super::{In, full, kw, kws, malformed, opens, rest1, starts, stmt, word};
use crate::ios::ast::Stmt;
use crate::ios::bind::Parse;
use crate::ios::context::{AfName, Context, PeerBlock, XrSetKind};
use crate::ir::interface::OspfNetworkType;
use crate::ir::policy::CommunityMatcher;
use crate::ir::routing::IsisLevel;

/// IOS-XR statements that the shared AST has no form for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum XrStmt<'a> {
    /// `route-policy NAME[(PARAMS)]`: the parameter names without `$`.
    RoutePolicy {
        /// Name.
        name: &'a str,
        /// Parameter names.
        params: Vec<&'a str>,
    },
    /// A line of a route-policy body; the body is parsed as a whole at the end of the file.
    PolicyLine,
    /// `prefix-set NAME` and the other sets.
    OpenSet {
        /// Which set.
        kind: XrSetKind,
        /// Name.
        name: &'a str,
    },
    /// The elements on one line of a set body.
    SetElements(Vec<SetElement<'a>>),
    /// An OSPF interface setting at process, area or interface level (inherited downwards).
    OspfSetting(OspfSetting),
    /// `interface X` inside an OSPF area (as written, for its span).
    OspfInterface(&'a str),
    /// An IS-IS interface setting.
    IsisInterface(IsisInterfaceSetting),
    /// `interface X` inside `router isis` (as written).
    IsisInterfaceOpen(&'a str),
    /// `use neighbor-group|session-group|af-group NAME` in a BGP neighbor or group.
    BgpUse {
        /// Which kind of group.
        kind: PeerBlock,
        /// The group.
        name: &'a str,
    },
    /// `rd X` inside a BGP `vrf` block.
    BgpVrfRd(&'a str),
    /// `bgp unsafe-ebgp-policy`: eBGP sessions without policies exchange routes (RFC 8212 off).
    UnsafeEbgpPolicy,
    /// One route target of an `import|export route-target` list.
    RouteTarget(&'a str),
    /// VRF route leaking with a policy (`import from default-vrf route-policy P`, `export
    /// route-policy P`): the policy, and what the line does.
    VrfLeakPolicy(&'a str),
}

/// One element of a set body, translated (or why it could not be).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SetElement<'a> {
    /// The element as written.
    pub(crate) text: &'a str,
    /// What it means.
    pub(crate) value: Result<SetValue, String>,
}

/// The meaning of a set element.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SetValue {
    /// A prefix-set element: the prefix and the accepted lengths.
    Prefix(IpNet, u8, u8),
    /// A community-set element.
    Community(CommunityMatcher),
    /// An as-path-set element as a regular expression.
    AsPath(String),
    /// An element of a set that only unmodelled statements use.
    Other,
}

/// OSPF interface settings, at any of the three levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OspfSetting {
    /// `cost N`.
    Cost(u32),
    /// `network TYPE`.
    Network(OspfNetworkType),
    /// `passive [enable|disable]`.
    Passive(bool),
    /// `hello-interval N`.
    Hello(u32),
    /// `dead-interval N`.
    Dead(u32),
    /// `mtu-ignore [enable|disable]`.
    MtuIgnore(bool),
}

/// IS-IS interface settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IsisInterfaceSetting {
    /// `passive`.
    Passive,
    /// `point-to-point`.
    PointToPoint,
    /// `circuit-type LEVEL`.
    CircuitType(IsisLevel),
    /// `metric N [level 1|2]` in the interface's address family.
    Metric {
        /// The metric.
        metric: u32,
        /// The level (`None`: both).
        level: Option<IsisLevel>,
    },
    /// `shutdown`: IS-IS does not run on the interface.
    Shutdown,
}

/// The IOS-XR grammar of `ctx`: `Some` when it decides the line, `None` to let the shared
/// grammar try.
pub(crate) fn parse<'a>(ctx: &Context, input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    match ctx {
        Context::Global => global(input),
        Context::Interface(_) => interface::parse(input),
        Context::RouterOspf { id, vrf } => routing::ospf_process(input, id, vrf.as_deref()),
        Context::XrOspfArea { id, vrf, area } => {
            Some(routing::ospf_area(input, id, vrf.as_deref(), *area))
        }
        Context::XrOspfInterface { .. } => Some(routing::ospf_interface(input)),
        Context::RouterIsis { tag } => routing::isis_process(input, tag),
        Context::IsisAf { .. } => routing::isis_af(input),
        Context::XrIsisInterface { tag, name } => Some(routing::isis_interface(input, tag, name)),
        Context::XrIsisInterfaceAf { .. } => Some(routing::isis_interface_af(input)),
        Context::XrStatic { vrf, family } => Some(routing::static_block(input, vrf, family)),
        Context::RouterBgp { .. } => bgp::process(input, None),
        Context::BgpVrf { vrf } => bgp::vrf(input, vrf),
        Context::BgpAf { .. } => bgp::address_family(input),
        Context::BgpPeer { vrf, name, kind } => Some(bgp::peer(input, vrf.as_deref(), name, *kind)),
        Context::BgpPeerAf { kind, .. } => Some(bgp::peer_af(input, *kind)),
        Context::Vrf { name } => vrf(input, name, None),
        Context::VrfAf { name, family } => vrf(input, name, Some(family)),
        Context::XrRouteTargets { .. } => Some(route_target(input)),
        Context::XrRoutePolicy { .. } => Some(stmt(Stmt::Xr(XrStmt::PolicyLine))),
        Context::XrSet { kind, .. } => Some(set_body(input, *kind)),
        _ => None,
    }
}

/// First words of IOS-XR global statements that do not affect routing or forwarding; each may
/// open a block, whose lines are then ignored too.
const BENIGN: &[&str] = &[
    "taskgroup",
    "usergroup",
    "ipsla",
    "multicast-routing",
    "fpd",
    "confdconfig",
    "cef",
    "hw-module",
    "lpts",
    "grpc",
    "xml",
    "http",
    "tpa",
    "tcp",
    "udp",
    "icmp",
    "nsr",
    "frequency",
    "ethernet-services",
    "ethernet",
    "performance-measurement",
    "explicit-path",
    "telnet",
    "vty-pool",
    "admin",
    "sysadmin",
    "netconf-yang",
    "dhcp",
    "interface-preconfigure",
    "policy-global",
    "end-global",
    "mirror",
    "smart-license",
    "pce",
];

fn global<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    let first = input.first();
    Some(match first.as_ref() {
        "route-policy" => route_policy(input),
        "prefix-set" => open_set(input, XrSetKind::Prefix),
        "community-set" => open_set(input, XrSetKind::Community),
        "as-path-set" => open_set(input, XrSetKind::AsPath),
        "extcommunity-set" => {
            // `extcommunity-set rt|soo|opaque|bandwidth NAME`.
            match full(text, (kw("extcommunity-set"), word, word)) {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, _, name)) => opens(
                    Stmt::Xr(XrStmt::OpenSet {
                        kind: XrSetKind::Other("extcommunity-set"),
                        name,
                    }),
                    Context::XrSet {
                        kind: XrSetKind::Other("extcommunity-set"),
                        name: name.to_owned(),
                    },
                ),
                None => malformed("extcommunity-set needs a type and a name"),
            }
        }
        "rd-set" => open_set(input, XrSetKind::Other("rd-set")),
        "large-community-set" => open_set(input, XrSetKind::Other("large-community-set")),
        "tag-set" => open_set(input, XrSetKind::Other("tag-set")),
        "ospf-area-set" => open_set(input, XrSetKind::Other("ospf-area-set")),
        "router" if starts(text, "router static") => {
            if full(text, kws("router static")).is_none() {
                return Some(malformed("router static takes no arguments"));
            }
            if neg {
                return Some(stmt(Stmt::Benign));
            }
            opens(
                Stmt::Open(None),
                Context::XrStatic {
                    vrf: None,
                    family: None,
                },
            )
        }
        "router" if starts(text, "router mld") || starts(text, "router hsrp") => {
            let feature = if starts(text, "router hsrp") {
                Stmt::Unsupported("first-hop redundancy")
            } else {
                Stmt::Benign
            };
            opens(feature, Context::Ignored("unsupported routing process"))
        }
        "ipv4" | "ipv6" => return xr_ip(input),
        "interface" => return interface_opener(input),
        "rsvp" => opens(
            Stmt::Unsupported("traffic engineering"),
            Context::Ignored("rsvp"),
        ),
        "l2vpn" | "evpn" => opens(Stmt::Unsupported("layer-2 vpn"), Context::Ignored("l2vpn")),
        // `#` lines at the top level: remarks and the banners of multi-part dumps.
        w if w.starts_with('#') => stmt(Stmt::Benign),
        w if BENIGN.contains(&w) => opens(Stmt::Benign, Context::Ignored("benign")),
        _ => return None,
    })
}

/// `interface NAME l2transport|point-to-point|multipoint` and `interface preconfigure NAME`
/// (`interface NAME` alone is the shared grammar's).
fn interface_opener<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let words: Vec<&'a str> = input.text.split_whitespace().collect();
    let [_, name, mode] = words.as_slice() else {
        return None;
    };
    if name.eq_ignore_ascii_case("preconfigure") {
        return Some(opens(
            Stmt::Benign,
            Context::Ignored("interface preconfigure"),
        ));
    }
    let ctx = Context::Interface(crate::ios::names::canonical_interface(
        name,
        crate::ios::Dialect::IosXr,
    ));
    Some(match mode.to_ascii_lowercase().as_str() {
        _ if input.negated() => stmt(Stmt::Benign),
        // A sub-interface that switches frames: no layer 3.
        "l2transport" => opens(
            Stmt::Interface(crate::ios::ast::Interface::Switchport(true)),
            ctx,
        ),
        "point-to-point" | "multipoint" => opens(Stmt::Open(Some(name)), ctx),
        _ => return None,
    })
}

/// `ipv4 ...` / `ipv6 ...` at the top level.
fn xr_ip<'a>(input: In<'a>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let second = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    let ipv6 = starts(text, "ipv6");
    Some(match second.as_str() {
        "access-list" => super::global::acl_opener(input, ipv6),
        "prefix-list" => match full(text, (word, kw("prefix-list"), word)) {
            Some((_, _, name)) if !input.negated() => opens(
                Stmt::Open(Some(name)),
                Context::PrefixListBlock {
                    name: name.to_owned(),
                    ipv6,
                },
            ),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("prefix-list needs a name"),
        },
        "netmask-format" | "source-route" | "virtual" | "conflict-policy" | "hw-module"
        | "assembler" | "nd" | "path-mtu-discovery" | "icmp" | "mtu" => {
            opens(Stmt::Benign, Context::Ignored("benign"))
        }
        _ => return None,
    })
}

/// `route-policy NAME` or `route-policy NAME($a, $b)`.
fn route_policy<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    let Some((_, rest)) = full(input.text, (kw("route-policy"), rest1)) else {
        return malformed("route-policy needs a name");
    };
    let (name, params) = match rest.split_once('(') {
        Some((name, params)) => {
            let Some(params) = params.trim_end().strip_suffix(')') else {
                return malformed("unbalanced parentheses after the route-policy name");
            };
            let params: Vec<&str> = params
                .split(',')
                .map(|p| p.trim().trim_start_matches('$'))
                .filter(|p| !p.is_empty())
                .collect();
            (name.trim_end(), params)
        }
        None => (rest, Vec::new()),
    };
    if name.is_empty() || name.contains(char::is_whitespace) {
        return malformed("route-policy needs one name");
    }
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    opens(
        Stmt::Xr(XrStmt::RoutePolicy { name, params }),
        Context::XrRoutePolicy {
            name: name.to_owned(),
        },
    )
}

/// `prefix-set NAME` and the other one-word set openers.
fn open_set<'a>(input: In<'a>, kind: XrSetKind) -> Parse<Stmt<'a>> {
    match full(input.text, (word, word)) {
        Some(_) if input.negated() => stmt(Stmt::Benign),
        Some((_, name)) => opens(
            Stmt::Xr(XrStmt::OpenSet { kind, name }),
            Context::XrSet {
                kind,
                name: name.to_owned(),
            },
        ),
        None => malformed(format!("{} needs a name", kind.keyword())),
    }
}

/// A line of a set body: comma-separated elements, possibly ending with `end-set` (which the
/// binder leaves open; the next line that is not an element binds where it belongs). A line
/// whose first element is not one of this kind of set is not the set's (`NotHere`).
fn set_body<'a>(input: In<'a>, kind: XrSetKind) -> Parse<Stmt<'a>> {
    let text = input.text;
    if text.starts_with('#') {
        return stmt(Stmt::Benign);
    }
    let tokens = rpl::tokenize(&[(0, text)], &Default::default());
    let tokens = match tokens.last() {
        Some(t) if t.is("end-set") => &tokens[..tokens.len() - 1],
        _ => &tokens[..],
    };
    let mut elements = Vec::new();
    for group in rpl::split_commas(tokens) {
        let (start, end) = rpl::range(group);
        let written = text.get(start..end).unwrap_or("");
        let value = match kind {
            XrSetKind::Prefix => {
                rpl::prefix_element(group).map(|(p, min, max)| SetValue::Prefix(p, min, max))
            }
            XrSetKind::Community => rpl::community_element(group).map(SetValue::Community),
            XrSetKind::AsPath => rpl::as_path_element(group).map(SetValue::AsPath),
            XrSetKind::Other(_) => Ok(SetValue::Other),
        };
        // A first element that is not even of the right shape: the line is not the set's.
        if elements.is_empty() && value.is_err() && !plausible_element(kind, group) {
            return Parse::NotHere;
        }
        elements.push(SetElement {
            text: written,
            value,
        });
    }
    stmt(Stmt::Xr(XrStmt::SetElements(elements)))
}

/// Whether tokens look like an element of `kind` (even one we cannot translate).
fn plausible_element(kind: XrSetKind, group: &[rpl::Tok<'_>]) -> bool {
    let Some(first) = group.first() else {
        return false;
    };
    let t: &str = &first.text;
    match kind {
        XrSetKind::Prefix => t.contains(['.', ':']) || t.starts_with('$'),
        XrSetKind::Community => {
            t.contains(':')
                || t.parse::<u32>().is_ok()
                || t.starts_with('$')
                || [
                    "ios-regex",
                    "dfa-regex",
                    "private-as",
                    "internet",
                    "no-export",
                    "no-advertise",
                    "local-as",
                    "graceful-shutdown",
                    "accept-own",
                    "no-peer",
                ]
                .iter()
                .any(|k| first.is(k))
        }
        XrSetKind::AsPath => [
            "ios-regex",
            "dfa-regex",
            "is-local",
            "length",
            "unique-length",
            "neighbor-is",
            "originates-from",
            "passes-through",
        ]
        .iter()
        .any(|k| first.is(k)),
        XrSetKind::Other(_) => true,
    }
}

/// A VRF definition (`vrf NAME`, `address-family ipv4 unicast`, `import|export route-target`
/// lists and route-leaking policies). `None` lets the shared VRF grammar try.
fn vrf<'a>(input: In<'a>, name: &str, family: Option<&AfName>) -> Option<Parse<Stmt<'a>>> {
    let text = input.text;
    let neg = input.negated();
    if family.is_none() && starts(text, "address-family") {
        let parsed = full(
            text,
            (
                kw("address-family"),
                nom::branch::alt((
                    nom::combinator::value(AfName::Ipv4Unicast, (kw("ipv4"), kw("unicast"))),
                    nom::combinator::value(AfName::Ipv6Unicast, (kw("ipv6"), kw("unicast"))),
                )),
            ),
        );
        return Some(match parsed {
            Some(_) if neg => stmt(Stmt::Benign),
            Some((_, family)) => opens(
                Stmt::Open(None),
                Context::VrfAf {
                    name: name.to_owned(),
                    family,
                },
            ),
            None => opens(
                Stmt::Unsupported("vrf address family"),
                Context::Ignored("vrf address family"),
            ),
        });
    }
    let family = family?;
    let first = input.first();
    Some(match first.as_ref() {
        "import" | "export" if full(text, (word, kw("route-target"))).is_some() => {
            if neg {
                return Some(stmt(Stmt::Benign));
            }
            opens(
                Stmt::Open(None),
                Context::XrRouteTargets {
                    vrf: name.to_owned(),
                    family: family.clone(),
                    import: first == "import",
                },
            )
        }
        "import" | "export" => {
            // `import route-target 1:1` on one line (also accepted by the device).
            if let Some((_, _, target)) = full(text, (word, kw("route-target"), word)) {
                return Some(stmt(Stmt::Xr(XrStmt::RouteTarget(target))));
            }
            let words: Vec<&str> = text.split_whitespace().collect();
            match words
                .iter()
                .position(|w| w.eq_ignore_ascii_case("route-policy"))
            {
                Some(i) if i + 2 == words.len() => {
                    if neg {
                        stmt(Stmt::Benign)
                    } else {
                        stmt(Stmt::Xr(XrStmt::VrfLeakPolicy(words[i + 1])))
                    }
                }
                _ if neg => stmt(Stmt::Benign),
                _ => stmt(Stmt::Unsupported("vrf route leaking")),
            }
        }
        "maximum" => stmt(Stmt::Benign),
        _ => return None,
    })
}

/// A line of an `import|export route-target` list.
fn route_target<'a>(input: In<'a>) -> Parse<Stmt<'a>> {
    match full(input.text, (word, nom::combinator::opt(kw("stitching")))) {
        Some((target, _)) if target.contains(':') => {
            if input.negated() {
                stmt(Stmt::Benign)
            } else {
                stmt(Stmt::Xr(XrStmt::RouteTarget(target)))
            }
        }
        _ => Parse::NotHere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ios::parse::check_line;

    fn global(line: &str) -> String {
        check_line(&Context::Global, &format!("xr: {line}"))
    }

    #[test]
    fn policy_and_set_openers() {
        assert_eq!(
            global("route-policy IBGP-OUT"),
            "Xr(RoutePolicy { name: \"IBGP-OUT\", params: [] }) opens XrRoutePolicy { name: \"IBGP-OUT\" }"
        );
        assert_eq!(
            global("route-policy cust_v4_in($pfx, $as_path)"),
            "Xr(RoutePolicy { name: \"cust_v4_in\", params: [\"pfx\", \"as_path\"] }) opens XrRoutePolicy { name: \"cust_v4_in\" }"
        );
        assert!(global("prefix-set P").ends_with("opens XrSet { kind: Prefix, name: \"P\" }"));
        assert!(global("extcommunity-set rt RT1").contains("Other(\"extcommunity-set\")"));
        assert!(global("router static").ends_with("opens XrStatic { vrf: None, family: None }"));
        assert!(global("ipv4 access-list ACL").contains("opens Acl"));
        assert_eq!(global("no route-policy X"), "Benign");
    }

    #[test]
    fn set_bodies() {
        let prefix = Context::XrSet {
            kind: XrSetKind::Prefix,
            name: "P".into(),
        };
        let got = check_line(&prefix, "xr: 10.0.0.0/8 le 32,");
        assert!(got.contains("Prefix(10.0.0.0/8, 8, 32)"), "{got}");
        let got = check_line(&prefix, "xr: 192.168.123.2/32");
        assert!(got.contains("Prefix(192.168.123.2/32, 32, 32)"), "{got}");
        assert_eq!(check_line(&prefix, "xr: router bgp 1"), "NotHere");
        assert_eq!(check_line(&prefix, "xr: # remark"), "Benign");
        let aspath = Context::XrSet {
            kind: XrSetKind::AsPath,
            name: "A".into(),
        };
        let got = check_line(&aspath, "xr: ios-regex '^64666(_64666)*$' end-set");
        assert!(got.contains("AsPath(\"^64666(_64666)*$\")"), "{got}");
        let got = check_line(&aspath, "xr: ios-regex '^1$',  ios-regex '^2$'");
        assert_eq!(got.matches("AsPath(").count(), 2, "{got}");
        let got = check_line(&aspath, "xr: , ios-regex '^$'");
        assert_eq!(got.matches("AsPath(").count(), 1, "{got}");
        let community = Context::XrSet {
            kind: XrSetKind::Community,
            name: "C".into(),
        };
        let got = check_line(&community, "xr: 2152:[65501..65517],");
        assert!(got.contains("Regex"), "{got}");
    }

    #[test]
    fn route_policy_bodies_take_every_line() {
        let ctx = Context::XrRoutePolicy { name: "X".into() };
        assert_eq!(
            check_line(&ctx, "xr: if destination in P then"),
            "Xr(PolicyLine)"
        );
        assert_eq!(check_line(&ctx, "xr: router bgp 1"), "Xr(PolicyLine)");
    }

    /// Input: an IOS-XR change script typed flat (no indentation), with `root`, `exit`,
    /// `end-policy` and `end-set` closing modes. Expected: every line lands in its mode.
    #[test]
    fn flat_scripts_follow_the_mode_stack() {
        let text = "hostname r1\ninterface Loopback0\nipv4 address 10.0.0.1/32\nrouter ospf 1\narea 0\ninterface Loopback0\npassive enable\nroot\nroute-policy P\nif destination in S then\npass\nendif\nend-policy\nprefix-set S\n10.0.0.0/8 le 24\nend-set\nrouter static\naddress-family ipv4 unicast\n10.9.0.0/16 Null0\nexit\nexit\nrouter bgp 1\nneighbor 10.0.0.2\nremote-as 2\nend\n";
        let (device, diagnostics) = crate::ios::parse_device(
            crate::source::FileId(0),
            text,
            crate::ios::Dialect::IosXr,
            "r1",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let ospf = &device.ospf[0];
        assert_eq!(ospf.interfaces.len(), 1);
        assert!(ospf.interfaces[0].passive);
        assert_eq!(device.route_policies["P"].clauses.len(), 2);
        assert_eq!(device.prefix_lists["S"].entries.len(), 1);
        assert_eq!(device.static_routes.len(), 1);
        let bgp = device.bgp.as_ref().unwrap();
        assert_eq!(bgp.vrfs[""].neighbors.len(), 1);
    }

    #[test]
    fn vrf_route_targets() {
        let got = check_line(
            &Context::Vrf { name: "red".into() },
            "xr: address-family ipv4 unicast",
        );
        assert!(
            got.ends_with("opens VrfAf { name: \"red\", family: Ipv4Unicast }"),
            "{got}"
        );
        let af = Context::VrfAf {
            name: "red".into(),
            family: AfName::Ipv4Unicast,
        };
        assert!(check_line(&af, "xr: import route-target").contains("opens XrRouteTargets"));
        assert_eq!(
            check_line(&af, "xr: export to default-vrf route-policy P"),
            "Xr(VrfLeakPolicy(\"P\"))"
        );
        let rt = Context::XrRouteTargets {
            vrf: "red".into(),
            family: AfName::Ipv4Unicast,
            import: true,
        };
        assert_eq!(
            check_line(&rt, "xr: 65102:2"),
            "Xr(RouteTarget(\"65102:2\"))"
        );
        assert_eq!(check_line(&rt, "xr: interface Gi0"), "NotHere");
    }
}
