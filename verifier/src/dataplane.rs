//! The data plane: forwarding tables (FIBs) built from the main tables.
//!
//! Each main-table route is resolved to what the hardware does with a packet: forward out of an
//! interface (to a gateway, or to the destination itself on a connected subnet), drop (null
//! route), or receive (the device's own address). Recursive next hops (statics via an address,
//! BGP) are resolved through the same table, as vendors do, with a depth bound so a recursion
//! loop becomes "unresolvable" instead of a hang.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::sync::Arc;

use ipnet::IpNet;

use crate::control_plane::ControlPlane;
use crate::reach::classes::Atom;
use crate::rib::{NextHop, Rib, Route};
use crate::topology::NodeId;

/// What a device does with a packet that matches a FIB entry (one ECMP branch).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FibAction {
    /// Send out of `interface`; ARP for `gateway`, or for the destination itself when `None`.
    Forward {
        /// Outgoing interface (shared with the routes).
        interface: Arc<str>,
        /// Gateway, when the route has one.
        gateway: Option<IpAddr>,
    },
    /// Drop silently (null route, discard, aggregate).
    Discard,
    /// Accept: the destination is this device.
    Receive,
    /// The next hop could not be resolved (the packet is dropped).
    Unresolved,
}

/// One FIB entry: the ECMP actions of a prefix. The main-table routes they come from stay in
/// the RIB ([`crate::control_plane::ControlPlane::ribs`]); the FIB keeps no copy of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FibEntry {
    /// Actions, one per ECMP branch, sorted and unique. Equal action lists of one table share
    /// one allocation: the thousands of BGP prefixes behind one next hop forward alike.
    pub actions: Arc<[FibAction]>,
}

/// A device's forwarding table in one VRF.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fib {
    /// Sorted by prefix (one allocation for the table, binary search to look up).
    entries: Vec<(IpNet, FibEntry)>,
    /// The prefix lengths present, longest first, per family: a lookup probes only these
    /// (a handful in real tables) instead of all 33 or 129.
    v4_lengths: Vec<u8>,
    v6_lengths: Vec<u8>,
    /// The IPv4 entries' prefixes as integers (network << 8 | length), in `entries` order
    /// (IPv4 entries come first): a lookup probes integers, not `IpNet`s.
    v4_keys: Vec<u64>,
}

/// The integer key of an IPv4 prefix in [`Fib::v4_keys`].
fn v4_key(network: u32, len: u8) -> u64 {
    (u64::from(network) << 8) | u64::from(len)
}

/// Recursion depth for next-hop resolution; real chains are 2 or 3 deep.
const MAX_RECURSION: usize = 8;

