//! Status line and header block of an HTTP/1.x response (RFC 9112 §4, §5), sans-IO.
//!
//! The parser is fed the bytes received so far and answers `Partial` (needs more bytes)
//! or `Complete`. It remembers how far it scanned, so feeding one byte at a time costs
//! O(n) in total and gives the same result as feeding everything at once.
//!
//! Leniency matches `http.client` by default, because drop-in code depends on it:
//! * a line ends at LF; the CR before it is optional (`readline()` semantics);
//! * the status line is split on Python whitespace (`str.split(None, 2)` over the
//!   ISO-8859-1 decoding), the code is read like `int()` reads it, 100–999 accepted;
//! * end of input inside the header block ends the block (http.client does the same).
//!
//! Header *lines* are returned as ranges; [`split_field`] turns a line into a
//! `(name, value)` pair when the line is one that `email.parser` (which http.client
//! runs over the header block) would store unchanged as such a pair. Lines it would
//! treat differently (folding, defects, `From ` envelopes) make the block "irregular",
//! and the binding then lets `email.parser` build the message, so behaviour stays
//! identical to the stdlib's for every input.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use core::ops::Range;

use crate::rules;

/// Longest status or header line, in bytes including its line ending: `http.client._MAXLINE`.
pub const MAX_LINE: usize = 65536;
/// Most lines in a header block, *counting the blank line that ends it*:
/// `http.client._MAXHEADERS` (so 99 fields at most, as in the stdlib).
pub const MAX_HEADERS: usize = 100;
/// Most interim (1xx) responses skipped before a final one. http.client skips any number
/// of `100 Continue`; an endless stream of them would hang the client, so we stop here.
pub const MAX_INTERIM_RESPONSES: usize = 32;

/// Limits for one head; the binding passes the values of `_MAXLINE`/`_MAXHEADERS` read
/// at call time, since tests and users patch them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_line: usize,
    pub max_headers: usize,
    /// RFC 9112 exactly (see `rules`); otherwise http.client's leniency, minus what
    /// enables response splitting.
    pub strict: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line: MAX_LINE,
            max_headers: MAX_HEADERS,
            strict: false,
        }
    }
}

/// Why a head was refused. The binding maps each to the http.client exception named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeadError {
    /// End of input before any byte of a status line: `RemoteDisconnected`.
    NoResponse,
    /// `LineTooLong("status line")`.
    StatusLineTooLong,
    /// `LineTooLong("header line")`.
    HeaderLineTooLong,
    /// `HTTPException("got more than N headers")`, N being the limit in force.
    TooManyHeaders(usize),
    /// `BadStatusLine(line)`; the range is the whole line, line ending included.
    BadStatusLine(Range<usize>),
    /// More than [`MAX_INTERIM_RESPONSES`] 1xx responses in a row.
    TooManyInterim,
    /// A header line with a bare CR or a NUL (any mode), or one that breaks RFC 9112
    /// (strict mode); an empty range at the end of input means the head was cut short.
    InvalidHeaderLine(Range<usize>),
}

/// Result of feeding bytes to a parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status<T> {
    Complete(T),
    Partial,
}

/// A parsed status line, as ranges into the buffer that was fed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLine {
    pub version: Range<usize>,
    pub code: u16,
    /// The reason phrase, Python-whitespace stripped (http.client's `reason.strip()`).
    pub reason: Range<usize>,
}

/// Python's `str.isspace()` over an ISO-8859-1 decoded byte: the separators that
/// `str.split()`, `str.strip()` and `int()` use.
#[inline]
pub fn is_py_space(b: u8) -> bool {
    matches!(
        b,
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x20 | 0x85 | 0xa0
    )
}

/// Returns the range of `line[range]` with Python whitespace removed at both ends.
fn strip_py(line: &[u8], range: Range<usize>) -> Range<usize> {
    let mut start = range.start;
    let mut end = range.end;
    while start < end && line.get(start).copied().is_some_and(is_py_space) {
        start = start.saturating_add(1);
    }
    while end > start
        && line
            .get(end.saturating_sub(1))
            .copied()
            .is_some_and(is_py_space)
    {
        end = end.saturating_sub(1);
    }
    start..end
}

