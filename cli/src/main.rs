//! The `routeproof` binary: clap arguments, printing, and the exit code of the command's
//! [`Outcome`]. Everything else is in the library (`cli/src/lib.rs`).

use routeproof::{Outcome, commands};

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use routeproof::render::human::Style;

/// Proves a routing change keeps every prefix reachable before it is pushed.
#[derive(Debug, Parser)]
#[command(name = "routeproof", version, about)]
struct Cli {
    /// When to use colour: auto (a terminal and no NO_COLOR), always, never.
    #[arg(long, global = true, default_value = "auto")]
    color: ColorChoice,
    /// No progress on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum GenerateKind {
    FatTree,
    Isp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FailOnChoice {
    Error,
    Warning,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a synthetic network (for benchmarks) in Batfish's layout.
    #[command(hide = true)]
    Generate {
        /// Which network.
        #[arg(value_enum)]
        kind: GenerateKind,
        /// Fat-tree arity (even).
        #[arg(long, default_value_t = 16)]
        k: usize,
        /// ISP routers.
        #[arg(long, default_value_t = 1000)]
        routers: usize,
        /// External prefixes (ISP) or server subnets per leaf (fat-tree).
        #[arg(long, default_value_t = 10000)]
        prefixes: usize,
        /// Output directory (gets a `configs/` folder).
        #[arg(long)]
        out: PathBuf,
    },
    /// Prove a change keeps every prefix reachable: `check BEFORE AFTER` or `check DIR`
    /// (DIR holds before/ and after/).
    Check {
        /// Two snapshots (before, after), or one directory holding before/ and after/; with
        /// --git or --staged, the snapshot's path in the repository (default: the current
        /// directory).
        #[arg(num_args = 0..=2)]
        snapshots: Vec<PathBuf>,
        /// Compare two revisions of the repository (`BASE..HEAD`), or a revision with the
        /// work tree (`BASE`), reading files straight from git.
        #[arg(long, value_name = "BASE[..HEAD]", conflicts_with = "staged")]
        git: Option<String>,
        /// Compare HEAD with the index (what `git commit` would record): for pre-commit hooks.
        #[arg(long)]
        staged: bool,
        /// Only sources matching this glob (repeatable): a device (`border*`), or an
        /// external-facing interface where traffic enters (`border1[GigabitEthernet0/0]`,
        /// `*[*]` for all of them).
        #[arg(long = "source", value_name = "GLOB")]
        sources: Vec<String>,
        /// Output format.
        #[arg(long, default_value = "human")]
        format: commands::check::CheckFormat,
        /// Replay SCRIPT on DEVICE's configuration and check the result against the snapshot
        /// (repeatable; the snapshot is then the configuration before the change).
        #[arg(long = "change", value_name = "DEVICE=SCRIPT")]
        changes: Vec<commands::change::ChangeArg>,
        /// The intent file (default: routeproof.toml next to the snapshot after the change, or
        /// in its parent directory).
        #[arg(long, value_name = "FILE")]
        intent: Option<PathBuf>,
        /// Write the report in `--format` to this file, and the human report to the terminal.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Stop the analysis after this long (`90s`, `5m`, or seconds): the verdict is then
        /// inconclusive (exit 3) and says how far the proof got; never a silent pass.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        timeout: Option<std::time::Duration>,
        /// Which findings fail the check (exit 1): `error` (default) or `warning` too;
        /// overrides `fail_on` in routeproof.toml.
        #[arg(long, value_name = "LEVEL")]
        fail_on: Option<FailOnChoice>,
    },
    /// Parse a snapshot and report what was understood, with diagnostics.
    Parse {
        /// A snapshot directory (Batfish layout) or a single configuration file.
        snapshot: PathBuf,
        /// Output format.
        #[arg(long, default_value = "human")]
        format: commands::parse::ParseFormat,
    },
    /// Replay a change script on a device's configuration, as the device would execute it.
    ///
    /// Prints the resulting configuration, where each script line lands, and findings. Exit
    /// code 1 when a line is rejected, invalid, or lands in another context than the script's
    /// layout says (a missing `exit`).
    Apply {
        /// The device's current configuration.
        #[arg(long, value_name = "DEVICE.cfg")]
        config: PathBuf,
        /// The change script (the commands an operator would paste).
        #[arg(value_name = "SCRIPT.txt")]
        script: PathBuf,
        /// Output format.
        #[arg(long, default_value = "human")]
        format: commands::apply::ApplyFormat,
    },
    /// Simulate the control plane and print every device's main routing table.
    Routes {
        /// A snapshot directory (Batfish layout) or a single configuration file.
        snapshot: PathBuf,
        /// Only this device.
        #[arg(long)]
        device: Option<String>,
        /// Only this VRF (`default` for the default VRF).
        #[arg(long)]
        vrf: Option<String>,
        /// Only prefixes that contain or are contained in this one.
        #[arg(long)]
        prefix: Option<ipnet::IpNet>,
        /// Output format.
        #[arg(long, default_value = "human")]
        format: commands::routes::RoutesFormat,
    },
    /// Simulate the control plane and list every configured BGP neighbor: established, or why not.
    BgpSessions {
        /// A snapshot directory (Batfish layout) or a single configuration file.
        snapshot: PathBuf,
        /// Only this device.
        #[arg(long)]
        device: Option<String>,
        /// Output format.
        #[arg(long, default_value = "human")]
        format: commands::bgp_sessions::SessionsFormat,
    },
    /// Explain a finding code (what it finds, why it matters, an example); without a code,
    /// list every code.
    Explain {
        /// A code such as `routeproof::check::bgp_into_igp` (or its last part, `bgp_into_igp`).
        code: Option<String>,
    },
    /// Trace one packet hop by hop, with the rule used at each hop.
    Trace {
        /// A snapshot directory (Batfish layout) or a single configuration file.
        snapshot: PathBuf,
        /// The device or host the packet starts from.
        #[arg(long)]
        from: String,
        /// Destination address.
        #[arg(long)]
        dst: std::net::IpAddr,
        /// Source address (default: the source's lowest loopback or interface address).
        #[arg(long)]
        src: Option<std::net::IpAddr>,
        /// VRF at the source.
        #[arg(long, default_value = "default")]
        vrf: String,
        /// Output format.
        #[arg(long, default_value = "human")]
        format: commands::trace::TraceFormat,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(Outcome::Unusable.code())
            } else {
                ExitCode::from(Outcome::Clean.code())
            };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let style = Style { color, width: 100 };
    let result = match &cli.command {
        Command::Generate {
            kind,
            k,
            routers,
            prefixes,
            out,
        } => {
            let net = match kind {
                GenerateKind::FatTree => routeproof::generate::fat_tree(*k, (*prefixes).min(64)),
                GenerateKind::Isp => routeproof::generate::isp(*routers, *prefixes),
            };
            match net.write(out) {
                Ok(()) => Ok((
                    format!(
                        "wrote {} devices ({} bytes) to {}\n",
                        net.configs.len(),
                        net.bytes(),
                        out.display()
                    ),
                    Outcome::Clean,
                )),
                Err(e) => Err(routeproof::load::LoadError::Unreadable {
                    path: out.display().to_string(),
                    reason: e.to_string(),
                }),
            }
        }
        Command::Check {
            snapshots,
            sources,
            format,
            output,
            changes,
            git,
            staged,
            intent,
            timeout,
            fail_on,
        } => {
            let options = routeproof_verifier::check::Options {
                sources: sources.clone(),
                intent: Default::default(),
                progress: None,
                exhaustive: false,
            };
            let from_git = match (git, staged) {
                (Some(spec), _) => Some(spec.clone()),
                (None, true) => Some(String::new()),
                (None, false) => None,
            };
            let request = commands::check::Request {
                paths: snapshots.clone(),
                git: from_git,
                intent: intent.clone(),
                changes: changes.clone(),
                output: output.clone(),
                timeout: *timeout,
                fail_on: fail_on.map(|level| match level {
                    FailOnChoice::Error => routeproof_verifier::intent::FailOn::Error,
                    FailOnChoice::Warning => routeproof_verifier::intent::FailOn::Warning,
                }),
                progress_bar: !cli.quiet && std::io::stderr().is_terminal(),
            };
            commands::check::run(&request, &options, *format, style)
        }
        Command::Parse { snapshot, format } => {
            commands::parse::run(snapshot, *format, style).map(|out| (out, Outcome::Clean))
        }
        Command::Apply {
            config,
            script,
            format,
        } => commands::apply::run(config, script, *format, style),
        Command::Routes {
            snapshot,
            device,
            vrf,
            prefix,
            format,
        } => {
            let filter = commands::routes::Filter {
                device: device.clone(),
                vrf: vrf.clone(),
                prefix: *prefix,
            };
            commands::routes::run(snapshot, *format, &filter).map(|(out, warnings)| {
                for w in warnings {
                    let _ = writeln!(std::io::stderr(), "{w}");
                }
                (out, Outcome::Clean)
            })
        }
        Command::BgpSessions {
            snapshot,
            device,
            format,
        } => commands::bgp_sessions::run(snapshot, *format, device.as_deref())
            .map(|out| (out, Outcome::Clean)),
        Command::Explain { code } => routeproof::commands::explain::run(code.as_deref()),
        Command::Trace {
            snapshot,
            from,
            dst,
            src,
            vrf,
            format,
        } => commands::trace::run(snapshot, from, vrf, *dst, *src, *format)
            .map(|out| (out, Outcome::Clean)),
    };
    match result {
        Ok((out, outcome)) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`routeproof ... | head`) is not an error worth reporting.
            let _ = stdout.write_all(out.as_bytes());
            ExitCode::from(outcome.code())
        }
        Err(error) => {
            let report = miette::Report::new(error);
            let _ = writeln!(std::io::stderr(), "{report:?}");
            ExitCode::from(Outcome::Unusable.code())
        }
    }
}

/// `--timeout`: a humantime duration (`90s`, `1m 30s`, `500ms`) or a plain number of seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    if let Ok(seconds) = text.trim().parse::<u64>() {
        return Ok(std::time::Duration::from_secs(seconds));
    }
    humantime::parse_duration(text.trim())
        .map_err(|e| format!("`{text}` is not a duration (say 90s, 5m or 1h): {e}"))
}
