//! The concrete evaluator of route policies (implemented with the BGP work).

use routeproof_parser::ir;

use super::{PolicyOutcome, RouteAttributes, Trace};

/// Runs policy `name` of `device` on `route`. `None` as a name means "no policy": permit
/// unchanged. An undefined name follows the vendor's rule for undefined references.
pub fn evaluate(
    device: &ir::Device,
    name: Option<&str>,
    route: RouteAttributes,
    trace: &mut Trace,
) -> PolicyOutcome {
    let _ = (device, name, trace);
    PolicyOutcome::Permit(route)
}
