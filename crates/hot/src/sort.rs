//! The one sort of the crate's users: name/value pairs by name, in byte order.

use crate::xml::Field;

/// Sorts fields (or any name/value pairs) by name, in ASCII byte order, the order of every
/// canonical string, in place. (One sort for every caller: each element type would be another
/// copy of the sort in the module.)
///
/// An insertion sort up to [`INSERTION_MAX`] fields (every real document: stable, and what the
/// standard library's sort does itself at that length), a heapsort beyond (hostile input
/// stays O(n log n)). The standard sort put 4.5 KB into the module for no measurable gain on
/// these lengths.
pub fn sort_by_name(fields: &mut [Field<'_>]) {
    if fields.len() <= INSERTION_MAX {
        insertion_sort(fields);
    } else {
        heapsort(fields);
    }
}

/// Longest slice [`sort_by_name`] sorts by insertion.
const INSERTION_MAX: usize = 40;

/// The name of field `i` (`""` past the end, which no caller asks for).
fn name_at<'a>(fields: &[Field<'a>], i: usize) -> &'a str {
    fields.get(i).map_or("", |f| f.0)
}

/// A field's entry in the insertion sort: the first seven bytes of its name, big-endian and
/// zero-padded, above its index (below [`INSERTION_MAX`], so one byte). Entries whose prefixes
/// differ compare as the names do (a shorter name's padding is below any byte of a longer one,
/// or equal to a zero byte, and then the prefixes tie), so the sort moves and compares plain
/// numbers, and compares whole names (a `memcmp` call) only on ties. Comparing `&str`s and
/// rotating 20-byte fields was most of the sort's time on a 28-field answer.
fn entry(name: &str, index: usize) -> u64 {
    let bytes = name.as_bytes();
    let mut key = [0u8; 8];
    let len = bytes.len().min(7);
    if let (Some(to), Some(from)) = (key.get_mut(..len), bytes.get(..len)) {
        to.copy_from_slice(from);
    }
    u64::from_be_bytes(key) | (index as u64 & 0xff)
}

/// The field index of an entry.
fn index_of(entry: u64) -> usize {
    (entry & 0xff) as usize
}

