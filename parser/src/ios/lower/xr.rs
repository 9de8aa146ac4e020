//! Lowering of IOS-XR statements, and what IOS-XR leaves to the end of the file:
//!
//! - route-policy bodies are compiled into clauses once every set is known ([`policy`]);
//!   policies used with arguments (`route-policy P(a, b) in`) are compiled once per distinct
//!   argument list, under the invocation as written;
//! - OSPF interface settings written at process, area and interface level are inherited down
//!   to each interface listed in an area ([`OspfProcessInterface`]); hello and dead intervals
//!   and `mtu-ignore` go to the interface's own OSPF settings;
//! - IS-IS interfaces listed in the process become [`IsisProcessInterface`]s when their IPv4
//!   family is configured;
//! - BGP neighbors inherit from the neighbor-, session- and af-groups they `use` (own settings
//!   first, then the groups used directly, then the neighbor-group's, recursively);
//! - eBGP sessions exchange no routes without a policy (RFC 8212), recorded as
//!   [`BgpOptions::ebgp_requires_policy`](crate::ir::routing::BgpOptions) on, unless
//!   `bgp unsafe-ebgp-policy` turns it off.

mod policy;

use std::collections::{BTreeMap, BTreeSet};

use super::{Lowerer, inherit_af, inherit_session, some};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ios::context::{AfName, Context, PeerBlock, XrSetKind};
use crate::ios::ir_family;
use crate::ios::lines::Line;
use crate::ios::parse::xr::{IsisInterfaceSetting, OspfSetting, SetValue, XrStmt};
use crate::ir::interface::OspfNetworkType;
use crate::ir::policy::{
    AsPathList, AsPathListEntry, CommunityList, CommunityListEntry, PrefixList, PrefixListEntry,
    PrefixRange,
};
use crate::ir::routing::{
    BgpNeighbor, BgpPeer, IsisLevel, IsisProcessInterface, OspfProcessInterface,
};
use crate::ir::{Action, AddressFamily, Span, Spanned, StructureKind};

/// What IOS-XR statements leave for the end of the file.
#[derive(Debug, Default)]
pub(super) struct XrState<'a> {
    /// Route-policy bodies by name.
    policies: BTreeMap<String, PolicyBody<'a>>,
    /// OSPF settings per process (id, VRF).
    ospf: BTreeMap<(String, Option<String>), OspfLevels>,
    /// IS-IS interfaces per (process tag, interface).
    isis: BTreeMap<(String, String), IsisInterface>,
    /// `use` statements, in order.
    uses: Vec<Use>,
}

/// A route-policy as written.
#[derive(Debug)]
pub(super) struct PolicyBody<'a> {
    /// The `route-policy` line.
    pub(super) span: Span,
    /// Parameter names (without `$`).
    pub(super) params: Vec<String>,
    /// Body lines: (offset of the text in the file, text).
    pub(super) lines: Vec<(usize, &'a str)>,
}

/// OSPF interface settings of one level.
#[derive(Clone, Debug, Default)]
struct OspfInterfaceSettings {
    cost: Option<Spanned<u32>>,
    network: Option<Spanned<OspfNetworkType>>,
    passive: Option<Spanned<bool>>,
    hello: Option<Spanned<u32>>,
    dead: Option<Spanned<u32>>,
    mtu_ignore: Option<Spanned<bool>>,
}

impl OspfInterfaceSettings {
    fn set(&mut self, setting: OspfSetting, span: Span) {
        match setting {
            OspfSetting::Cost(c) => self.cost = some(c, span),
            OspfSetting::Network(n) => self.network = some(n, span),
            OspfSetting::Passive(p) => self.passive = some(p, span),
            OspfSetting::Hello(h) => self.hello = some(h, span),
            OspfSetting::Dead(d) => self.dead = some(d, span),
            OspfSetting::MtuIgnore(m) => self.mtu_ignore = some(m, span),
        }
    }

