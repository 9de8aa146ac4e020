//! Control-plane benchmark on generated networks (the generators live in
//! `routeproof::generate`, so anyone can reproduce them).
//!
//! `cargo bench -p routeproof --bench control_plane` prints, for each network: devices, bytes,
//! parse time, simulation time, main-table rows, and the process's peak resident memory.
//! Targets on 2 cores: the k=16 fat-tree (320 switches, eBGP per RFC 7938) under 2 s; the
//! 1,000-router ISP (IS-IS, iBGP route reflectors, 10,000 external prefixes from 4 eBGP peers)
//! under 10 s and 2 GB. `ROUTEPROOF_BENCH=fat-tree` or `=isp` runs one of them.

use std::time::Instant;

use routeproof::generate::{self, Generated};
use routeproof_verifier::control_plane;

#[path = "support/measure.rs"]
mod measure;
use measure::peak_rss_mb;

fn run(name: &str, net: &Generated) {
    let start = Instant::now();
    let (_sources, network, _files) = net.parse();
    let parsed = start.elapsed();
    let start = Instant::now();
    let cp = control_plane::simulate(&network);
    let simulated = start.elapsed();
    let rows: usize = cp.ribs.values().map(|r| r.routes().count()).sum();
    println!(
        "{name}: {} devices, {:.1} MB of config; parse {:.2} s, simulate {:.2} s ({} iterations), {rows} routes; peak RSS {:.0} MB",
        network.devices.len(),
        net.bytes() as f64 / 1e6,
        parsed.as_secs_f64(),
        simulated.as_secs_f64(),
        cp.iterations,
        peak_rss_mb()
    );
}

fn main() {
    let which = std::env::var("ROUTEPROOF_BENCH").unwrap_or_default();
    if which.is_empty() || which == "fat-tree" {
        run("fat-tree k=16", &generate::fat_tree(16, 1));
    }
    if which.is_empty() || which == "isp" {
        run(
            "isp 1000 routers, 10000 prefixes",
            &generate::isp(1000, 10_000),
        );
    }
}
