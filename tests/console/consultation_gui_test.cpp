// sufler-app end to end: the applicant card of a call (found, created, linked) and a
// consultation booked from a call — the script saying where and when, a slot another operator
// took a moment earlier, a booking moved and cancelled by phone. A real window under Xvfb,
// driven by the keyboard; read back from the state file, the journal and `sufler schedule`.
// The slots are the demo schedules' next free ones from today: nothing here expires.
#include "gui_harness.h"
#include "temp_dir.h"

#include "sufler/core/clock.h"
#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

const std::string kOperator = "Петрова Анна Сергеевна";
const std::string kFaq =
    "departments/families/faq.md#как-получить-статус-многодетной-семьи-и-удостоверение";

void waitReady(ConsoleApp& app) {
    app.waitForWindow();
    app.waitFor(
        "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);
}

bool contains(const Json& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string said(const Json& s) {
    std::string out;
    for (const auto& line : s["script"]["words"])
        out += line.get<std::string>() + "\n";
    return out;
}

bool messageHas(const Json& s, const std::string& text) {
    return s["message"].get<std::string>().find(text) != std::string::npos;
}

// Presses `key` until `done`: xdotool's press and release may fall into one frame of an idle
// console (ImGui 1.86 keeps no queue of input) and the key is lost — pressed again only while
// the console still shows it `untouched` (nothing started, nothing refused).
Json pressUntil(ConsoleApp& app, const std::string& key, const std::string& what,
                const std::function<bool(const Json&)>& done,
                const std::function<bool(const Json&)>& untouched) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        app.key(key);
        const auto deadline = std::chrono::steady_clock::now() + 4s;
        while (std::chrono::steady_clock::now() < deadline) {
            const Json s = app.state();
            if (!s.is_null() && done(s))
                return s;
            std::this_thread::sleep_for(100ms);
        }
        const Json s = app.state();
        if (s.is_null() || !untouched(s))
            break;
    }
    return app.waitFor(what, done);
}

// A new call with the caller's phone and name on the card (the one before left open: a second
// Ctrl+N).
void callFrom(ConsoleApp& app, int number, const std::string& phone, const std::string& name) {
    app.key("ctrl+n");
    if (number > 1) {
        app.waitFor("Ctrl+N ещё раз", [](const Json& s) { return messageHas(s, "Ctrl+N ещё"); });
        app.key("ctrl+n");
    }
    app.waitFor("звонок " + std::to_string(number),
                [&](const Json& s) { return s["call"]["number"] == number; });
    app.key("ctrl+k");
    app.typeWhere("card:Телефон", phone);
    app.waitFor("телефон в карточке", [&](const Json& s) { return s["call"]["phone"] == phone; });
    app.key("Tab");
    app.waitFor("поле «Пол»", [](const Json& s) { return s["focus"] == "card:Пол"; });
    app.key("Tab");
    app.typeWhere("card:ФИО", name);
    app.waitFor("ФИО в карточке", [&](const Json& s) { return s["call"]["callerName"] == name; });
}

// Opens the FAQ entry on the family status: the families department's answer.
void openFamiliesAnswer(ConsoleApp& app) {
    app.key("ctrl+f");
    app.waitFor("клавиатура в поиске", [](const Json& s) { return s["focus"] == "search"; });
    app.type("статус многодетной семьи");
    const Json found = app.waitFor("результаты", [](const Json& s) {
        return s["resultsFor"] == "статус многодетной семьи" && contains(s["results"], kFaq);
    });
    const auto& results = found["results"];
    const auto position = std::find(results.begin(), results.end(), kFaq) - results.begin();
    for (long i = 0; i < position; ++i)
        app.key("Down");
    app.waitFor("выбран ответ", [](const Json& s) { return s["selected"] == kFaq; });
    app.key("Return");
    app.waitFor("открыт ответ", [](const Json& s) { return s["entry"] == kFaq; });
}

