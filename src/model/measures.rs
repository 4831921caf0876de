//! Baustein 4 – Entwicklung der Projekte und Maßnahmen: the idea pool from workshops and the
//! measures with their full profile (Maßnahmen-Steckbrief).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_quarter, check_range, check_required, entity, parse_quarter, Priority};
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IdeaStatus {
    #[default]
    Neu,
    Geprueft,
    Uebernommen,
    Zusammengefasst,
    Verworfen,
}

/// An idea card from a workshop.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Idea {
    pub id: Uuid,
    pub text: String,
    pub life_area_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub votes: u32,
    pub status: IdeaStatus,
    /// The measure this idea was promoted to.
    pub measure_id: Option<Uuid>,
}

entity!(Idea, Idea, |i| {
    check_required("Der Text der Idee", &i.text)
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MeasureStatus {
    #[default]
    Geplant,
    InUmsetzung,
    Umgesetzt,
    Zurueckgestellt,
}

impl MeasureStatus {
    pub fn label(self) -> &'static str {
        match self {
            MeasureStatus::Geplant => "geplant",
            MeasureStatus::InUmsetzung => "in Umsetzung",
            MeasureStatus::Umgesetzt => "umgesetzt",
            MeasureStatus::Zurueckgestellt => "zurückgestellt",
        }
    }
}

/// A measure with its Steckbrief. Money is in euro cents; quarters are written "2027-Q2".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Measure {
    pub id: Uuid,
    /// Assigned by the core, e.g. "M-03-02" (area LB03, second measure); "M-00-…" is Querschnitt.
    pub number: String,
    pub title: String,
    /// `None` for a Querschnittsmaßnahme without area (same as the "Q" area).
    pub life_area_id: Option<Uuid>,
    pub description: String,
    /// Ziel und erwartete Wirkung.
    pub goal: String,
    /// Federführung in the administration.
    pub lead: String,
    /// Beteiligte.
    pub parties: String,
    pub priority: Option<Priority>,
    /// Aufwand 1 (gering) … 5 (sehr hoch).
    pub effort: Option<u8>,
    /// Nutzen 1 (gering) … 5 (sehr hoch).
    pub benefit: Option<u8>,
    pub start_quarter: Option<String>,
    pub end_quarter: Option<String>,
    #[ts(type = "number")]
    pub cost_once_cents: i64,
    #[ts(type = "number")]
    pub cost_yearly_cents: i64,
    pub funding_programme: String,
    /// Funding rate in percent (0–100).
    pub funding_rate: Option<u8>,
    /// Ids of measures this one depends on.
    pub dependencies: Vec<Uuid>,
    /// Messbare Indikatoren, one per line.
    pub kpis: String,
    pub status: MeasureStatus,
    pub quick_win: bool,
}

impl Measure {
    /// All Steckbrief fields filled: what `measures_complete` counts and Baustein 4 progress uses.
    pub fn is_complete(&self) -> bool {
        let filled = |s: &str| !s.trim().is_empty();
        filled(&self.title)
            && filled(&self.description)
            && filled(&self.goal)
            && filled(&self.lead)
            && filled(&self.parties)
            && filled(&self.kpis)
            && filled(&self.funding_programme)
            && self.priority.is_some()
            && self.effort.is_some()
            && self.benefit.is_some()
            && self.start_quarter.is_some()
            && self.end_quarter.is_some()
            && (self.cost_once_cents > 0 || self.cost_yearly_cents > 0)
    }
}

entity!(Measure, Measure, |m| {
    check_required("Der Titel der Maßnahme", &m.title)?;
    check_range("Der Aufwand", m.effort, 1, 5)?;
    check_range("Der Nutzen", m.benefit, 1, 5)?;
    check_range("Die Förderquote", m.funding_rate, 0, 100)?;
    check_quarter("Der Beginn", &m.start_quarter)?;
    check_quarter("Das Ende", &m.end_quarter)?;
    if let (Some(s), Some(e)) = (
        m.start_quarter.as_deref().and_then(parse_quarter),
        m.end_quarter.as_deref().and_then(parse_quarter),
    ) {
        if e < s {
            return Err(Error::invalid(
                "Das Ende-Quartal liegt vor dem Beginn-Quartal.",
            ));
        }
    }
    if m.cost_once_cents < 0 || m.cost_yearly_cents < 0 {
        return Err(Error::invalid("Kosten dürfen nicht negativ sein."));
    }
    if m.dependencies.contains(&m.id) && !m.id.is_nil() {
        return Err(Error::invalid(
            "Eine Maßnahme kann nicht von sich selbst abhängen.",
        ));
    }
    Ok(())
});
