//! Lowering: bound IOS-family statements into an [`ir::Device`]. The only way into the IR.
//!
//! [`Lowerer::run`] drives the [`Binder`] over the lines, turns every binding into either a
//! diagnostic or a call to [`Lowerer::apply`], which writes the statement into the device under
//! construction. [`Lowerer::finish`] resolves BGP peer-group inheritance and names the device.
//! IOS-XR statements are lowered in [`xr`] (with its route-policy compiler in `xr::policy`).

mod xr;

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::ast::{self, Bgp, BgpOption, NeighborSetting, Stmt};
use super::bind::{Binder, Bound, Frame, Placement, Strictness};
use super::context::{Context, PeerBlock};
use super::lines::Line;
use super::names::canonical_interface;
use super::parse::global::route_map_action;
use super::{Dialect, ir_family, parse_line};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::interface::{Interface, InterfaceAddress, Vrf};
use crate::ir::policy::{
    AsPathList, AsPathListEntry, ClauseResult, CommunityList, CommunityListEntry, PolicyClause,
    PolicyMatch, PolicySet, PrefixList, PrefixListEntry, PrefixRange, RoutePolicy,
};
use crate::ir::routing::{
    BgpAggregate, BgpNeighbor, BgpNeighborAf, BgpNetwork, BgpPeer, BgpProcess, BgpVrf,
    DefaultOriginate, IsisLevel, IsisProcess, MaximumPrefix, OspfNetwork, OspfProcess,
    Redistribution, RouteSource, StaticNextHop, StaticRoute,
};
use crate::ir::{self, AddressFamily, Reference, Span, Spanned, StructureKind};
use crate::source::FileId;

/// Builds one device from its lines.
pub(crate) struct Lowerer<'a> {
    file: FileId,
    text: &'a str,
    dialect: Dialect,
    device: ir::Device,
    diagnostics: Vec<Diagnostic>,
    hostname: Option<Spanned<String>>,
    /// FRR unnumbered peers (`neighbor swp1 interface ...`), per BGP VRF.
    interface_peers: BTreeSet<(String, String)>,
    /// The diagnostic of the unrecognised block being absorbed, to extend its span.
    open_unknown_block: Option<(usize, usize)>,
    /// The last mode slip: (diagnostic index, context opener, indentation parent, lines), so
    /// that a run of lines slipping the same way reads as one finding.
    last_slip: Option<(usize, Option<usize>, Option<usize>, usize)>,
    /// What IOS-XR statements leave to be resolved at the end of the file (`lower::xr`).
    xr: xr::XrState<'a>,
    /// The interface whose lines are being lowered, with its key, taken out of
    /// `device.interfaces` so that each of its lines does not search the map again (devices
    /// have many thousands of interfaces, each with several lines). Only interface lines touch
    /// it; [`Lowerer::put_back`] returns it to the map before anything else does.
    open_interface: Option<(String, Interface)>,
}

