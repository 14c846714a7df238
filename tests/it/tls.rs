//! TLS to PostgreSQL with libpq's sslmode meanings, against the test cluster with TLS switched on, and
//! against a cluster of its own whose certificate is the PostgreSQL documentation's self-signed one.

use crate::support::{cluster, db, extra, provctl_bare};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Turns TLS on in the shared cluster (once) with a private CA; returns the CA certificate's path.
/// The server certificate names only `localhost`, so `127.0.0.1` is a name mismatch.
pub fn tls_ca() -> &'static PathBuf {
    static CA: OnceLock<PathBuf> = OnceLock::new();
    CA.get_or_init(|| {
        let dir = cluster().socket_dir().parent().expect("cluster dir").join("tls");
        std::fs::create_dir_all(&dir).unwrap();
        extra::sh(
            &dir,
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
               -days 2 -subj /CN=provctl-test-ca -addext basicConstraints=critical,CA:TRUE \
               -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
             openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
               -subj /CN=localhost 2>/dev/null
             printf 'subjectAltName=DNS:localhost\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > ext
             openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext 2>/dev/null
             chmod 600 server.key",
        );
        let admin = db();
        extra::tls_on(|| admin.client(), cluster().socket_dir(), &dir, "server.pem", "server.key");
        dir.join("ca.pem")
    })
}

/// A cluster of its own serving the PostgreSQL documentation's certificate recipe (`openssl req -new
/// -x509 … -subj /CN=…`): self-signed, `CA:TRUE`, the name only in the Common Name. Returns the
/// cluster and the certificate's path (the file to give as sslrootcert, as the documentation says).
fn self_signed() -> &'static (provctl::demo::cluster::Cluster, PathBuf) {
    static S: OnceLock<(provctl::demo::cluster::Cluster, PathBuf)> = OnceLock::new();
    S.get_or_init(|| {
        let c = extra::start();
        let dir = c.root().join("tls");
        std::fs::create_dir_all(&dir).unwrap();
        extra::sh(
            &dir,
            "openssl req -new -x509 -days 2 -nodes -text -out server.crt -keyout server.key -subj /CN=localhost 2>/dev/null
             chmod 600 server.key
             openssl req -new -x509 -days 2 -nodes -out other.crt -keyout other.key -subj /CN=localhost 2>/dev/null",
        );
        extra::tls_on(
            || c.socket_client("postgres").unwrap(),
            c.socket_dir(),
            &dir,
            "server.crt",
            "server.key",
        );
        let cert = dir.join("server.crt");
        (c, cert)
    })
}

/// A URL of the self-signed cluster, with `host` and a query.
fn self_signed_url(host: &str, query: &str) -> String {
    let (c, _) = self_signed();
    format!("{}?{query}", c.url("monitoring").replace("127.0.0.1", host))
}

/// The detail of doctor's `connection` row (`-o json`): server, URL, `TLS on|off`.
pub fn connection_detail(out: &crate::support::Done) -> String {
    let v = out.json();
    let conn = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "connection")
        .unwrap_or_else(|| panic!("no connection row: {v}"));
    conn["detail"].as_str().unwrap().to_string()
}

fn url(host: &str, dbname: &str, query: &str) -> String {
    format!(
        "postgresql://provctl_admin:{}@{host}:{}/{dbname}?{query}",
        cluster().superuser_password(),
        cluster().port()
    )
}

#[test]
fn require_encrypts_without_verifying() {
    tls_ca();
    let db = db();
    for mode in ["require", "prefer"] {
        let out = provctl_bare()
            .env(
                "DATABASE_URL",
                url("127.0.0.1", &db.name, &format!("sslmode={mode}")),
            )
            .args(["doctor", "-o", "json"])
            .run();
        let detail = connection_detail(&out);
        assert!(detail.contains("TLS on"), "{mode}: {detail}");
    }
    // asyncpg's spelling.
    provctl_bare()
        .env(
            "DATABASE_URL",
            url("127.0.0.1", &db.name, "ssl=require").replace("postgresql://", "postgresql+asyncpg://"),
        )
        .args(["users"])
        .run()
        .code_is(0);
}

#[test]
fn verify_full_checks_the_chain_and_the_host_name() {
    let ca = tls_ca().display().to_string();
    let db = db();
    provctl_bare()
        .env(
            "DATABASE_URL",
            url(
                "localhost",
                &db.name,
                &format!("sslmode=verify-full&sslrootcert={ca}"),
            ),
        )
        .args(["users"])
        .run()
        .code_is(0);
    // The certificate does not name 127.0.0.1.
    provctl_bare()
        .env(
            "DATABASE_URL",
            url(
                "127.0.0.1",
                &db.name,
                &format!("sslmode=verify-full&sslrootcert={ca}"),
            ),
        )
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("cannot connect")
        .never_shows(cluster().superuser_password());
    // Without sslrootcert and without ~/.postgresql/root.crt, libpq has no roots to trust (the bundled
    // web roots are not implied): a usage error naming the file, as psql.
    provctl_bare()
        .env("DATABASE_URL", url("localhost", &db.name, "sslmode=verify-full"))
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("~/.postgresql/root.crt")
        .stderr_has("sslrootcert=system")
        .never_shows(cluster().superuser_password());
}

