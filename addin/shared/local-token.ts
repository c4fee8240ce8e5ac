/**
 * The development-only token the server accepts in local mode (src/api/api-auth.ts), built in the
 * browser: `local.` + base64url JSON {tid, oid, name}. Never accepted by a server with an app id.
 */
export function localToken(tenantId: string, userId: string, name: string): string {
  const json = JSON.stringify({ tid: tenantId, oid: userId, name });
  const base64 = btoa(unescape(encodeURIComponent(json)));
  return `local.${base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
