// SPDX-License-Identifier: MIT
#include "ui/designer/architecture_view.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QLocale>
#include <QMouseEvent>
#include <QPainterPath>

namespace kdw::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kdw::ui::ArchitectureView", text);
}

// QGraphicsItem::data keys on the items of a layer (its block and its label).
constexpr int kKindKey = 0;
constexpr int kRoleKey = 1;
constexpr int kLayerKey = 2;
constexpr int kLayerKind = 1;

// Geometry of the drawing at scale 1, in scene units (pixels at 100%).
constexpr double kMaxBlock = 180.0; // the widest representation
constexpr double kMinLogBlock = 16.0; // the narrowest one on a log scale
constexpr double kOutputBlock = 12.0; // the 1-unit output, never scaled
constexpr double kLabelGap = 14.0; // between the block area and the labels
constexpr double kLinkGap = 100.0; // between the two networks, where the link runs
// A view narrower than this (the designer's dock at 1280 x 720) draws narrower blocks and a
// shorter link, so that the drawing fits at a readable scale; the widths stay to scale.
constexpr int kCompactBelow = 560;
constexpr double kCompactMaxBlock = 100.0;
constexpr double kCompactLinkGap = 56.0;
constexpr double kRowGap = 18.0; // between rows, where the connectors run
constexpr double kTableGap = 4.0; // between the user and the item table

// One row of a network's drawing, input first.
struct Block {
    enum class Kind { Tables, Join, Layer, Output };
    Kind kind = Kind::Layer;
    QStringList lines; // its label
    long long units = 1; // width drawn (Tables: each table's dimension)
    int layer = -1; // tower index of a Layer
    QString rep; // the representation it carries, as nn::representationNames spells it
    bool branchStart = false; // no connector from the row above (NeuMF's GMF branch)
    int alsoFrom = -1; // a second input: index of the row that also feeds it (NeuMF's join)
};

QString count(long long n)
{
    return QLocale().toString(n);
}

Block tables(const QString& title, long long users, long long items, int dim)
{
    return {Block::Kind::Tables,
        {title, tr("users %1 \u00d7 %2").arg(count(users)).arg(dim),
            tr("items %1 \u00d7 %2").arg(count(items)).arg(dim)},
        dim, -1, {}, false, -1};
}

// The MLP branch: tables, concatenation, the tower. Returns the tower's output width.
long long addMlp(const nn::ModelSpec& spec, long long users, long long items, bool neumf,
    std::vector<Block>& out)
{
    const int d = spec.embeddingDim;
    out.push_back(tables(neumf ? tr("MLP embeddings") : tr("Embeddings"), users, items, d));
    out.push_back({Block::Kind::Join, {tr("Concatenation \u00b7 %1").arg(2 * d)}, 2LL * d, -1,
        QStringLiteral("embedding"), false, -1});
    long long width = 2LL * d;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const auto& l = spec.layers[i];
        QString line = tr("Layer %1 \u00b7 %2 \u00b7 %3")
                           .arg(i + 1)
                           .arg(l.units)
                           .arg(QString::fromStdString(toString(l.activation)));
        if (l.dropout > 0.0) {
            line += tr(" \u00b7 dropout %1").arg(l.dropout, 0, 'g', 3);
        }
        if (l.units < 1) {
            line += QStringLiteral(" \u26a0");
        }
        out.push_back({Block::Kind::Layer, {line}, l.units, static_cast<int>(i),
            QStringLiteral("layers.%1").arg(i), false, -1});
        width = l.units;
    }
    return width;
}

