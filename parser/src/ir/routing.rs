//! Routing processes and static routes.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{AddressFamily, Span, Spanned};

/// A static route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticRoute {
    /// VRF; `None` is the default VRF.
    pub vrf: Option<String>,
    /// Destination.
    pub prefix: IpNet,
    /// Where packets go.
    pub next_hop: StaticNextHop,
    /// Administrative distance, when not the default.
    pub distance: Option<u8>,
    /// Route tag.
    pub tag: Option<u32>,
    /// Free-text name.
    pub name: Option<String>,
    /// Installed even when the next hop's interface is down (IOS `permanent`).
    pub permanent: bool,
    /// Metric of the route in the routing table (Junos `metric`; `None`: 0).
    #[serde(default)]
    pub metric: Option<u32>,
    /// A next-hop address must be on a connected subnet; it is never resolved through other
    /// routes (Junos without `resolve`).
    #[serde(default)]
    pub connected_only: bool,
    /// The line.
    pub span: Span,
}

/// The next hop of a static route.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StaticNextHop {
    /// Via an address, resolved recursively.
    Address(IpAddr),
    /// Out of an interface (directly connected destination).
    Interface(String),
    /// Out of an interface towards an address on it.
    InterfaceAddress(String, IpAddr),
    /// Drop silently (`Null0`, Junos `discard`).
    Discard,
    /// Drop with an ICMP unreachable (Junos `reject`).
    Reject,
    /// The next hop is in another VRF (route leaking; not simulated yet).
    OtherVrf(String, Option<IpAddr>),
}

/// Where redistributed routes come from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RouteSource {
    /// Connected subnets.
    Connected,
    /// Static routes.
    Static,
    /// An OSPF process (by id; empty when the dialect has one process).
    Ospf(String),
    /// An IS-IS process (by tag; empty for the untagged one).
    Isis(String),
    /// BGP (the AS number when the dialect names it).
    Bgp(Option<u32>),
    /// RIP.
    Rip,
    /// EIGRP (by AS number).
    Eigrp(u32),
    /// The kernel table (FRR).
    Kernel,
    /// Aggregates (Junos).
    Aggregate,
    /// Anything else, by its keyword.
    Other(String),
}

/// A `redistribute` statement, or its policy equivalent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redistribution {
    /// Source protocol.
    pub source: RouteSource,
    /// Filter and modifier.
    pub route_policy: Option<Spanned<String>>,
    /// Metric set on redistributed routes.
    pub metric: Option<u32>,
    /// OSPF external metric type (1 or 2).
    pub metric_type: Option<u8>,
    /// IOS OSPF `subnets`: without it, only classful networks are redistributed.
    pub subnets: bool,
    /// IS-IS levels the routes go into.
    pub isis_level: Option<IsisLevel>,
    /// Tag set on redistributed routes.
    pub tag: Option<u32>,
    /// Only for OSPF sources: which route types (`internal`, `external`...); empty for all.
    pub match_route_types: Vec<String>,
    /// EIGRP's seed metric for the redistributed routes (`metric B D R L M` into EIGRP).
    #[serde(default)]
    pub eigrp_metric: Option<EigrpMetric>,
    /// The line.
    pub span: Span,
}

/// An EIGRP vector metric as configured (`metric`, `default-metric`, `set metric` with five
/// values): what a redistributed route starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EigrpMetric {
    /// Bandwidth in kbit/s.
    pub bandwidth_kbps: u32,
    /// Delay in tens of microseconds.
    pub delay_tens_us: u32,
    /// Reliability (255 is 100%).
    pub reliability: u8,
    /// Load (1 is idle).
    pub load: u8,
    /// MTU in bytes.
    pub mtu: u32,
}

