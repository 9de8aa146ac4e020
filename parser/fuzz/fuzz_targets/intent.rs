//! `routeproof.toml` (the intent file): any bytes, read as the loader reads them (lossy
//! UTF-8). Parsing must not panic or hang, and an error must name a line and column inside the
//! text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err((line, column, message)) = routes::intent::parse(&text) {
        assert!(line >= 1 && line <= text.lines().count().max(1) + 1, "line {line}");
        assert!(column >= 1, "column {column}");
        assert!(!message.is_empty());
    }
});
