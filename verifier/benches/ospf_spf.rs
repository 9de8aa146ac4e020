//! OSPF at scale: a generated grid of routers in one area.
//!
//! `cargo bench -p routeproof-verifier --bench ospf_spf` builds a square grid of about
//! `ROUTEPROOF_BENCH_ROUTERS` IOS routers (default 1024; every router has a loopback and up to
//! four GigabitEthernet links with assorted costs, all in area 0) and prints:
//!
//! - one SPF per router over the whole area graph (the part that must stay well under a
//!   second in release builds at ~1,000 routers);
//! - the whole OSPF computation (interfaces, adjacencies, SPFs, every router's table);
//! - the whole control-plane simulation (main tables of every router, to the fixpoint), unless
//!   `ROUTEPROOF_BENCH_OSPF_ONLY` is set.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::time::Instant;

use ipnet::{IpNet, Ipv4Net};
use routeproof_parser::ir::routing::{OspfNetwork, OspfProcess};
use routeproof_parser::ir::{Device, Interface, InterfaceAddress, Network, Vendor};
use routeproof_parser::{FileId, Span, Spanned};
use routeproof_verifier::control_plane::ospf::spf::{Graph, VertexKind, shortest_paths};
use routeproof_verifier::control_plane::{self, Input, Ribs, ospf};
use routeproof_verifier::topology::Topology;

fn span() -> Span {
    Span::new(FileId(0), 0, 0)
}

fn interface(name: &str, address: Ipv4Net, cost: Option<u32>) -> Interface {
    let mut iface = Interface::new(name, span());
    iface.addresses.push(InterfaceAddress {
        address: IpNet::V4(address),
        secondary: false,
        span: span(),
    });
    iface.ospf.cost = cost.map(|c| Spanned::new(c, span()));
    iface
}

/// A `side` × `side` grid: router (i, j) links east and south, /30 per link.
fn grid(side: u32) -> Network {
    let mut devices: BTreeMap<String, Device> = BTreeMap::new();
    let name = |i: u32, j: u32| format!("r{i:03}-{j:03}");
    for i in 0..side {
        for j in 0..side {
            let id = i * side + j;
            let mut device = Device {
                name: name(i, j),
                vendor: Vendor::CiscoIos,
                ..Device::default()
            };
            let loopback =
                Ipv4Net::new(Ipv4Addr::new(100, 64, (id >> 8) as u8, id as u8), 32).unwrap();
            device
                .interfaces
                .insert("Loopback0".into(), interface("Loopback0", loopback, None));
            device.ospf.push(OspfProcess {
                id: "1".into(),
                networks: vec![OspfNetwork {
                    address: Ipv4Addr::UNSPECIFIED,
                    wildcard: Ipv4Addr::BROADCAST,
                    area: 0,
                    span: span(),
                }],
                ..OspfProcess::default()
            });
            devices.insert(device.name.clone(), device);
        }
    }
    let mut link = 0u32;
    for i in 0..side {
        for j in 0..side {
            for (di, dj, port_a, port_b) in [(0, 1, 0, 1), (1, 0, 2, 3)] {
                let (ni, nj) = (i + di, j + dj);
                if ni >= side || nj >= side {
                    continue;
                }
                let base = 0x0A00_0000 + link * 4;
                let cost = 1 + (link * 7919) % 5;
                for (r, port, host) in [(name(i, j), port_a, 1), (name(ni, nj), port_b, 2)] {
                    let address = Ipv4Net::new(Ipv4Addr::from(base + host), 30).unwrap();
                    let iface_name = format!("GigabitEthernet0/{port}");
                    devices.get_mut(&r).unwrap().interfaces.insert(
                        iface_name.clone(),
                        interface(&iface_name, address, Some(cost)),
                    );
                }
                link += 1;
            }
        }
    }
    Network {
        devices,
        ..Network::default()
    }
}

fn main() {
    let routers: u32 = std::env::var("ROUTEPROOF_BENCH_ROUTERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let side = (routers as f64).sqrt().round().max(2.0) as u32;
    let network = grid(side);
    let topology = Topology::build(&network);
    let devices: Vec<_> = topology
        .nodes
        .iter()
        .map(|n| network.devices.get(&n.name))
        .collect();
    println!(
        "{} routers, {} links",
        topology.nodes.len(),
        topology.edges.len()
    );

    // One SPF per router over the router graph of the grid (point-to-point view).
    let n = topology.nodes.len();
    let mut edges = Vec::new();
    for (k, e) in topology.edges.iter().enumerate() {
        let cost = 1 + (k as u32 * 7919) % 5;
        edges.push((e.a.node.0, e.b.node.0, cost));
        edges.push((e.b.node.0, e.a.node.0, cost));
    }
    let graph = Graph::new(vec![VertexKind::Router; n], &edges);
    let start = Instant::now();
    let mut reached = 0usize;
    for root in 0..n as u32 {
        let sp = shortest_paths(&graph, root);
        reached += (0..n as u32).filter(|v| sp.distance(*v).is_some()).count();
    }
    let spf = start.elapsed();
    println!(
        "SPF from every router: {:.3} s ({:.1} µs per SPF, {reached} reachable pairs)",
        spf.as_secs_f64(),
        spf.as_secs_f64() * 1e6 / n as f64
    );

    // The same with every link a broadcast segment (a transit-network vertex between the two
    // routers), as OSPF sees Ethernet links without `ip ospf network point-to-point`.
    let mut kinds = vec![VertexKind::Router; n];
    let mut edges = Vec::new();
    for (k, e) in topology.edges.iter().enumerate() {
        let cost = 1 + (k as u32 * 7919) % 5;
        let net = kinds.len() as u32;
        kinds.push(VertexKind::Network);
        for r in [e.a.node.0, e.b.node.0] {
            edges.push((r, net, cost));
            edges.push((net, r, 0));
        }
    }
    let graph = Graph::new(kinds, &edges);
    let start = Instant::now();
    for root in 0..n as u32 {
        std::hint::black_box(shortest_paths(&graph, root));
    }
    let spf = start.elapsed();
    println!(
        "SPF from every router, links as transit networks: {:.3} s ({:.1} µs per SPF over {} vertices)",
        spf.as_secs_f64(),
        spf.as_secs_f64() * 1e6 / n as f64,
        graph.len()
    );

    let ribs = Ribs::new();
    let input = Input {
        network: &network,
        topology: &topology,
        devices: &devices,
        ribs: &ribs,
    };
    let start = Instant::now();
    let output = ospf::compute(&input);
    println!(
        "OSPF computation: {:.3} s ({} routes)",
        start.elapsed().as_secs_f64(),
        output.routes.len()
    );

    if std::env::var_os("ROUTEPROOF_BENCH_OSPF_ONLY").is_some() {
        return;
    }
    let start = Instant::now();
    let cp = control_plane::simulate(&network);
    let rows: usize = cp.ribs.values().map(|r| r.routes().count()).sum();
    println!(
        "Whole simulation: {:.3} s ({} iterations, {rows} main-table rows)",
        start.elapsed().as_secs_f64(),
        cp.iterations
    );
}