/// An EIGRP routing process for IPv4 in one VRF: classic `router eigrp AS`, NX-OS
/// `router eigrp TAG` (with interfaces enabled by `ip router eigrp TAG`), or one
/// `address-family ipv4 autonomous-system AS` of a named process.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EigrpProcess {
    /// The name the configuration uses for the process (`1`, `CORE`): interfaces and
    /// `redistribute eigrp` name it by this.
    pub tag: String,
    /// Autonomous system number. `None` when it is not stated and the tag is not a number
    /// (NX-OS without `autonomous-system`): the process does not run.
    pub asn: Option<Spanned<u32>>,
    /// VRF; `None` is the default VRF.
    pub vrf: Option<String>,
    /// The line that opens the process (or its address family).
    pub span: Span,
    /// Configured router id.
    pub router_id: Option<Spanned<Ipv4Addr>>,
    /// `network A [W]` statements (the classful mask when no wildcard is given).
    pub networks: Vec<EigrpNetwork>,
    /// All interfaces passive unless listed in `non_passive_interfaces`.
    pub passive_default: Option<Spanned<bool>>,
    /// Interfaces made passive.
    pub passive_interfaces: Vec<Spanned<String>>,
    /// Interfaces made active under `passive_default`.
    pub non_passive_interfaces: Vec<Spanned<String>>,
    /// Redistribution into this process.
    pub redistribute: Vec<Redistribution>,
    /// `default-metric`: the seed metric of redistributed routes without one of their own.
    pub default_metric: Option<Spanned<EigrpMetric>>,
    /// Administrative distances (internal, external).
    pub distance: Option<Spanned<(u8, u8)>>,
    /// ECMP limit.
    pub maximum_paths: Option<Spanned<u32>>,
    /// Process is shut down.
    pub shutdown: Option<Spanned<bool>>,
}

/// `network 10.0.0.0 0.0.0.255` in an EIGRP process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EigrpNetwork {
    /// Address part.
    pub address: Ipv4Addr,
    /// Wildcard mask (bits set are "don't care").
    pub wildcard: Ipv4Addr,
    /// The line.
    pub span: Span,
}

/// OSPF area id (dotted or decimal forms are the same number).
pub type AreaId = u32;

/// An OSPF process (OSPFv2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OspfProcess {
    /// Process id or tag.
    pub id: String,
    /// VRF; `None` is the default VRF.
    pub vrf: Option<String>,
    /// The `router ospf` line.
    pub span: Span,
    /// Configured router id.
    pub router_id: Option<Spanned<Ipv4Addr>>,
    /// `network <prefix> <wildcard> area <a>` statements.
    pub networks: Vec<OspfNetwork>,
    /// All interfaces passive unless listed in `non_passive`.
    pub passive_default: Option<Spanned<bool>>,
    /// Interfaces made passive.
    pub passive_interfaces: Vec<Spanned<String>>,
    /// Interfaces made active under `passive_default`.
    pub non_passive_interfaces: Vec<Spanned<String>>,
    /// Redistribution into this process.
    pub redistribute: Vec<Redistribution>,
    /// `default-information originate`.
    pub default_originate: Option<DefaultOriginate>,
    /// Per-area settings.
    pub areas: BTreeMap<AreaId, OspfArea>,
    /// Reference bandwidth in Mbit/s for computing costs.
    pub reference_bandwidth_mbps: Option<Spanned<u64>>,
    /// ECMP limit.
    pub maximum_paths: Option<Spanned<u32>>,
    /// Administrative distances.
    pub distance: OspfDistance,
    /// `max-metric router-lsa` (stub router).
    pub max_metric: Option<Spanned<bool>>,
    /// Process is shut down.
    pub shutdown: Option<Spanned<bool>>,
    /// Interfaces enabled by interface-level configuration inside the process (Junos, IOS-XR).
    pub interfaces: Vec<OspfProcessInterface>,
}

/// An interface enabled inside an OSPF process block (Junos and IOS-XR style).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OspfProcessInterface {
    /// Interface name.
    pub name: String,
    /// Area.
    pub area: AreaId,
    /// Cost.
    pub cost: Option<u32>,
    /// Passive.
    pub passive: bool,
    /// Network type.
    pub network_type: Option<super::interface::OspfNetworkType>,
    /// The line.
    pub span: Span,
}

/// `network 10.0.0.0 0.0.0.255 area 0`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OspfNetwork {
    /// Address part.
    pub address: Ipv4Addr,
    /// Wildcard mask (bits set are "don't care"); need not be contiguous.
    pub wildcard: Ipv4Addr,
    /// Area.
    pub area: AreaId,
    /// The line.
    pub span: Span,
}

/// `default-information originate` (OSPF) and its equivalents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultOriginate {
    /// Originate even without a default route in the RIB.
    pub always: bool,
    /// Metric.
    pub metric: Option<u32>,
    /// External metric type.
    pub metric_type: Option<u8>,
    /// Condition / modifier policy.
    pub route_policy: Option<String>,
    /// The line.
    pub span: Span,
}

/// Per-area settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OspfArea {
    /// Area type.
    pub kind: Option<Spanned<OspfAreaKind>>,
    /// `area X range` summaries.
    pub ranges: Vec<OspfAreaRange>,
    /// Default cost advertised into a stub / NSSA area.
    pub default_cost: Option<Spanned<u32>>,
}

