//! What a change script holds besides configuration lines: abbreviations operators type, and the
//! session commands around the configuration (`configure terminal`, `end`, `write memory`).

/// Abbreviations expanded before a script line is bound, longest first. Only these: IOS accepts
/// any unambiguous prefix of a keyword, but which prefixes are unambiguous depends on the image,
/// so routeproof does not guess; other abbreviations are bound as written (and are then usually
/// reported as unknown lines).
///
/// | typed | bound as |
/// | --- | --- |
/// | `conf t`, `conf term`, `config t`, `configure t` | `configure terminal` |
/// | `int X` | `interface X` |
/// | `shut`, `no shut` | `shutdown`, `no shutdown` |
/// | `exit-af` | `exit-address-family` |
/// | `desc X` | `description X` |
/// | `wr`, `wr mem`, `write mem` | `write memory` |
/// | `sh X`, `do sh X` | `show X`, `do show X` |
pub(crate) const ABBREVIATIONS: &[(&str, &str)] = &[
    ("conf term", "configure terminal"),
    ("conf t", "configure terminal"),
    ("config t", "configure terminal"),
    ("configure t", "configure terminal"),
    ("wr mem", "write memory"),
    ("write mem", "write memory"),
    ("wr", "write memory"),
    ("int", "interface"),
    ("shut", "shutdown"),
    ("exit-af", "exit-address-family"),
    ("desc", "description"),
    ("sh", "show"),
];

/// The line with a known abbreviation expanded, or `None` when there is none. A `no`, `default`
/// or `do` in front is kept.
pub(crate) fn expand(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lead = match words.first().map(|w| w.to_ascii_lowercase()).as_deref() {
        Some("no" | "default" | "do") => 1,
        _ => 0,
    };
    let rest = words.get(lead..)?;
    for (short, long) in ABBREVIATIONS {
        let short: Vec<&str> = short.split(' ').collect();
        let matches = rest.len() >= short.len()
            && rest
                .iter()
                .zip(&short)
                .all(|(w, s)| w.eq_ignore_ascii_case(s));
        // `wr` alone, not `wr something-else`; the other single words take arguments.
        let whole_line_only = short == ["wr"];
        if matches && (!whole_line_only || rest.len() == 1) {
            let mut out: Vec<&str> = words[..lead].to_vec();
            out.push(long);
            out.extend(&rest[short.len()..]);
            return Some(out.join(" "));
        }
    }
    None
}

/// A line that is about the session, not the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Session {
    /// `configure terminal`: enter configuration mode.
    Configure,
    /// `end`: leave configuration mode.
    End,
    /// `do ...`: an exec command run from configuration mode.
    Do,
    /// An exec command (`write memory`, `show ...`, `copy ...`), by its first word.
    Exec(&'static str),
}

/// First words of the exec commands a change script plausibly contains.
const EXEC_COMMANDS: &[&str] = &[
    "write",
    "copy",
    "show",
    "clear",
    "ping",
    "traceroute",
    "terminal",
    "reload",
    "dir",
    "more",
];

/// Classifies a (expanded) script line.
pub(crate) fn session(text: &str) -> Option<Session> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let first = words.first()?.as_str();
    match first {
        "configure" => match words.get(1).map(String::as_str) {
            None => Some(Session::Configure),
            Some(w) if "terminal".starts_with(w) => Some(Session::Configure),
            // `configure replace`, `configure memory`: exec commands routeproof does not replay.
            Some(_) => Some(Session::Exec("configure")),
        },
        "end" if words.len() == 1 => Some(Session::End),
        "do" if words.len() > 1 => Some(Session::Do),
        _ => EXEC_COMMANDS
            .iter()
            .find(|c| **c == first)
            .map(|c| Session::Exec(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_expand_only_from_the_table() {
        assert_eq!(expand("int Gi0/1").as_deref(), Some("interface Gi0/1"));
        assert_eq!(expand("no shut").as_deref(), Some("no shutdown"));
        assert_eq!(expand("SHUT").as_deref(), Some("shutdown"));
        assert_eq!(expand("conf t").as_deref(), Some("configure terminal"));
        assert_eq!(expand("exit-af").as_deref(), Some("exit-address-family"));
        assert_eq!(expand("wr").as_deref(), Some("write memory"));
        assert_eq!(expand("wr mem").as_deref(), Some("write memory"));
        assert_eq!(
            expand("do sh ip route").as_deref(),
            Some("do show ip route")
        );
        assert_eq!(
            expand("desc to core").as_deref(),
            Some("description to core")
        );
        // Not in the table: left alone.
        assert_eq!(expand("interface Gi0/1"), None);
        assert_eq!(expand("rout isis"), None);
        assert_eq!(expand("shutdown"), None);
        assert_eq!(expand("wr erase"), None);
        assert_eq!(expand(""), None);
        assert_eq!(expand("no"), None);
    }

    #[test]
    fn session_lines() {
        assert_eq!(session("configure terminal"), Some(Session::Configure));
        assert_eq!(session("configure"), Some(Session::Configure));
        assert_eq!(
            session("configure replace flash:x"),
            Some(Session::Exec("configure"))
        );
        assert_eq!(session("end"), Some(Session::End));
        assert_eq!(session("write memory"), Some(Session::Exec("write")));
        assert_eq!(session("do show run"), Some(Session::Do));
        assert_eq!(session("router isis CORE"), None);
        assert_eq!(session("end-policy"), None);
        assert_eq!(session(""), None);
    }
}
