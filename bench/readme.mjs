// `npm run bench:readme`: rewrites the tables of the last full run in docs/benchmark.md
// (between the `<!-- bench:start -->` and `<!-- bench:end -->` markers) from
// bench/results.json, as written by `npm run bench`, and redraws bench/chart.svg (which the
// README shows).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFileSync } from 'node:child_process'

const here = path.dirname(fileURLToPath(import.meta.url))
const readme = path.join(here, '..', 'docs', 'benchmark.md')
const { machine, results, misses = [] } = JSON.parse(fs.readFileSync(path.join(here, 'results.json'), 'utf8'))

const fmt = (ns) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`)
const mark = (r) => (r.pass == null ? '' : r.pass ? 'met' : '**missed**')
const builders = results.filter((r) => r.group === 'builders')
const scaling = results.filter((r) => r.group === 'scaling')

const out = [
  '| call | agora-token-native | reference | ratio | target | |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...builders.map((r) => `| ${r.name} | ${fmt(r.oursNs)} | ${fmt(r.refNs)} | ${r.ratio.toFixed(1)}x | ${r.target == null ? '—' : `≥ ${r.target}x`} | ${mark(r)} |`),
  '',
  'How the cost scales with the token (times faster than agora-token; ours vs its time per call):',
  '',
  '| token | build | decodeToken | verifyToken |',
  '| --- | ---: | ---: | ---: |',
]
for (const size of [...new Set(scaling.map((r) => r.size))]) {
  const cell = (op) => {
    const r = scaling.find((x) => x.size === size && x.op === op)
    if (!r) return '—'
    const target = r.target == null ? '' : `, target ≥ ${r.target}x${r.pass ? '' : ' **missed**'}`
    return `${r.ratio.toFixed(1)}x (${fmt(r.oursNs)} vs ${fmt(r.refNs)}${target})`
  }
  out.push(`| ${size} | ${cell('build')} | ${cell('decode')} | ${cell('verify')} |`)
}
const floored = results.find((r) => r.floor)
out.push('')
if (floored) {
  const f = floored.floor
  out.push(
    `The floor of \`${floored.name.replace(/^.*\./, '')}\`, measured in the same run: a no-op napi call reading the same 7 arguments the same way (${fmt(f.noopNs)}) plus the core's work for the token (${fmt(f.coreNs)}) = ${fmt(f.floorNs)}; the real call is ${f.overFloor.toFixed(2)}x that (target ≤ ${f.target}x).`,
    '',
  )
}
out.push(
  `Measured with \`npm run bench\` on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform} (${machine.date}), in one process: CPU time (\`${machine.clock}\`) per call, median of ${machine.rounds} rounds interleaved with the reference after warm-up. References: agora-token@2.0.6 (007; verify is its \`from_string\` + \`verifySignature\`, decode its \`from_string\`) and agora-access-token@2.0.4 (006).` +
    (machine.lengthRatio ? ` Tokens are on average ${machine.lengthRatio.toFixed(4)}x the length of agora-token's for the same inputs.` : '') +
    (misses.length ? ` Targets missed in this run: ${misses.length}.` : ' Every target was met in this run.'),
)

const text = fs.readFileSync(readme, 'utf8')
const start = '<!-- bench:start -->'
const end = '<!-- bench:end -->'
const a = text.indexOf(start)
const b = text.indexOf(end)
if (a < 0 || b < a) {
  console.error(`docs/benchmark.md has no ${start} ... ${end} block`)
  process.exit(1)
}
fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${out.join('\n')}\n${text.slice(b)}`)
console.log('rewrote the performance block of docs/benchmark.md')
execFileSync(process.execPath, [path.join(here, 'chart.mjs')], { stdio: 'inherit' })
