import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { setUpStatements } from './statements.js';

describe('SQLite group commit', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function open() {
    const dir = mkdtempSync(join(tmpdir(), 'gerbang-group-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER)');
    const control = setUpStatements(db);
    const commits: string[] = [];
    control.observe((o) => o.kind === 'commit' && commits.push(o.text));
    return { db, file, control, commits };
  }

  it('commits the writes of one event-loop turn together, and settles once they are on disk', async () => {
    const { db, file, control, commits } = open();
    const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
    insert.run('a', 1);
    insert.run('b', 2);
    db.transaction(() => insert.run('c', 3)).immediate();
    const settled = control.settled();
    expect(settled).not.toBeNull();
    // Not yet committed: another connection does not see them.
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    await settled;
    expect(commits).toHaveLength(1);
    expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 3 });
    expect(control.settled()).toBeNull();
    reader.close();
    db.close();
  });

  it('keeps a failing transaction atomic inside the group without undoing the others', async () => {
    const { db, file, control } = open();
    const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
    insert.run('kept', 1);
    const both = db.transaction(() => {
      insert.run('half', 2);
      insert.run('kept', 3); // duplicate: the whole transaction must go, not the row before it
    });
    expect(() => both.immediate()).toThrow(/UNIQUE/);
    await control.settled();
    db.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT id, v FROM t ORDER BY id').all()).toEqual([{ id: 'kept', v: 1 }]);
    reopened.close();
  });

  it('compiles each SQL text once', () => {
    const { db } = open();
    expect(db.prepare('SELECT v FROM t WHERE id = ?')).toBe(db.prepare('SELECT v FROM t WHERE id = ?'));
    db.close();
  });
});
