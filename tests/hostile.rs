//! Hostile and broken input, through the real binary: never a panic, never a hang, never a
//! silent success on input that could not be used.
//!
//! Input: one scratch snapshot per case (empty, binary, Latin-1, symlink loops, FIFOs, duplicate
//! hostnames, unknown vendors, nonexistent paths, broken JSON, bad flags...). Expected output:
//! the snapshot `hostile__messages.snap` lists, per case, the exit code and the first lines a
//! user reads (stderr's code and headline, or for a successful parse its first diagnostic).
//! Every message names the file. Separate tests cover the large inputs (a 100 MB
//! configuration and a million-line prefix list) with a bound on memory, and the unreadable
//! file, whose outcome depends on whether the tests run as root.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_routeproof");

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("parent directory");
    }
    fs::write(path, bytes).expect("write scratch file");
}

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(["--color", "never"])
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run routeproof")
}

/// What a user reads first: on failure stderr's code and headline, on success the first
/// diagnostic headline on stdout, if any.
fn summary(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "a panic: {stderr}"
    );
    // The code, then the headline with miette's wrapped continuation lines (`│ ...`) joined.
    let mut lines: Vec<String> = Vec::new();
    for line in stderr.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix('│') {
            Some(rest) if lines.len() == 2 => {
                lines[1].push(' ');
                lines[1].push_str(rest.trim());
            }
            _ if lines.len() == 2 => break,
            _ => lines.push(line.to_owned()),
        }
    }
    if !lines.is_empty() {
        return lines.join(" | ");
    }
    let headline = stdout
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(['⚠', '☞', '×']));
    match headline {
        Some(h) => format!("(stdout) {h}"),
        None => format!("(stdout) {}", stdout.lines().last().unwrap_or("").trim()),
    }
}

const IOS: &str =
    "hostname r1\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n!\n";

