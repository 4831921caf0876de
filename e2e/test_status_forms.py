"""Status forms as the administration fills them: `zukunft status-forms` writes one XLSX per
lead department, a test fills one with openpyxl as a user would in Excel or LibreOffice, and
`zukunft status-import` shows the changes, takes exactly the filled values, and refuses a wrong
type, an unknown measure, a changed locked column and a form of another project — naming row and
column, changing nothing."""

import hashlib
import json
import subprocess
from pathlib import Path

import openpyxl

from test_walkthrough import CLI


def zukunft(*args, check=True):
    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, check=check)


def project_with_round(tmp: Path, name: str) -> Path:
    path = tmp / f"{name}.zukunft"
    zukunft("demo", "--stand", "entwurf", path)
    commands = tmp / f"{name}-umsetzung.jsonl"
    commands.write_text(
        '{"implementation":{"adopt":{"date":"2027-11-18","body":"Gemeinderat","drucksache":"GR 2027/041"}}}\n'
        '{"implementation":{"start_round":{"label":"1. Halbjahr 2028","date":"2028-06-30"}}}\n',
        encoding="utf-8",
    )
    zukunft("apply", path, commands)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries(path: Path):
    data = json.loads(zukunft("export-json", path).stdout)
    return {row["body"]["measure_id"]: row["body"] for row in data["tables"]["status_entry"] if not row["deleted"]}


def form_of(folder: Path, department: str) -> Path:
    return next(p for p in folder.iterdir() if p.name.endswith(f"– {department}.xlsx"))


def headers(sheet):
    return {cell.value: cell.column for cell in sheet[1]}


def test_a_filled_form_comes_back_exactly_and_bad_forms_are_refused(tmp_path):
    project = project_with_round(tmp_path, "Musterstadt")
    folder = tmp_path / "Formulare"
    written = zukunft("status-forms", project, "-o", folder).stdout.split("\n")
    assert len([w for w in written if w.endswith(".xlsx")]) >= 5
    form = form_of(folder, "Hauptamt")

    # Filled as a user would: progress, traffic light from the list, reason, costs, next steps.
    book = openpyxl.load_workbook(form)
    sheet = book["Status"]
    col = headers(sheet)
    assert sheet.protection.sheet, "the sheet is protected"
    assert sheet.cell(2, col["Nr."]).protection.locked and not sheet.cell(2, col["Fortschritt (%)"]).protection.locked
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert lists and "gefährdet" in lists[0].formula1
    number = sheet.cell(2, col["Nr."]).value
    sheet.cell(2, col["Fortschritt (%)"]).value = 60
    sheet.cell(2, col["Ampel"]).value = "Verzug"
    sheet.cell(2, col["Grund (bei Verzug, gefährdet, gestoppt)"]).value = "Softwareanbieter liefert später"
    sheet.cell(2, col["Ist-Kosten 2027 (€)"]).value = 2450.5
    sheet.cell(2, col["Nächste Schritte"]).value = "Abnahme im Juli"
    sheet.cell(3, col["Fortschritt (%)"]).value = 100
    sheet.cell(3, col["Ampel"]).value = "abgeschlossen"
    book.save(form)

    before = digest(project)
    dry = zukunft("status-import", project, form, "--dry-run")
    assert f"{number} · Ampel: „“ → „Verzug“" in dry.stdout, dry.stdout
    assert "Probelauf" in dry.stdout
    assert digest(project) == before, "a dry run writes nothing"
    done = zukunft("status-import", project, form)
    assert "Änderungen übernommen" in done.stdout, done.stdout
    measures = {m["body"]["number"]: m["body"]["id"] for m in json.loads(zukunft("export-json", project).stdout)["tables"]["measure"]}
    entry = entries(project)[measures[number]]
    assert entry["progress"] == 60 and entry["light"] == "verzug"
    assert entry["reason"] == "Softwareanbieter liefert später"
    assert entry["actual_costs"] == [{"year": 2027, "cents": 245050}]
    assert entry["next_steps"] == "Abnahme im Juli"
    second = entries(project)[measures[sheet.cell(3, col["Nr."]).value]]
    assert (second["progress"], second["light"]) == (100, "abgeschlossen")

    # Bad forms: each refused with its row and column, the project unchanged.
    def refused(change, expected):
        fresh = tmp_path / "fresh"
        zukunft("status-forms", project, "-o", fresh)
        bad = form_of(fresh, "Hauptamt")
        book = openpyxl.load_workbook(bad)
        change(book["Status"], headers(book["Status"]))
        book.save(bad)
        before = digest(project)
        result = zukunft("status-import", project, bad, check=False)
        assert result.returncode != 0, result.stdout
        assert expected in result.stderr, result.stderr
        # The unreadable cell is a problem, not a change that would empty the field.
        assert "→ „“" not in result.stdout, result.stdout
        assert digest(project) == before

    refused(lambda s, c: setattr(s.cell(2, c["Fortschritt (%)"]), "value", "fast fertig"),
            "Zeile 2, Spalte „Fortschritt (%)“: „fast fertig“ ist keine Zahl")
    refused(lambda s, c: setattr(s.cell(2, c["Ist-Kosten 2028 (€)"]), "value", "teuer"),
            "Zeile 2, Spalte „Ist-Kosten 2028 (€)“")
    refused(lambda s, c: setattr(s.cell(2, c["Ampel"]), "value", "rot"),
            "„rot“ ist keine Ampel")
    refused(lambda s, c: setattr(s.cell(3, c["Nr."]), "value", "M-99-99"),
            "Zeile 3, Spalte „Nr.“: Die gesperrte Spalte wurde geändert")
    refused(lambda s, c: setattr(s.cell(2, c["Maßnahme"]), "value", "Etwas anderes"),
            "Zeile 2, Spalte „Maßnahme“: Die gesperrte Spalte wurde geändert")
    refused(lambda s, c: setattr(s.cell(2, c["ID"]), "value", "00000000-0000-0000-0000-000000000000"),
            "Zeile 2, Spalte „ID“")

    # A form of another project.
    other = project_with_round(tmp_path, "Andersdorf")
    zukunft("status-forms", other, "-o", tmp_path / "fremd")
    before = digest(project)
    result = zukunft("status-import", project, form_of(tmp_path / "fremd", "Hauptamt"), check=False)
    assert result.returncode != 0 and "anderen Projekt" in result.stderr, result.stderr
    assert digest(project) == before


