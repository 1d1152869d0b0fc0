#pragma once
// Shared pieces of the journal tests: odd and hostile text, a fully filled card.
#include "pg_server.h"

#include "sufler/journal/journal.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sufler::test {

// Text people type or paste, and text meant to break things: each must be stored and shown
// exactly as given.
[[nodiscard]] const std::vector<std::string>& hostileTexts();

// A card with every field set (from `seed`, so two cards differ).
[[nodiscard]] journal::IncomingCall fullCard(int seed, const std::string& text = "вопрос");

// UTF-8 text as Russian Excel saves a CSV: Windows-1251.
[[nodiscard]] std::string toCp1251(const std::string& utf8);

// Whether the zip (an xlsx) holds the part `member`.
[[nodiscard]] bool zipHas(const std::filesystem::path& file, const char* member);

// Opens a fresh journal file in `dir`.
[[nodiscard]] journal::Journal freshJournal(const std::filesystem::path& dir,
                                            const std::string& name = "journal.sqlite");

// The engines the journal's tests run on: "sqlite" (a file) and "postgres" (the test server).
// Where a fresh journal of `engine` is: a new file in `dir`, or a new database on the test
// server (support/pg_server.h).
[[nodiscard]] std::string freshJournalWhere(const std::string& engine,
                                            const std::filesystem::path& dir);
[[nodiscard]] journal::Journal freshJournal(const std::string& engine,
                                            const std::filesystem::path& dir);

// What a text typed into a card reads back as from `engine`: PostgreSQL text holds no NUL
// byte and only valid UTF-8, each other byte reads back as U+FFFD; SQLite keeps the bytes.
[[nodiscard]] std::string storedText(const std::string& engine, const std::string& text);

} // namespace sufler::test

// Runs the rest of the test case once on each engine (a Catch2 GENERATE), naming the engine in
// failures. Without a PostgreSQL server the second run says so and ends (and fails in CI).
#define SUFLER_FOR_EACH_ENGINE(engine)                                                             \
    const std::string engine = GENERATE(as<std::string>{}, "sqlite", "postgres");                  \
    if (engine == "postgres" && !::sufler::test::pgAvailable()) {                                  \
        return;                                                                                    \
    }                                                                                              \
    INFO("engine: " << engine)

namespace sufler::test {

// What the generated months of the report tests draw operators and organisations from.
[[nodiscard]] const std::vector<std::string>& monthOperators();
[[nodiscard]] const std::vector<std::string>& monthOrganizations(); // "" among them

// A figure's key as the report writes it: «(не указано)» for an empty field.
[[nodiscard]] std::string reportKey(const std::string& value);

// The figures of a generated month, counted by the test itself as it made the calls.
struct MonthFigures {
    int incoming = 0;
    int outgoing = 0;
    std::map<std::string, int> municipality, topic, oper, organization;
    int answered = 0, satisfied = 0, partly = 0, notSatisfied = 0, transfers = 0;
    int deferred = 0, onTime = 0;
};

// A JSON object of counts as a map; every value must be an integer.
[[nodiscard]] std::map<std::string, int> jsonCounts(const nlohmann::json& object);

// Checks the figures of `sufler report --format json` against those the test counted.
void checkReportJson(const nlohmann::json& report, const MonthFigures& expected);

// Counts a call under each organisation of monthOrganizations() its text names, as the report
// splits them, or under «(не указано)».
void countOrganizations(std::map<std::string, int>& counts, const std::string& organizations);

} // namespace sufler::test
