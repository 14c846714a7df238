//! Reading rows without ever panicking on what the database holds: typed cells ([`RowExt`]) and whole
//! rows as output cells ([`row_values`]), both exit 4 naming the column when its type is not what
//! provctl reads.

use crate::error::{Error, Result};
use crate::ui::output::{Timestamp, Value};
use postgres::types::{FromSql, Type};
use postgres::Row;

/// A `timestamp[tz]` as the server sends it (8 bytes: microseconds from 2000-01-01), kept whole:
/// decoding to `SystemTime` and formatting that failed on the infinities and on years before 1970 or
/// after 9999, which tenants' rows can hold (`ui::output::Timestamp`).
impl<'a> FromSql<'a> for Timestamp {
    fn from_sql(
        _: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let bytes: [u8; 8] = raw.try_into().map_err(|_| "a timestamp is 8 bytes")?;
        Ok(Timestamp::from_pg_micros(i64::from_be_bytes(bytes)))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::TIMESTAMPTZ || *ty == Type::TIMESTAMP
    }
}

/// Reading a cell without ever panicking on what the database holds.
pub trait RowExt {
    /// The value of column `idx`, read as `T`. A type provctl cannot read, or a NULL where it needs a
    /// value, is exit 4 naming `table` and the column (`table` is the table the column comes from, or
    /// `""` for a value computed by the query).
    fn cell<'a, T: postgres::types::FromSql<'a>>(&'a self, idx: usize, table: &str) -> Result<T>;
}

impl RowExt for Row {
    fn cell<'a, T: postgres::types::FromSql<'a>>(&'a self, idx: usize, table: &str) -> Result<T> {
        self.try_get(idx)
            .map_err(|e| column_error(self, idx, table, std::any::type_name::<T>(), &e))
    }
}

/// The exit-4 error for a cell that cannot be read as `rust_type`.
pub fn column_error(row: &Row, idx: usize, table: &str, rust_type: &str, e: &postgres::Error) -> Error {
    let (column, found) = row
        .columns()
        .get(idx)
        .map_or(("?".to_string(), "?".to_string()), |c| {
            (c.name().to_string(), c.type_().name().to_string())
        });
    let place = if table.is_empty() {
        format!("column `{column}` of provctl's query")
    } else {
        format!("{table}.{column}")
    };
    let wanted = if rust_type.contains("String") {
        "text"
    } else if rust_type.contains("bool") {
        "a boolean"
    } else if rust_type.contains("i64") {
        "a bigint"
    } else if rust_type.contains("i32") {
        "an integer"
    } else if rust_type.contains("Timestamp") {
        "a timestamp"
    } else {
        "the expected type"
    };
    let why = if std::error::Error::source(e).is_some_and(|s| s.to_string().contains("NULL")) {
        format!("{place} is NULL where provctl needs {wanted}")
    } else {
        format!("{place} has type `{found}`, which provctl cannot read as {wanted}")
    };
    Error::database(format!("database: {why}")).with_hint(
        "the schema differs from the platform's: run `provctl doctor`, which checks the columns' types",
    )
}

/// Converts one database row to cells, by column type. Queries cast what has no natural form here
/// (uuid → text) so this stays small. `table` names where the columns come from, for the error (exit 4)
/// when a column has a type provctl cannot read.
pub fn row_values(row: &postgres::Row, table: &str) -> Result<Vec<Value>> {
    let mut out = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::BOOL {
            row.try_get::<_, Option<bool>>(i)
                .map(|v| v.map_or(Value::Null, Value::Bool))
        } else if *ty == Type::INT2 {
            row.try_get::<_, Option<i16>>(i)
                .map(|v| v.map_or(Value::Null, |v| Value::Int(v.into())))
        } else if *ty == Type::INT4 {
            row.try_get::<_, Option<i32>>(i)
                .map(|v| v.map_or(Value::Null, |v| Value::Int(v.into())))
        } else if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i)
                .map(|v| v.map_or(Value::Null, Value::Int))
        } else if *ty == Type::FLOAT8 {
            row.try_get::<_, Option<f64>>(i)
                .map(|v| v.map_or(Value::Null, Value::Float))
        } else if *ty == Type::TIMESTAMPTZ || *ty == Type::TIMESTAMP {
            row.try_get::<_, Option<Timestamp>>(i)
                .map(|v| v.map_or(Value::Null, Value::Time))
        } else {
            row.try_get::<_, Option<String>>(i)
                .map(|v| v.map_or(Value::Null, Value::Text))
        };
        // The Rust type's name only for the error: worked out per cell, it was a tenth of the decoding.
        out.push(v.map_err(|e| column_error(row, i, table, rust_name(ty), &e))?);
    }
    Ok(out)
}

/// The Rust type [`row_values`] reads a column of type `ty` as, for its error message.
fn rust_name(ty: &Type) -> &'static str {
    if *ty == Type::BOOL {
        "bool"
    } else if *ty == Type::TIMESTAMPTZ || *ty == Type::TIMESTAMP {
        "Timestamp"
    } else if ty.name().starts_with("int") {
        "i64"
    } else {
        "String"
    }
}
