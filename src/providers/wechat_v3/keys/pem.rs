//! The PEM text of a configured key or certificate: one block, its label checked by the caller.

use crate::core::pem;
use crate::error::{describe_refused, Error, Result};
use zeroize::Zeroizing;

/// `INVALID_CONFIG`: `field` holds a PEM block labelled `label` where `BEGIN {expected}` was
/// wanted. One message for the private key, the public key and certificates.
pub(super) fn wrong_label(field: &str, label: &str, expected: &str) -> Error {
    Error::invalid_config(format!(
        "{field} is a {} PEM block; expected BEGIN {expected}",
        shown_label(label)
    ))
}

/// A PEM label for a message: shown when it looks like one (`EC PRIVATE KEY`, `X509 CRL`: at
/// most 24 uppercase letters, digits and spaces), otherwise described, since the label is the
/// caller's text and a secret pasted around `-----BEGIN ` would be quoted whole.
fn shown_label(label: &str) -> String {
    let plain = (1..=24).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ');
    if plain {
        format!("\"{label}\"")
    } else {
        format!("[{}]", describe_refused(label))
    }
}

/// Decodes one PEM block, mapping every failure to `INVALID_CONFIG` for `field`.
pub(super) fn pem_block(field: &str, pem: &str) -> Result<(String, Zeroizing<Vec<u8>>)> {
    let text = pem.trim();
    // Keys pasted into environment variables often arrive with `\n` escapes instead of newlines.
    // A byte search: a `str` pattern links core's two-way substring searcher (1.8 KB).
    let hint = if text.as_bytes().windows(2).any(|w| w == b"\\n") {
        " (it contains a literal \\n: replace those with real newlines)"
    } else {
        ""
    };
    if !text.starts_with("-----BEGIN ") {
        return Err(Error::invalid_config(format!(
            "{field} must be a PEM text starting with -----BEGIN{hint}"
        )));
    }
    pem::decode(text.as_bytes())
        .map(|(label, der)| (label.to_owned(), der))
        .map_err(|e| {
            Error::invalid_config(format!(
                "{field} is not a valid PEM block ({e}); give exactly one BEGIN/END block{hint}"
            ))
        })
}
