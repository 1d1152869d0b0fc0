// libpq behind RAII, and libpq's and the server's failures said in one Russian line.
#include "pg.h"

#include "sufler/core/text.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <memory>

namespace sufler::pg {

namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// The first line of a libpq message, without "FATAL:  " or the "connection to server … failed:"
// lead that only repeats where it tried.
std::string reason(std::string_view message) {
    std::string_view line = message.substr(0, message.find('\n'));
    for (const std::string_view lead : {"failed: ", "FATAL:  ", "ERROR:  ", "ВАЖНО:  "}) {
        const auto at = line.find(lead);
        if (at != std::string_view::npos) {
            line = line.substr(at + lead.size());
        }
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    return core::toValidUtf8(line);
}

// The text with any password cut out, for a string libpq could not parse.
std::string withoutPassword(std::string_view where) {
    std::string out(where);
    // URI: scheme://user:password@host…
    const auto scheme = out.find("://");
    if (scheme != std::string::npos) {
        const auto at = out.find('@', scheme + 3);
        const auto slash = out.find('/', scheme + 3);
        if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
            const auto colon = out.find(':', scheme + 3);
            if (colon != std::string::npos && colon < at) {
                out.erase(colon, at - colon);
            }
        }
    }
    // password=… as a key of key=value pairs or of the URI's query.
    for (auto at = out.find("password"); at != std::string::npos; at = out.find("password", at)) {
        auto end = at + 8;
        while (end < out.size() && out[end] == ' ') {
            ++end;
        }
        if (end < out.size() && out[end] == '=') {
            ++end;
            while (end < out.size() && out[end] == ' ') {
                ++end;
            }
            auto stop = end;
            if (stop < out.size() && out[stop] == '\'') {
                stop = out.find('\'', stop + 1);
                stop = stop == std::string::npos ? out.size() : stop + 1;
            } else {
                while (stop < out.size() && out[stop] != ' ' && out[stop] != '&') {
                    ++stop;
                }
            }
            out.replace(end, stop - end, "***");
            at = end;
        } else {
            at = end;
        }
    }
    return out;
}

struct ConnInfo {
    std::string host, port, dbname, user, service;
};

std::string describeParts(const ConnInfo& c) {
    std::string out = "PostgreSQL ";
    if (!c.service.empty()) {
        out += fmt::format("service={}", c.service);
        if (!c.user.empty() || !c.host.empty() || !c.dbname.empty()) {
            out += " ";
        }
    }
    if (!c.user.empty()) {
        out += c.user + "@";
    }
    if (!c.host.empty() || c.service.empty()) {
        out += c.host.empty() ? std::string("localhost") : c.host;
    }
    if (!c.port.empty()) {
        out += ":" + c.port;
    }
    if (!c.dbname.empty()) {
        out += "/" + c.dbname;
    }
    return out;
}

std::optional<ConnInfo> parse(const std::string& where, std::string* error) {
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(where.c_str(), &err);
    if (!options) {
        if (error) {
            *error = err ? reason(err) : "нехватка памяти";
        }
        PQfreemem(err);
        return std::nullopt;
    }
    ConnInfo info;
    for (auto* o = options; o->keyword; ++o) {
        if (!o->val) {
            continue;
        }
        const std::string_view key = o->keyword;
        if (key == "host" || (key == "hostaddr" && info.host.empty())) {
            info.host = o->val;
        } else if (key == "port") {
            info.port = o->val;
        } else if (key == "dbname") {
            info.dbname = o->val;
        } else if (key == "user") {
            info.user = o->val;
        } else if (key == "service") {
            info.service = o->val;
        }
    }
    PQconninfoFree(options);
    return info;
}

// Why a connection failed, in words that say what to fix.
std::string connectFailure(PGconn* conn, const std::string& described) {
    const std::string message = conn ? PQerrorMessage(conn) : "нехватка памяти";
    const std::string user = conn && PQuser(conn) ? PQuser(conn) : "";
    const std::string db = conn && PQdb(conn) ? PQdb(conn) : "";
    if (conn && PQconnectionNeedsPassword(conn)) {
        return fmt::format("{}: сервер требует пароль пользователя {}, а он не задан — впишите "
                           "его в ~/.pgpass (или в файл служб pg_service.conf)",
                           described, user);
    }
    if (contains(message, "password authentication failed") ||
        contains(message, "не прошёл проверку подлинности") ||
        contains(message, "SCRAM authentication")) {
        return fmt::format("{}: неверный пароль пользователя {} — проверьте ~/.pgpass или файл "
                           "служб pg_service.conf",
                           described, user);
    }
    // TLS comes before «does not exist»: a missing CA file is reported in those words too.
    if (contains(message, "root certificate file")) {
        return fmt::format("{}: нет файла сертификата центра сертификации для проверки сервера "
                           "(sslmode=verify-full) — положите его в ~/.postgresql/root.crt или "
                           "укажите путь в sslrootcert — {}",
                           described, reason(message));
    }
    if (contains(message, "does not match host name")) {
        return fmt::format("{}: сертификат сервера выдан на другое имя — подключайтесь по имени "
                           "из сертификата (host=…), а не по адресу — {}",
                           described, reason(message));
    }
    if (contains(message, "certificate verify failed") ||
        contains(message, "certificate has expired")) {
        return fmt::format("{}: сертификат сервера не прошёл проверку (не тем центром "
                           "сертификации выдан или просрочен) — {}",
                           described, reason(message));
    }
    if (contains(message, "does not exist") || contains(message, "не существует")) {
        if (contains(message, "role") || contains(message, "роль")) {
            return fmt::format("{}: пользователя (роли) {} на сервере нет", described, user);
        }
        return fmt::format("{}: базы данных {} на сервере нет — создайте её (createdb) или "
                           "исправьте строку подключения",
                           described, db);
    }
    if (contains(message, "pg_hba.conf")) {
        return fmt::format("{}: сервер не пускает пользователя {} с этого компьютера (нет "
                           "подходящей строки в pg_hba.conf)",
                           described, user);
    }
    if (contains(message, "definition of service") || contains(message, "service file")) {
        return fmt::format("{}: такой службы нет ни в ~/.pg_service.conf, ни в файле "
                           "PGSERVICEFILE, ни в pg_service.conf системы — {}",
                           described, reason(message));
    }
    // The server's own refusals are above; what is left before an answer is the way to it.
    if (message.starts_with("connection to server") ||
        contains(message, "could not translate host name") || contains(message, "timeout") ||
        contains(message, "server closed the connection")) {
        return fmt::format("{}: сервер журнала недоступен — {}", described, reason(message));
    }
    return fmt::format("{}: не удалось подключиться к серверу журнала — {}", described,
                       reason(message));
}

} // namespace