    /// These settings, with `parent`'s where these have none.
    fn over(&self, parent: &OspfInterfaceSettings) -> OspfInterfaceSettings {
        OspfInterfaceSettings {
            cost: self.cost.clone().or_else(|| parent.cost.clone()),
            network: self.network.clone().or_else(|| parent.network.clone()),
            passive: self.passive.clone().or_else(|| parent.passive.clone()),
            hello: self.hello.clone().or_else(|| parent.hello.clone()),
            dead: self.dead.clone().or_else(|| parent.dead.clone()),
            mtu_ignore: self
                .mtu_ignore
                .clone()
                .or_else(|| parent.mtu_ignore.clone()),
        }
    }
}

/// The OSPF settings of one process at each level.
#[derive(Debug, Default)]
struct OspfLevels {
    process: OspfInterfaceSettings,
    areas: BTreeMap<u32, OspfInterfaceSettings>,
    /// Interfaces in configuration order: (area, canonical name, the `interface` line, own
    /// settings).
    interfaces: Vec<(u32, String, Span, OspfInterfaceSettings)>,
}

/// An interface listed in `router isis`.
#[derive(Debug, Default)]
struct IsisInterface {
    span: Span,
    passive: bool,
    shutdown: bool,
    point_to_point: Option<Span>,
    circuit_type: Option<Spanned<IsisLevel>>,
    ipv4: bool,
    /// The `address-family ipv6 unicast` line, when configured.
    ipv6: Option<Span>,
    metric_l1: Option<u32>,
    metric_l2: Option<u32>,
}

/// Who a `use` statement is in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Block {
    /// A neighbor of a VRF (`""`: the default VRF).
    Neighbor(String, BgpPeer),
    /// A group, by name.
    Group(String),
}

/// `use neighbor-group|session-group|af-group NAME`.
#[derive(Clone, Debug)]
struct Use {
    block: Block,
    /// The family, for `use af-group` (inside the block's `address-family`).
    family: Option<AddressFamily>,
    kind: PeerBlock,
    name: String,
}

