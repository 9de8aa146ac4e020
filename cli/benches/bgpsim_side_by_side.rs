//! Side by side with bgpsim (nsg-ethz, Apache-2.0): the same Internet Topology Zoo networks and
//! prefixes through bgpsim and through routeproof, each side in its own child process so that
//! its time and peak resident memory are its own.
//!
//! `cargo bench -p routeproof --bench bgpsim_side_by_side` prints one line per graph: routers,
//! prefixes, bgpsim seconds and MB, routeproof seconds and MB, the ratios, and how many
//! (router, prefix) pairs leave the network by the same egress router in both.
//!
//! The network, in both: the graph's internal routers (bgpsim's `build_connected_graph` joins
//! disconnected parts, and the same links are written as configurations) with unit IGP link
//! weights (bgpsim's global OSPF; IS-IS `isis metric 1` in the configurations); iBGP with the
//! `ROUTEPROOF_ZOO_REFLECTORS` (default 3) highest-degree routers as route reflectors (ties to
//! the lowest index), every other router a client of each (bgpsim's
//! `build_ibgp_route_reflection`); `ROUTEPROOF_ZOO_EXTERNALS` (default 4) external routers, one
//! eBGP session each, attached to routers spread evenly over the index range (skipping
//! reflectors), each announcing the same `ROUTEPROOF_ZOO_PREFIXES` (default 1,000) /24s from
//! 11.0.0.0. Border routers set next-hop-self (bgpsim always does). Router ids rise with
//! bgpsim's router index, so the last tie-breakers (bgpsim: lowest next hop; IOS: lowest
//! originator / router id) pick the same route.
//!
//! - bgpsim is timed from loading the zoo graph to the converged network (its builder runs the
//!   simulation as it goes), in its fastest setting we found: `SimplePrefix` prefixes (the /24s
//!   do not overlap; `ROUTEPROOF_ZOO_BGPSIM_PREFIX=ipv4` uses `Ipv4Prefix`, slower) and one
//!   advertisement after another (`ROUTEPROOF_ZOO_BGPSIM_MODE=batch` queues them all and
//!   simulates once, slower).
//! - Both report wall time and CPU time (user + system, from `/proc/self/stat`); the CPU time
//!   does not depend on what else the machine runs. Both sides run single-threaded.
//! - routeproof is timed from reading the configuration files (written beforehand by
//!   `routeproof::generate::from_graph`) through parsing to the end of
//!   `control_plane::simulate`.
//!
//! `ROUTEPROOF_ZOO=Kdl,Cogentco,Bellsouth` picks the graphs (default: Bellsouth, Cogentco, Kdl).
//!
//! Measured on 2 cores (fuzzers paused), 3 reflectors, 4 eBGP peers, 1,000 prefixes each;
//! every (router, prefix) pair had a route and the same egress router in both:
//!
//! | graph | routers | bgpsim CPU s / MB | routeproof CPU s / MB | CPU ratio | memory ratio |
//! |---|---|---|---|---|---|
//! | Bellsouth | 51 | 0.54 / 187 | 0.04 / 21 | 13.5× | 8.9× |
//! | Cogentco | 197 | 2.85 / 678 | 0.16 / 68 | 17.8× | 9.9× |
//! | Kdl | 754 | 13.78 / 2,800 | 1.49 / 482 | 9.2× | 5.8× |
//!
//! On Kdl most of routeproof's time is the IGP, whose main tables hold every loopback and every
//! /31 link subnet (about 1.36 million rows over 754 routers), which bgpsim does not model.

use std::fmt::Write as _;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use bgpsim::builder::NetworkBuilder;
use bgpsim::prelude::*;
use bgpsim::topology_zoo::TopologyZoo;
use ipnet::Ipv4Net;
use routeproof::generate::{self, GraphSpec, Igp};
use routeproof_verifier::control_plane;
use routeproof_verifier::topology::DEFAULT_VRF;

#[path = "support/measure.rs"]
mod measure;
use measure::{cpu_seconds, peak_rss_mb};

const INTERNAL_ASN: u32 = 64500;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The shared choices: the graph's links, the reflectors and the border routers.
struct Plan {
    routers: usize,
    links: Vec<(usize, usize)>,
    reflectors: Vec<usize>,
    borders: Vec<usize>,
    prefixes: usize,
}

