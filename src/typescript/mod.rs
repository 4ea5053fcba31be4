//! Generates `src/wasm/ts/generated.d.ts`, the TypeScript declarations of everything the Rust
//! types define: results (orders, explanations, certificates, replies), their vocabularies
//! (trade states, provider codes) and the errors' codes and details. Host tests only: the
//! types derive `ts_rs::TS` under `cfg(test)`, so the wasm build has none of it.
//!
//! The file is committed (the wasm build includes it, see `wasm::types`) and this test fails
//! when it is not what the Rust types say. After changing a type, rewrite it with
//! `PAYQUERY_WRITE_TS=1 cargo test --lib typescript` and commit both.
//!
//! What Rust cannot say is written by hand in `src/wasm/ts/*.d.ts`: configs and query inputs
//! (read field by field by `wasm::args`), the classes' overloads, CloudPay's wx-server-sdk
//! shape, and the providers' value vocabularies (`WechatTradeType`...). The Rust types name
//! those in `#[ts(type = "…")]`; `tsc` on the assembled file checks that each name exists.

mod errors;
mod format;
mod wire;

use crate::error::ErrorCode;
use crate::order::{OrderStatus, TradeState, FUBEI_TRADE_STATES, WECHAT_TRADE_STATES};
use crate::providers::cloudpay::answer::KNOWN_DESCRIPTIONS;
use crate::providers::cloudpay::Additions;
use crate::providers::fubei::{self, FubeiOrder, FubeiV1Order, FubeiV2Order, PayChannel, Payment};
use crate::providers::notification::Reply;
use crate::providers::wechat_v2::{self, Coupon, SignType, WechatV2Order};
use crate::providers::wechat_v3::auth::AuthorizationFields;
use crate::providers::wechat_v3::certificates::Downloaded;
use crate::providers::wechat_v3::explain::{LineDiff, RequestExplanation, ResponseExplanation};
use crate::providers::wechat_v3::fields::{
    Amount, CombinePayer, Extra, GoodsDetail, Payer, Promotion, SceneInfo, SubOrderAmount,
};
use crate::providers::wechat_v3::model::SubOrder;
use crate::providers::wechat_v3::notify::{Event, Notification};
use crate::providers::wechat_v3::{CombineOrder, TransactionOrder};
use format::{parse, render, Decl, Member};
use ts_rs::TS;

/// `Extra` (a v3 object's fields payquery does not type, flattened beside the typed ones): an
/// index signature, since its keys are whatever WeChat Pay sends.
impl TS for Extra {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name() -> String {
        "{ [field: string]: unknown }".to_owned()
    }
    fn inline() -> String {
        Self::name()
    }
    fn inline_flattened() -> String {
        Self::name()
    }
    fn decl() -> String {
        format!("type Extra = {};", Self::name())
    }
    fn decl_concrete() -> String {
        Self::decl()
    }
}

/// The declaration of `T`, as ts-rs writes it.
fn decl_of<T: TS>() -> Decl {
    parse(T::docs(), &T::decl())
}

/// `T`'s declaration with `extra` members added before `raw` (the wire fields a result shows)
/// and `more` last.
fn with_members<T: TS>(extra: Vec<Member>, more: Option<&str>) -> Decl {
    let mut d = decl_of::<T>();
    let members = d.members.as_mut().expect("an object type");
    let at = members
        .iter()
        .position(|m| m.name() == "raw")
        .unwrap_or(members.len());
    members.splice(at..at, extra);
    if let Some(m) = more {
        members.push(Member::new("", m));
    }
    d
}

/// An open union of `names`: any other string also type-checks (a value the provider adds later
/// arrives as sent), while editors still offer the known ones.
fn open_union(names: impl IntoIterator<Item = &'static str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for n in names {
        let quoted = format!("'{n}'");
        if !parts.contains(&quoted) {
            parts.push(quoted);
        }
    }
    parts.push("(string & {})".to_owned());
    parts.join(" | ")
}

fn section(out: &mut String, title: &str, decls: Vec<Decl>) {
    out.push_str(&format!("\n// --- {title} ---\n"));
    for d in decls {
        out.push('\n');
        out.push_str(&render(&d));
    }
}

