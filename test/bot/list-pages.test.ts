/**
 * The bot's list cards ("my escalations", "team escalations") show one page and a "More" action
 * that fetches the next, until the list ends: nothing repeated, nothing skipped.
 */
import { raiseEscalation } from '../../src/app/escalations/escalations.js';
import { registerPerson } from '../../src/app/people/people-and-consent.js';
import { cardProblems } from '../helpers/adaptive-card-validator.js';
import { cardIn, startBotHarness, teamsUser, verbsOf, visibleText, type BotHarness } from '../helpers/bot-harness.js';

const sam = teamsUser('Sam Practitioner');
let h: BotHarness;
afterEach(() => h.close());

/** The card's "More" action, if it has one. */
function moreOf(card: unknown): { verb: string; data: Record<string, unknown> } | undefined {
  const actions = (card as { actions?: { title?: string; verb: string; data: Record<string, unknown> }[] }).actions;
  return actions?.find((a) => a.title === 'More');
}

const references = (card: unknown) => [...visibleText(card).matchAll(/PAGE-(\d+)/g)].map((m) => Number(m[1]));

test('"my escalations" shows ten at a time; "More" brings the rest', async () => {
  h = await startBotHarness({ now: '2026-11-25T10:00:00Z', packId: 'tameside' });
  await h.say(sam, 'hi');
  const caller = { tenantId: h.tenantId, userId: sam.aadObjectId, name: sam.name };
  for (let i = 1; i <= 23; i += 1) {
    const person = await registerPerson(h.app.deps, caller, { caseReference: `PAGE-${i}`, displayName: 'Pat' });
    await raiseEscalation(h.app.deps, caller, {
      personId: person.id,
      raiserRole: 'Nurse',
      raiserAgency: 'Contoso',
      otherAgency: { name: 'GP surgery', contact: { name: 'Dr Who', role: 'GP', agency: 'GP surgery' } },
      natures: [],
      natureDetails: 'Disagree on discharge',
      outcomeSought: 'Joint visit',
      riskLevel: 'standard',
    });
  }

  const [first] = await h.say(sam, 'my escalations');
  const pages = [cardIn(first!)];
  for (let more = moreOf(pages[0]); more; more = moreOf(pages.at(-1))) {
    expect(more.verb).toBe('list.mine');
    const { verb: _verb, ...data } = more.data;
    pages.push(h.cardOf(await h.click(sam, 'list.mine', data)));
    expect(pages.length).toBeLessThan(5);
  }
  expect(pages.map((p) => references(p).length)).toEqual([10, 10, 3]);
  expect(pages.flatMap(references).sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  expect(visibleText(pages[1])).toContain('My escalations (continued)');
  for (const page of pages) expect(cardProblems(page)).toEqual([]);
  expect(verbsOf(pages[2])).not.toContain('list.mine'); // the last page has no "More"

  // A crafted cursor is refused on the card, changing nothing.
  const crafted = await h.click(sam, 'list.mine', { afterOpenedAt: 'yesterday', afterId: 'x' });
  expect(visibleText(h.cardOf(crafted))).not.toContain('PAGE-');
});
