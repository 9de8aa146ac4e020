//! BGP (to be implemented): sessions, propagation to a fixpoint, the decision process.

use super::{Input, Output};

/// BGP routes of every node, from the previous iteration's main tables.
pub fn compute(input: &Input<'_>) -> Output {
    let _ = input;
    Output::default()
}
