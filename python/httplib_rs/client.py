r"""HTTP/1.1 client library: http.client on a Rust core.

A drop-in for the standard library's ``http.client`` (once ``httplib``): the same
classes, methods, attributes, exceptions and wire bytes. Reading and parsing
responses, chunked decoding and request-head encoding run in ``httplib_rs._core``;
this module keeps http.client's structure, so subclasses and the libraries that
reach into its private surface see the same calls in the same order.

Derived from CPython's Lib/http/client.py (PSF License Version 2; Copyright (c)
2001-2024 Python Software Foundation), changed to call the Rust core.

HTTPConnection goes through a number of "states", which define when a client
may legally make another request or fetch the response for a particular
request. This diagram details these state transitions:

    (null)
      |
      | HTTPConnection()
      v
    Idle
      |
      | putrequest()
      v
    Request-started
      |
      | ( putheader() )*  endheaders()
      v
    Request-sent
      |\_____________________________
      |                              | getresponse() raises
      | response = getresponse()     | ConnectionError
      v                              v
    Unread-response                Idle
    [Response-headers-read]
      |\____________________
      |                     |
      | response.read()     | putrequest()
      v                     v
    Idle                  Req-started-unread-response
                     ______/|
                   /        |
   response.read() |        | ( putheader() )*  endheaders()
                   v        v
       Request-started    Req-sent-unread-response
                            |
                            | response.read()
                            v
                          Request-sent

This diagram presents the following rules:
  -- a second request may not be started until {response-headers-read}
  -- a response [object] cannot be retrieved until {request-sent}
  -- there is no differentiation between an unread response body and a
     partially read response body

Note: this enforcement is applied by the HTTPConnection class. The
      HTTPResponse class does not enforce this state machine, which
      implies sophisticated clients may accelerate the request/response
      pipeline. Caution should be taken, though: accelerating the states
      beyond the above pattern may imply knowledge of the server's
      connection-close behavior for certain requests. For example, it
      is impossible to tell whether the server will close the connection
      UNTIL the response headers have been read; this means that further
      requests cannot be placed into the pipeline until it is known that
      the server will NOT be closing the connection.

Logical State                  __state            __response
-------------                  -------            ----------
Idle                           _CS_IDLE           None
Request-started                _CS_REQ_STARTED    None
Request-sent                   _CS_REQ_SENT       None
Unread-response                _CS_IDLE           <response_class>
Req-started-unread-response    _CS_REQ_STARTED    <response_class>
Req-sent-unread-response       _CS_REQ_SENT       <response_class>
"""

import collections.abc
import email.message
import email.parser
import errno
import http
import http.client as _std
import io
import re
import socket
import sys
from urllib.parse import urlsplit

from . import _core

# HTTPMessage, parse_headers(), and the HTTP status code constants are
# intentionally omitted for simplicity
__all__ = ["HTTPResponse", "HTTPConnection",
           "HTTPException", "NotConnected", "UnknownProtocol",
           "UnknownTransferEncoding", "UnimplementedFileMode",
           "IncompleteRead", "InvalidURL", "ImproperConnectionState",
           "CannotSendRequest", "CannotSendHeader", "ResponseNotReady",
           "BadStatusLine", "LineTooLong", "RemoteDisconnected", "error",
           "responses"]

HTTP_PORT = 80
HTTPS_PORT = 443

_UNKNOWN = 'UNKNOWN'

# connection states
_CS_IDLE = 'Idle'
_CS_REQ_STARTED = 'Request-started'
_CS_REQ_SENT = 'Request-sent'


# hack to maintain backwards compatibility
globals().update(http.HTTPStatus.__members__)

# another hack to maintain backwards compatibility
# Mapping status codes to official W3C names
responses = {v: v.phrase for v in http.HTTPStatus.__members__.values()}

# maximal line length when calling readline().
_MAXLINE = 65536
_MAXHEADERS = 100

# Header name/value ABNF (http://tools.ietf.org/html/rfc7230#section-3.2)
#
# VCHAR          = %x21-7E
# obs-text       = %x80-FF
# header-field   = field-name ":" OWS field-value OWS
# field-name     = token
# field-value    = *( field-content / obs-fold )
# field-content  = field-vchar [ 1*( SP / HTAB ) field-vchar ]
# field-vchar    = VCHAR / obs-text
#
# obs-fold       = CRLF 1*( SP / HTAB )
#                ; obsolete line folding
#                ; see Section 3.2.4

# token          = 1*tchar
#
# tchar          = "!" / "#" / "$" / "%" / "&" / "'" / "*"
#                / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
#                / DIGIT / ALPHA
#                ; any VCHAR, except delimiters
#
# VCHAR defined in http://tools.ietf.org/html/rfc5234#appendix-B.1

# the patterns for both name and value are more lenient than RFC
# definitions to allow for backwards compatibility
# Field names and methods must be tokens (RFC 9110 5.1, 9.1). http.client accepted
# any name without ':' or whitespace at the start (r'[^:\s][^:\r\n]*'), and methods
# with spaces, which rewrite the request line.
_is_legal_header_name = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+").fullmatch
_is_token_method = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+").fullmatch
# ... and NUL, which truncates the line for C-string consumers (http.client let it
# through).
_is_illegal_header_value = re.compile(rb'\n(?![ \t])|\r(?![ \t\n])|\x00').search

# These characters are not allowed within HTTP URL paths.
#  See https://tools.ietf.org/html/rfc3986#section-3.3 and the
#  https://tools.ietf.org/html/rfc3986#appendix-A pchar definition.
# Prevents CVE-2019-9740.  Includes control characters such as \r\n.
# We don't restrict chars above \x7f as putrequest() limits us to ASCII.
_contains_disallowed_url_pchar_re = re.compile('[\x00-\x20\x7f]')
# Arguably only these _should_ allowed:
#  _is_allowed_url_pchars_re = re.compile(r"^[/!$&'()*+,;=:@%a-zA-Z0-9._~-]+$")
# We are more lenient for assumed real world compatibility purposes.

# These characters are not allowed within HTTP method names
# to prevent http header injection.
_contains_disallowed_method_pchar_re = re.compile('[\x00-\x1f]')

# We always set the Content-Length header for these methods because some
# servers will otherwise respond with a 411
_METHODS_EXPECTING_BODY = {'PATCH', 'POST', 'PUT'}

# CPython 3.12 made CONNECT an HTTP/1.1 request with a Host header (gh-103848);
# before, it was HTTP/1.0 without one. Tunnels follow the running interpreter's
# http.client, which is what proxies in front of existing code were set up for.
_CONNECT_HOST = sys.version_info >= (3, 12)


def _encode(data, name='data'):
    """Call data.encode("latin-1") but show a better error message."""
    try:
        return data.encode("latin-1")
    except UnicodeEncodeError as err:
        raise UnicodeEncodeError(
            err.encoding,
            err.object,
            err.start,
            err.end,
            "%s (%.20r) is not valid Latin-1. Use %s.encode('utf-8') "
            "if you want to send it encoded in UTF-8." %
            (name.title(), data[err.start:err.end], name)) from None

def _validate_tunnel_header(header, value):
    """A CONNECT header as _tunnel() will write it (``f"{header}: {value}"``)."""
    name = str(header).encode("latin-1")
    if not _is_legal_header_name(name):
        raise ValueError('Invalid header name %r' % (name,))
    encoded = str(value).encode("latin-1")
    if _is_illegal_header_value(encoded):
        raise ValueError('Invalid header value %r' % (encoded,))

def _strip_ipv6_iface(enc_name: bytes) -> bytes:
    """Remove interface scope from IPv6 address."""
    enc_name, percent, _ = enc_name.partition(b"%")
    if percent:
        assert enc_name.startswith(b'['), enc_name
        enc_name += b']'
    return enc_name

