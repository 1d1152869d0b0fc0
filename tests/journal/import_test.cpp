// Importing existing registers: CSV as Russian Excel writes it (UTF-8, Windows-1251), xlsx.
#include "support.h"
#include "temp_dir.h"

#include "text_util.h"

#include "sufler/core/csv.h"
#include "sufler/core/error.h"
#include "sufler/core/xlsx.h"
#include "sufler/journal/import.h"

#include <catch2/catch.hpp>
#include <xlsxwriter.h>

#include <fmt/format.h>

#include <algorithm>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

ReferenceLists refs() {
    ReferenceLists r;
    r.municipalities = {"Энск", "Энский район", "Заречный район"};
    r.operators = {"Сидорова О. В.", "Петров А. А."};
    return r;
}

const char* const kIncomingCsv =
    "\xEF\xBB\xBF"
    "Приложение 1;;;;;;;;;\r\n"
    "ЖУРНАЛ регистрации звонков, поступивших на телефон «горячей линии»;;;;;;;;;\r\n"
    "№ п/п;Дата и время поступления звонка;Номер телефона позвонившего;Пол;Контактные данные "
    "позвонившего (ФИО, год рождения);Муниципальное образование, округа Краснодара, районы "
    "Сочи;Краткое содержание вопроса;Организации и учреждения;ФИО специалиста, принявшего "
    "звонок;Примечание\r\n"
    "1;2;3;4;5;6;7;8;9;10\r\n"
    "1;03.11.2026 9:15;+7 900 123-45-67;ж;Иванова Мария Петровна, 1956;Энск;Как получить "
    "ЕДВ?;УСЗН г. Энска;Сидорова О. В.;\r\n"
    "2;03.11.2026 10:40;89001112233;м;Петров П.;Старый район;\"Вопрос в две строки:\r\n"
    "пособие; и \"\"кавычки\"\"\";ЦЗН;Кузьмина Л. Л.;уволилась\r\n"
    "3;вчера;;м;;Энск;Плохая дата;;Сидорова О. В.;\r\n"
    "12а;04.11.2026 11:00;;ж;;Энск;Плохой номер;;Сидорова О. В.;\r\n"
    "5;05.11.2026 12:00;;?;;Энский район;Пол не распознан;;Петров А. А.;\r\n"
    ";;;;;;;;;\r\n"
    "Начальник отдела;;;;;;;;;\r\n";

} // namespace

TEST_CASE("import: a Приложение 1 CSV in UTF-8 with BOM — bad rows by line, good rows in") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const auto file = dir.write("журнал.csv", kIncomingCsv);
    const auto result = importRegister(j, file, refs());
    CHECK(result.incoming == 3);
    CHECK(result.badRows == 2);

    std::vector<std::string> lines;
    for (const auto& d : result.diagnostics) {
        lines.push_back(d.format());
    }
    const auto has = [&](const std::string& needle) {
        return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
            return l.find(needle) != std::string::npos;
        });
    };
    INFO(fmt::format("{}", fmt::join(lines, "\n")));
    // The quoted two-line question takes lines 6–7, so «вчера» is on line 8.
    CHECK(has(file.string() + ":8: error: «вчера» — не дата"));
    CHECK(has(file.string() + ":9: error: «12а» — не порядковый номер"));
    CHECK(has(file.string() + ":6: warning: Муниципального образования «Старый район»"));
    CHECK(has(file.string() + ":6: warning: Специалиста «Кузьмина Л. Л.»"));
    CHECK(has(file.string() + ":10: warning: пол «?» не распознан"));
    CHECK(has(file.string() + ":12: warning: «Начальник отдела»: здесь журнал кончается"));

    const auto calls = j.incomingCalls();
    REQUIRE(calls.size() == 3);
    CHECK(calls[0].number == 1);
    CHECK(calls[0].receivedAt == "2026-11-03 09:15:00");
    CHECK(calls[0].phone == "+7 900 123-45-67");
    CHECK(calls[0].gender == Gender::Female);
    CHECK(calls[0].callerName == "Иванова Мария Петровна");
    CHECK(calls[0].callerBirthYear == "1956");
    CHECK(calls[0].municipality == "Энск");
    CHECK(calls[0].question == "Как получить ЕДВ?");
    CHECK(calls[0].organizations == "УСЗН г. Энска");
    CHECK(calls[0].operatorName == "Сидорова О. В.");
    CHECK(calls[0].closedAt == calls[0].receivedAt);
    CHECK(calls[1].question == "Вопрос в две строки:\r\nпособие; и \"кавычки\"");
    CHECK(calls[1].municipality == "Старый район"); // kept as written
    CHECK(calls[1].operatorName == "Кузьмина Л. Л.");
    CHECK(calls[1].note == "уволилась");
    CHECK(calls[2].note == "Пол: ?");

    // The same file again adds nothing.
    const auto again = importRegister(j, file, refs());
    CHECK(again.incoming == 0);
    CHECK(again.duplicates == 3);
    CHECK(j.incomingCalls().size() == 3);
}

