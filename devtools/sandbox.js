// "Try with the sandbox": when the page is opened as `…/devtools/?sandbox=http://127.0.0.1:PORT`
// (what `payquery devtools --sandbox` prints), it reads that sandbox's fake credentials and
// sends requests to it. Only a loopback sandbox is accepted, and the page's
// Content-Security-Policy allows no other destination. Without the parameter the page makes no
// request beyond its own files.

/** The sandbox origin named by `?sandbox=`, when it is a plain-http loopback origin; else null. */
export function sandboxOrigin(search) {
  const value = new URLSearchParams(search).get('sandbox');
  if (!value) return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname) ? url.origin : null;
}

/**
 * Connects to the sandbox: `{ url, credentials, send(request) }`. The sandbox answers its
 * credentials to the origins it was started with (`payquery devtools --sandbox` passes this
 * page's; `payquery sandbox --allow-origin <this origin>` does the same for a separate one).
 */
export async function connect(url) {
  const res = await fetch(`${url}/__sandbox/credentials`);
  if (!res.ok) throw new Error(`the sandbox at ${url} refused its credentials (HTTP ${res.status}): start it with --allow-origin ${location.origin}`);
  const credentials = await res.json();
  return {
    url,
    credentials,
    /** Sends `{ method, url, headers, body }` and returns the answer as `{ status, headers, body }` text. */
    async send(request) {
      const answer = await fetch(request.url, { method: request.method, headers: request.headers, body: request.method === 'GET' ? undefined : request.body });
      const headers = {};
      answer.headers.forEach((v, k) => {
        headers[k] = v;
      });
      return { status: answer.status, headers, body: await answer.text() };
    },
  };
}
