/**
 * Whether a recorded decision covers the email being sent (Durham Golden Rule 8: what, with whom):
 * the rule the on-send check applies, on fingerprints that hold hashes only.
 */
import { createHmac } from 'node:crypto';
import { detectSharing } from '../../../src/domain/detection/index.js';
import { coverProblems, fingerprintMessage } from '../../../src/domain/sharing/message-cover.js';

const hash = (text: string) => createHmac('sha256', 'key').update(text).digest('hex');
const base = {
  from: 'alice@contoso.example',
  to: ['alex@housing.example'],
  cc: [] as string[],
  bcc: [] as string[],
  subject: 'Referral for Pat',
  bodyText: 'NHS 943 476 5919. Please call.',
  attachmentNames: ['plan.pdf'],
};
type Message = typeof base;
const seen = (m: Message) => {
  const verdict = detectSharing(m, { ownDomains: ['contoso.example'] });
  return { externalRecipients: verdict.externalRecipients, fingerprint: fingerprintMessage(hash, m, verdict.findings) };
};
const decision = {
  recipients: [{ name: 'Alex', agency: 'Housing Trust', email: 'Alex@Housing.example' }],
  fingerprint: seen(base).fingerprint,
};
const problems = (m: Partial<Message>) => coverProblems(decision, seen({ ...base, ...m })).map((p) => p.kind);

test('the same email, or one with spacing, case or wording edits that add no identifier, is covered', () => {
  expect(problems({})).toEqual([]);
  expect(
    problems({
      subject: '  referral  for PAT ',
      bodyText: 'NHS 943-476-5919.  Please call me back. Thanks, Alice',
      attachmentNames: [],
    }),
  ).toEqual([]);
  expect(problems({ cc: ['tess@contoso.example'] })).toEqual([]);
});

test('an outside recipient not named, a new subject, an added attachment or an added identifier is not covered', () => {
  expect(coverProblems(decision, seen({ ...base, bcc: ['press@newspaper.example'] }))).toEqual([
    { kind: 'recipient-not-named', addresses: ['press@newspaper.example'] },
  ]);
  expect(problems({ subject: 'Another person' })).toEqual(['subject-changed']);
  expect(problems({ attachmentNames: ['plan.pdf', 'safeguarding referral.docx'] })).toEqual(['attachment-added']);
  expect(problems({ bodyText: `${base.bodyText} Born 12/03/1961, M1 1AE.` })).toEqual(['identifier-added']);
});

test('a decision recorded without the email (Teams, or before fingerprints were kept) covers no email', () => {
  expect(coverProblems({ recipients: decision.recipients }, seen(base))).toEqual([
    { kind: 'not-made-for-this-message' },
  ]);
});

test('the fingerprint holds no text of the email', () => {
  const text = JSON.stringify(seen(base).fingerprint);
  for (const part of ['943', 'Referral', 'plan.pdf', 'Please']) expect(text).not.toContain(part);
});
