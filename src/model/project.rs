//! The municipality profile (Kommunenprofil): one row per project file.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Choice;
use super::{check_count, check_date, check_range, check_required, choices, entity};
use crate::error::{Error, Result};

/// The fixed id of the single profile row; equal in every copy of a project so copies merge.
pub const PROFILE_ID: Uuid = Uuid::from_u128(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum MunicipalityKind {
    #[default]
    Gemeinde,
    Stadt,
    #[serde(rename = "Große Kreisstadt")]
    #[ts(rename = "Große Kreisstadt")]
    GrosseKreisstadt,
    /// Baden-Württemberg's name for a city without a county (Stuttgart, Heidelberg …).
    Stadtkreis,
    #[serde(rename = "Kreisfreie Stadt")]
    #[ts(rename = "Kreisfreie Stadt")]
    KreisfreieStadt,
    Gemeindeverwaltungsverband,
    Landkreis,
    Verbund,
}

choices!(MunicipalityKind {
    Gemeinde => "Gemeinde",
    Stadt => "Stadt",
    GrosseKreisstadt => "Große Kreisstadt",
    Stadtkreis => "Stadtkreis",
    KreisfreieStadt => "Kreisfreie Stadt",
    Gemeindeverwaltungsverband => "Gemeindeverwaltungsverband",
    Landkreis => "Landkreis",
    Verbund => "Verbund",
});

/// The body that adopts the strategy, in the forms a sentence needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Council {
    /// „Gemeinderat“
    pub name: &'static str,
    /// „Der Gemeinderat“ at a sentence's start.
    pub subject: &'static str,
    /// „der Gemeinderat“
    pub nominative: &'static str,
    /// „dem Gemeinderat“
    pub dative: &'static str,
}

impl MunicipalityKind {
    /// Who adopts the strategy: the Gemeinderat of a municipality (in Baden-Württemberg also of
    /// a city, a Große Kreisstadt and a Stadtkreis), the Stadtrat of a kreisfreie Stadt, the
    /// Kreistag of a Landkreis, the Verbandsversammlung of a Gemeindeverwaltungsverband or a
    /// Verbund. The Beschlussvorlage and the generated sentences name it; the Beschlussvorlage
    /// of a Landkreis said „Der Gemeinderat beschließt“.
    pub fn council(self) -> Council {
        let (name, subject, nominative, dative) = match self {
            MunicipalityKind::KreisfreieStadt => {
                ("Stadtrat", "Der Stadtrat", "der Stadtrat", "dem Stadtrat")
            }
            MunicipalityKind::Landkreis => {
                ("Kreistag", "Der Kreistag", "der Kreistag", "dem Kreistag")
            }
            MunicipalityKind::Gemeindeverwaltungsverband | MunicipalityKind::Verbund => (
                "Verbandsversammlung",
                "Die Verbandsversammlung",
                "die Verbandsversammlung",
                "der Verbandsversammlung",
            ),
            MunicipalityKind::Gemeinde
            | MunicipalityKind::Stadt
            | MunicipalityKind::GrosseKreisstadt
            | MunicipalityKind::Stadtkreis => (
                "Gemeinderat",
                "Der Gemeinderat",
                "der Gemeinderat",
                "dem Gemeinderat",
            ),
        };
        Council {
            name,
            subject,
            nominative,
            dative,
        }
    }

    /// What the profile's `district` names for this kind: the county of a municipality, the
    /// region (Regierungsbezirk or Land) of a city without county or of a county.
    pub fn district_label(self) -> &'static str {
        match self {
            MunicipalityKind::Stadtkreis
            | MunicipalityKind::KreisfreieStadt
            | MunicipalityKind::Landkreis => "Regierungsbezirk / Land",
            _ => "Landkreis",
        }
    }
}

/// Bounds of the profile's figures: Berlin has 3.9 million inhabitants, the largest Landkreis
/// about 5,500 km²; anything above is a typo.
pub const MAX_POPULATION: u32 = 10_000_000;
pub const MAX_AREA_KM2: f64 = 10_000.0;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Profile {
    pub id: Uuid,
    pub name: String,
    pub kind: MunicipalityKind,
    /// Amtlicher Gemeindeschlüssel: 8 digits, empty when not yet known.
    pub ags: String,
    pub district: String,
    pub population: Option<u32>,
    /// Area in km².
    pub area_km2: Option<f64>,
    pub mayor: String,
    pub consultants: String,
    pub project_title: String,
    pub start_date: Option<NaiveDate>,
    pub funding_programme: String,
    /// Funding amount in euro cents.
    #[ts(type = "number | null")]
    pub funding_amount_cents: Option<i64>,
    /// Own share in euro cents.
    #[ts(type = "number | null")]
    pub own_share_cents: Option<i64>,
    /// IT security as the stage (1–4) of the BW "Stufenplan Mindestsicherheitsniveau".
    pub security_stage: Option<u8>,
}

