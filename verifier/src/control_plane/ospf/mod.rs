//! OSPFv2: areas, costs, adjacencies, intra-area, inter-area and external routes, per VRF.
//!
//! Routes are computed semantically, not by simulating LSA flooding, in the order the RFC's
//! routing table calculation implies (RFC 2328 §16):
//!
//! 1. `interface`: which interfaces run OSPF in which process and area, with cost, network
//!    type, passive, timers and MTU (`vendor` holds every vendor default); `router_id`
//!    picks router ids.
//! 2. `area`: adjacencies where both ends agree on what the devices check (area, timers,
//!    network type, stub flags, MTU, passive, router id), designated routers and transit
//!    networks, stub links; one graph per area.
//! 3. [`spf`]: one shortest-path-first run per router and attached area (binary-heap Dijkstra
//!    with ECMP first-hop sets).
//! 4. `routing`: intra-area routes; area border routers (Cisco's definition, RFC 3509: two
//!    or more attached areas, one of them the backbone) summarize into the backbone, learn
//!    inter-area routes from it, and summarize into their other areas (ranges, stub and NSSA
//!    rules, the stub default); ASBR reachability through ASBR summaries.
//! 5. `external`: redistribution from the previous iteration's main table (route-maps,
//!    metrics, types, tags, IOS's `subnets` rule), `default-information originate`, NSSA type-7
//!    and their translation into type 5, and the external route choice (type 1 before type 2,
//!    type-2 ties broken by the forwarding cost to the ASBR or forwarding address).
//!
//! A route prefers intra-area over inter-area over external paths, whatever the costs. Next
//! hops are the neighbour's address on the shared link with the outgoing interface; equal-cost
//! paths are kept up to the process's `maximum-paths` (or the vendor default).
//!
//! Not modelled (each a documented limit, see the report in the branch history): virtual
//! links, NBMA static neighbours, DR priorities, area filters and distribute-lists, external
//! forwarding addresses on type-5 (type-7 ones are), demand circuits, OSPFv3.

pub(crate) mod area;
pub(crate) mod external;
pub(crate) mod interface;
pub(crate) mod router_id;
pub(crate) mod routing;
pub mod spf;
pub(crate) mod vendor;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use routeproof_parser::ir::routing::{AreaId, OspfAreaKind};
use routeproof_parser::ir::{self, OspfProcess, Vendor};

use serde::Serialize;

use super::{Input, Output};
use crate::topology::{DEFAULT_VRF, NodeId, Topology};
pub use area::Agreement;
use interface::OspfInterface;

/// The type of an area as one router configures it (the routers of an area must agree, or
/// they are not adjacent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AreaKind {
    /// A normal area: type-5 externals flood into it.
    Normal,
    /// A stub area: no externals; the ABR sends a default summary.
    Stub {
        /// Totally stubby: the default summary only.
        no_summary: bool,
    },
    /// A not-so-stubby area: no type-5, local externals as type 7.
    Nssa {
        /// The ABR sends a default summary and no other summaries.
        no_summary: bool,
        /// The ABR originates a type-7 default.
        default_originate: bool,
        /// The ABR does not redistribute into the NSSA.
        no_redistribution: bool,
    },
}

/// One OSPF process on one device: a vertex of the SPF graphs.
#[derive(Clone, Debug)]
pub(crate) struct Router<'a> {
    /// The node.
    pub(crate) node: NodeId,
    /// Its configuration.
    pub(crate) device: &'a ir::Device,
    /// The process.
    pub(crate) process: &'a OspfProcess,
    /// The process's VRF name.
    pub(crate) vrf: String,
    /// Router id.
    pub(crate) router_id: Ipv4Addr,
    /// Interfaces running in the process, sorted by name.
    pub(crate) interfaces: Vec<OspfInterface>,
    /// Attached areas (an up interface in them) with their configured type.
    pub(crate) areas: BTreeMap<AreaId, AreaKind>,
    /// `max-metric router-lsa`: transit links advertised at [`vendor::MAX_LINK_METRIC`].
    pub(crate) max_metric: bool,
    /// ECMP limit.
    pub(crate) maximum_paths: usize,
}

