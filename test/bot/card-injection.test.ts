/**
 * Text people type reaches other people's cards: a practitioner's name, the other agency, notes,
 * a report to the manager, an agreed action. Teams renders a TextBlock's text and FactSet titles
 * and values as Markdown and expands {{DATE()}}, so that text must arrive escaped — shown exactly
 * as typed, never as a disguised link, bold "URGENT" or a date (security review 2026-12, L1).
 */
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { cardIn, startBotHarness, teamsUser, type BotHarness, type CardJson } from '../helpers/bot-harness.js';

let h: BotHarness;
afterAll(() => h.close());

const HOSTILE = '[Open the record](https://evil.example/login) **URGENT** {{DATE(2026-01-01T00:00:00Z)}}';
/** The same text escaped for Teams' Markdown: what a card must carry to show it literally. */
const ESCAPED =
  '\\[Open the record\\](https://evil.example/login) \\*\\*URGENT\\*\\* \\{\\{DATE(2026-01-01T00:00:00Z)\\}\\}';
const MULTILINE = `${HOSTILE}\n# Call this number\n- item\n1. first\n<b>bold</b> _it_`;

const sam = teamsUser(`Sam ${HOSTILE}`);
const tess = teamsUser('Tess Teammanager');

/** Every string Teams renders as Markdown in a card: TextBlock text, Fact titles and values. */
function markdownStrings(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      for (const f of n.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Problems with the hostile text in a card: any of its Markdown or braces left unescaped. */
function unescaped(card: CardJson): string[] {
  return markdownStrings(card)
    .filter((text) => text.includes('Open the record'))
    .flatMap((text) => {
      const bare = text.replace(/\\./g, ''); // what is left once every escaped character is taken out
      const problems = [...bare.matchAll(/[[\]*_{}<>]/g)].map((m) => `unescaped ${m[0]} in ${JSON.stringify(text)}`);
      for (const line of bare.split('\n'))
        if (/^\s*([#>+-]|\d+\.)/.test(line)) problems.push(`a Markdown block at the start of ${JSON.stringify(line)}`);
      return text.includes(ESCAPED) ? problems : [...problems, `not shown as typed: ${JSON.stringify(text)}`];
    });
}

test('a name, an agency, notes and a report with Markdown and card functions reach the manager escaped, in every card', async () => {
  // Speak Out: its seed names reports to a line manager (an incident), so the report card is built too.
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'speak-out' });
  const { store } = h.app.deps;
  await h.say(tess, 'hi');
  await h.say(sam, 'hi');
  await store.upsertDirectoryUser(
    { tenantId: h.tenantId, userId: sam.aadObjectId, displayName: sam.name, managerUserId: tess.aadObjectId },
    '2026-11-25T10:00:00Z',
  );
  await registerPerson(
    h.app.deps,
    { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name },
    { caseReference: 'ASC-1', displayName: HOSTILE },
  );
  const answers: CardJson[] = [];

  const raised = h.cardOf(
    await h.click(sam, 'escalation.raise', {
      caseReference: 'ASC-1',
      myRole: HOSTILE,
      myAgency: HOSTILE,
      otherAgency: HOSTILE,
      otherName: HOSTILE,
      otherRole: HOSTILE,
      natureDetails: MULTILINE,
      outcomeSought: MULTILINE,
      riskLevel: 'increasing',
      adultView: MULTILINE,
      stage1Date: '2026-11-24',
      stage1Time: '10:00',
      stage1Notes: MULTILINE,
    }),
  );
  const id = /"escalationId":"([0-9a-f-]{36})"/.exec(JSON.stringify(raised))![1]!;
  answers.push(h.cardOf(await h.click(tess, 'escalation.refresh', { escalationId: id })));
  answers.push(
    h.cardOf(
      await h.click(tess, 'escalation.recordDiscussion', {
        escalationId: id,
        version: 1,
        heldOn: '2026-11-25',
        heldAt: '09:00',
        parties: `${HOSTILE}, ${HOSTILE}, ${HOSTILE}`,
        notes: MULTILINE,
      }),
    ),
  );
  await h.click(sam, 'report.send', { kind: 'incident', details: MULTILINE, caseReference: HOSTILE });
  await h
    .click(tess, 'phone.log', {
      date: '2026-11-25',
      time: '09:30',
      myRole: HOSTILE,
      otherName: HOSTILE,
      otherRole: HOSTILE,
      otherAgency: HOSTILE,
      concerns: MULTILINE,
      consentBasis: HOSTILE,
      action0Description: HOSTILE,
      action0Owner: HOSTILE,
      action0Due: '2026-11-26',
    })
    .then((a) => answers.push(h.cardOf(a)));
  h.app.clock.set('2026-11-27T17:00:00Z'); // the risk response and the agreed action are overdue
  await h.product.scheduler.runOnce();
  answers.push(
    h.cardOf(
      await h.click(tess, 'escalation.resolve', {
        escalationId: id,
        version: 2,
        summary: MULTILINE,
        actionDescription: HOSTILE,
        actionOwner: HOSTILE,
        actionDue: '2026-12-10',
      }),
    ),
  );

  const received = h.connector.activities
    .filter((a) => a.conversationId === `a:personal;${tess.aadObjectId}` && Array.isArray(a.body.attachments))
    .map(cardIn);
  const cards = [...received, ...answers];
  const withHostileText = cards.filter((c) => markdownStrings(c).some((t) => t.includes('Open the record')));
  expect(withHostileText.length).toBeGreaterThanOrEqual(6); // report, overdue action, details, discussion, call review, resolved
  for (const card of cards) {
    expect(unescaped(card)).toEqual([]);
    expect(cardProblems(card)).toEqual([]);
  }
});
