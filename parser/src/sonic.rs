//! SONiC switches: `config_db.json` next to an FRR `frr.conf` (Batfish's
//! `sonic_configs/<device>/` layout).
//!
//! The routing protocols of a SONiC switch are in `frr.conf`, parsed as FRR. Its interfaces,
//! their addresses and VRFs, and static routes are in the `config_db.json` tables, which
//! [`apply_config_db`] adds to the device parsed from `frr.conf`. Tables that change forwarding
//! but are not modelled (ACLs, NAT, VXLAN) are recorded as unsupported; the many tables about
//! the platform (ports' lanes, counters, telemetry) have no routing effect and are skipped.

use ipnet::IpNet;
use serde_json::{Map, Value};

use crate::ParsedFile;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Spanned};
use crate::source::{FileId, Span};

/// Tables whose keys are `NAME` or `NAME|PREFIX` (an address on the interface).
const INTERFACE_TABLES: &[&str] = &[
    "INTERFACE",
    "LOOPBACK_INTERFACE",
    "VLAN_INTERFACE",
    "PORTCHANNEL_INTERFACE",
    "VLAN_SUB_INTERFACE",
    "MGMT_INTERFACE",
];

/// Tables that change forwarding and are not modelled, with the feature name to record.
const UNSUPPORTED_TABLES: &[(&str, &str)] = &[
    ("ACL_TABLE", "sonic acl"),
    ("ACL_RULE", "sonic acl"),
    ("NAT_BINDINGS", "nat"),
    ("STATIC_NAT", "nat"),
    ("STATIC_NAPT", "nat"),
    ("VXLAN_TUNNEL", "vxlan"),
    ("VXLAN_TUNNEL_MAP", "vxlan"),
    ("VNET", "vxlan"),
    ("PBH_RULE", "policy-based routing"),
];

/// Reads `config_db.json` (file `file`, text `text`) into the device of `parsed` (its
/// `frr.conf`). Never fails: a file that is not JSON is reported and contributes nothing.
pub fn apply_config_db(parsed: &mut ParsedFile, file: FileId, text: &str) {
    let root: Map<String, Value> = match serde_json::from_str(text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            parsed.diagnostics.push(Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                Span::new(file, 0, 0),
                "config_db.json is not a JSON object; its interfaces are not read",
            ));
            return;
        }
        Err(e) => {
            let at = line_offset(text, e.line());
            parsed.diagnostics.push(Diagnostic::new(
                Code::InvalidLine,
                Severity::Warning,
                Span::new(file, at, at),
                format!("config_db.json is not valid JSON ({e}); its interfaces are not read"),
            ));
            return;
        }
    };
    let mut reader = Reader {
        file,
        text,
        device: &mut parsed.device,
        diagnostics: &mut parsed.diagnostics,
    };
    reader.hostname(&root);
    reader.vrfs(&root);
    for table in INTERFACE_TABLES {
        if let Some(Value::Object(rows)) = root.get(*table) {
            reader.interfaces(table, rows);
        }
    }
    for table in ["PORT", "PORTCHANNEL"] {
        if let Some(Value::Object(rows)) = root.get(table) {
            reader.ports(table, rows);
        }
    }
    if let Some(Value::Object(rows)) = root.get("STATIC_ROUTE") {
        reader.static_routes(rows);
    }
    for (table, feature) in UNSUPPORTED_TABLES {
        if let Some(Value::Object(rows)) = root.get(*table)
            && !rows.is_empty()
        {
            let span = reader.key_span(table);
            reader.unsupported(feature, None, span);
        }
    }
    // With `docker_routing_config_mode` other than `split`, SONiC also builds BGP sessions from
    // BGP_NEIGHBOR; in split mode frr.conf is the whole truth.
    if let Some(Value::Object(rows)) = root.get("BGP_NEIGHBOR")
        && !rows.is_empty()
        && metadata(&root, "docker_routing_config_mode") != Some("split")
    {
        let span = reader.key_span("BGP_NEIGHBOR");
        reader.unsupported("bgp neighbors in config_db", None, span);
    }
}