TEST_CASE("import: a Windows-1251 CSV of Приложение 2") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const std::string text =
        "№ п/п;Дата и время звонка;Контактные данные специалиста, принявшего звонок (ФИО, номер "
        "телефона);Муниципальное образование, округи Краснодара, районы Сочи;Краткое содержание "
        "вопроса;Организация и учреждения;ФИО специалиста, осуществившего звонок;Примечания\r\n"
        "1;2;3;4;5;6;7;8\r\n"
        "1;10.11.2026 14:05;Орлова Е. Е., 8 (86100) 2-22-22;Заречный район;Уточнение статуса "
        "заявления;УСЗН Заречного района;Петров А. А.;перезвонить\r\n";
    const auto file = dir.write("исходящие.csv", test::toCp1251(text));
    const auto result = importRegister(j, file, refs());
    CHECK(result.outgoing == 1);
    CHECK(result.incoming == 0);
    CHECK(result.badRows == 0);
    const auto calls = j.outgoingCalls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].calledAt == "2026-11-10 14:05:00");
    CHECK(calls[0].calleeContact == "Орлова Е. Е., 8 (86100) 2-22-22");
    CHECK(calls[0].municipality == "Заречный район");
    CHECK(calls[0].question == "Уточнение статуса заявления");
    CHECK(calls[0].organization == "УСЗН Заречного района");
    CHECK(calls[0].operatorName == "Петров А. А.");
    CHECK(calls[0].note == "перезвонить");
}

TEST_CASE("import: an outgoing call repeated in the file or imported again goes in once") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const std::string header =
        "№ п/п;Дата и время звонка;Контактные данные специалиста, принявшего звонок;"
        "Муниципальное образование;Краткое содержание вопроса;Организация и учреждения;"
        "ФИО специалиста, осуществившего звонок;Примечания\n";
    const std::string row = "1;10.11.2026 14:05;Орлова Е. Е.;Энск;Уточнение;УСЗН;Петров А. А.;\n";
    const auto file =
        dir.write("исходящие.csv", header + row + row +
                                       "2;10.11.2026 14:05;Орлова Е. Е.;Энск;Другой вопрос;УСЗН;"
                                       "Петров А. А.;\n"
                                       "3;11.11.2026 09:00;Орлова Е. Е.;Энск;Уточнение;УСЗН;"
                                       "Петров А. А.;\n");
    const auto first = importRegister(j, file, refs());
    CHECK(first.outgoing == 3);
    CHECK(first.duplicates == 1); // the second copy of row 1
    CHECK(first.incoming == 0);
    const auto again = importRegister(j, file, refs());
    CHECK(again.outgoing == 0);
    CHECK(again.duplicates == 4);
    CHECK(j.outgoingCalls().size() == 3);
    CHECK(j.incomingCalls().empty());
}

