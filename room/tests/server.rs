//! The room server over real HTTP on loopback: joining, the limits per device and item, taking
//! back, revealing, moderating ideas, bad requests, rate limits, the end of a session.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use zukunftskommune_room::*;

/// A project stand-in: adds the dots it is given; can fail or call items deleted.
#[derive(Default)]
struct Ledger {
    counts: Mutex<Vec<i64>>,
    calls: Mutex<usize>,
    failures_left: Mutex<usize>,
    gone: Mutex<Vec<usize>>,
}

impl Recorder for Ledger {
    fn record(&self, dots: &[(usize, i64)]) -> Result<Vec<usize>, String> {
        *self.calls.lock().unwrap() += 1;
        let mut failures = self.failures_left.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            return Err("Die Projektdatei ist gerade nicht beschreibbar.".into());
        }
        let mut counts = self.counts.lock().unwrap();
        let gone = self.gone.lock().unwrap();
        for (item, delta) in dots {
            if counts.len() <= *item {
                counts.resize(item + 1, 0);
            }
            if !gone.contains(item) {
                counts[*item] += delta;
            }
        }
        Ok(dots
            .iter()
            .map(|(i, _)| *i)
            .filter(|i| gone.contains(i))
            .collect())
    }
}

fn setup(mode: Mode, items: usize) -> RoomSetup {
    RoomSetup {
        heading: "Punkte für die Maßnahmen".into(),
        intro: String::new(),
        mode,
        items: (0..items)
            .map(|i| format!("M-01-{:02} Maßnahme <b>{i}</b>", i + 1))
            .collect(),
        dots_per_device: 3,
        max_per_item: 2,
        hidden: false,
        duration: Duration::from_secs(600),
    }
}

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

fn start(setup: RoomSetup, limits: Limits) -> (Room, Arc<Ledger>) {
    let ledger = Arc::new(Ledger::default());
    let room = Room::start(loopback(), setup, limits, ledger.clone()).expect("room starts");
    (room, ledger)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// A phone: the session's URL and, once joined, its device token.
struct Phone {
    agent: ureq::Agent,
    base: String,
    device: Option<String>,
}

struct Answer {
    status: u16,
    body: Value,
    text: String,
    headers: Vec<(String, String)>,
}

fn read(mut r: ureq::http::Response<ureq::Body>) -> Answer {
    let status = r.status().as_u16();
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let text = r.body_mut().read_to_string().unwrap_or_default();
    Answer {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
        headers,
    }
}

impl Phone {
    fn new(room: &Room) -> Phone {
        Phone {
            agent: agent(),
            base: room.url().to_string(),
            device: None,
        }
    }

    fn post(&self, path: &str, body: &str) -> Answer {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json");
        if let Some(d) = &self.device {
            req = req.header("x-geraet", d);
        }
        read(req.send(body).expect("request"))
    }

    fn get(&self, path: &str) -> Answer {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        if let Some(d) = &self.device {
            req = req.header("x-geraet", d);
        }
        read(req.call().expect("request"))
    }

    fn join(&mut self, pin: &str) -> Answer {
        let a = self.post("join", &json!({ "pin": pin }).to_string());
        if a.status == 200 {
            self.device = a.body["device"].as_str().map(String::from);
        }
        a
    }

    fn dot(&self, item: usize, up: bool) -> Answer {
        self.post("dot", &json!({ "item": item, "up": up }).to_string())
    }
}

fn mine(a: &Answer) -> Vec<u64> {
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["mine"].as_u64().unwrap())
        .collect()
}

