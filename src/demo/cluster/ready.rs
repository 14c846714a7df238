//! Waiting for a started server: readiness through its socket, a clean shut-down, and what to say
//! when it does not come up (its log tails, an access hint).

use super::{describe, INITDB_TIMEOUT, STARTUP_TIMEOUT, SUPERUSER};
use postgres::{Client, Config, NoTls};
use std::fs;
use std::io;
use std::path::Path;
use std::process::{Child, ChildStdin};
use std::time::{Duration, Instant};

pub(super) enum Failure {
    PortTaken,
    Fatal,
}

pub(super) fn wait_until_ready(
    root: &Path,
    socket_dir: &Path,
    port: u16,
    supervisor: &mut Child,
) -> Result<(), (Failure, String)> {
    let begun = Instant::now();
    let mut launched: Option<Instant> = None;
    loop {
        if let Ok(status) = fs::read_to_string(root.join("exited")) {
            let server_log = fs::read_to_string(root.join("server.log")).unwrap_or_default();
            let port_taken = server_log.contains("Address already in use")
                || server_log.contains("could not create any TCP/IP sockets");
            let kind = if port_taken {
                Failure::PortTaken
            } else {
                Failure::Fatal
            };
            return Err((kind, format!("startup failed: {}", status.trim())));
        }
        match supervisor.try_wait() {
            Ok(Some(status)) => {
                return Err((
                    Failure::Fatal,
                    format!("supervisor shell exited early ({status})"),
                ))
            }
            Ok(None) => {}
            Err(e) => return Err((Failure::Fatal, format!("waiting for supervisor: {e}"))),
        }
        if launched.is_none() && root.join("postgres.pid").exists() {
            launched = Some(Instant::now());
        }
        match launched {
            None if begun.elapsed() > INITDB_TIMEOUT => {
                return Err((
                    Failure::Fatal,
                    format!("initdb did not finish within {INITDB_TIMEOUT:?}"),
                ))
            }
            None => {}
            Some(at) => match socket_connect(socket_dir, port, "postgres") {
                Ok(client) => {
                    let _ = client.close();
                    return Ok(());
                }
                Err(e) if at.elapsed() > STARTUP_TIMEOUT => {
                    return Err((
                        Failure::Fatal,
                        format!(
                            "server did not accept connections within {STARTUP_TIMEOUT:?}; \
                             last error: {e}"
                        ),
                    ))
                }
                Err(_) => {}
            },
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Closes the watchdog pipe and waits until the supervisor has stopped
/// postgres and removed the directory.
pub(super) fn shut_down(watchdog: ChildStdin, supervisor: &mut Child) {
    drop(watchdog);
    let _ = supervisor.wait();
}

/// Running as root, the most likely cause of a failure is that the postgres
/// user cannot reach the temp dir or the binaries.
pub(super) fn access_hint(run_as: Option<(u32, u32)>) -> &'static str {
    if run_as.is_some() {
        "  note: initdb and postgres run as the `postgres` user; it needs access to the \
         directory above (every parent must be searchable) and to the binaries\n"
    } else {
        ""
    }
}

pub(super) fn log_tails(root: &Path) -> String {
    let mut out = String::new();
    for name in ["initdb.log", "server.log", "supervisor.log"] {
        let text = match fs::read(root.join(name)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => "(not created)".to_string(),
            Err(e) => format!("(unreadable: {e})"),
        };
        let lines: Vec<&str> = text.lines().collect();
        let tail = &lines[lines.len().saturating_sub(30)..];
        out.push_str(&format!("--- tail of {name} ---\n"));
        for line in tail {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub(super) fn socket_connect(socket_dir: &Path, port: u16, dbname: &str) -> Result<Client, String> {
    Config::new()
        .host_path(socket_dir)
        .port(port)
        .user(SUPERUSER)
        .dbname(dbname)
        .connect_timeout(Duration::from_secs(10))
        .connect(NoTls)
        .map_err(|e| {
            format!(
                "connecting to {dbname} via {} failed: {}",
                socket_dir.display(),
                describe(&e)
            )
        })
}
