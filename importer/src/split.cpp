// Blocks of the converted text (headings, paragraphs, tables, lists) walked once, each either
// starting an entry, adding to the open one, or left over.
#include "split.h"

#include "sufler/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace sufler::importer::detail {

namespace {

using core::startsWith;
using core::toLowerUtf8;
using core::trim;
using core::trimmed;

enum class BlockType { Heading, Paragraph, Table, List };

struct Block {
    BlockType type = BlockType::Paragraph;
    std::vector<std::string> lines;
    std::string text; // heading text, or the paragraph's lines joined
};

bool isListLine(std::string_view line) {
    if (startsWith(line, "- ") || startsWith(line, "* ") || startsWith(line, "+ ")) {
        return true;
    }
    std::size_t i = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) {
        ++i;
    }
    return i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ';
}

std::string listItemText(std::string_view line) {
    std::size_t i = 0;
    if (line[0] == '-' || line[0] == '*' || line[0] == '+') {
        i = 1;
    } else {
        while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) {
            ++i;
        }
        ++i;
    }
    return trimmed(line.substr(i));
}

bool startsLabel(std::string_view line) {
    const std::string lower = toLowerUtf8(trim(line));
    return startsWith(lower, "вопрос:") || startsWith(lower, "ответ:") ||
           startsWith(lower, "вопрос.") || startsWith(lower, "ответ.");
}

std::vector<Block> blocksOf(std::string_view text) {
    std::vector<Block> blocks;
    std::vector<std::string> current;
    auto flush = [&] {
        if (current.empty()) {
            return;
        }
        Block block;
        const std::string& first = current.front();
        if (startsWith(first, "#")) {
            const auto hashes = first.find_first_not_of('#');
            if (hashes != std::string::npos && hashes <= 6 && first[hashes] == ' ') {
                block.type = BlockType::Heading;
                block.text = trimmed(std::string_view(first).substr(hashes));
            }
        }
        if (block.type != BlockType::Heading) {
            if (std::all_of(current.begin(), current.end(),
                            [](const std::string& l) { return startsWith(l, "|"); })) {
                block.type = BlockType::Table;
            } else if (isListLine(first)) {
                block.type = BlockType::List;
            }
            std::string joined;
            for (const auto& l : current) {
                joined += (joined.empty() ? "" : " ") + trimmed(l);
            }
            block.text = joined;
        }
        block.lines = std::move(current);
        current.clear();
        blocks.push_back(std::move(block));
    };
    std::size_t pos = 0;
    bool fence = false;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string line(text.substr(pos, end - pos));
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        pos = end + 1;
        if (startsWith(trim(line), "```")) {
            fence = !fence;
        }
        if (!fence && trim(line).empty()) {
            flush();
        } else if (!fence && !current.empty() && (startsWith(line, "#") || startsLabel(line))) {
            flush(); // a heading or «Ответ:» right under text (plain text, PDF)
            current.push_back(line);
        } else {
            current.push_back(line);
        }
        if (end == text.size()) {
            break;
        }
    }
    flush();
    return blocks;
}

// "**text**" as a whole → text.
std::optional<std::string> wholeBold(std::string_view text) {
    const std::string_view t = trim(text);
    if (t.size() > 4 && startsWith(t, "**") && t.substr(t.size() - 2) == "**" &&
        t.substr(2, t.size() - 4).find("**") == std::string_view::npos) {
        return trimmed(t.substr(2, t.size() - 4));
    }
    return std::nullopt;
}

std::string withoutBold(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "**") == 0) {
            ++i;
            continue;
        }
        out.push_back(text[i]);
    }
    return trimmed(out);
}

// "1. ", "1) ", "1.2. ", "№ 3. " at the start of a title: numbering, not the title.
std::string withoutNumber(std::string_view text) {
    std::string_view t = trim(text);
    std::size_t i = 0;
    while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) {
        ++i;
    }
    if (i > 0 && i < t.size() && (t[i] == ' ' || t[i] == ')') &&
        std::isdigit(static_cast<unsigned char>(t[0]))) {
        if (t[i] == ')') {
            ++i;
        }
        return trimmed(t.substr(i));
    }
    return std::string(t);
}

