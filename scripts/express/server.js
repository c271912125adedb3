// The common Node stack a learner would otherwise reach for: Express, express-session with its
// MemoryStore (a signed HttpOnly cookie) and jsonwebtoken HS256, answering authlab's three
// benchmark requests in the same shapes. Logins take any password: a benchmark, not a server.
// usage: node server.js [port]   (scripts/bench.sh starts it next to authlab and the floor)
'use strict';
const crypto = require('node:crypto');
const express = require('express');
const session = require('express-session');
const jwt = require('jsonwebtoken');

const port = Number(process.argv[2] || 3490);
// A KeyObject made once: given a Buffer, jsonwebtoken 9 makes one on every sign and verify.
const secret = crypto.createSecretKey(crypto.randomBytes(32));
const ISSUER = 'authlab-express';
const AUDIENCE = 'authlab';
const IDLE_SECONDS = 30 * 60;
const now = () => Math.floor(Date.now() / 1000);

const app = express();
app.disable('x-powered-by');
app.use(express.json());
app.use(
  session({
    name: 'express_session',
    secret: crypto.randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: IDLE_SECONDS * 1000 },
  }),
);

const answer = (req) => {
  const at = now();
  return {
    user: req.session.user,
    session: {
      handle: req.sessionID.slice(0, 10),
      created_at: req.session.created_at,
      last_seen_at: at,
      idle_expires_at: at + IDLE_SECONDS,
      absolute_expires_at: req.session.created_at + 8 * 3600,
      server_now: at,
    },
    cookie: { name: 'express_session', attributes: ['HttpOnly', 'SameSite=Lax'] },
    carrier: 'cookie',
  };
};

app.get('/api/health', (req, res) => res.json({ status: 'ok' }));

app.post('/api/session/login', (req, res, next) => {
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.user = { username: String(req.body.username), role: 'user' };
    req.session.created_at = now();
    res.json(answer(req));
  });
});

app.get('/api/session/me', (req, res) => {
  if (!req.session.user) return res.status(401).json({ error: 'not logged in' });
  res.json(answer(req));
});

app.post('/api/jwt/login', (req, res) => {
  const at = now();
  const claims = { sub: String(req.body.username), role: 'user', iat: at, nbf: at, exp: at + 300,
    iss: ISSUER, aud: AUDIENCE, jti: at.toString(16), token_use: 'access' };
  const token = jwt.sign(claims, secret, { algorithm: 'HS256' });
  res.json({ access_token: token, refresh_token: token, token_type: 'Bearer', expires_in: 300 });
});

app.get('/api/jwt/me', (req, res) => {
  const header = req.get('authorization') || '';
  if (!header.startsWith('Bearer ')) return res.status(401).json({ error: 'no bearer token' });
  try {
    const claims = jwt.verify(header.slice(7), secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
    if (claims.token_use !== 'access') throw new Error('wrong type');
    res.json({ claims, checks: [], server_now: now(), carrier: 'header' });
  } catch (err) {
    res.status(401).json({ error: 'invalid token' });
  }
});

app.listen(port, '127.0.0.1', () => console.error(`express listening on http://127.0.0.1:${port}`));
