//! A consultant's own measure list imported: shuffled columns, German amounts, blank and bad
//! cells. The preview names exactly the bad cells; the import takes the good rows as one change;
//! undo removes them all.

use std::path::Path;

use zukunftskommune::api::{
    Command, HistoryCommand, ImportField, ImportPreview, LifeAreasCommand, MappedColumn,
    MeasuresCommand,
};
use zukunftskommune::{Reply, Session};

use crate::common::*;

fn preview(s: &mut Session, path: &Path, mapping: Option<Vec<MappedColumn>>) -> ImportPreview {
    match call(
        s,
        Command::Measures(MeasuresCommand::ImportPreview {
            path: path.display().to_string(),
            mapping,
        }),
    ) {
        Reply::MeasureImport(p) => p,
        r => panic!("unexpected {r:?}"),
    }
}

/// Imports the list through `mapping`; the measures view after it.
fn import(
    s: &mut Session,
    path: &Path,
    mapping: Vec<MappedColumn>,
    skip_existing: Option<bool>,
) -> zukunftskommune::api::MeasuresView {
    match call(
        s,
        Command::Measures(MeasuresCommand::Import {
            path: path.display().to_string(),
            mapping,
            skip_existing,
        }),
    ) {
        Reply::Measures(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

/// Columns in an order no template has, a column nobody maps, German forms of every value.
const LIST: &str = "\
Bemerkung;Kosten (einmalig);Maßnahme;Handlungsfeld;Zuständig;Priorität;Beginn;Ende;laufende Kosten
intern;12.500,00 €;Mängelmelder-App;Mobilität & Verkehr;Bauamt;hoch;Q1/2027;4. Quartal 2027;1.200
;15 T€;Digitale Sitzungen im Rat;LB11;Hauptamt;mittel;2027;2028;
;zwölf Euro;Kaputte Zeile;LB04;Bauamt;sofort;2027;2027;
;;Ohne Kosten und Zeitraum;Querschnitt;;niedrig;;;
;;;;;;;;
;1,5 Mio. €;Glasfaser Gewerbegebiet;Digitale Infrastruktur;Wirtschaftsförderung;hoch;2027-H2;Q7/2028;
";

#[test]
fn a_list_with_shuffled_columns_is_previewed_cell_by_cell_and_imported_as_one_change() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let before = measures(&mut s).measures.len();
    let list = dir.path().join("Maßnahmenliste.csv");
    std::fs::write(&list, LIST).unwrap();

    let p = preview(&mut s, &list, None);
    assert_eq!(p.headers.len(), 9);
    assert_eq!(p.rows, 5, "the blank row does not count");
    assert_eq!(p.sample[0][2], "Mängelmelder-App");
    let field_of = |c: u32| p.mapping.iter().find(|m| m.column == c).map(|m| m.field);
    assert_eq!(field_of(0), None, "„Bemerkung“ is not mapped");
    assert_eq!(field_of(1), Some(ImportField::CostOnce));
    assert_eq!(field_of(2), Some(ImportField::Title));
    assert_eq!(field_of(3), Some(ImportField::LifeArea));
    assert_eq!(field_of(4), Some(ImportField::Lead));
    assert_eq!(field_of(8), Some(ImportField::CostYearly));

    // Exactly the bad cells, by spreadsheet row and column header.
    let bad: Vec<(u32, &str)> = p
        .problems
        .iter()
        .map(|c| (c.row, c.column.as_str()))
        .collect();
    assert_eq!(
        bad,
        [(4, "Kosten (einmalig)"), (4, "Priorität"), (7, "Ende")],
        "{:?}",
        p.problems
    );
    assert!(p.problems[0]
        .message
        .contains("„zwölf Euro“ ist kein Betrag"));
    assert!(p.problems[1]
        .message
        .contains("„sofort“ ist keine Priorität"));
    assert!(p.problems[2]
        .message
        .contains("„Q7/2028“ ist kein Zeitraum"));
    assert_eq!(p.importable, 3);
    // The preview wrote nothing.
    assert_eq!(measures(&mut s).measures.len(), before);

    let mapping = p.mapping.clone();
    match call(
        &mut s,
        Command::Measures(MeasuresCommand::Import {
            path: list.display().to_string(),
            mapping,
            skip_existing: None,
        }),
    ) {
        Reply::Measures(v) => {
            assert_eq!(v.measures.len(), before + 3);
            let app = v
                .measures
                .iter()
                .find(|m| m.measure.title == "Mängelmelder-App")
                .unwrap();
            assert_eq!(app.measure.cost_once_cents, Some(1_250_000));
            assert_eq!(app.measure.cost_yearly_cents, Some(120_000));
            assert_eq!(app.measure.start_quarter.as_deref(), Some("2027-Q1"));
            assert_eq!(app.measure.end_quarter.as_deref(), Some("2027-Q4"));
            assert_eq!(app.measure.lead, "Bauamt");
            assert!(
                app.measure.number.starts_with("M-04-"),
                "{}",
                app.measure.number
            );
            let council = v
                .measures
                .iter()
                .find(|m| m.measure.title == "Digitale Sitzungen im Rat")
                .unwrap();
            assert_eq!(council.measure.cost_once_cents, Some(1_500_000));
            assert_eq!(
                council.measure.cost_yearly_cents, None,
                "blank is unknown, not 0"
            );
            let plain = v
                .measures
                .iter()
                .find(|m| m.measure.title == "Ohne Kosten und Zeitraum")
                .unwrap();
            assert!(plain.measure.number.starts_with("M-00-"));
            assert_eq!(plain.measure.cost_once_cents, None);
            assert!(!v
                .measures
                .iter()
                .any(|m| m.measure.title == "Kaputte Zeile"));
            assert_eq!(
                v.written.change.as_ref().unwrap().change.label,
                "3 Maßnahmen importiert"
            );
        }
        r => panic!("unexpected {r:?}"),
    }

    // One step back removes all of them.
    call(&mut s, Command::History(HistoryCommand::Undo));
    assert_eq!(measures(&mut s).measures.len(), before);
}

#[test]
fn an_excel_list_and_a_windows_csv_are_read_and_a_list_without_a_title_column_is_refused() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));

    // A workbook as Excel writes it: numbers are numbers, the header in row 1.
    let xlsx = dir.path().join("Liste.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Titel", "Kosten", "Förderquote", "Aufwand"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "WLAN im Rathaus").unwrap();
    sheet.write_number(1, 1, 4999.5).unwrap();
    sheet.write_number(1, 2, 0.6).unwrap();
    sheet.write_number(1, 3, 7.0).unwrap();
    book.save(&xlsx).unwrap();
    let p = preview(&mut s, &xlsx, None);
    assert_eq!(p.headers, ["Titel", "Kosten", "Förderquote", "Aufwand"]);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!(
        (p.problems[0].row, p.problems[0].column.as_str()),
        (2, "Aufwand")
    );
    let without_effort: Vec<MappedColumn> = p
        .mapping
        .iter()
        .copied()
        .filter(|m| m.field != ImportField::Effort)
        .collect();
    let p = preview(&mut s, &xlsx, Some(without_effort.clone()));
    assert_eq!((p.importable, p.problems.len()), (1, 0));
    let v = import(&mut s, &xlsx, without_effort, None);
    let m = v
        .measures
        .iter()
        .find(|m| m.measure.title == "WLAN im Rathaus")
        .unwrap();
    assert_eq!(
        (m.measure.cost_once_cents, m.measure.funding_rate),
        (Some(499_950), Some(60))
    );

    // Excel's "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons.
    let csv = dir.path().join("alt.csv");
    let mut bytes = b"Ma\xdfnahme;Kosten\n".to_vec();
    bytes.extend_from_slice(b"B\xfcrgerb\xfcro online;3.000 \x80\n");
    std::fs::write(&csv, bytes).unwrap();
    let p = preview(&mut s, &csv, None);
    assert_eq!(p.headers[0], "Maßnahme");
    assert_eq!(p.sample[0][0], "Bürgerbüro online");
    assert_eq!((p.importable, p.problems.len()), (1, 0));

    // Excel's „Unicode-Text“: UTF-16 (little endian, with its mark) and tabs.
    let unicode = dir.path().join("unicode.txt");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in
        "Maßnahme\tKosten, einmalig\r\nLadesäulen am Rathaus\t12.500,00 €\r\n".encode_utf16()
    {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(&unicode, bytes).unwrap();
    let p = preview(&mut s, &unicode, None);
    assert_eq!(p.headers, ["Maßnahme", "Kosten, einmalig"]);
    assert_eq!(p.sample[0], ["Ladesäulen am Rathaus", "12.500,00 €"]);
    assert_eq!((p.importable, p.problems.len()), (1, 0));

    // No title column: refused by name, nothing written.
    let count = measures(&mut s).measures.len();
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::Import {
            path: csv.display().to_string(),
            mapping: vec![MappedColumn {
                column: 1,
                field: ImportField::CostOnce,
            }],
            skip_existing: None,
        }),
    );
    assert!(e.message.contains("„Titel“"), "{}", e.message);
    assert_eq!(measures(&mut s).measures.len(), count);
}

