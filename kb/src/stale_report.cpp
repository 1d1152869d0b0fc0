// The staleness report as text for a terminal, JSON, CSV and Markdown.
#include "sufler/kb/stale_report.h"

#include "sufler/core/csv.h"
#include "sufler/core/enum_names.h"
#include "sufler/core/markdown.h"

#include <array>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sufler::kb {

namespace {

// The review_source column of the CSV report.
constexpr auto kReviewOrigins = std::to_array<core::EnumName<ReviewOrigin>>({
    {ReviewOrigin::None, ""},
    {ReviewOrigin::Commit, "commit"},
    {ReviewOrigin::Reviewed, "reviewed"},
});

std::string dateOr(const std::optional<Date>& date, std::string_view none = "—") {
    return date ? formatRussianDate(*date) : std::string(none);
}

// Width on a terminal: one column per code point, which holds for Latin and Cyrillic text.
size_t displayWidth(std::string_view text) {
    size_t width = 0;
    for (unsigned char c : text) {
        if ((c & 0xC0) != 0x80) {
            ++width;
        }
    }
    return width;
}

// Cuts to `width` columns on a code-point boundary, marking the cut with «…».
std::string fit(std::string_view text, size_t width) {
    if (displayWidth(text) <= width) {
        return std::string(text) + std::string(width - displayWidth(text), ' ');
    }
    std::string result;
    size_t columns = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80) {
            if (columns + 1 == width) {
                break;
            }
            ++columns;
        }
        result += text[i];
    }
    return result + "…";
}

const char* statusColour(StaleStatus status) {
    switch (status) {
    case StaleStatus::Overdue:
        return "\x1b[1;31m";
    case StaleStatus::Due:
        return "\x1b[33m";
    case StaleStatus::Unreviewed:
        return "\x1b[35m";
    case StaleStatus::Ok:
        break;
    }
    return "\x1b[32m";
}

std::string lastReviewText(const SectionStaleness& section) {
    if (!section.lastReview) {
        return "никогда";
    }
    return fmt::format("{} ({})", formatRussianDate(*section.lastReview), section.reviewSourceRu());
}

std::string requirementLine(const Requirement& requirement) {
    if (!requirement.due) {
        return requirement.text;
    }
    return fmt::format("{} — срок {}{}", requirement.text, formatRussianDate(*requirement.due),
                       requirement.overdue ? " (просрочено)" : "");
}

std::string summary(const StaleReport& report) {
    int counts[4] = {0, 0, 0, 0};
    for (const auto& section : report.sections) {
        ++counts[static_cast<int>(section.status)];
    }
    return fmt::format(
        "Разделов: {}; просрочено: {}, скоро срок: {}, не актуализировался: {}, в порядке: {}.",
        report.sections.size(), counts[0], counts[1], counts[2], counts[3]);
}

std::string calendarLine(const StaleReport& report) {
    std::string line = "Производственный календарь:";
    bool first = true;
    for (const auto& year : report.calendarYears) {
        line += first ? " " : "; ";
        first = false;
        line +=
            year.decreeSource.empty()
                ? fmt::format("{} — только статья 112 ТК РФ (данных постановления нет)", year.year)
                : fmt::format("{} — {}", year.year, year.decreeSource);
    }
    return line + ".";
}

// «сигналы операторов с 10.08.2026: «ответ устарел» — 2 (departments/x/faq.md#…)»; empty when none.
std::string signalsLine(const SectionStaleness& section) {
    if (!section.signals || section.signals->total() == 0) {
        return {};
    }
    const SectionSignals& signals = *section.signals;
    std::string line =
        signals.since ? fmt::format("сигналы операторов с {}: ", formatRussianDate(*signals.since))
                      : std::string("сигналы операторов: ");
    line += signals.summaryRu();
    if (!signals.outdatedEntries.empty()) {
        constexpr size_t kShown = 3;
        line += "; устарели: ";
        for (size_t i = 0; i < signals.outdatedEntries.size() && i < kShown; ++i) {
            line += (i == 0 ? "" : ", ") + signals.outdatedEntries[i];
        }
        if (signals.outdatedEntries.size() > kShown) {
            line += fmt::format(" и ещё {}", signals.outdatedEntries.size() - kShown);
        }
    }
    return line;
}

std::vector<std::string> journalLines(const StaleReport& report) {
    std::vector<std::string> lines;
    if (report.signalsSource.empty()) {
        return lines;
    }
    lines.push_back(fmt::format(
        "Сигналы операторов — из журнала звонков {} (после последней актуализации раздела).",
        report.signalsSource));
    if (report.unassignedSignals.total() > 0) {
        lines.push_back(
            fmt::format("Сигналы без раздела: {}.", report.unassignedSignals.summaryRu()));
    }
    return lines;
}

