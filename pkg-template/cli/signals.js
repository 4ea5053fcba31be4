'use strict';
// Serving commands (sandbox, devtools) run until SIGINT or SIGTERM, then close and exit 0.

/**
 * Resolves after SIGINT or SIGTERM, once `close()` has settled. Call it before printing the
 * URL: a caller that stops the server as soon as it sees the URL must not meet the default
 * (fatal) signal action.
 */
function untilSignal(close) {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      Promise.resolve(close()).then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

module.exports = { untilSignal };
