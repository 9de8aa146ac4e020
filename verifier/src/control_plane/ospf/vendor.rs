//! Each vendor's OSPF defaults, in one place.
//!
//! | default | IOS / IOS-XE | NX-OS | EOS | IOS-XR | FRR / Cumulus | Junos |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | reference bandwidth | 100 Mbit/s | 40 Gbit/s | 100 Mbit/s (used only with `auto-cost`) | 100 Mbit/s | 100 Gbit/s (Cumulus) | 100 Mbit/s |
//! | cost without `auto-cost` | reference / bandwidth | reference / bandwidth | 10 on every interface | reference / bandwidth | reference / bandwidth | reference / bandwidth |
//! | loopback cost | 1 | 1 | 1 (10 without `auto-cost`) | 1 | 0 | 0 |
//! | Ethernet-type bandwidth | by name: `Ethernet` 10M, `FastEthernet` 100M, `GigabitEthernet` 1G, `TenGigabitEthernet` 10G, ... | `Ethernet` 1G | `Ethernet` 1G | by name, as IOS | 10G | 1G |
//! | `maximum-paths` | 4 | 8 | 128 | 16 | 64 | 16 |
//! | external metric | 20; BGP 1 | 20; BGP 1 | 20; BGP 1 | 20; BGP 1 | 20 | 20 |
//! | `subnets` needed | yes (classful networks only without it) | no | no | no | no | no |
//! | iBGP redistributed | no (needs `bgp redistribute-internal`) | yes | yes | yes | yes | yes |
//! | default route by `redistribute` | no (needs `default-information originate`) | yes | yes | no | no | yes |
//!
//! Sources: the devices' own tables in Batfish's lab-validation captures where they show the
//! value (IOS and IOS-XE costs and metrics in `ospf_lab_validation` and
//! `iosxe_redistribution`; NX-OS cost 40 on a 1 Gbit/s port and metrics 20/1 in
//! `ospf_lab_validation` and `nxos_redistribution`; EOS cost 10 and BGP metric 1 in
//! `eos_ospf_bgp`), vendor documentation otherwise. Values no capture confirms are marked
//! *assumed* where they are defined.

use routeproof_parser::ir::{InterfaceKind, Vendor};

/// The reference bandwidth in Mbit/s when `auto-cost reference-bandwidth` is not configured.
pub(crate) fn reference_bandwidth_mbps(vendor: Vendor) -> u64 {
    match vendor {
        // NX-OS: 40 Gbit/s (confirmed: cost 40 on a 1 Gbit/s port in ospf_lab_validation).
        Vendor::CiscoNxos => 40_000,
        // Cumulus Linux ships FRR with 100 Gbit/s; plain FRR uses 100 Mbit/s (assumed Cumulus).
        Vendor::Frr => 100_000,
        _ => 100,
    }
}

/// EOS gives every interface cost 10 unless `auto-cost reference-bandwidth` is configured
/// (confirmed: cost 10 on Ethernet2 in eos_ospf_bgp).
pub(crate) fn flat_cost_without_auto_cost(vendor: Vendor) -> Option<u32> {
    match vendor {
        Vendor::AristaEos => Some(10),
        _ => None,
    }
}

/// The cost of a loopback's host route. Cisco and Arista advertise it at cost 1 (their
/// loopbacks report 8 Gbit/s); FRR and Junos advertise loopback addresses at cost 0.
pub(crate) fn loopback_cost(vendor: Vendor) -> u32 {
    match vendor {
        Vendor::Frr | Vendor::Junos => 0,
        _ => 1,
    }
}

