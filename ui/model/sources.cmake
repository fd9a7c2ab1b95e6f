# SPDX-License-Identifier: MIT
# Files of this room: target_sources(kdui PRIVATE ...) (tests: add_executable/add_test).
# The experiment as a document, its problems in the form's words, typed settings (Qt Core/Gui).
target_sources(kdui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/model_role.h
    ${CMAKE_CURRENT_LIST_DIR}/experiment_document.h
    ${CMAKE_CURRENT_LIST_DIR}/experiment_document.cpp
    ${CMAKE_CURRENT_LIST_DIR}/experiment_problems.h
    ${CMAKE_CURRENT_LIST_DIR}/experiment_problems.cpp
    ${CMAKE_CURRENT_LIST_DIR}/settings.h
    ${CMAKE_CURRENT_LIST_DIR}/settings.cpp
)
