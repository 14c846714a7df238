//! TLS to PostgreSQL with libpq's sslmode meanings, against the test cluster with TLS switched on.

use crate::support::{cluster, db, provctl_bare};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// Turns TLS on in the shared cluster (once) with a private CA; returns the CA certificate's path.
/// The server certificate names only `localhost`, so `127.0.0.1` is a name mismatch.
fn tls_ca() -> &'static PathBuf {
    static CA: OnceLock<PathBuf> = OnceLock::new();
    CA.get_or_init(|| {
        let dir = cluster().socket_dir().parent().expect("cluster dir").join("tls");
        std::fs::create_dir_all(&dir).unwrap();
        let sh = format!(
            "set -e; cd {d}
             openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
               -days 2 -subj /CN=provctl-test-ca -addext basicConstraints=critical,CA:TRUE \
               -addext keyUsage=critical,keyCertSign,cRLSign
             openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
               -subj /CN=localhost
             printf 'subjectAltName=DNS:localhost\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > ext
             openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext
             chmod 600 server.key",
            d = dir.display()
        );
        let out = Command::new("sh").arg("-c").arg(&sh).output().expect("openssl");
        assert!(out.status.success(), "openssl failed: {}", String::from_utf8_lossy(&out.stderr));
        // The server runs as `postgres` when we are root: it must own its key.
        if unsafe { libc::geteuid() } == 0 {
            let st = std::fs::metadata(cluster().socket_dir()).unwrap();
            use std::os::unix::fs::MetadataExt;
            for f in ["", "server.key", "server.pem", "ca.pem"] {
                std::os::unix::fs::chown(dir.join(f), Some(st.uid()), Some(st.gid())).unwrap();
            }
        }
        let admin = db();
        let mut pg = admin.client();
        // One statement per call: ALTER SYSTEM refuses to run in a multi-statement (implicit) transaction.
        for sql in [
            format!("ALTER SYSTEM SET ssl_cert_file = '{}/server.pem'", dir.display()),
            format!("ALTER SYSTEM SET ssl_key_file = '{}/server.key'", dir.display()),
            "ALTER SYSTEM SET ssl = on".to_string(),
            "SELECT pg_reload_conf()".to_string(),
        ] {
            pg.batch_execute(&sql).unwrap();
        }
        let on = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            let mut c = admin.client();
            c.query_one("SHOW ssl", &[]).unwrap().get::<_, String>(0) == "on"
        });
        assert!(on, "the server did not turn TLS on");
        dir.join("ca.pem")
    })
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
        let v = out.json();
        let conn = v
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == "connection")
            .unwrap()
            .clone();
        assert!(
            conn["detail"].as_str().unwrap().contains("TLS on"),
            "{mode}: {conn}"
        );
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
    // Without the private CA, the public roots do not trust it.
    provctl_bare()
        .env("DATABASE_URL", url("localhost", &db.name, "sslmode=verify-full"))
        .args(["users"])
        .run()
        .code_is(4);
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