/// Waits (bounded) until `done` holds.
fn eventually(what: &str, done: impl Fn() -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < until, "timed out: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_phone_joins_only_with_the_session_s_token_and_pin() {
    let (room, _) = start(setup(Mode::Vote, 3), Limits::default());
    let url = room.url().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let token = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(token.len(), 25);
    assert_eq!(room.pin().len(), 4);

    // The page: served from memory with its CSP, the page's own script and style only.
    let mut phone = Phone::new(&room);
    let page = phone.get("");
    assert_eq!(page.status, 200);
    assert!(page.text.contains("<html lang=\"de\">"));
    let csp = &page
        .headers
        .iter()
        .find(|(k, _)| k == "content-security-policy")
        .unwrap()
        .1;
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!page.text.contains("http"), "nothing loaded from outside");
    let mut size = page.text.len();
    for asset in ["app.js", "app.css"] {
        let a = phone.get(asset);
        assert_eq!(a.status, 200);
        assert!(!a.text.contains("http://") && !a.text.contains("https://"));
        size += a.text.len();
    }
    assert!(size <= 100 * 1024, "the phone page is small: {size} bytes");

    // Another token: a bare 404 that names nothing of the session.
    let stranger = Phone {
        agent: agent(),
        base: url.replace(&token, "abcdefghijkmnpqrstuvwxyz2"),
        device: None,
    };
    for a in [
        stranger.get(""),
        stranger.post("join", &json!({"pin": room.pin()}).to_string()),
    ] {
        assert_eq!(a.status, 404);
        assert_eq!(a.text, "Nicht gefunden");
    }
    // Routes that do not exist, with the right token or none.
    let root = Phone {
        agent: agent(),
        base: url.replace(&format!("r/{token}/"), ""),
        device: None,
    };
    for path in ["", "r/", "favicon.ico", "api", "admin"] {
        let a = root.get(path);
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.text, "Nicht gefunden");
    }
    for path in ["admin", "items", "state.json", "../"] {
        assert_eq!(phone.get(path).status, 404, "{path}");
    }

    // Without joining there is no state; a wrong PIN is refused, the right one lets in.
    let a = phone.get("state");
    assert_eq!(a.status, 403);
    assert!(a.body["message"]
        .as_str()
        .unwrap()
        .contains("nicht angemeldet"));
    let wrong = if room.pin() == "1234" { "4321" } else { "1234" };
    let a = phone.join(wrong);
    assert_eq!(a.status, 403);
    assert!(a.body["message"]
        .as_str()
        .unwrap()
        .contains("PIN stimmt nicht"));
    assert!(a.body.get("items").is_none(), "no items before the PIN");
    let a = phone.join(room.pin());
    assert_eq!(a.status, 200);
    assert_eq!(a.body["items"].as_array().unwrap().len(), 3);
    assert_eq!(a.body["items"][0]["label"], "M-01-01 Maßnahme <b>0</b>");
    assert_eq!(a.body["left"], 3);
    assert_eq!(room.status().devices, 1);
}

