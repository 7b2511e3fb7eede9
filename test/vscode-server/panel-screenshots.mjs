// `npm run test:browser`: the diagnosis panel in the real workbench. Starts fault-zoo servers on 127.0.0.1, opens the
// bundled VS Code in headless Chromium in a light and a dark theme, runs "OpenSSL Doctor: Diagnose TLS Endpoint…"
// through the command palette for each endpoint, asserts on the text the webview renders (a hostile certificate
// and banner must show as text and run nothing), cancels a run from the panel, reloads the window to check the
// serializer restores the panel, and saves screenshots under test-results/panel/. Needs `npm run build` and
// `npm run compile-tests` first (it loads the zoo from out/).
/* global document, window -- the page.evaluate and waitForFunction callbacks run in the browser */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromiumPath, root, startServer, workbenchUrl } from './host.mjs';
import { prepareWorkspace } from './suite.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const zooOut = path.join(root, 'out', 'test', 'zoo');
if (!fs.existsSync(path.join(zooOut, 'servers.js')) || !fs.existsSync(path.join(root, 'dist', 'webview.js'))) {
  console.error('test:browser needs the build and the compiled tests: run `npm run build && npm run compile-tests` first.');
  process.exit(1);
}
const { createZooPki, issue } = require(path.join(zooOut, 'pki.js'));
const { rawServer, tlsServer } = require(path.join(zooOut, 'servers.js'));

const artifacts = path.join(root, 'test-results', 'panel');
const waitMs = 60_000;
const hostileName = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">';
const hostileBanner = 'SSH-2.0-<script>window.pwned=3</script><img src=x onerror=window.pwned=4>';
// Light and dark get every check; high contrast the two that show the verdict colours.
const themes = [['light', 'Default Light Modern'], ['dark', 'Default Dark Modern'], ['high-contrast', 'Default High Contrast', /healthy|expired/]];

