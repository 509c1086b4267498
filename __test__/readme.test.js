'use strict'
// Every code block of the README and of docs/*.md is checked, by its fence language:
//   ```js, ```mjs   run as written with Node (the package name pointing at this checkout), and
//                   print what their `console.log(x) // true` comments promise, where they do;
//   ```ts           type-checked together with `tsc --strict` against the package's own types;
//   ```json         parsed with JSON.parse;
//   ```sh, ```bash, ```text, ```dockerfile and a bare ``` are commands, files and output, not run
//                   here (the README's commands are what scripts/new-user.sh and CI run).
// Any other fence language fails, so no example slips through unchecked. A js/mjs block that
// must not run (it would listen on a port or need a service) is marked by the line
//   <!-- readme-test: no-run -->
// right before its fence: it is then only syntax-checked (`node --check`). Use it sparingly,
// never for a normal example. Failures name the block's file and line.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const DOCS = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]
const NO_RUN = '<!-- readme-test: no-run -->'
const RUN = new Set(['js', 'mjs'])
const TYPECHECK = new Set(['ts'])
const JSON_BLOCK = new Set(['json'])
const NOT_CODE = new Set(['sh', 'bash', 'text', 'dockerfile', ''])

/** Every fenced block: its language, code, the README line of its opening fence, and marks. */
function readBlocks(text) {
  const lines = text.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i])
    if (!open) continue
    const start = i
    const body = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i])
    assert.ok(i < lines.length, `line ${start + 1}: the code block is never closed`)
    let prev = start - 1
    while (prev >= 0 && lines[prev].trim() === '') prev--
    blocks.push({ lang: open[1], code: body.join('\n') + '\n', line: start + 1, noRun: prev >= 0 && lines[prev].trim() === NO_RUN })
  }
  return blocks
}

const blocks = DOCS.flatMap((doc) => readBlocks(fs.readFileSync(path.join(root, doc), 'utf8')).map((b) => ({ ...b, doc })))
const label = (b) => `${b.doc} line ${b.line} (${b.lang || 'no language'})`

test('every code block of the README and docs/*.md has a fence language this test knows', () => {
  for (const b of blocks) {
    const known = RUN.has(b.lang) || TYPECHECK.has(b.lang) || JSON_BLOCK.has(b.lang) || NOT_CODE.has(b.lang)
    assert.ok(known, `${label(b)}: unknown fence language; use js, mjs (run), ts (type-checked), json (parsed), or sh, bash, text, dockerfile (not code)`)
    if (JSON_BLOCK.has(b.lang)) assert.doesNotThrow(() => JSON.parse(b.code), `${label(b)}: not valid JSON`)
    if (b.noRun) assert.ok(RUN.has(b.lang), `${label(b)}: ${NO_RUN} only applies to js and mjs blocks`)
  }
  const readme = blocks.filter((b) => b.doc === 'README.md')
  assert.ok(readme.some((b) => RUN.has(b.lang)) && readme.some((b) => TYPECHECK.has(b.lang)), 'the README has JavaScript and TypeScript examples')
  assert.ok(new Set(blocks.map((b) => b.doc)).size > 3, 'docs/*.md are read too')
})

test('the block reader finds fences, languages, lines and marks', () => {
  const sample = ['# t', '```js', 'a()', '```', '', NO_RUN, '', '```mjs', 'b()', '```', '```', 'out', '```'].join('\n')
  assert.deepEqual(readBlocks(sample), [
    { lang: 'js', code: 'a()\n', line: 2, noRun: false },
    { lang: 'mjs', code: 'b()\n', line: 8, noRun: true },
    { lang: '', code: 'out\n', line: 11, noRun: false },
  ])
})

/** The example with the package name pointing at this checkout's entry points. */
function rewrite(code, esm) {
  return code
    .replaceAll("'agora-token-native/legacy'", JSON.stringify(path.join(root, esm ? 'legacy.mjs' : 'legacy.js')))
    .replaceAll("'agora-token-native'", JSON.stringify(path.join(root, esm ? 'index.mjs' : 'index.js')))
}