std::vector<Block> blocksOf(const nn::ModelSpec& spec, long long users, long long items)
{
    std::vector<Block> out;
    const int d = spec.embeddingDim;
    const bool neumf = spec.interaction == nn::InteractionKind::NeuMf;
    long long head = 0;
    if (spec.interaction != nn::InteractionKind::Gmf) {
        head = addMlp(spec, users, items, neumf, out);
    }
    const int mlpEnd = static_cast<int>(out.size()) - 1;
    if (spec.interaction != nn::InteractionKind::Mlp) {
        out.push_back(tables(neumf ? tr("GMF embeddings") : tr("Embeddings"), users, items, d));
        out.back().branchStart = neumf;
        out.push_back({Block::Kind::Join, {tr("Product user \u2299 item \u00b7 %1").arg(d)}, d, -1,
            neumf ? QStringLiteral("gmf") : QStringLiteral("embedding"), false, -1});
    }
    if (neumf) {
        out.push_back(
            {Block::Kind::Join, {tr("MLP \u2016 GMF concatenated \u00b7 %1 + %2").arg(head).arg(d)},
                head + d, -1, {}, false, mlpEnd});
    }
    out.push_back(
        {Block::Kind::Output, {tr("Output \u00b7 1 unit, the score")}, 1, -1, {}, false, -1});
    return out;
}

// Units to scene width: linear (the widest block kMaxBlock) or, when the widths span more than
// 10x, logarithmic from kMinLogBlock at the narrowest to kMaxBlock at the widest.
struct Scale {
    double lo = 1.0;
    double hi = 1.0;
    bool log = false;
    double maxBlock = kMaxBlock; // scene width of the widest representation

    [[nodiscard]] double px(long long units) const
    {
        const double u = std::max<double>(1.0, static_cast<double>(units));
        if (!log) {
            return std::max(2.0, maxBlock * u / hi);
        }
        return std::max(2.0,
            kMinLogBlock
                + (maxBlock - kMinLogBlock) * (std::log(u) - std::log(lo))
                    / (std::log(hi) - std::log(lo)));
    }

    // Drawn width of a row (the two tables side by side; the output at its fixed size).
    [[nodiscard]] double width(const Block& b) const
    {
        switch (b.kind) {
        case Block::Kind::Tables:
            return 2 * px(b.units) + kTableGap;
        case Block::Kind::Output:
            return kOutputBlock;
        default:
            return b.units < 1 ? kMinLogBlock : px(b.units); // an impossible width stays visible
        }
    }
};

// Every row but the output counts (its single unit is not a representation), and no impossible
// width (below 1 unit: drawn at the narrowest, outlined as an error).
Scale scaleFor(const std::vector<Block>& a, const std::vector<Block>& b)
{
    Scale s;
    bool first = true;
    for (const auto* list : {&a, &b}) {
        for (const auto& block : *list) {
            if (block.kind == Block::Kind::Output || block.units < 1) {
                continue;
            }
            const auto u = static_cast<double>(block.units);
            s.lo = first ? u : std::min(s.lo, u);
            s.hi = first ? u : std::max(s.hi, u);
            first = false;
        }
    }
    s.log = s.hi > 10.0 * s.lo;
    return s;
}

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
        static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
        static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

struct Colours {
    QColor background, text, edge, line, layer, table, join, output, linked, error;

    explicit Colours(const QPalette& p)
    {
        background = p.color(QPalette::Base);
        text = p.color(QPalette::Text);
        edge = mix(text, background, 0.25);
        line = mix(text, background, 0.4);
        layer = mix(background, p.color(QPalette::Highlight), 0.35);
        table = mix(background, p.color(QPalette::Link), 0.22);
        join = mix(background, text, 0.14);
        output = mix(background, text, 0.4);
        linked = p.color(QPalette::Highlight);
        // The tower editor's red for the same mistake, readable on light and dark bases.
        error = background.lightness() < 128 ? QColor(255, 138, 128) : QColor(176, 0, 32);
    }

    [[nodiscard]] QColor fill(Block::Kind kind) const
    {
        switch (kind) {
        case Block::Kind::Tables:
            return table;
        case Block::Kind::Join:
            return join;
        case Block::Kind::Layer:
            return layer;
        case Block::Kind::Output:
            return output;
        }
        return layer;
    }
};

