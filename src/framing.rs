//! Message body framing for a client (RFC 9112 §6.3) and the chunked decoder (§7.1), sans-IO.
//!
//! The decoder mirrors the state http.client keeps in `HTTPResponse.chunk_left`
//! (`None`: a chunk-size line comes next; `0`: the CRLF after chunk data comes next;
//! `n`: `n` bytes of chunk data remain), so the Python layer can hand its state to Rust
//! and back without either side caring which one decoded the previous bytes.
//!
//! Differences from http.client, all on input that a well-behaved server never sends:
//! * chunk sizes are plain hex (`0x10`, `+a`, `1_0` are refused: Python's `int(x, 16)`
//!   accepted them), at most [`MAX_CHUNK_SIZE_DIGITS`] digits, no overflow;
//! * the bytes after chunk data must be CRLF (or a bare LF): http.client discarded any two
//!   bytes, which lets a server smuggle the start of the next chunk;
//! * trailers are bounded in count and bytes, chunk extensions in bytes.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use crate::parser::{find_line, is_blank_line, LineTooLong, MAX_HEADERS};

/// A chunk size has at most 16 hex digits (2^64 - 1); longer is an attack or garbage.
/// Leading zeros count, as in hyper: no legitimate server pads a size to 17 digits.
pub const MAX_CHUNK_SIZE_DIGITS: usize = 16;
/// Largest chunk size accepted: 2^63 - 1, so it always fits Python's `Py_ssize_t`.
pub const MAX_CHUNK_SIZE: u64 = i64::MAX as u64;
/// Bytes of chunk extensions accepted in one body. Extensions carry nothing a client
/// uses; hyper caps them at 16 KiB for the same reason (an endless `;a;a;a...`).
pub const MAX_CHUNK_EXTENSIONS_BYTES: usize = 16 * 1024;
/// Trailer fields accepted (the header-count limit of http.client).
pub const MAX_TRAILER_FIELDS: usize = MAX_HEADERS;
/// Bytes of trailer section accepted in total.
pub const MAX_TRAILER_BYTES: usize = 64 * 1024;

/// How the body of a response that has one is delimited (RFC 9112 §6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyLength {
    Chunked,
    Length(u64),
    /// No framing header: the body ends when the server closes.
    UntilClose,
}

/// Framing headers that would let this client and an intermediary disagree on where
/// the response ends. Refused in every mode; http.client accepted each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FramingError {
    /// `Transfer-Encoding` and `Content-Length` together (RFC 9112 §6.3 ¶3).
    TransferEncodingWithContentLength,
    /// A transfer coding other than a single `chunked`: http.client fell back to
    /// Content-Length or to reading until close, i.e. to another framing.
    UnsupportedTransferEncoding,
    /// A `Content-Length` that is not plain digits, or does not fit in 63 bits.
    InvalidContentLength,
    /// Several `Content-Length` values that differ.
    ConflictingContentLength,
}

/// The framing of a response that has a body, from all its `Transfer-Encoding` and
/// `Content-Length` field values (several fields, or comma lists, alike).
pub fn body_length<'a, T, C>(
    transfer_encoding: T,
    content_length: C,
) -> Result<BodyLength, FramingError>
where
    T: IntoIterator<Item = &'a [u8]>,
    C: IntoIterator<Item = &'a [u8]>,
{
    let mut codings = 0usize;
    let mut chunked = false;
    for value in transfer_encoding {
        for coding in value.split(|&b| b == b',') {
            let coding = trim_ows(coding);
            if coding.is_empty() {
                continue; // RFC 9110 §5.6.1: empty list elements are ignored
            }
            codings = codings.saturating_add(1);
            chunked = coding.eq_ignore_ascii_case(b"chunked");
        }
    }
    let mut length: Option<u64> = None;
    let mut any_length = false;
    for value in content_length {
        any_length = true;
        for item in value.split(|&b| b == b',') {
            let n = parse_content_length(trim_ows(item))?;
            if length.is_some_and(|l| l != n) {
                return Err(FramingError::ConflictingContentLength);
            }
            length = Some(n);
        }
    }
    match (codings, any_length) {
        (0, false) => Ok(BodyLength::UntilClose),
        (0, true) => length
            .map(BodyLength::Length)
            .ok_or(FramingError::InvalidContentLength),
        (_, true) => Err(FramingError::TransferEncodingWithContentLength),
        (1, false) if chunked => Ok(BodyLength::Chunked),
        _ => Err(FramingError::UnsupportedTransferEncoding),
    }
}

