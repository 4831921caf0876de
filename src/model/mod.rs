//! Plain domain types, one file per Baustein (+ `project.rs` for the municipality profile).
//!
//! Every stored thing is an [`Entity`]: a serde struct with a UUID v7 `id`, stored as one row of
//! its own table (see `store`). The model knows nothing of SQL or PDF; it validates its own
//! fields (`Entity::validate`) and leaves references between rows to the API layer.

pub mod check;
pub mod goals;
pub mod life_areas;
pub mod measures;
pub mod project;
pub mod strategy;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Error, Result};

pub use check::*;
pub use goals::*;
pub use life_areas::*;
pub use measures::*;
pub use project::*;
pub use strategy::*;

/// A stable id for a row that exists at most once per combination of other rows (the answer to a
/// check question, the votes of an area at an event): every copy of a project creates the same id,
/// so merging two copies meets one row instead of two. UUID v5 over the given ids.
pub fn derived_id(of: &[Uuid]) -> Uuid {
    const NAMESPACE: Uuid = Uuid::from_u128(0x5a4b_4f4d_0000_4000_8000_0000_0000_0001);
    let bytes: Vec<u8> = of.iter().flat_map(|id| *id.as_bytes()).collect();
    Uuid::new_v5(&NAMESPACE, &bytes)
}

/// Every kind of stored row. The string form is the table name and the `kind` in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntityKind {
    Profile,
    Goal,
    TimelineEntry,
    Stakeholder,
    Event,
    CheckDimension,
    CheckItem,
    CheckAnswer,
    OzgService,
    KeyFigure,
    SwotEntry,
    DigitalOffer,
    LifeArea,
    LifeAreaVote,
    Idea,
    Measure,
    Section,
    ReportSettings,
    Draft,
}

impl EntityKind {
    pub const ALL: [EntityKind; 19] = [
        EntityKind::Profile,
        EntityKind::Goal,
        EntityKind::TimelineEntry,
        EntityKind::Stakeholder,
        EntityKind::Event,
        EntityKind::CheckDimension,
        EntityKind::CheckItem,
        EntityKind::CheckAnswer,
        EntityKind::OzgService,
        EntityKind::KeyFigure,
        EntityKind::SwotEntry,
        EntityKind::DigitalOffer,
        EntityKind::LifeArea,
        EntityKind::LifeAreaVote,
        EntityKind::Idea,
        EntityKind::Measure,
        EntityKind::Section,
        EntityKind::ReportSettings,
        EntityKind::Draft,
    ];

    /// Table name in the project file (also the journal's `kind`).
    pub fn table(self) -> &'static str {
        match self {
            EntityKind::Profile => "profile",
            EntityKind::Goal => "goal",
            EntityKind::TimelineEntry => "timeline_entry",
            EntityKind::Stakeholder => "stakeholder",
            EntityKind::Event => "event",
            EntityKind::CheckDimension => "check_dimension",
            EntityKind::CheckItem => "check_item",
            EntityKind::CheckAnswer => "check_answer",
            EntityKind::OzgService => "ozg_service",
            EntityKind::KeyFigure => "key_figure",
            EntityKind::SwotEntry => "swot_entry",
            EntityKind::DigitalOffer => "digital_offer",
            EntityKind::LifeArea => "life_area",
            EntityKind::LifeAreaVote => "life_area_vote",
            EntityKind::Idea => "idea",
            EntityKind::Measure => "measure",
            EntityKind::Section => "section",
            EntityKind::ReportSettings => "report_settings",
            EntityKind::Draft => "draft",
        }
    }

    pub fn from_table(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.table() == name)
    }

    /// German noun for messages ("Ziel wurde nicht gefunden").
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Profile => "Profil der Kommune",
            EntityKind::Goal => "Ziel",
            EntityKind::TimelineEntry => "Termin",
            EntityKind::Stakeholder => "Beteiligte/r",
            EntityKind::Event => "Veranstaltung",
            EntityKind::CheckDimension => "Check-Dimension",
            EntityKind::CheckItem => "Check-Frage",
            EntityKind::CheckAnswer => "Check-Antwort",
            EntityKind::OzgService => "OZG-Leistung",
            EntityKind::KeyFigure => "Kennzahl",
            EntityKind::SwotEntry => "SWOT-Eintrag",
            EntityKind::DigitalOffer => "Digitales Angebot",
            EntityKind::LifeArea => "Lebensbereich",
            EntityKind::LifeAreaVote => "Stimmen",
            EntityKind::Idea => "Idee",
            EntityKind::Measure => "Maßnahme",
            EntityKind::Section => "Abschnitt",
            EntityKind::ReportSettings => "Berichtseinstellungen",
            EntityKind::Draft => "Entwurf",
        }
    }

    /// The Baustein (1–5) a kind belongs to; the profile counts to Baustein 1.
    pub fn baustein(self) -> u8 {
        match self {
            EntityKind::Profile
            | EntityKind::Goal
            | EntityKind::TimelineEntry
            | EntityKind::Stakeholder
            | EntityKind::Event => 1,
            EntityKind::CheckDimension
            | EntityKind::CheckItem
            | EntityKind::CheckAnswer
            | EntityKind::OzgService
            | EntityKind::KeyFigure
            | EntityKind::SwotEntry
            | EntityKind::DigitalOffer => 2,
            EntityKind::LifeArea | EntityKind::LifeAreaVote => 3,
            EntityKind::Idea | EntityKind::Measure => 4,
            EntityKind::Section | EntityKind::ReportSettings | EntityKind::Draft => 5,
        }
    }
}

