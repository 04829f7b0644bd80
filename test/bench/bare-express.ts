/**
 * Baseline process: the least a step submit can cost — a bare express handler that parses a
 * url-encoded form, makes one SQLite write (WAL, the store's pragmas) and answers a redirect. Run on
 * the server's core; prints one JSON line { url } when listening; stops on SIGTERM.
 */
import Database from 'better-sqlite3';
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'gerbang-bare-'));
const db = new Database(join(dir, 'bare.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.exec('CREATE TABLE profiles (id INTEGER PRIMARY KEY, given_name TEXT, family_name TEXT, at INTEGER)');
const insert = db.prepare('INSERT INTO profiles (given_name, family_name, at) VALUES (?, ?, ?)');

const app = express();
app.use(express.urlencoded({ extended: false }));
app.post('/profile', (req, res) => {
  const body = req.body as Record<string, string>;
  insert.run(String(body.given_name ?? ''), String(body.family_name ?? ''), Date.now());
  res.redirect(303, '/done');
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }));
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
