//! What the fuzz targets share: the control prefix every input starts with, tampering, fixed
//! fake credentials, and reference implementations that the properties compare payquery
//! against. The references are written independently of the code they check (digit strings,
//! not payquery's `Fen`; `base64ct` and `sha2`, not payquery's helpers).

pub mod keys_reference;
/// quick-xml's reading of v2 documents (the reference payquery's own XML reader is checked
/// against; shared with payquery-xml-scan's differential tests).
#[path = "../../crates/xml-scan/tests/reference/mod.rs"]
pub mod xml_reference;

use base64ct::{Base64, Encoding};
use payquery::core::json_value::Value as JsonValue;
use payquery::providers::cloudpay::CloudPayResult;
use payquery::providers::fubei::json::RawObject;
use payquery::providers::fubei::FubeiOrder;
use payquery::providers::wechat_v3::{self as v3, keys, KeyStore};
use payquery::Secret;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Bytes of the control prefix: `[flags, pos_lo, pos_hi, byte]`.
pub const CTL_LEN: usize = 4;

/// The control prefix: target choices in the low six flag bits, the tampering in the rest.
/// Seeds carry it too (`fuzz/seed.mjs`), so libFuzzer mutates choices and documents alike.
#[derive(Debug, Clone, Copy)]
pub struct Ctl {
    /// Bits 0-5: target-specific choices; bits 6-7: the kind of tampering.
    pub flags: u8,
    /// Where to tamper (modulo the length).
    pub pos: usize,
    /// The byte used by the tampering.
    pub byte: u8,
}

impl Ctl {
    /// Splits the prefix off an input; `None` for inputs shorter than it.
    pub fn split(data: &[u8]) -> Option<(Ctl, &[u8])> {
        let (head, rest) = data.split_at_checked(CTL_LEN)?;
        let ctl = Ctl {
            flags: head[0],
            pos: usize::from(u16::from_le_bytes([head[1], head[2]])),
            byte: head[3],
        };
        Some((ctl, rest))
    }

    /// Whether target choice bit `n` (0-5) is set.
    pub fn bit(&self, n: u8) -> bool {
        self.flags & (1 << n) != 0
    }

    /// The target choice in bits 0-5, as a number.
    pub fn choice(&self) -> u8 {
        self.flags & 0x3f
    }

    /// One tampering of `bytes`: flip bits of a byte, delete one, insert one, or overwrite one.
    /// The result always differs from the input except for an overwrite with the same byte.
    pub fn tamper(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        if out.is_empty() {
            out.push(self.byte);
            return out;
        }
        let i = self.pos % out.len();
        match self.flags >> 6 {
            0 => out[i] ^= self.byte | 1,
            1 => {
                out.remove(i);
            }
            2 => out.insert(i, self.byte),
            _ => out[i] = self.byte,
        }
        out
    }
}

/// `(name, value)` pairs of a map, borrowed: the shape every signing function takes.
pub fn pairs(map: &BTreeMap<String, String>) -> impl Iterator<Item = (&str, &str)> + Clone {
    map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// Largest amount payquery accepts (2^53 - 1), as text for the digit-string references.
const MAX_SAFE: &str = "9007199254740991";

/// Whether a string of decimal digits without leading zeros is within 2^53 - 1.
fn within_safe(digits: &str) -> bool {
    digits.len() < MAX_SAFE.len() || (digits.len() == MAX_SAFE.len() && digits <= MAX_SAFE)
}

/// A digit string as an integer, by the length rule above: never through a float.
fn digits_value(digits: &str) -> Option<i64> {
    let trimmed = digits.trim_start_matches('0');
    if !within_safe(trimmed) {
        return None;
    }
    Some(
        trimmed
            .bytes()
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0')),
    )
}

/// Reference for yuan text: `d+` or `d+.d` or `d+.dd`, moved two places by string surgery.
pub fn ref_yuan_to_fen(text: &str) -> Option<i64> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) if !f.is_empty() && f.len() <= 2 => (w, f),
        Some(_) => return None,
        None => (text, ""),
    };
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_only(whole) || !digits_only(frac) {
        return None;
    }
    digits_value(&format!("{whole}{frac:0<2}"))
}

