//! The report's data: everything the template prints, computed and formatted here (German
//! dates and amounts), serialised to the virtual file `data.json`. Pure: no I/O.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use crate::analysis::{
    budget, check_scores, count_of, format_decimal, format_euro, format_thousands, gaps,
    measure_priority_score, participation_sentence, Budget, CheckScores, YearBudget,
};
use crate::catalog::{fill, Placeholders};
use crate::charts::{self, Chart};
use crate::error::Result;
use crate::model::*;

/// Everything the report is made from, read from the project by the API.
pub struct ReportInput {
    pub profile: Profile,
    pub settings: ReportSettings,
    /// The cover logo (format and image bytes), if one is stored.
    pub logo: Option<(ImageFormat, Vec<u8>)>,
    pub goals: Vec<Goal>,
    pub timeline: Vec<TimelineEntry>,
    pub stakeholders: Vec<Stakeholder>,
    pub events: Vec<Event>,
    pub ideas: Vec<Idea>,
    /// The dot votes on Lebensbereiche and measures per event.
    pub area_votes: Vec<LifeAreaVote>,
    pub measure_votes: Vec<MeasureVote>,
    pub digital_offers: Vec<DigitalOffer>,
    pub dimensions: Vec<CheckDimension>,
    pub items: Vec<CheckItem>,
    pub answers: Vec<CheckAnswer>,
    pub ozg: Vec<OzgService>,
    pub key_figures: Vec<KeyFigure>,
    pub swot: Vec<SwotEntry>,
    pub areas: Vec<LifeArea>,
    pub measures: Vec<Measure>,
    pub sections: Vec<Section>,
    pub placeholders: Placeholders,
    /// `--no-watermark` / `--version-label` from the caller override the settings.
    pub watermark: Option<bool>,
    pub version_label: Option<String>,
    /// The caller's date, printed when the settings have none.
    pub date: Option<NaiveDate>,
}

/// Everything a template reads from `data.json`, built chapter by chapter (one builder each);
/// the chapters are flattened, so the template sees one object.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    #[serde(flatten)]
    pub cover: Cover,
    pub municipality: Municipality,
    pub sections: Vec<SectionData>,
    pub goals: Vec<GoalData>,
    #[serde(flatten)]
    pub situation: SituationChapter,
    #[serde(flatten)]
    pub participation: ParticipationChapter,
    #[serde(flatten)]
    pub life_areas: AreasChapter,
    #[serde(flatten)]
    pub plan: PlanChapter,
    #[serde(flatten)]
    pub organisation: OrganisationChapter,
    #[serde(flatten)]
    pub annex: Annex,
}

/// The title page.
#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// File name of the cover logo in the template folder (`logo.png` …), if there is one.
    pub logo: Option<String>,
    pub title: String,
    pub subtitle: String,
    pub version: String,
    pub date: String,
    pub date_parts: [i32; 3],
    pub author: String,
    pub watermark: bool,
}

/// Ausgangslage: key figures, the Digitalisierungs-Check, OZG services, SWOT, existing offers.
#[derive(Debug, Clone, Serialize)]
pub struct SituationChapter {
    pub key_figures: Vec<[String; 2]>,
    pub check: CheckData,
    pub ozg: Vec<[String; 3]>,
    pub swot: SwotData,
    /// Digital offers the municipality already has (Baustein 2): title, description, since.
    pub digital_offers: Vec<[String; 3]>,
}

/// Prozess und Beteiligung: events, participants, the timeline, the trace of ideas.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipationChapter {
    pub participation: Vec<EventData>,
    pub participants_total: String,
    /// "Insgesamt 120 Teilnehmende in 4 Veranstaltungen." – or says what was not counted.
    pub participation_summary: String,
    pub timeline_alt: String,
    /// The timeline's printed width in percent of the text width (`charts::gantt_print_share`).
    pub timeline_share: u32,
    /// Whether any timeline entry has a date: without one the chart would be an empty axis.
    pub timeline_drawn: bool,
    /// Timeline entries without a date, by title: the chart cannot place them, so the text names them.
    pub timeline_undated: Vec<String>,
    /// The trace from the room to the measure: idea, where it came from, votes, what became of it.
    pub ideas: Vec<[String; 4]>,
    /// Whether any idea has votes: without any, no column of zeros („0 Stimmen“ read as voted
    /// down where nobody voted).
    pub ideas_voted: bool,
    /// The dot votes of the events on Lebensbereiche and measures: event, kind, item, dots
    /// (counted by hand or from the room's phones); events in their order, most dots first.
    pub dot_votes: Vec<[String; 4]>,
}

/// Lebensbereiche with their measures, and the Querschnitt measures.
#[derive(Debug, Clone, Serialize)]
pub struct AreasChapter {
    pub areas: Vec<AreaData>,
    pub cross_cutting: Vec<MeasureData>,
}