/// The whole file.
pub fn generate() -> String {
    let mut out = String::from(
        "// Generated from the Rust types by src/typescript/ (a host test); do not edit.\n\
         // After changing a type: PAYQUERY_WRITE_TS=1 cargo test --lib typescript\n",
    );

    out.push_str("\n// --- Vocabularies (from the Rust tables) ---\n\n");
    out.push_str(&format!(
        "/** A WeChat Pay `trade_state` (APIv2, APIv3, combine, CloudPay). A state WeChat adds later arrives as sent, with `status.state` `'UNKNOWN'`. */\nexport type WechatTradeState = {};\n\n",
        open_union(WECHAT_TRADE_STATES.iter().map(|(n, _)| *n))
    ));
    out.push_str(&format!(
        "/** A Fubei 1.0 `trade_state` / 2.0 `order_status`. `REVOKED_ERROR` (the revoke failed) is `status.state` `'UNKNOWN'`, not final. */\nexport type FubeiTradeState = {};\n\n",
        open_union(FUBEI_TRADE_STATES.iter().map(|(n, _)| *n))
    ));
    out.push_str(&format!(
        "/** WeChat's `err_code` of a CloudPay `resultCode: 'FAIL'` (`resultErrCode`): the documented ones, or any other. */\nexport type CloudPayResultErrCode = {};\n\n",
        open_union(KNOWN_DESCRIPTIONS.iter().map(|(_, c)| *c))
    ));
    out.push_str(&errors::provider_code_types());

    section(
        &mut out,
        "Errors",
        vec![decl_of::<ErrorCode>()]
            .into_iter()
            .chain(
                errors::detail_types()
                    .into_iter()
                    .map(|(docs, d)| parse(docs, &d)),
            )
            .collect(),
    );
    out.push('\n');
    out.push_str(&errors::fields_by_code());

    section(
        &mut out,
        "Every order",
        vec![decl_of::<TradeState>(), decl_of::<OrderStatus>()],
    );
    section(
        &mut out,
        "WeChat Pay APIv2",
        vec![
            decl_of::<SignType>(),
            decl_of::<Coupon>(),
            with_members::<WechatV2Order>(wire::members(wire::WECHAT_V2), Some(wire::MORE_FIELDS)),
            decl_of::<wechat_v2::sign::Explanation>(),
        ],
    );
    section(
        &mut out,
        "WeChat Pay APIv3",
        vec![
            decl_of::<Amount>(),
            decl_of::<Payer>(),
            decl_of::<SceneInfo>(),
            decl_of::<GoodsDetail>(),
            decl_of::<Promotion>(),
            decl_of::<TransactionOrder>(),
            decl_of::<SubOrderAmount>(),
            decl_of::<SubOrder>(),
            decl_of::<CombinePayer>(),
            decl_of::<CombineOrder>(),
            decl_of::<Event>(),
            decl_of::<Notification>(),
            decl_of::<Downloaded>(),
            decl_of::<LineDiff>(),
            decl_of::<AuthorizationFields>(),
            decl_of::<RequestExplanation>(),
            decl_of::<ResponseExplanation>(),
        ],
    );
    section(&mut out, "CloudPay", vec![decl_of::<Additions>()]);
    section(
        &mut out,
        "Fubei",
        vec![
            decl_of::<PayChannel>(),
            with_members::<FubeiV1Order>(wire::members(wire::FUBEI_V1), Some(wire::MORE_FIELDS)),
            decl_of::<Payment>(),
            with_members::<FubeiV2Order>(wire::members(wire::FUBEI_V2), Some(wire::MORE_FIELDS)),
            decl_of::<FubeiOrder>(),
            decl_of::<fubei::sign::Explanation>(),
        ],
    );
    section(&mut out, "Notifications", vec![decl_of::<Reply>()]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Host only: it reads (and on request writes) the file.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn typescript_declarations_are_up_to_date() {
        /// Where the declarations are written, relative to the crate.
        const FILE: &str = "src/wasm/ts/generated.d.ts";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
        let text = generate();
        if std::env::var_os("PAYQUERY_WRITE_TS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{FILE} is not what the Rust types say: run `PAYQUERY_WRITE_TS=1 cargo test --lib \
             typescript` and commit it"
        );
    }

    #[test]
    fn every_error_code_is_in_the_union() {
        let text = generate();
        for code in ErrorCode::ALL {
            assert!(text.contains(&format!("'{}'", code.as_str())), "{code}");
        }
    }
}
