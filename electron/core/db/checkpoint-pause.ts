import type { Db } from './open.js';

/**
 * SQLite copies the write-ahead log into the database ("checkpoints") on the connection whose
 * commit finds the log over `wal_autocheckpoint` pages. After an import the log holds ~32 bytes
 * a member, which the import's worker copies itself once it has answered; a small write on the
 * calling thread meanwhile (releasing the import's lock) would otherwise copy them there: 70 ms
 * for a million members, ~0.7 s for ten million, on the thread that must stay free.
 *
 * `pauseAutoCheckpoint(db)` turns that off for `db` until every pause taken is ended (imports
 * may overlap); SQLite's default (1000 pages) is then restored. Nothing is lost meanwhile: the
 * log is only copied later, by the worker or by the next connection that checkpoints.
 */

const SQLITE_DEFAULT_PAGES = 1000;
const pauses = new WeakMap<Db, number>();

export function pauseAutoCheckpoint(db: Db): () => void {
  const count = pauses.get(db) ?? 0;
  if (count === 0) db.pragma('wal_autocheckpoint = 0');
  pauses.set(db, count + 1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const left = (pauses.get(db) ?? 1) - 1;
    pauses.set(db, left);
    if (left === 0 && db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  };
}
