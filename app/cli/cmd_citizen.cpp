// `sufler citizen …`: the applicant card (seed 004, «персональная карточка заявителя») from the
// command line — found by phone or name, shown with its calls, created, edited, linked to calls,
// its duplicates merged, deleted on the citizen's request. One function per subcommand.
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/journal_options.h"

#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/text.h"
#include "sufler/journal/card_json.h"
#include "sufler/journal/import.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/model.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sufler::cli {

namespace {

using namespace sufler::journal;

std::string dumpJson(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

Citizen requireCitizen(const Journal& j, CitizenId id) {
    auto card = j.citizen(id);
    if (!card) {
        throw Error(fmt::format("нет карточки заявителя с номером {} (номера — в первом столбце "
                                "sufler citizen find)",
                                id));
    }
    return *card;
}

// «сын, Смирнов Иван, 2015»: relation, name and birth year; the later parts may be left out.
FamilyMember parseFamily(const std::string& text, std::string_view option) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (parts.size() < 2) {
        const auto comma = text.find(',', start);
        if (comma == std::string::npos) {
            break;
        }
        parts.push_back(core::trimmed(std::string_view(text).substr(start, comma - start)));
        start = comma + 1;
    }
    parts.push_back(core::trimmed(std::string_view(text).substr(start)));
    parts.resize(3);
    FamilyMember m{.name = parts[1], .relation = parts[0], .birthYear = parts[2]};
    if (m.name.empty() && m.relation.empty()) {
        throw Error(fmt::format("{}: «{}» — ожидается «кто, ФИО, год рождения», например «сын, "
                                "Смирнов Иван, 2015»",
                                option, oneLine(text)));
    }
    return m;
}

std::string familyText(const FamilyMember& m) {
    std::string out = m.relation;
    for (const auto* part : {&m.name, &m.birthYear}) {
        if (!part->empty()) {
            out += (out.empty() ? "" : ", ") + *part;
        }
    }
    return out;
}

// The categories as sufler.yaml spells them; a category not in its list is refused, naming the
// allowed ones. An empty value clears the list.
std::vector<std::string> listedCategories(const ReferenceLists& refs,
                                          const std::vector<std::string>& given,
                                          std::string_view option) {
    std::vector<std::string> out;
    for (const auto& text : given) {
        if (core::trim(text).empty()) {
            continue;
        }
        if (refs.citizenCategories.empty()) {
            throw Error(fmt::format("{}: в sufler.yaml базы знаний нет списка citizen_categories "
                                    "(категории заявителей) — категорию «{}» не из чего выбрать; "
                                    "укажите базу знаний --kb или добавьте список",
                                    option, oneLine(text)));
        }
        const auto category = kb::citizenCategory(refs, text);
        if (!category) {
            std::string allowed;
            for (const auto& c : refs.citizenCategories) {
                allowed += (allowed.empty() ? "«" : ", «") + c + "»";
            }
            throw Error(fmt::format("{}: категории «{}» нет в списке citizen_categories "
                                    "sufler.yaml; можно: {}",
                                    option, oneLine(text), allowed));
        }
        if (std::find(out.begin(), out.end(), *category) == out.end()) {
            out.push_back(*category);
        }
    }
    return out;
}

void warnMunicipality(const ReferenceLists& refs, const std::string& municipality) {
    const auto& list = refs.municipalities;
    if (!list.empty() && !municipality.empty() &&
        std::find(list.begin(), list.end(), municipality) == list.end()) {
        fmt::print(stderr, "предупреждение: муниципального образования «{}» нет в sufler.yaml\n",
                   oneLine(municipality));
    }
}

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : std::string(separator)) + oneLine(item);
    }
    return out;
}

nlohmann::json citizenJson(const Citizen& c) {
    auto family = nlohmann::json::array();
    for (const auto& m : c.family) {
        family.push_back({{"name", m.name}, {"relation", m.relation}, {"birth_year", m.birthYear}});
    }
    return {{"id", c.id},
            {"name", c.fullName},
            {"phones", c.phones},
            {"municipality", c.municipality},
            {"address", c.address},
            {"birth_year", c.birthYear},
            {"family", family},
            {"categories", c.categories},
            {"needs", c.needs},
            {"measures", c.measures},
            {"consent", c.consent},
            {"notes", c.notes},
            {"created_at", c.createdAt},
            {"updated_at", c.updatedAt}};
}

