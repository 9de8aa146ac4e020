//! Concrete paths of one packet from one source, hop by hop, with the rule used at each hop.
//! Used for counterexamples (the path before and after a change) and `routeproof trace`.

use ipnet::IpNet;
use serde::Serialize;

use super::forward::{Disposition, Forwarding, Packet, State, Step, Terminal};
use crate::rib::Route;

/// One hop of a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Node name.
    pub node: String,
    /// VRF.
    pub vrf: String,
    /// Interface the packet came in on (none at the source).
    pub in_interface: Option<String>,
    /// Interface it leaves on (none at the last hop).
    pub out_interface: Option<String>,
    /// The FIB prefix that matched, if any.
    pub prefix: Option<IpNet>,
    /// The main-table routes of that prefix (the rule used here).
    pub routes: Vec<Route>,
}

/// One path: the hops and how it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Path {
    /// Hops from the source.
    pub hops: Vec<Hop>,
    /// The end.
    pub terminal: Terminal,
}

/// At most this many paths are listed per trace (ECMP fans out exponentially).
pub const MAX_PATHS: usize = 64;

/// The paths of `packet` from `source`, at most [`MAX_PATHS`], in a deterministic order.
pub fn paths(forwarding: &Forwarding<'_>, source: &State, packet: &Packet) -> Vec<Path> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    walk(forwarding, source, None, packet, &mut stack, &mut out);
    out
}

fn walk(
    forwarding: &Forwarding<'_>,
    state: &State,
    in_interface: Option<String>,
    packet: &Packet,
    stack: &mut Vec<(State, Hop)>,
    out: &mut Vec<Path>,
) {
    if out.len() >= MAX_PATHS {
        return;
    }
    let (prefix, routes) = match forwarding
        .dataplane
        .fib(state.node, &state.vrf)
        .and_then(|f| f.lookup(packet.dst))
    {
        Some((p, _)) if !forwarding.owns(state, packet.dst) => {
            let routes = forwarding
                .ribs
                .get(&(state.node, state.vrf.clone()))
                .map(|rib| rib.get(p).to_vec())
                .unwrap_or_default();
            (Some(*p), routes)
        }
        _ => (None, Vec::new()),
    };
    let hop = Hop {
        node: forwarding.topology.node(state.node).name.clone(),
        vrf: state.vrf.clone(),
        in_interface,
        out_interface: None,
        prefix,
        routes,
    };
    if stack.iter().any(|(s, _)| s == state) {
        let mut hops: Vec<Hop> = stack.iter().map(|(_, h)| h.clone()).collect();
        hops.push(hop);
        out.push(Path {
            hops,
            terminal: Terminal {
                disposition: Disposition::Loop,
                node: state.node,
                interface: None,
                acl_line: None,
                uncertain: false,
            },
        });
        return;
    }
    stack.push((state.clone(), hop));
    for step in forwarding.step(state, packet) {
        match step {
            Step::End(terminal) => {
                let mut hops: Vec<Hop> = stack.iter().map(|(_, h)| h.clone()).collect();
                if let (Some(last), Some(iface)) = (hops.last_mut(), &terminal.interface)
                    && terminal.node == state.node
                    && terminal.disposition != Disposition::AclDenied
                {
                    last.out_interface = Some(iface.clone());
                }
                out.push(Path { hops, terminal });
            }
            Step::Next {
                state: next,
                out_interface,
                in_interface,
                ..
            } => {
                if let Some((_, hop)) = stack.last_mut() {
                    hop.out_interface = Some(out_interface);
                }
                walk(forwarding, &next, Some(in_interface), packet, stack, out);
            }
        }
        if out.len() >= MAX_PATHS {
            break;
        }
    }
    stack.pop();
}
