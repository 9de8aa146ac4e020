//! Cisco-style regular expressions, as AS-path access lists and expanded community lists use
//! them (IOS, IOS-XE, NX-OS, EOS and FRR share the dialect).
//!
//! The one special character is `_`, which matches a delimiter: the start or end of the string,
//! a space, a comma, a brace or a parenthesis. Everything else is a POSIX-like extended regular
//! expression, which the `regex` crate accepts as is (it has no back-references; a pattern that
//! needs one does not compile and the caller treats it as unsupported). Matching is a search,
//! not a full match: `_65001_` matches any path containing AS 65001.
//!
//! Compiled expressions are cached by pattern text; the cache holds no state that could make two
//! runs differ.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;

/// The `regex` crate pattern for a Cisco-style pattern.
pub fn translate(cisco: &str) -> String {
    let mut out = String::with_capacity(cisco.len() + 16);
    let mut chars = cisco.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // A `]` right after `[` (or `[^`) is a literal in POSIX classes.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '_' if !in_class => out.push_str("(?:^|$|[ ,{}()])"),
            _ => out.push(c),
        }
    }
    out
}

/// The compiled form of a Cisco-style pattern, or `None` when it does not compile.
pub fn compile(cisco: &str) -> Option<Arc<Regex>> {
    static CACHE: OnceLock<Mutex<BTreeMap<String, Option<Arc<Regex>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut cache = match cache.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(hit) = cache.get(cisco) {
        return hit.clone();
    }
    let compiled = Regex::new(&translate(cisco)).ok().map(Arc::new);
    cache.insert(cisco.to_owned(), compiled.clone());
    compiled
}

/// Whether `text` matches the Cisco-style `pattern` (`None` when the pattern does not compile).
pub fn is_match(pattern: &str, text: &str) -> Option<bool> {
    compile(pattern).map(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input: Cisco patterns and AS-path / community strings. Expected: IOS's answers.
    #[test]
    fn underscore_is_a_delimiter() {
        assert_eq!(is_match("_1:", "1:2 3:4"), Some(true));
        assert_eq!(is_match("_1:", "21:2"), Some(false));
        assert_eq!(is_match("_3:", "1:2 3:4"), Some(true));
        assert_eq!(is_match("^65001_", "65001 65002"), Some(true));
        assert_eq!(is_match("^65001_", "650011"), Some(false));
        assert_eq!(is_match("_65002$", "65001 65002"), Some(true));
        assert_eq!(is_match("^$", ""), Some(true));
        assert_eq!(is_match("^$", "1"), Some(false));
        assert_eq!(is_match("_65001_", "{65001,65003}"), Some(true));
        assert_eq!(is_match(".*", ""), Some(true));
        assert_eq!(is_match("[_]", "_"), Some(true));
        assert_eq!(is_match("(", "x"), None);
    }
}
