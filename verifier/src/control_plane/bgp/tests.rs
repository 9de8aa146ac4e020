//! Behaviour tests of the BGP simulation on small networks.
//!
//! Each test writes its devices as one fixture string: a `!- <name> <dialect>` line opens a
//! device (`ios`, `eos`, `frr`, ...), the lines up to the next header are its configuration.
//! `check` simulates the network and returns the main tables and session states, so each test
//! reads as "these configs, then these routes / these session states".

use routeproof_parser::{Dialect, Format, Sources, ir};

use crate::control_plane::{self, ControlPlane};
use crate::table;

fn dialect(name: &str) -> Dialect {
    match name {
        "eos" => Dialect::Eos,
        "frr" => Dialect::Frr,
        "nxos" => Dialect::CiscoNxos,
        "xr" => Dialect::IosXr,
        "iosxe" => Dialect::IosXe,
        _ => Dialect::Ios,
    }
}

/// Parses a multi-device fixture into a network.
fn network(fixture: &str) -> ir::Network {
    let mut sources = Sources::new();
    let mut files = Vec::new();
    let mut current: Option<(String, Dialect, String)> = None;
    let mut flush = |current: &mut Option<(String, Dialect, String)>, sources: &mut Sources| {
        if let Some((name, dialect, text)) = current.take() {
            let file = sources.add(format!("{name}.cfg"), format!("hostname {name}\n{text}"));
            files.push(routeproof_parser::parse_config_as(
                sources,
                file,
                Format::Ios(dialect),
            ));
        }
    };
    for line in fixture.lines() {
        if let Some(header) = line.trim_start().strip_prefix("!- ") {
            flush(&mut current, &mut sources);
            let mut words = header.split_whitespace();
            let name = words.next().unwrap_or("r").to_owned();
            let d = dialect(words.next().unwrap_or("ios"));
            current = Some((name, d, String::new()));
        } else if let Some((_, _, text)) = current.as_mut() {
            text.push_str(line.trim_start_matches("    "));
            text.push('\n');
        }
    }
    flush(&mut current, &mut sources);
    routeproof_parser::build_network(&files).unwrap()
}

struct Checked {
    cp: ControlPlane,
}

impl Checked {
    /// Rows of one device as `prefix protocol next-hop admin/metric`.
    fn routes(&self, node: &str) -> Vec<String> {
        table::rows(&self.cp)
            .into_iter()
            .filter(|r| r.node == node && matches!(r.protocol, "bgp" | "ibgp" | "aggregate"))
            .map(|r| {
                let via = if r.next_hop_ip.is_empty() {
                    r.next_hop_interface.clone()
                } else {
                    r.next_hop_ip.clone()
                };
                format!(
                    "{} {} {} {}/{}",
                    r.prefix, r.protocol, via, r.admin, r.metric
                )
            })
            .collect()
    }

    /// The state of `node`'s neighbor `peer`: `up` or the reason.
    fn session(&self, node: &str, peer: &str) -> String {
        self.cp
            .bgp
            .sessions
            .iter()
            .find(|s| s.node == node && s.peer == peer)
            .map(|s| match &s.down {
                None => "up".to_owned(),
                Some(reason) => reason.to_string(),
            })
            .unwrap_or_else(|| "no such neighbor".to_owned())
    }

    /// The selected paths of `node` for `prefix`, as debug text.
    fn paths(&self, node: &str, prefix: &str) -> Vec<String> {
        let prefix: ipnet::IpNet = prefix.parse().unwrap();
        self.cp
            .bgp
            .ribs
            .iter()
            .filter(|((n, _), _)| self.cp.topology.node(*n).name == node)
            .flat_map(|(_, t)| t.get(&prefix).cloned().unwrap_or_default())
            .map(|p| format!("{:?} via {:?}", p.attrs, p.next_hop))
            .collect()
    }
}

fn check(fixture: &str) -> Checked {
    Checked {
        cp: control_plane::simulate(&network(fixture)),
    }
}

/// Two IOS routers on 10.0.12.0/24, AS 1 and AS 2; r1 originates 10.1.0.0/16 (a Null0 static)
/// and r2 originates 10.2.0.0/16.
const EBGP_PAIR: &str = "
!- r1 ios
interface GigabitEthernet0/0
 ip address 10.0.12.1 255.255.255.0
ip route 10.1.0.0 255.255.0.0 Null0
router bgp 1
 neighbor 10.0.12.2 remote-as 2
 network 10.1.0.0 mask 255.255.0.0
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
ip route 10.2.0.0 255.255.0.0 Null0
router bgp 2
 neighbor 10.0.12.1 remote-as 1
 network 10.2.0.0 mask 255.255.0.0
";

/// Input: the eBGP pair. Expected: each side learns the other's network over eBGP, next hop
/// the peer's address, admin 20, MED 0 (the static's metric).
#[test]
fn ebgp_pair_exchanges_networks() {
    let c = check(EBGP_PAIR);
    assert_eq!(c.session("r1", "10.0.12.2"), "up");
    assert_eq!(c.routes("r1"), vec!["10.2.0.0/16 bgp 10.0.12.2 20/0"]);
    assert_eq!(c.routes("r2"), vec!["10.1.0.0/16 bgp 10.0.12.1 20/0"]);
    assert_eq!(
        c.paths("r2", "10.1.0.0/16"),
        vec![
            "PathAttrs { weight: 0, local_pref: 100, as_path: [1], origin: Igp, med: Some(0), \
             communities: {}, originator_id: None, cluster_list: [], tag: 0 } via Some(10.0.12.1)"
        ]
    );
}

/// Input: a network statement whose prefix is not in the main table. Expected: nothing
/// announced.
#[test]
fn network_needs_the_prefix_in_the_main_table() {
    let c = check(&EBGP_PAIR.replace("ip route 10.1.0.0 255.255.0.0 Null0\n", ""));
    assert!(c.routes("r2").is_empty());
}

