//! Synthetic networks for benchmarks, kept in the project so anyone can reproduce the figures
//! (`routeproof generate fat-tree --k 16 --out DIR`, `routeproof generate isp --routers 1000
//! --prefixes 10000 --out DIR`, or in memory from the benchmarks).
//!
//! - [`fat_tree`]: a k-ary fat-tree running eBGP as in RFC 7938 (one ASN for the top tier, one
//!   per pod for the middle tier, one per top-of-rack switch; `maximum-paths` with
//!   `multipath-relax`), each leaf announcing server subnets.
//! - [`isp`]: an ISP-like backbone: IS-IS level 2 everywhere, a ring of core routers with
//!   chords, dual-homed access routers, four route reflectors with every other router as a
//!   client over loopbacks, and four eBGP peers (as devices in the snapshot) that each announce
//!   the same external prefixes, filtered on import by prefix lists at the border routers.
//!
//! All configurations are Cisco IOS text, so benchmarks exercise the parser as well.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

/// A generated network: device name → configuration text, in name order.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    /// (device, IOS configuration) pairs.
    pub configs: Vec<(String, String)>,
}

impl Generated {
    /// Total configuration bytes.
    pub fn bytes(&self) -> usize {
        self.configs.iter().map(|(_, c)| c.len()).sum()
    }

    /// The configuration of `device`.
    pub fn config_mut(&mut self, device: &str) -> Option<&mut String> {
        self.configs
            .iter_mut()
            .find(|(d, _)| d == device)
            .map(|(_, c)| c)
    }

    /// Parses every configuration into a network (in memory).
    pub fn parse(
        &self,
    ) -> (
        routeproof_parser::Sources,
        routeproof_parser::ir::Network,
        Vec<routeproof_parser::ParsedFile>,
    ) {
        let mut sources = routeproof_parser::Sources::new();
        let mut files = Vec::new();
        for (name, text) in &self.configs {
            let id = sources.add(format!("configs/{name}.cfg"), text.clone());
            if let Some(parsed) = routeproof_parser::parse_config(&sources, id) {
                files.push(parsed);
            }
        }
        let network = routeproof_parser::build_network(&files).unwrap_or_default();
        (sources, network, files)
    }

    /// Writes `DIR/configs/<device>.cfg` files.
    pub fn write(&self, dir: &std::path::Path) -> std::io::Result<()> {
        let configs = dir.join("configs");
        std::fs::create_dir_all(&configs)?;
        for (name, text) in &self.configs {
            std::fs::write(configs.join(format!("{name}.cfg")), text)?;
        }
        Ok(())
    }
}

/// Hands out consecutive /31 link subnets from 10.0.0.0/8.
struct Links(u32);

impl Links {
    fn next(&mut self) -> (Ipv4Addr, Ipv4Addr) {
        let base = u32::from(Ipv4Addr::new(10, 0, 0, 0)) + self.0 * 2;
        self.0 += 1;
        (Ipv4Addr::from(base), Ipv4Addr::from(base + 1))
    }
}

/// One device's configuration being written.
#[derive(Default)]
struct Device {
    interfaces: String,
    next_port: usize,
    bgp: String,
    extra: String,
}

impl Device {
    fn port(&mut self, address: Ipv4Addr, extra: &str) -> String {
        let name = format!("GigabitEthernet0/{}", self.next_port);
        self.next_port += 1;
        let _ = write!(
            self.interfaces,
            "interface {name}\n ip address {address} 255.255.255.254\n{extra}!\n"
        );
        name
    }
}