/// Reference for integer fen text (`"101"`): digits only, within 2^53 - 1.
pub fn ref_fen(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits_value(text)
}

/// The APIv2 key of every v2 and CloudPay target (fake, 32 characters).
pub const V2_KEY: &str = "fuzz0v2api0key0not0a0real0key000";
/// The v2 merchant.
pub const V2_APPID: &str = "wxfuzz0000000001";
/// The v2 merchant id.
pub const V2_MCH_ID: &str = "1900000100";
/// The sub-merchant of service-provider mode (the sandbox's).
pub const V2_SUB_MCH_ID: &str = "1900000109";

/// The Fubei app secret of the Fubei targets (fake).
pub const FUBEI_SECRET: &str = "fuzz0fubei0secret0not0real000000";

/// The clock of the v3 targets: inside the fake platform certificate's validity (2026-2126).
pub const V3_NOW: i64 = 1_800_000_000;
/// The direct merchant and the service provider of the v3 targets.
pub const V3_MCHID: &str = "1900000001";
/// The partner-mode sub-merchant.
pub const V3_SUB_MCHID: &str = "1900000109";
/// The WeChat Pay public key id of the v3 targets.
pub const V3_PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
/// The APIv3 key (fake, 32 characters).
pub const V3_API_KEY: &str = "fuzz0apiv3key0not0a0real0key0000";

/// The fake WeChat Pay public key and platform certificate of `tests/fixtures/v3`.
pub const FAKE_PUBLIC_KEY_PEM: &str =
    include_str!("../../tests/fixtures/v3/fake_wechatpay_pub.pem");
/// See [`FAKE_PUBLIC_KEY_PEM`].
pub const FAKE_CERT_PEM: &str = include_str!("../../tests/fixtures/v3/fake_platform_cert.pem");

/// Another merchant id than any of the fixed ones, for the identity properties.
pub const OTHER_MCHID: &str = "1900000999";

/// Which v3 merchant a configuration is for: the fixed direct or partner merchant, or one that
/// differs from it in one id (for answers about another merchant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V3Merchant {
    /// `mchid` = [`V3_MCHID`].
    Direct,
    /// `sp_mchid` = [`V3_MCHID`], `sub_mchid` = [`V3_SUB_MCHID`].
    Partner,
    /// Direct, `mchid` = [`OTHER_MCHID`].
    OtherDirect,
    /// Partner, `sp_mchid` = [`OTHER_MCHID`].
    OtherSpMchid,
    /// Partner, `sub_mchid` = [`OTHER_MCHID`].
    OtherSubMchid,
}

/// The v3 configurations, built once: both keys configured, so a response may name either
/// serial.
pub fn v3_config(merchant: V3Merchant) -> &'static v3::Config {
    static CONFIGS: OnceLock<[v3::Config; 5]> = OnceLock::new();
    let configs = CONFIGS.get_or_init(|| {
        let make = |mode| {
            let store = KeyStore::new(vec![
                keys::parse_public_key(V3_PUBLIC_KEY_ID, FAKE_PUBLIC_KEY_PEM)
                    .expect("fixture public key"),
                keys::parse_certificate(0, FAKE_CERT_PEM, V3_NOW).expect("fixture certificate"),
            ])
            .expect("key store");
            v3::Config::new(
                mode,
                "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".into(),
                store,
                None,
                None,
                Some(Secret::new(V3_API_KEY)),
            )
            .expect("v3 config")
        };
        let partner = |sp: &str, sub: &str| v3::Mode::Partner {
            sp_mchid: sp.into(),
            sub_mchid: sub.into(),
        };
        [
            make(v3::Mode::Direct {
                mchid: V3_MCHID.into(),
            }),
            make(partner(V3_MCHID, V3_SUB_MCHID)),
            make(v3::Mode::Direct {
                mchid: OTHER_MCHID.into(),
            }),
            make(partner(OTHER_MCHID, V3_SUB_MCHID)),
            make(partner(V3_MCHID, OTHER_MCHID)),
        ]
    });
    &configs[merchant as usize]
}

