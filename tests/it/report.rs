//! The strategy report: PDF/A-2a + PDF/UA-1 from the demo, text in reading order, hostile user
//! text printed literally, unsupported characters replaced with a warning, determinism,
//! consultancy templates with file/line errors.

use std::path::Path;
use std::process::Command as Process;

use zukunftskommune::api::*;
use zukunftskommune::model::*;
use zukunftskommune::{Command, ErrorCode, Reply, Session};

use crate::common::*;

fn tool(name: &str, args: &[&str]) -> String {
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

fn report(s: &mut Session, pdf: &Path, watermark: Option<bool>) -> ReportResult {
    match call(
        s,
        Command::Strategy(StrategyCommand::GenerateReport {
            path: pdf.display().to_string(),
            watermark,
            version_label: None,
            template_dir: None,
        }),
    ) {
        Reply::Report(r) => r,
        r => panic!("unexpected {r:?}"),
    }
}

fn text_of(pdf: &Path, first: usize, last: usize) -> String {
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
    let path = demo(dir.path());
    let mut s = open(&path);
    let pdf = dir.path().join("Strategie.pdf");
    let r = report(&mut s, &pdf, None);
    assert_eq!(r.pages, 35, "golden page count of the demo report");
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
        "19.10.2026",
        "Größter Handlungsbedarf",
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
        Command::Measures(MeasuresCommand::SaveMeasure(Measure {
            title: hostile.into(),
            ..m
        })),
    );
    let g = goals(&mut s).goals[0].clone();
    call(
        &mut s,
        Command::Goals(GoalsCommand::SaveGoal(Goal {
            title: "Glasfaser 🚀 für alle → 100 % ✓ 中文".into(),
            ..g
        })),
    );
    let pdf = dir.path().join("feindlich.pdf");
    let r = report(&mut s, &pdf, Some(false));
    let text = text_of(&pdf, 1, r.pages);
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
    let path = demo(dir.path());
    let tpl = dir.path().join("vorlage");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(
        tpl.join("report.typ"),
        "#let data = json(\"data.json\")\n#set document(title: \"Strategie \" + data.municipality.name)\n#set text(lang: \"de\", font: \"Liberation Sans\")\n= Beratung Nord: #data.municipality.name\n#include \"teil.typ\"\n",
    )
    .unwrap();
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
        Process::new(env!("CARGO_BIN_EXE_zukunft"))
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
