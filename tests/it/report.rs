//! The strategy report: PDF/A-2a + PDF/UA-1 from the demo, text in reading order, hostile user
//! text printed literally, unsupported characters replaced with a warning, determinism,
//! consultancy templates with file/line errors.

use std::path::Path;
use std::process::Command as Process;

use zukunftskommune::api::*;
use zukunftskommune::model::*;
use zukunftskommune::{dispatch_shared, Command, ErrorCode, Reply, Session};

use crate::common::*;

pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Process::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} fehlt ({e}); make test installiert poppler-utils und qpdf")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A consultancy template folder `name` in `dir` whose `report.typ` is `source`.
pub fn template(dir: &Path, name: &str, source: &str) -> std::path::PathBuf {
    let tpl = dir.join(name);
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(tpl.join("report.typ"), source).unwrap();
    tpl
}

pub fn report(s: &mut Session, pdf: &Path, watermark: Option<bool>) -> ReportResult {
    match call(
        s,
        Command::Strategy(StrategyCommand::GenerateReport {
            path: pdf.display().to_string(),
            watermark,
            version_label: None,
            template_dir: None,
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        }),
    ) {
        Reply::Report(r) => r,
        r => panic!("unexpected {r:?}"),
    }
}

/// The report's sources (template, data.json, charts) in `dir/quellen`, dated 30.11.2026.
fn report_sources(s: &mut Session, dir: &Path) -> std::path::PathBuf {
    let sources = dir.join("quellen");
    call(
        s,
        Command::Strategy(StrategyCommand::ExportReportSources {
            dir: sources.display().to_string(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        }),
    );
    sources
}

/// Writes the report to `pdf` and returns the text of all its pages.
fn report_text(s: &mut Session, pdf: &Path) -> String {
    let pages = report(s, pdf, None).pages;
    text_of(pdf, 1, pages)
}

/// Writes the report without the ENTWURF watermark (its letters fall into the extracted text) to
/// `dir/Bericht.pdf` and returns the text of all its pages, squeezed.
pub fn unmarked_text(s: &mut Session, dir: &Path) -> String {
    let pdf = dir.join("Bericht.pdf");
    let pages = report(s, &pdf, Some(false)).pages;
    squeeze(&text_of(&pdf, 1, pages))
}

pub fn text_of(pdf: &Path, first: usize, last: usize) -> String {
    tool(
        "pdftotext",
        &[
            "-layout",
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
            &pdf.display().to_string(),
            "-",
        ],
    )
}

#[test]
fn the_demo_report_is_an_accessible_archivable_pdf() {
    let dir = temp();
    let path = demo_draft(dir.path());
    let mut s = open(&path);
    let pdf = dir.path().join("Strategie.pdf");
    let r = report(&mut s, &pdf, None);
    assert_eq!(
        r.pages, 41,
        "golden page count of the demo report (with the table of dot votes; each part of the appendix on its own page)"
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let p = pdf.display().to_string();

    let info = tool("pdfinfo", &[&p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Digitalisierungsstrategie Musterstadt"),
        "{info}"
    );
    assert!(info.contains(&format!("Pages:           {}", r.pages)));
    tool("qpdf", &["--check", &p]);
    let raw = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    assert!(
        raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""),
        "PDF/A-2 metadata"
    );
    assert!(
        raw.contains("pdfuaid:part>1<") || raw.contains("pdfuaid:part=\"1\""),
        "PDF/UA-1 metadata"
    );
    assert!(
        raw.contains("de-DE") || raw.contains("(de)"),
        "document language"
    );

    let all = text_of(&pdf, 1, r.pages);
    for needle in [
        "Digitalisierungsstrategie",
        "Inhaltsverzeichnis",
        "Zusammenfassung",
        "Ausgangslage",
        "Lebensbereiche",
        "Querschnittsmaßnahmen",
        "Umsetzungsplan",
        "Organisation und Steuerung",
        "Monitoring und Fortschreibung",
        "Maßnahmen-Steckbriefe",
        "Seite 2 von",
        "M-01-01",
        "Glasfaserausbau Gewerbegebiet Süd",
        "420.000 €",
        "20.10.2025",
        "Größter Handlungsbedarf",
        // The legend of the numbered portfolio dots.
        "Die Nummern im Portfolio",
        "23 M-04-03 E-Carsharing am Rathaus",
        // The demo's answers carry notes: the questionnaire has its „Notiz“ column.
        "Notiz",
        // The demo's ideas were voted on: their votes are printed.
        "mit ihren Stimmen und dem, was aus ihr wurde",
        // The subtitle says more than the name, so the cover prints it.
        "Gemeinsam digital bis 2030",
    ] {
        assert!(all.contains(needle), "report lacks „{needle}“");
    }
    // Umlauts, ß, € and German quotes come out as text.
    assert!(all.contains("Größter") && all.contains("Maßnahmen") && all.contains("€"));
    assert!(all.contains("„Punktabfrage“") || all.contains("„") || all.contains("Bürger"));
    // Rendering check: the cover and a chart page rasterise to real content.
    let png = dir.path().join("seite");
    for page in ["1", "7"] {
        tool(
            "pdftoppm",
            &[
                "-r",
                "30",
                "-gray",
                "-f",
                page,
                "-l",
                page,
                &p,
                &png.display().to_string(),
            ],
        );
    }
    for file in std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
    {
        if file.extension().is_some_and(|e| e == "pgm") {
            let bytes = std::fs::read(&file).unwrap();
            let dark = bytes
                .iter()
                .rev()
                .take(bytes.len() - 20)
                .filter(|b| **b < 128)
                .count();
            assert!(
                dark > 200,
                "{} looks empty ({dark} dark pixels)",
                file.display()
            );
        }
    }
    let cover = text_of(&pdf, 1, 1);
    assert!(
        cover.contains("Musterstadt") && cover.contains("Entwurf für den Gemeinderat"),
        "{cover}"
    );
    assert!(!cover.contains("Seite 1 von"), "no footer on the cover");

    // The draft is recorded with the PDF's hash.
    let st = strategy(&mut s);
    assert_eq!(st.drafts.len(), 1);
    assert_eq!(st.drafts[0].hash, r.sha256);
    assert_eq!(st.drafts[0].file_name, "Strategie.pdf");

    // Deterministic: the same project and settings give the same bytes.
    let again = dir.path().join("Strategie2.pdf");
    let r2 = report(&mut s, &again, None);
    assert_eq!(r2.sha256, r.sha256, "same project, same PDF");
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap());

    // Without watermark: a different file whose pages lack the diagonal letters of „ENTWURF“.
    let clean = dir.path().join("ohne.pdf");
    let r3 = report(&mut s, &clean, Some(false));
    assert_ne!(r3.sha256, r.sha256);
    let letters = |t: &str| t.chars().filter(|c| "ENTWURF".contains(*c)).count();
    assert_eq!(
        letters(&text_of(&pdf, 5, 5)),
        letters(&text_of(&clean, 5, 5)) + 7
    );
}

#[test]
fn hostile_and_unsupported_user_text_never_breaks_the_report() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let hostile = r#"Test #panic("x") *fett* $x$ <script>alert(1)</script> @ref // kein Kommentar \ Rück\slash"#;
    let m = measures(&mut s).measures[0].measure.clone();
    call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            Measure {
                title: hostile.into(),
                ..m
            }
            .into(),
        )),
    );
    let g = goals(&mut s).goals[0].clone();
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(
            Goal {
                title: "Glasfaser 🚀 für alle → 100 % ✓ 中文".into(),
                ..g
            }
            .into(),
        )),
    );
    // Text that reaches the charts too: a measure on the roadmap and portfolio, a timeline
    // entry in the schedule; Arabic is in the body font but not in the charts' font.
    let second = measures(&mut s).measures[1].measure.clone();
    call(
        &mut s,
        Command::Measures(MeasuresCommand::SaveMeasure(
            Measure {
                title: "WLAN 📶 im Rathaus\tund 你好 ✔".into(),
                ..second
            }
            .into(),
        )),
    );
    let t = goals(&mut s).timeline[0].clone();
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveTimelineEntry(
            TimelineEntry {
                title: "Auftakt 🎉 مرحبا".into(),
                ..t
            }
            .into(),
        )),
    );
    let pdf = dir.path().join("feindlich.pdf");
    let r = report(&mut s, &pdf, Some(false));
    let text = text_of(&pdf, 1, r.pages);
    assert!(
        text.contains("WLAN □ im Rathaus und □□ ✔"),
        "tab printed as a space, emoji and CJK replaced in text and charts"
    );
    for expected in [
        "Maßnahme „WLAN □ im Rathaus und □□ ✔“, Titel: „📶“ (U+1F4F6), „你“ (U+4F60), „好“ (U+597D) sind",
        "Termin „Auftakt □ مرحبا“, Titel: „🎉“ (U+1F389) ist",
        "Zeitplan-Diagramm: „م“ (U+0645)",
        "Roadmap: „✔“ (U+2714)",
    ] {
        assert!(
            r.warnings.iter().any(|w| w.contains(expected)),
            "{expected}: {:#?}",
            r.warnings
        );
    }
    assert!(
        text.contains("#panic(\"x\")"),
        "hostile text printed literally"
    );
    assert!(
        text.contains("*fett*")
            && text.contains("$x$")
            && text.contains("<script>alert(1)</script>")
    );
    assert!(text.contains("@ref") && text.contains("// kein Kommentar"));
    assert!(
        text.contains("Glasfaser □ für alle → 100 % ✓ □□"),
        "emoji and CJK replaced visibly"
    );
    assert!(
        r.warnings.iter().any(|w| w.contains("U+1F680")),
        "{:?}",
        r.warnings
    );
    assert!(
        r.warnings.iter().any(|w| w.contains("U+4E2D")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_consultancy_template_replaces_the_design_and_errors_name_file_and_line() {
    let dir = temp();
    let path = demo_draft(dir.path());
    let tpl = template(dir.path(), "vorlage", "#let data = json(\"data.json\")\n#set document(title: \"Strategie \" + data.municipality.name)\n#set text(lang: \"de\", font: \"Liberation Sans\")\n= Beratung Nord: #data.municipality.name\n#include \"teil.typ\"\n");
    std::fs::write(
        tpl.join("teil.typ"),
        "Eigenes Layout mit #data.measures.len() Maßnahmen.\n",
    )
    .unwrap();
    let pdf = dir.path().join("eigen.pdf");
    let run = |extra: &[&str]| {
        let (project, target, template) = (
            path.display().to_string(),
            pdf.display().to_string(),
            tpl.display().to_string(),
        );
        let mut args = vec![
            "report",
            project.as_str(),
            "-o",
            target.as_str(),
            "--template",
            template.as_str(),
        ];
        args.extend_from_slice(extra);
        Process::new(crate::common::zukunft_bin())
            .args(&args)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    // `teil.typ` cannot see `data` (Typst scoping): the consultant gets file and line.
    assert_eq!(out.status.code(), Some(ErrorCode::Invalid.exit_code()));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("teil.typ, Zeile 1") && err.contains("unknown variable: data"),
        "{err}"
    );
    assert!(!pdf.exists());

    std::fs::write(
        tpl.join("teil.typ"),
        "#let data = json(\"data.json\")\nEigenes Layout mit #data.measures.len() Maßnahmen.\n",
    )
    .unwrap();
    let out = run(&["--version-label", "Fassung B"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = tool("pdftotext", &[&pdf.display().to_string(), "-"]);
    assert!(
        text.contains("Beratung Nord: Musterstadt")
            && text.contains("Eigenes Layout mit 40 Maßnahmen."),
        "{text}"
    );
}

/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

pub fn png_logo(dir: &Path) -> std::path::PathBuf {
    use base64::Engine;
    let path = dir.join("Wappen.png");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(PNG)
        .unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn set_logo(s: &mut Session, path: Option<&Path>) -> StrategyView {
    match call(
        s,
        Command::Strategy(StrategyCommand::SetLogo {
            path: path.map(|p| p.display().to_string()),
        }),
    ) {
        Reply::Strategy(v) => v,
        r => panic!("unexpected {r:?}"),
    }
}

#[test]
fn a_logo_goes_on_the_cover_is_undoable_and_survives_export() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let without = dir.path().join("ohne-logo.pdf");
    report(&mut s, &without, None);

    // Refused: not an image; a missing file.
    let text = dir.path().join("logo.txt");
    std::fs::write(&text, "kein Bild").unwrap();
    let e = call_err(
        &mut s,
        Command::Strategy(StrategyCommand::SetLogo {
            path: Some(text.display().to_string()),
        }),
    );
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("PNG"), "{}", e.message);

    let v = set_logo(&mut s, Some(&png_logo(dir.path())));
    let logo = v.settings.logo.clone().expect("logo set");
    assert_eq!(logo.file_name, "Wappen.png");
    assert_eq!(logo.format, ImageFormat::Png);
    assert!(v
        .logo_preview
        .unwrap()
        .starts_with("data:image/png;base64,"));
    // Saving the other settings keeps the logo.
    call(
        &mut s,
        Command::Strategy(StrategyCommand::SaveSettings(
            ReportSettings {
                subtitle: "Mit Wappen".into(),
                logo: None,
                ..v.settings.clone()
            }
            .into(),
        )),
    );
    assert_eq!(strategy(&mut s).settings.logo, Some(logo.clone()));

    let with = dir.path().join("mit-logo.pdf");
    report(&mut s, &with, None);
    let images_on_cover = |pdf: &Path| {
        let list = tool(
            "pdfimages",
            &["-list", "-f", "1", "-l", "1", &pdf.display().to_string()],
        );
        list.lines()
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .count()
    };
    assert_eq!(images_on_cover(&with), 1, "the logo on the cover");
    assert_eq!(images_on_cover(&without), 0, "no image without a logo");
    tool("qpdf", &["--check", &with.display().to_string()]);

    // Export and import keep the image.
    let json = export(&mut s);
    assert!(json.contains("\"blobs\""));
    let copy = dir.path().join("Import.zukunft");
    let mut t = Session::new();
    call(
        &mut t,
        Command::File(FileCommand::ImportJson {
            json: json.clone(),
            path: copy.display().to_string(),
        }),
    );
    assert!(strategy(&mut t).logo_preview.is_some());
    assert_eq!(export(&mut t), json);

    // Undo: back to the subtitle change, then to no logo; removing works as well.
    call(&mut s, Command::History(HistoryCommand::Undo));
    call(&mut s, Command::History(HistoryCommand::Undo));
    call(&mut s, Command::History(HistoryCommand::Undo));
    assert_eq!(strategy(&mut s).settings.logo, None);
    call(&mut s, Command::History(HistoryCommand::Redo));
    assert!(strategy(&mut s).settings.logo.is_some());
    let v = set_logo(&mut s, None);
    assert_eq!(v.settings.logo, None);
    assert_eq!(v.logo_preview, None);
}

/// The steering group's table has a name column only when a name may be printed (names are
/// personal data, printed only for members marked public): an empty column reads as missing data.
#[test]
fn the_steering_group_shows_names_only_when_there_are_some() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let pdf = dir.path().join("Bericht.pdf");
    let header = |s: &mut Session| {
        let text = report_text(s, &pdf);
        let header = text
            .lines()
            .find(|l| l.trim_start().starts_with("Rolle") && l.contains("Organisation"))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (header, text)
    };
    let (before, _) = header(&mut s);
    assert_eq!(
        before, "Rolle Organisation",
        "no member of the demo's group is public"
    );
    run_json(
        &mut s,
        r#"{"goals": {"save_stakeholder": {"role": "Ortsvorsteherin", "organisation": "Ortschaftsrat", "name": "Erika Beispiel", "steering_group": true, "public": true}}}"#,
    )
    .unwrap();
    let (after, text) = header(&mut s);
    assert_eq!(after, "Rolle Organisation Name");
    assert!(text.contains("Erika Beispiel"));
}

/// A SWOT quadrant is printed whole on one page: in the demo the quadrants fell on a page break
/// and „Stärken“ ended page 7 while its points began page 8.
#[test]
fn a_swot_quadrant_keeps_its_title_with_its_points() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let pdf = dir.path().join("Bericht.pdf");
    let pages = report(&mut s, &pdf, None).pages;
    let swot = check(&mut s).swot;
    for (title, quadrant) in [
        ("Stärken", SwotQuadrant::Strength),
        ("Schwächen", SwotQuadrant::Weakness),
        ("Chancen", SwotQuadrant::Opportunity),
        ("Risiken", SwotQuadrant::Threat),
    ] {
        let first = swot.iter().find(|e| e.quadrant == quadrant).unwrap();
        // The first few words: a point may wrap in its narrow column.
        let start = first
            .text
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let page = (1..=pages)
            .find(|&p| text_of(&pdf, p, p).contains(&start))
            .unwrap_or_else(|| panic!("„{start}“ fehlt im Bericht"));
        assert!(
            text_of(&pdf, page, page).contains(title),
            "„{title}“ steht nicht auf Seite {page} mit „{start}“"
        );
    }
}

/// The check asks for the population and the area again (key figures): the report prints a
/// number the profile already shows once, and when the two differ it prints both and says which
/// is the profile's.
#[test]
fn a_key_figure_the_profile_already_prints_is_not_printed_twice() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let pdf = dir.path().join("Bericht.pdf");
    let profile_rows = |s: &mut Session| {
        report_text(s, &pdf)
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("Einwohnerinnen und Einwohner "))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        profile_rows(&mut s),
        ["Einwohnerinnen und Einwohner 12.180"],
        "the profile's row only"
    );
    let population = check(&mut s)
        .key_figures
        .into_iter()
        .find(|k| k.key == "einwohner")
        .unwrap();
    assert_eq!(population.value, "12.180", "the demo asks it twice");
    run_json(
        &mut s,
        &serde_json::json!({"check": {"save_key_figure": {"id": population.id, "value": "12.500"}}})
            .to_string(),
    )
    .unwrap();
    let rows = profile_rows(&mut s);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0], "Einwohnerinnen und Einwohner 12.180");
    // The value column wraps after the colon.
    assert!(
        rows[1].starts_with("Einwohnerinnen und Einwohner 12.500 (im Profil der Kommune:"),
        "{rows:?}"
    );
}