/// What http.client's `begin()` derives from a response's header lines, computed from
/// the parsed lines directly (the fast path skips the `email.message` lookups).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseFraming {
    /// `Ok(None)`: the response has no body (HEAD, 1xx, 204, 304) whatever its headers.
    pub body: Result<Option<BodyLength>, FramingError>,
    /// http.client's `_check_close()`.
    pub will_close: bool,
}

/// The fields of a head that decide its framing and `_check_close()`, gathered one
/// field at a time by the caller that splits the lines (so each is split once).
#[derive(Clone, Debug, Default)]
pub struct FramingFields<'a> {
    te: [&'a [u8]; 8],
    cl: [&'a [u8]; 8],
    n_te: usize,
    n_cl: usize,
    too_many: bool,
    connection: Option<&'a [u8]>,
    keep_alive: Option<&'a [u8]>,
    proxy_connection: Option<&'a [u8]>,
}

impl<'a> FramingFields<'a> {
    /// One `(name, value)` field of the head, in order.
    #[inline]
    pub fn add(&mut self, name: &[u8], value: &'a [u8]) {
        let (values, count) = match name.len() {
            17 if name.eq_ignore_ascii_case(b"transfer-encoding") => (&mut self.te, &mut self.n_te),
            14 if name.eq_ignore_ascii_case(b"content-length") => (&mut self.cl, &mut self.n_cl),
            10 if name.eq_ignore_ascii_case(b"connection") => {
                self.connection.get_or_insert(value);
                return;
            }
            10 if name.eq_ignore_ascii_case(b"keep-alive") => {
                self.keep_alive.get_or_insert(value);
                return;
            }
            16 if name.eq_ignore_ascii_case(b"proxy-connection") => {
                self.proxy_connection.get_or_insert(value);
                return;
            }
            _ => return,
        };
        match values.get_mut(*count) {
            Some(place) => *place = value,
            None => self.too_many = true,
        }
        *count = count.saturating_add(1);
    }

    /// The framing and `_check_close()` of a response with these fields.
    pub fn framing(&self, code: u16, head_request: bool, http11: bool) -> ResponseFraming {
        let contains = |v: Option<&[u8]>, word: &[u8]| {
            v.is_some_and(|v| v.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word)))
        };
        // _check_close: HTTP/1.1 stays open unless "close"; older versions close unless
        // Keep-Alive, "keep-alive" in Connection, or Netscape's Proxy-Connection say not.
        let will_close = if http11 {
            contains(self.connection, b"close")
        } else {
            !(self.keep_alive.is_some_and(|v| !v.is_empty())
                || contains(self.connection, b"keep-alive")
                || contains(self.proxy_connection, b"keep-alive"))
        };
        let bodyless = head_request || code == 204 || code == 304 || (100..200).contains(&code);
        let body = if bodyless {
            Ok(None)
        } else if self.too_many {
            // More framing fields than any honest server sends: refuse like conflicts.
            Err(if self.n_te > 0 {
                FramingError::UnsupportedTransferEncoding
            } else {
                FramingError::ConflictingContentLength
            })
        } else {
            body_length(
                self.te.get(..self.n_te).unwrap_or(&[]).iter().copied(),
                self.cl.get(..self.n_cl).unwrap_or(&[]).iter().copied(),
            )
            .map(Some)
        };
        ResponseFraming { body, will_close }
    }
}

/// Strips OWS (SP and HTAB only: a vertical tab or form feed is part of the value, as
/// netty's CVE-2020-7238 showed when it trimmed more than that).
fn trim_ows(s: &[u8]) -> &[u8] {
    let is_ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = s.iter().position(|b| !is_ows(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|b| !is_ows(b))
        .map_or(start, |i| i.saturating_add(1));
    s.get(start..end).unwrap_or(&[])
}

/// `Content-Length = 1*DIGIT`, at most 2^63 - 1.
fn parse_content_length(digits: &[u8]) -> Result<u64, FramingError> {
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(FramingError::InvalidContentLength);
    }
    let mut n: u64 = 0;
    for &d in digits {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d.wrapping_sub(b'0'))))
            .ok_or(FramingError::InvalidContentLength)?;
    }
    if n > i64::MAX as u64 {
        return Err(FramingError::InvalidContentLength);
    }
    Ok(n)
}

