// SPDX-License-Identifier: MIT
// Runs a shell command for an end-to-end test and keeps its exit code and output.
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace kdw::test {

struct Output {
    int status = -1; // the exit code; -1 when the command did not exit normally
    std::string text; // standard output and standard error, interleaved
};

inline Output runCommand(const std::string& cmd)
{
    Output out;
    FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        return out;
    }
    std::array<char, 4096> buf {};
    while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) {
        out.text += buf.data();
    }
    const int rc = ::pclose(pipe);
    out.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

} // namespace kdw::test
