# SPDX-License-Identifier: MIT
# Files of this room (issue 15, item 2): the compare view, its logic without widgets
# (model/compare_model), the loader that owns its thread (services/), and the hyperparameter chart
# (charts/, the only folder with Qt Charts). Paths relative to ui/.
target_sources(kdui PRIVATE
    model/compare_model.h
    model/compare_model.cpp
    services/compare_loader.h
    services/compare_loader.cpp
    charts/hyper_chart.h
    charts/hyper_chart.cpp
    compare/compare_curves.h
    compare/compare_curves.cpp
    compare/compare_tables.h
    compare/compare_tables.cpp
    compare/compare_view.h
    compare/compare_view.cpp
)
