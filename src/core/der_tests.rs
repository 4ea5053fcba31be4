use super::*;

/// Reads one element that must fill `der`.
fn one(der: &[u8]) -> Result<Tlv<'_>> {
    let mut reader = Reader::new(der)?;
    let tlv = reader.any()?;
    reader.finish()?;
    Ok(tlv)
}

/// `len` bytes of content after `header`.
fn element(header: &[u8], len: usize) -> Vec<u8> {
    let mut der = header.to_vec();
    der.resize(header.len() + len, 0xAB);
    der
}

#[test]
fn short_and_long_form_lengths() {
    let tlv = one(&[0x04, 0x02, 0xAA, 0xBB]).unwrap();
    assert_eq!((tlv.tag, tlv.content), (0x04, &[0xAA, 0xBB][..]));
    assert_eq!(tlv.encoded, &[0x04, 0x02, 0xAA, 0xBB]);
    assert_eq!(one(&[0x05, 0x00]).unwrap().content, b"");
    // Each long form at the smallest length that needs it, and at its largest practical one.
    for (header, len) in [
        (&[0x04, 0x81, 0x80][..], 0x80),
        (&[0x04, 0x81, 0xFF][..], 0xFF),
        (&[0x04, 0x82, 0x01, 0x00][..], 0x100),
        (&[0x04, 0x82, 0xFF, 0xFF][..], 0xFFFF),
        (&[0x04, 0x83, 0x01, 0x00, 0x00][..], 0x1_0000),
    ] {
        let der = element(header, len);
        let tlv = one(&der).unwrap();
        assert_eq!(tlv.content.len(), len, "{header:02x?}");
        assert_eq!(tlv.encoded, &der[..]);
    }
}

#[test]
fn non_minimal_lengths_are_refused() {
    for header in [
        &[0x04, 0x81, 0x7F][..],             // fits the short form
        &[0x04, 0x81, 0x00][..],             // zero, long form
        &[0x04, 0x82, 0x00, 0xFF][..],       // leading zero byte
        &[0x04, 0x83, 0x00, 0x01, 0x00][..], // leading zero byte
        &[0x04, 0x84, 0x00, 0x01, 0x00, 0x00][..],
    ] {
        let len = header
            .iter()
            .skip(2)
            .fold(0, |n, &b| (n << 8) | usize::from(b));
        assert_eq!(
            one(&element(header, len)),
            Err(DerError::BadLength),
            "{header:02x?}"
        );
    }
}