/// Reads an integer the way Python's `int(str)` does (sign, `_` between digits,
/// surrounding whitespace), saturating far outside the range we care about.
pub fn py_int(text: &[u8]) -> Option<i64> {
    let r = strip_py(text, 0..text.len());
    let s = text.get(r)?;
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.first() == Some(&b'_') || digits.last() == Some(&b'_') {
        return None;
    }
    let mut value: i64 = 0;
    let mut prev_underscore = false;
    for &b in digits {
        if b == b'_' {
            if prev_underscore {
                return None;
            }
            prev_underscore = true;
            continue;
        }
        prev_underscore = false;
        if !b.is_ascii_digit() {
            return None;
        }
        value = value
            .saturating_mul(10)
            .saturating_add(i64::from(b.wrapping_sub(b'0')));
    }
    Some(if neg { value.saturating_neg() } else { value })
}

/// Parses one status line (line ending included), with `http.client._read_status` rules.
pub fn parse_status_line(line: &[u8]) -> Result<StatusLine, HeadError> {
    match usual_status_line(line) {
        Some(status) => Ok(status),
        None => split_status_line(line),
    }
}

/// The usual shape, `HTTP/1.x NNN<space>reason`, read by position: the fields that
/// [`split_status_line`] gives it, without the general split.
#[inline]
fn usual_status_line(line: &[u8]) -> Option<StatusLine> {
    if let Some([b'H', b'T', b'T', b'P', b'/', b'1', b'.', _, b' ', d0, d1, d2, sep, ..]) =
        line.get(..13)
    {
        if (b'1'..=b'9').contains(d0)
            && d1.is_ascii_digit()
            && d2.is_ascii_digit()
            && is_py_space(*sep)
        {
            let digit = |d: &u8| u16::from(d.wrapping_sub(b'0'));
            let code = digit(d0)
                .wrapping_mul(100)
                .wrapping_add(digit(d1).wrapping_mul(10))
                .wrapping_add(digit(d2));
            return Some(StatusLine {
                version: 0..8,
                code,
                reason: strip_py(line, 12..line.len()),
            });
        }
    }
    None
}

/// [`parse_status_line`] for any line: `str.split(None, 2)` and `int()`, as
/// `http.client._read_status` does.
fn split_status_line(line: &[u8]) -> Result<StatusLine, HeadError> {
    let bad = || HeadError::BadStatusLine(0..line.len());
    // str.split(None, 2): up to two separating runs of whitespace.
    let mut fields: [Range<usize>; 3] = [0..0, 0..0, 0..0];
    let mut count = 0usize;
    let mut i = 0usize;
    let n = line.len();
    while count < 3 {
        while i < n && line.get(i).copied().is_some_and(is_py_space) {
            i = i.saturating_add(1);
        }
        if i >= n {
            break;
        }
        let start = i;
        if count == 2 {
            // maxsplit reached: the rest of the line, trailing whitespace kept.
            i = n;
        } else {
            while i < n && !line.get(i).copied().is_some_and(is_py_space) {
                i = i.saturating_add(1);
            }
        }
        if let Some(slot) = fields.get_mut(count) {
            *slot = start..i;
        }
        count = count.saturating_add(1);
    }
    let [version, status, reason] = fields;
    let (version, status, reason) = match count {
        3 => (version, status, reason),
        // `version, status = line.split(None, 1)`: status keeps trailing whitespace,
        // which int() then ignores.
        2 => (version, status.start..n, n..n),
        _ => return Err(bad()),
    };
    if !line
        .get(version.clone())
        .is_some_and(|v| v.starts_with(b"HTTP/"))
    {
        return Err(bad());
    }
    let code = line.get(status).and_then(py_int).ok_or_else(bad)?;
    if !(100..=999).contains(&code) {
        return Err(bad());
    }
    let code = u16::try_from(code).map_err(|_| bad())?;
    Ok(StatusLine {
        version,
        code,
        reason: strip_py(line, reason),
    })
}

