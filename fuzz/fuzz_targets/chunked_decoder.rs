//! The chunked decoder: never panics, never produces more than it consumed, the
//! committed prefix is within the output, and splitting the input anywhere gives the
//! same body and outcome.
#![no_main]
use httplib_rs::framing::{decode_into, ChunkState, ChunkedDecoder};
use libfuzzer_sys::fuzz_target;

fn run(pieces: &[&[u8]], strict: bool) -> (Result<(), httplib_rs::framing::ChunkError>, Vec<u8>, ChunkState) {
    let mut dec = ChunkedDecoder::new(ChunkState::Size, 512, strict);
    let mut out = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut committed = 0;
    for (i, piece) in pieces.iter().enumerate() {
        pending.extend_from_slice(piece);
        let eof = i + 1 == pieces.len();
        loop {
            match decode_into(&mut dec, &pending, eof, &mut out, usize::MAX, &mut committed) {
                Ok(used) => {
                    assert!(used <= pending.len());
                    pending.drain(..used);
                    if used == 0 || dec.state == ChunkState::Done {
                        break;
                    }
                }
                Err(e) => {
                    assert!(committed <= out.len());
                    return (Err(e), out, dec.state);
                }
            }
        }
        if dec.state == ChunkState::Done {
            break;
        }
    }
    (Ok(()), out, dec.state)
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, input)) = data.split_first() else { return };
    let at = (split as usize).min(input.len());
    for strict in [false, true] {
        let whole = run(&[input], strict);
        assert!(whole.1.len() <= input.len());
        let halves = run(&[&input[..at], &input[at..]], strict);
        // The body produced before any error is the same however the bytes arrived.
        if whole.0.is_ok() && whole.2 == ChunkState::Done {
            assert_eq!(halves.0, whole.0);
            assert_eq!(halves.1, whole.1);
        }
    }
});
