# SPDX-License-Identifier: MIT
# Files of this room (issue 14): the run queue (its service, model, view and sweep dialog), the
# curve store and the charts over it, their smoothing and export. Paths relative to ui/.
target_sources(kdui PRIVATE
    model/curve_store.h
    model/curve_store.cpp
    model/run_queue_model.h
    model/run_queue_model.cpp
    services/run_queue.h
    services/run_queue.cpp
    queue/queue_view.h
    queue/queue_view.cpp
    queue/sweep_plan.h
    queue/sweep_plan.cpp
    queue/sweep_dialog.h
    queue/sweep_dialog.cpp
    queue/runs_panel.h
    queue/runs_panel.cpp
    charts/smoothing.h
    charts/smoothing.cpp
    charts/chart_export.h
    charts/chart_export.cpp
    charts/chart_specs.h
    charts/chart_specs.cpp
    charts/run_colors.h
    charts/run_colors.cpp
    charts/run_chart.h
    charts/run_chart_impl.h
    charts/run_chart.cpp
    charts/run_chart_draw.cpp
    charts/chart_grid.h
    charts/chart_grid.cpp
    charts/chart_board.h
    charts/chart_board.cpp
)
target_link_libraries(kdui PRIVATE Qt6::Svg)
