/**
 * The Teams tab as a surface for tests: open it as a person (local mode, previewed outside
 * Teams, in headless Chromium), and act on an escalation through its forms as that person would —
 * the tab's leg of the "same event on every surface" tests (issue 8): the event goes through the
 * page's button and form, the REST API and the use case, exactly as a manager's click does.
 *
 * @example
 * const page = await openTab(browser(), base, { tenantId, userId: 'u-tess', name: 'Tess' });
 * expect(await actInTab(page, escalation.id, { kind: 'resolve', summary: 'Agreed', agreedActions: [] })).toEqual({ saved: true, status: expect.any(String) });
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { EscalationActionKind, EscalationEventRequest } from '../../src/api/contract.js';
import { londonDateOf, londonWallTimeOf } from '../../src/domain/calendar/london-time.js';

export interface TabUser {
  readonly tenantId: string;
  readonly userId: string;
  readonly name: string;
}

/** What the tab said after the form was sent: saved, or not (with the status line, which gives the server's reason). */
export interface TabOutcome {
  readonly saved: boolean;
  readonly status: string;
}

/** Content-Security-Policy reports and script errors seen on each page opened by `openTab`. */
export const pageProblems = new WeakMap<Page, string[]>();

/** Opens the tab at `hash` as `user` and waits until it has loaded. `base` is the server's address. */
export async function openTab(browser: BrowserContext, base: string, user: TabUser, hash = '#/'): Promise<Page> {
  const page = await browser.newPage();
  const problems: string[] = [];
  pageProblems.set(page, problems);
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(
    `${base}/tab/?tenant=${encodeURIComponent(user.tenantId)}&user=${encodeURIComponent(user.userId)}&name=${encodeURIComponent(user.name)}${hash}`,
  );
  await settled(page);
  return page;
}

/** The tab's action for an event: "risk has escalated" is an escalation that says so. */
export function actionOf(event: EscalationEventRequest): EscalationActionKind {
  return event.kind === 'escalate' && event.riskEscalated ? 'escalate-on-risk' : event.kind;
}

/** The actions the tab offers on an escalation (its buttons), in order. */
export async function offeredInTab(page: Page, escalationId: string): Promise<string[]> {
  await showEscalation(page, escalationId);
  return page
    .locator('button[data-action]')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action') ?? ''));
}

/**
 * Does `event` to the escalation through the tab open in `page`: opens the escalation, presses
 * the action's button, fills its form from the event's fields and sends it. Throws when the tab
 * does not offer the action to this person.
 */
export async function actInTab(page: Page, escalationId: string, event: EscalationEventRequest): Promise<TabOutcome> {
  await showEscalation(page, escalationId);
  const kind = actionOf(event);
  const button = page.locator(`button[data-action="${kind}"]`);
  if ((await button.count()) === 0) throw new Error(`the tab does not offer "${kind}" to this person`);
  await button.click();
  const form = page.locator(`form[data-action="${kind}"]`);
  await fillForm(form, event, kind);
  await form.locator('button[type=submit]').click();
  const status = await statusWhen(page, (text) => /^(Saved|Not saved)/.test(text));
  return { saved: status.startsWith('Saved'), status };
}

async function showEscalation(page: Page, escalationId: string): Promise<void> {
  const url = new URL(page.url());
  url.hash = `#/escalations/${escalationId}`;
  // A fresh load, so the page shows the escalation as it is now whatever was open before.
  await page.goto('about:blank');
  await page.goto(url.toString());
  await settled(page);
  await page.locator('#escalation-heading').waitFor();
}

async function settled(page: Page): Promise<void> {
  const status = await statusWhen(page, (text) => text !== 'Loading…');
  if (status !== 'Up to date.') throw new Error(`the tab did not load: ${status}`);
}

/**
 * The status line once `done` holds for it (at most 30 s). Polled from here: the tab's
 * Content-Security-Policy refuses the string evaluation `page.waitForFunction` would need.
 */
async function statusWhen(page: Page, done: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = (await page.locator('#status').textContent()) ?? '';
    if (done(text)) return text;
    if (Date.now() > deadline) throw new Error(`the tab's status stayed "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type Form = ReturnType<Page['locator']>;

async function fillForm(form: Form, event: EscalationEventRequest, kind: EscalationActionKind): Promise<void> {
  for (const [name, value] of Object.entries(event)) {
    if (name === 'kind' || value === undefined) continue;
    if (kind === 'escalate-on-risk' && (name === 'riskEscalated' || name === 'toStage')) continue; // the stage comes from the pack
    const field = form.locator(`[name="${name}"]`);
    if (name === 'heldAt') {
      const at = new Date(String(value));
      await form.locator('[name="heldAt.date"]').fill(londonDateOf(at));
      await form.locator('[name="heldAt.time"]').fill(londonWallTimeOf(at));
    } else if (name === 'parties') {
      await field.fill(
        (value as readonly { name: string; role: string; agency: string }[])
          .map((p) => `${p.name}, ${p.role}, ${p.agency}`)
          .join('\n'),
      );
    } else if (name === 'agreedActions') {
      for (const [i, action] of (value as readonly { description: string; owner: string; dueOn: string }[]).entries()) {
        for (const [key, text] of Object.entries(action))
          await form.locator(`[name="agreedActions.${i}.${key}"]`).fill(text);
      }
    } else if (typeof value === 'boolean') {
      await field.setChecked(value);
    } else if ((await field.evaluate((e) => e.tagName)) === 'SELECT') {
      await field.selectOption(String(value));
    } else {
      await field.fill(String(value));
    }
  }
}
