//! Drift: is each AI tool still behaving like it did? Per-day aggregates
//! kept at write time, weekly quality numbers with their statistics, the
//! detectors that raise alerts, and double-booking checks.

pub mod conflicts;
pub mod days;
pub mod detect;
pub mod features;
pub mod findings;
pub mod overview;
pub mod weeks;
