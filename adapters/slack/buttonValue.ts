import { z } from 'zod';
import { LIMITS } from './limits.js';

/**
 * What a button's value carries: the id the click acts on and, for a button on a list, the list's
 * command to read it again after the click (ViewAction.refresh). A button without a refresh keeps
 * the bare id it always had, so buttons on messages posted before refresh existed keep working.
 */
export interface ButtonValue {
  id: string;
  refresh?: string;
}

/** The one JSON shape that means "id plus refresh"; anything else is a bare id. */
const withRefresh = z.strictObject({
  id: z.string().min(1).max(LIMITS.buttonValue),
  r: z.string().min(1).max(LIMITS.buttonValue),
});

/** The id alone when there is no refresh, or when id and refresh together would not fit: the refresh goes, never the button. */
export function encodeButtonValue(id: string, refresh?: string): string {
  if (!refresh) return id;
  const both = JSON.stringify({ id, r: refresh });
  return both.length <= LIMITS.buttonValue ? both : id;
}

/**
 * The value read back. Only the exact `{"id","r"}` shape of strings carries a refresh; any other
 * value (a legacy id, a page button's JSON, a forged shape) is returned whole as the id, and the
 * grammar then judges it like typed text.
 */
export function decodeButtonValue(value: string): ButtonValue {
  if (!value.startsWith('{')) return { id: value };
  const parsed = withRefresh.safeParse(parseJson(value));
  return parsed.success ? { id: parsed.data.id, refresh: parsed.data.r } : { id: value };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