/// One case: a name, how to build its input inside `dir`, and the arguments (paths relative to
/// `dir`, which is the working directory, so messages show short relative paths).
struct Case {
    name: &'static str,
    setup: fn(&Path),
    args: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "empty file",
            setup: |d| write(&d.join("r1.cfg"), ""),
            args: &["parse", "r1.cfg"],
        },
        Case {
            name: "only whitespace and comments",
            setup: |d| write(&d.join("r1.cfg"), "\n\n!\n! nothing\n   \n"),
            args: &["parse", "r1.cfg"],
        },
        Case {
            name: "binary file",
            setup: |d| {
                let bytes: Vec<u8> = (0..4096u32)
                    .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                    .collect();
                write(&d.join("r1.cfg"), bytes)
            },
            args: &["parse", "r1.cfg"],
        },
        Case {
            name: "binary file inside a snapshot",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                write(
                    &d.join("snap/configs/firmware.bin"),
                    b"\x7fELF\x02\x01\x01\x00\x00",
                );
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "invalid UTF-8 (Latin-1 description)",
            setup: |d| {
                write(
                    &d.join("r1.cfg"),
                    b"hostname r1\ninterface GigabitEthernet0/0\n description caf\xe9 \xff\xfe\n!\n",
                )
            },
            args: &["parse", "r1.cfg"],
        },
        Case {
            name: "unterminated banner",
            setup: |d| {
                write(
                    &d.join("r1.cfg"),
                    "hostname r1\nbanner motd ^C\nno end in sight\ninterface Gi0/0\n",
                )
            },
            args: &["parse", "r1.cfg"],
        },
        Case {
            name: "unbalanced junos braces",
            setup: |d| {
                write(
                    &d.join("j1.cfg"),
                    "system {\n    host-name j1;\n    interfaces {\n        ge-0/0/0 {\n",
                )
            },
            args: &["parse", "j1.cfg"],
        },
        Case {
            name: "junos nested 100000 braces deep",
            setup: |d| {
                let depth = 100_000;
                write(
                    &d.join("j2.cfg"),
                    format!(
                        "system {{ host-name j2; }}\n{}x;{}\n",
                        "a {\n".repeat(depth),
                        "}\n".repeat(depth)
                    ),
                )
            },
            args: &["parse", "j2.cfg"],
        },
        Case {
            name: "unclosed IOS-XR route-policy",
            setup: |d| {
                write(
                    &d.join("x1.cfg"),
                    "!RANCID-CONTENT-TYPE: cisco-xr\nhostname x1\nroute-policy RP\n  if destination in (10.0.0.0/8) then\n    pass\n",
                )
            },
            args: &["parse", "x1.cfg"],
        },
        Case {
            name: "stray exits and end-of-modes",
            setup: |d| {
                write(
                    &d.join("r1.cfg"),
                    "hostname r1\nexit\nexit-address-family\n exit\nend\nend\ninterface Gi0/0\n",
                )
            },
            args: &["parse", "r1.cfg"],
        },
        Case {
            name: "device with no hostname",
            setup: |d| {
                write(
                    &d.join("snap/configs/edge7.cfg"),
                    "version 15.2\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n",
                )
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "two files claiming the same hostname",
            setup: |d| {
                write(&d.join("snap/configs/a.cfg"), IOS);
                write(&d.join("snap/configs/b.cfg"), IOS.replace("r1", "R1"));
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "unknown vendor",
            setup: |d| {
                write(
                    &d.join("notes.cfg"),
                    "This is not a router.\nJust some notes.\n",
                )
            },
            args: &["parse", "notes.cfg"],
        },
        Case {
            name: "unknown vendor header",
            setup: |d| {
                write(
                    &d.join("r1.cfg"),
                    "!RANCID-CONTENT-TYPE: fortigate\nhostname r1\n",
                )
            },
            args: &["parse", "r1.cfg"],
        },
        Case {
            name: "Cisco ASA (refused, not read as IOS)",
            setup: |d| {
                write(
                    &d.join("fw.cfg"),
                    "ASA Version 9.8(2)\nhostname fw\ninterface GigabitEthernet0/1\n",
                )
            },
            args: &["parse", "fw.cfg"],
        },
        Case {
            name: "directory with no configs",
            setup: |d| {
                fs::create_dir_all(d.join("snap/configs")).expect("mkdir");
                write(&d.join("snap/README.md"), "# nothing here\n");
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "nonexistent path",
            setup: |_| {},
            args: &["parse", "no/such/snapshot"],
        },
        Case {
            name: "symlink loop between directories",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                symlink(Path::new(".."), &d.join("snap/configs/sub/up"));
                symlink(Path::new("../configs"), &d.join("snap/configs/again"));
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "symlink pointing at itself",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                symlink(Path::new("self.cfg"), &d.join("snap/configs/self.cfg"));
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "dangling symlink",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                symlink(Path::new("gone.cfg"), &d.join("snap/configs/r2.cfg"));
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "named pipe inside a snapshot",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                mkfifo(&d.join("snap/configs/r2.cfg"));
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "named pipe as the snapshot",
            setup: |d| mkfifo(&d.join("pipe.cfg")),
            args: &["parse", "pipe.cfg"],
        },
        Case {
            name: "device file as the snapshot",
            setup: |_| {},
            args: &["parse", "/dev/zero"],
        },
        Case {
            name: "host file that is a directory",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                fs::create_dir_all(d.join("snap/hosts/h1.json")).expect("mkdir");
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "broken host JSON",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                write(
                    &d.join("snap/hosts/h1.json"),
                    "{\"hostname\": \"h1\", \"hostInterfaces\": {",
                );
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "host JSON nested 10,000 deep",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                write(&d.join("snap/hosts/h1.json"), "[".repeat(10_000));
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "broken layer-1 topology",
            setup: |d| {
                write(&d.join("snap/configs/r1.cfg"), IOS);
                write(
                    &d.join("snap/batfish/layer1_topology.json"),
                    "{\"edges\": [{\"node1\": 3}]}",
                );
            },
            args: &["parse", "snap"],
        },
        Case {
            name: "check: one directory without before/ and after/",
            setup: |d| write(&d.join("snap/configs/r1.cfg"), IOS),
            args: &["check", "snap"],
        },
        Case {
            name: "check: after snapshot missing",
            setup: |d| write(&d.join("before/configs/r1.cfg"), IOS),
            args: &["check", "before", "after"],
        },
        Case {
            name: "trace: unknown source device",
            setup: |d| write(&d.join("r1.cfg"), IOS),
            args: &["trace", "r1.cfg", "--from", "nosuch", "--dst", "10.0.0.1"],
        },
        Case {
            name: "routes: bad prefix flag",
            setup: |d| write(&d.join("r1.cfg"), IOS),
            args: &["routes", "r1.cfg", "--prefix", "10.0.0.0/33"],
        },
        Case {
            name: "unknown subcommand",
            setup: |_| {},
            args: &["frobnicate"],
        },
    ]
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    if let Some(parent) = link.parent() {
        fs::create_dir_all(parent).expect("parent directory");
    }
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo is available");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Every case: its exit code and what the user reads first, as one snapshot.
#[test]
fn messages() {
    let mut table = String::new();
    for (i, case) in cases().iter().enumerate() {
        let dir = scratch(&format!("case-{i:02}"));
        (case.setup)(&dir);
        let output = run(case.args, &dir);
        let code = output.status.code();
        let _ = writeln!(
            table,
            "{}\n  $ routeproof {}\n  exit {}: {}",
            case.name,
            case.args.join(" "),
            code.map_or_else(|| "signal".to_owned(), |c| c.to_string()),
            summary(&output)
        );
        // A signal (a crash) or an exit code outside the documented ones is a bug.
        assert!(
            matches!(code, Some(0..=3)),
            "{}: {:?}\n{}",
            case.name,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    insta::assert_snapshot!("messages", table);
}

/// Runs the binary with its address space capped by `ulimit -v` (a blowup fails the run
/// instead of exhausting the machine) and samples its peak resident memory (`VmHWM` in
/// `/proc/PID/status`, PID kept by `exec`) while it runs. Returns the exit code, the peak in
/// MiB (a lower bound: the last 20 ms are not sampled) and stdout's last line.
fn run_bounded(args: &[&str], cwd: &Path, limit_mib: u64) -> (Option<i32>, u64, String) {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {} && exec \"$0\" \"$@\"",
            limit_mib * 1024
        ))
        .arg(BIN)
        .args(["--color", "never"])
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn routeproof");
    let status_path = format!("/proc/{}/status", child.id());
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut o) = stdout {
            let _ = std::io::Read::read_to_string(&mut o, &mut s);
        }
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut e) = stderr {
            let _ = std::io::Read::read_to_string(&mut e, &mut s);
        }
        s
    });
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(text) = fs::read_to_string(&status_path)
            && let Some(line) = text.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kib: u64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    let tail = stdout.lines().last().unwrap_or("").to_owned();
    (status.code(), peak_kib / 1024, tail)
}

