/**
 * The on-send check's detector for each sender, compiled once and kept while their caseload is
 * unchanged (issue 12: every email re-read and recompiled the sender's 500-person caseload, p95
 * 413–432 ms for 20 senders on PGlite).
 *
 * Before each check one indexed query asks for the caseload's stamp (how many people, the newest
 * registration): a person registered here, on another instance or by the CLI changes it, and the
 * next email recompiles. So a new name is matched from the very next email, never after a delay.
 */
import { createSharingDetector, type SharingDetector } from '../../domain/detection/index.js';
import type { Caller, Store } from '../ports.js';

/** How many of the sender's people are matched by name (the most recently registered first). */
export const CASELOAD_LIMIT = 2000;

export interface DetectorSettings {
  readonly ownDomains: readonly string[];
  readonly caseReferencePattern?: string | undefined;
}

export interface SenderDetectors {
  detectorFor(store: Store, caller: Caller, settings: DetectorSettings): Promise<SharingDetector>;
}

interface Compiled {
  readonly version: string;
  readonly detector: SharingDetector;
}

/** Keeps at most `maxSenders` compiled detectors (the least recently compiled goes first). */
export function createSenderDetectors(maxSenders = 2000): SenderDetectors {
  const compiled = new Map<string, Compiled>();
  return {
    async detectorFor(store, caller, settings) {
      const stamp = await store.caseloadStamp(caller.tenantId, caller.userId);
      const key = JSON.stringify([caller.tenantId, caller.userId]);
      const version = JSON.stringify([stamp, settings.ownDomains, settings.caseReferencePattern ?? null]);
      const hit = compiled.get(key);
      if (hit?.version === version) return hit.detector;
      const detector = await compile(store, caller, settings);
      compiled.delete(key);
      if (compiled.size >= maxSenders) compiled.delete(compiled.keys().next().value as string);
      compiled.set(key, { version, detector });
      return detector;
    },
  };
}

/** Detection as the server runs it for this sender, compiled now (no cache). */
export async function compile(store: Store, caller: Caller, settings: DetectorSettings): Promise<SharingDetector> {
  const caseload = await store.listPeopleRegisteredBy(caller.tenantId, caller.userId, CASELOAD_LIMIT);
  return createSharingDetector({
    ownDomains: settings.ownDomains.length ? settings.ownDomains : undefined,
    caseReferencePattern: settings.caseReferencePattern,
    knownPeople: caseload.map((p) => ({ personId: p.id, displayName: p.displayName })),
  });
}