impl Router<'_> {
    /// The device's vendor.
    pub(crate) fn vendor(&self) -> Vendor {
        self.device.vendor
    }

    /// An area border router in Cisco's sense (RFC 3509): attached to the backbone and to at
    /// least one other area.
    pub(crate) fn is_abr(&self) -> bool {
        self.areas.len() >= 2 && self.areas.contains_key(&0)
    }

    /// How this router configures `area`.
    pub(crate) fn area_kind(&self, area: AreaId) -> AreaKind {
        match self
            .process
            .areas
            .get(&area)
            .and_then(|a| a.kind.as_ref())
            .map(|k| k.value)
        {
            Some(OspfAreaKind::Stub { no_summary }) => AreaKind::Stub { no_summary },
            Some(OspfAreaKind::Nssa {
                no_summary,
                default_originate,
                no_redistribution,
            }) => AreaKind::Nssa {
                no_summary,
                default_originate,
                no_redistribution,
            },
            Some(OspfAreaKind::Normal) | None => AreaKind::Normal,
        }
    }

    /// Attached to an area that carries type-5 externals.
    pub(crate) fn has_normal_area(&self) -> bool {
        self.areas.values().any(|k| *k == AreaKind::Normal)
    }
}

/// Every OSPF process of every device, in node then configuration order.
pub(crate) fn routers<'a>(
    topology: &Topology,
    devices: &[Option<&'a ir::Device>],
) -> Vec<Router<'a>> {
    let mut out = Vec::new();
    for (i, node) in topology.nodes.iter().enumerate() {
        let Some(device) = devices[i] else { continue };
        for (index, process) in device.ospf.iter().enumerate() {
            if process.shutdown.as_ref().is_some_and(|s| s.value) {
                continue;
            }
            let Some(router_id) = router_id::router_id(node, device.vendor, process) else {
                continue;
            };
            let interfaces = interface::enabled_interfaces(node, device, index);
            if interfaces.is_empty() {
                continue;
            }
            let mut router = Router {
                node: NodeId(i as u32),
                device,
                process,
                vrf: process
                    .vrf
                    .clone()
                    .unwrap_or_else(|| DEFAULT_VRF.to_owned()),
                router_id,
                interfaces,
                areas: BTreeMap::new(),
                max_metric: process.max_metric.as_ref().is_some_and(|m| m.value),
                maximum_paths: process
                    .maximum_paths
                    .as_ref()
                    .map_or(vendor::default_maximum_paths(device.vendor), |m| {
                        m.value.max(1) as usize
                    }),
            };
            let areas: Vec<AreaId> = router.interfaces.iter().map(|i| i.area).collect();
            for area in areas {
                let kind = router.area_kind(area);
                router.areas.insert(area, kind);
            }
            out.push(router);
        }
    }
    out
}

/// What two OSPF interfaces on a shared segment decided: adjacent or why not.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Neighbor {
    /// One side: (device, interface).
    pub a: (String, String),
    /// The other side.
    pub b: (String, String),
    /// The area of side `a`.
    pub area: AreaId,
    /// Full, or the first check that fails.
    pub agreement: Agreement,
}

/// Every pair of OSPF interfaces that share a segment, with the adjacency decision (what
/// `show ip ospf neighbor` would show as FULL, or the reason it would not).
pub fn neighbors(topology: &Topology, devices: &[Option<&ir::Device>]) -> Vec<Neighbor> {
    let routers = routers(topology, devices);
    let (_, found) = area::build(&routers, topology);
    let side = |p: area::Port| {
        let router = &routers[p.0];
        (
            topology.node(router.node).name.clone(),
            router.interfaces[p.1 as usize].name.clone(),
        )
    };
    found
        .into_iter()
        .map(|n| Neighbor {
            a: side(n.a),
            b: side(n.b),
            area: routers[n.a.0].interfaces[n.a.1 as usize].area,
            agreement: n.agreement,
        })
        .collect()
}

/// OSPF routes of every node, from the previous iteration's main tables.
pub fn compute(input: &Input<'_>) -> Output {
    let routers = routers(input.topology, input.devices);
    if routers.is_empty() {
        return Output::default();
    }
    let (areas, _) = area::build(&routers, input.topology);
    let lsas = external::originate(input, &routers);
    routing::compute(&routers, &areas, lsas)
}

#[cfg(test)]
mod tests;
