//! The IOS family: Cisco IOS / IOS-XE, Arista EOS, FRR (and Cumulus), NX-OS and IOS-XR as
//! dialects of one line-oriented grammar.
//!
//! Pipeline for one file: [`lines`] splits the text into lines with indentation and spans;
//! [`bind`] replays the device's mode stack to decide which context each line lands in (and
//! reports mode slips); [`parse`] holds the nom grammars of each context, producing the small
//! AST of [`ast`]; [`lower`] turns the bound statements into an [`ir::Device`](crate::ir::Device).
//! [`names`] canonicalises interface names, [`context`] lists the modes, and [`cumulus`] reads
//! the `/etc/network/interfaces` part of Cumulus' concatenated files.

pub(crate) mod ast;
pub(crate) mod bind;
pub(crate) mod context;
pub(crate) mod cumulus;
pub(crate) mod lines;
pub(crate) mod lower;
pub(crate) mod names;
pub(crate) mod parse;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::ir;
use crate::source::FileId;
use ast::{AclKind, Stmt};
use bind::{Parse, Polarity};
use context::{AfName, Context};
use parse::In;
use parse::bgp::Level;

/// A dialect of the IOS family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Dialect {
    /// Cisco IOS.
    Ios,
    /// Cisco IOS-XE.
    IosXe,
    /// Arista EOS.
    Eos,
    /// FRRouting (frr.conf, Cumulus concatenated files, SONiC).
    Frr,
    /// Cisco NX-OS.
    CiscoNxos,
    /// Cisco IOS-XR.
    IosXr,
}

impl Dialect {
    /// The vendor recorded in the IR.
    pub fn vendor(self) -> ir::Vendor {
        match self {
            Dialect::Ios => ir::Vendor::CiscoIos,
            Dialect::IosXe => ir::Vendor::CiscoIosXe,
            Dialect::Eos => ir::Vendor::AristaEos,
            Dialect::Frr => ir::Vendor::Frr,
            Dialect::CiscoNxos => ir::Vendor::CiscoNxos,
            Dialect::IosXr => ir::Vendor::CiscoIosXr,
        }
    }

    /// Whether `#` also starts comments (it does in FRR files; `!` always does).
    pub(crate) fn hash_comments(self) -> bool {
        self == Dialect::Frr
    }
}

/// Parses one line's text (without indentation and `no`/`default`) in context `ctx`.
pub(crate) fn parse_line<'a>(
    ctx: &Context,
    text: &'a str,
    polarity: Polarity,
    dialect: Dialect,
) -> Parse<Stmt<'a>> {
    let input = In {
        text,
        polarity,
        dialect,
    };
    match parse_in_context(ctx, input) {
        Parse::Stmt { stmt, .. } if polarity != Polarity::Set => Parse::Stmt {
            stmt: negated(stmt),
            // `no` and `default` lines never enter a mode (`no router ospf 10` removes it).
            opens: None,
        },
        other => other,
    }
}

