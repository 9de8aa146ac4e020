//! Parse throughput on a large generated IOS configuration.
//!
//! `cargo bench -p routeproof-parser --bench parse_throughput` prints MB/s on one core (the
//! parser is single-threaded per file). Target: at least 50 MB/s. The generator below writes a
//! realistic mix (interfaces, OSPF, BGP with many neighbors, prefix lists, route maps, ACLs,
//! static routes) of about `ROUTEPROOF_BENCH_MB` megabytes (default 64).

use std::fmt::Write as _;
use std::time::Instant;

use routeproof_parser::{Sources, detect, parse_config_as};

/// A generated IOS configuration of roughly `target` bytes.
fn generate(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    s.push_str("!\nversion 15.2\nhostname bench-router\n!\n");
    let mut i: u32 = 0;
    while s.len() < target {
        let (a, b) = ((i >> 8) & 0xff, i & 0xff);
        let _ = write!(
            s,
            "interface GigabitEthernet{}/{}\n description uplink {i} to the core\n ip address 10.{a}.{b}.1 255.255.255.0\n ip ospf cost {}\n ip access-group EDGE-IN in\n duplex auto\n!\n",
            i / 48,
            i % 48,
            i % 100 + 1
        );
        let _ = writeln!(
            s,
            "ip route 172.{a}.{b}.0 255.255.255.0 10.{a}.{b}.2 250 tag {i}"
        );
        let _ = writeln!(
            s,
            "ip prefix-list PL-{} seq {} permit 172.{a}.{b}.0/24 le 32",
            i % 50,
            i % 1000 * 5 + 5
        );
        let _ = write!(
            s,
            "access-list 101 permit tcp 10.{a}.{b}.0 0.0.0.255 any eq 443\nroute-map RM-{} permit {}\n match ip address prefix-list PL-{}\n set local-preference {}\n!\n",
            i % 50,
            i % 1000 + 10,
            i % 50,
            100 + i % 100
        );
        i += 1;
    }
    s.push_str("router ospf 1\n router-id 1.1.1.1\n network 10.0.0.0 0.255.255.255 area 0\n!\nrouter bgp 65000\n");
    for n in 0..2000u32 {
        let _ = write!(
            s,
            " neighbor 192.0.{}.{} remote-as {}\n neighbor 192.0.{}.{} route-map RM-{} in\n",
            n / 250,
            n % 250 + 1,
            64512 + n % 1000,
            n / 250,
            n % 250 + 1,
            n % 50
        );
    }
    s.push_str("!\nend\n");
    s
}

fn main() {
    let mb: usize = std::env::var("ROUTEPROOF_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let text = generate(mb * 1024 * 1024);
    let bytes = text.len();
    let mut sources = Sources::new();
    let file = sources.add("bench.cfg", text);
    let format = detect(&sources.file(file).text).expect("generated config is IOS");
    // Warm up once, then take the best of three runs.
    let mut best = f64::MAX;
    let mut interfaces = 0;
    for _ in 0..4 {
        let start = Instant::now();
        let parsed = parse_config_as(&sources, file, format);
        let secs = start.elapsed().as_secs_f64();
        interfaces = parsed.device.interfaces.len();
        assert!(
            parsed.diagnostics.is_empty(),
            "{:?}",
            parsed.diagnostics.first()
        );
        best = best.min(secs);
    }
    let mbps = bytes as f64 / 1e6 / best;
    println!(
        "parse_throughput: {:.1} MB in {:.3} s = {:.1} MB/s ({interfaces} interfaces)",
        bytes as f64 / 1e6,
        best,
        mbps
    );
}
