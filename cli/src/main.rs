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
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a snapshot and report what was understood, with diagnostics.
    Parse {
        /// A snapshot directory (Batfish layout) or a single configuration file.
        snapshot: PathBuf,
        /// Output format.
        #[arg(long, default_value = "human")]
        format: commands::parse::ParseFormat,
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
        Command::Parse { snapshot, format } => {
            commands::parse::run(snapshot, *format, style).map(|out| (out, Outcome::Clean))
        }
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