impl<'a> Lowerer<'a> {
    /// Lowers one IOS-XR statement bound to `ctx` (the context it opened, when it opens one).
    pub(super) fn xr(&mut self, ctx: &Context, stmt: XrStmt<'a>, line: &Line<'a>, span: Span) {
        match stmt {
            XrStmt::RoutePolicy { name, params } => {
                self.xr.policies.insert(
                    name.to_owned(),
                    PolicyBody {
                        span,
                        params: params.into_iter().map(str::to_owned).collect(),
                        lines: Vec::new(),
                    },
                );
            }
            XrStmt::PolicyLine => {
                if let Context::XrRoutePolicy { name } = ctx
                    && let Some(body) = self.xr.policies.get_mut(name)
                {
                    body.lines.push((line.offset, line.text));
                }
            }
            XrStmt::OpenSet { kind, name } => self.xr_open_set(kind, name, span),
            XrStmt::SetElements(elements) => {
                let Context::XrSet { kind, name } = ctx else {
                    return;
                };
                for element in elements {
                    let element_span = match self.span(element.text) {
                        s if s.is_empty() => span,
                        s => s,
                    };
                    match element.value {
                        Ok(value) => self.xr_set_element(name, value, element_span),
                        Err(why) => self.unsupported(
                            &format!("{} element: {why}", kind.keyword()),
                            Some(format!("{} {name}", kind.keyword())),
                            element_span,
                        ),
                    }
                }
            }
            XrStmt::OspfSetting(setting) => {
                let key = |id: &String, vrf: &Option<String>| (id.clone(), vrf.clone());
                match ctx {
                    Context::RouterOspf { id, vrf } => self
                        .xr
                        .ospf
                        .entry(key(id, vrf))
                        .or_default()
                        .process
                        .set(setting, span),
                    Context::XrOspfArea { id, vrf, area } => self
                        .xr
                        .ospf
                        .entry(key(id, vrf))
                        .or_default()
                        .areas
                        .entry(*area)
                        .or_default()
                        .set(setting, span),
                    Context::XrOspfInterface {
                        id,
                        vrf,
                        area,
                        name,
                    } => {
                        let levels = self.xr.ospf.entry(key(id, vrf)).or_default();
                        if let Some(entry) = levels
                            .interfaces
                            .iter_mut()
                            .rev()
                            .find(|(a, n, _, _)| a == area && n == name)
                        {
                            entry.3.set(setting, span);
                        }
                    }
                    _ => {}
                }
            }
            XrStmt::OspfInterface(written) => {
                if let Context::XrOspfInterface {
                    id,
                    vrf,
                    area,
                    name,
                } = ctx
                {
                    let levels = self.xr.ospf.entry((id.clone(), vrf.clone())).or_default();
                    // Listing an interface again (in the same or another area) configures the
                    // same entry; IOS-XR refuses an interface in two areas of one process.
                    levels.interfaces.retain(|(_, n, _, _)| n != name);
                    levels.interfaces.push((
                        *area,
                        name.clone(),
                        span,
                        OspfInterfaceSettings::default(),
                    ));
                    self.reference(
                        StructureKind::Interface,
                        written,
                        format!("router ospf {id} area interface"),
                        span,
                    );
                }
            }
            XrStmt::IsisInterfaceOpen(written) => {
                if let Context::XrIsisInterface { tag, name } = ctx {
                    self.xr
                        .isis
                        .entry((tag.clone(), name.clone()))
                        .or_default()
                        .span = span;
                    self.reference(
                        StructureKind::Interface,
                        written,
                        format!("router isis {tag} interface"),
                        span,
                    );
                }
            }
            XrStmt::IsisInterface(setting) => {
                let (tag, name, family) = match ctx {
                    Context::XrIsisInterface { tag, name } => (tag, name, None),
                    Context::XrIsisInterfaceAf { tag, name, family } => (tag, name, Some(family)),
                    _ => return,
                };
                let Some(iface) = self.xr.isis.get_mut(&(tag.clone(), name.clone())) else {
                    return;
                };
                match setting {
                    IsisInterfaceSetting::Passive => iface.passive = true,
                    IsisInterfaceSetting::Shutdown => iface.shutdown = true,
                    IsisInterfaceSetting::PointToPoint => iface.point_to_point = Some(span),
                    IsisInterfaceSetting::CircuitType(l) => iface.circuit_type = some(l, span),
                    IsisInterfaceSetting::Metric { metric, level } => {
                        if family == Some(&AfName::Ipv4Unicast) {
                            if level != Some(IsisLevel::Level2) {
                                iface.metric_l1 = Some(metric);
                            }
                            if level != Some(IsisLevel::Level1) {
                                iface.metric_l2 = Some(metric);
                            }
                        }
                    }
                }
            }
            XrStmt::BgpUse { kind, name } => self.xr_use(ctx, kind, name, span),
            XrStmt::BgpVrfRd(rd) => {
                if let Context::BgpVrf { vrf } = ctx
                    && let Some(v) = self.device.vrfs.get_mut(vrf)
                {
                    v.rd = Some(Spanned::new(rd.to_owned(), span));
                }
            }
            XrStmt::UnsafeEbgpPolicy => {
                if let Some(bgp) = self.device.bgp.as_mut() {
                    bgp.options.ebgp_requires_policy = some(false, span);
                }
            }
            XrStmt::RouteTarget(target) => {
                let (vrf, family, import) = match ctx {
                    Context::XrRouteTargets {
                        vrf,
                        family,
                        import,
                    } => (vrf, family, *import),
                    // `import route-target X` on one line, in the family itself.
                    Context::VrfAf { name, family } => (
                        name,
                        family,
                        line.text
                            .trim_start()
                            .get(..6)
                            .is_some_and(|w| w.eq_ignore_ascii_case("import")),
                    ),
                    _ => return,
                };
                let family = crate::ios::context::af_name(family).to_owned();
                if let Some(v) = self.device.vrfs.get_mut(vrf) {
                    let value = Spanned::new(target.to_owned(), span);
                    let map = if import {
                        &mut v.import_targets
                    } else {
                        &mut v.export_targets
                    };
                    map.entry(family).or_default().push(value);
                }
            }
            XrStmt::VrfLeakPolicy(policy) => {
                let scope = match ctx {
                    Context::VrfAf { name, .. } | Context::Vrf { name } => {
                        Some(format!("vrf {name}"))
                    }
                    _ => None,
                };
                self.reference(
                    StructureKind::RoutePolicy,
                    policy,
                    "vrf import/export",
                    span,
                );
                self.unsupported("vrf route leaking", scope, span);
            }
        }
    }

