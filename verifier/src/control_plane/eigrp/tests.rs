//! EIGRP: metrics, adjacencies, internal and external routes, redistribution out of EIGRP.

use crate::control_plane::simulate;
use crate::table::rows;
use crate::testing::network;

/// The rows of `node` for `protocol` (`eigrp`, `eigrpEX`, ...), as
/// `prefix via next-hop admin/metric`.
fn routes(configs: &[&str], node: &str, protocol: &str) -> Vec<String> {
    let cp = simulate(&network(configs));
    rows(&cp)
        .into_iter()
        .filter(|r| r.node == node && r.protocol == protocol)
        .map(|r| {
            format!(
                "{} via {} {}/{}",
                r.prefix, r.next_hop_ip, r.admin, r.metric
            )
        })
        .collect()
}

/// r1 — r2 over GigabitEthernet, both in EIGRP 1; r2's loopback and r3-side link in EIGRP.
const R1: &str = "hostname r1
interface GigabitEthernet1
 ip address 10.0.12.1 255.255.255.0
router eigrp 1
 network 10.0.0.0 0.255.255.255
";

const R2: &str = "hostname r2
interface Loopback0
 ip address 192.168.0.2 255.255.255.255
interface GigabitEthernet1
 ip address 10.0.12.2 255.255.255.0
interface FastEthernet2
 ip address 10.0.23.2 255.255.255.0
router eigrp 1
 network 10.0.0.0
 network 192.168.0.2 0.0.0.0
";

/// Input: a loopback (8 Gbit/s, 5 ms) one gigabit hop (10 µs) away. Expected: IOS's metric
/// 256 × (10⁷/10⁶ + 500 + 1) = 130816 (the lab's `D 192.168.123.3 [90/130816]`), via r2's
/// address; r2's FastEthernet subnet at 256 × (10⁷/10⁵ + 10 + 1) = 28416.
#[test]
fn internal_routes_carry_the_composite_metric() {
    assert_eq!(
        routes(&[R1, R2], "r1", "eigrp"),
        [
            "10.0.23.0/24 via 10.0.12.2 90/28416",
            "192.168.0.2/32 via 10.0.12.2 90/130816",
        ]
    );
}

/// Input: the same with r1's interface at `bandwidth 10000` and `delay 100`. Expected: the
/// least bandwidth and the summed delay: 256 × (1000 + 500 + 100) = 409600.
#[test]
fn interface_bandwidth_and_delay_shape_the_metric() {
    let r1 = R1.replace(
        "ip address 10.0.12.1 255.255.255.0",
        "ip address 10.0.12.1 255.255.255.0\n bandwidth 10000\n delay 100",
    );
    assert!(
        routes(&[&r1, R2], "r1", "eigrp")
            .contains(&"192.168.0.2/32 via 10.0.12.2 90/409600".into())
    );
}

/// Input: r2's link passive, or r2 in another AS. Expected: no adjacency, no routes.
#[test]
fn passive_interfaces_and_other_systems_form_no_adjacency() {
    let passive = format!("{R2} passive-interface GigabitEthernet1\n");
    assert!(routes(&[R1, &passive], "r1", "eigrp").is_empty());
    let other_as = R2.replace("router eigrp 1", "router eigrp 2");
    assert!(routes(&[R1, &other_as], "r1", "eigrp").is_empty());
    let passive_default =
        format!("{R2} passive-interface default\n no passive-interface GigabitEthernet1\n");
    assert_eq!(routes(&[R1, &passive_default], "r1", "eigrp").len(), 2);
}

