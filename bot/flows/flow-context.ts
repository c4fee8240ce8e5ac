/** What every flow handler receives: the services, the caller, and their organisation. */
import type { Caller } from '../../src/app/ports.js';
import { londonDateOf, londonWallTimeOf } from '../../src/domain/calendar/london-time.js';
import type { TenantContext } from '../../src/app/tenant-context.js';
import type { BotServices } from '../bot-services.js';

export interface FlowContext {
  readonly services: BotServices;
  readonly caller: Caller;
  readonly tenant: TenantContext;
  /** The SSO token Teams attached to a repeated action (Universal Actions sign-in), if any. */
  readonly userToken?: string | undefined;
}

/** The London date and wall time at `now`, to prefill a form's date and time fields. */
export function todayInLondon(now: Date): { date: string; time: string } {
  return { date: londonDateOf(now), time: londonWallTimeOf(now) };
}