TEST_CASE("import: an xlsx with dates as Excel numbers and both registers") {
    TempDir dir;
    const auto file = dir.path() / "registers.xlsx";
    {
        xlsx::Workbook wb(file);
        lxw_format* date = wb.addFormat();
        format_set_num_format(date, "dd.mm.yyyy hh:mm");
        lxw_worksheet* ws = wb.addSheet("Входящие");
        worksheet_write_string(ws, 0, 0, "ЖУРНАЛ регистрации звонков", nullptr);
        const char* titles[] = {"№ п/п",
                                "Дата и время поступления звонка",
                                "Номер телефона позвонившего",
                                "Пол",
                                "Контактные данные позвонившего (ФИО, год рождения)",
                                "Муниципальное образование (район)",
                                "Краткое содержание вопроса",
                                "Организации и учреждения",
                                "ФИО специалиста, принявшего звонок",
                                "Примечание"};
        for (int c = 0; c < 10; ++c) {
            worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), titles[c], nullptr);
            worksheet_write_number(ws, 3, static_cast<lxw_col_t>(c), c + 1, nullptr);
        }
        // 2026-11-09 13:30 is serial 46335.5625.
        worksheet_write_number(ws, 4, 0, 1, nullptr);
        worksheet_write_number(ws, 4, 1, 46335.5625, date);
        worksheet_write_number(ws, 4, 2, 79001234567.0, nullptr);
        worksheet_write_string(ws, 4, 3, "Ж", nullptr);
        worksheet_write_string(ws, 4, 4, "Смирнова Т. И. 1948 г.р.", nullptr);
        worksheet_write_string(ws, 4, 5, "Энский район", nullptr);
        worksheet_write_string(ws, 4, 6, "Компенсация за газ", nullptr);
        worksheet_write_string(ws, 4, 8, "Петров А. А.", nullptr);
        worksheet_write_number(ws, 5, 0, 2, nullptr);
        worksheet_write_string(ws, 5, 1, "не дата", nullptr);
        lxw_worksheet* out = wb.addSheet("Исходящие");
        const char* outTitles[] = {"№ п/п",
                                   "Дата и время звонка",
                                   "Контактные данные специалиста, принявшего звонок",
                                   "Муниципальное образование",
                                   "Краткое содержание вопроса",
                                   "Организация и учреждения",
                                   "ФИО специалиста, осуществившего звонок",
                                   "Примечания"};
        for (int c = 0; c < 8; ++c) {
            worksheet_write_string(out, 0, static_cast<lxw_col_t>(c), outTitles[c], nullptr);
        }
        worksheet_write_number(out, 1, 0, 7, nullptr);
        worksheet_write_string(out, 1, 1, "2026-11-09 14:00", nullptr);
        worksheet_write_string(out, 1, 4, "Уточнить сроки", nullptr);
        worksheet_write_string(out, 1, 6, "Сидорова О. В.", nullptr);
        wb.close();
    }
    auto j = test::freshJournal(dir.path());
    const auto result = importRegister(j, file, refs());
    CHECK(result.incoming == 1);
    CHECK(result.outgoing == 1);
    CHECK(result.badRows == 1);
    REQUIRE_FALSE(result.diagnostics.empty());
    CHECK(result.diagnostics[0].format().find("registers.xlsx[Входящие]:6: error") !=
          std::string::npos);
    const auto in = j.incomingCalls();
    REQUIRE(in.size() == 1);
    CHECK(in[0].receivedAt == "2026-11-09 13:30:00");
    CHECK(in[0].phone == "79001234567");
    CHECK(in[0].gender == Gender::Female);
    CHECK(in[0].callerName == "Смирнова Т. И.");
    CHECK(in[0].callerBirthYear == "1948");
    CHECK(in[0].municipality == "Энский район");
    const auto out = j.outgoingCalls();
    REQUIRE(out.size() == 1);
    CHECK(out[0].number == 7);
    CHECK(out[0].question == "Уточнить сроки");
}

TEST_CASE("import: a file with no register, a broken xlsx, a missing file write nothing") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const auto noHeader = dir.write("list.csv", "a;b;c\n1;2;3\n");
    CHECK_THROWS_AS(importRegister(j, noHeader, refs()), Error);
    const auto broken = dir.write("broken.xlsx", "PK\x03\x04 not really a zip");
    CHECK_THROWS_AS(importRegister(j, broken, refs()), Error);
    CHECK_THROWS_AS(importRegister(j, dir.path() / "nope.csv", refs()), Error);
    const auto xls = dir.write("old.xls", "\xD0\xCF\x11\xE0");
    CHECK_THROWS_AS(importRegister(j, xls, refs()), Error);
    CHECK(j.incomingCalls().empty());
    CHECK(j.outgoingCalls().empty());
}

