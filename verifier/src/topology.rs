//! Layer-3 topology: which interfaces of which devices share a subnet and can talk.
//!
//! Nodes are the snapshot's devices and hosts, indexed by [`NodeId`] in name order. Two
//! interfaces are adjacent when both are up, carry addresses in the same subnet, and (when the
//! snapshot gives a layer-1 topology) are cabled together. The graph is a petgraph `UnGraph` of
//! nodes with one edge per adjacent interface pair, so protocols can walk neighbours and the
//! reachability analysis can draw paths.

use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;
use petgraph::graph::{NodeIndex, UnGraph};
use routeproof_parser::ir::{self, InterfaceKind, Network, Vendor};

/// Index of a node (device or host) in [`Topology::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct NodeId(pub u32);

impl NodeId {
    /// As an index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A routed interface: up, with at least one address, not a switchport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct L3Interface {
    /// Interface name.
    pub name: String,
    /// VRF (`"default"` for the default VRF).
    pub vrf: String,
    /// Addresses (host address with subnet length).
    pub addresses: Vec<IpNet>,
    /// Interface kind.
    pub kind: InterfaceKind,
}

/// A device or host.
#[derive(Clone, Debug)]
pub struct Node {
    /// Name.
    pub name: String,
    /// Vendor; `None` for an end host.
    pub vendor: Option<Vendor>,
    /// Routed interfaces by name.
    pub interfaces: BTreeMap<String, L3Interface>,
}

/// One end of an adjacency.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Endpoint {
    /// Node.
    pub node: NodeId,
    /// Interface name.
    pub interface: String,
    /// The interface's address on the shared subnet.
    pub address: IpNet,
}

/// An adjacency between two interfaces on one subnet.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// One end (the smaller).
    pub a: Endpoint,
    /// The other end.
    pub b: Endpoint,
}

/// The snapshot's layer-3 topology.
#[derive(Debug)]
pub struct Topology {
    /// Nodes in name order.
    pub nodes: Vec<Node>,
    /// Adjacencies, sorted.
    pub edges: Vec<Edge>,
    /// The same as a graph (node weights are [`NodeId`]s, edge weights indexes into `edges`).
    pub graph: UnGraph<NodeId, usize>,
    /// Which node owns each interface address, per VRF: (vrf, address) → (node, interface).
    pub owners: BTreeMap<(String, IpAddr), Vec<(NodeId, String)>>,
    by_name: BTreeMap<String, NodeId>,
    /// Per node, per interface: the other ends of its adjacencies, in `edges` order. The
    /// forwarding loop asks this for every hop, so it is computed once.
    neighbors: Vec<BTreeMap<String, Vec<Endpoint>>>,
    /// Per address: which (node, vrf) own it (the same facts as `owners`, keyed so that a
    /// lookup in the forwarding loop allocates nothing).
    owner_index: BTreeMap<IpAddr, Vec<(NodeId, String)>>,
}

/// The default VRF's name in every output.
pub const DEFAULT_VRF: &str = "default";

