//! Moving bytes: a plain socket's fd through syscalls with the GIL released, or any
//! Python file object (TLS sockets' `makefile()`, test doubles) through its methods.
//!
//! The fd path behaves like a Python socket: the socket's current `gettimeout()` is
//! honoured per call with `poll` (a socket with a timeout is non-blocking at the OS
//! level), the deadline covers the whole call as in `socket.sendall`, `EINTR` re-enters
//! the interpreter to run signal handlers (so Ctrl-C raises `KeyboardInterrupt`), and
//! errors are the same `OSError` subclasses with the same errno.

use std::os::fd::RawFd;
use std::time::{Duration, Instant};

use pyo3::exceptions::{PyOSError, PyTimeoutError};
use pyo3::intern;
use pyo3::prelude::*;

/// Where a reader's bytes come from.
pub enum Source {
    /// A plain `socket.socket`: its fd, and the socket to ask for its timeout and to
    /// release (`_decref_socketios`) on close, like `SocketIO` does.
    Fd { fd: RawFd, sock: Py<PyAny> },
    /// Any binary file object; `read1` is used when it has one (a `BufferedReader`'s
    /// `read(n)` would block for `n` bytes on a kept-alive socket).
    File { file: Py<PyAny>, has_read1: bool },
    /// An `ssl.SSLSocket` (exactly that class), read with its own `recv` (which keeps
    /// its timeout, ragged-EOF and signal rules) instead of through `makefile()`; its
    /// io-ref count is raised and released as for `Fd`.
    Tls { sock: Py<PyAny> },
}

/// The socket's timeout: `None` blocks, `Some(0)` is non-blocking, else a deadline.
fn socket_timeout(py: Python<'_>, sock: &Py<PyAny>) -> PyResult<Option<Duration>> {
    let t = sock.bind(py).call_method0(intern!(py, "gettimeout"))?;
    if t.is_none() {
        return Ok(None);
    }
    let secs: f64 = t.extract()?;
    Ok(Some(Duration::from_secs_f64(secs.max(0.0))))
}

fn os_error(errno: i32) -> PyErr {
    let msg = std::io::Error::from_raw_os_error(errno).to_string();
    // Python's messages are strerror() without the " (os error N)" suffix.
    let msg = match msg.rfind(" (os error") {
        Some(i) => msg.get(..i).unwrap_or(&msg).to_owned(),
        None => msg,
    };
    // OSError(errno, msg) picks the subclass (ConnectionResetError, ...) from errno.
    PyOSError::new_err((errno, msg))
}

/// `socket.timeout("timed out")`, what a Python socket raises: `TimeoutError` itself from
/// 3.10 on, its own `OSError` subclass on 3.9 (which urllib3 and requests catch).
fn timed_out(py: Python<'_>) -> PyErr {
    match py.import("socket").and_then(|m| m.getattr("timeout")) {
        Ok(cls) => match cls.cast_into::<pyo3::types::PyType>() {
            Ok(cls) => PyErr::from_type(cls, "timed out"),
            Err(_) => PyTimeoutError::new_err("timed out"),
        },
        Err(_) => PyTimeoutError::new_err("timed out"),
    }
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

enum Wait {
    Ready,
    TimedOut,
    Interrupted,
}

/// Waits for `events` on `fd` until `deadline` (GIL already released by the caller).
fn poll_fd(fd: RawFd, events: libc::c_short, deadline: Instant) -> Result<Wait, i32> {
    let left = deadline.saturating_duration_since(Instant::now());
    // Round up so that a 0.5 ms timeout still waits rather than spinning.
    let ms = i32::try_from(left.as_micros().div_ceil(1000)).unwrap_or(i32::MAX);
    let mut pfd = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: `pfd` is a valid, initialised pollfd that lives across the call, and the
    // count passed is 1, the number of entries it points to.
    let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
    match rc {
        0 => Ok(Wait::TimedOut),
        r if r > 0 => Ok(Wait::Ready),
        _ => match last_errno() {
            libc::EINTR => Ok(Wait::Interrupted),
            e => Err(e),
        },
    }
}

/// Outcome of one attempt made with the GIL released.
enum Attempt {
    Done(usize),
    Interrupted,
    TimedOut,
    Failed(i32),
}

/// Whether a socket call first tries the syscall without waiting.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Readiness {
    /// Bytes are probably there (body reads, sends into a socket buffer with room):
    /// try at once, wait only on `EAGAIN`. Saves the `poll` that CPython always makes.
    Likely,
    /// Probably not yet (a response head right after its request): wait first.
    Unlikely,
}