/// Umsetzungsplan: priorities, budget, roadmap and portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct PlanChapter {
    pub priorities: Vec<PriorityGroup>,
    pub budget: Vec<BudgetRow>,
    pub budget_total: BudgetRow,
    /// Whether the budget table needs the column of amounts planned per year.
    pub budget_has_planned: bool,
    /// Sentences on what the budget does not contain (open estimates, costs without period).
    pub budget_notes: Vec<String>,
    pub budget_alt: String,
    /// Funding and own share of the whole programme (profile), empty when not entered.
    pub programme_funding: Vec<[String; 2]>,
    pub roadmap_alt: String,
    /// The roadmap in parts no higher than [`ROADMAP_HEIGHT_PER_WIDTH`] allows
    /// (`chart-roadmap-1.svg` …), each on one printed page; `chart-roadmap.svg` stays the whole
    /// roadmap.
    pub roadmap_parts: Vec<ChartPart>,
    pub portfolio_alt: String,
    /// Whether any measure is assessed by effort and benefit (else no empty matrix is drawn).
    pub portfolio_drawn: bool,
    /// The numbers in the portfolio's dots and the measure each stands for ("3", "M-01-02 Titel").
    pub portfolio_legend: Vec<[String; 2]>,
    /// „In vollen Feldern …“: how many assessed measures a full cell of the portfolio shows only
    /// in its „+N“ (no dot, no number); empty when every one has its dot.
    pub portfolio_counted: String,
    /// Measures not yet assessed by effort and benefit.
    pub not_assessed: MeasureNames,
    /// Measures without start and end (not in the roadmap).
    pub without_period: MeasureNames,
    /// Measures with no priority yet (in none of the priority groups).
    pub without_priority: MeasureNames,
    /// What the list of `without_priority` is called. When the same measures lack both a
    /// priority and an assessment, one list says both and `not_assessed` is empty: a half-filled
    /// project printed its measures twice in a row under two headings.
    pub without_priority_label: String,
}

/// Measures a chapter names as still open: a few with number and title as a list, many by
/// their numbers in one paragraph (the tables and Steckbriefe give the titles) – 42 titles as
/// a list took a page and a half of the Worms report.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureNames {
    pub count: usize,
    /// "M-01-02 Titel" each, when there are at most [`MeasureNames::LISTED`].
    pub listed: Vec<String>,
    /// "M-00-01, M-00-02, …" when there are more; else empty.
    pub numbers: String,
}

impl MeasureNames {
    /// Up to this many measures are listed with their titles.
    pub const LISTED: usize = 6;

    fn of<'a>(measures: impl Iterator<Item = &'a Measure>) -> MeasureNames {
        let measures: Vec<&Measure> = measures.collect();
        if measures.len() <= Self::LISTED {
            MeasureNames {
                count: measures.len(),
                listed: measures
                    .iter()
                    .map(|m| format!("{} {}", m.number, m.title))
                    .collect(),
                numbers: String::new(),
            }
        } else {
            let numbers: Vec<&str> = measures.iter().map(|m| m.number.as_str()).collect();
            MeasureNames {
                count: measures.len(),
                listed: Vec::new(),
                numbers: format!("{}.", numbers.join(", ")),
            }
        }
    }
}

/// Organisation und Steuerung, Monitoring: steering group, partners, indicators.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationChapter {
    pub steering: Vec<[String; 3]>,
    /// Stakeholders marked public who are not in the steering group: role, organisation.
    pub partners: Vec<[String; 2]>,
    pub kpis: Vec<[String; 3]>,
}

