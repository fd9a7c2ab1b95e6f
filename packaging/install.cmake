# SPDX-License-Identifier: MIT
# What the package installs besides the two programs (app/CMakeLists.txt): the example configs,
# the desktop entry, AppStream metainfo and hicolor icons (with the GUI), kdw's man page (made from
# its --help by help2man when that is installed), bash completion, the copyright and changelog.
include(GNUInstallDirs)
set(KDW_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/kdworkbench)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/examples/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kdworkbench/examples USE_SOURCE_PERMISSIONS
        FILES_MATCHING PATTERN "*.json" PATTERN "*.sh")
install(FILES ${PROJECT_SOURCE_DIR}/packaging/completion/kdw.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME kdw)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/debian/copyright DESTINATION ${KDW_DOC_DIR})

if(KDW_BUILD_GUI)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/kdworkbench.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/io.github.kdworkbench.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/kdworkbench.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    foreach(size 16 22 24 32 48 64 128 256)
        install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/png/kdworkbench-${size}.png
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
                RENAME kdworkbench.png)
    endforeach()
endif()

# Debian wants man pages and the changelog compressed with gzip -9n (no name, no time stamp).
find_program(KDW_GZIP gzip)
find_program(KDW_HELP2MAN help2man)
set(KDW_PKG_DIR ${CMAKE_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${KDW_PKG_DIR})
if(KDW_GZIP)
    add_custom_command(OUTPUT ${KDW_PKG_DIR}/changelog.gz
        COMMAND ${KDW_GZIP} -9nc ${PROJECT_SOURCE_DIR}/packaging/debian/changelog > changelog.gz
        DEPENDS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog
        WORKING_DIRECTORY ${KDW_PKG_DIR} VERBATIM)
    set(KDW_PKG_OUTPUTS ${KDW_PKG_DIR}/changelog.gz)
    install(FILES ${KDW_PKG_DIR}/changelog.gz DESTINATION ${KDW_DOC_DIR})
    if(KDW_BUILD_GUI)
        add_custom_command(OUTPUT ${KDW_PKG_DIR}/kdworkbench.1.gz
                COMMAND ${KDW_GZIP} -9nc ${PROJECT_SOURCE_DIR}/packaging/man/kdworkbench.1 > kdworkbench.1.gz
            DEPENDS ${PROJECT_SOURCE_DIR}/packaging/man/kdworkbench.1
            WORKING_DIRECTORY ${KDW_PKG_DIR} VERBATIM)
        list(APPEND KDW_PKG_OUTPUTS ${KDW_PKG_DIR}/kdworkbench.1.gz)
        install(FILES ${KDW_PKG_DIR}/kdworkbench.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    endif()
endif()
if(KDW_GZIP AND KDW_HELP2MAN)
    add_custom_command(OUTPUT ${KDW_PKG_DIR}/kdw.1.gz
        COMMAND ${KDW_HELP2MAN} --no-info --no-discard-stderr --section=1 --locale=C.UTF-8
                --include=${PROJECT_SOURCE_DIR}/packaging/man/kdw.h2m --output=kdw.1 $<TARGET_FILE:kdw>
        COMMAND ${KDW_GZIP} -9nf kdw.1
        DEPENDS kdw ${PROJECT_SOURCE_DIR}/packaging/man/kdw.h2m
        WORKING_DIRECTORY ${KDW_PKG_DIR} VERBATIM)
    list(APPEND KDW_PKG_OUTPUTS ${KDW_PKG_DIR}/kdw.1.gz)
    install(FILES ${KDW_PKG_DIR}/kdw.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
    message(STATUS "help2man or gzip not found: no man page for kdw (Debian: apt-get install help2man)")
endif()
if(KDW_PKG_OUTPUTS)
    add_custom_target(kdw_package_docs ALL DEPENDS ${KDW_PKG_OUTPUTS})
endif()
