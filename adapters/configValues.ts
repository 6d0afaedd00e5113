import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { isActorId, isChatPlatform, isReservedActorId } from '../src/domain/actor.js';
import { LOCALES } from '../src/domain/locale.js';

/**
 * The kinds of value a setting can hold, each strict (DESIGN.md section 6): the caller has
 * already turned an empty value into "unset", so these only ever see real text, and refuse
 * anything that would quietly mean something else (`0x10`, `1e3`, `,,,`, a file for a folder).
 */

/** Digits only: `Number()` would read `0x10` as 16, `1e3` as 1000 and `' '` as 0. */
export const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'must be a whole decimal number (digits only)')
    .transform(Number)
    .pipe(z.number().min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`));

export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A language the bot speaks, spelled exactly as `lang` shows it. */
export const locale = z.enum(LOCALES, `must be one of ${LOCALES.join(', ')}`);

/** Ids, tokens, names: one word, since a space inside is always a paste error. */
export const word = z.string().regex(/^\S+$/, 'must not contain spaces');

/** `slack:C0123`, `teams:19:abc@thread.tacv2`, or an id without prefix for every platform. */
export const channel = word.refine((v) => !(v.endsWith(':') && isChatPlatform(v.slice(0, -1))), 'names a platform but no channel after the colon');

export const httpUrl = (protocols: RegExp) => z.url({ protocol: protocols, hostname: z.regexes.hostname, error: 'must be an http(s) URL' });

export const actorList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()))
  .refine((ids) => ids.every((id) => id !== ''), 'has an empty entry (two commas, or a comma at the start or end)')
  .refine((ids) => ids.every(isActorId), 'must be a comma list of actor ids like slack:U123,teams:<id>,console:alice')
  .refine((ids) => !ids.some(isReservedActorId), "must not name system:* ids: they are the bot's own, no person can be one");

/**
 * A cron expression as Agenda 6 reads it: it hands `repeatInterval` to cron-parser 5
 * (`CronExpressionParser.parse(expr, { currentDate, tz: repeatTimezone })`, see
 * agenda/dist/utils/nextRunAt.js) and, when that throws, stores the job with no next run and
 * says nothing. The jobs are scheduled without a time zone, so cron-parser uses the process's
 * local one, as here. A pure number would be taken as milliseconds and a phrase like "1 day" as
 * a human interval: neither is a cron expression, so both are refused.
 */
export const cron = z.string().superRefine((value, ctx) => {
  const fields = value.split(/\s+/).length;
  if (!value.startsWith('@') && (fields < 5 || fields > 6)) {
    ctx.addIssue({ code: 'custom', message: 'must be a cron expression with 5 fields (or 6, with seconds first), like "0 2 * * *"' });
    return;
  }
  try {
    const next = CronExpressionParser.parse(value, { currentDate: new Date() }).next().toDate();
    if (Number.isNaN(next.getTime())) throw new Error('no next run');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `is not a cron expression Agenda can schedule (${(error as Error).message})` });
  }
});

/**
 * Makes sure `dir` is a folder this process can write: creates what is missing one level at a
 * time, then writes and removes a probe file. Returns a reason, or null when the folder is fine.
 * Node's `mkdirSync(..., { recursive: true })` loops forever on a path it cannot create under
 * some parents (`/proc/x`), which is how an unwritable DATA_DIR used to hang start-up.
 */
export function folderProblem(dir: string): string | null {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let current = target; ; current = path.dirname(current)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && path.dirname(current) !== current) {
        missing.push(current);
        continue;
      }
      return code === 'ENOTDIR' ? `${current} is under a file, not a folder` : `cannot look at ${current} (${code ?? (error as Error).message})`;
    }
    if (!isDirectory) return `${current} is a file, not a folder`;
    break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return `cannot create the folder ${folder} (${(error as NodeJS.ErrnoException).code})`;
    }
  }
  const probe = path.join(target, `.write-probe-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe);
  } catch (error) {
    return `cannot write in the folder ${target} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return null;
}
