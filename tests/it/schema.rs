//! `provctl schema print|apply`.

use crate::support::{cluster, provctl, Template};

#[test]
fn print_shows_the_platform_ddl() {
    let db = cluster().fresh_db(Template::Empty);
    let out = provctl(&db).args(["schema", "print"]).run().code_is(0);
    let ddl = out.stdout();
    for needle in [
        "CREATE TABLE clients",
        "ck_incidents_type_consistency",
        "slack_channel_name",
        "ON DELETE SET NULL",
    ] {
        assert!(ddl.contains(needle), "DDL lacks {needle}");
    }
}

#[test]
fn apply_creates_the_schema_once_then_refuses() {
    let db = cluster().fresh_db(Template::Empty);
    let first = provctl(&db).args(["schema", "apply"]).run().code_is(0);
    // The audit line names the database but never its password.
    assert!(first.audit.contains("\"schema apply\""), "{}", first.audit);
    assert!(first.audit.contains(&db.name));
    let mut pg = db.client();
    let n: i64 = pg
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(n >= 16, "only {n} tables");
    provctl(&db)
        .args(["schema", "apply"])
        .run()
        .code_is(3)
        .stderr_has("already has platform tables");
}

#[test]
fn apply_is_refused_in_production_and_creates_nothing() {
    let db = cluster().fresh_db(Template::Empty);
    for (var, value) in [("APP_ENV", "production"), ("ENV", "prod")] {
        provctl(&db)
            .env(var, value)
            .args(["schema", "apply"])
            .run()
            .code_is(3)
            .stderr_has("production");
    }
    let mut pg = db.client();
    let n: i64 = pg
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}