/// Anhang: the Steckbriefe, the questionnaire, the glossary.
#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    pub measures: Vec<MeasureData>,
    pub questionnaire: Vec<QuestionnaireDimension>,
    /// Whether any answer has a note: without any, the questionnaire has no empty „Notiz“ column
    /// (it took a third of the page's width).
    pub questionnaire_notes: bool,
    pub glossary: Vec<[String; 2]>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    pub name: String,
    pub kind: String,
    pub district: String,
    /// The cover's first line: kind and name (`Profile::full_name`) and the district.
    pub cover_line: String,
    pub facts: Vec<[String; 2]>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionData {
    pub key: String,
    /// The printed chapter number (`model::chapter_numbers`); none for Vorwort, Zusammenfassung,
    /// Anhang.
    pub number: Option<u32>,
    pub title: String,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalData {
    pub title: String,
    pub description: String,
    pub indicator: String,
    pub target: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckData {
    pub overall_ist: String,
    pub overall_soll: String,
    pub answered: usize,
    pub items: usize,
    pub dimensions: Vec<[String; 5]>,
    pub radar_alt: String,
    pub gaps: Vec<[String; 4]>,
    pub security_stage: String,
    /// The check's result as sentences, the figures marked bold; worded after what is known
    /// („Reifegrad heute: 42 von 100 …“, or that no question is answered yet).
    pub summary: Vec<TextRun>,
}

/// A piece of a printed sentence, bold or not (the PDF and the Word export set it alike).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextRun {
    pub text: String,
    pub bold: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SwotData {
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub opportunities: Vec<String>,
    pub threats: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventData {
    pub title: String,
    pub date: String,
    pub participants: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaData {
    pub code: String,
    pub title: String,
    pub description: String,
    pub situation: Vec<String>,
    pub vision: String,
    pub rationale: String,
    pub measures: Vec<MeasureData>,
    /// Sum of the area's cost estimates as a sentence, saying how many are still open.
    pub costs: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureData {
    pub number: String,
    pub title: String,
    pub area: String,
    pub description: String,
    pub goal: String,
    pub lead: String,
    pub parties: String,
    pub priority: String,
    pub effort: String,
    pub benefit: String,
    pub period: String,
    /// One-off costs, "noch offen" when not estimated.
    pub cost_once: String,
    pub cost_yearly: String,
    /// All cost figures of the Steckbrief in one line ("noch offen" when none).
    pub costs: String,
    pub cost_once_cents: Option<i64>,
    pub funding: String,
    pub kpis: Vec<String>,
    pub status: String,
    pub dependencies: String,
    pub quick_win: bool,
    /// Priority score 0–100, or "noch nicht bewertet".
    pub score: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityGroup {
    pub label: String,
    pub meaning: String,
    pub measures: Vec<[String; 3]>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    pub year: String,
    pub once: String,
    pub yearly: String,
    pub planned: String,
    pub total: String,
    pub funding: String,
    pub own: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionnaireDimension {
    pub title: String,
    pub items: Vec<[String; 5]>,
}

/// The charts that go into the report as virtual SVG files.
/// How high a roadmap figure may be per unit of its width: printed at the text width of an A4
/// page (16.4 cm) it is at most 22.1 cm high and fits one page with its heading and caption.
/// Rows count by their lines: long titles wrap, and 45 two-line rows ran off the page.
pub const ROADMAP_HEIGHT_PER_WIDTH: f64 = 1.35;

/// One of several figures of a chart: its file in the template folder and its alt text.
#[derive(Debug, Clone, Serialize)]
pub struct ChartPart {
    pub file: String,
    pub alt: String,
    /// Its printed width in percent of the text width (`charts::gantt_print_share`).
    pub share: u32,
}

pub struct ReportCharts {
    pub radar: Chart,
    pub timeline: Chart,
    pub roadmap: Chart,
    pub roadmap_parts: Vec<Chart>,
    pub portfolio: Chart,
    pub budget: Chart,
    /// The cover logo as it goes into the template folder: format and bytes.
    pub logo: Option<(ImageFormat, Vec<u8>)>,
}

fn date_text(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// „Reifegrad heute: **42 von 100**; Ziel in zwei bis drei Jahren: **68 von 100**. Beantwortet
/// wurden 60 von 64 Fragen.“ and the security stage – each part said as far as it is known.
fn check_summary(scores: &CheckScores, security_stage: Option<u8>) -> Vec<TextRun> {
    let plain = |t: &str| TextRun {
        text: t.to_string(),
        bold: false,
    };
    let bold = |t: String| TextRun {
        text: t,
        bold: true,
    };
    let mut runs = Vec::new();
    if scores.answered == 0 {
        runs.push(plain(&format!(
            "Noch keine der {} ist beantwortet; Reifegrad und Ziel stehen deshalb noch nicht fest. ",
            count_of(scores.items, "Frage", "Fragen")
        )));
    } else {
        // When IST and SOLL rest on different answers, each names its own: a SOLL of two
        // questions beside an IST of seven is no target for the municipality.
        let base = |n: usize| {
            if scores.same_base() {
                String::new()
            } else {
                format!(" (aus {})", count_of(n, "Frage", "Fragen"))
            }
        };
        match scores.overall_ist {
            Some(ist) => {
                runs.push(plain("Reifegrad heute: "));
                runs.push(bold(format!("{} von 100", format_decimal(ist, 0))));
                runs.push(plain(&base(scores.ist_count)));
            }
            None => runs.push(plain("Reifegrad heute: noch nicht eingeschätzt")),
        }
        match scores.overall_soll {
            Some(soll) => {
                runs.push(plain("; Ziel in zwei bis drei Jahren: "));
                runs.push(bold(format!("{} von 100", format_decimal(soll, 0))));
                runs.push(plain(&base(scores.soll_count)));
            }
            None => runs.push(plain(
                "; Ziel in zwei bis drei Jahren: noch nicht eingeschätzt",
            )),
        }
        runs.push(plain(&format!(
            ". Beantwortet wurden {} von {} Fragen. ",
            scores.answered, scores.items
        )));
    }
    runs.push(plain(&match security_stage {
        Some(stage) => format!("Informationssicherheit: Stufe {stage} des Stufenplans."),
        None => "Die Stufe der Informationssicherheit im Stufenplan ist nicht erhoben.".to_string(),
    }));
    runs
}

/// A dimension's IST and SOLL in a sentence, as far as they are known.
fn dimension_situation(ist: Option<f64>, soll: Option<f64>) -> String {
    match (ist, soll) {
        (None, None) => "noch nicht erhoben".to_string(),
        (Some(i), Some(s)) => format!(
            "IST {} von 100, SOLL {}",
            format_decimal(i, 0),
            format_decimal(s, 0)
        ),
        (Some(i), None) => format!(
            "IST {} von 100, SOLL noch nicht eingeschätzt",
            format_decimal(i, 0)
        ),
        (None, Some(s)) => format!(
            "IST noch nicht eingeschätzt, SOLL {} von 100",
            format_decimal(s, 0)
        ),
    }
}

fn score(v: Option<f64>) -> String {
    v.map(|v| format_decimal(v, 0))
        .unwrap_or_else(|| "–".into())
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "–".into()
    } else {
        s.to_string()
    }
}

fn period(m: &Measure) -> String {
    period_label(m.start_quarter.as_deref(), m.end_quarter.as_deref())
}

/// An amount, or "noch offen" when it was not estimated.
fn euro_or_open(cents: Option<i64>) -> String {
    cents
        .map(format_euro)
        .unwrap_or_else(|| "noch offen".into())
}

/// All cost figures of a measure in one line.
fn costs_text(m: &Measure) -> String {
    if !m.cost_by_year.is_empty() {
        let mut years = m.cost_by_year.clone();
        years.sort_by_key(|a| a.year);
        return years
            .iter()
            .map(|a| format!("{}: {}", a.year, format_euro(a.cents)))
            .collect::<Vec<_>>()
            .join(" · ");
    }
    match (m.cost_once_cents, m.cost_yearly_cents) {
        (None, None) => "noch offen".into(),
        // „laufend 5.000 € pro Jahr“, but „laufend noch offen“ (not „noch offen pro Jahr“).
        (once, yearly) => format!(
            "einmalig {} · laufend {}",
            euro_or_open(once),
            yearly
                .map(|c| format!("{} pro Jahr", format_euro(c)))
                .unwrap_or_else(|| euro_or_open(None))
        ),
    }
}

/// "Kosten der Maßnahmen im Lebensbereich: 80.000 € für 3 von 5 Maßnahmen; für 2 weitere liegt noch keine Kostenschätzung vor."
fn area_costs(measures: &[Measure]) -> Result<String> {
    let b = budget(measures)?;
    let estimated = measures.len().saturating_sub(b.without_estimate as usize);
    if estimated == 0 {
        return Ok("Kosten der Maßnahmen im Lebensbereich: noch offen.".into());
    }
    let mut text = format!(
        "Kosten der Maßnahmen im Lebensbereich: {}",
        format_euro(b.estimated_total()?)
    );
    // „560.000 € (davon 7 Maßnahmen ohne Kostenschätzung)“ read as if the 7 were part of the sum.
    if b.without_estimate > 0 {
        text.push_str(&format!(
            " für {} von {}; für {} liegt noch keine Kostenschätzung vor",
            estimated,
            count_of(measures.len(), "Maßnahme", "Maßnahmen"),
            count_of(b.without_estimate as usize, "weitere", "weitere")
        ));
    }
    text.push('.');
    Ok(text)
}

fn level_text(v: Option<u8>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
}

/// The report's data and charts from the project's rows: the measures in natural number order,
/// then one builder per chapter.
pub fn build(input: ReportInput) -> Result<(ReportData, ReportCharts)> {
    let mut measures = input.measures.clone();
    measures.sort_by_cached_key(|m| m.number_key());
    let scores = check_scores(&input.dimensions, &input.items, &input.answers);
    let plan = budget(&measures)?;
    let charts = ReportCharts {
        radar: charts::radar(&scores.dimensions),
        timeline: charts::timeline(&input.timeline),
        roadmap: charts::roadmap(&measures),
        roadmap_parts: charts::roadmap_parts(&measures, ROADMAP_HEIGHT_PER_WIDTH),
        portfolio: charts::portfolio(&measures),
        budget: charts::budget(&plan.years),
        logo: input.logo.clone(),
    };
    let numbers: HashMap<Uuid, &str> = input
        .measures
        .iter()
        .map(|m| (m.id, m.number.as_str()))
        .collect();
    let steckbrief = |m: &Measure| measure_data(m, &input.areas, &numbers);
    let municipality = municipality(&input.profile);
    let situation = situation(&input, &scores, &charts, &municipality.facts);
    let data = ReportData {
        cover: cover(&input)?,
        municipality,
        sections: sections(&input),
        goals: goals(&input.goals),
        situation,
        participation: participation(&input, &charts),
        life_areas: life_areas(&input, &measures, &scores, &steckbrief)?,
        plan: plan_chapter(&input.profile, &measures, &plan, &charts)?,
        organisation: organisation(&input, &measures),
        annex: annex(&input, &measures, &steckbrief),
    };
    Ok((data, charts))
}

/// One measure's Steckbrief as printed; `numbers` names the measures it depends on.
fn measure_data(m: &Measure, areas: &[LifeArea], numbers: &HashMap<Uuid, &str>) -> MeasureData {
    MeasureData {
        number: m.number.clone(),
        title: m.title.clone(),
        // Printed with the Querschnitt measures, but not called Querschnitt unless it is:
        // the Steckbrief says what the consultant chose (see `LifeArea::holds`).
        area: match m
            .life_area_id
            .and_then(|id| areas.iter().find(|a| a.id == id))
        {
            None => "noch keinem zugeordnet".into(),
            Some(a) if !a.selected && !a.is_cross_cutting() => {
                format!("{} (nicht ausgewählt)", a.title)
            }
            Some(a) => a.title.clone(),
        },
        description: or_dash(&m.description),
        goal: or_dash(&m.goal),
        lead: or_dash(&m.lead),
        parties: or_dash(&m.parties),
        priority: m
            .priority
            .map(|p| p.label().to_string())
            .unwrap_or_else(|| "–".into()),
        effort: level_text(m.effort),
        benefit: level_text(m.benefit),
        period: period(m),
        cost_once: if m.cost_by_year.is_empty() {
            euro_or_open(m.cost_once_cents)
        } else {
            "je Jahr geplant".into()
        },
        cost_yearly: euro_or_open(m.cost_yearly_cents),
        costs: costs_text(m),
        cost_once_cents: m.cost_once_cents,
        funding: funding_text(m),
        kpis: kpi_lines(m).map(String::from).collect(),
        status: m.status.label().to_string(),
        dependencies: m
            .dependencies
            .iter()
            .filter_map(|d| numbers.get(d).map(|n| n.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        quick_win: m.quick_win,
        score: measure_priority_score(m)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "noch nicht bewertet".into()),
    }
}

/// The Steckbrief's „Finanzierung“: a Förderquote of 0 % is own funds, not unknown („–“ said
/// both), and a measure with costs but no quote says that the quote is still open.
fn funding_text(m: &Measure) -> String {
    let programme = m.funding_programme.trim();
    match (programme.is_empty(), m.funding_rate) {
        (true, Some(0)) => "Eigenmittel (Förderquote 0 %)".into(),
        (true, Some(r)) => format!("Förderprogramm noch offen ({r} %)"),
        (false, Some(r)) => format!("{programme} ({r} %)"),
        (false, None) => format!("{programme} (Förderquote noch offen)"),
        (true, None) if m.has_cost_estimate() => "Förderquote noch offen".into(),
        (true, None) => "–".into(),
    }
}

/// The non-empty lines of a measure's indicators.
fn kpi_lines(m: &Measure) -> impl Iterator<Item = &str> {
    m.kpis.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// A warning when the settings date the cover after the caller's today: a draft handed out in
/// December must not pass for the state of next summer. A deliberate date (the council's
/// session next week) is kept; the warning only says so.
pub fn cover_date_note(input: &ReportInput) -> Option<String> {
    let (stand, today) = input.settings.date.zip(input.date)?;
    let days = stand.signed_duration_since(today).num_days();
    (days > 0).then(|| {
        format!(
            "Das Deckblatt nennt den {} als Stand (Berichtseinstellungen) – {} nach heute. \
             Soll der Bericht den Stand von heute tragen, dort das Datum leeren.",
            stand.format("%d.%m.%Y"),
            if days == 1 {
                "einen Tag".to_string()
            } else {
                format!("{days} Tage")
            }
        )
    })
}

/// The title page. Its date is the settings' date, else the caller's; the core reads no clock.
fn cover(input: &ReportInput) -> Result<Cover> {
    let s = &input.settings;
    let date = s.date.or(input.date).ok_or_else(|| {
        crate::error::Error::invalid(
            "Der Bericht braucht ein Datum: bitte in den Berichtseinstellungen (Baustein 5) ein \
             Datum eintragen.",
        )
    })?;
    Ok(Cover {
        logo: input
            .logo
            .as_ref()
            .map(|(format, _)| format!("logo.{}", format.extension())),
        title: or_dash(&s.title),
        subtitle: if repeats_cover_line(&s.subtitle, &input.profile) {
            String::new()
        } else {
            s.subtitle.clone()
        },
        version: input
            .version_label
            .clone()
            .unwrap_or_else(|| s.version_label.clone()),
        date: date_text(date),
        date_parts: [date.year(), date.month() as i32, date.day() as i32],
        author: s.author.clone(),
        watermark: input.watermark.unwrap_or(s.watermark),
    })
}

/// Whether a subtitle only repeats what the cover prints anyway: the municipality's name, or
/// its kind, name and district („Stadt Musterstadt – Landkreis Mustertal“). Files made before
/// the default subtitle was left empty carry the name there.
fn repeats_cover_line(subtitle: &str, p: &Profile) -> bool {
    let letters = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let subtitle = letters(subtitle);
    let name = letters(&p.name);
    subtitle.is_empty()
        || subtitle == name
        || subtitle == letters(&format!("{} {}", p.full_name(), p.district))
        || subtitle == letters(&p.full_name())
}

fn municipality(p: &Profile) -> Municipality {
    let kind = p.kind.label();
    let mut facts = vec![["Art".to_string(), kind.to_string()]];
    if !p.district.is_empty() {
        facts.push([p.kind.district_label().into(), p.district.clone()]);
    }
    if let Some(pop) = p.population {
        facts.push(["Einwohnerinnen und Einwohner".into(), format_thousands(pop)]);
    }
    if let Some(a) = p.area_km2 {
        facts.push(["Fläche".into(), format!("{} km²", format_decimal(a, 1))]);
    }
    if !p.ags.is_empty() {
        facts.push(["Amtlicher Gemeindeschlüssel".into(), p.ags.clone()]);
    }
    if let Some(start) = p.start_date {
        facts.push(["Projektbeginn".into(), date_text(start)]);
    }
    if !p.funding_programme.is_empty() {
        let amount = p.funding_amount_cents.map(format_euro).unwrap_or_default();
        facts.push([
            "Förderung".into(),
            format!("{} {amount}", p.funding_programme)
                .trim()
                .to_string(),
        ]);
    }
    let mut cover_line = p.full_name();
    if !p.district.trim().is_empty() {
        cover_line.push_str(&format!(" · {}", p.district.trim()));
    }
    Municipality {
        name: p.name.clone(),
        kind: kind.into(),
        district: p.district.clone(),
        cover_line,
        facts,
    }
}

/// The included text sections in order, their `{placeholders}` filled.
fn sections(input: &ReportInput) -> Vec<SectionData> {
    let mut sections: Vec<Section> = input
        .sections
        .iter()
        .filter(|s| s.included)
        .cloned()
        .collect();
    sections.sort_by_key(|s| s.order);
    sections
        .iter()
        .zip(chapter_numbers(&sections))
        .map(|(s, number)| SectionData {
            key: s.key.clone(),
            number,
            title: s.title.clone(),
            paragraphs: paragraphs(&fill(&s.body, &input.placeholders)),
        })
        .collect()
}

fn goals(goals: &[Goal]) -> Vec<GoalData> {
    goals
        .iter()
        .map(|g| GoalData {
            title: g.title.clone(),
            description: g.description.clone(),
            indicator: or_dash(&g.indicator),
            target: or_dash(&g.target_value),
        })
        .collect()
}

/// The check's key figures as printed after the profile's `facts`. The check asks for the
/// population and the area again: a figure the profile already prints with the same number is
/// left out, and one whose number differs names the profile's beside it, so the report never
/// shows two numbers for one thing without saying so.
fn key_figures(figures: &[KeyFigure], facts: &[[String; 2]]) -> Vec<[String; 2]> {
    // "12180" and "12.180", "38,6km²" and "38,6 km²" are the same number.
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}' | '\u{202f}'))
            .collect()
    };
    figures
        .iter()
        .filter(|k| !k.value.trim().is_empty())
        .filter_map(|k| {
            let value = format!("{} {}", k.value, k.unit).trim().to_string();
            match facts.iter().find(|[label, _]| *label == k.label) {
                Some([_, fact]) if plain(fact) == plain(&value) => None,
                Some([_, fact]) => Some([
                    k.label.clone(),
                    format!("{value} (im Profil der Kommune: {fact})"),
                ]),
                None => Some([k.label.clone(), value]),
            }
        })
        .collect()
}

fn situation(
    input: &ReportInput,
    scores: &CheckScores,
    charts: &ReportCharts,
    facts: &[[String; 2]],
) -> SituationChapter {
    let swot_of = |q: SwotQuadrant| {
        input
            .swot
            .iter()
            .filter(|e| e.quadrant == q)
            .map(|e| e.text.clone())
            .collect::<Vec<_>>()
    };
    SituationChapter {
        key_figures: key_figures(&input.key_figures, facts),
        check: CheckData {
            overall_ist: score(scores.overall_ist),
            overall_soll: score(scores.overall_soll),
            answered: scores.answered,
            items: scores.items,
            dimensions: scores
                .dimensions
                .iter()
                .map(|d| {
                    [
                        d.key.clone(),
                        d.title.clone(),
                        score(d.ist),
                        score(d.soll),
                        format!("{}/{}", d.answered, d.items),
                    ]
                })
                .collect(),
            radar_alt: charts.radar.alt.clone(),
            gaps: gaps(&input.items, &input.answers)
                .iter()
                .take(10)
                .map(|g| {
                    [
                        g.key.clone(),
                        g.question.clone(),
                        format!("{} → {}", g.ist, g.soll),
                        g.priority
                            .map(|p| p.label().to_string())
                            .unwrap_or_else(|| "–".into()),
                    ]
                })
                .collect(),
            security_stage: input
                .profile
                .security_stage
                .map(|s| format!("Stufe {s}"))
                .unwrap_or_else(|| "nicht erhoben".into()),
            summary: check_summary(scores, input.profile.security_stage),
        },
        ozg: input
            .ozg
            .iter()
            .map(|s| [s.name.clone(), s.category.clone(), level_text(s.maturity)])
            .collect(),
        swot: SwotData {
            strengths: swot_of(SwotQuadrant::Strength),
            weaknesses: swot_of(SwotQuadrant::Weakness),
            opportunities: swot_of(SwotQuadrant::Opportunity),
            threats: swot_of(SwotQuadrant::Threat),
        },
        digital_offers: input
            .digital_offers
            .iter()
            .map(|o| {
                [
                    o.title.clone(),
                    o.description.clone(),
                    o.since_year
                        .map(|y| format!("seit {y}"))
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

fn participation(input: &ReportInput, charts: &ReportCharts) -> ParticipationChapter {
    let mut events = input.events.clone();
    events.sort_by_key(Event::date_order);
    let participants: i64 = events
        .iter()
        .filter_map(|e| e.participants)
        .map(i64::from)
        .sum();
    let event_title: HashMap<Uuid, &str> = input
        .events
        .iter()
        .map(|e| (e.id, e.title.as_str()))
        .collect();
    let number_by_id: HashMap<Uuid, &str> = input
        .measures
        .iter()
        .map(|m| (m.id, m.number.as_str()))
        .collect();
    let mut ideas: Vec<&Idea> = input.ideas.iter().collect();
    ideas.sort_by(|a, b| b.votes.cmp(&a.votes).then_with(|| a.text.cmp(&b.text)));
    let dot_votes = dot_votes(input, &events);
    ParticipationChapter {
        dot_votes,
        ideas_voted: input.ideas.iter().any(|i| i.votes > 0),
        participation: events
            .iter()
            .map(|e| EventData {
                title: e.title.clone(),
                date: e.date.map(EventDate::label).unwrap_or_else(|| "–".into()),
                participants: e
                    .participants
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "–".into()),
            })
            .collect(),
        participants_total: format_thousands(participants),
        participation_summary: if events.is_empty() {
            String::new()
        } else {
            participation_sentence("Die Beteiligung", &events)
        },
        timeline_alt: charts.timeline.alt.clone(),
        timeline_share: charts::gantt_print_share(&charts.timeline),
        timeline_drawn: input.timeline.iter().any(|t| t.start.is_some()),
        timeline_undated: input
            .timeline
            .iter()
            .filter(|t| t.start.is_none())
            .map(|t| t.title.clone())
            .collect(),
        ideas: ideas
            .iter()
            .map(|i| {
                let outcome = match (i.status, i.measure_id.and_then(|m| number_by_id.get(&m))) {
                    (_, Some(number)) => format!("übernommen in {number}"),
                    (IdeaStatus::Neu, None) => "noch nicht geprüft".to_string(),
                    (IdeaStatus::Geprueft, None) => "geprüft".to_string(),
                    (IdeaStatus::Uebernommen, None) => "übernommen".to_string(),
                    (IdeaStatus::Zusammengefasst, None) => {
                        "mit anderen zusammengefasst".to_string()
                    }
                    (IdeaStatus::Verworfen, None) => "nicht weiterverfolgt".to_string(),
                };
                [
                    i.text.clone(),
                    i.event_id
                        .and_then(|e| event_title.get(&e))
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| "–".into()),
                    i.votes.to_string(),
                    outcome,
                ]
            })
            .collect(),
    }
}

/// The rows of the „Punktabfragen“ table: per event (in date order) the areas, then the
/// measures, most dots first; rows of removed areas, measures or events are left out.
fn dot_votes(input: &ReportInput, events: &[Event]) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for event in events {
        let mut of_event: Vec<(u8, u32, String)> = Vec::new();
        for v in input
            .area_votes
            .iter()
            .filter(|v| v.event_id == event.id && v.votes > 0)
        {
            if let Some(a) = input.areas.iter().find(|a| a.id == v.life_area_id) {
                of_event.push((0, v.votes, a.title.clone()));
            }
        }
        for v in input
            .measure_votes
            .iter()
            .filter(|v| v.event_id == event.id && v.votes > 0)
        {
            if let Some(m) = input.measures.iter().find(|m| m.id == v.measure_id) {
                of_event.push((1, v.votes, format!("{} {}", m.number, m.title)));
            }
        }
        of_event.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        for (kind, votes, label) in of_event {
            rows.push([
                event.title.clone(),
                if kind == 0 {
                    "Lebensbereich"
                } else {
                    "Maßnahme"
                }
                .to_string(),
                label,
                votes.to_string(),
            ]);
        }
    }
    rows
}

/// The selected life areas (Querschnitt aside) with their measures ([`LifeArea::holds`]),
/// and the Querschnitt measures.
fn life_areas(
    input: &ReportInput,
    measures: &[Measure],
    scores: &CheckScores,
    steckbrief: &dyn Fn(&Measure) -> MeasureData,
) -> Result<AreasChapter> {
    let mut areas: Vec<&LifeArea> = input
        .areas
        .iter()
        .filter(|a| a.selected && !a.is_cross_cutting())
        .collect();
    areas.sort_by_key(|a| a.order);
    let areas = areas
        .iter()
        .map(|a| {
            let area_measures: Vec<Measure> = measures
                .iter()
                .filter(|m| a.holds(m, &input.areas))
                .cloned()
                .collect();
            let situation = scores
                .dimensions
                .iter()
                .filter(|d| a.dimension_keys.contains(&d.key))
                .map(|d| {
                    format!(
                        "{} {}: {}",
                        d.key,
                        d.title,
                        dimension_situation(d.ist, d.soll)
                    )
                })
                .collect();
            Ok(AreaData {
                code: a.code.clone(),
                title: a.title.clone(),
                description: a.description.clone(),
                situation,
                // A dash under the heading „Zielbild“ read as a misprint: said in words.
                vision: if a.vision.trim().is_empty() {
                    "Das Zielbild ist noch nicht formuliert.".into()
                } else {
                    a.vision.clone()
                },
                rationale: or_dash(&a.rationale),
                costs: area_costs(&area_measures)?,
                measures: area_measures.iter().map(steckbrief).collect(),
            })
        })
        .collect::<Result<_>>()?;
    Ok(AreasChapter {
        areas,
        cross_cutting: measures
            .iter()
            .filter(|m| home_area(m.life_area_id, &input.areas).is_none())
            .map(steckbrief)
            .collect(),
    })
}

fn plan_chapter(
    p: &Profile,
    measures: &[Measure],
    plan: &Budget,
    charts: &ReportCharts,
) -> Result<PlanChapter> {
    let priorities = [
        (Priority::Hoch, "Beginn sofort"),
        (Priority::Mittel, "Beginn innerhalb von zwei Jahren"),
        (Priority::Niedrig, "Beginn innerhalb von vier Jahren"),
    ]
    .into_iter()
    .map(|(priority, meaning)| PriorityGroup {
        label: priority.label().into(),
        meaning: meaning.into(),
        measures: measures
            .iter()
            .filter(|m| m.priority == Some(priority))
            .map(|m| [m.number.clone(), m.title.clone(), period(m)])
            .collect(),
    })
    .collect();
    let row = |year: String, y: &YearBudget| -> Result<BudgetRow> {
        Ok(BudgetRow {
            year,
            once: format_euro(y.once_cents),
            yearly: format_euro(y.yearly_cents),
            planned: format_euro(y.planned_cents),
            total: format_euro(y.total_cents),
            funding: y.funding_label.clone(),
            own: y.own_share_label.clone(),
        })
    };
    let programme_funding = [
        (
            "Förderprogramm",
            (!p.funding_programme.trim().is_empty()).then(|| p.funding_programme.clone()),
        ),
        ("Fördersumme", p.funding_amount_cents.map(format_euro)),
        (
            "Eigenanteil der Kommune",
            p.own_share_cents.map(format_euro),
        ),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| [label.to_string(), v]))
    .collect();
    let listed =
        |keep: &dyn Fn(&Measure) -> bool| MeasureNames::of(measures.iter().filter(|m| keep(m)));
    let unassessed = |m: &Measure| m.effort.is_none() || m.benefit.is_none();
    let none_given = measures.iter().all(|m| m.priority.is_none());
    let open_alike = measures.iter().any(|m| m.priority.is_none())
        && measures
            .iter()
            .all(|m| m.priority.is_none() == unassessed(m));
    let without_priority_label = match (open_alike, none_given) {
        (true, _) => "Noch ohne Priorität und nicht nach Aufwand und Nutzen bewertet",
        (false, true) => "Noch ohne Priorität",
        (false, false) => "Noch ohne Priorität und daher in keiner der Gruppen",
    }
    .to_string();
    Ok(PlanChapter {
        priorities,
        budget: plan
            .years
            .iter()
            .map(|y| row(y.year.to_string(), y))
            .collect::<Result<_>>()?,
        budget_total: row("Summe".into(), &plan.total)?,
        budget_has_planned: plan.has_planned,
        budget_notes: plan.notes.clone(),
        budget_alt: charts.budget.alt.clone(),
        programme_funding,
        roadmap_alt: charts.roadmap.alt.clone(),
        roadmap_parts: charts
            .roadmap_parts
            .iter()
            .enumerate()
            .map(|(i, c)| ChartPart {
                file: format!("chart-roadmap-{}.svg", i.saturating_add(1)),
                alt: c.alt.clone(),
                share: charts::gantt_print_share(c),
            })
            .collect(),
        portfolio_alt: charts.portfolio.alt.clone(),
        portfolio_legend: charts
            .portfolio
            .points
            .iter()
            .map(|p| [p.number.to_string(), p.label.clone()])
            .collect(),
        portfolio_counted: {
            let assessed = measures.iter().filter(|m| !unassessed(m)).count();
            match assessed.saturating_sub(charts.portfolio.points.len()) {
                0 => String::new(),
                n => format!(
                    "In vollen Feldern stehen {} Maßnahmen nur als Anzahl („+N“), ohne eigenen Punkt; ihre Bewertung zeigen die Steckbriefe.",
                    format_thousands(i64::try_from(n).unwrap_or(i64::MAX))
                ),
            }
        },
        portfolio_drawn: measures.iter().any(|m| !unassessed(m)),
        not_assessed: listed(&|m| !open_alike && unassessed(m)),
        without_period: listed(&|m| m.start_quarter.is_none() && m.end_quarter.is_none()),
        without_priority: listed(&|m| m.priority.is_none()),
        without_priority_label,
    })
}

fn organisation(input: &ReportInput, measures: &[Measure]) -> OrganisationChapter {
    OrganisationChapter {
        steering: input
            .stakeholders
            .iter()
            .filter(|s| s.steering_group)
            .map(|s| {
                [
                    s.role.clone(),
                    s.organisation.clone(),
                    if s.public {
                        s.name.clone()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
        partners: input
            .stakeholders
            .iter()
            .filter(|s| s.public && !s.steering_group)
            .map(|s| [s.role.clone(), s.organisation.clone()])
            .collect(),
        kpis: measures
            .iter()
            .flat_map(|m| kpi_lines(m).map(|k| [m.number.clone(), m.title.clone(), k.to_string()]))
            .collect(),
    }
}

fn annex(
    input: &ReportInput,
    measures: &[Measure],
    steckbrief: &dyn Fn(&Measure) -> MeasureData,
) -> Annex {
    let by_item: HashMap<Uuid, &CheckAnswer> =
        input.answers.iter().map(|a| (a.item_id, a)).collect();
    let mut dimensions: Vec<&CheckDimension> =
        input.dimensions.iter().filter(|d| d.scored).collect();
    dimensions.sort_by_key(|d| d.order);
    let questionnaire: Vec<QuestionnaireDimension> = dimensions
        .iter()
        .map(|d| {
            let mut items: Vec<&CheckItem> = input
                .items
                .iter()
                .filter(|i| i.dimension_id == d.id)
                .collect();
            items.sort_by_key(|i| i.order);
            QuestionnaireDimension {
                title: format!("{} {}", d.key, d.title),
                items: items
                    .iter()
                    .map(|i| {
                        let a = by_item.get(&i.id);
                        let ist = match a {
                            Some(a) if a.ist_unknown => "k. A.".to_string(),
                            Some(a) => level_text(a.ist),
                            None => "–".into(),
                        };
                        [
                            i.key.clone(),
                            i.question.clone(),
                            ist,
                            level_text(a.and_then(|a| a.soll)),
                            a.map(|a| a.note.clone()).unwrap_or_default(),
                        ]
                    })
                    .collect(),
            }
        })
        .collect();
    let questionnaire_notes = questionnaire
        .iter()
        .flat_map(|d| &d.items)
        .any(|[.., note]| !note.trim().is_empty());
    Annex {
        measures: measures.iter().map(steckbrief).collect(),
        questionnaire,
        questionnaire_notes,
        // The check's entry names the project's own number of dimensions (a consultancy's
        // catalogue may have other than the built-in eight).
        glossary: GLOSSARY
            .iter()
            .map(|(t, d)| {
                let meaning = if *t == "Digitalisierungs-Check" {
                    format!(
                        "Bestandsaufnahme des digitalen Reifegrads in {} (Stufen 0 bis 5).",
                        count_of(dimensions.len(), "Dimension", "Dimensionen")
                    )
                } else {
                    d.to_string()
                };
                [t.to_string(), meaning]
            })
            .collect(),
    }
}

const GLOSSARY: &[(&str, &str)] = &[
    ("Baustein", "Einer der fünf Arbeitsschritte auf dem Weg zur Strategie."),
    ("Digitalisierungs-Check", "Bestandsaufnahme des digitalen Reifegrads (Stufen 0 bis 5)."),
    ("IST / SOLL", "Heutiger Stand und angestrebter Stand in zwei bis drei Jahren."),
    ("Lebensbereich", "Themenfeld des Lebens vor Ort, z. B. Mobilität oder Bildung."),
    ("Querschnittsmaßnahme", "Maßnahme, die allen Lebensbereichen dient, z. B. IT-Sicherheit."),
    ("Steckbrief", "Beschreibung einer Maßnahme mit Ziel, Federführung, Zeitraum, Kosten und Kennzahlen."),
    ("OZG", "Onlinezugangsgesetz: Verwaltungsleistungen sollen online angeboten werden."),
    ("Quick Win", "Maßnahme mit hohem Nutzen und geringem Aufwand, die sofort beginnen kann."),
    ("Stufenplan", "Stufenplan Mindestsicherheitsniveau des Landes für die Informationssicherheit in Kommunen."),
];
