//! The intermediate representation: the contract between the parser and the verifier.
//!
//! Plain, vendor-neutral data. Every vendor grammar lowers into these types and the verifier
//! reads only these types. Rules (checked by `tests/tidy.rs`):
//!
//! - no parser or vendor-AST types, no nom, no vendor keywords as type names;
//! - only ordered collections (`BTreeMap`, `Vec`), so that iteration order never depends on
//!   hashing and output is byte-identical from run to run;
//! - everything a finding may blame carries a [`Span`] (directly or through [`Spanned`]).
//!
//! Start at [`Network`] and [`Device`]. [`interface`] holds interfaces and VRFs, [`routing`] the
//! routing processes and static routes, [`policy`] route policies, prefix lists, community and
//! AS-path lists and ACLs, [`refs`] the named references used to find undefined structures, and
//! [`print`] a stable text dump used by snapshots.

#![deny(missing_docs)]

pub mod interface;
pub mod policy;
pub mod print;
pub mod refs;
pub mod render;
pub mod routing;

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

pub use crate::source::{FileId, Span, Spanned};
pub use interface::{Interface, InterfaceAddress, InterfaceKind, Vrf};
pub use policy::{
    Acl, AclLine, AsPathList, CommunityList, PolicyClause, PolicyMatch, PolicySet, PrefixList,
    RoutePolicy,
};
pub use refs::{Reference, StructureKind};
pub use routing::{BgpProcess, EigrpProcess, IsisProcess, OspfProcess, StaticRoute};

/// A set of devices analysed together (one snapshot).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// Devices by name (the configured hostname).
    pub devices: BTreeMap<String, Device>,
    /// End hosts (Batfish's `hosts/*.json`): an address and a default gateway each.
    pub hosts: BTreeMap<String, Host>,
    /// Explicit layer-1 links, when the snapshot gives them. Empty means "infer from subnets".
    pub layer1: Vec<Layer1Edge>,
    /// Routes announced to the network from outside it (Batfish's
    /// `external_bgp_announcements.json`).
    pub bgp_announcements: Vec<BgpAnnouncement>,
}

/// A BGP route an external neighbor announces to a device of the snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BgpAnnouncement {
    /// The announced prefix.
    pub prefix: ipnet::IpNet,
    /// The device receiving it.
    pub node: String,
    /// The VRF it arrives in (`default` for the default VRF).
    pub vrf: String,
    /// The sender's address: the receiving device's neighbor statement for it applies.
    pub peer: IpAddr,
    /// The BGP next hop.
    pub next_hop: IpAddr,
    /// AS path, nearest AS first (an AS set counts as its first member).
    pub as_path: Vec<u32>,
    /// MED.
    pub med: Option<u32>,
    /// Origin.
    pub origin: policy::Origin,
    /// Standard communities as 32-bit numbers.
    pub communities: Vec<u32>,
    /// The file.
    pub span: Span,
}

/// The operating system family of a device. It selects defaults (administrative distances, what an
/// undefined reference means, interface defaults) and nothing else.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Vendor {
    /// Cisco IOS (classic).
    #[default]
    CiscoIos,
    /// Cisco IOS-XE.
    CiscoIosXe,
    /// Cisco NX-OS.
    CiscoNxos,
    /// Cisco IOS-XR.
    CiscoIosXr,
    /// Arista EOS.
    AristaEos,
    /// FRRouting (including Cumulus Linux and SONiC).
    Frr,
    /// Juniper Junos.
    Junos,
}

impl Vendor {
    /// A short stable name (`ios`, `ios-xe`, `nx-os`, `ios-xr`, `eos`, `frr`, `junos`).
    pub fn name(self) -> &'static str {
        match self {
            Vendor::CiscoIos => "ios",
            Vendor::CiscoIosXe => "ios-xe",
            Vendor::CiscoNxos => "nx-os",
            Vendor::CiscoIosXr => "ios-xr",
            Vendor::AristaEos => "eos",
            Vendor::Frr => "frr",
            Vendor::Junos => "junos",
        }
    }
}

