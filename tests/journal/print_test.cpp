// The monthly report as it prints: the workbook converted to PDF by LibreOffice (as a manager
// prints it from Calc) and read back with poppler's pdfinfo and pdftotext, page by page.
#include "support.h"
#include "temp_dir.h"

#include "sufler/journal/report.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <regex>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

struct Page {
    double width = 0;
    double height = 0;
    bool a4 = false;
    std::string text; // pdftotext -layout
    // The text with every run of white space one space: a title wrapped in two lines reads whole.
    [[nodiscard]] std::string flat() const {
        std::string out;
        for (const char c : text) {
            const bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
            if (!space) {
                out += c;
            } else if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
        }
        return out;
    }
    [[nodiscard]] bool landscape() const { return width > height; }
    [[nodiscard]] bool has(const std::string& s) const { return text.find(s) != std::string::npos; }
};

// `workbook` printed to PDF by LibreOffice, each page with its size and text. Empty, with the
// reason in `problem`, when LibreOffice or poppler-utils cannot do it.
std::vector<Page> printed(const std::filesystem::path& workbook, std::string& problem) {
    TempDir out;
    // An ASCII name and a UTF-8 locale (LibreOffice cannot load a Cyrillic file name in the C
    // locale), a profile of its own (tests run in parallel and LibreOffice locks its profile).
    const auto copy = out.path() / "report.xlsx";
    std::filesystem::copy_file(workbook, copy);
    const auto convert = test::runCommand(
        fmt::format("LC_ALL=C.UTF-8 soffice -env:UserInstallation=file://{}/profile --headless "
                    "--convert-to pdf --outdir '{}' '{}'",
                    out.path().string(), out.path().string(), copy.string()),
        true);
    const auto pdf = out.path() / "report.pdf";
    if (!std::filesystem::exists(pdf)) {
        problem = "soffice: " + convert.output;
        return {};
    }
    const auto info = test::runCommand(fmt::format("pdfinfo '{}'", pdf.string()), true);
    std::smatch m;
    if (!std::regex_search(info.output, m, std::regex("Pages:\\s+(\\d+)"))) {
        problem = "pdfinfo: " + info.output;
        return {};
    }
    std::vector<Page> pages(static_cast<std::size_t>(std::stoi(m[1])));
    const auto sizes =
        test::runCommand(fmt::format("pdfinfo -f 1 -l {} '{}'", pages.size(), pdf.string()), true);
    const std::regex size("Page\\s+(\\d+) size:\\s+([\\d.]+) x ([\\d.]+) pts( \\(A4\\))?");
    for (auto it = std::sregex_iterator(sizes.output.begin(), sizes.output.end(), size);
         it != std::sregex_iterator(); ++it) {
        auto& page = pages.at(static_cast<std::size_t>(std::stoi((*it)[1])) - 1);
        page.width = std::stod((*it)[2]);
        page.height = std::stod((*it)[3]);
        page.a4 = (*it)[4].matched;
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
        pages[i].text = test::runCommand(fmt::format("pdftotext -f {} -l {} -layout '{}' -", i + 1,
                                                     i + 1, pdf.string()))
                            .output;
    }
    return pages;
}

// A month to print: a register of many pages, every chart with something to draw.
MonthlyReport month(Journal& j) {
    const std::vector<std::string> municipalities = {"Энск", "Энский район", "Заречный район"};
    const std::vector<std::string> departments = {"family-payments", "pensions", "employment"};
    for (int i = 0; i < 150; ++i) {
        IncomingCall c;
        c.receivedAt = fmt::format("2026-11-{:02} {:02}:{:02}", 1 + i % 30, 9 + i % 8, i % 60);
        c.municipality = municipalities[i % 3];
        c.department = departments[i % 3];
        c.operatorName = test::monthOperators()[static_cast<std::size_t>(i) % 3];
        c.question = fmt::format("Вопрос {} о мерах социальной поддержки: порядок назначения, "
                                 "документы, сроки и куда обратиться",
                                 i);
        c.organizations = "УСЗН г. Энска";
        c.survey.answered = i % 4 == 0 ? Answered::No : Answered::Yes;
        c.survey.satisfaction =
            i % 5 == 0 ? Satisfaction::PartlySatisfied : Satisfaction::Satisfied;
        const auto id = j.addIncoming(c);
        if (i % 10 == 0) {
            j.deferAnswer(id, "", "");
        }
    }
    for (int i = 0; i < 5; ++i) {
        OutgoingCall o;
        o.calledAt = fmt::format("2026-11-{:02} 15:00", 2 + i);
        o.question = "уточнение";
        j.addOutgoing(o);
    }
    ReportOptions options;
    options.organization = "Министерство труда и социальной защиты населения Энской области";
    return buildMonthlyReport(j, std::chrono::year{2026} / std::chrono::November, options);
}

} // namespace

