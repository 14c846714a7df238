//! The one confirmation helper used by every change.
//!
//! The plan is printed before this is called. `--yes` answers yes; without it a terminal on stdin is
//! required (a script that forgot `--yes` is refused, exit 3, rather than changing things unasked);
//! the default answer is No; Ctrl-C (or SIGTERM, SIGHUP) at the prompt restores the terminal and exits
//! 130 (143, 129). Questions are escaped like every other line: they quote database text (client and
//! key names), which must not drive the operator's terminal at the very moment they decide.

use crate::error::{Error, Result};
use std::io::IsTerminal;

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

/// Asks a yes/no question (default No).
pub fn confirm(yes: bool, question: &str) -> Result<()> {
    if !require_terminal(yes)? {
        return Ok(());
    }
    let _guard = crate::ui::signal::PromptGuard::new();
    let answer = dialoguer::Confirm::new()
        .with_prompt(crate::ui::output::escape(question))
        .default(false)
        .interact_opt()
        .map_err(|e| prompt_error(&e))?;
    match answer {
        Some(true) => Ok(()),
        _ => Err(declined()),
    }
}

/// Asks the operator to type `expected` (e.g. the client's name) to confirm a destructive change. A name
/// with control characters is shown escaped, and typing it as shown is accepted.
pub fn confirm_typed(yes: bool, prompt: &str, expected: &str) -> Result<()> {
    if !require_terminal(yes)? {
        return Ok(());
    }
    let _guard = crate::ui::signal::PromptGuard::new();
    let typed: String = dialoguer::Input::new()
        .with_prompt(crate::ui::output::escape(prompt))
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
