//! End-to-end OSPF tests: small networks from configuration text through the whole simulation,
//! checked on the OSPF rows of the main tables.

use crate::control_plane::simulate;
use crate::table::rows;
use crate::testing::network;

/// The OSPF rows of `device`, as `prefix protocol via next-hop interface [admin/metric]`.
fn ospf(configs: &[&str], device: &str) -> Vec<String> {
    let cp = simulate(&network(configs));
    rows(&cp)
        .into_iter()
        .filter(|r| r.node == device && r.protocol.starts_with("ospf"))
        .map(|r| {
            format!(
                "{} {} via {} {} [{}/{}]",
                r.prefix, r.protocol, r.next_hop_ip, r.next_hop_interface, r.admin, r.metric
            )
        })
        .collect()
}

/// An IOS router: `hostname`, interfaces as (name, address/len, extra lines), a loopback, and
/// the body of `router ospf 1`.
fn ios(name: &str, interfaces: &[(&str, &str, &str)], ospf: &str) -> String {
    let mut text = format!("hostname {name}\n");
    for (iface, address, extra) in interfaces {
        let net: ipnet::Ipv4Net = address.parse().unwrap();
        text.push_str(&format!(
            "interface {iface}\n ip address {} {}\n{extra}",
            net.addr(),
            net.netmask()
        ));
    }
    text.push_str(&format!("router ospf 1\n{ospf}"));
    text
}

const ALL_AREA0: &str = " network 0.0.0.0 255.255.255.255 area 0\n";

/// A LAN r1–r2 (GigabitEthernet, cost 1), a point-to-point Ethernet r2–r3 (10 Mbit/s, cost 10)
/// and r3's loopback (cost 1): r1 reaches the loopback at 1 + 10 + 1 through r2's LAN address.
#[test]
fn intra_area_costs_and_next_hops() {
    let r1 = ios(
        "r1",
        &[("GigabitEthernet0/0", "10.0.12.1/24", "")],
        ALL_AREA0,
    );
    let p2p = " ip ospf network point-to-point\n";
    let r2 = ios(
        "r2",
        &[
            ("GigabitEthernet0/0", "10.0.12.2/24", ""),
            ("Ethernet0/1", "10.0.23.2/24", p2p),
        ],
        ALL_AREA0,
    );
    let r3 = ios(
        "r3",
        &[
            ("Ethernet0/1", "10.0.23.3/24", p2p),
            ("Loopback0", "3.3.3.3/32", ""),
        ],
        ALL_AREA0,
    );
    assert_eq!(
        ospf(&[&r1, &r2, &r3], "r1"),
        [
            "3.3.3.3/32 ospf via 10.0.12.2 GigabitEthernet0/0 [110/12]",
            "10.0.23.0/24 ospf via 10.0.12.2 GigabitEthernet0/0 [110/11]",
        ]
    );
    assert_eq!(
        ospf(&[&r1, &r2, &r3], "r3"),
        ["10.0.12.0/24 ospf via 10.0.23.2 Ethernet0/1 [110/11]"]
    );
}

/// A square r1–{r2, r3}–r4: two equal paths to r4's loopback, both installed; with
/// `maximum-paths 1` only one.
#[test]
fn equal_cost_paths_up_to_maximum_paths() {
    let square = |extra: &str| {
        [
            ios(
                "r1",
                &[
                    ("GigabitEthernet0/1", "10.0.12.1/24", ""),
                    ("GigabitEthernet0/2", "10.0.13.1/24", ""),
                ],
                &format!("{ALL_AREA0}{extra}"),
            ),
            ios(
                "r2",
                &[
                    ("GigabitEthernet0/1", "10.0.12.2/24", ""),
                    ("GigabitEthernet0/2", "10.0.24.2/24", ""),
                ],
                ALL_AREA0,
            ),
            ios(
                "r3",
                &[
                    ("GigabitEthernet0/1", "10.0.13.3/24", ""),
                    ("GigabitEthernet0/2", "10.0.34.3/24", ""),
                ],
                ALL_AREA0,
            ),
            ios(
                "r4",
                &[
                    ("GigabitEthernet0/1", "10.0.24.4/24", ""),
                    ("GigabitEthernet0/2", "10.0.34.4/24", ""),
                    ("Loopback0", "4.4.4.4/32", ""),
                ],
                ALL_AREA0,
            ),
        ]
    };
    let loopback = |rows: Vec<String>| -> Vec<String> {
        rows.into_iter()
            .filter(|r| r.starts_with("4.4.4.4"))
            .collect()
    };
    let configs = square("");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        loopback(ospf(&refs, "r1")),
        [
            "4.4.4.4/32 ospf via 10.0.12.2 GigabitEthernet0/1 [110/3]",
            "4.4.4.4/32 ospf via 10.0.13.3 GigabitEthernet0/2 [110/3]",
        ]
    );
    let configs = square(" maximum-paths 1\n");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(loopback(ospf(&refs, "r1")).len(), 1);
}

