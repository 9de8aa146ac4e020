//! Active Junos statements into an [`ir::Device`]. The only way from Junos into the IR.
//!
//! Each statement's words are matched as a slice. A statement gives one [`Outcome`]: lowered,
//! benign (an explicit list of hierarchies with no effect on forwarding), unsupported (a
//! feature the verifier does not model: recorded in [`ir::Device::unsupported`]), invalid (a
//! known statement with a bad value) or unknown (an `unrecognised line` warning). Settings that
//! depend on other statements (static route defaults, interface membership of routing
//! instances, BGP inheritance from group to neighbor, policies referring to lists) are gathered
//! first and resolved in [`Lowerer::finish`].
//!
//! Junos semantics carried into the IR:
//!
//! - interfaces are logical units, `ge-0/0/0 unit 0` is `ge-0/0/0.0`; `disable` on the
//!   physical interface shuts every unit down;
//! - static routes take `preference` / `metric` / `tag` from the route, else from the
//!   `defaults` of the same `static` block (per routing table and per instance, never across),
//!   else preference 5; a `next-hop` address must be on a connected subnet unless `resolve`
//!   is set; `discard` and `reject` are kept apart;
//! - `system management-instance` puts `fxp0`, `em0` and `me0` in the `mgmt_junos` instance;
//! - BGP settings are inherited protocol → group → neighbor; a group without `family`
//!   exchanges IPv4 unicast (IPv6 unicast for an IPv6 neighbor);
//! - a policy-statement's named terms run in order, then its unnamed `from`/`then`; a term
//!   without `accept`/`reject` goes on to the next term with its modifications. When no term
//!   decides, the protocol's default policy does: for BGP, BGP routes are accepted (a final
//!   clause matching BGP routes says so), everything else is rejected. A BGP import or export
//!   chain `[ A B ]` compiles into one IR policy of that name (`policy::Policies`);
//! - export policies (BGP, OSPF, IS-IS) select what a protocol takes from the routing table:
//!   each source protocol a policy accepts becomes a redistribution filtered by the policy,
//!   recorded as unsupported where the IR's redistribution differs (sets applied per session);
//! - IS-IS runs on units with `family iso`; lo0 is passive at metric 0;
//! - without a `forwarding-table export` policy Junos installs one next hop per route, which
//!   is recorded as unsupported where equal-cost paths can arise;
//! - `firewall` filters become IR packet filters (`firewall`).

mod firewall;
mod policy;

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;

use super::Statement;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::interface::{Interface, InterfaceAddress, InterfaceKind, Vrf};
use crate::ir::routing::{
    BgpNeighbor, BgpNeighborAf, BgpPeer, BgpProcess, BgpVrf, IsisLevel, IsisProcess, MaximumPrefix,
    OspfArea, OspfAreaKind, OspfProcess, OspfProcessInterface, Redistribution, RemoteAs,
    RouteSource, StaticNextHop, StaticRoute,
};
use crate::ir::{self, AddressFamily, Reference, Span, Spanned, StructureKind};
use crate::source::FileId;

/// The instance `system management-instance` creates.
const MGMT_INSTANCE: &str = "mgmt_junos";

/// What became of one statement.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Written into the device (or gathered for [`Lowerer::finish`]).
    Done,
    /// Known and without effect on forwarding.
    Benign,
    /// Known, not modelled: (feature, scope).
    Unsupported(String, Option<String>),
    /// Known statement, unusable value (the reason).
    Invalid(String),
    /// Not recognised.
    Unknown,
}

use Outcome::{Benign, Done, Invalid, Unknown};

fn unsupported(feature: &str) -> Outcome {
    Outcome::Unsupported(feature.to_owned(), None)
}

fn scoped(feature: &str, scope: impl Into<String>) -> Outcome {
    Outcome::Unsupported(feature.to_owned(), Some(scope.into()))
}

/// Lowers the active statements of one file.
pub(crate) fn lower(
    file: FileId,
    statements: &[Statement],
    fallback: &str,
) -> (ir::Device, Vec<Diagnostic>) {
    let mut lowerer = Lowerer::new(file);
    for statement in statements {
        lowerer.statement(statement);
    }
    lowerer.finish(fallback)
}

/// Whether routeproof knows a statement (lowered, benign, unsupported or invalid; not unknown).
/// Group contents are checked as the paths they configure; `<*>` names count as known.
pub(crate) fn recognised(statement: &Statement) -> bool {
    let mut lowerer = Lowerer::new(statement.span.file);
    let texts = statement.texts();
    match texts.as_slice() {
        ["groups", _, rest @ ..] if !rest.is_empty() => {
            let inner = Statement {
                op: statement.op,
                words: statement.words[2..].to_vec(),
                span: statement.span,
            };
            rest.iter().any(|w| w.starts_with('<')) || recognised(&inner)
        }
        _ => !matches!(lowerer.dispatch(&texts, statement), Unknown),
    }
}

/// Settings of a physical interface that reach its units.
#[derive(Default)]
struct Physical {
    disable: Option<Span>,
}

/// A `static` block: its defaults, per (instance, family).
#[derive(Default, Clone, Copy)]
struct StaticDefaults {
    preference: Option<u32>,
    metric: Option<u32>,
    tag: Option<u32>,
}

/// One configured static route, gathered.
struct StaticConfig {
    span: Span,
    next_hops: Vec<(StaticNextHop, Span)>,
    qualified: Vec<(IpAddr, Option<u32>, Span)>,
    preference: Option<u32>,
    metric: Option<u32>,
    tag: Option<u32>,
    resolve: bool,
}

/// BGP settings at one level (protocol, group or neighbor).
#[derive(Default, Clone)]
struct BgpLevel {
    span: Option<Span>,
    internal: Option<Spanned<bool>>,
    peer_as: Option<Spanned<u32>>,
    local_as: Option<Spanned<u32>>,
    local_address: Option<Spanned<IpAddr>>,
    import: Vec<Spanned<String>>,
    export: Vec<Spanned<String>>,
    families: Vec<Spanned<String>>,
    multihop: Option<Spanned<u8>>,
    description: Option<Spanned<String>>,
    cluster: Option<Spanned<Ipv4Addr>>,
    multipath: Option<Span>,
    remove_private: Option<Span>,
    as_override: Option<Span>,
    prefix_limit: Option<(u32, bool, Span)>,
    shutdown: Option<Span>,
}

/// One interface under `protocols isis`.
#[derive(Default, Clone)]
struct IsisInterfaceConfig {
    span: Span,
    passive: bool,
    disabled: [bool; 2],
    metric: [Option<u32>; 2],
}

/// IS-IS of one instance, gathered.
#[derive(Default)]
struct IsisConfig {
    span: Option<Span>,
    interfaces: BTreeMap<String, IsisInterfaceConfig>,
    disabled_levels: [Option<Span>; 2],
    wide_only: Option<Span>,
    export: Vec<Spanned<String>>,
    overload: Option<Span>,
    /// `overload timeout N`: set only for N seconds after boot, so not in the steady state.
    overload_timeout: bool,
}

/// OSPF of one instance, gathered.
#[derive(Default)]
struct OspfConfig {
    span: Option<Span>,
    areas: BTreeMap<u32, OspfArea>,
    interfaces: Vec<OspfProcessInterface>,
    /// (interface, area) → index in `interfaces`.
    interface_index: BTreeMap<(String, u32), usize>,
    export: Vec<Spanned<String>>,
    reference_bandwidth: Option<Spanned<u64>>,
    overload: Option<Span>,
    /// `overload timeout N`: only after boot, so not in the steady state.
    overload_timeout: bool,
    preference: Option<Spanned<u8>>,
    external_preference: Option<Spanned<u8>>,
}

pub(crate) struct Lowerer {
    file: FileId,
    device: ir::Device,
    diagnostics: Vec<Diagnostic>,
    unsupported_seen: BTreeSet<(String, Option<String>)>,
    hostname: Option<Spanned<String>>,
    management_instance: Option<Span>,
    physical: BTreeMap<String, Physical>,
    defaults: BTreeMap<(String, bool), StaticDefaults>,
    statics: BTreeMap<(String, bool, IpNet), StaticConfig>,
    instance_interfaces: Vec<(String, String, Span)>,
    instance_types: BTreeMap<String, Spanned<String>>,
    router_ids: BTreeMap<String, Spanned<Ipv4Addr>>,
    asns: BTreeMap<String, Spanned<u32>>,
    bgp: BTreeMap<String, BgpLevel>,
    bgp_groups: BTreeMap<(String, String), BgpLevel>,
    bgp_neighbors: BTreeMap<(String, String, IpAddr), BgpLevel>,
    ospf: BTreeMap<String, OspfConfig>,
    isis: BTreeMap<String, IsisConfig>,
    /// Units with `family iso`, and the NETs configured on them.
    iso_units: BTreeSet<String>,
    nets: Vec<Spanned<String>>,
    policies: policy::Policies,
    filters: firewall::Filters,
    /// `routing-options forwarding-table export` (load balancing in the forwarding table).
    forwarding_export: bool,
}

/// The instance key of the default instance.
const MASTER: &str = "";

