// SPDX-License-Identifier: MIT
// Which of the experiment's two networks a view or an edit is about.
#pragma once

namespace kdw::ui {

enum class ModelRole { Teacher, Student };

} // namespace kdw::ui
