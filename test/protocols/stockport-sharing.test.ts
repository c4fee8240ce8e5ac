/**
 * Stockport Multi-Agency Escalation Policy, seed 004_0dc7e94071fd648b.txt: an escalation policy
 * that names no information-sharing rule. Sharing under it offers no invented lawful basis; a
 * lawful basis outside the protocol is named, justified, recorded as such and listed for the
 * information-governance lead; and an organisation can combine Stockport's escalation policy
 * with another pack's sharing rules. Use cases, then REST end to end.
 */
import { localToken } from '../../src/api/client.js';
import { exportDecisionsCsv } from '../../src/app/reports/exports.js';
import { decisionsForReview } from '../../src/app/sharing/sharing-decision-review.js';
import { checkOutgoingMessage } from '../../src/app/sharing/sharing-check.js';
import { IG_LEAD_ROLE } from '../../src/app/people/person-access.js';
import { ForbiddenError } from '../../src/domain/shared/errors.js';
import { CONTOSO_TENANT, startBotHarness, teamsUser } from '../helpers/bot-harness.js';
import { sharingSetup, type SharingSetup } from './sharing-kit.js';

let s: SharingSetup;
afterEach(() => s?.app.destroy());

const OUTSIDE = {
  kind: 'outside-protocol' as const,
  name: 'UK GDPR Article 6(1)(d), vital interests',
  justification: 'Pat was found unconscious; the hospital needs the medication list now',
};

describe('1. General Principles of Resolution; 3. Specific Processes: no lawful basis for sharing without consent', () => {
  test('the invented "welfare paramount" and "same working day" exceptions are gone; the message says so', async () => {
    s = await sharingSetup('stockport');
    const pack = s.app.packs.get('stockport');
    expect([pack.consent, pack.sharingExceptions, pack.proportionality]).toEqual([undefined, [], []]);
    for (const exceptionId of ['welfare-and-safety-paramount', 'same-working-day-concern']) {
      expect(s.codes(await s.share({ basis: { kind: 'exception', exceptionId } }))).toEqual([
        'BASIS.UNKNOWN_EXCEPTION',
      ]);
    }
    const none = await s.share();
    expect(none.kind === 'blocked' && none.reasons[0]?.message).toMatch(
      /^The Stockport protocol names no basis for sharing without consent: share with the person's consent, or name a lawful basis outside this protocol/,
    );
  });

  test('consent from the register is a basis; no sharing checks are borrowed from other seeds', async () => {
    s = await sharingSetup('stockport');
    const consent = await s.consent();
    const result = await s.share({ basis: { kind: 'consent', consentRecordId: consent } });
    expect(result.kind === 'allowed' && result.record).toMatchObject({
      packId: 'stockport',
      basisWording: [],
      consentChecked: [{ agency: 'Housing Trust', answer: 'given', consentRecordId: consent }],
    });
  });

  test('the on-send check cites no protocol for Stockport (it has no sharing rule to cite)', async () => {
    s = await sharingSetup('stockport');
    const check = await checkOutgoingMessage(s.app.deps, s.caller, {
      from: 'sam@stockport-org.example.org',
      to: ['alex@housing.example'],
      cc: [],
      bcc: [],
      subject: 'Referral',
      bodyText: 'NHS number 943 476 5919',
      attachmentNames: [],
    });
    expect(check.reasons.at(-1)).toMatch(/^Record a sharing decision before sending/);
  });
});

