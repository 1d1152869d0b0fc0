// The import's second stage: one file of the drive converted (LibreOffice, pandoc, pdftotext)
// and cut into pieces, or read as an Excel directory's rows.
#include "stages.h"

#include "sufler/core/error.h"
#include "sufler/core/temp_folder.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <algorithm>

namespace sufler::importer::detail {

namespace fs = std::filesystem;
using core::startsWith;
using core::toLowerUtf8;
using core::trimmed;

// --- converting one file -------------------------------------------------------------------

namespace {

// Image links of pandoc (`![](…/media/x.png)`, `<img src="…">`) → `files/<stem>-x.png`.
std::string relinkImages(const std::string& markdown, const fs::path& mediaDir,
                         const std::string& stem,
                         std::vector<std::pair<fs::path, std::string>>& media) {
    const std::string prefix = fs::absolute(mediaDir).string() + "/";
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const auto found = markdown.find(prefix, pos);
        if (found == std::string::npos) {
            out += markdown.substr(pos);
            break;
        }
        auto end = markdown.find_first_of(")\" \n", found);
        if (end == std::string::npos) {
            end = markdown.size();
        }
        const fs::path file = markdown.substr(found, end - found);
        const std::string name = stem + "-" + transliterate(file.stem().string()) +
                                 toLowerUtf8(file.extension().string());
        media.emplace_back(file, name);
        out += markdown.substr(pos, found - pos) + "files/" + name;
        pos = end;
    }
    // Sized images come as raw HTML: the KB's Markdown keeps the link only.
    std::string result;
    pos = 0;
    while (true) {
        const auto img = out.find("<img src=\"", pos);
        if (img == std::string::npos) {
            result += out.substr(pos);
            break;
        }
        const auto srcStart = img + 10;
        const auto srcEnd = out.find('"', srcStart);
        const auto close = out.find('>', srcEnd == std::string::npos ? img : srcEnd);
        if (srcEnd == std::string::npos || close == std::string::npos) {
            result += out.substr(pos);
            break;
        }
        result +=
            out.substr(pos, img - pos) + "![](" + out.substr(srcStart, srcEnd - srcStart) + ")";
        pos = close + 1;
    }
    return result;
}

// LibreOffice opens any bytes as a text document: a .doc that is no Word file must be refused
// before it, not imported as gibberish.
std::optional<std::string> notWhatItSays(const fs::path& file, const std::string& ext) {
    const std::string head = readAll(file).substr(0, 8);
    const bool ole = isOleContainer(file);
    const bool zip = startsWith(head, "PK\x03\x04");
    const bool rtf = startsWith(head, "{\\rtf");
    bool fits = true;
    if (ext == ".doc") {
        fits = ole || rtf || zip; // Word saves RTF and .docx under .doc too
    } else if (ext == ".xls") {
        fits = ole || zip;
    } else if (ext == ".odt" || ext == ".ods") {
        fits = zip;
    } else if (ext == ".rtf") {
        fits = rtf;
    } else if (ext == ".pdf") {
        fits = startsWith(head, "%PDF");
    }
    if (fits) {
        return std::nullopt;
    }
    return fmt::format("файл повреждён: по содержимому это не {} (возможно, он обрезан при "
                       "копировании или это файл другого формата)",
                       ext);
}

} // namespace

Converted convertFile(const Found& found, const ImportOptions& options, const Limits& limits,
                      const std::string& stem) {
    Converted out;
    const core::TempFolder temp("sufler-import", "для конвертации");
    // The converters see a plain name in a folder of their own: nothing of the drive's names
    // (leading dashes, spaces, quotes) reaches their command lines or their output names.
    const std::string ext = toLowerUtf8(found.path.extension().string());
    const fs::path input = temp.path() / ("source" + ext);
    std::error_code ec;
    fs::copy_file(found.path, input, ec);
    if (ec) {
        out.problem = fmt::format("файл не читается: {}", ec.message());
        return out;
    }
    const fs::path profile = temp.path() / "office-profile";
    fs::path docx = input;
    SourceType type = found.type;
    if ((type == SourceType::Word || type == SourceType::Sheet) && isOleContainer(input)) {
        if (isEncryptedOffice(input)) {
            out.problem = "документ защищён паролем (зашифрованный файл Office) — снимите пароль "
                          "и сохраните заново";
            return out;
        }
        // An old .doc/.xls renamed: LibreOffice reads it as what it is.
        type = type == SourceType::Word ? SourceType::Convertible : SourceType::ConvertibleSheet;
    }
    if (auto problem = notWhatItSays(input, ext)) {
        out.problem = *problem;
        return out;
    }
    switch (type) {
    case SourceType::Convertible: {
        const Made made = convertWithOffice(input, "docx", temp.path() / "office", profile, limits);
        if (!made.problem.empty()) {
            out.problem = made.problem;
            return out;
        }
        docx = made.file;
        out.note = fmt::format("преобразован LibreOffice из {} в .docx",
                               type == found.type ? ext : "старого формата Word");
        [[fallthrough]];
    }
    case SourceType::Word: {
        if (auto problem = zipProblem(docx, limits.unpackedBytes)) {
            out.problem = *problem;
            return out;
        }
        const fs::path mediaDir = temp.path() / "media";
        const Made made = docxToMarkdown(docx, mediaDir, limits);
        if (!made.problem.empty()) {
            out.problem = made.problem;
            return out;
        }
        const std::string text = relinkImages(made.text, mediaDir, stem, out.media);
        out.split = splitDocument(text);
        return out;
    }
    case SourceType::ConvertibleSheet:
    case SourceType::Sheet: {
        fs::path xlsx = input;
        if (type == SourceType::ConvertibleSheet) {
            const Made made =
                convertWithOffice(input, "xlsx", temp.path() / "office", profile, limits);
            if (!made.problem.empty()) {
                out.problem = made.problem;
                return out;
            }
            xlsx = made.file;
            out.note = fmt::format("преобразован LibreOffice из {} в .xlsx", ext);
        }
        if (auto problem = zipProblem(xlsx, limits.unpackedBytes)) {
            out.problem = *problem;
            return out;
        }
        try {
            for (auto& table : core::readXlsx(xlsx)) {
                out.sheets.push_back(core::withMergedFilled(std::move(table)));
            }
        } catch (const Error& e) {
            out.problem = fmt::format("таблица не читается: {}",
                                      std::string(e.what()).substr(xlsx.string().size() + 2));
            return out;
        }
        out.isDirectory = true;
        return out;
    }
    case SourceType::Pdf: {
        const Made made = pdfToText(input, limits);
        if (!made.problem.empty()) {
            out.problem = made.problem;
            return out;
        }
        out.note = "текст извлечён из PDF (pdftotext): проверьте записи — разбивка и таблицы "
                   "PDF распознаются хуже, чем в Word";
        out.split = splitDocument(made.text);
        out.split.guesses.push_back("весь файл — текст из PDF: проверьте каждую запись");
        return out;
    }
    case SourceType::Text: {
        std::string text = readAll(input);
        if (startsWith(text, "\xEF\xBB\xBF")) {
            text.erase(0, 3);
        }
        if (core::findInvalidUtf8(text) != std::string::npos) {
            text = core::cp1251ToUtf8(text);
            out.note = "текст в кодировке Windows-1251 перекодирован в UTF-8";
        }
        if (text.size() > limits.textBytes) {
            out.problem = "текст слишком большой для одного файла базы знаний — разделите его";
            return out;
        }
        out.split = splitDocument(text);
        return out;
    }
    case SourceType::Unknown:
        break;
    }
    (void)options;
    out.problem = "формат не переносится";
    return out;
}

