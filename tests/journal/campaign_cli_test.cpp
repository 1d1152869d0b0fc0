// `sufler campaign …` through the real program, on a journal file and on the test PostgreSQL
// server: a call list from Russian Excel (CSV in Windows-1251, and xlsx), the next citizen, the
// results with the clock set by SUFLER_NOW, and the manager's report read back.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/xlsx_reader.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

#include <algorithm>
#include <regex>
#include <sys/stat.h>

using namespace sufler;
using sufler::test::TempDir;

namespace {

constexpr const char* kEntry =
    "departments/families/faq.md#как-оформить-ежемесячную-выплату-многодетной-семье";

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

class CampaignCli {
public:
    CampaignCli(const TempDir& dir, std::string where) : m_dir(dir), m_where(std::move(where)) {}
    // Runs `sufler campaign ARGS` on the demo KB with the clock at `now`.
    Run operator()(const std::string& args, const std::string& now = "2026-12-04T09:00") const {
        const auto err = m_dir.path() / "stderr.txt";
        const auto r = test::runCommand(fmt::format(
            "SUFLER_NOW='{}' {} campaign {} --journal '{}' --kb '{}' 2>'{}'", now,
            test::binary("sufler").string(), args, m_where, test::demoKb().string(), err.string()));
        return Run{r.exitCode, r.output, test::readFile(err)};
    }

private:
    const TempDir& m_dir;
    std::string m_where;
};

int mode(const std::filesystem::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 0777);
}

// The number after «Гражданин № » in `campaign next`'s output.
std::string itemOf(const std::string& out) {
    std::smatch m;
    const std::regex re("Гражданин № ([0-9]+) списка: ([^,]+),");
    REQUIRE(std::regex_search(out, m, re));
    return m[1];
}

std::string nameOf(const std::string& out) {
    std::smatch m;
    const std::regex re("Гражданин № [0-9]+ списка: ([^,]+),");
    REQUIRE(std::regex_search(out, m, re));
    return m[1];
}

// A call list as a manager gets it from a district: a title row above the header, other
// columns around, written by libxlsxwriter.
void writeXlsxList(const std::filesystem::path& file) {
    lxw_workbook* wb = workbook_new(file.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(wb, "Список");
    const std::vector<std::vector<std::string>> rows = {
        {"Список многодетных семей Центрального района"},
        {"№ п/п", "Фамилия, имя, отчество", "Дата рождения", "Тел.", "Район", "Комментарий"},
        {"1", "Лебедева Анна Сергеевна", "1988", "8-900-700-11-22", "Центральный район",
         "звонить после 17:00"},
        {"2", "Морозов Илья", "1990", "+7 900 111 22 33", "Центральный район", ""},
        {},
        {"3", "Волкова Дарья", "1985", "нет", "Центральный район", ""},
    };
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                   rows[r][c].c_str(), nullptr);
        }
    }
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
}

const core::Table& sheet(const std::vector<core::Table>& tables, const std::string& name) {
    const auto it = std::find_if(tables.begin(), tables.end(),
                                 [&](const core::Table& t) { return t.name == name; });
    REQUIRE(it != tables.end());
    return *it;
}

// The row of `table` whose first cell is `first`.
std::vector<std::string> rowOf(const core::Table& table, const std::string& first) {
    for (const auto& row : table.rows) {
        if (!row.cells.empty() && row.cells[0] == first) {
            return row.cells;
        }
    }
    FAIL("no row «" << first << "»");
    return {};
}

} // namespace

