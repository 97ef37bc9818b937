// Runs the npm `arxiv-api-ts` package against `arxiv-query serve`.
//
// arxiv-api-ts 1.1.0 requests http://export.arxiv.org/api/query with Node's
// built-in fetch, which does not use http_proxy, and a proxy agent for it
// (undici's ProxyAgent) opens a CONNECT tunnel, which the server refuses.
// What works is what README ("Clients") shows: rewrite the URL in a wrapper
// of globalThis.fetch before the package calls it. ARXIV_LOCAL_BASE is the
// server (set by run_npm.sh). The expected ids exist only in the test
// fixtures, so an answer from the real arXiv would fail these checks.
//
// Left as the package has them (they fail against arXiv too): it reads the
// feed with namespace prefixes removed, so totalResults, startIndex and the
// arxiv: fields come back empty; a feed of exactly one entry is not an
// array to it. The checks stay off those.
'use strict';

const assert = require('assert');
const search = require('arxiv-api-ts').default;

const base = process.env.ARXIV_LOCAL_BASE || '';
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
	console.error('arxiv_api_ts_client.js: set ARXIV_LOCAL_BASE=http://127.0.0.1:PORT (run it through run_npm.sh)');
	process.exit(2);
}

const requested = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (url, options) => {
	const local = String(url).replace(/^http:\/\/export\.arxiv\.org\//, base + '/');
	assert.ok(local.startsWith(base + '/'), `only the local server is asked: ${local}`);
	requested.push(local);
	return realFetch(local, options);
};

function ids(result) {
	return result.entries.map((p) => p.id.replace('http://arxiv.org/abs/', ''));
}

async function main() {
	// include -> AND, exclude -> ANDNOT: "ti:cache+ANDNOT+au:schutze".
	let result = await search({
		searchQueryParams: [{include: [{name: 'cache', prefix: 'ti'}], exclude: [{name: 'schutze', prefix: 'au'}]}],
		sortBy: 'submittedDate',
		sortOrder: 'ascending',
		maxResults: 10,
	});
	assert.deepStrictEqual(ids(result), ['2403.04417v2', '2501.00002', '2501.00003', '2501.00005']);
	assert.strictEqual(requested[0], base + '/api/query?search_query=ti:cache+ANDNOT+au:schutze&start=0&max_results=10' +
		'&sortBy=submittedDate&sortOrder=ascending');
	const p = result.entries[0];
	assert.ok(p.title.startsWith('Cache-Aligned Posting-List Compression'), p.title);
	assert.strictEqual(p.published, '2024-03-07T00:00:00Z');
	// <author><name/><arxiv:affiliation/></author>, prefixes removed.
	assert.deepStrictEqual(p.authors, [{name: 'Ana Cristina Duarte', affiliation: 'Universidade de Lisboa'},
		{name: 'Tomasz Wiśniewski'}]);

	// Several searches are ORed; paging with start/maxResults.
	result = await search({
		searchQueryParams: [{include: [{name: 'cs.*', prefix: 'cat'}]}],
		sortBy: 'submittedDate',
		sortOrder: 'ascending',
		start: 1,
		maxResults: 2,
	});
	assert.deepStrictEqual(ids(result), ['2403.04417v2', '2501.00001']);
	console.log('arxiv-api-ts client: all checks passed');
}

main().catch((err) => {
	console.error('arxiv-api-ts client: FAILED:', err && err.stack ? err.stack : err);
	process.exit(1);
});
