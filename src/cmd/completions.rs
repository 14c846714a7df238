//! `provctl completions SHELL` and `provctl man`: generated from the command tree itself, so they never
//! drift from the real flags.

use super::Ctx;
use crate::error::Result;
use clap::CommandFactory;

/// Flags of `provctl completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  provctl completions bash > /etc/bash_completion.d/provctl\n  provctl completions zsh > \"${fpath[1]}/_provctl\""
)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(ctx: &mut Ctx, args: CompletionsArgs) -> Result<()> {
    let mut cmd = crate::cli::Cli::command();
    let mut w = ctx.out.raw();
    clap_complete::generate(args.shell, &mut cmd, "provctl", &mut w);
    Ok(())
}

pub fn run_man(ctx: &mut Ctx) -> Result<()> {
    let cmd = crate::cli::Cli::command();
    let mut w = ctx.out.raw();
    clap_mangen::Man::new(cmd)
        .render(&mut w)
        .map_err(crate::ui::output::io_err)
}
