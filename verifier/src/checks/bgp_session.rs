//! BGP sessions that are configured but do not come up, and sessions torn down by
//! `maximum-prefix`. See [`DOC`] and [`MAX_PREFIX_DOC`].

use std::net::IpAddr;

use routeproof_parser::Span;
use routeproof_parser::ir::routing::{BgpNeighbor, BgpPeer};

use super::Context;
use crate::control_plane::bgp::{DownReason, SessionStatus};
use crate::report::{Evidence, Finding, Severity};

/// Stable code of a configured session that is down.
pub const CODE: &str = "routeproof::check::bgp_session_down";

/// Stable code of a session torn down by `maximum-prefix`.
pub const MAX_PREFIX_CODE: &str = "routeproof::check::max_prefix_teardown";

/// What it does / Why it matters / Example.
pub const DOC: &str = "What it does: finds BGP neighbors configured on both ends inside the snapshot whose session does not come up in the simulation, and says why (AS mismatch, no route to the peer, update-source mismatch, eBGP not directly connected without ebgp-multihop, no common address family, the other end shut down...).\n\nWhy it matters: a session that a change breaks withdraws every route it carried, often far from the changed line; one that was never up is configuration debt that hides the real design. Neighbors shut down on purpose and peers outside the snapshot (an ISP) are not reported.\n\nExample:\n  router bgp 65001\n   neighbor 10.0.0.2 remote-as 65003   <- the peer is in AS 65002";

/// What it does / Why it matters / Example.
pub const MAX_PREFIX_DOC: &str = "What it does: finds BGP sessions the simulation tears down because the peer sends more prefixes than the neighbor's `maximum-prefix` allows (without `warning-only`).\n\nWhy it matters: the session drops with every route on it, and on a real device stays down until it is cleared or the restart timer fires; a change that makes a peer announce a few more prefixes can cut a whole site off.\n\nExample:\n  neighbor 192.0.2.1 maximum-prefix 100   <- the peer now sends 120";