/// Input: a 100 MB IOS configuration (interfaces with descriptions, route-maps, static
/// routes), written by the test. Expected: `parse` succeeds under a 4 GiB address-space cap and
/// its peak memory stays below 30 times the file size.
#[test]
fn hundred_megabyte_config() {
    let dir = scratch("hundred-mb");
    let path = dir.join("big.cfg");
    let mut text = String::with_capacity(101 << 20);
    text.push_str("hostname big\n");
    let mut i = 0u32;
    while text.len() < 100 << 20 {
        let _ = write!(
            text,
            "interface GigabitEthernet0/{i}\n description link {i} to somewhere far away\n ip address 10.{}.{}.1 255.255.255.0\n no shutdown\n!\nroute-map RM{} permit {i}\n match ip address prefix-list PL{}\n set local-preference {}\n!\nip route 172.{}.{}.{} 255.255.255.255 10.{}.{}.2\n",
            (i >> 8) & 255,
            i & 255,
            i % 500,
            i % 300,
            i % 1000,
            (i >> 16) & 255,
            (i >> 8) & 255,
            i & 255,
            (i >> 8) & 255,
            i & 255,
        );
        i += 1;
    }
    write(&path, &text);
    let size_mib = (text.len() >> 20) as u64;
    drop(text);
    let (code, peak_mib, tail) = run_bounded(&["parse", "big.cfg"], &dir, 4096);
    eprintln!("parse of a {size_mib} MiB configuration: peak RSS {peak_mib} MiB");
    assert_eq!(code, Some(0), "{tail}");
    assert!(tail.starts_with("1 device,"), "{tail}");
    assert!(
        peak_mib < 30 * size_mib,
        "peak RSS {peak_mib} MiB for a {size_mib} MiB file"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Input: a prefix list of a million lines without sequence numbers (each one's number is
/// the last one's plus 5). Expected: `parse` succeeds with one device and no diagnostic, within
/// 2 GiB. (Finding the last number by scanning the list made this quadratic: a hundred
/// thousand lines took 11 s in release, a million would have taken about half an hour.)
#[test]
fn million_line_prefix_list() {
    let dir = scratch("million-lines");
    let mut text = String::with_capacity(60 << 20);
    text.push_str("hostname big\n");
    for i in 0..1_000_000u32 {
        let _ = writeln!(
            text,
            "ip prefix-list BIG permit 10.{}.{}.{}/32",
            (i >> 16) & 255,
            (i >> 8) & 255,
            i & 255
        );
    }
    write(&dir.join("big.cfg"), &text);
    drop(text);
    let (code, peak_mib, tail) = run_bounded(&["parse", "big.cfg"], &dir, 2048);
    eprintln!("parse of a million-line prefix list: peak RSS {peak_mib} MiB");
    assert_eq!(code, Some(0), "{tail}");
    assert!(tail.starts_with("1 device, 0 diagnostics"), "{tail}");
    let _ = fs::remove_dir_all(&dir);
}

/// Input: a device with 2,000 BGP neighbors and interfaces, and a 6,000-line change script that
/// enters `router bgp` again for each neighbor to give it a description. Expected: `apply`
/// replays it (exit 0, every line in BGP) within 2 GiB. (Vetting each `router bgp` after an
/// edit re-parsed the whole configuration, and each line's identity was computed again for
/// every sibling: replay was quadratic, 2.2 s in release for 400 neighbors, about a minute for
/// 2,000; now 0.2 s.)
#[test]
fn long_change_script() {
    let dir = scratch("long-change");
    let peers = 2_000u32;
    let address = |i: u32| format!("10.{}.{}", i / 250, i % 250);
    let mut base = String::from("hostname big\n!\n");
    for i in 0..peers {
        let _ = write!(
            base,
            "interface GigabitEthernet0/{i}\n description p{i}\n ip address {}.1 255.255.255.0\n!\n",
            address(i)
        );
    }
    base.push_str("router bgp 65000\n");
    for i in 0..peers {
        let _ = writeln!(base, " neighbor {}.2 remote-as {}", address(i), 65001 + i);
    }
    base.push_str("!\nend\n");
    let mut script = String::new();
    for i in 0..peers {
        let _ = write!(
            script,
            "router bgp 65000\n neighbor {}.2 description peer {i}\nexit\n",
            address(i)
        );
    }
    write(&dir.join("big.cfg"), &base);
    write(&dir.join("change.txt"), &script);
    let (code, peak_mib, tail) = run_bounded(
        &[
            "apply",
            "--config",
            "big.cfg",
            "change.txt",
            "--format",
            "config",
        ],
        &dir,
        2048,
    );
    eprintln!(
        "apply of a {}-line script: peak RSS {peak_mib} MiB",
        3 * peers
    );
    assert_eq!(code, Some(0), "{tail}");
    assert_eq!(tail, "end");
    let _ = fs::remove_dir_all(&dir);
}

/// Input: one line of 5 MB with a diagnostic on it. Expected: the snippet shows the line cut
/// short, so output stays small.
#[test]
fn very_long_line() {
    let dir = scratch("long-line");
    let text = format!(
        "hostname r1\ninterface GigabitEthernet0/0\n bogus {}\n",
        "y".repeat(5_000_000)
    );
    write(&dir.join("r1.cfg"), text);
    let output = run(&["parse", "r1.cfg"], &dir);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stdout.len() < 10_000,
        "{} bytes",
        output.stdout.len()
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains('…'));
    let _ = fs::remove_dir_all(&dir);
}

/// Input: a configuration with mode 000. Expected, as a user: exit 2 and "cannot read" naming
/// the file. As root (CI runs as root), permissions do not stop reads, so the file is read and
/// parsed; the test says so on stderr rather than pretend the case was covered.
#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("unreadable");
    let path = dir.join("snap/configs/r1.cfg");
    write(&path, IOS);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let privileged = fs::read(&path).is_ok();
    let output = run(&["parse", "snap"], &dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if privileged {
        eprintln!(
            "unreadable_file: running with privileges that ignore file modes; the file was read, \
             so the permission-denied path is not exercised here (see the directory-as-file case)"
        );
        assert_eq!(output.status.code(), Some(0), "{stderr}");
    } else {
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("cannot read snap/configs/r1.cfg"),
            "{stderr}"
        );
        assert!(stderr.contains("ermission denied"), "{stderr}");
    }
    let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o644));
    let _ = fs::remove_dir_all(&dir);
}

