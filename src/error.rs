//! The one error type of provctl and its mapping to the documented exit codes.
//!
//! Every failure reaches `main` as an [`Error`] carrying its [`Exit`] class, so the exit code a script
//! sees is decided in one place and matches the table of spec.md ("Exit codes").

use std::fmt;

/// The documented exit codes (spec.md, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 1: a check answered "no" (broken hashes, password mismatch, unexpected API status, doctor problems).
    Check,
    /// 2: usage error or invalid input; nothing changed.
    Usage,
    /// 3: refused (guard, confirmation declined or impossible, no safe place for a secret); nothing changed.
    Refused,
    /// 4: database error (connect, schema, timeout, constraint); the transaction is rolled back.
    Database,
    /// 5: network error talking to the platform API.
    Network,
    /// 130, 143, 129: interrupted by SIGINT (Ctrl-C), SIGTERM or SIGHUP.
    Interrupted,
    /// 0: the reader of stdout went away (`provctl users | head -1`): not an error.
    BrokenPipe,
}

impl Exit {
    /// The process exit status for this class.
    pub fn code(self) -> i32 {
        match self {
            Exit::Check => 1,
            Exit::Usage => 2,
            Exit::Refused => 3,
            Exit::Database => 4,
            Exit::Network => 5,
            // 128 + SIGINT; the signal actually received (143 for SIGTERM…) is `ui::signal::exit_code`,
            // which `main_exit_code` uses for an interrupted run.
            Exit::Interrupted => 130,
            Exit::BrokenPipe => 0,
        }
    }
}

/// An error on its way to the operator: a class (exit code), a message and an optional hint.
///
/// Messages are built from already-redacted text: nothing that reaches `Error` may contain a secret.
#[derive(Debug)]
pub struct Error {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
    /// Set when the message was already printed (e.g. a check that reported its own findings).
    pub silent: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(exit: Exit, message: impl Into<String>) -> Error {
        Error {
            exit,
            message: message.into(),
            hint: None,
            silent: false,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(Exit::Usage, message)
    }

    pub fn refused(message: impl Into<String>) -> Error {
        Error::new(Exit::Refused, message)
    }

    pub fn database(message: impl Into<String>) -> Error {
        Error::new(Exit::Database, message)
    }

    pub fn network(message: impl Into<String>) -> Error {
        Error::new(Exit::Network, message)
    }

    /// A check answered "no" and already reported why: exit 1 without another message.
    pub fn check_failed() -> Error {
        Error {
            silent: true,
            ..Error::new(Exit::Check, "")
        }
    }

    pub fn interrupted() -> Error {
        Error::new(Exit::Interrupted, "interrupted")
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    /// I/O errors without more context are local failures (files, terminal): treat as usage/input errors
    /// unless a caller maps them more precisely.
    fn from(e: std::io::Error) -> Error {
        Error::usage(e.to_string())
    }
}