// The card's fields for people, in the card's order.
std::vector<std::pair<std::string, std::string>> citizenLines(const Citizen& c) {
    std::vector<std::string> family;
    for (const auto& m : c.family) {
        family.push_back(familyText(m));
    }
    return {{"ФИО", c.fullName},
            {"Телефоны", joined(c.phones)},
            {"Муниципальное образование", c.municipality},
            {"Адрес", c.address},
            {"Год рождения", c.birthYear},
            {"Состав семьи", joined(family, "; ")},
            {"Категории", joined(c.categories)},
            {"Нужды", c.needs},
            {"Обсуждённые меры поддержки", c.measures},
            {"Основание обработки персональных данных", c.consent},
            {"Заметки", c.notes},
            {"Карточка заведена", c.createdAt},
            {"Изменена", c.updatedAt}};
}

std::string citizenText(const Citizen& c) {
    std::string out = fmt::format("Карточка заявителя {}\n", c.id);
    for (const auto& [name, value] : citizenLines(c)) {
        out += fmt::format("{}: {}\n", name, value.empty() ? "—" : oneLine(value));
    }
    return out;
}

// The options a card's fields are given by, for `add` and `edit`.
struct CardOptions {
    std::string name, birthYear, municipality, address, needs, measures, consent, note;
    std::vector<std::string> phones, categories, family;
    std::vector<std::string> addPhones, removePhones, addCategories, removeCategories, addFamily;
    // Which options were given (an option given empty clears its field).
    std::set<std::string> given;
};

void addCardOptions(CLI::App* cmd, CardOptions& o, bool editing) {
    const auto opt = [&](const std::string& names, auto& value, const std::string& help) {
        cmd->add_option(names, value, help)->each([&o, names](const std::string&) {
            o.given.insert(names);
        });
    };
    opt("--name", o.name, "ФИО заявителя");
    opt("--phone", o.phones,
        editing ? "телефоны (заменяют прежние; можно несколько раз)"
                : "телефон в любой записи (можно несколько раз)");
    opt("--birth-year,--birth-date", o.birthYear, "год (или дата) рождения, как назвал");
    opt("--municipality", o.municipality, "муниципальное образование (из sufler.yaml)");
    opt("--address", o.address, "адрес");
    opt("--category", o.categories,
        std::string(editing ? "категории (заменяют прежние; " : "категория (") +
            "из citizen_categories sufler.yaml; можно несколько раз)");
    opt("--family", o.family,
        std::string(editing ? "состав семьи (заменяет прежний): " : "член семьи: ") +
            "«кто, ФИО, год рождения», например «сын, Смирнов Иван, 2015»; можно несколько раз");
    opt("--needs", o.needs, "в чём нуждается семья");
    opt("--measures", o.measures, "обсуждённые меры поддержки");
    opt("--consent", o.consent, "основание обработки персональных данных (согласие)");
    opt("--note", o.note, "заметки");
    if (editing) {
        opt("--add-phone", o.addPhones, "добавить телефон");
        opt("--remove-phone", o.removePhones, "убрать телефон (в любой записи)");
        opt("--add-category", o.addCategories, "добавить категорию");
        opt("--remove-category", o.removeCategories, "убрать категорию");
        opt("--add-family", o.addFamily, "добавить члена семьи: «кто, ФИО, год рождения»");
    }
}

std::vector<std::string> nonEmpty(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& v : values) {
        if (!core::trim(v).empty()) {
            out.push_back(core::trimmed(v));
        }
    }
    return out;
}

bool samePhone(const std::string& a, const std::string& b) {
    const auto ka = core::normalizePhone(a);
    return ka.empty() ? core::trim(a) == core::trim(b) : ka == core::normalizePhone(b);
}

