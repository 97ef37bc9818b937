"""Reads `arxiv-query serve`'s /api/query with Python feedparser, the way
arXiv's own API manual does, and checks every field feedparser exposes for
arXiv feeds. Run by run_python_client.sh against the fixture index
(tests/fixtures/e2e/variants.jsonl + tests/fixtures/atom_feed.xml).

Usage: feedparser_client.py BASE_URL   (e.g. http://127.0.0.1:8080)
"""
import sys
import urllib.parse
import urllib.request

import feedparser

BASE = sys.argv[1].rstrip("/")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def fetch(**params):
    url = BASE + "/api/query?" + urllib.parse.urlencode(params)
    d = feedparser.parse(url)
    check(not d.bozo, f"{url}: feed parses cleanly ({d.get('bozo_exception')})")
    return d


# --- A search: feed head and a fully populated entry ------------------------
d = fetch(search_query="au:duarte", sortBy="submittedDate", sortOrder="descending", max_results=5)
check(d.status == 200, f"HTTP status 200, got {d.get('status')}")
# The title is type="html" (as on arXiv), so feedparser hands back its '&'
# HTML-escaped, exactly as it does for export.arxiv.org's feeds.
check(d.feed.title == "ArXiv Query: search_query=au:duarte&amp;id_list=&amp;start=0&amp;max_results=5",
      f"feed title echoes the query: {d.feed.get('title')!r}")
check(d.feed.opensearch_totalresults == "2", f"totalResults 2: {d.feed.get('opensearch_totalresults')!r}")
check(d.feed.opensearch_startindex == "0", "startIndex 0")
check(d.feed.opensearch_itemsperpage == "5", "itemsPerPage echoes max_results")
check(any(link.rel == "self" for link in d.feed.links), "feed has a rel=self link")
check([e.id for e in d.entries] == ["http://arxiv.org/abs/2503.00009", "http://arxiv.org/abs/2403.04417v2"],
      f"entries newest first: {[e.id for e in d.entries]}")

e = d.entries[1]
check(e.title.startswith("Cache-Aligned Posting-List Compression"), f"title: {e.title!r}")
check(e.summary.startswith("We revisit posting-list compression"), f"summary: {e.summary[:60]!r}")
check([a.name for a in e.authors] == ["Ana Cristina Duarte", "Tomasz Wiśniewski"],
      f"authors: {e.get('authors')}")
check(e.author == "Tomasz Wiśniewski" or e.author == "Ana Cristina Duarte", "entry.author is set")
check(e.published == "2024-03-07T00:00:00Z", f"published: {e.get('published')!r}")
check(e.updated == "2024-03-12T00:00:00Z", f"updated: {e.get('updated')!r}")
check(tuple(e.published_parsed[:3]) == (2024, 3, 7), "published_parsed is a date feedparser understood")
check(tuple(e.updated_parsed[:3]) == (2024, 3, 12), "updated_parsed is a date feedparser understood")
links = {(link.get("title") or link.rel): link for link in e.links}
check(links["alternate"].href == "http://arxiv.org/abs/2403.04417v2"
      and links["alternate"].type == "text/html", f"alternate link: {links.get('alternate')}")
check(links["pdf"].href == "http://arxiv.org/pdf/2403.04417v2" and links["pdf"].type == "application/pdf"
      and links["pdf"].rel == "related", f"pdf link: {links.get('pdf')}")
check(links["doi"].href == "http://dx.doi.org/10.9999/sigx.2024.0417", f"doi link: {links.get('doi')}")
check(e.link == "http://arxiv.org/abs/2403.04417v2", "entry.link is the abstract page")
check(e.arxiv_primary_category["term"] == "cs.IR"
      and e.arxiv_primary_category["scheme"] == "http://arxiv.org/schemas/atom",
      f"arxiv_primary_category: {e.get('arxiv_primary_category')}")
check([t.term for t in e.tags] == ["cs.IR", "cs.DS"], f"tags: {e.get('tags')}")
check(all(t.scheme == "http://arxiv.org/schemas/atom" for t in e.tags), "tag schemes")
check(e.arxiv_comment == "12 pages, 5 figures; v2: corrected Table 3", f"arxiv_comment: {e.get('arxiv_comment')!r}")
check(e.arxiv_journal_ref == "Proc. Invented Retrieval Conf. (2024) 211-223",
      f"arxiv_journal_ref: {e.get('arxiv_journal_ref')!r}")
