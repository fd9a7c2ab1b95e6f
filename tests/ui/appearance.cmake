# SPDX-License-Identifier: MIT
# Tests of the window's polish (issue 15, part 3: themes, presentation mode, icons, shortcuts,
# About, error banner) and the program taking its screenshots (not a test; run it under a display,
# see appearance_screens.cpp). Included from tests/ui/CMakeLists.txt.
find_package(Qt6 REQUIRED COMPONENTS Charts)
add_executable(test_ui_appearance test_appearance.cpp)
target_link_libraries(test_ui_appearance PRIVATE kdui Qt6::Test Qt6::Charts)
add_test(NAME ui.appearance COMMAND test_ui_appearance)
set_tests_properties(ui.appearance PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)

add_executable(test_ui_appearance_widgets test_appearance_widgets.cpp)
target_link_libraries(test_ui_appearance_widgets PRIVATE kdui Qt6::Test)
target_compile_definitions(test_ui_appearance_widgets PRIVATE
    KDW_EXPECTED_BUILD_TYPE="${CMAKE_BUILD_TYPE}")
add_test(NAME ui.appearance_widgets COMMAND test_ui_appearance_widgets)
set_tests_properties(ui.appearance_widgets PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)

add_executable(appearance_screens appearance_screens.cpp)
target_link_libraries(appearance_screens PRIVATE kdui)
target_compile_definitions(appearance_screens PRIVATE KDW_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
