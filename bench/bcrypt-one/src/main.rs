//! The one-hash baseline of bench/run.sh: `bcrypt::hash_with_result(pw, cost)`, what `provctl provision`
//! runs per admin to create, with the crate version provctl uses.
//!
//! Usage: bcrypt-one [N] [COST] [THREADS]
//! With THREADS = 1 (default): N hashes one after the other; prints each duration in ms, one per line.
//! With THREADS > 1: N hashes spread over THREADS threads (as provctl spreads them); prints the total
//! wall time in ms, once. That is what the machine can do right now, other load included.
use std::time::Instant;

fn hash(i: usize, cost: u32) {
    let pw = format!("bench-password-{i}-0123456789abcdef");
    let h = bcrypt::hash_with_result(&pw, cost).expect("bcrypt");
    assert_eq!(h.format_for_version(bcrypt::Version::TwoB).len(), 60);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let cost: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(12);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
    if threads == 1 {
        for i in 0..n {
            let t = Instant::now();
            hash(i, cost);
            println!("{:.3}", t.elapsed().as_secs_f64() * 1000.0);
        }
        return;
    }
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..threads {
            s.spawn(move || {
                for i in (k..n).step_by(threads) {
                    hash(i, cost);
                }
            });
        }
    });
    println!("{:.3}", t.elapsed().as_secs_f64() * 1000.0);
}