/// A list as a municipality sends it: dates as date cells, one „Zeitraum“ column, „k. A.“ and
/// „offen“ where nothing is known yet, „ca.“ before estimates, its own words for the status.
/// What is unknown stays unknown (never 0) and the row is imported; a span of amounts is refused
/// by name, because a plan needs one figure.
#[test]
fn a_municipalitys_list_with_dates_spans_and_unknown_values_is_read_as_written() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let xlsx = dir.path().join("Maßnahmenplan Stadt.xlsx");
    let mut book = Workbook::new();
    // A summary sheet before the list: the list's sheet is the one read.
    let summary = book.add_worksheet().set_name("Übersicht").unwrap();
    summary.write_string(0, 0, "Handlungsfeld").unwrap();
    summary.write_string(0, 1, "Anzahl").unwrap();
    summary.write_string(1, 0, "Mobilität").unwrap();
    summary.write_number(1, 1, 1.0).unwrap();
    let sheet = book.add_worksheet().set_name("Maßnahmen").unwrap();
    let headers = [
        "Maßnahme",
        "Beginn",
        "Ende",
        "Umsetzungszeitraum",
        "Kosten",
        "laufende Kosten",
        "Förderquote",
        "Priorität",
        "Stand",
        "Handlungsfeld",
    ];
    // A title above the table and a blank line, as lists printed for the council have them.
    sheet
        .write_string(0, 0, "Maßnahmen und Ziele der Digitalisierungsstrategie")
        .unwrap();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd.mm.yyyy");
    // Row 2: date cells, an estimate, a yearly amount with its unit, the list's own status word.
    sheet.write_string(3, 0, "Digitale Bauakte").unwrap();
    sheet
        .write_datetime_with_format(3, 1, ExcelDateTime::from_ymd(2026, 3, 1).unwrap(), &date)
        .unwrap();
    sheet
        .write_datetime_with_format(3, 2, ExcelDateTime::from_ymd(2027, 11, 30).unwrap(), &date)
        .unwrap();
    sheet.write_string(3, 4, "ca. 48.000 €").unwrap();
    sheet.write_string(3, 5, "2.400 € p. a.").unwrap();
    sheet.write_string(3, 6, "k. A.").unwrap();
    // 100 % shown as a percentage holds 1: it is 100 %, not 1 %.
    let percent = Format::new().set_num_format("0%");
    sheet.write_number_with_format(4, 6, 1.0, &percent).unwrap();
    sheet.write_string(3, 7, "-").unwrap();
    sheet.write_string(3, 8, "in Planung").unwrap();
    // The list's shorter names of the areas.
    sheet.write_string(3, 9, "Mobilität").unwrap();
    sheet.write_string(4, 9, "Bildung").unwrap();
    sheet.write_string(6, 9, "Wohnen").unwrap();
    // Row 3: one period column, unknown costs, a month name.
    sheet.write_string(4, 0, "WLAN in Schulen").unwrap();
    sheet.write_string(4, 3, "2026–2028").unwrap();
    sheet.write_string(4, 4, "offen").unwrap();
    sheet.write_string(4, 5, "keine").unwrap();
    sheet.write_string(4, 8, "laufend").unwrap();
    // Row 4: a span of amounts cannot be planned with.
    sheet.write_string(5, 0, "Ratsinformationssystem").unwrap();
    sheet.write_string(5, 4, "30.000 – 50.000 €").unwrap();
    // Row 5: „ab“ and a month.
    sheet.write_string(6, 0, "Bürgerportal").unwrap();
    sheet.write_string(6, 3, "ab März 2027").unwrap();
    sheet.write_string(6, 8, "erledigt").unwrap();
    book.save(&xlsx).unwrap();

    let p = preview(&mut s, &xlsx, None);
    assert_eq!(p.sheet.as_deref(), Some("Maßnahmen"));
    let field_of = |c: u32| p.mapping.iter().find(|m| m.column == c).map(|m| m.field);
    assert_eq!(field_of(3), Some(ImportField::Period));
    assert_eq!(field_of(8), Some(ImportField::Status));
    assert_eq!(p.sample[0][1], "01.03.2026", "a date cell shows as a date");
    // The preview says how each mapped cell is read where that differs from its text.
    let read = |row: usize, column: usize| p.reading[row][column].as_deref();
    assert_eq!(read(0, 1), Some("Q1 2026"));
    assert_eq!(read(0, 4), Some("48.000\u{a0}€"));
    assert_eq!(read(0, 5), Some("2.400\u{a0}€"));
    assert_eq!(read(0, 6), Some("unbekannt"));
    assert_eq!(read(0, 8), Some("geplant"));
    assert_eq!(read(1, 3), None, "„2026–2028“ reads as it is written");
    assert_eq!(read(1, 6), None, "„100 %“ reads as it is shown");
    assert_eq!(read(0, 0), None, "a title is taken as it is");
    assert_eq!(read(0, 9), Some("LB04 Mobilität & Verkehr"));
    assert_eq!(read(1, 9), Some("LB03 Bildung & Betreuung"));
    assert_eq!(read(2, 4), None, "a refused cell: the problems name it");
    let bad: Vec<(u32, &str, &str)> = p
        .problems
        .iter()
        .map(|c| (c.row, c.column.as_str(), c.message.as_str()))
        .collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(
        (bad[0].0, bad[0].1),
        (6, "Kosten"),
        "the row as the sheet numbers it"
    );
    assert!(bad[0].2.contains("ist eine Spanne"), "{}", bad[0].2);
    assert_eq!(p.importable, 3);

    let v = import(&mut s, &xlsx, p.mapping.clone(), None);
    let get = |title: &str| {
        v.measures
            .iter()
            .find(|m| m.measure.title == title)
            .map(|m| m.measure.clone())
            .unwrap()
    };
    let akte = get("Digitale Bauakte");
    let area_of = |m: &zukunftskommune::model::Measure| {
        v.measures
            .iter()
            .find(|x| x.measure.id == m.id)
            .map(|x| x.life_area_title.clone())
            .unwrap()
    };
    assert_eq!(area_of(&akte), "Mobilität & Verkehr");
    assert_eq!(
        area_of(&get("Bürgerportal")),
        "Bauen, Wohnen & Ortsentwicklung"
    );
    assert_eq!(akte.start_quarter.as_deref(), Some("2026-Q1"));
    assert_eq!(akte.end_quarter.as_deref(), Some("2027-Q4"));
    assert_eq!(akte.cost_once_cents, Some(4_800_000));
    assert_eq!(akte.cost_yearly_cents, Some(240_000));
    assert_eq!(akte.funding_rate, None, "„k. A.“ is unknown, not 0 %");
    assert_eq!(akte.priority, None);
    assert_eq!(akte.status, zukunftskommune::model::MeasureStatus::Geplant);
    let wlan = get("WLAN in Schulen");
    assert_eq!(wlan.start_quarter.as_deref(), Some("2026"));
    assert_eq!(wlan.end_quarter.as_deref(), Some("2028"));
    assert_eq!(wlan.cost_once_cents, None, "„offen“ is unknown, not 0 €");
    assert_eq!(wlan.funding_rate, Some(100));
    assert_eq!(
        wlan.cost_yearly_cents,
        Some(0),
        "„keine“ laufenden Kosten are 0 €"
    );
    assert_eq!(
        wlan.status,
        zukunftskommune::model::MeasureStatus::InUmsetzung
    );
    let portal = get("Bürgerportal");
    assert_eq!(portal.start_quarter.as_deref(), Some("2027-Q1"));
    assert_eq!(portal.end_quarter, None);
    assert_eq!(
        portal.status,
        zukunftskommune::model::MeasureStatus::Umgesetzt
    );
    assert!(!v
        .measures
        .iter()
        .any(|m| m.measure.title == "Ratsinformationssystem"));

    // The same list again: the preview names the titles the project has; leaving them out
    // leaves nothing to import, and nothing is written.
    let again = preview(&mut s, &xlsx, None);
    assert_eq!(
        again.existing,
        ["Digitale Bauakte", "WLAN in Schulen", "Bürgerportal"]
    );
    let count = measures(&mut s).measures.len();
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::Import {
            path: xlsx.display().to_string(),
            mapping: again.mapping.clone(),
            skip_existing: Some(true),
        }),
    );
    assert!(e.message.contains("nichts Neues"), "{}", e.message);
    assert_eq!(measures(&mut s).measures.len(), count);
}