/// Where the decoder stands; see the module doc for the mapping to `chunk_left`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkState {
    /// Next comes a chunk-size line.
    Size,
    /// This many bytes of chunk data remain (never 0).
    Data(u64),
    /// Chunk data is complete; its CRLF comes next.
    DataEnd,
    /// The last chunk was read; trailer lines come next.
    Trailers,
    /// The body is complete.
    Done,
}

/// Why a chunked body was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkError {
    /// Chunk-size line longer than the line limit: `LineTooLong("chunk size")`.
    SizeLineTooLong,
    /// Trailer line longer than the line limit: `LineTooLong("trailer line")`.
    TrailerLineTooLong,
    /// Not a valid chunk size (http.client: `IncompleteRead`).
    InvalidSize,
    /// Chunk data not followed by CRLF.
    MissingDataEnd,
    /// Too many trailer fields, trailer bytes, or extension bytes.
    TooLarge,
    /// End of input inside the body: `IncompleteRead`.
    Eof,
}

/// One step of progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `n` bytes of input consumed, no body bytes produced; the state changed.
    Consumed(usize),
    /// Body bytes: `input[..n]` are chunk data (the state's remaining count was reduced).
    Data(usize),
    /// Need more input to make progress.
    NeedMore,
}

/// The chunked decoder. Feed it input with [`ChunkedDecoder::step`] until `Done`.
#[derive(Clone, Debug)]
pub struct ChunkedDecoder {
    pub state: ChunkState,
    max_line: usize,
    strict: bool,
    ext_bytes: usize,
    trailer_fields: usize,
    trailer_bytes: usize,
}

impl ChunkedDecoder {
    pub fn new(state: ChunkState, max_line: usize, strict: bool) -> Self {
        ChunkedDecoder {
            state,
            max_line,
            strict,
            ext_bytes: 0,
            trailer_fields: 0,
            trailer_bytes: 0,
        }
    }

    /// Makes one step over `input` (bytes not yet consumed); `eof` says no more will come.
    pub fn step(&mut self, input: &[u8], eof: bool) -> Result<Step, ChunkError> {
        match self.state {
            ChunkState::Done => Ok(Step::NeedMore),
            ChunkState::Data(left) => {
                if input.is_empty() {
                    return if eof {
                        Err(ChunkError::Eof)
                    } else {
                        Ok(Step::NeedMore)
                    };
                }
                let n = usize::try_from(left).unwrap_or(usize::MAX).min(input.len());
                let rest = left.saturating_sub(n as u64);
                self.state = if rest == 0 {
                    ChunkState::DataEnd
                } else {
                    ChunkState::Data(rest)
                };
                Ok(Step::Data(n))
            }
            ChunkState::DataEnd => match input {
                [b'\r', b'\n', ..] => self.advance(2, ChunkState::Size),
                [b'\n', ..] if !self.strict => self.advance(1, ChunkState::Size),
                [] | [b'\r'] if !eof => Ok(Step::NeedMore),
                [] | [b'\r'] => Err(ChunkError::Eof),
                _ => Err(ChunkError::MissingDataEnd),
            },
            ChunkState::Size => {
                let end = match find_line(input, 0, self.max_line, eof) {
                    Err(LineTooLong) => return Err(ChunkError::SizeLineTooLong),
                    Ok(None) => return Ok(Step::NeedMore),
                    Ok(Some(0)) => return Err(ChunkError::Eof),
                    Ok(Some(end)) => end,
                };
                let line = input.get(..end).unwrap_or(&[]);
                let (size, ext_len) = parse_chunk_size(line, self.strict)?;
                self.ext_bytes = self.ext_bytes.saturating_add(ext_len);
                if self.ext_bytes > MAX_CHUNK_EXTENSIONS_BYTES {
                    return Err(ChunkError::TooLarge);
                }
                let next = if size == 0 {
                    ChunkState::Trailers
                } else {
                    ChunkState::Data(size)
                };
                self.advance(end, next)
            }
            ChunkState::Trailers => {
                let end = match find_line(input, 0, self.max_line, eof) {
                    Err(LineTooLong) => return Err(ChunkError::TrailerLineTooLong),
                    Ok(None) => return Ok(Step::NeedMore),
                    Ok(Some(end)) => end,
                };
                let line = input.get(..end).unwrap_or(&[]);
                // End of input ends the trailers, as in http.client.
                if is_blank_line(line) {
                    return self.advance(end, ChunkState::Done);
                }
                self.trailer_fields = self.trailer_fields.saturating_add(1);
                self.trailer_bytes = self.trailer_bytes.saturating_add(end);
                if self.trailer_fields > MAX_TRAILER_FIELDS
                    || self.trailer_bytes > MAX_TRAILER_BYTES
                {
                    return Err(ChunkError::TooLarge);
                }
                self.advance(end, ChunkState::Trailers)
            }
        }
    }