// A block drawn for a representation, as the painter reports it.
struct Painted {
    int layer = -1;
    QString rep;
    QRectF rect;
};

// Draws one network as a column: block area centred on `centreX`, labels beside it on the outer
// side (left of the teacher, right of the student), rows from `top` down.
class ColumnPainter {
public:
    ColumnPainter(
        QGraphicsScene* scene, const Colours& colours, const Scale& scale, const QFont& font)
        : m_scene(scene)
        , m_colours(colours)
        , m_scale(scale)
        , m_font(font)
        , m_lineHeight(QFontMetricsF(m_font).height())
    {
    }

    struct Column {
        ModelRole role = ModelRole::Teacher;
        QString title;
        double centreX = 0.0;
        double areaWidth = 0.0; // the block area's width
        double top = 0.0;
        int selectedLayer = -1;
        QString linkedRep;
    };

    // Returns the bottom of the column.
    double draw(const Column& c, const std::vector<Block>& blocks, std::vector<Painted>& painted)
    {
        m_column = c;
        double y = c.top;
        QFont bold = m_font;
        bold.setBold(true);
        bold.setPointSizeF(m_font.pointSizeF() * 1.15);
        auto* title = m_scene->addSimpleText(c.title, bold);
        title->setBrush(m_colours.text);
        title->setPos(c.centreX - title->boundingRect().width() / 2, y);
        y += m_lineHeight * 1.6;
        std::vector<QRectF> rects;
        for (const auto& b : blocks) {
            const double rowHeight
                = std::max(height(b.kind), m_lineHeight * static_cast<double>(b.lines.size()));
            const QRectF r = drawBlock(b, y + (rowHeight - height(b.kind)) / 2, painted);
            drawLabel(b, y + rowHeight / 2);
            if (!rects.empty() && !b.branchStart) {
                connect(rects.back(), r);
            }
            if (b.alsoFrom >= 0) {
                bypass(rects[static_cast<std::size_t>(b.alsoFrom)], r);
            }
            rects.push_back(r);
            y += rowHeight + kRowGap;
        }
        return y;
    }

    [[nodiscard]] double lineHeight() const { return m_lineHeight; }

private:
    static double height(Block::Kind kind)
    {
        switch (kind) {
        case Block::Kind::Tables:
            return 30.0;
        case Block::Kind::Output:
            return 16.0;
        default:
            return 22.0;
        }
    }

    [[nodiscard]] bool labelsLeft() const { return m_column.role == ModelRole::Teacher; }

    QRectF drawBlock(const Block& b, double y, std::vector<Painted>& painted)
    {
        const double w = m_scale.width(b);
        const QRectF r(m_column.centreX - w / 2, y, w, height(b.kind));
        if (b.kind == Block::Kind::Tables) {
            drawTables(r);
            return r;
        }
        const bool linked = !b.rep.isEmpty() && b.rep == m_column.linkedRep;
        const bool selected = b.kind == Block::Kind::Layer && b.layer == m_column.selectedLayer;
        QPen pen(selected ? m_colours.text : m_colours.edge, selected ? 3.0 : 1.0);
        if (b.kind == Block::Kind::Layer && b.units < 1) {
            pen = QPen(m_colours.error, selected ? 3.0 : 2.0, Qt::DashLine);
        }
        const QBrush fill = b.kind == Block::Kind::Layer && b.units < 1
            ? QBrush(Qt::NoBrush)
            : QBrush(linked ? m_colours.linked : m_colours.fill(b.kind));
        auto* item = m_scene->addRect(r, pen, fill);
        if (b.kind == Block::Kind::Layer) {
            tag(item, b.layer);
        }
        if (!b.rep.isEmpty()) {
            painted.push_back({b.layer, b.rep, r});
        }
        return r;
    }

