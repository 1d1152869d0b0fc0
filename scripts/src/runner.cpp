// A run of a script: the path through its steps with what was done in each.
#include "sufler/scripts/runner.h"

#include "sufler/core/clock.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sufler::scripts {

namespace {

constexpr int kFormatVersion = 1;
constexpr std::string_view kFormatName = "sufler-script-run";

std::int64_t toMillis(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint fromMillis(std::int64_t millis) {
    return TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(millis)));
}

std::chrono::milliseconds between(TimePoint from, TimePoint to) {
    if (to <= from) {
        return std::chrono::milliseconds(0);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(to - from);
}

// Adds `spent` to a step's time, listing the step after the others when it is new. A template,
// as the entries are the runner's own private type.
template <typename TimeEntries>
void addTime(TimeEntries& times, const std::string& stepId, std::chrono::milliseconds spent) {
    auto found = std::find_if(times.begin(), times.end(),
                              [&](const auto& entry) { return entry.stepId == stepId; });
    if (found == times.end()) {
        times.push_back({stepId, spent});
    } else {
        found->spent += spent;
    }
}

} // namespace

double Adherence::ratio() const {
    const std::size_t all = required();
    return all == 0 ? 1.0 : static_cast<double>(done.size()) / static_cast<double>(all);
}

Runner::Runner(std::shared_ptr<const ScriptSet> scripts, Clock clock)
    : m_scripts(std::move(scripts)), m_clock(std::move(clock)) {
    if (!m_scripts) {
        throw Error("сценарии не загружены");
    }
    if (!m_clock) {
        m_clock = [] { return core::now(); };
    }
}

Runner::Runner(std::shared_ptr<const ScriptSet> scripts, std::string_view scriptId, Values values,
               Clock clock)
    : Runner(std::move(scripts), std::move(clock)) {
    m_script = m_scripts->find(scriptId);
    if (m_script == nullptr || m_script->steps.empty()) {
        throw Error(fmt::format("нет сценария «{}»", scriptId));
    }
    m_values = std::move(values);
    m_started = now();
    enter(m_script->startStep(), -1);
}

TimePoint Runner::now() const {
    return m_clock();
}

void Runner::enter(const Step& step, int via) {
    Visit visit;
    visit.step = &step;
    visit.tasksDone.assign(step.tasks.size(), false);
    visit.survey.assign(step.survey.size(), -1);
    visit.entered = now();
    visit.via = via;
    m_path.push_back(std::move(visit));
}

void Runner::leaveCurrent() {
    const Visit& visit = m_path.back();
    addTime(m_times, visit.step->id, between(visit.entered, now()));
}

const Script& Runner::script() const {
    return *m_script;
}
const Step& Runner::current() const {
    return *m_path.back().step;
}

const Script& Runner::currentScript() const {
    const Script* script = m_scripts->scriptOf(current());
    return script != nullptr ? *script : *m_script;
}

bool Runner::finished() const {
    return current().isEnd();
}

std::vector<std::string> Runner::path() const {
    std::vector<std::string> ids;
    ids.reserve(m_path.size());
    for (const auto& visit : m_path) {
        ids.push_back(visit.step->id);
    }
    return ids;
}

std::vector<std::string> Runner::words() const {
    std::vector<std::string> out;
    for (const auto& words : current().words) {
        // a paragraph whose every sentence waits for an unknown value is not said at all
        if (std::string said = fill(words.text); !said.empty()) {
            out.push_back(std::move(said));
        }
    }
    return out;
}

std::vector<TaskState> Runner::tasks() const {
    std::vector<TaskState> out;
    const Visit& visit = m_path.back();
    for (std::size_t i = 0; i < visit.step->tasks.size(); ++i) {
        const Task& task = visit.step->tasks[i];
        out.push_back(
            TaskState{fill(task.text), task.required, visit.tasksDone[i], task.actions, task.line});
    }
    return out;
}

const std::vector<Way>& Runner::ways() const {
    return current().ways;
}
const std::vector<Action>& Runner::actions() const {
    return current().actions;
}
const std::vector<SurveyQuestion>& Runner::surveyQuestions() const {
    return current().survey;
}