/// One router or switch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The hostname, as configured (or derived from the file name when absent).
    pub name: String,
    /// The `hostname` line, when there is one.
    pub hostname_span: Option<Span>,
    /// The file the device was read from.
    pub file: FileId,
    /// Operating system family.
    pub vendor: Vendor,
    /// The software version the configuration states, when it states one (FRR's
    /// `frr version 8.4.1`). Some defaults changed between releases (FRR 7.4 made eBGP sessions
    /// require a policy); the verifier reads them from here.
    pub os_version: Option<Spanned<String>>,
    /// Interfaces by canonical name.
    pub interfaces: BTreeMap<String, Interface>,
    /// VRFs by name. The default VRF is implicit and not listed.
    pub vrfs: BTreeMap<String, Vrf>,
    /// Static routes, in configuration order.
    pub static_routes: Vec<StaticRoute>,
    /// OSPF processes, in configuration order.
    pub ospf: Vec<OspfProcess>,
    /// IS-IS processes, in configuration order.
    pub isis: Vec<IsisProcess>,
    /// EIGRP processes (IPv4), in configuration order.
    #[serde(default)]
    pub eigrp: Vec<EigrpProcess>,
    /// The BGP process, if any.
    pub bgp: Option<BgpProcess>,
    /// Route policies (route-maps, policy statements) by name.
    pub route_policies: BTreeMap<String, RoutePolicy>,
    /// IPv4 prefix lists by name.
    pub prefix_lists: BTreeMap<String, PrefixList>,
    /// IPv6 prefix lists by name (a separate name space on every vendor that has both).
    pub prefix_lists_v6: BTreeMap<String, PrefixList>,
    /// Community lists by name.
    pub community_lists: BTreeMap<String, CommunityList>,
    /// AS-path lists by name.
    pub as_path_lists: BTreeMap<String, AsPathList>,
    /// IPv4 packet filters (ACLs, firewall filters) by name.
    pub acls: BTreeMap<String, Acl>,
    /// IPv6 packet filters by name.
    pub acls_v6: BTreeMap<String, Acl>,
    /// Explicit `ip routing` settings per VRF (`""` is the default VRF). Whether routing is on
    /// when nothing is said depends on the vendor (EOS: off).
    pub ip_routing: BTreeMap<String, Spanned<bool>>,
    /// Explicit IPv6 routing switches per VRF (`ipv6 unicast-routing`; `""` is the default VRF).
    /// Whether IPv6 is routed when nothing is said depends on the vendor (IOS and EOS: not).
    pub ipv6_routing: BTreeMap<String, Spanned<bool>>,
    /// Every use of a named structure, for undefined-reference checks.
    pub references: Vec<Reference>,
    /// Recognised features that the verifier does not model. A verdict that depends on this
    /// device's behaviour for anything these touch is inconclusive.
    pub unsupported: Vec<Unsupported>,
}

impl Device {
    /// The interface called `name` (already canonical).
    pub fn interface(&self, name: &str) -> Option<&Interface> {
        self.interfaces.get(name)
    }
}

/// A configuration feature that was understood but is not simulated.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unsupported {
    /// A short stable name of the feature, e.g. `eigrp` or `policy-based routing`.
    pub feature: String,
    /// What it touches, when narrower than the whole device (a VRF, an interface, a neighbor).
    pub scope: Option<String>,
    /// Where it is configured.
    pub span: Span,
}

/// An end host: one interface with an address and a default gateway.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    /// Host name.
    pub name: String,
    /// Interface name on the host.
    pub interface: String,
    /// Address with prefix length.
    pub address: ipnet::IpNet,
    /// Default gateway, if any.
    pub gateway: Option<IpAddr>,
    /// The host file.
    pub span: Span,
}

/// A physical link between two device interfaces.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Layer1Edge {
    /// One end: (device, interface).
    pub a: (String, String),
    /// Other end: (device, interface).
    pub b: (String, String),
}

/// Permit or deny, for list entries and policy clauses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Matches are accepted.
    Permit,
    /// Matches are rejected.
    Deny,
}

/// IPv4 or IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AddressFamily {
    /// IPv4 unicast.
    Ipv4,
    /// IPv6 unicast.
    Ipv6,
}