/// What a `no X` / `default X` line means in a configuration file, where it can only state that
/// X is absent (`show run all` prints such defaults): nothing is added. An unmodelled feature
/// that is off is what the verifier assumes; statements whose negation changes behaviour
/// (`no ip routing`, `no shutdown`, `no neighbor X activate`) carry it themselves.
fn negated(stmt: Stmt<'_>) -> Stmt<'_> {
    match stmt {
        Stmt::Unsupported(_)
        | Stmt::Open(_)
        | Stmt::Hostname(_)
        | Stmt::StaticRoute(_)
        | Stmt::PrefixList(_)
        | Stmt::CommunityList(_)
        | Stmt::AsPathList(_)
        | Stmt::AclLine(..)
        | Stmt::FibRouteMap(_)
        | Stmt::Description(_) => Stmt::Benign,
        other => other,
    }
}

fn parse_in_context<'a>(ctx: &Context, input: In<'a>) -> Parse<Stmt<'a>> {
    let In { text, dialect, .. } = input;
    // IOS-XR hook: its own grammar decides first where IOS-XR differs (`parse::xr`).
    if dialect == Dialect::IosXr
        && let Some(parsed) = parse::xr::parse(ctx, input)
    {
        return parsed;
    }
    match ctx {
        Context::Global => parse::global::parse(input),
        Context::Interface(_) => parse::interface::parse(input),
        Context::RouterOspf { id, vrf } => parse::ospf::parse(input, id, vrf.as_deref()),
        Context::RouterIsis { tag } => parse::isis::parse(input, tag, false),
        Context::IsisAf { tag, .. } => parse::isis::parse(input, tag, true),
        Context::RouterEigrp { tag, vrf, af } => {
            parse::eigrp::parse(input, tag, vrf.as_deref(), *af)
        }
        Context::RouterBgp { .. } => parse::bgp::parse(input, Level::Process, None),
        Context::BgpVrf { vrf } => parse::bgp::parse(input, Level::Vrf, Some(vrf)),
        Context::BgpAf { vrf, .. } => {
            parse::bgp::parse(input, Level::AddressFamily, vrf.as_deref())
        }
        Context::BgpPeer { vrf, name, kind } => {
            parse::bgp::peer_block(input, vrf.as_deref(), name, *kind, false)
        }
        Context::BgpPeerAf {
            vrf, name, kind, ..
        } => parse::bgp::peer_block(input, vrf.as_deref(), name, *kind, true),
        Context::RouteMap { .. } => parse::policy::route_map(input),
        Context::Acl { standard, ipv6, .. } => parse::acl::parse(
            input,
            AclKind {
                standard: *standard,
                ipv6: *ipv6,
            },
        ),
        Context::PrefixListBlock { ipv6, .. } => parse::policy::prefix_list_block(input, "", *ipv6),
        Context::Vrf { name } => match parse::vrf::parse(input, name, false) {
            // NX-OS `vrf context` and FRR `vrf` blocks hold the VRF's static routes.
            Parse::NotHere
                if matches!(dialect, Dialect::CiscoNxos | Dialect::Frr)
                    && (parse::starts(text, "ip route") || parse::starts(text, "ipv6 route")) =>
            {
                parse::global::parse(input)
            }
            other => other,
        },
        Context::VrfAf { name, .. } => parse::vrf::parse(input, name, true),
        // IOS-XR contexts: only the IOS-XR grammar knows them (above).
        Context::XrStatic { .. }
        | Context::XrOspfArea { .. }
        | Context::XrOspfInterface { .. }
        | Context::XrIsisInterface { .. }
        | Context::XrIsisInterfaceAf { .. }
        | Context::XrRoutePolicy { .. }
        | Context::XrSet { .. }
        | Context::XrRouteTargets { .. } => Parse::NotHere,
        Context::Ignored(_) | Context::Unrecognised => Parse::NotHere,
    }
}

/// Parses one IOS-family configuration file into a device. Never fails.
///
/// `fallback_name` names the device when the configuration has no hostname.
pub(crate) fn parse_device(
    file: FileId,
    text: &str,
    dialect: Dialect,
    fallback_name: &str,
) -> (ir::Device, Vec<Diagnostic>) {
    // Without change replay nobody reads the placements: not recording them saves a large
    // vector and a clone of every context a line opens.
    let placed = parse_lines(file, text, dialect, fallback_name, false);
    (placed.device, placed.diagnostics)
}

/// A parsed file together with where each of its lines was placed.
pub(crate) struct Placed<'a> {
    /// The device.
    pub(crate) device: ir::Device,
    /// The parser's diagnostics.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The file's lines.
    pub(crate) lines: Vec<lines::Line<'a>>,
    /// Lines before this index are not IOS-style configuration (Cumulus' interfaces section).
    pub(crate) start: usize,
    /// For each line from `start` on, where the binder placed it.
    pub(crate) placements: Vec<bind::Placement>,
}

