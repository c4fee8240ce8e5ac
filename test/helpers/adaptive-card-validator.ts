/**
 * Validates card JSON with Microsoft's own `adaptivecards` parser (the renderer Teams' web client
 * builds on): unknown elements or actions, bad property values and a wrong version all show up as
 * parse or validation events.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The package's ESM build has extension-less imports Node cannot resolve; its UMD bundle loads fine.

const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) problems.push(context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  if (card.version?.toString() !== '1.5')
    problems.push(`version ${card.version?.toString() ?? 'missing'} (expected 1.5)`);
  return problems;
}
