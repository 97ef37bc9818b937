#include "common/schema/taxonomy.h"

#include <algorithm>
#include <cctype>

namespace arxiv {
namespace {

// Active categories (arxiv-base, mid-2026), written as archive + subjects.
const struct {
    const char* archive;
    const char* subjects;  // space-separated; empty for single-category archives
} kTaxonomy[] = {
    {"astro-ph", "CO EP GA HE IM SR"},
    {"cond-mat", "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con"},
    {"cs", "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM "
           "MS NA NE NI OH OS PF PL RO SC SD SE SI SY"},
    {"econ", "EM GN TH"},
    {"eess", "AS IV SP SY"},
    {"math", "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC "
             "PR QA RA RT SG SP ST"},
    {"nlin", "AO CD CG PS SI"},
    {"physics", "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph "
                "data-an ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics "
                "plasm-ph pop-ph soc-ph space-ph"},
    {"q-bio", "BM CB GN MN NC OT PE QM SC TO"},
    {"q-fin", "CP EC GN MF PM PR RM ST TR"},
    {"stat", "AP CO ME ML OT TH"},
    {"gr-qc", ""}, {"hep-ex", ""}, {"hep-lat", ""}, {"hep-ph", ""}, {"hep-th", ""},
    {"math-ph", ""}, {"nucl-ex", ""}, {"nucl-th", ""}, {"quant-ph", ""},
    // Subsumed archives and legacy bare archives seen in old records.
    {"cmp-lg", ""}, {"adap-org", ""}, {"comp-gas", ""}, {"chao-dyn", ""},
    {"solv-int", ""}, {"patt-sol", ""}, {"alg-geom", ""}, {"dg-ga", ""},
    {"funct-an", ""}, {"q-alg", ""}, {"mtrl-th", ""}, {"supr-con", ""},
    {"acc-phys", ""}, {"ao-sci", ""}, {"atom-ph", ""}, {"bayes-an", ""},
    {"chem-ph", ""}, {"plasm-ph", ""},
};

const struct {
    const char* alias;
    const char* canonical;
} kAliases[] = {
    {"math.MP", "math-ph"}, {"stat.TH", "math.ST"}, {"math.IT", "cs.IT"},
    {"q-fin.EC", "econ.GN"}, {"cs.SY", "eess.SY"}, {"cs.NA", "math.NA"},
    {"cmp-lg", "cs.CL"}, {"adap-org", "nlin.AO"}, {"comp-gas", "nlin.CG"},
    {"chao-dyn", "nlin.CD"}, {"solv-int", "nlin.SI"}, {"patt-sol", "nlin.PS"},
    {"alg-geom", "math.AG"}, {"dg-ga", "math.DG"}, {"funct-an", "math.FA"},
    {"q-alg", "math.QA"}, {"mtrl-th", "cond-mat.mtrl-sci"},
    {"supr-con", "cond-mat.supr-con"}, {"acc-phys", "physics.acc-ph"},
    {"ao-sci", "physics.ao-ph"}, {"atom-ph", "physics.atom-ph"},
    {"bayes-an", "physics.data-an"}, {"chem-ph", "physics.chem-ph"},
    {"plasm-ph", "physics.plasm-ph"},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::string known_category(std::string_view name) {
    size_t dot = name.find('.');
    std::string_view archive = name.substr(0, dot);
    for (const auto& a : kTaxonomy) {
        if (!iequals(archive, a.archive)) continue;
        if (dot == std::string_view::npos) return a.archive;
        std::string_view subject = name.substr(dot + 1);
        std::string_view subjects = a.subjects;
        size_t pos = 0;
        while (pos < subjects.size()) {
            size_t end = subjects.find(' ', pos);
            if (end == std::string_view::npos) end = subjects.size();
            std::string_view candidate = subjects.substr(pos, end - pos);
            if (iequals(candidate, subject)) return std::string(a.archive) + "." + std::string(candidate);
            pos = end + 1;
        }
        return "";
    }
    return "";
}

bool is_known_archive(std::string_view name) {
    for (const auto& a : kTaxonomy)
        if (iequals(name, a.archive)) return true;
    return false;
}

std::string canonical_category(std::string_view category) {
    for (const auto& a : kAliases)
        if (iequals(category, a.alias)) return a.canonical;
    return std::string(category);
}

std::string archive_of(std::string_view category) {
    return std::string(category.substr(0, category.find('.')));
}

std::vector<std::string> category_index_names(std::string_view category) {
    std::vector<std::string> names{lower(category)};
    std::string canonical = lower(canonical_category(category));
    if (canonical != names.front()) names.push_back(canonical);
    return names;
}

}  // namespace arxiv
