/**
 * County Durham, Collaborative Working and Information Sharing Protocol (2016), seed
 * 002_32f0acef193210ff.txt: the sharing rules as behaviour, through the use cases, one test per
 * rule named by its section; the Teams card end to end.
 */
import { ValidationError } from '../../src/domain/shared/errors.js';
import type { IsoDate } from '../../src/domain/shared/time.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { startBotHarness, teamsUser, visibleText } from '../helpers/bot-harness.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { sharingSetup, type SharingSetup } from './sharing-kit.js';

let s: SharingSetup;
afterEach(() => s?.app.destroy());

const DURHAM_CHECKS = ['golden-rule-7', 'golden-rule-3'];
const publicInterest = (more: Record<string, unknown> = {}) => ({
  kind: 'public-interest' as const,
  groundIds: ['adult-serious-harm'],
  capacitatedAdultRiskToSelfOnly: false,
  ...more,
});

describe('HM Government guidance 3.42 and 3.43', () => {
  test('3.42: the three grounds are the public-interest test, not also "exceptions": no route that skips the 3.43 question', async () => {
    s = await sharingSetup('county-durham');
    expect(s.app.packs.get('county-durham').sharingExceptions).toEqual([]);
    expect(
      s.codes(
        await s.share({ basis: { kind: 'exception', exceptionId: 'adult-serious-harm' }, confirmed: DURHAM_CHECKS }),
      ),
    ).toEqual(['BASIS.UNKNOWN_EXCEPTION']);
  });

  test("3.42: sharing without consent on a ground is recorded with the ground's words", async () => {
    s = await sharingSetup('county-durham');
    const result = await s.share({ basis: publicInterest(), confirmed: DURHAM_CHECKS });
    expect(result.kind === 'allowed' && result.record.basisWording).toEqual([
      expect.stringMatching(/^When there is evidence or reasonable cause to believe that an adult/),
    ]);
  });

  test('3.43: an adult with capacity who puts only themselves at risk — "may not be justifiable": a warning that needs a recorded justification, not a refusal', async () => {
    s = await sharingSetup('county-durham', { dateOfBirth: '1950-03-01' as IsoDate });
    const unjustified = await s.share({
      basis: publicInterest({ capacitatedAdultRiskToSelfOnly: true }),
      confirmed: DURHAM_CHECKS,
    });
    expect(unjustified.kind === 'blocked' && unjustified.reasons).toEqual([
      expect.objectContaining({
        code: 'BASIS.CAPACITATED_ADULT',
        message: expect.stringMatching(/may not be justifiable .* Record why/),
        citation: expect.objectContaining({ section: 'HM Government guidance 3.43' }),
      }),
    ]);
    const justified = await s.share({
      basis: publicInterest({
        capacitatedAdultRiskToSelfOnly: true,
        capacitatedAdultJustification: 'Risk of death; Pat asked us to act',
      }),
      confirmed: DURHAM_CHECKS,
    });
    expect(justified.kind).toBe('allowed');
    // The record keeps the question's answer, the justification and the warning it overrode.
    expect(justified.kind === 'allowed' && justified.record).toMatchObject({
      basis: { capacitatedAdultJustification: 'Risk of death; Pat asked us to act' },
      justifiedWarnings: [{ code: 'BASIS.CAPACITATED_ADULT' }],
    });
  });

  test('3.43 is about an adult: a yes for someone under 18 by their date of birth is refused', async () => {
    s = await sharingSetup('county-durham', { dateOfBirth: '2010-01-01' as IsoDate });
    expect(
      s.codes(
        await s.share({
          basis: publicInterest({ capacitatedAdultRiskToSelfOnly: true, capacitatedAdultJustification: 'x' }),
          confirmed: DURHAM_CHECKS,
        }),
      ),
    ).toEqual(['BASIS.NOT_AN_ADULT']);
  });
});

