//! `routeproof apply`: change-script replay, end to end through the binary.
//!
//! Inputs: the reconstructions of the KT 2021 missing-`exit` change and of a missing
//! `exit-address-family` (`fixtures/changes/`, base configurations in `fixtures/configs/ios/`).
//! Expected: the slipped lines land where the device puts them (`redistribute bgp` under
//! `router isis`), are reported with file and line, and make the exit code 1; the corrected
//! script is clean (exit code 0); unusable input is exit code 2 with the file named. Human output
//! (no colour, fixed width) and JSON are snapshotted.
//!
//! The oracle test renders every IOS-family configuration of the Batfish oracle through the
//! replay tree with an empty script and checks that the configuration means the same afterwards.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use routeproof_parser::{Format, Sources, change, ir};

/// Runs the binary from the workspace root: (exit code, stdout, stderr).
fn routeproof(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_routeproof"))
        .args(["--color", "never"])
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the routeproof binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const KT_CORE: &str = "fixtures/configs/ios/kt-core.cfg";
const KT_MISSING_EXIT: &str = "fixtures/changes/kt-2021-missing-exit.txt";
const KT_WITH_EXIT: &str = "fixtures/changes/kt-2021-with-exit.txt";
const PE_CUST: &str = "fixtures/configs/ios/pe-vrf-cust.cfg";
const MISSING_EXIT_AF: &str = "fixtures/changes/missing-exit-address-family.txt";

/// The lines of `config` that belong to the top-level block opened by `opener`.
fn block<'a>(config: &'a str, opener: &str) -> Vec<&'a str> {
    config
        .lines()
        .skip_while(|l| *l != opener)
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .collect()
}

