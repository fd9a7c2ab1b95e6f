// SPDX-License-Identifier: MIT
// A private temporary directory for fuzz targets that must go through files (a history, a run
// import): created once per process under the system's temporary directory, emptied between
// inputs, removed at exit. Nothing outside it is ever written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace kdw::fuzz {

class ScratchDir {
public:
    ScratchDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "kdw-fuzz-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            std::abort(); // no scratch space: the target cannot run safely
        }
        m_path = pattern;
    }
    ~ScratchDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

    // Removes everything inside (the history, its -wal/-shm/-journal files, its backups).
    void clear() const
    {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(m_path, ec)) {
            std::filesystem::remove_all(entry.path(), ec);
        }
    }

    // Writes `size` bytes to the file `name` inside and returns its path.
    [[nodiscard]] std::string write(
        const std::string& name, const std::uint8_t* data, std::size_t size) const
    {
        const auto file = (m_path / name).string();
        std::ofstream out(file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        return file;
    }

    // Whether every entry inside starts with `prefix` (a history writes only itself and
    // files named after it: -wal, -shm, -journal, .bak-...).
    [[nodiscard]] bool onlyFilesStartingWith(const std::string& prefix) const
    {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(m_path, ec)) {
            if (entry.path().filename().string().rfind(prefix, 0) != 0) {
                return false;
            }
        }
        return true;
    }

private:
    std::filesystem::path m_path;
};

} // namespace kdw::fuzz
