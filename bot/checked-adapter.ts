/**
 * botbuilder's CloudAdapter, driven by our endpoint instead of its own `process`: the activity
 * arrives already parsed and, with an app id, its Bot Framework token already checked (see
 * src/auth/bot-framework-token-verifier.ts), so botbuilder neither fetches keys per request nor
 * writes its errors, stack traces and key dumps to the console; the endpoint answers every
 * failure itself with a short JSON message.
 */
import { CallerIdConstants, CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication } from 'botframework-connector';

/** Local mode: the request's Authorization header (ignored without an app id). Otherwise: the checked token's claims. */
export type TurnAuthority =
  | { readonly kind: 'local'; readonly authorization: string }
  | { readonly kind: 'checked'; readonly claims: Readonly<Record<string, unknown>> };

export class CheckedAdapter extends CloudAdapter {
  constructor(private readonly auth: BotFrameworkAuthentication) {
    super(auth);
  }

  /** Runs one turn; the invoke response for invokes (undefined otherwise). Errors are the caller's to answer. */
  runTurn(
    authority: TurnAuthority,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (authority.kind === 'local') return this.processActivity(authority.authorization, activity, logic);
    // As botbuilder's channel validation would build it: the token's claims, the channel's caller id,
    // and replies authenticated for the Bot Framework channel service.
    const claimsIdentity = new ClaimsIdentity(
      Object.entries(authority.claims).map(([type, value]) => ({ type, value: String(value) })),
      true,
    );
    return this.processActivity(
      {
        claimsIdentity,
        audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
        callerId: CallerIdConstants.PublicAzureChannel,
        connectorFactory: this.auth.createConnectorFactory(claimsIdentity),
      },
      activity,
      logic,
    );
  }
}
