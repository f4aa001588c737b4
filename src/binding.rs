//! The PyO3 module `httplib_rs._core`: the response reader (`SocketReader`, the
//! `HTTPResponse.fp` of the fast path), request-head encoding and socket writes.
//! Rust errors become the http.client exceptions here, and nowhere else.

use std::sync::Mutex;

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::framing::{
    body_length, decode_into, BodyLength, ChunkError, ChunkState, ChunkedDecoder, FramingError,
    FramingFields,
};
use crate::parser::{
    is_skipped_interim, split_field, Head, HeadError, HeadParser, Limits, Status,
    MAX_INTERIM_RESPONSES,
};
use crate::request::write_head;
use crate::rules;
use crate::transport::{recv_fd_raw, send_all_fd, tls_recv_into, Readiness, Source, Want};

/// Room a `read()`/`_safe_read()` result starts with before doubling as bytes arrive:
/// big enough that a large body takes few resizes, bounded whatever a server declares.
const FIRST_BYTES_ROOM: usize = 1 << 20;
/// Room a read of a known length starts with (see `Reader::read_bytes`).
const FIRST_KNOWN_ROOM: usize = 64 << 20;
/// Smallest read from the source; the buffer grows past it only while a head is parsed.
const READ_SIZE: usize = 64 * 1024;
/// The http.client exception classes, registered by `httplib_rs.client` at import.
struct Exceptions {
    http_exception: Py<PyAny>,
    line_too_long: Py<PyAny>,
    incomplete_read: Py<PyAny>,
    bad_status_line: Py<PyAny>,
    remote_disconnected: Py<PyAny>,
    invalid_response: Py<PyAny>,
    unknown_transfer_encoding: Py<PyAny>,
}

static EXCEPTIONS: Mutex<Option<Exceptions>> = Mutex::new(None);

/// Fills one of the registries that `httplib_rs.client` sets at import.
fn store<T>(slot: &Mutex<Option<T>>, value: T) -> PyResult<()> {
    let mut slot = slot
        .lock()
        .map_err(|_| PyRuntimeError::new_err("poisoned"))?;
    *slot = Some(value);
    Ok(())
}

/// `HTTPMessage` and the instance state `Message.__init__` gives every message, so
/// that a header message is made here in one step (see `message`).
struct MessageTemplate {
    class: Py<PyAny>,
    state: Py<PyDict>,
    object_new: Py<PyAny>,
}

static MESSAGE_TEMPLATE: Mutex<Option<MessageTemplate>> = Mutex::new(None);

#[pyfunction]
fn _set_message_template(py: Python<'_>, class: Py<PyAny>, state: Py<PyDict>) -> PyResult<()> {
    let object_new = py
        .import("builtins")?
        .getattr("object")?
        .getattr("__new__")?
        .unbind();
    store(
        &MESSAGE_TEMPLATE,
        MessageTemplate {
            class,
            state,
            object_new,
        },
    )
}

/// The `HTTPMessage` that `email.parser` (compat32) builds for a header block whose
/// fields are `fields`: the template state, the fields, no defects.
fn message<'py>(py: Python<'py>, fields: Bound<'py, PyList>) -> PyResult<Bound<'py, PyAny>> {
    let (class, state, object_new) = {
        let slot = MESSAGE_TEMPLATE
            .lock()
            .map_err(|_| PyRuntimeError::new_err("poisoned"))?;
        let t = slot
            .as_ref()
            .ok_or_else(|| PyRuntimeError::new_err("message template not set"))?;
        (
            t.class.clone_ref(py),
            t.state.clone_ref(py),
            t.object_new.clone_ref(py),
        )
    };
    let msg = object_new.bind(py).call1((class,))?;
    let dict = state.bind(py).copy()?;
    dict.set_item(intern!(py, "_headers"), fields)?;
    dict.set_item(intern!(py, "defects"), PyList::empty(py))?;
    msg.setattr(intern!(py, "__dict__"), dict)?;
    Ok(msg)
}

/// What `socket._decref_socketios()` does (a plain `socket.socket`'s own method, the
/// only kind read through its fd), without entering the interpreter for it.
fn release_socket(sock: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = sock.py();
    let refs: isize = sock.getattr(intern!(py, "_io_refs"))?.extract()?;
    if refs > 0 {
        sock.setattr(intern!(py, "_io_refs"), refs - 1)?;
    }
    if sock.getattr(intern!(py, "_closed"))?.is_truthy()? {
        sock.call_method0(intern!(py, "close"))?;
    }
    Ok(())
}

#[pyfunction]
fn _set_exceptions(
    http_exception: Py<PyAny>,
    line_too_long: Py<PyAny>,
    incomplete_read: Py<PyAny>,
    bad_status_line: Py<PyAny>,
    remote_disconnected: Py<PyAny>,
    invalid_response: Py<PyAny>,
    unknown_transfer_encoding: Py<PyAny>,
) -> PyResult<()> {
    store(
        &EXCEPTIONS,
        Exceptions {
            http_exception,
            line_too_long,
            incomplete_read,
            bad_status_line,
            remote_disconnected,
            invalid_response,
            unknown_transfer_encoding,
        },
    )
}

/// Builds one of the registered exceptions with `args`.
fn raise<'py, A>(py: Python<'py>, pick: fn(&Exceptions) -> &Py<PyAny>, args: A) -> PyErr
where
    A: pyo3::call::PyCallArgs<'py>,
{
    // Take the class out and let go of the lock before calling into Python: the
    // constructor runs bytecode, the interpreter may switch threads there, and another
    // thread raising would then wait on this lock while holding the GIL (deadlock).
    let class = match EXCEPTIONS.lock() {
        Ok(guard) => match guard.as_ref() {
            Some(exc) => pick(exc).clone_ref(py),
            None => return PyRuntimeError::new_err("httplib_rs.client was not imported"),
        },
        Err(_) => return PyRuntimeError::new_err("httplib_rs exception table poisoned"),
    };
    match class.bind(py).call1(args) {
        Ok(value) => PyErr::from_value(value),
        Err(e) => e,
    }
}

/// Decodes ISO-8859-1 bytes into a `str`, as http.client decodes every head byte.
/// ASCII (nearly every head byte) is copied into a new compact ASCII string: what
/// CPython's decoder does after its own scan for the widest character, minus that scan.
fn latin1<'py>(py: Python<'py>, bytes: &[u8]) -> Bound<'py, PyString> {
    // Empty and one-character strings are CPython's cached singletons: its decoder
    // hands those out.
    if bytes.len() > 1 && bytes.is_ascii() {
        if let Ok(len) = isize::try_from(bytes.len()) {
            // SAFETY: PyUnicode_New(len, 127) makes a compact ASCII string with room for
            // `len` one-byte characters (or returns NULL, checked); nothing else holds it
            // yet, so writing its data before handing it out is allowed, and `bytes` is
            // ASCII, which keeps the string valid.
            unsafe {
                let raw = pyo3::ffi::PyUnicode_New(len, 127);
                if !raw.is_null() {
                    std::ptr::copy_nonoverlapping(
                        bytes.as_ptr(),
                        pyo3::ffi::PyUnicode_1BYTE_DATA(raw),
                        bytes.len(),
                    );
                    return Bound::from_owned_ptr(py, raw).cast_into_unchecked::<PyString>();
                }
                drop(PyErr::take(py));
            }
        }
    }
    let len = isize::try_from(bytes.len()).unwrap_or(isize::MAX);
    // SAFETY: `bytes` is valid for reading `len` bytes during the call; Latin-1 decoding
    // accepts every byte (CPython copies ASCII straight), and the error handler is unused.
    let raw =
        unsafe { pyo3::ffi::PyUnicode_DecodeLatin1(bytes.as_ptr().cast(), len, std::ptr::null()) };
    if raw.is_null() {
        // Only a failed allocation gets here: drop its error, take the slow way.
        drop(PyErr::take(py));
        let s: String = bytes.iter().map(|&b| char::from(b)).collect();
        return PyString::new(py, &s);
    }
    // SAFETY: `raw` is a new reference to a str object, handed to the Bound that owns it.
    unsafe { Bound::from_owned_ptr(py, raw).cast_into_unchecked::<PyString>() }
}

