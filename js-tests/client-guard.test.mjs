// The receiver check of every client method (pkg-template/shared/guard.js): a freed client, a
// detached method, a foreign or hostile `this`, and free() from inside one of the client's own
// calls. Before it, each such call reached wasm and Rust threw through wasm frames, leaking the
// module's shadow stack: a few thousand of them corrupted the one instance for every client.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pq, sandbox, expectCode, OFFICIAL, nodeSignV2, v2Client } from './helpers.mjs';
import { directConfig } from './v3-helpers.mjs';
import { merchantV1 } from './fubei-helpers.mjs';

const require = createRequire(import.meta.url);
const { ASYNC_METHODS } = require('../pkg/node/guard.cjs');

/** One live client of each class against the sandbox `sb`. */
function clients(sb) {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  return {
    WechatPayV2: () => v2Client(sb),
    WechatPayV3: () => new pq.WechatPayV3(directConfig(sb)),
    Fubei: () => merchantV1(sb),
    CloudPay: () => new pq.CloudPay({ appid, mchId, apiKey, baseUrl: sb.url }),
  };
}

/** The guarded methods of a class: everything on its prototype but the constructor and free. */
function methodsOf(C) {
  return Object.getOwnPropertyNames(C.prototype).filter((n) => n !== 'constructor' && n !== 'free' && !n.startsWith('__') && typeof C.prototype[n] === 'function');
}

/** Calls `fn`; a sync throw and a rejection both come back as `{ error, async }`. */
async function outcome(fn) {
  let value;
  try {
    value = fn();
  } catch (error) {
    return { error, async: false };
  }
  assert.ok(value instanceof Promise, 'a guarded call that does not throw returns a promise');
  try {
    await value;
  } catch (error) {
    return { error, async: true };
  }
  return { error: null, async: true };
}

/** The module still computes the official APIv2 vector and builds a request. */
function assertModuleAlive(sb) {
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key), OFFICIAL.md5);
  const client = v2Client(sb);
  const request = client.buildQueryRequest({ outTradeNo: 'PQ-V2-PAID' });
  client.free();
  const sent = Object.fromEntries([...request.body.matchAll(/<(\w+)>(?:<!\[CDATA\[)?([^<\]]*)/g)].map((m) => [m[1], m[2]]));
  const { sign, ...rest } = sent;
  assert.equal(sign, nodeSignV2(rest, sb.credentials.v2.apiKey, rest.sign_type || 'MD5'));
}

test('every method of every client, on a freed client, is CLIENT_FREED, thrown or rejected as the method reports its failures', async (t) => {
  const sb = await sandbox(t);
  for (const [name, make] of Object.entries(clients(sb))) {
    const C = pq[name];
    const methods = methodsOf(C);
    assert.ok(methods.includes("queryOrder"), `${name} has queryOrder`);
    const freed = make();
    freed.free();
    for (const method of methods) {
      const { error, async } = await outcome(() => freed[method]({ outTradeNo: 'PQ-V2-PAID' }));
      await expectCode(() => { throw error; }, 'CLIENT_FREED');
      assert.equal(async, ASYNC_METHODS.has(method), `${name}#${method}: a ${ASYNC_METHODS.has(method) ? 'rejection' : 'throw'}`);
      assert.match(error.message, new RegExp(`this ${name} was freed`));
    }
  }
});

test('the list of promise-returning methods is what the live clients do', async (t) => {
  const sb = await sandbox(t);
  const seen = new Set();
  for (const [name, make] of Object.entries(clients(sb))) {
    const client = make();
    for (const method of methodsOf(pq[name])) {
      seen.add(method);
      // No argument at all: a method either answers at once (notificationReply), throws, or
      // returns a promise (which rejects or resolves).
      let returned;
      try {
        returned = client[method]();
      } catch (e) {
        assert.ok(pq.isPayQueryError(e), `${name}#${method}() throws a PayQueryError (${e})`);
      }
      if (returned instanceof Promise) await returned.catch(() => {});
      assert.equal(returned instanceof Promise, ASYNC_METHODS.has(method), `${name}#${method} returns a promise: ${returned instanceof Promise}`);
    }
    client.free();
  }
  for (const method of ASYNC_METHODS) assert.ok(seen.has(method), `${method} is a method of some client`);
});

