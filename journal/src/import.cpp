// Import of existing registers (Приложение 1 and 2) from CSV and xlsx.
#include "sufler/journal/import.h"

#include "text_util.h"

#include "sufler/journal/fields.h"

#include "sufler/core/csv.h"
#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace sufler::journal {

// --- sufler.yaml lists --------------------------------------------------------------------

ReferenceLists loadReferenceLists(const std::filesystem::path& kbRoot) {
    Diagnostics diagnostics;
    kb::Profile profile = kb::loadProfile(kbRoot, diagnostics);
    for (const auto& diagnostic : diagnostics) {
        if (diagnostic.severity == Severity::Error) {
            Diagnostic located = diagnostic;
            located.path = (kbRoot / diagnostic.path).string();
            throw Error(located.format());
        }
    }
    return profile;
}

// --- CSV ----------------------------------------------------------------------------------

Table readCsv(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw Error(fmt::format("{}: не удалось открыть файл", file.string()));
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
        text.erase(0, 3);
    }
    if (core::findInvalidUtf8(text) != std::string::npos) {
        // Russian Excel saves «CSV (разделители — запятые)» in Windows-1251.
        text = cp1251ToUtf8(text);
    }
    Table table;
    for (auto& record : core::parseCsv(text, core::detectCsvSeparator(text), file.string())) {
        table.rows.push_back(
            TableRow{record.line, std::move(record.cells), std::move(record.problem)});
    }
    return table;
}

// --- the registers ------------------------------------------------------------------------

namespace {

// The columns of a header row, recognised by the card fields' titles and variants
// (sufler/journal/fields.h): each column goes to the field it matches best in each register.
struct Header {
    RegisterKind kind = RegisterKind::Incoming;
    std::size_t rowIndex = 0;
    std::map<std::string_view, std::size_t> columns; // field key → column, in `kind`'s register
    std::size_t width = 0;                           // up to the last titled column
};

using Columns = std::map<std::string_view, std::pair<std::size_t, std::size_t>>; // col, strength

template <typename Call>
void take(Columns& columns, std::span<const CallField<Call>> fields, const ColumnMatch& m,
          std::size_t column) {
    auto [it, added] = columns.try_emplace(fields[m.field].key, column, m.strength);
    if (!added && m.strength > it->second.second) {
        it->second = {column, m.strength}; // the column that names the field best wins
    }
}

// A header row: at least three titled columns of one register, the date among them. A column
// titled better by one register than by the other counts for that register.
std::optional<Header> headerOf(const TableRow& row, std::size_t rowIndex,
                               const ImportFields& fields, std::string_view municipalityTitle) {
    Columns in, out;
    int inSignals = 0, outSignals = 0;
    Header h;
    h.rowIndex = rowIndex;
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const auto a = recogniseColumn(fields.incoming, row.cells[c], municipalityTitle);
        const auto b = recogniseColumn(fields.outgoing, row.cells[c], municipalityTitle);
        if (a) {
            take(in, fields.incoming, *a, c);
        }
        if (b) {
            take(out, fields.outgoing, *b, c);
        }
        const std::size_t sa = a ? a->strength : 0;
        const std::size_t sb = b ? b->strength : 0;
        inSignals += sa > sb ? 1 : 0;
        outSignals += sb > sa ? 1 : 0;
        if (!core::trimmed(row.cells[c]).empty()) {
            h.width = c + 1;
        }
    }
    h.kind = outSignals > inSignals ? RegisterKind::Outgoing : RegisterKind::Incoming;
    for (const auto& [key, at] : h.kind == RegisterKind::Incoming ? in : out) {
        h.columns.emplace(key, at.first);
    }
    if (h.columns.size() < 3 || !h.columns.count("time")) {
        return std::nullopt;
    }
    return h;
}

std::optional<Header> findHeader(const Table& table, const ImportFields& fields,
                                 std::string_view municipalityTitle) {
    const std::size_t limit = std::min<std::size_t>(table.rows.size(), 50);
    for (std::size_t r = 0; r < limit; ++r) {
        if (auto h = headerOf(table.rows[r], r, fields, municipalityTitle)) {
            return h;
        }
    }
    return std::nullopt;
}

bool isNumberingRow(const TableRow& row) {
    int expected = 1;
    bool any = false;
    for (const auto& cell : row.cells) {
        const std::string t = core::trimmed(cell);
        if (t.empty()) {
            continue;
        }
        if (t != std::to_string(expected) && t != std::to_string(expected) + ".0") {
            return false;
        }
        ++expected;
        any = true;
    }
    return any && expected > 3;
}

