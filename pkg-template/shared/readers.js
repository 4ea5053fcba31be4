// handleNotification of each client class, made to take a Web `Request`, Node's
// `IncomingMessage` or a framework's request too: `read` (notify.js's readNotificationRequest)
// turns it into the `{ headers, body }` the Rust core verifies first. Apart from notify.js so
// that the Node entry can install the readers on require and load notify.js only when a
// notification arrives (V8 parses less on every cold start).
//
// Shipped beside each wasm-bindgen glue by scripts/assemble.js, like notify.js.

/** Makes `handleNotification` of each class read its request with `read` first. */
export function installNotificationReaders(classes, read) {
  for (const C of classes) {
    const verify = C.prototype.handleNotification;
    C.prototype.handleNotification = async function handleNotification(request, options) {
      return verify.call(this, await read(request, options));
    };
  }
}