// The text after a label such as «Вопрос:» (any case, «Вопрос.», «**Вопрос:**»); nullopt when
// the text does not begin with it.
std::optional<std::string> afterLabel(std::string_view text, std::string_view label) {
    const std::string plain = withoutBold(text);
    const std::string lower = toLowerUtf8(plain);
    if (!startsWith(lower, label)) {
        return std::nullopt;
    }
    std::string_view rest = std::string_view(plain).substr(label.size());
    if (rest.empty() || (rest[0] != ':' && rest[0] != '.')) {
        return std::nullopt;
    }
    rest.remove_prefix(1);
    return trimmed(rest);
}

// «Шаблон 1. Ответ о …», «Шаблон № 2: …», «Шаблон ответа о …» → the title to keep.
std::optional<std::string> templateTitle(std::string_view text) {
    const std::string plain = withoutNumber(withoutBold(text));
    if (!startsWith(toLowerUtf8(plain), "шаблон")) {
        return std::nullopt;
    }
    std::string_view rest = std::string_view(plain).substr(std::string_view("шаблон").size());
    std::string_view r = trim(rest);
    if (startsWith(r, "№")) {
        r = trim(r.substr(std::string_view("№").size()));
    }
    std::size_t i = 0;
    while (i < r.size() && std::isdigit(static_cast<unsigned char>(r[i]))) {
        ++i;
    }
    if (i > 0) {
        r = r.substr(i);
        while (!r.empty() && (r[0] == '.' || r[0] == ':' || r[0] == ')' || r[0] == ' ')) {
            r.remove_prefix(1);
        }
        if (!trim(r).empty()) {
            return trimmed(r); // the number says only where it stood in the document
        }
    }
    return plain;
}

bool isSeparatorRow(const std::vector<std::string>& cells) {
    return std::all_of(cells.begin(), cells.end(), [](const std::string& c) {
        return !c.empty() && c.find_first_not_of("-: ") == std::string::npos;
    });
}

std::string shortText(std::string_view text) {
    std::string out;
    std::size_t pos = 0;
    int letters = 0;
    while (pos < text.size() && letters < 60) {
        core::appendUtf8(out, core::decodeUtf8(text, pos));
        ++letters;
    }
    return pos < text.size() ? out + "…" : out;
}

std::string placeholders(std::string_view body) {
    // «[ФИО]», as offices mark places to fill, is the KB's {{ФИО}}.
    std::string out;
    std::size_t i = 0;
    while (i < body.size()) {
        const bool escaped = body.compare(i, 2, "\\[") == 0;
        if (escaped || body[i] == '[') {
            const std::size_t open = i + (escaped ? 2 : 1);
            const std::string_view close = escaped ? "\\]" : "]";
            const auto end = body.find(close, open);
            if (end != std::string_view::npos && end - open <= 60 && end > open &&
                body.substr(open, end - open).find_first_of("[]\n") == std::string_view::npos &&
                (end + close.size() >= body.size() || body[end + close.size()] != '(')) {
                out += "{{" + trimmed(body.substr(open, end - open)) + "}}";
                i = end + close.size();
                continue;
            }
        }
        out.push_back(body[i]);
        ++i;
    }
    return out;
}

class Splitter {
public:
    SplitDocument run(std::string_view markdown) {
        for (const Block& block : blocksOf(markdown)) {
            take(block);
        }
        finish();
        return std::move(m_out);
    }

private:
    struct Open {
        Piece piece;
        std::string source; // «заголовок», «строка жирным», «Вопрос:»
        bool doubtful = false;
    };

    void take(const Block& block) {
        switch (block.type) {
        case BlockType::Heading:
            startTitled(block.text, "заголовок");
            return;
        case BlockType::Table:
            takeTable(block);
            return;
        case BlockType::List:
            takeList(block);
            return;
        case BlockType::Paragraph:
            takeParagraph(block);
            return;
        }
    }

