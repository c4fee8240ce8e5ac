/**
 * A bare botbuilder bot for the throughput benchmark (bench/bot-throughput.ts): the same
 * CloudAdapter in local mode (no app id) as the product, driven the same way — the body read and
 * parsed, the turn run through `processActivity`, the reply sent to the activity's serviceUrl by
 * botbuilder's connector client, then the HTTP answer — but its turn only replies `echo: <text>`.
 * So product ÷ echo is the share of botbuilder's throughput left after the product's own work.
 *
 * Run: tsx bench/echo-bot.ts   (PORT, default 0; prints `listening <port>` when ready)
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

/** As the product's CheckedAdapter (bot/checked-adapter.ts) in local mode: `processActivity` on a parsed activity. */
class EchoAdapter extends CloudAdapter {
  runTurn(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

const adapter = new EchoAdapter(new ConfigurationBotFrameworkAuthentication({}));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer((req, res) => {
  const answer = (status: number, body?: unknown) => {
    if (body === undefined) return void res.writeHead(status).end();
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  if (req.method !== 'POST' || req.url !== '/api/messages') return answer(404);
  readBody(req)
    .then((text) =>
      adapter.runTurn(req.headers.authorization ?? '', JSON.parse(text) as Activity, async (context) => {
        if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      }),
    )
    .then(
      (invoke) => answer(invoke?.status ?? 200, invoke?.body),
      (error: unknown) => {
        console.error(`echo bot: turn failed (${error instanceof Error ? error.message : String(error)})`);
        answer(500, { error: 'INTERNAL' });
      },
    );
});

server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
