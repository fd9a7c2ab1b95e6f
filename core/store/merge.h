// SPDX-License-Identifier: MIT
// Merging history files (kdw merge OUT IN..., the shards of a sweep run on a cluster): the inputs
// are read from private snapshots, each checked before the output is touched, then every run the
// output lacks (by uuid) is copied in one transaction, so a failure changes nothing there.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/store/history.h"

namespace kdw::store {

// The histories to merge, each copied by SQLite's backup API to a private snapshot (a consistent
// state with its WAL; the named file is never modified) and opened there as a history, migrated
// to the current schema. The constructor refuses, with a StoreError naming the file, an input
// that is missing, empty, not SQLite, damaged (PRAGMA quick_check), not a KD Workbench history,
// from a newer version, or the output history `intoPath` itself. The snapshots are deleted with
// this object.
class MergeSources {
public:
    struct Source {
        std::string path; // as the user named it
        std::string snapshot; // the private copy read by the merge
    };

    MergeSources(const std::vector<std::string>& paths, const std::string& intoPath);
    ~MergeSources();
    MergeSources(const MergeSources&) = delete;
    MergeSources& operator=(const MergeSources&) = delete;

    [[nodiscard]] const std::vector<Source>& sources() const { return m_sources; }

private:
    std::filesystem::path m_dir;
    std::vector<Source> m_sources;
};

// Unions the histories `inputs` into `outPath` (created when missing): every run of an input
// whose uuid the output lacks is copied with its config, epochs, final and best values, tags,
// notes, checkpoints and sweep membership (a sweep found by uuid, else by name); its teacher link
// and a 'teacher.from_run' given as a run id are re-pointed to the merged ids. A run already
// present, in the output or in an earlier input, is kept once. Every input is checked first
// (MergeSources), and the copy is one transaction: when anything fails, the output is as it was.
// Returns one result per input, in order.
std::vector<MergeResult> mergeHistories(
    const std::string& outPath, const std::vector<std::string>& inputs);

} // namespace kdw::store
