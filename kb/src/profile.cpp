// sufler.yaml (the organisation profile) and changes.yaml (change notices).
#include "loader_internal.h"
#include "text_util.h"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace sufler::kb::detail {

namespace {

int lineOf(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? mark.line + 1 : 0;
}

std::optional<YAML::Node> loadYaml(const std::string& text, const std::string& path,
                                   Diagnostics& diagnostics) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        addDiagnostic(diagnostics, path, e.mark.line >= 0 ? e.mark.line + 1 : 0, Severity::Error,
                      fmt::format("ошибка YAML: {}", core::toValidUtf8(e.msg)));
        return std::nullopt;
    }
}

// yaml-cpp writes the escapes `\_` and `\N` of a quoted scalar as single Latin-1 bytes, so every
// string taken from it goes through toValidUtf8.
std::optional<std::string> scalar(const YAML::Node& node, const std::string& path,
                                  std::string_view key, Diagnostics& diagnostics) {
    if (!node.IsScalar()) {
        addDiagnostic(diagnostics, path, lineOf(node), Severity::Error,
                      fmt::format("«{}» должно быть строкой", key));
        return std::nullopt;
    }
    return std::string(trim(core::toValidUtf8(node.as<std::string>())));
}

std::vector<std::string> strings(const YAML::Node& node, const std::string& path,
                                 std::string_view key, Diagnostics& diagnostics) {
    std::vector<std::string> out;
    if (node.IsNull()) {
        return out;
    }
    if (!node.IsSequence()) {
        addDiagnostic(diagnostics, path, lineOf(node), Severity::Error,
                      fmt::format("«{}» должно быть списком [а, б, в]", key));
        return out;
    }
    for (const auto& item : node) {
        if (auto value = scalar(item, path, key, diagnostics); value && !value->empty()) {
            out.push_back(*value);
        }
    }
    return out;
}

std::vector<Date> dates(const YAML::Node& node, const std::string& path, std::string_view key,
                        Diagnostics& diagnostics) {
    std::vector<Date> out;
    if (node.IsNull()) {
        return out;
    }
    if (!node.IsSequence()) {
        addDiagnostic(diagnostics, path, lineOf(node), Severity::Error,
                      fmt::format("«{}» должно быть списком дат", key));
        return out;
    }
    for (const auto& item : node) {
        auto text = scalar(item, path, key, diagnostics);
        if (!text) {
            continue;
        }
        if (auto date = parseDate(*text)) {
            out.push_back(*date);
        } else {
            addDiagnostic(diagnostics, path, lineOf(item), Severity::Error,
                          fmt::format("неверная дата «{}» в «{}»: ожидается ГГГГ-ММ-ДД или "
                                      "ДД.ММ.ГГГГ",
                                      *text, key));
        }
    }
    return out;
}

void parseReview(const YAML::Node& node, const std::string& path, ReviewPolicy& review,
                 Diagnostics& diagnostics) {
    if (node.IsNull()) {
        return;
    }
    if (!node.IsMap()) {
        addDiagnostic(diagnostics, path, lineOf(node), Severity::Error,
                      "«review» должно состоять из полей cycle и change_deadline_working_days");
        return;
    }
    for (const auto& kv : node) {
        const auto key = core::toValidUtf8(kv.first.as<std::string>(""));
        const int line = lineOf(kv.first);
        if (key == "cycle") {
            auto text = scalar(kv.second, path, "review.cycle", diagnostics);
            if (!text) {
                continue;
            }
            int days = 0;
            if (*text == "quarterly") {
                review.cycle = ReviewPolicy::Cycle::Quarterly;
            } else if (*text == "monthly") {
                review.cycle = ReviewPolicy::Cycle::Monthly;
            } else if (text->size() > 1 && text->back() == 'd' &&
                       std::all_of(text->begin(), text->end() - 1,
                                   [](char c) { return c >= '0' && c <= '9'; }) &&
                       text->size() < 7 &&
                       (days = std::stoi(text->substr(0, text->size() - 1))) > 0) {
                review.cycle = ReviewPolicy::Cycle::Days;
                review.cycleDays = days;
            } else {
                addDiagnostic(diagnostics, path, line, Severity::Error,
                              fmt::format("неверный review.cycle «{}»: ожидается quarterly, "
                                          "monthly или число дней вида 90d",
                                          *text));
            }
        } else if (key == "change_deadline_working_days") {
            auto text = scalar(kv.second, path, key, diagnostics);
            int value = 0;
            if (text && !text->empty() && text->size() < 5 &&
                std::all_of(text->begin(), text->end(),
                            [](char c) { return c >= '0' && c <= '9'; }) &&
                (value = std::stoi(*text)) > 0) {
                review.changeDeadlineWorkingDays = value;
            } else if (text) {
                addDiagnostic(diagnostics, path, line, Severity::Error,
                              fmt::format("change_deadline_working_days должно быть целым числом "
                                          "больше нуля, а не «{}»",
                                          *text));
            }
        } else {
            addDiagnostic(diagnostics, path, line, Severity::Warning,
                          fmt::format("неизвестный ключ «review.{}»", key));
        }
    }
}