    fn advance(&mut self, n: usize, next: ChunkState) -> Result<Step, ChunkError> {
        self.state = next;
        Ok(Step::Consumed(n))
    }
}

/// Parses `chunk-size [ chunk-ext ] CRLF`; returns the size and the extension's length.
/// Lenient mode allows whitespace around the size and a bare LF, as http.client did.
pub fn parse_chunk_size(line: &[u8], strict: bool) -> Result<(u64, usize), ChunkError> {
    let body = line.strip_suffix(b"\n").ok_or(ChunkError::Eof)?;
    let body = match body.strip_suffix(b"\r") {
        Some(b) => b,
        None if strict => return Err(ChunkError::InvalidSize),
        None => body,
    };
    let (size_part, ext) = match body.iter().position(|&b| b == b';') {
        Some(i) => (body.get(..i).unwrap_or(&[]), body.get(i..).unwrap_or(&[])),
        None => (body, &[][..]),
    };
    if ext.iter().any(|&b| b == b'\r' || b == 0) {
        return Err(ChunkError::InvalidSize);
    }
    let is_ws = |b: &u8| *b == b' ' || *b == b'\t';
    let digits = if strict {
        // RFC 9112 allows BWS only before the ';' of an extension.
        let end = size_part
            .iter()
            .rposition(|b| !is_ws(b))
            .map_or(0, |i| i.saturating_add(1));
        size_part.get(..end).unwrap_or(&[])
    } else {
        // SP and HTAB around the size, as http.client's int() allowed; not CR.
        trim_ows(size_part)
    };
    if digits.is_empty() || digits.len() > MAX_CHUNK_SIZE_DIGITS {
        return Err(ChunkError::InvalidSize);
    }
    let mut size: u64 = 0;
    for &b in digits {
        let d = match b {
            b'0'..=b'9' => b.wrapping_sub(b'0'),
            b'a'..=b'f' => b.wrapping_sub(b'a').wrapping_add(10),
            b'A'..=b'F' => b.wrapping_sub(b'A').wrapping_add(10),
            _ => return Err(ChunkError::InvalidSize),
        };
        size = size
            .checked_mul(16)
            .and_then(|s| s.checked_add(u64::from(d)))
            .ok_or(ChunkError::InvalidSize)?;
    }
    if size > MAX_CHUNK_SIZE {
        return Err(ChunkError::InvalidSize);
    }
    Ok((size, ext.len()))
}

