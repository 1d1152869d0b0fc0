// The call card's rules and how it fills templates, script words and links.
#include "console/call_card.h"
#include "console/call_card_view.h"
#include "console/entry_view.h"
#include "temp_dir.h"

#include "sufler/kb/kb.h"
#include "sufler/scripts/runner.h"

#include <catch2/catch.hpp>

using namespace sufler::console;

namespace {

CallCard sampleCard() {
    CallCard card;
    card.start(7, "Смирнова Анна Ивановна");
    card.phone = "+7 903 555-12-34";
    card.callerName = "Иванова Мария Петровна";
    card.birthYear = "1956";
    card.municipality = "Каменский район";
    card.question = "Субсидия на ЖКУ";
    return card;
}

} // namespace

TEST_CASE("call card: a new call, the transfer limit and the survey", "[card]") {
    CallCard card = sampleCard();
    CHECK(card.active);
    CHECK(card.number == 7);
    CHECK(card.receivedAt.size() == 16); // «24.11.2026 12:50»
    CHECK(card.operatorName == "Смирнова Анна Ивановна");

    Transfer first;
    first.name = "Шилова Вера Анатольевна";
    first.organization = "Отдел субсидий";
    CHECK(card.addTransfer(first));
    CHECK(card.organizations == "Отдел субсидий");
    CHECK(card.addTransfer(Transfer{}));
    CHECK_FALSE(card.canTransfer());
    CHECK_FALSE(card.addTransfer(Transfer{})); // no more than two per call
    CHECK(card.transfers.size() == 2);

    CHECK_FALSE(card.surveyComplete());
    CHECK(card.nextSurveyQuestion() == std::optional<std::size_t>(0));
    CHECK_FALSE(card.answerSurvey(0, 5));
    CHECK(card.answerSurvey(0, 0));
    CHECK(card.nextSurveyQuestion() == std::optional<std::size_t>(1));
    CHECK(card.answerSurvey(1, 2));
    CHECK(card.surveyComplete());

    card.noteOpened("a");
    card.noteOpened("a");
    card.noteOpened("b");
    CHECK(card.openedEntries == std::vector<std::string>{"a", "b"});

    // the next call starts clean but for the operator
    card.start(8, card.operatorName);
    CHECK(card.phone.empty());
    CHECK(card.transfers.empty());
    CHECK(card.operatorName == "Смирнова Анна Ивановна");
}

TEST_CASE("call card: placeholders filled from the card, unknown ones left to fill", "[card]") {
    const CallCard card = sampleCard();
    const auto values = placeholderValues(card, nullptr);
    const std::string filled = fillPlaceholders(
        "{{ФИО}}, {{ абонент }}: звонок № {{номер обращения}} от {{дата обращения}}, "
        "{{Муниципальное_образование}}, тел. {{телефон}}; {{адрес}}; {{незакрытое",
        values);
    CHECK(filled.find("Иванова Мария Петровна, Мария Петровна: звонок № 7 от ") == 0);
    CHECK(filled.find("{{дата обращения}}") == std::string::npos);
    CHECK(filled.find("Каменский район, тел. +7 903 555-12-34") != std::string::npos);
    CHECK(filled.find("{{адрес}}") != std::string::npos); // not on the card: left for the operator
    CHECK(filled.find("{{незакрытое") != std::string::npos);
    CHECK(addressForm("Сидоров Иван Петрович") == "Иван Петрович");
    CHECK(addressForm("Иван") == "Иван");
    CHECK(lowerRu("ЁЛКА Ёж") == "елка еж");
}

TEST_CASE("call card: a booked callback fills the deferred script's date and hours", "[card]") {
    CallCard card = sampleCard();
    const std::string text = "до {{дата_ответа}}, {{удобное_время}}, {{телефон_абонента}}";
    // nothing booked yet: the date stays for the operator to see it is missing
    CHECK(fillPlaceholders(text, placeholderValues(card, nullptr)).find("{{дата_ответа}}") !=
          std::string::npos);
    card.convenientHours = "с 14 до 17";
    card.deferredDue = "25.11.2026";
    CHECK(fillPlaceholders(text, placeholderValues(card, nullptr)) ==
          "до 25.11.2026, с 14 до 17, +7 903 555-12-34");
}

