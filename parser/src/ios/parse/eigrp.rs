//! `router eigrp` mode: classic IOS (`router eigrp AS`, with `address-family ipv4 vrf V`
//! blocks) and NX-OS (`router eigrp TAG`, with `vrf V` and `address-family ipv4 unicast`
//! blocks). Named mode (`router eigrp NAME` on IOS) is recognised in global mode and recorded
//! as unsupported.

use nom::combinator::opt;

use super::ospf::{eigrp_metric, redistribute_into};
use super::{In, full, ipv4, kw, kws, malformed, num, opens, rest1, stmt, word};
use crate::ios::Dialect;
use crate::ios::ast::{Eigrp, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::Context;

/// EIGRP process statements; `tag` and `vrf` are the process's, `af` is true inside an
/// address family.
pub(crate) fn parse<'a>(input: In<'a>, tag: &str, vrf: Option<&str>, af: bool) -> Parse<Stmt<'a>> {
    let nested = vrf.is_some() || af;
    let In { text, dialect, .. } = input;
    let neg = input.negated();
    let first = input.first();
    let eigrp = |e: Eigrp<'a>| stmt(Stmt::Eigrp(e));
    let nxos = dialect == Dialect::CiscoNxos;
    match first.as_ref() {
        // NX-OS: the process's instance in a VRF.
        "vrf" if nxos && !nested => match full(text, (kw("vrf"), word)) {
            Some((_, name)) if !neg => opens(
                Stmt::Open(Some(name)),
                Context::RouterEigrp {
                    tag: tag.to_owned(),
                    vrf: Some(name.to_owned()),
                    af: false,
                },
            ),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("vrf needs a name"),
        },
        "address-family" if !af => address_family(input, tag, vrf),
        "autonomous-system" => match full(text, (kw("autonomous-system"), num::<u32>)) {
            Some((_, asn)) if !neg => eigrp(Eigrp::AutonomousSystem(asn)),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("autonomous-system needs a number"),
        },
        "eigrp" | "router-id" => {
            if let Some((_, _, id)) = full(text, (opt(kw("eigrp")), kw("router-id"), ipv4)) {
                return if neg {
                    stmt(Stmt::Benign)
                } else {
                    eigrp(Eigrp::RouterId(id))
                };
            }
            match text.split_whitespace().nth(1).map(super::lower).as_deref() {
                // Logging and timers.
                Some("log-neighbor-changes" | "log-neighbor-warnings" | "event-log-size")
                | Some("event-logging" | "event-type" | "default-route-tag") => stmt(Stmt::Benign),
                // A stub router advertises only some of its routes.
                Some("stub") => stmt(Stmt::Unsupported("eigrp stub")),
                _ => Parse::NotHere,
            }
        }
        "network" => {
            let parsed = full(text, (kw("network"), ipv4, opt(ipv4)));
            match parsed {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, address, wildcard)) => eigrp(Eigrp::Network {
                    address,
                    wildcard: wildcard.map_or_else(|| classful_wildcard(address), as_wildcard),
                }),
                None => malformed("network needs an address and an optional wildcard"),
            }
        }
        "passive-interface" => match full(text, (kw("passive-interface"), word)) {
            Some((_, w)) if w.eq_ignore_ascii_case("default") => eigrp(Eigrp::Passive {
                interface: None,
                passive: !neg,
            }),
            Some((_, name)) => eigrp(Eigrp::Passive {
                interface: Some(name),
                passive: !neg,
            }),
            None => malformed("passive-interface needs an interface or `default`"),
        },
        "redistribute" if super::starts(text, "redistribute maximum-prefix") => {
            stmt(Stmt::Unsupported("eigrp redistribute maximum-prefix"))
        }
        "redistribute" => match redistribute_into(text, true) {
            Some(_) if neg => stmt(Stmt::Benign),
            Some(r) => eigrp(Eigrp::Redistribute(r)),
            None => malformed("invalid redistribute"),
        },
        "default-metric" => {
            let words: Vec<&str> = text.split_whitespace().skip(1).collect();
            match eigrp_metric(&words) {
                _ if neg => stmt(Stmt::Benign),
                Some(m) => eigrp(Eigrp::DefaultMetric(m)),
                None => malformed("default-metric needs bandwidth, delay, reliability, load, mtu"),
            }
        }
        "distance" => {
            // IOS `distance eigrp I E`, NX-OS `distance I E`; IOS `distance D SOURCE WILDCARD`
            // sets the distance of routes from some neighbours only.
            let parsed = full(
                text,
                (kw("distance"), opt(kw("eigrp")), num::<u8>, num::<u8>),
            );
            match parsed {
                _ if neg => stmt(Stmt::Benign),
                Some((_, _, internal, external)) => eigrp(Eigrp::Distance { internal, external }),
                None if full(text, (kw("distance"), num::<u8>, ipv4, ipv4, opt(rest1)))
                    .is_some() =>
                {
                    stmt(Stmt::Unsupported("eigrp distance per source"))
                }
                None => malformed("distance needs an internal and an external distance"),
            }
        }
        "maximum-paths" => match full(text, (kw("maximum-paths"), num::<u32>)) {
            Some((_, n)) if !neg => eigrp(Eigrp::MaximumPaths(n)),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("maximum-paths needs a number"),
        },
        "shutdown" if full(text, kw("shutdown")).is_some() => eigrp(Eigrp::Shutdown(!neg)),
        "metric" => match text.split_whitespace().nth(1).map(super::lower).as_deref() {
            // The default K values (IOS `metric weights 0 1 0 1 0 0`, NX-OS without the ToS).
            Some("weights") if default_k_values(text) => stmt(Stmt::Benign),
            Some("weights") => stmt(Stmt::Unsupported("eigrp metric weights")),
            // Routes further than the hop limit (100 by default) are unreachable.
            Some("maximum-hops") => stmt(Stmt::Unsupported("eigrp metric maximum-hops")),
            _ => Parse::NotHere,
        },
        "log-neighbor-changes"
        | "log-neighbor-warnings"
        | "log-adjacency-changes"
        | "timers"
        | "nsf"
        | "graceful-restart"
        | "bfd"
        | "description" => stmt(Stmt::Benign),
        // Each of these changes what is advertised or accepted.
        "auto-summary" => stmt(Stmt::Unsupported("eigrp auto-summary")),
        "summary-address" => stmt(Stmt::Unsupported("eigrp summary-address")),
        "distribute-list" => stmt(Stmt::Unsupported("eigrp distribute-list")),
        "offset-list" => stmt(Stmt::Unsupported("eigrp offset-list")),
        "variance" => stmt(Stmt::Unsupported("eigrp variance")),
        "traffic-share" => stmt(Stmt::Unsupported("eigrp traffic-share")),
        "stub" => stmt(Stmt::Unsupported("eigrp stub")),
        "neighbor" => stmt(Stmt::Unsupported("eigrp static neighbor")),
        "default-information" => stmt(Stmt::Unsupported("eigrp default-information")),
        "authentication" => stmt(Stmt::Unsupported("eigrp authentication")),
        "topology" => stmt(Stmt::Unsupported("eigrp topology")),
        _ => Parse::NotHere,
    }
}

