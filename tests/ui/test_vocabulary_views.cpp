// SPDX-License-Identifier: MIT
// The GUI speaks core's vocabulary: the designer's methods are the method catalogue's (names,
// order, summaries), its layer choices are nn::representationNames, its early-stopping choices
// and spin-box ranges come from the metric catalogue and the config schema, and the charts take
// their titles, axes, precision and direction from the metric catalogue.
#include <algorithm>
#include <set>
#include <stdexcept>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QStandardPaths>
#include <QTest>

#include "core/eval/metric_catalogue.h"
#include "core/nn/model.h"
#include "core/train/vocabulary.h"
#include "tests/support/configs.h"
#include "ui/charts/chart_specs.h"
#include "ui/designer/experiment_form.h"
#include "ui/model/experiment_document.h"

namespace {

QStringList itemData(const QComboBox* box)
{
    QStringList out;
    for (int i = 0; i < box->count(); ++i) {
        out << box->itemData(i).toString();
    }
    return out;
}

QStringList itemTexts(const QComboBox* box)
{
    QStringList out;
    for (int i = 0; i < box->count(); ++i) {
        out << box->itemText(i);
    }
    return out;
}

QStringList toQt(const std::vector<std::string>& names)
{
    QStringList out;
    for (const auto& n : names) {
        out << QString::fromStdString(n);
    }
    return out;
}

kdw::nn::ModelSpec neumf(int embedding, std::vector<int> widths)
{
    kdw::nn::ModelSpec spec;
    spec.embeddingDim = embedding;
    spec.interaction = kdw::nn::InteractionKind::NeuMf;
    for (int w : widths) {
        spec.layers.push_back({w, kdw::nn::Activation::Relu, 0.0});
    }
    return spec;
}

} // namespace

class VocabularyViewsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theDesignersMethodsAreTheCatalogues()
    {
        kdw::ui::ExperimentDocument document;
        const kdw::ui::ExperimentForm panel(document);
        const auto* logit = panel.findChild<QComboBox*>(QStringLiteral("logitMethod"));
        const auto* feature = panel.findChild<QComboBox*>(QStringLiteral("featureMethod"));
        QVERIFY(logit != nullptr && feature != nullptr);
        // Both boxes start with "none"; together they list the catalogue, in its order.
        QStringList expected;
        QStringList expectedLogit;
        QStringList expectedFeature;
        for (const auto& m : kdw::train::methodCatalogue()) {
            const auto name
                = QString::fromUtf8(m.name.data(), static_cast<qsizetype>(m.name.size()));
            expected << name;
            if (m.family != kdw::train::MethodFamily::Feature) {
                expectedLogit << name;
            }
            if (m.family != kdw::train::MethodFamily::Logit) {
                expectedFeature << name;
            }
        }
        QCOMPARE(itemData(logit), expectedLogit);
        QCOMPARE(itemData(feature), expectedFeature);
        QStringList both = itemData(logit);
        for (const auto& n : itemData(feature).mid(1)) {
            both << n;
        }
        std::sort(both.begin(), both.end(), [&](const QString& a, const QString& b) {
            return expected.indexOf(a) < expected.indexOf(b);
        });
        QCOMPARE(both, expected);
        // Labels and tooltips are the catalogue's label and summary.
        for (const auto* box : {logit, feature}) {
            for (int i = 1; i < box->count(); ++i) {
                const auto& info = kdw::train::methodInfo(
                    kdw::train::parseMethod(box->itemData(i).toString().toStdString()));
                QCOMPARE(box->itemText(i).toStdString(), std::string(info.label));
                QCOMPARE(box->itemData(i, Qt::ToolTipRole).toString().toStdString(),
                    std::string(info.summary));
            }
        }
        // Every combination the boxes can form is one of allMethodSets(), and every set is formed.
        kdw::ui::ExperimentDocument doc;
        kdw::ui::ExperimentForm editable(doc);
        auto* l = editable.findChild<QComboBox*>(QStringLiteral("logitMethod"));
        auto* f = editable.findChild<QComboBox*>(QStringLiteral("featureMethod"));
        std::set<std::string> formed;
        for (int i = 0; i < l->count(); ++i) {
            for (int j = 0; j < f->count(); ++j) {
                l->setCurrentIndex(i);
                f->setCurrentIndex(j);
                formed.insert(doc.config().distillation.method);
            }
        }
        std::set<std::string> all;
        for (const auto& s : kdw::train::allMethodSets()) {
            all.insert(s.toString());
        }
        QCOMPARE(formed, all);
        // The chosen methods' pages say they are used, with the catalogue's summaries; the
        // others offer to be used.
        l->setCurrentIndex(l->findData(QStringLiteral("soft_target")));
        f->setCurrentIndex(f->findData(QStringLiteral("hint")));
        for (const auto& info : kdw::train::methodCatalogue()) {
            const auto* page = editable.findChild<QWidget*>(
                QStringLiteral("methodPage_") + QString::fromUtf8(info.name.data()));
            QVERIFY(page != nullptr);
            const bool used = info.method == kdw::train::Method::SoftTarget
                || info.method == kdw::train::Method::Hint;
            QCOMPARE(!page->findChild<QLabel*>(QStringLiteral("inUse"))->isHidden(), used);
            QCOMPARE(page->findChild<QLabel*>(QStringLiteral("summary"))->text(),
                QString::fromUtf8(
                    info.summary.data(), static_cast<qsizetype>(info.summary.size())));
        }
    }

    void theLayerChoicesAreCoresRepresentationNames()
    {
        kdw::ui::ExperimentDocument doc;
        kdw::ui::ExperimentForm panel(doc);
        auto cfg = kdw::test::tinyConfig("hint");
        cfg.teacher.model = neumf(16, {32, 16, 8});
        cfg.student.model = neumf(8, {8, 4});
        cfg.distillation.hint = {"layers.1", "gmf", 1.0};
        doc.load(cfg, QStringLiteral("test"));
        const auto* student = panel.findChild<QComboBox*>(QStringLiteral("hintStudentLayer"));
        const auto* teacher = panel.findChild<QComboBox*>(QStringLiteral("hintTeacherLayer"));
        QCOMPARE(itemTexts(teacher), toQt(kdw::nn::representationNames(cfg.teacher.model)));
        QCOMPARE(itemTexts(student), toQt(kdw::nn::representationNames(cfg.student.model)));
        QCOMPARE(student->currentText(), QStringLiteral("layers.1"));
        QCOMPARE(teacher->currentText(), QStringLiteral("gmf"));
        QCOMPARE(doc.config().distillation.hint.teacherLayer, std::string("gmf"));
        // Relation: the names both models offer.
        const auto* relation = panel.findChild<QComboBox*>(QStringLiteral("relationLayer"));
        QCOMPARE(itemTexts(relation), toQt(kdw::nn::representationNames(cfg.student.model)));
    }

    void earlyStoppingAndRangesComeFromTheCatalogueAndTheSchema()
    {
        kdw::ui::ExperimentDocument doc;
        kdw::ui::ExperimentForm panel(doc);
        auto cfg = kdw::test::tinyConfig("soft_target");
        cfg.student.training.earlyStopMetric = kdw::eval::metric::ndcg(cfg.eval.k.back());
        doc.load(cfg, QStringLiteral("test"));
        const auto* stop = panel.findChild<QComboBox*>(QStringLiteral("studentEarlyStop"));
        QVERIFY(stop != nullptr);
        QCOMPARE(stop->itemData(0).toString(), QString());
        for (int i = 1; i < stop->count(); ++i) {
            const auto info = kdw::eval::findMetric(stop->itemData(i).toString().toStdString());
            QVERIFY(info.has_value());
            QVERIFY(info->split == kdw::eval::MetricSplit::Validation);
            QCOMPARE(stop->itemText(i).toStdString(), info->label);
        }
        QVERIFY(
            stop->findData(QString::fromStdString(std::string(kdw::eval::metric::kValLoss))) > 0);
        for (int k : cfg.eval.k) {
            QVERIFY(stop->findData(QString::fromStdString(kdw::eval::metric::hitRate(k))) > 0);
        }
        QCOMPARE(
            stop->currentData().toString().toStdString(), cfg.student.training.earlyStopMetric);
        QCOMPARE(
            doc.config().student.training.earlyStopMetric, cfg.student.training.earlyStopMetric);
        // distillation.temperature: "between 0.01 and 1000" in the schema. The box accepts a
        // value beyond (so that it is flagged rather than clamped) and keeps the schema's range.
        const auto* temperature = panel.findChild<QDoubleSpinBox*>(QStringLiteral("temperature"));
        QCOMPARE(temperature->property("validMinimum").toDouble(), 0.01);
        QCOMPARE(temperature->property("validMaximum").toDouble(), 1000.0);
        QVERIFY(temperature->minimum() < 0.01 && temperature->maximum() > 1000.0);
    }

    void chartsTakeTheirWordsFromTheMetricCatalogue()
    {
        // Every curve a chart draws is a catalogue metric (its label, unit, precision and
        // direction come from there), and HR@K / NDCG@K follow the config's cut-offs.
        using namespace kdw::eval::metric;
        const auto specs = kdw::ui::charts::defaultChartSpecs({5, 10});
        QStringList ids;
        for (const auto& spec : specs) {
            ids << spec.id;
            for (const auto& metric : spec.metrics) {
                QVERIFY2(
                    kdw::eval::findMetric(metric.toStdString()).has_value(), qPrintable(metric));
            }
        }
        QCOMPARE(ids.removeDuplicates(), 0); // ids are unique (the settings keep them)
        const auto find = [&specs](const char* id) {
            return *std::find_if(specs.begin(), specs.end(),
                [id](const auto& s) { return s.id == QLatin1String(id); });
        };
        QCOMPARE(find("hr").metrics,
            (QStringList {
                QString::fromStdString(hitRate(5)), QString::fromStdString(hitRate(10))}));
        QCOMPARE(find("ndcg").metrics,
            (QStringList {QString::fromStdString(ndcg(5)), QString::fromStdString(ndcg(10))}));
        QVERIFY(find("kl").metrics.contains(QString::fromStdString(std::string(kKlAtTemperature))));
        QVERIFY(find("auc").metrics.contains(QString::fromStdString(std::string(kAuc))));
        QVERIFY(find("terms").logY); // RKD's two terms differ by orders of magnitude
    }
};

QTEST_MAIN(VocabularyViewsTest)
#include "test_vocabulary_views.moc"
