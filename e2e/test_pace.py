"""At the consultant's pace, on a 1280×800 laptop: find a measure in two keys, edit it, undo
without losing the place; answer the check by keyboard; the room votes by keyboard."""

import subprocess
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_walkthrough import CLI, api, by_id, click, eventually, wait_for


def keys(driver, *sequence):
    """Types into whatever has the focus, as a keyboard would."""
    ActionChains(driver).send_keys(*sequence).perform()


def ctrl(driver, key):
    ActionChains(driver).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


def focused_testid(driver):
    return driver.execute_script("return document.activeElement && document.activeElement.dataset.testid")


def find_and_open(driver, query):
    ctrl(driver, "k")
    field = wait_for(driver, "find-query")
    WebDriverWait(driver, 10).until(lambda d: d.switch_to.active_element == field)
    keys(driver, query)
    # Read in one script call: the hits re-render while the query is typed.
    first_hit = "const h = document.querySelector('[data-testid=find-hit]'); return h ? h.textContent : '';"
    WebDriverWait(driver, 10).until(lambda d: query.lower() in d.execute_script(first_hit).lower())
    keys(driver, Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="find"]'))


def place(driver):
    """Where the consultant is: window scroll, Steckbrief scroll, open Steckbrief."""
    return driver.execute_script(
        "const s = document.querySelector('[data-testid=steckbrief]');"
        "return [Math.round(window.scrollY), s ? Math.round(s.scrollTop) : null,"
        " document.querySelector('[data-testid=sb-number]')?.textContent ?? null];"
    )