impl Readiness {
    /// For the recv after one that got `got` of `room` bytes: one that left room
    /// drained the socket, so the next waits first.
    pub fn after_recv(got: usize, room: usize) -> Self {
        if got < room {
            Readiness::Unlikely
        } else {
            Readiness::Likely
        }
    }
}

/// Transfers up to this size are tried once with the GIL held (a non-blocking syscall
/// over a few pages costs less than releasing and taking back the GIL); larger ones,
/// and every wait, run with the GIL released.
const HOLD_GIL_MAX: usize = 64 * 1024;

/// Runs `op` (one syscall returning bytes done or -1; it gets extra `flags` to pass)
/// the way CPython's `sock_call_ex` does: wait with poll when the socket has a timeout,
/// retry after EINTR once signal handlers ran, raise `TimeoutError("timed out")` past
/// the deadline. With `Readiness::Likely` the first attempt is made without waiting,
/// with `MSG_DONTWAIT` (so it never blocks, whatever the socket's mode).
fn sock_call<F>(
    py: Python<'_>,
    fd: RawFd,
    timeout: Option<Duration>,
    events: libc::c_short,
    readiness: Readiness,
    len: usize,
    mut op: F,
) -> PyResult<usize>
where
    F: FnMut(libc::c_int) -> isize + Send,
{
    let deadline = timeout.filter(|t| !t.is_zero()).map(|t| Instant::now() + t);
    let mut try_first = readiness == Readiness::Likely;
    if try_first && len <= HOLD_GIL_MAX {
        try_first = false;
        let n = op(libc::MSG_DONTWAIT);
        if n >= 0 {
            py.check_signals()?;
            return Ok(n.unsigned_abs());
        }
        match last_errno() {
            libc::EAGAIN | libc::EINTR => py.check_signals()?,
            // A non-blocking socket (timeout 0) raises BlockingIOError at once.
            e => return Err(os_error(e)),
        }
        if timeout.is_some_and(|t| t.is_zero()) {
            return Err(os_error(libc::EAGAIN));
        }
    }
    loop {
        let first = std::mem::replace(&mut try_first, false);
        let attempt = py.detach(|| {
            if let (Some(deadline), false) = (deadline, first) {
                match poll_fd(fd, events, deadline) {
                    Ok(Wait::Ready) => {}
                    Ok(Wait::TimedOut) => return Attempt::TimedOut,
                    Ok(Wait::Interrupted) => return Attempt::Interrupted,
                    Err(e) => return Attempt::Failed(e),
                }
            }
            let n = op(if first { libc::MSG_DONTWAIT } else { 0 });
            if n >= 0 {
                return Attempt::Done(n.unsigned_abs());
            }
            match last_errno() {
                libc::EINTR => Attempt::Interrupted,
                // Not ready (or readiness was spurious): wait while time is left.
                libc::EAGAIN if deadline.is_some() || (first && timeout.is_none()) => {
                    Attempt::Done(usize::MAX)
                }
                e => Attempt::Failed(e),
            }
        });
        match attempt {
            Attempt::Done(usize::MAX) => continue,
            Attempt::Done(n) => {
                // A blocking send/recv interrupted after moving some bytes returns the
                // count, not EINTR; run the handlers now (as CPython's sendall does)
                // so Ctrl-C is not held until the next EINTR.
                py.check_signals()?;
                return Ok(n);
            }
            Attempt::Interrupted => py.check_signals()?,
            Attempt::TimedOut => return Err(timed_out(py)),
            Attempt::Failed(e) => return Err(os_error(e)),
        }
    }
}

/// One `recv` into `buf`; 0 means end of stream.
pub fn recv_fd(
    py: Python<'_>,
    fd: RawFd,
    sock: &Py<PyAny>,
    buf: &mut [u8],
    readiness: Readiness,
) -> PyResult<usize> {
    // SAFETY: `buf` is exclusively borrowed for the whole call: its `len` bytes are ours
    // to write, and nobody reads them meanwhile.
    unsafe { recv_fd_raw(py, fd, sock, buf.as_mut_ptr(), buf.len(), readiness) }
}

