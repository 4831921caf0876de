//! Merging two copies of one project – pure: the contents of both copies in, a plan out.
//!
//! Rows match by id. Whether a side changed a row is decided from history, not from clocks:
//! every version a row ever had in a copy is in that copy's journal (before and after images).
//! If my current version is one the other copy has had, the other copy is further along and its
//! version is taken; if theirs is one I have had, mine stays. If neither knows the other's version,
//! both changed the row since the copies parted: a conflict, shown side by side; the suggestion
//! follows [`Prefer`] (default: the newer `updated_at` wins). Deletions are tombstones, so a row
//! deleted here is a known version there and is told apart from a row added there (which this
//! copy simply does not have). Versions a merge decided against are remembered (`merge_seen`), so
//! merging the same copy again asks nothing and changes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use crate::model::{EntityKind, StatusRound};
use crate::store::{CopyContents, StoredRow, WITHOUT_PERSONAL_DATA};

/// Which version wins a conflict unless the consultant decides otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Prefer {
    Mine,
    Theirs,
    /// The version changed last (`updated_at`); equal times keep mine.
    #[default]
    Newer,
}

/// One of the two copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Side {
    Mine,
    Theirs,
}

/// What a taken row does to this copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MergeAction {
    Added,
    Changed,
    Deleted,
    /// Both copies changed different fields of the row: both changes are kept.
    Combined,
}

crate::model::choices!(MergeAction {
    Added => "neu",
    Changed => "geändert",
    Deleted => "gelöscht",
    Combined => "beide Änderungen zusammengeführt",
});

/// A row version from the other copy that will be written here.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MergeEntry {
    pub kind: EntityKind,
    pub id: Uuid,
    pub title: String,
    pub action: MergeAction,
    /// For a changed row: each field it changes here, this file's value → the new one (the
    /// preview shows them before anything is taken). Empty for added and deleted rows.
    pub fields: Vec<FieldDifference>,
    #[serde(skip)]
    #[ts(skip)]
    pub body: serde_json::Value,
    #[serde(skip)]
    #[ts(skip)]
    pub deleted: bool,
}

impl MergeEntry {
    fn new(
        kind: EntityKind,
        id: Uuid,
        action: MergeAction,
        body: serde_json::Value,
        deleted: bool,
        before: Option<&serde_json::Value>,
        referents: &Referents,
    ) -> MergeEntry {
        MergeEntry {
            kind,
            id,
            title: row_title(kind, &body, referents),
            action,
            fields: match (action, before) {
                (MergeAction::Changed | MergeAction::Combined, Some(before)) => {
                    differences(before, &body)
                }
                _ => Vec::new(),
            },
            body,
            deleted,
        }
    }
}

/// One field that differs between two versions of a row (a conflict, or a change to take).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FieldDifference {
    pub field: String,
    /// The field's German name ([`crate::model::field_label`]).
    pub label: String,
    pub mine: serde_json::Value,
    pub theirs: serde_json::Value,
}

/// A row changed in both copies since they parted.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MergeConflict {
    pub kind: EntityKind,
    pub id: Uuid,
    pub title: String,
    pub mine_deleted: bool,
    pub theirs_deleted: bool,
    pub mine_updated_at: String,
    pub theirs_updated_at: String,
    /// The fields that differ (for a deleted side: the fields of the last version).
    pub fields: Vec<FieldDifference>,
    /// The version taken unless the consultant chooses the other.
    pub suggested: Side,
    /// What is written when the other copy's version is chosen (with this copy's changes to
    /// other fields kept).
    #[serde(skip)]
    #[ts(skip)]
    pub theirs_body: serde_json::Value,
    /// What is written when this copy's version is chosen, if that differs from the row as it
    /// is (the other copy's changes to other fields); `None`: nothing to write.
    #[serde(skip)]
    #[ts(skip)]
    pub mine_body: Option<serde_json::Value>,
    #[serde(skip)]
    #[ts(skip)]
    pub theirs_hash: String,
}

/// What merging the other copy would do.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct MergePlan {
    /// Changes made only in the other copy: taken.
    pub from_theirs: Vec<MergeEntry>,
    /// Rows changed only in this copy: kept.
    pub kept_mine: usize,
    /// Rows equal in both copies.
    pub identical: usize,
    pub conflicts: Vec<MergeConflict>,
    /// The other copy was sent without personal data: names and contacts here are kept.
    pub theirs_without_personal_data: bool,
    /// Versions of the other copy whose changes went into a combined row: recorded as seen.
    #[serde(skip)]
    #[ts(skip)]
    pub combined: Vec<SeenVersion>,
}