/// Whether entry `a` sorts before entry `b` (names of `fields`, still in their first order).
fn before(fields: &[Field<'_>], a: u64, b: u64) -> bool {
    if a >> 8 != b >> 8 {
        a < b
    } else {
        name_at(fields, index_of(a)) < name_at(fields, index_of(b))
    }
}

fn insertion_sort(fields: &mut [Field<'_>]) {
    // On the stack: this sort takes at most INSERTION_MAX fields.
    let mut entries = [0u64; INSERTION_MAX];
    let n = fields.len().min(INSERTION_MAX);
    for (i, (e, f)) in entries.iter_mut().zip(fields.iter()).enumerate() {
        *e = entry(f.0, i);
    }
    let at = |entries: &[u64], i: usize| entries.get(i).copied().unwrap_or(0);
    for i in 1..n {
        let e = at(&entries, i);
        let mut j = i;
        while j > 0 && before(fields, e, at(&entries, j - 1)) {
            let moved = at(&entries, j - 1);
            if let Some(slot) = entries.get_mut(j) {
                *slot = moved;
            }
            j -= 1;
        }
        if let Some(slot) = entries.get_mut(j) {
            *slot = e;
        }
    }
    // Position k takes the field first at index_of(entries[k]); one that an earlier swap moved
    // is found by following the entries (each swap puts the field bound for k in place).
    for k in 0..n {
        let mut from = index_of(at(&entries, k));
        while from < k {
            from = index_of(at(&entries, from));
        }
        fields.swap(k, from);
    }
}

fn heapsort(fields: &mut [Field<'_>]) {
    let len = fields.len();
    for root in (0..len / 2).rev() {
        sift_down(fields, root, len);
    }
    for end in (1..len).rev() {
        fields.swap(0, end);
        sift_down(fields, 0, end);
    }
}

/// Restores the max-heap below `root` within `fields[..end]`.
fn sift_down(fields: &mut [Field<'_>], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && name_at(fields, child) < name_at(fields, child + 1) {
            child += 1;
        }
        if name_at(fields, root) >= name_at(fields, child) {
            return;
        }
        fields.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// Names from a small alphabet, so that many repeat.
    fn names(n: usize, seed: u32) -> Vec<String> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let len = 1 + (x >> 28) as usize % 3;
                (0..len)
                    .map(|i| char::from(b'a' + ((x >> (i * 5 + 3)) % 4) as u8))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn sorts_like_the_standard_sort_at_every_length() {
        for n in [0, 1, 2, 3, 7, 20, 39, 40, 41, 64, 257, 1000] {
            for seed in 1..4 {
                let names = names(n, seed);
                let mut fields: Vec<Field<'_>> = names
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (k.as_str(), Cow::Owned(i.to_string())))
                    .collect();
                let mut want = fields.clone();
                want.sort_by(|a, b| a.0.cmp(b.0));
                sort_by_name(&mut fields);
                let got: Vec<&str> = fields.iter().map(|f| f.0).collect();
                let want_names: Vec<&str> = want.iter().map(|f| f.0).collect();
                assert_eq!(got, want_names, "n={n}");
                if n <= INSERTION_MAX {
                    assert_eq!(fields, want, "stable at n={n}");
                }
            }
        }
    }

    /// Names that share long prefixes, hold zero bytes and non-ASCII, and end anywhere around
    /// the eighth byte, where the prefix key stops.
    #[test]
    fn sorts_names_that_tie_on_the_prefix_key() {
        const PREFIXES: [&str; 6] = ["", "abcdef", "abcdefg", "abcdefgh", "abc\0", "中文"];
        const TAILS: [&str; 6] = ["", "\0", "a", "b", "\0\0", "hij"];
        let mut x: u32 = 3;
        let mut next = |n: usize| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 8) as usize % n
        };
        for round in 0..2_000 {
            let len = round % (INSERTION_MAX + 2);
            let names: Vec<String> = (0..len)
                .map(|_| format!("{}{}", PREFIXES[next(6)], TAILS[next(6)]))
                .collect();
            let mut fields: Vec<Field<'_>> = names
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), Cow::Owned(i.to_string())))
                .collect();
            let mut want = fields.clone();
            want.sort_by(|a, b| a.0.cmp(b.0));
            sort_by_name(&mut fields);
            if len <= INSERTION_MAX {
                assert_eq!(fields, want, "{names:?}");
            } else {
                let got: Vec<&str> = fields.iter().map(|f| f.0).collect();
                let want: Vec<&str> = want.iter().map(|f| f.0).collect();
                assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn entries_order_as_names_do() {
        let names = [
            "",
            "\0",
            "a",
            "a\0",
            "ab",
            "abcdefg",
            "abcdefg\0",
            "b",
            "\u{7f}",
            "中",
        ];
        for a in names {
            for b in names {
                if entry(a, 9) >> 8 < entry(b, 3) >> 8 {
                    assert!(a < b, "{a:?} {b:?}");
                }
            }
        }
        assert_eq!(entry("abcdefg", 5) >> 8, entry("abcdefghij", 7) >> 8);
        assert_eq!(index_of(entry("abcdefghij", 39)), 39);
    }

    #[test]
    fn byte_order_puts_upper_case_first() {
        let mut fields = vec![
            ("b", Cow::Borrowed("")),
            ("Z", Cow::Borrowed("")),
            ("a", Cow::Borrowed("")),
        ];
        sort_by_name(&mut fields);
        assert_eq!(
            fields.iter().map(|f| f.0).collect::<Vec<_>>(),
            ["Z", "a", "b"]
        );
    }
}