// Ctrl+B: the booking window with the free slots read; the first specialist offered that has
// any is chosen (→). Returns the state.
Json openBooking(ConsoleApp& app) {
    app.key("ctrl+b");
    Json s = app.waitFor("окно записи со свободным временем", [](const Json& s) {
        return s["booking"]["open"] == true && s["booking"]["loading"] == false &&
               !s["booking"]["specialists"].empty();
    });
    const std::size_t count = s["booking"]["specialists"].size();
    for (std::size_t i = 0; i < count; ++i) {
        const int current = s["booking"]["specialist"];
        if (!s["booking"]["specialists"][current]["free"].empty())
            return s;
        app.key("Right");
        s = app.waitFor("следующий специалист",
                        [&](const Json& n) { return n["booking"]["specialist"] != current; });
    }
    FAIL("ни у одного специалиста нет свободного времени: " << s["booking"].dump());
    return s;
}

std::string chosenKey(const Json& s) {
    return s["booking"]["specialists"][s["booking"]["specialist"].get<int>()]["key"];
}

std::string chosenSlot(const Json& s) {
    const int specialist = s["booking"]["specialist"];
    const int slot = s["booking"]["slot"];
    return s["booking"]["specialists"][specialist]["free"][slot];
}

// `sufler schedule …` on the console's journal and the demo KB.
CommandResult schedule(const ConsoleApp& app, const std::string& args) {
    return runCommand(quote(binary("sufler").string()) + " schedule " + args + " --kb " +
                          quote(demoKb().string()) + " --journal " + quote(app.journal().string()),
                      true);
}

// The specialist's day sheet (md) of the slot's day.
std::string daySheet(const ConsoleApp& app, const fs::path& dir, const std::string& key,
                     const std::string& slot) {
    const fs::path out = dir / "day.md";
    const auto result =
        schedule(app, "day --specialist " + key + " --date " + slot.substr(0, 10) +
                          " --format md --with-personal-data --out " + quote(out.string()));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    return readFile(out);
}

std::vector<std::string> freeSlots(const ConsoleApp& app, const std::string& key) {
    const auto result = runCommand(quote(binary("sufler").string()) + " schedule free --json " +
                                   "--specialist " + key + " --kb " + quote(demoKb().string()) +
                                   " --journal " + quote(app.journal().string()));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    return Json::parse(result.output)["free"].get<std::vector<std::string>>();
}

} // namespace

TEST_CASE("console: the applicant card — created from a call with a phone, then found by name "
          "from another phone and linked to that call too",
          "[gui]") {
    Xvfb x;
    TempDir home;
    {
        ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
        waitReady(app);
        callFrom(app, 1, "+7 (903) 555-12-34", "Иванова Мария Петровна");
        app.key("ctrl+shift+k");
        const Json empty = app.waitFor("окно карточки заявителя, карточек нет", [](const Json& s) {
            return s["applicant"]["open"] == true && s["applicant"]["searching"] == false;
        });
        CHECK(empty["applicant"]["found"].empty());
        CHECK(empty["citizen"].is_null());
        app.key("Return"); // the only row: a new card from the call card
        const Json form = app.waitFor("новая карточка из карточки звонка", [](const Json& s) {
            return s["applicant"]["creating"] == true;
        });
        CHECK(form["applicant"]["draft"]["name"] == "Иванова Мария Петровна");
        CHECK(form["applicant"]["draft"]["phones"] == "+7 (903) 555-12-34");
        // the categories of sufler.yaml are offered to tick
        CHECK(contains(form["applicant"]["categories"], "многодетная семья"));
        const Json linked = pressUntil(
            app, "ctrl+Return", "карточка создана и связана",
            [](const Json& s) {
                return s["applicant"]["open"] == false && s["citizen"].is_object();
            },
            [](const Json& s) {
                return s["applicant"]["creating"] == true && s["applicant"]["saving"] == false;
            });
        CHECK(linked["citizen"]["name"] == "Иванова Мария Петровна");
        CHECK(messageHas(linked, "связана со звонком № 1"));

        // another phone, the same citizen: found by name (ё as е), chosen, linked by hand
        callFrom(app, 2, "8 900 777 00 11", "Иванова Мария Петровна");
        app.waitFor("новый звонок без карточки", [](const Json& s) {
            return s["call"]["number"] == 2 && s["citizen"].is_null();
        });
        app.key("ctrl+shift+k");
        const Json found = app.waitFor("карточка найдена по ФИО", [](const Json& s) {
            return s["applicant"]["open"] == true && s["applicant"]["found"].size() == 1;
        });
        CHECK(found["applicant"]["selected"] == 0);
        app.key("Return");
        const Json second = app.waitFor("звонок 2 связан", [](const Json& s) {
            return s["applicant"]["open"] == false && s["citizen"].is_object();
        });
        CHECK(second["citizen"]["id"] == linked["citizen"]["id"]);
        app.key("ctrl+q");
        REQUIRE(app.waitExit(10s) == 0);
    }
    // the journal has one card, linked to both calls
    auto journal = sufler::journal::Journal::open(home.path() / "journal.sqlite");
    const auto cards = journal.findCitizensByPhone("89035551234");
    REQUIRE(cards.size() == 1);
    CHECK(cards[0].fullName == "Иванова Мария Петровна");
    const auto calls = journal.callsOfCitizen(cards[0].id);
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].phone == "+7 (903) 555-12-34");
    CHECK(calls[1].phone == "8 900 777 00 11");
}

