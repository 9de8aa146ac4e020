//! Paths a router originates itself: `network` statements, redistribution and aggregates.
//!
//! - A `network` statement announces its exact prefix when the main table has it from a protocol
//!   other than BGP (IOS; FRR from 7.4 on, before that FRR announces unconditionally). The MED is
//!   the route's metric and the next hop its gateway, as IOS shows them (`3.0.1.2  2  32768 i`);
//!   NX-OS originates with itself as the next hop.
//! - Redistribution takes the main table's routes of the source protocol through the route-map
//!   (an undefined map redistributes nothing on IOS), with origin incomplete. IOS redistributes a
//!   default route only with `default-information originate`, and from OSPF only internal routes
//!   unless `match` says otherwise.
//! - An aggregate is active while the BGP table holds a more specific prefix; its path has origin
//!   IGP, no MED, and goes through the `attribute-map`. It is installed in the main table as a
//!   discard route (protocol `aggregate`).

use std::collections::BTreeMap;

use ipnet::IpNet;
use routeproof_parser::ir::policy::Origin;
use routeproof_parser::ir::routing::{BgpAggregate, RouteSource};
use routeproof_parser::ir::{AddressFamily, Vendor};

use super::config::Speaker;
use super::path::{Interner, LocalKind, Path, PathAttrs, PathSource};
use crate::policy::{self, PolicyOutcome, RouteAttributes, Trace};
use crate::rib::{NextHop, Protocol, Provenance, Rib, Route};

/// The families a speaker originates in.
pub const FAMILIES: [AddressFamily; 2] = [AddressFamily::Ipv4, AddressFamily::Ipv6];

/// The BGP next hop of a locally originated path: IOS and the others keep the IGP route's
/// gateway (`show ip bgp` lists it; it is advertised to iBGP peers as is), NX-OS originates from
/// itself (`0.0.0.0`; lab `nxos_redistribution`: d6 learns d1's redistributed static with next
/// hop d1).
fn local_next_hop(vendor: Vendor, gateway: Option<std::net::IpAddr>) -> Option<std::net::IpAddr> {
    match vendor {
        Vendor::CiscoNxos => None,
        _ => gateway,
    }
}

/// Turns policy output into path attributes of a local path.
pub fn path_attrs_from(attrs: &RouteAttributes, weight: u32, med: Option<u32>) -> PathAttrs {
    PathAttrs {
        weight,
        local_pref: attrs.local_preference,
        as_path: attrs.as_path.clone(),
        origin: attrs.origin,
        med,
        communities: attrs.communities.clone(),
        originator_id: None,
        cluster_list: Vec::new(),
        tag: attrs.tag,
    }
}

/// Runs an origination policy; `None` when it denies.
fn run_policy(
    speaker: &Speaker<'_>,
    name: Option<&str>,
    attrs: RouteAttributes,
    trace: &mut Trace,
) -> Option<RouteAttributes> {
    match policy::evaluate(speaker.device, name, attrs, trace) {
        PolicyOutcome::Permit(a) => Some(a),
        PolicyOutcome::Deny => None,
    }
}

/// Whether the main-table routes of `protocol` come from `source` for redistribution.
fn redistributes(
    source: &RouteSource,
    protocol: Protocol,
    match_types: &[String],
    vendor: Vendor,
) -> bool {
    match source {
        RouteSource::Connected => protocol == Protocol::Connected,
        RouteSource::Static => protocol == Protocol::Static,
        RouteSource::Ospf(_) => {
            if !protocol.is_ospf() {
                return false;
            }
            let cisco = matches!(
                vendor,
                Vendor::CiscoIos | Vendor::CiscoIosXe | Vendor::CiscoNxos | Vendor::CiscoIosXr
            );
            if match_types.is_empty() {
                // IOS: no `match` means internal routes only.
                return !cisco || matches!(protocol, Protocol::Ospf | Protocol::OspfInterArea);
            }
            let words = match_types.join(" ").to_ascii_lowercase();
            match protocol {
                Protocol::Ospf | Protocol::OspfInterArea => words.contains("internal"),
                Protocol::OspfE1 | Protocol::OspfE2 => {
                    words.contains("external") && !words.contains("nssa")
                        || words.contains("external 1") && protocol == Protocol::OspfE1
                        || words.contains("external 2") && protocol == Protocol::OspfE2
                }
                Protocol::OspfN1 | Protocol::OspfN2 => words.contains("nssa"),
                _ => false,
            }
        }
        RouteSource::Isis(_) => protocol.is_isis(),
        _ => false,
    }
}

/// Whether `redistribute eigrp AS` takes a main-table route of `protocol`: an EIGRP route of
/// the speaker's VRF, whose EIGRP process runs that AS.
fn redistributes_eigrp(speaker: &Speaker<'_>, source: &RouteSource, protocol: Protocol) -> bool {
    match source {
        RouteSource::Eigrp(asn) => {
            protocol.is_eigrp()
                && crate::control_plane::eigrp::runs_as(speaker.device, &speaker.vrf, *asn)
        }
        _ => false,
    }
}