/// Stub-ness of an area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OspfAreaKind {
    /// Normal area (explicit).
    Normal,
    /// Stub area; `no_summary` makes it totally stubby.
    Stub {
        /// No inter-area routes, only a default.
        no_summary: bool,
    },
    /// Not-so-stubby area.
    Nssa {
        /// No inter-area routes, only a default.
        no_summary: bool,
        /// Originate a type-7 default.
        default_originate: bool,
        /// Do not redistribute into the NSSA.
        no_redistribution: bool,
    },
}

/// `area X range P [not-advertise] [cost C]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OspfAreaRange {
    /// Summary prefix.
    pub prefix: IpNet,
    /// False for `not-advertise`.
    pub advertise: bool,
    /// Explicit cost.
    pub cost: Option<u32>,
    /// The line.
    pub span: Span,
}

/// OSPF administrative distances, where configured.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OspfDistance {
    /// All route types.
    pub all: Option<Spanned<u8>>,
    /// Intra-area.
    pub intra_area: Option<Spanned<u8>>,
    /// Inter-area.
    pub inter_area: Option<Spanned<u8>>,
    /// External.
    pub external: Option<Spanned<u8>>,
}

/// IS-IS levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IsisLevel {
    /// Level 1 only.
    Level1,
    /// Level 2 only.
    Level2,
    /// Both levels.
    Level1And2,
}

/// IS-IS metric style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IsisMetricStyle {
    /// 6-bit metrics.
    Narrow,
    /// 24-bit metrics.
    Wide,
    /// Both.
    Transition,
}

/// An IS-IS process.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsisProcess {
    /// Tag; empty for the untagged process.
    pub tag: String,
    /// VRF; `None` is the default VRF.
    pub vrf: Option<String>,
    /// The `router isis` line.
    pub span: Span,
    /// Network entity titles.
    pub nets: Vec<Spanned<String>>,
    /// Which levels the router takes part in (`None`: vendor default, level-1-2).
    pub is_type: Option<Spanned<IsisLevel>>,
    /// Metric style.
    pub metric_style: Option<Spanned<IsisMetricStyle>>,
    /// All interfaces passive by default.
    pub passive_default: Option<Spanned<bool>>,
    /// Passive interfaces listed in the process.
    pub passive_interfaces: Vec<Spanned<String>>,
    /// Interfaces listed as active under `passive_default`.
    pub non_passive_interfaces: Vec<Spanned<String>>,
    /// Redistribution into IS-IS.
    pub redistribute: Vec<Redistribution>,
    /// The overload bit.
    pub overload: Option<Spanned<bool>>,
    /// `default-information originate`.
    pub default_originate: Option<DefaultOriginate>,
    /// Address families enabled in the process (IPv4 is on unless the dialect needs it stated).
    pub address_families: Vec<Spanned<AddressFamily>>,
    /// ECMP limit.
    pub maximum_paths: Option<Spanned<u32>>,
    /// Administrative distance.
    pub distance: Option<Spanned<u8>>,
    /// Interfaces enabled inside the process block (Junos, IOS-XR, EOS style).
    pub interfaces: Vec<IsisProcessInterface>,
}

/// An interface enabled inside an IS-IS process block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsisProcessInterface {
    /// Interface name.
    pub name: String,
    /// Passive.
    pub passive: bool,
    /// Level 1 metric.
    pub metric_l1: Option<u32>,
    /// Level 2 metric.
    pub metric_l2: Option<u32>,
    /// The line.
    pub span: Span,
}

/// A BGP process (one per device; VRFs are inside it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpProcess {
    /// Local AS number.
    pub asn: u32,
    /// The `router bgp` line.
    pub span: Span,
    /// Configured router id (default VRF; VRFs may override).
    pub router_id: Option<Spanned<Ipv4Addr>>,
    /// Process-wide options.
    pub options: BgpOptions,
    /// Per-VRF BGP instance; the default VRF is the key `""`.
    pub vrfs: BTreeMap<String, BgpVrf>,
    /// Peer groups / templates by name, as configured (neighbors already carry what they inherit).
    pub peer_groups: BTreeMap<String, BgpNeighbor>,
}

impl BgpProcess {
    /// The default VRF's BGP instance, if present.
    pub fn default_vrf(&self) -> Option<&BgpVrf> {
        self.vrfs.get("")
    }
}

