// schedule.md: specialists' reception (front matter), checked as `sufler lint` reports it, and
// the slots a schedule gives.
#include "sufler/kb/schedule.h"

#include "loader_internal.h"
#include "text_util.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace sufler::kb {

using core::splitTrimmed;
using core::toLowerUtf8;
using core::trim;
using core::trimmed;

namespace {

using detail::addDiagnostic;

constexpr std::array<std::string_view, 7> kWeekdaysRu = {"пн", "вт", "ср", "чт", "пт", "сб", "вс"};
constexpr std::array<std::string_view, 7> kWeekdaysEn = {"mon", "tue", "wed", "thu",
                                                         "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"};

int mondayIndex(const Date& day) {
    return static_cast<int>(std::chrono::weekday(std::chrono::sys_days(day)).iso_encoding()) - 1;
}

// Reads one schedule.md: lines of the front matter map to file lines by `m_lineOffset`.
class ScheduleParser {
public:
    ScheduleParser(std::string path, std::string department, int lineOffset,
                   Diagnostics& diagnostics)
        : m_path(std::move(path)), m_department(std::move(department)), m_lineOffset(lineOffset),
          m_diagnostics(diagnostics) {}

    std::vector<Specialist> parse(const YAML::Node& root) {
        if (!root.IsMap()) {
            error(root, "заголовок schedule.md должен состоять из полей place, specialists, "
                        "exceptions");
            return {};
        }
        Place common;
        for (const auto& kv : root) {
            const std::string key = keyOf(kv.first);
            if (key == "place") {
                common = parsePlace(kv.second, Place{});
            } else if (key != "specialists" && key != "exceptions") {
                warning(kv.first, fmt::format("неизвестное поле «{}»: пропущено (бывают place, "
                                              "specialists, exceptions)",
                                              key));
            }
        }
        std::vector<Specialist> out;
        const YAML::Node list = root["specialists"];
        if (!list || list.IsNull()) {
            error(root, "нет списка specialists (кто ведёт приём)");
        } else if (!list.IsSequence()) {
            error(list, "specialists должно быть списком специалистов (каждый — с «- id: …»)");
        } else {
            for (const auto& item : list) {
                if (auto specialist = parseSpecialist(item, common)) {
                    const bool duplicate =
                        std::any_of(out.begin(), out.end(),
                                    [&](const Specialist& s) { return s.id == specialist->id; });
                    if (duplicate) {
                        error(item, fmt::format("специалист «{}» уже описан выше: второй пропущен",
                                                specialist->id));
                        continue;
                    }
                    out.push_back(std::move(*specialist));
                }
            }
        }
        if (const YAML::Node exceptions = root["exceptions"]; exceptions && !exceptions.IsNull()) {
            parseExceptions(exceptions, out);
        }
        return out;
    }

private:
    int lineOf(const YAML::Node& node) const {
        const YAML::Mark mark = node.Mark();
        return mark.line >= 0 ? mark.line + m_lineOffset : 0;
    }
    void error(const YAML::Node& node, std::string message) {
        addDiagnostic(m_diagnostics, m_path, lineOf(node), Severity::Error, std::move(message));
    }
    void warning(const YAML::Node& node, std::string message) {
        addDiagnostic(m_diagnostics, m_path, lineOf(node), Severity::Warning, std::move(message));
    }
    static std::string keyOf(const YAML::Node& node) {
        return node.IsScalar() ? trimmed(core::toValidUtf8(node.Scalar())) : std::string();
    }
    std::optional<std::string> text(const YAML::Node& node, std::string_view key) {
        if (!node.IsScalar()) {
            error(node, fmt::format("«{}» должно быть строкой", key));
            return std::nullopt;
        }
        return trimmed(core::toValidUtf8(node.Scalar()));
    }

    Place parsePlace(const YAML::Node& node, Place place) {
        if (!node.IsMap()) {
            error(node, "place должно состоять из полей address, room, how_to_get");
            return place;
        }
        for (const auto& kv : node) {
            const std::string key = keyOf(kv.first);
            auto value = text(kv.second, key);
            if (!value) {
                continue;
            }
            if (key == "address") {
                place.address = *value;
            } else if (key == "room") {
                place.room = *value;
            } else if (key == "how_to_get") {
                place.howToGet = *value;
            } else {
                warning(kv.first, fmt::format("неизвестное поле места «{}»: пропущено (бывают "
                                              "address, room, how_to_get)",
                                              key));
            }
        }
        return place;
    }

