//! Baustein 2 – IST-Analyse („Digitalisierungs-Check“): dimensions and items copied from the
//! catalogue, answers (IST/SOLL), OZG services, key figures, SWOT and existing digital offers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_range, check_required, check_year, choices, entity, EntityKind, Priority};
use crate::error::Error;

/// A dimension of the check (A Rahmendaten … I Lebensbereiche); A is not scored.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CheckDimension {
    pub id: Uuid,
    /// Catalogue key, e.g. "B".
    pub key: String,
    pub title: String,
    pub description: String,
    pub scored: bool,
    pub order: i32,
}

entity!(CheckDimension, CheckDimension, |d| {
    check_required("Der Schlüssel der Dimension", &d.key)?;
    check_required("Der Titel der Dimension", &d.title)
});

/// One question of the check with what each level 0–5 looks like for it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CheckItem {
    pub id: Uuid,
    pub dimension_id: Uuid,
    /// Catalogue key, e.g. "E03".
    pub key: String,
    pub question: String,
    pub help: String,
    /// Six descriptions, for levels 0 to 5.
    pub levels: Vec<String>,
    pub evidence_hint: String,
    /// Optional link to a Lebensbereich catalogue key (e.g. "LB03").
    pub life_area_key: Option<String>,
    pub order: i32,
}

entity!(
    CheckItem,
    CheckItem,
    |i| {
        check_required("Die Frage", &i.question)?;
        if !i.levels.is_empty() && i.levels.len() != 6 {
            return Err(Error::invalid(format!(
                "Eine Check-Frage braucht genau 6 Stufenbeschreibungen (0–5), nicht {}.",
                i.levels.len()
            )));
        }
        Ok(())
    },
    references | i | { vec![(EntityKind::CheckDimension, i.dimension_id)] }
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EvidenceKind {
    Selbstauskunft,
    Dokument,
    Workshop,
    OeffentlicheDaten,
}

choices!(EvidenceKind {
    Selbstauskunft => "Selbstauskunft",
    Dokument => "Dokument",
    Workshop => "Workshop",
    OeffentlicheDaten => "öffentliche Daten",
});

/// The answer to one check item. `ist_unknown` is "k. A." and excludes the item from IST scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CheckAnswer {
    pub id: Uuid,
    pub item_id: Uuid,
    pub ist: Option<u8>,
    pub ist_unknown: bool,
    pub soll: Option<u8>,
    pub priority: Option<Priority>,
    pub evidence: Option<EvidenceKind>,
    pub note: String,
}

impl CheckAnswer {
    /// An item counts as answered once it has an IST level or "k. A.".
    pub fn is_answered(&self) -> bool {
        self.ist.is_some() || self.ist_unknown
    }
}

entity!(
    CheckAnswer,
    CheckAnswer,
    |a| {
        check_range("Der IST-Wert", a.ist, 0, 5)?;
        check_range("Der SOLL-Wert", a.soll, 0, 5)?;
        if a.ist.is_some() && a.ist_unknown {
            return Err(Error::invalid(
                "Eine Antwort ist entweder eine Stufe 0–5 oder „k. A.“, nicht beides.",
            ));
        }
        Ok(())
    },
    references | a | { vec![(EntityKind::CheckItem, a.item_id)] }
);

/// An online service under the OZG with its maturity level 0 (offline) … 4 (fully online, once-only).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct OzgService {
    pub id: Uuid,
    pub key: String,
    pub name: String,
    pub category: String,
    pub maturity: Option<u8>,
    pub note: String,
    pub order: i32,
}

entity!(OzgService, OzgService, |s| {
    check_required("Der Name der Leistung", &s.name)?;
    check_range("Der OZG-Reifegrad", s.maturity, 0, 4)
});

/// An unscored key figure (Rahmendaten), e.g. "Gigabit-Versorgung 62 % (2025, Breitbandatlas)".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct KeyFigure {
    pub id: Uuid,
    pub key: String,
    pub label: String,
    pub value: String,
    pub unit: String,
    pub year: Option<i32>,
    pub source: String,
    pub order: i32,
}

entity!(KeyFigure, KeyFigure, |k| {
    check_required("Die Bezeichnung der Kennzahl", &k.label)?;
    check_year("Das Jahr der Kennzahl", k.year)
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SwotQuadrant {
    #[default]
    Strength,
    Weakness,
    Opportunity,
    Threat,
}

choices!(SwotQuadrant {
    Strength => "Stärken",
    Weakness => "Schwächen",
    Opportunity => "Chancen",
    Threat => "Risiken",
});

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SwotEntry {
    pub id: Uuid,
    pub quadrant: SwotQuadrant,
    pub text: String,
    pub order: i32,
}

entity!(SwotEntry, SwotEntry, |s| {
    check_required("Der SWOT-Eintrag", &s.text)
});

/// A digital offer the municipality already runs (website, app, booking system …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DigitalOffer {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub life_area_key: Option<String>,
    pub since_year: Option<i32>,
}

entity!(DigitalOffer, DigitalOffer, |o| {
    check_required("Der Titel des Angebots", &o.title)?;
    check_year("Das Jahr „seit“", o.since_year)
});
