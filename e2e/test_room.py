"""The room's phones in the real window: workshop mode starts a session, phones (WebKit's
MiniBrowser at phone size, and plain HTTP) join with the PIN and vote or send ideas, the
projector shows the counts, ending writes them to the file and one undo takes them back."""

import json
import socket
import time
import urllib.request
from urllib.error import HTTPError

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_walkthrough import api, by_id, click, eventually, wait_for


def post(url, body, device=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    request.add_header("content-type", "application/json")
    if device:
        request.add_header("x-geraet", device)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def open_room(driver, what):
    driver.set_window_size(1920, 1080)
    click(wait_for(driver, "workshop-open"))
    click(wait_for(driver, "workshop-room"))
    Select(wait_for(driver, "room-what")).select_by_visible_text(what)
    network = Select(by_id(driver, "room-network"))
    WebDriverWait(driver, 10).until(lambda d: len(network.options) > 0)
    network.select_by_visible_text("Nur dieser Rechner (zum Ausprobieren) – 127.0.0.1")


def projector(driver):
    url = wait_for(driver, "room-url").text.strip()
    pin = by_id(driver, "room-pin").text.strip()
    assert url.startswith("http://127.0.0.1:") and "/r/" in url, url
    assert len(pin) == 4 and pin.isdigit(), pin
    return url, pin


def test_the_room_votes_from_phones_and_the_file_keeps_the_dots(launch, phone, screenshot):
    driver = launch("--demo")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    before = {m["measure"]["id"]: m["votes"] for m in api(driver, {"measures": "get"})["measures"]}
    open_room(driver, "Punkte für Maßnahmen")
    click(by_id(driver, "room-hidden"))
    screenshot(driver, "59-handy-abstimmung-einrichten")
    click(by_id(driver, "room-start"))
    url, pin = projector(driver)
    screenshot(driver, "60-handy-abstimmung-projektor")

    # A phone's browser: PIN, then two dots on the first measure and one on the second.
    mobile = phone(url)
    WebDriverWait(mobile, 20).until(lambda d: d.find_element(By.ID, "pin").is_displayed())
    screenshot(mobile, "61-handy-pin")
    mobile.find_element(By.ID, "pin").send_keys(pin)
    mobile.find_element(By.CSS_SELECTOR, "#pin-form button").click()
    WebDriverWait(mobile, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#eintraege li"))
    plus = lambda n: mobile.find_elements(By.CSS_SELECTOR, "#eintraege li")[n].find_elements(By.TAG_NAME, "button")[1]
    # The list is updated in place: a „+“ found before the page's refresh (every 3 s) is still
    # the one on the screen (rebuilt each time, a tap during the rebuild was lost).
    kept = plus(0)
    time.sleep(3.5)
    assert kept.is_enabled()
    kept.click()
    WebDriverWait(mobile, 10).until(lambda d: "Noch 2 von 3" in d.find_element(By.ID, "punkte").text)
    plus(0).click()
    WebDriverWait(mobile, 10).until(lambda d: "Noch 1 Punkt" in d.find_element(By.ID, "punkte").text)
    assert not plus(0).is_enabled(), "at most 2 dots per item"
    plus(1).click()
    WebDriverWait(mobile, 10).until(lambda d: "Noch 0 von 3" in d.find_element(By.ID, "punkte").text)
    assert "Im Raum" not in mobile.find_element(By.ID, "eintraege").text, "hidden until revealed"
    screenshot(mobile, "62-handy-punkte")

    # A second phone over plain HTTP.
    status, joined = post(url + "join", {"pin": pin})
    assert status == 200, joined
    status, _ = post(url + "dot", {"item": 1, "up": True}, joined["device"])
    assert status == 200

    eventually(lambda: "2 Handys verbunden · 4 Punkte" in by_id(driver, "room-counts").text)
    totals = lambda: [li.find_element(By.CSS_SELECTOR, ".total").text for li in driver.find_elements(By.CSS_SELECTOR, '[data-testid="room-item"]')]
    assert set(totals()) == {"?"}, "the projector hides the totals too"
    click(by_id(driver, "room-reveal"))
    eventually(lambda: totals()[:2] == ["2", "2"])
    WebDriverWait(mobile, 10).until(lambda d: "Im Raum: 2" in d.find_element(By.ID, "eintraege").text)
    screenshot(driver, "63-handy-abstimmung-aufgedeckt")

    click(by_id(driver, "room-stop"))
    ended = wait_for(driver, "room-ended")
    assert "2 Handys · 4 Punkte" in ended.text, ended.text
    port = int(url.split(":")[2].split("/")[0])
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        raise AssertionError("the port is still open")
    except OSError:
        pass

    after = api(driver, {"measures": "get"})["measures"]
    first, second = after[0]["measure"]["id"], after[1]["measure"]["id"]
    votes = {m["measure"]["id"]: m["votes"] for m in after}
    assert votes[first] == before[first] + 2 and votes[second] == before[second] + 2
    assert api(driver, {"history": "undo"})["label"] == "Punkte per Handy für Maßnahmen"
    undone = {m["measure"]["id"]: m["votes"] for m in api(driver, {"measures": "get"})["measures"]}
    assert undone == before
    # Redo brings them back; Baustein 4 lists them beside the measures.
    api(driver, {"history": "redo"})
    click(by_id(driver, "room-close"))
    wait_for(driver, "workshop-room")
    driver.find_element(By.XPATH, "//button[contains(., 'Verlassen')]").click()
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"]'))
    click(by_id(driver, "nav-4"))
    click(wait_for(driver, "tab-massnahmen"))
    shown = lambda: [c.get_attribute("textContent") for c in driver.find_elements(By.CSS_SELECTOR, '[data-testid="measure-votes"]')][:2]
    eventually(lambda: shown() == [str(votes[first]), str(votes[second])])
    screenshot(driver, "65-massnahmen-mit-punkten")


def test_ideas_from_phones_wait_for_the_consultant(launch, screenshot):
    driver = launch("--demo")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    open_room(driver, "Ideen sammeln")
    Select(by_id(driver, "room-area")).select_by_visible_text("Mobilität & Verkehr")
    click(by_id(driver, "room-start"))
    url, pin = projector(driver)
    status, joined = post(url + "join", {"pin": pin})
    assert status == 200
    for text in ["Rufbus per App <b>buchen</b>", "Bitte nicht übernehmen"]:
        assert post(url + "idea", {"text": text}, joined["device"])[0] == 200
    eventually(lambda: len(driver.find_elements(By.CSS_SELECTOR, '[data-testid="room-idea"]')) == 2)
    screenshot(driver, "64-handy-ideen-moderation")
    first = driver.find_elements(By.CSS_SELECTOR, '[data-testid="room-idea"]')[0]
    assert first.find_element(By.CSS_SELECTOR, ".label").text == "Rufbus per App <b>buchen</b>"
    click(first.find_element(By.CSS_SELECTOR, '[data-testid="room-accept"]'))
    eventually(lambda: len(driver.find_elements(By.CSS_SELECTOR, '[data-testid="room-idea"]')) == 1)
    second = driver.find_elements(By.CSS_SELECTOR, '[data-testid="room-idea"]')[0]
    click(second.find_elements(By.TAG_NAME, "button")[1])
    eventually(lambda: not driver.find_elements(By.CSS_SELECTOR, '[data-testid="room-idea"]'))
    _, state = post(url + "join", {"pin": "0000"})  # a stranger with a wrong PIN learns nothing
    assert "items" not in (state or {})
    # Leaving workshop mode ends the session.
    driver.find_element(By.XPATH, "//button[contains(., 'Verlassen')]").click()
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="workshop"]'))
    ideas = api(driver, {"measures": "get"})["ideas"]
    kept = [i for i in ideas if i["text"] == "Rufbus per App <b>buchen</b>"]
    assert len(kept) == 1 and kept[0]["event_id"] and kept[0]["life_area_id"]
    assert not [i for i in ideas if i["text"] == "Bitte nicht übernehmen"]
    try:
        urllib.request.urlopen(url, timeout=2)
        raise AssertionError("the room still answers after workshop mode ended")
    except OSError:
        pass


def test_without_phones_the_sheets_are_printed_and_counted_dots_typed_in(launch, data_home, screenshot):
    from selenium.webdriver.common.keys import Keys
    from test_copies import answer_file_dialog

    driver = launch("--demo")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    open_room(driver, "Punkte für Lebensbereiche")
    # ASCII only: xdotool types an umlaut by remapping a key, which a busy machine can lose.
    target = data_home / "Workshop-Boegen.pdf"
    click(by_id(driver, "paper-print"))
    answer_file_dialog(target)
    printed = wait_for(driver, "paper-printed")
    assert "Seiten gespeichert" in printed.text, printed.text
    assert target.read_bytes().startswith(b"%PDF-")

    click(by_id(driver, "paper-enter"))
    rows = WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="paper-row"]'))
    numbers = [r.find_element(By.CSS_SELECTOR, "td").text for r in rows]
    assert numbers[0].startswith("LB"), numbers
    fields = driver.find_elements(By.CSS_SELECTOR, '[data-testid="paper-count"]')
    click(fields[0])
    # Typed as from the sheet: Enter goes on to the next row; a correction counts once.
    for count in ["12", "7", "3"]:
        driver.switch_to.active_element.send_keys(count, Keys.ENTER)
    click(fields[0])
    driver.switch_to.active_element.send_keys(Keys.CONTROL, "a")
    driver.switch_to.active_element.send_keys("10", Keys.ENTER)
    eventually(lambda: by_id(driver, "paper-total").text.startswith("20 Punkte"))
    screenshot(driver, "66-gezaehlte-punkte-eintragen")
    click(by_id(driver, "paper-done"))
    wait_for(driver, "workshop-room")

    areas = api(driver, {"life_areas": "get"})
    event = [e for e in areas["events"] if "Abstimmung per Handy" in e["title"]][0]["id"]
    at_event = {a["area"]["code"]: sum(v["votes"] for v in a["votes"] if v["event_id"] == event) for a in areas["areas"]}
    assert [at_event[n] for n in numbers[:3]] == [10, 7, 3]
    api(driver, {"history": "undo"})
    areas = api(driver, {"life_areas": "get"})
    assert all(v["votes"] == 0 for a in areas["areas"] for v in a["votes"] if v["event_id"] == event)