    // The user and the item table side by side, ruled like tables.
    void drawTables(const QRectF& r)
    {
        const double w = (r.width() - kTableGap) / 2;
        for (const double x : {r.left(), r.left() + w + kTableGap}) {
            const QRectF t(x, r.top(), w, r.height());
            m_scene->addRect(t, QPen(m_colours.edge, 1.0), m_colours.table);
            for (int k = 1; k < 3; ++k) {
                const double ly = t.top() + t.height() * k / 3;
                m_scene->addLine(QLineF(t.left(), ly, t.right(), ly), QPen(m_colours.line, 0.8));
            }
        }
    }

    void drawLabel(const Block& b, double centreY)
    {
        QFont font = m_font;
        font.setBold(b.kind == Block::Kind::Layer && b.layer == m_column.selectedLayer);
        const double anchor = labelsLeft() ? m_column.centreX - m_column.areaWidth / 2 - kLabelGap
                                           : m_column.centreX + m_column.areaWidth / 2 + kLabelGap;
        double y = centreY - m_lineHeight * static_cast<double>(b.lines.size()) / 2;
        for (const QString& line : b.lines) {
            auto* text = m_scene->addSimpleText(line, font);
            text->setBrush(m_colours.text);
            const double w = text->boundingRect().width();
            text->setPos(labelsLeft() ? anchor - w : anchor, y);
            if (b.kind == Block::Kind::Layer) {
                tag(text, b.layer);
            }
            y += m_lineHeight;
        }
    }

    void tag(QGraphicsItem* item, int layer) const
    {
        item->setData(kKindKey, kLayerKind);
        item->setData(kRoleKey, static_cast<int>(m_column.role));
        item->setData(kLayerKey, layer);
        item->setCursor(Qt::PointingHandCursor);
        item->setToolTip(tr("Click to select layer %1 in the form").arg(layer + 1));
    }

    void connect(const QRectF& from, const QRectF& to)
    {
        m_scene->addLine(QLineF(from.center().x(), from.bottom(), to.center().x(), to.top()),
            QPen(m_colours.line, 1.5));
    }

    // A second input entering from the outer side of the block area (NeuMF's MLP branch).
    void bypass(const QRectF& from, const QRectF& to)
    {
        const double side = labelsLeft() ? m_column.centreX - m_column.areaWidth / 2 - 4
                                         : m_column.centreX + m_column.areaWidth / 2 + 4;
        const double edge = labelsLeft() ? to.left() : to.right();
        QPainterPath path(QPointF(from.center().x(), from.bottom()));
        path.lineTo(from.center().x(), from.bottom() + kRowGap / 2);
        path.lineTo(side, from.bottom() + kRowGap / 2);
        path.lineTo(side, to.center().y());
        path.lineTo(edge, to.center().y());
        m_scene->addPath(path, QPen(m_colours.line, 1.5));
    }

    QGraphicsScene* m_scene;
    const Colours& m_colours;
    const Scale& m_scale;
    QFont m_font;
    double m_lineHeight;
    Column m_column;
};

double labelWidth(const std::vector<Block>& blocks, const QFont& font)
{
    const QFontMetricsF fm(font);
    double w = 0.0;
    for (const auto& b : blocks) {
        for (const auto& line : b.lines) {
            w = std::max(w, fm.horizontalAdvance(line));
        }
    }
    return w;
}

double areaWidth(const std::vector<Block>& blocks, const Scale& scale)
{
    double w = 0.0;
    for (const auto& b : blocks) {
        w = std::max(w, scale.width(b));
    }
    return w;
}

QString friendly(const QString& rep)
{
    if (rep == QLatin1String("embedding")) {
        return tr("embedding input");
    }
    if (rep == QLatin1String("gmf")) {
        return tr("GMF product");
    }
    if (rep.startsWith(QLatin1String("layers."))) {
        return tr("layer %1").arg(rep.mid(7).toInt() + 1);
    }
    return rep;
}