impl Lowerer {
    fn new(file: FileId) -> Lowerer {
        Lowerer {
            file,
            device: ir::Device {
                file,
                vendor: ir::Vendor::Junos,
                ..ir::Device::default()
            },
            diagnostics: Vec::new(),
            unsupported_seen: BTreeSet::new(),
            hostname: None,
            management_instance: None,
            physical: BTreeMap::new(),
            defaults: BTreeMap::new(),
            statics: BTreeMap::new(),
            instance_interfaces: Vec::new(),
            instance_types: BTreeMap::new(),
            router_ids: BTreeMap::new(),
            asns: BTreeMap::new(),
            bgp: BTreeMap::new(),
            bgp_groups: BTreeMap::new(),
            bgp_neighbors: BTreeMap::new(),
            ospf: BTreeMap::new(),
            isis: BTreeMap::new(),
            iso_units: BTreeSet::new(),
            nets: Vec::new(),
            policies: policy::Policies::default(),
            filters: firewall::Filters::default(),
            forwarding_export: false,
        }
    }

    fn statement(&mut self, statement: &Statement) {
        let texts = statement.texts();
        let span = statement.span;
        let outcome = self.dispatch(&texts, statement);
        match outcome {
            Done | Benign => {}
            Outcome::Unsupported(feature, scope) => self.unsupported(&feature, scope, span),
            Invalid(reason) => self.diagnostics.push(Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                span,
                reason,
            )),
            Unknown => self.diagnostics.push(Diagnostic::new(
                Code::UnrecognisedLine,
                Severity::Warning,
                span,
                format!("unrecognised statement `{}`", abbreviate(&texts)),
            )),
        }
    }

    fn unsupported(&mut self, feature: &str, scope: Option<String>, span: Span) {
        if self
            .unsupported_seen
            .insert((feature.to_owned(), scope.clone()))
        {
            self.device.unsupported.push(ir::Unsupported {
                feature: feature.to_owned(),
                scope,
                span,
            });
        }
    }

    /// An IGP's `export` policies as redistributions: the route sources the one policy
    /// accepts, each filtered by it. The approximation is recorded as unsupported (Junos
    /// exports evaluate the policy per route, with its own terms' actions); a chain is not
    /// modelled at all.
    fn igp_exports(
        &mut self,
        export: &[Spanned<String>],
        protocol: &str,
        instance: &str,
    ) -> Vec<Redistribution> {
        for policy in export {
            self.reference(
                StructureKind::RoutePolicy,
                &policy.value,
                format!("{protocol} export"),
                policy.span,
            );
        }
        let mut out = Vec::new();
        match export {
            [] => {}
            [policy] => {
                for source in self.policies.sources_accepted(&policy.value) {
                    out.push(Redistribution {
                        source,
                        route_policy: Some(policy.clone()),
                        metric: None,
                        metric_type: None,
                        subnets: true,
                        isis_level: None,
                        tag: None,
                        match_route_types: Vec::new(),
                        eigrp_metric: None,
                        span: policy.span,
                    });
                }
                self.unsupported(
                    &format!("{protocol} export policy (junos)"),
                    Some(instance_scope(instance)),
                    policy.span,
                );
            }
            [first, ..] => {
                self.unsupported("policy chains", Some(instance_scope(instance)), first.span);
            }
        }
        out
    }

    fn reference(&mut self, kind: StructureKind, name: &str, usage: impl Into<String>, span: Span) {
        self.device.references.push(Reference {
            kind,
            name: name.to_owned(),
            usage: usage.into(),
            span,
        });
    }

    /// The span of word `index` of the statement (the statement's span when out of range).
    fn word(statement: &Statement, index: usize) -> Span {
        statement
            .words
            .get(index)
            .map_or(statement.span, |w| w.span)
    }

    fn dispatch(&mut self, w: &[&str], s: &Statement) -> Outcome {
        match w {
            ["version", ..] => Benign,
            ["system", rest @ ..] => self.system(rest, s),
            ["interfaces", rest @ ..] => self.interfaces(rest, s),
            ["routing-options", rest @ ..] => self.routing_options(MASTER, rest, s, 1),
            ["routing-instances", name, rest @ ..] => self.instance(name, rest, s),
            ["protocols", rest @ ..] => self.protocols(MASTER, rest, s, 0),
            ["policy-options", rest @ ..] => self.policies.statement(rest, s, 1),
            ["firewall", rest @ ..] => self.filters.statement(rest, s),
            ["security", ..] => unsupported("security zones and policies (stateful firewall)"),
            ["forwarding-options", rest @ ..] => match rest {
                [
                    "storm-control-profiles"
                    | "dhcp-relay"
                    | "sampling"
                    | "analyzer"
                    | "port-mirroring"
                    | "helpers"
                    | "hash-key"
                    | "enhanced-hash-key"
                    | "load-balance",
                    ..,
                ] => Benign,
                _ => unsupported("forwarding-options"),
            },
            [
                "chassis"
                | "snmp"
                | "services"
                | "event-options"
                | "applications"
                | "access"
                | "access-profile"
                | "class-of-service"
                | "poe"
                | "ethernet-switching-options"
                | "vlans"
                | "switch-options"
                | "virtual-chassis"
                | "schedulers",
                ..,
            ] => Benign,
            ["bridge-domains", ..] => unsupported("bridge domains"),
            ["multi-chassis", ..] => unsupported("multi-chassis link aggregation"),
            ["logical-systems", ..] => unsupported("logical systems"),
            _ => Unknown,
        }
    }

    fn system(&mut self, w: &[&str], s: &Statement) -> Outcome {
        match w {
            ["host-name", name] => {
                self.hostname = Some(Spanned::new((*name).to_owned(), Self::word(s, 2)));
                Done
            }
            ["management-instance"] => {
                self.management_instance = Some(s.span);
                Done
            }
            [
                "login"
                | "root-authentication"
                | "services"
                | "syslog"
                | "ntp"
                | "name-server"
                | "domain-name"
                | "domain-search"
                | "time-zone"
                | "archival"
                | "extensions"
                | "license"
                | "location"
                | "ports"
                | "processes"
                | "authentication-order"
                | "radius-server"
                | "tacplus-server"
                | "commit"
                | "scripts"
                | "static-host-mapping"
                | "no-redirects"
                | "no-redirects-ipv6"
                | "default-address-selection"
                | "internet-options"
                | "arp"
                | "auto-snapshot"
                | "max-configurations-on-flash"
                | "max-configuration-rollbacks"
                | "ddos-protection"
                | "accounting"
                | "host-name"
                | "backup-router"
                | "dump-on-panic"
                | "phone-home"
                | "configuration-database"
                | "events"
                | "mgmt_junos"
                | "encrypt-configuration-files"
                | "saved-core-context"
                | "rollback"
                | "radius-options"
                | "tacplus-options"
                | "fips"
                | "management-instance"
                | "services-ssh"
                | "dynamic-profile-options"
                | "compress-configuration-files"
                | "saved-core-files"
                | "security-profile"
                | "allow-v4mapped-packets"
                | "no-ping-record-route"
                | "no-ping-time-stamp"
                | "no-multicast-echo"
                | "master-password"
                | "login-tips",
                ..,
            ] => Benign,
            _ => Unknown,
        }
    }

    // ---- interfaces -------------------------------------------------------------------------

    fn unit_interface(
        &mut self,
        ifd: &str,
        unit: &str,
        s: &Statement,
        unit_word: usize,
    ) -> &mut Interface {
        let name = format!("{ifd}.{unit}");
        let span = Self::word(s, unit_word);
        self.device
            .interfaces
            .entry(name.clone())
            .or_insert_with(|| Interface {
                kind: InterfaceKind::from_name(ifd),
                ..Interface::new(name, span)
            })
    }

    fn interfaces(&mut self, w: &[&str], s: &Statement) -> Outcome {
        match w {
            ["traceoptions", ..] | ["interface-range", ..] => {
                if w[0] == "traceoptions" {
                    Benign
                } else {
                    unsupported("interface ranges")
                }
            }
            [ifd, "unit", unit, rest @ ..] => self.unit(ifd, unit, rest, s),
            [ifd, rest @ ..] => self.physical(ifd, rest, s),
            [] => Unknown,
        }
    }

    fn physical(&mut self, ifd: &str, w: &[&str], s: &Statement) -> Outcome {
        match w {
            [] => Benign,
            ["disable"] => {
                self.physical.entry(ifd.to_owned()).or_default().disable = Some(s.span);
                Done
            }
            ["description", ..]
            | ["mtu", ..]
            | ["vlan-tagging"]
            | ["flexible-vlan-tagging"]
            | ["stacked-vlan-tagging"]
            | ["encapsulation", ..]
            | ["speed", ..]
            | ["link-mode", ..]
            | ["auto-negotiation", ..]
            | ["no-auto-negotiation"]
            | ["hold-time", ..]
            | ["native-vlan-id", ..]
            | ["per-unit-scheduler"]
            | ["traceoptions", ..]
            | ["enable"]
            | [
                "gigether-options",
                "auto-negotiation" | "no-auto-negotiation" | "loopback" | "no-flow-control",
                ..,
            ]
            | [
                "ether-options",
                "auto-negotiation"
                | "no-auto-negotiation"
                | "speed"
                | "link-mode"
                | "no-flow-control",
                ..,
            ]
            | [
                "aggregated-ether-options",
                "lacp" | "minimum-links" | "link-speed",
                ..,
            ]
            | ["optics-options", ..]
            | ["damping", ..]
            | ["framing", ..]
            | ["number-of-sub-ports", ..]
            | ["forwarding-class-accounting", ..]
            | ["speed-24x10ge" | "port-speed", ..] => Benign,
            ["gigether-options" | "ether-options", "802.3ad", ..] => {
                scoped("link aggregation membership", ifd)
            }
            ["esi", ..] => scoped("evpn multihoming (esi)", ifd),
            ["gigether-options" | "ether-options", "redundant-parent", ..] => {
                scoped("chassis cluster redundant ethernet", ifd)
            }
            _ => Unknown,
        }
    }

    fn unit(&mut self, ifd: &str, unit: &str, w: &[&str], s: &Statement) -> Outcome {
        let name = format!("{ifd}.{unit}");
        // Every statement about a unit creates it (`unit 0 family inet` alone is an interface).
        self.unit_interface(ifd, unit, s, 3);
        match w {
            [] => Done,
            ["description", text] => {
                let span = Self::word(s, 5);
                self.unit_interface(ifd, unit, s, 3).description =
                    Some(Spanned::new((*text).to_owned(), span));
                Done
            }
            ["disable"] => {
                self.unit_interface(ifd, unit, s, 3).shutdown = Some(Spanned::new(true, s.span));
                Done
            }
            ["vlan-id", id] => match id.parse::<u32>() {
                Ok(id) => {
                    self.unit_interface(ifd, unit, s, 3).encapsulation_vlan =
                        Some(Spanned::new(id, s.span));
                    Done
                }
                Err(_) => Invalid(format!("`{id}` is not a VLAN id")),
            },
            ["family", family @ ("inet" | "inet6"), rest @ ..] => {
                self.family(&name, ifd, unit, family == &"inet6", rest, s)
            }
            ["family", "iso", rest @ ..] => {
                self.iso_units.insert(name.clone());
                match rest {
                    [] => Done,
                    ["address", net] => {
                        self.nets
                            .push(Spanned::new((*net).to_owned(), Self::word(s, 7)));
                        Done
                    }
                    ["mtu", ..] => Benign,
                    _ => Unknown,
                }
            }
            ["family", "mpls", ..] => Benign,
            ["family", "ethernet-switching", ..] | ["family", "bridge", ..] => {
                self.unit_interface(ifd, unit, s, 3).switchport = Some(Spanned::new(true, s.span));
                Done
            }
            ["encapsulation", ..]
            | ["mtu", ..]
            | ["traps"]
            | ["no-traps"]
            | ["bandwidth", ..]
            | ["proxy-macip-advertisement"]
            | ["mac", ..] => Benign,
            ["vlan-id-list", ..] | ["vlan-tags", ..] => scoped("vlan lists on a unit", name),
            _ => Unknown,
        }
    }

    fn family(
        &mut self,
        name: &str,
        ifd: &str,
        unit: &str,
        v6: bool,
        w: &[&str],
        s: &Statement,
    ) -> Outcome {
        let family_word = 5;
        match w {
            [] => Done,
            ["address", address, rest @ ..] => {
                let Ok(net) = address.parse::<IpNet>() else {
                    return Invalid(format!(
                        "`{address}` is not an address with a prefix length"
                    ));
                };
                if net.addr().is_ipv6() != v6 {
                    return Invalid(format!(
                        "`{address}` is not of family {}",
                        if v6 { "inet6" } else { "inet" }
                    ));
                }
                let span = s.span;
                let iface = self.unit_interface(ifd, unit, s, 3);
                if !iface.addresses.iter().any(|a| a.address == net) {
                    iface.addresses.push(InterfaceAddress {
                        address: net,
                        secondary: false,
                        span,
                    });
                }
                match rest {
                    [] | ["primary"] | ["preferred"] | ["arp", ..] => Done,
                    ["vrrp-group" | "vrrp-inet6-group", ..] => scoped("vrrp", name),
                    ["virtual-gateway-address", ..] => scoped("virtual gateway address", name),
                    _ => Unknown,
                }
            }
            ["filter", direction @ ("input" | "output"), filter] => {
                let span = Self::word(s, family_word + 3);
                let kind = if v6 {
                    StructureKind::AclV6
                } else {
                    StructureKind::Acl
                };
                self.reference(
                    kind,
                    filter,
                    format!("interface {name} filter {direction}"),
                    span,
                );
                if v6 {
                    // The IR has one inbound and one outbound filter name per interface.
                    return scoped("inet6 firewall filter on an interface", name);
                }
                let value = Some(Spanned::new((*filter).to_owned(), span));
                let iface = self.unit_interface(ifd, unit, s, 3);
                if *direction == "input" {
                    iface.acl_in = value;
                } else {
                    iface.acl_out = value;
                }
                if ifd == "lo0" {
                    // A loopback input filter guards traffic to every address of the device
                    // (the Routing Engine), not only to lo0's.
                    return scoped("loopback filter protecting the routing engine", name);
                }
                Done
            }
            ["filter", "input-list" | "output-list", ..] => {
                scoped("firewall filter lists on an interface", name)
            }
            ["filter", "group", ..] => Benign,
            ["mtu", ..]
            | ["no-redirects"]
            | ["targeted-broadcast", ..]
            | ["sampling", ..]
            | ["policer", ..]
            | ["nd6-stale-time", ..]
            | ["tcp-mss", ..]
            | ["dad-disable"] => Benign,
            ["dhcp", ..] | ["dhcp-client", ..] | ["dhcpv6-client", ..] | ["autoconf", ..] => {
                scoped("address from dhcp", name)
            }
            ["unnumbered-address", ..] => scoped("unnumbered interface", name),
            ["rpf-check", ..] => scoped("unicast reverse-path forwarding", name),
            ["service", ..] => scoped("service sets", name),
            _ => Unknown,
        }
    }

    // ---- routing-options --------------------------------------------------------------------

    /// `routing-options` of an instance; `at` is the index of the `routing-options` word.
    fn routing_options(&mut self, instance: &str, w: &[&str], s: &Statement, at: usize) -> Outcome {
        match w {
            ["router-id", id] => match id.parse::<Ipv4Addr>() {
                Ok(id) => {
                    self.router_ids
                        .insert(instance.to_owned(), Spanned::new(id, s.span));
                    Done
                }
                Err(_) => Invalid(format!("`{id}` is not a router id")),
            },
            ["autonomous-system", asn, rest @ ..] => {
                let Some(asn) = parse_asn(asn) else {
                    return Invalid(format!("`{asn}` is not an AS number"));
                };
                self.asns
                    .insert(instance.to_owned(), Spanned::new(asn, s.span));
                match rest {
                    [] | ["asdot-notation"] => Done,
                    _ => unsupported("autonomous-system options (loops, independent-domain)"),
                }
            }
            ["static", rest @ ..] => self.static_block(instance, false, rest, s),
            ["rib", table, "static", rest @ ..] => {
                let v6 = table.ends_with("inet6.0");
                let v4 = table.ends_with("inet.0");
                if !v4 && !v6 {
                    return scoped("static routes in another table", *table);
                }
                self.static_block(instance, v6, rest, s)
            }
            ["rib", table, ..] => scoped("routing table options", *table),
            ["forwarding-table", "export", _] => {
                self.forwarding_export = true;
                Benign
            }
            ["graceful-restart", ..]
            | ["nonstop-routing"]
            | ["options", ..]
            | ["ppm", ..]
            | ["route-distinguisher-id", ..]
            | ["forwarding-table", ..]
            | ["traceoptions", ..] => {
                let _ = at;
                Benign
            }
            ["aggregate", ..] => unsupported("aggregate routes"),
            ["generate", ..] => unsupported("generated routes"),
            ["martians", ..] => unsupported("martian addresses"),
            ["rib-groups", ..] | ["interface-routes", ..] => unsupported("rib groups"),
            ["auto-export", ..] | ["instance-import", ..] | ["instance-export", ..] => {
                unsupported("route leaking between instances")
            }
            ["confederation", ..] => unsupported("bgp confederations"),
            ["multipath", ..] => unsupported("routing-options multipath"),
            ["resolution", ..] | ["dynamic-tunnels", ..] => {
                unsupported("next-hop resolution options")
            }
            _ => Unknown,
        }
    }

    fn static_block(&mut self, instance: &str, v6: bool, w: &[&str], s: &Statement) -> Outcome {
        let key = (instance.to_owned(), v6);
        match w {
            ["defaults", what @ ("preference" | "metric" | "tag"), value] => {
                let Ok(n) = value.parse::<u32>() else {
                    return Invalid(format!("`{value}` is not a number"));
                };
                let defaults = self.defaults.entry(key).or_default();
                match *what {
                    "preference" => defaults.preference = Some(n),
                    "metric" => defaults.metric = Some(n),
                    "tag" => defaults.tag = Some(n),
                    _ => return Unknown,
                }
                Done
            }
            [
                "defaults",
                "no-readvertise"
                | "readvertise"
                | "no-install"
                | "community"
                | "as-path"
                | "color"
                | "bfd-liveness-detection",
                ..,
            ] => unsupported("static route defaults beyond preference, metric and tag"),
            [
                "defaults",
                "retain" | "no-retain" | "install" | "active" | "passive" | "resolve",
                ..,
            ] => unsupported("static route defaults beyond preference, metric and tag"),
            ["route", prefix, rest @ ..] => {
                let Ok(prefix) = prefix.parse::<IpNet>() else {
                    return Invalid(format!("`{prefix}` is not a prefix"));
                };
                if prefix.addr().is_ipv6() != v6 {
                    return Invalid(format!("`{prefix}` is not of the table's family"));
                }
                let prefix = prefix.trunc();
                let span = s.span;
                let route = self
                    .statics
                    .entry((instance.to_owned(), v6, prefix))
                    .or_insert_with(|| StaticConfig {
                        span,
                        next_hops: Vec::new(),
                        qualified: Vec::new(),
                        preference: None,
                        metric: None,
                        tag: None,
                        resolve: false,
                    });
                let number = |v: &str| v.parse::<u32>().ok();
                match rest {
                    ["discard"] => route.next_hops.push((StaticNextHop::Discard, span)),
                    ["reject"] => route.next_hops.push((StaticNextHop::Reject, span)),
                    ["next-hop", hop] => {
                        let hop = match hop.parse::<IpAddr>() {
                            Ok(a) => StaticNextHop::Address(a),
                            Err(_) => StaticNextHop::Interface((*hop).to_owned()),
                        };
                        route.next_hops.push((hop, span));
                    }
                    ["next-table", table] => {
                        let vrf = table.split('.').next().unwrap_or(table);
                        route
                            .next_hops
                            .push((StaticNextHop::OtherVrf(vrf.to_owned(), None), span));
                    }
                    ["qualified-next-hop", hop] | ["qualified-next-hop", hop, "preference", _] => {
                        let Ok(hop) = hop.parse::<IpAddr>() else {
                            return scoped(
                                "qualified next hop through an interface",
                                prefix.to_string(),
                            );
                        };
                        let preference = rest.get(3).and_then(|p| number(p));
                        // One statement per setting: merge the preference into the entry.
                        match route.qualified.iter_mut().find(|q| q.0 == hop) {
                            Some(q) => q.1 = preference.or(q.1),
                            None => route.qualified.push((hop, preference, span)),
                        }
                    }
                    ["qualified-next-hop", _, ..] => {
                        return scoped("qualified next hop options", prefix.to_string());
                    }
                    ["preference", p] => match number(p) {
                        Some(p) => route.preference = Some(p),
                        None => return Invalid(format!("`{p}` is not a preference")),
                    },
                    ["metric", m] => match number(m) {
                        Some(m) => route.metric = Some(m),
                        None => return Invalid(format!("`{m}` is not a metric")),
                    },
                    ["tag", t] => match number(t) {
                        Some(t) => route.tag = Some(t),
                        None => return Invalid(format!("`{t}` is not a tag")),
                    },
                    ["resolve"] => route.resolve = true,
                    ["no-resolve"] => route.resolve = false,
                    []
                    | ["retain"]
                    | ["no-retain"]
                    | ["install"]
                    | ["active"]
                    | ["bfd-liveness-detection", ..] => {}
                    ["receive"] => return scoped("static receive route", prefix.to_string()),
                    ["no-install"] | ["passive"] => {
                        return scoped("static route not installed", prefix.to_string());
                    }
                    ["readvertise"] | ["no-readvertise"] | ["community", ..] | ["as-path", ..] => {
                        return scoped("static route export attributes", prefix.to_string());
                    }
                    ["lsp-next-hop", ..]
                    | ["static-lsp-next-hop", ..]
                    | ["p2mp-lsp-next-hop", ..] => {
                        return scoped("mpls next hop", prefix.to_string());
                    }
                    _ => return Unknown,
                }
                Done
            }
            ["rib-group", ..] => unsupported("rib groups"),
            _ => Unknown,
        }
    }

    // ---- routing instances ------------------------------------------------------------------

    fn instance(&mut self, name: &str, w: &[&str], s: &Statement) -> Outcome {
        self.ensure_vrf(name, Self::word(s, 1));
        match w {
            [] => Done,
            ["instance-type", kind] => {
                self.instance_types
                    .insert(name.to_owned(), Spanned::new((*kind).to_owned(), s.span));
                match *kind {
                    "vrf" | "virtual-router" => Done,
                    other => scoped(&format!("routing instance type {other}"), name),
                }
            }
            ["interface", iface] => {
                self.instance_interfaces
                    .push((name.to_owned(), (*iface).to_owned(), s.span));
                Done
            }
            ["description", text] => {
                let span = Self::word(s, 3);
                if let Some(vrf) = self.device.vrfs.get_mut(name) {
                    vrf.description = Some(Spanned::new((*text).to_owned(), span));
                }
                Done
            }
            ["route-distinguisher", rd] => {
                if let Some(vrf) = self.device.vrfs.get_mut(name) {
                    vrf.rd = Some(Spanned::new((*rd).to_owned(), s.span));
                }
                Done
            }
            ["vrf-target", rest @ ..] => {
                let (import, export, target) = match rest {
                    [target] => (true, true, *target),
                    ["import", target] => (true, false, *target),
                    ["export", target] => (false, true, *target),
                    _ => return Unknown,
                };
                if let Some(vrf) = self.device.vrfs.get_mut(name) {
                    let t = target.strip_prefix("target:").unwrap_or(target).to_owned();
                    if import {
                        vrf.import_targets
                            .entry(String::new())
                            .or_default()
                            .push(Spanned::new(t.clone(), s.span));
                    }
                    if export {
                        vrf.export_targets
                            .entry(String::new())
                            .or_default()
                            .push(Spanned::new(t, s.span));
                    }
                }
                Done
            }
            ["vrf-import" | "vrf-export", policy] => {
                self.reference(
                    StructureKind::RoutePolicy,
                    policy,
                    format!("routing-instance {name} {}", w[0]),
                    Self::word(s, 3),
                );
                scoped("vrf import/export policies", name)
            }
            ["vrf-table-label", ..] => Benign,
            ["routing-options", rest @ ..] => self.routing_options(name, rest, s, 3),
            ["protocols", rest @ ..] => self.protocols(name, rest, s, 2),
            ["bridge-domains", ..] | ["vlans", ..] | ["vtep-source-interface", ..] => {
                scoped("layer-2 instance contents", name)
            }
            _ => Unknown,
        }
    }

    fn ensure_vrf(&mut self, name: &str, span: Span) {
        self.device
            .vrfs
            .entry(name.to_owned())
            .or_insert_with(|| Vrf {
                name: name.to_owned(),
                span,
                ..Vrf::default()
            });
    }

    // ---- protocols --------------------------------------------------------------------------

    /// `protocols` of an instance; `at` is the index of the `protocols` word.
    fn protocols(&mut self, instance: &str, w: &[&str], s: &Statement, at: usize) -> Outcome {
        match w {
            ["bgp", rest @ ..] => self.bgp(instance, rest, s, at + 2),
            ["ospf", rest @ ..] => self.ospf(instance, rest, s, at + 2),
            ["ospf3", ..] => scoped("ospfv3", instance_scope(instance)),
            ["isis", rest @ ..] => self.isis(instance, rest, s, at + 2),
            ["mpls", ..] | ["ldp", ..] | ["rsvp", ..] => unsupported("mpls"),
            ["evpn", ..] | ["l2circuit", ..] | ["vpls", ..] | ["l2vpn", ..] => {
                scoped("layer-2 vpn", instance_scope(instance))
            }
            ["rip", ..] | ["ripng", ..] => unsupported("rip"),
            ["vrrp", ..] => unsupported("vrrp"),
            [
                "lldp"
                | "lldp-med"
                | "igmp-snooping"
                | "mld-snooping"
                | "rstp"
                | "mstp"
                | "stp"
                | "vstp"
                | "sflow"
                | "layer2-control"
                | "router-advertisement"
                | "ptp"
                | "bfd"
                | "dcbx"
                | "uplink-failure-detection"
                | "l2-learning"
                | "pim"
                | "igmp"
                | "mld"
                | "msdp"
                | "neighbor-discovery"
                | "arp",
                ..,
            ] => Benign,
            _ => Unknown,
        }
    }

    fn bgp(&mut self, instance: &str, w: &[&str], s: &Statement, at: usize) -> Outcome {
        let instance = instance.to_owned();
        match w {
            ["group", group, "neighbor", address, rest @ ..] => {
                let Ok(address) = address.parse::<IpAddr>() else {
                    return scoped("bgp neighbor that is not an address", *address);
                };
                self.bgp_groups
                    .entry((instance.clone(), (*group).to_owned()))
                    .or_default()
                    .span
                    .get_or_insert(Self::word(s, at + 1));
                let level = self
                    .bgp_neighbors
                    .entry((instance, (*group).to_owned(), address))
                    .or_default();
                level.span.get_or_insert(Self::word(s, at + 3));
                bgp_setting(level, rest, s, at + 4)
            }
            ["group", group, rest @ ..] => {
                let level = self
                    .bgp_groups
                    .entry((instance, (*group).to_owned()))
                    .or_default();
                level.span.get_or_insert(Self::word(s, at + 1));
                bgp_setting(level, rest, s, at + 2)
            }
            ["neighbor", ..] => scoped("bgp neighbor outside a group", instance_scope(&instance)),
            rest => {
                let level = self.bgp.entry(instance).or_default();
                level.span.get_or_insert(Self::word(s, at - 1));
                bgp_setting(level, rest, s, at)
            }
        }
    }

    fn isis(&mut self, instance: &str, w: &[&str], s: &Statement, at: usize) -> Outcome {
        let config = self.isis.entry(instance.to_owned()).or_default();
        config.span.get_or_insert(Self::word(s, at - 1));
        let level = |l: &str| match l {
            "1" => Some(0usize),
            "2" => Some(1usize),
            _ => None,
        };
        match w {
            ["interface", iface, settings @ ..] => {
                if *iface == "all" {
                    return scoped("is-is interface all", instance_scope(instance));
                }
                let name = logical_name(iface);
                let i =
                    config
                        .interfaces
                        .entry(name.clone())
                        .or_insert_with(|| IsisInterfaceConfig {
                            span: s.span,
                            ..IsisInterfaceConfig::default()
                        });
                match settings {
                    [] => Done,
                    ["passive", ..] => {
                        i.passive = true;
                        Done
                    }
                    ["point-to-point"] => Done,
                    ["level", l, rest @ ..] => {
                        let Some(l) = level(l) else {
                            return Invalid(format!("`{l}` is not an is-is level"));
                        };
                        match rest {
                            [] => Done,
                            ["disable"] => {
                                i.disabled[l] = true;
                                Done
                            }
                            ["metric", m] => match m.parse::<u32>() {
                                Ok(m) => {
                                    i.metric[l] = Some(m);
                                    Done
                                }
                                Err(_) => Invalid(format!("`{m}` is not a metric")),
                            },
                            ["passive"] => scoped("is-is passive at one level", name),
                            [
                                "hello-interval"
                                | "hold-time"
                                | "priority"
                                | "hello-authentication-key"
                                | "hello-authentication-type"
                                | "hello-padding",
                                ..,
                            ] => Benign,
                            _ => Unknown,
                        }
                    }
                    ["hello-padding", ..]
                    | ["bfd-liveness-detection", ..]
                    | ["ldp-synchronization", ..]
                    | ["lsp-interval", ..]
                    | ["mesh-group", ..]
                    | ["csnp-interval", ..] => Benign,
                    ["node-link-protection" | "link-protection", ..] | ["family", ..] => Benign,
                    ["disable"] => scoped("is-is interface disable", name),
                    _ => Unknown,
                }
            }
            ["level", l, rest @ ..] => {
                let Some(l) = level(l) else {
                    return Invalid(format!("`{l}` is not an is-is level"));
                };
                match rest {
                    ["disable"] => {
                        config.disabled_levels[l] = Some(s.span);
                        Done
                    }
                    ["wide-metrics-only"] => {
                        config.wide_only = Some(s.span);
                        Done
                    }
                    [
                        "authentication-key"
                        | "authentication-type"
                        | "no-csnp-authentication"
                        | "no-hello-authentication"
                        | "no-psnp-authentication"
                        | "lsp-lifetime",
                        ..,
                    ] => Benign,
                    ["preference" | "external-preference", ..] => {
                        unsupported("is-is preference (junos)")
                    }
                    _ => Unknown,
                }
            }
            ["export", policy] => {
                config
                    .export
                    .push(Spanned::new((*policy).to_owned(), Self::word(s, at + 1)));
                Done
            }
            ["overload", "timeout", _] => {
                config.overload_timeout = true;
                Done
            }
            ["overload", rest @ ..] => {
                config.overload = Some(s.span);
                match rest {
                    [] | ["advertise-high-metrics"] => Done,
                    _ => unsupported("is-is overload options"),
                }
            }
            ["reference-bandwidth", ..] => unsupported("is-is reference bandwidth"),
            ["import", ..] => unsupported("is-is import policy"),
            ["disable"] => scoped("is-is disabled", instance_scope(instance)),
            ["traceoptions", ..]
            | ["graceful-restart", ..]
            | ["spf-options", ..]
            | ["lsp-lifetime", ..]
            | ["no-ipv6-routing"]
            | ["topologies", ..] => Benign,
            _ => Unknown,
        }
    }

    fn ospf(&mut self, instance: &str, w: &[&str], s: &Statement, at: usize) -> Outcome {
        let config = self.ospf.entry(instance.to_owned()).or_default();
        config.span.get_or_insert(Self::word(s, at - 1));
        match w {
            ["area", area, rest @ ..] => {
                let Some(area) = parse_area(area) else {
                    return Invalid(format!("`{area}` is not an area"));
                };
                let entry = config.areas.entry(area).or_default();
                match rest {
                    [] => Done,
                    ["interface", iface, settings @ ..] => {
                        if *iface == "all" {
                            return scoped("ospf interface all", instance_scope(instance));
                        }
                        let unit_name = logical_name(iface);
                        let iface = &unit_name.as_str();
                        let at_iface =
                            match config.interface_index.get(&((*iface).to_owned(), area)) {
                                Some(i) => *i,
                                None => {
                                    config.interface_index.insert(
                                        ((*iface).to_owned(), area),
                                        config.interfaces.len(),
                                    );
                                    config.interfaces.push(OspfProcessInterface {
                                        name: (*iface).to_owned(),
                                        area,
                                        cost: None,
                                        passive: false,
                                        network_type: None,
                                        span: s.span,
                                    });
                                    config.interfaces.len() - 1
                                }
                            };
                        let i = &mut config.interfaces[at_iface];
                        match settings {
                            [] => Done,
                            ["metric", m] => match m.parse::<u32>() {
                                Ok(m) => {
                                    i.cost = Some(m);
                                    Done
                                }
                                Err(_) => Invalid(format!("`{m}` is not a metric")),
                            },
                            ["passive", ..] => {
                                i.passive = true;
                                Done
                            }
                            ["interface-type", "p2p"] => {
                                i.network_type = Some(ir::interface::OspfNetworkType::PointToPoint);
                                Done
                            }
                            ["interface-type", "nbma"] => {
                                i.network_type = Some(ir::interface::OspfNetworkType::NonBroadcast);
                                Done
                            }
                            ["interface-type", "p2mp"] => {
                                i.network_type =
                                    Some(ir::interface::OspfNetworkType::PointToMultipoint);
                                Done
                            }
                            ["hello-interval", ..] | ["dead-interval", ..] => {
                                scoped("ospf timers (junos)", (*iface).to_owned())
                            }
                            ["authentication", ..]
                            | ["bfd-liveness-detection", ..]
                            | ["priority", ..]
                            | ["retransmit-interval", ..]
                            | ["transit-delay", ..]
                            | ["ldp-synchronization", ..]
                            | ["no-interface-state-traps"]
                            | ["mtu", ..]
                            | ["flood-reduction"] => Benign,
                            ["disable"] => scoped("ospf interface disable", (*iface).to_owned()),
                            ["interface-type", _] => {
                                scoped("ospf interface type", (*iface).to_owned())
                            }
                            ["neighbor", ..] => scoped("ospf nbma neighbors", (*iface).to_owned()),
                            _ => Unknown,
                        }
                    }
                    ["stub", rest @ ..] => {
                        let no_summary = rest.contains(&"no-summaries");
                        entry.kind = Some(Spanned::new(OspfAreaKind::Stub { no_summary }, s.span));
                        match rest {
                            [] | ["no-summaries"] | ["summaries"] => Done,
                            _ => unsupported("ospf stub area options"),
                        }
                    }
                    ["nssa", ..] => unsupported("ospf nssa area (junos)"),
                    ["area-range", ..] => unsupported("ospf area ranges (junos)"),
                    ["virtual-link", ..] => unsupported("ospf virtual links"),
                    _ => Unknown,
                }
            }
            ["export", policy] => {
                config
                    .export
                    .push(Spanned::new((*policy).to_owned(), Self::word(s, at + 1)));
                Done
            }
            ["import", ..] => unsupported("ospf import policy"),
            ["disable"] => scoped("ospf disabled", instance_scope(instance)),
            ["reference-bandwidth", bw] => match parse_bandwidth_mbps(bw) {
                Some(mbps) => {
                    config.reference_bandwidth = Some(Spanned::new(mbps, s.span));
                    Done
                }
                None => Invalid(format!("`{bw}` is not a bandwidth")),
            },
            ["overload", "timeout", _] => {
                config.overload_timeout = true;
                Done
            }
            ["overload", rest @ ..] => {
                config.overload = Some(s.span);
                match rest {
                    [] => Done,
                    _ => unsupported("ospf overload options"),
                }
            }
            ["preference", p] => match p.parse::<u8>() {
                Ok(p) => {
                    config.preference = Some(Spanned::new(p, s.span));
                    Done
                }
                Err(_) => unsupported("ospf preference above 255"),
            },
            ["external-preference", p] => match p.parse::<u8>() {
                Ok(p) => {
                    config.external_preference = Some(Spanned::new(p, s.span));
                    Done
                }
                Err(_) => unsupported("ospf preference above 255"),
            },
            ["traceoptions", ..]
            | ["graceful-restart", ..]
            | ["spf-options", ..]
            | ["no-rfc-1583"] => Benign,
            _ => Unknown,
        }
    }

    // ---- finish -----------------------------------------------------------------------------

    fn finish(mut self, fallback: &str) -> (ir::Device, Vec<Diagnostic>) {
        // Physical `disable` shuts every unit down.
        for (ifd, physical) in &self.physical {
            if let Some(span) = physical.disable {
                let prefix = format!("{ifd}.");
                for iface in self.device.interfaces.values_mut() {
                    if iface.name.starts_with(&prefix) && iface.shutdown.is_none() {
                        iface.shutdown = Some(Spanned::new(true, span));
                    }
                }
            }
        }
        // The management instance.
        if let Some(span) = self.management_instance {
            self.ensure_vrf(MGMT_INSTANCE, span);
            for iface in self.device.interfaces.values_mut() {
                let ifd = iface.name.split('.').next().unwrap_or("");
                if matches!(ifd, "fxp0" | "em0" | "me0") {
                    iface.vrf = Some(Spanned::new(MGMT_INSTANCE.to_owned(), span));
                }
            }
        }
        // Instance membership and types.
        for (instance, iface, span) in std::mem::take(&mut self.instance_interfaces) {
            let name = if iface.contains('.') {
                iface.clone()
            } else {
                format!("{iface}.0")
            };
            self.device.references.push(Reference {
                kind: StructureKind::Interface,
                name: name.clone(),
                usage: format!("routing-instance {instance} interface"),
                span,
            });
            if let Some(i) = self.device.interfaces.get_mut(&name) {
                i.vrf = Some(Spanned::new(instance, span));
            }
        }
        let vrf_names: Vec<(String, Span)> = self
            .device
            .vrfs
            .values()
            .map(|v| (v.name.clone(), v.span))
            .collect();
        for (name, span) in vrf_names {
            let management = name == MGMT_INSTANCE && self.management_instance.is_some();
            if !(self.instance_types.contains_key(&name) || management) {
                self.unsupported("routing instance without instance-type", Some(name), span);
            }
        }
        self.lower_statics();
        self.lower_ospf();
        self.lower_isis();
        let policies = std::mem::take(&mut self.policies);
        let (acls, acls_v6) = self.filters.finish(&|name| policies.prefix_list(name));
        self.device.acls = acls;
        self.device.acls_v6 = acls_v6;
        let (bgp_policies, chains) = self.lower_bgp(&policies);
        let (route_policies, prefix_lists, prefix_lists_v6, community_lists, notes) =
            policies.finish(&bgp_policies, &chains);
        self.ecmp_note();
        self.device.route_policies = route_policies;
        self.device.prefix_lists = prefix_lists;
        self.device.prefix_lists_v6 = prefix_lists_v6;
        self.device.community_lists = community_lists;
        for (feature, scope, span) in notes {
            self.unsupported(&feature, scope, span);
        }
        // Name.
        match self.hostname.take() {
            Some(h) => {
                self.device.name = h.value;
                self.device.hostname_span = Some(h.span);
            }
            None => {
                self.device.name = fallback.to_owned();
                self.diagnostics.push(Diagnostic::new(
                    Code::MissingHostname,
                    Severity::Info,
                    Span::new(self.file, 0, 0),
                    format!("no `system host-name`; the device is called `{fallback}`"),
                ));
            }
        }
        self.device.unsupported.sort();
        (self.device, self.diagnostics)
    }

    /// Without a load-balancing `forwarding-table export` policy, Junos installs one next hop
    /// of each equal-cost set in the forwarding table, and which one is not in the
    /// configuration; the verifier forwards over all of them. Recorded wherever equal-cost
    /// paths can arise: an IGP, BGP multipath, or a static route with several next hops.
    fn ecmp_note(&mut self) {
        if self.forwarding_export {
            return;
        }
        let mut candidates: Vec<Span> = Vec::new();
        candidates.extend(self.device.ospf.iter().map(|o| o.span));
        candidates.extend(self.device.isis.iter().map(|i| i.span));
        let mut seen: BTreeMap<(Option<&String>, IpNet, Option<u8>), Span> = BTreeMap::new();
        for r in &self.device.static_routes {
            if let Some(first) = seen.insert((r.vrf.as_ref(), r.prefix, r.distance), r.span) {
                candidates.push(first);
            }
        }
        if let Some(bgp) = &self.device.bgp {
            for vrf in bgp.vrfs.values() {
                for af in vrf.address_families.values() {
                    candidates.extend(af.maximum_paths_ebgp.as_ref().map(|m| m.span));
                }
            }
        }
        if let Some(span) = candidates.into_iter().min() {
            self.unsupported(
                "equal-cost paths without a forwarding-table load-balance policy (one next hop installed)",
                None,
                span,
            );
        }
    }

    fn lower_statics(&mut self) {
        let statics = std::mem::take(&mut self.statics);
        for ((instance, v6, prefix), config) in statics {
            let defaults = self
                .defaults
                .get(&(instance.clone(), v6))
                .copied()
                .unwrap_or_default();
            let preference = config.preference.or(defaults.preference);
            let metric = config.metric.or(defaults.metric);
            let tag = config.tag.or(defaults.tag);
            let vrf = (!instance.is_empty()).then(|| instance.clone());
            let push = |this: &mut Self, next_hop: StaticNextHop, pref: Option<u32>, span: Span| {
                let distance = pref.map(|p| {
                    u8::try_from(p).unwrap_or_else(|_| {
                        this.unsupported(
                            "static route preference above 255",
                            Some(prefix.to_string()),
                            span,
                        );
                        u8::MAX
                    })
                });
                let connected_only =
                    matches!(next_hop, StaticNextHop::Address(_)) && !config.resolve;
                this.device.static_routes.push(StaticRoute {
                    vrf: vrf.clone(),
                    prefix,
                    next_hop,
                    distance,
                    tag,
                    name: None,
                    permanent: false,
                    metric,
                    connected_only,
                    span,
                });
            };
            if config.next_hops.is_empty() && config.qualified.is_empty() {
                self.diagnostics.push(Diagnostic::new(
                    Code::InvalidLine,
                    Severity::Warning,
                    config.span,
                    format!("static route {prefix} has no next hop, `discard` or `reject`"),
                ));
                continue;
            }
            for (hop, span) in config.next_hops.clone() {
                if let StaticNextHop::Interface(name) = &hop {
                    self.device.references.push(Reference {
                        kind: StructureKind::Interface,
                        name: name.clone(),
                        usage: format!("static route {prefix} next-hop"),
                        span,
                    });
                }
                push(self, hop, preference.or(Some(5)), span);
            }
            for (hop, pref, span) in config.qualified.clone() {
                push(
                    self,
                    StaticNextHop::Address(hop),
                    pref.or(preference).or(Some(5)),
                    span,
                );
            }
        }
    }

    fn lower_ospf(&mut self) {
        let ospf = std::mem::take(&mut self.ospf);
        for (instance, config) in ospf {
            let span = config.span.unwrap_or_default();
            let mut process = OspfProcess {
                id: String::new(),
                vrf: (!instance.is_empty()).then(|| instance.clone()),
                span,
                router_id: self.router_ids.get(&instance).cloned(),
                areas: config.areas,
                interfaces: config.interfaces,
                reference_bandwidth_mbps: config.reference_bandwidth,
                max_metric: config
                    .overload
                    .filter(|_| !config.overload_timeout)
                    .map(|s| Spanned::new(true, s)),
                ..OspfProcess::default()
            };
            process.distance.intra_area = config.preference.clone();
            process.distance.inter_area = config.preference;
            process.distance.external = config.external_preference;
            let exports = self.igp_exports(&config.export, "ospf", &instance);
            process.redistribute.extend(exports);
            self.device.ospf.push(process);
        }
    }

    fn lower_isis(&mut self) {
        let isis = std::mem::take(&mut self.isis);
        for (instance, config) in isis {
            let span = config.span.unwrap_or_default();
            let is_type = match config.disabled_levels {
                [Some(s), None] => Some(Spanned::new(IsisLevel::Level2, s)),
                [None, Some(s)] => Some(Spanned::new(IsisLevel::Level1, s)),
                [Some(s), Some(_)] => {
                    self.unsupported(
                        "is-is with both levels disabled",
                        Some(instance_scope(&instance)),
                        s,
                    );
                    None
                }
                [None, None] => None,
            };
            let mut process = IsisProcess {
                tag: String::new(),
                vrf: (!instance.is_empty()).then(|| instance.clone()),
                span,
                nets: if instance.is_empty() {
                    self.nets.clone()
                } else {
                    Vec::new()
                },
                is_type,
                metric_style: config
                    .wide_only
                    .map(|s| Spanned::new(ir::routing::IsisMetricStyle::Wide, s)),
                overload: config
                    .overload
                    .filter(|_| !config.overload_timeout)
                    .map(|s| Spanned::new(true, s)),
                ..IsisProcess::default()
            };
            for (name, i) in &config.interfaces {
                let loopback = name.starts_with("lo0.");
                // An adjacency needs `family iso` on the unit; a loopback is passive and
                // advertised at metric 0.
                // Junos runs IS-IS only on units with `family iso`: without it the interface
                // forms no adjacency and its prefix is not advertised, as on the device.
                if !self.iso_units.contains(name) && !loopback && !i.passive {
                    continue;
                }
                let metric = |l: usize| {
                    if loopback {
                        Some(i.metric[l].unwrap_or(0))
                    } else {
                        i.metric[l]
                    }
                };
                process.interfaces.push(ir::routing::IsisProcessInterface {
                    name: name.clone(),
                    passive: i.passive || loopback,
                    metric_l1: metric(0),
                    metric_l2: metric(1),
                    span: i.span,
                });
                let circuit = match i.disabled {
                    [true, false] => Some(IsisLevel::Level2),
                    [false, true] => Some(IsisLevel::Level1),
                    [true, true] => {
                        self.unsupported(
                            "is-is interface with both levels disabled",
                            Some(name.clone()),
                            i.span,
                        );
                        None
                    }
                    [false, false] => None,
                };
                if let (Some(level), Some(iface)) = (circuit, self.device.interfaces.get_mut(name))
                {
                    iface.isis.circuit_type = Some(Spanned::new(level, i.span));
                }
            }
            let exports = self.igp_exports(&config.export, "is-is", &instance);
            process.redistribute.extend(exports);
            self.device.isis.push(process);
        }
    }

    /// Builds the BGP process; returns the policies used by BGP, and the chains to compile.
    fn lower_bgp(
        &mut self,
        policies: &policy::Policies,
    ) -> (BTreeSet<String>, BTreeSet<Vec<String>>) {
        let mut used = BTreeSet::new();
        let mut chains = BTreeSet::new();
        let instances: BTreeSet<String> = self
            .bgp
            .keys()
            .cloned()
            .chain(self.bgp_groups.keys().map(|(i, _)| i.clone()))
            .collect();
        if instances.is_empty() {
            return (used, chains);
        }
        // Without `routing-options autonomous-system`, a protocol-level `local-as` gives the AS.
        let master_as = self
            .asns
            .get(MASTER)
            .cloned()
            .or_else(|| self.bgp.get(MASTER).and_then(|l| l.local_as.clone()));
        let Some(master_as) =
            master_as.or_else(|| instances.iter().find_map(|i| self.asns.get(i).cloned()))
        else {
            let span = self
                .bgp
                .values()
                .chain(self.bgp_groups.values())
                .find_map(|l| l.span)
                .unwrap_or_default();
            self.diagnostics.push(Diagnostic::new(
                Code::RejectedLine,
                Severity::Warning,
                span,
                "bgp is configured but `routing-options autonomous-system` is not; Junos would refuse the commit",
            ));
            return (used, chains);
        };
        let mut process = BgpProcess {
            asn: master_as.value,
            options: ir::routing::BgpOptions {
                // Junos compares MED within groups of routes from the same neighboring AS
                // before comparing the groups' winners: IOS's `deterministic-med`.
                deterministic_med: Some(Spanned::new(true, master_as.span)),
                ..ir::routing::BgpOptions::default()
            },
            span: self
                .bgp
                .get(MASTER)
                .and_then(|l| l.span)
                .unwrap_or(master_as.span),
            router_id: self.router_ids.get(MASTER).cloned(),
            ..BgpProcess::default()
        };
        // Which interface owns each address, per instance (for `local-address`).
        let mut owners: BTreeMap<(String, IpAddr), String> = BTreeMap::new();
        for i in self.device.interfaces.values() {
            let vrf = i.vrf.as_ref().map_or("", |v| v.value.as_str());
            for a in &i.addresses {
                owners
                    .entry((vrf.to_owned(), a.address.addr()))
                    .or_insert_with(|| i.name.clone());
            }
        }
        for instance in &instances {
            let local_as = self
                .asns
                .get(instance)
                .cloned()
                .unwrap_or_else(|| master_as.clone());
            let top = self.bgp.get(instance).cloned().unwrap_or_default();
            let vrf_span = top.span.unwrap_or(master_as.span);
            let mut vrf = BgpVrf {
                name: instance.clone(),
                router_id: if instance.is_empty() {
                    None
                } else {
                    self.router_ids.get(instance).cloned()
                },
                span: vrf_span,
                ..BgpVrf::default()
            };
            let groups: Vec<(String, BgpLevel)> = self
                .bgp_groups
                .iter()
                .filter(|((i, _), _)| i == instance)
                .map(|((_, g), l)| (g.clone(), l.clone()))
                .collect();
            let mut exported_sources: BTreeMap<(AddressFamily, RouteSource), Spanned<String>> =
                BTreeMap::new();
            let mut unexported_neighbors = Vec::new();
            for (group, group_level) in groups {
                let neighbors: Vec<(IpAddr, BgpLevel)> = self
                    .bgp_neighbors
                    .iter()
                    .filter(|((i, g, _), _)| i == instance && *g == group)
                    .map(|((_, _, a), l)| (*a, l.clone()))
                    .collect();
                if neighbors.is_empty()
                    && let Some(span) = group_level.span
                {
                    self.unsupported(
                        "bgp group without neighbors (dynamic peers)",
                        Some(group.clone()),
                        span,
                    );
                }
                for (address, n) in neighbors {
                    let merged = merge(&[&top, &group_level, &n]);
                    let span = n.span.or(group_level.span).unwrap_or(vrf_span);
                    let scope = format!("bgp neighbor {address}");
                    let internal = merged.internal.as_ref().map(|i| i.value);
                    let remote_as = match (internal, &merged.peer_as) {
                        (Some(true), _) => Some(Spanned::new(
                            RemoteAs::Asn(local_as.value),
                            merged.internal.as_ref().map_or(span, |i| i.span),
                        )),
                        (_, Some(p)) => Some(p.clone().map(RemoteAs::Asn)),
                        _ => None,
                    };
                    let Some(remote_as) = remote_as else {
                        self.diagnostics.push(Diagnostic::new(
                            Code::RejectedLine,
                            Severity::Warning,
                            span,
                            format!("bgp neighbor {address} has neither `type internal` nor `peer-as`; Junos would refuse the commit"),
                        ));
                        continue;
                    };
                    if internal.is_none() {
                        self.unsupported("bgp group without type", Some(scope.clone()), span);
                    }
                    let mut neighbor = BgpNeighbor {
                        span,
                        remote_as: Some(remote_as),
                        local_as: merged.local_as.clone(),
                        peer_group: group_level.span.map(|s| Spanned::new(group.clone(), s)),
                        ebgp_multihop: merged.multihop.clone(),
                        shutdown: merged.shutdown.map(|s| Spanned::new(true, s)),
                        description: merged.description.clone(),
                        remove_private_as: merged.remove_private.map(|s| Spanned::new(true, s)),
                        ..BgpNeighbor::default()
                    };
                    if let Some(local) = &merged.local_address {
                        let owner = owners.get(&(instance.clone(), local.value)).cloned();
                        neighbor.update_source = Some(Spanned::new(
                            owner.unwrap_or_else(|| local.value.to_string()),
                            local.span,
                        ));
                    }
                    // Families.
                    let mut families: BTreeSet<AddressFamily> = BTreeSet::new();
                    if merged.families.is_empty() {
                        families.insert(if address.is_ipv4() {
                            AddressFamily::Ipv4
                        } else {
                            AddressFamily::Ipv6
                        });
                    }
                    for family in &merged.families {
                        match family.value.as_str() {
                            "inet unicast" | "inet" => {
                                families.insert(AddressFamily::Ipv4);
                            }
                            "inet6 unicast" | "inet6" => {
                                families.insert(AddressFamily::Ipv6);
                            }
                            other => {
                                self.unsupported(
                                    &format!("bgp family {other}"),
                                    Some(scope.clone()),
                                    family.span,
                                );
                            }
                        }
                    }
                    let import = self.chain(
                        &merged.import,
                        &scope,
                        "import",
                        &mut used,
                        &mut chains,
                        policies,
                    );
                    let export = self.chain(
                        &merged.export,
                        &scope,
                        "export",
                        &mut used,
                        &mut chains,
                        policies,
                    );
                    for family in &families {
                        let af = BgpNeighborAf {
                            activate: Some(Spanned::new(true, span)),
                            route_policy_in: import.clone(),
                            route_policy_out: export.clone(),
                            route_reflector_client: merged
                                .cluster
                                .as_ref()
                                .map(|c| Spanned::new(true, c.span)),
                            as_override: merged.as_override.map(|s| Spanned::new(true, s)),
                            maximum_prefix: merged.prefix_limit.map(|(limit, teardown, span)| {
                                MaximumPrefix {
                                    limit,
                                    warning_only: !teardown,
                                    span,
                                }
                            }),
                            ..BgpNeighborAf::default()
                        };
                        neighbor.address_families.insert(*family, af);
                        match &export {
                            Some(policy) => {
                                let sources: BTreeSet<RouteSource> = merged
                                    .export
                                    .iter()
                                    .flat_map(|p| policies.sources_accepted(&p.value))
                                    .collect();
                                for source in sources {
                                    exported_sources
                                        .entry((*family, source))
                                        .or_insert_with(|| policy.clone());
                                }
                            }
                            None => unexported_neighbors.push((scope.clone(), span)),
                        }
                    }
                    if let Some(cluster) = &merged.cluster {
                        process.options.cluster_id = Some(cluster.clone());
                    }
                    if let Some(span) = merged.multipath {
                        let af = vrf
                            .address_families
                            .entry(if address.is_ipv4() {
                                AddressFamily::Ipv4
                            } else {
                                AddressFamily::Ipv6
                            })
                            .or_default();
                        let paths = Some(Spanned::new(64, span));
                        af.maximum_paths_ebgp = paths.clone();
                        af.maximum_paths_ibgp = paths;
                    }
                    vrf.neighbors.insert(BgpPeer::Address(address), neighbor);
                }
            }
            // Non-BGP routes reach BGP only through export policies: each policy that accepts a
            // protocol's routes redistributes them, filtered by the policy.
            for ((family, source), policy) in exported_sources {
                let af = vrf.address_families.entry(family).or_default();
                af.redistribute.push(Redistribution {
                    source,
                    route_policy: Some(policy.clone()),
                    metric: None,
                    metric_type: None,
                    subnets: true,
                    isis_level: None,
                    tag: None,
                    match_route_types: Vec::new(),
                    eigrp_metric: None,
                    span: policy.span,
                });
                self.unsupported(
                    "bgp export of non-bgp routes (junos export policy)",
                    Some(instance_scope(instance)),
                    policy.span,
                );
            }
            let redistributes = vrf
                .address_families
                .values()
                .any(|af| !af.redistribute.is_empty());
            if redistributes {
                for (scope, span) in unexported_neighbors {
                    self.unsupported(
                        "bgp neighbor without export policy next to redistribution",
                        Some(scope),
                        span,
                    );
                }
            }
            process.vrfs.insert(instance.clone(), vrf);
        }
        self.device.bgp = Some(process);
        (used, chains)
    }

    /// The policy a chain of import or export policies lowers to.
    fn chain(
        &mut self,
        chain: &[Spanned<String>],
        scope: &str,
        direction: &str,
        used: &mut BTreeSet<String>,
        chains: &mut BTreeSet<Vec<String>>,
        policies: &policy::Policies,
    ) -> Option<Spanned<String>> {
        for p in chain {
            self.reference(
                StructureKind::RoutePolicy,
                &p.value,
                format!("{scope} {direction}"),
                p.span,
            );
            used.insert(p.value.clone());
        }
        match chain {
            [] => None,
            [one] if !policies.uses_unmodelled_defaults(&one.value) => Some(one.clone()),
            // Several policies, or one that says `next policy`: compiled into one IR policy.
            [first, ..] => {
                let names: Vec<String> = chain.iter().map(|p| p.value.clone()).collect();
                let name = policy::Policies::chain_name(&names);
                chains.insert(names);
                Some(Spanned::new(name, first.span))
            }
        }
    }
}

