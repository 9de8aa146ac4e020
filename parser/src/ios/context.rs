//! Configuration contexts (modes) of the IOS family.

/// Address families named by `address-family` lines.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum AfName {
    /// `address-family ipv4 [unicast]`.
    Ipv4Unicast,
    /// `address-family ipv6 [unicast]`.
    Ipv6Unicast,
    /// Any other family (vpnv4, evpn, multicast...), by its words.
    Other(String),
}

/// What an NX-OS-style BGP peer block configures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PeerBlock {
    /// `neighbor PEER` (NX-OS).
    Neighbor,
    /// `template peer NAME` (NX-OS): inherited whole, like a peer group.
    PeerTemplate,
    /// `template peer-session NAME` (IOS, NX-OS): session settings.
    SessionTemplate,
    /// `template peer-policy NAME` (IOS, NX-OS): per-family settings.
    PolicyTemplate,
    /// IOS-XR `neighbor-group NAME`: session and per-family settings, used with `use
    /// neighbor-group NAME` (inherited whole, like a peer group).
    NeighborGroup,
    /// IOS-XR `session-group NAME`: session settings, used with `use session-group NAME`.
    SessionGroup,
    /// IOS-XR `af-group NAME address-family F`: one family's settings, used with `use af-group
    /// NAME` inside a neighbor's address family. Its context is always a
    /// [`Context::BgpPeerAf`].
    AfGroup,
}

impl PeerBlock {
    /// The words that open the block.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            PeerBlock::Neighbor => "neighbor",
            PeerBlock::PeerTemplate => "template peer",
            PeerBlock::SessionTemplate => "template peer-session",
            PeerBlock::PolicyTemplate => "template peer-policy",
            PeerBlock::NeighborGroup => "neighbor-group",
            PeerBlock::SessionGroup => "session-group",
            PeerBlock::AfGroup => "af-group",
        }
    }
}