// KT 2021 reconstruction: the rejected `router ospf 10 vrf ENT-A` leaves the device in IS-IS, so
// `redistribute bgp` lands under `router isis CORE` in the result, and the slip is reported at
// the script's line 21, with the opener it slipped into labelled.
#[test]
fn kt_2021_missing_exit_slips_into_isis() {
    let (code, stdout, stderr) = routeproof(&["apply", "--config", KT_CORE, KT_MISSING_EXIT]);
    assert_eq!(code, 1, "{stderr}");
    insta::assert_snapshot!("kt_2021_missing_exit_human", stdout);

    let (code, config, _) = routeproof(&[
        "apply",
        "--config",
        KT_CORE,
        KT_MISSING_EXIT,
        "--format",
        "config",
    ]);
    assert_eq!(code, 1);
    let isis = block(&config, "router isis CORE");
    assert!(
        isis.contains(&" redistribute bgp 64500 route-map ENT-A-TO-CE"),
        "{config}"
    );
    assert!(!config.contains("router ospf 10"), "{config}");

    let (_, json, _) = routeproof(&[
        "apply",
        "--config",
        KT_CORE,
        KT_MISSING_EXIT,
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let slips: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "routeproof::parse::mode_slip")
        .collect();
    assert_eq!(slips.len(), 1, "{json}");
    assert_eq!(slips[0]["file"], KT_MISSING_EXIT);
    assert_eq!(slips[0]["line"], 21);
    assert_eq!(slips[0]["severity"], "error");
    let labels = slips[0]["labels"].as_array().expect("labels");
    assert!(
        labels
            .iter()
            .any(|l| l["line"] == 17 && l["file"] == KT_MISSING_EXIT),
        "the slip is labelled at `router isis CORE`: {json}"
    );
    assert_eq!(report["clean"], false);
    insta::assert_snapshot!("kt_2021_missing_exit_json", json);
}

// The corrected script: with the `exit` (and VRF ENT-A defined first) every line lands where
// its layout says, `redistribute bgp` goes to the customer's OSPF, and the exit code is 0.
#[test]
fn kt_2021_with_exit_is_clean() {
    let (code, stdout, stderr) = routeproof(&["apply", "--config", KT_CORE, KT_WITH_EXIT]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stdout.contains("SLIP"), "{stdout}");
    insta::assert_snapshot!("kt_2021_with_exit_human", stdout);
    let (_, config, _) = routeproof(&[
        "apply",
        "--config",
        KT_CORE,
        KT_WITH_EXIT,
        "--format",
        "config",
    ]);
    assert!(
        !block(&config, "router isis CORE")
            .iter()
            .any(|l| l.contains("redistribute")),
        "{config}"
    );
    assert!(
        block(&config, "router ospf 10 vrf ENT-A")
            .contains(&" redistribute bgp 64500 route-map ENT-A-TO-CE"),
        "{config}"
    );
}

// Only the `exit` added to the slipping script: nothing lands in IS-IS any more, but the OSPF
// opener is still rejected (VRF ENT-A does not exist), so the lines meant for it are rejected
// in global configuration: exit code 1, no slip.
#[test]
fn kt_2021_exit_alone_turns_the_slip_into_rejections() {
    let text = std::fs::read_to_string(common::root().join(KT_MISSING_EXIT)).expect("fixture");
    let fixed = text.replacen(
        " log-adjacency-changes\n",
        " log-adjacency-changes\nexit\n",
        1,
    );
    let dir = scratch_dir("exit-alone");
    let script = dir.join("kt-exit-only.txt");
    std::fs::write(&script, fixed).expect("write script");
    let script = script.display().to_string();
    let (code, json, _) = routeproof(&["apply", "--config", KT_CORE, &script, "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(report["summary"]["slips"], 0, "{json}");
    assert_eq!(report["summary"]["rejected"], 3, "{json}");
    let config = report["result"]["text"].as_str().expect("text");
    assert!(
        !block(config, "router isis CORE")
            .iter()
            .any(|l| l.contains("redistribute")),
        "{config}"
    );
}

// A missing `exit-address-family`: the iBGP neighbor meant for the process level lands in
// `address-family ipv4 vrf CUST`; both of its lines are reported.
#[test]
fn missing_exit_address_family_slips_into_the_vrf() {
    let (code, stdout, _) = routeproof(&["apply", "--config", PE_CUST, MISSING_EXIT_AF]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("missing_exit_address_family_human", stdout);
    let (_, config, _) = routeproof(&[
        "apply",
        "--config",
        PE_CUST,
        MISSING_EXIT_AF,
        "--format",
        "config",
    ]);
    let bgp = block(&config, "router bgp 64500");
    let vrf_family = bgp
        .iter()
        .position(|l| *l == " address-family ipv4 vrf CUST")
        .expect("the VRF family");
    let neighbor = bgp
        .iter()
        .position(|l| l.contains("192.0.2.11 remote-as"))
        .expect("the new neighbor");
    assert!(neighbor > vrf_family, "{config}");
    assert_eq!(bgp[neighbor], "  neighbor 192.0.2.11 remote-as 64500");
}

// The resulting configuration is itself a configuration: parsed again, it has no slip (lines
// are rendered where the device put them) and means what the replay said.
#[test]
fn resulting_configurations_parse_without_slips() {
    for (base, script) in [
        (KT_CORE, KT_MISSING_EXIT),
        (KT_CORE, KT_WITH_EXIT),
        (PE_CUST, MISSING_EXIT_AF),
    ] {
        let (_, config, _) = routeproof(&["apply", "--config", base, script, "--format", "config"]);
        let mut sources = Sources::new();
        let id = sources.add("result.cfg", config.as_str());
        let parsed = routeproof_parser::parse_config(&sources, id).expect("an IOS configuration");
        let codes: Vec<_> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity >= routeproof_parser::Severity::Warning)
            .map(|d| (sources.location(d.span), d.message.clone()))
            .collect();
        assert!(codes.is_empty(), "{script}: {codes:?}\n{config}");
    }
}

// The `check` fixture network for the same incident holds core1 before and after the change.
// Replaying the reconstructed script (the IS-IS section without its `exit`, then the refused
// OSPF opener) on the before configuration gives the after configuration: the same device.
#[test]
fn replay_produces_the_network_fixtures_after_configuration() {
    let network = common::root().join("fixtures/networks/kt-2021-missing-exit");
    let before = std::fs::read_to_string(network.join("before/configs/core1.cfg")).expect("before");
    let after = std::fs::read_to_string(network.join("after/configs/core1.cfg")).expect("after");
    let script = "configure terminal\nrouter isis CORE\n passive-interface Loopback0\nrouter ospf 10 vrf ENT-A\n redistribute bgp 64500 route-map ENT-A-TO-CE\nend\n";
    let mut sources = Sources::new();
    let base = sources.add("core1.cfg", before.as_str());
    let script = sources.add("change.txt", script);
    let result = change::apply(&sources, base, script, routeproof_parser::Dialect::Ios);
    assert!(result.has_errors(), "the slip is reported");
    let replayed = sources.add("core1.cfg", result.text.as_str());
    let expected = sources.add("core1.cfg", after.as_str());
    let dialect = Format::Ios(routeproof_parser::Dialect::Ios);
    let replayed = routeproof_parser::parse_config_as(&sources, replayed, dialect);
    let expected = routeproof_parser::parse_config_as(&sources, expected, dialect);
    assert_eq!(
        dump_without_lines(&sources, &replayed),
        dump_without_lines(&sources, &expected)
    );
}

// A whole configuration file with the same missing `exit`: `routeproof parse` reports the slip
// with file and line (configuration files are read with the same mode stack).
#[test]
fn mode_slip_in_a_configuration_file() {
    let (code, stdout, _) =
        routeproof(&["parse", "fixtures/configs/ios/err/kt-2021-missing-exit.cfg"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("config_file_mode_slip", stdout);
    assert!(
        stdout.contains("fixtures/configs/ios/err/kt-2021-missing-exit.cfg:"),
        "{stdout}"
    );
    assert!(stdout.contains("routeproof::parse::mode_slip"), "{stdout}");
}

// Unusable input is exit code 2 with the file named: a missing file, a file of no known vendor,
// a binary script.
#[test]
fn unusable_input_exits_2_naming_the_file() {
    let dir = scratch_dir("unusable");
    let garbage = dir.join("notes.cfg");
    std::fs::write(&garbage, "just some notes\nabout nothing\n").expect("write");
    let binary = dir.join("script.bin");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1]).expect("write");
    let garbage = garbage.display().to_string();
    let binary = binary.display().to_string();
    for (config, script, named) in [
        (
            "fixtures/configs/ios/missing.cfg",
            KT_WITH_EXIT,
            "fixtures/configs/ios/missing.cfg",
        ),
        (
            KT_CORE,
            "fixtures/changes/missing.txt",
            "fixtures/changes/missing.txt",
        ),
        (garbage.as_str(), KT_WITH_EXIT, garbage.as_str()),
        (KT_CORE, binary.as_str(), binary.as_str()),
    ] {
        let (code, stdout, stderr) = routeproof(&["apply", "--config", config, script]);
        assert_eq!(code, 2, "{config} {script}: {stdout}{stderr}");
        assert!(stderr.contains(named), "{stderr}");
        assert!(stdout.is_empty(), "{stdout}");
    }
    let (code, _, _) = routeproof(&["apply", KT_WITH_EXIT]);
    assert_eq!(code, 2, "--config is required");
}

// A Junos script is replayed with the CLI's edit levels. Input: a Junos configuration and two
// scripts. Expected: the clean one (edit, indented sets, `top`) exits 0 and its lines are in the
// resulting `set` configuration; the one that leaves `edit protocols isis` open before a line
// meant for the top level exits 1 with a mode slip on that line, and the line lands in IS-IS.
#[test]
fn junos_scripts_replay_with_edit_levels() {
    let dir = scratch_dir("junos");
    let config = dir.join("j1.cfg");
    std::fs::write(
        &config,
        "system {\n    host-name j1;\n}\nprotocols {\n    isis {\n        interface lo0.0;\n    }\n}\n",
    )
    .expect("write");
    let clean = dir.join("clean.txt");
    std::fs::write(
        &clean,
        "edit protocols isis\n    set interface ge-0/0/0.0\ntop\nset protocols bgp group IBGP type internal\n",
    )
    .expect("write");
    let slipped = dir.join("slipped.txt");
    std::fs::write(
        &slipped,
        "edit protocols isis\n    set interface ge-0/0/0.0\nset export BGP-TO-ISIS\n",
    )
    .expect("write");
    let config = config.display().to_string();
    let (code, stdout, stderr) = routeproof(&[
        "apply",
        "--format",
        "config",
        "--config",
        &config,
        &clean.display().to_string(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout,
        "set system host-name j1\nset protocols isis interface lo0.0\nset protocols isis interface ge-0/0/0.0\nset protocols bgp group IBGP type internal\n"
    );
    let (code, stdout, stderr) =
        routeproof(&["apply", "--config", &config, &slipped.display().to_string()]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("routeproof::parse::mode_slip"), "{stdout}");
    assert!(
        stdout.contains("+ set protocols isis export BGP-TO-ISIS"),
        "{stdout}"
    );
}

// Garbage scripts never crash the binary: random bytes, Latin-1, a huge line, deep nesting.
#[test]
fn garbage_scripts_do_not_crash() {
    let dir = scratch_dir("garbage");
    let mut seed: u64 = 0x2021_1025;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut scripts: Vec<Vec<u8>> = Vec::new();
    for _ in 0..8 {
        let bytes: Vec<u8> = (0..2000)
            .map(|_| {
                let b = (next() % 256) as u8;
                // Keep some structure: newlines, spaces and configuration words.
                match b % 16 {
                    0 => b'\n',
                    1 => b' ',
                    _ if b == 0 => b'x',
                    _ => b,
                }
            })
            .collect();
        scripts.push(bytes);
    }
    scripts.push(b"desc caf\xe9\nint Gi0/1\n desc \xe9t\xe9\n".to_vec());
    scripts.push(format!("router isis CORE\n {}\n", "x".repeat(200_000)).into_bytes());
    scripts.push(
        (0..500)
            .map(|i| format!("{}router bgp 64500\n", " ".repeat(i % 50)))
            .collect::<String>()
            .into_bytes(),
    );
    scripts.push(b"banner motd ^C\nrouter isis CORE\n redistribute bgp 64500\n".to_vec());
    for (i, bytes) in scripts.iter().enumerate() {
        let path = dir.join(format!("garbage-{i}.txt"));
        std::fs::write(&path, bytes).expect("write");
        let path = path.display().to_string();
        for format in ["human", "json", "config"] {
            let (code, _, stderr) =
                routeproof(&["apply", "--config", KT_CORE, &path, "--format", format]);
            assert!(
                code == 0 || code == 1,
                "{path} ({format}): exit {code}\n{stderr}"
            );
        }
    }
}

/// The IR dump of a parsed file without its `@line` suffixes.
fn dump_without_lines(sources: &Sources, parsed: &routeproof_parser::ParsedFile) -> String {
    let dump = ir::print::device(&parsed.device, sources);
    dump.lines()
        .map(|l| l.rsplit_once(" @").map_or(l, |(head, _)| head))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

// Every IOS-family configuration of the oracle, rendered through the replay tree with an empty
// script, configures the same device (the same IR, line numbers aside), and renders to a fixed
// point. This is what makes `apply`'s resulting configuration trustworthy on real files.
#[test]
fn oracle_configurations_render_to_the_same_device() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in files_under(&oracle) {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ["md", "json", "csv", "tsv", "yaml", "yml", "py", "txt.md"].contains(&extension) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let (text, _) = routeproof_parser::source::decode(&bytes);
        let Some(Format::Ios(dialect)) = routeproof_parser::detect(&text) else {
            continue;
        };
        let mut sources = Sources::new();
        let base = sources.add(path.display().to_string(), text.as_str());
        let script = sources.add("empty.txt", "");
        let result = change::apply(&sources, base, script, dialect);
        let rendered = sources.add(path.display().to_string(), result.text.as_str());
        let before = routeproof_parser::parse_config_as(&sources, base, Format::Ios(dialect));
        let after = routeproof_parser::parse_config_as(&sources, rendered, Format::Ios(dialect));
        checked += 1;
        if dump_without_lines(&sources, &before) != dump_without_lines(&sources, &after) {
            failures.push(format!("{} (different IR)", path.display()));
            continue;
        }
        let again_script = sources.add("empty-again.txt", "");
        let again = change::apply(&sources, rendered, again_script, dialect);
        if again.text != result.text {
            failures.push(format!("{} (not a fixed point)", path.display()));
        }
    }
    eprintln!(
        "rendered {checked} oracle configurations, {} failed",
        failures.len()
    );
    assert!(
        checked >= 100,
        "only {checked} IOS-family configurations found"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A fresh directory under the target directory for files a test writes.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("apply")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}
