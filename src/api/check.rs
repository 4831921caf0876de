//! Commands of Baustein 2 – IST-Analyse (Digitalisierungs-Check).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{change_label, check_deletable, save, save_in, Patch, Reply};
use crate::analysis::{self, CheckScores, Gap};
use crate::charts::{self, Chart};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::ProjectFile;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckCommand {
    Get,
    /// Saves the answer to one item; an item has at most one answer (found by `item_id`).
    SaveAnswer(#[ts(as = "CheckAnswer")] Patch<CheckAnswer>),
    SaveDimension(#[ts(as = "CheckDimension")] Patch<CheckDimension>),
    SaveItem(#[ts(as = "CheckItem")] Patch<CheckItem>),
    SaveOzgService(#[ts(as = "OzgService")] Patch<OzgService>),
    SaveKeyFigure(#[ts(as = "KeyFigure")] Patch<KeyFigure>),
    SaveSwotEntry(#[ts(as = "SwotEntry")] Patch<SwotEntry>),
    SaveDigitalOffer(#[ts(as = "DigitalOffer")] Patch<DigitalOffer>),
    /// The BW IT security stage (1–4) lives in the profile; this sets just that field.
    SetSecurityStage {
        stage: Option<u8>,
    },
    Delete {
        kind: EntityKind,
        id: Uuid,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ItemView {
    pub item: CheckItem,
    pub answer: Option<CheckAnswer>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DimensionView {
    pub dimension: CheckDimension,
    pub items: Vec<ItemView>,
    /// Items with an IST level or „k. A.“ (`CheckAnswer::is_answered`).
    pub answered: usize,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CheckView {
    /// What a command that wrote rows adds to the view (the saved row's id, the change note).
    #[serde(flatten)]
    pub written: super::Written,
    pub dimensions: Vec<DimensionView>,
    pub scores: CheckScores,
    pub radar: Chart,
    pub gaps: Vec<Gap>,
    pub security_stage: Option<u8>,
    pub ozg_services: Vec<OzgService>,
    pub key_figures: Vec<KeyFigure>,
    pub swot: Vec<SwotEntry>,
    pub digital_offers: Vec<DigitalOffer>,
    /// Names of the maturity levels 0–5 from the project's catalogue.
    pub scale: Vec<String>,
    /// The OZG maturity levels 0–4 with their names.
    pub ozg_levels: Vec<crate::catalog::OzgLevelDef>,
    /// The stages 1–4 of the IT security plan with their names.
    pub security_stages: Vec<crate::catalog::SecurityStageDef>,
}

pub(super) fn handle(file: &mut ProjectFile, command: CheckCommand) -> Result<Reply> {
    let saved = match command {
        CheckCommand::Get => None,
        CheckCommand::SaveAnswer(patch) => {
            // The answer is found by its id or, when none is named, by its item (one per item).
            let id = patch.id()?;
            let stored = if id.is_nil() {
                let item_id = patch.clone().apply_to(None)?.item_id;
                file.list::<CheckAnswer>()?
                    .into_iter()
                    .find(|a| a.item_id == item_id)
            } else {
                Some(file.require::<CheckAnswer>(id)?)
            };
            let mut answer = patch.apply_to(stored)?;
            file.require::<CheckItem>(answer.item_id)?;
            if answer.id.is_nil() {
                // Two copies answering the same question create the same row, so a merge
                // sees one answer edited twice instead of two answers.
                answer.id = crate::model::derived_id(&[answer.item_id]);
            }
            Some(file.change("Check-Antwort geändert", |w| w.put(answer))?.id)
        }
        CheckCommand::SaveDimension(d) => Some(save(file, d.resolve(file)?)?.id),
        CheckCommand::SaveItem(item) => {
            let item = item.resolve(file)?;
            file.require::<CheckDimension>(item.dimension_id)?;
            Some(save(file, item)?.id)
        }
        CheckCommand::SaveOzgService(s) => Some(save(file, s.resolve(file)?)?.id),
        CheckCommand::SaveKeyFigure(k) => Some(save(file, k.resolve(file)?)?.id),
        CheckCommand::SaveSwotEntry(s) => Some(save(file, s.resolve(file)?)?.id),
        CheckCommand::SaveDigitalOffer(o) => Some(save(file, o.resolve(file)?)?.id),
        CheckCommand::SetSecurityStage { stage } => {
            let profile = super::project::profile(file)?;
            file.change(&change_label(EntityKind::Profile, false), |w| {
                save_in(
                    w,
                    Profile {
                        security_stage: stage,
                        ..profile
                    },
                )
            })?;
            None
        }
        CheckCommand::Delete { kind, id } => {
            check_deletable(kind, 2)?;
            if kind == EntityKind::CheckDimension
                && file
                    .list::<CheckItem>()?
                    .iter()
                    .any(|i| i.dimension_id == id)
            {
                return Err(Error::invalid(
                    "Die Dimension enthält noch Fragen; bitte zuerst die Fragen löschen.",
                ));
            }
            file.change(&format!("{} gelöscht", kind.label()), |w| {
                if kind == EntityKind::CheckItem {
                    for a in w.list_where::<CheckAnswer>(|a| a.item_id == id)? {
                        w.delete(EntityKind::CheckAnswer, a.id)?;
                    }
                }
                w.delete(kind, id)
            })?;
            None
        }
    };
    Ok(Reply::Check(CheckView {
        written: super::Written::saved(saved),
        ..view(file)?
    }))
}

pub(super) fn view(file: &ProjectFile) -> Result<CheckView> {
    let mut dimensions = file.list::<CheckDimension>()?;
    dimensions.sort_by_key(|d| (d.order, d.key.clone()));
    let items = file.list::<CheckItem>()?;
    let answers = file.list::<CheckAnswer>()?;
    let by_item: HashMap<Uuid, &CheckAnswer> = answers.iter().map(|a| (a.item_id, a)).collect();
    let dimension_views = dimensions
        .iter()
        .map(|d| {
            let mut dim_items: Vec<&CheckItem> =
                items.iter().filter(|i| i.dimension_id == d.id).collect();
            dim_items.sort_by_key(|i| (i.order, i.key.clone()));
            DimensionView {
                dimension: d.clone(),
                answered: dim_items
                    .iter()
                    .filter(|i| by_item.get(&i.id).is_some_and(|a| a.is_answered()))
                    .count(),
                items: dim_items
                    .into_iter()
                    .map(|i| ItemView {
                        item: i.clone(),
                        answer: by_item.get(&i.id).map(|a| (*a).clone()),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut ozg_services = file.list::<OzgService>()?;
    ozg_services.sort_by_key(|s| s.order);
    let mut key_figures = file.list::<KeyFigure>()?;
    key_figures.sort_by_key(|k| k.order);
    let mut swot = file.list::<SwotEntry>()?;
    swot.sort_by_key(|s| (s.quadrant as u8, s.order));
    let scores = analysis::check_scores(&dimensions, &items, &answers);
    let catalog = super::project::catalog_of(file)?.check;
    Ok(CheckView {
        scale: catalog.scale,
        ozg_levels: catalog.ozg_levels,
        security_stages: catalog.security_stages,
        written: super::Written::default(),
        dimensions: dimension_views,
        radar: charts::radar(&scores.dimensions),
        scores,
        gaps: analysis::gaps(&items, &answers),
        security_stage: super::project::profile(file)?.security_stage,
        ozg_services,
        key_figures,
        swot,
        digital_offers: file.list::<DigitalOffer>()?,
    })
}
