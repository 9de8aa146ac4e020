//! Destination equivalence classes: the address space cut at every prefix boundary.
//!
//! Every FIB prefix of every device in both snapshots (and every owned address, and every ACL
//! destination prefix) is an interval of addresses. Cutting IPv4 and IPv6 at all interval ends
//! gives elementary intervals ("atoms") inside which every longest-prefix match, ownership test
//! and prefix-shaped ACL test has the same answer. One representative address per atom then
//! stands for all of its addresses, so a verdict over the atoms covers every address, with no
//! sampling. Each atom is reported as the minimal list of CIDR prefixes that tile it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

/// One elementary interval of one address family, `[first, last]` inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Atom {
    /// First address.
    pub first: IpAddr,
    /// Last address.
    pub last: IpAddr,
}

impl Atom {
    /// The address that stands for the whole atom.
    pub fn representative(&self) -> IpAddr {
        self.first
    }

    /// Whether `address` is in the atom.
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.first, self.last, address) {
            (IpAddr::V4(f), IpAddr::V4(l), IpAddr::V4(a)) => f <= a && a <= l,
            (IpAddr::V6(f), IpAddr::V6(l), IpAddr::V6(a)) => f <= a && a <= l,
            _ => false,
        }
    }

    /// The minimal CIDR prefixes covering exactly the atom.
    pub fn prefixes(&self) -> Vec<IpNet> {
        match (self.first, self.last) {
            (IpAddr::V4(f), IpAddr::V4(l)) => {
                cidrs(u128::from(u32::from(f)), u128::from(u32::from(l)), 32)
                    .into_iter()
                    .map(|(a, len)| {
                        IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a as u32), len).unwrap_or_default())
                    })
                    .collect()
            }
            (IpAddr::V6(f), IpAddr::V6(l)) => cidrs(u128::from(f), u128::from(l), 128)
                .into_iter()
                .map(|(a, len)| IpNet::V6(Ipv6Net::new(Ipv6Addr::from(a), len).unwrap_or_default()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Number of addresses, saturating.
    pub fn size(&self) -> u128 {
        match (self.first, self.last) {
            (IpAddr::V4(f), IpAddr::V4(l)) => u128::from(u32::from(l) - u32::from(f)) + 1,
            (IpAddr::V6(f), IpAddr::V6(l)) => (u128::from(l) - u128::from(f)).saturating_add(1),
            _ => 0,
        }
    }
}

/// Splits `[first, last]` (integers of a `bits`-wide family) into maximal aligned blocks.
fn cidrs(mut first: u128, last: u128, bits: u32) -> Vec<(u128, u8)> {
    let mut out = Vec::new();
    loop {
        // The largest block starting at `first` that is aligned and does not pass `last`.
        let mut size_bits = if first == 0 {
            bits
        } else {
            first.trailing_zeros().min(bits)
        };
        while size_bits > 0 {
            let span = if size_bits >= 128 {
                u128::MAX
            } else {
                (1u128 << size_bits) - 1
            };
            if first.checked_add(span).is_some_and(|end| end <= last) {
                break;
            }
            size_bits -= 1;
        }
        out.push((first, (bits - size_bits) as u8));
        let span = if size_bits >= 128 {
            u128::MAX
        } else {
            (1u128 << size_bits) - 1
        };
        match first.checked_add(span) {
            Some(end) if end < last => first = end + 1,
            _ => break,
        }
    }
    out
}

/// The atoms of both address families cut by `prefixes`. IPv6 is only split when some prefix
/// is IPv6; otherwise it is one atom (`::/0`), which no table routes.
pub fn atoms(prefixes: impl IntoIterator<Item = IpNet>) -> Vec<Atom> {
    // Millions of prefixes (every table of both snapshots): a sorted vector, not a tree.
    let mut cuts4: Vec<u64> = vec![0];
    let mut cuts6: Vec<u128> = vec![0];
    for prefix in prefixes {
        match prefix.trunc() {
            IpNet::V4(p) => {
                cuts4.push(u64::from(u32::from(p.network())));
                cuts4.push(u64::from(u32::from(p.broadcast())) + 1);
            }
            IpNet::V6(p) => {
                cuts6.push(u128::from(p.network()));
                if let Some(next) = u128::from(p.broadcast()).checked_add(1) {
                    cuts6.push(next);
                }
            }
        }
    }
    cuts4.sort_unstable();
    cuts4.dedup();
    cuts6.sort_unstable();
    cuts6.dedup();
    let mut out = Vec::new();
    let starts4: Vec<u64> = cuts4
        .into_iter()
        .filter(|c| *c <= u64::from(u32::MAX))
        .collect();
    for (i, start) in starts4.iter().enumerate() {
        let end = starts4.get(i + 1).map_or(u64::from(u32::MAX), |n| n - 1);
        out.push(Atom {
            first: IpAddr::V4(Ipv4Addr::from(*start as u32)),
            last: IpAddr::V4(Ipv4Addr::from(end as u32)),
        });
    }
    let starts6: Vec<u128> = cuts6.into_iter().collect();
    for (i, start) in starts6.iter().enumerate() {
        let end = starts6.get(i + 1).map_or(u128::MAX, |n| n - 1);
        out.push(Atom {
            first: IpAddr::V6(Ipv6Addr::from(*start)),
            last: IpAddr::V6(Ipv6Addr::from(end)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn atoms_cut_at_prefix_boundaries() {
        let atoms = atoms([
            "10.0.0.0/8".parse().unwrap(),
            "10.1.0.0/16".parse().unwrap(),
        ]);
        let v4: Vec<String> = atoms
            .iter()
            .filter(|a| a.first.is_ipv4())
            .map(|a| {
                a.prefixes()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(v4[1], "10.0.0.0/16");
        assert_eq!(v4[2], "10.1.0.0/16");
        assert_eq!(
            v4[3],
            "10.2.0.0/15 10.4.0.0/14 10.8.0.0/13 10.16.0.0/12 10.32.0.0/11 10.64.0.0/10 10.128.0.0/9"
        );
        assert_eq!(atoms.iter().filter(|a| a.first.is_ipv6()).count(), 1);
    }

    #[test]
    fn whole_space_is_one_prefix() {
        let atoms = atoms(Vec::new());
        assert_eq!(
            atoms[0].prefixes(),
            vec!["0.0.0.0/0".parse::<IpNet>().unwrap()]
        );
        assert_eq!(atoms[1].prefixes(), vec!["::/0".parse::<IpNet>().unwrap()]);
    }

    fn prefix() -> impl Strategy<Value = IpNet> {
        (any::<u32>(), 0u8..=32)
            .prop_map(|(a, l)| IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a), l).unwrap().trunc()))
    }

    proptest! {
        /// The atoms tile IPv4 exactly: sorted, adjacent, no gap, no overlap, and every prefix
        /// is a union of whole atoms.
        #[test]
        fn atoms_partition_the_space(prefixes in proptest::collection::vec(prefix(), 0..20)) {
            let atoms: Vec<Atom> = atoms(prefixes.clone()).into_iter().filter(|a| a.first.is_ipv4()).collect();
            let as_u32 = |a: IpAddr| match a { IpAddr::V4(v) => u32::from(v), IpAddr::V6(_) => unreachable!() };
            prop_assert_eq!(as_u32(atoms[0].first), 0);
            prop_assert_eq!(as_u32(atoms[atoms.len() - 1].last), u32::MAX);
            for pair in atoms.windows(2) {
                prop_assert_eq!(u64::from(as_u32(pair[0].last)) + 1, u64::from(as_u32(pair[1].first)));
            }
            for p in &prefixes {
                for atom in &atoms {
                    let inside = p.contains(&atom.first);
                    prop_assert_eq!(inside, p.contains(&atom.last), "atom {:?} straddles {}", atom, p);
                }
            }
            // The CIDR tiling of each atom covers exactly its addresses.
            for atom in &atoms {
                let total: u128 = atom.prefixes().iter().map(|p| 1u128 << (32 - p.prefix_len())).sum();
                prop_assert_eq!(total, atom.size());
            }
        }
    }
}
