//! The IOS-family AST: one statement per recognised line, private to the `ios` module.
//!
//! Statements borrow their words from the line so that lowering can compute exact spans.
//! Values that need no span of their own use IR value types directly (addresses, ACL lines,
//! policy matches), since the AST only ever flows into the IR.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;

use crate::ir;
use crate::ir::policy::{PolicyMatch, PolicySet};
use crate::ir::routing::{EigrpMetric, IsisLevel, IsisMetricStyle, RemoteAs, RouteSource};

/// A recognised line.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stmt<'a> {
    /// Recognised and irrelevant to routing and forwarding (logging, snmp, aaa...).
    Benign,
    /// Recognised but not modelled by the verifier: the feature's name. A `no`/`default` form
    /// of such a line states the default and is benign (see `ios::parse_line`).
    Unsupported(&'static str),
    /// `no X` that switches off a default-on behaviour the verifier does not model (EOS
    /// `no bgp redistribute-internal`): unsupported although negated.

    /// A line that opens a context; what it configures is in the context itself. The word is
    /// the name of the thing opened (for spans), when it has one.
    Open(Option<&'a str>),
    /// FRR `ip protocol PROTO route-map R`: a route-map over the routes zebra installs in the
    /// kernel (it can drop them or set their source address). Not modelled; referenced.
    FibRouteMap(&'a str),
    /// `hostname NAME`.
    Hostname(&'a str),
    /// `ip routing` / `no ip routing` (EOS needs it), with its VRF.
    IpRouting(bool, Option<&'a str>),
    /// `ipv6 unicast-routing [vrf V]` (IOS and EOS route IPv6 only with it).
    Ipv6Routing(bool, Option<&'a str>),
    /// A static route.
    StaticRoute(StaticRoute<'a>),
    /// One prefix-list entry.
    PrefixList(PrefixListEntry<'a>),
    /// One community-list entry.
    CommunityList(CommunityListEntry<'a>),
    /// One AS-path list entry.
    AsPathList(AsPathEntry<'a>),
    /// One ACL line; `name` is given for numbered lists written at global level.
    AclLine(Option<&'a str>, AclKind, ir::AclLine),
    /// Interface statement.
    Interface(Interface<'a>),
    /// OSPF statement.
    Ospf(Ospf<'a>),
    /// IS-IS statement.
    Isis(Isis<'a>),
    /// EIGRP statement.
    Eigrp(Eigrp<'a>),
    /// BGP statement.
    Bgp(Bgp<'a>),
    /// Route-map match.
    Match(PolicyMatch),
    /// Route-map set.
    Set(PolicySet),
    /// Route-map `continue [seq]`.
    Continue(Option<u32>),
    /// VRF definition statement.
    Vrf(Vrf<'a>),
    /// A `description` line (interface, VRF, route-map...).
    Description(&'a str),
    /// An IOS-XR statement the shared forms do not cover (see `parse::xr`).
    Xr(super::parse::xr::XrStmt<'a>),
}

/// The kind of an ACL, from how it was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AclKind {
    /// Standard (source-only) list.
    pub(crate) standard: bool,
    /// IPv6.
    pub(crate) ipv6: bool,
}

/// `ip route [vrf V] P NH [distance] [tag T] [name N] [permanent]`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StaticRoute<'a> {
    pub(crate) vrf: Option<&'a str>,
    pub(crate) prefix: IpNet,
    pub(crate) next_hop_ip: Option<IpAddr>,
    pub(crate) interface: Option<&'a str>,
    pub(crate) distance: Option<u8>,
    pub(crate) tag: Option<u32>,
    pub(crate) name: Option<&'a str>,
    pub(crate) permanent: bool,
    /// The VRF the next hop is in, when not the route's own (NX-OS, FRR `nexthop-vrf`).
    pub(crate) next_hop_vrf: Option<&'a str>,
    /// Unmodelled options (track, global...).
    pub(crate) unsupported: Option<&'static str>,
}

/// `ip prefix-list NAME [seq N] permit|deny P [ge G] [le L]`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PrefixListEntry<'a> {
    pub(crate) name: &'a str,
    pub(crate) ipv6: bool,
    pub(crate) seq: Option<u32>,
    pub(crate) action: ir::Action,
    pub(crate) prefix: IpNet,
    pub(crate) ge: Option<u8>,
    pub(crate) le: Option<u8>,
}

/// One community-list entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CommunityListEntry<'a> {
    pub(crate) name: &'a str,
    pub(crate) action: ir::Action,
    pub(crate) matcher: ir::policy::CommunityMatcher,
}

/// One AS-path list entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AsPathEntry<'a> {
    pub(crate) name: &'a str,
    pub(crate) action: ir::Action,
    pub(crate) regex: &'a str,
}

/// Interface statements.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Interface<'a> {
    /// `ip address A M [secondary]` / `ip address A/L`; `route_options` when NX-OS sets the
    /// connected route's preference or tag (not modelled).
    Address {
        net: IpNet,
        secondary: bool,
        route_options: bool,
    },
    /// `ipv6 address P/L` (IPv6 interfaces have any number of equal addresses).
    Ipv6Address(ipnet::Ipv6Net),
    /// `ipv6 traffic-filter NAME in|out` (IOS, NX-OS, EOS `ipv6 access-group`): an IPv6 packet
    /// filter, recorded as unsupported with a reference.
    Ipv6AccessGroup(&'a str),
    /// `no ip address`.
    NoAddress,
    /// `shutdown` (false for `no shutdown`).
    Shutdown(bool),
    /// VRF membership.
    Vrf(&'a str),
    /// `bandwidth KBPS`.
    Bandwidth(u64),
    /// `speed MBPS`.
    Speed(u64),
    /// `mtu` / `ip mtu`.
    Mtu(u32),
    /// `switchport` / `no switchport`.
    Switchport(bool),
    /// `encapsulation dot1q N`.
    Dot1q(u32),
    /// `channel-group N ...`.
    ChannelGroup(&'a str),
    /// `ip access-group NAME in|out`.
    AccessGroup { name: &'a str, inbound: bool },
    /// `ip ospf cost N`.
    OspfCost(u32),
    /// `ip ospf PID area A`.
    OspfArea { process: &'a str, area: u32 },
    /// `ip ospf network TYPE`.
    OspfNetwork(ir::interface::OspfNetworkType),
    /// `ip ospf passive` (FRR).
    OspfPassive(bool),
    /// `ip ospf hello-interval N`.
    OspfHello(u32),
    /// `ip ospf dead-interval N`.
    OspfDead(u32),
    /// `ip ospf mtu-ignore`.
    OspfMtuIgnore(bool),
    /// `ip router isis [TAG]` / `isis enable TAG` (and the IPv6 form when `ipv6`).
    Isis { tag: &'a str, ipv6: bool },
    /// `isis metric N [level-1|level-2]`.
    IsisMetric {
        metric: u32,
        level: Option<IsisLevel>,
    },
    /// `isis circuit-type LEVEL`.
    IsisCircuitType(IsisLevel),
    /// `isis passive`.
    IsisPassive(bool),
    /// `isis network point-to-point`.
    IsisPointToPoint,
    /// `delay N` (tens of microseconds).
    Delay(u32),
    /// NX-OS `ip router eigrp TAG`.
    EigrpProcess(&'a str),
    /// NX-OS `ip passive-interface eigrp TAG` (false for the `no` form).
    EigrpPassive(bool),
}

/// OSPF process statements.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ospf<'a> {
    RouterId(Ipv4Addr),
    Network {
        address: Ipv4Addr,
        wildcard: Ipv4Addr,
        area: u32,
    },
    /// `passive-interface NAME|default` (false for `no passive-interface`).
    Passive {
        interface: Option<&'a str>,
        passive: bool,
    },
    Redistribute(Redistribute<'a>),
    DefaultOriginate {
        always: bool,
        metric: Option<u32>,
        metric_type: Option<u8>,
        route_map: Option<&'a str>,
    },
    AreaKind {
        area: u32,
        kind: ir::routing::OspfAreaKind,
    },
    AreaRange {
        area: u32,
        prefix: IpNet,
        advertise: bool,
        cost: Option<u32>,
    },
    AreaDefaultCost {
        area: u32,
        cost: u32,
    },
    ReferenceBandwidth(u64),
    MaximumPaths(u32),
    Distance(u8),
    DistanceByType {
        intra: Option<u8>,
        inter: Option<u8>,
        external: Option<u8>,
    },
    MaxMetric(bool),
    Shutdown(bool),
}

/// `redistribute SOURCE [...]` anywhere.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Redistribute<'a> {
    pub(crate) source: RouteSource,
    pub(crate) route_map: Option<&'a str>,
    pub(crate) metric: Option<u32>,
    pub(crate) metric_type: Option<u8>,
    pub(crate) subnets: bool,
    pub(crate) level: Option<IsisLevel>,
    pub(crate) tag: Option<u32>,
    pub(crate) route_types: Vec<String>,
    /// EIGRP's five-value `metric B D R L M` (only into EIGRP).
    pub(crate) eigrp_metric: Option<EigrpMetric>,
}

/// EIGRP process statements.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Eigrp<'a> {
    /// `autonomous-system N` (NX-OS, IOS address families).
    AutonomousSystem(u32),
    /// `eigrp router-id A` / `router-id A`.
    RouterId(Ipv4Addr),
    /// `network A [W]`.
    Network {
        address: Ipv4Addr,
        wildcard: Ipv4Addr,
    },
    /// `passive-interface NAME|default` (false for `no passive-interface`).
    Passive {
        interface: Option<&'a str>,
        passive: bool,
    },
    Redistribute(Redistribute<'a>),
    DefaultMetric(EigrpMetric),
    /// `distance eigrp I E` (IOS), `distance I E` (NX-OS).
    Distance {
        internal: u8,
        external: u8,
    },
    MaximumPaths(u32),
    Shutdown(bool),
}

/// IS-IS process statements.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Isis<'a> {
    Net(&'a str),
    IsType(IsisLevel),
    MetricStyle(IsisMetricStyle),
    Passive {
        interface: Option<&'a str>,
        passive: bool,
    },
    Redistribute(Redistribute<'a>),
    Overload(bool),
    DefaultOriginate {
        always: bool,
        route_map: Option<&'a str>,
    },
    MaximumPaths(u32),
    Distance(u8),
}

/// BGP statements.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Bgp<'a> {
    RouterId(Ipv4Addr),
    /// A neighbor setting (or peer-group setting: `peer` is then the group name).
    Neighbor {
        peer: &'a str,
        interface_peer: bool,
        setting: NeighborSetting<'a>,
    },
    /// A setting inside a peer block (NX-OS `neighbor` block, template): the peer is the
    /// block's.
    PeerSetting(NeighborSetting<'a>),
    Network {
        prefix: IpNet,
        route_map: Option<&'a str>,
        backdoor: bool,
    },
    Aggregate {
        prefix: IpNet,
        summary_only: bool,
        as_set: bool,
        attribute_map: Option<&'a str>,
        unsupported: Option<&'static str>,
    },
    Redistribute(Redistribute<'a>),
    MaximumPaths {
        paths: u32,
        ibgp: bool,
        ebgp: bool,
    },
    /// A process option (name, value).
    Option(BgpOption),
    Distance {
        external: u8,
        internal: u8,
        local: u8,
    },
    DefaultInformationOriginate(bool),
}

/// Process-wide BGP switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BgpOption {
    AsPathIgnore(bool),
    MultipathRelax(bool),
    CompareRouterId(bool),
    AlwaysCompareMed(bool),
    MedMissingAsWorst(bool),
    DeterministicMed(bool),
    MedConfed(bool),
    DefaultIpv4Unicast(bool),
    ClusterId(Ipv4Addr),
    ClientToClient(bool),
    EbgpRequiresPolicy(bool),
    ConfederationId(u32),
    /// `bgp additional-paths send|receive|select all` (several words may be on one line).
    AdditionalPaths {
        send: bool,
        receive: bool,
        select_all: bool,
        on: bool,
    },
    RedistributeInternal(bool),
}

/// One neighbor (or peer-group) setting.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NeighborSetting<'a> {
    /// `neighbor X remote-as N|external|internal`.
    RemoteAs(RemoteAs),
    /// NX-OS prefix peers: `neighbor P remote-as route-map R` (the AS comes from a route-map).
    RemoteAsRouteMap(&'a str),
    /// `neighbor NAME peer-group` (declares a group).
    DeclarePeerGroup,
    /// `neighbor X peer-group NAME` (joins a group).
    PeerGroup(&'a str),
    UpdateSource(&'a str),
    EbgpMultihop(u8),
    Shutdown(bool),
    Description(&'a str),
    RemovePrivateAs(bool),
    LocalAs(u32),
    Activate(bool),
    RouteMap {
        name: &'a str,
        inbound: bool,
    },
    PrefixList {
        name: &'a str,
        inbound: bool,
    },
    FilterList {
        name: &'a str,
        inbound: bool,
    },
    NextHopSelf(bool),
    RouteReflectorClient(bool),
    SendCommunity {
        standard: bool,
        extended: bool,
    },
    MaximumPrefix {
        limit: u32,
        warning_only: bool,
    },
    /// `default-originate [route-map R] [always]`; `conditional` when the default is only sent
    /// while one is in the RIB (EOS without `always`).
    DefaultOriginate {
        route_map: Option<&'a str>,
        conditional: bool,
    },
    Weight(u32),
    AllowAsIn(u8),
    AsOverride(bool),
    SoftReconfiguration,
    /// `neighbor X additional-paths send|receive`.
    AdditionalPaths {
        send: bool,
        receive: bool,
        on: bool,
    },
    /// `neighbor X advertise additional-paths all`.
    AdvertiseAdditionalPathsAll(bool),
    /// Recognised, no effect on routing (password, timers...).
    Benign,
    /// Recognised, not modelled.
    Unsupported(&'static str),
}

/// VRF definition statements.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Vrf<'a> {
    Rd(&'a str),
    /// `route-target import|export|both RT`.
    RouteTarget {
        import: bool,
        export: bool,
        target: &'a str,
    },
}
