//! Scale tests of the BGP simulation on generated networks (ignored by default; run with
//! `cargo test --release --test bgp_scale -- --ignored --nocapture`).
//!
//! - `isp_with_route_reflectors`: a 1,000-router ISP (AS 65000): two route reflectors, 998
//!   clients, 20 of them border routers with an external eBGP neighbor each; the 20 external
//!   routers announce 500 prefixes each (10,000 external prefixes). iBGP runs over the client
//!   to reflector links; clients reach the borders' next hops through a static default.
//! - `fat_tree_k16`: a k=16 fat tree (64 super-spines, 128 spines, 128 leaves) with eBGP on
//!   every link as in RFC 7938 (one AS per leaf, one per pod's spine layer, one for the
//!   super-spines), `maximum-paths 64` and multipath-relax; every leaf announces a /24.
//!
//! Each test prints the parse and simulation times and checks a few routes. The targets are
//! < 10 s for the ISP and < 2 s for the fat tree on 2 cores (release build). The simulation is
//! single-threaded, so the check is on the CPU time it used (user + system, from
//! `/proc/self/stat`), which is its wall time on an idle machine and does not depend on what
//! else the machine runs; the wall time is printed too.

use std::fmt::Write as _;
use std::time::Instant;

use routeproof_parser::{Dialect, Format, Sources};
use routeproof_verifier::control_plane;
use routeproof_verifier::rib::Protocol;

#[path = "../cli/benches/support/measure.rs"]
mod measure;
use measure::cpu_seconds;

/// Simulates `network`; returns the control plane, the wall time and the CPU time.
fn timed(
    network: &routeproof_parser::ir::Network,
) -> (control_plane::ControlPlane, std::time::Duration, f64) {
    let cpu = cpu_seconds();
    let start = Instant::now();
    let cp = control_plane::simulate(network);
    (cp, start.elapsed(), cpu_seconds() - cpu)
}

/// Parses generated configurations into a network.
fn build(configs: &[(String, String)]) -> routeproof_parser::ir::Network {
    let mut sources = Sources::new();
    let files: Vec<_> = configs
        .iter()
        .map(|(name, text)| {
            let id = sources.add(format!("{name}.cfg"), text.clone());
            routeproof_parser::parse_config_as(&sources, id, Format::Ios(Dialect::Ios))
        })
        .collect();
    routeproof_parser::build_network(&files).unwrap()
}

/// A /31 between two routers numbered from `index`: (a's address, b's address).
fn p2p(index: u32) -> (String, String) {
    let base = 0x0A00_0000u32 + index * 2; // 10.0.0.0/8 in /31s
    let a = std::net::Ipv4Addr::from(base);
    let b = std::net::Ipv4Addr::from(base + 1);
    (a.to_string(), b.to_string())
}

