//! Server functions: thin edges that authenticate, check the role, call the
//! domain and map its errors. Each has a fixed endpoint under /api/.

pub mod alerts;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod business;
pub mod capture;
pub mod dashboard;
pub mod decision_links;
pub mod facts;
pub mod gate;
pub mod imports;
pub mod monthly;
pub mod outbox;
pub mod quality;
pub mod reviews;
pub mod team;
pub mod touchpoints;
