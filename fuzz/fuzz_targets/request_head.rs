//! The request-head serialiser: whatever method, target and fields it is given, what it
//! writes has exactly one request line, one line per field and the blank line, for any
//! recipient's idea of a line break — an injected line is impossible.
#![no_main]
use httplib_rs::request::write_head;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Parts separated by 0xff: method, target, then name/value pairs.
    let parts: Vec<&[u8]> = data.split(|&b| b == 0xff).collect();
    if parts.len() < 2 {
        return;
    }
    let fields: Vec<(&[u8], &[u8])> = parts[2..].chunks(2).filter(|c| c.len() == 2).map(|c| (c[0], c[1])).collect();
    let mut out = Vec::new();
    if write_head(&mut out, parts[0], parts[1], b"HTTP/1.1", fields.iter().copied()).is_err() {
        return;
    }
    assert!(out.ends_with(b"\r\n\r\n"));
    // Count where a new line starts for a recipient that breaks lines at CR, LF or CRLF:
    // a continuation (SP/HTAB first, http.client's obs-fold rule) is not a new line.
    // Exactly the request line, one per field and the blank line: nothing injected.
    let mut starts = 1;
    for p in 1..out.len() {
        let breaks = out[p - 1] == b'\n' || (out[p - 1] == b'\r' && out[p] != b'\n');
        if breaks && !matches!(out[p], b' ' | b'\t') {
            starts += 1;
        }
    }
    assert_eq!(starts, 2 + fields.len());
    // The request line is exactly method SP target SP version.
    let first = out.split(|&b| b == b'\r').next().unwrap_or(&[]);
    assert_eq!(first.len(), parts[0].len() + parts[1].len() + 10);
});
