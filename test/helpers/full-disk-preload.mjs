/**
 * A full disk, injected: load with `node --import <this file> bin/pinlist.js …` (worker threads
 * started from files load it too). Portable where a small tmpfs cannot be mounted.
 *
 * - PINLIST_TEST_ENOSPC=<regex>: every write to a file whose path matches fails with ENOSPC, as
 *   the OS reports a full disk (fs.write/writeSync/writev, streams, FileHandle.write).
 * - PINLIST_TEST_SQLITE_FULL=1: every SQLite database this process opens that already has a schema
 *   is capped at its current size (PRAGMA max_page_count), so SQLite itself fails the next write
 *   that needs a new page with SQLITE_FULL.
 */
import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const pattern = process.env.PINLIST_TEST_ENOSPC ? new RegExp(process.env.PINLIST_TEST_ENOSPC) : null;

function enospc(syscall) {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', errno: -28, syscall });
}

if (pattern) {
  const doomed = new Set();
  const doomedHandles = new WeakSet();
  const matches = (file) => typeof file === 'string' || file instanceof URL || Buffer.isBuffer(file) ? pattern.test(path.resolve(String(file instanceof URL ? file.pathname : file))) : false;

  const { openSync, open, closeSync, close, writeSync, write, writev, writevSync } = fs;
  fs.openSync = function (file, ...rest) {
    const fd = openSync.call(this, file, ...rest);
    if (matches(file)) doomed.add(fd);
    return fd;
  };
  fs.open = function (file, ...rest) {
    const callback = rest.pop();
    return open.call(this, file, ...rest, (error, fd) => {
      if (!error && matches(file)) doomed.add(fd);
      callback(error, fd);
    });
  };
  fs.closeSync = function (fd) {
    doomed.delete(fd);
    return closeSync.call(this, fd);
  };
  fs.close = function (fd, ...rest) {
    doomed.delete(fd);
    return close.call(this, fd, ...rest);
  };
  fs.writeSync = function (fd, ...rest) {
    if (doomed.has(fd)) throw enospc('write');
    return writeSync.call(this, fd, ...rest);
  };
  fs.writevSync = function (fd, ...rest) {
    if (doomed.has(fd)) throw enospc('write');
    return writevSync.call(this, fd, ...rest);
  };
  fs.write = function (fd, ...rest) {
    if (doomed.has(fd)) return void process.nextTick(rest.pop(), enospc('write'));
    return write.call(this, fd, ...rest);
  };
  fs.writev = function (fd, ...rest) {
    if (doomed.has(fd)) return void process.nextTick(rest.pop(), enospc('write'));
    return writev.call(this, fd, ...rest);
  };
  for (const name of ['writeFileSync', 'appendFileSync']) {
    const original = fs[name];
    fs[name] = function (file, ...rest) {
      if (typeof file !== 'number' && matches(file)) throw enospc('write');
      return original.call(this, file, ...rest);
    };
  }
  const promisesOpen = fs.promises.open;
  fs.promises.open = async function (file, ...rest) {
    const handle = await promisesOpen.call(this, file, ...rest);
    if (matches(file)) doomedHandles.add(handle);
    return handle;
  };
  const probe = await promisesOpen(process.execPath, 'r');
  const handleProto = Object.getPrototypeOf(probe);
  await probe.close();
  for (const name of ['write', 'writev', 'writeFile', 'appendFile']) {
    const original = handleProto[name];
    handleProto[name] = async function (...args) {
      if (doomedHandles.has(this)) throw enospc('write');
      return original.apply(this, args);
    };
  }
  syncBuiltinESMExports();
}

if (process.env.PINLIST_TEST_SQLITE_FULL) {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const Database = require('better-sqlite3');
  const pragma = Database.prototype.pragma;
  Database.prototype.pragma = function (source, options) {
    const result = pragma.call(this, source, options);
    if (/^\s*journal_mode\s*=/i.test(source) && !this.readonly) {
      const pages = pragma.call(this, 'page_count', { simple: true });
      if (pages > 1) pragma.call(this, `max_page_count = ${pages}`);
    }
    return result;
  };
}
