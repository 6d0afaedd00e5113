import { PassThrough } from 'node:stream';
import { runConsole } from '../../../adapters/console/consoleAdapter.js';
import type { LineSource } from '../../../adapters/console/lineSource.js';
import type { Logger } from '../../../src/ports/system.js';
import { englishWords } from '../../support/english.js';

/**
 * An unexpected failure at the console: the reader gets the catalog's sentence with a short
 * incident id (and a symbolic error code); the English message, which may hold internals, goes
 * to the log under the same id.
 */
async function runOnce(error: Error, locale: 'en' | 'zh-CN') {
  const logged: Array<Record<string, unknown>> = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (obj) => void logged.push(obj as Record<string, unknown>),
    child: () => logger,
  };
  const script = ['list'];
  const lines: LineSource = { next: async () => script.shift() ?? null, close: () => undefined };
  const output = new PassThrough();
  let said = '';
  output.on('data', (chunk) => (said += String(chunk)));
  await runConsole({
    dispatcher: { execute: async () => Promise.reject(error), ingest: async () => Promise.reject(error), localeOf: async () => locale },
    logger,
    registerNotifier: () => undefined,
    clock: { now: () => new Date('2026-11-29T02:00:00Z') } as never,
    longWork: { registerProgress: () => undefined, start: () => undefined, running: () => 0, idle: async () => undefined },
    lines,
    output,
    actorId: 'console:alice',
    echo: false,
  });
  return { said, logged };
}

test('the reader sees an incident id, not the error’s message; the log has both', async () => {
  const { said, logged } = await runOnce(new Error('connection string mongodb://admin:hunter2@db is wrong'), 'zh-CN');
  const incident = /出错了：(e-[0-9a-f]{6})。没有留下执行到一半的操作，详情见日志。/.exec(said)?.[1];
  expect(incident).toBeDefined();
  expect(said).not.toContain('hunter2');
  expect(englishWords(said)).toEqual([]);
  expect(logged).toEqual([expect.objectContaining({ incident, text: 'list', err: expect.objectContaining({ message: expect.stringContaining('hunter2') }) })]);
});

test('a symbolic error code is named with the incident id', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { code: 'ECONNREFUSED' });
  const { said } = await runOnce(refused, 'en');
  expect(said).toMatch(/✗ Something went wrong: ECONNREFUSED e-[0-9a-f]{6}\. Nothing was left half done; details are in the log\./);
  expect(said).not.toContain('127.0.0.1');
});
