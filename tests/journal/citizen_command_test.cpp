// `sufler citizen …` through the real program, on a journal file and on the test PostgreSQL
// server: the applicant card found, shown with its calls, created and edited with the KB's
// categories, linked to calls, merged after a dry run, deleted only on the citizen's request.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;
namespace fs = std::filesystem;

namespace {

using test::shellQuoted;

// A KB of one sufler.yaml with the hotline's categories of applicants.
fs::path categoriesKb(const TempDir& dir) {
    const auto kb = dir.path() / "kb";
    fs::create_directories(kb);
    std::ofstream(kb / "sufler.yaml") << "organization: Минтруд Энской области\n"
                                         "municipalities: [Энск, Заречный район]\n"
                                         "citizen_categories:\n"
                                         "  - многодетная семья\n"
                                         "  - инвалид\n"
                                         "  - участник СВО или член его семьи\n";
    return kb;
}

struct Sufler {
    std::string where;
    fs::path kb;
    // `sufler citizen ARGS --journal WHERE --kb KB` with stderr; ARGS quoted for the shell.
    test::CommandResult operator()(const std::string& args) const {
        return test::runCommand(fmt::format("{} citizen {} --journal {} --kb {} 2>&1",
                                            shellQuoted(test::binary("sufler").string()), args,
                                            shellQuoted(where), shellQuoted(kb.string())));
    }
};

IncomingCall call(const std::string& at, const std::string& phone, const std::string& question) {
    IncomingCall c;
    c.receivedAt = at;
    c.phone = phone;
    c.callerName = "Смирнова А. В.";
    c.question = question;
    c.operatorName = "Иванова О. П.";
    c.closedAt = at;
    return c;
}

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

unsigned mode(const fs::path& file) {
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

} // namespace

TEST_CASE("citizen command: add with the KB's categories, find by phone and by name, edit") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const Sufler sufler{test::freshJournalWhere(engine, dir.path()), categoriesKb(dir)};
    CallId earlier = 0;
    {
        auto j = Journal::open(sufler.where);
        earlier = j.addIncoming(call("2026-11-20 10:00:00", "8 (900) 123-45-67", "единое пособие"));
    }

    const auto added = sufler("add --name 'Смирнова Алёна Викторовна' --phone '+7 900 123 45 67' "
                              "--birth-year 1988 --municipality Энск --category 'МНОГОДЕТНАЯ "
                              "семья' --category ' инвалид ' --family 'сын, Смирнов Иван, 2015' "
                              "--consent 'согласие по телефону' --note 'звонит после 14:00'");
    INFO(added.output);
    REQUIRE(added.exitCode == 0);
    CHECK(has(added.output, "Заведена карточка заявителя 1"));
    CHECK(has(added.output, "прежние звонки с её телефонов: 1"));

    {
        const auto j = Journal::open(sufler.where);
        const auto card = j.citizen(1);
        REQUIRE(card);
        // the journal keeps the categories as the list spells them
        CHECK(card->categories == std::vector<std::string>{"многодетная семья", "инвалид"});
        CHECK(card->phones == std::vector<std::string>{"+7 900 123 45 67"});
        REQUIRE(card->family.size() == 1);
        CHECK(card->family[0] == FamilyMember{"Смирнов Иван", "сын", "2015"});
        CHECK(card->consent == "согласие по телефону");
        CHECK(j.citizenOfCall(earlier) == 1);
    }

    // a category the list lacks is refused, naming the option and the allowed ones
    const auto refused = sufler("add --name 'Петров П. П.' --category пенсионер");
    CHECK(refused.exitCode == 2);
    CHECK(has(refused.output, "--category: категории «пенсионер» нет в списке citizen_categories"));
    CHECK(has(refused.output, "«многодетная семья», «инвалид», «участник СВО или член его семьи»"));
    CHECK_FALSE(Journal::open(sufler.where).citizen(2));