/// Input: sessions broken in different ways. Expected: each reason.
#[test]
fn session_failure_reasons() {
    let as_mismatch = check(&EBGP_PAIR.replace("remote-as 2", "remote-as 3"));
    assert_eq!(
        as_mismatch.session("r1", "10.0.12.2"),
        "AS mismatch: configured 3, peer is 2"
    );
    assert!(
        as_mismatch
            .session("r2", "10.0.12.1")
            .starts_with("AS mismatch: peer expects 3")
    );
    assert!(as_mismatch.routes("r2").is_empty());

    let shut = check(&EBGP_PAIR.replace(
        " neighbor 10.0.12.2 remote-as 2\n",
        " neighbor 10.0.12.2 remote-as 2\n neighbor 10.0.12.2 shutdown\n",
    ));
    assert_eq!(shut.session("r1", "10.0.12.2"), "shutdown");
    assert_eq!(shut.session("r2", "10.0.12.1"), "shutdown on r1");

    let wrong_address = check(&EBGP_PAIR.replace(
        "neighbor 10.0.12.1 remote-as 1",
        "neighbor 10.0.12.9 remote-as 1",
    ));
    assert_eq!(
        wrong_address.session("r1", "10.0.12.2"),
        "no matching neighbor statement on r2 (it would need `neighbor 10.0.12.1`)"
    );
    assert_eq!(
        wrong_address.session("r2", "10.0.12.9"),
        "peer not in snapshot"
    );
}

/// Input: eBGP between loopbacks reached by static routes, with and without ebgp-multihop.
/// Expected: down without multihop ("not directly connected"), up with it.
#[test]
fn ebgp_between_loopbacks_needs_multihop() {
    let base = "
!- r1 ios
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface GigabitEthernet0/0
 ip address 10.0.12.1 255.255.255.0
ip route 2.2.2.2 255.255.255.255 10.0.12.2
router bgp 1
 neighbor 2.2.2.2 remote-as 2
 neighbor 2.2.2.2 update-source Loopback0
 MULTIHOP1
 network 10.1.0.0 mask 255.255.0.0
ip route 10.1.0.0 255.255.0.0 Null0
!- r2 ios
interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
ip route 1.1.1.1 255.255.255.255 10.0.12.1
router bgp 2
 neighbor 1.1.1.1 remote-as 1
 neighbor 1.1.1.1 update-source Loopback0
 MULTIHOP2
";
    let down = check(&base.replace("MULTIHOP1", "").replace("MULTIHOP2", ""));
    assert_eq!(
        down.session("r1", "2.2.2.2"),
        "eBGP peer not directly connected and no ebgp-multihop"
    );
    let up = check(
        &base
            .replace("MULTIHOP1", "neighbor 2.2.2.2 ebgp-multihop 2")
            .replace("MULTIHOP2", "neighbor 1.1.1.1 ebgp-multihop 2"),
    );
    assert_eq!(up.session("r1", "2.2.2.2"), "up");
    // r1's loopback arrives with next hop 1.1.1.1 (resolved recursively through the static)
    // but loses to the static in the main table; its Null0 static wins nowhere else.
    assert_eq!(up.routes("r2"), vec!["10.1.0.0/16 bgp 1.1.1.1 20/0"]);
}

/// Three iBGP routers in a line (r1 - r2 - r3, loopback sessions over statics). Expected:
/// without reflection r3 never hears r1's routes (split horizon); with r2 reflecting to clients
/// r1 and r3 it does, with ORIGINATOR_ID r1 and CLUSTER_LIST [r2].
#[test]
fn ibgp_split_horizon_and_route_reflection() {
    let base = "
!- r1 ios
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface GigabitEthernet0/0
 ip address 10.0.12.1 255.255.255.0
ip route 2.2.2.2 255.255.255.255 10.0.12.2
ip route 10.1.0.0 255.255.0.0 Null0
router bgp 65000
 neighbor 2.2.2.2 remote-as 65000
 neighbor 2.2.2.2 update-source Loopback0
 network 10.1.0.0 mask 255.255.0.0
!- r2 ios
interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.23.2 255.255.255.0
ip route 1.1.1.1 255.255.255.255 10.0.12.1
ip route 3.3.3.3 255.255.255.255 10.0.23.3
router bgp 65000
 neighbor 1.1.1.1 remote-as 65000
 neighbor 1.1.1.1 update-source Loopback0
 neighbor 3.3.3.3 remote-as 65000
 neighbor 3.3.3.3 update-source Loopback0
 REFLECT
!- r3 ios
interface Loopback0
 ip address 3.3.3.3 255.255.255.255
interface GigabitEthernet0/1
 ip address 10.0.23.3 255.255.255.0
ip route 2.2.2.2 255.255.255.255 10.0.23.2
ip route 10.0.12.0 255.255.255.0 10.0.23.2
router bgp 65000
 neighbor 2.2.2.2 remote-as 65000
 neighbor 2.2.2.2 update-source Loopback0
";
    let plain = check(&base.replace("REFLECT", ""));
    assert_eq!(plain.session("r3", "2.2.2.2"), "up");
    assert_eq!(plain.routes("r2"), vec!["10.1.0.0/16 ibgp 1.1.1.1 200/0"]);
    assert!(plain.routes("r3").is_empty());
    let rr = check(&base.replace(
        "REFLECT",
        "neighbor 1.1.1.1 route-reflector-client\n neighbor 3.3.3.3 route-reflector-client",
    ));
    // r3 resolves 1.1.1.1 only if it has a route; it has none, so the path is unusable.
    assert!(rr.routes("r3").is_empty());
    let rr = check(
        &base
            .replace(
                "REFLECT",
                "neighbor 1.1.1.1 route-reflector-client\n neighbor 3.3.3.3 route-reflector-client",
            )
            .replace(
                "ip route 10.0.12.0 255.255.255.0 10.0.23.2",
                "ip route 1.1.1.1 255.255.255.255 10.0.23.2",
            ),
    );
    assert_eq!(rr.routes("r3"), vec!["10.1.0.0/16 ibgp 1.1.1.1 200/0"]);
    let attrs = rr.paths("r3", "10.1.0.0/16").join("");
    assert!(
        attrs.contains("originator_id: Some(1.1.1.1), cluster_list: [2.2.2.2]"),
        "{attrs}"
    );
}

