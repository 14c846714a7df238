//! Secrets and where they rest: zeroizing types with redacted `Debug` and the hidden prompt
//! ([`secret`]), bcrypt hashes as the platform stores them ([`hash`]), and the secrets files provctl
//! writes and reads ([`file`]: no-clobber writes, env files, scans, git checks).
//!
//! May use: `ui` (escaping, signal check points), `config` (reading a regular file, the password
//! database), `error`. Nothing here talks to the database or the network.

pub mod file;
pub mod hash;
pub mod secret;
