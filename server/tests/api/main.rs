//! Integration tests: each test runs the real server on a loopback port with
//! its own SQLite file.

mod audit_chain;
mod auth;
mod authz;
mod capture;
mod cli;
mod crash;
mod crash_decisions;
mod decision_links;
mod dovecot;
mod drift;
mod email;
mod errors;
mod export;
mod facts;
mod findings;
mod gate;
mod helpers;
mod import_restart;
mod ingest;
mod messages;
mod pages;
mod review_links;
mod secrets;
mod smtp_sink;
mod startup_race;
mod touchpoints;
mod webhooks;
