//! Mode slips and rejected lines in configuration files. See [`DOC`].

use routeproof_parser::{Code, ir};

use super::Context;
use crate::report::{Evidence, Finding, Severity};

/// Stable code.
pub const CODE: &str = "routeproof::check::mode_slip";

/// What it does / Why it matters / Example.
pub const DOC: &str = "What it does: replays each configuration with the device's own mode rules (a line not valid in the current mode is tried in the enclosing modes; a rejected mode-opening line leaves the mode unchanged) and reports lines that land in another context than their indentation says, and lines the device would reject.\n\nWhy it matters: the device does not read indentation. After a missing `exit`, or after a `router ospf 10 vrf X` that fails because VRF X does not exist, the next lines configure the previous context: on 25 October 2021 such a slip sent BGP routes into IS-IS at KT and took down internet service across Korea for 89 minutes.\n\nExample:\n  router isis CORE\n   net 49.0001.0000.0000.0001.00\n  router ospf 10 vrf ENT-A        <- rejected: vrf ENT-A does not exist\n   redistribute bgp 64500         <- lands in router isis CORE";

/// Reports the parser's slip and rejection diagnostics as findings.
pub fn run(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in ctx.diagnostics {
        if !matches!(d.code, Code::ModeSlip | Code::RejectedLine) {
            continue;
        }
        let device = device_of(ctx.network, d.span.file);
        let mut evidence = vec![Evidence {
            side: ctx.side,
            span: d.span,
            label: d.message.clone(),
        }];
        evidence.extend(d.labels.iter().map(|(span, note)| Evidence {
            side: ctx.side,
            span: *span,
            label: note.clone(),
        }));
        let line = ctx
            .sources
            .text(d.span)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        out.push(Finding {
            code: CODE.to_owned(),
            severity: Severity::Error,
            message: match d.code {
                Code::ModeSlip if d.message.starts_with("line ") => {
                    format!("`{line}` {}", &d.message["line ".len()..])
                }
                Code::ModeSlip => format!("{}, starting with `{line}`", d.message),
                _ => format!("`{line}`: {}", d.message),
            },
            device,
            evidence,
            reachability: None,
            help: d.help.clone(),
            preexisting: false,
        });
    }
    out
}

fn device_of(network: &ir::Network, file: routeproof_parser::FileId) -> Option<String> {
    network
        .devices
        .values()
        .find(|d| d.file == file)
        .map(|d| d.name.clone())
}