    // `09:00-13:00, 14:00-17:00` (a list of such strings is accepted too).
    std::vector<TimeRange> parseRanges(const YAML::Node& node, std::string_view key) {
        std::vector<std::string> parts;
        if (node.IsSequence()) {
            for (const auto& item : node) {
                if (auto value = text(item, key)) {
                    for (auto& part : splitTrimmed(*value, ',')) {
                        parts.push_back(std::move(part));
                    }
                }
            }
        } else if (auto value = text(node, key)) {
            parts = splitTrimmed(*value, ',');
        }
        std::vector<TimeRange> out;
        for (const auto& part : parts) {
            if (part == "-" || part == "—" || toLowerUtf8(part) == "нет") {
                continue;
            }
            std::string normalized = part;
            for (const std::string_view dash : {"—", "–"}) {
                for (auto pos = normalized.find(dash); pos != std::string::npos;
                     pos = normalized.find(dash)) {
                    normalized.replace(pos, dash.size(), "-");
                }
            }
            const auto dash = normalized.find('-');
            std::optional<int> start, end;
            if (dash != std::string::npos) {
                start = parseTimeOfDay(trim(std::string_view(normalized).substr(0, dash)));
                end = parseTimeOfDay(trim(std::string_view(normalized).substr(dash + 1)));
            }
            if (!start || !end || *start >= 24 * 60) {
                error(node, fmt::format("«{}» в «{}» — не промежуток времени: ожидается "
                                        "ЧЧ:ММ-ЧЧ:ММ в пределах 00:00–24:00",
                                        part, key));
                continue;
            }
            if (*end <= *start) {
                error(node, fmt::format("в «{}» промежуток {} кончается не позже, чем начинается",
                                        key, part));
                continue;
            }
            out.push_back(TimeRange{*start, *end, lineOf(node)});
        }
        std::sort(out.begin(), out.end(),
                  [](const TimeRange& a, const TimeRange& b) { return a.start < b.start; });
        for (std::size_t i = 1; i < out.size(); ++i) {
            if (out[i].start < out[i - 1].end) {
                error(node, fmt::format(
                                "в «{}» промежутки {}-{} и {}-{} перекрываются", key,
                                formatTimeOfDay(out[i - 1].start), formatTimeOfDay(out[i - 1].end),
                                formatTimeOfDay(out[i].start), formatTimeOfDay(out[i].end)));
                out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
                --i;
            }
        }
        return out;
    }