/// The locally originated paths of `speaker` from `network` statements and redistribution, by
/// prefix, given the previous main table.
pub fn local_paths(
    speaker: &Speaker<'_>,
    rib: Option<&Rib>,
    interner: &mut Interner,
    trace: &mut Trace,
) -> BTreeMap<IpNet, Vec<Path>> {
    let mut out: BTreeMap<IpNet, Vec<Path>> = BTreeMap::new();
    let vendor = speaker.device.vendor;
    let cisco = matches!(
        vendor,
        Vendor::CiscoIos | Vendor::CiscoIosXe | Vendor::CiscoNxos | Vendor::CiscoIosXr
    );
    for family in FAMILIES {
        let Some(af) = speaker.af(family) else {
            continue;
        };
        for network in &af.networks {
            let installed = rib.and_then(|r| {
                r.get(&network.prefix)
                    .iter()
                    .find(|route| !route.protocol.is_bgp() && route.protocol != Protocol::Aggregate)
            });
            let attrs = match installed {
                Some(route) => {
                    let mut a = RouteAttributes::of_route(route);
                    a.protocol = Some(route.protocol);
                    a
                }
                None if network.unconditional || !speaker.network_import_check => {
                    RouteAttributes::new(network.prefix)
                }
                None => continue,
            };
            let policy = network.route_policy.as_ref().map(|p| p.value.as_str());
            trace.spans.push(network.span);
            let Some(attrs) = run_policy(speaker, policy, attrs, trace) else {
                continue;
            };
            // The MED is the route's metric (or what the route-map set).
            let med = (installed.is_some() || attrs.metric != 0).then_some(attrs.metric);
            let path_attrs = path_attrs_from(&attrs, speaker.local_weight.max(attrs.weight), med);
            out.entry(network.prefix).or_default().push(Path {
                attrs: interner.intern(path_attrs),
                next_hop: local_next_hop(vendor, attrs.next_hop),
                source: PathSource::Local(LocalKind::Network),
            });
        }
        let Some(rib) = rib else {
            continue;
        };
        let default_ok = !cisco
            || af
                .default_information_originate
                .as_ref()
                .is_some_and(|d| d.value);
        for redistribution in &af.redistribute {
            let policy = redistribution
                .route_policy
                .as_ref()
                .map(|p| p.value.as_str());
            for (prefix, routes) in rib.iter() {
                let Some(route) = routes.first() else {
                    continue;
                };
                if (prefix.addr().is_ipv4()) != (family == AddressFamily::Ipv4)
                    || !redistributes(
                        &redistribution.source,
                        route.protocol,
                        &redistribution.match_route_types,
                        vendor,
                    ) && !redistributes_eigrp(speaker, &redistribution.source, route.protocol)
                    || prefix.prefix_len() == 0 && !default_ok
                {
                    continue;
                }
                let mut attrs = RouteAttributes::of_route(route);
                attrs.origin = Origin::Incomplete;
                if let Some(metric) = redistribution.metric {
                    attrs.metric = metric;
                }
                let Some(attrs) = run_policy(speaker, policy, attrs, trace) else {
                    continue;
                };
                let path_attrs = path_attrs_from(
                    &attrs,
                    speaker.local_weight.max(attrs.weight),
                    Some(attrs.metric),
                );
                out.entry(*prefix).or_default().push(Path {
                    attrs: interner.intern(path_attrs),
                    next_hop: local_next_hop(vendor, attrs.next_hop),
                    source: PathSource::Local(LocalKind::Redistributed),
                });
            }
        }
    }
    for paths in out.values_mut() {
        paths.sort_by(|a, b| {
            (a.source, &a.attrs, a.next_hop).cmp(&(b.source, &b.attrs, b.next_hop))
        });
        paths.dedup();
    }
    out
}

/// The path of an active aggregate.
pub fn aggregate_path(
    speaker: &Speaker<'_>,
    aggregate: &BgpAggregate,
    interner: &mut Interner,
    trace: &mut Trace,
) -> Option<Path> {
    let attrs = RouteAttributes::new(aggregate.prefix);
    let policy = aggregate
        .attribute_policy
        .as_ref()
        .map(|p| p.value.as_str());
    // An attribute map only sets attributes; an undefined one is ignored.
    let attrs = match policy {
        Some(name) if speaker.device.route_policies.contains_key(name) => {
            run_policy(speaker, Some(name), attrs.clone(), trace).unwrap_or(attrs)
        }
        _ => attrs,
    };
    if aggregate.as_set {
        trace.unsupported.push(aggregate.span);
    }
    let mut path_attrs = path_attrs_from(&attrs, speaker.local_weight, None);
    if speaker.device.vendor == Vendor::AristaEos && policy.is_none() {
        // EOS originates aggregates with origin incomplete (`?` in `show ip bgp`).
        path_attrs.origin = Origin::Incomplete;
    }
    Some(Path {
        attrs: interner.intern(path_attrs),
        next_hop: None,
        source: PathSource::Local(LocalKind::Aggregate),
    })
}

/// The main-table route of an active aggregate: a discard route.
pub fn aggregate_route(
    speaker: &Speaker<'_>,
    prefix: IpNet,
    span: routeproof_parser::Span,
) -> Route {
    Route {
        prefix,
        protocol: Protocol::Aggregate,
        admin: speaker.distance.2,
        metric: 0,
        next_hop: NextHop::Discard,
        tag: None,
        provenance: Provenance::from([span]),
    }
}
