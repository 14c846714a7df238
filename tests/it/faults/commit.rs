//! The connection lost after COMMIT was sent: the outcome is unknown, and provctl says so.

use super::{
    active_keys, bulk_keys, check_provisioned_subset, clear_database_error, provision, reset_counts,
    reset_fixture, write_inis, Census,
};
use crate::support::{db, provctl, provctl_bare, seed, Done, TestDb};
use std::collections::BTreeSet;
use std::path::Path;

// ---------------------------------------------------------------- the connection lost after COMMIT was sent

/// A TCP proxy in front of the shared cluster that passes everything through until a client sends
/// `COMMIT` (a simple query, as the client library sends it). Then it cuts that client off *before*
/// forwarding the COMMIT, and lets the server run it with nobody to answer to: the transaction
/// commits, and provctl only sees its connection close. The worst moment to lose a connection.
fn commit_cutter() -> u16 {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let server_port = crate::support::cluster().port();
    let listener = TcpListener::bind("127.0.0.1:0").expect("proxy listener");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            let Ok(server) = TcpStream::connect(("127.0.0.1", server_port)) else {
                return;
            };
            let cut = Arc::new(AtomicBool::new(false));
            let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut s_in, mut c_out) = (server, client);
            let cut_in = cut.clone();
            std::thread::spawn(move || {
                const COMMIT: &[u8] = b"Q\0\0\0\x0bCOMMIT\0";
                let mut buf = [0u8; 16 * 1024];
                let mut tail: Vec<u8> = Vec::new();
                while let Ok(n) = c_in.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    tail.extend_from_slice(&buf[..n]);
                    if tail.windows(COMMIT.len()).any(|w| w == COMMIT) {
                        cut_in.store(true, Ordering::SeqCst);
                        let _ = c_in.shutdown(Shutdown::Both);
                    }
                    let keep = tail.len().saturating_sub(COMMIT.len());
                    tail.drain(..keep);
                    if s_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = s_out.shutdown(Shutdown::Write);
            });
            std::thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                while let Ok(n) = s_in.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    // After the cut, the server's answers (the COMMIT's included) go nowhere.
                    if !cut.load(Ordering::SeqCst) && c_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = c_out.shutdown(Shutdown::Both);
            });
        }
    });
    port
}

/// The test database's URL, through the proxy.
fn through(db: &TestDb, proxy_port: u16) -> String {
    let port = crate::support::cluster().port();
    let url = db
        .url
        .replace(&format!("127.0.0.1:{port}/"), &format!("127.0.0.1:{proxy_port}/"));
    assert_ne!(url, db.url);
    url
}

/// Runs provision, reset-client and keys disable, each through the proxy: each loses its connection
/// right after sending COMMIT. Returns their outcomes.
fn cut_after_commit(db: &TestDb, ini: &Path) -> Vec<(&'static str, Done)> {
    let proxy = commit_cutter();
    let url = through(db, proxy);
    let run = |args: &[&str]| {
        provctl_bare()
            .env("DATABASE_URL", &url)
            .env("PROVISION_CLIENT", "true")
            .args(args)
    };
    vec![
        (
            "provision",
            run(&["provision", "--yes"]).args([ini]).run().code_is(4),
        ),
        (
            "reset-client",
            run(&["reset-client", "--client", "Big", "--yes"])
                .run()
                .code_is(4),
        ),
        (
            "keys disable",
            run(&["keys", "disable", "--client", "Beta", "--yes"])
                .run()
                .code_is(4),
        ),
    ]
}

#[test]
fn a_connection_lost_right_after_commit_was_sent_keeps_the_secrets_of_what_committed() {
    let db = db();
    let mut pg = db.client();
    let (big, _) = reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);
    let outs = cut_after_commit(&db, &inis[0].path);
    for (what, out) in &outs {
        eprintln!(
            "{what}, connection lost after COMMIT was sent:\n{}--- audit log:\n{}",
            out.stderr(),
            out.audit
        );
        clear_database_error(what, &out.stderr(), &db.url);
    }
    // Everything committed. Provision could not know it: it kept the secrets (and said why), and the
    // admin it created has its password in the file.
    assert!(
        outs[0]
            .1
            .stderr()
            .contains("the outcome of the commit is unknown"),
        "{}",
        outs[0].1.stderr()
    );
    let mut verified = BTreeSet::new();
    let census = check_provisioned_subset(&mut pg, &inis, &mut verified);
    assert_eq!(
        census,
        Census {
            clients: 1,
            orphan_blocks: 0
        }
    );
    assert_eq!(reset_counts(&mut pg, &big), [0, 0, 0, 0, 0]);
    assert_eq!(active_keys(&mut pg, &beta), 0);
    // Re-runs find everything done.
    provision(&db, &[], &[&inis[0].path])
        .run()
        .code_is(0)
        .stderr_has("No secret generated");
    provctl(&db)
        .args(["reset-client", "--client", "Big", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("already in its initial state");
    provctl(&db)
        .args(["keys", "disable", "--client", "Beta", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("nothing to disable");
}

#[test]
fn bug_a_connection_lost_during_commit_is_not_reported_as_nothing_committed() {
    let db = db();
    let mut pg = db.client();
    reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);
    let wrong: Vec<String> = cut_after_commit(&db, &inis[0].path)
        .into_iter()
        .filter(|(_, out)| out.stderr().contains("nothing was committed"))
        .map(|(what, out)| format!("{what} (it committed):\n{}", out.stderr()))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn bug_a_change_whose_commit_was_not_confirmed_is_audited_as_possibly_done() {
    let db = db();
    let mut pg = db.client();
    reset_fixture(&mut pg);
    let beta = seed::client(&mut pg, "Beta");
    bulk_keys(&mut pg, &beta, "beta", 5);
    let dir = tempfile::tempdir().unwrap();
    let inis = write_inis(dir.path(), [1]);
    let wrong: Vec<String> = cut_after_commit(&db, &inis[0].path)
        .into_iter()
        .filter(|(_, out)| {
            let entries = out.audit_entries();
            entries.len() != 1
                || !entries[0]["outcome"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("unknown")
        })
        .map(|(what, out)| format!("{what} (it committed), audit log: {:?}", out.audit))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