def test_zukunft_room_runs_the_server_without_the_window(tmp_path):
    """`zukunft room …` (the CLI): address and PIN printed, a phone votes, „ende“ on the input
    ends it and the dot is in the file."""
    import subprocess

    from test_walkthrough import CLI

    demo = tmp_path / "Musterstadt.zukunft"
    subprocess.run([str(CLI), "demo", str(demo)], check=True, capture_output=True)
    help_text = subprocess.run([str(CLI), "room", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--vote" in help_text and "--collect" in help_text and "--minutes" in help_text
    room = subprocess.Popen([str(CLI), "room", str(demo), "--bind", "127.0.0.1:0", "--vote", "areas"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = {}
    while "PIN" not in lines:
        line = room.stdout.readline()
        assert line, room.stderr.read()
        key, _, value = line.partition(":")
        lines[key] = value.strip()
    status, joined = post(lines["Adresse"] + "join", {"pin": lines["PIN"]})
    assert status == 200
    assert post(lines["Adresse"] + "dot", {"item": 2, "up": True}, joined["device"])[0] == 200
    out, err = room.communicate("ende\n", timeout=30)
    assert room.returncode == 0, err
    assert "Beendet: 1 Gerät, 1 Punkt" in out, out
    info = subprocess.run([str(CLI), "export-json", str(demo)], capture_output=True, text=True, check=True).stdout
    votes = json.loads(info)["tables"]["life_area_vote"]
    assert any(v["body"]["votes"] == 1 for v in votes)
    # A file that is not a project: the German message of the core, a non-zero exit.
    bad = subprocess.run([str(CLI), "room", str(tmp_path / "fehlt.zukunft"), "--bind", "127.0.0.1:0", "--vote", "areas"],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "Fehler:" in bad.stderr, bad.stderr
