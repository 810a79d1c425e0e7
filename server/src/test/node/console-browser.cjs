// Drives the console at /_console/ in Debian's chromium through playwright-core, as a user would:
// gives the token, opens the books table, filters it (year gte 1900, newest first), opens a row,
// then inserts a book through the API and waits for the replication panel's replica TXID to pass
// the TXID it showed before. Saves screenshots and prints one JSON object of what the page showed.
// The Java test ConsoleBrowserTest starts the server, runs this script and asserts on the output.
// Usage: node console-browser.cjs <interop node dir> <base url> <token> <chromium> <screenshot dir>
'use strict';
const path = require('node:path');
const [nodeDir, base, token, chromium, shots] = process.argv.slice(2);
const { chromium: browserType } = require(path.join(nodeDir, 'node_modules', 'playwright-core'));

const TIMEOUT_MS = 60000;

(async () => {
  const browser = await browserType.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const out = { elsewhere: [], consoleErrors: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) out.elsewhere.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') out.consoleErrors.push(m.text());
    });

    await page.goto(base + '/_console/');
    await page.locator('#login').waitFor({ state: 'visible' });
    out.askedForToken = true;
    await page.fill('#token', token);
    await page.click('#login button[type=submit]');
    await page.locator('#tables a').first().waitFor();
    out.tables = await page.locator('#tables a').allTextContents();

    await page.click('#tables a[data-table="books"]');
    await page.locator('#rows tbody tr').first().waitFor();
    out.unfilteredRange = await page.textContent('#range');
    await page.click('#add-filter');
    await page.selectOption('#filters .filter-column', 'year');
    await page.selectOption('#filters .filter-op', 'gte');
    await page.fill('#filters .filter-value', '1900');
    await page.selectOption('#order-column', 'year');
    await page.selectOption('#order-direction', 'desc');
    await page.click('#apply');
    await page.waitForFunction(() => document.querySelector('#range').textContent.includes('of 2'));
    out.filteredRange = await page.textContent('#range');
    out.titles = await page.locator('#rows tbody tr td:nth-child(2)').allTextContents();
    out.curl = await page.textContent('#curl');
    await page.locator('#rows tbody tr').first().click();
    out.row = JSON.parse(await page.textContent('#row-json'));
    out.rowCurl = await page.textContent('#row-curl');
    await page.screenshot({ path: path.join(shots, 'console-browse.png'), fullPage: true });

    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#replica-txid').textContent));
    out.replicaUrl = await page.textContent('#replica-url');
    out.replicaTxidBefore = Number(await page.textContent('#replica-txid'));
    const insert = await fetch(base + '/books', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 100, title: 'The Left Hand of Darkness', year: 1969 }),
    });
    out.insertStatus = insert.status;
    await page.waitForFunction(
      (before) => Number(document.querySelector('#replica-txid').textContent) > before,
      out.replicaTxidBefore,
    );
    out.replicaTxidAfter = Number(await page.textContent('#replica-txid'));
    out.localTxidAfter = Number(await page.textContent('#local-txid'));
    out.sparklinePoints = (await page.getAttribute('#spark-line', 'points')).trim().split(/\s+/).length;
    await page.screenshot({ path: path.join(shots, 'console-replication.png'), fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
