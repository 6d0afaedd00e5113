import type { ApiTokenStore } from '../../../src/ports/tokens.js';
import { T0 } from './builders.js';

const aToken = (name: string, hash = 'a'.repeat(64)) => ({ name, hash, createdBy: 'console:admin', createdAt: T0 });

/** The ApiTokenStore contract: one token per name, found by name, removed once. */
export function tokenStoreContract(label: string, fresh: () => Promise<{ store: ApiTokenStore; peer: ApiTokenStore }>): void {
  describe(`ApiTokenStore contract: ${label}`, () => {
    let store: ApiTokenStore;
    let peer: ApiTokenStore;
    beforeEach(async () => {
      ({ store, peer } = await fresh());
    });

    test('insert, find by name, list by name; a taken name is refused and keeps the first hash', async () => {
      expect(await store.insert(aToken('zeta'))).toBe(true);
      expect(await store.insert(aToken('alpha'))).toBe(true);
      expect(await store.insert(aToken('zeta', 'b'.repeat(64)))).toBe(false);
      expect(await store.find('zeta')).toEqual(aToken('zeta'));
      expect(await store.find('nope')).toBeNull();
      expect((await store.list()).map((t) => t.name)).toEqual(['alpha', 'zeta']);
    });

    test('two processes creating one name at once: exactly one wins', async () => {
      const results = await Promise.all([store.insert(aToken('race', 'c'.repeat(64))), peer.insert(aToken('race', 'd'.repeat(64)))]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.list()).filter((t) => t.name === 'race')).toHaveLength(1);
    });

    test('remove: once true, then false; the name can be used again', async () => {
      await store.insert(aToken('gone'));
      expect(await store.remove('gone')).toBe(true);
      expect(await store.remove('gone')).toBe(false);
      expect(await store.find('gone')).toBeNull();
      expect(await store.insert(aToken('gone'))).toBe(true);
    });
  });
}
