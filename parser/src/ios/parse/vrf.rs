//! VRF definition mode (`vrf definition`, `ip vrf`, `vrf instance`, `vrf context`, FRR `vrf`).

use nom::branch::alt;
use nom::combinator::{opt, value};

use super::{In, full, kw, malformed, opens, rest1, stmt, word};
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
        "vnid" | "vni" | "l3vni" | "mdt" | "maximum" | "export-ignore" | "import-ignore"
        | "ip-ignore" | "vpn" | "shutdown-ignore" | "netconf-ignore" => stmt(Stmt::Benign),
        "import" | "export" => stmt(Stmt::Unsupported("vrf route leaking")),
        _ => Parse::NotHere,
    }
}