/// Finds the end (exclusive, after the LF) of the line starting at `start`, reading at
/// most `limit + 1` bytes like `readline(limit + 1)`.
/// `Ok(Some(end))`: a complete line, or a partial one at end of input.
/// `Ok(None)`: need more bytes. `Err(LineTooLong)`: the line is longer than `limit`.
pub fn find_line(
    buf: &[u8],
    start: usize,
    limit: usize,
    eof: bool,
) -> Result<Option<usize>, LineTooLong> {
    find_line_by(buf, start, limit, eof, scan_lf)
}

/// The next line of a head: [`find_head_line`]'s answer, with `true` when the line is
/// also known to pass the safety rule of every mode. The common line (LF or CRLF
/// ending, no other CR, no NUL, within the limit) takes one pass; anything else takes
/// the general search, and its caller applies the rules.
#[inline]
fn next_line(
    buf: &[u8],
    start: usize,
    limit: usize,
    eof: bool,
) -> Result<Option<(usize, bool)>, LineTooLong> {
    match safe_line_end(buf, start, limit) {
        Some(end) => Ok(Some((end, true))),
        None => Ok(find_head_line(buf, start, limit, eof)?.map(|end| (end, false))),
    }
}

/// [`find_line`] with a SIMD search, for the longer lines of a head.
pub fn find_head_line(
    buf: &[u8],
    start: usize,
    limit: usize,
    eof: bool,
) -> Result<Option<usize>, LineTooLong> {
    find_line_by(buf, start, limit, eof, memchr_lf)
}

#[inline]
fn find_line_by(
    buf: &[u8],
    start: usize,
    limit: usize,
    eof: bool,
    search: fn(&[u8]) -> Option<usize>,
) -> Result<Option<usize>, LineTooLong> {
    let avail = buf.get(start..).unwrap_or(&[]);
    let window = avail
        .get(..limit.saturating_add(1).min(avail.len()))
        .unwrap_or(avail);
    match search(window) {
        Some(pos) => {
            let len = pos.saturating_add(1);
            if len > limit {
                Err(LineTooLong)
            } else {
                Ok(Some(start.saturating_add(len)))
            }
        }
        None if window.len() > limit => Err(LineTooLong),
        None if eof => Ok(Some(start.saturating_add(window.len()))),
        None => Ok(None),
    }
}

/// A line longer than the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineTooLong;

/// The first LF by a plain scan: for chunk-size and trailer lines, a few bytes long,
/// where a SIMD search's setup costs more than it saves (benches/parser.rs).
#[inline]
fn scan_lf(haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == b'\n')
}

/// The first LF by memchr (SIMD): for header lines, tens of bytes long.
#[inline]
fn memchr_lf(haystack: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', haystack)
}

/// The end (after the LF) of the line starting at `start` when it is a line that every
/// mode's safety rule accepts and that fits `limit`: its first byte below 0x0E that is
/// not HTAB is an LF, or a CR right before an LF. `None` means "not shown here" (a NUL,
/// a bare CR, another control byte, a long line, or the end of the bytes received): the
/// caller then takes the general path, which gives the exact answer.
///
/// Eight bytes a step: a byte below 0x0E sets the top bit of its lane in
/// `(w - 0x0E..) & !w & 0x80..`, and the lowest set bit is exact (a borrow only runs
/// upwards from a lane that matched). One pass instead of memchr (LF) then memchr2
/// (CR, NUL): benches/parser.rs.
#[inline]
fn safe_line_end(buf: &[u8], start: usize, limit: usize) -> Option<usize> {
    let avail = buf.get(start..)?;
    let window = avail.get(..limit.min(avail.len()))?;
    let mut at = 0usize;
    loop {
        let found = at.checked_add(first_below_0e(window.get(at..)?)?)?;
        match window.get(found..) {
            Some([b'\n', ..]) => return start.checked_add(found)?.checked_add(1),
            Some([b'\r', b'\n', ..]) => return start.checked_add(found)?.checked_add(2),
            Some([b'\t', ..]) => at = found.checked_add(1)?,
            _ => return None,
        }
    }
}