describe('HM Government guidance 3.30: capacity presumed from 16, checked from the date of birth', () => {
  test('presumed capacity is refused for a 15-year-old and accepted on their 16th birthday; an assessment is always accepted', async () => {
    s = await sharingSetup('county-durham', { dateOfBirth: '2010-11-26' as IsoDate, now: '2026-11-25T10:00:00Z' });
    await expect(s.consent()).rejects.toThrow(ValidationError);
    await expect(s.consent()).rejects.toThrow(
      /is 15 .* presumed only from 16 \(County Durham, HM Government guidance 3\.30\)/,
    );
    const assessed = await s.consent({
      capacity: {
        kind: 'assessed',
        outcome: 'has-capacity',
        assessedBy: 'Dr Lee',
        assessedOn: '2026-11-20' as IsoDate,
      },
    });
    expect(
      (await s.share({ basis: { kind: 'consent', consentRecordId: assessed }, confirmed: DURHAM_CHECKS })).kind,
    ).toBe('allowed');
    s.app.clock.set('2026-11-26T09:00:00Z'); // the 16th birthday (London)
    expect(await s.consent()).toEqual(expect.any(String));
  });
});

describe('Information Sharing – Consent and the Public Interest', () => {
  test('"IF THE SERVICE USER CONSENTS TO SHARE THEN THE INFORMATION SHOULD BE SHARED": consent is the basis; the pack does not call it "explicit"', async () => {
    s = await sharingSetup('county-durham');
    const missing = await s.share({ confirmed: DURHAM_CHECKS });
    expect(missing.kind === 'blocked' && missing.reasons[0]?.message).toMatch(
      /^Share only with the person's consent, under the public-interest test, or name a lawful basis outside this protocol/,
    );
    expect(missing.kind === 'blocked' && missing.reasons[0]?.message).not.toMatch(/explicit/);
    const consent = await s.consent();
    expect(
      (await s.share({ basis: { kind: 'consent', consentRecordId: consent }, confirmed: DURHAM_CHECKS })).kind,
    ).toBe('allowed');
  });

  test("a share to several agencies needs each agency's consent, each named in the refusal", async () => {
    s = await sharingSetup('county-durham');
    const consent = await s.consent({ recipients: ['Housing Trust'] });
    const result = await s.share({
      basis: { kind: 'consent', consentRecordId: consent },
      confirmed: DURHAM_CHECKS,
      recipients: [
        { name: 'Alex', agency: 'Housing Trust' },
        { name: 'PC Jones', agency: 'Durham Constabulary' },
      ],
    });
    expect(result.kind === 'blocked' && result.reasons.map((r) => r.message)).toEqual([
      'Durham Constabulary: No consent to share with this agency is recorded for this person.',
    ]);
  });
});

describe('Eight Golden Rules for Information Sharing and for Collaborative Working', () => {
  test('all eight of each are carried, GR2 included, each quoting its rule', () => {
    const pack = require_('county-durham');
    const sections = [...pack.proportionality, ...pack.recordKeeping, ...pack.sharingGuidance].map(
      (r) => r.citation.section,
    );
    for (const set of ['Information Sharing', 'Collaborative Working']) {
      expect(
        [1, 2, 3, 4, 5, 6, 7, 8].filter((n) => !sections.includes(`Eight Golden Rules for ${set}, rule ${n}`)),
      ).toEqual([]);
    }
    expect(pack.sharingGuidance.find((g) => g.id === 'golden-rule-2')?.wording).toMatch(
      /follow the relevant procedures without delay\..*ensure that the outcome of the discussion is recorded/,
    );
  });

  test('rules 7 and 3 are Durham\'s own confirmations, each cited; no fact/opinion or "historical" check borrowed from Speak Out or seAp', async () => {
    s = await sharingSetup('county-durham');
    const result = await s.share({ basis: publicInterest() });
    expect(result.kind === 'blocked' && result.reasons.map((r) => r.citation?.section)).toEqual([
      'Eight Golden Rules for Information Sharing, rule 7',
      'Eight Golden Rules for Information Sharing, rule 3',
    ]);
    expect(JSON.stringify(result)).not.toMatch(/opinion|historical/i);
  });

  test('rule 8: a decision to share records what, with whom and for what purpose', async () => {
    s = await sharingSetup('county-durham');
    const result = await s.share({ basis: publicInterest(), confirmed: DURHAM_CHECKS, purpose: ' ', information: '' });
    expect(result.kind === 'blocked' && result.reasons.map((r) => [r.code, r.citation?.section])).toEqual([
      ['RECORD.WHAT', 'Eight Golden Rules for Information Sharing, rule 8'],
      ['RECORD.PURPOSE', 'Eight Golden Rules for Information Sharing, rule 8'],
    ]);
  });

  test('Collaborative Working rule 7: a decision not to share is recorded in full, with reasons and who was involved', async () => {
    s = await sharingSetup('county-durham');
    const bare = await s.share({ decision: 'not-share', reasons: '', involved: [] });
    expect(bare.kind === 'blocked' && bare.reasons.map((r) => [r.code, r.citation?.section])).toEqual([
      ['RECORD.REASONS', 'Eight Golden Rules for Information Sharing, rule 8'],
      ['RECORD.INVOLVED', 'Eight Golden Rules for Collaborative Working, rule 7'],
    ]);
    expect(
      (
        await s.share({
          decision: 'not-share',
          reasons: 'No risk to others',
          involved: ['Sam Practitioner', 'Tess Manager'],
        })
      ).kind,
    ).toBe('allowed');
  });
});

