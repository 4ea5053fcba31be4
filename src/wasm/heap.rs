//! The module's memory allocator: power-of-two size classes with one free list each, in place
//! of std's dlmalloc (issue 12: dlmalloc is about 5.5 KB of every module, this well under 1 KB).
//!
//! A request is rounded up to a power of two of at least 16 bytes (its class). A freed block goes
//! on its class's free list and serves the next request of that class. A class below 64 KiB with
//! an empty list splits a block of the class above in two halves; a class of 64 KiB or more
//! grows the memory by that many pages. So every block is aligned to its own size (or to the
//! 64 KiB page above that), which covers any alignment up to its size. Blocks are never merged:
//! what a call needs is a handful of classes, whose lists stay stocked from one call to the next
//! (a steady workload stops growing the memory once warm, as with dlmalloc).
//!
//! Why that is sound here: wasm32 without the atomics feature has one thread, so the lists are
//! never touched by two callers at once; the module's own memory above what it had at start is
//! grown only here (wasm-bindgen allocates through this allocator too).
//! Speed: allocation and free are a list pop and push; signV2, verifyV2Xml, buildV2Xml and the
//! APIv3 calls were measured against dlmalloc (see the commit that brought this file).

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

/// Classes are 2^4 (16 bytes) to 2^31; `CLASSES` free-list heads, by the class's exponent.
const CLASSES: usize = 32;
const MIN_CLASS: u32 = 4;
/// A wasm page: 2^16 bytes.
const PAGE_CLASS: u32 = 16;

/// The free lists: the address of each class's first free block, 0 for none. A free block holds
/// the address of the next one in its first four bytes.
struct Heap(UnsafeCell<[usize; CLASSES]>);

// SAFETY: wasm32 without atomics runs one thread (see the module's documentation).
unsafe impl Sync for Heap {}

#[global_allocator]
static HEAP: Heap = Heap(UnsafeCell::new([0; CLASSES]));

/// The class (the exponent of the block size) of a request, `None` beyond 2^31 bytes or for an
/// alignment beyond a page (which no type here asks for: the largest blocks are only
/// page-aligned).
pub(super) fn class(size: usize, align: usize) -> Option<u32> {
    if align > 1 << PAGE_CLASS {
        return None;
    }
    let need = size.max(align).max(1 << MIN_CLASS);
    let block = need.checked_next_power_of_two()?;
    let class = block.trailing_zeros();
    (class < CLASSES as u32).then_some(class)
}

impl Heap {
    /// A block of 2^`class` bytes aligned to its size (or a page), or 0 when memory cannot grow.
    ///
    /// # Safety
    /// No other call into this heap may be running (one thread, see the module's documentation).
    unsafe fn take(&self, class: u32) -> usize {
        let lists = &mut *self.0.get();
        let Some(head) = lists.get_mut(class as usize) else {
            return 0;
        };
        if *head != 0 {
            let block = *head;
            *head = *(block as *const usize);
            return block;
        }
        if class >= PAGE_CLASS {
            let pages = 1usize << (class - PAGE_CLASS);
            let first = core::arch::wasm32::memory_grow(0, pages);
            return if first == usize::MAX {
                0
            } else {
                first << PAGE_CLASS
            };
        }
        // Split a block of the class above: its upper half goes on this class's list.
        let block = self.take(class + 1);
        if block != 0 {
            self.give(class, block + (1 << class));
        }
        block
    }

    /// Puts a block of 2^`class` bytes on its class's free list.
    ///
    /// # Safety
    /// `block` is a block of that class no longer in use, and no other call into this heap may
    /// be running.
    unsafe fn give(&self, class: u32, block: usize) {
        let lists = &mut *self.0.get();
        if let Some(head) = lists.get_mut(class as usize) {
            *(block as *mut usize) = *head;
            *head = block;
        }
    }
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout.size(), layout.align()) {
            Some(c) => self.take(c) as *mut u8,
            None => core::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(c) = class(layout.size(), layout.align()) {
            self.give(c, ptr as usize);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let (old, new) = (
            class(layout.size(), layout.align()),
            class(new_size, layout.align()),
        );
        // Still fits its block (a String growing within its power of two, or shrinking by less
        // than half): nothing moves.
        if old.is_some() && old == new {
            return ptr;
        }
        let Some(new) = new else {
            return core::ptr::null_mut();
        };
        let moved = self.take(new) as *mut u8;
        if !moved.is_null() {
            core::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        moved
    }
}
