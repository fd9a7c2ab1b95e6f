# SPDX-License-Identifier: MIT
# kdworkbench started as a user starts it, with no display in the environment: --help and
# --version print and exit 0 (they need no display); a plain start says that no display was
# found and how to train without one (Qt aborted with SIGABRT before).
add_test(NAME ui.launch_help_without_display
         COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
                 $<TARGET_FILE:kdworkbench> --help)
set_tests_properties(ui.launch_help_without_display PROPERTIES
    PASS_REGULAR_EXPRESSION "--db <file>.*History file" TIMEOUT 30)
add_test(NAME ui.launch_version_without_display
         COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
                 $<TARGET_FILE:kdworkbench> --version)
set_tests_properties(ui.launch_version_without_display PROPERTIES
    PASS_REGULAR_EXPRESSION "KD Workbench ${PROJECT_VERSION}" TIMEOUT 30)
add_test(NAME ui.launch_without_display_says_so
         COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
                 $<TARGET_FILE:kdworkbench>)
set_tests_properties(ui.launch_without_display_says_so PROPERTIES
    PASS_REGULAR_EXPRESSION "no display found.*kdw train --config FILE" TIMEOUT 30)
