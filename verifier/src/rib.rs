//! Routes and routing tables.
//!
//! A [`Route`] is one installed next hop of one prefix (ECMP routes are several `Route`s, as in
//! Batfish's tables and `show ip route`). A [`Rib`] is a device's main routing table in one VRF:
//! for each prefix, the routes of the protocol that won on administrative distance.
//!
//! Large networks hold millions of routes, so a route is kept small and cheap to clone: interface
//! names are shared strings ([`Arc<str>`]) and the configuration lines behind a route are one
//! shared list ([`Provenance`]) for every route of the same origin.

use std::net::IpAddr;
use std::ops::Deref;
use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::Span;
use serde::Serialize;

/// Where a route came from, named as Batfish names protocols (so tables compare directly).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Protocol {
    /// The subnet of an interface.
    Connected,
    /// The interface's own address (/32 or /128).
    Local,
    /// A static route.
    Static,
    /// OSPF intra-area.
    Ospf,
    /// OSPF inter-area.
    OspfInterArea,
    /// OSPF external type 1.
    OspfE1,
    /// OSPF external type 2.
    OspfE2,
    /// OSPF NSSA external type 1.
    OspfN1,
    /// OSPF NSSA external type 2.
    OspfN2,
    /// IS-IS level 1.
    IsisL1,
    /// IS-IS level 2.
    IsisL2,
    /// IS-IS external level 1.
    IsisEl1,
    /// IS-IS external level 2.
    IsisEl2,
    /// EIGRP internal.
    Eigrp,
    /// EIGRP external (redistributed into EIGRP somewhere).
    EigrpEx,
    /// eBGP.
    Bgp,
    /// iBGP.
    Ibgp,
    /// A BGP aggregate (the local discard route).
    Aggregate,
}

impl Protocol {
    /// The name used in tables (Batfish's).
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Connected => "connected",
            Protocol::Local => "local",
            Protocol::Static => "static",
            Protocol::Ospf => "ospf",
            Protocol::OspfInterArea => "ospfIA",
            Protocol::OspfE1 => "ospfE1",
            Protocol::OspfE2 => "ospfE2",
            Protocol::OspfN1 => "ospfN1",
            Protocol::OspfN2 => "ospfN2",
            Protocol::IsisL1 => "isisL1",
            Protocol::IsisL2 => "isisL2",
            Protocol::IsisEl1 => "isisEL1",
            Protocol::IsisEl2 => "isisEL2",
            Protocol::Eigrp => "eigrp",
            Protocol::EigrpEx => "eigrpEX",
            Protocol::Bgp => "bgp",
            Protocol::Ibgp => "ibgp",
            Protocol::Aggregate => "aggregate",
        }
    }

    /// True for BGP-learned routes.
    pub fn is_bgp(self) -> bool {
        matches!(self, Protocol::Bgp | Protocol::Ibgp)
    }

    /// True for OSPF routes.
    pub fn is_ospf(self) -> bool {
        matches!(
            self,
            Protocol::Ospf
                | Protocol::OspfInterArea
                | Protocol::OspfE1
                | Protocol::OspfE2
                | Protocol::OspfN1
                | Protocol::OspfN2
        )
    }

    /// True for EIGRP routes.
    pub fn is_eigrp(self) -> bool {
        matches!(self, Protocol::Eigrp | Protocol::EigrpEx)
    }

    /// True for IS-IS routes.
    pub fn is_isis(self) -> bool {
        matches!(
            self,
            Protocol::IsisL1 | Protocol::IsisL2 | Protocol::IsisEl1 | Protocol::IsisEl2
        )
    }
}

/// Where packets matching a route go. Interface names are shared: cloning a next hop never
/// copies the name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum NextHop {
    /// Out of an interface to the destination itself (connected subnets).
    Interface(Arc<str>),
    /// To a gateway address; the interface is known for IGP routes and resolved later for
    /// recursive ones (statics via an address, BGP).
    Address {
        /// Gateway.
        address: IpAddr,
        /// Outgoing interface, when known.
        interface: Option<Arc<str>>,
    },
    /// Dropped (Null0, discard, aggregate).
    Discard,
    /// Accepted by this device (the local route of its own address).
    Receive(Arc<str>),
}

impl NextHop {
    /// The gateway address, if any.
    pub fn address(&self) -> Option<IpAddr> {
        match self {
            NextHop::Address { address, .. } => Some(*address),
            _ => None,
        }
    }

    /// The outgoing interface, if known.
    pub fn interface(&self) -> Option<&str> {
        match self {
            NextHop::Interface(i) | NextHop::Receive(i) => Some(i),
            NextHop::Address { interface, .. } => interface.as_deref(),
            NextHop::Discard => None,
        }
    }
}

