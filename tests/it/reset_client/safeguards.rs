//! The checks inside the transaction: another client's event on this client's machine refuses the
//! reset (checked by the machines' delete itself when the server counts deletes, before the deletes
//! when it does not); the client's own event posted during the reset goes with it; a key left bound
//! fails the verification before commit and rolls back.

use super::{checksums, count, first_machine, populate};
use crate::support::{db, provctl, seed};

/// An anomaly the cascade would take with it: another client's ingest event on this client's machine.
/// The plan counts the client's own events (the ones a reset deletes); the reset is then refused in
/// its transaction, naming what it found, and nothing changes on either client — whether the server
/// counts deletes (the machines' delete finds it, in a savepoint) or not (a count before the deletes).
#[test]
fn another_clients_event_on_this_clients_machine_refuses_the_reset() {
    for how in super::COUNTING {
        let db = db();
        let mut pg = db.client();
        let acme = populate(&mut pg, "Acme");
        let other = populate(&mut pg, "Other");
        let m = first_machine(&mut pg, &acme.id);
        seed::ingest(&mut pg, &other.id, &m, "misrouted-1");
        super::set_counting(&mut pg, &db.name, how);
        let before = checksums(&mut pg, None);
        let plan = provctl(&db)
            .args(["reset-client", "--client", "Acme", "--dry-run", "-o", "json"])
            .run()
            .code_is(0)
            .json();
        assert_eq!(
            plan["plan"]["ingest_events"], 7,
            "the client's own events: {plan}"
        );
        for format in ["table", "json"] {
            provctl(&db)
                .args(["reset-client", "--client", "Acme", "--yes", "-o", format])
                .run()
                .code_is(3)
                .stderr_has(
                    "1 ingest event(s) and 0 incident(s) of OTHER clients reference this client's machines",
                );
            assert_eq!(
                checksums(&mut pg, None),
                before,
                "{how}, -o {format}: nothing changed"
            );
        }
    }
}

/// The client's own agent posting during the reset (here a trigger on the keys' unbinding, after the
/// client's events are deleted, adds one on a machine): the machines' delete takes it, the reset
/// succeeds — not refused as if another client's event were in the way — and the samples are counted
/// once although the machines' delete ran twice (rolled back to its savepoint, then again).
#[test]
fn the_clients_own_event_posted_during_the_reset_goes_with_it() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    populate(&mut pg, "Other");
    pg.batch_execute(&format!(
        "CREATE FUNCTION late_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           INSERT INTO ingest_events (id, client_id, machine_id, ingest_id, sent_at) \
             SELECT gen_random_uuid(), client_id, id, 'late-1', now() FROM machines \
             WHERE client_id = '{id}' ORDER BY hostname LIMIT 1; \
           RETURN NULL; END $$; \
         CREATE TRIGGER late_event AFTER UPDATE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION late_event();",
        id = acme.id
    ))
    .unwrap();
    let out = provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes", "-o", "json"])
        .run()
        .code_is(0)
        .stderr_has(
            "1 ingest event(s) of Acme posted during the reset go with its machines (none of another client)",
        );
    let doc = out.json();
    assert_eq!(doc["plan"]["samples"], 12, "{doc}");
    assert_eq!(doc["plan"]["ingest_events"], 8, "the 7 and the late one: {doc}");
    assert_eq!(doc["plan"]["machines"], 3, "{doc}");
    assert_eq!(doc["post_reset"]["ingest_events"], 0, "{doc}");
    let entries = out.audit_entries();
    assert_eq!(entries[0]["counts"]["samples"], 12, "{}", out.audit);
    assert_eq!(entries[0]["counts"]["ingest_events"], 8, "{}", out.audit);
    let left = count(
        &mut pg,
        "SELECT count(*) FROM ingest_events WHERE client_id = $1::text::uuid",
        &acme.id,
    );
    assert_eq!(left, 0, "the late event went with its machine");
}

/// The verification before commit reads the keys the reset leaves: a key still bound, or still
/// carrying a `last_used_at` (here a faulty trigger puts them back), fails it; the transaction rolls back
/// and nothing changes, machines and events included.
#[test]
fn a_key_left_bound_fails_the_verification_and_rolls_back() {
    // (the trigger's body, what the verification finds)
    let cases = [
        (
            "NEW.last_used_at := OLD.last_used_at;",
            "(0 machines, 0 ingest events, 3 bound keys remain)",
        ),
        // A key of Acme bound to a machine of Other keeps it (the cascade never reaches that one).
        (
            "IF OLD.machine_id IN (SELECT id FROM machines WHERE client_id <> NEW.client_id) THEN \
               NEW.machine_id := OLD.machine_id; END IF;",
            "(0 machines, 0 ingest events, 1 bound keys remain)",
        ),
    ];
    for (body, found) in cases {
        let db = db();
        let mut pg = db.client();
        let acme = populate(&mut pg, "Acme");
        let other = populate(&mut pg, "Other");
        let (key, machine) = (
            &acme.keys.iter().find(|(_, active)| *active).unwrap().0,
            first_machine(&mut pg, &other.id),
        );
        pg.execute(
            "UPDATE api_keys SET machine_id = $2::text::uuid WHERE name = $1 AND client_id = $3::text::uuid",
            &[key, &machine, &acme.id],
        )
        .unwrap();
        pg.batch_execute(&format!(
            "CREATE FUNCTION keep_bound() RETURNS trigger LANGUAGE plpgsql AS \
               $$ BEGIN {body} RETURN NEW; END $$; \
             CREATE TRIGGER keep_bound BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION keep_bound();"
        ))
        .unwrap();
        let before = checksums(&mut pg, None);
        provctl(&db)
            .args(["reset-client", "--client", "Acme", "--yes"])
            .run()
            .code_is(4)
            .stderr_has(&format!("verification failed before commit {found}: rolled back"));
        assert_eq!(checksums(&mut pg, None), before, "{body}: nothing changed");
    }
}