// The card with the options given applied; names what changed.
std::vector<std::string> applyOptions(Citizen& c, const CardOptions& o,
                                      const ReferenceLists& refs) {
    std::vector<std::string> changed;
    const auto has = [&](const char* names) { return o.given.count(names) > 0; };
    const auto text = [&](const char* names, std::string& field, const std::string& value,
                          const char* what) {
        if (has(names)) {
            field = core::trimmed(value);
            changed.emplace_back(what);
        }
    };
    text("--name", c.fullName, o.name, "ФИО");
    text("--birth-year,--birth-date", c.birthYear, o.birthYear, "год рождения");
    text("--municipality", c.municipality, o.municipality, "муниципальное образование");
    text("--address", c.address, o.address, "адрес");
    text("--needs", c.needs, o.needs, "нужды");
    text("--measures", c.measures, o.measures, "меры поддержки");
    text("--consent", c.consent, o.consent, "основание обработки персональных данных");
    text("--note", c.notes, o.note, "заметки");
    if (has("--phone") || has("--add-phone") || has("--remove-phone")) {
        if (has("--phone")) {
            c.phones = nonEmpty(o.phones);
        }
        for (const auto& phone : nonEmpty(o.addPhones)) {
            if (std::none_of(c.phones.begin(), c.phones.end(),
                             [&](const std::string& p) { return samePhone(p, phone); })) {
                c.phones.push_back(phone);
            }
        }
        for (const auto& phone : nonEmpty(o.removePhones)) {
            const auto before = c.phones.size();
            std::erase_if(c.phones, [&](const std::string& p) { return samePhone(p, phone); });
            if (c.phones.size() == before) {
                throw Error(fmt::format("--remove-phone: телефона «{}» в карточке нет (есть: {})",
                                        oneLine(phone),
                                        c.phones.empty() ? "ни одного" : joined(c.phones)));
            }
        }
        changed.emplace_back("телефоны");
    }
    if (has("--category") || has("--add-category") || has("--remove-category")) {
        if (has("--category")) {
            c.categories = listedCategories(refs, o.categories, "--category");
        }
        for (const auto& category : listedCategories(refs, o.addCategories, "--add-category")) {
            if (std::find(c.categories.begin(), c.categories.end(), category) ==
                c.categories.end()) {
                c.categories.push_back(category);
            }
        }
        for (const auto& text : nonEmpty(o.removeCategories)) {
            // a category the list no longer has can still be removed from an old card
            const auto key = core::toLowerUtf8(text);
            const auto before = c.categories.size();
            std::erase_if(c.categories,
                          [&](const std::string& cat) { return core::toLowerUtf8(cat) == key; });
            if (c.categories.size() == before) {
                throw Error(
                    fmt::format("--remove-category: категории «{}» в карточке нет", oneLine(text)));
            }
        }
        changed.emplace_back("категории");
    }
    if (has("--family") || has("--add-family")) {
        if (has("--family")) {
            c.family.clear();
            for (const auto& text : nonEmpty(o.family)) {
                c.family.push_back(parseFamily(text, "--family"));
            }
        }
        for (const auto& text : nonEmpty(o.addFamily)) {
            c.family.push_back(parseFamily(text, "--add-family"));
        }
        changed.emplace_back("состав семьи");
    }
    if (core::trim(c.fullName).empty()) {
        throw Error("--name: у карточки заявителя должно быть ФИО");
    }
    if (has("--municipality")) {
        warnMunicipality(refs, c.municipality);
    }
    return changed;
}

void addFind(CLI::App* citizen) {
    struct Options {
        Common common;
        std::string phone, name;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand("find", "найти карточку заявителя по телефону или ФИО");
    addJournalOptions(cmd, o->common);
    auto* phone = cmd->add_option("--phone", o->phone, "телефон в любой записи: +7 (900) …, 8900…");
    auto* name = cmd->add_option("--name", o->name,
                                 "ФИО: без различия регистра, «ё» как «е», одна опечатка");
    phone->excludes(name);
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        if (o->phone.empty() && core::trim(o->name).empty()) {
            throw Error("укажите --phone ТЕЛЕФОН или --name ФИО");
        }
        if (!o->phone.empty() && core::normalizePhone(o->phone).empty()) {
            throw Error(fmt::format("--phone: «{}» — не номер телефона", oneLine(o->phone)));
        }
        const Journal j = openJournal(o->common);
        const auto found =
            o->phone.empty() ? j.findCitizensByName(o->name) : j.findCitizensByPhone(o->phone);
        if (o->json) {
            auto out = nlohmann::json::array();
            for (const auto& c : found) {
                out.push_back(citizenJson(c));
            }
            fmt::print("{}\n", dumpJson(out));
            return;
        }
        if (found.empty()) {
            fmt::print("Карточек заявителей не найдено.\n");
            return;
        }
        for (const auto& c : found) {
            fmt::print("{:>5}  {}  {}  {}  {}  {}\n", c.id, oneLine(c.fullName, 40),
                       c.birthYear.empty() ? "—" : oneLine(c.birthYear, 12),
                       c.phones.empty() ? "—" : joined(c.phones),
                       c.municipality.empty() ? "—" : oneLine(c.municipality, 24),
                       c.categories.empty() ? "—" : joined(c.categories));
        }
    });
}

