//! Source files and spans.
//!
//! A [`Span`] is a byte range in one file of a [`Sources`] set. Spans are small, `Copy` and
//! serde-able; the text they point at stays in [`Sources`] and is attached only when a report is
//! rendered (nushell's pattern). [`Sources::line_col`] turns a span into `file:line:column`.

use serde::{Deserialize, Serialize};

/// Index of a file in a [`Sources`] set.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one source file.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span over `start..end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: to_u32(start),
            end: to_u32(end.max(start)),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The smallest span covering both (which must be in the same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

fn to_u32(offset: usize) -> u32 {
    // Files above 4 GiB are refused by the loader; saturate rather than wrap if one slips through.
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A value with the span of the text it came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps `value` with `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    /// Maps the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            span: self.span,
        }
    }

    /// Borrows the value, keeping the span.
    pub fn as_ref(&self) -> Spanned<&T> {
        Spanned {
            value: &self.value,
            span: self.span,
        }
    }
}

/// One source file: its path as given by the caller, and its text decoded to UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Path as the user should see it (relative to the snapshot where possible).
    pub path: String,
    /// The decoded text (see [`decode`]).
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// A file with already decoded text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| to_u32(i + 1)),
        );
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1)
            - 1;
        let start = self.line_starts[line] as usize;
        let offset = (offset as usize).min(self.text.len());
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The text of 1-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte range of 1-based line `line` without its terminator, if the line exists.
    pub fn line_range(&self, line: usize) -> Option<(usize, usize)> {
        let start = *self.line_starts.get(line.wrapping_sub(1))? as usize;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e as usize);
        let text = &self.text[start..end];
        Some((start, start + text.trim_end_matches(['\n', '\r']).len()))
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Decodes file bytes: UTF-8 when valid, otherwise Latin-1 (every byte is one character), which is
/// what old IOS images write for non-ASCII descriptions and banners. The second value is true
/// when the Latin-1 fallback was used.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (bytes.iter().map(|&b| char::from(b)).collect(), true),
    }
}

/// The set of files one analysis reads. [`FileId`]s index into it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(to_u32(self.files.len() - 1))
    }

    /// The file with id `id`.
    ///
    /// # Panics
    /// When `id` was not returned by [`Sources::add`] on this set.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file with id `id`, if it exists.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// All files with their ids, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(to_u32(i)), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Renames every file (e.g. to show repository-relative paths for files read from git).
    pub fn relabel(&mut self, mut rename: impl FnMut(&str) -> String) {
        for file in &mut self.files {
            file.path = rename(&file.path);
        }
    }

    /// `path:line:column` of the start of a span.
    pub fn location(&self, span: Span) -> String {
        match self.get(span.file) {
            Some(file) => {
                let (line, column) = file.line_col(span.start);
                format!("{}:{line}:{column}", file.path)
            }
            None => format!("<file {}>:{}", span.file.0, span.start),
        }
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        self.get(span.file)
            .and_then(|f| f.text.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }

    /// 1-based line of the start of a span.
    pub fn line(&self, span: Span) -> usize {
        self.get(span.file).map_or(0, |f| f.line_col(span.start).0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let file = SourceFile::new("r1.cfg", "hostname r1\r\ninterface Gi0/0\n déscription x\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(13), (2, 1));
        let desc = file.text.find("scription").unwrap() as u32;
        assert_eq!(file.line_col(desc), (3, 4));
        assert_eq!(file.line_text(1), "hostname r1");
        assert_eq!(file.line_text(3), " déscription x");
        assert_eq!(file.line_text(99), "");
    }

    #[test]
    fn latin1_falls_back_byte_per_char() {
        let (text, latin1) = decode(b"description caf\xe9\n");
        assert!(latin1);
        assert_eq!(text, "description café\n");
        let (text, latin1) = decode("plain".as_bytes());
        assert!(!latin1);
        assert_eq!(text, "plain");
    }
}
