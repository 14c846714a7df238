//! `deploy/`: the compose file an operator adds with `-f` next to the platform's production compose file,
//! and the Dockerfile of the image it runs. No Docker engine runs where the suite runs, so both are
//! parsed and held to what docs/deploy.md promises: a one-off service that `up` never starts, on the
//! network where `db` resolves, publishing nothing, with the INIs, the secrets files written beside them
//! and the audit log all on the host; an image built with the locked dependencies on Debian bookworm
//! (the platform image's glibc) that runs provctl as a non-root user.

use std::fs;
use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

const COMPOSE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/deploy/docker-compose.provctl.yml"
));
const DOCKERFILE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/Dockerfile"));
const DOCKERIGNORE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/.dockerignore"));
const CARGO_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));

fn compose() -> Yaml {
    let mut docs =
        YamlLoader::load_from_str(COMPOSE).expect("deploy/docker-compose.provctl.yml is valid YAML");
    assert_eq!(docs.len(), 1, "one YAML document");
    docs.remove(0)
}

fn keys(node: &Yaml) -> Vec<&str> {
    node.as_hash()
        .map(|h| h.keys().filter_map(Yaml::as_str).collect())
        .unwrap_or_default()
}

fn strings(node: &Yaml) -> Vec<&str> {
    node.as_vec()
        .map(|v| v.iter().filter_map(Yaml::as_str).collect())
        .unwrap_or_default()
}

/// A compose value that may be interpolated: `${NAME:-default}` → `default`.
fn default_of(value: &str) -> &str {
    value
        .strip_prefix("${")
        .and_then(|rest| rest.split_once(":-"))
        .map_or(value, |(_, default)| default.strip_suffix('}').unwrap_or(default))
}

#[test]
fn the_compose_file_adds_one_service_and_changes_nothing_of_the_platform() {
    let doc = compose();
    // Only `services`: a top-level `networks` or `volumes` here would be merged into (and could change)
    // the production file's definitions.
    assert_eq!(keys(&doc), ["services"]);
    assert_eq!(keys(&doc["services"]), ["provctl"]);
}

#[test]
fn the_provctl_service_is_a_one_off_on_the_private_network_publishing_nothing() {
    let doc = compose();
    let svc = &doc["services"]["provctl"];
    // A profile: `docker compose up` leaves it alone; only `--profile ops run` starts it.
    assert!(
        !strings(&svc["profiles"]).is_empty(),
        "profiles: {:?}",
        svc["profiles"]
    );
    assert!(strings(&svc["profiles"]).contains(&"ops"));
    // The service-level key of the production file's network (named monitoring-prod-private there).
    assert_eq!(
        strings(&svc["networks"]),
        ["private"],
        "networks: {:?}",
        svc["networks"]
    );
    for key in ["ports", "network_mode", "depends_on", "build"] {
        assert!(
            svc[key].is_badvalue(),
            "the service must not have `{key}`: {:?}",
            svc[key]
        );
    }
    // Same env file as api/worker/beat, resolved like theirs: relative to docker/, the project
    // directory of `-f docker-compose.prod.yml -f ../deploy/…`.
    assert_eq!(svc["env_file"].as_str(), Some("../.env.production"));
    let env = &svc["environment"];
    let url = env["DATABASE_URL"].as_str().expect("DATABASE_URL is set");
    assert!(url.contains("@db:5432/monitoring"), "{url}");
    assert!(
        url.contains("${DB_PASSWORD}"),
        "the password comes from the env file: {url}"
    );
    // APP_ENV/ENV come from .env.production only: `APP_ENV: ${APP_ENV}` with the host variable unset
    // would blank the production guard's input.
    for key in ["APP_ENV", "ENV"] {
        assert!(env[key].is_badvalue(), "environment must not set {key}");
    }
    // Passed through from the operator's shell when set, absent otherwise (null, not "").
    for key in ["PROVISION_CLIENT", "ALLOW_PROD_PROVISIONING", "USER", "SUDO_USER"] {
        assert!(
            env[key].is_null(),
            "{key} should be a pass-through (no value): {:?}",
            env[key]
        );
    }
    let image = svc["image"].as_str().unwrap();
    assert_eq!(
        default_of(image),
        format!("provctl:{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(svc["pull_policy"].as_str(), Some("never"));
    assert_eq!(svc["read_only"].as_bool(), Some(true));
    assert_eq!(strings(&svc["cap_drop"]), ["ALL"]);
    assert_eq!(svc["init"].as_bool(), Some(true));
}

#[test]
fn the_provctl_service_keeps_inis_secrets_and_audit_log_on_the_host() {
    let doc = compose();
    let svc = &doc["services"]["provctl"];
    let volumes = svc["volumes"].as_vec().expect("volumes");
    let mount = |target: &str| {
        volumes
            .iter()
            .find(|v| v["target"].as_str() == Some(target))
            .unwrap_or_else(|| panic!("no mount at {target}: {volumes:?}"))
    };
    for v in volumes {
        // Host directories only: a named volume or tmpfs would keep secrets in Docker's storage or lose
        // them with the container.
        assert_eq!(v["type"].as_str(), Some("bind"), "{v:?}");
        // A missing host directory is an error, not an empty root-owned directory made by the daemon.
        assert_eq!(v["bind"]["create_host_path"].as_bool(), Some(false), "{v:?}");
    }
    assert!(svc["tmpfs"].is_badvalue());

    let provisioning = mount("/provisioning");
    assert_eq!(
        default_of(provisioning["source"].as_str().unwrap()),
        "../server/scripts/provisioning",
        "the platform's INI folder, relative to docker/"
    );
    // Writable: provision writes <ini>.generated.secrets.env beside each INI, so the secrets land in
    // this host folder.
    assert!(
        provisioning["read_only"].as_bool() != Some(true),
        "{provisioning:?}"
    );
    assert_eq!(svc["working_dir"].as_str(), Some("/provisioning"));

    let audit = mount("/audit");
    assert!(
        default_of(audit["source"].as_str().unwrap()).ends_with("/.local/state/provctl"),
        "the operator's audit directory, the one provctl uses on the host: {audit:?}"
    );
    let log = svc["environment"]["PROVCTL_AUDIT_LOG"].as_str().unwrap();
    assert!(Path::new(log).starts_with("/audit"), "{log}");
}

// ---------------------------------------------------------------- the Dockerfile

/// One instruction: keyword (upper case) and its arguments, continuation lines joined.
fn instructions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if pending.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                pending.push_str(head);
                pending.push(' ');
            }
            None => {
                pending.push_str(trimmed);
                let (keyword, args) = pending.split_once(char::is_whitespace).unwrap_or((&pending, ""));
                out.push((keyword.to_ascii_uppercase(), args.trim().to_string()));
                pending.clear();
            }
        }
    }
    out
}

