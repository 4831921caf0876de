"""Exports read back with the tools an administration or a data portal uses: the strategy as a Word
document with python-docx (headings in Word's heading styles, header rows that repeat, pictures
with alt text, page numbers as fields, A4, German, typed text exactly as typed), the Open Data
package with Python's csv module and rdflib (DCAT-AP.de). Needs only the CLI."""

import csv
import json
import subprocess
import tempfile
from pathlib import Path

import docx
import rdflib
from docx.oxml.ns import qn
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from test_walkthrough import CLI

HOSTILE = "<w:t>]]>&amp; \"Zitat\" 'x' { PAGE } =SUMME(A1) 🚀 " + "lang " * 20 + "Ende"


def zukunft(*args, stdin=None):
    return subprocess.run([str(CLI), *map(str, args)], input=stdin, capture_output=True, text=True, check=True).stdout


def test_the_strategy_in_word_has_headings_repeating_header_rows_and_pictures_with_alt_text():
    with tempfile.TemporaryDirectory() as d:
        project = Path(d) / "Musterstadt.zukunft"
        zukunft("demo", project)
        exported = json.loads(zukunft("export-json", project))
        first = min(exported["tables"]["measure"], key=lambda m: m["body"]["number"])["body"]
        command = json.dumps({"measures": {"save_measure": {"id": first["id"], "title": HOSTILE}}})
        zukunft("apply", project, "-", stdin=command + "\n")
        out = Path(d) / "Strategie.docx"
        zukunft("export", project, "--format", "docx", "-o", out)

        document = docx.Document(str(out))
        styled = {}
        for p in document.paragraphs:
            styled.setdefault(p.style.name, []).append(p.text)
        assert "Einleitung" in styled["Heading 1"] and "Anhang" in styled["Heading 1"]
        assert "Kosten und Förderung" in styled["Heading 2"]
        assert "Größter Handlungsbedarf" in styled["Heading 3"]
        assert styled["Title"] == ["Digitalisierungsstrategie"]
        # Numbered like the PDF by Word's own list numbering, so inserted chapters renumber.
        einleitung = next(p for p in document.paragraphs if p.text == "Einleitung")
        assert einleitung._p.pPr.numPr is not None
        vorwort = next(p for p in document.paragraphs if p.text == "Vorwort" and p.style.name == "Heading 1")
        assert vorwort._p.pPr.numPr is None

        # Typed text exactly as typed, in the Steckbrief and in the measure tables.
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert any(c in (f"{first['number']} – {HOSTILE}", f"{first['number']} – {HOSTILE}  · Quick Win") for c in cells)
        assert HOSTILE in cells

        # Every table with a header row repeats it on each page.
        headed = [t for t in document.tables if t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
        assert len(headed) >= 20
        budget = next(t for t in headed if t.rows[0].cells[0].text == "Jahr")
        assert [c.text for c in budget.rows[0].cells][:3] == ["Jahr", "einmalig", "laufend"]
        assert budget.rows[-1].cells[0].text == "Summe"
        assert all(run.bold for c in budget.rows[-1].cells for run in c.paragraphs[0].runs)

        # Charts as pictures, each with its alt text; the first one is the timeline.
        body = document.element.body
        pictures = body.findall(".//" + qn("wp:docPr"))
        assert len(pictures) >= 5
        assert all(len(p.get("descr", "")) > 20 for p in pictures)
        assert pictures[0].get("descr").startswith("Zeitplan")
        assert len(document.inline_shapes) == len(pictures)

        # A4, German, „Seite x von y“ as fields, a table of contents Word fills on opening.
        section = document.sections[0]
        assert abs(section.page_width.cm - 21.0) < 0.05 and abs(section.page_height.cm - 29.7) < 0.05
        lang = document.styles.element.find(".//" + qn("w:docDefaults")).find(".//" + qn("w:lang"))
        assert lang.get(qn("w:val")) == "de-DE"
        footer = section.footer._element
        fields = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
        assert fields == ["PAGE", "NUMPAGES"]
        assert "Seite" in section.footer.paragraphs[0].text and "von" in section.footer.paragraphs[0].text
        instructions = [t.text.strip() for t in body.iter(qn("w:instrText"))]
        assert instructions[0] == 'TOC \\o "1-2" \\z \\u'
        assert sum(i.startswith("PAGEREF _Toc") for i in instructions) == len(styled["Heading 1"]) + len(styled["Heading 2"])
        assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
        # Nothing typed became a field.
        assert all(i.split()[0] in ("TOC", "PAGEREF") for i in instructions)


def test_the_open_data_package_reads_with_the_csv_module_and_rdflib():
    with tempfile.TemporaryDirectory() as d:
        project = Path(d) / "Musterstadt.zukunft"
        zukunft("demo", project)
        person = {"goals": {"save_stakeholder": {"role": "Ortsvorsteher", "organisation": "Ortschaftsrat",
                                                 "name": "Erika Geheim-Mustermann", "contact": "erika@example.org", "public": False}}}
        zukunft("apply", project, "-", stdin=json.dumps(person) + "\n")
        exported = json.loads(zukunft("export-json", project))
        # Live measures (the export keeps deleted rows as tombstones, e.g. the one the council struck).
        measures = sorted(m["body"]["number"] for m in exported["tables"]["measure"] if not m["deleted"])
        package = Path(d) / "od"
        zukunft("export", project, "--format", "opendata", "-o", package)

        with open(package / "massnahmen.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert sorted(r["nummer"] for r in rows) == measures
        with open(package / "spalten.csv", newline="", encoding="utf-8") as f:
            documented = [r["spalte"] for r in csv.DictReader(f)]
        assert documented == list(rows[0].keys()), "every column is documented, in order"
        for r in rows:
            for amount in ("kosten_einmalig_eur", "kosten_laufend_eur_pro_jahr"):
                assert r[amount] == "" or float(r[amount]) >= 0, "amounts are numbers with a point; unknown is empty"
        text = (package / "massnahmen.csv").read_text(encoding="utf-8")
        assert "Geheim" not in text and "erika@" not in text, "no personal data"

        g = rdflib.Graph().parse(package / "metadaten.ttl", format="turtle")
        dataset = g.value(predicate=RDF.type, object=DCAT.Dataset, any=False)
        distribution = g.value(dataset, DCAT.distribution)
        assert (distribution, RDF.type, DCAT.Distribution) in g
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
            assert g.value(dataset, prop) is not None, prop
        assert str(g.value(g.value(dataset, DCTERMS.publisher), FOAF.name)) == "Stadt Musterstadt"
        assert str(g.value(distribution, DCTERMS.license)) == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        assert g.value(distribution, DCAT.accessURL) is not None
        assert "Geheim" not in (package / "metadaten.ttl").read_text(encoding="utf-8")
