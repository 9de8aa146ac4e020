//! nom grammars for the IOS family, one file per context.
//!
//! Every parser here works on one line's text (without indentation and without a leading `no` /
//! `default`) and returns [`Parse`]: a statement of the context's small AST, `Malformed` when
//! the command is known but its arguments are not, or `NotHere` when the context does not know
//! the command (the binder then tries the enclosing context).
//!
//! Token parsers consume the whitespace after themselves, so a command is a plain tuple of
//! token parsers ending in [`end`]. Keywords match case-insensitively at word boundaries;
//! names keep their case. Parsed values borrow from the line, so lowering can compute spans.

pub(crate) mod acl;
pub(crate) mod bgp;
pub(crate) mod eigrp;
pub(crate) mod global;
pub(crate) mod interface;
pub(crate) mod isis;
pub(crate) mod ospf;
pub(crate) mod policy;
pub(crate) mod vrf;
pub(crate) mod xr;

use std::borrow::Cow;
use std::net::Ipv4Addr;
use std::str::FromStr;

use ipnet::{Ipv4Net, Ipv6Net};
#[cfg(test)]
use nom::bytes::complete::{take_till1, take_while};
use nom::combinator::{map_res, verify};
use nom::{IResult, Parser};

use super::Dialect;
use super::bind::{Parse, Polarity};
use super::context::Context;

/// nom result with a unit error: the grammar only needs to know whether a production matched.
pub(crate) type R<'a, T> = IResult<&'a str, T, ()>;

/// What every context parser gets.
#[derive(Clone, Copy, Debug)]
pub(crate) struct In<'a> {
    /// The line, without indentation or polarity prefix.
    pub(crate) text: &'a str,
    /// `no` / `default`.
    pub(crate) polarity: Polarity,
    /// Dialect.
    pub(crate) dialect: Dialect,
}

impl<'a> In<'a> {
    /// True for `no ...`.
    pub(crate) fn negated(&self) -> bool {
        self.polarity != Polarity::Set
    }

    /// The first word, lower-cased for dispatch.
    pub(crate) fn first(&self) -> Cow<'a, str> {
        lower(first_word(self.text))
    }
}

/// `word` in lower case, borrowed when it already is.
pub(crate) fn lower(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// The whitespace-separated words of a line, kept on the stack for lines of up to
/// [`Words::INLINE`] words (every line goes through a parser that wants its words; a vector per
/// line was a large share of parse time). Dereferences to the slice of words.
#[derive(Clone, Debug)]
pub(crate) struct Words<'a> {
    inline: [&'a str; Words::INLINE],
    len: usize,
    /// All the words, when there are more than fit inline (else empty, not allocated).
    heap: Vec<&'a str>,
}

impl<'a> Words<'a> {
    /// Words a line keeps inline.
    pub(crate) const INLINE: usize = 24;

    /// The words of `text`, as `text.split_whitespace()` gives them.
    pub(crate) fn new(text: &'a str) -> Words<'a> {
        let mut rest = skip_space(text);
        std::iter::from_fn(|| {
            if rest.is_empty() {
                return None;
            }
            let (word, after) = rest.split_at(word_end(rest));
            rest = skip_space(after);
            Some(word)
        })
        .collect()
    }
}

/// ASCII whitespace as [`char::is_whitespace`] has it (`\t`, `\n`, vertical tab, form feed,
/// `\r`, space).
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// `text` without its leading whitespace (Unicode, as [`str::trim_start`]), scanning bytes
/// while the text is ASCII: decoding characters one by one was a large share of parse time.
pub(crate) fn skip_space(text: &str) -> &str {
    match text.bytes().position(|b| !ascii_space(b)) {
        None => "",
        Some(n) if text.as_bytes()[n] < 0x80 => &text[n..],
        Some(n) => text[n..].trim_start(),
    }
}

/// The length of the word `text` starts with (up to the first whitespace character).
pub(crate) fn word_end(text: &str) -> usize {
    match text.bytes().position(|b| ascii_space(b) || b >= 0x80) {
        None => text.len(),
        Some(n) if text.as_bytes()[n] < 0x80 => n,
        Some(n) => text[n..]
            .find(char::is_whitespace)
            .map_or(text.len(), |k| n + k),
    }
}

/// The first word of `text`, as `text.split_whitespace().next()` gives it (`""` for none).
pub(crate) fn first_word(text: &str) -> &str {
    let text = skip_space(text);
    &text[..word_end(text)]
}

/// The words of `text` in lower case, borrowed from `text` when it has no upper-case letter
/// (else from a lower-cased copy of the line put in `store`: ASCII lower-casing keeps every
/// byte where it is, so the copy splits into the same words).
pub(crate) fn lower_words<'s>(text: &'s str, store: &'s mut String) -> Words<'s> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        *store = text.to_ascii_lowercase();
        Words::new(store)
    } else {
        Words::new(text)
    }
}

