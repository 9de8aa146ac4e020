//! The `routeproof` command line as a library: loading snapshots (the only I/O), one module per
//! subcommand, and one renderer per output format. `main.rs` is a thin clap front end.
//!
//! - [`load`]: snapshots on disk into sources, parsed files and a network.
//! - [`commands`]: one module per subcommand, each returning text and an [`Outcome`].
//! - [`git`]: snapshots read from a git revision, the index or the work tree.
//! - [`intent`]: reading `routeproof.toml`.
//! - [`render`]: output formats.
//! - [`generate`]: synthetic networks for benchmarks (fat-tree, ISP).
//!
//! Exit codes are decided by [`Outcome::code`] and nowhere else: 0 safe / clean, 1 violations
//! found, 2 unusable input, 3 inconclusive.

pub mod commands;
pub mod generate;
pub mod git;
pub mod intent;
pub mod load;
pub mod render;

/// What a command concluded; `main` turns it into the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
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
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Violations => 1,
            Outcome::Unusable => 2,
            Outcome::Inconclusive => 3,
        }
    }
}
