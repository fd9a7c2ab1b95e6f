# SPDX-License-Identifier: MIT
# Files of this room (issue 15, item 1): the history browser, its model and columns, the run
# details dialog, and the reader that owns its thread (ui/services/). Paths relative to ui/.
target_sources(kdui PRIVATE
    history/browser_columns.h
    history/browser_columns.cpp
    history/filter_syntax.h
    history/filter_syntax.cpp
    history/history_table_model.h
    history/history_table_model.cpp
    history/run_details_dialog.h
    history/run_details_dialog.cpp
    history/history_browser.h
    history/history_browser.cpp
    services/history_browser_reader.h
    services/history_browser_reader.cpp
)
