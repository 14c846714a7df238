//! Secret-leak tests (issue 7): every command runs with known secrets in play — the database password
//! in the URL, an admin password, API key values, a password hash, the secrets provision generates —
//! and none of them may reach stdout, stderr (including `--verbose` SQL traces) or the audit log,
//! except where a command's contract sends them to stdout (`secrets show` to a pipe). Also: no flag
//! takes a secret as its value, secret files are 0600 under umask 000 and never written through a
//! symlink, and the process cannot dump core.

use crate::http_checks::StandIn;
use crate::support::{cluster, db, provctl, seed, Done, Run, TestDb};
use postgres::Client;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const CLIENT: &str = "LeakCo";
const EMAIL: &str = "admin@leakco.example";
/// The admin's password (seeded as a bcrypt hash).
const ADMIN_PW: &str = "Adm1n-LeakPw-q7Zx";
/// A wrong guess: a secret too, it must not be echoed either.
const WRONG_PW: &str = "Wr0ng-LeakPw-k3Vb";
/// The password `reset-password --password-stdin` sets.
const NEW_PW: &str = "N3w-LeakPw-t9Jw";
/// Key values, each unique so a leak is found by substring.
const KEY_ACTIVE: &str = "LeakKeyActiveValue00000000000001";
const KEY_RESERVE: &str = "LeakKeyReserveValue0000000000002";
const KEY_BOUND: &str = "LeakKeyBoundValue000000000000003";
/// Imposed in an INI (`[admin] password`, `[api_keys] key_01`).
const INI_PW: &str = "In1-Imposed-Pw-m4Rc";
const INI_KEY: &str = "LeakIniImposedKeyValue0000000004";

/// What must never be shown, with a name for failure messages.
struct Secrets(Vec<(String, String)>);

impl Secrets {
    fn add(&mut self, what: &str, value: &str) {
        assert!(value.len() >= 8, "{what}: too short to search for: {value:?}");
        self.0.push((what.to_string(), value.to_string()));
    }
}

/// Asserts that no secret appears in the run's stderr or audit log, nor in its stdout unless
/// `stdout_may_hold_secrets` (a command whose contract is to print them to a pipe).
#[track_caller]
fn assert_clean(out: &Done, secrets: &Secrets, stdout_may_hold_secrets: bool) {
    let mut places = vec![("stderr", out.stderr()), ("audit log", out.audit.clone())];
    if !stdout_may_hold_secrets {
        places.push(("stdout", out.stdout()));
    }
    for (where_, text) in &places {
        for (what, value) in &secrets.0 {
            assert!(
                !text.contains(value.as_str()),
                "`{}` (exit {}): {where_} shows {what} ({value}):\n{text}",
                out.describe,
                out.code()
            );
        }
    }
    assert_ne!(out.code(), 101, "`{}` panicked:\n{}", out.describe, out.stderr());
    assert!(
        !out.stderr().contains("panicked"),
        "`{}` panicked:\n{}",
        out.describe,
        out.stderr()
    );
}

/// LeakCo: admin [`EMAIL`] / [`ADMIN_PW`], an active key, an inactive (reserve) key, a key bound to a
/// machine that has ingest events. Returns the admin's password hash.
fn seed_leakco(pg: &mut Client) -> String {
    let c = seed::client(pg, CLIENT);
    seed::user(pg, &c, EMAIL, ADMIN_PW);
    seed::key(pg, &c, "leak-key-01", KEY_ACTIVE, true);
    seed::key(pg, &c, "leak-key-02", KEY_RESERVE, false);
    let k3 = seed::key(pg, &c, "leak-key-03", KEY_BOUND, true);
    let m = seed::machine(pg, &c, "leak-host-01");
    seed::bind(pg, &k3, &m);
    seed::key_used(pg, &k3);
    seed::ingest(pg, &c, &m, "leak-ingest-1");
    seed::ingest(pg, &c, &m, "leak-ingest-2");
    pg.query_one("SELECT password_hash FROM users WHERE email = $1", &[&EMAIL])
        .unwrap()
        .get(0)
}

