//! IOS-XR's routing policy language (RPL): the tokenizer, the elements of `prefix-set`,
//! `community-set` and `as-path-set` bodies (named or inline), and the grammar of
//! `route-policy` bodies (statements, `if` chains and conditions).
//!
//! A route-policy body is not line-oriented (a condition may continue over several lines until
//! its `then`), so the binder hands every body line to the lowering unparsed and the body is
//! parsed here as a whole, once all sets are known ([`parse_policy`]). Parameters
//! (`route-policy P($a, $b)`, `apply P(x, y)`) are substituted in the tokens, so an applied
//! policy is parsed again for each set of arguments.
//!
//! What a condition or a `set` means depends on the sets it names, so this module stops at a
//! syntax tree ([`RplStmt`], [`Cond`], [`Pred`], [`Action`]); the lowering turns it into IR
//! clauses. Set elements, which need no context, are translated here into IR values: prefix
//! ranges, community matchers and AS-path regular expressions in IOS notation.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::ir::policy::{CommunityMatcher, MetricSet, NextHopSet, Origin, PolicySet};

/// One RPL token: a word, a quoted string (quotes kept), or one of `(` `)` `,`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tok<'a> {
    /// The text, with parameters substituted.
    pub(crate) text: Cow<'a, str>,
    /// Byte offset of the token in the file.
    pub(crate) start: usize,
    /// One past its last byte in the file.
    pub(crate) end: usize,
    /// Index of the line it is on (in the lines given to the tokenizer).
    pub(crate) line: usize,
}

impl Tok<'_> {
    /// Case-insensitive keyword comparison.
    pub(crate) fn is(&self, keyword: &str) -> bool {
        self.text.eq_ignore_ascii_case(keyword)
    }

    /// The text without surrounding single quotes.
    pub(crate) fn unquoted(&self) -> &str {
        let t: &str = &self.text;
        t.strip_prefix('\'')
            .and_then(|t| t.strip_suffix('\''))
            .unwrap_or(t)
    }
}

/// A byte range of the file (`start..end`).
pub(crate) type Range = (usize, usize);

/// Splits lines (`(offset of the line's text, text)`) into tokens, skipping `#` remarks and
/// substituting `$name` parameters from `args`.
pub(crate) fn tokenize<'a>(
    lines: &[(usize, &'a str)],
    args: &BTreeMap<String, String>,
) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    for (index, &(offset, text)) in lines.iter().enumerate() {
        if text.trim_start().starts_with('#') {
            continue;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            if matches!(c, b'(' | b')' | b',') {
                i += 1;
            } else if c == b'\'' {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
            } else {
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !matches!(bytes[i], b'(' | b')' | b',')
                {
                    i += 1;
                }
            }
            // Token boundaries are ASCII bytes, so `start..i` are character boundaries.
            let Some(raw) = text.get(start..i) else {
                continue;
            };
            out.push(Tok {
                text: substitute(raw, args),
                start: offset + start,
                end: offset + i,
                line: index,
            });
        }
    }
    out
}

/// `raw` with every `$name` that `args` knows replaced (longest names first, so `$a1` is not
/// read as `$a` followed by `1`).
fn substitute<'a>(raw: &'a str, args: &BTreeMap<String, String>) -> Cow<'a, str> {
    if args.is_empty() || !raw.contains('$') {
        return Cow::Borrowed(raw);
    }
    let mut names: Vec<(&String, &String)> = args.iter().collect();
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let mut text = raw.to_owned();
    for (name, value) in names {
        text = text.replace(&format!("${name}"), value);
    }
    Cow::Owned(text)
}

/// Whether `text` still has a `$parameter` in it (a `$` followed by a name; a `$` that ends a
/// regular expression is not one).
pub(crate) fn has_param(text: &str) -> bool {
    text.match_indices('$').any(|(i, _)| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    })
}

