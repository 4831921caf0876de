"""The strategy as a Word document, read with python-docx as an administration's tools would read
it: headings in Word's heading styles, header rows that repeat, pictures with alt text, page
numbers as fields, A4, German, and typed text exactly as typed. Needs only the CLI."""

import json
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

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
