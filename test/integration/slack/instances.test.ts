import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { ensureAdmin } from '../../../src/usecases/roles.js';
import { ADMIN1, ADMIN2, buttonOf, MEMBER, SlackHarness, type Sent } from './harness.js';

/**
 * Two processes behind one Slack app share a database. A click Slack re-delivers (a retry after
 * a slow answer) may land on the other instance, or both may get one at the same moment: the
 * decision, the plan and the role change still happen once, because each is claimed in the
 * database (adapters/mongo/claims.ts), not remembered in process memory.
 */
const updatesOf = (...harnesses: SlackHarness[]) => harnesses.flatMap((h) => h.fake.callsTo('chat.update'));

describe('Slack: two instances on one database act once', () => {
  const first = new SlackHarness();
  const second = new SlackHarness();
  beforeAll(async () => {
    await first.start('slacktwo');
    await second.start('slacktwo', {}, { databaseUri: first.databaseUri });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  async function approvalCard(tag: string) {
    for (let i = 1; i <= 4; i += 1) await first.ask(MEMBER, `add acct-two duplicate ${i} #${tag}`);
    const sent = await first.command(ADMIN1, `bulk-delete tag:${tag}`);
    const { view } = await first.modalAfter(sent);
    await first.answerModal(ADMIN1, view, 'view_submission');
    return (await first.fake.waitFor((c) => c.method === 'chat.postMessage', { from: sent.mark })).body;
  }

  test('the same Approve click handled by one instance, then re-delivered to the other: approved and deleted once, one card update', async () => {
    const approve = buttonOf(await approvalCard('dup'), ACTION.approve);
    const updatesBefore = updatesOf(first, second).length;

    const handled = await first.replyTo(await first.click(ADMIN2, approve));
    expect(String(handled.text)).toMatch(/^Request \S+ approved by slack:UADMIN2\.\nBulk delete \S+ done: deleted 4 notes\./);
    const redelivered = await second.replyTo(await second.click(ADMIN2, approve, { sign: { retryNum: 1 } }));
    expect(String(redelivered.text)).toMatch(/^Request \S+ was already approved by slack:UADMIN2 at /);

    expect(await first.app.deps.notes.count({ state: 'live', tags: ['dup'] })).toBe(0);
    const approvals = (await first.app.deps.audit.query({ limit: 200 })).filter((e) => e.action === 'approval.approve');
    expect(approvals).toHaveLength(1);
    // The winner updates the card before it answers, and the loser never does: both answers are in.
    expect(updatesOf(first, second).length - updatesBefore).toBe(1);
  });

  test('the same Approve click delivered to both instances at once: one approves, the other is told, one delete', async () => {
    const approve = buttonOf(await approvalCard('twice'), ACTION.approve);
    const updatesBefore = updatesOf(first, second).length;
    const approvedSoFar = async () => (await first.app.deps.audit.query({ limit: 500 })).filter((e) => e.action === 'approval.approve').length;
    const approvedBefore = await approvedSoFar();

    const [a, b] = await Promise.all([first.click(ADMIN2, approve), second.click(ADMIN2, approve, { sign: { retryNum: 1 } })]);
    const texts = [String((await first.replyTo(a)).text), String((await second.replyTo(b)).text)].sort();
    expect(texts[0]).toMatch(/^Request \S+ approved by slack:UADMIN2\.\nBulk delete \S+ done: deleted 4 notes\./);
    expect(texts[1]).toMatch(/^Request \S+ was already approved by slack:UADMIN2 at /);

    expect(await first.app.deps.notes.count({ state: 'live', tags: ['twice'] })).toBe(0);
    expect((await approvedSoFar()) - approvedBefore).toBe(1);
    expect(updatesOf(first, second).length - updatesBefore).toBe(1);
  });
});

describe('Slack: the last-admin rule across two instances', () => {
  // No NOTES_ADMINS (they are admins whatever happens): only granted admins, so the rule has teeth.
  const first = new SlackHarness();
  const second = new SlackHarness();
  beforeAll(async () => {
    await first.start('slackroles', { NOTES_ADMINS: '' });
    await second.start('slackroles', { NOTES_ADMINS: '' }, { databaseUri: first.databaseUri });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  test('two admins revoking each other, one signed /notes roles revoke to each instance at once: one admin is left, every round', async () => {
    const roles = first.app.deps.roles;
    for (let round = 0; round < 3; round += 1) {
      const [a, b] = [`UGRANTA${round}`, `UGRANTB${round}`];
      for (const id of [a, b]) await ensureAdmin(roles, `slack:${id}`, 'slack:USETUP', new Date());
      // The previous round's survivor steps down, so each round starts with exactly these two.
      for (const old of (await roles.adminSet()).admins.filter((g) => ![`slack:${a}`, `slack:${b}`].includes(g.actorId))) {
        expect(String((await first.ask(a, `roles revoke ${old.actorId}`)).text)).toMatch(/is now member \(was admin\)\.$/);
      }

      const sent: Sent[] = await Promise.all([first.command(a, `roles revoke <@${b}>`), second.command(b, `roles revoke <@${a}>`)]);
      const texts = [String((await first.replyTo(sent[0])).text), String((await second.replyTo(sent[1])).text)];
      expect({ round, changed: texts.filter((t) => /is now member \(was admin\)\.$/.test(t)).length }).toEqual({ round, changed: 1 });
      expect(texts.filter((t) => /is the last admin|no longer an admin/.test(t))).toHaveLength(1);
      expect((await roles.adminSet()).admins).toHaveLength(1);
    }
  });
});
