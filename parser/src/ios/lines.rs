//! The line tokenizer: text into logical lines with indentation, words and byte spans.
//!
//! IOS-family configurations are line oriented. This module knows nothing about commands; it
//! only finds lines, their indentation, comments (`!`, `#` in FRR), blank lines and multi-line
//! banners (`banner motd ^C ... ^C`, EOS's `banner login` ... `EOF`), whose bodies must not be
//! read as commands.

/// What a physical line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// A command (possibly one the grammar does not know).
    Command,
    /// `!` or `#` comment, or a blank line.
    Comment,
    /// A line inside a multi-line banner or similar quoted body.
    Body,
}

/// One line of a configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// Kind.
    pub(crate) kind: LineKind,
    /// Columns of leading whitespace (a tab counts as one).
    pub(crate) indent: usize,
    /// The text without indentation and trailing whitespace / CR.
    pub(crate) text: &'a str,
    /// Byte offset of `text` in the file.
    pub(crate) offset: usize,
    /// 0-based physical line number.
    pub(crate) number: usize,
}

/// Splits a file into [`Line`]s. Never fails.
pub(crate) fn split(text: &str, hash_comments: bool) -> Vec<Line<'_>> {
    split_checked(text, hash_comments).0
}

/// [`split`], and the index of the line that opens a banner never closed (everything after it
/// was read as banner text).
pub(crate) fn split_checked(text: &str, hash_comments: bool) -> (Vec<Line<'_>>, Option<usize>) {
    // One allocation for the whole file: growing by doubling copied large files several times.
    let mut lines = Vec::with_capacity(count_newlines(text) + 1);
    let mut offset = 0;
    let mut banner_end: Option<String> = None;
    let mut opener: Option<usize> = None;
    for (number, raw) in text.split_inclusive('\n').enumerate() {
        let line_offset = offset;
        offset += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed_start = content.trim_start_matches([' ', '\t']);
        let indent = content.len() - trimmed_start.len();
        let body = trimmed_start.trim_end();
        let start = line_offset + indent;
        if let Some(end) = &banner_end {
            let done = if end == "EOF" {
                body == "EOF"
            } else {
                content.contains(end.as_str())
            };
            lines.push(Line {
                kind: LineKind::Body,
                indent,
                text: body,
                offset: start,
                number,
            });
            if done {
                banner_end = None;
            }
            continue;
        }
        let kind =
            if body.is_empty() || body.starts_with('!') || hash_comments && body.starts_with('#') {
                LineKind::Comment
            } else {
                LineKind::Command
            };
        if kind == LineKind::Command {
            banner_end = banner_delimiter(body);
            if banner_end.is_some() {
                opener = Some(lines.len());
            }
        }
        lines.push(Line {
            kind,
            indent,
            text: body,
            offset: start,
            number,
        });
    }
    let unterminated = banner_end.and(opener);
    (lines, unterminated)
}

/// The number of `\n` in `text`, eight bytes at a time (a byte-by-byte count of a large file
/// was a measurable part of parsing it).
fn count_newlines(text: &str) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    let chunks = text.as_bytes().chunks_exact(8);
    let tail = chunks.remainder().iter().filter(|b| **b == b'\n').count();
    chunks.fold(tail, |count, chunk| {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // Bytes equal to `\n` become zero; the high bit of each zero byte is then set exactly.
        let x = u64::from_ne_bytes(word) ^ (ONES * u64::from(b'\n'));
        let zero = !((x & LOW7).wrapping_add(LOW7) | x | LOW7);
        count + zero.count_ones() as usize
    })
}

