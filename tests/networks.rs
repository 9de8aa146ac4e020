//! The bundled fixture networks (fixtures/networks/*), checked end to end through the binary.
//!
//! Each scenario has a before/after pair and a README saying what the change does. Input: the
//! scenario directory (and, for KT 2021, the operator's script replayed on `before/`). Expected:
//! the verdict and exit code the README states, the finding codes that make that verdict, and a
//! snapshot of the human report and of the JSON report, so that any change to what an operator
//! reads is reviewed.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

/// Runs `routeproof check ARGS --format FORMAT`; returns the exit code and stdout.
fn check(args: &[&str], format: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_routeproof"))
        .current_dir(common::root())
        .arg("check")
        .args(args)
        .args(["--format", format, "--color", "never"])
        .env("NO_COLOR", "1")
        .output()
        .expect("routeproof runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// One scenario: how to run it, and what an engineer expects from it.
struct Scenario {
    /// Snapshot name.
    name: &'static str,
    /// Arguments after `check`.
    args: &'static [&'static str],
    /// Exit code (DESIGN.md: 0 safe, 1 unsafe).
    exit: i32,
    /// `verdict` in the JSON report.
    verdict: &'static str,
    /// Finding codes that must be present (new in AFTER, not pre-existing).
    codes: &'static [&'static str],
}

const LOST: &str = "routeproof::reach::lost_reachability";

const SCENARIOS: &[Scenario] = &[
    // KT 2021 reconstruction: the missing `exit` after the IS-IS section puts the BGP
    // redistribution into IS-IS; customer prefixes loop between the cores.
    Scenario {
        name: "kt_2021_missing_exit",
        args: &["fixtures/networks/kt-2021-missing-exit"],
        exit: 1,
        verdict: "unsafe",
        codes: &[
            LOST,
            "routeproof::check::bgp_into_igp",
            "routeproof::check::forwarding_loop",
        ],
    },
    // The same incident as the operator would submit it: the script replayed on core1.
    Scenario {
        name: "kt_2021_change_script",
        args: &[
            "fixtures/networks/kt-2021-missing-exit/before",
            "--change",
            "core1=fixtures/changes/kt-2021-core1.txt",
        ],
        exit: 1,
        verdict: "unsafe",
        codes: &[
            LOST,
            "routeproof::parse::rejected_line",
            "routeproof::parse::mode_slip",
            "routeproof::check::bgp_into_igp",
            "routeproof::check::forwarding_loop",
        ],
    },
    // A missing `exit-address-family`: the next lines bind to the wrong address family.
    Scenario {
        name: "missing_exit_address_family",
        args: &["fixtures/networks/missing-exit-address-family"],
        exit: 1,
        verdict: "unsafe",
        codes: &[LOST, "routeproof::check::mode_slip"],
    },
    // Route-map clauses reordered: a deny now matches first and a customer prefix is no longer
    // advertised.
    Scenario {
        name: "route_map_reorder_drops_customer",
        args: &["fixtures/networks/route-map-reorder-drops-customer"],
        exit: 1,
        verdict: "unsafe",
        codes: &[LOST],
    },
    // An OSPF cost change that moves traffic to the other path and loses nothing.
    Scenario {
        name: "ospf_cost_change_safe",
        args: &["fixtures/networks/ospf-cost-change-safe"],
        exit: 0,
        verdict: "safe",
        codes: &[],
    },
    // A refactor: a route-map renamed everywhere it is used.
    Scenario {
        name: "renamed_route_map_safe",
        args: &["fixtures/networks/renamed-route-map-safe"],
        exit: 0,
        verdict: "safe",
        codes: &[],
    },
    // A static route pointed at Null0.
    Scenario {
        name: "static_route_to_null",
        args: &["fixtures/networks/static-route-to-null"],
        exit: 1,
        verdict: "unsafe",
        codes: &[LOST, "routeproof::check::blackhole"],
    },
];

#[test]
fn every_fixture_network_has_a_scenario() {
    let dir = common::root().join("fixtures/networks");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("fixtures/networks exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let covered: BTreeSet<String> = SCENARIOS
        .iter()
        .flat_map(|s| s.args.first())
        .filter_map(|a| a.strip_prefix("fixtures/networks/"))
        .map(|a| a.split('/').next().unwrap_or(a).to_string())
        .collect();
    assert_eq!(on_disk, covered, "each network needs a scenario here");
    for network in &on_disk {
        assert!(
            dir.join(network).join("README.md").is_file(),
            "{network} has no README saying what the change does"
        );
    }
}

#[test]
fn scenarios_give_the_expected_verdicts_and_reports() {
    for scenario in SCENARIOS {
        let (code, json) = check(scenario.args, "json");
        assert_eq!(code, scenario.exit, "{}: exit code\n{json}", scenario.name);
        let report: serde_json::Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: JSON report: {e}\n{json}", scenario.name));
        assert_eq!(report["verdict"], scenario.verdict, "{}", scenario.name);
        let new_codes: BTreeSet<&str> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["preexisting"] == false)
            .filter_map(|f| f["code"].as_str())
            .collect();
        for code in scenario.codes {
            assert!(
                new_codes.contains(code),
                "{}: {code} missing from {new_codes:?}",
                scenario.name
            );
        }
        if scenario.verdict == "safe" {
            assert!(
                !new_codes.contains(LOST),
                "{}: a safe change loses nothing",
                scenario.name
            );
        }
        insta::assert_snapshot!(format!("{}_json", scenario.name), json);

        let (code, human) = check(scenario.args, "human");
        assert_eq!(code, scenario.exit, "{}: exit code (human)", scenario.name);
        insta::assert_snapshot!(format!("{}_human", scenario.name), human);
    }
}

