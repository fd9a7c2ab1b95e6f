// SPDX-License-Identifier: MIT
// The run query's config fields and best values (the history browser's columns): returned with a
// page, filtered on, sorted by.
#include <gtest/gtest.h>

#include "core/store/history.h"
#include "tests/support/configs.h"
#include "tests/support/temp_dir.h"

namespace kdw::store {
namespace {

// Three runs: T = 4 pointwise, T = 1 listwise, T = 8 pointwise; ndcg@10 peaks then falls.
class RunQueryFieldsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const struct {
            const char* name;
            double temperature;
            bool listwise;
            double ndcgBest;
            double ndcgFinal;
        } runs[] = {{"a", 4.0, false, 0.30, 0.25}, {"b", 1.0, true, 0.20, 0.20},
            {"c", 8.0, false, 0.40, 0.10}};
        for (const auto& r : runs) {
            auto config = test::tinyConfig();
            config.distillation.temperature = r.temperature;
            config.distillation.listwise = r.listwise;
            config.seed = 11;
            NewRun run;
            run.name = r.name;
            run.method = "soft_target";
            run.configJson = train::configToJson(config);
            const auto id = m_history.createRun(run);
            m_history.appendEpoch(id, {"student", 1, {{"ndcg@10", r.ndcgBest}}});
            m_history.appendEpoch(id, {"student", 2, {{"ndcg@10", r.ndcgFinal}}});
            m_history.finishRun(id, "finished", 1.0);
        }
    }

    static std::vector<std::string> names(const RunPage& page)
    {
        std::vector<std::string> out;
        for (const auto& r : page.runs) {
            out.push_back(r.name);
        }
        return out;
    }

    test::TempDir m_dir {"run-query-fields"};
    History m_history {m_dir.file("h.sqlite")};
};

TEST_F(RunQueryFieldsTest, ReturnsConfigFieldsAndBestValuesOfThePage)
{
    RunQuery q;
    q.sortBy = "name";
    q.descending = false;
    q.configFields = {"distillation.temperature", "distillation.listwise", "seed", "no.such"};
    q.bestMetrics = {"ndcg@10"};
    const auto page = m_history.queryRuns(q);
    ASSERT_EQ(page.runs.size(), 3U);
    const auto& a = page.runs[0];
    EXPECT_EQ(std::stod(a.configValues.at("distillation.temperature")), 4.0);
    EXPECT_EQ(a.configValues.at("distillation.listwise"), "0");
    EXPECT_EQ(a.configValues.at("seed"), "11");
    EXPECT_FALSE(a.configValues.contains("no.such"));
    EXPECT_DOUBLE_EQ(a.bestMetrics.at("ndcg@10"), 0.30);
    EXPECT_DOUBLE_EQ(a.finalMetrics.at("ndcg@10"), 0.25);
    EXPECT_EQ(page.runs[1].configValues.at("distillation.listwise"), "1");
    // Not asked for: not returned.
    EXPECT_TRUE(m_history.queryRuns({}).runs[0].bestMetrics.empty());
}

TEST_F(RunQueryFieldsTest, FiltersOnAConfigFieldsValue)
{
    RunQuery q;
    q.sortBy = "name";
    q.descending = false;
    q.configEquals = {{"distillation.listwise", "true"}};
    EXPECT_EQ(names(m_history.queryRuns(q)), (std::vector<std::string> {"b"}));
    q.configEquals = {{"distillation.listwise", "false"}};
    const auto page = m_history.queryRuns(q);
    EXPECT_EQ(names(page), (std::vector<std::string> {"a", "c"}));
    EXPECT_EQ(page.total, 2);
    q.configEquals = {{"distillation.listwise", "false"}, {"distillation.temperature", "8"}};
    EXPECT_EQ(names(m_history.queryRuns(q)), (std::vector<std::string> {"c"}));
}

TEST_F(RunQueryFieldsTest, SortsByAConfigFieldABestValueAndTheSeed)
{
    RunQuery q;
    q.descending = false;
    q.sortBy = "config:distillation.temperature";
    EXPECT_EQ(names(m_history.queryRuns(q)), (std::vector<std::string> {"b", "a", "c"}));
    q.sortBy = "best:ndcg@10";
    EXPECT_EQ(names(m_history.queryRuns(q)), (std::vector<std::string> {"b", "a", "c"}));
    q.sortBy = "ndcg@10"; // the final value
    EXPECT_EQ(names(m_history.queryRuns(q)), (std::vector<std::string> {"c", "b", "a"}));
    q.descending = true;
    q.sortBy = "best:ndcg@10";
    q.limit = 1;
    q.offset = 1;
    q.configEquals = {{"distillation.listwise", "false"}};
    const auto page = m_history.queryRuns(q);
    EXPECT_EQ(names(page), (std::vector<std::string> {"a"}));
    EXPECT_EQ(page.total, 2);
    q = {};
    q.descending = false;
    q.sortBy = "tags";
    m_history.addTag(3, "zeta");
    m_history.addTag(1, "beta");
    m_history.addTag(1, "alpha");
    EXPECT_EQ(names(m_history.queryRuns(q)), (std::vector<std::string> {"b", "a", "c"}));
    q.sortBy = "seed";
    EXPECT_EQ(m_history.queryRuns(q).runs.size(), 3U);
    q.sortBy = "config:no.such"; // every run lacks it: all sort last, by id
    EXPECT_EQ(names(m_history.queryRuns(q)), (std::vector<std::string> {"a", "b", "c"}));
}

} // namespace
} // namespace kdw::store