/// A list in parts: each Handlungsfeld a heading row merged across the table, or its name merged
/// down beside its measures. The measures get the area of their part; a heading that names no
/// area of the project is said, and is no measure.
#[test]
fn a_list_in_parts_gives_each_measure_the_area_of_its_part() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let xlsx = dir.path().join("Handlungsfelder.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = Format::new();
    for (c, h) in ["Nr.", "Maßnahme", "Priorität", "Kosten"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet
        .merge_range(
            1,
            0,
            1,
            3,
            "Handlungsfeld 1: Verwaltung & Bürgerservice",
            &plain,
        )
        .unwrap();
    sheet.write_string(2, 0, "1.1").unwrap();
    sheet.write_string(2, 1, "E-Akte im Bauamt").unwrap();
    sheet.write_string(2, 2, "hoch").unwrap();
    sheet.write_number(2, 3, 50_000.0).unwrap();
    sheet.write_string(3, 0, "1.2").unwrap();
    sheet
        .write_string(3, 1, "Online-Termine im Standesamt")
        .unwrap();
    sheet.write_string(3, 2, "mittel").unwrap();
    sheet
        .merge_range(4, 0, 4, 3, "Handlungsfeld 2: Mobilität", &plain)
        .unwrap();
    sheet.write_string(5, 0, "2.1").unwrap();
    sheet.write_string(5, 1, "Parkleitsystem").unwrap();
    sheet
        .write_string(6, 0, "Handlungsfeld 9: Raumfahrt")
        .unwrap();
    sheet.write_string(7, 0, "9.1").unwrap();
    sheet.write_string(7, 1, "Mondbasis").unwrap();
    book.save(&xlsx).unwrap();

    let p = preview(&mut s, &xlsx, None);
    assert_eq!(
        p.headings,
        [
            "Zeile 2: „Handlungsfeld 1: Verwaltung & Bürgerservice“ → LB01 Verwaltung & Bürgerservice",
            "Zeile 5: „Handlungsfeld 2: Mobilität“ → LB04 Mobilität & Verkehr",
        ]
    );
    assert_eq!(p.rows, 5, "the two headings are no rows to import");
    assert_eq!(p.sample_headings, [true, false, false, true, false]);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!(p.problems[0].row, 7);
    assert!(
        p.problems[0]
            .message
            .contains("nennt aber keinen Lebensbereich"),
        "{}",
        p.problems[0].message
    );
    assert_eq!(p.importable, 4);
    assert_eq!(
        p.unknown_areas,
        ["Raumfahrt"],
        "the name after „Handlungsfeld 9:“"
    );
    let v = import(&mut s, &xlsx, p.mapping.clone(), None);
    let area = |title: &str| {
        v.measures
            .iter()
            .find(|m| m.measure.title == title)
            .map(|m| m.life_area_title.clone())
            .unwrap()
    };
    assert_eq!(area("E-Akte im Bauamt"), "Verwaltung & Bürgerservice");
    assert_eq!(
        area("Online-Termine im Standesamt"),
        "Verwaltung & Bürgerservice"
    );
    assert_eq!(area("Parkleitsystem"), "Mobilität & Verkehr");
    assert_eq!(area("Mondbasis"), "", "its heading named no area");

    // The area's name merged down beside its measures: every row reads it.
    let down = dir.path().join("Spalte.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Lebensbereich").unwrap();
    sheet.write_string(0, 1, "Maßnahme").unwrap();
    sheet.merge_range(1, 0, 3, 0, "Bildung", &plain).unwrap();
    for (r, title) in ["Tablets für die Grundschule", "Schul-WLAN", "Lernplattform"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1 + r as u32, 1, *title).unwrap();
    }
    book.save(&down).unwrap();
    let p = preview(&mut s, &down, None);
    assert_eq!((p.importable, p.problems.len()), (3, 0), "{:?}", p.problems);
    for row in &p.reading {
        assert_eq!(row[0].as_deref(), Some("LB03 Bildung & Betreuung"));
    }
}