/// `KEY=VALUE` pairs of a secrets file whose key names an admin password or a key value.
fn secret_values_in(file: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| k.contains("PASSWORD") || k.starts_with("API_KEY_VALUE__"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `provctl --verbose ARGS...` against `db`.
fn verbose<S: AsRef<std::ffi::OsStr>>(db: &TestDb, args: &[S]) -> Run {
    provctl(db).args(["--verbose"]).args(args)
}

#[test]
fn no_command_shows_a_secret_in_output_traces_or_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    let hash = seed_leakco(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let path = |name: &str| d.join(name).display().to_string();

    let mut secrets = Secrets(Vec::new());
    secrets.add("the database password", cluster().superuser_password());
    secrets.add("the admin password", ADMIN_PW);
    secrets.add("a wrong password", WRONG_PW);
    secrets.add("the new password", NEW_PW);
    secrets.add("the active key", KEY_ACTIVE);
    secrets.add("the reserve key", KEY_RESERVE);
    secrets.add("the bound key", KEY_BOUND);
    secrets.add("the INI's password", INI_PW);
    secrets.add("the INI's key", INI_KEY);
    // Beyond its first 4 characters (`$2b$`), a hash is never shown.
    secrets.add("the password hash (cost and salt)", &hash[4..20]);
    secrets.add("the password hash (digest)", &hash[29..]);

    // Read-only commands, in every output format, with the SQL trace on.
    let reads: Vec<Vec<String>> = [
        vec!["users"],
        vec!["users", "--email", EMAIL],
        vec!["users", "--client", CLIENT],
        vec!["keys", "list"],
        vec!["keys", "list", "--client", CLIENT, "--bound"],
        vec!["keys", "list", "--prefix", "leak-key-"],
        vec!["machines", "--client", CLIENT],
        vec!["ingest-count", "--client", CLIENT],
        vec!["ingest-events", "--client", CLIENT],
        vec!["verify-hash", "--email", EMAIL],
        vec!["verify-hash", "--all"],
        vec!["doctor"],
        vec!["schema", "print"],
        vec!["secrets", "list", d.to_str().unwrap()],
        vec!["reset-client", "--client", CLIENT, "--dry-run"],
    ]
    .iter()
    .map(|v| v.iter().map(|s| s.to_string()).collect())
    .collect();
    for args in &reads {
        // `schema print` prints DDL only: `-o json|csv` is a usage error there (cmd::OUTPUTS).
        let formats: &[&str] = if args[0] == "schema" {
            &["table"]
        } else {
            &["table", "json", "csv"]
        };
        for &format in formats {
            let out = verbose(&db, args).args(["-o", format]).run();
            assert!(
                matches!(out.code(), 0 | 1),
                "`{}` exited {}:\n{}",
                out.describe,
                out.code(),
                out.stderr()
            );
            if args[0] != "schema" && args[0] != "secrets" {
                assert!(
                    out.stderr().contains("-- sql:"),
                    "`{}`: no SQL trace with --verbose:\n{}",
                    out.describe,
                    out.stderr()
                );
            }
            assert_clean(&out, &secrets, false);
        }
    }

    // verify-password, right and wrong, from stdin.
    for (pw, code) in [(ADMIN_PW, 0), (WRONG_PW, 1)] {
        for format in ["table", "json"] {
            let out = verbose(&db, &["verify-password", "--email", EMAIL, "--password-stdin"])
                .args(["-o", format])
                .stdin(format!("{pw}\n"))
                .run()
                .code_is(code);
            assert_clean(&out, &secrets, false);
        }
    }

    // Changes.
    let yes = |args: &[&str]| verbose(&db, args).args(["--yes"]);
    for args in [
        &["keys", "disable", "leak-key-02"][..],
        &["keys", "enable", "leak-key-02"],
        &["keys", "disable", "--prefix", "leak-key-02"],
    ] {
        let out = yes(args).run().code_is(0);
        assert_clean(&out, &secrets, false);
    }
    let export = path("keys.txt");
    let out = yes(&["keys", "export", "--client", CLIENT, "--out", &export])
        .run()
        .code_is(0);
    assert_clean(&out, &secrets, false);
    assert!(std::fs::read_to_string(&export).unwrap().contains(KEY_ACTIVE));
    let out = yes(&[
        "keys",
        "export",
        "--client",
        CLIENT,
        "--format",
        "json",
        "--out",
        &path("keys.json"),
    ])
    .run()
    .code_is(0);
    assert_clean(&out, &secrets, false);

    // The HTTP checks, against the local stand-in of the platform API.
    let api = StandIn::start(&db);
    for (pw, code) in [(ADMIN_PW, 0), (WRONG_PW, 1)] {
        let out = verbose(
            &db,
            &[
                "test-login",
                "--url",
                &api.base,
                "--email",
                EMAIL,
                "--password-stdin",
            ],
        )
        .stdin(format!("{pw}\n"))
        .run()
        .code_is(code);
        assert_clean(&out, &secrets, false);
    }
    let out = yes(&[
        "test-ingest",
        "--url",
        &api.base,
        "--key-name",
        "leak-key-01",
        "--hostname",
        "leak-test-01",
    ])
    .run()
    .code_is(0);
    assert_clean(&out, &secrets, false);
    let out = yes(&["test-ingest", "--url", &api.base, "--api-key-stdin"])
        .stdin(format!("{KEY_RESERVE}\n"))
        .run();
    assert_clean(&out, &secrets, false);
    drop(api);

    // Provisioning: once with everything generated, once with secrets imposed by the INI.
    let generated_ini = d.join("gen.ini");
    std::fs::write(
        &generated_ini,
        "[client]\nname = LeakGen\n[admin]\nemail = admin@leakgen.example\n[api_keys]\ncount = 2\nprefix = leakgen-key-\n",
    )
    .unwrap();
    let out = yes(&["provision", generated_ini.to_str().unwrap()])
        .env("PROVISION_CLIENT", "true")
        .run()
        .code_is(0);
    let gen_secrets = d.join("gen.ini.generated.secrets.env");
    let generated = secret_values_in(&gen_secrets);
    assert_eq!(generated.len(), 3, "{generated:?}");
    for (k, v) in &generated {
        secrets.add(&format!("the generated {k}"), v);
    }
    assert_clean(&out, &secrets, false);
    let imposed_ini = d.join("imposed.ini");
    std::fs::write(
        &imposed_ini,
        format!(
            "[client]\nname = LeakImposed\n[admin]\nemail = admin@leakimposed.example\npassword = {INI_PW}\n\
             [api_keys]\ncount = 1\nprefix = leakimp-key-\nkey_01 = {INI_KEY}\n"
        ),
    )
    .unwrap();
    for extra in [&["--dry-run"][..], &[], &["-o", "json"]] {
        let out = yes(&["provision", imposed_ini.to_str().unwrap()])
            .args(extra)
            .env("PROVISION_CLIENT", "true")
            .run()
            .code_is(0);
        assert_clean(&out, &secrets, false);
    }

    // The delivery document, to a file; the secrets file is read, never echoed.
    let out = yes(&[
        "deliverable",
        "--client",
        "LeakGen",
        "--url",
        "https://monitor.example.com",
        "--secrets-file",
        gen_secrets.to_str().unwrap(),
        "--out",
        &path("livrable.md"),
    ])
    .run()
    .code_is(0);
    assert_clean(&out, &secrets, false);
    let doc = std::fs::read_to_string(d.join("livrable.md")).unwrap();
    assert!(
        generated.iter().all(|(_, v)| doc.contains(v.as_str())),
        "the document lacks the generated secrets:\n{doc}"
    );

    // Passwords: from stdin, then generated to a file.
    let out = yes(&["reset-password", "--email", EMAIL, "--password-stdin"])
        .stdin(format!("{NEW_PW}\n"))
        .run()
        .code_is(0);
    assert_clean(&out, &secrets, false);
    let reset_out = d.join("reset.env");
    let out = yes(&[
        "reset-password",
        "--email",
        EMAIL,
        "--out",
        reset_out.to_str().unwrap(),
    ])
    .run()
    .code_is(0);
    let reset = secret_values_in(&reset_out);
    assert_eq!(reset.len(), 1, "{reset:?}");
    secrets.add("the reset password", &reset[0].1);
    assert_clean(&out, &secrets, false);

    let out = yes(&["reset-client", "--client", CLIENT]).run().code_is(0);
    assert_clean(&out, &secrets, false);
    // Refused on a populated database; and the commands that need no database.
    let out = yes(&["schema", "apply"]).run().code_is(3);
    assert_clean(&out, &secrets, false);
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["--help"],
        &["--version"],
    ] {
        let out = verbose(&db, args).run().code_is(0);
        assert_clean(&out, &secrets, false);
    }

    // The secrets lifecycle: `show` prints values to a pipe by contract (stdout is exempt), never
    // on stderr or in the log; `shred` never shows them.
    let out = verbose(&db, &["secrets", "show", gen_secrets.to_str().unwrap()])
        .run()
        .code_is(0);
    assert!(out.stdout().contains(&generated[0].1), "{}", out.stdout());
    assert_clean(&out, &secrets, true);
    let out = yes(&["secrets", "shred", gen_secrets.to_str().unwrap()])
        .run()
        .code_is(0);
    assert_clean(&out, &secrets, false);
    assert!(!gen_secrets.exists());
}

#[test]
fn a_password_in_database_url_argument_is_redacted_everywhere() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let password = cluster().superuser_password();
    // The URL as an argument: provctl warns, and the audit log records the command line redacted.
    for args in [
        &["users"][..],
        &["keys", "disable", "leak-key-01", "--yes"],
        &["verify-hash", "--all"],
    ] {
        let out = provctl(&db)
            .env("DATABASE_URL", "")
            .args(["--verbose", "--database-url", &db.url])
            .args(args)
            .run()
            .code_is(0)
            .stderr_has("--database-url carries a password");
        assert!(out.stderr().contains(":***@"), "{}", out.stderr());
        let out = out.never_shows(password);
        if args[0] == "keys" {
            assert!(
                out.audit.contains("--database-url") && out.audit.contains(":***@"),
                "{}",
                out.audit
            );
        }
    }
    // A connection that fails shows the URL redacted, from every source.
    let bad = db.url.replace(&format!("/{}", db.name), "/no_such_database");
    for (flag, env) in [
        (Some(bad.as_str()), None),
        (None, Some(("DATABASE_URL", bad.as_str()))),
        (None, Some(("SQLALCHEMY_DATABASE_URI", bad.as_str()))),
    ] {
        let mut run = provctl(&db).env("DATABASE_URL", "");
        if let Some((k, v)) = env {
            run = run.env(k, v);
        }
        if let Some(u) = flag {
            run = run.args(["--database-url", u]);
        }
        run.args(["users"])
            .run()
            .code_is(4)
            .stderr_has("no_such_database")
            .never_shows(password);
    }
    // An env file carrying the URL, with a malformed line holding a password-like value.
    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join(".env.production");
    std::fs::write(
        &env_file,
        format!("DATABASE_URL={}\nDB_PASSWORD {password}\n", db.url),
    )
    .unwrap();
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--env-file", env_file.to_str().unwrap(), "users"])
        .run()
        .code_is(2)
        .stderr_has(":2:")
        .never_shows(password);
}

