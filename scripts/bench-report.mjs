// Turns the raw figures of scripts/bench.sh into a table and target/bench/latest.json, with each
// budget of the README checked. It reports; it never fails on a figure.
// usage: node scripts/bench-report.mjs target/bench
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const read = (name) => readFileSync(join(dir, name), 'utf8');

const facts = Object.fromEntries(
  read('facts.txt').trim().split('\n').map((line) => line.split('=')).map(([k, v]) => [k, Number(v)]),
);
const loads = Object.fromEntries(
  read('loads.tsv').trim().split('\n').map((line) => {
    const [name, rps, p50, p99, cpu] = line.split('\t');
    return [name, { rps: Number(rps), p50_ms: Number(p50), p99_ms: Number(p99), server_cpu_us: Number(cpu) }];
  }),
);
const hydrate = JSON.parse(read('hydrate.json'));

// The interleaved comparison: versus_<server>_<request>_r<round> → the median over the rounds.
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const versus = {};
for (const [name, figure] of Object.entries(loads)) {
  const match = name.match(/^versus_(\w+?)_(health|session_me|jwt_me)_r\d+$/);
  if (!match) continue;
  const [, server, request] = match;
  ((versus[request] ??= {})[server] ??= []).push(figure);
}
const versusMedian = {};
for (const [request, servers] of Object.entries(versus)) {
  versusMedian[request] = {};
  for (const [server, runs] of Object.entries(servers)) {
    versusMedian[request][server] = {
      rps: Math.round(median(runs.map((r) => r.rps))),
      server_cpu_us: Number(median(runs.map((r) => r.server_cpu_us)).toFixed(1)),
      rounds: runs.length,
    };
  }
}
const ratio = (request, a, b) => Number((versusMedian[request][a].rps / versusMedian[request][b].rps).toFixed(3));
const requests = ['health', 'session_me', 'jwt_me'];

// Each figure against the baseline of its own server run.
const baselineOf = { session_me_memory: 'health_a', jwt_me_hs256: 'health_a', jwt_me_hs256_denylist: 'health_a',
  session_me_sqlite: 'health_b', jwt_me_eddsa: 'health_b', session_me_redis: 'health_c' };
for (const [name, figure] of Object.entries(loads)) {
  const base = loads[baselineOf[name] ?? name];
  figure.ratio = Number((figure.rps / base.rps).toFixed(3));
}

// divan's rows: "├─ name  fastest │ slowest │ median │ mean │ samples │ iters".
// A row with empty columns names a group; the rows under it are "group/arg".
const micro = {};
let group = '';
for (const line of read('micro.txt').split('\n')) {
  const match = line.match(/^([│ ]*)[├╰]─ (\S+)\s*(.*)$/);
  if (!match) continue;
  const columns = match[3].split('│').map((c) => c.trim());
  if (!columns[0]) {
    group = match[2];
    continue;
  }
  const name = match[1].length > 0 ? `${group}/${match[2]}` : match[2];
  micro[name] = { fastest: columns[0], median: columns[2], mean: columns[3] };
}

// The page's first load: the wasm, its JS glue and the CSS, brotli, in KiB.
const firstLoadKib = (facts.wasm_brotli_bytes + facts.js_brotli_bytes + facts.css_brotli_bytes) / 1024;
const perMemory = (name) => Number((loads[name].rps / loads.session_me_memory.rps).toFixed(3));
const budgets = [
  ...requests.map((r) => [`authlab ÷ floor, ${r} (memory store, HS256, denylist off) ≥ 0.90`, ratio(r, 'authlab', 'floor'), 0.9, '≥']),
  ['session/me on SQLite ≥ 0.75 × session/me on memory', perMemory('session_me_sqlite'), 0.75, '≥'],
  ...(loads.session_me_redis ? [['session/me on Redis ≥ 0.75 × session/me on memory', perMemory('session_me_redis'), 0.75, '≥']] : []),
  ['jwt/me with the denylist ≥ 0.75 × session/me on memory', perMemory('jwt_me_hs256_denylist'), 0.75, '≥'],
  ...requests.map((r) => [`authlab ÷ Express, ${r} (default configuration) ≥ 10`, ratio(r, 'default', 'express'), 10, '≥']),
  ['first load (wasm + JS + CSS) ≤ 300 KB brotli', Number(firstLoadKib.toFixed(1)), 300, '≤'],
  [`hydrated ≤ 200 ms (median of ${hydrate.samples_ms.length})`, hydrate.median_ms, 200, '≤'],
  ['resident memory after 100 logins ≤ 40 MiB', Number((facts.rss_after_100_logins_kib / 1024).toFixed(1)), 40, '≤'],
  ['a second start (run.sh, nothing changed) listening ≤ 10 s', facts.second_start_ms / 1000, 10, '≤'],
  [`a room: ${facts.room_attendees} attendees' scenarios at once, errors = 0`, facts.room_errors, 0, '≤'],
].map(([name, figure, limit, sense]) => ({
  name, figure, limit, met: sense === '≥' ? figure >= limit : figure <= limit,
}));

