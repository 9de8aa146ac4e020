//! Any bytes, as the loader sees them: decoded (UTF-8 or Latin-1), vendor detected, parsed,
//! assembled into a network and printed. Nothing may panic and nothing may hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routeproof_parser::{Sources, build_network, ir, parse_bytes};

fuzz_target!(|data: &[u8]| {
    let mut sources = Sources::new();
    let (_, parsed) = parse_bytes(&mut sources, "configs/fuzz.cfg", data);
    if let Some(parsed) = parsed {
        for d in &parsed.diagnostics {
            // Every diagnostic must point into the file it names.
            let file = sources.file(d.span.file);
            assert!(
                d.span.end as usize <= file.text.len(),
                "span past the end: {d:?}"
            );
            let _ = sources.location(d.span);
        }
        if let Ok(network) = build_network(&[parsed]) {
            let _ = ir::print::network(&network, &sources);
        }
    }
});