class HTTPMessage(email.message.Message):
    # XXX The only usage of this method is in
    # http.server.CGIHTTPRequestHandler.  Maybe move the code there so
    # that it doesn't need to be part of the public API.  The API has
    # never been defined so this could cause backwards compatibility
    # issues.

    def getallmatchingheaders(self, name):
        """Find all header lines matching a given header name.

        Look through the list of headers and find all lines matching a given
        header name (and their continuation lines).  A list of the lines is
        returned, without interpretation.  If the header does not occur, an
        empty list is returned.  If the header occurs multiple times, all
        occurrences are returned.  Case is not important in the header name.

        """
        name = name.lower() + ':'
        n = len(name)
        lst = []
        hit = 0
        for line in self.keys():
            if line[:n].lower() == name:
                hit = 1
            elif not line[:1].isspace():
                hit = 0
            if hit:
                lst.append(line)
        return lst

def _is_skipped_interim(status):
    """Interim (1xx) responses are skipped while waiting for the final one.

    http.client skips only 100 Continue and returns e.g. 103 Early Hints as if it
    were final, leaving the real response unread on the connection; 101 stays final.
    """
    return 100 <= status < 200 and status != http.HTTPStatus.SWITCHING_PROTOCOLS

def _read_headers(fp, *, strict=False):
    """Reads potential header lines into a list from a file pointer.

    Length of line is limited by _MAXLINE, and number of
    headers is limited by _MAXHEADERS.
    """
    headers = []
    while True:
        line = fp.readline(_MAXLINE + 1)
        if len(line) > _MAXLINE:
            raise LineTooLong("header line")
        headers.append(line)
        if len(headers) > _MAXHEADERS:
            raise HTTPException("got more than %d headers" % _MAXHEADERS)
        if line in (b'\r\n', b'\n', b''):
            break
    # The checks the Rust parser makes on the fast path: no bare CR or NUL in any
    # mode (response splitting), RFC 9112 field lines when strict.
    _core.check_head_lines(None, headers, strict)
    return headers

def _parse_header_lines(header_lines, _class=HTTPMessage):
    """
    Parses only RFC2822 headers from header lines.

    email Parser wants to see strings rather than bytes.
    But a TextIOWrapper around self.rfile would buffer too many bytes
    from the stream, bytes which we later need to read as bytes.
    So we read the correct bytes here, as bytes, for email Parser
    to parse.

    """
    hstring = b''.join(header_lines).decode('iso-8859-1')
    return email.parser.Parser(_class=_class).parsestr(hstring)

def _message_from_raw(raw, _class=HTTPMessage):
    """The HTTPMessage of a header block that has a line ``email.parser`` treats
    specially: the Rust core builds every other message itself (the fields exactly
    as that parser, compat32, would store them), and leaves these to the parser, so
    the result is the stdlib's either way."""
    return email.parser.Parser(_class=_class).parsestr(raw.decode('iso-8859-1'))

def parse_headers(fp, _class=HTTPMessage, *, strict=False):
    """Parses only RFC2822 headers from a file pointer."""

    if type(fp) is _SocketReader and _class is HTTPMessage:
        msg, raw = fp.read_header_block(_MAXLINE, _MAXHEADERS, strict)
        return msg if msg is not None else _message_from_raw(raw)
    headers = _read_headers(fp, strict=strict)
    return _parse_header_lines(headers, _class)

_SocketReader = _core.SocketReader
try:
    from ssl import SSLSocket as _SSLSocket
except ImportError:  # no ssl module: no TLS socket to read
    class _SSLSocket:  # type: ignore[no-redef]
        pass
# The state Message.__init__ gives every message, which the core copies into each
# message it makes (with new _headers and defects lists).
_MESSAGE_STATE = {k: v for k, v in vars(HTTPMessage()).items()
                  if k not in ('_headers', 'defects')}
_MESSAGE_STATE['_payload'] = ''  # what email.parser leaves on a header-only message
_core._set_message_template(HTTPMessage, _MESSAGE_STATE)

def _make_reader(sock):
    """The ``fp`` of a response over ``sock``.

    A plain ``socket.socket`` is read through its fd by the Rust core, with the GIL
    released (the fast path); the reader holds an io reference on the socket as the
    ``makefile()`` file would, so the response stays readable after the connection
    closes its socket. Anything else (TLS sockets, test doubles) is read through
    ``sock.makefile("rb")``, as http.client does.
    """
    if type(sock) is socket.socket and getattr(sock, '_io_refs', None) is not None:
        fd = sock.fileno()
        if fd >= 0:
            sock._io_refs += 1
            return _SocketReader(sock, fd)
    elif type(sock) is _SSLSocket and getattr(sock, '_io_refs', None) is not None:
        # Read with the TLS socket's own recv(), without makefile()'s two layers.
        if sock.fileno() >= 0:
            sock._io_refs += 1
            return _SocketReader(sock, None, True)
    return _SocketReader(sock.makefile("rb"))


