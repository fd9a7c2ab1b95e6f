# SPDX-License-Identifier: MIT
# The Debian package (cpack -G DEB from a build of the `package` preset, which has no -march=native).
# Runtime dependencies: dpkg-shlibdeps finds the shared libraries the programs link (Qt 6, libgomp,
# SQLite, libuuid, libstdc++); what is loaded at run time without being linked is declared here by
# Debian's package names: Qt's platform plugins (no window without them).
set(CPACK_PACKAGE_NAME "kdworkbench")
set(CPACK_PACKAGE_VENDOR "KD Workbench developers")
set(CPACK_PACKAGE_CONTACT "KD Workbench developers <kdworkbench@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Knowledge distillation workbench for recommender systems")
# The extended description (CPack indents each line and writes an empty line as " ."; the
# synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Design a large teacher recommender and a small student, pick a distillation
method (soft targets with a temperature, logit matching, intermediate-layer
hints, relational or ranking distillation), train them on the machine's cores,
watch the loss, F1, KL and HR@10 curves live, and keep every run in a SQLite
history to reopen and compare.

This package holds the Qt workbench (kdworkbench) and its command line (kdw),
which trains, sweeps, reports and merges run histories headless, with example
configs, man pages and bash completion.")
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
if(KDW_BUILD_GUI)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
endif()
include(CPack)