/// A role of the test cluster (roles are cluster-wide: unique name) with `password`, and a URL
/// for it, with the password as an operator pastes it (not percent-encoded).
fn role_with_password(db: &TestDb, stem: &str, password: &str) -> String {
    let role = format!("{stem}_{}", std::process::id());
    let mut admin = db.client();
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{}'",
            password.replace('\'', "''")
        ))
        .expect("create role");
    format!(
        "postgresql://{role}:{password}@127.0.0.1:{}/{}",
        cluster().port(),
        db.name
    )
}

#[test]
fn a_password_with_url_reserved_characters_connects_and_stays_out_of_output() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    // `@` and `:` are handled: the userinfo ends at the last `@` before the path.
    let password = "Rsv-p@ss:w0rd-Lk8";
    let url = role_with_password(&db, "leak_at", password);
    provctl(&db)
        .env("DATABASE_URL", &url)
        .args(["--verbose", "users"])
        .run()
        .code_is(0)
        .never_shows(password)
        .never_shows("p@ss:w0rd");
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &url, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows(password)
        .never_shows("p@ss:w0rd");
}

#[test]
fn a_password_with_a_slash_stays_out_of_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    // Base64 passwords (what `openssl rand -base64` gives) hold `/` and `+`.
    let password = "Sl4sh/Pw+Lk9q";
    let url = role_with_password(&db, "leak_slash", password);
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &url, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows(password);
}

