//! The named lists policies test routes with: prefix lists, community lists, AS-path lists and
//! ACLs used as route filters.
//!
//! Every list is first-match: the first entry that matches decides permit or deny, and a route
//! no entry matches is denied. Each function returns `None` when the list is not defined, so the
//! caller applies the vendor's rule for undefined references; otherwise whether the list
//! permits, with the deciding entry's line added to the trace.

use std::collections::BTreeSet;
use std::net::IpAddr;

use ipnet::IpNet;
use routeproof_parser::ir::policy::{AddressMatch, CommunityMatcher};
use routeproof_parser::ir::{self, Action, AddressFamily};

use super::{Community, Trace, community, regex};

/// Whether prefix list `name` (of `family`) permits `prefix`.
pub fn prefix_list(
    device: &ir::Device,
    family: AddressFamily,
    name: &str,
    prefix: &IpNet,
    trace: &mut Trace,
) -> Option<bool> {
    let lists = match family {
        AddressFamily::Ipv4 => &device.prefix_lists,
        AddressFamily::Ipv6 => &device.prefix_lists_v6,
    };
    let list = lists.get(name)?;
    for entry in &list.entries {
        if entry.range.contains(prefix) {
            trace.spans.push(entry.span);
            return Some(entry.action == Action::Permit);
        }
    }
    Some(false)
}

/// Whether ACL `name`, used as a route filter, permits `prefix`.
///
/// A standard ACL tests the prefix's network address against each line's source. An extended ACL
/// tests the network address against the source and the prefix's netmask against the
/// destination (`permit ip host 10.0.0.0 host 255.255.255.0` matches exactly 10.0.0.0/24), which
/// is how IOS interprets an extended ACL in `match ip address`.
pub fn acl(device: &ir::Device, name: &str, prefix: &IpNet, trace: &mut Trace) -> Option<bool> {
    let acl = match prefix {
        IpNet::V4(_) => device.acls.get(name),
        IpNet::V6(_) => device.acls_v6.get(name),
    }?;
    let network = prefix.network();
    let mask = prefix.netmask();
    for line in &acl.lines {
        if line.unsupported.is_some() {
            trace.unsupported.push(line.span);
        }
        let hit = if acl.standard {
            matches_address(&line.src, network)
        } else {
            matches_address(&line.src, network) && matches_address(&line.dst, mask)
        };
        if hit {
            trace.spans.push(line.span);
            return Some(line.action == Action::Permit);
        }
    }
    Some(false)
}

fn matches_address(m: &AddressMatch, address: IpAddr) -> bool {
    m.matches(address)
}

/// Whether community list `name` permits a route with `communities` (`exact`: the route may
/// carry no community beyond those of the deciding entry, for standard entries).
///
/// A standard entry matches when the route carries all of the entry's communities; an expanded
/// entry when its regular expression matches the route's communities as one ascending,
/// space-separated string. An entry whose communities or expression cannot be understood is
/// recorded as unsupported and does not match.
pub fn community_list(
    device: &ir::Device,
    name: &str,
    communities: &BTreeSet<Community>,
    exact: bool,
    trace: &mut Trace,
) -> Option<bool> {
    let list = device.community_lists.get(name)?;
    let text = community::format_set(communities);
    for entry in &list.entries {
        let hit = match &entry.matcher {
            CommunityMatcher::All(wanted) => {
                let parsed: Option<BTreeSet<Community>> =
                    wanted.iter().map(|w| community::parse(w)).collect();
                match parsed {
                    Some(wanted) if exact => &wanted == communities,
                    Some(wanted) => wanted.is_subset(communities),
                    None => {
                        trace.unsupported.push(entry.span);
                        false
                    }
                }
            }
            CommunityMatcher::Regex(pattern) => match regex::is_match(pattern, &text) {
                Some(hit) => hit,
                None => {
                    trace.unsupported.push(entry.span);
                    false
                }
            },
        };
        if hit {
            trace.spans.push(entry.span);
            return Some(entry.action == Action::Permit);
        }
    }
    Some(false)
}

/// Whether community list `name` permits the single community `c` (for `set comm-list delete`,
/// which removes every community the list permits on its own).
pub fn community_list_single(
    device: &ir::Device,
    name: &str,
    c: Community,
    trace: &mut Trace,
) -> Option<bool> {
    community_list(device, name, &BTreeSet::from([c]), false, trace)
}

/// The text an AS path is matched against: ASNs nearest first, separated by spaces.
pub fn as_path_text(as_path: &[u32]) -> String {
    let parts: Vec<String> = as_path.iter().map(u32::to_string).collect();
    parts.join(" ")
}

