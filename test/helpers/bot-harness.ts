/**
 * The whole product on a test database, listening on a free port, with Teams replaced by the
 * fake Bot Connector: tests post real Bot Framework activity JSON over HTTP and read what the bot
 * sent. With `cloud`, the server runs with an app registration against fake Entra ID and Graph.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AppHandle } from '../../src/composition.js';
import type { TeamsConfig } from '../../src/config.js';
import type { WriteLimit } from '../../src/app/write-limiter.js';
import { startProduct, type RunningProduct } from '../../src/main.js';
import { startFakeBotConnector, type CapturedActivity, type FakeBotConnector } from './fake-bot-connector.js';
import type { FakeEntra } from './fake-entra.js';
import type { FakeGraph } from './fake-graph.js';
import { createTestApp, type TestApp } from './test-app.js';

export interface TeamsUser {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface CardJson {
  type: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  refresh?: { action: Record<string, unknown>; userIds: string[] };
  fallbackText?: string;
  [k: string]: unknown;
}

export interface BotHarness {
  readonly app: TestApp;
  readonly connector: FakeBotConnector;
  readonly product: RunningProduct;
  readonly tenantId: string;
  readonly endpoint: string;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  say(user: TeamsUser, text: string): Promise<CapturedActivity[]>;
  click(
    user: TeamsUser,
    verb: string,
    data?: Record<string, unknown>,
    token?: string,
  ): Promise<{ status: number; body: InvokeAnswer }>;
  /** The card answer of an invoke, asserting Teams' expected shape. */
  cardOf(answer: { status: number; body: InvokeAnswer }): CardJson;
  close(): Promise<void>;
}

export interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: unknown;
}

/**
 * A write limit no test reaches: suites that send hundreds of requests as one person (fuzzing, bad
 * input, faults) test something else than pacing.
 */
export const UNPACED: WriteLimit = { perMinute: 1_000_000, burst: 1_000_000 };

export const CONTOSO_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export function teamsUser(name: string): TeamsUser {
  return { aadObjectId: randomUUID(), name };
}

export interface HarnessOptions {
  readonly now?: string;
  readonly packId?: string;
  /**
   * With an app registration: the REST API checks Entra ID tokens. `botFramework: true` runs
   * the bot in production mode too (credentials set, Bot Framework tokens checked against the
   * fake's keys); `post` then signs each activity as Bot Framework's channel would.
   */
  readonly cloud?: {
    entra: FakeEntra;
    graph: FakeGraph;
    appId: string;
    appPassword: string;
    mailbox?: string;
    botFramework?: boolean;
  };
  readonly app?: TestApp;
  /** Each person's writes; default: no practical limit (the pacing tests, write-rate-limit.test.ts, set it). */
  readonly writeLimit?: WriteLimit;
}

