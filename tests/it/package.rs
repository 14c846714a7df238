//! The package that runs inside the deployment: the release binary of the current sources needs nothing
//! but glibc ≤ 2.36 (Debian bookworm, the platform image `python:3.11-slim`) and `libgcc_s`, and it
//! really runs with only those: `--version` and a query against the test cluster, in a chroot that
//! holds the binary, the libraries `ldd` lists and `/dev/urandom` — no `/etc`, no shell.
//!
//! The binary under test is built here (`$CARGO build --release --locked --bin provctl`), never taken
//! from whatever `target/release` holds: a stale binary would prove nothing about the current code. The
//! first run builds it (it then stays up to date like any release build); Cargo releases its lock on
//! the target directory before it runs tests, so this nested build does not block.
//!
//! The chroot needs root (CI) or, for other users, an unprivileged user namespace. When neither is
//! available the test fails and says so: skipping would turn the guarantee into a guess.

use std::ffi::CString;
use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use object::elf;
use object::read::elf::{ElfFile64, ProgramHeader};
use object::Endianness;

use crate::support::{db, seed};

/// glibc of the platform image (python:3.11-slim: Debian bookworm).
const DEPLOYED_GLIBC: (u32, u32) = (2, 36);
/// bookworm's GCC is 12: its `libgcc_s.so.1` defines no `GCC_13…` symbol version.
const DEPLOYED_LIBGCC: (u32, u32) = (12, 0);
/// What the binary may link dynamically: glibc (libc, libm, the loader) and GCC's unwinder. Everything
/// else (rustls with ring, the PostgreSQL protocol, bcrypt) is Rust, linked in statically.
const ALLOWED_NEEDED: &[&str] = &[
    "libc.so.6",
    "libm.so.6",
    "libgcc_s.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
];
/// Loaders at the paths Debian (and so the platform image) has them.
const STANDARD_INTERPRETERS: &[&str] = &["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"];

static RELEASE: OnceLock<Result<Release, String>> = OnceLock::new();

/// What `cargo build --release` made of the sources under test.
pub struct Release {
    /// The provctl binary.
    pub executable: PathBuf,
    /// The manifest (`Cargo.toml`) of every package compiled into it, provctl's included.
    pub manifests: Vec<PathBuf>,
}

/// The release build of the sources under test, made on first use (once per test run).
pub fn release() -> &'static Release {
    match RELEASE.get_or_init(build_release) {
        Ok(release) => release,
        Err(msg) => panic!("{msg}"),
    }
}

fn release_binary() -> &'static Path {
    &release().executable
}