impl Profile {
    /// „Stadt Musterstadt“: the kind before the name, unless the name already begins with a
    /// word naming a kind of municipality („Gemeindeverwaltungsverband Schönbrunn“ was printed
    /// with the kind twice, „Verbandsgemeinde Rhein-Selz“ as „Gemeinde Verbandsgemeinde …“).
    /// Whole words only: „Stadtallendorf“ is „Stadt Stadtallendorf“.
    pub fn full_name(&self) -> String {
        let kind = self.kind.label();
        let name = self.name.trim();
        let begins_with = |word: &str| {
            let (Some(start), Some(rest)) = (name.get(..word.len()), name.get(word.len()..)) else {
                return false;
            };
            start.to_lowercase() == word.to_lowercase() && rest.starts_with(char::is_whitespace)
        };
        if begins_with(kind) || KIND_WORDS.iter().any(|w| begins_with(w)) {
            name.to_string()
        } else {
            format!("{kind} {name}")
        }
    }
}

/// Words with which a municipality's name may already say its kind.
const KIND_WORDS: [&str; 18] = [
    "Gemeinde",
    "Stadt",
    "Große Kreisstadt",
    "Stadtkreis",
    "Kreisfreie Stadt",
    "Gemeindeverwaltungsverband",
    "Landkreis",
    "Verbund",
    "Verbandsgemeinde",
    "Samtgemeinde",
    "Verwaltungsgemeinschaft",
    "Verwaltungsverband",
    "Markt",
    "Marktgemeinde",
    "Hansestadt",
    "Universitätsstadt",
    "Amt",
    "Kreis",
];

entity!(Profile, Profile, |p| {
    check_required("Der Name der Kommune", &p.name)?;
    if !p.ags.is_empty() {
        validate_ags(&p.ags)?;
    }
    if p.area_km2
        .is_some_and(|a| !(a.is_finite() && a > 0.0 && a <= MAX_AREA_KM2))
    {
        return Err(Error::invalid(
            "Die Fläche muss eine positive Zahl in km² sein (höchstens 10.000 km²).",
        ));
    }
    check_count("Die Einwohnerzahl", p.population, MAX_POPULATION)?;
    check_date("Der Projektbeginn", p.start_date)?;
    for (label, v) in [
        ("Die Fördersumme", p.funding_amount_cents),
        ("Der Eigenanteil", p.own_share_cents),
    ] {
        super::check_amount(label, v)?;
    }
    check_range(
        "Die Stufe des IT-Sicherheits-Stufenplans",
        p.security_stage,
        1,
        4,
    )
});

/// The Amtlicher Gemeindeschlüssel has 8 digits: Land (2), Regierungsbezirk (1), Kreis (2), Gemeinde (3).
pub fn validate_ags(ags: &str) -> Result<()> {
    if ags.len() != 8 || !ags.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(format!(
            "Der Amtliche Gemeindeschlüssel (AGS) muss aus genau 8 Ziffern bestehen (angegeben: „{ags}“)."
        )));
    }
    if ags.starts_with("00") || &ags[..2] > "16" {
        return Err(Error::invalid(format!(
            "Der AGS „{ags}“ beginnt nicht mit einer gültigen Länderkennung (01–16)."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ags_must_be_eight_digits_of_a_land() {
        assert!(validate_ags("08226032").is_ok());
        assert!(validate_ags("0822603").is_err());
        assert!(validate_ags("0822603a").is_err());
        assert!(validate_ags("17226032").is_err());
        assert!(validate_ags("00226032").is_err());
    }

    #[test]
    fn the_full_name_says_the_kind_once_and_only_as_a_whole_word() {
        let full = |name: &str, kind: MunicipalityKind| {
            Profile {
                name: name.into(),
                kind,
                ..Default::default()
            }
            .full_name()
        };
        use MunicipalityKind::*;
        assert_eq!(full("Musterstadt", Stadt), "Stadt Musterstadt");
        assert_eq!(full("Stadtallendorf", Stadt), "Stadt Stadtallendorf");
        assert_eq!(
            full(
                "Gemeindeverwaltungsverband Schönbrunn",
                Gemeindeverwaltungsverband
            ),
            "Gemeindeverwaltungsverband Schönbrunn"
        );
        assert_eq!(
            full("Verbandsgemeinde Rhein-Selz", Gemeinde),
            "Verbandsgemeinde Rhein-Selz"
        );
        assert_eq!(
            full("Hansestadt Lüneburg", GrosseKreisstadt),
            "Hansestadt Lüneburg"
        );
        assert_eq!(full("Markt Indersdorf", Gemeinde), "Markt Indersdorf");
        assert_eq!(full("stadt Worms", KreisfreieStadt), "stadt Worms");
        assert_eq!(full("Marktoberdorf", Stadt), "Stadt Marktoberdorf");
        assert_eq!(full("Amtsberg", Gemeinde), "Gemeinde Amtsberg");
    }
}
