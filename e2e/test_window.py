"""The real window: opening the demo and reading what a consultant sees."""

import json
import os
import re
import subprocess
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import APP
from test_walkthrough import CLI, api, by_id


def text_of(driver, testid: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]').text


def wait_for_text(driver, testid: str, expected: str, timeout: float = 20):
    WebDriverWait(driver, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
        and expected in text_of(d, testid)
    )


def test_demo_opens_from_the_command_line(launch, screenshot):
    driver = launch("--demo")
    wait_for_text(driver, "municipality", "Musterstadt")
    assert text_of(driver, "municipality") == "Musterstadt"
    assert text_of(driver, "population") == "12.180"
    assert "100 %" in text_of(driver, "progress-1")
    WebDriverWait(driver, 10).until(lambda d: d.title == "Musterstadt – Zukunftskommune")
    screenshot(driver, "01-uebersicht-demo")


def test_start_screen_opens_the_demo_and_undo_works_by_keyboard(launch, screenshot):
    driver = launch()
    WebDriverWait(driver, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="open-demo"]')
    )
    screenshot(driver, "00-startseite")
    driver.find_element(By.CSS_SELECTOR, '[data-testid="open-demo"]').click()
    wait_for_text(driver, "municipality", "Musterstadt")
    # A change through the one command surface, then Ctrl+Z in the window reverts it.
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('api', { command: { goals: { save_goal: { title: 'E2E-Ziel' } } } })
          .then(r => done(r.reply.data.goals.map(g => g.title)), e => done('ERR ' + JSON.stringify(e)));
        """
    )
    assert "E2E-Ziel" in result
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "z")
    titles = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        setTimeout(() => window.__TAURI_INTERNALS__.invoke('api', { command: { goals: 'get' } })
          .then(r => done(r.reply.data.goals.map(g => g.title)), e => done('ERR ' + JSON.stringify(e))), 500);
        """
    )
    assert "E2E-Ziel" not in titles, titles


def test_a_refused_file_shows_a_german_message(launch, data_home, screenshot):
    bad = data_home / "kaputt.zukunft"
    bad.write_text("Das ist keine Projektdatei.\n" * 20, encoding="utf-8")
    before = bad.read_bytes()
    driver = launch(str(bad))
    wait_for_text(driver, "start-error", "keine Zukunftskommune-Projektdatei")
    assert bad.read_bytes() == before
    screenshot(driver, "02-abgelehnte-datei")