class HTTPResponse(io.BufferedIOBase):

    # See RFC 2616 sec 19.6 and RFC 1945 sec 6 for details.

    # The bytes from the socket object are iso-8859-1 strings.
    # See RFC 2616 sec 2.2 which notes an exception for MIME-encoded
    # text following RFC 2047.  The basic status line parsing only
    # accepts iso-8859-1.

    def __init__(self, sock, debuglevel=0, method=None, url=None, *, strict=False):
        # If the response includes a content-length header, we need to
        # make sure that the client doesn't read more than the
        # specified number of bytes.  If it does, it will block until
        # the server times out and closes the connection.  This will
        # happen if a self.fp.read() is done (without a size) whether
        # self.fp is buffered or not.  So, no self.fp.read() by
        # clients unless they know what they are doing.
        self.fp = _make_reader(sock)
        self.debuglevel = debuglevel
        # RFC 9112 exactly (the original httplib's parameter, now meaning that).
        self.strict = strict
        self._method = method

        # The HTTPResponse object is returned via urllib.  The clients
        # of http and urllib expect different attributes for the
        # headers.  headers is used here and supports urllib.  msg is
        # provided as a backwards compatibility layer for http
        # clients.

        self.headers = self.msg = None

        # from the Status-Line of the response
        self.version = _UNKNOWN # HTTP-Version
        self.status = _UNKNOWN  # Status-Code
        self.reason = _UNKNOWN  # Reason-Phrase

        self.chunked = _UNKNOWN         # is "chunked" being used?
        self.chunk_left = _UNKNOWN      # bytes left to read in current chunk
        self.length = _UNKNOWN          # number of bytes left in response
        self.will_close = _UNKNOWN      # conn will close at end of response

    def _read_status(self):
        raw = self.fp.readline(_MAXLINE + 1)
        line = str(raw, "iso-8859-1")
        if len(line) > _MAXLINE:
            raise LineTooLong("status line")
        if self.strict and raw:
            _core.check_head_lines(raw, [], True)
        if self.debuglevel > 0:
            print("reply:", repr(line))
        if not line:
            # Presumably, the server closed the connection before
            # sending a valid response.
            raise RemoteDisconnected("Remote end closed connection without"
                                     " response")
        try:
            version, status, reason = line.split(None, 2)
        except ValueError:
            try:
                version, status = line.split(None, 1)
                reason = ""
            except ValueError:
                # empty version will cause next test to fail.
                version = ""
        if not version.startswith("HTTP/"):
            self._close_conn()
            raise BadStatusLine(line)

        # The status code is a three-digit number
        try:
            status = int(status)
            if status < 100 or status > 999:
                raise BadStatusLine(line)
        except ValueError:
            raise BadStatusLine(line)
        return version, status, reason

    def begin(self):
        if self.headers is not None:
            # we've already started reading the response
            return

        fp = self.fp
        fast = (type(fp) is _SocketReader and self.debuglevel <= 0
                and type(self)._read_status is HTTPResponse._read_status)
        if fast:
            # One Rust call reads the status line and headers, skipping interim
            # responses (bounded); the reason comes back already stripped.
            version, status, reason, msg, raw, framing, will_close = (
                fp.read_response_head(_MAXLINE, _MAXHEADERS, self.strict,
                                      self._method == "HEAD"))
        else:
            # read until we get a final response
            interim = 0
            while True:
                version, status, reason = self._read_status()
                if not _is_skipped_interim(status):
                    break
                interim += 1
                if interim > _core.MAX_INTERIM_RESPONSES:
                    raise HTTPException("got more than %d interim (1xx) responses"
                                        % _core.MAX_INTERIM_RESPONSES)
                # skip the header from the 1xx response
                skipped_headers = _read_headers(self.fp, strict=self.strict)
                if self.debuglevel > 0:
                    print("headers:", skipped_headers)
                del skipped_headers
            reason = reason.strip()

        self.code = self.status = status
        self.reason = reason
        if version in ("HTTP/1.0", "HTTP/0.9"):
            # Some servers might still return "0.9", treat it as 1.0 anyway
            self.version = 10
        elif version.startswith("HTTP/1."):
            self.version = 11   # use HTTP/1.1 code for HTTP/1.x where x>=1
        else:
            raise UnknownProtocol(version)

        if fast:
            self.headers = self.msg = msg if msg is not None else _message_from_raw(raw)
        else:
            self.headers = self.msg = parse_headers(self.fp, strict=self.strict)

        if self.debuglevel > 0:
            for hdr, val in self.headers.items():
                print("header:", hdr + ":", val)

        if (fast and msg is not None
                and type(self)._check_close is HTTPResponse._check_close):
            # The core derived both from the lines it parsed, by the rules below.
            self.will_close = will_close
            if type(framing) is not tuple:
                raise framing
            self.chunked, self.length = framing
            if self.chunked:
                self.chunk_left = None
            elif not self.will_close and self.length is None:
                self.will_close = True
            return

        # will the connection close at the end of the response?
        self.will_close = self._check_close()

        # RFC 9112 6.3: no body for HEAD, 1xx, 204 and 304, whatever the headers
        # say (http.client read a chunked body after a 204). Otherwise the framing
        # headers decide, and those that would let an intermediary see another end
        # of the response are refused (InvalidResponse, UnknownTransferEncoding).
        if (status == NO_CONTENT or status == NOT_MODIFIED or  # noqa: F821 (globals().update above)
                100 <= status < 200 or self._method == "HEAD"):
            self.chunked = False
            self.length = 0
        else:
            headers = self.headers
            self.chunked, self.length = _core.body_framing(
                headers.get_all("transfer-encoding") or [],
                headers.get_all("content-length") or [])
        if self.chunked:
            self.chunk_left = None

        # if the connection remains open, and we aren't using chunked, and
        # a content-length was not provided, then assume that the connection
        # WILL close.
        if (not self.will_close and
            not self.chunked and
            self.length is None):
            self.will_close = True

    def _check_close(self):
        conn = self.headers.get("connection")
        if self.version == 11:
            # An HTTP/1.1 proxy is assumed to stay open unless
            # explicitly closed.
            if conn and "close" in conn.lower():
                return True
            return False

        # Some HTTP/1.0 implementations have support for persistent
        # connections, using rules different than HTTP/1.1.

        # For older HTTP, Keep-Alive indicates persistent connection.
        if self.headers.get("keep-alive"):
            return False

        # At least Akamai returns a "Connection: Keep-Alive" header,
        # which was supposed to be sent by the client.
        if conn and "keep-alive" in conn.lower():
            return False

        # Proxy-Connection is a netscape hack.
        pconn = self.headers.get("proxy-connection")
        if pconn and "keep-alive" in pconn.lower():
            return False

        # otherwise, assume it will close
        return True

    # False once the connection cannot carry another response after this one.
    _reusable = True

    def __del__(self):
        # io.IOBase's finalizer calls close() and flush() on every response that was
        # not closed explicitly, most of them already read to their end; for those
        # (fp is None) http.client's close() has nothing to release, so skip the calls.
        if type(self) is not HTTPResponse or self.__dict__.get('fp') is not None:
            super().__del__()

    def _close_conn(self):
        fp = self.fp
        self.fp = None
        if type(fp) is _SocketReader and fp.buffered_len():
            # The server sent bytes past the end this response's framing gave.
            self._reusable = False
        fp.close()

    def close(self):
        try:
            super().close() # set "closed" flag
        finally:
            if self.fp:
                # Closed before the body was read to its end: the rest is still
                # on the socket, and would be read as the next response.
                self._reusable = False
                self._close_conn()

    # These implementations are for the benefit of io.BufferedReader.

    # XXX This class should probably be revised to act more like
    # the "raw stream" that BufferedReader expects.

    def flush(self):
        super().flush()
        if self.fp:
            self.fp.flush()

    def readable(self):
        """Always returns True"""
        return True

    # End of "raw stream" methods

    def isclosed(self):
        """True if the connection is closed."""
        # NOTE: it is possible that we will not ever call self.close(). This
        #       case occurs when will_close is TRUE, length is None, and we
        #       read up to the last byte, but NOT past it.
        #
        # IMPLIES: if will_close is FALSE, then self.close() will ALWAYS be
        #          called, meaning self.isclosed() is meaningful.
        return self.fp is None

    def read(self, amt=None):
        """Read and return the response body, or up to the next amt bytes."""
        if self.fp is None:
            return b""

        if self._method == "HEAD":
            self._close_conn()
            return b""

        if self.chunked:
            return self._read_chunked(amt)

        if amt is not None:
            if self.length is not None and amt > self.length:
                # clip the read to the "end of response"
                amt = self.length
            s = self.fp.read(amt)
            if not s and amt:
                # Ideally, we would raise IncompleteRead if the content-length
                # wasn't satisfied, but it might break compatibility.
                self._close_conn()
            elif self.length is not None:
                self.length -= len(s)
                if not self.length:
                    self._close_conn()
            return s
        else:
            # Amount is not given (unbounded read) so we must check self.length
            fp = self.fp
            if (type(fp) is _SocketReader and self.length is not None
                    and type(self) is HTTPResponse):
                # One core call reads the body and releases the socket (_close_conn).
                try:
                    s, clean = fp.read_body_and_close(self.length)
                except IncompleteRead:
                    self._close_conn()
                    raise
                self.fp = None
                self.length = 0
                if not clean:
                    self._reusable = False
                return s
            if self.length is None:
                s = self.fp.read()
            else:
                try:
                    s = self._safe_read(self.length)
                except IncompleteRead:
                    self._close_conn()
                    raise
                self.length = 0
            self._close_conn()        # we read everything
            return s

    def readinto(self, b):
        """Read up to len(b) bytes into bytearray b and return the number
        of bytes read.
        """

        if self.fp is None:
            return 0

        if self._method == "HEAD":
            self._close_conn()
            return 0

        if self.chunked:
            return self._readinto_chunked(b)

        if self.length is not None:
            if len(b) > self.length:
                # clip the read to the "end of response"
                b = memoryview(b)[0:self.length]

        # we do not use _safe_read() here because this may be a .will_close
        # connection, and the user is reading more bytes than will be provided
        # (for example, reading in 1k chunks)
        n = self.fp.readinto(b)
        if not n and b:
            # Ideally, we would raise IncompleteRead if the content-length
            # wasn't satisfied, but it might break compatibility.
            self._close_conn()
        elif self.length is not None:
            self.length -= n
            if not self.length:
                self._close_conn()
        return n

    def _read_next_chunk_size(self):
        # Read the next chunk size from the file
        line = self.fp.readline(_MAXLINE + 1)
        if len(line) > _MAXLINE:
            raise LineTooLong("chunk size")
        i = line.find(b";")
        if i >= 0:
            line = line[:i] # strip chunk-extensions
        try:
            return int(line, 16)
        except ValueError:
            # close the connection as protocol synchronisation is
            # probably lost
            self._close_conn()
            raise

    def _read_and_discard_trailer(self):
        # read and discard trailer up to the CRLF terminator
        ### note: we shouldn't have any trailers!
        while True:
            line = self.fp.readline(_MAXLINE + 1)
            if len(line) > _MAXLINE:
                raise LineTooLong("trailer line")
            if not line:
                # a vanishingly small number of sites EOF without
                # sending the trailer
                break
            if line in (b'\r\n', b'\n', b''):
                break

    def _get_chunk_left(self):
        # return self.chunk_left, reading a new chunk if necessary.
        # chunk_left == 0: at the end of the current chunk, need to close it
        # chunk_left == None: No current chunk, should read next.
        # This function returns non-zero or None if the last chunk has
        # been read.
        chunk_left = self.chunk_left
        if not chunk_left and type(self.fp) is _SocketReader and self._chunks_in_core():
            # The core reads the CRLF, the size line and, after the last chunk,
            # the trailers, in one call.
            try:
                _, chunk_left, done = self.fp.read_chunked(
                    chunk_left, 0, _MAXLINE, self.strict)
            except IncompleteRead:
                self._close_if_framing_error()
                raise
            if done:
                self._close_conn()
            self.chunk_left = chunk_left
            return chunk_left
        if not chunk_left: # Can be 0 or None
            if chunk_left is not None:
                # We are at the end of chunk, discard chunk end
                self._safe_read(2)  # toss the CRLF at the end of the chunk
            try:
                chunk_left = self._read_next_chunk_size()
            except ValueError:
                raise IncompleteRead(b'')
            if chunk_left == 0:
                # last chunk: 1*("0") [ chunk-extension ] CRLF
                self._read_and_discard_trailer()
                # we read everything; close the "file"
                self._close_conn()
                chunk_left = None
            self.chunk_left = chunk_left
        return chunk_left

    def _chunks_in_core(self):
        """True unless a subclass overrides a step of chunked decoding, which then
        runs in Python with each step called through self, as in http.client."""
        cls = type(self)
        return cls is HTTPResponse or all(
            getattr(cls, name) is getattr(HTTPResponse, name) for name in _CHUNK_HOOKS)

    def _close_if_framing_error(self):
        # As http.client closes on a bad chunk size: the stream is out of sync.
        if self.fp is not None and self.fp.framing_error:
            self._close_conn()

    def _read_chunked(self, amt=None):
        assert self.chunked != _UNKNOWN
        if type(self.fp) is _SocketReader and self._chunks_in_core():
            # Decoded in Rust straight from the reader's buffer, whatever the
            # chunk sizes; IncompleteRead.partial holds the completed chunks.
            if amt is not None and amt < 0:
                amt = None
            try:
                data, self.chunk_left, done = self.fp.read_chunked(
                    self.chunk_left, amt, _MAXLINE, self.strict)
            except IncompleteRead:
                self._close_if_framing_error()
                raise
            if done:
                self._close_conn()
            return data
        value = []
        try:
            while (chunk_left := self._get_chunk_left()) is not None:
                if amt is not None and amt <= chunk_left:
                    value.append(self._safe_read(amt))
                    self.chunk_left = chunk_left - amt
                    break

                value.append(self._safe_read(chunk_left))
                if amt is not None:
                    amt -= chunk_left
                self.chunk_left = 0
            return b''.join(value)
        except IncompleteRead as exc:
            raise IncompleteRead(b''.join(value)) from exc

    def _readinto_chunked(self, b):
        assert self.chunked != _UNKNOWN
        total_bytes = 0
        mvb = memoryview(b)
        try:
            while True:
                chunk_left = self._get_chunk_left()
                if chunk_left is None:
                    return total_bytes

                if len(mvb) <= chunk_left:
                    n = self._safe_readinto(mvb)
                    self.chunk_left = chunk_left - n
                    return total_bytes + n

                temp_mvb = mvb[:chunk_left]
                n = self._safe_readinto(temp_mvb)
                mvb = mvb[n:]
                total_bytes += n
                self.chunk_left = 0

        except IncompleteRead:
            raise IncompleteRead(bytes(b[0:total_bytes]))

    def _safe_read(self, amt):
        """Read the number of bytes requested.

        This function should be used when <amt> bytes "should" be present for
        reading. If the bytes are truly not available (due to EOF), then the
        IncompleteRead exception can be used to detect the problem.
        """
        fp = self.fp
        if type(fp) is _SocketReader:
            return fp.read_exact(amt)
        data = fp.read(amt)
        if len(data) < amt:
            raise IncompleteRead(data, amt-len(data))
        return data

    def _safe_readinto(self, b):
        """Same as _safe_read, but for reading into a buffer."""
        amt = len(b)
        n = self.fp.readinto(b)
        if n < amt:
            raise IncompleteRead(bytes(b[:n]), amt-n)
        return n

    def read1(self, n=-1):
        """Read with at most one underlying system call.  If at least one
        byte is buffered, return that instead.
        """
        if self.fp is None or self._method == "HEAD":
            return b""
        if self.chunked:
            return self._read1_chunked(n)
        if self.length is not None and (n < 0 or n > self.length):
            n = self.length
        result = self.fp.read1(n)
        if not result and n:
            self._close_conn()
        elif self.length is not None:
            self.length -= len(result)
            if not self.length:
                self._close_conn()
        return result

    def peek(self, n=-1):
        # Having this enables IOBase.readline() to read more than one
        # byte at a time
        if self.fp is None or self._method == "HEAD":
            return b""
        if self.chunked:
            return self._peek_chunked(n)
        return self.fp.peek(n)

    def readline(self, limit=-1):
        if self.fp is None or self._method == "HEAD":
            return b""
        if self.chunked:
            # Fallback to IOBase readline which uses peek() and read()
            return super().readline(limit)
        if self.length is not None and (limit < 0 or limit > self.length):
            limit = self.length
        result = self.fp.readline(limit)
        if not result and limit:
            self._close_conn()
        elif self.length is not None:
            self.length -= len(result)
            if not self.length:
                self._close_conn()
        return result

    def _read1_chunked(self, n):
        # Strictly speaking, _get_chunk_left() may cause more than one read,
        # but that is ok, since that is to satisfy the chunked protocol.
        chunk_left = self._get_chunk_left()
        if chunk_left is None or n == 0:
            return b''
        if not (0 <= n <= chunk_left):
            n = chunk_left # if n is negative or larger than chunk_left
        read = self.fp.read1(n)
        self.chunk_left -= len(read)
        if not read:
            raise IncompleteRead(b"")
        return read

    def _peek_chunked(self, n):
        # Strictly speaking, _get_chunk_left() may cause more than one read,
        # but that is ok, since that is to satisfy the chunked protocol.
        try:
            chunk_left = self._get_chunk_left()
        except IncompleteRead:
            return b'' # peek doesn't worry about protocol
        if chunk_left is None:
            return b'' # eof
        # peek is allowed to return more than requested.  Just request the
        # entire chunk, and truncate what we get.
        return self.fp.peek(chunk_left)[:chunk_left]

    def fileno(self):
        return self.fp.fileno()

    def getheader(self, name, default=None):
        '''Returns the value of the header matching *name*.

        If there are multiple matching headers, the values are
        combined into a single string separated by commas and spaces.

        If no matching header is found, returns *default* or None if
        the *default* is not specified.

        If the headers are unknown, raises http.client.ResponseNotReady.

        '''
        if self.headers is None:
            raise ResponseNotReady()
        headers = self.headers.get_all(name) or default
        if isinstance(headers, str) or not hasattr(headers, '__iter__'):
            return headers
        else:
            return ', '.join(headers)

    def getheaders(self):
        """Return list of (header, value) tuples."""
        if self.headers is None:
            raise ResponseNotReady()
        return list(self.headers.items())

    # We override IOBase.__iter__ so that it doesn't check for closed-ness

    def __iter__(self):
        return self

    # For compatibility with old-style urllib responses.

    def info(self):
        '''Returns an instance of the class mimetools.Message containing
        meta-information associated with the URL.

        When the method is HTTP, these headers are those returned by
        the server at the head of the retrieved HTML page (including
        Content-Length and Content-Type).

        When the method is FTP, a Content-Length header will be
        present if (as is now usual) the server passed back a file
        length in response to the FTP retrieval request. A
        Content-Type header will be present if the MIME type can be
        guessed.

        When the method is local-file, returned headers will include
        a Date representing the file's last-modified time, a
        Content-Length giving file size, and a Content-Type
        containing a guess at the file's type. See also the
        description of the mimetools module.

        '''
        return self.headers

    def geturl(self):
        '''Return the real URL of the page.

        In some cases, the HTTP server redirects a client to another
        URL. The urlopen() function handles this transparently, but in
        some cases the caller needs to know which URL the client was
        redirected to. The geturl() method can be used to get at this
        redirected URL.

        '''
        return self.url

    def getcode(self):
        '''Return the HTTP status code that was sent with the response,
        or None if the URL is not an HTTP URL.

        '''
        return self.status


