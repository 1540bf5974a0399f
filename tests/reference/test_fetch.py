"""fetch-reference against a local HTTP server: never the network."""

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.reference.fetch import FetchError, fetch_onet


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture
def server():
    routes: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = routes.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield routes, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_onet_extracts_the_release_files(tmp_path: Path, server):
    routes, base = server
    routes["/onet.zip"] = _zip(
        {
            "db_29_2_text/Occupation Data.txt": "O*NET-SOC Code\tTitle\tDescription\n15-2051.00\tData Scientists\tx\n",
            "db_29_2_text/Read Me.txt": "CC BY 4.0",
            "db_29_2_text/Abilities.txt": "not used",
        }
    )
    written = fetch_onet(tmp_path / "onet", f"{base}/onet.zip")
    assert sorted(p.name for p in written) == ["Occupation Data.txt", "Read Me.txt"]
    assert (tmp_path / "onet" / "Occupation Data.txt").read_text().startswith("O*NET-SOC Code")


def test_fetch_reference_command_downloads_oews_workbooks(tmp_path: Path, server, capsys):
    routes, base = server
    routes["/oews.zip"] = _zip(
        {"oesm25in4/nat4d_M2025_dl.xlsx": "x", "oesm25in4/field_descriptions.xlsx": "y"}
    )
    code = main(["fetch-reference", "oews", "--raw-dir", str(tmp_path), "--oews-url", f"{base}/oews.zip"])
    assert code == 0
    assert [p.name for p in (tmp_path / "oews").iterdir()] == ["nat4d_M2025_dl.xlsx"]


def test_fetch_errors_are_clear(tmp_path: Path, server):
    routes, base = server
    routes["/page.zip"] = b"<html>not a zip</html>"
    with pytest.raises(FetchError, match="did not return a zip"):
        fetch_onet(tmp_path, f"{base}/page.zip")
    with pytest.raises(FetchError, match="cannot download"):
        fetch_onet(tmp_path, f"{base}/missing.zip")
