//! A whole response (head, framing decision, body) read from a stream split at
//! fuzzer-chosen points: the outcome must not depend on the split.
#![no_main]
use httplib_rs::framing::{body_length, decode_into, BodyLength, ChunkState, ChunkedDecoder};
use httplib_rs::parser::{split_field, HeadParser, Limits, Status};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, PartialEq)]
enum Outcome {
    Head(String),
    Framing(String),
    Body(u16, Vec<u8>),
    BodyError(String, usize),
}

/// Reads one response from `pieces` as the client would: more bytes only when needed.
fn read(pieces: &[&[u8]]) -> Outcome {
    let limits = Limits { max_line: 1024, max_headers: 32, strict: false };
    let mut buf: Vec<u8> = Vec::new();
    let mut next = 0;
    let mut parser = HeadParser::new(0);
    let head = loop {
        let eof = next == pieces.len();
        match parser.parse(&buf, limits, eof) {
            Ok(Status::Complete(h)) => break h,
            Ok(Status::Partial) => {
                buf.extend_from_slice(pieces[next]);
                next += 1;
            }
            Err(e) => return Outcome::Head(format!("{e:?}")),
        }
    };
    let mut te = Vec::new();
    let mut cl = Vec::new();
    for line in &head.lines {
        let l = &buf[line.clone()];
        if let Some((n, v)) = split_field(l) {
            if l[n.clone()].eq_ignore_ascii_case(b"transfer-encoding") {
                te.push(l[v.clone()].to_vec());
            } else if l[n].eq_ignore_ascii_case(b"content-length") {
                cl.push(l[v].to_vec());
            }
        }
    }
    let framing = match body_length(te.iter().map(|v| v.as_slice()), cl.iter().map(|v| v.as_slice())) {
        Ok(f) => f,
        Err(e) => return Outcome::Framing(format!("{e:?}")),
    };
    let mut rest: Vec<u8> = buf[head.end..].to_vec();
    let code = head.status.code;
    match framing {
        BodyLength::Length(n) => {
            while (rest.len() as u64) < n && next < pieces.len() {
                rest.extend_from_slice(pieces[next]);
                next += 1;
            }
            let n = (n as usize).min(rest.len());
            Outcome::Body(code, rest[..n].to_vec())
        }
        BodyLength::UntilClose => {
            for p in &pieces[next..] {
                rest.extend_from_slice(p);
            }
            Outcome::Body(code, rest)
        }
        BodyLength::Chunked => {
            let mut dec = ChunkedDecoder::new(ChunkState::Size, 1024, false);
            let mut out = Vec::new();
            let mut committed = 0;
            loop {
                let eof = next == pieces.len();
                match decode_into(&mut dec, &rest, eof, &mut out, usize::MAX, &mut committed) {
                    Ok(used) => {
                        rest.drain(..used);
                        if dec.state == ChunkState::Done {
                            return Outcome::Body(code, out);
                        }
                        if eof {
                            return Outcome::BodyError("Eof".into(), committed);
                        }
                        rest.extend_from_slice(pieces[next]);
                        next += 1;
                    }
                    Err(e) => return Outcome::BodyError(format!("{e:?}"), committed),
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first bytes choose the split points; the rest is the stream.
    let Some((&count, rest)) = data.split_first() else { return };
    let count = (count % 8) as usize;
    if rest.len() < count {
        return;
    }
    let (cuts, stream) = rest.split_at(count);
    let mut points: Vec<usize> = cuts.iter().map(|&c| (c as usize * stream.len()) / 256).collect();
    points.sort_unstable();
    let mut pieces: Vec<&[u8]> = Vec::new();
    let mut last = 0;
    for p in points {
        pieces.push(&stream[last..p]);
        last = p;
    }
    pieces.push(&stream[last..]);
    assert_eq!(read(&pieces), read(&[stream]));
});
