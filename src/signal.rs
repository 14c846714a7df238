//! Ctrl-C and process hardening.
//!
//! Ctrl-C must never leave a half change or a broken terminal: a running query is cancelled on the
//! server (its transaction then rolls back) and the command exits 130; at a prompt, the terminal's
//! echo and cursor are restored first. Core dumps are disabled so a crash cannot write secrets to disk.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static PROMPTS: AtomicUsize = AtomicUsize::new(0);
static CANCEL: Mutex<Option<Canceller>> = Mutex::new(None);
static SAVED_TTY: Mutex<Option<libc::termios>> = Mutex::new(None);
static REMOVE_ON_EXIT: Mutex<Vec<std::path::PathBuf>> = Mutex::new(Vec::new());

/// Registers a directory to remove if the process is interrupted (the demo's scratch directory).
pub fn remove_on_interrupt(dir: &std::path::Path) {
    if let Ok(mut v) = REMOVE_ON_EXIT.lock() {
        v.push(dir.to_path_buf());
    }
}

fn remove_registered() {
    if let Ok(v) = REMOVE_ON_EXIT.lock() {
        for d in v.iter() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// What is needed to ask the server to cancel the query running on our connection.
pub struct Canceller {
    pub token: postgres::CancelToken,
    pub tls: crate::db::Tls,
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Waits briefly for a pending Ctrl-C to be noticed; true when the process was interrupted.
pub fn wait_interrupted() -> bool {
    for _ in 0..20 {
        if interrupted() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    interrupted()
}

/// Installs the handler and disables core dumps. Called once at start-up.
pub fn install() {
    disable_core_dumps();
    // A second install (tests calling `run` twice) fails harmlessly.
    let _ = ctrlc::set_handler(on_interrupt);
}

fn on_interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    remove_registered();
    if PROMPTS.load(Ordering::SeqCst) > 0 {
        restore_terminal();
        eprintln!("\ninterrupted: nothing changed");
        std::process::exit(130);
    }
    let canceller = CANCEL.lock().ok().and_then(|mut c| c.take());
    match canceller {
        Some(c) => {
            // The main thread gets "query canceled", rolls back and exits 130. If it does not within a
            // few seconds (the server is unreachable), leave anyway: an open transaction dies with us.
            let _ = c.tls.cancel(&c.token);
            std::thread::sleep(Duration::from_secs(5));
            eprintln!("\ninterrupted");
            std::process::exit(130);
        }
        None => {
            // No query in flight: nothing half-done in the database (commits check the flag first).
            eprintln!("\ninterrupted");
            std::process::exit(130);
        }
    }
}

/// Registers the connection whose queries Ctrl-C should cancel.
pub fn set_canceller(c: Canceller) {
    if let Ok(mut slot) = CANCEL.lock() {
        *slot = Some(c);
    }
}

/// Marks a terminal prompt as active: Ctrl-C restores the terminal and exits 130 with nothing changed.
pub struct PromptGuard(());

impl PromptGuard {
    pub fn new() -> PromptGuard {
        save_terminal();
        PROMPTS.fetch_add(1, Ordering::SeqCst);
        PromptGuard(())
    }
}

impl Default for PromptGuard {
    fn default() -> Self {
        PromptGuard::new()
    }
}

impl Drop for PromptGuard {
    fn drop(&mut self) {
        PROMPTS.fetch_sub(1, Ordering::SeqCst);
    }
}

fn with_tty<T>(f: impl FnOnce(libc::c_int) -> T) -> Option<T> {
    use std::os::fd::AsRawFd;
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    Some(f(tty.as_raw_fd()))
}

fn save_terminal() {
    let saved = with_tty(|fd| {
        // SAFETY: termios is plain data; tcgetattr fills it or fails.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        (unsafe { libc::tcgetattr(fd, &mut t) } == 0).then_some(t)
    })
    .flatten();
    if let (Some(t), Ok(mut slot)) = (saved, SAVED_TTY.lock()) {
        *slot = Some(t);
    }
}

fn restore_terminal() {
    let saved = SAVED_TTY.lock().ok().and_then(|s| *s);
    if let Some(t) = saved {
        with_tty(|fd| {
            // SAFETY: restoring attributes saved from the same terminal.
            unsafe { libc::tcsetattr(fd, libc::TCSANOW, &t) };
            // Show the cursor again in case a prompt hid it.
            let seq = b"\x1b[?25h";
            unsafe { libc::write(fd, seq.as_ptr().cast(), seq.len()) };
        });
    }
}

fn disable_core_dumps() {
    let zero = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscalls on our own process; failure only means dumps stay as configured.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &zero);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}
