import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { pino } from 'pino';
import { createApp, type App } from '../../../root/app.js';
import { loadConfig } from '../../../adapters/config.js';
import { startServer, type RunningServer } from '../../../root/server.js';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { freshDatabaseUri } from '../../support/database.js';
import { FakeSlack } from './fakeSlack.js';
import { FakeSocketMode } from './fakeSocketMode.js';
import { ADMIN1, CHANNEL, elementsOf, MEMBER, textOf } from './harness.js';

/** Socket Mode: no public URL, no signing secret; Slack's envelopes arrive over a WebSocket. */
describe('Slack: Socket Mode', () => {
  const fake = new FakeSlack();
  const socket = new FakeSocketMode();
  let app: App;
  let server: RunningServer;

  beforeAll(async () => {
    await fake.start();
    await socket.start();
    fake.socketUrl = socket.url;
    const config = loadConfig({
      NODE_ENV: 'test',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_APP_TOKEN: 'xapp-1-test',
      SLACK_API_URL: fake.apiUrl,
      NOTES_ADMINS: `slack:${ADMIN1}`,
      DATA_DIR: `/tmp/notes-slack-socket-${process.pid}`,
    });
    app = await createApp({ config, logger: pino({ level: 'silent' }), databaseUri: freshDatabaseUri('slacksock') });
    server = await startServer(app, { port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.stop();
    await app?.close();
    await socket.stop();
    await fake.stop();
    expect(fake.violations).toEqual([]);
  });

  const command = (envelopeId: string, userId: string, text: string) => {
    const responseUrl = fake.newResponseUrl();
    socket.deliver({
      envelope_id: envelopeId,
      type: 'slash_commands',
      payload: {
        token: 'unused',
        team_id: 'T0TEAM',
        team_domain: 'acme',
        channel_id: CHANNEL,
        channel_name: 'sales',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command: '/notes',
        text,
        api_app_id: 'A0NOTES',
        is_enterprise_install: 'false',
        response_url: responseUrl.url,
        trigger_id: `trigger-${envelopeId}`,
      },
    });
    return responseUrl.id;
  };

  test('start-up opened the connection with the app token and waited for hello', () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0].authorization).toBe('Bearer xapp-1-test');
    expect(socket.connections).toBe(1);
  });

  test('a slash_commands envelope is acked over the socket and answered through its response_url', async () => {
    const responseId = command('env-1', MEMBER, 'add acct-sock written over a socket #socket');
    const ack = await socket.waitForAck('env-1');
    expect(ack.envelope_id).toBe('env-1');
    await fake.waitFor((c) => c.method === 'response_url' && c.responseId === responseId);
    const [reply] = fake.responsesTo(responseId);
    expect(String(reply.body.text)).toMatch(/^Added note \S+ to acct-sock with tags #socket\.$/);
    expect(await app.deps.notes.count({ state: 'live', recordId: 'acct-sock' })).toBe(1);
  });

  test('an interactive envelope (a button click) works the same way', async () => {
    const listId = command('env-2', ADMIN1, 'list record:acct-sock');
    await fake.waitFor((c) => c.method === 'response_url' && c.responseId === listId);
    const [list] = fake.responsesTo(listId);
    expect(textOf(list.body.blocks)).toContain('1 note');
    const responseUrl = fake.newResponseUrl();
    const noteId = elementsOf(list.body, ACTION.deleteNote)[0].value;
    socket.deliver({
      envelope_id: 'env-3',
      type: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T0TEAM' },
        user: { id: ADMIN1, username: 'admin1', team_id: 'T0TEAM' },
        api_app_id: 'A0NOTES',
        trigger_id: 'trigger-env-3',
        channel: { id: CHANNEL },
        container: { type: 'message', channel_id: CHANNEL },
        response_url: responseUrl.url,
        actions: [{ type: 'button', action_id: ACTION.deleteNote, block_id: 'b', value: noteId, action_ts: '1' }],
      },
    });
    await socket.waitForAck('env-3');
    await fake.waitFor((c) => c.method === 'response_url' && c.responseId === responseUrl.id);
    expect(textOf(fake.responsesTo(responseUrl.id)[0].body.blocks)).toContain('Delete this note?');
  });

  test('in Socket Mode nothing listens on /slack/events', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/slack/events`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(404);
  });
});
