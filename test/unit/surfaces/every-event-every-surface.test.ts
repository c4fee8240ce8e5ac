/**
 * Every event on every surface (issue 8): one list of what a person can do, walked against every
 * Teams card verb the bot answers and every REST route. A new card verb without its REST route (or
 * a route without its card) fails here unless it is listed as belonging to one surface, with why.
 * Every escalation action the access rule can offer has a card verb, a form in the tab and an
 * event the REST API accepts.
 */
import { ROUTES as CARD_VERBS } from '../../../bot/card-actions.js';
import { CARD_VERB_OF } from '../../../bot/cards/escalation-cards.js';
import { API_ROUTES } from '../../../src/api/api-router.js';
import { ESCALATION_ACTIONS } from '../../../src/app/escalations/escalation-actions.js';
import { escalationEventSchema } from '../../../src/app/inputs.js';

/** What a person can do, and where. */
const CAPABILITIES: readonly { what: string; cards: readonly string[]; routes: readonly string[] }[] = [
  { what: 'raise an escalation', cards: ['escalation.raise'], routes: ['POST /api/escalations'] },
  {
    what: 'see an escalation, its records and what I may do',
    cards: ['escalation.refresh'],
    routes: ['GET /api/escalations/:id'],
  },
  {
    what: 'act on an escalation (every event)',
    cards: Object.values(CARD_VERB_OF),
    routes: ['POST /api/escalations/:id/events'],
  },
  { what: "list my and my team's escalations", cards: ['list.mine', 'list.team'], routes: ['GET /api/escalations'] },
  { what: 'log a phone discussion (Tameside 2.3.2)', cards: ['phone.log'], routes: ['POST /api/phone-discussions'] },
  {
    what: 'create its confirmation email as an Outlook draft',
    cards: ['phone.draft'],
    routes: ['POST /api/phone-discussions/:id/draft'],
  },
  {
    what: "look up a person's consent for an agency",
    cards: ['consent.lookup'],
    routes: ['GET /api/people', 'GET /api/people/:id/consent'],
  },
  { what: 'record a decision to share or not', cards: ['sharing.record'], routes: ['POST /api/sharing-decisions'] },
  { what: 'mark an agreed action done', cards: ['action.done'], routes: ['POST /api/agreed-actions/:id/done'] },
  {
    what: 'see my work: escalations, calls to confirm, agreed actions, expiring consents',
    cards: ['list.work'],
    routes: ['GET /api/my-work'],
  },
  {
    what: "mark a call's confirmation email sent (Tameside 2.3.2)",
    cards: ['phone.confirmationSent'],
    routes: ['POST /api/phone-discussions/:id/confirmation-sent'],
  },
  {
    what: 'tell my line manager (Speak Out, seAp)',
    cards: ['report.send'],
    routes: ['POST /api/line-manager-reports'],
  },
];

/** Card verbs and routes that belong to one surface, and why. */
const ONE_SURFACE: Readonly<Record<string, string>> = {
  'open.help': 'chat only: what the bot can do',
  'open.phone': 'opens the form; the add-in and tab have their own pages',
  'open.consent': 'opens the form; the add-in and tab have their own pages',
  'open.escalation': 'opens the form; the add-in and tab have their own pages',
  'open.report': 'opens the form; the add-in and tab have their own pages',
  'action.escalate': 'prefills the raise form from an overdue action; a REST client raises with POST /api/escalations',
  'GET /api/me': 'who the signed-in user of the tab or add-in is (the bot has it from the activity)',
  'GET /api/themes': "the Board's themes view in the tab",
  'GET /api/reports': "the Board's reports in the tab (a Teams card at each period's end; CLI: report themes)",
  'GET /api/reports/:period.csv':
    "the Board's report as CSV, from the tab (emailed at each period's end; CLI: report themes --csv)",
  'POST /api/people': 'registering a person: the add-in task pane and the tab',
  'POST /api/people/:id/consent': 'recording consent: the add-in task pane and the tab',
  'POST /api/send-overrides': "Outlook's on-send check: sending anyway, with a justification",
  'POST /api/sharing-check': "Outlook's on-send check",
  'GET /api/addin/settings': "Outlook's on-send check settings",
  'GET /api/pack': "the organisation's protocol pack, for the add-in and tab forms",
  'POST /api/escalations/:id/records/:id/draft':
    "a letter to the other agency as an Outlook draft (County Durham Appendices 1–3), from the tab or the add-in; on a card the letter is shown with the escalation's details",
  'GET /api/access-log': "the information-governance lead's access log, in the tab",
  'GET /api/sharing-decisions':
    "the information-governance lead's review of decisions outside the protocol (CLI: decisions review)",
  'GET /api/sharing-pack': "the organisation's sharing pack, for the add-in's wizard",
  'GET /api/ig/audit': "the information-governance lead's audit, in the tab",
  'GET /api/ig/audit.csv': "the information-governance lead's audit as CSV, from the tab",
};

const listedCards = new Set([...CAPABILITIES.flatMap((c) => c.cards), ...Object.keys(ONE_SURFACE)]);
const listedRoutes = new Set([...CAPABILITIES.flatMap((c) => c.routes), ...Object.keys(ONE_SURFACE)]);

test.each(Object.keys(CARD_VERBS))('the card verb %s is in the list', (verb) => {
  expect(listedCards.has(verb)).toBe(true);
});

test.each(API_ROUTES)('the REST route %s is in the list', (route) => {
  expect(listedRoutes.has(route)).toBe(true);
});

test.each(CAPABILITIES.map((c) => [c.what, c] as const))(
  '%s: on a card and through the REST API',
  (_what, capability) => {
    for (const verb of capability.cards) expect(Object.keys(CARD_VERBS)).toContain(verb);
    for (const route of capability.routes) expect(API_ROUTES).toContain(route);
  },
);

const eventKinds = escalationEventSchema.options.map((o) => o.shape.kind.value);
// The tab's forms are typed `Record<EscalationActionKind, ActionForm>` (tab/action-forms.ts): a
// missing one fails the browser type-check; test/tab/tab-actions.test.ts checks the tab offers
// exactly what the REST API says the person may do.
test.each(ESCALATION_ACTIONS)('the escalation action %s has a card verb and a REST event', (action) => {
  expect(Object.keys(CARD_VERBS)).toContain(CARD_VERB_OF[action]);
  // "Risk has escalated" is an escalation that says so (Tameside 3.2 stage 4).
  expect(eventKinds).toContain(action === 'escalate-on-risk' ? 'escalate' : action);
});
