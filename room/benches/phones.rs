//! 200 phones place 10 dots each at once against a room of the demo project on loopback:
//! latency per dot (p50, p95, p99, max), throughput, and the server's memory. The server runs
//! in a child process (this program with `--server`), so its memory is measured alone.
//!
//! `cargo bench -p zukunftskommune-room --bench phones` (part of `make bench`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as Process, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use zukunftskommune::api::{FileCommand, RoomMode};
use zukunftskommune::{dispatch, Command, Session};
use zukunftskommune_room::project::{ProjectRoom, Rules};
use zukunftskommune_room::{Limits, Rate};

const PHONES: usize = 200;
const DOTS: u32 = 10;

fn main() {
    if std::env::args().any(|a| a == "--server") {
        return serve(std::env::args().nth(2).expect("project file"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Musterstadt.zukunft");
    zukunftskommune::api::write_demo(&path).unwrap();
    let mut server = Process::new(std::env::current_exe().unwrap())
        .args(["--server", &path.display().to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let pin = lines.next().unwrap().unwrap();
    let pid = server.id();
    let rss_idle = memory(pid, "VmRSS");

    let latencies = Arc::new(Mutex::new(Vec::<Duration>::with_capacity(
        PHONES * DOTS as usize,
    )));
    let started = Instant::now();
    let phones: Vec<_> = (0..PHONES)
        .map(|phone| {
            let (url, pin, latencies) = (url.clone(), pin.clone(), Arc::clone(&latencies));
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                let joined: Value = agent
                    .post(format!("{url}join"))
                    .send(json!({ "pin": pin }).to_string())
                    .unwrap()
                    .body_mut()
                    .read_json()
                    .unwrap();
                let device = joined["device"].as_str().unwrap().to_string();
                let items = joined["items"].as_array().unwrap().len();
                let mut mine = Vec::with_capacity(DOTS as usize);
                for k in 0..DOTS as usize {
                    let item = (phone * 7 + k * 13) % items;
                    let t = Instant::now();
                    let status = agent
                        .post(format!("{url}dot"))
                        .header("x-geraet", &device)
                        .send(json!({ "item": item, "up": true }).to_string())
                        .unwrap()
                        .status()
                        .as_u16();
                    mine.push(t.elapsed());
                    assert!(status == 200 || status == 409, "{status}");
                }
                latencies.lock().unwrap().extend(mine);
            })
        })
        .collect();
    for p in phones {
        p.join().unwrap();
    }
    let wall = started.elapsed();
    let rss_busy = memory(pid, "VmRSS");
    let rss_peak = memory(pid, "VmHWM");
    server.stdin.as_mut().unwrap().write_all(b"ende\n").unwrap();
    let summary: Vec<String> = lines.map_while(Result::ok).collect();
    server.wait().unwrap();

    let mut l = latencies.lock().unwrap().clone();
    l.sort();
    let at = |q: f64| l[((l.len() as f64 - 1.0) * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("Abstimmung per Handy, {PHONES} Handys × {DOTS} Punkte gleichzeitig (loopback, Demo-Projekt)");
    println!("  Anfragen             {}", l.len());
    println!(
        "  Dauer gesamt         {:.0} ms ({:.0} Punkte/s)",
        ms(wall),
        l.len() as f64 / wall.as_secs_f64()
    );
    println!(
        "  Latenz je Punkt      p50 {:.2} ms · p95 {:.2} ms · p99 {:.2} ms · max {:.2} ms",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(*l.last().unwrap())
    );
    println!(
        "  Server-Speicher      {:.1} MB bereit · {:.1} MB nach dem Ansturm · Spitze {:.1} MB",
        mb(rss_idle),
        mb(rss_busy),
        mb(rss_peak)
    );
    for line in summary.iter().filter(|l| l.starts_with("GESAMT")) {
        println!("  {line}");
    }
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// A `/proc/<pid>/status` figure in kB.
fn memory(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The server side: the demo's measures, limits raised (every phone comes from loopback).
fn serve(file: String) {
    let mut s = Session::new();
    dispatch(&mut s, Command::File(FileCommand::Open { path: file })).unwrap();
    let session = Arc::new(Mutex::new(s));
    let room = ProjectRoom::open(
        Arc::clone(&session),
        None,
        RoomMode::VoteMeasures,
        "127.0.0.1:0".parse().unwrap(),
        Rules {
            dots_per_device: DOTS,
            max_per_item: 3,
            hidden: false,
            minutes: 10,
        },
        Limits {
            per_address: Rate {
                burst: 1_000_000,
                per_minute: 1_000_000,
            },
            devices_per_address: 1_000,
            ..Limits::default()
        },
    )
    .unwrap();
    println!("{}", room.url());
    println!("{}", room.pin());
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    let status = room.stop();
    println!(
        "GESAMT {} Punkte von {} Handys in der Datei, Schreibfehler: {}",
        status.dots,
        status.devices,
        status.write_problem.unwrap_or_else(|| "keine".into())
    );
}