function inputById(node: unknown, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) return node.map((n) => inputById(n, id)).find(Boolean);
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Record<string, unknown>;
  return o['id'] === id
    ? o
    : Object.values(o)
        .map((v) => inputById(v, id))
        .find(Boolean);
}

function require_(id: string) {
  return s.app.packs.get(id);
}

test('Teams, end to end: the card shows the Golden Rules and 3.41, asks 3.43 with no default, and records a decision not to share with everyone involved', async () => {
  const h = await startBotHarness({ packId: 'county-durham' });
  try {
    const sam = teamsUser('Sam Practitioner');
    const person = await registerPerson(
      h.app.deps,
      { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name },
      { caseReference: 'DCC-1', displayName: 'Pat' },
    );
    const wizard = h.cardOf(await h.click(sam, 'consent.lookup', { caseReference: 'DCC-1', agency: 'Housing Trust' }));
    expect(cardProblems(wizard)).toEqual([]);
    const json = JSON.stringify(wizard);
    expect(json).toContain('Eight Golden Rules for Information Sharing, rule 2');
    expect(json).toContain('Eight Golden Rules for Collaborative Working, rule 6');
    expect(json).toContain('almost certainly be satisfied (except as described in 3.43)');
    const question = inputById(wizard, 'capacitatedAdult');
    expect(question).toMatchObject({ choices: [{ value: 'yes' }, { value: 'no' }] });
    expect(question).not.toHaveProperty('value'); // no default answer

    const form = {
      personId: person.id,
      agency: 'Housing Trust',
      recipientName: 'Alex Other',
      information: 'Housing history',
    };
    const unanswered = h.cardOf(
      await h.click(sam, 'sharing.record', {
        ...form,
        decision: 'share',
        basis: 'public-interest',
        groundIds: 'adult-serious-harm',
        confirmed: 'golden-rule-7,golden-rule-3',
        purpose: 'p',
        reasons: 'r',
      }),
    );
    expect(visibleText(unanswered)).toContain('Answer whether this is an adult with capacity');

    const recorded = h.cardOf(
      await h.click(sam, 'sharing.record', {
        ...form,
        decision: 'not-share',
        basis: 'none',
        reasons: 'Pat refused; no risk to others',
        involved: 'Tess Manager\nDr Lee',
      }),
    );
    expect(visibleText(recorded)).toContain('not to share');
    const [entry] = await h.app.deps.store.pageDecisions(h.tenantId, 0, 10);
    expect(JSON.parse(entry!.payload)).toMatchObject({
      decision: 'not-share',
      involved: ['Sam Practitioner', 'Tess Manager', 'Dr Lee'],
    });
  } finally {
    await h.close();
  }
});
