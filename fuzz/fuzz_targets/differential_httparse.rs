//! Differential: on inputs that both httparse and our strict parser accept as a complete
//! head, both read the same status code and the same fields.
#![no_main]
use httplib_rs::parser::{split_field, HeadParser, Limits, Status};
use libfuzzer_sys::fuzz_target;

fn trim(v: &[u8]) -> &[u8] {
    let s = v.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(v.len());
    let e = v.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(s, |i| i + 1);
    &v[s..e]
}

fuzz_target!(|data: &[u8]| {
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut theirs = httparse::Response::new(&mut headers);
    let Ok(httparse::Status::Complete(their_end)) = theirs.parse(data) else { return };
    let limits = Limits { max_line: 65536, max_headers: 33, strict: true };
    let Ok(Status::Complete(ours)) = HeadParser::new(0).parse(data, limits, false) else { return };
    assert_eq!(ours.end, their_end);
    assert_eq!(Some(ours.status.code), theirs.code);
    assert_eq!(ours.lines.len(), theirs.headers.len());
    for (line, h) in ours.lines.iter().zip(theirs.headers.iter()) {
        let l = &data[line.clone()];
        let (n, v) = split_field(l).expect("strict lines are plain fields");
        assert_eq!(&l[n], h.name.as_bytes());
        assert_eq!(trim(&l[v]), trim(h.value));
    }
});
