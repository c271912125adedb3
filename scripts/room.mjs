// A room on one server: N simulated attendees, each in a lab of their own (the lab id the page
// hands out), all running the whole scenario at once — log in both ways, who-am-I, steal both
// credentials, log out, replay (the session copy is refused, the token accepted), fast-forward
// six minutes, replay the token (now expired), reset. Every answer is checked, so an attendee
// whose clock another one moved would count as an error. Prints one JSON line:
// {"attendees", "requests", "errors", "p50_ms", "p99_ms", "seconds", "first_error"}.
// usage: node scripts/room.mjs http://127.0.0.1:3460 [attendees=100]

const [base, attendeesArg = '100'] = process.argv.slice(2);
const attendees = Number(attendeesArg);
const latencies = [];
let errors = 0;
let firstError = null;

const fail = (who, what) => {
  errors += 1;
  firstError ??= `attendee ${who}: ${what}`;
};

async function call(cookies, method, path, { body, bearer } = {}) {
  const headers = { Cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (path === '/') headers.Accept = 'text/html';
  const started = performance.now();
  const response = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  latencies.push(performance.now() - started);
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
    if (line.includes('Max-Age=0')) delete cookies[name];
    else cookies[name] = value;
  }
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json };
}

async function attendee(n) {
  const cookies = {};
  const expect = (answer, status, what) => {
    if (answer.status !== status) fail(n, `${what}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return answer;
  };
  expect(await call(cookies, 'GET', '/'), 200, 'the page');
  if (!cookies.authlab_lab) return fail(n, 'no lab id handed out');
  const user = { username: 'alice', password: 'wonderland' };
  expect(await call(cookies, 'POST', '/api/session/login', { body: user }), 200, 'session login');
  const pair = expect(await call(cookies, 'POST', '/api/jwt/login', { body: user }), 200, 'jwt login').json;
  const token = pair?.access_token;
  expect(await call(cookies, 'GET', '/api/session/me'), 200, 'session me');
  expect(await call(cookies, 'GET', '/api/jwt/me', { bearer: token }), 200, 'jwt me');
  const session = expect(await call(cookies, 'POST', '/api/lab/steal', { body: { scheme: 'session' } }), 200, 'steal session').json;
  const jwt = expect(await call(cookies, 'POST', '/api/lab/steal', { body: { scheme: 'jwt' }, bearer: token }), 200, 'steal jwt').json;
  expect(await call(cookies, 'POST', '/api/session/logout', { body: {} }), 200, 'session logout');
  expect(await call(cookies, 'POST', '/api/jwt/logout', { body: { refresh_token: pair?.refresh_token } }), 200, 'jwt logout');
  const replay = async (copy, want, what) => {
    const answer = expect(await call(cookies, 'POST', '/api/lab/replay', { body: { copy_id: copy?.copy_id } }), 200, what);
    if (answer.json?.status !== want) fail(n, `${what}: the replay answered ${answer.json?.status}, not ${want}`);
  };
  await replay(session, 401, 'session copy after logout');
  await replay(jwt, 200, 'token copy after logout');
  expect(await call(cookies, 'POST', '/api/lab/clock', { body: { advance_minutes: 6 } }), 200, 'fast-forward');
  await replay(jwt, 401, 'token copy after exp');
  expect(await call(cookies, 'POST', '/api/lab/reset', { body: {} }), 200, 'reset');
}

const started = performance.now();
await Promise.all(Array.from({ length: attendees }, (_, n) => attendee(n).catch((err) => fail(n, String(err)))));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(JSON.stringify({
  attendees,
  requests: latencies.length,
  errors,
  p50_ms: Number(at(0.5).toFixed(1)),
  p99_ms: Number(at(0.99).toFixed(1)),
  seconds: Number(seconds.toFixed(2)),
  first_error: firstError,
}));
process.exit(errors === 0 ? 0 : 1);
