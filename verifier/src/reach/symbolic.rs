//! Header cells: the packet headers beyond the destination, split where ACLs look at them.
//!
//! ACL lines test source addresses, protocols, ports, TCP flags and ICMP types. Within one
//! destination atom, every line's test is a predicate over those fields. Two headers on which
//! every predicate agrees get the same verdict from every ACL, so they forward identically. The
//! satisfiable combinations of predicate values ("cells") are enumerated with z3: each model is
//! a concrete witness header, and a blocking clause rules its combination out. The analysis then
//! runs once per witness, which covers every header exactly.
//!
//! z3 is used here and in `policy/smt.rs` only (an architecture invariant).

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use routeproof_parser::ir::policy::{AddressMatch, PortRange};
use routeproof_parser::ir::{AclLine, Network};
use z3::ast::{BV, Bool};
use z3::{SatResult, Solver};

use super::classes::Atom;
use super::forward::Packet;

/// At most this many cells per atom; beyond it the header space is reported as not covered.
pub const MAX_CELLS: usize = 512;

/// The witnesses of every cell, and whether the enumeration finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cells {
    /// One packet per cell (destination inside the atom).
    pub packets: Vec<Packet>,
    /// False when [`MAX_CELLS`] was reached before every cell was found.
    pub complete: bool,
}

/// What a line tests, without its action, sequence number or span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Test {
    protocol: Option<u8>,
    src: String,
    dst: Option<String>,
    src_ports: Vec<PortRange>,
    dst_ports: Vec<PortRange>,
    established: bool,
    icmp: (Option<u8>, Option<u8>),
}

/// Caches cells by the set of tests active in an atom (most atoms share it).
#[derive(Default)]
pub struct CellCache {
    cache: BTreeMap<(bool, Vec<Test>), Cells>,
}

/// The ACL lines bound to interfaces in `networks`.
pub fn interface_acl_lines<'n>(networks: &[&'n Network]) -> Vec<&'n AclLine> {
    let mut out = Vec::new();
    for network in networks {
        for device in network.devices.values() {
            let bound: BTreeSet<&str> = device
                .interfaces
                .values()
                .flat_map(|i| [&i.acl_in, &i.acl_out])
                .filter_map(|a| a.as_ref().map(|a| a.value.as_str()))
                .collect();
            for name in bound {
                for acl in [device.acls.get(name), device.acls_v6.get(name)]
                    .into_iter()
                    .flatten()
                {
                    out.extend(acl.lines.iter());
                }
            }
        }
    }
    out
}

impl CellCache {
    /// The cells of the header space for destinations in `atom`, given the ACL lines in play.
    pub fn cells(&mut self, lines: &[&AclLine], atom: &Atom) -> Cells {
        let ipv4 = atom.first.is_ipv4();
        let mut tests: BTreeSet<Test> = BTreeSet::new();
        for line in lines {
            let dst = match relation(&line.dst, atom) {
                Relation::Never => continue,
                Relation::Always => None,
                Relation::Partly => Some(format!("{:?}", line.dst)),
            };
            if !family_fits(&line.src, ipv4) {
                continue;
            }
            tests.insert(Test {
                protocol: line.protocol,
                src: format!("{:?}", line.src),
                dst,
                src_ports: line.src_ports.clone(),
                dst_ports: line.dst_ports.clone(),
                established: line.established,
                icmp: (line.icmp_type, line.icmp_code),
            });
        }
        let tests: Vec<Test> = tests.into_iter().collect();
        let partly = tests.iter().any(|t| t.dst.is_some());
        let key = (ipv4, tests);
        if !partly && let Some(cells) = self.cache.get(&key) {
            return with_destination(cells, atom.representative());
        }
        let relevant: Vec<&AclLine> = lines
            .iter()
            .copied()
            .filter(|l| relation(&l.dst, atom) != Relation::Never && family_fits(&l.src, ipv4))
            .collect();
        let cells = enumerate(&relevant, atom);
        if !partly {
            self.cache.insert(key, cells.clone());
        }
        cells
    }
}

fn with_destination(cells: &Cells, dst: IpAddr) -> Cells {
    Cells {
        packets: cells.packets.iter().map(|p| Packet { dst, ..*p }).collect(),
        complete: cells.complete,
    }
}