/// A report is never written over the project itself or over a file that is not a PDF, and a
/// failed write leaves no temporary file.
#[test]
fn a_report_never_replaces_the_project_or_another_file() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Ziel");
    let gen = |s: &mut Session, target: &Path| {
        call_err(
            s,
            Command::Strategy(StrategyCommand::GenerateReport {
                path: target.display().to_string(),
                watermark: None,
                version_label: None,
                template_dir: None,
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
            }),
        )
    };
    let before = export(&mut s);
    // The open project, by its own name and through a hard link named like a PDF.
    let e = gen(&mut s, &path);
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(
        e.message.contains("geöffnete Projektdatei"),
        "{}",
        e.message
    );
    let link = dir.path().join("Projekt.pdf");
    std::fs::hard_link(&path, &link).expect("hard link");
    let e = gen(&mut s, &link);
    assert!(
        e.message.contains("geöffnete Projektdatei"),
        "{}",
        e.message
    );
    // Another existing file that is not a PDF, and a name without .pdf.
    let notes = dir.path().join("Notizen.pdf");
    std::fs::write(&notes, "meine Notizen").unwrap();
    let e = gen(&mut s, &notes);
    assert!(e.message.contains("kein PDF"), "{}", e.message);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "meine Notizen");
    let e = gen(&mut s, &dir.path().join("Bericht.docx"));
    assert!(e.message.contains(".pdf"), "{}", e.message);
    assert_eq!(export(&mut s), before, "the project is untouched");
    drop(s);
    let mut s = open(&path);
    assert_eq!(export(&mut s), before, "and still opens");
    // A good target: written, an existing PDF may be replaced, no temporary file stays.
    let pdf = dir.path().join("Bericht.pdf");
    report(&mut s, &pdf, None);
    report(&mut s, &pdf, None);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The CLI refuses `report X.zukunft -o X.zukunft` with exit code 2, file unchanged.
    drop(s);
    let bytes = std::fs::read(&path).unwrap();
    let out = Process::new(crate::common::zukunft_bin())
        .args([
            "report",
            &path.display().to_string(),
            "-o",
            &path.display().to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

/// The smallest text of every chart as printed: font size × printed width / drawn width, with
/// the printed width taken from the template (page width minus margins, times the chart's width).
fn smallest_printed_text(sources: &Path) -> Vec<(String, f64)> {
    let template = std::fs::read_to_string(sources.join("report.typ")).expect("template");
    let margin_cm: f64 = template
        .split("margin: (x: ")
        .nth(1)
        .and_then(|rest| rest.split("cm").next())
        .and_then(|n| n.parse().ok())
        .expect("the template names its side margin in cm");
    let text_width_pt = 595.28 - 2.0 * margin_cm / 2.54 * 72.0;
    // The Gantt charts' printed widths come with the data (`gantt_print_share`).
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sources.join("data.json")).expect("data.json"),
    )
    .expect("json");
    let share = |file: &str| -> Option<f64> {
        let share = if file == "chart-timeline.svg" {
            data["timeline_share"].as_f64()
        } else {
            data["roadmap_parts"]
                .as_array()?
                .iter()
                .find(|p| p["file"] == file)?["share"]
                .as_f64()
        };
        share.map(|p| p / 100.0)
    };
    let width_of = |file: &str| -> f64 {
        if let Some(share) = share(file) {
            return share;
        }
        let key = format!("chart(\"{file}\"");
        // A chart the built-in template does not place (kept for own templates) at full width.
        template
            .lines()
            .find(|l| l.contains(&key))
            .and_then(|call| call.split("width: ").nth(1))
            .and_then(|w| w.split('%').next())
            .and_then(|w| w.parse::<f64>().ok())
            .map_or(1.0, |p| p / 100.0)
    };
    let attr = |tag: &str, name: &str| -> Option<f64> {
        tag.split(&format!(" {name}=\""))
            .nth(1)?
            .split('"')
            .next()?
            .parse()
            .ok()
    };
    let mut result = Vec::new();
    for entry in std::fs::read_dir(sources).expect("sources") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !(name.starts_with("chart-") && name.ends_with(".svg")) {
            continue;
        }
        let svg = std::fs::read_to_string(sources.join(&name)).expect("svg");
        let root = svg.split('>').next().expect("svg tag");
        let drawn = attr(root, "width").expect("svg width");
        let smallest = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| attr(t.split('>').next().unwrap_or(""), "font-size"))
            .fold(f64::MAX, f64::min);
        if smallest < f64::MAX {
            result.push((
                name.clone(),
                smallest * text_width_pt * width_of(&name) / drawn,
            ));
        }
    }
    result
}

