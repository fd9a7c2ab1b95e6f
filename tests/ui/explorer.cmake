# SPDX-License-Identifier: MIT
# The temperature explorer's and the dataset panel's tests, and the helper that takes their
# screenshots (not a test: run it under xvfb-run, see explorer_screens.cpp).
add_executable(test_ui_explorer test_explorer.cpp)
target_link_libraries(test_ui_explorer PRIVATE kdui Qt6::Test)
add_test(NAME ui.explorer COMMAND test_ui_explorer)
set_tests_properties(ui.explorer PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_WAIT_POLICY=PASSIVE" TIMEOUT 120)

add_executable(test_ui_dataset_panel test_dataset_panel.cpp)
target_link_libraries(test_ui_dataset_panel PRIVATE kdui Qt6::Test)
add_test(NAME ui.dataset_panel COMMAND test_ui_dataset_panel)
set_tests_properties(ui.dataset_panel PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_WAIT_POLICY=PASSIVE" TIMEOUT 120)

add_executable(explorer_screens explorer_screens.cpp)
target_link_libraries(explorer_screens PRIVATE kdui)