test('a method called without its client is INVALID_ARGUMENT: detached, another object, the prototype, a primitive, a hostile Proxy', async (t) => {
  const sb = await sandbox(t);
  const hostile = new Proxy({}, {
    getPrototypeOf() { throw new Error('trap'); },
    get() { throw new Error('trap'); },
  });
  for (const [name, make] of Object.entries(clients(sb))) {
    const C = pq[name];
    const client = make();
    for (const method of methodsOf(C)) {
      const receivers = [undefined, null, 42, 'client', {}, { __wbg_ptr: 8 }, C.prototype, Object.create(C.prototype), hostile];
      for (const self of receivers) {
        const { error, async } = await outcome(() => C.prototype[method].call(self, { outTradeNo: 'PQ-V2-PAID' }));
        await expectCode(() => { throw error; }, 'INVALID_ARGUMENT');
        assert.equal(async, ASYNC_METHODS.has(method));
        assert.match(error.message, new RegExp(`${name}#${method} was called without a ${name} client`));
      }
    }
    // The detached method of a live client, and free() of something that is no client.
    const detached = client[methodsOf(C)[0]];
    const { error } = await outcome(() => detached({}));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    await expectCode(() => C.prototype.free.call({}), 'INVALID_ARGUMENT');
    // A Proxy in front of a live client is that client: the query itself is checked.
    const viaProxy = await expectCode(() => new Proxy(client, {}).queryOrder({}), 'INVALID_ARGUMENT');
    assert.doesNotMatch(viaProxy.message, /called without/);
    client.free();
  }
  assertModuleAlive(sb);
});

test('free() is idempotent and Symbol.dispose is the same free()', async (t) => {
  const sb = await sandbox(t);
  for (const [name, make] of Object.entries(clients(sb))) {
    const client = make();
    client.free();
    client.free();
    assert.equal(typeof Symbol.dispose, 'symbol', 'Node 20 has Symbol.dispose');
    assert.equal(pq[name].prototype[Symbol.dispose], pq[name].prototype.free);
    client[Symbol.dispose]();
    await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V2-PAID' }), 'CLIENT_FREED');
  }
});

test('free() from a getter during the same client\'s call waits for that call: the call completes, the client is freed after it', async (t) => {
  const sb = await sandbox(t);
  const client = v2Client(sb);
  const request = client.buildQueryRequest({
    get outTradeNo() {
      client.free();
      client.free();
      return 'PQ-V2-PAID';
    },
  });
  assert.match(request.body, /<out_trade_no>PQ-V2-PAID<\/out_trade_no>/);
  await expectCode(() => client.buildQueryRequest({ outTradeNo: 'PQ-V2-PAID' }), 'CLIENT_FREED');

  // An async query whose input frees the client: the query goes on (the future holds what it
  // needs) and answers from the sandbox, verified.
  const querying = v2Client(sb);
  const order = await querying.queryOrder({
    get outTradeNo() {
      querying.free();
      return 'PQ-V2-PAID';
    },
  });
  assert.equal(order.status.state, 'PAID');
  assert.equal(order.outTradeNo, 'PQ-V2-PAID');
  await expectCode(() => querying.queryOrder({ outTradeNo: 'PQ-V2-PAID' }), 'CLIENT_FREED');

  // A client freed by its own fetch while the query is in flight.
  let self;
  self = v2Client(sb, {
    fetch: (url, init) => {
      self.free();
      return fetch(url, init);
    },
  });
  const inFlight = await self.queryOrder({ outTradeNo: 'PQ-V2-PAID' });
  assert.equal(inFlight.status.state, 'PAID');

  // A v3 signer that frees its client while the Authorization is being built.
  let v3;
  const { privateKey } = directConfig(sb);
  const crypto = await import('node:crypto');
  v3 = new pq.WechatPayV3(directConfig(sb, {
    privateKey: undefined,
    signer: (message) => {
      v3.free();
      return crypto.sign('sha256', Buffer.from(message), privateKey).toString('base64');
    },
  }));
  const auth = await v3.buildAuthorization('GET', '/v3/pay/transactions/id/4200000001', '');
  assert.match(auth, /^WECHATPAY2-SHA256-RSA2048 /);
  await expectCode(() => v3.buildAuthorization('GET', '/v3/x', ''), 'CLIENT_FREED');
  assertModuleAlive(sb);
});

test('100 000 refused calls later, the same module instance still signs and queries correctly', async (t) => {
  const sb = await sandbox(t);
  const freed = v2Client(sb);
  freed.free();
  const V2 = pq.WechatPayV2.prototype;
  for (let i = 0; i < 25_000; i += 1) {
    for (const call of [
      () => freed.buildQueryRequest({ outTradeNo: 'PQ-V2-PAID' }),
      () => freed.free(),
      () => V2.buildQueryRequest.call({}, {}),
      () => V2.notificationReply.call(undefined),
    ]) {
      try {
        call();
      } catch (e) {
        if (!pq.isPayQueryError(e)) throw e;
      }
    }
  }
  assertModuleAlive(sb);
  const client = v2Client(sb);
  const order = await client.queryOrder({ outTradeNo: 'PQ-V2-PAID' });
  assert.equal(order.status.state, 'PAID');
  client.free();
});
