//! Commands of Baustein 5 – Entwurf der Digitalisierungsstrategie.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_deletable, save, Reply};
use crate::catalog::{fill, PLACEHOLDERS};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::ProjectFile;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StrategyCommand {
    Get,
    SaveSection(Section),
    /// Puts the sections in the given order (all ids of live sections).
    ReorderSections {
        ids: Vec<Uuid>,
    },
    SaveSettings(ReportSettings),
    RecordDraft(Draft),
    Delete {
        kind: EntityKind,
        id: Uuid,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StrategyView {
    pub sections: Vec<Section>,
    /// Each section's text with its `{placeholders}` filled, in the same order.
    pub previews: Vec<String>,
    /// The placeholders a text may use: (name, meaning).
    pub placeholders: Vec<(String, String)>,
    pub settings: ReportSettings,
    /// Newest first.
    pub drafts: Vec<Draft>,
}

pub(super) fn handle(file: &mut ProjectFile, command: StrategyCommand) -> Result<Reply> {
    match command {
        StrategyCommand::Get => {}
        StrategyCommand::SaveSection(s) => {
            save(file, s)?;
        }
        StrategyCommand::ReorderSections { ids } => {
            let sections = file.list::<Section>()?;
            let mut known: Vec<Uuid> = sections.iter().map(|s| s.id).collect();
            let mut given = ids.clone();
            known.sort();
            given.sort();
            if known != given {
                return Err(Error::invalid(
                    "Die neue Reihenfolge muss jeden Abschnitt genau einmal enthalten.",
                ));
            }
            file.change("Abschnitte umsortiert", |w| {
                for (order, id) in ids.iter().enumerate() {
                    if let Some(s) = sections.iter().find(|s| s.id == *id) {
                        w.put(Section {
                            order: order as i32,
                            ..s.clone()
                        })?;
                    }
                }
                Ok(())
            })?;
        }
        StrategyCommand::SaveSettings(s) => {
            save(
                file,
                ReportSettings {
                    id: REPORT_SETTINGS_ID,
                    ..s
                },
            )?;
        }
        StrategyCommand::RecordDraft(d) => {
            save(file, d)?;
        }
        StrategyCommand::Delete { kind, id } => {
            check_deletable(kind, 5)?;
            file.change(&format!("{} gelöscht", kind.label()), |w| {
                w.delete(kind, id)
            })?;
        }
    }
    Ok(Reply::Strategy(view(file)?))
}

pub(super) fn view(file: &ProjectFile) -> Result<StrategyView> {
    let mut sections = file.list::<Section>()?;
    sections.sort_by_key(|s| s.order);
    let mut drafts = file.list::<Draft>()?;
    drafts.reverse();
    let values = super::file::placeholders(file)?;
    Ok(StrategyView {
        previews: sections.iter().map(|s| fill(&s.body, &values)).collect(),
        placeholders: PLACEHOLDERS
            .iter()
            .map(|(n, m)| (n.to_string(), m.to_string()))
            .collect(),
        sections,
        settings: file.require::<ReportSettings>(REPORT_SETTINGS_ID)?,
        drafts,
    })
}