/// r1 (area 0) – r2 (ABR) – r3 (area 1): inter-area routes both ways; r1 redistributes a
/// static route, which r3 sees as E2 through r2's ASBR summary. Making area 1 stub replaces the
/// external with r2's default summary; totally stubby leaves only the default.
#[test]
fn inter_area_stub_and_totally_stubby() {
    let r1 = ios(
        "r1",
        &[
            ("GigabitEthernet0/0", "10.0.12.1/24", ""),
            ("Loopback0", "1.1.1.1/32", ""),
        ],
        &format!("{ALL_AREA0} redistribute static subnets\n"),
    ) + "ip route 192.0.2.0 255.255.255.0 Null0\n";
    let area1 = |kind: &str| {
        (
            ios(
                "r2",
                &[
                    ("GigabitEthernet0/0", "10.0.12.2/24", ""),
                    ("GigabitEthernet0/1", "10.0.23.2/24", ""),
                ],
                &format!(
                    "{kind} network 10.0.12.0 0.0.0.255 area 0\n network 10.0.23.0 0.0.0.255 area 1\n"
                ),
            ),
            ios(
                "r3",
                &[
                    ("GigabitEthernet0/1", "10.0.23.3/24", ""),
                    ("Loopback0", "3.3.3.3/32", ""),
                ],
                &format!(
                    "{} network 0.0.0.0 255.255.255.255 area 1\n",
                    kind.replace(" no-summary", "")
                ),
            ),
        )
    };
    let (r2, r3) = area1("");
    let configs = [r1.as_str(), &r2, &r3];
    assert_eq!(
        ospf(&configs, "r1"),
        [
            "3.3.3.3/32 ospfIA via 10.0.12.2 GigabitEthernet0/0 [110/3]",
            "10.0.23.0/24 ospfIA via 10.0.12.2 GigabitEthernet0/0 [110/2]",
        ]
    );
    assert_eq!(
        ospf(&configs, "r3"),
        [
            "1.1.1.1/32 ospfIA via 10.0.23.2 GigabitEthernet0/1 [110/3]",
            "10.0.12.0/24 ospfIA via 10.0.23.2 GigabitEthernet0/1 [110/2]",
            "192.0.2.0/24 ospfE2 via 10.0.23.2 GigabitEthernet0/1 [110/20]",
        ]
    );
    let (r2, r3) = area1(" area 1 stub\n");
    let configs = [r1.as_str(), &r2, &r3];
    assert_eq!(
        ospf(&configs, "r3"),
        [
            "0.0.0.0/0 ospfIA via 10.0.23.2 GigabitEthernet0/1 [110/2]",
            "1.1.1.1/32 ospfIA via 10.0.23.2 GigabitEthernet0/1 [110/3]",
            "10.0.12.0/24 ospfIA via 10.0.23.2 GigabitEthernet0/1 [110/2]",
        ]
    );
    let (r2, r3) = area1(" area 1 stub no-summary\n");
    let configs = [r1.as_str(), &r2, &r3];
    assert_eq!(
        ospf(&configs, "r3"),
        ["0.0.0.0/0 ospfIA via 10.0.23.2 GigabitEthernet0/1 [110/2]"]
    );
}