def test_search_opens_a_steckbrief_and_undo_keeps_the_place(launch, screenshot):
    driver = launch("--demo")
    driver.set_window_size(1280, 800)
    wait_for(driver, "municipality")
    find_and_open(driver, "M-04-03")
    sheet = wait_for(driver, "steckbrief")
    WebDriverWait(driver, 10).until(lambda d: focused_testid(d) == "sb-title")
    assert by_id(driver, "sb-number").text == "M-04-03"
    assert "E-Carsharing am Rathaus" in by_id(driver, "sb-title").get_attribute("value")
    # The row of the list is marked, and its button says which Steckbrief it opens.
    assert driver.find_element(By.CSS_SELECTOR, '[data-testid="steckbrief-M-04-03"]').get_attribute("aria-label").startswith("Steckbrief M-04-03")
    screenshot(driver, "30-suche-steckbrief-1280")

    # Change the one-off cost far down the Steckbrief.
    once = by_id(driver, "sb-once")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", once)
    before_cost = api(driver, {"measures": "get"})
    old = next(m for m in before_cost["measures"] if m["measure"]["number"] == "M-04-03")["measure"]["cost_once_cents"]
    click(once)
    once.send_keys(Keys.CONTROL, "a")
    once.send_keys("15 T€", Keys.TAB)
    eventually(lambda: next(m for m in api(driver, {"measures": "get"})["measures"] if m["measure"]["number"] == "M-04-03")["measure"]["cost_once_cents"] == 1_500_000)
    WebDriverWait(driver, 10).until(lambda d: "Gespeichert" in by_id(d, "save-state").text)
    where = place(driver)
    assert where[1] and where[1] > 0, f"the Steckbrief scrolled to the cost: {where}"

    # Ctrl+Z from the (saved) next field undoes the project's change, not the text field.
    assert focused_testid(driver) == "sb-yearly"
    ctrl(driver, "z")
    eventually(lambda: next(m for m in api(driver, {"measures": "get"})["measures"] if m["measure"]["number"] == "M-04-03")["measure"]["cost_once_cents"] == old)
    WebDriverWait(driver, 10).until(lambda d: by_id(d, "sb-once").get_attribute("value") != "15.000")
    # Still the same Steckbrief, the same scroll positions, the focus where it was; the undone
    # field is highlighted.
    assert place(driver) == where
    assert focused_testid(driver) == "sb-yearly"
    assert driver.execute_script("return !!document.querySelector('[data-testid=sb-once]').closest('.changed')")
    assert api(driver, {"history": "state"})["redo_label"] == "Maßnahme geändert"
    time.sleep(0.3)  # the window's snapshot lags a frame behind the DOM
    screenshot(driver, "31-rueckgaengig-am-platz-1280")

    # ‹ › step through the list; the list keeps number, title, priority and status readable.
    click(by_id(driver, "sb-next"))
    WebDriverWait(driver, 10).until(lambda d: by_id(d, "sb-number").text == "M-04-04")
    row = driver.find_element(By.CSS_SELECTOR, '[data-testid="measures-table"] tbody tr')
    assert row.text.split("\n")[0].startswith("M-00-01")
    # The portfolio at its own size with numbered dots; a dot opens its Steckbrief.
    click(by_id(driver, "tab-portfolio"))
    chart = wait_for(driver, "portfolio")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", chart))
    assert driver.execute_script("return arguments[0].naturalWidth === arguments[0].clientWidth", chart)
    screenshot(driver, "39-portfolio-1280")
    dot = [p for p in driver.find_elements(By.CSS_SELECTOR, '[data-testid="chart-point"]') if "M-02-03" in p.get_attribute("aria-label")][0]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", dot)
    click(dot)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="sb-number"]') and by_id(d, "sb-number").text == "M-02-03")
    click(by_id(driver, "sb-next"))
    WebDriverWait(driver, 10).until(lambda d: by_id(d, "sb-number").text == "M-02-04")
    for size, name in [((1366, 768), "32-steckbrief-1366"), ((1920, 1080), "33-steckbrief-1920")]:
        driver.set_window_size(*size)
        time.sleep(0.3)
        screenshot(driver, name)
    # Nothing in the list or the Steckbrief sticks out of the window at any of the sizes.
    for size in [(1280, 800), (1366, 768)]:
        driver.set_window_size(*size)
        time.sleep(0.3)
        wide = driver.execute_script(
            "return [...document.querySelectorAll('[data-testid=view-measures] *')]"
            ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5);"
        )
        assert wide == [], f"{size}: {wide}"
        # The list ends where the Steckbrief begins; the Steckbrief's head is below the window's.
        table, sheet, head, top = driver.execute_script(
            "const r = (s) => document.querySelector(s).getBoundingClientRect();"
            "return [Math.max(...[...document.querySelectorAll('[data-testid=measures-table] td, [data-testid=measures-table] th')].map(e => e.getBoundingClientRect().right)),"
            " r('[data-testid=steckbrief]').left,"
            " r('[data-testid=sb-number]').top, r('header.topbar').bottom];"
        )
        assert table <= sheet, f"{size}: list {table} runs under the Steckbrief at {sheet}"
        assert head >= top, f"{size}: Steckbrief head at {head} under the window header ending {top}"

    # Redo from another Baustein says where the change is and leads there.
    click(by_id(driver, "nav-1"))
    wait_for(driver, "view-goals")
    driver.find_element(By.TAG_NAME, "body").click()
    ctrl(driver, "y")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="status-go"]'))
    assert "Wiederholt: Maßnahme geändert (Baustein 4)" in by_id(driver, "status").text
    click(by_id(driver, "status-go"))
    wait_for(driver, "view-measures")


def test_the_check_answered_by_keyboard_alone(launch, screenshot):
    path = Path(tempfile.mkdtemp()) / "Tastendorf.zukunft"
    subprocess.run([str(CLI), "new", str(path), "--name", "Tastendorf", "--ags", "08999077"], check=True, capture_output=True)
    driver = launch(str(path))
    driver.set_window_size(1280, 800)
    wait_for(driver, "municipality")
    view = api(driver, {"check": "get"})
    first_two = [d for d in view["dimensions"] if d["items"]][:2]
    items = [i["item"]["key"] for d in first_two for i in d["items"]]
    find_and_open(driver, items[0])
    WebDriverWait(driver, 10).until(lambda d: focused_testid(d) == f"item-{items[0]}")
    pressed = 0
    for n, key in enumerate(items):
        WebDriverWait(driver, 10).until(lambda d: focused_testid(d) == f"item-{key}")
        ist, soll = str(n % 4), str(n % 4 + 1)
        keys(driver, ist)
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(soll).key_up(Keys.SHIFT).perform()
        keys(driver, Keys.ENTER)
        pressed += 3
    assert pressed <= 4 * len(items)

    def all_answered():
        answers = {i["item"]["key"]: i["answer"] for d in api(driver, {"check": "get"})["dimensions"] for i in d["items"]}
        return all(
            answers[k] and answers[k]["ist"] == n % 4 and answers[k]["soll"] == n % 4 + 1
            for n, k in enumerate(items)
        )
    eventually(all_answered)
    # The focus went on to the third dimension's first question.
    third = [d for d in view["dimensions"] if d["items"]][2]["items"][0]["item"]["key"]
    WebDriverWait(driver, 10).until(lambda d: focused_testid(d) == f"item-{third}")
    screenshot(driver, "34-check-per-tastatur-1280")