/// A list too large to read is refused before it is read: a packed workbook by what its parts
/// unpack to (a few hundred KB on disk, 110 MB unpacked), a CSV by its rows.
#[test]
fn lists_too_large_are_refused_before_they_are_read() {
    use std::io::Write;
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let packed = dir.path().join("Riesig.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&packed).unwrap());
    zip.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    let block = vec![b' '; 1024 * 1024];
    for _ in 0..110 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&packed).unwrap().len() < 1024 * 1024);
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::ImportPreview {
            path: packed.display().to_string(),
            mapping: None,
        }),
    );
    assert!(
        e.message.contains("zu groß für eine Maßnahmenliste"),
        "{}",
        e.message
    );

    let long = dir.path().join("Lang.csv");
    let mut text = String::from("Maßnahme;Kosten\n");
    for i in 0..6_000 {
        text.push_str(&format!("Maßnahme {i};1.000\n"));
    }
    std::fs::write(&long, text).unwrap();
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::ImportPreview {
            path: long.display().to_string(),
            mapping: None,
        }),
    );
    assert_eq!(
        e.message,
        "Die Liste hat mehr als 5.000 Zeilen; so viele werden nicht eingelesen."
    );

    // A list that is gone is named.
    let gone = dir.path().join("Verschoben.xlsx");
    let e = call_err(
        &mut s,
        Command::Measures(MeasuresCommand::ImportPreview {
            path: gone.display().to_string(),
            mapping: None,
        }),
    );
    assert!(
        e.message.contains("Verschoben.xlsx“ gibt es nicht"),
        "{}",
        e.message
    );
}

