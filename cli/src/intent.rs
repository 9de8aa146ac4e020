//! Reading `routeproof.toml` (the model is `routeproof_verifier::intent`): found next to the
//! snapshot after the change (or its parent, for `check DIR`), or given with `--intent FILE`.
//! Unknown keys and bad values are errors naming file, line and column (exit 2).

use std::path::{Path, PathBuf};

use routeproof_verifier::intent::Intent;

use crate::load::{LoadError, read_file};

/// The intent file's name.
pub const FILE_NAME: &str = "routeproof.toml";

/// The first `routeproof.toml` among `candidates` (directories), if any.
pub fn discover(candidates: &[PathBuf]) -> Option<PathBuf> {
    candidates
        .iter()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Parses an intent file.
pub fn load(path: &Path) -> Result<Intent, LoadError> {
    let bytes = read_file(path)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    parse(&text).map_err(|(line, column, reason)| LoadError::Invalid {
        path: format!("{}:{line}:{column}", path.display()),
        reason,
    })
}

/// Parses intent text; errors carry a 1-based line and column.
pub fn parse(text: &str) -> Result<Intent, (usize, usize, String)> {
    toml::from_str::<Intent>(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| {
                // A span is meant to start on a character, but slicing must not trust that.
                let start = (0..=s.start.min(text.len()))
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                let before = &text[..start];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (line, column)
            })
            .unwrap_or((1, 1));
        (line, column, e.message().to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses() {
        let intent = parse(
            "fail_on = \"warning\"\nignore_sources = [\"lab-*\"]\nscope = [\"core1\"]\n\n[[intended_loss]]\nprefix = \"10.20.0.0/16\"\nsources = [\"branch-*\"]\n\n[[must_reach]]\nprefix = \"10.0.0.0/8\"\nfrom = [\"edge*\"]\n\n[[budget]]\ndevices = \"core*\"\nprotocol = \"isis\"\nmax_routes = 5000\n\n[severity]\n\"routeproof::check::undefined_reference\" = \"error\"\n",
        )
        .unwrap();
        assert_eq!(intent.intended_losses.len(), 1);
        assert_eq!(intent.must_reach[0].from, vec!["edge*".to_owned()]);
        assert_eq!(intent.budgets[0].max_routes, 5000);
    }

    #[test]
    fn unknown_keys_name_the_line() {
        let err = parse(
            "scope = [\"a\"]\n\n[[budget]]\ndevices = \"x\"\nprotocol = \"isis\"\nmax_route = 3\n",
        )
        .unwrap_err();
        assert_eq!(err.0, 6, "{err:?}");
        assert!(err.2.contains("max_route"), "{err:?}");
        let err = parse("frobnicate = 1\n").unwrap_err();
        assert_eq!((err.0, err.1), (1, 1), "{err:?}");
    }
}
