// Importing existing registers: CSV as Russian Excel writes it (UTF-8, Windows-1251), xlsx.
#include "support.h"
#include "temp_dir.h"

#include "sufler/journal/import.h"
#include "sufler/kb/error.h"
#include "sufler/kb/xlsx.h"

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
