//! Prefix classes: prefixes that enter the network the same way and that every filter treats
//! the same way get the same BGP paths everywhere, so the simulation runs once per class, on a
//! representative prefix, and copies the result to the other members at the end.
//!
//! Two prefixes are in one class when they agree on
//!
//! - the address family;
//! - how they are originated: the same local paths (kind, attributes, next hop) on the same
//!   speakers;
//! - for every distinct prefix list, ACL and inline prefix range configured on a BGP speaker,
//!   which entry decides (the first match, or none);
//! - which aggregates cover them;
//! - on speakers that do not advertise inactive routes (EOS), which protocol holds them in the
//!   main table.
//!
//! A prefix that is itself special stays alone: the default route, aggregate prefixes, and any
//! prefix containing an address that could be a BGP next hop (a session address, an originated
//! gateway, an address a policy sets), because next-hop resolution must avoid the route being
//! resolved.
//!
//! A 1,000-router ISP carrying 10,000 prefixes from 20 borders with no per-prefix policy has 20
//! classes; a fabric whose every leaf originates its own subnet has one class per subnet.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::sync::Arc;

use ipnet::IpNet;
use routeproof_parser::ir::policy::{AddressMatch, NextHopSet, PolicyMatch, PolicySet};
use routeproof_parser::ir::{self, AddressFamily, Vendor};

use super::config::Speaker;
use super::path::{FxMap, LocalKind, Path, PathSource};
use crate::rib::{Protocol, Rib};

/// The classes of one run: each representative with its members (representative included).
#[derive(Clone, Debug, Default)]
pub struct Classes {
    /// Members by representative, representative first, the rest ascending.
    pub members: BTreeMap<IpNet, Arc<[IpNet]>>,
}

impl Classes {
    /// The members of the class represented by `representative` (itself when unknown).
    pub fn members_of(&self, representative: &IpNet) -> Arc<[IpNet]> {
        self.members
            .get(representative)
            .cloned()
            .unwrap_or_else(|| Arc::from([*representative]))
    }

    /// Number of prefixes in the class of `representative`.
    pub fn size(&self, representative: &IpNet) -> usize {
        self.members.get(representative).map_or(1, |m| m.len())
    }
}

/// What classification reads.
pub struct Inputs<'w, 'a> {
    /// Speakers.
    pub speakers: &'w [Speaker<'a>],
    /// Locally originated paths per speaker.
    pub local: &'w [BTreeMap<IpNet, Vec<Path>>],
    /// Main table of each speaker.
    pub ribs: Vec<Option<&'w Rib>>,
    /// Addresses that can be BGP next hops (session addresses).
    pub next_hops: BTreeSet<IpAddr>,
    /// Prefixes that must stay alone (announced from outside the snapshot).
    pub alone: BTreeSet<IpNet>,
}

/// One distinct filter, by content.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Filter {
    /// Prefix list entries or inline ranges, in order.
    Ranges(Vec<ir::policy::PrefixRange>),
    /// ACL lines used as route filters: standard, then (source, destination) per line.
    Acl(bool, Vec<(AddressMatch, AddressMatch)>),
}

/// Adds the distinct filters of `device`, keyed by their content.
fn filters_of(device: &ir::Device, into: &mut BTreeMap<String, Filter>) {
    let mut add = |filter: Filter| {
        into.entry(format!("{filter:?}")).or_insert(filter);
    };
    for list in device
        .prefix_lists
        .values()
        .chain(device.prefix_lists_v6.values())
    {
        add(Filter::Ranges(
            list.entries.iter().map(|e| e.range).collect(),
        ));
    }
    for acl in device.acls.values().chain(device.acls_v6.values()) {
        add(Filter::Acl(
            acl.standard,
            acl.lines.iter().map(|l| (l.src, l.dst)).collect(),
        ));
    }
    fn ranges_in(m: &PolicyMatch, add: &mut dyn FnMut(Filter)) {
        match m {
            PolicyMatch::PrefixRanges(ranges) => add(Filter::Ranges(ranges.clone())),
            PolicyMatch::Not(inner) => ranges_in(inner, add),
            PolicyMatch::Any(members) | PolicyMatch::All(members) => {
                for member in members {
                    ranges_in(member, add);
                }
            }
            _ => {}
        }
    }
    for policy in device.route_policies.values() {
        for clause in &policy.clauses {
            for m in &clause.matches {
                ranges_in(&m.value, &mut add);
            }
        }
    }
}

/// Addresses policies set as next hops.
fn policy_next_hops(device: &ir::Device, into: &mut BTreeSet<IpAddr>) {
    for policy in device.route_policies.values() {
        for clause in &policy.clauses {
            for s in &clause.sets {
                if let PolicySet::NextHop(NextHopSet::Address(a)) = s.value {
                    into.insert(a);
                }
            }
        }
    }
}

