#include "pg_server.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <unistd.h>

namespace sufler::test {

namespace {

std::string firstLine(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

std::filesystem::path script() {
    return sourceDir() / "tools" / "pg-test-server.sh";
}

// A server started by this program, stopped when the program ends.
struct OwnServer {
    std::filesystem::path dir;
    ~OwnServer() {
        (void)runCommand(fmt::format("'{}' stop '{}' 2>&1", script().string(), dir.string()));
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

std::filesystem::path newFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sufler-pg-run.XXXXXX");
    if (!::mkdtemp(pattern.data())) {
        return {};
    }
    return pattern;
}

struct Server {
    std::string uri;
    std::string problem;
    std::unique_ptr<OwnServer> own;
};

Server& server() {
    static Server s;
    static std::once_flag once;
    std::call_once(once, [] {
        if (const char* given = std::getenv("SUFLER_TEST_PG"); given && *given) {
            s.uri = given;
            return;
        }
        const std::filesystem::path fixture = SUFLER_PG_TEST_DIR;
        if (std::filesystem::exists(fixture / "uri")) {
            s.uri = firstLine(fixture / "uri");
            return;
        }
        if (std::filesystem::exists(fixture / "unavailable")) {
            s.problem = firstLine(fixture / "unavailable");
            return;
        }
        // Run alone, outside ctest: a server of this program's own.
        auto own = std::make_unique<OwnServer>();
        own->dir = newFolder();
        const auto r = runCommand(fmt::format("SUFLER_PG_OWNER_PID={} '{}' start '{}' 2>&1",
                                              ::getpid(), script().string(), own->dir.string()));
        if (std::filesystem::exists(own->dir / "uri")) {
            s.uri = firstLine(own->dir / "uri");
            s.own = std::move(own);
        } else if (std::filesystem::exists(own->dir / "unavailable")) {
            s.problem = firstLine(own->dir / "unavailable");
        } else {
            s.problem = "тестовый сервер PostgreSQL не запустился: " + r.output;
        }
    });
    return s;
}

std::string createDatabaseOn(const std::string& uri) {
    static std::atomic<int> counter{0};
    static const auto salt = std::random_device{}();
    const std::string name = fmt::format("t_{}_{}_{:x}", ::getpid(), ++counter, salt);
    PGconn* conn = PQconnectdb(uri.c_str());
    const bool connected = PQstatus(conn) == CONNECTION_OK;
    std::string problem = connected ? "" : PQerrorMessage(conn);
    if (connected) {
        PGresult* r =
            PQexec(conn, fmt::format("CREATE DATABASE {} TEMPLATE template0", name).c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            problem = PQresultErrorMessage(r);
        }
        PQclear(r);
    }
    PQfinish(conn);
    if (!problem.empty()) {
        FAIL("тестовая база на сервере PostgreSQL не создана: " << problem);
    }
    return pgUriWithDatabase(uri, name);
}

} // namespace

std::string pgQuery(const std::string& uri, const std::string& sql) {
    PGconn* conn = PQconnectdb(uri.c_str());
    std::string problem = PQstatus(conn) == CONNECTION_OK ? "" : PQerrorMessage(conn);
    std::string value;
    if (problem.empty()) {
        PGresult* r = PQexec(conn, sql.c_str());
        const auto status = PQresultStatus(r);
        if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) {
            value = PQgetvalue(r, 0, 0);
        } else if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            problem = PQresultErrorMessage(r);
        }
        PQclear(r);
    }
    PQfinish(conn);
    INFO(sql);
    if (!problem.empty()) {
        FAIL(problem);
    }
    return value;
}

bool pgAvailable() {
    const auto& s = server();
    if (!s.uri.empty()) {
        return true;
    }
    if (const char* ci = std::getenv("CI"); ci && *ci) {
        FAIL("нет тестового сервера PostgreSQL: " << s.problem);
    }
    WARN("тест на PostgreSQL пропущен: " << s.problem);
    return false;
}

std::string freshPgDatabase() {
    if (!pgAvailable()) {
        FAIL("нет тестового сервера PostgreSQL");
    }
    return createDatabaseOn(server().uri);
}

std::string pgUriWithDatabase(const std::string& uri, const std::string& dbname) {
    const auto scheme = uri.find("://");
    REQUIRE(scheme != std::string::npos);
    auto path = uri.find('/', scheme + 3);
    const auto query = uri.find('?', scheme + 3);
    if (path == std::string::npos || (query != std::string::npos && path > query)) {
        // No path: the database goes before the query.
        const auto at = query == std::string::npos ? uri.size() : query;
        return uri.substr(0, at) + "/" + dbname + uri.substr(at);
    }
    const auto end = query == std::string::npos ? uri.size() : query;
    return uri.substr(0, path + 1) + dbname + uri.substr(end);
}

PgServer::PgServer() : m_dir(newFolder()) {
    const auto r = runCommand(fmt::format("SUFLER_PG_OWNER_PID={} '{}' start '{}' 2>&1", ::getpid(),
                                          script().string(), m_dir.string()));
    if (!std::filesystem::exists(m_dir / "uri")) {
        FAIL("тестовый сервер PostgreSQL не запустился: " << r.output);
    }
    m_uri = firstLine(m_dir / "uri");
}

PgServer::~PgServer() {
    (void)runCommand(fmt::format("'{}' stop '{}' 2>&1", script().string(), m_dir.string()));
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
}

void PgServer::requirePassword(const std::string& password) {
    (void)pgQuery(m_uri, fmt::format("ALTER ROLE postgres PASSWORD '{}'", password));
    const auto data = std::filesystem::path(firstLine(m_dir / "data-dir")) / "data";
    {
        std::ofstream hba(data / "pg_hba.conf", std::ios::trunc);
        hba << "local all all scram-sha-256\n";
        REQUIRE(hba.good());
    }
    (void)pgQuery(m_uri + "&password=" + password, "SELECT pg_reload_conf()");
}

std::string PgServer::createDatabase() const {
    return createDatabaseOn(m_uri);
}

void PgServer::crash() {
    const auto r =
        runCommand(fmt::format("'{}' crash '{}' 2>&1", script().string(), m_dir.string()));
    REQUIRE(r.exitCode == 0);
}

void PgServer::restart() {
    const auto r =
        runCommand(fmt::format("'{}' restart '{}' 2>&1", script().string(), m_dir.string()));
    INFO(r.output);
    REQUIRE(r.exitCode == 0);
}

} // namespace sufler::test