impl Topology {
    /// Builds the topology of `network`.
    pub fn build(network: &Network) -> Topology {
        let mut nodes: Vec<Node> = Vec::new();
        for device in network.devices.values() {
            nodes.push(Node {
                name: device.name.clone(),
                vendor: Some(device.vendor),
                interfaces: routed_interfaces(device),
            });
        }
        for host in network.hosts.values() {
            let iface = L3Interface {
                name: host.interface.clone(),
                vrf: DEFAULT_VRF.to_owned(),
                addresses: vec![host.address],
                kind: InterfaceKind::Physical,
            };
            nodes.push(Node {
                name: host.name.clone(),
                vendor: None,
                interfaces: BTreeMap::from([(host.interface.clone(), iface)]),
            });
        }
        nodes.sort_by(|a, b| a.name.cmp(&b.name));
        let by_name: BTreeMap<String, NodeId> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name.clone(), NodeId(i as u32)))
            .collect();

        // Group interface addresses by subnet.
        let mut subnets: BTreeMap<IpNet, Vec<Endpoint>> = BTreeMap::new();
        let mut owners: BTreeMap<(String, IpAddr), Vec<(NodeId, String)>> = BTreeMap::new();
        for (i, node) in nodes.iter().enumerate() {
            let id = NodeId(i as u32);
            for iface in node.interfaces.values() {
                for address in &iface.addresses {
                    owners
                        .entry((iface.vrf.clone(), address.addr()))
                        .or_default()
                        .push((id, iface.name.clone()));
                    if iface.kind == InterfaceKind::Loopback
                        || address.prefix_len() == address.max_prefix_len()
                    {
                        continue;
                    }
                    subnets.entry(address.trunc()).or_default().push(Endpoint {
                        node: id,
                        interface: iface.name.clone(),
                        address: *address,
                    });
                }
            }
        }
        let layer1 = layer1_pairs(network);
        let mut edges = Vec::new();
        for members in subnets.values() {
            for (x, a) in members.iter().enumerate() {
                for b in &members[x + 1..] {
                    if a.node == b.node || a.address.addr() == b.address.addr() {
                        continue;
                    }
                    if let Some(cabled) = &layer1 {
                        let key = |e: &Endpoint| {
                            (
                                nodes[e.node.index()].name.to_ascii_lowercase(),
                                e.interface.to_ascii_lowercase(),
                            )
                        };
                        let (ka, kb) = (key(a), key(b));
                        if !cabled.contains(&(ka.clone(), kb.clone()))
                            && !cabled.contains(&(kb, ka))
                        {
                            continue;
                        }
                    }
                    let (a, b) = if a <= b {
                        (a.clone(), b.clone())
                    } else {
                        (b.clone(), a.clone())
                    };
                    edges.push(Edge { a, b });
                }
            }
        }
        edges.sort();
        edges.dedup();
        let mut graph = UnGraph::with_capacity(nodes.len(), edges.len());
        for i in 0..nodes.len() {
            graph.add_node(NodeId(i as u32));
        }
        for (i, e) in edges.iter().enumerate() {
            graph.add_edge(
                NodeIndex::new(e.a.node.index()),
                NodeIndex::new(e.b.node.index()),
                i,
            );
        }
        let mut neighbors: Vec<BTreeMap<String, Vec<Endpoint>>> =
            vec![BTreeMap::new(); nodes.len()];
        for e in &edges {
            // Edges never join a node to itself (see above), so each end is one neighbour.
            for (near, far) in [(&e.a, &e.b), (&e.b, &e.a)] {
                neighbors[near.node.index()]
                    .entry(near.interface.clone())
                    .or_default()
                    .push(far.clone());
            }
        }
        let mut owner_index: BTreeMap<IpAddr, Vec<(NodeId, String)>> = BTreeMap::new();
        for ((vrf, address), owning) in &owners {
            let entry = owner_index.entry(*address).or_default();
            entry.extend(owning.iter().map(|(node, _)| (*node, vrf.clone())));
        }
        Topology {
            nodes,
            edges,
            graph,
            owners,
            by_name,
            neighbors,
            owner_index,
        }
    }

    /// The node called `name`.
    pub fn node_id(&self, name: &str) -> Option<NodeId> {
        self.by_name.get(name).copied()
    }

    /// The node with id `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// Adjacencies of an interface: the other ends, in `edges` order.
    pub fn neighbors_of(&self, node: NodeId, interface: &str) -> &[Endpoint] {
        self.neighbors
            .get(node.index())
            .and_then(|by_interface| by_interface.get(interface))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether `node` owns `address` in `vrf`.
    pub fn owns(&self, node: NodeId, vrf: &str, address: IpAddr) -> bool {
        self.owner_index
            .get(&address)
            .is_some_and(|owning| owning.iter().any(|(n, v)| *n == node && v == vrf))
    }

    /// Every adjacency of `node`, as (local end, remote end).
    pub fn links_of(&self, node: NodeId) -> Vec<(&Endpoint, &Endpoint)> {
        let mut out = Vec::new();
        for edge in self.graph.edges(NodeIndex::new(node.index())) {
            let e = &self.edges[*edge.weight()];
            if e.a.node == node {
                out.push((&e.a, &e.b));
            }
            if e.b.node == node {
                out.push((&e.b, &e.a));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// The device's interfaces that route: not shut down, addressed, not a layer-2 port, not Null.
fn routed_interfaces(device: &ir::Device) -> BTreeMap<String, L3Interface> {
    let mut out = BTreeMap::new();
    for iface in device.interfaces.values() {
        if iface.is_shutdown()
            || iface.addresses.is_empty()
            || iface.kind == InterfaceKind::Null
            || iface.switchport.as_ref().is_some_and(|s| s.value)
        {
            continue;
        }
        out.insert(
            iface.name.clone(),
            L3Interface {
                name: iface.name.clone(),
                vrf: iface
                    .vrf
                    .as_ref()
                    .map_or(DEFAULT_VRF.to_owned(), |v| v.value.clone()),
                addresses: iface.addresses.iter().map(|a| a.address).collect(),
                kind: iface.kind,
            },
        );
    }
    out
}

/// (device, interface), lower-cased.
type PortName = (String, String);

/// Cabled interface pairs (lower-cased names) from the snapshot's layer-1 topology, if any.
fn layer1_pairs(network: &Network) -> Option<Vec<(PortName, PortName)>> {
    if network.layer1.is_empty() {
        return None;
    }
    let lower = |(d, i): &(String, String)| (d.to_ascii_lowercase(), i.to_ascii_lowercase());
    Some(
        network
            .layer1
            .iter()
            .map(|e| (lower(&e.a), lower(&e.b)))
            .collect(),
    )
}
