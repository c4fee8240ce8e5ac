/**
 * Tameside Escalation and Resolution Conversations Protocol, seed 003_9f39807ed5a4a730.txt: the
 * sharing rules (2.3.5, 2.3.6) as behaviour, through the use cases and the on-send check.
 */
import { checkOutgoingMessage } from '../../src/app/sharing/sharing-check.js';
import { sharingSetup, type SharingSetup } from './sharing-kit.js';

let s: SharingSetup;
afterEach(() => s?.app.destroy());

describe('2.3.5 consent "explicitly gathered wherever possible … except where the immediate safeguarding of an individual overrides"', () => {
  test('explicit consent or the one exception; nothing else', async () => {
    s = await sharingSetup('tameside');
    const missing = await s.share({ confirmed: ['factually-correct'] });
    expect(missing.kind === 'blocked' && missing.reasons[0]).toMatchObject({
      message: expect.stringMatching(/explicit consent, under one of the Tameside protocol's exceptions/),
      citation: { section: '2.3.5' },
    });
    expect(
      (
        await s.share({
          basis: { kind: 'exception', exceptionId: 'immediate-safeguarding' },
          confirmed: ['factually-correct'],
        })
      ).kind,
    ).toBe('allowed');
    expect(
      s.codes(
        await s.share({
          basis: { kind: 'exception', exceptionId: 'vulnerable-adults' },
          confirmed: ['factually-correct'],
        }),
      ),
    ).toEqual(['BASIS.UNKNOWN_EXCEPTION']);
  });

  test("the on-send check cites Tameside's own sections, never another protocol's", async () => {
    s = await sharingSetup('tameside');
    const check = await checkOutgoingMessage(s.app.deps, s.caller, {
      from: 'sam@tameside-org.example.org',
      to: ['alex@housing.example'],
      cc: [],
      bcc: [],
      subject: 'Referral',
      bodyText: 'NHS number 943 476 5919',
      attachmentNames: [],
    });
    expect(check.decisionRequired).toBe(true);
    expect(check.reasons.at(-1)).toBe('Tameside protocol: 2.3.5.');
    expect(check.reasons.join(' ')).not.toMatch(/Durham|Golden Rule/);
  });
});

describe('2.3.6 "Factually correct information should be made available swiftly and detail clarity"', () => {
  test('the one confirmation asked; no checks or record rules from Speak Out, seAp or Durham', async () => {
    s = await sharingSetup('tameside');
    const unconfirmed = await s.share({ basis: { kind: 'exception', exceptionId: 'immediate-safeguarding' } });
    expect(unconfirmed.kind === 'blocked' && unconfirmed.reasons.map((r) => [r.message, r.citation?.section])).toEqual([
      ['Confirm: The information is factually correct and clear.', '2.3.6'],
    ]);
    // Durham's Golden Rule 8 / CW7 are not Tameside's: a decision not to share needs no purpose, reasons or list of who was involved.
    expect((await s.share({ decision: 'not-share', purpose: '', reasons: '', involved: [] })).kind).toBe('allowed');
  });
});