    const auto byPhone = sufler("find --phone 89001234567");
    INFO(byPhone.output);
    REQUIRE(byPhone.exitCode == 0);
    CHECK(has(byPhone.output, "Смирнова Алёна Викторовна"));
    CHECK(has(byPhone.output, "многодетная семья, инвалид"));

    const auto byName = sufler("find --name 'смирнова алена викторвна' --json");
    REQUIRE(byName.exitCode == 0);
    const auto found = nlohmann::json::parse(byName.output);
    REQUIRE(found.size() == 1);
    CHECK(found[0]["id"] == 1);
    CHECK(found[0]["birth_year"] == "1988");
    CHECK(found[0]["categories"] == nlohmann::json::array({"многодетная семья", "инвалид"}));

    const auto none = sufler("find --phone '8 900 000-00-00'");
    CHECK(none.exitCode == 0);
    CHECK(has(none.output, "Карточек заявителей не найдено"));
    const auto notPhone = sufler("find --phone 'не помню'");
    CHECK(notPhone.exitCode == 2);
    CHECK(has(notPhone.output, "--phone: «не помню» — не номер телефона"));

    const auto edited = sufler("edit 1 --add-phone '8 (4932) 12-34-56' --add-category 'Участник "
                               "СВО или член его семьи' --remove-category инвалид --address ''"
                               " --municipality 'Заречный район'");
    INFO(edited.output);
    REQUIRE(edited.exitCode == 0);
    {
        const auto card = Journal::open(sufler.where).citizen(1);
        REQUIRE(card);
        CHECK(card->categories ==
              std::vector<std::string>{"многодетная семья", "участник СВО или член его семьи"});
        CHECK(card->phones == std::vector<std::string>{"+7 900 123 45 67", "8 (4932) 12-34-56"});
        CHECK(card->municipality == "Заречный район");
        CHECK(card->fullName == "Смирнова Алёна Викторовна"); // not given: kept
    }
    const auto badEdit = sufler("edit 1 --category 'малоимущая'");
    CHECK(badEdit.exitCode == 2);
    CHECK(has(badEdit.output, "--category: категории «малоимущая» нет"));
    CHECK(Journal::open(sufler.where).citizen(1)->categories.size() == 2);
    CHECK(sufler("edit 1").exitCode == 2);
    const auto missing = sufler("edit 7 --note x");
    CHECK(missing.exitCode == 2);
    CHECK(has(missing.output, "нет карточки заявителя с номером 7"));
}

TEST_CASE("citizen command: without the KB's list no category is taken") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const auto kb = dir.path() / "bare";
    fs::create_directories(kb);
    std::ofstream(kb / "sufler.yaml") << "organization: Минтруд\n";
    const Sufler sufler{test::freshJournalWhere(engine, dir.path()), kb};
    const auto refused = sufler("add --name 'Петров П. П.' --category инвалид");
    CHECK(refused.exitCode == 2);
    CHECK(has(refused.output, "нет списка citizen_categories"));
    const auto plain = sufler("add --name 'Петров П. П.'");
    CHECK(plain.exitCode == 0);
}

