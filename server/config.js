'use strict'
// The service's settings: each one an option of createServer(options) and an environment
// variable of `npm start`. docs/service.md has the table.
const fs = require('node:fs')

/** Clearly fake credentials, used when APP_ID / APP_CERTIFICATE are not set: Agora refuses their tokens. */
const DEMO_APP_ID = '0123456789abcdef0123456789abcdef'
const DEMO_APP_CERTIFICATE = 'fedcba9876543210fedcba9876543210'

/** The defaults of every option (what createServer uses for an option left out). */
const DEFAULTS = Object.freeze({
  port: 8080,
  host: undefined, // all interfaces
  corsAllowOrigin: '', // no cross-origin browser access
  apiKey: '', // no shared secret
  rateLimit: 0, // requests per window per client IP; 0: off
  rateLimitWindow: 60, // seconds
  trustProxy: false, // client IP from X-Forwarded-For (only behind a proxy you run)
  headersTimeout: 10000, // ms to receive the request headers
  requestTimeout: 15000, // ms to receive the whole request
  keepAliveTimeout: 5000, // ms an idle keep-alive connection stays open
  maxBodyBytes: 16384, // POST bodies above it are refused with 413
  metrics: false, // GET /metrics (Prometheus)
  logLevel: 'info', // pino level; 'silent': no access log
  shutdownTimeout: 10000, // ms to drain connections on SIGTERM / SIGINT before exiting
  workers: 1, // processes (node:cluster); 0: one per CPU
})

class ConfigError extends Error {}

function integer(env, name, min, max, fallback) {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw.slice(0, 40))})`)
  }
  return Number(raw)
}

function flag(env, name, fallback) {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (/^(1|true|yes|on)$/i.test(raw)) return true
  if (/^(0|false|no|off)$/i.test(raw)) return false
  throw new ConfigError(`${name} must be true or false (got ${JSON.stringify(raw.slice(0, 40))})`)
}

/**
 * Loads `file` (default `.env` in the working directory) into process.env with Node's own
 * process.loadEnvFile (Node >= 20.12 / 21.7); variables already set win. Returns what happened.
 */
function loadEnvFile(file = '.env', env = process.env) {
  if (!fs.existsSync(file)) return 'absent'
  if (typeof process.loadEnvFile !== 'function') return 'unsupported'
  if (env !== process.env) {
    // A copy of the environment: parse the file into it without touching process.env.
    const parsed = require('node:util').parseEnv(fs.readFileSync(file, 'utf8'))
    for (const [k, v] of Object.entries(parsed)) if (env[k] === undefined) env[k] = v
  } else {
    process.loadEnvFile(file)
  }
  return 'loaded'
}

/**
 * Reads the options from environment variables. Throws ConfigError with a message naming the
 * variable (never its value, for the secrets).
 */
function fromEnv(env = process.env) {
  let appId = env.APP_ID || ''
  let appCertificate = env.APP_CERTIFICATE || ''
  let demo = false
  if (!appId && !appCertificate) {
    appId = DEMO_APP_ID
    appCertificate = DEMO_APP_CERTIFICATE
    demo = true
  } else if (!appId || !appCertificate) {
    throw new ConfigError('set both APP_ID and APP_CERTIFICATE (or neither, for fake demo credentials)')
  }
  const logLevel = env.LOG_LEVEL || DEFAULTS.logLevel
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got ${JSON.stringify(logLevel.slice(0, 40))})`)
  }
  return {
    appId,
    appCertificate,
    demo,
    // SERVER_PORT first, as agora-token-service; then PORT (set by most hosting platforms).
    port: integer(env, env.SERVER_PORT ? 'SERVER_PORT' : 'PORT', 0, 65535, DEFAULTS.port),
    host: env.HOST || DEFAULTS.host,
    corsAllowOrigin: env.CORS_ALLOW_ORIGIN || DEFAULTS.corsAllowOrigin,
    apiKey: env.TOKEN_SERVER_API_KEY || DEFAULTS.apiKey,
    rateLimit: integer(env, 'RATE_LIMIT', 0, 1e9, DEFAULTS.rateLimit),
    rateLimitWindow: integer(env, 'RATE_LIMIT_WINDOW', 1, 86400, DEFAULTS.rateLimitWindow),
    trustProxy: flag(env, 'TRUST_PROXY', DEFAULTS.trustProxy),
    headersTimeout: integer(env, 'HEADERS_TIMEOUT', 100, 600000, DEFAULTS.headersTimeout),
    requestTimeout: integer(env, 'REQUEST_TIMEOUT', 100, 600000, DEFAULTS.requestTimeout),
    keepAliveTimeout: integer(env, 'KEEP_ALIVE_TIMEOUT', 0, 600000, DEFAULTS.keepAliveTimeout),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 64, 1048576, DEFAULTS.maxBodyBytes),
    metrics: flag(env, 'METRICS', DEFAULTS.metrics),
    logLevel,
    shutdownTimeout: integer(env, 'SHUTDOWN_TIMEOUT', 0, 600000, DEFAULTS.shutdownTimeout),
    workers: integer(env, 'WORKERS', 0, 1024, DEFAULTS.workers),
  }
}

module.exports = { DEFAULTS, DEMO_APP_ID, DEMO_APP_CERTIFICATE, ConfigError, fromEnv, loadEnvFile }
