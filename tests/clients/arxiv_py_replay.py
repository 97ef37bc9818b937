"""Replays the Python `arxiv` package (arxiv.py) against `arxiv-query serve`:
its URLs, paging, retries and end-of-results rules, and the fields it reads
from each feed. PyPI is not reachable from the test machines and Debian has
no python3-arxiv, so the client is replayed here, with Python's standard
library and Debian's python3-feedparser, from the package's own source:

  lukasschwab/arxiv.py tag 3.0.0, commit 93d021d7c49fb1f140231edab493959c6667c43e,
  arxiv/__init__.py: Client.query_url_format / results / _results /
  _format_url / _parse_feed / __try_parse_feed, Search._url_args,
  Result._from_feed_entry, Result.get_short_id (the last release that
  parses with feedparser; 2.x makes the same requests), and the cases of its
  tests/test_client.py and tests/test_api_bugs.py;
  tag 4.0.0, commit 1e25a34bffc682d494394c30687921aea26bac01, arxiv/_feed.py:
  the namespace-aware parser that replaced feedparser and reads each
  author's <arxiv:affiliation> (lxml there, ElementTree here).

arxiv.py sends every request with GET on one requests.Session (a keep-alive
connection reused for every page), `urlencode` of search_query, id_list,
sortBy, sortOrder, start, max_results in that order; pages of page_size
(100) results; it stops at the first empty first page, or once
start >= the FIRST page's opensearch:totalResults; an empty later page is an
UnexpectedEmptyPageError and a non-200 answer an HTTPError, each retried
num_retries (3) times. Its delay_seconds (3 s between requests, arXiv's
terms of use) is kept out: the order of requests is what matters here.
Pointing it at a local server is `client.query_url_format =
"http://127.0.0.1:PORT/api/query?{}"` (README, "Clients").

Run by run_python_client.sh against the fixture index (tests/fixtures/e2e/
variants.jsonl + tests/fixtures/atom_feed.xml).
Usage: arxiv_py_replay.py BASE_URL   (e.g. http://127.0.0.1:8080)
"""
import http.client
import itertools
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from calendar import timegm
from datetime import datetime, timezone

import feedparser

BASE = sys.argv[1].rstrip("/")
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)
    return condition


# ---- arxiv.py 3.0.0, replayed ---------------------------------------------

class HTTPError(Exception):
    def __init__(self, url, retry, status, body):
        super().__init__(f"HTTP {status} for {url[:120]}")
        self.url, self.retry, self.status, self.body = url, retry, status, body


class UnexpectedEmptyPageError(Exception):
    pass


class Search:
    def __init__(self, query="", id_list=None, max_results=100, sort_by="relevance", sort_order="descending"):
        self.query, self.id_list = query, id_list or []
        self.max_results, self.sort_by, self.sort_order = max_results, sort_by, sort_order

    def _url_args(self):
        return {"search_query": self.query, "id_list": ",".join(self.id_list),
                "sortBy": self.sort_by, "sortOrder": self.sort_order}


class Result:
    """Result._from_feed_entry of 3.0.0: every attribute it reads must be there."""

    def __init__(self, entry):
        self.entry_id = entry.id
        self.updated = datetime.fromtimestamp(timegm(entry.updated_parsed), tz=timezone.utc)
        self.published = datetime.fromtimestamp(timegm(entry.published_parsed), tz=timezone.utc)
        self.title = re.sub(r"\s+", " ", entry.title if hasattr(entry, "title") else "0")
        self.authors = [a.name for a in entry.authors]
        self.summary = entry.summary
        self.comment = entry.get("arxiv_comment")
        self.journal_ref = entry.get("arxiv_journal_ref")
        self.doi = entry.get("arxiv_doi")
        self.primary_category = entry.arxiv_primary_category.get("term")
        self.categories = [tag.get("term") for tag in entry.tags]
        self.links = [(link.href, link.get("title"), link.get("rel") or "", link.get("content_type"))
                      for link in entry.links]
        pdf = [href for href, title, _, _ in self.links if title == "pdf"]
        self.pdf_url = pdf[0] if pdf else None

    def get_short_id(self):
        return self.entry_id.split("arxiv.org/abs/")[-1]


