# SPDX-License-Identifier: MIT
# The architecture designer's tests, and the helper that takes its screenshots (not a test: run it
# under xvfb-run, see arch_screens.cpp).
add_executable(test_ui_architecture test_architecture.cpp)
target_link_libraries(test_ui_architecture PRIVATE kdui Qt6::Test)
add_test(NAME ui.architecture COMMAND test_ui_architecture)
set_tests_properties(ui.architecture PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)

add_executable(arch_screens arch_screens.cpp)
target_link_libraries(arch_screens PRIVATE kdui)
