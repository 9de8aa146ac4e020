//! BGP routes redistributed into an IGP. See [`DOC`].

use routeproof_parser::ir::routing::{Redistribution, RouteSource};

use super::Context;
use crate::report::{Evidence, Finding, Severity};

/// Stable code.
pub const CODE: &str = "routeproof::check::bgp_into_igp";

/// What it does / Why it matters / Example.
pub const DOC: &str = "What it does: finds `redistribute bgp` under OSPF and IS-IS processes, and counts the BGP routes it would inject on that device.\n\nWhy it matters: IGPs are built to carry infrastructure prefixes (loopbacks and links, typically a few thousand). Redistributing BGP pours the Internet table into them: every router recomputes, memory fills, adjacencies drop, and the IGP routes (administrative distance 110/115) win over the iBGP routes (200), dragging traffic to the redistributing router. This is what KT's missing `exit` did on 25 October 2021.\n\nExample:\n  router isis CORE\n   redistribute bgp 64500 route-map ENT-A-TO-CE   <- BGP routes into IS-IS";

/// Reports each redistribution of BGP into OSPF or IS-IS.
pub fn run(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for device in ctx.network.devices.values() {
        let node = ctx.control_plane.topology.node_id(&device.name);
        let bgp_routes = |vrf: &Option<String>| -> usize {
            let vrf = vrf
                .clone()
                .unwrap_or_else(|| crate::topology::DEFAULT_VRF.to_owned());
            node.and_then(|n| ctx.control_plane.ribs.get(&(n, vrf)))
                .map_or(0, |rib| {
                    rib.iter()
                        .filter(|(_, routes)| routes.iter().any(|r| r.protocol.is_bgp()))
                        .count()
                })
        };
        let mut report = |igp: String, r: &Redistribution, count: usize| {
            out.push(Finding {
                code: CODE.to_owned(),
                severity: Severity::Error,
                message: format!("bgp routes are redistributed into {igp} ({count} bgp prefixes in the table now)"),
                device: Some(device.name.clone()),
                evidence: vec![Evidence { side: ctx.side, span: r.span, label: format!("redistributes bgp into {igp}") }],
                reachability: None,
                help: Some(
                    "Carry external routes in BGP; if some must enter the IGP, filter them to a short, explicit prefix list and budget the count in routeproof.toml.".into(),
                ),
                preexisting: false,
            });
        };
        for p in &device.ospf {
            for r in p
                .redistribute
                .iter()
                .filter(|r| matches!(r.source, RouteSource::Bgp(_)))
            {
                report(format!("ospf {}", p.id), r, bgp_routes(&p.vrf));
            }
        }
        for p in &device.isis {
            for r in p
                .redistribute
                .iter()
                .filter(|r| matches!(r.source, RouteSource::Bgp(_)))
            {
                let name = if p.tag.is_empty() {
                    "isis".to_owned()
                } else {
                    format!("isis {}", p.tag)
                };
                report(name, r, bgp_routes(&p.vrf));
            }
        }
    }
    out
}
