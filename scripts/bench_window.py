"""Benchmark (prints figures, asserts nothing): one field edit in the real window on a project
with 1,500 measures, from the field's change event (leaving the field) to the repainted view.
Run by scripts/bench-window.sh (release build, Xvfb).

Measured in the page: every change of the page's DOM after the change event is observed; the
time is taken at the second animation frame after the last one (the first frame draws it, by
the second it is on the screen), once nothing has changed for 400 ms: the saved view, the
header and the sidebar's progress after the overview is read again all count."""

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
const b = window.__zkBench = { t0: null, painted: 0, changed: 0, first: 0 };
new MutationObserver(() => {
  if (b.t0 === null) return;
  b.changed = performance.now();
  if (!b.first) b.first = b.changed;
  // The frame that draws this change, and the next one: by then it is on the screen.
  requestAnimationFrame(() => requestAnimationFrame(() => { b.painted = performance.now(); }));
}).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
document.addEventListener('change', () => { if (b.t0 === null) b.t0 = performance.now(); }, true);
"""

# Settled: nothing in the page has changed for QUIET ms after the last change was painted.
SETTLED = """
const done = arguments[arguments.length - 1];
const b = window.__zkBench;
const QUIET = 400;
function check() {
  const now = performance.now();
  if (b.t0 !== null && b.painted > b.changed && now - b.painted > QUIET) done([b.painted - b.t0, b.first - b.t0, b.changed - b.t0]);
  else setTimeout(check, 20);
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
                driver.execute_script("Object.assign(window.__zkBench, { t0: null, painted: 0, changed: 0, first: 0 });")
                field = by_id("sb-lead")
                field.click()
                field.send_keys(Keys.CONTROL, "a")
                field.send_keys(f"Hauptamt {i}", Keys.TAB)
                times.append(driver.execute_async_script(SETTLED))
            first = times.pop(0)
            total = [t[0] for t in times]
            print(f"Feld geändert bis neu gezeichnet ({MEASURES} Maßnahmen, Release-Build): erste Änderung {first[0]:.0f} ms, "
                  f"danach Median {statistics.median(total):.0f} ms aus {len(total)} (min {min(total):.0f}, max {max(total):.0f}); "
                  f"davon bis zur ersten Änderung der Seite (Antwort des Kerns da) Median {statistics.median(t[1] for t in times):.0f} ms, "
                  f"bis zur letzten {statistics.median(t[2] for t in times):.0f} ms")
        finally:
            driver.quit()
    finally:
        driver_proc.terminate()


if __name__ == "__main__":
    main()