#[test]
fn a_quoted_key_value_password_stays_out_of_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let password = "It's-Kv-Pw-Lk5";
    let _ = role_with_password(&db, "leak_kv", password);
    let kv = format!(
        "host=127.0.0.1 port={} dbname={} user=leak_kv_{} password='It\\'s-Kv-Pw-Lk5'",
        cluster().port(),
        db.name,
        std::process::id()
    );
    provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &kv, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows("It\\'s-Kv-Pw-Lk5")
        .never_shows("Kv-Pw-Lk5");
}

#[test]
fn a_mistyped_query_never_echoes_the_password() {
    let out = provctl_unconfigured()
        .env(
            "DATABASE_URL",
            "postgresql://app@db.example/mon?sslmode=require?password=typo-pw-lk3x",
        )
        .args(["users"])
        .run()
        .code_is(2);
    // The value is shown lower-cased: still the password, for a lower-case one.
    out.never_shows("typo-pw-lk3x");
}

#[test]
fn an_unsupported_scheme_error_never_echoes_the_password() {
    provctl_unconfigured()
        .env(
            "DATABASE_URL",
            "host=127.0.0.1 port=1 user=app password=Scheme-Pw-Lk2 dbname=postgresql://db/mon",
        )
        .args(["users"])
        .run()
        // Read as libpq key=value (what precedes `://` is no scheme), so it fails connecting: exit 4.
        .code_is(4)
        .never_shows("Scheme-Pw-Lk2");
}