def _create_https_context(http_version):
    # Function also used by urllib.request to be able to set the check_hostname
    # attribute on a context object.
    context = ssl._create_default_https_context()
    # send ALPN extension to indicate HTTP/1.1 protocol
    if http_version == 11:
        context.set_alpn_protocols(['http/1.1'])
    # enable PHA for TLS 1.3 connections if available
    if context.post_handshake_auth is not None:
        context.post_handshake_auth = True
    return context


class HTTPConnection:

    _http_vsn = 11
    _http_vsn_str = 'HTTP/1.1'

    response_class = HTTPResponse
    default_port = HTTP_PORT
    auto_open = 1
    debuglevel = 0

    @staticmethod
    def _is_textIO(stream):
        """Test whether a file-like object is a text or a binary stream.
        """
        return isinstance(stream, io.TextIOBase)

    @staticmethod
    def _get_content_length(body, method):
        """Get the content-length based on the body.

        If the body is None, we set Content-Length: 0 for methods that expect
        a body (RFC 7230, Section 3.3.2). We also set the Content-Length for
        any method if the body is a str or bytes-like object and not a file.
        """
        if body is None:
            # do an explicit check for not None here to distinguish
            # between unset and set but empty
            if method.upper() in _METHODS_EXPECTING_BODY:
                return 0
            else:
                return None

        if hasattr(body, 'read'):
            # file-like object.
            return None

        try:
            # does it implement the buffer protocol (bytes, bytearray, array)?
            mv = memoryview(body)
            return mv.nbytes
        except TypeError:
            pass

        if isinstance(body, str):
            return len(body)

        return None

    def __init__(self, host, port=None, timeout=socket._GLOBAL_DEFAULT_TIMEOUT,
                 source_address=None, blocksize=8192, *, strict=False):
        # strict: responses must follow RFC 9112 exactly (see HTTPResponse).
        self.strict = strict
        self.timeout = timeout
        self.source_address = source_address
        self.blocksize = blocksize
        self.sock = None
        self._buffer = []
        self.__response = None
        self.__state = _CS_IDLE
        self._method = None
        self._tunnel_host = None
        self._tunnel_port = None
        self._tunnel_headers = {}
        self._raw_proxy_headers = None

        (self.host, self.port) = self._get_hostport(host, port)

        self._validate_host(self.host)

        # This is stored as an instance variable to allow unit
        # tests to replace it with a suitable mockup
        self._create_connection = socket.create_connection

    def set_tunnel(self, host, port=None, headers=None):
        """Set up host and port for HTTP CONNECT tunnelling.

        In a connection that uses HTTP CONNECT tunnelling, the host passed to
        the constructor is used as a proxy server that relays all communication
        to the endpoint passed to `set_tunnel`. This done by sending an HTTP
        CONNECT request to the proxy server when the connection is established.

        This method must be called before the HTTP connection has been
        established.

        The headers argument should be a mapping of extra HTTP headers to send
        with the CONNECT request.

        As HTTP/1.1 is used for HTTP CONNECT tunnelling request, as per the RFC
        (https://tools.ietf.org/html/rfc7231#section-4.3.6), a HTTP Host:
        header must be provided, matching the authority-form of the request
        target provided as the destination for the CONNECT request. If a
        HTTP Host: header is not provided via the headers argument, one
        is generated and transmitted automatically.
        """

        if self.sock:
            raise RuntimeError("Can't set up tunnel for established connection")

        tunnel_host, tunnel_port = self._get_hostport(host, port)
        # http.client writes the tunnel host and headers into the CONNECT request
        # unchecked, so CR/LF in them injects lines; refuse them here, with the rules
        # and exceptions putrequest()/putheader() apply to the request itself.
        self._validate_host(tunnel_host)
        for header, value in (headers or {}).items():
            _validate_tunnel_header(header, value)
        self._tunnel_host, self._tunnel_port = tunnel_host, tunnel_port
        if headers:
            self._tunnel_headers = headers.copy()
        else:
            self._tunnel_headers.clear()

        if _CONNECT_HOST and not any(
                header.lower() == "host" for header in self._tunnel_headers):
            encoded_host = self._tunnel_host.encode("idna").decode("ascii")
            self._tunnel_headers["Host"] = "%s:%d" % (
                encoded_host, self._tunnel_port)

    def _get_hostport(self, host, port):
        if port is None:
            i = host.rfind(':')
            j = host.rfind(']')         # ipv6 addresses have [...]
            if i > j:
                try:
                    port = int(host[i+1:])
                except ValueError:
                    if host[i+1:] == "": # http://foo.com:/ == http://foo.com/
                        port = self.default_port
                    else:
                        raise InvalidURL("nonnumeric port: '%s'" % host[i+1:])
                host = host[:i]
            else:
                port = self.default_port
        if host and host[0] == '[' and host[-1] == ']':
            host = host[1:-1]

        return (host, port)

    def set_debuglevel(self, level):
        self.debuglevel = level

    def _wrap_ipv6(self, ip):
        if b':' in ip and ip[0] != b'['[0]:
            return b"[" + ip + b"]"
        return ip

    def _tunnel(self):
        connect = b"CONNECT %s:%d %s\r\n" % (
            self._wrap_ipv6(self._tunnel_host.encode("idna")),
            self._tunnel_port,
            self._http_vsn_str.encode("ascii") if _CONNECT_HOST else b"HTTP/1.0")
        headers = [connect]
        for header, value in self._tunnel_headers.items():
            headers.append(f"{header}: {value}\r\n".encode("latin-1"))
        headers.append(b"\r\n")
        # Making a single send() call instead of one per line encourages
        # the host OS to use a more optimal packet size instead of
        # potentially emitting a series of small packets.
        self.send(b"".join(headers))
        del headers

        response = self.response_class(self.sock, method=self._method)
        try:
            (version, code, message) = response._read_status()

            self._raw_proxy_headers = _read_headers(response.fp)

            if self.debuglevel > 0:
                for header in self._raw_proxy_headers:
                    print('header:', header.decode())

            if code != http.HTTPStatus.OK:
                self.close()
                raise OSError(f"Tunnel connection failed: {code} {message.strip()}")

        finally:
            response.close()

    def get_proxy_response_headers(self):
        """
        Returns a dictionary with the headers of the response
        received from the proxy server to the CONNECT request
        sent to set the tunnel.

        If the CONNECT request was not sent, the method returns None.
        """
        return (
            _parse_header_lines(self._raw_proxy_headers)
            if self._raw_proxy_headers is not None
            else None
        )

    def connect(self):
        """Connect to the host and port specified in __init__."""
        sys.audit("http.client.connect", self, self.host, self.port)
        self.sock = self._create_connection(
            (self.host,self.port), self.timeout, self.source_address)
        # Might fail in OSs that don't implement TCP_NODELAY
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as e:
            if e.errno != errno.ENOPROTOOPT:
                raise

        if self._tunnel_host:
            self._tunnel()

    def close(self):
        """Close the connection to the HTTP server."""
        self.__state = _CS_IDLE
        try:
            sock = self.sock
            if sock:
                self.sock = None
                sock.close()   # close it manually... there may be other refs
        finally:
            response = self.__response
            if response:
                self.__response = None
                response.close()

    def send(self, data):
        """Send `data' to the server.
        ``data`` can be a string object, a bytes object, an array object, a
        file-like object that supports a .read() method, or an iterable object.
        """

        if self.sock is None:
            if self.auto_open:
                self.connect()
            else:
                raise NotConnected()

        if self.debuglevel > 0:
            print("send:", repr(data))
        if hasattr(data, "read") :
            if self.debuglevel > 0:
                print("sending a readable")
            encode = self._is_textIO(data)
            if encode and self.debuglevel > 0:
                print("encoding file using iso-8859-1")
            while datablock := data.read(self.blocksize):
                if encode:
                    datablock = datablock.encode("iso-8859-1")
                sys.audit("http.client.send", self, datablock)
                self.sock.sendall(datablock)
            return
        sys.audit("http.client.send", self, data)
        try:
            self.sock.sendall(data)
        except TypeError:
            if isinstance(data, collections.abc.Iterable):
                for d in data:
                    self.sock.sendall(d)
            else:
                raise TypeError("data should be a bytes-like object "
                                "or an iterable, got %r" % type(data))

    def _output(self, s):
        """Add a line of output to the current request buffer.

        Assumes that the line does *not* end with \\r\\n.
        """
        self._buffer.append(s)

    def _read_readable(self, readable):
        if self.debuglevel > 0:
            print("reading a readable")
        encode = self._is_textIO(readable)
        if encode and self.debuglevel > 0:
            print("encoding file using iso-8859-1")
        while datablock := readable.read(self.blocksize):
            if encode:
                datablock = datablock.encode("iso-8859-1")
            yield datablock

    def _send_output(self, message_body=None, encode_chunked=False):
        """Send the currently buffered request and clear the buffer.

        Appends an extra \\r\\n to the buffer.
        A message_body may be specified, to be appended to the request.
        """
        self._buffer.extend((b"", b""))
        msg = b"\r\n".join(self._buffer)
        del self._buffer[:]
        self.send(msg)
        self._send_body(message_body, encode_chunked)

    def _send_body(self, message_body, encode_chunked):
        """The body half of ``_send_output``: each piece through ``self.send``."""
        if message_body is not None:

            # create a consistent interface to message_body
            if hasattr(message_body, 'read'):
                # Let file-like take precedence over byte-like.  This
                # is needed to allow the current position of mmap'ed
                # files to be taken into account.
                chunks = self._read_readable(message_body)
            else:
                try:
                    # this is solely to check to see if message_body
                    # implements the buffer API.  it /would/ be easier
                    # to capture if PyObject_CheckBuffer was exposed
                    # to Python.
                    memoryview(message_body)
                except TypeError:
                    try:
                        chunks = iter(message_body)
                    except TypeError:
                        raise TypeError("message_body should be a bytes-like "
                                        "object or an iterable, got %r"
                                        % type(message_body))
                else:
                    # the object implements the buffer interface and
                    # can be passed directly into socket methods
                    chunks = (message_body,)

            for chunk in chunks:
                if not chunk:
                    if self.debuglevel > 0:
                        print('Zero length chunk ignored')
                    continue

                if encode_chunked and self._http_vsn == 11:
                    # chunked encoding
                    chunk = f'{len(chunk):X}\r\n'.encode('ascii') + chunk \
                        + b'\r\n'
                self.send(chunk)

            if encode_chunked and self._http_vsn == 11:
                # end chunked transfer
                self.send(b'0\r\n\r\n')

    def putrequest(self, method, url, skip_host=False,
                   skip_accept_encoding=False):
        """Send a request to the server.

        `method' specifies an HTTP request method, e.g. 'GET'.
        `url' specifies the object being requested, e.g. '/index.html'.
        `skip_host' if True does not add automatically a 'Host:' header
        `skip_accept_encoding' if True does not add automatically an
           'Accept-Encoding:' header
        """

        # if a prior response has been completed, then forget about it.
        self._forget_closed_response()

        # in certain cases, we cannot issue another request on this connection.
        # this occurs when:
        #   1) we are in the process of sending a request.   (_CS_REQ_STARTED)
        #   2) a response to a previous request has signalled that it is going
        #      to close the connection upon completion.
        #   3) the headers for the previous response have not been read, thus
        #      we cannot determine whether point (2) is true.   (_CS_REQ_SENT)
        #
        # if there is no prior response, then we can request at will.
        #
        # if point (2) is true, then we will have passed the socket to the
        # response (effectively meaning, "there is no prior response"), and
        # will open a new one when a new request is made.
        #
        # Note: if a prior response exists, then we *can* start a new request.
        #       We are not allowed to begin fetching the response to this new
        #       request, however, until that prior response is complete.
        #
        if self.__state == _CS_IDLE:
            self.__state = _CS_REQ_STARTED
        else:
            raise CannotSendRequest(self.__state)

        self._validate_method(method)

        # Save the method for use later in the response phase
        self._method = method

        url = url or '/'
        self._validate_path(url)

        request = '%s %s %s' % (method, url, self._http_vsn_str)

        self._output(self._encode_request(request))

        if self._http_vsn == 11:
            # Issue some standard headers for better HTTP/1.1 compliance

            if not skip_host:
                # this header is issued *only* for HTTP/1.1
                # connections. more specifically, this means it is
                # only issued when the client uses the new
                # HTTPConnection() class. backwards-compat clients
                # will be using HTTP/1.0 and those clients may be
                # issuing this header themselves. we should NOT issue
                # it twice; some web servers (such as Apache) barf
                # when they see two Host: headers

                # If we need a non-standard port,include it in the
                # header.  If the request is going through a proxy,
                # but the host of the actual URL, not the host of the
                # proxy.

                self.putheader('Host', self._host_header(url))

            # note: we are assuming that clients will not attempt to set these
            #       headers since *this* library must deal with the
            #       consequences. this also means that when the supporting
            #       libraries are updated to recognize other forms, then this
            #       code should be changed (removed or updated).

            # we only want a Content-Encoding of "identity" since we don't
            # support encodings such as x-gzip or x-deflate.
            if not skip_accept_encoding:
                self.putheader('Accept-Encoding', 'identity')

            # we can accept "chunked" Transfer-Encodings, but no others
            # NOTE: no TE header implies *only* "chunked"
            #self.putheader('TE', 'chunked')

            # if TE is supplied in the header, then it must appear in a
            # Connection header.
            #self.putheader('Connection', 'TE')

        else:
            # For HTTP/1.0, the server will assume "not chunked"
            pass

    def _host_header(self, url):
        """The value putrequest() sends as ``Host``: the URL's netloc when the URL
        is absolute, else the (tunnel) host with the port when it is not the default.
        """
        netloc = ''
        if url.startswith('http'):
            nil, netloc, nil, nil, nil = urlsplit(url)
        else:
            # The value computed for these very objects (urllib3 reassigns host).
            cached = self.__dict__.get('_host_header_cache')
            if (cached is not None and cached[0] is self.host and cached[1] is self.port
                    and cached[2] is self._tunnel_host and cached[3] is self._tunnel_port
                    and cached[4] is self.default_port):
                return cached[5]

        if netloc:
            try:
                netloc_enc = netloc.encode("ascii")
            except UnicodeEncodeError:
                netloc_enc = netloc.encode("idna")
            return _strip_ipv6_iface(netloc_enc)
        if self._tunnel_host:
            host = self._tunnel_host
            port = self._tunnel_port
        else:
            host = self.host
            port = self.port

        try:
            host_enc = host.encode("ascii")
        except UnicodeEncodeError:
            host_enc = host.encode("idna")

        # As per RFC 273, IPv6 address should be wrapped with []
        # when used as Host header
        host_enc = self._wrap_ipv6(host_enc)
        if ":" in host:
            host_enc = _strip_ipv6_iface(host_enc)

        if port == self.default_port:
            value = host_enc
        else:
            value = "%s:%s" % (host_enc.decode("ascii"), port)
        # Computed again only when host, port or tunnel change (urllib3 reassigns host).
        self._host_header_cache = (self.host, self.port, self._tunnel_host,
                                   self._tunnel_port, self.default_port, value)
        return value

    def _encode_request(self, request):
        # ASCII also helps prevent CVE-2019-9740.
        return request.encode('ascii')

    def _validate_method(self, method):
        """Validate a method name for putrequest."""
        # prevent http header injection
        match = _contains_disallowed_method_pchar_re.search(method)
        if match:
            raise ValueError(
                    f"method can't contain control characters. {method!r} "
                    f"(found at least {match.group()!r})")
        if not _is_token_method(method):
            raise ValueError(f"method must be an HTTP token (RFC 9110 9.1): {method!r}")

    def _validate_path(self, url):
        """Validate a url for putrequest."""
        # Prevent CVE-2019-9740.
        match = _contains_disallowed_url_pchar_re.search(url)
        if match:
            raise InvalidURL(f"URL can't contain control characters. {url!r} "
                             f"(found at least {match.group()!r})")

    def _validate_host(self, host):
        """Validate a host so it doesn't contain control characters."""
        # Prevent CVE-2019-18348.
        match = _contains_disallowed_url_pchar_re.search(host)
        if match:
            raise InvalidURL(f"URL can't contain control characters. {host!r} "
                             f"(found at least {match.group()!r})")

    def putheader(self, header, *values):
        """Send a request header line to the server.

        For example: h.putheader('Accept', 'text/html')
        """
        if self.__state != _CS_REQ_STARTED:
            raise CannotSendHeader()

        if hasattr(header, 'encode'):
            header = header.encode('ascii')

        if not _is_legal_header_name(header):
            raise ValueError('Invalid header name %r' % (header,))

        values = list(values)
        for i, one_value in enumerate(values):
            if hasattr(one_value, 'encode'):
                values[i] = one_value.encode('latin-1')
            elif isinstance(one_value, int):
                values[i] = str(one_value).encode('ascii')

            if _is_illegal_header_value(values[i]):
                raise ValueError('Invalid header value %r' % (values[i],))

        value = b'\r\n\t'.join(values)
        header = header + b': ' + value
        self._output(header)

    def endheaders(self, message_body=None, *, encode_chunked=False):
        """Indicate that the last header line has been sent to the server.

        This method sends the request to the server.  The optional message_body
        argument can be used to pass a message body associated with the
        request.
        """
        if self.__state == _CS_REQ_STARTED:
            self.__state = _CS_REQ_SENT
        else:
            raise CannotSendHeader()
        self._send_output(message_body, encode_chunked=encode_chunked)

    def request(self, method, url, body=None, headers={}, *,
                encode_chunked=False):
        """Send a complete request to the server."""
        self._send_request(method, url, body, headers, encode_chunked)

    def _forget_closed_response(self):
        """Forget a completed response, as putrequest() does in http.client; and
        when it left the connection unusable (closed before the end of its body,
        or followed by bytes its framing did not account for, already buffered
        or waiting on the socket), close the connection so that the next request
        opens a new one instead of reading the leftovers as its response."""
        response = self.__response
        if response and response.isclosed():
            self.__response = None
            sock = self.sock
            if not response._reusable or (
                    type(sock) is socket.socket and _core.bytes_pending(sock)):
                self._drop_socket()

    def _drop_socket(self):
        """Closes the socket so the next send opens a new one. HTTPConnection's own
        close(), not an override: urllib3's also forgets the request being started
        (its _response_options), and this runs inside putrequest()."""
        HTTPConnection.close(self)

    def _uses_fast_path(self):
        """True when no hook of the request sequence is overridden, by a subclass
        or on the instance, and nothing is traced: then one Rust call encodes the
        head and one write sends it (with a bytes body)."""
        if (self.debuglevel > 0 or self._buffer or type(self._buffer) is not list
                or not _REQUEST_HOOKS.isdisjoint(self.__dict__)):
            # Callers replace _buffer to watch the header lines go out.
            return False
        cls = type(self)
        if cls is HTTPConnection:
            return True
        return all(getattr(cls, name) is getattr(HTTPConnection, name)
                   for name in _REQUEST_HOOKS)

    def _fast_send_request(self, method, url, body, headers, header_names,
                           encode_chunked):
        """_send_request without the putrequest/putheader/endheaders round trips.

        Returns False, having changed nothing, whenever the input needs the
        stdlib sequence (which then raises the stdlib's exact exception).
        """
        self._forget_closed_response()
        if self.__state != _CS_IDLE:
            return False
        url = url or '/'
        try:
            fields = []
            if self._http_vsn == 11:
                if 'host' not in header_names:
                    fields.append(('Host', self._host_header(url)))
                if 'accept-encoding' not in header_names:
                    fields.append(('Accept-Encoding', 'identity'))
            if 'content-length' not in header_names:
                if 'transfer-encoding' not in header_names:
                    encode_chunked = False
                    if body is None:
                        # _get_content_length(None, method)
                        content_length = (0 if method.upper() in _METHODS_EXPECTING_BODY
                                          else None)
                    else:
                        content_length = self._get_content_length(body, method)
                    if content_length is None:
                        if body is not None:
                            encode_chunked = True
                            fields.append(('Transfer-Encoding', 'chunked'))
                    else:
                        fields.append(('Content-Length', str(content_length)))
            else:
                encode_chunked = False
            if headers:
                fields.extend(headers.items())
            if isinstance(body, str):
                body = body.encode('latin-1')
        except Exception:
            return False
        head = _core.encode_request_head(method, url, self._http_vsn_str, fields)
        if head is None:
            return False

        self.__state = _CS_REQ_SENT
        self._method = method
        if self.sock is None:
            if self.auto_open:
                self.connect()
            else:
                raise NotConnected()
        sock = self.sock
        if type(body) is bytes and not (encode_chunked and self._http_vsn == 11):
            data, body = (body or None), None
        else:
            data = None
        if type(sock) is socket.socket:
            sys.audit("http.client.send", self, head)
            if data is not None:
                sys.audit("http.client.send", self, data)
            _core.send_all(sock, head, data)
        elif type(sock) is _SSLSocket:
            # send()'s audit and sendall, without its frame; a small body goes in
            # the head's TLS record.
            sys.audit("http.client.send", self, head)
            if data is None:
                _tls_sendall(sock, head)
            else:
                sys.audit("http.client.send", self, data)
                if len(data) <= 16384:
                    _tls_sendall(sock, head + data)
                else:
                    _tls_sendall(sock, head)
                    _tls_sendall(sock, data)
        else:
            self.send(head)
            if data is not None:
                self.send(data)
        if body is not None:
            self._send_body(body, encode_chunked)
        return True

    def _send_request(self, method, url, body, headers, encode_chunked):
        # Honor explicitly requested Host: and Accept-Encoding: headers.
        header_names = frozenset(k.lower() for k in headers) if headers else _NO_NAMES
        if self._uses_fast_path() and self._fast_send_request(
                method, url, body, headers, header_names, encode_chunked):
            return
        skips = {}
        if 'host' in header_names:
            skips['skip_host'] = 1
        if 'accept-encoding' in header_names:
            skips['skip_accept_encoding'] = 1

        self.putrequest(method, url, **skips)

        # chunked encoding will happen if HTTP/1.1 is used and either
        # the caller passes encode_chunked=True or the following
        # conditions hold:
        # 1. content-length has not been explicitly set
        # 2. the body is a file or iterable, but not a str or bytes-like
        # 3. Transfer-Encoding has NOT been explicitly set by the caller

        if 'content-length' not in header_names:
            # only chunk body if not explicitly set for backwards
            # compatibility, assuming the client code is already handling the
            # chunking
            if 'transfer-encoding' not in header_names:
                # if content-length cannot be automatically determined, fall
                # back to chunked encoding
                encode_chunked = False
                content_length = self._get_content_length(body, method)
                if content_length is None:
                    if body is not None:
                        if self.debuglevel > 0:
                            print('Unable to determine size of %r' % body)
                        encode_chunked = True
                        self.putheader('Transfer-Encoding', 'chunked')
                else:
                    self.putheader('Content-Length', str(content_length))
        else:
            encode_chunked = False

        for hdr, value in headers.items():
            self.putheader(hdr, value)
        if isinstance(body, str):
            # RFC 2616 Section 3.7.1 says that text default has a
            # default charset of iso-8859-1.
            body = _encode(body, 'body')
        self.endheaders(body, encode_chunked=encode_chunked)

    def getresponse(self):
        """Get the response from the server.

        If the HTTPConnection is in the correct state, returns an
        instance of HTTPResponse or of whatever object is returned by
        the response_class variable.

        If a request has not been sent or if a previous response has
        not be handled, ResponseNotReady is raised.  If the HTTP
        response indicates that the connection should be closed, then
        it will be closed before the response is returned.  When the
        connection is closed, the underlying socket is closed.
        """

        # if a prior response has been completed, then forget about it.
        if self.__response and self.__response.isclosed():
            self.__response = None

        # if a prior response exists, then it must be completed (otherwise, we
        # cannot read this response's header to determine the connection-close
        # behavior)
        #
        # note: if a prior response existed, but was connection-close, then the
        # socket and response were made independent of this HTTPConnection
        # object since a new request requires that we open a whole new
        # connection
        #
        # this means the prior response had one of two states:
        #   1) will_close: this connection was reset and the prior socket and
        #                  response operate independently
        #   2) persistent: the response was retained and we await its
        #                  isclosed() status to become true.
        #
        if self.__state != _CS_REQ_SENT or self.__response:
            raise ResponseNotReady(self.__state)

        sock = self.sock
        if (self.response_class is HTTPResponse and self.debuglevel <= 0
                and (type(sock) is socket.socket or type(sock) is _SSLSocket)
                and HTTPResponse.begin is _BEGIN and HTTPResponse.__init__ is _INIT):
            # HTTPResponse(sock, method=...) and begin() in one core call.
            try:
                response = _core.new_response(HTTPResponse, sock, self._method, self.strict,
                                              _MAXLINE, _MAXHEADERS, _UNKNOWN,
                                              type(sock) is _SSLSocket)
            except ConnectionError:
                self.close()
                raise
            if response is not None:
                return self._adopt_response(response)

        # strict= is passed only when asked for, so that response classes written
        # for http.client (which has no such parameter) keep working.
        extra = {'strict': True} if self.strict else {}
        if self.debuglevel > 0:
            response = self.response_class(self.sock, self.debuglevel,
                                           method=self._method, **extra)
        else:
            response = self.response_class(self.sock, method=self._method, **extra)

        try:
            try:
                response.begin()
            except ConnectionError:
                self.close()
                raise
            assert response.will_close != _UNKNOWN
            return self._adopt_response(response)
        except:
            response.close()
            raise

    def _adopt_response(self, response):
        """The end of getresponse(): the connection is idle again, and it either
        passes itself to a response that will close it or remembers the response
        until it is read."""
        self.__state = _CS_IDLE

        if response.will_close:
            # this effectively passes the connection to the response
            self.close()
        else:
            # remember this, so we can tell when it is complete
            self.__response = response

        return response

