import { isNotesError, type NotesError } from '../../src/domain/errors.js';
import { toActor } from '../../src/domain/actor.js';
import { resolveChannelLocale } from '../../src/usecases/language.js';
import { parseCommand } from '../../adapters/chat/parseCommand.js';
import { renderText } from '../../adapters/chat/renderText.js';
import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { makeCore } from '../support/core.js';
import { said, usageShown } from '../support/said.js';

const slack = { platform: 'slack' as const };
const admins = { rolePolicy: { bootstrapAdmins: ['slack:UADMIN', 'console:admin'], defaultRole: 'member' as const } };
const inChannel = (actorId: string, channelId = 'C1') => ({ actor: toActor(actorId), origin: { platform: 'slack' as const, channelId } });

describe('lang channel: the grammar', () => {
  test.each([
    ['lang channel', { name: 'lang-channel', locale: null }],
    ['lang channel zh-CN', { name: 'lang-channel', locale: 'zh-CN' }],
    ['lang CHANNEL zh_cn', { name: 'lang-channel', locale: 'zh-CN' }],
    ['lang channel en', { name: 'lang-channel', locale: 'en' }],
    ['lang channel default', { name: 'lang-channel', locale: 'default' }],
    // A person's own language keeps its grammar.
    ['lang zh-CN', { name: 'lang', locale: 'zh-CN' }],
  ])('%s', (text, command) => {
    expect(parseCommand(text, slack)).toEqual(command);
  });

  test.each(['lang channel fr', 'lang channel en zh-CN', 'lang channel defaults'])('%s is one line naming the word, with the usage', (text) => {
    let error: unknown;
    try {
      parseCommand(text, slack);
    } catch (caught) {
      error = caught;
    }
    expect(isNotesError(error, 'BadInput')).toBe(true);
    expect(said(error)).toMatch(/is not a channel language: use en, zh-CN, or default/);
    expect(said(error)).not.toContain('\n');
    expect(usageShown(error as NotesError)).toBe('lang channel [en | zh-CN | default]');
  });
});