fn metadata<'m>(root: &'m Map<String, Value>, field: &str) -> Option<&'m str> {
    root.get("DEVICE_METADATA")?
        .get("localhost")?
        .get(field)?
        .as_str()
}

/// Byte offset of 1-based line `line`.
fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

struct Reader<'r> {
    file: FileId,
    text: &'r str,
    device: &'r mut ir::Device,
    diagnostics: &'r mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The span of the first `"key"` in the file (the key without its quotes), or the start.
    fn key_span(&self, key: &str) -> Span {
        self.key_span_after(0, key)
    }

    /// The span of `"key"` in table `table` (the first occurrence after the table's name).
    fn key_span_in(&self, table: &str, key: &str) -> Span {
        let start = self.text.find(&format!("\"{table}\"")).unwrap_or(0);
        self.key_span_after(start, key)
    }

    fn key_span_after(&self, start: usize, key: &str) -> Span {
        let quoted = format!("\"{key}\"");
        match self.text.get(start..).and_then(|t| t.find(&quoted)) {
            Some(at) => Span::new(self.file, start + at + 1, start + at + 1 + key.len()),
            None => Span::new(self.file, 0, 0),
        }
    }

    fn unsupported(&mut self, feature: &str, scope: Option<String>, span: Span) {
        self.device.unsupported.push(ir::Unsupported {
            feature: feature.to_owned(),
            scope,
            span,
        });
    }

    fn warn(&mut self, span: Span, message: String) {
        self.diagnostics.push(Diagnostic::new(
            Code::InvalidLine,
            Severity::Warning,
            span,
            message,
        ));
    }

    fn hostname(&mut self, root: &Map<String, Value>) {
        let Some(name) = metadata(root, "hostname") else {
            return;
        };
        if self.device.hostname_span.is_some() {
            return;
        }
        // frr.conf has no hostname: config_db's names the device.
        let span = self.key_span_in("DEVICE_METADATA", "hostname");
        self.device.name = name.to_owned();
        self.device.hostname_span = Some(span);
        self.diagnostics.retain(|d| d.code != Code::MissingHostname);
    }

    fn vrfs(&mut self, root: &Map<String, Value>) {
        let Some(Value::Object(rows)) = root.get("VRF") else {
            return;
        };
        for name in rows.keys() {
            if name == "default" {
                continue;
            }
            let span = self.key_span_in("VRF", name);
            self.device
                .vrfs
                .entry(name.clone())
                .or_insert_with(|| ir::Vrf {
                    name: name.clone(),
                    span,
                    ..ir::Vrf::default()
                });
        }
    }

    fn interface(&mut self, name: &str, span: Span) -> &mut ir::Interface {
        self.device
            .interfaces
            .entry(name.to_owned())
            .or_insert_with(|| ir::Interface::new(name, span))
    }

    fn interfaces(&mut self, table: &str, rows: &Map<String, Value>) {
        for (key, value) in rows {
            let span = self.key_span_in(table, key);
            match key.split_once('|') {
                None => {
                    let vrf = value.get("vrf_name").and_then(Value::as_str);
                    let interface = self.interface(key, span);
                    if let Some(vrf) = vrf {
                        interface.vrf = Some(Spanned::new(vrf.to_owned(), span));
                    }
                    if let Some(vrf) = vrf {
                        self.device.references.push(ir::Reference {
                            kind: ir::StructureKind::Vrf,
                            name: vrf.to_owned(),
                            usage: format!("{table} {key} vrf_name"),
                            span,
                        });
                    }
                }
                Some((name, prefix)) => match prefix.parse::<IpNet>() {
                    Ok(address) => {
                        let interface = self.interface(name, span);
                        // SONiC has no primary address: the first of a family is the primary.
                        let secondary = interface
                            .addresses
                            .iter()
                            .any(|a| a.address.addr().is_ipv4() == address.addr().is_ipv4())
                            && address.addr().is_ipv4();
                        interface.addresses.push(ir::InterfaceAddress {
                            address,
                            secondary,
                            span,
                        });
                    }
                    Err(_) => self.warn(span, format!("invalid address `{prefix}` in {table}")),
                },
            }
        }
    }

    /// Administrative state, MTU and speed of ports and port channels that carry addresses.
    fn ports(&mut self, table: &str, rows: &Map<String, Value>) {
        for (name, value) in rows {
            if !self.device.interfaces.contains_key(name) {
                continue;
            }
            let span = self.key_span_in(table, name);
            let field = |f: &str| value.get(f).and_then(Value::as_str);
            let (admin, mtu, speed) = (field("admin_status"), field("mtu"), field("speed"));
            let Some(interface) = self.device.interfaces.get_mut(name) else {
                continue;
            };
            if let Some(admin) = admin {
                interface.shutdown = Some(Spanned::new(admin != "up", span));
            }
            if let Some(mtu) = mtu.and_then(|m| m.parse().ok()) {
                interface.mtu = Some(Spanned::new(mtu, span));
            }
            if let Some(speed) = speed.and_then(|s| s.parse().ok()) {
                interface.speed_mbps = Some(Spanned::new(speed, span));
            }
        }
    }

    /// `STATIC_ROUTE`: keys `PREFIX` or `VRF|PREFIX`; `nexthop`, `ifname` (comma-separated, one
    /// route per next hop), `distance`, `blackhole`, `nexthop-vrf`.
    fn static_routes(&mut self, rows: &Map<String, Value>) {
        for (key, value) in rows {
            let span = self.key_span_in("STATIC_ROUTE", key);
            let (vrf, prefix) = match key.split_once('|') {
                Some((vrf, prefix)) if vrf != "default" => (Some(vrf.to_owned()), prefix),
                Some((_, prefix)) => (None, prefix),
                None => (None, key.as_str()),
            };
            let Ok(prefix) = prefix.parse::<IpNet>() else {
                self.warn(span, format!("invalid prefix `{prefix}` in STATIC_ROUTE"));
                continue;
            };
            let prefix = prefix.trunc();
            let field = |f: &str| value.get(f).and_then(Value::as_str).unwrap_or("");
            let list = |f: &str| -> Vec<String> {
                field(f).split(',').map(|s| s.trim().to_owned()).collect()
            };
            let (hops, ifnames, vrfs) = (list("nexthop"), list("ifname"), list("nexthop-vrf"));
            let distance = field("distance").parse().ok();
            let blackhole = field("blackhole").split(',').any(|b| b.trim() == "true");
            let count = hops.len().max(ifnames.len());
            for i in 0..count {
                let hop = hops.get(i).and_then(|h| h.parse().ok());
                let ifname = ifnames.get(i).filter(|n| !n.is_empty()).cloned();
                let hop_vrf = vrfs.get(i).filter(|v| !v.is_empty()).cloned();
                let next_hop = match (blackhole, hop_vrf, ifname, hop) {
                    (true, ..) => ir::routing::StaticNextHop::Discard,
                    (false, Some(v), _, hop) if Some(&v) != vrf.as_ref() => {
                        ir::routing::StaticNextHop::OtherVrf(v, hop)
                    }
                    (false, _, Some(i), Some(a)) => {
                        ir::routing::StaticNextHop::InterfaceAddress(i, a)
                    }
                    (false, _, Some(i), None) => ir::routing::StaticNextHop::Interface(i),
                    (false, _, None, Some(a)) => ir::routing::StaticNextHop::Address(a),
                    (false, _, None, None) => {
                        self.warn(span, format!("STATIC_ROUTE {key} has no next hop"));
                        continue;
                    }
                };
                self.device.static_routes.push(ir::StaticRoute {
                    vrf: vrf.clone(),
                    prefix,
                    next_hop,
                    distance,
                    tag: None,
                    name: None,
                    permanent: false,
                    metric: None,
                    connected_only: false,
                    span,
                });
                if blackhole {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    /// Parses `frr` as the device's frr.conf and `db` as its config_db.json; returns the IR
    /// dump and the diagnostics' messages.
    fn check(frr: &str, db: &str) -> String {
        let mut sources = Sources::new();
        let (_, parsed) = crate::parse_bytes(&mut sources, "s1/frr.conf", frr.as_bytes());
        let mut parsed = parsed.expect("frr.conf is detected");
        let file = sources.add("s1/config_db.json", db);
        apply_config_db(&mut parsed, file, db);
        let mut out = crate::ir::print::device(&parsed.device, &sources);
        for d in &parsed.diagnostics {
            out.push_str(&format!("! {}\n", d.message));
        }
        out
    }

    #[test]
    fn interfaces_vrfs_ports_and_statics() {
        let db = r#"{
  "DEVICE_METADATA": {"localhost": {"hostname": "s1", "docker_routing_config_mode": "split"}},
  "VRF": {"default": {"enabled": "true"}, "Vrf1": {}},
  "INTERFACE": {"Ethernet0": {}, "Ethernet0|10.0.0.1/31": {}, "Ethernet0|2001:db8::1/64": {},
                "Ethernet4": {"vrf_name": "Vrf1"}, "Ethernet4|10.1.0.1/24": {}},
  "LOOPBACK_INTERFACE": {"Loopback0|10.255.0.1/32": {}},
  "PORT": {"Ethernet0": {"admin_status": "up", "mtu": "9100", "speed": "25000"},
           "Ethernet4": {"admin_status": "down"}, "Ethernet8": {"admin_status": "up"}},
  "STATIC_ROUTE": {"0.0.0.0/0": {"nexthop": "10.0.0.0"},
                   "Vrf1|10.9.0.0/16": {"nexthop": "10.1.0.254,10.1.0.253", "ifname": "Ethernet4,Ethernet4"},
                   "10.8.0.0/16": {"blackhole": "true"}},
  "ACL_RULE": {"DATAACL|RULE_1": {"PACKET_ACTION": "DROP"}}
}"#;
        let got = check("frr version 7.2-sonic\n", db);
        assert!(got.starts_with("device s1 (frr)"), "{got}");
        assert!(got.contains("vrf Vrf1"), "{got}");
        assert!(got.contains("address 10.0.0.1/31"), "{got}");
        assert!(got.contains("address 2001:db8::1/64"), "{got}");
        assert!(got.contains("shutdown on"), "{got}");
        assert!(got.contains("mtu 9100"), "{got}");
        assert!(
            !got.contains("Ethernet8"),
            "ports without addresses stay out: {got}"
        );
        assert!(got.contains("static 0.0.0.0/0 via 10.0.0.0"), "{got}");
        assert!(
            got.contains("static vrf Vrf1 10.9.0.0/16 out Ethernet4 via 10.1.0.253"),
            "{got}"
        );
        assert!(got.contains("static 10.8.0.0/16 discard"), "{got}");
        assert!(got.contains("unsupported sonic acl"), "{got}");
        assert!(!got.contains("no hostname"), "{got}");
    }

    #[test]
    fn broken_json_is_reported_not_fatal() {
        let got = check("frr version 7.2-sonic\nhostname s2\n", "{\"INTERFACE\": [");
        assert!(got.starts_with("device s2 (frr)"), "{got}");
        assert!(got.contains("! config_db.json is not valid JSON"), "{got}");
        let got = check("frr version 7.2-sonic\nhostname s2\n", "[1, 2]");
        assert!(got.contains("not a JSON object"), "{got}");
    }
}
