/**
 * Keeps proactive sends within Teams' limits (7 messages per second per conversation, 50 requests
 * per second per app per tenant) and retries what Teams asks us to retry: 429 and 412/502/503/504,
 * waiting `Retry-After` when given, else backing off. Past its retries it gives up with a
 * TransientDeliveryError, so the durable reminder is tried again later, never dropped.
 */
import { TransientDeliveryError } from '../src/app/outbox/reminder-notices.js';

const RETRYABLE = new Set([412, 429, 502, 503, 504]);

export interface ThrottleOptions {
  readonly perConversationPerSecond?: number;
  readonly perTenantPerSecond?: number;
  readonly maxRetries?: number;
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class SendThrottle {
  private readonly windows = new Map<string, number[]>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ThrottleOptions = {}) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async run<T>(conversationId: string, tenantId: string, send: () => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt += 1) {
      await this.slot(`c:${conversationId}`, this.options.perConversationPerSecond ?? 7);
      await this.slot(`t:${tenantId}`, this.options.perTenantPerSecond ?? 50);
      try {
        return await send();
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined || !RETRYABLE.has(status)) throw error;
        const waitMs = Math.min(retryAfterMs(error) ?? 1000 * 2 ** attempt, this.options.maxWaitMs ?? 30_000);
        if (attempt >= maxRetries)
          throw new TransientDeliveryError(`Teams answered ${status}`, waitMs, { cause: error });
        await this.sleep(waitMs);
      }
    }
  }

  /** Waits until fewer than `limit` sends happened on `key` in the last second, then takes a slot. */
  private async slot(key: string, limit: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      const recent = (this.windows.get(key) ?? []).filter((t) => now - t < 1000);
      if (recent.length < limit) {
        recent.push(now);
        this.windows.set(key, recent);
        return;
      }
      this.windows.set(key, recent);
      await this.sleep(1000 - (now - (recent[0] as number)) + 1);
    }
  }
}

/** The HTTP status of a failed Bot Connector call, whatever client shape carried it. */
export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  const status = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers as
    { get?: (n: string) => unknown; [k: string]: unknown } | undefined;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : headers?.['retry-after'];
  const seconds = Number(raw);
  return raw !== undefined && raw !== null && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
