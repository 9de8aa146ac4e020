//! One forwarding step: what a node does with a packet, as every vendor's data plane does it.
//!
//! At a node (in a VRF) a packet is accepted when the node owns the destination; otherwise the
//! FIB's longest match decides, one branch per ECMP action: forward out of an interface (the
//! egress ACL is applied, then the neighbour that answers ARP for the gateway, or for the
//! destination on a connected subnet, receives it and applies its ingress ACL), drop on a null
//! route, or drop for lack of a route. A packet forwarded to an address no device of the
//! snapshot owns leaves the network (toward an external peer) or is delivered to the subnet.

use std::net::IpAddr;

use routeproof_parser::Span;
use routeproof_parser::ir::policy::AddressMatch;
use routeproof_parser::ir::{self, Action, Network};
use serde::Serialize;

use crate::dataplane::{DataPlane, FibAction};
use crate::topology::{NodeId, Topology};

/// A packet's header, as far as forwarding and ACLs look at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Packet {
    /// Destination address.
    pub dst: IpAddr,
    /// Source address.
    pub src: IpAddr,
    /// IP protocol number.
    pub protocol: u8,
    /// Source port (TCP/UDP).
    pub src_port: u16,
    /// Destination port (TCP/UDP).
    pub dst_port: u16,
    /// TCP ACK or RST set (what `established` matches).
    pub established: bool,
    /// ICMP type.
    pub icmp_type: u8,
    /// ICMP code.
    pub icmp_code: u8,
}

impl Packet {
    /// A plain packet to `dst`: TCP from port 49152 to 80, no flags, from an unspecified source
    /// of the same family.
    pub fn to(dst: IpAddr) -> Packet {
        let src = if dst.is_ipv4() {
            IpAddr::V4(0.into())
        } else {
            IpAddr::V6(0.into())
        };
        Packet {
            dst,
            src,
            protocol: 6,
            src_port: 49152,
            dst_port: 80,
            established: false,
            icmp_type: 0,
            icmp_code: 0,
        }
    }
}

/// A forwarding state: a node and the VRF the packet is in there.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct State {
    /// Node.
    pub node: NodeId,
    /// VRF.
    pub vrf: String,
}

/// How forwarding ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// The device that owns the destination accepts it.
    Accepted,
    /// Sent onto a connected subnet where the destination would be (no modelled device owns it).
    DeliveredToSubnet,
    /// Sent towards a next hop outside the snapshot (an external peer).
    ExitsNetwork,
    /// No route for the destination.
    NoRoute,
    /// A null / discard route.
    NullRouted,
    /// A next hop that does not resolve.
    Unresolved,
    /// An ACL denies it.
    AclDenied,
    /// The next hop is on a modelled subnet but nobody there owns it.
    NeighborUnreachable,
    /// Forwarding returns to a state it already visited.
    Loop,
}

impl Disposition {
    /// Success in the sense of the property: the packet gets where it is going.
    pub fn is_success(self) -> bool {
        matches!(
            self,
            Disposition::Accepted | Disposition::DeliveredToSubnet | Disposition::ExitsNetwork
        )
    }

    /// A stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Disposition::Accepted => "accepted",
            Disposition::DeliveredToSubnet => "delivered to subnet",
            Disposition::ExitsNetwork => "exits network",
            Disposition::NoRoute => "no route",
            Disposition::NullRouted => "null routed",
            Disposition::Unresolved => "unresolved next hop",
            Disposition::AclDenied => "denied by acl",
            Disposition::NeighborUnreachable => "neighbor unreachable",
            Disposition::Loop => "forwarding loop",
        }
    }
}

/// A terminal outcome: how and where.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Terminal {
    /// How.
    pub disposition: Disposition,
    /// Where.
    pub node: NodeId,
    /// The interface involved (egress / ingress for ACLs and deliveries), if any.
    pub interface: Option<String>,
    /// The ACL line (or the implicit end of the ACL) that denied it, for ACL denials.
    #[serde(skip)]
    pub acl_line: Option<Span>,
    /// An ACL on the way has a line routeproof does not model: the result is uncertain.
    pub uncertain: bool,
}

