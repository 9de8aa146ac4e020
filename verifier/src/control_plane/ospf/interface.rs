//! Which interfaces run OSPF in which process and area, and with what settings: cost, network
//! type, passive, timers, MTU, and the prefixes each advertises.
//!
//! An interface joins a process (all Cisco-family rules):
//! 1. by interface configuration naming the process (`ip ospf 1 area 0`, NX-OS
//!    `ip router ospf 1 area 0`, FRR `ip ospf area 0` for the VRF's single process); this wins
//!    over any `network` statement (IOS);
//! 2. by being listed inside the process (IOS-XR and Junos `area X interface Y`);
//! 3. by a `network ADDRESS WILDCARD area A` statement of a process in the interface's VRF that
//!    matches its primary address; when several match, the most specific one (fewest wildcard
//!    bits) wins, across processes, and ties go to the first configured (IOS).
//!
//! Secondary addresses are advertised when the interface is enabled by interface configuration,
//! or when a `network` statement of the same process and area covers them (IOS).

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};
use routeproof_parser::Span;
use routeproof_parser::ir::interface::OspfNetworkType;
use routeproof_parser::ir::routing::{AreaId, OspfProcess};
use routeproof_parser::ir::{self, InterfaceKind};

use super::vendor;
use crate::topology::{DEFAULT_VRF, Node};

/// How an interface takes part in its network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NetworkType {
    /// Broadcast multi-access: a designated router represents the segment.
    Broadcast,
    /// Non-broadcast multi-access (needs static neighbors, which are not modelled).
    NonBroadcast,
    /// Point-to-point: one neighbor, the subnet advertised as a stub.
    PointToPoint,
    /// Point-to-multipoint: treated as point-to-point to each neighbor.
    PointToMultipoint,
}

impl NetworkType {
    fn from_ir(t: OspfNetworkType) -> NetworkType {
        match t {
            OspfNetworkType::Broadcast => NetworkType::Broadcast,
            OspfNetworkType::NonBroadcast => NetworkType::NonBroadcast,
            OspfNetworkType::PointToPoint => NetworkType::PointToPoint,
            OspfNetworkType::PointToMultipoint => NetworkType::PointToMultipoint,
        }
    }

    /// True for the types that elect a designated router.
    pub(crate) fn multi_access(self) -> bool {
        matches!(self, NetworkType::Broadcast | NetworkType::NonBroadcast)
    }
}

/// An interface running OSPF in one process.
#[derive(Clone, Debug)]
pub(crate) struct OspfInterface {
    /// Interface name.
    pub(crate) name: String,
    /// Area.
    pub(crate) area: AreaId,
    /// Cost of leaving through it.
    pub(crate) cost: u32,
    /// Network type.
    pub(crate) network_type: NetworkType,
    /// Sends no hellos: advertised, never adjacent.
    pub(crate) passive: bool,
    /// A loopback (advertised as host routes unless point-to-point is configured).
    pub(crate) loopback: bool,
    /// Hello interval (seconds).
    pub(crate) hello: u32,
    /// Dead interval (seconds).
    pub(crate) dead: u32,
    /// IP MTU (bytes).
    pub(crate) mtu: u32,
    /// `ip ospf mtu-ignore`.
    pub(crate) mtu_ignore: bool,
    /// The primary address with its subnet length.
    pub(crate) address: Ipv4Net,
    /// Prefixes advertised as stub links (when the interface is not part of a transit network,
    /// the primary subnet is among them).
    pub(crate) stubs: Vec<Ipv4Net>,
    /// The configuration lines that enable OSPF here.
    pub(crate) provenance: Vec<Span>,
}

