/**
 * End to end in a real Teams-like client: the Microsoft 365 Agents Playground (runs offline) in
 * headless Chromium talks to our server over the Bot Framework protocol. A message opens a card,
 * the form is filled in and submitted with Action.Execute, the card is replaced by the bot's
 * answer, and later a proactive reminder card appears in the chat.
 */
import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import type { AppHandle } from '../../src/composition.js';
import { startProduct, type RunningProduct } from '../../src/main.js';
import { launchChromium } from '../helpers/chromium.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

jest.setTimeout(120_000);

let app: TestApp;
let product: RunningProduct;
let playground: ChildProcess;
let browser: BrowserContext;
let playgroundUrl: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startPlayground(botEndpoint: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      'node_modules/@microsoft/m365agentsplayground/cli.js',
      '-e',
      botEndpoint,
      '-c',
      'msteams',
      '-p',
      String(port),
      '--dt',
    ],
    {
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Agents Playground did not start: ${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Listening on ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`Agents Playground exited (${code}): ${output}`)));
  });
  return child;
}

beforeAll(async () => {
  app = await createTestApp('2026-11-25T10:00:00Z');
  const handle = {
    deps: app.deps,
    packs: app.packs,
    database: app.database,
    close: async () => undefined,
  } as AppHandle;
  product = startProduct(handle, {
    reminderSweepSeconds: 0,
    teams: {
      localPackId: 'tameside',
      publicUrl: 'http://127.0.0.1',
      graphBaseUrl: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
    },
  });
  await new Promise<void>((resolve) => product.server.listen(0, '127.0.0.1', resolve));
  const port = await freePort();
  playground = await startPlayground(
    `http://127.0.0.1:${(product.server.address() as AddressInfo).port}/api/messages`,
    port,
  );
  playgroundUrl = `http://localhost:${port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  playground?.kill();
  await product?.close();
  await app?.destroy();
});

async function send(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('log a call in the chat, submit the card, and receive the overdue-action reminder card', async () => {
  const page = await browser.newPage();
  await page.goto(playgroundUrl, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-lexical-editor="true"]').waitFor({ timeout: 60_000 });

  await send(page, 'log call');
  await page.getByText('Log a phone discussion', { exact: true }).waitFor();
  await page.getByLabel('Your role').fill('Social worker');
  await page.getByLabel('Name', { exact: false }).first().fill('Alex Other');
  await page.getByLabel(/^Role/).fill('Housing officer');
  await page.getByLabel(/^Agency/).fill('Housing Trust');
  await page.getByLabel('Email (to send the confirmation)').fill('alex@housing.example');
  await page.getByLabel(/What was discussed/).fill('Damp in the flat is affecting breathing');
  await page.getByLabel(/Consent basis/).fill('Consent recorded 12 Nov');
  await page.getByLabel('What will be done').first().fill('Inspect the flat');
  await page.getByLabel('Who will do it').first().fill('Alex Other');
  await page.getByLabel('By when').first().fill('2026-11-26');
  await page.getByRole('button', { name: 'Log and compose the email' }).click();

  // The Action.Execute answer replaces the form with the confirmation email to review.
  await page.getByText('Confirmation email', { exact: true }).waitFor();
  await page.getByText('Damp in the flat is affecting breathing').first().waitFor();
  expect(await app.database.db.selectFrom('phone_discussions').select('concerns').execute()).toEqual([
    { concerns: 'Damp in the flat is affecting breathing' },
  ]);

  // The action is not done by the end of its due working day: a proactive card appears in the chat.
  app.clock.set('2026-11-26T17:00:00Z');
  expect(await product.scheduler.runOnce()).toMatchObject({ sent: 1 });
  await page.getByText('An agreed action is overdue', { exact: true }).waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'It is done' }).click();
  await page.getByText('"Inspect the flat" is recorded as done.').waitFor();
  expect(await app.database.db.selectFrom('agreed_actions').select('status').execute()).toEqual([{ status: 'done' }]);
});
