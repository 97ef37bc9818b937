#!/usr/bin/env python3
"""A local stand-in for arXiv's OAI-PMH and search API, for harvest tests.

Serves daily-arxiv JSON-lines files (plain or .gz, named YYYY-MM-DD...) as
  /oai        OAI-PMH ListRecords (metadataPrefix arXiv), from/until/set,
              resumption tokens in the legacy (cursor, completeListSize) or
              the 2025 (expirationDate, opaque) form, deleted headers;
  /api/query  the arXiv API's Atom feed (search_query cat:/all:, id_list,
              start, max_results, sortBy, sortOrder).
Each id's datestamp is the day of the newest file it appears in, and the
server's "today" is the newest day it serves (--max-day moves it), so
incremental harvests behave as they do against arXiv.

Faults, each once unless said otherwise: --fail-503 N (first N requests get
503 + Retry-After), --drop-page K (connection closed mid-body), --malformed-page K,
--always-malformed-page K, --bad-token-once, --slow SECONDS (per response),
--corrupt-id ID (that record's <id> is not an arXiv id, every time).
A request for set "bad" gets HTTP 400. Every request is appended to --log.
Prints "PORT <n>" on stdout once listening. /control?max_day=YYYY-MM-DD changes the
served days at run time; /control?always_malformed_page=0 heals that fault.

Handshakes, so tests wait for events instead of sleeping: --events FILE gets
"served page N" once OAI page N has been sent; --hold-page N holds page N
the first time it is asked for (appending "holding page N" to --events) until
/control?release=1 (or --hold-limit seconds, then it is served anyway).
"""
import argparse
import base64
import gzip
import json
import os
import re
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
ARXIV_NS = "http://arxiv.org/OAI/arXiv/"


def load_days(data_dir):
    days = []
    for name in sorted(os.listdir(data_dir)):
        m = re.match(r"(\d{4}-\d{2}-\d{2})", name)
        if not m:
            continue
        path = os.path.join(data_dir, name)
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
        days.append((m.group(1), records))
    return days


class Corpus:
    def __init__(self, days, deleted):
        self.all_days = days
        self.deleted = set(deleted)
        self.max_day = days[-1][0] if days else "1970-01-01"
        self.lock = threading.Lock()

    def items(self):
        """[(datestamp, id, record, first_day)] of the days served, by datestamp then id."""
        latest, first = {}, {}
        for day, records in self.all_days:
            if day > self.max_day:
                continue
            for r in records:
                first.setdefault(r["id"], day)
                latest[r["id"]] = (day, r)
        out = [(d, i, r, first[i]) for i, (d, r) in latest.items()]
        out.sort(key=lambda t: (t[0], t[1]))
        return out


def in_set(record, set_spec):
    if not set_spec:
        return True
    parts = set_spec.split(":")
    if len(parts) == 3:  # 2025 form group:archive:SUBJECT
        return f"{parts[1]}.{parts[2]}" in record.get("categories", [])
    archive = parts[-1]
    return any(c == archive or c.startswith(archive + ".") for c in record.get("categories", []))


