/**
 * The Teams tab for managers and the Board (browser code; built by build/web-files.ts). One page
 * with three views, chosen by the address's hash:
 *   #/, #/my-work, #/lists, #/ig  My work, the escalation lists and themes, the IG audit (home-pages.ts)
 *   #/escalations/{id}          one escalation and the caller's actions on it (escalation-page.ts)
 *   #/escalations/{id}/records  its printable page for the case file (records-page.ts)
 *   #/reports[/{period}]        the Board's reports, charts and tables (reports-page.ts)
 * Every call goes through the REST API's one client (src/api/client.ts), signed in with Teams
 * single sign-on, or a local token in local mode (sign-in.ts).
 */
import { createApiClient, type ApiClient } from '../src/api/client.js';
import type { MeView } from '../src/api/contract.js';
import type { ProtocolPack } from '../src/domain/protocol/pack-schema.js';
import { $, say } from './dom.js';
import { escalationPage } from './escalation-page.js';
import { homePage, homePageOf } from './home-pages.js';
import { recordsPage } from './records-page.js';
import { defaultPeriod, reportsPage } from './reports-page.js';
import { hashForSubPage } from './deep-link-page.js';
import { signIn, teamsSubPage, type TabConfig } from './sign-in.js';

interface Session {
  readonly api: ApiClient;
  readonly me: MeView;
  readonly pack: ProtocolPack;
}

async function main(): Promise<void> {
  const config = (await (await fetch('config.json')).json()) as TabConfig;
  const api = createApiClient({ token: await signIn(config) });
  // Opened from a deep link (the Board report's card): its page, unless the address names one already.
  const linked = hashForSubPage(await teamsSubPage());
  if (linked && (location.hash === '' || location.hash === '#')) history.replaceState(null, '', linked);
  const [me, pack] = await Promise.all([api.me(), api.pack()]);
  const session: Session = { api, me, pack };
  $('who').textContent = `${me.name}, ${me.organisation} — ${me.pack.organisation} protocol`;
  window.addEventListener('hashchange', () => void show(session).catch(report));
  await show(session);
}

/** Shows the view the hash names, fresh from the server. */
async function show(s: Session): Promise<void> {
  const report = /^#\/reports(?:\/([^/]+))?$/.exec(location.hash);
  if (report) return showReport(s, report[1] ? decodeURIComponent(report[1]) : defaultPeriod(new Date()));
  const [, escalationId, view] = /^#\/escalations\/([^/]+)(?:\/(records))?$/.exec(location.hash) ?? [];
  const content = $('content');
  say('Loading…');
  const reload = () => show(s);
  const parts =
    escalationId === undefined
      ? await homePage(s.api, s.me, homePageOf(location.hash, s.me) ?? 'my-work', reload)
      : view === 'records'
        ? await recordsPage(s.api, s.pack, decodeURIComponent(escalationId))
        : await escalationPage({ api: s.api, pack: s.pack, reload }, decodeURIComponent(escalationId));
  content.replaceChildren(...parts);
  document.title =
    escalationId === undefined
      ? 'Safeguarding escalations'
      : `${document.getElementById('escalation-heading')?.textContent ?? 'Escalation'} — Safeguarding`;
  (document.getElementById('escalation-heading') ?? document.getElementById('page-heading'))?.focus();
  say('Up to date.');
}

async function showReport(s: Session, period: string): Promise<void> {
  say('Loading…');
  $('content').replaceChildren(...(await reportsPage(s.api, period)));
  document.title = `Board report ${period} — Safeguarding`;
  document.getElementById('report-heading')?.focus();
  say('Up to date.');
}

function report(error: unknown): void {
  say(error instanceof Error ? error.message : 'Something went wrong.');
}

main().catch(report);
