#include "query/serve/page.h"

#include <algorithm>

#include "common/schema/schema.h"
#include "common/text/text.h"
#include "query/output/formatter.h"
#include "query/output/highlight.h"
#include "query/search/search.h"
#include "query/serve/html.h"

namespace arxiv {
namespace {

// query/serve/assets/*, compiled in by cmake/embed_text.cmake.
#include "page_css.inc"
#include "page_js.inc"
#include "favicon_svg.inc"

constexpr size_t kMostAuthors = 10;      // shown before "… (+N more)", besides matched ones
constexpr size_t kLeastFirstAuthors = 5; // first authors kept when matched ones are shown too
constexpr size_t kSnippetChars = 320;
constexpr size_t kMaxComment = 240;
constexpr const char* kDot = " \xC2\xB7 ";        // " · "
constexpr const char* kEllipsis = "\xE2\x80\xA6";  // "…"

std::string count_text(std::uint64_t n, const char* one, const char* many) {
    return group_thousands(n) + " " + (n == 1 ? one : many);
}

// ---- Clauses a link adds to the query ----------------------------------------

// Whether `clause` stands in `q` as a whole (between spaces or the ends).
size_t find_clause(const std::string& q, const std::string& clause) {
    for (size_t at = q.find(clause); at != std::string::npos; at = q.find(clause, at + 1)) {
        const size_t end = at + clause.size();
        if ((at == 0 || q[at - 1] == ' ') && (end == q.size() || q[end] == ' ')) return at;
    }
    return std::string::npos;
}

std::string trimmed(std::string_view s) {
    const size_t b = s.find_first_not_of(' ');
    if (b == std::string_view::npos) return "";
    return std::string(s.substr(b, s.find_last_not_of(' ') - b + 1));
}

std::string with_clause(const std::string& q, const std::string& clause) {
    const std::string base = trimmed(q);
    return base.empty() ? clause : base + " " + clause;
}

std::string without_clause(const std::string& q, const std::string& clause) {
    const size_t at = find_clause(q, clause);
    if (at == std::string::npos) return q;
    std::string out = trimmed(q.substr(0, at)), rest = trimmed(q.substr(at + clause.size()));
    if (!out.empty() && !rest.empty()) out += ' ';
    return out + rest;
}

// A value as a phrase of our query language: the quotes the lexer knows
// (", “ and ”) cannot be inside one, so they become spaces.
std::string phrase(std::string_view value) {
    std::string out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '"') {
            out += ' ';
        } else if (value.compare(i, 3, "\xE2\x80\x9C") == 0 || value.compare(i, 3, "\xE2\x80\x9D") == 0) {
            out += ' ';
            i += 2;
        } else {
            out += value[i];
        }
    }
    out = collapse_whitespace(out);
    return out.empty() ? "" : "\"" + out + "\"";
}

