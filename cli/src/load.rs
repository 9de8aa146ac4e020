//! The only I/O of routeproof: finding and reading a snapshot's files.
//!
//! A snapshot is a directory in Batfish's layout (`configs/` found recursively, `hosts/`,
//! `batfish/layer1_topology.json`) or a single configuration file. Files are read in sorted path
//! order so that output never depends on directory iteration order.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use routeproof_parser::{ParsedFile, Sources, ir};

use crate::render::human::clean;

/// Why a snapshot could not be used (exit code 2). Every variant names the file. Paths and
/// names are printed through [`clean`]: a file name may hold control characters too.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    /// The path does not exist or cannot be read.
    #[error("cannot read {}: {}", clean(.path), clean(.reason))]
    #[diagnostic(code(routeproof::input::unreadable))]
    Unreadable { path: String, reason: String },
    /// A directory with no configuration file.
    #[error("no configuration files found in {}", clean(.path))]
    #[diagnostic(
        code(routeproof::input::empty_snapshot),
        help(
            "A snapshot is a directory with a `configs/` folder (Batfish's layout) or a single configuration file."
        )
    )]
    Empty { path: String },
    /// A file of no vendor routeproof knows.
    #[error("{}: not a configuration of a known vendor", clean(.path))]
    #[diagnostic(
        code(routeproof::input::unknown_vendor),
        help(
            "routeproof reads Cisco IOS/IOS-XE/NX-OS/IOS-XR, Arista EOS, FRR/Cumulus and Juniper configurations. A first line `!RANCID-CONTENT-TYPE: cisco` (or arista, cisco-nx, cisco-xr, juniper, cumulus) names the vendor explicitly."
        )
    )]
    UnknownVendor { path: String },
    /// A file with nothing in it.
    #[error("{}: empty file, not a configuration", clean(.path))]
    #[diagnostic(code(routeproof::input::empty_file))]
    EmptyFile { path: String },
    /// A FIFO, socket or device where a file or directory was expected. Reading one could block
    /// forever or never end, so it is refused before it is opened.
    #[error("{}: not a regular file or directory ({kind})", clean(.path))]
    #[diagnostic(code(routeproof::input::special_file))]
    SpecialFile { path: String, kind: &'static str },
    /// A binary file where a configuration was expected.
    #[error("{}: binary file, not a configuration", clean(.path))]
    #[diagnostic(code(routeproof::input::binary_file))]
    Binary { path: String },
    /// Two files configure the same device.
    #[error(
        "device `{}` is configured twice: {} and {}",
        clean(.name),
        clean(.first),
        clean(.second)
    )]
    #[diagnostic(
        code(routeproof::input::duplicate_device),
        help(
            "Device names come from the `hostname` line; each device must appear once per snapshot."
        )
    )]
    DuplicateDevice {
        name: String,
        first: String,
        second: String,
    },
    /// A snapshot file that is not what its name promises.
    #[error("{}: {}", clean(.path), clean(.reason))]
    #[diagnostic(code(routeproof::input::invalid_file))]
    Invalid { path: String, reason: String },
    /// A file too large to be a configuration.
    #[error(
        "{}: {size} bytes is larger than the {limit}-byte limit for one configuration",
        clean(.path)
    )]
    #[diagnostic(code(routeproof::input::too_large))]
    TooLarge { path: String, size: u64, limit: u64 },
}

/// Files larger than this are refused: no router configuration comes near it, and reading one
/// would exhaust memory on a CI runner.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A loaded snapshot: its sources, the parsed files and the assembled network.
pub struct Snapshot {
    /// Every file read.
    pub sources: Sources,
    /// Parsed configuration files, in path order.
    pub files: Vec<ParsedFile>,
    /// The network.
    pub network: ir::Network,
}

