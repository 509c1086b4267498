'use strict'
// The README's JavaScript examples run as written (with the package name pointing at this
// checkout) and print what their comments say they print, where a comment says it.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
const blocks = [...readme.matchAll(/```(js|mjs)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }))

test('the README has JavaScript examples', () => {
  assert.ok(blocks.length >= 4)
})

blocks.forEach(({ lang, code }, i) => {
  const first = code.split('\n').find((l) => l.trim()) || ''
  test(`README example ${i + 1} runs: ${first.slice(0, 60)}`, () => {
    const rewritten = code
      .replaceAll("'agora-token-native/legacy'", JSON.stringify(path.join(root, lang === 'mjs' ? 'legacy.mjs' : 'legacy.js')))
      .replaceAll("'agora-token-native'", JSON.stringify(path.join(root, lang === 'mjs' ? 'index.mjs' : 'index.js')))
    // Written inside the checkout so that the examples' other imports (express) resolve.
    const file = path.join(__dirname, `.readme-example-${process.pid}-${i}.${lang === 'mjs' ? 'mjs' : 'js'}`)
    fs.writeFileSync(file, rewritten)
    try {
      const out = execFileSync(process.execPath, [file], { encoding: 'utf8', env: withoutNotSet() })
      // A line `console.log(x) // true true` promises that output; check the simple ones.
      const promised = [...code.matchAll(/console\.log\([^\n]*\)\s*\/\/\s*(true|false)(?: (true|false))?\s*$/gm)].map((m) => m.slice(1).filter(Boolean).join(' '))
      for (const p of promised) assert.ok(out.split('\n').includes(p), `expected a line "${p}" in:\n${out}`)
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
})

// The errors example reads an environment variable that must not be set.
function withoutNotSet() {
  const env = { ...process.env }
  delete env.NOT_SET
  return env
}
