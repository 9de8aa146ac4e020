//! Interfaces and VRFs.

use std::collections::BTreeMap;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{Span, Spanned};

/// A layer-3 capable interface (physical, logical or virtual).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    /// Canonical name (`GigabitEthernet0/0`, `Loopback0`, `Ethernet1`, `swp1`).
    pub name: String,
    /// What kind of interface the name says it is.
    pub kind: InterfaceKind,
    /// The line that opens the interface.
    pub span: Span,
    /// Description text.
    pub description: Option<Spanned<String>>,
    /// Administratively down. `None` means the vendor default (see [`Interface::is_shutdown`]).
    pub shutdown: Option<Spanned<bool>>,
    /// Addresses: the host address with the subnet's prefix length.
    pub addresses: Vec<InterfaceAddress>,
    /// VRF membership; `None` is the default VRF.
    pub vrf: Option<Spanned<String>>,
    /// Configured bandwidth in kbit/s (IOS `bandwidth`).
    pub bandwidth_kbps: Option<Spanned<u64>>,
    /// Configured speed in Mbit/s, when the config states one.
    pub speed_mbps: Option<Spanned<u64>>,
    /// IP MTU in bytes, when configured.
    pub mtu: Option<Spanned<u32>>,
    /// Layer-2 switchport (carries no layer-3 address of its own).
    pub switchport: Option<Spanned<bool>>,
    /// 802.1Q VLAN of a sub-interface.
    pub encapsulation_vlan: Option<Spanned<u32>>,
    /// Member of this port-channel / bundle.
    pub channel_group: Option<Spanned<String>>,
    /// Inbound packet filter.
    pub acl_in: Option<Spanned<String>>,
    /// Outbound packet filter.
    pub acl_out: Option<Spanned<String>>,
    /// Interface-level OSPF settings.
    pub ospf: InterfaceOspf,
    /// Interface-level IS-IS settings.
    pub isis: InterfaceIsis,
    /// Configured delay in tens of microseconds (`delay`), for EIGRP's metric.
    #[serde(default)]
    pub delay_tens_us: Option<Spanned<u32>>,
    /// Interface-level EIGRP settings.
    #[serde(default)]
    pub eigrp: InterfaceEigrp,
}

impl Interface {
    /// An interface with just a name and span; the kind comes from the name.
    pub fn new(name: impl Into<String>, span: Span) -> Interface {
        let name = name.into();
        Interface {
            kind: InterfaceKind::from_name(&name),
            name,
            span,
            ..Interface::default()
        }
    }

    /// True when explicitly shut down (`shutdown`, `disable`). Vendors whose physical ports start
    /// shut down print `shutdown` in their running configuration, so "not stated" means up.
    pub fn is_shutdown(&self) -> bool {
        self.shutdown.as_ref().is_some_and(|s| s.value)
    }

    /// The primary address of the given family, if any.
    pub fn primary_address(&self, ipv4: bool) -> Option<&InterfaceAddress> {
        self.addresses
            .iter()
            .find(|a| !a.secondary && a.address.addr().is_ipv4() == ipv4)
    }
}

/// An address on an interface.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InterfaceAddress {
    /// The interface's own address with the prefix length of the connected subnet.
    pub address: IpNet,
    /// IOS `secondary`.
    pub secondary: bool,
    /// The line that configures it.
    pub span: Span,
}

/// Interface kind, from the name.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum InterfaceKind {
    /// A physical port.
    #[default]
    Physical,
    /// An 802.1Q sub-interface (`Gi0/0.100`).
    Subinterface,
    /// A link aggregate (`Port-channel1`, `Bundle-Ether1`, `bond0`).
    Aggregate,
    /// A loopback.
    Loopback,
    /// The discard interface (`Null0`).
    Null,
    /// A VLAN / switched virtual interface (`Vlan10`).
    Vlan,
    /// A tunnel.
    Tunnel,
    /// A management port.
    Management,
}

impl InterfaceKind {
    /// The kind a canonical interface name denotes.
    pub fn from_name(name: &str) -> InterfaceKind {
        let lower = name.to_ascii_lowercase();
        let starts = |p: &str| lower.starts_with(p);
        if starts("null") {
            InterfaceKind::Null
        } else if starts("loopback") || lower == "lo" || starts("lo0") {
            InterfaceKind::Loopback
        } else if starts("tunnel") || starts("vxlan") || starts("nve") {
            InterfaceKind::Tunnel
        } else if starts("mgmt") || starts("management") || lower == "eth0" || starts("fxp") {
            InterfaceKind::Management
        } else if starts("vlan") || starts("irb") {
            InterfaceKind::Vlan
        } else if lower.contains('.') {
            InterfaceKind::Subinterface
        } else if starts("port-channel") || starts("bundle-ether") || starts("bond") || starts("ae")
        {
            InterfaceKind::Aggregate
        } else {
            InterfaceKind::Physical
        }
    }
}

/// OSPF settings made on the interface itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceOspf {
    /// `ip ospf <process> area <area>`: the process and area this interface joins.
    pub area: Option<Spanned<(String, u32)>>,
    /// Explicit cost.
    pub cost: Option<Spanned<u32>>,
    /// Network type.
    pub network_type: Option<Spanned<OspfNetworkType>>,
    /// Interface-level passive setting (EOS/FRR/Junos style).
    pub passive: Option<Spanned<bool>>,
    /// Hello interval in seconds.
    pub hello_interval: Option<Spanned<u32>>,
    /// Dead interval in seconds.
    pub dead_interval: Option<Spanned<u32>>,
    /// `ip ospf mtu-ignore`.
    pub mtu_ignore: Option<Spanned<bool>>,
}

/// OSPF network types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OspfNetworkType {
    /// Broadcast (DR election).
    Broadcast,
    /// Point-to-point.
    PointToPoint,
    /// Non-broadcast multi-access.
    NonBroadcast,
    /// Point-to-multipoint.
    PointToMultipoint,
}

/// IS-IS settings made on the interface itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceIsis {
    /// The IS-IS process (tag) this interface runs; `Some("")` for the untagged process.
    pub process: Option<Spanned<String>>,
    /// Whether IPv6 is also enabled for IS-IS on the interface.
    pub ipv6: bool,
    /// Metric for level 1 (`None`: default).
    pub metric_l1: Option<Spanned<u32>>,
    /// Metric for level 2 (`None`: default).
    pub metric_l2: Option<Spanned<u32>>,
    /// Circuit type restriction.
    pub circuit_type: Option<Spanned<super::routing::IsisLevel>>,
    /// Interface-level passive.
    pub passive: Option<Spanned<bool>>,
    /// Point-to-point network.
    pub point_to_point: bool,
}

/// EIGRP settings made on the interface itself (NX-OS).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceEigrp {
    /// `ip router eigrp TAG`: the process (by tag) this interface runs.
    pub process: Option<Spanned<String>>,
    /// `ip passive-interface eigrp TAG`.
    pub passive: Option<Spanned<bool>>,
}

/// A VRF (routing instance with its own tables).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vrf {
    /// Name.
    pub name: String,
    /// The line that defines it.
    pub span: Span,
    /// Route distinguisher.
    pub rd: Option<Spanned<String>>,
    /// Route targets imported, per address family name (`ipv4`, `ipv6`, or `""` for both).
    pub import_targets: BTreeMap<String, Vec<Spanned<String>>>,
    /// Route targets exported, per address family name.
    pub export_targets: BTreeMap<String, Vec<Spanned<String>>>,
    /// Description.
    pub description: Option<Spanned<String>>,
}
