//! Replies sent to the window as changes (`api::SentViews`): rebuilt against the held reply
//! they equal the whole reply, step by step through real commands; a one-field save on a large
//! project is a small fraction of the view; nothing held, nothing assumed.

use serde_json::{json, Map, Value};
use zukunftskommune::api::{parse_command, SentViews, WindowReply};
use zukunftskommune::{dispatch, Reply, Session};

use crate::common::*;

/// The window's side, written again here: `data` with its markers, rebuilt against `held`.
fn rebuilt(held: &Value, sent: &Value) -> Value {
    if let Some(at) = marker(sent) {
        assert!(at.is_none(), "a list reference outside a list: {sent}");
        return held.clone();
    }
    match sent {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| match marker(item) {
                    Some(Some(j)) => held[j].clone(),
                    _ => rebuilt(held.get(i).unwrap_or(&Value::Null), item),
                })
                .collect(),
        ),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), rebuilt(held.get(k).unwrap_or(&Value::Null), v)))
                .collect::<Map<String, Value>>(),
        ),
        other => other.clone(),
    }
}

/// `Some(None)` for `{"$same": null}`, `Some(Some(i))` for `{"$same": i}`.
fn marker(value: &Value) -> Option<Option<usize>> {
    let fields = value.as_object()?;
    if fields.len() != 1 {
        return None;
    }
    match fields.get("$same")? {
        Value::Null => Some(None),
        Value::Number(n) => Some(Some(n.as_u64()? as usize)),
        _ => None,
    }
}

/// A window: holds the last reply of each kind, sends their tokens, rebuilds what it gets.
#[derive(Default)]
struct Window {
    sent: SentViews,
    held: std::collections::HashMap<String, (u64, Value)>,
    /// Bytes of JSON that crossed, changes and whole.
    crossed: Vec<(usize, usize)>,
}

impl Window {
    fn send(&mut self, s: &mut Session, command: &str) -> Value {
        let reply = dispatch(s, parse_command(command).unwrap()).unwrap();
        let whole = serde_json::to_value(&reply).unwrap();
        let tokens: Vec<u64> = self.held.values().map(|(t, _)| *t).collect();
        let out: WindowReply = self.sent.encode(&reply, &tokens).unwrap();
        let sent: Value = serde_json::from_str(out.reply.get()).unwrap();
        let kind = sent["kind"].as_str().unwrap().to_string();
        let data = match out.basis {
            Some(basis) => {
                let (token, held) = &self.held[&kind];
                assert_eq!(*token, basis, "written against the reply the window holds");
                rebuilt(held, &sent["data"])
            }
            None => sent["data"].clone(),
        };
        assert_eq!(
            data, whole["data"],
            "{command}: rebuilt reply equals the whole one"
        );
        if std::env::var_os("ZK_SHOW_SENT").is_some() {
            eprintln!("{}", out.reply.get());
        }
        self.crossed.push((
            out.reply.get().len(),
            serde_json::to_string(&whole).unwrap().len(),
        ));
        self.held.insert(kind, (out.token, data.clone()));
        data
    }
}

/// The string at `pointer` (a JSON pointer) of a reply's data.
fn text_at(data: &Value, pointer: &str) -> String {
    data.pointer(pointer).unwrap().as_str().unwrap().to_string()
}

fn no_dollar_keys(value: &Value, path: &str) {
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                assert!(
                    !k.starts_with('$'),
                    "{path}.{k}: a key could be read as a marker"
                );
                no_dollar_keys(v, &format!("{path}.{k}"));
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| no_dollar_keys(v, &format!("{path}[{i}]"))),
        _ => {}
    }
}

