// A call card as JSON, and back (sufler/journal/card_json.h).
#include "sufler/journal/card_json.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

namespace sufler::journal {

nlohmann::json toJson(const IncomingCall& c) {
    auto transfers = nlohmann::json::array();
    for (const auto& t : c.transfers) {
        transfers.push_back({{"to", t.to},
                             {"department", t.department},
                             {"note", t.note},
                             {"via_script", t.viaScript}});
    }
    return {{"id", c.id},
            {"number", c.number},
            {"received_at", c.receivedAt},
            {"phone", c.phone},
            {"gender", std::string(genderRu(c.gender))},
            {"caller_name", c.callerName},
            {"caller_birth_year", c.callerBirthYear},
            {"municipality", c.municipality},
            {"question", c.question},
            {"organizations", c.organizations},
            {"operator", c.operatorName},
            {"note", c.note},
            {"department", c.department},
            {"entries_used", c.entriesUsed},
            {"script", c.script},
            {"script_adherence",
             c.scriptAdherence ? nlohmann::json(*c.scriptAdherence) : nlohmann::json(nullptr)},
            {"transfers", transfers},
            {"answered", std::string(answeredRu(c.survey.answered))},
            {"satisfaction", std::string(satisfactionRu(c.survey.satisfaction))},
            {"duration_seconds", c.durationSeconds},
            {"urgent", c.urgent},
            {"aggressive", c.aggressive},
            {"complaint", c.complaint},
            {"outside_competence", c.outsideCompetence},
            {"kb", c.kbAnswer == KbAnswer::Found      ? "found"
                   : c.kbAnswer == KbAnswer::NotFound ? "not_found"
                                                      : ""},
            {"closed_at", c.closedAt},
            {"source", c.source}};
}

IncomingCall incomingFromJson(const nlohmann::json& j) {
    try {
        IncomingCall c;
        c.id = j.at("id").get<CallId>();
        c.number = j.at("number").get<int>();
        c.receivedAt = j.at("received_at").get<std::string>();
        c.phone = j.at("phone").get<std::string>();
        c.gender = parseGender(j.at("gender").get<std::string>()).value_or(Gender::Unknown);
        c.callerName = j.at("caller_name").get<std::string>();
        c.callerBirthYear = j.at("caller_birth_year").get<std::string>();
        c.municipality = j.at("municipality").get<std::string>();
        c.question = j.at("question").get<std::string>();
        c.organizations = j.at("organizations").get<std::string>();
        c.operatorName = j.at("operator").get<std::string>();
        c.note = j.at("note").get<std::string>();
        c.department = j.at("department").get<std::string>();
        c.entriesUsed = j.at("entries_used").get<std::vector<std::string>>();
        c.script = j.at("script").get<std::string>();
        if (!j.at("script_adherence").is_null()) {
            c.scriptAdherence = j.at("script_adherence").get<double>();
        }
        for (const auto& t : j.at("transfers")) {
            c.transfers.push_back(
                Transfer{t.at("to").get<std::string>(), t.at("department").get<std::string>(),
                         t.at("note").get<std::string>(), t.at("via_script").get<bool>()});
        }
        c.survey.answered =
            parseAnswered(j.at("answered").get<std::string>()).value_or(Answered::Unknown);
        c.survey.satisfaction = parseSatisfaction(j.at("satisfaction").get<std::string>())
                                    .value_or(Satisfaction::Unknown);
        c.durationSeconds = j.at("duration_seconds").get<int>();
        c.urgent = j.at("urgent").get<bool>();
        c.aggressive = j.at("aggressive").get<bool>();
        c.complaint = j.at("complaint").get<bool>();
        // absent in cards written before the mark was kept
        c.outsideCompetence = j.value("outside_competence", false);
        const auto kb = j.at("kb").get<std::string>();
        c.kbAnswer = kb == "found"       ? KbAnswer::Found
                     : kb == "not_found" ? KbAnswer::NotFound
                                         : KbAnswer::Unknown;
        c.closedAt = j.at("closed_at").get<std::string>();
        c.source = j.at("source").get<std::string>();
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("карточка звонка в JSON не читается: {}", e.what()));
    }
}

nlohmann::json toJson(const OutgoingCall& c) {
    return {{"id", c.id},
            {"number", c.number},
            {"called_at", c.calledAt},
            {"contact", c.calleeContact},
            {"municipality", c.municipality},
            {"question", c.question},
            {"organization", c.organization},
            {"operator", c.operatorName},
            {"note", c.note},
            {"incoming", c.incomingId ? nlohmann::json(*c.incomingId) : nlohmann::json(nullptr)},
            {"source", c.source}};
}

OutgoingCall outgoingFromJson(const nlohmann::json& j) {
    try {
        OutgoingCall c;
        c.id = j.at("id").get<CallId>();
        c.number = j.at("number").get<int>();
        c.calledAt = j.at("called_at").get<std::string>();
        c.calleeContact = j.at("contact").get<std::string>();
        c.municipality = j.at("municipality").get<std::string>();
        c.question = j.at("question").get<std::string>();
        c.organization = j.at("organization").get<std::string>();
        c.operatorName = j.at("operator").get<std::string>();
        c.note = j.at("note").get<std::string>();
        if (!j.at("incoming").is_null()) {
            c.incomingId = j.at("incoming").get<CallId>();
        }
        c.source = j.at("source").get<std::string>();
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("исходящий звонок в JSON не читается: {}", e.what()));
    }
}

} // namespace sufler::journal
