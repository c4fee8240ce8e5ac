/**
 * Case references by person id, each looked up once: lists and exports show the case reference,
 * never the person's name, and the same person recurs down a list.
 */
import type { Store } from '../ports.js';

export const UNKNOWN_CASE = '(unknown case)';

export function caseReferences(
  store: Pick<Store, 'getPerson'>,
  tenantId: string,
): (personId: string) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  return (personId) => {
    let reference = known.get(personId);
    if (!reference) {
      reference = store.getPerson(tenantId, personId).then((p) => p?.caseReference ?? UNKNOWN_CASE);
      known.set(personId, reference);
    }
    return reference;
  };
}