/// Down sessions with their IR neighbor, as (status, neighbor, reason, "bgp neighbor X (vrf)").
fn down<'a>(
    ctx: &'a Context<'a>,
) -> impl Iterator<Item = (&'a SessionStatus, &'a BgpNeighbor, &'a DownReason, String)> + 'a {
    ctx.control_plane.bgp.sessions.iter().filter_map(|session| {
        let reason = session.down.as_ref()?;
        let neighbor = neighbor(ctx, session)?;
        let peer = format!(
            "bgp neighbor {} ({})",
            session.peer,
            vrf_label(&session.vrf)
        );
        Some((session, neighbor, reason, peer))
    })
}

/// Reports each configured session that is down, with the line that configures it.
pub fn run(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (session, neighbor, reason, peer) in down(ctx) {
        match reason {
            // Deliberate, outside what the snapshot can say anything about, or the other check.
            DownReason::Shutdown
            | DownReason::PeerNotInSnapshot
            | DownReason::NotModelled(_)
            | DownReason::MaximumPrefixExceeded { .. } => {}
            other => out.push(finding(
                ctx,
                session,
                CODE,
                Severity::Warning,
                format!("{peer} is configured but down: {other}"),
                neighbor.span,
                "the neighbor is configured here".to_owned(),
                "Make both ends agree (addresses, AS numbers, update-source, ebgp-multihop, address families), or remove the neighbor if it is not wanted.",
            )),
        }
    }
    out
}

/// Reports each session torn down by `maximum-prefix`, blaming the limit's line.
pub fn run_max_prefix(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (session, neighbor, reason, peer) in down(ctx) {
        let DownReason::MaximumPrefixExceeded { limit, received } = reason else {
            continue;
        };
        // Both ends see the session drop; the finding belongs to the end whose limit it is.
        let Some(span) = neighbor
            .address_families
            .values()
            .find_map(|af| af.maximum_prefix.as_ref().map(|m| m.span))
        else {
            continue;
        };
        out.push(finding(
            ctx,
            session,
            MAX_PREFIX_CODE,
            Severity::Error,
            format!("{peer} is torn down: {received} prefixes received, maximum-prefix {limit}"),
            span,
            format!("maximum-prefix {limit}"),
            "Raise the limit with headroom, filter what the peer may send, or add `warning-only` if a teardown is not wanted.",
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)] // One call site per code; a struct would only rename these.
fn finding(
    ctx: &Context<'_>,
    session: &SessionStatus,
    code: &str,
    severity: Severity,
    message: String,
    span: Span,
    label: String,
    help: &str,
) -> Finding {
    Finding {
        code: code.to_owned(),
        severity,
        message,
        device: Some(session.node.clone()),
        evidence: vec![Evidence {
            side: ctx.side,
            span,
            label,
        }],
        reachability: None,
        help: Some(help.to_owned()),
        preexisting: false,
    }
}

fn vrf_label(vrf: &str) -> String {
    if vrf.is_empty() || vrf == crate::topology::DEFAULT_VRF {
        "default vrf".to_owned()
    } else {
        format!("vrf {vrf}")
    }
}

/// The IR neighbor a session status is about.
fn neighbor<'a>(ctx: &Context<'a>, session: &SessionStatus) -> Option<&'a BgpNeighbor> {
    let bgp = ctx.network.devices.get(&session.node)?.bgp.as_ref()?;
    let vrf = if session.vrf == crate::topology::DEFAULT_VRF {
        ""
    } else {
        session.vrf.as_str()
    };
    let key = match session.peer.parse::<IpAddr>() {
        Ok(address) => BgpPeer::Address(address),
        Err(_) => BgpPeer::Interface(session.peer.clone()),
    };
    bgp.vrfs.get(vrf)?.neighbors.get(&key)
}

#[cfg(test)]
mod tests {
    use routeproof_parser::Sources;

    use super::*;
    use crate::report::Side;

    const R1: &str = "hostname r1\ninterface GigabitEthernet0/0\n ip address 10.0.12.1 255.255.255.0\n!\nip route 10.1.0.0 255.255.0.0 Null0\nip route 10.3.0.0 255.255.0.0 Null0\n!\nrouter bgp 1\n neighbor 10.0.12.2 remote-as 2\n network 10.1.0.0 mask 255.255.0.0\n network 10.3.0.0 mask 255.255.0.0\n";
    const R2: &str = "hostname r2\ninterface GigabitEthernet0/0\n ip address 10.0.12.2 255.255.255.0\n!\nrouter bgp 2\n neighbor 10.0.12.1 remote-as 1\n";

    fn findings(configs: &[&str]) -> Vec<(String, String, String)> {
        let network = crate::testing::network(configs);
        let control_plane = crate::control_plane::simulate(&network);
        let sources = Sources::new();
        let ctx = Context {
            side: Side::After,
            network: &network,
            sources: &sources,
            diagnostics: &[],
            control_plane: &control_plane,
        };
        let mut out: Vec<(String, String, String)> = run(&ctx)
            .into_iter()
            .chain(run_max_prefix(&ctx))
            .map(|f| (f.code, f.device.unwrap_or_default(), f.message))
            .collect();
        out.sort();
        out
    }

    /// Input: r1 and r2 peer correctly. Expected: nothing.
    #[test]
    fn sessions_that_come_up_are_not_reported() {
        assert_eq!(findings(&[R1, R2]), Vec::new());
    }

    /// Input: r2 expects r1 in AS 3. Expected: both ends' neighbors are reported down, with
    /// the reason each end sees.
    #[test]
    fn an_as_mismatch_is_reported_on_both_ends() {
        let r2 = R2.replace("remote-as 1", "remote-as 3");
        let found = findings(&[R1, &r2]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(code, _, _)| code == CODE));
        assert!(
            found
                .iter()
                .any(|(_, device, message)| device == "r2" && message.contains("10.0.12.1")),
            "{found:?}"
        );
    }

    /// Input: r2 accepts at most one prefix and r1 sends two. Expected: one teardown finding
    /// on r2, and no "configured but down" noise for the same session.
    #[test]
    fn maximum_prefix_teardown_is_its_own_finding() {
        let r2 = R2.replace(
            " neighbor 10.0.12.1 remote-as 1\n",
            " neighbor 10.0.12.1 remote-as 1\n neighbor 10.0.12.1 maximum-prefix 1\n",
        );
        let found = findings(&[R1, &r2]);
        let teardowns: Vec<_> = found
            .iter()
            .filter(|(code, _, _)| code == MAX_PREFIX_CODE)
            .collect();
        assert_eq!(teardowns.len(), 1, "{found:?}");
        assert_eq!(teardowns[0].1, "r2");
        assert!(
            teardowns[0]
                .2
                .contains("2 prefixes received, maximum-prefix 1"),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|(code, device, _)| code == CODE && device == "r2"),
            "{found:?}"
        );
    }

    /// Input: r2's neighbor is shut down. Expected: not a finding (deliberate).
    #[test]
    fn shutdown_is_deliberate() {
        let r2 = R2.replace(
            " neighbor 10.0.12.1 remote-as 1\n",
            " neighbor 10.0.12.1 remote-as 1\n neighbor 10.0.12.1 shutdown\n",
        );
        let found = findings(&[R1, &r2]);
        assert!(
            !found.iter().any(|(_, device, _)| device == "r2"),
            "{found:?}"
        );
    }
}
