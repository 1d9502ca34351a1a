import { isPinlistError, PinlistError } from '../../../shared/errors.js';
import { isBatchTooLarge, PinterestApiError, type BatchTooLargeError } from '../pinterest/errors.js';
import { HASH_BYTES } from '../store/index.js';
import { confirmBatch, dropBatch, recordBatchSent, refuseBatch, resetLedger, type BatchOp } from './ledger.js';
import { findListByName } from './remote-lists.js';
import type { SyncSession } from './session.js';
import { getTargetById, markCreateSent, setRemoteList, type TargetRow } from './targets.js';

/**
 * Sending one batch of records to one customer list, one request at a time. The journal row is
 * written before the request ('sent': its records are uncertain) and confirmed after the 200 in
 * the same transaction that counts it. A batch refused for its size is split in halves until it
 * goes through or a single record is isolated.
 */

/** How many times a create is attempted when its answer is lost and the list is not found by name. */
const CREATE_ATTEMPTS = 3;

/**
 * Single records refused one after another, with nothing accepted in between, before the sync
 * stops. A size limit never refuses one record, and bad records are rare and scattered; a run of
 * refusals means Pinterest refuses the request itself, which splitting cannot fix.
 */
export const MAX_REFUSED_IN_A_ROW = 3;

export function hexRecords(hashes: Buffer): string[] {
  const records = new Array<string>(hashes.length / HASH_BYTES);
  for (let i = 0; i < records.length; i++) records[i] = hashes.toString('hex', i * HASH_BYTES, (i + 1) * HASH_BYTES);
  return records;
}

/**
 * Whether a failed request may have changed the list anyway: no answer, a server error, or a
 * cancel mid-flight. A 4xx (and a failed token refresh after a 401) means nothing was applied.
 */
export function mayHaveApplied(error: unknown): boolean {
  if (error instanceof PinterestApiError) return error.status === null || error.status >= 500 || error.ambiguous;
  if (isPinlistError(error)) return error.code === 'CANCELLED';
  return true;
}

function isolate(session: SyncSession, target: TargetRow, op: BatchOp, hashes: Buffer, error: BatchTooLargeError): void {
  const hash = hashes.toString('hex');
  session.isolated.push({ kind: target.kind, op, hash });
  session.warnings.push(
    `Pinterest refused record ${hash} (${target.kind}, ${op}) even on its own (${error.refusal}); it was skipped. Check it in the list, or remove it and sync again.`,
  );
  session.refusedInARow += 1;
  if (session.refusedInARow >= MAX_REFUSED_IN_A_ROW) {
    throw new PinterestApiError(
      'PINTEREST_ERROR',
      `Pinterest refused ${session.refusedInARow} records in a row even one at a time (${error.refusal}), so it is refusing the request itself rather than its size or one record. ` +
        'Nothing more was sent. Check the ad account and the customer list in Ads Manager (and that Pinlist is up to date), then sync again.',
      { status: error.status, pinterestCode: error.pinterestCode, operation: error.operation },
    );
  }
}

/** Pinterest accepted a batch: the refusals before it were about those records. */
function accepted(session: SyncSession): void {
  session.refusedInARow = 0;
}

function halves(hashes: Buffer): [Buffer, Buffer] {
  const first = Math.ceil(hashes.length / HASH_BYTES / 2) * HASH_BYTES;
  return [hashes.subarray(0, first), hashes.subarray(first)];
}

