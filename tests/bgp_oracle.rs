//! BGP against the oracles, with the IGP taken from the oracle itself.
//!
//! Input: a snapshot plus its expected main tables; every IGP row of the expected tables
//! (`ospf*`, `isis*`) is fed to the simulation as a known route, and the simulated OSPF and
//! IS-IS are switched off, so BGP is tested on its own, independently of the IGP simulations. Expected: the BGP rows (`bgp`,
//! `ibgp`, `aggregate`) of the simulated tables equal the expected ones, as multisets on (node,
//! vrf, prefix, protocol, next-hop IP, admin, metric), except for the rows listed per snapshot
//! with the reason they differ.
//!
//! `ROUTEPROOF_ORACLE_VERBOSE=1` lists missing and extra rows and the sessions that are down;
//! `ROUTEPROOF_DEBUG_NODE=<name>` also prints that node's selected BGP paths.
//!
//! Known differences: in the two redistribution labs, the routes that come through
//! `redistribute eigrp` (EIGRP is not simulated).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use routeproof_verifier::control_plane::{self, Input, Output};
use routeproof_verifier::rib::{NextHop, Protocol, Provenance, Route};
use routeproof_verifier::table;

/// One row of an expected table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    node: String,
    vrf: String,
    prefix: String,
    protocol: String,
    next_hop_ip: String,
    admin: String,
    metric: String,
}

fn read_rows(csv: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(csv).unwrap_or_default();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let cols = [
        col("node"),
        col("vrf"),
        col("prefix"),
        col("protocol"),
        col("next_hop_ip"),
        col("admin"),
        col("metric"),
    ];
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let protocol = match f[cols[3]] {
                "OSPF" => "ospf".to_owned(),
                other => other.to_owned(),
            };
            Row {
                node: f[cols[0]].to_ascii_lowercase(),
                vrf: f[cols[1]].to_owned(),
                prefix: f[cols[2]].to_owned(),
                protocol,
                next_hop_ip: f[cols[4]].to_owned(),
                admin: f[cols[5]].to_owned(),
                metric: f[cols[6]].to_owned(),
            }
        })
        .collect()
}

fn igp_protocol(name: &str) -> Option<Protocol> {
    Some(match name {
        "ospf" => Protocol::Ospf,
        "ospfIA" => Protocol::OspfInterArea,
        "ospfE1" => Protocol::OspfE1,
        "ospfE2" => Protocol::OspfE2,
        "ospfN1" => Protocol::OspfN1,
        "ospfN2" => Protocol::OspfN2,
        "isisL1" => Protocol::IsisL1,
        "isisL2" => Protocol::IsisL2,
        "isisEL1" => Protocol::IsisEl1,
        "isisEL2" => Protocol::IsisEl2,
        _ => return None,
    })
}

fn is_bgp(protocol: &str) -> bool {
    matches!(protocol, "bgp" | "ibgp" | "aggregate")
}

/// Simulates `snapshot` with the IGP rows of `expected` injected; returns (matched, expected
/// BGP rows, missing, extra).
fn bgp_score(snapshot: &Path, expected: &[Row]) -> (usize, usize, Vec<Row>, Vec<Row>) {
    let loaded = routeproof::load::load_snapshot(snapshot)
        .unwrap_or_else(|e| panic!("{}: {e}", snapshot.display()));
    let igp: Vec<(String, String, Route)> = expected
        .iter()
        .filter_map(|r| {
            let protocol = igp_protocol(&r.protocol)?;
            Some((
                r.node.clone(),
                r.vrf.clone(),
                Route {
                    prefix: r.prefix.parse().ok()?,
                    protocol,
                    admin: r.admin.parse().unwrap_or(110),
                    metric: r.metric.parse().unwrap_or(0),
                    next_hop: NextHop::Address {
                        address: r.next_hop_ip.parse().ok()?,
                        interface: None,
                    },
                    tag: None,
                    provenance: Provenance::empty(),
                },
            ))
        })
        .collect();
    let extra = |input: &Input<'_>| {
        let mut out = Output::default();
        for (node, vrf, route) in &igp {
            let id = input
                .topology
                .nodes
                .iter()
                .position(|n| n.name.eq_ignore_ascii_case(node));
            if let Some(id) = id {
                out.routes.push((
                    routeproof_verifier::topology::NodeId(id as u32),
                    vrf.clone(),
                    route.clone(),
                ));
            }
        }
        out
    };
    // The IGP comes from the oracle only: the simulated OSPF and IS-IS are switched off.
    let mut network = loaded.network;
    for device in network.devices.values_mut() {
        device.ospf.clear();
        device.isis.clear();
    }
    let cp = control_plane::simulate_with(&network, &extra);
    if std::env::var_os("ROUTEPROOF_ORACLE_VERBOSE").is_some() {
        for s in &cp.bgp.sessions {
            if let Some(reason) = &s.down {
                println!("    session  {} {} -> {}: {reason}", s.node, s.vrf, s.peer);
            }
        }
        if let Ok(node) = std::env::var("ROUTEPROOF_DEBUG_NODE") {
            for ((n, vrf), table) in &cp.bgp.ribs {
                if cp.topology.node(*n).name != node {
                    continue;
                }
                for (prefix, paths) in table {
                    for p in paths {
                        println!(
                            "    bgp      {node} {vrf} {prefix} {:?} {:?}",
                            p.source, p.attrs
                        );
                    }
                }
            }
        }
        for issue in &cp.bgp.issues {
            println!("    issue    {issue:?}");
        }
    }
    let mut ours: BTreeMap<Row, usize> = BTreeMap::new();
    for r in table::rows(&cp) {
        if !is_bgp(r.protocol) {
            continue;
        }
        let row = Row {
            node: r.node.to_ascii_lowercase(),
            vrf: r.vrf.clone(),
            prefix: r.prefix.to_string(),
            protocol: r.protocol.to_owned(),
            next_hop_ip: r.next_hop_ip.clone(),
            admin: r.admin.to_string(),
            metric: r.metric.to_string(),
        };
        *ours.entry(row).or_default() += 1;
    }
    let mut matched = 0;
    let mut missing = Vec::new();
    let wanted: Vec<&Row> = expected.iter().filter(|r| is_bgp(&r.protocol)).collect();
    for row in &wanted {
        // Device tables may omit the admin (EOS JSON): match any admin then.
        let key = ours
            .keys()
            .find(|k| {
                ours[*k] > 0
                    && k.node == row.node
                    && k.vrf == row.vrf
                    && k.prefix == row.prefix
                    && k.protocol == row.protocol
                    && k.next_hop_ip == row.next_hop_ip
                    && k.metric == row.metric
                    && (row.admin.is_empty() || k.admin == row.admin)
            })
            .cloned();
        match key {
            Some(k) => {
                matched += 1;
                *ours.get_mut(&k).unwrap() -= 1;
            }
            None => missing.push((*row).clone()),
        }
    }
    let extra_rows: Vec<Row> = ours
        .into_iter()
        .flat_map(|(k, n)| std::iter::repeat_n(k, n))
        .collect();
    (matched, wanted.len(), missing, extra_rows)
}

