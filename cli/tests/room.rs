//! `zukunft room` without the window: moderation of ideas on standard input, Ctrl+C, and the
//! room's dots in the file afterwards.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use zukunftskommune::api::{FileCommand, MeasuresCommand};
use zukunftskommune::{dispatch, Command, Reply, Session};

fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("Musterstadt.zukunft");
    zukunftskommune::api::write_demo(&path).unwrap();
    path
}

fn open(path: &Path) -> Session {
    let mut s = Session::new();
    dispatch(
        &mut s,
        Command::File(FileCommand::Open {
            path: path.display().to_string(),
        }),
    )
    .unwrap();
    s
}

/// A phone: posts JSON, with its device token once joined.
fn post(url: &str, device: Option<&str>, body: Value) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut req = agent.post(url).header("content-type", "application/json");
    if let Some(d) = device {
        req = req.header("x-geraet", d);
    }
    let mut r = req.send(body.to_string()).expect("request");
    let status = r.status().as_u16();
    (status, r.body_mut().read_json().unwrap_or(Value::Null))
}

/// `zukunft room` running on a project, its output read line by line.
struct Headless {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Headless {
    fn start(file: &Path, args: &[&str]) -> Headless {
        let mut child = Process::new(env!("CARGO_BIN_EXE_zukunft"))
            .arg("room")
            .arg(file)
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Headless {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits (bounded) for a line starting with `prefix`; returns it.
    fn line(&mut self, prefix: &str) -> String {
        if let Some(l) = self.seen.iter().find(|l| l.starts_with(prefix)) {
            return l.clone();
        }
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no line „{prefix}…“ in {:#?}", self.seen));
            self.seen.push(line.clone());
            if line.starts_with(prefix) {
                return line;
            }
        }
    }

    fn value(&mut self, prefix: &str) -> String {
        self.line(prefix)[prefix.len()..].trim().to_string()
    }

    fn say(&mut self, text: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{text}").unwrap();
        stdin.flush().unwrap();
    }

    fn wait(mut self) -> (i32, Vec<String>) {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(200)) {
                    self.seen.push(l);
                }
                return (status.code().unwrap_or(-1), self.seen);
            }
            assert!(Instant::now() < until, "zukunft room did not end");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn ideas_of(path: &Path) -> Vec<zukunftskommune::model::Idea> {
    let mut s = open(path);
    match dispatch(&mut s, Command::Measures(MeasuresCommand::Get)).unwrap() {
        Reply::Measures(v) => v.ideas,
        _ => panic!(),
    }
}

#[test]
fn headless_collecting_moderates_ideas_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let before = ideas_of(&path).len();
    let mut room = Headless::start(&path, &["--collect", "LB03", "--minutes", "5"]);
    let url = room.value("Adresse:");
    let pin = room.value("PIN:");
    assert!(room.line("Abstimmung per Handy:").contains("Ideen für „"));
    let (_, joined) = post(&format!("{url}join"), None, json!({ "pin": pin }));
    let device = joined["device"].as_str().unwrap().to_string();
    for text in [
        "Freies WLAN am Marktplatz",
        "Ein \"Zitat\" & <b>Tags</b>",
        "Bitte verwerfen",
    ] {
        let (status, _) = post(
            &format!("{url}idea"),
            Some(&device),
            json!({ "text": text }),
        );
        assert_eq!(status, 200);
    }
    assert_eq!(room.line("Idee 3:"), "Idee 3: Bitte verwerfen");
    room.say("a 1");
    room.say("a 2");
    room.say("v 3");
    room.say("a 7");
    room.line("Idee 2 angenommen.");
    room.line("Idee 3 verworfen.");
    room.line("Keine wartende Idee mit der Nummer 7.");
    room.say("ende");
    let (code, out) = room.wait();
    assert_eq!(code, 0, "{out:#?}");
    assert!(
        out.iter().any(|l| l.contains("2 Ideen angenommen")),
        "{out:#?}"
    );

    let ideas = ideas_of(&path);
    assert_eq!(ideas.len(), before + 2);
    let mut s = open(&path);
    let Reply::LifeAreas(areas) = dispatch(
        &mut s,
        Command::LifeAreas(zukunftskommune::api::LifeAreasCommand::Get),
    )
    .unwrap() else {
        panic!()
    };
    let lb03 = areas
        .areas
        .iter()
        .find(|a| a.area.code == "LB03")
        .unwrap()
        .area
        .id;
    for text in ["Freies WLAN am Marktplatz", "Ein \"Zitat\" & <b>Tags</b>"] {
        let idea = ideas
            .iter()
            .find(|i| i.text == text)
            .unwrap_or_else(|| panic!("{text}"));
        assert_eq!(idea.life_area_id, Some(lb03));
        assert!(idea.event_id.is_some(), "linked to the session's event");
    }
    assert!(!ideas.iter().any(|i| i.text == "Bitte verwerfen"));
}

#[test]
fn ctrl_c_ends_a_headless_vote_cleanly_with_every_dot_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut room = Headless::start(
        &path,
        &[
            "--vote",
            "areas",
            "--dots",
            "2",
            "--per-item",
            "1",
            "--hidden",
        ],
    );
    let url = room.value("Adresse:");
    let pin = room.value("PIN:");
    let (_, joined) = post(&format!("{url}join"), None, json!({ "pin": pin }));
    let device = joined["device"].as_str().unwrap().to_string();
    assert!(joined["items"][0]["total"].is_null(), "--hidden");
    for item in [0, 1, 2] {
        post(
            &format!("{url}dot"),
            Some(&device),
            json!({ "item": item, "up": true }),
        );
    }
    room.say("aufdecken");
    room.line("Ergebnisse aufgedeckt.");
    let (_, seen) = post(
        &format!("{url}dot"),
        Some(&device),
        json!({ "item": 1, "up": false }),
    );
    assert_eq!(seen["items"][0]["total"], 1);
    let status = Process::new("kill")
        .args(["-INT", &room.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let (code, out) = room.wait();
    assert_eq!(code, 0, "{out:#?}");
    assert!(
        out.iter()
            .any(|l| l.starts_with("Beendet: 1 Gerät, 1 Punkt")),
        "{out:#?}"
    );

    let mut s = open(&path);
    let Reply::LifeAreas(view) = dispatch(
        &mut s,
        Command::LifeAreas(zukunftskommune::api::LifeAreasCommand::Get),
    )
    .unwrap() else {
        panic!()
    };
    let first = view
        .areas
        .iter()
        .filter(|a| a.area.selected && a.area.code != "Q")
        .map(|a| a.area.id)
        .next()
        .unwrap();
    let area = view.areas.iter().find(|a| a.area.id == first).unwrap();
    let newest_event = view
        .events
        .iter()
        .find(|e| e.title.contains("Abstimmung per Handy"))
        .unwrap()
        .id;
    let at_session: u32 = area
        .votes
        .iter()
        .filter(|v| v.event_id == newest_event)
        .map(|v| v.votes)
        .sum();
    assert_eq!(at_session, 1);
}
