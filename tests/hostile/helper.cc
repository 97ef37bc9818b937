// hostile-helper: what tests/hostile/hostile_inputs.py cannot do from Python.
//
//   hostile-helper run RESULT-FILE CMD [ARG...]
//     Runs CMD and writes "exited N" or "signal N", then its peak RSS in kB
//     (ru_maxrss from wait4), to RESULT-FILE; exits 0 (1 if CMD cannot start).
//     A child's ru_maxrss starts at the RSS its parent had when it forked
//     (Linux keeps the high-water mark across exec), so a Python process
//     measuring its own children would add its own size to every row; this
//     small process forks instead. CMD stays in this process group, so
//     killing the group kills both.
//   hostile-helper set-metadata DB KEY VALUE-FILE
//     Writes the bytes of VALUE-FILE as the user metadata KEY of the Xapian
//     index DB, to plant corrupted harvest, fetch and coverage state.
#include <xapian.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

namespace {

int run(const char* result_file, char** argv) {
    const pid_t pid = fork();
    if (pid < 0) {
        std::perror("hostile-helper: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        std::fprintf(stderr, "hostile-helper: cannot run %s: %s\n", argv[0], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage usage {};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::perror("hostile-helper: wait4");
            return 1;
        }
    }
    std::ofstream out(result_file);
    if (WIFSIGNALED(status)) out << "signal " << WTERMSIG(status);
    else out << "exited " << WEXITSTATUS(status);
    out << " " << usage.ru_maxrss << "\n";
    return out ? 0 : 1;
}

int set_metadata(const char* db_path, const char* key, const char* value_file) {
    std::ifstream in(value_file, std::ios::binary);
    if (!in) {
        std::cerr << "hostile-helper: cannot read " << value_file << "\n";
        return 2;
    }
    const std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
        Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OPEN);
        db.set_metadata(key, value);
        db.commit();
    } catch (const Xapian::Error& e) {
        std::cerr << "hostile-helper: " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "";
    if (what == "run" && argc >= 4) return run(argv[2], argv + 3);
    if (what == "set-metadata" && argc == 5) return set_metadata(argv[2], argv[3], argv[4]);
    std::cerr << "usage: hostile-helper run RESULT-FILE CMD [ARG...]\n"
                 "       hostile-helper set-metadata DB KEY VALUE-FILE\n";
    return 2;
}
