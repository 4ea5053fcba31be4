//! JSON text for JavaScript written without serde: [`string_object`] for string pairs (the
//! results are written by `core::json_write`), and in tests the serde_json writer results were
//! written with before, kept as the reference `json_write`'s text is compared against.

use payquery_hot::json::push_ascii_string;

/// `{"name":"value",…}` for string pairs, in the order given, written without serde and in
/// ASCII only (`payquery_hot::json::push_ascii_string`: runtimes decode ASCII from wasm memory
/// several times faster than UTF-8).
pub fn string_object<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::with_capacity(1024);
    out.push('{');
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_ascii_string(&mut out, k);
        out.push(':');
        push_ascii_string(&mut out, v);
    }
    out.push('}');
    out
}

/// The serde_json writer results were written with before `core::json_write` (compact, integers
/// beyond `Number.MAX_SAFE_INTEGER` refused), kept as the reference its tests compare against.
#[cfg(test)]
pub mod reference {
    use serde::Serialize;
    use serde_json::ser::{CompactFormatter, Formatter};
    use std::io;

    /// Largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
    const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

    /// Writes `value` as JSON text; integers outside ±`Number.MAX_SAFE_INTEGER` are an error,
    /// whose message is returned.
    pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
        let mut out = Vec::with_capacity(512);
        let mut formatter = SafeIntegers { refused: None };
        let written = value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out,
            &mut formatter,
        ));
        if written.is_err() {
            return Err(formatter
                .refused
                .unwrap_or_else(|| "the value has no JSON form".to_owned()));
        }
        String::from_utf8(out).map_err(|_| "the JSON text is not UTF-8".to_owned())
    }

    /// [`to_json`] with its string literals rewritten as `push_ascii_string` writes them
    /// (`\uXXXX` for control characters and everything beyond ASCII, as UTF-16 units): the text
    /// `json_write` must produce byte for byte. Only string literals change.
    pub fn to_ascii_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
        Ok(asciify(&to_json(value)?))
    }

    /// Rewrites the string literals of serde_json's text in ASCII (see [`to_ascii_json`]).
    pub fn asciify(text: &str) -> String {
        let mut out = String::new();
        let mut in_string = false;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match (in_string, c) {
                (false, '"') => {
                    in_string = true;
                    out.push('"');
                }
                (false, c) => out.push(c),
                (true, '"') => {
                    in_string = false;
                    out.push('"');
                }
                (true, '\\') => {
                    let e = chars.next().unwrap();
                    let unit = match e {
                        '"' | '\\' => {
                            out.push('\\');
                            out.push(e);
                            continue;
                        }
                        'n' => 0x0a,
                        'r' => 0x0d,
                        't' => 0x09,
                        'b' => 0x08,
                        'f' => 0x0c,
                        'u' => {
                            let hex: String = chars.by_ref().take(4).collect();
                            u16::from_str_radix(&hex, 16).unwrap()
                        }
                        other => panic!("serde_json wrote the escape \\{other}"),
                    };
                    out.push_str(&format!("\\u{unit:04x}"));
                }
                (true, c) if (' '..'\u{7f}').contains(&c) => out.push(c),
                (true, c) => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        }
        out
    }

    /// serde_json's compact output, refusing integers a JavaScript number cannot hold exactly;
    /// `refused` says why it stopped.
    struct SafeIntegers {
        refused: Option<String>,
    }

    impl SafeIntegers {
        /// Records `message` and returns the (payload-free) error that stops the writer.
        fn refuse(&mut self, message: String) -> io::Error {
            self.refused = Some(message);
            io::ErrorKind::InvalidData.into()
        }
    }

    /// Checks the magnitude, then writes the integer as serde_json does.
    macro_rules! checked {
        ($($name:ident($ty:ty)),* $(,)?) => {
            $(fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W, v: $ty) -> io::Result<()> {
                if u128::from(v.unsigned_abs()) > u128::from(MAX_SAFE_INTEGER) {
                    return Err(self.refuse(unrepresentable(v)));
                }
                CompactFormatter.$name(w, v)
            })*
        };
    }

    /// The unsigned counterparts, which have no `unsigned_abs`.
    macro_rules! checked_unsigned {
        ($($name:ident($ty:ty)),* $(,)?) => {
            $(fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W, v: $ty) -> io::Result<()> {
                if u128::from(v) > u128::from(MAX_SAFE_INTEGER) {
                    return Err(self.refuse(unrepresentable(v)));
                }
                CompactFormatter.$name(w, v)
            })*
        };
    }

    fn unrepresentable(v: impl std::fmt::Display) -> String {
        format!("{v} can't be represented as a JavaScript number")
    }

    impl Formatter for &mut SafeIntegers {
        // 8- to 32-bit integers always fit; serde_json's defaults write them.
        checked! { write_i64(i64), write_i128(i128) }
        checked_unsigned! { write_u64(u64), write_u128(u128) }

        /// A `RawValue` would be copied unchecked (a number in it could exceed 2^53); no result
        /// held one.
        fn write_raw_fragment<W: ?Sized + io::Write>(
            &mut self,
            _: &mut W,
            _: &str,
        ) -> io::Result<()> {
            Err(self.refuse("raw JSON fragments are not written to JavaScript".to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reference::to_json;
    use super::string_object;
    use serde_json::json;

    #[test]
    fn safe_integers_are_written_and_larger_ones_refused() {
        let ok =
            json!({"max": 9_007_199_254_740_991u64, "min": -9_007_199_254_740_991i64, "f": 1.5});
        assert_eq!(
            to_json(&ok).unwrap(),
            r#"{"f":1.5,"max":9007199254740991,"min":-9007199254740991}"#
        );
        for (value, text) in [
            (json!(9_007_199_254_740_992u64), "9007199254740992"),
            (
                json!({"a": [-9_007_199_254_740_992i64]}),
                "-9007199254740992",
            ),
            (json!(u64::MAX), "18446744073709551615"),
        ] {
            let err = to_json(&value).unwrap_err().to_string();
            assert_eq!(
                err,
                format!("{text} can't be represented as a JavaScript number")
            );
        }
        assert!(to_json(&(1u128 << 60)).is_err());
        assert!(to_json(&-(1i128 << 60)).is_err());
        assert_eq!(to_json(&(1u128 << 52)).unwrap(), "4503599627370496");
    }

    #[test]
    fn strings_are_escaped_for_json_parse() {
        assert_eq!(
            to_json("q\" b\\ n\n nul\u{0} 中").unwrap(),
            r#""q\" b\\ n\n nul\u0000 中""#
        );
    }

    #[test]
    fn string_objects_are_ascii_json_that_reads_back_the_same() {
        let pairs = [
            ("a", "plain"),
            ("q", "\"quote\" \\ back\nnl\u{0}\u{1f}\u{7f}"),
            ("中", "中文 😀 \u{FFFD}"),
            ("", ""),
        ];
        let text = string_object(pairs);
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains(r#""a":"plain""#));
        assert!(text.contains(r"\ud83d\ude00"), "{text}");
        let back: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        let back: Vec<(&str, &str)> = back
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
            .collect();
        let mut want = pairs.to_vec();
        want.sort_unstable();
        assert_eq!(back, want);
        assert_eq!(string_object([]), "{}");
    }
}
