import { beforeEach, describe, expect, test } from '@jest/globals';
import type { ConversationAddresses } from '../../../src/ports/conversations.js';

interface AddressesUnderTest {
  store: ConversationAddresses;
  /** Another instance on the same storage (another process, or this one after a restart). */
  peer: () => ConversationAddresses;
  /** Lets whatever an instance keeps in memory about the storage go stale (Mongo: its time limit); absent when nothing is kept. */
  age?: () => void;
}

/** The ConversationAddresses contract. `fresh` returns an empty store, a way to make peers, and its clock. */
export function conversationAddressesContract(label: string, fresh: () => Promise<AddressesUnderTest>): void {
  describe(`ConversationAddresses (${label})`, () => {
    let store: ConversationAddresses;
    let peer: () => ConversationAddresses;
    let age: () => void;
    beforeEach(async () => {
      const made = await fresh();
      ({ store, peer } = made);
      age = made.age ?? (() => {});
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

    test('a URL another instance stores later is used at once, for the conversation and its tenant', async () => {
      const other = peer();
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://old.example/', tenantId: 't1' });
      expect(await store.lookup('19:a@thread')).toBe('https://old.example/');
      await other.remember({ conversationId: '19:a@thread', serviceUrl: 'https://new.example/', tenantId: 't1' });
      expect(await store.lookup('19:a@thread')).toBe('https://new.example/');
      expect(await store.lookup('19:quiet@thread', 't1')).toBe('https://new.example/');
    });

    test('an instance that sees the old URL again after a peer changed it stores it again', async () => {
      const other = peer();
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://old.example/', tenantId: 't1' });
      await other.remember({ conversationId: '19:a@thread', serviceUrl: 'https://new.example/', tenantId: 't1' });
      // The first instance posts there meanwhile, then an activity shows the old URL again: newest wins.
      expect(await store.lookup('19:a@thread')).toBe('https://new.example/');
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://old.example/', tenantId: 't1' });
      expect(await other.lookup('19:a@thread')).toBe('https://old.example/');
      expect(await peer().lookup('19:quiet@thread', 't1')).toBe('https://old.example/');
    });

    test('without a lookup in between, the old URL seen again is stored once memory has aged', async () => {
      const other = peer();
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://old.example/' });
      await other.remember({ conversationId: '19:a@thread', serviceUrl: 'https://new.example/' });
      age();
      await store.remember({ conversationId: '19:a@thread', serviceUrl: 'https://old.example/' });
      expect(await other.lookup('19:a@thread')).toBe('https://old.example/');
    });
  });
}