/// One `recv` into `len` bytes at `ptr`, which may be uninitialised; 0 means end of
/// stream. Nothing here makes a Rust reference to that memory: only the kernel writes it.
///
/// # Safety
/// `ptr..ptr+len` must be writable memory that nothing else reads or writes during
/// the call.
pub unsafe fn recv_fd_raw(
    py: Python<'_>,
    fd: RawFd,
    sock: &Py<PyAny>,
    ptr: *mut u8,
    len: usize,
    readiness: Readiness,
) -> PyResult<usize> {
    if len == 0 {
        return Ok(0);
    }
    let timeout = socket_timeout(py, sock)?;
    let ptr = ptr as usize;
    sock_call(
        py,
        fd,
        timeout,
        libc::POLLIN,
        readiness,
        len,
        move |flags| {
            // SAFETY: by this function's contract `ptr..ptr+len` is ours to write for the
            // whole call; the kernel writes at most `len` bytes there.
            unsafe { libc::recv(fd, ptr as *mut libc::c_void, len, flags) }
        },
    )
}

/// Writes all of `parts` in order (one `writev`/`sendmsg` per attempt: the head and a
/// bytes body leave in one segment when they fit), with `sendall`'s total deadline.
pub fn send_all_fd(py: Python<'_>, sock: &Bound<'_, PyAny>, parts: &[&[u8]]) -> PyResult<()> {
    let fd: RawFd = sock.call_method0(intern!(py, "fileno"))?.extract()?;
    if fd < 0 {
        return Err(os_error(libc::EBADF));
    }
    let timeout = socket_timeout(py, &sock.clone().unbind())?;
    let deadline = timeout.filter(|t| !t.is_zero()).map(|t| Instant::now() + t);
    let mut index = 0usize;
    let mut offset = 0usize;
    while index < parts.len() {
        let remaining: Vec<(usize, usize)> = parts
            .iter()
            .skip(index)
            .enumerate()
            .map(|(i, p)| {
                let skip = if i == 0 { offset } else { 0 };
                let s = p.get(skip..).unwrap_or(&[]);
                (s.as_ptr() as usize, s.len())
            })
            .filter(|&(_, len)| len > 0)
            .collect();
        if remaining.is_empty() {
            break;
        }
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if left.is_some_and(|l| l.is_zero()) {
            return Err(timed_out(py));
        }
        let total: usize = remaining.iter().map(|&(_, len)| len).sum();
        let sent = sock_call(
            py,
            fd,
            left.or(timeout),
            libc::POLLOUT,
            Readiness::Likely,
            total,
            |flags| {
                let iov: Vec<libc::iovec> = remaining
                    .iter()
                    .map(|&(p, l)| libc::iovec {
                        iov_base: p as *mut libc::c_void,
                        iov_len: l,
                    })
                    .collect();
                // SAFETY: a zeroed msghdr is valid (null name, no control data).
                let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
                msg.msg_iov = iov.as_ptr() as *mut libc::iovec;
                msg.msg_iovlen = iov.len().min(libc::UIO_MAXIOV as usize) as _;
                // SAFETY: every iovec points into a slice of `parts`, borrowed for the whole
                // call and only read by the kernel; `iov` outlives the syscall.
                // MSG_NOSIGNAL: a peer that closed gives EPIPE, not a process-killing SIGPIPE.
                unsafe { libc::sendmsg(fd, &msg, libc::MSG_NOSIGNAL | flags) }
            },
        )?;
        // Advance over what was sent.
        let mut sent = sent;
        while sent > 0 && index < parts.len() {
            let len = parts
                .get(index)
                .map_or(0, |p| p.len())
                .saturating_sub(offset);
            if sent >= len {
                sent -= len;
                index += 1;
                offset = 0;
            } else {
                offset += sent;
                sent = 0;
            }
        }
        while index < parts.len() && parts.get(index).is_some_and(|p| p.len() == offset) {
            index += 1;
            offset = 0;
        }
    }
    Ok(())
}

/// Largest `recv` asked of a TLS socket: a few records (each at most 16 KiB).
const TLS_READ_MAX: usize = 256 * 1024;

/// One `sock.recv_into()` of an `ssl.SSLSocket` into `len` bytes at `ptr` (which may
/// be uninitialised: only the TLS layer writes there); 0 means end of stream. The
/// memoryview it is given is released before returning, so nothing can keep it.
///
/// # Safety
/// `ptr..ptr+len` must be writable memory that nothing else uses during the call.
pub unsafe fn tls_recv_into(
    py: Python<'_>,
    sock: &Py<PyAny>,
    ptr: *mut u8,
    len: usize,
) -> PyResult<usize> {
    let len = len.min(TLS_READ_MAX);
    if len == 0 {
        return Ok(0);
    }
    // SAFETY: by this function's contract the memory is ours to lend for the call; the
    // view is released below, before the memory can go away.
    let view = unsafe {
        pyo3::ffi::PyMemoryView_FromMemory(ptr.cast(), len as isize, pyo3::ffi::PyBUF_WRITE)
    };
    if view.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: a new reference, owned by the Bound from here on.
    let view = unsafe { Bound::from_owned_ptr(py, view) };
    let got = ssl_read_into(sock.bind(py), &view, len);
    view.call_method0(intern!(py, "release"))?;
    let n: usize = got?.extract()?;
    Ok(n.min(len))
}

