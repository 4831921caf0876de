"""Benchmark (prints figures, asserts nothing): one field edit in the real window on a project
with 1,500 measures, from the field's change event (leaving the field) to the repainted view,
every call to the core it caused answered. Run by scripts/bench-window.sh (release build, Xvfb).

Measured in the page: the app's calls to the core are counted as they start and end; after
the change event the time is taken at the second animation frame after the last answer, when
no call is running any more (the first frame draws the new state, the second one shows it)."""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import WebDriverWait

APP, CLI, MEASURES, EDITS = sys.argv[1], sys.argv[2], int(sys.argv[3]), 11

INSTRUMENT = """
const b = window.__zkBench = { inflight: 0, t0: null, last: 0 };
const internals = window.__TAURI_INTERNALS__;
const invoke = internals.invoke.bind(internals);
internals.invoke = (...args) => {
  b.inflight += 1;
  return invoke(...args).finally(() => { b.inflight -= 1; b.last = performance.now(); });
};
document.addEventListener('change', () => { if (b.t0 === null) b.t0 = performance.now(); }, true);
"""

SETTLED = """
const done = arguments[arguments.length - 1];
const b = window.__zkBench;
function check() {
  if (b.t0 !== null && b.inflight === 0 && b.last > b.t0) {
    requestAnimationFrame(() => {
      if (b.inflight !== 0) { requestAnimationFrame(check); return; }
      requestAnimationFrame(() => done(performance.now() - b.t0));
    });
  } else {
    requestAnimationFrame(check);
  }
}
check();
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def project(folder: Path) -> Path:
    path = folder / "Grossstadt.zukunft"
    subprocess.run([CLI, "new", str(path), "--name", "Großstadt", "--ags", "08111000", "--population", "600000",
                    "--start", "01.02.2027"], check=True, capture_output=True)
    lines = []
    for i in range(MEASURES):
        lines.append('{"measures":{"save_measure":{"title":"Maßnahme %d für den Messlauf","description":"Beschreibung %d",'
                     '"goal":"Ziel %d","lead":"Amt %d","start_quarter":"2027-Q%d","end_quarter":"2028-Q4",'
                     '"cost_once_cents":%d,"cost_yearly_cents":%d}}}' % (i, i, i, i % 12, i % 4 + 1, 100000 * (i % 50 + 1), 20000))
    commands = folder / "massnahmen.jsonl"
    commands.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run([CLI, "apply", str(path), str(commands)], check=True, capture_output=True)
    return path


def main():
    folder = Path(tempfile.mkdtemp())
    started = time.time()
    path = project(folder)
    print(f"Projekt mit {MEASURES} Maßnahmen angelegt ({time.time() - started:.1f} s)")
    port, native = free_port(), free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(folder / "daten"))
    driver_proc = subprocess.Popen(["tauri-driver", "--port", str(port), "--native-port", str(native)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        opts = ArgOptions()
        opts.set_capability("browserName", "wry")
        opts.set_capability("tauri:options", {"application": APP, "args": [str(path)]})
        driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=opts)
        try:
            driver.set_window_size(1600, 1000)
            by_id = lambda t: WebDriverWait(driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, f'[data-testid="{t}"]'))
            by_id("nav-4").click()
            by_id("tab-massnahmen").click()
            rows = WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid^="steckbrief-M-"]'))
            button = rows[len(rows) // 2]
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
            button.click()
            field = by_id("sb-lead")
            driver.execute_script(INSTRUMENT)
            times = []
            for i in range(EDITS):
                driver.execute_script("window.__zkBench.t0 = null;")
                field = by_id("sb-lead")
                field.click()
                field.send_keys(Keys.CONTROL, "a")
                field.send_keys(f"Hauptamt {i}", Keys.TAB)
                times.append(driver.execute_async_script(SETTLED))
            first = times.pop(0)
            print(f"Feld geändert bis neu gezeichnet ({MEASURES} Maßnahmen, Release-Build): erste Änderung {first:.0f} ms, "
                  f"danach Median {statistics.median(times):.0f} ms aus {len(times)} (min {min(times):.0f}, max {max(times):.0f})")
        finally:
            driver.quit()
    finally:
        driver_proc.terminate()


if __name__ == "__main__":
    main()
