//! The live preview beside the chapter editor (`strategy.preview`): the pages of the same compile
//! as the PDF, with the chapter's unsaved text, starting where the chapter begins; writes nothing.

use std::path::Path;

use serde_json::json;
use zukunftskommune::api::Preview;
use zukunftskommune::api::{Command, StrategyCommand};
use zukunftskommune::{Reply, Session};

use crate::common::*;

fn preview(s: &mut Session, command: serde_json::Value) -> Result<Preview, String> {
    match run_json(
        s,
        &json!({ "strategy": { "preview": command } }).to_string(),
    ) {
        Ok(Reply::Preview(p)) => Ok(p),
        Ok(r) => panic!("unexpected {r:?}"),
        Err(e) => Err(e.message),
    }
}

/// The text of one page of a PDF, as pdftotext reads it.
fn pdf_page_text(pdf: &Path, page: usize) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every word of the preview's page is on the PDF's page, and – on pages without a chart, whose
/// labels are drawing, not text, in the preview – every word of the PDF's page is in the
/// preview's; squeezed, so line breaks and hyphenation do not count.
fn same_words(pdf: &str, preview: &str) -> Result<(), String> {
    let words = |text: &str| {
        text.split_whitespace()
            .map(squeeze)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
    };
    let (in_pdf, in_preview) = (squeeze(pdf), squeeze(preview));
    if let Some(w) = words(preview).into_iter().find(|w| !in_pdf.contains(w)) {
        return Err(format!("„{w}“ steht in der Vorschau, aber nicht im PDF"));
    }
    if !preview.contains("Abbildung") {
        if let Some(w) = words(pdf).into_iter().find(|w| !in_preview.contains(w)) {
            return Err(format!("„{w}“ steht im PDF, aber nicht in der Vorschau"));
        }
    }
    Ok(())
}

#[test]
fn the_preview_has_the_pdf_s_pages_with_the_same_text() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let date = "2026-11-30";
    let pdf = dir.path().join("Bericht.pdf");
    let pages = crate::report::report(&mut s, &pdf, None).pages;
    let mut seen = Vec::new();
    let mut first = 1;
    while first <= pages {
        let p = preview(&mut s, json!({"page": first, "pages": 6, "date": date})).unwrap();
        assert_eq!(p.page_count, pages, "same page count as the PDF");
        for page in &p.pages {
            assert!(page.svg.starts_with("<svg") && page.svg.contains("viewBox"));
            same_words(&pdf_page_text(&pdf, page.number), &page.text)
                .unwrap_or_else(|e| panic!("Seite {}: {e}", page.number));
            seen.push(page.number);
        }
        first += 6;
    }
    assert_eq!(seen, (1..=pages).collect::<Vec<_>>());
    let p = preview(&mut s, json!({"page": 1, "date": date})).unwrap();
    let einleitung = p
        .chapters
        .iter()
        .find(|c| c.is_titled("Einleitung"))
        .unwrap();
    assert!(pdf_page_text(&pdf, einleitung.page).contains("Einleitung"));
}

/// The report's tables are ruled with thin grey lines between the rows: no page draws Typst's
/// default black grid (a stroke dictionary naming only some sides keeps it for the others).
#[test]
fn the_report_s_tables_are_ruled_thin_and_grey_without_a_black_grid() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let mut first = 1;
    let mut grey_rules = 0;
    loop {
        let p = preview(
            &mut s,
            json!({"page": first, "pages": 6, "date": "2026-11-30"}),
        )
        .unwrap();
        for page in &p.pages {
            assert!(
                !page.svg.contains(r##"stroke="#000000""##),
                "Seite {} zeichnet schwarze Tabellenlinien",
                page.number
            );
            // luma(190), the template's table rule
            grey_rules += page.svg.matches(r##"stroke="#bebebe""##).count();
        }
        first += p.pages.len();
        if p.pages.is_empty() || first > p.page_count {
            break;
        }
    }
    assert!(
        grey_rules > 100,
        "the tables' rows are ruled ({grey_rules} rules)"
    );
}

/// Typing in a chapter shows the text on its page at once, literally, without saving it.
#[test]
fn the_preview_shows_the_unsaved_text_on_the_chapter_s_page_and_writes_nothing() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let before = export(&mut s);
    let einleitung = strategy(&mut s)
        .sections
        .into_iter()
        .find(|x| x.key == "einleitung")
        .unwrap();
    let typed = "Neu getippt: <b>fett</b> #panic(\"x\") $x$ *stern* { PAGE } ]]>";
    let p = preview(
        &mut s,
        json!({"section": einleitung.id, "body": format!("{typed}\n\nZweiter Absatz.")}),
    )
    .unwrap();
    let first = &p.pages[0];
    let chapter = p
        .chapters
        .iter()
        .find(|c| c.is_titled("Einleitung"))
        .unwrap();
    assert_eq!(
        first.number, chapter.page,
        "the pages begin where the chapter does"
    );
    assert!(
        squeeze(&first.text).contains(&squeeze(typed)),
        "{}",
        first.text
    );
    assert!(first.text.contains("Zweiter Absatz."));
    assert_eq!(export(&mut s), before, "a preview writes nothing");

    // Characters the fonts lack are named, as for the PDF.
    let p = preview(
        &mut s,
        json!({"section": einleitung.id, "body": "Rakete 🚀 und 中文"}),
    )
    .unwrap();
    assert!(!p.warnings.is_empty(), "{:?}", p.warnings);

    // Too long for a chapter: a German message, as saving would give.
    let e = preview(
        &mut s,
        json!({"section": einleitung.id, "body": "x".repeat(zukunftskommune::model::MAX_CHAPTER_CHARS + 1)}),
    )
    .unwrap_err();
    assert!(e.contains("zu lang"), "{e}");
}