fn family_fits(m: &AddressMatch, ipv4: bool) -> bool {
    match m {
        AddressMatch::Any => true,
        AddressMatch::Wildcard(..) => ipv4,
        AddressMatch::Prefix(p) => p.addr().is_ipv4() == ipv4,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relation {
    Always,
    Never,
    Partly,
}

/// How a destination test relates to an atom: true for all of it, none of it, or some of it
/// (only possible for non-contiguous wildcards, since atoms are cut at prefix boundaries).
fn relation(m: &AddressMatch, atom: &Atom) -> Relation {
    match m {
        AddressMatch::Any => Relation::Always,
        AddressMatch::Prefix(p) => {
            if p.contains(&atom.first) && p.contains(&atom.last) {
                Relation::Always
            } else if atom.contains(p.network())
                || p.contains(&atom.first)
                || p.contains(&atom.last)
            {
                Relation::Partly
            } else {
                Relation::Never
            }
        }
        AddressMatch::Wildcard(..) => {
            let (f, l) = (m.matches(atom.first), m.matches(atom.last));
            if f && l && atom.size() == 1 {
                Relation::Always
            } else {
                Relation::Partly
            }
        }
    }
}

/// The symbolic header.
struct Vars {
    src: BV,
    dst: BV,
    protocol: BV,
    src_port: BV,
    dst_port: BV,
    established: Bool,
    icmp_type: BV,
    icmp_code: BV,
    width: u32,
}

fn address_bv(address: IpAddr, width: u32) -> BV {
    match address {
        IpAddr::V4(a) => BV::from_u64(u64::from(u32::from(a)), width),
        IpAddr::V6(a) => {
            let v = u128::from(a);
            BV::from_u64((v >> 64) as u64, 64).concat(BV::from_u64(v as u64, 64))
        }
    }
}

fn address_test(vars_bv: &BV, m: &AddressMatch, width: u32) -> Bool {
    match m {
        AddressMatch::Any => Bool::from_bool(true),
        AddressMatch::Wildcard(base, wildcard) => {
            let care = BV::from_u64(u64::from(!u32::from(*wildcard)), width);
            vars_bv
                .bvand(&care)
                .eq(address_bv(IpAddr::V4(*base), width).bvand(&care))
        }
        AddressMatch::Prefix(p) => {
            let len = u32::from(p.prefix_len());
            if len == 0 {
                return Bool::from_bool(true);
            }
            let high = width - 1;
            let low = width - len;
            vars_bv
                .extract(high, low)
                .eq(address_bv(p.network(), width).extract(high, low))
        }
    }
}

fn ports_test(port: &BV, ranges: &[PortRange]) -> Bool {
    let tests: Vec<Bool> = ranges
        .iter()
        .map(|r| {
            Bool::and(&[
                port.bvuge(BV::from_u64(u64::from(r.low), 16)),
                port.bvule(BV::from_u64(u64::from(r.high), 16)),
            ])
        })
        .collect();
    Bool::or(&tests)
}

fn line_test(v: &Vars, line: &AclLine) -> Bool {
    let mut parts = vec![
        address_test(&v.src, &line.src, v.width),
        address_test(&v.dst, &line.dst, v.width),
    ];
    if let Some(p) = line.protocol {
        parts.push(v.protocol.eq(BV::from_u64(u64::from(p), 8)));
    }
    let tcp_or_udp = Bool::or(&[
        v.protocol.eq(BV::from_u64(6, 8)),
        v.protocol.eq(BV::from_u64(17, 8)),
    ]);
    if !line.src_ports.is_empty() {
        parts.push(Bool::and(&[
            tcp_or_udp.clone(),
            ports_test(&v.src_port, &line.src_ports),
        ]));
    }
    if !line.dst_ports.is_empty() {
        parts.push(Bool::and(&[
            tcp_or_udp,
            ports_test(&v.dst_port, &line.dst_ports),
        ]));
    }
    if line.established {
        parts.push(Bool::and(&[
            v.protocol.eq(BV::from_u64(6, 8)),
            v.established.clone(),
        ]));
    }
    if let Some(t) = line.icmp_type {
        parts.push(v.icmp_type.eq(BV::from_u64(u64::from(t), 8)));
    }
    if let Some(c) = line.icmp_code {
        parts.push(v.icmp_code.eq(BV::from_u64(u64::from(c), 8)));
    }
    Bool::and(&parts)
}

fn enumerate(lines: &[&AclLine], atom: &Atom) -> Cells {
    let ipv4 = atom.first.is_ipv4();
    let width = if ipv4 { 32 } else { 128 };
    let v = Vars {
        src: BV::new_const("src", width),
        dst: BV::new_const("dst", width),
        protocol: BV::new_const("protocol", 8),
        src_port: BV::new_const("src_port", 16),
        dst_port: BV::new_const("dst_port", 16),
        established: Bool::new_const("established"),
        icmp_type: BV::new_const("icmp_type", 8),
        icmp_code: BV::new_const("icmp_code", 8),
        width,
    };
    let solver = Solver::new();
    solver.assert(v.dst.bvuge(address_bv(atom.first, width)));
    solver.assert(v.dst.bvule(address_bv(atom.last, width)));
    let tests: Vec<Bool> = lines.iter().map(|l| line_test(&v, l)).collect();
    // Witnesses read like real flows where the cell allows it: TCP from port 49152 to 80 with
    // no flags. These are assumptions, so a cell that excludes them still gets a witness.
    let preferred = [
        v.protocol.eq(BV::from_u64(6, 8)),
        v.dst_port.eq(BV::from_u64(80, 16)),
        v.src_port.eq(BV::from_u64(49152, 16)),
        v.established.not(),
        v.icmp_type.eq(BV::from_u64(8, 8)),
        v.icmp_code.eq(BV::from_u64(0, 8)),
    ];
    let mut packets = Vec::new();
    let mut complete = true;
    loop {
        if packets.len() >= MAX_CELLS {
            complete = solver.check() == SatResult::Unsat;
            break;
        }
        if solver.check() != SatResult::Sat {
            break;
        }
        // Keep as many preferences as the cell allows, in order.
        let mut kept: Vec<Bool> = Vec::new();
        for p in &preferred {
            kept.push(p.clone());
            if solver.check_assumptions(&kept) != SatResult::Sat {
                kept.pop();
            }
        }
        if solver.check_assumptions(&kept) != SatResult::Sat {
            break;
        }
        let Some(model) = solver.get_model() else {
            break;
        };
        let u64_of = |bv: &BV| model.eval(bv, true).and_then(|x| x.as_u64()).unwrap_or(0);
        let address = |bv: &BV| -> IpAddr {
            if ipv4 {
                IpAddr::V4(Ipv4Addr::from(u64_of(bv) as u32))
            } else {
                let hi = u64_of(&bv.extract(127, 64));
                let lo = u64_of(&bv.extract(63, 0));
                IpAddr::V6(Ipv6Addr::from((u128::from(hi) << 64) | u128::from(lo)))
            }
        };
        packets.push(Packet {
            dst: address(&v.dst),
            src: address(&v.src),
            protocol: u64_of(&v.protocol) as u8,
            src_port: u64_of(&v.src_port) as u16,
            dst_port: u64_of(&v.dst_port) as u16,
            established: model
                .eval(&v.established, true)
                .and_then(|b| b.as_bool())
                .unwrap_or(false),
            icmp_type: u64_of(&v.icmp_type) as u8,
            icmp_code: u64_of(&v.icmp_code) as u8,
        });
        // Rule this combination of test values out.
        let same: Vec<Bool> = tests
            .iter()
            .map(|t| {
                let value = model
                    .eval(t, true)
                    .and_then(|b| b.as_bool())
                    .unwrap_or(false);
                if value { t.clone() } else { t.not() }
            })
            .collect();
        if same.is_empty() {
            break;
        }
        solver.assert(Bool::and(&same).not());
    }
    Cells { packets, complete }
}

#[cfg(test)]
mod tests {
    use super::*;
    use routeproof_parser::ir::Action;

    fn line(text: &str) -> AclLine {
        // Parse through the real parser to test what configurations produce.
        let config = format!("hostname r1\nip access-list extended A\n {text}\n");
        let mut sources = routeproof_parser::Sources::new();
        let id = sources.add("r1.cfg", config);
        let parsed = routeproof_parser::parse_config(&sources, id).unwrap();
        parsed.device.acls["A"].lines[0].clone()
    }

    fn atom(first: &str, last: &str) -> Atom {
        Atom {
            first: first.parse().unwrap(),
            last: last.parse().unwrap(),
        }
    }

    #[test]
    fn cells_split_where_acls_look() {
        let web = line("permit tcp 10.0.0.0 0.0.0.255 any eq 80");
        let ssh = line("deny tcp any any eq 22");
        assert_eq!(web.action, Action::Permit);
        let mut cache = CellCache::default();
        let cells = cache.cells(&[&web, &ssh], &atom("192.0.2.0", "192.0.2.255"));
        assert!(cells.complete);
        // web true/false × ssh true/false, minus web∧ssh (port 80 and 22 at once): 3 cells.
        assert_eq!(cells.packets.len(), 3, "{:?}", cells.packets);
        assert!(
            cells
                .packets
                .iter()
                .any(|p| p.protocol == 6 && p.dst_port == 80),
            "{:?}",
            cells.packets
        );
        assert!(
            cells.packets.iter().all(|p| p.protocol == 6),
            "{:?}",
            cells.packets
        );
        let matching = |l: &AclLine| {
            cells
                .packets
                .iter()
                .filter(|p| crate::reach::forward::line_matches(l, p))
                .count()
        };
        assert_eq!(matching(&web), 1);
        assert_eq!(matching(&ssh), 1);
        assert!(
            cells
                .packets
                .iter()
                .all(|p| atom("192.0.2.0", "192.0.2.255").contains(p.dst))
        );
    }

    #[test]
    fn lines_for_other_destinations_do_not_split() {
        let other = line("deny ip any 198.51.100.0 0.0.0.255");
        let mut cache = CellCache::default();
        let cells = cache.cells(&[&other], &atom("192.0.2.0", "192.0.2.255"));
        assert_eq!(cells.packets.len(), 1);
    }
}
