//! The operating-system chores of starting a cluster: who we are, whom the server runs as, a free port
//! and a random password.

use std::ffi::CString;
use std::fs::File;
use std::io::{self, Read};
use std::net::TcpListener;

use super::LABEL;

pub(super) fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// (uid, gid) of `name`. Uses getpwnam_r, not getpwnam: tests run in threads,
/// and getpwnam returns a pointer to a shared static buffer.
pub(super) fn lookup_user(name: &str) -> Result<(u32, u32), String> {
    let cname = CString::new(name).map_err(|_| format!("user name {name:?} contains NUL"))?;
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: passwd is plain old data; an all-zero value is valid and is
    // fully overwritten on success.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: all pointers point to live, correctly sized buffers.
    let rc = unsafe { libc::getpwnam_r(cname.as_ptr(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 {
        return Err(format!(
            "looking up user {name} failed: {}",
            io::Error::from_raw_os_error(rc)
        ));
    }
    if result.is_null() {
        return Err(format!("there is no user named `{name}`"));
    }
    Ok((pwd.pw_uid, pwd.pw_gid))
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
