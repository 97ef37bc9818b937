// `arxiv-query serve`: flags, startup checks, and clean shutdown on
// SIGINT/SIGTERM. The endpoints are in query/serve/server.cc.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "common/schema/synonyms.h"
#include "common/util/exit_codes.h"
#include "common/cli/cli.h"
#include "query/commands.h"
#include "query/serve_flags.h"
#include "query/search/search.h"
#include "query/serve/server.h"

namespace arxiv {
namespace {

// SIGINT/SIGTERM handler -> pipe -> a watcher thread that stops the server.
// A handler (rather than blocking the signals and sigwait()) means no thread
// can ever take the default action and kill the process mid-request, and
// write() is one of the few things a handler may safely do.
int stop_pipe[2] = {-1, -1};

extern "C" void on_stop_signal(int sig) {
    unsigned char c = static_cast<unsigned char>(sig);
    ssize_t ignored = write(stop_pipe[1], &c, 1);
    (void)ignored;
}

// Each connection is a file descriptor: the soft limit is raised to the
// hard one (Debian's default soft limit is 1024), and --max-connections is
// lowered to what fits beside the index files (a searcher holds about ten).
unsigned fit_connections(unsigned wanted, unsigned threads) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY) return wanted;
    const rlim_t reserve = 64 + 16 * static_cast<rlim_t>(threads);
    const rlim_t room = limit.rlim_cur > reserve ? limit.rlim_cur - reserve : 1;
    if (wanted <= room) return wanted;
    std::cerr << "arxiv-query serve: warning: --max-connections " << wanted << " lowered to " << room
              << ": the process may open " << limit.rlim_cur << " files (ulimit -n)\n";
    return static_cast<unsigned>(room);
}

int run_serve(const ServeFlags& flags, const std::string& db_path) {
    namespace ec = exit_code;
    ServeOptions options;
    std::string why;
    if (!parse_listen_address(flags.listen, options.host, options.port, why)) {
        std::cerr << "arxiv-query serve: error: --listen " << flags.listen << ": " << why << "\n";
        return ec::kUsage;
    }
    options.max_results = flags.max_results;
    options.threads = flags.threads;
    options.max_connections = fit_connections(flags.max_connections, flags.threads);
    options.max_connections_per_client = flags.max_connections_per_client;
    options.request_timeout = flags.request_timeout;
    options.keep_alive_timeout = flags.keep_alive;
    options.max_cpu = flags.max_cpu;
    options.synonym_files = flags.synonym_files;
    if (const char* faults = std::getenv("ARXIV_SERVE_TEST_FAULTS")) {
        // Test-only fault injection (tests/e2e/test_serve.cc).
        const std::string f = faults;
        options.fault_routes = f.find("routes") != std::string::npos;
        if (f.find("startup") != std::string::npos) throw std::logic_error("injected fault at startup");
    }

    if (pipe(stop_pipe) != 0) {
        std::cerr << "arxiv-query serve: error: cannot create a pipe: " << std::strerror(errno) << "\n";
        return ec::kUsage;
    }
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    std::unique_ptr<ApiServer> server;
    int port = 0;
    try {
        server = std::make_unique<ApiServer>(db_path, options);
        port = server->bind();
    } catch (const DatabaseUnavailable& e) {
        std::cerr << "arxiv-query serve: error: " << e.what() << "\n";
        return ec::kDatabase;
    } catch (const SynonymFileError& e) {
        std::cerr << "arxiv-query serve: error: " << e.what() << "\n";
        return ec::kUsage;
    } catch (const std::runtime_error& e) {
        std::cerr << "arxiv-query serve: error: " << e.what()
                  << "\n  hint: choose another address or port with --listen (port 0 picks a free one)\n";
        return ec::kUsage;
    }
    std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::cerr << "arxiv-query serve: listening on http://" << shown_host << ":" << port
              << " (index " << db_path << "); the search page at /, endpoints /api/query and /search; Ctrl-C stops"
              << std::endl;

    std::atomic<bool> finished{false}, signalled{false};
    std::thread waiter([&] {
        unsigned char sig = 0;
        while (read(stop_pipe[0], &sig, 1) < 0 && errno == EINTR) {
        }
        if (finished) return;  // woken by the main thread after the server ended
        signalled = true;
        std::cerr << "arxiv-query serve: " << strsignal(sig) << ", stopping" << std::endl;
        // stop() does nothing until the accept loop is running; repeat it
        // so a signal that arrives during startup still ends the server.
        while (!finished) {
            server->stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    bool ok = false;
    std::exception_ptr failure;
    try {
        ok = server->run();
    } catch (...) {
        failure = std::current_exception();  // reported by main, once the watcher has ended
    }
    finished = true;
    if (!signalled) on_stop_signal(0);  // wake the watcher so it can end
    waiter.join();
    if (failure) std::rethrow_exception(failure);
    if (!ok && !signalled) {
        std::cerr << "arxiv-query serve: error: the server stopped accepting connections\n";
        return ec::kUsage;
    }
    return ec::kOk;
}

}  // namespace

Command add_serve_command(CLI::App& parent) {
    auto flags = std::make_shared<ServeFlags>();
    CLI::App* app = add_serve_flags(parent, *flags);
    return {app, [flags](const std::string& db_path) { return run_serve(*flags, db_path); }};
}

}  // namespace arxiv