bool isConnectionString(std::string_view where) {
    return where.starts_with("postgresql://") || where.starts_with("postgres://") ||
           where.starts_with("service=");
}

std::string describe(const std::string& where) {
    const auto info = parse(where, nullptr);
    return info ? describeParts(*info) : withoutPassword(where);
}

void checkServerVersion(int version, const std::string& described) {
    if (version < kMinServerVersion) {
        throw Error(fmt::format("{}: сервер PostgreSQL {}.{} слишком старый — журналу нужен "
                                "PostgreSQL {} или новее (проверен на 15)",
                                described, version / 10000, version % 10000,
                                kMinServerVersion / 10000));
    }
}

// --- parameters -----------------------------------------------------------------------------

std::string text(std::string_view value) {
    std::string out = core::toValidUtf8(value);
    for (auto at = out.find('\0'); at != std::string::npos; at = out.find('\0', at)) {
        out.replace(at, 1, "\xEF\xBF\xBD");
    }
    return out;
}

Params& Params::add(std::string_view value) {
    m_values.emplace_back(text(value));
    return *this;
}

Params& Params::add(std::int64_t value) {
    m_values.emplace_back(std::to_string(value));
    return *this;
}

Params& Params::add(bool value) {
    m_values.emplace_back(value ? "true" : "false");
    return *this;
}

Params& Params::add(double value) {
    m_values.emplace_back(fmt::format("{}", value)); // shortest text that reads back the same
    return *this;
}

Params& Params::addNull() {
    m_values.emplace_back(std::nullopt);
    return *this;
}

std::vector<const char*> Params::pointers() const {
    std::vector<const char*> out;
    out.reserve(m_values.size());
    for (const auto& v : m_values) {
        out.push_back(v ? v->c_str() : nullptr);
    }
    return out;
}

// --- results --------------------------------------------------------------------------------