/// The first byte below 0x0E, eight bytes a step.
#[inline]
fn first_below_0e(bytes: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x0e0e_0e0e_0e0e_0e0e;
    first_hit(bytes, |w| w.wrapping_sub(LOW) & !w, |b| b < 0x0e)
}

/// The first byte that `lanes` marks (a word's lanes with their top bit set, the lowest
/// one exact), eight bytes a step; `byte` tests the tail of fewer than eight.
#[inline(always)]
fn first_hit(bytes: &[u8], lanes: impl Fn(u64) -> u64, byte: impl Fn(u8) -> bool) -> Option<usize> {
    const TOP: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0usize;
    for word in words.by_ref() {
        let hits = lanes(u64::from_le_bytes(word.try_into().ok()?)) & TOP;
        if hits != 0 {
            return at.checked_add((hits.trailing_zeros() / 8) as usize);
        }
        at = at.wrapping_add(8);
    }
    at.checked_add(words.remainder().iter().position(|&b| byte(b))?)
}

/// Is this line the end of a header block (`b"\r\n"`, `b"\n"` or `b""` in http.client)?
#[inline]
pub fn is_blank_line(line: &[u8]) -> bool {
    matches!(line, b"\r\n" | b"\n" | b"")
}

/// Bytes allowed in a field name by `email.feedparser.headerRE`
/// (`[\041-\071\073-\176]`), as a table: one load per byte on the hot path.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // const-evaluated
static EMAIL_NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x21;
    while b <= 0x7e {
        if b != 0x3a {
            table[b] = true;
        }
        b += 1;
    }
    table
};

/// The first byte of `body` that `EMAIL_NAME_BYTE` refuses (for a field, its colon).
/// Eight bytes a step, each lane tested for `< 0x21`, `> 0x7e` and `== 0x3a` with the
/// same borrow/carry trick as [`safe_line_end`] (carries only run upwards from a lane
/// that matched, so the lowest set bit is exact); the table takes the tail.
#[inline]
fn name_end(body: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    first_hit(
        body,
        |w| {
            let below = w.wrapping_sub(ONES.wrapping_mul(0x21)) & !w;
            let above = w.wrapping_add(ONES) | w;
            let colon = w ^ ONES.wrapping_mul(0x3a);
            below | above | (colon.wrapping_sub(ONES) & !colon)
        },
        |b| {
            !EMAIL_NAME_BYTE
                .get(usize::from(b))
                .copied()
                .unwrap_or(false)
        },
    )
}

/// Splits a header line (line ending included) into `(name, value)` ranges exactly as
/// `email.parser` with the compat32 policy would store it, or `None` when that parser
/// would do something else with the line (continuation, defect, envelope).
/// The line is one [`HeadParser`] accepted: no CR but the one before its LF.
pub fn split_field(line: &[u8]) -> Option<(Range<usize>, Range<usize>)> {
    let body_end = if line.ends_with(b"\r\n") {
        line.len().saturating_sub(2)
    } else if line.ends_with(b"\n") {
        line.len().saturating_sub(1)
    } else {
        line.len()
    };
    let body = line.get(..body_end)?;
    // A `From ` envelope line needs no test of its own: its name stops at the space.
    let colon = name_end(body)?;
    if colon == 0 || body.get(colon) != Some(&b':') {
        return None;
    }
    let mut vstart = colon.saturating_add(1);
    while matches!(body.get(vstart), Some(b' ' | b'\t')) {
        vstart = vstart.saturating_add(1);
    }
    Some((0..colon, vstart..body_end))
}

/// Where an incremental head parse stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Phase {
    #[default]
    StatusLine,
    Headers,
}

