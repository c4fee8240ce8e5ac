/**
 * The tab's own pages besides an escalation: "My work" (the default for everyone but the Board's
 * roles), the escalation lists, and — for the information-governance lead only — the IG audit.
 * A navigation bar links them; the hash names the page:
 *   #/my-work   my-work-page.ts        #/lists   lists-page.ts        #/ig   ig-page.ts
 *   #/ or none: the lists for the Board's roles, else My work.
 */
import type { ApiClient } from '../src/api/client.js';
import type { MeView } from '../src/api/contract.js';
import { el, link } from './dom.js';
import { igPage } from './ig-page.js';
import { listsPage } from './lists-page.js';
import { myWorkPage } from './my-work-page.js';

type HomePage = 'my-work' | 'lists' | 'ig';

/** Which page a hash names, or undefined when it is not one of these (an escalation's). */
export function homePageOf(hash: string, me: MeView): HomePage | undefined {
  if (hash === '#/my-work') return 'my-work';
  if (hash === '#/lists') return 'lists';
  if (hash === '#/ig') return me.igLead ? 'ig' : 'my-work';
  if (hash === '' || hash === '#' || hash === '#/') return me.board ? 'lists' : 'my-work';
  return undefined;
}

/** The page, with the navigation bar on top (the current page marked for screen readers). */
export async function homePage(api: ApiClient, me: MeView, page: HomePage, reload: () => Promise<void>) {
  const parts =
    page === 'ig' ? await igPage(api) : page === 'lists' ? await listsPage(api, me) : await myWorkPage(api, reload);
  return [navigation(me, page), ...parts];
}

function navigation(me: MeView, current: HomePage): HTMLElement {
  const nav = el('nav');
  nav.setAttribute('aria-label', 'Pages');
  const pages: [HomePage, string][] = [
    ['my-work', 'My work'],
    ['lists', 'Escalations'],
  ];
  if (me.igLead) pages.push(['ig', 'Information governance']);
  for (const [page, label] of pages) {
    const a = link(label, `#/${page}`);
    if (page === current) a.setAttribute('aria-current', 'page');
    nav.append(a, document.createTextNode(' '));
  }
  return nav;
}