// «Предложения формулировок»: per section, the callers' wordings `sufler suggest` found, with
// the command that accepts each.
std::vector<std::string> suggestionLines(const StaleReport& report) {
    std::vector<std::string> lines;
    for (const auto& section : report.sections) {
        if (!section.signals || section.signals->suggestedWordings.empty())
            continue;
        lines.push_back(fmt::format("{} — {}:", section.department, section.title));
        for (const auto& suggested : section.signals->suggestedWordings)
            lines.push_back(fmt::format("«{}» для «{}» — звонков: {} (sufler suggest --accept "
                                        "'{}' --wording '{}')",
                                        suggested.wording, suggested.entryTitle, suggested.calls,
                                        suggested.entryId, suggested.wording));
    }
    return lines;
}

// Cells, headings and list items alike: one line each.
std::string mdCell(std::string_view value) {
    return core::markdownCell(value, core::CellBreak::Space);
}

std::string isoOrEmpty(const std::optional<Date>& date) {
    return date ? formatIsoDate(*date) : std::string();
}

std::string_view reviewSourceName(ReviewOrigin origin) {
    return core::enumRow(kReviewOrigins, origin, ReviewOrigin::None).name;
}

} // namespace

std::optional<StaleFormat> parseStaleFormat(std::string_view name) {
    return core::parseReportFormat(name);
}

std::string staleText(const StaleReport& report, const StaleTextOptions& options) {
    const char* bold = options.colour ? "\x1b[1m" : "";
    const char* dim = options.colour ? "\x1b[2m" : "";
    const char* reset = options.colour ? "\x1b[0m" : "";
    const char* red = options.colour ? "\x1b[31m" : "";

    std::string out;
    out += fmt::format("{}Актуальность базы знаний на {}{}{}\n\n", bold,
                       formatRussianDate(report.today),
                       options.organization.empty() ? "" : " — " + options.organization, reset);
    constexpr size_t kStatus = 19, kDue = 10, kSection = 40, kHead = 26;
    out +=
        fmt::format("{}{}  {}  {}  {}  {}{}\n", bold, fit("Статус", kStatus), fit("Срок", kDue),
                    fit("Раздел", kSection), fit("Руководитель", kHead), "Актуализирован", reset);
    for (const auto& section : report.sections) {
        std::string status = fit(statusTitleRu(section.status), kStatus);
        if (options.colour) {
            status = statusColour(section.status) + status + reset;
        }
        out += fmt::format("{}  {}  {}  {}  {}\n", status, fit(dateOr(section.due), kDue),
                           fit(section.department + " — " + section.title, kSection),
                           fit(section.head.empty() ? "—" : section.head, kHead),
                           lastReviewText(section));
        for (const auto& requirement : section.requirements) {
            const char* colour = requirement.overdue ? red : dim;
            out += fmt::format("    {}· {}{}\n", colour, requirementLine(requirement), reset);
        }
        if (auto line = section.foreignChangeRu(); !line.empty()) {
            out += fmt::format("    {}~ {}{}\n", options.colour ? "\x1b[33m" : "", line, reset);
        }
        if (auto line = signalsLine(section); !line.empty()) {
            out += fmt::format("    {}! {}{}\n", options.colour ? "\x1b[36m" : "", line, reset);
        }
    }
    out += "\n" + summary(report) + "\n";
    out += calendarLine(report) + "\n";
    for (const auto& note : report.calendarNotes()) {
        out += note + "\n";
    }
    for (const auto& line : journalLines(report)) {
        out += line + "\n";
    }
    if (const auto lines = suggestionLines(report); !lines.empty()) {
        out += fmt::format("\n{}Предложения формулировок{} (из журнала звонков, «Также "
                           "спрашивают»):\n",
                           bold, reset);
        for (const auto& line : lines)
            out += (line.rfind("«", 0) == 0 ? "    " : "  ") + line + "\n";
    }
    return out;
}

std::string staleJson(const StaleReport& report) {
    // The shape of design.md: other programs read it. One key more, documented in
    // docs/staleness.md: `non_department_change`, the commits that changed a section without
    // being its department's act (null when none). What has no key (where a review came from,
    // calendar notes, operators' signals) is in the other formats.
    using Json = nlohmann::ordered_json;
    auto dateValue = [](const std::optional<Date>& date) -> Json {
        return date ? Json(formatIsoDate(*date)) : Json(nullptr);
    };
    Json sections = Json::array();
    for (const auto& section : report.sections) {
        Json reasons = Json::array();
        for (const auto& requirement : section.requirements) {
            reasons.push_back({{"rule", ruleName(requirement.rule)},
                               {"date", dateValue(requirement.date)},
                               {"due", dateValue(requirement.due)},
                               {"text", requirement.text}});
        }
        Json foreign = nullptr;
        if (section.foreignChange) {
            const CommitInfo& change = section.foreignChange->commit;
            foreign = {{"date", formatIsoDate(change.date)},
                       {"author_name", change.authorName},
                       {"author_email", change.authorEmail},
                       {"commit", change.id},
                       {"summary", change.summary},
                       {"by_admin", section.foreignChange->byAdmin},
                       {"count", section.foreignChange->count}};
        }
        sections.push_back({{"department", section.department},
                            {"title", section.title},
                            {"head", section.head},
                            {"last_review", dateValue(section.lastReview)},
                            {"status", statusName(section.status)},
                            {"due", dateValue(section.due)},
                            {"reasons", std::move(reasons)},
                            {"non_department_change", std::move(foreign)}});
    }
    Json root = {{"today", formatIsoDate(report.today)}, {"sections", std::move(sections)}};
    return root.dump(2) + "\n";
}

