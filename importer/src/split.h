#pragma once
// Cutting a converted document (GitHub Markdown from pandoc, or plain text) into KB entries.
// The heuristics (docs/import.md, «Как документ режется на записи»):
//  - a heading, or a paragraph all in bold, starts a question; its answer is what follows up
//    to the next one; a heading with nothing under it is a section title, not a question;
//  - a paragraph «Вопрос: …» starts a question, «Ответ: …» is its answer;
//  - a two-column table headed «Вопрос | Ответ» (or with questions ending in «?») gives a
//    question per row;
//  - «Шаблон …» (a heading, a bold line or a short paragraph, numbered or not) starts a template;
//    «[ФИО]» in it becomes the field {{ФИО}};
//  - a table with at least two columns known by their Russian headers (ФИО, Должность,
//    Телефон…) gives a contact per row;
//  - a list item or paragraph naming an act with its number («Федеральный закон от … № …»,
//    «Постановление … № …») gives an act; inside an answer it also stays in the answer.
// Every guess of that kind is written down for the report.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::importer::detail {

enum class PieceKind { Faq, Template, Contact, Npa };

struct Piece {
    PieceKind kind = PieceKind::Faq;
    std::string title; // the question, the template's name, the act as written, a contact's name
    std::string body;  // Markdown of the answer or the template
    std::vector<std::pair<std::string, std::string>> fields; // a contact: column → value
};

struct SplitDocument {
    std::vector<Piece> pieces;
    std::vector<std::string> guesses;  // what to check by hand
    std::vector<std::string> leftOver; // text that became no entry (its start)
};

[[nodiscard]] SplitDocument splitDocument(std::string_view markdown);

// A table's header cell as a contact column of the KB format («Ф.И.О.» → ФИО, «Тел.» →
// Телефон, «Электронная почта» → Email); empty when it is none of them.
[[nodiscard]] std::string contactColumn(std::string_view header);

// The contact columns in the order the importer writes them.
[[nodiscard]] const std::vector<std::string>& contactColumnOrder();

// Markdown backslash escapes of pandoc (`\(`, `\[`, `\*`…) taken off, `\|` kept.
[[nodiscard]] std::string unescapeMarkdown(std::string_view text);

// The cells of a GFM table row, trimmed; `\|` inside a cell is a '|' of its text.
[[nodiscard]] std::vector<std::string> tableCells(std::string_view line);

// Whether a line names a normative act with its number.
[[nodiscard]] bool looksLikeAct(std::string_view text);

} // namespace sufler::importer::detail