/// The instructions of each stage, split at `FROM`.
fn stages(text: &str) -> Vec<Vec<(String, String)>> {
    let mut stages: Vec<Vec<(String, String)>> = Vec::new();
    for (keyword, args) in instructions(text) {
        if keyword == "FROM" {
            stages.push(Vec::new());
        }
        if let Some(stage) = stages.last_mut() {
            stage.push((keyword, args));
        }
    }
    stages
}

fn arg_of<'a>(stage: &'a [(String, String)], keyword: &str) -> Vec<&'a str> {
    stage
        .iter()
        .filter(|(k, _)| k == keyword)
        .map(|(_, a)| a.as_str())
        .collect()
}

#[test]
fn the_dockerfile_builds_locked_on_bookworm_and_runs_provctl_as_non_root() {
    let stages = stages(DOCKERFILE);
    assert!(stages.len() >= 2, "a multi-stage build: {stages:?}");
    for stage in &stages {
        let image = arg_of(stage, "FROM")[0].split_whitespace().next().unwrap();
        assert!(
            image.contains("bookworm") || image.contains("debian12"),
            "{image}: every stage is Debian 12 (bookworm), the platform image's glibc"
        );
    }
    let build = &stages[0];
    assert!(arg_of(build, "FROM")[0].starts_with("rust:"), "{build:?}");
    assert!(
        arg_of(build, "RUN")
            .iter()
            .any(|r| r.contains("cargo build --release --locked")),
        "the build uses Cargo.lock as tested: {build:?}"
    );

    let run = stages.last().unwrap();
    let users = arg_of(run, "USER");
    let user = users.last().expect("the final stage sets USER");
    let name = user.split(':').next().unwrap();
    assert!(
        !matches!(name, "root" | "0" | ""),
        "USER {user}: must not be root"
    );
    assert!(
        arg_of(run, "COPY")
            .iter()
            .any(|c| c.starts_with("--from=") && c.contains("provctl")),
        "the binary comes from the build stage: {run:?}"
    );
    let entrypoint: Vec<String> = serde_json::from_str(arg_of(run, "ENTRYPOINT").last().expect("ENTRYPOINT"))
        .expect("exec form (JSON)");
    assert!(entrypoint[0].ends_with("/provctl"), "{entrypoint:?}");
}

/// `rust-version = "1.88"` of a manifest's `[package]` (registry manifests are normalized: one line).
fn rust_version(manifest: &str) -> Option<(u32, u32)> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("rust-version") {
                let value = value.trim_start().strip_prefix('=')?.trim().trim_matches('"');
                let mut parts = value.split('.');
                return Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?));
            }
        }
    }
    None
}

