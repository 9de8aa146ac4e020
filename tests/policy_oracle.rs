//! Route-policy evaluation against Batfish's answers on the route-analysis network (pybatfish's
//! "Analyzing Routing Policies" notebook, `refs/notebook-routing-policies.outputs.md`).
//!
//! Input: the two border routers' route-maps. Expected: for every concrete route the notebook
//! evaluates (testRoutePolicies) or returns as an example (searchRoutePolicies), the same
//! verdict and attribute changes; for every search that found nothing, no counterexample among
//! a sweep of concrete routes.

mod common;

use std::collections::BTreeSet;

use routeproof_parser::ir;
use routeproof_verifier::policy::{
    self, Community, PolicyOutcome, RouteAttributes, Trace, community,
};

fn devices() -> Option<(ir::Device, ir::Device)> {
    let oracle = common::oracle()?;
    let loaded = routeproof::load::load_snapshot(&oracle.join("route-analysis")).unwrap();
    let get = |n: &str| loaded.network.devices.get(n).cloned().unwrap();
    Some((get("border1"), get("border2")))
}

fn route(prefix: &str, communities: &[&str], as_path: &[u32]) -> RouteAttributes {
    let mut r = RouteAttributes::new(prefix.parse().unwrap());
    r.local_preference = 0;
    r.origin = ir::policy::Origin::Egp;
    r.communities = communities
        .iter()
        .map(|c| community::parse(c).unwrap())
        .collect();
    r.as_path = as_path.to_vec();
    r
}

fn eval(device: &ir::Device, name: &str, r: RouteAttributes) -> Option<RouteAttributes> {
    match policy::evaluate(device, Some(name), r, &mut Trace::default()) {
        PolicyOutcome::Permit(r) => Some(r),
        PolicyOutcome::Deny => None,
    }
}

fn set(communities: &[&str]) -> BTreeSet<Community> {
    communities
        .iter()
        .map(|c| community::parse(c).unwrap())
        .collect()
}

/// Cells 2, 3 and 5 (testRoutePolicies, and the example searchRoutePolicies returned).
#[test]
fn concrete_routes_match_batfish() {
    let Some((border1, border2)) = devices() else {
        return;
    };
    // Cell 2: private space is denied by clause 100 on both borders.
    for d in [&border1, &border2] {
        assert!(eval(d, "from_customer", route("10.0.0.0/24", &[], &[])).is_none());
    }
    // Cell 3: border2's private-ips list lacks `ge 16` for 192.168/16, so /32s get through
    // clause 400 with community 20:30 and local preference 300.
    let out = eval(&border2, "from_customer", route("192.168.0.0/32", &[], &[])).unwrap();
    assert_eq!(out.communities, set(&["20:30"]));
    assert_eq!(out.local_preference, 300);
    assert!(eval(&border1, "from_customer", route("192.168.0.0/32", &[], &[])).is_none());
    // Cell 5: 2.0.0.0/8 passes clause 400 on both; only border2 sets local preference.
    let out1 = eval(&border1, "from_customer", route("2.0.0.0/8", &[], &[])).unwrap();
    assert_eq!(out1.communities, set(&["20:30"]));
    assert_eq!(out1.local_preference, 0);
    let out2 = eval(&border2, "from_customer", route("2.0.0.0/8", &[], &[])).unwrap();
    assert_eq!(out2.local_preference, 300);
    // Cell 9: border2 denies 10.0.0.0/8 carrying 20:30 towards the provider.
    assert!(
        eval(
            &border2,
            "to_provider",
            route("10.0.0.0/8", &["20:30"], &[])
        )
        .is_none()
    );
    // Cell 10: border2 permits 10.0.0.0/8 carrying 2:30 (clause 200), unchanged.
    let out = eval(&border2, "to_provider", route("10.0.0.0/8", &["2:30"], &[])).unwrap();
    assert_eq!(out.communities, set(&["2:30"]));
}

/// Cells 4, 6, 7, 8 (searches that found nothing): no counterexample among a sweep.
#[test]
fn empty_searches_stay_empty() {
    let Some((border1, border2)) = devices() else {
        return;
    };
    let prefixes = [
        "5.5.5.0/24",
        "5.5.5.128/25",
        "5.5.5.7/32",
        "1.2.3.0/24",
        "1.2.3.64/26",
        "1.2.4.0/24",
        "1.2.4.1/32",
        "2.0.0.0/8",
        "8.8.8.0/24",
        "10.1.0.0/16",
        "172.16.5.0/24",
        "192.168.1.0/24",
        "192.168.0.0/32",
    ];
    let paths: [&[u32]; 5] = [&[], &[44], &[1, 44], &[44, 1], &[144]];
    let communities: [&[&str]; 3] = [&[], &["20:30"], &["2:30"]];
    for d in [&border1, &border2] {
        for p in prefixes {
            for path in paths {
                for c in communities {
                    let r = route(p, c, path);
                    let from = eval(d, "from_customer", r.clone());
                    // Cell 4: 5.5.5.0/24..32 not originated by AS 44 is never permitted.
                    let known: ipnet::IpNet = "5.5.5.0/24".parse().unwrap();
                    let from44 = path.last() == Some(&44);
                    if known.contains(&r.prefix) && !from44 {
                        assert!(from.is_none(), "cell 4: {p} {path:?} {c:?} on {}", d.name);
                    }
                    // Cell 6: whatever from_customer permits carries 20:30.
                    if let Some(out) = &from {
                        assert!(
                            out.communities
                                .contains(&community::parse("20:30").unwrap())
                        );
                        // Cell 7: on border2 it also has local preference 300.
                        if d.name == "border2" {
                            assert_eq!(out.local_preference, 300);
                        }
                    }
                    // Cell 8: to_provider never denies owned space.
                    let owned = ["1.2.3.0/24", "1.2.4.0/24"]
                        .iter()
                        .any(|o| o.parse::<ipnet::IpNet>().unwrap().contains(&r.prefix));
                    if owned {
                        assert!(eval(d, "to_provider", r.clone()).is_some(), "cell 8: {p}");
                    }
                }
            }
        }
    }
}