impl<'a> FromIterator<&'a str> for Words<'a> {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Words<'a> {
        let mut words = Words {
            inline: [""; Words::INLINE],
            len: 0,
            heap: Vec::new(),
        };
        let mut iter = iter.into_iter();
        for word in iter.by_ref() {
            if words.len == Words::INLINE {
                words.heap = words.inline.to_vec();
                words.heap.push(word);
                words.heap.extend(iter);
                break;
            }
            words.inline[words.len] = word;
            words.len += 1;
        }
        words
    }
}

impl<'a> std::ops::Deref for Words<'a> {
    type Target = [&'a str];

    fn deref(&self) -> &[&'a str] {
        if self.heap.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }
}

/// Runs `parser` over the whole line: `Some(value)` when it consumed everything.
pub(crate) fn full<'a, T>(
    text: &'a str,
    mut parser: impl Parser<&'a str, Output = T, Error = ()>,
) -> Option<T> {
    match parser.parse(text) {
        Ok((rest, value)) if rest.trim().is_empty() => Some(value),
        _ => None,
    }
}

/// Whitespace (zero or more).
pub(crate) fn ws(i: &str) -> R<'_, &str> {
    let rest = skip_space(i);
    Ok((rest, &i[..i.len() - rest.len()]))
}

/// A keyword at a word boundary, case-insensitive, followed by whitespace or the end.
pub(crate) fn kw<'a>(k: &'static str) -> impl Parser<&'a str, Output = &'a str, Error = ()> {
    // A byte comparison: keywords are ASCII, and nom's `tag_no_case` (char by char through
    // Unicode lower-casing) dominated parse time.
    move |i: &'a str| {
        let n = k.len();
        if i.len() < n || !i.as_bytes()[..n].eq_ignore_ascii_case(k.as_bytes()) {
            return Err(nom::Err::Error(()));
        }
        let (matched, rest) = i.split_at(n);
        if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
            return Err(nom::Err::Error(()));
        }
        let (rest, _) = ws(rest)?;
        Ok((rest, matched))
    }
}

/// A sequence of keywords given as one string: `kws("ip address")`.
pub(crate) fn kws<'a>(k: &'static str) -> impl Parser<&'a str, Output = (), Error = ()> {
    move |mut i: &'a str| {
        for word in k.split(' ') {
            i = kw(word).parse(i)?.0;
        }
        Ok((i, ()))
    }
}

/// One word.
pub(crate) fn word(i: &str) -> R<'_, &str> {
    let (w, rest) = i.split_at(word_end(i));
    if w.is_empty() {
        return Err(nom::Err::Error(()));
    }
    Ok((skip_space(rest), w))
}

/// One word that is not one of `keywords` (so optional trailing keywords are not taken as names).
pub(crate) fn name_except<'a>(
    keywords: &'static [&'static str],
) -> impl Parser<&'a str, Output = &'a str, Error = ()> {
    verify(word, move |w: &str| {
        !keywords.iter().any(|k| k.eq_ignore_ascii_case(w))
    })
}

/// The rest of the line, trimmed, non-empty.
pub(crate) fn rest1(i: &str) -> R<'_, &str> {
    let t = i.trim_end();
    if t.is_empty() {
        Err(nom::Err::Error(()))
    } else {
        Ok(("", t))
    }
}

/// A number.
pub(crate) fn num<'a, T: FromStr>(i: &'a str) -> R<'a, T> {
    map_res(word, |w: &str| w.parse::<T>()).parse(i)
}

