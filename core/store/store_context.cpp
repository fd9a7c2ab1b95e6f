// SPDX-License-Identifier: MIT
#include "core/store/store_context.h"

#include <sqlite3.h>

#include "core/store/history.h"
#include "core/store/sqlite.h"

namespace kdw::store {

std::string hintFor(int code)
{
    switch (code & 0xff) {
    case SQLITE_FULL:
        return " (free some space: nothing already saved was lost)";
    case SQLITE_CORRUPT:
        return " (the file is damaged; runs in undamaged parts can still be exported)";
    case SQLITE_READONLY:
        return " (the file or its folder cannot be written)";
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