/// No two sentences run together in print („vor.Alle Beträge“): checked on a new project's
/// report, where the template's sentences for missing data stand, and on the demo's.
#[test]
fn no_two_sentences_run_together_in_print() {
    let dir = temp();
    let (mut empty, _) = new_project(dir.path(), "Leerdorf");
    let mut full = open(&demo(dir.path()));
    for (name, s) in [("neu", &mut empty), ("demo", &mut full)] {
        let text = report_text(s, &dir.path().join(format!("{name}.pdf")));
        let chars: Vec<char> = text.chars().collect();
        if let Some(w) = chars.windows(4).find(|w| {
            w[0].is_lowercase() && w[1] == '.' && w[2].is_uppercase() && w[3].is_lowercase()
        }) {
            panic!("{name}: „{}“", w.iter().collect::<String>());
        }
    }
}

/// A full portfolio cell counts what it has no room for, and the report says how many measures
/// stand only in such a count (`charts::portfolio`; it drew twelve dots for 300 measures).
#[test]
fn the_portfolio_counts_every_assessed_measure() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    for i in 0..40 {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": {"title": format!("Bewertete Maßnahme {i}"), "effort": 1, "benefit": 5}}})
                .to_string(),
        )
        .unwrap();
    }
    let pdf = dir.path().join("Bericht.pdf");
    let text = report_text(&mut s, &pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let sentence = text
        .split("In vollen Feldern stehen ")
        .nth(1)
        .expect("the report says how many measures stand only as a count");
    let counted: usize = sentence.split(' ').next().unwrap().parse().unwrap();
    assert!(counted >= 28, "{counted}");
    assert!(sentence.contains("Maßnahmen nur als Anzahl"));
}

/// A roadmap of many measures with long titles (two-line labels) is printed in parts that each
/// fit a page: 45 such rows ran off the page and left „Roadmap“ alone on the page before.
#[test]
fn every_roadmap_part_fits_its_page_even_with_long_titles() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    for i in 0..120 {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": {
                "title": format!("Maßnahme {i}: Digitalisierung der Verwaltungsprozesse mit einem langen Titel"),
                "start_quarter": "2027-Q1", "end_quarter": "2028-Q4"}}})
            .to_string(),
        )
        .unwrap();
    }
    let sources = report_sources(&mut s, dir.path());
    let mut parts = 0;
    for n in 1.. {
        let Ok(svg) = std::fs::read_to_string(sources.join(format!("chart-roadmap-{n}.svg")))
        else {
            break;
        };
        let view_box: Vec<f64> = svg
            .split("viewBox=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap()
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        let (w, h) = (view_box[2], view_box[3]);
        assert!(h <= 1.35 * w, "part {n}: {h} high, {w} wide");
        parts = n;
    }
    assert!(
        parts >= 4,
        "161 measures, most with two-line labels: {parts} parts"
    );
    let pdf = dir.path().join("Bericht.pdf");
    let pages = report(&mut s, &pdf, None).pages;
    let page_texts: Vec<String> = (1..=pages).map(|p| text_of(&pdf, p, p)).collect();
    // Each part's caption is on its own page, and the section's heading is on the first one's.
    for k in 1..=parts {
        let caption = format!("Teil {k} von {parts}");
        let on: Vec<usize> = (0..pages)
            .filter(|&p| page_texts[p].contains(&caption))
            .collect();
        assert_eq!(on.len(), 1, "„{caption}“ on pages {on:?}");
        if k == 1 {
            assert!(
                page_texts[on[0]].contains("Roadmap\n") || page_texts[on[0]].contains("Roadmap "),
                "the heading „Roadmap“ is on the page of part 1"
            );
        }
    }
}

