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

const budgets = [
  ['GET /api/jwt/me (HS256) ≥ 0.90 × baseline', loads.jwt_me_hs256.ratio, 0.9, '≥'],
  ['GET /api/session/me (memory) ≥ 0.90 × baseline', loads.session_me_memory.ratio, 0.9, '≥'],
  ['GET /api/session/me (SQLite) ≥ 0.60 × baseline', loads.session_me_sqlite.ratio, 0.6, '≥'],
  ...(loads.session_me_redis ? [['GET /api/session/me (Redis) ≥ 0.60 × baseline', loads.session_me_redis.ratio, 0.6, '≥']] : []),
  ['wasm ≤ 250 KB brotli', facts.wasm_brotli_bytes / 1000, 250, '≤'],
  ['hydrated ≤ 300 ms (median)', hydrate.median_ms, 300, '≤'],
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
console.log(`\ncredential on the wire per request: Cookie header ${facts.cookie_header_bytes} B · ` +
  `Bearer header ${facts.bearer_hs256_header_bytes} B (HS256), ${facts.bearer_eddsa_header_bytes} B (EdDSA)`);
console.log(`wasm: ${facts.wasm_raw_bytes} B raw · ${facts.wasm_gzip_bytes} B gzip · ${facts.wasm_brotli_bytes} B brotli`);
console.log(`hydrated: median ${hydrate.median_ms} ms of [${hydrate.samples_ms.join(', ')}]`);
for (const [name, m] of Object.entries(micro)) console.log(`micro ${pad(name, 28)} median ${m.median}`);
console.log('\nbudgets:');
for (const b of budgets) console.log(`  ${b.met ? 'met   ' : 'MISSED'} ${pad(b.name, 50)} ${b.figure}`);
console.log(`\nwritten: ${join(dir, 'latest.json')}`);
