"""A consultant's walk through all five Bausteine in the real window, undo/redo, a restart,
a keyboard-only path through Baustein 4, and screenshots of every view."""

import json
import os
import subprocess
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CLI = Path(os.environ.get("ZK_CLI", "target/debug/zukunft")).resolve()


def click(element):
    """Scrolls to the middle of the window first, so the sticky header never covers the target."""
    element.parent.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def choose(element, text):
    """Picks an option of a select after scrolling it to the middle (inside a scrolled panel too)."""
    element.parent.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    Select(element).select_by_visible_text(text)


def by_id(driver, testid):
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def wait_for(driver, testid, timeout=20):
    return WebDriverWait(driver, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
    )[0]


def api(driver, command):
    """Sends one command through the app's own `api` and returns the reply (for checks)."""
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('api', { command: JSON.parse(arguments[0]) })
          .then(r => done(JSON.stringify(r)), e => done(JSON.stringify({ error: e })));
        """,
        json.dumps(command),
    )
    reply = json.loads(result)
    assert "error" not in reply, reply
    # Nothing held is named (`held`), so the reply comes whole (src/api/sent.rs).
    assert reply["basis"] is None, reply
    return reply["reply"]["data"]


def eventually(check, timeout=15):
    deadline = time.time() + timeout
    while True:
        try:
            value = check()
            if value:
                return value
        except AssertionError:
            if time.time() > deadline:
                raise
        if time.time() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.25)


def type_and_commit(element, text):
    click(element)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(text)
    element.send_keys(Keys.TAB)  # blur commits the field


def new_project(tmp: Path) -> Path:
    path = tmp / "Neustadt.zukunft"
    subprocess.run(
        [str(CLI), "new", str(path), "--name", "Neustadt", "--ags", "08999077",
         "--population", "6400", "--start", "2027-02-01"],
        check=True, capture_output=True,
    )
    return path


def test_a_new_project_through_all_five_bausteine(launch, data_home, screenshot):
    path = new_project(data_home)
    d = launch(str(path))
    wait_for(d, "municipality")
    assert by_id(d, "municipality").text == "Neustadt"
    screenshot(d, "10-uebersicht-neu")

    # Baustein 1: a goal and an event.
    click(by_id(d, "nav-1"))
    goal = wait_for(d, "new-goal")
    goal.send_keys("Rathaus rund um die Uhr erreichbar", Keys.ENTER)
    eventually(lambda: any(g["title"] == "Rathaus rund um die Uhr erreichbar" for g in api(d, {"goals": "get"})["goals"]))
    new_event = d.find_element(By.ID, "new-event")
    new_event.send_keys("Zukunftswerkstatt", Keys.ENTER)
    eventually(lambda: len(api(d, {"goals": "get"})["events"]) == 1)
    screenshot(d, "11-baustein-1")

    # Baustein 2: answer B01 with IST 2 and SOLL 4.
    click(by_id(d, "nav-2"))
    click(wait_for(d, "ist-B01-2"))
    Select(wait_for(d, "soll-B01")).select_by_visible_text("4 weitgehend eingeführt")
    def answered():
        items = [i for dim in api(d, {"check": "get"})["dimensions"] for i in dim["items"]]
        a = next(i["answer"] for i in items if i["item"]["key"] == "B01")
        return a and a["ist"] == 2 and a["soll"] == 4
    eventually(answered)
    screenshot(d, "12-baustein-2")

    # Baustein 3: select Bildung & Betreuung, enter votes and the Zielbild.
    click(by_id(d, "nav-3"))
    click(wait_for(d, "select-LB03"))
    eventually(lambda: next(v for v in api(d, {"life_areas": "get"})["areas"] if v["area"]["code"] == "LB03")["area"]["selected"])
    votes = wait_for(d, "votes-LB03-Zukunftswerkstatt")
    type_and_commit(votes, "17")
    type_and_commit(wait_for(d, "vision-LB03"), "Jede Schule mit Glasfaser und Support.")
    def area_done():
        a = next(v for v in api(d, {"life_areas": "get"})["areas"] if v["area"]["code"] == "LB03")
        return a["area"]["selected"] and a["votes_total"] == 17 and a["area"]["vision"].startswith("Jede Schule")
    eventually(area_done)
    screenshot(d, "13-baustein-3")

    # Baustein 4: capture an idea, promote it, fill the Steckbrief.
    click(by_id(d, "nav-4"))
    Select(wait_for(d, "idea-area")).select_by_visible_text("LB03 Bildung & Betreuung")
    wait_for(d, "idea-text").send_keys("Tablets für die Grundschule", Keys.ENTER)
    click(wait_for(d, "promote"))
    eventually(lambda: len(api(d, {"measures": "get"})["measures"]) == 1)
    click(by_id(d, "tab-massnahmen"))
    click(wait_for(d, "steckbrief-M-03-01"))
    wait_for(d, "steckbrief")
    for testid, text in [
        ("sb-description", "Klassensätze Tablets mit Geräteverwaltung."),
        ("sb-goal", "Digitale Bildung ab Klasse 1."),
        ("sb-lead", "Schulverwaltung"),
        ("sb-parties", "Grundschule, IT-Dienstleister"),
        ("sb-start", "2027-Q3"),
        ("sb-end", "2028-Q2"),
        ("sb-once", "24.000"),
        ("sb-funding", "Landesmittel Medienentwicklung"),
        ("sb-funding-rate", "50"),
        ("sb-kpis", "Geräte im Einsatz"),
    ]:
        type_and_commit(by_id(d, testid), text)
    choose(by_id(d, "sb-priority"), "hoch")
    choose(by_id(d, "sb-effort"), "2")
    choose(by_id(d, "sb-benefit"), "5 sehr hoch")
    def complete():
        m = api(d, {"measures": "get"})["measures"][0]
        return m["complete"] and m["measure"]["cost_once_cents"] == 2_400_000
    eventually(complete)
    screenshot(d, "14-baustein-4")

    # Baustein 5: edit a section, then undo and redo it.
    click(by_id(d, "nav-5"))
    body = wait_for(d, "body-vorwort")
    type_and_commit(body, "Unser Vorwort für Neustadt.")
    section = lambda: next(s for s in api(d, {"strategy": "get"})["sections"] if s["key"] == "vorwort")
    eventually(lambda: section()["body"] == "Unser Vorwort für Neustadt.")
    screenshot(d, "15-baustein-5")
    click(by_id(d, "undo"))
    eventually(lambda: section()["body"] != "Unser Vorwort für Neustadt.")
    click(by_id(d, "redo"))
    eventually(lambda: section()["body"] == "Unser Vorwort für Neustadt.")
    click(by_id(d, "nav-0"))
    wait_for(d, "progress-4")
    screenshot(d, "16-uebersicht-nach-rundgang")
    d.quit()

    # Restart: everything is still there.
    d = launch(str(path))
    wait_for(d, "municipality")
    assert any(g["title"] == "Rathaus rund um die Uhr erreichbar" for g in api(d, {"goals": "get"})["goals"])
    assert area_done()
    assert complete()
    assert section()["body"] == "Unser Vorwort für Neustadt."
    assert api(d, {"project": "info"})["measures_complete"] == 1


def focus_by_tab(driver, testid, limit=400):
    """Presses Tab until the element with `testid` has the focus; proves keyboard reachability."""
    for _ in range(limit):
        active = driver.switch_to.active_element
        if active.get_attribute("data-testid") == testid:
            return active
        active.send_keys(Keys.TAB)
    raise AssertionError(f"{testid} not reachable with Tab")


def test_baustein_4_by_keyboard_only(launch, data_home, screenshot):
    path = new_project(data_home)
    d = launch(str(path))
    wait_for(d, "municipality")
    d.find_element(By.TAG_NAME, "body").click()
    focus_by_tab(d, "nav-4").send_keys(Keys.ENTER)
    wait_for(d, "idea-text")
    focus_by_tab(d, "idea-text").send_keys("WLAN im Jugendtreff", Keys.ENTER)
    eventually(lambda: len(api(d, {"measures": "get"})["ideas"]) == 1)
    focus_by_tab(d, "promote").send_keys(Keys.ENTER)
    eventually(lambda: len(api(d, {"measures": "get"})["measures"]) == 1)
    focus_by_tab(d, "tab-massnahmen").send_keys(Keys.ENTER)
    focus_by_tab(d, "steckbrief-M-00-01").send_keys(Keys.ENTER)
    lead = focus_by_tab(d, "sb-lead")
    lead.send_keys("Jugendreferat", Keys.ENTER)
    eventually(lambda: api(d, {"measures": "get"})["measures"][0]["measure"]["lead"] == "Jugendreferat")
    # Ctrl+Z outside a text field undoes the last change.
    focus_by_tab(d, "nav-4").send_keys(Keys.CONTROL, "z")
    eventually(lambda: api(d, {"measures": "get"})["measures"][0]["measure"]["lead"] == "")
    screenshot(d, "17-tastatur-baustein-4")


def test_number_fields_read_german_input_and_refuse_the_rest_in_german(launch, data_home, screenshot):
    """„12,5“ is 12,50 €, „abc“ and „300 %“ are refused with a German message, the saved value
    stays; emptying a cost field makes it unknown again (null), never 0."""
    path = new_project(data_home)
    subprocess.run(
        [str(CLI), "apply", str(path), "-"],
        input='{"measures":{"save_measure":{"title":"Digitaler Bauantrag"}}}\n',
        text=True, check=True, capture_output=True,
    )
    d = launch(str(path))
    wait_for(d, "municipality")
    click(by_id(d, "nav-4"))
    click(wait_for(d, "tab-massnahmen"))
    click(wait_for(d, "steckbrief-M-00-01"))
    wait_for(d, "steckbrief")
    measure = lambda: api(d, {"measures": "get"})["measures"][0]["measure"]
    assert measure()["cost_once_cents"] is None

    once = by_id(d, "sb-once")
    type_and_commit(once, "12,5")
    eventually(lambda: measure()["cost_once_cents"] == 1250)
    eventually(lambda: by_id(d, "sb-once").get_attribute("value") == "12,50")

    # A refused value stays typed at its field, the header does not claim „Gespeichert“, Esc
    # brings the saved value back.
    type_and_commit(by_id(d, "sb-once"), "abc")
    error = wait_for(d, "sb-once-error")
    assert "„abc“ ist keine Zahl" in error.text and "Gespeichert bleibt 12,50" in error.text, error.text
    assert by_id(d, "sb-once").get_attribute("value") == "abc"
    assert "Nicht gespeichert" in by_id(d, "save-state").text
    assert measure()["cost_once_cents"] == 1250
    by_id(d, "sb-once").send_keys(Keys.ESCAPE)
    eventually(lambda: by_id(d, "sb-once").get_attribute("value") == "12,50")
    eventually(lambda: by_id(d, "save-state").text.startswith("Gespeichert"))

    type_and_commit(by_id(d, "sb-funding-rate"), "300")
    error = wait_for(d, "sb-funding-rate-error")
    assert "zwischen 0 und 100" in error.text, error.text
    assert measure()["funding_rate"] is None
    screenshot(d, "18-zahlenfelder")
    # Corrected in place: the message goes, the value is saved.
    type_and_commit(by_id(d, "sb-funding-rate"), "50")
    eventually(lambda: measure()["funding_rate"] == 50)
    eventually(lambda: not d.find_elements(By.CSS_SELECTOR, '[data-testid="sb-funding-rate-error"]'))

    # Amounts and periods as consultants type them.
    type_and_commit(by_id(d, "sb-once"), "15 T€")
    eventually(lambda: measure()["cost_once_cents"] == 1_500_000)
    type_and_commit(by_id(d, "sb-start"), "Q4/2027")
    eventually(lambda: measure()["start_quarter"] == "2027-Q4")
    # A period the core refuses is shown at its field, not at the top of the window.
    type_and_commit(by_id(d, "sb-start"), "Sommer 2027")
    error = wait_for(d, "sb-start-error")
    assert "Q2/2027" in error.text, error.text
    assert by_id(d, "sb-start").get_attribute("value") == "Sommer 2027"
    assert not d.find_elements(By.CSS_SELECTOR, '[data-testid="error"]')
    assert measure()["start_quarter"] == "2027-Q4"
    screenshot(d, "18b-fehler-am-feld")
    type_and_commit(by_id(d, "sb-start"), "4. Quartal 2027")
    eventually(lambda: not d.find_elements(By.CSS_SELECTOR, '[data-testid="sb-start-error"]'))

    once = by_id(d, "sb-once")
    click(once)
    once.send_keys(Keys.CONTROL, "a")
    once.send_keys(Keys.BACK_SPACE)
    once.send_keys(Keys.TAB)
    eventually(lambda: measure()["cost_once_cents"] is None)

    # With the one-off cost empty again, amounts per year can be chosen: 40.000 € in 2027,
    # then 5.000 € in 2028; the core stores both, the table shows them.
    click(by_id(d, "sb-cost-years"))
    type_and_commit(wait_for(d, "year-amount-new-year"), "2027")
    type_and_commit(by_id(d, "year-amount-new-cents"), "40.000")
    click(by_id(d, "year-amount-add"))
    eventually(lambda: measure()["cost_by_year"] == [{"year": 2027, "cents": 4000000}])
    type_and_commit(wait_for(d, "year-amount-new-cents"), "5.000")
    click(by_id(d, "year-amount-add"))
    eventually(lambda: measure()["cost_by_year"] == [{"year": 2027, "cents": 4000000}, {"year": 2028, "cents": 500000}])
    wait_for(d, "year-amount-2028")
    eventually(lambda: by_id(d, "year-amount-2028").is_displayed() and by_id(d, "year-amount-2028").get_attribute("value") == "5.000")
    screenshot(d, "19-betraege-je-jahr")


def test_a_project_begun_without_dates_gets_its_plan_and_its_calendar_later(launch, data_home, screenshot):
    """Begun without a Projektbeginn: the export dialog keeps the empty calendar shut; with the
    date in the profile Baustein 1 adds the Zehn-Monats-Plan, and the dialog, opened again,
    counts its dated workshops and sessions without a visit to the overview."""
    path = data_home / "Spätdorf.zukunft"
    subprocess.run([str(CLI), "new", str(path), "--name", "Spätdorf"], check=True, capture_output=True)
    d = launch(str(path))
    wait_for(d, "municipality")

    def calendar_save_enabled():
        click(by_id(d, "export-open"))
        click(wait_for(d, "export-ics"))
        enabled = by_id(d, "export-save").is_enabled()
        click(d.find_element(By.XPATH, "//*[@data-testid='export']//button[normalize-space()='Schließen']"))
        eventually(lambda: not d.find_elements(By.CSS_SELECTOR, '[data-testid="export"]'))
        return enabled

    assert not calendar_save_enabled()
    click(by_id(d, "nav-1"))
    wait_for(d, "plan-needs-start")
    start = d.find_element(By.XPATH, "//label[contains(., 'Projektbeginn')]/following::input[1]")
    type_and_commit(start, "01.03.2027")
    click(wait_for(d, "add-plan"))
    eventually(lambda: len(api(d, {"goals": "get"})["timeline"]) >= 8)
    screenshot(d, "30-plan-angelegt")
    assert calendar_save_enabled()
