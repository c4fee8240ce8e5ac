import {
  domainOf,
  emailAddressOf,
  findExternalRecipients,
  isOwnDomain,
} from '../../../src/domain/detection/recipients.js';

const message = (to: string[], cc: string[] = [], bcc: string[] = [], from = 'sam@stockport.gov.uk') => ({
  from,
  to,
  cc,
  bcc,
});

describe('external recipients', () => {
  test('addresses and domains are read from "Name <address>" and bare forms', () => {
    expect(emailAddressOf('PC Jones <P.Jones@GMP.Police.uk>')).toBe('p.jones@gmp.police.uk');
    expect(emailAddressOf('  duty@stockport.gov.uk ')).toBe('duty@stockport.gov.uk');
    expect(domainOf('x@Stockport.gov.uk.')).toBe('stockport.gov.uk');
    expect(domainOf('no-at-sign')).toBeUndefined();
  });

  test("the sender's domain is the organisation when none is configured", () => {
    expect(findExternalRecipients(message(['duty@stockport.gov.uk', 'pc@gmp.police.uk']))).toEqual([
      'pc@gmp.police.uk',
    ]);
  });

  test('subdomains of an own domain are own; lookalike domains are not', () => {
    expect(isOwnDomain('adults.stockport.gov.uk', ['stockport.gov.uk'])).toBe(true);
    expect(isOwnDomain('notstockport.gov.uk', ['stockport.gov.uk'])).toBe(false);
    expect(isOwnDomain('stockport.gov.uk.evil.com', ['stockport.gov.uk'])).toBe(false);
    expect(findExternalRecipients(message(['a@mail.stockport.gov.uk', 'b@notstockport.gov.uk']))).toEqual([
      'b@notstockport.gov.uk',
    ]);
  });

  test('configured domains replace the default, case-insensitively, with or without "@"', () => {
    const m = message(['a@Stockport.gov.uk', 'b@STOCKPORTHOMES.org', 'c@gmp.police.uk']);
    expect(findExternalRecipients(m, ['@stockport.gov.uk', 'StockportHomes.org'])).toEqual(['c@gmp.police.uk']);
    expect(findExternalRecipients(m, ['stockporthomes.org'])).toEqual(['a@stockport.gov.uk', 'c@gmp.police.uk']);
  });

  test('To, Cc and Bcc all count; each address once, in order', () => {
    const m = message(['x@police.uk'], ['X@Police.uk', 'own@stockport.gov.uk'], ['y@nhs.net']);
    expect(findExternalRecipients(m)).toEqual(['x@police.uk', 'y@nhs.net']);
  });

  test('an unreadable address counts as external; a blank one is ignored', () => {
    expect(findExternalRecipients(message(['not an address', ' ']))).toEqual(['not an address']);
  });

  test('with no configured domain and no readable sender, every recipient is external', () => {
    expect(findExternalRecipients(message(['a@stockport.gov.uk'], [], [], ''))).toEqual(['a@stockport.gov.uk']);
  });
});