def test_the_room_votes_by_keyboard_and_tab_stays_in_the_workshop(launch, screenshot):
    driver = launch("--demo")
    driver.set_window_size(1920, 1080)
    wait_for(driver, "municipality")
    click(by_id(driver, "workshop-open"))
    idea = wait_for(driver, "workshop-idea")
    idea.send_keys("Tastatur-Idee", Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "Tastatur-Idee" in d.find_element(By.CSS_SELECTOR, '[data-testid="workshop-card"]').text)
    # Tab never leaves the overlay.
    for _ in range(60):
        keys(driver, Keys.TAB)
        assert driver.execute_script("return !!document.activeElement.closest('[data-testid=workshop]')")
    card = driver.find_element(By.CSS_SELECTOR, '[data-testid="workshop-card"]')
    driver.execute_script("arguments[0].focus()", card)
    keys(driver, "+", "+", "+", "-")
    second = driver.find_elements(By.CSS_SELECTOR, '[data-testid="workshop-card"]')[1]
    keys(driver, Keys.ARROW_DOWN)
    assert driver.switch_to.active_element == second
    keys(driver, "+")
    votes = lambda text: [i["votes"] for i in api(driver, {"measures": "get"})["ideas"] if i["text"] == text]
    eventually(lambda: votes("Tastatur-Idee") == [2])
    # The list scrolls below the heading, never under it.
    list_top, heading_bottom = driver.execute_script(
        "return [document.querySelector('[data-testid=workshop] ol').getBoundingClientRect().top,"
        " document.querySelector('[data-testid=workshop] h1').getBoundingClientRect().bottom];"
    )
    assert list_top >= heading_bottom
    screenshot(driver, "21-workshop-tastatur-1920")

    # The ranking of the Lebensbereiche on the projector, voted by keyboard for one event.
    from selenium.webdriver.support.ui import Select
    Select(by_id(driver, "workshop-area")).select_by_visible_text("Rangfolge der Lebensbereiche (Punktabfrage)")
    wait_for(driver, "workshop-ranking")
    event = Select(by_id(driver, "ranking-event")).first_selected_option.text
    cards = driver.find_elements(By.CSS_SELECTOR, '[data-testid="ranking-card"]')
    order = [c.get_attribute("aria-label").split(":")[0] for c in cards]
    last = cards[-1]
    title = order[-1]

    def area_votes():
        areas = api(driver, {"life_areas": "get"})
        ev = next(e["id"] for e in areas["events"] if e["title"] == event)
        area = next(a for a in areas["areas"] if a["area"]["title"] == title)
        return next((v["votes"] for v in area["votes"] if v["event_id"] == ev), 0)
    before = area_votes()
    driver.execute_script("arguments[0].focus()", last)
    keys(driver, "+", "+", "+", "-")
    eventually(lambda: area_votes() == before + 2)
    # Voting keeps the order until it is sorted.
    assert [c.get_attribute("aria-label").split(":")[0] for c in driver.find_elements(By.CSS_SELECTOR, '[data-testid="ranking-card"]')] == order
    screenshot(driver, "22-workshop-rangfolge-1920")


