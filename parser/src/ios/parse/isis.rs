//! `router isis` mode (and its address-family sub-mode).

use nom::Parser;
use nom::branch::alt;
use nom::combinator::{opt, value};

use super::interface::level;
use super::ospf::redistribute;
use super::{In, full, kw, kws, malformed, num, opens, rest1, stmt, word};
use crate::ios::ast::{Isis, Stmt};
use crate::ios::bind::Parse;
use crate::ios::context::{AfName, Context};
use crate::ir::routing::IsisMetricStyle;

/// IS-IS process statements. `tag` is the process; `in_af` is true inside `address-family`.
pub(crate) fn parse<'a>(input: In<'a>, tag: &str, in_af: bool) -> Parse<Stmt<'a>> {
    let In { text, .. } = input;
    let neg = input.negated();
    let first = input.first();
    let isis = |s: Isis<'a>| stmt(Stmt::Isis(s));
    match first.as_ref() {
        "net" if !in_af => match full(text, (kw("net"), word)) {
            Some((_, net)) if !neg => isis(Isis::Net(net)),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("net needs a network entity title"),
        },
        "is-type" if !in_af => match full(text, (kw("is-type"), level)) {
            Some((_, l)) => isis(Isis::IsType(l)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("unknown is-type"),
        },
        "metric-style" => {
            let style = alt((
                value(IsisMetricStyle::Narrow, kw("narrow")),
                value(IsisMetricStyle::Wide, kw("wide")),
                value(IsisMetricStyle::Transition, kw("transition")),
            ));
            match full(text, (kw("metric-style"), style, opt(rest1))) {
                Some((_, s, _)) => isis(Isis::MetricStyle(s)),
                None if neg => stmt(Stmt::Benign),
                None => malformed("unknown metric-style"),
            }
        }
        "passive-interface" => match full(text, (kw("passive-interface"), word)) {
            Some((_, w)) if w.eq_ignore_ascii_case("default") => isis(Isis::Passive {
                interface: None,
                passive: !neg,
            }),
            Some((_, name)) => isis(Isis::Passive {
                interface: Some(name),
                passive: !neg,
            }),
            None => malformed("passive-interface needs an interface"),
        },
        "redistribute" => match redistribute(text) {
            Some(r) if !neg => isis(Isis::Redistribute(r)),
            Some(_) => stmt(Stmt::Benign),
            None => malformed("invalid redistribute"),
        },
        "set-overload-bit" => isis(Isis::Overload(!neg)),
        "default-information" => {
            let parsed = full(
                text,
                (
                    kws("default-information originate"),
                    opt(kw("always")),
                    opt((kw("route-map"), word).map(|(_, n)| n)),
                ),
            );
            match parsed {
                Some(_) if neg => stmt(Stmt::Benign),
                Some((_, always, route_map)) => isis(Isis::DefaultOriginate {
                    always: always.is_some(),
                    route_map,
                }),
                None => malformed("invalid default-information originate"),
            }
        }
        "maximum-paths" => match full(text, (kw("maximum-paths"), num::<u32>)) {
            Some((_, n)) => isis(Isis::MaximumPaths(n)),
            None if neg => stmt(Stmt::Benign),
            None => malformed("maximum-paths needs a number"),
        },
        "distance" => match full(text, (kw("distance"), num::<u8>, opt(rest1))) {
            Some((_, d, _)) => isis(Isis::Distance(d)),
            None => malformed("distance needs a number"),
        },
        "address-family" if !in_af => {
            let family = alt((
                value(AfName::Ipv4Unicast, (kw("ipv4"), opt(kw("unicast")))),
                value(AfName::Ipv6Unicast, (kw("ipv6"), opt(kw("unicast")))),
            ));
            match full(text, (kw("address-family"), family)) {
                Some((_, family)) if !neg => opens(
                    Stmt::Open(None),
                    Context::IsisAf {
                        tag: tag.to_owned(),
                        family,
                    },
                ),
                Some(_) => stmt(Stmt::Benign),
                None => malformed("unknown IS-IS address family"),
            }
        }
        "log-adjacency-changes"
        | "spf-interval"
        | "lsp-gen-interval"
        | "prc-interval"
        | "max-lsp-lifetime"
        | "lsp-refresh-interval"
        | "authentication"
        | "hostname"
        | "is-hostname"
        | "nsf"
        | "bfd"
        | "timers"
        | "area-password"
        | "domain-password"
        | "log-neighbor-changes"
        | "ignore-lsp-errors"
        | "multi-topology"
        | "fast-flood"
        | "lsp-mtu"
        | "spf"
        | "graceful-restart"
        | "router-id"
        | "mpls"
        | "fast-reroute"
        | "segment-routing"
        | "topology"
        | "purge-originator"
        | "lsp-timers"
        | "set-attached-bit"
        | "ispf"
        | "partition"
        | "log"
        | "description"
        | "nsr"
        | "microloop"
        | "hello"
        | "protocol"
        | "lsp"
        | "csnp" => stmt(Stmt::Benign),
        "advertise" => stmt(Stmt::Unsupported("isis advertise passive-only")),
        // Level-1 routers install a default towards an attached level-2 router unless told not.
        "ignore-attached-bit" => stmt(Stmt::Unsupported("isis ignore-attached-bit")),
        "metric" => stmt(Stmt::Unsupported("isis default metric")),
        "adjacency-check" => stmt(Stmt::Unsupported("isis adjacency-check")),
        "summary-address" => stmt(Stmt::Unsupported("isis summary-address")),
        "distribute-list" => stmt(Stmt::Unsupported("isis distribute-list")),
        "shutdown" => stmt(Stmt::Unsupported("isis shutdown")),
        _ => Parse::NotHere,
    }
}

#[cfg(test)]
mod tests {
    use crate::ios::context::Context;

    fn check(line: &str) -> String {
        let ctx = Context::RouterIsis { tag: "CORE".into() };
        super::super::check_line(&ctx, line)
    }

    #[test]
    fn isis_statements() {
        assert_eq!(
            check("net 49.0001.0000.0000.0001.00"),
            "Isis(Net(\"49.0001.0000.0000.0001.00\"))"
        );
        assert_eq!(check("is-type level-2-only"), "Isis(IsType(Level2))");
        assert_eq!(check("metric-style wide"), "Isis(MetricStyle(Wide))");
        assert!(
            check("redistribute bgp 64500 route-map X level-2").contains("level: Some(Level2)")
        );
        assert_eq!(check("set-overload-bit"), "Isis(Overload(true))");
        assert_eq!(check("neighbor 1.1.1.1 remote-as 1"), "NotHere");
    }

    #[test]
    fn unmodelled_process_settings_are_recorded() {
        assert_eq!(
            check("ignore-attached-bit"),
            "Unsupported(\"isis ignore-attached-bit\")"
        );
        assert_eq!(
            check("metric 12345"),
            "Unsupported(\"isis default metric\")"
        );
        assert!(check("redistribute static clns route-map X").contains("Other(\"clns\")"));
        assert!(check("address-family ipv6 unicast").contains("opens"));
        assert!(check("is-type level-3").starts_with("Malformed"));
    }
}
