//! Named references: every place a configuration uses a structure by name.
//!
//! The verifier compares these with the structures that are defined to find undefined (and
//! unused) references. What an undefined reference *means* differs per dialect; that is the
//! verifier's business, not recorded here.

use serde::{Deserialize, Serialize};

use super::Span;

/// The kind of a named structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StructureKind {
    /// A route policy (route-map, policy-statement).
    RoutePolicy,
    /// An IPv4 prefix list.
    PrefixList,
    /// An IPv6 prefix list.
    PrefixListV6,
    /// A community list.
    CommunityList,
    /// An AS-path list.
    AsPathList,
    /// An IPv4 packet filter.
    Acl,
    /// An IPv6 packet filter.
    AclV6,
    /// A BGP peer group or template.
    PeerGroup,
    /// An interface.
    Interface,
    /// A VRF.
    Vrf,
}

impl StructureKind {
    /// A stable human name.
    pub fn name(self) -> &'static str {
        match self {
            StructureKind::RoutePolicy => "route policy",
            StructureKind::PrefixList => "prefix list",
            StructureKind::PrefixListV6 => "ipv6 prefix list",
            StructureKind::CommunityList => "community list",
            StructureKind::AsPathList => "as-path list",
            StructureKind::Acl => "acl",
            StructureKind::AclV6 => "ipv6 acl",
            StructureKind::PeerGroup => "peer group",
            StructureKind::Interface => "interface",
            StructureKind::Vrf => "vrf",
        }
    }
}

/// One use of a named structure.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reference {
    /// What kind of structure is referred to.
    pub kind: StructureKind,
    /// Its name as written; interfaces by their canonical name (`Gi0/0` is
    /// `GigabitEthernet0/0`), the key of [`Device::interfaces`](super::Device::interfaces).
    pub name: String,
    /// Where and how it is used, e.g. `bgp neighbor 10.0.0.1 route-map in`.
    pub usage: String,
    /// The name's span.
    pub span: Span,
}