fn provctl_unconfigured() -> Run {
    crate::support::provctl_bare()
}

// ---------------------------------------------------------------- no secret as an argument

/// Every argument of every command, with its command path.
fn all_args() -> Vec<(String, clap::Arg)> {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Arg)>) {
        for a in cmd.get_arguments() {
            out.push((path.to_string(), a.clone()));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&provctl::cli::Cli::command(), "provctl", &mut out);
    out
}

#[test]
fn no_command_accepts_a_secret_as_an_argument() {
    const SECRET_WORDS: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "key_value",
        "keyvalue",
        "api_key",
        "apikey",
        "credential",
        "private",
    ];
    let args = all_args();
    assert!(args.len() > 50, "the walk found only {} arguments", args.len());
    let mut stdin_flags = 0;
    let mut bad = Vec::new();
    for (path, a) in &args {
        let id = a.get_id().as_str().to_ascii_lowercase();
        let long = a
            .get_long()
            .unwrap_or_default()
            .to_ascii_lowercase()
            .replace('-', "_");
        let value_names: Vec<String> = a
            .get_value_names()
            .unwrap_or_default()
            .iter()
            .map(|v| v.as_str().to_ascii_lowercase())
            .collect();
        let names = [vec![id.clone(), long.clone()], value_names].concat();
        let hit = names
            .iter()
            .find(|n| SECRET_WORDS.iter().any(|w| n.contains(w)))
            .cloned();
        let Some(hit) = hit else { continue };
        let takes_value = a.get_action().takes_values();
        if id.ends_with("_stdin") && !takes_value {
            // `--password-stdin`, `--api-key-stdin`: a switch; the secret comes from stdin.
            stdin_flags += 1;
            continue;
        }
        if id == "secrets_file" {
            // A path: the secret stays in the file, read with O_NOFOLLOW.
            assert_eq!(
                a.get_value_names().unwrap_or_default(),
                ["FILE"],
                "{path} --secrets-file"
            );
            continue;
        }
        bad.push(format!("{path}: argument `{}` ({hit}) takes a value", a.get_id()));
    }
    assert!(bad.is_empty(), "secrets as arguments:\n{}", bad.join("\n"));
    assert!(
        stdin_flags >= 4,
        "expected --password-stdin (verify-password, test-login, reset-password) and --api-key-stdin, found {stdin_flags}"
    );
    // `--key-name` names a key (its value is read from the database), it is not one.
    let key_name: Vec<_> = args.iter().filter(|(_, a)| a.get_id() == "key_name").collect();
    assert_eq!(key_name.len(), 1);
    // What the walk must have seen, so an empty or partial walk cannot pass.
    for (cmd, id) in [
        ("provctl verify-password", "password_stdin"),
        ("provctl test-login", "password_stdin"),
        ("provctl reset-password", "password_stdin"),
        ("provctl test-ingest", "api_key_stdin"),
        ("provctl test-ingest", "key_name"),
        ("provctl deliverable", "secrets_file"),
        ("provctl", "database_url"),
    ] {
        assert!(
            args.iter().any(|(p, a)| p == cmd && a.get_id() == id),
            "{cmd} has no {id}"
        );
    }
}

