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

    /// Whether `!` is the only comment character (`#` starts comments in FRR files).
    fn hash_comments(self) -> bool {
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
    match ctx {
        Context::Global => parse::global::parse(input),
        Context::Interface(_) => parse::interface::parse(input),
        Context::RouterOspf { .. } => parse::ospf::parse(input),
        Context::RouterIsis { tag } => parse::isis::parse(input, tag, false),
        Context::IsisAf { tag, .. } => parse::isis::parse(input, tag, true),
        Context::RouterBgp { .. } => parse::bgp::parse(input, Level::Process, None),
        Context::BgpVrf { vrf } => parse::bgp::parse(input, Level::Vrf, Some(vrf)),
        Context::BgpAf { vrf, .. } => {
            parse::bgp::parse(input, Level::AddressFamily, vrf.as_deref())
        }
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
    let lines = lines::split(text, dialect.hash_comments());
    let mut lowerer = lower::Lowerer::new(file, text, dialect);
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
    lowerer.run(&lines[start..], bind::Strictness::File);
    lowerer.finish(fallback_name)
}

/// The address family named by an `address-family` context.
pub(crate) fn ir_family(family: &AfName) -> Option<ir::AddressFamily> {
    match family {
        AfName::Ipv4Unicast => Some(ir::AddressFamily::Ipv4),
        AfName::Ipv6Unicast => Some(ir::AddressFamily::Ipv6),
        AfName::Other(_) => None,
    }
}
