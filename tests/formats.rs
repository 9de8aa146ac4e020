//! Every `check` output format on the same report, snapshot-tested, and the SARIF log validated
//! against the official SARIF 2.1.0 JSON schema.
//!
//! Input: fixtures/networks/static-route-to-null (one violation, one warning, blame on a changed
//! line). Expected: one snapshot per format; the SARIF log validates; config-derived text with
//! characters that mean something in each format (quotes, `::`, `,`, `|`, backticks, `<`, `%`,
//! newlines) cannot break out of it.

mod common;

use std::process::Command;

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_routeproof"))
        .current_dir(common::root())
        .arg("check")
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("routeproof runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_format_snapshot() {
    for format in [
        "human", "json", "sarif", "junit", "github", "markdown", "dot",
    ] {
        let (code, out) = check(&["fixtures/networks/static-route-to-null", "--format", format]);
        assert_eq!(code, 1, "{format}: {out}");
        insta::assert_snapshot!(format!("check_{format}"), out);
    }
}

/// Removes the `pattern` the official schema gives to `language` properties: it is not a
/// valid regular expression (an unbalanced `]`), so validators refuse to compile the schema.
fn strip_broken_pattern(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("pattern").and_then(|p| p.as_str())
                == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
            {
                map.remove("pattern");
            }
            map.values_mut().for_each(strip_broken_pattern);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_broken_pattern),
        _ => {}
    }
}

/// The SARIF 2.1.0 schema, as shipped in the serde-sarif crate (a dev-dependency, so cargo has
/// it): found through `cargo metadata`, offline and for this host only (crates needed on other
/// platforms alone are not downloaded, and without the filter cargo would want them).
fn sarif_schema() -> serde_json::Value {
    let rustc = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc names its host");
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(common::root())
        .output()
        .expect("cargo metadata runs");
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let manifest = metadata["packages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "serde-sarif"))
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif is a dev-dependency")
        .to_owned();
    let path = std::path::Path::new(&manifest)
        .with_file_name("src")
        .join("schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the schema file"))
            .expect("schema is JSON");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    strip_broken_pattern(&mut schema);
    schema
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = jsonschema::validator_for(&sarif_schema()).expect("the schema compiles");
    let (_, out) = check(&[
        "fixtures/networks/static-route-to-null",
        "--format",
        "sarif",
    ]);
    let log: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject a broken log, so the check above means something.
    // It also parses into serde-sarif's typed model.
    let _: serde_sarif::sarif::Sarif = serde_json::from_str(&out).expect("typed SARIF");
    let mut broken = log;
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn config_text_cannot_break_out_of_any_format() {
    use routeproof::render::{dot, github, junit, markdown};
    let hostile = "a\"b,c:d::e%f\ng|h`i<script>&j]k\u{1b}[31m";
    let data = github::escape_data(hostile);
    assert!(!data.contains('\n') && !data.contains('\r'), "{data}");
    let property = github::escape_property(hostile);
    assert!(
        !property.contains(',') && !property.contains(':'),
        "{property}"
    );
    let xml = junit::escape(hostile);
    assert!(
        !xml.contains('<') && !xml.contains('"') && !xml.contains('\u{1b}'),
        "{xml}"
    );
    let md = markdown::escape(hostile);
    assert!(!md.contains("<script>") && !md.contains('\n'), "{md}");
    assert!(md.matches('|').count() == md.matches("\\|").count(), "{md}");
    let quoted = dot::quote(hostile);
    assert!(quoted.starts_with('"') && quoted.ends_with('"'));
    assert_eq!(
        quoted[1..quoted.len() - 1]
            .replace("\\\"", "")
            .matches('"')
            .count(),
        0,
        "{quoted}"
    );
    assert!(!quoted.contains('\n'), "{quoted}");
}
