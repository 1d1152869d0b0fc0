// The call card's rules: numbering, the timer, the transfer limit, the survey, placeholders.
#include "console/call_card.h"

#include "sufler/core/regulations.h"
#include "sufler/kb/model.h"

#include <ctime>
#include <fmt/format.h>

namespace sufler::console {

const std::vector<SurveyQuestion>& surveyQuestions() {
    // The regulation's words; views of string literals, so NUL-terminated.
    static const std::vector<SurveyQuestion> questions = [] {
        std::vector<SurveyQuestion> out;
        for (const auto& q : regulations::kSurvey) {
            SurveyQuestion& question = out.emplace_back(SurveyQuestion{q.text.data(), {}});
            for (const auto answer : q.answers)
                question.answers.push_back(answer.data());
        }
        return out;
    }();
    return questions;
}

std::string CallCard::formatNow(const char* format) {
    return core::formatLocal(Clock::now(), format);
}

void CallCard::start(int callNumber, std::string operatorName_, Clock::time_point now) {
    *this = CallCard{};
    active = true;
    number = callNumber;
    operatorName = std::move(operatorName_);
    started = now;
    receivedAt = core::formatLocal(now, "%d.%m.%Y %H:%M");
    receivedAtIso = core::formatLocal(now, "%Y-%m-%d %H:%M:%S");
    survey.assign(surveyQuestions().size(), std::nullopt);
}

int CallCard::elapsedSeconds(Clock::time_point now) const {
    if (number == 0)
        return 0;
    const auto end = ended.value_or(now);
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::seconds>(end - started).count());
}

bool CallCard::addTransfer(Transfer transfer) {
    if (!canTransfer() || closed)
        return false;
    if (!transfer.organization.empty() &&
        organizations.find(transfer.organization) == std::string::npos)
        organizations += (organizations.empty() ? "" : "; ") + transfer.organization;
    transfers.push_back(std::move(transfer));
    return true;
}

void CallCard::noteOpened(const std::string& entryId) {
    if (!active || closed)
        return;
    if (openedEntries.empty() || openedEntries.back() != entryId)
        openedEntries.push_back(entryId);
}

bool CallCard::answerSurvey(std::size_t question, int answer) {
    const auto& questions = surveyQuestions();
    if (question >= questions.size() || answer < 0 ||
        answer >= static_cast<int>(questions[question].answers.size()))
        return false;
    if (survey.size() < questions.size())
        survey.resize(questions.size());
    survey[question] = answer;
    return true;
}

bool CallCard::surveyComplete() const {
    return !nextSurveyQuestion().has_value();
}

std::optional<std::size_t> CallCard::nextSurveyQuestion() const {
    for (std::size_t i = 0; i < surveyQuestions().size(); ++i)
        if (i >= survey.size() || !survey[i])
            return i;
    return std::nullopt;
}

bool& markOf(CallCard& card, CardMark mark) {
    switch (mark) {
    case CardMark::Aggressive:
        return card.aggressive;
    case CardMark::Complaint:
        return card.complaint;
    case CardMark::Urgent:
        return card.urgent;
    case CardMark::OutsideCompetence:
        break;
    }
    return card.outsideCompetence;
}

bool markOf(const CallCard& card, CardMark mark) {
    return markOf(const_cast<CallCard&>(card), mark);
}

const char* cardMarkLabel(CardMark mark) {
    switch (mark) {
    case CardMark::Aggressive:
        return "агрессивный абонент";
    case CardMark::Complaint:
        return "жалоба";
    case CardMark::Urgent:
        return "срочное";
    case CardMark::OutsideCompetence:
        break;
    }
    return "вне компетенции";
}

std::string formatDuration(int seconds) {
    if (seconds < 0)
        seconds = 0;
    if (seconds >= 3600)
        return fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return fmt::format("{:02}:{:02}", seconds / 60, seconds % 60);
}

