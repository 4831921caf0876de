//! Saving a row names only what it changes: a [`Patch`] is the JSON object of a save command
//! (`save_measure`, `save_goal`, …) laid over the stored row (JSON merge patch, RFC 7396 for
//! the top-level fields). A field that is not named keeps its stored value; `null` puts a field
//! back to its empty value; a field name the row does not have is refused, naming the field.
//! The window sends whole rows, a script may send only `{"id": …, "title": …}`: both meet here,
//! so the UI, the CLI and imports share one rule and no save erases what it did not name.

use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::Entity;
use crate::store::ProjectFile;

/// The fields a save command names for a row of kind `T`. In TypeScript it is typed as `T`
/// (the window sends whole rows); any subset of its fields is accepted from JSON.
#[derive(Debug, Clone)]
pub struct Patch<T> {
    fields: Map<String, Value>,
    kind: PhantomData<T>,
}

impl<T: Entity> From<T> for Patch<T> {
    /// A save naming every field of `row` (what the window sends).
    fn from(row: T) -> Self {
        let fields = match serde_json::to_value(&row) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        Patch {
            fields,
            kind: PhantomData,
        }
    }
}

impl<T> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields.serialize(serializer)
    }
}

impl<'de, T> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = Map::deserialize(deserializer)?;
        Ok(Patch {
            fields,
            kind: PhantomData,
        })
    }
}

impl<T: Entity> Patch<T> {
    /// The id the save names; nil (or none given) creates a new row.
    pub fn id(&self) -> Result<Uuid> {
        match self.fields.get("id") {
            None | Some(Value::Null) => Ok(Uuid::nil()),
            Some(Value::String(s)) => Uuid::parse_str(s)
                .map_err(|_| Error::invalid(format!("„{s}“ ist keine gültige ID."))),
            Some(other) => Err(Error::invalid(format!(
                "Das Feld „id“ muss eine ID sein (angegeben: {other})."
            ))),
        }
    }

    /// Whether the save names `field` (with any value, `null` included).
    pub fn names(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// The row after the save: the stored row of the named id (or a new row) with the named
    /// fields replaced. An unknown id is [`Error::NotFound`].
    pub fn resolve(self, file: &ProjectFile) -> Result<T> {
        let id = self.id()?;
        let base = if id.is_nil() {
            None
        } else {
            Some(file.require::<T>(id)?)
        };
        self.apply_to(base)
    }

    /// [`Patch::resolve`] for a singleton (profile, report settings): the row with the fixed
    /// id of its kind, whatever id the save names.
    pub fn resolve_singleton(mut self, file: &ProjectFile) -> Result<T> {
        self.fields.remove("id");
        let base = super::singleton::<T>(file)?;
        self.apply_to(Some(base))
    }

    /// Lays the named fields over `base` (a new row's defaults when `None`).
    pub fn apply_to(self, base: Option<T>) -> Result<T> {
        let defaults = serde_json::to_value(T::default())?;
        let mut row = match serde_json::to_value(base.unwrap_or_default())? {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        for (field, value) in self.fields {
            if value.is_null() {
                // `null` empties the field: the value a new row has.
                match defaults.get(&field) {
                    Some(empty) => row.insert(field, empty.clone()),
                    None => row.remove(&field),
                };
            } else {
                row.insert(field, value);
            }
        }
        decode_row(Value::Object(row))
    }
}

/// Reads a row from JSON, refusing field names the row does not have and naming the field of
/// a wrongly typed value, in German.
fn decode_row<T: Entity>(value: Value) -> Result<T> {
    let mut unknown = Vec::new();
    let decoded: Result<T, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        value,
        &mut |path: serde_ignored::Path| unknown.push(path.to_string()),
    ));
    let row = decoded.map_err(|e| {
        let field = e.path().to_string();
        Error::invalid(german_type_error(
            &format!("{} › {field}", T::KIND.label()),
            &e.inner().to_string(),
        ))
    })?;
    if !unknown.is_empty() {
        return Err(Error::invalid(format!(
            "{} hat kein Feld {} – bitte die Schreibweise prüfen (siehe „zukunft apply --help“).",
            T::KIND.label(),
            unknown
                .iter()
                .map(|f| format!("„{f}“"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(row)
}

/// Turns serde's English description of a type error into a German sentence.
pub(crate) fn german_type_error(what: &str, detail: &str) -> String {
    let expected = detail
        .split_once("expected ")
        .map(|(_, e)| e)
        .unwrap_or(detail);
    let got = detail
        .strip_prefix("invalid type: ")
        .or_else(|| detail.strip_prefix("invalid value: "))
        .and_then(|d| d.split_once(", expected").map(|(g, _)| g));
    let expected_de = if expected.contains("i64")
        || expected.contains("u32")
        || expected.contains("u8")
        || expected.contains("integer")
    {
        "eine ganze Zahl im erlaubten Bereich".to_string()
    } else if expected.contains("a string") {
        "einen Text".to_string()
    } else if expected.contains("a boolean") {
        "true oder false".to_string()
    } else if expected.contains("UUID") || expected.contains("uuid") {
        "eine ID".to_string()
    } else if expected.starts_with("one of") || expected.starts_with("variant") {
        format!(
            "einen dieser Werte: {}",
            expected.trim_start_matches("one of ")
        )
    } else {
        expected.to_string()
    };
    match got {
        Some(g) => format!(
            "{what}: ungültiger Wert {} – erwartet wird {expected_de}.",
            german_value(g)
        ),
        None => format!("{what}: ungültige Angabe ({detail})."),
    }
}

/// serde's description of the value it got („floating point `12.5`“, „string "50"“), in German:
/// the value as it was written, and what kind of value it was where that is not plain.
fn german_value(got: &str) -> String {
    for kind in ["floating point ", "integer ", "boolean "] {
        if let Some(v) = got.strip_prefix(kind) {
            return format!("„{}“", v.trim_matches('`'));
        }
    }
    if let Some(v) = got.strip_prefix("string ") {
        return format!("„{}“ (als Text)", v.trim_matches('"'));
    }
    match got {
        "map" => "(ein Objekt { … })".into(),
        "sequence" => "(eine Liste [ … ])".into(),
        "null" => "null".into(),
        other => format!("„{other}“"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Goal;

    #[test]
    fn unnamed_fields_keep_their_value_and_null_empties() {
        let stored = Goal {
            id: Uuid::now_v7(),
            title: "Alt".into(),
            indicator: "Quote".into(),
            ..Default::default()
        };
        let patch: Patch<Goal> =
            serde_json::from_str(r#"{"title":"Neu","indicator":null}"#).unwrap();
        let row = patch.apply_to(Some(stored.clone())).unwrap();
        assert_eq!(row.title, "Neu");
        assert_eq!(row.indicator, "");
        assert_eq!(row.id, stored.id);
    }

    #[test]
    fn unknown_field_is_named() {
        let patch: Patch<Goal> = serde_json::from_str(r#"{"titel":"Neu"}"#).unwrap();
        let e = patch.apply_to(None).unwrap_err().to_string();
        assert!(e.contains("„titel“"), "{e}");
    }
}
