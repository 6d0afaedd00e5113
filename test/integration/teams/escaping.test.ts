import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ConnectorCall } from './fakeConnector.js';
import { action, type BotResponse, cardText, CONVERSATION, invokeCardOf, sentCard, sentTexts, TeamsHarness, user } from './harness.js';

const admin1 = user('admin-1');
const admin2 = user('admin-2');
const member = user('member-1');
const APPROVALS = '19:approvals@thread.tacv2';

/** A hostile note or reason: Slack pings, a Teams mention, markdown emphasis and a markdown link. */
const HOSTILE = '<!channel> <!here> <@U123> *bold* [x](http://evil) <https://evil|click> <at>Boss</at>';
/** Markup Teams would act on in a field it parses as markdown (a TextBlock, a FactSet). */
const MARKDOWN = ['*bold*', '[x](http://evil)'];
/** In a message's text Teams also reads HTML: no raw angle-bracket markup either. */
const MESSAGE = [...MARKDOWN, '<at>', '<!channel>', '<@U123>', '<https://evil|click>'];

/** Every place in what the bot sent where Teams would parse the hostile markup. */
function rawMarkupIn(activity: unknown, where: string): string[] {
  const found: string[] = [];
  const check = (text: unknown, needles: string[], path: string) => {
    if (typeof text === 'string' && needles.some((n) => text.includes(n))) found.push(`${where} ${path}: ${text}`);
  };
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      // TextRuns are shown literally and button data is never shown; everything else that holds text is checked.
      if (obj.type === 'TextRun' || path.endsWith('.data')) return;
      if (obj.type === 'TextBlock') check(obj.text, MARKDOWN, `${path}.text`);
      // A toggle's title is read as markdown too (an admin's list quotes each note there).
      if (obj.type === 'Input.Toggle') check(obj.title, MARKDOWN, `${path}.title`);
      if (obj.type === 'FactSet') for (const fact of (obj.facts as Array<{ title: string; value: string }>) ?? []) check(`${fact.title} ${fact.value}`, MARKDOWN, `${path}.facts`);
      if (obj.type === 'message') check(obj.text, MESSAGE, `${path}.text`);
      for (const [key, value] of Object.entries(obj)) walk(value, `${path}.${key}`);
    }
  };
  walk(activity, '');
  return found;
}

describe('Teams: user text never becomes a mention, markdown or a link', () => {
  const h = new TeamsHarness();
  const invokeCards: unknown[] = [];
  let noteId = '';
  const clickAndKeep = async (who: typeof admin1, data: Record<string, unknown>, conversation?: string): Promise<BotResponse> => {
    const res = await h.click(who, data, conversation);
    invokeCards.push(invokeCardOf(res.body));
    return res;
  };

  beforeAll(async () => {
    await h.start('teamsescape', { APPROVAL_CHANNEL: APPROVALS });
  });
  afterAll(() => h.stop());

  test('the note is stored as typed and shown literally', async () => {
    const added = await h.say(member, `notes add acct-esc ${HOSTILE} #x`);
    noteId = /Added note (n-[a-z0-9]+)/.exec(cardText(sentCard(added)))?.[1] ?? '';
    expect((await h.app.deps.notes.findById(noteId))?.body).toBe(`${HOSTILE} #x`);
    await h.say(member, 'notes list record:acct-esc');
    const adminList = sentCard(await h.say(admin1, 'notes list record:acct-esc'));
    expect(JSON.stringify(adminList)).toContain(`"id":"sel_${noteId}"`);
    const shown = sentCard(await h.say(admin1, `notes show ${noteId}`));
    expect(cardText(shown)).toContain(HOSTILE);
  });

  test('a hostile reason on a request, its rejection and the requester notice', async () => {
    const asked = await h.say(member, `notes delete ${noteId} ${HOSTILE}`);
    expect(asked.sent.some((c) => c.conversationId === APPROVALS)).toBe(true);
    await h.say(admin2, 'notes approvals');
    const [pending] = await h.app.deps.approvals.listPending(new Date());
    const rejected = await h.say(admin2, `notes reject ${pending.id} ${HOSTILE}`);
    expect(rejected.sent.some((c) => c.method === 'PUT')).toBe(true);
    expect(sentTexts(rejected).join()).toContain('your request');
  });

  test('bulk preview, an admin delete with a hostile reason, trash and the deleted note', async () => {
    const preview = sentCard(await h.say(admin1, `notes bulk-delete text:"*bold*"`));
    await clickAndKeep(admin1, action(preview, 'Cancel').data);
    const ask = sentCard(await h.say(admin1, `notes delete ${noteId} ${HOSTILE}`));
    await clickAndKeep(admin1, action(ask, 'Delete').data, CONVERSATION);
    await h.say(admin1, 'notes trash record:acct-esc');
    await h.say(admin1, `notes show ${noteId}`);
    expect((await h.app.deps.notes.findById(noteId))?.deleteReason).toBe(HOSTILE);
  });

  test('an error that echoes the input', async () => {
    const refused = await h.say(member, 'notes add [x](http://evil) *bold*');
    expect(sentTexts(refused).join()).toContain('is not a record id');
  });

  test('nothing sent carries the markup where Teams would parse it', () => {
    const calls: ConnectorCall[] = h.connector.calls;
    expect(calls.length).toBeGreaterThan(10);
    expect(invokeCards.filter(Boolean).length).toBe(2);
    const found = [...calls.flatMap((c, i) => rawMarkupIn(c.body, `call ${i} ${c.method}`)), ...invokeCards.flatMap((c, i) => rawMarkupIn(c, `invoke ${i}`))];
    expect(found).toEqual([]);
  });
});

describe('Teams: input limits', () => {
  const h = new TeamsHarness();
  beforeAll(async () => {
    await h.start('teamslimits');
  });
  afterAll(() => h.stop());

  test('a 4,001-character note and a 9,000-character command: one line naming the limit, nothing stored', async () => {
    const note = await h.say(member, `notes add acct-long ${'x'.repeat(4001)}`);
    expect(sentTexts(note)[0].split('\n')[0]).toBe('The note is 4,001 characters; the limit is 4,000.');
    const command = await h.say(member, `notes add acct-long ${'x'.repeat(9000)}`);
    expect(sentTexts(command)).toEqual(['The command is 9,020 characters; the limit is 8,000.']);
    expect(await h.app.deps.notes.count({ state: 'live', recordId: 'acct-long' })).toBe(0);
  });
});
