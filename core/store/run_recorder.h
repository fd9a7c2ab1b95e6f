// SPDX-License-Identifier: MIT
// Transitional: runAndRecord moved to core/experiment/run_recorder.h (orchestration is not
// storage). This header only forwards, for callers owned by other work in progress
// (app/kdw/cmd_train.cpp, ui/run_worker.cpp); delete it once they include the new header.
#pragma once

#include "core/experiment/run_recorder.h"

namespace kdw::store {
using experiment::RecordedRun;
using experiment::runAndRecord;
using experiment::RunCreated;
} // namespace kdw::store
