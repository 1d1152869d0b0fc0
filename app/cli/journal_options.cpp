// The options and helpers the journal's commands and the monthly report share.
#include "cli/journal_options.h"

#include "cli/common.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/report.h"

#include <fmt/format.h>

namespace sufler::cli {

using namespace sufler::journal;

void addJournalOptions(CLI::App* command, Common& common) {
    command->add_option("--journal", common.journal,
                        "файл журнала (по умолчанию $XDG_DATA_HOME/sufler/journal.sqlite) "
                        "или журнал на сервере: postgresql://…, service=…");
    addKbOption(command, common.kb);
}

// The lists of sufler.yaml; an unreadable profile of the default KB is not an error.
ReferenceLists lists(const Common& common) {
    const auto root = resolveKb(common.kb);
    try {
        return loadReferenceLists(root);
    } catch (const Error&) {
        if (!common.kb.empty()) {
            throw;
        }
        return {};
    }
}

Journal openJournal(const Common& common, const ReferenceLists* refs) {
    const std::string where =
        common.journal.empty() ? Journal::defaultPath().string() : common.journal;
    return Journal::open(where, refs ? kb::workCalendar(*refs) : core::WorkCalendar{});
}

Date today(const std::string& text) {
    if (text.empty()) {
        return todayLocal();
    }
    const auto d = parseDate(text);
    if (!d) {
        throw Error(fmt::format("«{}» — не дата (ГГГГ-ММ-ДД)", text));
    }
    return *d;
}

// `--month ГГГГ-ММ`; throws naming the option on any other text.
std::chrono::year_month monthOption(const std::string& text) {
    const auto month = parseMonth(text);
    if (!month) {
        throw Error(fmt::format("--month: «{}» — ожидается ГГГГ-ММ", text));
    }
    return *month;
}

// The period of an optional `--month`: all time when it is not given.
Period monthPeriod(const std::string& text) {
    return text.empty() ? Period{} : Period::month(monthOption(text));
}

std::string oneLine(const std::string& text, std::size_t maxChars) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (maxChars && chars >= maxChars && (c & 0xC0) != 0x80) {
            return out + "…";
        }
        if ((c & 0xC0) != 0x80) {
            ++chars;
        }
        if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace sufler::cli
