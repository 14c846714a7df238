//! The one confirmation helper used by every change, and the plan header every plan starts with.
//!
//! Both name the [`Target`] — where the change goes (`database app@db:5432/platform`) and the
//! environment (`APP_ENV`/`ENV`) — as kubectl names its context, because the question an operator must
//! answer is "where am I writing?". When the environment is production the word `PRODUCTION` is always
//! there (bold red when colour is on), in the header, the target line and the question itself.
//!
//! The plan is printed before [`confirm`] is called, under [`plan_header`]. With `--yes` the question
//! is not asked; the target is still printed (once) if no plan header did it, so a script's log says
//! where it wrote. `--yes` answers yes; without it a terminal on stdin is
//! required (a script that forgot `--yes` is refused, exit 3, rather than changing things unasked);
//! the default answer is No; Ctrl-C (or SIGTERM, SIGHUP) at the prompt restores the terminal and exits
//! 130 (143, 129). Questions are escaped like every other line: they quote database text (client and
//! key names), which must not drive the operator's terminal at the very moment they decide.

use crate::error::{Error, Result};
use crate::ui::colour::{self, Tone};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where a change goes, as shown to the operator (built by the command layer from the connection and
/// the environment: never a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// What is written: `database app@db:5432/platform`, `files in ./secrets`, `API https://…`.
    pub place: String,
    /// The environment's name and the variable that says it (`APP_ENV`), if one is set.
    pub environment: Option<(String, &'static str)>,
    /// `APP_ENV` or `ENV` says production.
    pub production: bool,
}

impl Target {
    /// `target: database app@db:5432/platform, environment PRODUCTION (APP_ENV=production)`; colour
    /// (when `colour`) only adds to the words, never replaces them.
    pub fn describe(&self, colour: bool) -> String {
        let place = crate::ui::output::escape(&self.place);
        let env = match &self.environment {
            Some((value, var)) if self.production => format!(
                "{} ({var}={})",
                colour::paint(colour, Tone::Danger, "PRODUCTION"),
                crate::ui::output::escape(value)
            ),
            Some((value, var)) => format!("{} ({var})", crate::ui::output::escape(value)),
            None => "not set (APP_ENV, ENV)".to_string(),
        };
        format!("target: {place}, environment {env}")
    }

    /// The question as asked: prefixed with `PRODUCTION:` there.
    fn question(&self, question: &str, colour: bool) -> String {
        let q = crate::ui::output::escape(question);
        if self.production {
            format!("{} {q}", colour::paint(colour, Tone::Danger, "PRODUCTION:"))
        } else {
            q.into_owned()
        }
    }
}

/// Whether the target was shown on stderr by a plan header (then `--yes` does not repeat it).
static SHOWN: AtomicBool = AtomicBool::new(false);

/// The first line(s) of every plan, on stderr: what the plan is about and its [`Target`]. `--quiet`
/// silences it, except in production, where it is a warning.
pub fn plan_header(target: &Target, title: &str) {
    SHOWN.store(true, Ordering::Relaxed);
    let c = colour::stderr();
    let title = crate::ui::output::escape(title);
    let text = format!(
        "plan: {title}
{}",
        target.describe(c)
    );
    // Printed as it is: the title and the target's values are escaped above and in `describe`, and
    // escaping the whole again would turn PRODUCTION's colour into visible `\x1b[…` text.
    crate::ui::output::styled_note(&text, target.production);
}

/// The target line before a question, or under `--yes` when no plan header showed it.
fn show_target(target: &Target, yes: bool) {
    if yes && SHOWN.load(Ordering::Relaxed) {
        return;
    }
    SHOWN.store(true, Ordering::Relaxed);
    let line = target.describe(colour::stderr());
    crate::ui::output::styled_note(&line, !yes || target.production);
}

fn declined() -> Error {
    Error::refused("not confirmed: nothing changed")
}

fn require_terminal(yes: bool) -> Result<bool> {
    if yes {
        return Ok(false);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::refused(
            "this change needs confirmation and stdin is not a terminal: nothing changed",
        )
        .with_hint("re-run with --yes once the plan above is what you want"));
    }
    Ok(true)
}

/// Asks a yes/no question (default No) about a change to `target`, which is named first.
pub fn confirm(target: &Target, yes: bool, question: &str) -> Result<()> {
    show_target(target, yes);
    if !require_terminal(yes)? {
        return Ok(());
    }
    let _guard = crate::ui::signal::PromptGuard::new();
    let answer = dialoguer::Confirm::new()
        .with_prompt(target.question(question, colour::stderr()))
        .default(false)
        .interact_opt()
        .map_err(|e| prompt_error(&e))?;
    match answer {
        Some(true) => Ok(()),
        _ => Err(declined()),
    }
}

/// Asks the operator to type `expected` (e.g. the client's name) to confirm a destructive change to
/// `target`, which is named first. A name with control characters is shown escaped, and typing it as
/// shown is accepted.
pub fn confirm_typed(target: &Target, yes: bool, prompt: &str, expected: &str) -> Result<()> {
    show_target(target, yes);
    if !require_terminal(yes)? {
        return Ok(());
    }
    let _guard = crate::ui::signal::PromptGuard::new();
    let typed: String = dialoguer::Input::new()
        .with_prompt(target.question(prompt, colour::stderr()))
        .allow_empty(true)
        .interact_text()
        .map_err(|e| prompt_error(&e))?;
    if typed == expected || typed == crate::ui::output::escape(expected) {
        Ok(())
    } else {
        Err(Error::refused("the name typed does not match: nothing changed"))
    }
}

fn prompt_error(e: &dialoguer::Error) -> Error {
    if crate::ui::signal::wait_interrupted() {
        return Error::interrupted();
    }
    Error::refused(format!("cannot read the confirmation from the terminal: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(env: Option<(&str, &'static str)>, production: bool) -> Target {
        Target {
            place: "database app@db:5432/platform".into(),
            environment: env.map(|(v, k)| (v.to_string(), k)),
            production,
        }
    }

    #[test]
    fn the_target_names_the_database_and_the_environment() {
        assert_eq!(
            target(Some(("staging", "APP_ENV")), false).describe(false),
            "target: database app@db:5432/platform, environment staging (APP_ENV)"
        );
        assert_eq!(
            target(None, false).describe(false),
            "target: database app@db:5432/platform, environment not set (APP_ENV, ENV)"
        );
        let prod = target(Some(("prod", "ENV")), true);
        assert_eq!(
            prod.describe(false),
            "target: database app@db:5432/platform, environment PRODUCTION (ENV=prod)"
        );
        assert!(prod.describe(true).contains("\x1b[1m\x1b[31mPRODUCTION\x1b[0m"));
        assert_eq!(prod.question("Go?", false), "PRODUCTION: Go?");
        assert_eq!(target(None, false).question("Go?", false), "Go?");
    }
}