/// A version of a row in the other copy (its image hash).
#[derive(Debug, Clone)]
pub struct SeenVersion {
    pub kind: EntityKind,
    pub id: Uuid,
    pub hash: String,
}

/// A short, stable fingerprint of a row version (body and tombstone flag).
pub fn image_hash(body: &serde_json::Value, deleted: bool) -> String {
    let mut h = Sha256::new();
    h.update(if deleted { b"1" } else { b"0" });
    h.update(body.to_string().as_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The rows a title may name besides the row itself, by kind and id, from both copies (the
/// other copy's live version where both have one: a row added there is only there).
pub struct Referents<'a>(HashMap<Key, &'a serde_json::Value>);

impl<'a> Referents<'a> {
    pub fn of(mine: &'a CopyContents, theirs: &'a CopyContents) -> Referents<'a> {
        Referents(
            mine.rows
                .iter()
                .chain(theirs.rows.iter().filter(|(_, row)| !row.deleted))
                .map(|(kind, row)| ((*kind, row.id), &row.body))
                .collect(),
        )
    }
}

/// The rows a kind is known by when it has no name of its own (a status is the status of a
/// measure in a round): its field that refers to one, and the kind of that row.
fn named_references(kind: EntityKind) -> &'static [(&'static str, EntityKind)] {
    use EntityKind as K;
    match kind {
        K::StatusEntry => &[("measure_id", K::Measure), ("round_id", K::StatusRound)],
        K::CheckAnswer => &[("item_id", K::CheckItem)],
        K::KpiValue => &[("kpi_id", K::Kpi)],
        K::LifeAreaVote => &[("life_area_id", K::LifeArea), ("event_id", K::Event)],
        K::MeasureVote => &[("measure_id", K::Measure), ("event_id", K::Event)],
        _ => &[],
    }
}