std::string lowerRu(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        if (i + 1 < text.size()) {
            const auto d = static_cast<unsigned char>(text[i + 1]);
            // U+0410..U+042F (А..Я): D0 90..D0 AF → а..п D0 B0..D0 BF, р..я D1 80..D1 8F
            if (c == 0xD0 && d >= 0x90 && d <= 0x9F) {
                out += static_cast<char>(0xD0);
                out += static_cast<char>(d + 0x20);
                ++i;
                continue;
            }
            if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) {
                out += static_cast<char>(0xD1);
                out += static_cast<char>(d - 0x20);
                ++i;
                continue;
            }
            if ((c == 0xD0 && d == 0x81) || (c == 0xD1 && d == 0x91)) { // Ё ё → е
                out += "е";
                ++i;
                continue;
            }
        }
        out += static_cast<char>(c);
    }
    return out;
}

std::string addressForm(std::string_view fullName) {
    std::vector<std::string> words;
    std::string word;
    for (char c : fullName) {
        if (c == ' ' || c == ',') {
            if (!word.empty())
                words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty())
        words.push_back(std::move(word));
    if (words.size() >= 3)
        return words[1] + " " + words[2];
    return std::string(fullName);
}

std::map<std::string, std::string> placeholderValues(const CallCard& card,
                                                     const kb::Profile* profile) {
    std::map<std::string, std::string> values;
    const auto now = CallCard::Clock::now();
    const std::string& name = card.callerName;
    auto set = [&](std::initializer_list<const char*> keys, const std::string& value) {
        for (const char* key : keys)
            values[lowerRu(key)] = value;
    };
    set({"ФИО", "ФИО заявителя", "ФИО гражданина", "ФИО абонента", "заявитель"}, name);
    set({"абонент", "имя", "обращение"}, addressForm(name));
    set({"год рождения"}, card.birthYear);
    set({"контактные данные"},
        card.birthYear.empty() ? name : name + ", " + card.birthYear + " г. р.");
    set({"телефон", "номер телефона", "телефон заявителя", "телефон абонента"}, card.phone);
    set({"дата"}, core::formatLocal(now, "%d.%m.%Y"));
    set({"время"}, core::formatLocal(now, "%H:%M"));
    // the call is the request a written answer refers to: «Ваше обращение от {{дата обращения}}»
    set({"дата обращения", "дата звонка"},
        card.number > 0 ? core::formatLocal(card.started, "%d.%m.%Y") : std::string());
    set({"номер обращения", "номер звонка", "номер"},
        card.number > 0 ? std::to_string(card.number) : std::string());
    set({"муниципальное образование", "муниципалитет", "район"}, card.municipality);
    set({"вопрос", "краткое содержание вопроса", "тема"}, card.question);
    set({"удобное время"}, card.convenientHours);
    set({"дата ответа"}, card.deferredDue);
    set({"срок продления"}, card.deferredExtended ? card.deferredDue : std::string());
    if (!card.transfers.empty()) {
        const Transfer& last = card.transfers.back();
        set({"специалист"}, last.name);
        set({"организация перевода"}, last.organization);
    }
    set({"оператор", "специалист", "ФИО специалиста", "ФИО оператора"}, card.operatorName);
    if (profile) {
        set({"организация", "ведомство"}, profile->organization);
        set({"краткое название"}, profile->shortName);
        set({"горячая линия", "телефон горячей линии"}, profile->hotline);
        set({"часы работы", "режим работы"}, profile->hotlineHours);
    }
    return values;
}

std::string fillPlaceholders(std::string_view text,
                             const std::map<std::string, std::string>& values) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto open = text.find("{{", i);
        if (open == std::string_view::npos) {
            out += text.substr(i);
            break;
        }
        const auto close = text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, open - i);
        std::string name(text.substr(open + 2, close - open - 2));
        while (!name.empty() && name.front() == ' ')
            name.erase(name.begin());
        while (!name.empty() && name.back() == ' ')
            name.pop_back();
        std::string key = lowerRu(name);
        for (char& c : key)
            if (c == '_')
                c = ' ';
        const auto found = values.find(key);
        if (found != values.end() && !found->second.empty())
            out += found->second;
        else
            out += text.substr(open, close + 2 - open);
        i = close + 2;
    }
    return out;
}

} // namespace sufler::console