fn head_error(py: Python<'_>, err: HeadError, buf: &[u8]) -> PyErr {
    match err {
        HeadError::NoResponse => raise(
            py,
            |e| &e.remote_disconnected,
            ("Remote end closed connection without response",),
        ),
        HeadError::StatusLineTooLong => raise(py, |e| &e.line_too_long, ("status line",)),
        HeadError::HeaderLineTooLong => raise(py, |e| &e.line_too_long, ("header line",)),
        HeadError::TooManyHeaders(max) => raise(
            py,
            |e| &e.http_exception,
            (format!("got more than {max} headers"),),
        ),
        HeadError::BadStatusLine(r) => {
            let line = latin1(py, buf.get(r).unwrap_or(&[])).unbind();
            raise(py, |e| &e.bad_status_line, (line,))
        }
        HeadError::InvalidHeaderLine(r) if r.is_empty() => raise(
            py,
            |e| &e.invalid_response,
            ("response head cut short (strict: no blank line before end of input)",),
        ),
        HeadError::InvalidHeaderLine(r) => {
            let line = PyBytes::new(py, buf.get(r).unwrap_or(&[])).unbind();
            raise(
                py,
                |e| &e.invalid_response,
                (format!(
                    "invalid header line {}",
                    line.bind(py)
                        .repr()
                        .map(|r| r.to_string())
                        .unwrap_or_default()
                ),),
            )
        }
        HeadError::TooManyInterim => raise(
            py,
            |e| &e.http_exception,
            (format!(
                "got more than {MAX_INTERIM_RESPONSES} interim (1xx) responses"
            ),),
        ),
    }
}

fn chunk_error(py: Python<'_>, err: ChunkError, partial: &[u8]) -> PyErr {
    match err {
        ChunkError::SizeLineTooLong => raise(py, |e| &e.line_too_long, ("chunk size",)),
        ChunkError::TrailerLineTooLong => raise(py, |e| &e.line_too_long, ("trailer line",)),
        ChunkError::TooLarge => raise(
            py,
            |e| &e.http_exception,
            ("chunked body: too many trailer fields or chunk-extension bytes",),
        ),
        ChunkError::InvalidSize | ChunkError::MissingDataEnd | ChunkError::Eof => {
            let partial = PyBytes::new(py, partial).unbind();
            raise(py, |e| &e.incomplete_read, (partial,))
        }
    }
}

/// The header fields of a head as `[(name, value), ...]`, or `None` when some line is
/// one that `email.parser` treats specially (the caller then lets it build the message).
/// Every field also goes to `framing`, each line split once for both.
fn fields<'py, 'a>(
    py: Python<'py>,
    buf: &'a [u8],
    lines: &[core::ops::Range<usize>],
    framing: &mut FramingFields<'a>,
) -> PyResult<Option<Bound<'py, PyList>>> {
    let mut list = Some(PyList::empty(py));
    let mut content_type_checked = false;
    for r in lines {
        let line = buf.get(r.clone()).unwrap_or(&[]);
        let Some((n, v)) = split_field(line) else {
            list = None;
            continue;
        };
        let name = line.get(n).unwrap_or(&[]);
        let value = line.get(v).unwrap_or(&[]);
        framing.add(name, value);
        let Some(fields) = &list else {
            continue;
        };
        if !content_type_checked && name.eq_ignore_ascii_case(b"content-type") {
            // email.parser parses multipart/* and message/* bodies: let it.
            content_type_checked = true;
            let lower = value.to_ascii_lowercase();
            if contains(&lower, b"multipart") || contains(&lower, b"message") {
                list = None;
                continue;
            }
        }
        fields.append((field_name(py, name), latin1(py, value)))?;
    }
    Ok(list)
}

/// A field name as a `str`: the names most servers send come from a table of interned
/// strings (made once, shared), the others are decoded.
fn field_name<'py>(py: Python<'py>, name: &[u8]) -> Bound<'py, PyString> {
    macro_rules! common {
        ($($name:literal),* $(,)?) => {
            match name {
                $(n if n == $name.as_bytes() => intern!(py, $name).clone(),)*
                _ => latin1(py, name),
            }
        };
    }
    common!(
        "Server",
        "Date",
        "Content-Type",
        "Content-Length",
        "Connection",
        "Keep-Alive",
        "Transfer-Encoding",
        "Last-Modified",
        "ETag",
        "Accept-Ranges",
        "Cache-Control",
        "Expires",
        "Vary",
        "Location",
        "Set-Cookie",
        "Content-Encoding",
        "Age",
        "Via",
        "Access-Control-Allow-Origin",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "content-type",
        "content-length",
        "date",
        "server",
        "connection",
    )
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn raw_lines<'py>(
    py: Python<'py>,
    buf: &[u8],
    head_lines: &[core::ops::Range<usize>],
    end: usize,
) -> Bound<'py, PyBytes> {
    // The header block exactly as received (blank line included), for email.parser.
    let start = head_lines.first().map_or(end, |r| r.start);
    PyBytes::new(py, buf.get(start..end).unwrap_or(&[]))
}

/// A final response head as Python values (see `Reader::final_head`).
struct FinalHead<'py> {
    version: Bound<'py, PyAny>,
    /// `HTTPResponse.version`: 10 or 11, `None` for an unknown protocol.
    version_code: Option<u8>,
    status: u16,
    reason: Bound<'py, PyAny>,
    /// The `HTTPMessage`, or `None` when `email.parser` must build it from `raw`.
    msg: Bound<'py, PyAny>,
    raw: Bound<'py, PyAny>,
    /// `(chunked, length)`, or the exception that refuses the framing.
    framing: Result<(bool, Option<u64>), PyErr>,
    will_close: bool,
}

/// Read buffers of closed readers, kept for the next responses on this thread: a new
/// response then takes a buffer instead of allocating and zeroing 64 KiB.
const SPARE_BUFFERS_MAX: usize = 4;
/// Larger buffers (grown for a long head) are freed rather than kept.
const SPARE_BUFFER_MAX_LEN: usize = 4 * READ_SIZE;