#[test]
fn dots_stay_within_the_limits_per_device_and_item_and_can_be_taken_back() {
    let (room, ledger) = start(setup(Mode::Vote, 3), Limits::default());
    let mut a = Phone::new(&room);
    let mut b = Phone::new(&room);
    a.join(room.pin());
    b.join(room.pin());

    assert_eq!(a.dot(0, true).status, 200);
    assert_eq!(mine(&a.dot(0, true)), vec![2, 0, 0]);
    let full = a.dot(0, true);
    assert_eq!(full.status, 409);
    assert!(full.body["message"]
        .as_str()
        .unwrap()
        .contains("Höchstens 2 Punkte pro Eintrag"));
    assert_eq!(
        mine(&full),
        vec![2, 0, 0],
        "the refusal carries the phone's state"
    );
    assert_eq!(a.dot(1, true).status, 200);
    let none_left = a.dot(2, true);
    assert_eq!(none_left.status, 409);
    assert!(none_left.body["message"]
        .as_str()
        .unwrap()
        .contains("Alle 3 Punkte"));
    // Take one back and place it elsewhere.
    assert_eq!(a.dot(0, false).status, 200);
    assert_eq!(mine(&a.dot(2, true)), vec![1, 1, 1]);
    let nothing = a.dot(0, false);
    assert_eq!(nothing.status, 200);
    let nothing = a.dot(0, false);
    assert_eq!(nothing.status, 409, "no dot of this phone left there");
    // Another phone has its own dots; an item that does not exist is refused.
    assert_eq!(mine(&b.dot(2, true)), vec![0, 0, 1]);
    assert_eq!(b.dot(3, true).status, 409);
    assert_eq!(b.post("dot", r#"{"item": -1, "up": true}"#).status, 400);

    let status = room.status();
    let totals: Vec<u32> = status.items.iter().map(|i| i.total).collect();
    assert_eq!(totals, vec![0, 1, 2]);
    assert_eq!(status.dots, 3);
    // The ledger gets the same numbers within a few writes; stopping writes the rest.
    let status = room.stop();
    assert!(!status.running);
    assert_eq!(*ledger.counts.lock().unwrap(), vec![0, 1, 2]);
}

#[test]
fn hidden_totals_appear_on_the_phones_only_after_revealing() {
    let (room, _) = start(
        RoomSetup {
            hidden: true,
            ..setup(Mode::Vote, 2)
        },
        Limits::default(),
    );
    let mut a = Phone::new(&room);
    let mut b = Phone::new(&room);
    a.join(room.pin());
    b.join(room.pin());
    a.dot(1, true);
    let seen = b.get("state");
    assert!(
        seen.body["items"][1]["total"].is_null(),
        "hidden: {}",
        seen.text
    );
    assert!(!room.status().revealed);
    room.reveal();
    let seen = b.get("state");
    assert_eq!(seen.body["items"][1]["total"], 1);
    assert_eq!(seen.body["revealed"], true);
}

#[test]
fn ideas_wait_for_the_consultant_who_accepts_or_discards_them() {
    let (room, _) = start(setup(Mode::Collect, 0), Limits::default());
    let mut phone = Phone::new(&room);
    phone.join(room.pin());
    let sent = phone.post(
        "idea",
        &json!({"text": "  WLAN im   Rathaus <script>alert(1)</script> "}).to_string(),
    );
    assert_eq!(sent.status, 200);
    assert_eq!(sent.body["ideas"][0]["state"], "waiting");
    phone.post(
        "idea",
        &json!({"text": "Sitzbänke mit Ladestation"}).to_string(),
    );
    let queue = room.status().ideas;
    assert_eq!(queue.len(), 2);
    assert_eq!(
        queue[0].text, "WLAN im Rathaus <script>alert(1)</script>",
        "spaces tidied, text literal"
    );

    assert_eq!(
        room.settle_idea(queue[0].number, true).as_deref(),
        Some(queue[0].text.as_str())
    );
    assert_eq!(
        room.settle_idea(queue[0].number, false),
        None,
        "settled once"
    );
    assert_eq!(
        room.settle_idea(queue[1].number, false).as_deref(),
        Some("Sitzbänke mit Ladestation")
    );
    assert_eq!(room.settle_idea(99, true), None);
    let states: Vec<String> = phone.get("state").body["ideas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(states, vec!["accepted", "discarded"]);

    // Empty, too long, or a dot in a collecting round.
    assert_eq!(phone.post("idea", r#"{"text": "   "}"#).status, 409);
    let long = "x".repeat(MAX_IDEA_CHARS + 1);
    let a = phone.post("idea", &json!({ "text": long }).to_string());
    assert_eq!(a.status, 409);
    assert!(a.body["message"].as_str().unwrap().contains("280"));
    assert_eq!(phone.dot(0, true).status, 409);
}

#[test]
fn oversized_and_malformed_requests_are_refused_in_german_and_change_nothing() {
    let (room, _) = start(setup(Mode::Vote, 2), Limits::default());
    let mut phone = Phone::new(&room);
    let big = format!(r#"{{"pin": "{}"}}"#, "1".repeat(MAX_BODY_BYTES + 10));
    let a = phone.post("join", &big);
    assert_eq!(a.status, 413);
    assert!(a.body["message"].as_str().unwrap().contains("zu groß"));
    for body in ["", "{", "[]", r#"{"pin": 1234}"#, "\u{0}\u{1}"] {
        let a = phone.post("join", body);
        assert_eq!(a.status, 400, "{body:?}");
        assert_eq!(a.body["message"], "Die Anfrage ließ sich nicht lesen.");
    }
    phone.join(room.pin());
    for body in [r#"{"item": "0", "up": true}"#, r#"{"item": 0}"#, "null"] {
        assert_eq!(phone.dot_raw(body), 400, "{body}");
    }
    let forged = Phone {
        agent: agent(),
        base: phone.base.clone(),
        device: Some("nicht-echt".into()),
    };
    assert_eq!(forged.dot(0, true).status, 403);
    assert_eq!(room.status().dots, 0);
}

impl Phone {
    fn dot_raw(&self, body: &str) -> u16 {
        self.post("dot", body).status
    }
}

#[test]
fn rate_limits_stop_a_flood_per_device_per_address_and_of_wrong_pins() {
    let tight = Limits {
        per_device: Rate {
            burst: 5,
            per_minute: 60,
        },
        per_address: Rate {
            burst: 1000,
            per_minute: 6000,
        },
        wrong_pins: Rate {
            burst: 3,
            per_minute: 3,
        },
        devices_per_address: 2,
    };
    let (room, _) = start(setup(Mode::Vote, 2), tight);
    let mut phone = Phone::new(&room);
    let wrong = if room.pin() == "1234" { "4321" } else { "1234" };
    let codes: Vec<u16> = (0..5).map(|_| phone.join(wrong).status).collect();
    assert_eq!(codes, vec![403, 403, 403, 429, 429]);
    // Even the right PIN waits now: guessing cannot go on.
    let a = phone.join(room.pin());
    assert_eq!(a.status, 429);
    assert!(a.body["message"].as_str().unwrap().contains("falsche PINs"));

    let (room, _) = start(
        setup(Mode::Vote, 2),
        Limits {
            wrong_pins: Limits::default().wrong_pins,
            ..tight
        },
    );
    let mut phone = Phone::new(&room);
    phone.join(room.pin());
    let codes: Vec<u16> = (0..8).map(|_| phone.get("state").status).collect();
    assert!(
        codes.iter().filter(|c| **c == 200).count() <= 5,
        "{codes:?}"
    );
    let limited = phone.get("state");
    assert_eq!(limited.status, 429);
    assert!(limited
        .headers
        .iter()
        .any(|(k, v)| k == "retry-after" && v == "2"));
    // A third device from the same address is refused (two may join).
    let mut second = Phone::new(&room);
    assert_eq!(second.join(room.pin()).status, 200);
    let a = Phone::new(&room).join(room.pin());
    assert_eq!(a.status, 403);
    assert_eq!(room.status().devices, 2);

    let flood = Limits {
        per_address: Rate {
            burst: 10,
            per_minute: 60,
        },
        ..Limits::default()
    };
    let (room, _) = start(setup(Mode::Vote, 2), flood);
    let phone = Phone::new(&room);
    let codes: Vec<u16> = (0..15).map(|_| phone.get("").status).collect();
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 10, "{codes:?}");
    assert_eq!(*codes.last().unwrap(), 429);
}

#[test]
fn stopping_closes_the_port_writes_every_dot_and_a_new_session_has_a_new_token() {
    let (room, ledger) = start(setup(Mode::Vote, 3), Limits::default());
    // The first two writes fail: the dots stay pending, the laptop says so, nothing is lost.
    *ledger.failures_left.lock().unwrap() = 2;
    let address: SocketAddr = room.url()["http://".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut phone = Phone::new(&room);
    phone.join(room.pin());
    phone.dot(0, true);
    phone.dot(1, true);
    eventually("a failed write is shown", || {
        room.status().write_problem.is_some()
    });
    eventually("the write is retried", || {
        ledger.counts.lock().unwrap().len() >= 2
    });
    assert_eq!(
        room.status().write_problem,
        None,
        "cleared after a write that worked"
    );
    // An item deleted in the project meanwhile: its dots are dropped, it shows as gone.
    ledger.gone.lock().unwrap().push(2);
    phone.dot(2, true);
    eventually("the deleted item is marked", || room.status().items[2].gone);
    assert_eq!(phone.dot(2, false).status, 409, "no more dots on it");
    let first = room.url().to_string();
    let status = room.stop();
    assert!(!status.running);
    assert_eq!(*ledger.counts.lock().unwrap(), vec![1, 1, 0]);
    assert!(
        TcpStream::connect_timeout(&address, Duration::from_millis(500)).is_err(),
        "the port is closed"
    );

    let (again, _) = start(setup(Mode::Vote, 3), Limits::default());
    assert_ne!(again.url(), first);
    let old = Phone {
        agent: agent(),
        base: first.replace(
            &address.port().to_string(),
            again.url()["http://127.0.0.1:".len()..]
                .split('/')
                .next()
                .unwrap(),
        ),
        device: None,
    };
    assert_eq!(
        old.get("").status,
        404,
        "the old URL means nothing to the new session"
    );
}

#[test]
fn a_session_ends_by_itself_after_its_time() {
    let (room, ledger) = start(
        RoomSetup {
            duration: Duration::from_millis(1500),
            ..setup(Mode::Vote, 2)
        },
        Limits::default(),
    );
    let mut phone = Phone::new(&room);
    phone.join(room.pin());
    phone.dot(1, true);
    eventually("the session ends", || !room.is_running());
    assert_eq!(
        *ledger.counts.lock().unwrap(),
        vec![0, 1],
        "the last dots are written"
    );
    let address: SocketAddr = room.url()["http://".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(TcpStream::connect_timeout(&address, Duration::from_millis(500)).is_err());
}

#[test]
fn bad_rules_and_all_interfaces_are_refused_before_anything_listens() {
    let ledger: Arc<dyn Recorder> = Arc::new(Ledger::default());
    let refuse = |s: RoomSetup, bind: &str| {
        Room::start(bind.parse().unwrap(), s, Limits::default(), ledger.clone())
            .err()
            .expect("refused")
    };
    assert!(refuse(setup(Mode::Vote, 2), "0.0.0.0:0").contains("bestimmte Netzwerkschnittstelle"));
    assert!(refuse(setup(Mode::Vote, 0), "127.0.0.1:0").contains("keine Einträge"));
    assert!(refuse(
        RoomSetup {
            dots_per_device: 0,
            ..setup(Mode::Vote, 2)
        },
        "127.0.0.1:0"
    )
    .contains("Punkte pro Person"));
    assert!(refuse(
        RoomSetup {
            max_per_item: 4,
            ..setup(Mode::Vote, 2)
        },
        "127.0.0.1:0"
    )
    .contains("Punkte pro Eintrag"));
    let (room, _) = start(setup(Mode::Vote, 2), Limits::default());
    let taken = room.url()["http://".len()..]
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert!(refuse(setup(Mode::Vote, 2), &taken).contains("lässt sich nicht öffnen"));
}

#[test]
fn the_qr_code_is_an_svg() {
    let svg = qr_svg("http://192.168.1.20:8080/r/abcdefghijkmnpqrstuvwxyz2/").unwrap();
    assert!(
        svg.starts_with("<?xml") || svg.starts_with("<svg"),
        "{}",
        &svg[..40]
    );
    assert!(svg.contains("<path") || svg.contains("<rect"));
}
