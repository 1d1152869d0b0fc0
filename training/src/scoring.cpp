#include "sufler/training/training.h"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

namespace sufler::training {

namespace {

constexpr double kEntryPoints = 40;
constexpr double kTimePoints = 15;
constexpr double kScriptPoints = 25;
constexpr double kSurveyPoints = 10;
constexpr double kTransferPoints = 10;
constexpr double kFullMarksSeconds = 30;
constexpr double kNoMarksSeconds = 120;

std::string joinLabels(const std::vector<std::string>& labels) {
    std::string out;
    for (const auto& label : labels) {
        out += out.empty() ? "«" : ", «";
        out += label + "»";
    }
    return out;
}

} // namespace

double Score::total() const {
    return std::accumulate(parts.begin(), parts.end(), 0.0,
                           [](double sum, const ScorePart& p) { return sum + p.points; });
}

double Score::max() const {
    return std::accumulate(parts.begin(), parts.end(), 0.0,
                           [](double sum, const ScorePart& p) { return sum + p.maxPoints; });
}

Score scoreCall(const CallRecord& record) {
    Score score;
    const auto& expected = record.question.entryId;
    bool found = std::find(record.openedEntries.begin(), record.openedEntries.end(), expected) !=
                 record.openedEntries.end();

    ScorePart entry{"Найдена нужная запись", found ? kEntryPoints : 0, kEntryPoints, ""};
    if (!found) {
        entry.missed = fmt::format("нужная запись не открыта: {}", expected);
    }
    score.parts.push_back(entry);

    ScorePart time{"Время поиска", 0, kTimePoints, ""};
    if (found && record.secondsToFind) {
        double s = *record.secondsToFind;
        double share = s <= kFullMarksSeconds ? 1.0
                       : s >= kNoMarksSeconds
                           ? 0.0
                           : (kNoMarksSeconds - s) / (kNoMarksSeconds - kFullMarksSeconds);
        time.points = kTimePoints * share;
        if (share < 1.0) {
            time.missed = fmt::format("ответ найден за {:.0f} с (полный балл — до {:.0f} с)", s,
                                      kFullMarksSeconds);
        }
    } else {
        time.missed = "ответ не найден";
    }
    score.parts.push_back(time);

    std::size_t required = record.requiredDone.size() + record.requiredMissed.size();
    ScorePart script{"Сценарий разговора", kScriptPoints, kScriptPoints, ""};
    if (required > 0) {
        script.points = kScriptPoints * static_cast<double>(record.requiredDone.size()) /
                        static_cast<double>(required);
    }
    if (!record.requiredMissed.empty()) {
        script.missed = "не выполнено: " + joinLabels(record.requiredMissed);
    }
    score.parts.push_back(script);

    ScorePart survey{"Анкета в конце разговора", record.surveyAnswered ? kSurveyPoints : 0,
                     kSurveyPoints, ""};
    if (!record.surveyAnswered) {
        survey.missed = "не заданы два вопроса анкеты";
    }
    score.parts.push_back(survey);

    bool transferRight =
        record.question.transferExpected ? record.transfers > 0 : record.transfers == 0;
    ScorePart transfer{"Переадресация", transferRight ? kTransferPoints : 0, kTransferPoints, ""};
    if (!transferRight) {
        transfer.missed = record.question.transferExpected
                              ? "вопрос другого отдела: звонок нужно было перевести"
                              : "вопрос решался без перевода, а звонок переведён";
    }
    score.parts.push_back(transfer);
    return score;
}

} // namespace sufler::training
