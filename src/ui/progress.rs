//! Progress bars on stderr for work that takes seconds (bcrypt hashing, a batch of INIs, a long reset),
//! drawn by `indicatif`. Shown only when stderr is a terminal and `--quiet` is off: logs, pipes and CI
//! get no bar and no escape sequence, only the lines the command prints anyway.
//!
//! While a bar is drawn, every line written to the terminal goes through [`suspend`] (the notes,
//! warnings and errors of `output` do), which clears the bar, writes, and draws it again below: a line
//! never lands in the middle of the bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

/// The bar being drawn, for [`suspend`].
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A progress bar of `len` steps, or nothing when it must not be drawn. Cleared when dropped.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// `what` names the work (`hashing 30 admin password(s)`), `{pos}/{len}` follows it.
    pub fn new(len: u64, what: &str) -> Bar {
        if !shown() {
            return Bar { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(what.to_string());
        // The elapsed time moves while one step (a bcrypt hash, one INI's transaction) runs.
        bar.enable_steady_tick(Duration::from_millis(200));
        if let Ok(mut a) = ACTIVE.lock() {
            *a = Some(bar.clone());
        }
        Bar { bar: Some(bar) }
    }

    /// Whether it is drawn (stderr is a terminal, `--quiet` is off).
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    /// One more step done.
    pub fn inc(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// The text after the count (the INI being applied).
    pub fn set_message(&self, msg: &str) {
        if let Some(b) = &self.bar {
            b.set_message(crate::ui::output::escape(msg).into_owned());
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(b) = self.bar.take() {
            if let Ok(mut a) = ACTIVE.lock() {
                *a = None;
            }
            b.finish_and_clear();
        }
    }
}

/// Whether a bar may be drawn: stderr is a terminal and `--quiet` is off.
fn shown() -> bool {
    !crate::ui::output::is_quiet() && std::io::stderr().is_terminal()
}

thread_local! {
    /// Inside [`suspend`] already: a nested call just runs (indicatif's suspend is not reentrant).
    static SUSPENDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (which writes to the terminal) with the bar, if one is drawn, cleared meanwhile.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    let bar = ACTIVE.lock().ok().and_then(|a| a.clone());
    match bar {
        Some(b) if !SUSPENDED.get() => b.suspend(|| {
            SUSPENDED.set(true);
            let r = f();
            SUSPENDED.set(false);
            r
        }),
        _ => f(),
    }
}

/// `pow` for the whole binary, from the `libm` crate (rust-lang's port of musl's, within about one unit
/// in the last place, as glibc's). Why: the only symbol provctl takes from the C math library is `pow`,
/// which indicatif's rate estimate calls (`f64::powf`, once per update); defining it here lets the
/// linker leave `libm.so.6` out of the binary's needs (`--as-needed`), so no run loads it — one shared
/// object less for the dynamic loader to map and to search at every start: 1–5 % of a point look-up's
/// wall time, 3–6 % of its CPU (bench/notes.md, "fifth pass"). The executable exports the symbol, so
/// a library loaded later that asks for `pow` (an NSS module) is bound to this one too: the same
/// function within the same error bound.
#[no_mangle]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

#[cfg(test)]
mod tests {
    /// `f64::powf` reaches the definition above in this test binary too: it must agree with the C
    /// library's `exp` and `log` (which still come from libm here) on what indicatif asks, and on the
    /// edge cases C defines.
    #[test]
    fn pow_is_the_c_librarys_pow() {
        for age in [0.0, 0.25, 1.0, 3.5, 15.0, 60.0, 1e6] {
            let (p, e) = (0.1f64.powf(age / 15.0), (age / 15.0 * 0.1f64.ln()).exp());
            assert!(
                (p - e).abs() <= 1e-12 * e.max(f64::MIN_POSITIVE),
                "{age}: {p} against {e}"
            );
        }
        assert_eq!(2f64.powf(10.0), 1024.0);
        assert_eq!(0f64.powf(0.0), 1.0);
        assert_eq!(f64::NAN.powf(0.0), 1.0);
        assert!((-8f64).powf(1.0 / 3.0).is_nan());
        assert_eq!(0f64.powf(-1.0), f64::INFINITY);
    }
}