#[test]
fn chart_labels_print_at_six_points_or_more_even_over_two_centuries() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Langplan");
    // A long programme with long titles, open ends and the extreme years the core allows (a
    // measure runs at most 20 years: the two centuries take two measures).
    let mut lines = Vec::new();
    for (i, (start, end)) in [
        (Some("1990"), Some("2010")),
        (Some("2180-Q1"), Some("2200")),
        (Some("2024-Q1"), Some("2040-Q4")),
        (Some("2026-H2"), None),
        (None, Some("2031")),
        (Some("2027-Q3"), Some("2027-Q3")),
    ]
    .iter()
    .cycle()
    .take(40)
    .enumerate()
    {
        let quoted = |p: &Option<&str>| p.map_or("null".to_string(), |p| format!("\"{p}\""));
        lines.push(format!(
            r#"{{"measures": {{"save_measure": {{"title": "Maßnahme {i}: Digitalisierung der Verwaltungsprozesse mit einem sehr langen Titel, der umbrechen muss", "start_quarter": {}, "end_quarter": {}, "effort": {}, "benefit": {}, "cost_once_cents": {}, "cost_yearly_cents": 120000}}}}}}"#,
            quoted(start),
            quoted(end),
            i % 5 + 1,
            (i * 3) % 5 + 1,
            (i as i64 + 1) * 100_000_000
        ));
    }
    for line in &lines {
        call(
            &mut s,
            zukunftskommune::api::parse_command(line).expect("parses"),
        );
    }
    let sources = report_sources(&mut s, dir.path());
    let sizes = smallest_printed_text(&sources);
    for chart in [
        "chart-roadmap-1",
        "chart-budget",
        "chart-portfolio",
        "chart-timeline",
    ] {
        assert!(
            sizes.iter().any(|(n, _)| n.starts_with(chart)),
            "{chart} missing: {sizes:?}"
        );
    }
    for (name, pt) in &sizes {
        assert!(*pt >= 6.0, "{name}: smallest label printed at {pt:.2} pt");
    }
}

/// A consultancy template reads only regular files of its own folder within size caps, and a
/// template that runs away is stopped by the deadline and the page cap with a German message.
#[test]
fn a_template_cannot_read_outside_its_folder_nor_run_without_end() {
    let dir = temp();
    let path = demo(dir.path());
    let tpl = dir.path().join("vorlage");
    std::fs::create_dir_all(&tpl).unwrap();
    let secret = dir.path().join("geheim.txt");
    std::fs::write(&secret, "privater Schlüssel").unwrap();
    std::os::unix::fs::symlink(&secret, tpl.join("schluessel.txt")).unwrap();
    std::fs::write(
        tpl.join("report.typ"),
        "#set text(font: \"Liberation Sans\")\n#read(\"schluessel.txt\")\n",
    )
    .unwrap();
    let pdf = dir.path().join("eigen.pdf");
    let run = |env: &[(&str, &str)]| {
        Process::new(crate::common::zukunft_bin())
            .args([
                "report",
                &path.display().to_string(),
                "-o",
                &pdf.display().to_string(),
                "--template",
                &tpl.display().to_string(),
            ])
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(ErrorCode::Invalid.exit_code()),
        "{err}"
    );
    assert!(
        err.contains("Verknüpfung") && err.contains("schluessel.txt"),
        "{err}"
    );
    assert!(!pdf.exists());
    // A link as report.typ itself is refused the same way.
    std::fs::remove_file(tpl.join("schluessel.txt")).unwrap();
    std::fs::rename(tpl.join("report.typ"), dir.path().join("echt.typ")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("echt.typ"), tpl.join("report.typ")).unwrap();
    let err = String::from_utf8_lossy(&run(&[]).stderr).into_owned();
    assert!(err.contains("Verknüpfung"), "{err}");
    std::fs::remove_file(tpl.join("report.typ")).unwrap();

    // Too large a file.
    std::fs::write(tpl.join("report.typ"), "= Vorlage\n").unwrap();
    std::fs::File::create(tpl.join("riesig.bin"))
        .unwrap()
        .set_len(21 * 1024 * 1024)
        .unwrap();
    let err = String::from_utf8_lossy(&run(&[]).stderr).into_owned();
    assert!(err.contains("zu groß"), "{err}");
    std::fs::remove_file(tpl.join("riesig.bin")).unwrap();

    // A loop without end meets the deadline; too many pages meet the page cap.
    std::fs::write(
        tpl.join("report.typ"),
        "#set text(font: \"Liberation Sans\")\n#let n = 0\n#for i in range(2000000000) { n = n + i }\n#n\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = run(&[("ZUKUNFT_REPORT_DEADLINE_SECS", "3")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("braucht zu lange"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    std::fs::write(
        tpl.join("report.typ"),
        "#set text(font: \"Liberation Sans\")\n#for i in range(2500) [Seite #i #pagebreak()]\n",
    )
    .unwrap();
    let err = String::from_utf8_lossy(&run(&[]).stderr).into_owned();
    assert!(err.contains("höchstens 2000"), "{err}");
    assert!(!pdf.exists());
}