/// `SSLSocket.recv_into(view, len)` for an `ssl.SSLSocket` (the only kind read this
/// way), minus its two Python frames (`recv_into`, then `read`): the C object's
/// `read(len, view)`, with `read()`'s one rule on top (a ragged EOF is end of stream
/// when `suppress_ragged_eofs`). An unwrapped socket takes `recv_into` itself.
fn ssl_read_into<'py>(
    sock: &Bound<'py, PyAny>,
    view: &Bound<'py, PyAny>,
    len: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let py = sock.py();
    let sslobj = sock.getattr(intern!(py, "_sslobj"))?;
    if sslobj.is_none() {
        return sock.call_method1(intern!(py, "recv_into"), (view, len));
    }
    match sslobj.call_method1(intern!(py, "read"), (len, view)) {
        Err(e)
            if is_ragged_eof(py, &e)?
                && sock
                    .getattr(intern!(py, "suppress_ragged_eofs"))?
                    .is_truthy()? =>
        {
            Ok(0usize.into_pyobject(py)?.into_any())
        }
        other => other,
    }
}

/// `isinstance(e, ssl.SSLError) and e.args[0] == ssl.SSL_ERROR_EOF`.
fn is_ragged_eof(py: Python<'_>, e: &PyErr) -> PyResult<bool> {
    let ssl = py.import(intern!(py, "ssl"))?;
    let ssl_error = ssl.getattr(intern!(py, "SSLError"))?;
    let value = e.value(py);
    if !value.is_instance(&ssl_error)? {
        return Ok(false);
    }
    let first = value.getattr(intern!(py, "args"))?.get_item(0);
    let Ok(first) = first else {
        return Ok(false);
    };
    first.eq(ssl.getattr(intern!(py, "SSL_ERROR_EOF"))?)
}

/// What the reader needs next; a file source reads exactly that, as http.client's own
/// calls on `fp` would (`readline(limit)`, `read(n)`), so nothing past the response is
/// taken from a file that someone else may read on. The fd source fills its buffer.
#[derive(Clone, Copy, Debug)]
pub enum Want {
    Line(usize),
    Bytes(usize),
    Any,
}

/// One read from a Python file object into `buf`; 0 means EOF.
pub fn read_file(
    py: Python<'_>,
    file: &Py<PyAny>,
    has_read1: bool,
    want: Want,
    buf: &mut [u8],
) -> PyResult<usize> {
    let file = file.bind(py);
    let data = match want {
        Want::Line(limit) => file.call_method1(intern!(py, "readline"), (limit.min(buf.len()),))?,
        Want::Bytes(n) => file.call_method1(intern!(py, "read"), (n.min(buf.len()),))?,
        Want::Any if has_read1 => file.call_method1(intern!(py, "read1"), (buf.len(),))?,
        Want::Any => file.call_method1(intern!(py, "read"), (buf.len(),))?,
    };
    if data.is_none() {
        // A non-blocking raw file with nothing to read: a socket would raise this.
        return Err(os_error(libc::EAGAIN));
    }
    let bytes: &[u8] = data.extract()?;
    let n = bytes.len().min(buf.len());
    if let (Some(dst), Some(src)) = (buf.get_mut(..n), bytes.get(..n)) {
        dst.copy_from_slice(src);
    }
    Ok(n)
}

impl Source {
    /// One read into `buf` from whichever source this is.
    pub fn read(
        &self,
        py: Python<'_>,
        want: Want,
        buf: &mut [u8],
        readiness: Readiness,
    ) -> PyResult<usize> {
        match self {
            Source::Fd { fd, sock } => recv_fd(py, *fd, sock, buf, readiness),
            Source::File { file, has_read1 } => read_file(py, file, *has_read1, want, buf),
            Source::Tls { sock } => {
                // SAFETY: `buf` is exclusively borrowed for the whole call.
                unsafe { tls_recv_into(py, sock, buf.as_mut_ptr(), buf.len()) }
            }
        }
    }
}
