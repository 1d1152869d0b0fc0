#pragma once
// The test PostgreSQL server: one per test run, started by the CTest fixture `sufler_pg`
// (tools/pg-test-server.sh, writing <build>/pg-test/uri), or by the test program itself when
// it runs alone; SUFLER_TEST_PG (a connection URI of a server where the user may create
// databases) names another one. Each test makes a database of its own on it.
#include <filesystem>
#include <optional>
#include <string>

namespace sufler::test {

// Whether a server is there. When it is not, says why: the test FAILs in CI (CI set), and
// elsewhere WARNs and should return (Catch2 v2 has no skip).
[[nodiscard]] bool pgAvailable();

// A new empty database on the test server (`CREATE DATABASE t_… TEMPLATE template0`): its
// connection URI. FAILs the test when there is no server.
[[nodiscard]] std::string freshPgDatabase();

// The first cell of what `sql` returns on `uri` ("" for a command); FAILs on an error.
std::string pgQuery(const std::string& uri, const std::string& sql);

// `uri` with the database `dbname` instead of its own.
[[nodiscard]] std::string pgUriWithDatabase(const std::string& uri, const std::string& dbname);

// A server of the test's own, for tests that stop and start it (tools/pg-test-server.sh in a
// temp folder); stopped and removed when it goes.
class PgServer {
public:
    PgServer(); // FAILs the test when it cannot start
    ~PgServer();
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    [[nodiscard]] const std::string& uri() const { return m_uri; } // database `postgres`
    [[nodiscard]] std::string createDatabase() const;              // a fresh one's URI
    void crash();                                                  // pg_ctl stop -m immediate
    void restart();                                                // start again on the same data
    // From now on every connection must give `password` (scram-sha-256) as user postgres.
    void requirePassword(const std::string& password);

private:
    std::filesystem::path m_dir;
    std::string m_uri;
};

} // namespace sufler::test