// --- Excel directories ---------------------------------------------------------------------

DirectoryRows directoryRows(const std::vector<core::Table>& sheets) {
    DirectoryRows out;
    for (const core::Table& sheet : sheets) {
        // The header: among the first rows, the last one with at least two known columns
        // (a merged «Контакты» above «Телефон | Кабинет» is one row higher).
        int headerRow = -1;
        std::vector<std::string> columns;
        for (std::size_t r = 0; r < sheet.rows.size() && r < 15; ++r) {
            std::vector<std::string> names;
            int known = 0;
            for (const auto& cell : sheet.rows[r].cells) {
                names.push_back(contactColumn(cell));
                known += names.back().empty() ? 0 : 1;
            }
            if (known >= 2) {
                if (headerRow >= 0 && static_cast<std::size_t>(headerRow) + 1 != r) {
                    break;
                }
                // Columns a lower header row leaves unnamed keep the name from above.
                for (std::size_t c = 0; c < names.size(); ++c) {
                    if (names[c].empty() && c < columns.size()) {
                        names[c] = columns[c];
                    }
                }
                headerRow = static_cast<int>(r);
                columns = std::move(names);
            } else if (headerRow >= 0) {
                break;
            }
        }
        if (headerRow < 0) {
            out.guesses.push_back(fmt::format(
                "лист «{}»: не найдены заголовки столбцов (ФИО, Должность, Телефон…) — лист не "
                "перенесён",
                sheet.name));
            continue;
        }
        const bool hasOrganization =
            std::find(columns.begin(), columns.end(), "Организация") != columns.end();
        std::string section;
        int count = 0;
        for (std::size_t r = static_cast<std::size_t>(headerRow) + 1; r < sheet.rows.size(); ++r) {
            const auto& cells = sheet.rows[r].cells;
            std::set<std::string> distinct;
            for (const auto& cell : cells) {
                if (!core::trim(cell).empty()) {
                    distinct.insert(trimmed(cell));
                }
            }
            if (distinct.empty()) {
                continue;
            }
            if (distinct.size() == 1 && cells.size() > 1 &&
                std::count_if(cells.begin(), cells.end(),
                              [](const std::string& c) { return !core::trim(c).empty(); }) != 1) {
                section = *distinct.begin(); // a merged row across the table: a department
                continue;
            }
            if (distinct.size() == 1 && columns.size() > 1 && !cells.empty() &&
                std::count_if(cells.begin(), cells.end(),
                              [](const std::string& c) { return !core::trim(c).empty(); }) == 1 &&
                !core::trim(cells[0]).empty() && contactColumn(columns[0]) == "ФИО" &&
                cells.size() == 1) {
                section = *distinct.begin();
                continue;
            }
            std::vector<std::pair<std::string, std::string>> row;
            for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
                if (!columns[c].empty() && !core::trim(cells[c]).empty()) {
                    row.emplace_back(columns[c], trimmed(cells[c]));
                }
            }
            if (row.empty()) {
                continue;
            }
            if (!hasOrganization && !section.empty()) {
                row.emplace_back("Организация", section);
            }
            out.rows.push_back(std::move(row));
            ++count;
        }
        std::string names;
        for (const auto& c : columns) {
            if (!c.empty() && names.find(c) == std::string::npos) {
                names += (names.empty() ? "" : ", ") + c;
            }
        }
        out.guesses.push_back(fmt::format("лист «{}» перенесён как контакты, строк: {} (столбцы: "
                                          "{}; заголовок — строка {})",
                                          sheet.name, count, names,
                                          sheet.rows[static_cast<std::size_t>(headerRow)].line));
    }
    return out;
}

} // namespace sufler::importer::detail