def oai_record_xml(datestamp, rid, r, first_day, deleted, corrupt=False):
    if deleted:
        return (f"<record><header status=\"deleted\"><identifier>oai:arXiv.org:{rid}</identifier>"
                f"<datestamp>{datestamp}</datestamp></header></record>")
    authors = "".join(
        "<author><keyname>{}</keyname><forenames>{}</forenames></author>".format(
            escape(a.split(" ")[-1]), escape(" ".join(a.split(" ")[:-1])))
        for a in r.get("authors", []))
    updated = f"<updated>{datestamp}</updated>" if datestamp != first_day else ""
    comment = f"<comments>{escape(r['comment'])}</comments>" if r.get("comment") else ""
    sets = "".join(f"<setSpec>{c.split('.')[0]}</setSpec>" for c in r.get("categories", [])[:1])
    return (f"<record><header><identifier>oai:arXiv.org:{rid}</identifier><datestamp>{datestamp}</datestamp>{sets}</header>"
            f"<metadata><arXiv xmlns=\"{ARXIV_NS}\"><id>{'not-an-id' if corrupt else rid}</id><created>{first_day}</created>{updated}"
            f"<authors>{authors}</authors><title>{escape(r.get('title', ''))}</title>"
            f"<categories>{escape(' '.join(r.get('categories', [])))}</categories>{comment}"
            f"<abstract>{escape(r.get('summary', ''))}</abstract></arXiv></metadata></record>")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet; requests go to --log
        pass

    def send_body(self, status, body, ctype="text/xml; charset=utf-8", headers=(), drop=False):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if drop:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(data)

    def do_GET(self):
        srv = self.server
        with srv.state_lock:
            srv.requests += 1
            n = srv.requests
            if srv.args.log:
                with open(srv.args.log, "a") as f:
                    f.write(self.path + "\n")
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if url.path == "/control":
            if "max_day" in q:
                srv.corpus.max_day = q["max_day"]
            if "always_malformed_page" in q:
                srv.args.always_malformed_page = int(q["always_malformed_page"])
            if "release" in q:
                srv.released.set()
            return self.send_body(200, "ok\n", "text/plain")
        if srv.args.slow:
            time.sleep(srv.args.slow)
        if n <= srv.args.fail_503:
            retry = (formatdate(time.time() + srv.args.retry_after, usegmt=True)
                     if srv.args.retry_after_date else str(srv.args.retry_after))
            return self.send_body(503, "<html>busy</html>", "text/html", [("Retry-After", retry)])
        if url.path == "/oai":
            return self.oai(q)
        if url.path == "/api/query":
            return self.api(q)
        return self.send_body(404, "not found", "text/plain")

    # ---- OAI-PMH ---------------------------------------------------------
    def oai(self, q):
        srv = self.server
        today = srv.corpus.max_day
        head = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"{OAI_NS}\">"
                f"<responseDate>{today}T20:00:00Z</responseDate>")
        if q.get("verb") != "ListRecords":
            return self.send_body(200, head + "<error code=\"badVerb\">only ListRecords</error></OAI-PMH>")
        if "resumptionToken" in q:
            token = q["resumptionToken"]
            if srv.args.bad_token_once and not srv.bad_token_sent:
                srv.bad_token_sent = True
                return self.send_body(200, head + "<error code=\"badResumptionToken\">expired</error></OAI-PMH>")
            try:
                state = json.loads(base64.urlsafe_b64decode(token.split("|")[-1].encode()).decode())
            except Exception:
                return self.send_body(200, head + "<error code=\"badResumptionToken\">unknown token</error></OAI-PMH>")
        else:
            if q.get("metadataPrefix") != "arXiv":
                return self.send_body(200, head + "<error code=\"cannotDisseminateFormat\">arXiv only</error></OAI-PMH>")
            if q.get("set") == "bad":
                return self.send_body(400, "Bad Request: unknown set 'bad'", "text/plain")
            state = {"from": q.get("from", ""), "until": q.get("until", ""), "set": q.get("set", ""), "offset": 0}
        items = [t for t in srv.corpus.items()
                 if (not state["from"] or t[0] >= state["from"]) and (not state["until"] or t[0] <= state["until"])
                 and in_set(t[2], state["set"])]
        if not items:
            return self.send_body(200, head + "<request verb=\"ListRecords\">x</request><error code=\"noRecordsMatch\">nothing</error></OAI-PMH>")
        offset = state["offset"]
        page_no = offset // srv.args.page_size + 1
        page = items[offset: offset + srv.args.page_size]
        body = head + "<request verb=\"ListRecords\" metadataPrefix=\"arXiv\">http://localhost/oai</request><ListRecords>"
        body += "".join(oai_record_xml(d, i, r, f, i in srv.corpus.deleted, i in srv.args.corrupt_id)
                        for d, i, r, f in page)
        nxt = offset + len(page)
        if nxt < len(items):
            new_state = dict(state, offset=nxt)
            tok = base64.urlsafe_b64encode(json.dumps(new_state).encode()).decode()
            if srv.args.token_style == "legacy":
                body += f"<resumptionToken cursor=\"{offset}\" completeListSize=\"{len(items)}\">{srv.requests}|{tok}</resumptionToken>"
            else:
                body += f"<resumptionToken expirationDate=\"{today}T23:59:59Z\">{tok}</resumptionToken>"
        elif offset > 0:
            body += (f"<resumptionToken cursor=\"{offset}\" completeListSize=\"{len(items)}\"/>"
                     if srv.args.token_style == "legacy" else "<resumptionToken/>")
        body += "</ListRecords></OAI-PMH>"
        if page_no == srv.args.hold_page and not srv.held:
            srv.held = True
            srv.event(f"holding page {page_no}")
            srv.released.wait(srv.args.hold_limit)
        if page_no == srv.args.always_malformed_page or (page_no == srv.args.malformed_page and page_no not in srv.faulted):
            srv.faulted.add(page_no)
            return self.send_body(200, body.replace("</title>", "</titel>", 1))
        if page_no == srv.args.drop_page and ("drop", page_no) not in srv.faulted:
            srv.faulted.add(("drop", page_no))
            return self.send_body(200, body, drop=True)
        self.send_body(200, body)
        self.wfile.flush()
        srv.event(f"served page {page_no}")

    # ---- search API --------------------------------------------------------
    def api(self, q):
        srv = self.server
        sq, ids = q.get("search_query", ""), [i for i in q.get("id_list", "").split(",") if i]
        if sq == "bad":
            return self.send_body(400, "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/api/errors#bad</id>"
                                  "<title>Error</title><summary>malformed query</summary></entry></feed>",
                                  "application/atom+xml")
        items = srv.corpus.items()
        if ids:
            items = [t for t in items if t[1] in ids]
        m = re.match(r"cat:(\S+)", sq)
        if m:
            items = [t for t in items if m.group(1) in t[2].get("categories", [])]
        if q.get("sortBy") == "lastUpdatedDate":
            items.sort(key=lambda t: (t[0], t[1]), reverse=q.get("sortOrder") != "ascending")
        start, maxr = int(q.get("start", 0)), int(q.get("max_results", 10))
        page = items[start: start + maxr]
        out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">",
               f"<title>ArXiv Query: search_query={escape(sq)}</title><id>http://arxiv.org/api/x</id>",
               f"<opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">{len(items)}</opensearch:totalResults>",
               f"<opensearch:startIndex xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">{start}</opensearch:startIndex>"]
        for d, i, r, first in page:
            out.append(f"<entry><id>http://arxiv.org/abs/{i}v1</id><updated>{d}T12:00:00Z</updated>"
                       f"<published>{first}T12:00:00Z</published><title>{escape(r.get('title', ''))}</title>"
                       f"<summary>{escape(r.get('summary', ''))}</summary>"
                       + "".join(f"<author><name>{escape(a)}</name></author>" for a in r.get("authors", []))
                       + "".join(f"<category term=\"{c}\" scheme=\"http://arxiv.org/schemas/atom\"/>" for c in r.get("categories", []))
                       + "</entry>")
        out.append("</feed>")
        return self.send_body(200, "".join(out), "application/atom+xml; charset=utf-8")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def event(self, line):
        if self.args.events:
            with self.state_lock, open(self.args.events, "a") as f:
                f.write(line + "\n")

    def handle_error(self, request, client_address):
        # Clients that give up mid-response (killed harvesters, timeouts) are
        # part of the tests, not server errors.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--page-size", type=int, default=100)
    ap.add_argument("--token-style", choices=["legacy", "2025"], default="legacy")
    ap.add_argument("--max-day", default="")
    ap.add_argument("--deleted", action="append", default=[])
    ap.add_argument("--corrupt-id", action="append", default=[])
    ap.add_argument("--fail-503", type=int, default=0)
    ap.add_argument("--retry-after", type=int, default=1)
    ap.add_argument("--retry-after-date", action="store_true")
    ap.add_argument("--drop-page", type=int, default=0)
    ap.add_argument("--malformed-page", type=int, default=0)
    ap.add_argument("--always-malformed-page", type=int, default=0)
    ap.add_argument("--bad-token-once", action="store_true")
    ap.add_argument("--slow", type=float, default=0)
    ap.add_argument("--log", default="")
    ap.add_argument("--events", default="")
    ap.add_argument("--hold-page", type=int, default=0)
    ap.add_argument("--hold-limit", type=float, default=300)
    args = ap.parse_args()

    srv = Server(("127.0.0.1", args.port), Handler)
    srv.args = args
    srv.corpus = Corpus(load_days(args.data_dir), args.deleted)
    if args.max_day:
        srv.corpus.max_day = args.max_day
    srv.requests = 0
    srv.state_lock = threading.Lock()
    srv.faulted = set()
    srv.bad_token_sent = False
    srv.held = False
    srv.released = threading.Event()
    print(f"PORT {srv.server_address[1]}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
