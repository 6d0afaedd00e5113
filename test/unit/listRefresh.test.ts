import { describe, expect, test } from '@jest/globals';
import { listRefresh } from '../../adapters/chat/listRefresh.js';

const teams = { platform: 'teams' } as const;

describe('a button refresh is a list read or nothing', () => {
  test.each(['list tag:x page:1', 'trash record:acct-1', 'backup list'])('%s is read again', (text) => {
    expect(listRefresh(text, teams)).not.toBeNull();
  });

  test('list keeps its filter and page through the grammar', () => {
    expect(listRefresh('list tag:lead page:2', teams)).toMatchObject({ name: 'list', filterText: 'tag:lead', filter: { tags: ['lead'] } });
  });

  test.each(['restore n-abc123', 'delete n-abc123', 'confirm c-1', 'backup now', 'roles grant teams:x admin', 'list before:notadate', '', undefined])(
    '%p is refused',
    (text) => {
      expect(listRefresh(text, teams)).toBeNull();
    },
  );
});