/// Parses one IOS-family configuration file and keeps the placement of every line, for
/// change replay.
pub(crate) fn parse_device_placed<'a>(
    file: FileId,
    text: &'a str,
    dialect: Dialect,
    fallback_name: &str,
) -> Placed<'a> {
    parse_lines(file, text, dialect, fallback_name, true)
}

/// Parses one IOS-family file; `placements` says whether to record where each line went
/// (otherwise [`Placed::placements`] is empty).
fn parse_lines<'a>(
    file: FileId,
    text: &'a str,
    dialect: Dialect,
    fallback_name: &str,
    placements: bool,
) -> Placed<'a> {
    let (lines, unterminated_banner) = lines::split_checked(text, dialect.hash_comments());
    let mut lowerer = lower::Lowerer::new(file, text, dialect);
    if let Some(opener) = unterminated_banner.and_then(|i| lines.get(i)) {
        let span = lowerer.line_span(opener);
        lowerer.diagnostic(
            Diagnostic::new(
                crate::diagnostic::Code::UnterminatedBanner,
                crate::diagnostic::Severity::Warning,
                span,
                "this banner is never closed; the rest of the file is read as its text",
            )
            .with_help("Close the banner with the delimiter it opens with (often `^C`)."),
        );
    }
    let mut start = 0;
    if dialect == Dialect::Frr
        && let Some(sections) = cumulus::Sections::find(&lines)
    {
        cumulus::lower_interfaces(&lines[sections.interfaces.clone()], &mut lowerer);
        if let Some(name) = sections.hostname {
            lowerer.set_hostname_from_line(&lines[name]);
        }
        start = sections.frr_start;
    }
    // FRR states its version (`frr version 8.4.1`); some defaults depend on it.
    if dialect == Dialect::Frr
        && let Some(line) = lines.iter().find(|l| l.text.starts_with("frr version "))
    {
        lowerer.set_os_version_from_line(line);
    }
    let placements = lowerer.run(&lines[start..], bind::Strictness::File, placements);
    let (device, diagnostics) = lowerer.finish(fallback_name);
    Placed {
        device,
        diagnostics,
        lines,
        start,
        placements,
    }
}