describe('lang channel: the use case', () => {
  test('an admin sets the channel language: stored per conversation, audited with what it was, used for that channel only', async () => {
    const core = makeCore({ ...admins, channelLocale: 'en' });
    const outcome = await core.dispatcher.execute(inChannel('slack:UADMIN'), { name: 'lang-channel', locale: 'zh-CN' });
    expect(outcome).toEqual({ kind: 'channel-language', channelId: 'C1', locale: 'zh-CN', source: 'channel', changed: true });
    expect(await resolveChannelLocale(core.deps, 'slack', 'C1')).toEqual({ locale: 'zh-CN', source: 'channel' });
    // Another channel, and the same id on another platform, keep the default.
    expect(await resolveChannelLocale(core.deps, 'slack', 'C2')).toEqual({ locale: 'en', source: 'default' });
    expect(await resolveChannelLocale(core.deps, 'teams', 'C1')).toEqual({ locale: 'en', source: 'default' });
    const entry = core.stores.audit.entries.at(-1)!;
    expect(entry).toMatchObject({ actorId: 'slack:UADMIN', action: 'channel.lang', targetIds: ['channel:slack:C1'], details: { locale: 'zh-CN', previousLocale: 'default' } });
    // The person who set it keeps their own language.
    expect(await core.dispatcher.localeOf(inChannel('slack:UADMIN'))).toBe('en');
  });

  test('default removes the setting: DIGEST_LOCALE applies again, else DEFAULT_LOCALE', async () => {
    const withDigest = makeCore({ ...admins, channelLocale: 'zh-CN', defaultLocale: 'en' });
    await withDigest.dispatcher.execute(inChannel('slack:UADMIN'), { name: 'lang-channel', locale: 'en' });
    const cleared = await withDigest.dispatcher.execute(inChannel('slack:UADMIN'), { name: 'lang-channel', locale: 'default' });
    expect(cleared).toMatchObject({ kind: 'channel-language', locale: 'zh-CN', source: 'default', changed: true });
    expect(withDigest.stores.audit.entries.at(-1)!.details).toEqual({ locale: 'default', previousLocale: 'en' });
    expect(renderText(cleared)).toBe('This channel has no language of its own any more: the bot posts here in 简体中文, the default for channels.');

    const withoutDigest = makeCore({ ...admins, defaultLocale: 'zh-CN' });
    expect(await resolveChannelLocale(withoutDigest.deps, 'slack', 'C1')).toEqual({ locale: 'zh-CN', source: 'default' });
  });

  test('non-admins are refused and nothing changes', async () => {
    const core = makeCore(admins);
    await core.stores.roles.upsert({ actorId: 'slack:UVIEW', role: 'viewer', grantedBy: 'console:admin', grantedAt: new Date() });
    for (const actor of ['slack:UMEMBER', 'slack:UVIEW']) {
      await expect(core.dispatcher.execute(inChannel(actor), { name: 'lang-channel', locale: 'zh-CN' })).rejects.toMatchObject({ code: 'NotPermitted' });
    }
    expect(await core.stores.locales.find('channel:slack:C1')).toBeNull();
    expect(core.stores.audit.entries.filter((e) => e.action === 'channel.lang')).toEqual([]);
  });

  test('`lang` shows the person their own language and, in a channel, the channel\'s; in Chinese too', async () => {
    const core = makeCore(admins);
    await core.dispatcher.execute(inChannel('slack:UADMIN'), { name: 'lang-channel', locale: 'zh-CN' });
    const shown = await core.dispatcher.execute(inChannel('slack:UMEMBER'), { name: 'lang', locale: null });
    expect(renderText(shown)).toBe(
      'Your language: English (the default of this bot). "lang en" or "lang zh-CN" changes it.\n' + "The bot's posts in this channel: 简体中文 (set for this channel).",
    );
    expect(renderText(shown, translatorFor('zh-CN'))).toContain('机器人在本频道发布消息所用的语言：简体中文（本频道的设置）。');
    const asked = await core.dispatcher.execute(inChannel('slack:UADMIN'), { name: 'lang-channel', locale: null });
    expect(asked).toEqual({ kind: 'channel-language', channelId: 'C1', locale: 'zh-CN', source: 'channel', changed: false });
  });

  test('with no conversation (the ingestion API) or on the console there is no channel to set: a one-line error', async () => {
    const core = makeCore(admins);
    const error = await core.dispatcher
      .execute({ actor: toActor('slack:UADMIN'), origin: { platform: 'slack' } }, { name: 'lang-channel', locale: 'en' })
      .catch((caught: unknown) => caught);
    expect(isNotesError(error, 'BadInput')).toBe(true);
    expect(said(error)).toMatch(/^There is no channel here/);
    // Nor on the console: one person's terminal, where the bot posts to no channel.
    await expect(core.run('console:admin', { name: 'lang-channel', locale: 'en' })).rejects.toMatchObject({ code: 'BadInput', key: 'notInChannel' });
    expect(await core.run('console:admin', { name: 'lang', locale: null })).not.toHaveProperty('channel');
  });

  test('help lists lang channel to admins only, in both languages', async () => {
    const core = makeCore();
    const adminHelp = await core.run('console:admin', { name: 'help' });
    const memberHelp = await core.run('console:mo', { name: 'help' });
    expect(renderText(adminHelp)).toContain('lang channel [en | zh-CN | default]');
    expect(renderText(adminHelp, translatorFor('zh-CN'))).toContain('查看或设置机器人在本频道发布消息');
    expect(renderText(memberHelp)).not.toContain('lang channel');
  });

  test('the audit trail names the change in the reader\'s language', async () => {
    const core = makeCore(admins);
    await core.dispatcher.execute(inChannel('slack:UADMIN'), { name: 'lang-channel', locale: 'zh-CN' });
    const audit = await core.run('console:admin', { name: 'audit', request: { kind: 'recent' } });
    expect(renderText(audit)).toContain('channel.lang channel:slack:C1 — language: 简体中文; was: the default');
    expect(renderText(audit, translatorFor('zh-CN'))).toContain('设置频道语言 channel:slack:C1（语言：简体中文；原语言：默认）');
  });
});