    /// Contexts opened by a plain `Stmt::Open` that the IOS-XR lowering tracks.
    pub(super) fn xr_open(&mut self, ctx: &Context, span: Span) {
        if let Context::XrStatic {
            vrf: Some(vrf),
            family: None,
        } = ctx
            && vrf != "default"
        {
            self.reference(StructureKind::Vrf, vrf, "router static vrf", span);
        }
        if let Context::XrIsisInterfaceAf { tag, name, family } = ctx
            && let Some(iface) = self.xr.isis.get_mut(&(tag.clone(), name.clone()))
        {
            match family {
                AfName::Ipv4Unicast => iface.ipv4 = true,
                AfName::Ipv6Unicast => iface.ipv6 = Some(span),
                AfName::Other(_) => {}
            }
        }
    }

    /// A set is (re)defined: it exists even when empty, and its old elements are gone.
    fn xr_open_set(&mut self, kind: XrSetKind, name: &str, span: Span) {
        let name = name.to_owned();
        match kind {
            XrSetKind::Prefix => {
                self.device.prefix_lists_v6.remove(&name);
                self.device.prefix_lists.insert(
                    name.clone(),
                    PrefixList {
                        name,
                        family: AddressFamily::Ipv4,
                        span,
                        entries: Vec::new(),
                    },
                );
            }
            XrSetKind::Community => {
                self.device.community_lists.insert(
                    name.clone(),
                    CommunityList {
                        name,
                        span,
                        entries: Vec::new(),
                    },
                );
            }
            XrSetKind::AsPath => {
                self.device.as_path_lists.insert(
                    name.clone(),
                    AsPathList {
                        name,
                        span,
                        entries: Vec::new(),
                    },
                );
            }
            XrSetKind::Other(_) => {}
        }
    }

    /// One element of set `name`: an entry permitting what the element matches.
    fn xr_set_element(&mut self, name: &str, value: SetValue, span: Span) {
        match value {
            SetValue::Prefix(prefix, min_len, max_len) => {
                let (map, family) = if prefix.addr().is_ipv4() {
                    (&mut self.device.prefix_lists, AddressFamily::Ipv4)
                } else {
                    (&mut self.device.prefix_lists_v6, AddressFamily::Ipv6)
                };
                let list = map.entry(name.to_owned()).or_insert_with(|| PrefixList {
                    name: name.to_owned(),
                    family,
                    span,
                    entries: Vec::new(),
                });
                let seq = (list.entries.len() as u32 + 1) * 10;
                list.entries.push(PrefixListEntry {
                    seq,
                    action: Action::Permit,
                    range: PrefixRange {
                        prefix,
                        min_len,
                        max_len,
                    },
                    span,
                });
            }
            SetValue::Community(matcher) => {
                if let Some(list) = self.device.community_lists.get_mut(name) {
                    list.entries.push(CommunityListEntry {
                        action: Action::Permit,
                        matcher,
                        span,
                    });
                }
            }
            SetValue::AsPath(regex) => {
                if let Some(list) = self.device.as_path_lists.get_mut(name) {
                    list.entries.push(AsPathListEntry {
                        action: Action::Permit,
                        regex,
                        span,
                    });
                }
            }
            SetValue::Other => {}
        }
    }

    /// `use ... NAME` inside a neighbor or group block (or its address family).
    fn xr_use(&mut self, ctx: &Context, kind: PeerBlock, name: &str, span: Span) {
        let (vrf, block_name, block_kind, family) = match ctx {
            Context::BgpPeer { vrf, name, kind } => (vrf, name, *kind, None),
            Context::BgpPeerAf {
                vrf,
                name,
                kind,
                family,
            } => (vrf, name, *kind, ir_family(family)),
            _ => return,
        };
        let who = match block_kind {
            PeerBlock::Neighbor => format!("bgp neighbor {block_name}"),
            other => format!("bgp {} {block_name}", other.keyword()),
        };
        self.reference(
            StructureKind::PeerGroup,
            name,
            format!("{who} use {}", kind.keyword()),
            span,
        );
        let block = if block_kind == PeerBlock::Neighbor {
            let key = match block_name.parse() {
                Ok(addr) => BgpPeer::Address(addr),
                Err(_) => match block_name.parse() {
                    Ok(range) => BgpPeer::Range(range),
                    Err(_) => return,
                },
            };
            let vrf = vrf.clone().unwrap_or_default();
            // The IR shows the neighbor-group a neighbor uses as its peer group.
            if kind == PeerBlock::NeighborGroup
                && let Some(n) = self
                    .device
                    .bgp
                    .as_mut()
                    .and_then(|b| b.vrfs.get_mut(&vrf))
                    .and_then(|v| v.neighbors.get_mut(&key))
            {
                n.peer_group = Some(Spanned::new(name.to_owned(), span));
            }
            Block::Neighbor(vrf, key)
        } else {
            if kind == PeerBlock::NeighborGroup
                && let Some(g) = self
                    .device
                    .bgp
                    .as_mut()
                    .and_then(|b| b.peer_groups.get_mut(block_name))
            {
                g.peer_group = Some(Spanned::new(name.to_owned(), span));
            }
            Block::Group(block_name.clone())
        };
        self.xr.uses.push(Use {
            block,
            family,
            kind,
            name: name.to_owned(),
        });
    }