def _tls_sendall(sock, data):
    """sock.sendall(data) for an ssl.SSLSocket, without its two Python frames and
    memoryview casts: the C object's write() sends all of it (CPython does not
    enable OpenSSL's partial writes; a short count is still finished by sendall)."""
    sslobj = sock._sslobj
    if sslobj is None:
        sock.sendall(data)
        return
    sent = sslobj.write(data)
    if sent < len(data):
        sock.sendall(memoryview(data)[sent:])

_NO_NAMES = frozenset()
# HTTPResponse's own __init__ and begin: while the class has them, getresponse()
# makes plain responses in one core call.
_INIT = HTTPResponse.__init__
_BEGIN = HTTPResponse.begin

# The steps of chunked decoding; overriding one of them moves decoding to Python.
_CHUNK_HOOKS = ('_get_chunk_left', '_safe_read', '_read_next_chunk_size',
                '_read_and_discard_trailer', '_read_chunked')

# The methods of the request sequence; overriding any of them (urllib3 does)
# routes requests through them, in the stdlib's order, instead of the fast path.
_REQUEST_HOOKS = frozenset({
    'putrequest', 'putheader', 'endheaders', 'send', '_send_output', '_send_body',
    '_output', '_validate_method', '_validate_path', '_validate_host',
    '_encode_request', '_get_content_length', '_host_header',
})

