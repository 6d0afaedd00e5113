import type { SourcedNoteInput } from '../../../src/domain/sourcedNote.js';
import type { CrmNoteLinks } from '../../../src/ports/crm.js';
import type { NoteRepository } from '../../../src/ports/notes.js';
import { minutes, T0 } from './builders.js';

/** The notes and the links that move their CRM ids, on one store. */
export interface CrmNoteLinksFixture {
  notes: NoteRepository;
  links: CrmNoteLinks;
}

const pulled = (externalId: string, body = 'call notes #renewal'): SourcedNoteInput => ({
  source: 'hubspot',
  externalId,
  recordId: 'company-42',
  body,
  tags: [],
  authorId: 'hubspot:77',
  createdAt: T0,
});

/** The contract of `CrmNoteLinks.relink`: a re-created CRM note stays the bot's one note under its new id. */
export function crmNoteLinksContract(label: string, fresh: () => Promise<CrmNoteLinksFixture>): void {
  describe(`CRM note links: ${label}`, () => {
    let notes: NoteRepository;
    let links: CrmNoteLinks;
    beforeEach(async () => {
      ({ notes, links } = await fresh());
    });
    const live = () => notes.count({ state: 'live' });

    test('a relinked note carries the new id, keeps the old one, and is found under the new one only', async () => {
      const { results } = await notes.upsertBySource([pulled('h1')], T0);
      const id = results[0].id;
      expect(await links.relink(id, 'hubspot', 'h9', minutes(1))).toBe(true);
      const note = await notes.findById(id);
      expect(note).toMatchObject({ id, source: 'hubspot', externalId: 'h9', previousExternalIds: ['h1'], body: 'call notes #renewal' });
      expect((await notes.findBySource('hubspot', 'h9'))!.id).toBe(id);
      expect(await notes.findBySource('hubspot', 'h1')).toBeNull();
      // Again (a drain reconciling after a crash): nothing changes.
      expect(await links.relink(id, 'hubspot', 'h9', minutes(2))).toBe(true);
      expect((await notes.findById(id))!.previousExternalIds).toEqual(['h1']);
    });

    test('a later pull of the re-created note updates the same note instead of importing a duplicate', async () => {
      const { results } = await notes.upsertBySource([pulled('h1')], T0);
      const id = results[0].id;
      await links.relink(id, 'hubspot', 'h9', minutes(1));
      const again = await notes.upsertBySource([pulled('h9', 'edited in HubSpot after the restore')], minutes(5));
      expect(again.results).toEqual([{ id, status: 'updated' }]);
      expect(await live()).toBe(1);
      expect((await notes.findById(id))!.body).toBe('edited in HubSpot after the restore');
      const unchanged = await notes.upsertBySource([pulled('h9', 'edited in HubSpot after the restore')], minutes(6));
      expect(unchanged.results).toEqual([{ id, status: 'unchanged' }]);
    });

    test('moved twice: every earlier id is kept, oldest first', async () => {
      const { results } = await notes.upsertBySource([pulled('h1')], T0);
      await links.relink(results[0].id, 'hubspot', 'h2', minutes(1));
      await links.relink(results[0].id, 'hubspot', 'h3', minutes(2));
      expect(await notes.findById(results[0].id)).toMatchObject({ externalId: 'h3', previousExternalIds: ['h1', 'h2'] });
      expect((await notes.findBySource('hubspot', 'h3'))!.id).toBe(results[0].id);
    });

    test('a pull that brought the re-created note in first: later pulls update the restored note', async () => {
      const { results } = await notes.upsertBySource([pulled('h1')], T0);
      const id = results[0].id;
      const copy = (await notes.upsertBySource([pulled('h9')], minutes(1))).results[0].id;
      expect(copy).not.toBe(id);
      await links.relink(id, 'hubspot', 'h9', minutes(2));
      expect((await notes.findBySource('hubspot', 'h9'))!.id).toBe(id);
      const later = await notes.upsertBySource([pulled('h9', 'edited later')], minutes(5));
      expect(later.results).toEqual([{ id, status: 'updated' }]);
      // The copy stays for a person to delete, no longer answering to the CRM id.
      expect(await notes.findById(copy)).toMatchObject({ source: 'hubspot', previousExternalIds: ['h9'], body: 'call notes #renewal' });
      expect((await notes.findById(copy))!.externalId).toBeUndefined();
    });

    test('no such note: nothing is linked', async () => {
      expect(await links.relink('n-missing1', 'hubspot', 'h9', T0)).toBe(false);
      expect(await notes.findBySource('hubspot', 'h9')).toBeNull();
    });
  });
}
