# SPDX-License-Identifier: MIT
# Files of the window's polish (issue 15, part 3), for the shell to wire in: themes and
# presentation mode, the About box, the shortcuts list and table, the error banner, and the
# toolbar icons (SVG, resources/icons/actions.qrc). Included from ui/CMakeLists.txt.
find_package(Qt6 6.2 REQUIRED COMPONENTS DBus Svg)
find_package(SQLite3 REQUIRED)
qt6_add_resources(KDW_ACTION_ICONS_RCC ${PROJECT_SOURCE_DIR}/resources/icons/actions.qrc)
target_sources(kdui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/appearance.h
    ${CMAKE_CURRENT_LIST_DIR}/appearance.cpp
    ${CMAKE_CURRENT_LIST_DIR}/action_icons.h
    ${CMAKE_CURRENT_LIST_DIR}/action_icons.cpp
    ${CMAKE_CURRENT_LIST_DIR}/about_dialog.h
    ${CMAKE_CURRENT_LIST_DIR}/about_dialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/shortcuts.h
    ${CMAKE_CURRENT_LIST_DIR}/shortcuts_dialog.h
    ${CMAKE_CURRENT_LIST_DIR}/shortcuts_dialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/error_banner.h
    ${CMAKE_CURRENT_LIST_DIR}/error_banner.cpp
    ${KDW_ACTION_ICONS_RCC}
)
# The About box names the build type; only its own file is rebuilt when that changes.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/about_dialog.cpp PROPERTIES
    COMPILE_DEFINITIONS "KDW_BUILD_TYPE=\"${CMAKE_BUILD_TYPE}\"")
target_link_libraries(kdui PRIVATE Qt6::DBus Qt6::Svg SQLite::SQLite3)
