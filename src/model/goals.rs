//! Baustein 1 – Projektziele und Zeitplanung: goals, the timeline, stakeholders and events.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_range, check_required, entity};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Goal {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// How the goal is measured, e.g. "Anteil online beantragbarer Leistungen".
    pub indicator: String,
    pub target_value: String,
    pub order: i32,
}

entity!(Goal, Goal, |g| {
    check_required("Der Titel des Ziels", &g.title)
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimelineKind {
    #[default]
    Phase,
    Milestone,
    Workshop,
    CouncilSession,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimelineStatus {
    #[default]
    Geplant,
    Laufend,
    Erledigt,
    Verschoben,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TimelineEntry {
    pub id: Uuid,
    pub kind: TimelineKind,
    pub title: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub place: String,
    pub status: TimelineStatus,
    /// The Baustein (1–5) this entry belongs to, if any.
    pub baustein: Option<u8>,
    /// Key of the ten-month plan step it was created from (empty for own entries).
    pub plan_key: String,
}

entity!(TimelineEntry, TimelineEntry, |t| {
    check_required("Der Titel des Termins", &t.title)?;
    check_range("Der Baustein", t.baustein, 1, 5)?;
    if let (Some(s), Some(e)) = (t.start, t.end) {
        if e < s {
            return Err(Error::invalid(format!(
                "Das Ende ({}) liegt vor dem Beginn ({}).",
                e.format("%d.%m.%Y"),
                s.format("%d.%m.%Y")
            )));
        }
    }
    Ok(())
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StakeholderGroup {
    #[default]
    Verwaltung,
    Gemeinderat,
    Buergerschaft,
    Wirtschaft,
    Bildung,
    Vereine,
    Jugend,
    Senioren,
    Extern,
}

/// A role in the process. Names and contacts are optional personal data: printed only when `public`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Stakeholder {
    pub id: Uuid,
    pub role: String,
    pub organisation: String,
    pub group: StakeholderGroup,
    pub steering_group: bool,
    pub name: String,
    pub contact: String,
    pub public: bool,
}

entity!(Stakeholder, Stakeholder, |s| {
    check_required("Die Rolle", &s.role)
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventFormat {
    Ratssitzung,
    Auftaktveranstaltung,
    Verwaltungsworkshop,
    #[default]
    Zukunftswerkstatt,
    Jugendforum,
    Massnahmenworkshop,
    Lenkungsgruppe,
    Umfrage,
    Sonstiges,
}

/// A held event; participants are a count, never a list of people.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Event {
    pub id: Uuid,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub format: EventFormat,
    pub participants: Option<u32>,
    pub minutes: String,
}

entity!(Event, Event, |e| {
    check_required("Der Titel der Veranstaltung", &e.title)
});

/// Validation helper shared by views: an ISO date parsed from user text with a German message.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Error::invalid(format!(
            "„{text}“ ist kein gültiges Datum (erwartet JJJJ-MM-TT)."
        ))
    })
}