/// libpq's default sslrootcert is ~/.postgresql/root.crt.
#[test]
fn verify_full_trusts_the_root_crt_of_the_home_directory_by_default() {
    let ca = tls_ca();
    let db = db();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".postgresql")).unwrap();
    std::fs::copy(ca, home.path().join(".postgresql/root.crt")).unwrap();
    provctl_bare()
        .env("HOME", home.path())
        .env("DATABASE_URL", url("localhost", &db.name, "sslmode=verify-full"))
        .args(["users"])
        .run()
        .code_is(0);
}

/// Regression (issue 13, item 22): webpki refused the PostgreSQL documentation's self-signed server
/// certificate with CaUsedAsEndEntity (it is `CA:TRUE`), and verify-full found no name in it (only the
/// Common Name holds one); psql accepts both when the certificate is sslrootcert.
#[test]
fn verify_full_accepts_a_self_signed_ca_true_certificate_given_as_sslrootcert() {
    let (_, cert) = self_signed();
    let cert = cert.display().to_string();
    for (host, mode) in [
        ("localhost", "verify-full"),
        ("127.0.0.1", "verify-ca"),
        ("localhost", "verify-ca"),
    ] {
        provctl_bare()
            .env(
                "DATABASE_URL",
                self_signed_url(host, &format!("sslmode={mode}&sslrootcert={cert}")),
            )
            .args(["doctor", "-o", "json"])
            .run()
            .stdout_has("TLS on");
    }
    // Still verified: the Common Name does not name 127.0.0.1, and another self-signed certificate
    // with the same name is not the server's.
    provctl_bare()
        .env(
            "DATABASE_URL",
            self_signed_url("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={cert}")),
        )
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("cannot connect");
    let other = PathBuf::from(&cert)
        .with_file_name("other.crt")
        .display()
        .to_string();
    for mode in ["verify-full", "verify-ca"] {
        provctl_bare()
            .env(
                "DATABASE_URL",
                self_signed_url("localhost", &format!("sslmode={mode}&sslrootcert={other}")),
            )
            .args(["users"])
            .run()
            .code_is(4)
            .stderr_has("certificate");
    }
}

/// Regression (issue 13, item 22): `sslrootcert=system` meant the bundled web roots; libpq means the
/// operating system's store (OpenSSL's, so SSL_CERT_FILE / SSL_CERT_DIR), and forces verify-full.
#[test]
fn sslrootcert_system_is_the_operating_system_store_not_the_bundled_roots() {
    let (_, cert) = self_signed();
    // The system store (as OpenSSL reads it) holds the server's certificate: trusted, verify-full
    // implied (so the name is checked too).
    provctl_bare()
        .env("SSL_CERT_FILE", cert)
        .env("DATABASE_URL", self_signed_url("localhost", "sslrootcert=system"))
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .stderr_has("sslmode verify-full (default: sslrootcert=system)");
    provctl_bare()
        .env("SSL_CERT_FILE", cert)
        .env("DATABASE_URL", self_signed_url("127.0.0.1", "sslrootcert=system"))
        .args(["users"])
        .run()
        .code_is(4);
    // A store without it: refused.
    provctl_bare()
        .env("SSL_CERT_FILE", tls_ca())
        .env("DATABASE_URL", self_signed_url("localhost", "sslrootcert=system"))
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("certificate");
    // libpq refuses a weaker sslmode with the system's roots.
    provctl_bare()
        .env("SSL_CERT_FILE", cert)
        .env(
            "DATABASE_URL",
            self_signed_url("localhost", "sslrootcert=system&sslmode=require"),
        )
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("verify-full");
}

#[test]
fn verify_ca_checks_the_chain_only() {
    let ca = tls_ca().display().to_string();
    let db = db();
    provctl_bare()
        .env(
            "DATABASE_URL",
            url(
                "127.0.0.1",
                &db.name,
                &format!("sslmode=verify-ca&sslrootcert={ca}"),
            ),
        )
        .args(["users"])
        .run()
        .code_is(0);
    provctl_bare()
        .env(
            "DATABASE_URL",
            url(
                "127.0.0.1",
                &db.name,
                "sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem",
            ),
        )
        .args(["users"])
        .run()
        .code_is(2)
        .stderr_has("sslrootcert");
}

/// A PostgreSQL server with `ssl = off`, as far as TLS goes: it answers the SSLRequest with `N` (what
/// the real server writes), then reads the startup packet and closes.
fn server_without_tls() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut c in listener.incoming().flatten() {
            let mut request = [0u8; 8];
            if c.read_exact(&mut request).is_ok() && request == [0, 0, 0, 8, 4, 210, 22, 47] {
                let _ = c.write_all(b"N");
                let _ = c.read(&mut [0u8; 512]);
            }
        }
    });
    port
}

/// Issue 17: sslmode=require against a server without TLS says so, naming where sslmode came from.
#[test]
fn bug_require_against_a_server_without_tls_was_not_said_plainly() {
    let port = server_without_tls();
    provctl_bare()
        .env("DATABASE_URL", format!("postgresql://u:pw@127.0.0.1:{port}/db?sslmode=require"))
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has("the server does not offer TLS (its ssl setting is off), and sslmode=require (from DATABASE_URL) demands it")
        .stderr_has("hint: turn TLS on at the server");
    // Something that is not PostgreSQL, closing the connection.
    let port = crate::support::closing_port();
    provctl_bare()
        .env(
            "DATABASE_URL",
            format!("postgresql://u:pw@127.0.0.1:{port}/db?sslmode=require"),
        )
        .args(["users"])
        .run()
        .code_is(4)
        .stderr_has(
            "the server closed the connection when asked for TLS (sslmode=require, from DATABASE_URL)",
        );
}
