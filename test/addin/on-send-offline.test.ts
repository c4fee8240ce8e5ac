/**
 * The on-send decision when the safeguarding service does not answer: a decision stored on the
 * draft still covers only the outside addresses it names (security review M4), so adding a
 * recipient after deciding holds the message even offline.
 */
import { checkOnSend } from '../../addin/on-send/on-send-check.js';

const NHS = '943 476 5919';
const message = (to: string[]) => ({
  from: 'alice@contoso.example',
  to,
  cc: [],
  bcc: [],
  subject: 'Referral',
  bodyText: `NHS ${NHS}`,
  attachmentNames: [],
});
const offline = {
  askServer: () => Promise.resolve(undefined),
  fallbackSendMode: 'soft-block' as const,
  ownDomains: ['contoso.example'],
};
const stored = { id: 'd-1', seq: 7, reference: 'outlook:1', recipients: ['alex@housing.example'] };

test('offline, a stored decision lets the message go to the addresses it names, marked unconfirmed', async () => {
  expect(
    await checkOnSend({
      ...offline,
      message: message(['alex@housing.example']),
      reference: 'outlook:1',
      storedDecision: stored,
    }),
  ).toEqual({ allow: true, header: 'd-1; seq=7; unconfirmed' });
});

test('offline, an outside address the stored decision does not name is held', async () => {
  const outcome = await checkOnSend({
    ...offline,
    message: message(['alex@housing.example', 'press@newspaper.example']),
    reference: 'outlook:1',
    storedDecision: stored,
  });
  expect(outcome).toMatchObject({
    allow: false,
    options: { allowEvent: false, errorMessage: expect.stringContaining('did not answer') },
  });
});

test('a decision stored before recipients were kept (no list) does not cover anything offline', async () => {
  const outcome = await checkOnSend({
    ...offline,
    message: message(['alex@housing.example']),
    reference: 'outlook:1',
    storedDecision: { id: 'd-1', seq: 7, reference: 'outlook:1' },
  });
  expect(outcome.allow).toBe(false);
});