/// In the window (`dispatch_shared`), a report is typeset without holding the session: while a
/// slow consultancy template is being compiled, other commands run and edits are saved; the
/// report is noted under "Entwürfe" afterwards. Closing the project meanwhile still writes the
/// PDF and says it was not noted.
#[test]
fn a_slow_report_leaves_the_window_working() {
    use std::sync::{Arc, Mutex};
    let dir = temp();
    let path = demo(dir.path());
    let tpl = dir.path().join("langsam");
    std::fs::create_dir_all(&tpl).unwrap();
    // Several seconds of typesetting work (about 1.5 s per 10 million steps here).
    std::fs::write(
        tpl.join("report.typ"),
        "#set document(title: [Langsam])\n#set text(font: \"Liberation Sans\", lang: \"de\")\n\
         #let n = 0\n#for i in range(25000000) { n = n + i }\n#n\n",
    )
    .unwrap();
    let session = Arc::new(Mutex::new(open(&path)));
    let drafts = |session: &Mutex<Session>| match dispatch_shared(
        session,
        Command::Strategy(StrategyCommand::Get),
    ) {
        Ok(Reply::Strategy(v)) => v.drafts.len(),
        r => panic!("unexpected {r:?}"),
    };
    let drafts_before = drafts(&session);
    let generate = |session: Arc<Mutex<Session>>, pdf: std::path::PathBuf| {
        let tpl = tpl.display().to_string();
        std::thread::spawn(move || {
            dispatch_shared(
                &session,
                Command::Strategy(StrategyCommand::GenerateReport {
                    path: pdf.display().to_string(),
                    watermark: None,
                    version_label: None,
                    template_dir: Some(tpl),
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
                }),
            )
        })
    };
    let pdf = dir.path().join("langsam.pdf");
    let running = generate(Arc::clone(&session), pdf.clone());
    let mut answered_while_rendering = 0;
    let mut saved = false;
    while !running.is_finished() {
        let reply = dispatch_shared(&session, Command::Project(ProjectCommand::Overview));
        assert!(reply.is_ok(), "{reply:?}");
        if !running.is_finished() {
            answered_while_rendering += 1;
            if !saved {
                let goal = dispatch_shared(
                    &session,
                    Command::Goals(GoalsCommand::SaveGoal(
                        Goal {
                            title: "Während des Berichts angelegt".into(),
                            ..Default::default()
                        }
                        .into(),
                    )),
                );
                assert!(goal.is_ok(), "{goal:?}");
                saved = true;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let result = match running.join().unwrap() {
        Ok(Reply::Report(r)) => r,
        r => panic!("unexpected {r:?}"),
    };
    assert!(
        answered_while_rendering >= 10,
        "only {answered_while_rendering} commands answered while the report was typeset"
    );
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    assert!(pdf.exists());
    assert_eq!(drafts(&session), drafts_before + 1, "the report is noted");
    let undo = dispatch_shared(&session, Command::History(HistoryCommand::State));
    assert!(
        matches!(&undo, Ok(Reply::History(h)) if h.undo_label.as_deref() == Some("Bericht erzeugt")),
        "{undo:?}"
    );

    // Closed meanwhile: the PDF is written, the reply says it is not noted. (Another loop:
    // typst remembers the result of the same source within a process.)
    std::fs::write(
        tpl.join("report.typ"),
        "#set document(title: [Langsam])\n#set text(font: \"Liberation Sans\", lang: \"de\")\n\
         #let n = 1\n#for i in range(25000000) { n = n + i }\n#n\n",
    )
    .unwrap();
    let pdf = dir.path().join("geschlossen.pdf");
    let running = generate(Arc::clone(&session), pdf.clone());
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(!running.is_finished(), "the template should take longer");
    dispatch_shared(&session, Command::File(FileCommand::Close)).unwrap();
    let result = match running.join().unwrap() {
        Ok(Reply::Report(r)) => r,
        r => panic!("unexpected {r:?}"),
    };
    assert!(pdf.exists());
    assert!(
        result
            .warnings
            .iter()
            .any(|w| w.contains("nicht unter „Entwürfe“ vermerkt")),
        "{:?}",
        result.warnings
    );
    let mut s = open(&path);
    let Reply::Strategy(v) = call(&mut s, Command::Strategy(StrategyCommand::Get)) else {
        panic!()
    };
    assert_eq!(v.drafts.len(), drafts_before + 1);
}

/// A measure whose life area is deselected is listed, counted and printed with the
/// Querschnitt measures everywhere: the life-areas view, the sentence of the summary and the
/// report's chapters follow the one rule `LifeArea::holds`.
#[test]
fn measures_of_a_deselected_area_count_as_cross_cutting_everywhere() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let before = areas(&mut s);
    let count_of = |v: &LifeAreasView, code: &str| {
        v.areas
            .iter()
            .find(|a| a.area.code == code)
            .map(|a| a.measures)
            .unwrap()
    };
    let moved = count_of(&before, "LB01");
    assert!(moved > 0, "the demo has measures in LB01");
    let cross_before = count_of(&before, "Q");
    let mut area = before
        .areas
        .iter()
        .find(|a| a.area.code == "LB01")
        .unwrap()
        .area
        .clone();
    area.selected = false;
    call(
        &mut s,
        Command::LifeAreas(LifeAreasCommand::SaveLifeArea(area.into())),
    );
    let after = areas(&mut s);
    assert_eq!(count_of(&after, "LB01"), 0);
    assert_eq!(count_of(&after, "Q"), cross_before + moved);

    // The generated sentence of the summary says the same.
    let first = strategy(&mut s).sections[0].id;
    run_json(
        &mut s,
        &format!(
            r#"{{"strategy":{{"save_section":{{"id":"{first}","body":"{{measures_summary}}"}}}}}}"#
        ),
    )
    .unwrap();
    let sentence = format!("und {} Querschnittsmaßnahmen.", cross_before + moved);
    assert!(
        strategy(&mut s).previews[0].contains(&sentence),
        "the summary counts the moved measures as cross-cutting: {}",
        strategy(&mut s).previews[0]
    );

    let pdf = dir.path().join("ohne-LB01.pdf");
    let r = report(&mut s, &pdf, None);
    let text = squeeze(&text_of(&pdf, 1, r.pages));
    assert!(text.contains(&squeeze(&sentence)), "the PDF prints it");
    // The chapter of cross-cutting measures (after the table of contents) lists M-01-01.
    let heading = squeeze("Querschnittsmaßnahmen");
    let chapters: Vec<usize> = text.match_indices(&heading).map(|(i, _)| i).collect();
    let chapter = text[chapters[1]..].to_string();
    let end = chapter
        .find(&squeeze("Umsetzungsplan"))
        .unwrap_or(chapter.len());
    assert!(
        chapter[..end].contains(&squeeze("M-01-01")),
        "M-01-01 is printed in the Querschnitt chapter"
    );
}

/// The report's date is the settings' date, else the caller's: the core reads no clock for
/// what it prints. Without either, the report is refused in German and nothing is written.
/// A new project leaves it to the caller (a draft printed in autumn was dated with the planned
/// adoption of the next year), and a settings date after the caller's today is named in the
/// warnings of the report and of the preview.
#[test]
fn the_report_date_comes_from_the_settings_or_the_caller() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Datumsdorf");
    let mut settings = strategy(&mut s).settings;
    assert_eq!(settings.date, None, "a new project begun 01.02.2027");
    let pdf = dir.path().join("ohne-datum.pdf");
    let e = run_json(
        &mut s,
        &format!(
            r#"{{"strategy":{{"generate_report":{{"path":"{}"}}}}}}"#,
            pdf.display()
        ),
    )
    .unwrap_err();
    assert!(e.message.contains("braucht ein Datum"), "{}", e.message);
    assert!(!pdf.exists());

    let r = report(&mut s, &pdf, None);
    assert!(
        text_of(&pdf, 1, 1).contains("30.11.2026"),
        "the caller's date"
    );
    assert!(r.pages > 0);

    settings.date = chrono::NaiveDate::from_ymd_opt(2027, 3, 15);
    call(
        &mut s,
        Command::Strategy(StrategyCommand::SaveSettings(settings.into())),
    );
    let pdf = dir.path().join("mit-datum.pdf");
    let r = report(&mut s, &pdf, None);
    let cover = text_of(&pdf, 1, 1);
    assert!(
        cover.contains("15.03.2027") && !cover.contains("30.11.2026"),
        "the settings' date wins: {cover}"
    );
    let note = "Das Deckblatt nennt den 15.03.2027 als Stand (Berichtseinstellungen) – 105 Tage \
                nach heute.";
    assert!(
        r.warnings.iter().any(|w| w.starts_with(note)),
        "{:?}",
        r.warnings
    );
    let preview = |s: &mut Session, date: &str| match run_json(
        s,
        &format!(r#"{{"strategy":{{"preview":{{"date":"{date}","pages":1}}}}}}"#),
    )
    .unwrap()
    {
        Reply::Preview(p) => p.warnings,
        r => panic!("{r:?}"),
    };
    assert!(preview(&mut s, "2026-11-30")
        .iter()
        .any(|w| w.starts_with(note)));
    // On the day itself, or after it, the date is simply the report's.
    assert!(preview(&mut s, "2027-03-15").is_empty());
}

#[test]
fn the_suggested_report_name_carries_the_version_and_the_date() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let overview = |s: &mut Session| match call(s, Command::Project(ProjectCommand::Overview)) {
        Reply::Overview(o) => o,
        r => panic!("{r:?}"),
    };
    run_json(
        &mut s,
        r#"{"strategy":{"save_settings":{"version_label":"Entwurf 2 / Rat","date":"2027-09-15"}}}"#,
    )
    .unwrap();
    assert_eq!(
        overview(&mut s).report_name,
        "Musterstadt_Digitalisierungsstrategie_Entwurf_2___Rat_2027-09-15.pdf"
    );
    run_json(
        &mut s,
        r#"{"strategy":{"save_settings":{"version_label":"","date":null}}}"#,
    )
    .unwrap();
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    assert_eq!(
        overview(&mut s).report_name,
        format!("Musterstadt_Digitalisierungsstrategie_{today}.pdf")
    );
}

/// A long name and a long version label gave a suggested name of 282 bytes, which no file
/// system takes: the window's „Speichern unter“ then failed. The version is cut instead.
#[test]
fn a_long_name_and_version_still_give_a_report_name_the_disk_takes() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let name = "Verbandsgemeinde Bernkastel-Kues an der Mittelmosel mit ihren Ortsgemeinden \
                Graach, Zeltingen-Rachtig, Ürzig und Lösnich";
    let version = "Entwurf für die Sitzung des Verbandsgemeinderats und der Ortsgemeinderäte \
                   am 14. Dezember, nach Abstimmung mit der Lenkungsgruppe";
    run_json(
        &mut s,
        &serde_json::json!({"project": {"save_profile": {"name": name}}}).to_string(),
    )
    .unwrap();
    run_json(
        &mut s,
        &serde_json::json!({"strategy": {"save_settings": {"version_label": version, "date": "2027-09-15"}}})
            .to_string(),
    )
    .unwrap();
    let Reply::Overview(o) = call(&mut s, Command::Project(ProjectCommand::Overview)) else {
        panic!("no overview");
    };
    let suggested = o.report_name;
    assert!(
        suggested.len() <= 200,
        "{} bytes: {suggested}",
        suggested.len()
    );
    assert!(
        suggested.starts_with("Verbandsgemeinde_Bernkastel-Kues_an_der_Mittelmosel")
            && suggested.contains("_Digitalisierungsstrategie_Entwurf_für_die_Sitzung")
            && suggested.ends_with("_2027-09-15.pdf"),
        "{suggested}"
    );
    let pdf = dir.path().join(&suggested);
    report(&mut s, &pdf, None);
    assert!(pdf.is_file());
    assert!(o.copy_name.len() <= 200, "{}", o.copy_name);
}

