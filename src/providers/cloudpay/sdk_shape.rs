//! How wx-server-sdk 4.0.2 shapes what `cloud.cloudPay.queryOrder` resolves to, rebuilt member
//! for member so that `Object.keys` and `JSON.stringify` of payquery's result equal the SDK's:
//! its `convertCase` (snake_case -> camelCase, with its key order) and the final
//! `{ ...converted, errCode: 0, errMsg: 'cloudPay.queryOrder:ok' }`.

use crate::core::case::snake_to_camel;

/// The `errMsg` of a call that went through (wx-server-sdk's wording).
pub const ERR_MSG_OK: &str = "cloudPay.queryOrder:ok";

/// [`ERR_MSG_OK`] as a JSON string, written out (tests check that the two agree).
const ERR_MSG_OK_JSON: &str = "\"cloudPay.queryOrder:ok\"";

/// The result fields in the order the CloudPay documentation lists them (`$n` fields are
/// expanded per coupon after `coupon_count`): the order the signing backend writes its members
/// in, since a v2 XML answer's order says nothing about the platform's JSON.
const DOC_ORDER: [&str; 34] = [
    "return_code",
    "return_msg",
    "appid",
    "mch_id",
    "sub_appid",
    "sub_mch_id",
    "nonce_str",
    "sign",
    "result_code",
    "err_code",
    "err_code_des",
    "device_info",
    "openid",
    "is_subscribe",
    "sub_openid",
    "sub_is_subscribe",
    "trade_type",
    "trade_state",
    "bank_type",
    "total_fee",
    "settlement_total_fee",
    "fee_type",
    "cash_fee",
    "cash_fee_type",
    "coupon_fee",
    "coupon_count",
    "coupon_type_$n",
    "coupon_id_$n",
    "coupon_fee_$n",
    "transaction_id",
    "out_trade_no",
    "attach",
    "time_end",
    "trade_state_desc",
];

/// Where the `coupon_*_$n` fields sort in [`DOC_ORDER`] (a test checks it).
const COUPON_AT: usize = 26;

/// Where `name` sorts in [`DOC_ORDER`]: (position, coupon index, which coupon field) packed
/// into one number, in that order of significance; unknown names after all.
fn doc_rank(name: &str) -> u64 {
    let (at, n, slot) = match DOC_ORDER.iter().position(|d| *d == name) {
        Some(i) => (i, 0, 0),
        None => ["coupon_type_", "coupon_id_", "coupon_fee_"]
            .iter()
            .enumerate()
            .find_map(|(slot, prefix)| {
                Some((COUPON_AT, coupon_index(name.strip_prefix(prefix)?)?, slot))
            })
            .unwrap_or((DOC_ORDER.len(), 0, 0)),
    };
    // Position < 64 (6 bits), index < 100,000 (17 bits), slot < 3 (2 bits).
    ((at as u64) << 19 | (n as u64) << 2 | slot as u64) << RANK_SHIFT
}

/// 1 to 5 ASCII digits as a number (what `parse::<usize>` reads from them).
fn coupon_index(digits: &str) -> Option<usize> {
    if digits.is_empty() || digits.len() >= 6 {
        return None;
    }
    digits.bytes().try_fold(0usize, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0'))
    })
}

/// Where a field's rank starts in its [`Key`]: the bits below hold its position.
const RANK_SHIFT: u32 = 32;

/// Sorts wire fields into the documentation's order (unknown fields last, in the order given).
///
/// Each field is keyed by its rank and its position, packed into one `u64` (one comparison
/// per step), so that keys are unique and any sort is stable: an insertion sort for the few
/// dozen fields of a real answer, a heapsort beyond (a hostile answer stays O(n log n)). The
/// standard stable sort (driftsort) put 5 KB into the CloudPay module for these lengths.
pub fn doc_order<T>(fields: Vec<(String, T)>) -> Vec<(String, T)> {
    // A wire answer is bounded by the response size, far below 2^32 fields.
    let mut keys: Vec<Key> = fields
        .iter()
        .enumerate()
        .map(|(i, (name, _))| doc_rank(name) | i as u64)
        .collect();
    if keys.len() <= 40 {
        insertion_sort(&mut keys);
    } else {
        heapsort(&mut keys);
    }
    let mut slots: Vec<Option<(String, T)>> = fields.into_iter().map(Some).collect();
    let low = (1u64 << RANK_SHIFT) - 1;
    keys.iter()
        .filter_map(|k| slots.get_mut((k & low) as usize).and_then(Option::take))
        .collect()
}

/// A field's rank (high bits) and its position among the fields (low 32 bits): unique per
/// field.
type Key = u64;