def test_workshop_mode_on_a_projector(launch, screenshot):
    driver = launch("--demo")
    driver.set_window_size(1920, 1080)
    wait_for_text(driver, "municipality", "Musterstadt")
    driver.find_element(By.CSS_SELECTOR, '[data-testid="workshop-open"]').click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"]'))
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.CSS_SELECTOR, '[data-testid="workshop-area"]')).select_by_visible_text("Mobilität & Verkehr")
    idea = driver.find_element(By.CSS_SELECTOR, '[data-testid="workshop-idea"]')
    idea.send_keys("Rufbus-App für Oberdorf", Keys.ENTER)
    # textContent, not .text: the new card may sit below the visible part of the list.
    content = lambda el: el.get_attribute("textContent")
    WebDriverWait(driver, 10).until(lambda d: "Rufbus-App für Oberdorf" in content(d.find_element(By.CSS_SELECTOR, '[data-testid="workshop"]')))
    cards = lambda d: [content(li.find_element(By.CSS_SELECTOR, ".text")) for li in d.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"] li') if li.find_elements(By.CSS_SELECTOR, ".text")]
    # Five more cards typed in a row: all there, the newest on top, in view.
    more = ["Carsharing am Bahnhof", "Echtzeit-Anzeige an Haltestellen", "Radwege-Karte online", "Mitfahrbank digital", "Parkplatz-Sensoren"]
    for text in more:
        idea.send_keys(text, Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: cards(d) and cards(d)[0] == text)
    assert cards(driver)[:6] == list(reversed(more)) + ["Rufbus-App für Oberdorf"]
    top = driver.find_element(By.CSS_SELECTOR, '[data-testid="workshop"] li')
    assert driver.execute_script("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;", top)
    # Voting never moves a card under the pointer; sorting happens on demand.
    order = cards(driver)
    row = [li for li in driver.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"] li') if "Rufbus-App" in content(li)][0]
    row.find_element(By.CSS_SELECTOR, '[data-testid="workshop-plus"]').click()
    row.find_element(By.CSS_SELECTOR, '[data-testid="workshop-plus"]').click()
    WebDriverWait(driver, 10).until(lambda d: [content(li.find_element(By.TAG_NAME, "strong")) for li in d.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"] li') if "Rufbus-App" in content(li)] == ["2"])
    assert cards(driver) == order
    screenshot(driver, "20-workshop-modus-1920")
    driver.find_element(By.CSS_SELECTOR, '[data-testid="workshop-sort"]').click()
    WebDriverWait(driver, 10).until(lambda d: cards(d).index("Rufbus-App für Oberdorf") < cards(d).index("Carsharing am Bahnhof"))
    # Esc with a half-typed idea keeps the text and the room.
    idea.send_keys("Bürgerbus nach Unterdorf")
    idea.send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="workshop-hint"]'))
    assert idea.get_attribute("value") == "Bürgerbus nach Unterdorf"
    assert driver.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"]')
    idea.send_keys(Keys.CONTROL, "a")
    idea.send_keys(Keys.BACK_SPACE)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"]'))
    ideas = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('api', { command: { measures: 'get' } })
          .then(r => done(r.reply.data.ideas.filter(i => i.text === 'Rufbus-App für Oberdorf').map(i => i.votes)));
        """
    )
    assert ideas == [2]


def test_recently_opened_projects_are_listed(launch, screenshot):
    driver = launch("--demo")
    wait_for_text(driver, "municipality", "Musterstadt")
    driver.find_element(By.XPATH, "//button[contains(., 'Projekt schließen')]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="recent"]'))
    recent = driver.find_element(By.CSS_SELECTOR, '[data-testid="recent"]')
    assert "Musterstadt" in recent.text
    screenshot(driver, "03-startseite-zuletzt")
    recent.find_element(By.TAG_NAME, "button").click()
    wait_for_text(driver, "municipality", "Musterstadt")


def hand_over(driver, path):
    """What a second launch with a file does: the single-instance plugin emits `open-file`
    with the path to this window (emitted here from the page through Tauri's event API)."""
    driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'open-file', payload: arguments[0] })
          .then(() => done(true), (e) => done(String(e)));
        """,
        str(path),
    )


def test_a_second_file_asks_before_switching_and_keeps_the_typed_field(launch, data_home, screenshot):
    """A file handed over while the consultant is typing: the half-typed field is saved into
    its own project (never into the next one), the window asks before switching, and
    „Bei … bleiben“ keeps the project open."""
    first = data_home / "Musterstadt.zukunft"
    second = data_home / "Zweitdorf.zukunft"
    subprocess.run([str(CLI), "demo", str(first)], check=True, capture_output=True)
    subprocess.run([str(CLI), "new", "--name", "Zweitdorf", str(second)], check=True, capture_output=True)

    driver = launch(str(first))
    wait_for_text(driver, "municipality", "Musterstadt")
    by_id(driver, "nav-1").click()
    mayor = WebDriverWait(driver, 15).until(
        lambda d: d.find_element(By.XPATH, "//label[text()='Verwaltungsspitze']/following-sibling::input")
    )
    mayor.send_keys(" (vertreten)")

    hand_over(driver, second)
    dialog = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="switch-project"]'))
    assert "Zweitdorf.zukunft" in dialog.text and "Musterstadt" in dialog.text
    screenshot(driver, "25-anderes-projekt-oeffnen")
    by_id(driver, "switch-cancel").click()
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="switch-project"]'))
    assert text_of(driver, "municipality") == "Musterstadt"

    hand_over(driver, second)
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="switch-confirm"]')).click()
    wait_for_text(driver, "municipality", "Zweitdorf")
    assert api(driver, {"project": "overview"})["profile"]["mayor"] == ""

    def mayor_of(path):
        out = subprocess.run([str(CLI), "export-json", str(path)], check=True, capture_output=True, text=True).stdout
        return json.loads(out)["tables"]["profile"][0]["body"]["mayor"]

    assert mayor_of(first) == "Bürgermeisterin (Demo) (vertreten)", "the typed field went into its own project"


def test_the_about_dialog_names_the_version_and_the_licences(launch, screenshot):
    driver = launch()
    from test_walkthrough import click, wait_for
    click(wait_for(driver, "about-open"))
    about = wait_for(driver, "about")
    assert "Zukunftskommune 0.1.0" in about.text and "ohne Internet" in about.text
    rows = about.find_elements(By.CSS_SELECTOR, '[data-testid="about-components"] tbody tr')
    assert len(rows) > 500
    by_id(driver, "about-filter").send_keys("typst-pdf")
    WebDriverWait(driver, 5).until(lambda d: len(about.find_elements(By.CSS_SELECTOR, "tbody tr")) < 5)
    assert "typst-pdf" in about.find_element(By.CSS_SELECTOR, "tbody").text
    screenshot(driver, "51-ueber-zukunftskommune")


def test_chart_labels_stay_inside_their_image(launch, data_home, screenshot):
    """The window shows the core's charts as images, drawn with the computer's fonts (an image
    cannot use the page's): labels laid out for Liberation Sans ran past the image's edge where a
    wider font stood in (DejaVu Sans: „-01-10 Digitale Arbeitsplätze…“, „…750.000 €“ cut off).
    The charts name Liberation Sans and its metric twins (Arial, Helvetica) first, and the Linux
    packages depend on fonts-liberation. Checked on the screen: no ink in the image's outer
    columns."""
    from test_walkthrough import new_project, wait_for

    path = new_project(data_home)
    lines = [
        # 46 characters on the label's first line: the widest a roadmap label gets.
        {"measures": {"save_measure": {"title": "Digitale Arbeitsplätze und Kompetenzen der Beschäftigten",
                                       "start_quarter": "2027", "end_quarter": "2028",
                                       "cost_once_cents": 150_500_000, "funding_programme": "Testprogramm", "funding_rate": 50}}},
        {"measures": {"save_measure": {"title": "Verkehrsflüsse digital steuern mit vernetzten Lichtsignalanlagen",
                                       "start_quarter": "2027-Q3", "end_quarter": "2029-Q2",
                                       "cost_once_cents": 4_000_000}}},
    ]
    commands = data_home / "lange-titel.jsonl"
    commands.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\n", encoding="utf-8")
    subprocess.run([str(CLI), "apply", str(path), str(commands)], check=True, capture_output=True)
    driver = launch(str(path))
    wait_for_text(driver, "municipality", "Neustadt")
    wait_for(driver, "nav-4").click()

    def ink_at_edges(tab: str) -> tuple[int, int]:
        wait_for(driver, f"tab-{tab}").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "img.chart"))
        img = driver.find_element(By.CSS_SELECTOR, "img.chart")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
        box = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return [r.left, r.top, r.right, r.bottom, window.devicePixelRatio];", img)
        shot = screenshot(driver, f"diagramm-{tab}")
        from PIL import Image

        picture = Image.open(shot).convert("L")
        left, top, right, bottom, scale = box
        rows = range(int(top * scale) + 2, int(bottom * scale) - 2)
        def dark(columns):
            return sum(1 for x in columns for y in rows if picture.getpixel((x, y)) < 110)
        return (dark(range(int(left * scale) + 1, int(left * scale) + 3)),
                dark(range(int(right * scale) - 3, int(right * scale) - 1)))

    assert ink_at_edges("roadmap") == (0, 0), "a roadmap label runs past the image's edge"
    assert ink_at_edges("budget") == (0, 0), "a budget label runs past the image's edge"
    # The second measure names no Förderquote: its funding is open, said under the table.
    assert "noch keine Förderquote angegeben (M-00-02)" in text_of(driver, "budget-notes")


def test_no_scrollbar_shows_through_a_dialog(launch, screenshot):
    """Without GL (as the app runs, `GDK_GL=disable`) WebKitGTK painted the system's overlay
    scrollbars and a text field's resize grip after everything else: the sidebar's scrollbar and
    the chapters' text fields showed through every dialog. On a laptop's screen, with the chapters
    under it, the dialog's empty band between its title and its text is white from edge to
    edge."""
    from PIL import Image

    driver = launch("--demo")
    wait_for_text(driver, "municipality", "Musterstadt")
    driver.set_window_size(1366, 768)
    by_id(driver, "nav-5").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "textarea"))
    driver.execute_script("document.scrollingElement.scrollBy(0, 700)")
    by_id(driver, "send-copy-open").click()
    dialog = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="send-copy"]'))
    band = driver.execute_script(
        "const d = arguments[0].getBoundingClientRect();"
        "const h = arguments[0].querySelector('h2').getBoundingClientRect();"
        "const p = arguments[0].querySelector('p').getBoundingClientRect();"
        "return [d.left + 2, h.bottom + 3, d.right - 2, p.top - 3, window.devicePixelRatio];", dialog)
    left, top, right, bottom, scale = band
    assert bottom - top > 8 and right - left > 600, band
    picture = Image.open(screenshot(driver, "dialog-ueber-kapiteln")).convert("L")
    marks = [(x, y) for x in range(int(left * scale), int(right * scale))
             for y in range(int(top * scale), int(bottom * scale)) if picture.getpixel((x, y)) < 245]
    assert marks == [], f"{len(marks)} dark pixels in the dialog's empty band, first at {marks[:3]}"


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (WebKit may start its processes through a sandbox)."""
    parent_of = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent_of[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        children = [p for p, parent in parent_of.items() if parent == current]
        found += children
        todo += children
    return found


def test_the_window_process_loads_no_gl_driver(launch, data_home):
    """GTK draws the window with cairo (`GDK_GL=disable`), yet WebKit's EGL check loaded Mesa's
    driver with LLVM (51 MB) into the app's process. The app keeps it out
    (src-tauri `keep_gl_drivers_out_of_the_window_process`), and WebKit's web process, which
    cannot start without its EGL driver, is started with the environment unchanged."""
    driver = launch("--demo")
    wait_for_text(driver, "municipality", "Musterstadt")
    apps = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.readlink(entry / "exe") == str(APP):
                if f"XDG_DATA_HOME={data_home}".encode() in (entry / "environ").read_bytes():
                    apps.append(int(entry.name))
        except OSError:
            continue
    assert len(apps) == 1, apps
    maps = Path(f"/proc/{apps[0]}/maps").read_text()
    drivers = {line.split()[-1] for line in maps.splitlines() if re.search(r"LLVM|_dri\.so|libgallium", line)}
    assert not drivers, f"GL driver in the window's process: {sorted(drivers)}"
    def name(pid: int) -> str:
        try:
            return Path(f"/proc/{pid}/comm").read_text()
        except OSError:
            return ""

    web = [p for p in descendants(apps[0]) if name(p).startswith("WebKitWeb")]
    assert web, "no WebKit web process below the app"
    for pid in web:
        assert b"zukunftskommune-window-without-gl" not in Path(f"/proc/{pid}/environ").read_bytes()
    # The page is drawn: the demo's overview with its numbers.
    assert text_of(driver, "population") == "12.180"