TEST_CASE("import: hostile cell text is stored as written") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    std::string csv = "Дата и время поступления звонка;Краткое содержание вопроса;Примечание\n";
    const std::vector<std::string> texts = {"'); DROP TABLE incoming_calls; --",
                                            std::string(50000, 'q'), "a\x01z", "%s%n{}"};
    int minute = 0;
    for (const auto& t : texts) {
        csv += fmt::format("01.11.2026 10:{:02};\"{}\";x\n", minute++, t);
    }
    const auto file = dir.write("hostile.csv", csv);
    const auto result = importRegister(j, file, refs());
    CHECK(result.incoming == static_cast<int>(texts.size()));
    const auto calls = j.incomingCalls();
    REQUIRE(calls.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CHECK(calls[i].question == texts[i]);
    }
}

// --- CSV that does not read as written: never a silent loss ------------------------------

namespace {

const char* const kIncomingHeader =
    "№ п/п;Дата и время поступления звонка;Номер телефона позвонившего;Пол;Контактные данные "
    "позвонившего (ФИО, год рождения);Муниципальное образование;Краткое содержание вопроса;"
    "Организации и учреждения;ФИО специалиста, принявшего звонок;Примечание";

// Приложение 1 as Excel saves it: the header on line 1, the numbering of the columns on line
// 2, then `rows`, each line ended by `eol`.
std::string incomingCsv(const std::vector<std::string>& rows, const std::string& eol = "\r\n") {
    std::string out = std::string(kIncomingHeader) + eol + "1;2;3;4;5;6;7;8;9;10" + eol;
    for (const auto& row : rows) {
        out += row + eol;
    }
    return out;
}

// A well-formed row of call `n` on 2 November 2026.
std::string goodRow(int n) {
    return fmt::format("{0};02.11.2026 {1:02}:{2:02};+7 900 000-{0:04};ж;Абонент {0};Энск;Вопрос "
                       "{0};УСЗН г. Энска;Сидорова О. В.;",
                       n, 8 + n / 60, n % 60);
}

// Rows 1–3, then call 4 whose phone opens a quote it never closes (on line 6 of the file),
// then calls 5–51: the 47 rows the quote swallows.
std::vector<std::string> rowsWithOpenQuote() {
    std::vector<std::string> rows = {goodRow(1), goodRow(2), goodRow(3)};
    rows.push_back("4;02.11.2026 12:00;\"+7 900 000-0004;м;Абонент 4;Энск;Вопрос 4;;Сидорова "
                   "О. В.;");
    for (int n = 5; n <= 51; ++n) {
        rows.push_back(goodRow(n));
    }
    return rows;
}

std::string shellQuote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// `sufler journal import FILE` through the program, stderr after stdout.
test::CommandResult runImport(const TempDir& dir, const std::filesystem::path& file) {
    dir.write("kb/sufler.yaml", "organization: Министерство\n"
                                "municipalities: [Энск, Энский район, Заречный район]\n"
                                "operators: [Сидорова О. В., Петров А. А.]\n");
    return test::runCommand(fmt::format("{} journal import {} --kb {} --journal {}",
                                        shellQuote(test::binary("sufler").string()),
                                        shellQuote(file.string()),
                                        shellQuote((dir.path() / "kb").string()),
                                        shellQuote((dir.path() / "journal.sqlite").string())),
                            true);
}

bool contains(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("import: LF, CRLF and CR-only line ends, with or without a BOM, give the same rows and "
          "lines") {
    for (const std::string eol : {"\n", "\r\n", "\r"}) {
        for (const std::string bom : {"", "\xEF\xBB\xBF"}) {
            INFO("line end " << escapeForLine(eol) << (bom.empty() ? ", no BOM" : ", BOM"));
            TempDir dir;
            auto j = test::freshJournal(dir.path());
            const auto file = dir.write(
                "журнал.csv",
                bom + incomingCsv({goodRow(1),
                                   "2;02.11.2026 10:40;;м;;Энск;\"Вопрос в две строки:" + eol +
                                       "пособие; и \"\"кавычки\"\"\";ЦЗН;Петров А. А.;",
                                   "3;вчера;;м;;Энск;Плохая дата;;Сидорова О. В.;", goodRow(4)},
                                  eol));
            const auto result = importRegister(j, file, refs());
            CHECK(result.incoming == 3);
            CHECK(result.badRows == 1);
            REQUIRE(result.diagnostics.size() == 1);
            // The quoted question takes lines 4–5, so «вчера» is on line 6.
            CHECK(result.diagnostics[0].format() ==
                  file.string() +
                      ":6: error: «вчера» — не дата и время звонка (ожидается ДД.ММ.ГГГГ ЧЧ:ММ)");
            auto calls = j.incomingCalls();
            REQUIRE(calls.size() == 3);
            std::sort(calls.begin(), calls.end(), [](const IncomingCall& a, const IncomingCall& b) {
                return a.number < b.number;
            });
            CHECK(calls[0].number == 1);
            CHECK(calls[0].phone == "+7 900 000-0001");
            CHECK(calls[1].number == 2);
            CHECK(calls[1].question == "Вопрос в две строки:" + eol + "пособие; и \"кавычки\"");
            CHECK(calls[1].operatorName == "Петров А. А.");
            CHECK(calls[2].number == 4);
            CHECK(calls[2].receivedAt == "2026-11-02 08:04:00");
            CHECK(calls[2].note.empty());
        }
    }
}

TEST_CASE("import: a quote never closed is refused with the line it opened on, nothing imported") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const auto file = dir.write("журнал.csv", "\xEF\xBB\xBF" + incomingCsv(rowsWithOpenQuote()));
    try {
        (void)importRegister(j, file, refs());
        FAIL("the file was imported");
    } catch (const Error& e) {
        const std::string message = e.what();
        INFO(message);
        CHECK(contains(message, file.string() + ":6: кавычка в начале ячейки 3 не закрыта до "
                                                "конца файла"));
        CHECK(contains(message, "Ничего не импортировано"));
    }
    CHECK(j.incomingCalls().empty());
}

TEST_CASE("import: a quote left open that a later quote closes is refused, not 47 rows in one "
          "phone") {
    SECTION("the later quote opens a quoted cell: text follows the closing quote") {
        auto rows = rowsWithOpenQuote();
        rows.push_back("52;02.11.2026 12:52;;ж;;Энск;\"Вопрос про \"\"Ромашку\"\"\";;Сидорова О. "
                       "В.;");
        TempDir dir;
        auto j = test::freshJournal(dir.path());
        const auto file = dir.write("журнал.csv", incomingCsv(rows));
        try {
            (void)importRegister(j, file, refs());
            FAIL("the file was imported");
        } catch (const Error& e) {
            const std::string message = e.what();
            INFO(message);
            CHECK(contains(message, file.string() +
                                        ":6: кавычка в начале ячейки 3 открыта в этой строке и "
                                        "закрывается только в строке 54"));
            CHECK(contains(message, "строки 7–54"));
        }
        CHECK(j.incomingCalls().empty());
    }
    SECTION("the later quote ends a cell: the quoted cell holds whole rows") {
        auto rows = rowsWithOpenQuote();
        rows.push_back("52;02.11.2026 12:52;;ж;;Энск;Вопрос;ТСЖ Ромашка\";Сидорова О. В.;");
        TempDir dir;
        auto j = test::freshJournal(dir.path());
        const auto file = dir.write("журнал.csv", incomingCsv(rows));
        try {
            (void)importRegister(j, file, refs());
            FAIL("the file was imported");
        } catch (const Error& e) {
            const std::string message = e.what();
            INFO(message);
            CHECK(contains(message, file.string() +
                                        ":6: кавычка в начале ячейки 3 открыта в этой строке и "
                                        "закрывается только в строке 54; в ячейку попали строки "
                                        "с 9 разделителями «;»"));
        }
        CHECK(j.incomingCalls().empty());
    }
}

TEST_CASE("import: a row malformed on its own line is reported and skipped, the rows after it "
          "read") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const auto file = dir.write(
        "журнал.csv",
        incomingCsv({goodRow(1),
                     // Text after the closing quote: RFC 4180 has no such cell.
                     "2;02.11.2026 10:00;;м;;Энск;\"Вопрос\" про ЕДВ;;Сидорова О. В.;",
                     // A `;` typed in unquoted text moves every cell after it one column right.
                     "3;02.11.2026 11:00;;м;;Энск;Вопрос; про ЕДВ;УСЗН;Сидорова О. В.;заметка",
                     goodRow(4), "", "Начальник отдела;;;;;;;;;", "Иванов И. И.;;;;;;;;;"}));
    const auto result = importRegister(j, file, refs());
    std::vector<std::string> lines;
    for (const auto& d : result.diagnostics) {
        lines.push_back(d.format());
    }
    INFO(fmt::format("{}", fmt::join(lines, "\n")));
    CHECK(result.incoming == 2);
    CHECK(result.badRows == 2);
    CHECK(result.notCalls == 2); // the signature and the name under it
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == file.string() +
                          ":4: error: после закрывающей кавычки ячейки 7 идёт « про ЕДВ» — ячейка "
                          "в кавычках должна кончаться кавычкой; строка пропущена");
    CHECK(lines[1] == file.string() +
                          ":5: error: в ячейке 11 «заметка» — правее последней графы строки "
                          "заголовков: похоже, разделитель в тексте без кавычек сдвинул графы; "
                          "строка пропущена");
    CHECK(contains(lines[2], ":8: warning: «Начальник отдела»: здесь журнал кончается"));
    const auto calls = j.incomingCalls();
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].number == 1);
    CHECK(calls[1].number == 4);
}

