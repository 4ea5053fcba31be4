//! The members of a JavaScript `PayQueryError` beyond `code` and `message`, as JSON text
//! (`core::json_write`): what the binding hands the error class's constructor.

use crate::core::json_write::{json_object, JsonWriter, WriteFields};
use crate::error::Error;

/// An error's optional members, for the `PayQueryError` constructor: every member of the
/// error's serde form but `code` and `message`, in its order, absent ones left out.
pub struct Extra<'a>(pub &'a Error);

impl WriteFields for Extra<'_> {
    fn write_fields(&self, w: &mut JsonWriter) {
        let e = self.0;
        w.field_opt("providerCode", &e.provider_code);
        w.field_opt("httpStatus", &e.http_status);
        w.field_opt("requestId", &e.request_id);
        w.field("retryable", &e.retryable);
        w.field_opt("detail", &e.detail);
        w.field_opt("attempts", &e.attempts);
        w.field_opt("host", &e.host);
        w.field_opt("providerMessage", &e.provider_message);
    }
}

json_object!(Extra<'_>);

#[cfg(test)]
#[path = "error_json_tests.rs"]
mod tests;
