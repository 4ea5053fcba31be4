use super::*;

/// A block of `label` around `body` (lines joined with `eol`).
fn block(label: &str, body: &[&str], eol: &str) -> String {
    let mut text = format!("-----BEGIN {label}-----{eol}");
    for line in body {
        text.push_str(line);
        text.push_str(eol);
    }
    text.push_str(&format!("-----END {label}-----"));
    text
}

fn decoded(text: &str) -> Result<(String, Vec<u8>), PemError> {
    decode(text.as_bytes()).map(|(label, der)| (label.to_owned(), der.to_vec()))
}

/// 64 base64 characters (48 bytes) and the bytes they stand for.
fn full_line() -> (String, Vec<u8>) {
    let bytes: Vec<u8> = (0..48u8).map(|i| i.wrapping_mul(37)).collect();
    (crate::core::base64::encode(&bytes), bytes)
}

#[test]
fn decodes_blocks_with_any_end_of_line() {
    let (line, bytes) = full_line();
    let mut all = bytes.clone();
    all.extend_from_slice(b"ab");
    for eol in ["\n", "\r\n", "\r"] {
        let text = block("PRIVATE KEY", &[&line, "YWI="], eol);
        assert_eq!(
            decoded(&text),
            Ok(("PRIVATE KEY".into(), all.clone())),
            "{eol:?}"
        );
        // The last line may be a full one, and may keep an end of line before the END line.
        let text = block("X", &[&line], eol);
        assert_eq!(decoded(&text), Ok(("X".into(), bytes.clone())));
        let text = block("X", &[&line, ""], eol);
        assert_eq!(decoded(&text), Ok(("X".into(), bytes.clone())));
        // Two: the second makes an empty last line.
        let text = block("X", &[&line, "", ""], eol);
        assert_eq!(decoded(&text), Ok(("X".into(), bytes.clone())));
        let text = block("X", &["YWI=", ""], eol);
        assert_eq!(decoded(&text), Ok(("X".into(), b"ab".to_vec())));
    }
    // Labels: spaces and tabs between words, any printable character but '-'.
    for label in [
        "RSA PRIVATE KEY",
        "A\tB",
        "X509 CRL",
        "a.b/c",
        "PRIVATE KEY ",
    ] {
        assert_eq!(decoded(&block(label, &["YWI="], "\n")).unwrap().0, label);
    }
    assert_eq!(decoded(&block("", &["YWI="], "\n")).unwrap().0, "");
}

#[test]
fn refuses_bad_boundaries_and_labels() {
    use PemError::*;
    assert_eq!(
        decoded("  -----BEGIN X-----\nYWI=\n-----END X-----"),
        Err(Preamble)
    );
    for label in [" X", "X  Y", "X-Y", "X\u{7f}", "É"] {
        assert_eq!(
            decoded(&block(label, &["YWI="], "\n")),
            Err(Label),
            "{label:?}"
        );
    }
    assert_eq!(
        decoded("-----BEGIN X----\nYWI=\n-----END X-----"),
        Err(Label)
    );
    assert_eq!(
        decoded("-----BEGIN X-----YWI=\n-----END X-----"),
        Err(Label)
    );
    assert_eq!(
        decoded("-----BEGIN X-----\nYWI=\n-----END X----"),
        Err(PreEncapsulationBoundary)
    );
    assert_eq!(
        decoded("-----BEGIN X-----\nYWI=\n-----END Y-----"),
        Err(PostEncapsulationBoundary)
    );
    assert_eq!(
        decoded("-----BEGIN X-----\nYWI=-----END X-----"),
        Err(PostEncapsulationBoundary)
    );
    assert_eq!(
        decoded("-----BEGIN X-----\nYWI=\n----END X-----"),
        Err(PostEncapsulationBoundary)
    );
    assert_eq!(
        decoded("-----BEGIN X-----\n-----END X-----"),
        Err(PostEncapsulationBoundary)
    );
    // What follows the END line (another block) is not the END line.
    let two = format!(
        "{}\n{}",
        block("X", &["YWI="], "\n"),
        block("X", &["YWI="], "\n")
    );
    assert_eq!(decoded(&two), Err(Base64Encoding));
}

#[test]
fn refuses_base64_that_is_not_strict() {
    use PemError::*;
    let (line, _) = full_line();
    let long = format!("{line}YWI=");
    let short = line.get(4..).unwrap();
    let cases: [(&[&str], PemError); 11] = [
        (&[""], Base64Length),
        (&["YW"], Base64Encoding),              // not a multiple of 4
        (&["YWJ"], Base64Encoding),             // not a multiple of 4
        (&["YWJ="], Base64Encoding),            // non-canonical: leftover bits set
        (&["YW=="], Base64Encoding),            // non-canonical
        (&["YQ==YWI="], Base64Encoding),        // padding inside
        (&["YW I="], Base64Encoding),           // a space
        (&[&long], Base64Encoding),             // a line longer than 64
        (&[short, "YWI="], Base64Encoding),     // a short line before the last
        (&[&line, "", "YWI="], Base64Encoding), // a blank line
        (&["YWI_"], Base64Encoding),            // base64url
    ];
    for (body, error) in cases {
        let text = block("X", body, "\n");
        assert_eq!(decoded(&text), Err(error), "{body:?}");
    }
    // Padding before a blank last line (pem-rfc7468 decodes that full line unpadded).
    let (mut padded, _) = full_line();
    padded.replace_range(60.., "YQ==");
    assert!(decoded(&block("X", &[&padded], "\n")).is_ok());
    assert!(decoded(&block("X", &[&padded, ""], "\n")).is_ok());
    assert_eq!(
        decoded(&block("X", &[&padded, "", ""], "\n")),
        Err(Base64Encoding)
    );
    // Blank text between the boundaries.
    assert_eq!(
        decoded("-----BEGIN X-----\n\n\n-----END X-----"),
        Err(Base64Length)
    );
}

#[test]
fn headers_are_refused_by_name() {
    let text = block("PRIVATE KEY", &["Proc-Type: 4,ENCRYPTED", "", "YWI="], "\n");
    assert_eq!(decoded(&text), Err(PemError::HeaderDisallowed));
    assert_eq!(
        PemError::HeaderDisallowed.to_string(),
        "PEM headers disallowed by RFC7468"
    );
    assert_eq!(
        PemError::Base64Encoding.to_string(),
        "PEM Base64 error: invalid Base64 encoding"
    );
}

#[test]
fn openssl_fixtures_decode() {
    // `openssl pkey -outform DER` of the fixture key is 1217 bytes, of its public key 294.
    let key = include_str!("../../tests/fixtures/v3/fake_merchant_key.pem");
    let (label, der) = decode(key.trim().as_bytes()).unwrap();
    assert_eq!((label, der.len()), ("PRIVATE KEY", 1217));
    assert_eq!(der.get(..4), Some(&[0x30, 0x82, 0x04, 0xbd][..]));
    let public = include_str!("../../tests/fixtures/v3/fake_merchant_pub.pem");
    let (label, der) = decode(public.trim().as_bytes()).unwrap();
    assert_eq!((label, der.len()), ("PUBLIC KEY", 294));
    let crlf = key.trim().replace('\n', "\r\n");
    assert_eq!(decode(crlf.as_bytes()).unwrap().1.len(), 1217);
}
