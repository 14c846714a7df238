//! Signals (SIGINT, SIGTERM, SIGHUP) and process hardening.
//!
//! A signal must never leave a half change, a secret file or a broken terminal behind. The three signals
//! are handled alike and end the process with 128 + their number (130, 143, 129): at a prompt the
//! terminal's saved settings (echo, cursor) are restored and the process exits at once; while a query
//! runs it is cancelled on the server (its transaction rolls back) and the command stops at the
//! error; outside a query the command stops at its next check point ([`check`]: before a commit, before
//! a file is published, between exported rows, while bcrypt hashes, between shredded files). If it
//! does not get there within [`GRACE`] the process leaves anyway (an open transaction dies with the
//! connection). A second signal ends the process at once. Temporary files registered with
//! [`remove_on_exit`] and the demo's scratch directory are removed in every case.
//!
//! Core dumps are disabled so a crash cannot write secrets to disk.

use crate::error::{Error, Result};
use signal_hook::iterator::Signals;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::{Mutex, Once};
use std::time::Duration;

/// How long a command gets to reach a check point after a signal before the process leaves anyway.
pub const GRACE: Duration = Duration::from_secs(5);

/// The first signal received (0: none).
static SIGNAL: AtomicI32 = AtomicI32::new(0);
static PROMPTS: AtomicUsize = AtomicUsize::new(0);
/// Commands that declared they poll [`check`] (see [`Deferred`]).
static DEFERRED: AtomicUsize = AtomicUsize::new(0);
static CANCEL: Mutex<Option<Canceller>> = Mutex::new(None);
static SAVED_TTY: Mutex<Option<rustix::termios::Termios>> = Mutex::new(None);
static REMOVE_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static REMOVE_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

const HANDLED: [i32; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// Asks the server to cancel the query running on our connection. The database layer registers it
/// ([`set_canceller`]) when it connects: a callback, so this module needs to know nothing of databases.
pub type Canceller = Box<dyn FnOnce() + Send>;

/// Whether a signal (Ctrl-C, SIGTERM, SIGHUP) was received.
pub fn interrupted() -> bool {
    SIGNAL.load(Ordering::SeqCst) != 0
}

/// A check point: `Err` (exit 130/143/129) once a signal was received. Long phases without a query
/// (hashing, writing files, shredding) call it between units of work so they stop quickly.
pub fn check() -> Result<()> {
    if interrupted() {
        Err(Error::interrupted())
    } else {
        Ok(())
    }
}

/// The exit status for the signal received: 128 + its number (130 when none was, e.g. an interrupted
/// read noticed before the handler ran).
pub fn exit_code() -> i32 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 128 + signal_hook::consts::SIGINT,
        s => 128 + s,
    }
}

/// The name of the signal received, for messages (`SIGINT` when none yet).
pub fn name() -> &'static str {
    match SIGNAL.load(Ordering::SeqCst) {
        signal_hook::consts::SIGTERM => "SIGTERM",
        signal_hook::consts::SIGHUP => "SIGHUP",
        _ => "SIGINT",
    }
}

/// Waits briefly for a pending signal to be noticed; true when the process was interrupted. (A read
/// interrupted by Ctrl-C can return before the handler thread has run.)
pub fn wait_interrupted() -> bool {
    for _ in 0..20 {
        poll_unserved();
        if interrupted() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    interrupted()
}

/// Installs the handlers and disables core dumps. Called once at start-up (again: harmless).
///
/// No thread is started here: a signal waits in signal-hook's pipe until a thread serves it. The thread
/// that connects to the database serves them once it has handed the connection back ([`serve`]), so a
/// command that connects runs one helper thread, not two; a command that does anything else first asks
/// for a thread of its own ([`serve_in_background`]: `main_exit_code` does, and so does a prompt).
pub fn install() {
    INSTALL.call_once(|| {
        disable_core_dumps();
        // A signal ignored when provctl started stays ignored: `nohup provctl …` must survive a closed
        // terminal, and a background job of a non-interactive shell ignores Ctrl-C.
        let ignored = ignored_at_start();
        let wanted: Vec<i32> = HANDLED.into_iter().filter(|s| !ignored.contains(s)).collect();
        if let (Ok(signals), Ok(mut slot)) = (Signals::new(wanted), UNSERVED.lock()) {
            *slot = Some(signals);
        }
    });
}

/// The handlers' deliveries until a thread takes them to serve them (`None` after, or without
/// [`install`]).
static UNSERVED: Mutex<Option<Signals>> = Mutex::new(None);

fn take_unserved() -> Option<Signals> {
    UNSERVED.lock().ok().and_then(|mut s| s.take())
}

/// Serves the signals on the calling thread for the rest of the process, unless a thread already does
/// (then it returns at once). The connecting thread calls it once its work is done.
pub fn serve() {
    if let Some(mut signals) = take_unserved() {
        for sig in signals.forever() {
            deliver(sig);
        }
    }
}

/// Makes sure a thread serves the signals, starting one if none does yet.
pub fn serve_in_background() {
    let Some(signals) = take_unserved() else {
        return;
    };
    let (tx, rx) = std::sync::mpsc::channel::<Signals>();
    let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Ok(mut signals) = rx.recv() {
            for sig in signals.forever() {
                deliver(sig);
            }
        }
    });
    if spawned.is_err() {
        // No thread to be had: keep them where `poll_unserved` and the next caller find them.
        if let Ok(mut slot) = UNSERVED.lock() {
            *slot = Some(signals);
        }
        return;
    }
    let _ = tx.send(signals);
}

