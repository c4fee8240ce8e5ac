/**
 * Traces: with an OpenTelemetry SDK registered (here an in-memory exporter; in production Azure
 * Monitor), the server records a span per HTTP request, per bot turn, per outbox sweep and per
 * database transaction — and none of them carries the personal data the requests held.
 */
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startAzureMonitor } from '../../../src/observability/azure-monitor.js';
import { startBotHarness, teamsUser, type BotHarness } from '../../helpers/bot-harness.js';

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));

const NAME = 'Zed Marker-7731';
const TEXT = 'Pat Example NHS 943 476 5919 marker-4242';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h.close());

test('requests, bot turns, sweeps and transactions produce spans without personal data', async () => {
  const zed = teamsUser(NAME);
  await h.say(zed, 'help'); // first contact: the user and their conversation are stored in a transaction
  await h.say(zed, TEXT);
  const res = await fetch(new URL('/api/packs', h.endpoint), { headers: { 'x-request-id': 'trace-me-1' } });
  expect(res.status).toBe(200);
  await h.product.scheduler.runOnce();

  const spans = exporter.getFinishedSpans();
  const names = new Set(spans.map((s) => s.name));
  for (const name of ['HTTP POST /api/messages', 'HTTP GET /api/packs', 'bot turn', 'db transaction', 'outbox sweep'])
    expect(names).toContain(name);
  const packs = spans.find((s) => s.name === 'HTTP GET /api/packs');
  expect(packs?.attributes).toMatchObject({
    'http.request.method': 'GET',
    'http.route': '/api/packs',
    'safeguard.request_id': 'trace-me-1',
  });
  expect(spans.filter((s) => s.name === 'bot turn').map((s) => s.attributes['bot.activity_type'])).toContain('message');
  const recorded = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
  for (const personal of [NAME, 'marker-4242', '943 476 5919', zed.aadObjectId])
    expect(recorded).not.toContain(personal);
});

test('Azure Monitor asked for but not installed: one clear line, no crash, the server runs untraced', async () => {
  const lines: string[] = [];
  const log = {
    info: (m: string) => void lines.push(`info ${m}`),
    warn: (m: string) => void lines.push(`warn ${m}`),
    error: (m: string) => void lines.push(`error ${m}`),
    span: <T>(_n: string, _a: unknown, work: () => Promise<T>) => work(),
    withContext: <T>(_f: unknown, work: () => T) => work(),
  };
  expect(await startAzureMonitor(undefined, log)).toBe(false);
  expect(lines).toEqual([]);
  const started = await startAzureMonitor('InstrumentationKey=00000000-0000-0000-0000-000000000000', log);
  expect(started).toBe(false);
  expect(lines).toEqual([
    'warn safeguard: APPLICATIONINSIGHTS_CONNECTION_STRING is set but @azure/monitor-opentelemetry is not installed, so traces are not exported (npm install @azure/monitor-opentelemetry)',
  ]);
});