/// Input: AS 1 - AS 2 - AS 1 (AS reuse): r3 is in AS 1 like r1. Expected: r3 drops r1's
/// route (its own AS in the path) unless `allowas-in`.
#[test]
fn as_path_loop_and_allowas_in() {
    let base = "
!- r1 ios
interface GigabitEthernet0/0
 ip address 10.0.12.1 255.255.255.0
ip route 10.1.0.0 255.255.0.0 Null0
router bgp 1
 neighbor 10.0.12.2 remote-as 2
 network 10.1.0.0 mask 255.255.0.0
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.23.2 255.255.255.0
router bgp 2
 neighbor 10.0.12.1 remote-as 1
 neighbor 10.0.23.3 remote-as 1
!- r3 ios
interface GigabitEthernet0/1
 ip address 10.0.23.3 255.255.255.0
router bgp 1
 neighbor 10.0.23.2 remote-as 2
 ALLOW
";
    let looped = check(&base.replace("ALLOW", ""));
    assert_eq!(looped.routes("r2"), vec!["10.1.0.0/16 bgp 10.0.12.1 20/0"]);
    assert!(looped.routes("r3").is_empty());
    let allowed = check(&base.replace("ALLOW", "neighbor 10.0.23.2 allowas-in 1"));
    assert_eq!(allowed.routes("r3"), vec!["10.1.0.0/16 bgp 10.0.23.2 20/0"]);
}

/// Input: r1 redistributes two statics and aggregates them with summary-only. Expected: r1
/// installs the aggregate as a discard route; r2 receives only the aggregate.
#[test]
fn summary_only_aggregate() {
    let c = check(
        &EBGP_PAIR
            .replace(
                " network 10.1.0.0 mask 255.255.0.0\n",
                " redistribute static\n aggregate-address 10.8.0.0 255.255.0.0 summary-only\n",
            )
            .replace(
                "ip route 10.1.0.0 255.255.0.0 Null0\n",
                "ip route 10.8.1.0 255.255.255.0 Null0\nip route 10.8.2.0 255.255.255.0 Null0\n",
            ),
    );
    assert_eq!(
        c.routes("r1"),
        vec![
            "10.2.0.0/16 bgp 10.0.12.2 20/0",
            "10.8.0.0/16 aggregate null_interface 200/0",
        ]
    );
    assert_eq!(c.routes("r2"), vec!["10.8.0.0/16 bgp 10.0.12.1 20/0"]);
    let not_summary = check(
        &EBGP_PAIR
            .replace(
                " network 10.1.0.0 mask 255.255.0.0\n",
                " redistribute static\n aggregate-address 10.8.0.0 255.255.0.0\n",
            )
            .replace(
                "ip route 10.1.0.0 255.255.0.0 Null0\n",
                "ip route 10.8.1.0 255.255.255.0 Null0\n",
            ),
    );
    assert_eq!(
        not_summary.routes("r2"),
        vec![
            "10.8.0.0/16 bgp 10.0.12.1 20/0",
            "10.8.1.0/24 bgp 10.0.12.1 20/0",
        ]
    );
}

/// Input: r2 accepts at most 1 prefix from r1, which sends 2. Expected: the session is torn
/// down and r2 has nothing from r1; with warning-only it stays up.
#[test]
fn maximum_prefix_tears_the_session_down() {
    let two = EBGP_PAIR
        .replace(
            "ip route 10.1.0.0 255.255.0.0 Null0\n",
            "ip route 10.1.0.0 255.255.0.0 Null0\nip route 10.3.0.0 255.255.0.0 Null0\n",
        )
        .replace(
            " network 10.1.0.0 mask 255.255.0.0\n",
            " network 10.1.0.0 mask 255.255.0.0\n network 10.3.0.0 mask 255.255.0.0\n",
        );
    let c = check(&two.replace(
        " neighbor 10.0.12.1 remote-as 1\n",
        " neighbor 10.0.12.1 remote-as 1\n neighbor 10.0.12.1 maximum-prefix 1\n",
    ));
    assert_eq!(
        c.session("r2", "10.0.12.1"),
        "maximum-prefix 1 exceeded (2 prefixes received)"
    );
    assert!(c.routes("r2").is_empty());
    assert!(c.routes("r1").is_empty());
    let warn = check(&two.replace(
        " neighbor 10.0.12.1 remote-as 1\n",
        " neighbor 10.0.12.1 remote-as 1\n neighbor 10.0.12.1 maximum-prefix 1 warning-only\n",
    ));
    assert_eq!(warn.session("r2", "10.0.12.1"), "up");
    assert_eq!(warn.routes("r2").len(), 2);
}

/// Input: r1 tags its route with a community on export; r2 denies routes carrying it.
/// Expected: IOS strips communities without `send-community`, so r2 accepts; with it, r2
/// denies. FRR sends communities by default.
#[test]
fn send_community_defaults() {
    let base = EBGP_PAIR
        .replace(
            " neighbor 10.0.12.2 remote-as 2\n",
            " neighbor 10.0.12.2 remote-as 2\n neighbor 10.0.12.2 route-map TAG out\n SEND\n",
        )
        .replace(
            " neighbor 10.0.12.1 remote-as 1\n",
            " neighbor 10.0.12.1 remote-as 1\n neighbor 10.0.12.1 route-map DROP in\n",
        )
        + "route-map DROP deny 10\n match community C\nroute-map DROP permit 20\nip community-list standard C permit 1:1\n";
    let with_tag = base.replace(
        "!- r2 ios",
        "route-map TAG permit 10\n set community 1:1\n!- r2 ios",
    );
    let stripped = check(&with_tag.replace("SEND", ""));
    assert_eq!(
        stripped.routes("r2"),
        vec!["10.1.0.0/16 bgp 10.0.12.1 20/0"]
    );
    let sent = check(&with_tag.replace("SEND", "neighbor 10.0.12.2 send-community"));
    assert!(sent.routes("r2").is_empty());
}

