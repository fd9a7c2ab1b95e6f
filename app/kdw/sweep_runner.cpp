// SPDX-License-Identifier: MIT
#include "app/kdw/sweep_runner.h"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/kdw/format.h"
#include "app/kdw/interrupt.h"
#include "core/common/compute_threads.h"
#include "core/common/error.h"
#include "core/experiment/run_recorder.h"
#include "core/store/history.h"
#include "core/train/vocabulary.h"

namespace kdw::cli {
namespace {

enum class JobState { Pending, Running, Done, Failed, Cancelled };

struct Job {
    const experiment::PlannedRun* run = nullptr;
    bool borrowed = false; // trained for this shard's runs; not a member of the sweep
    std::string name;
    JobState state = JobState::Pending;
    std::optional<std::int64_t> runId;
    std::optional<std::size_t> teacherJob; // index into the jobs
};

std::string finishedStatus()
{
    return std::string(train::toString(train::RunState::Finished));
}

class Scheduler {
public:
    explicit Scheduler(const SweepExecution& e);
    void skipFinished(store::History& history);
    SweepTally run();

private:
    void worker();
    void trainOne(store::History& history, std::size_t k, const train::TrainerCallbacks& cb);
    std::optional<std::size_t> take();
    std::optional<std::size_t> readyJob(); // under m_mutex
    void finish(
        std::size_t k, JobState state, std::optional<std::int64_t> runId, const std::string& line);
    void say(const std::string& line);

    const SweepExecution& m_e;
    std::vector<Job> m_jobs;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::stop_source m_stop;
    SweepTally m_tally;
    std::mutex m_sayMutex;
    int m_ended = 0;
};

Scheduler::Scheduler(const SweepExecution& e)
    : m_e(e)
{
    std::map<std::size_t, std::size_t> jobOfPlan;
    for (const auto index : e.runs) {
        const auto& run = (*e.plan)[index];
        Job job;
        job.run = &run;
        job.borrowed = std::find(e.borrowed.begin(), e.borrowed.end(), index) != e.borrowed.end();
        job.name = job.borrowed ? experiment::borrowedTeacherName(run.config.name, e.shard)
                                : run.config.name;
        jobOfPlan[index] = m_jobs.size();
        m_jobs.push_back(job);
    }
    for (auto& job : m_jobs) {
        if (job.run->teacherFrom) {
            job.teacherJob = jobOfPlan.at(*job.run->teacherFrom);
        }
    }
}

// Marks done every job the history already holds finished: members of the sweep by name, and
// borrowed teacher runs (not members) by their own name.
void Scheduler::skipFinished(store::History& history)
{
    store::RunQuery q;
    q.sweepId = m_e.sweepId;
    q.status = finishedStatus();
    q.descending = false;
    std::map<std::string, std::int64_t> members;
    for (const auto& r : history.queryRuns(q).runs) {
        members.emplace(r.name, r.id);
    }
    for (auto& job : m_jobs) {
        std::optional<std::int64_t> id;
        if (!job.borrowed) {
            const auto it = members.find(job.name);
            id = it == members.end() ? std::nullopt : std::optional(it->second);
        } else {
            store::RunQuery b;
            b.text = job.name;
            b.status = finishedStatus();
            for (const auto& r : history.queryRuns(b).runs) {
                id = r.name == job.name && !r.sweepId ? std::optional(r.id) : id;
            }
        }
        if (id) {
            job.state = JobState::Done;
            job.runId = id;
            ++m_tally.skipped;
            ++m_ended;
        }
    }
}

void Scheduler::say(const std::string& line)
{
    const std::lock_guard lock(m_sayMutex);
    if (m_e.say) {
        m_e.say(line);
    }
}

std::optional<std::size_t> Scheduler::readyJob()
{
    for (std::size_t k = 0; k < m_jobs.size(); ++k) {
        auto& job = m_jobs[k];
        if (job.state != JobState::Pending) {
            continue;
        }
        const auto teacher = job.teacherJob ? m_jobs[*job.teacherJob].state : JobState::Done;
        if (teacher == JobState::Failed) {
            job.state = JobState::Failed;
            ++m_tally.failed;
            ++m_ended;
            say("run " + job.name + ": not started, the run that trains its teacher failed");
        } else if (teacher == JobState::Done) {
            job.state = JobState::Running;
            return k;
        }
    }
    return std::nullopt;
}

// The next job whose teacher is ready; std::nullopt when every job has ended or a stop was asked.
std::optional<std::size_t> Scheduler::take()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (interrupted()) {
            m_stop.request_stop();
        }
        if (m_stop.stop_requested() || m_ended == static_cast<int>(m_jobs.size())) {
            return std::nullopt;
        }
        if (const auto k = readyJob()) {
            return k;
        }
        // Waiting for a teacher run another worker trains; wake now and then to notice Ctrl-C.
        m_changed.wait_for(lock, std::chrono::milliseconds(200));
    }
}

