//! Canonical interface names: `Gi0/0`, `gig0/0` and `GigabitEthernet0/0` are the same port.

use super::Dialect;

/// Full interface type names, longest first within a shared prefix so that abbreviations pick
/// the common type (`Gi` is GigabitEthernet, `Eth` is Ethernet).
const TYPES: &[&str] = &[
    "GigabitEthernet",
    "FastEthernet",
    "TenGigabitEthernet",
    "TwentyFiveGigE",
    "FortyGigabitEthernet",
    "HundredGigE",
    "FourHundredGigE",
    "Ethernet",
    "Loopback",
    "Port-channel",
    "Bundle-Ether",
    "Vlan",
    "Tunnel",
    "Null",
    "Serial",
    "Management",
    "MgmtEth",
    "BDI",
    "Dialer",
    "Virtual-Template",
    "Vxlan",
    "nve",
];

/// Abbreviations that are not plain prefixes, or whose plain prefix is ambiguous.
const SPECIAL: &[(&str, &str)] = &[
    ("gi", "GigabitEthernet"),
    ("gig", "GigabitEthernet"),
    ("ge", "GigabitEthernet"),
    ("fa", "FastEthernet"),
    ("te", "TenGigabitEthernet"),
    ("ten", "TenGigabitEthernet"),
    ("tw", "TwentyFiveGigE"),
    ("fo", "FortyGigabitEthernet"),
    ("hu", "HundredGigE"),
    ("e", "Ethernet"),
    ("et", "Ethernet"),
    ("eth", "Ethernet"),
    ("lo", "Loopback"),
    ("po", "Port-channel"),
    ("be", "Bundle-Ether"),
    ("vl", "Vlan"),
    ("tu", "Tunnel"),
    ("nu", "Null"),
    ("se", "Serial"),
    ("ma", "Management"),
    ("mgmt", "mgmt"),
];

/// The canonical name of an interface as written in `dialect`.
///
/// Names of unknown types, and all FRR / Linux names (`swp1`, `eth0`, `lo`), are kept as
/// written: only the IOS-style type prefix is expanded and re-capitalised.
pub(crate) fn canonical_interface(name: &str, dialect: Dialect) -> String {
    if dialect == Dialect::Frr {
        return name.to_owned();
    }
    if dialect == Dialect::IosXr
        && let Some(xr) = xr_interface(name)
    {
        return xr;
    }
    let split = name
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(name.len());
    let (kind, rest) = name.split_at(split);
    if kind.is_empty() || rest.is_empty() && !kind.eq_ignore_ascii_case("null") {
        return name.to_owned();
    }
    // Compared without case, byte by byte (every interface line comes through here).
    let kind = kind.trim_end_matches([' ', '-']);
    let full = SPECIAL
        .iter()
        .find(|(abbr, _)| abbr.eq_ignore_ascii_case(kind))
        .map(|(_, full)| *full)
        .or_else(|| {
            let mut matches = TYPES.iter().filter(|t| {
                kind.len() >= 2
                    && t.as_bytes()
                        .get(..kind.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(kind.as_bytes()))
            });
            let first = matches.next()?;
            matches.next().is_none().then_some(*first)
        });
    let Some(full) = full else {
        return name.to_owned();
    };
    let full = match (full, dialect) {
        ("Port-channel", Dialect::Eos) => "Port-Channel",
        ("Ethernet", Dialect::IosXr) => "GigabitEthernet",
        (full, _) => full,
    };
    let rest = rest.trim_start();
    let mut canonical = String::with_capacity(full.len() + rest.len());
    canonical.push_str(full);
    canonical.push_str(rest);
    canonical
}

/// IOS-XR's interface types as it prints them, and the abbreviations it accepts.
const XR_TYPES: &[(&str, &[&str])] = &[
    ("GigabitEthernet", &["gi", "gig", "ge", "gigabitethernet"]),
    ("TenGigE", &["te", "ten", "tengige", "tengigabitethernet"]),
    ("TwentyFiveGigE", &["tf", "twentyfivegige"]),
    ("FortyGigE", &["fo", "fortygige", "fortygigabitethernet"]),
    ("FiftyGigE", &["fi", "fiftygige"]),
    (
        "HundredGigE",
        &["hu", "hundredgige", "hundredgigabitethernet"],
    ),
    ("TwoHundredGigE", &["th", "twohundredgige"]),
    ("FourHundredGigE", &["fh", "fourhundredgige"]),
    ("Bundle-Ether", &["be", "bundle-ether"]),
    ("Bundle-POS", &["bp", "bundle-pos"]),
    ("Loopback", &["lo", "loopback"]),
    ("Null", &["nu", "null"]),
    ("MgmtEth", &["mg", "mgmteth"]),
    ("BVI", &["bv", "bvi"]),
    ("tunnel-te", &["tt", "tunnel-te"]),
    ("tunnel-ip", &["ti", "tunnel-ip"]),
    ("POS", &["pos"]),
    ("Serial", &["se", "serial"]),
    ("nV-Loopback", &["nv-loopback"]),
];

/// The IOS-XR name of an interface (`Te0/0/0/1` is `TenGigE0/0/0/1`), when the type is one of
/// IOS-XR's.
fn xr_interface(name: &str) -> Option<String> {
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let (kind, rest) = name.split_at(split);
    let lower = kind.trim_end().to_ascii_lowercase();
    let full = XR_TYPES
        .iter()
        .find(|(_, forms)| forms.contains(&lower.as_str()))
        .map(|(full, _)| *full)?;
    Some(format!("{full}{}", rest.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_expand() {
        let ios = |n| canonical_interface(n, Dialect::Ios);
        assert_eq!(ios("Gi0/0"), "GigabitEthernet0/0");
        assert_eq!(ios("gigabitethernet0/0.100"), "GigabitEthernet0/0.100");
        assert_eq!(ios("Lo0"), "Loopback0");
        assert_eq!(ios("Loopback0"), "Loopback0");
        assert_eq!(ios("Null0"), "Null0");
        assert_eq!(ios("Po1"), "Port-channel1");
        assert_eq!(ios("FastEthernet 0/1"), "FastEthernet0/1");
        assert_eq!(canonical_interface("Et1", Dialect::Eos), "Ethernet1");
        assert_eq!(
            canonical_interface("Port-Channel10", Dialect::Eos),
            "Port-Channel10"
        );
        assert_eq!(canonical_interface("swp1", Dialect::Frr), "swp1");
        assert_eq!(ios("weird9"), "weird9");
    }

    #[test]
    fn iosxr_names() {
        let xr = |n| canonical_interface(n, Dialect::IosXr);
        assert_eq!(xr("TenGigE0/0/0/4"), "TenGigE0/0/0/4");
        assert_eq!(xr("Te0/0/0/4"), "TenGigE0/0/0/4");
        assert_eq!(xr("HundredGigE0/2/0/0.292"), "HundredGigE0/2/0/0.292");
        assert_eq!(xr("BE23"), "Bundle-Ether23");
        assert_eq!(xr("Bundle-Ether23.100"), "Bundle-Ether23.100");
        assert_eq!(xr("MgmtEth0/RP0/CPU0/0"), "MgmtEth0/RP0/CPU0/0");
        assert_eq!(xr("Gi0/0/0/0"), "GigabitEthernet0/0/0/0");
        assert_eq!(xr("Loopback0"), "Loopback0");
        assert_eq!(xr("Null0"), "Null0");
    }
}