/// Process-wide BGP options and best-path knobs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpOptions {
    /// `bgp bestpath as-path ignore`.
    pub as_path_ignore: Option<Spanned<bool>>,
    /// `bgp bestpath as-path multipath-relax`.
    pub as_path_multipath_relax: Option<Spanned<bool>>,
    /// `bgp bestpath compare-routerid`.
    pub compare_router_id: Option<Spanned<bool>>,
    /// `bgp always-compare-med`.
    pub always_compare_med: Option<Spanned<bool>>,
    /// `bgp bestpath med missing-as-worst`.
    pub med_missing_as_worst: Option<Spanned<bool>>,
    /// `bgp deterministic-med`.
    pub deterministic_med: Option<Spanned<bool>>,
    /// `bgp bestpath med confed`.
    pub med_confed: Option<Spanned<bool>>,
    /// `no bgp default ipv4-unicast` sets this to false.
    pub default_ipv4_unicast: Option<Spanned<bool>>,
    /// Route-reflector cluster id.
    pub cluster_id: Option<Spanned<Ipv4Addr>>,
    /// `no bgp client-to-client reflection`.
    pub client_to_client_reflection: Option<Spanned<bool>>,
    /// RFC 8212: an eBGP session without an inbound (outbound) route policy for a family
    /// accepts (advertises) no routes of it. FRR's `bgp ebgp-requires-policy` (FRR 8 default
    /// true) or its negation; IOS-XR always (lowered as on, with the `router bgp` line's span,
    /// unless `bgp unsafe-ebgp-policy` turns it off). `None`: the vendor's default, which is off
    /// for the other vendors.
    pub ebgp_requires_policy: Option<Spanned<bool>>,
    /// Administrative distances (external, internal, local).
    pub distance: Option<Spanned<(u8, u8, u8)>>,
    /// `bgp redistribute-internal`: whether `redistribute bgp` into an IGP takes iBGP-learned
    /// routes too (`None`: the vendor default, on for EOS, NX-OS and FRR, off for IOS).
    pub redistribute_internal: Option<Spanned<bool>>,
    /// Confederation identifier (recorded; confederations are not simulated).
    pub confederation_id: Option<Spanned<u32>>,
}

/// BGP in one VRF.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpVrf {
    /// VRF name; empty for the default VRF.
    pub name: String,
    /// Router id override.
    pub router_id: Option<Spanned<Ipv4Addr>>,
    /// Neighbors by peer key.
    pub neighbors: BTreeMap<BgpPeer, BgpNeighbor>,
    /// Per address family settings.
    pub address_families: BTreeMap<AddressFamily, BgpVrfAf>,
    /// The line that opens the VRF's section (the `router bgp` line for the default VRF).
    pub span: Span,
}

/// Per address-family settings of a BGP VRF.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpVrfAf {
    /// `network` statements.
    pub networks: Vec<BgpNetwork>,
    /// `aggregate-address` statements.
    pub aggregates: Vec<BgpAggregate>,
    /// Redistribution into BGP.
    pub redistribute: Vec<Redistribution>,
    /// eBGP multipath limit.
    pub maximum_paths_ebgp: Option<Spanned<u32>>,
    /// iBGP multipath limit.
    pub maximum_paths_ibgp: Option<Spanned<u32>>,
    /// Administrative distances (external, internal, local) set in the address family.
    pub distance: Option<Spanned<(u8, u8, u8)>>,
    /// `default-information originate` (allows redistributing a default route).
    pub default_information_originate: Option<Spanned<bool>>,
    /// `bgp additional-paths send` (add-path, RFC 7911): may send several paths per prefix.
    pub additional_paths_send: Option<Spanned<bool>>,
    /// `bgp additional-paths receive`: accepts several paths per prefix.
    pub additional_paths_receive: Option<Spanned<bool>>,
    /// `bgp additional-paths select all`: every path is a candidate for sending.
    pub additional_paths_select_all: Option<Spanned<bool>>,
    /// The address-family line, when there is one.
    pub span: Option<Span>,
}

/// Who a BGP session is with.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BgpPeer {
    /// A numbered peer.
    Address(IpAddr),
    /// An unnumbered peer on an interface (FRR `neighbor swp1 interface`).
    Interface(String),
    /// Dynamic peers from a prefix (`bgp listen range`).
    Range(IpNet),
}

impl std::fmt::Display for BgpPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BgpPeer::Address(a) => write!(f, "{a}"),
            BgpPeer::Interface(i) => write!(f, "{i}"),
            BgpPeer::Range(p) => write!(f, "{p}"),
        }
    }
}

/// The AS a neighbor is expected to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RemoteAs {
    /// This AS number.
    Asn(u32),
    /// Any AS other than ours (FRR `external`).
    External,
    /// Our own AS (FRR `internal`).
    Internal,
}

