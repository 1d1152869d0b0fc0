#include "support.h"

#include "sufler/core/text.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <iconv.h>
#include <unzip.h>

namespace sufler::test {

const std::vector<std::string>& hostileTexts() {
    static const std::vector<std::string> texts = {
        "Иванова Мария Петровна",
        "'); DROP TABLE incoming_calls; --",
        "\" OR 1=1 -- ; \\ % _ ?1 :name @x $y",
        std::string("нулевой\0байт", 23),
        "управляющие\x01\x02\x1b[31mсимволы\x7f",
        "строка\nперенос\r\nи\tтабуляция",
        "\xff\xfe не UTF-8 \xc3\x28",
        std::string(100000, 'x') + "конец",
        "«кавычки» “разные” 'одинарные' `обратные`",
        "emoji 😀 и иероглифы 漢字",
        "",
        "   пробелы по краям   ",
        "<script>alert(1)</script> &amp; ]]>",
        "=CMD|' /C calc'!A0",
    };
    return texts;
}

journal::IncomingCall fullCard(int seed, const std::string& text) {
    journal::IncomingCall c;
    c.number = 100 + seed;
    c.receivedAt = fmt::format("2026-11-{:02} 10:{:02}:{:02}", 2 + seed % 20, seed % 60, seed % 60);
    c.phone = fmt::format("+7 (900) 000-{:02}-{:02}", seed % 100, (seed * 7) % 100);
    c.gender = seed % 2 ? journal::Gender::Female : journal::Gender::Male;
    c.callerName = "Петрова Анна " + text;
    c.callerBirthYear = std::to_string(1940 + seed % 60);
    c.municipality = "Заречный район";
    c.question = text;
    c.organizations = "УСЗН Заречного района; ЦЗН";
    c.operatorName = "Сидорова О. В.";
    c.note = "примечание " + text;
    c.department = "family-payments";
    c.entriesUsed = {"departments/family-payments/faq.md#posobie", text};
    c.script = "scripts/deferred.md";
    c.scriptAdherence = 0.75;
    c.transfers = {
        journal::Transfer{"Отдел выплат, Иванова М. П., начальник", "family-payments", text},
        journal::Transfer{"ЦЗН", "", ""}};
    c.survey = {journal::Answered::Yes, journal::Satisfaction::PartlySatisfied};
    c.durationSeconds = 300 + seed;
    c.urgent = true;
    c.aggressive = seed % 3 == 0;
    c.complaint = true;
    c.outsideCompetence = seed % 2 == 1;
    c.kbAnswer = journal::KbAnswer::NotFound;
    c.source = "console";
    return c;
}

const std::vector<std::string>& monthOperators() {
    static const std::vector<std::string> operators = {"Сидорова О. В.", "Петров А. А.",
                                                       "Кузьмина Л. Л."};
    return operators;
}

const std::vector<std::string>& monthOrganizations() {
    static const std::vector<std::string> organizations = {"УСЗН г. Энска", "УСЗН г. Энска; ЦЗН",
                                                           ""};
    return organizations;
}

std::string reportKey(const std::string& value) {
    return value.empty() ? "(не указано)" : value;
}

std::map<std::string, int> jsonCounts(const nlohmann::json& object) {
    std::map<std::string, int> out;
    for (const auto& [k, v] : object.items()) {
        REQUIRE(v.is_number_integer());
        out[k] = v.get<int>();
    }
    return out;
}

void checkReportJson(const nlohmann::json& report, const MonthFigures& expected) {
    const auto& in = report.at("incoming");
    CHECK(in.at("total") == expected.incoming);
    CHECK(jsonCounts(in.at("by_municipality")) == expected.municipality);
    CHECK(jsonCounts(in.at("by_topic")) == expected.topic);
    CHECK(jsonCounts(in.at("by_operator")) == expected.oper);
    CHECK(jsonCounts(in.at("by_organization")) == expected.organization);
    CHECK(in.at("answered") == expected.answered);
    CHECK(in.at("satisfied") == expected.satisfied);
    CHECK(in.at("partly_satisfied") == expected.partly);
    CHECK(in.at("not_satisfied") == expected.notSatisfied);
    CHECK(in.at("transfers") == expected.transfers);
    CHECK(report.at("outgoing").at("total") == expected.outgoing);
    CHECK(report.at("deferred").at("total") == expected.deferred);
    CHECK(report.at("deferred").at("on_time") == expected.onTime);
}

void countOrganizations(std::map<std::string, int>& counts, const std::string& organizations) {
    if (organizations.empty()) {
        counts["(не указано)"]++;
        return;
    }
    counts["УСЗН г. Энска"]++; // in every non-empty choice
    if (organizations.find("ЦЗН") != std::string::npos) {
        counts["ЦЗН"]++;
    }
}

std::string toCp1251(const std::string& utf8) {
    iconv_t cd = iconv_open("CP1251", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size(), '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t inLeft = utf8.size();
    char* dst = out.data();
    std::size_t outLeft = out.size();
    const auto rc = iconv(cd, &in, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    REQUIRE(rc != static_cast<std::size_t>(-1));
    out.resize(out.size() - outLeft);
    return out;
}

bool zipHas(const std::filesystem::path& file, const char* member) {
    unzFile zip = unzOpen64(file.c_str());
    if (!zip) {
        return false;
    }
    const bool found = unzLocateFile(zip, member, 0) == UNZ_OK;
    unzClose(zip);
    return found;
}

journal::Journal freshJournal(const std::filesystem::path& dir, const std::string& name) {
    return journal::Journal::open(dir / name);
}

std::string freshJournalWhere(const std::string& engine, const std::filesystem::path& dir) {
    if (engine == "postgres") {
        return freshPgDatabase();
    }
    REQUIRE(engine == "sqlite");
    return (dir / "journal.sqlite").string();
}

journal::Journal freshJournal(const std::string& engine, const std::filesystem::path& dir) {
    return journal::Journal::open(freshJournalWhere(engine, dir));
}

std::string storedText(const std::string& engine, const std::string& text) {
    if (engine != "postgres") {
        return text;
    }
    std::string out = core::toValidUtf8(text);
    std::string withoutNul;
    for (const char c : out) {
        withoutNul += c == '\0' ? std::string("\xEF\xBF\xBD") : std::string(1, c);
    }
    return withoutNul;
}

} // namespace sufler::test