fn build_release() -> Result<Release, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let args = [
        "build",
        "--release",
        "--locked",
        "--bin",
        "provctl",
        "--message-format=json-render-diagnostics",
    ];
    let shown = format!("{} {}", Path::new(&cargo).display(), args.join(" "));
    let mut cmd = Command::new(&cargo);
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null());
    // Cargo runs tests with the package's own variables set (CARGO_MANIFEST_DIR, CARGO_PKG_NAME, …).
    // Build scripts such as ring's track some of them (`rerun-if-env-changed`), so passing them on
    // would make this build and a plain `cargo build --release` rebuild ring and all above it, in turn.
    for (key, _) in std::env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let set_by_cargo_for_tests = key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || key.starts_with("CARGO_BIN_")
            || matches!(
                key,
                "CARGO_CRATE_NAME" | "CARGO_PRIMARY_PACKAGE" | "CARGO_TARGET_TMPDIR" | "OUT_DIR"
            );
        if set_by_cargo_for_tests {
            cmd.env_remove(key);
        }
    }
    // SAFETY: nice is async-signal-safe and changes only the forked child (and so the compilers it
    // starts): a release build beside the running tests should not starve their timeouts.
    unsafe {
        cmd.pre_exec(|| {
            libc::nice(10);
            Ok(())
        });
    }
    let out = cmd
        .output()
        .map_err(|e| format!("package: running `{shown}` failed: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "package: `{shown}` failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    // The JSON messages name the executable wherever the target directory is (CARGO_TARGET_DIR,
    // build.target-dir, --target), and every package compiled (up-to-date ones too).
    let artifacts: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .collect();
    let executable = artifacts
        .iter()
        .filter(|m| m["target"]["name"] == "provctl")
        .filter(|m| {
            m["target"]["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "bin"))
        })
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| format!("package: `{shown}` named no provctl executable"))?;
    let mut manifests: Vec<PathBuf> = artifacts
        .iter()
        .filter_map(|m| m["manifest_path"].as_str().map(PathBuf::from))
        .collect();
    manifests.sort();
    manifests.dedup();
    Ok(Release {
        executable,
        manifests,
    })
}

// ---------------------------------------------------------------- what the ELF file asks for

/// What the dynamic loader needs to start a binary.
#[derive(Debug, Default)]
struct Needs {
    /// `DT_NEEDED` entries.
    libraries: Vec<String>,
    /// `DT_RPATH` / `DT_RUNPATH`: a search path the deployment would not have.
    search_paths: Vec<String>,
    /// (library, version) pairs from the `SHT_GNU_VERNEED` section, e.g. ("libc.so.6", "GLIBC_2.34").
    versions: Vec<(String, String)>,
    /// `PT_INTERP`.
    interpreter: Option<String>,
}

fn read_needs(path: &Path) -> Result<Needs, String> {
    let data = fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let data = &data[..];
    let bad = |e: object::read::Error| format!("{}: not a readable 64-bit ELF file: {e}", path.display());
    let file = ElfFile64::<Endianness>::parse(data).map_err(bad)?;
    let endian = file.endian();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let mut needs = Needs::default();
    let sections = file.elf_section_table();
    let dynamic = sections.dynamic_table(endian, data).map_err(bad)?;
    for entry in dynamic.iter() {
        if entry.tag == elf::DT_NEEDED {
            needs.libraries.push(text(dynamic.string(entry).map_err(bad)?));
        } else if entry.tag == elf::DT_RPATH || entry.tag == elf::DT_RUNPATH {
            needs.search_paths.push(text(dynamic.string(entry).map_err(bad)?));
        }
    }
    if let Some((mut needed, link)) = sections.gnu_verneed(endian, data).map_err(bad)? {
        let strings = sections.strings(endian, data, link).map_err(bad)?;
        while let Some((need, mut aux)) = needed.next().map_err(bad)? {
            let library = text(need.file(endian, strings).map_err(bad)?);
            while let Some(version) = aux.next().map_err(bad)? {
                let name = text(version.name(endian, strings).map_err(bad)?);
                needs.versions.push((library.clone(), name));
            }
        }
    }
    for header in file.elf_program_headers() {
        if let Some(interp) = header.interpreter(endian, data).map_err(bad)? {
            needs.interpreter = Some(text(interp));
        }
    }
    Ok(needs)
}

/// `GLIBC_2.34` → (2, 34); `GCC_4.2.0` → (4, 2). None for another prefix or `GLIBC_PRIVATE`.
fn version_of(name: &str, prefix: &str) -> Option<(u32, u32)> {
    let mut parts = name.strip_prefix(prefix)?.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}

#[test]
fn version_of_reads_symbol_version_names() {
    assert_eq!(version_of("GLIBC_2.34", "GLIBC_"), Some((2, 34)));
    assert_eq!(version_of("GLIBC_2.2.5", "GLIBC_"), Some((2, 2)));
    assert_eq!(version_of("GCC_4.2.0", "GCC_"), Some((4, 2)));
    assert_eq!(version_of("GCC_3.0", "GCC_"), Some((3, 0)));
    assert_eq!(version_of("GLIBC_PRIVATE", "GLIBC_"), None);
    assert_eq!(version_of("GCC_3.0", "GLIBC_"), None);
}

#[test]
fn the_release_binary_needs_only_glibc_2_36_and_libgcc_s() {
    let binary = release_binary();
    let needs = read_needs(binary).unwrap_or_else(|e| panic!("{e}"));
    let shown = format!("{} needs {needs:#?}", binary.display());

    let foreign: Vec<&String> = needs
        .libraries
        .iter()
        .filter(|lib| !ALLOWED_NEEDED.contains(&lib.as_str()))
        .collect();
    assert!(
        foreign.is_empty(),
        "the release binary links {foreign:?} dynamically; the platform image guarantees only glibc \
         and libgcc_s (link it statically, or drop it)\n{shown}"
    );
    assert!(needs.libraries.iter().any(|l| l == "libc.so.6"), "{shown}");
    assert!(
        needs.search_paths.is_empty(),
        "RPATH/RUNPATH {:?}: the deployment has no such directory\n{shown}",
        needs.search_paths
    );
    let interpreter = needs.interpreter.as_deref().unwrap_or("(none)");
    assert!(
        STANDARD_INTERPRETERS.contains(&interpreter),
        "loader {interpreter}: not where Debian has it\n{shown}"
    );

    let mut glibc = Vec::new();
    let mut libgcc = Vec::new();
    for (library, name) in &needs.versions {
        if name.starts_with("GLIBC_") {
            let version = version_of(name, "GLIBC_").unwrap_or_else(|| {
                panic!("{library} {name}: glibc-internal, no stable glibc has it\n{shown}")
            });
            glibc.push((version, name));
        } else if let Some(version) = version_of(name, "GCC_") {
            libgcc.push((version, name));
        } else {
            panic!("{library} {name}: a symbol version from outside glibc and libgcc_s\n{shown}");
        }
    }
    let (newest, name) = glibc
        .iter()
        .max()
        .unwrap_or_else(|| panic!("no GLIBC_ version at all\n{shown}"));
    assert!(
        *newest <= DEPLOYED_GLIBC,
        "the release binary needs {name}, newer than the platform image's glibc {}.{} (build it on \
         Debian bookworm, as deploy/Dockerfile does)\n{shown}",
        DEPLOYED_GLIBC.0,
        DEPLOYED_GLIBC.1
    );
    if let Some((newest, name)) = libgcc.iter().max() {
        assert!(
            *newest < (DEPLOYED_LIBGCC.0 + 1, 0),
            "the release binary needs {name}, newer than bookworm's libgcc_s (GCC {})\n{shown}",
            DEPLOYED_LIBGCC.0
        );
    }
}

// ---------------------------------------------------------------- the chroot

/// The absolute paths `ldd` resolves for `binary` (the vDSO has none and is skipped). A library it
/// cannot find is an error.
fn ldd_paths(output: &str) -> Result<Vec<PathBuf>, String> {
    let mut paths = Vec::new();
    for line in output.lines().map(str::trim).filter(|l| !l.is_empty()) {
        // `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)`, `/lib64/ld-linux-x86-64.so.2 (0x…)`,
        // `linux-vdso.so.1 (0x…)`, `libfoo.so.1 => not found`.
        let resolved = line.split_once("=>").map_or(line, |(_, r)| r.trim());
        if resolved.starts_with("not found") {
            return Err(format!("ldd: {line}"));
        }
        let path = resolved.split(" (").next().unwrap_or(resolved).trim();
        if path.starts_with('/') {
            paths.push(PathBuf::from(path));
        } else if !line.starts_with("linux-vdso") && !line.starts_with("linux-gate") {
            return Err(format!("ldd: cannot read the line {line:?}"));
        }
    }
    Ok(paths)
}

#[test]
fn ldd_paths_reads_the_line_forms_of_glibc_ldd() {
    let out = "\tlinux-vdso.so.1 (0x00007ffd6f1e1000)\n\
               \tlibgcc_s.so.1 => /lib/x86_64-linux-gnu/libgcc_s.so.1 (0x00007f6e5dd30000)\n\
               \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f6e5d41e000)\n\
               \t/lib64/ld-linux-x86-64.so.2 (0x00007f6e5dd63000)\n";
    assert_eq!(
        ldd_paths(out).unwrap(),
        [
            "/lib/x86_64-linux-gnu/libgcc_s.so.1",
            "/lib/x86_64-linux-gnu/libc.so.6",
            "/lib64/ld-linux-x86-64.so.2"
        ]
        .map(PathBuf::from)
    );
    assert!(ldd_paths("\tlibssl.so.3 => not found\n").is_err());
}

/// How this process can enter a chroot.
#[derive(Debug, Clone, Copy)]
enum Privilege {
    /// Root: `chroot(2)` directly, `/dev/urandom` made with `mknod(2)`.
    Root,
    /// Anyone else: a new user namespace (mapped to root inside) and mount namespace, where
    /// `/dev/urandom` is bind-mounted (an unprivileged user cannot create device nodes).
    UserNamespace,
}

/// A directory holding only the binary (as `/provctl`), the libraries `ldd` lists and `/dev/urandom`.
struct Jail {
    dir: tempfile::TempDir,
    privilege: Privilege,
    contents: Vec<String>,
}

impl Jail {
    fn new(binary: &Path) -> Jail {
        let out = Command::new("ldd").arg(binary).output().unwrap_or_else(|e| {
            panic!(
                "running ldd {}: {e} (ldd comes with glibc's libc-bin)",
                binary.display()
            )
        });
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "ldd {} failed: {stdout}{}",
            binary.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let libraries = ldd_paths(&stdout).unwrap_or_else(|e| panic!("{e}\n{stdout}"));

        // Under target/, not /tmp: a `noexec` or `nodev` /tmp would break the binary or the device.
        let dir = tempfile::Builder::new()
            .prefix("chroot-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("chroot directory");
        let root = dir.path();
        let mut contents = vec!["/provctl".to_string()];
        fs::copy(binary, root.join("provctl")).expect("copy the binary");
        fs::set_permissions(root.join("provctl"), fs::Permissions::from_mode(0o755)).unwrap();
        for library in &libraries {
            let inside = root.join(library.strip_prefix("/").unwrap());
            fs::create_dir_all(inside.parent().unwrap()).unwrap();
            // fs::copy follows symlinks: the file lands under the name the loader looks for.
            fs::copy(library, &inside).unwrap_or_else(|e| panic!("copy {}: {e}", library.display()));
            contents.push(library.display().to_string());
        }
        fs::create_dir(root.join("dev")).unwrap();
        let urandom = root.join("dev/urandom");
        // SAFETY: geteuid has no preconditions.
        let privilege = if crate::support::is_root() {
            let path = CString::new(urandom.as_os_str().as_encoded_bytes()).unwrap();
            // SAFETY: a valid NUL-terminated path; (1, 9) is the Linux device number of urandom.
            let rc = unsafe { libc::mknod(path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 9)) };
            assert!(
                rc == 0,
                "package: mknod {} (as root) failed: {}; the chroot test needs CAP_MKNOD",
                urandom.display(),
                io::Error::last_os_error()
            );
            Privilege::Root
        } else {
            fs::write(&urandom, b"").unwrap(); // the mount point of the bind mount
            Privilege::UserNamespace
        };
        contents.push("/dev/urandom".to_string());
        Jail {
            dir,
            privilege,
            contents,
        }
    }

    /// Runs `/provctl args…` inside, with only `env` as its environment.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let root = CString::new(self.dir.path().as_os_str().as_encoded_bytes()).unwrap();
        let urandom =
            CString::new(self.dir.path().join("dev/urandom").as_os_str().as_encoded_bytes()).unwrap();
        // Everything the child needs is prepared here: between fork and exec it may not allocate.
        // SAFETY: getuid/getgid have no preconditions.
        let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
        let uid_map = format!("0 {uid} 1\n");
        let gid_map = format!("0 {gid} 1\n");
        let privilege = self.privilege;
        let mut cmd = Command::new("/provctl");
        cmd.args(args)
            .env_clear()
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // SAFETY: the closure only makes system calls on data prepared above (no allocation, no lock),
        // and changes only the forked child.
        unsafe {
            cmd.pre_exec(move || {
                if let Privilege::UserNamespace = privilege {
                    enter_user_namespace(uid_map.as_bytes(), gid_map.as_bytes(), &urandom)?;
                }
                if libc::chroot(root.as_ptr()) != 0 || libc::chdir(c"/".as_ptr()) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        cmd.output().unwrap_or_else(|e| {
            panic!(
                "package: cannot run the binary in a chroot ({:?}): {e}.\n{}",
                self.privilege,
                match self.privilege {
                    Privilege::Root => "chroot(2) needs CAP_SYS_CHROOT".to_string(),
                    Privilege::UserNamespace => format!(
                        "Not root, so this test enters the chroot through an unprivileged user namespace, \
                         which this machine refuses (user.max_user_namespaces = {}; AppArmor's \
                         kernel.apparmor_restrict_unprivileged_userns = {}). Run the suite as root (as CI \
                         does) or allow unprivileged user namespaces.",
                        sysctl("user/max_user_namespaces"),
                        sysctl("kernel/apparmor_restrict_unprivileged_userns"),
                    ),
                }
            )
        })
    }

    fn describe(&self, out: &Output) -> String {
        format!(
            "chroot {} holding {:?}: {}\n--- stdout\n{}--- stderr\n{}",
            self.dir.path().display(),
            self.contents,
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }
}

fn sysctl(name: &str) -> String {
    fs::read_to_string(Path::new("/proc/sys").join(name))
        .map_or_else(|_| "(absent)".into(), |v| v.trim().into())
}

/// In the forked child: a new user namespace where this user is root, and a private mount namespace in
/// which the host's `/dev/urandom` is bound onto the jail's empty file.
fn enter_user_namespace(uid_map: &[u8], gid_map: &[u8], urandom_target: &CString) -> io::Result<()> {
    let check = |rc: libc::c_int| {
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    };
    // SAFETY: plain system calls on valid NUL-terminated strings and byte slices.
    unsafe {
        check(libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNS))?;
        // gid_map may only be written by an unprivileged process once setgroups is denied.
        write_proc(c"/proc/self/setgroups", b"deny")?;
        write_proc(c"/proc/self/uid_map", uid_map)?;
        write_proc(c"/proc/self/gid_map", gid_map)?;
        // Keep the bind mount from propagating back to the host's mount namespace.
        check(libc::mount(
            std::ptr::null(),
            c"/".as_ptr(),
            std::ptr::null(),
            libc::MS_REC | libc::MS_PRIVATE,
            std::ptr::null(),
        ))?;
        check(libc::mount(
            c"/dev/urandom".as_ptr(),
            urandom_target.as_ptr(),
            std::ptr::null(),
            libc::MS_BIND,
            std::ptr::null(),
        ))?;
    }
    Ok(())
}

/// Writes `data` to a /proc file with raw system calls (async-signal-safe).
unsafe fn write_proc(path: &std::ffi::CStr, data: &[u8]) -> io::Result<()> {
    let fd = libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    let written = libc::write(fd, data.as_ptr().cast(), data.len());
    let result = if written == data.len() as isize {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    };
    libc::close(fd);
    result
}

#[test]
fn the_release_binary_runs_in_a_chroot_holding_only_what_ldd_lists() {
    let jail = Jail::new(release_binary());

    let out = jail.run(&["--version"], &[]);
    assert!(out.status.success(), "{}", jail.describe(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("provctl {}\n", env!("CARGO_PKG_VERSION")),
        "{}",
        jail.describe(&out)
    );

    // A real query over TCP with password authentication, as in the api container: no /etc (no
    // resolver configuration, no passwd), no CA store, no home directory.
    let db = db();
    let mut pg = db.client();
    let client = seed::client(&mut pg, "Chroot");
    seed::user(&mut pg, &client, "admin@chroot.example", "pw-chroot-1");
    let out = jail.run(&["users", "-o", "json"], &[("DATABASE_URL", &db.url)]);
    assert!(out.status.success(), "{}", jail.describe(&out));
    let rows: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", jail.describe(&out)));
    assert_eq!(
        rows[0]["email"],
        "admin@chroot.example",
        "{}",
        jail.describe(&out)
    );
}
