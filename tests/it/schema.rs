//! `provctl schema print|apply`, and the fidelity of both DDLs to the platform's real schema.
//!
//! `tests/fixtures/platform-schema.txt` is the catalogue of a database migrated by the platform's own
//! Alembic migrations (head 0003), one fact a line. A database built from `src/db/schema.sql` (what
//! `schema print` / `schema apply` emit) and one built from `tests/fixtures/platform_alembic.sql` must
//! both give exactly those lines, read with the queries the file's header names.

use crate::support::{cluster, provctl, seed, Template, TestDb};
use postgres::Client;

/// A copy of the platform's schema facts (its header, then one fact a line).
const FACTS: &str = include_str!("../fixtures/platform-schema.txt");

/// The facts of the file, without its header, sorted.
fn platform_facts() -> Vec<String> {
    let mut facts: Vec<String> = FACTS
        .lines()
        .filter(|l| {
            ["col ", "con ", "idx ", "trg ", "enum "]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(str::to_string)
        .collect();
    facts.sort();
    facts
}

/// The same facts read from a live catalogue, formatted as the file does, sorted. The queries are
/// the ones the file's header describes: `information_schema.columns` (type with its length,
/// nullability, default), `pg_constraint` (kind and `pg_get_constraintdef`), `pg_indexes` (the
/// definition without the index's name), non-internal `pg_trigger` rows, `pg_enum` labels in order;
/// `alembic_version` left out.
fn catalogue_facts(pg: &mut Client) -> Vec<String> {
    const SQL: &str = "\
SELECT format('col %s.%s %s %s default=%s', c.table_name, c.column_name,
              c.data_type || coalesce('(' || c.character_maximum_length || ')', ''),
              CASE c.is_nullable WHEN 'NO' THEN 'NOT NULL' ELSE 'null' END,
              coalesce(c.column_default, '-'))
FROM information_schema.columns c
WHERE c.table_schema = current_schema() AND c.table_name <> 'alembic_version'
UNION ALL
SELECT format('con %s %s %s', k.conrelid::regclass, k.contype, pg_get_constraintdef(k.oid))
FROM pg_constraint k
WHERE k.connamespace = current_schema()::regnamespace AND k.conrelid <> 0
  AND k.conrelid IS DISTINCT FROM to_regclass('alembic_version')
UNION ALL
SELECT format('idx %s %s', i.tablename,
              regexp_replace(i.indexdef, '^(CREATE (UNIQUE )?INDEX) \\S+ ON ', '\\1 ON '))
FROM pg_indexes i
WHERE i.schemaname = current_schema() AND i.tablename <> 'alembic_version'
UNION ALL
SELECT format('trg %s %s', t.tgrelid::regclass, t.tgname)
FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
WHERE NOT t.tgisinternal AND r.relnamespace = current_schema()::regnamespace
UNION ALL
SELECT format('enum %s %s', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder))
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typnamespace = current_schema()::regnamespace
GROUP BY t.typname";
    let mut facts: Vec<String> = pg
        .query(SQL, &[])
        .expect("catalogue facts")
        .iter()
        .map(|r| r.get(0))
        .collect();
    facts.sort();
    facts
}

/// `Err` with a readable diff (what the platform has and this database lacks, and the reverse) when
/// the two sorted lists differ; duplicates count (api_keys has two identical unique indexes).
fn compare(origin: &str, want: &[String], got: &[String]) -> Result<(), String> {
    let (mut i, mut j) = (0, 0);
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    while i < want.len() || j < got.len() {
        match (want.get(i), got.get(j)) {
            (Some(w), Some(g)) if w == g => {
                i += 1;
                j += 1;
            }
            (Some(w), Some(g)) if w < g => {
                missing.push(w);
                i += 1;
            }
            (Some(w), None) => {
                missing.push(w);
                i += 1;
            }
            (_, Some(g)) => {
                extra.push(g);
                j += 1;
            }
            (None, None) => unreachable!(),
        }
    }
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let mut msg = format!(
        "{origin}: {} fact(s) of the platform missing, {} not in the platform (of {} expected)\n",
        missing.len(),
        extra.len(),
        want.len()
    );
    for m in missing {
        msg.push_str(&format!("- {m}\n"));
    }
    for e in extra {
        msg.push_str(&format!("+ {e}\n"));
    }
    Err(msg)
}