#[test]
fn every_reply_rebuilt_from_its_changes_equals_the_whole_reply() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let mut w = Window::default();
    let gets = [
        r#"{"project":"overview"}"#,
        r#"{"goals":"get"}"#,
        r#"{"check":"get"}"#,
        r#"{"life_areas":"get"}"#,
        r#"{"measures":"get"}"#,
        r#"{"strategy":"get"}"#,
        r#"{"implementation":"get"}"#,
    ];
    for get in gets {
        let data = w.send(&mut s, get);
        no_dollar_keys(&data, get);
    }
    let measures = w.send(&mut s, r#"{"measures":"get"}"#);
    let id = text_at(&measures, "/measures/5/measure/id");
    let area = text_at(&measures, "/life_areas/0/id");
    // One field; a new measure at the front of its area (rows below it move); the moved
    // row's area changed (it leaves and is numbered anew); a deletion; undo and redo.
    w.send(
        &mut s,
        &format!(r#"{{"measures":{{"save_measure":{{"id":"{id}","lead":"Hauptamt"}}}}}}"#),
    );
    w.send(
        &mut s,
        &format!(r#"{{"measures":{{"save_measure":{{"title":"Neu","life_area_id":"{area}"}}}}}}"#),
    );
    w.send(
        &mut s,
        &format!(r#"{{"measures":{{"save_measure":{{"id":"{id}","life_area_id":null}}}}}}"#),
    );
    let other = text_at(
        &w.send(&mut s, r#"{"measures":"get"}"#),
        "/measures/0/measure/id",
    );
    w.send(
        &mut s,
        &format!(r#"{{"measures":{{"delete":{{"kind":"measure","id":"{other}"}}}}}}"#),
    );
    w.send(&mut s, r#"{"history":"undo"}"#);
    w.send(&mut s, r#"{"measures":"get"}"#);
    w.send(&mut s, r#"{"history":"redo"}"#);
    w.send(&mut s, r#"{"measures":"get"}"#);
    w.send(
        &mut s,
        r#"{"goals":{"save_goal":{"title":"Noch ein Ziel"}}}"#,
    );
    w.send(&mut s, r#"{"project":"overview"}"#);
}

#[test]
fn a_one_field_save_on_a_large_project_sends_the_row_not_the_view() {
    let dir = temp();
    let (mut s, _) = new_project(dir.path(), "Großstadt");
    let mut lines = Vec::new();
    for i in 0..300 {
        lines.push(format!(
            r#"{{"measures":{{"save_measure":{{"title":"Maßnahme {i}","lead":"Amt {}","start_quarter":"2027-Q{}","end_quarter":"2028-Q4","cost_once_cents":{}}}}}}}"#,
            i % 12,
            i % 4 + 1,
            100_000 * (i % 50 + 1)
        ));
    }
    for line in &lines {
        dispatch(&mut s, parse_command(line).unwrap()).unwrap();
    }
    let mut w = Window::default();
    let view = w.send(&mut s, r#"{"measures":"get"}"#);
    let id = text_at(&view, "/measures/150/measure/id");
    w.send(
        &mut s,
        &format!(r#"{{"measures":{{"save_measure":{{"id":"{id}","lead":"Hauptamt"}}}}}}"#),
    );
    let (changes, whole) = *w.crossed.last().unwrap();
    assert!(whole > 200_000, "the whole view is large: {whole} bytes");
    assert!(
        changes * 20 < whole,
        "a one-field save sends {changes} of {whole} bytes"
    );
    eprintln!("a one-field save at 300 measures: {changes} of {whole} bytes");
}

#[test]
fn a_reply_not_held_is_sent_whole() {
    let dir = temp();
    let path = demo(dir.path());
    let mut s = open(&path);
    let mut sent = SentViews::default();
    let get = |s: &mut Session| -> Reply {
        dispatch(s, parse_command(r#"{"goals":"get"}"#).unwrap()).unwrap()
    };
    let first = sent.encode(&get(&mut s), &[]).unwrap();
    assert_eq!(first.basis, None);
    // Held: the next one comes as changes (here: all the same).
    let second = sent.encode(&get(&mut s), &[first.token]).unwrap();
    assert_eq!(second.basis, Some(first.token));
    let data = |r: &WindowReply| -> Value {
        serde_json::from_str::<Value>(r.reply.get()).unwrap()["data"].clone()
    };
    let fields = data(&second);
    assert!(
        fields
            .as_object()
            .unwrap()
            .values()
            .all(|v| *v == json!({"$same": null})),
        "nothing changed, every field is a marker: {fields}"
    );
    // The window names an older reply, or none: whole again.
    let third = sent.encode(&get(&mut s), &[first.token]).unwrap();
    assert_eq!(third.basis, None);
    assert_eq!(
        third.reply.get(),
        serde_json::to_string(&get(&mut s)).unwrap()
    );
    let closed = sent.encode(&Reply::Closed, &[third.token]).unwrap();
    assert_eq!(closed.reply.get(), r#"{"kind":"closed"}"#);
}