const report = {
  generated_at: new Date().toISOString(),
  requests: loads,
  not_measured: loads.session_me_redis ? {} : { session_me_redis: 'redis-server is not installed' },
  credential_header_bytes: {
    session_cookie: facts.cookie_header_bytes,
    bearer_hs256: facts.bearer_hs256_header_bytes,
    bearer_eddsa: facts.bearer_eddsa_header_bytes,
  },
  wasm_bytes: { raw: facts.wasm_raw_bytes, gzip: facts.wasm_gzip_bytes, brotli: facts.wasm_brotli_bytes },
  hydrate,
  versus: versusMedian,
  rss_after_100_logins_kib: facts.rss_after_100_logins_kib,
  second_start_ms: facts.second_start_ms,
  room: {
    attendees: facts.room_attendees,
    requests: facts.room_requests,
    errors: facts.room_errors,
    p50_ms: facts.room_p50_ms,
    p99_ms: facts.room_p99_ms,
    seconds: facts.room_seconds,
  },
  micro,
  budgets,
};
writeFileSync(join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');

const pad = (text, width) => String(text).padEnd(width);
const rows = [
  ['GET /api/health (baseline A)', 'health_a'],
  ['GET /api/session/me, memory store', 'session_me_memory'],
  ['GET /api/jwt/me, HS256', 'jwt_me_hs256'],
  ['GET /api/jwt/me, HS256 + denylist', 'jwt_me_hs256_denylist'],
  ['GET /api/health (baseline B)', 'health_b'],
  ['GET /api/session/me, SQLite store', 'session_me_sqlite'],
  ['GET /api/jwt/me, EdDSA', 'jwt_me_eddsa'],
  ['GET /api/health (baseline C)', 'health_c'],
  ['GET /api/session/me, Redis store', 'session_me_redis'],
].filter(([, key]) => loads[key]);
console.log(`\n${pad('request', 38)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('× baseline', 12)}server µs/req`);
for (const [label, key] of rows) {
  const f = loads[key];
  console.log(`${pad(label, 38)}${pad(Math.round(f.rps), 10)}${pad(f.p50_ms.toFixed(2), 9)}${pad(f.p99_ms.toFixed(2), 9)}` +
    `${pad(f.ratio.toFixed(2), 12)}${f.server_cpu_us.toFixed(1)}`);
}
if (!loads.session_me_redis) console.log(`${pad('GET /api/session/me, Redis store', 38)}not measured: ${report.not_measured.session_me_redis}`);
console.log(`\n${pad('interleaved, wrk -c32 (median req/s)', 38)}${pad('authlab', 10)}${pad('default', 10)}${pad('floor', 10)}` +
  `${pad('Express', 10)}${pad('÷ floor', 10)}${pad('÷ Express', 11)}default ÷ Express`);
for (const r of requests) {
  const m = versusMedian[r];
  console.log(`${pad(r, 38)}${pad(m.authlab.rps, 10)}${pad(m.default.rps, 10)}${pad(m.floor.rps, 10)}${pad(m.express.rps, 10)}` +
    `${pad(ratio(r, 'authlab', 'floor').toFixed(2), 10)}${pad(ratio(r, 'authlab', 'express').toFixed(1), 11)}${ratio(r, 'default', 'express').toFixed(1)}`);
}
console.log(`${pad('server µs/request (median)', 38)}` + requests.map((r) => {
  const m = versusMedian[r];
  return `${r} ${m.authlab.server_cpu_us}/${m.default.server_cpu_us}/${m.floor.server_cpu_us}/${m.express.server_cpu_us}`;
}).join(' · '));
console.log(`\ncredential on the wire per request: Cookie header ${facts.cookie_header_bytes} B · ` +
  `Bearer header ${facts.bearer_hs256_header_bytes} B (HS256), ${facts.bearer_eddsa_header_bytes} B (EdDSA)`);
console.log(`wasm: ${facts.wasm_raw_bytes} B raw · ${facts.wasm_gzip_bytes} B gzip · ${facts.wasm_brotli_bytes} B brotli`);
console.log(`first load ${firstLoadKib.toFixed(1)} KiB brotli (wasm ${facts.wasm_brotli_bytes} B, JS ${facts.js_brotli_bytes} B, CSS ${facts.css_brotli_bytes} B)`);
console.log(`hydrated: median ${hydrate.median_ms} ms of [${hydrate.samples_ms.join(', ')}]`);
console.log(`resident memory after 100 logins: ${facts.rss_after_100_logins_kib} KiB · second start: ${facts.second_start_ms} ms`);
console.log(`a room: ${facts.room_attendees} attendees, each the whole scenario in a lab of their own, at once: ${facts.room_requests} requests, ${facts.room_errors} errors, p50 ${facts.room_p50_ms} ms, p99 ${facts.room_p99_ms} ms, ${facts.room_seconds} s`);
for (const [name, m] of Object.entries(micro)) console.log(`micro ${pad(name, 28)} median ${m.median}`);
console.log('\nbudgets:');
for (const b of budgets) console.log(`  ${b.met ? 'met   ' : 'MISSED'} ${pad(b.name, 50)} ${b.figure}`);
console.log(`\nwritten: ${join(dir, 'latest.json')}`);
