// SPDX-License-Identifier: MIT
#include "core/store/store_context.h"

#include <filesystem>
#include <unistd.h>

#include <sqlite3.h>

#include "core/store/history.h"
#include "core/store/sqlite.h"

namespace kdw::store {

namespace {

// Which of the history file and its folder cannot be written, in a sentence.
std::string readOnlyHint(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path folder = fs::absolute(fs::path(path), ec).parent_path();
    if (::access(folder.c_str(), W_OK) != 0) {
        return " (the folder " + folder.string()
            + " is read-only: a history needs to write its journal beside it; copy the file to a "
              "writable folder, or choose another history)";
    }
    if (::access(path.c_str(), W_OK) != 0) {
        return " (the file is read-only: make it writable, or copy it)";
    }
    return " (the file or its folder cannot be written)";
}

} // namespace

std::string hintFor(int code, const std::string& path)
{
    switch (code & 0xff) {
    case SQLITE_FULL:
        return " (free some space: nothing already saved was lost)";
    case SQLITE_CORRUPT:
        return " (the file is damaged; its dated backups, if any, sit beside it as "
               "<name>.bak-<date>: "
               "the workbench offers the newest intact one when it opens the file)";
    case SQLITE_READONLY:
        return readOnlyHint(path);
    default:
        return {};
    }
}

RunSummary readSummary(const Statement& st)
{
    RunSummary r;
    r.id = st.getInt(0);
    r.uuid = st.getText(1);
    r.name = st.getText(2);
    r.status = st.getText(3);
    r.method = st.getText(4);
    r.createdAt = st.getText(5);
    r.startedAt = st.getText(6);
    r.finishedAt = st.getText(7);
    r.durationSeconds = st.getDouble(8);
    if (!st.isNull(9)) {
        r.teacherRun = st.getInt(9);
    }
    r.message = st.getText(10);
    r.notes = st.getText(11);
    if (!st.isNull(12)) {
        r.sweepId = st.getInt(12);
    }
    return r;
}

} // namespace kdw::store
