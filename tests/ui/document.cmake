# SPDX-License-Identifier: MIT
# Files of this room: target_sources(kdui PRIVATE ...) (tests: add_executable/add_test).
# The document (ui/model) and the designer's form over it.
add_executable(test_ui_document ${CMAKE_CURRENT_LIST_DIR}/test_document.cpp)
target_link_libraries(test_ui_document PRIVATE kdui Qt6::Test)
add_test(NAME ui.document COMMAND test_ui_document)
set_tests_properties(ui.document PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)

add_executable(test_ui_document_form ${CMAKE_CURRENT_LIST_DIR}/test_document_form.cpp)
target_link_libraries(test_ui_document_form PRIVATE kdui Qt6::Test)
add_test(NAME ui.document_form COMMAND test_ui_document_form)
set_tests_properties(ui.document_form PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)
