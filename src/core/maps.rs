//! Maps built by insertion rather than `collect()`.
//!
//! Collecting into a `BTreeMap` first sorts a vector with the
//! standard library's stable sort, which puts a separate sort implementation per key/value
//! type into the WebAssembly module (about 1.5 KB each). Inserting builds the same map: a key
//! that comes twice keeps its last value either way.

use std::collections::BTreeMap;

/// The map of `pairs`, like `pairs.into_iter().collect()`.
pub fn btree<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_collect_with_repeated_keys() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let collected: BTreeMap<_, _> = pairs.into_iter().collect();
        assert_eq!(btree(pairs), collected);
    }
}