/// The Handlungsfelder of a published strategy (Worms) as a list: four find their catalogue
/// area in the list's own words, two are named as missing; one added as an area of the project,
/// its rows are read on the next preview.
#[test]
fn areas_the_list_names_and_the_project_lacks_are_named_and_can_be_added() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Worms");
    let list = dir.path().join("Worms.csv");
    std::fs::write(
        &list,
        "Handlungsfeld;Maßnahme\n\
         Mobilität;Digitale Parkraumbewirtschaftung\n\
         ;Mobilitäts-App mit Fahrplänen\n\
         Lebensqualität;Stadt-App mit Veranstaltungskalender\n\
         Energie und Umwelt;Smarte Straßenbeleuchtung\n\
         Verwaltung;E-Akte und Dokumentenmanagement\n\
         Menschen und Bildung;Gigabit-Anschluss der Schulen\n\
         Lebensqualität;Kita-Chat\n\
         Wirtschaft;Digital Hub Worms\n",
    )
    .unwrap();
    let p = preview(&mut s, &list, None);
    assert_eq!(p.unknown_areas, ["Lebensqualität", "Menschen und Bildung"]);
    assert_eq!((p.importable, p.rows), (5, 8));
    assert_eq!(
        p.reading[3][0].as_deref(),
        Some("LB08 Energie, Umwelt & Klima")
    );
    // A blank area is no guess „as above“: what the row gets is shown.
    assert_eq!(
        p.reading[1][0].as_deref(),
        Some("Querschnitt (kein Lebensbereich angegeben)")
    );

    let area = zukunftskommune::model::LifeArea {
        title: "Lebensqualität".into(),
        selected: true,
        ..Default::default()
    };
    call(
        &mut s,
        Command::LifeAreas(LifeAreasCommand::SaveLifeArea(area.into())),
    );
    let p = preview(&mut s, &list, Some(p.mapping));
    assert_eq!(p.unknown_areas, ["Menschen und Bildung"]);
    assert_eq!(p.importable, 7);
    assert_eq!(p.reading[2][0].as_deref(), Some("LB13 Lebensqualität"));
}

