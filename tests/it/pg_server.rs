//! Which PostgreSQL the suite runs against. CI runs it once per deployed-or-packaged major (Debian's 15,
//! and 16, the production major) by setting `PG_BIN` and `PROVCTL_EXPECT_PG_MAJOR`; these tests make a
//! green run prove it used the server it was meant to, instead of silently falling back to another one
//! found on `PATH`.

use std::process::Command;

use crate::support::{cluster, db, provctl};

/// The major that `PROVCTL_EXPECT_PG_MAJOR` asks for, if set.
fn expected_major() -> Option<u32> {
    let raw = std::env::var("PROVCTL_EXPECT_PG_MAJOR").ok()?;
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    Some(raw.parse().unwrap_or_else(|_| {
        panic!("PROVCTL_EXPECT_PG_MAJOR={raw:?}: not a PostgreSQL major version (expected e.g. 16)")
    }))
}

/// The major of `postgres --version` (`postgres (PostgreSQL) 16.14`, Debian adds `(Debian …)`).
fn binary_major(output: &str) -> Option<u32> {
    let version = output.split("(PostgreSQL)").nth(1)?.split_whitespace().next()?;
    version.split('.').next()?.parse().ok()
}

#[test]
fn binary_major_reads_the_forms_postgres_prints() {
    assert_eq!(binary_major("postgres (PostgreSQL) 16.14\n"), Some(16));
    assert_eq!(
        binary_major("postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n"),
        Some(15)
    );
    assert_eq!(binary_major("postgres (PostgreSQL) 17beta1\n"), None);
    assert_eq!(binary_major("something else"), None);
}

#[test]
fn the_server_is_the_major_ci_asked_for_and_the_one_its_binaries_say() {
    let c = cluster();
    let postgres = c.bin_dir().join("postgres");
    let out = Command::new(&postgres)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("running {} --version: {e}", postgres.display()));
    let printed = String::from_utf8_lossy(&out.stdout);
    // The server answering the tests was started from the binaries the harness names.
    assert_eq!(
        binary_major(&printed),
        Some(c.server_major()),
        "{} --version says {printed:?}, the running server says {} ({})",
        postgres.display(),
        c.server_version(),
        c.bin_origin()
    );
    if let Some(expected) = expected_major() {
        assert_eq!(
            c.server_major(),
            expected,
            "PROVCTL_EXPECT_PG_MAJOR={expected}, but the suite runs against PostgreSQL {} from {} ({}): \
             set PG_BIN to the directory holding that major's initdb and postgres",
            c.server_version(),
            c.bin_dir().display(),
            c.bin_origin()
        );
    }
}

#[test]
fn doctor_reports_the_version_of_the_server_it_talks_to() {
    let db = db();
    let out = provctl(&db).args(["doctor", "-o", "json"]).run();
    let findings = out.json();
    let connection = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "connection")
        .unwrap_or_else(|| panic!("no connection finding: {findings}"));
    let detail = connection["detail"].as_str().unwrap();
    let expected = format!("PostgreSQL {} at ", cluster().server_version());
    assert!(
        detail.starts_with(&expected),
        "{detail:?} should start with {expected:?}"
    );
}
