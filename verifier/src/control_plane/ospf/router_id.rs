//! OSPF router-id selection when none is configured.
//!
//! - IOS, IOS-XE, IOS-XR, EOS, FRR: the highest address of an up loopback in the process's VRF,
//!   else the highest address of any up interface in it.
//! - NX-OS: loopback0's address, else the lowest loopback address, else the lowest interface
//!   address in the VRF (current NX-OS releases; older ones were not deterministic).
//! - Junos: the first address of lo0, else the lowest interface address (Junos picks the
//!   "first" interface; lowest is the deterministic reading).

use std::net::Ipv4Addr;

use ipnet::IpNet;
use routeproof_parser::ir::{InterfaceKind, OspfProcess, Vendor};

use crate::topology::{DEFAULT_VRF, Node};

/// The router id of `process` on `node`: configured, else chosen from the interfaces as the
/// vendor does. `None` when there is no candidate (the process cannot run).
pub(crate) fn router_id(node: &Node, vendor: Vendor, process: &OspfProcess) -> Option<Ipv4Addr> {
    if let Some(id) = &process.router_id {
        return Some(id.value);
    }
    let vrf = process.vrf.as_deref().unwrap_or(DEFAULT_VRF);
    let mut loopbacks = Vec::new();
    let mut others = Vec::new();
    let mut loopback0 = None;
    for iface in node.interfaces.values().filter(|i| i.vrf == vrf) {
        for address in &iface.addresses {
            let IpNet::V4(net) = address else { continue };
            if iface.kind == InterfaceKind::Loopback {
                loopbacks.push(net.addr());
                if loopback0.is_none()
                    && matches!(
                        iface.name.to_ascii_lowercase().as_str(),
                        "loopback0" | "lo0"
                    )
                {
                    loopback0 = Some(net.addr());
                }
            } else {
                others.push(net.addr());
            }
        }
    }
    match vendor {
        Vendor::CiscoNxos => loopback0
            .or_else(|| loopbacks.iter().min().copied())
            .or_else(|| others.iter().min().copied()),
        Vendor::Junos => loopback0.or_else(|| others.iter().min().copied()),
        _ => loopbacks
            .iter()
            .max()
            .or_else(|| others.iter().max())
            .copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::network;
    use crate::topology::Topology;

    fn check(config: &str, name: &str) -> Option<Ipv4Addr> {
        let net = network(&[config]);
        let topology = Topology::build(&net);
        let node = topology.node(topology.node_id(name).unwrap());
        let device = &net.devices[name];
        router_id(node, device.vendor, &device.ospf[0])
    }

    /// IOS without `router-id`: the highest loopback, even below a physical address
    /// (as3core1 in the lab picks 192.168.123.8 over 3.10.1.1 and its 90.x interfaces).
    #[test]
    fn ios_prefers_the_highest_loopback() {
        let id = check(
            "hostname r\ninterface Loopback0\n ip address 3.10.1.1 255.255.255.255\ninterface Loopback123\n ip address 192.168.123.8 255.255.255.255\ninterface GigabitEthernet0/0\n ip address 200.0.0.1 255.255.255.0\nrouter ospf 1\n network 3.0.0.0 0.255.255.255 area 1\n",
            "r",
        );
        assert_eq!(id, Some("192.168.123.8".parse().unwrap()));
    }

    #[test]
    fn configured_wins() {
        let id = check(
            "hostname r\ninterface Loopback0\n ip address 3.10.1.1 255.255.255.255\nrouter ospf 1\n router-id 9.9.9.9\n",
            "r",
        );
        assert_eq!(id, Some("9.9.9.9".parse().unwrap()));
    }
}
