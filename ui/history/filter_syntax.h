// SPDX-License-Identifier: MIT
// The history browser's filter box: free words and key:value terms, read into a query's filter.
//   soft tag:lecture method:soft_target/listwise status:finished sweep:"T sweep"
//   from:2026-11-01 to:2026-11-30
// Free words search the name, notes, method and uuid. A method may end in /pointwise or /listwise
// (soft targets over one pair or over the user's list). Values with spaces go in double quotes.
// Qt Core only.
#pragma once

#include <QString>

#include "ui/services/history_browser_reader.h"

namespace kdw::ui {

// Sets the filter fields of `query` (text, tag, method, listwise, status, sweep, createdFrom,
// createdTo) from `text`, leaving its sort and fields as they are. A term with a key this syntax
// does not know is searched as a word.
void applyFilterText(BrowserQuery& query, const QString& text);

// Sets the method (and, with a /pointwise or /listwise ending, the soft targets' form) of `query`
// from a method term's value ("soft_target/listwise").
void setMethodTerm(BrowserQuery& query, const QString& value);

// Copies the filter fields (those applyFilterText sets) of `from` into `to`, keeping its sort and
// fields.
void copyFilter(BrowserQuery& to, const BrowserQuery& from);

// The box's help, one line per term.
QString filterSyntaxHelp();

} // namespace kdw::ui
