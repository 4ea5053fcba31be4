//! CloudPay: `queryOrder` in the shape of wx-server-sdk's `cloud.cloudPay.queryOrder`.
//! <https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.queryOrder.html>
//!
//! Two backends, one result shape ([`CloudPayResult`]):
//! - anywhere: a WeChat Pay APIv2 order query in service-provider mode, signed and verified by
//!   the v2 core ([`build_query`], [`parse_query`]): no second copy of any v2 rule;
//! - inside a WeChat cloud function: the caller's wx-server-sdk performs the call over the
//!   platform's private channel (nothing to sign or verify), and [`from_platform`] types what it
//!   resolved to. Performing that call is the binding layer's job.

pub mod model;

pub use model::{platform_error, Answer, CloudPayQuery, CloudPayResult, ERR_MSG_OK};

use crate::error::Result;
use crate::providers::wechat_v2::{self as v2, Config};
use crate::transport::{HttpRequest, HttpResponse};

/// Builds the signed v2 `POST /pay/orderquery` for `query`, in service-provider mode with the
/// query's `sub_mch_id` and `sub_appid`. The query's own `nonce_str` is used when it has one,
/// else `nonce`.
pub fn build_query(config: &Config, query: &CloudPayQuery, nonce: &str) -> Result<HttpRequest> {
    let partner = config.for_sub_merchant(&query.sub_mch_id, query.sub_appid.as_deref())?;
    v2::build_query(
        &partner,
        &query.order,
        query.nonce_str.as_deref().unwrap_or(nonce),
    )
}

/// Verifies the answer to [`build_query`] exactly as v2 does (status, `return_code`,
/// signature with the request's sign type, merchant and sub-merchant, the order id queried)
/// and types it. A business failure (`result_code=FAIL`) is returned as data, as CloudPay
/// returns it.
pub fn parse_query(
    config: &Config,
    query: &CloudPayQuery,
    response: &HttpResponse,
) -> Result<CloudPayResult> {
    let partner = config.for_sub_merchant(&query.sub_mch_id, query.sub_appid.as_deref())?;
    let fields = v2::verify_response(&partner, response)?;
    Answer::from_wire(fields)?.into_result(query, true)
}

/// Types what `cloud.cloudPay.queryOrder(query)` resolved to: keys by the wx-server-sdk rule,
/// amounts as numbers, coupons from fields or a list, WeChat's `err_code` where it survived.
/// The sub-merchant and the order id, when the answer names them, must be the query's
/// (see [`Answer::into_result`] for why they are not required here).
pub fn from_platform(query: &CloudPayQuery, value: serde_json::Value) -> Result<CloudPayResult> {
    Answer::from_platform(value)?.into_result(query, false)
}

#[cfg(test)]
mod platform_tests;
#[cfg(test)]
mod tests;