try:
    import ssl
except ImportError:
    pass
else:
    class HTTPSConnection(HTTPConnection):
        "This class allows communication via SSL."

        default_port = HTTPS_PORT

        def __init__(self, host, port=None, key_file=None, cert_file=None,
                     timeout=socket._GLOBAL_DEFAULT_TIMEOUT,
                     source_address=None, *, context=None,
                     check_hostname=None, blocksize=8192, strict=False):
            # key_file, cert_file and check_hostname were removed from the
            # stdlib in 3.12; the original httplib documented them, so they keep
            # working here, with the DeprecationWarning 3.6-3.11 gave.
            super(HTTPSConnection, self).__init__(host, port, timeout,
                                                  source_address,
                                                  blocksize=blocksize,
                                                  strict=strict)
            if (key_file is not None or cert_file is not None or
                        check_hostname is not None):
                import warnings
                warnings.warn("key_file, cert_file and check_hostname are "
                              "deprecated, use a custom context instead.",
                              DeprecationWarning, 2)
            self.key_file = key_file
            self.cert_file = cert_file
            if context is None:
                context = _create_https_context(self._http_vsn)
            will_verify = context.verify_mode != ssl.CERT_NONE
            if check_hostname is None:
                check_hostname = context.check_hostname
            if check_hostname and not will_verify:
                raise ValueError("check_hostname needs a SSL context with "
                                 "either CERT_OPTIONAL or CERT_REQUIRED")
            if key_file or cert_file:
                context.load_cert_chain(cert_file, key_file)
                # cert and key file means the user wants to authenticate.
                # enable TLS 1.3 PHA implicitly even for custom contexts.
                if context.post_handshake_auth is not None:
                    context.post_handshake_auth = True
            self._context = context
            if check_hostname is not None:
                self._context.check_hostname = check_hostname

        def connect(self):
            "Connect to a host on a given (SSL) port."

            super().connect()

            if self._tunnel_host:
                server_hostname = self._tunnel_host
            else:
                server_hostname = self.host

            self.sock = self._context.wrap_socket(self.sock,
                                                  server_hostname=server_hostname)

    __all__.append("HTTPSConnection")

