//! Where an output is in its life, and how it came in.

use crate::text_enum;

text_enum!(
    /// Where an output is in its life.
    Status, "status", "a status", {
        Received => "received", Sampled => "sampled", Pending => "pending", Approved => "approved", Rejected => "rejected",
    }
);
text_enum!(Source, "source", "a source", { Api => "api", Upload => "upload", Calendar => "calendar", Paste => "paste" });
