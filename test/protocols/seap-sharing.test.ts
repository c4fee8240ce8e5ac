/**
 * seAp Engagement Protocol v1.2, seed 001_7952fd8ae7cb4c0c.txt: the sharing rules as behaviour,
 * through the use cases, one test per rule named by its section.
 */
import { sharingSetup, type SharingSetup } from './sharing-kit.js';

let s: SharingSetup;
afterEach(() => s?.app.destroy());

const SEAP_CHECKS = ['proportionate', 'adequate', 'accurate', 'secure'];

describe('Confidentiality and Information Sharing', () => {
  test('exceptions a–g are the bases for breaching confidentiality; the seed never says "explicit", so neither does the product', async () => {
    s = await sharingSetup('seap');
    expect(s.app.packs.get('seap').sharingExceptions.map((e) => e.code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(
      (await s.share({ basis: { kind: 'exception', exceptionId: 'terrorism' }, confirmed: SEAP_CHECKS })).kind,
    ).toBe('allowed');
    const missing = await s.share({ confirmed: SEAP_CHECKS });
    expect(missing.kind === 'blocked' && missing.reasons[0]?.message).toMatch(
      /^Share only with the person's consent, under one of the seAp protocol's exceptions/,
    );
  });

  test('clients are told the limits of confidentiality, "repeated until the client understands it": asked on the consent record', async () => {
    s = await sharingSetup('seap');
    expect(s.app.packs.get('seap').consent?.confidentialityLimits?.wording).toMatch(
      /This process may have to be repeated until the client understands it\.$/,
    );
    await expect(s.consent()).rejects.toThrow(/informedOfLimits/);
    const told = await s.consent({ informedOfLimits: true });
    expect((await s.share({ basis: { kind: 'consent', consentRecordId: told }, confirmed: SEAP_CHECKS })).kind).toBe(
      'allowed',
    );
  });
});

describe('Access to Information', () => {
  test('stored in line with the Data Protection Act and Caldicott Guardian Rules: shown on every sharing decision', () => {
    return sharingSetup('seap').then((setup) => {
      s = setup;
      const caldicott = s.app.packs.get('seap').sharingGuidance.find((g) => /Caldicott/.test(g.wording));
      expect(caldicott).toMatchObject({ at: 'decision', citation: { section: 'Access to Information' } });
    });
  });
});

describe('Information sharing', () => {
  test('"timely" keeps its emergency-consent clause, and seAp\'s confirmations are its own', async () => {
    s = await sharingSetup('seap');
    const pack = s.app.packs.get('seap');
    expect(pack.proportionality.find((r) => r.id === 'timely')?.wording).toMatch(
      /it may not be appropriate to seek consent for information sharing if it could cause delays/,
    );
    const result = await s.share({ basis: { kind: 'exception', exceptionId: 'crime' } });
    expect(
      result.kind === 'blocked' && result.reasons.every((r) => r.citation?.seed === '001_7952fd8ae7cb4c0c.txt'),
    ).toBe(true);
  });

  test('"Information shared externally will be recorded on the seAp database": a decision is recorded with what and with whom', async () => {
    s = await sharingSetup('seap');
    const result = await s.share({ basis: { kind: 'exception', exceptionId: 'crime' }, confirmed: SEAP_CHECKS });
    expect(result.kind === 'allowed' && result.record).toMatchObject({
      packId: 'seap',
      information: 'Current address',
      recipients: [{ agency: 'Housing Trust' }],
      basisWording: ['Intent to commit a crime'],
    });
  });
});
