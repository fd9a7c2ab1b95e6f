// SPDX-License-Identifier: MIT
// Fuzz target: importing a run exported as JSON (History::exportRunJson's format, what `kdw
// import` and the GUI read from a colleague's file). Each input is imported into a history in a
// private temporary directory inside a transaction that is rolled back, so every input meets the
// same empty history. Any input is either imported or refused with a StoreError; an imported run
// must export, and that export must import and export again to the same text (nothing lost or
// changed on the way). Anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/common/error.h"
#include "core/store/archive.h"
#include "core/store/history.h"
#include "core/store/sqlite.h"
#include "tests/fuzz/scratch_dir.h"

namespace {

// Imports `json` and exports the run again, leaving the history as it was.
std::string importAndExport(kdw::store::History& history, const std::string& json)
{
    const kdw::store::Transaction tx(history.database()); // rolled back when it goes
    const auto id = kdw::store::importRunDocument(history.database(), json);
    return history.exportRunJson(id, true);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const kdw::fuzz::ScratchDir scratch;
    static kdw::store::History history((scratch.path() / "history.sqlite").string());
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::string exported;
    try {
        exported = importAndExport(history, text);
    } catch (const kdw::StoreError&) {
        return 0; // a clear refusal is a correct answer
    }
    if (importAndExport(history, exported) != exported) {
        __builtin_trap(); // the export of an imported run does not survive its own import
    }
    if (!history.listRuns().empty()) {
        __builtin_trap(); // the rollback left a run behind
    }
    return 0;
}