TEST_CASE("citizen command: show gives the card with its calls, their outgoing rows and "
          "bookings, a file only with --with-personal-data") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const Sufler sufler{test::freshJournalWhere(engine, dir.path()), categoriesKb(dir)};
    CallId other = 0;
    {
        auto j = Journal::open(sufler.where);
        j.setCalendar(core::WorkCalendar{});
        Citizen c;
        c.fullName = "Смирнова Алёна Викторовна";
        c.phones = {"89001234567"};
        j.createCitizen(c);
        const CallId first = j.addIncoming(call("2026-12-01 10:00:00", "+79001234567", "субсидия"));
        j.deferAnswer(first, "", "");
        j.completeDeferred(first, "субсидия назначена", "2026-12-02 11:00:00");
        // from a neighbour's phone: linked by hand below
        other = j.addIncoming(call("2026-12-03 09:00:00", "8 900 765 43 21", "путёвка в лагерь"));
        j.addIncoming(call("2026-12-04 09:00:00", "8 900 555 44 33", "чужой вопрос"));
        Booking b;
        b.specialist = "families/kudryavtseva";
        b.startsAt = "2026-12-10 10:00";
        b.minutes = 30;
        b.citizen = 1;
        b.citizenName = "Смирнова А. В.";
        b.phone = "89001234567";
        b.topic = "консультация юриста";
        REQUIRE(j.book(b));
    }
    const auto link = sufler(fmt::format("link 1 --call {}", other));
    INFO(link.output);
    REQUIRE(link.exitCode == 0);
    CHECK(has(link.output, fmt::format("Звонок {} связан с карточкой 1", other)));
    CHECK(sufler("link 1 --call 99").exitCode == 2);

    const auto shown = sufler("show 1");
    INFO(shown.output);
    REQUIRE(shown.exitCode == 0);
    CHECK(has(shown.output, "ФИО: Смирнова Алёна Викторовна"));
    CHECK(has(shown.output, "Звонки (2)"));
    CHECK(has(shown.output, "субсидия"));
    CHECK(has(shown.output, "путёвка в лагерь"));
    CHECK_FALSE(has(shown.output, "чужой вопрос"));
    CHECK(has(shown.output, "отсроченный ответ дан 2026-12-02 11:00:00: субсидия назначена"));
    CHECK(has(shown.output, "Исходящие звонки по ним (1)"));
    CHECK(has(shown.output, "обратный звонок с ответом"));
    CHECK(has(shown.output, "Записи на консультации (1)"));
    CHECK(has(shown.output, "2026-12-10 10:00  families/kudryavtseva  записан"));

    const auto json = sufler("show 1 --json");
    REQUIRE(json.exitCode == 0);
    const auto card = nlohmann::json::parse(json.output);
    CHECK(card["calls"].size() == 2);
    CHECK(card["outgoing"].size() == 1);
    CHECK(card["bookings"].size() == 1);

    const auto file = dir.path() / "карточка.txt";
    const auto refused = sufler(fmt::format("show 1 --out {}", shellQuoted(file.string())));
    CHECK(refused.exitCode == 2);
    CHECK(has(refused.output, "--with-personal-data"));
    CHECK_FALSE(fs::exists(file));
    {
        std::ofstream(file) << "старое";
        ::chmod(file.c_str(), 0644);
    }
    const auto written =
        sufler(fmt::format("show 1 --out {} --with-personal-data", shellQuoted(file.string())));
    REQUIRE(written.exitCode == 0);
    CHECK(mode(file) == 0600);
    const auto text = test::readFile(file);
    CHECK(has(text, "Смирнова Алёна Викторовна"));
    CHECK_FALSE(has(text, "старое"));

    const auto unlink = sufler(fmt::format("unlink --call {}", other));
    REQUIRE(unlink.exitCode == 0);
    CHECK_FALSE(Journal::open(sufler.where).citizenOfCall(other));

    const auto missing = sufler("show 5");
    CHECK(missing.exitCode == 2);
    CHECK(has(missing.output, "нет карточки заявителя с номером 5"));
}

