//! BGP configuration with each dialect's defaults filled in: one [`Speaker`] per device and
//! VRF running BGP, one [`PeerConfig`] per configured neighbor.
//!
//! Everything that depends on the vendor when the configuration says nothing is decided here,
//! in one place:
//!
//! | default | IOS / IOS-XE | NX-OS / IOS-XR | EOS | FRR |
//! | --- | --- | --- | --- | --- |
//! | IPv4 unicast activated for a neighbor | yes, unless `no bgp default ipv4-unicast` | only with the neighbor's `address-family ipv4 unicast` | yes, unless `no bgp default ipv4-unicast` | yes, unless `no bgp default ipv4-unicast` |
//! | IPv6 unicast activated | only with `activate` | only with the family block | only with `activate` | only with `activate` |
//! | communities sent | only with `send-community` | only with `send-community` (NX-OS); iBGP always, eBGP with `send-community-ebgp` (XR) | only with `send-community` | always (`no neighbor X send-community` turns it off) |
//! | eBGP needs a policy (RFC 8212) | no | no (NX-OS); yes (XR, unless `bgp unsafe-ebgp-policy`; lowered into the IR) | no | see below |
//! | weight of local paths | 32768 | 32768 | 0 | 32768 |
//! | eBGP needs a policy in each direction (`bgp ebgp-requires-policy`) | no | no | no | from FRR 7.4 on (read from the `frr version` line; no line: assumed older) |
//! | best paths inactive in the main table are advertised | yes | yes | no (`bgp advertise-inactive` is off) | yes |
//! | `network` needs the prefix in the main table | yes | yes | yes | from FRR 7.4 on (`bgp network import-check`) |

use std::net::{IpAddr, Ipv4Addr};

use routeproof_parser::ir::routing::{
    BgpNeighbor, BgpNeighborAf, BgpPeer, BgpProcess, BgpVrf, BgpVrfAf, RemoteAs,
};
use routeproof_parser::ir::{self, AddressFamily, InterfaceKind, Vendor};

use super::decision;
use crate::control_plane::admin::default_distance;
use crate::rib::Protocol;
use crate::topology::{DEFAULT_VRF, NodeId, Topology};

/// The local weight of paths this router originates.
pub fn local_weight(vendor: Vendor) -> u32 {
    match vendor {
        Vendor::AristaEos | Vendor::Junos => 0,
        _ => 32768,
    }
}

/// `frr version X.Y...` as (major, minor).
fn frr_version(device: &ir::Device) -> Option<(u32, u32)> {
    let text = device.os_version.as_ref()?.value.as_str();
    let mut numbers = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<u32>().ok());
    let major = numbers.next()??;
    let minor = numbers.next().flatten().unwrap_or(0);
    Some((major, minor))
}

/// Whether an FRR device is at least version 7.4 (where several defaults changed).
fn frr_7_4_or_later(device: &ir::Device) -> bool {
    device.vendor == Vendor::Frr && frr_version(device).is_some_and(|v| v >= (7, 4))
}

/// A BGP instance: one device's BGP in one VRF.
#[derive(Clone, Debug)]
pub struct Speaker<'a> {
    /// The node.
    pub node: NodeId,
    /// The VRF as the topology names it (`default` for the default VRF).
    pub vrf: String,
    /// The device.
    pub device: &'a ir::Device,
    /// Its BGP process.
    pub process: &'a BgpProcess,
    /// The VRF's BGP settings.
    pub bgp_vrf: &'a BgpVrf,
    /// Router id (configured, else the highest loopback address, else the highest address).
    pub router_id: Ipv4Addr,
    /// Cluster id for reflected routes (configured, else the router id).
    pub cluster_id: Ipv4Addr,
    /// Best-path knobs per address family.
    pub decision_v4: decision::Settings,
    /// Best-path knobs for IPv6.
    pub decision_v6: decision::Settings,
    /// Administrative distances (eBGP, iBGP, local/aggregate).
    pub distance: (u8, u8, u8),
    /// Weight of locally originated paths.
    pub local_weight: u32,
    /// eBGP sessions exchange nothing without policy (FRR >= 7.4).
    pub ebgp_requires_policy: bool,
    /// Best paths that lost in the main table are still advertised.
    pub advertise_inactive: bool,
    /// `network` statements need the prefix in the main table.
    pub network_import_check: bool,
    /// `bgp client-to-client reflection` (on unless disabled).
    pub client_to_client: bool,
}