/// A k-ary fat-tree with eBGP (RFC 7938). `k` must be even; each leaf announces
/// `prefixes_per_leaf` /24 server subnets.
pub fn fat_tree(k: usize, prefixes_per_leaf: usize) -> Generated {
    let half = k / 2;
    let mut links = Links(0);
    let mut devices: Vec<(String, u32, Ipv4Addr, Device)> = Vec::new();
    let core_asn = 64512;
    for c in 0..half * half {
        devices.push((
            format!("core-{c:03}"),
            core_asn,
            Ipv4Addr::new(192, 168, 0, 0),
            Device::default(),
        ));
    }
    for p in 0..k {
        for j in 0..half {
            devices.push((
                format!("agg-{p:02}-{j:02}"),
                65000 + p as u32,
                Ipv4Addr::UNSPECIFIED,
                Device::default(),
            ));
        }
        for j in 0..half {
            devices.push((
                format!("leaf-{p:02}-{j:02}"),
                4_200_000_000 + (p * half + j) as u32,
                Ipv4Addr::UNSPECIFIED,
                Device::default(),
            ));
        }
    }
    let index = |name: &str, devices: &[(String, u32, Ipv4Addr, Device)]| {
        devices.iter().position(|d| d.0 == name).unwrap_or(0)
    };
    // Router ids: 192.168.x.y by position.
    for (i, d) in devices.iter_mut().enumerate() {
        d.2 = Ipv4Addr::from(u32::from(Ipv4Addr::new(192, 168, 0, 1)) + i as u32);
    }
    let mut connect = |a: usize, b: usize, devices: &mut Vec<(String, u32, Ipv4Addr, Device)>| {
        let (x, y) = links.next();
        devices[a].3.port(x, "");
        devices[b].3.port(y, "");
        let (asn_a, asn_b) = (devices[a].1, devices[b].1);
        let _ = writeln!(devices[a].3.bgp, " neighbor {y} remote-as {asn_b}");
        let _ = writeln!(devices[b].3.bgp, " neighbor {x} remote-as {asn_a}");
    };
    for p in 0..k {
        for j in 0..half {
            for m in 0..half {
                let leaf = index(&format!("leaf-{p:02}-{j:02}"), &devices);
                let agg = index(&format!("agg-{p:02}-{m:02}"), &devices);
                connect(leaf, agg, &mut devices);
            }
        }
        for m in 0..half {
            for c in 0..half {
                let agg = index(&format!("agg-{p:02}-{m:02}"), &devices);
                let core = index(&format!("core-{:03}", m * half + c), &devices);
                connect(agg, core, &mut devices);
            }
        }
    }
    let mut out = Generated::default();
    let mut subnet: u32 = 0;
    for (name, asn, router_id, mut device) in devices {
        let mut networks = String::new();
        if name.starts_with("leaf") {
            for _ in 0..prefixes_per_leaf {
                let net = Ipv4Addr::from(u32::from(Ipv4Addr::new(172, 16, 0, 0)) + subnet * 256);
                subnet += 1;
                let host = Ipv4Addr::from(u32::from(net) + 1);
                let n = device.next_port;
                let _ = write!(
                    device.extra,
                    "interface Loopback{}\n ip address {host} 255.255.255.0\n!\n",
                    n + 100
                );
                device.next_port += 0;
                let _ = writeln!(networks, " network {net} mask 255.255.255.0");
            }
        }
        let mut text = format!(
            "!\nhostname {name}\n!\ninterface Loopback0\n ip address {router_id} 255.255.255.255\n!\n"
        );
        text.push_str(&device.interfaces);
        text.push_str(&device.extra);
        let _ = write!(
            text,
            "router bgp {asn}\n bgp router-id {router_id}\n bgp bestpath as-path multipath-relax\n maximum-paths 64\n{}{networks}!\nend\n",
            device.bgp
        );
        out.configs.push((name, text));
    }
    out.configs.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// An ISP-like backbone of `routers` routers (at least 12) with IS-IS, four route reflectors and
/// four eBGP peers announcing `prefixes` external /24s each.
pub fn isp(routers: usize, prefixes: usize) -> Generated {
    let routers = routers.max(12);
    let cores = (routers / 20).max(8);
    let access = routers - cores;
    let mut links = Links(0);
    let names: Vec<String> = (0..cores)
        .map(|i| format!("core-{i:03}"))
        .chain((0..access).map(|i| {
            if i < 4 {
                format!("border-{}", i + 1)
            } else {
                format!("access-{i:04}")
            }
        }))
        .collect();
    let loopback = |i: usize| Ipv4Addr::from(u32::from(Ipv4Addr::new(172, 31, 0, 1)) + i as u32);
    let mut devices: Vec<Device> = (0..routers).map(|_| Device::default()).collect();
    let isis = " ip router isis CORE\n";
    let mut connect = |a: usize, b: usize, devices: &mut Vec<Device>| {
        let (x, y) = links.next();
        devices[a].port(x, isis);
        devices[b].port(y, isis);
    };
    for i in 0..cores {
        connect(i, (i + 1) % cores, &mut devices);
        if i < cores / 2 {
            connect(i, i + cores / 2, &mut devices);
        }
    }
    for j in 0..access {
        let a = cores + j;
        connect(a, j % cores, &mut devices);
        connect(a, (j + 1) % cores, &mut devices);
    }
    let asn = 64500;
    let rrs: Vec<usize> = (0..4).collect();
    let mut out = Generated::default();
    let mut peer_configs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let device = &mut devices[i];
        let lo = loopback(i);
        let mut bgp = format!("router bgp {asn}\n bgp router-id {lo}\n maximum-paths ibgp 4\n");
        if rrs.contains(&i) {
            for (j, _) in names.iter().enumerate() {
                if j == i {
                    continue;
                }
                let _ = writeln!(
                    bgp,
                    " neighbor {} remote-as {asn}\n neighbor {} update-source Loopback0",
                    loopback(j),
                    loopback(j)
                );
                if !rrs.contains(&j) {
                    let _ = writeln!(bgp, " neighbor {} route-reflector-client", loopback(j));
                }
            }
        } else {
            for &r in &rrs {
                let _ = writeln!(
                    bgp,
                    " neighbor {} remote-as {asn}\n neighbor {} update-source Loopback0",
                    loopback(r),
                    loopback(r)
                );
            }
        }
        let mut policy = String::new();
        if let Some(n) = name.strip_prefix("border-") {
            let n: u32 = n.parse().unwrap_or(1);
            let (x, y) = links.next();
            device.port(x, "");
            let peer_asn = 65100 + n;
            let _ = writeln!(
                bgp,
                " neighbor {y} remote-as {peer_asn}\n neighbor {y} route-map FROM-PEER-{n} in"
            );
            for &r in &rrs {
                let _ = writeln!(bgp, " neighbor {} next-hop-self", loopback(r));
            }
            let _ = write!(
                policy,
                "ip prefix-list PEER-{n}-IN seq 5 deny 11.0.0.0/24\nip prefix-list PEER-{n}-IN seq 10 permit 0.0.0.0/0 le 24\n!\nroute-map FROM-PEER-{n} permit 10\n match ip address prefix-list PEER-{n}-IN\n!\n"
            );
            peer_configs.push(peer(n, peer_asn, y, x, prefixes));
        }
        let text = format!(
            "!\nhostname {name}\n!\ninterface Loopback0\n ip address {lo} 255.255.255.255\n{isis}!\n{}router isis CORE\n net 49.0001.{:04}.{:04}.{:04}.00\n is-type level-2-only\n metric-style wide\n passive-interface Loopback0\n!\n{bgp}!\n{policy}end\n",
            device.interfaces,
            i / 10000,
            (i / 100) % 100,
            i % 100
        );
        out.configs.push((name.clone(), text));
    }
    out.configs.extend(peer_configs);
    out.configs.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// An external peer announcing `prefixes` /24s from 11.0.0.0 on over one eBGP session.
fn peer(n: u32, asn: u32, own: Ipv4Addr, remote: Ipv4Addr, prefixes: usize) -> (String, String) {
    let mut text = format!(
        "!\nhostname peer-{n}\n!\ninterface GigabitEthernet0/0\n ip address {own} 255.255.255.254\n!\n"
    );
    let mut bgp =
        format!("router bgp {asn}\n bgp router-id {own}\n neighbor {remote} remote-as 64500\n");
    for p in 0..prefixes {
        let net = Ipv4Addr::from(u32::from(Ipv4Addr::new(11, 0, 0, 0)) + (p as u32) * 256);
        let _ = writeln!(text, "ip route {net} 255.255.255.0 Null0");
        let _ = writeln!(bgp, " network {net} mask 255.255.255.0");
    }
    text.push_str(&bgp);
    text.push_str("!\nend\n");
    (format!("peer-{n}"), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fat_tree_has_the_rfc_7938_shape() {
        let net = fat_tree(4, 1);
        // k=4: 4 core, 8 aggregation, 8 leaf switches.
        assert_eq!(net.configs.len(), 20);
        let (_, network, files) = net.parse();
        assert_eq!(network.devices.len(), 20);
        assert!(
            files.iter().all(|f| f.diagnostics.is_empty()),
            "{:?}",
            files.iter().flat_map(|f| &f.diagnostics).next()
        );
    }

    #[test]
    fn isp_parses_cleanly() {
        let net = isp(24, 10);
        let (_, network, files) = net.parse();
        assert_eq!(network.devices.len(), 24 + 4);
        assert!(
            files.iter().all(|f| f.diagnostics.is_empty()),
            "{:?}",
            files.iter().flat_map(|f| &f.diagnostics).next()
        );
    }
}