/// When `line` opens a multi-line banner, the text that closes it.
fn banner_delimiter(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    let first = words.next()?;
    if !first.eq_ignore_ascii_case("banner") {
        // Other free-text messages use the same `^C` quoting (`vacant-message ^C` under
        // `line vty`, `refuse-message`): an odd number of `^C` leaves the body open.
        if !line.contains('^') {
            return None;
        }
        return (line.matches("^C").count() % 2 == 1).then(|| "^C".to_owned());
    }
    let _kind = words.next()?;
    let after_kind = {
        // The rest of the line after "banner <kind>", untrimmed at the start.
        let idx = line.find(_kind)? + _kind.len();
        line[idx..].trim_start()
    };
    if after_kind.is_empty() {
        // EOS: the banner text follows on its own lines and ends with a line `EOF`.
        return Some("EOF".to_owned());
    }
    let delimiter: String = if after_kind.starts_with("^C") {
        "^C".to_owned()
    } else {
        after_kind.chars().next()?.to_string()
    };
    let rest = &after_kind[delimiter.len()..];
    if rest.contains(delimiter.as_str()) {
        None
    } else {
        Some(delimiter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(LineKind, usize, &str)> {
        split(text, false)
            .into_iter()
            .map(|l| (l.kind, l.indent, l.text))
            .collect()
    }

    #[test]
    fn indentation_comments_and_crlf() {
        let got =
            kinds("hostname r1\r\n!\r\ninterface Gi0/0\r\n ip address 1.1.1.1 255.0.0.0  \r\n\n");
        assert_eq!(
            got,
            vec![
                (LineKind::Command, 0, "hostname r1"),
                (LineKind::Comment, 0, "!"),
                (LineKind::Command, 0, "interface Gi0/0"),
                (LineKind::Command, 1, "ip address 1.1.1.1 255.0.0.0"),
                (LineKind::Comment, 0, ""),
            ]
        );
    }

    #[test]
    fn banners_are_bodies_until_their_delimiter() {
        let text = "banner motd ^C\nrouter bgp 1\n neighbor x ^C\nhostname r1\n";
        let got = kinds(text);
        assert_eq!(got[1].0, LineKind::Body);
        assert_eq!(got[2].0, LineKind::Body);
        assert_eq!(got[3], (LineKind::Command, 0, "hostname r1"));
        let one_line = kinds("banner exec #hello#\nhostname r1\n");
        assert_eq!(one_line[1], (LineKind::Command, 0, "hostname r1"));
        let message = kinds(" vacant-message ^C\n  Unauthorized\n^C\n no vacant-message\n");
        assert_eq!(message[1].0, LineKind::Body);
        assert_eq!(message[2].0, LineKind::Body);
        assert_eq!(message[3].0, LineKind::Command);
        let eos = kinds("banner login\nrouter bgp 1\nEOF\nhostname r1\n");
        assert_eq!(eos[1].0, LineKind::Body);
        assert_eq!(eos[2].0, LineKind::Body);
        assert_eq!(eos[3].0, LineKind::Command);
    }

    #[test]
    fn unterminated_banners_are_reported() {
        let (lines, open) = split_checked("hostname r1\nbanner motd ^C\nrouter bgp 1\n", false);
        assert_eq!(open, Some(1));
        assert_eq!(lines[2].kind, LineKind::Body);
        let (_, open) = split_checked("banner motd ^C\nhi\n^C\nrouter bgp 1\n", false);
        assert_eq!(open, None);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "a\n  bb cc\n";
        let lines = split(text, false);
        assert_eq!(lines[1].offset, 4);
        assert_eq!(
            &text[lines[1].offset..lines[1].offset + lines[1].text.len()],
            "bb cc"
        );
    }

    #[test]
    fn newlines_are_counted_exactly() {
        for text in [
            "",
            "\n",
            "a\nb",
            "\n\n\n\n\n\n\n\n\n",
            "0123456\n89\n\x0a\u{8a}\x0b\u{10a}\n",
            "ééééééé\n€€€\n\n",
        ] {
            let expected = text.bytes().filter(|b| *b == b'\n').count();
            assert_eq!(count_newlines(text), expected, "{text:?}");
            let long = text.repeat(13);
            assert_eq!(count_newlines(&long), expected * 13, "{long:?}");
        }
    }

    #[test]
    fn hash_comments_only_when_asked() {
        assert_eq!(kinds("# x\n")[0].0, LineKind::Command);
        assert_eq!(split("# x\n", true)[0].kind, LineKind::Comment);
    }
}