/// FRR eBGP pair. Expected: with `frr version 8.4` (ebgp-requires-policy on by default) no
/// routes flow without policies; `frr version 7.2` and `no bgp ebgp-requires-policy` exchange
/// routes.
#[test]
fn frr_ebgp_requires_policy() {
    let base = "
!- r1 frr
VERSION
interface eth0
 ip address 10.0.12.1/24
ip route 10.1.0.0/16 Null0
router bgp 1
 NOPOLICY
 neighbor 10.0.12.2 remote-as 2
 address-family ipv4 unicast
  network 10.1.0.0/16
 exit-address-family
!- r2 frr
VERSION
interface eth0
 ip address 10.0.12.2/24
router bgp 2
 NOPOLICY
 neighbor 10.0.12.1 remote-as 1
";
    let new = check(
        &base
            .replace("VERSION", "frr version 8.4.1")
            .replace("NOPOLICY", ""),
    );
    assert_eq!(new.session("r2", "10.0.12.1"), "up");
    assert!(new.routes("r2").is_empty());
    let old = check(
        &base
            .replace("VERSION", "frr version 7.2")
            .replace("NOPOLICY", ""),
    );
    assert_eq!(old.routes("r2"), vec!["10.1.0.0/16 bgp 10.0.12.1 20/0"]);
    let off = check(
        &base
            .replace("VERSION", "frr version 8.4.1")
            .replace("NOPOLICY", "no bgp ebgp-requires-policy"),
    );
    assert_eq!(off.routes("r2"), vec!["10.1.0.0/16 bgp 10.0.12.1 20/0"]);
}

/// EOS eBGP: administrative distance 200 for eBGP, and an undefined inbound route-map is
/// ignored (routes pass); on IOS it drops everything.
#[test]
fn eos_distance_and_undefined_route_map() {
    let eos = "
!- r1 eos
interface Ethernet1
   no switchport
   ip address 10.0.12.1/24
ip route 10.1.0.0/16 Null0
ip routing
router bgp 1
   neighbor 10.0.12.2 remote-as 2
   network 10.1.0.0/16
!- r2 eos
interface Ethernet1
   no switchport
   ip address 10.0.12.2/24
ip routing
router bgp 2
   neighbor 10.0.12.1 remote-as 1
   neighbor 10.0.12.1 route-map MISSING in
";
    let c = check(eos);
    assert_eq!(c.routes("r2"), vec!["10.1.0.0/16 bgp 10.0.12.1 200/0"]);
    let ios = check(&EBGP_PAIR.replace(
        " neighbor 10.0.12.1 remote-as 1\n",
        " neighbor 10.0.12.1 remote-as 1\n neighbor 10.0.12.1 route-map MISSING in\n",
    ));
    assert!(ios.routes("r2").is_empty());
}

/// Input: IPv6 eBGP between 2001:db8:12::1 and ::2 with `address-family ipv6` activation.
/// Expected: the IPv6 network is exchanged; without activation the session has no family.
/// (The interface addresses are added to the IR directly: `ipv6 address` parsing lands with the
/// parser work.)
#[test]
fn ipv6_unicast() {
    let base = "
!- r1 ios
ipv6 route 2001:db8:1::/48 Null0
interface GigabitEthernet0/0
 no shutdown
router bgp 1
 neighbor 2001:db8:12::2 remote-as 2
 address-family ipv6
  ACTIVATE1
  network 2001:db8:1::/48
 exit-address-family
!- r2 ios
interface GigabitEthernet0/0
 no shutdown
!
router bgp 2
 neighbor 2001:db8:12::1 remote-as 1
 address-family ipv6
  ACTIVATE2
 exit-address-family
";
    let run = |text: &str| {
        let mut net = network(text);
        for (name, address) in [("r1", "2001:db8:12::1/64"), ("r2", "2001:db8:12::2/64")] {
            let iface = net
                .devices
                .get_mut(name)
                .and_then(|d| d.interfaces.get_mut("GigabitEthernet0/0"))
                .unwrap();
            iface.addresses.push(ir::InterfaceAddress {
                address: address.parse().unwrap(),
                secondary: false,
                span: iface.span,
            });
        }
        Checked {
            cp: control_plane::simulate(&net),
        }
    };
    let up = run(&base
        .replace("ACTIVATE1", "neighbor 2001:db8:12::2 activate")
        .replace("ACTIVATE2", "neighbor 2001:db8:12::1 activate"));
    assert_eq!(up.session("r2", "2001:db8:12::1"), "up");
    assert_eq!(
        up.routes("r2"),
        vec!["2001:db8:1::/48 bgp 2001:db8:12::1 20/0"]
    );
    let inactive = run(&base.replace("ACTIVATE1", "").replace("ACTIVATE2", ""));
    assert_eq!(
        inactive.session("r2", "2001:db8:12::1"),
        "no address family activated on both ends"
    );
}

/// Input: r3 hears 10.9.0.0/16 from AS 1 and AS 2 with equal-length paths. Expected: one
/// best path by default; both with `maximum-paths 2` and `bgp bestpath as-path
/// multipath-relax`; only one with `maximum-paths 2` alone (the AS paths differ).
#[test]
fn ebgp_multipath() {
    let base = "
!- r1 ios
interface GigabitEthernet0/0
 ip address 10.0.13.1 255.255.255.0
ip route 10.9.0.0 255.255.0.0 Null0
router bgp 1
 neighbor 10.0.13.3 remote-as 3
 network 10.9.0.0 mask 255.255.0.0
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.23.2 255.255.255.0
ip route 10.9.0.0 255.255.0.0 Null0
router bgp 2
 neighbor 10.0.23.3 remote-as 3
 network 10.9.0.0 mask 255.255.0.0
!- r3 ios
interface GigabitEthernet0/0
 ip address 10.0.13.3 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.23.3 255.255.255.0
router bgp 3
 MULTIPATH
 neighbor 10.0.13.1 remote-as 1
 neighbor 10.0.23.2 remote-as 2
";
    let single = check(&base.replace("MULTIPATH", ""));
    assert_eq!(single.routes("r3"), vec!["10.9.0.0/16 bgp 10.0.13.1 20/0"]);
    let exact = check(&base.replace("MULTIPATH", "maximum-paths 2"));
    assert_eq!(exact.routes("r3").len(), 1);
    let relaxed = check(&base.replace(
        "MULTIPATH",
        "maximum-paths 2\n bgp bestpath as-path multipath-relax",
    ));
    assert_eq!(
        relaxed.routes("r3"),
        vec![
            "10.9.0.0/16 bgp 10.0.13.1 20/0",
            "10.9.0.0/16 bgp 10.0.23.2 20/0",
        ]
    );
}

