//! bcrypt: hashing as the platform does (`$2b$`, cost 12), and hash well-formedness — the strict rules
//! the platform's passlib applies, and the named defect.
//!
//! A hash the platform cannot identify makes its login raise (HTTP 500), so provctl checks the form
//! before anything else and says precisely what is wrong. Only the first 4 characters of a hash are
//! ever shown; the rest is as sensitive as the password it protects.
//!
//! Hashing is the `bcrypt` crate's. The well-formedness check ([`classify`]) is ours: the crate's
//! parser exists to verify a password and answers one `InvalidHash` reason at a time, where an audit of
//! every row (`verify-hash --all`) needs the platform's rules and a named class per row (`truncated`,
//! `bad-prefix`, `bad-cost`, `bad-charset`, `bad-length`), without a password to verify against.

use crate::error::{Error, Result};
use crate::secrets::secret::SecretString;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// bcrypt cost: the platform's passlib context.
pub const COST: u32 = 12;

/// One password hashed as the platform hashes: `$2b$`, cost [`COST`].
pub fn bcrypt_2b(password: &str) -> std::result::Result<String, String> {
    bcrypt::hash_with_result(password, COST)
        .map(|h| h.format_for_version(bcrypt::Version::TwoB))
        .map_err(|e| e.to_string())
}

/// Hashes every password with [`bcrypt_2b`], spread over the cores. One result per password, in order:
/// a failure is that password's error, never an empty hash. A signal stops the wait at once (the
/// workers, which have changed nothing, end with the process) and no new hash starts.
pub fn hash_all(passwords: &[SecretString]) -> Result<Vec<std::result::Result<SecretString, String>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    hash_all_with(passwords, threads, bcrypt_2b)
}

/// [`hash_all`] with the hash function given (tests make it fail, or panic).
pub fn hash_all_with(
    passwords: &[SecretString],
    threads: usize,
    hash: impl Fn(&str) -> std::result::Result<String, String> + Send + Sync + 'static,
) -> Result<Vec<std::result::Result<SecretString, String>>> {
    let work: Arc<Vec<SecretString>> = Arc::new(passwords.to_vec());
    let next = Arc::new(AtomicUsize::new(0));
    let hash = Arc::new(hash);
    let (tx, rx) = mpsc::channel();
    // Detached workers, not scoped ones: the caller must be free to leave on a signal without waiting
    // for a hash in progress (a second at cost 12 on a loaded machine).
    for _ in 0..threads.clamp(1, passwords.len().max(1)) {
        let (work, next, hash, tx) = (work.clone(), next.clone(), hash.clone(), tx.clone());
        std::thread::spawn(move || {
            while !crate::ui::signal::interrupted() {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(p) = work.get(i) else { break };
                // A panic in the hash is this password's error; the worker goes on with the next.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| hash(p.expose())))
                    .unwrap_or_else(|_| Err("the hashing thread panicked".to_string()));
                if tx.send((i, r.map(SecretString::new))).is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    let mut results: Vec<Option<std::result::Result<SecretString, String>>> =
        (0..passwords.len()).map(|_| None).collect();
    let mut received = 0;
    // Seconds of work at cost 12 (about 0.25 s a hash per core): a bar on a terminal says how far.
    let bar = crate::ui::progress::Bar::new(
        passwords.len() as u64,
        &format!("hashing {} admin password(s)", passwords.len()),
    );
    // Polled every 20 ms, so a signal is acted on well within half a second, bar or not.
    while received < passwords.len() {
        match rx.recv_timeout(Duration::from_millis(20)) {
            Ok((i, r)) => {
                results[i] = Some(r);
                received += 1;
                bar.inc();
            }
            Err(mpsc::RecvTimeoutError::Timeout) if crate::ui::signal::interrupted() => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    drop(bar);
    if crate::ui::signal::interrupted() {
        // Said at once: the workers' hashes in progress are abandoned, not waited for.
        crate::ui::output::error_line(&format!(
            "{}: stopping the hashing; nothing was written",
            crate::ui::signal::name()
        ));
        return Err(Error::interrupted());
    }
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("the hashing thread failed".to_string())))
        .collect())
}

/// The error for a password that could not be hashed.
pub fn hashing_failed(what: &str, why: &str) -> Error {
    Error::refused(format!(
        "{what}: could not hash the admin password with bcrypt ({why}): nothing written"
    ))
}

/// bcrypt's base64 alphabet.
fn is_bcrypt_b64(c: u8) -> bool {
    c == b'.' || c == b'/' || c.is_ascii_alphanumeric()
}

/// The verdict on one stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Empty,
    Truncated,
    BadPrefix,
    BadCost,
    BadCharset,
    BadLength,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Empty => "empty",
            Status::Truncated => "truncated",
            Status::BadPrefix => "bad-prefix",
            Status::BadCost => "bad-cost",
            Status::BadCharset => "bad-charset",
            Status::BadLength => "bad-length",
        }
    }
}