/// Which entry of `filter` decides for `prefix` (0: none).
fn treatment(filter: &Filter, prefix: &IpNet) -> u32 {
    let position = match filter {
        Filter::Ranges(entries) => entries.iter().position(|r| r.contains(prefix)),
        Filter::Acl(standard, lines) => {
            let network = prefix.network();
            let mask = prefix.netmask();
            lines
                .iter()
                .position(|(src, dst)| src.matches(network) && (*standard || dst.matches(mask)))
        }
    };
    position.map_or(0, |p| p as u32 + 1)
}

/// One local path of a prefix: (speaker, kind, attribute identity, next hop).
type Origination = (usize, u8, usize, Option<IpAddr>);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    family: AddressFamily,
    alone: Option<IpNet>,
    origination: Vec<Origination>,
    treatment: Vec<u32>,
    aggregates: Vec<bool>,
    inactive: Vec<Option<Protocol>>,
}

fn kind_code(path: &Path) -> u8 {
    match path.source {
        PathSource::Local(LocalKind::Aggregate) => 0,
        PathSource::Local(LocalKind::Network) => 1,
        PathSource::Local(LocalKind::Redistributed) => 2,
        PathSource::Learned(_) => 3,
    }
}

/// Groups the prefixes BGP will carry into classes.
pub fn classify(inputs: &Inputs<'_, '_>) -> Classes {
    let mut filters = BTreeMap::new();
    let mut next_hops = inputs.next_hops.clone();
    let mut aggregates: Vec<IpNet> = Vec::new();
    let mut seen_devices = BTreeSet::new();
    for speaker in inputs.speakers {
        if seen_devices.insert(speaker.device.name.as_str()) {
            filters_of(speaker.device, &mut filters);
            policy_next_hops(speaker.device, &mut next_hops);
        }
        for family in [AddressFamily::Ipv4, AddressFamily::Ipv6] {
            if let Some(af) = speaker.af(family) {
                aggregates.extend(af.aggregates.iter().map(|a| a.prefix));
            }
        }
    }
    for local in inputs.local {
        for paths in local.values() {
            next_hops.extend(paths.iter().filter_map(|p| p.next_hop));
        }
    }
    aggregates.sort();
    aggregates.dedup();
    let filters: Vec<Filter> = filters.into_values().collect();
    let eos: Vec<usize> = inputs
        .speakers
        .iter()
        .enumerate()
        .filter(|(_, s)| s.device.vendor == Vendor::AristaEos && !s.advertise_inactive)
        .map(|(i, _)| i)
        .collect();
    // The universe: every originated prefix.
    let mut origination: BTreeMap<IpNet, Vec<Origination>> = BTreeMap::new();
    for (s, local) in inputs.local.iter().enumerate() {
        for (prefix, paths) in local {
            let entry = origination.entry(*prefix).or_default();
            for path in paths {
                entry.push((
                    s,
                    kind_code(path),
                    Arc::as_ptr(&path.attrs) as usize,
                    path.next_hop,
                ));
            }
        }
    }
    let mut groups: FxMap<Key, Vec<IpNet>> = FxMap::default();
    for (prefix, origination) in origination {
        let special = prefix.prefix_len() == 0
            || inputs.alone.contains(&prefix)
            || aggregates.binary_search(&prefix).is_ok()
            || next_hops.iter().any(|nh| prefix.contains(nh));
        let key = Key {
            family: super::exchange::family(&prefix),
            alone: special.then_some(prefix),
            origination,
            treatment: filters.iter().map(|f| treatment(f, &prefix)).collect(),
            aggregates: aggregates
                .iter()
                .map(|a| *a != prefix && a.contains(&prefix))
                .collect(),
            inactive: eos
                .iter()
                .map(|s| {
                    inputs.ribs[*s].and_then(|rib| rib.get(&prefix).first().map(|r| r.protocol))
                })
                .collect(),
        };
        groups.entry(key).or_default().push(prefix);
    }
    // Hash order never matters: each class is sorted and keyed by its smallest prefix.
    let groups: Vec<Vec<IpNet>> = groups.into_values().collect();
    let members = groups
        .into_iter()
        .map(|mut prefixes| {
            prefixes.sort();
            (prefixes[0], Arc::from(prefixes))
        })
        .collect();
    Classes { members }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn treatment_is_the_deciding_entry() {
        let range = |p: &str, min, max| ir::policy::PrefixRange {
            prefix: p.parse().unwrap(),
            min_len: min,
            max_len: max,
        };
        let list = Filter::Ranges(vec![range("10.0.0.0/8", 24, 32), range("0.0.0.0/0", 0, 32)]);
        assert_eq!(treatment(&list, &"10.1.1.0/24".parse().unwrap()), 1);
        assert_eq!(treatment(&list, &"10.1.0.0/16".parse().unwrap()), 2);
        let v6: IpNet = "2001:db8::/32".parse().unwrap();
        assert_eq!(treatment(&list, &v6), 0);
    }
}
