//! TLS: a self-signed certificate needs `--insecure`, ingestion over TLS, HTTPS to a plain HTTP port.

use super::{acme, count, ingest, login, machines, no_tokens, StandIn, EMAIL, KEY_01, PASSWORD};
use crate::support::{db, TestDb};
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------- TLS

/// A self-signed certificate for `127.0.0.1` (and its key) in `dir`.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir.join("cert.pem"), dir.join("key.pem"))
}

fn tls_standin(db: &TestDb, dir: &Path) -> StandIn {
    let (cert, key) = self_signed(dir);
    let api = StandIn::start_with(
        db,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert!(api.base.starts_with("https://"), "{}", api.base);
    api
}

#[test]
fn a_self_signed_certificate_needs_insecure() {
    let db = db();
    acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let api = tls_standin(&db, dir.path());
    login(&db, &api.base, EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has("certificate")
        .stderr_has("--insecure")
        .never_shows(PASSWORD);
    let out = login(&db, &api.base, EMAIL, PASSWORD, &["--insecure", "-o", "json"])
        .code_is(0)
        .stderr_has("warning: --insecure")
        .never_shows(PASSWORD);
    assert_eq!(out.json()["email"], EMAIL);
    no_tokens(out);
    // The front proxy's http → https 301: same host, an upgrade, so the POST follows it.
    login(&db, &api.redirect_base, EMAIL, PASSWORD, &["--insecure"])
        .code_is(0)
        .stderr_has(&format!("re-sending the POST to {}/api/v1/auth/login", api.base))
        .never_shows(PASSWORD);
}

#[test]
fn ingest_over_tls_with_insecure() {
    let db = db();
    let mut pg = acme(&db);
    let dir = tempfile::tempdir().unwrap();
    let api = tls_standin(&db, dir.path());
    ingest(&db, &api.base, &["--key-name", "acme-key-01", "--yes"])
        .code_is(5)
        .stderr_has("--insecure")
        .never_shows(KEY_01);
    assert!(machines(&mut pg).is_empty());
    ingest(
        &db,
        &api.base,
        &["--key-name", "acme-key-01", "--yes", "--insecure"],
    )
    .code_is(0)
    .stdout_has("accepted")
    .stderr_has("warning: --insecure")
    .never_shows(KEY_01);
    assert_eq!(count(&mut pg, "SELECT count(*) FROM ingest_events"), 1);
}

/// Issue 17: `https://` to a plain-HTTP port said only "io: unexpected end of file" (or rustls's
/// "corrupt message"): it now says that nothing speaks TLS there. The stand-in's API port is plain HTTP.
#[test]
fn bug_https_to_a_plain_http_port_said_unexpected_end_of_file() {
    let db = db();
    acme(&db);
    let api = StandIn::start(&db);
    let https = api.base.replacen("http://", "https://", 1);
    login(&db, &https, EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has("nothing speaks TLS on that port (a plain-HTTP port?)")
        .stderr_has("hint: use http:// for a plain-HTTP port");
    // A port that closes the connection at once.
    let port = crate::support::closing_port();
    login(&db, &format!("https://127.0.0.1:{port}"), EMAIL, PASSWORD, &[])
        .code_is(5)
        .stderr_has(
            "the server closed the connection during the TLS handshake: nothing speaks TLS on that port",
        );
}
