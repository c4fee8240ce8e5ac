/**
 * Fills a pack template's `{{field}}` placeholders. A missing required field is an error that
 * names every missing field; an optional one renders as "not recorded" so a record never
 * silently drops a row (Stockport Appendix Two is completed "at the end of the escalation").
 */
import type { PackTemplate } from '../protocol/pack-schema.js';
import { ValidationError } from '../shared/errors.js';

export interface RenderedTemplate {
  readonly subject?: string | undefined;
  readonly body: string;
}

export const NOT_RECORDED = 'not recorded';

/**
 * @example renderTemplate(template, { nameOfPerson: 'A.B.', dateCommenced: '2026-01-05' })
 */
export function renderTemplate(
  template: PackTemplate,
  values: Readonly<Record<string, string | undefined>>,
): RenderedTemplate {
  const missing = template.fields.filter((f) => f.required && !values[f.id]?.trim()).map((f) => f.label);
  if (missing.length > 0) {
    throw new ValidationError(`The ${template.title} needs: ${missing.join(', ')}.`, {
      templateId: template.id,
      missing,
    });
  }
  const fill = (text: string) =>
    text.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g, (_, id: string) => values[id]?.trim() || NOT_RECORDED);
  return { subject: template.subject === undefined ? undefined : fill(template.subject), body: fill(template.body) };
}