/// r3 in NSSA area 1 redistributes a static route: N2 inside the NSSA, E2 in the backbone
/// after r2 (the NSSA's only border router) translates it. With
/// `area 1 nssa default-information-originate` on r2, r3 also gets an N2 default of metric 1.
#[test]
fn nssa_type7_and_translation() {
    let r1 = ios(
        "r1",
        &[("GigabitEthernet0/0", "10.0.12.1/24", "")],
        ALL_AREA0,
    );
    let setup = |abr: &str| {
        [
            r1.clone(),
            ios(
                "r2",
                &[
                    ("GigabitEthernet0/0", "10.0.12.2/24", ""),
                    ("GigabitEthernet0/1", "10.0.23.2/24", ""),
                ],
                &format!(
                    "{abr} network 10.0.12.0 0.0.0.255 area 0\n network 10.0.23.0 0.0.0.255 area 1\n"
                ),
            ),
            ios(
                "r3",
                &[("GigabitEthernet0/1", "10.0.23.3/24", "")],
                " area 1 nssa\n redistribute static subnets\n network 0.0.0.0 255.255.255.255 area 1\n",
            ) + "ip route 192.0.2.0 255.255.255.0 Null0\n",
        ]
    };
    let configs = setup(" area 1 nssa\n");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        ospf(&refs, "r2"),
        ["192.0.2.0/24 ospfN2 via 10.0.23.3 GigabitEthernet0/1 [110/20]"]
    );
    assert_eq!(
        ospf(&refs, "r1"),
        [
            "10.0.23.0/24 ospfIA via 10.0.12.2 GigabitEthernet0/0 [110/2]",
            "192.0.2.0/24 ospfE2 via 10.0.12.2 GigabitEthernet0/0 [110/20]",
        ]
    );
    let configs = setup(" area 1 nssa default-information-originate\n");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        ospf(&refs, "r3"),
        [
            "0.0.0.0/0 ospfN2 via 10.0.23.2 GigabitEthernet0/1 [110/1]",
            "10.0.12.0/24 ospfIA via 10.0.23.2 GigabitEthernet0/1 [110/2]",
        ]
    );
}

/// Two ASBRs advertise the same prefix: with type 2 on both, r1 prefers the one it reaches more
/// cheaply (r2, cost 1, over r3, cost 10), one next hop; a type-1 advertisement beats type 2
/// whatever the cost, and shows the total cost.
#[test]
fn external_types_and_forwarding_cost() {
    let setup = |r3_type: &str| {
        [
            ios(
                "r1",
                &[
                    ("GigabitEthernet0/0", "10.0.12.1/24", ""),
                    ("Ethernet0/1", "10.0.13.1/24", ""),
                ],
                ALL_AREA0,
            ),
            ios(
                "r2",
                &[("GigabitEthernet0/0", "10.0.12.2/24", "")],
                &format!("{ALL_AREA0} redistribute static subnets\n"),
            ) + "ip route 192.0.2.0 255.255.255.0 Null0\n",
            ios(
                "r3",
                &[("Ethernet0/1", "10.0.13.3/24", "")],
                &format!("{ALL_AREA0} redistribute static subnets{r3_type}\n"),
            ) + "ip route 192.0.2.0 255.255.255.0 Null0\n",
        ]
    };
    let external = |rows: Vec<String>| -> Vec<String> {
        rows.into_iter()
            .filter(|r| r.starts_with("192.0.2.0"))
            .collect()
    };
    let configs = setup("");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        external(ospf(&refs, "r1")),
        ["192.0.2.0/24 ospfE2 via 10.0.12.2 GigabitEthernet0/0 [110/20]"]
    );
    let configs = setup(" metric-type 1");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        external(ospf(&refs, "r1")),
        ["192.0.2.0/24 ospfE1 via 10.0.13.3 Ethernet0/1 [110/30]"]
    );
}

