# SPDX-License-Identifier: MIT
# The run queue's, the curve store's and the charts' tests (issue 14), and the responsiveness
# benchmark (a program, not a test: run it by hand, see stall_bench.cpp).
add_executable(test_ui_curve_store test_curve_store.cpp)
target_link_libraries(test_ui_curve_store PRIVATE kdui Qt6::Test Qt6::Charts)
add_test(NAME ui.curve_store COMMAND test_ui_curve_store)
set_tests_properties(ui.curve_store PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)

add_executable(test_ui_run_queue test_run_queue.cpp)
target_link_libraries(test_ui_run_queue PRIVATE kdui Qt6::Test)
add_test(NAME ui.run_queue COMMAND test_ui_run_queue)
set_tests_properties(ui.run_queue PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_WAIT_POLICY=PASSIVE" TIMEOUT 240)

add_executable(test_ui_stall test_stall.cpp)
target_link_libraries(test_ui_stall PRIVATE kdui Qt6::Test)
add_test(NAME ui.stall COMMAND test_ui_stall)
set_tests_properties(ui.stall PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)

add_executable(queue_screens queue_screens.cpp screens_experiment.h)
target_link_libraries(queue_screens PRIVATE kdui)

# The main window's screenshots (tests/ui/screens/run_screens.sh runs it under Xvfb).
add_executable(window_screens window_screens.cpp history_fixture.h screens_experiment.h)
target_link_libraries(window_screens PRIVATE kdui)

add_executable(stall_bench stall_bench.cpp)
target_link_libraries(stall_bench PRIVATE kdui)
target_compile_definitions(stall_bench PRIVATE KDW_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