/// One BGP setting at any level.
fn bgp_setting(level: &mut BgpLevel, w: &[&str], s: &Statement, at: usize) -> Outcome {
    let span = s.span;
    let word = |i: usize| Lowerer::word(s, at + i);
    match w {
        [] => Done,
        ["type", kind] => {
            level.internal = Some(Spanned::new(*kind == "internal", span));
            Done
        }
        ["peer-as", asn] => match parse_asn(asn) {
            Some(asn) => {
                level.peer_as = Some(Spanned::new(asn, span));
                Done
            }
            None => Invalid(format!("`{asn}` is not an AS number")),
        },
        ["local-as", asn, rest @ ..] => match parse_asn(asn) {
            Some(asn) => {
                level.local_as = Some(Spanned::new(asn, span));
                if rest.is_empty() {
                    Done
                } else {
                    unsupported("bgp local-as options")
                }
            }
            None => Invalid(format!("`{asn}` is not an AS number")),
        },
        ["local-address", address] => match address.parse::<IpAddr>() {
            Ok(a) => {
                level.local_address = Some(Spanned::new(a, span));
                Done
            }
            Err(_) => Invalid(format!("`{address}` is not an address")),
        },
        ["import", policy] => {
            level
                .import
                .push(Spanned::new((*policy).to_owned(), word(1)));
            Done
        }
        ["export", policy] => {
            level
                .export
                .push(Spanned::new((*policy).to_owned(), word(1)));
            Done
        }
        ["family", family, rest @ ..] => {
            let (name, ok) = match (*family, rest) {
                ("inet" | "inet6", ["unicast", ..] | []) => (format!("{family} unicast"), true),
                (f, [kind, ..]) => (format!("{f} {kind}"), false),
                (f, []) => (f.to_owned(), false),
            };
            if !level.families.iter().any(|f| f.value == name) {
                level.families.push(Spanned::new(name, span));
            }
            match rest {
                ["unicast", "prefix-limit", "maximum", n]
                | ["unicast", "accepted-prefix-limit", "maximum", n]
                    if ok =>
                {
                    match n.parse::<u32>() {
                        Ok(n) => {
                            let teardown = level.prefix_limit.is_some_and(|p| p.1);
                            level.prefix_limit = Some((n, teardown, span));
                            Done
                        }
                        Err(_) => Invalid(format!("`{n}` is not a number")),
                    }
                }
                [
                    "unicast",
                    "prefix-limit" | "accepted-prefix-limit",
                    "teardown",
                    ..,
                ] if ok => {
                    let (n, _) = level.prefix_limit.map_or((u32::MAX, true), |p| (p.0, true));
                    level.prefix_limit = Some((n, true, span));
                    Done
                }
                ["unicast", "loops", ..] if ok => unsupported("bgp loops"),
                ["unicast", "add-path", ..] if ok => unsupported("bgp add-path (junos)"),
                ["unicast", ..] | [] => Done,
                _ => Done,
            }
        }
        ["multihop", rest @ ..] => {
            let ttl = match rest {
                ["ttl", t] => t.parse::<u8>().unwrap_or(64),
                _ => 64,
            };
            level.multihop = Some(Spanned::new(ttl, span));
            Done
        }
        ["description", text] => {
            level.description = Some(Spanned::new((*text).to_owned(), word(1)));
            Done
        }
        ["cluster", id] => match id.parse::<Ipv4Addr>() {
            Ok(id) => {
                level.cluster = Some(Spanned::new(id, span));
                Done
            }
            Err(_) => Invalid(format!("`{id}` is not a cluster id")),
        },
        ["multipath", ..] => {
            level.multipath = Some(span);
            Done
        }
        ["remove-private", ..] => {
            level.remove_private = Some(span);
            Done
        }
        ["as-override"] => {
            level.as_override = Some(span);
            Done
        }
        ["shutdown"] | ["disable"] => {
            level.shutdown = Some(span);
            Done
        }
        ["hold-time", ..]
        | ["authentication-key", ..]
        | ["authentication-key-chain", ..]
        | ["authentication-algorithm", ..]
        | ["bfd-liveness-detection", ..]
        | ["log-updown"]
        | ["graceful-restart", ..]
        | ["tcp-mss", ..]
        | ["traceoptions", ..]
        | ["mtu-discovery"]
        | ["precision-timers"]
        | ["keep", "all" | "none"]
        | ["out-delay", ..]
        | ["enforce-first-as"] => Benign,
        ["advertise-inactive"] | ["advertise-peer-as"] | ["advertise-external", ..] => {
            unsupported("bgp advertisement options")
        }
        ["damping"] => unsupported("bgp route flap damping"),
        // Only listens: the session comes up only if the other end connects.
        ["passive"] => unsupported("passive bgp sessions"),
        ["vpn-apply-export"] => unsupported("bgp vpn-apply-export"),
        ["drop-path-attributes", ..] => unsupported("bgp drop-path-attributes"),
        ["accept-remote-nexthop"] => unsupported("bgp accept-remote-nexthop"),
        ["allow", ..] => unsupported("bgp dynamic neighbors (allow)"),
        ["path-selection", ..] => unsupported("bgp path-selection options"),
        ["metric-out", ..] => unsupported("bgp metric-out"),
        ["local-preference", ..] => unsupported("bgp local-preference at session level"),
        ["preference", ..] => unsupported("bgp preference"),
        ["import-rib", ..] | ["rib-group", ..] => unsupported("rib groups"),
        _ => Unknown,
    }
}

