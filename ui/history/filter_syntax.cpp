// SPDX-License-Identifier: MIT
#include "ui/history/filter_syntax.h"

#include <QStringList>

namespace kdw::ui {
namespace {

// The terms of `text`: split at spaces outside double quotes, quotes removed.
QStringList terms(const QString& text)
{
    QStringList out;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c.isSpace() && !quoted) {
            if (!current.isEmpty()) {
                out.push_back(current);
                current.clear();
            }
        } else {
            current += c;
        }
    }
    if (!current.isEmpty()) {
        out.push_back(current);
    }
    return out;
}

} // namespace

void setMethodTerm(BrowserQuery& query, const QString& value)
{
    const auto slash = value.indexOf(QLatin1Char('/'));
    query.method = slash < 0 ? value : value.left(slash);
    if (slash >= 0) {
        const auto form = value.mid(slash + 1).toLower();
        if (form == QLatin1String("listwise")) {
            query.listwise = true;
        } else if (form == QLatin1String("pointwise")) {
            query.listwise = false;
        }
    }
}

namespace {

// Applies one key:value term; false when the key is not one of the syntax's.
bool applyTerm(BrowserQuery& query, const QString& key, const QString& value)
{
    if (key == QLatin1String("tag")) {
        query.tag = value;
    } else if (key == QLatin1String("method")) {
        setMethodTerm(query, value);
    } else if (key == QLatin1String("status")) {
        query.status = value.toLower();
    } else if (key == QLatin1String("sweep")) {
        query.sweep = value;
    } else if (key == QLatin1String("from")) {
        query.createdFrom = value;
    } else if (key == QLatin1String("to")) {
        query.createdTo = value;
    } else {
        return false;
    }
    return true;
}

} // namespace

void applyFilterText(BrowserQuery& query, const QString& text)
{
    query.text.clear();
    query.tag.clear();
    query.method.clear();
    query.listwise.reset();
    query.status.clear();
    query.sweep.clear();
    query.createdFrom.clear();
    query.createdTo.clear();
    QStringList words;
    for (const auto& term : terms(text)) {
        const auto colon = term.indexOf(QLatin1Char(':'));
        if (colon > 0 && colon + 1 < term.size()
            && applyTerm(query, term.left(colon).toLower(), term.mid(colon + 1))) {
            continue;
        }
        words.push_back(term);
    }
    query.text = words.join(QLatin1Char(' '));
}

void copyFilter(BrowserQuery& to, const BrowserQuery& from)
{
    to.text = from.text;
    to.tag = from.tag;
    to.method = from.method;
    to.listwise = from.listwise;
    to.status = from.status;
    to.sweep = from.sweep;
    to.createdFrom = from.createdFrom;
    to.createdTo = from.createdTo;
}

QString filterSyntaxHelp()
{
    return HistoryBrowserReader::tr(
        "Words search names, notes, methods and uuids. Terms:\n"
        "  tag:lecture\n"
        "  method:soft_target   method:soft_target/listwise   method:hint+soft_target\n"
        "  status:finished   (running, cancelled, failed, diverged, interrupted)\n"
        "  sweep:\"T sweep\"   (a sweep's name or uuid)\n"
        "  from:2026-11-01   to:2026-11-30   (dates of creation, UTC, inclusive)\n"
        "Quote values with spaces.");
}

} // namespace kdw::ui