thread_local! {
    static SPARE_BUFFERS: std::cell::RefCell<Vec<Vec<u8>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn take_buffer() -> Vec<u8> {
    SPARE_BUFFERS
        .try_with(|spare| spare.try_borrow_mut().ok().and_then(|mut s| s.pop()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn give_buffer(buf: Vec<u8>) {
    if buf.len() < READ_SIZE || buf.len() > SPARE_BUFFER_MAX_LEN {
        return;
    }
    let _ = SPARE_BUFFERS.try_with(|spare| {
        if let Ok(mut spare) = spare.try_borrow_mut() {
            if spare.len() < SPARE_BUFFERS_MAX {
                spare.push(buf);
            }
        }
    });
}

/// A buffered reader over a socket fd or a Python file: the `fp` of `HTTPResponse`.
/// It has the `io.BufferedReader` methods that callers use on `fp` (urllib3 reads it
/// directly) and the HTTP methods that parse heads and bodies out of its buffer.
#[pyclass(module = "httplib_rs._core", name = "SocketReader")]
pub struct Reader {
    source: Option<Source>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// The chunked framing was invalid: the stream cannot be trusted any more, and
    /// the response closes (http.client closes on a bad chunk size too).
    framing_error: bool,
    /// The header-line vector of the last head, reused for the next one.
    spare_lines: Vec<core::ops::Range<usize>>,
}

impl Reader {
    /// A new reader over `source`, with a spare buffer of this thread's if there is one.
    fn over(source: Source) -> Self {
        Reader {
            source: Some(source),
            buf: take_buffer(),
            start: 0,
            end: 0,
            framing_error: false,
            spare_lines: Vec::new(),
        }
    }

    fn buffered(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or(&[])
    }

    fn source(&self) -> PyResult<&Source> {
        self.source
            .as_ref()
            .ok_or_else(|| PyValueError::new_err("I/O operation on closed file."))
    }

    fn consume(&mut self, n: usize) {
        self.start = self.start.saturating_add(n).min(self.end);
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    /// The file of a file source, when nothing is buffered: the `io` methods then
    /// call it directly, exactly as http.client calls its `fp`.
    fn passthrough(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        match &self.source {
            Some(Source::File { file, .. }) if self.start == self.end => Some(file.clone_ref(py)),
            _ => None,
        }
    }

    /// Reads once from the source, appending to the buffer; returns the byte count.
    fn fill(&mut self, py: Python<'_>, want: Want) -> PyResult<usize> {
        self.fill_when(py, want, Readiness::Likely)
    }

    /// `fill`, saying whether bytes are probably waiting already.
    fn fill_when(&mut self, py: Python<'_>, want: Want, readiness: Readiness) -> PyResult<usize> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
        if self.buf.len().saturating_sub(self.end) < READ_SIZE / 4 {
            if self.start > 0 && self.start >= self.buf.len() / 2 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.buf.len().saturating_sub(self.end) < READ_SIZE / 4 {
                let new_len = (self.buf.len() * 2).max(READ_SIZE);
                self.buf.resize(new_len, 0);
            }
        }
        let source = self
            .source
            .as_ref()
            .ok_or_else(|| PyValueError::new_err("I/O operation on closed file."))?;
        if let (Want::Line(n) | Want::Bytes(n), Source::File { .. }) = (want, source) {
            // A file is asked for exactly what http.client would ask it for.
            let need = self.end.saturating_add(n);
            if need > self.buf.len() {
                self.buf.resize(need, 0);
            }
        }
        let end = self.end;
        let room = self.buf.get_mut(end..).unwrap_or(&mut []);
        let n = source.read(py, want, room, readiness)?;
        self.end = self.end.saturating_add(n);
        Ok(n)
    }

    /// Moves unread bytes to the front so a head parse can address them from 0.
    fn compact(&mut self) {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
    }

    /// Reads until `buf` is full or EOF, draining the buffer first; returns bytes read.
    fn read_into_slice(&mut self, py: Python<'_>, out: &mut [u8]) -> PyResult<usize> {
        let have = self.buffered().len().min(out.len());
        if let Some(dst) = out.get_mut(..have) {
            dst.copy_from_slice(self.buffered().get(..have).unwrap_or(&[]));
        }
        self.consume(have);
        let mut done = have;
        let mut readiness = Readiness::Likely;
        while done < out.len() {
            let rest = out.get_mut(done..).unwrap_or(&mut []);
            let n = if rest.len() >= READ_SIZE / 4 {
                let room = rest.len();
                let n = self
                    .source()?
                    .read(py, Want::Bytes(room), rest, readiness)?;
                readiness = Readiness::after_recv(n, room);
                n
            } else {
                let n = self.fill(py, Want::Bytes(rest.len()))?;
                let take = n.min(rest.len());
                if let Some(dst) = rest.get_mut(..take) {
                    dst.copy_from_slice(self.buffered().get(..take).unwrap_or(&[]));
                }
                self.consume(take);
                take
            };
            if n == 0 {
                break;
            }
            done += n;
        }
        Ok(done)
    }

    /// Reads up to `want` bytes (until EOF for `usize::MAX`) into a new `bytes` object
    /// filled straight from the socket: no intermediate buffer, no final copy, no
    /// zeroing. With a known length it starts at that size up to `FIRST_KNOWN_ROOM`
    /// (address space only: pages become memory as bytes arrive, so a length that is
    /// declared but never sent costs nothing), then doubles. Until EOF it starts at
    /// `FIRST_BYTES_ROOM`. Memory follows what the server sends, not what it declares.
    fn read_bytes(&mut self, py: Python<'_>, want: usize) -> PyResult<Py<PyBytes>> {
        let have = self.buffered().len().min(want);
        let first = if want == usize::MAX {
            FIRST_BYTES_ROOM
        } else {
            FIRST_KNOWN_ROOM
        };
        let mut cap = want.min(have.max(first)).max(have);
        let mut holder = BytesBuf::new(py, cap)?;
        holder.write(0, self.buffered().get(..have).unwrap_or(&[]))?;
        self.consume(have);
        let mut filled = have;
        let mut readiness = Readiness::Likely;
        while filled < want {
            if filled == cap {
                let new_cap = want.min(cap.saturating_mul(2));
                holder.resize(py, new_cap)?;
                cap = new_cap;
            }
            let n = match self.source()? {
                Source::Fd { fd, sock } => {
                    let room = holder.spare(filled, cap)?;
                    // SAFETY: `room` is the bytes object's storage from `filled` to `cap`,
                    // allocated and owned by us alone; the kernel writes it, nothing reads
                    // it until `set_initialised` below counts what was written.
                    let n = unsafe { recv_fd_raw(py, *fd, sock, room, cap - filled, readiness)? };
                    holder.set_initialised(filled + n.min(cap - filled));
                    readiness = Readiness::after_recv(n, cap - filled);
                    n
                }
                Source::Tls { sock } => {
                    let room = holder.spare(filled, cap)?;
                    // SAFETY: as for the fd: our bytes object's storage from `filled` to
                    // `cap`, written only by the TLS layer, counted below.
                    let n = unsafe { tls_recv_into(py, sock, room, cap - filled)? };
                    holder.set_initialised(filled + n.min(cap - filled));
                    n
                }
                source @ Source::File { .. } => {
                    holder.zero_from(filled, cap);
                    let room = holder.slice(cap)?.get_mut(filled..cap).unwrap_or(&mut []);
                    source.read(py, Want::Bytes(room.len()), room, Readiness::Likely)?
                }
            };
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled != cap {
            holder.resize(py, filled)?;
        }
        Ok(holder.into_bytes(py))
    }

    /// The next final head (interim ones skipped, at most `MAX_INTERIM_RESPONSES`),
    /// as the Python values `begin()` needs.
    /// With `plain_only`, a head that needs Python's `begin()` (a line `email.parser`
    /// treats specially, an unknown protocol, refused framing) is left unread: `None`.
    fn final_head<'py>(
        &mut self,
        py: Python<'py>,
        limits: Limits,
        head_request: bool,
        plain_only: bool,
    ) -> PyResult<Option<FinalHead<'py>>> {
        self.source()?;
        let mut interim = 0usize;
        loop {
            let head = self.parse_head(py, limits, false)?;
            if is_skipped_interim(head.status.code) {
                interim += 1;
                if interim > MAX_INTERIM_RESPONSES {
                    return Err(head_error(py, HeadError::TooManyInterim, &[]));
                }
                self.consume(head.end);
                self.spare_lines = head.lines;
                continue;
            }
            let buf = self.buf.get(..self.end).unwrap_or(&[]);
            let version_bytes = buf.get(head.status.version.clone()).unwrap_or(&[]);
            let version_code = match version_bytes {
                b"HTTP/1.0" | b"HTTP/0.9" => Some(10u8),
                v if v.starts_with(b"HTTP/1.") => Some(11u8),
                _ => None,
            };
            let mut framing_fields = FramingFields::default();
            let parsed = fields(py, buf, &head.lines, &mut framing_fields)?;
            let http11 = version_code == Some(11);
            let info = framing_fields.framing(head.status.code, head_request, http11);
            if plain_only && (parsed.is_none() || version_code.is_none() || info.body.is_err()) {
                self.spare_lines = head.lines;
                return Ok(None);
            }
            let version = latin1(py, version_bytes).into_any();
            let reason = latin1(py, buf.get(head.status.reason.clone()).unwrap_or(&[])).into_any();
            let (msg, raw) = match parsed {
                Some(list) => (message(py, list)?, py.None().into_bound(py)),
                None => (
                    py.None().into_bound(py),
                    raw_lines(py, buf, &head.lines, head.end).into_any(),
                ),
            };
            let framing = match info.body {
                Ok(None) => Ok((false, Some(0u64))),
                Ok(Some(BodyLength::Chunked)) => Ok((true, None)),
                Ok(Some(BodyLength::Length(n))) => Ok((false, Some(n))),
                Ok(Some(BodyLength::UntilClose)) => Ok((false, None)),
                Err(e) => Err(framing_error(py, e, buf, &head.lines)),
            };
            let out = FinalHead {
                version,
                version_code,
                status: head.status.code,
                reason,
                msg,
                raw,
                framing,
                will_close: info.will_close,
            };
            self.consume(head.end);
            self.spare_lines = head.lines;
            return Ok(Some(out));
        }
    }

    /// Parses one head at the front of the buffer, reading as needed.
    fn parse_head(&mut self, py: Python<'_>, limits: Limits, headers_only: bool) -> PyResult<Head> {
        self.compact();
        let lines = std::mem::take(&mut self.spare_lines);
        let mut parser = if headers_only {
            HeadParser::headers_only(0, lines)
        } else {
            HeadParser::with_lines(0, lines)
        };
        let mut eof = false;
        loop {
            let result = parser.parse(self.buf.get(..self.end).unwrap_or(&[]), limits, eof);
            match result {
                Ok(Status::Complete(head)) => return Ok(head),
                Ok(Status::Partial) if !eof => {
                    let want = Want::Line(limits.max_line.saturating_add(1));
                    eof = self.fill_when(py, want, Readiness::Unlikely)? == 0;
                }
                Ok(Status::Partial) => return Err(head_error(py, HeadError::NoResponse, &[])),
                Err(e) => {
                    let err = head_error(py, e, self.buf.get(..self.end).unwrap_or(&[]));
                    return Err(err);
                }
            }
        }
    }
}

impl Drop for Reader {
    /// A response dropped unclosed gives its io reference back, as `SocketIO.__del__`
    /// does, so that closing the connection then really closes the socket.
    fn drop(&mut self) {
        give_buffer(std::mem::take(&mut self.buf));
        if let Some(Source::Fd { sock, .. } | Source::Tls { sock }) = self.source.take() {
            Python::attach(|py| {
                let _ = release_socket(sock.bind(py));
            });
        }
    }
}

extern "C" {
    /// CPython's documented C-API function to resize a bytes object that has no other
    /// reference yet (pyo3-ffi keeps its declaration private).
    fn _PyBytes_Resize(
        bytes: *mut *mut pyo3::ffi::PyObject,
        newsize: pyo3::ffi::Py_ssize_t,
    ) -> std::os::raw::c_int;
}

/// A `bytes` object under construction (see `Reader::read_bytes`): owned by us alone
/// until `into_bytes`, freed if dropped before.
struct BytesBuf {
    obj: *mut pyo3::ffi::PyObject,
    /// Bytes written so far (the prefix that slices may cover).
    len: usize,
    /// Bytes allocated.
    cap: usize,
}

impl BytesBuf {
    /// A new bytes object of `cap` bytes, uninitialised: only the kernel or `write`
    /// fills it, and `slice` covers only what was filled.
    fn new(py: Python<'_>, cap: usize) -> PyResult<Self> {
        let size = isize::try_from(cap).map_err(|_| PyValueError::new_err("read too large"))?;
        // SAFETY: a NULL source asks CPython for an uninitialised bytes object of `size`
        // bytes, owned by us alone (refcount 1) and wrapped at once in a BytesBuf, which
        // frees it on every path unless `into_bytes` hands it over.
        let raw = unsafe { pyo3::ffi::PyBytes_FromStringAndSize(std::ptr::null(), size) };
        if raw.is_null() {
            return Err(PyErr::fetch(py));
        }
        Ok(BytesBuf {
            obj: raw,
            len: 0,
            cap,
        })
    }

    /// Copies `data` to offset `at` (`at` must not be past the initialised prefix).
    fn write(&mut self, at: usize, data: &[u8]) -> PyResult<()> {
        let end = at.saturating_add(data.len());
        if at > self.len || end > self.cap {
            return Err(PyRuntimeError::new_err("bytes buffer overrun"));
        }
        // SAFETY: `at..end` lies within the object's `cap` allocated bytes, which we own
        // alone; `data` is a different object, so the ranges cannot overlap.
        unsafe {
            let base = pyo3::ffi::PyBytes_AsString(self.obj).cast::<u8>();
            std::ptr::copy_nonoverlapping(data.as_ptr(), base.add(at), data.len());
        }
        self.len = self.len.max(end);
        Ok(())
    }

    /// A raw pointer to the storage at `from` (for the kernel to write up to `to`).
    fn spare(&mut self, from: usize, to: usize) -> PyResult<*mut u8> {
        if from > to || to > self.cap {
            return Err(PyRuntimeError::new_err("bytes buffer overrun"));
        }
        // SAFETY: `from` is within the `cap` allocated bytes of a live bytes object we
        // own; only pointer arithmetic happens here, no reference is made.
        Ok(unsafe { pyo3::ffi::PyBytes_AsString(self.obj).cast::<u8>().add(from) })
    }

    /// Records that the first `len` bytes are now written.
    fn set_initialised(&mut self, len: usize) {
        self.len = len.min(self.cap);
    }

    /// Zeroes bytes `from..to` (new room, so that slices over it are initialised).
    fn zero_from(&mut self, from: usize, to: usize) {
        let to = to.min(self.cap);
        if from >= to {
            return;
        }
        // SAFETY: `obj` is a live bytes object of `cap` >= `to` bytes that we own alone;
        // PyBytes_AsString points at its storage.
        unsafe {
            let base = pyo3::ffi::PyBytes_AsString(self.obj).cast::<u8>();
            std::ptr::write_bytes(base.add(from), 0, to.saturating_sub(from));
        }
        self.len = self.len.max(to);
    }

    /// The first `len` bytes, all initialised.
    fn slice(&mut self, len: usize) -> PyResult<&mut [u8]> {
        if len > self.len {
            return Err(PyRuntimeError::new_err("bytes buffer overrun"));
        }
        // SAFETY: `len` bytes of the object's storage were allocated and zeroed (or
        // written) earlier; we are its only owner, and the slice borrows `self`
        // mutably, so no resize can move the storage while it lives.
        Ok(unsafe {
            std::slice::from_raw_parts_mut(pyo3::ffi::PyBytes_AsString(self.obj).cast::<u8>(), len)
        })
    }

    /// Grows or shrinks the object to `len` bytes (contents kept up to the shorter).
    fn resize(&mut self, py: Python<'_>, len: usize) -> PyResult<()> {
        // SAFETY: _PyBytes_Resize needs a bytes object with refcount 1 that nobody else
        // references: ours. On failure it frees the object and sets the pointer to NULL.
        let rc = unsafe { _PyBytes_Resize(&mut self.obj, len as isize) };
        if rc != 0 {
            self.obj = std::ptr::null_mut();
            self.cap = 0;
            self.len = 0;
            return Err(PyErr::fetch(py));
        }
        self.len = self.len.min(len);
        self.cap = len;
        Ok(())
    }

    fn into_bytes(mut self, py: Python<'_>) -> Py<PyBytes> {
        let obj = std::mem::replace(&mut self.obj, std::ptr::null_mut());
        // SAFETY: `obj` is a complete bytes object whose one reference we own; it is
        // handed over to the Py that will release it.
        unsafe {
            Bound::from_owned_ptr(py, obj)
                .cast_into_unchecked::<PyBytes>()
                .unbind()
        }
    }
}

impl Drop for BytesBuf {
    fn drop(&mut self) {
        if !self.obj.is_null() {
            // SAFETY: our one reference to a bytes object not handed out; the GIL is held
            // wherever a BytesBuf lives (it never crosses a detach).
            unsafe { pyo3::ffi::Py_DecRef(self.obj) };
        }
    }
}

fn limits(max_line: usize, max_headers: usize, strict: bool) -> Limits {
    Limits {
        max_line,
        max_headers,
        strict,
    }
}

/// Converts http.client's `chunk_left` into a decoder state.
fn chunk_state(chunk_left: Option<u64>) -> ChunkState {
    match chunk_left {
        None => ChunkState::Size,
        Some(0) => ChunkState::DataEnd,
        Some(n) => ChunkState::Data(n),
    }
}

#[pymethods]
impl Reader {
    /// `SocketReader(obj, fd)`: with `fd`, `obj` is a plain socket whose io-ref count the
    /// caller raised (released by `close()`); with `tls`, an `ssl.SSLSocket` read with
    /// its `recv` (io-ref count likewise); else `obj` is a binary file object.
    #[new]
    #[pyo3(signature = (obj, fd=None, tls=false))]
    fn new(obj: Bound<'_, PyAny>, fd: Option<i32>, tls: bool) -> PyResult<Self> {
        let source = match fd {
            Some(fd) => Source::Fd {
                fd,
                sock: obj.unbind(),
            },
            None if tls => Source::Tls { sock: obj.unbind() },
            None => {
                let has_read1 = obj.hasattr("read1")?;
                Source::File {
                    file: obj.unbind(),
                    has_read1,
                }
            }
        };
        Ok(Reader::over(source))
    }

    #[getter]
    fn closed(&self) -> bool {
        self.source.is_none()
    }

    fn readable(&self) -> PyResult<bool> {
        self.source().map(|_| true)
    }

    fn seekable(&self) -> bool {
        false
    }

    fn writable(&self) -> bool {
        false
    }

    fn flush(&self) {}

    fn fileno(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self.source()? {
            Source::Fd { fd, .. } => Ok(fd.into_pyobject(py)?.into_any().unbind()),
            Source::Tls { sock } => Ok(sock.bind(py).call_method0("fileno")?.unbind()),
            Source::File { file, .. } => Ok(file.bind(py).call_method0("fileno")?.unbind()),
        }
    }

    /// Releases the socket (or closes the file); buffered bytes are discarded.
    fn close(&mut self, py: Python<'_>) -> PyResult<()> {
        give_buffer(std::mem::take(&mut self.buf));
        self.start = 0;
        self.end = 0;
        match self.source.take() {
            Some(Source::Fd { sock, .. } | Source::Tls { sock }) => release_socket(sock.bind(py))?,
            Some(Source::File { file, .. }) => {
                file.bind(py).call_method0("close")?;
            }
            None => {}
        }
        Ok(())
    }

    /// True once a chunked body was refused as malformed.
    #[getter]
    fn framing_error(&self) -> bool {
        self.framing_error
    }

    /// Bytes already buffered (for the keep-alive check after a response).
    fn buffered_len(&self) -> usize {
        self.buffered().len()
    }

    #[pyo3(signature = (size=-1))]
    fn read<'py>(&mut self, py: Python<'py>, size: Option<isize>) -> PyResult<Bound<'py, PyAny>> {
        self.source()?;
        if let Some(file) = self.passthrough(py) {
            return file.bind(py).call_method1("read", (size,));
        }
        let size = size.filter(|&s| s >= 0).map(|s| s.unsigned_abs());
        if let Some(n) = size {
            if n <= self.buffered().len() {
                let out = PyBytes::new(py, self.buffered().get(..n).unwrap_or(&[]));
                self.consume(n);
                return Ok(out.into_any());
            }
        }
        Ok(self
            .read_bytes(py, size.unwrap_or(usize::MAX))?
            .into_bound(py)
            .into_any())
    }

    #[pyo3(signature = (size=-1))]
    fn read1<'py>(&mut self, py: Python<'py>, size: Option<isize>) -> PyResult<Bound<'py, PyAny>> {
        self.source()?;
        if let Some(file) = self.passthrough(py) {
            let file = file.bind(py);
            return file.call_method1(method_or(file, "read1", "read")?, (size.unwrap_or(-1),));
        }
        let size = size
            .filter(|&s| s >= 0)
            .map_or(usize::MAX, |s| s.unsigned_abs());
        if size == 0 {
            return Ok(PyBytes::new(py, b"").into_any());
        }
        if self.buffered().is_empty() {
            self.fill(py, Want::Any)?;
        }
        let n = size.min(self.buffered().len());
        let out = PyBytes::new(py, self.buffered().get(..n).unwrap_or(&[]));
        self.consume(n);
        Ok(out.into_any())
    }

    fn readinto(&mut self, py: Python<'_>, b: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.source()?;
        if let Some(file) = self.passthrough(py) {
            return Ok(file.bind(py).call_method1("readinto", (b,))?.unbind());
        }
        let n = with_writable(b, |out| self.read_into_slice(py, out))?;
        Ok(n.into_pyobject(py)?.into_any().unbind())
    }

    fn readinto1(&mut self, py: Python<'_>, b: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.source()?;
        if let Some(file) = self.passthrough(py) {
            let file = file.bind(py);
            return Ok(file
                .call_method1(method_or(file, "readinto1", "readinto")?, (b,))?
                .unbind());
        }
        let n = with_writable(b, |out| {
            if out.is_empty() {
                return Ok(0);
            }
            if self.buffered().is_empty() {
                self.fill(py, Want::Any)?;
            }
            let n = out.len().min(self.buffered().len());
            if let Some(dst) = out.get_mut(..n) {
                dst.copy_from_slice(self.buffered().get(..n).unwrap_or(&[]));
            }
            self.consume(n);
            Ok(n)
        })?;
        Ok(n.into_pyobject(py)?.into_any().unbind())
    }

    #[pyo3(signature = (size=-1))]
    fn readline<'py>(
        &mut self,
        py: Python<'py>,
        size: Option<isize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.source()?;
        if let Some(file) = self.passthrough(py) {
            return file
                .bind(py)
                .call_method1("readline", (size.unwrap_or(-1),));
        }
        let limit = size
            .filter(|&s| s >= 0)
            .map_or(usize::MAX, |s| s.unsigned_abs());
        let mut scanned = 0usize;
        loop {
            let avail = self.buffered();
            let window = avail.get(..avail.len().min(limit)).unwrap_or(avail);
            if let Some(i) = window.iter().skip(scanned).position(|&b| b == b'\n') {
                let n = scanned + i + 1;
                let out = PyBytes::new(py, avail.get(..n).unwrap_or(&[]));
                self.consume(n);
                return Ok(out.into_any());
            }
            if window.len() >= limit {
                let out = PyBytes::new(py, window);
                let n = window.len();
                self.consume(n);
                return Ok(out.into_any());
            }
            scanned = window.len();
            // The partial line stays in the buffer while more is read.
            let want = Want::Line(limit.saturating_sub(scanned).min(READ_SIZE));
            if self.fill(py, want)? == 0 {
                let avail = self.buffered();
                let out = PyBytes::new(py, avail);
                let n = avail.len();
                self.consume(n);
                return Ok(out.into_any());
            }
        }
    }

    #[pyo3(signature = (size=0))]
    fn peek<'py>(&mut self, py: Python<'py>, size: isize) -> PyResult<Bound<'py, PyAny>> {
        self.source()?;
        if let Some(file) = self.passthrough(py) {
            let file = file.bind(py);
            if file.hasattr("peek")? {
                return file.call_method1("peek", (size,));
            }
            return Ok(PyBytes::new(py, b"").into_any());
        }
        if self.buffered().is_empty() {
            self.fill(py, Want::Any)?;
        }
        Ok(PyBytes::new(py, self.buffered()).into_any())
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let line = self.readline(py, None)?;
        Ok(if line.is_truthy()? { Some(line) } else { None })
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __exit__(
        &mut self,
        py: Python<'_>,
        _a: Py<PyAny>,
        _b: Py<PyAny>,
        _c: Py<PyAny>,
    ) -> PyResult<()> {
        self.close(py)
    }

    /// Reads the next final response head, skipping interim (1xx but 101) responses.
    /// Returns `(version, status, reason, msg, raw, framing, will_close)`: `msg` is the
    /// `HTTPMessage`, or `None` with `raw` the header block for `email.parser`;
    /// `framing` is `(chunked, length)` as `begin()` derives it, or the exception to
    /// raise for framing that is refused; `will_close` is `_check_close()`.
    #[pyo3(signature = (max_line, max_headers, strict=false, head_request=false))]
    fn read_response_head<'py>(
        &mut self,
        py: Python<'py>,
        max_line: usize,
        max_headers: usize,
        strict: bool,
        head_request: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let Some(head) = self.final_head(
            py,
            limits(max_line, max_headers, strict),
            head_request,
            false,
        )?
        else {
            return Err(PyRuntimeError::new_err("head left unread"));
        };
        let framing: Bound<'py, PyAny> = match head.framing {
            Ok((chunked, length)) => (chunked, length).into_pyobject(py)?.into_any(),
            Err(e) => e.into_value(py).into_bound(py).into_any(),
        };
        PyTuple::new(
            py,
            [
                head.version,
                head.status.into_pyobject(py)?.into_any(),
                head.reason,
                head.msg,
                head.raw,
                framing,
                head.will_close.into_pyobject(py)?.to_owned().into_any(),
            ],
        )
    }

    /// Reads a header block (http.client's `parse_headers`): `(fields, raw)` as above.
    #[pyo3(signature = (max_line, max_headers, strict=false))]
    fn read_header_block<'py>(
        &mut self,
        py: Python<'py>,
        max_line: usize,
        max_headers: usize,
        strict: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.source()?;
        let head = self.parse_head(py, limits(max_line, max_headers, strict), true)?;
        let buf = self.buf.get(..self.end).unwrap_or(&[]);
        let parsed = fields(py, buf, &head.lines, &mut FramingFields::default())?;
        let out = match parsed {
            Some(list) => PyTuple::new(py, [message(py, list)?, py.None().into_bound(py)])?,
            None => PyTuple::new(
                py,
                [
                    py.None().into_bound(py),
                    raw_lines(py, buf, &head.lines, head.end).into_any(),
                ],
            )?,
        };
        self.consume(head.end);
        self.spare_lines = head.lines;
        Ok(out)
    }

    /// http.client's `_safe_read`: exactly `amt` bytes, or `IncompleteRead(partial, missing)`.
    fn read_exact<'py>(&mut self, py: Python<'py>, amt: usize) -> PyResult<Bound<'py, PyBytes>> {
        self.source()?;
        let out: Bound<'py, PyBytes> = if let Some(file) = self.passthrough(py) {
            // One read(amt) on the file, as http.client's _safe_read does.
            let data = file.bind(py).call_method1("read", (amt,))?;
            PyBytes::new(py, data.extract::<&[u8]>()?)
        } else {
            self.read_bytes(py, amt)?.into_bound(py)
        };
        let got = out.as_bytes().len();
        if got < amt {
            return Err(raise(py, |e| &e.incomplete_read, (out.unbind(), amt - got)));
        }
        Ok(out)
    }

    /// `read_exact(amt)`, then `close()`: the whole of a body of known length, and
    /// whether nothing followed it in the buffer (`(data, clean)`). On error the reader
    /// stays open, as after `read_exact`.
    fn read_body_and_close<'py>(
        &mut self,
        py: Python<'py>,
        amt: usize,
    ) -> PyResult<(Bound<'py, PyBytes>, bool)> {
        let out = self.read_exact(py, amt)?;
        let clean = self.buffered().is_empty();
        self.close(py)?;
        Ok((out, clean))
    }

    /// Decodes chunked body bytes: `amt` of them (`None`: to the end; `0`: only advance
    /// to the next chunk data). Takes and returns http.client's `chunk_left`; returns
    /// `(data, chunk_left, done)`. On error the `IncompleteRead` carries the data of the
    /// chunks completed in this call, as http.client's does.
    #[pyo3(signature = (chunk_left, amt, max_line, strict=false))]
    fn read_chunked<'py>(
        &mut self,
        py: Python<'py>,
        chunk_left: Option<u64>,
        amt: Option<usize>,
        max_line: usize,
        strict: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.source()?;
        let mut dec = ChunkedDecoder::new(chunk_state(chunk_left), max_line, strict);
        let mut out: Vec<u8> = Vec::new();
        let mut committed = 0usize;
        let mut eof = false;
        loop {
            let input = self.buf.get(self.start..self.end).unwrap_or(&[]);
            let want = amt.map_or(usize::MAX, |n| n.saturating_sub(out.len()));
            let used = match decode_into(&mut dec, input, eof, &mut out, want, &mut committed) {
                Ok(used) => used,
                Err(e) => {
                    self.framing_error = !matches!(e, ChunkError::Eof);
                    return Err(chunk_error(py, e, out.get(..committed).unwrap_or(&[])));
                }
            };
            self.consume(used);
            let satisfied = match amt {
                Some(0) => matches!(dec.state, ChunkState::Data(_)),
                Some(n) => out.len() >= n,
                None => false,
            };
            if dec.state == ChunkState::Done || satisfied {
                break;
            }
            if eof {
                return Err(chunk_error(
                    py,
                    ChunkError::Eof,
                    out.get(..committed).unwrap_or(&[]),
                ));
            }
            let have = self.buffered().len();
            let next = match dec.state {
                ChunkState::Size | ChunkState::Trailers => Want::Line(max_line.saturating_add(1)),
                ChunkState::Data(n) => {
                    let left = amt.map_or(usize::MAX, |a| a.saturating_sub(out.len()));
                    Want::Bytes(
                        usize::try_from(n)
                            .unwrap_or(usize::MAX)
                            .min(left)
                            .min(READ_SIZE),
                    )
                }
                ChunkState::DataEnd => Want::Bytes(2usize.saturating_sub(have).max(1)),
                ChunkState::Done => Want::Any,
            };
            eof = self.fill(py, next)? == 0;
        }
        let (left, done): (Option<u64>, bool) = match dec.state {
            ChunkState::Size => (None, false),
            ChunkState::Data(n) => (Some(n), false),
            ChunkState::DataEnd => (Some(0), false),
            ChunkState::Trailers | ChunkState::Done => (None, true),
        };
        PyTuple::new(
            py,
            [
                PyBytes::new(py, &out).into_any(),
                left.into_pyobject(py)?.into_any(),
                done.into_pyobject(py)?.to_owned().into_any(),
            ],
        )
    }
}

