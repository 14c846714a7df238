//! No secret as an argument: no command accepts one.

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
