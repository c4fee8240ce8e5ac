/**
 * Small DOM helpers for the tab: elements built with text (never HTML, so nothing a user typed is
 * ever parsed as markup), and the one live region that says what happened.
 */

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
};

/** `<tag class=…>text</tag>`; `text` is set as text, never parsed. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** Says `text` in the status line, which screen readers announce. */
export function say(text: string): void {
  $('status').textContent = text;
}

/** A definition list of label → value, skipping empty values. */
export function facts(rows: readonly (readonly [string, string | undefined])[]): HTMLDListElement {
  const list = el('dl', undefined, 'facts');
  for (const [label, value] of rows) if (value) list.append(el('dt', label), el('dd', value));
  return list;
}

/** A link to a view of the tab (hash routes: the tab is one page). */
export function link(text: string, hash: string): HTMLAnchorElement {
  const a = el('a', text);
  a.href = hash;
  return a;
}
