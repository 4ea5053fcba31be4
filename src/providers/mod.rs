//! One folder per provider, each with `build_query` and `parse_query`.

pub mod cloudpay;
pub mod fubei;
pub mod wechat_v2;
pub mod wechat_v3;