QString title(ModelRole role, const nn::ModelSpec& spec)
{
    static constexpr std::array<const char*, 3> kinds {"MLP", "GMF", "NeuMF"};
    return (role == ModelRole::Teacher ? tr("Teacher \u00b7 %1") : tr("Student \u00b7 %1"))
        .arg(QString::fromLatin1(kinds.at(static_cast<std::size_t>(spec.interaction))));
}

} // namespace

ArchitectureView::ArchitectureView(QWidget* parent)
    : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setAlignment(Qt::AlignCenter);
    setMinimumSize(320, 240);
    rebuild();
}

void ArchitectureView::setModels(const nn::ModelSpec& teacher, const nn::ModelSpec& student,
    long long numUsers, long long numItems)
{
    m_teacher = teacher;
    m_student = student;
    m_users = std::max(0LL, numUsers);
    m_items = std::max(0LL, numItems);
    rebuild();
}

void ArchitectureView::setLinkedRepresentations(
    const QString& teacherRep, const QString& studentRep)
{
    m_teacherRep = teacherRep;
    m_studentRep = studentRep;
    rebuild();
}

void ArchitectureView::setSelectedLayer(ModelRole role, int layer)
{
    m_selectedRole = role;
    m_selectedLayer = layer;
    rebuild();
}

void ArchitectureView::rebuild()
{
    QGraphicsScene* s = scene();
    s->clear();
    m_drawn.clear();
    m_link = nullptr;
    m_linkEnds.reset();
    const Colours colours(palette());
    setBackgroundBrush(colours.background);
    const auto teacher = blocksOf(m_teacher, m_users, m_items);
    const auto student = blocksOf(m_student, m_users, m_items);
    m_compact = viewport()->width() < kCompactBelow;
    Scale scale = scaleFor(teacher, student);
    scale.maxBlock = m_compact ? kCompactMaxBlock : kMaxBlock;
    m_logScale = scale.log;
    const double labels = std::max(labelWidth(teacher, font()), labelWidth(student, font()));
    const double area = std::max(areaWidth(teacher, scale), areaWidth(student, scale));
    ColumnPainter painter(s, colours, scale, font());
    const auto selected
        = [this](ModelRole r) { return m_selectedRole == r ? m_selectedLayer : -1; };
    const double teacherX = labels + kLabelGap + area / 2;
    const double studentX = teacherX + area + (m_compact ? kCompactLinkGap : kLinkGap);
    double bottom = 0.0;
    for (const auto& [role, blocks, x, rep] :
        {std::tuple {ModelRole::Teacher, &teacher, teacherX, m_teacherRep},
            std::tuple {ModelRole::Student, &student, studentX, m_studentRep}}) {
        std::vector<Painted> painted;
        const ColumnPainter::Column column {role,
            title(role, role == ModelRole::Teacher ? m_teacher : m_student), x, area, 0.0,
            selected(role), rep};
        bottom = std::max(bottom, painter.draw(column, *blocks, painted));
        for (const auto& p : painted) {
            m_drawn.push_back({role, p.layer, p.rep, p.rect});
        }
    }
    drawLink();
    m_legend.clear();
    m_legend << (scale.log ? tr("Block widths on a log scale: they span %1 to %2 units, more than "
                                "10\u00d7.")
                                 .arg(scale.lo)
                                 .arg(scale.hi)
                           : tr("Block widths to scale: the widest is %1 units.").arg(scale.hi));
    if (m_linkEnds) {
        m_legend << tr(
            "Dashed line: the teacher's %1 and the student's %2, linked for distillation.")
                        .arg(friendly(m_teacherRep), friendly(m_studentRep));
    }
    for (const auto& [role, rep, who] :
        {std::tuple {ModelRole::Teacher, m_teacherRep, tr("teacher")},
            std::tuple {ModelRole::Student, m_studentRep, tr("student")}}) {
        if (!rep.isEmpty() && find(role, rep) == nullptr) {
            m_legend << tr("\u26a0 The %1 has no %2 (%3): nothing to link.")
                            .arg(who, friendly(rep), rep);
        }
    }
    m_legend << tr("Click a layer to select it in the form.");
    double y = bottom + 4;
    for (const QString& line : m_legend) {
        auto* text = s->addSimpleText(line, font());
        text->setBrush(colours.text);
        text->setPos(0, y);
        y += painter.lineHeight();
    }
    s->setSceneRect(s->itemsBoundingRect().adjusted(-12, -12, 12, 12));
    fitToView();
}