    void startTitled(const std::string& raw, const std::string& source) {
        finish();
        const std::string text = unescapeMarkdown(withoutBold(raw));
        if (auto title = templateTitle(text)) {
            m_open = Open{Piece{PieceKind::Template, *title, {}, {}}, source, false};
            return;
        }
        if (auto question = afterLabel(text, "вопрос")) {
            m_open =
                Open{Piece{PieceKind::Faq, withoutNumber(*question), {}, {}}, "«Вопрос:»", false};
            return;
        }
        const std::string title = withoutNumber(text);
        m_open = Open{Piece{PieceKind::Faq, title, {}, {}}, source, true};
    }

    void addBody(const std::string& markdown) {
        if (!m_open) {
            m_out.leftOver.push_back(shortText(markdown));
            return;
        }
        std::string& body = m_open->piece.body;
        body += (body.empty() ? "" : "\n\n") + markdown;
    }

    void takeParagraph(const Block& block) {
        const std::string joined = block.text;
        if (auto bold = wholeBold(joined); bold && bold->size() < 400) {
            startTitled(joined, "строка жирным");
            return;
        }
        if (auto question = afterLabel(joined, "вопрос")) {
            finish();
            m_open = Open{Piece{PieceKind::Faq, unescapeMarkdown(withoutNumber(*question)), {}, {}},
                          "«Вопрос:»", false};
            return;
        }
        if (auto answer = afterLabel(joined, "ответ")) {
            if (m_open && !answer->empty()) {
                addBody(*answer);
                return;
            }
        }
        if (joined.size() < 200 && templateTitle(unescapeMarkdown(joined)) &&
            block.lines.size() == 1) {
            startTitled(joined, "абзац");
            return;
        }
        if (looksLikeAct(joined)) {
            addAct(unescapeMarkdown(withoutBold(joined)));
            if (m_open) {
                addBody(joinLines(block));
            }
            return;
        }
        addBody(joinLines(block));
    }

    void takeList(const Block& block) {
        std::vector<std::string> items;
        for (const auto& line : block.lines) {
            if (isListLine(line)) {
                items.push_back(listItemText(line));
            } else if (!items.empty()) {
                items.back() += " " + trimmed(line);
            }
        }
        bool allActs = !items.empty();
        for (const auto& item : items) {
            if (looksLikeAct(item)) {
                addAct(unescapeMarkdown(withoutBold(item)));
            } else {
                allActs = false;
            }
        }
        if (m_open || !allActs) {
            addBody(joinLines(block));
        }
    }