class Client:
    # arxiv.Client.query_url_format, patched to the local server.
    query_url_format = BASE + "/api/query?{}"

    def __init__(self, page_size=100, num_retries=3):
        self.page_size, self.num_retries = page_size, num_retries
        # requests.Session: one pooled keep-alive connection, reopened only
        # when the server closed it.
        self.conn = None
        self.connections = 0     # connections opened
        self.closes_announced = 0  # answers with Connection: close
        self.urls = []           # every request made, retries included
        self.pages = []          # (start, itemsPerPage, startIndex, totalResults) of each 200

    def _get(self, url):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            self.connections += 1
        self.urls.append(url)
        self.conn.request("GET", url[len(BASE):], headers={"user-agent": "arxiv.py/2.3.2"})
        response = self.conn.getresponse()
        body = response.read()
        if (response.getheader("connection") or "").lower() == "close":
            self.closes_announced += 1
            self.conn.close()
            self.conn = None
        return response.status, body

    def results(self, search, offset=0):
        limit = search.max_results - offset if search.max_results else None
        if limit and limit < 0:
            return iter(())
        return itertools.islice(self._results(search, offset), limit)

    def _results(self, search, offset=0):
        page_url = self._format_url(search, offset, self.page_size)
        feed = self._parse_feed(page_url, first_page=True)
        if not feed.entries:
            return
        total_results = int(feed.feed.opensearch_totalresults)
        while feed.entries:
            for entry in feed.entries:
                yield Result(entry)
            offset += len(feed.entries)
            if offset >= total_results:
                break
            page_url = self._format_url(search, offset, self.page_size)
            feed = self._parse_feed(page_url, first_page=False)

    def _format_url(self, search, start, page_size):
        url_args = search._url_args()
        url_args.update({"start": str(start), "max_results": str(page_size)})
        return self.query_url_format.format(urllib.parse.urlencode(url_args))

    def _parse_feed(self, url, first_page=True, _try_index=0):
        try:
            return self._try_parse_feed(url, first_page, _try_index)
        except (HTTPError, UnexpectedEmptyPageError, ConnectionError):
            if _try_index < self.num_retries:
                return self._parse_feed(url, first_page, _try_index + 1)
            raise

    def _try_parse_feed(self, url, first_page, try_index):
        status, body = self._get(url)
        if status != 200:
            raise HTTPError(url, try_index, status, body)
        feed = feedparser.parse(body)
        if len(feed.entries) == 0 and not first_page:
            raise UnexpectedEmptyPageError(url)
        # arxiv.py only logs a bozo feed; here it is a failure.
        check(not feed.bozo, f"{url[:100]}: feed parses cleanly ({feed.get('bozo_exception')})")
        start = int(urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["start"][0])
        self.pages.append((start, feed.feed.get("opensearch_itemsperpage"), feed.feed.get("opensearch_startindex"),
                           feed.feed.get("opensearch_totalresults")))
        affiliations_parse(body, feed)
        return feed


# ---- arxiv.py 4.0.0's _feed.parse: the same feed, namespace-aware ----------

NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom",
      "opensearch": "http://a9.com/-/spec/opensearch/1.1/"}
AUTHORS = {}  # entry id -> [(name, [affiliation, ...]), ...], from every page read


def affiliations_parse(body, feed):
    root = ET.fromstring(body)
    total = root.find("opensearch:totalResults", NS)
    check(total is not None and total.text == feed.feed.opensearch_totalresults,
          "opensearch:totalResults read by namespace")
    ids = []
    for entry in root.iterfind("atom:entry", NS):
        entry_id = entry.find("atom:id", NS).text
        # 4.0 skips an entry without <updated> or <published>.
        check(entry.find("atom:updated", NS) is not None and entry.find("atom:published", NS) is not None,
              f"{entry_id}: updated and published")
        AUTHORS[entry_id] = [(a.find("atom:name", NS).text,
                              [af.text for af in a.iterfind("arxiv:affiliation", NS) if af.text is not None])
                             for a in entry.iterfind("atom:author", NS)]
        ids.append(entry_id)
    check(ids == [e.id for e in feed.entries], "feedparser and the namespace-aware parser see the same entries")


def short_ids(results):
    return [r.get_short_id() for r in results]


def one_connection(client, what):
    check(client.connections == client.closes_announced + 1,
          f"{what}: {len(client.urls)} requests on one keep-alive connection "
          f"(opened {client.connections}, closes announced {client.closes_announced})")


