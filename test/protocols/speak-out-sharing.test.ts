/**
 * Speak Out Engagement Protocol, seed 000_a742bdcb99286710.txt: the sharing rules as behaviour,
 * through the use cases, one test per rule named by its section.
 */
import { ValidationError } from '../../src/domain/shared/errors.js';
import { sharingSetup, type SharingSetup } from './sharing-kit.js';

let s: SharingSetup;
afterEach(() => s?.app.destroy());

const SPEAK_OUT_CHECKS = ['proportionate', 'adequate', 'accurate', 'secure'];

describe('Confidentiality and Information Sharing', () => {
  test('"explicit consent … however in exceptional circumstances": exactly the four exceptions, and no other protocol\'s', async () => {
    s = await sharingSetup('speak-out');
    const missing = await s.share({ confirmed: SPEAK_OUT_CHECKS });
    expect(missing.kind === 'blocked' && missing.reasons[0]?.message).toMatch(
      /^Share only with the person's explicit consent, under one of the Speak Out protocol's exceptions/,
    );
    expect(
      (await s.share({ basis: { kind: 'exception', exceptionId: 'crime' }, confirmed: SPEAK_OUT_CHECKS })).kind,
    ).toBe('allowed');
    expect(
      s.codes(
        await s.share({
          basis: { kind: 'exception', exceptionId: 'immediate-safeguarding' },
          confirmed: SPEAK_OUT_CHECKS,
        }),
      ),
    ).toEqual(['BASIS.UNKNOWN_EXCEPTION']); // Tameside 2.3.5
    expect(
      s.codes(
        await s.share({
          basis: { kind: 'public-interest', groundIds: ['adult-serious-harm'], capacitatedAdultRiskToSelfOnly: false },
          confirmed: SPEAK_OUT_CHECKS,
        }),
      ),
    ).toEqual(['BASIS.NO_PUBLIC_INTEREST_TEST']); // Durham 3.42
  });

  test('service users are told what cannot be kept confidential: a field of the consent record, and consent relied on must say so', async () => {
    s = await sharingSetup('speak-out');
    await expect(s.consent()).rejects.toThrow(ValidationError);
    await expect(s.consent()).rejects.toThrow(
      /informedOfLimits: say whether the person was told what cannot be kept confidential \(Speak Out, Confidentiality and Information Sharing\)/,
    );
    const notTold = await s.consent({ informedOfLimits: false });
    expect(
      s.codes(await s.share({ basis: { kind: 'consent', consentRecordId: notTold }, confirmed: SPEAK_OUT_CHECKS })),
    ).toEqual(['CONSENT.LIMITS_NOT_EXPLAINED']);
    s.app.clock.set('2026-11-25T11:00:00Z');
    const told = await s.consent({ informedOfLimits: true });
    expect(
      (await s.share({ basis: { kind: 'consent', consentRecordId: told }, confirmed: SPEAK_OUT_CHECKS })).kind,
    ).toBe('allowed');
    expect((await s.app.deps.store.listConsent(s.caller.tenantId, s.personId)).map((r) => r.informedOfLimits)).toEqual([
      false,
      true,
    ]);
  });
});

describe('Information sharing', () => {
  test("proportionate, adequate, accurate (fact and opinion, historical explained) and secure: Speak Out's own confirmations, each cited", async () => {
    s = await sharingSetup('speak-out');
    const result = await s.share({ basis: { kind: 'exception', exceptionId: 'crime' }, confirmed: ['proportionate'] });
    expect(result.kind === 'blocked' && result.reasons.map((r) => [r.message, r.citation?.section])).toEqual([
      [
        'Confirm: It is adequate for its purpose and of the right quality to be understood and relied upon.',
        'Information sharing',
      ],
      [
        'Confirm: It is accurate and up to date, fact is distinguished from opinion, and anything historical is explained.',
        'Information sharing',
      ],
      ['Confirm: It will be shared in an appropriate, secure way.', 'Information sharing'],
    ]);
  });

  test('"timely" keeps its emergency-consent clause', async () => {
    s = await sharingSetup('speak-out');
    expect(s.app.packs.get('speak-out').proportionality.find((r) => r.id === 'timely')?.wording).toMatch(
      /Timeliness is key in emergency situations and it may not be appropriate to seek consent for information sharing if it could cause delays and therefore harm to a client or others\.$/,
    );
  });

  test('"Information shared externally will be recorded on Speak Out\'s database": what and with whom; Durham\'s purpose and "who was involved" are not imposed', async () => {
    s = await sharingSetup('speak-out');
    const noWhat = await s.share({
      basis: { kind: 'exception', exceptionId: 'crime' },
      confirmed: SPEAK_OUT_CHECKS,
      information: '',
    });
    expect(noWhat.kind === 'blocked' && noWhat.reasons.map((r) => [r.code, r.citation?.section])).toEqual([
      ['RECORD.WHAT', 'Information sharing'],
    ]);
    expect(
      (await s.share({ basis: { kind: 'exception', exceptionId: 'crime' }, confirmed: SPEAK_OUT_CHECKS, purpose: '' }))
        .kind,
    ).toBe('allowed');
    expect((await s.share({ decision: 'not-share', reasons: '', involved: [] })).kind).toBe('allowed');
  });
});