TEST_CASE("import: `sufler journal import` exits non-zero and says what it refused") {
    TempDir dir;
    // A good file first, so that the journal holds calls a refused import must leave alone.
    const auto good = dir.write("хороший.csv", incomingCsv({goodRow(1), goodRow(2)}));
    auto r = runImport(dir, good);
    INFO(r.output);
    REQUIRE(r.exitCode == 0);
    CHECK(contains(r.output, "Импортировано: входящих 2, исходящих 0; строк с ошибками "
                             "пропущено 0, уже было в журнале 0, строк без записи звонка "
                             "(подписи, пометки, всё после конца журнала) 0"));

    const auto open = dir.write("кавычка.csv", incomingCsv(rowsWithOpenQuote()));
    r = runImport(dir, open);
    INFO(r.output);
    CHECK(r.exitCode == 2);
    CHECK(contains(r.output, open.string() + ":6: кавычка в начале ячейки 3 не закрыта"));
    CHECK(contains(r.output, "Ничего не импортировано"));
    CHECK_FALSE(contains(r.output, "Импортировано:"));
    CHECK(Journal::open(dir.path() / "journal.sqlite").incomingCalls().size() == 2);

    const auto damaged = dir.write(
        "строка.csv",
        incomingCsv({goodRow(3), "4;02.11.2026 10:00;;м;;Энск;\"Вопрос\"x;;Сидорова О. В.;", "",
                     "Начальник отдела;;;;;;;;;"}));
    r = runImport(dir, damaged);
    INFO(r.output);
    CHECK(r.exitCode == 1);
    CHECK(contains(r.output, damaged.string() + ":4: error: после закрывающей кавычки"));
    CHECK(contains(r.output, "Импортировано: входящих 1, исходящих 0; строк с ошибками "
                             "пропущено 1, уже было в журнале 0, строк без записи звонка "
                             "(подписи, пометки, всё после конца журнала) 1"));
    CHECK(Journal::open(dir.path() / "journal.sqlite").incomingCalls().size() == 3);
}

TEST_CASE("import: the apostrophe the CSV writer puts before formula-like text comes off again") {
    for (const std::string text : {"=HYPERLINK(\"http://x\",\"x\")", "+1-1", "-7-7", "@SUM(A1:A2)",
                                   "\tтабуляция", "\rвозврат", "'=1+1", "''-5", "'обычный апостроф",
                                   "'", "", "обычный текст", "+7 900 123-45-67"}) {
        INFO(escapeForLine(text));
        const std::string guarded = core::csvGuard(text);
        CHECK_FALSE(core::startsLikeFormula(guarded));
        CHECK(core::csvUnguard(guarded) == text);
    }
    CHECK(core::csvGuard("+1-1") == "'+1-1");
    CHECK(core::csvGuard("обычный текст") == "обычный текст");
    CHECK(core::csvGuard("'обычный апостроф") == "'обычный апостроф");
}