/// Splits a token list at top-level commas (inside no parentheses) into groups, dropping empty
/// ones (`a, , b` and a leading `,` are accepted, as the device prints them).
pub(crate) fn split_commas<'t, 'a>(tokens: &'t [Tok<'a>]) -> Vec<&'t [Tok<'a>]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        match t.text.as_ref() {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                if i > start {
                    out.push(&tokens[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if tokens.len() > start {
        out.push(&tokens[start..]);
    }
    out
}

/// The byte range from the first to the last token (`(0, 0)` for none).
pub(crate) fn range(tokens: &[Tok<'_>]) -> Range {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => (a.start, b.end),
        _ => (0, 0),
    }
}

/// The tokens' text joined by single spaces (for messages and unsupported features).
pub(crate) fn joined(tokens: &[Tok<'_>]) -> String {
    let parts: Vec<&str> = tokens.iter().map(|t| t.text.as_ref()).collect();
    parts.join(" ")
}

// ---------------------------------------------------------------------------------------------
// Set elements.

/// A prefix-set element: `P [ge N] [le N] [eq N]` (a bare address is a host route), as the
/// prefix with host bits cleared and the accepted lengths.
pub(crate) fn prefix_element(tokens: &[Tok<'_>]) -> Result<(IpNet, u8, u8), String> {
    let first = tokens.first().ok_or("empty element")?;
    if has_param(&first.text) {
        return Err(format!("unresolved parameter `{}`", first.text));
    }
    let prefix: IpNet = match first.text.parse::<IpNet>() {
        Ok(p) => p.trunc(),
        Err(_) => match first.text.parse::<IpAddr>() {
            Ok(a) => IpNet::from(a),
            Err(_) => return Err(format!("`{}` is not a prefix", first.text)),
        },
    };
    let max = prefix.max_prefix_len();
    let (mut ge, mut le, mut eq) = (None, None, None);
    let mut i = 1;
    while i < tokens.len() {
        let value = tokens
            .get(i + 1)
            .and_then(|t| t.text.parse::<u8>().ok())
            .filter(|v| *v <= max)
            .ok_or_else(|| format!("`{}` needs a length", tokens[i].text))?;
        match tokens[i].text.to_ascii_lowercase().as_str() {
            "ge" => ge = Some(value),
            "le" => le = Some(value),
            "eq" => eq = Some(value),
            other => return Err(format!("unexpected `{other}` in a prefix-set element")),
        }
        i += 2;
    }
    let len = prefix.prefix_len();
    let (min, max) = match (eq, ge, le) {
        (Some(e), _, _) => (e, e),
        (None, Some(g), Some(l)) => (g, l),
        (None, Some(g), None) => (g, max),
        (None, None, Some(l)) => (len, l),
        (None, None, None) => (len, len),
    };
    if min < len || min > max {
        return Err("the length range is empty or shorter than the prefix".into());
    }
    Ok((prefix, min, max))
}

/// Well-known community names as IOS-XR writes them.
const WELL_KNOWN: &[&str] = &[
    "internet",
    "no-export",
    "no-advertise",
    "local-as",
    "graceful-shutdown",
    "accept-own",
    "no-peer",
];

/// A community-set element: a literal (`65000:1`, a 32-bit number, a well-known name), a
/// pattern (`65000:*`, `*:100`, `[1..10]:[20..30]`) or `ios-regex` / `dfa-regex 'R'`.
///
/// Literals become [`CommunityMatcher::All`] with one community; patterns become
/// [`CommunityMatcher::Regex`] over the route's space-separated community string, written so
/// that they match one community as IOS-XR matches each community on its own: `^` and `$` of a
/// regular expression become community boundaries and `.` does not cross one.
pub(crate) fn community_element(tokens: &[Tok<'_>]) -> Result<CommunityMatcher, String> {
    match tokens {
        [kind, regex] if kind.is("ios-regex") || kind.is("dfa-regex") => {
            Ok(CommunityMatcher::Regex(community_regex(regex.unquoted())))
        }
        [word] => {
            let text: &str = &word.text;
            if has_param(text) {
                return Err(format!("unresolved parameter `{text}`"));
            }
            let lower = text.to_ascii_lowercase();
            if WELL_KNOWN.contains(&lower.as_str()) {
                return Ok(CommunityMatcher::All(vec![lower]));
            }
            if let Ok(n) = text.parse::<u32>() {
                return Ok(CommunityMatcher::All(vec![n.to_string()]));
            }
            let (high, low) = text
                .split_once(':')
                .ok_or_else(|| format!("`{text}` is not a community"))?;
            match (high.parse::<u16>(), low.parse::<u16>()) {
                (Ok(_), Ok(_)) => Ok(CommunityMatcher::All(vec![text.to_owned()])),
                _ => {
                    let (high, low) = (half_pattern(high)?, half_pattern(low)?);
                    Ok(CommunityMatcher::Regex(format!("_{high}:{low}_")))
                }
            }
        }
        _ => Err(format!(
            "`{}` is not a community-set element",
            joined(tokens)
        )),
    }
}

/// The regular expression of one half of a community pattern (`*`, `N`, `[a..b]`).
fn half_pattern(text: &str) -> Result<String, String> {
    if text == "*" {
        return Ok("[0-9]+".into());
    }
    if let Ok(n) = text.parse::<u16>() {
        return Ok(n.to_string());
    }
    if let Some((a, b)) = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .and_then(|t| t.split_once(".."))
        && let (Ok(a), Ok(b)) = (a.parse::<u16>(), b.parse::<u16>())
        && a <= b
    {
        return Ok(numeric_range(u32::from(a), u32::from(b)));
    }
    Err(format!("`{text}` is not a community pattern"))
}

/// An IOS-XR community regular expression, matched by IOS-XR against each community on its
/// own, rewritten to match inside the space-separated string of all of them.
fn community_regex(regex: &str) -> String {
    let mut out = String::with_capacity(regex.len() + 16);
    let mut chars = regex.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '^' if !in_class => out.push_str("(^| )"),
            '$' if !in_class => out.push_str("( |$)"),
            '.' if !in_class => out.push_str("[^ ]"),
            _ => out.push(c),
        }
    }
    out
}

/// A regular expression matching exactly the decimal numbers `low..=high` (whole words are the
/// caller's business).
///
/// The range is cut at the numbers where a run of trailing 9s (going up from `low`) or 0s
/// (going down from `high`) ends, so that in each piece the numbers share a prefix and every
/// other digit runs over a full interval: `7..=123` is `[7-9]|[1-9][0-9]|1[0-1][0-9]|12[0-3]`.
pub(crate) fn numeric_range(low: u32, high: u32) -> String {
    let (low, high) = (i64::from(low.min(high)), i64::from(high.max(low)));
    let mut stops = std::collections::BTreeSet::from([high]);
    let mut nines = 1;
    loop {
        let stop = fill_nines(low, nines);
        if stop < low || stop > high || nines > 10 {
            break;
        }
        stops.insert(stop);
        nines += 1;
    }
    let mut zeros = 1;
    loop {
        let stop = fill_zeros(high + 1, zeros) - 1;
        if stop < low || stop > high || zeros > 10 {
            break;
        }
        stops.insert(stop);
        zeros += 1;
    }
    let mut parts = Vec::new();
    let mut start = low;
    for stop in stops {
        if stop < start {
            continue;
        }
        parts.push(piece(start, stop));
        start = stop + 1;
    }
    if parts.len() == 1 {
        parts.pop().unwrap_or_default()
    } else {
        format!("({})", parts.join("|"))
    }
}

/// `n` with its last `count` digits replaced by 9s.
fn fill_nines(n: i64, count: u32) -> i64 {
    let unit = 10i64.pow(count);
    n / unit * unit + unit - 1
}

/// `n` with its last `count` digits replaced by 0s.
fn fill_zeros(n: i64, count: u32) -> i64 {
    let unit = 10i64.pow(count);
    n / unit * unit
}

/// The pattern of a piece whose ends have the same number of digits, digit by digit.
fn piece(a: i64, b: i64) -> String {
    let (a, b) = (a.to_string(), b.to_string());
    if a.len() != b.len() {
        // Not produced by `numeric_range`; fall back to an alternation of both ends' lengths.
        return format!("[0-9]{{{},{}}}", a.len(), b.len());
    }
    a.chars()
        .zip(b.chars())
        .map(|(x, y)| {
            if x == y {
                x.to_string()
            } else {
                format!("[{x}-{y}]")
            }
        })
        .collect()
}

/// An as-path-set element (or an `as-path` condition after its keyword) as a regular
/// expression in IOS notation over the AS path, nearest AS first:
///
/// - `ios-regex 'R'`, `dfa-regex 'R'`: R;
/// - `is-local`: the empty path;
/// - `length eq|is|ge|le N [all]`: that many ASes (`all` also counts confederation segments,
///   which are not modelled and counted like the rest);
/// - `neighbor-is 'A B'`, `originates-from '...'`, `passes-through '...'` `[exact]`: the ASes
///   (numbers or `[a..b]` ranges) at the start, the end or anywhere, in sequence; without
///   `exact` each may repeat (prepends are ignored).
///
/// `unique-length` and anything else is an error (not expressible as an expression).
pub(crate) fn as_path_element(tokens: &[Tok<'_>]) -> Result<String, String> {
    let first = tokens.first().ok_or("empty element")?;
    let rest = &tokens[1..];
    let keyword = first.text.to_ascii_lowercase();
    let unresolved = tokens.iter().find(|t| has_param(&t.text));
    if let Some(t) = unresolved {
        return Err(format!("unresolved parameter in `{}`", t.text));
    }
    match keyword.as_str() {
        "ios-regex" | "dfa-regex" => match rest {
            [regex] => Ok(regex.unquoted().to_owned()),
            _ => Err(format!("{keyword} needs one quoted expression")),
        },
        "is-local" if rest.is_empty() => Ok("^$".into()),
        "length" => {
            let (op, n) = match rest {
                [op, n] | [op, n, _] => (op.text.to_ascii_lowercase(), n),
                _ => return Err("length needs a comparison and a number".into()),
            };
            if rest.len() == 3 && !rest[2].is("all") {
                return Err(format!("unexpected `{}` after length", rest[2].text));
            }
            let n: u32 = n
                .text
                .parse()
                .map_err(|_| format!("`{}` is not a length", n.text))?;
            let exactly = |n: u32| match n {
                0 => "^$".to_owned(),
                n => format!("^[0-9]+( [0-9]+){{{}}}$", n - 1),
            };
            Ok(match op.as_str() {
                "eq" | "is" => exactly(n),
                "ge" if n == 0 => ".*".to_owned(),
                "ge" => format!("^[0-9]+( [0-9]+){{{},}}$", n - 1),
                "le" if n == 0 => "^$".to_owned(),
                "le" => format!("^$|^[0-9]+( [0-9]+){{0,{}}}$", n - 1),
                other => return Err(format!("unknown comparison `{other}`")),
            })
        }
        "neighbor-is" | "originates-from" | "passes-through" => {
            let (sequence, exact) = match rest {
                [s] => (s, false),
                [s, e] if e.is("exact") => (s, true),
                _ => return Err(format!("{keyword} needs one quoted AS sequence")),
            };
            let items: Vec<&str> = sequence.unquoted().split_whitespace().collect();
            if items.is_empty() {
                return Err(format!("{keyword} needs at least one AS"));
            }
            let mut parts = Vec::new();
            let mut ranged = false;
            for item in &items {
                let (alternatives, many) = as_item(item)?;
                ranged |= many;
                parts.push(if exact {
                    alternatives.clone()
                } else {
                    format!("{alternatives}(_{alternatives})*")
                });
            }
            // Without `exact`, a repeated range item could take two different ASes where the
            // device (which collapses repeats first) sees two items.
            if !exact && ranged && items.len() > 1 {
                return Err(format!(
                    "{keyword} with an AS range and no `exact` is not modelled"
                ));
            }
            let body = parts.join("_");
            Ok(match keyword.as_str() {
                "neighbor-is" => format!("^{body}_"),
                "originates-from" => format!("_{body}$"),
                _ => format!("_{body}_"),
            })
        }
        "unique-length" => Err("as-path unique-length is not modelled".into()),
        _ => Err(format!(
            "`{}` is not an as-path-set element",
            joined(tokens)
        )),
    }
}

/// One AS of an AS sequence (`65000`, `1.10`, `[64512..65534]`): the alternatives and whether
/// there is more than one.
fn as_item(item: &str) -> Result<(String, bool), String> {
    if let Ok(n) = super::super::parse_asn(item) {
        return Ok((n.to_string(), false));
    }
    if let Some((a, b)) = item
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .and_then(|t| t.split_once(".."))
        && let (Ok(a), Ok(b)) = (super::super::parse_asn(a), super::super::parse_asn(b))
        && a <= b
    {
        return Ok((numeric_range(a, b), a != b));
    }
    Err(format!("`{item}` is not an AS number or range"))
}

// ---------------------------------------------------------------------------------------------
// Route-policy bodies.

/// A statement of a route-policy body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RplStmt<'a> {
    /// `pass`.
    Pass(Range),
    /// `drop`.
    Drop(Range),
    /// `done`.
    Done(Range),
    /// `apply NAME[(ARGS)]`.
    Apply {
        /// The policy.
        name: Tok<'a>,
        /// The arguments, as written (parameters of the caller substituted).
        args: Vec<String>,
        /// The statement.
        range: Range,
    },
    /// An action (`set`, `delete`, `prepend`, `remove`, `replace`, `unsuppress-route`...).
    Action {
        /// What it does.
        action: Action<'a>,
        /// The statement.
        range: Range,
    },
    /// `if C then ... [elseif C then ...] [else ...] endif`.
    If {
        /// The `if` and `elseif` branches, in order.
        branches: Vec<Branch<'a>>,
        /// The `else` branch: the `else` keyword's range and the statements.
        otherwise: Option<(Range, Vec<RplStmt<'a>>)>,
    },
    /// A statement that is not RPL (or not understood).
    Unknown {
        /// What it was.
        text: String,
        /// Where.
        range: Range,
    },
}

/// One `if` / `elseif` branch.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Branch<'a> {
    /// The condition.
    pub(crate) cond: Cond<'a>,
    /// From the `if` / `elseif` keyword to `then`.
    pub(crate) head: Range,
    /// The condition alone.
    pub(crate) cond_range: Range,
    /// The statements.
    pub(crate) body: Vec<RplStmt<'a>>,
}

/// A condition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cond<'a> {
    /// All hold.
    And(Vec<Cond<'a>>),
    /// One holds.
    Or(Vec<Cond<'a>>),
    /// Does not hold.
    Not(Box<Cond<'a>>),
    /// A predicate, with its range.
    Pred(Pred<'a>, Range),
}

/// A set as a condition or action names it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SetRef<'a> {
    /// A named set.
    Named(Tok<'a>),
    /// An inline set: its elements.
    Inline(Vec<Vec<Tok<'a>>>),
}

/// How a community condition compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CommunityTest {
    /// `matches-any`: some community of the route matches some element.
    Any,
    /// `matches-every`: every element matches some community of the route.
    Every,
    /// `matches-within`: every community of the route matches some element.
    Within,
}

/// A predicate of a condition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Pred<'a> {
    /// `destination in SET`.
    DestinationIn(SetRef<'a>),
    /// `next-hop in SET`.
    NextHopIn(SetRef<'a>),
    /// `community matches-any|matches-every|matches-within SET`.
    Community(CommunityTest, SetRef<'a>),
    /// `community is-empty`.
    CommunityIsEmpty,
    /// `as-path in SET`.
    AsPathIn(SetRef<'a>),
    /// `as-path is-local|length|neighbor-is|...`: the element's translation.
    AsPath(Result<String, String>),
    /// `tag eq|is N`.
    Tag(u32),
    /// `med eq|is N`.
    Med(u32),
    /// `protocol is ...`: the words after `is`.
    Protocol(Vec<String>),
    /// Anything else, by its text.
    Unsupported(String),
}

/// What an action statement does.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action<'a> {
    /// A modification the IR has directly.
    Set(PolicySet),
    /// `set community SET [additive]`: needs the set's literals.
    SetCommunity {
        /// The communities.
        set: SetRef<'a>,
        /// `additive`.
        additive: bool,
    },
    /// `delete community in SET`.
    DeleteCommunityIn(SetRef<'a>),
    /// An action the verifier does not model, by its text.
    Unsupported(String),
}

/// A syntax error in a policy body, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RplError {
    /// What is wrong.
    pub(crate) message: String,
    /// The statement is not one RPL has (rather than a known one written wrongly).
    pub(crate) unrecognised: bool,
    /// Where.
    pub(crate) range: Range,
}

/// Parses a policy body's lines (`(offset, text)`), with parameters `args` substituted.
/// Never fails: what it cannot read becomes [`RplStmt::Unknown`] plus an error.
pub(crate) fn parse_policy<'a>(
    lines: &[(usize, &'a str)],
    args: &BTreeMap<String, String>,
) -> (Vec<RplStmt<'a>>, Vec<RplError>) {
    let tokens = tokenize(lines, args);
    let mut parser = Parser {
        tokens,
        at: 0,
        errors: Vec::new(),
    };
    let mut body = Vec::new();
    while parser.at < parser.tokens.len() {
        let mut stmts = parser.statements(&[]);
        body.append(&mut stmts);
        if parser.at < parser.tokens.len() {
            // A stray `elseif` / `else` / `endif`.
            let t = parser.tokens[parser.at].clone();
            parser.error(format!("`{}` without `if`", t.text), (t.start, t.end));
            parser.skip_line();
        }
    }
    (body, parser.errors)
}

struct Parser<'a> {
    tokens: Vec<Tok<'a>>,
    at: usize,
    errors: Vec<RplError>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Tok<'a>> {
        self.tokens.get(self.at)
    }

    fn error(&mut self, message: String, range: Range) {
        self.errors.push(RplError {
            message,
            unrecognised: false,
            range,
        });
    }

    /// The tokens from here to the end of the current line (consumed).
    fn rest_of_line(&mut self) -> Vec<Tok<'a>> {
        let Some(line) = self.peek().map(|t| t.line) else {
            return Vec::new();
        };
        let start = self.at;
        while self.peek().is_some_and(|t| t.line == line) {
            self.at += 1;
        }
        self.tokens[start..self.at].to_vec()
    }

    fn skip_line(&mut self) {
        let _ = self.rest_of_line();
    }

    /// Statements until EOF or one of `stop` (not consumed).
    fn statements(&mut self, stop: &[&str]) -> Vec<RplStmt<'a>> {
        let mut out = Vec::new();
        while let Some(t) = self.peek() {
            if stop.iter().any(|s| t.is(s)) || t.is("elseif") || t.is("else") || t.is("endif") {
                break;
            }
            out.push(self.statement());
        }
        out
    }

    fn statement(&mut self) -> RplStmt<'a> {
        let Some(first) = self.peek().cloned() else {
            return RplStmt::Unknown {
                text: String::new(),
                range: (0, 0),
            };
        };
        let keyword = first.text.to_ascii_lowercase();
        match keyword.as_str() {
            "if" => self.if_chain(),
            "pass" | "drop" | "done" => {
                let words = self.rest_of_line();
                let r = range(&words);
                if words.len() != 1 {
                    self.error(format!("`{keyword}` takes nothing after it"), r);
                    return RplStmt::Unknown {
                        text: joined(&words),
                        range: r,
                    };
                }
                match keyword.as_str() {
                    "pass" => RplStmt::Pass(r),
                    "drop" => RplStmt::Drop(r),
                    _ => RplStmt::Done(r),
                }
            }
            "apply" => {
                let words = self.rest_of_line();
                let r = range(&words);
                match apply(&words) {
                    Some((name, args)) => RplStmt::Apply {
                        name,
                        args,
                        range: r,
                    },
                    None => {
                        self.error("apply needs a policy name".into(), r);
                        RplStmt::Unknown {
                            text: joined(&words),
                            range: r,
                        }
                    }
                }
            }
            "set" | "delete" | "prepend" | "remove" | "replace" | "unsuppress-route"
            | "suppress-route" | "add" => {
                let words = self.rest_of_line();
                let r = range(&words);
                match action(&words) {
                    Ok(action) => RplStmt::Action { action, range: r },
                    Err(message) => {
                        self.error(message, r);
                        RplStmt::Action {
                            action: Action::Unsupported(joined(&words)),
                            range: r,
                        }
                    }
                }
            }
            _ => {
                let words = self.rest_of_line();
                let r = range(&words);
                self.error(
                    format!("`{}` is not a route-policy statement", first.text),
                    r,
                );
                RplStmt::Unknown {
                    text: joined(&words),
                    range: r,
                }
            }
        }
    }

    /// `if C then ... {elseif C then ...} [else ...] endif`; at an `if`.
    fn if_chain(&mut self) -> RplStmt<'a> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            // At `if` or `elseif`.
            let keyword = self.tokens[self.at].clone();
            self.at += 1;
            let cond_start = self.at;
            let then = self.tokens[self.at..]
                .iter()
                .position(|t| t.is("then"))
                .map(|p| self.at + p);
            let Some(then) = then else {
                let rest: Vec<Tok<'a>> = self.tokens[cond_start..].to_vec();
                let r = (keyword.start, range(&rest).1.max(keyword.end));
                self.error(format!("`{}` without `then`", keyword.text), r);
                self.at = self.tokens.len();
                return RplStmt::Unknown {
                    text: joined(&rest),
                    range: r,
                };
            };
            let cond_tokens: Vec<Tok<'a>> = self.tokens[cond_start..then].to_vec();
            let cond_range = range(&cond_tokens);
            let head = (keyword.start, self.tokens[then].end);
            self.at = then + 1;
            let cond = match condition(&cond_tokens) {
                Ok(c) => c,
                Err(message) => {
                    self.error(message, cond_range);
                    Cond::Pred(Pred::Unsupported(joined(&cond_tokens)), cond_range)
                }
            };
            let body = self.statements(&[]);
            branches.push(Branch {
                cond,
                head,
                cond_range,
                body,
            });
            match self.peek().cloned() {
                Some(t) if t.is("elseif") => continue,
                Some(t) if t.is("else") => {
                    self.at += 1;
                    let body = self.statements(&[]);
                    otherwise = Some(((t.start, t.end), body));
                    match self.peek().cloned() {
                        Some(e) if e.is("endif") => self.at += 1,
                        Some(e) => {
                            self.error(format!("`{}` after `else`", e.text), (e.start, e.end));
                            self.skip_line();
                        }
                        None => self.error("`if` without `endif`".into(), head),
                    }
                    break;
                }
                Some(t) if t.is("endif") => {
                    self.at += 1;
                    break;
                }
                _ => {
                    self.error("`if` without `endif`".into(), head);
                    break;
                }
            }
        }
        RplStmt::If {
            branches,
            otherwise,
        }
    }
}

/// `apply NAME[(ARGS)]` → the name and the arguments.
fn apply<'a>(words: &[Tok<'a>]) -> Option<(Tok<'a>, Vec<String>)> {
    let name = words.get(1)?.clone();
    if name.text == "(" || name.text == ")" || name.text == "," {
        return None;
    }
    let rest = &words[2..];
    if rest.is_empty() {
        return Some((name, Vec::new()));
    }
    if rest.first()?.text != "(" || rest.last()?.text != ")" {
        return None;
    }
    let args = split_commas(&rest[1..rest.len() - 1])
        .into_iter()
        .map(joined)
        .collect();
    Some((name, args))
}

/// Parses a condition: `or` of `and` of (`not`) atoms; atoms are parenthesised conditions or
/// predicates.
pub(crate) fn condition<'a>(tokens: &[Tok<'a>]) -> Result<Cond<'a>, String> {
    let mut at = 0;
    let cond = or(tokens, &mut at)?;
    if at != tokens.len() {
        return Err(format!("unexpected `{}` in a condition", tokens[at].text));
    }
    Ok(cond)
}