fn assert_platform_schema(origin: &str, db: &TestDb) {
    let want = platform_facts();
    assert!(want.len() > 250, "only {} facts in the fixture", want.len());
    let got = catalogue_facts(&mut db.client());
    if let Err(diff) = compare(origin, &want, &got) {
        panic!("{diff}");
    }
}

#[test]
fn provctl_ddl_has_exactly_the_platform_schema() {
    assert_platform_schema("src/db/schema.sql", &cluster().fresh_db(Template::Provctl));
}

#[test]
fn alembic_fixture_has_exactly_the_platform_schema() {
    assert_platform_schema(
        "tests/fixtures/platform_alembic.sql",
        &cluster().fresh_db(Template::Alembic),
    );
}

#[test]
fn schema_apply_creates_exactly_the_platform_schema() {
    let db = cluster().fresh_db(Template::Empty);
    provctl(&db).args(["schema", "apply"]).run().code_is(0);
    assert_platform_schema("provctl schema apply", &db);
}

#[test]
fn the_comparison_names_what_differs() {
    let want = platform_facts();
    let mut got = want.clone();
    let dropped = got.remove(3);
    got.push("idx incidents CREATE INDEX ON public.incidents USING btree (machine_id)".into());
    got.sort();
    let diff = compare("x", &want, &got).unwrap_err();
    assert!(diff.contains(&format!("- {dropped}")), "{diff}");
    assert!(diff.contains("+ idx incidents CREATE INDEX ON public.incidents USING btree (machine_id)"));
    // A fact present twice in the platform (the two unique indexes on api_keys.key) must be there twice.
    let twice = "idx api_keys CREATE UNIQUE INDEX ON public.api_keys USING btree (key)".to_string();
    assert_eq!(want.iter().filter(|f| **f == twice).count(), 2);
    let mut once = want.clone();
    once.remove(once.iter().position(|f| *f == twice).unwrap());
    assert!(compare("x", &want, &once)
        .unwrap_err()
        .contains(&format!("- {twice}")));
}

/// doctor's schema check and provision's length limits name tables and columns; every one of them must
/// exist in the real schema, or doctor would fail on a healthy deployment.
#[test]
fn the_columns_provctl_uses_are_in_the_platform_schema() {
    let facts = platform_facts();
    let has = |t: &str, c: &str| facts.iter().any(|f| f.starts_with(&format!("col {t}.{c} ")));
    for (table, columns) in provctl::db::schema::USED_COLUMNS {
        for column in *columns {
            assert!(
                has(table, column),
                "{table}.{column} is not in the platform's schema"
            );
        }
    }
    for table in provctl::db::schema::TABLES {
        assert!(
            facts.iter().any(|f| f.starts_with(&format!("col {table}."))),
            "{table} is not a platform table"
        );
    }
    let tables: std::collections::BTreeSet<&str> = facts
        .iter()
        .filter_map(|f| f.strip_prefix("col ")?.split('.').next())
        .collect();
    assert_eq!(tables.len(), provctl::db::schema::TABLES.len(), "{tables:?}");
}

