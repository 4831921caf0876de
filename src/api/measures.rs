//! Commands of Baustein 4 – Entwicklung der Projekte und Maßnahmen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{change_label, check_deletable, save, save_in, Patch, Reply};
use crate::analysis::{self, Budget};
use crate::charts::{self, Chart};
use crate::error::{Error, Result};
use crate::import::{CellProblem, MappedColumn};
use crate::model::*;
use crate::store::{ProjectFile, Writer};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeasuresCommand {
    Get,
    SaveIdea(#[ts(as = "Idea")] Patch<Idea>),
    /// Creates a measure from an idea (title and area taken over) and marks the idea "übernommen".
    PromoteIdea {
        idea_id: Uuid,
    },
    /// Saves a measure; the number is assigned by the core when it is new or changes its area.
    SaveMeasure(#[ts(as = "Measure")] Patch<Measure>),
    /// Sets the dot-vote total of one measure at one event (counted dots typed in; 0 clears it).
    SetVotes {
        measure_id: Uuid,
        event_id: Uuid,
        votes: u32,
    },
    Delete {
        kind: EntityKind,
        id: Uuid,
    },
    /// Reads a measure list (XLSX, XLS, ODS or CSV) and says what importing it would do:
    /// the headers, the first rows, the mapping (suggested from the headers when none is
    /// given), and every cell that cannot be read. Writes nothing.
    ImportPreview {
        path: String,
        #[serde(default)]
        #[ts(optional)]
        mapping: Option<Vec<MappedColumn>>,
    },
    /// Imports the readable rows of the list as new measures, all in one change (one undo).
    Import {
        path: String,
        mapping: Vec<MappedColumn>,
        /// Leaves out the rows whose title a measure of the project already has
        /// (`ImportPreview::existing`): a list imported again, or its updated version.
        #[serde(default)]
        #[ts(optional)]
        skip_existing: Option<bool>,
    },
}

/// What importing a measure list would do.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    /// The workbook's sheet that is read: the first with a column for the title (`None` for CSV).
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// The first rows as the list shows them (at most [`PREVIEW_ROWS`]).
    pub sample: Vec<Vec<String>>,
    /// For each row of `sample`: whether it is one of the `headings` (shown across the table).
    pub sample_headings: Vec<bool>,
    /// For each cell of `sample`: how the Steckbrief will hold it when that reads differently
    /// („ca. 48.000 €“ → „48.000 €“, „k. A.“ → „unbekannt“); `null` otherwise.
    pub reading: Vec<Vec<Option<String>>>,
    pub mapping: Vec<MappedColumn>,
    /// Rows with content.
    pub rows: usize,
    /// Rows that would become measures.
    pub importable: usize,
    /// Rows read as headings of the list's parts, each with the area the measures below it get
    /// („Zeile 4: „Handlungsfeld 1: Verwaltung“ → LB01 Verwaltung & Bürgerservice“); not
    /// counted in `rows`.
    pub headings: Vec<String>,
    /// Area names in the list that no area of the project has (each once): the dialog's
    /// „… anlegen“ adds one as an area, and the preview is asked again.
    pub unknown_areas: Vec<String>,
    /// Titles of importable rows that a measure of the project already has (compared without
    /// case and extra spaces), in the list's order.
    pub existing: Vec<String>,
    pub problems: Vec<CellProblem>,
}

/// Rows of the list the preview shows.
pub const PREVIEW_ROWS: usize = 5;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MeasureView {
    pub measure: Measure,
    /// `None` until effort and benefit are assessed.
    pub priority_score: Option<u8>,
    pub complete: bool,
    /// German names of the Steckbrief fields still empty (`Measure::missing`).
    pub missing: Vec<String>,
    /// Title of the life area; empty when the measure has none (or its area was removed).
    /// Not „Querschnitt“: that is an area a measure is given, and the workbook and the Open
    /// Data package would say every unassigned measure serves all areas.
    pub life_area_title: String,
    /// The period in German: „Q2 2027 – 2028“, „ab 2026“, „ohne Zeitraum“.
    pub period: String,
    /// What the table sorts by cost: the amounts planned per year when given, else one-off plus
    /// one year of running costs; `None` when not estimated.
    #[ts(type = "number | null")]
    pub cost_cents: Option<i64>,
    /// The room's dots on this measure, all events together (dot votes on measures).
    pub votes: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MeasuresView {
    /// What a command that wrote rows adds to the view (the saved row's id, the change note).
    #[serde(flatten)]
    pub written: super::Written,
    pub ideas: Vec<Idea>,
    /// Sorted by number.
    pub measures: Vec<MeasureView>,
    pub life_areas: Vec<LifeArea>,
    pub budget: Budget,
    pub budget_chart: Chart,
    pub portfolio: Chart,
    pub roadmap: Chart,
    /// Sum of the one-off costs entered (measures without an estimate are counted in `budget`);
    /// `None` while no measure has one: „laufend 0 € pro Jahr“ read as „no running costs“.
    #[ts(type = "number | null")]
    pub total_once_cents: Option<i64>,
    /// Sum of the running costs per year entered; `None` while no measure has one.
    #[ts(type = "number | null")]
    pub total_yearly_cents: Option<i64>,
}

pub(super) fn handle(file: &mut ProjectFile, command: MeasuresCommand) -> Result<Reply> {
    let saved = match command {
        MeasuresCommand::Get => None,
        MeasuresCommand::SaveIdea(idea) => {
            let idea = idea.resolve(file)?;
            check_links(file, idea.life_area_id, idea.event_id)?;
            if let Some(m) = idea.measure_id {
                file.require::<Measure>(m)?;
            }
            Some(save(file, idea)?.id)
        }
        MeasuresCommand::PromoteIdea { idea_id } => {
            let idea = file.require::<Idea>(idea_id)?;
            if let Some(m) = idea
                .measure_id
                .filter(|m| file.get::<Measure>(*m).ok().flatten().is_some())
            {
                return Err(Error::invalid(format!(
                    "Die Idee wurde bereits in eine Maßnahme übernommen ({}).",
                    file.require::<Measure>(m)?.number
                )));
            }
            let measure = file.change("Idee in Maßnahme übernommen", |w| {
                let measure = put_measure(
                    w,
                    Measure {
                        title: idea.measure_title(),
                        description: idea.text.clone(),
                        life_area_id: idea.life_area_id,
                        ..Default::default()
                    },
                )?;
                w.put(Idea {
                    status: IdeaStatus::Uebernommen,
                    measure_id: Some(measure.id),
                    ..idea
                })?;
                Ok(measure.id)
            })?;
            Some(measure)
        }
        MeasuresCommand::SaveMeasure(measure) => {
            let mut measure = measure.resolve(file)?;
            measure.normalize_periods();
            check_links(file, measure.life_area_id, None)?;
            for dep in &measure.dependencies {
                file.require::<Measure>(*dep)?;
            }
            let label = change_label(EntityKind::Measure, measure.id.is_nil());
            Some(file.change(&label, |w| put_measure(w, measure))?.id)
        }
        MeasuresCommand::ImportPreview { path, mapping } => {
            return Ok(Reply::MeasureImport(import_preview(file, &path, mapping)?));
        }
        MeasuresCommand::Import {
            path,
            mapping,
            skip_existing,
        } => {
            let table = crate::import::read_table(std::path::Path::new(&path))?;
            let mut plan = crate::import::plan(&table, &mapping, &file.list::<LifeArea>()?)?;
            if skip_existing == Some(true) {
                let known = known_titles(file)?;
                plan.measures
                    .retain(|(_, m)| !known.contains(&title_key(&m.title)));
                if plan.measures.is_empty() {
                    return Err(Error::invalid(
                        "Jede lesbare Zeile trägt den Titel einer vorhandenen Maßnahme; es gibt nichts Neues zu übernehmen.",
                    ));
                }
            }
            if plan.measures.is_empty() {
                return Err(Error::invalid(
                    "Keine Zeile der Liste lässt sich als Maßnahme übernehmen; die Vorschau nennt die Gründe.",
                ));
            }
            let label = format!(
                "{} importiert",
                crate::analysis::count_of(plan.measures.len(), "Maßnahme", "Maßnahmen")
            );
            file.change(&label, |w| {
                for (_, m) in plan.measures {
                    put_measure(w, m)?;
                }
                Ok(())
            })?;
            None
        }
        MeasuresCommand::SetVotes {
            measure_id,
            event_id,
            votes,
        } => {
            file.require::<Measure>(measure_id)?;
            file.require::<Event>(event_id)?;
            let vote = MeasureVote {
                id: derived_id(&[measure_id, event_id]),
                measure_id,
                event_id,
                votes,
            };
            Some(file.change("Stimmen eingetragen", |w| w.put(vote))?.id)
        }
        MeasuresCommand::Delete { kind, id } => {
            check_deletable(kind, 4)?;
            file.change(&format!("{} gelöscht", kind.label()), |w| {
                if kind == EntityKind::Measure {
                    delete_measure(w, id)
                } else {
                    w.delete(kind, id)
                }
            })?;
            None
        }
    };
    Ok(Reply::Measures(MeasuresView {
        written: super::Written::saved(saved),
        ..view(file)?
    }))
}

fn import_preview(
    file: &ProjectFile,
    path: &str,
    mapping: Option<Vec<MappedColumn>>,
) -> Result<ImportPreview> {
    let table = crate::import::read_table(std::path::Path::new(path))?;
    let mapping = mapping.unwrap_or_else(|| crate::import::suggest(&table.headers));
    let areas = file.list::<LifeArea>()?;
    let first_rows = || table.rows.iter().take(PREVIEW_ROWS).map(|(_, r)| r);
    let first_rows_numbered = || table.rows.iter().take(PREVIEW_ROWS).map(|(n, _)| *n);
    let sample = first_rows()
        .map(|r| r.iter().map(crate::import::Cell::shown).collect())
        .collect();
    let units = crate::import::column_units(&table, &mapping);
    let mut reading: Vec<Vec<Option<String>>> = first_rows()
        .map(|r| {
            (0u32..)
                .take(table.headers.len())
                .map(|column| {
                    let (m, unit) = mapping
                        .iter()
                        .zip(&units)
                        .find(|(m, _)| m.column == column)?;
                    let cell = r
                        .get(column as usize)
                        .unwrap_or(&crate::import::Cell::Empty);
                    crate::import::reading(m.field, cell, &areas, *unit)
                })
                .collect()
        })
        .collect();
    // Without a title column nothing can be planned yet: the preview still shows the list.
    let plan = if mapping
        .iter()
        .any(|m| m.field == crate::import::ImportField::Title)
    {
        crate::import::plan(&table, &mapping, &areas)?
    } else {
        crate::import::ImportPlan::default()
    };
    // A blank area cell: the area the row gets – from a heading above it, else none – is
    // shown, since a list's blank often means „as above“ and the import does not guess that.
    if let Some(column) = mapping
        .iter()
        .find(|m| m.field == crate::import::ImportField::LifeArea)
        .map(|m| m.column as usize)
    {
        for ((row, cells), read) in table.rows.iter().zip(reading.iter_mut()) {
            let blank = cells.get(column).is_none_or(|c| c.shown().is_empty());
            let Some((_, measure)) = plan.measures.iter().find(|(n, _)| n == row) else {
                continue;
            };
            if let (true, Some(slot)) = (blank, read.get_mut(column)) {
                *slot = Some(
                    match areas.iter().find(|a| Some(a.id) == measure.life_area_id) {
                        Some(a) if !a.is_cross_cutting() => {
                            format!("{} (Zwischenüberschrift)", a.coded_title())
                        }
                        _ => "Querschnitt (kein Lebensbereich angegeben)".into(),
                    },
                );
            }
        }
    }
    let known = known_titles(file)?;
    let existing = plan
        .measures
        .iter()
        .filter(|(_, m)| known.contains(&title_key(&m.title)))
        .map(|(_, m)| m.title.trim().to_owned())
        .collect();
    let sample_headings = first_rows_numbered()
        .map(|row| plan.headings.iter().any(|(h, ..)| *h == row))
        .collect();
    let headings = plan
        .headings
        .iter()
        .map(|(row, text, id)| {
            let area = areas
                .iter()
                .find(|a| a.id == *id)
                .map_or(String::new(), LifeArea::coded_title);
            format!("Zeile {row}: „{text}“ → {area}")
        })
        .collect();
    Ok(ImportPreview {
        rows: table.rows.len().saturating_sub(plan.headings.len()),
        headings,
        unknown_areas: plan.unknown_areas,
        importable: plan.measures.len(),
        existing,
        problems: plan.problems,
        sheet: table.sheet,
        headers: table.headers,
        sample,
        sample_headings,
        reading,
        mapping,
    })
}

/// A title as compared for „already in the project“: without case and extra spaces.
fn title_key(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The compared titles of the project's measures.
fn known_titles(file: &ProjectFile) -> Result<std::collections::HashSet<String>> {
    Ok(file
        .list::<Measure>()?
        .iter()
        .map(|m| title_key(&m.title))
        .collect())
}

fn check_links(file: &ProjectFile, area: Option<Uuid>, event: Option<Uuid>) -> Result<()> {
    if let Some(a) = area {
        file.require::<LifeArea>(a)?;
    }
    if let Some(e) = event {
        file.require::<Event>(e)?;
    }
    Ok(())
}

/// Saves a measure, numbering it "M-<area>-<nn>" when it is new or moved to another area.
fn put_measure(w: &mut Writer, mut measure: Measure) -> Result<Measure> {
    let previous = if measure.id.is_nil() {
        None
    } else {
        w.get::<Measure>(measure.id)?
    };
    let renumber = match &previous {
        None => true,
        Some(p) => p.life_area_id != measure.life_area_id || measure.number.trim().is_empty(),
    };
    if renumber {
        measure.number = next_measure_number(w, measure.life_area_id, measure.id)?;
    } else if let Some(p) = &previous {
        measure.number = p.number.clone();
    }
    save_in(w, measure)
}

/// The next free number "M-<area>-<nn>" in an area (`00` = Querschnitt), not counting `own`.
pub(super) fn next_measure_number(
    w: &Writer,
    life_area_id: Option<Uuid>,
    own: Uuid,
) -> Result<String> {
    let area_part = match life_area_id {
        Some(a) => w
            .get::<LifeArea>(a)?
            .map(|a| a.number_part())
            .unwrap_or_else(|| "00".into()),
        None => "00".into(),
    };
    let prefix = format!("M-{area_part}-");
    let highest = w
        .list_where::<Measure>(|m| m.id != own && m.number.starts_with(&prefix))?
        .iter()
        .filter_map(|m| m.number[prefix.len()..].parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("{prefix}{:02}", highest.saturating_add(1)))
}

pub(super) fn view(file: &ProjectFile) -> Result<MeasuresView> {
    let mut life_areas = file.list::<LifeArea>()?;
    life_areas.sort_by_key(|a| a.order);
    let mut measures = file.list::<Measure>()?;
    measures.sort_by_cached_key(|m| m.number_key());
    let budget = analysis::budget(&measures)?;
    let title_of = |id: Option<Uuid>| match id.and_then(|id| life_areas.iter().find(|a| a.id == id))
    {
        Some(a) => a.title.clone(),
        None => String::new(),
    };
    let votes = file.list::<MeasureVote>()?;
    let views: Vec<MeasureView> = measures
        .iter()
        .map(|m| MeasureView {
            votes: votes
                .iter()
                .filter(|v| v.measure_id == m.id)
                .fold(0u32, |sum, v| sum.saturating_add(v.votes)),
            priority_score: analysis::measure_priority_score(m),
            complete: m.is_complete(),
            missing: m
                .missing()
                .into_iter()
                .map(|f| field_label(f).to_owned())
                .collect(),
            life_area_title: title_of(m.life_area_id),
            period: period_label(m.start_quarter.as_deref(), m.end_quarter.as_deref()),
            cost_cents: if !m.cost_by_year.is_empty() {
                analysis::sum_cents(m.cost_by_year.iter().map(|a| Some(a.cents))).ok()
            } else if m.has_cost_estimate() {
                analysis::sum_cents([m.cost_once_cents, m.cost_yearly_cents]).ok()
            } else {
                None
            },
            measure: m.clone(),
        })
        .collect();
    Ok(MeasuresView {
        written: super::Written::default(),
        ideas: file.list::<Idea>()?,
        total_once_cents: analysis::known_sum(measures.iter().map(|m| m.cost_once_cents))?,
        total_yearly_cents: analysis::known_sum(measures.iter().map(|m| m.cost_yearly_cents))?,
        measures: views,
        life_areas,
        budget_chart: charts::budget(&budget.years),
        portfolio: charts::portfolio(&measures),
        roadmap: charts::roadmap(&measures),
        budget,
    })
}

/// Deletes a measure with what hangs on it: dependencies on it, its votes, status entries and
/// indicators with their values go; ideas that led to it become „geprüft“ again. The baseline
/// keeps it as adopted. One rule for the Baustein's delete and a council's „gestrichen“.
pub(super) fn delete_measure(w: &mut Writer, id: Uuid) -> Result<()> {
    for mut m in w.list_where::<Measure>(|m| m.dependencies.contains(&id))? {
        m.dependencies.retain(|d| *d != id);
        w.put(m)?;
    }
    for vote in w.list_where::<MeasureVote>(|v| v.measure_id == id)? {
        w.delete(EntityKind::MeasureVote, vote.id)?;
    }
    for e in w.list_where::<StatusEntry>(|e| e.measure_id == id)? {
        w.delete(EntityKind::StatusEntry, e.id)?;
    }
    for k in w.list_where::<Kpi>(|k| k.measure_id == Some(id))? {
        for v in w.list_where::<KpiValue>(|v| v.kpi_id == k.id)? {
            w.delete(EntityKind::KpiValue, v.id)?;
        }
        w.delete(EntityKind::Kpi, k.id)?;
    }
    for idea in w.list_where::<Idea>(|i| i.measure_id == Some(id))? {
        w.put(Idea {
            measure_id: None,
            status: IdeaStatus::Geprueft,
            ..idea
        })?;
    }
    w.delete(EntityKind::Measure, id)
}
