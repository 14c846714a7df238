//! When to use colour and box-drawing, and the few styles provctl paints with.
//!
//! The decision follows the two conventions operators set in their shells, in this order (first
//! match wins), separately for stdout and stderr:
//!
//! 1. `NO_COLOR` set to anything but the empty string: no colour (no-color.org: it beats everything,
//!    `CLICOLOR_FORCE` included — a user who set it never wants escapes).
//! 2. `CLICOLOR_FORCE` set and not `0`: colour, even into a pipe or a file (bixense.com/clicolors).
//! 3. `TERM=dumb`: no colour (the terminal cannot show escapes).
//! 4. `CLICOLOR=0`: no colour.
//! 5. Otherwise: colour when the stream is a terminal.
//!
//! Box-drawing table borders need a terminal that is not `dumb`; elsewhere tables use ASCII. Colour
//! never changes a character of the text: without it the same words are printed (`PRODUCTION`, `ok`,
//! `+`), so nothing depends on colour alone. The styles come from `anstyle` (already clap's).

use anstyle::{AnsiColor, Style};
use std::sync::atomic::{AtomicBool, Ordering};

/// What the environment says about colour (read by the caller from `config::Env`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ColourEnv {
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set and not `0`.
    pub force: bool,
    /// `CLICOLOR=0`.
    pub clicolor_off: bool,
    /// `TERM=dumb`.
    pub term_dumb: bool,
}

impl ColourEnv {
    /// Reads the variables through `get` (the environment over `--env-file`).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> ColourEnv {
        ColourEnv {
            no_color: get("NO_COLOR").is_some_and(|v| !v.is_empty()),
            force: get("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
            clicolor_off: get("CLICOLOR").is_some_and(|v| v == "0"),
            term_dumb: get("TERM").is_some_and(|v| v == "dumb"),
        }
    }

    /// Whether a stream (a terminal or not) gets colour: the precedence of the module notes.
    pub fn colour(&self, is_terminal: bool) -> bool {
        if self.no_color {
            return false;
        }
        if self.force {
            return true;
        }
        !self.term_dumb && !self.clicolor_off && is_terminal
    }

    /// Whether tables may use box-drawing characters: a terminal that is not `dumb`.
    pub fn unicode(&self, is_terminal: bool) -> bool {
        is_terminal && !self.term_dumb
    }
}

static STDERR: AtomicBool = AtomicBool::new(false);

/// Records the decision for stderr (notes, warnings, `error:`, prompts), once at start-up.
pub fn set_stderr(on: bool) {
    STDERR.store(on, Ordering::Relaxed);
}

/// Whether stderr gets colour.
pub fn stderr() -> bool {
    STDERR.load(Ordering::Relaxed)
}

/// The meanings provctl colours; each maps to one style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A check passed, an object is created (`ok`, `+`).
    Good,
    /// Attention, not failure (`warn`, `!` drift).
    Warn,
    /// A failure or a destruction (`fail`, `error:`, `-`).
    Bad,
    /// The production environment: bold red, impossible to miss.
    Danger,
    /// Low-value text (NULL, unchanged `=` lines).
    Dim,
    /// Headers.
    Bold,
}

impl Tone {
    fn style(self) -> Style {
        match self {
            Tone::Good => AnsiColor::Green.on_default(),
            Tone::Warn => AnsiColor::Yellow.on_default(),
            Tone::Bad => AnsiColor::Red.on_default(),
            Tone::Danger => AnsiColor::Red.on_default().bold(),
            Tone::Dim => Style::new().dimmed(),
            Tone::Bold => Style::new().bold(),
        }
    }
}

/// `text` in `tone` when `on`, else `text` as it is. The caller escapes `text` first.
pub fn paint(on: bool, tone: Tone, text: &str) -> String {
    if !on {
        return text.to_string();
    }
    let s = tone.style();
    format!("{}{text}{}", s.render(), s.render_reset())
}

/// The tone of a status word in a table cell or a report: `ok` is good, `warn`/`warning` is a warning,
/// `fail`/`error` and the named defects of a check are bad. `None` for other text.
pub fn status_tone(word: &str) -> Option<Tone> {
    match word {
        "ok" | "pass" | "passed" => Some(Tone::Good),
        "warn" | "warning" => Some(Tone::Warn),
        "fail" | "failed" | "error" | "problem" => Some(Tone::Bad),
        _ => None,
    }
}

/// The tone of a plan line from its marker (a character then a space): `+` created, `!` differs, `-`
/// goes away, `=` unchanged; `==>` heads a file's plan.
pub fn plan_tone(line: &str) -> Option<Tone> {
    let line = line.trim_start();
    if line.starts_with("==>") {
        return Some(Tone::Bold);
    }
    match line.get(..2)? {
        "+ " => Some(Tone::Good),
        "! " => Some(Tone::Warn),
        "- " => Some(Tone::Bad),
        "= " => Some(Tone::Dim),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> ColourEnv {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ColourEnv::from_vars(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn the_precedence_is_no_color_then_force_then_dumb_then_clicolor() {
        assert!(env(&[]).colour(true));
        assert!(!env(&[]).colour(false));
        assert!(!env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]).colour(true));
        // An empty NO_COLOR is unset (no-color.org).
        assert!(env(&[("NO_COLOR", "")]).colour(true));
        assert!(env(&[("CLICOLOR_FORCE", "1")]).colour(false));
        assert!(!env(&[("CLICOLOR_FORCE", "0")]).colour(false));
        assert!(env(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]).colour(false));
        assert!(!env(&[("TERM", "dumb")]).colour(true));
        assert!(!env(&[("CLICOLOR", "0")]).colour(true));
        assert!(env(&[("CLICOLOR", "1")]).colour(true));
        assert!(!env(&[("TERM", "dumb")]).unicode(true));
        assert!(!env(&[]).unicode(false));
    }

    #[test]
    fn plan_markers_need_their_space() {
        assert_eq!(plan_tone("  + client Acme"), Some(Tone::Good));
        assert_eq!(plan_tone("  ! admin differs"), Some(Tone::Warn));
        assert_eq!(plan_tone("==> acme.ini (client Acme)"), Some(Tone::Bold));
        assert_eq!(plan_tone("+1 more"), None);
        assert_eq!(plan_tone("Acme: 9 to create"), None);
    }

    #[test]
    fn paint_without_colour_keeps_the_text() {
        assert_eq!(paint(false, Tone::Danger, "PRODUCTION"), "PRODUCTION");
        assert_eq!(
            paint(true, Tone::Danger, "PRODUCTION"),
            "\x1b[1m\x1b[31mPRODUCTION\x1b[0m"
        );
    }
}