/// IOS without `subnets` redistributes only classful networks; a default route needs
/// `default-information originate`, which needs a default route in the table unless `always`.
#[test]
fn subnets_rule_and_default_information() {
    let r1 = ios(
        "r1",
        &[("GigabitEthernet0/0", "10.0.12.1/24", "")],
        ALL_AREA0,
    );
    let r2 = |statements: &str, statics: &str| {
        ios(
            "r2",
            &[("GigabitEthernet0/0", "10.0.12.2/24", "")],
            &format!("{ALL_AREA0}{statements}"),
        ) + statics
    };
    let statics = "ip route 172.16.0.0 255.255.0.0 Null0\nip route 172.16.5.0 255.255.255.0 Null0\nip route 0.0.0.0 0.0.0.0 Null0\n";
    let got = ospf(&[&r1, &r2(" redistribute static\n", statics)], "r1");
    assert_eq!(
        got,
        ["172.16.0.0/16 ospfE2 via 10.0.12.2 GigabitEthernet0/0 [110/20]"]
    );
    let got = ospf(
        &[
            &r1,
            &r2(
                " redistribute static subnets\n default-information originate\n",
                statics,
            ),
        ],
        "r1",
    );
    assert_eq!(
        got,
        [
            "0.0.0.0/0 ospfE2 via 10.0.12.2 GigabitEthernet0/0 [110/1]",
            "172.16.0.0/16 ospfE2 via 10.0.12.2 GigabitEthernet0/0 [110/20]",
            "172.16.5.0/24 ospfE2 via 10.0.12.2 GigabitEthernet0/0 [110/20]",
        ]
    );
    // No default route to announce.
    let got = ospf(&[&r1, &r2(" default-information originate\n", "")], "r1");
    assert!(got.is_empty(), "{got:?}");
    let got = ospf(
        &[
            &r1,
            &r2(" default-information originate always metric-type 1\n", ""),
        ],
        "r1",
    );
    assert_eq!(
        got,
        ["0.0.0.0/0 ospfE1 via 10.0.12.2 GigabitEthernet0/0 [110/2]"]
    );
}

/// The direct link r1–r2 has an MTU mismatch, so the routers go around through r3.
#[test]
fn mtu_mismatch_routes_around() {
    let configs = [
        ios(
            "r1",
            &[
                ("GigabitEthernet0/1", "10.0.12.1/24", " mtu 1600\n"),
                ("GigabitEthernet0/2", "10.0.13.1/24", ""),
            ],
            ALL_AREA0,
        ),
        ios(
            "r2",
            &[
                ("GigabitEthernet0/1", "10.0.12.2/24", ""),
                ("GigabitEthernet0/2", "10.0.23.2/24", ""),
                ("Loopback0", "2.2.2.2/32", ""),
            ],
            ALL_AREA0,
        ),
        ios(
            "r3",
            &[
                ("GigabitEthernet0/1", "10.0.13.3/24", ""),
                ("GigabitEthernet0/2", "10.0.23.3/24", ""),
            ],
            ALL_AREA0,
        ),
    ];
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    let got: Vec<String> = ospf(&refs, "r1")
        .into_iter()
        .filter(|r| r.starts_with("2.2.2.2"))
        .collect();
    assert_eq!(
        got,
        ["2.2.2.2/32 ospf via 10.0.13.3 GigabitEthernet0/2 [110/3]"]
    );
}

