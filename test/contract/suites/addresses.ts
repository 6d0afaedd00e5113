import { beforeEach, describe, expect, test } from '@jest/globals';
import type { ConversationAddresses } from '../../../src/ports/conversations.js';

/**
 * The ConversationAddresses contract. `fresh` returns an empty store and a peer on the same
 * storage (another process, or this one after a restart).
 */
export function conversationAddressesContract(label: string, fresh: () => Promise<{ store: ConversationAddresses; peer: () => ConversationAddresses }>): void {
  describe(`ConversationAddresses (${label})`, () => {
    let store: ConversationAddresses;
    let peer: () => ConversationAddresses;
    beforeEach(async () => {
      ({ store, peer } = await fresh());
    });

    test('an unknown conversation has no address', async () => {
      expect(await store.lookup('19:nobody@thread')).toBeNull();
    });

    test("a remembered conversation answers its own address, a changed one the newest", async () => {
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://one.example/', tenantId: 't1' });
      await store.remember({ conversationId: '19:b@thread', serviceUrl: 'https://two.example/' });
      expect(await store.lookup('19:b@thread', 't1')).toBe('https://two.example/');
      await store.remember({ conversationId: '19:b@thread', serviceUrl: 'https://three.example/' });
      expect(await store.lookup('19:b@thread')).toBe('https://three.example/');
    });

    test("an unheard conversation answers its tenant's address, or the only tenant's", async () => {
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://emea.example/', tenantId: 't1' });
      expect(await store.lookup('19:quiet@thread', 't1')).toBe('https://emea.example/');
      expect(await store.lookup('19:quiet@thread')).toBe('https://emea.example/');
      expect(await store.lookup('19:quiet@thread', 'other-tenant')).toBeNull();
    });

    test('with two tenants seen, no tenant is guessed', async () => {
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://emea.example/', tenantId: 't1' });
      await store.remember({ conversationId: '19:b@thread', serviceUrl: 'https://amer.example/', tenantId: 't2' });
      expect(await store.lookup('19:quiet@thread')).toBeNull();
      expect(await store.lookup('19:quiet@thread', 't2')).toBe('https://amer.example/');
    });

    test('what one instance remembered, another (or a restart) finds', async () => {
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://emea.example/', tenantId: 't1' });
      const other = peer();
      expect(await other.lookup('19:a@thread')).toBe('https://emea.example/');
      expect(await other.lookup('19:quiet@thread')).toBe('https://emea.example/');
    });
  });
}