TEST_CASE("print: the monthly report prints registers landscape with their header on every page, "
          "each chart whole on a page, the signature at the end") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const auto report = month(j);
    const auto file = dir.path() / "отчёт.xlsx";
    writeReport(report, core::ReportFormat::Xlsx, file);
    std::string problem;
    const auto pages = printed(file, problem);
    INFO(problem);
    REQUIRE(pages.size() > 4);
    const auto pageOf = [&](const std::string& text) {
        for (std::size_t i = 0; i < pages.size(); ++i) {
            if (pages[i].has(text)) {
                return i;
            }
        }
        return pages.size();
    };
    const std::size_t outgoing = pageOf("ЖУРНАЛ регистрации исходящих звонков");
    const std::size_t analysis = pageOf("Анализ звонков на горячую линию");
    REQUIRE(outgoing < analysis);
    REQUIRE(analysis < pages.size());

    // Приложение 1: several pages, landscape A4, the header row on each, the signature on its
    // last page.
    REQUIRE(outgoing >= 3);
    for (std::size_t i = 0; i < outgoing; ++i) {
        INFO("page " << i + 1 << ":\n" << pages[i].text);
        CHECK(pages[i].a4);
        CHECK(pages[i].landscape());
        CHECK(pages[i].has("Краткое содержание вопроса"));
        CHECK(pages[i].has("№ п/п"));
    }
    CHECK(pages[outgoing - 1].has("Начальник отдела"));
    for (std::size_t i = outgoing; i < analysis; ++i) {
        CHECK(pages[i].landscape());
        CHECK(pages[i].has("№ п/п"));
    }

    // «Анализ»: portrait A4, each chart whole on one page — its title and, below it, what it
    // names — with no page of a chart's pieces; the signature on the very last page.
    for (std::size_t i = analysis; i < pages.size(); ++i) {
        CHECK(pages[i].a4);
        CHECK_FALSE(pages[i].landscape());
    }
    const std::vector<std::pair<std::string, std::vector<std::string>>> charts = {
        {"Звонки по темам", {"family-payments", "pensions", "employment"}},
        {"Звонки по муниципальным образованиям", {"Энск", "Энский район", "Заречный район"}},
        {"Звонки по дням", {}},
        {"Получен ли ответ на вопрос", {"да", "нет", "не ответили"}},
        {"Оценка работы консультанта", {"удовлетворен", "частично удовлетворен"}},
        {"Отсроченные ответы: даны ли в срок", {"дано в срок", "ещё не дано"}},
        {"Звонки по специалистам", test::monthOperators()},
    };
    std::size_t firstChart = pages.size();
    for (const auto& [title, labels] : charts) {
        INFO(title);
        int seen = 0;
        for (std::size_t i = analysis; i < pages.size(); ++i) {
            const std::string text = pages[i].flat();
            const auto at = text.find(title);
            if (at == std::string::npos) {
                continue;
            }
            ++seen;
            firstChart = std::min(firstChart, i);
            INFO("page " << i + 1 << ":\n" << pages[i].text);
            for (const auto& label : labels) {
                CHECK(text.find(label, at) != std::string::npos);
            }
        }
        CHECK(seen == 1);
    }
    REQUIRE(firstChart < pages.size());
    for (std::size_t i = firstChart; i < pages.size(); ++i) {
        INFO("page " << i + 1 << ":\n" << pages[i].text);
        CHECK(std::any_of(charts.begin(), charts.end(), [&](const auto& chart) {
            return pages[i].flat().find(chart.first) != std::string::npos;
        }));
    }
    CHECK(pages.back().has("Начальник отдела"));
}