/// `area 1 range` on the ABR: the backbone sees one summary at the least component cost, and the
/// ABR installs a discard route for it; `not-advertise` hides the components altogether.
#[test]
fn area_ranges_summarize() {
    let setup = |range: &str| {
        [
            ios(
                "r1",
                &[("GigabitEthernet0/0", "10.0.12.1/24", "")],
                ALL_AREA0,
            ),
            ios(
                "r2",
                &[
                    ("GigabitEthernet0/0", "10.0.12.2/24", ""),
                    ("GigabitEthernet0/1", "10.1.23.2/24", ""),
                ],
                &format!(
                    "{range} network 10.0.12.0 0.0.0.255 area 0\n network 10.1.23.0 0.0.0.255 area 1\n"
                ),
            ),
            ios(
                "r3",
                &[
                    ("GigabitEthernet0/1", "10.1.23.3/24", ""),
                    ("Loopback1", "10.1.1.1/32", ""),
                    ("Loopback2", "10.1.2.1/32", ""),
                ],
                " network 0.0.0.0 255.255.255.255 area 1\n",
            ),
        ]
    };
    let configs = setup(" area 1 range 10.1.0.0 255.255.0.0\n");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        ospf(&refs, "r1"),
        ["10.1.0.0/16 ospfIA via 10.0.12.2 GigabitEthernet0/0 [110/2]"]
    );
    assert!(
        ospf(&refs, "r2").contains(&"10.1.0.0/16 ospf via  null_interface [110/1]".to_owned()),
        "{:?}",
        ospf(&refs, "r2")
    );
    let configs = setup(" area 1 range 10.1.0.0 255.255.0.0 not-advertise\n");
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert!(ospf(&refs, "r1").is_empty());
}

/// `max-metric router-lsa` on r2 makes r1 reach r3 the long way; r2's own loopback (a stub) is
/// still reached through r2.
#[test]
fn max_metric_router_avoids_transit() {
    let configs = [
        ios(
            "r1",
            &[
                ("GigabitEthernet0/1", "10.0.12.1/24", ""),
                ("Ethernet0/2", "10.0.13.1/24", ""),
            ],
            ALL_AREA0,
        ),
        ios(
            "r2",
            &[
                ("GigabitEthernet0/1", "10.0.12.2/24", ""),
                ("GigabitEthernet0/2", "10.0.23.2/24", ""),
                ("Loopback0", "2.2.2.2/32", ""),
            ],
            &format!("{ALL_AREA0} max-metric router-lsa\n"),
        ),
        ios(
            "r3",
            &[
                ("Ethernet0/2", "10.0.13.3/24", ""),
                ("GigabitEthernet0/2", "10.0.23.3/24", ""),
                ("Loopback0", "3.3.3.3/32", ""),
            ],
            ALL_AREA0,
        ),
    ];
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    let got = ospf(&refs, "r1");
    assert!(
        got.contains(&"3.3.3.3/32 ospf via 10.0.13.3 Ethernet0/2 [110/11]".to_owned()),
        "{got:?}"
    );
    assert!(
        got.contains(&"2.2.2.2/32 ospf via 10.0.12.2 GigabitEthernet0/1 [110/2]".to_owned()),
        "{got:?}"
    );
}

/// A passive interface is advertised but forms no adjacency: r1 learns r2's passive LAN, and
/// nothing behind it.
#[test]
fn passive_interfaces_advertise_without_adjacency() {
    let configs = [
        ios(
            "r1",
            &[("GigabitEthernet0/0", "10.0.12.1/24", "")],
            ALL_AREA0,
        ),
        ios(
            "r2",
            &[
                ("GigabitEthernet0/0", "10.0.12.2/24", ""),
                ("GigabitEthernet0/1", "10.0.23.2/24", ""),
            ],
            &format!("{ALL_AREA0} passive-interface GigabitEthernet0/1\n"),
        ),
        ios(
            "r3",
            &[
                ("GigabitEthernet0/1", "10.0.23.3/24", ""),
                ("Loopback0", "3.3.3.3/32", ""),
            ],
            ALL_AREA0,
        ),
    ];
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        ospf(&refs, "r1"),
        ["10.0.23.0/24 ospf via 10.0.12.2 GigabitEthernet0/0 [110/2]"]
    );
}

