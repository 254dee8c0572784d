//! Statistics as pure functions, used on the server and (for live previews
//! in forms) in the browser.

pub mod quality;
pub mod sampling;
pub mod shift;
pub mod watch;
