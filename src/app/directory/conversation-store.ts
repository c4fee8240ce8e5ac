/** The chat adapter's own persistence (Teams conversation references): opaque to the core, used by the bot only. A port of the Store (src/app/ports.ts), beside the use cases that need it. */

export interface ConversationStore {
  /** Opaque to the core: the chat adapter's address for reaching a user proactively. */
  saveConversationReference(tenantId: string, userId: string, reference: object, at: string): Promise<void>;
  getConversationReference(tenantId: string, userId: string): Promise<object | undefined>;
  /** The chat service address last seen for the organisation, to open new conversations there. */
  tenantServiceUrl(tenantId: string): Promise<string | undefined>;
}
