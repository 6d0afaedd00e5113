import { newToken, tokenActorId, tokenMatches, tokenName } from '../domain/apiToken.js';
import { toActor, type Actor } from '../domain/actor.js';
import { NotesError } from '../domain/errors.js';
import type { ApiTokenStore } from '../ports/tokens.js';
import type { TokensChange } from './commands.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

/** `tokens [list | create <name> | revoke <name>]` (admin, from the action table). Created and revoked tokens are audited by name, never by value. */
export async function manageTokens(deps: CoreDeps, ctx: RequestContext, store: ApiTokenStore | undefined, change: TokensChange): Promise<Outcome> {
  if (!store) throw new NotesError('Unavailable', 'tokensNotSetUp');
  if (change.kind === 'list') {
    const tokens = await store.list();
    return { kind: 'token-list', tokens: tokens.map(({ name, createdBy, createdAt }) => ({ name, createdBy, createdAt, actorId: tokenActorId(name) })) };
  }
  if (change.kind === 'create') {
    // The answer carries the token itself: only where the adapter says no one else reads it
    // (RequestContext.privateReply).
    if (ctx.privateReply !== true) {
      throw new NotesError('NotPermitted', 'tokenShownOnce');
    }
    const { token, hash } = newToken(change.name);
    const created = await store.insert({ name: change.name, hash, createdBy: ctx.actor.id, createdAt: deps.clock.now() });
    if (!created) throw new NotesError('BadInput', 'tokenExists', { name: change.name }, { usage: 'tokens' });
    await record(deps, ctx, 'token.create', [tokenActorId(change.name)], { name: change.name });
    return { kind: 'token-created', name: change.name, actorId: tokenActorId(change.name), token };
  }
  if (!(await store.remove(change.name))) {
    throw new NotesError('BadInput', 'tokenNotFound', { name: change.name }, { usage: 'tokens' });
  }
  await record(deps, ctx, 'token.revoke', [tokenActorId(change.name)], { name: change.name });
  return { kind: 'token-revoked', name: change.name };
}

/** The actor a presented bearer token acts as, or null when it is not a live token. */
export async function authenticateToken(store: ApiTokenStore, presented: string): Promise<Actor | null> {
  const name = tokenName(presented);
  if (!name) return null;
  const stored = await store.find(name);
  return stored && tokenMatches(presented, stored.hash) ? toActor(tokenActorId(name)) : null;
}
