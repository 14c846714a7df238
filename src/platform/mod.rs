//! The platform's HTTP side: the API client provctl's checks use ([`http`]: timeouts, redirects,
//! `--insecure`, errors that name the endpoint) and the platform's login rules ([`login`]: how the API
//! finds an account by e-mail, which addresses it refuses).
//!
//! May use: `ui` (escaping, notes), `secrets` (zeroizing types), `error`. Nothing here talks to the
//! database.

pub mod http;
pub mod login;
