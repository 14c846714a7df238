//! `provctl machines`.

use crate::support::{db, provctl, seed};

#[test]
fn lists_the_clients_machines_newest_first_and_escapes_hostnames() {
    let db = db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Acme");
    let other = seed::client(&mut pg, "Other");
    let old = seed::machine(&mut pg, &c, "old-01");
    let new = seed::machine(&mut pg, &c, "evil\u{1b}]0;pwned\u{7}-02");
    seed::machine(&mut pg, &other, "other-01");
    pg.execute(
        "UPDATE machines SET registered_at = now() - interval '1 hour' WHERE id = $1::text::uuid",
        &[&old],
    )
    .unwrap();
    let out = provctl(&db)
        .args(["machines", "--client", "Acme", "-o", "json"])
        .run()
        .code_is(0);
    let rows = out.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], new.as_str());
    assert_eq!(rows[1]["id"], old.as_str());
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "hostname",
            "fingerprint",
            "is_active",
            "registered_at",
            "last_seen"
        ]
    );
    let table = provctl(&db)
        .args(["machines", "--client", "Acme"])
        .run()
        .code_is(0);
    assert!(
        !table.stdout().contains('\u{1b}'),
        "raw escape reached the terminal"
    );
    assert!(
        table.stdout().contains("evil\\x1b]0;pwned\\x07-02"),
        "{}",
        table.stdout()
    );
}

#[test]
fn client_is_resolved() {
    let db = db();
    provctl(&db)
        .args(["machines", "--client", "Nobody"])
        .run()
        .code_is(2)
        .stderr_has("unknown client");
}
