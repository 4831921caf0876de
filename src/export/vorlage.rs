//! The Beschlussvorlage (council resolution draft) as an editable Word document (docx-rs), in the
//! usual structure: Betreff, Beschlussvorschlag, Sachverhalt und Begründung (the strategy's
//! summary and how it was made), Finanzielle Auswirkungen (amounts per budget year, funding, own
//! share), Anlagen. Fields the administration fills in (Drucksache, Sitzung) are marked „…“.
//! User text is written as text runs: nothing typed becomes markup or a field.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow,
};

use serde::Serialize;

use super::ExportData;
use crate::analysis::format_euro;
use crate::error::Result;

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

fn cell(t: &str, bold: bool) -> TableCell {
    let run = if bold { text(t).bold() } else { text(t) };
    TableCell::new().add_paragraph(Paragraph::new().add_run(run))
}

fn amount_cell(amount: &str, bold: bool) -> TableCell {
    let run = if bold {
        text(amount).bold()
    } else {
        text(amount)
    };
    TableCell::new().add_paragraph(Paragraph::new().add_run(run).align(AlignmentType::Right))
}

/// What a Fortschreibung's Vorlage says of the strategy in force, which it replaces.
#[derive(Debug, Clone, Default)]
pub struct StrategyInForce {
    /// The adopted strategy's label („Digitalisierungsstrategie Musterstadt 2030“).
    pub label: String,
    /// When it was adopted: „am 03.11.2025 (GR 2025/118)“.
    pub decided: String,
    /// The newest round's state, one sentence.
    pub progress: Option<String>,
    /// The plan's changes against it, counted per kind: „1 neue Maßnahme“.
    pub changes: Vec<String>,
}

/// The text of the Beschlussvorlage, built once and written as DOCX (`docx`) and as PDF
/// (`report::render_vorlage`): the same sentences and numbers in both.
#[derive(Debug, Clone, Serialize)]
pub struct VorlageContent {
    /// The administration's head lines: municipality, Drucksache, Gremium, Federführung.
    pub head: Vec<String>,
    pub betreff: String,
    pub beschluss: Vec<String>,
    pub sachverhalt: Vec<String>,
    pub budget_intro: String,
    /// Haushaltsjahr, Kosten gesamt, Förderung, Eigenanteil; the last row is the sum.
    pub budget: Vec<[String; 4]>,
    pub finance_notes: Vec<String>,
    pub anlagen: Vec<String>,
    /// The date printed (the report settings' date, else the project's).
    pub date: String,
    pub municipality: String,
}

