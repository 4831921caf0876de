"""The Umsetzung in the real window: record the council's adoption, start a status round,
enter a delay with its reason in the round's table, see the traffic lights, write the
Umsetzungsbericht through the native save dialog."""

import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_copies import answer_file_dialog
from test_walkthrough import CLI, api, by_id, click, eventually, wait_for


def test_adoption_round_dashboard_and_report_in_the_window(launch, data_home, screenshot):
    # The demo's draft before the council's vote (`zukunft demo --stand entwurf`).
    draft = data_home / "Musterstadt-Entwurf.zukunft"
    subprocess.run([str(CLI), "demo", "--stand", "entwurf", str(draft)], check=True, capture_output=True)
    driver = launch(str(draft))
    driver.set_window_size(1600, 1000)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="municipality"]'))
    click(by_id(driver, "nav-6"))
    form = wait_for(driver, "adoption-form")
    drucksache = by_id(driver, "adoption-drucksache")
    drucksache.send_keys("GR 2026/088")
    screenshot(driver, "70-umsetzung-beschluss")
    click(by_id(driver, "adoption-save"))
    summary = wait_for(driver, "adoption-summary")
    assert "GR 2026/088" in summary.text and "Gemeinderat" in summary.text, summary.text
    v = api(driver, {"implementation": "get"})
    assert len(v["baselines"]) == 1 and len(v["baselines"][0]["measures"]) == 40

    by_id(driver, "round-label").send_keys("Statusrunde Frühjahr 2027")
    click(by_id(driver, "round-start"))
    table = wait_for(driver, "round-table")
    eventually(lambda: len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 40)
    first = table.find_elements(By.CSS_SELECTOR, "tbody tr")[0]
    number = first.find_element(By.CSS_SELECTOR, "td").text
    # A delay needs its reason: the reason first, then the light.
    reason = by_id(driver, f"reason-{number}")
    click(reason)
    reason.send_keys("Anbieter liefert später", Keys.TAB)
    Select(by_id(driver, f"light-{number}")).select_by_visible_text("Verzug")
    eventually(lambda: "Verzug: 1" in by_id(driver, "lights").text)
    entry = api(driver, {"implementation": "get"})["round"]["entries"][0]["entry"]
    assert (entry["light"], entry["reason"]) == ("verzug", "Anbieter liefert später")
    screenshot(driver, "71-umsetzung-statusrunde")

    # An indicator of the first measure, then a measured value.
    Select(by_id(driver, "kpi-owner")).select_by_index(1)
    by_id(driver, "kpi-name").send_keys("Online gebuchte Termine")
    by_id(driver, "kpi-target").send_keys("50")
    click(by_id(driver, "kpi-add"))
    eventually(lambda: len(api(driver, {"implementation": "get"})["kpis"]) == 1)
    kpi = api(driver, {"implementation": "get"})["kpis"][0]["kpi"]
    assert (kpi["name"], kpi["target_value"]) == ("Online gebuchte Termine", 50.0)

    target = data_home / "Umsetzungsbericht.pdf"
    click(by_id(driver, "impl-report"))
    answer_file_dialog(target)
    note = wait_for(driver, "impl-note")
    eventually(lambda: "Umsetzungsbericht mit" in note.text)
    assert target.read_bytes().startswith(b"%PDF-")


def test_the_demo_a_year_after_the_vote_shows_its_umsetzung_and_an_indicator_is_edited_in_place(launch, screenshot):
    driver = launch("--demo")
    driver.set_window_size(1600, 1000)
    card = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="overview-implementation"]'))
    assert "mit Änderungen beschlossen vom Gemeinderat am 03.11.2025" in card.text and "Statusrunde 2. Halbjahr 2026" in card.text, card.text
    # The measure the council put back is counted apart: no report is missing.
    assert "Verzug: 2" in card.text and "zurückgestellt: 1" in card.text and "ohne Meldung: 0" in card.text, card.text
    screenshot(driver, "72-uebersicht-umsetzung")
    click(card.find_element(By.XPATH, ".//button[normalize-space()='Zur Umsetzung']"))
    table = wait_for(driver, "round-table")
    eventually(lambda: len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 40)
    kpis = wait_for(driver, "kpi-table")
    assert len(kpis.find_elements(By.CSS_SELECTOR, "tbody tr")) == 9
    screenshot(driver, "73-umsetzung-demo")

    # The first indicator's target, typed the German way, saved in place.
    before = api(driver, {"implementation": "get"})["kpis"][0]["kpi"]
    target = by_id(driver, "kpi-target-0")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    click(target)
    target.send_keys(Keys.CONTROL, "a")
    target.send_keys("22,5", Keys.TAB)
    eventually(lambda: api(driver, {"implementation": "get"})["kpis"][0]["kpi"]["target_value"] == 22.5)
    after = api(driver, {"implementation": "get"})["kpis"][0]["kpi"]
    assert {**after, "target_value": before["target_value"]} == before, "only the target changed"
    screenshot(driver, "76-kennzahlen")

    # A year after the vote the overview's next steps are the Umsetzung's, and one opens its
    # place there: the round's table, where statuses unchanged since June are confirmed. No
    # report is chased for the measure the council put back.
    click(by_id(driver, "nav-0"))
    steps = wait_for(driver, "next-steps")
    assert "Angaben bestätigen lassen: bei 13 Maßnahmen unverändert" in steps.text, steps.text
    assert "Meldungen einholen" not in steps.text, steps.text
    assert "Digitalisierungs-Check" not in steps.text, steps.text
    screenshot(driver, "74-naechste-schritte-umsetzung")
    click(steps.find_element(By.XPATH, ".//button[contains(., 'Angaben bestätigen lassen')]"))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return !!document.activeElement.closest('[data-testid=round-table]')"))
    # In force, the strategy can be written anew: the Fortschreibung begins in the window.
    by_id(driver, "revision-label").send_keys("Fortschreibung 2027")
    click(by_id(driver, "revision-start"))
    form = wait_for(driver, "adoption-form")
    assert "Beschluss der Fortschreibung erfassen" in form.text, form.text
    assert api(driver, {"implementation": "get"})["stage"] == "fortschreibung"
    screenshot(driver, "75-umsetzung-fortschreibung")
