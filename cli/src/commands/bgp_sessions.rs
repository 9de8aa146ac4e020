//! `routeproof bgp-sessions SNAPSHOT`: every configured BGP neighbor, whether its session comes
//! up in the simulation, and if not, why.

use std::fmt::Write as _;
use std::path::Path;

use routeproof_verifier::control_plane;
use routeproof_verifier::control_plane::bgp::SessionStatus;
use serde::Serialize;

use crate::load::{LoadError, load_snapshot};

/// Output format of `bgp-sessions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SessionsFormat {
    /// One line per neighbor, grouped by device.
    Human,
    /// JSON rows.
    Json,
    /// CSV with Batfish's `bgpSessionStatus` columns plus the reason.
    Csv,
}

/// One configured neighbor, as printed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SessionRow {
    /// Local device.
    pub node: String,
    /// VRF (`default` for the default VRF).
    pub vrf: String,
    /// The AS the device presents to the neighbor.
    pub local_as: u32,
    /// The device's address on the session, when known.
    pub local_ip: String,
    /// The device at the other end, when found in the snapshot.
    pub remote_node: String,
    /// The configured remote AS.
    pub remote_as: String,
    /// The neighbor as configured (an address, or an interface for unnumbered peers).
    pub remote_ip: String,
    /// `EBGP_SINGLEHOP`, `EBGP_MULTIHOP`, `IBGP` or `UNSET`.
    pub session_type: &'static str,
    /// `ESTABLISHED` or `NOT_ESTABLISHED`.
    pub status: &'static str,
    /// Why the session is not established (empty when it is).
    pub reason: String,
}

impl From<&SessionStatus> for SessionRow {
    fn from(s: &SessionStatus) -> SessionRow {
        SessionRow {
            node: s.node.clone(),
            vrf: s.vrf.clone(),
            local_as: s.local_as,
            local_ip: s.local_ip.map(|a| a.to_string()).unwrap_or_default(),
            remote_node: s.remote_node.clone().unwrap_or_default(),
            remote_as: s.remote_as.clone(),
            remote_ip: s.peer.clone(),
            session_type: s.session_type.name(),
            status: s.status_name(),
            reason: s.down.as_ref().map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// The sessions of the snapshot at `path`, sorted by node, VRF and neighbor.
pub fn rows(path: &Path) -> Result<Vec<SessionRow>, LoadError> {
    let snapshot = load_snapshot(path)?;
    let cp = control_plane::simulate(&snapshot.network);
    let mut rows: Vec<SessionRow> = cp.bgp.sessions.iter().map(SessionRow::from).collect();
    rows.sort_by(|a, b| {
        let peer = |r: &SessionRow| r.remote_ip.parse::<std::net::IpAddr>().ok();
        (&a.node, &a.vrf, peer(a), &a.remote_ip).cmp(&(&b.node, &b.vrf, peer(b), &b.remote_ip))
    });
    Ok(rows)
}

/// The CSV header (Batfish's columns, then the reason).
pub const CSV_HEADER: &str = "node,vrf,local_as,local_ip,remote_node,remote_as,remote_ip,session_type,established_status,reason";

/// Runs `bgp-sessions`; `device` keeps only one device's neighbors.
pub fn run(path: &Path, format: SessionsFormat, device: Option<&str>) -> Result<String, LoadError> {
    let rows: Vec<SessionRow> = rows(path)?
        .into_iter()
        .filter(|r| device.is_none_or(|d| d.eq_ignore_ascii_case(&r.node)))
        .collect();
    let mut out = String::new();
    match format {
        SessionsFormat::Csv => {
            out.push_str(CSV_HEADER);
            out.push('\n');
            for r in &rows {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{}",
                    csv(&r.node),
                    csv(&r.vrf),
                    r.local_as,
                    r.local_ip,
                    csv(&r.remote_node),
                    csv(&r.remote_as),
                    csv(&r.remote_ip),
                    r.session_type,
                    r.status,
                    csv(&r.reason)
                );
            }
        }
        SessionsFormat::Json => {
            out = serde_json::to_string_pretty(&serde_json::json!({
                "schema": "routeproof.bgp-sessions/v1",
                "sessions": rows,
            }))
            .unwrap_or_default();
            out.push('\n');
        }
        SessionsFormat::Human => {
            let mut current: Option<(&str, &str)> = None;
            for r in &rows {
                if current != Some((&r.node, &r.vrf)) {
                    let _ = writeln!(out, "{} vrf {} (AS {})", r.node, r.vrf, r.local_as);
                    current = Some((&r.node, &r.vrf));
                }
                let remote = if r.remote_node.is_empty() {
                    "-"
                } else {
                    r.remote_node.as_str()
                };
                let state = if r.reason.is_empty() {
                    r.status.to_owned()
                } else {
                    format!("{}: {}", r.status, r.reason)
                };
                let _ = writeln!(
                    out,
                    "  {:<16} AS {:<8} {:<15} {:<12} {state}",
                    r.remote_ip, r.remote_as, r.session_type, remote
                );
            }
            let up = rows.iter().filter(|r| r.reason.is_empty()).count();
            let _ = writeln!(
                out,
                "{} sessions, {up} established, {} not",
                rows.len(),
                rows.len() - up
            );
        }
    }
    Ok(out)
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
