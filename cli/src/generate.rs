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
//! - [`from_graph`]: any graph of routers (for example an Internet Topology Zoo map) with an IGP
//!   (IS-IS or OSPF) weighted per link, iBGP with route reflectors (or a full mesh), and eBGP peers
//!   attached to chosen routers, each announcing the same external prefixes.
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
            peer_configs.push(peer(n, peer_asn, asn, y, x, prefixes));
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

/// The interior gateway protocol of a [`GraphSpec`] network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Igp {
    /// IS-IS level 2 with wide metrics (`isis metric W` on each link).
    #[default]
    IsIs,
    /// OSPF area 0 (`ip ospf cost W` on each link).
    Ospf,
}

/// A network given as a graph, for [`from_graph`].
#[derive(Clone, Debug, Default)]
pub struct GraphSpec {
    /// Internal routers, named by [`graph_router_name`]; router `i` has the loopback and router
    /// id [`graph_loopback`]`(i)`, so router ids rise with the index.
    pub routers: usize,
    /// Links `(a, b, weight)` between internal routers; `weight` is the IGP cost both ways.
    /// Parallel links and self-loops are skipped.
    pub links: Vec<(usize, usize, u32)>,
    /// The IGP of the internal routers.
    pub igp: Igp,
    /// The AS of every internal router.
    pub asn: u32,
    /// Route reflectors: every other router is a client of each of them, and they peer with
    /// each other. Empty for an iBGP full mesh.
    pub reflectors: Vec<usize>,
    /// One eBGP peer per entry, attached to that internal router: peer `n` (from 1) is
    /// `peer-n` in AS 65100 + n.
    pub externals: Vec<usize>,
    /// External /24s from 11.0.0.0 on that every peer announces.
    pub prefixes: usize,
}

/// The hostname of internal router `i` of a [`GraphSpec`] network.
pub fn graph_router_name(i: usize) -> String {
    format!("r{i:04}")
}

/// The loopback (and BGP router id) of internal router `i` of a [`GraphSpec`] network.
pub fn graph_loopback(i: usize) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(Ipv4Addr::new(172, 16, 0, 1)) + i as u32)
}

/// The AS of external peer `n` (from 1) of a [`GraphSpec`] network.
pub fn graph_peer_asn(n: usize) -> u32 {
    65100 + n as u32
}

/// A network from a graph: the IGP over the given links, iBGP over loopbacks (route reflection
/// or a full mesh, border routers setting next-hop-self), and one eBGP peer per external, each
/// announcing the same `prefixes` /24s.
pub fn from_graph(spec: &GraphSpec) -> Generated {
    let n = spec.routers;
    let mut links = Links(0);
    let mut devices: Vec<Device> = (0..n).map(|_| Device::default()).collect();
    let mut seen = std::collections::BTreeSet::new();
    for &(a, b, weight) in &spec.links {
        if a == b || a >= n || b >= n || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let igp = match spec.igp {
            Igp::IsIs => format!(" ip router isis CORE\n isis metric {weight}\n"),
            Igp::Ospf => format!(" ip ospf 1 area 0\n ip ospf cost {weight}\n"),
        };
        let (x, y) = links.next();
        devices[a].port(x, &igp);
        devices[b].port(y, &igp);
    }
    let asn = spec.asn;
    let reflectors: std::collections::BTreeSet<usize> = spec.reflectors.iter().copied().collect();
    let ibgp_peers = |i: usize| -> Vec<(usize, bool)> {
        if reflectors.is_empty() {
            (0..n).filter(|&j| j != i).map(|j| (j, false)).collect()
        } else if reflectors.contains(&i) {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| (j, !reflectors.contains(&j)))
                .collect()
        } else {
            reflectors.iter().map(|&r| (r, false)).collect()
        }
    };
    let mut peer_configs = Vec::new();
    let mut out = Generated::default();
    for (i, device) in devices.iter_mut().enumerate() {
        let lo = graph_loopback(i);
        let border: Vec<usize> = (0..spec.externals.len())
            .filter(|&e| spec.externals[e] == i)
            .collect();
        let mut bgp = format!("router bgp {asn}\n bgp router-id {lo}\n");
        for (j, client) in ibgp_peers(i) {
            let remote = graph_loopback(j);
            let _ = writeln!(
                bgp,
                " neighbor {remote} remote-as {asn}\n neighbor {remote} update-source Loopback0"
            );
            if client {
                let _ = writeln!(bgp, " neighbor {remote} route-reflector-client");
            }
            if !border.is_empty() {
                let _ = writeln!(bgp, " neighbor {remote} next-hop-self");
            }
        }
        for e in border {
            let number = e + 1;
            let (x, y) = links.next();
            device.port(x, "");
            let peer_asn = graph_peer_asn(number);
            let _ = writeln!(bgp, " neighbor {y} remote-as {peer_asn}");
            peer_configs.push(peer(number as u32, peer_asn, asn, y, x, spec.prefixes));
        }
        let (loopback_igp, process) = match spec.igp {
            Igp::IsIs => (
                " ip router isis CORE\n".to_owned(),
                format!(
                    "router isis CORE\n net 49.0001.{:04}.{:04}.{:04}.00\n is-type level-2-only\n metric-style wide\n passive-interface Loopback0\n!\n",
                    i / 10000,
                    (i / 100) % 100,
                    i % 100
                ),
            ),
            Igp::Ospf => (
                " ip ospf 1 area 0\n".to_owned(),
                format!("router ospf 1\n router-id {lo}\n passive-interface Loopback0\n!\n"),
            ),
        };
        let name = graph_router_name(i);
        let text = format!(
            "!\nhostname {name}\n!\ninterface Loopback0\n ip address {lo} 255.255.255.255\n{loopback_igp}!\n{}{process}{bgp}!\nend\n",
            device.interfaces,
        );
        out.configs.push((name, text));
    }
    out.configs.extend(peer_configs);
    out.configs.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// An external peer in AS `asn` announcing `prefixes` /24s from 11.0.0.0 on over one eBGP
/// session to `remote` in AS `remote_asn`.
fn peer(
    n: u32,
    asn: u32,
    remote_asn: u32,
    own: Ipv4Addr,
    remote: Ipv4Addr,
    prefixes: usize,
) -> (String, String) {
    let mut text = format!(
        "!\nhostname peer-{n}\n!\ninterface GigabitEthernet0/0\n ip address {own} 255.255.255.254\n!\n"
    );
    let mut bgp = format!(
        "router bgp {asn}\n bgp router-id {own}\n neighbor {remote} remote-as {remote_asn}\n"
    );
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
    fn from_graph_parses_cleanly() {
        for igp in [Igp::IsIs, Igp::Ospf] {
            let spec = GraphSpec {
                routers: 5,
                links: vec![
                    (0, 1, 1),
                    (1, 2, 1),
                    (2, 3, 2),
                    (3, 4, 1),
                    (4, 0, 1),
                    (1, 0, 1),
                ],
                igp,
                asn: 64500,
                reflectors: vec![1],
                externals: vec![0, 3],
                prefixes: 3,
            };
            let net = from_graph(&spec);
            assert_eq!(net.configs.len(), 5 + 2);
            let (_, network, files) = net.parse();
            assert_eq!(network.devices.len(), 7);
            assert!(
                files.iter().all(|f| f.diagnostics.is_empty()),
                "{:?}",
                files.iter().flat_map(|f| &f.diagnostics).next()
            );
        }
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