/// A stored domain row. Implemented by every struct in `model` through [`entity!`].
pub trait Entity: Serialize + DeserializeOwned + Clone + Default {
    const KIND: EntityKind;
    fn id(&self) -> Uuid;
    fn set_id(&mut self, id: Uuid);
    /// Checks the entity's own fields (ranges, formats); a German message names the field.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// Implements [`Entity`] for a struct with a field `id: Uuid`; an optional block gives `validate`.
macro_rules! entity {
    ($ty:ty, $kind:ident) => {
        $crate::model::entity!($ty, $kind, |_entity| { Ok(()) });
    };
    ($ty:ty, $kind:ident, |$s:ident| $validate:block) => {
        impl $crate::model::Entity for $ty {
            const KIND: $crate::model::EntityKind = $crate::model::EntityKind::$kind;
            fn id(&self) -> uuid::Uuid {
                self.id
            }
            fn set_id(&mut self, id: uuid::Uuid) {
                self.id = id;
            }
            fn validate(&self) -> $crate::error::Result<()> {
                let $s = self;
                $validate
            }
        }
    };
}
pub(crate) use entity;

/// Priority of a check item or a measure: hoch = start now, mittel = within 2 years, niedrig = within 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Priority {
    Hoch,
    Mittel,
    Niedrig,
}

impl Priority {
    pub fn label(self) -> &'static str {
        match self {
            Priority::Hoch => "hoch",
            Priority::Mittel => "mittel",
            Priority::Niedrig => "niedrig",
        }
    }
}

/// Fails with a German message when `value` lies outside `min..=max`.
pub(crate) fn check_range(field: &str, value: Option<u8>, min: u8, max: u8) -> Result<()> {
    match value {
        Some(v) if v < min || v > max => Err(Error::invalid(format!(
            "{field} muss zwischen {min} und {max} liegen (angegeben: {v})."
        ))),
        _ => Ok(()),
    }
}

/// Fails when a required text is empty or only whitespace.
pub(crate) fn check_required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!("{field} darf nicht leer sein.")));
    }
    Ok(())
}

/// A calendar quarter written as `2027-Q2`.
pub(crate) fn parse_quarter(text: &str) -> Option<(i32, u8)> {
    let (year, q) = text.split_once("-Q")?;
    let year: i32 = year.parse().ok()?;
    let q: u8 = q.parse().ok()?;
    ((1..=4).contains(&q) && (1990..=2200).contains(&year)).then_some((year, q))
}

pub(crate) fn check_quarter(field: &str, value: &Option<String>) -> Result<()> {
    match value {
        Some(q) if parse_quarter(q).is_none() => Err(Error::invalid(format!(
            "{field} muss ein Quartal wie „2027-Q2“ sein (angegeben: „{q}“)."
        ))),
        _ => Ok(()),
    }
}
