# SPDX-License-Identifier: MIT
# The history browser's tests (issue 15, item 1), its filtering benchmark (run by hand, not by
# ctest: tests/bench/bench_history_browser.cpp) and the helper that takes its screenshots (run it
# under xvfb-run, see history_screens.cpp).
add_executable(test_ui_history_browser test_history_browser.cpp history_fixture.h)
target_link_libraries(test_ui_history_browser PRIVATE kdui Qt6::Test)
add_test(NAME ui.history_browser COMMAND test_ui_history_browser)
set_tests_properties(ui.history_browser PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 300)

add_executable(bench_history_browser ${PROJECT_SOURCE_DIR}/tests/bench/bench_history_browser.cpp)
target_link_libraries(bench_history_browser PRIVATE kdui)

add_executable(history_screens history_screens.cpp)
target_link_libraries(history_screens PRIVATE kdui)
