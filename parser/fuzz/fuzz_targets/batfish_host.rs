//! Batfish host files (`hosts/*.json`): an error message or a host, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routeproof_parser::{FileId, batfish, source};

fuzz_target!(|data: &[u8]| {
    let (text, _) = source::decode(data);
    let _ = batfish::parse_host(FileId(0), &text);
});
