//! Junos pair test: the brace form and the `set` form of one device give the same IR.
//!
//! Input: every `<dev>.hier.cfg` / `<dev>.set.txt` pair under
//! `../shared/oracle/batfish/parsing/juniper-hierarchical/*/`. The hierarchical file is the
//! configuration the lab loaded; the `set` file is what the device printed afterwards
//! (`show configuration | display set`), which adds what the lab or Junos itself configured:
//! the management interface and instance, login and service settings, the software version.
//!
//! Expected: everything the hierarchical file gives is in the `set` file's IR, equal up to
//! spans (the two files put it on different lines). Compared, with spans removed:
//!
//! - the hostname;
//! - interfaces by name (addresses, VRF, shutdown, description, VLAN, ...), VRFs by name;
//! - static routes, OSPF processes, IS-IS processes (as sets of whole items);
//! - BGP: the AS, and every neighbor per VRF (remote AS, update source, policies per family);
//! - route policies, prefix lists (both families) and community lists by name, clause by
//!   clause;
//! - unsupported features (feature and scope) and named references.
//!
//! The `set` file's extra items are allowed; a hierarchical item that is missing or different
//! fails. Neither file may have unrecognised or invalid lines. Two additions of the lab are
//! allowed for: a hierarchical file without `host-name` (named after the file) is not compared
//! by name, and where only the `set` file has `system management-instance`, the VRF of the
//! management interfaces and the hierarchical file's note that `mgmt_junos` has no
//! instance-type are left out.

mod common;

use std::collections::BTreeMap;

use routeproof_parser::{Code, Sources, ir};
use serde_json::Value;

/// The value with every `span` field removed, at any depth.
fn without_spans(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k != "span" && k != "hostname_span" && k != "file")
                .map(|(k, v)| (k, without_spans(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_spans).collect()),
        other => other,
    }
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    without_spans(serde_json::to_value(value).expect("the IR serialises"))
}

/// Parses one file; fails on unrecognised or invalid lines.
fn parse(path: &std::path::Path) -> ir::Device {
    let bytes = std::fs::read(path).expect("readable");
    let mut sources = Sources::new();
    let (_, parsed) =
        routeproof_parser::parse_bytes(&mut sources, path.display().to_string(), &bytes);
    let parsed = parsed.unwrap_or_else(|| panic!("{}: no vendor detected", path.display()));
    let bad: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::UnrecognisedLine | Code::InvalidLine))
        .map(|d| {
            let file = sources.file(parsed.file);
            let (line, _) = file.line_col(d.span.start);
            format!("{}:{line}: {}", path.display(), d.message)
        })
        .collect();
    assert!(
        bad.is_empty(),
        "unrecognised or invalid lines:\n{}",
        bad.join("\n")
    );
    parsed.device
}

/// Compares one category: every hierarchical item must be in the `set` file's.
fn subset_map(what: &str, hier: Value, set: Value, problems: &mut Vec<String>) {
    let (Value::Object(hier), Value::Object(set)) = (hier, set) else {
        problems.push(format!("{what}: not maps"));
        return;
    };
    for (key, value) in hier {
        match set.get(&key) {
            None => problems.push(format!("{what} `{key}`: missing from the set form")),
            Some(other) if *other != value => problems.push(format!(
                "{what} `{key}` differs:\n  hier: {value}\n  set:  {other}"
            )),
            Some(_) => {}
        }
    }
}

fn subset_list(what: &str, hier: Value, set: Value, problems: &mut Vec<String>) {
    let (Value::Array(hier), Value::Array(set)) = (hier, set) else {
        problems.push(format!("{what}: not lists"));
        return;
    };
    for item in hier {
        if !set.contains(&item) {
            problems.push(format!("{what}: {item} missing from the set form"));
        }
    }
}

