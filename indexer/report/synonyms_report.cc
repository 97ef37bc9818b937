#include "indexer/report/synonyms_report.h"

#include <cstdio>
#include <ostream>

#include <xapian.h>

#include "common/schema/synonyms.h"
#include "common/text/analyzer.h"
#include "common/text/variants.h"
#include "common/util/exit_codes.h"
#include "indexer/report/open_index.h"

namespace arxiv {
namespace {

std::string share(const MinedDefinition& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%3.0f%%", 100 * d.share());
    return buf;
}

// Terms as people write them ("mixture of experts"), or as indexed
// ("mixtur of expert") with --stems.
std::string shown(const Xapian::Database& db, const SynonymsOptions& options, const std::string& terms) {
    return options.stems ? terms : surface_words(db, terms);
}

void print_definition(std::ostream& out, const Xapian::Database& db, const SynonymsOptions& options,
                      const MinedDefinition& d, bool acronym_first) {
    char papers[32];
    std::snprintf(papers, sizeof papers, "%7u", static_cast<unsigned>(d.papers));
    const std::string long_form = shown(db, options, d.long_form);
    out << "  " << papers << "  " << share(d) << "  "
        << (acronym_first ? d.acronym + "  =  \"" + long_form + "\"" : "\"" + long_form + "\"  =  " + d.acronym)
        << (d.used() ? "" : "   (not used)") << "\n";
}

}  // namespace

int print_synonyms(const std::string& db_path, const SynonymsOptions& options, std::ostream& out, std::ostream& err) {
    std::optional<Xapian::Database> opened = open_for_report(db_path, err);
    if (!opened) return exit_code::kDatabase;
    Xapian::Database& db = *opened;
    CuratedSynonyms curated;
    try {
        curated = CuratedSynonyms::load(options.synonym_files);
    } catch (const SynonymFileError& e) {
        err << "arxiv-index: error: " << e.what() << "\n";
        return exit_code::kUsage;
    }
    const std::string legend =
        "papers = papers defining the pair; share = of all definitions of the acronym; a pair is used\n"
        "when at least " + std::to_string(kMinDefiningPapers) + " papers define it and its share is at least " +
        std::to_string(static_cast<int>(kMinDefinitionShare * 100)) + "%." +
        (options.stems ? " Terms are as indexed (stemmed).\n"
                       : "\nWords are shown as papers most often write each (--stems: as indexed).\n");

    if (options.term.empty()) {
        out << "Acronyms defined in the index (most defined first; arxiv-index synonyms ACRONYM for all of one):\n"
            << legend << "   papers  share  acronym = long form\n";
        size_t shown = 0;
        for (const auto& [acronym, papers] : mined_acronyms(db)) {
            if (shown++ >= options.limit) break;
            std::vector<MinedDefinition> defs = definitions_of(db, acronym);
            if (!defs.empty()) print_definition(out, db, options, defs.front(), true);
        }
        out << "Curated groups: " << curated.groups().size() << " (data/synonyms.txt and the user's file; "
            << "arxiv-index synonyms WORD shows those holding a word)\n";
        return exit_code::kOk;
    }

    bool found = false;
    const std::string& term = options.term;
    const std::vector<std::string> terms = analyze_terms(term, true);
    const std::string key = join_terms(terms);
    if (looks_like_acronym(term) || terms.size() == 1) {
        std::vector<MinedDefinition> defs = definitions_of(db, acronym_key(term));
        if (!defs.empty()) {
            found = true;
            out << "Long forms of " << term << ":\n" << legend << "   papers  share  acronym = long form\n";
            for (const MinedDefinition& d : defs) print_definition(out, db, options, d, true);
        }
    }
    if (terms.size() >= 2) {
        std::vector<MinedDefinition> acronyms = acronyms_for(db, key);
        if (!acronyms.empty()) {
            found = true;
            out << "Acronyms of \"" << shown(db, options, key) << "\":\n" << legend << "   papers  share  long form = acronym\n";
            for (const MinedDefinition& d : acronyms) print_definition(out, db, options, d, false);
        }
    }
    if (!terms.empty() && terms.size() <= 2) {
        std::vector<std::string> forms = compound_forms(db, key);
        if (!forms.empty()) {
            found = true;
            out << "Compound forms of \"" << shown(db, options, key) << "\" (from hyphenated and CamelCase words):\n";
            for (const std::string& f : forms) out << "  " << shown(db, options, f) << "\n";
        }
    }
    if (const std::vector<size_t>* groups = curated.groups_with(key)) {
        found = true;
        out << "Curated groups with \"" << term << "\":\n";
        for (size_t g : *groups) {
            const SynonymGroup& group = curated.groups()[g];
            out << "  " << group.origin << ":";
            for (size_t i = 0; i < group.forms.size(); ++i) out << (i ? " | " : " ") << group.forms[i];
            out << "\n";
        }
    }
    if (!found) out << "Nothing is known about \"" << term << "\" (analysed: " << key << ")\n";
    return found ? exit_code::kOk : exit_code::kPartial;
}

}  // namespace arxiv
