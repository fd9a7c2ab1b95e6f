# SPDX-License-Identifier: MIT
# The experiment designer in the dark theme and in presentation mode (issue 15 polish): readable
# labels, problem notes following the theme, the formula enlarged. Included from
# tests/ui/CMakeLists.txt.
add_executable(test_ui_designer_theme ${CMAKE_CURRENT_LIST_DIR}/test_designer_theme.cpp)
target_link_libraries(test_ui_designer_theme PRIVATE kdui Qt6::Test)
add_test(NAME ui.designer_theme COMMAND test_ui_designer_theme)
set_tests_properties(ui.designer_theme PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)