fn or<'a>(tokens: &[Tok<'a>], at: &mut usize) -> Result<Cond<'a>, String> {
    let mut parts = vec![and(tokens, at)?];
    while tokens.get(*at).is_some_and(|t| t.is("or")) {
        *at += 1;
        parts.push(and(tokens, at)?);
    }
    Ok(if parts.len() == 1 {
        parts.remove(0)
    } else {
        Cond::Or(parts)
    })
}

fn and<'a>(tokens: &[Tok<'a>], at: &mut usize) -> Result<Cond<'a>, String> {
    let mut parts = vec![not(tokens, at)?];
    while tokens.get(*at).is_some_and(|t| t.is("and")) {
        *at += 1;
        parts.push(not(tokens, at)?);
    }
    Ok(if parts.len() == 1 {
        parts.remove(0)
    } else {
        Cond::And(parts)
    })
}

fn not<'a>(tokens: &[Tok<'a>], at: &mut usize) -> Result<Cond<'a>, String> {
    match tokens.get(*at) {
        Some(t) if t.is("not") => {
            *at += 1;
            Ok(Cond::Not(Box::new(not(tokens, at)?)))
        }
        Some(t) if t.text == "(" => {
            *at += 1;
            let inner = or(tokens, at)?;
            match tokens.get(*at) {
                Some(t) if t.text == ")" => {
                    *at += 1;
                    Ok(inner)
                }
                _ => Err("unbalanced parentheses in a condition".into()),
            }
        }
        Some(_) => predicate(tokens, at),
        None => Err("a condition is missing".into()),
    }
}