    void takeTable(const Block& block) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& line : block.lines) {
            auto cells = tableCells(line);
            if (!isSeparatorRow(cells)) {
                rows.push_back(std::move(cells));
            }
        }
        // pandoc writes a table without a header row with an empty one: the first row is it.
        if (!rows.empty() && std::all_of(rows[0].begin(), rows[0].end(),
                                         [](const std::string& c) { return c.empty(); })) {
            rows.erase(rows.begin());
        }
        if (rows.size() < 2) {
            addBody(joinLines(block));
            return;
        }
        const auto& header = rows[0];
        std::vector<std::string> columns;
        int known = 0;
        for (const auto& h : header) {
            columns.push_back(contactColumn(unescapeMarkdown(withoutBold(h))));
            known += columns.back().empty() ? 0 : 1;
        }
        if (known >= 2) {
            finish();
            int count = 0;
            for (std::size_t r = 1; r < rows.size(); ++r) {
                Piece piece;
                piece.kind = PieceKind::Contact;
                for (std::size_t c = 0; c < columns.size() && c < rows[r].size(); ++c) {
                    const std::string value = unescapeMarkdown(withoutBold(rows[r][c]));
                    if (!columns[c].empty() && !value.empty()) {
                        piece.fields.emplace_back(columns[c], value);
                    }
                }
                if (!piece.fields.empty()) {
                    m_out.pieces.push_back(std::move(piece));
                    ++count;
                }
            }
            std::string names;
            for (const auto& c : columns) {
                if (!c.empty()) {
                    names += (names.empty() ? "" : ", ") + c;
                }
            }
            m_out.guesses.push_back(
                fmt::format("таблица «{}» принята за контакты, строк: {} (столбцы: {})",
                            shortText(fmt::format("{}", fmt::join(header, " | "))), count, names));
            return;
        }
        if (header.size() == 2) {
            const std::string h0 = toLowerUtf8(withoutBold(header[0]));
            const std::string h1 = toLowerUtf8(withoutBold(header[1]));
            const bool labelled = startsWith(h0, "вопрос") && startsWith(h1, "ответ");
            std::size_t questions = 0;
            for (const auto& row : rows) {
                questions += !row.empty() && !row[0].empty() && row[0].back() == '?' ? 1 : 0;
            }
            if (labelled || questions * 2 >= rows.size()) {
                finish();
                int count = 0;
                for (std::size_t r = labelled ? 1 : 0; r < rows.size(); ++r) {
                    if (rows[r].size() < 2 || rows[r][0].empty() || rows[r][1].empty()) {
                        continue;
                    }
                    Piece piece;
                    piece.kind = PieceKind::Faq;
                    piece.title = withoutNumber(unescapeMarkdown(withoutBold(rows[r][0])));
                    piece.body = rows[r][1];
                    m_out.pieces.push_back(std::move(piece));
                    ++count;
                }
                m_out.guesses.push_back(fmt::format(
                    "таблица из двух столбцов{} принята за вопросы и ответы, вопросов: {}",
                    labelled ? " «Вопрос | Ответ»" : "", count));
                return;
            }
        }
        addBody(joinLines(block));
    }

    void addAct(const std::string& text) {
        Piece piece;
        piece.kind = PieceKind::Npa;
        piece.title = text;
        m_acts.push_back(std::move(piece));
    }

    static std::string joinLines(const Block& block) {
        std::string out;
        for (const auto& l : block.lines) {
            out += (out.empty() ? "" : "\n") + l;
        }
        return out;
    }

    static std::string_view takenAs(std::string_view source) {
        return source == "строка жирным" ? "принята" : "принят";
    }

    void finish() {
        if (m_open) {
            Open open = std::move(*m_open);
            m_open.reset();
            open.piece.body = trimmed(open.piece.body);
            if (open.piece.title.empty()) {
                if (!open.piece.body.empty()) {
                    m_out.leftOver.push_back(shortText(open.piece.body));
                }
            } else if (open.piece.body.empty()) {
                // A heading with nothing under it titles a part of the document.
                if (open.piece.kind == PieceKind::Template || open.source == "«Вопрос:»") {
                    m_out.guesses.push_back(fmt::format("«{}» без текста — не перенесено",
                                                        shortText(open.piece.title)));
                }
            } else {
                if (open.piece.kind == PieceKind::Template) {
                    open.piece.body = placeholders(open.piece.body);
                    m_out.guesses.push_back(fmt::format("{} «{}» {} за шаблон", open.source,
                                                        shortText(open.piece.title),
                                                        takenAs(open.source)));
                } else if (open.doubtful) {
                    m_out.guesses.push_back(fmt::format(
                        "{} «{}» {} за вопрос{}", open.source, shortText(open.piece.title),
                        takenAs(open.source),
                        open.piece.title.back() == '?' ? "" : " (в нём нет знака «?»)"));
                }
                m_out.pieces.push_back(std::move(open.piece));
            }
        }
        for (auto& act : m_acts) {
            m_out.pieces.push_back(std::move(act));
        }
        m_acts.clear();
    }

    SplitDocument m_out;
    std::optional<Open> m_open;
    std::vector<Piece> m_acts; // acts met inside the open entry, after it
};

std::string normalizedHeader(std::string_view header) {
    std::string lower = toLowerUtf8(trim(header));
    // ё and е alike; the dots and colons of «Ф.И.О.:» are not part of the name.
    std::string out;
    std::size_t pos = 0;
    while (pos < lower.size()) {
        char32_t cp = core::decodeUtf8(lower, pos);
        if (cp == U'ё') {
            cp = U'е';
        }
        if (cp == U'.' || cp == U':' || cp == U'*') {
            continue;
        }
        core::appendUtf8(out, cp);
    }
    return trimmed(out);
}

} // namespace