impl<'a> Lowerer<'a> {
    /// A lowerer for `text` (file `file`).
    pub(crate) fn new(file: FileId, text: &'a str, dialect: Dialect) -> Lowerer<'a> {
        let device = ir::Device {
            file,
            vendor: dialect.vendor(),
            ..ir::Device::default()
        };
        Lowerer {
            file,
            text,
            dialect,
            device,
            diagnostics: Vec::new(),
            hostname: None,
            interface_peers: BTreeSet::new(),
            open_unknown_block: None,
            last_slip: None,
            xr: xr::XrState::default(),
            open_interface: None,
        }
    }

    /// Returns the interface taken out by [`Lowerer::interface_mut`] to `device.interfaces`.
    fn put_back(&mut self) {
        if let Some((name, interface)) = self.open_interface.take() {
            self.device.interfaces.insert(name, interface);
        }
    }

    /// The interface named `name` (canonical), taken out of `device.interfaces` until another
    /// one or anything else is lowered; when `new` is given, created with it if missing.
    fn interface_mut(
        &mut self,
        name: &str,
        new: Option<&dyn Fn() -> Interface>,
    ) -> Option<&mut Interface> {
        if self.open_interface.as_ref().is_some_and(|(n, _)| n != name) {
            self.put_back();
        }
        if self.open_interface.is_none() {
            self.open_interface = match self.device.interfaces.remove_entry(name) {
                Some(entry) => Some(entry),
                None => new.map(|new| (name.to_owned(), new())),
            };
        }
        self.open_interface.as_mut().map(|(_, interface)| interface)
    }

    /// The span of `s`, which must be a slice of this file's text (else the empty span at 0).
    pub(crate) fn span(&self, s: &str) -> Span {
        let base = self.text.as_ptr() as usize;
        let ptr = s.as_ptr() as usize;
        if ptr >= base && ptr + s.len() <= base + self.text.len() {
            Span::new(self.file, ptr - base, ptr - base + s.len())
        } else {
            Span::new(self.file, 0, 0)
        }
    }

    /// The span of a line's text.
    pub(crate) fn line_span(&self, line: &Line<'_>) -> Span {
        Span::new(self.file, line.offset, line.offset + line.text.len())
    }

    /// Mutable access for other lowering helpers of the family (Cumulus interfaces).
    pub(crate) fn device_mut(&mut self) -> &mut ir::Device {
        self.put_back();
        &mut self.device
    }

    /// Records a diagnostic.
    pub(crate) fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Takes the hostname from a line that is only the name (Cumulus' concatenated files).
    pub(crate) fn set_hostname_from_line(&mut self, line: &Line<'a>) {
        let span = self.line_span(line);
        self.hostname = Some(Spanned::new(line.text.to_owned(), span));
    }

    /// Records the software version from a version line (`frr version 8.4.1`): the text after
    /// the `version` keyword.
    pub(crate) fn set_os_version_from_line(&mut self, line: &Line<'a>) {
        let span = self.line_span(line);
        let version = line
            .text
            .split_whitespace()
            .skip_while(|w| !w.eq_ignore_ascii_case("version"))
            .nth(1);
        if let Some(version) = version {
            self.device.os_version = Some(Spanned::new(version.to_owned(), span));
        }
    }

    /// Binds and lowers every line and, when `record` is set, says where each line was placed
    /// (change replay rebuilds the configuration as a tree from that; without `record` the
    /// result is empty).
    pub(crate) fn run(
        &mut self,
        lines: &[Line<'a>],
        strictness: Strictness,
        record: bool,
    ) -> Vec<Placement> {
        let mut binder = Binder::new(lines, strictness);
        let dialect = self.dialect;
        // The first `end` of a run of them, until a configuration line follows.
        let mut after_end: Option<Span> = None;
        let mut placements = Vec::with_capacity(if record { lines.len() } else { 0 });
        for index in 0..lines.len() {
            let bound = {
                let device = &self.device;
                binder.bind(
                    lines,
                    index,
                    &mut |ctx, text, polarity| parse_line(ctx, text, polarity, dialect),
                    &mut |ctx| vet(dialect, || device, ctx),
                )
            };
            let line = &lines[index];
            if record {
                placements.push(binder.placement(&bound, line));
            }
            let span = self.line_span(line);
            match &bound {
                Bound::Comment => {}
                Bound::Exit if line.text.eq_ignore_ascii_case("end") => {
                    after_end.get_or_insert(span);
                }
                _ => {
                    if let Some(end) = after_end.take()
                        && strictness == Strictness::File
                    {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::AfterEnd,
                                Severity::Warning,
                                span,
                                "configuration continues after `end`",
                            )
                            .with_label(end, "configuration mode ends here")
                            .with_help(
                                "A device leaves configuration mode at `end`; when this file is pasted or merged, the lines after it are not configuration. They are read as configuration here.",
                            ),
                        );
                    }
                }
            }
            match bound {
                Bound::Comment | Bound::Exit => {}
                Bound::Absorbed(opener) => {
                    if let Some((diag, block)) = self.open_unknown_block
                        && block == opener
                    {
                        self.diagnostics[diag].span.end = span.end;
                    }
                }
                Bound::Unknown {
                    depth,
                    opens_block,
                    under,
                } => {
                    let ctx = binder.frame(depth).ctx.describe();
                    let message = match under {
                        Some(parent) => format!(
                            "unrecognised block under `{}` in {ctx}",
                            lines.get(parent).map_or("", |l| l.text)
                        ),
                        None if opens_block => format!("unrecognised block in {ctx}"),
                        None => format!("unrecognised line in {ctx}"),
                    };
                    self.diagnostics.push(Diagnostic::new(
                        Code::UnrecognisedLine,
                        Severity::Warning,
                        span,
                        message,
                    ));
                    if opens_block {
                        self.open_unknown_block =
                            Some((self.diagnostics.len() - 1, under.unwrap_or(index)));
                    }
                }
                Bound::Malformed(reason) => self.diagnostics.push(Diagnostic::new(
                    Code::InvalidLine,
                    Severity::Warning,
                    span,
                    format!("invalid line: {reason}"),
                )),
                Bound::Rejected(reason) => self.diagnostics.push(
                    Diagnostic::new(
                        Code::RejectedLine,
                        Severity::Warning,
                        span,
                        format!("the device rejects this line: {reason}"),
                    )
                    .with_help(
                        "The mode does not change, so the lines after it bind to the previous context.",
                    ),
                ),
                Bound::Stmt { stmt, depth, opened, slip } => {
                    match slip {
                        Some(indent_parent) => {
                            self.report_slip(lines, binder.stack(), depth, indent_parent, span)
                        }
                        None => self.last_slip = None,
                    }
                    self.apply(binder.stack(), depth, opened, stmt, line);
                }
            }
        }
        placements
    }

    fn report_slip(
        &mut self,
        lines: &[Line<'a>],
        stack: &[Frame],
        depth: usize,
        indent_parent: Option<usize>,
        span: Span,
    ) {
        let frame = &stack[depth];
        let ctx = frame.ctx.describe();
        // Consecutive lines that slip the same way are one mistake: extend its diagnostic.
        if let Some((index, opener, parent, count)) = &mut self.last_slip
            && *opener == frame.opener
            && *parent == indent_parent
            && let Some(previous) = self.diagnostics.get_mut(*index)
        {
            *count += 1;
            previous.span.end = span.end;
            previous.message =
                format!("{count} lines bind to {ctx}, not where their indentation puts them");
            return;
        }
        let mut diagnostic = Diagnostic::new(
            Code::ModeSlip,
            Severity::Warning,
            span,
            format!("line binds to {ctx}, not where its indentation puts it"),
        );
        if let Some(opener) = frame.opener {
            diagnostic = diagnostic.with_label(
                self.line_span(&lines[opener]),
                format!("the device applies it to {ctx}"),
            );
        }
        if let Some(parent) = indent_parent {
            diagnostic = diagnostic.with_label(
                self.line_span(&lines[parent]),
                "its indentation places it under this line",
            );
        }
        diagnostic = diagnostic.with_help(
            "An `exit` (or `exit-address-family`) is probably missing, or the line that should open the intended context was rejected.",
        );
        self.diagnostics.push(diagnostic);
        self.last_slip = Some((self.diagnostics.len() - 1, frame.opener, indent_parent, 1));
    }

    fn reference(
        &mut self,
        kind: StructureKind,
        name: &str,
        usage: impl Into<String>,
        fallback: Span,
    ) {
        let span = match self.span(name) {
            s if s.is_empty() => fallback,
            s => s,
        };
        // Interfaces are keyed by canonical name (`Gi0/0`, `Loopback 66` are written forms), so
        // their references are too; the span still points at what was written.
        let name = match kind {
            StructureKind::Interface => canonical_interface(name, self.dialect),
            _ => name.to_owned(),
        };
        self.device.references.push(Reference {
            kind,
            name,
            usage: usage.into(),
            span,
        });
    }

    fn unsupported(&mut self, feature: &str, scope: Option<String>, span: Span) {
        self.device.unsupported.push(ir::Unsupported {
            feature: feature.to_owned(),
            scope,
            span,
        });
    }

    /// Lowers one bound statement. `stack[depth]` is the context it bound to; when `opened`,
    /// the context it opened is on top of the stack.
    fn apply(
        &mut self,
        stack: &[Frame],
        depth: usize,
        opened: bool,
        stmt: Stmt<'a>,
        line: &Line<'a>,
    ) {
        let span = self.line_span(line);
        let ctx = if opened {
            &stack[stack.len() - 1].ctx
        } else {
            &stack[depth].ctx
        };
        if !matches!(ctx, Context::Interface(_)) {
            self.put_back();
        }
        match stmt {
            Stmt::Benign => {}
            Stmt::Unsupported(feature) => {
                // A line that opens an opaque block (`hsrp 10`) is scoped by where it is.
                let scope = scope_of(ctx).or_else(|| scope_of(&stack[depth].ctx));
                self.unsupported(feature, scope, span);
            }
            Stmt::Open(name) => self.open(ctx, name, line, span),
            Stmt::FibRouteMap(route_map) => {
                self.reference(
                    StructureKind::RoutePolicy,
                    route_map,
                    "ip protocol route-map",
                    span,
                );
                self.unsupported("route-map on routes installed in the fib", None, span);
            }
            Stmt::Hostname(name) => {
                self.hostname = Some(Spanned::new(name.to_owned(), span));
            }
            Stmt::IpRouting(on, vrf) => {
                self.device
                    .ip_routing
                    .insert(vrf.unwrap_or("").to_owned(), Spanned::new(on, span));
            }
            Stmt::Ipv6Routing(on, vrf) => {
                self.device
                    .ipv6_routing
                    .insert(vrf.unwrap_or("").to_owned(), Spanned::new(on, span));
            }
            Stmt::StaticRoute(route) => self.static_route(ctx, route, span),
            Stmt::PrefixList(entry) => self.prefix_list(ctx, entry, span),
            Stmt::CommunityList(entry) => {
                let list = self
                    .device
                    .community_lists
                    .entry(entry.name.to_owned())
                    .or_insert_with(|| CommunityList {
                        name: entry.name.to_owned(),
                        span,
                        entries: Vec::new(),
                    });
                list.entries.push(CommunityListEntry {
                    action: entry.action,
                    matcher: entry.matcher,
                    span,
                });
            }
            Stmt::AsPathList(entry) => {
                let list = self
                    .device
                    .as_path_lists
                    .entry(entry.name.to_owned())
                    .or_insert_with(|| AsPathList {
                        name: entry.name.to_owned(),
                        span,
                        entries: Vec::new(),
                    });
                list.entries.push(AsPathListEntry {
                    action: entry.action,
                    regex: entry.regex.to_owned(),
                    span,
                });
            }
            Stmt::AclLine(name, kind, mut acl_line) => {
                let name: &str = match (name, ctx) {
                    (Some(n), _) => n,
                    (None, Context::Acl { name, .. }) => name,
                    _ => return,
                };
                acl_line.span = span;
                if let Some(what) = &acl_line.unsupported {
                    self.unsupported(what, Some(format!("acl {name}")), span);
                }
                let map = if kind.ipv6 {
                    &mut self.device.acls_v6
                } else {
                    &mut self.device.acls
                };
                let new = || ir::Acl {
                    name: name.to_owned(),
                    family: if kind.ipv6 {
                        AddressFamily::Ipv6
                    } else {
                        AddressFamily::Ipv4
                    },
                    standard: kind.standard,
                    span,
                    lines: Vec::new(),
                };
                if let Some(acl) = named(map, name, new) {
                    insert_acl_line(acl, acl_line);
                }
            }
            Stmt::Interface(setting) => {
                if let Context::Interface(name) = ctx {
                    if opened {
                        // FRR `interface swp1 vrf RED` opens the interface and sets its VRF.
                        self.interface_mut(name, Some(&|| Interface::new(name.clone(), span)));
                    }
                    self.interface(name, setting, span);
                }
            }
            Stmt::Description(text) => {
                let value = Some(Spanned::new(text.to_owned(), span));
                match ctx {
                    Context::Interface(name) => {
                        if let Some(i) = self.interface_mut(name, None) {
                            i.description = value;
                        }
                    }
                    Context::Vrf { name } => {
                        if let Some(v) = self.device.vrfs.get_mut(name) {
                            v.description = value;
                        }
                    }
                    _ => {}
                }
            }
            Stmt::Ospf(setting) => self.ospf(ctx, setting, span),
            Stmt::Isis(setting) => self.isis(ctx, setting, span),
            Stmt::Eigrp(setting) => self.eigrp(ctx, setting, span),
            Stmt::Bgp(setting) => self.bgp(ctx, setting, span),
            Stmt::Match(m) => self.policy_match(ctx, m, span),
            Stmt::Set(s) => self.policy_set(ctx, s, span),
            Stmt::Continue(seq) => {
                if let Some(clause) = self.clause(ctx)
                    && clause.result == ClauseResult::Permit
                {
                    clause.result = ClauseResult::Continue(seq);
                }
            }
            Stmt::Vrf(setting) => self.vrf(ctx, setting, span),
            Stmt::Xr(setting) => self.xr(ctx, setting, line, span),
        }
    }

    fn open(&mut self, ctx: &Context, name: Option<&'a str>, line: &Line<'a>, span: Span) {
        match ctx {
            Context::Interface(canonical) => {
                self.interface_mut(canonical, Some(&|| Interface::new(canonical.clone(), span)));
            }
            Context::RouterOspf { id, vrf } => {
                if self.ospf_process(id, vrf.as_deref()).is_none() {
                    self.device.ospf.push(OspfProcess {
                        id: id.clone(),
                        vrf: vrf.clone(),
                        span,
                        ..OspfProcess::default()
                    });
                }
                if let Some(v) = vrf {
                    self.reference(StructureKind::Vrf, v, "router ospf vrf", span);
                }
            }
            Context::RouterIsis { tag } if !self.device.isis.iter().any(|p| &p.tag == tag) => {
                self.device.isis.push(IsisProcess {
                    tag: tag.clone(),
                    span,
                    ..IsisProcess::default()
                });
            }
            Context::RouterEigrp { tag, vrf, af } => {
                // The AS: IOS `address-family ipv4 vrf V autonomous-system N`, else the
                // enclosing process's, else the tag when it is a number.
                let words: Vec<&str> = line.text.split_whitespace().collect();
                let stated = words
                    .iter()
                    .position(|w| w.eq_ignore_ascii_case("autonomous-system"))
                    .and_then(|i| words.get(i + 1))
                    .and_then(|n| n.parse::<u32>().ok());
                let inherited = self
                    .device
                    .eigrp
                    .iter()
                    .find(|p| &p.tag == tag && p.vrf.is_none())
                    .and_then(|p| p.asn.clone());
                let asn = match stated {
                    Some(n) => Some(Spanned::new(n, span)),
                    None if vrf.is_some() => inherited,
                    None => tag.parse().ok().map(|n| Spanned::new(n, span)),
                };
                if self.eigrp_process(tag, vrf.as_deref()).is_none() && !(*af && vrf.is_none()) {
                    self.device.eigrp.push(ir::EigrpProcess {
                        tag: tag.clone(),
                        asn,
                        vrf: vrf.clone(),
                        span,
                        ..ir::EigrpProcess::default()
                    });
                }
                if let Some(v) = vrf {
                    self.reference(StructureKind::Vrf, v, "router eigrp vrf", span);
                }
            }
            Context::IsisAf { tag, family } => {
                if let (Some(p), Some(f)) = (
                    self.device.isis.iter_mut().find(|p| &p.tag == tag),
                    ir_family(family),
                ) {
                    p.address_families.push(Spanned::new(f, span));
                }
            }
            Context::RouterBgp { asn } => {
                let bgp = self.device.bgp.get_or_insert_with(|| BgpProcess {
                    asn: *asn,
                    span,
                    ..BgpProcess::default()
                });
                bgp.vrfs.entry(String::new()).or_insert_with(|| BgpVrf {
                    span,
                    ..BgpVrf::default()
                });
            }
            Context::BgpVrf { vrf } => {
                // FRR opens a VRF instance from global (`router bgp N vrf V`).
                if self.device.bgp.is_none() {
                    let asn = line
                        .text
                        .split_whitespace()
                        .nth(2)
                        .and_then(|a| super::parse::parse_asn(a).ok())
                        .unwrap_or(0);
                    self.device.bgp = Some(BgpProcess {
                        asn,
                        span,
                        ..BgpProcess::default()
                    });
                }
                self.bgp_vrf(vrf, span);
                self.reference(
                    StructureKind::Vrf,
                    name.unwrap_or(vrf),
                    "router bgp vrf",
                    span,
                );
            }
            Context::BgpAf { vrf, family } => {
                let vrf_name = vrf.clone().unwrap_or_default();
                if let Some(v) = name {
                    self.reference(StructureKind::Vrf, v, "bgp address-family vrf", span);
                }
                if let Some(f) = ir_family(family)
                    && let Some(bgp_vrf) = self.bgp_vrf(&vrf_name, span)
                {
                    bgp_vrf
                        .address_families
                        .entry(f)
                        .or_default()
                        .span
                        .get_or_insert(span);
                }
            }
            Context::RouteMap {
                name: policy_name,
                seq,
            } => {
                let action = route_map_action(line.text);
                let Some(policy) = named(&mut self.device.route_policies, policy_name, || {
                    RoutePolicy {
                        name: policy_name.clone(),
                        span,
                        clauses: Vec::new(),
                        default_result: ClauseResult::Deny,
                    }
                }) else {
                    return;
                };
                let result = match action {
                    ir::Action::Permit => ClauseResult::Permit,
                    ir::Action::Deny => ClauseResult::Deny,
                };
                match policy.clauses.binary_search_by_key(&Some(*seq), |c| c.seq) {
                    Ok(found) => {
                        let clause = &mut policy.clauses[found];
                        clause.result = result;
                        clause.span = span;
                    }
                    Err(at) => policy.clauses.insert(
                        at,
                        PolicyClause {
                            label: seq.to_string(),
                            seq: Some(*seq),
                            span,
                            matches: Vec::new(),
                            sets: Vec::new(),
                            result,
                        },
                    ),
                }
            }
            Context::Acl {
                name: acl_name,
                standard,
                ipv6,
            } => {
                let map = if *ipv6 {
                    &mut self.device.acls_v6
                } else {
                    &mut self.device.acls
                };
                map.entry(acl_name.clone()).or_insert_with(|| ir::Acl {
                    name: acl_name.clone(),
                    family: if *ipv6 {
                        AddressFamily::Ipv6
                    } else {
                        AddressFamily::Ipv4
                    },
                    standard: *standard,
                    span,
                    lines: Vec::new(),
                });
            }
            Context::Vrf { name: vrf_name } => {
                self.device
                    .vrfs
                    .entry(vrf_name.clone())
                    .or_insert_with(|| Vrf {
                        name: vrf_name.clone(),
                        span,
                        ..Vrf::default()
                    });
            }
            other => self.xr_open(other, span),
        }
    }

    fn static_route(&mut self, ctx: &Context, route: ast::StaticRoute<'a>, span: Span) {
        let vrf = match (route.vrf, ctx) {
            (Some(v), _) => Some(v.to_owned()),
            (None, Context::Vrf { name }) => Some(name.clone()),
            // IOS-XR `router static` / `vrf V` blocks.
            (None, Context::XrStatic { vrf: Some(v), .. }) => Some(v.clone()),
            _ => None,
        };
        if let Some(v) = route.vrf {
            self.reference(StructureKind::Vrf, v, "static route vrf", span);
        }
        let interface = route
            .interface
            .map(|i| canonical_interface(i, self.dialect));
        // IOS-XR names the default VRF `default`; it always exists.
        if let Some(v) = route.next_hop_vrf
            && !(self.dialect == Dialect::IosXr && v == "default")
        {
            self.reference(StructureKind::Vrf, v, "static route next-hop vrf", span);
        }
        let next_hop = match (&interface, route.next_hop_ip) {
            _ if route.next_hop_vrf.is_some() => StaticNextHop::OtherVrf(
                route.next_hop_vrf.unwrap_or_default().to_owned(),
                route.next_hop_ip,
            ),
            (Some(i), _) if i.to_ascii_lowercase().starts_with("null") => StaticNextHop::Discard,
            (Some(i), Some(ip)) => StaticNextHop::InterfaceAddress(i.clone(), ip),
            (Some(i), None) => StaticNextHop::Interface(i.clone()),
            (None, Some(ip)) => StaticNextHop::Address(ip),
            (None, None) => return,
        };
        if let (Some(i), Some(raw)) = (&interface, route.interface)
            && !matches!(next_hop, StaticNextHop::Discard)
        {
            let _ = i;
            self.reference(StructureKind::Interface, raw, "static route", span);
        }
        if let Some(what) = route.unsupported {
            self.unsupported(what, Some(format!("static route {}", route.prefix)), span);
        }
        self.device.static_routes.push(StaticRoute {
            vrf,
            prefix: route.prefix,
            next_hop,
            distance: route.distance,
            tag: route.tag,
            name: route.name.map(str::to_owned),
            permanent: route.permanent,
            metric: None,
            connected_only: false,
            span,
        });
    }

    fn prefix_list(&mut self, ctx: &Context, entry: ast::PrefixListEntry<'a>, span: Span) {
        let name: &str = match ctx {
            Context::PrefixListBlock { name, .. } if entry.name.is_empty() => name,
            _ => entry.name,
        };
        let family = if entry.ipv6 {
            AddressFamily::Ipv6
        } else {
            AddressFamily::Ipv4
        };
        let map = if entry.ipv6 {
            &mut self.device.prefix_lists_v6
        } else {
            &mut self.device.prefix_lists
        };
        let Some(list) = named(map, name, || PrefixList {
            name: name.to_owned(),
            family,
            span,
            entries: Vec::new(),
        }) else {
            return;
        };
        // Entries are kept sorted by sequence number, so the highest is the last one. (Scanning
        // every entry for the maximum made a list of N lines without `seq` cost N² steps: a
        // hundred thousand lines took 11 s.) The next number after 4294967295 does not exist;
        // the device refuses such a line, and so does routeproof, instead of wrapping around.
        let next = || {
            list.entries
                .last()
                .map_or(Some(5), |e| e.seq.checked_add(5))
        };
        let Some(seq) = entry.seq.or_else(next) else {
            self.diagnostic(Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                span,
                "no sequence number is left after the list's last one (4294967295 is the highest)",
            ));
            return;
        };
        let len = entry.prefix.prefix_len();
        let max = entry.prefix.max_prefix_len();
        let (min_len, max_len) = match (entry.ge, entry.le) {
            (None, None) => (len, len),
            (Some(ge), None) => (ge, max),
            (None, Some(le)) => (len, le),
            (Some(ge), Some(le)) => (ge, le),
        };
        let new = PrefixListEntry {
            seq,
            action: entry.action,
            range: PrefixRange {
                prefix: entry.prefix,
                min_len,
                max_len,
            },
            span,
        };
        match list.entries.binary_search_by_key(&seq, |e| e.seq) {
            Ok(found) => list.entries[found] = new,
            Err(at) => list.entries.insert(at, new),
        }
    }

    fn interface(&mut self, name: &str, setting: ast::Interface<'a>, span: Span) {
        use ast::Interface as I;
        let dialect = self.dialect;
        // References first (they borrow self mutably).
        match &setting {
            I::AccessGroup { name: acl, inbound } => {
                let usage = format!(
                    "interface {name} access-group {}",
                    if *inbound { "in" } else { "out" }
                );
                self.reference(StructureKind::Acl, acl, usage, span);
            }
            I::Vrf(v) => {
                self.reference(StructureKind::Vrf, v, format!("interface {name} vrf"), span)
            }
            I::Ipv6AccessGroup(acl) => {
                let usage = format!("interface {name} ipv6 traffic-filter");
                self.reference(StructureKind::AclV6, acl, usage, span);
                self.unsupported(
                    "ipv6 interface acl",
                    Some(format!("interface {name}")),
                    span,
                );
            }
            I::Address {
                route_options: true,
                ..
            } => self.unsupported(
                "connected route preference or tag",
                Some(format!("interface {name}")),
                span,
            ),
            _ => {}
        }
        let mut removed_addresses = false;
        let Some(iface) = self.interface_mut(name, None) else {
            return;
        };
        match setting {
            I::Ipv6AccessGroup(_) => {}
            I::Ipv6Address(net) => {
                let address = ipnet::IpNet::V6(net);
                if !iface.addresses.iter().any(|a| a.address == address) {
                    iface.addresses.push(InterfaceAddress {
                        address,
                        secondary: false,
                        span,
                    });
                }
            }
            I::Address { net, secondary, .. } => {
                if !secondary {
                    iface.addresses.retain(|a| {
                        a.secondary || a.address.addr().is_ipv4() != net.addr().is_ipv4()
                    });
                }
                iface.addresses.push(InterfaceAddress {
                    address: net,
                    secondary,
                    span,
                });
            }
            I::NoAddress => iface.addresses.retain(|a| a.address.addr().is_ipv6()),
            I::Shutdown(down) => iface.shutdown = some(down, span),
            I::Vrf(v) => {
                let changed = iface.vrf.as_ref().map(|x| x.value.as_str()) != Some(v);
                if changed && !iface.addresses.is_empty() && dialect != Dialect::Frr {
                    // IOS, EOS and NX-OS drop the interface's addresses when its VRF changes.
                    iface.addresses.clear();
                    removed_addresses = true;
                }
                iface.vrf = Some(Spanned::new(v.to_owned(), span));
            }
            I::Bandwidth(kbps) => iface.bandwidth_kbps = some(kbps, span),
            I::Speed(mbps) => iface.speed_mbps = some(mbps, span),
            I::Mtu(mtu) => iface.mtu = some(mtu, span),
            I::Switchport(on) => iface.switchport = some(on, span),
            I::Dot1q(vlan) => iface.encapsulation_vlan = some(vlan, span),
            I::ChannelGroup(group) => {
                iface.channel_group = Some(Spanned::new(group.to_owned(), span))
            }
            I::AccessGroup { name: acl, inbound } => {
                let value = Some(Spanned::new(acl.to_owned(), span));
                if inbound {
                    iface.acl_in = value;
                } else {
                    iface.acl_out = value;
                }
            }
            I::OspfCost(c) => iface.ospf.cost = some(c, span),
            I::OspfArea { process, area } => {
                iface.ospf.area = Some(Spanned::new((process.to_owned(), area), span));
            }
            I::OspfNetwork(t) => iface.ospf.network_type = some(t, span),
            I::OspfPassive(p) => iface.ospf.passive = some(p, span),
            I::OspfHello(n) => iface.ospf.hello_interval = some(n, span),
            I::OspfDead(n) => iface.ospf.dead_interval = some(n, span),
            I::OspfMtuIgnore(b) => iface.ospf.mtu_ignore = some(b, span),
            I::Isis { tag, ipv6 } => {
                if ipv6 {
                    iface.isis.ipv6 = true;
                }
                iface.isis.process = Some(Spanned::new(tag.to_owned(), span));
            }
            I::IsisMetric { metric, level } => {
                let value = Some(Spanned::new(metric, span));
                match level {
                    Some(IsisLevel::Level1) => iface.isis.metric_l1 = value,
                    Some(IsisLevel::Level2) => iface.isis.metric_l2 = value,
                    _ => {
                        iface.isis.metric_l1 = value.clone();
                        iface.isis.metric_l2 = value;
                    }
                }
            }
            I::IsisCircuitType(l) => iface.isis.circuit_type = some(l, span),
            I::IsisPassive(p) => iface.isis.passive = some(p, span),
            I::IsisPointToPoint => iface.isis.point_to_point = true,
            I::Delay(d) => iface.delay_tens_us = some(d, span),
            I::EigrpProcess(tag) => {
                iface.eigrp.process = Some(Spanned::new(tag.to_owned(), span));
            }
            I::EigrpPassive(p) => iface.eigrp.passive = some(p, span),
        }
        if removed_addresses {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::RejectedLine,
                    Severity::Warning,
                    span,
                    format!("changing the vrf of {name} removes its addresses"),
                )
                .with_help(
                    "Configure the addresses again after the vrf line, as the device requires.",
                ),
            );
        }
    }

    fn ospf_process(&mut self, id: &str, vrf: Option<&str>) -> Option<&mut OspfProcess> {
        self.device
            .ospf
            .iter_mut()
            .rev()
            .find(|p| p.id == id && p.vrf.as_deref() == vrf)
    }

    fn redistribution(
        &mut self,
        r: ast::Redistribute<'a>,
        usage: &str,
        span: Span,
    ) -> Redistribution {
        if let Some(rm) = r.route_map {
            self.reference(
                StructureKind::RoutePolicy,
                rm,
                format!("{usage} redistribute"),
                span,
            );
        }
        Redistribution {
            source: r.source,
            route_policy: r
                .route_map
                .map(|n| Spanned::new(n.to_owned(), self.span(n))),
            metric: r.metric,
            metric_type: r.metric_type,
            subnets: r.subnets,
            isis_level: r.level,
            tag: r.tag,
            match_route_types: r.route_types,
            eigrp_metric: r.eigrp_metric,
            span,
        }
    }

    fn ospf(&mut self, ctx: &Context, setting: ast::Ospf<'a>, span: Span) {
        use ast::Ospf as O;
        let (id, vrf) = match ctx {
            Context::RouterOspf { id, vrf }
            // IOS-XR area settings (`range`, `stub`...) are written inside the area.
            | Context::XrOspfArea { id, vrf, .. }
            | Context::XrOspfInterface { id, vrf, .. } => (id, vrf),
            _ => return,
        };
        let usage = format!("router ospf {id}");
        // Statements that reference other structures are lowered before borrowing the process.
        let redistribution = match &setting {
            O::Redistribute(r) => Some(self.redistribution(r.clone(), &usage, span)),
            _ => None,
        };
        if let O::DefaultOriginate {
            route_map: Some(rm),
            ..
        } = &setting
        {
            self.reference(
                StructureKind::RoutePolicy,
                rm,
                format!("{usage} default-information"),
                span,
            );
        }
        if let O::Passive {
            interface: Some(i), ..
        } = &setting
        {
            self.reference(
                StructureKind::Interface,
                i,
                format!("{usage} passive-interface"),
                span,
            );
        }
        let dialect = self.dialect;
        let Some(p) = self.ospf_process(id, vrf.as_deref()) else {
            return;
        };
        match setting {
            O::RouterId(a) => p.router_id = some(a, span),
            O::Network {
                address,
                wildcard,
                area,
            } => p.networks.push(OspfNetwork {
                address,
                wildcard,
                area,
                span,
            }),
            O::Passive {
                interface: None,
                passive,
            } => p.passive_default = some(passive, span),
            O::Passive {
                interface: Some(i),
                passive,
            } => set_passive(
                &mut p.passive_interfaces,
                &mut p.non_passive_interfaces,
                Spanned::new(canonical_interface(i, dialect), span),
                passive,
            ),
            O::Redistribute(_) => p.redistribute.extend(redistribution),
            O::DefaultOriginate {
                always,
                metric,
                metric_type,
                route_map,
            } => {
                p.default_originate = Some(DefaultOriginate {
                    always,
                    metric,
                    metric_type,
                    route_policy: route_map.map(str::to_owned),
                    span,
                })
            }
            O::AreaKind { area, kind } => p.areas.entry(area).or_default().kind = some(kind, span),
            O::AreaRange {
                area,
                prefix,
                advertise,
                cost,
            } => p
                .areas
                .entry(area)
                .or_default()
                .ranges
                .push(ir::routing::OspfAreaRange {
                    prefix,
                    advertise,
                    cost,
                    span,
                }),
            O::AreaDefaultCost { area, cost } => {
                p.areas.entry(area).or_default().default_cost = some(cost, span)
            }
            O::ReferenceBandwidth(mbps) => p.reference_bandwidth_mbps = some(mbps, span),
            O::MaximumPaths(n) => p.maximum_paths = some(n, span),
            O::Distance(d) => p.distance.all = some(d, span),
            O::DistanceByType {
                intra,
                inter,
                external,
            } => {
                if let Some(v) = intra {
                    p.distance.intra_area = some(v, span);
                }
                if let Some(v) = inter {
                    p.distance.inter_area = some(v, span);
                }
                if let Some(v) = external {
                    p.distance.external = some(v, span);
                }
            }
            O::MaxMetric(on) => p.max_metric = some(on, span),
            O::Shutdown(on) => p.shutdown = some(on, span),
        }
    }

    fn eigrp_process(&mut self, tag: &str, vrf: Option<&str>) -> Option<&mut ir::EigrpProcess> {
        self.device
            .eigrp
            .iter_mut()
            .find(|p| p.tag == tag && p.vrf.as_deref() == vrf)
    }

    /// EIGRP processes the simulation cannot run faithfully are recorded: one without an AS
    /// (NX-OS tag without `autonomous-system`), and a second process in a VRF (the main
    /// table does not say which process a route came from, so redistribution between them
    /// and from them cannot be told apart).
    fn eigrp_finish(&mut self) {
        let mut notes = Vec::new();
        for (i, p) in self.device.eigrp.iter().enumerate() {
            let scope = Some(format!("router eigrp {}", p.tag));
            if p.asn.is_none() {
                notes.push(("eigrp without autonomous-system", scope.clone(), p.span));
            }
            if self.device.eigrp[..i].iter().any(|q| q.vrf == p.vrf) {
                notes.push(("eigrp processes sharing a vrf", scope.clone(), p.span));
            }
            // Sources the simulation redistributes: the main table's connected, static, OSPF,
            // IS-IS and BGP routes. Another EIGRP process, RIP and the rest are not.
            for r in &p.redistribute {
                if !matches!(
                    r.source,
                    RouteSource::Connected
                        | RouteSource::Static
                        | RouteSource::Ospf(_)
                        | RouteSource::Isis(_)
                        | RouteSource::Bgp(_)
                ) {
                    notes.push(("eigrp redistribute source", scope.clone(), r.span));
                }
            }
        }
        for (feature, scope, span) in notes {
            self.unsupported(feature, scope, span);
        }
    }

    fn eigrp(&mut self, ctx: &Context, setting: ast::Eigrp<'a>, span: Span) {
        use ast::Eigrp as E;
        let Context::RouterEigrp { tag, vrf, .. } = ctx else {
            return;
        };
        let usage = format!("router eigrp {tag}");
        let redistribution = match &setting {
            E::Redistribute(r) => Some(self.redistribution(r.clone(), &usage, span)),
            _ => None,
        };
        if let E::Passive {
            interface: Some(i), ..
        } = &setting
        {
            self.reference(
                StructureKind::Interface,
                i,
                format!("{usage} passive-interface"),
                span,
            );
        }
        let dialect = self.dialect;
        let Some(p) = self.eigrp_process(tag, vrf.as_deref()) else {
            return;
        };
        match setting {
            E::AutonomousSystem(n) => p.asn = some(n, span),
            E::RouterId(a) => p.router_id = some(a, span),
            E::Network { address, wildcard } => p.networks.push(ir::routing::EigrpNetwork {
                address,
                wildcard,
                span,
            }),
            E::Passive {
                interface: None,
                passive,
            } => p.passive_default = some(passive, span),
            E::Passive {
                interface: Some(i),
                passive,
            } => set_passive(
                &mut p.passive_interfaces,
                &mut p.non_passive_interfaces,
                Spanned::new(canonical_interface(i, dialect), span),
                passive,
            ),
            E::Redistribute(_) => p.redistribute.extend(redistribution),
            E::DefaultMetric(m) => p.default_metric = some(m, span),
            E::Distance { internal, external } => p.distance = some((internal, external), span),
            E::MaximumPaths(n) => p.maximum_paths = some(n, span),
            E::Shutdown(on) => p.shutdown = some(on, span),
        }
    }

    fn isis(&mut self, ctx: &Context, setting: ast::Isis<'a>, span: Span) {
        use ast::Isis as S;
        let tag = match ctx {
            Context::RouterIsis { tag } | Context::IsisAf { tag, .. } => tag.clone(),
            _ => return,
        };
        let usage = format!("router isis {tag}");
        let redistribution = match &setting {
            S::Redistribute(r) => Some(self.redistribution(r.clone(), &usage, span)),
            _ => None,
        };
        if let S::DefaultOriginate {
            route_map: Some(rm),
            ..
        } = &setting
        {
            self.reference(
                StructureKind::RoutePolicy,
                rm,
                format!("{usage} default-information"),
                span,
            );
        }
        let dialect = self.dialect;
        let Some(p) = self.device.isis.iter_mut().find(|p| p.tag == tag) else {
            return;
        };
        match setting {
            S::Net(net) => p.nets.push(Spanned::new(net.to_owned(), span)),
            S::IsType(l) => p.is_type = some(l, span),
            S::MetricStyle(s) => p.metric_style = some(s, span),
            S::Passive {
                interface: None,
                passive,
            } => p.passive_default = some(passive, span),
            S::Passive {
                interface: Some(i),
                passive,
            } => {
                let name = Spanned::new(canonical_interface(i, dialect), span);
                if passive {
                    p.passive_interfaces.push(name);
                } else {
                    p.non_passive_interfaces.push(name);
                }
            }
            S::Redistribute(_) => p.redistribute.extend(redistribution),
            S::Overload(on) => p.overload = some(on, span),
            S::DefaultOriginate { always, route_map } => {
                p.default_originate = Some(DefaultOriginate {
                    always,
                    metric: None,
                    metric_type: None,
                    route_policy: route_map.map(str::to_owned),
                    span,
                })
            }
            S::MaximumPaths(n) => p.maximum_paths = some(n, span),
            S::Distance(d) => p.distance = some(d, span),
        }
    }

    fn bgp_vrf(&mut self, vrf: &str, span: Span) -> Option<&mut BgpVrf> {
        let bgp = self.device.bgp.as_mut()?;
        Some(bgp.vrfs.entry(vrf.to_owned()).or_insert_with(|| BgpVrf {
            name: vrf.to_owned(),
            span,
            ..BgpVrf::default()
        }))
    }

    fn bgp(&mut self, ctx: &Context, setting: Bgp<'a>, span: Span) {
        let (vrf, af) = match ctx {
            Context::RouterBgp { .. } => (String::new(), None),
            Context::BgpVrf { vrf } => (vrf.clone(), None),
            Context::BgpAf { vrf, family } | Context::BgpPeerAf { vrf, family, .. } => {
                match ir_family(family) {
                    Some(f) => (vrf.clone().unwrap_or_default(), Some(f)),
                    // Statements inside unmodelled families: the family itself is recorded.
                    None => return,
                }
            }
            Context::BgpPeer { vrf, .. } => (vrf.clone().unwrap_or_default(), None),
            _ => return,
        };
        if self.device.bgp.is_none() {
            return;
        }
        match setting {
            Bgp::PeerSetting(setting) => {
                let (name, kind) = match ctx {
                    Context::BgpPeer { name, kind, .. } | Context::BgpPeerAf { name, kind, .. } => {
                        (name.clone(), *kind)
                    }
                    _ => return,
                };
                let target = match kind {
                    PeerBlock::Neighbor => PeerTarget::Neighbor,
                    // IOS-XR groups are kept by name with the peer groups; the IOS-XR lowering
                    // resolves which neighbor uses which (`lower::xr`).
                    PeerBlock::PeerTemplate
                    | PeerBlock::NeighborGroup
                    | PeerBlock::SessionGroup
                    | PeerBlock::AfGroup => PeerTarget::Group,
                    // Recorded as unsupported where they are defined and inherited; their
                    // references still count.
                    PeerBlock::SessionTemplate | PeerBlock::PolicyTemplate => {
                        PeerTarget::ReferencesOnly
                    }
                };
                self.bgp_neighbor(&vrf, af, &name, target, setting, span);
            }
            Bgp::RouterId(id) => {
                let value = Some(Spanned::new(id, span));
                if vrf.is_empty() {
                    if let Some(bgp) = self.device.bgp.as_mut() {
                        bgp.router_id = value;
                    }
                } else if let Some(v) = self.bgp_vrf(&vrf, span) {
                    v.router_id = value;
                }
            }
            Bgp::Neighbor {
                peer,
                interface_peer,
                setting,
            } => {
                let target = if interface_peer {
                    PeerTarget::Interface
                } else {
                    PeerTarget::Neighbor
                };
                self.bgp_neighbor(&vrf, af, peer, target, setting, span)
            }
            Bgp::Network {
                prefix,
                route_map,
                backdoor,
            } => {
                if let Some(rm) = route_map {
                    self.reference(StructureKind::RoutePolicy, rm, "bgp network", span);
                }
                if backdoor {
                    self.unsupported("bgp network backdoor", Some(prefix.to_string()), span);
                }
                let route_policy = route_map.map(|r| Spanned::new(r.to_owned(), self.span(r)));
                let family = af.unwrap_or(family_of(&prefix));
                if let Some(v) = self.bgp_vrf(&vrf, span) {
                    v.address_families
                        .entry(family)
                        .or_default()
                        .networks
                        .push(BgpNetwork {
                            prefix,
                            route_policy,
                            unconditional: false,
                            span,
                        });
                }
            }
            Bgp::Aggregate {
                prefix,
                summary_only,
                as_set,
                attribute_map,
                unsupported,
            } => {
                if let Some(rm) = attribute_map {
                    self.reference(
                        StructureKind::RoutePolicy,
                        rm,
                        "bgp aggregate-address",
                        span,
                    );
                }
                if let Some(what) = unsupported {
                    self.unsupported(what, Some(prefix.to_string()), span);
                }
                let attribute_policy =
                    attribute_map.map(|r| Spanned::new(r.to_owned(), self.span(r)));
                let family = af.unwrap_or(family_of(&prefix));
                if let Some(v) = self.bgp_vrf(&vrf, span) {
                    v.address_families
                        .entry(family)
                        .or_default()
                        .aggregates
                        .push(BgpAggregate {
                            prefix,
                            summary_only,
                            as_set,
                            attribute_policy,
                            span,
                        });
                }
            }
            Bgp::Redistribute(r) => {
                let r = self.redistribution(r, "router bgp", span);
                if let Some(v) = self.bgp_vrf(&vrf, span) {
                    v.address_families
                        .entry(af.unwrap_or(AddressFamily::Ipv4))
                        .or_default()
                        .redistribute
                        .push(r);
                }
            }
            Bgp::Option(BgpOption::AdditionalPaths {
                send,
                receive,
                select_all,
                on,
            }) => {
                if let Some(v) = self.bgp_vrf(&vrf, span) {
                    let a = v
                        .address_families
                        .entry(af.unwrap_or(AddressFamily::Ipv4))
                        .or_default();
                    if send {
                        a.additional_paths_send = some(on, span);
                    }
                    if receive {
                        a.additional_paths_receive = some(on, span);
                    }
                    if select_all {
                        a.additional_paths_select_all = some(on, span);
                    }
                }
            }
            Bgp::MaximumPaths { paths, ibgp, ebgp } => {
                if let Some(v) = self.bgp_vrf(&vrf, span) {
                    let a = v
                        .address_families
                        .entry(af.unwrap_or(AddressFamily::Ipv4))
                        .or_default();
                    if ibgp {
                        a.maximum_paths_ibgp = Some(Spanned::new(paths, span));
                    }
                    if ebgp {
                        a.maximum_paths_ebgp = Some(Spanned::new(paths, span));
                    }
                }
            }
            Bgp::Option(option) => {
                let Some(bgp) = self.device.bgp.as_mut() else {
                    return;
                };
                let o = &mut bgp.options;
                match option {
                    BgpOption::AsPathIgnore(b) => o.as_path_ignore = some(b, span),
                    BgpOption::MultipathRelax(b) => o.as_path_multipath_relax = some(b, span),
                    BgpOption::CompareRouterId(b) => o.compare_router_id = some(b, span),
                    BgpOption::AlwaysCompareMed(b) => o.always_compare_med = some(b, span),
                    BgpOption::MedMissingAsWorst(b) => o.med_missing_as_worst = some(b, span),
                    BgpOption::DeterministicMed(b) => o.deterministic_med = some(b, span),
                    BgpOption::MedConfed(b) => o.med_confed = some(b, span),
                    BgpOption::DefaultIpv4Unicast(b) => o.default_ipv4_unicast = some(b, span),
                    BgpOption::ClientToClient(b) => o.client_to_client_reflection = some(b, span),
                    BgpOption::EbgpRequiresPolicy(b) => o.ebgp_requires_policy = some(b, span),
                    BgpOption::AdditionalPaths { .. } => {}
                    BgpOption::ClusterId(id) => {
                        o.cluster_id = Some(Spanned::new(id, span));
                    }
                    BgpOption::RedistributeInternal(b) => o.redistribute_internal = some(b, span),
                    BgpOption::ConfederationId(id) => {
                        o.confederation_id = Some(Spanned::new(id, span));
                    }
                }
                if let BgpOption::ConfederationId(_) = option {
                    self.unsupported("bgp confederation", None, span);
                }
            }
            Bgp::Distance {
                external,
                internal,
                local,
            } => {
                let value = Some(Spanned::new((external, internal, local), span));
                match af {
                    None if vrf.is_empty() => {
                        if let Some(bgp) = self.device.bgp.as_mut() {
                            bgp.options.distance = value;
                        }
                    }
                    _ => {
                        if let Some(v) = self.bgp_vrf(&vrf, span) {
                            v.address_families
                                .entry(af.unwrap_or(AddressFamily::Ipv4))
                                .or_default()
                                .distance = value;
                        }
                    }
                }
            }
            Bgp::DefaultInformationOriginate(on) => {
                if let Some(v) = self.bgp_vrf(&vrf, span) {
                    v.address_families
                        .entry(af.unwrap_or(AddressFamily::Ipv4))
                        .or_default()
                        .default_information_originate = Some(Spanned::new(on, span));
                }
            }
        }
    }

    fn bgp_neighbor(
        &mut self,
        vrf: &str,
        af: Option<AddressFamily>,
        peer: &str,
        target: PeerTarget,
        setting: NeighborSetting<'a>,
        span: Span,
    ) {
        use NeighborSetting as N;
        let interface_peer = target == PeerTarget::Interface;
        let key = if target == PeerTarget::Group {
            None
        } else if let Ok(addr) = peer.parse::<IpAddr>() {
            Some(BgpPeer::Address(addr))
        } else if interface_peer
            || self
                .interface_peers
                .contains(&(vrf.to_owned(), peer.to_owned()))
        {
            if interface_peer {
                self.interface_peers
                    .insert((vrf.to_owned(), peer.to_owned()));
            }
            Some(BgpPeer::Interface(peer.to_owned()))
        } else if let Ok(range) = peer.parse::<ipnet::IpNet>() {
            Some(BgpPeer::Range(range))
        } else {
            None // A peer group.
        };
        // Templates are named as such in usages and scopes.
        let who = match target {
            PeerTarget::Group | PeerTarget::ReferencesOnly if key.is_none() => {
                format!("bgp template {peer}")
            }
            _ => format!("bgp neighbor {peer}"),
        };
        // References.
        match &setting {
            N::PeerGroup(g) => self.reference(
                StructureKind::PeerGroup,
                g,
                format!("{who} peer-group"),
                span,
            ),
            N::RouteMap { name, inbound } => self.reference(
                StructureKind::RoutePolicy,
                name,
                format!("{who} route-map {}", if *inbound { "in" } else { "out" }),
                span,
            ),
            N::PrefixList { name, inbound } => {
                let kind = if af == Some(AddressFamily::Ipv6) {
                    StructureKind::PrefixListV6
                } else {
                    StructureKind::PrefixList
                };
                self.reference(
                    kind,
                    name,
                    format!("{who} prefix-list {}", if *inbound { "in" } else { "out" }),
                    span,
                )
            }
            N::FilterList { name, inbound } => self.reference(
                StructureKind::AsPathList,
                name,
                format!("{who} filter-list {}", if *inbound { "in" } else { "out" }),
                span,
            ),
            N::UpdateSource(i) => self.reference(
                StructureKind::Interface,
                i,
                format!("{who} update-source"),
                span,
            ),
            N::DefaultOriginate {
                route_map,
                conditional,
            } => {
                if let Some(rm) = route_map {
                    self.reference(
                        StructureKind::RoutePolicy,
                        rm,
                        format!("{who} default-originate"),
                        span,
                    );
                }
                if *conditional {
                    self.unsupported("conditional default-originate", Some(who), span);
                }
            }
            N::RemoteAsRouteMap(rm) => {
                self.reference(
                    StructureKind::RoutePolicy,
                    rm,
                    format!("{who} remote-as route-map"),
                    span,
                );
                self.unsupported("bgp remote-as route-map", Some(who), span)
            }
            N::Unsupported(what) => self.unsupported(what, Some(who), span),
            _ => {}
        }
        if target == PeerTarget::ReferencesOnly {
            return;
        }
        let dialect = self.dialect;
        let policy_values = match &setting {
            N::RouteMap { name, .. } | N::PrefixList { name, .. } | N::FilterList { name, .. } => {
                Some(Spanned::new((*name).to_owned(), self.span(name)))
            }
            _ => None,
        };
        let Some(bgp) = self.device.bgp.as_mut() else {
            return;
        };
        let neighbor: &mut BgpNeighbor = match &key {
            None => {
                if matches!(setting, N::DeclarePeerGroup) || bgp.peer_groups.contains_key(peer) {
                    bgp.peer_groups
                        .entry(peer.to_owned())
                        .or_insert_with(|| BgpNeighbor {
                            span,
                            ..BgpNeighbor::default()
                        })
                } else {
                    // A name that is neither an address nor a declared group: EOS and IOS
                    // reject it; keep it as a group so its settings are not lost.
                    bgp.peer_groups
                        .entry(peer.to_owned())
                        .or_insert_with(|| BgpNeighbor {
                            span,
                            ..BgpNeighbor::default()
                        })
                }
            }
            Some(k) => {
                let v = bgp.vrfs.entry(vrf.to_owned()).or_insert_with(|| BgpVrf {
                    name: vrf.to_owned(),
                    span,
                    ..BgpVrf::default()
                });
                v.neighbors.entry(k.clone()).or_insert_with(|| BgpNeighbor {
                    span,
                    ..BgpNeighbor::default()
                })
            }
        };
        let family = af.unwrap_or(match &key {
            Some(BgpPeer::Address(IpAddr::V6(_))) if dialect != Dialect::Frr => AddressFamily::Ipv6,
            _ => AddressFamily::Ipv4,
        });

        match setting {
            N::RemoteAs(r) => neighbor.remote_as = some(r, span),
            N::DeclarePeerGroup | N::Benign | N::Unsupported(_) | N::RemoteAsRouteMap(_) => {}
            N::PeerGroup(g) => neighbor.peer_group = Some(Spanned::new(g.to_owned(), span)),
            N::UpdateSource(i) => {
                neighbor.update_source = Some(Spanned::new(canonical_interface(i, dialect), span))
            }
            N::EbgpMultihop(n) => neighbor.ebgp_multihop = some(n, span),
            N::Shutdown(b) => neighbor.shutdown = some(b, span),
            N::Description(d) => neighbor.description = Some(Spanned::new(d.to_owned(), span)),
            N::RemovePrivateAs(b) => neighbor.remove_private_as = some(b, span),
            N::LocalAs(a) => neighbor.local_as = some(a, span),
            N::Activate(b) => neighbor_af(neighbor, family).activate = some(b, span),
            N::RouteMap { inbound, .. } => {
                let a = neighbor_af(neighbor, family);
                if inbound {
                    a.route_policy_in = policy_values
                } else {
                    a.route_policy_out = policy_values
                }
            }
            N::PrefixList { inbound, .. } => {
                let a = neighbor_af(neighbor, family);
                if inbound {
                    a.prefix_list_in = policy_values
                } else {
                    a.prefix_list_out = policy_values
                }
            }
            N::FilterList { inbound, .. } => {
                let a = neighbor_af(neighbor, family);
                if inbound {
                    a.as_path_filter_in = policy_values
                } else {
                    a.as_path_filter_out = policy_values
                }
            }
            N::NextHopSelf(b) => neighbor_af(neighbor, family).next_hop_self = some(b, span),
            N::RouteReflectorClient(b) => {
                neighbor_af(neighbor, family).route_reflector_client = some(b, span)
            }
            N::SendCommunity { standard, extended } => {
                let a = neighbor_af(neighbor, family);
                if standard {
                    a.send_community = some(true, span);
                }
                if extended {
                    a.send_extended_community = some(true, span);
                }
                if !standard && !extended {
                    a.send_community = some(false, span);
                }
            }
            N::MaximumPrefix {
                limit,
                warning_only,
            } => {
                neighbor_af(neighbor, family).maximum_prefix = Some(MaximumPrefix {
                    limit,
                    warning_only,
                    span,
                })
            }
            N::DefaultOriginate { route_map: rm, .. } => {
                neighbor_af(neighbor, family).default_originate =
                    Some(Spanned::new(rm.map(str::to_owned), span))
            }
            N::Weight(w) => neighbor_af(neighbor, family).weight = some(w, span),
            N::AllowAsIn(n) => neighbor_af(neighbor, family).allowas_in = some(n, span),
            N::AsOverride(b) => neighbor_af(neighbor, family).as_override = some(b, span),
            N::SoftReconfiguration => {
                neighbor_af(neighbor, family).soft_reconfiguration = some(true, span)
            }
            N::AdditionalPaths { send, receive, on } => {
                let a = neighbor_af(neighbor, family);
                if send {
                    a.additional_paths_send = some(on, span);
                }
                if receive {
                    a.additional_paths_receive = some(on, span);
                }
            }
            N::AdvertiseAdditionalPathsAll(b) => {
                neighbor_af(neighbor, family).advertise_additional_paths_all = some(b, span)
            }
        }
    }

    fn clause(&mut self, ctx: &Context) -> Option<&mut PolicyClause> {
        let Context::RouteMap { name, seq } = ctx else {
            return None;
        };
        let policy = self.device.route_policies.get_mut(name)?;
        policy.clauses.iter_mut().find(|c| c.seq == Some(*seq))
    }

    fn policy_match(&mut self, ctx: &Context, m: PolicyMatch, span: Span) {
        let Context::RouteMap { name, seq } = ctx else {
            return;
        };
        let usage = format!("route-map {name} {seq} match");
        let refs: Vec<(StructureKind, String)> = match &m {
            PolicyMatch::PrefixList(AddressFamily::Ipv4, n) | PolicyMatch::NextHopPrefixList(n) => {
                n.iter()
                    .map(|x| (StructureKind::PrefixList, x.clone()))
                    .collect()
            }
            PolicyMatch::PrefixList(AddressFamily::Ipv6, n) => n
                .iter()
                .map(|x| (StructureKind::PrefixListV6, x.clone()))
                .collect(),
            PolicyMatch::Acl(n) => n.iter().map(|x| (StructureKind::Acl, x.clone())).collect(),
            PolicyMatch::Community { lists, .. } => lists
                .iter()
                .map(|x| (StructureKind::CommunityList, x.clone()))
                .collect(),
            PolicyMatch::AsPath(n) => n
                .iter()
                .map(|x| (StructureKind::AsPathList, x.clone()))
                .collect(),
            _ => Vec::new(),
        };
        for (kind, name) in refs {
            let name_span = self.word_span(span, &name);
            self.device.references.push(Reference {
                kind,
                name,
                usage: usage.clone(),
                span: name_span,
            });
        }
        if let PolicyMatch::Unsupported(what) = &m {
            self.unsupported(
                &format!("route-map match: {what}"),
                Some(format!("route-map {name}")),
                span,
            );
        }
        if let Some(clause) = self.clause(ctx) {
            clause.matches.push(Spanned::new(m, span));
        }
    }

    fn policy_set(&mut self, ctx: &Context, s: PolicySet, span: Span) {
        let Context::RouteMap { name, seq } = ctx else {
            return;
        };
        if let PolicySet::CommunityDelete(list) = &s {
            let name_span = self.word_span(span, list);
            self.device.references.push(Reference {
                kind: StructureKind::CommunityList,
                name: list.clone(),
                usage: format!("route-map {name} {seq} set comm-list"),
                span: name_span,
            });
        }
        if let PolicySet::Unsupported(what) = &s {
            self.unsupported(
                &format!("route-map set: {what}"),
                Some(format!("route-map {name}")),
                span,
            );
        }
        if let Some(clause) = self.clause(ctx) {
            clause.sets.push(Spanned::new(s, span));
        }
    }

    /// The span of the last occurrence of `word` inside the line at `line`, or the line.
    fn word_span(&self, line: Span, word: &str) -> Span {
        let text = &self.text[line.start as usize..line.end as usize];
        match text.rfind(word) {
            Some(at) if !word.is_empty() => Span::new(
                self.file,
                line.start as usize + at,
                line.start as usize + at + word.len(),
            ),
            _ => line,
        }
    }

    fn vrf(&mut self, ctx: &Context, setting: ast::Vrf<'a>, span: Span) {
        let (name, family) = match ctx {
            Context::Vrf { name } => (name.clone(), String::new()),
            Context::VrfAf { name, family } => {
                (name.clone(), super::context::af_name(family).to_owned())
            }
            _ => return,
        };
        let Some(vrf) = self.device.vrfs.get_mut(&name) else {
            return;
        };
        match setting {
            ast::Vrf::Rd(rd) => vrf.rd = Some(Spanned::new(rd.to_owned(), span)),
            ast::Vrf::RouteTarget {
                import,
                export,
                target,
            } => {
                let value = Spanned::new(target.to_owned(), span);
                if import {
                    vrf.import_targets
                        .entry(family.clone())
                        .or_default()
                        .push(value.clone());
                }
                if export {
                    vrf.export_targets.entry(family).or_default().push(value);
                }
            }
        }
    }

    /// Finishes the device: peer-group inheritance, the hostname, diagnostics in file order.
    pub(crate) fn finish(mut self, fallback_name: &str) -> (ir::Device, Vec<Diagnostic>) {
        self.put_back();
        if self.dialect == Dialect::IosXr {
            self.xr_finish();
        }
        if let Some(bgp) = self.device.bgp.as_mut() {
            inherit_peer_groups(bgp);
        }
        self.eigrp_finish();
        match self.hostname.take() {
            Some(h) => {
                self.device.name = h.value;
                self.device.hostname_span = Some(h.span);
            }
            None => {
                self.device.name = fallback_name.to_owned();
                self.diagnostics.push(Diagnostic::new(
                    Code::MissingHostname,
                    Severity::Warning,
                    Span::new(self.file, 0, 0),
                    format!("no hostname; the device is called `{fallback_name}` after its file"),
                ));
            }
        }
        self.device.unsupported.sort();
        self.diagnostics.sort_by_key(|d| (d.span.start, d.code));
        (self.device, self.diagnostics)
    }
}