/// Input: r2 sets local preference and weight inbound, r3's path is preferred by local
/// preference although it is longer. Expected: the policy decides.
#[test]
fn inbound_policy_local_preference() {
    let base = "
!- r1 ios
interface GigabitEthernet0/0
 ip address 10.0.13.1 255.255.255.0
ip route 10.9.0.0 255.255.0.0 Null0
router bgp 1
 neighbor 10.0.13.3 remote-as 3
 neighbor 10.0.13.3 route-map PREPEND out
 network 10.9.0.0 mask 255.255.0.0
route-map PREPEND permit 10
 set as-path prepend 1 1 1
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.23.2 255.255.255.0
ip route 10.9.0.0 255.255.0.0 Null0
router bgp 2
 neighbor 10.0.23.3 remote-as 3
 network 10.9.0.0 mask 255.255.0.0
!- r3 ios
interface GigabitEthernet0/0
 ip address 10.0.13.3 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.23.3 255.255.255.0
router bgp 3
 neighbor 10.0.13.1 remote-as 1
 neighbor 10.0.13.1 route-map LP in
 neighbor 10.0.23.2 remote-as 2
route-map LP permit 10
 set local-preference 300
";
    let c = check(base);
    assert_eq!(c.routes("r3"), vec!["10.9.0.0/16 bgp 10.0.13.1 20/0"]);
    let attrs = c.paths("r3", "10.9.0.0/16").join("");
    assert!(
        attrs.contains("local_pref: 300, as_path: [1, 1, 1, 1]"),
        "{attrs}"
    );
    let without = check(&base.replace(" neighbor 10.0.13.1 route-map LP in\n", ""));
    assert_eq!(without.routes("r3"), vec!["10.9.0.0/16 bgp 10.0.23.2 20/0"]);
}

/// Input: r1 sends a default route with `default-originate` although it has none. Expected:
/// r2 learns 0.0.0.0/0 from r1.
#[test]
fn default_originate() {
    let c = check(&EBGP_PAIR.replace(
        " neighbor 10.0.12.2 remote-as 2\n",
        " neighbor 10.0.12.2 remote-as 2\n neighbor 10.0.12.2 default-originate\n",
    ));
    assert!(
        c.routes("r2")
            .contains(&"0.0.0.0/0 bgp 10.0.12.1 20/0".to_owned())
    );
}

/// Input: iBGP r1 - r2, r2 learns 10.2.0.0/16 from eBGP peer r3 and passes it to r1.
/// Expected: without next-hop-self r1 gets next hop r3 (unresolvable: no route), with it the
/// next hop is r2 and the route is installed; the MED set by r3 survives into iBGP.
#[test]
fn next_hop_self_and_med_over_ibgp() {
    let base = "
!- r1 ios
interface GigabitEthernet0/0
 ip address 10.0.12.1 255.255.255.0
router bgp 65000
 neighbor 10.0.12.2 remote-as 65000
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.23.2 255.255.255.0
router bgp 65000
 neighbor 10.0.12.1 remote-as 65000
 NHS
 neighbor 10.0.23.3 remote-as 3
!- r3 ios
interface GigabitEthernet0/1
 ip address 10.0.23.3 255.255.255.0
ip route 10.2.0.0 255.255.0.0 Null0
router bgp 3
 neighbor 10.0.23.2 remote-as 65000
 neighbor 10.0.23.2 route-map MED out
 network 10.2.0.0 mask 255.255.0.0
route-map MED permit 10
 set metric 77
";
    let plain = check(&base.replace("NHS", ""));
    assert_eq!(plain.routes("r2"), vec!["10.2.0.0/16 bgp 10.0.23.3 20/77"]);
    assert!(plain.routes("r1").is_empty());
    let nhs = check(&base.replace("NHS", "neighbor 10.0.12.1 next-hop-self"));
    assert_eq!(nhs.routes("r1"), vec!["10.2.0.0/16 ibgp 10.0.12.2 200/77"]);
}

