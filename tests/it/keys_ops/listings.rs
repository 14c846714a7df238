//! `keys list` across clients with the bound machine's hostname, a client folded into the listing, an
//! env delivery of a name env cannot hold.

use super::{keys, platform_db, seeded, V1, V7};
use crate::support::{provctl, seed};

// ---------------------------------------------------------------- listings

#[test]
fn keys_list_shows_the_bound_machines_hostname_and_the_client_across_clients() {
    let db = platform_db();
    let mut pg = db.client();
    let (acme, web) = seeded(&mut pg);
    let table = provctl(&db).args(["keys", "list", "--bound"]).run().code_is(0);
    let header = table
        .stdout()
        .lines()
        .find(|l| l.contains("name"))
        .unwrap()
        .to_string();
    assert!(
        header.contains("hostname") && header.contains("client"),
        "{header}"
    );
    assert!(
        !header.contains("machine_id"),
        "the table shows the hostname, not the id: {header}"
    );
    assert!(table.stdout().contains("acme-web-01") && table.stdout().contains("other-web-01"));
    assert!(!table.stdout().contains(&web), "{}", table.stdout());
    let json = provctl(&db)
        .args(["keys", "list", "--bound", "-o", "json"])
        .run()
        .code_is(0)
        .json();
    assert_eq!(json[0]["machine_id"], web.as_str());
    assert_eq!(json[0]["hostname"], "acme-web-01");
    assert_eq!(json[0]["client"], "Acme");
    assert_eq!(json[1]["client"], "Other");
    // Filtered by client (a name or an id): no client column.
    for c in ["Acme", acme.as_str()] {
        let rows = provctl(&db)
            .args(["keys", "list", "--client", c, "-o", "json"])
            .run()
            .code_is(0)
            .json();
        let fields: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
        assert_eq!(
            fields,
            [
                "id",
                "name",
                "is_active",
                "machine_id",
                "last_used_at",
                "hostname"
            ],
            "--client {c}"
        );
        assert_eq!(rows.as_array().unwrap().len(), 2);
    }
}

#[test]
fn a_client_folded_into_the_listing_keeps_every_message() {
    let db = platform_db();
    let mut pg = db.client();
    seeded(&mut pg);
    let empty = seed::client(&mut pg, "Empty");
    let twin_a = seed::client(&mut pg, "Twin");
    seed::client(&mut pg, "Twin");
    seed::key(
        &mut pg,
        &twin_a,
        "twin-key-01",
        "TwinValue01-0123456789abcdefghij",
        true,
    );
    for cmd in [&["keys", "list"][..], &["machines"][..], &["users"][..]] {
        // An empty client (by name or id) is an empty listing, exit 0.
        for c in ["Empty", empty.as_str()] {
            let out = provctl(&db)
                .args(cmd)
                .args(["--client", c, "-o", "json"])
                .run()
                .code_is(0);
            assert_eq!(out.json(), serde_json::json!([]), "{cmd:?} --client {c}");
        }
        // Unknown (a name, an id) and shared names: exit 2, with resolve's messages.
        provctl(&db)
            .args(cmd)
            .args(["--client", "Nobody"])
            .run()
            .code_is(2)
            .stderr_has("unknown client `Nobody`");
        provctl(&db)
            .args(cmd)
            .args(["--client", "0b0f4a5e-8c1d-4f5e-9a6b-1c2d3e4f5a6b"])
            .run()
            .code_is(2)
            .stderr_has("unknown client");
        provctl(&db)
            .args(cmd)
            .args(["--client", "Twin"])
            .run()
            .code_is(2)
            .stderr_has("client name `Twin` is shared by 2 clients");
    }
}

/// Review of issue 16: `--format env` on a name that cannot be a variable was refused only after the
/// commit when the values went to stdout — a rotated key's old value dead, its new one shown to nobody.
#[test]
fn bug_an_env_delivery_of_a_name_env_cannot_hold_was_refused_after_the_commit() {
    let db = platform_db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    seed::key(&mut pg, &acme, "web key 1", V1, true);
    seed::key(&mut pg, &acme, "acme key 07", V7, true);
    let before = keys(&mut pg);
    provctl(&db)
        .args(["keys", "rotate", "web key 1", "--format", "env", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("`web key 1` cannot be part of a variable name")
        .stderr_has("nothing changed")
        .never_shows(V1);
    provctl(&db)
        .args(["keys", "create", "--client", "Acme", "--format", "env", "--yes"])
        .run()
        .code_is(2)
        .stderr_has("`acme key 08` cannot be part of a variable name");
    assert_eq!(keys(&mut pg), before, "nothing changed");
}