/// One predicate, from `at` to the next top-level `and`, `or` or unbalanced `)`.
fn predicate<'a>(tokens: &[Tok<'a>], at: &mut usize) -> Result<Cond<'a>, String> {
    let start = *at;
    let mut depth = 0usize;
    while let Some(t) = tokens.get(*at) {
        match t.text.as_ref() {
            "(" => depth += 1,
            ")" if depth == 0 => break,
            ")" => depth -= 1,
            _ if depth == 0 && (t.is("and") || t.is("or")) => break,
            _ => {}
        }
        *at += 1;
    }
    let words = &tokens[start..*at];
    Ok(Cond::Pred(pred(words), range(words)))
}

/// The set after `in` / `matches-any`: a name or a parenthesised inline set.
fn set_ref<'a>(tokens: &[Tok<'a>]) -> Option<SetRef<'a>> {
    match tokens {
        [name] if !matches!(name.text.as_ref(), "(" | ")" | ",") => {
            Some(SetRef::Named(name.clone()))
        }
        [open, inner @ .., close] if open.text == "(" && close.text == ")" => Some(SetRef::Inline(
            split_commas(inner).into_iter().map(<[_]>::to_vec).collect(),
        )),
        _ => None,
    }
}

fn pred<'a>(words: &[Tok<'a>]) -> Pred<'a> {
    let lower: Vec<String> = words.iter().map(|t| t.text.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let unsupported = || Pred::Unsupported(joined(words));
    let set = |from: usize| set_ref(words.get(from..).unwrap_or(&[]));
    let number = |i: usize| words.get(i).and_then(|t| t.text.parse::<u32>().ok());
    match l.as_slice() {
        ["destination", "in", ..] => set(2).map_or_else(unsupported, Pred::DestinationIn),
        ["next-hop", "in", ..] => set(2).map_or_else(unsupported, Pred::NextHopIn),
        ["community", "is-empty"] => Pred::CommunityIsEmpty,
        ["community", how, ..] => {
            let test = match *how {
                "matches-any" => CommunityTest::Any,
                "matches-every" => CommunityTest::Every,
                "matches-within" => CommunityTest::Within,
                _ => return unsupported(),
            };
            set(2).map_or_else(unsupported, |s| Pred::Community(test, s))
        }
        ["as-path", "in", ..] => set(2).map_or_else(unsupported, Pred::AsPathIn),
        ["as-path", ..] => Pred::AsPath(as_path_element(&words[1..])),
        ["tag", "eq" | "is", _] => number(2).map_or_else(unsupported, Pred::Tag),
        ["med", "eq" | "is", _] => number(2).map_or_else(unsupported, Pred::Med),
        ["protocol", "is", ..] if l.len() > 2 => {
            Pred::Protocol(l[2..].iter().map(|w| (*w).to_owned()).collect())
        }
        _ => unsupported(),
    }
}

