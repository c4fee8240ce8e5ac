/**
 * A TCP proxy in front of the PostgreSQL server that can "black-hole" it, as a silent network
 * partition does: every connection stays open but nothing passes any more, in either direction,
 * and new connections are accepted and then ignored. `restore()` lets new connections through
 * again; the ones that were silenced stay silent for good (their state is lost, as with a NAT
 * entry that expired), so a client recovers only if it throws them away.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface BlackHoleProxy {
  /** host:port to put in a connection URL instead of the server's. */
  readonly address: string;
  blackHole(): void;
  restore(): void;
  /** Connections that have been silenced so far. */
  readonly silenced: number;
  close(): Promise<void>;
}

export async function startBlackHoleProxy(target: { host: string; port: number }): Promise<BlackHoleProxy> {
  let holding = false;
  let silenced = 0;
  const sockets = new Set<Socket>();
  const live = new Set<{ client: Socket; upstream: Socket }>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const silence = (socket: Socket): void => {
    socket.unpipe();
    socket.removeAllListeners('data');
    socket.on('data', () => undefined); // read and drop, so the sender never notices
  };
  // allowHalfOpen: a client that ends its side still gets no FIN back, as across a partition.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    track(client);
    if (holding) {
      silenced += 1;
      return silence(client);
    }
    const upstream = connect({ ...target, allowHalfOpen: true });
    track(upstream);
    const pair = { client, upstream };
    live.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = (): void => {
      if (!live.has(pair)) return; // silenced: leave the other side hanging
      live.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    blackHole() {
      holding = true;
      for (const pair of live) {
        silenced += 1;
        silence(pair.client);
        silence(pair.upstream);
      }
      live.clear();
    },
    restore() {
      holding = false;
    },
    get silenced() {
      return silenced;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