/// Input: r2 redistributes two statics: one with `metric 900 100 255 1 1500` (seed 900 kbit/s,
/// 1 ms), one through a route-map setting `800 100`. Expected on r1: external routes at 170
/// with 256 × (⌊10⁷/900⌋ + 100 + 1) = 2870272 and 256 × (12500 + 101) = 3225856 (the lab's
/// figures). Without any metric, IOS does not redistribute a static via an address.
#[test]
fn redistributed_routes_are_external_with_their_seed_metric() {
    let r2 = format!(
        "{R2} redistribute static metric 900 100 255 1 1500 route-map ONE
 redistribute static route-map TWO
ip route 172.16.1.0 255.255.255.0 10.0.23.3
ip route 172.16.2.0 255.255.255.0 10.0.23.3
ip route 172.16.3.0 255.255.255.0 10.0.23.3
ip prefix-list ONE seq 5 permit 172.16.1.0/24
ip prefix-list TWO seq 5 permit 172.16.2.0/24
route-map ONE permit 10
 match ip address prefix-list ONE
route-map TWO permit 10
 match ip address prefix-list TWO
 set metric 800 100 255 1 1500
"
    );
    let r3 = "hostname r3\ninterface FastEthernet2\n ip address 10.0.23.3 255.255.255.0\n";
    assert_eq!(
        routes(&[R1, &r2, r3], "r1", "eigrpEX"),
        [
            "172.16.1.0/24 via 10.0.12.2 170/2870272",
            "172.16.2.0/24 via 10.0.12.2 170/3225856",
        ]
    );
}

/// Input: the same static redistributed by NX-OS with `set metric 900 100 255 1 1500`.
/// Expected: NX-OS scales before dividing: ⌊256 × 10⁷ / 900⌋ + 256 × 101 = 2870300 (lab
/// `nxos_redistribution`).
#[test]
fn nxos_scales_the_bandwidth_term_before_dividing() {
    let n1 = "feature eigrp
hostname n1
interface Ethernet1/1
  no switchport
  ip address 10.0.12.1/30
  ip router eigrp 1
  no shutdown
router eigrp 1
";
    let n2 = "feature eigrp
hostname n2
interface Ethernet1/1
  no switchport
  ip address 10.0.12.2/30
  ip router eigrp 1
  no shutdown
ip route 172.16.1.0/24 Null0
route-map STATIC permit 10
  set metric 900 100 255 1 1500
router eigrp 1
  redistribute static route-map STATIC
";
    assert_eq!(
        routes(&[n1, n2], "n1", "eigrpEX"),
        ["172.16.1.0/24 via 10.0.12.2 170/2870300"]
    );
}

/// Input: r2 learns r1's loopback from EIGRP and redistributes EIGRP into OSPF towards r3.
/// Expected: r3 has it as OSPF external type 2 with metric 20.
#[test]
fn eigrp_routes_are_redistributed_into_ospf() {
    let r1 = format!(
        "{R1}interface Loopback0\n ip address 192.168.0.1 255.255.255.255\nrouter eigrp 1\n network 192.168.0.1 0.0.0.0\n"
    );
    let r2 = format!(
        "{R2}router ospf 1
 network 10.0.23.0 0.0.0.255 area 0
 redistribute eigrp 1 subnets
"
    );
    let r3 = "hostname r3
interface FastEthernet2
 ip address 10.0.23.3 255.255.255.0
router ospf 1
 network 10.0.23.0 0.0.0.255 area 0
";
    let got = routes(&[&r1, &r2, r3], "r3", "ospfE2");
    assert!(
        got.contains(&"192.168.0.1/32 via 10.0.23.2 110/20".to_owned()),
        "{got:?}"
    );
    // `redistribute eigrp 2` names another AS: nothing.
    let r2_other = r2.replace("redistribute eigrp 1", "redistribute eigrp 2");
    assert!(routes(&[&r1, &r2_other, r3], "r3", "ospfE2").is_empty());
}

/// Input: a prefix r1 reaches internally through r2 and that r3 redistributes as external
/// with a far smaller metric. Expected: the internal route wins whatever the metrics.
#[test]
fn internal_beats_external() {
    let r1 = format!("{R1}interface GigabitEthernet3\n ip address 10.0.13.1 255.255.255.0\n");
    let r3 = "hostname r3
interface GigabitEthernet3
 ip address 10.0.13.3 255.255.255.0
ip route 192.168.0.2 255.255.255.255 Null0
router eigrp 1
 network 10.0.13.0 0.0.0.255
 redistribute static metric 10000000 1 255 1 1500
";
    assert_eq!(
        routes(&[&r1, R2, r3], "r1", "eigrp"),
        [
            "10.0.23.0/24 via 10.0.12.2 90/28416",
            "192.168.0.2/32 via 10.0.12.2 90/130816",
        ]
    );
    assert!(routes(&[&r1, R2, r3], "r1", "eigrpEX").is_empty());
}
