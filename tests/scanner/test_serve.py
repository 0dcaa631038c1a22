"""The built-in server for local folders: a browser dropping a download is not an error."""
import socket
import struct
import threading
import urllib.request
from urllib.parse import urlsplit

from a11y.serve import serve_directory


def test_a_dropped_connection_prints_no_traceback(tmp_path, capfd):
    # Large enough that the server is still writing when the client resets the connection.
    with open(tmp_path / "video.mp4", "wb") as f:
        f.truncate(64 * 1024 * 1024)
    with serve_directory(tmp_path) as base:
        before = set(threading.enumerate())
        with socket.create_connection(("127.0.0.1", urlsplit(base).port)) as client:
            client.sendall(b"GET /video.mp4 HTTP/1.0\r\n\r\n")
            assert client.recv(64).startswith(b"HTTP/1.0 200")
            handlers = set(threading.enumerate()) - before  # the thread still sending the file
            # Close with a reset, as a browser tab that goes away does.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert len(handlers) == 1
        for thread in handlers:
            thread.join()
    err = capfd.readouterr().err
    assert err == ""


def test_utf8_pages_that_declare_no_encoding_are_served_as_utf8(tmp_path):
    (tmp_path / "plain.html").write_bytes("<!doctype html><title>t</title><button>Next…</button>".encode())
    (tmp_path / "declared.html").write_bytes(
        '<!doctype html><meta charset="windows-1252"><title>t</title><p>café</p>'.encode("cp1252"))
    (tmp_path / "latin.html").write_bytes("<!doctype html><title>t</title><p>café</p>".encode("cp1252"))
    (tmp_path / "bom.html").write_bytes(b"\xef\xbb\xbf<!doctype html><title>t</title>")
    with serve_directory(tmp_path) as base:
        def content_type(name):
            with urllib.request.urlopen(base + name) as r:
                return r.headers["Content-Type"]
        assert content_type("plain.html") == "text/html; charset=utf-8"
        assert [content_type(n) for n in ("declared.html", "latin.html", "bom.html")] == ["text/html"] * 3