/// Input: the "bad gadget" (Griffin, Shepherd, Wilfong): AS 1, 2, 3 around AS 4, which
/// originates 10.4.0.0/16; each of 1, 2, 3 prefers the path through its clockwise neighbour
/// over the direct one. Expected: no stable state exists; the simulation stops at its bound
/// and reports the prefix as oscillating.
#[test]
fn bad_gadget_is_reported_as_non_convergent() {
    let mut fixture = String::from(
        "
!- r4 ios
interface GigabitEthernet0/1
 ip address 10.1.4.4 255.255.255.0
interface GigabitEthernet0/2
 ip address 10.2.4.4 255.255.255.0
interface GigabitEthernet0/3
 ip address 10.3.4.4 255.255.255.0
ip route 10.4.0.0 255.255.0.0 Null0
router bgp 4
 neighbor 10.1.4.1 remote-as 1
 neighbor 10.2.4.2 remote-as 2
 neighbor 10.3.4.3 remote-as 3
 network 10.4.0.0 mask 255.255.0.0
",
    );
    for i in 1..=3u32 {
        let next = i % 3 + 1;
        let prev = (i + 1) % 3 + 1;
        let (lo_n, hi_n) = (i.min(next), i.max(next));
        let (lo_p, hi_p) = (i.min(prev), i.max(prev));
        fixture.push_str(&format!(
            "
!- r{i} ios
interface GigabitEthernet0/4
 ip address 10.{i}.4.{i} 255.255.255.0
interface GigabitEthernet0/{next}
 ip address 10.{lo_n}{hi_n}.0.{i} 255.255.255.0
interface GigabitEthernet0/{prev}
 ip address 10.{lo_p}{hi_p}.0.{i} 255.255.255.0
router bgp {i}
 neighbor 10.{i}.4.4 remote-as 4
 neighbor 10.{lo_n}{hi_n}.0.{next} remote-as {next}
 neighbor 10.{lo_n}{hi_n}.0.{next} route-map PREFER in
 neighbor 10.{lo_p}{hi_p}.0.{prev} remote-as {prev}
 neighbor 10.{lo_p}{hi_p}.0.{prev} route-map DIRECT_ONLY in
ip as-path access-list 1 permit ^{next}_4$
ip as-path access-list 2 permit ^4$
route-map PREFER permit 10
 match as-path 1
 set local-preference 200
route-map DIRECT_ONLY deny 10
"
        ));
    }
    let c = check(&fixture);
    assert!(
        c.cp.bgp.issues.iter().any(|i| matches!(
            i,
            super::BgpIssue::NonConvergence { oscillating, .. }
                if oscillating.iter().any(|(_, _, p)| p.to_string() == "10.4.0.0/16")
        )),
        "{:?}",
        c.cp.bgp.issues
    );
}

/// Input: r1 redistributes three statics with equal attributes; r2 filters one of them with
/// a prefix list. Expected: the two that every filter treats alike form one class (simulated
/// once), the filtered one its own; r2 installs exactly the two permitted prefixes.
#[test]
fn prefixes_entering_alike_share_a_class() {
    let c = check(
        &(EBGP_PAIR
            .replace(
                "ip route 10.1.0.0 255.255.0.0 Null0\n",
                "ip route 10.5.1.0 255.255.255.0 Null0\nip route 10.5.2.0 255.255.255.0 Null0\n\
                 ip route 10.5.3.0 255.255.255.0 Null0\n",
            )
            .replace(
                " network 10.1.0.0 mask 255.255.0.0\n",
                " redistribute static\n",
            )
            .replace(
                " neighbor 10.0.12.1 remote-as 1\n",
                " neighbor 10.0.12.1 remote-as 1\n neighbor 10.0.12.1 prefix-list NO3 in\n",
            )
            + "ip prefix-list NO3 seq 5 deny 10.5.3.0/24\nip prefix-list NO3 seq 10 permit 0.0.0.0/0 le 32\n"),
    );
    assert_eq!(
        c.routes("r2"),
        vec![
            "10.5.1.0/24 bgp 10.0.12.1 20/0",
            "10.5.2.0/24 bgp 10.0.12.1 20/0"
        ]
    );
    let classes: Vec<String> =
        c.cp.bgp
            .classes
            .values()
            .map(|m| format!("{m:?}"))
            .collect();
    assert_eq!(classes, vec!["[10.5.1.0/24, 10.5.2.0/24]"]);
    let r2 = c.cp.topology.node_id("r2").unwrap();
    let member: ipnet::IpNet = "10.5.2.0/24".parse().unwrap();
    assert_eq!(c.cp.bgp.paths(r2, "default", &member).len(), 1);
}

/// Three ASes in a line: r1 (AS 1) - r2 (AS 2) - r3 (AS 3); r1 originates 10.1.0.0/16.
const LINE: &str = "
!- r1 ios
interface GigabitEthernet0/0
 ip address 10.0.12.1 255.255.255.0
ip route 10.1.0.0 255.255.0.0 Null0
router bgp 1
 neighbor 10.0.12.2 remote-as 2
 network 10.1.0.0 mask 255.255.0.0
 R1
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.23.2 255.255.255.0
router bgp 2
 neighbor 10.0.12.1 remote-as 1
 neighbor 10.0.23.3 remote-as 3
 R2
!- r3 ios
interface GigabitEthernet0/1
 ip address 10.0.23.3 255.255.255.0
router bgp 3
 neighbor 10.0.23.2 remote-as 2
 R3
";

fn line(r1: &str, r2: &str, r3: &str) -> Checked {
    check(&LINE.replace("R1", r1).replace("R2", r2).replace("R3", r3))
}

/// Input: r1 tags its route no-export towards r2 (with send-community). Expected: r2 keeps it,
/// r3 (another AS) never hears it.
#[test]
fn no_export_stops_at_the_next_as() {
    let c = line(
        "neighbor 10.0.12.2 send-community\n neighbor 10.0.12.2 route-map NOEXP out\n\
         route-map NOEXP permit 10\n set community no-export",
        "",
        "",
    );
    assert_eq!(c.routes("r2"), vec!["10.1.0.0/16 bgp 10.0.12.1 20/0"]);
    assert!(c.routes("r3").is_empty());
}

/// Input: `distance bgp 30 210 220` on r3. Expected: r3 installs its eBGP route with admin 30.
#[test]
fn distance_bgp_overrides_the_default() {
    let c = line("", "", "distance bgp 30 210 220");
    assert_eq!(c.routes("r3"), vec!["10.1.0.0/16 bgp 10.0.23.2 30/0"]);
}

/// Input: r1 in private AS 65001 behind r2; r2 removes private ASes towards r3. Expected: r3
/// sees the path as just [2].
#[test]
fn remove_private_as() {
    let c = check(
        &LINE
            .replace("router bgp 1", "router bgp 65001")
            .replace(
                "neighbor 10.0.12.1 remote-as 1",
                "neighbor 10.0.12.1 remote-as 65001",
            )
            .replace("R1", "")
            .replace("R2", "neighbor 10.0.23.3 remove-private-as")
            .replace("R3", ""),
    );
    let attrs = c.paths("r3", "10.1.0.0/16").join("");
    assert!(attrs.contains("as_path: [2]"), "{attrs}");
}