/// `passive-interface NAME` (or its `no` form) in a process: the interface moves to the list
/// it now belongs in.
fn set_passive(
    passive_interfaces: &mut Vec<Spanned<String>>,
    non_passive_interfaces: &mut Vec<Spanned<String>>,
    name: Spanned<String>,
    passive: bool,
) {
    let (add, remove) = if passive {
        (passive_interfaces, non_passive_interfaces)
    } else {
        (non_passive_interfaces, passive_interfaces)
    };
    remove.retain(|n| n.value != name.value);
    add.push(name);
}

/// Where a neighbor setting goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PeerTarget {
    /// A neighbor (or a peer group, when the name is not an address).
    Neighbor,
    /// An unnumbered neighbor on an interface (FRR `neighbor swp1 interface`).
    Interface,
    /// A peer group by construction (NX-OS `template peer`).
    Group,
    /// Nothing: only the references are recorded (unmodelled templates).
    ReferencesOnly,
}

/// A neighbor's settings for `family`, created on first use.
fn neighbor_af(neighbor: &mut BgpNeighbor, family: AddressFamily) -> &mut BgpNeighborAf {
    neighbor.address_families.entry(family).or_default()
}

/// `Some(Spanned::new(value, span))`.
fn some<T>(value: T, span: Span) -> Option<Spanned<T>> {
    Some(Spanned::new(value, span))
}

