#pragma once
// The facts of the hotline's regulations that the program enforces or writes, each defined once:
// the closing survey (its two questions and their answers, word for word), the transfer limit,
// the callback and extension terms, the retention of personal data. Scripts check the survey
// against this, the console asks it, the journal stores and reports it.
#include <array>
#include <span>
#include <string_view>

namespace sufler::regulations {

struct SurveyQuestion {
    std::string_view text;                     // as the operator says it
    std::span<const std::string_view> answers; // in the order of the register's columns
};

inline constexpr std::string_view kAnsweredQuestion = "Получен ли ответ на Ваш вопрос?";
inline constexpr std::array<std::string_view, 2> kAnsweredAnswers = {"да", "нет"};
inline constexpr std::string_view kSatisfactionQuestion = "Оцените качество работы консультанта";
inline constexpr std::array<std::string_view, 3> kSatisfactionAnswers = {
    "удовлетворен", "частично удовлетворен", "не удовлетворен"};

// The closing survey, in the order it is asked.
inline constexpr std::array<SurveyQuestion, 2> kSurvey = {
    SurveyQuestion{kAnsweredQuestion, kAnsweredAnswers},
    SurveyQuestion{kSatisfactionQuestion, kSatisfactionAnswers},
};

// A call is transferred to a competent person at most this many times (п. 20).
inline constexpr int kMaxTransfers = 2;
// A deferred answer: the caller is called back within this many working days after the call.
inline constexpr int kCallbackWorkingDays = 1;
// The term of a deferred answer may be extended once, by up to this many working days.
inline constexpr int kMaxExtensionWorkingDays = 10;
// Personal data of callers is kept this many years.
inline constexpr int kRetentionYears = 5;

} // namespace sufler::regulations