/// `HTTPResponse(sock, method=method)` followed by `begin()`, in one call, for the
/// plain case: a `socket.socket` read through its fd (or an `ssl.SSLSocket` through
/// its `recv`, with `tls`), the class's own `__init__` and
/// `begin`. The instance gets exactly the attributes those two would set, in the same
/// order. A head that needs the rest of `begin()` (see `Reader::final_head`) is left
/// to it. On error the response is closed (as `getresponse()` closes it) and the
/// exception raised. `None` when the socket is closed: the caller takes the long way.
#[pyfunction]
#[pyo3(signature = (cls, sock, method, strict, max_line, max_headers, unknown, tls=false))]
#[allow(clippy::too_many_arguments)]
fn new_response<'py>(
    py: Python<'py>,
    cls: &Bound<'py, PyAny>,
    sock: &Bound<'py, PyAny>,
    method: &Bound<'py, PyAny>,
    strict: bool,
    max_line: usize,
    max_headers: usize,
    unknown: &Bound<'py, PyAny>,
    tls: bool,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let fd: i32 = sock.call_method0(intern!(py, "fileno"))?.extract()?;
    if fd < 0 {
        return Ok(None);
    }
    let source = if tls {
        Source::Tls {
            sock: sock.clone().unbind(),
        }
    } else {
        Source::Fd {
            fd,
            sock: sock.clone().unbind(),
        }
    };
    // _make_reader(): the reader holds an io reference on the socket.
    let refs: isize = sock.getattr(intern!(py, "_io_refs"))?.extract()?;
    sock.setattr(intern!(py, "_io_refs"), refs + 1)?;
    let reader = Bound::new(py, Reader::over(source))?;
    let head_request = method.eq(intern!(py, "HEAD"))?;
    let head = reader.borrow_mut().final_head(
        py,
        limits(max_line, max_headers, strict),
        head_request,
        true,
    );
    let head = match head {
        Ok(head) => head,
        Err(e) => {
            // What closing the response would do: the reader lets go of the socket.
            reader.borrow_mut().close(py)?;
            return Err(e);
        }
    };
    let response = cls.call_method1(intern!(py, "__new__"), (cls,))?;
    let d = response
        .getattr(intern!(py, "__dict__"))?
        .cast_into::<PyDict>()?;
    // The attributes __init__ sets, in its order, with the values begin() leaves.
    d.set_item(intern!(py, "fp"), &reader)?;
    d.set_item(intern!(py, "debuglevel"), 0)?;
    d.set_item(intern!(py, "strict"), strict)?;
    d.set_item(intern!(py, "_method"), method)?;
    let Some(head) = head else {
        // A head that needs the rest of begin(): __init__'s state, then begin().
        for key in [intern!(py, "headers"), intern!(py, "msg")] {
            d.set_item(key, py.None())?;
        }
        for key in [
            intern!(py, "version"),
            intern!(py, "status"),
            intern!(py, "reason"),
            intern!(py, "chunked"),
            intern!(py, "chunk_left"),
            intern!(py, "length"),
            intern!(py, "will_close"),
        ] {
            d.set_item(key, unknown)?;
        }
        if let Err(e) = response.call_method0(intern!(py, "begin")) {
            let _ = response.call_method0(intern!(py, "close"));
            return Err(e);
        }
        return Ok(Some(response));
    };
    let (chunked, length) = head.framing.unwrap_or((false, None));
    let will_close = head.will_close || (!chunked && length.is_none());
    d.set_item(intern!(py, "headers"), &head.msg)?;
    d.set_item(intern!(py, "msg"), &head.msg)?;
    d.set_item(intern!(py, "version"), head.version_code.unwrap_or(11))?;
    d.set_item(intern!(py, "status"), head.status)?;
    d.set_item(intern!(py, "reason"), &head.reason)?;
    d.set_item(intern!(py, "chunked"), chunked)?;
    if chunked {
        d.set_item(intern!(py, "chunk_left"), py.None())?;
    } else {
        d.set_item(intern!(py, "chunk_left"), unknown)?;
    }
    d.set_item(intern!(py, "length"), length)?;
    d.set_item(intern!(py, "will_close"), will_close)?;
    d.set_item(intern!(py, "code"), head.status)?;
    Ok(Some(response))
}