/// A process in a VRF runs over that VRF's interfaces and fills that VRF's table only.
#[test]
fn per_vrf_processes() {
    let vrf = "ip vrf BLUE\n";
    let r1 = format!(
        "hostname r1\n{vrf}interface GigabitEthernet0/0\n ip vrf forwarding BLUE\n ip address 10.0.12.1 255.255.255.0\nrouter ospf 2 vrf BLUE\n network 0.0.0.0 255.255.255.255 area 0\n"
    );
    let r2 = format!(
        "hostname r2\n{vrf}interface GigabitEthernet0/0\n ip vrf forwarding BLUE\n ip address 10.0.12.2 255.255.255.0\ninterface Loopback0\n ip vrf forwarding BLUE\n ip address 2.2.2.2 255.255.255.255\nrouter ospf 2 vrf BLUE\n network 0.0.0.0 255.255.255.255 area 0\n"
    );
    let cp = simulate(&network(&[&r1, &r2]));
    let got: Vec<String> = rows(&cp)
        .into_iter()
        .filter(|r| r.node == "r1" && r.protocol == "ospf")
        .map(|r| format!("{} {}", r.vrf, r.prefix))
        .collect();
    assert_eq!(got, ["BLUE 2.2.2.2/32"]);
}

/// Two routers redistribute the same floating static (distance 250): whichever advertises first
/// makes the other replace its static with the OSPF route. The lower router id keeps its
/// static; the other installs the external.
#[test]
fn redistribution_race_goes_to_the_lower_router_id() {
    let asbr = |name: &str, id: &str, address: &str| {
        ios(
            name,
            &[("GigabitEthernet0/0", address, "")],
            &format!(" router-id {id}\n redistribute static subnets\n{ALL_AREA0}"),
        ) + "ip route 10.99.0.0 255.255.0.0 Null0 250\n"
    };
    let configs = [
        asbr("r1", "1.1.1.1", "10.0.12.1/24"),
        asbr("r2", "2.2.2.2", "10.0.12.2/24"),
    ];
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert!(ospf(&refs, "r1").is_empty());
    assert_eq!(
        ospf(&refs, "r2"),
        ["10.99.0.0/16 ospfE2 via 10.0.12.1 GigabitEthernet0/0 [110/20]"]
    );
}

/// `neighbors` reports every pair with its decision.
#[test]
fn neighbor_report() {
    let net = network(&[
        &ios(
            "r1",
            &[("GigabitEthernet0/0", "10.0.12.1/24", "")],
            ALL_AREA0,
        ),
        &ios(
            "r2",
            &[(
                "GigabitEthernet0/0",
                "10.0.12.2/24",
                " ip ospf dead-interval 20\n",
            )],
            ALL_AREA0,
        ),
    ]);
    let topology = crate::topology::Topology::build(&net);
    let devices: Vec<_> = topology
        .nodes
        .iter()
        .map(|n| net.devices.get(&n.name))
        .collect();
    let got = super::neighbors(&topology, &devices);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].a, ("r1".to_owned(), "GigabitEthernet0/0".to_owned()));
    assert_eq!(got[0].agreement, super::Agreement::TimerMismatch);
}

