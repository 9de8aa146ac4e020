//! Routes and routing tables.
//!
//! A [`Route`] is one installed next hop of one prefix (ECMP routes are several `Route`s, as in
//! Batfish's tables and `show ip route`). A [`Rib`] is a device's main routing table in one VRF:
//! for each prefix, the routes of the protocol that won on administrative distance.

use std::collections::BTreeMap;
use std::net::IpAddr;

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

    /// True for IS-IS routes.
    pub fn is_isis(self) -> bool {
        matches!(
            self,
            Protocol::IsisL1 | Protocol::IsisL2 | Protocol::IsisEl1 | Protocol::IsisEl2
        )
    }
}

/// Where packets matching a route go.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum NextHop {
    /// Out of an interface to the destination itself (connected subnets).
    Interface(String),
    /// To a gateway address; the interface is known for IGP routes and resolved later for
    /// recursive ones (statics via an address, BGP).
    Address {
        /// Gateway.
        address: IpAddr,
        /// Outgoing interface, when known.
        interface: Option<String>,
    },
    /// Dropped (Null0, discard, aggregate).
    Discard,
    /// Accepted by this device (the local route of its own address).
    Receive(String),
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
    pub provenance: Vec<Span>,
}

/// A device's main routing table in one VRF.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rib {
    routes: BTreeMap<IpNet, Vec<Route>>,
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
        // One sort and one pass (large BGP tables make per-prefix allocation the cost).
        let mut all: Vec<Route> = candidates.into_iter().collect();
        all.sort_unstable_by(|a, b| {
            (a.prefix, a.admin, a.protocol)
                .cmp(&(b.prefix, b.admin, b.protocol))
                .then_with(|| a.cmp(b))
        });
        let mut routes: Vec<(IpNet, Vec<Route>)> = Vec::new();
        let mut iter = all.into_iter().peekable();
        while let Some(first) = iter.next() {
            let prefix = first.prefix;
            let best = (first.admin, first.protocol);
            let mut winners = vec![first];
            while let Some(next) = iter.next_if(|r| r.prefix == prefix) {
                if (next.admin, next.protocol) == best {
                    winners.push(next);
                }
            }
            winners.dedup_by(|a, b| {
                a.next_hop == b.next_hop && a.metric == b.metric && a.tag == b.tag
            });
            // Within a protocol, only the best metric is installed.
            if let Some(min_metric) = winners.iter().map(|r| r.metric).min() {
                winners.retain(|r| r.metric == min_metric);
            }
            routes.push((prefix, winners));
        }
        Rib {
            routes: routes.into_iter().collect(),
        }
    }

    /// The routes of exactly `prefix`.
    pub fn get(&self, prefix: &IpNet) -> &[Route] {
        self.routes.get(prefix).map_or(&[], Vec::as_slice)
    }

    /// Every prefix with its routes, in prefix order.
    pub fn iter(&self) -> impl Iterator<Item = (&IpNet, &Vec<Route>)> {
        self.routes.iter()
    }

    /// Every route, in prefix order.
    pub fn routes(&self) -> impl Iterator<Item = &Route> {
        self.routes.values().flatten()
    }

    /// Number of prefixes.
    pub fn len(&self) -> usize {
        self.routes.len()
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
            let prefix = prefix.trunc();
            if let Some(routes) = self.routes.get(&prefix)
                && routes.iter().any(|r| !skip(r))
            {
                return Some((self.routes.get_key_value(&prefix).map(|(k, _)| k)?, routes));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            provenance: Vec::new(),
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