// A category as the list compares them: letters in any case, spaces around it aside.
std::string categoryKey(std::string_view text) {
    return toLowerUtf8(trim(text));
}

// `citizen_categories`: an empty item or a repeated one (in any case) is named by its line and
// left out, so that the card offers each category once.
std::vector<std::string> citizenCategories(const YAML::Node& node, int keyLine,
                                           const std::string& path, Diagnostics& diagnostics) {
    std::vector<std::string> out;
    if (!node.IsNull() && !node.IsSequence()) {
        addDiagnostic(diagnostics, path, lineOf(node), Severity::Error,
                      "«citizen_categories» должно быть списком категорий заявителей");
        return out;
    }
    std::map<std::string, int> seen; // key → line of its first mention
    const bool block = node.Style() != YAML::EmitterStyle::Flow;
    int previousLine = keyLine;
    for (const auto& item : node) {
        // yaml-cpp marks a bare `-` at the token after it: in a block list, the next line
        const int line = block && item.IsNull() ? previousLine + 1 : lineOf(item);
        previousLine = line;
        std::optional<std::string> value;
        if (!item.IsNull()) {
            value = scalar(item, path, "citizen_categories", diagnostics);
            if (!value) {
                continue;
            }
        }
        if (!value || value->empty()) {
            addDiagnostic(diagnostics, path, line, Severity::Warning,
                          "пустая категория в «citizen_categories»: удалите строку или "
                          "впишите категорию");
            continue;
        }
        const auto [first, added] = seen.emplace(categoryKey(*value), line);
        if (!added) {
            addDiagnostic(diagnostics, path, line, Severity::Warning,
                          fmt::format("категория «{}» в «citizen_categories» повторяется (уже "
                                      "есть в строке {}): повтор не учитывается",
                                      *value, first->second));
            continue;
        }
        out.push_back(*value);
    }
    if (out.empty()) {
        addDiagnostic(diagnostics, path, keyLine, Severity::Warning,
                      "список «citizen_categories» пуст: в карточке заявителя нельзя будет "
                      "указать категорию");
    }
    return out;
}

// One offset of `consultation_reminders`: `1d`, `2h`, `30m` (or `1д`, `2ч`, `30мин`), in
// minutes; none when the text is no such offset.
std::optional<int> reminderOffset(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    if (digits == 0 || digits > 4) {
        return std::nullopt;
    }
    const int count = std::stoi(std::string(text.substr(0, digits)));
    const std::string unit = toLowerUtf8(trim(text.substr(digits)));
    if (unit == "d" || unit == "д") {
        return count * 24 * 60;
    }
    if (unit == "h" || unit == "ч") {
        return count * 60;
    }
    if (unit == "m" || unit == "мин") {
        return count;
    }
    return std::nullopt;
}