def test_first_steps_votes_in_one_matrix_and_the_outline_by_keyboard(launch, screenshot):
    path = Path(tempfile.mkdtemp()) / "Erstdorf.zukunft"
    subprocess.run([str(CLI), "new", str(path), "--name", "Erstdorf", "--ags", "08999077"], check=True, capture_output=True)
    driver = launch(str(path))
    driver.set_window_size(1280, 800)
    WebDriverWait(driver, 10).until(lambda d: d.title == "Erstdorf – Zukunftskommune")
    steps = wait_for(driver, "next-steps")
    screenshot(driver, "36-naechste-schritte-1280")
    assert "Projektziel" in steps.text
    # Baustein 3 without an event says what to do and leads there.
    click(by_id(driver, "nav-3"))
    need = wait_for(driver, "votes-need-event")
    click(need.find_element(By.TAG_NAME, "button"))
    WebDriverWait(driver, 10).until(lambda d: d.switch_to.active_element.get_attribute("id") == "new-event")
    for title in ["Zukunftswerkstatt", "Jugendforum"]:
        field = driver.switch_to.active_element
        field.send_keys(title, Keys.ENTER)
        eventually(lambda: title in [e["title"] for e in api(driver, {"goals": "get"})["events"]])
    # The votes of all areas and events in one matrix; Tab goes across a row.
    click(by_id(driver, "nav-3"))
    first = wait_for(driver, "votes-LB01-Zukunftswerkstatt")
    click(first)
    keys(driver, "12", Keys.TAB, "7", Keys.TAB)
    WebDriverWait(driver, 10).until(lambda d: focused_testid(d) == "votes-LB02-Zukunftswerkstatt")
    def votes():
        areas = {a["area"]["code"]: a["votes_total"] for a in api(driver, {"life_areas": "get"})["areas"]}
        return areas["LB01"] == 19
    eventually(votes)
    screenshot(driver, "37-punktabfrage-matrix-1280")
    # The chapter outline: Alt+↓ moves the focused chapter and the focus stays on it.
    click(by_id(driver, "nav-5"))
    outline = wait_for(driver, "outline")
    entry = outline.find_elements(By.CSS_SELECTOR, "[data-outline]")[0]
    moved = entry.get_attribute("data-outline")
    driver.execute_script("arguments[0].focus()", entry)
    ActionChains(driver).key_down(Keys.ALT).send_keys(Keys.ARROW_DOWN).key_up(Keys.ALT).perform()
    eventually(lambda: api(driver, {"strategy": "get"})["sections"][1]["id"] == moved)
    WebDriverWait(driver, 10).until(lambda d: d.switch_to.active_element.get_attribute("data-outline") == moved)
    screenshot(driver, "38-gliederung-1280")


LAYOUT_PROBLEMS = """
const problems = [];
const canvas = document.createElement('canvas').getContext('2d');
// Nothing runs past the page's right margin: a table wider than the page was cut at the window's
// edge, and the checks below only compare a cell with its own table.
const main = document.querySelector('.main');
const edge = Math.min(document.documentElement.clientWidth, main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight));
for (const card of document.querySelectorAll('.main .card, .main table.list')) {
  const box = card.getBoundingClientRect();
  // A table in a sideways scroller ends where its scroller ends.
  const seen = (card.parentElement.closest('.scroll-x') || card).getBoundingClientRect();
  if (seen.width > 0 && seen.right > edge + 1) problems.push('past the margin: ' + card.tagName + ' ' + (card.querySelector('h2, th') || card).textContent.trim().slice(0, 40) + ' (' + Math.round(box.right) + ' > ' + Math.round(edge) + ')');
  for (const e of card.querySelectorAll('button, input, select, textarea, th, td')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0) continue;
    const scroller = e.closest('.scroll-x');
    if (scroller && scroller !== card && card.contains(scroller)) continue;
    if (r.right > box.right + 1.5) problems.push('sticks out: ' + e.tagName + ' ' + (e.textContent || e.value || '').trim().slice(0, 40));
  }
}
for (const s of document.querySelectorAll('.main select')) {
  if (!s.getClientRects().length) continue;
  const text = s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : '';
  const st = getComputedStyle(s);
  canvas.font = st.fontWeight + ' ' + st.fontSize + ' ' + st.fontFamily;
  // The arrow sits in the right padding (app.css draws every select alike).
  const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
  if (canvas.measureText(text).width > room + 1) problems.push('select cut: ' + text + ' (' + Math.round(canvas.measureText(text).width) + ' > ' + Math.round(room) + ')');
}
for (const b of document.querySelectorAll('.main button')) {
  if (b.getClientRects().length && b.scrollWidth > b.clientWidth + 1) problems.push('button cut: ' + b.textContent.trim().slice(0, 40));
}
// A field's control stays inside its field (a select as wide as its longest choice ran over the
// field beside it), and the controls of fields side by side line up: same top, same height.
const label = (f) => (f.querySelector('label') || f).textContent.trim().slice(0, 30);
for (const f of document.querySelectorAll('.main .field')) {
  const c = f.querySelector('input:not([type=checkbox]):not([type=radio]), select, textarea');
  if (!c || !c.getClientRects().length) continue;
  if (c.getBoundingClientRect().right > f.getBoundingClientRect().right + 1) problems.push('over its field: ' + label(f));
}
for (const row of document.querySelectorAll('.main .grid2, .main .grid3, .main .row, .main .inline')) {
  const controls = [...row.children].map((child) => [child, child.querySelector('input:not([type=checkbox]):not([type=radio]), select')])
    .filter(([, c]) => c && c.getClientRects().length && c.closest('.grid2, .grid3, .row, .inline') === row);
  for (const [a, ca] of controls) for (const [b, cb] of controls) {
    const ra = ca.getBoundingClientRect(), rb = cb.getBoundingClientRect();
    if (ra.left >= rb.left || Math.abs(ra.top - rb.top) > 12) continue;
    if (Math.abs(ra.top - rb.top) > 1 || Math.abs(ra.height - rb.height) > 1) problems.push('not in line: ' + label(a) + ' / ' + label(b));
  }
}
return [...new Set(problems)].slice(0, 12);
"""