std::string staleCsv(const StaleReport& report) {
    // Through the one CSV writer: `;` and the BOM for Russian Excel, and a head's or a reason's
    // text never run as a formula.
    const bool withSignals = !report.signalsSource.empty();
    core::CsvWriter out;
    for (const char* name : {"department", "title", "head", "last_review", "review_source",
                             "commit", "status", "due", "reasons", "non_department_change"}) {
        out.cell(name);
    }
    if (withSignals) {
        for (const char* name : {"signals_outdated", "signals_no_answer", "signals_empty_searches",
                                 "signals_outdated_entries"}) {
            out.cell(name);
        }
    }
    out.endRow();
    for (const auto& section : report.sections) {
        std::string reasons;
        for (const auto& requirement : section.requirements) {
            if (!reasons.empty()) {
                reasons += "; ";
            }
            reasons += requirementLine(requirement);
        }
        for (const core::CsvCell& cell :
             {core::CsvCell(section.department), core::CsvCell(section.title),
              core::CsvCell(section.head), core::CsvCell(isoOrEmpty(section.lastReview)),
              core::CsvCell(reviewSourceName(section.origin)),
              core::CsvCell(section.commit ? section.commit->id : ""),
              core::CsvCell(statusName(section.status)), core::CsvCell(isoOrEmpty(section.due)),
              core::CsvCell(reasons), core::CsvCell(section.foreignChangeRu())}) {
            out.cell(cell);
        }
        if (withSignals) {
            const SectionSignals signals = section.signals.value_or(SectionSignals{});
            std::string entries;
            for (const auto& entry : signals.outdatedEntries) {
                entries += (entries.empty() ? "" : "; ") + entry;
            }
            out.cell(signals.outdated);
            out.cell(signals.noAnswer);
            out.cell(signals.emptySearches);
            out.cell(entries);
        }
        out.endRow();
    }
    return out.text();
}

std::string staleMarkdown(const StaleReport& report, std::string_view organization) {
    std::string out =
        fmt::format("# Актуальность базы знаний на {}\n\n", formatRussianDate(report.today));
    if (!organization.empty()) {
        out += fmt::format("{}\n\n", mdCell(organization));
    }
    out += summary(report) + "\n\n";
    out += "| Раздел | Руководитель | Актуализирован | Статус | Срок |\n";
    out += "|---|---|---|---|---|\n";
    for (const auto& section : report.sections) {
        std::string status(statusTitleRu(section.status));
        if (section.status == StaleStatus::Overdue) {
            status = "**" + status + "**";
        }
        out += fmt::format("| {} — {} | {} | {} | {} | {} |\n", mdCell(section.department),
                           mdCell(section.title), mdCell(section.head.empty() ? "—" : section.head),
                           mdCell(lastReviewText(section)), status, dateOr(section.due));
    }
    out += "\n## Открытые требования\n";
    for (const auto& section : report.sections) {
        out += fmt::format("\n### {} — {}\n\n", mdCell(section.department), mdCell(section.title));
        for (const auto& requirement : section.requirements) {
            out += fmt::format(
                "- {}{}\n", requirementLine(requirement),
                requirement.source.empty() ? "" : fmt::format(" (`{}`)", requirement.source));
        }
        if (auto line = section.foreignChangeRu(); !line.empty()) {
            out += fmt::format("- {}\n", mdCell(line));
        }
        if (auto line = signalsLine(section); !line.empty()) {
            out += fmt::format("- {}\n", mdCell(line));
        }
    }
    out += "\n" + calendarLine(report) + "\n";
    for (const auto& note : report.calendarNotes()) {
        out += "\n> " + note + "\n";
    }
    for (const auto& line : journalLines(report)) {
        out += "\n" + mdCell(line) + "\n";
    }
    if (const auto lines = suggestionLines(report); !lines.empty()) {
        out += "\n## Предложения формулировок\n\nФормулировки абонентов из журнала звонков для "
               "«Также спрашивают»:\n";
        for (const auto& line : lines)
            out += (line.rfind("«", 0) == 0 ? "  - " : "\n- ") + mdCell(line) + "\n";
    }
    return out;
}

} // namespace sufler::kb