/// A complete response head: the status line and the header lines (blank line excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub status_line: Range<usize>,
    pub status: StatusLine,
    /// Header lines, each with its line ending, in order.
    pub lines: Vec<Range<usize>>,
    /// Offset just past the blank line (or end of input) that ended the head.
    pub end: usize,
}

/// Incremental parser for one response head starting at `start` of a growing buffer.
#[derive(Clone, Debug, Default)]
pub struct HeadParser {
    phase: Phase,
    pos: usize,
    status_line: Range<usize>,
    status: Option<StatusLine>,
    lines: Vec<Range<usize>>,
}

impl HeadParser {
    /// A parser that fills `lines` (cleared; its capacity is kept), so that a reader
    /// parsing one head after another allocates nothing once warm: hand `Head::lines`
    /// back for the next head.
    pub fn with_lines(start: usize, mut lines: Vec<Range<usize>>) -> Self {
        lines.clear();
        HeadParser {
            lines,
            ..HeadParser::new(start)
        }
    }

    pub fn new(start: usize) -> Self {
        HeadParser {
            pos: start,
            status_line: start..start,
            ..Default::default()
        }
    }

    /// A parser for a bare header block (no status line), as `parse_headers` reads.
    pub fn headers_only(start: usize, mut lines: Vec<Range<usize>>) -> Self {
        lines.clear();
        HeadParser {
            lines,
            phase: Phase::Headers,
            pos: start,
            status_line: start..start,
            status: Some(StatusLine {
                version: start..start,
                code: 0,
                reason: start..start,
            }),
        }
    }

    /// Feeds the buffer (all bytes received so far, the head starting where `new`
    /// said); `eof` says no more bytes will come.
    pub fn parse(
        &mut self,
        buf: &[u8],
        limits: Limits,
        eof: bool,
    ) -> Result<Status<Head>, HeadError> {
        if self.phase == Phase::StatusLine {
            let end = match next_line(buf, self.pos, limits.max_line, eof) {
                Err(LineTooLong) => return Err(HeadError::StatusLineTooLong),
                Ok(None) => return Ok(Status::Partial),
                Ok(Some((end, _))) => end,
            };
            if end == self.pos {
                return Err(HeadError::NoResponse);
            }
            let line = buf.get(self.pos..end).unwrap_or(&[]);
            if limits.strict && !rules::status_line_is_strict(line) {
                return Err(HeadError::BadStatusLine(self.pos..end));
            }
            let status = parse_status_line(line).map_err(|e| match e {
                HeadError::BadStatusLine(_) => HeadError::BadStatusLine(self.pos..end),
                other => other,
            })?;
            self.status = Some(offset_status(status, self.pos));
            self.status_line = self.pos..end;
            self.pos = end;
            self.phase = Phase::Headers;
        }
        let (outcome, pos) = header_lines(buf, self.pos, &mut self.lines, limits, eof);
        self.pos = pos;
        let end = match outcome {
            Ok(Some(end)) => end,
            Ok(None) => return Ok(Status::Partial),
            Err(e) => return Err(e),
        };
        let status = self.status.take().ok_or(HeadError::NoResponse)?;
        Ok(Status::Complete(Head {
            status_line: self.status_line.clone(),
            status,
            lines: core::mem::take(&mut self.lines),
            end,
        }))
    }
}

/// The header lines from `pos` to the blank line: `Ok(Some(end))` past the blank line,
/// `Ok(None)` for more bytes; with how far the lines were taken (a local, so that the
/// position stays in a register while `lines` grows).
#[inline]
fn header_lines(
    buf: &[u8],
    mut pos: usize,
    lines: &mut Vec<Range<usize>>,
    limits: Limits,
    eof: bool,
) -> (Result<Option<usize>, HeadError>, usize) {
    loop {
        let (end, safe) = match next_line(buf, pos, limits.max_line, eof) {
            Err(LineTooLong) => return (Err(HeadError::HeaderLineTooLong), pos),
            Ok(None) => return (Ok(None), pos),
            Ok(Some(line)) => line,
        };
        let checked = safe && !limits.strict;
        // http.client counts the blank line too, before checking for it.
        if lines.len().saturating_add(1) >= limits.max_headers.saturating_add(1) {
            return (Err(HeadError::TooManyHeaders(limits.max_headers)), pos);
        }
        let line = buf.get(pos..end).unwrap_or(&[]);
        if !checked && !rules::head_line_is_valid(line, limits.strict) {
            return (Err(HeadError::InvalidHeaderLine(pos..end)), pos);
        }
        if is_blank_line(line) {
            return (Ok(Some(end)), end);
        }
        lines.push(pos..end);
        pos = end;
    }
}