/// The bandwidth of an interface in kbit/s when nothing is configured, from its name and kind.
/// `None` for aggregates (their bandwidth is the sum of their members').
pub(crate) fn default_bandwidth_kbps(
    vendor: Vendor,
    name: &str,
    kind: InterfaceKind,
) -> Option<u64> {
    const M: u64 = 1_000;
    const G: u64 = 1_000_000;
    match kind {
        InterfaceKind::Loopback => return Some(8 * G),
        InterfaceKind::Aggregate => return None,
        InterfaceKind::Vlan => return Some(G),
        // IOS tunnels report 100 kbit/s (IOS 15+, CSCse69736).
        InterfaceKind::Tunnel if matches!(vendor, Vendor::CiscoIos | Vendor::CiscoIosXe) => {
            return Some(100);
        }
        _ => {}
    }
    let lower = name.to_ascii_lowercase();
    match vendor {
        // Every NX-OS and EOS Ethernet port is taken as 1 Gbit/s (NX-OS confirmed by the lab's
        // cost 40; the name does not tell a 10G from a 1G port).
        Vendor::CiscoNxos | Vendor::AristaEos
            if lower.starts_with("eth")
                || lower.starts_with("mgmt")
                || lower.starts_with("management") =>
        {
            return Some(G);
        }
        // FRR/Cumulus front-panel ports (swpN, ethN): 10 Gbit/s (assumed, as Batfish).
        Vendor::Frr => return Some(10 * G),
        Vendor::Junos => {
            let by_prefix = [
                ("ge-", G),
                ("xe-", 10 * G),
                ("et-", 100 * G),
                ("fe-", 100 * M),
            ];
            return Some(
                by_prefix
                    .iter()
                    .find(|(p, _)| lower.starts_with(p))
                    .map_or(G, |(_, bw)| *bw),
            );
        }
        _ => {}
    }
    // IOS, IOS-XE, IOS-XR: the name says the speed. Longest names first.
    let by_prefix: &[(&str, u64)] = &[
        ("fourhundredgig", 400 * G),
        ("hundredgig", 100 * G),
        ("fiftygig", 50 * G),
        ("fortygig", 40 * G),
        ("twentyfivegig", 25 * G),
        ("tengig", 10 * G),
        ("fivegig", 5 * G),
        ("twogig", 2_500 * M),
        ("gigabitethernet", G),
        ("gige", G),
        ("fastethernet", 100 * M),
        ("ethernet", 10 * M),
        ("serial", 1_544),
    ];
    if let Some((_, bw)) = by_prefix.iter().find(|(p, _)| lower.starts_with(p)) {
        return Some(*bw);
    }
    // Anything else (management ports, unknown names): cost 1 at any reference bandwidth.
    Some(1_000 * G)
}

/// The ECMP limit when `maximum-paths` is not configured.
pub(crate) fn default_maximum_paths(vendor: Vendor) -> usize {
    match vendor {
        Vendor::CiscoIos | Vendor::CiscoIosXe => 4,
        Vendor::CiscoNxos => 8,
        // EOS: the platform maximum (assumed 128).
        Vendor::AristaEos => 128,
        // IOS-XR: 16 (assumed; the platform maximum on small routers).
        Vendor::CiscoIosXr => 16,
        // FRR: MULTIPATH_NUM of the usual builds.
        Vendor::Frr => 64,
        Vendor::Junos => 16,
    }
}

/// What a redistribution statement takes routes from, for the default metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// BGP (and BGP aggregates).
    Bgp,
    /// Anything else.
    Other,
}

/// The external metric of redistributed routes when neither the statement nor a route-map sets
/// one. Cisco: "the cost allocated to the external route is 20 (the default is 1 for BGP)";
/// confirmed on IOS-XE, NX-OS (iosxe_redistribution, nxos_redistribution) and for BGP on EOS
/// (eos_ospf_bgp). EOS's other sources and IOS-XR are assumed to follow Cisco; FRR uses 20.
pub(crate) fn default_external_metric(vendor: Vendor, source: SourceKind) -> u32 {
    match (vendor, source) {
        (Vendor::Frr | Vendor::Junos, _) => 20,
        (_, SourceKind::Bgp) => 1,
        (_, SourceKind::Other) => 20,
    }
}

