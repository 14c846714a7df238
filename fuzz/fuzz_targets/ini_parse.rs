//! `provctl::provision::ini::Ini::parse` on arbitrary bytes (lossily decoded): see `properties::ini`.
#![no_main]

#[allow(dead_code)] // each target uses one half
#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::ini(data));