/// A row's own name: number and title, a question with its key, a name, text, label …; a
/// measured value and a decision by their date.
fn own_name(kind: EntityKind, body: &serde_json::Value) -> Option<String> {
    let text = |key: &str| {
        body.get(key)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let date = || {
        text("date").map(
            |d| match chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                Ok(day) => day.format("%d.%m.%Y").to_string(),
                Err(_) => d,
            },
        )
    };
    let joined = |parts: [Option<String>; 2]| {
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    match kind {
        EntityKind::CheckItem => joined([text("key"), text("question")]),
        // „Gemeinderat 03.11.2025“; the field `body` of a decision is the council.
        EntityKind::Adoption => joined([text("body"), date()]),
        EntityKind::KpiValue => date(),
        _ => match (text("number"), text("title")) {
            (Some(n), Some(t)) => Some(format!("{n} {t}")),
            (None, Some(t)) => Some(t),
            _ => ["name", "text", "role", "label", "key", "heading"]
                .into_iter()
                .find_map(text),
        },
    }
}

/// The name a consultant recognises a row by: its own (number and title, name, text …) and,
/// for a row that belongs to others, theirs – „Status einer Maßnahme: M-01-02 Digitaler
/// Bauantrag – Statusrunde 2. Halbjahr 2026“, not 40 times „Status einer Maßnahme“.
pub fn row_title(kind: EntityKind, body: &serde_json::Value, referents: &Referents) -> String {
    let short = |s: String| {
        if s.chars().count() > 70 {
            format!("{}…", s.chars().take(69).collect::<String>())
        } else {
            s
        }
    };
    let referred = named_references(kind).iter().filter_map(|(field, of)| {
        let id = body.get(*field)?.as_str()?.parse::<Uuid>().ok()?;
        let name = own_name(*of, referents.0.get(&(*of, id))?)?;
        // A round's label is often its period alone („1. Halbjahr 2028“).
        Some(
            if *of == EntityKind::StatusRound && !StatusRound::label_names_itself(&name) {
                format!("Statusrunde {name}")
            } else {
                name
            },
        )
    });
    let parts: Vec<String> = referred.chain(own_name(kind, body)).map(short).collect();
    if parts.is_empty() {
        kind.label().to_string()
    } else {
        format!("{}: {}", kind.label(), parts.join(" – "))
    }
}

type Key = (EntityKind, Uuid);

/// Plans the merge of `theirs` into `mine`.
pub fn plan(mine: &CopyContents, theirs: &CopyContents, prefer: Prefer) -> MergePlan {
    let scrubbed = theirs.meta.contains_key(WITHOUT_PERSONAL_DATA);
    let referents = Referents::of(mine, theirs);
    let mine_rows: HashMap<Key, &StoredRow> =
        mine.rows.iter().map(|(k, r)| ((*k, r.id), r)).collect();
    // A copy without personal data gets this copy's names and contacts back before comparing,
    // so blanked fields are neither a change nor written here.
    let restore = |kind: EntityKind, id: Uuid, body: &serde_json::Value| -> serde_json::Value {
        let mut body = body.clone();
        if scrubbed && !kind.personal_fields().is_empty() {
            if let (Some(own), Some(obj)) = (mine_rows.get(&(kind, id)), body.as_object_mut()) {
                for field in kind.personal_fields() {
                    if let Some(v) = own.body.get(field) {
                        obj.insert(field.to_string(), v.clone());
                    }
                }
            }
        }
        body
    };

    let mut mine_known: HashMap<Key, HashSet<String>> = HashMap::new();
    let mut mine_history: HashMap<Key, Vec<(String, &serde_json::Value, bool)>> = HashMap::new();
    for (kind, id, body, deleted) in &mine.history {
        let hash = image_hash(body, *deleted);
        mine_known
            .entry((*kind, *id))
            .or_default()
            .insert(hash.clone());
        mine_history
            .entry((*kind, *id))
            .or_default()
            .push((hash, body, *deleted));
    }
    for (kind, id, hash) in &mine.seen {
        mine_known
            .entry((*kind, *id))
            .or_default()
            .insert(hash.clone());
    }
    let mut theirs_known: HashMap<Key, HashSet<String>> = HashMap::new();
    for (kind, id, body, deleted) in &theirs.history {
        theirs_known
            .entry((*kind, *id))
            .or_default()
            .insert(image_hash(&restore(*kind, *id, body), *deleted));
    }

    let mut out = MergePlan {
        theirs_without_personal_data: scrubbed,
        ..Default::default()
    };
    let theirs_rows: BTreeMap<Key, &StoredRow> =
        theirs.rows.iter().map(|(k, r)| ((*k, r.id), r)).collect();
    for ((kind, id), t) in theirs_rows {
        let t_body = restore(kind, id, &t.body);
        let Some(m) = mine_rows.get(&(kind, id)) else {
            // Rows are never removed, so a row missing here was added there.
            if !t.deleted {
                out.from_theirs.push(MergeEntry::new(
                    kind,
                    id,
                    MergeAction::Added,
                    t_body,
                    false,
                    None,
                    &referents,
                ));
            }
            continue;
        };
        let hm = image_hash(&m.body, m.deleted);
        let ht = image_hash(&t_body, t.deleted);
        if hm == ht {
            out.identical = out.identical.saturating_add(1);
            continue;
        }
        let theirs_knows_mine = theirs_known
            .get(&(kind, id))
            .is_some_and(|s| s.contains(&hm));
        let mine_knows_theirs = mine_known.get(&(kind, id)).is_some_and(|s| s.contains(&ht));
        let take_theirs = match (theirs_knows_mine, mine_knows_theirs) {
            (true, false) => true,
            (false, true) => false,
            // Both have had each other's version (e.g. one side undid an old change):
            // the later change wins.
            (true, true) => t.updated_at > m.updated_at,
            (false, false) => {
                let suggested = match prefer {
                    Prefer::Mine => Side::Mine,
                    Prefer::Theirs => Side::Theirs,
                    Prefer::Newer if t.updated_at > m.updated_at => Side::Theirs,
                    Prefer::Newer => Side::Mine,
                };
                let base = common_base(&mine_history, (kind, id), &theirs_known);
                let mut conflict = MergeConflict {
                    kind,
                    id,
                    title: row_title(kind, if t.deleted { &m.body } else { &t_body }, &referents),
                    mine_deleted: m.deleted,
                    theirs_deleted: t.deleted,
                    mine_updated_at: m.updated_at.clone(),
                    theirs_updated_at: t.updated_at.clone(),
                    fields: differences(&m.body, &t_body),
                    suggested,
                    theirs_body: t_body.clone(),
                    mine_body: None,
                    theirs_hash: ht,
                };
                // Both changed a live row: merge field by field against the common version.
                if let Some(base) = base.filter(|_| !m.deleted && !t.deleted) {
                    let fields = three_way(base, &m.body, &t_body);
                    let with = |side: Side| {
                        let mut body = m.body.clone();
                        if let Some(obj) = body.as_object_mut() {
                            for f in &fields {
                                let v = match (f.conflict, side) {
                                    (true, Side::Mine) => continue,
                                    _ => f.theirs.clone(),
                                };
                                obj.insert(f.field.clone(), v);
                            }
                        }
                        body
                    };
                    let conflicting: Vec<FieldDifference> = fields
                        .iter()
                        .filter(|f| f.conflict)
                        .map(|f| FieldDifference {
                            field: f.field.clone(),
                            label: crate::model::field_label(&f.field).to_string(),
                            mine: f.mine.clone(),
                            theirs: f.theirs.clone(),
                        })
                        .collect();
                    let combined = with(Side::Theirs);
                    if conflicting.is_empty() {
                        out.combined.push(SeenVersion {
                            kind,
                            id,
                            hash: conflict.theirs_hash.clone(),
                        });
                        if combined == m.body {
                            out.kept_mine = out.kept_mine.saturating_add(1);
                            continue;
                        }
                        out.from_theirs.push(MergeEntry::new(
                            kind,
                            id,
                            MergeAction::Combined,
                            combined,
                            false,
                            Some(&m.body),
                            &referents,
                        ));
                        continue;
                    }
                    let mine_resolved = with(Side::Mine);
                    conflict.mine_body = (mine_resolved != m.body).then_some(mine_resolved);
                    conflict.theirs_body = combined;
                    conflict.fields = conflicting;
                }
                out.conflicts.push(conflict);
                continue;
            }
        };
        if take_theirs {
            let action = match (m.deleted, t.deleted) {
                (_, true) => MergeAction::Deleted,
                (true, false) => MergeAction::Added,
                (false, false) => MergeAction::Changed,
            };
            out.from_theirs.push(MergeEntry::new(
                kind,
                id,
                action,
                t_body,
                t.deleted,
                Some(&m.body),
                &referents,
            ));
        } else {
            out.kept_mine = out.kept_mine.saturating_add(1);
        }
    }
    out
}

/// The newest version in my history of a row that the other copy has had too: the version
/// both copies started from (`None` when they share none, e.g. after a JSON import).
fn common_base<'a>(
    mine_history: &HashMap<Key, Vec<(String, &'a serde_json::Value, bool)>>,
    key: Key,
    theirs_known: &HashMap<Key, HashSet<String>>,
) -> Option<&'a serde_json::Value> {
    let known = theirs_known.get(&key)?;
    mine_history
        .get(&key)?
        .iter()
        .rev()
        .find(|(hash, _, deleted)| !*deleted && known.contains(hash))
        .map(|(_, body, _)| *body)
}

