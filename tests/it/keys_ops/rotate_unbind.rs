//! `keys rotate` and `keys unbind`: the value replaced in the same row, the key freed from its machine,
//! refusals and bad input that change nothing, the prompt.

use super::{audited_once, exit_code, keys, lines_of, platform_db, seeded, OTHER, V1};
use crate::keys_change::pty;
use crate::support::{provctl, seed};

// ---------------------------------------------------------------- rotate

#[test]
fn rotate_replaces_the_value_in_the_same_row_and_names_the_agent_to_reconfigure() {
    let db = platform_db();
    let mut pg = db.client();
    let (_, web) = seeded(&mut pg);
    let id_before: String = pg
        .query_one("SELECT id::text FROM api_keys WHERE name = 'acme-key-01'", &[])
        .unwrap()
        .get(0);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme-key-01.txt");
    let out = provctl(&db)
        .args([
            "keys",
            "rotate",
            "acme-key-01",
            "--yes",
            "-o",
            "json",
            "--out",
            file.to_str().unwrap(),
        ])
        .run()
        .code_is(0)
        .stderr_has("the agent on acme-web-01")
        .never_shows(V1);
    let plan = out.json();
    assert_eq!(plan[0]["hostname"], "acme-web-01");
    assert_eq!(plan[0]["machine_id"], web.as_str());
    let (name, new) = lines_of(&std::fs::read_to_string(&file).unwrap()).remove(0);
    assert_eq!(name, "acme-key-01");
    let out = out.never_shows(&new);
    assert_ne!(new, V1);
    assert_eq!(new.len(), 32);
    // Same row, name, binding, is_active and last_used_at; the old value is nowhere, the new one once.
    let r = pg
        .query_one(
            "SELECT id::text, key, machine_id::text, is_active, last_used_at IS NOT NULL FROM api_keys WHERE name = 'acme-key-01'",
            &[],
        )
        .unwrap();
    assert_eq!(r.get::<_, String>(0), id_before);
    assert_eq!(r.get::<_, String>(1), new);
    assert_eq!(r.get::<_, Option<String>>(2).as_deref(), Some(web.as_str()));
    assert!(r.get::<_, bool>(3) && r.get::<_, bool>(4));
    let mut count = |v: &str| -> i64 {
        pg.query_one("SELECT count(*) FROM api_keys WHERE key = $1", &[&v])
            .unwrap()
            .get(0)
    };
    assert_eq!(count(V1), 0, "the old value still works");
    assert_eq!(count(&new), 1);
    let e = audited_once(&out);
    assert_eq!(e["counts"]["keys_rotated"], 1, "{e}");
    assert_eq!(e["counts"]["machine"], "acme-web-01");
}

#[test]
fn rotate_refusals_and_bad_input_change_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let other = seed::client(&mut pg, "Third");
    seed::key(
        &mut pg,
        &other,
        "key-01",
        "ThirdValue01-0123456789abcdefghi",
        true,
    );
    let before = keys(&mut pg);
    // No terminal, no --yes (the value would have gone to the pipe): exit 3.
    provctl(&db)
        .args(["keys", "rotate", "acme-key-07"])
        .run()
        .code_is(3);
    provctl(&db)
        .args(["keys", "rotate", "acme-key-99", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown key name(s): acme-key-99");
    // key-01 is Other's and Third's: which one must be said.
    provctl(&db)
        .args(["keys", "rotate", "key-01", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("is used by 2 keys")
        .stderr_has("--client");
    provctl(&db)
        .args(["keys", "rotate", "key-01", "--client", "Nobody", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown client");
    assert_eq!(keys(&mut pg), before);
    // With --client, only that client's key changes; the pipe gets the value.
    let out = provctl(&db)
        .args(["keys", "rotate", "key-01", "--client", "Third", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("is not bound to a machine");
    let (_, new) = lines_of(&out.stdout()).remove(0);
    let now = keys(&mut pg);
    assert!(now.iter().any(|k| k.0 == "Third" && k.2 == new));
    assert!(
        now.iter().any(|k| k.0 == "Other" && k.2 == OTHER),
        "Other's key-01 changed"
    );
}

// ---------------------------------------------------------------- unbind

#[test]
fn unbind_frees_the_key_from_its_machine_and_reports_an_unbound_one() {
    let db = platform_db();
    let mut pg = db.client();
    let (_, web) = seeded(&mut pg);
    let out = provctl(&db)
        .args([
            "keys",
            "unbind",
            "acme-key-01",
            "acme-key-07",
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .code_is(0)
        .stderr_has("acme-key-01 leaves acme-web-01")
        .stderr_has("acme-key-07 is not bound to a machine")
        .stderr_has("1 key(s) unbound")
        .never_shows(V1);
    let plan = out.json();
    assert_eq!(plan[0]["name"], "acme-key-01");
    assert_eq!(plan[0]["hostname"], "acme-web-01");
    assert_eq!(plan[0]["machine_id"], web.as_str());
    assert_eq!(plan[0]["action"], "unbind");
    assert_eq!(plan[1]["action"], "already unbound");
    let now = keys(&mut pg);
    let k1 = now.iter().find(|k| k.1 == "acme-key-01").unwrap();
    assert_eq!(
        (k1.2.as_str(), k1.3, &k1.4, k1.5),
        (V1, true, &None, true),
        "value, is_active, last_used_at stay"
    );
    assert!(now
        .iter()
        .any(|k| k.0 == "Other" && k.4.as_deref() == Some("other-web-01")));
    let e = audited_once(&out);
    assert_eq!(e["counts"]["keys_unbound"], 1, "{e}");
    assert_eq!(e["client"], "Acme");
    // Again: nothing to unbind, exit 0, nothing logged.
    let out = provctl(&db)
        .args(["keys", "unbind", "acme-key-01", "--yes"])
        .run()
        .code_is(0)
        .stderr_has("nothing to unbind");
    assert_eq!(out.audit, "");
}

#[test]
fn unbind_refusals_and_bad_input_change_nothing() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let before = keys(&mut pg);
    let out = provctl(&db)
        .args(["keys", "unbind", "acme-key-01"])
        .run()
        .code_is(3)
        .stdout_has("acme-web-01");
    assert_eq!(out.audit, "");
    provctl(&db)
        .args(["keys", "unbind", "acme-key-01", "nope", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("unknown key name(s): nope");
    provctl(&db)
        .args(["keys", "unbind", "key-01", "--client", "Acme", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("for client `Acme`");
    provctl(&db).args(["keys", "unbind", "--yes"]).run().code_is(2);
    assert_eq!(keys(&mut pg), before);
}

#[test]
fn pty_unbind_asks_and_yes_applies() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let (mut p, _home) = pty(provctl(&db).args(["keys", "unbind", "acme-key-01"]), 30_000);
    p.exp_string("acme-web-01").expect("the plan names the machine");
    p.exp_string("Unbind 1 key(s)?").expect("question");
    p.send("y").expect("answer");
    p.flush().unwrap();
    p.exp_string("1 key(s) unbound").expect("done");
    p.exp_eof().expect("exit");
    assert_eq!(exit_code(&p), 0);
    assert!(keys(&mut pg).iter().all(|k| k.0 != "Acme" || k.4.is_none()));
}