TEST_CASE("console: a consultation booked from a call — the script says where and when, the day "
          "sheet lists the citizen, then moved and cancelled by phone from the caller's bookings",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
    waitReady(app);
    callFrom(app, 1, "+7 (903) 555-12-34", "Сидорова Ольга Викторовна");
    openFamiliesAnswer(app);
    // the script on to the answer, then its way to the booking
    for (const char* step :
         {"incoming#выяснение-потребности", "incoming#поиск-ответа", "incoming#ответ"}) {
        app.key("alt+1");
        app.waitFor(step, [&](const Json& s) { return s["script"]["step"] == step; });
    }
    const Json answer = app.state();
    const auto& ways = answer["script"]["ways"];
    const auto way = std::find_if(ways.begin(), ways.end(), [](const Json& label) {
        return label.get<std::string>().find("консультация") != std::string::npos;
    });
    REQUIRE(way != ways.end());
    app.key("alt+" + std::to_string(way - ways.begin() + 1));
    app.waitFor("шаг записи", [](const Json& s) {
        return s["script"]["step"] == "consultation#запись-на-консультацию";
    });

    // the answer's department: its specialists only
    const Json window = openBooking(app);
    for (const auto& specialist : window["booking"]["specialists"])
        CHECK(specialist["key"].get<std::string>().rfind("families/", 0) == 0);
    app.key("Down"); // the second free slot, as the caller chose it
    const Json picked = app.waitFor("выбрано второе время",
                                    [](const Json& s) { return s["booking"]["slot"] == 1; });
    const std::string key = chosenKey(picked);
    const std::string slot = chosenSlot(picked);
    const Json booked = pressUntil(
        app, "Return", "записано",
        [](const Json& s) { return s["booking"]["open"] == false && s["booked"].is_object(); },
        [](const Json& s) {
            return s["booking"]["open"] == true && s["booking"]["saving"] == false &&
                   s["booking"]["refusal"] == "";
        });
    CHECK(booked["booked"]["startsAt"] == slot);
    CHECK(booked["booked"]["specialist"] == key);
    CHECK(messageHas(booked, "Записано"));

    // the script says it: specialist, date and time, place, how to get there
    app.key("alt+1");
    const Json told = app.waitFor("время и место в сценарии", [](const Json& s) {
        return s["script"]["step"] == "consultation#время-и-место";
    });
    const std::string words = said(told);
    INFO(words);
    const std::string date = slot.substr(8, 2) + "." + slot.substr(5, 2) + "." + slot.substr(0, 4);
    CHECK(words.find(date) != std::string::npos);
    CHECK(words.find("в " + slot.substr(11, 5)) != std::string::npos);
    CHECK(words.find("пл. Советов, д. 3") != std::string::npos);
    CHECK(words.find("Как добраться: Автобусы 5 и 12") != std::string::npos);
    CHECK(words.find('{') == std::string::npos);

    // the specialist's day sheet lists the citizen, the booking tied to the call
    const std::string sheet = daySheet(app, home.path(), key, slot);
    CHECK(sheet.find("Сидорова Ольга Викторовна") != std::string::npos);
    CHECK(sheet.find(slot.substr(11, 5)) != std::string::npos);
    CHECK_FALSE(contains(Json(freeSlots(app, key)), slot));

    // the citizen calls again to move it: the card shows the booking, Ctrl+Shift+B lists it
    callFrom(app, 2, "89035551234", "Сидорова Ольга Викторовна");
    app.waitFor("запись видна на карточке", [](const Json& s) {
        return s["call"]["number"] == 2 && s["callerBookings"].size() == 1;
    });
    app.key("ctrl+shift+b");
    app.waitFor("записи абонента", [](const Json& s) {
        return s["booking"]["open"] == true && s["booking"]["mode"] == "bookings" &&
               s["booking"]["bookings"].size() == 1;
    });
    app.key("Return");
    const Json moving = app.waitFor("свободное время того же специалиста", [](const Json& s) {
        return s["booking"]["mode"] == "move" && s["booking"]["loading"] == false &&
               !s["booking"]["specialists"].empty() &&
               !s["booking"]["specialists"][0]["free"].empty();
    });
    CHECK(chosenKey(moving) == key);
    const std::string newSlot = chosenSlot(moving);
    CHECK(newSlot != slot);
    const Json moved = pressUntil(
        app, "Return", "перенесено",
        [&](const Json& s) {
            return s["booking"]["open"] == false && s["callerBookings"].size() == 1 &&
                   s["callerBookings"][0]["startsAt"] == newSlot;
        },
        [](const Json& s) {
            return s["booking"]["mode"] == "move" && s["booking"]["saving"] == false &&
                   s["booking"]["refusal"] == "" && !messageHas(s, "не перенесена");
        });
    CHECK(messageHas(moved, "Запись перенесена"));
    CHECK(contains(Json(freeSlots(app, key)), slot)); // the old time is free again

    // ...and then to cancel it: Delete, the reason, Enter
    app.key("ctrl+shift+b");
    app.waitFor("записи абонента снова", [](const Json& s) {
        return s["booking"]["mode"] == "bookings" && s["booking"]["bookings"].size() == 1;
    });
    app.key("Delete");
    app.waitFor("поле причины", [](const Json& s) {
        return s["booking"]["reasonOpen"] == true && s["focus"] == "booking:reason";
    });
    app.key("ctrl+a BackSpace");
    app.type("заболел ребёнок");
    const Json cancelled = pressUntil(
        app, "Return", "запись отменена",
        [](const Json& s) {
            return s["callerBookings"].empty() && s["booking"]["bookings"].empty() &&
                   messageHas(s, "отменена");
        },
        [](const Json& s) {
            return s["booking"]["reasonOpen"] == true && s["booking"]["saving"] == false &&
                   !messageHas(s, "не отменена");
        });
    CHECK(messageHas(cancelled, "отменена: заболел ребёнок"));
    CHECK(contains(Json(freeSlots(app, key)), newSlot)); // free again
    app.key("Escape");
    app.waitFor("окно закрыто", [](const Json& s) { return s["booking"]["open"] == false; });
}

