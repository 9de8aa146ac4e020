//! Oracle test: simulated main routing tables against routing tables from real devices
//! (lab-validation) and Batfish's regression references (example, dc-as-reuse).
//!
//! Input: each snapshot under `../shared/oracle/batfish`. Expected: its `device_routes.csv`
//! (what the devices computed) or `expected_routes.csv` (Batfish). Rows are compared as
//! multisets on (node, vrf, prefix, protocol, next-hop IP, admin, metric); an empty admin in a
//! device table (EOS JSON omits it) matches any admin. Each snapshot has a floor on matched rows
//! and a ceiling on extra rows, ratcheted as the simulation improves, so a regression fails.
//! The figures are printed (run with `--nocapture`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use routeproof_verifier::control_plane;
use routeproof_verifier::table;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    node: String,
    vrf: String,
    prefix: String,
    protocol: String,
    next_hop_ip: String,
    metric: String,
}

/// Rows of a `device_routes.csv` that its conversion from the device's output got wrong, with
/// the row the device shows, as (snapshot, wrong row, right row) in the CSV's column order.
///
/// IOS wraps an entry whose prefix is long (`D EX  192.168.122.0/24` and, on the next line,
/// `[170/2585856] via 10.13.21.1, ..., GigabitEthernet1`); the lab's conversion attached such
/// continuation lines to the entry before them, giving `local`/`connected` rows with a gateway
/// and distance 170. `lab-validation/iosxe_redistribution/show/D3_eigrp/show_ip_route.txt` has
/// the five external EIGRP routes these rows stand for.
const CSV_CORRECTIONS: &[(&str, &str, &str)] = &[
    (
        "lab-validation/iosxe_redistribution",
        "D3_eigrp,default,10.13.21.2/32,local,10.13.21.1,170,2585856,GigabitEthernet1,L",
        "D3_eigrp,default,192.168.122.0/24,eigrpEX,10.13.21.1,170,2585856,GigabitEthernet1,D EX",
    ),
    (
        "lab-validation/iosxe_redistribution",
        "D3_eigrp,default,10.13.21.2/32,local,10.13.21.1,170,2585856,GigabitEthernet1,L",
        "D3_eigrp,default,192.168.123.1/32,eigrpEX,10.13.21.1,170,2585856,GigabitEthernet1,D EX",
    ),
    (
        "lab-validation/iosxe_redistribution",
        "D3_eigrp,default,10.13.21.2/32,local,10.13.21.1,170,2870272,GigabitEthernet1,L",
        "D3_eigrp,default,192.168.123.2/32,eigrpEX,10.13.21.1,170,2870272,GigabitEthernet1,D EX",
    ),
    (
        "lab-validation/iosxe_redistribution",
        "D3_eigrp,default,192.168.123.3/32,connected,10.13.21.1,170,3225856,GigabitEthernet1,C",
        "D3_eigrp,default,192.168.123.4/32,eigrpEX,10.13.21.1,170,3225856,GigabitEthernet1,D EX",
    ),
    (
        "lab-validation/iosxe_redistribution",
        "D3_eigrp,default,192.168.123.3/32,connected,10.13.21.1,170,3682816,GigabitEthernet1,C",
        "D3_eigrp,default,192.168.123.5/32,eigrpEX,10.13.21.1,170,3682816,GigabitEthernet1,D EX",
    ),
];

/// The CSV's lines with [`CSV_CORRECTIONS`] applied (each correction replaces one line; a
/// correction whose wrong line is not there fails, so a fixed CSV is noticed).
fn corrected(snapshot: &str, text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (lab, wrong, right) in CSV_CORRECTIONS {
        if *lab != snapshot {
            continue;
        }
        let at = lines
            .iter()
            .position(|l| l == wrong)
            .unwrap_or_else(|| panic!("{snapshot}: no line `{wrong}` to correct"));
        lines[at] = (*right).to_owned();
    }
    lines
}

