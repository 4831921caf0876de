//! The Beschlussvorlage (council resolution draft) as an editable Word document (docx-rs), in the
//! usual structure: Betreff, Beschlussvorschlag, Sachverhalt und Begründung (the strategy's
//! summary and how it was made), Finanzielle Auswirkungen (amounts per budget year, funding, own
//! share), Anlagen. Fields the administration fills in (Drucksache, Sitzung) are marked „…“.
//! User text is written as text runs: nothing typed becomes markup or a field.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow,
};

use super::ExportData;
use crate::analysis::format_euro;
use crate::error::{Error, Result};
use crate::model::Choice;

/// A4 in twentieths of a point, margins 2.5 cm / 2 cm.
const A4: (u32, u32) = (11_906, 16_838);

fn text(t: &str) -> Run {
    Run::new().add_text(t)
}

fn para(t: &str) -> Paragraph {
    Paragraph::new().add_run(text(t))
}

fn heading(t: &str) -> Paragraph {
    Paragraph::new().add_run(text(t)).style("Heading1")
}

/// A paragraph per line of a section text (blank lines separate paragraphs).
fn paragraphs(body: &str) -> Vec<Paragraph> {
    body.split('\n')
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(para)
        .collect()
}

fn cell(t: &str, bold: bool) -> TableCell {
    let run = if bold { text(t).bold() } else { text(t) };
    TableCell::new().add_paragraph(Paragraph::new().add_run(run))
}

fn amount_cell(cents: i64, bold: bool) -> TableCell {
    let run = if bold {
        text(&format_euro(cents)).bold()
    } else {
        text(&format_euro(cents))
    };
    TableCell::new().add_paragraph(Paragraph::new().add_run(run).align(AlignmentType::Right))
}

