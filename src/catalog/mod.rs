//! The methodology as data: the check catalogue, Lebensbereiche, the ten-month plan, section
//! templates and funding programmes. The built-in catalogue is `assets/catalog/catalog.json`,
//! embedded in the binary; a new project gets a copy (rows + the JSON in `meta`), so a file
//! keeps the catalogue version it was created with.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{
    CheckDimension, CheckItem, KeyFigure, LifeArea, OzgService, Profile, ReportSettings, Section,
    TimelineEntry, TimelineKind, PROFILE_ID, REPORT_SETTINGS_ID,
};
use crate::store::Writer;

const BUILTIN: &str = include_str!("../../assets/catalog/catalog.json");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub schema: u32,
    pub version: String,
    pub title: String,
    pub dimensions: Vec<DimensionDef>,
    pub key_figures: Vec<KeyFigureDef>,
    pub ozg_services: Vec<OzgServiceDef>,
    pub life_areas: Vec<LifeAreaDef>,
    pub plan: Vec<PlanStep>,
    pub sections: Vec<SectionTemplate>,
    pub funding_programmes: Vec<FundingProgramme>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    pub key: String,
    pub title: String,
    pub description: String,
    pub scored: bool,
    pub items: Vec<ItemDef>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub key: String,
    pub question: String,
    pub help: String,
    pub levels: Vec<String>,
    pub evidence_hint: String,
    pub life_area: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigureDef {
    pub key: String,
    pub label: String,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OzgServiceDef {
    pub key: String,
    pub name: String,
    pub category: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifeAreaDef {
    pub code: String,
    pub title: String,
    pub description: String,
    pub dimensions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    pub key: String,
    pub kind: TimelineKind,
    pub title: String,
    pub offset_weeks: i64,
    pub duration_weeks: i64,
    pub baustein: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTemplate {
    pub key: String,
    pub title: String,
    pub template: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingProgramme {
    pub name: String,
    pub provider: String,
    pub typical_rate: String,
    pub note: String,
}

impl Catalog {
    /// The catalogue shipped with the program.
    pub fn builtin() -> Result<Catalog> {
        Catalog::parse(BUILTIN)
    }

    pub fn parse(text: &str) -> Result<Catalog> {
        let catalog: Catalog = serde_json::from_str(text)
            .map_err(|e| Error::invalid(format!("Katalog nicht lesbar: {e}")))?;
        let problems = catalog.problems();
        if !problems.is_empty() {
            return Err(Error::invalid(format!(
                "Der Katalog ist fehlerhaft:\n- {}",
                problems.join("\n- ")
            )));
        }
        Ok(catalog)
    }

    /// Every problem of the catalogue as "path: what is wrong"; empty when it is valid.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut keys = std::collections::HashSet::new();
        let empty = |path: String, text: &str, out: &mut Vec<String>| {
            if text.trim().is_empty() {
                out.push(format!("{path}: Text fehlt"));
            }
        };
        for (d, dim) in self.dimensions.iter().enumerate() {
            let path = format!("dimensions[{d}]");
            if !keys.insert(dim.key.clone()) {
                out.push(format!("{path}.key: Schlüssel „{}“ doppelt", dim.key));
            }
            empty(format!("{path}.title"), &dim.title, &mut out);
            for (i, item) in dim.items.iter().enumerate() {
                let path = format!("{path}.items[{i}]");
                if !keys.insert(item.key.clone()) {
                    out.push(format!("{path}.key: Schlüssel „{}“ doppelt", item.key));
                }
                empty(format!("{path}.question"), &item.question, &mut out);
                if item.levels.len() != 6 {
                    out.push(format!(
                        "{path}.levels: 6 Stufen (0–5) erwartet, {} gefunden",
                        item.levels.len()
                    ));
                }
                for (l, level) in item.levels.iter().enumerate() {
                    empty(format!("{path}.levels[{l}]"), level, &mut out);
                    if item.levels[..l].contains(level) {
                        out.push(format!("{path}.levels[{l}]: gleicht einer anderen Stufe"));
                    }
                }
            }
        }
        let mut codes = std::collections::HashSet::new();
        for (a, area) in self.life_areas.iter().enumerate() {
            if !codes.insert(area.code.clone()) {
                out.push(format!(
                    "life_areas[{a}].code: Kürzel „{}“ doppelt",
                    area.code
                ));
            }
            empty(format!("life_areas[{a}].title"), &area.title, &mut out);
        }
        for (s, step) in self.plan.iter().enumerate() {
            if !(1..=5).contains(&step.baustein) {
                out.push(format!("plan[{s}].baustein: muss 1–5 sein"));
            }
        }
        for (s, section) in self.sections.iter().enumerate() {
            empty(format!("sections[{s}].title"), &section.title, &mut out);
        }
        out
    }
}

/// Fills `{name}` and `{population}` in a section template.
fn fill(template: &str, profile: &Profile) -> String {
    let population = profile
        .population
        .map(crate::analysis::format_thousands)
        .unwrap_or_else(|| "…".into());
    template
        .replace("{name}", &profile.name)
        .replace("{population}", &population)
}

/// Writes the municipality profile and the catalogue copy of a new project.
pub fn seed(w: &mut Writer, catalog: &Catalog, profile: Profile) -> Result<()> {
    let profile = w.put(Profile {
        id: PROFILE_ID,
        ..profile
    })?;
    for (d, def) in catalog.dimensions.iter().enumerate() {
        let dim = w.put(CheckDimension {
            id: Uuid::nil(),
            key: def.key.clone(),
            title: def.title.clone(),
            description: def.description.clone(),
            scored: def.scored,
            order: d as i32,
        })?;
        for (i, item) in def.items.iter().enumerate() {
            w.put(CheckItem {
                id: Uuid::nil(),
                dimension_id: dim.id,
                key: item.key.clone(),
                question: item.question.clone(),
                help: item.help.clone(),
                levels: item.levels.clone(),
                evidence_hint: item.evidence_hint.clone(),
                life_area_key: item.life_area.clone(),
                order: i as i32,
            })?;
        }
    }
    for (k, def) in catalog.key_figures.iter().enumerate() {
        let value = match def.key.as_str() {
            "einwohner" => profile.population.map(|p| p.to_string()),
            _ => None,
        };
        w.put(KeyFigure {
            key: def.key.clone(),
            label: def.label.clone(),
            unit: def.unit.clone(),
            value: value.unwrap_or_default(),
            order: k as i32,
            ..Default::default()
        })?;
    }
    for (s, def) in catalog.ozg_services.iter().enumerate() {
        w.put(OzgService {
            key: def.key.clone(),
            name: def.name.clone(),
            category: def.category.clone(),
            order: s as i32,
            ..Default::default()
        })?;
    }
    for (a, def) in catalog.life_areas.iter().enumerate() {
        w.put(LifeArea {
            code: def.code.clone(),
            catalog_key: Some(def.code.clone()),
            title: def.title.clone(),
            description: def.description.clone(),
            dimension_keys: def.dimensions.clone(),
            order: a as i32,
            ..Default::default()
        })?;
    }
    if let Some(start) = profile.start_date {
        for step in &catalog.plan {
            let begin = start + Duration::weeks(step.offset_weeks);
            w.put(TimelineEntry {
                kind: step.kind,
                title: step.title.clone(),
                start: Some(begin),
                end: Some(begin + Duration::weeks(step.duration_weeks)),
                baustein: Some(step.baustein),
                plan_key: step.key.clone(),
                ..Default::default()
            })?;
        }
    }
    for (s, def) in catalog.sections.iter().enumerate() {
        w.put(Section {
            key: def.key.clone(),
            title: def.title.clone(),
            body: fill(&def.template, &profile),
            included: true,
            approved: false,
            order: s as i32,
            ..Default::default()
        })?;
    }
    w.put(ReportSettings {
        id: REPORT_SETTINGS_ID,
        title: "Digitalisierungsstrategie".into(),
        subtitle: profile.name.clone(),
        version_label: "Entwurf 1".into(),
        date: profile
            .start_date
            .map(|d: NaiveDate| d + Duration::weeks(38)),
        author: profile.consultants.clone(),
        watermark: true,
    })?;
    Ok(())
}
