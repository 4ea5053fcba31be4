// Matrix harness for workerd: a module worker that runs the checks on each request. The
// sandbox address arrives as the request body (JSON); workerd reaches loopback through the
// network service the test's config allows.
import * as pq from 'payquery';
import { runChecks } from './checks.mjs';

export default {
  async fetch(request) {
    const sandbox = request.method === 'POST' ? await request.json() : null;
    try {
      return Response.json(await runChecks(pq, sandbox));
    } catch (e) {
      return new Response(`${e && e.stack}`, { status: 500 });
    }
  },
};
