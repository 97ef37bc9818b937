// A program run in the background by a test, without a shell: its pid is the
// program's own, so the test can watch it (/proc), signal it and reap it. And
// poll_until, for waiting on what a test can observe instead of sleeping.
#pragma once

#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace e2e {

class Process {
public:
    // Runs argv[0] with argv; stdin, stdout and stderr are these files
    // (stdin may be a FIFO: the child then waits for a writer to open it).
    // `env`: "NAME=value" settings added to the child's environment.
    explicit Process(std::vector<std::string> argv, const std::string& out = "/dev/null",
                     const std::string& err = "/dev/null", const std::string& in = "/dev/null",
                     std::vector<std::string> env = {}) {
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            for (auto& e : env) putenv(e.data());
            int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int i = open(in.c_str(), O_RDONLY);
            if (o < 0 || e < 0 || i < 0) _exit(126);
            dup2(i, STDIN_FILENO);
            dup2(o, STDOUT_FILENO);
            dup2(e, STDERR_FILENO);
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
    }
    ~Process() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }

    // True until it has exited (then it is reaped and wait() returns at once).
    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
        reaped(status);
        return false;
    }

    // The exit code; 128 + the signal if a signal ended it.
    int wait() {
        if (pid_ > 0) {
            int status = 0;
            waitpid(pid_, &status, 0);
            reaped(status);
        }
        return code_;
    }

    void signal(int sig) {
        if (pid_ > 0) kill(pid_, sig);
    }

    // Whether it is asleep in nanosleep (std::this_thread::sleep_for), from
    // /proc/PID/wchan or /proc/PID/syscall; nullopt where neither can be read.
    std::optional<bool> in_nanosleep() const {
        const std::string dir = "/proc/" + std::to_string(pid_);
        bool readable = false;
        std::ifstream w(dir + "/wchan");
        std::string wchan;
        if (std::getline(w, wchan)) {
            readable = true;
            if (wchan.find("nanosleep") != std::string::npos) return true;
        }
        std::ifstream s(dir + "/syscall");
        std::string call;
        if (s >> call) {
            readable = true;
#if defined(__x86_64__)
            if (call == "35" || call == "230") return true;  // nanosleep, clock_nanosleep
#elif defined(__aarch64__)
            if (call == "101" || call == "115") return true;
#endif
        }
        if (!readable) return std::nullopt;
        return false;
    }

private:
    void reaped(int status) {
        code_ = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
        pid_ = -1;
    }

    pid_t pid_ = -1;
    int code_ = -1;
};

// Polls `done` every 10 ms until it holds; false after `limit` (a bound for a
// broken program, never a timing assumption: a test fails when it runs out).
inline bool poll_until(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(120)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

}  // namespace e2e
