# SPDX-License-Identifier: MIT
# Files of this room: target_sources(kdui PRIVATE ...) (tests: add_executable/add_test).
# The main window: lays out docks, tabs and menus and wires services to views.
target_sources(kdui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/main_window.h
    ${CMAKE_CURRENT_LIST_DIR}/main_window.cpp
)
