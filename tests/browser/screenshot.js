// A screenshot of one state of the search page, for the docs:
//   node screenshot.js URL OUT.png [WIDTH HEIGHT] [dark]
// (from the directory where run_browser.sh installed puppeteer-core, e.g.
// build/tests/browser-npm; CHROMIUM overrides /usr/bin/chromium). Only the
// server at URL is reached.
'use strict';
const puppeteer = require('puppeteer-core');

async function main() {
  const [url, out, width = '1200', height = '900', scheme = 'light'] = process.argv.slice(2);
  if (!url || !out) {
    console.error('usage: node screenshot.js URL OUT.png [WIDTH HEIGHT] [dark]');
    process.exit(2);
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: Number(width), height: Number(height) });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    const res = await page.goto(url);
    if (!res.ok()) throw new Error(`${url}: HTTP ${res.status()}`);
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`screenshot.js: ${e.message}`);
  process.exit(1);
});
