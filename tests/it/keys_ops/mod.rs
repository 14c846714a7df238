//! `keys create`, `keys rotate`, `keys unbind` and the key listings' new columns, on the platform's
//! schema: plan, refusal without a terminal, `--yes`, JSON, the audit line (pending then outcome), bad
//! input (exit 2, nothing changed), values only where `keys export` sends them.
//!
//! Here: the shared fixtures and helpers; the tests, by theme, in `create`, `listings` and `rotate_unbind`.

use crate::support::{cluster, seed, Template, TestDb};
use postgres::Client;
use rexpect::process::WaitStatus;

mod create;
mod listings;
mod rotate_unbind;

const V1: &str = "AcmeValue01-0123456789abcdefghij";

const V7: &str = "AcmeValue07-0123456789abcdefghij";

const OTHER: &str = "OtherValue01-0123456789abcdefghi";

fn platform_db() -> TestDb {
    cluster().fresh_db(Template::Alembic)
}

/// Acme: acme-key-01 (active, bound to acme-web-01, used) and acme-key-07 (inactive); Other: key-01
/// bound to other-web-01. Returns (acme id, acme-web-01 id).
fn seeded(pg: &mut Client) -> (String, String) {
    let acme = seed::client(pg, "Acme");
    let other = seed::client(pg, "Other");
    let k1 = seed::key(pg, &acme, "acme-key-01", V1, true);
    seed::key(pg, &acme, "acme-key-07", V7, false);
    let web = seed::machine(pg, &acme, "acme-web-01");
    seed::bind(pg, &k1, &web);
    seed::key_used(pg, &k1);
    let ok = seed::key(pg, &other, "key-01", OTHER, true);
    let om = seed::machine(pg, &other, "other-web-01");
    seed::bind(pg, &ok, &om);
    (acme, web)
}

/// Every key: (client name, key name, value, is_active, bound hostname, last_used_at set).
fn keys(pg: &mut Client) -> Vec<(String, String, String, bool, Option<String>, bool)> {
    pg.query(
        "SELECT c.name, k.name, k.key, k.is_active, m.hostname, k.last_used_at IS NOT NULL FROM api_keys k \
         JOIN clients c ON c.id = k.client_id LEFT JOIN machines m ON m.id = k.machine_id ORDER BY c.name, k.name",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
    .collect()
}

/// The raw audit log holds a pending line and its outcome for one change.
#[track_caller]
fn audited_once(out: &crate::support::Done) -> serde_json::Value {
    let raw: Vec<serde_json::Value> = out
        .audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(raw.len(), 2, "pending + outcome:\n{}", out.audit);
    assert_eq!(raw[0]["outcome"], "pending");
    assert_eq!(raw[0]["id"], raw[1]["id"]);
    let e = out.audit_entries().remove(0);
    assert_eq!(e["outcome"], "ok", "{e}");
    e
}

/// `name = value` lines of an export in the default format (a file's first line is provctl's
/// secrets header, which `secrets list|shred` recognise).
fn lines_of(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.starts_with("# provctl-secrets format=lines: "))
        .map(|l| {
            let (n, v) = l
                .split_once(" = ")
                .unwrap_or_else(|| panic!("not a `name = value` line: {l:?}"));
            (n.to_string(), v.to_string())
        })
        .collect()
}

pub(crate) fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}