fn offset_status(s: StatusLine, by: usize) -> StatusLine {
    let shift = |r: Range<usize>| r.start.saturating_add(by)..r.end.saturating_add(by);
    StatusLine {
        version: shift(s.version),
        code: s.code,
        reason: shift(s.reason),
    }
}

/// Is this status an interim response that is skipped while waiting for the final one?
/// `101 Switching Protocols` is final for http.client (the connection changes hands).
#[inline]
pub fn is_skipped_interim(code: u16) -> bool {
    (100..200).contains(&code) && code != 101
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::type_complexity
)]
mod tests {
    use super::*;

    fn parse_all(input: &[u8]) -> Result<Status<Head>, HeadError> {
        HeadParser::new(0).parse(input, Limits::default(), true)
    }

    #[test]
    fn status_line_like_python_split() {
        let cases: &[(&[u8], Option<(&str, u16, &str)>)] = &[
            (b"HTTP/1.1 200 OK\r\n", Some(("HTTP/1.1", 200, "OK"))),
            (
                b"HTTP/1.0 404 Not Found\n",
                Some(("HTTP/1.0", 404, "Not Found")),
            ),
            (b"HTTP/1.1 200\r\n", Some(("HTTP/1.1", 200, ""))),
            (
                b"HTTP/1.1   204   No  Content  \r\n",
                Some(("HTTP/1.1", 204, "No  Content")),
            ),
            (b"HTTP/1.1 +200 OK\r\n", Some(("HTTP/1.1", 200, "OK"))),
            (b"HTTP/1.1 2_00 OK\r\n", Some(("HTTP/1.1", 200, "OK"))),
            (b"HTTP/1.1 999 X\r\n", Some(("HTTP/1.1", 999, "X"))),
            (b"HTTP/1.1 99 X\r\n", None),
            (b"HTTP/1.1 1000 X\r\n", None),
            (b"HTTP/1.1 -200 X\r\n", None),
            (b"HTTP/1.1 2__00 X\r\n", None),
            (b"HTTP/1.1 abc X\r\n", None),
            (b"ICY 200 OK\r\n", None),
            (b"HTTP/1.1\r\n", None),
            (b"\r\n", None),
            (b"HTTP/1.1\xa0200\x85OK\r\n", Some(("HTTP/1.1", 200, "OK"))),
        ];
        for (line, want) in cases {
            let got = parse_status_line(line);
            match (want, got) {
                (Some((v, c, r)), Ok(s)) => {
                    assert_eq!(&line[s.version.clone()], v.as_bytes(), "{line:?}");
                    assert_eq!(s.code, *c, "{line:?}");
                    assert_eq!(&line[s.reason.clone()], r.as_bytes(), "{line:?}");
                }
                (None, Err(HeadError::BadStatusLine(r))) => assert_eq!(r, 0..line.len()),
                (w, g) => panic!("{line:?}: want {w:?} got {g:?}"),
            }
        }
    }

