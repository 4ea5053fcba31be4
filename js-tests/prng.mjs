// The tests' one seeded generator: a failure found by a generated input can be replayed from its seed.

/** mulberry32: a tiny seedable generator of numbers in [0, 1); good enough to pick inputs. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
