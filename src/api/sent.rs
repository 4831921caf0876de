//! The window's replies as changes: a view the window already holds is not sent again whole.
//!
//! The window keeps the last reply of each kind (the Maßnahmen view, the overview, …) and names
//! it by its token when it sends the next command. A reply of the same kind then carries only
//! what differs from that one: each top-level field of the reply's data, and each element of a
//! list there (a view's rows), that equals the held one is the marker `{"$same": null}`; a row
//! that moved because one above it was added or deleted is `{"$same": i}` (the held list's
//! element `i`). The window rebuilds the whole reply from its copy (`ui/src/lib/changes.ts`)
//! and keeps the unchanged parts as the same objects, so only changed rows are drawn again. A
//! save of one field on a project with 1,500 measures sent 1.5 MB of JSON before; now the
//! changed row, the change note and a marker per row.
//!
//! Parts are compared as the JSON text they are sent as, never parsed into values: splitting
//! and comparing costs a fraction of writing the reply. The marker cannot be mistaken for data:
//! every key the core sends is a field name of a Rust type (`tests/it/sent.rs` checks that no
//! reply has a key starting with `$`).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use ts_rs::TS;

use super::Reply;
use crate::error::{ApiError, ErrorCode};

/// The last reply of each kind sent to one window.
#[derive(Debug, Default)]
pub struct SentViews {
    /// The token the next reply gets.
    next_token: u64,
    /// Reply kind → the token and the parts of the last reply of that kind.
    last: HashMap<String, (u64, Split)>,
}

/// A reply as the window receives it.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct WindowReply {
    /// Names this reply: the window sends it back (`held`) while it keeps the reply.
    #[ts(type = "number")]
    pub token: u64,
    /// The held reply this one is written against (its `data` holds `$same` markers);
    /// `None`: the reply is whole.
    #[ts(type = "number | null")]
    pub basis: Option<u64>,
    /// `{"kind", "data"}` as [`Reply`], `data` with the markers when `basis` is set.
    #[ts(type = "unknown")]
    pub reply: Box<RawValue>,
}

/// A reply's kind and data as written.
#[derive(Deserialize)]
struct Tagged<'a> {
    kind: String,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// Reply data split where it is compared: an object's fields, or the data as one part.
#[derive(Debug)]
enum Split {
    Fields(BTreeMap<String, Part>),
    Whole(Part),
}

/// One part's JSON and, for a list, its elements' JSON.
#[derive(Debug)]
struct Part {
    json: String,
    elements: Option<Vec<String>>,
}

const SAME: &str = r#"{"$same":null}"#;

fn internal(e: serde_json::Error) -> ApiError {
    ApiError {
        code: ErrorCode::Internal,
        message: format!("Interner Fehler: die Antwort ließ sich nicht schreiben ({e})."),
    }
}

impl SentViews {
    /// `reply` for a window that holds the replies `held` (their tokens): against the held
    /// reply of the same kind only the changes, else whole. Remembers it as that kind's last.
    pub fn encode(&mut self, reply: &Reply, held: &[u64]) -> Result<WindowReply, ApiError> {
        let whole = serde_json::to_string(reply).map_err(internal)?;
        let token = self.next_token;
        self.next_token = self.next_token.saturating_add(1);
        let tagged: Tagged = serde_json::from_str(&whole).map_err(internal)?;
        let Some(data) = tagged.data else {
            // A reply without data (`closed`) is always whole.
            return Ok(WindowReply {
                token,
                basis: None,
                reply: RawValue::from_string(whole).map_err(internal)?,
            });
        };
        let split = Split::of(data.get())?;
        let previous = self.last.remove(&tagged.kind);
        let sent = match &previous {
            Some((basis, old)) if held.contains(basis) => {
                let mut changes = String::with_capacity(4096);
                changes.push_str(r#"{"kind":"#);
                changes.push_str(&serde_json::to_string(&tagged.kind).map_err(internal)?);
                changes.push_str(r#","data":"#);
                split.write_changes(old, &mut changes)?;
                changes.push('}');
                Some((*basis, changes))
            }
            _ => None,
        };
        self.last.insert(tagged.kind, (token, split));
        Ok(match sent {
            Some((basis, changes)) => WindowReply {
                token,
                basis: Some(basis),
                reply: RawValue::from_string(changes).map_err(internal)?,
            },
            None => WindowReply {
                token,
                basis: None,
                reply: RawValue::from_string(whole).map_err(internal)?,
            },
        })
    }
}

impl Split {
    fn of(data: &str) -> Result<Split, ApiError> {
        if data.starts_with('{') {
            let fields: BTreeMap<String, &RawValue> =
                serde_json::from_str(data).map_err(internal)?;
            let fields = fields
                .into_iter()
                .map(|(key, value)| Ok((key, Part::of(value.get())?)))
                .collect::<Result<_, ApiError>>()?;
            Ok(Split::Fields(fields))
        } else {
            Ok(Split::Whole(Part::of(data)?))
        }
    }

    /// `self` written against `old` into `out`: an object field by field (a field `old` lacks
    /// whole), anything else as its part.
    fn write_changes(&self, old: &Split, out: &mut String) -> Result<(), ApiError> {
        match (self, old) {
            (Split::Whole(new), Split::Whole(old)) => new.write_changes(Some(old), out),
            (Split::Whole(new), Split::Fields(_)) => new.write_changes(None, out),
            (Split::Fields(new), old) => {
                let old = match old {
                    Split::Fields(old) => Some(old),
                    Split::Whole(_) => None,
                };
                out.push('{');
                for (i, (key, part)) in new.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).map_err(internal)?);
                    out.push(':');
                    part.write_changes(old.and_then(|old| old.get(key)), out);
                }
                out.push('}');
            }
        }
        Ok(())
    }
}

impl Part {
    fn of(json: &str) -> Result<Part, ApiError> {
        let elements = if json.starts_with('[') {
            let items: Vec<&RawValue> = serde_json::from_str(json).map_err(internal)?;
            Some(items.iter().map(|e| e.get().to_owned()).collect())
        } else {
            None
        };
        Ok(Part {
            json: json.to_owned(),
            elements,
        })
    }

    /// The marker when equal to `old`; a list element by element (equal at the same place,
    /// moved, or whole); anything else whole.
    fn write_changes(&self, old: Option<&Part>, out: &mut String) {
        let Some(old) = old else {
            out.push_str(&self.json);
            return;
        };
        if self.json == old.json {
            out.push_str(SAME);
            return;
        }
        let (Some(new), Some(before)) = (&self.elements, &old.elements) else {
            out.push_str(&self.json);
            return;
        };
        // Where each held element is; built only when a row is not at its old place.
        let mut places: Option<HashMap<&str, usize>> = None;
        out.push('[');
        for (i, element) in new.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if before.get(i) == Some(element) {
                out.push_str(SAME);
                continue;
            }
            let places = places.get_or_insert_with(|| {
                let mut places = HashMap::with_capacity(before.len());
                for (j, e) in before.iter().enumerate() {
                    places.entry(e.as_str()).or_insert(j);
                }
                places
            });
            match places.get(element.as_str()) {
                Some(j) => {
                    out.push_str(r#"{"$same":"#);
                    out.push_str(&j.to_string());
                    out.push('}');
                }
                None => out.push_str(element),
            }
        }
        out.push(']');
    }
}
