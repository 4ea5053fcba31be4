//! IPv4 and IPv6 address text, read by the same grammar as the standard library's
//! `Ipv4Addr`/`Ipv6Addr` `FromStr` (strict dotted quads without leading zeros; hex groups, one
//! `::`, a trailing embedded IPv4), so that a base URL is judged loopback exactly as before.
//! Written here because the standard library's parsers come precompiled for speed and cost
//! every module about 3.4 KB for a check that runs once per client (measured with twiggy; the
//! tests hold this reader to `std` on every input they generate).

/// A cursor over the text; every `read_*` leaves it where it was when it fails.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// Runs `f`, rewinding on failure.
    fn atomically<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let start = self.at;
        let out = f(self);
        if out.is_none() {
            self.at = start;
        }
        out
    }

    fn read_char(&mut self, c: u8) -> Option<()> {
        self.atomically(|r| (r.text.get(r.at) == Some(&c)).then(|| r.at += 1))
    }

    /// Up to `max_digits` digits in `radix` (at least one), as `std` reads them: a leading zero
    /// followed by more digits is refused unless `zero_prefix`, and the value must fit `limit`.
    fn read_number(
        &mut self,
        radix: u32,
        max_digits: usize,
        zero_prefix: bool,
        limit: u32,
    ) -> Option<u32> {
        self.atomically(|r| {
            let mut value: u32 = 0;
            let mut digits = 0;
            let first = r.at;
            while digits < max_digits {
                let Some(d) = r
                    .text
                    .get(r.at)
                    .and_then(|&b| char::from(b).to_digit(radix))
                else {
                    break;
                };
                value = value * radix + d;
                digits += 1;
                r.at += 1;
            }
            if digits == 0 || value > limit {
                return None;
            }
            if !zero_prefix && digits > 1 && r.text.get(first) == Some(&b'0') {
                return None;
            }
            Some(value)
        })
    }

    fn read_ipv4(&mut self) -> Option<[u8; 4]> {
        self.atomically(|r| {
            let mut out = [0u8; 4];
            for (i, octet) in out.iter_mut().enumerate() {
                if i > 0 {
                    r.read_char(b'.')?;
                }
                *octet = u8::try_from(r.read_number(10, 3, false, 255)?).ok()?;
            }
            Some(out)
        })
    }

    /// Reads up to `groups.len()` groups (the `i`th after a `:`); the last two may be one
    /// embedded IPv4 address. Returns how many groups were read and whether IPv4 ended them.
    fn read_groups(&mut self, groups: &mut [u16]) -> (usize, bool) {
        let limit = groups.len();
        for i in 0..limit {
            if i + 1 < limit {
                let v4 = self.atomically(|r| {
                    if i > 0 {
                        r.read_char(b':')?;
                    }
                    r.read_ipv4()
                });
                if let Some([a, b, c, d]) = v4 {
                    let pair = [u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])];
                    for (slot, group) in groups.iter_mut().skip(i).zip(pair) {
                        *slot = group;
                    }
                    return (i + 2, true);
                }
            }
            let group = self.atomically(|r| {
                if i > 0 {
                    r.read_char(b':')?;
                }
                r.read_number(16, 4, true, 0xffff)
            });
            match (group, groups.get_mut(i)) {
                (Some(g), Some(slot)) => *slot = g as u16,
                _ => return (i, false),
            }
        }
        (limit, false)
    }

    fn read_ipv6(&mut self) -> Option<[u16; 8]> {
        self.atomically(|r| {
            let mut head = [0u16; 8];
            let (head_size, head_v4) = r.read_groups(&mut head);
            if head_size == 8 {
                return Some(head);
            }
            // An embedded IPv4 address only ends the address, never comes before `::`.
            if head_v4 {
                return None;
            }
            r.read_char(b':')?;
            r.read_char(b':')?;
            // `::` stands for at least one group of zeros.
            let mut tail = [0u16; 7];
            let limit = 8 - (head_size + 1);
            let (tail_size, _) = r.read_groups(tail.get_mut(..limit)?);
            for (slot, group) in head.iter_mut().skip(8 - tail_size).zip(tail) {
                *slot = group;
            }
            Some(head)
        })
    }
}

/// Reads all of `text` with `read`, or nothing.
fn whole<'a, T>(text: &'a str, read: impl FnOnce(&mut Reader<'a>) -> Option<T>) -> Option<T> {
    let mut r = Reader {
        text: text.as_bytes(),
        at: 0,
    };
    read(&mut r).filter(|_| r.at == r.text.len())
}

/// The octets of a dotted-quad IPv4 address, as `text.parse::<std::net::Ipv4Addr>()` reads it.
pub fn ipv4(text: &str) -> Option<[u8; 4]> {
    whole(text, Reader::read_ipv4)
}

/// The eight groups of an IPv6 address, as `text.parse::<std::net::Ipv6Addr>()` reads it.
pub fn ipv6(text: &str) -> Option<[u16; 8]> {
    whole(text, Reader::read_ipv6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn same(text: &str) {
        assert_eq!(
            ipv4(text),
            text.parse::<Ipv4Addr>().ok().map(|a| a.octets()),
            "ipv4 {text:?}"
        );
        assert_eq!(
            ipv6(text),
            text.parse::<Ipv6Addr>().ok().map(|a| a.segments()),
            "ipv6 {text:?}"
        );
    }

    #[test]
    fn reads_what_std_reads() {
        for text in [
            "",
            ".",
            "127.0.0.1",
            "127.1",
            "127.0.0.01",
            "127.0.0.256",
            "0.0.0.0",
            "255.255.255.255",
            "1.2.3.4.",
            "01.2.3.4",
            "1.2.3.04",
            "1.2.3.4 ",
            " 1.2.3.4",
            "1..2.3",
            "+1.2.3.4",
            "1.2.3.-4",
            "1234.1.1.1",
            "1.2.3.4/8",
            "::",
            "::1",
            "0::1",
            "::0:1",
            "0:0:0:0:0:0:0:1",
            "0000:0000::0001",
            "00000::1",
            "::00001",
            "::1:",
            ":::1",
            "1::2::3",
            "::0.0.0.1",
            "::ffff:127.0.0.1",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7",
            "::1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:1.2.3.4",
            "1.2.3.4::",
            "1.2.3.4::1",
            "::1.2.3.4:1",
            "fe80::1%eth0",
            "FFFF::",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "g::1",
            "::1.2.3",
            "::1.2.3.4.5",
            "::01.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::0:0.0.0.1",
            "0:0:0:0:0:0:0.0.0.1",
            "[::1]",
            "::1]",
            "1::",
        ] {
            same(text);
        }
    }

    #[test]
    fn reads_what_std_reads_over_generated_text() {
        // Every sequence of up to five tokens from an alphabet that exercises each rule.
        let tokens = [
            "", "0", "1", "00", "01", "127", "255", "256", "ffff", "0001", "00001", ":", "::", ".",
            "a", "1.2.3.4", "0.0.0.1",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &texts {
                for token in tokens {
                    next.push(format!("{t}{token}"));
                }
            }
            texts.extend(next);
            texts.sort();
            texts.dedup();
        }
        assert!(texts.len() > 100_000);
        for text in &texts {
            same(text);
        }
    }
}