// `consultation_reminders: [1d, 2h]`: how long before a booked consultation the citizen is
// reminded. A bad item is named by its line and left out; a list with no good item keeps the
// default, so that reminders are not lost to a typo.
void parseReminders(const YAML::Node& node, int keyLine, const std::string& path,
                    std::vector<int>& out, Diagnostics& diagnostics) {
    constexpr std::string_view key = "consultation_reminders";
    if (node.IsNull() || (node.IsSequence() && node.size() == 0)) {
        out.clear(); // reminders switched off on purpose
        return;
    }
    if (!node.IsSequence()) {
        addDiagnostic(diagnostics, path, keyLine, Severity::Error,
                      fmt::format("«{}» должно быть списком сроков, например [1d, 2h]", key));
        return;
    }
    std::vector<int> offsets;
    for (const auto& item : node) {
        const int line = lineOf(item) > 0 ? lineOf(item) : keyLine;
        const auto text = scalar(item, path, key, diagnostics);
        if (!text) {
            continue;
        }
        const auto minutes = reminderOffset(*text);
        if (!minutes || *minutes <= 0 || *minutes > kMaxReminderMinutes) {
            addDiagnostic(diagnostics, path, line, Severity::Error,
                          fmt::format("«{}» в «{}»: ожидается срок до консультации — 1d (дней), "
                                      "2h (часов) или 30m (минут), не больше 14 дней",
                                      *text, key));
            continue;
        }
        if (std::find(offsets.begin(), offsets.end(), *minutes) != offsets.end()) {
            addDiagnostic(
                diagnostics, path, line, Severity::Warning,
                fmt::format("срок «{}» в «{}» повторяется: второй не учитывается", *text, key));
            continue;
        }
        offsets.push_back(*minutes);
    }
    if (!offsets.empty()) {
        std::sort(offsets.begin(), offsets.end(), std::greater<>());
        out = std::move(offsets);
    }
}

} // namespace

Profile parseProfile(const std::string& text, const std::string& path, Diagnostics& diagnostics) {
    Profile profile;
    auto root = loadYaml(text, path, diagnostics);
    if (!root) {
        return profile;
    }
    if (!root->IsMap()) {
        addDiagnostic(diagnostics, path, 1, Severity::Error,
                      "sufler.yaml должен состоять из полей «ключ: значение»");
        return profile;
    }
    for (const auto& kv : *root) {
        const auto key = core::toValidUtf8(kv.first.as<std::string>(""));
        const YAML::Node& value = kv.second;
        const int line = lineOf(kv.first);
        if (key == "organization" || key == "short_name" || key == "hotline" ||
            key == "hotline_hours" || key == "municipality_title") {
            auto s = scalar(value, path, key, diagnostics);
            if (!s) {
                continue;
            }
            (key == "organization"    ? profile.organization
             : key == "short_name"    ? profile.shortName
             : key == "hotline"       ? profile.hotline
             : key == "hotline_hours" ? profile.hotlineHours
                                      : profile.municipalityTitle) = *s;
        } else if (key == "municipalities") {
            profile.municipalities = strings(value, path, key, diagnostics);
        } else if (key == "citizen_categories") {
            profile.citizenCategories = citizenCategories(value, line, path, diagnostics);
        } else if (key == "operators") {
            profile.operators = strings(value, path, key, diagnostics);
        } else if (key == "consultation_reminders") {
            parseReminders(value, line, path, profile.consultationReminders, diagnostics);
        } else if (key == "organizations") {
            profile.organizations = strings(value, path, key, diagnostics);
        } else if (key == "admins") {
            profile.admins = strings(value, path, key, diagnostics);
        } else if (key == "review") {
            parseReview(value, path, profile.review, diagnostics);
        } else if (key == "synonyms") {
            if (!value.IsSequence()) {
                addDiagnostic(diagnostics, path, line, Severity::Error,
                              "«synonyms» должно быть списком строк вида [слово, фраза, …]");
                continue;
            }
            for (const auto& group : value) {
                std::vector<std::string> words;
                if (group.IsScalar()) {
                    words = splitTrimmed(core::toValidUtf8(group.as<std::string>()), ',');
                } else {
                    words = strings(group, path, "synonyms", diagnostics);
                }
                if (words.size() < 2) {
                    addDiagnostic(diagnostics, path, lineOf(group), Severity::Warning,
                                  "в строке синонимов меньше двух слов");
                }
                if (!words.empty()) {
                    profile.synonyms.push_back(std::move(words));
                }
            }
        } else if (key == "calendar") {
            if (value.IsNull()) {
                continue;
            }
            if (!value.IsMap()) {
                addDiagnostic(diagnostics, path, line, Severity::Error,
                              "«calendar» должно состоять из полей holidays и workdays");
                continue;
            }
            for (const auto& ckv : value) {
                const auto ckey = core::toValidUtf8(ckv.first.as<std::string>(""));
                if (ckey == "holidays") {
                    profile.extraHolidays =
                        dates(ckv.second, path, "calendar.holidays", diagnostics);
                } else if (ckey == "workdays") {
                    profile.extraWorkdays =
                        dates(ckv.second, path, "calendar.workdays", diagnostics);
                } else {
                    addDiagnostic(diagnostics, path, lineOf(ckv.first), Severity::Warning,
                                  fmt::format("неизвестный ключ «calendar.{}»", ckey));
                }
            }
        } else {
            addDiagnostic(diagnostics, path, line, Severity::Warning,
                          fmt::format("неизвестный ключ «{}»", key));
        }
    }
    if (profile.organization.empty()) {
        addDiagnostic(diagnostics, path, 1, Severity::Error,
                      "нет обязательного ключа organization (название организации)");
    }
    return profile;
}

