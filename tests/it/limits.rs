//! Bounded text and images: free text has a length limit with a German message naming the
//! field; a logo is read once from a regular file with a size and a pixel cap; copies and
//! imports bring only the images their rows refer to, checked like a logo.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use zukunftskommune::api::*;
use zukunftskommune::model::*;
use zukunftskommune::{Command, ErrorCode, Session};

use crate::common::*;

fn run(s: &mut Session, value: Value) -> Result<zukunftskommune::Reply, zukunftskommune::ApiError> {
    run_json(s, &value.to_string())
}

fn merge_err(s: &mut Session, copy: &Path) -> zukunftskommune::ApiError {
    call_err(
        s,
        Command::Copies(CopiesCommand::Merge {
            path: copy.display().to_string(),
            prefer: zukunftskommune::api::Prefer::Newer,
            choices: vec![],
        }),
    )
}

#[test]
fn texts_have_limits_that_name_the_field_and_change_nothing() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Langtext");
    let before = export(&mut s);
    let cases = [
        (
            json!({"goals": {"save_goal": {"title": "x".repeat(MAX_LINE_CHARS + 1)}}}),
            "„Titel“ (Ziel) ist mit 501 Zeichen zu lang; höchstens 500",
        ),
        (
            json!({"measures": {"save_measure": {"title": "M", "description": "ä".repeat(MAX_TEXT_CHARS + 1)}}}),
            "„Beschreibung“ (Maßnahme) ist mit 20.001 Zeichen",
        ),
        (
            json!({"goals": {"save_event": {"title": "W", "minutes": "p".repeat(1_000_000)}}}),
            "„Protokoll“ (Veranstaltung) ist mit 1.000.000 Zeichen",
        ),
        (
            json!({"strategy": {"save_section": {"title": "Kapitel", "body": "b".repeat(MAX_CHAPTER_CHARS + 1)}}}),
            "höchstens 100.000 Zeichen",
        ),
        (
            json!({"project": {"save_profile": {"name": "N".repeat(600)}}}),
            "„Name“",
        ),
    ];
    for (command, expected) in cases {
        let e = run(&mut s, command).unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(e.message.contains(expected), "{expected}: {}", e.message);
    }
    assert_eq!(export(&mut s), before, "nothing changed");

    // Exactly at the limits is fine, and an import is held to the same limits.
    run(&mut s, json!({"goals": {"save_goal": {"title": "x".repeat(MAX_LINE_CHARS), "description": "d".repeat(MAX_TEXT_CHARS)}}})).unwrap();
    run(&mut s, json!({"strategy": {"save_section": {"title": "Kapitel", "body": "b ".repeat(MAX_CHAPTER_CHARS / 2)}}})).unwrap();
    let mut exported: Value = serde_json::from_str(&export(&mut s)).unwrap();
    exported["tables"]["goal"][0]["body"]["description"] =
        Value::String("d".repeat(MAX_TEXT_CHARS + 1));
    let target = dir.path().join("Import.zukunft");
    let e = run(&mut s, json!({"file": {"import_json": {"json": exported.to_string(), "path": target.display().to_string()}}})).unwrap_err();
    assert!(e.message.contains("„Beschreibung“"), "{}", e.message);
    assert!(!target.exists(), "a refused import leaves no file");
}

