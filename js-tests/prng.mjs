// The tests' one seeded generator: a failure found by a generated input can be replayed from its seed.
// It is the sandbox's own (sandbox/faults.js, which seeds its chaos mode with it), not a copy.
import { createRequire } from 'node:module';

/** mulberry32: a tiny seedable generator of numbers in [0, 1); good enough to pick inputs. */
export const mulberry32 = createRequire(import.meta.url)('../sandbox/faults.js').seeded;