def test_every_department_s_form_comes_back_in_one_change_or_none_does(tmp_path):
    """The consultant reads all returned forms at once (one change, see the core's test for its
    undo); one bad cell in any of them keeps all out."""
    project = project_with_round(tmp_path, "Musterstadt")
    folder = tmp_path / "Formulare"
    zukunft("status-forms", project, "-o", folder)
    filled = {}
    for department, light in (("Hauptamt", "im Plan"), ("Bauamt", "gefährdet")):
        form = form_of(folder, department)
        book = openpyxl.load_workbook(form)
        sheet = book["Status"]
        col = headers(sheet)
        sheet.cell(2, col["Ampel"]).value = light
        sheet.cell(2, col["Fortschritt (%)"]).value = 35
        if light == "gefährdet":
            sheet.cell(2, col["Grund (bei Verzug, gefährdet, gestoppt)"]).value = "Stelle unbesetzt"
        book.save(form)
        filled[sheet.cell(2, col["Nr."]).value] = (form, light)
    forms = [form for form, _ in filled.values()]
    measures = {m["body"]["number"]: m["body"]["id"] for m in json.loads(zukunft("export-json", project).stdout)["tables"]["measure"]}

    # A bad cell in the second form: neither form is taken over.
    bad_folder = tmp_path / "Fehlerhaft"
    zukunft("status-forms", project, "-o", bad_folder)
    bad = form_of(bad_folder, "Bauamt")
    book = openpyxl.load_workbook(bad)
    book["Status"].cell(2, headers(book["Status"])["Fortschritt (%)"]).value = 140
    book.save(bad)
    before = digest(project)
    result = zukunft("status-import", project, forms[0], bad, check=False)
    assert result.returncode != 0 and "Zeile 2, Spalte „Fortschritt (%)“" in result.stderr, result.stderr
    assert bad.name in result.stderr, result.stderr
    assert digest(project) == before

    done = zukunft("status-import", project, *forms)
    assert "Änderungen übernommen" in done.stdout, done.stdout
    now = entries(project)
    for number, (_, light) in filled.items():
        entry = now[measures[number]]
        assert (entry["progress"], entry["light"]) == (35, {"im Plan": "im_plan", "gefährdet": "gefaehrdet"}[light])