/// Loads a snapshot directory or a single configuration file.
pub fn load_snapshot(path: &Path) -> Result<Snapshot, LoadError> {
    let display = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| unreadable(&display, &e))?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(LoadError::SpecialFile {
            path: display,
            kind: special_kind(&meta.file_type()),
        });
    }
    // SONiC switches (Batfish layout): `sonic_configs/<device>/frr.conf` with `config_db.json`.
    let sonic_dirs = if meta.is_dir() {
        sonic_device_dirs(&path.join("sonic_configs"))?
    } else {
        Vec::new()
    };
    let config_paths = if meta.is_file() {
        vec![path.to_path_buf()]
    } else {
        let configs = path.join("configs");
        let root = if configs.is_dir() {
            configs
        } else {
            path.to_path_buf()
        };
        let mut found = Vec::new();
        let mut visited = BTreeSet::new();
        collect_files(&root, &mut found, &mut visited)?;
        found.sort();
        found
    };
    if config_paths.is_empty() && sonic_dirs.is_empty() {
        return Err(LoadError::Empty { path: display });
    }
    let mut sources = Sources::new();
    let mut files = Vec::new();
    for config in &config_paths {
        let shown = config.display().to_string();
        let bytes = read_file(config)?;
        if bytes.is_empty() {
            return Err(LoadError::EmptyFile { path: shown });
        }
        if bytes.contains(&0) {
            return Err(LoadError::Binary { path: shown });
        }
        match routeproof_parser::parse_bytes(&mut sources, shown.clone(), &bytes) {
            (_, Some(parsed)) => files.push(parsed),
            (_, None) => return Err(LoadError::UnknownVendor { path: shown }),
        }
    }
    for dir in &sonic_dirs {
        let frr = dir.join("frr.conf");
        let shown = frr.display().to_string();
        let bytes = read_file(&frr)?;
        let (_, parsed) = routeproof_parser::parse_bytes(&mut sources, shown.clone(), &bytes);
        let Some(mut parsed) = parsed else {
            return Err(LoadError::UnknownVendor { path: shown });
        };
        let db = dir.join("config_db.json");
        if db.is_file() {
            let (text, _) = routeproof_parser::source::decode(&read_file(&db)?);
            let id = sources.add(db.display().to_string(), text.clone());
            routeproof_parser::sonic::apply_config_db(&mut parsed, id, &text);
        }
        files.push(parsed);
    }
    let mut network =
        routeproof_parser::build_network(&files).map_err(|d| LoadError::DuplicateDevice {
            name: d.name,
            first: sources.file(d.first).path.clone(),
            second: sources.file(d.second).path.clone(),
        })?;
    if meta.is_dir() {
        load_batfish_extras(path, &mut sources, &mut network)?;
    }
    Ok(Snapshot {
        sources,
        files,
        network,
    })
}