    std::optional<Specialist> parseSpecialist(const YAML::Node& node, const Place& common) {
        if (!node.IsMap()) {
            error(node, "специалист описывается полями id, name, role, … (а не строкой)");
            return std::nullopt;
        }
        Specialist s;
        s.department = m_department;
        s.path = m_path;
        s.line = lineOf(node);
        s.place = common;
        bool broken = false;
        YAML::Node hoursNode;
        for (const auto& kv : node) {
            const std::string key = keyOf(kv.first);
            if (key == "hours") {
                hoursNode = kv.second;
                continue;
            }
            if (key == "place") {
                s.place = parsePlace(kv.second, s.place);
                continue;
            }
            if (key == "topics") {
                if (kv.second.IsSequence()) {
                    for (const auto& item : kv.second) {
                        if (auto value = text(item, key); value && !value->empty()) {
                            s.topics.push_back(*value);
                        }
                    }
                } else if (auto value = text(kv.second, key)) {
                    s.topics = splitTrimmed(*value, ',');
                }
                continue;
            }
            if (key == "breaks") {
                s.breaks = parseRanges(kv.second, "breaks");
                continue;
            }
            auto value = text(kv.second, key);
            if (!value) {
                broken = broken || key == "id" || key == "slot";
                continue;
            }
            if (key == "id") {
                s.id = *value;
            } else if (key == "name") {
                s.name = *value;
            } else if (key == "role") {
                s.role = *value;
            } else if (key == "slot") {
                std::string digits = *value;
                if (digits.size() > 3 && digits.ends_with("мин")) {
                    digits = trimmed(std::string_view(digits).substr(0, digits.size() - 6));
                }
                int minutes = 0;
                const bool number = !digits.empty() && digits.size() <= 4 &&
                                    std::all_of(digits.begin(), digits.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
                if (number) {
                    minutes = std::stoi(digits);
                }
                if (!number || minutes < 5 || minutes > 24 * 60) {
                    error(kv.second, fmt::format("slot — длительность приёма в минутах (от 5), а "
                                                 "не «{}»",
                                                 *value));
                    broken = true;
                } else {
                    s.slotMinutes = minutes;
                }
            } else {
                warning(kv.first, fmt::format("неизвестное поле специалиста «{}»: пропущено", key));
            }
        }
        if (s.id.empty()) {
            error(node, "у специалиста нет id (латиницей: по нему записывают на приём): "
                        "специалист пропущен");
            return std::nullopt;
        }
        const bool slugLike = std::all_of(s.id.begin(), s.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
        if (!slugLike) {
            error(node, fmt::format("id «{}» — только строчные латинские буквы, цифры и «-»: "
                                    "специалист пропущен",
                                    s.id));
            return std::nullopt;
        }
        if (s.name.empty()) {
            error(node, fmt::format("у специалиста «{}» нет name (ФИО)", s.id));
        }
        if (s.role.empty()) {
            error(node, fmt::format("у специалиста «{}» нет role (юрист, психолог, …)", s.id));
        }
        if (broken) {
            return std::nullopt;
        }
        if (!hoursNode || hoursNode.IsNull()) {
            error(node,
                  fmt::format("у специалиста «{}» нет hours (часы приёма по дням недели)", s.id));
        } else if (!hoursNode.IsMap()) {
            error(hoursNode, "hours — дни недели с часами приёма: «пн: 09:00-13:00, 14:00-17:00»");
        } else {
            for (const auto& kv : hoursNode) {
                const std::string day = toLowerUtf8(keyOf(kv.first));
                int index = -1;
                for (int i = 0; i < 7; ++i) {
                    if (day == kWeekdaysRu[static_cast<std::size_t>(i)] ||
                        day == kWeekdaysEn[static_cast<std::size_t>(i)]) {
                        index = i;
                    }
                }
                if (index < 0) {
                    error(kv.first,
                          fmt::format("«{}» — не день недели: пн, вт, ср, чт, пт, сб, вс", day));
                    continue;
                }
                auto& ranges = s.hours[static_cast<std::size_t>(index)];
                if (!ranges.empty()) {
                    error(kv.first, fmt::format("день «{}» указан дважды", day));
                    continue;
                }
                ranges = parseRanges(kv.second, day);
                for (const auto& range : ranges) {
                    if (range.end - range.start < s.slotMinutes) {
                        error(kv.second,
                              fmt::format("приём {}-{} короче одного приёма ({} мин): в нём нет ни "
                                          "одного приёма",
                                          formatTimeOfDay(range.start), formatTimeOfDay(range.end),
                                          s.slotMinutes));
                    }
                }
            }
        }
        for (const auto& pause : s.breaks) {
            const bool inside = std::any_of(s.hours.begin(), s.hours.end(), [&](const auto& day) {
                return std::any_of(day.begin(), day.end(), [&](const TimeRange& r) {
                    return pause.start < r.end && r.start < pause.end;
                });
            });
            if (!inside) {
                addDiagnostic(m_diagnostics, m_path, pause.line, Severity::Warning,
                              fmt::format("перерыв {}-{} не приходится ни на какие часы приёма",
                                          formatTimeOfDay(pause.start),
                                          formatTimeOfDay(pause.end)));
            }
        }
        return s;
    }

    std::optional<Date> date(const YAML::Node& node, std::string_view key) {
        auto value = text(node, key);
        if (!value) {
            return std::nullopt;
        }
        auto parsed = parseDate(*value);
        if (!parsed) {
            error(node, fmt::format("«{}» в «{}» — не дата: ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ",
                                    *value, key));
        }
        return parsed;
    }

    void parseExceptions(const YAML::Node& node, std::vector<Specialist>& specialists) {
        if (!node.IsSequence()) {
            error(node, "exceptions должно быть списком (каждое — с «- specialist: …»)");
            return;
        }
        for (const auto& item : node) {
            if (!item.IsMap()) {
                error(item, "исключение описывается полями specialist, date или from/to, reason");
                continue;
            }
            ScheduleException exception;
            exception.line = lineOf(item);
            std::optional<Date> from, to, day;
            bool bad = false;
            for (const auto& kv : item) {
                const std::string key = keyOf(kv.first);
                if (key == "specialist") {
                    exception.specialist = text(kv.second, key).value_or("");
                } else if (key == "reason") {
                    exception.reason = text(kv.second, key).value_or("");
                } else if (key == "date" || key == "from" || key == "to") {
                    auto parsed = date(kv.second, key);
                    bad = bad || !parsed;
                    (key == "date" ? day : key == "from" ? from : to) = parsed;
                } else {
                    warning(kv.first, fmt::format("неизвестное поле исключения «{}»: пропущено "
                                                  "(бывают specialist, date, from, to, reason)",
                                                  key));
                }
            }
            if (bad) {
                continue;
            }
            if (day) {
                from = to = day;
            }
            if (!from || !to) {
                error(item, "у исключения нет date (один день) или from и to (с какого по какой "
                            "день)");
                continue;
            }
            if (*to < *from) {
                error(item, fmt::format("исключение кончается ({}) раньше, чем начинается ({})",
                                        formatRussianDate(*to), formatRussianDate(*from)));
                continue;
            }
            exception.from = *from;
            exception.to = *to;
            auto it =
                std::find_if(specialists.begin(), specialists.end(),
                             [&](const Specialist& s) { return s.id == exception.specialist; });
            if (it == specialists.end()) {
                error(item,
                      fmt::format("исключение для неизвестного специалиста «{}»: такого id нет "
                                  "в specialists",
                                  exception.specialist));
                continue;
            }
            it->exceptions.push_back(std::move(exception));
        }
    }

    std::string m_path;
    std::string m_department;
    int m_lineOffset;
    Diagnostics& m_diagnostics;
};

} // namespace

bool Specialist::absentOn(const Date& day) const {
    return std::any_of(exceptions.begin(), exceptions.end(),
                       [&](const ScheduleException& e) { return e.from <= day && day <= e.to; });
}

std::vector<Specialist> parseSchedule(const std::string& relativePath,
                                      const std::string& department, const std::string& text,
                                      Diagnostics& diagnostics) {
    std::string copy = text;
    const detail::FrontMatter front = detail::extractFrontMatter(copy, relativePath, diagnostics);
    if (!front.present) {
        addDiagnostic(diagnostics, relativePath, 1, Severity::Error,
                      "schedule.md начинается с заголовка между строками «---» со списком "
                      "specialists (см. docs/kb-format.md)");
        return {};
    }
    YAML::Node root;
    try {
        root = YAML::Load(front.yaml);
    } catch (const YAML::Exception& e) {
        addDiagnostic(diagnostics, relativePath,
                      e.mark.line >= 0 ? e.mark.line + front.firstLine : 0, Severity::Error,
                      fmt::format("ошибка YAML: {}", core::toValidUtf8(e.msg)));
        return {};
    }
    ScheduleParser parser(relativePath, department, front.firstLine, diagnostics);
    return parser.parse(root);
}

std::vector<Slot> daySlots(const Specialist& specialist, const core::WorkCalendar& calendar,
                           const Date& day) {
    std::vector<Slot> out;
    if (!day.ok() || !calendar.isWorkingDay(day) || specialist.absentOn(day)) {
        return out;
    }
    const int length = specialist.slotMinutes;
    for (const auto& window : specialist.hours[static_cast<std::size_t>(mondayIndex(day))]) {
        int t = window.start;
        while (t + length <= window.end) {
            // A slot never runs into a break: the next one starts when the break ends.
            auto pause =
                std::find_if(specialist.breaks.begin(), specialist.breaks.end(),
                             [&](const TimeRange& b) { return t < b.end && b.start < t + length; });
            if (pause != specialist.breaks.end()) {
                t = pause->end;
                continue;
            }
            out.push_back(Slot{day, t, length});
            t += length;
        }
    }
    return out;
}

std::vector<Slot> freeSlots(const Specialist& specialist, const core::WorkCalendar& calendar,
                            const Date& fromDay, int afterMinute, int days,
                            const std::vector<Slot>& taken) {
    std::vector<Slot> out;
    for (int i = 0; i < days; ++i) {
        const Date day{std::chrono::sys_days(fromDay) + std::chrono::days(i)};
        for (const Slot& slot : daySlots(specialist, calendar, day)) {
            if (i == 0 && slot.start <= afterMinute) {
                continue;
            }
            const bool busy = std::any_of(taken.begin(), taken.end(), [&](const Slot& t) {
                return t.day == slot.day && slot.start < t.start + t.minutes &&
                       t.start < slot.start + slot.minutes;
            });
            if (!busy) {
                out.push_back(slot);
            }
        }
    }
    return out;
}

std::optional<int> parseTimeOfDay(std::string_view text) {
    text = trim(text);
    const auto colon = text.find_first_of(":.");
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) {
        return std::nullopt;
    }
    auto digits = [](std::string_view part) -> std::optional<int> {
        int value = 0;
        for (char c : part) {
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    };
    auto hours = digits(text.substr(0, colon));
    auto minutes = digits(text.substr(colon + 1));
    if (!hours || !minutes || *minutes > 59 || *hours > 24 || (*hours == 24 && *minutes != 0)) {
        return std::nullopt;
    }
    return *hours * 60 + *minutes;
}

std::string formatTimeOfDay(int minutes) {
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

std::string formatSlot(const Slot& slot) {
    return formatIsoDate(slot.day) + " " + formatTimeOfDay(slot.start);
}

std::optional<Slot> parseSlotTime(std::string_view text) {
    text = trim(text);
    const auto space = text.find_first_of(" T");
    if (space == std::string_view::npos) {
        return std::nullopt;
    }
    auto day = parseDate(text.substr(0, space));
    std::string_view time = trim(text.substr(space + 1));
    if (time.size() == 8 && time.substr(5) == ":00") {
        time = time.substr(0, 5); // a journal timestamp's seconds
    }
    auto minute = parseTimeOfDay(time);
    if (!day || !minute || *minute >= 24 * 60) {
        return std::nullopt;
    }
    return Slot{*day, *minute, 0};
}

std::string_view weekdayRu(const Date& day) {
    return kWeekdayNames[static_cast<std::size_t>(mondayIndex(day))];
}

} // namespace sufler::kb
