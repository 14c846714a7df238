//! The floor of bench/run.sh: what the least client built on provctl's PostgreSQL crate costs for an
//! audit command. It connects with `DATABASE_URL` (the same URL as provctl, same sslmode), runs the
//! same statement the same way provctl does (`query_typed`: parameters sent with their types, one round
//! trip), streams the rows and prints them, one line per row, cells separated by `|` (as `psql -At`).
//! Nothing else: no argument parser, no configuration, no signal handling, no TLS, no formatting beyond
//! text. Whatever provctl spends above this is provctl's own.
//!
//! Usage:
//!   pg-floor SQL [PARAM...]     one statement; PARAM is text:VALUE, int8:N, bool:true|false, null
//!                               (a NULL text) or null:float8, for $1, $2, … in order
//!   pg-floor --script FILE      several statements without parameters, one after the other (each
//!                               one round trip, like a client running them in turn); statements are
//!                               separated by a line holding only `;;`
//!
//! Exit status: 0, or 1 with the error on stderr.
use postgres::types::{FromSql, ToSql, Type};
use postgres::{Client, NoTls};
use std::io::{BufWriter, Write};

/// A cell as the server sent it (binary format), printed by type.
struct Raw<'a>(&'a [u8]);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(raw))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

type Param = (Box<dyn ToSql + Sync>, Type);

fn param(arg: &str) -> Result<Param, String> {
    let bad = || format!("bad parameter `{arg}` (text:V, int8:N, bool:true|false, null, null:float8)");
    if arg == "null" {
        return Ok((Box::new(None::<String>), Type::TEXT));
    }
    let (kind, value) = arg.split_once(':').ok_or_else(bad)?;
    Ok(match kind {
        // A NULL sent with the type provctl gives it (`machines`' `$2::float8`).
        "null" if value == "float8" => (Box::new(None::<f64>), Type::FLOAT8),
        "text" => (Box::new(value.to_string()), Type::TEXT),
        "int8" => (Box::new(value.parse::<i64>().map_err(|_| bad())?), Type::INT8),
        "bool" => (Box::new(value.parse::<bool>().map_err(|_| bad())?), Type::BOOL),
        _ => return Err(bad()),
    })
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn be_i64(b: &[u8]) -> i64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    i64::from_be_bytes(a)
}

fn write_cell(w: &mut impl Write, ty: &Type, b: &[u8]) -> std::io::Result<()> {
    match *ty {
        Type::BOOL => w.write_all(if b[0] != 0 { b"t" } else { b"f" }),
        Type::INT2 => write!(w, "{}", i16::from_be_bytes([b[0], b[1]])),
        Type::INT4 => write!(w, "{}", i32::from_be_bytes([b[0], b[1], b[2], b[3]])),
        Type::INT8 => write!(w, "{}", be_i64(b)),
        Type::FLOAT8 => write!(w, "{}", f64::from_bits(be_i64(b) as u64)),
        Type::UUID => {
            for (i, x) in b.iter().enumerate() {
                if matches!(i, 4 | 6 | 8 | 10) {
                    w.write_all(b"-")?;
                }
                write!(w, "{x:02x}")?;
            }
            Ok(())
        }
        Type::TIMESTAMPTZ | Type::TIMESTAMP => {
            // Microseconds since 2000-01-01 00:00 UTC.
            let us = be_i64(b) + 946_684_800_000_000;
            let (secs, micros) = (us.div_euclid(1_000_000), us.rem_euclid(1_000_000));
            let (days, s) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
            let (y, m, d) = civil(days);
            write!(
                w,
                "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{micros:06}+00",
                s / 3600,
                s / 60 % 60,
                s % 60
            )
        }
        // text, varchar, name, bpchar, and anything else the server sends as text-like bytes.
        _ => w.write_all(b),
    }
}

fn print_rows(
    client: &mut Client,
    sql: &str,
    params: Vec<Param>,
    w: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    use postgres::fallible_iterator::FallibleIterator;
    let mut rows = client.query_typed_raw(sql, params)?;
    while let Some(row) = rows.next()? {
        for (i, col) in row.columns().iter().enumerate() {
            if i > 0 {
                w.write_all(b"|")?;
            }
            if let Some(Raw(b)) = row.try_get::<_, Option<Raw>>(i)? {
                write_cell(w, col.type_(), b)?;
            }
        }
        w.write_all(b"\n")?;
    }
    Ok(())
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set")?;
    let statements: Vec<(String, Vec<Param>)> = match args.first().map(String::as_str) {
        Some("--script") => {
            let path = args.get(1).ok_or("--script needs a file")?;
            std::fs::read_to_string(path)?
                .split("\n;;\n")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| (s.to_string(), Vec::new()))
                .collect()
        }
        Some(sql) => {
            let params = args[1..].iter().map(|a| param(a)).collect::<Result<_, _>>()?;
            vec![(sql.to_string(), params)]
        }
        None => return Err("usage: pg-floor SQL [PARAM...] | pg-floor --script FILE".into()),
    };
    let mut client = Client::connect(&url, NoTls)?;
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for (sql, params) in statements {
        print_rows(&mut client, &sql, params, &mut w)?;
    }
    w.flush()?;
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("pg-floor: {e}");
        std::process::exit(1);
    }
}