/// The Beschlussvorlage as DOCX bytes.
pub fn vorlage(data: &ExportData) -> Result<Vec<u8>> {
    let p = data.profile;
    let who = format!("{} {}", p.kind.label(), p.name);
    let settings = &data.strategy.settings;
    let version = settings.version_label.trim();
    let stand = settings
        .date
        .map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_else(|| data.date.format("%d.%m.%Y").to_string());
    let measures = data.measures.measures.len();
    let areas = data.areas_selected;
    let strategy_name = format!(
        "Digitalisierungsstrategie {}{}",
        p.name,
        if version.is_empty() {
            String::new()
        } else {
            format!(" ({version})")
        }
    );

    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .default_fonts(
            RunFonts::new()
                .ascii("Liberation Sans")
                .hi_ansi("Liberation Sans")
                .cs("Liberation Sans"),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(28)
                .bold(),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(36)
                .bold(),
        )
        .created_at(&format!("{}T00:00:00Z", data.date.format("%Y-%m-%d")))
        .updated_at(&format!("{}T00:00:00Z", data.date.format("%Y-%m-%d")));

    doc = doc
        .add_paragraph(Paragraph::new().add_run(text("Beschlussvorlage")).style("Title"))
        .add_paragraph(para(&who))
        .add_paragraph(para("Drucksache Nr.: …"))
        .add_paragraph(para("Gremium und Sitzung: Gemeinderat, Sitzung am … (öffentlich)"))
        .add_paragraph(para(&format!("Federführung: {}", if p.mayor.trim().is_empty() { "…".to_string() } else { p.mayor.clone() })))
        .add_paragraph(heading("Betreff"))
        .add_paragraph(para(&format!("{strategy_name} – Beschluss")))
        .add_paragraph(heading("Beschlussvorschlag"))
        .add_paragraph(para(&format!(
            "1. Der Gemeinderat beschließt die {strategy_name}, Stand {stand}, mit {} in {}.",
            crate::analysis::count_of(measures, "Maßnahme", "Maßnahmen"),
            crate::analysis::count_of(areas, "Lebensbereich", "Lebensbereichen"),
        )))
        .add_paragraph(para(
            "2. Die Verwaltung wird beauftragt, die Maßnahmen nach ihrer Priorität und im Rahmen der jeweils im Haushalt bereitgestellten Mittel umzusetzen und Fördermittel zu beantragen.",
        ))
        .add_paragraph(para(
            "3. Die Verwaltung berichtet dem Gemeinderat jährlich über den Stand der Umsetzung und schreibt die Strategie bei Bedarf fort.",
        ))
        .add_paragraph(heading("Sachverhalt und Begründung"));

    let summary = data
        .strategy
        .sections
        .iter()
        .zip(&data.strategy.previews)
        .find(|(s, _)| s.key == "zusammenfassung" && s.included)
        .map(|(_, text)| text.as_str())
        .unwrap_or("");
    for para in paragraphs(summary) {
        doc = doc.add_paragraph(para);
    }
    let events: Vec<String> = data
        .goals
        .events
        .iter()
        .map(|e| match e.participants {
            Some(n) => format!(
                "{} ({} Teilnehmende)",
                e.title,
                crate::analysis::format_thousands(n)
            ),
            None => e.title.clone(),
        })
        .collect();
    if !events.is_empty() {
        doc = doc.add_paragraph(para(&format!(
            "Die Strategie entstand in einem Beteiligungsprozess mit {}: {}.",
            crate::analysis::count_of(events.len(), "Veranstaltung", "Veranstaltungen"),
            events.join("; ")
        )));
    }

    doc = doc.add_paragraph(heading("Finanzielle Auswirkungen"));
    let budget = &data.measures.budget;
    if budget.years.is_empty() {
        doc = doc.add_paragraph(para(
            "Für die Maßnahmen liegen noch keine Kostenschätzungen mit Zeitraum vor.",
        ));
    } else {
        doc = doc.add_paragraph(para(
            "Geschätzte Kosten der Maßnahmen je Haushaltsjahr (einmalige und laufende Kosten), abzüglich beantragter Förderung:",
        ));
        let mut rows = vec![TableRow::new(
            ["Haushaltsjahr", "Kosten gesamt", "Förderung", "Eigenanteil"]
                .iter()
                .map(|h| cell(h, true))
                .collect(),
        )
        .cant_split()];
        for y in &budget.years {
            rows.push(TableRow::new(vec![
                cell(&y.year.to_string(), false),
                amount_cell(y.total_cents, false),
                amount_cell(y.funding_cents, false),
                amount_cell(y.own_share_cents, false),
            ]));
        }
        let t = &budget.total;
        rows.push(TableRow::new(vec![
            cell("Summe", true),
            amount_cell(t.total_cents, true),
            amount_cell(t.funding_cents, true),
            amount_cell(t.own_share_cents, true),
        ]));
        doc = doc.add_table(Table::new(rows));
        if budget.without_estimate > 0 {
            doc = doc.add_paragraph(para(&format!(
                "Für {} liegt noch keine Kostenschätzung vor; sie {} nicht enthalten.",
                crate::analysis::count_of(
                    budget.without_estimate as usize,
                    "Maßnahme",
                    "Maßnahmen"
                ),
                if budget.without_estimate == 1 {
                    "ist"
                } else {
                    "sind"
                }
            )));
        }
        if !budget.without_period.is_empty() {
            doc = doc.add_paragraph(para(&format!(
                "Ohne Zeitraum und daher keinem Haushaltsjahr zugeordnet: {} ({}).",
                budget.without_period.join(", "),
                format_euro(budget.unplaced_cents)
            )));
        }
    }
    if !p.funding_programme.trim().is_empty() {
        doc = doc.add_paragraph(para(&format!(
            "Die Erarbeitung der Strategie wurde gefördert: {}{}.",
            p.funding_programme,
            p.funding_amount_cents
                .map(|c| format!(", Fördersumme {}", format_euro(c)))
                .unwrap_or_default()
        )));
    }
    doc = doc
        .add_paragraph(para(
            "Die Mittel werden jeweils im Haushaltsplan veranschlagt; mit diesem Beschluss werden noch keine Ausgaben bewilligt.",
        ))
        .add_paragraph(heading("Anlagen"))
        .add_paragraph(para(&format!("1. {strategy_name}, Stand {stand} (PDF)")));

    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| Error::Export(format!("Word: {e}")))?;
    Ok(out.into_inner())
}
