//! The operating-system chores of starting a cluster: who we are, whom the server runs as, a free port
//! and a random password.

use std::fs::File;
use std::io::Read;
use std::net::TcpListener;

use super::LABEL;

pub(super) fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// (uid, gid) of `name`.
pub(super) fn lookup_user(name: &str) -> Result<(u32, u32), String> {
    match crate::config::passwd_by_name(name) {
        Ok(Some(p)) => Ok((p.uid, p.gid)),
        Ok(None) => Err(format!("there is no user named `{name}`")),
        Err(e) => Err(format!("looking up user {name} failed: {e}")),
    }
}

pub(super) fn free_port() -> Result<u16, String> {
    // The OS picks an unused port. Someone else may grab it after we drop the
    // listener; try_start reports that as PortTaken and we retry.
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("{LABEL}: finding a free port on 127.0.0.1 failed: {e}"))
}

pub(super) fn random_alnum(len: usize) -> Result<String, String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut urandom =
        File::open("/dev/urandom").map_err(|e| format!("{LABEL}: opening /dev/urandom failed: {e}"))?;
    let mut out = String::with_capacity(len);
    let mut byte = [0u8; 1];
    while out.len() < len {
        urandom
            .read_exact(&mut byte)
            .map_err(|e| format!("{LABEL}: reading /dev/urandom failed: {e}"))?;
        // Reject 248..=255 so that every character is equally likely.
        if byte[0] < 248 {
            out.push(ALPHABET[usize::from(byte[0]) % ALPHABET.len()] as char);
        }
    }
    Ok(out)
}
