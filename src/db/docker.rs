//! A database inside a Docker network: the platform's production `db` publishes no port and its name
//! resolves only inside the compose network, while the Linux host reaches the container's bridge
//! address directly. When a host name does not resolve, provctl says how to get that address
//! ([`unresolvable_hint`]); with `--docker` it asks the `docker` CLI itself ([`use_container_address`])
//! and connects there as `hostaddr` does, the name staying for TLS and the password file.

use crate::db::conninfo::Origin;
use crate::db::url::DbUrl;
use crate::error::{Error, Result};
use std::net::{IpAddr, ToSocketAddrs};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The compose label docker puts on every container of a service.
const SERVICE_LABEL: &str = "com.docker.compose.service";

/// `docker inspect` format: the container's name, then each network and its address.
const INSPECT_FORMAT: &str =
    "{{.Name}}{{range $net, $cfg := .NetworkSettings.Networks}} {{$net}}={{$cfg.IPAddress}}{{end}}";

/// How long one `docker` command may take (a daemon that does not answer must not hang provctl).
const DOCKER_TIMEOUT: Duration = Duration::from_secs(20);

/// Whether `host` resolves to at least one address here.
pub fn resolves(host: &str, port: u16) -> bool {
    (host, port)
        .to_socket_addrs()
        .is_ok_and(|mut a| a.next().is_some())
}

/// `host` quoted for a POSIX shell when it needs it (compose service names never do).
fn shell_word(host: &str) -> String {
    if !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    {
        host.to_string()
    } else {
        format!("'{}'", host.replace('\'', r"'\''"))
    }
}

/// The command that prints the address(es) of the running container of compose service `host`.
pub fn inspect_command(host: &str) -> String {
    format!(
        "docker inspect -f '{{{{range .NetworkSettings.Networks}}}}{{{{.IPAddress}}}} {{{{end}}}}' $(docker ps -q --filter label={SERVICE_LABEL}={})",
        shell_word(host)
    )
}

/// How to reach a compose service whose name resolves only inside its network.
pub fn unresolvable_hint(host: &str) -> String {
    format!(
        "if `{host}` is a docker compose service, its name resolves only inside the compose network. \
         From this host, set PGHOSTADDR (or ?hostaddr= in the URL) to the container's address — `{host}` \
         stays the name for TLS and the password file — which this prints: {} — or pass --docker to let \
         provctl ask docker, or run provctl inside the network (docker compose … run --rm provctl …, see docs/deploy.md)",
        inspect_command(host)
    )
}

/// `--docker`: when the (single) host name does not resolve, connect to the bridge address of the
/// running container of the compose service of that name.
pub fn use_container_address(url: &mut DbUrl) -> Result<()> {
    let Some(host) = url.host_name() else {
        return Ok(());
    };
    if resolves(&host, url.port()) {
        return Ok(());
    }
    if url.config.get_hosts().len() > 1 {
        return Err(Error::usage(
            "--docker looks up one host name: set PGHOSTADDR (or hostaddr=) for several hosts",
        ));
    }
    // Redacted like every message naming the host: a malformed URL can carry the password into it.
    let (container, address, networks) = container_of(&host).map_err(|e| Error {
        message: url.redact(&e.message),
        hint: e.hint.map(|h| url.redact(&h)),
        ..e
    })?;
    crate::ui::output::note(&url.redact(&format!(
        "--docker: `{host}` does not resolve here; compose service `{host}` is container {container} ({networks}): \
         connecting to {address}, `{host}` stays the name for TLS and the password file"
    )));
    url.set_hostaddr(address, Origin::Docker(container));
    Ok(())
}

/// The one running container of compose service `service`: its name, first address and networks.
fn container_of(service: &str) -> Result<(String, IpAddr, String)> {
    let filter = format!("label={SERVICE_LABEL}={service}");
    let ids = docker(&["ps", "-q", "--filter", &filter])?;
    let ids: Vec<&str> = ids.split_whitespace().collect();
    if ids.is_empty() {
        return Err(Error::database(format!(
            "--docker: `{service}` does not resolve and no running container is compose service `{service}` (docker ps -q --filter {filter})"
        ))
        .with_hint("start the stack (docker compose … up -d), or set PGHOSTADDR to the database's address"));
    }
    let mut args = vec!["inspect", "-f", INSPECT_FORMAT];
    args.extend(&ids);
    let out = docker(&args)?;
    let containers: Vec<(String, Vec<(String, String)>)> = out
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut words = line.split_whitespace();
            // docker names start with `/`; `docker ps` shows them without.
            let name = words
                .next()
                .unwrap_or_default()
                .trim_start_matches('/')
                .to_string();
            let nets = words
                .filter_map(|w| w.split_once('='))
                .map(|(n, a)| (n.to_string(), a.to_string()))
                .collect();
            (name, nets)
        })
        .collect();
    let describe = |nets: &[(String, String)]| {
        let list: Vec<String> = nets
            .iter()
            .map(|(n, a)| format!("{n} {}", if a.is_empty() { "no address" } else { a }))
            .collect();
        if list.is_empty() {
            "no network".to_string()
        } else {
            list.join(", ")
        }
    };
    if containers.len() > 1 {
        let list: Vec<String> = containers
            .iter()
            .map(|(name, nets)| format!("{name} ({})", describe(nets)))
            .collect();
        return Err(Error::usage(format!(
            "--docker: several running containers are compose service `{service}`: {}",
            list.join("; ")
        ))
        .with_hint("set PGHOSTADDR to the address of the one you mean (several compose projects define this service)"));
    }
    let Some((name, nets)) = containers.into_iter().next() else {
        return Err(Error::database(format!(
            "--docker: docker inspect printed nothing for compose service `{service}`"
        )));
    };
    // Go templates range over a map in key order: the first network by name with an address.
    let address = nets.iter().find_map(|(_, a)| a.parse::<IpAddr>().ok()).ok_or_else(|| {
        Error::database(format!(
            "--docker: container {name} of compose service `{service}` has no address on a bridge network ({})",
            describe(&nets)
        ))
    })?;
    Ok((name, address, describe(&nets)))
}

/// Runs `docker ARGS` (from PATH) and returns its standard output; a failure carries docker's own
/// first line of error.
fn docker(args: &[&str]) -> Result<String> {
    let shown = format!("docker {}", args.first().copied().unwrap_or_default());
    let mut cmd = Command::new("docker");
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // docker needs none of the database's secrets.
    for var in ["DATABASE_URL", "SQLALCHEMY_DATABASE_URI", "PGPASSWORD"] {
        cmd.env_remove(var);
    }
    let child = cmd.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::usage("--docker: the docker CLI is not on PATH")
        } else {
            Error::database(format!("--docker: cannot run docker: {e}"))
        }
    })?;
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(DOCKER_TIMEOUT) {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return Err(Error::database(format!("--docker: {shown}: {e}"))),
        Err(_) => {
            // The child we spawned and still own (not yet reaped: the waiting thread holds it).
            if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
            return Err(Error::database(format!(
                "--docker: {shown} did not answer within {} s",
                DOCKER_TIMEOUT.as_secs()
            )));
        }
    };
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(Error::database(format!("--docker: {shown} failed: {first}")));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
