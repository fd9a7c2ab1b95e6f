// SPDX-License-Identifier: MIT
// The network drawing: teacher and student side by side, each from its embedding tables through
// the join (concatenation or product) and the MLP tower to the output, every block as wide as its
// representation (in units; on a log scale when the widths span more than 10x, as the legend
// says). The representations linked for hint or relational distillation are highlighted in both
// networks and joined by a dashed line. Colours come from the widget's QPalette.
#pragma once

#include <optional>
#include <vector>

#include <QGraphicsView>
#include <QLineF>

#include "core/nn/model_spec.h"
#include "ui/model/model_role.h"

class QGraphicsPathItem;

namespace kdw::ui {

class ArchitectureView : public QGraphicsView {
    Q_OBJECT
public:
    explicit ArchitectureView(QWidget* parent = nullptr);

    // Redraws both networks for a catalogue of numUsers x numItems (the tables' sizes; >= 0).
    void setModels(const nn::ModelSpec& teacher, const nn::ModelSpec& student, long long numUsers,
        long long numItems);
    // Representation names as nn::representationNames gives them ("embedding", "layers.i",
    // "gmf"); empty = no link. A name a network does not have is said in the legend, not drawn.
    void setLinkedRepresentations(const QString& teacherRep, const QString& studentRep);
    // Outlines layer `layer` (0-based index into the tower; -1 = none) of one network.
    void setSelectedLayer(ModelRole role, int layer);

    // What is drawn, in scene coordinates (for tests and for the caller's tooltips).
    // The number of layer blocks of a network in the scene (its tower's length; 0 for GMF).
    [[nodiscard]] int layerBlockCount(ModelRole role) const;
    // The block of a tower layer, or of any representation by name; empty when not drawn.
    [[nodiscard]] QRectF layerBlockRect(ModelRole role, int layer) const;
    [[nodiscard]] QRectF representationRect(ModelRole role, const QString& name) const;
    // The ends of the link (teacher side first) when both linked representations are drawn.
    [[nodiscard]] std::optional<QLineF> link() const;
    // True when block widths are drawn on a log scale (they span more than 10x).
    [[nodiscard]] bool logScale() const { return m_logScale; }
    // The legend under the drawing, one line per entry.
    [[nodiscard]] QStringList legend() const { return m_legend; }

Q_SIGNALS:
    // The user clicked the block (or the label) of layer `layer` (0-based) of one network.
    void layerClicked(kdw::ui::ModelRole role, int layer);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // One drawn block that stands for a representation.
    struct Drawn {
        ModelRole role = ModelRole::Teacher;
        int layer = -1; // tower index, -1 for other blocks
        QString rep; // representation name, empty for blocks that carry none
        QRectF rect; // the block's rectangle in scene coordinates (without its outline's width)
    };

    void rebuild();
    void drawLink();
    void fitToView();
    [[nodiscard]] const Drawn* find(ModelRole role, const QString& rep) const;

    nn::ModelSpec m_teacher;
    nn::ModelSpec m_student;
    long long m_users = 0;
    long long m_items = 0;
    QString m_teacherRep;
    QString m_studentRep;
    std::optional<ModelRole> m_selectedRole;
    int m_selectedLayer = -1;

    bool m_logScale = false;
    bool m_compact = false; // drawn for a narrow view (see kCompactBelow)
    QStringList m_legend;
    std::vector<Drawn> m_drawn;
    QGraphicsPathItem* m_link = nullptr;
    std::optional<QLineF> m_linkEnds;
};

} // namespace kdw::ui