/// Input: r2 presents `local-as 22` to r3 (which peers with AS 22). Expected: the session comes
/// up with AS 22 and r3's path is [22, 2, 1].
#[test]
fn local_as_towards_a_neighbor() {
    let c = check(
        &LINE
            .replace("R1", "")
            .replace("R2", "neighbor 10.0.23.3 local-as 22")
            .replace(
                "neighbor 10.0.23.2 remote-as 2",
                "neighbor 10.0.23.2 remote-as 22",
            )
            .replace("R3", ""),
    );
    assert_eq!(c.session("r3", "10.0.23.2"), "up");
    let attrs = c.paths("r3", "10.1.0.0/16").join("");
    assert!(attrs.contains("as_path: [22, 2, 1]"), "{attrs}");
}

/// Input: r1 and r3 in the same AS on both sides of r2; r2 overrides the AS towards r3.
/// Expected: r3 accepts the path with its own AS replaced by r2's.
#[test]
fn as_override() {
    let c = check(
        &LINE
            .replace("router bgp 3", "router bgp 1")
            .replace(
                "neighbor 10.0.23.3 remote-as 3",
                "neighbor 10.0.23.3 remote-as 1",
            )
            .replace("R1", "")
            .replace("R2", "neighbor 10.0.23.3 as-override")
            .replace("R3", ""),
    );
    assert_eq!(c.routes("r3"), vec!["10.1.0.0/16 bgp 10.0.23.2 20/0"]);
    let attrs = c.paths("r3", "10.1.0.0/16").join("");
    assert!(attrs.contains("as_path: [2, 2]"), "{attrs}");
}

/// Input: a route reflector with two clients and `no bgp client-to-client reflection`.
/// Expected: the clients' routes are not reflected to each other.
#[test]
fn client_to_client_reflection_off() {
    let fixture = "
!- c1 ios
interface GigabitEthernet0/0
 ip address 10.0.1.1 255.255.255.0
ip route 10.11.0.0 255.255.0.0 Null0
router bgp 65000
 neighbor 10.0.1.9 remote-as 65000
 network 10.11.0.0 mask 255.255.0.0
!- c2 ios
interface GigabitEthernet0/0
 ip address 10.0.2.2 255.255.255.0
ip route 10.0.1.0 255.255.255.0 10.0.2.9
router bgp 65000
 neighbor 10.0.2.9 remote-as 65000
!- rr ios
interface GigabitEthernet0/1
 ip address 10.0.1.9 255.255.255.0
interface GigabitEthernet0/2
 ip address 10.0.2.9 255.255.255.0
router bgp 65000
 C2C
 neighbor 10.0.1.1 remote-as 65000
 neighbor 10.0.1.1 route-reflector-client
 neighbor 10.0.2.2 remote-as 65000
 neighbor 10.0.2.2 route-reflector-client
";
    let on = check(&fixture.replace("C2C", ""));
    assert_eq!(on.routes("c2"), vec!["10.11.0.0/16 ibgp 10.0.1.1 200/0"]);
    let off = check(&fixture.replace("C2C", "no bgp client-to-client reflection"));
    assert!(off.routes("c2").is_empty());
    assert_eq!(off.routes("rr"), vec!["10.11.0.0/16 ibgp 10.0.1.1 200/0"]);
}

/// Input: EOS aggregates a static route that is not in BGP. Expected: the aggregate is active
/// (EOS takes contributors from the main table; lab `eos_ospf_bgp`), installed as a discard
/// route with admin 200, and advertised.
#[test]
fn eos_aggregate_from_the_main_table() {
    let c = check(
        "
!- r1 eos
interface Ethernet1
   no switchport
   ip address 10.0.12.1/24
ip route 10.203.0.0/24 Null0
ip routing
router bgp 1
   neighbor 10.0.12.2 remote-as 2
   aggregate-address 10.203.0.0/16 summary-only
!- r2 eos
interface Ethernet1
   no switchport
   ip address 10.0.12.2/24
ip routing
router bgp 2
   neighbor 10.0.12.1 remote-as 1
",
    );
    assert_eq!(
        c.routes("r1"),
        vec!["10.203.0.0/16 aggregate null_interface 200/0"]
    );
    assert_eq!(c.routes("r2"), vec!["10.203.0.0/16 bgp 10.0.12.1 200/0"]);
}

/// Input: r1 redistributes OSPF (fed as known routes: one intra-area, one external) into BGP.
/// Expected: IOS takes only the internal route (no `match` given), with its metric as MED.
#[test]
fn ios_redistributes_internal_ospf_only() {
    use crate::rib::{NextHop, Protocol, Route};
    let net = network(
        &EBGP_PAIR
            .replace(
                " network 10.1.0.0 mask 255.255.0.0\n",
                " redistribute ospf 1\n",
            )
            .replace("ip route 10.1.0.0 255.255.0.0 Null0\n", ""),
    );
    let ospf = |prefix: &str, protocol| Route {
        prefix: prefix.parse().unwrap(),
        protocol,
        admin: 110,
        metric: 7,
        next_hop: NextHop::Interface("GigabitEthernet0/0".into()),
        tag: None,
        provenance: Default::default(),
    };
    let extra = |input: &crate::control_plane::Input<'_>| {
        let r1 = input.topology.node_id("r1").unwrap();
        crate::control_plane::Output {
            routes: vec![
                (
                    r1,
                    "default".to_owned(),
                    ospf("10.7.0.0/16", Protocol::Ospf),
                ),
                (
                    r1,
                    "default".to_owned(),
                    ospf("10.8.0.0/16", Protocol::OspfE2),
                ),
            ],
            ..Default::default()
        }
    };
    let c = Checked {
        cp: control_plane::simulate_with(&net, &extra),
    };
    assert_eq!(c.routes("r2"), vec!["10.7.0.0/16 bgp 10.0.12.1 20/7"]);
}