std::string Runner::surveyAnswerInStep(std::size_t question) const {
    const Visit& visit = m_path.back();
    if (question >= visit.survey.size() || visit.survey[question] < 0) {
        return {};
    }
    return visit.step->survey[question].options[static_cast<std::size_t>(visit.survey[question])];
}

const Step* Runner::resolve(const Way& way) const {
    return m_scripts->findStep(way.target);
}

ChooseResult Runner::check(std::size_t way) const {
    const auto& all = ways();
    if (way >= all.size()) {
        return ChooseResult::NoSuchWay;
    }
    const Step* target = resolve(all[way]);
    if (target == nullptr) {
        return ChooseResult::UnresolvedStep;
    }
    if (target->isTransfer() && transferCount() >= kTransferLimit) {
        return ChooseResult::TransferLimit;
    }
    return ChooseResult::Ok;
}

ChooseResult Runner::choose(std::size_t way) {
    const ChooseResult result = check(way);
    if (result != ChooseResult::Ok) {
        return result;
    }
    const Step* target = resolve(ways()[way]);
    leaveCurrent();
    enter(*target, static_cast<int>(way));
    return ChooseResult::Ok;
}

bool Runner::canGoBack() const {
    return m_path.size() > 1;
}

bool Runner::detour(std::string_view scriptId) {
    const Script* target = m_scripts->find(scriptId);
    if (target == nullptr) {
        return false;
    }
    leaveCurrent();
    enter(target->startStep(), -1);
    return true;
}

bool Runner::back() {
    if (!canGoBack()) {
        return false;
    }
    leaveCurrent();
    m_path.pop_back();
    m_path.back().entered = now();
    return true;
}

bool Runner::toggleTask(std::size_t task) {
    Visit& visit = m_path.back();
    if (task >= visit.tasksDone.size()) {
        return false;
    }
    visit.tasksDone[task] = !visit.tasksDone[task];
    return true;
}

bool Runner::setTask(std::size_t task, bool done) {
    Visit& visit = m_path.back();
    if (task >= visit.tasksDone.size()) {
        return false;
    }
    visit.tasksDone[task] = done;
    return true;
}

bool Runner::recordSurvey(std::size_t question, std::size_t option) {
    Visit& visit = m_path.back();
    if (question >= visit.survey.size() || option >= visit.step->survey[question].options.size()) {
        return false;
    }
    visit.survey[question] = static_cast<int>(option);
    return true;
}

void Runner::setValue(std::string name, std::string value) {
    m_values[std::move(name)] = std::move(value);
}

std::string Runner::fill(std::string_view text) const {
    return fillPlaceholders(text, m_values);
}

int Runner::transferCount() const {
    return static_cast<int>(std::count_if(m_path.begin(), m_path.end(),
                                          [](const Visit& v) { return v.step->isTransfer(); }));
}

std::vector<SurveyAnswer> Runner::survey() const {
    std::vector<SurveyAnswer> out;
    for (const auto& visit : m_path) {
        for (std::size_t q = 0; q < visit.survey.size(); ++q) {
            if (visit.survey[q] >= 0) {
                const auto& question = visit.step->survey[q];
                out.push_back(
                    SurveyAnswer{visit.step->id, question.text,
                                 question.options[static_cast<std::size_t>(visit.survey[q])]});
            }
        }
    }
    return out;
}

std::string Runner::surveyAnswer(std::string_view question) const {
    std::string answer;
    for (const auto& a : survey()) {
        if (a.question == question) {
            answer = a.answer; // the latest on the path wins
        }
    }
    return answer;
}

std::vector<StepTime> Runner::timeByStep() const {
    std::vector<TimeEntry> entries = m_times;
    const Visit& visit = m_path.back();
    addTime(entries, visit.step->id, between(visit.entered, now())); // the visit still running
    std::vector<StepTime> out;
    for (const auto& entry : entries) {
        const Step* step = m_scripts->findStep(entry.stepId);
        out.push_back(
            StepTime{entry.stepId, step != nullptr ? step->title : entry.stepId, entry.spent});
    }
    return out;
}

std::chrono::milliseconds Runner::timeInCurrentStep() const {
    return between(m_path.back().entered, now());
}

