//! `machines delete` and `reset-client` plans on rows linked to the machine from elsewhere: a key of
//! ANOTHER client bound to it, notifications linked to its alert only (or to its alert and incident).

use super::{platform_db, seeded};
use crate::support::{provctl, seed};
use postgres::Client;

fn id(pg: &mut Client, sql: &str) -> String {
    pg.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn delete_reports_other_clients_keys_apart_and_still_unbinds_them() {
    let db = platform_db();
    let mut pg = db.client();
    let s = seeded(&mut pg);
    let other = id(&mut pg, "SELECT id::text FROM clients WHERE name = 'Other'");
    let stray = seed::key(
        &mut pg,
        &other,
        "other-key-01",
        "OtherValue01-0123456789abcdefghij",
        true,
    );
    seed::bind(&mut pg, &stray, &s.web1);
    let args = [
        "machines",
        "delete",
        "--client",
        "Acme",
        "--hostname",
        "acme-web-01",
    ];
    let out = provctl(&db)
        .args(args)
        .args(["--dry-run", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("1 key(s) bound to acme-web-01 will be unbound")
        .stderr_has("1 key(s) of OTHER clients are bound to acme-web-01 and will be unbound too");
    let doc = out.json();
    assert_eq!(doc["plan"]["keys_to_unbind"], 1, "{doc}");
    assert_eq!(doc["plan"]["other_clients_keys_unbound"], 1, "{doc}");
    // The table shows it too.
    provctl(&db)
        .args(args)
        .args(["--dry-run"])
        .run()
        .code_is(0)
        .stdout_has("other_clients_keys_unbound");
    let out = provctl(&db)
        .args(args)
        .args(["--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has("1 key(s) unbound, 1 key(s) of OTHER clients unbound");
    let doc = out.json();
    assert_eq!(doc["deleted"]["keys_unbound"], 1, "{doc}");
    assert_eq!(doc["deleted"]["other_clients_keys_unbound"], 1, "{doc}");
    let e = &out.audit_entries()[0];
    assert_eq!(e["outcome"], "ok");
    assert_eq!(e["counts"]["keys_unbound"], 1, "{e}");
    assert_eq!(e["counts"]["other_clients_keys_unbound"], 1, "{e}");
    assert_eq!(e["counts"]["planned"]["other_clients_keys_unbound"], 1, "{e}");
    let (bound, active): (Option<String>, bool) = {
        let r = pg
            .query_one(
                "SELECT machine_id::text, is_active FROM api_keys WHERE id = $1::text::uuid",
                &[&stray],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(
        (bound, active),
        (None, true),
        "the other client's key: unbound, kept"
    );
}

#[test]
fn notifications_of_an_alert_that_goes_are_counted_once_in_both_plans() {
    let db = platform_db();
    let mut pg = db.client();
    let s = seeded(&mut pg);
    let acme = id(&mut pg, "SELECT id::text FROM clients WHERE name = 'Acme'");
    let alert = id(&mut pg, "SELECT id::text FROM alerts");
    let inc = id(
        &mut pg,
        "SELECT id::text FROM incidents WHERE incident_type = 'NO_DATA_MACHINE' \
         AND client_id = (SELECT id FROM clients WHERE name = 'Acme')",
    );
    // seeded(): one notification of the machine's incident; here one of its alert only, and one of both.
    seed::notification(&mut pg, &acme, None, Some(&alert));
    seed::notification(&mut pg, &acme, Some(&inc), Some(&alert));
    let doc = provctl(&db)
        .args([
            "machines",
            "delete",
            "--client",
            "Acme",
            "--id",
            &s.web1,
            "--dry-run",
            "-o",
            "json",
        ])
        .run()
        .code_is(0)
        .json();
    assert_eq!(doc["plan"]["notification_log_unlinked"], 3, "{doc}");
    let doc = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--dry-run", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(doc["plan"]["notification_log_unlinked"], 3, "{doc}");
    // What the count says: the rows stay, without their links.
    provctl(&db)
        .args(["machines", "delete", "--client", "Acme", "--id", &s.web1, "--yes"])
        .run()
        .code_is(0);
    let r = pg
        .query_one(
            "SELECT count(*), count(*) FILTER (WHERE incident_id IS NULL AND alert_id IS NULL) \
             FROM notification_log",
            &[],
        )
        .unwrap();
    assert_eq!((r.get::<_, i64>(0), r.get::<_, i64>(1)), (3, 3));
}
