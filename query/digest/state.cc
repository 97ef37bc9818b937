#include "query/digest/state.h"

#include "common/text/text.h"
#include "common/util/dates.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "query/digest/util.h"

namespace arxiv {
namespace {

namespace fs = std::filesystem;

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

}  // namespace

std::string digest_state_dir() {
    // The XDG spec says relative values are invalid and must be ignored.
    std::string xdg = env("XDG_STATE_HOME");
    if (!xdg.empty() && xdg[0] == '/') return xdg + "/arxiv-search/digests";
    std::string home = env("HOME");
    if (!home.empty() && home[0] == '/') return home + "/.local/state/arxiv-search/digests";
    throw DigestStateError(
        "no place for the digest state: set XDG_STATE_HOME (or HOME) to an absolute directory");
}

std::string digest_config_key(const std::string& config_path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(config_path, ec), ec);
    if (ec) p = fs::absolute(config_path);
    return p.string();
}

std::string digest_state_path(const std::string& config_path) {
    const std::string key = digest_config_key(config_path);
    const std::string stem = digest_util::slug(fs::path(key).stem().string());
    return digest_state_dir() + "/" + stem + "-" + stable_hash_hex(key).substr(0, 12) + ".json";
}

std::optional<DigestState> load_digest_state(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::nullopt;
    const std::string fix = "; delete it to start over (the next run then covers the last days)";
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DigestStateError("cannot read the digest state " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("last_run") || !j["last_run"].is_string())
        throw DigestStateError("the digest state " + path + " is damaged" + fix);
    DigestState s;
    s.last_run = j["last_run"].get<std::string>();
    std::time_t t;
    if (!parse_iso_utc(s.last_run, t))
        throw DigestStateError("the digest state " + path + " has an unreadable last_run \"" + s.last_run +
                               "\"" + fix);
    if (j.contains("config") && j["config"].is_string()) s.config = j["config"].get<std::string>();
    if (j.contains("title") && j["title"].is_string()) s.title = j["title"].get<std::string>();
    if (j.contains("papers") && j["papers"].is_number_unsigned()) s.papers = j["papers"].get<std::uint64_t>();
    if (j.contains("seen_at_last_run") && j["seen_at_last_run"].is_array())
        for (const auto& id : j["seen_at_last_run"])
            if (id.is_string()) s.seen_at_last_run.push_back(id.get<std::string>());
    return s;
}

void save_digest_state(const std::string& path, const DigestState& state) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (ec) throw std::runtime_error("cannot create " + fs::path(path).parent_path().string() + ": " + ec.message());
    nlohmann::ordered_json j;
    j["format_version"] = 1;
    j["last_run"] = state.last_run;
    j["config"] = state.config;
    j["title"] = state.title;
    j["papers"] = state.papers;
    j["seen_at_last_run"] = state.seen_at_last_run;
    digest_util::write_file_atomically(path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace arxiv