class HTTPException(_std.HTTPException):
    # Subclasses of the stdlib's classes, so that ``except http.client.X`` catches
    # ours; constructors and attributes are inherited unchanged.
    pass

class NotConnected(HTTPException, _std.NotConnected):
    pass

class InvalidURL(HTTPException, _std.InvalidURL):
    pass

class UnknownProtocol(HTTPException, _std.UnknownProtocol):
    pass

class UnknownTransferEncoding(HTTPException, _std.UnknownTransferEncoding):
    pass

class UnimplementedFileMode(HTTPException, _std.UnimplementedFileMode):
    pass

class IncompleteRead(HTTPException, _std.IncompleteRead):
    pass

class ImproperConnectionState(HTTPException, _std.ImproperConnectionState):
    pass

class CannotSendRequest(ImproperConnectionState, _std.CannotSendRequest):
    pass

class CannotSendHeader(ImproperConnectionState, _std.CannotSendHeader):
    pass

class ResponseNotReady(ImproperConnectionState, _std.ResponseNotReady):
    pass

class BadStatusLine(HTTPException, _std.BadStatusLine):
    pass

class LineTooLong(HTTPException, _std.LineTooLong):
    def __init__(self, line_type):
        # _MAXLINE of this module, read at call time (the stdlib's reads its own).
        HTTPException.__init__(self, "got more than %d bytes when reading %s"
                                     % (_MAXLINE, line_type))

class RemoteDisconnected(BadStatusLine, _std.RemoteDisconnected):
    pass

class InvalidResponse(HTTPException):
    """A response refused because it could desynchronise the connection or split
    into two: framing headers that disagree (Transfer-Encoding with Content-Length,
    conflicting or malformed Content-Length), a bare CR or NUL in a header line, or
    in strict mode anything RFC 9112 forbids. http.client has no such class (it
    accepted these); it is an HTTPException, so callers catching that catch it."""

_core._set_exceptions(HTTPException, LineTooLong, IncompleteRead,
                      BadStatusLine, RemoteDisconnected, InvalidResponse,
                      UnknownTransferEncoding)

# for backwards compatibility
error = HTTPException