/// The zoo graph's internal routers, joined into one component, in bgpsim.
fn zoo_network<P: Prefix>(topo: TopologyZoo) -> Network<P, BasicEventQueue<P>, GlobalOspf> {
    let mut net: Network<P, BasicEventQueue<P>, GlobalOspf> =
        topo.build_internal(BasicEventQueue::new(), INTERNAL_ASN);
    net.build_connected_graph().expect("connect the graph");
    net
}

fn plan<P: Prefix, Q>(net: &Network<P, Q, GlobalOspf>) -> Plan {
    let routers = net.num_routers();
    let mut links: Vec<(usize, usize)> = net
        .ospf_network()
        .internal_edges()
        .map(|e| (e.src.index(), e.dst.index()))
        .map(|(a, b)| (a.min(b), a.max(b)))
        .filter(|(a, b)| a != b)
        .collect();
    links.sort_unstable();
    links.dedup();
    let mut degree = vec![0usize; routers];
    for &(a, b) in &links {
        degree[a] += 1;
        degree[b] += 1;
    }
    let mut by_degree: Vec<usize> = (0..routers).collect();
    by_degree.sort_by_key(|&i| (std::cmp::Reverse(degree[i]), i));
    let reflectors: Vec<usize> = by_degree
        .into_iter()
        .take(env_usize("ROUTEPROOF_ZOO_REFLECTORS", 3).min(routers))
        .collect();
    let externals = env_usize("ROUTEPROOF_ZOO_EXTERNALS", 4);
    let mut borders = Vec::new();
    for k in 0..externals {
        let mut i = k * routers / externals.max(1);
        while reflectors.contains(&i) || borders.contains(&i) {
            i = (i + 1) % routers;
        }
        borders.push(i);
    }
    Plan {
        routers,
        links,
        reflectors,
        borders,
        prefixes: env_usize("ROUTEPROOF_ZOO_PREFIXES", 1000),
    }
}

fn prefix(p: usize) -> Ipv4Net {
    let address = Ipv4Addr::from(u32::from(Ipv4Addr::new(11, 0, 0, 0)) + (p as u32) * 256);
    Ipv4Net::new(address, 24).expect("a /24")
}

fn spec(plan: &Plan) -> GraphSpec {
    GraphSpec {
        routers: plan.routers,
        links: plan.links.iter().map(|&(a, b)| (a, b, 1)).collect(),
        igp: Igp::IsIs,
        asn: INTERNAL_ASN,
        reflectors: plan.reflectors.clone(),
        externals: plan.borders.clone(),
        prefixes: plan.prefixes,
    }
}

/// Writes the egress table: one line per internal router, the egress router index of its
/// route to each prefix, or `-`.
fn write_egress(out: &Path, table: &[Vec<Option<usize>>]) {
    let mut text = String::new();
    for row in table {
        for (k, e) in row.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            match e {
                Some(e) => {
                    let _ = write!(text, "{e}");
                }
                None => text.push('-'),
            }
        }
        text.push('\n');
    }
    std::fs::write(out, text).expect("write the egress table");
}

fn read_egress(path: &Path) -> Vec<Vec<Option<usize>>> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split(' ').map(|e| e.parse().ok()).collect())
        .collect()
}

/// The bgpsim side, in a child process.
fn run_bgpsim<P: Prefix + From<Ipv4Net>>(topo: TopologyZoo, out: &Path) {
    let batch = std::env::var("ROUTEPROOF_ZOO_BGPSIM_MODE").as_deref() == Ok("batch");
    let cpu = cpu_seconds();
    let start = Instant::now();
    let mut net = zoo_network::<P>(topo);
    let plan = plan(&net);
    net.build_link_weights(1.0).expect("link weights");
    let reflectors: std::collections::BTreeSet<RouterId> =
        plan.reflectors.iter().map(|&r| RouterId::new(r)).collect();
    net.build_ibgp_route_reflection(reflectors)
        .expect("route reflection");
    let mut externals = Vec::new();
    for (k, &b) in plan.borders.iter().enumerate() {
        let e = net.add_router(
            format!("peer-{}", k + 1),
            ASN(generate::graph_peer_asn(k + 1)),
        );
        net.add_link(e, RouterId::new(b)).expect("external link");
        externals.push(e);
    }
    net.build_ebgp_sessions().expect("eBGP sessions");
    if batch {
        net.set_msg_limit(None);
        net.manual_simulation();
    }
    for p in 0..plan.prefixes {
        for &e in &externals {
            net.advertise_route(e, P::from(prefix(p)), Vec::<ASN>::new(), None, [])
                .expect("advertise");
        }
    }
    if batch {
        net.simulate().expect("converge");
    }
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let mb = peak_rss_mb();
    println!("figures {seconds} {cpu} {mb} 0 0 0 0");
    let table: Vec<Vec<Option<usize>>> = (0..plan.routers)
        .map(|i| {
            let router = net.get_router(RouterId::new(i)).expect("router");
            (0..plan.prefixes)
                .map(|p| {
                    let entry = router.bgp.get_route(P::from(prefix(p)))?;
                    Some(if entry.from_type.is_ebgp() {
                        i
                    } else {
                        entry.route.next_hop.index()
                    })
                })
                .collect()
        })
        .collect();
    write_egress(out, &table);
}

