// bibtex: one @misc entry per hit, in the form arXiv's own "export BibTeX
// citation" uses (eprint, archivePrefix, primaryClass), blank line between.
#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "common/text/text.h"
#include "common/util/dates.h"
#include "query/output/formatter.h"

namespace arxiv {
namespace {

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string letters_lower(std::string_view s) {
    std::string out;
    for (char c : s)
        if (is_ascii_alpha(c)) out += lower(c);
    return out;
}

// Surname of a display name for the key: the last word of its family name
// (split_author_name), folded to lowercase ASCII letters.
std::string surname(const std::string& name) {
    const AuthorName parts = split_author_name(tex_accents_to_unicode(name));
    std::vector<std::string> words = split_spaces(fold_diacritics(parts.family));
    while (!words.empty()) {
        std::string s = letters_lower(words.back());
        if (!s.empty()) return s;
        words.pop_back();
    }
    return "";
}

bool is_stopword(const std::string& w) {
    static const std::set<std::string> stop = {
        "about", "above", "across", "after", "again", "against", "along", "also",
        "among", "amongst", "around", "because", "been", "before", "being", "below",
        "beneath", "beside", "besides", "between", "beyond", "both", "does", "doing",
        "down", "during", "each", "either", "even", "ever", "every", "from",
        "further", "have", "having", "here", "into", "itself", "just", "many",
        "more", "most", "much", "must", "neither", "once", "only", "onto", "other",
        "over", "same", "should", "since", "some", "such", "than", "that", "their",
        "them", "then", "there", "these", "they", "this", "those", "through",
        "throughout", "thus", "toward", "towards", "under", "until", "unto", "upon",
        "very", "versus", "were", "what", "when", "where", "whether", "which",
        "while", "whom", "whose", "will", "with", "within", "without", "would",
        "your",
    };
    return stop.count(w) > 0;
}

std::string title_word(const std::string& title) {
    std::string folded = index_form(title);  // TeX spelled out, diacritics folded
    std::string cur;
    for (size_t i = 0; i <= folded.size(); ++i) {
        if (i < folded.size() && is_ascii_alpha(folded[i])) {
            cur += lower(folded[i]);
            continue;
        }
        if (cur.size() > 3 && !is_stopword(cur)) return cur;
        cur.clear();
    }
    return "";
}

const char* month_name(const std::string& date) {
    static const char* const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    const std::optional<DayParts> d = day_parts(date);
    return d ? names[d->month - 1] : nullptr;
}

std::string year_of(const std::string& date) {
    const std::optional<DayParts> d = day_parts(date);
    return d ? std::to_string(d->year) : "";
}

class BibtexFormatter : public Formatter {
public:
    bool shows_total() const override { return false; }
    explicit BibtexFormatter(std::ostream& out) : out_(out) {}
    void begin(const ResultInfo&) override {}
    void hit(const Hit& hit) override {
        const Record r = printable_record(hit.doc.record);
        std::ostringstream e;
        e << "@misc{" << keys_.unique(bibtex_key(r)) << ",\n";
        e << "  title = {{" << bibtex_escape(r.title) << "}},\n";
        if (!r.authors.empty()) {
            e << "  author = {";
            for (size_t i = 0; i < r.authors.size(); ++i) {
                if (i) e << " and ";
                std::string name = bibtex_escape(r.authors[i]);
                // "Last, First" would be read as name parts; keep it whole.
                if (name.find(',') != std::string::npos) name = "{" + name + "}";
                e << name;
            }
            e << "},\n";
        }
        if (std::string year = year_of(r.submitted); !year.empty())
            e << "  year = {" << year << "},\n";
        if (const char* month = month_name(r.submitted)) e << "  month = " << month << ",\n";
        e << "  eprint = {" << r.id << "},\n";
        e << "  archivePrefix = {arXiv},\n";
        if (!r.primary_category().empty())
            e << "  primaryClass = {" << r.primary_category() << "},\n";
        if (std::vector<std::string> dois = split_spaces(r.doi); !dois.empty())
            e << "  doi = {" << dois.front() << "},\n";
        e << "  url = {" << abs_url(r) << "}";
        if (!r.journal_ref.empty()) e << ",\n  note = {" << bibtex_escape(r.journal_ref) << "}";
        e << "\n}\n";
        if (count_++) out_ << '\n';
        out_ << valid_utf8(e.str());
    }
    void end(const ResultInfo&) override { out_.flush(); }

private:
    std::ostream& out_;
    CitationKeys keys_;
    size_t count_ = 0;
};

}  // namespace

std::string bibtex_key(const Record& r) {
    std::string name = r.authors.empty() ? "" : surname(r.authors.front());
    std::string year = year_of(r.submitted);
    if (!name.empty() && !year.empty()) return name + year + title_word(r.title);
    std::string key = "arxiv";
    for (char c : r.id) key += is_ascii_alnum(c) ? c : '_';
    return key;
}

std::string bibtex_escape(std::string_view s) {
    // Braces that have no partner would break the entry: find them first.
    std::vector<bool> drop(s.size(), false);
    std::vector<size_t> open;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;  // an escaped character never counts
            continue;
        }
        if (s[i] == '{') {
            open.push_back(i);
        } else if (s[i] == '}') {
            if (open.empty()) drop[i] = true;
            else open.pop_back();
        }
    }
    for (size_t i : open) drop[i] = true;

    std::string out;
    out.reserve(s.size() + 8);
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 == s.size()) break;  // a lone trailing backslash would eat the '}'
            out += c;
            out += s[++i];  // existing TeX sequence, kept as written
            continue;
        }
        if (drop[i]) continue;
        if (c == '&' || c == '%' || c == '#') out += '\\';
        out += c;
    }
    return out;
}

std::unique_ptr<Formatter> make_bibtex_formatter(std::ostream& out, const OutputOptions&) {
    return std::make_unique<BibtexFormatter>(out);
}

}  // namespace arxiv