void ArchitectureView::drawLink()
{
    const Drawn* from = find(ModelRole::Teacher, m_teacherRep);
    const Drawn* to = find(ModelRole::Student, m_studentRep);
    if (from == nullptr || to == nullptr) {
        return;
    }
    const QRectF a = from->rect;
    const QRectF b = to->rect;
    const QPointF p(a.right(), a.center().y());
    const QPointF q(b.left(), b.center().y());
    const double bend = (q.x() - p.x()) / 2;
    QPainterPath path(p);
    path.cubicTo(p + QPointF(bend, 0), q - QPointF(bend, 0), q);
    QPen pen(palette().color(QPalette::Highlight), 2.5, Qt::DashLine);
    m_link = scene()->addPath(path, pen);
    m_linkEnds = QLineF(p, q);
}

const ArchitectureView::Drawn* ArchitectureView::find(ModelRole role, const QString& rep) const
{
    const auto it = std::find_if(m_drawn.begin(), m_drawn.end(),
        [&](const Drawn& d) { return d.role == role && d.rep == rep; });
    return it == m_drawn.end() ? nullptr : &*it;
}

int ArchitectureView::layerBlockCount(ModelRole role) const
{
    const auto items = scene()->items();
    return static_cast<int>(std::count_if(items.begin(), items.end(), [role](QGraphicsItem* i) {
        return i->type() == QGraphicsRectItem::Type && i->data(kKindKey).toInt() == kLayerKind
            && i->data(kRoleKey).toInt() == static_cast<int>(role);
    }));
}

QRectF ArchitectureView::layerBlockRect(ModelRole role, int layer) const
{
    return representationRect(role, QStringLiteral("layers.%1").arg(layer));
}

QRectF ArchitectureView::representationRect(ModelRole role, const QString& name) const
{
    const Drawn* d = find(role, name);
    return d == nullptr ? QRectF() : d->rect;
}

std::optional<QLineF> ArchitectureView::link() const
{
    return m_linkEnds;
}

void ArchitectureView::mousePressEvent(QMouseEvent* event)
{
    for (QGraphicsItem* item : items(event->position().toPoint())) {
        if (item->data(kKindKey).toInt() == kLayerKind) {
            const auto role = static_cast<ModelRole>(item->data(kRoleKey).toInt());
            const int layer = item->data(kLayerKey).toInt();
            setSelectedLayer(role, layer);
            event->accept();
            Q_EMIT layerClicked(role, layer);
            return;
        }
    }
    event->accept(); // the drawing has nothing else to press: not passed on to the parent
}

void ArchitectureView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if ((viewport()->width() < kCompactBelow) != m_compact) {
        rebuild(); // and fits
    } else {
        fitToView();
    }
}

void ArchitectureView::changeEvent(QEvent* event)
{
    QGraphicsView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        rebuild();
    }
}

// Shrinks the drawing to fit (not below 60%, where text stops being readable: scroll bars then)
// and enlarges it a little (up to 115%) on large screens.
void ArchitectureView::fitToView()
{
    const QRectF r = sceneRect();
    if (r.isEmpty()) {
        return;
    }
    const double fit = std::min(viewport()->width() / r.width(), viewport()->height() / r.height());
    const double s = std::clamp(fit, 0.6, 1.15);
    setTransform(QTransform::fromScale(s, s));
    centerOn(r.center());
}

} // namespace kdw::ui