TEST_CASE("console: a consultation booked from a call is reminded from F4 the day before — the "
          "console started again with the clock moved, the reminder recorded in Приложение 2",
          "[gui][queue]") {
    Xvfb x;
    TempDir home;
    const std::string bookedAt = "2026-12-05T10:00"; // a Saturday: the free times are days ahead
    std::string key, slot;
    {
        const ClockAt clock(bookedAt);
        ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
        waitReady(app);
        callFrom(app, 1, "+7 (903) 555-12-34", "Сидорова Ольга Викторовна");
        openFamiliesAnswer(app);
        const Json window = openBooking(app);
        key = chosenKey(window);
        slot = chosenSlot(window);
        pressUntil(
            app, "Return", "записано",
            [](const Json& s) { return s["booking"]["open"] == false && s["booked"].is_object(); },
            [](const Json& s) {
                return s["booking"]["open"] == true && s["booking"]["saving"] == false &&
                       s["booking"]["refusal"] == "";
            });
        // the call ended as any other, with the survey (the question came with the answer)
        app.key("ctrl+e");
        app.answerSurvey(1, 1);
        app.key("ctrl+q");
        REQUIRE(app.waitExit(10s) == 0);
    }
    const auto booked = sufler::core::parseLocalDateTime(slot);
    const auto from = sufler::core::parseLocalDateTime(bookedAt);
    REQUIRE(booked);
    REQUIRE(*booked - *from > 24h); // booked more than a day ahead: the day-before reminder holds
    const std::string dayBefore =
        sufler::core::formatLocal(*booked - 23h, "%Y-%m-%dT%H:%M"); // due an hour ago

    const ClockAt clock(dayBefore);
    ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
    waitReady(app);
    app.key("F4");
    const Json shown = app.waitFor("напоминание в очереди", [](const Json& s) {
        if (s["callbacksOpen"] != true || s["callbacksLoaded"] != true)
            return false;
        for (const auto& item : s["callbacks"])
            if (item["kind"] == "reminder" && item["citizen"] == "Сидорова Ольга Викторовна")
                return true;
        return false;
    });
    const auto& items = shown["callbacks"];
    const auto reminder = std::find_if(items.begin(), items.end(),
                                       [](const Json& item) { return item["kind"] == "reminder"; });
    CHECK((*reminder)["offset"] == "за 1 день");
    const int row = static_cast<int>(reminder - items.begin());
    for (int i = shown["callbackSelected"].get<int>(); i < row; ++i)
        app.key("Down");
    app.waitFor("напоминание выбрано", [&](const Json& s) { return s["callbackSelected"] == row; });
    app.key("Return");
    const Json taken = app.waitFor("сценарий напоминания", [](const Json& s) {
        return s["callbackEdit"] == "outcome" && s["queueScript"]["id"] == "consultation-reminder";
    });
    std::string words;
    for (const auto& step : taken["queueScript"]["steps"])
        for (const auto& line : step["words"])
            words += line.get<std::string>() + "\n";
    INFO(words);
    const std::string date = slot.substr(8, 2) + "." + slot.substr(5, 2) + "." + slot.substr(0, 4);
    CHECK(words.find(date) != std::string::npos);
    CHECK(words.find("пл. Советов, д. 3") != std::string::npos);
    CHECK(words.find('{') == std::string::npos);
    app.key("1"); // reached, reminded
    app.waitFor("напоминание записано", [](const Json& s) {
        if (s["callbackResultOpen"] != false)
            return false;
        for (const auto& item : s["callbacks"])
            if (item["kind"] == "reminder")
                return false;
        return true;
    });
    const auto outgoing =
        runCommand(quote(binary("sufler").string()) + " journal list --outgoing --journal " +
                       quote(app.journal().string()),
                   true);
    INFO(outgoing.output);
    REQUIRE(outgoing.exitCode == 0);
    CHECK(outgoing.output.find("напоминание о консультации " + date) != std::string::npos);
    CHECK(outgoing.output.find(kOperator) != std::string::npos);
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
}

