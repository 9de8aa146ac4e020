//! VRF definition mode (`vrf definition`, `ip vrf`, `vrf instance`, `vrf context`, FRR `vrf`).

use nom::branch::alt;
use nom::combinator::{opt, value};

use super::global::BENIGN_IP;
use super::{In, full, kw, malformed, opens, rest1, stmt, word};
use crate::ios::Dialect;
use crate::ios::ast::{Stmt, Vrf};
use crate::ios::bind::Parse;
use crate::ios::context::{AfName, Context};

/// Statements of a VRF definition; `name` is the VRF, `in_af` true inside its address family.
pub(crate) fn parse<'a>(input: In<'a>, name: &str, in_af: bool) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let first = input.first();
    match first.as_ref() {
        "rd" if !in_af => match full(text, (kw("rd"), word)) {
            Some((_, rd)) if !input.negated() => stmt(Stmt::Vrf(Vrf::Rd(rd))),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("rd needs a value"),
        },
        "route-target" => {
            let dir = alt((
                value((true, false), kw("import")),
                value((false, true), kw("export")),
                value((true, true), kw("both")),
            ));
            match full(text, (kw("route-target"), opt(dir), word, opt(rest1))) {
                Some(_) if input.negated() => stmt(Stmt::Benign),
                Some((_, dir, target, _)) => {
                    let (import, export) = dir.unwrap_or((true, true));
                    stmt(Stmt::Vrf(Vrf::RouteTarget {
                        import,
                        export,
                        target,
                    }))
                }
                None => malformed("route-target needs a value"),
            }
        }
        "description" => match full(text, (kw("description"), rest1)) {
            Some((_, d)) => stmt(Stmt::Description(d)),
            None => stmt(Stmt::Benign),
        },
        "address-family" if !in_af => {
            let family = alt((
                value(AfName::Ipv4Unicast, (kw("ipv4"), opt(kw("unicast")))),
                value(AfName::Ipv6Unicast, (kw("ipv6"), opt(kw("unicast")))),
            ));
            match full(text, (kw("address-family"), family)) {
                Some((_, family)) => opens(
                    Stmt::Open(None),
                    Context::VrfAf {
                        name: name.to_owned(),
                        family,
                    },
                ),
                None => malformed("unknown address family"),
            }
        }
        "vnid" | "vni" | "l3vni" | "mdt" | "maximum" | "vpn" => stmt(Stmt::Benign),
        "import" | "export" => stmt(Stmt::Unsupported("vrf route leaking")),
        // NX-OS `vrf context` holds the VRF's DNS, multicast and static-route settings (static
        // routes are parsed by the global grammar, see `ios::parse_line`).
        "ip" if !in_af
            && input.dialect == Dialect::CiscoNxos
            && text
                .split_whitespace()
                .nth(1)
                .is_some_and(|w| BENIGN_IP.contains(&w.to_ascii_lowercase().as_str())) =>
        {
            stmt(Stmt::Benign)
        }
        // A shut VRF forwards nothing.
        "shutdown" if !in_af && input.negated() => stmt(Stmt::Benign),
        "shutdown" if !in_af => stmt(Stmt::Unsupported("vrf shutdown")),
        _ => Parse::NotHere,
    }
}

#[cfg(test)]
mod tests {
    use crate::ios::context::Context;

    fn check(line: &str) -> String {
        let ctx = Context::Vrf { name: "RED".into() };
        super::super::check_line(&ctx, line)
    }

    #[test]
    fn vrf_definitions() {
        assert_eq!(check("rd 65000:1"), "Vrf(Rd(\"65000:1\"))");
        assert_eq!(
            check("route-target both 65000:1"),
            "Vrf(RouteTarget { import: true, export: true, target: \"65000:1\" })"
        );
        assert_eq!(
            check("route-target export 65000:2"),
            "Vrf(RouteTarget { import: false, export: true, target: \"65000:2\" })"
        );
        assert_eq!(
            check("address-family ipv4 unicast"),
            "Open(None) opens VrfAf { name: \"RED\", family: Ipv4Unicast }"
        );
        assert!(check("address-family l2vpn").starts_with("Malformed"));
        assert!(check("rd").starts_with("Malformed"));
        assert_eq!(
            check("description red tenant"),
            "Description(\"red tenant\")"
        );
        assert_eq!(
            check("import map LEAK"),
            "Unsupported(\"vrf route leaking\")"
        );
    }

    #[test]
    fn nxos_vrf_context() {
        // NX-OS keeps static routes, DNS and multicast settings in `vrf context`.
        let route = check("nxos: ip route 10.0.0.0/8 10.1.1.1");
        assert!(route.starts_with("StaticRoute("), "{route}");
        assert_eq!(check("nxos: ip domain-name example.net"), "Benign");
        assert_eq!(check("nxos: shutdown"), "Unsupported(\"vrf shutdown\")");
        assert_eq!(check("nxos: no shutdown"), "Benign");
        assert_eq!(check("nxos: vni 50001"), "Benign");
        // IOS `vrf definition` has no static routes of its own.
        assert_eq!(check("ip route 10.0.0.0 255.0.0.0 10.1.1.1"), "NotHere");
        // FRR `vrf RED` does.
        assert!(check("frr: ip route 10.0.0.0/8 10.1.1.1").starts_with("StaticRoute("));
    }
}