/// Input: r1 runs its eBGP session inside VRF CUST (IOS `address-family ipv4 vrf`), r2 in its
/// default VRF. Expected: the session comes up in the VRF, r1 installs r2's route in VRF CUST
/// only, and r1's VRF network reaches r2.
#[test]
fn per_vrf_instances() {
    let c = check(
        "
!- r1 ios
vrf definition CUST
 rd 1:1
 address-family ipv4
 exit-address-family
interface GigabitEthernet0/0
 vrf forwarding CUST
 ip address 10.0.12.1 255.255.255.0
ip route vrf CUST 10.1.0.0 255.255.0.0 Null0
router bgp 1
 address-family ipv4 vrf CUST
  neighbor 10.0.12.2 remote-as 2
  neighbor 10.0.12.2 activate
  network 10.1.0.0 mask 255.255.0.0
 exit-address-family
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
ip route 10.2.0.0 255.255.0.0 Null0
router bgp 2
 neighbor 10.0.12.1 remote-as 1
 network 10.2.0.0 mask 255.255.0.0
",
    );
    assert_eq!(c.session("r2", "10.0.12.1"), "up");
    let rows: Vec<String> = table::rows(&c.cp)
        .into_iter()
        .filter(|r| r.node == "r1" && r.protocol == "bgp")
        .map(|r| format!("{} {} {}", r.vrf, r.prefix, r.next_hop_ip))
        .collect();
    assert_eq!(rows, vec!["CUST 10.2.0.0/16 10.0.12.2"]);
    assert_eq!(c.routes("r2"), vec!["10.1.0.0/16 bgp 10.0.12.1 20/0"]);
}

/// Input: a Junos router (`set` form) in eBGP with an IOS router. Its import chain
/// `[ SANITY TAG ]` rejects the default route and sends the rest on (`next policy`) to a term
/// that only sets local preference; its export chain `[ STATICS9 LOOPBACK ]` accepts one static
/// route and the loopback. Expected: Junos installs the IOS loopback (the default BGP policy
/// accepts what the chain leaves undecided, with local preference 90) but not the default
/// route; IOS receives exactly the accepted static and the loopback, not the other static.
#[test]
fn junos_policy_chains_and_default_bgp_policy() {
    let junos = "set system host-name j1
set interfaces ge-0/0/0 unit 0 family inet address 10.0.12.1/30
set interfaces lo0 unit 0 family inet address 1.1.1.1/32
set routing-options autonomous-system 65001
set routing-options static route 9.9.9.0/24 discard
set routing-options static route 8.8.8.0/24 discard
set protocols bgp group EXT type external
set protocols bgp group EXT peer-as 65002
set protocols bgp group EXT neighbor 10.0.12.2 import [ SANITY TAG ]
set protocols bgp group EXT neighbor 10.0.12.2 export [ STATICS9 LOOPBACK ]
set policy-options policy-statement SANITY term DEFAULT from route-filter 0.0.0.0/0 exact
set policy-options policy-statement SANITY term DEFAULT then reject
set policy-options policy-statement SANITY term REST then next policy
set policy-options policy-statement TAG term ALL then local-preference 90
set policy-options policy-statement STATICS9 term S from protocol static
set policy-options policy-statement STATICS9 term S from route-filter 9.9.9.0/24 exact
set policy-options policy-statement STATICS9 term S then accept
set policy-options policy-statement LOOPBACK term L from protocol direct
set policy-options policy-statement LOOPBACK term L from interface lo0.0
set policy-options policy-statement LOOPBACK term L then accept
";
    let ios = "hostname r2
interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.252
ip route 0.0.0.0 0.0.0.0 Null0
router bgp 65002
 neighbor 10.0.12.1 remote-as 65001
 network 2.2.2.2 mask 255.255.255.255
 network 0.0.0.0
";
    let checked = Checked {
        cp: control_plane::simulate(&crate::testing::network(&[junos, ios])),
    };
    assert_eq!(checked.routes("j1"), ["2.2.2.2/32 bgp 10.0.12.2 170/0"]);
    assert!(
        checked.paths("j1", "2.2.2.2/32")[0].contains("local_pref: 90"),
        "{:?}",
        checked.paths("j1", "2.2.2.2/32")
    );
    assert_eq!(
        checked.routes("r2"),
        [
            "1.1.1.1/32 bgp 10.0.12.1 20/0",
            "9.9.9.0/24 bgp 10.0.12.1 20/0"
        ]
    );
}

/// Input: r1 (AS 1) redistributes its connected subnets, among them 10.0.12.0/24 shared with r2
/// (AS 2), which passes what it learns on to r3 (AS 3) over 10.0.23.0/24. Expected: r2's path
/// for 10.0.12.0/24 (next hop 10.0.12.1, inside the prefix) resolves through r2's connected
/// route for the same prefix: it is valid and best although the connected route wins the main
/// table, so r2 advertises it and r3 installs it (IOS shows such a path as `r>`, RIB-failure;
/// lab sonic_bgp_lab shows FRR doing the same). Only a BGP route of the prefix itself would be
/// a recursion through itself.
#[test]
fn a_path_resolving_through_a_connected_route_of_its_own_prefix_is_advertised() {
    let c = check(
        "
!- r1 ios
interface GigabitEthernet0/0
 ip address 10.0.12.1 255.255.255.0
router bgp 1
 neighbor 10.0.12.2 remote-as 2
 redistribute connected
!- r2 ios
interface GigabitEthernet0/0
 ip address 10.0.12.2 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.23.2 255.255.255.0
router bgp 2
 neighbor 10.0.12.1 remote-as 1
 neighbor 10.0.23.3 remote-as 3
!- r3 ios
interface GigabitEthernet0/0
 ip address 10.0.23.3 255.255.255.0
router bgp 3
 neighbor 10.0.23.2 remote-as 2
",
    );
    assert_eq!(c.paths("r2", "10.0.12.0/24").len(), 1);
    assert!(c.routes("r2").is_empty(), "connected wins r2's main table");
    assert_eq!(c.routes("r3"), vec!["10.0.12.0/24 bgp 10.0.23.2 20/0"]);
}