impl<'a> Speaker<'a> {
    /// The instance of `bgp_vrf` on `device`.
    pub fn new(
        node: NodeId,
        device: &'a ir::Device,
        process: &'a BgpProcess,
        bgp_vrf: &'a BgpVrf,
    ) -> Speaker<'a> {
        let vrf = if bgp_vrf.name.is_empty() {
            DEFAULT_VRF.to_owned()
        } else {
            bgp_vrf.name.clone()
        };
        let router_id = bgp_vrf
            .router_id
            .as_ref()
            .or(process.router_id.as_ref())
            .map(|r| r.value)
            .unwrap_or_else(|| default_router_id(device, &vrf));
        let options = &process.options;
        let flag =
            |o: &Option<routeproof_parser::Spanned<bool>>| o.as_ref().is_some_and(|s| s.value);
        let settings = |af: Option<&BgpVrfAf>| decision::Settings {
            always_compare_med: flag(&options.always_compare_med),
            med_missing_as_worst: flag(&options.med_missing_as_worst),
            as_path_ignore: flag(&options.as_path_ignore),
            multipath_relax: flag(&options.as_path_multipath_relax),
            max_paths_ebgp: af
                .and_then(|a| a.maximum_paths_ebgp.as_ref())
                .map_or(1, |m| m.value as usize),
            max_paths_ibgp: af
                .and_then(|a| a.maximum_paths_ibgp.as_ref())
                .map_or(1, |m| m.value as usize),
        };
        let af_v4 = bgp_vrf.address_families.get(&AddressFamily::Ipv4);
        let af_v6 = bgp_vrf.address_families.get(&AddressFamily::Ipv6);
        let vendor = Some(device.vendor);
        let configured = af_v4
            .and_then(|a| a.distance.as_ref())
            .or(options.distance.as_ref())
            .map(|d| d.value);
        let distance = configured.unwrap_or((
            default_distance(vendor, Protocol::Bgp),
            default_distance(vendor, Protocol::Ibgp),
            default_distance(vendor, Protocol::Aggregate),
        ));
        let frr_new = frr_7_4_or_later(device);
        Speaker {
            node,
            vrf,
            device,
            process,
            bgp_vrf,
            router_id,
            cluster_id: options.cluster_id.as_ref().map_or(router_id, |c| c.value),
            decision_v4: settings(af_v4),
            decision_v6: settings(af_v6),
            distance,
            local_weight: local_weight(device.vendor),
            ebgp_requires_policy: options
                .ebgp_requires_policy
                .as_ref()
                .map_or(frr_new, |s| s.value),
            advertise_inactive: device.vendor != Vendor::AristaEos,
            network_import_check: device.vendor != Vendor::Frr || frr_new,
            client_to_client: options
                .client_to_client_reflection
                .as_ref()
                .is_none_or(|s| s.value),
        }
    }

    /// The address-family settings of the VRF.
    pub fn af(&self, family: AddressFamily) -> Option<&'a BgpVrfAf> {
        self.bgp_vrf.address_families.get(&family)
    }

    /// Decision settings for `family`.
    pub fn decision(&self, family: AddressFamily) -> &decision::Settings {
        match family {
            AddressFamily::Ipv4 => &self.decision_v4,
            AddressFamily::Ipv6 => &self.decision_v6,
        }
    }

    /// The VRF name as configured (`""` for the default VRF), for `Interface::vrf` comparisons.
    pub fn config_vrf(&self) -> Option<&str> {
        (!self.bgp_vrf.name.is_empty()).then_some(self.bgp_vrf.name.as_str())
    }
}

