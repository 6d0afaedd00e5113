import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { seedBulkNotes } from '../../support/bulkSeed.js';
import { cardOf, type ConnectorCall } from './fakeConnector.js';
import { action, cardText, CONVERSATION, invokeCardOf, invokeMessageOf, sentCard, shownText, TeamsHarness, user, type BotResponse } from './harness.js';

const admin1 = user('admin-1');
const admin2 = user('admin-2');
const NOTES = 10_000;
const BATCH = 1_000;
/** Teams shows an error when an invoke is not answered within a few seconds. */
const INVOKE_LIMIT_MS = 5_000;

/**
 * A 10,000-note bulk delete approved from Teams runs in the background: every click (confirm,
 * approve, Stop, Undo) is answered within the invoke limit, the progress card is updated in
 * place (updateActivity) at least three times; Stop mid-run ends it between batches with exact
 * counts and the requester is told; Undo restores exactly those notes.
 */
describe('Teams: a 10,000-note bulk delete in the background, stopped mid-run and undone', () => {
  const h = new TeamsHarness();
  beforeAll(async () => {
    await h.start('teamslong', { BULK_BATCH_SIZE: String(BATCH), PROGRESS_UPDATE_SECONDS: '1' });
    await seedBulkNotes(h.databaseUri, NOTES, 'acct-big');
  }, 120_000);
  afterAll(() => h.stop());

  const live = () => h.app.deps.notes.count({ state: 'live', recordId: 'acct-big' });

  async function timedClick(from: typeof admin1, data: Record<string, unknown>, cardMessageId?: string): Promise<{ res: BotResponse; ms: number }> {
    const started = Date.now();
    const res = await h.click(from, data, CONVERSATION, cardMessageId);
    return { res, ms: Date.now() - started };
  }

  /** Waits for a connector call from index `from` on; fails after `ms`. */
  async function waitForCall(match: (call: ConnectorCall) => boolean, from: number, ms = 120_000): Promise<ConnectorCall> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = h.connector.since(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching connector call within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const textOfCall = (call: ConnectorCall) => cardText(cardOf(call.body));

  test('approve -> started at once; Stop after 3+ in-place updates -> exact counts, requester told; Undo restores them', async () => {
    const preview = sentCard(await h.say(admin1, 'notes bulk-delete record:acct-big'));
    expect(cardText(preview)).toContain(`${NOTES} notes match record:acct-big`);
    const confirmed = await timedClick(admin1, action(preview, 'Request approval').data);
    expect(confirmed.ms).toBeLessThan(INVOKE_LIMIT_MS);
    const requestId = /Approval request (r-\w+) sent/.exec(cardText(invokeCardOf(confirmed.res.body)))![1];

    const mark = h.connector.calls.length;
    const approved = await timedClick(admin2, { cmd: `approve ${requestId}` });
    expect(approved.res.status).toBe(200);
    expect(approved.ms).toBeLessThan(INVOKE_LIMIT_MS);
    const answer = cardText(invokeCardOf(approved.res.body));
    const planId = /Bulk delete (p-\w+) started in the background/.exec(answer)![1];
    expect(await live()).toBeGreaterThan(0);

    // The progress card: posted once in the conversation, then updated in place.
    const posted = await waitForCall((c) => c.method === 'POST' && !c.activityId && textOfCall(c).includes(`Bulk delete ${planId} running`), mark);
    const cardId = posted.assignedId;
    const updates = () => h.connector.since(mark).filter((c) => c.method === 'PUT' && c.activityId === cardId);
    await waitForCall(() => updates().filter((c) => textOfCall(c).includes('running')).length >= 3, mark);
    const running = updates().filter((c) => textOfCall(c).includes('running'));
    expect(textOfCall(running[0])).toMatch(/running: [\d,]+ of 10,000 \(\d+%\) · [\d,]+ notes\/s · about .+ left/);

    if (process.env.LONG_RUN_REPORT) process.stdout.write(`teams confirm ${confirmed.ms} ms, approve ${approved.ms} ms, ${running.length}+ in-place updates before Stop\n`);
    const stopped = await timedClick(admin2, action(cardOf(running[running.length - 1].body), 'Stop').data, cardId);
    expect(stopped.ms).toBeLessThan(INVOKE_LIMIT_MS);
    expect(invokeMessageOf(stopped.res.body) ?? cardText(invokeCardOf(stopped.res.body))).toContain(`Bulk delete ${planId} will stop after the batch it is on`);

    const ended = await waitForCall((c) => c.method === 'PUT' && c.activityId === cardId && textOfCall(c).includes('stopped by teams:admin-2'), mark);
    const plan = await h.app.deps.plans.find(planId);
    expect(plan?.status).toBe('cancelled');
    expect(plan!.deletedCount % BATCH).toBe(0);
    expect(plan!.deletedCount).toBeGreaterThanOrEqual(3 * BATCH);
    expect(plan!.deletedCount).toBeLessThan(NOTES);
    expect(await live()).toBe(NOTES - plan!.deletedCount);
    const deleted = plan!.deletedCount.toLocaleString('en-US');
    expect(textOfCall(ended)).toContain(`${deleted} deleted; ${(NOTES - plan!.deletedCount).toLocaleString('en-US')} not reached`);
    const told = await waitForCall((c) => c.method === 'POST' && shownText(c.body.text ?? '').startsWith(`teams:admin-1: Your bulk delete ${planId} stopped`), mark);
    expect(told.conversationId).toBe(CONVERSATION);

    const undoMark = h.connector.calls.length;
    const undo = await timedClick(admin1, action(cardOf(ended.body), 'Undo').data, cardId);
    expect(undo.ms).toBeLessThan(INVOKE_LIMIT_MS);
    const undoId = /Undo (p-\w+) started in the background/.exec(cardText(invokeCardOf(undo.res.body)))![1];
    await waitForCall((c) => c.method === 'PUT' && textOfCall(c).includes(`Undo ${undoId} finished`), undoMark);
    expect(await live()).toBe(NOTES);
    expect(await h.app.deps.plans.find(undoId)).toMatchObject({ status: 'done', deletedCount: plan!.deletedCount, skippedCount: 0 });
  }, 300_000);
});