// ---------------------------------------------------------------- secret files

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

/// The `--out FILE` writers of secrets, each as `(name, args)` with `@FILE@` for the path. The
/// fourth writer, provision's secrets file, is driven by [`generating_ini`].
fn out_writers() -> Vec<(&'static str, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let deliverable = |force: bool| {
        let mut v = s(&[
            "deliverable",
            "--client",
            CLIENT,
            "--url",
            "https://monitor.example.com",
            "--out",
            "@FILE@",
        ]);
        if force {
            v.push("--force".into());
        }
        v
    };
    vec![
        (
            "keys export --out",
            s(&["keys", "export", "--client", CLIENT, "--out", "@FILE@"]),
        ),
        (
            "keys export --out --force",
            s(&["keys", "export", "--client", CLIENT, "--out", "@FILE@", "--force"]),
        ),
        (
            "reset-password --out",
            s(&["reset-password", "--email", EMAIL, "--out", "@FILE@", "--yes"]),
        ),
        ("deliverable --out", deliverable(false)),
        ("deliverable --out --force", deliverable(true)),
    ]
}

/// An INI that generates an admin password and a key, so provision writes `<ini>.generated.secrets.env`;
/// returns the INI and that path.
fn generating_ini(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let ini = dir.join(format!("gen{n}.ini"));
    std::fs::write(
        &ini,
        format!(
            "[client]\nname = Gen{n}\n[admin]\nemail = admin@gen{n}.example\n[api_keys]\ncount = 1\nprefix = gen{n}-key-\n"
        ),
    )
    .unwrap();
    let secrets = dir.join(format!("gen{n}.ini.generated.secrets.env"));
    (ini, secrets)
}

/// Every secret writer: `(name, args, the file it writes)`; `n` keeps files apart between calls.
fn writers(dir: &Path, n: usize) -> Vec<(&'static str, Vec<String>, PathBuf)> {
    let mut v: Vec<_> = out_writers()
        .into_iter()
        .enumerate()
        .map(|(i, (what, args))| {
            let file = dir.join(format!("out{n}-{i}.txt"));
            let args = args
                .iter()
                .map(|a| a.replace("@FILE@", file.to_str().unwrap()))
                .collect();
            (what, args, file)
        })
        .collect();
    let (ini, secrets) = generating_ini(dir, n);
    v.push((
        "provision (<ini>.generated.secrets.env)",
        vec!["provision".into(), "--yes".into(), ini.display().to_string()],
        secrets,
    ));
    v
}

#[test]
fn secret_files_are_0600_under_umask_000() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    for (what, args, file) in writers(dir.path(), 0) {
        let out = provctl(&db)
            .env("PROVISION_CLIENT", "true")
            .args(&args)
            .umask(0o000)
            .run();
        assert_eq!(out.code(), 0, "{what}: exit {}\n{}", out.code(), out.stderr());
        assert!(file.exists(), "{what}: {} not written", file.display());
        assert_eq!(mode(&file), 0o600, "{what}: {} mode", file.display());
    }
    // No temporary file left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".provctl-"))
        .collect();
    assert!(leftovers.is_empty(), "left {leftovers:?}");
    // The audit log, which names clients and paths, too (and its new directory 0700).
    let log = dir.path().join("state/audit.jsonl");
    provctl(&db)
        .args(["keys", "enable", "leak-key-02", "--yes", "--audit-log"])
        .args([&log])
        .umask(0o000)
        .run()
        .code_is(0);
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(log.parent().unwrap()), 0o700);
}

