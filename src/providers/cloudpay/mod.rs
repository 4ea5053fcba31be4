//! CloudPay: `queryOrder` in the shape of wx-server-sdk's `cloud.cloudPay.queryOrder`.
//! <https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.queryOrder.html>
//!
//! Two backends, one result shape ([`CloudPayResult`]):
//! - anywhere: a WeChat Pay APIv2 order query in service-provider mode, signed and verified by
//!   the v2 core ([`build_query`], [`parse_query`]): no second copy of any v2 rule;
//! - inside a WeChat cloud function: the caller's wx-server-sdk performs the call over the
//!   platform's private channel (nothing to sign or verify), and [`from_platform`] types what it
//!   resolved to. Performing that call is the binding layer's job.

pub mod answer;
pub mod model;
pub mod sdk_shape;

pub use answer::Answer;
pub use model::{platform_error, Additions, CloudPayQuery, CloudPayResult};
pub use sdk_shape::ERR_MSG_OK;

use crate::error::Result;
use crate::providers::wechat_v2::{self as v2, Config};
use crate::transport::{HttpRequest, HttpResponse};

/// Builds the signed v2 `POST /pay/orderquery` for `query`, in service-provider mode with the
/// query's `sub_mch_id` and `sub_appid`. The query's own `nonce_str` is used when it has one,
/// else `nonce`. Input keys payquery does not read are sent and signed too, in snake_case, as
/// wx-server-sdk sends them on ([`CloudPayQuery::signed_extra`]).
pub fn build_query(config: &Config, query: &CloudPayQuery, nonce: &str) -> Result<HttpRequest> {
    let partner = config.for_sub_merchant(&query.sub_mch_id, query.sub_appid.as_deref())?;
    v2::build_query_with(
        &partner,
        &query.order,
        query.nonce_str.as_deref().unwrap_or(nonce),
        &query.signed_extra()?,
    )
}

/// Verifies the answer to [`build_query`] exactly as v2 does (status, `return_code`,
/// signature with the request's sign type, merchant and sub-merchant, the order id queried)
/// and types it. A business
/// failure (`result_code=FAIL`) is returned as data, as CloudPay returns it; so is a
/// communication failure (`return_code=FAIL`, unsigned by design): only its `return_code` and
/// `return_msg` are kept, as wx-server-sdk resolves with them.
pub fn parse_query(
    config: &Config,
    query: &CloudPayQuery,
    response: &HttpResponse,
) -> Result<CloudPayResult> {
    let partner = config.for_sub_merchant(&query.sub_mch_id, query.sub_appid.as_deref())?;
    if response.is_success() {
        let fields = v2::xml::parse_xml(&response.body)?;
        if fields.get("return_code").map(String::as_str) == Some("FAIL") {
            // Inserted, not collected: collecting into a map sorts, and pulls a sort in.
            let mut refusal = v2::RawFields::new();
            for (k, v) in fields {
                if k == "return_code" || k == "return_msg" {
                    refusal.insert(k, v);
                }
            }
            return Answer::from_wire(refusal)?.into_result(query, true);
        }
    }
    let fields = v2::verify_response(&partner, response)?;
    Answer::from_wire(fields)?.into_result(query, true)
}

/// Types the JSON text of what `cloud.cloudPay.queryOrder(query)` resolved to: its members as
/// sent, in wx-server-sdk's order; status and coupons by the v2 rules; WeChat's `err_code`
/// where it survived. The sub-merchant and the order id, when the answer names them, must be
/// the query's (see [`Answer::into_result`] for why they are not required here).
pub fn from_platform(query: &CloudPayQuery, text: &str) -> Result<CloudPayResult> {
    Answer::from_platform(text)?.into_result(query, false)
}

#[cfg(test)]
mod input_tests;
#[cfg(test)]
mod platform_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod write_tests;