std::string category_clause(std::string_view category) {
    const bool plain = !category.empty() && std::all_of(category.begin(), category.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
    if (plain) return "cat:" + std::string(category);
    const std::string quoted = phrase(category);
    return quoted.empty() ? "" : "cat:" + quoted;
}

std::string author_clause(std::string_view name) {
    const std::string quoted = phrase(name);
    return quoted.empty() ? "" : "au:" + quoted;
}

// ---- Pieces of the page -------------------------------------------------------

class Writer {
public:
    explicit Writer(const PageView& view) : v_(view), s_(view.state) {
        if (v_.info) {
            text_ = TermMatcher::for_text(v_.info->matched);
            names_ = TermMatcher::for_names(v_.info->matched);
        }
    }

    std::string document() {
        head();
        out_ += "<body>\n<a class=\"skip\" href=\"#main\">Skip to results</a>\n";
        header();
        out_ += "<div class=\"layout\">\n<main id=\"main\" tabindex=\"-1\">\n";
        notices();
        results();
        out_ += "</main>\n";
        facets();
        out_ += "</div>\n";
        footer();
        out_ += "</body>\n</html>\n";
        return std::move(out_);
    }

private:
    // The state with another query (paging starts over).
    std::string url_with_q(const std::string& q) const {
        PageState next = s_;
        next.q = q;
        return next.url(0);
    }

    // A new search for `q` alone (an author's papers).
    static std::string fresh_search(const std::string& q) {
        PageState fresh;
        fresh.q = q;
        return fresh.url(0);
    }

    void head() {
        std::string title = "arXiv search";
        if (!trimmed(s_.q).empty()) title = clip_text(collapse_whitespace(s_.q), 80) + " \xE2\x80\x94 " + title;
        out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
                "<meta name=\"color-scheme\" content=\"light dark\" />\n"
                "<meta name=\"referrer\" content=\"no-referrer\" />\n<title>" +
                html_escape(title) +
                "</title>\n<link rel=\"stylesheet\" href=\"/static/page.css\" />\n"
                "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\" />\n"
                "<script src=\"/static/page.js\" defer=\"defer\"></script>\n</head>\n";
    }

    void hidden(const char* name, const std::string& value) {
        if (value.empty()) return;
        out_ += "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + html_escape(value) + "\" />\n";
    }

    void header() {
        const bool failed = !v_.error.empty();
        out_ += "<header class=\"top\">\n<p class=\"brand\"><a href=\"/\">arXiv search</a>";
        if (v_.documents) out_ += " <span class=\"papers\">" + count_text(v_.documents, "paper", "papers") + "</span>";
        out_ += "</p>\n<form class=\"search\" role=\"search\" method=\"get\" action=\"/\">\n"
                "<div class=\"box\">\n<label for=\"q\">Search papers</label>\n"
                "<input id=\"q\" name=\"q\" type=\"search\" value=\"" +
                html_escape(s_.q) +
                "\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" "
                "placeholder=\"&quot;kv cache&quot; cat:cs.CL date:2024..\" aria-describedby=\"keys\"" +
                std::string(failed ? " aria-invalid=\"true\" aria-errormessage=\"error\"" : "") +
                " />\n<button type=\"submit\">Search</button>\n</div>\n"
                "<p id=\"keys\" class=\"keys\">Our query language: see <a href=\"#help\">Query syntax</a>; "
                "press <kbd>/</kbd> to come back to the box.</p>\n"
                "<div class=\"options\">\n"
                "<span class=\"field\"><label for=\"from\">Submitted from</label>\n"
                "<input id=\"from\" name=\"from\" type=\"text\" inputmode=\"numeric\" size=\"10\" value=\"" +
                html_escape(s_.from) +
                "\" placeholder=\"2024-01\" /></span>\n"
                "<span class=\"field\"><label for=\"to\">to</label>\n"
                "<input id=\"to\" name=\"to\" type=\"text\" inputmode=\"numeric\" size=\"10\" value=\"" +
                html_escape(s_.to) +
                "\" placeholder=\"2025-06-30\" /></span>\n"
                "<span class=\"field\"><label for=\"sort\">Sort by</label>\n<select id=\"sort\" name=\"sort\">\n";
        const std::string current = s_.sort.empty() ? "relevance" : s_.sort;
        for (const std::string& name : sort_names()) {
            const char* label = name == "relevance" ? "relevance"
                                : name == "submitted" ? "submission date"
                                : name == "updated"   ? "last update"
                                                      : "arXiv id";
            out_ += "<option value=\"" + html_escape(name) + "\"" +
                    (name == current ? " selected=\"selected\"" : "") + ">" + label + "</option>\n";
        }
        const bool reversed = s_.reverse == "1" || s_.reverse == "true";
        out_ += "</select></span>\n<span class=\"field\"><input id=\"reverse\" name=\"reverse\" type=\"checkbox\" "
                "value=\"1\"" +
                std::string(reversed ? " checked=\"checked\"" : "") +
                " /> <label for=\"reverse\">oldest first</label></span>\n</div>\n";
        // The rest of the state rides along with the form.
        hidden("like", s_.like);
        hidden("like_text", s_.like_text);
        hidden("exact", s_.exact);
        hidden("syntax", s_.syntax);
        hidden("limit", s_.limit);
        hidden("facet_limit", s_.facet_limit);
        out_ += "</form>\n";
        help();
        out_ += "</header>\n";
    }

    void example(const char* query) {
        out_ += "<li><a href=\"" + html_escape(url_with_q(query)) + "\"><code>" + html_escape(query) +
                "</code></a></li>\n";
    }

    // The query language, from the same field table the parser reads.
    void help() {
        const bool start = !v_.info && v_.error.empty();
        out_ += std::string("<details id=\"help\" class=\"help\"") + (start ? " open=\"open\"" : "") +
                ">\n<summary>Query syntax</summary>\n<div class=\"help-body\">\n<dl class=\"syntax\">\n"
                "<dt><code>a b</code></dt><dd>both (AND is the default)</dd>\n"
                "<dt><code>a OR b</code></dt><dd>either</dd>\n"
                "<dt><code>-a</code> <code>NOT a</code></dt><dd>without</dd>\n"
                "<dt><code>( )</code></dt><dd>grouping; AND binds tighter than OR</dd>\n"
                "<dt><code>\"a b\"</code></dt><dd>a phrase: the words in order, any written variant</dd>\n"
                "<dt><code>word*</code></dt><dd>words starting with&#8230; (at least 2 letters)</dd>\n"
                "<dt><code>=word</code></dt><dd>only the form typed (no acronyms, synonyms)</dd>\n"
                "<dt><code>2503.21813</code></dt><dd>an arXiv id or abs/pdf link: that paper first</dd>\n"
                "</dl>\n<p class=\"sub\">Fields</p>\n<dl class=\"fields\">\n";
        for (const schema::Field& f : schema::fields()) {
            out_ += "<dt><code>" + html_escape(f.name) + ":</code>";
            std::string_view aliases = f.aliases;
            while (!aliases.empty()) {
                const size_t space = aliases.find(' ');
                out_ += " <code>" + html_escape(aliases.substr(0, space)) + ":</code>";
                aliases = space == std::string_view::npos ? std::string_view() : aliases.substr(space + 1);
            }
            out_ += "</dt><dd>" + html_escape(f.help) + "</dd>\n";
        }
        out_ += "</dl>\n<p>Dates: <code>2025</code>, <code>2025-03</code>, <code>2025-03-31</code>, "
                "<code>today</code>, <code>yesterday</code>, <code>7d</code> (days ago); ranges "
                "<code>FROM..TO</code> with either end open. Operators are upper case.</p>\n"
                "<p>Examples:</p>\n<ul class=\"examples\">\n";
        example("\"kv cache\" cat:cs.CL");
        example("ti:(lora OR adapter) date:2025..");
        example("au:\"Yoshua Bengio\" -survey");
        out_ += "</ul>\n</div>\n</details>\n";
    }

    void notices() {
        if (!v_.error.empty()) {
            out_ += "<div id=\"error\" class=\"error\" role=\"alert\">\n<h1>This search could not run</h1>\n<p>" +
                    html_escape(v_.error) + "</p>\n";
            if (!v_.caret.empty()) out_ += "<pre class=\"caret\">" + html_escape(v_.caret) + "</pre>\n";
            if (!v_.hint.empty()) out_ += "<p class=\"hint\">Hint: " + html_escape(v_.hint) + "</p>\n";
            out_ += "</div>\n";
        }
        if (v_.info && v_.info->suggestion)
            out_ += "<p class=\"suggestion\">Did you mean <a href=\"" + html_escape(url_with_q(*v_.info->suggestion)) +
                    "\">" + html_escape(*v_.info->suggestion) + "</a>?</p>\n";
        if (!s_.like.empty() || !s_.like_text.empty()) {
            PageState plain = s_;
            plain.like.clear();
            plain.like_text.clear();
            out_ += "<p class=\"like\">Ranked by likeness to ";
            if (s_.like.empty()) {
                out_ += "the text given";
            } else {
                std::string_view list = s_.like;
                bool first = true;
                while (!list.empty()) {
                    const size_t comma = list.find(',');
                    const std::string id = trimmed(list.substr(0, comma));
                    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
                    if (id.empty()) continue;
                    out_ += (first ? "" : ", ") + std::string("<a href=\"https://arxiv.org/abs/") +
                            html_escape(url_encode(id)) + "\">" + html_escape(id) + "</a>";
                    first = false;
                }
            }
            out_ += kDot + std::string("<a href=\"") + html_escape(plain.url(0)) + "\">show all papers instead</a></p>\n";
        }
        if (v_.error.empty() && v_.documents == 0)
            out_ += "<p class=\"empty\">The index is empty: add papers with <code>arxiv-index add FILE</code> "
                    "or <code>arxiv-index harvest</code>.</p>\n";
        if (!v_.info && v_.error.empty())
            out_ += "<h1 class=\"summary\">Search " + count_text(v_.documents, "paper", "papers") +
                    "</h1>\n<p class=\"intro\">By title, abstract, author, category and date, in the query "
                    "language below. Every page here is a plain link: bookmark or share it.</p>\n";
    }

    void results() {
        if (!v_.info || !v_.hits) return;
        const ResultInfo& info = *v_.info;
        const std::vector<Hit>& hits = *v_.hits;
        out_ += "<h1 class=\"summary\" id=\"summary\">";
        if (info.total == 0) {
            out_ += "No papers match this search <span id=\"total\" data-total=\"0\"></span>";
        } else if (hits.empty()) {
            out_ += "No results on this page (<span id=\"total\" data-total=\"" + std::to_string(info.total) + "\">" +
                    count_text(info.total, "result", "results") + "</span> in total)";
        } else {
            out_ += "Results " + group_thousands(info.offset + 1) + "\xE2\x80\x93" +
                    group_thousands(info.offset + hits.size()) + " of <span id=\"total\" data-total=\"" +
                    std::to_string(info.total) + "\">" + group_thousands(info.total) + "</span>";
            if (!info.sort.empty()) out_ += " <span class=\"sorted\">by " + html_escape(info.sort) + "</span>";
        }
        out_ += "</h1>\n";
        if (info.total == 0) {
            out_ += "<p class=\"none\">Try fewer words, another spelling, or a wider date range.</p>\n";
            return;
        }
        if (!hits.empty()) {
            out_ += "<ol class=\"results\" start=\"" + std::to_string(hits.front().rank) + "\">\n";
            for (const Hit& hit : hits) result(hit);
            out_ += "</ol>\n";
        }
        pager(info.total);
    }

    void result(const Hit& hit) {
        const Record r = display_record(hit.doc.record);
        const std::string abs = abs_url(r), pdf = pdf_url(r);
        out_ += "<li class=\"result\">\n<h2 class=\"title\"><a href=\"" + html_escape(abs) + "\">";
        const std::string title = valid_utf8(collapse_whitespace(r.title));
        out_ += title.empty() ? html_escape(r.id) : html_marked(title, find_matches(title, text_));
        out_ += "</a></h2>\n";
        if (!r.authors.empty()) authors(r.authors);

        out_ += "<p class=\"meta\"><span class=\"id\">" + html_escape(r.id) + "</span>";
        if (!r.submitted.empty())
            out_ += kDot + std::string("<time datetime=\"") + html_escape(r.submitted) + "\">" +
                    html_escape(r.submitted) + "</time>";
        const std::string& updated = effective_updated(r);
        if (!updated.empty() && updated != r.submitted)
            out_ += kDot + std::string("updated <time datetime=\"") + html_escape(updated) + "\">" +
                    html_escape(updated) + "</time>";
        if (!r.categories.empty()) {
            out_ += kDot + std::string("<span class=\"cats\">");
            for (size_t i = 0; i < r.categories.size(); ++i) {
                const std::string& c = r.categories[i];
                const std::string clause = category_clause(c);
                const std::string cls = i == 0 ? "cat primary" : "cat";
                if (clause.empty() || find_clause(s_.q, clause) != std::string::npos)
                    out_ += "<span class=\"" + cls + "\">" + html_escape(c) + "</span>";
                else
                    out_ += "<a class=\"" + cls + "\" href=\"" + html_escape(url_with_q(with_clause(s_.q, clause))) +
                            "\" title=\"Only papers in " + html_escape(c) + "\">" + html_escape(c) + "</a>";
                out_ += i + 1 < r.categories.size() ? " " : "";
            }
            out_ += "</span>";
        }
        out_ += "</p>\n";
        if (!r.comment.empty())
            out_ += "<p class=\"comment\">" + html_escape(clip_text(collapse_whitespace(valid_utf8(r.comment)), kMaxComment)) +
                    "</p>\n";
        const Snippet snippet = make_snippet(valid_utf8(r.abstract), text_, kSnippetChars);
        if (!snippet.text.empty()) out_ += "<p class=\"snippet\">" + html_marked(snippet.text, snippet.spans) + "</p>\n";

        PageState like;
        like.like = hit.doc.record.id;
        out_ += "<p class=\"links\"><a href=\"" + html_escape(abs) + "\">Abstract</a> <a href=\"" + html_escape(pdf) +
                "\">PDF</a> <a href=\"" + html_escape(like.url(0)) + "\">Similar papers</a></p>\n</li>\n";
    }

    // Every author the query matched, with its matched words marked, and
    // the first few others; each a link to that author's papers.
    void authors(const std::vector<std::string>& display) {
        std::vector<std::string> names;
        for (const std::string& a : display) names.push_back(valid_utf8(collapse_whitespace(a)));
        const std::vector<bool> matched =
            v_.info ? matched_authors(names, v_.info->matched) : std::vector<bool>(names.size(), false);
        const std::vector<size_t> shown = shown_authors(matched, kMostAuthors, kLeastFirstAuthors);
        out_ += "<p class=\"authors\">";
        size_t next = 0;
        for (size_t i : shown) {
            if (i != shown.front()) out_ += ", ";
            if (i != next) out_ += std::string(kEllipsis) + " ";
            const std::string marked =
                matched[i] ? html_marked(names[i], find_matches(names[i], names_)) : html_escape(names[i]);
            const std::string clause = author_clause(names[i]);
            if (clause.empty()) out_ += marked;
            else out_ += "<a href=\"" + html_escape(fresh_search(clause)) + "\">" + marked + "</a>";
            next = i + 1;
        }
        if (shown.size() < names.size()) {
            if (next < names.size()) out_ += std::string(", ") + kEllipsis;
            out_ += " <span class=\"more\">(+" + group_thousands(names.size() - shown.size()) + " more)</span>";
        }
        out_ += "</p>\n";
    }

    void page_link(std::uint64_t offset, const std::string& label, const char* rel, bool current) {
        out_ += "<li><a href=\"" + html_escape(s_.url(offset)) + "\"";
        if (rel) out_ += std::string(" rel=\"") + rel + "\"";
        if (current) out_ += " aria-current=\"page\"";
        out_ += ">" + label + "</a></li>\n";
    }

    // Previous, the first page, the pages around this one, the last, next.
    void pager(std::uint64_t total) {
        const std::uint64_t size = std::max<std::uint64_t>(s_.page_size, 1);
        const std::uint64_t pages = (total + size - 1) / size;
        if (pages <= 1 && s_.offset == 0) return;
        const std::uint64_t current = s_.offset / size;  // 0-based
        out_ += "<nav class=\"pager\" aria-label=\"Pages\">\n<ul>\n";
        if (s_.offset > 0) page_link(s_.offset > size ? s_.offset - size : 0, "&#8592; Previous", "prev", false);
        const std::uint64_t from = current > 2 ? current - 2 : 0;
        const std::uint64_t to = std::min(pages, current + 3);
        if (from > 0) page_link(0, "1", nullptr, false);
        if (from > 1) out_ += "<li class=\"gap\">" + std::string(kEllipsis) + "</li>\n";
        for (std::uint64_t p = from; p < to; ++p)
            page_link(p * size, group_thousands(p + 1), nullptr, p == current && s_.offset == p * size);
        if (to + 1 < pages) out_ += "<li class=\"gap\">" + std::string(kEllipsis) + "</li>\n";
        if (to < pages) page_link((pages - 1) * size, group_thousands(pages), nullptr, false);
        if (s_.offset + size < total) page_link(s_.offset + size, "Next &#8594;", "next", false);
        out_ += "</ul>\n</nav>\n";
    }

    void facets() {
        if (!v_.info || v_.info->facets.empty() || v_.info->total == 0) return;
        out_ += "<aside class=\"facets\" aria-labelledby=\"refine\">\n<h2 id=\"refine\">Refine</h2>\n";
        for (const FacetResult& f : v_.info->facets) {
            if (f.values.empty()) continue;
            const std::string label = f.name == "category" ? "Category" : f.name == "year" ? "Year" : "Author";
            out_ += "<section class=\"facet\" id=\"facet-" + html_escape(f.name) + "\">\n<h3>" + label + "</h3>\n<ul>\n";
            for (const FacetValue& v : f.values) {
                const std::string shown = f.name == "author" ? render_tex(printable_text(v.value)) : printable_text(v.value);
                const std::string clause = f.name == "category" ? category_clause(v.value)
                                           : f.name == "year"   ? "date:" + std::string(v.value)
                                                                : author_clause(shown);
                const std::string count = "<span class=\"count\">" + group_thousands(v.count) + "</span>";
                if (clause.empty() || (f.name == "year" && v.value.find_first_not_of("0123456789") != std::string::npos)) {
                    out_ += "<li><span class=\"value\">" + html_escape(shown) + "</span> " + count + "</li>\n";
                } else if (find_clause(s_.q, clause) != std::string::npos) {
                    out_ += "<li class=\"on\"><a href=\"" + html_escape(url_with_q(without_clause(s_.q, clause))) +
                            "\" aria-label=\"" + html_escape(shown) + ", on: remove this filter\">" + html_escape(shown) +
                            " <span aria-hidden=\"true\">&#215;</span></a> " + count + "</li>\n";
                } else {
                    out_ += "<li><a href=\"" + html_escape(url_with_q(with_clause(s_.q, clause))) + "\">" +
                            html_escape(shown) + "</a> " + count + "</li>\n";
                }
            }
            if (f.distinct > f.values.size())
                out_ += "<li class=\"more\">" + std::string(kEllipsis) + " " + group_thousands(f.distinct) +
                        " in all</li>\n";
            out_ += "</ul>\n</section>\n";
        }
        out_ += "</aside>\n";
    }

    void footer() {
        out_ += "<footer class=\"bottom\">\n<p>";
        if (v_.info) {
            std::string json = s_.url(s_.offset);
            json.replace(0, 1, "/search");
            out_ += "This search as <a href=\"" + html_escape(json) + "\">JSON</a>" + kDot;
        }
        out_ += "The arXiv API: <code>/api/query</code>" + std::string(kDot) +
                "Papers open on <a href=\"https://arxiv.org/\">arxiv.org</a>.</p>\n</footer>\n";
    }

    const PageView& v_;
    const PageState& s_;
    TermMatcher text_, names_;
    std::string out_;
};

}  // namespace