/// A PNG whose header claims `width` × `height` pixels (the pixel data does not matter: the
/// size is refused before anything decodes it).
fn png_claiming(dir: &Path, width: u32, height: u32) -> PathBuf {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes.extend_from_slice(&[0; 64]);
    let path = dir.join(format!("riesig-{width}x{height}.png"));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn set_logo(
    s: &mut Session,
    path: &Path,
) -> Result<zukunftskommune::Reply, zukunftskommune::ApiError> {
    zukunftskommune::dispatch(
        s,
        Command::Strategy(StrategyCommand::SetLogo {
            path: Some(path.display().to_string()),
        }),
    )
}

#[test]
fn a_logo_is_read_once_from_a_regular_file_within_size_and_pixel_caps() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Wappen");
    let before = export(&mut s);
    let huge = png_claiming(dir.path(), 65_535, 65_535);
    let e = set_logo(&mut s, &huge).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(
        e.message.contains("65.535 × 65.535 Bildpunkte") && e.message.contains("16 Megapixel"),
        "{}",
        e.message
    );

    // A device reads forever: refused before reading.
    let e = set_logo(&mut s, Path::new("/dev/zero")).unwrap_err();
    assert!(
        e.message.contains("keine gewöhnliche Datei"),
        "{}",
        e.message
    );

    let big = dir.path().join("gross.png");
    let mut bytes = std::fs::read(crate::report::png_logo(dir.path())).unwrap();
    bytes.resize(6 * 1024 * 1024, 0);
    std::fs::write(&big, bytes).unwrap();
    let e = set_logo(&mut s, &big).unwrap_err();
    assert!(e.message.contains("größer als 5 MB"), "{}", e.message);

    let svg = dir.path().join("eingebettet.svg");
    std::fs::write(&svg, r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image href="data:image/png;base64,AAAA" width="10" height="10"/></svg>"#).unwrap();
    let e = set_logo(&mut s, &svg).unwrap_err();
    assert!(
        e.message.contains("eingebettete oder verknüpfte Bilder"),
        "{}",
        e.message
    );
    assert_eq!(export(&mut s), before, "nothing stored");

    // 4000 × 4000 is allowed (by its header).
    set_logo(&mut s, &png_claiming(dir.path(), 4000, 4000)).unwrap();
}

fn blob_count(path: &Path) -> usize {
    sqlite3(path, "SELECT count(*) FROM blob;")
        .trim()
        .parse()
        .expect("a count")
}

#[test]
fn copies_and_imports_bring_only_referenced_checked_images() {
    let dir = temp();
    let (mut a, path_a) = new_project(dir.path(), "Bildstadt");
    let copy = dir.path().join("Bildstadt_Kopie.zukunft");
    call(
        &mut a,
        Command::Copies(CopiesCommand::SendCopy {
            path: copy.display().to_string(),
            without_personal_data: false,
        }),
    );
    // The other copy carries 3 MB nobody refers to, and a goal edit.
    {
        let mut b = open(&copy);
        run(
            &mut b,
            json!({"goals": {"save_goal": {"title": "Aus der Kopie"}}}),
        )
        .unwrap();
    }
    sqlite3(
        &copy,
        "INSERT INTO blob (hash, data) VALUES ('ballast', zeroblob(3000000));",
    );
    call(
        &mut a,
        Command::Copies(CopiesCommand::Merge {
            path: copy.display().to_string(),
            prefer: zukunftskommune::api::Prefer::Newer,
            choices: vec![],
        }),
    );
    assert!(goals(&mut a)
        .goals
        .iter()
        .any(|g| g.title == "Aus der Kopie"));
    drop(a);
    assert_eq!(blob_count(&path_a), 0, "unreferenced data stays out");

    // A copy whose logo is a 65535 × 65535 PNG is refused as a whole.
    {
        let mut b = open(&copy);
        set_logo(&mut b, &crate::report::png_logo(dir.path())).unwrap();
    }
    let huge: String = std::fs::read(png_claiming(dir.path(), 65_535, 65_535))
        .unwrap()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    sqlite3(
        &copy,
        &format!("UPDATE blob SET data = X'{huge}' WHERE hash <> 'ballast';"),
    );
    let mut a = open(&path_a);
    let before = export(&mut a);
    let e = merge_err(&mut a, &copy);
    assert!(e.message.contains("Bildpunkte"), "{}", e.message);
    assert_eq!(export(&mut a), before, "a refused copy changes nothing");

    // An import brings only the images its rows refer to.
    use base64::Engine;
    let mut exported: Value = serde_json::from_str(&before).unwrap();
    exported["blobs"]["ballast"] =
        Value::String(base64::engine::general_purpose::STANDARD.encode(vec![0u8; 100_000]));
    let target = dir.path().join("Import.zukunft");
    run(&mut a, json!({"file": {"import_json": {"json": exported.to_string(), "path": target.display().to_string()}}})).unwrap();
    drop(a);
    assert_eq!(blob_count(&target), 0);
}

#[test]
fn an_over_long_word_wraps_inside_the_page() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Wortdorf");
    let word = "Digitalisierungs".repeat(25);
    run(
        &mut s,
        json!({"measures": {"save_measure": {
            "title": format!("Titel {}", &word[..300]),
            "description": format!("Beschreibung {word}"),
            "lead": format!("https://www.example-kommune.de/{}", "a".repeat(200)),
            "start_quarter": "2027", "end_quarter": "2028", "effort": 2, "benefit": 4
        }}}),
    )
    .unwrap();
    run(&mut s, json!({"goals": {"save_goal": {"title": format!("Ziel {}", &word[..400]), "description": word}}})).unwrap();
    let pdf = dir.path().join("Bericht.pdf");
    crate::report::report(&mut s, &pdf, None);
    let boxes = crate::report::tool("pdftotext", &["-bbox", &pdf.display().to_string(), "-"]);
    // A4 is 595 pt wide; the template's right margin is 2.3 cm (65 pt).
    let mut checked = 0;
    for line in boxes.lines().filter(|l| l.contains("<word ")) {
        let x_max: f64 = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|n| n.parse().ok())
            .expect("xMax");
        assert!(x_max <= 595.0 - 60.0, "runs off the page: {line}");
        checked += 1;
    }
    assert!(checked > 1000, "the report has words ({checked})");
}

