import { sql } from 'kysely';
import { verifyDecisionLog } from '../../../src/app/sharing/decision-log.js';
import { parseInput, sharingProposalSchema, type SharingProposalInput } from '../../../src/app/inputs.js';
import { recordConsent, registerPerson } from '../../../src/app/people/people-and-consent.js';
import type { Caller } from '../../../src/app/ports.js';
import { recordSharingDecision } from '../../../src/app/sharing/sharing-decisions.js';
import { NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
let caller: Caller;
let personId: string;

beforeEach(async () => {
  app = await createTestApp();
  caller = await app.tenant('durham-adult-care', 'county-durham');
  personId = (await registerPerson(app.deps, caller, { caseReference: 'DUR-1001', displayName: 'A. Person' })).id;
});
afterEach(() => app.destroy());

/** Durham's own confirmations: Golden Rules 7 and 3. */
const checked = ['golden-rule-7', 'golden-rule-3'];

function proposal(overrides: Partial<SharingProposalInput> = {}): SharingProposalInput {
  return {
    decision: 'share',
    personId,
    basis: { kind: 'none' },
    information: 'Current address and the agreed safety plan',
    recipients: [{ name: 'PC Jones', agency: 'Durham Constabulary' }],
    purpose: 'Joint visit to assess risk',
    reasons: 'Risk of serious harm from a family member',
    involved: [],
    confirmed: checked,
    ...overrides,
  };
}

describe('recording sharing decisions (Durham 002_32f0acef193210ff.txt, Golden Rules 5, 7 and 8)', () => {
  test('sharing with no consent and no named exception is blocked, with the reason, and nothing is recorded', async () => {
    const result = await recordSharingDecision(app.deps, caller, proposal());
    expect(result.kind).toBe('blocked');
    if (result.kind === 'blocked') expect(result.reasons.map((r) => r.code)).toContain('BASIS.MISSING');
    expect(await app.deps.store.pageDecisions(caller.tenantId, 0, 10)).toHaveLength(0);
  });

  test('sharing on recorded consent is recorded with what, with whom, why and who decided', async () => {
    const consent = await recordConsent(app.deps, caller, {
      personId,
      status: 'given',
      information: 'address and safety plan',
      recipients: ['Durham Constabulary'],
      capacity: { kind: 'presumed' },
    });
    const result = await recordSharingDecision(
      app.deps,
      caller,
      proposal({ basis: { kind: 'consent', consentRecordId: consent.id } }),
    );
    expect(result.kind).toBe('allowed');
    const [entry] = await app.deps.store.pageDecisions(caller.tenantId, 0, 10);
    const record = JSON.parse(entry!.payload);
    expect(record).toMatchObject({
      decision: 'share',
      information: 'Current address and the agreed safety plan',
      purpose: 'Joint visit to assess risk',
      decidedBy: 'Sam Practitioner',
      recipients: [{ agency: 'Durham Constabulary' }],
    });
    expect(record.basisWording[0]).toMatch(/CONSENTS TO SHARE/i);
  });

  test('after consent is withdrawn, sharing on that consent is blocked', async () => {
    const consent = await recordConsent(app.deps, caller, {
      personId,
      status: 'given',
      information: 'all',
      recipients: ['*'],
      capacity: { kind: 'presumed' },
    });
    app.clock.set('2026-11-25T11:00:00Z');
    await recordConsent(app.deps, caller, {
      personId,
      status: 'withdrawn',
      information: 'all',
      recipients: ['*'],
      capacity: { kind: 'presumed' },
    });
    const result = await recordSharingDecision(
      app.deps,
      caller,
      proposal({ basis: { kind: 'consent', consentRecordId: consent.id } }),
    );
    expect(result.kind === 'blocked' && result.reasons.map((r) => r.code)).toEqual(['CONSENT.WITHDRAWN']);
  });

  test("sharing without consent on a public-interest ground (HM Government 3.42) is recorded with the ground's wording", async () => {
    const pack = app.packs.get('county-durham');
    const ground = pack.publicInterestTest!.grounds.find(
      (g) => g.category === 'adult-safeguarding' || /adult/.test(g.wording),
    )!;
    const result = await recordSharingDecision(
      app.deps,
      caller,
      proposal({ basis: { kind: 'public-interest', groundIds: [ground.id], capacitatedAdultRiskToSelfOnly: false } }),
    );
    expect(result.kind).toBe('allowed');
    if (result.kind === 'allowed') expect(result.record.basisWording).toEqual([ground.wording]);
  });

  test('a capacitated adult who risks only themselves (HM Government 3.43) needs a recorded justification to share without consent', async () => {
    const ground = app.packs.get('county-durham').publicInterestTest!.grounds[0]!;
    const result = await recordSharingDecision(
      app.deps,
      caller,
      proposal({ basis: { kind: 'public-interest', groundIds: [ground.id], capacitatedAdultRiskToSelfOnly: true } }),
    );
    expect(result.kind === 'blocked' && result.reasons[0]?.code).toBe('BASIS.CAPACITATED_ADULT');
  });

  test('an unconfirmed proportionality rule blocks sharing (Golden Rule 7)', async () => {
    const ground = app.packs.get('county-durham').publicInterestTest!.grounds[1]!;
    const result = await recordSharingDecision(
      app.deps,
      caller,
      proposal({
        basis: { kind: 'public-interest', groundIds: [ground.id], capacitatedAdultRiskToSelfOnly: false },
        confirmed: ['golden-rule-3'],
      }),
    );
    expect(result.kind === 'blocked' && result.reasons.map((r) => [r.code, r.citation?.section])).toEqual([
      ['PROPORTIONALITY.UNCONFIRMED', 'Eight Golden Rules for Information Sharing, rule 7'],
    ]);
  });

  test('a decision not to share is recorded too, and needs its reasons and who was involved', async () => {
    const blocked = await recordSharingDecision(app.deps, caller, proposal({ decision: 'not-share', reasons: ' ' }));
    expect(blocked.kind === 'blocked' && blocked.reasons.map((r) => r.code).sort()).toEqual([
      'RECORD.INVOLVED',
      'RECORD.REASONS',
    ]);
    const recorded = await recordSharingDecision(
      app.deps,
      caller,
      proposal({ decision: 'not-share', reasons: 'Person refused; no risk to others', involved: ['Team manager'] }),
    );
    expect(recorded.kind).toBe('allowed');
  });

  test('malformed input is refused at the edge with every problem named', () => {
    expect(() => parseInput(sharingProposalSchema, { decision: 'maybe', personId: 'x' })).toThrow(ValidationError);
    try {
      parseInput(sharingProposalSchema, { decision: 'maybe', personId: 'x' });
    } catch (error) {
      expect((error as ValidationError).message).toMatch(/decision/);
      expect((error as ValidationError).message).toMatch(/personId/);
    }
  });
});

describe('the decision log is append-only and tamper-evident', () => {
  async function recordThree(): Promise<void> {
    for (const reasons of ['first', 'second', 'third']) {
      const r = await recordSharingDecision(
        app.deps,
        caller,
        proposal({ decision: 'not-share', reasons, involved: ['Team manager'] }),
      );
      expect(r.kind).toBe('allowed');
    }
  }

  test('an untouched log verifies', async () => {
    await recordThree();
    expect(await verifyDecisionLog(app.deps, caller.tenantId)).toMatchObject({ kind: 'intact', entries: 3 });
  });

  test('the database refuses to change or delete an entry', async () => {
    await recordThree();
    await expect(sql`update sharing_decisions set payload = 'x'`.execute(app.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from sharing_decisions`.execute(app.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate sharing_decisions`.execute(app.database.db)).rejects.toThrow(/append-only/);
  });

  test("an entry altered behind the triggers' back is found by the verifier, at that entry", async () => {
    await recordThree();
    await sql`alter table sharing_decisions disable trigger sharing_decisions_append_only`.execute(app.database.db);
    await sql`update sharing_decisions set payload = replace(payload, 'second', 'altered') where seq = 2`.execute(
      app.database.db,
    );
    expect(await verifyDecisionLog(app.deps, caller.tenantId)).toMatchObject({ kind: 'broken', seq: 2, entries: 1 });
  });

  test('concurrent decisions form one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        recordSharingDecision(
          app.deps,
          caller,
          proposal({ decision: 'not-share', reasons: `r${i}`, involved: ['TM'] }),
        ),
      ),
    );
    expect(await verifyDecisionLog(app.deps, caller.tenantId)).toMatchObject({ kind: 'intact', entries: 12 });
  });

  test('each organisation sees only its own people and its own chain', async () => {
    await recordThree();
    const other = await app.tenant('stockport-asc', 'stockport');
    await expect(recordSharingDecision(app.deps, other, proposal())).rejects.toThrow(NotFoundError);
    expect(await app.deps.store.pageDecisions(other.tenantId, 0, 10)).toHaveLength(0);
    expect(await app.deps.store.getPerson(other.tenantId, personId)).toBeUndefined();
  });
});
