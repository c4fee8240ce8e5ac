/**
 * The UK bank-holiday jurisdictions. Deadlines in working days depend on which nation's
 * bank holidays apply (e.g. 2 January is a holiday in Scotland only).
 */
export const NATIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof NATIONS)[number];

export function isNation(value: string): value is Nation {
  return (NATIONS as readonly string[]).includes(value);
}