# The fixture index: 13 papers.
FIXTURE_IDS = ["2501.00001", "2501.00002", "2501.00003", "2501.00004", "2501.00005", "2502.00006",
               "2502.00007", "2502.00008", "2503.00009", "2503.00010", "2403.04417", "hep-th/0512345", "0901.4567"]

# --- test_query_page_count: pages of page_size until totalResults ----------
client = Client(page_size=2)
everything = list(client.results(Search(query="cat:cs.*", max_results=None)))
check(len(everything) == 9 and len(set(short_ids(everything))) == 9, f"cat:cs.* in pages of 2: {short_ids(everything)}")
check(client.urls == [BASE + "/api/query?search_query=cat%3Acs.%2A&id_list=&sortBy=relevance&sortOrder=descending"
                      f"&start={s}&max_results=2" for s in range(0, 9, 2)], f"the URLs arxiv.py builds: {client.urls}")
check(all(p[1] == "2" and p[2] == str(p[0]) and p[3] == "9" for p in client.pages),
      f"itemsPerPage, startIndex and totalResults on every page: {client.pages}")
five = list(client.results(Search(query="cat:cs.*", max_results=5)))
check(short_ids(five) == short_ids(everything)[:5], "max_results=5 is the first five, in the same order")
one_connection(client, "paging")

# --- test_search_results_offset ---------------------------------------------
client = Client(page_size=3)
search = Search(query="cat:cs.*", max_results=8)
all_results = list(client.results(search))
check(len(all_results) == 8, f"max_results=8: {len(all_results)}")
for offset in [0, 5, 7, 8, 9]:
    got = list(client.results(search, offset=offset))
    check(len(got) == max(0, 8 - offset), f"offset {offset}: {len(got)} results")
    if got:
        check(got[0].entry_id == all_results[offset].entry_id, f"offset {offset} starts where it should")
one_connection(client, "offsets")

# --- Sort orders --------------------------------------------------------------
client = Client(page_size=4)
for sort_by, key in (("submittedDate", "published"), ("lastUpdatedDate", "updated")):
    for order in ("ascending", "descending"):
        got = list(client.results(Search(query="cat:cs.*", max_results=None, sort_by=sort_by, sort_order=order)))
        dates = [getattr(r, key) for r in got]
        check(len(got) == 9 and dates == sorted(dates, reverse=order == "descending"),
              f"sortBy={sort_by} sortOrder={order}: {[d.date().isoformat() for d in dates]}")
relevance = list(client.results(Search(query="ti:cache OR abs:cache", max_results=None)))
check(len(relevance) == len(set(short_ids(relevance))) > 4, f"relevance over pages, no duplicates: {short_ids(relevance)}")
one_connection(client, "sort orders")

# --- The empty result: one request, nothing yielded, no error --------------
client = Client()
check(list(client.results(Search(query="ti:zeppelinology"))) == [] and len(client.urls) == 1,
      f"an empty first page stops the generator: {client.urls}")
check(list(client.results(Search(query="cat:cs.*", max_results=10), offset=10)) == [] and len(client.urls) == 1,
      "offset == max_results asks for nothing")

# --- id_list: test_invalid_id, test_nonexistent_id_in_list, test_api_bugs ----
check(list(client.results(Search(id_list=["0000.0000"]))) == [], "id 0000.0000: no results, no error")
check(list(client.results(Search(id_list=["0808.05394"]))) == [], "id 0808.05394: no results, no error")
mixed = list(client.results(Search(id_list=["0808.05394", "2501.00004"])))
check(short_ids(mixed) == ["2501.00004"], f"0808.05394 beside a valid id: {short_ids(mixed)}")
versioned = list(client.results(Search(id_list=["hep-th/0512345v1", "0901.4567v1"])))
check(short_ids(versioned) == ["hep-th/0512345v1", "0901.4567v3"], f"versions, old-style ids: {short_ids(versioned)}")
full = versioned[1]
check(full.title.startswith("Sharp Bounds for") and full.primary_category == "math.ST"
      and full.categories == ["math.ST", "stat.TH", "cs.LG"] and full.doi == "10.9999/one.1 10.9999/TWO.2"
      and full.pdf_url == "http://arxiv.org/pdf/0901.4567v3"
      and full.published.isoformat() == "2009-02-01T00:00:00+00:00",
      f"the Result fields: {vars(full)}")
one_connection(client, "id lists")