/// A BGP neighbor (or a peer group, with the same fields).
///
/// Settings inherited from a peer group are copied in by lowering, with the span of the peer
/// group's line, so a finding can blame the line that really set them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpNeighbor {
    /// The line that first names this neighbor.
    pub span: Span,
    /// Remote AS.
    pub remote_as: Option<Spanned<RemoteAs>>,
    /// Local AS override (`local-as`).
    pub local_as: Option<Spanned<u32>>,
    /// Peer group / template.
    pub peer_group: Option<Spanned<String>>,
    /// Source interface for the session.
    pub update_source: Option<Spanned<String>>,
    /// eBGP multihop TTL.
    pub ebgp_multihop: Option<Spanned<u8>>,
    /// Administratively shut down.
    pub shutdown: Option<Spanned<bool>>,
    /// Description.
    pub description: Option<Spanned<String>>,
    /// `remove-private-as`.
    pub remove_private_as: Option<Spanned<bool>>,
    /// Per address family settings; a family is active when present with `activate` true.
    pub address_families: BTreeMap<AddressFamily, BgpNeighborAf>,
}

/// A neighbor's settings in one address family.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpNeighborAf {
    /// Whether the family is activated for the session (`None`: the dialect's default). IOS-XR
    /// and NX-OS exchange a family only when it is configured under the neighbor (or a group it
    /// uses), which is lowered as `Some(true)`; for them `None` means not exchanged.
    pub activate: Option<Spanned<bool>>,
    /// Inbound route policy.
    pub route_policy_in: Option<Spanned<String>>,
    /// Outbound route policy.
    pub route_policy_out: Option<Spanned<String>>,
    /// Inbound prefix list.
    pub prefix_list_in: Option<Spanned<String>>,
    /// Outbound prefix list.
    pub prefix_list_out: Option<Spanned<String>>,
    /// Inbound AS-path filter.
    pub as_path_filter_in: Option<Spanned<String>>,
    /// Outbound AS-path filter.
    pub as_path_filter_out: Option<Spanned<String>>,
    /// `next-hop-self`.
    pub next_hop_self: Option<Spanned<bool>>,
    /// `route-reflector-client`.
    pub route_reflector_client: Option<Spanned<bool>>,
    /// `send-community` (standard). IOS-XR sends standard communities to iBGP peers always and
    /// to eBGP peers only with `send-community-ebgp`, which is lowered here.
    pub send_community: Option<Spanned<bool>>,
    /// `send-community extended` (or `both`).
    pub send_extended_community: Option<Spanned<bool>>,
    /// `maximum-prefix`.
    pub maximum_prefix: Option<MaximumPrefix>,
    /// `default-originate`.
    pub default_originate: Option<Spanned<Option<String>>>,
    /// Weight for routes learned from the neighbor.
    pub weight: Option<Spanned<u32>>,
    /// `allowas-in` count.
    pub allowas_in: Option<Spanned<u8>>,
    /// `as-override`.
    pub as_override: Option<Spanned<bool>>,
    /// `soft-reconfiguration inbound` (no effect on routing).
    pub soft_reconfiguration: Option<Spanned<bool>>,
    /// `neighbor X additional-paths send` (add-path capability, per neighbor).
    pub additional_paths_send: Option<Spanned<bool>>,
    /// `neighbor X additional-paths receive`.
    pub additional_paths_receive: Option<Spanned<bool>>,
    /// `neighbor X advertise additional-paths all`: send all selected paths to this neighbor.
    pub advertise_additional_paths_all: Option<Spanned<bool>>,
}

/// `maximum-prefix N [threshold] [warning-only] [restart M]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaximumPrefix {
    /// Limit.
    pub limit: u32,
    /// Only warn, never tear the session down.
    pub warning_only: bool,
    /// The line.
    pub span: Span,
}

/// `network P [route-map R]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpNetwork {
    /// Prefix.
    pub prefix: IpNet,
    /// Policy applied to the originated route.
    pub route_policy: Option<Spanned<String>>,
    /// Announced even when no matching route is in the RIB (Junos-like behaviour, IOS `backdoor`
    /// is different and not modelled).
    pub unconditional: bool,
    /// The line.
    pub span: Span,
}

/// `aggregate-address P [summary-only] [as-set]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpAggregate {
    /// Prefix.
    pub prefix: IpNet,
    /// Suppress the more specific routes.
    pub summary_only: bool,
    /// Carry an AS set.
    pub as_set: bool,
    /// Attribute policy.
    pub attribute_policy: Option<Spanned<String>>,
    /// The line.
    pub span: Span,
}
