// SPDX-License-Identifier: MIT
// Merging history files: checked snapshots of the inputs, then one transaction on the output that
// copies the runs it lacks (through the run export format) and re-points their teacher links.
#include "core/store/merge.h"

#include <algorithm>
#include <set>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/store/archive.h"
#include "core/store/backup.h"
#include "core/store/encoding.h"
#include "core/store/sqlite.h"
#include "core/store/store_context.h"

namespace kdw::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// `message` with every mention of the snapshot `from` replaced by the file the user named.
std::string namingInput(std::string message, const std::string& from, const std::string& to)
{
    for (auto at = message.find(from); at != std::string::npos; at = message.find(from, at)) {
        message.replace(at, from.size(), to);
        at += to.size();
    }
    return message;
}

// Refuses, naming it, an input that cannot be merged into `intoPath` before anything is copied.
void checkInput(const std::string& input, const std::string& intoPath)
{
    std::error_code ec;
    if (!fs::is_regular_file(input, ec)) {
        throw StoreError(input + ": no such history file to merge");
    }
    if (fs::file_size(input, ec) == 0) {
        throw StoreError(input + ": is empty, not a KD Workbench history; nothing was merged");
    }
    if (isHistoryFile(input, intoPath)) {
        throw StoreError(input + ": is the history being merged into; nothing to merge");
    }
    if (const auto problem = historyProblem(input)) {
        throw StoreError(input + ": cannot be merged: " + *problem + "; nothing was merged");
    }
}

// An id given as a JSON number or as digits; nullopt for a uuid, a name or null.
std::optional<std::string> idText(const json& value)
{
    if (value.is_number_integer()) {
        return std::to_string(value.get<long long>());
    }
    if (value.is_string()) {
        const auto text = value.get<std::string>();
        const bool digits = !text.empty()
            && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        return digits ? std::optional<std::string>(text) : std::nullopt;
    }
    return std::nullopt;
}

// A config's 'teacher.from_run' given as an id of the source history, re-pointed to the id the
// same run (by uuid) has in `into`. A uuid needs nothing; an id the source does not know is kept
// as it was.
void remapFromRun(json& doc, History& source, Database& into)
{
    if (!doc.contains("config") || !doc["config"].is_object()) {
        return;
    }
    auto& config = doc["config"];
    if (!config.contains("teacher") || !config["teacher"].is_object()
        || !config["teacher"].contains("from_run")) {
        return;
    }
    auto& fromRun = config["teacher"]["from_run"];
    const auto id = idText(fromRun);
    if (!id) {
        return;
    }
    std::optional<RunDetails> teacher;
    try {
        teacher = source.run(std::stoll(*id));
    } catch (const std::out_of_range&) {
        return;
    }
    const auto merged = teacher ? runByUuid(into, teacher->summary.uuid) : std::nullopt;
    if (merged) {
        fromRun = fromRun.is_string() ? json(std::to_string(*merged)) : json(*merged);
    }
}

// Copies the runs of one checked input that `into` lacks, oldest first, so that a teacher run is
// there before the runs that reused it. `known` holds the uuids already in `into`.
MergeResult mergeOne(
    Database& into, const MergeSources::Source& input, std::set<std::string>& known)
{
    MergeResult result;
    result.path = input.path;
    try {
        History source(input.snapshot);
        auto runs = source.listRuns(); // newest first
        std::reverse(runs.begin(), runs.end());
        for (const auto& r : runs) {
            if (!known.insert(r.uuid).second) {
                ++result.skipped;
                continue;
            }
            auto doc = json::parse(source.exportRunJson(r.id, true));
            remapFromRun(doc, source, into);
            importRunDocument(into, doc.dump());
            ++result.added;
        }
    } catch (const StoreError& e) {
        throw StoreError(namingInput(e.what(), input.snapshot, input.path), e.sqliteCode());
    } catch (const json::exception& e) {
        throw StoreError(input.path + ": a run could not be read back (" + e.what() + ")");
    }
    return result;
}

} // namespace

MergeSources::MergeSources(const std::vector<std::string>& paths, const std::string& intoPath)
    : m_dir(
        fs::temp_directory_path() / ("kdw-merge-" + std::to_string(::getpid()) + "-" + newUuid()))
{
    fs::create_directories(m_dir);
    try {
        for (const auto& path : paths) {
            checkInput(path, intoPath);
            const auto snapshot
                = (m_dir / ("input-" + std::to_string(m_sources.size()) + ".sqlite")).string();
            {
                Database source(path, Database::Mode::ReadOnly);
                copyDatabase(source, snapshot);
            }
            try {
                const History opened(snapshot); // refuses a foreign or newer file; migrates
            } catch (const StoreError& e) {
                throw StoreError(namingInput(e.what(), snapshot, path), e.sqliteCode());
            }
            m_sources.push_back({path, snapshot});
        }
    } catch (...) {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
        throw;
    }
}

MergeSources::~MergeSources()
{
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

std::vector<MergeResult> History::mergeFrom(const MergeSources& sources)
{
    requireWritable("merging histories");
    checkSameFile("merging histories");
    {
        auto st = m_db->prepare("SELECT EXISTS (SELECT 1 FROM runs)");
        if (st.step() && st.getInt(0) != 0) {
            backUpOnce(); // a history with runs is copied first; an empty one has nothing to lose
        }
    }
    return withContext(m_path, "merging histories", [&] {
        Transaction tx(*m_db); // the uuids are read under the write lock: no run slips in
        std::set<std::string> known;
        {
            auto st = m_db->prepare("SELECT uuid FROM runs");
            while (st.step()) {
                known.insert(st.getText(0));
            }
        }
        std::vector<MergeResult> results;
        for (const auto& input : sources.sources()) {
            results.push_back(mergeOne(*m_db, input, known));
        }
        tx.commit();
        return results;
    });
}

MergeResult History::mergeFrom(const std::string& otherPath)
{
    const MergeSources sources({otherPath}, m_path);
    return mergeFrom(sources).front();
}

std::vector<MergeResult> mergeHistories(
    const std::string& outPath, const std::vector<std::string>& inputs)
{
    if (inputs.empty()) {
        throw StoreError(outPath + ": no history given to merge into it");
    }
    const MergeSources sources(inputs, outPath); // every input checked before the output opens
    History out(outPath);
    return out.mergeFrom(sources);
}

} // namespace kdw::store
