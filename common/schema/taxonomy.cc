#include "common/schema/taxonomy.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace arxiv {
namespace {

// arXiv's taxonomy, the one table (arxiv-base, mid-2026): each archive's id,
// its name as oai_dc writes it in <dc:subject>, the OAI-PMH set group it is
// harvested in, and its subject classes as "CODE:Name;CODE:Name;..." (empty
// for a single-category archive). A category is "<archive>.<CODE>"; in
// oai_dc it is "<archive name> - <subject name>", or the archive's name
// alone. A code may have two names (cs.LG was "Learning").
struct ArchiveRow {
    const char* id;
    const char* name;
    const char* group;
    const char* subjects;
};
const ArchiveRow kArchives[] = {
    {"astro-ph", "Astrophysics", "physics",
     "CO:Cosmology and Nongalactic Astrophysics;EP:Earth and Planetary Astrophysics;"
     "GA:Astrophysics of Galaxies;HE:High Energy Astrophysical Phenomena;"
     "IM:Instrumentation and Methods for Astrophysics;SR:Solar and Stellar Astrophysics"},
    {"cond-mat", "Condensed Matter", "physics",
     "dis-nn:Disordered Systems and Neural Networks;mes-hall:Mesoscale and Nanoscale Physics;"
     "mtrl-sci:Materials Science;other:Other Condensed Matter;quant-gas:Quantum Gases;"
     "soft:Soft Condensed Matter;stat-mech:Statistical Mechanics;"
     "str-el:Strongly Correlated Electrons;supr-con:Superconductivity"},
    {"cs", "Computer Science", "cs",
     "AI:Artificial Intelligence;AR:Hardware Architecture;CC:Computational Complexity;"
     "CE:Computational Engineering, Finance, and Science;CG:Computational Geometry;"
     "CL:Computation and Language;CR:Cryptography and Security;"
     "CV:Computer Vision and Pattern Recognition;CY:Computers and Society;DB:Databases;"
     "DC:Distributed, Parallel, and Cluster Computing;DL:Digital Libraries;"
     "DM:Discrete Mathematics;DS:Data Structures and Algorithms;ET:Emerging Technologies;"
     "FL:Formal Languages and Automata Theory;GL:General Literature;GR:Graphics;"
     "GT:Computer Science and Game Theory;HC:Human-Computer Interaction;"
     "IR:Information Retrieval;IT:Information Theory;LG:Machine Learning;LG:Learning;"
     "LO:Logic in Computer Science;MA:Multiagent Systems;MM:Multimedia;"
     "MS:Mathematical Software;NA:Numerical Analysis;NE:Neural and Evolutionary Computing;"
     "NI:Networking and Internet Architecture;OH:Other Computer Science;OS:Operating Systems;"
     "PF:Performance;PL:Programming Languages;RO:Robotics;SC:Symbolic Computation;SD:Sound;"
     "SE:Software Engineering;SI:Social and Information Networks;SY:Systems and Control"},
    {"econ", "Economics", "econ", "EM:Econometrics;GN:General Economics;TH:Theoretical Economics"},
    {"eess", "Electrical Engineering and Systems Science", "eess",
     "AS:Audio and Speech Processing;IV:Image and Video Processing;SP:Signal Processing;"
     "SY:Systems and Control"},
    {"math", "Mathematics", "math",
     "AC:Commutative Algebra;AG:Algebraic Geometry;AP:Analysis of PDEs;AT:Algebraic Topology;"
     "CA:Classical Analysis and ODEs;CO:Combinatorics;CT:Category Theory;CV:Complex Variables;"
     "DG:Differential Geometry;DS:Dynamical Systems;FA:Functional Analysis;"
     "GM:General Mathematics;GN:General Topology;GR:Group Theory;GT:Geometric Topology;"
     "HO:History and Overview;IT:Information Theory;KT:K-Theory and Homology;LO:Logic;"
     "MG:Metric Geometry;MP:Mathematical Physics;NA:Numerical Analysis;NT:Number Theory;"
     "OA:Operator Algebras;OC:Optimization and Control;PR:Probability;QA:Quantum Algebra;"
     "RA:Rings and Algebras;RT:Representation Theory;SG:Symplectic Geometry;"
     "SP:Spectral Theory;ST:Statistics Theory"},
    {"nlin", "Nonlinear Sciences", "physics",
     "AO:Adaptation and Self-Organizing Systems;CD:Chaotic Dynamics;"
     "CG:Cellular Automata and Lattice Gases;PS:Pattern Formation and Solitons;"
     "SI:Exactly Solvable and Integrable Systems"},
    {"physics", "Physics", "physics",
     "acc-ph:Accelerator Physics;ao-ph:Atmospheric and Oceanic Physics;app-ph:Applied Physics;"
     "atm-clus:Atomic and Molecular Clusters;atom-ph:Atomic Physics;bio-ph:Biological Physics;"
     "chem-ph:Chemical Physics;class-ph:Classical Physics;comp-ph:Computational Physics;"
     "data-an:Data Analysis, Statistics and Probability;ed-ph:Physics Education;"
     "flu-dyn:Fluid Dynamics;gen-ph:General Physics;geo-ph:Geophysics;"
     "hist-ph:History and Philosophy of Physics;ins-det:Instrumentation and Detectors;"
     "med-ph:Medical Physics;optics:Optics;plasm-ph:Plasma Physics;pop-ph:Popular Physics;"
     "soc-ph:Physics and Society;space-ph:Space Physics"},
    {"q-bio", "Quantitative Biology", "q-bio",
     "BM:Biomolecules;CB:Cell Behavior;GN:Genomics;MN:Molecular Networks;"
     "NC:Neurons and Cognition;OT:Other Quantitative Biology;PE:Populations and Evolution;"
     "QM:Quantitative Methods;SC:Subcellular Processes;TO:Tissues and Organs"},
    {"q-fin", "Quantitative Finance", "q-fin",
     "CP:Computational Finance;EC:Economics;GN:General Finance;MF:Mathematical Finance;"
     "PM:Portfolio Management;PR:Pricing of Securities;RM:Risk Management;"
     "ST:Statistical Finance;TR:Trading and Market Microstructure"},
    {"stat", "Statistics", "stat",
     "AP:Applications;CO:Computation;ME:Methodology;ML:Machine Learning;"
     "OT:Other Statistics;TH:Statistics Theory"},
    {"gr-qc", "General Relativity and Quantum Cosmology", "physics", ""},
    {"hep-ex", "High Energy Physics - Experiment", "physics", ""},
    {"hep-lat", "High Energy Physics - Lattice", "physics", ""},
    {"hep-ph", "High Energy Physics - Phenomenology", "physics", ""},
    {"hep-th", "High Energy Physics - Theory", "physics", ""},
    {"math-ph", "Mathematical Physics", "physics", ""},
    {"nucl-ex", "Nuclear Experiment", "physics", ""},
    {"nucl-th", "Nuclear Theory", "physics", ""},
    {"quant-ph", "Quantum Physics", "physics", ""},
    // Subsumed archives and legacy bare archives seen in old records: known
    // names (their listings count as the category kAliases gives), in no
    // group and never written by oai_dc.
    {"cmp-lg", "", "", ""}, {"adap-org", "", "", ""}, {"comp-gas", "", "", ""},
    {"chao-dyn", "", "", ""}, {"solv-int", "", "", ""}, {"patt-sol", "", "", ""},
    {"alg-geom", "", "", ""}, {"dg-ga", "", "", ""}, {"funct-an", "", "", ""},
    {"q-alg", "", "", ""}, {"mtrl-th", "", "", ""}, {"supr-con", "", "", ""},
    {"acc-phys", "", "", ""}, {"ao-sci", "", "", ""}, {"atom-ph", "", "", ""},
    {"bayes-an", "", "", ""}, {"chem-ph", "", "", ""}, {"plasm-ph", "", "", ""},
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

struct Subject {
    std::string code;
    std::string name;
};

struct Archive {
    std::string id, name, group;
    std::vector<Subject> subjects;  // in table order; a code may repeat with another name
};

// kArchives parsed, once.
const std::vector<Archive>& archives() {
    static const std::vector<Archive> parsed = [] {
        std::vector<Archive> out;
        for (const ArchiveRow& row : kArchives) {
            Archive a{row.id, row.name, row.group, {}};
            std::string_view subjects = row.subjects;
            size_t pos = 0;
            while (pos < subjects.size()) {
                size_t end = std::min(subjects.find(';', pos), subjects.size());
                std::string_view entry = subjects.substr(pos, end - pos);
                size_t colon = entry.find(':');
                a.subjects.push_back({std::string(entry.substr(0, colon)), std::string(entry.substr(colon + 1))});
                pos = end + 1;
            }
            out.push_back(std::move(a));
        }
        return out;
    }();
    return parsed;
}

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
    for (const Archive& a : archives()) {
        if (!iequals(archive, a.id)) continue;
        if (dot == std::string_view::npos) return a.id;
        std::string_view subject = name.substr(dot + 1);
        for (const Subject& s : a.subjects)
            if (iequals(s.code, subject)) return a.id + "." + s.code;
        return "";
    }
    return "";
}

bool is_known_archive(std::string_view name) {
    for (const Archive& a : archives())
        if (iequals(name, a.id)) return true;
    return false;
}

std::vector<std::string> active_categories() {
    std::vector<std::string> out;
    for (const Archive& a : archives()) {
        if (a.name.empty()) continue;
        if (a.subjects.empty()) out.push_back(a.id);
        for (const Subject& s : a.subjects) {
            std::string category = a.id + "." + s.code;
            if (out.empty() || out.back() != category) out.push_back(std::move(category));
        }
    }
    return out;
}

std::string category_display_name(std::string_view category) {
    std::string known = known_category(category);
    size_t dot = known.find('.');
    for (const Archive& a : archives()) {
        if (a.name.empty() || known.compare(0, dot, a.id) != 0 || (dot == std::string::npos) != a.subjects.empty())
            continue;
        if (dot == std::string::npos) return a.name;
        for (const Subject& s : a.subjects)
            if (known.compare(dot + 1, std::string::npos, s.code) == 0) return a.name + " - " + s.name;
    }
    return "";
}

std::string category_of_display_name(std::string_view name) {
    for (const Archive& a : archives()) {
        if (a.name.empty()) continue;
        if (a.subjects.empty()) {
            if (iequals(name, a.name)) return a.id;
            continue;
        }
        if (name.size() <= a.name.size() + 3 || !iequals(name.substr(0, a.name.size()), a.name) ||
            name.substr(a.name.size(), 3) != " - ")
            continue;
        std::string_view subject = name.substr(a.name.size() + 3);
        for (const Subject& s : a.subjects)
            if (iequals(s.name, subject)) return a.id + "." + s.code;
    }
    return "";
}

std::vector<std::string> archives_of_group(std::string_view group) {
    std::vector<std::string> out;
    if (group.empty()) return out;
    for (const Archive& a : archives())
        if (a.group == group) out.push_back(a.id);
    return out;
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