export async function startBotHarness(options: HarnessOptions = {}): Promise<BotHarness> {
  const app = options.app ?? (await createTestApp(options.now ?? '2026-11-25T10:00:00Z'));
  const connector = await startFakeBotConnector();
  const tenantId = CONTOSO_TENANT;
  await app.deps.store.createTenant({
    id: tenantId,
    name: 'Contoso Adult Social Care',
    packId: options.packId ?? 'tameside',
    emailDomains: ['contoso.example'],
  });
  const handle = {
    deps: app.deps,
    packs: app.packs,
    database: app.database,
    close: async () => undefined,
  } as AppHandle;
  const cloud = options.cloud;
  const teams: TeamsConfig = {
    credentials: cloud?.botFramework ? { appId: cloud.appId, appPassword: cloud.appPassword } : undefined,
    botOpenIdMetadataUrl: cloud?.entra.botOpenIdMetadataUrl,
    localPackId: 'tameside',
    localTenantId: tenantId,
    graphApp: cloud && { clientId: cloud.appId, clientSecret: cloud.appPassword, allowedTenants: [] },
    publicUrl: 'https://safeguard.contoso.example',
    graphBaseUrl: cloud?.graph.url ?? 'https://graph.microsoft.com',
    authorityHost: cloud?.entra.url ?? 'https://login.microsoftonline.com',
    notificationMailbox: cloud?.mailbox,
    ssoConnection: cloud ? 'graph-sso' : undefined,
  };
  const product = startProduct(
    handle,
    { teams, reminderSweepSeconds: 0, writeLimit: options.writeLimit ?? UNPACED },
    {
      throttle: { maxWaitMs: 50, maxRetries: 2 },
      msalAuthOverrides: cloud && ((tenant) => cloud.entra.msalAuthOptions(tenant)),
    },
  );
  await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(product.server.address() as AddressInfo).port}/api/messages`;

  const signed = async (): Promise<Record<string, string>> =>
    cloud?.botFramework
      ? {
          authorization: `Bearer ${await cloud.entra.mintBotFrameworkToken({ appId: cloud.appId, serviceUrl: connector.url })}`,
        }
      : {};
  const post = async (activity: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await signed()), ...headers },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const base = (user: TeamsUser) => ({
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: connector.url,
    channelId: 'msteams',
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { conversationType: 'personal', tenantId, id: `a:personal;${user.aadObjectId}` },
    recipient: { id: '28:safeguard-bot', name: 'Safeguarding assistant' },
    locale: 'en-GB',
    channelData: { tenant: { id: tenantId } },
  });
  return {
    app,
    connector,
    product,
    tenantId,
    endpoint,
    post,
    async say(user, text) {
      const before = connector.activities.length;
      const sent = base(user);
      const res = await post({ ...sent, type: 'message', text, textFormat: 'plain' });
      if (res.status !== 200) throw new Error(`message answered ${res.status}: ${JSON.stringify(res.body)}`);
      return connector.activities.slice(before).filter((a) => a.conversationId === sent.conversation.id);
    },
    async click(user, verb, data = {}, token) {
      const res = await post({
        ...base(user),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', id: randomUUID(), verb, data: { verb, ...data } },
          trigger: 'manual',
          ...(token ? { authentication: { id: randomUUID(), connectionName: 'graph-sso', token } } : {}),
        },
      });
      return res as { status: number; body: InvokeAnswer };
    },
    cardOf(answer) {
      if (
        answer.status !== 200 ||
        answer.body.statusCode !== 200 ||
        answer.body.type !== 'application/vnd.microsoft.card.adaptive'
      ) {
        throw new Error(`not a card answer: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
      }
      return answer.body.value as CardJson;
    },
    async close() {
      await product.close();
      await connector.close();
      if (!options.app) await app.destroy();
    },
  };
}

/** Visits every element and action of a card, descending through the given container keys. */
function eachCardNode(card: unknown, keys: readonly string[], visit: (node: Record<string, unknown>) => void): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    visit(n);
    for (const key of keys) if (key in n) walk(n[key]);
  };
  walk(card);
}

/** Every TextBlock / FactSet text in a card, flattened, for "what the user sees" assertions. */
export function visibleText(card: unknown): string {
  const out: string[] = [];
  eachCardNode(card, ['body', 'items', 'columns', 'card', 'actions'], (n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      for (const f of n.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
  });
  return out.join('\n');
}

/** The verbs of every Action.Execute in a card (including those inside ShowCards). */
export function verbsOf(card: unknown): string[] {
  const verbs: string[] = [];
  eachCardNode(card, ['body', 'items', 'actions', 'card', 'selectAction'], (n) => {
    if (n.type === 'Action.Execute' && typeof n.verb === 'string') verbs.push(n.verb);
  });
  return verbs;
}

/** The card attachment of an activity the bot sent. */
export function cardIn(activity: CapturedActivity): CardJson {
  const attachments = activity.body.attachments as { contentType: string; content: CardJson }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!card) throw new Error(`no card in ${JSON.stringify(activity.body).slice(0, 300)}`);
  return card.content;
}
