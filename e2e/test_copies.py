"""Files that travel, in the real window: the warning for a synced folder, automatic backups
listed and made on demand, and the "Kopie senden" dialog. (The native file dialogs themselves
cannot be driven through WebDriver; copy and merge are tested through the core and the CLI.)"""

import subprocess

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
    assert "ohne personenbezogene Daten" in dialog.text.lower()
    click(by_id(driver, "without-personal-data"))
    assert by_id(driver, "without-personal-data").is_selected()
    screenshot(driver, "22-kopie-senden")
