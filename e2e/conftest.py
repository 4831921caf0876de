"""WebDriver fixtures for the real Zukunftskommune window (tauri-driver + WebKitWebDriver).

Run through `make e2e`, which builds the app and starts Xvfb. Each test gets its own
tauri-driver on free ports and its own empty app data folder (XDG_DATA_HOME).
"""

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from PIL import ImageGrab
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions

APP = Path(os.environ.get("ZK_APP", "target/debug/zukunftskommune-desktop")).resolve()
SHOTS = Path(os.environ.get("ZK_SCREENSHOTS", "target/e2e-screenshots")).resolve()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def data_home():
    # The web view may still write its cache for a moment after the driver stopped it: clean up
    # what can be cleaned, and never fail a test over a left-over cache folder.
    with tempfile.TemporaryDirectory(prefix="zk-e2e-", ignore_cleanup_errors=True) as d:
        yield Path(d)


@pytest.fixture
def launch(data_home):
    """Starts the app with the given command-line arguments; returns the WebDriver session."""
    started = []

    def start(*args: str):
        port, native = free_port(), free_port()
        env = dict(os.environ, XDG_DATA_HOME=str(data_home))
        driver_proc = subprocess.Popen(
            ["tauri-driver", "--port", str(port), "--native-port", str(native)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # tauri-driver listens first and starts WebKitWebDriver behind it: wait for both.
        deadline = time.time() + 20
        for p in (port, native):
            while time.time() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", p), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
        opts = ArgOptions()
        opts.set_capability("browserName", "wry")
        opts.set_capability("tauri:options", {"application": str(APP), "args": list(args)})
        for attempt in range(5):
            try:
                driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=opts)
                break
            except Exception:
                if attempt == 4:
                    driver_proc.send_signal(signal.SIGTERM)
                    raise
                time.sleep(1)
        started.append((driver, driver_proc))
        return driver

    yield start
    for driver, proc in started:
        try:
            driver.quit()
        except Exception:
            pass
        # SIGTERM (not SIGKILL) so tauri-driver also stops WebKitWebDriver.
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def screenshot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(driver, name: str) -> Path:
        """The window as it is on the screen (read from the X server), after two frames.
        WebKit's own WebDriver screenshot waits for a presentation update that does not come
        after a resize while GTK draws the page with cairo (`GDK_GL=disable`, src-tauri)."""
        path = SHOTS / f"{name}.png"
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
        )
        r = driver.get_window_rect()
        box = (r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"])
        ImageGrab.grab(bbox=box).save(path)
        return path

    return take


MINIBROWSER = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")


@pytest.fixture
def phone():
    """A phone's browser for the room's page: WebKit's MiniBrowser (the engine of Safari, from
    the same apt package as the app's web view) driven by WebKitWebDriver, at a phone's size."""
    started = []

    def start(url: str):
        port = free_port()
        proc = subprocess.Popen(
            ["WebKitWebDriver", f"--port={port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        opts = ArgOptions()
        opts.set_capability("browserName", "MiniBrowser")
        opts.set_capability(
            "webkitgtk:browserOptions",
            {"binary": str(MINIBROWSER), "args": ["--automation", "--geometry=390x844"]},
        )
        driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=opts)
        started.append((driver, proc))
        driver.set_window_size(390, 844)
        driver.get(url)
        return driver

    yield start
    for driver, proc in started:
        try:
            driver.quit()
        except Exception:
            pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