#[test]
fn secret_files_are_never_written_through_a_symlink() {
    let db = db();
    let mut pg = db.client();
    let hash = seed_leakco(&mut pg);
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let clients =
        |pg: &mut Client| -> i64 { pg.query_one("SELECT count(*) FROM clients", &[]).unwrap().get(0) };
    for dangling in [false, true] {
        let n = usize::from(dangling) + 1;
        for (i, (what, args, link)) in writers(dir.path(), n).into_iter().enumerate() {
            let case = format!("{what}, {} symlink", if dangling { "dangling" } else { "live" });
            let target = elsewhere.path().join(format!("target{n}-{i}"));
            if !dangling {
                std::fs::write(&target, "ORIGINAL\n").unwrap();
            }
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let before = clients(&mut pg);
            let out = provctl(&db)
                .env("PROVISION_CLIENT", "true")
                .args(&args)
                .umask(0o000)
                .run();
            assert_eq!(out.code(), 3, "{case}: exit {}\n{}", out.code(), out.stderr());
            assert!(
                out.stderr().contains(&link.display().to_string()),
                "{case}: the message does not name {}:\n{}",
                link.display(),
                out.stderr()
            );
            assert!(!out.stderr().contains("panicked"), "{case}: {}", out.stderr());
            // The link is still a link, to the same place, and its target is as it was.
            let meta = std::fs::symlink_metadata(&link).unwrap();
            assert!(meta.file_type().is_symlink(), "{case}: the link was replaced");
            assert_eq!(std::fs::read_link(&link).unwrap(), target, "{case}");
            if dangling {
                assert!(!target.exists(), "{case}: created the link's target");
            } else {
                assert_eq!(std::fs::read_to_string(&target).unwrap(), "ORIGINAL\n", "{case}");
            }
            // Nothing changed in the database.
            assert_eq!(clients(&mut pg), before, "{case}: a client was created");
            let now: String = pg
                .query_one("SELECT password_hash FROM users WHERE email = $1", &[&EMAIL])
                .unwrap()
                .get(0);
            assert_eq!(now, hash, "{case}: the password was changed");
        }
    }
}

// ---------------------------------------------------------------- core dumps

/// The soft and hard `Max core file size` of a running process, from `/proc/<pid>/limits`.
fn core_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("read limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap_or_else(|| panic!("no core line in\n{limits}"));
    let fields: Vec<&str> = line["Max core file size".len()..].split_whitespace().collect();
    (fields[0].to_string(), fields[1].to_string())
}

