//! `zukunft room …`: the room server without the window, for trying it and for tests. Prints
//! the address and the PIN, writes through `dispatch`, moderates ideas from standard input and
//! ends on Ctrl+C, on „ende“ or after `--minutes`. The CLI parses the arguments; this runs them.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::project::{ProjectRoom, Rules};
use crate::{IdeaState, Limits};
use zukunftskommune::api::{FileCommand, LifeAreasCommand, RoomMode};
use zukunftskommune::{dispatch_shared, Command, Reply, Session};

/// What `zukunft room` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: PathBuf,
    /// The interface and port to listen on (port 0: a free one).
    pub bind: SocketAddr,
    pub what: What,
    pub rules: Rules,
    /// The event (id); without: a new Zukunftswerkstatt of today.
    pub event: Option<uuid::Uuid>,
}

/// What the room does, with the Lebensbereiche named by their code (LB03, Q).
#[derive(Debug, Clone)]
pub enum What {
    Collect { area: String },
    VoteIdeas { area: Option<String> },
    VoteMeasures,
    VoteAreas,
}

fn call(session: &Mutex<Session>, command: Command) -> Result<Reply, String> {
    dispatch_shared(session, command).map_err(|e| e.message)
}

/// The id of the Lebensbereich with the code `code` (LB03, Q).
fn area_id(session: &Mutex<Session>, code: &str) -> Result<uuid::Uuid, String> {
    let Reply::LifeAreas(view) = call(session, Command::LifeAreas(LifeAreasCommand::Get))? else {
        return Err("Die Lebensbereiche ließen sich nicht lesen.".into());
    };
    view.areas
        .iter()
        .find(|a| a.area.code.eq_ignore_ascii_case(code.trim()))
        .map(|a| a.area.id)
        .ok_or_else(|| format!("Einen Lebensbereich „{code}“ gibt es in diesem Projekt nicht."))
}

/// Runs a session until Ctrl+C, „ende“ on the input or its time; a German message on failure.
pub fn run(args: Options) -> Result<(), String> {
    let session = Arc::new(Mutex::new(Session::new()));
    call(
        &session,
        Command::File(FileCommand::Open {
            path: args.file.display().to_string(),
        }),
    )?;
    let mode = match &args.what {
        What::Collect { area } => RoomMode::Collect {
            life_area_id: area_id(&session, area)?,
        },
        What::VoteIdeas { area } => RoomMode::VoteIdeas {
            life_area_id: area.as_deref().map(|c| area_id(&session, c)).transpose()?,
        },
        What::VoteMeasures => RoomMode::VoteMeasures,
        What::VoteAreas => RoomMode::VoteLifeAreas,
    };
    let room = ProjectRoom::open(
        Arc::clone(&session),
        args.event,
        mode,
        args.bind,
        args.rules,
        Limits::default(),
    )?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Abstimmung per Handy: {}", room.plan().heading);
    let _ = writeln!(out, "Veranstaltung: {}", room.plan().event_label);
    let _ = writeln!(out, "Adresse: {}", room.url());
    let _ = writeln!(out, "PIN: {}", room.pin());
    let _ = writeln!(
        out,
        "Ende mit Strg+C, „ende“ oder nach {} Minuten. Ideen: „a 3“ nimmt Idee 3 an, „v 3“ verwirft sie; „aufdecken“ zeigt die Ergebnisse.",
        args.rules.minutes
    );
    let _ = out.flush();
    drop(out);

    let (tx, rx) = mpsc::channel::<Input>();
    watch_interrupt(tx.clone());
    watch_stdin(tx);
    let mut printed = 0usize;
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Input::Interrupt) | Ok(Input::End) => break,
            Ok(Input::Line(line)) => moderate(&room, &line),
            Err(mpsc::RecvTimeoutError::Timeout) | Err(mpsc::RecvTimeoutError::Disconnected) => {}
        }
        let ideas = room.status().ideas;
        for idea in ideas.iter().skip(printed) {
            println!("Idee {}: {}", idea.number, idea.text);
        }
        printed = ideas.len();
        if !room.is_running() {
            println!("Die Zeit ist abgelaufen.");
            break;
        }
    }
    let status = room.stop();
    let accepted = status
        .ideas
        .iter()
        .filter(|i| i.state == IdeaState::Accepted)
        .count();
    println!(
        "Beendet: {}, {}, {} angenommen.",
        count(status.devices, "Gerät", "Geräte"),
        count(
            usize::try_from(status.dots).unwrap_or(usize::MAX),
            "Punkt",
            "Punkte"
        ),
        count(accepted, "Idee", "Ideen")
    );
    for item in status.items.iter().filter(|i| i.total > 0) {
        println!("{:>5}  {}", item.total, item.label);
    }
    if let Some(problem) = status.write_problem {
        return Err(problem);
    }
    println!("Die Punkte und angenommenen Ideen stehen in der Projektdatei; „Rückgängig“ nimmt die Punkte in einem Schritt zurück.");
    Ok(())
}

/// „1 Gerät“, „3 Geräte“.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

enum Input {
    Line(String),
    End,
    Interrupt,
}

/// Ctrl+C ends the session cleanly (the last dots are written).
fn watch_interrupt(tx: mpsc::Sender<Input>) {
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
        else {
            return;
        };
        if runtime.block_on(tokio::signal::ctrl_c()).is_ok() {
            let _ = tx.send(Input::Interrupt);
        }
    });
}

/// Moderation lines from standard input; its end changes nothing (the session runs on).
fn watch_stdin(tx: mpsc::Sender<Input>) {
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { return };
            let input = if line.trim().eq_ignore_ascii_case("ende") {
                Input::End
            } else {
                Input::Line(line)
            };
            if tx.send(input).is_err() {
                return;
            }
        }
    });
}

fn moderate(room: &ProjectRoom, line: &str) {
    let mut words = line.split_whitespace();
    let (verb, number) = (words.next().unwrap_or(""), words.next());
    if verb.eq_ignore_ascii_case("aufdecken") {
        room.reveal();
        println!("Ergebnisse aufgedeckt.");
        return;
    }
    let accept = match verb {
        "a" | "A" => true,
        "v" | "V" => false,
        "" => return,
        _ => {
            println!("Unbekannt: „{line}“ (a N, v N, aufdecken, ende)");
            return;
        }
    };
    let Some(number) = number.and_then(|n| n.parse::<u32>().ok()) else {
        println!("Bitte die Nummer der Idee angeben, z. B. „a 3“.");
        return;
    };
    match room.settle_idea(number, accept) {
        Ok(true) if accept => println!("Idee {number} angenommen."),
        Ok(true) => println!("Idee {number} verworfen."),
        Ok(false) => println!("Keine wartende Idee mit der Nummer {number}."),
        Err(message) => println!("{message}"),
    }
}