/// Input: a description and a hostname full of terminal escapes, bidi overrides and a C1 CSI.
/// Expected: no raw control character reaches stdout or stderr in human output, for `parse`,
/// `routes` and `check`, and the JSON output stays valid JSON holding the original text.
#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = scratch("escapes");
    let evil = "hostname r1\x1b[2J\ninterface GigabitEthernet0/0\n description \x1b]0;owned\x07 \x1b[31mred\u{202e}gnp.exe\u{9b}31m\r\n ip address 10.0.0.1 255.255.255.0\n bogus \x1b[1A\x1b[2Kline\n!\n";
    write(&dir.join("before/configs/r1.cfg"), evil);
    write(
        &dir.join("after/configs/r1.cfg"),
        evil.replace("10.0.0.1", "10.0.0.2"),
    );
    for args in [
        &["parse", "before"][..],
        &["routes", "before"],
        &["check", "before", "after"],
        &["parse", "missing\x1b[31m"],
    ] {
        let output = run(args, &dir);
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let raw = text
                .chars()
                .find(|&c| c.is_control() && c != '\n' && c != '\t' || c == '\u{202e}');
            assert!(raw.is_none(), "{args:?}: raw {raw:?} on {stream}:\n{text}");
        }
    }
    let output = run(&["parse", "before", "--format", "json"], &dir);
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("parse --format json is JSON");
    assert_eq!(json["devices"][0]["name"], "r1\u{1b}[2J");
}

