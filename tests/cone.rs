//! Narrowing each changed class to the sources its change can affect (`reach::cone`) must not
//! change a single finding: `check` with and without it gives equal reports, on every fixture
//! network, on Batfish's change-validation snapshots, and on generated ISP networks with
//! one-line changes of several kinds (some of which lose reachability, so the comparison covers
//! findings as well as safe verdicts).

mod common;

use std::path::Path;

use routeproof::generate::{self, Generated};
use routeproof_verifier::check::{Options, Snapshot, check_with};
use routeproof_verifier::report::{Report, Verdict};

/// Both reports of one comparison: narrowed, exhaustive.
fn both(
    before: (&routeproof_parser::Sources, &routeproof_parser::ir::Network),
    after: (&routeproof_parser::Sources, &routeproof_parser::ir::Network),
) -> (Report, Report) {
    let run = |exhaustive| {
        check_with(
            Snapshot {
                network: before.1,
                sources: before.0,
                diagnostics: &[],
            },
            Snapshot {
                network: after.1,
                sources: after.0,
                diagnostics: &[],
            },
            &Options {
                exhaustive,
                ..Options::default()
            },
        )
    };
    (run(false), run(true))
}

fn compare_dirs(name: &str, before: &Path, after: &Path) -> Verdict {
    let b = routeproof::load::load_snapshot(before).expect("before loads");
    let a = routeproof::load::load_snapshot(after).expect("after loads");
    let (narrowed, exhaustive) = both((&b.sources, &b.network), (&a.sources, &a.network));
    assert_eq!(narrowed, exhaustive, "{name}: narrowing changed the report");
    narrowed.verdict
}

#[test]
fn fixture_networks_and_batfish_changes_give_the_same_reports() {
    let root = common::root().join("fixtures/networks");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures/networks")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before").is_dir())
        .collect();
    dirs.sort();
    let mut unsafe_seen = 0;
    for dir in &dirs {
        let verdict = compare_dirs(
            &dir.display().to_string(),
            &dir.join("before"),
            &dir.join("after"),
        );
        unsafe_seen += usize::from(verdict == Verdict::Unsafe);
    }
    assert!(unsafe_seen >= 2, "the fixtures include unsafe changes");
    if let Some(oracle) = common::oracle() {
        let validation = oracle.join("forwarding-change-validation");
        for change in ["change1", "change1-fixed", "change2", "change2-fixed"] {
            compare_dirs(change, &validation.join("base"), &validation.join(change));
        }
    }
}

/// One-line changes on a generated ISP network: (what, device, old text, new text).
const CHANGES: &[(&str, &str, &str, &str)] = &[
    (
        "isis metric",
        "core-000",
        " ip router isis CORE\n!\ninterface GigabitEthernet0/1",
        " ip router isis CORE\n isis metric 50\n!\ninterface GigabitEthernet0/1",
    ),
    (
        "link shut",
        "core-001",
        " ip router isis CORE\n!\ninterface GigabitEthernet0/1",
        " ip router isis CORE\n shutdown\n!\ninterface GigabitEthernet0/1",
    ),
    (
        "prefix-list line removed",
        "border-1",
        "ip prefix-list PEER-1-IN seq 5 deny 11.0.0.0/24\n",
        "",
    ),
    (
        "null route at a core",
        "core-002",
        "\nend\n",
        "\nip route 172.31.0.20 255.255.255.255 Null0\nend\n",
    ),
    (
        "loopback removed from IS-IS",
        "access-0010",
        "interface Loopback0\n ip address 172.31.0.19 255.255.255.255\n ip router isis CORE\n",
        "interface Loopback0\n ip address 172.31.0.19 255.255.255.255\n",
    ),
];

#[test]
fn generated_isp_changes_give_the_same_reports() {
    let before = generate::isp(40, 30);
    let (sb, nb, _) = before.parse();
    let mut unsafe_seen = 0;
    for (what, device, old, new) in CHANGES {
        let mut after: Generated = before.clone();
        let config = after.config_mut(device).expect("device exists");
        assert!(config.contains(old), "{what}: `{old}` is in {device}");
        *config = config.replacen(old, new, 1);
        let (sa, na, _) = after.parse();
        let (narrowed, exhaustive) = both((&sb, &nb), (&sa, &na));
        assert_eq!(narrowed, exhaustive, "{what}: narrowing changed the report");
        unsafe_seen += usize::from(narrowed.verdict == Verdict::Unsafe);
    }
    assert!(
        unsafe_seen >= 2,
        "some generated changes lose reachability ({unsafe_seen} did)"
    );
}