/// `preferred` when the file has that method (the `*1` variants), else `fallback`.
fn method_or(
    file: &Bound<'_, PyAny>,
    preferred: &'static str,
    fallback: &'static str,
) -> PyResult<&'static str> {
    Ok(if file.hasattr(preferred)? {
        preferred
    } else {
        fallback
    })
}

/// Runs `f` over the writable bytes of a buffer-protocol object.
fn with_writable<F>(b: &Bound<'_, PyAny>, f: F) -> PyResult<usize>
where
    F: FnOnce(&mut [u8]) -> PyResult<usize>,
{
    let buffer = PyBuffer::<u8>::get(b)?;
    if buffer.readonly() || !buffer.is_c_contiguous() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "readinto() argument must be a writable contiguous buffer",
        ));
    }
    let len = buffer.len_bytes();
    let ptr = buffer.buf_ptr() as *mut u8;
    // SAFETY: the buffer is writable, C-contiguous, `len` bytes long and stays exported
    // (so it cannot be resized or freed) until `buffer` drops after `f` returns. As with
    // `socket.recv_into`, the caller must not touch it from another thread meanwhile.
    let out = unsafe { std::slice::from_raw_parts_mut(ptr, len) };
    let n = f(out)?;
    drop(buffer);
    Ok(n)
}

