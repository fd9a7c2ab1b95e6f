# SPDX-License-Identifier: MIT
# Files of this room: target_sources(kdui PRIVATE ...) (tests: add_executable/add_test).
# The designer's form: views of the ExperimentDocument (method pages, models, data and run).
target_sources(kdui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/field_boxes.h
    ${CMAKE_CURRENT_LIST_DIR}/field_boxes.cpp
    ${CMAKE_CURRENT_LIST_DIR}/method_pages.h
    ${CMAKE_CURRENT_LIST_DIR}/method_pages.cpp
    ${CMAKE_CURRENT_LIST_DIR}/models_form.h
    ${CMAKE_CURRENT_LIST_DIR}/models_form.cpp
    ${CMAKE_CURRENT_LIST_DIR}/run_form.h
    ${CMAKE_CURRENT_LIST_DIR}/run_form.cpp
    ${CMAKE_CURRENT_LIST_DIR}/experiment_form.h
    ${CMAKE_CURRENT_LIST_DIR}/experiment_form.cpp
)
