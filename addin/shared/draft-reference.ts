/**
 * The reference tying a draft to its sharing decision. Kept in the item's session data (Mailbox
 * 1.11, shared by the task pane and the on-send handler) and in its custom properties, which are
 * saved with the draft, so a decision is still found after the draft is closed and reopened; the
 * server keeps the decision under the same reference.
 */
import { officeCall, type AsyncResultLike } from './office-async.js';

export const REFERENCE_KEY = 'safeguardReference';
export const DECISION_KEY = 'safeguardDecision';

export interface SessionData {
  getAsync(name: string, callback: (r: AsyncResultLike<string>) => void): void;
  setAsync(name: string, value: string, callback: (r: AsyncResultLike<void>) => void): void;
}
export interface CustomProperties {
  get(name: string): unknown;
  set(name: string, value: string): void;
  saveAsync(callback: (r: AsyncResultLike<void>) => void): void;
}
export interface ReferenceItem {
  sessionData?: SessionData | undefined;
  loadCustomPropertiesAsync(callback: (r: AsyncResultLike<CustomProperties>) => void): void;
}

export interface StoredDecision {
  readonly id: string;
  /** The decision's place in the log; 0 for a justified "send anyway" (soft-block mode). */
  readonly seq: number;
  readonly reference: string;
  /** The outside addresses the decision names: when the server cannot be asked, it covers only these. */
  readonly recipients?: readonly string[] | undefined;
}

async function readSession(item: ReferenceItem, key: string): Promise<string | undefined> {
  if (!item.sessionData) return undefined;
  const data = item.sessionData;
  return officeCall<string>((cb) => data.getAsync(key, cb)).then(
    (v) => v || undefined,
    () => undefined,
  );
}

export async function readReference(
  item: ReferenceItem,
): Promise<{ reference?: string | undefined; decision?: StoredDecision | undefined }> {
  const props = await officeCall<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb)).catch(() => undefined);
  const reference = (await readSession(item, REFERENCE_KEY)) ?? (props?.get(REFERENCE_KEY) as string | undefined);
  const rawDecision = (await readSession(item, DECISION_KEY)) ?? (props?.get(DECISION_KEY) as string | undefined);
  let decision: StoredDecision | undefined;
  try {
    decision = rawDecision ? (JSON.parse(rawDecision) as StoredDecision) : undefined;
  } catch {
    decision = undefined;
  }
  return { reference, decision: decision && decision.reference === reference ? decision : undefined };
}

/** The draft's reference, created the first time it is needed. */
export async function ensureReference(item: ReferenceItem, newId: () => string): Promise<string> {
  const existing = (await readReference(item)).reference;
  if (existing) return existing;
  const reference = `outlook:${newId()}`;
  await writeBoth(item, REFERENCE_KEY, reference);
  return reference;
}

export async function storeDecision(item: ReferenceItem, decision: StoredDecision): Promise<void> {
  await writeBoth(item, DECISION_KEY, JSON.stringify(decision));
}

async function writeBoth(item: ReferenceItem, key: string, value: string): Promise<void> {
  const data = item.sessionData;
  if (data) await officeCall<void>((cb) => data.setAsync(key, value, cb)).catch(() => undefined);
  const props = await officeCall<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
  props.set(key, value);
  await officeCall<void>((cb) => props.saveAsync(cb));
}