std::vector<ChangeNotice> parseChanges(const std::string& text, const std::string& path,
                                       Diagnostics& diagnostics) {
    std::vector<ChangeNotice> out;
    auto root = loadYaml(text, path, diagnostics);
    if (!root || root->IsNull()) {
        return out;
    }
    if (!root->IsSequence()) {
        addDiagnostic(diagnostics, path, 1, Severity::Error,
                      "changes.yaml должен быть списком извещений «- date: … departments: … "
                      "what: …»");
        return out;
    }
    for (const auto& item : *root) {
        const int line = lineOf(item);
        if (!item.IsMap()) {
            addDiagnostic(diagnostics, path, line, Severity::Error,
                          "извещение должно состоять из полей date, departments, what");
            continue;
        }
        ChangeNotice notice;
        notice.line = line;
        bool ok = true;
        bool hasDate = false;
        for (const auto& kv : item) {
            const auto key = core::toValidUtf8(kv.first.as<std::string>(""));
            if (key == "date") {
                auto s = scalar(kv.second, path, key, diagnostics);
                auto date = s ? parseDate(*s) : std::nullopt;
                if (!date) {
                    if (s) {
                        addDiagnostic(diagnostics, path, lineOf(kv.second), Severity::Error,
                                      fmt::format("неверная дата «{}»: ожидается ГГГГ-ММ-ДД или "
                                                  "ДД.ММ.ГГГГ",
                                                  *s));
                    }
                    ok = false;
                } else {
                    notice.date = *date;
                    hasDate = true;
                }
            } else if (key == "departments") {
                if (kv.second.IsScalar()) {
                    notice.departments =
                        splitTrimmed(core::toValidUtf8(kv.second.as<std::string>()), ',');
                } else {
                    notice.departments = strings(kv.second, path, key, diagnostics);
                }
            } else if (key == "what") {
                if (auto s = scalar(kv.second, path, key, diagnostics)) {
                    notice.what = *s;
                }
            } else {
                addDiagnostic(diagnostics, path, lineOf(kv.first), Severity::Warning,
                              fmt::format("неизвестное поле извещения «{}»", key));
            }
        }
        if (!hasDate && ok) {
            addDiagnostic(diagnostics, path, line, Severity::Error, "в извещении нет даты (date)");
            ok = false;
        }
        if (notice.departments.empty()) {
            addDiagnostic(diagnostics, path, line, Severity::Error,
                          "в извещении не указаны отделы (departments)");
            ok = false;
        }
        if (notice.what.empty()) {
            addDiagnostic(diagnostics, path, line, Severity::Warning,
                          "в извещении не сказано, что изменилось (what)");
        }
        if (ok) {
            out.push_back(std::move(notice));
        }
    }
    return out;
}

} // namespace sufler::kb::detail

namespace sufler::kb {

core::WorkCalendar workCalendar(const Profile& profile) {
    return core::WorkCalendar(profile.extraHolidays, profile.extraWorkdays);
}

std::optional<std::string> citizenCategory(const Profile& profile, std::string_view text) {
    const std::string key = detail::categoryKey(text);
    for (const auto& category : profile.citizenCategories) {
        if (detail::categoryKey(category) == key) {
            return category;
        }
    }
    return std::nullopt;
}

} // namespace sufler::kb
