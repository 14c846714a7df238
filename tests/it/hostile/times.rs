//! Hostile timestamps: what PostgreSQL accepts in a `timestamptz` — `infinity`, `-infinity`, 4714 BC,
//! 294276 AD, a clock before 1970 — in the rows every listing prints. They printed through a formatter
//! that panicked before 1970 and failed after 9999 (exit 101 on `users`, `keys list`, `machines`,
//! `clients show`); now every listing and format shows them, as the server writes them.

use crate::support::{provctl, seed, TestDb};
use postgres::Client;

/// The odd values and their text in provctl's output (RFC 3339 in years 0000–9999, ISO 8601's
/// signed years outside, PostgreSQL's words for the infinities).
const ODD: [(&str, &str); 6] = [
    ("infinity", "infinity"),
    ("-infinity", "-infinity"),
    ("1969-12-31 23:59:59.5+00", "1969-12-31T23:59:59.500000Z"),
    ("4714-11-24 00:00:00+00 BC", "-4713-11-24T00:00:00.000000Z"),
    (
        "294276-12-31 23:59:59.999999+00",
        "+294276-12-31T23:59:59.999999Z",
    ),
    ("10000-01-01 00:00:00+00", "+10000-01-01T00:00:00.000000Z"),
];

/// Client Clock: one user, key and machine per odd value, each timestamp column set to it.
fn seed_clock(pg: &mut Client) -> String {
    let c = seed::client(pg, "Clock");
    for (i, (value, _)) in ODD.iter().enumerate() {
        let u = seed::user(pg, &c, &format!("u{i}@clock.example"), "pw-clock-12345");
        let m = seed::machine(pg, &c, &format!("clock-{i:02}"));
        let k = seed::key(
            pg,
            &c,
            &format!("clock-key-{i:02}"),
            &format!("clock-value-{i:02}-0123456789abcdef"),
            true,
        );
        seed::bind(pg, &k, &m);
        for sql in [
            "UPDATE users SET updated_at = $2::text::timestamptz WHERE id = $1::text::uuid",
            "UPDATE machines SET registered_at = $2::text::timestamptz, last_seen = $2::text::timestamptz \
             WHERE id = $1::text::uuid",
            "UPDATE api_keys SET last_used_at = $2::text::timestamptz WHERE id = $1::text::uuid",
        ] {
            let id = if sql.contains("users") {
                &u
            } else if sql.contains("machines") {
                &m
            } else {
                &k
            };
            pg.execute(sql, &[id, value])
                .unwrap_or_else(|e| panic!("{sql} {value}: {e}"));
        }
    }
    c
}

#[test]
fn odd_timestamps_print_in_every_listing_and_format_never_a_panic() {
    let db = crate::support::db();
    let mut pg = db.client();
    seed_clock(&mut pg);
    let commands: [&[&str]; 7] = [
        &["users", "--client", "Clock"],
        &["users", "--email", "u0@clock.example"],
        &["keys", "list", "--client", "Clock"],
        &["machines", "--client", "Clock"],
        &["machines", "--stale", "1h"],
        &["clients", "show", "Clock"],
        &[
            "machines",
            "delete",
            "--client",
            "Clock",
            "--hostname",
            "clock-00",
            "--dry-run",
        ],
    ];
    for args in commands {
        for format in ["table", "csv", "json"] {
            let done = provctl(&db).args(args).args(["-o", format]).run();
            let shown = format!("{}{}", done.stdout(), done.stderr());
            assert!(
                done.code() == 0 && !shown.contains("panicked"),
                "{args:?} -o {format}: exit {}\n{shown}",
                done.code()
            );
            // One user by e-mail and the delete's plan show one value; --stale the three in the past
            // (and not the future ones); the others all of them.
            let expected: &[(&str, &str)] = match &args[..2] {
                ["users", "--email"] | ["machines", "delete"] => &ODD[..1],
                ["machines", "--stale"] => {
                    assert!(
                        !shown.contains("+294276"),
                        "{args:?}: a future last_seen is not stale\n{shown}"
                    );
                    &ODD[1..4]
                }
                _ => &ODD,
            };
            for (value, text) in expected {
                assert!(
                    shown.contains(text),
                    "{args:?} -o {format}: {value} should show as {text}\n{shown}"
                );
            }
        }
    }
}