impl Fib {
    /// Resolves every route of `rib`.
    pub fn build(rib: &Rib) -> Fib {
        // Recursive next hops resolved once per gateway address (every BGP route through one
        // peer shares it), for the routes whose own prefix the resolution does not touch.
        let mut gateways: BTreeMap<IpAddr, GatewayResolution> = BTreeMap::new();
        let mut interned: BTreeSet<Arc<[FibAction]>> = BTreeSet::new();
        let mut entries = Vec::with_capacity(rib.len());
        let mut intern = |actions: BTreeSet<FibAction>| -> Arc<[FibAction]> {
            let actions: Vec<FibAction> = actions.into_iter().collect();
            match interned.get(actions.as_slice()) {
                Some(shared) => shared.clone(),
                None => {
                    let shared: Arc<[FibAction]> = actions.into();
                    interned.insert(shared.clone());
                    shared
                }
            }
        };
        for (prefix, routes) in rib.iter() {
            // The common case of a large table: one route through a shared gateway (a BGP
            // prefix), whose actions are the gateway's, already interned.
            if let [route] = routes
                && let NextHop::Address {
                    address,
                    interface: None,
                } = route.next_hop
                && let Some(shared) = gateways.get_mut(&address)
                && !shared.touched.contains(&route.prefix)
            {
                let actions = shared
                    .interned
                    .get_or_insert_with(|| intern(shared.actions.clone()))
                    .clone();
                entries.push((*prefix, FibEntry { actions }));
                continue;
            }
            let mut actions = BTreeSet::new();
            for route in routes {
                if let NextHop::Address {
                    address,
                    interface: None,
                } = route.next_hop
                {
                    let shared = gateways.entry(address).or_insert_with(|| {
                        let mut resolution = GatewayResolution::default();
                        resolve_gateway(
                            rib,
                            address,
                            None,
                            0,
                            &mut BTreeSet::new(),
                            &mut resolution.actions,
                            &mut resolution.touched,
                        );
                        resolution
                    });
                    if !shared.touched.contains(&route.prefix) {
                        actions.extend(shared.actions.iter().cloned());
                        continue;
                    }
                }
                resolve(
                    rib,
                    route,
                    0,
                    &mut BTreeSet::new(),
                    &mut actions,
                    &mut Vec::new(),
                );
            }
            entries.push((
                *prefix,
                FibEntry {
                    actions: intern(actions),
                },
            ));
        }
        let lengths = |v4: bool| -> Vec<u8> {
            let set: BTreeSet<u8> = entries
                .iter()
                .filter(|(p, _)| p.addr().is_ipv4() == v4)
                .map(|(p, _)| p.prefix_len())
                .collect();
            set.into_iter().rev().collect()
        };
        let (v4_lengths, v6_lengths) = (lengths(true), lengths(false));
        let v4_keys = entries
            .iter()
            .map_while(|(p, _)| match p {
                IpNet::V4(p) => Some(v4_key(u32::from(p.network()), p.prefix_len())),
                IpNet::V6(_) => None,
            })
            .collect();
        Fib {
            entries,
            v4_lengths,
            v6_lengths,
            v4_keys,
        }
    }