// Excel keeps a date as days since 1899-12-30; the fraction is the time of day.
std::optional<std::string> fromExcelSerial(std::string_view text) {
    const std::string t = core::trimmed(text);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || !end || *end != '\0' || v < 1000 || v > 200000) {
        return std::nullopt;
    }
    const auto days = static_cast<int>(std::floor(v));
    auto seconds = static_cast<int>(std::llround((v - days) * 86400.0));
    int dayShift = 0;
    if (seconds >= 86400) {
        seconds -= 86400;
        dayShift = 1;
    }
    const auto base = std::chrono::sys_days(std::chrono::year{1899} / 12 / 30);
    const Date day{base + std::chrono::days(days + dayShift)};
    return fmt::format("{} {:02}:{:02}:{:02}", formatIsoDate(day), seconds / 3600,
                       seconds / 60 % 60, seconds % 60);
}

bool inList(const std::vector<std::string>& list, const std::string& value) {
    const std::string v = lowerTrim(value);
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& item) { return lowerTrim(item) == v; });
}

struct RowContext {
    std::string path;
    int line;
    Diagnostics& out;
    bool bad = false;
    void error(std::string message) {
        out.push_back(Diagnostic{path, line, Severity::Error, std::move(message)});
        bad = true;
    }
    void warning(std::string message) {
        out.push_back(Diagnostic{path, line, Severity::Warning, std::move(message)});
    }
};

std::string cellOf(const TableRow& row, const Header& h, std::string_view key) {
    const auto it = h.columns.find(key);
    if (it == h.columns.end() || it->second >= row.cells.size()) {
        return {};
    }
    return row.cells[it->second];
}

// Registers are typed by hand: keep text as typed, only trim the edges. The apostrophe our
// CSV writer puts before formula-like text goes again.
std::string keep(const std::string& s) {
    return core::csvUnguard(core::trimmed(s));
}

// The first filled cell right of the titled columns, if any.
std::optional<std::size_t> beyondHeader(const TableRow& row, const Header& h) {
    for (std::size_t c = h.width; c < row.cells.size(); ++c) {
        if (!core::trimmed(row.cells[c]).empty()) {
            return c;
        }
    }
    return std::nullopt;
}

std::optional<std::string> parseWhen(const std::string& raw, RowContext& ctx) {
    const std::string t = core::trimmed(raw);
    if (t.empty()) {
        ctx.error("нет даты и времени звонка");
        return std::nullopt;
    }
    if (isTimestamp(t)) {
        return normalizeTimestamp(t);
    }
    if (auto serial = fromExcelSerial(t)) {
        return serial;
    }
    ctx.error(fmt::format("«{}» — не дата и время звонка (ожидается ДД.ММ.ГГГГ ЧЧ:ММ)",
                          escapeForLine(t)));
    return std::nullopt;
}

int parseNumber(const std::string& raw, RowContext& ctx) {
    std::string t = core::trimmed(raw);
    if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) {
        t.resize(t.size() - 2);
    }
    if (t.empty()) {
        return 0;
    }
    if (t.size() > 9 ||
        !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        ctx.error(fmt::format("«{}» — не порядковый номер", escapeForLine(t)));
        return 0;
    }
    return std::stoi(t);
}

void checkList(const std::vector<std::string>& list, const std::string& value,
               std::string_view what, RowContext& ctx) {
    if (!list.empty() && !value.empty() && !inList(list, value)) {
        ctx.warning(fmt::format("{} «{}» нет в списке sufler.yaml — записано как в файле", what,
                                escapeForLine(value)));
    }
}

// The same call imported twice (the same file again) is not two calls.
bool sameCall(const IncomingCall& a, const IncomingCall& b) {
    return a.receivedAt == b.receivedAt && (b.number == 0 || a.number == b.number) &&
           a.phone == b.phone && a.question == b.question;
}

bool sameCall(const OutgoingCall& a, const OutgoingCall& b) {
    return a.calledAt == b.calledAt && (b.number == 0 || a.number == b.number) &&
           a.question == b.question;
}

