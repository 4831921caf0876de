//! The room with a real project file: 200 phones placing 2,000 dots at once, every dot counted
//! once and written through `dispatch`; the window's room commands; nothing about a phone in
//! the file. (`zukunft room` without the window: `cli/tests/room.rs`.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use zukunftskommune::api::{FileCommand, HistoryCommand, MeasuresCommand, RoomCommand, RoomMode};
use zukunftskommune::{dispatch, Command, Reply, Session};
use zukunftskommune_room::project::{ProjectRoom, Rules};
use zukunftskommune_room::{Limits, Rate};

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

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn post(agent: &ureq::Agent, url: &str, device: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = agent.post(url).header("content-type", "application/json");
    if let Some(d) = device {
        req = req.header("x-geraet", d);
    }
    let mut r = req.send(body.to_string()).expect("request");
    let status = r.status().as_u16();
    (status, r.body_mut().read_json().unwrap_or(Value::Null))
}

/// The votes per measure id in the project's JSON export (all events).
fn exported_votes(s: &mut Session) -> BTreeMap<String, u64> {
    let Reply::Json(text) = dispatch(s, Command::File(FileCommand::ExportJson)).unwrap() else {
        panic!("json expected")
    };
    let export: Value = serde_json::from_str(&text).unwrap();
    let mut out = BTreeMap::new();
    for row in export["tables"]["measure_vote"]
        .as_array()
        .expect("measure_vote rows")
    {
        if row["deleted"] == true {
            continue;
        }
        *out.entry(row["body"]["measure_id"].as_str().unwrap().to_string())
            .or_default() += row["body"]["votes"].as_u64().unwrap();
    }
    out
}

