"""Files that travel, in the real window: the warning for a synced folder, automatic backups
listed and made on demand, and the "Kopie senden" dialog. (The native file dialogs themselves
cannot be driven through WebDriver; copy and merge are tested through the core and the CLI.)"""

import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_walkthrough import CLI, by_id, click, wait_for


def rows(driver, testid):
    return driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def test_synced_folder_warning_backups_and_send_copy_dialog(launch, data_home, screenshot):
    synced = data_home / "OneDrive - Landratsamt"
    synced.mkdir()
    project = synced / "Musterstadt.zukunft"
    subprocess.run([str(CLI), "demo", str(project)], check=True, capture_output=True)

    driver = launch(str(project))
    warning = wait_for(driver, "location-warning")
    assert "OneDrive" in warning.text
    assert "lokalen Kopie" in warning.text
    screenshot(driver, "20-warnung-synchronisierter-ordner")

    # A backup was written when the project was opened; "Jetzt sichern" adds one.
    click(by_id(driver, "backups-open"))
    wait_for(driver, "backup-row")
    assert len(rows(driver, "backup-row")) == 1
    click(by_id(driver, "backup-now"))
    WebDriverWait(driver, 15).until(lambda d: len(rows(d, "backup-row")) == 2)
    screenshot(driver, "21-sicherungen")
    backups = list((data_home / "de.zukunftskommune.desktop" / "Sicherungen").glob("*/*.zukunft"))
    assert len(backups) == 2, backups
    # Escape closes the dialog.
    by_id(driver, "backups").send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 5).until(lambda d: not rows(d, "backups"))

    click(by_id(driver, "send-copy-open"))
    dialog = wait_for(driver, "send-copy")
    assert "Ohne personenbezogene Daten" in dialog.text
    click(by_id(driver, "without-personal-data"))
    assert by_id(driver, "without-personal-data").is_selected()
    screenshot(driver, "22-kopie-senden")


def test_a_failed_backup_is_shown_and_work_goes_on(launch, data_home, screenshot):
    """The backup folder cannot be written (blocked by a file): the window says so in German,
    the project still opens and saves; once the folder is free, "Jetzt sichern" clears it."""
    app_data = data_home / "de.zukunftskommune.desktop"
    app_data.mkdir()
    blocked = app_data / "Sicherungen"
    blocked.write_text("kein Ordner")
    project = data_home / "Musterstadt.zukunft"
    subprocess.run([str(CLI), "demo", str(project)], check=True, capture_output=True)

    driver = launch(str(project))
    problem = wait_for(driver, "backup-problem")
    assert "Die automatische Sicherung ist fehlgeschlagen" in problem.text
    assert "in der Projektdatei gespeichert" in problem.text
    assert by_id(driver, "municipality").text == "Musterstadt"
    screenshot(driver, "23-sicherung-fehlgeschlagen")

    blocked.unlink()
    click(problem.find_element(By.TAG_NAME, "button"))
    click(wait_for(driver, "backup-now"))
    WebDriverWait(driver, 15).until(lambda d: len(rows(d, "backup-row")) == 1)
    by_id(driver, "backups").send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 10).until(lambda d: not rows(d, "backup-problem"))


def test_a_write_protected_file_opens_for_viewing(launch, data_home, screenshot):
    """A file marked read-only opens for viewing: the header says so, an edit is refused in
    German, and the file is unchanged."""
    project = data_home / "Musterstadt.zukunft"
    subprocess.run([str(CLI), "demo", str(project)], check=True, capture_output=True)
    project.chmod(0o444)
    before = project.read_bytes()

    driver = launch(str(project))
    banner = wait_for(driver, "read-only")
    assert "Schreibgeschützt" in banner.text
    assert "schreibgeschützt" in by_id(driver, "save-state").text
    click(by_id(driver, "nav-1"))
    new_goal = wait_for(driver, "new-goal")
    new_goal.send_keys("Neues Ziel im Nur-Lesen-Modus")
    new_goal.send_keys(Keys.ENTER)
    # The refusal stands at the line where the goal was typed; the text stays there.
    error = wait_for(driver, "new-goal-error")
    assert "schreibgeschützt" in error.text
    assert new_goal.get_attribute("value") == "Neues Ziel im Nur-Lesen-Modus"
    screenshot(driver, "24-schreibgeschuetzt")
    assert project.read_bytes() == before