/// The configuration lines a route rests on. Routes of one origin share one list (cloning is a
/// reference count), and the empty list allocates nothing.
///
/// It reads as a slice of spans and compares, orders and hashes as one.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Provenance(
    /// `None` for the empty list, never an empty `Some` (so the derived comparisons agree with
    /// comparing the slices).
    Option<Arc<[Span]>>,
);

impl Provenance {
    /// No lines.
    pub fn empty() -> Provenance {
        Provenance(None)
    }
}

impl Deref for Provenance {
    type Target = [Span];

    fn deref(&self) -> &[Span] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl From<Vec<Span>> for Provenance {
    fn from(spans: Vec<Span>) -> Provenance {
        if spans.is_empty() {
            Provenance(None)
        } else {
            Provenance(Some(spans.into()))
        }
    }
}

impl From<&[Span]> for Provenance {
    fn from(spans: &[Span]) -> Provenance {
        if spans.is_empty() {
            Provenance(None)
        } else {
            Provenance(Some(spans.into()))
        }
    }
}

impl<const N: usize> From<[Span; N]> for Provenance {
    fn from(spans: [Span; N]) -> Provenance {
        Provenance::from(&spans[..])
    }
}

/// One installed next hop of a prefix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Route {
    /// Destination.
    pub prefix: IpNet,
    /// Source protocol.
    pub protocol: Protocol,
    /// Administrative distance.
    pub admin: u8,
    /// Metric (cost for IGPs, MED for BGP).
    pub metric: u32,
    /// Next hop.
    pub next_hop: NextHop,
    /// Route tag.
    pub tag: Option<u32>,
    /// Configuration lines this route rests on (its origin and the settings that shaped it).
    #[serde(skip)]
    pub provenance: Provenance,
}

/// The order of [`IpNet`] (version, then address, then length), with addresses compared as
/// integers: the derived comparison goes through byte arrays, and building the tables of a large
/// network spends much of its sorting time comparing prefixes.
pub fn cmp_prefix(a: &IpNet, b: &IpNet) -> std::cmp::Ordering {
    fn key(p: &IpNet) -> (u8, u128, u8) {
        match p {
            IpNet::V4(n) => (4, u128::from(n.addr().to_bits()), n.prefix_len()),
            IpNet::V6(n) => (6, n.addr().to_bits(), n.prefix_len()),
        }
    }
    key(a).cmp(&key(b))
}

/// A device's main routing table in one VRF.
///
/// Every route in one vector sorted by prefix, so a prefix's routes are a contiguous run: one
/// allocation per table however many routes it holds (BGP tables reach tens of thousands of
/// prefixes on thousands of devices).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rib {
    routes: Vec<Route>,
}

impl Rib {
    /// An empty table.
    pub fn new() -> Rib {
        Rib::default()
    }

    /// Builds a table from candidate routes: per prefix, the lowest administrative distance
    /// wins; on equal distance, the protocol that sorts first (a deterministic choice the
    /// vendors make by fixed preference too); all next hops of the winner are kept.
    pub fn from_candidates(candidates: impl IntoIterator<Item = Route>) -> Rib {
        let mut routes: Vec<Route> = candidates.into_iter().collect();
        // A stable sort: protocols hand their routes over mostly in prefix order, and the
        // stable sort merges such runs in near-linear time. Routes equal under this order are
        // equal in every field, so stability does not change the result.
        routes.sort_by(|a, b| {
            cmp_prefix(&a.prefix, &b.prefix)
                .then(a.admin.cmp(&b.admin))
                .then(a.protocol.cmp(&b.protocol))
                .then_with(|| a.cmp(b))
        });
        // One pass compacting in place: the winners of each prefix move to the front.
        let mut kept = 0;
        let mut start = 0;
        while start < routes.len() {
            let first = &routes[start];
            let (prefix, best) = (first.prefix, (first.admin, first.protocol));
            // The winning protocol's routes come first in the prefix's run, lowest metric
            // first (the full order compares the metric next): only the best metric is
            // installed, once per next hop and tag.
            let metric = first.metric;
            let mut end = start;
            while end < routes.len() && routes[end].prefix == prefix {
                let route = &routes[end];
                let winner = (route.admin, route.protocol) == best && route.metric == metric;
                let duplicate = kept > 0 && {
                    let last = &routes[kept - 1];
                    last.prefix == prefix
                        && last.next_hop == route.next_hop
                        && last.metric == route.metric
                        && last.tag == route.tag
                };
                if winner && !duplicate {
                    routes.swap(kept, end);
                    kept += 1;
                }
                end += 1;
            }
            start = end;
        }
        routes.truncate(kept);
        routes.shrink_to_fit();
        Rib { routes }
    }