const char* const kPageCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

PageState PageState::from_params(const std::multimap<std::string, std::string>& params) {
    PageState s;
    auto one = [&params](const char* name) {
        auto it = params.find(name);
        return it == params.end() ? std::string() : it->second;
    };
    s.q = one("q");
    for (auto [it, end] = params.equal_range("like"); it != end; ++it)
        if (!trimmed(it->second).empty()) s.like += (s.like.empty() ? "" : ",") + it->second;
    s.like_text = one("like_text");
    s.from = one("from");
    s.to = one("to");
    s.sort = one("sort");
    s.reverse = one("reverse");
    s.exact = one("exact");
    s.syntax = one("syntax");
    s.limit = one("limit");
    s.facet_limit = one("facet_limit");
    return s;
}

std::string PageState::url(std::uint64_t at_offset) const {
    std::string out = "/";
    char separator = '?';
    auto add = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        out += separator;
        out += name;
        out += '=';
        out += url_encode(value);
        separator = '&';
    };
    add("q", q);
    add("like", like);
    add("like_text", like_text);
    add("from", from);
    add("to", to);
    add("sort", sort);
    add("reverse", reverse);
    add("exact", exact);
    add("syntax", syntax);
    add("limit", limit);
    add("facet_limit", facet_limit);
    if (at_offset) add("offset", std::to_string(at_offset));
    return out;
}

std::string render_page(const PageView& view) { return Writer(view).document(); }

std::string render_error_page(int status, const std::string& message) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
           "<meta name=\"color-scheme\" content=\"light dark\" />\n<title>" +
           std::to_string(status) +
           " \xE2\x80\x94 arXiv search</title>\n<link rel=\"stylesheet\" href=\"/static/page.css\" />\n"
           "</head>\n<body>\n<main id=\"main\" class=\"failed\">\n<h1>HTTP " +
           std::to_string(status) + "</h1>\n<p role=\"alert\">" + html_escape(message) +
           "</p>\n<p><a href=\"/\">Back to the search page</a></p>\n</main>\n</body>\n</html>\n";
}

const PageAsset* page_asset(std::string_view name) {
    static const PageAsset css{"text/css; charset=utf-8", kPageCss};
    static const PageAsset js{"text/javascript; charset=utf-8", kPageJs};
    static const PageAsset icon{"image/svg+xml", kFaviconSvg};
    if (name == "page.css") return &css;
    if (name == "page.js") return &js;
    if (name == "favicon.svg") return &icon;
    return nullptr;
}

}  // namespace arxiv
