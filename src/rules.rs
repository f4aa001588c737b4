//! The grammar checks shared by the response parser and the request serialiser
//! (RFC 9110 §5.6.2 tokens, RFC 9112 §4 status line, §5 field lines), and the ones that
//! guard against response splitting in every mode.
//!
//! Two levels:
//! * **always** (both modes): no bare CR and no NUL inside a header line. A bare CR is a
//!   line break to some parsers and not to others (CVE-2023-30589 in llhttp); a NUL
//!   truncates the line for C-string consumers. http.client let both through to
//!   `email.parser`, which splits lines at a bare CR.
//! * **strict** (`strict=True`): RFC 9112 exactly — CRLF line endings, field names that
//!   are tokens with no whitespace before the colon, no obs-fold, no control characters
//!   in values, `HTTP/1.0` or `HTTP/1.1`, a three-digit status 100–599.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

/// `tchar` of RFC 9110 §5.6.2.
#[inline]
pub fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_'
        | b'`' | b'|' | b'~' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z')
}

/// `token = 1*tchar`.
#[inline]
pub fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar(b))
}

/// A field-value byte (RFC 9110 §5.5): HTAB, SP, VCHAR or obs-text.
#[inline]
fn is_field_vchar(b: u8) -> bool {
    b == b'\t' || b == b' ' || (0x21..=0x7e).contains(&b) || b >= 0x80
}

/// The line without its ending: `(content, ended_with_crlf)`; `None` when the line has
/// no LF at all (end of input) — callers decide what that means.
fn split_ending(line: &[u8]) -> (&[u8], Option<bool>) {
    if let Some(body) = line.strip_suffix(b"\r\n") {
        (body, Some(true))
    } else if let Some(body) = line.strip_suffix(b"\n") {
        (body, Some(false))
    } else {
        (line, None)
    }
}

/// Checked in every mode: a header line (its ending included) has no CR except just
/// before its LF, and no NUL.
pub fn header_line_is_safe(line: &[u8]) -> bool {
    let (body, _) = split_ending(line);
    memchr::memchr2(b'\r', 0, body).is_none()
}

/// `strict=True`: `field-name ":" OWS field-value OWS CRLF`, name a token.
pub fn header_line_is_strict(line: &[u8]) -> bool {
    let (body, ending) = split_ending(line);
    if ending != Some(true) {
        return false;
    }
    let Some(colon) = body.iter().position(|&b| b == b':') else {
        return false;
    };
    let (name, value) = (
        body.get(..colon).unwrap_or(&[]),
        body.get(colon..).unwrap_or(&[]),
    );
    is_token(name) && value.iter().skip(1).all(|&b| is_field_vchar(b))
}

/// `strict=True`: `HTTP/1.x SP 3DIGIT SP reason CRLF`, x 0 or 1, status 100–599. A
/// missing reason (with or without its SP) is accepted: RFC 9112 lets clients ignore it.
pub fn status_line_is_strict(line: &[u8]) -> bool {
    let (body, ending) = split_ending(line);
    if ending != Some(true) {
        return false;
    }
    let (Some(version), Some(b' '), Some(code)) = (body.get(..8), body.get(8), body.get(9..12))
    else {
        return false;
    };
    if version != b"HTTP/1.1" && version != b"HTTP/1.0" {
        return false;
    }
    if !code.iter().all(u8::is_ascii_digit) || !(b'1'..=b'5').contains(code.first().unwrap_or(&0)) {
        return false;
    }
    match body.get(12..) {
        None | Some([]) => true,
        Some([b' ', reason @ ..]) => reason.iter().all(|&b| is_field_vchar(b)),
        Some(_) => false,
    }
}

/// The rule for one line of a header block (its ending included), in the given mode:
/// the blank line that ends the block, or a field line. One rule for both read paths
/// (the Rust parser and the Python path's `_read_headers`).
pub fn head_line_is_valid(line: &[u8], strict: bool) -> bool {
    if matches!(line, b"\r\n" | b"\n" | b"") {
        return !strict || blank_line_is_strict(line);
    }
    // Two SIMD passes (memchr for the LF, memchr2 for CR/NUL) measured faster than one
    // fused scalar pass or one memchr3 pass (benches/parser.rs).
    header_line_is_safe(line) && (!strict || header_line_is_strict(line))
}

/// `strict=True`: the blank line ending a head is CRLF, nothing else.
pub fn blank_line_is_strict(line: &[u8]) -> bool {
    line == b"\r\n"
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert!(is_token(b"GET") && is_token(b"M-SEARCH") && is_token(b"X_a.b~c"));
        for bad in [
            &b""[..],
            b"GE T",
            b"G\tET",
            b"GET/",
            b"X:Y",
            b"caf\xc3\xa9",
            b"(x)",
        ] {
            assert!(!is_token(bad), "{bad:?}");
        }
    }

    #[test]
    fn safe_lines_in_every_mode() {
        assert!(header_line_is_safe(b"X: a\r\n") && header_line_is_safe(b"X: a\n"));
        assert!(header_line_is_safe(b"X: a"));
        for bad in [
            &b"X: a\rb\r\n"[..],
            b"X: a\r\r\n",
            b"X: \x00\r\n",
            b"X: a\r",
        ] {
            assert!(!header_line_is_safe(bad), "{bad:?}");
        }
    }

    #[test]
    fn strict_lines() {
        assert!(header_line_is_strict(b"Content-Length: 5\r\n"));
        assert!(header_line_is_strict(b"X:\r\n") && header_line_is_strict(b"X: caf\xe9 \t\r\n"));
        for bad in [
            &b"X: a\n"[..],
            b"X : a\r\n",
            b" X: a\r\n",
            b"X a: b\r\n",
            b"X: a\x01\r\n",
            b"X: a\x7f\r\n",
            b"nocolon\r\n",
            b": v\r\n",
            b"X: a",
        ] {
            assert!(!header_line_is_strict(bad), "{bad:?}");
        }
    }

    #[test]
    fn strict_status_lines() {
        for ok in [
            &b"HTTP/1.1 200 OK\r\n"[..],
            b"HTTP/1.0 404 Not Found\r\n",
            b"HTTP/1.1 204\r\n",
            b"HTTP/1.1 204 \r\n",
            b"HTTP/1.1 599 x\r\n",
            b"HTTP/1.1 100 Continue\r\n",
        ] {
            assert!(status_line_is_strict(ok), "{ok:?}");
        }
        for bad in [
            &b"HTTP/1.1 200 OK\n"[..],
            b"HTTP/1.2 200 OK\r\n",
            b"HTTP/2.0 200 OK\r\n",
            b"HTTP/1.1 600 X\r\n",
            b"HTTP/1.1 099 X\r\n",
            b"HTTP/1.1  200 OK\r\n",
            b"HTTP/1.1 +20 OK\r\n",
            b"HTTP/1.1 2000 OK\r\n",
            b"http/1.1 200 OK\r\n",
            b"HTTP/1.1 200 O\x01K\r\n",
            b"HTTP/1.1 200OK\r\n",
        ] {
            assert!(!status_line_is_strict(bad), "{bad:?}");
        }
    }
}