    /// The routes of exactly `prefix`.
    pub fn get(&self, prefix: &IpNet) -> &[Route] {
        let start = self
            .routes
            .partition_point(|r| cmp_prefix(&r.prefix, prefix).is_lt());
        let rest = &self.routes[start..];
        &rest[..rest.partition_point(|r| r.prefix == *prefix)]
    }

    /// Every prefix with its routes, in prefix order.
    pub fn iter(&self) -> impl Iterator<Item = (&IpNet, &[Route])> {
        self.routes
            .chunk_by(|a, b| a.prefix == b.prefix)
            .map(|routes| (&routes[0].prefix, routes))
    }

    /// Every route, in prefix order.
    pub fn routes(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    /// Number of prefixes.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Longest-prefix match for `address`, optionally skipping routes of some protocols
    /// (`skip` returns true for routes that must not be used, e.g. during next-hop resolution).
    pub fn lookup(
        &self,
        address: IpAddr,
        skip: impl Fn(&Route) -> bool,
    ) -> Option<(&IpNet, &[Route])> {
        let max = if address.is_ipv4() { 32 } else { 128 };
        for len in (0..=max).rev() {
            let Ok(prefix) = IpNet::new(address, len) else {
                continue;
            };
            let routes = self.get(&prefix.trunc());
            if routes.iter().any(|r| !skip(r)) {
                return Some((&routes[0].prefix, routes));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // `cmp_prefix` is `IpNet`'s own order (tables are sorted with one and searched with the
        // other).
        #[test]
        fn cmp_prefix_is_the_order_of_ipnet(
            a in proptest::prelude::any::<(bool, u128, u8)>(),
            b in proptest::prelude::any::<(bool, u128, u8)>(),
        ) {
            let net = |(v6, bits, len): (bool, u128, u8)| -> IpNet {
                if v6 {
                    IpNet::V6(ipnet::Ipv6Net::new(bits.into(), len % 129).unwrap())
                } else {
                    IpNet::V4(ipnet::Ipv4Net::new((bits as u32).into(), len % 33).unwrap())
                }
            };
            // Nearby values too, so that equal addresses and lengths occur.
            let (a, b) = (net(a), net((b.0, if b.1 % 3 == 0 { a.1 } else { b.1 }, b.2)));
            proptest::prop_assert_eq!(cmp_prefix(&a, &b), a.cmp(&b));
            proptest::prop_assert_eq!(cmp_prefix(&a, &a), std::cmp::Ordering::Equal);
        }
    }

    fn route(prefix: &str, protocol: Protocol, admin: u8, metric: u32, nh: &str) -> Route {
        Route {
            prefix: prefix.parse().unwrap(),
            protocol,
            admin,
            metric,
            next_hop: NextHop::Address {
                address: nh.parse().unwrap(),
                interface: None,
            },
            tag: None,
            provenance: Provenance::empty(),
        }
    }

    #[test]
    fn lowest_admin_wins_and_ecmp_is_kept() {
        let rib = Rib::from_candidates([
            route("10.0.0.0/8", Protocol::Ospf, 110, 2, "1.1.1.1"),
            route("10.0.0.0/8", Protocol::Ospf, 110, 2, "1.1.1.2"),
            route("10.0.0.0/8", Protocol::Ibgp, 200, 0, "2.2.2.2"),
            route("10.0.0.0/8", Protocol::Ospf, 110, 5, "1.1.1.3"),
        ]);
        let got = rib.get(&"10.0.0.0/8".parse().unwrap());
        assert_eq!(got.len(), 2);
        assert!(
            got.iter()
                .all(|r| r.protocol == Protocol::Ospf && r.metric == 2)
        );
    }

    #[test]
    fn lookup_is_longest_prefix_match() {
        let rib = Rib::from_candidates([
            route("0.0.0.0/0", Protocol::Static, 1, 0, "9.9.9.9"),
            route("10.1.0.0/16", Protocol::Static, 1, 0, "1.1.1.1"),
            route("10.0.0.0/8", Protocol::Static, 1, 0, "2.2.2.2"),
        ]);
        let (p, _) = rib.lookup("10.1.2.3".parse().unwrap(), |_| false).unwrap();
        assert_eq!(p.to_string(), "10.1.0.0/16");
        let (p, _) = rib.lookup("10.2.2.3".parse().unwrap(), |_| false).unwrap();
        assert_eq!(p.to_string(), "10.0.0.0/8");
        let (p, _) = rib.lookup("11.2.2.3".parse().unwrap(), |_| false).unwrap();
        assert_eq!(p.to_string(), "0.0.0.0/0");
        let none = rib.lookup("10.1.2.3".parse().unwrap(), |_| true);
        assert!(none.is_none());
    }
}