/// The window's outline numbers the chapters as the report prints them: Vorwort and
/// Zusammenfassung without number, then 1, 2, …; a chapter left out of the report takes no number.
#[test]
fn the_outline_numbers_chapters_as_the_report_prints_them() {
    let dir = temp();
    let mut s = open(&demo_draft(dir.path()));
    let pdf = dir.path().join("Bericht.pdf");
    let check = |s: &mut Session| {
        let view = strategy(s);
        let text = report_text(s, &pdf);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for (section, number) in view.sections.iter().zip(&view.numbers) {
            match (section.included, number) {
                (true, Some(n)) => assert!(
                    lines.contains(&format!("{n} {}", section.title).as_str()),
                    "„{n} {}“ is not printed",
                    section.title
                ),
                (true, None) => assert!(lines.contains(&section.title.as_str())),
                (false, n) => assert_eq!(*n, None, "{} is not printed", section.title),
            }
        }
        view
    };
    let view = check(&mut s);
    let numbers: Vec<(&str, Option<u32>)> = view
        .sections
        .iter()
        .map(|s| s.key.as_str())
        .zip(view.numbers.iter().copied())
        .collect();
    assert_eq!(
        &numbers[..4],
        &[
            ("vorwort", None),
            ("zusammenfassung", None),
            ("einleitung", Some(1)),
            ("ausgangslage", Some(2))
        ]
    );
    // „Leitbild und Ziele“ left out: the chapters after it move up by one, in the view and in print.
    let leitbild = view
        .sections
        .iter()
        .find(|s| s.key == "leitbild")
        .unwrap()
        .id;
    run_json(
        &mut s,
        &format!(
            r#"{{"strategy": {{"save_section": {{"id": "{leitbild}", "included": false}}}}}}"#
        ),
    )
    .unwrap();
    let after = check(&mut s);
    let number_of = |v: &StrategyView, key: &str| {
        let i = v.sections.iter().position(|s| s.key == key).unwrap();
        v.numbers[i]
    };
    assert_eq!(number_of(&after, "leitbild"), None);
    assert_eq!(
        number_of(&after, "lebensbereiche"),
        number_of(&view, "lebensbereiche").map(|n| n - 1)
    );
}

/// A Gemeindeverwaltungsverband whose name begins with its kind, with no population yet: the
/// kind is printed once, no „– Einwohnerinnen und Einwohner“, and the Beschlussvorlage says the
/// same.
#[test]
fn a_name_that_begins_with_its_kind_and_an_unknown_population_print_as_they_are() {
    let dir = temp();
    let name = "Gemeindeverwaltungsverband Schönbrunn-Unterreichenbach-Oberkirchberg an der Donau";
    let (mut s, _) = create_project(
        dir.path(),
        NewProject {
            name: name.into(),
            kind: MunicipalityKind::Gemeindeverwaltungsverband,
            district: "Alb-Donau-Kreis".into(),
            start_date: chrono::NaiveDate::from_ymd_opt(2027, 3, 1),
            ..Default::default()
        },
    );
    let pdf = dir.path().join("Bericht.pdf");
    let text = report_text(&mut s, &pdf);
    // The long hyphenated name can break at its hyphens: no invisible break is put into it, so
    // a PDF viewer's search finds it.
    assert!(
        !text.contains('\u{200b}'),
        "a zero-width space in the printed name"
    );
    let flat = squeeze(&text);
    assert!(!flat.contains(&squeeze(
        "Gemeindeverwaltungsverband Gemeindeverwaltungsverband"
    )));
    assert!(flat.contains(&squeeze(&format!("{name} · Alb-Donau-Kreis"))));
    assert!(flat.contains(&squeeze(&format!("Anlass: {name} will die Chancen"))));
    assert!(!flat.contains(&squeeze("Einwohnerinnen und Einwohner)")));
    // The Beschlussvorlage names it once as well.
    let vorlage = dir.path().join("Vorlage.pdf");
    call(
        &mut s,
        Command::Project(ProjectCommand::Export {
            format: ExportFormat::VorlagePdf,
            path: vorlage.display().to_string(),
        }),
    );
    let vorlage = tool("pdftotext", &[&vorlage.display().to_string(), "-"]);
    assert!(
        !squeeze(&vorlage).contains(&squeeze(
            "Gemeindeverwaltungsverband Gemeindeverwaltungsverband"
        )),
        "{vorlage}"
    );
    // No measure yet: no empty roadmap or cost figure, but a sentence.
    assert!(
        !text.contains("Roadmap der Maßnahmen (Farbe"),
        "an empty roadmap figure"
    );
    // The process timeline is the only figure.
    assert!(text.contains("Abbildung 1: Zeitplan"));
    assert!(!text.contains("Abbildung 2"), "an empty figure");
    assert!(flat.contains(&squeeze("Es sind noch keine Maßnahmen erfasst.")));
    assert!(flat.contains(&squeeze(
        "Es liegen noch keine Kostenschätzungen mit Zeitraum vor."
    )));
    // With the population known it is said, and a kind the name lacks is named.
    run_json(
        &mut s,
        r#"{"project": {"save_profile": {"name": "Schönbrunn", "population": 9400}}}"#,
    )
    .unwrap();
    let flat = squeeze(&report_text(&mut s, &pdf));
    assert!(flat.contains(&squeeze(
        "Anlass: Schönbrunn (Gemeindeverwaltungsverband, 9.400 Einwohnerinnen und Einwohner) will"
    )));
    assert!(flat.contains(&squeeze(
        "Gemeindeverwaltungsverband Schönbrunn · Alb-Donau-Kreis"
    )));
}

/// The page header: name left, title right, on one line when both fit (halves of the width made
/// the demo's „Digitalisierungsstrategie – Beschlossen vom Gemeinderat am 03.11.2025“ wrap; it
/// now also says „, seither geändert“, the demo's plan having changed since the vote).
#[test]
fn a_short_page_header_stays_on_one_line() {
    let dir = temp();
    let mut s = open(&demo(dir.path()));
    let pdf = dir.path().join("Bericht.pdf");
    report(&mut s, &pdf, None);
    let page = text_of(&pdf, 3, 3);
    let first = page.lines().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        first.trim_start().starts_with("Musterstadt")
            && first
                .trim_end()
                .ends_with("am 03.11.2025, seither geändert"),
        "the header is one line: {page}"
    );
}

/// A check with 8 of 64 answers gives a provisional figure and says on how many answers it rests:
/// „ergab einen Reifegrad von 33“ alone read as the result of the whole check.
#[test]
fn a_partly_answered_check_is_called_provisional() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Teilhausen");
    answer_eight_questions(&mut s, Some(5));
    let texts = strategy(&mut s);
    let text_of = |key: &str| {
        let i = texts.sections.iter().position(|x| x.key == key).unwrap();
        texts.previews[i].clone()
    };
    assert!(
        text_of("zusammenfassung").contains(
            "Nach 8 von 64 beantworteten Fragen ergab der Digitalisierungs-Check einen vorläufigen Reifegrad von 33 von 100 Punkten; in zwei bis drei Jahren will die Kommune 100 Punkte erreichen."
        ),
        "{}",
        text_of("zusammenfassung")
    );
    assert!(
        text_of("ausgangslage").contains("Der Digitalisierungs-Check bewertete 8 von 64 Fragen")
    );
    assert!(text_of("ausgangslage").contains("Jede bewertete Frage wurde"));
}

/// Eight answers with an IST and two of them with a SOLL: the Zusammenfassung gave „in zwei bis
/// drei Jahren will die Kommune 80 Punkte erreichen“ beside an IST of eight questions, and the
/// Ausgangslage said each question had been assessed for both. Now each figure names its base,
/// and the summary makes no target of two answers.
#[test]
fn a_soll_on_fewer_questions_than_the_ist_is_no_target_yet() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Teilhausen");
    answer_eight_questions(&mut s, None);
    let first = check(&mut s)
        .dimensions
        .into_iter()
        .find(|d| d.dimension.scored && d.items.len() >= 8)
        .unwrap();
    for item in first.items.iter().take(2) {
        run_json(
            &mut s,
            &serde_json::json!({"check": {"save_answer": {"item_id": item.item.id, "soll": 4}}})
                .to_string(),
        )
        .unwrap();
    }
    let texts = strategy(&mut s);
    let section = |key: &str| {
        let i = texts.sections.iter().position(|x| x.key == key).unwrap();
        texts.previews[i].clone()
    };
    let summary = section("zusammenfassung");
    assert!(
        summary.contains(
            "Nach 8 von 64 beantworteten Fragen ergab der Digitalisierungs-Check einen vorläufigen Reifegrad von 33 von 100 Punkten. Ein Ziel für zwei bis drei Jahre (SOLL) ist erst bei 2 der 8 beantworteten Fragen eingeschätzt."
        ),
        "{summary}"
    );
    assert!(!summary.contains("will die Kommune"), "{summary}");
    assert!(
        section("ausgangslage")
            .contains("ein IST liegt bisher bei 8 Fragen, ein SOLL bei 2 Fragen vor."),
        "{}",
        section("ausgangslage")
    );
    let flat = unmarked_text(&mut s, dir.path());
    assert!(
        flat.contains(&squeeze(
            "Reifegrad heute: 33 von 100 (aus 8 Fragen); Ziel in zwei bis drei Jahren: 80 von 100 (aus 2 Fragen)."
        )),
        "{flat}"
    );
}