for (const b of blocks.filter((x) => RUN.has(x.lang))) {
  const first = b.code.split('\n').find((l) => l.trim()) || ''
  test(`${label(b)} ${b.noRun ? 'parses' : 'runs'}: ${first.slice(0, 60)}`, () => {
    // Written inside the checkout so that the examples' other imports (express) resolve.
    const file = path.join(__dirname, `.readme-example-${process.pid}-${DOCS.indexOf(b.doc)}-L${b.line}.${b.lang}`)
    fs.writeFileSync(file, rewrite(b.code, b.lang === 'mjs'))
    try {
      const r = spawnSync(process.execPath, b.noRun ? ['--check', file] : [file], { encoding: 'utf8', env: withoutNotSet(), timeout: 30_000 })
      const hint = r.signal ? ` (still running after 30 s: a block that must not run, e.g. one that listens on a port, takes ${NO_RUN} on the line before its fence)` : ''
      assert.equal(r.status, 0, `${label(b)} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})${hint}:\n${r.stderr}`)
      // A line `console.log(x) // true true` promises that output; check the simple ones.
      const promised = [...b.code.matchAll(/console\.log\([^\n]*\)\s*\/\/\s*(true|false)(?: (true|false))?\s*$/gm)].map((m) => m.slice(1).filter(Boolean).join(' '))
      for (const p of promised) assert.ok(r.stdout.split('\n').includes(p), `${label(b)}: expected a line "${p}" in:\n${r.stdout}`)
      // A `console.log(...)` line followed by `// {` or `// [` comment lines promises that
      // printout, as Node prints it; where the README shows a number of 6 digits or more (a
      // time, a salt), any number may stand (a random salt can be short: 1 to 99999999).
      const pattern = (text) =>
        new RegExp(
          text
            .split(/\d{6,}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('\\d+'),
        )
      for (const shown of printouts(b.code)) {
        assert.match(r.stdout, pattern(shown), `${label(b)}: expected this printout:\n${shown}\nin:\n${r.stdout}`)
      }
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
}

test('every TypeScript block type-checks (strict) against the shipped types', { timeout: 120_000 }, (t) => {
  const tsBlocks = blocks.filter((b) => TYPECHECK.has(b.lang))
  // Inside the package, so that `agora-token-native` resolves to this checkout through the
  // package's own "exports" (self-reference), types and all, as a user's project sees it.
  const dir = path.join(__dirname, `.readme-ts-${process.pid}`)
  fs.mkdirSync(dir, { recursive: true })
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  // What a Node.js project has from @types/node, reduced to what the examples use.
  fs.writeFileSync(path.join(dir, 'node-env.d.ts'), 'declare const process: { env: Record<string, string | undefined> }\n')
  const files = ['node-env.d.ts']
  for (const b of tsBlocks) {
    const name = `D${DOCS.indexOf(b.doc)}L${b.line}.ts`
    // `export {}` makes each block its own module, as a file of a real project is.
    fs.writeFileSync(path.join(dir, name), b.code + 'export {}\n')
    files.push(name)
  }
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], module: 'node16', moduleResolution: 'node16', types: [], skipLibCheck: false },
      files,
    }),
  )
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' })
  // tsc names `D<doc>L<fence line>.ts(<line>,<col>)`: report the document's line instead.
  const out = (r.stdout + r.stderr).replace(
    /(?:\S*[\\/])?D(\d+)L(\d+)\.ts\((\d+),(\d+)\)/g,
    (_, doc, fence, line, col) => `${DOCS[Number(doc)]} line ${Number(fence) + Number(line)}, column ${col}`,
  )
  assert.equal(r.status, 0, `the TypeScript examples do not compile:\n${out}`)
})

test('a TypeScript error is reported at its document line', (t) => {
  const dir = path.join(__dirname, `.readme-ts-neg-${process.pid}`)
  fs.mkdirSync(dir, { recursive: true })
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  // The quick start's first form: `.services` is not on every member of DecodedToken.
  fs.writeFileSync(path.join(dir, 'D0L10.ts'), "import { decodeToken } from 'agora-token-native'\nconsole.log(decodeToken('007x').services)\nexport {}\n")
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, lib: ['es2022', 'dom'], module: 'node16', moduleResolution: 'node16', types: [] }, files: ['D0L10.ts'] }))
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' })
  assert.notEqual(r.status, 0)
  // The form the block test maps back to a document line.
  assert.match(r.stdout, /D0L10\.ts\(2,\d+\): error TS2339/)
})

/** The `// {` ... `// }` comment blocks right after a console.log line, uncommented. */
function printouts(code) {
  const lines = code.split('\n')
  const found = []
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!/^console\.log\(.*\)$/.test(lines[i]) || !/^\/\/ [{[]/.test(lines[i + 1])) continue
    const shown = []
    for (let j = i + 1; j < lines.length && lines[j].startsWith('//'); j++) {
      shown.push(lines[j].replace(/^\/\/ ?/, ''))
      if (/^\/\/ [}\]]$/.test(lines[j]) || (j === i + 1 && /[}\]]$/.test(lines[j]))) break
    }
    found.push(shown.join('\n'))
  }
  return found
}

test('printouts are read from the comments after a console.log', () => {
  const code = "console.log(a)\n// {\n//   x: 1\n// }\n// not part of it\nconsole.log(b)\n// { '1': 0 }\nconsole.log(c) // true\n"
  assert.deepEqual(printouts(code), ['{\n  x: 1\n}', "{ '1': 0 }"])
})

// The errors example reads an environment variable that must not be set.
function withoutNotSet() {
  const env = { ...process.env }
  delete env.NOT_SET
  return env
}
