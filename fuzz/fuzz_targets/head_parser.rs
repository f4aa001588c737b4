//! The status line + header parser: any input is accepted or refused, never a panic,
//! in both modes; a complete head's ranges lie inside the input, in order; and the
//! result is the same fed whole or one byte at a time.
#![no_main]
use httplib_rs::parser::{HeadParser, Limits, Status};
use httplib_rs::rules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        let limits = Limits { max_line: 1024, max_headers: 32, strict };
        let whole = HeadParser::new(0).parse(data, limits, true);
        if let Ok(Status::Complete(head)) = &whole {
            assert!(head.end <= data.len());
            let mut prev = head.status_line.end;
            for line in &head.lines {
                assert!(line.start >= prev && line.end <= head.end && line.start < line.end);
                prev = line.end;
                // Each line is one line (its only LF the last byte, or none at the end of
                // input) that the mode's rule accepts: the one-pass scan never lets a
                // bare CR or a NUL through, nor joins or splits lines.
                let l = &data[line.clone()];
                let lf = l.iter().position(|&b| b == b'\n');
                assert!(lf == Some(l.len() - 1) || (lf.is_none() && line.end == data.len()));
                assert!(rules::head_line_is_valid(l, strict));
            }
            assert!((100..=999).contains(&head.status.code));
        }
        // Byte at a time, then end of input: the same answer.
        let mut parser = HeadParser::new(0);
        let mut incremental = None;
        for n in 0..=data.len() {
            match parser.parse(&data[..n], limits, n == data.len()) {
                Ok(Status::Partial) if n < data.len() => continue,
                other => {
                    incremental = Some(other);
                    break;
                }
            }
        }
        assert_eq!(incremental, Some(whole));
    }
});