/// One question with only an IST (2, „40“) and another with only a SOLL (4, „80“): as many
/// answers each, so the summary said „in zwei bis drei Jahren will die Kommune 80 Punkte
/// erreichen“ – a target of one question measured against today's level of another. IST and
/// SOLL now compare only on the same answers.
#[test]
fn an_ist_and_a_soll_of_different_questions_are_no_pair() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Zweifrage");
    let first = check(&mut s)
        .dimensions
        .into_iter()
        .find(|d| d.dimension.scored && d.items.len() >= 2)
        .unwrap();
    for (item, level) in first.items.iter().zip([r#""ist": 2"#, r#""soll": 4"#]) {
        run_json(
            &mut s,
            &format!(
                r#"{{"check": {{"save_answer": {{"item_id": "{}", {level}}}}}}}"#,
                item.item.id
            ),
        )
        .unwrap();
    }
    let scores = check(&mut s).scores;
    assert_eq!(
        (scores.ist_count, scores.soll_count, scores.paired_count),
        (1, 1, 0)
    );
    assert!(!scores.same_base());
    let texts = strategy(&mut s);
    let i = texts
        .sections
        .iter()
        .position(|x| x.key == "zusammenfassung")
        .unwrap();
    let summary = &texts.previews[i];
    assert!(!summary.contains("will die Kommune"), "{summary}");
    assert!(
        summary.contains("einen vorläufigen Reifegrad von 40 von 100 Punkten (aus 1 Frage). IST und SOLL sind noch nicht für dieselben Fragen eingeschätzt"),
        "{summary}"
    );
    let flat = unmarked_text(&mut s, dir.path());
    assert!(
        flat.contains(&squeeze(
            "Reifegrad heute: 40 von 100 (aus 1 Frage); Ziel in zwei bis drei Jahren: 80 von 100 (aus 1 Frage)."
        )),
        "{flat}"
    );
}

/// Amounts of measures without a period belong to no year: the Zusammenfassung does not put
/// them „in den Jahren …“ but names them apart.
#[test]
fn costs_without_a_period_are_not_put_into_the_years() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Teilhausen");
    for line in [
        r#"{"measures": {"save_measure": {"title": "Glasfaser Rathaus", "start_quarter": "2027", "end_quarter": "2028", "cost_once_cents": 10000000}}}"#,
        r#"{"measures": {"save_measure": {"title": "Bürger-App", "cost_once_cents": 2500000}}}"#,
    ] {
        run_json(&mut s, line).unwrap();
    }
    let texts = strategy(&mut s);
    let i = texts
        .sections
        .iter()
        .position(|x| x.key == "zusammenfassung")
        .unwrap();
    let summary = texts.previews[i].replace('\u{a0}', " ");
    assert!(
        summary.contains(
            "Die geschätzten Kosten der Maßnahmen betragen insgesamt 125.000 €, davon 100.000 € im Jahr 2027 und 25.000 € noch ohne Zeitraum."
        ),
        "{summary}"
    );
}

/// A project begun without a start date has no timeline: the report says so instead of printing
/// an empty axis as „Abbildung 1“; entries without a date are named, because the chart cannot
/// place them; and without measures the priorities and the Steckbriefe say so in one sentence
/// instead of three empty groups and a bare heading. The Word strategy says the same.
#[test]
fn a_timeline_without_dates_and_a_plan_without_measures_are_said_not_drawn() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Leerdorf");
    let pdf = dir.path().join("Bericht.pdf");
    let flat = squeeze(&report_text(&mut s, &pdf));
    assert!(!flat.contains("Abbildung"), "an empty figure: {flat}");
    assert!(flat.contains(&squeeze(
        "1.2 Zeitplan Der Zeitplan ist noch nicht erfasst."
    )));
    assert!(flat.contains(&squeeze(
        "6.2 Prioritäten Es sind noch keine Maßnahmen erfasst."
    )));
    assert!(!flat.contains("Priorität hoch"), "{flat}");
    assert!(flat.contains(&squeeze(
        "Maßnahmen-Steckbriefe Es sind noch keine Maßnahmen erfasst."
    )));

    // An entry without a date is named, and still no empty figure.
    run_json(
        &mut s,
        r#"{"goals": {"save_timeline_entry": {"title": "Zukunftswerkstatt im Bürgerhaus", "kind": "workshop"}}}"#,
    )
    .unwrap();
    let flat = squeeze(&report_text(&mut s, &pdf));
    assert!(!flat.contains("Abbildung"), "an empty figure: {flat}");
    assert!(!flat.contains(&squeeze("Der Zeitplan ist noch nicht erfasst.")));
    // (The ENTWURF watermark's letters may fall between the two in the text.)
    assert!(flat.contains(&squeeze("1.2 Zeitplan Noch ohne Datum (1):")));
    assert!(flat.contains(&squeeze("• Zukunftswerkstatt im Bürgerhaus")));
    let word = |s: &mut Session| strategy_word_xml(s, &dir.path().join("Strategie.docx"));
    let xml = word(&mut s);
    assert!(xml.contains("Noch ohne Datum (1):"));
    assert!(xml.contains("Zukunftswerkstatt im Bürgerhaus"));
    assert_eq!(
        xml.matches("Es sind noch keine Maßnahmen erfasst.").count(),
        3
    );
    assert!(!xml.contains("Priorität hoch"));

    // With a date it is drawn, and another still undated entry is named below the figure.
    run_json(
        &mut s,
        r#"{"goals": {"save_timeline_entry": {"title": "Auftakt im Gemeinderat", "kind": "council_session", "start": "2027-03-02"}}}"#,
    )
    .unwrap();
    let flat = squeeze(&report_text(&mut s, &pdf));
    assert!(flat.contains(&squeeze("Abbildung 1: Zeitplan des Strategieprozesses")));
    assert!(flat.contains(&squeeze("Noch ohne Datum (1):")));
    assert!(flat.contains(&squeeze("• Zukunftswerkstatt im Bürgerhaus")));
    assert!(!flat.contains(&squeeze("Der Zeitplan ist noch nicht erfasst.")));
    let xml = word(&mut s);
    assert!(xml.contains("Zeitplan des Strategieprozesses"));
}

/// A measure with its one-off costs known and its running costs left empty: the budget table's
/// „laufend 0 €“ is not read as „no running costs“ – the note under it names the measure – and
/// its Steckbrief says „laufend noch offen“, not „noch offen pro Jahr“.
#[test]
fn running_costs_left_open_are_named_under_the_budget() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Teilhausen");
    run_json(
        &mut s,
        r#"{"measures": {"save_measure": {"title": "Online-Terminvergabe", "priority": "hoch", "start_quarter": "2027-Q3", "end_quarter": "2028-Q1", "cost_once_cents": 1500000, "funding_rate": 0}}}"#,
    )
    .unwrap();
    let pdf = dir.path().join("Bericht.pdf");
    let flat = squeeze(&report_text(&mut s, &pdf));
    assert!(
        flat.contains(&squeeze(
            "Bei 1 Maßnahme ist ein Teil der Kosten noch offen und in den Beträgen nicht enthalten: laufende Kosten bei M-00-01."
        )),
        "{flat}"
    );
    assert!(flat.contains(&squeeze("einmalig 15.000 € · laufend noch offen")));
    assert!(!flat.contains(&squeeze("noch offen pro Jahr")));
    // Once the running costs are said to be none, the note goes.
    let id = measures(&mut s).measures[0].measure.id;
    run_json(
        &mut s,
        &serde_json::json!({"measures": {"save_measure": {"id": id, "cost_yearly_cents": 0}}})
            .to_string(),
    )
    .unwrap();
    let flat = squeeze(&report_text(&mut s, &pdf));
    assert!(!flat.contains(&squeeze("ein Teil der Kosten noch offen")));
    assert!(flat.contains(&squeeze("laufend 0 € pro Jahr")));
}

