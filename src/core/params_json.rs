//! The JSON object of params pasted as text, read without serde_json.
//!
//! serde_json's reader (its `Value`, a `BTreeMap<String, Value>` builder, its float parser and
//! power-of-ten table) was 14 KB of the APIv2 module for this one input. This reader accepts
//! exactly what `serde_json::from_str::<Value>` accepted and refuses the rest at the same
//! line and column (checked against serde_json in the tests): strict JSON, nesting below 128
//! levels, a key given twice keeps its last value, and a number is out of range when it
//! rounds to infinity as a double.

/// One member value, as the params reader classifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// `null`: the member is skipped.
    Null,
    /// A string, a boolean (`true`/`false`) or an integer within `i64`/`u64` (its text).
    Text(String),
    /// A fraction, an exponent, `-0`, an integer beyond 64 bits, an array or an object.
    Other,
}

/// Where the text stopped being JSON, as serde_json reports it: 1-based line, and column
/// counted in bytes from the start of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    /// Line of the problem.
    pub line: usize,
    /// Column of the problem.
    pub column: usize,
}

/// serde_json's nesting limit: the 128th open bracket is refused.
const DEPTH: u32 = 128;

/// The members of the JSON object `text` (after its surrounding whitespace is trimmed by the
/// caller), sorted by name, each name once with its last value.
pub fn read_object(text: &str) -> Result<Vec<(String, Member)>, SyntaxError> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        pos: 0,
        depth: DEPTH,
    };
    let out = match r.whitespace() {
        Some(b'{') => r.object()?,
        // Every caller has checked for `{`; the rest is what serde_json says of other text.
        _ => {
            r.value()?;
            Vec::new()
        }
    };
    if r.whitespace().is_some() {
        return Err(r.peek_error());
    }
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

/// A step of the reader: its result, or where the text stopped being JSON.
type Step<T> = Result<T, SyntaxError>;