#[test]
fn two_hundred_phones_place_two_thousand_dots_each_counted_once_in_the_file() {
    const PHONES: usize = 200;
    const DOTS: u32 = 10;
    const PER_ITEM: u32 = 3;
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let session = Arc::new(Mutex::new(open(&path)));
    let plan = match zukunftskommune::dispatch_shared(
        &session,
        Command::Room(RoomCommand::Prepare {
            event_id: None,
            mode: RoomMode::VoteMeasures,
            today: None,
        }),
    )
    .unwrap()
    {
        Reply::RoomPlan(p) => p,
        other => panic!("{other:?}"),
    };
    let items = plan.items.clone();
    // All phones come from one loopback address here: the address limits are raised.
    let limits = Limits {
        per_address: Rate {
            burst: 1_000_000,
            per_minute: 1_000_000,
        },
        devices_per_address: 1_000,
        ..Limits::default()
    };
    let rules = Rules {
        dots_per_device: DOTS,
        max_per_item: PER_ITEM,
        hidden: false,
        minutes: 10,
    };
    let room = ProjectRoom::start(
        Arc::clone(&session),
        "127.0.0.1:0".parse().unwrap(),
        plan,
        rules,
        limits,
    )
    .unwrap();
    let url = room.url().to_string();
    let pin = room.pin().to_string();
    let placed = Arc::new(Mutex::new(vec![0u32; items.len()]));
    let threads: Vec<_> = (0..PHONES)
        .map(|phone| {
            let (url, pin, placed) = (url.clone(), pin.clone(), Arc::clone(&placed));
            let n = items.len();
            std::thread::spawn(move || {
                let agent = agent();
                let (status, joined) =
                    post(&agent, &format!("{url}join"), None, json!({ "pin": pin }));
                assert_eq!(status, 200, "{joined}");
                let device = joined["device"].as_str().unwrap().to_string();
                let mut last = Value::Null;
                // Twelve tries for ten dots: some land on an item this phone has filled.
                for k in 0..12usize {
                    let item = (phone * 7 + k * 13 + k / 3) % n;
                    loop {
                        let (status, state) = post(
                            &agent,
                            &format!("{url}dot"),
                            Some(&device),
                            json!({ "item": item, "up": true }),
                        );
                        match status {
                            200 => {
                                placed.lock().unwrap()[item] += 1;
                                last = state;
                            }
                            409 => last = state,
                            429 => {
                                std::thread::sleep(Duration::from_millis(50));
                                continue;
                            }
                            other => panic!("phone {phone}: {other} {state}"),
                        }
                        break;
                    }
                }
                last
            })
        })
        .collect();
    let finals: Vec<Value> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let status = room.stop();
    let placed = placed.lock().unwrap().clone();

    // No phone over its limits.
    for state in &finals {
        let mine: Vec<u64> = state["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["mine"].as_u64().unwrap())
            .collect();
        assert!(mine.iter().sum::<u64>() <= u64::from(DOTS));
        assert!(mine.iter().all(|m| *m <= u64::from(PER_ITEM)));
    }
    // Every accepted dot counted once on the projector …
    let totals: Vec<u32> = status.items.iter().map(|i| i.total).collect();
    assert_eq!(totals, placed);
    let all: u32 = placed.iter().sum();
    assert_eq!(status.dots, all);
    assert!(all > 1_500, "most of the 2,000 dots land: {all}");
    assert_eq!(status.devices, PHONES);
    assert_eq!(status.write_problem, None);
    // … and in the file, as the JSON export shows it.
    let mut s = Arc::try_unwrap(session).ok().unwrap().into_inner().unwrap();
    let exported = exported_votes(&mut s);
    for (item, count) in items.iter().zip(&placed) {
        assert_eq!(
            exported.get(&item.id.to_string()).copied().unwrap_or(0),
            u64::from(*count),
            "{}",
            item.label
        );
    }
    // One undo takes the whole session's dots back.
    let Reply::Changed(undone) = dispatch(&mut s, Command::History(HistoryCommand::Undo)).unwrap()
    else {
        panic!()
    };
    assert_eq!(undone.label, "Punkte per Handy für Maßnahmen");
    assert!(exported_votes(&mut s).values().all(|v| *v == 0));
    dispatch(&mut s, Command::History(HistoryCommand::Redo)).unwrap();
    drop(s);
    // The file passes every opening check.
    let check = dispatch(
        &mut Session::new(),
        Command::File(FileCommand::Check {
            path: path.display().to_string(),
        }),
    );
    assert!(check.is_ok(), "{:?}", check.err());
}

#[test]
fn the_window_s_room_commands_start_show_moderate_and_stop_a_session() {
    use zukunftskommune_room::control::{RoomControl, RoomReply, RoomSlot};
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let session = Arc::new(Mutex::new(open(&path)));
    let slot = RoomSlot::default();
    let RoomReply::Interfaces(found) = slot.control(&session, RoomControl::Interfaces).unwrap()
    else {
        panic!()
    };
    assert!(
        found.iter().any(|i| i.loopback && i.address == "127.0.0.1"),
        "{found:?}"
    );
    assert!(found.last().unwrap().loopback, "the room's networks first");
    assert!(matches!(
        slot.control(&session, RoomControl::Status).unwrap(),
        RoomReply::Idle
    ));

    let start = |address: &str| RoomControl::Start {
        event_id: None,
        mode: RoomMode::Collect {
            life_area_id: area_id(&session, "LB03"),
        },
        address: address.into(),
        rules: Rules::default(),
    };
    assert!(slot
        .control(&session, start("0.0.0.0"))
        .unwrap_err()
        .contains("bestimmte Netzwerkschnittstelle"));
    assert!(slot
        .control(&session, start("irgendwo"))
        .unwrap_err()
        .contains("keine Netzwerkadresse"));
    let RoomReply::Room(view) = slot.control(&session, start("127.0.0.1")).unwrap() else {
        panic!()
    };
    assert!(view.qr_svg.contains("<svg"));
    assert!(view.status.running);
    assert!(view
        .event_label
        .starts_with("Zukunftswerkstatt (Abstimmung per Handy)"));
    assert!(slot
        .control(&session, start("127.0.0.1"))
        .unwrap_err()
        .contains("schon eine Abstimmung"));

    let agent = agent();
    let url = view.status.url.clone();
    let (_, joined) = post(
        &agent,
        &format!("{url}join"),
        None,
        json!({ "pin": view.status.pin }),
    );
    let device = joined["device"].as_str().unwrap().to_string();
    post(
        &agent,
        &format!("{url}idea"),
        Some(&device),
        json!({ "text": "Bürgerbus per App buchen" }),
    );
    let RoomReply::Room(view) = slot.control(&session, RoomControl::Status).unwrap() else {
        panic!()
    };
    assert_eq!(view.status.devices, 1);
    assert_eq!(view.status.ideas[0].text, "Bürgerbus per App buchen");
    let accept = RoomControl::Settle {
        number: view.status.ideas[0].number,
        accept: true,
    };
    slot.control(&session, accept.clone()).unwrap();
    assert!(slot
        .control(&session, accept)
        .unwrap_err()
        .contains("wartet nicht"));
    let RoomReply::Ended(last) = slot.control(&session, RoomControl::Stop).unwrap() else {
        panic!()
    };
    assert!(!last.running);
    assert!(matches!(
        slot.control(&session, RoomControl::Status).unwrap(),
        RoomReply::Idle
    ));
    let address: std::net::SocketAddr = url["http://".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        std::net::TcpStream::connect_timeout(&address, Duration::from_millis(500)).is_err(),
        "the port is closed"
    );
    let ideas = ideas_of_session(&session);
    assert!(ideas.iter().any(|i| i.text == "Bürgerbus per App buchen"));
}

fn ideas_of_session(session: &Mutex<Session>) -> Vec<zukunftskommune::model::Idea> {
    match zukunftskommune::dispatch_shared(session, Command::Measures(MeasuresCommand::Get))
        .unwrap()
    {
        Reply::Measures(v) => v.ideas,
        _ => panic!(),
    }
}

fn area_id(session: &Mutex<Session>, code: &str) -> uuid::Uuid {
    let Reply::LifeAreas(v) = zukunftskommune::dispatch_shared(
        session,
        Command::LifeAreas(zukunftskommune::api::LifeAreasCommand::Get),
    )
    .unwrap() else {
        panic!()
    };
    v.areas
        .iter()
        .find(|a| a.area.code == code)
        .unwrap()
        .area
        .id
}

#[test]
fn nothing_about_a_phone_reaches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let session = Arc::new(Mutex::new(open(&path)));
    let room = ProjectRoom::open(
        Arc::clone(&session),
        None,
        RoomMode::VoteLifeAreas,
        "127.0.0.1:0".parse().unwrap(),
        Rules::default(),
        Limits::default(),
    )
    .unwrap();
    let url = room.url().to_string();
    let token = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let agent = agent();
    let (_, joined) = post(
        &agent,
        &format!("{url}join"),
        None,
        json!({ "pin": room.pin() }),
    );
    let device = joined["device"].as_str().unwrap().to_string();
    let (status, _) = post(
        &agent,
        &format!("{url}dot"),
        Some(&device),
        json!({ "item": 0, "up": true }),
    );
    assert_eq!(status, 200);
    let last = room.stop();
    assert_eq!(last.dots, 1);
    drop(session);
    let mut bytes = std::fs::read(&path).unwrap();
    for side in ["-wal", "-journal"] {
        if let Ok(more) = std::fs::read(format!("{}{side}", path.display())) {
            bytes.extend(more);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    for secret in [device.as_str(), token.as_str(), "127.0.0.1", "x-geraet"] {
        assert!(!text.contains(secret), "the file holds „{secret}“");
    }
    // The dot is there, as a count.
    let mut s = open(&path);
    let Reply::LifeAreas(view) = dispatch(
        &mut s,
        Command::LifeAreas(zukunftskommune::api::LifeAreasCommand::Get),
    )
    .unwrap() else {
        panic!()
    };
    let event = view
        .events
        .iter()
        .find(|e| e.title.contains("Abstimmung per Handy"))
        .unwrap()
        .id;
    let at_session: Vec<u32> = view
        .areas
        .iter()
        .flat_map(|a| &a.votes)
        .filter(|v| v.event_id == event)
        .map(|v| v.votes)
        .collect();
    assert_eq!(at_session, vec![1]);
}
