//! Output renderers. Each format is a thin layer over the same data.

pub mod check_human;
pub mod check_json;
pub mod dot;
pub mod github;
pub mod human;
pub mod junit;
pub mod markdown;
pub mod sarif;
