# SPDX-License-Identifier: MIT
# The architecture designer: the tower editor (one network as a form), the network drawing, the
# size/cost figures and the presets they offer.
target_sources(kdui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/model_presets.h
    ${CMAKE_CURRENT_LIST_DIR}/model_presets.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tower_editor.h
    ${CMAKE_CURRENT_LIST_DIR}/tower_editor.cpp
    ${CMAKE_CURRENT_LIST_DIR}/architecture_view.h
    ${CMAKE_CURRENT_LIST_DIR}/architecture_view.cpp
    ${CMAKE_CURRENT_LIST_DIR}/model_stats.h
    ${CMAKE_CURRENT_LIST_DIR}/model_stats.cpp
)