/// Expected rows: key → admins (an empty string matches any admin).
fn expected(snapshot: &str, csv: &Path) -> Vec<(Key, String)> {
    let text = std::fs::read_to_string(csv).unwrap_or_default();
    let lines = corrected(snapshot, &text);
    let mut lines = lines.iter().map(String::as_str);
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (node, vrf, prefix, protocol, ip, admin, metric) = (
        col("node").unwrap(),
        col("vrf").unwrap(),
        col("prefix").unwrap(),
        col("protocol").unwrap(),
        col("next_hop_ip").unwrap(),
        col("admin").unwrap(),
        col("metric").unwrap(),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let protocol = match f[protocol] {
                "OSPF" => "ospf".to_owned(),
                other => other.to_owned(),
            };
            (
                Key {
                    node: f[node].to_ascii_lowercase(),
                    vrf: f[vrf].to_owned(),
                    prefix: f[prefix].to_owned(),
                    protocol,
                    next_hop_ip: f[ip].to_owned(),
                    metric: f[metric].to_owned(),
                },
                f[admin].to_owned(),
            )
        })
        .collect()
}

struct Score {
    matched: usize,
    expected: usize,
    extra: usize,
    missing: Vec<String>,
    unexpected: Vec<String>,
}

fn score(name: &str, snapshot: &Path, csv: &Path) -> Score {
    let loaded = routeproof::load::load_snapshot(snapshot)
        .unwrap_or_else(|e| panic!("{}: {e}", snapshot.display()));
    let cp = control_plane::simulate(&loaded.network);
    let mut ours: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for r in table::rows(&cp) {
        let key = Key {
            node: r.node.to_ascii_lowercase(),
            vrf: r.vrf.clone(),
            prefix: r.prefix.to_string(),
            protocol: r.protocol.to_owned(),
            next_hop_ip: r.next_hop_ip.clone(),
            metric: r.metric.to_string(),
        };
        ours.entry(key).or_default().push(r.admin.to_string());
    }
    let expected = expected(name, csv);
    let mut matched = 0;
    let mut missing = Vec::new();
    for (key, admin) in &expected {
        let hit = ours.get_mut(key).and_then(|admins| {
            let at = admins.iter().position(|a| admin.is_empty() || a == admin)?;
            Some(admins.remove(at))
        });
        if hit.is_some() {
            matched += 1;
        } else {
            missing.push(format!("{key:?} admin {admin}"));
        }
    }
    // Only devices the oracle has a table for can have extra rows (the SONiC lab captured one
    // device's table of seven). A table without any IPv6 row did not capture IPv6 (the Junos
    // labs' `device_routes.csv` hold `inet.0` only), so our IPv6 rows are not extra there.
    let covered: std::collections::BTreeSet<String> =
        expected.iter().map(|(k, _)| k.node.clone()).collect();
    let ipv6_captured = expected.iter().any(|(k, _)| k.prefix.contains(':'));
    let unexpected: Vec<String> = ours
        .iter()
        .filter(|(k, _)| covered.contains(&k.node))
        .filter(|(k, _)| ipv6_captured || !k.prefix.contains(':'))
        .flat_map(|(k, admins)| admins.iter().map(move |a| format!("{k:?} admin {a}")))
        .collect();
    Score {
        matched,
        expected: expected.len(),
        extra: unexpected.len(),
        missing,
        unexpected,
    }
}

