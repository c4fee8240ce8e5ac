/**
 * Anchors each decision-log head outside the database: one JSON line per committed append
 * (`{"tenantId","seq","hash","at"}`) in an append-only file. Whoever can change the database
 * cannot change this file, so deleting the newest entries (even with the head row rewound), or
 * the whole log, no longer verifies. Put the file where database administrators cannot write
 * (in production, on storage with an append-only or immutability policy).
 *
 * Lines are written after the transaction commits: a crash in between leaves the anchor one
 * append behind, never ahead (which the verifier would report as removed entries).
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { AnchorPoint, DecisionAnchor } from '../app/ports.js';
import { telemetry } from '../app/telemetry.js';

export function fileDecisionAnchor(path: string): DecisionAnchor {
  let ready: Promise<unknown> | undefined;
  return {
    where: `file ${path}`,
    async record(point) {
      try {
        await (ready ??= mkdir(dirname(path), { recursive: true }));
        const line = JSON.stringify({ tenantId: point.tenantId, seq: point.seq, hash: point.hash, at: point.at });
        await appendFile(path, `${line}\n`, { mode: 0o600, flag: 'a' });
      } catch (error) {
        // The decision is recorded either way; the next append anchors a later head.
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        telemetry.error(`safeguard: could not anchor the decision log (${code})`, { error: code });
      }
    },
    async latest(tenantId) {
      let best: AnchorPoint | undefined;
      try {
        const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
        for await (const line of lines) {
          const point = parsePoint(line);
          if (point?.tenantId === tenantId && (!best || point.seq > best.seq)) best = point;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      return best;
    },
  };
}

function parsePoint(line: string): AnchorPoint | undefined {
  try {
    const p = JSON.parse(line) as Partial<AnchorPoint>;
    return typeof p.tenantId === 'string' &&
      typeof p.seq === 'number' &&
      typeof p.hash === 'string' &&
      typeof p.at === 'string'
      ? { tenantId: p.tenantId, seq: p.seq, hash: p.hash, at: p.at }
      : undefined;
  } catch {
    return undefined;
  }
}
