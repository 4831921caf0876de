"""What a double-click on a .zukunft file does: the file given on the command line opens in the
window, and the app keeps its own data (recent list, backups) in the platform's app data folder,
never beside the user's project. Runs against the debug build in `make e2e`, and against the
installed package in `make test-install` (ZK_APP=/usr/bin/zukunftskommune-desktop)."""

import json
import subprocess

from test_walkthrough import CLI, eventually, wait_for


def test_a_project_file_given_on_the_command_line_opens(launch, data_home, tmp_path, screenshot):
    project = tmp_path / "Projekte" / "Musterstadt Süd.zukunft"
    project.parent.mkdir()
    subprocess.run([str(CLI), "demo", str(project)], check=True, capture_output=True)
    before = sorted(p.name for p in project.parent.iterdir())

    driver = launch(str(project))
    assert "Musterstadt" in wait_for(driver, "municipality").text
    screenshot(driver, "50-datei-per-doppelklick")

    app_data = data_home / "de.zukunftskommune.desktop"
    recent = app_data / "zuletzt-geoeffnet.json"
    eventually(lambda: recent.exists() and str(project) in recent.read_text(encoding="utf-8"))
    assert json.loads(recent.read_text(encoding="utf-8"))[0]["name"] == "Musterstadt"
    eventually(lambda: any((app_data / "Sicherungen").glob("*/*.zukunft")))
    # Nothing of the app's own lands beside the project (the project's journal aside).
    after = sorted(p.name for p in project.parent.iterdir() if not p.name.endswith(("-wal", "-shm", "-journal")))
    assert after == before