/// The Beschlussvorlage's text from the project.
pub fn content(data: &ExportData) -> Result<VorlageContent> {
    let p = data.profile;
    let who = p.full_name();
    let council = p.kind.council();
    let settings = &data.strategy.settings;
    let version = settings.version_label.trim();
    let stand = settings
        .date
        .map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_else(|| data.date.format("%d.%m.%Y").to_string());
    // The council adopts the document by the title on its cover: „Digitalisierungsstrategie der
    // Verbandsgemeinde … 2027–2032“ was called „Digitalisierungsstrategie <Name>“ here. The
    // catalogue's plain „Digitalisierungsstrategie“ gets the name, as the cover prints it below;
    // a title of its own („Digitalisierung@Heddesheim“) is quoted, so the sentence „beschließt
    // die Digitalisierungsstrategie „…““ stays German.
    let name = p.name.trim();
    let title = match settings.title.trim() {
        "" => "Digitalisierungsstrategie",
        t => t,
    };
    let title = match (
        title
            .to_lowercase()
            .starts_with("digitalisierungsstrategie"),
        title.contains(name),
    ) {
        (true, true) => title.to_string(),
        (true, false) => format!("{title} {name}"),
        (false, true) => format!("Digitalisierungsstrategie „{title}“"),
        (false, false) => format!("Digitalisierungsstrategie {name} „{title}“"),
    };
    let strategy_name = format!(
        "{title}{}",
        if version.is_empty() {
            String::new()
        } else {
            format!(" ({version})")
        }
    );
    let lead = if p.mayor.trim().is_empty() {
        "…".to_string()
    } else {
        p.mayor.clone()
    };
    let summary = data
        .strategy
        .sections
        .iter()
        .zip(&data.strategy.previews)
        .find(|(s, _)| s.key == "zusammenfassung" && s.included)
        .map(|(_, text)| text.as_str())
        .unwrap_or("");
    // A Fortschreibung says first what it replaces, how far the Umsetzung has come and what
    // it changes: the council decides on a new version of a strategy it already adopted.
    let mut sachverhalt: Vec<String> = match &data.in_force {
        Some(f) => {
            let mut lines = vec![format!(
                "{} hat die {} {} beschlossen. Die vorliegende Fortschreibung schreibt sie fort; \
                 bis zu ihrem Beschluss gilt die beschlossene Fassung.",
                council.subject, f.label, f.decided
            )];
            lines.extend(f.progress.clone());
            lines.push(match f.changes.as_slice() {
                [] => "Die Maßnahmen entsprechen der beschlossenen Fassung.".to_string(),
                [one] => format!("Gegenüber der beschlossenen Fassung ändert sich: {one}."),
                [first @ .., last] => format!(
                    "Gegenüber der beschlossenen Fassung ändern sich: {} und {last}.",
                    first.join(", ")
                ),
            });
            lines
        }
        None => Vec::new(),
    };
    sachverhalt.extend(
        summary
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
    );
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
        sachverhalt.push(format!(
            "Die Strategie entstand in einem Beteiligungsprozess mit {}: {}.",
            crate::analysis::count_of(events.len(), "Veranstaltung", "Veranstaltungen"),
            events.join("; ")
        ));
    }
    let b = &data.measures.budget;
    let row = |y: &crate::analysis::YearBudget, year: String| {
        [
            year,
            format_euro(y.total_cents),
            y.funding_label.clone(),
            y.own_share_label.clone(),
        ]
    };
    // A Fortschreibung is decided for the years to come: the years gone by were the adopted
    // version's, their money budgeted and reported (a Fortschreibung of 2028 had listed 2026 and
    // 2027 as financial effects of its decision).
    let first_year = data
        .in_force
        .as_ref()
        .map(|_| chrono::Datelike::year(&settings.date.unwrap_or(data.date)));
    let (past, coming): (Vec<_>, Vec<_>) = b
        .years
        .iter()
        .partition(|y| first_year.is_some_and(|first| y.year < first));
    let mut budget: Vec<[String; 4]> = coming.iter().map(|y| row(y, y.year.to_string())).collect();
    if !budget.is_empty() {
        let total = match first_year {
            Some(first) => b.total_from(first)?,
            None => b.total.clone(),
        };
        budget.push(row(&total, "Summe".into()));
    }
    let mut finance_notes = Vec::new();
    if let (Some(first), Some(last)) = (past.first(), past.last()) {
        let planned = past.iter().try_fold(0i64, |sum, y| {
            crate::analysis::add_cents(sum, y.total_cents)
        })?;
        finance_notes.push(format!(
            "{} nicht aufgeführt: Dort waren {} geplant; was ausgegeben wurde, berichtet der \
             Umsetzungsbericht.",
            if first.year == last.year {
                format!("Das vergangene Haushaltsjahr {} ist", first.year)
            } else {
                format!(
                    "Die vergangenen Haushaltsjahre {} {} {} sind",
                    first.year,
                    if last.year == first.year.saturating_add(1) {
                        "und"
                    } else {
                        "bis"
                    },
                    last.year
                )
            },
            format_euro(planned)
        ));
    }
    finance_notes.extend(b.notes.iter().cloned());
    if !p.funding_programme.trim().is_empty() {
        finance_notes.push(format!(
            // Neutral: the field may name a programme or „Eigenmittel“.
            "Finanzierung der Strategieerarbeitung: {}{}.",
            p.funding_programme,
            p.funding_amount_cents
                .map(|c| format!(", Fördersumme {}", format_euro(c)))
                .unwrap_or_default()
        ));
    }
    finance_notes.push(
        "Die Mittel werden jeweils im Haushaltsplan veranschlagt; mit diesem Beschluss werden noch keine Ausgaben bewilligt.".into(),
    );
    Ok(VorlageContent {
        head: vec![
            who,
            "Drucksache Nr.: …".into(),
            format!("Gremium und Sitzung: {}, Sitzung am … (öffentlich)", council.name),
            format!("Federführung: {lead}"),
        ],
        betreff: format!("{strategy_name} – Beschluss"),
        beschluss: vec![
            // „mit 45 Maßnahmen in 7 Lebensbereichen“ was untrue when some are cross-cutting: the
            // strategy has its areas and its measures, the Sachverhalt says how they divide.
            // A part that is still zero is left out: „mit 0 Maßnahmen“ is nothing to adopt.
            {
                let measures = data.measures.measures.len();
                let parts: Vec<String> = [
                    (data.areas_selected, "Lebensbereich", "Lebensbereichen"),
                    (measures, "Maßnahme", "Maßnahmen"),
                ]
                .into_iter()
                .filter(|(n, _, _)| *n > 0)
                .map(|(n, one, many)| crate::analysis::count_of(n, one, many))
                .collect();
                let with = if parts.is_empty() {
                    String::new()
                } else {
                    format!(" mit {}", parts.join(" und "))
                };
                let replaces = data
                    .in_force
                    .as_ref()
                    .map(|f| {
                        format!(
                            " Sie ersetzt die {} beschlossene Fassung der {}.",
                            f.decided, f.label
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "{} beschließt die {strategy_name}, Stand {stand}{with} (Anlage 1).{replaces}",
                    council.subject
                )
            },
            "Die Verwaltung wird beauftragt, die Maßnahmen nach ihrer Priorität und im Rahmen der jeweils im Haushalt bereitgestellten Mittel umzusetzen und Fördermittel zu beantragen.".into(),
            format!(
                "Die Verwaltung berichtet {} jährlich über den Stand der Umsetzung und schreibt die Strategie bei Bedarf fort.",
                council.dative
            ),
        ],
        sachverhalt,
        budget_intro: if budget.is_empty() && !past.is_empty() {
            "Für die kommenden Haushaltsjahre sind keine Kosten geplant.".into()
        } else if budget.is_empty() {
            "Für die Maßnahmen liegen noch keine Kostenschätzungen mit Zeitraum vor.".into()
        } else {
            "Geschätzte Kosten der Maßnahmen je Haushaltsjahr (einmalige und laufende Kosten), abzüglich der Förderung nach den angegebenen Förderquoten:".into()
        },
        budget,
        finance_notes,
        anlagen: vec![format!("{strategy_name}, Stand {stand} (PDF)")],
        date: stand,
        municipality: p.name.clone(),
    })
}

/// The Beschlussvorlage as DOCX bytes; `date` is the document's creation date (reproducible).
pub fn docx(c: &VorlageContent, date: chrono::NaiveDate) -> Result<Vec<u8>> {
    let stamp = format!("{}T00:00:00Z", date.format("%Y-%m-%d"));
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
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_paragraph(
            Paragraph::new()
                .add_run(text("Beschlussvorlage"))
                .style("Title"),
        );
    for line in &c.head {
        doc = doc.add_paragraph(para(line));
    }
    doc = doc
        .add_paragraph(heading("Betreff"))
        .add_paragraph(para(&c.betreff))
        .add_paragraph(heading("Beschlussvorschlag"));
    for (i, point) in (1..).zip(&c.beschluss) {
        doc = doc.add_paragraph(para(&format!("{i}. {point}")));
    }
    doc = doc.add_paragraph(heading("Sachverhalt und Begründung"));
    for line in &c.sachverhalt {
        doc = doc.add_paragraph(para(line));
    }
    doc = doc
        .add_paragraph(heading("Finanzielle Auswirkungen"))
        .add_paragraph(para(&c.budget_intro));
    if !c.budget.is_empty() {
        let mut rows = vec![TableRow::new(
            ["Haushaltsjahr", "Kosten gesamt", "Förderung", "Eigenanteil"]
                .iter()
                .map(|h| cell(h, true))
                .collect(),
        )
        .cant_split()];
        let last = c.budget.len().saturating_sub(1);
        for (i, r) in c.budget.iter().enumerate() {
            let bold = i == last;
            rows.push(TableRow::new(vec![
                cell(&r[0], bold),
                amount_cell(&r[1], bold),
                amount_cell(&r[2], bold),
                amount_cell(&r[3], bold),
            ]));
        }
        doc = doc.add_table(Table::new(rows));
    }
    for note in &c.finance_notes {
        doc = doc.add_paragraph(para(note));
    }
    doc = doc.add_paragraph(heading("Anlagen"));
    for (i, a) in (1..).zip(&c.anlagen) {
        doc = doc.add_paragraph(para(&format!("{i}. {a}")));
    }
    // The header row repeats and German is the language, as in the strategy's Word document.
    super::strategy::finish(doc, &[], false)
}