/// One ECMP branch of a step.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// The packet moves to another state, through these interfaces.
    Next {
        /// The next state.
        state: State,
        /// Egress interface at the current node.
        out_interface: String,
        /// Ingress interface at the next node.
        in_interface: String,
        /// An ACL on the way had an unmodelled line that could have decided.
        uncertain: bool,
    },
    /// Forwarding ends here.
    End(Terminal),
}

/// Everything forwarding reads.
#[derive(Clone, Copy)]
pub struct Forwarding<'a> {
    /// The network (for ACLs).
    pub network: &'a Network,
    /// Its topology.
    pub topology: &'a Topology,
    /// Its FIBs.
    pub dataplane: &'a DataPlane,
    /// Its main tables (the routes behind each FIB entry, for traces).
    pub ribs: &'a crate::control_plane::Ribs,
}

impl Forwarding<'_> {
    /// Whether `state`'s node owns the packet's destination in its VRF.
    pub fn owns(&self, state: &State, dst: IpAddr) -> bool {
        self.topology.owns(state.node, &state.vrf, dst)
    }

    /// The steps a packet takes at `state`.
    pub fn step(&self, state: &State, packet: &Packet) -> Vec<Step> {
        let end = |disposition, interface: Option<String>| {
            vec![Step::End(Terminal {
                disposition,
                node: state.node,
                interface,
                acl_line: None,
                uncertain: false,
            })]
        };
        if self.owns(state, packet.dst) {
            return end(Disposition::Accepted, None);
        }
        let Some(fib) = self.dataplane.fib(state.node, &state.vrf) else {
            return end(Disposition::NoRoute, None);
        };
        let Some((_, entry)) = fib.lookup(packet.dst) else {
            return end(Disposition::NoRoute, None);
        };
        let mut steps = Vec::new();
        for action in entry.actions.iter() {
            match action {
                FibAction::Receive => steps.extend(end(Disposition::Accepted, None)),
                FibAction::Discard => steps.extend(end(Disposition::NullRouted, None)),
                FibAction::Unresolved => steps.extend(end(Disposition::Unresolved, None)),
                FibAction::Forward { interface, gateway } => {
                    steps.push(self.forward(
                        state,
                        packet,
                        interface,
                        gateway.unwrap_or(packet.dst),
                        gateway.is_none(),
                    ));
                }
            }
        }
        steps.sort();
        steps.dedup();
        steps
    }

    fn forward(
        &self,
        state: &State,
        packet: &Packet,
        interface: &str,
        arp: IpAddr,
        direct: bool,
    ) -> Step {
        let terminal = |disposition, node, interface: &str, acl_line, uncertain| {
            Step::End(Terminal {
                disposition,
                node,
                interface: Some(interface.to_owned()),
                acl_line,
                uncertain,
            })
        };
        let device = self.device(state.node);
        let mut uncertain = false;
        if let Some(device) = device {
            let acl = device
                .interfaces
                .get(interface)
                .and_then(|i| i.acl_out.as_ref());
            if let Some(name) = acl {
                let verdict = acl_verdict(device, &name.value, packet);
                uncertain |= verdict.uncertain;
                if verdict.action == Action::Deny {
                    return terminal(
                        Disposition::AclDenied,
                        state.node,
                        interface,
                        verdict.line,
                        verdict.uncertain,
                    );
                }
            }
        }
        let neighbors = self.topology.neighbors_of(state.node, interface);
        let Some(next) = neighbors.iter().find(|n| n.address.addr() == arp) else {
            let disposition = if neighbors.is_empty() {
                // Nothing modelled on this link: the packet leaves the snapshot.
                if direct {
                    Disposition::DeliveredToSubnet
                } else {
                    Disposition::ExitsNetwork
                }
            } else if direct {
                Disposition::DeliveredToSubnet
            } else {
                Disposition::NeighborUnreachable
            };
            return terminal(disposition, state.node, interface, None, uncertain);
        };
        let next_node = self.topology.node(next.node);
        let Some(next_iface) = next_node.interfaces.get(&next.interface) else {
            return terminal(
                Disposition::NeighborUnreachable,
                state.node,
                interface,
                None,
                uncertain,
            );
        };
        if let Some(device) = self.device(next.node) {
            let acl = device
                .interfaces
                .get(&next.interface)
                .and_then(|i| i.acl_in.as_ref());
            if let Some(name) = acl {
                let verdict = acl_verdict(device, &name.value, packet);
                uncertain |= verdict.uncertain;
                if verdict.action == Action::Deny {
                    return terminal(
                        Disposition::AclDenied,
                        next.node,
                        &next.interface,
                        verdict.line,
                        verdict.uncertain,
                    );
                }
            }
        }
        Step::Next {
            state: State {
                node: next.node,
                vrf: next_iface.vrf.clone(),
            },
            out_interface: interface.to_owned(),
            in_interface: next.interface.clone(),
            uncertain,
        }
    }

    fn device(&self, node: NodeId) -> Option<&ir::Device> {
        self.network.devices.get(&self.topology.node(node).name)
    }
}

