//! `routeproof trace SNAPSHOT --from DEVICE --dst ADDRESS`: the hops of one packet, with the
//! rule used at each.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::Path;

use routeproof_verifier::control_plane;
use routeproof_verifier::dataplane::DataPlane;
use routeproof_verifier::reach::forward::{Forwarding, Packet, State};
use routeproof_verifier::reach::trace::{self, Path as TracePath};
use routeproof_verifier::rib::NextHop;

use crate::load::{LoadError, load_snapshot};

/// Output format of `trace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    /// Hops as text.
    Human,
    /// Paths as JSON.
    Json,
}

/// Runs `trace`.
pub fn run(
    path: &Path,
    from: &str,
    vrf: &str,
    dst: IpAddr,
    src: Option<IpAddr>,
    format: TraceFormat,
) -> Result<String, LoadError> {
    let snapshot = load_snapshot(path)?;
    let cp = control_plane::simulate(&snapshot.network);
    let Some(node) = cp
        .topology
        .nodes
        .iter()
        .position(|n| n.name.eq_ignore_ascii_case(from))
    else {
        return Err(LoadError::Invalid {
            path: path.display().to_string(),
            reason: format!("no device or host called `{from}` in the snapshot"),
        });
    };
    let dataplane = DataPlane::build(&cp);
    let forwarding = Forwarding {
        network: &snapshot.network,
        topology: &cp.topology,
        dataplane: &dataplane,
        ribs: &cp.ribs,
    };
    let source = State {
        node: routeproof_verifier::topology::NodeId(node as u32),
        vrf: vrf.to_owned(),
    };
    let mut packet = Packet::to(dst);
    packet.src = match src {
        Some(s) => s,
        None => {
            default_source(cp.topology.node(source.node), vrf, dst.is_ipv4()).unwrap_or(packet.src)
        }
    };
    let paths = trace::paths(&forwarding, &source, &packet);
    Ok(match format {
        TraceFormat::Json => {
            let mut s = serde_json::to_string_pretty(&serde_json::json!({
                "schema": "routeproof.trace/v1",
                "from": cp.topology.node(source.node).name,
                "vrf": vrf,
                "dst": dst,
                "paths": paths,
            }))
            .unwrap_or_default();
            s.push('\n');
            s
        }
        // Names come from the input: cleaned for the terminal.
        TraceFormat::Human => {
            crate::render::human::clean_lines(&human(&cp.topology, &source, dst, &paths))
                .into_owned()
        }
    })
}

/// The address a node sends from when none is given: its lowest loopback address in the VRF,
/// else its lowest interface address there.
fn default_source(
    node: &routeproof_verifier::topology::Node,
    vrf: &str,
    ipv4: bool,
) -> Option<IpAddr> {
    let addresses = |loopback: bool| {
        node.interfaces
            .values()
            .filter(|i| {
                i.vrf == vrf
                    && (i.kind == routeproof_parser::ir::InterfaceKind::Loopback) == loopback
            })
            .flat_map(|i| i.addresses.iter().map(|a| a.addr()))
            .filter(|a| a.is_ipv4() == ipv4)
            .min()
    };
    addresses(true).or_else(|| addresses(false))
}

fn human(
    topology: &routeproof_verifier::topology::Topology,
    source: &State,
    dst: IpAddr,
    paths: &[TracePath],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "trace from {} (vrf {}) to {dst}",
        topology.node(source.node).name,
        source.vrf
    );
    for (i, path) in paths.iter().enumerate() {
        let t = &path.terminal;
        let _ = writeln!(
            out,
            "path {}: {} at {}{}",
            i + 1,
            t.disposition.name(),
            topology.node(t.node).name,
            t.interface
                .as_ref()
                .map(|i| format!(" {i}"))
                .unwrap_or_default()
        );
        for hop in &path.hops {
            let mut line = format!("  {}", hop.node);
            if let Some(i) = &hop.in_interface {
                let _ = write!(line, " in {i}");
            }
            if let Some(p) = hop.prefix {
                let rule: Vec<String> = hop
                    .routes
                    .iter()
                    .map(|r| match &r.next_hop {
                        NextHop::Address { address, .. } => {
                            format!("{} via {address}", r.protocol.name())
                        }
                        NextHop::Interface(i) => format!("{} {i}", r.protocol.name()),
                        NextHop::Discard => format!("{} discard", r.protocol.name()),
                        NextHop::Receive(_) => format!("{} receive", r.protocol.name()),
                    })
                    .collect();
                let _ = write!(line, ": {p} [{}]", rule.join(", "));
            }
            if let Some(o) = &hop.out_interface {
                let _ = write!(line, " out {o}");
            }
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
