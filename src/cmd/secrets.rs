//! `provctl secrets list|show|shred`: the lifecycle of generated secrets files.

use super::Ctx;
use crate::error::Result;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Find generated secrets files: age, mode, git status (exit 1 on warnings).
    List {
        /// Directories to search (default: provisioning/ and the current directory).
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
    /// Show a secrets file's entries (values only with --reveal or to a pipe).
    Show {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Show values on a terminal.
        #[arg(long)]
        reveal: bool,
    },
    /// Overwrite, fsync and unlink secrets files (never through a symlink).
    Shred {
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
}

pub fn run(_ctx: &mut Ctx, cmd: SecretsCommand) -> Result<()> {
    match cmd {
        SecretsCommand::List { .. } => super::not_implemented("secrets list"),
        SecretsCommand::Show { .. } => super::not_implemented("secrets show"),
        SecretsCommand::Shred { .. } => super::not_implemented("secrets shred"),
    }
}
