//! "Did you mean …?" for option names. Each provider spells its ids its own way (`mchId` for
//! APIv2 and CloudPay, `mchid` for APIv3, `appid` for WeChat, `appId` for Fubei) and other SDKs
//! use snake_case (`mch_id`, `sub_mchid`, `serial_no`): rather than accepting several
//! spellings of one option (and having to refuse two different values under them), payquery
//! accepts one and names it when a refused name is a near miss of it.

/// Names other SDKs and the providers' documentation use for an option, normalised (see
/// [`normalize`]), with the payquery options they may mean, most likely first. Only options
/// the object being read knows are suggested.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("key", &["apiKey", "apiV3Key", "appSecret"]),
    ("mchkey", &["apiKey"]),
    ("partnerkey", &["apiKey"]),
    ("secret", &["appSecret", "apiKey"]),
    ("serial", &["merchantSerialNo"]),
    ("serialno", &["merchantSerialNo"]),
    ("certserialno", &["merchantSerialNo"]),
    ("mchserialno", &["merchantSerialNo"]),
    ("merchantserialnumber", &["merchantSerialNo"]),
    ("publickey", &["wechatpayPublicKey"]),
    ("platformcertificate", &["platformCertificates"]),
    ("certificate", &["merchantCertificate"]),
    ("cert", &["merchantCertificate"]),
    ("retry", &["retries"]),
];

/// A name compared loosely: ASCII lowercase, without `_`, `-` and spaces, so that `mch_id`,
/// `mchId` and `MCHID` are one name. As characters, the form [`distance`] compares (a `String`
/// here, decoded again for each comparison, was about 300 bytes more of the module).
fn normalize(name: &str) -> Vec<char> {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
/// two neighbours), or `None` when it exceeds `max`: names are short, so the quadratic table
/// is a few hundred cells at most.
fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Rows i-1 and i of the table, and row i-2 for swaps.
    let cell = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(usize::MAX / 2);
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let mut best = (cell(&prev, j + 1) + 1)
                .min(cell(&row, j) + 1)
                .min(cell(&prev, j) + usize::from(ca != cb));
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                best = best.min(cell(&before, j - 1) + 1);
            }
            row.push(best);
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev.last().copied().filter(|&n| n <= max)
}

