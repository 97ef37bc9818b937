// Starts tests/harvest/fake_arxiv.py on a free 127.0.0.1 port for one test
// and stops it when the test ends.
#pragma once

#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace e2e {

class FakeArxiv {
public:
    explicit FakeArxiv(const std::vector<std::string>& args) {
        int out[2];
        if (pipe(out) != 0) throw std::runtime_error("pipe failed");
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            close(out[1]);
            std::vector<std::string> argv_s = {"python3", std::string(ARXIV_FAKE_SERVER)};
            argv_s.insert(argv_s.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (auto& a : argv_s) argv.push_back(a.data());
            argv.push_back(nullptr);
            execvp("python3", argv.data());
            _exit(127);
        }
        close(out[1]);
        FILE* f = fdopen(out[0], "r");
        char line[128] = {0};
        if (!f || !fgets(line, sizeof line, f) || sscanf(line, "PORT %d", &port_) != 1) {
            stop();
            throw std::runtime_error("fake arXiv server did not start");
        }
        fclose(f);
    }
    ~FakeArxiv() { stop(); }
    FakeArxiv(const FakeArxiv&) = delete;
    FakeArxiv& operator=(const FakeArxiv&) = delete;

    int port() const { return port_; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string oai() const { return base() + "/oai"; }
    std::string api() const { return base() + "/api/query"; }

    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace e2e