/// An IPv4 address.
pub(crate) fn ipv4(i: &str) -> R<'_, Ipv4Addr> {
    num::<Ipv4Addr>(i)
}

/// `a.b.c.d/len` (host bits kept).
pub(crate) fn ipv4_net(i: &str) -> R<'_, Ipv4Net> {
    num::<Ipv4Net>(i)
}

/// `x::y/len`.
pub(crate) fn ipv6_net(i: &str) -> R<'_, Ipv6Net> {
    num::<Ipv6Net>(i)
}

/// A contiguous IPv4 netmask (`255.255.255.0`) as a prefix length.
pub(crate) fn netmask(i: &str) -> R<'_, u8> {
    map_res(ipv4, |m| mask_len(m).ok_or(())).parse(i)
}

/// The prefix length of a contiguous netmask.
pub(crate) fn mask_len(mask: Ipv4Addr) -> Option<u8> {
    let bits = u32::from(mask);
    let len = bits.leading_ones();
    (bits.checked_shl(len).unwrap_or(0) == 0).then_some(len as u8)
}

/// `address mask` or `address/len`, as a prefix with host bits kept.
pub(crate) fn ipv4_addr_mask(i: &str) -> R<'_, Ipv4Net> {
    if let Ok(r) = ipv4_net(i) {
        return Ok(r);
    }
    let (i, (addr, len)) = (ipv4, netmask).parse(i)?;
    let net = Ipv4Net::new(addr, len).map_err(|_| nom::Err::Error(()))?;
    Ok((i, net))
}

/// An AS number, plain or in `asdot` notation (`1.10` = 65546).
pub(crate) fn asn(i: &str) -> R<'_, u32> {
    map_res(word, parse_asn).parse(i)
}

/// Parses a plain or `asdot` AS number.
pub(crate) fn parse_asn(w: &str) -> Result<u32, ()> {
    if let Some((hi, lo)) = w.split_once('.') {
        let hi: u32 = hi.parse().map_err(|_| ())?;
        let lo: u32 = lo.parse().map_err(|_| ())?;
        if hi > 65535 || lo > 65535 {
            return Err(());
        }
        Ok(hi << 16 | lo)
    } else {
        w.parse().map_err(|_| ())
    }
}

/// Shorthand for a statement that opens nothing.
pub(crate) fn stmt<S>(s: S) -> Parse<S> {
    Parse::Stmt {
        stmt: s,
        opens: None,
    }
}

/// Shorthand for a statement that opens a context.
pub(crate) fn opens<S>(s: S, ctx: Context) -> Parse<S> {
    Parse::Stmt {
        stmt: s,
        opens: Some(ctx),
    }
}

/// Shorthand for a known command with bad arguments.
pub(crate) fn malformed<S>(what: impl Into<String>) -> Parse<S> {
    Parse::Malformed(what.into())
}

/// `Some(stmt)` → statement; `None` → malformed `what`.
pub(crate) fn or_malformed<S>(parsed: Option<S>, what: &str) -> Parse<S> {
    match parsed {
        Some(s) => stmt(s),
        None => malformed(format!("invalid arguments to `{what}`")),
    }
}

/// The slice of `text` from the start of `first` to the end of `last`, both slices of `text`
/// (for names written with a space, `Loopback 66`); `first` when they are not.
pub(crate) fn span_words<'a>(text: &'a str, first: &'a str, last: &'a str) -> &'a str {
    let base = text.as_ptr() as usize;
    let start = (first.as_ptr() as usize).wrapping_sub(base);
    let end = (last.as_ptr() as usize)
        .wrapping_sub(base)
        .saturating_add(last.len());
    text.get(start..end).unwrap_or(first)
}

/// True when `text` starts with the keywords `k` (whole words, case-insensitive).
pub(crate) fn starts(text: &str, k: &'static str) -> bool {
    kws(k).parse(text).is_ok()
}