/// An action statement's meaning.
fn action<'a>(words: &[Tok<'a>]) -> Result<Action<'a>, String> {
    let lower: Vec<String> = words.iter().map(|t| t.text.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let text = joined(words);
    let set = |s: PolicySet| Ok(Action::Set(s));
    let number = |i: usize| words.get(i).and_then(|t| t.text.parse::<u32>().ok());
    if words.iter().any(|t| has_param(&t.text)) {
        return Ok(Action::Unsupported(text));
    }
    match l.as_slice() {
        ["set", "local-preference", _] => number(2)
            .map(|v| Action::Set(PolicySet::LocalPreference(v)))
            .ok_or_else(|| "local-preference needs a number".into()),
        ["set", "weight", _] => number(2)
            .map(|v| Action::Set(PolicySet::Weight(v)))
            .ok_or_else(|| "weight needs a number".into()),
        ["set", "tag", _] => number(2)
            .map(|v| Action::Set(PolicySet::Tag(v)))
            .ok_or_else(|| "tag needs a number".into()),
        [
            "set",
            "med" | "isis-metric" | "ospf-metric" | "metric",
            value,
        ] => {
            let parsed = if let Some(v) = value.strip_prefix('+') {
                v.parse().ok().map(MetricSet::Add)
            } else if let Some(v) = value.strip_prefix('-') {
                v.parse().ok().map(MetricSet::Subtract)
            } else {
                value.parse().ok().map(MetricSet::Set)
            };
            match parsed {
                Some(m) => set(PolicySet::Metric(m)),
                // `igp-cost`, `max-reachable`, `max-unreachable`.
                None => Ok(Action::Unsupported(text)),
            }
        }
        ["set", "metric-type", kind] => match *kind {
            "type-1" | "type-2" | "internal" | "external" => {
                set(PolicySet::MetricType((*kind).to_owned()))
            }
            _ => Err(format!("unknown metric-type `{kind}`")),
        },
        ["set", "origin", origin] => match *origin {
            "igp" => set(PolicySet::Origin(Origin::Igp)),
            "egp" => set(PolicySet::Origin(Origin::Egp)),
            "incomplete" => set(PolicySet::Origin(Origin::Incomplete)),
            _ => Err(format!("unknown origin `{origin}`")),
        },
        ["set", "next-hop", hop, rest @ ..] if rest.is_empty() || rest == ["destination-vrf"] => {
            match *hop {
                "self" => set(PolicySet::NextHop(NextHopSet::SelfAddress)),
                "peer-address" => set(PolicySet::NextHop(NextHopSet::PeerAddress)),
                "discard" => set(PolicySet::NextHop(NextHopSet::Discard)),
                "unchanged" => set(PolicySet::NextHop(NextHopSet::Unchanged)),
                _ if rest.is_empty() => match words[2].text.parse::<IpAddr>() {
                    Ok(a) => set(PolicySet::NextHop(NextHopSet::Address(a))),
                    Err(_) => Err(format!("`{}` is not a next hop", words[2].text)),
                },
                _ => Ok(Action::Unsupported(text)),
            }
        }
        ["set", "community", ..] => {
            let mut tail = &words[2..];
            let additive = tail.last().is_some_and(|t| t.is("additive"));
            if additive {
                tail = &tail[..tail.len() - 1];
            }
            match set_ref(tail) {
                Some(s) => Ok(Action::SetCommunity { set: s, additive }),
                None => Err("set community needs a community-set".into()),
            }
        }
        ["delete", "community", "all"] => set(PolicySet::CommunityNone),
        ["delete", "community", "in", ..] => match set_ref(&words[3..]) {
            Some(s) => Ok(Action::DeleteCommunityIn(s)),
            None => Err("delete community in needs a community-set".into()),
        },
        ["prepend", "as-path", asn] | ["prepend", "as-path", asn, _] => {
            let count = if l.len() == 4 { number(3) } else { Some(1) };
            match (super::super::parse_asn(asn), count) {
                (Ok(a), Some(n)) if (1..=64).contains(&n) => {
                    set(PolicySet::AsPathPrepend(vec![a; n as usize]))
                }
                // `most-recent`, `own-as`: depend on the path or the session.
                _ => Ok(Action::Unsupported(text)),
            }
        }
        _ => Ok(Action::Unsupported(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok<'_>> {
        tokenize(&[(0, text)], &BTreeMap::new())
    }

    /// Input: policy text. Output: the statement tree, debug-printed without ranges.
    fn check(text: &str) -> String {
        let lines: Vec<(usize, &str)> = {
            let mut offset = 0;
            text.split_inclusive('\n')
                .map(|l| {
                    let at = offset;
                    offset += l.len();
                    (at, l.trim_end())
                })
                .collect()
        };
        let (stmts, errors) = parse_policy(&lines, &BTreeMap::new());
        let mut out = String::new();
        for s in &stmts {
            print(s, 0, &mut out);
        }
        for e in errors {
            out.push_str(&format!("error: {}\n", e.message));
        }
        out
    }

    fn print(s: &RplStmt<'_>, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        match s {
            RplStmt::Pass(_) => out.push_str(&format!("{pad}pass\n")),
            RplStmt::Drop(_) => out.push_str(&format!("{pad}drop\n")),
            RplStmt::Done(_) => out.push_str(&format!("{pad}done\n")),
            RplStmt::Apply { name, args, .. } => {
                out.push_str(&format!("{pad}apply {} {args:?}\n", name.text))
            }
            RplStmt::Action { action, .. } => {
                out.push_str(&format!("{pad}{}\n", show_action(action)))
            }
            RplStmt::If {
                branches,
                otherwise,
            } => {
                for b in branches {
                    out.push_str(&format!("{pad}if {}\n", show(&b.cond)));
                    for s in &b.body {
                        print(s, depth + 1, out);
                    }
                }
                if let Some((_, body)) = otherwise {
                    out.push_str(&format!("{pad}else\n"));
                    for s in body {
                        print(s, depth + 1, out);
                    }
                }
                out.push_str(&format!("{pad}endif\n"));
            }
            RplStmt::Unknown { text, .. } => out.push_str(&format!("{pad}unknown {text}\n")),
        }
    }

    fn show_action(a: &Action<'_>) -> String {
        match a {
            Action::Set(s) => format!("{s:?}"),
            Action::SetCommunity { set, additive } => {
                format!("set community {} additive={additive}", show_set(set))
            }
            Action::DeleteCommunityIn(set) => format!("delete community in {}", show_set(set)),
            Action::Unsupported(t) => format!("unsupported {t}"),
        }
    }

    fn show_set(s: &SetRef<'_>) -> String {
        match s {
            SetRef::Named(t) => t.text.to_string(),
            SetRef::Inline(elements) => {
                let parts: Vec<String> = elements.iter().map(|e| joined(e)).collect();
                format!("({})", parts.join(" | "))
            }
        }
    }

    fn show(c: &Cond<'_>) -> String {
        match c {
            Cond::And(parts) => {
                let p: Vec<String> = parts.iter().map(show).collect();
                format!("and[{}]", p.join(", "))
            }
            Cond::Or(parts) => {
                let p: Vec<String> = parts.iter().map(show).collect();
                format!("or[{}]", p.join(", "))
            }
            Cond::Not(inner) => format!("not[{}]", show(inner)),
            Cond::Pred(p, _) => match p {
                Pred::DestinationIn(s) => format!("destination {}", show_set(s)),
                Pred::NextHopIn(s) => format!("next-hop {}", show_set(s)),
                Pred::Community(t, s) => format!("community {t:?} {}", show_set(s)),
                Pred::AsPathIn(s) => format!("as-path {}", show_set(s)),
                other => format!("{other:?}"),
            },
        }
    }

    #[test]
    fn tokens_keep_quotes_and_split_punctuation() {
        let t: Vec<String> = toks("if as-path in (ios-regex '_1 2$', length eq 1) then")
            .into_iter()
            .map(|t| t.text.into_owned())
            .collect();
        assert_eq!(
            t,
            [
                "if",
                "as-path",
                "in",
                "(",
                "ios-regex",
                "'_1 2$'",
                ",",
                "length",
                "eq",
                "1",
                ")",
                "then"
            ]
        );
        assert!(toks("  # a remark (with parens)").is_empty());
    }

    #[test]
    fn parameters_are_substituted() {
        let args = BTreeMap::from([
            ("a".to_owned(), "X".to_owned()),
            ("a1".to_owned(), "Y".to_owned()),
        ]);
        let t: Vec<String> = tokenize(&[(0, "set community (1:$a, 2:$a1)")], &args)
            .into_iter()
            .map(|t| t.text.into_owned())
            .collect();
        assert_eq!(t, ["set", "community", "(", "1:X", ",", "2:Y", ")"]);
    }

    /// The lab's policy: one chain with an else.
    #[test]
    fn if_else_chain() {
        assert_eq!(
            check("  if destination in IBGP-OUT then\n    pass\n  else\n    drop\n  endif\n"),
            "if destination IBGP-OUT\n  pass\nelse\n  drop\nendif\n"
        );
    }

    /// Conditions over several lines, `or`, `not`, parentheses and inline sets.
    #[test]
    fn conditions() {
        let got = check(
            " if as-path neighbor-is '1 [2..3] 4' or\n    as-path in (neighbor-is '66 77 88' exact) or\n    as-path in aps then\n   pass\n endif\n",
        );
        assert!(
            got.starts_with("if or[AsPath(Err(\"neighbor-is with an AS range and no `exact` is not modelled\")), as-path (neighbor-is '66 77 88' exact), as-path aps]"),
            "{got}"
        );
        let got = check(
            " if (as-path passes-through '[65412..65535]' ) then\n  drop\n elseif ((destination in A) or (destination in B)) then\n  drop\n elseif (not destination in C) then\n  pass\n else\n  drop\n endif\n",
        );
        assert_eq!(
            got,
            "if AsPath(Ok(\"_(6541[2-9]|654[2-9][0-9]|655[0-2][0-9]|6553[0-5])(_(6541[2-9]|654[2-9][0-9]|655[0-2][0-9]|6553[0-5]))*_\"))\n  drop\nif or[destination A, destination B]\n  drop\nif not[destination C]\n  pass\nelse\n  drop\nendif\n"
        );
        let got = check(
            "if community matches-any (40027:65535, *:12345) and med eq 0 then\n done\nendif\n",
        );
        assert_eq!(
            got,
            "if and[community Any (40027:65535 | *:12345), Med(0)]\n  done\nendif\n"
        );
    }

    #[test]
    fn actions_and_applies() {
        let got = check(
            "apply bgp_standard\napply global_cust_v4($x, 65517)\nset community (1234:666, 1234:65498) additive\nset next-hop discard\nset med +874\nprepend as-path 2152 3\ndelete community in community_5555\nset path-selection backup 1 install\nset local-preference 350\n",
        );
        assert_eq!(
            got,
            "apply bgp_standard []\napply global_cust_v4 [\"$x\", \"65517\"]\nset community (1234:666 | 1234:65498) additive=true\nNextHop(Discard)\nMetric(Add(874))\nAsPathPrepend([2152, 2152, 2152])\ndelete community in community_5555\nunsupported set path-selection backup 1 install\nLocalPreference(350)\n"
        );
    }

    #[test]
    fn broken_bodies_are_reported_not_fatal() {
        let got = check("if destination in A then\n pass\n");
        assert!(got.contains("error: `if` without `endif`"), "{got}");
        let got = check("frobnicate now\nendif\npass\n");
        assert!(got.contains("unknown frobnicate now"), "{got}");
        assert!(got.contains("error: `endif` without `if`"), "{got}");
        assert!(got.ends_with("pass\nerror: `frobnicate` is not a route-policy statement\nerror: `endif` without `if`\n") || got.contains("pass"), "{got}");
        let got = check("if destination in A\n pass\n");
        assert!(got.contains("without `then`"), "{got}");
    }

    #[test]
    fn prefix_elements() {
        let p = |t: &str| prefix_element(&toks(t)).map(|(p, a, b)| format!("{p} {a}..{b}"));
        assert_eq!(p("10.0.0.0/8 le 32"), Ok("10.0.0.0/8 8..32".into()));
        assert_eq!(p("10.0.0.0/8 ge 16 le 24"), Ok("10.0.0.0/8 16..24".into()));
        assert_eq!(p("10.0.0.0/8 eq 24"), Ok("10.0.0.0/8 24..24".into()));
        assert_eq!(p("10.1.0.0/8"), Ok("10.0.0.0/8 8..8".into()));
        assert_eq!(p("0.0.0.0"), Ok("0.0.0.0/32 32..32".into()));
        assert_eq!(p("2001:db8::/32 le 48"), Ok("2001:db8::/32 32..48".into()));
        assert!(p("10.0.0.0/8 le 40").is_err());
        assert!(p("10.0.0.0/16 le 8").is_err());
        assert!(p("x").is_err());
    }

    #[test]
    fn community_elements() {
        let c = |t: &str| community_element(&toks(t));
        assert_eq!(
            c("65000:1"),
            Ok(CommunityMatcher::All(vec!["65000:1".into()]))
        );
        assert_eq!(
            c("No-Export"),
            Ok(CommunityMatcher::All(vec!["no-export".into()]))
        );
        assert_eq!(
            c("65000:*"),
            Ok(CommunityMatcher::Regex("_65000:[0-9]+_".into()))
        );
        assert_eq!(
            c("2152:[65501..65517]"),
            Ok(CommunityMatcher::Regex(
                "_2152:(6550[1-9]|6551[0-7])_".into()
            ))
        );
        assert_eq!(
            c("ios-regex '^52:.*'"),
            Ok(CommunityMatcher::Regex("(^| )52:[^ ]*".into()))
        );
        assert!(c("65536:1").is_err());
        assert!(c("1:$x").is_err());
    }

    #[test]
    fn as_path_elements() {
        let a = |t: &str| as_path_element(&toks(t));
        assert_eq!(
            a("ios-regex '^64666(_64666)*$'"),
            Ok("^64666(_64666)*$".into())
        );
        assert_eq!(a("is-local"), Ok("^$".into()));
        assert_eq!(a("length eq 1"), Ok("^[0-9]+( [0-9]+){0}$".into()));
        assert_eq!(a("length ge 2 all"), Ok("^[0-9]+( [0-9]+){1,}$".into()));
        assert_eq!(a("length le 2"), Ok("^$|^[0-9]+( [0-9]+){0,1}$".into()));
        assert_eq!(a("neighbor-is '6 7' exact"), Ok("^6_7_".into()));
        assert_eq!(a("originates-from '64527'"), Ok("_64527(_64527)*$".into()));
        assert_eq!(a("passes-through '1.1'"), Ok("_65537(_65537)*_".into()));
        assert!(a("unique-length eq 2").is_err());
        assert!(a("neighbor-is '1 [2..3] 4'").is_err());
        assert!(a("neighbor-is '1 [2..3] 4' exact").is_ok());
    }

    #[test]
    fn numeric_ranges() {
        let re = |a, b| regex_lite_check(&numeric_range(a, b), a, b);
        for (a, b) in [
            (0, 9),
            (1, 10),
            (5, 5),
            (65300, 65419),
            (64512, 65534),
            (0, 65535),
            (99, 1001),
            (120, 199),
            (7, 123),
        ] {
            re(a, b);
        }
    }

    /// Checks that `pattern` (anchored) accepts exactly `a..=b` among 0..=70000.
    fn regex_lite_check(pattern: &str, a: u32, b: u32) {
        let anchored = format!("^(?:{pattern})$");
        let re = Matcher::new(&anchored);
        for n in 0..=70_000u32 {
            let want = (a..=b).contains(&n);
            assert_eq!(
                re.matches(&n.to_string()),
                want,
                "{pattern} on {n} (range {a}..={b})"
            );
        }
    }

    /// A tiny backtracking matcher for the subset the range generator emits (literals, `[x-y]`,
    /// `[0-9]`, groups with `|`), so the parser crate needs no regex dependency.
    struct Matcher {
        pattern: Vec<char>,
    }

    impl Matcher {
        fn new(p: &str) -> Matcher {
            let inner = p
                .trim_start_matches("^(?:")
                .trim_end_matches(")$")
                .chars()
                .collect();
            Matcher { pattern: inner }
        }

        fn matches(&self, text: &str) -> bool {
            let t: Vec<char> = text.chars().collect();
            alternatives(&self.pattern)
                .iter()
                .any(|alt| seq_match(alt, &t).contains(&t.len()))
        }
    }

    /// Splits at top-level `|`.
    fn alternatives(p: &[char]) -> Vec<Vec<char>> {
        let mut out = vec![Vec::new()];
        let mut depth = 0;
        for &c in p {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                '|' if depth == 0 => {
                    out.push(Vec::new());
                    continue;
                }
                _ => {}
            }
            out.last_mut().unwrap().push(c);
        }
        out
    }

    /// All end positions reachable matching sequence `p` on `t` from 0.
    fn seq_match(p: &[char], t: &[char]) -> Vec<usize> {
        let mut positions = vec![0usize];
        let mut i = 0;
        while i < p.len() {
            let mut next = Vec::new();
            match p[i] {
                '(' => {
                    let mut depth = 0;
                    let mut j = i;
                    loop {
                        match p[j] {
                            '(' => depth += 1,
                            ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    let group = &p[i + 1..j];
                    for &pos in &positions {
                        for alt in alternatives(group) {
                            for end in seq_match(&alt, &t[pos..]) {
                                next.push(pos + end);
                            }
                        }
                    }
                    i = j + 1;
                }
                '[' => {
                    let (lo, hi) = (p[i + 1], p[i + 3]);
                    for &pos in &positions {
                        if t.get(pos).is_some_and(|c| (lo..=hi).contains(c)) {
                            next.push(pos + 1);
                        }
                    }
                    i += 5;
                }
                c => {
                    for &pos in &positions {
                        if t.get(pos) == Some(&c) {
                            next.push(pos + 1);
                        }
                    }
                    i += 1;
                }
            }
            next.sort_unstable();
            next.dedup();
            positions = next;
        }
        positions
    }
}
