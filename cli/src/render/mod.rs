//! Output renderers. Each format is a thin layer over the same data.

pub mod human;
