//! wasm-bindgen tests of the allocator (`heap`): blocks keep their contents through growth,
//! honour their alignment, do not overlap, and a freed block serves the next request of its class.
#![cfg(not(target_feature = "atomics"))]

use super::heap::class;
use std::alloc::Layout;
use wasm_bindgen_test::wasm_bindgen_test;

/// Fills `len` bytes at `p` with a pattern of `seed`.
fn fill(p: *mut u8, len: usize, seed: u8) {
    for i in 0..len {
        // SAFETY: the caller's block holds `len` bytes.
        unsafe { p.add(i).write(seed.wrapping_add(i as u8)) };
    }
}

/// Whether `len` bytes at `p` still hold the pattern of `seed`.
fn holds(p: *const u8, len: usize, seed: u8) -> bool {
    // SAFETY: the caller's block holds `len` bytes.
    (0..len).all(|i| unsafe { p.add(i).read() } == seed.wrapping_add(i as u8))
}

#[wasm_bindgen_test]
fn blocks_are_aligned_disjoint_and_keep_their_contents() {
    // Sizes around the class edges and beyond a page, alignments up to a page.
    let sizes = [
        1, 15, 16, 17, 31, 100, 1000, 4096, 40_000, 65_536, 65_537, 200_000,
    ];
    let aligns = [1, 8, 16, 64, 4096];
    let mut live = Vec::new();
    for (n, &size) in sizes.iter().enumerate() {
        for (m, &align) in aligns.iter().enumerate() {
            let layout = Layout::from_size_align(size, align).unwrap();
            let p = unsafe { std::alloc::alloc(layout) };
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0, "size {size} align {align}");
            let seed = (n * 7 + m) as u8;
            fill(p, size, seed);
            live.push((p, layout, seed));
        }
    }
    for (p, layout, seed) in &live {
        assert!(holds(*p, layout.size(), *seed), "a block was overwritten");
    }
    for (p, layout, _) in live {
        unsafe { std::alloc::dealloc(p, layout) };
    }
}

#[wasm_bindgen_test]
fn realloc_keeps_the_prefix_and_a_freed_block_is_reused() {
    let mut s = Vec::<u8>::new();
    for i in 0..100_000u32 {
        s.push(i as u8);
    }
    assert!(s.iter().enumerate().all(|(i, b)| *b == i as u8));
    let layout = Layout::from_size_align(48, 8).unwrap();
    let a = unsafe { std::alloc::alloc(layout) };
    unsafe { std::alloc::dealloc(a, layout) };
    // The same class (33 to 64 bytes) gets the block just freed.
    let b = unsafe { std::alloc::alloc(Layout::from_size_align(60, 4).unwrap()) };
    assert_eq!(a, b);
    // A shrink within its class stays in place; a grow past it moves, keeping the contents.
    fill(b, 60, 3);
    let c = unsafe { std::alloc::realloc(b, Layout::from_size_align(60, 4).unwrap(), 40) };
    assert_eq!(b, c);
    let d = unsafe { std::alloc::realloc(c, Layout::from_size_align(40, 4).unwrap(), 1000) };
    assert!(holds(d, 40, 3));
    unsafe { std::alloc::dealloc(d, Layout::from_size_align(1000, 4).unwrap()) };
}

#[wasm_bindgen_test]
fn classes_are_powers_of_two_from_16_bytes_to_2_gib() {
    assert_eq!(class(0, 1), Some(4));
    assert_eq!(class(16, 16), Some(4));
    assert_eq!(class(17, 1), Some(5));
    assert_eq!(class(3, 64), Some(6));
    assert_eq!(class(65_537, 1), Some(17));
    assert_eq!(class(isize::MAX as usize, 1), Some(31));
    // An alignment beyond a page is refused: the largest blocks are only page-aligned.
    assert_eq!(class(1, 1 << 17), None);
}
