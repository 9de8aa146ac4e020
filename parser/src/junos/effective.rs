//! The effective configuration: operations replayed in order, deactivations dropped, groups
//! expanded.
//!
//! - `set P` adds path P (a second identical `set` changes nothing);
//! - `delete P` removes P and everything under it, and any deactivation under it;
//! - `deactivate P` marks P inactive, and with it everything under P, including statements
//!   set later; `activate P` clears that mark. Inactive statements are left out of the result
//!   (the device ignores them; this is not a warning);
//! - `apply-groups G` at path P inherits every statement of group G that lies under P (its
//!   words after `groups G` start with P, where `<pattern>` words match any configured name the
//!   glob accepts). Wildcards below P are matched against the names configured there, so
//!   `interfaces <*> unit <*> mtu 9000` reaches every configured unit. `apply-groups-except G`
//!   at a path stops G there and below. Inherited statements come before the local ones and
//!   carry the group's spans, so the local configuration and earlier-listed groups win where
//!   a value can be set once (lowering lets the last statement win).

use std::collections::{BTreeMap, BTreeSet};

use super::{Op, Statement, Word};
use crate::diagnostic::{Code, Diagnostic, Severity};

/// At most this many statements are inherited from groups.
const MAX_INHERITED: usize = 200_000;

/// The active `set` statements of a file, groups expanded, in order.
pub(crate) fn resolve(
    statements: Vec<Statement>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Statement> {
    let mut sets: Vec<Option<Statement>> = Vec::new();
    let mut index: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    let mut deactivated: BTreeSet<Vec<String>> = BTreeSet::new();
    for statement in statements {
        let key: Vec<String> = statement.words.iter().map(|w| w.text.clone()).collect();
        match statement.op {
            Op::Set => {
                if let std::collections::btree_map::Entry::Vacant(slot) = index.entry(key) {
                    slot.insert(sets.len());
                    sets.push(Some(statement));
                }
            }
            Op::Delete => {
                let doomed: Vec<Vec<String>> = index
                    .range(key.clone()..)
                    .take_while(|(k, _)| k.starts_with(&key))
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in doomed {
                    if let Some(at) = index.remove(&k) {
                        sets[at] = None;
                    }
                }
                let doomed: Vec<Vec<String>> = deactivated
                    .range(key.clone()..)
                    .take_while(|k| k.starts_with(&key))
                    .cloned()
                    .collect();
                for k in doomed {
                    deactivated.remove(&k);
                }
            }
            Op::Deactivate => {
                deactivated.insert(key);
            }
            Op::Activate => {
                deactivated.remove(&key);
            }
        }
    }
    let active: Vec<Statement> = sets
        .into_iter()
        .flatten()
        .filter(|s| {
            deactivated.is_empty()
                || !(1..=s.words.len()).any(|n| {
                    let prefix: Vec<String> = s.words[..n].iter().map(|w| w.text.clone()).collect();
                    deactivated.contains(&prefix)
                })
        })
        .collect();
    expand_groups(active, diagnostics)
}

struct Apply {
    path: Vec<Word>,
    group: String,
}

fn expand_groups(active: Vec<Statement>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Statement> {
    let mut groups: BTreeMap<String, Vec<&Statement>> = BTreeMap::new();
    let mut applies: Vec<Apply> = Vec::new();
    let mut excepts: Vec<(Vec<String>, String)> = Vec::new();
    let mut config: Vec<&Statement> = Vec::new();
    for s in &active {
        let texts = s.texts();
        if texts.first() == Some(&"groups") {
            if texts.len() >= 3 {
                groups.entry(texts[1].to_owned()).or_default().push(s);
            }
            continue;
        }
        let n = texts.len();
        if n >= 2 && texts[n - 2] == "apply-groups" {
            applies.push(Apply {
                path: s.words[..n - 2].to_vec(),
                group: texts[n - 1].to_owned(),
            });
            continue;
        }
        if n >= 2 && texts[n - 2] == "apply-groups-except" {
            excepts.push((
                texts[..n - 2].iter().map(|t| (*t).to_owned()).collect(),
                texts[n - 1].to_owned(),
            ));
            continue;
        }
        config.push(s);
    }
    if applies.is_empty() {
        return config.into_iter().cloned().collect();
    }
    let keys: BTreeSet<Vec<String>> = config
        .iter()
        .map(|s| s.words.iter().map(|w| w.text.clone()).collect())
        .collect();
    let mut inherited: Vec<Statement> = Vec::new();
    let mut seen: BTreeSet<Vec<String>> = keys.clone();
    let mut truncated = false;
    // Later groups first, so that an earlier-listed group's value comes later and wins.
    for apply in applies.iter().rev() {
        let Some(members) = groups.get(&apply.group) else {
            continue;
        };
        let path: Vec<String> = apply.path.iter().map(|w| w.text.clone()).collect();
        for member in members {
            let rest = &member.words[2..];
            if rest.len() <= path.len()
                || !rest[..path.len()]
                    .iter()
                    .zip(&path)
                    .all(|(pattern, name)| word_matches(&pattern.text, name))
            {
                continue;
            }
            let mut prefixes: Vec<Vec<Word>> = vec![apply.path.clone()];
            for word in &rest[path.len()..] {
                let mut next = Vec::new();
                for prefix in prefixes {
                    match wildcard(&word.text) {
                        None => {
                            let mut p = prefix;
                            p.push(word.clone());
                            next.push(p);
                        }
                        Some(pattern) => {
                            let texts: Vec<String> =
                                prefix.iter().map(|w| w.text.clone()).collect();
                            let names: BTreeSet<&String> = keys
                                .range(texts.clone()..)
                                .take_while(|k| k.starts_with(&texts))
                                .filter_map(|k| k.get(texts.len()))
                                .filter(|name| glob(pattern, name))
                                .collect();
                            for name in names {
                                let mut p = prefix.clone();
                                p.push(Word {
                                    text: name.clone(),
                                    span: word.span,
                                });
                                next.push(p);
                            }
                        }
                    }
                }
                prefixes = next;
            }
            for words in prefixes {
                let texts: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
                let excepted = excepts
                    .iter()
                    .any(|(p, g)| g == &apply.group && texts.starts_with(p));
                if excepted || !seen.insert(texts) {
                    continue;
                }
                if inherited.len() >= MAX_INHERITED {
                    truncated = true;
                    break;
                }
                inherited.push(Statement {
                    op: Op::Set,
                    words,
                    span: member.span,
                });
            }
        }
    }
    if truncated {
        diagnostics.push(Diagnostic::new(
            Code::InvalidLine,
            Severity::Warning,
            applies[0]
                .path
                .first()
                .map_or_else(Default::default, |w| w.span),
            format!("groups expand to more than {MAX_INHERITED} statements; the rest are left out"),
        ));
    }
    inherited.extend(config.into_iter().cloned());
    inherited
}

/// The glob inside a `<...>` word.
fn wildcard(word: &str) -> Option<&str> {
    word.strip_prefix('<')?.strip_suffix('>')
}

/// Whether a group word (a name or a `<glob>`) matches a configured name.
fn word_matches(pattern: &str, name: &str) -> bool {
    match wildcard(pattern) {
        Some(glob_pattern) => glob(glob_pattern, name),
        None => pattern == name,
    }
}

/// Shell-style glob with `*` and `?` (no recursion; linear backtracking).
pub(crate) fn glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::super::Form;
    use super::super::tests::active;
    use super::*;

    #[test]
    fn delete_deactivate_activate() {
        let set = "set a b\nset a c\nset x y\ndelete a b\ndeactivate x\nset x z\nset q r\ndeactivate q\nactivate q\n";
        assert_eq!(active(set, Form::Set), ["a c", "q r"]);
    }

    #[test]
    fn groups_with_wildcards() {
        let hier = "groups { G { interfaces { <ge-*> { unit <*> { family inet { mtu 9000; } } } } } }\ninterfaces { apply-groups G; ge-0/0/0 { unit 0 { family inet; } } xe-0/0/1 { unit 0; } }";
        assert_eq!(
            active(hier, Form::Hierarchical),
            [
                "interfaces ge-0/0/0 unit 0 family inet mtu 9000",
                "interfaces ge-0/0/0 unit 0 family inet",
                "interfaces xe-0/0/1 unit 0",
            ]
        );
    }

    #[test]
    fn globs() {
        assert!(glob("*", "anything"));
        assert!(glob("ge-*", "ge-0/0/0"));
        assert!(!glob("ge-*", "xe-0/0/0"));
        assert!(glob("?e-*/0", "xe-1/0"));
    }
}