/// The router id a device picks without `router-id`: the highest loopback address in the VRF,
/// else the highest interface address (IOS, EOS and FRR behave alike enough here).
pub fn default_router_id(device: &ir::Device, vrf: &str) -> Ipv4Addr {
    let mut best_loopback: Option<Ipv4Addr> = None;
    let mut best_any: Option<Ipv4Addr> = None;
    for iface in device.interfaces.values() {
        if iface.is_shutdown() {
            continue;
        }
        let iface_vrf = iface.vrf.as_ref().map_or(DEFAULT_VRF, |v| v.value.as_str());
        if iface_vrf != vrf {
            continue;
        }
        for a in &iface.addresses {
            if let IpAddr::V4(v4) = a.address.addr() {
                if iface.kind == InterfaceKind::Loopback {
                    best_loopback = best_loopback.max(Some(v4));
                }
                best_any = best_any.max(Some(v4));
            }
        }
    }
    best_loopback.or(best_any).unwrap_or(Ipv4Addr::UNSPECIFIED)
}

/// A configured neighbor with the defaults of its dialect filled in.
#[derive(Clone, Debug)]
pub struct PeerConfig<'a> {
    /// Index of the speaker it belongs to.
    pub speaker: usize,
    /// Who the neighbor is.
    pub key: &'a BgpPeer,
    /// The configuration (peer-group settings already inherited).
    pub neighbor: &'a BgpNeighbor,
    /// The AS this router presents to the neighbor (`local-as`, else the process AS).
    pub local_as: u32,
    /// The process AS.
    pub process_as: u32,
    /// IPv4 unicast is activated.
    pub ipv4: bool,
    /// IPv6 unicast is activated.
    pub ipv6: bool,
}

impl<'a> PeerConfig<'a> {
    /// Fills in the defaults for `neighbor` of speaker `speaker`.
    pub fn new(
        index: usize,
        speaker: &Speaker<'a>,
        key: &'a BgpPeer,
        neighbor: &'a BgpNeighbor,
    ) -> PeerConfig<'a> {
        let process = speaker.process;
        let vendor = speaker.device.vendor;
        let default_v4 = process
            .options
            .default_ipv4_unicast
            .as_ref()
            .is_none_or(|s| s.value);
        let activated = |family: AddressFamily| -> bool {
            let af = neighbor.address_families.get(&family);
            if let Some(explicit) = af.and_then(|a| a.activate.as_ref()) {
                return explicit.value;
            }
            match (vendor, family) {
                // The IR lowers a family configured under the neighbor as `activate` on.
                (Vendor::CiscoNxos | Vendor::CiscoIosXr, _) => false,
                (_, AddressFamily::Ipv4) => default_v4,
                (_, AddressFamily::Ipv6) => false,
            }
        };
        PeerConfig {
            speaker: index,
            key,
            neighbor,
            local_as: neighbor.local_as.as_ref().map_or(process.asn, |l| l.value),
            process_as: process.asn,
            ipv4: activated(AddressFamily::Ipv4),
            ipv6: activated(AddressFamily::Ipv6),
        }
    }

    /// The configured remote AS.
    pub fn remote_as(&self) -> Option<RemoteAs> {
        self.neighbor.remote_as.as_ref().map(|r| r.value)
    }

    /// Whether the neighbor is administratively shut down.
    pub fn shutdown(&self) -> bool {
        self.neighbor.shutdown.as_ref().is_some_and(|s| s.value)
    }

    /// The per-family settings.
    pub fn af(&self, family: AddressFamily) -> Option<&'a BgpNeighborAf> {
        self.neighbor.address_families.get(&family)
    }

    /// Whether `family` is activated.
    pub fn activated(&self, family: AddressFamily) -> bool {
        match family {
            AddressFamily::Ipv4 => self.ipv4,
            AddressFamily::Ipv6 => self.ipv6,
        }
    }

    /// Whether standard communities are sent to this neighbor (over eBGP when `ebgp`).
    pub fn sends_communities(&self, vendor: Vendor, family: AddressFamily, ebgp: bool) -> bool {
        let configured = self
            .af(family)
            .and_then(|a| a.send_community.as_ref())
            .map(|s| s.value);
        match vendor {
            Vendor::Frr | Vendor::Junos => configured.unwrap_or(true),
            // IOS-XR: always to iBGP peers; to eBGP peers with `send-community-ebgp` (which the
            // IR records as `send_community`).
            Vendor::CiscoIosXr if !ebgp => true,
            _ => configured.unwrap_or(false),
        }
    }

    /// `remote-as` accepts AS `asn` given our own AS `ours`.
    pub fn accepts_remote_as(&self, asn: u32) -> bool {
        match self.remote_as() {
            Some(RemoteAs::Asn(a)) => a == asn,
            Some(RemoteAs::External) => asn != self.local_as,
            Some(RemoteAs::Internal) => asn == self.local_as,
            None => false,
        }
    }
}