#[test]
fn rows_with_impossible_times_are_refused_in_imports_and_merges() {
    let dir = temp();
    let (mut a, path) = new_project(dir.path(), "Zeitdorf");
    run(
        &mut a,
        json!({"goals": {"save_goal": {"title": "Ein Ziel"}}}),
    )
    .unwrap();
    let before = export(&mut a);
    let mut exported: Value = serde_json::from_str(&before).unwrap();
    exported["tables"]["goal"][0]["updated_at"] = Value::String("9999-12-31T23:59:59Z".into());
    let target = dir.path().join("Import.zukunft");
    let e = run(&mut a, json!({"file": {"import_json": {"json": exported.to_string(), "path": target.display().to_string()}}})).unwrap_err();
    assert!(
        e.message.contains("9999-12-31T23:59:59Z") && e.message.contains("kann nicht stimmen"),
        "{}",
        e.message
    );
    assert!(!target.exists());

    let mut a = open(&path);
    let copy = dir.path().join("Zeitdorf_Kopie.zukunft");
    call(
        &mut a,
        Command::Copies(CopiesCommand::SendCopy {
            path: copy.display().to_string(),
            without_personal_data: false,
        }),
    );
    sqlite3(
        &copy,
        "UPDATE goal SET updated_at = '9999-01-01T00:00:00.000Z';",
    );
    let e = merge_err(&mut a, &copy);
    assert!(e.message.contains("kann nicht stimmen"), "{}", e.message);
    assert_eq!(export(&mut a), before);
}