void Scheduler::finish(
    std::size_t k, JobState state, std::optional<std::int64_t> runId, const std::string& line)
{
    {
        const std::lock_guard lock(m_mutex);
        m_jobs[k].state = state;
        m_jobs[k].runId = runId;
        ++m_ended;
        (state == JobState::Done            ? m_tally.finished
                : state == JobState::Failed ? m_tally.failed
                                            : m_tally.cancelled)
            += 1;
        say("[" + std::to_string(m_ended) + "/" + std::to_string(m_jobs.size()) + "] " + line);
    }
    m_changed.notify_all();
}

void Scheduler::trainOne(store::History& history, std::size_t k, const train::TrainerCallbacks& cb)
{
    const auto& job = m_jobs[k];
    auto config = job.run->config;
    config.name = job.name;
    if (job.teacherJob) {
        const std::lock_guard lock(m_mutex);
        config.teacher.fromRun = std::to_string(*m_jobs[*job.teacherJob].runId);
    }
    try {
        const auto sweep = job.borrowed ? std::nullopt : std::optional(m_e.sweepId);
        const auto rec
            = experiment::runAndRecord(history, config, cb, m_stop.get_token(), {}, sweep);
        const auto status = train::parseRunState(train::toString(rec.result.status));
        std::map<std::string, double> last;
        for (const auto& e : rec.result.epochs) {
            last = e.phase == "student" ? e.metrics : last;
        }
        const auto state = status == train::RunState::Finished ? JobState::Done
            : status == train::RunState::Cancelled             ? JobState::Cancelled
                                                               : JobState::Failed;
        finish(k, state, rec.runId,
            "run " + std::to_string(rec.runId) + " " + job.name + ": "
                + std::string(train::toString(status)) + "  " + metricSummary(last)
                + (rec.result.message.empty() ? "" : "  (" + rec.result.message + ")"));
    } catch (const std::exception& e) {
        finish(k, m_stop.stop_requested() ? JobState::Cancelled : JobState::Failed, std::nullopt,
            "run " + job.name + " failed: " + e.what());
    }
}

void Scheduler::worker()
{
    // Everything a worker does is inside this try: an exception leaving a std::thread would end
    // the process (std::terminate), and opening the history can throw as well as training.
    try {
        store::History history(m_e.dbPath);
        train::TrainerCallbacks cb;
        cb.batchProgress = [this](const BatchProgress&) {
            if (interrupted()) {
                m_stop.request_stop();
            }
        };
        for (auto k = take(); k; k = take()) {
            trainOne(history, *k, cb);
        }
    } catch (const std::exception& e) {
        say(std::string("kdw: a sweep worker stopped: ") + e.what());
        const std::lock_guard lock(m_mutex);
        ++m_tally.failed;
    } catch (...) {
        say("kdw: a sweep worker stopped on an unknown error");
        const std::lock_guard lock(m_mutex);
        ++m_tally.failed;
    }
    m_changed.notify_all();
}

SweepTally Scheduler::run()
{
    const int pending = static_cast<int>(m_jobs.size()) - m_ended;
    const int jobs = std::max(1, std::min(m_e.jobs, pending));
    {
        std::vector<std::jthread> pool;
        for (int j = 0; j < jobs && pending > 0; ++j) {
            pool.emplace_back([this] { worker(); });
        }
    } // joins
    // Runs never started: stopped by Ctrl-C, or left when every worker had stopped on an error.
    for (const auto& job : m_jobs) {
        if (job.state == JobState::Pending) {
            (m_stop.stop_requested() ? m_tally.cancelled : m_tally.failed) += 1;
        }
    }
    return m_tally;
}

} // namespace

SweepTally executeSweep(const SweepExecution& e)
{
    Scheduler scheduler(e);
    {
        store::History history(e.dbPath);
        scheduler.skipFinished(history);
    }
    return scheduler.run();
}

} // namespace kdw::cli