def test_the_views_fit_a_laptop_screen(launch, screenshot):
    driver = launch("--demo")
    wait_for(driver, "municipality")
    pages = [
        ("nav-0", None, "uebersicht"),
        ("nav-1", None, "goals"),
        ("nav-2", None, "check"),
        ("nav-3", None, "areas"),
        ("nav-4", "tab-ideen", "ideen"),
        ("nav-4", "tab-massnahmen", "massnahmen"),
        ("nav-4", "tab-portfolio", "portfolio"),
        ("nav-4", "tab-roadmap", "roadmap"),
        ("nav-4", "tab-budget", "budget"),
        ("nav-4", "tab-massnahmen steckbrief-M-00-03", "steckbrief"),
        ("nav-5", None, "strategie"),
        ("nav-6", None, "umsetzung"),
    ]
    # 1024×700 is the window's minimum size (src-tauri/src/lib.rs).
    for width, height in [(1280, 800), (1366, 768), (1024, 700)]:
        driver.set_window_size(width, height)
        for nav, tab, name in pages:
            click(by_id(driver, nav))
            for testid in (tab or "").split():
                click(wait_for(driver, testid))
            time.sleep(0.4)
            problems = driver.execute_script(LAYOUT_PROBLEMS)
            if width in (1280, 1024):
                screenshot(driver, f"40-{name}-{width}")
            assert problems == [], f"{name} at {width}×{height}: {problems}"
    # After a dot vote on measures the list gains its „Punkte“ column: on a laptop it still fits.
    listed = api(driver, {"measures": "get"})["measures"]
    event = api(driver, {"goals": "get"})["events"][0]
    api(driver, {"measures": {"set_votes": {"measure_id": listed[2]["measure"]["id"], "event_id": event["id"], "votes": 12}}})
    for width, height in [(1280, 800), (1366, 768), (1024, 700)]:
        driver.set_window_size(width, height)
        click(by_id(driver, "nav-1"))
        click(by_id(driver, "nav-4"))
        click(wait_for(driver, "tab-massnahmen"))
        eventually(lambda: driver.find_elements(By.CSS_SELECTOR, '[data-testid="measure-votes"]'))
        time.sleep(0.4)
        problems = driver.execute_script(LAYOUT_PROBLEMS)
        if width == 1280:
            screenshot(driver, "40-massnahmen-punkte-1280")
        assert problems == [], f"massnahmen with votes at {width}×{height}: {problems}"
    # A long name takes two lines at most in the bar that stays on top while scrolling; the whole
    # name is its tooltip.
    long_name = "Verbandsgemeinde Bernkastel-Kues an der Mittelmosel mit ihren Ortsgemeinden"
    api(driver, {"project": {"save_profile": {"name": long_name}}})
    driver.set_window_size(1280, 800)
    click(by_id(driver, "nav-1"))
    click(by_id(driver, "nav-0"))
    # The header shows the new name once the window has read the overview again: „Übersicht“
    # reads it on every click (None: not yet).
    def renamed():
        click(by_id(driver, "nav-0"))
        return next((e for e in [by_id(driver, "municipality")] if e.get_attribute("title") == long_name), None)

    name = eventually(renamed)
    assert name.size["height"] < 2.7 * driver.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", name)
    assert driver.execute_script("return document.querySelector('.topbar').offsetHeight") <= 130
    assert driver.execute_script(LAYOUT_PROBLEMS) == []
    screenshot(driver, "40-langer-name-1280")