/// Classifies a stored hash. A well-formed hash is `$2a$`/`$2b$`/`$2y$`, a two-digit cost 04–31, `$`,
/// then exactly 53 characters of bcrypt's base64 alphabet: 60 characters in all.
///
/// A string shorter than 60 whose every character fits that template is `truncated` (the production
/// incident: a shell ate the end of a hash); otherwise the first rule broken names the defect.
pub fn classify(hash: &str) -> Status {
    let b = hash.as_bytes();
    if b.is_empty() {
        return Status::Empty;
    }
    if b.len() < 60 && fits_template(b) {
        return Status::Truncated;
    }
    if b.len() < 4 || !matches!(&b[..4], b"$2a$" | b"$2b$" | b"$2y$") {
        return Status::BadPrefix;
    }
    if cost(hash).is_none() || b.get(6) != Some(&b'$') {
        return Status::BadCost;
    }
    // In characters, as `verify-hash` shows the length: 60 characters one of which is not ASCII are
    // 61+ bytes, a bad charset, not a bad length.
    if hash.chars().count() != 60 {
        return Status::BadLength;
    }
    if !b[7..].iter().all(|&c| is_bcrypt_b64(c)) {
        return Status::BadCharset;
    }
    Status::Ok
}

/// The cost field when it is two digits within 04–31.
pub fn cost(hash: &str) -> Option<u32> {
    let digits = hash.as_bytes().get(4..6)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = u32::from(digits[0] - b'0') * 10 + u32::from(digits[1] - b'0');
    (4..=31).contains(&n).then_some(n)
}

/// Whether every present character matches its position in the bcrypt template.
fn fits_template(b: &[u8]) -> bool {
    b.iter().enumerate().all(|(i, &c)| match i {
        0 | 3 | 6 => c == b'$',
        1 => c == b'2',
        2 => matches!(c, b'a' | b'b' | b'y'),
        4 => matches!(c, b'0'..=b'3'),
        5 => c.is_ascii_digit(),
        _ => is_bcrypt_b64(c),
    }) && (b.len() < 6 || cost(std::str::from_utf8(b).unwrap_or_default()).is_some())
}

/// The first 4 characters (never more), for display.
pub fn prefix(hash: &str) -> String {
    hash.chars().take(4).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "$2b$12$KIXQJZ9r1Fh0eZ2m9tI2ZO0xw0yXg0n6vY7m7m6Q5y1l4l1l1l1l2";

    #[test]
    fn well_formed_hashes() {
        assert_eq!(GOOD.len(), 60);
        assert_eq!(classify(GOOD), Status::Ok);
        assert_eq!(classify(&GOOD.replacen("$2b$", "$2a$", 1)), Status::Ok);
        assert_eq!(classify(&GOOD.replacen("$2b$", "$2y$", 1)), Status::Ok);
        assert_eq!(cost(GOOD), Some(12));
    }

    #[test]
    fn named_defects() {
        assert_eq!(classify(""), Status::Empty);
        assert_eq!(classify(&GOOD[..20]), Status::Truncated);
        assert_eq!(classify("$2"), Status::Truncated);
        assert_eq!(classify(&GOOD.replacen("$2b$", "$2x$", 1)), Status::BadPrefix);
        assert_eq!(classify("plaintext-password"), Status::BadPrefix);
        assert_eq!(classify(&GOOD.replacen("$12$", "$99$", 1)), Status::BadCost);
        assert_eq!(classify(&GOOD.replacen("$12$", "$03$", 1)), Status::BadCost);
        assert_eq!(classify(&format!("{GOOD}x")), Status::BadLength);
        assert_eq!(classify(&GOOD.replacen('K', "!", 1)), Status::BadCharset);
        assert_eq!(classify(&GOOD[..59].replace('K', "-")), Status::BadLength);
        assert_eq!(classify(&format!("{}é", &GOOD[..59])), Status::BadCharset);
        assert_eq!(classify(&format!("{}é", &GOOD[..58])), Status::BadLength);
    }

    #[test]
    fn a_bcrypt_failure_in_parallel_hashing_is_an_error_never_an_empty_hash() {
        let pw: Vec<SecretString> = ["a", "b", "c", "d"]
            .iter()
            .map(|p| SecretString::new(p.to_string()))
            .collect();
        let out = hash_all_with(&pw, 3, |p| {
            if p == "c" {
                Err("getrandom failed".into())
            } else {
                Ok(format!("hash-of-{p}"))
            }
        })
        .unwrap();
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().unwrap().expose(), "hash-of-a");
        assert_eq!(out[2].as_ref().unwrap_err(), "getrandom failed");
        assert!(out.iter().all(|r| r.as_ref().map_or(true, |h| !h.is_empty())));
        // A worker that panics leaves its passwords as errors, not as empty hashes.
        let out = hash_all_with(&pw, 2, |p| {
            if p == "b" {
                panic!("boom")
            } else {
                Ok(p.to_string())
            }
        })
        .unwrap();
        assert!(out[1].is_err());
        assert!(out.iter().all(|r| r.as_ref().map_or(true, |h| !h.is_empty())));
    }

    #[test]
    fn prefix_is_four_chars() {
        assert_eq!(prefix(GOOD), "$2b$");
        assert_eq!(prefix("ab"), "ab");
    }
}