def file_dialogs():
    """The app's visible windows other than the main one: the native file dialogs."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--class", "zukunftskommune"],
        capture_output=True, text=True,
    ).stdout.split()
    return [w for w in found if dialog_title(w)]


def answer_file_dialog(path, timeout=30):
    """Types `path` into the native GTK file dialog (open or save) that the window just opened,
    with xdotool on the same X display, and confirms with Enter. Types again if the dialog is
    still there (keys sent before it was ready are lost on a slow machine)."""
    deadline = time.time() + timeout
    typed = False
    while time.time() < deadline:
        dialogs = file_dialogs()
        if not dialogs:
            if typed:
                return
            time.sleep(0.2)
            continue
        window = dialogs[-1]
        subprocess.run(["xdotool", "windowfocus", "--sync", window], check=False)
        time.sleep(0.4)
        # Open dialog: Ctrl+L shows the location field. Save dialog: the name field has the
        # suggested name; Ctrl+A selects it so the typed absolute path replaces it.
        subprocess.run(["xdotool", "key", "--window", window, "ctrl+l"], check=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "key", "ctrl+a"], check=True)
        subprocess.run(["xdotool", "type", "--delay", "5", str(path)], check=True)
        time.sleep(0.2)
        subprocess.run(["xdotool", "key", "Return"], check=True)
        typed = True
        # Give the dialog time to close before looking again.
        for _ in range(15):
            time.sleep(0.2)
            if not file_dialogs():
                return
    raise AssertionError("no file dialog appeared, or it did not take the path")


def dialog_title(window):
    name = subprocess.run(["xdotool", "getwindowname", window], capture_output=True, text=True).stdout
    # The main window's title is "<Kommune> – Zukunftskommune" (or the bare name on the start page).
    return name.strip() != "" and not name.strip().endswith("Zukunftskommune")


def cli(*args):
    return subprocess.run([str(CLI), *map(str, args)], check=True, capture_output=True, text=True).stdout


def test_merging_a_colleagues_copy_and_sending_a_copy(launch, data_home, screenshot):
    import json

    from test_walkthrough import api

    mine = data_home / "Musterstadt.zukunft"
    theirs = data_home / "Musterstadt_Kollegin.zukunft"
    cli("demo", mine)
    cli("copy", mine, theirs)
    profile = json.loads(cli("export-json", mine))["tables"]["profile"][0]["body"]
    # Both change the mayor (a conflict; the colleague's is later); the colleague adds a goal.
    edit = lambda name: json.dumps({"project": {"save_profile": {**profile, "mayor": name}}})
    subprocess.run([str(CLI), "apply", str(mine), "-"], input=edit("Frau Hier") + "\n", text=True, check=True, capture_output=True)
    time.sleep(0.05)
    commands = edit("Herr Dort") + "\n" + json.dumps({"goals": {"save_goal": {"title": "Ziel aus der Kopie der Kollegin"}}}) + "\n"
    subprocess.run([str(CLI), "apply", str(theirs), "-"], input=commands, text=True, check=True, capture_output=True)

    driver = launch(str(mine))
    wait_for(driver, "municipality")
    click(by_id(driver, "merge-open"))
    click(wait_for(driver, "merge-choose"))
    answer_file_dialog(theirs)
    conflict = wait_for(driver, "merge-conflict")
    assert "Frau Hier" in conflict.text and "Herr Dort" in conflict.text
    assert "1" in by_id(driver, "merge-summary").text
    screenshot(driver, "23-zusammenfuehren-konflikt")
    # Keep this file's version of the conflict; the new goal comes over.
    mine_choice = conflict.find_element(By.CSS_SELECTOR, 'input[value="mine"]')
    click(mine_choice)
    click(by_id(driver, "merge-apply"))
    result = wait_for(driver, "merge-result")
    assert "zusammengeführt" in result.text
    screenshot(driver, "24-zusammenfuehren-ergebnis")
    goals = api(driver, {"goals": "get"})
    assert any(g["title"] == "Ziel aus der Kopie der Kollegin" for g in goals["goals"])
    assert goals["profile"]["mayor"] == "Frau Hier"
    assert by_id(driver, "undo").is_enabled()

    # "Kopie senden": the save dialog answers with a new name; the copy is checked and complete.
    click(by_id(driver, "merge").find_element(By.CSS_SELECTOR, "button.primary"))
    sent = data_home / "Musterstadt_versandt.zukunft"
    click(by_id(driver, "send-copy-open"))
    click(wait_for(driver, "send-copy-save"))
    answer_file_dialog(sent)
    wait_for(driver, "send-copy-result")
    assert sent.exists()
    assert "In Ordnung" in cli("check", sent)
    exported = json.loads(cli("export-json", sent))
    assert any(g["body"]["title"] == "Ziel aus der Kopie der Kollegin" for g in exported["tables"]["goal"])


def test_a_report_is_announced_with_open_and_folder_and_keeps_the_place(launch, data_home, screenshot):
    driver = launch("--demo")
    driver.set_window_size(1280, 800)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    by_id(driver, "nav-4").click()
    wait_for(driver, "tab-massnahmen").click()
    click(wait_for(driver, "steckbrief-M-02-03"))
    WebDriverWait(driver, 10).until(lambda d: by_id(d, "sb-number").text == "M-02-03")
    target = data_home / "Bericht.pdf"
    by_id(driver, "report").click()
    answer_file_dialog(target)
    WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="report-done"]'))
    notice = by_id(driver, "report-done").text
    assert "Bericht geschrieben" in notice and "Seiten" in notice and str(target) in notice
    assert by_id(driver, "report-open").text == "PDF öffnen"
    assert by_id(driver, "report-folder").text == "Ordner zeigen"
    assert target.read_bytes().startswith(b"%PDF")
    # Still on the same tab with the same Steckbrief open.
    assert by_id(driver, "sb-number").text == "M-02-03"
    screenshot(driver, "35-bericht-hinweis-1280")
    driver.find_element(By.CSS_SELECTOR, '[data-testid="report-done"] button[aria-label="Hinweis schließen"]').click()
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="report-done"]'))


def test_exports_are_written_through_the_native_save_dialog(launch, data_home, screenshot):
    driver = launch("--demo")
    driver.set_window_size(1280, 800)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    by_id(driver, "export-open").click()
    wait_for(driver, "export")
    screenshot(driver, "41-exportieren-1280")
    # The demo's strategy is in force: a Beschlussvorlage would put it to the vote again. The
    # dialog says why before any save dialog, and its button stays off.
    for fmt in ["vorlage", "vorlage_pdf"]:
        assert by_id(driver, f"export-empty-{fmt}").text.startswith("Die Strategie ist seit dem 03.11.2025 in Kraft")
        by_id(driver, f"export-{fmt}").click()
        assert not by_id(driver, "export-save").is_enabled()
    for fmt, name in [("docx", "Strategie.docx"), ("xlsx", "Musterstadt.xlsx"), ("ics", "Termine.ics")]:
        target = data_home / name
        by_id(driver, f"export-{fmt}").click()
        by_id(driver, "export-save").click()
        answer_file_dialog(target)
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="export-result"]')
                                        and name in by_id(d, "export-result").text)
        assert target.exists() and target.stat().st_size > 0
    assert (data_home / "Strategie.docx").read_bytes()[:2] == b"PK"
    assert (data_home / "Musterstadt.xlsx").read_bytes()[:2] == b"PK"
    assert (data_home / "Termine.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    # The Open Data package goes into its own folder inside the one chosen in the folder dialog.
    portal = data_home / "portal"
    portal.mkdir()
    by_id(driver, "export-opendata").click()
    by_id(driver, "export-save").click()
    answer_file_dialog(portal)
    WebDriverWait(driver, 30).until(lambda d: "metadaten.ttl" in by_id(d, "export-result").text)
    package = [p for p in portal.iterdir() if p.is_dir()]
    assert len(package) == 1 and package[0].name.endswith("_Open-Data"), package
    assert (package[0] / "massnahmen.csv").exists()


def open_import(driver, liste):
    """Baustein 4, „Liste importieren …“, the list chosen in the file dialog."""
    by_id(driver, "nav-4").click()
    click(wait_for(driver, "tab-massnahmen"))
    click(wait_for(driver, "import-open"))
    wait_for(driver, "import-choose").click()
    answer_file_dialog(liste)


def test_a_measure_list_is_imported_after_its_preview(launch, data_home, screenshot):
    from test_walkthrough import api
    liste = data_home / "Massnahmenliste.csv"
    liste.write_text("Maßnahme;Kosten (einmalig);Handlungsfeld\nMängelmelder-App;12.500,00 €;LB04\nDefekte Zeile;viel;LB04\n", encoding="utf-8")
    driver = launch("--demo")
    driver.set_window_size(1280, 800)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    before = len(api(driver, {"measures": "get"})["measures"])
    open_import(driver, liste)
    problems = wait_for(driver, "import-problems", timeout=30)
    assert "Zeile 3, Spalte „Kosten (einmalig)“" in problems.text
    assert "1 von 2 Zeilen" in by_id(driver, "import-summary").text
    # How a cell is read stands under it: the amount as the Steckbrief will hold it.
    assert "→ 12.500\u00a0€" in by_id(driver, "import-preview").text.replace(" €", "\u00a0€")
    screenshot(driver, "42-import-vorschau-1280")
    by_id(driver, "import-confirm").click()
    WebDriverWait(driver, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="import"]'))
    measures = api(driver, {"measures": "get"})["measures"]
    assert len(measures) == before + 1
    assert any(m["measure"]["title"] == "Mängelmelder-App" and m["measure"]["cost_once_cents"] == 1_250_000 for m in measures)


def test_an_area_the_list_names_is_added_from_the_preview(launch, data_home, screenshot):
    """The list names a Handlungsfeld the project lacks: one click adds it as an area, the
    preview reads the list again, and its rows are imported into the new area."""
    from test_walkthrough import api
    liste = data_home / "Handlungsfelder.csv"
    liste.write_text("Handlungsfeld;Maßnahme\nLebensqualität;Kita-Chat\nMobilität;Parkleitsystem\n", encoding="utf-8")
    driver = launch("--demo")
    driver.set_window_size(1280, 800)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    open_import(driver, liste)
    unknown = wait_for(driver, "import-unknown-areas", timeout=30)
    assert "„Lebensqualität“ anlegen" in unknown.text
    assert "1 von 2 Zeilen" in by_id(driver, "import-summary").text
    screenshot(driver, "43-import-fehlender-lebensbereich")
    by_id(driver, "import-add-area").click()
    WebDriverWait(driver, 20).until(lambda d: "2 von 2 Zeilen" in by_id(d, "import-summary").text)
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="import-unknown-areas"]')
    by_id(driver, "import-confirm").click()
    WebDriverWait(driver, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="import"]'))
    measures = api(driver, {"measures": "get"})["measures"]
    kita = [m for m in measures if m["measure"]["title"] == "Kita-Chat"]
    assert len(kita) == 1 and kita[0]["life_area_title"] == "Lebensqualität", kita
