'use strict'
// A fixed-window request counter per client IP. The window is shared by all clients: when it
// ends every count starts again, so memory holds at most the clients of one window (and never
// more than maxClients: past that, new clients are counted together under one key).

/**
 * @param {number} limit Requests allowed per window and client (0: no limit).
 * @param {number} windowSeconds Length of the window.
 * @returns {(ip: string, now?: number) => number} 0 when the request may go on, else the
 *   seconds until the window ends (for Retry-After).
 */
function createRateLimiter(limit, windowSeconds, { maxClients = 100000 } = {}) {
  if (!limit) return () => 0
  const windowMs = windowSeconds * 1000
  let counts = new Map()
  let windowEnd = 0
  return function check(ip, now = Date.now()) {
    if (now >= windowEnd) {
      counts = new Map()
      windowEnd = now + windowMs
    }
    const key = counts.size >= maxClients && !counts.has(ip) ? '<overflow>' : ip
    const n = (counts.get(key) || 0) + 1
    counts.set(key, n)
    return n > limit ? Math.max(1, Math.ceil((windowEnd - now) / 1000)) : 0
  }
}

module.exports = { createRateLimiter }