// Adds the calls the journal does not have yet to one register. Each day's calls are read once
// (`callsOf` a one-day period), and the calls of this file join them as they go in (`add`
// returns the call as stored), so a row repeated within the file is caught too.
template <typename Call, typename CallsOf, typename Add>
void addNew(const std::vector<Call>& calls, const std::string Call::*time, CallsOf callsOf, Add add,
            int& added, int& duplicates) {
    std::map<std::string, std::vector<Call>> byDay;
    for (const auto& c : calls) {
        const std::string day = (c.*time).substr(0, 10);
        auto it = byDay.find(day);
        if (it == byDay.end()) {
            const auto d = parseDate(day);
            it = byDay.emplace(day, callsOf(Period{d, d})).first;
        }
        if (std::any_of(it->second.begin(), it->second.end(),
                        [&](const Call& e) { return sameCall(e, c); })) {
            ++duplicates;
            continue;
        }
        it->second.push_back(add(c));
        ++added;
    }
}

// Every titled column of the row into its field, read as the field reads `key=value`. The number
// and the time are read by the import itself (Excel keeps them as numbers), the gender too (one
// it does not know goes to the note).
template <typename Call>
void fill(Call& call, std::span<const CallField<Call>> fields, const TableRow& row, const Header& h,
          std::string_view regional, RowContext& ctx) {
    for (const auto& f : fields) {
        if (!f.inRegister || f.key == "number" || f.key == "time" || f.key == "gender" ||
            !h.columns.count(f.key)) {
            continue;
        }
        try {
            f.set(call, keep(cellOf(row, h, f.key)));
        } catch (const Error& e) {
            ctx.error(fmt::format("«{}»: {}", fieldTitle(f, regional), e.what()));
        }
    }
}

std::string sourceOf(const std::filesystem::path& file) {
    return "import: " + file.filename().string();
}

} // namespace

