/**
 * The `never` check that makes a `switch` exhaustive on purpose: a new event, basis or state
 * that a switch does not handle breaks the build there (DESIGN: "Habits", teams.ts). Reached at
 * run time only with data the types did not foresee (e.g. read from an older database).
 * @example
 * switch (event.kind) { case 'resolve': …; default: return assertNever(event, 'escalation event'); }
 */
export function assertNever(value: never, what: string): never {
  // The kind only: the value may carry case data, and error messages can reach logs.
  const kind =
    typeof value === 'object' && value !== null && 'kind' in value
      ? String((value as { kind: unknown }).kind)
      : String(value);
  throw new Error(`unhandled ${what}: ${kind}`);
}