TEST_CASE("sufler campaign on both engines: a cp1251 CSV and an xlsx list imported with their bad "
          "rows named, the next citizen, results and the report",
          "[campaign][cli]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    CampaignCli campaign(dir, test::freshJournalWhere(engine, dir.path()));

    auto bad = campaign(fmt::format("create --title 'Выплата' --entry '{}#нет-такой'", kEntry));
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--entry: записи") != std::string::npos);
    CHECK(campaign("create --title 'Выплата' --entry x --interval 90m").err.find("--interval") !=
          std::string::npos);

    auto made = campaign(fmt::format("create --title 'Ежемесячная выплата многодетным' --entry "
                                     "'{}' --by 'Соколова Е. В.'",
                                     kEntry));
    REQUIRE(made.code == 0);
    CHECK(made.out == "Кампания № 1 создана: Ежемесячная выплата многодетным\n");

    // Russian Excel's «CSV (разделители — точка с запятой)»: Windows-1251, `;`
    const auto csv = dir.write(
        "zarechny.csv",
        test::toCp1251("Ф.И.О.;Телефон;Муниципальное образование;Категория;Примечание\r\n"
                       "Кузнецова Мария Петровна;8 (900) 111-22-33;Заречный район;многодетная "
                       "семья;\r\n"
                       "Орлов Пётр Ильич;+7 900 222-33-44;Заречный район;многодетная семья;"
                       "\"просил звонить утром; до 10\"\r\n"
                       "Белова Анна;12-34;Заречный район;многодетная семья;\r\n"
                       ";89005556677;Заречный район;многодетная семья;\r\n"
                       "Орлов П. И.;89002223344;Заречный район;многодетная семья;повтор\r\n"));
    auto imported = campaign(fmt::format("import 1 --file '{}'", csv.string()));
    CHECK(imported.code == 0);
    CHECK(imported.out == "Кампания № 1: в список добавлено 2, не добавлено 3\n");
    CHECK(imported.err.find(csv.string() + ":4: Белова Анна: номер телефона «12-34» не "
                                           "распознан") != std::string::npos);
    CHECK(imported.err.find(csv.string() + ":5: не указано ФИО") != std::string::npos);
    CHECK(imported.err.find(csv.string() + ":6: Орлов П. И.: телефон 89002223344 уже есть в "
                                           "списке") != std::string::npos);

    const auto xlsx = dir.path() / "central.xlsx";
    writeXlsxList(xlsx);
    imported = campaign(fmt::format("import 1 --file '{}'", xlsx.string()));
    CHECK(imported.code == 0);
    CHECK(imported.out == "Кампания № 1: в список добавлено 1, не добавлено 2\n");
    CHECK(imported.err.find(xlsx.string() + ":4: Морозов Илья: телефон") != std::string::npos);
    CHECK(imported.err.find(xlsx.string() + ":6: Волкова Дарья: номер телефона «нет»") !=
          std::string::npos);
    const auto noHeader = dir.write("plain.csv", "a;b\n1;2\n");
    imported = campaign(fmt::format("import 1 --file '{}'", noHeader.string()));
    CHECK(imported.code == 2);
    CHECK(imported.err.find("plain.csv: не найдена строка заголовков") != std::string::npos);

    // Friday 4 December, 09:00: the first round
    auto next = campaign("next --operator 'Иванова А. А.'");
    REQUIRE(next.code == 0);
    CHECK(next.out.find("Мера поддержки: Как оформить ежемесячную выплату многодетной семье? — ") !=
          std::string::npos);
    CHECK(next.out.find("Сценарий: proactive-informing") != std::string::npos);
    CHECK(nameOf(next.out) == "Кузнецова Мария Петровна");
    const std::string kuznetsova = itemOf(next.out);
    // another operator asking now gets another citizen
    auto other = campaign("next --operator 'Петров Б. Б.'");
    REQUIRE(other.code == 0);
    CHECK(nameOf(other.out) == "Орлов Пётр Ильич");
    CHECK(other.out.find("Примечание: просил звонить утром; до 10") != std::string::npos);
    const std::string orlov = itemOf(other.out);
    auto refused =
        campaign(fmt::format("result {} --result informed --operator 'Петров Б. Б.'", kuznetsova));
    CHECK(refused.code == 2);
    CHECK(refused.err.find("звонит Иванова А. А.") != std::string::npos);

    auto result = campaign(
        fmt::format("result {} --result not-reached --operator 'Иванова А. А.'", kuznetsova),
        "2026-12-04T09:05");
    CHECK(result.code == 0);
    CHECK(result.out.find("Следующий звонок не раньше 2026-12-07 09:05") != std::string::npos);
    CHECK(campaign(fmt::format("result {} --result called --operator 'Петров Б. Б.'", orlov))
              .err.find("--result: «called»") != std::string::npos);
    CHECK(campaign(fmt::format("result {} --result informed --at '2026-12-04 12:00' --operator "
                               "'Петров Б. Б.'",
                               orlov))
              .code == 2);
    CHECK(campaign(fmt::format("result {} --result informed --operator 'Петров Б. Б.' --note "
                               "'будет подавать'",
                               orlov),
                   "2026-12-04T09:06")
              .code == 0);
    next = campaign("next --operator 'Иванова А. А.'", "2026-12-04T09:10");
    REQUIRE(next.code == 0);
    CHECK(nameOf(next.out) == "Лебедева Анна Сергеевна");
    CHECK(campaign(fmt::format("result {} --result call-later --at '2026-12-04 17:30' --operator "
                               "'Иванова А. А.'",
                               itemOf(next.out)),
                   "2026-12-04T09:11")
              .code == 0);
    next = campaign("next --operator 'Иванова А. А.'", "2026-12-04T09:12");
    CHECK(next.code == 3); // nobody is due
    CHECK(next.out.find("Сейчас звонить некому") != std::string::npos);

    // Monday: Кузнецова again, then refused; Лебедева at the time she asked
    next = campaign("next --operator 'Петров Б. Б.'", "2026-12-07T09:05");
    REQUIRE(next.code == 0);
    CHECK(nameOf(next.out) == "Лебедева Анна Сергеевна");
    CHECK(campaign(fmt::format("result {} --result informed --operator 'Петров Б. Б.'",
                               itemOf(next.out)),
                   "2026-12-07T09:06")
              .code == 0);
    next = campaign("next --operator 'Петров Б. Б.'", "2026-12-07T09:07");
    REQUIRE(next.code == 0);
    CHECK(itemOf(next.out) == kuznetsova);
    CHECK(next.out.find("Попытка 2 из 3 (прошлая: не дозвонился, 2026-12-04 09:05)") !=
          std::string::npos);
    CHECK(campaign(fmt::format("result {} --result refused --operator 'Петров Б. Б.'", kuznetsova),
                   "2026-12-07T09:08")
              .code == 0);

    auto list = campaign("list --json");
    REQUIRE(list.code == 0);
    const auto json = nlohmann::json::parse(list.out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["listed"] == 3);
    CHECK(json[0]["informed"] == 2);
    CHECK(json[0]["refused"] == 1);
    CHECK(json[0]["pending"] == 0);
    CHECK(json[0]["attempts"] == 5);

    // the report: figures by operator and municipality; the list only with the flag
    const auto md = dir.path() / "report.md";
    REQUIRE(campaign(fmt::format("report 1 --format md --out '{}'", md.string())).code == 0);
    CHECK(mode(md) == 0600);
    const auto text = test::readFile(md);
    CHECK(text.find("| Всего | 3 | 3 | 3 | 2 | 1 | 0 | 0 | 0 | 5 |") != std::string::npos);
    CHECK(text.find("| Заречный район | 2 | 2 | 2 | 1 | 1 | 0 | 0 | 0 | 3 |") != std::string::npos);
    CHECK(text.find("| Иванова А. А. | 2 | 1 | 0 | 0 | 0 | 1 |") != std::string::npos);
    CHECK(text.find("| Петров Б. Б. | 3 | 3 | 2 | 1 | 0 | 0 |") != std::string::npos);
    CHECK(text.find("Кузнецова") == std::string::npos); // no personal data without the flag
    CHECK(campaign("report 1 --with-personal-data").code == 2);

    const auto book = dir.path() / "report.xlsx";
    REQUIRE(campaign(fmt::format("report 1 --format xlsx --out '{}' --with-personal-data",
                                 book.string()))
                .code == 0);
    CHECK(mode(book) == 0600);
    const auto tables = core::readXlsx(book);
    const auto total = rowOf(sheet(tables, "Итоги"), "Всего");
    REQUIRE(total.size() >= 10);
    CHECK(total[1] == "3");
    CHECK(total[4] == "2");
    CHECK(total[9] == "5");
    CHECK(rowOf(sheet(tables, "Итоги"), "Петров Б. Б.")[3] == "2");
    const auto& people = sheet(tables, "Список");
    const auto kuz = std::find_if(people.rows.begin(), people.rows.end(), [](const auto& row) {
        return row.cells.size() > 6 && row.cells[1] == "Кузнецова Мария Петровна";
    });
    REQUIRE(kuz != people.rows.end());
    CHECK(kuz->cells[5] == "2");
    CHECK(kuz->cells[6] == "отказался");

    auto closed = campaign("close 1");
    CHECK(closed.code == 0);
    CHECK(closed.out.find("Кампания № 1 закрыта") != std::string::npos);
}