/// The known option `name` most likely stands for: the same name in another case or with
/// underscores (`mch_id` → `mchId`), a name other SDKs use for it (`serial_no` →
/// `merchantSerialNo`), or the one closest by a typo or two (one for names of five characters
/// or fewer), when exactly one is that close. `None` when nothing is close: then the caller
/// lists every known option instead.
pub fn near_miss<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let wanted = normalize(name);
    if wanted.is_empty() {
        return None;
    }
    // One pass normalises each known name once: the first equal one is the answer at once;
    // the closest by a typo or two is kept for when no synonym names one either.
    let mut best: Option<(usize, &'a str)> = None;
    let mut tied = false;
    for k in known {
        let candidate = normalize(k);
        if candidate == wanted {
            return Some(k);
        }
        let max = if candidate.len() <= 5 { 1 } else { 2 };
        let Some(d) = distance(&wanted, &candidate, max) else {
            continue;
        };
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tied = true,
            _ => {
                best = Some((d, k));
                tied = false;
            }
        }
    }
    if let Some((_, meant)) = SYNONYMS
        .iter()
        .find(|(alias, _)| alias.chars().eq(wanted.iter().copied()))
    {
        if let Some(k) = meant.iter().find_map(|m| known.iter().find(|k| *k == m)) {
            return Some(k);
        }
    }
    best.filter(|_| !tied).map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &[&str] = &[
        "appid",
        "mchId",
        "apiKey",
        "signType",
        "subAppid",
        "subMchId",
        "baseUrl",
        "fetch",
        "timeoutMs",
        "retries",
        "backupBaseUrl",
    ];
    const V3: &[&str] = &[
        "mchid",
        "spMchid",
        "subMchid",
        "merchantSerialNo",
        "privateKey",
        "signer",
        "merchantCertificate",
        "wechatpayPublicKey",
        "platformCertificates",
        "apiV3Key",
        "baseUrl",
        "maxSkewSeconds",
    ];
    const FUBEI: &[&str] = &["appId", "vendorSn", "appSecret", "api", "merchantId"];

    #[test]
    fn other_spellings_of_the_same_name() {
        for (name, known, want) in [
            ("mch_id", V2, "mchId"),
            ("mchid", V2, "mchId"),
            ("MCH_ID", V2, "mchId"),
            ("appId", V2, "appid"),
            ("app_id", V2, "appid"),
            ("sub_mch_id", V2, "subMchId"),
            ("sub_appid", V2, "subAppid"),
            ("api_key", V2, "apiKey"),
            ("sign_type", V2, "signType"),
            ("mchId", V3, "mchid"),
            ("mch_id", V3, "mchid"),
            ("sp_mchid", V3, "spMchid"),
            ("sub_mchid", V3, "subMchid"),
            ("subMchId", V3, "subMchid"),
            ("api_v3_key", V3, "apiV3Key"),
            ("apiv3Key", V3, "apiV3Key"),
            ("private_key", V3, "privateKey"),
            ("appid", FUBEI, "appId"),
            ("vendor_sn", FUBEI, "vendorSn"),
            ("app_secret", FUBEI, "appSecret"),
            ("merchant_id", FUBEI, "merchantId"),
        ] {
            assert_eq!(near_miss(name, known), Some(want), "{name}");
        }
    }

    #[test]
    fn names_other_sdks_use() {
        for (name, known, want) in [
            ("key", V2, "apiKey"),
            ("key", V3, "apiV3Key"),
            ("key", FUBEI, "appSecret"),
            ("serial_no", V3, "merchantSerialNo"),
            ("serialNo", V3, "merchantSerialNo"),
            ("merchantSerialNumber", V3, "merchantSerialNo"),
            ("publicKey", V3, "wechatpayPublicKey"),
            ("cert", V3, "merchantCertificate"),
            ("retry", V2, "retries"),
        ] {
            assert_eq!(near_miss(name, known), Some(want), "{name}");
        }
        // A synonym for an option this object does not have suggests nothing.
        assert_eq!(near_miss("serial_no", V2), None);
    }

    #[test]
    fn typos() {
        for (name, known, want) in [
            ("apikey", V3, "apiV3Key"),
            ("merchantSerial", V3, "merchantSerialNo"),
            ("privatKey", V3, "privateKey"),
            ("platformCertificate", V3, "platformCertificates"),
            ("signtype", V2, "signType"),
            ("sigType", V2, "signType"),
            ("timeout", V2, "timeoutMs"),
            ("concurency", &["concurrency", "signal"], "concurrency"),
            ("apiSecret", FUBEI, "appSecret"),
        ] {
            assert_eq!(near_miss(name, known), Some(want), "{name}");
        }
    }

    #[test]
    fn same_name_then_synonym_then_typo() {
        // `key` is one typo from `keys` and a synonym of `apiKey`: the synonym wins, whatever
        // the order of the known names; a known name equal to it wins over both.
        assert_eq!(near_miss("key", &["keys", "apiKey"]), Some("apiKey"));
        assert_eq!(near_miss("key", &["apiKey", "keys"]), Some("apiKey"));
        assert_eq!(near_miss("key", &["keys", "apiKey", "KEY"]), Some("KEY"));
        // Without a synonym among the known names, the typo is the answer.
        assert_eq!(near_miss("key", &["keys", "mchid"]), Some("keys"));
    }

    #[test]
    fn far_or_ambiguous_names_suggest_nothing() {
        for (name, known) in [
            ("foo", V2),
            ("", V2),
            ("___", V2),
            ("amount", V2),
            ("sandbox", V3),
            ("region", FUBEI),
            ("x", &["a", "b"][..]),
            ("ab", &["aa", "bb"][..]),
        ] {
            assert_eq!(near_miss(name, known), None, "{name}");
        }
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        let d = |a: &str, b: &str| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            distance(&a, &b, 9)
        };
        assert_eq!(d("", ""), Some(0));
        assert_eq!(d("abc", "abc"), Some(0));
        assert_eq!(d("abc", "acb"), Some(1));
        assert_eq!(d("abc", "ab"), Some(1));
        assert_eq!(d("kitten", "sitting"), Some(3));
        assert_eq!(distance(&['a'; 3], &['b'; 9], 2), None);
    }
}