/// A configuration mode together with what it configures.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Context {
    /// Global configuration.
    Global,
    /// `interface X` (canonical name).
    Interface(String),
    /// `router ospf ID [vrf V]`.
    RouterOspf {
        /// Process id.
        id: String,
        /// VRF.
        vrf: Option<String>,
    },
    /// `router isis [TAG]`.
    RouterIsis {
        /// Tag (empty when untagged).
        tag: String,
    },
    /// `router eigrp TAG` (classic IOS or NX-OS), NX-OS `vrf V` blocks inside it, and the
    /// address families inside it (IOS `address-family ipv4 vrf V`, NX-OS
    /// `address-family ipv4 unicast`).
    RouterEigrp {
        /// The process's tag (its AS number in classic IOS).
        tag: String,
        /// VRF of a `vrf` block or an address family.
        vrf: Option<String>,
        /// An `address-family` block (closed by `exit-address-family`).
        af: bool,
    },
    /// `address-family` inside `router isis`.
    IsisAf {
        /// Tag of the process.
        tag: String,
        /// Family.
        family: AfName,
    },
    /// `router bgp ASN`.
    RouterBgp {
        /// Local AS.
        asn: u32,
    },
    /// `vrf V` inside `router bgp` (EOS, FRR-style blocks, NX-OS).
    BgpVrf {
        /// VRF.
        vrf: String,
    },
    /// `address-family ... [vrf V]` inside `router bgp`.
    BgpAf {
        /// VRF (`None`: default VRF unless inside a [`Context::BgpVrf`]).
        vrf: Option<String>,
        /// Family.
        family: AfName,
    },
    /// A BGP peer block: NX-OS `neighbor PEER` or a template (see [`PeerBlock`]).
    BgpPeer {
        /// VRF of the enclosing `vrf` block (`None`: default VRF).
        vrf: Option<String>,
        /// The peer (address or prefix) or template name.
        name: String,
        /// What the block configures.
        kind: PeerBlock,
    },
    /// `address-family` inside a [`Context::BgpPeer`] block.
    BgpPeerAf {
        /// VRF of the enclosing `vrf` block.
        vrf: Option<String>,
        /// The peer or template name.
        name: String,
        /// What the enclosing block configures.
        kind: PeerBlock,
        /// Family.
        family: AfName,
    },
    /// `route-map NAME permit|deny SEQ`.
    RouteMap {
        /// Name.
        name: String,
        /// Sequence number.
        seq: u32,
    },
    /// `ip access-list standard|extended NAME` (also IPv6 lists).
    Acl {
        /// Name.
        name: String,
        /// Standard list (matches sources only).
        standard: bool,
        /// IPv6.
        ipv6: bool,
    },
    /// `ip prefix-list NAME` block (XR-like and EOS `ip prefix-list NAME` with indented seqs).
    PrefixListBlock {
        /// Name.
        name: String,
        /// IPv6.
        ipv6: bool,
    },
    /// `vrf definition V`, `ip vrf V`, `vrf instance V`, `vrf context V` (NX-OS), FRR `vrf V`.
    Vrf {
        /// Name.
        name: String,
    },
    /// `address-family` inside a VRF definition.
    VrfAf {
        /// VRF.
        name: String,
        /// Family.
        family: AfName,
    },
    /// IOS-XR `router static` (`vrf: None, family: None`), its `vrf V` blocks and their
    /// `address-family` blocks, where the routes are.
    XrStatic {
        /// VRF of a `vrf V` block.
        vrf: Option<String>,
        /// Family of an `address-family` block.
        family: Option<AfName>,
    },
    /// IOS-XR `area A` inside `router ospf ID [vrf V]` (the process's `vrf V` block).
    XrOspfArea {
        /// Process id.
        id: String,
        /// VRF.
        vrf: Option<String>,
        /// Area.
        area: u32,
    },
    /// IOS-XR `interface X` inside an OSPF area.
    XrOspfInterface {
        /// Process id.
        id: String,
        /// VRF.
        vrf: Option<String>,
        /// Area.
        area: u32,
        /// Canonical interface name.
        name: String,
    },
    /// IOS-XR `interface X` inside `router isis TAG`.
    XrIsisInterface {
        /// Process tag.
        tag: String,
        /// Canonical interface name.
        name: String,
    },
    /// IOS-XR `address-family` inside an IS-IS interface.
    XrIsisInterfaceAf {
        /// Process tag.
        tag: String,
        /// Canonical interface name.
        name: String,
        /// Family.
        family: AfName,
    },
    /// IOS-XR `route-policy NAME[(PARAMS)]`: the policy's body, up to `end-policy`. Every line
    /// in it is the policy's (the device's RPL editor takes everything until `end-policy`).
    XrRoutePolicy {
        /// Name.
        name: String,
    },
    /// IOS-XR `prefix-set`, `community-set`, `as-path-set` (and other `*-set`s), up to
    /// `end-set`.
    XrSet {
        /// Which kind of set.
        kind: XrSetKind,
        /// Name.
        name: String,
    },
    /// IOS-XR `import route-target` / `export route-target` inside a VRF's address family: one
    /// route target per line.
    XrRouteTargets {
        /// VRF.
        vrf: String,
        /// Family.
        family: AfName,
        /// `import` (else `export`).
        import: bool,
    },
    /// A block recognised as irrelevant to routing (`line vty`, `crypto pki`...). Opaque.
    Ignored(&'static str),
    /// A block opened by an unrecognised line. Opaque.
    Unrecognised,
}

/// The kinds of IOS-XR routing-policy sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum XrSetKind {
    /// `prefix-set`.
    Prefix,
    /// `community-set`.
    Community,
    /// `as-path-set`.
    AsPath,
    /// Sets that only unmodelled statements use (`extcommunity-set`, `rd-set`,
    /// `large-community-set`, `tag-set`...), by keyword.
    Other(&'static str),
}

impl XrSetKind {
    /// The keyword that opens the set.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            XrSetKind::Prefix => "prefix-set",
            XrSetKind::Community => "community-set",
            XrSetKind::AsPath => "as-path-set",
            XrSetKind::Other(k) => k,
        }
    }
}

impl Context {
    /// Opaque contexts swallow every line indented below their opener.
    pub(crate) fn is_opaque(&self) -> bool {
        matches!(self, Context::Ignored(_) | Context::Unrecognised)
    }

    /// Address-family contexts (left by `exit-address-family`).
    pub(crate) fn is_address_family(&self) -> bool {
        matches!(
            self,
            Context::BgpAf { .. }
                | Context::BgpPeerAf { .. }
                | Context::IsisAf { .. }
                | Context::RouterEigrp { af: true, .. }
                | Context::VrfAf { .. }
                | Context::XrIsisInterfaceAf { .. }
                | Context::XrStatic {
                    family: Some(_),
                    ..
                }
        )
    }

    /// IOS-XR routing-policy bodies, closed by `end-policy` / `end-set` rather than `exit`.
    pub(crate) fn is_xr_policy_body(&self) -> bool {
        matches!(self, Context::XrRoutePolicy { .. } | Context::XrSet { .. })
    }