/// A consultancy template with an error: the preview says file and line instead of pages.
#[test]
fn a_template_error_shows_file_and_line_instead_of_pages() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let tpl = crate::report::template(
        dir.path(),
        "vorlage",
        "#let data = json(\"data.json\")\n\n#data.nicht_da\n",
    );
    let e = preview(&mut s, json!({"template_dir": tpl.display().to_string()})).unwrap_err();
    assert!(e.contains("report.typ, Zeile 3"), "{e}");
}

/// A long layout (a slow consultancy template here; a 1,500-measure strategy takes half a second)
/// does not hold up the window: other commands are answered while the preview is laid out.
#[test]
fn a_slow_preview_leaves_the_window_working() {
    use std::sync::{Arc, Mutex};
    use zukunftskommune::api::ProjectCommand;
    use zukunftskommune::dispatch_shared;
    let dir = temp();
    let path = demo(dir.path());
    let tpl = crate::report::template(
        dir.path(),
        "langsam",
        "#set text(font: \"Liberation Sans\", lang: \"de\")\n\
         #let n = 0\n#for i in range(15000000) { n = n + i }\n#n\n",
    );
    let session = Arc::new(Mutex::new(open(&path)));
    let running = {
        let session = Arc::clone(&session);
        let tpl = tpl.display().to_string();
        std::thread::spawn(move || {
            dispatch_shared(
                &session,
                Command::Strategy(StrategyCommand::Preview(
                    zukunftskommune::api::PreviewRequest {
                        section: None,
                        body: None,
                        page: None,
                        pages: None,
                        template_dir: Some(tpl),
                        date: None,
                    },
                )),
            )
        })
    };
    let mut answered_while_laying_out = 0;
    while !running.is_finished() {
        let reply = dispatch_shared(&session, Command::Project(ProjectCommand::Overview));
        assert!(reply.is_ok(), "{reply:?}");
        if !running.is_finished() {
            answered_while_laying_out += 1;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    match running.join().unwrap() {
        Ok(Reply::Preview(p)) => assert_eq!(p.page_count, 1),
        r => panic!("unexpected {r:?}"),
    }
    assert!(answered_while_laying_out > 3, "{answered_while_laying_out}");
}

/// The report writes a chapter's number before its title („2 Ausgangslage“, not Typst's
/// counter, which cost a layout pass); the preview still finds each chapter by the title the
/// project gives it, also a title that begins with a number, numbered or not.
#[test]
fn chapters_are_found_by_their_titles_also_when_they_begin_with_a_number() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let sections = strategy(&mut s).sections;
    let id = |key: &str| sections.iter().find(|x| x.key == key).unwrap().id;
    for (key, title) in [
        ("vorwort", "2030 im Blick"),
        ("ausgangslage", "5 Jahre Ausgangslage"),
    ] {
        run_json(
            &mut s,
            &json!({"strategy": {"save_section": {"id": id(key), "title": title}}}).to_string(),
        )
        .unwrap();
    }
    let p = preview(&mut s, json!({"page": 1})).unwrap();
    let headings: Vec<&str> = p.chapters.iter().map(|c| c.heading.as_str()).collect();
    for printed in [
        "2030 im Blick",
        "2 5 Jahre Ausgangslage",
        "1 Einleitung",
        "Anhang",
    ] {
        assert!(headings.contains(&printed), "{printed}: {headings:?}");
    }
    for (key, title, printed) in [
        ("vorwort", "2030 im Blick", "2030 im Blick"),
        (
            "ausgangslage",
            "5 Jahre Ausgangslage",
            "2 5 Jahre Ausgangslage",
        ),
        ("einleitung", "Einleitung", "1 Einleitung"),
    ] {
        let chapter = p.chapters.iter().find(|c| c.is_titled(title)).unwrap();
        assert_eq!(chapter.heading, printed);
        let shown = preview(&mut s, json!({"section": id(key), "body": "Getippt."})).unwrap();
        assert_eq!(shown.pages[0].number, chapter.page, "{title}");
        assert!(
            squeeze(&shown.pages[0].text).contains(&squeeze(printed)),
            "{title}: {}",
            shown.pages[0].text
        );
    }
    // Only a chapter number counts before the title.
    let einleitung = p
        .chapters
        .iter()
        .find(|c| c.heading == "1 Einleitung")
        .unwrap();
    assert!(!einleitung.is_titled("Einleitung ") && !einleitung.is_titled("leitung"));
}