/// Test helper shared by the grammar modules: parses `line` in `ctx` through the binder's
/// dispatch (`no`/`default` prefixes included) and prints the statement and what it opens. A
/// leading `eos: `, `nxos: `, `frr: `, `xe: ` or `xr: ` selects the dialect (IOS otherwise).
#[cfg(test)]
pub(crate) fn check_line(ctx: &Context, line: &str) -> String {
    let (dialect, line) = match line.split_once(": ") {
        Some(("eos", rest)) => (Dialect::Eos, rest),
        Some(("nxos", rest)) => (Dialect::CiscoNxos, rest),
        Some(("frr", rest)) => (Dialect::Frr, rest),
        Some(("xe", rest)) => (Dialect::IosXe, rest),
        Some(("xr", rest)) => (Dialect::IosXr, rest),
        _ => (Dialect::Ios, line),
    };
    let (text, polarity) = super::bind::strip_polarity(line);
    match super::parse_line(ctx, text, polarity, dialect) {
        Parse::Stmt {
            stmt,
            opens: Some(ctx),
        } => format!("{stmt:?} opens {ctx:?}"),
        Parse::Stmt { stmt, opens: None } => format!("{stmt:?}"),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_need_word_boundaries() {
        assert!(starts("ip address 1.1.1.1 255.0.0.0", "ip address"));
        assert!(starts("IP Address 1.1.1.1", "ip address"));
        assert!(!starts("ip addressx 1", "ip address"));
        assert!(starts("shutdown", "shutdown"));
        assert!(!starts("shutdownx", "shutdown"));
    }

    #[test]
    fn netmasks_must_be_contiguous() {
        assert_eq!(mask_len("255.255.255.0".parse().unwrap()), Some(24));
        assert_eq!(mask_len("255.255.255.255".parse().unwrap()), Some(32));
        assert_eq!(mask_len("0.0.0.0".parse().unwrap()), Some(0));
        assert_eq!(mask_len("255.0.255.0".parse().unwrap()), None);
        let (_, net) = ipv4_addr_mask("10.1.2.3 255.255.0.0").unwrap();
        assert_eq!(net.to_string(), "10.1.2.3/16");
        let (_, net) = ipv4_addr_mask("10.1.2.3/16").unwrap();
        assert_eq!(net.to_string(), "10.1.2.3/16");
    }

    #[test]
    fn words_split_as_split_whitespace() {
        for text in [
            "",
            " ",
            "a",
            " a b ",
            "a\tb\x0bc\x0cd\re\nf",
            "a\u{a0}b\u{85}c\u{2003} d",
            "\u{a0}\u{a0}x",
            "é ü€ x\u{3000}y",
            "x\u{a0}",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(&*Words::new(text), words.as_slice(), "{text:?}");
            assert_eq!(first_word(text), words.first().copied().unwrap_or(""));
            assert_eq!(skip_space(text), text.trim_start(), "{text:?}");
            let w = take_till1::<_, _, ()>(|c: char| c.is_whitespace())(text);
            match word(text) {
                Ok((rest, got)) => {
                    let (after, expected) = w.unwrap();
                    assert_eq!(got, expected);
                    assert_eq!(rest, after.trim_start());
                }
                Err(_) => assert!(w.is_err(), "{text:?}"),
            }
            let (rest, taken) = ws(text).unwrap();
            let expected: R<'_, &str> = take_while(|c: char| c.is_whitespace())(text);
            assert_eq!(Ok((rest, taken)), expected);
        }
    }

    #[test]
    fn words_of_any_length() {
        assert!(Words::new("").is_empty());
        assert_eq!(&*Words::new(" a  b\tc "), ["a", "b", "c"]);
        let long: Vec<String> = (0..60).map(|n| n.to_string()).collect();
        let text = long.join(" ");
        for n in [Words::INLINE - 1, Words::INLINE, Words::INLINE + 1, 60] {
            let prefix = long[..n].join(" ");
            let words = Words::new(&prefix);
            assert_eq!(words.len(), n);
            assert!(words.iter().zip(&long).all(|(w, l)| w == l));
        }
        assert_eq!(Words::new(&text).last(), Some(&"59"));
    }

    #[test]
    fn asdot_numbers() {
        assert_eq!(parse_asn("65000"), Ok(65000));
        assert_eq!(parse_asn("1.10"), Ok(65546));
        assert_eq!(parse_asn("x"), Err(()));
    }
}