/// Decodes as much of `input` as possible into `out`, up to `want` body bytes, and
/// returns the number of input bytes consumed. Stops once `want` bytes were produced
/// (with `want == 0`: once chunk data is next), when the body is complete, or when more
/// input is needed. `committed` is set to the length `out` had when the chunk data
/// being decoded began, i.e. the data of completed chunks (what http.client's
/// `IncompleteRead.partial` holds when a chunk breaks off).
pub fn decode_into(
    dec: &mut ChunkedDecoder,
    input: &[u8],
    eof: bool,
    out: &mut Vec<u8>,
    want: usize,
    committed: &mut usize,
) -> Result<usize, ChunkError> {
    let mut pos = 0usize;
    let mut produced = 0usize;
    while dec.state != ChunkState::Done {
        let in_data = matches!(dec.state, ChunkState::Data(_));
        if produced >= want && (produced > 0 || in_data) {
            break;
        }
        let rest = input.get(pos..).unwrap_or(&[]);
        let piece = if in_data {
            rest.get(..want.saturating_sub(produced).min(rest.len()))
                .unwrap_or(&[])
        } else {
            rest
        };
        match dec.step(piece, eof)? {
            Step::Consumed(n) => pos = pos.saturating_add(n),
            Step::Data(n) => {
                out.extend_from_slice(piece.get(..n).unwrap_or(&[]));
                pos = pos.saturating_add(n);
                produced = produced.saturating_add(n);
            }
            Step::NeedMore => break,
        }
        if !matches!(dec.state, ChunkState::Data(_)) {
            *committed = out.len();
        }
    }
    Ok(pos)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::parser::MAX_LINE;

    fn decode(input: &[u8], strict: bool) -> Result<Vec<u8>, ChunkError> {
        let mut dec = ChunkedDecoder::new(ChunkState::Size, MAX_LINE, strict);
        let mut out = Vec::new();
        let used = decode_into(&mut dec, input, true, &mut out, usize::MAX, &mut 0)?;
        assert_eq!(dec.state, ChunkState::Done, "stopped at {used}");
        Ok(out)
    }

    #[test]
    fn chunked_basic_extensions_trailers() {
        let body = b"a\r\nhello worl\r\n3;foo=bar\r\nd! \r\n0\r\nX-T: 1\r\n\r\n";
        assert_eq!(decode(body, false).unwrap(), b"hello world! ");
        assert_eq!(decode(b"0\r\n\r\n", true).unwrap(), b"");
        // Trailers end at end of input too (http.client does the same).
        assert_eq!(decode(b"1\r\nx\r\n0\r\n", false).unwrap(), b"x");
    }

    #[test]
    fn byte_at_a_time_equals_whole() {
        let body = b"5\r\nhello\r\n1;a=b\r\n \r\n6\r\nworld!\r\n0\r\nT: x\r\n\r\n";
        let mut dec = ChunkedDecoder::new(ChunkState::Size, MAX_LINE, false);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for &b in body.iter() {
            buf.push(b);
            let used = decode_into(&mut dec, &buf, false, &mut out, usize::MAX, &mut 0).unwrap();
            buf.drain(..used);
        }
        assert_eq!(dec.state, ChunkState::Done);
        assert_eq!(out, b"hello world!");
    }

    #[test]
    fn sizes_are_plain_hex_without_overflow() {
        for bad in [
            &b"0x5\r\n"[..],
            b"+5\r\n",
            b"-1\r\n",
            b"1_0\r\n",
            b"\r\n",
            b"g\r\n",
            b"10000000000000000\r\n",
            b"8000000000000000\r\n",
        ] {
            assert_eq!(
                parse_chunk_size(bad, false),
                Err(ChunkError::InvalidSize),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_chunk_size(b"7fffffffffffffff\r\n", false),
            Ok((MAX_CHUNK_SIZE, 0))
        );
        assert_eq!(parse_chunk_size(b" a \r\n", false), Ok((10, 0)));
        assert_eq!(parse_chunk_size(b"a\n", false), Ok((10, 0)));
        assert_eq!(
            parse_chunk_size(b"3\r\r\n", false),
            Err(ChunkError::InvalidSize)
        );
        assert_eq!(parse_chunk_size(b"a\n", true), Err(ChunkError::InvalidSize));
        assert_eq!(parse_chunk_size(b"a ;x=y\r\n", true), Ok((10, 4)));
    }

    #[test]
    fn data_must_end_with_crlf() {
        assert_eq!(
            decode(b"3\r\nabcXY0\r\n\r\n", false),
            Err(ChunkError::MissingDataEnd)
        );
        assert_eq!(decode(b"3\r\nabc\n0\r\n\r\n", false).unwrap(), b"abc");
        assert_eq!(
            decode(b"3\r\nabc\n0\r\n\r\n", true),
            Err(ChunkError::MissingDataEnd)
        );
    }

    #[test]
    fn eof_and_limits() {
        assert_eq!(decode(b"5\r\nab", false), Err(ChunkError::Eof));
        let mut dec = ChunkedDecoder::new(ChunkState::Size, MAX_LINE, false);
        let (mut out, mut committed) = (Vec::new(), 0);
        let r = decode_into(
            &mut dec,
            b"2\r\nab\r\n5\r\ncd",
            true,
            &mut out,
            usize::MAX,
            &mut committed,
        );
        assert_eq!(
            (r, out.as_slice(), committed),
            (Err(ChunkError::Eof), &b"abcd"[..], 2)
        );
        assert_eq!(decode(b"5\r\nabcde", false), Err(ChunkError::Eof));
        assert_eq!(decode(b"", false), Err(ChunkError::Eof));
        let mut many = b"0\r\n".to_vec();
        for _ in 0..=MAX_TRAILER_FIELDS {
            many.extend_from_slice(b"T: v\r\n");
        }
        many.extend_from_slice(b"\r\n");
        assert_eq!(decode(&many, false), Err(ChunkError::TooLarge));
        let mut ext = Vec::new();
        for _ in 0..40 {
            ext.extend_from_slice(b"1;");
            ext.extend(std::iter::repeat_n(b'e', 1000));
            ext.extend_from_slice(b"\r\nx\r\n");
        }
        assert_eq!(decode(&ext, false), Err(ChunkError::TooLarge));
    }

    #[test]
    fn framing_headers() {
        let bl = |te: &[&[u8]], cl: &[&[u8]]| body_length(te.iter().copied(), cl.iter().copied());
        assert_eq!(bl(&[], &[]), Ok(BodyLength::UntilClose));
        assert_eq!(bl(&[b"chunked"], &[]), Ok(BodyLength::Chunked));
        assert_eq!(bl(&[b" Chunked "], &[]), Ok(BodyLength::Chunked));
        assert_eq!(bl(&[], &[b"5"]), Ok(BodyLength::Length(5)));
        assert_eq!(bl(&[], &[b"5", b"5"]), Ok(BodyLength::Length(5)));
        assert_eq!(bl(&[], &[b"5, 5"]), Ok(BodyLength::Length(5)));
        assert_eq!(
            bl(&[], &[b"9223372036854775807"]),
            Ok(BodyLength::Length(i64::MAX as u64))
        );
        use FramingError::*;
        assert_eq!(
            bl(&[b"chunked"], &[b"5"]),
            Err(TransferEncodingWithContentLength)
        );
        assert_eq!(
            bl(&[b"gzip, chunked"], &[]),
            Err(UnsupportedTransferEncoding)
        );
        assert_eq!(
            bl(&[b"chunked", b"chunked"], &[]),
            Err(UnsupportedTransferEncoding)
        );
        assert_eq!(
            bl(&[b"chunked, identity"], &[]),
            Err(UnsupportedTransferEncoding)
        );
        assert_eq!(bl(&[b"identity"], &[]), Err(UnsupportedTransferEncoding));
        assert_eq!(bl(&[b"\x0bchunked"], &[]), Err(UnsupportedTransferEncoding));
        assert_eq!(bl(&[b"\x0cchunked"], &[]), Err(UnsupportedTransferEncoding));
        assert_eq!(bl(&[], &[b"5\x0b"]), Err(InvalidContentLength));
        assert_eq!(bl(&[], &[b"5", b"6"]), Err(ConflictingContentLength));
        for bad in [
            &b"+5"[..],
            b"0x5",
            b"1_0",
            b"-1",
            b"",
            b"5 5",
            b"9223372036854775808",
            b"99999999999999999999",
        ] {
            assert_eq!(bl(&[], &[bad]), Err(InvalidContentLength), "{bad:?}");
        }
    }

    #[test]
    fn want_limits_output() {
        let mut dec = ChunkedDecoder::new(ChunkState::Size, MAX_LINE, false);
        let mut out = Vec::new();
        let input = b"5\r\nhello\r\n0\r\n\r\n";
        let used = decode_into(&mut dec, input, false, &mut out, 3, &mut 0).unwrap();
        assert_eq!(out, b"hel");
        assert_eq!(dec.state, ChunkState::Data(2));
        let used2 = decode_into(
            &mut dec,
            &input[used..],
            false,
            &mut out,
            usize::MAX,
            &mut 0,
        )
        .unwrap();
        assert_eq!(out, b"hello");
        assert_eq!(used + used2, input.len());
        assert_eq!(dec.state, ChunkState::Done);
    }
}
