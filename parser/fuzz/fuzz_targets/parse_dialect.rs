//! Every dialect forced, whatever detection would say: the first byte picks the format (six IOS
//! dialects, Junos hierarchical and set), the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routeproof_parser::{Dialect, Format, Sources, ir, parse_config_as, source};

const FORMATS: [Format; 8] = [
    Format::Ios(Dialect::Ios),
    Format::Ios(Dialect::IosXe),
    Format::Ios(Dialect::Eos),
    Format::Ios(Dialect::Frr),
    Format::Ios(Dialect::CiscoNxos),
    Format::Ios(Dialect::IosXr),
    Format::JunosHierarchical,
    Format::JunosSet,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(selector) % FORMATS.len()];
    let (text, _) = source::decode(rest);
    let mut sources = Sources::new();
    let file = sources.add("configs/fuzz.cfg", text);
    let parsed = parse_config_as(&sources, file, format);
    for d in &parsed.diagnostics {
        assert!(
            d.span.end as usize <= sources.file(file).text.len(),
            "span past the end: {d:?}"
        );
        let _ = sources.location(d.span);
    }
    let _ = ir::print::device(&parsed.device, &sources);
});
