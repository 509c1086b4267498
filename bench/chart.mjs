// `npm run bench:chart`: bench/results.json (written by `npm run bench`) to bench/chart.svg,
// a bar chart of speed-up per call with each call's target marked. Plain SVG, no dependencies.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const { machine, results } = JSON.parse(fs.readFileSync(path.join(here, 'results.json'), 'utf8'))

const rowH = 22
const labelW = 330
const barW = 420
const top = 48
const height = top + results.length * rowH + 40
const width = labelW + barW + 90
const max = Math.max(...results.map((r) => Math.max(r.ratio, r.target ?? 0))) * 1.05
const x = (v) => labelW + (v / max) * barW
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const parts = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  `<rect width="100%" height="100%" fill="#fff"/>`,
  `<text x="10" y="18" font-size="14" font-weight="bold">agora-token-native speed-up over the reference (times faster, higher is better)</text>`,
  `<text x="10" y="36" fill="#555">${esc(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}; | marks the target`)}</text>`,
]
results.forEach((r, i) => {
  const y = top + i * rowH
  const color = r.pass === false ? '#d9534f' : r.family === '006' ? '#5b8def' : r.family === '007' ? '#2e7d32' : '#8e6bbf'
  parts.push(`<text x="${labelW - 8}" y="${y + 14}" text-anchor="end">${esc(r.name)}</text>`)
  parts.push(`<rect x="${labelW}" y="${y + 3}" width="${Math.max(1, x(r.ratio) - labelW).toFixed(1)}" height="${rowH - 7}" fill="${color}"/>`)
  parts.push(`<text x="${(x(r.ratio) + 5).toFixed(1)}" y="${y + 14}">${r.ratio.toFixed(1)}x</text>`)
  if (r.target != null) parts.push(`<line x1="${x(r.target).toFixed(1)}" x2="${x(r.target).toFixed(1)}" y1="${y + 1}" y2="${y + rowH - 2}" stroke="#000" stroke-width="2"/>`)
})
const axisY = top + results.length * rowH + 8
parts.push(`<line x1="${labelW}" x2="${labelW + barW}" y1="${axisY}" y2="${axisY}" stroke="#999"/>`)
for (let v = 0; v <= max; v += max > 60 ? 20 : 10) {
  parts.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${axisY}" y2="${axisY + 4}" stroke="#999"/>`)
  parts.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle" fill="#555">${v}x</text>`)
}
parts.push(`<text x="10" y="${axisY + 16}" fill="#555">green 007 · blue 006 · purple verify/decode · red missed target</text>`)
parts.push('</svg>')
fs.writeFileSync(path.join(here, 'chart.svg'), `${parts.join('\n')}\n`)
console.log(`wrote ${path.join(here, 'chart.svg')}`)