    fn get(&self, prefix: &IpNet) -> Option<&(IpNet, FibEntry)> {
        self.entries
            .binary_search_by(|(p, _)| p.cmp(prefix))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// Longest-prefix match.
    pub fn lookup(&self, address: IpAddr) -> Option<(&IpNet, &FibEntry)> {
        if let IpAddr::V4(v4) = address {
            let address = u32::from(v4);
            for &len in &self.v4_lengths {
                let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
                if let Ok(i) = self.v4_keys.binary_search(&v4_key(address & mask, len)) {
                    let (prefix, entry) = &self.entries[i];
                    return Some((prefix, entry));
                }
            }
            return None;
        }
        for &len in &self.v6_lengths {
            let Ok(prefix) = IpNet::new(address, len) else {
                continue;
            };
            if let Some((prefix, entry)) = self.get(&prefix.trunc()) {
                return Some((prefix, entry));
            }
        }
        None
    }

    /// The longest-match entry of every atom's addresses, in one sweep over the sorted atoms
    /// (which must be cut at least at this table's prefix boundaries, as
    /// [`crate::reach::classes::atoms`] does when given them).
    pub fn entries_for_atoms(&self, atoms: &[Atom]) -> Vec<Option<&FibEntry>> {
        let key = |a: IpAddr| -> (u8, u128) {
            match a {
                IpAddr::V4(v) => (4, u128::from(u32::from(v))),
                IpAddr::V6(v) => (6, u128::from(v)),
            }
        };
        let mut out = Vec::with_capacity(atoms.len());
        let mut stack: Vec<((u8, u128), &FibEntry)> = Vec::new();
        let mut pending = self.iter().peekable();
        for atom in atoms {
            let x = key(atom.first);
            while let Some((prefix, entry)) = pending.next_if(|(p, _)| key(p.network()) <= x) {
                let (start, end) = (key(prefix.network()), key(prefix.broadcast()));
                while stack.last().is_some_and(|(top_end, _)| *top_end < start) {
                    stack.pop();
                }
                stack.push((end, entry));
            }
            while stack.last().is_some_and(|(top_end, _)| *top_end < x) {
                stack.pop();
            }
            out.push(stack.last().map(|(_, e)| *e));
        }
        out
    }

    /// Every entry in prefix order.
    pub fn iter(&self) -> impl Iterator<Item = (&IpNet, &FibEntry)> {
        self.entries.iter().map(|(prefix, entry)| (prefix, entry))
    }

    /// Every prefix in the table.
    pub fn prefixes(&self) -> impl Iterator<Item = &IpNet> {
        self.entries.iter().map(|(prefix, _)| prefix)
    }
}

/// How a gateway address resolves for a route whose own prefix is not among `touched`: such a
/// route neither hides a prefix the resolution uses nor appears on its chain, so it resolves
/// exactly as the address does on its own.
#[derive(Default)]
struct GatewayResolution {
    actions: BTreeSet<FibAction>,
    /// `actions`, interned, once a single-route prefix has used them.
    interned: Option<Arc<[FibAction]>>,
    /// Every prefix the resolution matched, at any depth.
    touched: Vec<IpNet>,
}

/// Resolves `route` into `out`; `touched` collects the prefixes matched on the way.
fn resolve(
    rib: &Rib,
    route: &Route,
    depth: usize,
    seen: &mut BTreeSet<IpNet>,
    out: &mut BTreeSet<FibAction>,
    touched: &mut Vec<IpNet>,
) {
    match &route.next_hop {
        NextHop::Interface(i) => {
            out.insert(FibAction::Forward {
                interface: i.clone(),
                gateway: None,
            });
        }
        NextHop::Receive(_) => {
            out.insert(FibAction::Receive);
        }
        NextHop::Discard => {
            out.insert(FibAction::Discard);
        }
        NextHop::Address {
            address,
            interface: Some(i),
        } => {
            out.insert(FibAction::Forward {
                interface: i.clone(),
                gateway: Some(*address),
            });
        }
        NextHop::Address {
            address,
            interface: None,
        } => {
            if depth >= MAX_RECURSION || !seen.insert(route.prefix) {
                out.insert(FibAction::Unresolved);
                return;
            }
            resolve_gateway(
                rib,
                *address,
                Some(&route.prefix),
                depth,
                seen,
                out,
                touched,
            );
            seen.remove(&route.prefix);
        }
    }
}

/// Resolves the gateway `address` of a route at `depth` (whose prefix is `own`, if any) into
/// `out`; `touched` collects the prefixes matched on the way.
fn resolve_gateway(
    rib: &Rib,
    address: IpAddr,
    own: Option<&IpNet>,
    depth: usize,
    seen: &mut BTreeSet<IpNet>,
    out: &mut BTreeSet<FibAction>,
    touched: &mut Vec<IpNet>,
) {
    // The route used to reach the next hop may not be the route itself.
    let found = rib.lookup(address, |r| Some(&r.prefix) == own);
    let Some((matched, via)) = found else {
        out.insert(FibAction::Unresolved);
        return;
    };
    touched.push(*matched);
    for next in via.iter().filter(|r| Some(&r.prefix) != own) {
        match &next.next_hop {
            // The gateway is on a connected subnet: ARP for it there.
            NextHop::Interface(i) => {
                out.insert(FibAction::Forward {
                    interface: i.clone(),
                    gateway: Some(address),
                });
            }
            // A gateway that is our own address: the route points at ourselves.
            NextHop::Receive(_) => {
                out.insert(FibAction::Receive);
            }
            _ => resolve(rib, next, depth + 1, seen, out, touched),
        }
    }
}

/// Every node's FIB per VRF.
pub struct DataPlane {
    /// FIBs per node (indexed by [`NodeId`]), by VRF: a lookup in the forwarding loop
    /// allocates nothing.
    by_node: Vec<BTreeMap<String, Fib>>,
}

impl DataPlane {
    /// Builds every FIB of a computed control plane.
    pub fn build(control_plane: &ControlPlane) -> DataPlane {
        let mut by_node: Vec<BTreeMap<String, Fib>> = Vec::new();
        for ((node, vrf), rib) in &control_plane.ribs {
            if by_node.len() <= node.index() {
                by_node.resize_with(node.index() + 1, BTreeMap::new);
            }
            by_node[node.index()].insert(vrf.clone(), Fib::build(rib));
        }
        DataPlane { by_node }
    }