nlohmann::json bookingJson(const Booking& b) {
    return {{"id", b.id},
            {"specialist", b.specialist},
            {"starts_at", b.startsAt},
            {"status", std::string(bookingStatusName(b.status))},
            {"topic", b.topic},
            {"call", b.callId ? nlohmann::json(*b.callId) : nlohmann::json(nullptr)}};
}

nlohmann::json outgoingJson(const OutgoingCall& c) {
    return {{"id", c.id},
            {"number", c.number},
            {"called_at", c.calledAt},
            {"contact", c.calleeContact},
            {"question", c.question},
            {"operator", c.operatorName},
            {"note", c.note},
            {"incoming", c.incomingId ? nlohmann::json(*c.incomingId) : nlohmann::json(nullptr)}};
}

// A card with everything of the journal that is about it.
struct CitizenFile {
    Citizen card;
    std::vector<IncomingCall> calls; // oldest first
    std::vector<std::optional<Deferred>> deferred;
    std::vector<OutgoingCall> outgoing; // the rows that clarify its calls (callbacks and others)
    std::vector<Booking> bookings;      // its consultations, by start
};

CitizenFile citizenFile(const Journal& j, CitizenId id) {
    CitizenFile f;
    f.card = requireCitizen(j, id);
    f.calls = j.callsOfCitizen(id);
    std::set<CallId> ids;
    for (const auto& c : f.calls) {
        ids.insert(c.id);
        f.deferred.push_back(j.deferred(c.id));
    }
    for (const auto& c : j.outgoingCalls()) {
        if (c.incomingId && ids.count(*c.incomingId)) {
            f.outgoing.push_back(c);
        }
    }
    using namespace std::chrono;
    // every booking ever made: the days are compared as `YYYY-MM-DD` text, so four digits
    const Date from{year{1900} / January / 1};
    const Date to{year{9000} / December / 31};
    for (const auto& b : j.bookings({}, from, to, false)) {
        if ((b.citizen && *b.citizen == id) || (b.callId && ids.count(*b.callId))) {
            f.bookings.push_back(b);
        }
    }
    return f;
}

nlohmann::json fileJson(const CitizenFile& f) {
    nlohmann::json out = citizenJson(f.card);
    out["calls"] = nlohmann::json::array();
    for (std::size_t i = 0; i < f.calls.size(); ++i) {
        auto call = toJson(f.calls[i]);
        if (f.deferred[i]) {
            call["deferred"] = {{"due", formatIsoDate(f.deferred[i]->deadline())},
                                {"answered_at", f.deferred[i]->answeredAt},
                                {"result", f.deferred[i]->result}};
        }
        out["calls"].push_back(call);
    }
    out["outgoing"] = nlohmann::json::array();
    for (const auto& c : f.outgoing) {
        out["outgoing"].push_back(outgoingJson(c));
    }
    out["bookings"] = nlohmann::json::array();
    for (const auto& b : f.bookings) {
        out["bookings"].push_back(bookingJson(b));
    }
    return out;
}

