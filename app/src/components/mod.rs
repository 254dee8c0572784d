pub mod findings;
pub mod form;
pub mod layout;
pub mod poll;
pub mod timezone;
pub mod token;
pub mod touchpoint_form;
pub mod week_chart;
