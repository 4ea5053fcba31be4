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

fn insertion_sort(fields: &mut [Field<'_>]) {
    for i in 1..fields.len() {
        let name = name_at(fields, i);
        let mut j = i;
        while j > 0 && name < name_at(fields, j - 1) {
            j -= 1;
        }
        if let Some(run) = fields.get_mut(j..=i) {
            run.rotate_right(1);
        }
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
