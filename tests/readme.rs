//! README's examples run: every `toml` block parses as a routeproof.toml, and every output
//! format and intent key the README documents is accepted by the binary.

mod common;

fn readme() -> String {
    std::fs::read_to_string(common::root().join("README.md")).expect("README.md")
}

/// The bodies of the fenced blocks of a language.
fn blocks(text: &str, language: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim() == format!("```{language}") => current = Some(String::new()),
            Some(body) if line.trim() == "```" => {
                out.push(std::mem::take(body));
                current = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn intent_examples_parse() {
    let examples = blocks(&readme(), "toml");
    assert!(!examples.is_empty(), "README has a routeproof.toml example");
    for example in examples {
        let intent =
            routeproof::intent::parse(&example).unwrap_or_else(|e| panic!("{e:?} in\n{example}"));
        // The example shows every key.
        assert!(
            intent.fail_on.is_some()
                && !intent.ignore_sources.is_empty()
                && !intent.scope.is_empty()
        );
        assert!(
            !intent.intended_losses.is_empty()
                && !intent.must_reach.is_empty()
                && !intent.budgets.is_empty()
        );
        assert!(!intent.severity.is_empty());
    }
}

#[test]
fn documented_formats_exist() {
    let text = readme();
    let section = text
        .split("### Output formats")
        .nth(1)
        .and_then(|s| s.split("\n#").next())
        .expect("a formats section");
    let formats: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `").and_then(|r| r.split('`').next()))
        .collect();
    assert!(formats.len() >= 7, "{formats:?}");
    for format in formats {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_routeproof"))
            .current_dir(common::root())
            .args([
                "check",
                "fixtures/networks/static-route-to-null",
                "--format",
                format,
            ])
            .output()
            .expect("routeproof runs");
        assert_eq!(
            out.status.code(),
            Some(1),
            "--format {format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "--format {format} prints something");
    }
}

#[test]
fn the_example_intent_file_is_applied() {
    // The README's example, with its scope widened, on the fixture: the intended-loss and
    // budget keys take effect through the binary.
    let dir = tempfile::tempdir().unwrap();
    let intent = dir.path().join("routeproof.toml");
    std::fs::write(&intent, "[[intended_loss]]\nprefix = \"10.9.0.0/16\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_routeproof"))
        .current_dir(common::root())
        .args([
            "check",
            "fixtures/networks/static-route-to-null",
            "--intent",
        ])
        .arg(&intent)
        .args(["--color", "never"])
        .output()
        .expect("routeproof runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("(intended: routeproof.toml)"), "{stdout}");
}

/// README's table of finding codes and `routeproof explain` list the same check and
/// reachability codes, and each one is explained.
#[test]
fn finding_codes_table_matches_explain() {
    let text = readme();
    let section = text
        .split("### Finding codes")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("README has a Finding codes section");
    let mut in_readme: Vec<String> = section
        .split('`')
        .filter(|w| w.starts_with("routeproof::check::") || w.starts_with("routeproof::reach::"))
        .map(str::to_owned)
        .collect();
    in_readme.sort();
    in_readme.dedup();

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_routeproof"))
        .arg("explain")
        .output()
        .expect("routeproof explain runs");
    assert!(out.status.success());
    let mut listed: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("routeproof::"))
        .map(str::to_owned)
        .collect();
    listed.sort();
    assert_eq!(in_readme, listed);
    for code in &listed {
        let one = std::process::Command::new(env!("CARGO_BIN_EXE_routeproof"))
            .args(["explain", code])
            .output()
            .expect("routeproof explain CODE runs");
        let doc = String::from_utf8_lossy(&one.stdout);
        assert!(doc.contains("Why it matters"), "{code}: {doc}");
    }
}
