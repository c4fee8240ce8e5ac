/** What every flow handler receives: the services, the caller, and their organisation. */
import type { Caller } from '../../src/app/ports.js';
import type { TenantContext } from '../../src/app/tenant-context.js';
import type { BotServices } from '../bot-services.js';

export interface FlowContext {
  readonly services: BotServices;
  readonly caller: Caller;
  readonly tenant: TenantContext;
  /** The SSO token Teams attached to a repeated action (Universal Actions sign-in), if any. */
  readonly userToken?: string | undefined;
}

export function todayInLondon(now: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}