const std::vector<std::string>& contactColumnOrder() {
    static const std::vector<std::string> order = {"ФИО",     "Должность",   "Организация",
                                                   "Телефон", "Email",       "Кабинет",
                                                   "Адрес",   "Часы работы", "Вопросы"};
    return order;
}

std::string contactColumn(std::string_view header) {
    struct Alias {
        std::string_view text;
        std::string_view column;
        bool prefix;
    };
    static constexpr Alias kAliases[] = {
        {"фио", "ФИО", false},
        {"ф и о", "ФИО", false},
        {"фамилия, имя, отчество", "ФИО", false},
        {"фамилия имя отчество", "ФИО", false},
        {"сотрудник", "ФИО", false},
        {"должность", "Должность", true},
        {"организация", "Организация", true},
        {"наименование организации", "Организация", false},
        {"учреждение", "Организация", false},
        {"подразделение", "Организация", false},
        {"телефон", "Телефон", true},
        {"тел", "Телефон", true},
        {"номер телефона", "Телефон", false},
        {"email", "Email", false},
        {"e-mail", "Email", false},
        {"e mail", "Email", false},
        {"эл почта", "Email", false},
        {"электронная почта", "Email", false},
        {"адрес электронной почты", "Email", false},
        {"адрес", "Адрес", false},
        {"адрес приема", "Адрес", false},
        {"кабинет", "Кабинет", false},
        {"каб", "Кабинет", false},
        {"№ кабинета", "Кабинет", false},
        {"часы работы", "Часы работы", false},
        {"режим работы", "Часы работы", false},
        {"часы приема", "Часы работы", false},
        {"график работы", "Часы работы", false},
        {"вопросы", "Вопросы", false},
        {"по каким вопросам", "Вопросы", false},
        {"по вопросам", "Вопросы", false},
    };
    const std::string h = normalizedHeader(header);
    if (h.empty()) {
        return {};
    }
    for (const auto& alias : kAliases) {
        if (h == alias.text) {
            return std::string(alias.column);
        }
    }
    for (const auto& alias : kAliases) {
        // «Телефон рабочий», «Тел. внутр.», «Должность сотрудника».
        if (alias.prefix && startsWith(h, std::string(alias.text) + " ")) {
            return std::string(alias.column);
        }
    }
    return {};
}

std::string unescapeMarkdown(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '|' &&
            std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
            continue;
        }
        out.push_back(text[i]);
    }
    return out;
}

bool looksLikeAct(std::string_view text) {
    const std::string lower = toLowerUtf8(withoutBold(trim(text)));
    if (lower.find("№") == std::string::npos || lower.size() > 1000) {
        return false;
    }
    static const std::vector<std::string> kinds = {"федеральный закон",
                                                   "федеральный конституционный закон",
                                                   "закон ",
                                                   "постановление",
                                                   "приказ",
                                                   "указ",
                                                   "распоряжение",
                                                   "кодекс",
                                                   "решение",
                                                   "положение"};
    return std::any_of(kinds.begin(), kinds.end(),
                       [&](const std::string& kind) { return startsWith(lower, kind); });
}

std::vector<std::string> tableCells(std::string_view line) {
    std::vector<std::string> cells;
    std::string_view t = trim(line);
    if (startsWith(t, "|")) {
        t.remove_prefix(1);
    }
    if (!t.empty() && t.back() == '|' && (t.size() < 2 || t[t.size() - 2] != '\\')) {
        t.remove_suffix(1);
    }
    std::string cell;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
            cell += '|'; // written back escaped by whoever writes a table
            ++i;
        } else if (t[i] == '|') {
            cells.push_back(trimmed(cell));
            cell.clear();
        } else {
            cell.push_back(t[i]);
        }
    }
    cells.push_back(trimmed(cell));
    return cells;
}

SplitDocument splitDocument(std::string_view markdown) {
    return Splitter().run(markdown);
}

} // namespace sufler::importer::detail
