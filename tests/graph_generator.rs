//! `generate::from_graph`: the configurations it writes parse without a diagnostic, and the
//! simulation gives every internal router a BGP route to every external prefix, leaving by the
//! border that iBGP with route reflection (or a full mesh) and hot-potato routing select:
//! a border uses its own eBGP route; a reflector (or, in a full mesh, any router) the border
//! nearest by IGP cost; a client the nearest of the borders its reflectors chose; ties go to
//! the lowest router id.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use routeproof::generate::{self, GraphSpec, Igp};
use routeproof_verifier::control_plane;
use routeproof_verifier::topology::DEFAULT_VRF;

/// All-pairs IGP costs (Floyd–Warshall; the graphs here are tiny).
fn distances(spec: &GraphSpec) -> Vec<Vec<u64>> {
    let n = spec.routers;
    let mut d = vec![vec![u64::MAX / 4; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = 0;
    }
    for &(a, b, w) in &spec.links {
        d[a][b] = d[a][b].min(u64::from(w));
        d[b][a] = d[b][a].min(u64::from(w));
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                d[i][j] = d[i][j].min(d[i][k] + d[k][j]);
            }
        }
    }
    d
}

/// The egress router each internal router should use for every prefix.
fn expected_egress(spec: &GraphSpec) -> Vec<usize> {
    let d = distances(spec);
    let nearest = |from: usize, among: &[usize]| -> usize {
        *among
            .iter()
            .min_by_key(|&&b| (d[from][b], b))
            .expect("a border")
    };
    let borders = &spec.externals;
    let chosen_by_reflectors: Vec<usize> = spec
        .reflectors
        .iter()
        .map(|&r| {
            if borders.contains(&r) {
                r
            } else {
                nearest(r, borders)
            }
        })
        .collect();
    (0..spec.routers)
        .map(|i| {
            if borders.contains(&i) {
                i
            } else if spec.reflectors.is_empty() || spec.reflectors.contains(&i) {
                nearest(i, borders)
            } else {
                nearest(i, &chosen_by_reflectors)
            }
        })
        .collect()
}

/// Simulates the generated network; returns, per internal router, the egress router of its
/// route to each prefix (`None` when it has no BGP route).
fn simulated_egress(spec: &GraphSpec) -> Vec<Vec<Option<usize>>> {
    let generated = generate::from_graph(spec);
    let (_, network, files) = generated.parse();
    for f in &files {
        assert!(f.diagnostics.is_empty(), "{:?}", f.diagnostics);
    }
    let cp = control_plane::simulate(&network);
    assert!(cp.issues.is_empty(), "{:?}", cp.issues);
    let index: BTreeMap<String, usize> = (0..spec.routers)
        .map(|i| (generate::graph_router_name(i), i))
        .collect();
    (0..spec.routers)
        .map(|i| {
            let node = cp
                .topology
                .node_id(&generate::graph_router_name(i))
                .expect("router in the topology");
            let rib = &cp.ribs[&(node, DEFAULT_VRF.to_owned())];
            (0..spec.prefixes)
                .map(|p| {
                    let prefix = format!("11.0.{p}.0/24").parse().unwrap();
                    let route = rib.get(&prefix).iter().find(|r| r.protocol.is_bgp())?;
                    let owner = cp
                        .topology
                        .owners
                        .get(&(DEFAULT_VRF.to_owned(), route.next_hop.address()?))?
                        .first()?;
                    let owner = &cp.topology.node(owner.0).name;
                    // A peer's address: the route is this router's own eBGP route.
                    Some(index.get(owner).copied().unwrap_or(i))
                })
                .collect()
        })
        .collect()
}

fn ring(igp: Igp, reflectors: Vec<usize>) -> GraphSpec {
    // An 8-router ring of unit links with a costly chord 2–6; borders at 0 and 4.
    let mut links: Vec<(usize, usize, u32)> = (0..8).map(|i| (i, (i + 1) % 8, 1)).collect();
    links.push((2, 6, 3));
    GraphSpec {
        routers: 8,
        links,
        igp,
        asn: 64500,
        reflectors,
        externals: vec![0, 4],
        prefixes: 3,
    }
}

#[test]
fn every_router_leaves_by_the_expected_border() {
    for igp in [Igp::IsIs, Igp::Ospf] {
        for reflectors in [vec![], vec![1], vec![2, 5], vec![0, 3]] {
            let spec = ring(igp, reflectors.clone());
            let expected = expected_egress(&spec);
            let got = simulated_egress(&spec);
            for (i, routes) in got.iter().enumerate() {
                for (p, egress) in routes.iter().enumerate() {
                    assert_eq!(
                        *egress,
                        Some(expected[i]),
                        "{igp:?}, reflectors {reflectors:?}: router {i}, prefix {p}"
                    );
                }
            }
        }
    }
}

#[test]
fn loopbacks_rise_with_the_router_index() {
    assert_eq!(generate::graph_loopback(0), Ipv4Addr::new(172, 16, 0, 1));
    assert!(generate::graph_loopback(300) > generate::graph_loopback(299));
    let _: IpAddr = generate::graph_loopback(754).into();
}