/// Every lost-reachability finding names a concrete address inside its destination class, the
/// sources that lose it, and at least one blamed config line; one cause is one finding.
#[test]
fn violations_carry_a_witness_paths_and_blame() {
    for scenario in SCENARIOS.iter().filter(|s| s.exit == 1) {
        let (_, json) = check(scenario.args, "json");
        let report: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
        let lost: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["code"] == LOST)
            .collect();
        assert!(!lost.is_empty(), "{}", scenario.name);
        assert!(
            lost.len() <= 3,
            "{}: one cause should read as few findings, got {}",
            scenario.name,
            lost.len()
        );
        for finding in lost {
            let reach = &finding["reachability"];
            let address: std::net::IpAddr = reach["address"]
                .as_str()
                .and_then(|a| a.parse().ok())
                .unwrap_or_else(|| panic!("{}: witness address in {reach}", scenario.name));
            let inside = reach["prefixes"]
                .as_array()
                .expect("destination prefixes")
                .iter()
                .filter_map(|p| p.as_str()?.parse::<ipnet::IpNet>().ok())
                .any(|p| p.contains(&address));
            assert!(inside, "{}: {address} outside its class", scenario.name);
            assert!(
                !reach["sources"].as_array().expect("sources").is_empty(),
                "{}",
                scenario.name
            );
            assert!(
                !reach["before"].as_array().expect("paths before").is_empty()
                    && !reach["after"].as_array().expect("paths after").is_empty(),
                "{}",
                scenario.name
            );
            assert!(
                finding["evidence"]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|e| e["location"]["line"].is_u64())),
                "{}: no blamed line",
                scenario.name
            );
        }
    }
}

/// Input: static-route-to-null with an intent file that lowers lost reachability to a warning,
/// without and with `--fail-on warning`. Expected: exit 0 with a headline that does not claim
/// everything stays reachable; with `--fail-on warning`, exit 1 (the flag overrides the file).
#[test]
fn fail_on_and_severity_overrides() {
    let dir = std::env::temp_dir().join(format!("routeproof-fail-on-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let intent = dir.join("routeproof.toml");
    std::fs::write(
        &intent,
        "[severity]\n\"routeproof::reach::lost_reachability\" = \"warning\"\n",
    )
    .expect("write intent");
    let intent = intent.to_string_lossy().into_owned();
    let network = "fixtures/networks/static-route-to-null";

    let (code, human) = check(&[network, "--intent", &intent], "human");
    assert_eq!(code, 0, "{human}");
    let headline = human.lines().next().unwrap_or_default();
    assert!(
        headline.contains("SAFE by the severities in force"),
        "{headline}"
    );

    let (code, human) = check(
        &[network, "--intent", &intent, "--fail-on", "warning"],
        "human",
    );
    assert_eq!(code, 1, "{human}");
    assert!(human.starts_with("routeproof check: UNSAFE: 2 findings at warning or above"));

    let (code, _) = check(&[network, "--fail-on", "warning"], "json");
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Copies a fixture network's before/ and after/ into a scratch directory.
fn scratch_copy(network: &str, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("routeproof-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let from = common::root().join("fixtures/networks").join(network);
    for side in ["before", "after"] {
        let configs = from.join(side).join("configs");
        let to = dir.join(side).join("configs");
        std::fs::create_dir_all(&to).expect("scratch directory");
        for entry in std::fs::read_dir(&configs).expect("configs").flatten() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy config");
        }
    }
    dir
}

/// Input: the safe OSPF cost change, with dist1 renamed in AFTER. Expected: its own traffic
/// cannot be compared, so the verdict is inconclusive (exit 3) with a gap naming the source,
/// never safe; once the user lists it in `ignore_sources`, the change is safe again.
#[test]
fn a_source_that_vanishes_is_not_proven() {
    let dir = scratch_copy("ospf-cost-change-safe", "vanished");
    let after = dir.join("after/configs/dist1.cfg");
    let text = std::fs::read_to_string(&after).expect("dist1 config");
    assert!(text.contains("hostname dist1\n"));
    std::fs::write(&after, text.replace("hostname dist1\n", "hostname dist9\n")).expect("write");
    let path = dir.to_string_lossy().into_owned();

    let (code, json) = check(&[&path], "json");
    assert_eq!(code, 3, "{json}");
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    assert!(
        report["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .any(|g| g["feature"]
                .as_str()
                .is_some_and(|f| f.contains("source dist1") && f.contains("only before"))),
        "{json}"
    );

    std::fs::write(
        dir.join("after/routeproof.toml"),
        "ignore_sources = [\"dist1\"]\n",
    )
    .expect("write intent");
    let (code, json) = check(&[&path], "json");
    assert_eq!(code, 0, "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}