/// `address-family ipv4 ...` inside `router eigrp`: IOS `address-family ipv4 [unicast] vrf V
/// [autonomous-system N]` opens the VRF's instance (its AS is read from the line when the
/// block is lowered); NX-OS `address-family ipv4 unicast` is the process itself. IPv6 and
/// other families are not modelled.
fn address_family<'a>(input: In<'a>, tag: &str, vrf: Option<&str>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    if input.negated() {
        return stmt(Stmt::Benign);
    }
    let ipv4 = (kws("address-family ipv4"), opt(kw("unicast")));
    if let Some((_, _, _, name, _)) = full(
        text,
        (
            ipv4,
            kw("vrf"),
            opt(kw("unicast")),
            word,
            opt((kw("autonomous-system"), num::<u32>)),
        ),
    ) && vrf.is_none()
        && dialect != Dialect::CiscoNxos
    {
        return opens(
            Stmt::Open(Some(name)),
            Context::RouterEigrp {
                tag: tag.to_owned(),
                vrf: Some(name.to_owned()),
                af: true,
            },
        );
    }
    if dialect == Dialect::CiscoNxos
        && full(text, (kws("address-family ipv4"), kw("unicast"))).is_some()
    {
        // The statements of the family are the process's (or the VRF block's) own.
        return opens(
            Stmt::Open(None),
            Context::RouterEigrp {
                tag: tag.to_owned(),
                vrf: vrf.map(str::to_owned),
                af: true,
            },
        );
    }
    opens(
        Stmt::Unsupported("eigrp address family"),
        Context::Ignored("unsupported routing process"),
    )
}

/// The wildcard of a `network A` statement without one: the classful network of `A`.
fn classful_wildcard(address: std::net::Ipv4Addr) -> std::net::Ipv4Addr {
    let len = match address.octets()[0] {
        0..=127 => 8,
        128..=191 => 16,
        _ => 24,
    };
    std::net::Ipv4Addr::from(u32::MAX >> len)
}

/// IOS takes a subnet mask given where a wildcard belongs (`network 10.0.0.0 255.0.0.0`) as
/// the wildcard it means.
fn as_wildcard(mask: std::net::Ipv4Addr) -> std::net::Ipv4Addr {
    let bits = u32::from(mask);
    let contiguous_mask = bits.leading_ones() + bits.trailing_zeros() == 32;
    let contiguous_wildcard = bits.leading_zeros() + bits.trailing_ones() == 32;
    if contiguous_mask && !contiguous_wildcard {
        std::net::Ipv4Addr::from(!bits)
    } else {
        mask
    }
}

