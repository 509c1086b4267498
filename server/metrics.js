'use strict'
// Prometheus metrics of the service (GET /metrics when enabled), in a registry of its own so
// that an embedding app's default registry is left alone.
const client = require('prom-client')

/** Creates the registry and the three metrics; `observe` records one finished request. */
function createMetrics() {
  const registry = new client.Registry()
  const tokens = new client.Counter({
    name: 'agora_tokens_issued_total',
    help: 'Tokens issued, by token type (rtc, rtm, chat).',
    labelNames: ['type'],
    registers: [registry],
  })
  const errors = new client.Counter({
    name: 'agora_token_server_errors_total',
    help: 'Answers with a 4xx or 5xx status, by status code.',
    labelNames: ['code'],
    registers: [registry],
  })
  const latency = new client.Histogram({
    name: 'agora_token_server_request_duration_seconds',
    help: 'Time from the request to the end of the answer, by route pattern.',
    labelNames: ['route'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  })
  return {
    registry,
    tokenIssued(type, n = 1) {
      tokens.inc({ type }, n)
    },
    observe(route, status, seconds) {
      latency.observe({ route }, seconds)
      if (status >= 400) errors.inc({ code: String(status) })
    },
  }
}

module.exports = { createMetrics }
