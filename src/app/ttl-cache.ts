/**
 * A small in-memory cache with a time to live, for look-ups that almost never change and are
 * repeated on every request (issue 12: every bot turn read the organisation's row twice).
 *
 * Concurrent callers asking for the same key share one load, so 200 conversations starting at
 * once make one query, not 200. A failed load is not kept. When full, the oldest entry goes.
 */
export interface TtlCacheOptions {
  readonly ttlMs: number;
  /** Milliseconds on a monotonic or wall clock; only differences are used. */
  readonly now: () => number;
  readonly maxEntries?: number | undefined;
}

interface Entry<V> {
  readonly value: Promise<V>;
  readonly expiresAt: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly options: TtlCacheOptions) {}

  /** The cached value of `key`, or `load()`'s (kept unless `keep` says no, e.g. for "not found"). */
  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const now = this.options.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    this.set(key, { value, expiresAt: now + this.options.ttlMs });
    value.then(
      (v) => {
        if (!keep(v) && this.entries.get(key)?.value === value) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      },
    );
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key starting with `prefix` (e.g. everything about one organisation). */
  deletePrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private set(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    if (this.entries.size >= (this.options.maxEntries ?? 10_000))
      this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
  }
}
