// End to end through the real `sufler` program: imports of registers (CSV in UTF-8 and
// Windows-1251, xlsx), a bad file, the callback queue, the monthly report in every format
// checked against counts the test keeps itself, retention, and personal data in reports.
#include "support.h"
#include "temp_dir.h"

#include "text_util.h"

#include "sufler/core/csv.h"
#include "sufler/core/xlsx.h"
#include "sufler/journal/import.h"
#include "sufler/journal/report.h"

#include <catch2/catch.hpp>
#include <expat.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unzip.h>

#include <algorithm>
#include <map>
#include <random>
#include <regex>
#include <set>

using namespace sufler;
using sufler::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string shq(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

struct Run {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// One hotline: a KB folder with sufler.yaml, and a journal file, both in a temp folder; or,
// with `engine` "postgres", the journal in a fresh database on the test server.
class Hotline {
public:
    explicit Hotline(const TempDir& dir, const std::string& calendar = {},
                     const std::string& engine = "sqlite")
        : m_dir(dir), m_journal(dir.path() / "журнал" / "journal.sqlite"), m_kb(dir.path() / "kb"),
          m_where(engine == "sqlite" ? m_journal.string() : test::freshJournalWhere(engine, {})) {
        dir.write("kb/sufler.yaml",
                  "organization: Министерство труда и социальной защиты населения Энской "
                  "области\n"
                  "municipalities: [Энск, Энский район, Заречный район]\n"
                  "operators: [Сидорова О. В., Петров А. А., Кузьмина Л. Л.]\n" +
                      calendar);
    }

    [[nodiscard]] const fs::path& journal() const { return m_journal; }
    [[nodiscard]] const std::string& where() const { return m_where; } // `--journal`
    [[nodiscard]] const fs::path& kb() const { return m_kb; }

    // `sufler ARGS --journal J --kb K`; ARGS are already quoted for the shell.
    Run run(const std::string& args) const {
        const auto errFile = m_dir.path() / "stderr.txt";
        const auto res = test::runCommand(
            fmt::format("{} {} --journal {} --kb {} 2>{}", shq(test::binary("sufler").string()),
                        args, shq(m_where), shq(m_kb.string()), shq(errFile.string())));
        return Run{res.exitCode, res.output, test::readFile(errFile)};
    }

    // Runs and requires success; returns stdout.
    std::string ok(const std::string& args) const {
        const auto r = run(args);
        INFO(args << "\nstdout: " << r.out << "\nstderr: " << r.err);
        REQUIRE(r.exitCode == 0);
        return r.out;
    }

    // `journal add` of an incoming call; returns its record id.
    std::int64_t addIncoming(const std::vector<std::string>& fields) const {
        std::string args = "journal add";
        for (const auto& f : fields) {
            args += " " + shq(f);
        }
        const auto out = ok(args);
        std::smatch m;
        REQUIRE(std::regex_search(out, m, std::regex("запись (\\d+)")));
        return std::stoll(m[1]);
    }

    [[nodiscard]] nlohmann::json list(const std::string& extra = {}) const {
        return nlohmann::json::parse(ok("journal list --json " + extra));
    }

private:
    const TempDir& m_dir;
    fs::path m_journal;
    fs::path m_kb;
    std::string m_where;
};

// Every XML part of an xlsx, parsed: what a spreadsheet program reads first. Returns the
// parts' names, or throws on the first one that is not well-formed XML.
std::vector<std::string> xmlParts(const fs::path& file) {
    std::vector<std::string> names;
    unzFile zip = unzOpen64(file.c_str());
    REQUIRE(zip);
    for (int rc = unzGoToFirstFile(zip); rc == UNZ_OK; rc = unzGoToNextFile(zip)) {
        char name[512];
        unz_file_info64 info{};
        REQUIRE(unzGetCurrentFileInfo64(zip, &info, name, sizeof name, nullptr, 0, nullptr, 0) ==
                UNZ_OK);
        const std::string part = name;
        if (part.size() < 4 ||
            (part.substr(part.size() - 4) != ".xml" && part.substr(part.size() - 5) != ".rels")) {
            continue;
        }
        REQUIRE(unzOpenCurrentFile(zip) == UNZ_OK);
        std::string content(static_cast<std::size_t>(info.uncompressed_size), '\0');
        const int read =
            unzReadCurrentFile(zip, content.data(), static_cast<unsigned>(content.size()));
        unzCloseCurrentFile(zip);
        REQUIRE(read == static_cast<int>(content.size()));
        XML_Parser parser = XML_ParserCreate("UTF-8");
        const bool ok =
            XML_Parse(parser, content.data(), static_cast<int>(content.size()), 1) == XML_STATUS_OK;
        const std::string error = ok ? "" : XML_ErrorString(XML_GetErrorCode(parser));
        XML_ParserFree(parser);
        INFO(part << ": " << error);
        CHECK(ok);
        names.push_back(part);
    }
    unzClose(zip);
    return names;
}

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

// The header of Приложение 1 as hotlines write it; the municipality title varies by region.
std::string incomingHeader(const std::string& municipalityTitle) {
    return "№ п/п;Дата и время поступления звонка;Номер телефона позвонившего;Пол;Контактные "
           "данные позвонившего (ФИО, год рождения);" +
           municipalityTitle +
           ";Краткое содержание вопроса;Организации и учреждения;ФИО специалиста, принявшего "
           "звонок;Примечание\r\n1;2;3;4;5;6;7;8;9;10\r\n";
}

const nlohmann::json* findBy(const nlohmann::json& list, const char* key,
                             const std::string& value) {
    for (const auto& item : list) {
        if (item.value(key, std::string()) == value) {
            return &item;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("cli: UTF-8 and Windows-1251 CSV registers import with every field") {
    TempDir dir;
    const Hotline h(dir);
    // UTF-8 without BOM, a municipality column titled in a region's own words.
    const auto utf8 = dir.write(
        "журнал-ноябрь.csv",
        "ЖУРНАЛ регистрации звонков, поступивших на телефон «горячей линии»;;;;;;;;;\r\n" +
            incomingHeader("Муниципальное образование (городской округ, район)") +
            "1;02.11.2026 09:05;+7 (861) 200-00-01;ж;Смирнова Ольга Ивановна, 1961;Энск;Как "
            "оформить ЕДВ ветерану труда?;УСЗН г. Энска;Сидорова О. В.;\r\n"
            "2;02.11.2026 9:40;8 900 000 00 02;м;Кузнецов И. И., 1948;Старый район;\"Пособие; "
            "справка \"\"о составе семьи\"\"\";\"УСЗН Энского района; ЦЗН\";Иванова Н. Н.;"
            "перезвонить\r\n"
            // The first call written twice (a copy-paste in the old register) is one call.
            "1;02.11.2026 09:05;+7 (861) 200-00-01;ж;Смирнова Ольга Ивановна, 1961;Энск;Как "
            "оформить ЕДВ ветерану труда?;УСЗН г. Энска;Сидорова О. В.;\r\n");
    auto r = h.run("journal import " + shq(utf8.string()));
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(has(r.out, "Импортировано: входящих 2, исходящих 0"));
    CHECK(has(r.out, "уже было в журнале 1"));
    // Values outside the lists of sufler.yaml: kept, with a warning naming file and line.
    CHECK(has(r.out, utf8.string() + ":5: warning: Муниципального образования «Старый район»"));
    CHECK(has(r.out, utf8.string() + ":5: warning: Специалиста «Иванова Н. Н.»"));

    // Windows-1251 with the title of the Krasnodar order: «Муниципальное образование, округи …».
    const auto cp = dir.write(
        "журнал-1251.csv",
        test::toCp1251(
            incomingHeader("Муниципальное образование, округи Краснодара, районы Сочи") +
            "3;03.11.2026 11:15;89180000003;ж;Орлова Е. Е., 1975;Заречный район;Компенсация "
            "расходов на ЖКУ;УСЗН Заречного района;Петров А. А.;жалоба на сроки\r\n"));
    r = h.run("journal import " + shq(cp.string()));
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(has(r.out, "Импортировано: входящих 1"));
    CHECK_FALSE(has(r.out, "warning"));

    const auto calls = h.list();
    REQUIRE(calls.size() == 3);
    const auto* a = findBy(calls, "phone", "+7 (861) 200-00-01");
    const auto* b = findBy(calls, "phone", "8 900 000 00 02");
    const auto* c = findBy(calls, "phone", "89180000003");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK((*a)["number"] == 1);
    CHECK((*a)["received_at"] == "2026-11-02 09:05:00");
    CHECK((*a)["gender"] == "ж");
    CHECK((*a)["caller_name"] == "Смирнова Ольга Ивановна");
    CHECK((*a)["caller_birth_year"] == "1961");
    CHECK((*a)["municipality"] == "Энск");
    CHECK((*a)["question"] == "Как оформить ЕДВ ветерану труда?");
    CHECK((*a)["organizations"] == "УСЗН г. Энска");
    CHECK((*a)["operator"] == "Сидорова О. В.");
    CHECK((*a)["note"] == "");
    CHECK((*a)["source"] == "import: журнал-ноябрь.csv");
    CHECK((*b)["received_at"] == "2026-11-02 09:40:00");
    CHECK((*b)["gender"] == "м");
    CHECK((*b)["municipality"] == "Старый район");
    CHECK((*b)["question"] == "Пособие; справка \"о составе семьи\"");
    CHECK((*b)["organizations"] == "УСЗН Энского района; ЦЗН");
    CHECK((*b)["operator"] == "Иванова Н. Н.");
    CHECK((*b)["note"] == "перезвонить");
    CHECK((*c)["number"] == 3);
    CHECK((*c)["received_at"] == "2026-11-03 11:15:00");
    CHECK((*c)["caller_name"] == "Орлова Е. Е.");
    CHECK((*c)["caller_birth_year"] == "1975");
    CHECK((*c)["municipality"] == "Заречный район");
    CHECK((*c)["question"] == "Компенсация расходов на ЖКУ");
    CHECK((*c)["organizations"] == "УСЗН Заречного района");
    CHECK((*c)["note"] == "жалоба на сроки");

    // The same file again adds nothing.
    r = h.run("journal import " + shq(cp.string()));
    CHECK(r.exitCode == 0);
    CHECK(has(r.out, "уже было в журнале 1"));
    CHECK(h.list().size() == 3);

    // The journal holds personal data: its owner alone may read it.
    CHECK((fs::status(h.journal()).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("cli: an xlsx with both registers imports, dates as Excel numbers or text") {
    TempDir dir;
    const Hotline h(dir);
    const auto file = dir.path() / "журналы 2026.xlsx";
    {
        xlsx::Workbook wb(file);
        lxw_format* date = wb.addFormat();
        format_set_num_format(date, "dd.mm.yyyy hh:mm");
        lxw_worksheet* in = wb.addSheet("Входящие");
        worksheet_write_string(in, 0, 0, "Приложение 1", nullptr);
        worksheet_write_string(in, 1, 0,
                               "ЖУРНАЛ регистрации звонков, поступивших на телефон «горячей линии»",
                               nullptr);
        const auto& titles = journal::incomingRegisterTitles();
        for (std::size_t col = 0; col < titles.size(); ++col) {
            const auto c = static_cast<lxw_col_t>(col);
            worksheet_write_string(in, 3, c, titles[col].c_str(), nullptr);
            worksheet_write_number(in, 4, c, static_cast<double>(col + 1), nullptr);
        }
        worksheet_write_number(in, 5, 0, 1, nullptr);
        lxw_datetime when{2026, 11, 9, 13, 30, 0};
        worksheet_write_datetime(in, 5, 1, &when, date);
        worksheet_write_string(in, 5, 2, "+7 900 111-22-33", nullptr);
        worksheet_write_string(in, 5, 3, "Ж", nullptr);
        worksheet_write_string(in, 5, 4, "Смирнова Т. И., 1948", nullptr);
        worksheet_write_string(in, 5, 5, "Энский район", nullptr);
        worksheet_write_string(in, 5, 6, "Компенсация за газ", nullptr);
        worksheet_write_string(in, 5, 7, "УСЗН Энского района", nullptr);
        worksheet_write_string(in, 5, 8, "Петров А. А.", nullptr);
        worksheet_write_number(in, 6, 0, 2, nullptr);
        worksheet_write_string(in, 6, 1, "10.11.2026 08:05", nullptr);
        worksheet_write_string(in, 6, 5, "Энск", nullptr);
        worksheet_write_string(in, 6, 6, "Санаторно-курортное лечение", nullptr);
        worksheet_write_string(in, 6, 8, "Сидорова О. В.", nullptr);
        lxw_worksheet* out = wb.addSheet("Исходящие");
        const auto& outTitles = journal::outgoingRegisterTitles();
        for (std::size_t col = 0; col < outTitles.size(); ++col) {
            worksheet_write_string(out, 0, static_cast<lxw_col_t>(col), outTitles[col].c_str(),
                                   nullptr);
        }
        worksheet_write_number(out, 1, 0, 1, nullptr);
        lxw_datetime outWhen{2026, 11, 9, 14, 0, 0};
        worksheet_write_datetime(out, 1, 1, &outWhen, date);
        worksheet_write_string(out, 1, 2, "Орлова Е. Е., 8 (86100) 2-22-22", nullptr);
        worksheet_write_string(out, 1, 3, "Энский район", nullptr);
        worksheet_write_string(out, 1, 4, "Уточнить сроки компенсации", nullptr);
        worksheet_write_string(out, 1, 5, "УСЗН Энского района", nullptr);
        worksheet_write_string(out, 1, 6, "Петров А. А.", nullptr);
        worksheet_write_string(out, 1, 7, "ответ к 12.11", nullptr);
        wb.close();
    }
    const auto r = h.run("journal import " + shq(file.string()));
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(has(r.out, "Импортировано: входящих 2, исходящих 1; строк с ошибками пропущено 0"));

    const auto calls = h.list();
    REQUIRE(calls.size() == 2);
    CHECK(calls[0]["received_at"] == "2026-11-09 13:30:00");
    CHECK(calls[0]["phone"] == "+7 900 111-22-33");
    CHECK(calls[0]["gender"] == "ж");
    CHECK(calls[0]["caller_name"] == "Смирнова Т. И.");
    CHECK(calls[0]["caller_birth_year"] == "1948");
    CHECK(calls[0]["question"] == "Компенсация за газ");
    CHECK(calls[1]["received_at"] == "2026-11-10 08:05:00");
    CHECK(calls[1]["municipality"] == "Энск");
    const auto outgoing = h.list("--outgoing");
    REQUIRE(outgoing.size() == 1);
    CHECK(outgoing[0]["called_at"] == "2026-11-09 14:00:00");
    CHECK(outgoing[0]["contact"] == "Орлова Е. Е., 8 (86100) 2-22-22");
    CHECK(outgoing[0]["municipality"] == "Энский район");
    CHECK(outgoing[0]["question"] == "Уточнить сроки компенсации");
    CHECK(outgoing[0]["organization"] == "УСЗН Энского района");
    CHECK(outgoing[0]["operator"] == "Петров А. А.");
    CHECK(outgoing[0]["note"] == "ответ к 12.11");
}

TEST_CASE("cli: a bad file is reported by line, good rows go in whole, nothing half-written") {
    TempDir dir;
    const Hotline h(dir);
    const auto bad = dir.write(
        "с ошибками.csv",
        "\xEF\xBB\xBF" + incomingHeader("Муниципальное образование") +
            "1;04.11.2026 10:00;+7 900 000-00-01;м;Первый П. П., 1950;Энск;Первый вопрос;УСЗН г. "
            "Энска;Сидорова О. В.;первая\r\n"
            "2;31.02.2026 10:00;+7 900 000-00-02;м;Второй В. В.;Энск;Несуществующая дата;;Сидорова "
            "О. В.;\r\n"
            "три;05.11.2026 10:00;+7 900 000-00-03;ж;Третья Т. Т.;Энск;Номер словами;;Сидорова О. "
            "В.;\r\n"
            "4;06.11.2026 12:30;+7 900 000-00-04;ж;Четвёртая Ч. Ч., 1990;Энский район;\"Вопрос "
            "'); DROP TABLE incoming_calls; --\";ЦЗН;Петров А. А.;последняя\r\n");
    auto r = h.run("journal import " + shq(bad.string()));
    INFO(r.out << r.err);
    CHECK(r.exitCode != 0);
    CHECK(has(r.out, bad.string() + ":4: error: «31.02.2026 10:00»"));
    CHECK(has(r.out, bad.string() + ":5: error: «три»"));
    CHECK(has(r.out, "входящих 2, исходящих 0; строк с ошибками пропущено 2"));

    auto calls = h.list();
    REQUIRE(calls.size() == 2);
    // The good rows are there whole, every field as written.
    CHECK(calls[0]["number"] == 1);
    CHECK(calls[0]["phone"] == "+7 900 000-00-01");
    CHECK(calls[0]["caller_name"] == "Первый П. П.");
    CHECK(calls[0]["note"] == "первая");
    CHECK(calls[1]["number"] == 4);
    CHECK(calls[1]["received_at"] == "2026-11-06 12:30:00");
    CHECK(calls[1]["question"] == "Вопрос '); DROP TABLE incoming_calls; --");
    CHECK(calls[1]["organizations"] == "ЦЗН");
    CHECK(calls[1]["note"] == "последняя");
    for (const auto& c : calls) {
        CHECK_FALSE(has(c.dump(), "000-00-02"));
        CHECK_FALSE(has(c.dump(), "000-00-03"));
    }

    // Files that cannot be read at all: a one-line reason, and the journal as it was.
    fs::path good;
    {
        // A real xlsx cut in half, as a broken download leaves it.
        const auto whole = dir.path() / "whole.xlsx";
        xlsx::Workbook wb(whole);
        lxw_worksheet* ws = wb.addSheet("Лист1");
        const auto& titles = journal::incomingRegisterTitles();
        for (std::size_t col = 0; col < titles.size(); ++col) {
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(col), titles[col].c_str(),
                                   nullptr);
        }
        worksheet_write_string(ws, 1, 1, "07.11.2026 10:00", nullptr);
        worksheet_write_string(ws, 1, 6, "Из обрезанного файла", nullptr);
        wb.close();
        const auto bytes = test::readFile(whole);
        good = whole;
        dir.write("обрезанный.xlsx", bytes.substr(0, bytes.size() / 2));
    }
    for (const std::string name :
         {"обрезанный.xlsx", "без заголовков.csv", "старый.xls", "нет такого.csv"}) {
        INFO(name);
        if (name == "без заголовков.csv") {
            dir.write(name, "a;b;c\r\n04.11.2026 10:00;2;3\r\n");
        } else if (name == "старый.xls") {
            dir.write(name, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        }
        r = h.run("journal import " + shq((dir.path() / name).string()));
        CHECK(r.exitCode != 0);
        CHECK(has(r.err, name));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK(h.list().size() == 2);
    }
    // The whole file imports.
    r = h.run("journal import " + shq(good.string()));
    CHECK(r.exitCode == 0);
    CHECK(h.list().size() == 3);
}

TEST_CASE("cli: callbacks due today and overdue, due dates by the production calendar") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    // A regional day off of sufler.yaml on Monday 2026-11-09.
    const Hotline h(dir, "calendar:\n  holidays: [2026-11-09]\n", engine);
    // Tuesday 3 November: the 4th is a public holiday → due Thursday the 5th.
    const auto a = h.addIncoming({"time=2026-11-03 10:00", "phone=+7 900 000-00-0A",
                                  "question=Вопрос А", "department=pensions"});
    // Friday 6 November: the 9th is a day off by sufler.yaml → due Tuesday the 10th.
    const auto b = h.addIncoming({"time=2026-11-06 16:30", "phone=+7 900 000-00-0B",
                                  "question=Вопрос Б", "department=family-payments"});
    // Answered in time: not in the queue.
    const auto c =
        h.addIncoming({"time=2026-11-06 09:00", "phone=+7 900 000-00-0C", "question=Вопрос В"});
    // Extended by three working days past its due date, the caller told.
    const auto d =
        h.addIncoming({"time=2026-11-05 12:00", "phone=+7 900 000-00-0D", "question=Вопрос Г"});
    h.ok(fmt::format("journal defer {} --hours 'после 14:00'", a));
    h.ok(fmt::format("journal defer {} --phone '+7 900 555-55-55' --hours 'утром'", b));
    h.ok(fmt::format("journal defer {}", c));
    h.ok(fmt::format("journal defer {}", d));
    h.ok(fmt::format("journal answer {} --result 'Разъяснили порядок' --at '2026-11-10 11:00'", c));
    const auto extended =
        h.ok(fmt::format("journal extend {} --days 3 --reason 'запрос в УСЗН' --informed", d));
    CHECK(has(extended, "продлён до 12.11.2026"));

    const auto show = [&](std::int64_t id) {
        return nlohmann::json::parse(h.ok(fmt::format("journal show {} --json", id)))["deferred"];
    };
    CHECK(show(a)["due"] == "2026-11-05");
    CHECK(show(b)["due"] == "2026-11-10");
    CHECK(show(b)["phone"] == "+7 900 555-55-55");
    CHECK(show(c)["on_time"] == true);
    CHECK(show(d)["due"] == "2026-11-06");
    CHECK(show(d)["extended_to"] == "2026-11-12");
    CHECK(show(d)["extension_reason"] == "запрос в УСЗН");
    CHECK(show(d)["caller_informed"] == true);

    const auto queue = nlohmann::json::parse(h.ok("journal callbacks --today 2026-11-10 --json"));
    REQUIRE(queue.size() == 2);
    CHECK(queue[0]["call"] == a); // oldest deadline first
    CHECK(queue[0]["overdue"] == true);
    CHECK(queue[0]["hours"] == "после 14:00");
    CHECK(queue[0]["question"] == "Вопрос А");
    CHECK(queue[1]["call"] == b);
    CHECK(queue[1]["overdue"] == false);
    CHECK(queue[1]["department"] == "family-payments");
    const auto text = h.ok("journal callbacks --today 2026-11-10");
    CHECK(has(text, "ПРОСРОЧЕН запись " + std::to_string(a)));
    CHECK(has(text, "сегодня   запись " + std::to_string(b)));
    CHECK_FALSE(has(text, "Вопрос В"));
    CHECK_FALSE(has(text, "Вопрос Г"));
    // On the 12th the extended one is due; on the 4th nothing was due yet.
    CHECK(nlohmann::json::parse(h.ok("journal callbacks --today 2026-11-12 --json")).size() == 3);
    CHECK(has(h.ok("journal callbacks --today 2026-11-04"), "Перезванивать сегодня некому"));

    // At most ten working days, and a reason.
    auto r = h.run(fmt::format("journal extend {} --days 11 --reason 'долго'", b));
    CHECK(r.exitCode != 0);
    CHECK(has(r.err, "1–10 рабочих дней"));
    r = h.run(fmt::format("journal extend {} --days 2 --reason ' '", b));
    CHECK(r.exitCode != 0);
    CHECK(has(r.err, "причина"));
    CHECK(show(b)["extended_to"] == "");
}

namespace {

const std::vector<std::string> kMunicipalities = {"Энск", "Энский район", "Заречный район",
                                                  "Старый район", ""};
const std::vector<std::string> kDepartments = {"family-payments", "pensions", ""};

// What the test counted itself while making October 2026.
struct Month : test::MonthFigures {
    std::vector<std::string> personal; // phones and names that reports must not carry
};

// `imported` calls come from a CSV register (the history), `taken` through `journal add`
// with what the console records (topic, survey, transfers), some with deferred answers.
Month makeMonth(const TempDir& dir, const Hotline& h, int imported, int taken) {
    Month m;
    std::mt19937 rng(7102026);
    const auto roll = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const auto pick = [&](const std::vector<std::string>& v) {
        return v[static_cast<std::size_t>(roll(static_cast<int>(v.size())))];
    };
    const auto count = [&](const std::string& municipality, const std::string& oper,
                           const std::string& orgs, const std::string& topic) {
        ++m.incoming;
        m.municipality[test::reportKey(municipality)]++;
        m.oper[test::reportKey(oper)]++;
        m.topic[test::reportKey(topic)]++;
        test::countOrganizations(m.organization, orgs);
    };

    std::string csv = "\xEF\xBB\xBF" + incomingHeader("Муниципальное образование");
    for (int i = 0; i < imported; ++i) {
        const auto municipality = pick(kMunicipalities);
        const auto oper = pick(test::monthOperators());
        const auto orgs = pick(test::monthOrganizations());
        const auto phone = fmt::format("+7 900 700-{:04}", i);
        const auto name = fmt::format("Абонентова{} Анна", i);
        csv +=
            fmt::format("{};{:02}.10.2026 {:02}:{:02};{};{};{}, 1950;{};Вопрос {};\"{}\";{};\r\n",
                        i + 1, 1 + roll(31), 9 + roll(9), roll(60), phone, roll(2) ? "м" : "ж",
                        name, municipality, i, orgs, oper);
        count(municipality, oper, orgs, "");
        m.personal.push_back(phone);
        m.personal.push_back(name);
    }
    const auto file = dir.write("история.csv", csv);
    const auto r = h.run("journal import " + shq(file.string()));
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    REQUIRE(has(r.out, fmt::format("входящих {}", imported)));

    for (int i = 0; i < taken; ++i) {
        const auto municipality = pick(kMunicipalities);
        const auto oper = pick(test::monthOperators());
        const auto orgs = pick(test::monthOrganizations());
        const auto topic = pick(kDepartments);
        const auto phone = fmt::format("+7 900 800-{:04}", i);
        const auto name = fmt::format("Звонящий{} Иван", i);
        std::vector<std::string> fields = {
            fmt::format("time=2026-10-{:02} {:02}:{:02}", 1 + roll(31), 9 + roll(9), roll(60)),
            "phone=" + phone,
            "name=" + name,
            "birth_year=1960",
            "municipality=" + municipality,
            "operator=" + oper,
            "organizations=" + orgs,
            "department=" + topic,
            fmt::format("question=Вопрос на линии {}", i)};
        const int answered = roll(3);
        if (answered < 2) {
            fields.push_back(answered == 0 ? "answered=да" : "answered=нет");
        }
        const int satisfaction = roll(4);
        static const char* const ratings[] = {"удовлетворен", "частично удовлетворен",
                                              "не удовлетворен"};
        if (satisfaction < 3) {
            fields.push_back(std::string("satisfaction=") + ratings[satisfaction]);
        }
        const int transfers = roll(3);
        for (int t = 0; t < transfers; ++t) {
            fields.push_back(fmt::format("transfer=Специалист {}|pensions|", t));
        }
        const auto id = h.addIncoming(fields);
        count(municipality, oper, orgs, topic);
        m.answered += answered == 0;
        m.satisfied += satisfaction == 0;
        m.partly += satisfaction == 1;
        m.notSatisfied += satisfaction == 2;
        m.transfers += transfers;
        m.personal.push_back(phone);
        m.personal.push_back(name);
        if (i % 4 == 0) {
            const auto booked = h.ok(fmt::format("journal defer {}", id));
            ++m.deferred;
            const auto due = nlohmann::json::parse(
                                 h.ok(fmt::format("journal show {} --json", id)))["deferred"]["due"]
                                 .get<std::string>();
            const int how = (i / 4) % 3;
            // A callback with the answer is an outgoing call of Приложение 2 when it was made.
            if (how == 0) { // on the due day itself
                h.ok(fmt::format("journal answer {} --result 'ответили' --at '{} 17:45'", id, due));
                ++m.onTime;
                m.outgoing += due.rfind("2026-10", 0) == 0 ? 1 : 0;
            } else if (how == 1) { // a week late
                const auto late = formatIsoDate(
                    Date{std::chrono::sys_days(*parseDate(due)) + std::chrono::days(7)});
                h.ok(fmt::format("journal answer {} --result 'ответили поздно' --at '{} 10:00'", id,
                                 late));
                m.outgoing += late.rfind("2026-10", 0) == 0 ? 1 : 0;
            }
        }
    }
    for (int i = 0; i < 7; ++i) {
        const auto contact = fmt::format("Специалистова{} Е. Е., +7 861 000-00-{:02}", i, i);
        h.ok(
            fmt::format("journal add --outgoing 'time=2026-10-{:02} 15:00' {} 'question=Уточнение' "
                        "'organization=УСЗН г. Энска' 'operator=Петров А. А.'",
                        3 + i * 4, shq("contact=" + contact)));
        ++m.outgoing;
        m.personal.push_back(contact);
    }
    // The months around do not count.
    h.addIncoming({"time=2026-09-30 23:59", "municipality=Энск", "phone=+7 900 999-99-99"});
    h.addIncoming({"time=2026-11-01 00:00", "municipality=Энск"});
    h.ok("journal add --outgoing 'time=2026-11-01 00:00' 'question=Не в этом месяце'");
    return m;
}

// Rows of `key;count` under a title row until the first empty row (CSV report, xlsx sheet).
std::map<std::string, int> block(const journal::Table& table, const std::string& title) {
    std::map<std::string, int> out;
    int last = -1; // line of the row above, while inside the block
    for (const auto& row : table.rows) {
        if (last >= 0) {
            // An xlsx leaves out empty rows: a gap in the line numbers ends the block too.
            const bool empty = std::all_of(row.cells.begin(), row.cells.end(),
                                           [](const std::string& c) { return c.empty(); });
            if (empty || row.line != last + 1 || row.cells.size() < 2) {
                break;
            }
            out[row.cells[0]] = std::stoi(row.cells[1]);
            last = row.line;
        } else if (row.cells.size() >= 2 && row.cells[0] == title && row.cells[1] == "Звонков") {
            last = row.line;
        }
    }
    return out;
}

std::string figure(const journal::Table& table, const std::string& name) {
    for (const auto& row : table.rows) {
        if (row.cells.size() >= 2 && row.cells[0] == name) {
            return row.cells[1];
        }
    }
    return "(нет строки «" + name + "»)";
}

// Data rows of a register: after the numbering row, until the first empty row.
int registerRows(const journal::Table& table, const std::vector<std::string>& titles) {
    std::vector<std::string> numbering;
    for (std::size_t i = 1; i <= titles.size(); ++i) {
        numbering.push_back(std::to_string(i));
    }
    for (std::size_t i = 0; i + 1 < table.rows.size(); ++i) {
        auto head = table.rows[i].cells;
        head.resize(titles.size());
        auto next = table.rows[i + 1].cells;
        next.resize(titles.size());
        if (head == titles && next == numbering) {
            int n = 0;
            for (std::size_t k = i + 2; k < table.rows.size(); ++k) {
                const auto& cells = table.rows[k].cells;
                // An empty row, or a gap in the lines (an xlsx leaves out empty rows).
                if (table.rows[k].line != table.rows[k - 1].line + 1 ||
                    std::all_of(cells.begin(), cells.end(),
                                [](const std::string& c) { return c.empty(); })) {
                    break;
                }
                ++n;
            }
            return n;
        }
    }
    return -1; // no header in the form of the Приложение
}

std::string allText(const std::vector<journal::Table>& tables) {
    std::string out;
    for (const auto& t : tables) {
        for (const auto& row : t.rows) {
            for (const auto& cell : row.cells) {
                out += cell + "\n";
            }
        }
    }
    return out;
}

} // namespace

TEST_CASE("cli: the monthly report in json, csv, md and xlsx matches the test's own counts") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const Hotline h(dir, {}, engine);
    const Month m = makeMonth(dir, h, 150, 24);

    // json: the shape of the issue, and the figures.
    auto json = nlohmann::json::parse(h.ok("report --month 2026-10 --format json"));
    REQUIRE(json.is_object());
    CHECK(json["month"] == "2026-10");
    auto& in = json["incoming"];
    REQUIRE(in.is_object());
    for (const char* k :
         {"total", "answered", "satisfied", "partly_satisfied", "not_satisfied", "transfers"}) {
        INFO(k);
        CHECK(in[k].is_number_integer());
    }
    for (const char* k : {"by_municipality", "by_topic", "by_operator"}) {
        INFO(k);
        CHECK(in[k].is_object());
    }
    CHECK(json["outgoing"]["total"].is_number_integer());
    CHECK(json["deferred"]["total"].is_number_integer());
    CHECK(json["deferred"]["on_time"].is_number_integer());
    test::checkReportJson(json, m);
    int days = 0;
    for (const auto& [day, n] : in["by_day"].items()) {
        days += n.get<int>();
    }
    CHECK(days == m.incoming);
    CHECK(in["by_day"].size() == 31);

    // csv: the registers in the form of the Приложения, then the analysis.
    const auto csvFile = dir.path() / "отчёт.csv";
    h.ok("report --month 2026-10 --format csv --out " + shq(csvFile.string()));
    const auto csv = journal::readCsv(csvFile);
    CHECK(registerRows(csv, journal::incomingRegisterTitles()) == m.incoming);
    CHECK(registerRows(csv, journal::outgoingRegisterTitles()) == m.outgoing);
    CHECK(figure(csv, "Входящих звонков") == std::to_string(m.incoming));
    CHECK(figure(csv, "Исходящих звонков") == std::to_string(m.outgoing));
    CHECK(figure(csv, "Удовлетворен") == std::to_string(m.satisfied));
    CHECK(figure(csv, "Переключений всего") == std::to_string(m.transfers));
    CHECK(figure(csv, "Отсроченных ответов") == std::to_string(m.deferred));
    CHECK(figure(csv, "— из них дано в срок") == std::to_string(m.onTime));
    CHECK(block(csv, "Муниципальное образование") == m.municipality);
    CHECK(block(csv, "Специалист") == m.oper);

    // md: the same figures as a manager reads them.
    const auto md = h.ok("report --month 2026-10 --format md");
    CHECK(has(md, fmt::format("| Входящих звонков | {} |", m.incoming)));
    CHECK(has(md, fmt::format("| Ответ получен («да») | {} |", m.answered)));
    CHECK(has(md, fmt::format("| Частично удовлетворен | {} |", m.partly)));
    for (const auto& [name, n] : m.municipality) {
        CHECK(has(md, fmt::format("| {} | {} |", name, n)));
    }
    for (const auto& title : journal::incomingRegisterTitles()) {
        CHECK(has(md, title));
    }

    // xlsx: both registers with the titles and the numbering row, the analysis with charts.
    const auto xlsxFile = dir.path() / "отчёт за октябрь.xlsx";
    const auto r = h.run("report --month 2026-10 --format xlsx --out " + shq(xlsxFile.string()));
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const auto sheets = journal::readXlsx(xlsxFile);
    REQUIRE(sheets.size() == 3);
    CHECK(sheets[0].name == "Приложение 1");
    CHECK(sheets[1].name == "Приложение 2");
    CHECK(sheets[2].name == "Анализ");
    // The titles word for word as Приложения 1 and 2 of the order print them; the municipality
    // column as this KB's sufler.yaml words it (no `municipality_title`: the default).
    const std::vector<std::string> form1 = {"№ п/п",
                                            "Дата и время поступления звонка",
                                            "Номер телефона позвонившего",
                                            "Пол",
                                            "Контактные данные позвонившего (ФИО, год рождения)",
                                            "Муниципальное образование",
                                            "Краткое содержание вопроса",
                                            "Организации и учреждения",
                                            "ФИО специалиста, принявшего звонок",
                                            "Примечание"};
    const std::vector<std::string> form2 = {
        "№ п/п",
        "Дата и время звонка",
        "Контактные данные специалиста, принявшего звонок (ФИО, номер телефона)",
        "Муниципальное образование",
        "Краткое содержание вопроса",
        "Организация и учреждения",
        "ФИО специалиста, осуществившего звонок",
        "Примечания"};
    CHECK(registerRows(sheets[0], form1) == m.incoming);
    CHECK(registerRows(sheets[1], form2) == m.outgoing);
    CHECK(registerRows(sheets[0], journal::incomingRegisterTitles()) == m.incoming);
    CHECK(has(sheets[0].rows.back().cells.at(0), "Начальник отдела"));
    CHECK(has(sheets[1].rows.back().cells.at(0), "Начальник отдела"));
    CHECK(registerRows(sheets[1], journal::outgoingRegisterTitles()) == m.outgoing);
    const auto& analysis = sheets[2];
    CHECK(figure(analysis, "Входящих звонков") == std::to_string(m.incoming));
    CHECK(figure(analysis, "Отсроченных ответов") == std::to_string(m.deferred));
    CHECK(figure(analysis, "— из них дано в срок") == std::to_string(m.onTime));
    CHECK(block(analysis, "Муниципальное образование") == m.municipality);
    CHECK(block(analysis, "Специалист") == m.oper);
    CHECK(block(analysis, "Организации и учреждения") == m.organization);
    CHECK(block(analysis, "«Оцените качество работы консультанта»") ==
          std::map<std::string, int>{
              {"удовлетворен", m.satisfied},
              {"частично удовлетворен", m.partly},
              {"не удовлетворен", m.notSatisfied},
              {"не оценили", m.incoming - m.satisfied - m.partly - m.notSatisfied}});
    for (int chart = 1; chart <= 7; ++chart) {
        CHECK(test::zipHas(xlsxFile, fmt::format("xl/charts/chart{}.xml", chart).c_str()));
    }
    CHECK(test::zipHas(xlsxFile, "xl/drawings/drawing1.xml"));
    // Every part is well-formed XML, and the charts are declared where a reader looks for them.
    const auto parts = xmlParts(xlsxFile);
    CHECK(parts.size() >= 15);
    std::string types;
    {
        unzFile zip = unzOpen64(xlsxFile.c_str());
        REQUIRE(unzLocateFile(zip, "[Content_Types].xml", 0) == UNZ_OK);
        REQUIRE(unzOpenCurrentFile(zip) == UNZ_OK);
        char buffer[4096];
        for (int n; (n = unzReadCurrentFile(zip, buffer, sizeof buffer)) > 0;) {
            types.append(buffer, static_cast<std::size_t>(n));
        }
        unzCloseCurrentFile(zip);
        unzClose(zip);
    }
    CHECK(has(types, "/xl/charts/chart7.xml"));
    CHECK(has(types, "/xl/worksheets/sheet3.xml"));

    // LibreOffice Calc opens the workbook (tools/test.sh installs it); the workbook is the
    // same whatever engine kept the calls, so it is opened once.
    if (engine != "sqlite") {
        return;
    }
    const auto opened = test::openInLibreOffice(xlsxFile);
    INFO(opened.problem);
    REQUIRE(opened.csv.count("Приложение 1") == 1);
    CHECK(has(opened.csv.at("Приложение 1"), "Дата и время поступления звонка"));
}

TEST_CASE("cli: reports carry no personal data unless --with-personal-data") {
    TempDir dir;
    const Hotline h(dir);
    const Month m = makeMonth(dir, h, 12, 8);
    const auto leaks = [&](const std::string& text) {
        std::vector<std::string> found;
        for (const auto& p : m.personal) {
            if (has(text, p)) {
                found.push_back(p);
            }
        }
        return found;
    };
    for (const char* format : {"json", "csv", "md", "xlsx"}) {
        INFO(format);
        const auto file = dir.path() / fmt::format("report.{}", format);
        const auto out = dir.path() / fmt::format("full.{}", format);
        h.ok(
            fmt::format("report --month 2026-10 --format {} --out {}", format, shq(file.string())));
        h.ok(fmt::format("report --month 2026-10 --format {} --with-personal-data --out {}", format,
                         shq(out.string())));
        const bool xlsx = std::string(format) == "xlsx";
        const auto plain = xlsx ? allText(journal::readXlsx(file)) : test::readFile(file);
        const auto full = xlsx ? allText(journal::readXlsx(out)) : test::readFile(out);
        CHECK(leaks(plain).empty());
        CHECK(leaks(full).size() == m.personal.size());
        // A file with personal data is its owner's alone, like the journal.
        CHECK((fs::status(out).permissions() & fs::perms::all) ==
              (fs::perms::owner_read | fs::perms::owner_write));
        // The registers are there all the same: the questions are not personal data.
        CHECK(has(plain, "Вопрос на линии 3"));
    }
    // Standard output too.
    CHECK(leaks(h.ok("report --month 2026-10 --format md")).empty());
}

TEST_CASE("cli: purge --older-than 5y removes what the retention period allows") {
    TempDir dir;
    const Hotline h(dir);
    h.addIncoming({"time=2020-06-01 10:00", "phone=+7 900 000-20-20", "name=Старинная А. А.",
                   "question=Давний вопрос"});
    const auto old = h.addIncoming({"time=2021-11-23 17:59", "phone=+7 900 000-21-23"});
    h.ok(fmt::format("journal defer {}", old));
    h.ok(fmt::format("journal flag --no-answer --call {} --department pensions --note "
                     "'звонила Старинная'",
                     old));
    h.addIncoming({"time=2021-11-24 08:00", "phone=+7 900 000-21-24"});
    h.addIncoming({"time=2026-11-01 10:00", "phone=+7 900 000-26-01"});
    h.ok("journal add --outgoing 'time=2019-01-15 10:00' 'contact=Давний специалист'");
    h.ok("journal add --outgoing 'time=2026-11-02 10:00' 'contact=Нынешний специалист'");

    const auto out = h.ok("journal purge --older-than 5y --today 2026-11-24");
    CHECK(has(out, "до 24.11.2021: входящих 2, исходящих 1"));
    const auto calls = h.list();
    REQUIRE(calls.size() == 2);
    CHECK(calls[0]["phone"] == "+7 900 000-21-24");
    CHECK(calls[1]["phone"] == "+7 900 000-26-01");
    const auto outgoing = h.list("--outgoing");
    REQUIRE(outgoing.size() == 1);
    CHECK(outgoing[0]["contact"] == "Нынешний специалист");
    // The flag for the KB stays, without the call and the note that named the caller.
    const auto flags = nlohmann::json::parse(h.ok("journal flags --json"));
    REQUIRE(flags["pensions"]["flags"].size() == 1);
    CHECK(flags["pensions"]["flags"][0]["call"].is_null());
    CHECK(flags["pensions"]["flags"][0]["note"] == "");
    CHECK(nlohmann::json::parse(h.ok("journal callbacks --today 2026-11-24 --json")).empty());
    // What was purged is gone from the file itself, not only from the lists.
    const auto bytes = test::readFile(h.journal());
    CHECK_FALSE(has(bytes, "000-20-20"));
    CHECK_FALSE(has(bytes, "Старинная"));
    CHECK(has(bytes, "000-26-01"));

    // A second purge finds nothing; a period that is not one is refused.
    CHECK(has(h.ok("journal purge --older-than 5y --today 2026-11-24"), "входящих 0, исходящих 0"));
    const auto bad = h.run("journal purge --older-than пять");
    CHECK(bad.exitCode != 0);
    CHECK(has(bad.err, "--older-than"));
}

TEST_CASE("cli: flags for the KB and empty searches are listed per department") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const Hotline h(dir, {}, engine);
    const auto call = h.addIncoming(
        {"time=2026-11-05 10:00", "question=Индексация пенсии", "department=pensions"});
    h.ok(fmt::format("journal flag --outdated departments/pensions/faq.md#indexation --call {} "
                     "--operator 'Петров А. А.' --note 'размер с 1 января другой'",
                     call));
    h.ok("journal flag --no-answer --department family-payments --note 'выплата на третьего "
         "ребёнка'");
    h.ok("journal flag --no-answer --department family-payments");
    {
        // The console records searches that found nothing; the command line lists them.
        auto j = journal::Journal::open(h.where());
        j.recordEmptySearch("пособие \"многодетным\"; DROP", "family-payments", call);
        j.recordEmptySearch("чем заняться", "");
    }
    auto flags = nlohmann::json::parse(h.ok("journal flags --json"));
    CHECK(flags["pensions"]["outdated"] == 1);
    CHECK(flags["pensions"]["no_answer"] == 0);
    CHECK(flags["pensions"]["flags"][0]["entry"] == "departments/pensions/faq.md#indexation");
    CHECK(flags["pensions"]["flags"][0]["call"] == call);
    CHECK(flags["pensions"]["flags"][0]["kind"] == "outdated");
    CHECK(flags["family-payments"]["flags"][0]["kind"] == "no_answer");
    CHECK(flags["family-payments"]["no_answer"] == 2);
    CHECK(flags["family-payments"]["empty_searches"] == 1);
    CHECK(flags["family-payments"]["searches"][0]["query"] == "пособие \"многодетным\"; DROP");
    CHECK(flags[""]["empty_searches"] == 1);
    // A department head sees only the department.
    const auto own = h.ok("journal flags --department family-payments");
    CHECK(has(own, "family-payments: «ответ устарел» 0, «нет ответа в базе» 2, поиск без "
                   "результатов 1"));
    CHECK(has(own, "выплата на третьего ребёнка"));
    CHECK_FALSE(has(own, "pensions"));
}

TEST_CASE("cli: text that looks like a formula is never one in the CSV report") {
    TempDir dir;
    const Hotline h(dir);
    const std::vector<std::string> texts = {"=HYPERLINK(\"http://x\",\"жми\")", "@SUM(A1:A9)",
                                            "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
                                            "=1+1; ещё"};
    int minute = 0;
    for (const auto& t : texts) {
        h.addIncoming({fmt::format("time=2026-11-05 10:{:02}", minute++), "phone=+7 900 000-00-01",
                       "question=" + t, "note=" + t});
    }
    const auto csvFile = dir.path() / "report.csv";
    h.ok("report --month 2026-11 --format csv --with-personal-data --out " + shq(csvFile.string()));
    const auto csv = journal::readCsv(csvFile);
    int guarded = 0;
    for (const auto& row : csv.rows) {
        for (const auto& cell : row.cells) {
            CHECK_FALSE(core::startsLikeFormula(cell));
            guarded += !cell.empty() && cell[0] == '\'';
        }
    }
    // The question, the note and the phone of each call: a leading `+` is a formula to Excel.
    CHECK(guarded == 3 * static_cast<int>(texts.size()));
    CHECK(has(test::readFile(csvFile), ";'+7 900 000-00-01;"));
    // Imported back, the text is as typed again.
    auto r = test::runCommand(
        fmt::format("{} journal import {} --journal {}", shq(test::binary("sufler").string()),
                    shq(csvFile.string()), shq((dir.path() / "copy.sqlite").string())));
    REQUIRE(r.exitCode == 0);
    const auto calls = nlohmann::json::parse(
        test::runCommand(fmt::format("{} journal list --json --journal {}",
                                     shq(test::binary("sufler").string()),
                                     shq((dir.path() / "copy.sqlite").string())))
            .output);
    REQUIRE(calls.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CHECK(calls[i]["question"] == texts[i]);
        CHECK(calls[i]["note"] == texts[i]);
        CHECK(calls[i]["phone"] == "+7 900 000-00-01");
    }
}

TEST_CASE("cli: bad arguments give a one-line reason and a non-zero exit") {
    TempDir dir;
    const Hotline h(dir);
    h.addIncoming({"time=2026-11-05 10:00", "question=Вопрос"});
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"report --month 2026-13 --format json", "--month"},
        {"journal list --month 2026-13", "--month"},
        {"journal flags --month ноябрь", "ноябрь"},
        {"report --month 2026-11 --format pdf", "ожидается xlsx, csv, md или json"},
        {"journal history --phone 9001234567 --format csv --out x.csv --with-personal-data",
         "ожидается xlsx или md"},
        {"report --month 2026-11 --format xlsx", "--out"},
        {"journal add time=вчера", "вчера"},
        {"journal add gender=x", "gender"},
        {"journal add нечто=1", "неизвестное поле"},
        // Keys of the other register are refused, not taken for a shared field.
        {"journal add incoming=1", "неизвестное поле"},
        {"journal add --outgoing 'time=2026-11-05 11:00' phone=8-800", "неизвестное поле"},
        {"journal add --outgoing 'time=2026-11-05 11:00' number=один", "number"},
        {"journal add transfer=a transfer=b transfer=c", "двух"},
        {"journal defer 999", "999"},
        {"journal callbacks --today 05.11", "05.11"},
        {"journal show 999", "999"},
    };
    for (const auto& [args, reason] : cases) {
        INFO(args);
        const auto r = h.run(args);
        CHECK(r.exitCode != 0);
        CHECK(has(r.err, reason));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    CHECK(h.list().size() == 1); // nothing of the refused calls went in
    CHECK(h.list("--outgoing").empty());
}

TEST_CASE("cli: the keys both registers take fill the same fields of an incoming and an "
          "outgoing call") {
    TempDir dir;
    const Hotline h(dir);
    const std::string shared = "'municipality=Энский район' 'question=Сроки выплаты' "
                               "'operator=Петров А. А.' 'note=перезвонить'";
    // Either spelling of the organisation key goes to the one field each register has.
    h.ok("journal add number=41 'time=2026-11-05 10:00' 'organization=УСЗН Энска' " + shared);
    h.ok("journal add --outgoing number=42 'time=2026-11-05 11:00' 'organizations=ЦЗН' " + shared);
    const auto in = h.list();
    const auto out = h.list("--outgoing");
    REQUIRE(in.size() == 1);
    REQUIRE(out.size() == 1);
    CHECK(in[0]["number"] == 41);
    CHECK(out[0]["number"] == 42);
    CHECK(in[0]["received_at"] == "2026-11-05 10:00:00");
    CHECK(out[0]["called_at"] == "2026-11-05 11:00:00");
    CHECK(in[0]["organizations"] == "УСЗН Энска");
    CHECK(out[0]["organization"] == "ЦЗН");
    for (const auto& call : {in[0], out[0]}) {
        CHECK(call["municipality"] == "Энский район");
        CHECK(call["question"] == "Сроки выплаты");
        CHECK(call["operator"] == "Петров А. А.");
        CHECK(call["note"] == "перезвонить");
    }
    // --month picks the calls of that month in either register.
    CHECK(h.list("--month 2026-11").size() == 1);
    CHECK(h.list("--outgoing --month 2026-11").size() == 1);
    CHECK(h.list("--month 2026-10").empty());
    CHECK(h.list("--outgoing --month 2026-12").empty());
}

TEST_CASE("cli: programs opening a new journal at once all get in, with distinct numbers") {
    TempDir dir;
    const Hotline h(dir);
    // Six workplaces start on the same new file: each creates or migrates it, then adds a call.
    std::string script;
    for (int i = 0; i < 6; ++i) {
        script += fmt::format("({} journal add 'time=2026-11-05 10:0{}' 'question=Звонок {}' "
                              "--journal {} --kb {} >/dev/null 2>>{} && echo ok) & ",
                              shq(test::binary("sufler").string()), i, i, shq(h.journal().string()),
                              shq(h.kb().string()), shq((dir.path() / "errors.txt").string()));
    }
    const auto r = test::runCommand(script + "wait");
    const auto errors = fs::exists(dir.path() / "errors.txt")
                            ? test::readFile(dir.path() / "errors.txt")
                            : std::string();
    INFO(errors);
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 6);
    CHECK(errors.empty());
    const auto calls = h.list();
    REQUIRE(calls.size() == 6);
    std::set<int> numbers;
    for (const auto& c : calls) {
        numbers.insert(c["number"].get<int>());
    }
    CHECK(numbers == std::set<int>{1, 2, 3, 4, 5, 6});
}

TEST_CASE("cli: a journal server that cannot be reached: a one-line reason naming it, a non-zero "
          "exit, no file made") {
    TempDir dir;
    const Hotline h(dir);
    for (const std::string args :
         {"journal list", "journal add question=x", "report --month 2026-11"}) {
        for (const std::string where :
             {"postgresql://operator:topsecret@127.0.0.1:1/sufler", "service=sufler"}) {
            const auto errFile = dir.path() / "stderr.txt";
            const auto res = test::runCommand(fmt::format(
                "cd {} && PGSERVICEFILE={} PGSYSCONFDIR={} {} {} --journal {} --kb {} 2>{}",
                shq(dir.path().string()), shq((dir.path() / "нет.conf").string()),
                shq(dir.path().string()), shq(test::binary("sufler").string()), args, shq(where),
                shq(h.kb().string()), shq(errFile.string())));
            const std::string err = test::readFile(errFile);
            INFO(args << " --journal " << where << "\nstderr: " << err);
            CHECK(res.exitCode != 0);
            CHECK(err.find("PostgreSQL") != std::string::npos);
            CHECK(err.find("topsecret") == std::string::npos);
            CHECK(std::count(err.begin(), err.end(), '\n') == 1);
            CHECK_FALSE(fs::exists(dir.path() / "postgresql:"));
            CHECK_FALSE(fs::exists(dir.path() / "service=sufler"));
        }
    }
}

TEST_CASE("cli: add, list, show, report and stale on a journal on the server") {
    if (!test::pgAvailable()) {
        return;
    }
    TempDir dir;
    const Hotline h(dir, {}, "postgres");
    const auto id = h.addIncoming({"time=2026-11-05 10:00", "question=Индексация пенсии",
                                   "operator=Петров А. А.", "municipality=Энск"});
    h.addIncoming({"time=2026-11-05 11:00", "question=Субсидия ЖКУ"});
    const auto list = h.list("--month 2026-11");
    REQUIRE(list.size() == 2);
    CHECK(list[0]["number"] == 1);
    CHECK(list[1]["number"] == 2);
    const auto shown = nlohmann::json::parse(h.ok(fmt::format("journal show {} --json", id)));
    CHECK(shown["question"] == "Индексация пенсии");
    const auto report = nlohmann::json::parse(h.ok("report --month 2026-11 --format json"));
    CHECK(report["incoming"]["total"] == 2);
    CHECK(report["incoming"]["by_operator"]["Петров А. А."] == 1);
    // The staleness report reads operators' signals from the same server.
    h.ok("journal flag --no-answer --note 'нет такого раздела'");
    const auto stale = test::runCommand(fmt::format(
        "XDG_DATA_HOME={} {} stale --kb {} --journal {} 2>&1", shq(dir.path().string()),
        shq(test::binary("sufler").string()), shq(test::demoKb().string()), shq(h.where())));
    INFO(stale.output);
    CHECK(stale.exitCode == 0);
    CHECK(has(stale.output, "Сигналы без раздела: «нет ответа в базе» — 1"));
    CHECK(has(stale.output, "из журнала звонков PostgreSQL"));
}

TEST_CASE("cli: claim takes a callback for one operator, the other is told who has it, release "
          "returns it",
          "[journal][cli][claim]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const Hotline h(dir, {}, engine);
    // the workstation's id is kept in the data folder: the test's own
    const std::string data = (dir.path() / "data").string();
    const std::string previous = std::getenv("XDG_DATA_HOME") ? std::getenv("XDG_DATA_HOME") : "";
    ::setenv("XDG_DATA_HOME", data.c_str(), 1);
    struct Restore {
        std::string value;
        ~Restore() {
            if (value.empty())
                ::unsetenv("XDG_DATA_HOME");
            else
                ::setenv("XDG_DATA_HOME", value.c_str(), 1);
        }
    } restore{previous};

    const auto id = h.addIncoming(
        {"time=2026-11-03 10:00", "phone=+7 900 000-00-01", "question=Компенсация за газ"});
    h.ok(fmt::format("journal defer {} --hours утром", id));
    const auto taken = h.ok(fmt::format("journal claim {} --operator 'Петров А. А.'", id));
    CHECK(has(taken, "взят: Петров А. А., рабочее место"));
    CHECK(fs::exists(fs::path(data) / "sufler" / "workstation-id"));

    auto r = h.run(fmt::format("journal claim {} --operator 'Сидорова О. В.'", id));
    CHECK(r.exitCode != 0);
    CHECK(has(r.err, "уже взят: Петров А. А."));
    // the queue shows who holds it, as text and as JSON
    CHECK(has(h.ok("journal callbacks --today 2026-11-10"), "[взял: Петров А. А., рабочее место"));
    const auto queue = nlohmann::json::parse(h.ok("journal callbacks --today 2026-11-10 --json"));
    REQUIRE(queue.size() == 1);
    CHECK(queue[0]["claimed_by"] == "Петров А. А.");
    // the answer is recorded by whoever took it
    r = h.run(fmt::format("journal answer {} --result 'ответ' --operator 'Сидорова О. В.'", id));
    CHECK(r.exitCode != 0);
    CHECK(has(r.err, "Петров А. А."));
    r = h.run(fmt::format("journal release {} --operator 'Сидорова О. В.'", id));
    CHECK(r.exitCode != 0);
    // released (by the senior: no operator named), it is anyone's again
    CHECK(has(h.ok(fmt::format("journal release {}", id)),
              "возвращён в очередь (был взят: Петров А. А."));
    CHECK(has(h.ok(fmt::format("journal release {}", id)), "никто не брал"));
    h.ok(fmt::format("journal claim {} --operator 'Сидорова О. В.'", id));
    const auto answered = h.ok(
        fmt::format("journal answer {} --result 'Разъяснили' --operator 'Сидорова О. В.'", id));
    CHECK(has(answered, "ответ дан"));
    CHECK(has(h.ok("journal callbacks --today 2026-11-10"), "Перезванивать сегодня некому"));
}

TEST_CASE("cli: suggest learns the callers' wordings from answered calls, accept commits one, "
          "search then finds the entry by it") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    // the demo KB in a git repository of its own, as a department head has it
    const fs::path kb = dir.path() / "kb";
    fs::copy(test::demoKb(), kb, fs::copy_options::recursive);
    const auto git = [&](const std::string& args) {
        const auto r =
            test::runCommand("git -C " + shq(kb.string()) +
                             " -c user.name=Админ -c user.email=admin@example " + args + " 2>&1");
        INFO(args << ": " << r.output);
        REQUIRE(r.exitCode == 0);
        return r.output;
    };
    git("init -q");
    git("add -A");
    git("commit -q -m База");
    const std::string where = test::freshJournalWhere(engine, dir.path());
    const std::string faq = "departments/zhku/faq.md#кто-имеет-право-на-субсидию-на-оплату-жку";
    {
        auto journal = journal::Journal::open(where);
        const auto call = [&](journal::Answered answered, const std::string& name,
                              const std::vector<std::string>& queries) {
            journal::IncomingCall card;
            card.receivedAt = "2026-11-10 10:00:00";
            card.callerName = name;
            card.question = "субсидия";
            card.department = "zhku";
            card.entriesUsed = {faq};
            card.survey.answered = answered;
            const auto id = journal.addIncoming(card);
            for (const auto& query : queries)
                journal.recordEmptySearch(query, "zhku", id, "2026-11-10 10:01:00");
        };
        // two calls reached the answer only after wordings the KB did not know
        call(journal::Answered::Yes, "Иванова Мария Петровна",
             {"льгота на халупу Иванова 8 903 555 12 34", "выручайте с хатой бабуле"});
        call(journal::Answered::Yes, "Петров Пётр", {"льгота на халупу"});
        // one where the caller did not get the answer teaches nothing
        call(journal::Answered::No, "Сидоров", {"компенсация за будку"});
        // nor a wording that already finds the entry
        call(journal::Answered::Yes, "Орлов", {"субсидия на оплату жку"});
    }
    const std::string sufler = shq(test::binary("sufler").string());
    const std::string common = " --kb " + shq(kb.string()) + " --journal " + shq(where) + " --db " +
                               shq((dir.path() / "index").string());
    const auto suggest = [&] {
        const auto r = test::runCommand(sufler + " suggest --department zhku --json" + common);
        INFO(r.output);
        REQUIRE(r.exitCode == 0);
        return nlohmann::json::parse(r.output);
    };
    auto listed = suggest();
    REQUIRE(listed["entries"].size() == 1);
    CHECK(listed["entries"][0]["id"] == faq);
    const auto& wordings = listed["entries"][0]["wordings"];
    REQUIRE(wordings.size() == 2);
    // by distinct calls, the name and the phone of the card left out
    CHECK(wordings[0]["wording"] == "льгота на халупу");
    CHECK(wordings[0]["calls"] == 2);
    CHECK(wordings[1]["wording"] == "выручайте с хатой бабуле");
    CHECK(wordings[1]["calls"] == 1);
    CHECK(listed.dump().find("Иванова") == std::string::npos);
    CHECK(listed.dump().find("555") == std::string::npos);
    // the staleness report has them in a section of their own, per department
    const auto stale = test::runCommand("XDG_CACHE_HOME=" + shq((dir.path() / "cache").string()) +
                                        " " + sufler + " stale --format md --kb " +
                                        shq(kb.string()) + " --journal " + shq(where));
    INFO(stale.output);
    CHECK(stale.output.find("## Предложения формулировок") != std::string::npos);
    CHECK(stale.output.find("«льгота на халупу» для «Кто имеет право на субсидию на оплату ЖКУ?» "
                            "— звонков: 2") != std::string::npos);

    // the head accepts one: a commit of the section's file, authored by the head
    const auto accepted = test::runCommand(
        sufler + " suggest --accept " + shq(faq) + " --wording 'льгота на халупу' --author " +
        shq("Бондаренко Игорь Валентинович <bondarenko@minsoc.example>") + common + " 2>&1");
    INFO(accepted.output);
    REQUIRE(accepted.exitCode == 0);
    CHECK(git("log -1 --format=%an%n%ae") ==
          "Бондаренко Игорь Валентинович\nbondarenko@minsoc.example\n");
    CHECK(git("status --porcelain").empty());
    CHECK(test::readFile(kb / "departments/zhku/faq.md").find("халупу") != std::string::npos);
    // the search finds the entry by it, and it is no longer proposed
    const auto found =
        test::runCommand(sufler + " search --json --kb " + shq(kb.string()) + " --db " +
                         shq((dir.path() / "index").string()) + " льгота на халупу");
    REQUIRE(found.exitCode == 0);
    CHECK(nlohmann::json::parse(found.output)["hits"][0]["id"] == faq);
    listed = suggest();
    REQUIRE(listed["entries"].size() == 1);
    REQUIRE(listed["entries"][0]["wordings"].size() == 1);
    CHECK(listed["entries"][0]["wordings"][0]["wording"] == "выручайте с хатой бабуле");
}