/// „Kosten (T€)“ over „50“: the preview says 50.000 €, and that is what is imported.
#[test]
fn amounts_under_a_header_in_thousands_are_thousands() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Tausendheim");
    let list = dir.path().join("T.csv");
    std::fs::write(
        &list,
        "Maßnahme;Kosten (T€);laufende Kosten (TEUR/Jahr)\nWLAN;50;2,5\n",
    )
    .unwrap();
    let p = preview(&mut s, &list, None);
    assert_eq!(p.reading[0][1].as_deref(), Some("50.000\u{a0}€"));
    assert_eq!(p.reading[0][2].as_deref(), Some("2.500\u{a0}€"));
    let v = import(&mut s, &list, p.mapping, None);
    let wlan = &v
        .measures
        .iter()
        .find(|m| m.measure.title == "WLAN")
        .unwrap()
        .measure;
    assert_eq!(
        (wlan.cost_once_cents, wlan.cost_yearly_cents),
        (Some(5_000_000), Some(250_000))
    );
}

/// A budget list with a column per year („2026“, „Kosten 2027 (T€)“): each column is read as
/// the amount planned in its header's year, the measure's costs per year as a municipal budget
/// plans them; a row that also names one-off costs is refused by name.
#[test]
fn columns_per_year_become_the_amounts_per_year() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Haushaltsheim");
    let list = dir.path().join("Haushalt.csv");
    std::fs::write(
        &list,
        "Maßnahme;2026;Kosten 2027 (T€);HH-Ansatz 2028;Kosten einmalig\n\
         E-Akte;40.000;5;5.000 €;\n\
         WLAN;;12,5;;\n\
         Doppelt;1.000;;;2.000\n\
         Summe;41.000;17,5;5.000 €;2.000\n",
    )
    .unwrap();
    let p = preview(&mut s, &list, None);
    let fields: Vec<(u32, ImportField)> = p.mapping.iter().map(|m| (m.column, m.field)).collect();
    assert_eq!(
        fields,
        [
            (0, ImportField::Title),
            (1, ImportField::AmountInYear),
            (2, ImportField::AmountInYear),
            (3, ImportField::AmountInYear),
            (4, ImportField::CostOnce),
        ]
    );
    assert_eq!(p.reading[0][2].as_deref(), Some("5.000\u{a0}€ (2027)"));
    assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
    assert_eq!(p.problems[0].row, 4);
    assert!(
        p.problems[0].message.contains("nicht beides"),
        "{}",
        p.problems[0].message
    );
    // The list's total is no measure: its amounts would count twice.
    assert_eq!(p.problems[1].row, 5);
    assert!(
        p.problems[1].message.contains("Summenzeile"),
        "{}",
        p.problems[1].message
    );
    assert_eq!(p.importable, 2);

    let v = import(&mut s, &list, p.mapping, None);
    let years = |title: &str| {
        v.measures
            .iter()
            .find(|m| m.measure.title == title)
            .unwrap()
            .measure
            .cost_by_year
            .iter()
            .map(|a| (a.year, a.cents))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        years("E-Akte"),
        [(2026, 4_000_000), (2027, 500_000), (2028, 500_000)]
    );
    assert_eq!(years("WLAN"), [(2027, 1_250_000)]);
}

