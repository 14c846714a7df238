//! The checks inside the transaction: another client's event on this client's machine refuses the
//! reset; a key left bound fails the verification before commit and rolls back.

use super::{checksums, populate};
use crate::support::{db, provctl, seed};
use postgres::Client;

/// An anomaly the cascade would take with it: another client's ingest event on this client's machine.
/// The plan counts the client's own events (the ones a reset deletes); the reset is then refused in
/// its transaction, naming what it found, and nothing changes on either client.
#[test]
fn another_clients_event_on_this_clients_machine_refuses_the_reset() {
    let db = db();
    let mut pg = db.client();
    let acme = populate(&mut pg, "Acme");
    let other = populate(&mut pg, "Other");
    let m: String = pg
        .query_one(
            "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 1",
            &[&acme.id],
        )
        .unwrap()
        .get(0);
    seed::ingest(&mut pg, &other.id, &m, "misrouted-1");
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
    provctl(&db)
        .args(["reset-client", "--client", "Acme", "--yes"])
        .run()
        .code_is(3)
        .stderr_has("1 ingest event(s) and 0 incident(s) of OTHER clients reference this client's machines");
    assert_eq!(checksums(&mut pg, None), before, "nothing changed");
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
            count_id(
                &mut pg,
                "SELECT id::text FROM machines WHERE client_id = $1::text::uuid ORDER BY hostname LIMIT 1",
                &other.id,
            ),
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

fn count_id(pg: &mut Client, sql: &str, client: &str) -> String {
    pg.query_one(sql, &[&client])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}
