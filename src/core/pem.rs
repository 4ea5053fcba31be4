//! One PEM block (RFC 7468, strict): the label and the DER it carries. Hand-written in place
//! of `pem-rfc7468` 0.7 (with the DER reader, ~40 KB of the v3 wasm module), accepting exactly
//! what it accepted and failing with its messages, which payquery's errors quote:
//! `-----BEGIN LABEL-----`, an end of line (LF, CRLF or CR), base64 in lines of 64 characters
//! (the last one shorter), `-----END LABEL-----` with the same label; no headers, no blank or
//! longer lines, padded canonical base64.
//!
//! The base64 goes through the constant-time decoder (keys are secrets), and every buffer
//! that holds key material is zeroized on drop.

use std::fmt;
use zeroize::Zeroizing;

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";
/// The width of every base64 line but the last.
const LINE: usize = 64;

/// Why a PEM block was refused. `Display` is `pem-rfc7468`'s text for the same failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PemError {
    /// The text does not start with `-----BEGIN `.
    Preamble,
    /// The label is not RFC 7468's (or not followed by `-----` and an end of line).
    Label,
    /// The block does not end with `-----`.
    PreEncapsulationBoundary,
    /// The end line is missing, names another label, or does not start a line.
    PostEncapsulationBoundary,
    /// No base64 at all.
    Base64Length,
    /// Not padded canonical base64 in lines of 64.
    Base64Encoding,
    /// Not base64, and the text has a `:`: RFC 1421 headers (`Proc-Type: …`).
    HeaderDisallowed,
}

impl fmt::Display for PemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PemError::Preamble => "PEM preamble contains invalid data (NUL byte)",
            PemError::Label => "PEM type label invalid",
            PemError::PreEncapsulationBoundary => "PEM error in pre-encapsulation boundary",
            PemError::PostEncapsulationBoundary => "PEM error in post-encapsulation boundary",
            PemError::Base64Length => "PEM Base64 error: invalid Base64 length",
            PemError::Base64Encoding => "PEM Base64 error: invalid Base64 encoding",
            PemError::HeaderDisallowed => "PEM headers disallowed by RFC7468",
        })
    }
}

/// Decodes the PEM block `pem`, which must start with `-----BEGIN `: its label and content.
pub fn decode(pem: &[u8]) -> Result<(&str, Zeroizing<Vec<u8>>), PemError> {
    let (label, text) = encapsulation(pem)?;
    let der = base64_lines(text).map_err(|e| {
        // An invalid character with a colon in sight: most likely a header line.
        if e == PemError::Base64Encoding && pem.contains(&b':') {
            PemError::HeaderDisallowed
        } else {
            e
        }
    })?;
    Ok((label, der))
}

/// Splits the block into its label and the text between the boundary lines.
fn encapsulation(pem: &[u8]) -> Result<(&str, &[u8]), PemError> {
    let data = pem.strip_prefix(BEGIN).ok_or(PemError::Preamble)?;
    let (label, body) = split_label(data).ok_or(PemError::Label)?;
    let body = strip_trailing_eol(body).unwrap_or(body);
    let body = body
        .strip_suffix(DASHES)
        .ok_or(PemError::PreEncapsulationBoundary)?;
    let body = body
        .strip_suffix(label.as_bytes())
        .and_then(|b| b.strip_suffix(END))
        .ok_or(PemError::PostEncapsulationBoundary)?;
    let text = strip_trailing_eol(body).ok_or(PemError::PostEncapsulationBoundary)?;
    Ok((label, text))
}

/// A label character: printable ASCII but `-`.
fn is_label_char(b: u8) -> bool {
    matches!(b, 0x21..=0x2C | 0x2E..=0x7E)
}

/// The label up to `-----` and the end of line after it: label characters, single spaces or
/// tabs between them (not first).
fn split_label(data: &[u8]) -> Option<(&str, &[u8])> {
    let mut n = 0usize;
    let mut last_was_space = false;
    for &b in data {
        if is_label_char(b) {
            last_was_space = false;
        } else if b == b'-' {
            break;
        } else if n != 0 && (b == b' ' || b == b'\t') && !last_was_space {
            last_was_space = true;
        } else {
            return None;
        }
        n += 1;
    }
    let (label, rest) = (data.get(..n)?, data.get(n..)?);
    let label = std::str::from_utf8(label).ok()?;
    Some((label, strip_leading_eol(rest.strip_prefix(DASHES)?)?))
}

fn strip_leading_eol(bytes: &[u8]) -> Option<&[u8]> {
    match bytes {
        [b'\r', b'\n', rest @ ..] | [b'\n' | b'\r', rest @ ..] => Some(rest),
        _ => None,
    }
}

fn strip_trailing_eol(bytes: &[u8]) -> Option<&[u8]> {
    match bytes {
        [head @ .., b'\r', b'\n'] | [head @ .., b'\n' | b'\r'] => Some(head),
        _ => None,
    }
}

/// Decodes base64 in lines of [`LINE`] characters, each followed by an end of line; the last
/// line may be shorter and may keep one end of line. If that leaves an empty last line, the
/// text may not end with padding (`pem-rfc7468` decodes a line before the last without it).
fn base64_lines(mut text: &[u8]) -> Result<Zeroizing<Vec<u8>>, PemError> {
    if text.is_empty() {
        return Err(PemError::Base64Length);
    }
    let mut joined = Zeroizing::new(Vec::with_capacity(text.len()));
    let mut last_empty = false;
    let mut lines = 0usize;
    while !text.is_empty() {
        lines += 1;
        let line = match text.get(LINE..) {
            None | Some([]) => {
                let line = strip_trailing_eol(text).unwrap_or(text);
                text = &[];
                line
            }
            Some(after) => {
                let next = strip_leading_eol(after).ok_or(PemError::Base64Encoding)?;
                let line = text.get(..LINE).ok_or(PemError::Base64Encoding)?;
                text = next;
                line
            }
        };
        last_empty = line.is_empty();
        joined.extend_from_slice(line);
    }
    if joined.is_empty() {
        return Err(PemError::Base64Length);
    }
    if lines > 1 && last_empty && joined.last() == Some(&b'=') {
        return Err(PemError::Base64Encoding);
    }
    let joined = std::str::from_utf8(&joined).map_err(|_| PemError::Base64Encoding)?;
    crate::core::base64::decode(joined)
        .map(Zeroizing::new)
        .ok_or(PemError::Base64Encoding)
}

#[cfg(test)]
#[path = "pem_tests.rs"]
mod tests;