#[test]
fn the_image_toolchain_is_the_crate_rust_version_and_every_dependency_builds_with_it() {
    let declared = rust_version(CARGO_TOML).expect("Cargo.toml declares rust-version");
    let stages = stages(DOCKERFILE);
    let image = arg_of(&stages[0], "FROM")[0].split_whitespace().next().unwrap();
    let tag = image
        .strip_prefix("rust:")
        .unwrap()
        .strip_suffix("-bookworm")
        .unwrap();
    let mut parts = tag.split('.');
    let toolchain: (u32, u32) = (
        parts.next().unwrap().parse().unwrap(),
        parts.next().unwrap().parse().unwrap(),
    );
    assert_eq!(
        toolchain, declared,
        "{image}: the image builds with the crate's declared rust-version {}.{}",
        declared.0, declared.1
    );
    // The declared version must be true: cargo refuses a dependency that needs a newer compiler
    // (edition 2021 resolves versions without regard to it), so the image build would fail.
    let release = crate::package::release();
    let too_new: Vec<String> = release
        .manifests
        .iter()
        .filter_map(|m| {
            let needs = rust_version(&fs::read_to_string(m).ok()?)?;
            (needs > declared).then(|| format!("{} needs {}.{}", m.display(), needs.0, needs.1))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "Cargo.toml says rust-version {}.{}, but {too_new:#?}",
        declared.0,
        declared.1
    );
    assert!(release.manifests.len() > 10, "{:?}", release.manifests);
}

#[test]
fn rust_version_reads_the_package_section_only() {
    assert_eq!(
        rust_version("[package]\nname = \"x\"\nrust-version = \"1.88\"\n"),
        Some((1, 88))
    );
    assert_eq!(
        rust_version("[package]\nrust-version = \"1.85.0\"\n"),
        Some((1, 85))
    );
    assert_eq!(rust_version("[dependencies]\nrust-version = \"1.99\"\n"), None);
    assert_eq!(rust_version("[package]\nname = \"x\"\n"), None);
}

// ---------------------------------------------------------------- the build context

/// The paths `.dockerignore` lets in: it must start by excluding everything (`*`), then re-include.
fn allowed_in_context() -> Vec<String> {
    let patterns: Vec<&str> = DOCKERIGNORE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        patterns.first(),
        Some(&"*"),
        ".dockerignore is an allow-list: {patterns:?}"
    );
    patterns[1..]
        .iter()
        .map(|p| {
            p.strip_prefix('!')
                .unwrap_or_else(|| panic!(".dockerignore: {p:?} after `*` should re-include (`!…`)"))
                .trim_end_matches('/')
                .to_string()
        })
        .collect()
}

/// Every file `src/` pulls in at compile time (`include_str!("…")`, `include_bytes!("…")`), relative to
/// the crate root.
fn compile_time_includes(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            compile_time_includes(&path, root, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for macro_name in ["include_str!(", "include_bytes!("] {
            for (at, _) in text.match_indices(macro_name) {
                let rest = &text[at + macro_name.len()..];
                let literal = rest
                    .strip_prefix('"')
                    .and_then(|r| r.split_once('"'))
                    .map(|(lit, _)| lit)
                    .unwrap_or_else(|| {
                        panic!("{}: {macro_name} without a plain string literal", path.display())
                    });
                let target = path.parent().unwrap().join(literal);
                let target = fs::canonicalize(&target)
                    .unwrap_or_else(|e| panic!("{}: {literal}: {e}", path.display()));
                out.push(target.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
}

#[test]
fn the_image_build_context_is_an_allow_list_holding_what_the_build_reads() {
    let allowed = allowed_in_context();
    let covered = |path: &Path| allowed.iter().any(|a| path.starts_with(a));
    for needed in ["Cargo.toml", "Cargo.lock", "src"] {
        assert!(
            covered(Path::new(needed)),
            "{needed} is not in the build context: {allowed:?}"
        );
    }
    let root = fs::canonicalize(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut includes = Vec::new();
    compile_time_includes(&root.join("src"), &root, &mut includes);
    assert!(includes.iter().any(|p| p.ends_with("schema.sql")), "{includes:?}");
    for include in &includes {
        assert!(
            covered(include),
            "src/ includes {} at compile time, but .dockerignore keeps it out of the image build",
            include.display()
        );
    }
    for never in [
        "target",
        ".git",
        ".env.production",
        "provisioning/demo.ini.generated.secrets.env",
    ] {
        assert!(
            !covered(Path::new(never)),
            "{never} must stay out of the build context"
        );
    }
}