TEST_CASE("call card: a template of the demo KB copied with the caller's data", "[card]") {
    const auto base = sufler::kb::load(sufler::test::demoKb());
    const auto* entry = base.findEntry(
        "departments/zhku/templates.md#ответ-о-приостановлении-субсидии-в-связи-с-задолженностью");
    REQUIRE(entry);
    REQUIRE(entry->kind == sufler::kb::EntryKind::Template);
    const std::string text = EntryView::templateText(*entry, sampleCard(), &base.profile);
    CHECK(text.find("Уважаемый(ая) Иванова Мария Петровна!") != std::string::npos);
    CHECK(text.find("№ 7") != std::string::npos);
    CHECK(text.find("по Каменский район") != std::string::npos);
    CHECK(text.find("{{ФИО}}") == std::string::npos);
    CHECK(text.find("{{номер обращения}}") == std::string::npos);
    CHECK(text.find("**") == std::string::npos); // Markdown reduced to plain text
}

TEST_CASE("call card: the incoming script speaks to the caller by name", "[card]") {
    sufler::Diagnostics diagnostics;
    const auto base = sufler::kb::load(sufler::test::demoKb());
    auto set = std::make_shared<const sufler::scripts::ScriptSet>(
        sufler::scripts::ScriptSet::fromKb(base, diagnostics));
    sufler::scripts::Runner run(set, "incoming", sufler::scripts::profileValues(base.profile));
    CHECK(run.words().front().find(base.profile.organization.empty()
                                       ? std::string("Здравствуйте")
                                       : base.profile.organization) != std::string::npos);
    // the card's values, as the console hands them to the run
    const auto values = placeholderValues(sampleCard(), &base.profile);
    run.setValue("абонент", values.at("абонент"));
    REQUIRE(run.choose(0) == sufler::scripts::ChooseResult::Ok); // выяснение потребности
    REQUIRE(run.choose(0) == sufler::scripts::ChooseResult::Ok); // поиск ответа
    CHECK(run.words().front() == "Мария Петровна, одну минуту, я уточню информацию.");
}

TEST_CASE("call card: links in entries and card fields named by scripts", "[card]") {
    CHECK(resolveLink("departments/zhku/faq.md", "#кто-имеет-право").value ==
          "departments/zhku/faq.md#кто-имеет-право");
    CHECK(resolveLink("departments/zhku/faq.md", "../families/faq.md#%D0%B0").value ==
          "departments/families/faq.md#а");
    CHECK(resolveLink("departments/zhku/faq.md", "sufler:search/субсидия").kind ==
          LinkTarget::Kind::Action);
    CHECK(resolveLink("departments/zhku/faq.md", "https://example.org").kind ==
          LinkTarget::Kind::External);
    CHECK(cardFieldByName("ФИО") == CardField::CallerName);
    CHECK(cardFieldByName("муниципалитет") == CardField::Municipality);
    CHECK(cardFieldByName("телефон") == CardField::Phone);
    // the deferred script asks for the callback's hours in a field of their own
    CHECK(cardFieldByName("удобное_время") == CardField::ConvenientHours);
    CHECK(std::string(cardFieldLabel(CardField::ConvenientHours)) == "Удобное время");
    // a percent-encoded file name, as a browser copies it
    CHECK(resolveLink("departments/zhku/faq.md", "%D1%88%D0%B0%D0%B1%D0%BB%D0%BE%D0%BD.md").value ==
          "departments/zhku/шаблон.md");
    CHECK_FALSE(cardFieldByName("неизвестное").has_value());
    CHECK(std::string(cardFieldLabel(CardField::BirthYear)) == "Год рождения");
}
