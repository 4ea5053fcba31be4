//! Reads a WeChat Pay APIv2 merchant configuration: shared by `WechatPayV2` and CloudPay's
//! signing backend, which is an APIv2 client in service-provider mode (so that the CloudPay
//! entry needs no `WechatPayV2`).

use crate::error::{Error, Result};
use crate::providers::wechat_v2::{self as v2, Config, SignType};
use crate::secret::Secret;
use crate::wasm::args::Obj;
use crate::wasm::client::Transport;

/// Reads a v2 merchant config — `appid`, `mchId`, `apiKey`, `signType`, `baseUrl`, the
/// transport keys and, with `sub_merchant`, `subAppid`/`subMchId` — and refuses anything else.
/// Shared with CloudPay's signing backend, whose sub-merchant comes with each query;
/// `provider` is what its events name.
pub(crate) fn read_client(
    mut o: Obj,
    sub_merchant: bool,
    provider: &'static str,
) -> Result<(Config, Transport)> {
    let appid = o.required_string("appid")?;
    let mch_id = o.required_string("mchId")?;
    let api_key = Secret::new(o.required_string("apiKey")?);
    let sign_type = match o.string("signType")? {
        Some(s) => SignType::parse(&s).map_err(|e| Error::invalid_config(e.message))?,
        None => SignType::Md5,
    };
    let (sub_appid, sub_mch_id) = if sub_merchant {
        (o.string("subAppid")?, o.string("subMchId")?)
    } else {
        (None, None)
    };
    let base_url = o.string("baseUrl")?;
    let mut transport = Transport::read(&mut o, provider)?;
    o.finish()?;
    if base_url.is_none() {
        transport.default_backup(v2::BACKUP_BASE_URL);
    }
    let config = Config::new(
        appid,
        mch_id,
        api_key,
        sign_type,
        sub_appid,
        sub_mch_id,
        base_url.as_deref(),
    )?;
    Ok((config, transport))
}