TEST_CASE("citizen command: duplicates listed with why, a dry-run merge changes nothing, the "
          "merge moves the calls") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const Sufler sufler{test::freshJournalWhere(engine, dir.path()), categoriesKb(dir)};
    {
        auto j = Journal::open(sufler.where);
        j.addIncoming(call("2026-12-01 10:00:00", "89001234567", "субсидия"));
        j.addIncoming(call("2026-12-02 10:00:00", "8 4932 12-34-56", "пособие"));
    }
    REQUIRE(sufler("add --name 'Смирнова Алёна' --phone 89001234567 --category инвалид").exitCode ==
            0);
    REQUIRE(sufler("add --name 'Смирнова Алена' --phone '+7 900 123-45-67' --phone "
                   "'8 (4932) 12-34-56' --address 'Энск, ул. Мира, 1' --category 'многодетная "
                   "семья'")
                .exitCode == 0);

    const auto duplicates = sufler("duplicates");
    INFO(duplicates.output);
    REQUIRE(duplicates.exitCode == 0);
    CHECK(has(duplicates.output, "1 (Смирнова Алёна) и 2 (Смирнова Алена): один телефон "
                                 "+79001234567"));

    Citizen keepBefore, dropBefore;
    std::vector<IncomingCall> dropCalls;
    {
        const auto j = Journal::open(sufler.where);
        keepBefore = *j.citizen(1);
        dropBefore = *j.citizen(2);
        dropCalls = j.callsOfCitizen(2);
    }
    REQUIRE(dropCalls.size() == 1); // the landline's call went to the second card

    const auto dry = sufler("merge 1 2 --dry-run");
    INFO(dry.output);
    REQUIRE(dry.exitCode == 0);
    CHECK(has(dry.output, "проверка, ничего не изменено"));
    CHECK(has(dry.output, "звонков перейдёт к карточке 1: 1"));
    CHECK(has(dry.output, "телефоны добавятся: 8 (4932) 12-34-56"));
    CHECK(has(dry.output, "пустые поля заполнятся из карточки 2: адрес"));
    CHECK(has(dry.output, "Категории: инвалид, многодетная семья"));
    {
        const auto j = Journal::open(sufler.where);
        CHECK(j.citizen(1) == keepBefore);
        CHECK(j.citizen(2) == dropBefore);
        CHECK(j.callsOfCitizen(2).size() == 1);
    }

    const auto merged = sufler("merge 1 2");
    INFO(merged.output);
    REQUIRE(merged.exitCode == 0);
    CHECK(has(merged.output, "Карточка 2 объединена с карточкой 1 и удалена"));
    CHECK(has(merged.output, "звонков перешло к карточке 1: 1"));
    {
        const auto j = Journal::open(sufler.where);
        CHECK_FALSE(j.citizen(2));
        CHECK(j.callsOfCitizen(1).size() == 2);
        CHECK(j.citizen(1)->address == "Энск, ул. Мира, 1");
    }
    CHECK(has(sufler("duplicates").output, "Похожих карточек нет"));
    CHECK(sufler("merge 1 1").exitCode == 2);
    CHECK(sufler("merge 1 2").exitCode == 2);
}

TEST_CASE("citizen command: delete is refused without --on-request, and on request says what "
          "the register keeps") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const Sufler sufler{test::freshJournalWhere(engine, dir.path()), categoriesKb(dir)};
    CallId id = 0;
    {
        auto j = Journal::open(sufler.where);
        id = j.addIncoming(call("2026-12-01 10:00:00", "89001234567", "субсидия на ЖКУ"));
    }
    REQUIRE(sufler("add --name 'Смирнова Алёна' --phone 89001234567").exitCode == 0);

    const auto refused = sufler("delete 1");
    INFO(refused.output);
    CHECK(refused.exitCode == 2);
    CHECK(has(refused.output, "укажите --on-request"));
    {
        const auto j = Journal::open(sufler.where);
        CHECK(j.citizen(1));
        CHECK(j.incoming(id)->phone == "89001234567");
    }

    const auto deleted = sufler("delete 1 --on-request");
    INFO(deleted.output);
    REQUIRE(deleted.exitCode == 0);
    CHECK(has(deleted.output, "Карточка заявителя 1 удалена по заявлению гражданина"));
    CHECK(has(deleted.output, "Стёрты персональные данные звонков (1)"));
    CHECK(has(deleted.output, "В журнале остаётся обезличенное"));
    {
        const auto j = Journal::open(sufler.where);
        CHECK_FALSE(j.citizen(1));
        const auto call = j.incoming(id);
        REQUIRE(call);
        CHECK(call->phone.empty());
        CHECK(call->callerName.empty());
        CHECK(call->question == "субсидия на ЖКУ");
    }
    CHECK(sufler("delete 1 --on-request").exitCode == 2);
}