TEST_CASE("console: a slot another operator booked a moment earlier is said taken, and the next "
          "free ones are offered and booked",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
    waitReady(app);
    callFrom(app, 1, "+7 (903) 555-12-34", "Сидорова Ольга Викторовна");
    const Json window = openBooking(app);
    const std::string key = chosenKey(window);
    const std::string slot = chosenSlot(window);
    // the other operator, from the command line, just before this one presses Enter
    const auto other =
        schedule(app, "book --specialist " + key + " --at " + quote(slot) + " --name " +
                          quote("Кузнецов Пётр Ильич") + " --phone " + quote("+7 900 123-45-67"));
    INFO(other.output);
    REQUIRE(other.exitCode == 0);
    const Json refused = pressUntil(
        app, "Return", "время занято",
        [](const Json& s) {
            return !s["booking"]["refusal"].get<std::string>().empty() &&
                   s["booking"]["saving"] == false;
        },
        [](const Json& s) {
            return s["booking"]["saving"] == false && s["booked"].is_null() &&
                   !messageHas(s, "Не записано");
        });
    CHECK(refused["booking"]["open"] == true);
    CHECK(refused["booked"].is_null());
    CHECK(refused["booking"]["refusal"].get<std::string>().find("уже записан") !=
          std::string::npos);
    const Json next =
        refused["booking"]["specialists"][refused["booking"]["specialist"].get<int>()]["free"];
    REQUIRE_FALSE(next.empty());
    CHECK_FALSE(contains(next, slot));
    const std::string offered = next[0];
    const Json booked = pressUntil(
        app, "Return", "записано на следующее свободное",
        [](const Json& s) { return s["booked"].is_object(); },
        [&](const Json& s) {
            return s["booking"]["saving"] == false && s["booked"].is_null() &&
                   s["booking"]["refusal"] == refused["booking"]["refusal"];
        });
    CHECK(booked["booked"]["startsAt"] == offered);
    const std::string sheet = daySheet(app, home.path(), key, offered);
    CHECK(sheet.find("Сидорова Ольга Викторовна") != std::string::npos);
}
