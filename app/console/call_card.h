#pragma once
// The call card: the columns of the register of incoming calls (Приложение 1 к Порядку работы
// «горячей линии»), filled as the call goes, plus what the console learns on its own — the
// time, transfers (at most two), the entries opened and the closing survey.
#include "sufler/core/clock.h"
#include "sufler/core/regulations.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb {
struct Profile;
}

namespace sufler::console {

inline constexpr int kMaxTransfers = regulations::kMaxTransfers;

struct Transfer {
    std::string entryId;
    std::string name;         // ФИО or organisation of the contact
    std::string organization; // filled into «Организации и учреждения»
    std::string phone;
    std::string department; // KB section of the contact, when it has one
    bool viaScript = false; // counted by a transfer step of the script
};

// The closing survey: two questions with fixed answers.
struct SurveyQuestion {
    const char* text;
    std::vector<const char*> answers;
};
[[nodiscard]] const std::vector<SurveyQuestion>& surveyQuestions();

struct CallCard {
    // The system clock, or SUFLER_NOW's (core/clock.h) in tests and training.
    struct Clock {
        using time_point = core::TimePoint;
        [[nodiscard]] static time_point now() { return core::now(); }
    };

    bool active = false;
    int number = 0; // 1. № п/п
    std::string receivedAt; // 2. Дата и время поступления звонка, «24.11.2026 12:50»
    std::string receivedAtIso; //    the same as the journal stores it, «2026-11-24 12:50:07»
    std::string phone;         // 3. Номер телефона позвонившего
    std::string sex;           // 4. Пол: «м», «ж» or empty
    std::string callerName; // 5. Контактные данные позвонившего: ФИО...
    std::string birthYear;     //    ...и год рождения
    std::string municipality;  // 6. Муниципальное образование
    std::string question;      // 7. Краткое содержание вопроса
    std::string organizations; // 8. Организации и учреждения
    std::string operatorName; // 9. ФИО специалиста, принявшего звонок
    std::string note;         // 10. Примечание
    std::string convenientHours; // «удобное время» for a callback (deferred answer)

    // A deferred answer booked in the journal: when the caller will be called back.
    std::string deferredDue;       // «25.11.2026», empty while none is booked
    bool deferredExtended = false; // the deadline was extended (a written request is needed)
    bool kbNoAnswer = false;       // the operator marked «нет ответа в базе»
    // The marks the monthly report counts: set by the scripts taken for them (their `mark:`)
    // or by a key (Ctrl+Alt+1…4).
    bool aggressive = false;
    bool complaint = false;
    bool urgent = false;
    bool outsideCompetence = false; // the question is not the ministry's

    Clock::time_point started{};
    std::optional<Clock::time_point> ended;
    std::vector<std::string> openedEntries;
    std::vector<Transfer> transfers;
    std::vector<std::optional<int>> survey; // answer index per question
    std::string department;                 // the topic: section of the entries that answered
    bool closed = false;                    // the survey is done and the card saved as final

    // The local time now as `format` (strftime) writes it.
    [[nodiscard]] static std::string formatNow(const char* format);
    // Starts a new call: clears everything but the operator, numbers it and stamps the time.
    void start(int callNumber, std::string operatorName, Clock::time_point now = Clock::now());
    [[nodiscard]] int elapsedSeconds(Clock::time_point now = Clock::now()) const;
    [[nodiscard]] bool canTransfer() const { return active && transfers.size() < kMaxTransfers; }
    // Records a transfer; false when the limit is reached or no call is active.
    bool addTransfer(Transfer transfer);
    void noteOpened(const std::string& entryId);
    // Survey answer `answer` (0-based) to question `question`; false when out of range.
    bool answerSurvey(std::size_t question, int answer);
    [[nodiscard]] bool surveyComplete() const;
    // The question the survey waits for, or nullopt when all are answered.
    [[nodiscard]] std::optional<std::size_t> nextSurveyQuestion() const;
};

// The marks of the register, in the order of their keys (Ctrl+Alt+1…4).
enum class CardMark { Aggressive, Complaint, Urgent, OutsideCompetence };
inline constexpr int kCardMarks = 4;
[[nodiscard]] bool& markOf(CallCard& card, CardMark mark);
[[nodiscard]] bool markOf(const CallCard& card, CardMark mark);
[[nodiscard]] const char* cardMarkLabel(CardMark mark); // «агрессивный абонент»…

// The card's fields the operator types in.
enum class CardField {
    Phone,
    Sex,
    CallerName,
    BirthYear,
    Municipality,
    Question,
    Organizations,
    OperatorName,
    Note,
    ConvenientHours, // for a deferred answer's callback
};

// `sufler:card/<поле>` of a script → the card's field.
[[nodiscard]] std::optional<CardField> cardFieldByName(std::string_view name);
// The field's label on the card: «Телефон», «ФИО», «Год рождения»…
[[nodiscard]] const char* cardFieldLabel(CardField field);

// «05:07»
[[nodiscard]] std::string formatDuration(int seconds);

// Placeholder values from the card and the organisation profile, by lower-cased name with
// '_' read as a space: фио, абонент, телефон, дата, номер обращения, оператор, организация...
[[nodiscard]] std::map<std::string, std::string> placeholderValues(const CallCard& card,
                                                                   const kb::Profile* profile);

// Replaces each {{name}} whose value is known and not empty; others stay as written, so the
// operator sees what is left to fill.
[[nodiscard]] std::string fillPlaceholders(std::string_view text,
                                           const std::map<std::string, std::string>& values);

// Lower case for Russian and Latin letters (UTF-8), ё folded to е; for matching names.
[[nodiscard]] std::string lowerRu(std::string_view text);

// How to address the caller: «Иван Петрович» of «Сидоров Иван Петрович»; the name as given
// when it has fewer than three words.
[[nodiscard]] std::string addressForm(std::string_view fullName);

} // namespace sufler::console