/// The app's own workbook reads back: a measure's amounts per year („2027: 40.000 €; …“ in one
/// cell) come back as amounts per year, its period, costs and area as they were.
#[test]
fn the_workbook_export_reads_back_with_amounts_per_year() {
    use zukunftskommune::api::{ExportFormat, ProjectCommand};
    use zukunftskommune::model::YearAmount;
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let mut m = measures(&mut s).measures[0].measure.clone();
    m.cost_once_cents = None;
    m.cost_yearly_cents = None;
    m.cost_by_year = vec![
        YearAmount {
            year: 2027,
            cents: 4_000_050,
        },
        YearAmount {
            year: 2028,
            cents: 500_000,
        },
    ];
    call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(m.clone().into())),
    );
    let book = dir.path().join("Arbeitsmappe.xlsx");
    call(
        &mut s,
        Command::Project(ProjectCommand::Export {
            format: ExportFormat::Xlsx,
            path: book.display().to_string(),
        }),
    );
    let all = measures(&mut s).measures.len();

    let (mut fresh, _) = new_project(dir.path(), "Neustadt");
    let p = preview(&mut fresh, &book, None);
    assert_eq!(p.sheet.as_deref(), Some("Maßnahmen"));
    assert!(p
        .mapping
        .iter()
        .any(|c| c.field == ImportField::AmountsPerYear));
    assert_eq!(
        (p.importable, p.problems.len()),
        (all, 0),
        "{:?}",
        p.problems
    );
    let v = import(&mut fresh, &book, p.mapping, None);
    let back = &v
        .measures
        .iter()
        .find(|x| x.measure.title == m.title)
        .unwrap()
        .measure;
    assert_eq!(back.cost_by_year, m.cost_by_year);
    assert_eq!(
        (
            &back.start_quarter,
            &back.end_quarter,
            back.funding_rate,
            &back.lead
        ),
        (&m.start_quarter, &m.end_quarter, m.funding_rate, &m.lead)
    );
}