/// `metric weights TOS K1 K2 K3 K4 K5 [K6]` with K1 = K3 = 1 and the others 0.
fn default_k_values(text: &str) -> bool {
    let values: Vec<&str> = text.split_whitespace().skip(2).collect();
    matches!(
        values.as_slice(),
        ["0", "1", "0", "1", "0", "0"]
            | ["0", "1", "0", "1", "0", "0", "0"]
            | ["1", "0", "1", "0", "0"]
    )
}

#[cfg(test)]
mod tests {
    use crate::ios::context::Context;

    fn check(line: &str) -> String {
        let ctx = Context::RouterEigrp {
            tag: "1".into(),
            vrf: None,
            af: false,
        };
        super::super::check_line(&ctx, line)
    }

    #[test]
    fn classic_statements() {
        assert_eq!(
            check("network 10.13.21.0 0.0.0.255"),
            "Eigrp(Network { address: 10.13.21.0, wildcard: 0.0.0.255 })"
        );
        // Without a wildcard: the classful network; a mask is taken as the wildcard it means.
        assert_eq!(
            check("network 10.0.0.0"),
            "Eigrp(Network { address: 10.0.0.0, wildcard: 0.255.255.255 })"
        );
        assert_eq!(
            check("network 192.168.1.0 255.255.255.0"),
            "Eigrp(Network { address: 192.168.1.0, wildcard: 0.0.0.255 })"
        );
        assert_eq!(
            check("network 192.168.123.3 0.0.0.0"),
            "Eigrp(Network { address: 192.168.123.3, wildcard: 0.0.0.0 })"
        );
        assert_eq!(
            check("eigrp router-id 192.168.123.3"),
            "Eigrp(RouterId(192.168.123.3))"
        );
        assert_eq!(
            check("no passive-interface GigabitEthernet1"),
            "Eigrp(Passive { interface: Some(\"GigabitEthernet1\"), passive: false })"
        );
        assert_eq!(
            check("distance eigrp 80 160"),
            "Eigrp(Distance { internal: 80, external: 160 })"
        );
        assert_eq!(check("maximum-paths 2"), "Eigrp(MaximumPaths(2))");
        assert!(check("default-metric 1000 100 255 1 1500").contains("bandwidth_kbps: 1000"));
        assert_eq!(check("eigrp log-neighbor-changes"), "Benign");
        assert_eq!(check("no auto-summary"), "Benign");
        assert_eq!(check("metric weights 0 1 0 1 0 0"), "Benign");
    }

    #[test]
    fn redistribution_takes_the_five_metric_values() {
        let got =
            check("redistribute connected metric 1000 100 255 1 1500 route-map redist_connected");
        assert!(got.contains("source: Connected"), "{got}");
        assert!(
            got.contains("route_map: Some(\"redist_connected\")"),
            "{got}"
        );
        assert!(
            got.contains("bandwidth_kbps: 1000, delay_tens_us: 100"),
            "{got}"
        );
        assert!(check("redistribute bgp 65001 metric 800 100").starts_with("Malformed"));
        assert!(check("redistribute eigrp 2").contains("Eigrp(2)"));
    }

    #[test]
    fn unmodelled_settings_are_recorded() {
        for (line, feature) in [
            ("auto-summary", "eigrp auto-summary"),
            ("variance 2", "eigrp variance"),
            ("eigrp stub connected", "eigrp stub"),
            ("distribute-list prefix X in", "eigrp distribute-list"),
            (
                "summary-address 10.0.0.0 255.0.0.0",
                "eigrp summary-address",
            ),
            ("metric weights 0 1 1 1 0 0", "eigrp metric weights"),
            ("distance 90 10.0.0.1 0.0.0.0", "eigrp distance per source"),
            (
                "neighbor 10.0.0.1 GigabitEthernet1",
                "eigrp static neighbor",
            ),
        ] {
            assert_eq!(check(line), format!("Unsupported(\"{feature}\")"), "{line}");
        }
    }

    #[test]
    fn nxos_blocks() {
        assert_eq!(
            check("nxos: vrf BLUE"),
            "Open(Some(\"BLUE\")) opens RouterEigrp { tag: \"1\", vrf: Some(\"BLUE\"), af: false }"
        );
        assert_eq!(
            check("nxos: autonomous-system 65000"),
            "Eigrp(AutonomousSystem(65000))"
        );
        assert_eq!(
            check("nxos: distance 80 160"),
            "Eigrp(Distance { internal: 80, external: 160 })"
        );
        assert_eq!(
            check("nxos: address-family ipv4 unicast"),
            "Open(None) opens RouterEigrp { tag: \"1\", vrf: None, af: true }"
        );
        assert!(check("nxos: address-family ipv6 unicast").starts_with("Unsupported"));
        assert_eq!(
            check("address-family ipv4 vrf RED autonomous-system 10"),
            "Open(Some(\"RED\")) opens RouterEigrp { tag: \"1\", vrf: Some(\"RED\"), af: true }"
        );
    }
}
