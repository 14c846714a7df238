//! Unit tests of the secret-file writer: both ways of publishing (`O_TMPFILE` and the named fallback),
//! a file that appeared meanwhile, and an unpublish that meets another file.

use super::*;
use std::os::unix::fs::PermissionsExt;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn both_ways_of_writing_publish_the_file_written_and_nothing_else() {
    for unnamed in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("keys.txt");
        let mut f = NewFile::create_in(&dest, false, unnamed).unwrap();
        f.writer().write_all(b"k = v\n").unwrap();
        f.publish().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "k = v\n");
        assert_eq!(
            std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(names(dir.path()), ["keys.txt"], "unnamed: {unnamed}");
        // An existing file: refused without force, replaced with it.
        assert!(NewFile::create_in(&dest, false, unnamed).is_err());
        let mut f = NewFile::create_in(&dest, true, unnamed).unwrap();
        f.writer().write_all(b"k = w\n").unwrap();
        f.publish().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "k = w\n");
        assert_eq!(names(dir.path()), ["keys.txt"], "unnamed: {unnamed}");
        // Unpublished again (a failed commit): gone.
        f.unpublish();
        assert!(names(dir.path()).is_empty());
        // Dropped before publishing: nothing left.
        let mut f = NewFile::create_in(&dest, false, unnamed).unwrap();
        f.writer().write_all(b"secret").unwrap();
        drop(f);
        assert!(names(dir.path()).is_empty(), "unnamed: {unnamed}");
    }
}

#[test]
fn a_file_that_appeared_meanwhile_is_never_replaced() {
    for unnamed in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("admin.env");
        let mut f = NewFile::create_in(&dest, false, unnamed).unwrap();
        std::fs::write(&dest, "someone else's").unwrap();
        f.writer().write_all(b"ADMIN_PASSWORD=x\n").unwrap();
        assert!(f.publish().is_err());
        drop(f);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "someone else's");
        assert_eq!(names(dir.path()), ["admin.env"]);
    }
}

#[test]
fn unpublish_leaves_a_file_that_replaced_ours() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("admin.env");
    let mut f = NewFile::create(&dest, false).unwrap();
    f.publish().unwrap();
    std::fs::remove_file(&dest).unwrap();
    std::fs::write(&dest, "not ours").unwrap();
    f.unpublish();
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), "not ours");
}
