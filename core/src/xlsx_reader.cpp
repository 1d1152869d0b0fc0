// Reading the cells of an xlsx: a zip (minizip) of SpreadsheetML parts (expat). Only what a
// register or a phone book needs: sheet names and order, shared and inline strings, numbers as
// written, merged ranges.
#include "sufler/core/xlsx_reader.h"

#include "sufler/core/error.h"

#include <expat.h>
#include <fmt/format.h>
#include <unzip.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

namespace sufler::core {

namespace {

class Zip {
public:
    explicit Zip(const std::filesystem::path& path) : m_path(path.string()) {
        m_zip = unzOpen64(m_path.c_str());
        if (!m_zip) {
            throw Error(fmt::format("{}: не xlsx (не удалось открыть как zip-архив)", m_path));
        }
    }
    ~Zip() { unzClose(m_zip); }
    Zip(const Zip&) = delete;
    Zip& operator=(const Zip&) = delete;

    // The member's bytes; nullopt when there is no such member.
    std::optional<std::string> read(const std::string& name) {
        if (unzLocateFile(m_zip, name.c_str(), 0) != UNZ_OK) {
            return std::nullopt;
        }
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(m_zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
            throw Error(fmt::format("{}: повреждён архив ({})", m_path, name));
        }
        // A register is a few MB; refuse zip bombs rather than fill the memory.
        constexpr std::uint64_t kLimit = 512ull * 1024 * 1024;
        if (info.uncompressed_size > kLimit) {
            throw Error(fmt::format("{}: слишком большой лист ({})", m_path, name));
        }
        if (unzOpenCurrentFile(m_zip) != UNZ_OK) {
            throw Error(fmt::format("{}: повреждён архив ({})", m_path, name));
        }
        std::string out;
        char buffer[65536];
        int n = 0;
        while ((n = unzReadCurrentFile(m_zip, buffer, sizeof buffer)) > 0) {
            out.append(buffer, static_cast<std::size_t>(n));
            if (out.size() > kLimit) {
                unzCloseCurrentFile(m_zip);
                throw Error(fmt::format("{}: слишком большой лист ({})", m_path, name));
            }
        }
        const int closed = unzCloseCurrentFile(m_zip);
        if (n < 0 || closed == UNZ_CRCERROR) {
            throw Error(fmt::format("{}: повреждён архив ({})", m_path, name));
        }
        return out;
    }

private:
    std::string m_path;
    unzFile m_zip = nullptr;
};

// Expat with RAII and callbacks as std::function-free virtuals.
class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    virtual void start(std::string_view name, const char** attrs) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(std::string_view data) = 0;
};

// Namespace prefixes are dropped: `x:row` and `row` alike.
std::string_view localName(const char* name) {
    std::string_view n(name);
    const auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* attr(const char** attrs, std::string_view wanted) {
    for (int i = 0; attrs[i]; i += 2) {
        if (localName(attrs[i]) == wanted) {
            return attrs[i + 1];
        }
    }
    return nullptr;
}

void parseXml(const std::string& xml, XmlHandler& handler, const std::string& where) {
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                        &XML_ParserFree);
    if (!parser) {
        throw Error("нет памяти для разбора XML");
    }
    XML_SetUserData(parser.get(), &handler);
    XML_SetElementHandler(
        parser.get(),
        [](void* data, const XML_Char* name, const XML_Char** attrs) {
            static_cast<XmlHandler*>(data)->start(localName(name), attrs);
        },
        [](void* data, const XML_Char* name) {
            static_cast<XmlHandler*>(data)->end(localName(name));
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* s, int len) {
        static_cast<XmlHandler*>(data)->text(std::string_view(s, static_cast<std::size_t>(len)));
    });
    if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
        throw Error(fmt::format("{}: строка {}: неверный XML: {}", where,
                                XML_GetCurrentLineNumber(parser.get()),
                                XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
}

struct SharedStrings : XmlHandler {
    std::vector<std::string> strings;
    std::string current;
    bool inSi = false;
    bool inT = false;
    int phonetic = 0; // <rPh> carries reading hints, not text
    void start(std::string_view name, const char**) override {
        if (name == "si") {
            inSi = true;
            current.clear();
        } else if (name == "rPh") {
            ++phonetic;
        } else if (name == "t" && inSi && phonetic == 0) {
            inT = true;
        }
    }
    void end(std::string_view name) override {
        if (name == "si") {
            strings.push_back(current);
            inSi = false;
        } else if (name == "rPh") {
            --phonetic;
        } else if (name == "t") {
            inT = false;
        }
    }
    void text(std::string_view data) override {
        if (inT) {
            current.append(data);
        }
    }
};

struct Workbook : XmlHandler {
    std::vector<std::pair<std::string, std::string>> sheets; // name, relationship id
    void start(std::string_view name, const char** attrs) override {
        if (name == "sheet") {
            const char* n = attr(attrs, "name");
            const char* id = attr(attrs, "id");
            sheets.emplace_back(n ? n : "", id ? id : "");
        }
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
};

struct Relationships : XmlHandler {
    std::map<std::string, std::string> targets;
    void start(std::string_view name, const char** attrs) override {
        if (name == "Relationship") {
            const char* id = attr(attrs, "Id");
            const char* target = attr(attrs, "Target");
            if (id && target) {
                targets[id] = target;
            }
        }
    }
    void end(std::string_view) override {}
    void text(std::string_view) override {}
};

// Excel's last column (XFD) and row.
constexpr int kMaxColumns = 16384;
constexpr int kMaxRows = 1048576;

// "BC12" → column 54 (0-based), row 12. Past Excel's limits the numbers stop growing (one more
// than the limit), so a damaged reference cannot overflow.
std::pair<int, int> cellRef(std::string_view ref) {
    int col = 0;
    std::size_t i = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
        col = std::min(col * 26 + (ref[i] - 'A' + 1), kMaxColumns + 1);
        ++i;
    }
    int row = 0;
    for (; i < ref.size() && ref[i] >= '0' && ref[i] <= '9'; ++i) {
        row = std::min(row * 10 + (ref[i] - '0'), kMaxRows + 1);
    }
    return {col - 1, row};
}

// The number of a <row r="…">: Excel's 1…1 048 576; none, or anything else, is the next row.
int rowNumberOf(const char* r, int next) {
    if (r == nullptr) {
        return next;
    }
    char* end = nullptr;
    const long value = std::strtol(r, &end, 10);
    return end != r && *end == '\0' && value >= 1 && value <= kMaxRows ? static_cast<int>(value)
                                                                       : next;
}

std::string numberText(const std::string& v) {
    // Large integers may come as `7.9181234567E10`: write them out.
    if (v.find_first_of("eE") != std::string::npos) {
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        // Only integers a long long holds: converting any other double is undefined.
        if (end && *end == '\0' && std::abs(d) < 9.2e18 &&
            d == static_cast<double>(static_cast<long long>(d))) {
            return std::to_string(static_cast<long long>(d));
        }
    }
    return v;
}

struct Sheet : XmlHandler {
    const std::vector<std::string>* shared = nullptr;
    Table table;
    int rowNumber = 0;
    int nextRow = 1;
    int col = -1;
    int nextCol = 0;
    std::string type;
    std::string value;
    bool inValue = false;
    bool inInline = false;
    bool inRow = false;
    std::vector<std::pair<std::string, std::string>> mergeRefs; // "A1", "C2" of each range

    void start(std::string_view name, const char** attrs) override {
        if (name == "mergeCell") {
            if (const char* ref = attr(attrs, "ref")) {
                const std::string_view text(ref);
                const auto colon = text.find(':');
                if (colon != std::string_view::npos) {
                    mergeRefs.emplace_back(text.substr(0, colon), text.substr(colon + 1));
                }
            }
        } else if (name == "row") {
            const char* r = attr(attrs, "r");
            rowNumber = rowNumberOf(r, nextRow);
            nextRow = rowNumber + 1;
            table.rows.push_back(TableRow{rowNumber, {}});
            nextCol = 0;
            inRow = true;
        } else if (name == "c" && inRow) {
            const char* r = attr(attrs, "r");
            col = r ? cellRef(r).first : nextCol;
            if (col < 0 || col >= kMaxColumns) {
                col = nextCol;
            }
            nextCol = col + 1;
            const char* t = attr(attrs, "t");
            type = t ? t : "n";
            value.clear();
        } else if (name == "v" || (name == "t" && inInline)) {
            inValue = true;
        } else if (name == "is") {
            inInline = true;
        }
    }
    void end(std::string_view name) override {
        if (name == "v" || name == "t") {
            inValue = false;
        } else if (name == "is") {
            inInline = false;
        } else if (name == "c" && inRow) {
            std::string cell;
            if (type == "s") {
                const auto index = std::strtoul(value.c_str(), nullptr, 10);
                if (shared && index < shared->size()) {
                    cell = (*shared)[index];
                }
            } else if (type == "n") {
                cell = numberText(value);
            } else if (type == "b") {
                cell = value == "1" ? "ИСТИНА" : "ЛОЖЬ";
            } else {
                cell = value; // str, inlineStr, e
            }
            auto& cells = table.rows.back().cells;
            if (cells.size() <= static_cast<std::size_t>(col)) {
                cells.resize(static_cast<std::size_t>(col) + 1);
            }
            cells[static_cast<std::size_t>(col)] = std::move(cell);
        } else if (name == "row") {
            inRow = false;
        }
    }
    void text(std::string_view data) override {
        if (inValue) {
            value.append(data);
        }
    }
};

std::string resolveTarget(const std::string& target) {
    if (!target.empty() && target[0] == '/') {
        return target.substr(1);
    }
    if (target.rfind("xl/", 0) == 0) {
        return target;
    }
    return "xl/" + target;
}

// Merged ranges by sheet row numbers → by indexes into the rows read (empty rows are absent).
void resolveMerges(Sheet& sheet) {
    std::map<int, int> indexOfRow;
    for (std::size_t i = 0; i < sheet.table.rows.size(); ++i) {
        indexOfRow.emplace(sheet.table.rows[i].line, static_cast<int>(i));
    }
    for (const auto& [from, to] : sheet.mergeRefs) {
        const auto [firstCol, firstRow] = cellRef(from);
        const auto [lastCol, lastRow] = cellRef(to);
        const auto first = indexOfRow.lower_bound(firstRow);
        if (first == indexOfRow.end() || firstCol < 0 || lastCol < firstCol ||
            lastCol >= kMaxColumns || lastRow < firstRow) {
            continue;
        }
        auto last = indexOfRow.upper_bound(lastRow);
        if (last == indexOfRow.begin()) {
            continue;
        }
        --last;
        if (last->second < first->second) {
            continue;
        }
        sheet.table.merged.push_back(MergedRange{first->second, firstCol, last->second, lastCol});
    }
}

} // namespace

Table withMergedFilled(Table table) {
    for (const auto& range : table.merged) {
        auto& origin = table.rows[static_cast<std::size_t>(range.firstRow)].cells;
        const auto firstCol = static_cast<std::size_t>(range.firstColumn);
        const std::string value = firstCol < origin.size() ? origin[firstCol] : std::string();
        for (int r = range.firstRow; r <= range.lastRow; ++r) {
            auto& cells = table.rows[static_cast<std::size_t>(r)].cells;
            if (cells.size() <= static_cast<std::size_t>(range.lastColumn)) {
                cells.resize(static_cast<std::size_t>(range.lastColumn) + 1);
            }
            for (int c = range.firstColumn; c <= range.lastColumn; ++c) {
                cells[static_cast<std::size_t>(c)] = value;
            }
        }
    }
    return table;
}

std::vector<Table> readXlsx(const std::filesystem::path& file) {
    const std::string where = file.string();
    Zip zip(file);
    const auto workbookXml = zip.read("xl/workbook.xml");
    if (!workbookXml) {
        throw Error(fmt::format("{}: не xlsx (нет xl/workbook.xml)", where));
    }
    Workbook workbook;
    parseXml(*workbookXml, workbook, where + ":xl/workbook.xml");
    Relationships rels;
    if (const auto relsXml = zip.read("xl/_rels/workbook.xml.rels")) {
        parseXml(*relsXml, rels, where + ":xl/_rels/workbook.xml.rels");
    }
    SharedStrings shared;
    if (const auto sharedXml = zip.read("xl/sharedStrings.xml")) {
        parseXml(*sharedXml, shared, where + ":xl/sharedStrings.xml");
    }
    std::vector<Table> tables;
    int index = 0;
    for (const auto& [name, rid] : workbook.sheets) {
        ++index;
        std::string part;
        if (const auto it = rels.targets.find(rid); it != rels.targets.end()) {
            part = resolveTarget(it->second);
        } else {
            part = fmt::format("xl/worksheets/sheet{}.xml", index);
        }
        const auto xml = zip.read(part);
        if (!xml) {
            continue; // a chart sheet or a missing part: nothing to import there
        }
        Sheet sheet;
        sheet.shared = &shared.strings;
        sheet.table.name = name;
        parseXml(*xml, sheet, where + ":" + part);
        resolveMerges(sheet);
        tables.push_back(std::move(sheet.table));
    }
    return tables;
}

} // namespace sufler::core