    /// Resolves what IOS-XR statements left for the end of the file (see the module docs).
    pub(super) fn xr_finish(&mut self) {
        // A prefix-set with only IPv6 elements is not an IPv4 list.
        let v6_only: Vec<String> = self
            .device
            .prefix_lists
            .iter()
            .filter(|(name, list)| {
                list.entries.is_empty() && self.device.prefix_lists_v6.contains_key(*name)
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in v6_only {
            self.device.prefix_lists.remove(&name);
        }
        self.xr_finish_policies();
        self.xr_finish_ospf();
        self.xr_finish_isis();
        self.xr_finish_bgp();
    }

    fn xr_finish_ospf(&mut self) {
        let ospf = std::mem::take(&mut self.xr.ospf);
        for ((id, vrf), levels) in ospf {
            let mut listed = Vec::new();
            for (area, name, span, own) in &levels.interfaces {
                let area_settings = levels.areas.get(area).cloned().unwrap_or_default();
                let settings = own.over(&area_settings.over(&levels.process));
                listed.push(OspfProcessInterface {
                    name: name.clone(),
                    area: *area,
                    cost: settings.cost.as_ref().map(|c| c.value),
                    passive: settings.passive.as_ref().is_some_and(|p| p.value),
                    network_type: settings.network.as_ref().map(|n| n.value),
                    span: *span,
                });
                // Timers and MTU checking are properties of the interface's OSPF adjacency.
                if let Some(iface) = self.device.interfaces.get_mut(name) {
                    if iface.ospf.hello_interval.is_none() {
                        iface.ospf.hello_interval = settings.hello.clone();
                    }
                    if iface.ospf.dead_interval.is_none() {
                        iface.ospf.dead_interval = settings.dead.clone();
                    }
                    if iface.ospf.mtu_ignore.is_none() {
                        iface.ospf.mtu_ignore = settings.mtu_ignore.clone();
                    }
                }
            }
            if let Some(p) = self
                .device
                .ospf
                .iter_mut()
                .find(|p| p.id == id && p.vrf == vrf)
            {
                p.interfaces = listed;
            }
        }
    }

    fn xr_finish_isis(&mut self) {
        let isis = std::mem::take(&mut self.xr.isis);
        for ((tag, name), i) in isis {
            if i.shutdown {
                continue;
            }
            // IS-IS carries IPv4 on an interface only with its IPv4 family configured; an
            // interface that runs IS-IS for IPv6 alone is outside the IPv4 model.
            if !i.ipv4 {
                if let Some(span) = i.ipv6 {
                    let scope = Some(format!("router isis {tag} interface {name}"));
                    self.unsupported("isis ipv6", scope, span);
                }
                continue;
            }
            if let Some(iface) = self.device.interfaces.get_mut(&name) {
                if i.ipv6.is_some() {
                    iface.isis.ipv6 = true;
                }
                if let Some(c) = &i.circuit_type {
                    iface.isis.circuit_type = Some(c.clone());
                }
                if i.point_to_point.is_some() {
                    iface.isis.point_to_point = true;
                }
            }
            if let Some(p) = self.device.isis.iter_mut().find(|p| p.tag == tag) {
                p.interfaces.push(IsisProcessInterface {
                    name,
                    passive: i.passive,
                    metric_l1: i.metric_l1,
                    metric_l2: i.metric_l2,
                    span: i.span,
                });
            }
        }
    }

    fn xr_finish_bgp(&mut self) {
        let uses = std::mem::take(&mut self.xr.uses);
        let Some(bgp) = self.device.bgp.as_mut() else {
            return;
        };
        // RFC 8212: without a route-policy, eBGP sessions accept and send nothing.
        if bgp.options.ebgp_requires_policy.is_none() {
            bgp.options.ebgp_requires_policy = some(true, bgp.span);
        }
        // Groups first (in name order, each resolved with what it uses, recursively), then
        // every neighbor.
        let raw = bgp.peer_groups.clone();
        let mut resolved: BTreeMap<String, BgpNeighbor> = BTreeMap::new();
        let names: Vec<String> = raw.keys().cloned().collect();
        for name in &names {
            let mut visiting = BTreeSet::new();
            resolve_group(name, &raw, &uses, &mut resolved, &mut visiting);
        }
        for (name, group) in &resolved {
            bgp.peer_groups.insert(name.clone(), group.clone());
        }
        for (vrf_name, vrf) in bgp.vrfs.iter_mut() {
            for (key, neighbor) in vrf.neighbors.iter_mut() {
                let block = Block::Neighbor(vrf_name.clone(), key.clone());
                apply_uses(neighbor, &block, &uses, &resolved);
            }
        }
    }

    /// A diagnostic for a route-policy line (used by the policy compiler): an unrecognised
    /// statement, or a known one written wrongly.
    pub(super) fn xr_policy_diagnostic(&mut self, span: Span, message: String, unrecognised: bool) {
        let (code, text) = if unrecognised {
            (
                Code::UnrecognisedLine,
                format!("unrecognised route-policy statement: {message}"),
            )
        } else {
            (
                Code::InvalidLine,
                format!("invalid route-policy statement: {message}"),
            )
        };
        self.diagnostics
            .push(Diagnostic::new(code, Severity::Warning, span, text));
    }
}

/// Group `name` with everything it inherits, memoised in `resolved`; a group that uses itself
/// (through others) stops the recursion where the loop closes.
fn resolve_group(
    name: &str,
    raw: &BTreeMap<String, BgpNeighbor>,
    uses: &[Use],
    resolved: &mut BTreeMap<String, BgpNeighbor>,
    visiting: &mut BTreeSet<String>,
) {
    if resolved.contains_key(name) || !visiting.insert(name.to_owned()) {
        return;
    }
    let Some(group) = raw.get(name) else {
        return;
    };
    let mut group = group.clone();
    let block = Block::Group(name.to_owned());
    for u in uses.iter().filter(|u| u.block == block) {
        resolve_group(&u.name, raw, uses, resolved, visiting);
    }
    apply_uses(&mut group, &block, uses, resolved);
    resolved.insert(name.to_owned(), group);
}

/// Fills `target`'s unset settings from what `block` uses: af-groups and session-groups used
/// directly first, then the neighbor-group (already resolved).
fn apply_uses(
    target: &mut BgpNeighbor,
    block: &Block,
    uses: &[Use],
    resolved: &BTreeMap<String, BgpNeighbor>,
) {
    let mine: Vec<&Use> = uses.iter().filter(|u| &u.block == block).collect();
    for u in mine.iter().filter(|u| u.kind == PeerBlock::AfGroup) {
        let (Some(family), Some(group)) = (u.family, resolved.get(&u.name)) else {
            continue;
        };
        if let Some(gaf) = group.address_families.get(&family) {
            inherit_af(target.address_families.entry(family).or_default(), gaf);
        }
    }
    for u in mine.iter().filter(|u| u.kind == PeerBlock::SessionGroup) {
        if let Some(group) = resolved.get(&u.name) {
            inherit_session(target, group);
        }
    }
    for u in mine.iter().filter(|u| u.kind == PeerBlock::NeighborGroup) {
        if let Some(group) = resolved.get(&u.name) {
            inherit_session(target, group);
            for (family, gaf) in &group.address_families {
                inherit_af(target.address_families.entry(*family).or_default(), gaf);
            }
        }
    }
}
