// The one record model every source is turned into and every output is made
// from. Plain data, no Xapian types: parsers fill it, the writer indexes it,
// the query side reads it back from the stored document data.
#pragma once

#include <string>
#include <vector>

namespace arxiv {

struct Record {
    // Canonical versionless identifier: "2503.21813" or "hep-th/9901001".
    std::string id;
    // Version of the metadata this record describes; 0 when the source does
    // not say (daily-arxiv JSONL).
    int version = 0;

    std::string title;     // whitespace collapsed, TeX kept as written
    std::string abstract;  // lines unwrapped, paragraphs separated by '\n'
    std::vector<std::string> authors;     // display names, in order
    // Each author's affiliations as the source gives them (arXiv's Atom
    // <arxiv:affiliation>, OAI-PMH arXiv <affiliation>), parallel to
    // `authors`; empty when the source gives none for any author.
    std::vector<std::vector<std::string>> affiliations;
    std::vector<std::string> categories;  // primary first, no duplicates

    // Dates as "YYYY-MM-DD", or "YYYY-MM" when only the month is known
    // (derived from a new-style id); empty when unknown.
    std::string submitted;  // v1 submission
    std::string updated;    // submission of the latest known version
    std::string announced;  // day a listing announced it (daily-arxiv file date)
    std::string datestamp;  // OAI-PMH header datestamp: last metadata change at arXiv

    std::string comment;
    std::string journal_ref;
    std::string doi;        // one or more DOIs separated by spaces
    std::string report_no;
    std::string license;

    // Where the record came from ("atom", "oai-arXiv", "kaggle", ...).
    std::string source;
    // An OAI-PMH header with status="deleted": remove the document.
    bool deleted = false;

    // The date output and sorting call "updated": the latest version's date,
    // else the day it was announced, else the submission date.
    const std::string& effective_updated() const {
        if (!updated.empty()) return updated;
        if (!announced.empty()) return announced;
        return submitted;
    }

    const std::string& primary_category() const {
        static const std::string none;
        return categories.empty() ? none : categories.front();
    }
};

}  // namespace arxiv
