//! Tables on a terminal fit its width as kubectl and gh do: low-value columns (ids, fingerprints) are
//! hidden whole and named in the footer, never a value split; `-o wide` prints every column; a pipe
//! always gets every column; an empty result is one line, not an empty box.

use crate::support::{db, provctl, pty, seed, TestDb};

/// Client Acme with two active keys, `acme-key-01` and `acme-key-02` (values `AcmeValue0N…`): its id
/// and the keys' ids.
pub(crate) fn acme_keys(pg: &mut postgres::Client) -> (String, [String; 2]) {
    let acme = seed::client(pg, "Acme");
    let keys = ["01", "02"].map(|n| {
        let value = format!("AcmeValue{n}{}", "x".repeat(21));
        seed::key(pg, &acme, &format!("acme-key-{n}"), &value, true)
    });
    (acme, keys)
}

/// Acme with two keys, one bound to a machine and used (every column of `keys list` filled).
fn acme(db: &TestDb) -> (String, String) {
    let mut pg = db.client();
    let (acme, [k1, _]) = acme_keys(&mut pg);
    let m = seed::machine(&mut pg, &acme, "web-01.acme.example");
    seed::bind(&mut pg, &k1, &m);
    seed::key_used(&mut pg, &k1);
    (k1, m)
}

/// The whole screen of a command run on a pty of `cols` columns, until it exits.
fn screen(run: crate::support::Run, cols: u16) -> String {
    let (mut p, _home) = pty(run, cols, 30_000);
    // rexpect hands back one char per byte: decode the UTF-8 the terminal received.
    let bytes: Vec<u8> = p.exp_eof().expect("exit").chars().map(|c| c as u8).collect();
    String::from_utf8(bytes).expect("UTF-8").replace("\r\n", "\n")
}

fn width(line: &str) -> usize {
    // Box-drawing characters are one column each; no escapes with NO_COLOR.
    line.chars().count()
}

#[test]
fn on_an_80_column_terminal_ids_are_hidden_whole_and_named_in_the_footer() {
    let db = db();
    let (key_id, machine_id) = acme(&db);
    let out = screen(provctl(&db).env("NO_COLOR", "1").args(["keys", "list"]), 80);
    assert!(
        out.lines().all(|l| width(l) <= 80),
        "a line is wider than 80:\n{out}"
    );
    assert!(!out.contains(&key_id) && !out.contains(&machine_id[..8]), "{out}");
    assert!(
        out.contains("acme-key-01") && out.contains("acme-key-02"),
        "{out}"
    );
    // The timestamp is whole, never split over two lines.
    let used = out.lines().find(|l| l.contains("acme-key-01")).unwrap();
    assert!(
        used.split(['│', '┆'])
            .any(|c| c.trim().len() == "2026-01-01T00:00:00.000000Z".len()),
        "{out}"
    );
    assert!(
        out.contains("(2 rows) hidden: id, client (-o wide shows all)"),
        "{out}"
    );
}

#[test]
fn wide_prints_every_column_on_a_terminal() {
    let db = db();
    let (key_id, machine_id) = acme(&db);
    let out = screen(
        provctl(&db)
            .env("NO_COLOR", "1")
            .args(["keys", "list", "-o", "wide"]),
        80,
    );
    // The table names the bound machine by its hostname (JSON and CSV carry machine_id too).
    let _ = machine_id;
    assert!(
        out.contains(&key_id) && out.contains("web-01.acme.example") && out.contains("Acme"),
        "{out}"
    );
    assert!(out.contains("(2 rows)\n") && !out.contains("hidden"), "{out}");
}

#[test]
fn columns_sets_the_width_to_fit_on_a_terminal_and_a_pipe_gets_every_column() {
    let db = db();
    let (key_id, machine_id) = acme(&db);
    // COLUMNS wins over the terminal's size (as for clap's help).
    let narrow = screen(
        provctl(&db)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "60")
            .args(["keys", "list"]),
        200,
    );
    assert!(narrow.lines().all(|l| width(l) <= 60), "{narrow}");
    assert!(narrow.contains("hidden: id, hostname, client"), "{narrow}");
    let wide = screen(provctl(&db).env("NO_COLOR", "1").args(["keys", "list"]), 200);
    assert!(wide.contains(&key_id) && !wide.contains("hidden"), "{wide}");
    // Not a terminal: every column, whatever COLUMNS says (scripts see what they always saw).
    let piped = provctl(&db)
        .env("COLUMNS", "40")
        .args(["keys", "list"])
        .run()
        .code_is(0);
    let text = piped.stdout();
    let _ = machine_id;
    assert!(
        text.contains(&key_id) && text.contains("web-01.acme.example"),
        "{text}"
    );
    assert!(
        text.lines().next().unwrap().starts_with("+--"),
        "ASCII in a pipe: {text}"
    );
    assert!(!text.contains("hidden"), "{text}");
}

#[test]
fn an_empty_result_is_one_line_not_an_empty_box() {
    let db = db();
    acme(&db);
    let out = provctl(&db)
        .args(["keys", "list", "--prefix", "nothing-"])
        .run()
        .code_is(0);
    assert_eq!(out.stdout(), "(no rows)\n");
    let tty = screen(provctl(&db).args(["users"]), 80);
    assert_eq!(tty.trim(), "(no rows)", "{tty:?}");
    // JSON and CSV are unchanged: an empty array, a header.
    let json = provctl(&db).args(["users", "-o", "json"]).run().code_is(0);
    assert_eq!(json.stdout(), "[]\n");
    let csv = provctl(&db).args(["users", "-o", "csv"]).run().code_is(0);
    // Across clients, the client's id and name follow (issue 17, item 8).
    assert_eq!(csv.stdout(), "email,role,is_active,updated_at,client_id,client\n");
}

#[test]
fn term_dumb_gets_ascii_borders_and_no_escapes() {
    let db = db();
    acme(&db);
    let out = screen(provctl(&db).env("TERM", "dumb").args(["keys", "list"]), 120);
    assert!(!out.contains('\x1b') && !out.contains('│'), "{out:?}");
    assert!(out.lines().next().unwrap().starts_with("+--"), "{out}");
}