/// Reads `hosts/*.json`, `external_bgp_announcements.json` and `batfish/layer1_topology.json`
/// when present.
fn load_batfish_extras(
    root: &Path,
    sources: &mut Sources,
    network: &mut ir::Network,
) -> Result<(), LoadError> {
    let hosts = root.join("hosts");
    if hosts.is_dir() {
        let mut paths: Vec<PathBuf> = fs::read_dir(&hosts)
            .map_err(|e| unreadable(&hosts.display().to_string(), &e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let shown = path.display().to_string();
            let bytes = read_file(&path)?;
            let (text, _) = routeproof_parser::source::decode(&bytes);
            let id = sources.add(shown.clone(), text.clone());
            let host = routeproof_parser::batfish::parse_host(id, &text).map_err(|reason| {
                LoadError::Invalid {
                    path: shown.clone(),
                    reason,
                }
            })?;
            if network
                .devices
                .keys()
                .any(|d| d.eq_ignore_ascii_case(&host.name))
                || network.hosts.contains_key(&host.name)
            {
                return Err(LoadError::DuplicateDevice {
                    name: host.name,
                    first: "another file".into(),
                    second: shown,
                });
            }
            network.hosts.insert(host.name.clone(), host);
        }
    }
    let announcements = root.join("external_bgp_announcements.json");
    if announcements.is_file() {
        let shown = announcements.display().to_string();
        let bytes = read_file(&announcements)?;
        let (text, _) = routeproof_parser::source::decode(&bytes);
        let id = sources.add(shown.clone(), text.clone());
        network.bgp_announcements = routeproof_parser::batfish::parse_bgp_announcements(
            id, &text, network,
        )
        .map_err(|reason| LoadError::Invalid {
            path: shown,
            reason,
        })?;
    }
    let layer1 = root.join("batfish").join("layer1_topology.json");
    if layer1.is_file() {
        let shown = layer1.display().to_string();
        let bytes = read_file(&layer1)?;
        let (text, _) = routeproof_parser::source::decode(&bytes);
        network.layer1 =
            routeproof_parser::batfish::parse_layer1(&text, network).map_err(|reason| {
                LoadError::Invalid {
                    path: shown,
                    reason,
                }
            })?;
    }
    Ok(())
}

fn unreadable(path: &str, e: &std::io::Error) -> LoadError {
    LoadError::Unreadable {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

/// Reads a regular file, refusing ones above [`MAX_FILE_BYTES`] and anything that is not a
/// regular file (a FIFO would block, a device may never end).
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let shown = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| unreadable(&shown, &e))?;
    if meta.is_dir() {
        return Err(LoadError::Unreadable {
            path: shown,
            reason: "is a directory, not a file".into(),
        });
    }
    if !meta.is_file() {
        return Err(LoadError::SpecialFile {
            path: shown,
            kind: special_kind(&meta.file_type()),
        });
    }
    let too_large = |size| LoadError::TooLarge {
        path: shown.clone(),
        size,
        limit: MAX_FILE_BYTES,
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    // The size can change between the check and the read (a file being written): read at most
    // one byte past the limit, so memory stays bounded whatever the metadata said.
    let file = fs::File::open(path).map_err(|e| unreadable(&shown, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&shown, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What kind of special file a non-regular, non-directory entry is.
fn special_kind(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// Collects regular files under `dir` recursively, skipping hidden entries and documentation,
/// and never entering the same directory twice (symlink loops).
fn collect_files(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    visited: &mut BTreeSet<PathBuf>,
) -> Result<(), LoadError> {
    let shown = dir.display().to_string();
    let canonical = fs::canonicalize(dir).map_err(|e| unreadable(&shown, &e))?;
    if !visited.insert(canonical) {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|e| unreadable(&shown, &e))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| unreadable(&shown, &e))?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // SONiC folders are read by `sonic_device_dirs`, frr.conf and config_db.json together.
        if name.starts_with('.') || is_documentation(name) || name == "sonic_configs" {
            continue;
        }
        let shown = path.display().to_string();
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => collect_files(&path, found, visited)?,
            Ok(meta) if meta.is_file() => found.push(path),
            Ok(meta) => {
                return Err(LoadError::SpecialFile {
                    path: shown,
                    kind: special_kind(&meta.file_type()),
                });
            }
            // A dangling symlink or a symlink loop (`a -> b -> a`): report it rather than skip
            // it silently.
            Err(e) => {
                // The OS error tells a loop ("too many levels of symbolic links") from a
                // missing target.
                let reason = match fs::symlink_metadata(&path) {
                    Ok(link) if link.file_type().is_symlink() => {
                        format!("broken symbolic link ({e})")
                    }
                    _ => e.to_string(),
                };
                return Err(LoadError::Unreadable {
                    path: shown,
                    reason,
                });
            }
        }
    }
    Ok(())
}

/// The device folders of a `sonic_configs` directory that hold an `frr.conf`, sorted.
fn sonic_device_dirs(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let shown = dir.display().to_string();
    let mut dirs = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| unreadable(&shown, &e))? {
        let path = entry.map_err(|e| unreadable(&shown, &e))?.path();
        if path.join("frr.conf").is_file() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn is_documentation(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("readme")
        || [".md", ".png", ".jpg", ".svg", ".json", ".yaml", ".yml"]
            .iter()
            .any(|e| lower.ends_with(e))
}