/// Handles the signals received so far when no thread serves them yet: the connecting thread polls
/// while it waits for the connection (a signal there acts as it would with a thread serving it).
pub fn poll_unserved() {
    let pending: Vec<i32> = match UNSERVED.lock() {
        Ok(mut slot) => slot.as_mut().map(|s| s.pending().collect()).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    for sig in pending {
        deliver(sig);
    }
}

fn deliver(sig: i32) {
    if SIGNAL
        .compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
    {
        // The first signal is handled on its own thread so a second one is still seen.
        let _ = std::thread::Builder::new()
            .name("interrupt".into())
            .spawn(on_first_signal);
    } else {
        leave("interrupted again: leaving at once");
    }
}

/// The signals this process inherited as ignored (`SigIgn` of `/proc/self/status`: a bit mask, bit
/// N-1 for signal N). Read rather than queried with `sigaction`, which needs unsafe code.
fn ignored_at_start() -> Vec<i32> {
    let mask = read_status()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("SigIgn:"))
                .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
        })
        .unwrap_or(0);
    HANDLED
        .into_iter()
        .filter(|&s| mask & (1u64 << (s - 1)) != 0)
        .collect()
}

/// `/proc/self/status` whole, in two reads where `read_to_string` takes eight (its buffer grows from 32
/// bytes; the file is ~1.5 KB, more with many supplementary groups), on every run of every command.
fn read_status() -> Option<String> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(4096);
    std::fs::File::open("/proc/self/status")
        .ok()?
        .read_to_end(&mut buf)
        .ok()?;
    // Lossy: the `Name:` line is the executable's name, which may be any bytes.
    Some(String::from_utf8_lossy(&buf).into_owned())
}

fn on_first_signal() {
    remove_registered();
    if PROMPTS.load(Ordering::SeqCst) > 0 {
        leave("interrupted: nothing changed");
    }
    let canceller = CANCEL.lock().ok().and_then(|mut c| c.take());
    let connected = canceller.is_some();
    if let Some(c) = canceller {
        // The main thread gets "query canceled", rolls back and exits; with no query running, the
        // cancel finds nothing and the command stops at its next check point.
        c();
    }
    if connected || DEFERRED.load(Ordering::SeqCst) > 0 {
        std::thread::sleep(GRACE);
        leave("interrupted");
    }
    // Nothing under way that a check point would stop cleanly: nothing half-done either.
    leave("interrupted: nothing changed");
}

/// Restores the terminal, removes what is registered and exits with the signal's status.
fn leave(message: &str) -> ! {
    remove_registered();
    restore_terminal();
    let _ = writeln!(std::io::stderr().lock(), "\n{message} ({})", name());
    std::process::exit(exit_code());
}

/// Registers the connection whose queries a signal should cancel.
pub fn set_canceller(c: Canceller) {
    if let Ok(mut slot) = CANCEL.lock() {
        *slot = Some(c);
    }
}

/// Declares that the running command polls [`check`]: a signal then lets it stop at its next check
/// point (up to [`GRACE`]) instead of ending the process at once.
pub struct Deferred(());

impl Deferred {
    pub fn new() -> Deferred {
        serve_in_background();
        DEFERRED.fetch_add(1, Ordering::SeqCst);
        Deferred(())
    }
}

impl Default for Deferred {
    fn default() -> Self {
        Deferred::new()
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        DEFERRED.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Registers a directory to remove if the process ends on a signal (the demo's scratch directory).
pub fn remove_on_interrupt(dir: &Path) {
    if let Ok(mut v) = REMOVE_DIRS.lock() {
        v.push(dir.to_path_buf());
    }
}

/// A file removed if the process ends on a signal, until this guard is dropped (a temporary name
/// that is about to be renamed or unlinked).
pub struct RemoveOnExit(PathBuf);

/// Registers `file` for removal on a signal; the registration ends when the guard is dropped.
pub fn remove_on_exit(file: &Path) -> RemoveOnExit {
    if let Ok(mut v) = REMOVE_FILES.lock() {
        v.push(file.to_path_buf());
    }
    RemoveOnExit(file.to_path_buf())
}

impl Drop for RemoveOnExit {
    fn drop(&mut self) {
        if let Ok(mut v) = REMOVE_FILES.lock() {
            if let Some(i) = v.iter().rposition(|p| *p == self.0) {
                v.swap_remove(i);
            }
        }
    }
}

fn remove_registered() {
    if let Ok(v) = REMOVE_FILES.lock() {
        for f in v.iter() {
            let _ = std::fs::remove_file(f);
        }
    }
    if let Ok(v) = REMOVE_DIRS.lock() {
        for d in v.iter() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// Marks a terminal prompt as active: a signal restores the terminal and exits with nothing changed.
pub struct PromptGuard(());

impl PromptGuard {
    pub fn new() -> PromptGuard {
        serve_in_background();
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

fn tty() -> Option<std::fs::File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()
}

fn save_terminal() {
    let saved = tty().and_then(|t| rustix::termios::tcgetattr(&t).ok());
    if let (Some(t), Ok(mut slot)) = (saved, SAVED_TTY.lock()) {
        *slot = Some(t);
    }
}

fn restore_terminal() {
    // try_lock: a second signal arriving while the first restores must not wait on it.
    let saved = SAVED_TTY.try_lock().ok().and_then(|s| s.clone());
    if let (Some(t), Some(mut tty)) = (saved, tty()) {
        let _ = rustix::termios::tcsetattr(&tty, rustix::termios::OptionalActions::Now, &t);
        // Show the cursor again in case a prompt hid it.
        let _ = tty.write_all(b"\x1b[?25h");
    }
}

fn disable_core_dumps() {
    use rustix::process::{setrlimit, Resource, Rlimit};
    // Failure only means dumps stay as configured.
    let _ = setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}