Result& Result::operator=(Result&& other) noexcept {
    if (this != &other) {
        PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

Result::~Result() {
    PQclear(m_result);
}

int Result::rows() const {
    return m_result ? PQntuples(m_result) : 0;
}

bool Result::isNull(int row, int column) const {
    return PQgetisnull(m_result, row, column) != 0;
}

std::string Result::text(int row, int column) const {
    return std::string(PQgetvalue(m_result, row, column),
                       static_cast<std::size_t>(PQgetlength(m_result, row, column)));
}

std::int64_t Result::integer(int row, int column) const {
    const char* v = PQgetvalue(m_result, row, column);
    std::int64_t out = 0;
    std::from_chars(v, v + std::strlen(v), out);
    return out;
}

double Result::real(int row, int column) const {
    const char* v = PQgetvalue(m_result, row, column);
    double out = 0;
    std::from_chars(v, v + std::strlen(v), out); // not strtod: the locale's comma
    return out;
}

bool Result::boolean(int row, int column) const {
    return PQgetvalue(m_result, row, column)[0] == 't';
}

int Result::affected() const {
    const char* n = PQcmdTuples(m_result);
    int out = 0;
    std::from_chars(n, n + std::strlen(n), out);
    return out;
}

// --- the connection -------------------------------------------------------------------------

Connection::Connection(const std::string& where) {
    std::string parseError;
    const auto info = parse(where, &parseError);
    if (!info) {
        throw Error(fmt::format("«{}» — не строка подключения PostgreSQL: {}",
                                withoutPassword(where), parseError));
    }
    m_described = describeParts(*info);
    // Defaults before the string (it may change them), the encoding after it (the program
    // speaks UTF-8 whatever the string says).
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                              nullptr};
    const char* values[] = {"10", "sufler", where.c_str(), "UTF8", nullptr};
    m_conn = PQconnectdbParams(keywords, values, 1);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        const std::string message = connectFailure(m_conn, m_described);
        PQfinish(m_conn);
        m_conn = nullptr;
        throw Error(message);
    }
    // The server's notices («relation already exists, skipping») are not the user's business:
    // libpq would print them on stderr.
    PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
    // What the server actually is (a service file or defaults may have filled the string in).
    m_described = describeParts(ConnInfo{
        PQhost(m_conn) ? PQhost(m_conn) : "", PQport(m_conn) ? PQport(m_conn) : "",
        PQdb(m_conn) ? PQdb(m_conn) : "", PQuser(m_conn) ? PQuser(m_conn) : "", info->service});
    try {
        checkServerVersion(PQserverVersion(m_conn), m_described);
    } catch (...) {
        PQfinish(m_conn);
        m_conn = nullptr;
        throw;
    }
}

Connection::~Connection() {
    PQfinish(m_conn);
}

void Connection::reconnect() {
    PQreset(m_conn);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        throw Error(connectFailure(m_conn, m_described));
    }
}

bool Connection::inTransaction() const {
    const auto status = PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void Connection::fail(PGresult* result, std::string_view sql) {
    const std::unique_ptr<PGresult, decltype(&PQclear)> owned(result, &PQclear);
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    // Lost: libpq says so, or the error is libpq's own (no SQLSTATE: the answer never came),
    // or the server's «connection exception» (08) and shutdown (57P) classes.
    const std::string_view code = state ? state : "";
    const bool lost = PQstatus(m_conn) == CONNECTION_BAD || code.empty() ||
                      code.starts_with("08") || code.starts_with("57P");
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const std::string why = primary ? core::toValidUtf8(primary) : reason(PQerrorMessage(m_conn));
    if (lost) {
        throw QueryError(
            fmt::format("{}: связь с сервером журнала прервана — {}", m_described, why), "", true);
    }
    if (state && std::string_view(state) == "42501") {
        // Removing rows (the purge) and moving a desk's journal in (moved_records) are the
        // manager's: naming the operator's role there would send IT to grant what does not help.
        const bool managers =
            contains(sql, "DELETE") || contains(sql, "TRUNCATE") || contains(sql, "moved_records");
        throw QueryError(
            fmt::format("{}: у пользователя {} нет на это прав — {}; {} (sufler journal "
                        "init-server создаёт роли)",
                        m_described, PQuser(m_conn), why,
                        managers ? "удалять записи и переносить журналы рабочих мест "
                                   "может только руководитель: нужна роль sufler_manager"
                                 : "права даёт роль sufler_operator или sufler_manager"),
            state, false);
    }
    throw QueryError(fmt::format("{}: сервер журнала отказал — {}{}", m_described, why,
                                 state ? fmt::format(" (SQLSTATE {})", state) : ""),
                     state ? state : "", false);
}

Result Connection::exec(std::string_view sql, const Params& params) {
    const std::string statement(sql);
    const auto values = params.pointers();
    PGresult* result = PQexecParams(m_conn, statement.c_str(), params.size(), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail(result, sql);
    }
    return Result(result);
}

void Connection::execScript(std::string_view sql) {
    const std::string statement(sql);
    PGresult* result = PQexec(m_conn, statement.c_str());
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        fail(result, sql);
    }
    PQclear(result);
}

void Connection::execQuietly(const char* sql) noexcept {
    PQclear(PQexec(m_conn, sql));
}

} // namespace sufler::pg