/// A Lebensbereich chosen before its Zielbild is written says so in words, in the PDF and in
/// Word, instead of a lone dash under the heading.
#[test]
fn an_area_without_its_zielbild_says_so() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Zielhausen");
    let area = areas(&mut s).areas[2].area.clone();
    run_json(
        &mut s,
        &serde_json::json!({"life_areas": {"save_life_area": {"id": area.id, "selected": true}}})
            .to_string(),
    )
    .unwrap();
    let pdf = dir.path().join("Bericht.pdf");
    let flat = squeeze(&report_text(&mut s, &pdf));
    assert!(
        flat.contains(&squeeze("Das Zielbild ist noch nicht formuliert.")),
        "{flat}"
    );
}

/// The roadmap of one measure over three quarters was stretched to the page's width: its labels
/// printed at about 13 pt beside 10 pt text. Every Gantt chart now prints at one scale, so a
/// short roadmap's labels are as large as a long one's and as the timeline's.
#[test]
fn a_short_roadmap_prints_its_labels_at_the_size_of_a_long_one() {
    let printed = |spans: &[(&str, &str)]| -> Vec<(String, f64)> {
        let dir = temp();
        let mut s = project_with_periods(dir.path(), spans);
        smallest_printed_text(&report_sources(&mut s, dir.path()))
    };
    let size = |sizes: &[(String, f64)], chart: &str| {
        sizes
            .iter()
            .find(|(n, _)| n.starts_with(chart))
            .map(|(_, pt)| *pt)
            .unwrap_or_else(|| panic!("{chart}: {sizes:?}"))
    };
    let short = printed(&[("2027-Q3", "2028-Q1")]);
    let long = printed(&[("2026", "2031"), ("2027-Q2", "2029")]);
    let (short_pt, long_pt) = (
        size(&short, "chart-roadmap-1"),
        size(&long, "chart-roadmap-1"),
    );
    assert!(
        (short_pt - long_pt).abs() < 0.05,
        "{short_pt} against {long_pt}"
    );
    assert!(
        (short_pt - size(&short, "chart-timeline")).abs() < 0.05,
        "{short:?}"
    );
    assert!(short_pt < 9.0, "{short_pt}");
}

/// The cost caveat stands once under „Kosten und Förderung“ (report and Word): the chapter's
/// default text had said it again in other words a page before.
#[test]
fn a_new_projects_report_gives_the_cost_caveat_once() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Einmalheim");
    let flat = unmarked_text(&mut s, dir.path());
    let caveat = squeeze("Förderprogramme sind vor einer Antragstellung zu prüfen.");
    assert_eq!(flat.matches(&caveat).count(), 1, "{flat}");
    let xml = strategy_word_xml(&mut s, &dir.path().join("Strategie.docx"));
    assert_eq!(
        xml.matches("Förderprogramme sind vor einer Antragstellung zu prüfen.")
            .count(),
        1
    );
}

/// Measures, none of them with a priority yet: three groups „Priorität hoch (0) –“ … said
/// nothing, and the list below spoke of „keiner der Gruppen“ that held none. Report and Word now
/// list the measures „Noch ohne Priorität“ – in one list with „nicht nach Aufwand und Nutzen
/// bewertet“ when the same measures lack both (they were printed twice in a row); with one
/// priority given, the groups are back.
#[test]
fn measures_without_any_priority_print_no_empty_groups() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Ohnerang");
    for title in ["Online-Terminvergabe", "Mobilfunklücken kartieren"] {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": {"title": title}}}).to_string(),
        )
        .unwrap();
    }
    let flat = unmarked_text(&mut s, dir.path());
    assert!(!flat.contains("Prioritäthoch"), "{flat}");
    let both = "Noch ohne Priorität und nicht nach Aufwand und Nutzen bewertet (2):";
    assert!(
        flat.contains(&squeeze(&format!("6.2 Prioritäten {both}"))),
        "{flat}"
    );
    assert!(!flat.contains(&squeeze("in keiner der Gruppen")));
    assert!(!flat.contains(&squeeze("Noch nicht nach Aufwand und Nutzen bewertet")));
    let xml = strategy_word_xml(&mut s, &dir.path().join("Strategie.docx"));
    assert!(!xml.contains("Priorität hoch"));
    assert!(xml.contains(both), "{xml}");
    assert!(!xml.contains("Noch nicht nach Aufwand und Nutzen bewertet"));

    let id = measures(&mut s).measures[0].measure.id;
    run_json(
        &mut s,
        &serde_json::json!({"measures": {"save_measure": {"id": id, "priority": "hoch"}}})
            .to_string(),
    )
    .unwrap();
    let flat = unmarked_text(&mut s, dir.path());
    assert!(
        flat.contains(&squeeze("Priorität hoch – Beginn sofort (1)")),
        "{flat}"
    );
    assert!(flat.contains(&squeeze(
        "Noch ohne Priorität und daher in keiner der Gruppen (1):"
    )));
    assert!(flat.contains(&squeeze("Noch nicht nach Aufwand und Nutzen bewertet (2):")));
    let xml = strategy_word_xml(&mut s, &dir.path().join("Strategie.docx"));
    assert!(xml.contains("Noch ohne Priorität und daher in keiner der Gruppen (1):"));
    assert!(xml.contains("Noch nicht nach Aufwand und Nutzen bewertet (2):"));
}

/// The Steckbrief's „Lebensbereich“ says what the consultant chose: a measure without an area
/// was called „Querschnitt“, and one of a deselected area carried that area's name without a
/// word that it is printed with the Querschnitt measures. Report and Word alike.
#[test]
fn the_steckbrief_names_no_area_it_was_not_given() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Zuordnungen");
    let code = |s: &mut Session, code: &str| {
        areas(s)
            .areas
            .into_iter()
            .find(|a| a.area.code == code)
            .unwrap()
            .area
    };
    let (cross, unselected) = (code(&mut s, "Q"), code(&mut s, "LB02"));
    assert!(!unselected.selected);
    for (title, area) in [
        ("Ohne Bereich", None),
        ("Im Querschnitt", Some(cross.id)),
        ("Im abgewählten Bereich", Some(unselected.id)),
    ] {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": {"title": title, "life_area_id": area}}})
                .to_string(),
        )
        .unwrap();
    }
    let flat = unmarked_text(&mut s, dir.path());
    let xml = strategy_word_xml(&mut s, &dir.path().join("Strategie.docx"));
    for (title, shown) in [
        ("Ohne Bereich", "noch keinem zugeordnet".to_string()),
        ("Im Querschnitt", cross.title.clone()),
        (
            "Im abgewählten Bereich",
            format!("{} (nicht ausgewählt)", unselected.title),
        ),
    ] {
        assert!(
            flat.contains(&squeeze(&format!(
                "– {title} Lebensbereich {shown} Beschreibung"
            ))),
            "{title}: {flat}"
        );
        assert!(xml.contains(&shown.replace('&', "&amp;")), "{shown}");
    }
}

/// The Steckbrief's „Finanzierung“ told own funds (Förderquote 0 %) and an open quote apart by
/// nothing: both printed „–“. Each case now says what is known, in the report and in Word.
#[test]
fn the_steckbrief_tells_own_funds_from_an_open_funding_quote() {
    let dir = temp();
    let (mut s, _) = bare_project(dir.path(), "Finanzhausen");
    for measure in [
        serde_json::json!({"title": "Eigenmittel", "cost_once_cents": 100000, "funding_rate": 0}),
        serde_json::json!({"title": "Quote offen", "cost_once_cents": 100000}),
        serde_json::json!({"title": "Programm ohne Quote", "funding_programme": "Digitalbonus"}),
        serde_json::json!({"title": "Ganz offen"}),
    ] {
        run_json(
            &mut s,
            &serde_json::json!({"measures": {"save_measure": measure}}).to_string(),
        )
        .unwrap();
    }
    let flat = unmarked_text(&mut s, dir.path());
    let xml = strategy_word_xml(&mut s, &dir.path().join("Strategie.docx"));
    for (title, shown) in [
        ("Eigenmittel", "Eigenmittel (Förderquote 0 %)"),
        ("Quote offen", "Förderquote noch offen"),
        (
            "Programm ohne Quote",
            "Digitalbonus (Förderquote noch offen)",
        ),
        ("Ganz offen", "–"),
    ] {
        let steckbrief = flat
            .split(&squeeze(&format!("– {title} Lebensbereich")))
            .nth(1)
            .unwrap_or_else(|| panic!("{title}: {flat}"));
        assert!(
            steckbrief.contains(&squeeze(&format!("Finanzierung {shown} Abhängigkeiten"))),
            "{title}: {steckbrief}"
        );
        assert!(xml.contains(shown), "{shown}");
    }
}