/// Encodes a header name or value as http.client's `putheader` does, or `None` when
/// the slow path must handle it (it then raises the stdlib's exact exception).
fn header_bytes(obj: &Bound<'_, PyAny>, is_name: bool, out: &mut Vec<u8>) -> PyResult<bool> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str()?;
        if text.is_ascii() {
            out.extend_from_slice(text.as_bytes());
            return Ok(true);
        }
        if is_name {
            return Ok(false);
        }
        for c in text.chars() {
            match u8::try_from(u32::from(c)) {
                Ok(b) => out.push(b),
                Err(_) => return Ok(false),
            }
        }
        return Ok(true);
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        out.extend_from_slice(b.as_bytes());
        return Ok(true);
    }
    if !is_name && obj.is_instance_of::<pyo3::types::PyInt>() {
        out.extend_from_slice(obj.str()?.to_str()?.as_bytes());
        return Ok(true);
    }
    Ok(false)
}

/// The whole request head in one call: `method target version`, then `fields` (a list
/// of `(name, value)`), then the blank line. Returns `None` when any part needs the
/// slow path (non-ASCII, unusual types, anything http.client would refuse), so the
/// exact stdlib exception is raised there before a byte is sent.
#[pyfunction]
fn encode_request_head<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    target: &Bound<'py, PyAny>,
    version: &str,
    fields: &Bound<'py, PyList>,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let (Ok(method), Ok(target)) = (method.cast::<PyString>(), target.cast::<PyString>()) else {
        return Ok(None);
    };
    let (method, target) = (method.to_str()?, target.to_str()?);
    if !method.is_ascii() || !target.is_ascii() {
        return Ok(None);
    }
    let mut storage: Vec<u8> = Vec::with_capacity(256);
    let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(fields.len());
    for item in fields.iter() {
        let pair = item.cast::<PyTuple>()?;
        let name_start = storage.len();
        if !header_bytes(&pair.get_item(0)?, true, &mut storage)? {
            return Ok(None);
        }
        let value_start = storage.len();
        if !header_bytes(&pair.get_item(1)?, false, &mut storage)? {
            return Ok(None);
        }
        spans.push((name_start, value_start, storage.len()));
    }
    let pairs = spans.iter().map(|&(a, b, c)| {
        (
            storage.get(a..b).unwrap_or(&[]),
            storage.get(b..c).unwrap_or(&[]),
        )
    });
    let mut out = Vec::with_capacity(storage.len() + 64 + spans.len() * 4);
    match write_head(
        &mut out,
        method.as_bytes(),
        target.as_bytes(),
        version.as_bytes(),
        pairs,
    ) {
        Ok(()) => Ok(Some(PyBytes::new(py, &out))),
        Err(_) => Ok(None),
    }
}