#[test]
fn indefinite_and_huge_lengths_are_refused() {
    assert_eq!(
        one(&[0x30, 0x80, 0x05, 0x00, 0x00, 0x00]),
        Err(DerError::IndefiniteLength)
    );
    // More than 4 length bytes, or reserved 0xFF.
    assert_eq!(
        one(&[0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00]),
        Err(DerError::BadLength)
    );
    assert_eq!(one(&[0x04, 0xFF]), Err(DerError::BadLength));
    // Beyond der's 0x0FFF_FFFF, and huge lengths that the input does not hold.
    assert_eq!(
        one(&[0x04, 0x84, 0x10, 0x00, 0x00, 0x00]),
        Err(DerError::BadLength)
    );
    assert_eq!(
        one(&[0x04, 0x84, 0x0F, 0xFF, 0xFF, 0xFF, 0x00]),
        Err(DerError::Truncated)
    );
    assert_eq!(
        one(&[0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
        Err(DerError::BadLength)
    );
}

#[test]
fn truncated_input_is_refused() {
    for der in [
        &[][..],
        &[0x30][..],
        &[0x30, 0x81][..],
        &[0x30, 0x82, 0x01][..],
        &[0x04, 0x03, 0x01, 0x02][..],
        &[0x04, 0x81, 0x80, 0x00][..],
    ] {
        assert_eq!(one(der), Err(DerError::Truncated), "{der:02x?}");
    }
}

#[test]
fn tags_are_those_der_knows() {
    for tag in [
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0C, 0x13, 0x17, 0x18, 0x30, 0x31,
    ] {
        assert!(one(&[tag, 0x00]).is_ok(), "{tag:02x}");
    }
    for tag in [0x40, 0x5E, 0x80, 0x81, 0xA0, 0xA3, 0xBE, 0xC0, 0xFE] {
        assert!(one(&[tag, 0x00]).is_ok(), "{tag:02x}");
    }
    // End-of-contents, unknown universal types, constructed forms of primitive types,
    // high tag numbers (0x1F: a multi-byte tag follows).
    for tag in [
        0x00, 0x07, 0x08, 0x0B, 0x10, 0x11, 0x1F, 0x21, 0x24, 0x3F, 0x5F, 0x9F, 0xBF, 0xFF,
    ] {
        assert_eq!(one(&[tag, 0x00]), Err(DerError::UnknownTag), "{tag:02x}");
        assert_eq!(
            Reader::new(&[tag]).unwrap().peek_tag(),
            Err(DerError::UnknownTag)
        );
    }
    assert_eq!(Reader::new(&[]).unwrap().peek_tag(), Ok(None));
}

#[test]
fn wrong_tags_and_trailing_data() {
    let mut reader = Reader::new(&[0x02, 0x01, 0x05, 0x04, 0x00]).unwrap();
    assert_eq!(
        reader.clone().sequence().err(),
        Some(DerError::UnexpectedTag)
    );
    assert_eq!(reader.element(INTEGER), Ok(&[0x05][..]));
    assert_eq!(reader.finish(), Err(DerError::TrailingData));
    assert_eq!(
        reader.clone().element(INTEGER),
        Err(DerError::UnexpectedTag)
    );
    assert_eq!(reader.element(OCTET_STRING), Ok(&[][..]));
    assert_eq!(reader.finish(), Ok(()));
    // A sequence's content is its own reader; what follows it stays in the outer one.
    let mut outer = Reader::new(&[0x30, 0x03, 0x02, 0x01, 0x07, 0x05, 0x00]).unwrap();
    let mut inner = outer.sequence().unwrap();
    assert_eq!(small_unsigned(inner.element(INTEGER).unwrap()), Ok(7));
    assert!(inner.is_empty() && !outer.is_empty());
    assert_eq!(outer.rest(), &[0x05, 0x00]);
    assert!(outer.is_empty());
}

#[test]
fn integers_must_be_minimal() {
    assert_eq!(unsigned(&[0x00]), Ok(&[0x00][..]));
    assert_eq!(unsigned(&[0x7F]), Ok(&[0x7F][..]));
    assert_eq!(unsigned(&[0x00, 0x80]), Ok(&[0x80][..]));
    assert_eq!(unsigned(&[0x01, 0x00]), Ok(&[0x01, 0x00][..]));
    for bad in [
        &[][..],
        &[0x00, 0x7F],
        &[0x00, 0x00, 0x80],
        &[0x80],
        &[0xFF, 0x01],
    ] {
        assert_eq!(unsigned(bad), Err(DerError::BadValue), "{bad:02x?}");
    }
    assert_eq!(small_unsigned(&[0x00, 0xFF]), Ok(255));
    assert_eq!(small_unsigned(&[0x01, 0x00]), Err(DerError::BadValue));
    assert_eq!(signed(&[0xFF]), Ok(&[0xFF][..]));
    assert_eq!(signed(&[0xFF, 0x7F]), Ok(&[0xFF, 0x7F][..]));
    assert_eq!(signed(&[0x00, 0x9A]), Ok(&[0x00, 0x9A][..]));
    for bad in [&[][..], &[0x00, 0x01], &[0xFF, 0x80]] {
        assert_eq!(signed(bad), Err(DerError::BadValue), "{bad:02x?}");
    }
}

#[test]
fn object_identifiers() {
    let rsa = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    assert_eq!(check_oid(&rsa), Ok(()));
    // 2.999.1: const-oid 0.9 reads the first two arcs from one byte only. An arc of five
    // bytes within u32 is fine.
    assert_eq!(check_oid(&[0x88, 0x37, 0x01]), Err(DerError::BadValue));
    assert_eq!(
        check_oid(&[0x2a, 0x03, 0x8F, 0xFF, 0xFF, 0xFF, 0x0F]),
        Ok(())
    );
    for bad in [
        &[][..],
        &[0x2a],                                     // too few bytes
        &[0x2a, 0x03],                               // too few bytes
        &[0x78, 0x01, 0x01],                         // first arc 3
        &[0x2a, 0x03, 0x86],                         // last arc cut short
        &[0x2a, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01], // arc runs past 5 bytes
        &[0x2a, 0x03, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F], // fifth byte beyond 32 bits
    ] {
        assert_eq!(check_oid(bad), Err(DerError::BadValue), "{bad:02x?}");
    }
    assert_eq!(check_oid(&[0x2a; 40]), Err(DerError::BadValue));
    assert_eq!(check_oid(&[0x2a; 39]), Ok(()));
}

#[test]
fn bit_strings() {
    assert_eq!(bit_string(&[0x00]), Ok((0, &[][..])));
    assert_eq!(bit_string(&[0x00, 0x30]), Ok((0, &[0x30][..])));
    assert_eq!(bit_string(&[0x07, 0x80]), Ok((7, &[0x80][..])));
    assert_eq!(bit_string(&[]), Err(DerError::BadValue));
    assert_eq!(bit_string(&[0x01]), Err(DerError::BadValue));
    assert_eq!(bit_string(&[0x08, 0x00]), Err(DerError::BadValue));
}

#[test]
fn times() {
    let utc = |text: &[u8]| {
        let mut der = vec![UTC_TIME, text.len() as u8];
        der.extend_from_slice(text);
        time(&one(&der).unwrap())
    };
    let generalized = |text: &[u8]| {
        let mut der = vec![GENERALIZED_TIME, text.len() as u8];
        der.extend_from_slice(text);
        time(&one(&der).unwrap())
    };
    // The fixtures' merchant certificate (openssl x509 -startdate -enddate; date +%s).
    assert_eq!(utc(b"261201053146Z"), Ok(1_796_103_106));
    assert_eq!(generalized(b"21261107053146Z"), Ok(4_949_703_106));
    assert_eq!(utc(b"700101000000Z"), Ok(0));
    assert_eq!(utc(b"491231235959Z"), Ok(2_524_607_999));
    assert_eq!(utc(b"240229000000Z"), Ok(1_709_164_800));
    assert_eq!(generalized(b"99991231235959Z"), Ok(253_402_300_799));
    for bad in [
        &b"690101000000Z"[..], // 1969: before the Unix epoch
        b"500101000000Z",      // 1950
        b"230229000000Z",      // not a leap year
        b"240431000000Z",
        b"241301000000Z",
        b"240100000000Z",
        b"240101240000Z",
        b"240101006000Z",
        b"240101000060Z",
        b"2401010000Z",
        b"240101000000+0800",
        b"24010100000Z0",
        b"2401010000001Z",
        b"24010100000aZ",
        b"24+101000000Z",
    ] {
        assert_eq!(
            utc(bad),
            Err(DerError::BadValue),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    assert_eq!(generalized(b"19691231235959Z"), Err(DerError::BadValue));
    assert_eq!(generalized(b"20240101000000.5Z"), Err(DerError::BadValue));
    assert_eq!(
        time(&one(&[0x04, 0x00]).unwrap()),
        Err(DerError::UnexpectedTag)
    );
}

#[test]
fn the_fixture_certificate_walks() {
    // tests/fixtures/v3/fake_merchant_cert.pem as openssl asn1parse shows it.
    let pem = include_str!("../../tests/fixtures/v3/fake_merchant_cert.pem");
    let (label, der) = crate::core::pem::decode(pem.trim().as_bytes()).unwrap();
    assert_eq!(label, "CERTIFICATE");
    let mut reader = Reader::new(&der).unwrap();
    let mut cert = reader.sequence().unwrap();
    reader.finish().unwrap();
    let mut tbs = cert.sequence().unwrap();
    let version = tbs.any().unwrap();
    assert_eq!(version.encoded, &[0xA0, 0x03, 0x02, 0x01, 0x02]);
    let serial = signed(tbs.element(INTEGER).unwrap()).unwrap();
    assert_eq!(
        crate::core::digest::hex_upper(serial),
        "3775C0FFEE00000000000000000000000000000A"
    );
    let mut algorithm = tbs.sequence().unwrap();
    check_oid(algorithm.element(OID).unwrap()).unwrap();
    assert_eq!(algorithm.element(0x05), Ok(&[][..]));
    assert_eq!(tbs.any().unwrap().content.len(), 91); // issuer
    let mut validity = tbs.sequence().unwrap();
    assert_eq!(time(&validity.any().unwrap()), Ok(1_796_103_106));
    assert_eq!(time(&validity.any().unwrap()), Ok(4_949_703_106));
}