impl Reader<'_> {
    fn at(&self, index: usize) -> SyntaxError {
        let before = self.bytes.get(..index).unwrap_or(self.bytes);
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        SyntaxError {
            line: 1 + before.iter().filter(|b| **b == b'\n').count(),
            column: index - line_start,
        }
    }

    /// An error at the current position (after what was consumed).
    fn error(&self) -> SyntaxError {
        self.at(self.pos)
    }

    /// An error about the byte at the current position (one past it).
    fn peek_error(&self) -> SyntaxError {
        self.at((self.pos + 1).min(self.bytes.len()))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Skips JSON whitespace; the next byte, not consumed.
    fn whitespace(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
        self.peek()
    }

    /// Any value, classified.
    fn value(&mut self) -> Step<Member> {
        let Some(b) = self.whitespace() else {
            return Err(self.peek_error());
        };
        match b {
            b'n' => self.ident(b"null").map(|()| Member::Null),
            b't' => self
                .ident(b"true")
                .map(|()| Member::Text("true".to_owned())),
            b'f' => self
                .ident(b"false")
                .map(|()| Member::Text("false".to_owned())),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.pos += 1;
                self.string().map(Member::Text)
            }
            b'[' => {
                self.enter()?;
                let list = self.list();
                self.depth += 1;
                list.map(|()| Member::Other)
            }
            b'{' => self.object().map(|_| Member::Other),
            _ => Err(self.peek_error()),
        }
    }

    /// One level deeper, refused at serde_json's limit.
    fn enter(&mut self) -> Step<()> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.peek_error());
        }
        self.pos += 1;
        Ok(())
    }

    fn ident(&mut self, word: &[u8]) -> Step<()> {
        self.pos += 1;
        for expected in word.iter().skip(1) {
            match self.next() {
                Some(b) if b == *expected => {}
                _ => return Err(self.error()),
            }
        }
        Ok(())
    }

    /// The elements of an array, its `[` consumed, through its `]`.
    fn list(&mut self) -> Step<()> {
        let mut first = true;
        loop {
            match self.whitespace() {
                None => return Err(self.peek_error()),
                Some(b']') => break,
                Some(_) if first => first = false,
                Some(b',') => {
                    self.pos += 1;
                    match self.whitespace() {
                        Some(b']') | None => return Err(self.peek_error()),
                        Some(_) => {}
                    }
                }
                Some(_) => return Err(self.peek_error()),
            }
            self.value()?;
        }
        self.pos += 1;
        Ok(())
    }

    /// The members of an object at its `{`, through its `}`: sorted by name, the last value of
    /// a repeated name kept (as a map would).
    fn object(&mut self) -> Step<Vec<(String, Member)>> {
        self.enter()?;
        let mut members: Vec<(String, Member)> = Vec::new();
        let mut first = true;
        loop {
            match self.whitespace() {
                None => return Err(self.peek_error()),
                Some(b'}') => break,
                Some(b'"') if first => first = false,
                Some(_) if first => return Err(self.peek_error()),
                Some(b',') => {
                    self.pos += 1;
                    match self.whitespace() {
                        Some(b'"') => {}
                        _ => return Err(self.peek_error()),
                    }
                }
                Some(_) => return Err(self.peek_error()),
            }
            self.pos += 1;
            let name = self.string()?;
            match self.whitespace() {
                Some(b':') => self.pos += 1,
                _ => return Err(self.peek_error()),
            }
            let value = self.value()?;
            // Callers' params are a few dozen names: an insertion keeps them sorted.
            match members.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
                Ok(i) => {
                    if let Some(slot) = members.get_mut(i) {
                        slot.1 = value;
                    }
                }
                Err(i) => members.insert(i, (name, value)),
            }
        }
        self.pos += 1;
        self.depth += 1;
        Ok(members)
    }

    /// A string's contents, its opening quote consumed, through its closing quote.
    fn string(&mut self) -> Step<String> {
        let mut out = Vec::new();
        loop {
            let Some(b) = self.next() else {
                return Err(self.error());
            };
            match b {
                b'"' => break,
                b'\\' => self.escape(&mut out)?,
                0..=0x1f => return Err(self.error()),
                _ => out.push(b),
            }
        }
        // Bytes of the (UTF-8) text and whole characters from escapes only.
        String::from_utf8(out).map_err(|_| self.error())
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Step<()> {
        let Some(b) = self.next() else {
            return Err(self.error());
        };
        let byte = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => return self.unicode_escape(out),
            _ => return Err(self.error()),
        };
        out.push(byte);
        Ok(())
    }

    /// Four hex digits, or the error serde_json gives (at the end of the text when fewer
    /// than four bytes are left).
    fn hex4(&mut self) -> Step<u16> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            self.pos = self.bytes.len();
            return Err(self.error());
        };
        self.pos += 4;
        let mut n: u16 = 0;
        for d in digits {
            let v = char::from(*d).to_digit(16).ok_or_else(|| self.error())?;
            n = (n << 4) | v as u16;
        }
        Ok(n)
    }

    fn unicode_escape(&mut self, out: &mut Vec<u8>) -> Step<()> {
        let n = self.hex4()?;
        let c = match n {
            0xDC00..=0xDFFF => return Err(self.error()),
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    match self.peek() {
                        None => return Err(self.error()),
                        Some(b) => {
                            self.pos += 1;
                            if b != expected {
                                return Err(self.error());
                            }
                        }
                    }
                }
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error());
                }
                0x1_0000 + ((u32::from(n) - 0xD800) << 10 | (u32::from(low) - 0xDC00))
            }
            _ => u32::from(n),
        };
        let c = char::from_u32(c).ok_or_else(|| self.error())?;
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }

    /// A number: `Text` for an integer serde_json reads as `i64`/`u64` (its text is the
    /// input's), `Other` for any other valid number, an error where serde_json gives one.
    fn number(&mut self) -> Step<Member> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.next() {
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error());
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error()),
        }
        let int_end = self.pos;
        let mut frac = int_end..int_end;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let from = self.pos;
            self.digits();
            if self.pos == from {
                return Err(self.peek_error());
            }
            frac = from..self.pos;
        }
        let mut exponent: i64 = 0;
        let has_exponent = matches!(self.peek(), Some(b'e' | b'E'));
        let bytes = self.bytes;
        let digits_of = |r: std::ops::Range<usize>| bytes.get(r).unwrap_or_default();
        let int_digits = digits_of(int_start..int_end);
        let frac_digits = digits_of(frac.clone());
        let zero = int_digits.iter().chain(frac_digits).all(|d| *d == b'0');
        if has_exponent {
            self.pos += 1;
            let positive = match self.peek() {
                Some(b'+') => {
                    self.pos += 1;
                    true
                }
                Some(b'-') => {
                    self.pos += 1;
                    false
                }
                _ => true,
            };
            let mut exp: i32 = match self.next() {
                Some(d @ b'0'..=b'9') => i32::from(d - b'0'),
                _ => return Err(self.error()),
            };
            while let Some(d @ b'0'..=b'9') = self.peek() {
                self.pos += 1;
                match exp
                    .checked_mul(10)
                    .and_then(|e| e.checked_add(i32::from(d - b'0')))
                {
                    Some(e) => exp = e,
                    // serde_json: a positive exponent beyond i32 is out of range (unless the
                    // number is zero); a negative one makes zero.
                    None if positive && !zero => return Err(self.error()),
                    None => {
                        self.digits();
                        return Ok(Member::Other);
                    }
                }
            }
            exponent = if positive {
                i64::from(exp)
            } else {
                -i64::from(exp)
            };
        }
        if !zero && rounds_to_infinity(int_digits, frac_digits, exponent) {
            return Err(self.error());
        }
        if has_exponent || !frac.is_empty() {
            return Ok(Member::Other);
        }
        if !integer_fits(int_digits, negative) {
            return Ok(Member::Other);
        }
        // The input's text, which is how serde_json writes the integer back.
        let text = std::str::from_utf8(digits_of(start..self.pos)).unwrap_or_default();
        Ok(Member::Text(text.to_owned()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}

/// Whether the integer of `digits` (no leading zero but for `0`) is one serde_json reads as
/// an integer: at most `u64::MAX`, or when negative from 1 to 2^63 (`-0` is a float).
fn integer_fits(digits: &[u8], negative: bool) -> bool {
    let mut n: u64 = 0;
    for d in digits {
        match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
        {
            Some(v) => n = v,
            None => return false,
        }
    }
    !negative || (1..=1u64 << 63).contains(&n)
}

/// The decimal digits of 2^1024 - 2^970, halfway between `f64::MAX` and 2^1024: a decimal at
/// or above it rounds to infinity (a tie goes to the even 2^1024).
const HALFWAY: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether the non-zero decimal `int.frac × 10^exponent` rounds to infinity as an `f64`.
fn rounds_to_infinity(int: &[u8], frac: &[u8], exponent: i64) -> bool {
    let all: Vec<u8> = int.iter().chain(frac).copied().collect();
    let first = all.iter().position(|d| *d != b'0').unwrap_or(all.len());
    let significant = all.get(first..).unwrap_or_default();
    // The value is 0.significant × 10^top: its leading digit is worth 10^(top - 1).
    let top = int.len() as i64 - first as i64 + exponent;
    let halfway_top = HALFWAY.len() as i64;
    if top != halfway_top {
        return top > halfway_top;
    }
    let width = significant.len().max(HALFWAY.len());
    let digit = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(b'0');
    for i in 0..width {
        let (a, b) = (digit(significant, i), digit(HALFWAY, i));
        if a != b {
            return a > b;
        }
    }
    true
}

#[cfg(test)]
#[path = "params_json_tests.rs"]
mod tests;