/// The stand-in for WeChat Pay's RSA signature: SHA-256 of the message, base64. The RSA check
/// runs in WebCrypto, outside the Rust core; what the core owns, and what is fuzzed, is
/// *which bytes* reach that check and that only a passing check lets the body be typed.
pub fn stand_in_signature(message: &[u8]) -> String {
    Base64::encode_string(&Sha256::digest(message))
}

/// The stand-in verification: does `signature` sign `message` under [`stand_in_signature`]?
pub fn stand_in_verify(message: &[u8], signature: &[u8]) -> bool {
    Sha256::digest(message).as_slice() == signature
}

/// The four `Wechatpay-*` headers of a body signed (stand-in) at `timestamp` by `serial`.
pub fn v3_signed_headers(
    timestamp: &str,
    nonce: &str,
    serial: &str,
    body: &[u8],
) -> Vec<(String, String)> {
    let mut message = Vec::new();
    for part in [timestamp.as_bytes(), nonce.as_bytes(), body] {
        message.extend_from_slice(part);
        message.push(b'\n');
    }
    vec![
        ("Wechatpay-Timestamp".into(), timestamp.into()),
        ("Wechatpay-Nonce".into(), nonce.into()),
        ("Wechatpay-Signature".into(), stand_in_signature(&message)),
        ("Wechatpay-Serial".into(), serial.into()),
    ]
}

/// base64 decoding by another implementation than payquery's, for cross-checks.
pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    Base64::decode_vec(text).ok()
}

