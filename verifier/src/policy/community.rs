//! Standard BGP communities (RFC 1997): parsing the forms configurations write, and the text
//! form that community regular expressions are matched against.

use std::collections::BTreeSet;

use super::Community;

/// `NO_EXPORT` (RFC 1997).
pub const NO_EXPORT: Community = 0xFFFF_FF01;
/// `NO_ADVERTISE` (RFC 1997).
pub const NO_ADVERTISE: Community = 0xFFFF_FF02;
/// `NO_EXPORT_SUBCONFED`, written `local-AS` by Cisco (RFC 1997).
pub const NO_EXPORT_SUBCONFED: Community = 0xFFFF_FF03;

/// Parses one standard community as configurations write it: `asn:value`, a 32-bit decimal
/// number, or a well-known name (`internet`, `no-export`, `no-advertise`, `local-as`,
/// `gshut`). `None` for anything else (extended and large communities included).
pub fn parse(text: &str) -> Option<Community> {
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "internet" => return Some(0),
        "no-export" => return Some(NO_EXPORT),
        "no-advertise" => return Some(NO_ADVERTISE),
        "local-as" | "no-export-subconfed" | "local-as-only" => return Some(NO_EXPORT_SUBCONFED),
        "gshut" | "graceful-shutdown" => return Some(0xFFFF_0000),
        "accept-own" => return Some(0xFFFF_0001),
        "blackhole" => return Some(0xFFFF_029A),
        _ => {}
    }
    if let Some((high, low)) = text.split_once(':') {
        let high: u16 = high.parse().ok()?;
        let low: u16 = low.parse().ok()?;
        return Some((u32::from(high) << 16) | u32::from(low));
    }
    text.parse().ok()
}

/// The `asn:value` text of a community.
pub fn format(community: Community) -> String {
    format!("{}:{}", community >> 16, community & 0xFFFF)
}

/// The communities of a route as one string, ascending and space-separated, which is what IOS,
/// EOS and FRR match expanded community lists against.
pub fn format_set(communities: &BTreeSet<Community>) -> String {
    let parts: Vec<String> = communities.iter().map(|c| format(*c)).collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_written_forms() {
        assert_eq!(parse("65001:2"), Some((65001 << 16) | 2));
        assert_eq!(parse("no-export"), Some(NO_EXPORT));
        assert_eq!(parse("No-Advertise"), Some(NO_ADVERTISE));
        assert_eq!(parse("4259840100"), Some(4_259_840_100));
        assert_eq!(parse("65536:1"), None);
        assert_eq!(parse("rt:1:2"), None);
        assert_eq!(parse("1:2:3"), None);
    }

    #[test]
    fn formats_ascending() {
        let set: BTreeSet<Community> = [parse("3:2").unwrap(), parse("1:20").unwrap()].into();
        assert_eq!(format_set(&set), "1:20 3:2");
    }
}
