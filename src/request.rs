//! Request head serialisation (RFC 9112 §3, §5) and the injection checks of http.client.
//!
//! The checks refuse what http.client refuses, and more where it let injection through:
//! * method: a token (RFC 9110 §9.1); http.client refused only `\x00-\x1f`, so a space
//!   in the method rewrote the request line (`"GET /admin"`);
//! * URL and host: no byte in `\x00-\x20` or `\x7f` (`_contains_disallowed_url_pchar_re`);
//! * field name: a token (RFC 9110 §5.1); http.client's `[^:\s][^:\r\n]*` let a name
//!   such as `"X a"` through, which servers split or reject differently;
//! * field value: no `\n` unless followed by SP/HTAB, no `\r` unless followed by SP, HTAB
//!   or `\n` (`_is_illegal_header_value`), so obs-fold written by the caller still passes.
//!
//! The head is written into a caller-owned buffer, so a kept-alive connection reuses
//! one allocation for every request.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use crate::rules::{is_tchar, is_token};

/// The first byte of `method` that is not a token character (an empty method is
/// refused at 0).
pub fn disallowed_method_byte(method: &[u8]) -> Option<usize> {
    if method.is_empty() {
        return Some(0);
    }
    method.iter().position(|&b| !is_tchar(b))
}

/// The first byte of a URL or host that http.client refuses, if any.
pub fn disallowed_url_byte(url: &[u8]) -> Option<usize> {
    url.iter().position(|&b| b <= 0x20 || b == 0x7f)
}

/// A field name: a token.
pub fn is_legal_header_name(name: &[u8]) -> bool {
    is_token(name)
}

/// `_is_illegal_header_value`: `\n(?![ \t])|\r(?![ \t\n])`, and NUL (which truncates
/// the line for C-string consumers; http.client let it through).
pub fn is_illegal_header_value(value: &[u8]) -> bool {
    let mut it = value.iter().peekable();
    while let Some(&b) = it.next() {
        let next = it.peek().copied().copied();
        match b {
            0 => return true,
            b'\n' if !matches!(next, Some(b' ' | b'\t')) => return true,
            b'\r' if !matches!(next, Some(b' ' | b'\t' | b'\n')) => return true,
            _ => {}
        }
    }
    false
}

/// Why a request head was refused; the binding maps each to http.client's exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// `ValueError("method can't contain control characters ...")`, at this byte.
    Method(usize),
    /// `InvalidURL("URL can't contain control characters ...")`, at this byte.
    Url(usize),
    /// `ValueError("Invalid header name ...")` for field number `usize`.
    HeaderName(usize),
    /// `ValueError("Invalid header value ...")` for field number `usize`.
    HeaderValue(usize),
}

/// Writes a request head into `out` (cleared first): request line, then each field
/// (`name: value`), then the blank line. `fields` are already encoded; a field whose
/// value is a list of values was joined by the caller with `\r\n\t` as http.client does.
pub fn write_head<'a, I>(
    out: &mut Vec<u8>,
    method: &[u8],
    target: &[u8],
    version: &[u8],
    fields: I,
) -> Result<(), RequestError>
where
    I: IntoIterator<Item = (&'a [u8], &'a [u8])>,
{
    if let Some(i) = disallowed_method_byte(method) {
        return Err(RequestError::Method(i));
    }
    if let Some(i) = disallowed_url_byte(target) {
        return Err(RequestError::Url(i));
    }
    out.clear();
    out.extend_from_slice(method);
    out.push(b' ');
    out.extend_from_slice(target);
    out.push(b' ');
    out.extend_from_slice(version);
    out.extend_from_slice(b"\r\n");
    for (i, (name, value)) in fields.into_iter().enumerate() {
        if !is_legal_header_name(name) {
            return Err(RequestError::HeaderName(i));
        }
        if is_illegal_header_value(value) {
            return Err(RequestError::HeaderValue(i));
        }
        out.extend_from_slice(name);
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    Ok(())
}

/// The hex size line of one chunk of a chunked request body (`{len:X}\r\n`).
pub fn chunk_size_line(len: usize, out: &mut Vec<u8>) {
    let digits = format!("{len:X}\r\n");
    out.extend_from_slice(digits.as_bytes());
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_tokens() {
        for ok in [&b"Host"[..], b"X-A", b"x_y.z"] {
            assert!(is_legal_header_name(ok), "{ok:?}");
        }
        for bad in [
            &b""[..],
            b":a",
            b" a",
            b"\ta",
            b"a:b",
            b"a\rb",
            b"a\nb",
            b"\x0bx",
            b"a b",
            b"\x7f",
            b"x\t",
        ] {
            assert!(!is_legal_header_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn header_value_rules_match_stdlib_regex() {
        for ok in [
            &b""[..],
            b"v",
            b"a\r\n b",
            b"a\r\n\tb",
            b"a\n b",
            b"a\r b",
            b"\x01",
        ] {
            assert!(!is_illegal_header_value(ok), "{ok:?}");
        }
        for bad in [
            &b"a\nb"[..],
            b"a\rb",
            b"a\r\nb",
            b"a\n",
            b"a\r",
            b"a\r\n",
            b"a\x00b",
        ] {
            assert!(is_illegal_header_value(bad), "{bad:?}");
        }
    }

    #[test]
    fn writes_head_and_refuses_injection() {
        let mut out = Vec::new();
        let fields: Vec<(&[u8], &[u8])> = vec![(b"Host", b"example.com"), (b"X", b"1")];
        write_head(&mut out, b"GET", b"/p?q", b"HTTP/1.1", fields.clone()).unwrap();
        assert_eq!(
            out,
            b"GET /p?q HTTP/1.1\r\nHost: example.com\r\nX: 1\r\n\r\n"
        );
        assert_eq!(
            write_head(&mut out, b"GET", b"/a b", b"HTTP/1.1", fields.clone()),
            Err(RequestError::Url(2))
        );
        assert_eq!(
            write_head(&mut out, b"G\nET", b"/", b"HTTP/1.1", fields.clone()),
            Err(RequestError::Method(1))
        );
        let bad: Vec<(&[u8], &[u8])> = vec![(b"X", b"1"), (b"Y", b"a\r\nEvil: 1")];
        assert_eq!(
            write_head(&mut out, b"GET", b"/", b"HTTP/1.1", bad),
            Err(RequestError::HeaderValue(1))
        );
        let mut line = Vec::new();
        chunk_size_line(255, &mut line);
        assert_eq!(line, b"FF\r\n");
    }
}