/// (snapshot, expected table, minimum matched BGP rows, maximum extra BGP rows).
const CASES: &[(&str, &str, usize, usize)] = &[
    ("example/live", "example/expected_routes.csv", 80, 0),
    ("dc-as-reuse", "dc-as-reuse/expected_routes.csv", 132, 0),
    (
        "lab-validation/ios_example_network",
        "lab-validation/ios_example_network/device_routes.csv",
        77,
        0,
    ),
    (
        "lab-validation/eos_ospf_bgp",
        "lab-validation/eos_ospf_bgp/device_routes.csv",
        1,
        0,
    ),
    (
        "lab-validation/iosxe_redistribution",
        "lab-validation/iosxe_redistribution/device_routes.csv",
        5,
        0,
    ),
    (
        "lab-validation/iosxe_undefined_route_map",
        "lab-validation/iosxe_undefined_route_map/device_routes.csv",
        9,
        0,
    ),
    (
        "lab-validation/cumulusfrr_bgp_community",
        "lab-validation/cumulusfrr_bgp_community/device_routes.csv",
        7,
        0,
    ),
    (
        "lab-validation/nxos_redistribution",
        "lab-validation/nxos_redistribution/device_routes.csv",
        11,
        0,
    ),
    (
        "lab-validation/iosxr_ibgp_rr_over_ospf",
        "lab-validation/iosxr_ibgp_rr_over_ospf/device_routes.csv",
        16,
        0,
    ),
];

#[test]
fn bgp_rows_match_the_oracles_given_their_igp() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let verbose = std::env::var_os("ROUTEPROOF_ORACLE_VERBOSE").is_some();
    let mut failures = Vec::new();
    println!(
        "{:<48} {:>8} {:>8} {:>6}",
        "snapshot (BGP rows, oracle IGP)", "matched", "expected", "extra"
    );
    for (snapshot, csv, floor, ceiling) in CASES {
        let expected = read_rows(&oracle.join(csv));
        let (matched, total, missing, extra) = bgp_score(&oracle.join(snapshot), &expected);
        println!("{snapshot:<48} {matched:>8} {total:>8} {:>6}", extra.len());
        if verbose {
            for m in &missing {
                println!("    missing  {m:?}");
            }
            for e in &extra {
                println!("    extra    {e:?}");
            }
        }
        if matched < *floor || extra.len() > *ceiling {
            failures.push(format!(
                "{snapshot}: matched {matched} (floor {floor}), extra {} (ceiling {ceiling})",
                extra.len()
            ));
        }
    }
    assert!(failures.is_empty(), "regressions:\n{}", failures.join("\n"));
}

