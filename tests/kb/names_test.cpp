// Vocabularies read through the shared enum tables: names round-trip, titles are the Russian
// ones of the format, unknown names and values fall back as documented.
#include "sufler/core/enum_names.h"
#include "sufler/kb/model.h"
#include "sufler/kb/stale_report.h"
#include "sufler/kb/staleness.h"

#include <catch2/catch.hpp>

#include <string>

using namespace sufler;

TEST_CASE("names: entry kinds round-trip and fall back to a note", "[names]") {
    for (const auto kind :
         {kb::EntryKind::Faq, kb::EntryKind::Template, kb::EntryKind::Contact, kb::EntryKind::Npa,
          kb::EntryKind::Case, kb::EntryKind::Note, kb::EntryKind::Department}) {
        CHECK(kb::parseKind(kb::kindName(kind)) == kind);
    }
    CHECK(kb::kindName(kb::EntryKind::Npa) == "npa");
    CHECK(kb::kindTitleRu(kb::EntryKind::Faq) == "Вопрос-ответ");
    CHECK_FALSE(kb::parseKind("FAQ").has_value());
    CHECK_FALSE(kb::parseKind("").has_value());
    const auto unknown = static_cast<kb::EntryKind>(99);
    CHECK(kb::kindName(unknown) == "note");
    CHECK(kb::kindTitleRu(unknown) == "Материал");
}

TEST_CASE("names: staleness statuses and rules", "[names]") {
    CHECK(kb::statusName(kb::StaleStatus::Overdue) == "overdue");
    CHECK(kb::statusTitleRu(kb::StaleStatus::Due) == "скоро срок");
    CHECK(kb::statusName(kb::StaleStatus::Unreviewed) == "unreviewed");
    CHECK(kb::statusTitleRu(kb::StaleStatus::Ok) == "в порядке");
    CHECK(kb::statusName(static_cast<kb::StaleStatus>(42)) == "ok");
    CHECK(kb::ruleName(kb::RequirementRule::Change) == "change");
    CHECK(kb::ruleTitleRu(kb::RequirementRule::Npa) == "изменение НПА");
    CHECK(kb::ruleName(static_cast<kb::RequirementRule>(42)) == "quarterly");
    CHECK(kb::ruleTitleRu(static_cast<kb::RequirementRule>(42)) == "плановая актуализация");
}

TEST_CASE("names: the table lookups themselves", "[names]") {
    enum class Colour { Red, Green };
    constexpr auto table = std::to_array<core::EnumName<Colour>>({
        {Colour::Red, "red", "красный"},
        {Colour::Green, "green", "зелёный"},
    });
    static_assert(core::enumRow(table, Colour::Green, Colour::Red).name == "green");
    CHECK(core::enumRow(table, static_cast<Colour>(7), Colour::Green).titleRu == "зелёный");
    CHECK(core::parseEnumName(table, "red") == Colour::Red);
    CHECK_FALSE(core::parseEnumName(table, "blue").has_value());
}

TEST_CASE("names: report formats of sufler stale", "[names]") {
    CHECK(kb::parseStaleFormat("text") == kb::StaleFormat::Text);
    CHECK(kb::parseStaleFormat("json") == kb::StaleFormat::Json);
    CHECK(kb::parseStaleFormat("csv") == kb::StaleFormat::Csv);
    CHECK(kb::parseStaleFormat("md") == kb::StaleFormat::Markdown);
    CHECK(kb::parseStaleFormat("xlsx") == kb::StaleFormat::Xlsx);
    CHECK_FALSE(kb::parseStaleFormat("markdown").has_value());
    CHECK_FALSE(kb::parseStaleFormat("XLSX").has_value());
}