# test_invalid_format_id: Client(num_retries=0) raises HTTPError at once;
# the default client asks 1 + 3 times and gets the same error feed each time.
for retries in (0, 3):
    client = Client(num_retries=retries)
    try:
        list(client.results(Search(id_list=["abc"])))
        check(False, "id abc: HTTPError")
    except HTTPError as e:
        error = feedparser.parse(e.body)
        check(e.status == 400 and e.retry == retries and len(client.urls) == retries + 1,
              f"id abc: HTTP 400 after {retries} retries ({e.status}, {e.retry}, {len(client.urls)} requests)")
        check(error.entries and error.entries[0].title == "Error"
              and error.entries[0].id == "http://arxiv.org/api/errors#incorrect_id_format_for_abc",
              "id abc: arXiv's error entry")
    one_connection(client, f"errors, num_retries={retries}")

# --- Long id lists, by GET as arxiv.py sends them ----------------------------
absent = [f"2412.{n:05d}" for n in range(1, 5000)]
seven_hundred = absent[:687] + FIXTURE_IDS  # the papers last, in this order
client = Client(page_size=5)
got = list(client.results(Search(id_list=seven_hundred, max_results=None)))
check(short_ids(got) == ["2501.00001", "2501.00002", "2501.00003", "2501.00004", "2501.00005", "2502.00006",
                         "2502.00007", "2502.00008", "2503.00009", "2503.00010", "2403.04417v2",
                         "hep-th/0512345v1", "0901.4567v3"], f"700 ids, pages of 5, in list order: {short_ids(got)}")
check(len(client.urls) == 3 and all(len(u) - len(BASE) > 9000 for u in client.urls),
      f"three GETs of over 9 KiB each: {[len(u) for u in client.urls]}")
one_connection(client, "700 ids")
client = Client()
got = list(client.results(Search(id_list=absent[:4987] + FIXTURE_IDS, max_results=None)))
line = len("GET " + client.urls[0][len(BASE):] + " HTTP/1.1\r\n")
check(len(got) == 13 and 60 * 1024 < line <= 64 * 1024, f"5,000 ids in one GET of {line} bytes: {len(got)} results")
try:
    list(Client(num_retries=0).results(Search(id_list=absent[:4987] + FIXTURE_IDS + absent[:100])))
    check(False, "5,100 ids (over 64 KiB) in a GET: HTTPError")
except HTTPError as e:
    error = feedparser.parse(e.body)
    check(e.status == 414 and error.entries and error.entries[0].title == "Error"
          and "longer than 64 KiB" in error.entries[0].summary,
          f"over 64 KiB: 414 with arXiv's error entry ({e.status}, {error.entries[:1]})")

# The same 700 ids as a POSTed form (arXiv's manual allows it; arxiv.py
# does not do it), on the client's connection.
conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
form = urllib.parse.urlencode({"search_query": "", "id_list": ",".join(seven_hundred), "start": 0, "max_results": 100})
conn.request("POST", "/api/query", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
response = conn.getresponse()
posted = feedparser.parse(response.read())
check(response.status == 200 and [e.id.split("arxiv.org/abs/")[-1] for e in posted.entries][:3]
      == ["2501.00001", "2501.00002", "2501.00003"] and len(posted.entries) == 13, "700 ids POSTed")
conn.close()

# --- Affiliations, as 4.0.0 reads them ---------------------------------------
client = Client()
got = list(client.results(Search(id_list=["2403.04417", "0901.4567"])))
check(short_ids(got) == ["2403.04417v2", "0901.4567v3"], f"affiliation papers: {short_ids(got)}")
check(AUTHORS.get("http://arxiv.org/abs/2403.04417v2") == [("Ana Cristina Duarte", ["Universidade de Lisboa"]),
                                                             ("Tomasz Wiśniewski", [])],
      f"one affiliation: {AUTHORS.get('http://arxiv.org/abs/2403.04417v2')}")
check(AUTHORS.get("http://arxiv.org/abs/0901.4567v3") == [
    ("Tomasz Wiśniewski", []), ("J. Müller", ["ETH Zürich", "Max-Planck-Institut für Mathematik"]),
    ("François O'Brien", [])], f"two affiliations for one author: {AUTHORS.get('http://arxiv.org/abs/0901.4567v3')}")
# 3.0.0's feedparser path still reads the names alone.
check(got[1].authors == ["Tomasz Wiśniewski", "J. Müller", "François O'Brien"], f"names: {got[1].authors}")

if failures:
    print(f"arxiv.py replay: {len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("arxiv.py replay: all checks passed")