/// (snapshot folder, expected table, minimum matched rows, maximum extra rows).
const CASES: &[(&str, &str, usize, usize)] = &[
    // Batfish's reference keeps as2core2's OSPF adjacencies up despite its MTU mismatch; the
    // devices (ios_example_network) and routeproof do not: 51 OSPF rows missing, 21 extra.
    // The 80 BGP rows all match.
    ("example/live", "example/expected_routes.csv", 264, 21),
    ("dc-as-reuse", "dc-as-reuse/expected_routes.csv", 198, 0),
    (
        "lab-validation/ios_example_network",
        "lab-validation/ios_example_network/device_routes.csv",
        345,
        0,
    ),
    (
        "lab-validation/eos_ospf_bgp",
        "lab-validation/eos_ospf_bgp/device_routes.csv",
        22,
        0,
    ),
    (
        "lab-validation/iosxe_redistribution",
        "lab-validation/iosxe_redistribution/device_routes.csv",
        // Every row, EIGRP's and what is redistributed from it included (five rows of the
        // CSV corrected from the device's output, see `CSV_CORRECTIONS`).
        43,
        0,
    ),
    (
        "lab-validation/iosxe_undefined_route_map",
        "lab-validation/iosxe_undefined_route_map/device_routes.csv",
        76,
        0,
    ),
    (
        "lab-validation/cumulusfrr_bgp_community",
        "lab-validation/cumulusfrr_bgp_community/device_routes.csv",
        17,
        0,
    ),
    (
        "lab-validation/iosxr_ibgp_rr_over_ospf",
        "lab-validation/iosxr_ibgp_rr_over_ospf/device_routes.csv",
        // Every row, the iBGP and aggregate ones included.
        50,
        0,
    ),
    (
        "lab-validation/ospf_lab_validation",
        "lab-validation/ospf_lab_validation/device_routes.csv",
        136,
        0,
    ),
    (
        "lab-validation/nxos_redistribution",
        "lab-validation/nxos_redistribution/device_routes.csv",
        // Every row: EIGRP internal and external, what is redistributed from EIGRP into
        // OSPF and BGP, and the `local` rows NX-OS lists beside `direct` for loopbacks.
        75,
        0,
    ),
    (
        "lab-validation/nxos_static_route",
        "lab-validation/nxos_static_route/device_routes.csv",
        // Every row, the `local` rows NX-OS lists beside `direct` for its loopbacks included.
        13,
        0,
    ),
    (
        "lab-validation/junos_static_route_defaults",
        "lab-validation/junos_static_route_defaults/device_routes.csv",
        // Every row: `static defaults` per table and per instance, the mgmt_junos instance.
        10,
        0,
    ),
    (
        "lab-validation/sonic_bgp_lab",
        "lab-validation/sonic_bgp_lab/device_routes.csv",
        // The captured table is the Junos r01's. It runs `multipath multiple-as` without a
        // load-balancing forwarding-table policy: the device installs one next hop of each
        // multipath set (not predictable from configuration, so recorded as unsupported); we
        // list both, which gives the 10 extra rows. Every expected row, 10.1.21.0/30 and
        // 10.1.22.0/30 included: fr01/fr02 learn them from the spines with a next hop inside
        // the prefix, resolved through their own connected route, and pass them on.
        29,
        10,
    ),
];

#[test]
fn simulated_tables_match_the_oracles() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let verbose = std::env::var_os("ROUTEPROOF_ORACLE_VERBOSE").is_some();
    let mut failures = Vec::new();
    println!(
        "{:<48} {:>8} {:>8} {:>6}",
        "snapshot", "matched", "expected", "extra"
    );
    for (snapshot, csv, min_matched, max_extra) in CASES {
        let s = score(snapshot, &oracle.join(snapshot), &oracle.join(csv));
        println!(
            "{snapshot:<48} {:>8} {:>8} {:>6}",
            s.matched, s.expected, s.extra
        );
        if verbose {
            for m in &s.missing {
                println!("    missing  {m}");
            }
            for u in &s.unexpected {
                println!("    extra    {u}");
            }
        }
        if s.matched < *min_matched || s.extra > *max_extra {
            failures.push(format!(
                "{snapshot}: matched {} (floor {min_matched}), extra {} (ceiling {max_extra})",
                s.matched, s.extra
            ));
        }
    }
    assert!(failures.is_empty(), "regressions:\n{}", failures.join("\n"));
}