    #[test]
    fn usual_status_lines_read_by_position_as_the_split_reads_them() {
        let mut shown = 0;
        for version in [
            &b"HTTP/1.1"[..],
            b"HTTP/1.0",
            b"HTTP/1.x",
            b"HTTP/1.1x",
            b"HTTP/11",
        ] {
            for code in [
                &b"200"[..],
                b"099",
                b"100",
                b"999",
                b"20x",
                b"2000",
                b"+20",
                b"1_0",
            ] {
                for sep in [
                    &b" "[..],
                    b"\t",
                    b"  ",
                    b"\x0b",
                    b"\xa0",
                    b"\r\n",
                    b"\n",
                    b"",
                ] {
                    for reason in [&b""[..], b"OK", b" OK ", b"Not Found\x85", b"\r\n", b"a\n"] {
                        let line = [version, b" ", code, sep, reason].concat();
                        if let Some(fast) = usual_status_line(&line) {
                            shown += 1;
                            assert_eq!(Ok(fast), split_status_line(&line), "{line:?}");
                        }
                    }
                }
            }
        }
        assert!(shown > 100, "{shown}");
    }

    #[test]
    fn line_ends_by_one_pass_as_by_the_general_rule() {
        // Every line shape around the bytes the pass stops at: where it answers, the
        // answer is the general path's (LF search, then the safety rule).
        let parts: [&[u8]; 10] = [
            b"X",
            b"\t",
            b"\r",
            b"\n",
            b"\0",
            b"\x0b",
            b"abcdefgh",
            b" ",
            b"\xff",
            b"\r\n",
        ];
        let mut shown = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let buf = [a, b, c, d, b"tail"].concat();
                        for limit in [1, 3, 8, 12, 64] {
                            if let Some(end) = safe_line_end(&buf, 1, limit) {
                                shown += 1;
                                let general = find_head_line(&buf, 1, limit, false);
                                assert_eq!(general, Ok(Some(end)), "{buf:?} {limit}");
                                let line = &buf[1..end];
                                assert!(rules::head_line_is_valid(line, false), "{buf:?}");
                            }
                        }
                    }
                }
            }
        }
        assert!(shown > 1000, "{shown}");
    }

    #[test]
    fn name_end_by_words_as_by_the_table() {
        for len in 0..20usize {
            for bad in 0..=255u8 {
                for at in [0, len / 2, len.saturating_sub(1)] {
                    let mut body = vec![b'a'; len];
                    if let Some(b) = body.get_mut(at) {
                        *b = bad;
                    }
                    let table = body.iter().position(|&b| !EMAIL_NAME_BYTE[usize::from(b)]);
                    assert_eq!(name_end(&body), table, "{body:?}");
                }
            }
        }
    }

    #[test]
    fn head_one_byte_at_a_time_equals_all_at_once() {
        let input = b"HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 3\r\n\r\nabc";
        let whole = parse_all(input).unwrap();
        let mut p = HeadParser::new(0);
        let mut got = None;
        for n in 1..=input.len() {
            if let Status::Complete(h) = p.parse(&input[..n], Limits::default(), false).unwrap() {
                got = Some(h);
                break;
            }
        }
        assert_eq!(
            got.unwrap(),
            match whole {
                Status::Complete(h) => h,
                Status::Partial => panic!(),
            }
        );
    }

    #[test]
    fn limits_count_the_blank_line() {
        let mut head = b"HTTP/1.1 200 OK\r\n".to_vec();
        for i in 0..99 {
            head.extend_from_slice(format!("X-{i}: v\r\n").as_bytes());
        }
        let mut ok = head.clone();
        ok.extend_from_slice(b"\r\n");
        assert!(matches!(parse_all(&ok), Ok(Status::Complete(h)) if h.lines.len() == 99));
        head.extend_from_slice(b"X-99: v\r\n\r\n");
        assert_eq!(
            parse_all(&head),
            Err(HeadError::TooManyHeaders(MAX_HEADERS))
        );
    }

    #[test]
    fn line_limits() {
        let mut long = b"HTTP/1.1 200 OK\r\nX: ".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_LINE));
        assert_eq!(parse_all(&long), Err(HeadError::HeaderLineTooLong));
        let status = vec![b'H'; MAX_LINE + 1];
        assert_eq!(parse_all(&status), Err(HeadError::StatusLineTooLong));
        // Exactly MAX_LINE bytes including the LF is accepted.
        let mut exact = b"HTTP/1.1 200 OK\r\nX: ".to_vec();
        exact.extend(std::iter::repeat_n(b'a', MAX_LINE - 6));
        exact.extend_from_slice(b"\r\n\r\n");
        assert!(matches!(parse_all(&exact), Ok(Status::Complete(_))));
    }

    #[test]
    fn eof_ends_header_block_and_empty_input_is_no_response() {
        assert_eq!(parse_all(b""), Err(HeadError::NoResponse));
        let got = parse_all(b"HTTP/1.0 200 OK\r\nA: b");
        assert!(matches!(got, Ok(Status::Complete(h)) if h.lines.len() == 1 && h.end == 21));
        let partial =
            HeadParser::new(0).parse(b"HTTP/1.0 200 OK\r\nA: b", Limits::default(), false);
        assert_eq!(partial, Ok(Status::Partial));
    }

    #[test]
    fn split_field_like_email_parser() {
        let cases: &[(&[u8], Option<(&str, &str)>)] = &[
            (b"Content-Length: 5\r\n", Some(("Content-Length", "5"))),
            (b"X:no-space\n", Some(("X", "no-space"))),
            (b"X: \t v  \r\n", Some(("X", "v  "))),
            (b"X:\r\n", Some(("X", ""))),
            (b"X: a\xe9\r\n", Some(("X", "a\u{e9}"))),
            (b" folded\r\n", None),
            (b"Bad Name: v\r\n", None),
            (b"X : v\r\n", None),
            (b": v\r\n", None),
            (b"nocolon\r\n", None),
            (b"From me\r\n", None),
        ];
        for (line, want) in cases {
            let got = split_field(line).map(|(n, v)| (line[n].to_vec(), line[v].to_vec()));
            let want = want.map(|(n, v)| {
                (
                    n.as_bytes().to_vec(),
                    v.chars().map(|c| c as u32 as u8).collect::<Vec<_>>(),
                )
            });
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn unsafe_lines_refused_in_both_modes_strict_rules_only_in_strict() {
        let lenient = Limits::default();
        let strict = Limits {
            strict: true,
            ..Limits::default()
        };
        let parse = |input: &[u8], limits: Limits| HeadParser::new(0).parse(input, limits, true);
        for bad in [
            &b"HTTP/1.1 200 OK\r\nX: a\rY: b\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\nX: \x00\r\n\r\n",
        ] {
            assert!(
                matches!(parse(bad, lenient), Err(HeadError::InvalidHeaderLine(_))),
                "{bad:?}"
            );
            assert!(
                matches!(parse(bad, strict), Err(HeadError::InvalidHeaderLine(_))),
                "{bad:?}"
            );
        }
        for only_strict in [
            &b"HTTP/1.1 200 OK\r\nX: a\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\nX : a\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nX: a\r\n\n",
            b"HTTP/1.1 200 OK\r\nX: a\r\n",
        ] {
            assert!(
                matches!(parse(only_strict, lenient), Ok(Status::Complete(_))),
                "{only_strict:?}"
            );
            assert!(
                matches!(
                    parse(only_strict, strict),
                    Err(HeadError::InvalidHeaderLine(_))
                ),
                "{only_strict:?}"
            );
        }
        for status in [
            &b"HTTP/1.2 200 OK\r\n\r\n"[..],
            b"HTTP/1.1 600 X\r\n\r\n",
            b"HTTP/1.1 200 OK\n\n",
        ] {
            assert!(
                matches!(parse(status, lenient), Ok(Status::Complete(_))),
                "{status:?}"
            );
            assert!(
                matches!(parse(status, strict), Err(HeadError::BadStatusLine(_))),
                "{status:?}"
            );
        }
    }

    #[test]
    fn interim_responses() {
        assert!(is_skipped_interim(100));
        assert!(is_skipped_interim(103));
        assert!(!is_skipped_interim(101));
        assert!(!is_skipped_interim(200));
    }
}
