import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

/** @type {import('next').NextConfig} */
const nextConfig = {
  // agora-token-native is a native addon (a .node file that Node loads with require at run
  // time). A bundler cannot pack it: leave it to Node's own require, on the server only.
  serverExternalPackages: ['agora-token-native'],
  // This example sits inside another package's repository: build from this folder only.
  turbopack: { root: here },
  outputFileTracingRoot: here,
}

export default nextConfig
