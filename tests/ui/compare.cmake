# SPDX-License-Identifier: MIT
# The compare view's tests (issue 15, item 2) and the helper that takes its screenshots (run it
# under xvfb-run or offscreen, see compare_screens.cpp and tests/ui/screens/run_screens.sh).
add_executable(test_ui_compare test_compare.cpp compare_fixture.h)
target_link_libraries(test_ui_compare PRIVATE kdui Qt6::Test)
add_test(NAME ui.compare COMMAND test_ui_compare)
set_tests_properties(ui.compare PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_WAIT_POLICY=PASSIVE" TIMEOUT 240)

add_executable(compare_screens compare_screens.cpp compare_fixture.h)
target_link_libraries(compare_screens PRIVATE kdui)
