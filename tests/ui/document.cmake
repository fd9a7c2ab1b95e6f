# SPDX-License-Identifier: MIT
# Files of this room: target_sources(kdui PRIVATE ...) (tests: add_executable/add_test).
