//! References to structures that are not defined. See [`DOC`].

use routeproof_parser::ir::{self, StructureKind, Vendor};

use super::Context;
use crate::report::{Evidence, Finding, Severity};

/// Stable code.
pub const CODE: &str = "routeproof::check::undefined_reference";

/// What it does / Why it matters / Example.
pub const DOC: &str = "What it does: finds uses of route-maps, prefix lists, community and AS-path lists, ACLs, peer groups, interfaces and VRFs that no line defines.\n\nWhy it matters: a filter deleted in a cleanup, or a name typed wrong, does not fail on the device; it silently changes meaning, and the meaning differs by vendor (an undefined route-map on a BGP neighbor denies everything on IOS but is ignored on some other systems; an undefined ACL on an interface permits everything).\n\nExample:\n  neighbor 10.0.0.1 route-map FROM-PEER in    <- no `route-map FROM-PEER` exists";

fn defined(device: &ir::Device, kind: StructureKind, name: &str) -> bool {
    match kind {
        StructureKind::RoutePolicy => device.route_policies.contains_key(name),
        StructureKind::PrefixList => device.prefix_lists.contains_key(name),
        StructureKind::PrefixListV6 => device.prefix_lists_v6.contains_key(name),
        StructureKind::CommunityList => device.community_lists.contains_key(name),
        StructureKind::AsPathList => device.as_path_lists.contains_key(name),
        StructureKind::Acl => device.acls.contains_key(name),
        StructureKind::AclV6 => device.acls_v6.contains_key(name),
        StructureKind::PeerGroup => device
            .bgp
            .as_ref()
            .is_some_and(|b| b.peer_groups.contains_key(name)),
        StructureKind::Interface => {
            let canonical = routeproof_parser::batfish::canonical_interface(name, device.vendor);
            device.interfaces.contains_key(&canonical)
                || device
                    .interfaces
                    .keys()
                    .any(|k| k.eq_ignore_ascii_case(&canonical))
                || canonical.to_ascii_lowercase().starts_with("null")
        }
        // FRR VRFs may live only in the kernel (Linux), so they are not required in frr.conf.
        StructureKind::Vrf => device.vrfs.contains_key(name) || device.vendor == Vendor::Frr,
    }
}

/// What the vendor does with an undefined reference of this kind, as help text.
fn meaning(vendor: Vendor, kind: StructureKind, usage: &str) -> &'static str {
    match (kind, vendor) {
        (StructureKind::Acl | StructureKind::AclV6, _) if usage.contains("access-group") => {
            "An interface ACL that does not exist filters nothing: all traffic is permitted."
        }
        (StructureKind::RoutePolicy, Vendor::CiscoIos | Vendor::CiscoIosXe)
            if usage.contains("bgp neighbor") =>
        {
            "On IOS an undefined route-map on a BGP neighbor matches nothing, so every route in that direction is denied."
        }
        (StructureKind::RoutePolicy, _) if usage.contains("redistribute") => {
            "Redistribution through an undefined route-map redistributes nothing on most systems."
        }
        _ => {
            "Define the structure, or remove the reference; the device's behaviour for undefined references differs by vendor and is rarely what was meant."
        }
    }
}

/// Reports every reference whose target is not defined.
pub fn run(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for device in ctx.network.devices.values() {
        for r in &device.references {
            if defined(device, r.kind, &r.name) {
                continue;
            }
            out.push(Finding {
                code: CODE.to_owned(),
                severity: Severity::Warning,
                message: format!(
                    "{} `{}` is used ({}) but not defined",
                    r.kind.name(),
                    r.name,
                    r.usage
                ),
                device: Some(device.name.clone()),
                evidence: vec![Evidence {
                    side: ctx.side,
                    span: r.span,
                    label: "used here".into(),
                }],
                reachability: None,
                help: Some(meaning(device.vendor, r.kind, &r.usage).to_owned()),
                preexisting: false,
            });
        }
    }
    out
}
