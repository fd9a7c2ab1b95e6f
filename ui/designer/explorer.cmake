# SPDX-License-Identifier: MIT
# Files of this room: target_sources(kdui PRIVATE ...) (tests: add_executable/add_test).
# The temperature explorer and the dataset panel, their charts (ui/charts/) and the services that
# own their threads (ui/services/). Paths relative to ui/.
target_sources(kdui PRIVATE
    designer/temperature_explorer.h
    designer/temperature_explorer.cpp
    designer/dataset_panel.h
    designer/dataset_panel.cpp
    charts/chart_style.h
    charts/chart_style.cpp
    charts/curve_chart.h
    charts/curve_chart.cpp
    charts/bar_chart.h
    charts/bar_chart.cpp
    services/dataset_loader.h
    services/dataset_loader.cpp
    services/teacher_loader.h
    services/teacher_loader.cpp
)
