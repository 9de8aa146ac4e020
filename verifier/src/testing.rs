//! Test helpers: networks from configuration snippets.

use routeproof_parser::{Sources, build_network, parse_config};

/// A network from IOS-family configuration texts (vendor detected from content; each text
/// must carry a `hostname`).
pub(crate) fn network(configs: &[&str]) -> routeproof_parser::ir::Network {
    let mut sources = Sources::new();
    let mut files = Vec::new();
    for (i, text) in configs.iter().enumerate() {
        let id = sources.add(format!("r{i}.cfg"), format!("!\n{text}"));
        files.push(parse_config(&sources, id).expect("a known vendor"));
    }
    build_network(&files).expect("unique hostnames")
}
