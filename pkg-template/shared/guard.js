// The receiver check of every client method, in JavaScript, before the call reaches wasm.
//
// Why: wasm-bindgen's generated methods hand `this.__wbg_ptr` to Rust, and Rust *throws* when it
// is 0 (a freed client, `free()` twice, a method taken off its object, a prototype) or when
// `free()` runs while a method of the same client is still on the stack (a getter or a signer
// that frees the client). A JS exception that unwinds through wasm frames skips their epilogues:
// the module's shadow stack pointer is never restored, and a few thousand such throws corrupt
// the instance's memory for every later call, every client, every caller of the process. So no
// such call may reach wasm: a bad receiver is a coded PayQueryError here, `free()` is idempotent,
// and a `free()` during a call of the same client waits until that call has returned.
//
// Shipped beside each wasm-bindgen glue by scripts/assemble.js, like resilience.js.
import { PayQueryError } from '__ERROR_MODULE__';

/**
 * Methods that return a promise: their receiver errors reject instead of throwing, as every
 * other failure of theirs does (js-tests/client-guard.test.mjs checks this list against the
 * built classes).
 */
export const ASYNC_METHODS = new Set([
  'queryOrder',
  'queryCombineOrder',
  'handleNotification',
  'parseNotification',
  'verifyResponse',
  'buildAuthorization',
  'downloadPlatformCertificates',
]);

/** Per client: calls in progress, and whether `free()` was asked for meanwhile. */
const inUse = new WeakMap();

/**
 * Why `self` cannot be used as a `className` client, or null when it can. Reads nothing but the
 * prototype chain and `__wbg_ptr`, catching any trap a Proxy receiver sets on those.
 */
function refusal(C, className, self, method) {
  let ptr;
  try {
    if (!(self instanceof C)) ptr = undefined;
    else ptr = self.__wbg_ptr;
  } catch {
    ptr = undefined;
  }
  if (ptr === 0) {
    return new PayQueryError('CLIENT_FREED', `this ${className} was freed (free() or a \`using\` block ended) and cannot be used: create a new client`);
  }
  if (typeof ptr !== 'number') {
    return new PayQueryError(
      'INVALID_ARGUMENT',
      `${className}#${method} was called without a ${className} client as \`this\` (a method taken off its object?): call it as client.${method}(…), or bind it`,
    );
  }
  return null;
}

function guardMethod(C, className, name, method) {
  const isAsync = ASYNC_METHODS.has(name);
  // A named function expression keeps `client.queryOrder.name === 'queryOrder'`.
  const guarded = {
    [name](...args) {
      const refused = refusal(C, className, this, name);
      if (refused) {
        if (isAsync) return Promise.reject(refused);
        throw refused;
      }
      // One state per client for its lifetime (the WeakMap holds it weakly): no allocation,
      // insertion or deletion on the hot path of every call.
      let state = inUse.get(this);
      if (state === undefined) inUse.set(this, (state = { calls: 0, freeLater: false }));
      state.calls += 1;
      try {
        return method.apply(this, args);
      } finally {
        state.calls -= 1;
        if (state.calls === 0 && state.freeLater) {
          state.freeLater = false;
          freeNow(C, this);
        }
      }
    },
  }[name];
  return guarded;
}

const rawFree = new WeakMap();

function freeNow(C, self) {
  if (self.__wbg_ptr !== 0) rawFree.get(C).call(self);
}

/**
 * Replaces every method of each `[name, class]` pair by its guarded form, `free()` by an
 * idempotent one that waits for the client's calls in progress, and `Symbol.dispose` by that
 * `free()`. Run once per glue, before any client exists; with `methods`, only those are
 * (re)wrapped: the entries guard the raw glue methods first, then, after readers.js has wrapped
 * handleNotification around the guarded one, that wrapper too, so that its receiver is checked
 * before it reads the request.
 */
export function guardClients(classes, methods) {
  // No destructuring: esbuild refuses to lower it for a safari14 target (see bundlers.test.mjs).
  for (const pair of classes) {
    const className = pair[0];
    const C = pair[1];
    const proto = C.prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name === 'free' || name.startsWith('__')) continue;
      if (methods && !methods.includes(name)) continue;
      const value = Object.getOwnPropertyDescriptor(proto, name).value;
      if (typeof value === 'function') proto[name] = guardMethod(C, className, name, value);
    }
    if (methods) continue;
    rawFree.set(C, proto.free);
    proto.free = function free() {
      const refused = refusal(C, className, this, 'free');
      if (refused) {
        // Freeing twice is a no-op, as closing twice is; anything that is no client is refused.
        if (refused.code === 'CLIENT_FREED') return;
        throw refused;
      }
      const state = inUse.get(this);
      if (state && state.calls > 0) state.freeLater = true;
      else freeNow(C, this);
    };
    if (typeof Symbol.dispose === 'symbol') proto[Symbol.dispose] = proto.free;
  }
}
