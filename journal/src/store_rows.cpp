#include "store_rows.h"

#include "sufler/core/error.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sufler::journal::rows {

std::string toJson(const std::vector<std::string>& values) {
    return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string toJson(const std::vector<Transfer>& transfers) {
    auto array = nlohmann::json::array();
    for (const auto& t : transfers) {
        array.push_back({{"to", t.to},
                         {"department", t.department},
                         {"note", t.note},
                         {"via_script", t.viaScript}});
    }
    return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> stringsFromJson(const std::string& text) {
    std::vector<std::string> out;
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_array()) {
        for (const auto& v : json) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

std::vector<Transfer> transfersFromJson(const std::string& text) {
    std::vector<Transfer> out;
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_array()) {
        for (const auto& v : json) {
            if (v.is_object()) {
                out.push_back(Transfer{v.value("to", ""), v.value("department", ""),
                                       v.value("note", ""), v.value("via_script", false)});
            }
        }
    }
    return out;
}

Date dateOrThrow(const std::string& text) {
    auto d = parseDate(text.substr(0, std::min<std::size_t>(text.size(), 10)));
    if (!d) {
        throw Error(fmt::format("журнал: неверная дата «{}»", text));
    }
    return *d;
}

std::string periodFrom(const Period& p) {
    return p.from ? formatIsoDate(*p.from) : "0000-00-00";
}

std::string periodTo(const Period& p) {
    return p.to ? formatIsoDate(*p.to) + "~" : "9999~";
}

void Nesting::run(const std::function<void()>& body, const std::function<void()>& begin,
                  const std::function<void()>& rollback, const std::function<void()>& commit) {
    const bool outermost = depth == 0;
    if (outermost) {
        begin();
        failed = false;
    }
    ++depth;
    try {
        body();
    } catch (...) {
        --depth;
        if (outermost) {
            rollback();
        } else {
            failed = true;
        }
        throw;
    }
    --depth;
    if (!outermost) {
        return;
    }
    if (failed) {
        rollback();
        throw Error("журнал: часть записи не удалась, ничего не записано");
    }
    commit();
}

} // namespace sufler::journal::rows