let passed = 0;
const failures = [];
let currentPage;
const grep = process.env.MOCHA_GREP ? new RegExp(process.env.MOCHA_GREP) : undefined;
let themeChecks;
async function check(name, body) {
  if ((grep && !grep.test(name)) || (themeChecks && !themeChecks.test(name))) return;
  try {
    await body();
    passed++;
    console.log(`  ✔ ${name}`);
  } catch (error) {
    failures.push(name);
    await currentPage?.screenshot({ path: path.join(artifacts, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => {});
    console.log(`  ✖ ${name}\n      ${String(error instanceof Error ? error.message : error).split('\n').join('\n      ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const silentSockets = new Set();
// The zoo: a healthy endpoint, an expired certificate, a hostile certificate, a hostile banner, a silent server.
const pki = createZooPki();
const hostileLeaf = issue({ name: hostileName, issuer: pki.intermediate, names: ['localhost', '127.0.0.1', '<img src=x onerror=window.pwned=5>'] });
const chainOf = (leaf) => ({ key: leaf.keyPem, cert: leaf.pem + pki.intermediate.pem, ALPNProtocols: ['http/1.1'] });
const servers = {
  healthy: await tlsServer(chainOf(pki.good)),
  expired: await tlsServer(chainOf(pki.expired)),
  hostileCertificate: await tlsServer(chainOf(hostileLeaf)),
  hostileBanner: await rawServer((s) => { s.on('error', () => {}); s.write(`${hostileBanner}\r\n`); }),
  silent: await rawServer((s) => { silentSockets.add(s); s.on('close', () => silentSockets.delete(s)); s.resume(); }),
};
const target = (name) => `127.0.0.1:${servers[name].port}`;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'openssl-doctor-browser-'));
const caFile = path.join(scratch, 'zoo-root.pem');
fs.writeFileSync(caFile, pki.root.pem);
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

/** The panel's document: the inner frame of the webview whose root shows `target`. */
async function panelFrame(page, forTarget) {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const heading = await frame.$('#root h1').catch(() => null);
      if (heading && (await heading.textContent()) === forTarget) return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no diagnosis panel for ${forTarget} appeared`);
}

async function headline(frame, expected) {
  await frame.waitForFunction((text) => document.querySelector('#headline')?.textContent === text, expected, { timeout: waitMs });
}

async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // Right after start-up the palette may open before the extension's commands are known: retry a few times.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: waitMs });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: attempt < 6 ? 5000 : waitMs });
      break;
    } catch (error) {
      if (attempt >= 6) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

async function diagnoseFromPalette(page, endpoint) {
  await runCommand(page, 'OpenSSL Doctor: Diagnose TLS Endpoint');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget', { hasText: 'Diagnose TLS Endpoint' }).waitFor({ timeout: waitMs });
  await input.fill(endpoint);
  // The typed entry is validated by the extension; accept only once it offers exactly this endpoint.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'diagnose this endpoint' }).filter({ hasText: endpoint }).waitFor({ timeout: waitMs });
  await page.keyboard.press('Enter');
  return panelFrame(page, endpoint);
}

async function closeEditors(page) {
  await runCommand(page, 'View: Close All Editors');
  await page.waitForFunction(() => document.querySelectorAll('.tab').length === 0, undefined, { timeout: waitMs });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

async function inert(frame) {
  const state = await frame.evaluate(() => ({
    pwned: window.pwned,
    elements: [...document.querySelectorAll('script, img, iframe, object, embed, svg')].filter((e) => e.outerHTML.includes('pwned')).length,
  }));
  assert(state.pwned === undefined, `a hostile payload ran (window.pwned = ${state.pwned})`);
  assert(state.elements === 0, `${state.elements} element(s) built from the hostile text`);
}

async function runTheme(browser, label, theme, checks) {
  console.log(`\n  ${label} theme (${theme})`);
  themeChecks = checks;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openssl-doctor-browser-data-'));
  const workspace = prepareWorkspace();
  const server = await startServer({
    dataDir,
    settings: {
      'workbench.colorTheme': theme, 'openssl-doctor.probe.caFile': caFile, 'openssl-doctor.probe.timeoutMs': 30_000,
      'window.restoreWindows': 'all', 'workbench.editor.restoreViewState': true,
    },
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  currentPage = page;
  try {
    await page.goto(workbenchUrl(server.url, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: waitMs });
    await page.locator('.statusbar').waitFor({ timeout: waitMs });

    await check(`${label}: healthy endpoint renders the verdict, evidence, chain and timeline`, async () => {
      const frame = await diagnoseFromPalette(page, target('healthy'));
      await headline(frame, 'The endpoint works');
      const text = await frame.locator('main').innerText();
      for (const expected of ['OK · healthy', 'Evidence', 'What an OpenSSL 3 C client reports', 'CN=zoo good', 'CN=Zoo Intermediate CA', 'TLSv1.3', 'http/1.1', 'close_notify']) {
        assert(text.toLowerCase().includes(expected.toLowerCase()), `the panel does not show "${expected}":\n${text}`);
      }
      for (const heading of ['Timeline (', 'Certificate chain (2, trusted)', 'Connection: versions, cipher, ALPN']) {
        assert(await frame.locator(`vscode-collapsible[heading^="${heading}"]`).count() === 1, `no "${heading}" section`);
      }
      const rows = await frame.locator('table.timeline tbody tr').count();
      assert(rows >= 4, `only ${rows} timeline rows`);
      await shot(page, `${label}-healthy`);
    });

    await check(`${label}: expired certificate renders as a failure with the OpenSSL client's view`, async () => {
      await closeEditors(page);
      const frame = await diagnoseFromPalette(page, target('expired'));
      await headline(frame, 'The certificate has expired');
      const text = await frame.locator('main').innerText();
      for (const expected of ['FAILURE · cert-expired', 'X509_V_ERR_CERT_HAS_EXPIRED', 'certificate verify failed', 'Server: ', 'CN=zoo expired']) {
        assert(text.toUpperCase().includes(expected.toUpperCase()), `the panel does not show "${expected}":\n${text}`);
      }
      await shot(page, `${label}-expired`);
    });

    await check(`${label}: a hostile certificate subject and name render as text and run nothing`, async () => {
      await closeEditors(page);
      const frame = await diagnoseFromPalette(page, target('hostileCertificate'));
      await headline(frame, 'The endpoint works');
      const text = await frame.locator('main').innerText();
      // OpenSSL's one-line DN form escapes < > " in the subject; the subjectAltName entry arrives verbatim.
      assert(text.includes('CN=\\<script\\>window.pwned=1\\</script\\>\\<img src=x onerror=\\"window.pwned=2\\"\\>'), `the subject is not shown literally:\n${text}`);
      assert(text.includes('<img src=x onerror=window.pwned=5>'), 'the <img onerror> name is not shown literally');
      await inert(frame);
      await frame.locator('.certificate').first().scrollIntoViewIfNeeded();
      await shot(page, `${label}-hostile-certificate`);
    });

    await check(`${label}: a hostile banner renders as text and runs nothing`, async () => {
      await closeEditors(page);
      const frame = await diagnoseFromPalette(page, target('hostileBanner'));
      await headline(frame, 'The port runs SSH, not TLS');
      const text = await frame.locator('main').innerText();
      assert(text.includes('<script>window.pwned=3</script>'), `the banner is not shown literally:\n${text}`);
      await inert(frame);
      await shot(page, `${label}-hostile-banner`);
    });

    await check(`${label}: a silent server shows the live timeline and a progress notification; Cancel (panel button by keyboard, or the notification) closes every socket`, async () => {
      await closeEditors(page);
      const frame = await diagnoseFromPalette(page, target('silent'));
      await frame.waitForFunction(() => [...document.querySelectorAll('table.timeline tbody tr')].some((row) => row.textContent?.includes('first-flight')), undefined, { timeout: waitMs });
      assert((await frame.locator('#headline').textContent())?.startsWith('Diagnosing'), 'the panel is not in its running state');
      // The progress notification (its toast may stay hidden in a headless window): open the notification list.
      await runCommand(page, 'Notifications: Show Notifications');
      const notification = page.locator('.notifications-center .notification-list-item', { hasText: `Diagnosing ${target('silent')}` });
      await notification.waitFor({ timeout: waitMs });
      await shot(page, `${label}-running`);
      if (label === 'light') {
        // From the panel, by keyboard: focus the Cancel button and press Enter.
        await frame.locator('vscode-button[data-action="cancel"]').focus();
        await page.keyboard.press('Enter');
      } else {
        await notification.getByRole('button', { name: 'Cancel' }).click();
      }
      await frame.locator('vscode-badge', { hasText: 'Cancelled' }).waitFor({ timeout: waitMs });
      await shot(page, `${label}-cancelled`);
      const deadline = Date.now() + waitMs;
      while (silentSockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert(silentSockets.size === 0, `${silentSockets.size} probe socket(s) still open after cancelling`);
    });

    await check(`${label}: the target picker offers recent targets and explains what it cannot accept`, async () => {
      await closeEditors(page);
      await runCommand(page, 'OpenSSL Doctor: Diagnose TLS Endpoint');
      const widget = page.locator('.quick-input-widget', { hasText: 'Diagnose TLS Endpoint' });
      await widget.waitFor({ timeout: waitMs });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: target('healthy') }).filter({ hasText: 'recent' }).waitFor({ timeout: waitMs });
      await page.locator('.quick-input-widget input').fill('http://127.0.0.1:1');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'is not TLS' }).waitFor({ timeout: waitMs });
      await shot(page, `${label}-picker`);
      await page.keyboard.press('Enter');
      assert(await widget.isVisible(), 'the picker closed on an invalid target');
      await page.keyboard.press('Escape');
    });

    await check(`${label}: after a window reload the serializer restores the panel without re-running`, async () => {
      await closeEditors(page);
      const once = await tlsServer(chainOf(pki.expired));
      const endpoint = `127.0.0.1:${once.port}`;
      try {
        await headline(await diagnoseFromPalette(page, endpoint), 'The certificate has expired');
      } finally {
        await once.close();
      }
      // The endpoint is gone: a re-run would now say "Connection refused", so this headline can only come from the saved state.
      // Wait for the new page: until it loads, the old workbench (and its panel) is still there to be found.
      const reloaded = page.waitForEvent('load', { timeout: waitMs });
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.locator('.monaco-workbench').waitFor({ timeout: waitMs });
      const restored = await panelFrame(page, endpoint);
      await headline(restored, 'The certificate has expired');
      await shot(page, `${label}-restored`);
    });
  } finally {
    await page.close();
    server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: chromiumPath(), headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  console.log('diagnosis panel in the browser');
  for (const [label, theme, checks] of themes) await runTheme(browser, label, theme, checks);
} catch (error) {
  failures.push(`setup: ${error instanceof Error ? error.message : error}`);
  console.error(error);
} finally {
  await browser?.close().catch(() => {});
  await Promise.all(Object.values(servers).map((s) => s.close()));
  fs.rmSync(scratch, { recursive: true, force: true });
}
// The same summary lines as mocha, so `npm test` totals them.
console.log(`\n  ${passed} passing`);
if (failures.length > 0) console.log(`  ${failures.length} failing`);
console.log(`  screenshots: ${path.relative(root, artifacts)}/`);
process.exit(failures.length > 0 ? 1 : 0);