/// The lab `iosxr_ibgp_rr_over_ospf` with its OSPF written the IOS-XR way: interfaces listed
/// inside the process with cost, network type and passive (filled in by hand here, as the XR
/// lowering is expected to, with process- and area-level settings inherited down to each
/// interface). Expected: the ten OSPF rows the three routers showed.
#[test]
fn iosxr_process_interfaces_reproduce_the_lab() {
    use routeproof_parser::ir::interface::OspfNetworkType;
    use routeproof_parser::ir::routing::OspfProcessInterface;

    let router = |name: &str, rid: &str, be23: &str, be45: &str, lo: &str| {
        format!(
            "!! IOS XR\nhostname {name}\ninterface Bundle-Ether23\n ipv4 address {be23} 255.255.255.252\ninterface Bundle-Ether45\n ipv4 address {be45} 255.255.255.252\ninterface Loopback0\n ipv4 address {lo} 255.255.255.255\nrouter ospf 65200\n router-id {rid}\n auto-cost reference-bandwidth 4000000\n"
        )
    };
    let mut net = network(&[
        &router(
            "RR",
            "10.169.6.152",
            "10.188.248.18",
            "10.188.248.26",
            "10.169.6.152",
        ),
        &router(
            "border01",
            "10.188.62.3",
            "10.188.248.17",
            "10.188.248.21",
            "10.188.62.3",
        ),
        &router(
            "border02",
            "10.188.62.4",
            "10.188.248.25",
            "10.188.248.22",
            "10.188.62.4",
        ),
    ]);
    let listed = |name: &str, cost: Option<u32>, passive: bool| OspfProcessInterface {
        name: name.to_owned(),
        area: 0,
        cost,
        passive,
        network_type: Some(OspfNetworkType::PointToPoint),
        span: routeproof_parser::Span::default(),
    };
    for device in net.devices.values_mut() {
        // RR: BE23 towards border01, BE45 towards border02; the borders: BE23 towards RR,
        // BE45 between them.
        device.ospf[0].interfaces = vec![
            listed("Bundle-Ether23", Some(35000), false),
            listed("Bundle-Ether45", Some(2), false),
            listed("Loopback0", None, device.name != "RR"),
        ];
    }
    let cp = simulate(&net);
    let got: Vec<String> = rows(&cp)
        .into_iter()
        .filter(|r| r.protocol == "ospf")
        .map(|r| format!("{} {} via {} {}", r.node, r.prefix, r.next_hop_ip, r.metric))
        .collect();
    assert_eq!(
        got,
        [
            "RR 10.188.62.3/32 via 10.188.248.25 5",
            "RR 10.188.62.4/32 via 10.188.248.25 3",
            "RR 10.188.248.20/30 via 10.188.248.25 4",
            "border01 10.169.6.152/32 via 10.188.248.18 35001",
            "border01 10.188.62.4/32 via 10.188.248.22 3",
            "border01 10.188.248.24/30 via 10.188.248.18 35002",
            "border01 10.188.248.24/30 via 10.188.248.22 35002",
            "border02 10.169.6.152/32 via 10.188.248.26 35001",
            "border02 10.188.62.3/32 via 10.188.248.21 3",
            "border02 10.188.248.16/30 via 10.188.248.21 35002",
        ]
    );
}