describe('a lawful basis outside this protocol (issue 9, item 1)', () => {
  test('named and justified, recorded as such in the hash-chained entry, and listed for the information-governance lead only', async () => {
    s = await sharingSetup('stockport');
    const result = await s.share({ basis: OUTSIDE });
    expect(result.kind === 'allowed' && result.record).toMatchObject({
      basis: OUTSIDE,
      basisWording: ['A lawful basis outside the Stockport protocol: UK GDPR Article 6(1)(d), vital interests'],
      justifiedWarnings: [{ code: 'BASIS.OUTSIDE_PROTOCOL' }],
    });
    await expect(decisionsForReview(s.app.deps, s.caller, 'outside-protocol', { limit: 50 })).rejects.toThrow(
      ForbiddenError,
    );
    const ig = { tenantId: s.caller.tenantId, userId: 'ig-lead-user', name: 'Ida Governance' };
    await s.app.deps.store.assignRole(ig.tenantId, IG_LEAD_ROLE, ig.userId, '2026-11-25T10:00:00Z');
    expect((await decisionsForReview(s.app.deps, ig, 'outside-protocol', { limit: 50 })).items).toEqual([
      expect.objectContaining({
        seq: 1,
        caseReference: 'REF-1',
        decision: 'share',
        packId: 'stockport',
        basisName: OUTSIDE.name,
        justification: OUTSIDE.justification,
        agencies: ['Housing Trust'],
        decidedBy: 'Sam Practitioner',
      }),
    ]);
    // The export says so too.
    let csv = '';
    for await (const row of exportDecisionsCsv(s.app.deps, s.caller.tenantId)) csv += row;
    expect(csv).toContain(
      'outside-protocol,"outside the protocol: UK GDPR Article 6(1)(d), vital interests; Pat was found unconscious',
    );
    // The review is in the access log (information-governance accountability).
    expect(await s.app.deps.store.listAccessLog(ig.tenantId, { personId: s.personId, limit: 10 })).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: ig.userId, action: 'review-decision' })]),
    );
  });

  test('a basis outside the protocol must be named and justified (refused at the edge)', async () => {
    s = await sharingSetup('stockport');
    expect(
      s.codes(await s.share({ basis: { kind: 'outside-protocol', name: ' ', justification: 'because' } })),
    ).toEqual(['BASIS.OUTSIDE_PROTOCOL_UNJUSTIFIED']);
    const { parseInput, sharingProposalSchema } = await import('../../src/app/inputs.js');
    expect(() =>
      parseInput(sharingProposalSchema, {
        decision: 'share',
        personId: s.personId,
        basis: { kind: 'outside-protocol', name: '', justification: '' },
        information: 'x',
        recipients: [],
        purpose: '',
        reasons: '',
      }),
    ).toThrow(/basis\.name: .*basis\.justification/s); // every edge parses with the schema first
  });
});

describe('combining packs: Stockport for escalation, another protocol for sharing', () => {
  test('with County Durham as the sharing pack, sharing follows Durham (3.42 public interest, its checks) while escalation stays Stockport', async () => {
    s = await sharingSetup('stockport', { sharingPackId: 'county-durham' });
    const result = await s.share({
      basis: { kind: 'public-interest', groundIds: ['adult-serious-harm'], capacitatedAdultRiskToSelfOnly: false },
      confirmed: ['golden-rule-7', 'golden-rule-3'],
    });
    expect(result.kind === 'allowed' && result.record.packId).toBe('county-durham');
    expect(await s.app.deps.store.getTenant(s.caller.tenantId)).toMatchObject({
      packId: 'stockport',
      sharingPackId: 'county-durham',
    });
  });
});

test('REST end to end: the sharing pack, a decision outside the protocol, and GET /api/sharing-decisions?basis=outside-protocol for the IG lead only', async () => {
  const h = await startBotHarness({ packId: 'stockport' });
  try {
    const base = h.endpoint.replace('/api/messages', '');
    const as = (u: { aadObjectId: string; name: string }) => async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${localToken({ tid: CONTOSO_TENANT, oid: u.aadObjectId, name: u.name })}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
    };
    const sam = as(teamsUser('Sam Practitioner'));
    const ida = teamsUser('Ida Governance');
    await h.app.deps.store.assignRole(h.tenantId, IG_LEAD_ROLE, ida.aadObjectId, '2026-11-25T10:00:00Z');
    expect((await sam('GET', '/api/sharing-pack')).body).toMatchObject({ id: 'stockport', sharingExceptions: [] });
    const person = await sam('POST', '/api/people', { caseReference: 'STK-1', displayName: 'Pat' });
    const recorded = await sam('POST', '/api/sharing-decisions', {
      decision: 'share',
      personId: person.body.id,
      basis: OUTSIDE,
      information: 'Medication list',
      recipients: [{ name: 'A&E', agency: 'Stepping Hill Hospital' }],
      purpose: 'Treatment',
      reasons: 'Emergency',
    });
    expect(recorded.status).toBe(201);
    expect((await sam('GET', '/api/sharing-decisions?basis=outside-protocol')).status).toBe(403);
    expect((await sam('GET', '/api/sharing-decisions?basis=consent')).status).toBe(400);
    const review = await as(ida)('GET', '/api/sharing-decisions?basis=outside-protocol');
    expect(review).toMatchObject({
      status: 200,
      body: { items: [{ caseReference: 'STK-1', basisName: OUTSIDE.name, agencies: ['Stepping Hill Hospital'] }] },
    });

    await h.app.deps.store.setTenantSharingPack(h.tenantId, 'county-durham');
    expect((await sam('GET', '/api/sharing-pack')).body).toMatchObject({ id: 'county-durham' });
    expect((await sam('GET', '/api/pack')).body).toMatchObject({ id: 'stockport' });
    expect((await sam('GET', '/api/me')).body).toMatchObject({
      pack: { id: 'stockport' },
      sharingPack: { id: 'county-durham' },
    });
  } finally {
    await h.close();
  }
});
