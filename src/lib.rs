//! httplib_rs: Python's `http.client` on a Rust core.
//!
//! The sans-IO core (`parser`, `framing`, `request`) has no Python in it; the `python`
//! feature adds the transport and the PyO3 binding that maturin builds into
//! `httplib_rs._core`.

pub mod framing;
pub mod parser;
pub mod request;
pub mod rules;

#[cfg(feature = "python")]
mod binding;
#[cfg(feature = "python")]
mod transport;
