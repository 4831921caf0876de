//! Baustein 3 – Festlegung der Lebensbereiche: life areas (from the catalogue or custom) and
//! anonymous vote counts per area and workshop event.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_count, check_required, entity, EntityKind};

/// A life area. `code` is "Q" for Querschnitt, "LB01"… for catalogue areas, "LB13"… for custom ones.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LifeArea {
    pub id: Uuid,
    pub code: String,
    /// Catalogue key when the area came from the catalogue; `None` for a custom area.
    pub catalog_key: Option<String>,
    pub title: String,
    pub description: String,
    pub selected: bool,
    /// Zielbild: where the municipality wants to be in this area.
    pub vision: String,
    /// Begründung: why the area was chosen.
    pub rationale: String,
    pub responsible: String,
    /// Keys of linked check dimensions, e.g. ["D", "E"].
    pub dimension_keys: Vec<String>,
    pub order: i32,
}

impl LifeArea {
    /// Code and title, as lists and messages name an area: „LB04 Mobilität & Verkehr“.
    pub fn coded_title(&self) -> String {
        format!("{} {}", self.code, self.title)
    }

    /// The two-character part of a measure number: "00" for Querschnitt, "03" for LB03.
    pub fn number_part(&self) -> String {
        let digits: String = self.code.chars().filter(|c| c.is_ascii_digit()).collect();
        match digits.parse::<u32>() {
            Ok(n) => format!("{n:02}"),
            Err(_) => "00".to_string(),
        }
    }

    pub fn is_cross_cutting(&self) -> bool {
        self.code == "Q"
    }

    /// Whether `measure` is one of this area's measures — the one rule for "measures of an
    /// area" in views, progress, texts and the report: a measure belongs to its life area when
    /// that area exists, is selected and is not Querschnitt; every other measure belongs to the
    /// Querschnitt area (see [`home_area`]).
    pub fn holds(&self, measure: &super::Measure, areas: &[LifeArea]) -> bool {
        match home_area(measure.life_area_id, areas) {
            Some(home) => home.id == self.id,
            None => self.is_cross_cutting(),
        }
    }
}

/// The area a measure linked to `life_area_id` is listed under: the linked area when it exists,
/// is selected and is not Querschnitt; `None` means the Querschnitt chapter (no area, a removed
/// area, a deselected area or Querschnitt itself).
pub fn home_area(life_area_id: Option<Uuid>, areas: &[LifeArea]) -> Option<&LifeArea> {
    let id = life_area_id?;
    areas
        .iter()
        .find(|a| a.id == id)
        .filter(|a| a.selected && !a.is_cross_cutting())
}

entity!(LifeArea, LifeArea, |a| {
    check_required("Der Titel des Lebensbereichs", &a.title)?;
    check_required("Das Kürzel des Lebensbereichs", &a.code)
});

/// Dot-vote total for one life area at one event: counts, not people.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LifeAreaVote {
    pub id: Uuid,
    pub life_area_id: Uuid,
    pub event_id: Uuid,
    pub votes: u32,
}

/// The most dots one row may count (an area at one event, one idea); more is a typo.
pub const MAX_VOTES: u32 = 1_000_000;

entity!(
    LifeAreaVote,
    LifeAreaVote,
    |v| { check_count("Die Zahl der Stimmen", Some(v.votes), MAX_VOTES) },
    references | v | {
        vec![
            (EntityKind::LifeArea, v.life_area_id),
            (EntityKind::Event, v.event_id),
        ]
    }
);
