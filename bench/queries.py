"""The benchmark's query mix, written once in both syntaxes.

Each query has:
  ours   - arguments for arxiv-query (before it: --db D --format ids -n 10)
  match  - the FTS5 MATCH expression (columns: title abstract authors comment)
  where  - extra SQL on the content table `p` (papers) or None
  order  - SQL ORDER BY; None means relevance (FTS5 bm25 `rank`)
Both sides return the first 10 ids. Default free text searches title and
abstract on both sides ({title abstract} is an FTS5 column filter).
"""

QUERIES = [
    dict(name="term", label="single term",
         ours=["transformer"],
         match="{title abstract}: transformer", where=None, order=None),
    dict(name="phrase", label="two-word phrase",
         ours=['"kv cache"'],
         match='{title abstract}: "kv cache"', where=None, order=None),
    dict(name="not", label="boolean with NOT",
         ours=["reinforcement learning NOT robot"],
         match="{title abstract}: (reinforcement AND learning NOT robot)", where=None, order=None),
    dict(name="title", label="title field",
         ours=["ti:diffusion"],
         match="title: diffusion", where=None, order=None),
    dict(name="author", label="author",
         ours=['au:"Yang Liu"'],
         match='authors: "yang liu"', where=None, order=None),
    dict(name="cat_phrase", label="category + phrase",
         ours=['cat:cs.CV "gaussian splatting"'],
         match='{title abstract}: "gaussian splatting"',
         where="EXISTS (SELECT 1 FROM paper_cats c WHERE c.paper = p.rowid AND c.cat = 'cs.CV')",
         order=None),
    dict(name="date_phrase", label="date range + phrase",
         ours=['"large language model" date:2025-06..2025-12'],
         match='{title abstract}: "large language model"',
         where="p.submitted BETWEEN '2025-06' AND '2025-12'", order=None),
    dict(name="sort_date", label="sort by date",
         ours=["--sort", "submitted", "segmentation"],
         match="{title abstract}: segmentation", where=None,
         order="p.submitted DESC, p.id DESC"),
]

LIMIT = 10


def sql_quote(s):
    return "'" + s.replace("'", "''") + "'"


def fts_sql(q, count=False, inline=False):
    """SQL for one query: (sql, params). inline=True puts the MATCH string in
    the SQL text (for the sqlite3 command line) instead of a parameter."""
    m = sql_quote(q["match"]) if inline else "?"
    params = () if inline else (q["match"],)
    if count:
        if q["where"]:
            return (f"SELECT count(*) FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid "
                    f"WHERE papers_fts MATCH {m} AND {q['where']}", params)
        return f"SELECT count(*) FROM papers_fts WHERE papers_fts MATCH {m}", params
    if q["where"] is None and q["order"] is None:
        # FTS5's own top-k by rank, then fetch the ids
        return (f"SELECT p.id FROM (SELECT rowid, rank FROM papers_fts WHERE papers_fts MATCH {m} "
                f"ORDER BY rank LIMIT {LIMIT}) f JOIN papers p ON p.rowid = f.rowid ORDER BY f.rank", params)
    where = f" AND {q['where']}" if q["where"] else ""
    order = q["order"] or "papers_fts.rank"
    return (f"SELECT p.id FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid "
            f"WHERE papers_fts MATCH {m}{where} ORDER BY {order} LIMIT {LIMIT}", params)


def ours_args(q):
    return ["--format", "ids", "-n", str(LIMIT)] + q["ours"]
