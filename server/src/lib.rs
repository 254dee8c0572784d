//! The `secondlook` server: configuration, start-up, HTTP routes and CLI.

pub mod api;
pub mod cli;
pub mod config;
pub mod http;
pub mod jobs;
pub mod startup;
pub mod telemetry;