/// The routeproof side, in a child process: the configurations in `dir`.
fn run_routeproof(dir: &Path, routers: usize, prefixes: usize, out: &Path) {
    let cpu = cpu_seconds();
    let start = Instant::now();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("configs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let mut sources = routeproof_parser::Sources::new();
    let mut files = Vec::new();
    for path in &names {
        let text = std::fs::read_to_string(path).expect("read a config");
        let id = sources.add(format!("configs/{}", path.display()), text);
        if let Some(parsed) = routeproof_parser::parse_config(&sources, id) {
            files.push(parsed);
        }
    }
    let network = routeproof_parser::build_network(&files).expect("network");
    let parsed = start.elapsed().as_secs_f64();
    let cp = control_plane::simulate(&network);
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let mb = peak_rss_mb();
    let diagnostics: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    println!(
        "figures {seconds} {cpu} {mb} {parsed} {} {} {}",
        diagnostics + cp.issues.len(),
        cp.iterations,
        cp.bgp.rounds
    );
    let table: Vec<Vec<Option<usize>>> = (0..routers)
        .map(|i| {
            let Some(node) = cp.topology.node_id(&generate::graph_router_name(i)) else {
                return vec![None; prefixes];
            };
            let rib = cp.ribs.get(&(node, DEFAULT_VRF.to_owned()));
            (0..prefixes)
                .map(|p| {
                    let route = rib?
                        .get(&prefix(p).into())
                        .iter()
                        .find(|r| r.protocol.is_bgp())?;
                    let owner = cp
                        .topology
                        .owners
                        .get(&(DEFAULT_VRF.to_owned(), route.next_hop.address()?))?
                        .first()?;
                    let owner = &cp.topology.node(owner.0).name;
                    // An internal router's loopback, or this router's own eBGP peer.
                    Some(
                        owner
                            .strip_prefix('r')
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(i),
                    )
                })
                .collect()
        })
        .collect();
    write_egress(out, &table);
}

/// What a child reports.
struct Figures {
    seconds: f64,
    cpu: f64,
    mb: f64,
    parse: f64,
    problems: usize,
    iterations: usize,
    rounds: usize,
}

/// Runs this bench again as a child for one side and reads its figures.
fn child(side: &str, graph: &str, routers: usize, dir: &Path, out: &Path) -> Option<Figures> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new(exe)
        .env("ROUTEPROOF_ZOO_ROUTERS", routers.to_string())
        .env("ROUTEPROOF_ZOO_SIDE", side)
        .env("ROUTEPROOF_ZOO", graph)
        .env("ROUTEPROOF_ZOO_DIR", dir)
        .env("ROUTEPROOF_ZOO_OUT", out)
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find(|l| l.starts_with("figures "));
    let Some(line) = line else {
        eprintln!(
            "{side} on {graph} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    };
    let f: Vec<&str> = line.split_whitespace().skip(1).collect();
    Some(Figures {
        seconds: f.first()?.parse().ok()?,
        cpu: f.get(1)?.parse().ok()?,
        mb: f.get(2)?.parse().ok()?,
        parse: f.get(3)?.parse().ok()?,
        problems: f.get(4)?.parse().ok()?,
        iterations: f.get(5)?.parse().ok()?,
        rounds: f.get(6)?.parse().ok()?,
    })
}

fn compare(graph: &str, topo: TopologyZoo, scratch: &Path) {
    let net = zoo_network::<SimplePrefix>(topo);
    let plan = plan(&net);
    drop(net);
    let dir = scratch.join(graph).join("configs");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let generated = generate::from_graph(&spec(&plan));
    for (name, text) in &generated.configs {
        std::fs::write(dir.join(format!("{name}.cfg")), text).expect("write a config");
    }
    let bytes = generated.bytes();
    drop(generated);
    let bgpsim_out = scratch.join(graph).join("bgpsim.egress");
    let routeproof_out = scratch.join(graph).join("routeproof.egress");
    let Some(b) = child("bgpsim", graph, plan.routers, &dir, &bgpsim_out) else {
        return;
    };
    let Some(r) = child("routeproof", graph, plan.routers, &dir, &routeproof_out) else {
        return;
    };
    let b_egress = read_egress(&bgpsim_out);
    let r_egress = read_egress(&routeproof_out);
    let total = plan.routers * plan.prefixes;
    let (mut agree, mut b_routed, mut r_routed) = (0, 0, 0);
    let mut first_difference = None;
    for i in 0..plan.routers {
        for p in 0..plan.prefixes {
            let x = b_egress
                .get(i)
                .and_then(|row| row.get(p))
                .copied()
                .flatten();
            let y = r_egress
                .get(i)
                .and_then(|row| row.get(p))
                .copied()
                .flatten();
            b_routed += usize::from(x.is_some());
            r_routed += usize::from(y.is_some());
            if x.is_some() && x == y {
                agree += 1;
            } else if first_difference.is_none() {
                first_difference = Some((i, p, x, y));
            }
        }
    }
    println!(
        "{graph}: {} routers, {} links, {} reflectors, {} eBGP peers, {} prefixes ({:.1} MB of config) | bgpsim {:.2} s (CPU {:.2} s), {:.0} MB | routeproof {:.2} s (CPU {:.2} s; parse {:.2} s), {:.0} MB, {} iterations, {} BGP rounds, {} diagnostics/issues | {:.1}x faster ({:.1}x in CPU time), {:.1}x less memory | routed: bgpsim {b_routed}/{total}, routeproof {r_routed}/{total}; same egress {agree}/{total}",
        plan.routers,
        plan.links.len(),
        plan.reflectors.len(),
        plan.borders.len(),
        plan.prefixes,
        bytes as f64 / 1e6,
        b.seconds,
        b.cpu,
        b.mb,
        r.seconds,
        r.cpu,
        r.parse,
        r.mb,
        r.iterations,
        r.rounds,
        r.problems,
        b.seconds / r.seconds,
        b.cpu / r.cpu.max(0.01),
        b.mb / r.mb,
    );
    if let Some((i, p, x, y)) = first_difference {
        println!(
            "  first difference: router {i} ({}), prefix {}: bgpsim egress {x:?}, routeproof egress {y:?}",
            generate::graph_router_name(i),
            prefix(p)
        );
    }
}

fn main() {
    let graphs =
        std::env::var("ROUTEPROOF_ZOO").unwrap_or_else(|_| "Bellsouth,Cogentco,Kdl".into());
    if let Ok(side) = std::env::var("ROUTEPROOF_ZOO_SIDE") {
        let out = PathBuf::from(std::env::var("ROUTEPROOF_ZOO_OUT").expect("out"));
        match side.as_str() {
            "bgpsim" => {
                let topo: TopologyZoo = graphs.parse().expect("a Topology Zoo graph");
                if std::env::var("ROUTEPROOF_ZOO_BGPSIM_PREFIX").as_deref() == Ok("ipv4") {
                    run_bgpsim::<Ipv4Prefix>(topo, &out);
                } else {
                    run_bgpsim::<SimplePrefix>(topo, &out);
                }
            }
            _ => {
                // No bgpsim here: its graph would count in this side's memory.
                let dir = PathBuf::from(std::env::var("ROUTEPROOF_ZOO_DIR").expect("dir"));
                let routers = env_usize("ROUTEPROOF_ZOO_ROUTERS", 0);
                let prefixes = env_usize("ROUTEPROOF_ZOO_PREFIXES", 1000);
                run_routeproof(&dir, routers, prefixes, &out);
            }
        }
        return;
    }
    let scratch = tempfile::tempdir().expect("scratch dir");
    for graph in graphs.split(',').map(str::trim).filter(|g| !g.is_empty()) {
        match graph.parse::<TopologyZoo>() {
            Ok(topo) => compare(graph, topo, scratch.path()),
            Err(e) => eprintln!("{graph}: {e}"),
        }
    }
}