fn insertion_sort(keys: &mut [Key]) {
    for i in 1..keys.len() {
        let mut j = i;
        while j > 0 && keys.get(j) < keys.get(j - 1) {
            keys.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn heapsort(keys: &mut [Key]) {
    let len = keys.len();
    for root in (0..len / 2).rev() {
        sift_down(keys, root, len);
    }
    for end in (1..len).rev() {
        keys.swap(0, end);
        sift_down(keys, 0, end);
    }
}

/// Restores the max-heap below `root` within `keys[..end]`.
fn sift_down(keys: &mut [Key], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && keys.get(child) < keys.get(child + 1) {
            child += 1;
        }
        if keys.get(root) >= keys.get(child) {
            return;
        }
        keys.swap(root, child);
        root = child;
    }
}

/// wx-server-sdk's `convertCase(answer, { from: 'snakecase', to: 'camelcase' })` on the top
/// level: a copy of the object, then for each original key (a `for…in` over the copy, so a key
/// deleted before its turn is skipped) `data[camel] = data[key]` and, if renamed, `delete
/// data[key]`. Keys the rule leaves alone keep their place; renamed keys move to the end.
pub fn convert_keys<T: Clone>(members: Vec<(String, T)>) -> Vec<(String, T)> {
    let keys: Vec<String> = members.iter().map(|(k, _)| k.clone()).collect();
    let mut data = members;
    for key in keys {
        let Some(at) = data.iter().position(|(k, _)| *k == key) else {
            continue; // Deleted before its turn.
        };
        let camel = snake_to_camel(&key);
        if camel == key {
            continue;
        }
        let value = data.remove(at).1;
        match data.iter_mut().find(|(k, _)| *k == camel) {
            Some(slot) => slot.1 = value,
            None => data.push((camel, value)),
        }
    }
    data
}

/// `{ ...converted, errCode: 0, errMsg: 'cloudPay.queryOrder:ok' }`: both set in place when
/// present (a wire `err_code` became `errCode`), appended otherwise. Values are JSON texts.
pub fn finish(mut members: Vec<(String, String)>) -> Vec<(String, String)> {
    for (key, value) in [
        ("errCode", "0".to_owned()),
        ("errMsg", ERR_MSG_OK_JSON.to_owned()),
    ] {
        match members.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => members.push((key.to_owned(), value)),
        }
    }
    members
}

/// The members as one JSON object text, in order (`JSON.parse` keeps the order of non-index
/// keys). Values are JSON texts already.
pub fn object_text(members: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::core::json_write::push_serde_string(&mut out, key);
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(m: &[(String, u8)]) -> Vec<&str> {
        m.iter().map(|(k, _)| k.as_str()).collect()
    }

    fn owned(pairs: &[(&str, u8)]) -> Vec<(String, u8)> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn unchanged_keys_stay_renamed_keys_move_to_the_end_in_order() {
        let out = convert_keys(owned(&[
            ("return_code", 1),
            ("appid", 2),
            ("mch_id", 3),
            ("sign", 4),
            ("coupon_fee_0", 5),
        ]));
        assert_eq!(
            keys(&out),
            ["appid", "sign", "returnCode", "mchId", "couponFee_0"]
        );
        assert_eq!(out[2].1, 1);
    }

    #[test]
    fn a_renamed_key_meeting_an_existing_one_overwrites_it_in_place() {
        // `totalFee` was visited after `total_fee` wrote into it: it keeps the written value.
        let out = convert_keys(owned(&[("totalFee", 1), ("total_fee", 2), ("a", 3)]));
        assert_eq!(out, owned(&[("totalFee", 2), ("a", 3)]));
    }

    #[test]
    fn coupon_fields_sort_at_their_place_in_the_documentation() {
        assert_eq!(DOC_ORDER.get(COUPON_AT), Some(&"coupon_type_$n"));
        assert_eq!(coupon_index("00042"), Some(42));
        assert_eq!(coupon_index("123456"), None);
        assert_eq!(coupon_index("4a"), None);
        assert_eq!(coupon_index(""), None);
    }

    #[test]
    fn the_ok_message_is_written_as_its_json_string() {
        assert_eq!(ERR_MSG_OK_JSON, format!("\"{ERR_MSG_OK}\""));
    }

    #[test]
    fn err_code_is_overwritten_in_place_and_err_msg_appended() {
        let members = convert_keys(vec![
            ("result_code".to_owned(), "\"FAIL\"".to_owned()),
            ("err_code".to_owned(), "\"ORDERNOTEXIST\"".to_owned()),
            ("err_code_des".to_owned(), "\"x\"".to_owned()),
        ]);
        let out = finish(members);
        assert_eq!(
            object_text(&out),
            r#"{"resultCode":"FAIL","errCode":0,"errCodeDes":"x","errMsg":"cloudPay.queryOrder:ok"}"#
        );
    }

    #[test]
    fn documentation_order_expands_coupons_per_index() {
        let out = doc_order(owned(&[
            ("zz_new", 0),
            ("coupon_fee_1", 1),
            ("coupon_id_0", 2),
            ("total_fee", 3),
            ("coupon_fee_0", 4),
            ("return_code", 5),
            ("coupon_type_1", 6),
        ]));
        assert_eq!(
            keys(&out),
            [
                "return_code",
                "total_fee",
                "coupon_id_0",
                "coupon_fee_0",
                "coupon_type_1",
                "coupon_fee_1",
                "zz_new"
            ]
        );
    }

    /// Past the insertion-sort length (the heapsort), the order is still the stable order the
    /// standard library's sort gives: unknown names in their given order, coupons by index.
    #[test]
    fn doc_order_of_many_fields_is_the_stable_order() {
        let names = [
            "zz_b",
            "coupon_fee_3",
            "total_fee",
            "zz_a",
            "coupon_type_3",
            "coupon_id_10",
            "return_code",
            "coupon_fee_10",
        ];
        for n in [3usize, 41, 97, 300] {
            let fields: Vec<(String, usize)> = (0..n)
                .map(|i| {
                    let base = names[i * 7 % names.len()];
                    // Unknown names repeat; known ones appear more than once only in this test.
                    (base.to_owned(), i)
                })
                .collect();
            let mut want = fields.clone();
            want.sort_by_key(|(name, _)| doc_rank(name));
            assert_eq!(doc_order(fields), want, "{n} fields");
        }
    }
}