/// The result of running a packet through an ACL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AclVerdict {
    /// Permit or deny.
    pub action: Action,
    /// The deciding line (`None`: the implicit deny at the end, or an undefined ACL).
    pub line: Option<Span>,
    /// An unmodelled line was passed or decided: the verdict may be wrong.
    pub uncertain: bool,
}

/// Runs `packet` through ACL `name` of `device`. An undefined ACL permits everything (IOS, EOS
/// and NX-OS all pass traffic through an interface whose access-group names no list); the
/// undefined-reference check reports it separately.
pub fn acl_verdict(device: &ir::Device, name: &str, packet: &Packet) -> AclVerdict {
    let acls = if packet.dst.is_ipv4() {
        &device.acls
    } else {
        &device.acls_v6
    };
    let Some(acl) = acls.get(name) else {
        return AclVerdict {
            action: Action::Permit,
            line: None,
            uncertain: false,
        };
    };
    let mut uncertain = false;
    for line in &acl.lines {
        if line_matches(line, packet) {
            uncertain |= line.unsupported.is_some();
            return AclVerdict {
                action: line.action,
                line: Some(line.span),
                uncertain,
            };
        }
        // A line with unmodelled conditions that did not match on what is modelled cannot
        // have matched; one that did is flagged above.
    }
    AclVerdict {
        action: Action::Deny,
        line: Some(acl.span),
        uncertain,
    }
}

/// Whether an ACL line matches a packet (on what routeproof models of the line).
pub fn line_matches(line: &ir::AclLine, packet: &Packet) -> bool {
    if line.protocol.is_some_and(|p| p != packet.protocol) {
        return false;
    }
    if !address_matches(&line.src, packet.src) || !address_matches(&line.dst, packet.dst) {
        return false;
    }
    let ports = matches!(packet.protocol, 6 | 17);
    let in_ranges = |ranges: &[routeproof_parser::ir::policy::PortRange], port: u16| {
        ranges.is_empty() || ports && ranges.iter().any(|r| r.low <= port && port <= r.high)
    };
    if !in_ranges(&line.src_ports, packet.src_port) || !in_ranges(&line.dst_ports, packet.dst_port)
    {
        return false;
    }
    if line.established && !(packet.protocol == 6 && packet.established) {
        return false;
    }
    if line.icmp_type.is_some_and(|t| t != packet.icmp_type)
        || line.icmp_code.is_some_and(|c| c != packet.icmp_code)
    {
        return false;
    }
    true
}

fn address_matches(m: &AddressMatch, address: IpAddr) -> bool {
    m.matches(address)
}