/// Input: two one-device snapshots found by fuzzing (`tests/data/slow-check/`, mangled IOS
/// with a 25-line ACL bound to an interface and no neighbour, so no source to send from).
/// Expected: no destination class is analysed (there is nothing to decide), so the z3
/// header-space enumeration that made this take 16 s is never run; the verdict is
/// inconclusive because of the unmodelled features the file carries.
#[test]
fn check_without_sources_analyses_no_class() {
    let data = common::root().join("tests/data/slow-check");
    let output = Command::new(BIN)
        .args(["check", "before", "after", "--format", "json"])
        .current_dir(&data)
        .output()
        .expect("run routeproof");
    assert_eq!(output.status.code(), Some(3), "{}", summary(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    assert_eq!(report["stats"]["sources"], 0);
    assert_eq!(report["stats"]["classes_analysed"], 0);
    assert!(report["stats"]["destination_classes"].as_u64() > Some(0));
}

/// Input: `check --timeout 0s` on the KT fixture, so the deadline passes before the analysis
/// can finish. Expected: exit 3, verdict inconclusive, a gap saying the analysis did not finish
/// and how far it got; never a pass. With a generous timeout the report is the one without.
#[test]
fn timeout_is_inconclusive_never_safe() {
    let root = common::root();
    let network = "fixtures/networks/ospf-cost-change-safe";
    let output = run(
        &["check", network, "--timeout", "0s", "--format", "json"],
        &root,
    );
    assert_eq!(output.status.code(), Some(3), "{}", summary(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    assert_eq!(report["verdict"], "inconclusive");
    let gaps = report["gaps"].as_array().expect("gaps");
    assert!(
        gaps.iter().any(|g| g["feature"]
            .as_str()
            .is_some_and(|f| f.contains("did not finish within --timeout 0s"))),
        "{gaps:?}"
    );

    let unbounded = run(&["check", network, "--format", "json"], &root);
    let bounded = run(
        &["check", network, "--timeout", "10m", "--format", "json"],
        &root,
    );
    assert_eq!(unbounded.status.code(), Some(0));
    assert_eq!(bounded.status.code(), Some(0));
    assert_eq!(unbounded.stdout, bounded.stdout);

    let bad = run(&["check", network, "--timeout", "soon"], &root);
    assert_eq!(bad.status.code(), Some(2), "{}", summary(&bad));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a duration"));
}

/// Input: `check --timeout 0s --change` with the KT script. Expected: the script's rejected
/// line and mode slip are proven without any simulation, so they are reported and the
/// verdict is unsafe (exit 1) even though the reachability analysis was cut short.
#[test]
fn timeout_keeps_script_findings() {
    let root = common::root();
    let output = run(
        &[
            "check",
            "fixtures/networks/kt-2021-missing-exit/before",
            "--change",
            "core1=fixtures/changes/kt-2021-core1.txt",
            "--timeout",
            "0s",
            "--format",
            "json",
        ],
        &root,
    );
    assert_eq!(output.status.code(), Some(1), "{}", summary(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"routeproof::parse::mode_slip"), "{codes:?}");
    assert!(!report["gaps"].as_array().expect("gaps").is_empty());
}