fn merge(levels: &[&BgpLevel]) -> BgpLevel {
    let mut out = BgpLevel::default();
    for l in levels {
        macro_rules! take {
            ($($f:ident),*) => { $( if l.$f.is_some() { out.$f = l.$f.clone(); } )* };
        }
        take!(
            span,
            internal,
            peer_as,
            local_as,
            local_address,
            multihop,
            description,
            cluster,
            multipath,
            remove_private,
            as_override,
            prefix_limit,
            shutdown
        );
        // Junos: a list at a more specific level replaces the inherited one.
        if !l.import.is_empty() {
            out.import = l.import.clone();
        }
        if !l.export.is_empty() {
            out.export = l.export.clone();
        }
        if !l.families.is_empty() {
            out.families = l.families.clone();
        }
    }
    out
}

/// A logical interface name: `ge-0/0/0` written where a unit is expected means unit 0.
fn logical_name(name: &str) -> String {
    if name.contains('.') {
        name.to_owned()
    } else {
        format!("{name}.0")
    }
}

fn instance_scope(instance: &str) -> String {
    if instance.is_empty() {
        "default".to_owned()
    } else {
        instance.to_owned()
    }
}

/// `65000`, or `1.10` (asdot).
fn parse_asn(text: &str) -> Option<u32> {
    if let Some((high, low)) = text.split_once('.') {
        let high: u32 = high.parse().ok()?;
        let low: u32 = low.parse().ok()?;
        if high > 0xffff || low > 0xffff {
            return None;
        }
        return Some(high << 16 | low);
    }
    text.parse().ok()
}

/// `0.0.0.0` or `0`.
fn parse_area(text: &str) -> Option<u32> {
    text.parse::<Ipv4Addr>()
        .map(u32::from)
        .ok()
        .or_else(|| text.parse().ok())
}

/// `10g`, `100m`, `1000000000` (bit/s) → Mbit/s.
fn parse_bandwidth_mbps(text: &str) -> Option<u64> {
    let lower = text.to_ascii_lowercase();
    let (digits, factor) = match lower.chars().last()? {
        'k' => (&lower[..lower.len() - 1], 1_000u64),
        'm' => (&lower[..lower.len() - 1], 1_000_000),
        'g' => (&lower[..lower.len() - 1], 1_000_000_000),
        _ => (lower.as_str(), 1),
    };
    let bps = digits.parse::<u64>().ok()?.checked_mul(factor)?;
    Some((bps / 1_000_000).max(1))
}

/// The first words of a statement, for messages.
fn abbreviate(words: &[&str]) -> String {
    let shown: Vec<&str> = words.iter().take(12).copied().collect();
    let mut text = shown.join(" ");
    if words.len() > 12 {
        text.push_str(" ...");
    }
    text
}