/// Every problem with the pair (empty: the set form has everything the brace form has).
fn compare(hier: &ir::Device, set: &ir::Device) -> Vec<String> {
    let mut problems = Vec::new();
    if hier.hostname_span.is_some() && hier.name != set.name {
        problems.push(format!("hostname {} vs {}", hier.name, set.name));
    }
    // `system management-instance` added by the lab: only in the set form.
    let management_added = |d: &ir::Device| {
        d.interfaces.values().any(|i| {
            i.kind == ir::InterfaceKind::Management
                && i.vrf.as_ref().is_some_and(|v| v.value == "mgmt_junos")
        })
    };
    let added = management_added(set) && !management_added(hier);
    let interfaces = |d: &ir::Device| -> Value {
        let mut value = json(&d.interfaces);
        if added && let Value::Object(map) = &mut value {
            for (name, iface) in map.iter_mut() {
                let management = d
                    .interfaces
                    .get(name)
                    .is_some_and(|i| i.kind == ir::InterfaceKind::Management);
                if management && let Value::Object(fields) = iface {
                    fields.remove("vrf");
                }
            }
        }
        value
    };
    subset_map(
        "interface",
        interfaces(hier),
        interfaces(set),
        &mut problems,
    );
    subset_map("vrf", json(&hier.vrfs), json(&set.vrfs), &mut problems);
    subset_list(
        "static route",
        json(&hier.static_routes),
        json(&set.static_routes),
        &mut problems,
    );
    subset_list("ospf", json(&hier.ospf), json(&set.ospf), &mut problems);
    subset_list("isis", json(&hier.isis), json(&set.isis), &mut problems);
    subset_map(
        "policy",
        json(&hier.route_policies),
        json(&set.route_policies),
        &mut problems,
    );
    subset_map(
        "prefix list",
        json(&hier.prefix_lists),
        json(&set.prefix_lists),
        &mut problems,
    );
    subset_map(
        "ipv6 prefix list",
        json(&hier.prefix_lists_v6),
        json(&set.prefix_lists_v6),
        &mut problems,
    );
    subset_map(
        "community list",
        json(&hier.community_lists),
        json(&set.community_lists),
        &mut problems,
    );
    let unsupported = |d: &ir::Device| -> Value {
        json(
            &d.unsupported
                .iter()
                .filter(|u| !(added && u.scope.as_deref() == Some("mgmt_junos")))
                .map(|u| (u.feature.clone(), u.scope.clone()))
                .collect::<Vec<_>>(),
        )
    };
    subset_list(
        "unsupported",
        unsupported(hier),
        unsupported(set),
        &mut problems,
    );
    subset_list(
        "reference",
        json(&hier.references),
        json(&set.references),
        &mut problems,
    );
    match (&hier.bgp, &set.bgp) {
        (None, _) => {}
        (Some(_), None) => problems.push("bgp: missing from the set form".into()),
        (Some(h), Some(s)) => {
            if h.asn != s.asn {
                problems.push(format!("bgp as {} vs {}", h.asn, s.asn));
            }
            for (vrf, hv) in &h.vrfs {
                let Some(sv) = s.vrfs.get(vrf) else {
                    problems.push(format!("bgp vrf `{vrf}`: missing from the set form"));
                    continue;
                };
                let by_peer = |v: &ir::routing::BgpVrf| -> Value {
                    json(
                        &v.neighbors
                            .iter()
                            .map(|(peer, n)| (peer.to_string(), n))
                            .collect::<BTreeMap<_, _>>(),
                    )
                };
                subset_map(
                    &format!("bgp vrf `{vrf}` neighbor"),
                    by_peer(hv),
                    by_peer(sv),
                    &mut problems,
                );
            }
        }
    }
    problems
}

#[test]
fn hierarchical_and_set_forms_agree() {
    let Some(oracle) = common::oracle() else {
        return;
    };
    let dir = oracle.join("parsing/juniper-hierarchical");
    let mut labs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    labs.sort();
    let mut pairs = 0;
    let mut failures = Vec::new();
    for lab in labs {
        let mut files: Vec<_> = std::fs::read_dir(&lab)
            .expect("readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for hier_path in files {
            let name = hier_path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let Some(device) = name.strip_suffix(".hier.cfg") else {
                continue;
            };
            let set_path = lab.join(format!("{device}.set.txt"));
            if !set_path.is_file() {
                continue;
            }
            pairs += 1;
            let hier = parse(&hier_path);
            let set = parse(&set_path);
            let problems = compare(&hier, &set);
            println!(
                "{:<48} {}",
                format!(
                    "{}/{device}",
                    lab.file_name().and_then(|n| n.to_str()).unwrap_or("")
                ),
                if problems.is_empty() {
                    "same"
                } else {
                    "DIFFERENT"
                }
            );
            if !problems.is_empty() {
                failures.push(format!("{}:\n{}", hier_path.display(), problems.join("\n")));
            }
        }
    }
    println!("{pairs} pairs compared");
    assert!(
        pairs >= 9,
        "expected the 9 pairs of the oracle, found {pairs}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
