//! Administrative distances: each vendor's defaults, overridable by configuration.

use routeproof_parser::ir::Vendor;

use crate::rib::Protocol;

/// The default administrative distance of `protocol` on `vendor` (`None`: an end host, which
/// only has connected and static routes).
pub fn default_distance(vendor: Option<Vendor>, protocol: Protocol) -> u8 {
    use Protocol as P;
    match vendor {
        Some(Vendor::Junos) => match protocol {
            P::Connected | P::Local => 0,
            P::Static => 5,
            P::Ospf | P::OspfInterArea => 10,
            P::OspfE1 | P::OspfE2 | P::OspfN1 | P::OspfN2 => 150,
            P::IsisL1 => 15,
            P::IsisL2 => 18,
            P::IsisEl1 => 160,
            P::IsisEl2 => 165,
            P::Bgp | P::Ibgp => 170,
            P::Aggregate => 130,
            // Junos has no EIGRP; Cisco's values keep the table total.
            P::Eigrp => 90,
            P::EigrpEx => 170,
        },
        Some(Vendor::AristaEos) => match protocol {
            P::Connected | P::Local => 0,
            P::Static => 1,
            P::Ospf | P::OspfInterArea | P::OspfE1 | P::OspfE2 | P::OspfN1 | P::OspfN2 => 110,
            P::IsisL1 | P::IsisL2 | P::IsisEl1 | P::IsisEl2 => 115,
            // EOS: `distance bgp 200 200 200` is the default (external routes too).
            P::Bgp | P::Ibgp | P::Aggregate => 200,
            // EOS has no EIGRP; Cisco's values keep the table total.
            P::Eigrp => 90,
            P::EigrpEx => 170,
        },
        _ => match protocol {
            P::Connected | P::Local => 0,
            P::Static => 1,
            P::Bgp => 20,
            P::Ospf | P::OspfInterArea | P::OspfE1 | P::OspfE2 | P::OspfN1 | P::OspfN2 => 110,
            P::IsisL1 | P::IsisL2 | P::IsisEl1 | P::IsisEl2 => 115,
            P::Ibgp | P::Aggregate => 200,
            // IOS, IOS-XE and NX-OS alike.
            P::Eigrp => 90,
            P::EigrpEx => 170,
        },
    }
}
