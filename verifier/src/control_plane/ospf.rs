//! OSPFv2 (to be implemented).

use super::{Input, Output};

/// OSPF routes of every node, from the previous iteration's main tables.
pub fn compute(input: &Input<'_>) -> Output {
    let _ = input;
    Output::default()
}