/// Which address family a prefix belongs to.
fn family_of(prefix: &ipnet::IpNet) -> AddressFamily {
    if prefix.addr().is_ipv4() {
        AddressFamily::Ipv4
    } else {
        AddressFamily::Ipv6
    }
}

/// What an unsupported statement in `ctx` touches.
fn scope_of(ctx: &Context) -> Option<String> {
    match ctx {
        Context::Global | Context::Ignored(_) | Context::Unrecognised => None,
        other => Some(other.describe()),
    }
}

/// Refuses context-opening lines the device would refuse, given what the device already holds.
///
/// `device` is called only for the openers whose fate depends on it, at most once: change replay
/// derives the device from its edited configuration, which is worth skipping for the rest.
pub(crate) fn vet<'d>(
    dialect: Dialect,
    device: impl FnOnce() -> &'d ir::Device,
    ctx: &Context,
) -> Result<(), String> {
    let cisco = matches!(dialect, Dialect::Ios | Dialect::IosXe);
    match ctx {
        Context::RouterOspf { vrf: Some(v), .. } if cisco => {
            if device().vrfs.contains_key(v) {
                Ok(())
            } else {
                Err(format!("vrf {v} does not exist"))
            }
        }
        Context::BgpAf {
            vrf: Some(v),
            family,
        } if cisco && ir_family(family).is_some() => match device().vrfs.get(v) {
            None => Err(format!("vrf {v} does not exist")),
            Some(vrf) if vrf.rd.is_none() => Err(format!("vrf {v} has no rd configured")),
            Some(_) => Ok(()),
        },
        Context::RouterBgp { asn } => match &device().bgp {
            Some(bgp) if bgp.asn != *asn => {
                Err(format!("bgp is already running with AS {}", bgp.asn))
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The value of `map` named `name`, made with `new` when there is none. A list or policy gets
/// many lines: looking it up by `&str` first copies its name only when it is new.
fn named<'m, V>(
    map: &'m mut BTreeMap<String, V>,
    name: &str,
    new: impl FnOnce() -> V,
) -> Option<&'m mut V> {
    if !map.contains_key(name) {
        map.insert(name.to_owned(), new());
    }
    map.get_mut(name)
}

fn insert_acl_line(acl: &mut ir::Acl, line: ir::AclLine) {
    match line.seq {
        Some(seq) => {
            let at = acl
                .lines
                .iter()
                .position(|l| l.seq.is_some_and(|s| s > seq))
                .unwrap_or(acl.lines.len());
            if let Some(existing) = acl.lines.iter_mut().find(|l| l.seq == Some(seq)) {
                *existing = line;
            } else {
                acl.lines.insert(at, line);
            }
        }
        None => acl.lines.push(line),
    }
}

/// Copies peer-group settings into member neighbors where the neighbor does not set them.
fn inherit_peer_groups(bgp: &mut BgpProcess) {
    let groups = bgp.peer_groups.clone();
    for vrf in bgp.vrfs.values_mut() {
        for neighbor in vrf.neighbors.values_mut() {
            let Some(group) = neighbor
                .peer_group
                .as_ref()
                .and_then(|g| groups.get(&g.value))
            else {
                continue;
            };
            inherit(neighbor, group);
        }
    }
}

fn inherit(n: &mut BgpNeighbor, g: &BgpNeighbor) {
    inherit_session(n, g);
    let families: BTreeMap<_, _> = g.address_families.clone();
    for (family, gaf) in families {
        inherit_af(n.address_families.entry(family).or_default(), &gaf);
    }
}

/// Copies the session settings (not the families) of `g` that `n` does not set.
fn inherit_session(n: &mut BgpNeighbor, g: &BgpNeighbor) {
    macro_rules! take {
        ($($field:ident),*) => { $( if n.$field.is_none() { n.$field = g.$field.clone(); } )* };
    }
    take!(
        remote_as,
        local_as,
        update_source,
        ebgp_multihop,
        shutdown,
        description,
        remove_private_as
    );
}

/// Copies the family settings of `gaf` that `naf` does not set.
fn inherit_af(naf: &mut BgpNeighborAf, gaf: &BgpNeighborAf) {
    macro_rules! take_af {
        ($($field:ident),*) => { $( if naf.$field.is_none() { naf.$field = gaf.$field.clone(); } )* };
    }
    take_af!(
        activate,
        route_policy_in,
        route_policy_out,
        prefix_list_in,
        prefix_list_out,
        as_path_filter_in,
        as_path_filter_out,
        next_hop_self,
        route_reflector_client,
        send_community,
        send_extended_community,
        maximum_prefix,
        default_originate,
        weight,
        allowas_in,
        as_override,
        soft_reconfiguration,
        additional_paths_send,
        additional_paths_receive,
        advertise_additional_paths_all
    );
}
