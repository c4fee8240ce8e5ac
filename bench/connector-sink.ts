/**
 * What the Teams benchmark needs of Teams: somewhere for the bot's replies to go. A loopback
 * server that answers the Bot Connector's send and create-conversation calls with an id and
 * counts them, and nothing else (the tests' full stand-in, with failures and members, is
 * test/helpers/fake-bot-connector.ts; product and benchmark code never import test code).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorSink {
  /** The serviceUrl activities name, with a trailing slash. */
  readonly url: string;
  /** Activities and conversations received so far. */
  received: number;
  close(): Promise<void>;
}

export async function startConnectorSink(): Promise<ConnectorSink> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      sink.received += 1;
      const body = JSON.stringify(req.url === '/v3/conversations' ? { id: `a:${randomUUID()}` } : { id: randomUUID() });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sink: ConnectorSink = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return sink;
}
