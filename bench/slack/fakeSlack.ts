/**
 * Slack's side of the benchmark: Web API answers and response_url posts. Each request gets a
 * response_url of its own, so an answer is timed from the moment its request was sent (the same
 * clock, this process) to the moment the answer's POST arrives here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTION } from '../../adapters/slack/actionIds.js';

export interface Answers {
  /** Requests of the group sent, answers that arrived (ms after the request), answers that were not a list. */
  sent: number;
  ms: number[];
  notAList: number;
}

export interface FakeSlack {
  apiUrl: string;
  /** A fresh response_url for a request about to be sent; its clock starts now. */
  responseUrl(group: string): string;
  answers(group: string): Answers;
  /** Resolves when every request of `group` has its answer, or at `deadline` (performance.now()). */
  settled(group: string, deadline: number): Promise<void>;
  close(): void;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const sent = new Map<string, { group: string; at: number }>();
  const answered = new Map<string, { ms: number; list: boolean }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = /^\/respond\/(.+)$/.exec(req.url ?? '')?.[1];
      const request = key ? sent.get(key) : undefined;
      if (key && request && !answered.has(key)) {
        // A list of live notes carries a Delete button per note; an error answer carries none.
        answered.set(key, { ms: performance.now() - request.at, list: Buffer.concat(chunks).toString().includes(`"${ACTION.deleteNote}"`) });
      }
      const body = req.url?.endsWith('auth.test') ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT' } : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.keepAliveTimeout = 1_000;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let counter = 0;
  const answers = (group: string): Answers => {
    const result: Answers = { sent: 0, ms: [], notAList: 0 };
    for (const [key, request] of sent) {
      if (request.group !== group) continue;
      result.sent += 1;
      const answer = answered.get(key);
      if (answer) result.ms.push(answer.ms);
      if (answer && !answer.list) result.notAList += 1;
    }
    return result;
  };
  return {
    apiUrl: `${base}/api/`,
    responseUrl(group) {
      counter += 1;
      const key = `${group}-${counter}`;
      sent.set(key, { group, at: performance.now() });
      return `${base}/respond/${key}`;
    },
    answers,
    async settled(group, deadline) {
      for (;;) {
        const now = answers(group);
        if (now.ms.length >= now.sent || performance.now() >= deadline) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => server.close(),
  };
}