/// Input: the example network (live). Expected: Batfish's `bgpSessionStatus` answer for
/// nodes `as2.*` and remote nodes `as3.*` (one established eBGP session), row for row.
#[test]
fn example_sessions_as2_to_as3_match_batfish() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let text = std::fs::read_to_string(oracle.join("example/expected_bgp_sessions_as2_to_as3.csv"))
        .unwrap();
    let expected: Vec<String> = text.lines().skip(1).map(str::to_owned).collect();
    let rows = routeproof::commands::bgp_sessions::rows(&oracle.join("example/live")).unwrap();
    let got: Vec<String> = rows
        .iter()
        .filter(|r| r.node.starts_with("as2") && r.remote_node.starts_with("as3"))
        .map(|r| {
            format!(
                "{},{},{},{},{},{},{},{},{}",
                r.node,
                r.vrf,
                r.local_as,
                r.local_ip,
                r.remote_node,
                r.remote_as,
                r.remote_ip,
                r.session_type,
                r.status
            )
        })
        .collect();
    assert_eq!(got, expected);
}

/// Input: example-bgp, the example network with BGP faults seeded (pybatfish's notebook).
/// Expected: the sessions Batfish's `bgpSessionStatus` reports as not established are not
/// established here either; the dynamic `bgp listen range` neighbors of as2dist1 come up; and
/// the only other sessions down are the two where as2border2 peers with as2core2's loopback
/// without `update-source` (a real device sources it from the interface, so as2core2 refuses).
#[test]
fn example_bgp_faults_match_batfish() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let rows = routeproof::commands::bgp_sessions::rows(&oracle.join("example-bgp")).unwrap();
    let mut down: Vec<String> = rows
        .iter()
        .filter(|r| r.status != "ESTABLISHED")
        .map(|r| format!("{} {}", r.node, r.remote_ip))
        .collect();
    down.sort();
    let batfish = [
        "as1border1 3.2.2.2",
        "as1border1 5.6.7.8",
        "as1border2 10.14.22.4",
        "as2border1 2.1.2.1",
        "as2border2 2.1.2.1",
        "as2core1 2.1.1.1",
        "as2core1 2.1.1.2",
        "as2core1 2.1.3.1",
        "as2core1 2.1.3.2",
        "as2dist1 2.1.2.1",
        "as2dist2 2.1.2.1",
    ];
    let ours_only = ["as2border2 2.1.2.2", "as2core2 2.1.1.2"];
    let mut expected: Vec<String> = batfish
        .iter()
        .chain(ours_only.iter())
        .map(|s| (*s).to_owned())
        .collect();
    expected.sort();
    assert_eq!(down, expected);
    assert!(
        rows.iter()
            .filter(|r| r.node == "as2dept1")
            .all(|r| r.status == "ESTABLISHED")
    );
}

/// Input: the drift network's reference and changed snapshots (as2border2's interface to AS 3
/// is shut in the change). Expected: Batfish's bgpEdges difference: the only sessions that
/// exist in the reference and not in the change are as2border2 <-> as3border1.
#[test]
fn drift_loses_exactly_the_as2_as3_edge() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let up = |snapshot: &str| -> std::collections::BTreeSet<String> {
        routeproof::commands::bgp_sessions::rows(&oracle.join("drift").join(snapshot))
            .unwrap()
            .into_iter()
            .filter(|r| r.status == "ESTABLISHED")
            .map(|r| format!("{} -> {}", r.node, r.remote_node))
            .collect()
    };
    let (reference, changed) = (up("reference"), up("snapshot"));
    let lost: Vec<&String> = reference.difference(&changed).collect();
    let gained: Vec<&String> = changed.difference(&reference).collect();
    assert_eq!(
        lost,
        vec!["as2border2 -> as3border1", "as3border1 -> as2border2"]
    );
    assert!(gained.is_empty(), "{gained:?}");
}

/// Input: the example network's candidate snapshot, and the same with Batfish's external BGP
/// announcement of 4.0.0.0/8 to as1border2. Expected: Batfish's routes-diff: the only routes
/// that differ are 4.0.0.0/8 on as1border2 (eBGP) and on as1border1 and as1core1 (iBGP), next
/// hop 10.14.22.4, MED 20; AS 1's export policies keep it from AS 2 and AS 3.
#[test]
fn external_announcement_matches_batfish_routes_diff() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let rows = |snapshot: &str| -> std::collections::BTreeSet<String> {
        let loaded =
            routeproof::load::load_snapshot(&oracle.join("example").join(snapshot)).unwrap();
        let cp = control_plane::simulate(&loaded.network);
        table::rows(&cp)
            .into_iter()
            .map(|r| {
                format!(
                    "{},{},{},{},{},{},{}",
                    r.node, r.vrf, r.prefix, r.protocol, r.next_hop_ip, r.admin, r.metric
                )
            })
            .collect()
    };
    let (reference, with) = (rows("candidate"), rows("live-with-bgp-announcements"));
    let only_with: Vec<&String> = with.difference(&reference).collect();
    let only_reference: Vec<&String> = reference.difference(&with).collect();
    let text = std::fs::read_to_string(oracle.join("example/expected_routes_diff.csv")).unwrap();
    let expected: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!(
                "{},{},{},{},{},{},{}",
                f[0], f[1], f[2], f[4], f[5], f[6], f[7]
            )
        })
        .collect();
    assert_eq!(only_with, expected.iter().collect::<Vec<_>>());
    assert!(only_reference.is_empty(), "{only_reference:?}");
}
