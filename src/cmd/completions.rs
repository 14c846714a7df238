//! `provctl completions SHELL` and `provctl man [--dir DIR]`: generated from the command tree itself,
//! so they never drift from the real flags.
//!
//! Both are rendered into memory and then written, so a reader that goes away (`provctl completions
//! bash | head -1`) ends the command quietly with exit 0, as for any other output: the generators
//! themselves panic on a failed write.

use super::Ctx;
use crate::error::{Error, Result};
use clap::{ArgAction, CommandFactory, ValueHint};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Flags of `provctl completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  mkdir -p ~/.local/share/bash-completion/completions\n  \
provctl completions bash > ~/.local/share/bash-completion/completions/provctl\n  \
provctl completions zsh > \"${fpath[1]}/_provctl\""
)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Flags of `provctl man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  provctl man | man -l -\n  \
sudo provctl man --dir /usr/local/share/man/man1 && mandb -q")]
pub struct ManArgs {
    /// Write one page per command into DIR (provctl.1, provctl-users.1, provctl-keys-list.1, …) instead
    /// of printing provctl.1 on stdout. DIR is created if needed; existing pages are replaced.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The command tree as the completions and man pages see it. A value that is not a path (a client, a
/// key name, an email, a number) gets `ValueHint::Other`, so that `--client <TAB>` offers no file
/// names; paths (`PathBuf`) keep clap's file completion.
pub fn command() -> clap::Command {
    with_value_hints(crate::cli::Cli::command())
}

fn with_value_hints(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| {
        let takes_value = matches!(a.get_action(), ArgAction::Set | ArgAction::Append);
        if takes_value && a.get_value_hint() == ValueHint::Unknown && a.get_possible_values().is_empty() {
            a.value_hint(ValueHint::Other)
        } else {
            a
        }
    })
    .mut_subcommands(with_value_hints)
}

pub fn run(ctx: &mut Ctx, args: CompletionsArgs) -> Result<()> {
    let mut cmd = command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "provctl", &mut script);
    let w = ctx.out.raw();
    w.write_all(&script)
        .and_then(|_| w.flush())
        .map_err(crate::ui::output::io_err)
}

pub fn run_man(ctx: &mut Ctx, args: ManArgs) -> Result<()> {
    let pages = man_pages().map_err(|e| Error::usage(format!("cannot render the man pages: {e}")))?;
    let Some(dir) = args.dir else {
        let (_, main) = &pages[0];
        let w = ctx.out.raw();
        return w
            .write_all(main)
            .and_then(|_| w.flush())
            .map_err(crate::ui::output::io_err);
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::usage(format!("{}: {e}", dir.display())))?;
    for (name, page) in &pages {
        write_page(&dir.join(name), page)?;
    }
    crate::ui::output::note(&format!(
        "{} man page(s) written to {}",
        pages.len(),
        dir.display()
    ));
    Ok(())
}

/// A page replaces an older one by rename, so a reader never sees half of it.
fn write_page(path: &Path, page: &[u8]) -> Result<()> {
    let tmp = path.with_extension("1.tmp");
    std::fs::write(&tmp, page)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::usage(format!("cannot write {}: {e}", path.display()))
        })
}

/// Every page, `provctl.1` first, then each visible subcommand's (`provctl-keys.1`,
/// `provctl-keys-list.1`, …) in tree order: (file name, roff).
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut root = command()
        // The NAME line is `provctl \- ABOUT`: the about must not start with the name again.
        .about("typed, safe operations on the monitoring platform's database and API")
        .disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    collect(&root, None, &mut pages)?;
    Ok(pages)
}

fn collect(
    cmd: &clap::Command,
    parent: Option<&str>,
    out: &mut Vec<(String, Vec<u8>)>,
) -> std::io::Result<()> {
    let name = cmd
        .get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string();
    out.push((format!("{name}.1"), page(cmd, parent)?));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, Some(&name), out)?;
    }
    Ok(())
}

/// One page: clap_mangen's sections without EXTRA (the examples of `--help`, which read badly as
/// roff), and SEE ALSO pointing to the parent page.
fn page(cmd: &clap::Command, parent: Option<&str>) -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone()).source(format!("provctl {}", env!("CARGO_PKG_VERSION")));
    let mut w = Vec::new();
    man.render_title(&mut w)?;
    man.render_name_section(&mut w)?;
    man.render_synopsis_section(&mut w)?;
    man.render_description_section(&mut w)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut w)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut w)?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut w)?;
    }
    let see_also = match parent {
        Some(p) => format!("{}(1)", p.replace('-', "\\-")),
        None => "The full documentation: docs/commands.md in the repository.".to_string(),
    };
    writeln!(w, ".SH \"SEE ALSO\"\n{see_also}")?;
    Ok(dedup_preamble(&w))
}

/// Each section rendered alone starts with roff's quote-string set-up (`.ie`/`.el`); once is enough.
fn dedup_preamble(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if !preamble || seen.insert(line.to_string()) {
            out.push_str(line);
        }
    }
    out.into_bytes()
}