/// The address family named by an `address-family` context.
pub(crate) fn ir_family(family: &AfName) -> Option<ir::AddressFamily> {
    match family {
        AfName::Ipv4Unicast => Some(ir::AddressFamily::Ipv4),
        AfName::Ipv6Unicast => Some(ir::AddressFamily::Ipv6),
        AfName::Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    //! Parsing never fails and never panics, whatever the input: garbage built from the
    //! grammar's own keywords (so it gets deep into the productions), multi-byte text, stray
    //! indentation, CR, tabs and banner delimiters, in every dialect. Every span stays inside
    //! the text.

    use proptest::prelude::*;

    use super::*;

    const WORDS: &[&str] = &[
        "interface",
        "router",
        "bgp",
        "ospf",
        "isis",
        "neighbor",
        "remote-as",
        "route-map",
        "permit",
        "deny",
        "ip",
        "ipv6",
        "address",
        "route",
        "prefix-list",
        "seq",
        "ge",
        "le",
        "eq",
        "vrf",
        "address-family",
        "ipv4",
        "unicast",
        "exit",
        "exit-address-family",
        "end",
        "no",
        "default",
        "network",
        "area",
        "redistribute",
        "match",
        "set",
        "community",
        "access-list",
        "extended",
        "standard",
        "host",
        "any",
        "tcp",
        "udp",
        "range",
        "neq",
        "template",
        "peer",
        "inherit",
        "peer-group",
        "banner",
        "motd",
        "^C",
        "EOF",
        "vni",
        "exit-vni",
        "exit-vrf",
        "context",
        "member",
        "hsrp",
        "evpn",
        "feature",
        "1",
        "65000",
        "10.0.0.1",
        "255.255.255.0",
        "10.0.0.0/8",
        "2001:db8::/32",
        "Gi0/0",
        "swp1",
        "é",
        "ü€",
        "#",
        "!",
        "\t",
        "\r",
        "4294967296",
        "0.0.0.0",
        "/",
        "-",
        "route-target",
        "maximum-paths",
        "always",
        "interface-peer",
        // IOS-XR.
        "route-policy",
        "end-policy",
        "prefix-set",
        "community-set",
        "as-path-set",
        "end-set",
        "if",
        "then",
        "elseif",
        "else",
        "endif",
        "pass",
        "drop",
        "done",
        "apply",
        "destination",
        "in",
        "matches-any",
        "matches-every",
        "as-path",
        "neighbor-is",
        "'1 [2..3]'",
        "ios-regex",
        "(",
        ")",
        ",",
        "$p",
        "le",
        "static",
        "neighbor-group",
        "use",
        "af-group",
        "session-group",
        "root",
        "passive",
        "enable",
        "cost",
        "point-to-point",
        "Bundle-Ether1",
        "bundle",
        "id",
    ];

    fn line() -> impl Strategy<Value = String> {
        (
            0usize..6,
            prop::collection::vec(prop::sample::select(WORDS), 0..8),
        )
            .prop_map(|(indent, words)| format!("{}{}", " ".repeat(indent), words.join(" ")))
    }

    fn config() -> impl Strategy<Value = String> {
        prop::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\n"))
    }

    fn check(text: &str) {
        let file = FileId(0);
        for dialect in [
            Dialect::Ios,
            Dialect::IosXe,
            Dialect::Eos,
            Dialect::Frr,
            Dialect::CiscoNxos,
            Dialect::IosXr,
        ] {
            let (device, diagnostics) = parse_device(file, text, dialect, "fallback");
            let inside = |span: crate::source::Span| {
                span.start <= span.end && span.end as usize <= text.len()
            };
            for d in &diagnostics {
                assert!(inside(d.span), "{d:?} in {text:?}");
            }
            for r in &device.references {
                assert!(inside(r.span), "{r:?} in {text:?}");
            }
            for u in &device.unsupported {
                assert!(inside(u.span), "{u:?} in {text:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn keyword_garbage_never_panics(text in config()) {
            check(&text);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
            check(&text);
        }
    }

    #[test]
    fn negations_in_a_file_configure_nothing() {
        // `no X` in a file states that X is absent; it must not add X (these used to add a
        // static route, a prefix-list entry and a community-list entry, and to open OSPF).
        let text = "hostname r1\nno ip route 10.0.0.0 255.0.0.0 1.1.1.1\nno ip prefix-list P seq 5 permit 10.0.0.0/8\nno ip community-list standard C permit 65000:1\nno ip as-path access-list 1 permit ^$\nno router ospf 1\nno ip routing\n";
        let (device, diagnostics) = parse_device(FileId(0), text, Dialect::Ios, "r1");
        assert!(device.static_routes.is_empty());
        assert!(device.prefix_lists.is_empty());
        assert!(device.community_lists.is_empty());
        assert!(device.as_path_lists.is_empty());
        assert!(device.ospf.is_empty());
        assert_eq!(device.ip_routing.get("").map(|r| r.value), Some(false));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn known_traps() {
        for text in [
            "",
            "né\nnoé x\ndéfault y\n",
            "banner motd ^C",
            "banner",
            "router bgp 1\n neighbor 1.1.1.1\n  address-family ipv4 unicast\n   route-map\n",
            "router bgp 1\n template peer\n vrf\n  neighbor 10.0.0.0/8 remote-as route-map\n",
            "interface\n ip address\nip route\nip route 1.1.1.1\nip route 1.1.1.1/32 Loopback\n",
            "access-list 1 permit\naccess-list\nip access-list extended X\n permit tcp any any neq\n",
            " exit-address-family\nexit-vrf\nexit-vni\nend\nend\n",
            "\t\t\t\n\r\n \r",
        ] {
            check(text);
        }
    }
}