/// `sock.sendall(head + body)` on a plain socket's fd without joining the two: one
/// `sendmsg` carries both when the kernel takes them, the GIL released throughout.
#[pyfunction]
#[pyo3(signature = (sock, head, body=None))]
fn send_all(
    py: Python<'_>,
    sock: &Bound<'_, PyAny>,
    head: &[u8],
    body: Option<&[u8]>,
) -> PyResult<()> {
    match body {
        Some(body) => send_all_fd(py, sock, &[head, body]),
        None => send_all_fd(py, sock, &[head]),
    }
}

/// Whether bytes are waiting on a plain socket before a request is sent on it: the
/// server sent more than the previous response's framing said (one `recv` with
/// `MSG_PEEK | MSG_DONTWAIT`; end of stream counts as no bytes, as it does for the
/// stdlib, which finds out when it reads the next response).
#[pyfunction]
fn bytes_pending(sock: &Bound<'_, PyAny>) -> PyResult<bool> {
    let fd: i32 = sock.call_method0("fileno")?.extract()?;
    if fd < 0 {
        return Ok(false);
    }
    let mut byte = [0u8; 1];
    // SAFETY: `byte` is a valid, writable one-byte buffer for the duration of the call;
    // MSG_DONTWAIT makes the call return at once, so the GIL is held only briefly.
    let n = unsafe {
        libc::recv(
            fd,
            byte.as_mut_ptr().cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    Ok(n > 0)
}

/// The framing of a response that has a body, from its `Transfer-Encoding` and
/// `Content-Length` values: `(chunked, length)`, `length` `None` for read-until-close.
/// Framing that enables smuggling raises `InvalidResponse`; a transfer coding other than
/// `chunked` raises `UnknownTransferEncoding`.
#[pyfunction]
fn body_framing(
    py: Python<'_>,
    transfer_encoding: Vec<String>,
    content_length: Vec<String>,
) -> PyResult<(bool, Option<u64>)> {
    let te = transfer_encoding.iter().map(|s| s.as_bytes());
    let cl = content_length.iter().map(|s| s.as_bytes());
    match body_length(te, cl) {
        Ok(BodyLength::Chunked) => Ok((true, None)),
        Ok(BodyLength::Length(n)) => Ok((false, Some(n))),
        Ok(BodyLength::UntilClose) => Ok((false, None)),
        Err(e) => Err(framing_exception(
            py,
            e,
            &transfer_encoding.join(", "),
            &content_length.join(", "),
        )),
    }
}

/// The exception for refused framing headers, with their values in the message.
fn framing_exception(py: Python<'_>, e: FramingError, te: &str, cl: &str) -> PyErr {
    match e {
        FramingError::UnsupportedTransferEncoding => raise(
            py,
            |e| &e.unknown_transfer_encoding,
            (format!("unsupported Transfer-Encoding {te:?}: only a single 'chunked' is framing this client can read"),),
        ),
        FramingError::TransferEncodingWithContentLength => raise(
            py,
            |e| &e.invalid_response,
            ("Transfer-Encoding and Content-Length together (RFC 9112 6.3: a response smuggling attempt)",),
        ),
        FramingError::ConflictingContentLength => raise(
            py,
            |e| &e.invalid_response,
            (format!("conflicting Content-Length values {cl:?}"),),
        ),
        FramingError::InvalidContentLength => raise(
            py,
            |e| &e.invalid_response,
            (format!("invalid Content-Length {cl:?}"),),
        ),
    }
}

/// [`framing_exception`] for the fields of a parsed head.
fn framing_error(
    py: Python<'_>,
    e: FramingError,
    buf: &[u8],
    lines: &[core::ops::Range<usize>],
) -> PyErr {
    let mut te: Vec<String> = Vec::new();
    let mut cl: Vec<String> = Vec::new();
    for r in lines {
        let line = buf.get(r.clone()).unwrap_or(&[]);
        if let Some((n, v)) = split_field(line) {
            let value: String = line
                .get(v)
                .unwrap_or(&[])
                .iter()
                .map(|&b| char::from(b))
                .collect();
            let name = line.get(n).unwrap_or(&[]);
            if name.eq_ignore_ascii_case(b"transfer-encoding") {
                te.push(value);
            } else if name.eq_ignore_ascii_case(b"content-length") {
                cl.push(value);
            }
        }
    }
    framing_exception(py, e, &te.join(", "), &cl.join(", "))
}

/// The checks the fast path makes on a head, for the Python path's lines: raises
/// `BadStatusLine` (strict status line) or `InvalidResponse` (header lines).
#[pyfunction]
#[pyo3(signature = (status_line, header_lines, strict=false))]
fn check_head_lines(
    py: Python<'_>,
    status_line: Option<&[u8]>,
    header_lines: Vec<Vec<u8>>,
    strict: bool,
) -> PyResult<()> {
    if let Some(line) = status_line {
        if strict && !rules::status_line_is_strict(line) {
            return Err(head_error(
                py,
                HeadError::BadStatusLine(0..line.len()),
                line,
            ));
        }
    }
    for line in &header_lines {
        if !rules::head_line_is_valid(line, strict) {
            // An empty range (an empty line at end of input) reads "cut short".
            return Err(head_error(
                py,
                HeadError::InvalidHeaderLine(0..line.len()),
                line,
            ));
        }
    }
    Ok(())
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Reader>()?;
    m.add_function(wrap_pyfunction!(_set_exceptions, m)?)?;
    m.add_function(wrap_pyfunction!(_set_message_template, m)?)?;
    m.add_function(wrap_pyfunction!(new_response, m)?)?;
    m.add_function(wrap_pyfunction!(encode_request_head, m)?)?;
    m.add_function(wrap_pyfunction!(send_all, m)?)?;
    m.add_function(wrap_pyfunction!(body_framing, m)?)?;
    m.add_function(wrap_pyfunction!(bytes_pending, m)?)?;
    m.add_function(wrap_pyfunction!(check_head_lines, m)?)?;
    m.add("MAX_INTERIM_RESPONSES", MAX_INTERIM_RESPONSES)?;
    Ok(())
}
