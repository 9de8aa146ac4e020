//! Cumulus Linux concatenated configuration files: a hostname line, the
//! `/etc/network/interfaces` file, `ports.conf`, then `frr.conf`. Batfish reads them this way, and
//! the lab corpus stores Cumulus devices so. Interface addresses and VRF membership live in the
//! interfaces part, so it must be read for the FRR part to make sense.

use std::ops::Range;

use super::lines::{Line, LineKind};
use super::lower::Lowerer;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::Spanned;
use crate::ir::interface::{Interface, InterfaceAddress};

/// Where the parts of a concatenated file are (line indices).
#[derive(Debug)]
pub(crate) struct Sections {
    /// The line holding only the hostname, when present.
    pub(crate) hostname: Option<usize>,
    /// The interfaces file.
    pub(crate) interfaces: Range<usize>,
    /// First line of the FRR part.
    pub(crate) frr_start: usize,
}

const INTERFACES_MARKER: &str = "# This file describes the network interfaces";
const PORTS_MARKER: &str = "# ports.conf --";

impl Sections {
    /// Finds the parts, or `None` when this is a plain frr.conf.
    pub(crate) fn find(lines: &[Line<'_>]) -> Option<Sections> {
        let start = lines
            .iter()
            .position(|l| l.text.starts_with(INTERFACES_MARKER))?;
        let ports = lines
            .iter()
            .position(|l| l.text.starts_with(PORTS_MARKER))
            .unwrap_or(start);
        let frr_start = lines
            .iter()
            .enumerate()
            .skip(ports.max(start))
            .find(|(_, l)| l.text.starts_with("frr version") || l.text.starts_with("frr defaults"))
            .map(|(i, _)| i)
            .unwrap_or(lines.len());
        let hostname = lines[..start]
            .iter()
            .position(|l| l.kind == LineKind::Command && !l.text.contains(' '));
        let interfaces_end = if ports > start { ports } else { frr_start };
        Some(Sections {
            hostname,
            interfaces: start..interfaces_end,
            frr_start,
        })
    }
}

/// Reads `iface` stanzas: addresses, VRF membership, VRF devices, descriptions.
pub(crate) fn lower_interfaces(lines: &[Line<'_>], lowerer: &mut Lowerer<'_>) {
    let mut current: Option<String> = None;
    for line in lines {
        if line.kind != LineKind::Command || line.text.starts_with('#') {
            continue;
        }
        let span = lowerer.line_span(line);
        let words: Vec<&str> = line.text.split_whitespace().collect();
        match words.as_slice() {
            ["auto", ..] | ["source", ..] | ["source-directory", ..] | ["allow-hotplug", ..] => {}
            ["iface", name, ..] => {
                let name = (*name).to_owned();
                lowerer
                    .device_mut()
                    .interfaces
                    .entry(name.clone())
                    .or_insert_with(|| Interface::new(name.clone(), span));
                if words.contains(&"dhcp") {
                    lowerer
                        .device_mut()
                        .unsupported
                        .push(crate::ir::Unsupported {
                            feature: "dynamic interface address".into(),
                            scope: Some(format!("interface {name}")),
                            span,
                        });
                }
                current = Some(name);
            }
            ["address", addr] => {
                let Some(name) = &current else { continue };
                match addr.parse::<ipnet::IpNet>() {
                    Ok(net) => {
                        if let Some(i) = lowerer.device_mut().interfaces.get_mut(name) {
                            let secondary = i
                                .addresses
                                .iter()
                                .any(|a| a.address.addr().is_ipv4() == net.addr().is_ipv4());
                            i.addresses.push(InterfaceAddress {
                                address: net,
                                secondary,
                                span,
                            });
                        }
                    }
                    Err(_) => lowerer.diagnostic(Diagnostic::new(
                        Code::InvalidLine,
                        Severity::Warning,
                        span,
                        "invalid interface address",
                    )),
                }
            }
            ["vrf", vrf] => {
                let Some(name) = &current else { continue };
                let vrf = Spanned::new((*vrf).to_owned(), span);
                if let Some(i) = lowerer.device_mut().interfaces.get_mut(name) {
                    i.vrf = Some(vrf);
                }
            }
            ["vrf-table", ..] => {
                // This interface is the VRF device itself: define the VRF.
                let Some(name) = current.clone() else {
                    continue;
                };
                let device = lowerer.device_mut();
                device.interfaces.remove(&name);
                device
                    .vrfs
                    .entry(name.clone())
                    .or_insert_with(|| crate::ir::Vrf {
                        name,
                        span,
                        ..crate::ir::Vrf::default()
                    });
            }
            ["alias", ..] => {
                let Some(name) = &current else { continue };
                // The words were split on Unicode whitespace, so the line may start with
                // some (a no-break space) before `alias`: strip it the same way rather than
                // slicing at a byte count, which panicked inside a multi-byte character.
                let text = line
                    .text
                    .trim_start()
                    .strip_prefix("alias")
                    .unwrap_or_default()
                    .trim()
                    .trim_matches('"')
                    .to_owned();
                if let Some(i) = lowerer.device_mut().interfaces.get_mut(name) {
                    i.description = Some(Spanned::new(text, span));
                }
            }
            ["mtu", mtu] => {
                let Some(name) = &current else { continue };
                if let (Some(i), Ok(mtu)) =
                    (lowerer.device_mut().interfaces.get_mut(name), mtu.parse())
                {
                    i.mtu = Some(Spanned::new(mtu, span));
                }
            }
            ["link-speed", speed] => {
                let Some(name) = &current else { continue };
                if let (Some(i), Ok(speed)) =
                    (lowerer.device_mut().interfaces.get_mut(name), speed.parse())
                {
                    i.speed_mbps = Some(Spanned::new(speed, span));
                }
            }
            ["bond-slaves", ..]
            | ["bridge-ports", ..]
            | ["bridge-vids", ..]
            | ["bridge-pvid", ..]
            | ["bridge-vlan-aware", ..]
            | ["bridge-access", ..]
            | ["vlan-id", ..]
            | ["vlan-raw-device", ..]
            | ["vxlan-id", ..]
            | ["vxlan-local-tunnelip", ..]
            | ["bridge-learning", ..]
            | ["bridge-arp-nd-suppress", ..]
            | ["mstpctl-portadminedge", ..]
            | ["mstpctl-bpduguard", ..]
            | ["mstpctl-portbpdufilter", ..]
            | ["hwaddress", ..]
            | ["post-up", ..]
            | ["pre-up", ..]
            | ["post-down", ..]
            | ["pre-down", ..]
            | ["up", ..]
            | ["down", ..]
            | ["gateway", ..]
            | ["link-autoneg", ..]
            | ["link-duplex", ..]
            | ["clagd-peer-ip", ..]
            | ["clagd-backup-ip", ..]
            | ["clagd-sys-mac", ..]
            | ["clagd-priority", ..]
            | ["clag-id", ..]
            | ["bond-mode", ..]
            | ["bond-lacp-rate", ..]
            | ["bond-min-links", ..]
            | ["bond-miimon", ..]
            | ["bond-lacp-bypass-allow", ..]
            | ["mstpctl-treeprio", ..]
            | ["netmask", ..]
            | ["broadcast", ..]
            | ["dns-nameservers", ..]
            | ["dns-search", ..]
            | ["ip-forward", ..]
            | ["ip6-forward", ..] => {}
            ["address-virtual", ..] => {
                if let Some(name) = &current {
                    lowerer
                        .device_mut()
                        .unsupported
                        .push(crate::ir::Unsupported {
                            feature: "first-hop redundancy".into(),
                            scope: Some(format!("interface {name}")),
                            span,
                        });
                }
            }
            _ => lowerer.diagnostic(Diagnostic::new(
                Code::UnrecognisedLine,
                Severity::Warning,
                span,
                "unrecognised line in the interfaces file",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ios::{Dialect, parse_device};
    use crate::source::{FileId, Sources};

    /// Parses a Cumulus concatenated file and prints the IR and diagnostics.
    fn check(text: &str) -> String {
        let mut sources = Sources::new();
        let file: FileId = sources.add("leaf.cfg", text);
        let (device, diagnostics) = parse_device(file, text, Dialect::Frr, "leaf");
        let mut out = crate::ir::print::device(&device, &sources);
        for d in diagnostics {
            out.push_str(&format!("! {}\n", d.message));
        }
        out
    }

    /// Found by the `cumulus` fuzz target: an `alias` line indented with no-break spaces
    /// (U+00A0, two bytes each in UTF-8) panicked on a byte slice inside a character. Expected:
    /// the alias is the interface's description.
    #[test]
    fn alias_after_unicode_whitespace() {
        let got = check(
            "leaf9\n# This file describes the network interfaces\niface swp2\n \u{a0}\u{a0}alias to spine1\n    address 10.0.7.1/31\n",
        );
        assert!(got.contains("description to spine1 @4"), "{got}");
    }

    #[test]
    fn interfaces_file_then_frr() {
        let got = check(
            "leaf9\n# This file describes the network interfaces\nauto lo\niface lo inet loopback\n    address 10.255.0.9/32\niface swp1\n    address 10.0.0.1/31\n    address 2001:db8::1/64\n    vrf RED\n    frobnicate yes\niface RED\n    vrf-table auto\niface eth0 inet dhcp\n# ports.conf --\n1=4x10G\nfrr version 4.0\nhostname leaf9\nrouter bgp 65009\n neighbor swp1 interface remote-as external\n",
        );
        assert!(got.starts_with("device leaf9 (frr)"), "{got}");
        assert!(got.contains("vrf RED"), "{got}");
        assert!(got.contains("address 10.0.0.1/31"), "{got}");
        assert!(got.contains("address 2001:db8::1/64"), "{got}");
        assert!(
            got.contains("unsupported dynamic interface address"),
            "{got}"
        );
        assert!(got.contains("neighbor swp1"), "{got}");
        assert!(
            got.contains("! unrecognised line in the interfaces file"),
            "{got}"
        );
        // The VRF device is not an interface.
        assert!(!got.contains("interface RED"), "{got}");
    }
}
