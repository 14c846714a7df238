//! Where the PostgreSQL server binaries (`initdb`, `postgres`) come from: `$PG_BIN`, else `$PATH`, else
//! the highest `/usr/lib/postgresql/*/bin` (Debian/Ubuntu). The origin is kept so that the demo and the
//! test harness can say which server they started, and why that one (CI runs the suite once per
//! PostgreSQL major by setting `PG_BIN`).

use std::fmt;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::LABEL;

/// Why this directory was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `$PG_BIN` named it.
    PgBin,
    /// The first directory on `$PATH` holding both binaries.
    Path,
    /// The highest version under `/usr/lib/postgresql/*/bin`.
    Debian,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::PgBin => "from $PG_BIN",
            Origin::Path => "found on $PATH",
            Origin::Debian => "highest of /usr/lib/postgresql/*/bin",
        })
    }
}

/// A directory holding executable `initdb` and `postgres`.
#[derive(Debug, Clone)]
pub struct ServerBinaries {
    pub dir: PathBuf,
    pub origin: Origin,
}

/// Looks for the server binaries, or says what was searched and which package to install.
pub fn find() -> Result<ServerBinaries, String> {
    let has_server = |dir: &Path| is_executable(&dir.join("initdb")) && is_executable(&dir.join("postgres"));

    if let Some(dir) = crate::config::process_var_os("PG_BIN") {
        let dir = PathBuf::from(dir);
        return if has_server(&dir) {
            Ok(ServerBinaries {
                dir,
                origin: Origin::PgBin,
            })
        } else {
            Err(format!(
                "{LABEL}: PG_BIN={} does not contain executable `initdb` and `postgres`",
                dir.display()
            ))
        };
    }
    if let Some(path) = crate::config::process_var_os("PATH") {
        if let Some(dir) = std::env::split_paths(&path).find(|d| has_server(d)) {
            return Ok(ServerBinaries {
                dir,
                origin: Origin::Path,
            });
        }
    }
    let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            // "15", "9.6": compare numerically, so that 10 sorts above 9.6.
            let version: Option<Vec<u32>> = entry
                .file_name()
                .to_str()?
                .split('.')
                .map(|part| part.parse().ok())
                .collect();
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version?, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(ServerBinaries {
            dir,
            origin: Origin::Debian,
        });
    }
    Err(format!(
        "{LABEL}: no PostgreSQL server binaries (initdb and postgres) found. Searched: \
         $PG_BIN (not set), every directory on $PATH ({}), /usr/lib/postgresql/*/bin. \
         Install the Debian package `postgresql` (apt-get install postgresql), \
         or set PG_BIN to the directory that contains initdb and postgres.",
        crate::config::process_var("PATH").unwrap_or_default()
    ))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
