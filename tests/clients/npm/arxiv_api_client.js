// Runs the npm `arxiv-api` package against `arxiv-query serve`.
//
// arxiv-api always requests http://export.arxiv.org/api/query; axios honours
// http_proxy, so with http_proxy=http://127.0.0.1:PORT (set by run_npm.sh)
// every request goes to our server as an absolute-form target
// ("GET http://export.arxiv.org/api/query?... HTTP/1.1"). The expected ids
// and titles exist only in the test fixtures, so an answer from the real
// arXiv would fail these checks.
'use strict';

const assert = require('assert');
const arxiv = require('arxiv-api');

if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(process.env.http_proxy || '')) {
	console.error('arxiv_api_client.js: set http_proxy=http://127.0.0.1:PORT (run it through run_npm.sh)');
	process.exit(2);
}

function ids(papers) {
	return papers.map((p) => p.id.replace('http://arxiv.org/abs/', ''));
}

async function main() {
	// include -> AND, exclude -> ANDNOT: "ti:cache+ANDNOT+au:schutze".
	let papers = await arxiv.search({
		searchQueryParams: [{include: [{name: 'cache', prefix: 'ti'}], exclude: [{name: 'schutze', prefix: 'au'}]}],
		sortBy: 'submittedDate',
		sortOrder: 'ascending',
		maxResults: 10,
	});
	assert.deepStrictEqual(ids(papers), ['2403.04417v2', '2501.00002', '2501.00003', '2501.00005']);

	// The fields arxiv-api reads, for a paper with a version, DOI and two authors.
	const p = papers[0];
	assert.strictEqual(p.id, 'http://arxiv.org/abs/2403.04417v2');
	assert.ok(p.title.startsWith('Cache-Aligned Posting-List Compression'), p.title);
	assert.ok(p.summary.startsWith('We revisit posting-list compression'), p.summary);
	assert.deepStrictEqual(p.authors, [['Ana Cristina Duarte'], ['Tomasz Wiśniewski']]);
	assert.strictEqual(p.published, '2024-03-07T00:00:00Z');
	assert.strictEqual(p.updated, '2024-03-12T00:00:00Z');
	const pdf = p.links.find((l) => l.title === 'pdf');
	assert.deepStrictEqual(pdf, {title: 'pdf', href: 'http://arxiv.org/pdf/2403.04417v2', rel: 'related', type: 'application/pdf'});
	assert.ok(p.links.some((l) => l.rel === 'alternate' && l.href === 'http://arxiv.org/abs/2403.04417v2'));
	assert.ok(p.links.some((l) => l.title === 'doi' && l.href === 'http://dx.doi.org/10.9999/sigx.2024.0417'));
	assert.deepStrictEqual(
		p.categories.map((c) => c.term),
		['cs.IR', 'cs.DS'],
	);

	// Several searches are ORed; a quoted phrase travels URL-encoded.
	papers = await arxiv.search({
		searchQueryParams: [{include: [{name: '"kv cache"', prefix: 'ti'}]}, {include: [{name: 'origami', prefix: 'ti'}]}],
		sortBy: 'submittedDate',
		sortOrder: 'descending',
	});
	assert.deepStrictEqual(ids(papers), ['2503.00010', '2501.00003', '2501.00002', '2501.00001']);

	// Paging with start/maxResults.
	papers = await arxiv.search({
		searchQueryParams: [{include: [{name: 'cs.*', prefix: 'cat'}]}],
		sortBy: 'submittedDate',
		sortOrder: 'ascending',
		start: 1,
		maxResults: 2,
	});
	assert.deepStrictEqual(ids(papers), ['2403.04417v2', '2501.00001']);

	// An unparsable query is arXiv's error feed with HTTP 400, which axios
	// turns into a rejected promise.
	await assert.rejects(
		arxiv.search({searchQueryParams: [{include: [{name: '(cache', prefix: 'ti'}]}]}),
		(err) => {
			assert.strictEqual(err.response.status, 400);
			assert.ok(err.response.data.includes('<title>Error</title>'), err.response.data);
			assert.ok(err.response.data.includes('http://arxiv.org/api/errors#'), err.response.data);
			return true;
		},
	);
	console.log('arxiv-api client: all checks passed');
}

main().catch((err) => {
	console.error('arxiv-api client: FAILED:', err && err.stack ? err.stack : err);
	process.exit(1);
});