/// The lab `eos_ospf_bgp`, with the BGP aggregate 10.203.0.0/16 that both EOS routers hold
/// (distance 200) put into their tables by hand, and the fixpoint run on connected, static,
/// OSPF and that aggregate. The devices showed: np01 (router id 1.1.1.1) keeps its aggregate
/// and advertises it; dlh15 takes it as E2 with metric 1 (EOS's BGP default) through np01
/// only; np02 (2.2.2.2) replaces its aggregate with the E2 route through dlh15.
#[test]
fn eos_aggregate_redistribution_race() {
    use std::collections::BTreeMap;

    use crate::control_plane::{Input, Ribs, connected, ospf, static_route};
    use crate::rib::{NextHop, Protocol, Rib, Route};
    use crate::topology::{NodeId, Topology};

    let eos = |name: &str, rid: &str, lan: &str| {
        format!(
            "! device: {name} (vEOS, EOS-4.23.0.1F)\nhostname {name}\ninterface Ethernet2\n   no switchport\n   ip address {lan}/30\n   ip ospf network point-to-point\nip route 10.203.0.0/24 Null0\nip routing\nip prefix-list AGG seq 10 permit 10.203.0.0/16\nroute-map BGP-TO-OSPF permit 10\n   match ip address prefix-list AGG\nrouter ospf 10\n   router-id {rid}\n   passive-interface default\n   no passive-interface Ethernet2\n   redistribute bgp route-map BGP-TO-OSPF\n   network {lan}/30 area 0.0.0.0\n"
        )
    };
    let dlh15 = "hostname dlh15\ninterface GigabitEthernet0/2\n ip address 192.168.1.2 255.255.255.252\n ip ospf network point-to-point\ninterface GigabitEthernet0/3\n ip address 192.168.2.2 255.255.255.252\n ip ospf network point-to-point\nrouter ospf 10\n router-id 10.15.15.15\n network 192.168.1.0 0.0.0.3 area 0\n network 192.168.2.0 0.0.0.3 area 0\n";
    let net = network(&[
        dlh15,
        &eos("np01", "1.1.1.1", "192.168.1.1"),
        &eos("np02", "2.2.2.2", "192.168.2.1"),
    ]);
    let topology = Topology::build(&net);
    let devices: Vec<_> = topology
        .nodes
        .iter()
        .map(|n| net.devices.get(&n.name))
        .collect();
    let aggregate = Route {
        prefix: "10.203.0.0/16".parse().unwrap(),
        protocol: Protocol::Aggregate,
        admin: 200,
        metric: 0,
        next_hop: NextHop::Discard,
        tag: None,
        provenance: Default::default(),
    };
    let mut ribs = Ribs::new();
    for _ in 0..10 {
        let input = Input {
            network: &net,
            topology: &topology,
            devices: &devices,
            ribs: &ribs,
        };
        let mut candidates: BTreeMap<(NodeId, String), Vec<Route>> = BTreeMap::new();
        for (i, node) in topology.nodes.iter().enumerate() {
            let id = NodeId(i as u32);
            let table = candidates.entry((id, "default".into())).or_default();
            table.extend(
                connected::routes(node, devices[i])
                    .into_iter()
                    .map(|(_, r)| r),
            );
            let device = devices[i].unwrap();
            let statics = static_route::routes(device, node, |vrf| input.rib(id, vrf));
            table.extend(statics.into_iter().map(|(_, r)| r));
            if node.name.starts_with("np") {
                table.push(aggregate.clone());
            }
        }
        for (node, vrf, route) in ospf::compute(&input).routes {
            candidates.entry((node, vrf)).or_default().push(route);
        }
        let next: Ribs = candidates
            .into_iter()
            .map(|(k, routes)| (k, Rib::from_candidates(routes)))
            .collect();
        if next == ribs {
            break;
        }
        ribs = next;
    }
    let row = |name: &str| -> Vec<String> {
        let id = topology.node_id(name).unwrap();
        ribs[&(id, "default".to_owned())]
            .get(&"10.203.0.0/16".parse().unwrap())
            .iter()
            .map(|r| {
                format!(
                    "{} {:?} {}",
                    r.protocol.name(),
                    r.next_hop.address(),
                    r.metric
                )
            })
            .collect()
    };
    assert_eq!(row("np01"), ["aggregate None 0"]);
    assert_eq!(row("dlh15"), ["ospfE2 Some(192.168.1.1) 1"]);
    assert_eq!(row("np02"), ["ospfE2 Some(192.168.2.2) 1"]);
}

/// At an NSSA border router that sees the same prefix as a type-5 E2 from the backbone and as a
/// type-7 N1 from inside the NSSA, type 1 wins whatever the costs (RFC 3101 §2.5).
#[test]
fn nssa_border_router_prefers_type1_over_type2() {
    let static_route = "ip route 192.0.2.0 255.255.255.0 Null0\n";
    let configs = [
        ios(
            "r1",
            &[("GigabitEthernet0/0", "10.0.12.1/24", "")],
            &format!("{ALL_AREA0} redistribute static subnets\n"),
        ) + static_route,
        ios(
            "r2",
            &[
                ("GigabitEthernet0/0", "10.0.12.2/24", ""),
                ("GigabitEthernet0/1", "10.0.23.2/24", ""),
            ],
            " area 1 nssa\n network 10.0.12.0 0.0.0.255 area 0\n network 10.0.23.0 0.0.0.255 area 1\n",
        ),
        ios(
            "r3",
            &[("GigabitEthernet0/1", "10.0.23.3/24", "")],
            " area 1 nssa\n redistribute static subnets metric 500 metric-type 1\n network 0.0.0.0 255.255.255.255 area 1\n",
        ) + static_route,
    ];
    let refs: Vec<&str> = configs.iter().map(String::as_str).collect();
    assert_eq!(
        ospf(&refs, "r2"),
        ["192.0.2.0/24 ospfN1 via 10.0.23.3 GigabitEthernet0/1 [110/501]"]
    );
}
