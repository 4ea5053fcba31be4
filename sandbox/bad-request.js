'use strict';
// The one error the sandbox answers 400 for: a malformed request or fault it refuses to act on,
// as opposed to a bug of its own (500). The message names what was wrong and never echoes input.

/** A request the sandbox refuses: answered `400 { error: message }`. */
class BadRequest extends Error {}

module.exports = { BadRequest };