std::string fileText(const CitizenFile& f) {
    std::string out = citizenText(f.card);
    out += fmt::format("\nЗвонки ({}):\n", f.calls.size());
    if (f.calls.empty()) {
        out += "  —\n";
    }
    for (std::size_t i = 0; i < f.calls.size(); ++i) {
        const auto& c = f.calls[i];
        out += fmt::format("{:>5}  № {:<5} {}  {}  ответ: {}  {}{}\n", c.id, c.number,
                           c.receivedAt.substr(0, 16), oneLine(c.question, 60),
                           c.survey.answered == Answered::Unknown ? "—"
                                                                  : answeredRu(c.survey.answered),
                           oneLine(c.operatorName, 30), c.closedAt.empty() ? "  [не закрыт]" : "");
        if (const auto& d = f.deferred[i]) {
            out += d->done() ? fmt::format("       отсроченный ответ дан {}: {}\n", d->answeredAt,
                                           oneLine(d->result, 60))
                             : fmt::format("       отсроченный ответ: срок {}, ещё не дан\n",
                                           formatRussianDate(d->deadline()));
        }
    }
    out += fmt::format("\nИсходящие звонки по ним ({}):\n", f.outgoing.size());
    if (f.outgoing.empty()) {
        out += "  —\n";
    }
    for (const auto& c : f.outgoing) {
        out += fmt::format("{:>5}  № {:<5} {}  по звонку {}  {}  {}{}\n", c.id, c.number,
                           c.calledAt.substr(0, 16), c.incomingId.value_or(0),
                           oneLine(c.question, 60), oneLine(c.operatorName, 30),
                           c.note.empty() ? "" : "  — " + oneLine(c.note, 40));
    }
    out += fmt::format("\nЗаписи на консультации ({}):\n", f.bookings.size());
    if (f.bookings.empty()) {
        out += "  —\n";
    }
    for (const auto& b : f.bookings) {
        out +=
            fmt::format("  № {}: {}  {}  {}{}\n", b.id, b.startsAt, b.specialist,
                        bookingStatusRu(b.status), b.topic.empty() ? "" : "  " + oneLine(b.topic));
    }
    return out;
}

