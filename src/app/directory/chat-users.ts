/**
 * Who talks to the bot, kept as they talk: their directory entry (name, from the sign-in) and —
 * in a personal chat — the chat adapter's address for reaching them later (opaque to the core).
 */
import type { AppDeps, Caller } from '../ports.js';

export async function rememberChatUser(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  caller: Caller,
  conversationReference: object | undefined,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.store.inTransaction(async (store) => {
    await store.upsertDirectoryUser({ tenantId: caller.tenantId, userId: caller.userId, displayName: caller.name }, at);
    if (conversationReference)
      await store.saveConversationReference(caller.tenantId, caller.userId, conversationReference, at);
  });
}
