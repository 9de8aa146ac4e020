//! One module per subcommand. Each returns an [`Outcome`](crate::Outcome); `main` maps it to
//! an exit code.

pub mod bgp_sessions;
pub mod parse;
pub mod routes;
