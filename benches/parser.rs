//! Parser and chunked decoder against httparse, in one run:
//! `cargo bench --bench parser`.
//!
//! Both parsers produce the same information for each head: status code, reason, and
//! every field as a (name, value) pair of byte slices (httparse fills a caller array;
//! ours gives line ranges that `split_field` turns into name/value ranges). Neither
//! allocates per header: ours reuses the parser's line vector between iterations.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use httplib_rs::framing::{decode_into, ChunkState, ChunkedDecoder};
use httplib_rs::parser::{split_field, HeadParser, Limits, Status};

fn head(extra: usize) -> Vec<u8> {
    let mut h = b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 13\r\n".to_vec();
    for i in 0..extra {
        h.extend_from_slice(
            format!("X-Extra-Header-{i:02}: value-{i:02}-abcdefghij\r\n").as_bytes(),
        );
    }
    h.extend_from_slice(b"Connection: keep-alive\r\n\r\n");
    h
}

fn ours(
    buf: &[u8],
    lines: &mut Vec<core::ops::Range<usize>>,
    out: &mut Vec<(usize, usize, usize, usize)>,
) -> usize {
    let mut parser = HeadParser::with_lines(0, std::mem::take(lines));
    let Ok(Status::Complete(h)) = parser.parse(buf, Limits::default(), false) else {
        panic!("parse")
    };
    out.clear();
    for line in &h.lines {
        let l = &buf[line.clone()];
        if let Some((n, v)) = split_field(l) {
            out.push((
                line.start + n.start,
                line.start + n.end,
                line.start + v.start,
                line.start + v.end,
            ));
        }
    }
    let n = h.status.code as usize + out.len();
    *lines = h.lines; // reused by the next parse, as the reader does
    n
}

fn theirs(buf: &[u8]) -> usize {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut resp = httparse::Response::new(&mut headers);
    match resp.parse(buf) {
        Ok(httparse::Status::Complete(_)) => resp.code.unwrap_or(0) as usize + resp.headers.len(),
        _ => panic!("parse"),
    }
}

fn heads(c: &mut Criterion) {
    for (label, extra) in [("3 headers", 1), ("12 headers", 10), ("40 headers", 38)] {
        let buf = head(extra);
        let mut group = c.benchmark_group(format!("head/{label}"));
        group.throughput(Throughput::Bytes(buf.len() as u64));
        let mut fields = Vec::with_capacity(64);
        let mut lines = Vec::new();
        group.bench_function("httplib_rs", |b| {
            b.iter(|| ours(black_box(&buf), &mut lines, &mut fields))
        });
        group.bench_function("httparse", |b| b.iter(|| theirs(black_box(&buf))));
        group.finish();
    }
}

fn chunked(c: &mut Criterion) {
    for (label, size) in [("1 KiB chunks", 1024usize), ("1-byte chunks", 1)] {
        let mut body = Vec::new();
        let total = if size == 1 { 64 << 10 } else { 1 << 20 };
        for _ in 0..total / size {
            body.extend_from_slice(format!("{size:x}\r\n").as_bytes());
            body.extend(std::iter::repeat_n(b'z', size));
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"0\r\n\r\n");
        let mut group = c.benchmark_group(format!("chunked/{label}"));
        group.throughput(Throughput::Bytes(total as u64));
        let mut out = Vec::with_capacity(total);
        group.bench_function("decode_into", |b| {
            b.iter(|| {
                out.clear();
                let mut dec = ChunkedDecoder::new(ChunkState::Size, 65536, false);
                let used = decode_into(
                    &mut dec,
                    black_box(&body),
                    true,
                    &mut out,
                    usize::MAX,
                    &mut 0,
                );
                assert_eq!(used, Ok(body.len()));
            })
        });
        group.bench_function("httparse::parse_chunk_size (sizes only)", |b| {
            b.iter(|| {
                let mut pos = 0;
                let mut n = 0;
                while let Ok(httparse::Status::Complete((used, size))) =
                    httparse::parse_chunk_size(&body[pos..])
                {
                    if size == 0 {
                        break;
                    }
                    pos += used + size as usize + 2;
                    n += size;
                }
                black_box(n)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, heads, chunked);
criterion_main!(benches);
