//! Cumulus' concatenated files (hostname, `/etc/network/interfaces`, `ports.conf`, `frr.conf`):
//! the input follows the interfaces marker, so the Cumulus section finder always runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routeproof_parser::{Dialect, Format, Sources, ir, parse_config_as, source};

fuzz_target!(|data: &[u8]| {
    let (body, _) = source::decode(data);
    let text = format!("cumulus1\n# This file describes the network interfaces available\n{body}");
    let mut sources = Sources::new();
    let file = sources.add("configs/cumulus1.cfg", text);
    let parsed = parse_config_as(&sources, file, Format::Ios(Dialect::Frr));
    for d in &parsed.diagnostics {
        assert!(
            d.span.end as usize <= sources.file(file).text.len(),
            "span past the end: {d:?}"
        );
    }
    let _ = ir::print::device(&parsed.device, &sources);
});
