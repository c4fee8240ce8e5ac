/**
 * Benchmarks of the Outlook add-in (printing figures, never asserting): detection time for a
 * 100 KB email (median and p95, with a 500-person caseload on the server side), for 1 MB and 5 MB
 * emails, and the size of the bundles as served (gzipped).
 * Run: npm run bench
 */
import { gzipSync } from 'node:zlib';
import { createSharingDetector, detectSharing, MAX_SCANNED_CHARACTERS } from '../src/domain/detection/index.js';
import { loadWebAssets } from '../src/server/web-assets.js';

const line = (label: string, value: string) => console.log(`${label.padEnd(60)} ${value}`);
const paragraph =
  'Spoke to the family about the support plan; call 0161 496 0000 at 10:30 on 01/02/2024. Order 1234567890. NHS 943 476 5919. ';
const bodyText = paragraph.repeat(Math.ceil(100_000 / paragraph.length));
const message = {
  from: 'sam@contoso.example',
  to: ['alex@housing.example'],
  cc: [],
  bcc: [],
  subject: 'Referral',
  bodyText,
  attachmentNames: ['referral.docx'],
};

function measure(label: string, run: () => unknown): void {
  for (let i = 0; i < 5; i += 1) run(); // warm up
  const times: number[] = [];
  for (let i = 0; i < 101; i += 1) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  line(label, `median ${times[50]!.toFixed(2)} ms, p95 ${times[95]!.toFixed(2)} ms`);
}

measure(`detect, ${(bodyText.length / 1000).toFixed(0)} KB body (the add-in's local check)`, () =>
  detectSharing(message),
);
const knownPeople = Array.from({ length: 500 }, (_, i) => ({
  personId: `p${i}`,
  displayName: `Forename${i} Surname${i}`,
}));
const withCaseload = createSharingDetector({
  knownPeople,
  caseReferencePattern: 'DUR-\\d{4,8}',
  ownDomains: ['contoso.example'],
});
measure('detect, same body, 500-person caseload + case references (server)', () => withCaseload(message));

// Large emails: detection is linear in the text (security review 2026-12, H3), and by default the
// check reads only the first MAX_SCANNED_CHARACTERS of a body. Measured here both ways.
function measureLarge(label: string, run: () => unknown): void {
  run(); // warm up
  const times = Array.from({ length: 5 }, () => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  line(label, `median ${times[2]!.toFixed(1)} ms, worst ${times[4]!.toFixed(1)} ms (5 runs)`);
}
const readAll = createSharingDetector({
  knownPeople,
  caseReferencePattern: 'DUR-\\d{4,8}',
  maxScannedCharacters: Infinity,
});
const capped = createSharingDetector({ knownPeople, caseReferencePattern: 'DUR-\\d{4,8}' });
for (const megabytes of [1, 5]) {
  const large = { ...message, bodyText: paragraph.repeat(Math.ceil((megabytes * 1_000_000) / paragraph.length)) };
  measureLarge(`detect, ${megabytes} MB body read in full, 500-person caseload`, () => readAll(large));
  measureLarge(
    `detect, ${megabytes} MB body, first ${MAX_SCANNED_CHARACTERS.toLocaleString('en-GB')} characters (default)`,
    () => capped(large),
  );
}

const assets = await loadWebAssets({ publicUrl: 'https://safeguard.example.org', localMode: false });
for (const path of ['/addin/on-send.js', '/addin/taskpane.js', '/addin/taskpane.html', '/addin/taskpane.css']) {
  const body = assets.get(path)!.body;
  line(
    `bundle ${path}`,
    `${(body.length / 1024).toFixed(1)} KB, ${(gzipSync(body).length / 1024).toFixed(1)} KB gzipped`,
  );
}