fn isp_configs() -> Vec<(String, String)> {
    const CLIENTS: u32 = 998;
    const BORDERS: u32 = 20;
    const PREFIXES_PER_BORDER: u32 = 500;
    let mut rr = [String::new(), String::new()];
    for (r, text) in rr.iter_mut().enumerate() {
        let _ = writeln!(text, "hostname rr{r}");
    }
    let mut configs = Vec::new();
    let mut link = 0u32;
    // rr0 - rr1.
    let (a, b) = p2p(link);
    link += 1;
    let _ = writeln!(
        rr[0],
        "interface GigabitEthernet0/0\n ip address {a} 255.255.255.254"
    );
    let _ = writeln!(
        rr[1],
        "interface GigabitEthernet0/0\n ip address {b} 255.255.255.254\nip route 0.0.0.0 0.0.0.0 {a}"
    );
    let mut rr_bgp = [
        format!("router bgp 65000\n bgp cluster-id 9.9.9.9\n neighbor {b} remote-as 65000\n"),
        format!("router bgp 65000\n bgp cluster-id 9.9.9.9\n neighbor {a} remote-as 65000\n"),
    ];
    for c in 0..CLIENTS {
        let mut text = format!("hostname c{c}\n");
        let mut bgp = String::from("router bgp 65000\n");
        for (r, rr_text) in rr.iter_mut().enumerate() {
            let (ra, ca) = p2p(link);
            link += 1;
            let _ = writeln!(
                rr_text,
                "interface GigabitEthernet1/{c}/{r}\n ip address {ra} 255.255.255.254"
            );
            let _ = writeln!(
                text,
                "interface GigabitEthernet0/{r}\n ip address {ca} 255.255.255.254"
            );
            if r == 0 {
                let _ = writeln!(text, "ip route 0.0.0.0 0.0.0.0 {ra}");
            }
            let _ = write!(
                rr_bgp[r],
                " neighbor {ca} remote-as 65000\n neighbor {ca} route-reflector-client\n"
            );
            let _ = writeln!(bgp, " neighbor {ra} remote-as 65000");
            if c < BORDERS {
                let _ = writeln!(bgp, " neighbor {ra} next-hop-self");
            }
        }
        if c < BORDERS {
            let (ea, ba) = p2p(link);
            link += 1;
            let _ = writeln!(
                text,
                "interface GigabitEthernet0/9\n ip address {ba} 255.255.255.254"
            );
            let _ = writeln!(bgp, " neighbor {ea} remote-as {}", 100 + c);
            let mut ext = format!(
                "hostname ext{c}\ninterface GigabitEthernet0/0\n ip address {ea} 255.255.255.254\n"
            );
            for p in 0..PREFIXES_PER_BORDER {
                let n = c * PREFIXES_PER_BORDER + p;
                let _ = writeln!(
                    ext,
                    "ip route {}.{}.{}.0 255.255.255.0 Null0",
                    100 + (n >> 16),
                    (n >> 8) & 0xFF,
                    n & 0xFF
                );
            }
            let _ = writeln!(
                ext,
                "router bgp {}\n neighbor {ba} remote-as 65000\n redistribute static",
                100 + c
            );
            configs.push((format!("ext{c}"), ext));
        }
        text.push_str(&bgp);
        configs.push((format!("c{c}"), text));
    }
    for r in 0..2 {
        let text = format!("{}{}", rr[r], rr_bgp[r]);
        configs.push((format!("rr{r}"), text));
    }
    configs
}

#[test]
#[ignore = "scale test: run with --release -- --ignored"]
fn isp_with_route_reflectors() {
    let configs = isp_configs();
    let start = Instant::now();
    let network = build(&configs);
    let parsed = start.elapsed();
    let (cp, simulated, cpu) = timed(&network);
    println!(
        "isp: {} devices parsed in {parsed:?}, simulated in {simulated:?} wall, {cpu:.2} s CPU ({} outer iterations, {} BGP rounds)",
        configs.len(),
        cp.iterations,
        cp.bgp.rounds
    );
    let c500 = cp.topology.node_id("c500").unwrap();
    let rib = &cp.ribs[&(c500, "default".to_owned())];
    let ibgp = rib
        .routes()
        .filter(|r| r.protocol == Protocol::Ibgp)
        .count();
    assert_eq!(ibgp, 10_000);
    assert!(cpu < 10.0, "too slow: {cpu:.2} s CPU (target 10 s)");
}

