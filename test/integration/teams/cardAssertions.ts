import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

/*
 * The `adaptivecards` package's `lib/` build is ESM with extension-less imports that Node cannot
 * resolve, but its UMD bundle in `dist/` loads in plain Node. Parsing and validating a card needs
 * no DOM (only rendering does), so the SDK's own parser is the judge here.
 */
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

const MAX_VERSION = 1.5;

/** Everything the SDK complained about while parsing and validating `json`; empty when valid. */
export function cardProblems(json: unknown): string[] {
  const problems: string[] = [];
  if (!json || typeof json !== 'object') return ['not an object'];
  const declared = (json as { version?: unknown }).version;
  if (typeof declared !== 'string' || !/^\d+\.\d+$/.test(declared)) problems.push(`version must be "major.minor", got ${JSON.stringify(declared)}`);
  else if (Number(declared) > MAX_VERSION) problems.push(`version ${declared} is above ${MAX_VERSION}`);
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i += 1) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}

/** The one assertion every Teams test uses for every card the app sends. */
export function expectValidCard(json: unknown): void {
  const problems = cardProblems(json);
  if (problems.length) throw new Error(`invalid Adaptive Card: ${problems.join('; ')}\n${JSON.stringify(json, null, 2)}`);
}
