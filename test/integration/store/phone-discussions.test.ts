import { logPhoneDiscussion } from '../../../src/app/phone/phone-discussions.js';
import { parseInput, logPhoneDiscussionSchema } from '../../../src/app/inputs.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import { ValidationError } from '../../../src/domain/shared/errors.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let app: TestApp;
afterEach(() => app.destroy());

const me = {
  name: 'Sam Practitioner',
  role: 'Social worker',
  agency: 'Tameside Adult Services',
  email: 'sam@tameside.example.org',
};
const them = { name: 'Dr Ree', role: 'GP', agency: 'Ashton Medical Practice', email: 'ree@gp.example.nhs.uk' };

describe('phone discussions confirmed by email (Tameside 003_9f39807ed5a4a730.txt 2.3.2)', () => {
  test('logging a call stores it with its agreed actions and composes the confirmation email to the others', async () => {
    app = await createTestApp('2026-11-25T10:00:00Z');
    const caller = await app.tenant('tameside-asc', 'tameside');
    const person = await registerPerson(app.deps, caller, { caseReference: 'TAM-7', displayName: 'Pat Example' });
    const input = parseInput(logPhoneDiscussionSchema, {
      personId: person.id,
      occurredAt: '2026-11-25T09:15:00Z',
      participants: [me, them],
      concerns: 'Missed medication and falls at home',
      consentBasis: 'Consent to share with the GP recorded 20 Nov',
      agreedActions: [{ description: 'Medication review', owner: 'Dr Ree', dueOn: '2026-11-27' }],
    });
    const logged = await logPhoneDiscussion(app.deps, caller, me, input);
    expect(logged.confirmation.to).toEqual(['ree@gp.example.nhs.uk']);
    const body = logged.confirmation.body;
    for (const expected of [
      'Dr Ree (GP, Ashton Medical Practice)',
      'Missed medication and falls at home',
      'Medication review',
      'Dr Ree',
      '2026-11-27',
      'Consent to share with the GP recorded 20 Nov',
      'Sam Practitioner',
    ]) {
      expect(body).toContain(expected);
    }
    expect(`${logged.confirmation.subject}\n${body}`).toMatch(/25 November 2026/);
    const stored = await app.deps.store.getPhoneDiscussion(caller.tenantId, logged.id);
    expect(stored).toMatchObject({
      concerns: 'Missed medication and falls at home',
      agreedActions: [{ description: 'Medication review', dueOn: '2026-11-27' }],
      confirmation: logged.confirmation,
    });
    const other = await app.tenant('elsewhere', 'tameside');
    expect(await app.deps.store.getPhoneDiscussion(other.tenantId, logged.id)).toBeUndefined();
  });

  test('a discussion with one participant, or an action without a due date, is refused at the edge', () => {
    expect(() =>
      parseInput(logPhoneDiscussionSchema, {
        occurredAt: '2026-11-25T09:15:00Z',
        participants: [me],
        concerns: 'x',
        consentBasis: 'y',
      }),
    ).toThrow(/at least two participants/);
    expect(() =>
      parseInput(logPhoneDiscussionSchema, {
        occurredAt: '2026-11-25T09:15:00Z',
        participants: [me, them],
        concerns: 'x',
        consentBasis: 'y',
        agreedActions: [{ description: 'a', owner: 'b' }],
      }),
    ).toThrow(ValidationError);
  });
});
