//! The guards: `provision_client`, production and `--allow-prod-provisioning`, `--yes` without a terminal.

use super::{checksums, client_ini, count, provision, snapshot, write_ini, SAMPLE};
use crate::support::{db, provctl};

#[test]
fn guard_refuses_without_a_true_provision_client() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    let unset = provctl(&db).args(["provision", "--yes"]).args([&ini]).run();
    unset.code_is(3).stderr_has("PROVISION_CLIENT");
    for v in ["", "false", "0", "no", "n", "off", "maybe"] {
        let out = provctl(&db)
            .env("PROVISION_CLIENT", v)
            .args(["provision", "--yes"])
            .args([&ini])
            .run();
        assert_eq!(
            out.code(),
            3,
            "PROVISION_CLIENT={v:?} was accepted:\n{}",
            out.stderr()
        );
        assert!(out.audit.is_empty());
    }
    assert_eq!(checksums(&mut pg), empty);
    assert_eq!(snapshot(dir.path()).len(), 1, "a refused run wrote a file");
}

#[test]
fn guard_accepts_every_truthy_form() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    for (i, v) in ["1", "true", "yes", "y", "on"].iter().enumerate() {
        let name = format!("Form{i}");
        let ini = write_ini(
            dir.path(),
            &format!("f{i}.ini"),
            client_ini(&name, &format!("f{i}@example.com")),
        );
        provctl(&db)
            .env("PROVISION_CLIENT", v)
            .args(["provision", "--yes"])
            .args([&ini])
            .run()
            .code_is(0);
        let n = pg
            .query_one("SELECT count(*) FROM clients WHERE name = $1", &[&name])
            .unwrap()
            .get::<_, i64>(0);
        assert_eq!(n, 1, "PROVISION_CLIENT={v} did not provision");
    }
}

#[test]
fn production_needs_allow_prod_provisioning() {
    let db = db();
    let mut pg = db.client();
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    let empty = checksums(&mut pg);
    let refused: &[&[(&str, &str)]] = &[
        &[("APP_ENV", "production")],
        &[("APP_ENV", "prod")],
        &[("ENV", "prod")],
        &[("ENV", "production")],
        &[("APP_ENV", "production"), ("ALLOW_PROD_PROVISIONING", "false")],
        &[("ENV", "prod"), ("ALLOW_PROD_PROVISIONING", "0")],
    ];
    for env in refused {
        let mut run = provision(&db, &[], &[&ini]);
        for (k, v) in env.iter() {
            run = run.env(k, v);
        }
        let out = run.run();
        assert_eq!(out.code(), 3, "{env:?} was not refused:\n{}", out.stderr());
        assert!(
            out.stderr().contains("ALLOW_PROD_PROVISIONING"),
            "{env:?}: {}",
            out.stderr()
        );
        assert_eq!(checksums(&mut pg), empty, "{env:?} wrote rows");
        assert_eq!(snapshot(dir.path()).len(), 1, "{env:?} wrote a file");
    }
    provision(&db, &[], &[&ini])
        .env("ENV", "prod")
        .env("ALLOW_PROD_PROVISIONING", "yes")
        .run()
        .code_is(0);
    assert_eq!(
        count(&mut pg, "SELECT count(*) FROM clients WHERE name = 'Demo'"),
        1
    );
}

#[test]
fn without_yes_and_no_terminal_nothing_is_written() {
    let db = db();
    let mut pg = db.client();
    let empty = checksums(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let ini = write_ini(dir.path(), "demo.ini", SAMPLE);
    for stdin in [None, Some("y\n")] {
        let mut run = provctl(&db)
            .env("PROVISION_CLIENT", "true")
            .args(["provision"])
            .args([&ini]);
        if let Some(s) = stdin {
            run = run.stdin(s);
        }
        let out = run.run().code_is(3).stderr_has("--yes");
        assert_eq!(out.audit, "");
        assert_eq!(checksums(&mut pg), empty);
        assert_eq!(snapshot(dir.path()).len(), 1, "a secrets file was written");
    }
}
