/**
 * "My work" over REST (issue 10, item 4): `GET /api/my-work` (the same use case as the tab's view
 * and the bot's card), and `POST /api/phone-discussions/{id}/confirmation-sent` (the caller's own
 * confirmation email marked sent, so it leaves the list).
 */
import { markConfirmationSent, myWork } from '../app/my-work/my-work.js';
import type { AppDeps, Caller, ManagerDirectory } from '../app/ports.js';
import type * as contract from './contract.js';

interface MyWorkRequest {
  readonly caller: Caller;
  readonly params: readonly string[];
}
type MyWorkHandler = (
  d: { readonly app: AppDeps; readonly managers: ManagerDirectory },
  r: MyWorkRequest,
) => Promise<readonly [number, unknown]>;

export const MY_WORK_ROUTES: readonly (readonly [string, string, MyWorkHandler])[] = [
  [
    'GET',
    '/api/my-work',
    async (d, r) => [200, (await myWork(d.app, d.managers, r.caller)) satisfies contract.MyWorkView],
  ],
  [
    'POST',
    '/api/phone-discussions/:id/confirmation-sent',
    async (d, r) => {
      const changed = await markConfirmationSent(d.app, r.caller, r.params[0] as string);
      return [200, { id: r.params[0] as string, sent: true, changed } satisfies contract.ConfirmationSentAnswer];
    },
  ],
];
