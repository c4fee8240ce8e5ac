/**
 * A CSV answer written row by row as it is read, with back-pressure: the export of a long log
 * holds one page in memory, never the whole file. A route returns it as its body; the router
 * sends it (errors before the first byte still answer as JSON).
 */
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';

export class StreamedCsv {
  constructor(
    readonly filename: string,
    readonly rows: AsyncIterable<string>,
  ) {}

  async send(res: ServerResponse, status: number): Promise<void> {
    const iterator = this.rows[Symbol.asyncIterator]();
    // The first row is read before the headers go out, so a refusal is still a JSON answer.
    let next = await iterator.next();
    res.writeHead(status, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${this.filename}"`,
      'cache-control': 'no-store',
    });
    try {
      while (!next.done) {
        if (!res.write(next.value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        // The client went away: stop reading.
        if (res.destroyed) return void (await iterator.return?.());
        next = await iterator.next();
      }
      res.end();
    } catch (error) {
      // Headers are out: cut the answer short so the client sees an incomplete file, not a whole one.
      res.destroy(error instanceof Error ? error : undefined);
      await iterator.return?.();
    }
  }
}
