/**
 * What the per-seed sharing suites share: an organisation on a fresh test database following a
 * pack (optionally another pack for sharing), a person, consent, and a proposal to record through
 * the real use cases. Nothing is mocked; the clock is fixed.
 */
import { recordConsent, registerPerson } from '../../src/app/people/people-and-consent.js';
import type { RecordConsentInput, SharingProposalInput } from '../../src/app/inputs.js';
import type { Caller } from '../../src/app/ports.js';
import { recordSharingDecision, type RecordDecisionResult } from '../../src/app/sharing/sharing-decisions.js';
import type { IsoDate } from '../../src/domain/shared/time.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

export interface SharingSetup {
  readonly app: TestApp;
  readonly caller: Caller;
  readonly personId: string;
  consent(overrides?: Partial<RecordConsentInput>): Promise<string>;
  share(overrides?: Partial<SharingProposalInput>): Promise<RecordDecisionResult>;
  /** The codes of a blocked result (empty when allowed). */
  codes(result: RecordDecisionResult): string[];
}

export async function sharingSetup(
  packId: string,
  options: { sharingPackId?: string; dateOfBirth?: IsoDate; now?: string } = {},
): Promise<SharingSetup> {
  const app = await createTestApp(options.now ?? '2026-11-25T10:00:00Z');
  const caller = await app.tenant(`${packId}-org`, packId);
  if (options.sharingPackId) await app.deps.store.setTenantSharingPack(caller.tenantId, options.sharingPackId);
  const personId = (
    await registerPerson(app.deps, caller, {
      caseReference: 'REF-1',
      displayName: 'Pat Example',
      dateOfBirth: options.dateOfBirth,
    })
  ).id;
  return {
    app,
    caller,
    personId,
    async consent(overrides = {}) {
      const input: RecordConsentInput = {
        personId,
        status: 'given',
        information: 'Housing needs',
        recipients: ['Housing Trust'],
        capacity: { kind: 'presumed' },
        ...overrides,
      };
      return (await recordConsent(app.deps, caller, input)).id;
    },
    share(overrides = {}) {
      return recordSharingDecision(app.deps, caller, {
        decision: 'share',
        personId,
        basis: { kind: 'none' },
        information: 'Current address',
        recipients: [{ name: 'Alex Other', agency: 'Housing Trust' }],
        purpose: 'Rehousing assessment',
        reasons: 'Needed for the assessment',
        involved: [],
        confirmed: [],
        ...overrides,
      });
    },
    codes: (result) => (result.kind === 'blocked' ? result.reasons.map((r) => r.code) : []),
  };
}