/// The platform's numbering trigger, on both DDLs: an incident inserted without a number (NULL or 0)
/// gets its client's next one, per client; a given number is kept; the counter holds the next number.
#[test]
fn incidents_are_numbered_per_client_by_the_trigger() {
    for template in [Template::Provctl, Template::Alembic] {
        let db = cluster().fresh_db(template);
        let mut pg = db.client();
        let a = seed::client(&mut pg, "Acme");
        let b = seed::client(&mut pg, "Beta");
        let mut numbers = Vec::new();
        for (n, client) in [&a, &a, &b, &a].into_iter().enumerate() {
            // One target each: at most one OPEN incident per subject.
            let target = seed::http_target(&mut pg, client, "site", &format!("https://site-{n}.example/"));
            let id = seed::incident(&mut pg, client, "HTTP_FAILURE", None, None, Some(&target));
            numbers.push(incident_number(&mut pg, &id));
        }
        let ta = seed::http_target(&mut pg, &a, "site", "https://acme.example/");
        assert_eq!(numbers, [Some(1), Some(2), Some(1), Some(3)], "{template:?}");
        // 0 means "number it" too; an explicit number is the caller's.
        pg.execute(
            "INSERT INTO incidents (id, client_id, incident_number, incident_type, dedup_key, title, http_target_id) \
             VALUES (gen_random_uuid(), $1::text::uuid, 0, 'HTTP_FAILURE', 'zero', 'zero', $2::text::uuid), \
                    (gen_random_uuid(), $1::text::uuid, 40, 'HTTP_FAILURE', 'forty', 'forty', $2::text::uuid)",
            &[&a, &ta],
        )
        .unwrap();
        let rows: Vec<(String, i32)> = pg
            .query(
                "SELECT dedup_key, incident_number FROM incidents WHERE dedup_key IN ('zero', 'forty') ORDER BY 2",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        assert_eq!(rows, [("zero".into(), 4), ("forty".into(), 40)], "{template:?}");
        let next: i32 = pg
            .query_one(
                "SELECT next_incident_number FROM client_incident_counter WHERE client_id = $1::text::uuid",
                &[&a],
            )
            .unwrap()
            .get(0);
        assert_eq!(next, 5, "{template:?}");
        // One OPEN incident per subject and dedup key; a resolved one does not count.
        let dup = pg.execute(
            "INSERT INTO incidents (id, client_id, incident_type, dedup_key, title, http_target_id) \
             VALUES (gen_random_uuid(), $1::text::uuid, 'HTTP_FAILURE', 'zero', 'again', $2::text::uuid)",
            &[&a, &ta],
        );
        assert!(
            dup.is_err(),
            "{template:?}: a second OPEN incident with the same dedup key"
        );
        pg.execute(
            "UPDATE incidents SET status = 'RESOLVED' WHERE dedup_key = 'zero'",
            &[],
        )
        .unwrap();
        pg.execute(
            "INSERT INTO incidents (id, client_id, incident_type, dedup_key, title, http_target_id) \
             VALUES (gen_random_uuid(), $1::text::uuid, 'HTTP_FAILURE', 'zero', 'again', $2::text::uuid)",
            &[&a, &ta],
        )
        .unwrap();
    }
}

fn incident_number(pg: &mut Client, id: &str) -> Option<i32> {
    pg.query_one(
        "SELECT incident_number FROM incidents WHERE id = $1::text::uuid",
        &[&id],
    )
    .unwrap()
    .get(0)
}

#[test]
fn print_shows_the_platform_ddl() {
    let db = cluster().fresh_db(Template::Empty);
    let out = provctl(&db).args(["schema", "print"]).run().code_is(0);
    let ddl = out.stdout();
    assert_eq!(ddl, include_str!("../../src/db/schema.sql"));
    for needle in [
        "CREATE TABLE clients",
        "ck_incidents_type_consistency",
        "trg_set_incident_number_per_client",
        "slack_channel_name",
        "ON DELETE SET NULL",
    ] {
        assert!(ddl.contains(needle), "DDL lacks {needle}");
    }
}

#[test]
fn apply_creates_the_schema_once_then_refuses() {
    let db = cluster().fresh_db(Template::Empty);
    let first = provctl(&db)
        .args(["schema", "apply"])
        .run()
        .code_is(0)
        .stderr_has("(17 tables)");
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
    assert_eq!(n, 17);
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
