//! One module per subcommand. Each returns an [`Outcome`](crate::Outcome); `main` maps it to
//! an exit code.

pub mod apply;
pub mod bgp_sessions;
pub mod change;
pub mod check;
pub mod explain;
pub mod parse;
pub mod routes;
pub mod trace;