/// IOS and IOS-XE redistribute only classful networks into OSPF unless `subnets` is given.
pub(crate) fn needs_subnets_keyword(vendor: Vendor) -> bool {
    matches!(vendor, Vendor::CiscoIos | Vendor::CiscoIosXe)
}

/// Whether `redistribute bgp` takes iBGP routes on `device`: `bgp redistribute-internal`
/// when configured, else the vendor default. IOS and IOS-XE do not; NX-OS does (confirmed:
/// nxos_redistribution), as do EOS and FRR. Shared with IS-IS.
pub(crate) fn redistributes_ibgp(device: &routeproof_parser::ir::Device) -> bool {
    let configured = device
        .bgp
        .as_ref()
        .and_then(|b| b.options.redistribute_internal.as_ref());
    configured.map_or(
        !matches!(device.vendor, Vendor::CiscoIos | Vendor::CiscoIosXe),
        |c| c.value,
    )
}

/// Whether `redistribute` brings in a default route. IOS, IOS-XE, IOS-XR and FRR leave it to
/// `default-information originate`; NX-OS and EOS redistribute it like any other route.
pub(crate) fn redistributes_default_route(vendor: Vendor) -> bool {
    matches!(
        vendor,
        Vendor::CiscoNxos | Vendor::AristaEos | Vendor::Junos
    )
}

/// The metric of a default route EOS redistributes: always 1 (EOS documentation for
/// `redistribute` in OSPFv2).
pub(crate) fn redistributed_default_metric(vendor: Vendor) -> Option<u32> {
    matches!(vendor, Vendor::AristaEos).then_some(1)
}

/// IP MTU of an interface without `mtu` / `ip mtu`.
pub(crate) const DEFAULT_MTU: u32 = 1500;

/// Default hello interval on broadcast and point-to-point networks (seconds); the dead interval
/// defaults to four hellos.
pub(crate) const DEFAULT_HELLO: u32 = 10;

/// Default hello interval on non-broadcast and point-to-multipoint networks.
pub(crate) const DEFAULT_HELLO_NBMA: u32 = 30;

/// The metric of a default route from `default-information originate` without `metric`, and of
/// the type-7 default an NSSA ABR originates (IOS: 1).
pub(crate) const DEFAULT_ORIGINATE_METRIC: u32 = 1;

/// The cost of the default summary an ABR sends into a stub or totally stubby area without
/// `area X default-cost`.
pub(crate) const DEFAULT_STUB_COST: u32 = 1;

/// The cost of a link from a router in `max-metric router-lsa` (RFC 6987 MaxLinkMetric).
pub(crate) const MAX_LINK_METRIC: u32 = 0xFFFF;

/// Summary costs at or above this are unreachable (RFC 2328 LSInfinity).
pub(crate) const LS_INFINITY: u32 = 0xFF_FFFF;

#[cfg(test)]
mod tests {
    use super::*;

    /// The IOS bandwidths the issue names: GigabitEthernet 1G, FastEthernet 100M, Ethernet 10M,
    /// loopbacks 8G (cost 1 at any sane reference).
    #[test]
    fn ios_bandwidths_by_name() {
        let bw = |n: &str| {
            default_bandwidth_kbps(Vendor::CiscoIos, n, InterfaceKind::from_name(n)).unwrap()
        };
        assert_eq!(bw("GigabitEthernet0/0"), 1_000_000);
        assert_eq!(bw("FastEthernet0/1"), 100_000);
        assert_eq!(bw("Ethernet1/0"), 10_000);
        assert_eq!(bw("TenGigabitEthernet1/1"), 10_000_000);
        assert_eq!(bw("Loopback0"), 8_000_000);
        assert_eq!(
            default_bandwidth_kbps(Vendor::CiscoIos, "Port-channel1", InterfaceKind::Aggregate),
            None
        );
        // NX-OS Ethernet is 1G regardless of the name.
        assert_eq!(
            default_bandwidth_kbps(Vendor::CiscoNxos, "Ethernet1/1", InterfaceKind::Physical),
            Some(1_000_000)
        );
    }
}
