import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface BotRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

const running = new Set<ChildProcess>();

// A test that fails before its bot's input ends leaves the bot waiting on stdin, and jest waiting
// on the bot: whatever a test file started and did not see exit is killed when the file ends.
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the real bot (`main.ts`, as `npm start` does) with the given environment and arguments. */
export function spawnBot(env: Record<string, string>, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'main.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Pipes a script into the bot's stdin (scripted mode) and collects everything it prints. */
export function runScript(script: string, env: Record<string, string>, args: string[] = []): Promise<BotRun> {
  const child = spawnBot(env, args);
  return collect(child, script);
}

export function collect(child: ChildProcess, script?: string): Promise<BotRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (script !== undefined) child.stdin?.end(script);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ stdout, stderr, code })));
}

/**
 * Runs the bot as `console:alice` on `script` with a test-only crash point in `crashEnv`; it must
 * die by SIGKILL (stdin stays open: without the crash the bot would wait for more input, not exit).
 */
export async function runUntilKilled(env: Record<string, string>, crashEnv: Record<string, string>, script: string): Promise<BotRun> {
  const bot = spawnBot({ ...env, ...crashEnv }, ['--as', 'console:alice']);
  let signal: NodeJS.Signals | null = null;
  bot.once('exit', (_code, killedBy) => (signal = killedBy));
  const run = collect(bot);
  bot.stdin?.write(script);
  const result = await run;
  if (signal !== 'SIGKILL') throw new Error(`the bot was to die by SIGKILL at its crash point; it ended with ${signal ?? `code ${result.code}`}:\n${result.stdout}`);
  return result;
}
