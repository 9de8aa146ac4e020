//! The `routeproof` command line: arguments, I/O, rendering and exit codes.
//!
//! - `args`: clap definitions.
//! - `load`: the only I/O (snapshots on disk).
//! - `commands`: one module per subcommand.
//! - `render`: one module per output format.
//!
//! Exit codes live here and only here: 0 safe / clean, 1 violations found, 2 unusable input,
//! 3 inconclusive.

mod commands;
mod load;
mod render;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use render::human::Style;

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
}

/// Exit codes, in one place.
// `Violations` and `Inconclusive` belong to `check`, which is not written yet.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Safe / nothing wrong.
    Clean,
    /// Violations or rejected lines found.
    Violations,
    /// The input could not be used.
    Unusable,
    /// The verdict depends on something not modelled.
    Inconclusive,
}

impl Outcome {
    fn code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Clean => 0,
            Outcome::Violations => 1,
            Outcome::Unusable => 2,
            Outcome::Inconclusive => 3,
        })
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Outcome::Unusable.code()
            } else {
                Outcome::Clean.code()
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
    };
    match result {
        Ok((out, outcome)) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`routeproof ... | head`) is not an error worth reporting.
            let _ = stdout.write_all(out.as_bytes());
            outcome.code()
        }
        Err(error) => {
            let report = miette::Report::new(error);
            let _ = writeln!(std::io::stderr(), "{report:?}");
            Outcome::Unusable.code()
        }
    }
}
