//! A real municipality's published strategy (Worms, see tests/fixtures/worms/README.md), entered
//! only through `zukunft new` + `zukunft apply`, and its PDF read as a council member would:
//! every measure and field of action is there, the budget is right, unknown stays unknown, and
//! no generated sentence claims what the data do not say.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

use crate::common::*;

fn zukunft(args: &[&str]) -> String {
    let out = Command::new(crate::common::zukunft_bin())
        .args(args)
        .env("ZUKUNFT_AUTHOR", "Test")
        .output()
        .expect("run zukunft");
    assert!(
        out.status.success(),
        "zukunft {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without white space, hyphens and dashes: table cells and hyphenation break lines anywhere.
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/worms");

#[test]
fn a_published_strategy_entered_by_apply_prints_true() {
    let dir = temp();
    let file = dir.path().join("Worms.zukunft");
    let f = file.display().to_string();
    zukunft(&[
        "new",
        &f,
        "--name",
        "Worms",
        "--ags",
        "07319000",
        "--kind",
        "Kreisfreie Stadt",
        "--district",
        "Rheinland-Pfalz",
        "--start",
        "10.11.2022",
        "--consultants",
        "Testteam",
    ]);
    zukunft(&["apply", &f, &format!("{FIXTURE}/1-grundlagen.jsonl")]);

    // Part 2 refers to areas and events by code and title; their ids come from the export.
    let export: Value = serde_json::from_str(&zukunft(&["export-json", &f])).expect("json");
    let rows = |table: &str| -> Vec<Value> {
        export["tables"][table]
            .as_array()
            .expect("table")
            .iter()
            .filter(|r| r["deleted"] == Value::Bool(false))
            .map(|r| r["body"].clone())
            .collect()
    };
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for a in rows("life_area") {
        ids.insert(
            format!("area:{}", a["code"].as_str().unwrap()),
            a["id"].as_str().unwrap().into(),
        );
    }
    for e in rows("event") {
        ids.insert(
            format!("event:{}", e["title"].as_str().unwrap()),
            e["id"].as_str().unwrap().into(),
        );
    }
    let mut part2 = std::fs::read_to_string(format!("{FIXTURE}/2-massnahmen.jsonl")).unwrap();
    for (key, id) in &ids {
        part2 = part2.replace(&format!("{{{{{key}}}}}"), id);
    }
    assert!(
        part2
            .lines()
            .filter(|l| !l.starts_with('#'))
            .all(|l| !l.contains("{{")),
        "every reference resolved"
    );
    let part2_path = dir.path().join("teil2.jsonl");
    std::fs::write(&part2_path, &part2).unwrap();
    zukunft(&["apply", &f, &part2_path.display().to_string()]);

    let measures: Vec<Value> = part2
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter_map(|v| {
            v["measures"]["save_measure"]
                .as_object()
                .map(|o| Value::Object(o.clone()))
        })
        .collect();
    assert_eq!(measures.len(), 45);

    let pdf = dir.path().join("Worms.pdf");
    zukunft(&[
        "report",
        &f,
        "-o",
        &pdf.display().to_string(),
        "--no-watermark",
    ]);
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let flat = squeeze(&text);

    // Every measure title and every selected field of action is printed.
    for m in &measures {
        let title = m["title"].as_str().unwrap();
        assert!(flat.contains(&squeeze(title)), "measure missing: {title}");
    }
    let exported: Value = serde_json::from_str(&zukunft(&["export-json", &f])).unwrap();
    let areas: Vec<String> = exported["tables"]["life_area"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["body"])
        .filter(|b| b["selected"] == Value::Bool(true) && b["code"] != "Q")
        .map(|b| b["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(areas.len(), 7, "{areas:?}");
    for a in &areas {
        assert!(flat.contains(&squeeze(a)), "field of action missing: {a}");
    }

    // The budget, computed here independently from the command file: one-off in the start
    // year, yearly from start to end (start year only without an end), amounts per year as given.
    let year_of = |v: &Value| v.as_str().map(|s| s[..4].parse::<i32>().unwrap());
    let mut per_year: BTreeMap<i32, i64> = BTreeMap::new();
    let mut funding = 0i64;
    for m in &measures {
        let rate = m["funding_rate"].as_i64().unwrap_or(0);
        let mut add = |year: i32, cents: i64| {
            *per_year.entry(year).or_default() += cents;
            funding += cents * rate / 100;
        };
        if let Some(plan) = m["cost_by_year"].as_array() {
            for a in plan {
                add(
                    a["year"].as_i64().unwrap() as i32,
                    a["cents"].as_i64().unwrap(),
                );
            }
            continue;
        }
        let Some(start) = year_of(&m["start_quarter"]) else {
            continue;
        };
        let end = year_of(&m["end_quarter"]).unwrap_or(start);
        if let Some(once) = m["cost_once_cents"].as_i64() {
            add(start, once);
        }
        if let Some(yearly) = m["cost_yearly_cents"].as_i64() {
            for y in start..=end {
                add(y, yearly);
            }
        }
    }
    let euro = |cents: i64| zukunftskommune::analysis::format_euro(cents).replace('\u{a0}', " ");
    let total: i64 = per_year.values().sum();
    assert_eq!(total, 206_000_000, "the fixture's own sum");
    let layout = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let layout = String::from_utf8_lossy(&layout.stdout).replace('\u{a0}', " ");
    for (year, cents) in &per_year {
        let row = layout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{year} ")) && l.contains('€'))
            .unwrap_or_else(|| panic!("no budget row for {year}"));
        assert!(
            row.contains(&euro(*cents)),
            "{year}: {row} lacks {}",
            euro(*cents)
        );
    }
    let sum_row = layout
        .lines()
        .find(|l| l.trim_start().starts_with("Summe"))
        .expect("sum row");
    assert!(sum_row.contains(&euro(total)), "{sum_row}");
    // Events by date, those without a date after them (they were listed first).
    let beteiligung = layout
        .split("Die Beteiligung umfasste")
        .nth(1)
        .and_then(|rest| rest.split("Seite").next())
        .expect("the participation chapter");
    let at = |title: &str| {
        beteiligung
            .find(title)
            .unwrap_or_else(|| panic!("{title} not listed"))
    };
    assert!(
        at("Auftaktveranstaltung Digitalstrategie")
            < at("Online-Konsultation des Strategieentwurfs")
            && at("Online-Konsultation des Strategieentwurfs")
                < at("Online-Umfrage zu Handlungsfeldern")
    );
    // Costs of measures that name no funding rate: their funding is open, not 0 €, and the
    // Eigenanteil an upper bound (2023's 510.000 € were printed as „Förderung 0 €, Eigenanteil
    // 510.000 €“).
    let open = measures
        .iter()
        .filter(|m| m["funding_rate"].is_null())
        .filter(|m| {
            let by_year = m["cost_by_year"].as_array().is_some_and(|a| !a.is_empty());
            let dated = !m["start_quarter"].is_null()
                && (!m["cost_once_cents"].is_null() || !m["cost_yearly_cents"].is_null());
            by_year || dated
        })
        .count();
    assert_eq!(open, 3);
    // (The labels wrap in their cells: read in the text's order.)
    assert!(
        flat.contains(&squeeze(&format!(
            "{} offen bis zu {}",
            euro(51_000_000),
            euro(51_000_000)
        ))),
        "2023: funding open, the Eigenanteil at most the total"
    );
    assert!(
        flat.contains(&squeeze(&format!(
            "{} mind. {} bis zu {}",
            euro(total),
            euro(funding),
            euro(total - funding)
        ))),
        "the sum: funding at least the stated, Eigenanteil at most the rest"
    );
    let said = text
        .split(&format!(
            "Für {open} Maßnahmen mit Kosten ist noch keine Förderquote angegeben ("
        ))
        .nth(1)
        .expect("the open funding is said");
    let (numbers, rest) = said.split_once("):").unwrap();
    assert_eq!(numbers.split(", ").count(), open, "{numbers}");
    assert!(
        squeeze(rest).starts_with(&squeeze(
            "deren Förderung ist offen, der Eigenanteil deshalb ein Höchstwert."
        )),
        "{rest}"
    );

    // Unknown stays unknown: no 0 € for a missing estimate, no score for an unassessed measure.
    let without_costs = measures
        .iter()
        .filter(|m| {
            m["cost_once_cents"].is_null()
                && m["cost_yearly_cents"].is_null()
                && m["cost_by_year"].is_null()
        })
        .count();
    assert_eq!(without_costs, 41);
    assert!(
        text.contains(&format!(
            "Für {without_costs} Maßnahmen liegt noch keine Kostenschätzung vor"
        )),
        "open estimates are said"
    );
    assert!(!flat.contains(&squeeze("einmalig 0 €")) && !flat.contains(&squeeze("laufend 0 €")));
    assert!(!text.contains("Score: 50") && text.contains("Score: noch nicht bewertet"));
    assert!(text.contains("Noch nicht nach Aufwand und Nutzen bewertet"));
    assert!(text.contains("Noch ohne Zeitraum"));
    assert!(
        layout.contains("Laufende Kosten ohne angegebenes Ende sind nur im ersten Jahr enthalten")
    );

    // Periods as plans state them.
    for period in [
        "2023 – 2025",
        "ab 2023",
        "bis Ende 2025",
        "2. Hj. 2023 – 2. Hj. 2024",
        "Q3 2025 – Q2 2028",
        "bis Q2 2024",
        "ab 2. Hj. 2024",
    ] {
        assert!(
            flat.contains(&squeeze(period)),
            "period „{period}“ not printed"
        );
    }

    // Generated sentences say what the data say.
    let with_lead = measures.iter().filter(|m| m["lead"].is_string()).count();
    // A measure without priority is in none of the priority groups: it is named below them.
    let without_priority = measures.iter().filter(|m| m["priority"].is_null()).count();
    assert_eq!(without_priority, 39);
    for sentence in [
        format!("Noch ohne Priorität und daher in keiner der Gruppen ({without_priority}):"),
        format!("Für {with_lead} von 45 Maßnahmen ist eine Federführung in der Verwaltung benannt"),
        "Ausgewählt wurden 7 Lebensbereiche, davon 5 aus dem Katalog und 2 eigene.".to_string(),
        "die Zahl der Teilnehmenden wurde nicht erfasst".to_string(),
        "Der Digitalisierungs-Check ist noch nicht ausgewertet.".to_string(),
        "Der Prozess begann am 10.11.2022.".to_string(),
        // The glossary names the catalogue's own number of dimensions.
        "Bestandsaufnahme des digitalen Reifegrads in 8 Dimensionen (Stufen 0 bis 5).".to_string(),
        // Verwaltung & Bürgerservice: 3 of 10 measures are estimated.
        "Kosten der Maßnahmen im Lebensbereich: 560.000 € für 3 von 10 Maßnahmen; für 7 weitere liegt noch keine Kostenschätzung vor.".to_string(),
        "Anlass: Worms (Kreisfreie Stadt, 87.900 Einwohnerinnen und Einwohner) will".to_string(),
        "Die Strategie umfasst 45 Maßnahmen, davon 39 in 7 Lebensbereichen und 6 Querschnittsmaßnahmen. Aus der Beteiligung kamen 6 Ideen.".to_string(),
        "2 Quick Wins, die sofort beginnen können".to_string(),
        // The check is not answered in the fixture: said so, and no radar of empty values.
        "Der Digitalisierungs-Check umfasst 64 Fragen in 8 Dimensionen".to_string(),
        "bisher ist noch keine beantwortet".to_string(),
        "Noch keine der 64 Fragen ist beantwortet; Reifegrad und Ziel stehen deshalb noch nicht fest.".to_string(),
        "Die Stufe der Informationssicherheit im Stufenplan ist nicht erhoben.".to_string(),
        "E Digitale Verwaltung & OZG: noch nicht erhoben".to_string(),
        "Die Ziele der Strategie sind mit Indikatoren hinterlegt".to_string(),
    ] {
        assert!(flat.contains(&squeeze(&sentence)), "sentence missing: {sentence}");
    }
    for false_claim in [
        "Für jede Maßnahme ist eine Federführung",
        "Punktabfragen",
        "zehnmonatigen",
        "Insgesamt 0 Teilnehmende",
        "Reifegrad von –",
        // No idea was promoted to a measure: the measures are not said to come from ideas.
        "der Beteiligung wurden",
        "Ideen der Beteiligung",
        // Nothing of the check is answered.
        "Jede Frage wurde",
        "Ausgangspunkt für die Auswahl",
        "nicht erhoben des Stufenplans",
        "IST – von 100",
        "IST und SOLL je Dimension",
    ] {
        assert!(
            !flat.contains(&squeeze(false_claim)),
            "false claim printed: {false_claim}"
        );
    }
    // What the room said reaches the report: each idea with its event and outcome, and the
    // public partners next to the steering group.
    assert!(text.contains("Ideen aus der Beteiligung"));
    assert!(flat.contains(&squeeze(
        "Veranstaltungskalender für Worms als App, filterbar nach Zielgruppe"
    )));
    assert!(text.contains("noch nicht geprüft"));
    assert!(text.contains("Beteiligte und Partner"));
    for partner in ["Hochschule Worms", "EWR AG", "Digital Hub Worms e. V."] {
        assert!(
            flat.contains(&squeeze(partner)),
            "partner missing: {partner}"
        );
    }
    assert!(
        !flat.contains(&squeeze("Projektmanagement Stadt-App")),
        "a non-public stakeholder is not printed"
    );
    // The programme's own share, and the district named as what it is for a city without county.
    assert!(layout.contains("Eigenanteil der Kommune") && layout.contains("120.000 €"));
    assert!(text.contains("Kreisfreie Stadt"));
    assert!(
        !layout.contains("Landkreis Rheinland-Pfalz")
            && !layout.contains("Landkreis     Rheinland-Pfalz")
    );
    // 39 open measures are named by number in one paragraph, not as 39 list entries.
    let mut open: Vec<String> = exported["tables"]["measure"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["deleted"] == Value::Bool(false) && r["body"]["priority"].is_null())
        .map(|r| squeeze(r["body"]["number"].as_str().unwrap()))
        .collect();
    assert_eq!(open.len(), 39);
    open.sort();
    let label = squeeze("Noch ohne Priorität und daher in keiner der Gruppen (39):");
    let after = &flat[flat.find(&label).expect("label") + label.len()..];
    let paragraph = &after[..after.find('.').expect("end of the paragraph")];
    assert_eq!(
        paragraph,
        open.join(","),
        "every open measure by its number, in their order"
    );

    // Nobody voted on the ideas: no column of zeros beside them.
    assert!(flat.contains(&squeeze(
        "Jede Idee aus Workshops und Beteiligung und was aus ihr wurde."
    )));
    assert!(
        !text.lines().any(|l| l.trim() == "Stimmen"),
        "a column of zero votes"
    );

    // No answer has a note: the questionnaire has no empty „Notiz“ column.
    assert!(text.contains("Fragebogen und Ergebnisse des Digitalisierungs-Checks"));
    assert!(
        !text.lines().any(|l| l.trim() == "Notiz"),
        "an empty Notiz column"
    );

    // The cover names the city once under the title (the new project's subtitle is empty).
    let cover = page_text(&pdf, 1);
    assert_eq!(
        cover.lines().filter(|l| l.trim() == "Worms").count(),
        1,
        "{cover}"
    );

    // One idea promoted to a measure, a goal without indicator: the sentences follow.
    let idea = exported["tables"]["idea"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["deleted"] == Value::Bool(false))
        .expect("an idea")["body"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let more = dir.path().join("mehr.jsonl");
    std::fs::write(
        &more,
        format!(
            "{{\"measures\": {{\"promote_idea\": {{\"idea_id\": \"{idea}\"}}}}}}\n\
             {{\"goals\": {{\"save_goal\": {{\"title\": \"Offene Daten bereitstellen\"}}}}}}\n\
             {{\"strategy\": {{\"save_settings\": {{\"subtitle\": \"Kreisfreie Stadt Worms – Rheinland-Pfalz\"}}}}}}\n"
        ),
    )
    .unwrap();
    zukunft(&["apply", &f, &more.display().to_string()]);
    zukunft(&[
        "report",
        &f,
        "-o",
        &pdf.display().to_string(),
        "--no-watermark",
    ]);
    let flat = squeeze(&page_text(&pdf, 0));
    for sentence in [
        "Die Strategie umfasst 46 Maßnahmen",
        "Aus der Beteiligung kamen 6 Ideen; 1 Maßnahme geht auf sie zurück.",
        "Für 4 von 5 Zielen ist ein Indikator benannt",
    ] {
        assert!(
            flat.contains(&squeeze(sentence)),
            "sentence missing: {sentence}"
        );
    }
    assert!(!flat.contains(&squeeze("sind mit Indikatoren hinterlegt")));
    // A subtitle that only repeats the cover's first line (older files carry the name there) is
    // left out; one that says more is printed.
    let cover = page_text(&pdf, 1);
    assert_eq!(cover.matches("Worms").count(), 2, "{cover}");

    // The Beschlussvorlage: the decision names areas and measures without claiming every measure
    // is in an area (6 are cross-cutting), and „Eigenmittel“ is not called a funding.
    let vorlage = dir.path().join("Vorlage.pdf");
    zukunft(&[
        "export",
        &f,
        "--format",
        "vorlage-pdf",
        "-o",
        &vorlage.display().to_string(),
    ]);
    let vorlage = squeeze(&page_text(&vorlage, 0));
    assert!(vorlage.contains(&squeeze(
        "mit 7 Lebensbereichen und 46 Maßnahmen (Anlage 1)"
    )));
    assert!(vorlage.contains(&squeeze(
        "Finanzierung der Strategieerarbeitung: Eigenmittel"
    )));
    assert!(!vorlage.contains(&squeeze("wurde gefördert")));

    // The workbook gives periods as people write them, not as stored codes.
    let xlsx = dir.path().join("Worms.xlsx");
    zukunft(&[
        "export",
        &f,
        "--format",
        "xlsx",
        "-o",
        &xlsx.display().to_string(),
    ]);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Maßnahmen").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (begin, end) = (column("Beginn"), column("Ende"));
    let cells: Vec<String> = sheet
        .rows()
        .skip(1)
        .flat_map(|r| [r[begin].to_string(), r[end].to_string()])
        .collect();
    for written in [
        "2. Hj. 2023",
        "2. Hj. 2024",
        "Q2 2024",
        "Q3 2025",
        "Q2 2028",
    ] {
        assert!(cells.iter().any(|c| c == written), "{written} in {cells:?}");
    }
    assert!(
        !cells.iter().any(|c| c.contains("-Q") || c.contains("-H")),
        "{cells:?}"
    );

    // The window names the district field as the report does: a kreisfreie Stadt has no Landkreis.
    let (mut s, overview) = open_with_overview(&file);
    assert_eq!(overview.district_label, "Regierungsbezirk / Land");
    assert_eq!(goals(&mut s).district_label, "Regierungsbezirk / Land");
}

/// The text of one page of a PDF (`0`: all pages).
fn page_text(pdf: &std::path::Path, page: u32) -> String {
    let mut cmd = Command::new("pdftotext");
    if page > 0 {
        cmd.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
