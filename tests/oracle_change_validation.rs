//! Oracle test: Batfish's forwarding-change-validation tutorial network
//! (`../shared/oracle/batfish/forwarding-change-validation`, verdicts in
//! `refs/expected_verdicts.json`), checked from where Batfish's questions start: traffic
//! entering the border routers on their external interfaces (`border*[GigabitEthernet0/0]`).
//!
//! - change1 (core1 costed out) breaks host-www, which core2 null-routes with a latent static.
//!   On real IOS devices core2's OSPF adjacencies on three links never come up (MTU 1600/1700/
//!   1800 against 1500: EXSTART/EXCHANGE, as the same network's lab capture shows in
//!   lab-validation/ios_example_network), so the traffic cannot move to core2 and the change is
//!   safe *on those devices*; Batfish's notebook ignored MTU. routeproof follows the devices,
//!   and with the MTU mismatch removed from core2 (both snapshots) it reports exactly Batfish's
//!   violation. Both are asserted.
//! - change1-fixed (the null route removed too) is safe either way.
//! - change2 opens HTTP at the borders for host-www's subnet, but the leaf's ACL lets HTTP to
//!   host-db through as well: host-db becomes newly reachable (a warning), as Batfish found.
//! - change2-fixed narrows the leaf's ACL: only host-www becomes newly reachable.

mod common;

use std::path::{Path, PathBuf};

use routeproof_verifier::check::{Options, Snapshot, check_with};
use routeproof_verifier::report::{Report, Severity, Verdict};

fn run(before: &Path, after: &Path) -> Report {
    let b = routeproof::load::load_snapshot(before).unwrap_or_else(|e| panic!("{e}"));
    let a = routeproof::load::load_snapshot(after).unwrap_or_else(|e| panic!("{e}"));
    let diagnostics = |s: &routeproof::load::Snapshot| {
        s.files
            .iter()
            .flat_map(|f| f.diagnostics.clone())
            .collect::<Vec<_>>()
    };
    let (db, da) = (diagnostics(&b), diagnostics(&a));
    check_with(
        Snapshot {
            network: &b.network,
            sources: &b.sources,
            diagnostics: &db,
        },
        Snapshot {
            network: &a.network,
            sources: &a.sources,
            diagnostics: &da,
        },
        &Options {
            sources: vec!["border*[GigabitEthernet0/0]".into()],
            ..Options::default()
        },
    )
}

/// A copy of a snapshot with core2's `mtu` lines removed (so its OSPF adjacencies form).
fn without_core2_mtu(snapshot: &Path, scratch: &Path) -> PathBuf {
    let out = scratch.join(snapshot.file_name().unwrap_or_default());
    copy_dir(snapshot, &out);
    let core2 = out.join("configs/core2.cfg");
    let text = std::fs::read_to_string(&core2).unwrap_or_default();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("mtu "))
        .collect();
    std::fs::write(&core2, kept.join("\n") + "\n").unwrap();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn lost(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.code == "routeproof::reach::lost_reachability")
        .map(|f| f.message.clone())
        .collect()
}

fn newly_reachable(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| {
            f.code == "routeproof::reach::newly_reachable" && f.severity == Severity::Warning
        })
        .flat_map(|f| {
            f.reachability
                .iter()
                .flat_map(|r| r.prefixes.iter().map(ToString::to_string))
        })
        .collect()
}

#[test]
fn change_validation_verdicts() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let root = oracle.join("forwarding-change-validation");
    let base = root.join("base");

    // change1 on real devices: core2's adjacencies are down, traffic stays on core1.
    let report = run(&base, &root.join("change1"));
    assert_eq!(report.verdict, Verdict::Safe, "{:#?}", lost(&report));

    // change1 with core2's adjacencies up: host-www is null-routed at core2, from both borders.
    let scratch = std::env::temp_dir().join(format!("routeproof-fcv-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let base_up = without_core2_mtu(&base, &scratch.join("a"));
    let change1_up = without_core2_mtu(&root.join("change1"), &scratch.join("b"));
    let report = run(&base_up, &change1_up);
    assert_eq!(report.verdict, Verdict::Unsafe);
    let violation = report
        .findings
        .iter()
        .find(|f| f.code == "routeproof::reach::lost_reachability")
        .unwrap();
    let r = violation.reachability.as_ref().unwrap();
    assert!(
        r.prefixes
            .iter()
            .any(|p| p.contains(&"2.128.1.1".parse::<std::net::IpAddr>().unwrap())),
        "{:?}",
        r.prefixes
    );
    assert!(
        r.sources.iter().any(|s| s.starts_with("border1"))
            && r.sources.iter().any(|s| s.starts_with("border2")),
        "{:?}",
        r.sources
    );
    assert!(
        r.after.iter().all(|p| p.end_node == "core2"),
        "{:?}",
        r.after
    );

    let change1_fixed_up = without_core2_mtu(&root.join("change1-fixed"), &scratch.join("c"));
    let report = run(&base_up, &change1_fixed_up);
    assert_eq!(report.verdict, Verdict::Safe, "{:#?}", lost(&report));
    let _ = std::fs::remove_dir_all(&scratch);

    let report = run(&base, &root.join("change1-fixed"));
    assert_eq!(report.verdict, Verdict::Safe, "{:#?}", lost(&report));

    // change2: HTTP to host-db (2.128.0.0/30) is newly reachable, as well as to host-www.
    let report = run(&base, &root.join("change2"));
    let opened = newly_reachable(&report);
    assert!(
        opened.iter().any(|p| p.starts_with("2.128.0.")),
        "{opened:?}"
    );
    assert!(
        opened.iter().any(|p| p.starts_with("2.128.1.")),
        "{opened:?}"
    );

    // change2-fixed: only host-www's subnet opens.
    let report = run(&base, &root.join("change2-fixed"));
    let opened = newly_reachable(&report);
    assert!(
        !opened.iter().any(|p| p.starts_with("2.128.0.")),
        "{opened:?}"
    );
    assert!(
        opened.iter().any(|p| p.starts_with("2.128.1.")),
        "{opened:?}"
    );
}