/// The topology VRF of the interface called `name` on `node`, if it routes.
pub fn interface_vrf<'t>(topology: &'t Topology, node: NodeId, name: &str) -> Option<&'t str> {
    topology
        .node(node)
        .interfaces
        .get(name)
        .map(|i| i.vrf.as_str())
}

#[cfg(test)]
mod tests {
    use routeproof_parser::{Dialect, Format, Sources};

    use super::*;

    fn device(dialect: Dialect, config: &str) -> ir::Device {
        let mut sources = Sources::new();
        let file = sources.add("r1.cfg", format!("hostname r1\n{config}"));
        routeproof_parser::parse_config_as(&sources, file, Format::Ios(dialect)).device
    }

    /// Input: interfaces with and without a loopback. Expected: the highest loopback address,
    /// else the highest address.
    #[test]
    fn default_router_ids() {
        let d = device(
            Dialect::Ios,
            "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\ninterface GigabitEthernet0/0\n ip address 10.9.9.9 255.255.255.0\n",
        );
        assert_eq!(
            default_router_id(&d, DEFAULT_VRF),
            Ipv4Addr::new(1, 1, 1, 1)
        );
        let d = device(
            Dialect::Ios,
            "interface GigabitEthernet0/0\n ip address 10.9.9.9 255.255.255.0\ninterface GigabitEthernet0/1\n ip address 10.1.1.1 255.255.255.0\n",
        );
        assert_eq!(
            default_router_id(&d, DEFAULT_VRF),
            Ipv4Addr::new(10, 9, 9, 9)
        );
    }

    /// Input: FRR version lines. Expected: 7.4 and later count as new.
    #[test]
    fn frr_versions() {
        let at = |v: &str| frr_7_4_or_later(&device(Dialect::Frr, &format!("frr version {v}\n")));
        assert!(!at("4.0+cl3u8"));
        assert!(!at("7.2-sonic"));
        assert!(at("7.4"));
        assert!(at("8.4.1"));
        assert!(at("10.0"));
        assert!(!frr_7_4_or_later(&device(Dialect::Frr, "")));
    }

    /// Input: a neighbor without `send-community`. Expected: IOS and EOS do not send
    /// communities, FRR does.
    #[test]
    fn send_community_defaults_by_vendor() {
        let cfg = "router bgp 1\n neighbor 10.0.0.2 remote-as 2\n";
        for (dialect, sends) in [
            (Dialect::Ios, false),
            (Dialect::Eos, false),
            (Dialect::Frr, true),
        ] {
            let d = device(dialect, cfg);
            let process = d.bgp.as_ref().unwrap();
            let vrf = process.default_vrf().unwrap();
            let speaker = Speaker::new(NodeId(0), &d, process, vrf);
            let (key, neighbor) = vrf.neighbors.iter().next().unwrap();
            let peer = PeerConfig::new(0, &speaker, key, neighbor);
            assert_eq!(
                peer.sends_communities(d.vendor, AddressFamily::Ipv4, true),
                sends,
                "{dialect:?}"
            );
            assert!(peer.activated(AddressFamily::Ipv4));
            assert!(!peer.activated(AddressFamily::Ipv6));
        }
    }
}