/// The interfaces of `node` that run in process `index` of `device`, sorted by name.
pub(crate) fn enabled_interfaces(
    node: &Node,
    device: &ir::Device,
    index: usize,
) -> Vec<OspfInterface> {
    let process = &device.ospf[index];
    let vrf = process.vrf.as_deref().unwrap_or(DEFAULT_VRF);
    let mut out = Vec::new();
    for l3 in node.interfaces.values() {
        if l3.vrf != vrf {
            continue;
        }
        let Some(iface) = device.interface(&l3.name) else {
            continue;
        };
        let Some(primary) = primary_v4(iface) else {
            continue;
        };
        let Some(enabled) = membership(device, iface, index, primary.addr()) else {
            continue;
        };
        let listed = process
            .interfaces
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(&iface.name));
        let network_type = iface
            .ospf
            .network_type
            .as_ref()
            .map(|t| t.value)
            .or(listed.and_then(|l| l.network_type))
            .map(NetworkType::from_ir);
        let loopback = iface.kind == InterfaceKind::Loopback;
        // A loopback advertises host routes at the loopback cost unless the interface itself is
        // configured point-to-point (IOS `ip ospf network point-to-point`, also NX-OS and EOS).
        // A network type set for the process or area (IOS-XR, copied down to each listed
        // interface) does not apply to loopbacks: the lab's IOS-XR routers with a process-wide
        // `network point-to-point` advertise their loopbacks as host routes at cost 1.
        let configured_p2p = iface
            .ospf
            .network_type
            .as_ref()
            .is_some_and(|t| t.value == OspfNetworkType::PointToPoint);
        let host_routes = loopback && !configured_p2p;
        let network_type = network_type.unwrap_or(match iface.kind {
            InterfaceKind::Tunnel => NetworkType::PointToPoint,
            _ if iface.name.to_ascii_lowercase().starts_with("serial") => NetworkType::PointToPoint,
            _ => NetworkType::Broadcast,
        });
        let hello = iface.ospf.hello_interval.as_ref().map_or(
            if network_type.multi_access() && network_type != NetworkType::Broadcast
                || network_type == NetworkType::PointToMultipoint
            {
                vendor::DEFAULT_HELLO_NBMA
            } else {
                vendor::DEFAULT_HELLO
            },
            |h| h.value,
        );
        let dead = iface
            .ospf
            .dead_interval
            .as_ref()
            .map_or(hello * 4, |d| d.value);
        let mut stubs = Vec::new();
        for address in &iface.addresses {
            let IpNet::V4(net) = address.address else {
                continue;
            };
            if address.secondary && !enabled.all_addresses {
                let covered = process.networks.iter().any(|n| {
                    n.area == enabled.area && wildcard_match(n.address, n.wildcard, net.addr())
                });
                if !covered {
                    continue;
                }
            }
            let stub = if host_routes {
                Ipv4Net::new(net.addr(), 32).unwrap_or(net)
            } else {
                net.trunc()
            };
            if !stubs.contains(&stub) {
                stubs.push(stub);
            }
        }
        out.push(OspfInterface {
            name: iface.name.clone(),
            area: enabled.area,
            cost: cost(
                device,
                process,
                iface,
                listed.and_then(|l| l.cost),
                host_routes,
            ),
            network_type,
            passive: passive(process, iface, listed.map(|l| l.passive)),
            loopback,
            hello,
            dead,
            mtu: iface.mtu.as_ref().map_or(vendor::DEFAULT_MTU, |m| m.value),
            mtu_ignore: iface.ospf.mtu_ignore.as_ref().is_some_and(|m| m.value),
            address: primary,
            stubs,
            provenance: enabled.provenance,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The primary IPv4 address of an interface.
fn primary_v4(iface: &ir::Interface) -> Option<Ipv4Net> {
    match iface.primary_address(true)?.address {
        IpNet::V4(net) => Some(net),
        IpNet::V6(_) => None,
    }
}

/// Why an interface is in a process.
struct Enabled {
    area: AreaId,
    /// Every address is advertised (interface-level enabling), not just those a statement covers.
    all_addresses: bool,
    provenance: Vec<Span>,
}

/// Whether `iface` runs in process `index` of `device`, and in which area.
fn membership(
    device: &ir::Device,
    iface: &ir::Interface,
    index: usize,
    primary: Ipv4Addr,
) -> Option<Enabled> {
    let vrf = iface.vrf.as_ref().map(|v| v.value.as_str());
    let same_vrf = |p: &OspfProcess| p.vrf.as_deref() == vrf;
    // 1. Interface-level configuration names the process (the empty name: the VRF's process).
    if let Some(area) = &iface.ospf.area {
        let (pid, a) = (&area.value.0, area.value.1);
        let target = if pid.is_empty() {
            device.ospf.iter().position(same_vrf)
        } else {
            device.ospf.iter().position(|p| &p.id == pid && same_vrf(p))
        };
        return (target == Some(index)).then(|| Enabled {
            area: a,
            all_addresses: true,
            provenance: vec![area.span],
        });
    }
    // 2. Listed inside a process block.
    for (i, p) in device.ospf.iter().enumerate() {
        if !same_vrf(p) {
            continue;
        }
        if let Some(listed) = p
            .interfaces
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(&iface.name))
        {
            return (i == index).then(|| Enabled {
                area: listed.area,
                all_addresses: true,
                provenance: vec![listed.span],
            });
        }
    }
    // 3. The most specific matching `network` statement of any process in the VRF.
    let mut best: Option<(u32, usize, &ir::routing::OspfNetwork)> = None;
    for (i, p) in device.ospf.iter().enumerate() {
        if !same_vrf(p) || p.shutdown.as_ref().is_some_and(|s| s.value) {
            continue;
        }
        for n in &p.networks {
            if !wildcard_match(n.address, n.wildcard, primary) {
                continue;
            }
            let specificity = (!u32::from(n.wildcard)).count_ones();
            if best.is_none_or(|(s, _, _)| specificity > s) {
                best = Some((specificity, i, n));
            }
        }
    }
    let (_, i, n) = best?;
    (i == index).then(|| Enabled {
        area: n.area,
        all_addresses: false,
        provenance: vec![n.span],
    })
}

/// IOS `network` matching: the address and the statement agree on every bit the wildcard does
/// not mask.
pub(crate) fn wildcard_match(network: Ipv4Addr, wildcard: Ipv4Addr, address: Ipv4Addr) -> bool {
    let w = u32::from(wildcard);
    (u32::from(network) | w) == (u32::from(address) | w)
}

/// Whether an interface is passive: interface-level configuration (EOS, FRR, NX-OS) wins, then
/// the process block's own interface setting, then `passive-interface NAME`, then
/// `passive-interface default` with its `no passive-interface` exceptions.
fn passive(process: &OspfProcess, iface: &ir::Interface, listed: Option<bool>) -> bool {
    if let Some(p) = &iface.ospf.passive {
        return p.value;
    }
    if let Some(p) = listed
        && p
    {
        return true;
    }
    let named = |list: &[routeproof_parser::Spanned<String>]| {
        list.iter()
            .any(|n| n.value.eq_ignore_ascii_case(&iface.name))
    };
    if named(&process.passive_interfaces) {
        return true;
    }
    if process.passive_default.as_ref().is_some_and(|p| p.value) {
        return !named(&process.non_passive_interfaces);
    }
    false
}

/// The cost of leaving through `iface`: configured, else the vendor's rule (see [`vendor`]).
fn cost(
    device: &ir::Device,
    process: &OspfProcess,
    iface: &ir::Interface,
    listed: Option<u32>,
    host_routes: bool,
) -> u32 {
    if let Some(c) = iface.ospf.cost.as_ref().map(|c| c.value).or(listed) {
        return c;
    }
    let auto_cost = process.reference_bandwidth_mbps.as_ref().map(|r| r.value);
    if auto_cost.is_none()
        && let Some(flat) = vendor::flat_cost_without_auto_cost(device.vendor)
    {
        return flat;
    }
    if host_routes {
        return vendor::loopback_cost(device.vendor);
    }
    let reference_kbps =
        auto_cost.unwrap_or_else(|| vendor::reference_bandwidth_mbps(device.vendor)) * 1_000;
    let bandwidth = bandwidth_kbps(device, iface).max(1);
    (reference_kbps / bandwidth).clamp(1, 0xFFFF) as u32
}

/// The bandwidth OSPF sees on an interface, in kbit/s: `bandwidth`, else `speed`, else the
/// vendor's default for the interface's name; an aggregate's is the sum of its members'.
pub(crate) fn bandwidth_kbps(device: &ir::Device, iface: &ir::Interface) -> u64 {
    if let Some(b) = &iface.bandwidth_kbps {
        return b.value;
    }
    if let Some(s) = &iface.speed_mbps {
        return s.value * 1_000;
    }
    if let Some(b) = vendor::default_bandwidth_kbps(device.vendor, &iface.name, iface.kind) {
        return b;
    }
    // An aggregate: the sum over its members that are not shut down.
    let number: String = iface
        .name
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let total: u64 = device
        .interfaces
        .values()
        .filter(|m| !m.is_shutdown())
        .filter(|m| {
            m.channel_group
                .as_ref()
                .is_some_and(|g| g.value == number || g.value.eq_ignore_ascii_case(&iface.name))
        })
        .map(|m| {
            m.bandwidth_kbps
                .as_ref()
                .map(|b| b.value)
                .or(m.speed_mbps.as_ref().map(|s| s.value * 1_000))
                .or_else(|| vendor::default_bandwidth_kbps(device.vendor, &m.name, m.kind))
                .unwrap_or(1_000_000)
        })
        .sum();
    if total == 0 { 1_000_000 } else { total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::network;
    use crate::topology::Topology;

    /// Interfaces of the first process of device `name` in `configs`.
    fn check(configs: &[&str], name: &str) -> Vec<OspfInterface> {
        let net = network(configs);
        let topology = Topology::build(&net);
        let node = topology.node(topology.node_id(name).unwrap());
        enabled_interfaces(node, &net.devices[name], 0)
    }

    /// `network` statements: the most specific statement decides the area; interfaces outside
    /// every statement stay out; IOS costs follow 100 Mbit/s over the name's bandwidth.
    #[test]
    fn network_statements_and_costs() {
        let got = check(
            &[
                "hostname r1\ninterface Loopback0\n ip address 1.1.1.1 255.255.255.0\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\ninterface Ethernet1/0\n ip address 10.0.1.1 255.255.255.0\ninterface FastEthernet2/0\n ip address 10.0.2.1 255.255.255.0\ninterface Ethernet3/0\n ip address 192.0.2.1 255.255.255.0\nrouter ospf 1\n network 10.0.0.0 0.255.255.255 area 0\n network 10.0.1.0 0.0.0.255 area 5\n network 1.1.1.1 0.0.0.0 area 0\n",
            ],
            "r1",
        );
        let summary: Vec<String> = got
            .iter()
            .map(|i| {
                format!(
                    "{} area {} cost {} stubs {:?}",
                    i.name, i.area, i.cost, i.stubs
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                "Ethernet1/0 area 5 cost 10 stubs [10.0.1.0/24]",
                "FastEthernet2/0 area 0 cost 1 stubs [10.0.2.0/24]",
                "GigabitEthernet0/0 area 0 cost 1 stubs [10.0.0.0/24]",
                // A loopback is advertised as a host route at cost 1, whatever its mask.
                "Loopback0 area 0 cost 1 stubs [1.1.1.1/32]",
            ]
        );
    }

    /// Interface-level area configuration beats `network` statements, passive-interface default
    /// with an exception, and explicit cost and network type.
    #[test]
    fn interface_configuration_wins() {
        let got = check(
            &[
                "hostname r1\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n ip ospf 1 area 7\n ip ospf cost 33\n ip ospf network point-to-point\ninterface GigabitEthernet0/1\n ip address 10.0.1.1 255.255.255.0\nrouter ospf 1\n passive-interface default\n no passive-interface GigabitEthernet0/0\n network 10.0.0.0 0.0.255.255 area 0\n",
            ],
            "r1",
        );
        assert_eq!(got[0].area, 7);
        assert_eq!(got[0].cost, 33);
        assert_eq!(got[0].network_type, NetworkType::PointToPoint);
        assert!(!got[0].passive);
        assert_eq!(got[1].area, 0);
        assert!(got[1].passive);
    }

    /// NX-OS: interface-level `ip router ospf`, 40 Gbit/s reference over a 1 Gbit/s port.
    #[test]
    fn nxos_reference_bandwidth() {
        let got = check(
            &[
                "hostname n1\nfeature ospf\ninterface Ethernet1/1\n  no switchport\n  ip address 15.1.1.2/24\n  ip router ospf 5 area 0.0.0.15\n  no shutdown\ninterface loopback0\n  ip address 5.5.5.5/32\n  ip router ospf 5 area 0.0.0.15\nrouter ospf 5\n  router-id 5.5.5.5\n",
            ],
            "n1",
        );
        let costs: Vec<(String, u32, AreaId)> = got
            .iter()
            .map(|i| (i.name.clone(), i.cost, i.area))
            .collect();
        assert_eq!(
            costs,
            [
                ("Ethernet1/1".to_owned(), 40, 15),
                ("Loopback0".to_owned(), 1, 15)
            ]
        );
    }

    /// EOS: cost 10 everywhere without `auto-cost`.
    #[test]
    fn eos_flat_cost() {
        let got = check(
            &[
                "! device: e1 (vEOS, EOS-4.23.0.1F)\nhostname e1\ninterface Ethernet2\n   no switchport\n   ip address 192.168.1.1/30\nip routing\nrouter ospf 10\n   network 192.168.1.0/30 area 0.0.0.0\n",
            ],
            "e1",
        );
        assert_eq!(got[0].cost, 10);
    }

    #[test]
    fn wildcards() {
        let a = |s: &str| s.parse::<Ipv4Addr>().unwrap();
        assert!(wildcard_match(
            a("2.0.0.0"),
            a("0.255.255.255"),
            a("2.1.1.1")
        ));
        assert!(!wildcard_match(
            a("2.0.0.0"),
            a("0.255.255.255"),
            a("3.1.1.1")
        ));
        // Non-contiguous wildcards match bit by bit.
        assert!(wildcard_match(a("10.0.0.1"), a("0.255.0.0"), a("10.7.0.1")));
    }
}