ImportResult importRegister(Journal& journal, const std::filesystem::path& file,
                            const ReferenceLists& lists, const ImportFields& fields) {
    const std::string_view regional = lists.municipalityTitle;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        throw Error(fmt::format("{}: нет такого файла", file.string()));
    }
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::vector<Table> tables;
    if (ext == ".xlsx" || ext == ".xlsm") {
        tables = readXlsx(file);
    } else if (ext == ".csv" || ext == ".txt") {
        try {
            tables.push_back(readCsv(file));
        } catch (const Error& e) {
            throw Error(fmt::format("{}. Ничего не импортировано", e.what()));
        }
    } else if (ext == ".xls") {
        throw Error(fmt::format("{}: старый формат .xls не читается — сохраните файл в Excel как "
                                ".xlsx или CSV",
                                file.string()));
    } else {
        throw Error(fmt::format("{}: ожидается .xlsx или .csv", file.string()));
    }

    ImportResult result;
    std::vector<IncomingCall> incoming;
    std::vector<OutgoingCall> outgoing;
    bool anyRegister = false;
    for (const auto& table : tables) {
        auto header = findHeader(table, fields, regional);
        if (!header) {
            continue;
        }
        anyRegister = true;
        const std::string path =
            tables.size() > 1 ? fmt::format("{}[{}]", file.string(), table.name) : file.string();
        bool afterBlank = false;
        bool ended = false; // past the end of a register, until another header row
        for (std::size_t r = header->rowIndex + 1; r < table.rows.size(); ++r) {
            const auto& row = table.rows[r];
            // An xlsx leaves empty rows out: a gap in its row numbers is an empty row. (In a
            // CSV a quoted cell may span lines, so there only real empty rows count.)
            if (!table.name.empty() && row.line != table.rows[r - 1].line + 1) {
                afterBlank = true;
            }
            const auto filled =
                std::count_if(row.cells.begin(), row.cells.end(),
                              [](const std::string& c) { return !core::trimmed(c).empty(); });
            if (filled == 0) {
                afterBlank = true;
                continue;
            }
            if (r == header->rowIndex + 1 && isNumberingRow(row)) {
                continue;
            }
            const bool blankBefore = std::exchange(afterBlank, false);
            if (auto next = headerOf(row, r, fields, regional)) {
                // A second register below the first (both in one CSV): follow its columns.
                ended = false;
                *header = *next;
                continue;
            }
            if (ended) {
                ++result.notCalls;
                continue;
            }
            RowContext ctx{path, row.line, result.diagnostics};
            if (!row.problem.empty()) {
                ctx.error(row.problem + "; строка пропущена");
                ++result.badRows;
                continue;
            }
            const bool noDate = core::trimmed(cellOf(row, *header, "time")).empty();
            const bool noNumber = core::trimmed(cellOf(row, *header, "number")).empty();
            if (filled == 1 && noDate && blankBefore) {
                // A title after an empty line («Приложение 2», «Анализ …», «Начальник отдела»)
                // ends the register; another header row may start the next one.
                ctx.warning(
                    fmt::format("«{}»: здесь журнал кончается, строки ниже до следующей "
                                "строки заголовков не импортируются",
                                escapeForLine(core::trimmed(row.cells[static_cast<std::size_t>(
                                    std::find_if(row.cells.begin(), row.cells.end(),
                                                 [](const std::string& c) {
                                                     return !core::trimmed(c).empty();
                                                 }) -
                                    row.cells.begin())]))));
                ended = true;
                ++result.notCalls;
                continue;
            }
            if (noDate && noNumber) {
                // Neither a number nor a date: a signature or a remark, not a call.
                ctx.warning(
                    "строка пропущена: нет ни номера, ни даты — не похоже на запись звонка");
                ++result.notCalls;
                continue;
            }
            if (const auto extra = beyondHeader(row, *header)) {
                const std::string what =
                    fmt::format("в ячейке {} «{}» — правее последней графы строки заголовков",
                                *extra + 1, escapeForLine(core::trimmed(row.cells[*extra])));
                if (table.name.empty()) {
                    // In a CSV that is a separator typed inside unquoted text: every cell after
                    // it has moved one column right.
                    ctx.error(what + ": похоже, разделитель в тексте без кавычек сдвинул графы; "
                                     "строка пропущена");
                    ++result.badRows;
                    continue;
                }
                ctx.warning(what + ": столбец без заголовка не импортируется");
            }
            const int number = parseNumber(cellOf(row, *header, "number"), ctx);
            const auto when = parseWhen(cellOf(row, *header, "time"), ctx);
            if (header->kind == RegisterKind::Incoming) {
                IncomingCall c;
                fill(c, fields.incoming, row, *header, regional, ctx);
                c.number = number;
                checkList(lists.municipalities, c.municipality, "Муниципального образования", ctx);
                // A gender the register writes otherwise is kept in the note, not lost.
                const std::string genderText = keep(cellOf(row, *header, "gender"));
                if (const auto g = parseGender(genderText)) {
                    c.gender = *g;
                } else {
                    ctx.warning(fmt::format("пол «{}» не распознан — сохранён в примечании",
                                            escapeForLine(genderText)));
                    c.note += (c.note.empty() ? "" : "; ") + ("Пол: " + genderText);
                }
                checkList(lists.operators, c.operatorName, "Специалиста", ctx);
                checkList(lists.organizations, c.organizations, "Организации", ctx);
                if (ctx.bad) {
                    ++result.badRows;
                    continue;
                }
                c.receivedAt = *when;
                c.closedAt = *when; // a registered call is a finished one
                c.source = sourceOf(file);
                incoming.push_back(std::move(c));
            } else {
                OutgoingCall c;
                fill(c, fields.outgoing, row, *header, regional, ctx);
                c.number = number;
                checkList(lists.municipalities, c.municipality, "Муниципального образования", ctx);
                checkList(lists.operators, c.operatorName, "Специалиста", ctx);
                checkList(lists.organizations, c.organization, "Организации", ctx);
                if (ctx.bad) {
                    ++result.badRows;
                    continue;
                }
                c.calledAt = *when;
                c.source = sourceOf(file);
                outgoing.push_back(std::move(c));
            }
        }
    }
    if (!anyRegister) {
        throw Error(fmt::format("{}: не найдена строка заголовков журнала (столбцы Приложения 1 "
                                "или 2: «Дата и время …», «Краткое содержание вопроса» …)",
                                file.string()));
    }
    if (incoming.empty() && outgoing.empty() && result.badRows == 0) {
        // A header and nothing under it: say so, rather than a quiet «0».
        result.diagnostics.push_back(
            Diagnostic{file.string(), 0, Severity::Warning,
                       "под строкой заголовков нет ни одной записи звонка — импортировать нечего"});
    }

    journal.transaction([&] {
        addNew(
            incoming, &IncomingCall::receivedAt,
            [&](const Period& day) { return journal.incomingCalls(day); },
            [&](const IncomingCall& c) { return *journal.incoming(journal.addIncoming(c)); },
            result.incoming, result.duplicates);
        addNew(
            outgoing, &OutgoingCall::calledAt,
            [&](const Period& day) { return journal.outgoingCalls(day); },
            [&](const OutgoingCall& c) { return *journal.outgoing(journal.addOutgoing(c)); },
            result.outgoing, result.duplicates);
    });
    return result;
}

} // namespace sufler::journal
