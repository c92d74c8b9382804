// The WAL checkpoint thread: a writer whose connection never checkpoints still gets a WAL that
// stops growing.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './node-sqlite.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

const PAGE = 4096;
const RESTART_FRAMES = 200;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newFile(): string {
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-wal-'));
  return path.join(dir, 'vigie.sqlite');
}

/** Commits `rounds` transactions of about ten fresh pages each, yielding between them like the writer. */
async function writeSteadily(raw: ReturnType<typeof openSqlite>['raw'], rounds: number): Promise<void> {
  raw.exec('CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = raw.prepare('INSERT INTO blobs (body) VALUES (?)');
  for (let round = 0; round < rounds; round++) {
    raw.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 10; i++) insert.run(new Uint8Array(PAGE - 200).fill(round % 251));
    raw.exec('COMMIT');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const walBytes = (file: string) => statSync(`${file}-wal`).size;

describe('WAL checkpointer (SQLite)', () => {
  it('leaves checkpoints to SQLite on every connection but the ingest writer', () => {
    const file = newFile();
    const api = openSqlite(file);
    const writer = openSqlite(file, { autoCheckpoint: false });
    try {
      expect(api.raw.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 1000 });
      expect(writer.raw.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 0 });
    } finally {
      writer.close();
      api.close();
    }
  });

  it('keeps the WAL of a writer that never checkpoints from growing without bound', async () => {
    const file = newFile();
    const writer = openSqlite(file, { autoCheckpoint: false });
    const checkpointer = new WalCheckpointer(file, { intervalMs: 5, restartFrames: RESTART_FRAMES });
    try {
      await writeSteadily(writer.raw, 300); // ~3,000 pages: 15 times the restart limit
      // Frames are reused from the start of the file after each RESTART: the file stays within a
      // few limits (a RESTART waits for a gap between commits), far below the 3,000 pages written.
      expect(walBytes(file)).toBeLessThan(8 * RESTART_FRAMES * (PAGE + 24));
      const rows = writer.raw.prepare('SELECT count(*) AS n FROM blobs').get();
      expect(rows).toEqual({ n: 3000 });
    } finally {
      await checkpointer.close();
      writer.close();
    }
    expect(checkpointer.lastError).toBeUndefined();
  });

  it('without it, the same writer grows the WAL past every page it wrote', async () => {
    const file = newFile();
    const writer = openSqlite(file, { autoCheckpoint: false });
    try {
      await writeSteadily(writer.raw, 300);
      expect(walBytes(file)).toBeGreaterThan(3000 * PAGE);
    } finally {
      writer.close();
    }
  });

  it('stops its thread on close, and the data is all there when the file is opened again', async () => {
    const file = newFile();
    const writer = openSqlite(file, { autoCheckpoint: false });
    const checkpointer = new WalCheckpointer(file, { intervalMs: 5, restartFrames: RESTART_FRAMES });
    await writeSteadily(writer.raw, 50);
    await checkpointer.close();
    writer.close();
    const reader = openSqlite(file);
    try {
      expect(reader.raw.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 500 });
    } finally {
      reader.close();
    }
  });

  it('reports a file it cannot checkpoint, for the server log, instead of failing silently', async () => {
    const file = newFile();
    writeFileSync(file, 'not a database, but a file that happens to be here '.repeat(100));
    const reported: string[] = [];
    const checkpointer = new WalCheckpointer(file, { intervalMs: 5, restartFrames: RESTART_FRAMES }, (m) =>
      reported.push(m),
    );
    await checkpointer.close();
    expect(reported).toEqual([expect.stringMatching(/not a database/)]);
    expect(checkpointer.lastError).toMatch(/not a database/);
  });
});
