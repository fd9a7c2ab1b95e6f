// SPDX-License-Identifier: MIT
#include "ui/charts/run_colors.h"

#include <array>

namespace kdw::ui::charts {

QColor runColor(int index, const QPalette& palette)
{
    static constexpr std::array<QRgb, 10> kTableau10 {0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e,
        0x9467bd, 0x8c564b, 0xe377c2, 0x17becf, 0xbcbd22, 0x7f7f7f};
    const QColor c
        = QColor::fromRgb(kTableau10[static_cast<std::size_t>(index) % kTableau10.size()]);
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return dark ? c.lighter(135) : c;
}

QColor metricShade(const QColor& base, int shade)
{
    if (shade <= 0) {
        return base;
    }
    const int step = (shade + 1) / 2; // 1, 1, 2, 2, ...
    return shade % 2 == 1 ? base.darker(100 + 45 * step) : base.lighter(100 + 35 * step);
}

} // namespace kdw::ui::charts
