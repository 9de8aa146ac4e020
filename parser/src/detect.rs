//! Vendor detection: an explicit header first, then content heuristics.
//!
//! Order of evidence: a RANCID `!RANCID-CONTENT-TYPE:` or Batfish `!BATFISH_FORMAT:` line wins;
//! then unmistakable markers of a system (Cumulus' concatenated file, Junos braces or `set`
//! lines, EOS' `! device:` banner, NX-OS `feature` lines, IOS-XR `end-policy`); then the generic
//! IOS shape. A file that matches nothing has no known vendor: the caller reports it (exit 2).

use crate::ios::Dialect;

/// What a configuration file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// An IOS-family dialect.
    Ios(Dialect),
    /// Juniper Junos, hierarchical (braces).
    JunosHierarchical,
    /// Juniper Junos, `set` lines.
    JunosSet,
}

impl Format {
    /// A short stable name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ios(d) => d.vendor().name(),
            Format::JunosHierarchical => "junos",
            Format::JunosSet => "junos-set",
        }
    }
}

/// Detects the format of `text`, or `None` when it is not a configuration routeproof knows.
pub fn detect(text: &str) -> Option<Format> {
    let head: Vec<&str> = text.lines().take(5000).collect();
    for line in head.iter().take(30) {
        let lower = line.trim().to_ascii_lowercase();
        let header = lower
            .strip_prefix("!rancid-content-type:")
            .or_else(|| lower.strip_prefix("#rancid-content-type:"))
            .or_else(|| lower.strip_prefix("!batfish_format:"))
            .or_else(|| lower.strip_prefix("#batfish_format:"));
        if let Some(kind) = header {
            return from_header(kind.trim());
        }
    }
    let has = |needle: &str| head.iter().any(|l| l.contains(needle));
    let starts = |prefix: &str| head.iter().any(|l| l.trim_start().starts_with(prefix));
    // Cisco ASA / PIX and F5 BIG-IP look IOS-like in places (`hostname`, `interface`, an imish
    // section) but are other systems: reading them as IOS would invent routers that do not exist.
    if starts("ASA Version") || starts("PIX Version") || starts("#TMSH-VERSION") {
        return None;
    }
    if has("# This file describes the network interfaces")
        || starts("frr version")
        || starts("frr defaults")
    {
        return Some(Format::Ios(Dialect::Frr));
    }
    let commands: Vec<&str> = head
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .collect();
    if commands.is_empty() {
        return None;
    }
    let set_lines = commands
        .iter()
        .filter(|l| {
            l.starts_with("set ") || l.starts_with("deactivate ") || l.starts_with("delete ")
        })
        .count();
    if set_lines * 2 > commands.len() {
        return Some(Format::JunosSet);
    }
    let braces = commands
        .iter()
        .filter(|l| l.ends_with('{') || *l == &"}")
        .count();
    if braces * 4 > commands.len() && !has("end-policy") {
        return Some(Format::JunosHierarchical);
    }
    if has("! device: ") && (has("EOS-") || has("vEOS") || has("cEOS"))
        || has(".swi")
        || starts("ip community-list regexp")
        || starts("vrf instance")
        || starts("management api http-commands")
        || starts("daemon TerminAttr")
        || starts("transceiver qsfp default-mode")
    {
        return Some(Format::Ios(Dialect::Eos));
    }
    if starts("end-policy")
        || starts("end-set")
        || starts("interface Bundle-Ether")
        || starts("ipv4 access-list")
        || has("!! IOS XR")
        || starts("router static")
        || head.iter().any(|l| l.starts_with(" ipv4 address "))
    {
        return Some(Format::Ios(Dialect::IosXr));
    }
    if starts("feature ")
        || starts("boot nxos")
        || starts("vrf context ")
        || has("bootflash:n")
        || has("!Command: show running-config") && has("version 9.")
        || starts("system default switchport")
    {
        return Some(Format::Ios(Dialect::CiscoNxos));
    }
    let ios_shape = commands.iter().any(|l| {
        l.starts_with("hostname ")
            || l.starts_with("interface ")
            || l.starts_with("router ")
            || l.starts_with("ip route ")
            || l.starts_with("version ")
    });
    if !ios_shape {
        return None;
    }
    let xe = head.iter().any(|l| {
        let l = l.trim();
        l.starts_with("version 16.")
            || l.starts_with("version 17.")
            || l.starts_with("license udi pid CSR")
            || l.starts_with("platform ")
    });
    Some(Format::Ios(if xe { Dialect::IosXe } else { Dialect::Ios }))
}

fn from_header(kind: &str) -> Option<Format> {
    Some(match kind {
        "cisco" | "cisco_ios" | "ios" => Format::Ios(Dialect::Ios),
        "cisco_ios_xe" | "ios-xe" | "iosxe" => Format::Ios(Dialect::IosXe),
        "cisco-nx" | "cisco_nx" | "cisco_nxos" | "nxos" => Format::Ios(Dialect::CiscoNxos),
        "cisco-xr" | "cisco_xr" | "cisco_ios_xr" | "iosxr" => Format::Ios(Dialect::IosXr),
        "arista" | "arista_eos" | "eos" => Format::Ios(Dialect::Eos),
        "cumulus" | "cumulus_concatenated" | "frr" | "cumulus_nclu" => Format::Ios(Dialect::Frr),
        "juniper" | "junos" | "juniper_srx" | "flat-juniper" | "flat_juniper" => {
            Format::JunosHierarchical
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_win() {
        assert_eq!(
            detect("!RANCID-CONTENT-TYPE: arista\nhostname x\n"),
            Some(Format::Ios(Dialect::Eos))
        );
        assert_eq!(
            detect("!RANCID-CONTENT-TYPE: cisco-nx\nfeature bgp\n"),
            Some(Format::Ios(Dialect::CiscoNxos))
        );
    }

    #[test]
    fn content_heuristics() {
        assert_eq!(
            detect("!\nversion 15.2\nhostname r1\n"),
            Some(Format::Ios(Dialect::Ios))
        );
        assert_eq!(
            detect("version 17.3\nhostname r1\n"),
            Some(Format::Ios(Dialect::IosXe))
        );
        assert_eq!(
            detect("! device: np01 (vEOS, EOS-4.23.0.1F)\nhostname np01\n"),
            Some(Format::Ios(Dialect::Eos))
        );
        assert_eq!(
            detect("frr version 8.1\nhostname r1\n"),
            Some(Format::Ios(Dialect::Frr))
        );
        assert_eq!(
            detect("feature bgp\nhostname n1\n"),
            Some(Format::Ios(Dialect::CiscoNxos))
        );
        assert_eq!(
            detect("set system host-name r1\nset interfaces ge-0/0/0 unit 0\n"),
            Some(Format::JunosSet)
        );
        assert_eq!(
            detect("system {\n  host-name r1;\n}\ninterfaces {\n}\n"),
            Some(Format::JunosHierarchical)
        );
        assert_eq!(detect("hello world\n"), None);
        assert_eq!(
            detect("ASA Version 9.9\nhostname fw\ninterface Gi0/1\n"),
            None
        );
        assert_eq!(
            detect("#TMSH-VERSION: 13.1.1\nsys global-settings {\n"),
            None
        );
        assert_eq!(detect(""), None);
    }
}
