// SPDX-License-Identifier: MIT
#include "ui/model/settings.h"

namespace kdw::ui::settings {

QStringList addRecentFile(const QString& path)
{
    QStringList files = recentFiles.value();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles) {
        files.removeLast();
    }
    recentFiles.setValue(files);
    return files;
}

} // namespace kdw::ui::settings
