// Bundles workerd/worker.mjs the way wrangler does (esbuild, `workerd` and `worker` export
// conditions, the .wasm left as a WebAssembly module), writes a workerd config with the
// App ID and App Certificate as text bindings, and serves it on 127.0.0.1.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..')
export const WORKERD = path.join(here, 'node_modules', '@cloudflare', 'workerd-linux-64', 'bin', 'workerd')
const WASM = 'agora-token-native.wasm32-wasi.wasm'

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** esbuild plugin: agora-token's require('crypto') / require('zlib') get workerd's node: modules
 * (node:* modules are on by default from compatibility date 2026-08-04 on). */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(build) {
    build.onResolve({ filter: /^(crypto|zlib)$/ }, (a) => ({ path: a.path, namespace: 'node-builtin' }))
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (a) => ({
      contents: `export * from 'node:${a.path}'\n`,
      loader: 'js',
    }))
  },
}

/** esbuild plugin: the Worker's './reference.mjs' is agora-token (benchmark) or a stub (test). */
function referenceModule(withReference) {
  return {
    name: 'reference',
    setup(build) {
      build.onResolve({ filter: /^\.\/reference\.mjs$/ }, () => ({
        path: path.join(here, 'workerd', withReference ? 'reference-agora-token.mjs' : 'reference-none.mjs'),
      }))
    },
  }
}

/**
 * Starts workerd with the Worker. `withReference` bundles agora-token too (benchmark).
 * @returns {Promise<{ url: string, bundleBytes: number, startMs: number, stop: () => Promise<void> }>}
 */
export async function startWorker({ appId, appCertificate, withReference = false }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-token-native-workerd-'))
  // `agora-token-native` resolves as an installed package would (its package.json exports).
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'agora-token-native'), 'junction')
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'workerd', 'worker.mjs')],
    outfile: path.join(dir, 'worker.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    external: ['*.wasm', 'node:*'],
    plugins: [nodeBuiltins, referenceModule(withReference)],
    nodePaths: [path.join(dir, 'node_modules')],
    absWorkingDir: root,
    logLevel: 'error',
    metafile: true,
  })
  // The bundle imports the .wasm by the name it had next to the loader.
  fs.copyFileSync(path.join(root, 'npm', 'wasm32-wasi', WASM), path.join(dir, WASM))
  const port = await freePort()
  const q = (s) => JSON.stringify(String(s))
  fs.writeFileSync(
    path.join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .tokenWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const tokenWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = ${q(WASM)}, wasm = embed ${q(WASM)}),
  ],
  bindings = [
    (name = "AGORA_APP_ID", text = ${q(appId)}),
    (name = "AGORA_APP_CERTIFICATE", text = ${q(appCertificate)}),
  ],
  compatibilityDate = "2026-11-01",
);
`,
  )
  const started = performance.now()
  const child = spawn(WORKERD, ['serve', path.join(dir, 'config.capnp')], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`workerd exited with ${child.exitCode}:\n${log}`)
    }
    try {
      const r = await fetch(`${url}/token?channel=warmup&uid=1`)
      await r.arrayBuffer()
      break
    } catch (e) {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`workerd did not answer within 20 s: ${e}\n${log}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const bundleBytes = Object.values(result.metafile.outputs)[0].bytes
  return { url, bundleBytes, startMs: performance.now() - started, stop, log: () => log }
}