/// Waits until `what` holds for `pid` (at most 20 s).
fn wait_for(pid: u32, what: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !what() {
        assert!(
            std::time::Instant::now() < deadline,
            "process {pid} never reached the waiting point"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn the_process_cannot_dump_core_while_it_holds_a_password() {
    use std::os::unix::process::CommandExt;
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    // At a no-echo prompt in a pseudo-terminal, started with a generous core limit that provctl
    // must lower (soft and hard) to 0 before it reads anything.
    // A user of its own, so the process is found by its command line.
    let email = format!("prompt-{}@leakco.example", std::process::id());
    let c: String = pg
        .query_one("SELECT id::text FROM clients WHERE name = $1", &[&CLIENT])
        .unwrap()
        .get(0);
    seed::user(&mut pg, &c, &email, ADMIN_PW);
    let (mut cmd, _home) = provctl(&db)
        .args(["verify-password", "--email", &email])
        .command();
    // SAFETY: setrlimit is async-signal-safe and changes only the forked child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 1 << 30,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_CORE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("pty");
    p.exp_string("Password for").expect("the prompt");
    let pid = pid_with_arg(&email);
    assert_eq!(core_limits(pid), ("0".into(), "0".into()), "at the prompt");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");

    // Not dumpable (PR_SET_DUMPABLE 0): the kernel then makes /proc/<pid>/* belong to root. Tests
    // run as root, where that proves nothing, so the process runs as `nobody`, blocked reading the
    // password from a stdin that stays open.
    let nobody = crate::support::nobody();
    if !crate::support::require("root and a `nobody` user (the dumpable part)", nobody.is_some()) {
        return;
    }
    let (uid, gid) = nobody.unwrap();
    let (mut cmd, home) = provctl(&db)
        .args(["verify-password", "--email", EMAIL, "--password-stdin"])
        .command();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    cmd.uid(uid)
        .gid(gid)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn as nobody");
    let pid = child.id();
    // Blocked in read(0): past start-up, connected, the hash already read.
    wait_for(pid, || {
        std::fs::read_to_string(format!("/proc/{pid}/wchan")).is_ok_and(|w| w.contains("pipe_read"))
            || std::fs::read_to_string(format!("/proc/{pid}/syscall")).is_ok_and(|s| s.starts_with("0 0x0 "))
    });
    let status_uid = |name: &str| -> u32 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(format!("/proc/{pid}/{name}"))
            .unwrap_or_else(|e| panic!("/proc/{pid}/{name}: {e}"))
            .uid()
    };
    let environ_owner = status_uid("environ");
    let mem_owner = status_uid("mem");
    assert_eq!(core_limits(pid), ("0".into(), "0".into()), "as nobody");
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        (environ_owner, mem_owner),
        (0, 0),
        "/proc/{pid}/environ and mem belong to uid {environ_owner}/{mem_owner}, not root: the process is dumpable\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And a process that does not call PR_SET_DUMPABLE shows the other case, so the check means something.
    let mut sleeper = std::process::Command::new("sleep")
        .arg("5")
        .uid(uid)
        .gid(gid)
        .spawn()
        .expect("sleep");
    let sleeper_pid = sleeper.id();
    wait_for(sleeper_pid, || {
        std::fs::read_to_string(format!("/proc/{sleeper_pid}/comm")).is_ok_and(|c| c.trim() == "sleep")
    });
    let owner = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(format!("/proc/{sleeper_pid}/environ"))
            .unwrap()
            .uid()
    };
    let _ = sleeper.kill();
    let _ = sleeper.wait();
    assert_eq!(owner, uid, "a dumpable process's /proc files belong to it");
}

/// The process whose command line holds `arg` (a unique email).
fn pid_with_arg(arg: &str) -> u32 {
    let found: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| c.split(|&b| b == 0).any(|a| a == arg.as_bytes()))
        })
        .collect();
    assert_eq!(found.len(), 1, "processes with {arg}: {found:?}");
    found[0]
}

#[test]
fn a_question_mark_typed_for_ampersand_never_shows_the_password() {
    provctl_unconfigured()
        .env(
            "DATABASE_URL",
            "postgresql://app@/mon?host=/tmp?password=Qm-Typo-Pw-Lk6",
        )
        .args(["users"])
        .run()
        .code_is(4)
        .never_shows("Qm-Typo-Pw-Lk6");
}

#[test]
fn an_ampersand_in_an_escaped_key_value_password_stays_out_of_the_audit_log() {
    let db = db();
    let mut pg = db.client();
    seed_leakco(&mut pg);
    let password = "Amp&Kv\\Pw-Lk7";
    let _ = role_with_password(&db, "leak_amp", password);
    let kv = format!(
        "host=127.0.0.1 port={} dbname={} user=leak_amp_{} password=Amp&Kv\\\\Pw-Lk7",
        cluster().port(),
        db.name,
        std::process::id()
    );
    let out = provctl(&db)
        .env("DATABASE_URL", "")
        .args(["--database-url", &kv, "keys", "disable", "leak-key-01", "--yes"])
        .run()
        .code_is(0)
        .never_shows("Kv\\\\Pw-Lk7")
        .never_shows("Kv\\Pw-Lk7");
    // The audit log is JSON, where a backslash is written twice: look at the decoded command.
    for line in out.audit.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("audit line is JSON");
        let command = v["command"].as_str().unwrap_or_default();
        assert!(
            !command.contains("Kv\\Pw-Lk7") && !command.contains("Kv\\\\Pw-Lk7"),
            "the audit log's command shows the password: {command}"
        );
    }
}