/// Whether AS-path list `name` permits `as_path`.
pub fn as_path_list(
    device: &ir::Device,
    name: &str,
    as_path: &[u32],
    trace: &mut Trace,
) -> Option<bool> {
    let list = device.as_path_lists.get(name)?;
    let text = as_path_text(as_path);
    for entry in &list.entries {
        match regex::is_match(&entry.regex, &text) {
            Some(true) => {
                trace.spans.push(entry.span);
                return Some(entry.action == Action::Permit);
            }
            Some(false) => {}
            None => trace.unsupported.push(entry.span),
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use routeproof_parser::Sources;

    use super::*;

    fn device(config: &str) -> ir::Device {
        let mut sources = Sources::new();
        let file = sources.add("r1.cfg", format!("hostname r1\n{config}"));
        routeproof_parser::parse_config_as(
            &sources,
            file,
            routeproof_parser::Format::Ios(routeproof_parser::Dialect::Ios),
        )
        .device
    }

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    /// Input: a prefix list with ge/le ranges. Expected: first match decides, default deny.
    #[test]
    fn prefix_list_ranges_and_order() {
        let d = device(
            "ip prefix-list P seq 5 deny 10.0.0.0/8 ge 24\nip prefix-list P seq 10 permit 10.0.0.0/8 le 32\n",
        );
        let t = &mut Trace::default();
        let f = AddressFamily::Ipv4;
        assert_eq!(prefix_list(&d, f, "P", &net("10.1.0.0/16"), t), Some(true));
        assert_eq!(prefix_list(&d, f, "P", &net("10.1.1.0/24"), t), Some(false));
        assert_eq!(prefix_list(&d, f, "P", &net("11.0.0.0/8"), t), Some(false));
        assert_eq!(prefix_list(&d, f, "Q", &net("11.0.0.0/8"), t), None);
    }

    /// Input: an extended ACL naming network and mask, and a standard ACL. Expected: IOS's
    /// route-filter reading of each.
    #[test]
    fn acls_as_route_filters() {
        let d = device(
            "access-list 101 permit ip host 1.0.1.0 host 255.255.255.0\naccess-list 10 permit 10.0.0.0 0.255.255.255\n",
        );
        let t = &mut Trace::default();
        assert_eq!(acl(&d, "101", &net("1.0.1.0/24"), t), Some(true));
        assert_eq!(acl(&d, "101", &net("1.0.1.0/25"), t), Some(false));
        assert_eq!(acl(&d, "10", &net("10.9.0.0/16"), t), Some(true));
        assert_eq!(acl(&d, "10", &net("11.9.0.0/16"), t), Some(false));
    }

    /// Input: standard and expanded community lists. Expected: all-of for standard entries,
    /// a regex search over the whole community string for expanded ones.
    #[test]
    fn community_lists() {
        let d = device(
            "ip community-list standard S permit 1:1 1:2\nip community-list expanded E permit _2:\nip community-list expanded D deny ^1:1$\nip community-list expanded D permit .*\n",
        );
        let c = |v: &[&str]| -> BTreeSet<Community> {
            v.iter().map(|s| community::parse(s).unwrap()).collect()
        };
        let t = &mut Trace::default();
        assert_eq!(
            community_list(&d, "S", &c(&["1:1", "1:2", "5:5"]), false, t),
            Some(true)
        );
        assert_eq!(
            community_list(&d, "S", &c(&["1:1", "1:2", "5:5"]), true, t),
            Some(false)
        );
        assert_eq!(community_list(&d, "S", &c(&["1:1"]), false, t), Some(false));
        assert_eq!(
            community_list(&d, "E", &c(&["1:1", "2:7"]), false, t),
            Some(true)
        );
        assert_eq!(
            community_list(&d, "E", &c(&["12:7"]), false, t),
            Some(false)
        );
        assert_eq!(community_list(&d, "D", &c(&["1:1"]), false, t), Some(false));
        assert_eq!(
            community_list(&d, "D", &c(&["1:1", "1:2"]), false, t),
            Some(true)
        );
        assert_eq!(community_list(&d, "X", &c(&[]), false, t), None);
    }

    /// Input: AS-path lists with `_`. Expected: IOS's delimiter semantics.
    #[test]
    fn as_path_lists() {
        let d = device(
            "ip as-path access-list 1 deny _65003_\nip as-path access-list 1 permit ^65001_\nip as-path access-list 2 permit ^$\n",
        );
        let t = &mut Trace::default();
        assert_eq!(as_path_list(&d, "1", &[65001, 65002], t), Some(true));
        assert_eq!(as_path_list(&d, "1", &[65001, 65003], t), Some(false));
        assert_eq!(as_path_list(&d, "1", &[65002], t), Some(false));
        assert_eq!(as_path_list(&d, "2", &[], t), Some(true));
        assert_eq!(as_path_list(&d, "2", &[1], t), Some(false));
    }
}
