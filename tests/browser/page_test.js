// The search page in headless chromium (run by run_browser.sh, which starts
// the server): typing and submitting a query, totals against
// `arxiv-query --count`, a facet, paging, similar papers, the date range, did
// you mean, a syntax error, hostile records and queries (nothing runs),
// no request to any other host, no console error, a phone's width, dark
// mode, the keyboard, and the page without JavaScript.
// Environment: BASE (http://127.0.0.1:PORT), QUERY_BIN, DB, CHROMIUM, SHOT
// (where to save a screenshot of a results page, for people to look at).
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const puppeteer = require('puppeteer-core');

const base = process.env.BASE;
const origin = new URL(base).origin;
const started = Date.now();

// The exact total `arxiv-query --count` gives (it exits 1 when it is 0).
function cliCount(args) {
  let out;
  try {
    out = execFileSync(process.env.QUERY_BIN, ['--db', process.env.DB, '--count', ...args], { encoding: 'utf8' });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return Number(out.trim());
}

let step = 'start';
function log(message) {
  console.log(`page_test: ${((Date.now() - started) / 1000).toFixed(1)} s  ${message}`);
}

async function main() {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', // root in CI containers
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-extensions',
      '--disable-sync',
      '--metrics-recording-only',
      // Only loopback resolves: the browser itself cannot reach any other host.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const failures = [];
  try {
    const page = await browser.newPage();
    const dialogs = [];
    const foreign = [];
    const consoleErrors = [];
    const failedLoads = []; // answers of 400 and above: chromium logs one console error for each
    page.on('dialog', async (d) => {
      dialogs.push(`${step}: ${d.type()} ${d.message()}`);
      await d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${step}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${step}: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) failedLoads.push(`${step}: ${r.status()} ${r.url()}`);
    });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (new URL(req.url()).origin !== origin) {
        foreign.push(`${step}: ${req.url()}`);
        req.abort();
      } else {
        req.continue();
      }
    });
    await page.setViewport({ width: 1200, height: 900 });

    const total = () => page.$eval('#total', (e) => Number(e.dataset.total));
    const query = () => page.$eval('#q', (e) => e.value);
    const params = () => new URL(page.url()).searchParams;
    async function click(selector) {
      await Promise.all([page.waitForNavigation(), page.click(selector)]);
    }
    async function submit(text) {
      await page.click('#q', { clickCount: 3 });
      await page.keyboard.press('Backspace');
      await page.type('#q', text);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    }
    // Nothing from the records or the query ran, and nothing was injected.
    async function checkNothingRan() {
      assert.deepStrictEqual(dialogs, [], 'a dialog opened');
      const state = await page.evaluate(() => ({
        xss: window.__xss,
        scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') + ':' + s.text.length),
        injected: document.querySelectorAll('img, svg, iframe, object, embed, style, b, textarea').length,
        handlers: [...document.querySelectorAll('*')].filter((e) =>
          [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length,
      }));
      assert.strictEqual(state.xss, undefined, 'window.__xss was set');
      assert.deepStrictEqual(state.scripts, ['/static/page.js:0'], 'scripts on the page');
      assert.strictEqual(state.injected, 0, 'elements from record text');
      assert.strictEqual(state.handlers, 0, 'event handler attributes');
    }
    async function noOverflow(what) {
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(widths.scroll <= widths.client, `${what}: ${widths.scroll}px wide in ${widths.client}px`);
    }

    async function run(name, body) {
      step = name;
      try {
        await body();
        log(`ok    ${name}`);
      } catch (e) {
        failures.push(`${name}: ${e.message}`);
        log(`FAIL  ${name}: ${e.stack}`);
      }
    }

    await run('the start page, and "/" focuses the box', async () => {
      const res = await page.goto(base + '/');
      assert.strictEqual(res.status(), 200);
      assert.match(res.headers()['content-security-policy'], /default-src 'self'/);
      assert.strictEqual(await page.$eval('html', (e) => e.lang), 'en');
      assert.match(await page.$eval('h1', (e) => e.textContent), /^Search [0-9,]+ papers$/);
      assert.strictEqual(await page.$eval('label[for=q]', (e) => e.textContent), 'Search papers');
      await page.$eval('h1', (e) => e.click());
      await page.keyboard.press('/');
      assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'q');
      assert.strictEqual(await query(), '', '"/" was typed into the box');
    });

    let transformers = 0;
    await run('type a query and submit it: the total is arxiv-query --count', async () => {
      await submit('transformer');
      assert.strictEqual(params().get('q'), 'transformer');
      transformers = await total();
      assert.strictEqual(transformers, cliCount(['transformer']));
      assert.ok(transformers > 20, `only ${transformers} results`);
      assert.strictEqual(await page.$$eval('li.result', (l) => l.length), 10);
      assert.ok((await page.$$eval('li.result mark', (l) => l.length)) > 0, 'no highlighted word');
      assert.match(await page.$eval('#summary', (e) => e.textContent), /^Results 1–10 of /);
      await page.screenshot({ path: process.env.SHOT });
    });

    await run('a facet filters with one click', async () => {
      const before = page.url();
      const value = await page.$eval('#facet-category li:not(.on) a', (a) => a.textContent);
      await click('#facet-category li:not(.on) a');
      assert.notStrictEqual(page.url(), before);
      assert.strictEqual(params().get('q'), `transformer cat:${value}`);
      assert.strictEqual(await query(), `transformer cat:${value}`);
      const filtered = await total();
      assert.ok(filtered < transformers, `${filtered} is not fewer than ${transformers}`);
      assert.strictEqual(filtered, cliCount(['--', `transformer cat:${value}`]));
      // Clicked again, it comes off.
      await click('#facet-category li.on a');
      assert.strictEqual(await query(), 'transformer');
      assert.strictEqual(await total(), transformers);
    });

    await run('page 2', async () => {
      await click('nav.pager a[rel=next]');
      assert.strictEqual(params().get('offset'), '10');
      assert.strictEqual(await page.$eval('nav.pager [aria-current=page]', (e) => e.textContent), '2');
      assert.strictEqual(await page.$eval('ol.results', (e) => e.start), 11);
      assert.strictEqual(await total(), transformers);
      await click('nav.pager a[rel=prev]');
      assert.strictEqual(params().get('offset'), null);
    });

    await run('sort by submission date, oldest first', async () => {
      await page.select('#sort', 'submitted');
      await page.click('#reverse');
      await Promise.all([page.waitForNavigation(), page.click('form.search button')]);
      assert.strictEqual(params().get('sort'), 'submitted');
      assert.strictEqual(params().get('reverse'), '1');
      const dates = await page.$$eval('li.result .meta time:first-of-type', (t) => t.map((e) => e.dateTime));
      assert.deepStrictEqual(dates, [...dates].sort(), 'not oldest first');
      assert.strictEqual(await total(), transformers);
    });

    await run('similar papers', async () => {
      const id = await page.$eval('li.result .id', (e) => e.textContent);
      await click('li.result .links a[href^="/?like="]');
      assert.strictEqual(params().get('like'), id);
      assert.ok((await total()) > 0);
      assert.match(await page.$eval('p.like', (e) => e.textContent), new RegExp(id.replace('.', '\\.')));
    });

    await run('a date range', async () => {
      await page.goto(base + '/?q=transformer');
      await page.type('#from', '2025-01');
      await page.type('#to', '2025-12-31');
      await Promise.all([page.waitForNavigation(), page.click('form.search button')]);
      assert.strictEqual(params().get('from'), '2025-01');
      assert.strictEqual(await page.$eval('#to', (e) => e.value), '2025-12-31');
      const dated = await total();
      assert.ok(dated > 0 && dated < transformers, `${dated} of ${transformers}`);
      assert.strictEqual(dated, cliCount(['--since', '2025-01', '--until', '2025-12-31', 'transformer']));
    });

    await run('did you mean', async () => {
      await page.goto(base + '/?q=trasnformer');
      assert.strictEqual(await total(), 0);
      await click('p.suggestion a');
      assert.strictEqual(await query(), 'transformer');
      assert.strictEqual(await total(), transformers);
    });

    await run('a syntax error: the message and the caret, HTTP 400', async () => {
      await submit('kv OR (cache');
      assert.match(await page.$eval('#error', (e) => e.textContent), /unclosed '\(' \(column 7\)/);
      assert.match(await page.$eval('#error pre', (e) => e.textContent), /\^/);
      assert.strictEqual(await page.$eval('#q', (e) => e.getAttribute('aria-invalid')), 'true');
      const status = await page.evaluate(async () => (await fetch(location.href)).status);
      assert.strictEqual(status, 400);
    });

    await run('hostile records: nothing runs', async () => {
      await page.goto(base + '/?q=hostile');
      assert.strictEqual(await total(), 3);
      const titles = await page.$$eval('li.result h2', (l) => l.map((e) => e.textContent).join('\n'));
      assert.match(titles, /<script>window\.__xss=1;alert\('title'\)<\/script> Hostile/);
      assert.match(titles, /"><img src=x onerror="window\.__xss=1">Quoted/);
      const authors = await page.$$eval('li.result .authors', (l) => l.map((e) => e.textContent).join('\n'));
      assert.match(authors, /"><img src=x onerror="window\.__xss=1;alert\(1\)"> Eve Hostile/);
      await checkNothingRan();
      // Every link a hostile value made, followed: still nothing runs.
      await click('#facet-author li a');
      await checkNothingRan();
    });

    await run('a hostile query typed in the box: nothing runs', async () => {
      for (const text of ['<script>window.__xss=1;alert(1)</script> hostile', '"><img src=x onerror=alert(1)> hostile',
        "' onfocus='alert(1)' autofocus='"]) {
        await submit(text);
        assert.strictEqual(await query(), text);
        await checkNothingRan();
      }
    });

    await run('no request to any other host', async () => {
      assert.deepStrictEqual(foreign, []);
    });

    await run('at a phone\'s width (360 px) nothing scrolls sideways', async () => {
      await page.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      for (const target of ['/', '/?q=transformer', '/?q=hostile', '/?q=kv+OR+(cache+' + 'x'.repeat(200),
        '/?q=transformer&from=2025&to=2026-06&sort=submitted&limit=30']) {
        await page.goto(base + target);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        await noOverflow(target);
      }
      await page.setViewport({ width: 1200, height: 900 });
    });

    await run('dark mode follows prefers-color-scheme', async () => {
      const luminance = () => page.evaluate(() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
      await page.goto(base + '/?q=transformer');
      assert.ok((await luminance()) > 0.8, 'light background');
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      assert.ok((await luminance()) < 0.2, 'dark background');
      const text = await page.evaluate(() => getComputedStyle(document.body).color.match(/\d+/g).map(Number));
      assert.ok(text[0] > 180, `dark mode text ${text}`);
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    });

    await run('the keyboard: the skip link first, focus visible', async () => {
      await page.goto(base + '/?q=transformer');
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        text: document.activeElement.textContent,
        outline: getComputedStyle(document.activeElement).outlineStyle,
      }));
      assert.strictEqual(first.text, 'Skip to results');
      assert.notStrictEqual(first.outline, 'none');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => document.activeElement.closest('main') !== null);
      assert.ok(next, 'Tab after the skip link is not in the results');
      const current = await page.$eval('nav.pager [aria-current=page]', (e) => e.tagName);
      assert.strictEqual(current, 'A');
    });

    await run('without JavaScript the form still works', async () => {
      await page.setJavaScriptEnabled(false);
      await page.goto(base + '/');
      await submit('transformer');
      assert.strictEqual(await total(), transformers);
      await click('nav.pager a[rel=next]');
      assert.strictEqual(params().get('offset'), '10');
      await page.setJavaScriptEnabled(true);
    });

    await run('no console errors', async () => {
      // Only the deliberate bad requests failed, each a 400 with its one
      // "Failed to load resource" line; nothing else was logged.
      assert.deepStrictEqual(failedLoads.filter((f) => !/: 400 /.test(f)), [], 'answers other than 400');
      assert.ok(failedLoads.length >= 4, `only ${failedLoads.length} bad requests were made`);
      const unexpected = consoleErrors.filter((m) => !/status of 400 \(Bad Request\)$/.test(m));
      assert.deepStrictEqual(unexpected, []);
      assert.strictEqual(consoleErrors.length, failedLoads.length, consoleErrors.concat(failedLoads).join('\n'));
    });
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.error(`page_test: ${failures.length} failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  log('all passed');
}

main().catch((e) => {
  console.error(`page_test: ${step}: ${e.stack}`);
  process.exit(1);
});
