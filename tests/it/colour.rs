//! Colour where it helps (plan markers, statuses, `error:`, PRODUCTION), and only where the
//! conventions allow it: NO_COLOR beats CLICOLOR_FORCE, which beats TERM=dumb and CLICOLOR=0, which
//! beat "a terminal gets colour". Without colour the same words are printed.

use crate::support::{db, provctl, provctl_bare, pty, seed};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";

fn demo_ini(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("demo.ini");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/provisioning/demo.ini"),
        &path,
    )
    .unwrap();
    path
}

fn broken_hash_db() -> crate::support::TestDb {
    let db = db();
    let mut pg = db.client();
    let acme = seed::client(&mut pg, "Acme");
    seed::user_with_hash(&mut pg, &acme, "cut@acme.example", "$2b$12$abcdefghijklm");
    db
}

#[test]
fn plan_lines_are_coloured_by_their_marker_on_a_terminal() {
    let db = db();
    let dir = tempfile::tempdir().unwrap();
    let ini = demo_ini(dir.path());
    let (mut p, _home) = pty(
        provctl(&db).args(["provision", "--dry-run", ini.to_str().unwrap()]),
        120,
        30_000,
    );
    let screen = p.exp_eof().expect("exit");
    assert!(
        screen.contains(&format!("{GREEN}  + client Demo\x1b[0m")),
        "{screen:?}"
    );
    assert!(screen.contains("\x1b[1m==> "), "{screen:?}");
    // Without colour, the same lines.
    let (mut p, _home) = pty(
        provctl(&db)
            .env("NO_COLOR", "1")
            .args(["provision", "--dry-run", ini.to_str().unwrap()]),
        120,
        30_000,
    );
    let plain = p.exp_eof().expect("exit");
    assert!(
        plain.contains("\r\n  + client Demo\r\n") && !plain.contains('\x1b'),
        "{plain:?}"
    );
}

#[test]
fn a_pipe_gets_no_escapes_unless_clicolor_force_and_no_color_beats_it() {
    let db = broken_hash_db();
    let plain = provctl(&db).args(["verify-hash", "--all"]).run().code_is(1);
    assert!(!plain.stdout().contains('\x1b') && !plain.stderr().contains('\x1b'));
    assert!(plain.stdout().contains("| truncated"), "{}", plain.stdout());
    let forced = provctl(&db)
        .env("CLICOLOR_FORCE", "1")
        .args(["verify-hash", "--all"])
        .run()
        .code_is(1);
    assert!(
        forced.stdout().contains(&format!("{RED}truncated")),
        "{:?}",
        forced.stdout()
    );
    // Forced colour keeps the ASCII borders of a pipe: box-drawing is for terminals.
    assert!(forced.stdout().contains("| "), "{:?}", forced.stdout());
    let both = provctl(&db)
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["verify-hash", "--all"])
        .run()
        .code_is(1);
    assert!(!both.stdout().contains('\x1b'), "{:?}", both.stdout());
}

#[test]
fn error_is_red_only_when_colour_is_allowed() {
    let forced = provctl_bare()
        .env("CLICOLOR_FORCE", "1")
        .env("DATABASE_URL", "not a url")
        .args(["users"])
        .run()
        .code_is(2);
    assert!(
        forced.stderr().starts_with(&format!("{RED}error:\x1b[0m ")),
        "{:?}",
        forced.stderr()
    );
    let plain = provctl_bare()
        .env("DATABASE_URL", "not a url")
        .args(["users"])
        .run()
        .code_is(2);
    assert!(plain.stderr().starts_with("error: "), "{:?}", plain.stderr());
}

#[test]
fn on_a_terminal_clicolor_0_and_term_dumb_turn_colour_off() {
    let db = broken_hash_db();
    let (mut p, _home) = pty(provctl(&db).args(["verify-hash", "--all"]), 120, 30_000);
    let coloured = p.exp_eof().expect("exit");
    assert!(coloured.contains(&format!("{RED}truncated")), "{coloured:?}");
    for (k, v) in [("CLICOLOR", "0"), ("TERM", "dumb"), ("NO_COLOR", "1")] {
        let (mut p, _home) = pty(provctl(&db).env(k, v).args(["verify-hash", "--all"]), 120, 30_000);
        let screen = p.exp_eof().expect("exit");
        assert!(!screen.contains('\x1b'), "{k}={v}: {screen:?}");
        assert!(screen.contains("truncated"), "{k}={v}: {screen:?}");
    }
}
