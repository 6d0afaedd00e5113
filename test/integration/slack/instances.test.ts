import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { ADMIN1, ADMIN2, buttonOf, MEMBER, SlackHarness } from './harness.js';

/**
 * Two processes behind one Slack app share a database. A click Slack re-delivers (a retry after
 * a slow answer) may land on the other instance: the decision and the plan still happen once,
 * because they are stored, not remembered in process memory. (Simultaneous delivery to both is
 * left to MongoDB's atomic findOneAndUpdate: FerretDB, the test database, does not isolate
 * concurrent updates across connections; see adapters/mongo/models.ts.)
 */
describe('Slack: two instances on one database act once', () => {
  const first = new SlackHarness();
  const second = new SlackHarness();
  beforeAll(async () => {
    await first.start('slacktwo');
    await second.start('slacktwo', {}, { databaseUri: first.databaseUri });
    for (let i = 1; i <= 4; i += 1) await first.ask(MEMBER, `add acct-two duplicate ${i} #dup`);
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  test('the same Approve click handled by one instance, then re-delivered to the other: approved and deleted once, one card update', async () => {
    const sent = await first.command(ADMIN1, 'bulk-delete tag:dup');
    const { view } = await first.modalAfter(sent);
    await first.answerModal(ADMIN1, view, 'view_submission');
    const card = (await first.fake.waitFor((c) => c.method === 'chat.postMessage', { from: sent.mark })).body;
    const approve = buttonOf(card, ACTION.approve);

    const handled = await first.replyTo(await first.click(ADMIN2, approve));
    expect(String(handled.text)).toMatch(/^Request \S+ approved by slack:UADMIN2\.\nBulk delete \S+ done: deleted 4 notes\./);
    const redelivered = await second.replyTo(await second.click(ADMIN2, approve, { sign: { retryNum: 1 } }));
    expect(String(redelivered.text)).toMatch(/^Request \S+ was already approved by slack:UADMIN2 at /);

    expect(await first.app.deps.notes.count({ state: 'live', tags: ['dup'] })).toBe(0);
    const deletes = (await first.app.deps.audit.query({ limit: 200 })).filter((e) => e.action === 'approval.approve');
    expect(deletes).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    const updates = [...first.fake.callsTo('chat.update'), ...second.fake.callsTo('chat.update')];
    expect(updates).toHaveLength(1);
  });
});