fn fat_tree_configs(k: u32) -> Vec<(String, String)> {
    let half = k / 2;
    let supers = half * half;
    let mut configs: Vec<(String, String)> = Vec::new();
    let mut texts: std::collections::BTreeMap<String, (String, String)> = Default::default();
    let mut link = 0u32;
    let mut connect = |texts: &mut std::collections::BTreeMap<String, (String, String)>,
                       a: &str,
                       a_as: u32,
                       b: &str,
                       b_as: u32| {
        let (aa, ba) = p2p(link);
        let ia = link;
        link += 1;
        let (ta, ba_bgp) = texts.get_mut(a).unwrap();
        let _ = writeln!(
            ta,
            "interface Ethernet{ia}\n ip address {aa} 255.255.255.254"
        );
        let _ = writeln!(ba_bgp, " neighbor {ba} remote-as {b_as}");
        let (tb, bb_bgp) = texts.get_mut(b).unwrap();
        let _ = writeln!(
            tb,
            "interface Ethernet{ia}\n ip address {ba} 255.255.255.254"
        );
        let _ = writeln!(bb_bgp, " neighbor {aa} remote-as {a_as}");
    };
    let super_as = 64512;
    let spine_as = |pod: u32| 64600 + pod;
    let leaf_as = |pod: u32, i: u32| 4_200_000_000 + pod * 100 + i;
    for s in 0..supers {
        texts.insert(
            format!("super{s}"),
            (format!("hostname super{s}\n"), String::new()),
        );
    }
    for pod in 0..k {
        for i in 0..half {
            texts.insert(
                format!("spine{pod}_{i}"),
                (format!("hostname spine{pod}_{i}\n"), String::new()),
            );
            let n = pod * half + i;
            texts.insert(
                format!("leaf{pod}_{i}"),
                (
                    format!(
                        "hostname leaf{pod}_{i}\ninterface Vlan10\n ip address 172.{}.{}.1 255.255.255.0\n",
                        16 + (n >> 8),
                        n & 0xFF
                    ),
                    format!(
                        " network 172.{}.{}.0 mask 255.255.255.0\n",
                        16 + (n >> 8),
                        n & 0xFF
                    ),
                ),
            );
        }
    }
    for pod in 0..k {
        for i in 0..half {
            // Spine i of the pod connects to super-spines i*half .. i*half+half.
            for j in 0..half {
                let s = i * half + j;
                connect(
                    &mut texts,
                    &format!("spine{pod}_{i}"),
                    spine_as(pod),
                    &format!("super{s}"),
                    super_as,
                );
            }
            // Every spine of the pod connects to every leaf of the pod.
            for l in 0..half {
                connect(
                    &mut texts,
                    &format!("spine{pod}_{i}"),
                    spine_as(pod),
                    &format!("leaf{pod}_{l}"),
                    leaf_as(pod, l),
                );
            }
        }
    }
    for (name, (text, bgp)) in texts {
        let asn = if name.starts_with("super") {
            super_as
        } else if let Some(rest) = name.strip_prefix("spine") {
            spine_as(rest.split('_').next().unwrap().parse().unwrap())
        } else {
            let rest = name.strip_prefix("leaf").unwrap();
            let mut it = rest.split('_').map(|x| x.parse::<u32>().unwrap());
            leaf_as(it.next().unwrap(), it.next().unwrap())
        };
        configs.push((
            name,
            format!(
                "{text}router bgp {asn}\n bgp bestpath as-path multipath-relax\n maximum-paths 64\n{bgp}"
            ),
        ));
    }
    configs
}

#[test]
#[ignore = "scale test: run with --release -- --ignored"]
fn fat_tree_k16() {
    let configs = fat_tree_configs(16);
    let start = Instant::now();
    let network = build(&configs);
    let parsed = start.elapsed();
    let (cp, simulated, cpu) = timed(&network);
    println!(
        "fat tree k=16: {} devices parsed in {parsed:?}, simulated in {simulated:?} wall, {cpu:.2} s CPU ({} outer iterations, {} BGP rounds)",
        configs.len(),
        cp.iterations,
        cp.bgp.rounds
    );
    let leaf = cp.topology.node_id("leaf0_0").unwrap();
    let rib = &cp.ribs[&(leaf, "default".to_owned())];
    let far: ipnet::IpNet = "172.16.127.0/24".parse().unwrap();
    // leaf0_0 reaches the last leaf's subnet through all 8 spines of its pod.
    assert_eq!(rib.get(&far).len(), 8);
    let bgp = rib.routes().filter(|r| r.protocol == Protocol::Bgp).count();
    assert!(bgp >= 127 * 8, "{bgp}");
    assert!(cpu < 2.0, "too slow: {cpu:.2} s CPU (target 2 s)");
}
