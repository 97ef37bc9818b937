#include <catch2/catch.hpp>

#include <algorithm>

#include "common/schema/taxonomy.h"
#include "common/util/dates.h"
#include "common/util/normalize.h"

using namespace arxiv;

TEST_CASE("parse_arxiv_id accepts every written form", "[normalize]") {
    auto check = [](const char* in, const char* id, int version) {
        auto p = parse_arxiv_id(in);
        INFO(in);
        REQUIRE(p);
        CHECK(p->id == id);
        CHECK(p->version == version);
    };
    check("2503.21813", "2503.21813", 0);
    check("2503.21813v2", "2503.21813", 2);
    check("arXiv:2503.21813v12", "2503.21813", 12);
    check("https://arxiv.org/abs/2503.21813v2", "2503.21813", 2);
    check("http://arxiv.org/pdf/2403.04417v2.pdf", "2403.04417", 2);
    check("https://arxiv.org/pdf/2403.04417", "2403.04417", 0);
    check("hep-th/9901001", "hep-th/9901001", 0);
    check("HEP-TH/9901001v3", "hep-th/9901001", 3);
    check("math.GT/0309136", "math/0309136", 0);
    check("oai:arXiv.org:cs/0309012", "cs/0309012", 0);
    check("http://arxiv.org/abs/hep-th/0512345v1", "hep-th/0512345", 1);
    check("0704.0001", "0704.0001", 0);
}

TEST_CASE("parse_arxiv_id rejects malformed ids", "[normalize]") {
    for (const char* bad : {"2403.0441", "1412.12345", "2513.12345", "0612.1234", "abc",
                            "2503.21813v0", "hep-th/99010", "hep-th/9913001", "", "2503-21813",
                            "https://example.org/abs/2503.21813"}) {
        INFO(bad);
        CHECK_FALSE(parse_arxiv_id(bad));
    }
}

TEST_CASE("ids carry their submission month and sort chronologically", "[normalize]") {
    CHECK(month_from_id("2503.21813") == "2025-03");
    CHECK(month_from_id("hep-th/9901001") == "1999-01");
    CHECK(month_from_id("math/0309136") == "2003-09");
    CHECK(id_sort_key("hep-th/9901001") < id_sort_key("0704.0001"));
    CHECK(id_sort_key("0704.0001") < id_sort_key("2503.01813"));
    CHECK(id_sort_key("2503.01813") < id_sort_key("2503.21813"));
}

TEST_CASE("normalize_date reads every date form", "[normalize]") {
    CHECK(normalize_date("2024-03-07") == "2024-03-07");
    CHECK(normalize_date("2024-03-07T18:02:55Z") == "2024-03-07");
    CHECK(normalize_date("2007-10-08T22:00:00-04:00") == "2007-10-09");
    CHECK(normalize_date("Mon, 2 Apr 2007 19:18:42 GMT") == "2007-04-02");
    CHECK(normalize_date("Thu, 07 Mar 2024 18:02:55 GMT") == "2024-03-07");
    CHECK(normalize_date("yesterday") == "");
    CHECK(normalize_date("2024-13-07") == "");
    CHECK(date_value("2025-03-14") == "20250314");
    CHECK(date_value("2025-03") == "20250300");
}

TEST_CASE("author names", "[normalize]") {
    CHECK(author_display_name("Pieter J.", "van der Berg", "Jr") == "Pieter J. van der Berg Jr");
    CHECK(author_display_name("Tomasz", "Wi\\'sniewski", "") == "Tomasz Wiśniewski");
    using V = std::vector<std::string>;
    CHECK(split_author_line("Ana Cristina Duarte (Universidade de Lisboa), Tomasz Wi\\'sniewski") ==
          V{"Ana Cristina Duarte", "Tomasz Wiśniewski"});
    CHECK(split_author_line("A. Smith, B. Jones and C. Wu") == V{"A. Smith", "B. Jones", "C. Wu"});
    CHECK(split_author_line("A. Smith (MIT (CSAIL)) and B. Jones") == V{"A. Smith", "B. Jones"});
    CHECK(normalize_doi("https://doi.org/10.1103/PhysRevD.1") == "10.1103/PhysRevD.1");
    CHECK(normalize_doi("doi:10.1/x") == "10.1/x");
}

TEST_CASE("taxonomy", "[taxonomy]") {
    CHECK(known_category("cs.lg") == "cs.LG");
    CHECK(known_category("hep-th") == "hep-th");
    CHECK(known_category("cs.XX") == "");
    CHECK(canonical_category("cs.SY") == "eess.SY");
    CHECK(canonical_category("cmp-lg") == "cs.CL");
    CHECK(canonical_category("cs.LG") == "cs.LG");
    CHECK(archive_of("astro-ph.CO") == "astro-ph");
    CHECK(category_index_names("cs.SY") == std::vector<std::string>{"cs.sy", "eess.sy"});
    CHECK(is_known_archive("cs"));
}

TEST_CASE("taxonomy: one table for names, oai_dc names and set groups", "[taxonomy]") {
    std::vector<std::string> all = active_categories();
    CHECK(all.size() > 150);
    CHECK(all.front() == "astro-ph.CO");
    CHECK(all.back() == "quant-ph");
    // Each once (cs.LG has two oai_dc names but is one category).
    CHECK(std::count(all.begin(), all.end(), "cs.LG") == 1);
    for (const std::string& c : all) {
        INFO(c);
        CHECK(known_category(c) == c);
        CHECK(category_of_display_name(category_display_name(c)) == c);
    }
    CHECK(category_display_name("cs.lg") == "Computer Science - Machine Learning");
    CHECK(category_display_name("quant-ph") == "Quantum Physics");
    CHECK(category_display_name("cs") == "");
    CHECK(category_display_name("cmp-lg") == "");  // legacy: never written by oai_dc
    CHECK(category_of_display_name("Computer Science - Learning") == "cs.LG");
    CHECK(category_of_display_name("statistics - machine learning") == "stat.ML");
    CHECK(category_of_display_name("Mathematics - Nonexistent Theory") == "");
    CHECK(archives_of_group("physics") ==
          std::vector<std::string>{"astro-ph", "cond-mat", "nlin", "physics", "gr-qc", "hep-ex", "hep-lat",
                                   "hep-ph", "hep-th", "math-ph", "nucl-ex", "nucl-th", "quant-ph"});
    CHECK(archives_of_group("cs") == std::vector<std::string>{"cs"});
    CHECK(archives_of_group("q-bio") == std::vector<std::string>{"q-bio"});
    CHECK(archives_of_group("Physics").empty());
    CHECK(archives_of_group("hep-th").empty());  // an archive, not a group
}

TEST_CASE("ids shaped like arXiv ids that cannot exist", "[normalize]") {
    for (const char* shaped : {"0000.0000", "0808.05394", "0808.05394v2", "hep-th/9913001", "arXiv:0000.00000"}) {
        INFO(shaped);
        CHECK(arxiv_id_shaped(shaped));
    }
    for (const char* not_shaped : {"2403.0441", "bogus", "2403.1", "12345.6789", "hep-th/99", "", "2501.00004"}) {
        INFO(not_shaped);
        CHECK_FALSE(arxiv_id_shaped(not_shaped));
    }
}
