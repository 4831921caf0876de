//! Crashes in the middle of a save: the file always opens again, passes `check`, and keeps
//! every edit the program had acknowledged.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A small deterministic generator (no dependency): the kill points differ per round but are
/// the same in every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn rounds() -> u32 {
    std::env::var("ZUKUNFT_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120)
}

#[test]
fn a_kill_during_edits_never_locks_the_file_and_loses_no_acknowledged_edit() {
    let dir = temp();
    let path = dir.path().join("Absturz.zukunft");
    let ps = path.display().to_string();
    let (s, _) = new_project(dir.path(), "Absturz");
    drop(s);
    let mut rng = Lcg(20261130);
    let mut acknowledged: Vec<String> = Vec::new();
    let mut recovered_rounds = 0;
    for round in 0..rounds() {
        let mut child = Command::new(crate::common::zukunft_bin())
            .args(["apply", &ps, "-", "--each"])
            .env("ZUKUNFT_AUTHOR", "Test")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        let titles: Vec<String> = (0..40).map(|i| format!("Ziel {round}-{i}")).collect();
        let lines: String = titles
            .iter()
            .map(|t| format!("{{\"goals\":{{\"save_goal\":{{\"title\":\"{t}\",\"description\":\"{}\"}}}}}}\n", "x".repeat(2000)))
            .collect();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(lines.as_bytes());
        });
        // Kill after a random number of acknowledged edits, at a random moment after it.
        let kill_after = rng.next(12) as usize;
        let delay = Duration::from_micros(rng.next(4000));
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut seen = 0;
        let mut line = String::new();
        while seen < kill_after {
            line.clear();
            if out.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            acknowledged.push(titles[seen].clone());
            seen += 1;
        }
        let start = Instant::now();
        while start.elapsed() < delay {
            std::hint::spin_loop();
        }
        let _ = child.kill();
        let _ = child.wait();
        let _ = writer.join();

        // The file opens (rolling an interrupted change back) and passes the checks.
        let check = Command::new(crate::common::zukunft_bin())
            .args(["check", &ps])
            .output()
            .expect("check");
        assert!(
            check.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        if String::from_utf8_lossy(&check.stdout).contains("zurückgenommen") {
            recovered_rounds += 1;
        }
        let mut s = open(&path);
        let titles: std::collections::HashSet<String> =
            goals(&mut s).goals.into_iter().map(|g| g.title).collect();
        for t in &acknowledged {
            assert!(
                titles.contains(t),
                "round {round}: acknowledged edit „{t}“ lost"
            );
        }
    }
    eprintln!(
        "{} Runden, davon {recovered_rounds} mit zurückgenommener Änderung",
        rounds()
    );
}

/// A hot journal (a commit cut off by a crash) used to make the file look damaged: it opens,
/// says in German what happened, and the last committed state is there.
#[test]
fn a_hot_journal_is_rolled_back_on_open_not_called_damaged() {
    let dir = temp();
    let (mut s, path) = new_project(dir.path(), "Heiß");
    call(
        &mut s,
        zukunftskommune::Command::Goals(zukunftskommune::api::GoalsCommand::SaveGoal(
            zukunftskommune::model::Goal {
                title: "Bestätigt".into(),
                ..Default::default()
            }
            .into(),
        )),
    );
    drop(s);
    // Make a hot journal the way a crash does: a second process starts a write transaction,
    // changes pages, and is killed before COMMIT (journal_mode=DELETE keeps the journal).
    let script = "PRAGMA journal_mode=DELETE; PRAGMA cache_size=5; BEGIN; \
         UPDATE goal SET body = json_set(body, '$.title', 'Halb geschrieben'); \
         CREATE TABLE ballast(x); INSERT INTO ballast VALUES (zeroblob(500000));";
    let hot = make_hot_journal(&path, script);
    if !hot {
        eprintln!(
            "übersprungen: kein sqlite3-Programm, um einen heißen Journal-Zustand zu erzeugen"
        );
        return;
    }
    let journal = std::path::PathBuf::from(format!("{}-journal", path.display()));
    assert!(journal.exists(), "the crash left a journal");
    let out = Command::new(crate::common::zukunft_bin())
        .args(["check", &path.display().to_string()])
        .output()
        .expect("check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("zurückgenommen"), "{stdout}");
    let mut s = open(&path);
    let titles: Vec<String> = goals(&mut s).goals.into_iter().map(|g| g.title).collect();
    assert_eq!(titles, vec!["Bestätigt"]);
}

/// Runs `script` in the `sqlite3` shell on `path` and kills the shell before it commits.
fn make_hot_journal(path: &std::path::Path, script: &str) -> bool {
    let Ok(mut child) = Command::new("sqlite3")
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let mut stdin = child.stdin.take().expect("stdin");
    let _ = writeln!(stdin, "{script}");
    let _ = writeln!(stdin, ".print fertig");
    let _ = stdin.flush();
    // Let the shell write its pages (the journal grows), then kill it without COMMIT.
    let journal = std::path::PathBuf::from(format!("{}-journal", path.display()));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0)
            && std::fs::metadata(path).is_ok_and(|m| m.len() > 400_000)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    drop(stdin);
    true
}