TEST_CASE("sufler campaign import from applicant cards by category and municipality",
          "[campaign][cli]") {
    TempDir dir;
    const std::string where = (dir.path() / "journal.sqlite").string();
    {
        auto j = journal::Journal::open(where);
        journal::Citizen card;
        card.fullName = "Кузнецова Мария";
        card.phones = {"89001112233"};
        card.municipality = "Заречный район";
        card.categories = {"многодетная семья"};
        j.createCitizen(card);
        card.fullName = "Орлов Пётр";
        card.phones = {"89002223344"};
        card.municipality = "Центральный район";
        j.createCitizen(card);
    }
    CampaignCli campaign(dir, where);
    REQUIRE(
        campaign(fmt::format("create --title 'Выплата' --entry '{}' --interval 4h", kEntry)).code ==
        0);
    const auto imported =
        campaign("import 1 --category 'Многодетная семья' --municipality 'заречный район'");
    CHECK(imported.code == 0);
    CHECK(imported.out == "Кампания № 1: в список добавлено 1, не добавлено 0\n");
    auto next = campaign("next --operator 'Иванова А. А.'");
    REQUIRE(next.code == 0);
    CHECK(nameOf(next.out) == "Кузнецова Мария");
    CHECK(next.out.find("Карточка заявителя № 1") != std::string::npos);
    CHECK(campaign(fmt::format("result {} --result not-reached --operator 'Иванова А. А.'",
                               itemOf(next.out)))
              .out.find("Следующий звонок не раньше 2026-12-04 13:00") != std::string::npos);
    CHECK(campaign("import 1").code == 2); // neither a file nor cards named
}