/** ADD or REMOVE `hashes` (sorted 32-byte records) on the target's customer list. */
export async function sendBatch(session: SyncSession, target: TargetRow, op: BatchOp, hashes: Buffer): Promise<void> {
  const { db } = session;
  const customerListId = target.customerListId;
  if (!customerListId) throw new PinlistError('INTERNAL', 'A batch was about to be sent to a customer list that does not exist yet. This is a bug in Pinlist; report it.');
  const count = hashes.length / HASH_BYTES;
  session.throwIfCancelled();
  const batchId = recordBatchSent(db, { targetId: target.id, runId: session.runId, op, hashes });
  session.countRequest(target.kind, true);
  let answer;
  try {
    answer = await session.client.updateCustomerList(target.adAccountId, customerListId, { operation_type: op, records: hexRecords(hashes) });
  } catch (error) {
    if (isBatchTooLarge(error)) {
      if (count === 1) {
        db.transaction(() => {
          refuseBatch(db, batchId);
          session.batchesDone += 1;
        })();
        isolate(session, target, op, hashes, error);
        return;
      }
      dropBatch(db, batchId);
      session.batchesTotal += 1;
      const [first, second] = halves(hashes);
      await sendBatch(session, target, op, first);
      await sendBatch(session, target, op, second);
      return;
    }
    if (!mayHaveApplied(error)) dropBatch(db, batchId);
    throw error;
  }
  db.transaction(() => {
    confirmBatch(db, batchId);
    session.confirm(target.kind, op, count);
    session.batchesDone += 1;
    session.saveCounters();
  })();
  accepted(session);
  if (answer.status) session.listStatus.set(target.kind, answer.status);
  session.answered();
}

/**
 * Creates the target's customer list with its first records (Pinterest needs at least one).
 * A create whose answer was lost is not repeated blindly: the list is looked up by name first.
 * Returns the target with its remote ID, or unchanged if the only record was refused.
 */
export async function createWithFirstBatch(session: SyncSession, target: TargetRow, hashes: Buffer): Promise<TargetRow> {
  const { db } = session;
  const count = hashes.length / HASH_BYTES;
  for (let attempt = 1; ; attempt++) {
    session.throwIfCancelled();
    const sentAt = new Date().toISOString();
    const batchId = db.transaction(() => {
      // A list Pinterest never made holds nothing: forget any uncertainty from earlier attempts.
      resetLedger(db, target.id);
      markCreateSent(db, target.id, sentAt);
      return recordBatchSent(db, { targetId: target.id, runId: session.runId, op: 'ADD', hashes });
    })();
    session.countRequest(target.kind, true);
    try {
      const list = await session.client.createCustomerList(target.adAccountId, { name: target.customerListName, list_type: target.listType, records: hexRecords(hashes) });
      db.transaction(() => {
        setRemoteList(db, target.id, list.id, false);
        confirmBatch(db, batchId);
        session.confirm(target.kind, 'ADD', count);
        session.batchesDone += 1;
        session.saveCounters();
      })();
      accepted(session);
      if (list.status) session.listStatus.set(target.kind, list.status);
      session.created.add(target.kind);
      session.answered();
      return getTargetById(db, target.id)!;
    } catch (error) {
      if (isBatchTooLarge(error)) {
        db.transaction(() => {
          markCreateSent(db, target.id, null);
          if (count === 1) refuseBatch(db, batchId);
          else dropBatch(db, batchId);
        })();
        if (count === 1) {
          session.batchesDone += 1;
          isolate(session, target, 'ADD', hashes, error);
          return getTargetById(db, target.id)!;
        }
        session.batchesTotal += 1;
        const [first, second] = halves(hashes);
        const created = await createWithFirstBatch(session, target, first);
        if (created.customerListId) await sendBatch(session, created, 'ADD', second);
        else return createWithFirstBatch(session, created, second);
        return created;
      }
      if (!mayHaveApplied(error)) {
        db.transaction(() => {
          markCreateSent(db, target.id, null);
          dropBatch(db, batchId);
        })();
        throw error;
      }
      // The answer was lost: the list may exist. Its records stay uncertain until resent below.
      const found = await findListByName(session, target, sentAt);
      if (found) {
        setRemoteList(db, target.id, found.id, false);
        session.created.add(target.kind);
        const withList = getTargetById(db, target.id)!;
        await sendBatch(session, withList, 'ADD', hashes);
        return withList;
      }
      if (attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}