/// A value of the wrong kind and a malformed command are refused in German, naming the field
/// and the value as written – serde's English („floating point `12.5`“, „expected u32 at line 1
/// column 145“) never reaches the consultant – and the sum „Die einmaligen Kosten“ takes its
/// verb in agreement.
#[test]
fn wrong_values_and_malformed_commands_are_refused_in_german() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Neustadt");
    let Reply::Measures(v) = run(
        &mut s,
        json!({"measures": {"save_measure": {"title": "M"}}}),
    )
    .unwrap() else {
        panic!()
    };
    let id = v.written.saved.unwrap();
    let event = match run(
        &mut s,
        json!({"goals": {"save_event": {"title": "E", "date": "2027-02", "format": "umfrage"}}}),
    )
    .unwrap()
    {
        Reply::Goals(g) => g.written.saved.unwrap(),
        r => panic!("{r:?}"),
    };
    let message = |s: &mut Session, value: Value| run(s, value).unwrap_err().message;
    let english = [
        "floating point",
        "integer `",
        "string \"",
        "expected",
        "invalid",
        " at line ",
    ];
    let cases = [
        (json!({"measures": {"save_measure": {"id": id, "funding_rate": 12.5}}}), "Maßnahme › funding_rate: ungültiger Wert „12.5“ – erwartet wird eine ganze Zahl"),
        (json!({"measures": {"save_measure": {"id": id, "funding_rate": "50"}}}), "ungültiger Wert „50“ (als Text) – erwartet wird eine ganze Zahl"),
        (json!({"measures": {"save_measure": {"id": id, "effort": [1]}}}), "ungültiger Wert (eine Liste [ … ])"),
        (json!({"measures": {"set_votes": {"measure_id": id, "event_id": event, "votes": -3}}}), "Fehlerhafter Befehl (measures.set_votes.votes): ungültiger Wert „-3“ – erwartet wird eine ganze Zahl"),
        (json!({"measures": {"set_votes": {"measure_id": id, "votes": 3}}}), "Fehlerhafter Befehl (measures.set_votes): das Feld „event_id“ fehlt."),
        (json!({"raumschiff": {}}), "Unbekannter Befehl: „raumschiff“ – möglich: "),
        (json!({"measures": {"save_measure": {"id": id, "cost_once_cents": -5}}}), "Der Betrag der einmaligen Kosten darf nicht negativ sein."),
        (json!({"measures": {"save_measure": {"id": id, "cost_yearly_cents": 99_999_999_999_999_i64}}}), "Der Betrag der laufenden Kosten ist zu groß (höchstens 10 Mrd. €)."),
    ];
    for (command, expected) in cases {
        let m = message(&mut s, command.clone());
        assert!(m.contains(expected), "{command}: {m}");
        for word in english {
            assert!(!m.contains(word), "{command}: English „{word}“ in „{m}“");
        }
    }
    let m = run_json(&mut s, r#"{"measures": {"save_measure": {"title": "M""#)
        .unwrap_err()
        .message;
    assert!(m.contains("kein gültiges JSON (Zeile 1, Spalte"), "{m}");
}

#[test]
fn one_line_texts_join_their_lines_and_long_texts_keep_them() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Zeilen");
    // A title pasted with its line breaks, a list cell's Alt+Enter, a Unicode line separator:
    // as a save (the window, `zukunft apply`) sends them.
    run(
        &mut s,
        json!({"measures": {"save_measure": {
            "title": "Digitale\r\nBauakte\n",
            "lead": "Bauamt\u{2028}Abteilung 2",
            "parties": "Bauamt,\nIT-Dienstleister",
            "description": "Erste Zeile\nZweite Zeile",
            "kpis": "Anträge online\nBearbeitungszeit"
        }}}),
    )
    .unwrap();
    let m = &measures(&mut s).measures[0].measure;
    assert_eq!(m.title, "Digitale Bauakte");
    assert_eq!(m.lead, "Bauamt Abteilung 2");
    assert_eq!(m.parties, "Bauamt, IT-Dienstleister");
    assert_eq!(m.description, "Erste Zeile\nZweite Zeile");
    assert_eq!(m.kpis, "Anträge online\nBearbeitungszeit");
    run(
        &mut s,
        json!({"project": {"save_profile": {"name": "Muster-\nstadt", "consultants": "A.\n\nB."}}}),
    )
    .unwrap();
    assert_eq!(goals(&mut s).profile.consultants, "A. B.");
    // A chapter keeps its paragraphs.
    run(&mut s, json!({"strategy": {"save_section": {"title": "Kapitel\nEins", "body": "Absatz 1\n\nAbsatz 2"}}})).unwrap();
    let chapter = strategy(&mut s)
        .sections
        .into_iter()
        .find(|c| c.body == "Absatz 1\n\nAbsatz 2")
        .expect("the chapter as saved");
    assert_eq!(chapter.title, "Kapitel Eins");

    // A JSON export with line breaks in one-line texts (edited by hand, or from a tool) is
    // imported with the lines joined, the long texts as they are.
    let mut exported: Value = serde_json::from_str(&export(&mut s)).unwrap();
    exported["tables"]["measure"][0]["body"]["title"] = Value::String("Zwei\nZeilen".into());
    exported["tables"]["measure"][0]["body"]["description"] = Value::String("A\nB".into());
    let target = dir.path().join("Import.zukunft");
    run(&mut s, json!({"file": {"import_json": {"json": exported.to_string(), "path": target.display().to_string()}}})).unwrap();
    let m = &measures(&mut s).measures[0].measure;
    assert_eq!(
        (m.title.as_str(), m.description.as_str()),
        ("Zwei Zeilen", "A\nB")
    );
    assert!(path.exists());
}
