#pragma once
// Where training is kept: its own SQLite file beside the call journal (training.sqlite), so
// that nothing of training ever reaches the journal or the monthly report.
#include "sufler/training/training.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sufler::training {

// training.sqlite in the folder of the given journal file.
[[nodiscard]] std::filesystem::path storePathBeside(const std::filesystem::path& journalPath);

struct SessionSummary {
    std::int64_t id = 0;
    std::string startedAt;  // ISO date-time, local
    std::string department; // practised section; empty for a mixed exam
    int calls = 0;
    double score = 0; // sum of the calls' totals
    double max = 0;
};

struct CallSummary {
    std::string entryId;
    std::string department;
    double score = 0;
    double max = 0;
};

struct TraineeReport {
    std::string trainee;
    std::vector<SessionSummary> sessions; // oldest first: the scores over time
    std::vector<CallSummary> calls;
    std::set<std::string> readIds;
};

class TrainingStore {
public:
    [[nodiscard]] static TrainingStore open(const std::filesystem::path& path);
    TrainingStore(TrainingStore&&) noexcept;
    TrainingStore& operator=(TrainingStore&&) noexcept;
    ~TrainingStore();

    // Study: an entry opened and stayed on; the KB commit studied last (for «что изменилось»).
    void markRead(const std::string& trainee, const std::string& entryId);
    [[nodiscard]] std::set<std::string> readIds(const std::string& trainee) const;
    void recordStudied(const std::string& trainee, const std::string& commit);
    [[nodiscard]] std::optional<std::string> lastStudiedCommit(const std::string& trainee) const;

    // Simulated calls.
    std::int64_t startSession(const std::string& trainee, const std::string& department);
    void recordCall(std::int64_t session, const CallRecord& record, const Score& score);

    [[nodiscard]] std::vector<std::string> trainees() const;
    [[nodiscard]] TraineeReport report(const std::string& trainee) const;

private:
    struct Impl;
    explicit TrainingStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace sufler::training
