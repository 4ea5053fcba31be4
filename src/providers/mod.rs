//! One folder per provider, each with the same two entry points:
//! `build_query(config, &query, …) -> HttpRequest` and
//! `parse_query(config, &query, HttpResponse) -> Result<Order>`, which verifies the answer,
//! checks it is about the query ([`identity`]) and types it ([`typed_view`]).

#[cfg(feature = "cloudpay")]
pub mod cloudpay;
#[cfg(feature = "fubei")]
pub mod fubei;
pub mod identity;
pub mod notification;
pub mod outcome;
pub mod typed_view;
pub mod wechat_v2;
pub mod wechat_v3;
