//! Clusters of their own for tests that need a server configured unlike the shared one (TLS off
//! whatever the TLS tests did, or another server certificate): started on first use by the test that
//! needs one, with the provctl schema in a database `monitoring`, cleaned up like the shared one.

#![allow(dead_code)]

use provctl::demo::cluster::Cluster;
use std::path::Path;
use std::process::Command;

/// Starts a cluster and loads the provctl schema into `monitoring`.
pub fn start() -> Cluster {
    let cluster = provctl::demo::cluster::start(&provctl::demo::cluster::Options {
        base_dir: super::pg::base_dir(),
        keep: false,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let mut admin = cluster.socket_client("postgres").expect("socket connection");
    admin.batch_execute("CREATE DATABASE monitoring").unwrap();
    let mut db = cluster.socket_client("monitoring").expect("socket connection");
    db.batch_execute(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/db/schema.sql"
    )))
    .unwrap();
    cluster
}

/// Runs `script` with `sh` in `dir` (certificates with openssl); panics with its stderr on failure.
pub fn sh(dir: &Path, script: &str) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("set -e; cd '{}'; {script}", dir.display()))
        .output()
        .expect("sh");
    assert!(
        out.status.success(),
        "`{script}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Turns TLS on with `dir/{cert}` and `dir/{key}` (made readable by the server's user when we are
/// root), through the admin connections `connect` opens, and waits until the server says so.
pub fn tls_on(
    mut connect: impl FnMut() -> postgres::Client,
    socket_dir: &Path,
    dir: &Path,
    cert: &str,
    key: &str,
) {
    if super::is_root() {
        use std::os::unix::fs::MetadataExt;
        let st = std::fs::metadata(socket_dir).unwrap();
        for f in std::fs::read_dir(dir).unwrap().flatten() {
            std::os::unix::fs::chown(f.path(), Some(st.uid()), Some(st.gid())).unwrap();
        }
        std::os::unix::fs::chown(dir, Some(st.uid()), Some(st.gid())).unwrap();
    }
    let mut pg = connect();
    // One statement per call: ALTER SYSTEM refuses to run in a multi-statement (implicit) transaction.
    for sql in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{}/{cert}'", dir.display()),
        format!("ALTER SYSTEM SET ssl_key_file = '{}/{key}'", dir.display()),
        "ALTER SYSTEM SET ssl = on".to_string(),
        "SELECT pg_reload_conf()".to_string(),
    ] {
        pg.batch_execute(&sql).unwrap();
    }
    let on = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        connect().query_one("SHOW ssl", &[]).unwrap().get::<_, String>(0) == "on"
    });
    assert!(on, "the server did not turn TLS on");
}