    /// VRF blocks (left by `exit-vrf`).
    pub(crate) fn is_vrf_block(&self) -> bool {
        matches!(self, Context::BgpVrf { .. } | Context::Vrf { .. })
    }

    /// A short human description, used in binding traces and slip messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Context::Global => "global configuration".to_owned(),
            Context::Interface(name) => format!("interface {name}"),
            Context::RouterOspf { id, vrf: None } => format!("router ospf {id}"),
            Context::RouterOspf { id, vrf: Some(v) } => format!("router ospf {id} vrf {v}"),
            Context::RouterIsis { tag } if tag.is_empty() => "router isis".to_owned(),
            Context::RouterIsis { tag } => format!("router isis {tag}"),
            Context::IsisAf { tag, family } => {
                format!("router isis {tag} address-family {}", af_name(family))
            }
            Context::RouterEigrp { tag, vrf: None, .. } => format!("router eigrp {tag}"),
            Context::RouterEigrp {
                tag,
                vrf: Some(v),
                af: false,
            } => format!("router eigrp {tag} vrf {v}"),
            Context::RouterEigrp {
                tag,
                vrf: Some(v),
                af: true,
            } => format!("router eigrp {tag} address-family ipv4 vrf {v}"),
            Context::RouterBgp { asn } => format!("router bgp {asn}"),
            Context::BgpVrf { vrf } => format!("router bgp vrf {vrf}"),
            Context::BgpAf { vrf: None, family } => {
                format!("router bgp address-family {}", af_name(family))
            }
            Context::BgpAf {
                vrf: Some(v),
                family,
            } => {
                format!("router bgp address-family {} vrf {v}", af_name(family))
            }
            Context::BgpPeer { vrf, name, kind } => {
                format!("router bgp {}{} {name}", vrf_prefix(vrf), kind.keyword())
            }
            Context::BgpPeerAf {
                vrf,
                name,
                kind,
                family,
            } => format!(
                "router bgp {}{} {name} address-family {}",
                vrf_prefix(vrf),
                kind.keyword(),
                af_name(family)
            ),
            Context::RouteMap { name, seq } => format!("route-map {name} {seq}"),
            Context::Acl { name, .. } => format!("access-list {name}"),
            Context::PrefixListBlock { name, .. } => format!("prefix-list {name}"),
            Context::Vrf { name } => format!("vrf {name}"),
            Context::VrfAf { name, family } => {
                format!("vrf {name} address-family {}", af_name(family))
            }
            Context::XrStatic { vrf, family } => {
                let mut text = "router static".to_owned();
                if let Some(v) = vrf {
                    text.push_str(&format!(" vrf {v}"));
                }
                if let Some(f) = family {
                    text.push_str(&format!(" address-family {}", af_name(f)));
                }
                text
            }
            Context::XrOspfArea { id, vrf, area } => {
                format!("router ospf {id} {}area {area}", vrf_prefix(vrf))
            }
            Context::XrOspfInterface {
                id,
                vrf,
                area,
                name,
            } => format!(
                "router ospf {id} {}area {area} interface {name}",
                vrf_prefix(vrf)
            ),
            Context::XrIsisInterface { tag, name } => {
                format!("router isis {tag} interface {name}")
            }
            Context::XrIsisInterfaceAf { tag, name, family } => format!(
                "router isis {tag} interface {name} address-family {}",
                af_name(family)
            ),
            Context::XrRoutePolicy { name } => format!("route-policy {name}"),
            Context::XrSet { kind, name } => format!("{} {name}", kind.keyword()),
            Context::XrRouteTargets {
                vrf,
                family,
                import,
            } => format!(
                "vrf {vrf} address-family {} {} route-target",
                af_name(family),
                if *import { "import" } else { "export" }
            ),
            Context::Ignored(what) => format!("ignored block ({what})"),
            Context::Unrecognised => "unrecognised block".to_owned(),
        }
    }
}

/// `vrf V ` when in a VRF, else nothing.
fn vrf_prefix(vrf: &Option<String>) -> String {
    vrf.as_ref()
        .map_or_else(String::new, |v| format!("vrf {v} "))
}

/// The family as written in configurations.
pub(crate) fn af_name(family: &AfName) -> &str {
    match family {
        AfName::Ipv4Unicast => "ipv4",
        AfName::Ipv6Unicast => "ipv6",
        AfName::Other(words) => words,
    }
}