void addShow(CLI::App* citizen) {
    struct Options {
        Common common;
        CitizenId id = 0;
        bool json = false;
        std::string out;
        bool personal = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand("show", "карточка заявителя с его звонками, исходящими "
                                                "звонками и записями на консультации");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер карточки (первый столбец citizen find)")->required();
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->add_option("--out", o->out, "записать в файл (только с --with-personal-data)");
    cmd->add_flag("--with-personal-data", o->personal,
                  "разрешить запись персональных данных в файл (обязательно с --out)");
    cmd->callback([o] {
        if (!o->out.empty() && !o->personal) {
            throw Error("в карточке заявителя персональные данные: файл пишется только с "
                        "--with-personal-data");
        }
        const Journal j = openJournal(o->common);
        const auto f = citizenFile(j, o->id);
        const std::string text = o->json ? dumpJson(fileJson(f)) + "\n" : fileText(f);
        if (o->out.empty()) {
            fmt::print("{}", text);
            return;
        }
        makePrivateFile(o->out, "файл с карточкой заявителя");
        std::ofstream file(o->out, std::ios::binary | std::ios::trunc);
        file << text;
        file.close();
        if (!file) {
            throw Error(fmt::format("{}: не удалось записать карточку заявителя", o->out));
        }
        fmt::print(stderr, "Карточка заявителя {} записана: {} (звонков {})\n", o->id, o->out,
                   f.calls.size());
    });
}

void addAdd(CLI::App* citizen) {
    struct Options {
        Common common;
        CardOptions card;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand("add", "завести карточку заявителя");
    addJournalOptions(cmd, o->common);
    addCardOptions(cmd, o->card, false);
    cmd->get_option("--name")->required();
    cmd->callback([o] {
        const auto refs = lists(o->common);
        Citizen card;
        (void)applyOptions(card, o->card, refs);
        Journal j = openJournal(o->common, &refs);
        const CitizenId id = j.createCitizen(card);
        const auto linked = j.callsOfCitizen(id).size();
        fmt::print("Заведена карточка заявителя {}: {}{}\n", id, oneLine(card.fullName),
                   linked ? fmt::format("; с ней связаны прежние звонки с её телефонов: {}", linked)
                          : std::string());
    });
}

void addEdit(CLI::App* citizen) {
    struct Options {
        Common common;
        CitizenId id = 0;
        CardOptions card;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand(
        "edit", "изменить поля карточки заявителя (указанные поля заменяются; пустое значение — "
                "очистить поле)");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер карточки")->required();
    addCardOptions(cmd, o->card, true);
    cmd->callback([o] {
        if (o->card.given.empty()) {
            throw Error("укажите, что изменить: --name, --phone, --category, … (sufler citizen "
                        "edit --help)");
        }
        const auto refs = lists(o->common);
        Journal j = openJournal(o->common, &refs);
        Citizen card = requireCitizen(j, o->id);
        const auto changed = applyOptions(card, o->card, refs);
        j.updateCitizen(o->id, card);
        fmt::print("Карточка заявителя {} изменена: {}\n", o->id, joined(changed));
    });
}

void addLink(CLI::App* citizen) {
    struct Options {
        Common common;
        CitizenId id = 0;
        std::vector<CallId> calls;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand(
        "link", "связать входящие звонки с карточкой заявителя (исходящие звонки по ним и "
                "записи на консультации идут за ними)");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер карточки")->required();
    cmd->add_option("--call", o->calls,
                    "номер записи входящего звонка (первый столбец journal list); можно "
                    "несколько раз")
        ->required();
    cmd->callback([o] {
        Journal j = openJournal(o->common);
        const Citizen card = requireCitizen(j, o->id);
        for (const CallId call : o->calls) {
            if (!j.incoming(call)) {
                throw Error(fmt::format("--call: нет входящего звонка с номером записи {}", call));
            }
        }
        for (const CallId call : o->calls) {
            const auto before = j.citizenOfCall(call);
            j.linkCall(call, o->id);
            fmt::print("Звонок {} связан с карточкой {} ({}){}\n", call, o->id,
                       oneLine(card.fullName),
                       before && *before != o->id
                           ? fmt::format("; прежде был связан с карточкой {}", *before)
                           : std::string());
        }
    });
}

void addUnlink(CLI::App* citizen) {
    struct Options {
        Common common;
        std::vector<CallId> calls;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand("unlink", "отвязать входящий звонок от карточки");
    addJournalOptions(cmd, o->common);
    cmd->add_option("--call", o->calls, "номер записи входящего звонка")->required();
    cmd->callback([o] {
        Journal j = openJournal(o->common);
        for (const CallId call : o->calls) {
            if (!j.incoming(call)) {
                throw Error(fmt::format("--call: нет входящего звонка с номером записи {}", call));
            }
        }
        for (const CallId call : o->calls) {
            const auto before = j.citizenOfCall(call);
            j.linkCall(call, std::nullopt);
            fmt::print("Звонок {} {}\n", call,
                       before ? fmt::format("отвязан от карточки {}", *before)
                              : std::string("и не был связан с карточкой"));
        }
    });
}

void addDuplicates(CLI::App* citizen) {
    struct Options {
        Common common;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand(
        "duplicates", "карточки, похожие на одного человека: общий телефон или одинаковые ФИО и "
                      "год рождения");
    addJournalOptions(cmd, o->common);
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        const Journal j = openJournal(o->common);
        const auto pairs = j.citizenDuplicates();
        if (o->json) {
            auto out = nlohmann::json::array();
            for (const auto& d : pairs) {
                out.push_back({{"first", d.first}, {"second", d.second}, {"reason", d.reason}});
            }
            fmt::print("{}\n", dumpJson(out));
            return;
        }
        if (pairs.empty()) {
            fmt::print("Похожих карточек нет.\n");
            return;
        }
        for (const auto& d : pairs) {
            const auto a = j.citizen(d.first);
            const auto b = j.citizen(d.second);
            fmt::print("{} ({}) и {} ({}): {}\n", d.first, a ? oneLine(a->fullName, 40) : "",
                       d.second, b ? oneLine(b->fullName, 40) : "", oneLine(d.reason));
        }
        fmt::print("Проверить и объединить: sufler citizen merge ОСНОВНАЯ ВТОРАЯ --dry-run\n");
    });
}

void printMerge(const CitizenMerge& m, CitizenId keep, CitizenId drop, bool dryRun) {
    const auto list = [](const std::vector<std::string>& items) {
        return items.empty() ? std::string("—") : joined(items);
    };
    if (dryRun) {
        fmt::print("Объединение карточки {} с карточкой {} (проверка, ничего не изменено):\n", drop,
                   keep);
    } else {
        fmt::print("Карточка {} объединена с карточкой {} и удалена:\n", drop, keep);
    }
    fmt::print("  звонков {} к карточке {}: {}\n", dryRun ? "перейдёт" : "перешло", keep,
               m.callsMoved);
    fmt::print("  телефоны {}: {}\n", dryRun ? "добавятся" : "добавлены", list(m.phonesAdded));
    fmt::print("  пустые поля {} из карточки {}: {}\n", dryRun ? "заполнятся" : "заполнены", drop,
               list(m.filled));
    fmt::print("  поля, которые различаются (остаётся значение карточки {}): {}\n", keep,
               list(m.differing));
    fmt::print("  состав семьи и категории объединяются, заметки обеих карточек сохраняются\n");
    fmt::print("\n{}{}", dryRun ? "Карточка после объединения:\n" : "", citizenText(m.result));
}

void addMerge(CLI::App* citizen) {
    struct Options {
        Common common;
        CitizenId keep = 0, drop = 0;
        bool dryRun = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand(
        "merge", "объединить две карточки одного человека: вторая удаляется, её звонки "
                 "переходят к основной");
    addJournalOptions(cmd, o->common);
    cmd->add_option("keep", o->keep, "основная карточка (остаётся)")->required();
    cmd->add_option("drop", o->drop, "вторая карточка (удаляется)")->required();
    cmd->add_flag("--dry-run", o->dryRun, "только показать, что произойдёт");
    cmd->callback([o] {
        Journal j = openJournal(o->common);
        (void)requireCitizen(j, o->keep);
        (void)requireCitizen(j, o->drop);
        if (o->keep == o->drop) {
            throw Error(fmt::format("карточку {} нельзя объединить с ней самой", o->keep));
        }
        const auto m =
            o->dryRun ? j.previewMerge(o->keep, o->drop) : j.mergeCitizens(o->keep, o->drop);
        printMerge(m, o->keep, o->drop, o->dryRun);
    });
}

void addDelete(CLI::App* citizen) {
    struct Options {
        Common common;
        CitizenId id = 0;
        bool onRequest = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = citizen->add_subcommand(
        "delete", "удалить карточку по заявлению гражданина (152-ФЗ): карточка и персональные "
                  "данные её звонков стираются, обезличенные данные для отчётов остаются");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер карточки")->required();
    cmd->add_flag("--on-request", o->onRequest,
                  "удаление по заявлению гражданина (обязательно: без него ничего не удаляется)");
    cmd->callback([o] {
        if (!o->onRequest) {
            throw Error("карточка удаляется только по заявлению гражданина: укажите --on-request "
                        "(персональные данные её звонков будут стёрты безвозвратно). Объединить "
                        "дубли — sufler citizen merge");
        }
        Journal j = openJournal(o->common);
        (void)requireCitizen(j, o->id);
        const int blanked = j.deleteCitizenOnRequest(o->id);
        fmt::print("Карточка заявителя {} удалена по заявлению гражданина.\n", o->id);
        fmt::print("Стёрты персональные данные звонков ({}) — её и с её телефонов: номер "
                   "телефона, ФИО и год рождения, примечание, телефон для обратного звонка, "
                   "контакт в исходящих звонках по ним.\n",
                   blanked);
        fmt::print("В журнале остаётся обезличенное — то, что считают отчёты: даты, вопрос, "
                   "отдел, муниципальное образование, анкета, отметки, переключения; месячные "
                   "отчёты за прошлые месяцы не меняются.\n");
    });
}

} // namespace

void registerCitizenCommands(CLI::App& app, Outcome& /*outcome*/) {
    auto* citizen = app.add_subcommand(
        "citizen", "карточка заявителя: поиск, просмотр, создание, изменение, связь со "
                   "звонками, дубли и объединение, удаление по заявлению");
    citizen->require_subcommand(1);
    addFind(citizen);
    addShow(citizen);
    addAdd(citizen);
    addEdit(citizen);
    addLink(citizen);
    addUnlink(citizen);
    addDuplicates(citizen);
    addMerge(citizen);
    addDelete(citizen);
}

} // namespace sufler::cli
