/**
 * Who is speaking, from a Teams activity: the Entra tenant (the organisation) and the user's
 * Entra object id. Every read or change the bot makes is scoped to that tenant.
 */
import type { Activity } from 'botbuilder';
import type { Caller } from '../src/app/ports.js';

export function callerOf(activity: Activity): Caller | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId =
    activity.conversation?.tenantId ??
    (typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined);
  const userId = activity.from?.aadObjectId ?? activity.from?.id;
  if (!tenantId || !userId) return undefined;
  return { tenantId, userId, name: activity.from.name ?? 'Colleague', surface: 'teams' };
}
