//! `provctl::db::url::DbUrl::parse`, `display`, `redact`: the password never shows (see `properties::dburl`).
#![no_main]

#[allow(dead_code)] // each target uses one half
#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::dburl(data));