check(e.arxiv_doi == "10.9999/sigx.2024.0417", f"arxiv_doi: {e.get('arxiv_doi')!r}")

# A daily-arxiv record: no version in the id, month-only date, no DOI.
daily = d.entries[0]
check(daily.published == "2025-03-01T00:00:00Z", f"month-only published: {daily.get('published')!r}")
check("arxiv_doi" not in daily and "arxiv_journal_ref" not in daily, "absent fields are absent")
check(daily.arxiv_comment == "10 pages", "daily comment")

# --- id_list: versions and order -------------------------------------------
d = fetch(id_list="hep-th/0512345,0901.4567v1")
check([e.id for e in d.entries] == ["http://arxiv.org/abs/hep-th/0512345v1", "http://arxiv.org/abs/0901.4567v3"],
      f"id_list order, newest indexed version: {[e.id for e in d.entries]}")
check(d.entries[1].arxiv_doi == "10.9999/one.1 10.9999/TWO.2", "several DOIs, space-separated")
check([t.term for t in d.entries[1].tags] == ["math.ST", "stat.TH", "cs.LG"], "categories, primary first")

# --- Paging the way arxiv.py does, until start >= totalResults --------------
seen, start = [], 0
while True:
    page = fetch(search_query="cat:cs.*", sortBy="submittedDate", sortOrder="ascending", start=start, max_results=4)
    total = int(page.feed.opensearch_totalresults)
    seen += [e.id for e in page.entries]
    start += 4
    if start >= total or not page.entries:
        break
check(len(seen) == total == 9 and len(set(seen)) == 9, f"paging returns every result once: {seen}")

# --- Errors: arXiv's error entry, HTTP 400 -----------------------------------
d = fetch(id_list="2403.0441")
check(d.status == 400, f"bad id -> HTTP 400, got {d.get('status')}")
check(d.feed.opensearch_totalresults == "1", "an error feed has totalResults 1")
check(len(d.entries) == 1 and d.entries[0].title == "Error", "one entry titled Error")
check(d.entries[0].id == "http://arxiv.org/api/errors#incorrect_id_format_for_2403.0441", f"error id: {d.entries[0].id}")
check(d.entries[0].summary == "incorrect id format for 2403.0441", f"error summary: {d.entries[0].summary!r}")
check(d.entries[0].author == "arXiv api core", "error author")
d = fetch(search_query="ti:cache", start="-3")
check(d.status == 400 and d.entries[0].summary == "start must be non-negative", "negative start")

# --- Long id lists: by GET up to 64 KiB, then as a POSTed form -------------
many = ["2501.00004", "hep-th/0512345"] + [f"2412.{n:05d}" for n in range(1, 699)]  # 700 ids, ~7.7 KiB
d = fetch(id_list=",".join(many + [f"2411.{n:05d}" for n in range(1, 100)]))  # ~8.8 KiB: over cpp-httplib's 8 KiB
check([e.id for e in d.entries] == ["http://arxiv.org/abs/2501.00004", "http://arxiv.org/abs/hep-th/0512345v1"],
      f"a GET of ~8.8 KiB: {[e.id for e in d.entries]}")
d = fetch(id_list=",".join(many * 8))  # ~71 KiB
check(d.status == 414, f"a request line over 64 KiB -> HTTP 414, got {d.get('status')}")
check(len(d.entries) == 1 and d.entries[0].title == "Error"
      and "POST form body" in d.entries[0].summary, f"414 is an arXiv error entry: {d.entries[:1]}")
body = urllib.parse.urlencode({"id_list": ",".join(many * 4), "max_results": 10}).encode()  # ~31 KiB
request = urllib.request.Request(BASE + "/api/query", data=body,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
with urllib.request.urlopen(request) as response:
    d = feedparser.parse(response.read())
check(not d.bozo, "POSTed id_list: feed parses cleanly")
check([e.id for e in d.entries] == ["http://arxiv.org/abs/2501.00004", "http://arxiv.org/abs/hep-th/0512345v1"],
      f"POSTed id_list of 2,800 ids: {[e.id for e in d.entries]}")

if failures:
    print(f"feedparser client: {len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("feedparser client: all checks passed")
