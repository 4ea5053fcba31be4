//! The reader behind [`crate::core::json_value`]: a recursive descent over the bytes that
//! refuses what serde_json refused, at the position serde_json reported (see there).

use crate::core::json_number::rounds_to_infinity;
use crate::core::json_value::{ParseError, Value};
use std::ops::Range;

/// serde_json's nesting limit: the 128th open bracket is refused.
const DEPTH: u32 = 128;

/// A reader over one JSON text.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

/// A step of the reader: its result, or why the text is not JSON.
type Step<T> = Result<T, ParseError>;

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            depth: DEPTH,
        }
    }

    /// The whole text as one value, nothing but whitespace after it, and the byte ranges of
    /// the members' values when it is an object.
    pub fn document(mut self) -> Step<(Value, Vec<Range<usize>>)> {
        let mut ranges = Vec::new();
        let value = match self.whitespace() {
            Some(b'{') => Value::Object(self.object(Some(&mut ranges))?),
            _ => self.value()?,
        };
        if self.whitespace().is_some() {
            return Err(self.peek_error());
        }
        Ok((value, ranges))
    }

    fn at(&self, index: usize) -> ParseError {
        let before = self.bytes.get(..index).unwrap_or(self.bytes);
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        ParseError::Syntax {
            line: 1 + before.iter().filter(|b| **b == b'\n').count(),
            column: index - line_start,
        }
    }

    /// An error at the current position (after what was consumed).
    fn error(&self) -> ParseError {
        self.at(self.pos)
    }

    /// An error about the byte at the current position (one past it).
    fn peek_error(&self) -> ParseError {
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

    /// Any value.
    fn value(&mut self) -> Step<Value> {
        let Some(b) = self.whitespace() else {
            return Err(self.peek_error());
        };
        match b {
            b'n' => self.ident(b"null").map(|()| Value::Null),
            b't' => self.ident(b"true").map(|()| Value::Bool(true)),
            b'f' => self.ident(b"false").map(|()| Value::Bool(false)),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            b'"' => {
                self.pos += 1;
                self.string().map(Value::String)
            }
            b'[' => {
                self.enter()?;
                let list = self.list();
                self.depth += 1;
                list.map(Value::Array)
            }
            b'{' => self.object(None).map(Value::Object),
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
    fn list(&mut self) -> Step<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            match self.whitespace() {
                None => return Err(self.peek_error()),
                Some(b']') => break,
                Some(_) if items.is_empty() => {}
                Some(b',') => {
                    self.pos += 1;
                    match self.whitespace() {
                        Some(b']') | None => return Err(self.peek_error()),
                        Some(_) => {}
                    }
                }
                Some(_) => return Err(self.peek_error()),
            }
            items.push(self.value()?);
        }
        self.pos += 1;
        Ok(items)
    }

    /// The members of an object at its `{`, through its `}`, in document order; with `spans`,
    /// the byte range of each member's value.
    // Not inlined: the top-level call (with spans) would otherwise carry a second copy.
    #[inline(never)]
    fn object(&mut self, mut spans: Option<&mut Vec<Range<usize>>>) -> Step<Vec<(String, Value)>> {
        self.enter()?;
        let mut members: Vec<(String, Value)> = Vec::new();
        loop {
            match self.whitespace() {
                None => return Err(self.peek_error()),
                Some(b'}') => break,
                Some(b'"') if members.is_empty() => {}
                Some(_) if members.is_empty() => return Err(self.peek_error()),
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
            self.whitespace();
            let start = self.pos;
            let value = self.value()?;
            if let Some(spans) = spans.as_deref_mut() {
                spans.push(start..self.pos);
            }
            members.push((name, value));
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
        // Whole characters from escapes; the text's own bytes may not be UTF-8.
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

    /// A number's text, or an error where serde_json gives one (a malformed number, or one
    /// that rounds to infinity as a double).
    fn number(&mut self) -> Step<String> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
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
        let bytes = self.bytes;
        let digits_of = |r: Range<usize>| bytes.get(r).unwrap_or_default();
        let text = |end: usize| {
            std::str::from_utf8(digits_of(start..end))
                .unwrap_or_default()
                .to_owned()
        };
        let int_digits = digits_of(int_start..int_end);
        let frac_digits = digits_of(frac);
        let zero = int_digits.iter().chain(frac_digits).all(|d| *d == b'0');
        let mut exponent: i64 = 0;
        if matches!(self.peek(), Some(b'e' | b'E')) {
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
                        return Ok(text(self.pos));
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
        Ok(text(self.pos))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}
