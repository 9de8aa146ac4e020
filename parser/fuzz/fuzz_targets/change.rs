//! Change scripts (`routeproof apply`): the first byte picks a base configuration (and with it
//! the dialect) and how much of it is kept, the rest is the script. The replay must not panic or
//! hang, every diagnostic must point inside its file, and the resulting configuration must parse
//! again.
//!
//! The bases are small fixtures, one per dialect (4,800 bytes in all), and an input usually
//! keeps only their first lines: each execution parses the base and the result in full, so the
//! base's size sets the speed. With the larger bases used before (the 2,300-byte KT core for
//! IOS, 6,900 bytes in all, always whole) an execution cost about 1.6 times as much.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routeproof_parser::{Dialect, Format, Sources, change, parse_config_as, source};

const BASES: [(&str, Dialect); 6] = [
    (
        include_str!("../../../fixtures/configs/ios/isis.cfg"),
        Dialect::Ios,
    ),
    (
        include_str!("../../../fixtures/configs/ios/vrfs.cfg"),
        Dialect::IosXe,
    ),
    (
        include_str!("../../../fixtures/configs/eos/vrfs.cfg"),
        Dialect::Eos,
    ),
    (
        include_str!("../../../fixtures/configs/frr/vrfs.cfg"),
        Dialect::Frr,
    ),
    (
        include_str!("../../../fixtures/configs/nxos/features.cfg"),
        Dialect::CiscoNxos,
    ),
    (
        include_str!("../../../fixtures/configs/iosxr/route-policy.cfg"),
        Dialect::IosXr,
    ),
];

/// The first `lines` lines of `text` (all of it for 0).
fn head(text: &str, lines: usize) -> &str {
    if lines == 0 {
        return text;
    }
    match text.match_indices('\n').nth(lines - 1) {
        Some((end, _)) => &text[..=end],
        None => text,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (base_text, dialect) = BASES[usize::from(selector) % BASES.len()];
    // The rest of the byte: 0 keeps the whole base, n keeps its first 2n lines.
    let base_text = head(base_text, usize::from(selector) / BASES.len() * 2);
    let (script_text, _) = source::decode(rest);
    let mut sources = Sources::new();
    let base = sources.add("configs/base.cfg", base_text);
    let script = sources.add("change.txt", script_text);
    let result = change::apply(&sources, base, script, dialect);
    for d in &result.diagnostics {
        let file = sources.file(d.span.file);
        assert!(
            d.span.end as usize <= file.text.len(),
            "span past the end: {d:?}"
        );
    }
    assert_eq!(
        result.origins.len(),
        result.text.lines().count(),
        "one origin per line"
    );
    let resulting = sources.add("configs/result.cfg", result.text);
    let _ = parse_config_as(&sources, resulting, Format::Ios(dialect));
});
