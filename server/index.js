#!/usr/bin/env node
'use strict'
// `npm start`: the token service from environment variables (and a `.env` file where Node can
// read one). WORKERS=N runs N processes sharing the port (node:cluster); SIGTERM / SIGINT stop
// accepting, drain the requests in flight and exit. docs/service.md lists every variable.
const cluster = require('node:cluster')
const os = require('node:os')
const { fromEnv, loadEnvFile, ConfigError } = require('./config.js')
const { createServer } = require('./app.js')

function fatal(message) {
  process.stderr.write(`agora token server: ${message}\n`)
  process.exit(1)
}

function main() {
  const envFile = process.env.ENV_FILE || '.env'
  const loaded = loadEnvFile(envFile)
  let options
  try {
    options = fromEnv(process.env)
  } catch (e) {
    if (e instanceof ConfigError) fatal(e.message)
    throw e
  }
  const workers = options.workers === 0 ? os.availableParallelism?.() || os.cpus().length : options.workers
  if (workers > 1 && cluster.isPrimary) return primary(workers, options, loaded, envFile)
  return serve(options, cluster.isPrimary ? { loaded, envFile } : null)
}

/** The primary of WORKERS > 1: forks, restarts a worker that dies, forwards SIGTERM / SIGINT. */
function primary(workers, options, loaded, envFile) {
  notices(options, loaded, envFile)
  let stopping = false
  for (let i = 0; i < workers; i++) cluster.fork()
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers).length === 0) process.exit(0)
      return
    }
    process.stderr.write(`agora token server: worker ${worker.process.pid} exited (${signal || code}); starting another\n`)
    cluster.fork()
  })
  const stop = (sig) => {
    stopping = true
    for (const w of Object.values(cluster.workers)) w.process.kill(sig)
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

function notices(options, loaded, envFile) {
  if (loaded === 'unsupported') {
    process.stderr.write(`agora token server: ${envFile} not read: this Node.js has no process.loadEnvFile (Node >= 20.12 / 21.7); set the variables in the environment, or run node --env-file=${envFile} (Node >= 20.6)\n`)
  }
  if (options.demo) {
    process.stderr.write(
      'WARNING: APP_ID and APP_CERTIFICATE are not set; using fake demo credentials. ' +
        "Agora will refuse every token this server issues. Set both to your project's App ID and App Certificate.\n",
    )
  }
}

function serve(options, primaryInfo) {
  if (primaryInfo) notices(options, primaryInfo.loaded, primaryInfo.envFile)
  let server
  try {
    server = createServer(options)
  } catch (e) {
    // createServer's TypeErrors name the option (appId / appCertificate), never its value.
    fatal(`bad configuration: ${e.message} (check APP_ID / APP_CERTIFICATE)`)
  }
  server.on('error', (err) => fatal(`cannot listen on ${options.host || '*'}:${options.port}: ${err.code || err.message}`))
  server.listen(options.port, options.host, () => {
    const addr = server.address()
    server.logger.info({ port: addr.port, host: options.host || '*', pid: process.pid, appId: options.appId }, `Agora token server listening on ${options.host || '*'}:${addr.port}`)
    server.logger.flush?.()
  })
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    server.shutdown().then(() => {
      server.logger.info({ pid: process.pid }, 'stopped')
      if (typeof server.logger.flush === 'function') server.logger.flush(() => process.exit(0))
      else process.exit(0)
    })
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  return server
}

if (require.main === module) main()

module.exports = { main }
