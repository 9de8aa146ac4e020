//! routeproof's parser: router configuration text into the vendor-neutral IR.
//!
//! ```text
//! text --detect--> Format --ios::parse_device / junos::parse_device--> ir::Device + Diagnostics
//! ```
//!
//! - [`source`]: files, [`Span`](source::Span)s and line/column lookup. Start here.
//! - [`detect`]: which vendor wrote a file.
//! - [`ir`]: the contract with the verifier: plain, ordered, spanned data.
//! - `ios`: the IOS family (IOS, IOS-XE, EOS, FRR, NX-OS, IOS-XR): line tokenizer, mode
//!   binder (the KT-2021 missing-`exit` class is found there), nom grammars, lowering.
//! - `junos`: Juniper Junos, hierarchical and `set` forms: both flattened into `set`
//!   statements (deletions, deactivations and `apply-groups` resolved), then lowered.
//! - [`batfish`]: Batfish's snapshot extras (hosts, layer-1 topology).
//! - [`sonic`]: SONiC's `config_db.json`, read next to the switch's FRR `frr.conf`.
//! - [`change`]: replays an operator's change script on a configuration (`routeproof apply`).
//! - [`diagnostic`]: what the parser says about its input, with stable codes.
//!
//! **Parsing never fails**: every function here returns a model plus diagnostics. The only
//! refusal is a file of no known vendor ([`parse_config`] returns `None`), which the CLI turns
//! into exit code 2. The crate does no I/O.

pub mod batfish;
pub mod change;
pub mod detect;
pub mod diagnostic;
pub(crate) mod ios;
pub mod ir;
pub(crate) mod junos;
pub mod sonic;
pub mod source;

use std::collections::BTreeMap;

pub use detect::{Format, detect};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use ios::Dialect;
pub use source::{FileId, SourceFile, Sources, Span, Spanned};

/// One parsed configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedFile {
    /// The file.
    pub file: FileId,
    /// What it was detected as.
    pub format: Format,
    /// The device it configures.
    pub device: ir::Device,
    /// What the parser has to say about it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses file `file` of `sources`, detecting its vendor. `None` when the vendor is unknown.
pub fn parse_config(sources: &Sources, file: FileId) -> Option<ParsedFile> {
    let source = sources.file(file);
    let format = detect(&source.text)?;
    Some(parse_config_as(sources, file, format))
}

/// Adds a file's raw bytes to `sources` (UTF-8, or Latin-1 when not valid UTF-8) and parses it,
/// detecting its vendor. The file is added either way; the parse is `None` when the vendor is
/// unknown. A Latin-1 file gets a `routeproof::parse::latin1` diagnostic, since descriptions and
/// banners may then read differently from what the operator typed.
pub fn parse_bytes(
    sources: &mut Sources,
    path: impl Into<String>,
    bytes: &[u8],
) -> (FileId, Option<ParsedFile>) {
    let (text, latin1) = source::decode(bytes);
    let file = sources.add(path, text);
    let mut parsed = parse_config(sources, file);
    if latin1 && let Some(parsed) = parsed.as_mut() {
        parsed.diagnostics.insert(
            0,
            Diagnostic::new(
                Code::Latin1,
                Severity::Info,
                Span::new(file, 0, 0),
                "the file is not valid UTF-8 and was read as Latin-1",
            ),
        );
    }
    (file, parsed)
}

/// Parses file `file` of `sources` as `format`.
pub fn parse_config_as(sources: &Sources, file: FileId, format: Format) -> ParsedFile {
    let source = sources.file(file);
    let fallback = fallback_name(&source.path);
    let (device, diagnostics) = match format {
        Format::Ios(dialect) => ios::parse_device(file, &source.text, dialect, &fallback),
        Format::JunosHierarchical => {
            junos::parse_device(file, &source.text, junos::Form::Hierarchical, &fallback)
        }
        Format::JunosSet => junos::parse_device(file, &source.text, junos::Form::Set, &fallback),
    };
    ParsedFile {
        file,
        format,
        device,
        diagnostics,
    }
}

/// The device name used when a configuration has no hostname: the file name without extension,
/// or the parent folder for lab-style `configs/<device>/show_running-config.txt` paths.
pub fn fallback_name(path: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let file = parts.last().copied().unwrap_or("device");
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    // Lab layouts name the folder after the device: `configs/r1/show_running-config.txt`,
    // SONiC's `sonic_configs/r1/frr.conf`.
    if (stem.starts_with("show_") || file == "frr.conf") && parts.len() >= 2 {
        return parts[parts.len() - 2].to_owned();
    }
    stem.to_owned()
}

/// Two files that configure devices with the same name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("device `{name}` is configured twice")]
pub struct DuplicateDevice {
    /// The device name.
    pub name: String,
    /// The first file.
    pub first: FileId,
    /// The second file.
    pub second: FileId,
}

/// Assembles parsed files into a network. Device names must be unique (case-insensitively, as
/// Batfish and DNS treat them).
pub fn build_network(files: &[ParsedFile]) -> Result<ir::Network, DuplicateDevice> {
    let mut seen: BTreeMap<String, FileId> = BTreeMap::new();
    let mut network = ir::Network::default();
    for parsed in files {
        let key = parsed.device.name.to_ascii_lowercase();
        if let Some(&first) = seen.get(&key) {
            return Err(DuplicateDevice {
                name: parsed.device.name.clone(),
                first,
                second: parsed.file,
            });
        }
        seen.insert(key, parsed.file);
        network
            .devices
            .insert(parsed.device.name.clone(), parsed.device.clone());
    }
    Ok(network)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any bytes at all: detected or not, parsed without a panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let mut sources = Sources::new();
            let _ = parse_bytes(&mut sources, "x.cfg", &bytes);
            let mut header = b"!RANCID-CONTENT-TYPE: cisco-nx\nhostname x\n".to_vec();
            header.extend_from_slice(&bytes);
            let _ = parse_bytes(&mut sources, "y.cfg", &header);
            let mut xr = b"!RANCID-CONTENT-TYPE: cisco-xr\nroute-policy P\n if ".to_vec();
            xr.extend_from_slice(&bytes);
            let _ = parse_bytes(&mut sources, "z.cfg", &xr);
            let mut junos = b"#RANCID-CONTENT-TYPE: juniper\ninterfaces { ge-0/0/0 { ".to_vec();
            junos.extend_from_slice(&bytes);
            let _ = parse_bytes(&mut sources, "j.cfg", &junos);
            let mut set = b"set system host-name j\nset interfaces ".to_vec();
            set.extend_from_slice(&bytes);
            let id = sources.add("s.cfg", String::from_utf8_lossy(&set).into_owned());
            let _ = parse_config_as(&sources, id, Format::JunosSet);
        }
    }

    #[test]
    fn fallback_names() {
        assert_eq!(fallback_name("configs/r1.cfg"), "r1");
        assert_eq!(
            fallback_name("configs/as2core1/show_running-config.txt"),
            "as2core1"
        );
        assert_eq!(fallback_name("r2"), "r2");
        assert_eq!(fallback_name("sonic_configs/ed01/frr.conf"), "ed01");
    }
}