/// A field changed by at least one side since `base`.
struct FieldChange {
    field: String,
    mine: serde_json::Value,
    theirs: serde_json::Value,
    /// Both sides changed it to different values.
    conflict: bool,
}

/// Fields the other copy changed since `base` (to be taken) and fields both changed differently.
fn three_way(
    base: &serde_json::Value,
    mine: &serde_json::Value,
    theirs: &serde_json::Value,
) -> Vec<FieldChange> {
    let null = serde_json::Value::Null;
    let field = |v: &serde_json::Value, k: &str| v.get(k).cloned().unwrap_or(null.clone());
    let mut keys: Vec<String> = [base, mine, theirs]
        .iter()
        .filter_map(|v| v.as_object())
        .flat_map(|o| o.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (b, m, t) = (field(base, &k), field(mine, &k), field(theirs, &k));
            if t == b || t == m {
                return None;
            }
            Some(FieldChange {
                conflict: m != b,
                field: k,
                mine: m,
                theirs: t,
            })
        })
        .collect()
}

/// The top-level fields whose values differ (the id never does).
fn differences(mine: &serde_json::Value, theirs: &serde_json::Value) -> Vec<FieldDifference> {
    let empty = serde_json::Map::new();
    let m = mine.as_object().unwrap_or(&empty);
    let t = theirs.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = m.keys().chain(t.keys()).filter(|k| *k != "id").collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let a = m.get(k).cloned().unwrap_or(serde_json::Value::Null);
            let b = t.get(k).cloned().unwrap_or(serde_json::Value::Null);
            (a != b).then(|| FieldDifference {
                label: crate::model::field_label(k).to_string(),
                field: k.clone(),
                mine: a,
                theirs: b,
            })
        })
        .collect()
}
