pub mod form;
pub mod layout;
pub mod token;
pub mod touchpoint_form;
pub mod timezone;
pub mod week_chart;
