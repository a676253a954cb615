"""`newsexplorer serve` in a real headless Chromium: the page loads, the app starts in it, a query typed in the
browser reaches the app and its results come back to the page.

The terminal is drawn on a canvas, so the test reads what the page receives instead: the app's screen updates
arrive as WebSocket frames, which Chrome's DevTools protocol reports (Network.webSocketFrameReceived).
"""
from __future__ import annotations

import asyncio
import base64
import json
import re
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")

ARTICLE = ("Title: Kushner and Witkoff brief the envoys\nSource: Test Wire\nDate: 2026-01-07\n\n"
           "Jared Kushner and Steve Witkoff briefed European envoys on the draft in Paris on Tuesday.\n")
OTHER = ("Title: Grain corridor reopens\nSource: Test Wire\nDate: 2026-01-08\n\n"
         "Ships left Odesa on Monday as the grain corridor reopened after repairs to the port.\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(proc: subprocess.Popen, port: int) -> bool:
    """`proc` itself listens on `port` (not some other process that took the port between free_port() and now)."""
    import psutil

    try:
        return any(c.status == psutil.CONN_LISTEN and c.laddr.port == port
                   for c in psutil.Process(proc.pid).net_connections(kind="tcp"))
    except psutil.Error:
        return False


def wait_for_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def start_server(data, log, timeout: float = 180) -> tuple[subprocess.Popen, int]:
    """`newsexplorer serve` on a free port, once it listens there and answers; another port if one was taken in
    between (other test runs share the machine). Its output goes to `log` (a pipe nobody reads could fill up)."""
    for _ in range(5):
        port = free_port()
        with open(log, "wb") as out:
            server = subprocess.Popen([sys.executable, "-m", "newsexplorer", "--index-dir", str(data), "serve",
                                       "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        deadline = time.monotonic() + timeout
        while server.poll() is None and not listening(server, port):
            if time.monotonic() > deadline:
                os.killpg(server.pid, 9)
                raise AssertionError(f"newsexplorer serve did not listen on port {port} in {timeout} s")
            time.sleep(0.1)
        if server.poll() is None:
            wait_for_http(f"http://127.0.0.1:{port}/", timeout=timeout)
            return server, port
        err = log.read_text(errors="replace")
        if "address already in use" not in err.lower():
            raise AssertionError(f"newsexplorer serve exited with {server.returncode}: {err[-2000:]}")
    raise AssertionError("no free port for newsexplorer serve in five tries")


ANSI = re.compile(rb"\x1b(?:\[[0-9;:?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


class DevTools:
    """The few DevTools calls the test needs, over the page's WebSocket (aiohttp comes with textual-serve)."""

    def __init__(self, ws):
        self.ws, self.next_id, self.frames = ws, 0, []

    async def call(self, method: str, **params):
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json(timeout=120)
            if message.get("method") == "Network.webSocketFrameReceived":
                self.frames.append(message["params"]["response"])
            elif message.get("id") == self.next_id:
                return message.get("result", {})

    async def received(self, *needles: bytes, timeout: float) -> bool:
        """Wait until the page has received one of `needles` in a WebSocket frame (`timeout`: a guard only)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # styles split words ("1" bold, " result" not): look in the text without escape sequences
            shown = ANSI.sub(b"", b"".join(self.payload(f) for f in self.frames))
            if any(needle in shown or any(needle in self.payload(f) for f in self.frames) for needle in needles):
                return True
            try:
                message = await self.ws.receive_json(timeout=0.5)
            except asyncio.TimeoutError:
                continue
            if message.get("method") == "Network.webSocketFrameReceived":
                self.frames.append(message["params"]["response"])
        return False

    @staticmethod
    def payload(frame: dict) -> bytes:
        data = frame.get("payloadData", "")
        return base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()

    async def type(self, text: str) -> None:
        for ch in text:
            await self.call("Input.insertText", text=ch)


@pytest.fixture
def served(write, tmp_path):
    write("kushner.txt", ARTICLE)
    write("grain.txt", OTHER)
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "newsexplorer", "--index-dir", str(data), "index", str(write.folder),
                    "--no-enrich"], check=True, capture_output=True, timeout=300)
    server, port = start_server(data, tmp_path / "serve.log")
    try:
        yield port
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


def test_the_app_runs_in_a_browser_and_answers_a_query(served, tmp_path):
    aiohttp = pytest.importorskip("aiohttp")
    port = served  # how fast the first page comes is a figure: bench/serve_bench.py measures it
    profile = tmp_path / "chromium"
    browser = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1200,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    async def drive() -> tuple[bool, bool, bool]:
        # Chromium picks its own DevTools port and writes it to DevToolsActivePort once it listens
        active, deadline = profile / "DevToolsActivePort", time.monotonic() + 120
        while True:
            try:
                debug_port = int(active.read_text().split()[0])
                with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list", timeout=10) as response:
                    pages = [p for p in json.load(response) if p.get("type") == "page"]
                if pages:
                    break
            except (OSError, ValueError, IndexError):
                pass
            if time.monotonic() > deadline or browser.poll() is not None:
                raise RuntimeError("Chromium did not open its DevTools port")
            await asyncio.sleep(0.2)
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.call("Network.enable")
                await tools.call("Emulation.setFocusEmulationEnabled", enabled=True)
                await tools.call("Page.enable")
                await tools.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                listing = await tools.received(b"Grain corridor", timeout=180)  # the search view lists both
                both = await tools.received(b"Kushner and Witkoff", timeout=60)
                await tools.call("Runtime.evaluate", expression="document.querySelector('.xterm-helper-textarea').focus()")
                tools.frames.clear()
                await tools.type("/witkoff")
                answered = await tools.received(b"1 result", b"1 match", timeout=180)
                return listing, both, answered

    try:
        listing, both, answered = asyncio.run(drive())
    finally:
        os.killpg(browser.pid, 9)
        browser.wait(timeout=10)
    assert listing and both, "the search view did not render the articles in the browser"
    assert answered, "a query typed in the browser did not come back with its one result"
