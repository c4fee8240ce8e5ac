/**
 * Which recipients are outside the organisation. Sharing within the organisation is not what the
 * on-send check is for; sharing with another agency is (Tameside 2.3.5: consent "prior to
 * information sharing"; Durham Eight Golden Rules for Information Sharing). A subdomain of an own
 * domain is the organisation too ("mail.stockport.gov.uk" for "stockport.gov.uk"); a lookalike
 * ("notstockport.gov.uk") is not. An address that cannot be read counts as external: when in
 * doubt the check asks.
 */

export interface Addressees {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
}

/** "Jane Smith <Jane.Smith@Police.uk>" → "jane.smith@police.uk"; a bare address is trimmed and lower-cased. */
export function emailAddressOf(entry: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(entry);
  return (angle ? (angle[1] ?? '') : entry)
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
}

/** The domain of an address (after the last "@"), or undefined when there is none. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = normaliseDomain(address.slice(at + 1));
  return domain === '' ? undefined : domain;
}

/** "@Stockport.gov.uk." → "stockport.gov.uk". */
export function normaliseDomain(domain: string): string {
  const d = domain
    .trim()
    .toLowerCase()
    .replace(/^[@.]+/, '');
  // A loop, not /\.+$/: that regex is quadratic on a long run of dots inside the text.
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) === 46 /* . */) end -= 1;
  return d.slice(0, end);
}

export function isOwnDomain(domain: string, ownDomains: readonly string[]): boolean {
  const d = normaliseDomain(domain);
  return ownDomains.some((own) => own !== '' && (d === own || d.endsWith(`.${own}`)));
}

/**
 * The organisation's domains: those configured, or else the sender's own domain. With neither
 * (no configuration and an unreadable sender), there are none and every recipient is external.
 */
export function ownDomainsFor(from: string, configured: readonly string[] | undefined): string[] {
  const domains = (configured ?? []).map(normaliseDomain).filter((d) => d !== '');
  if (domains.length > 0) return [...new Set(domains)];
  const sender = domainOf(emailAddressOf(from));
  return sender === undefined ? [] : [sender];
}

/** The To, Cc and Bcc addresses outside the organisation, lower-cased, each once, in order. */
export function findExternalRecipients(message: Addressees, ownDomains?: readonly string[]): string[] {
  const own = ownDomainsFor(message.from, ownDomains);
  const external = new Set<string>();
  for (const entry of [...message.to, ...message.cc, ...message.bcc]) {
    const address = emailAddressOf(entry);
    if (address === '') continue;
    const domain = domainOf(address);
    if (domain === undefined || !isOwnDomain(domain, own)) external.add(address);
  }
  return [...external];
}