/// provctl's text for 400 timestamps spread over PostgreSQL's whole range (and the edges: leap days,
/// the years 0 and 9999, 1969/1970) is what the server itself computes for them.
#[test]
fn timestamps_print_as_the_server_writes_them() {
    let db: TestDb = crate::support::db();
    let mut pg = db.client();
    let c = seed::client(&mut pg, "Cross");
    pg.batch_execute("SET timezone = 'UTC'").unwrap();
    // Days from 2000-01-01 in [-2,451,544, 106,751,057] (4714-11-25 BC to 294276-12-31), spread by a
    // multiplicative step; microseconds of the day likewise.
    pg.execute(
        "INSERT INTO machines (id, client_id, hostname, fingerprint, os_type, registered_at)
         SELECT gen_random_uuid(), $1::text::uuid, 'x-' || i, 'x-' || i, 'Linux',
                '2000-01-01 00:00:00+00'::timestamptz
                  + (-2451544 + (i::bigint * 982451653) % 109202601) * interval '1 day'
                  + ((i::bigint * 2654435761) % 86400000000) * interval '1 microsecond'
         FROM generate_series(1, 400) i",
        &[&c],
    )
    .unwrap();
    let edges = [
        "2000-01-01 00:00:00+00",
        "1999-12-31 23:59:59.999999+00",
        "1970-01-01 00:00:00+00",
        "1969-12-31 23:59:59.999999+00",
        "2000-02-29 12:00:00+00",
        "1900-02-28 23:59:59+00",
        "1900-03-01 00:00:00+00",
        "2100-02-28 00:00:00.000001+00",
        "2100-03-01 00:00:00+00",
        "9999-12-31 23:59:59.999999+00",
        "0001-01-01 00:00:00+00",
        "0001-12-31 23:59:59.999999+00 BC",
        "0001-02-29 00:00:00+00 BC",
        "0005-02-29 12:00:00+00 BC",
        "4714-11-24 00:00:00+00 BC",
        "294276-12-31 23:59:59.999999+00",
    ];
    for (i, t) in edges.iter().enumerate() {
        pg.execute(
            "INSERT INTO machines (id, client_id, hostname, fingerprint, os_type, registered_at) \
             VALUES (gen_random_uuid(), $1::text::uuid, $2, $2, 'Linux', $3::text::timestamptz)",
            &[&c, &format!("edge-{i}"), t],
        )
        .unwrap();
    }
    // The server's own computation, in the same notation: astronomical years (1 BC is 0).
    let expected: std::collections::BTreeMap<String, String> = pg
        .query(
            "SELECT hostname,
                    CASE WHEN a < 0 THEN '-' || lpad((-a)::text, 4, '0')
                         WHEN a > 9999 THEN '+' || a::text
                         ELSE lpad(a::text, 4, '0') END
                    || to_char(registered_at, '-MM-DD\"T\"HH24:MI:SS.US\"Z\"')
             FROM (SELECT hostname, registered_at, extract(year FROM registered_at)::int AS y FROM machines
                   WHERE client_id = $1::text::uuid) m,
                  LATERAL (SELECT CASE WHEN y < 0 THEN y + 1 ELSE y END AS a) yy",
            &[&c],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(expected.len(), 416);
    assert!(
        expected.values().any(|t| t.starts_with('-')),
        "BC years in the sample"
    );
    assert!(
        expected.values().any(|t| t.starts_with('+')),
        "years past 9999 in the sample"
    );
    let doc = provctl(&db)
        .args(["machines", "--client", "Cross", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    let shown: std::collections::BTreeMap<String, String> = doc
        .as_array()
        .expect("an array")
        .iter()
        .map(|m| {
            (
                m["hostname"].as_str().unwrap().to_string(),
                m["registered_at"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(shown, expected);
}
