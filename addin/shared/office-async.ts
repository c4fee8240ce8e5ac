/** Office.js callbacks as promises (the event runtime has no async Office APIs of its own). */
export interface AsyncResultLike<T> {
  status: string;
  value: T;
  error?: { message: string; code?: number } | undefined;
}

export function officeCall<T>(start: (callback: (result: AsyncResultLike<T>) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((result) =>
      result.status === 'failed'
        ? reject(new Error(result.error?.message ?? 'Office call failed'))
        : resolve(result.value),
    );
  });
}

/** Resolves with `fallback` if `work` takes longer than `ms` (Outlook shows "taking longer" after about 5 s). */
export function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}