std::chrono::milliseconds Runner::totalTime() const {
    return between(m_started, now());
}

Adherence Runner::adherence() const {
    Adherence result;
    for (const auto& visit : m_path) {
        for (std::size_t i = 0; i < visit.step->tasks.size(); ++i) {
            const Task& task = visit.step->tasks[i];
            if (!task.required) {
                continue;
            }
            AdherenceItem item{visit.step->id, visit.step->title, fill(task.text)};
            (visit.tasksDone[i] ? result.done : result.missed).push_back(std::move(item));
        }
    }
    return result;
}

std::string Runner::serialize() const {
    nlohmann::json path = nlohmann::json::array();
    for (const auto& visit : m_path) {
        nlohmann::json tasks = nlohmann::json::array();
        for (bool done : visit.tasksDone) {
            tasks.push_back(done);
        }
        path.push_back({{"step", visit.step->id},
                        {"via", visit.via},
                        {"entered", toMillis(visit.entered)},
                        {"tasks", tasks},
                        {"survey", visit.survey}});
    }
    nlohmann::json times = nlohmann::json::array();
    for (const auto& entry : m_times) {
        times.push_back({{"step", entry.stepId}, {"ms", entry.spent.count()}});
    }
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [name, value] : m_values) {
        values[name] = value;
    }
    const nlohmann::json root{{"format", kFormatName},  {"version", kFormatVersion},
                              {"script", m_script->id}, {"started", toMillis(m_started)},
                              {"values", values},       {"path", path},
                              {"times", times}};
    return root.dump();
}

Runner Runner::deserialize(std::shared_ptr<const ScriptSet> scripts, std::string_view text,
                           Clock clock) {
    Runner runner(std::move(scripts), std::move(clock));
    try {
        const auto root = nlohmann::json::parse(text);
        if (root.value("format", std::string()) != kFormatName) {
            throw Error("это не сохранённый ход сценария");
        }
        if (root.at("version").get<int>() != kFormatVersion) {
            throw Error(fmt::format("неизвестная версия сохранённого хода сценария: {}",
                                    root.at("version").dump()));
        }
        const auto scriptId = root.at("script").get<std::string>();
        runner.m_script = runner.m_scripts->find(scriptId);
        if (runner.m_script == nullptr) {
            throw Error(fmt::format("сценария «{}» больше нет", scriptId));
        }
        runner.m_started = fromMillis(root.at("started").get<std::int64_t>());
        for (const auto& [name, value] : root.at("values").items()) {
            runner.m_values[name] = value.get<std::string>();
        }
        for (const auto& item : root.at("path")) {
            const auto stepId = item.at("step").get<std::string>();
            const Step* step = runner.m_scripts->findStep(stepId);
            if (step == nullptr) {
                throw Error(fmt::format("шага «{}» больше нет в сценариях", stepId));
            }
            Visit visit;
            visit.step = step;
            visit.via = item.value("via", -1);
            visit.entered = fromMillis(item.at("entered").get<std::int64_t>());
            // A script edited since keeps the marks that still fit.
            visit.tasksDone.assign(step->tasks.size(), false);
            const auto& tasks = item.at("tasks");
            for (std::size_t i = 0; i < tasks.size() && i < visit.tasksDone.size(); ++i) {
                visit.tasksDone[i] = tasks[i].get<bool>();
            }
            visit.survey.assign(step->survey.size(), -1);
            const auto& survey = item.at("survey");
            for (std::size_t q = 0; q < survey.size() && q < visit.survey.size(); ++q) {
                const int option = survey[q].get<int>();
                if (option >= 0 &&
                    static_cast<std::size_t>(option) < step->survey[q].options.size()) {
                    visit.survey[q] = option;
                }
            }
            runner.m_path.push_back(std::move(visit));
        }
        if (runner.m_path.empty()) {
            throw Error("в сохранённом ходе сценария нет ни одного шага");
        }
        for (const auto& item : root.at("times")) {
            runner.m_times.push_back(
                TimeEntry{item.at("step").get<std::string>(),
                          std::chrono::milliseconds(item.at("ms").get<std::int64_t>())});
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("сохранённый ход сценария не читается: {}", e.what()));
    }
    return runner;
}

} // namespace sufler::scripts