    /// The FIB of `node` in `vrf`.
    pub fn fib(&self, node: NodeId, vrf: &str) -> Option<&Fib> {
        self.by_node.get(node.index())?.get(vrf)
    }

    /// Every FIB with its node and VRF, in (node, vrf) order.
    pub fn fibs(&self) -> impl Iterator<Item = (NodeId, &str, &Fib)> {
        self.by_node.iter().enumerate().flat_map(|(i, tables)| {
            tables
                .iter()
                .map(move |(vrf, fib)| (NodeId(i as u32), vrf.as_str(), fib))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rib::{Protocol, Provenance};

    fn route(prefix: &str, protocol: Protocol, next_hop: NextHop) -> Route {
        Route {
            prefix: prefix.parse().unwrap(),
            protocol,
            admin: 1,
            metric: 0,
            next_hop,
            tag: None,
            provenance: Provenance::empty(),
        }
    }

    fn via(a: &str) -> NextHop {
        NextHop::Address {
            address: a.parse().unwrap(),
            interface: None,
        }
    }

    #[test]
    fn recursive_next_hops_resolve_to_interfaces() {
        let rib = Rib::from_candidates([
            route(
                "10.0.0.0/24",
                Protocol::Connected,
                NextHop::Interface("Gi0/0".into()),
            ),
            route("192.0.2.0/24", Protocol::Static, via("10.0.0.2")),
            route("198.51.100.0/24", Protocol::Ibgp, via("192.0.2.9")),
        ]);
        let fib = Fib::build(&rib);
        let (_, e) = fib.lookup("198.51.100.7".parse().unwrap()).unwrap();
        assert_eq!(
            *e.actions,
            [FibAction::Forward {
                interface: "Gi0/0".into(),
                gateway: Some("10.0.0.2".parse().unwrap())
            }]
        );
        let (_, e) = fib.lookup("10.0.0.9".parse().unwrap()).unwrap();
        assert_eq!(
            *e.actions,
            [FibAction::Forward {
                interface: "Gi0/0".into(),
                gateway: None
            }]
        );
        assert!(fib.lookup("203.0.113.1".parse().unwrap()).is_none());
    }

    #[test]
    fn the_atom_sweep_agrees_with_lookup() {
        let rib = Rib::from_candidates([
            route("0.0.0.0/0", Protocol::Static, via("9.9.9.9")),
            route(
                "9.9.9.0/24",
                Protocol::Connected,
                NextHop::Interface("e0".into()),
            ),
            route("10.0.0.0/8", Protocol::Static, NextHop::Discard),
            route("10.1.0.0/16", Protocol::Static, NextHop::Discard),
            route(
                "10.1.2.0/24",
                Protocol::Connected,
                NextHop::Interface("e1".into()),
            ),
            route("2001:db8::/32", Protocol::Static, NextHop::Discard),
        ]);
        let fib = Fib::build(&rib);
        let atoms = crate::reach::classes::atoms(fib.prefixes().copied());
        let swept = fib.entries_for_atoms(&atoms);
        for (atom, entry) in atoms.iter().zip(swept) {
            let by_lookup = fib.lookup(atom.first).map(|(_, e)| e);
            assert_eq!(entry, by_lookup, "{atom:?}");
            assert_eq!(entry, fib.lookup(atom.last).map(|(_, e)| e), "{atom:?}");
        }
    }

    #[test]
    fn recursion_loops_are_unresolved_not_hangs() {
        let rib = Rib::from_candidates([
            route("10.1.0.0/16", Protocol::Static, via("10.2.0.1")),
            route("10.2.0.0/16", Protocol::Static, via("10.1.0.1")),
        ]);
        let fib = Fib::build(&rib);
        let (_, e) = fib.lookup("10.1.2.3".parse().unwrap()).unwrap();
        assert_eq!(*e.actions, [FibAction::Unresolved]);
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn prefix() -> impl Strategy<Value = IpNet> {
            (any::<u32>(), 0u8..=32).prop_map(|(a, l)| {
                IpNet::V4(
                    ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(a), l)
                        .unwrap()
                        .trunc(),
                )
            })
        }

        fn table(prefixes: &[IpNet]) -> Fib {
            let routes = prefixes.iter().enumerate().map(|(i, p)| {
                route(
                    &p.to_string(),
                    Protocol::Connected,
                    NextHop::Interface(format!("e{i}").into()),
                )
            });
            Fib::build(&Rib::from_candidates(routes))
        }

        /// A route in a small corner of the address space, so that recursive next hops
        /// resolve through each other (and sometimes through themselves).
        fn tangled_route() -> impl Strategy<Value = Route> {
            let prefix = (
                0u32..4,
                0u32..4,
                prop::sample::select(vec![8u8, 16, 22, 24, 32]),
            )
                .prop_map(|(b, c, len)| format!("10.{b}.{c}.1/{len}"));
            let next_hop = prop_oneof![
                (0u32..4, 0u32..4).prop_map(|(b, c)| via(&format!("10.{b}.{c}.1"))),
                Just(NextHop::Interface("e0".into())),
                Just(NextHop::Discard),
            ];
            (prefix, next_hop).prop_map(|(p, nh)| {
                let net: IpNet = p.parse().unwrap();
                route(&net.trunc().to_string(), Protocol::Static, nh)
            })
        }

        proptest! {
            /// Sharing the resolution of a gateway between routes resolves every route as
            /// resolving it alone does.
            #[test]
            fn shared_gateway_resolution_agrees_with_resolving_each_route(
                routes in proptest::collection::vec(tangled_route(), 0..24),
            ) {
                let rib = Rib::from_candidates(routes);
                let fib = Fib::build(&rib);
                for (prefix, routes) in rib.iter() {
                    let mut alone = BTreeSet::new();
                    for route in routes {
                        resolve(&rib, route, 0, &mut BTreeSet::new(), &mut alone, &mut Vec::new());
                    }
                    let alone: Vec<FibAction> = alone.into_iter().collect();
                    let entry = &fib.get(prefix).unwrap().1;
                    prop_assert_eq!(&*entry.actions, alone.as_slice());
                }
            }

            /// Longest-prefix match agrees with a naive scan of every prefix.
            #[test]
            fn lpm_agrees_with_a_naive_scan(
                prefixes in proptest::collection::vec(prefix(), 0..40),
                addresses in proptest::collection::vec(any::<u32>(), 1..20),
            ) {
                let fib = table(&prefixes);
                for a in addresses {
                    let address = IpAddr::V4(a.into());
                    let naive = prefixes.iter().filter(|p| p.contains(&address)).max_by_key(|p| p.prefix_len());
                    prop_assert_eq!(fib.lookup(address).map(|(p, _)| *p), naive.copied());
                }
            }

            /// The one-sweep lookup over atoms agrees with per-address lookup at both ends of
            /// every atom.
            #[test]
            fn the_atom_sweep_agrees_with_lookup_everywhere(prefixes in proptest::collection::vec(prefix(), 0..40)) {
                let fib = table(&prefixes);
                let atoms = crate::reach::classes::atoms(prefixes);
                for (atom, entry) in atoms.iter().zip(fib.entries_for_atoms(&atoms)) {
                    prop_assert_eq!(entry, fib.lookup(atom.first).map(|(_, e)| e));
                    prop_assert_eq!(entry, fib.lookup(atom.last).map(|(_, e)| e));
                }
            }
        }
    }
}