/// `application/x-www-form-urlencoded`, every byte outside `[A-Za-z0-9*-._]` escaped.
pub fn form_encode(fields: &[(String, String)]) -> String {
    let enc = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"*-._".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Another id than `id`, still valid for every id kind (same length, letters and digits): its
/// last character replaced by one picked with `pick`. Answers about the id it replaces must
/// be `RESPONSE_MISMATCH`.
pub fn other_id(id: &str, pick: u8) -> String {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut chars: Vec<char> = id.chars().collect();
    let last = chars.pop().unwrap_or('0');
    let mut i = usize::from(pick) % ALNUM.len();
    if char::from(ALNUM[i]) == last {
        i = (i + 1) % ALNUM.len();
    }
    chars.push(char::from(ALNUM[i]));
    chars.into_iter().collect()
}

/// camelCase to snake_case, written here rather than taken from payquery (`totalFee` ->
/// `total_fee`).
fn snake_of(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Wire names that name a typed member without being the wire field it is mapped from: every
/// member as it is (`totalFee`, `status`, `raw`) unless it is spelled like the wire field it
/// is mapped from (`attach`, `amount`), its snake_case form unless the provider maps
/// that wire name (`mapped`: `total_fee` is the wire field of `totalFee`; `total_fee_fen` is
/// no wire field), and the response metadata the clients set (`attempts`, `host`). A wire
/// field under one of these names must leave the typed view as it was (it stays in `raw`).
pub fn colliding_names(members: &[&str], mapped: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if !out.contains(&name) {
            out.push(name);
        }
    };
    for m in members {
        // A member spelled like a wire name it maps from (`attach`, `amount`) is that field,
        // not a collision: sending it rightly changes the view.
        if !mapped.contains(m) {
            add((*m).to_owned());
        }
        let snake = snake_of(m);
        if !mapped.contains(&snake.as_str()) {
            add(snake);
        }
    }
    add("attempts".into());
    add("host".into());
    out
}

/// What a caller sees of a result: its JSON form (the shape the binding returns), without
/// `raw`, which keeps every wire field by design.
pub fn typed_view<T: Serialize>(result: &T) -> Value {
    let mut view = serde_json::to_value(result).expect("results serialise");
    if let Some(map) = view.as_object_mut() {
        map.remove("raw");
    }
    view
}

/// What the targets read of a CloudPay result, in one place: the members wx-server-sdk would
/// resolve with (in order, values parsed), payquery's additions, and the typed view.
#[derive(Debug, PartialEq)]
pub struct CloudView {
    /// The members, in order: every answer key under its converted name, values as the
    /// platform sent them (`{ cloud }`) or typed by the CloudPay documentation (signing).
    pub members: Vec<(String, Value)>,
    /// The coupons.
    pub coupons: Vec<payquery::providers::wechat_v2::Coupon>,
    /// The neutral status.
    pub status: payquery::OrderStatus,
    /// `resultErrCode`.
    pub result_err_code: Option<String>,
    /// `raw`.
    pub raw: Value,
    /// What a caller reads, as one object: the members and the additions but `raw` (order
    /// aside: `Object.keys` order is the members').
    pub view: Value,
}

impl CloudView {
    /// One member's value.
    pub fn member(&self, name: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// The [`CloudView`] of a result.
pub fn cloud_view(result: &CloudPayResult) -> CloudView {
    let members: Vec<(String, Value)> = result
        .members
        .iter()
        .map(|(k, text)| {
            (
                k.clone(),
                serde_json::from_str(text).expect("members are JSON"),
            )
        })
        .collect();
    let mut view = serde_json::Map::new();
    for (k, v) in &members {
        view.insert(k.clone(), v.clone());
    }
    if let Value::Object(additions) =
        serde_json::to_value(&result.additions).expect("additions serialise")
    {
        for (k, v) in additions {
            if k != "raw" {
                view.insert(k, v);
            }
        }
    }
    CloudView {
        members,
        coupons: result.additions.coupons.clone(),
        status: result.additions.status.clone(),
        result_err_code: result.additions.result_err_code.clone(),
        raw: serde_json::to_value(&result.additions.raw).expect("raw serialises"),
        view: Value::Object(view),
    }
}

/// JSON text of a value as payquery's reader kept it: numbers as their exact token (which a
/// serialiser would rewrite: `1.50` as `1.5`), strings escaped by serde_json, members in order.
pub fn exact_json(v: &JsonValue) -> String {
    match v {
        JsonValue::Null => "null".to_owned(),
        JsonValue::Bool(b) => b.to_string(),
        JsonValue::Number(token) => token.clone(),
        JsonValue::String(s) => Value::from(s.as_str()).to_string(),
        JsonValue::Array(items) => {
            let items: Vec<String> = items.iter().map(exact_json).collect();
            format!("[{}]", items.join(","))
        }
        JsonValue::Object(members) => {
            let members: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), exact_json(v)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
    }
}

/// The exact text of an amount in a Fubei `data` object: a string's content or a number's
/// token; `None` when absent, `null` or `""`.
fn fubei_amount_text(data: &RawObject, name: &str) -> Option<String> {
    let text = match data.get(name)? {
        JsonValue::Null => return None,
        JsonValue::String(s) => s.clone(),
        JsonValue::Number(token) => token.clone(),
        other => serde_json::to_string(other).expect("a value serialises"),
    };
    (!text.is_empty()).then_some(text)
}

/// Money exact in a typed Fubei order: every `*_fen` member is the reference reading of the
/// exact text `data` carried (an order that typed means every amount was accepted, so the
/// reference must accept it too), and the neutral status carries the total.
pub fn check_fubei_money(order: &FubeiOrder, data: &RawObject) {
    let fen = |name: &str| {
        fubei_amount_text(data, name).map(|t| {
            ref_yuan_to_fen(&t)
                .unwrap_or_else(|| panic!("{name} {t:?} accepted but is not exact yuan"))
        })
    };
    match order {
        FubeiOrder::V1(o) => {
            assert_eq!(o.total_fee_fen, fen("total_fee"), "total_fee");
            assert_eq!(o.order_price_fen, fen("order_price"), "order_price");
            assert_eq!(o.fee_fen, fen("fee"), "fee");
            assert_eq!(o.net_money_fen, fen("net_money"), "net_money");
            assert_eq!(
                o.buyer_pay_amount_fen,
                fen("buyer_pay_amount"),
                "buyer_pay_amount"
            );
            assert_eq!(
                o.discount_money_fen,
                fen("discount_money"),
                "discount_money"
            );
            assert_eq!(
                o.cash_coupon_fee_fen,
                fen("cash_coupon_fee"),
                "cash_coupon_fee"
            );
            assert_eq!(
                o.no_cash_coupon_fee_fen,
                fen("no_cash_coupon_fee"),
                "no_cash_coupon_fee"
            );
            assert_eq!(o.status.amount_fen, o.total_fee_fen);
            assert_eq!(o.raw, *data, "raw is not the data object as received");
        }
        FubeiOrder::V2(o) => {
            assert_eq!(o.total_amount_fen, fen("total_amount"), "total_amount");
            assert_eq!(o.net_amount_fen, fen("net_amount"), "net_amount");
            assert_eq!(
                o.buyer_pay_amount_fen,
                fen("buyer_pay_amount"),
                "buyer_pay_amount"
            );
            assert_eq!(o.fee_fen, fen("fee"), "fee");
            assert_eq!(o.status.amount_fen, o.total_amount_fen);
            assert_eq!(o.raw, *data, "raw is not the data object as received");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(ref_yuan_to_fen("80.07"), Some(8007));
        assert_eq!(ref_yuan_to_fen("19.9"), Some(1990));
        assert_eq!(ref_yuan_to_fen("0"), Some(0));
        assert_eq!(
            ref_yuan_to_fen("90071992547409.91"),
            Some(9_007_199_254_740_991)
        );
        assert_eq!(ref_yuan_to_fen("90071992547409.92"), None);
        for bad in ["", "1.", ".5", "1.001", "-1", "1e2", " 1"] {
            assert_eq!(ref_yuan_to_fen(bad), None, "{bad}");
        }
        assert_eq!(ref_fen("00101"), Some(101));
        assert_eq!(ref_fen("9007199254740992"), None);
    }
}

/// Whether some object in the JSON text `bytes` names a member twice, at any depth (`false`
/// for text that is not JSON). The reference for "a body naming a member twice is never
/// typed", written apart from payquery's own reader.
pub fn names_twice(bytes: &[u8]) -> bool {
    serde_json::from_slice::<NamesTwice>(bytes).is_ok_and(|n| n.0)
}

/// What [`names_twice`] finds in one value.
struct NamesTwice(bool);

impl<'de> serde::Deserialize<'de> for NamesTwice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NamesTwiceVisitor)
    }
}

struct NamesTwiceVisitor;

impl<'de> serde::de::Visitor<'de> for NamesTwiceVisitor {
    type Value = NamesTwice;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<NamesTwice, E> {
        Ok(NamesTwice(false))
    }
    fn visit_i64<E>(self, _: i64) -> Result<NamesTwice, E> {
        Ok(NamesTwice(false))
    }
    fn visit_u64<E>(self, _: u64) -> Result<NamesTwice, E> {
        Ok(NamesTwice(false))
    }
    fn visit_f64<E>(self, _: f64) -> Result<NamesTwice, E> {
        Ok(NamesTwice(false))
    }
    fn visit_str<E>(self, _: &str) -> Result<NamesTwice, E> {
        Ok(NamesTwice(false))
    }
    fn visit_unit<E>(self) -> Result<NamesTwice, E> {
        Ok(NamesTwice(false))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<NamesTwice, A::Error> {
        let mut twice = false;
        while let Some(NamesTwice(t)) = seq.next_element()? {
            twice |= t;
        }
        Ok(NamesTwice(twice))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<NamesTwice, A::Error> {
        let mut names = std::collections::BTreeSet::new();
        let mut twice = false;
        while let Some(name) = map.next_key::<String>()? {
            twice |= !names.insert(name);
            let NamesTwice(t) = map.next_value()?;
            twice |= t;
        }
        Ok(NamesTwice(twice))
    }
}
