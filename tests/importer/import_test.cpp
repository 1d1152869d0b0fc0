// `sufler import-drive` end to end: fixtures made by pandoc and LibreOffice from text in the
// shapes offices keep them, imported by the real program into a real git repository, then
// checked with the KB loader, `sufler lint`, `sufler search` and `sufler stale`.
#include "temp_dir.h"

#include "sufler/kb/kb.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using sufler::test::readFile;
using sufler::test::runCommand;
using sufler::test::TempDir;

namespace {

bool have(const std::string& program) {
    return runCommand(fmt::format("command -v {} >/dev/null 2>&1", program)).exitCode == 0;
}

// Whether the converters are here; without them the tests say so and stop — unless CI is set,
// where a missing converter is a failure.
bool convertersPresent() {
    const bool present = have("soffice") && have("pandoc") && have("pdftotext");
    if (!present) {
        if (std::getenv("CI") != nullptr) {
            FAIL("нет soffice, pandoc или pdftotext (tools/install-deps.sh --tests), а CI задан");
        }
        WARN("пропущено: нет soffice, pandoc или pdftotext — установите tools/install-deps.sh "
             "--tests");
    }
    return present;
}

std::string quoted(const fs::path& path) {
    std::string out = "'";
    for (char c : path.string()) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

void run(const std::string& command) {
    const auto result = runCommand(command, true);
    INFO(command << "\n" << result.output);
    REQUIRE(result.exitCode == 0);
}

// Office files made by the real programs in `dir`: HTML → .docx by pandoc, then .odt/.doc/.pdf
// by LibreOffice (its own profile, so that runs may go in parallel).
struct Maker {
    const TempDir& temp;
    fs::path dir = temp.path() / "make";

    fs::path html(const std::string& name, const std::string& body) const {
        return temp.write("make/" + name + ".html",
                          "<html><head><meta charset=\"utf-8\"></head><body>\n" + body +
                              "\n</body></html>\n");
    }
    fs::path docx(const std::string& name, const std::string& body) const {
        const fs::path in = html(name, body);
        const fs::path out = dir / (name + ".docx");
        run(fmt::format("cd {} && pandoc -f html -t docx -o {} {}", quoted(dir), quoted(out),
                        quoted(in)));
        return out;
    }
    // LibreOffice converts `inputs` to `format` beside them.
    void office(const std::string& format, const std::vector<fs::path>& inputs,
                const std::string& filter = {}) const {
        std::string files;
        for (const auto& in : inputs) {
            files += " " + quoted(in);
        }
        run(fmt::format("soffice -env:UserInstallation=file://{}/lo-profile --headless {} "
                        "--convert-to {} --outdir {}{} 2>&1",
                        temp.path().string(), filter, format, quoted(dir), files));
    }
};

struct Run {
    int exitCode;
    std::string output;
};

Run importDrive(const fs::path& drive, const fs::path& kb, const std::string& extra) {
    const auto r =
        runCommand(fmt::format("{} import-drive {} --kb {} --report {} {}",
                               quoted(sufler::test::binary("sufler")), quoted(drive), quoted(kb),
                               quoted(kb.parent_path() / "import-report.md"), extra),
                   true);
    return {r.exitCode, r.output};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const sufler::kb::Entry* entryTitled(const sufler::kb::KnowledgeBase& kb,
                                     const std::string& title) {
    for (const auto& e : kb.entries) {
        if (e.title == title) {
            return &e;
        }
    }
    return nullptr;
}

int commitCount(const fs::path& kb) {
    return std::stoi(runCommand(fmt::format("git -C {} rev-list --count HEAD", quoted(kb))).output);
}

const std::string kWriterHtml = "--infilter='HTML (StarWriter)'";

const std::string kAdmin = "--author 'Служба ИТ <it@minsoc.example>'";

// The drive most tests share: two departments' folders with Cyrillic names and spaces, a phone
// book, and the litter of a real drive.
struct Drive {
    TempDir temp;
    fs::path drive = temp.path() / "Диск L" / "База знаний";
    fs::path kb = temp.path() / "kb";
    fs::path map = temp.path() / "отделы.yaml";

    void make() {
        Maker m{temp};
        fs::create_directories(m.dir);
        // FAQ as «Вопрос:»/«Ответ:» paragraphs and as numbered headings, a bold question, an act
        // list, a template, and a picture in an answer.
        const fs::path png = temp.write("make/схема.png", "");
        run(fmt::format("convert -size 40x20 xc:blue {}", quoted(png)));
        const fs::path faq = m.docx(
            "faq", "<h1>Часто задаваемые вопросы</h1>\n"
                   "<h2>1. Как оформить единое пособие на детей?</h2>\n"
                   "<p>Заявление подаётся через Госуслуги или в МФЦ.</p>\n"
                   "<p><img src=\"схема.png\" alt=\"схема\"></p>\n"
                   "<h2>2. Порядок назначения выплаты многодетным</h2>\n"
                   "<p>Выплату назначает управление соцзащиты по месту жительства.</p>\n"
                   "<p>Вопрос: Где узнать статус заявления на пособие?</p>\n"
                   "<p>Ответ: В личном кабинете на Госуслугах, раздел «Заявления».</p>\n"
                   "<p><b>Кто получает региональный материнский капитал?</b></p>\n"
                   "<p>Семьи при рождении третьего ребёнка.</p>\n"
                   "<p>Нормативные акты отдела:</p>\n"
                   "<ul><li>Федеральный закон от 19.12.2022 № 455-ФЗ «О внесении изменений»</li>"
                   "<li>Постановление Правительства РФ от 16.12.2022 № 2330 «О порядке "
                   "назначения единого пособия»</li></ul>\n"
                   "<p>Шаблон 1. Ответ о сроке рассмотрения</p>\n"
                   "<p>Уважаемый [ФИО]! Ваше обращение от [дата] рассматривается.</p>\n");
        // FAQ as a two-column table, in an .odt, and a table of people, in an old .doc.
        const fs::path table = m.html(
            "table", "<table><tr><th>Вопрос</th><th>Ответ</th></tr>"
                     "<tr><td>Как получить компенсацию за уголь?</td><td>Подать заявление в "
                     "УСЗН до 1 декабря.</td></tr>"
                     "<tr><td>Положена ли субсидия на оплату ЖКУ пенсионеру?</td><td>Да, если "
                     "расходы больше 22 % дохода семьи.</td></tr></table>\n");
        const fs::path people =
            m.html("people", "<h2>Как оформить единое пособие на детей?</h2>\n<p>Через "
                             "Госуслуги.</p>\n"
                             "<table><tr><th>Ф.И.О.</th><th>Должность</th><th>Тел.</th></tr>"
                             "<tr><td>Кузнецова Ольга Ивановна</td><td>начальник отдела</td>"
                             "<td>(8000) 00-10-01</td></tr>"
                             "<tr><td>Смирнов Павел Андреевич</td><td>консультант</td>"
                             "<td>(8000) 00-10-02</td></tr></table>\n");
        m.office("odt", {table}, kWriterHtml);
        m.office("doc", {people}, kWriterHtml);
        // A phone book with merged header cells and a merged row per department.
        const fs::path book =
            m.html("book", "<table border=\"1\">"
                           "<tr><td colspan=\"4\">Телефонный справочник министерства</td></tr>"
                           "<tr><td rowspan=\"2\">ФИО</td><td rowspan=\"2\">Должность</td>"
                           "<td colspan=\"2\">Контакты</td></tr>"
                           "<tr><td>Телефон</td><td>Кабинет</td></tr>"
                           "<tr><td colspan=\"4\">Отдел социальных выплат семьям</td></tr>"
                           "<tr><td>Иванова Мария Петровна</td><td>начальник отдела</td>"
                           "<td>(8000) 00-00-01</td><td>214</td></tr>"
                           "<tr><td>Петров Олег Ильич</td><td>консультант</td>"
                           "<td>(8000) 00-00-02</td><td>215</td></tr></table>");
        m.office("xlsx", {book}, "--infilter='HTML (StarCalc)'");

        const fs::path families = drive / "Отдел семей";
        const fs::path zhku = drive / "ЖКУ и субсидии";
        fs::create_directories(families / "Старое");
        fs::create_directories(zhku);
        fs::create_directories(drive / "Справочники");
        fs::copy_file(faq, families / "Вопросы и ответы.DOCX");
        fs::copy_file(m.dir / "table.odt", zhku / "Ответы таблицей.odt");
        fs::copy_file(m.dir / "people.doc", families / "Старое" / "Сотрудники отдела.doc");
        fs::copy_file(m.dir / "book.xlsx", drive / "Справочники" / "Телефоны министерства.xlsx");
        temp.write(fs::relative(families / "~$просы и ответы.docx", temp.path()).string(), "lock");
        temp.write(fs::relative(families / ".DS_Store", temp.path()).string(), "x");
        temp.write(fs::relative(drive / "Архив" / "старое.docx", temp.path()).string(), "x");
        temp.write("отделы.yaml", "Отдел семей: families\n\"ЖКУ и субсидии\": zhku\n");
    }
};

} // namespace

TEST_CASE("import-drive: office documents become entries of the mapped sections, lint clean and "
          "searchable",
          "[importer]") {
    if (!convertersPresent()) {
        return;
    }
    Drive d;
    d.make();
    const Run first = importDrive(d.drive, d.kb, "--map " + quoted(d.map) + " " + kAdmin);
    INFO(first.output);
    REQUIRE(first.exitCode == 0);

    const sufler::kb::KnowledgeBase kb = sufler::kb::load(d.kb);
    // Each shape of FAQ, with its kind and department.
    struct Expected {
        std::string title;
        sufler::kb::EntryKind kind;
        std::string department;
    };
    const std::vector<Expected> expected = {
        {"Как оформить единое пособие на детей?", sufler::kb::EntryKind::Faq, "families"},
        {"Порядок назначения выплаты многодетным", sufler::kb::EntryKind::Faq, "families"},
        {"Где узнать статус заявления на пособие?", sufler::kb::EntryKind::Faq, "families"},
        {"Кто получает региональный материнский капитал?", sufler::kb::EntryKind::Faq, "families"},
        {"Как получить компенсацию за уголь?", sufler::kb::EntryKind::Faq, "zhku"},
        {"Положена ли субсидия на оплату ЖКУ пенсионеру?", sufler::kb::EntryKind::Faq, "zhku"},
        {"Ответ о сроке рассмотрения", sufler::kb::EntryKind::Template, "families"},
        {"Кузнецова Ольга Ивановна", sufler::kb::EntryKind::Contact, "families"},
        {"Смирнов Павел Андреевич", sufler::kb::EntryKind::Contact, "families"},
        {"Иванова Мария Петровна", sufler::kb::EntryKind::Contact, ""},
        {"Петров Олег Ильич", sufler::kb::EntryKind::Contact, ""},
    };
    for (const auto& e : expected) {
        INFO(e.title);
        const sufler::kb::Entry* entry = entryTitled(kb, e.title);
        REQUIRE(entry != nullptr);
        CHECK(entry->kind == e.kind);
        CHECK(entry->department == e.department);
    }
    // The answer under «Ответ:», without the label; the template's fields; the acts.
    const std::string faq = readFile(d.kb / "departments/families/faq.md");
    CHECK(has(faq, "## Где узнать статус заявления на пособие?\n\nВ личном кабинете на "
                   "Госуслугах"));
    CHECK_FALSE(has(faq, "Ответ:"));
    CHECK_FALSE(has(faq, "Часто задаваемые вопросы")); // the document's title is no question
    CHECK(has(readFile(d.kb / "departments/families/templates.md"),
              "Уважаемый {{ФИО}}! Ваше обращение от {{дата}}"));
    const std::string npa = readFile(d.kb / "departments/families/npa.md");
    CHECK(has(npa, "- Федеральный закон от 19.12.2022 № 455-ФЗ"));
    CHECK(has(npa, "- Постановление Правительства РФ от 16.12.2022 № 2330"));
    // The phone book: merged «Контакты» over «Телефон | Кабинет», the merged department row.
    const sufler::kb::Entry* ivanova = entryTitled(kb, "Иванова Мария Петровна");
    REQUIRE(ivanova != nullptr);
    CHECK(ivanova->field("Телефон") == "(8000) 00-00-01");
    CHECK(ivanova->field("Кабинет") == "214");
    CHECK(ivanova->field("Организация") == "Отдел социальных выплат семьям");
    CHECK(ivanova->path == "directory/telefony-ministerstva.md");
    // The picture is kept in the section's files/ and linked.
    bool pictureLinked = false;
    for (const auto& f : fs::directory_iterator(d.kb / "departments/families/files")) {
        pictureLinked = has(faq, "files/" + f.path().filename().string());
    }
    CHECK(pictureLinked);

    // The report: guesses, the same question in two documents, what was skipped and why.
    const std::string report = readFile(d.kb.parent_path() / "import-report.md");
    CHECK(has(report, "заголовок «Порядок назначения выплаты многодетным» принят за вопрос (в "
                      "нём нет знака «?»)"));
    CHECK(has(report, "строка жирным «Кто получает региональный материнский капитал?» принята "
                      "за вопрос"));
    CHECK(has(report, "принята за контакты, строк: 2 (столбцы: ФИО, Должность, Телефон)"));
    CHECK(has(report, "таблица из двух столбцов «Вопрос | Ответ» принята за вопросы и ответы"));
    CHECK(has(report, "Вопрос «Как оформить единое пособие на детей?» есть в нескольких "
                      "документах"));
    CHECK(has(report, "`Отдел семей/~$просы и ответы.docx` — пропущен: временный файл"));
    CHECK(has(report, "`Отдел семей/.DS_Store` — пропущен: скрытый файл"));
    CHECK(has(report, "папка «Архив» не сопоставлена отделу"));
    CHECK(has(report, "преобразован LibreOffice из .doc в .docx"));
    CHECK(has(first.output, "# Отчёт об импорте с сетевого диска")); // also on the terminal

    // One commit per section, and one for the directories and the manifest.
    CHECK(commitCount(d.kb) == 3);
    const auto log = runCommand(fmt::format("git -C {} log --format=%an%x09%s", quoted(d.kb)));
    CHECK(has(log.output, "Служба ИТ\tИмпорт с сетевого диска: раздел families"));
    CHECK(has(log.output, "Служба ИТ\tИмпорт с сетевого диска: раздел zhku"));
    CHECK(runCommand(fmt::format("git -C {} status --porcelain", quoted(d.kb))).output.empty());

    const auto lint = runCommand(
        fmt::format("{} lint --kb {}", quoted(sufler::test::binary("sufler")), quoted(d.kb)), true);
    INFO(lint.output);
    CHECK(lint.exitCode == 0);
    CHECK(has(lint.output, "ошибок 0, предупреждений 0"));

    const auto search = runCommand(fmt::format(
        "{} search --kb {} --db {} --json 'статус заявления на пособие'",
        quoted(sufler::test::binary("sufler")), quoted(d.kb), quoted(d.temp.path() / "index")));
    INFO(search.output);
    REQUIRE(search.exitCode == 0);
    const auto hits = nlohmann::json::parse(search.output).at("hits");
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].at("id") == "departments/families/faq.md#где-узнать-статус-заявления-на-пособие");
}

TEST_CASE("import-drive: a second run changes nothing, a changed document updates only its "
          "entries, an entry edited in the KB is a conflict",
          "[importer]") {
    if (!convertersPresent()) {
        return;
    }
    Drive d;
    d.make();
    REQUIRE(importDrive(d.drive, d.kb, "--map " + quoted(d.map) + " " + kAdmin).exitCode == 0);
    const int commits = commitCount(d.kb);
    const std::string faqBefore = readFile(d.kb / "departments/zhku/faq.md");

    const Run again = importDrive(d.drive, d.kb, "--map " + quoted(d.map) + " " + kAdmin);
    REQUIRE(again.exitCode == 0);
    CHECK(commitCount(d.kb) == commits);
    CHECK(has(again.output, "Ничего не изменилось: коммитов нет."));
    CHECK(has(again.output, "перенесено 0, без изменений 4"));
    CHECK(readFile(d.kb / "departments/zhku/faq.md") == faqBefore);

    // A person edits one imported answer in the KB and commits it.
    const fs::path zhkuFaq = d.kb / "departments/zhku/faq.md";
    std::string edited = faqBefore;
    const std::string old = "Подать заявление в УСЗН до 1 декабря.";
    REQUIRE(has(edited, old));
    edited.replace(edited.find(old), old.size(), "Подать заявление в УСЗН или МФЦ до 1 декабря.");
    { std::ofstream(zhkuFaq, std::ios::trunc) << edited; }
    run(fmt::format("git -C {} -c user.name=Ред -c user.email=red@minsoc.example commit -qam "
                    "правка",
                    quoted(d.kb)));

    // The department's document changes: both answers, and one more question.
    Maker m{d.temp};
    const fs::path table = m.html(
        "table2", "<table><tr><th>Вопрос</th><th>Ответ</th></tr>"
                  "<tr><td>Как получить компенсацию за уголь?</td><td>Подать заявление до 15 "
                  "ноября.</td></tr>"
                  "<tr><td>Положена ли субсидия на оплату ЖКУ пенсионеру?</td><td>Да, если "
                  "расходы больше 20 % дохода семьи.</td></tr>"
                  "<tr><td>Куда обращаться за субсидией?</td><td>В УСЗН по месту жительства."
                  "</td></tr></table>\n");
    m.office("odt", {table}, kWriterHtml);
    fs::copy_file(m.dir / "table2.odt", d.drive / "ЖКУ и субсидии" / "Ответы таблицей.odt",
                  fs::copy_options::overwrite_existing);
    const Run changed = importDrive(d.drive, d.kb, "--map " + quoted(d.map) + " " + kAdmin);
    INFO(changed.output);
    REQUIRE(changed.exitCode == 0);
    // The edit, then the zhku section's import and the manifest's commit.
    CHECK(commitCount(d.kb) == commits + 3);
    const std::string faq = readFile(zhkuFaq);
    CHECK(has(faq, "Подать заявление в УСЗН или МФЦ до 1 декабря.")); // the person's edit stands
    CHECK_FALSE(has(faq, "до 15 ноября"));
    CHECK(has(faq, "расходы больше 20 % дохода"));
    CHECK(has(faq, "## Куда обращаться за субсидией?"));
    CHECK(has(changed.output, "departments/zhku/faq.md#как-получить-компенсацию-за-уголь`: запись "
                              "изменена в базе после импорта"));
    CHECK(has(changed.output, "→ `departments/zhku/faq.md#положена-ли-субсидия-на-оплату-жку-"
                              "пенсионеру`: обновлена"));
    // The other section's files did not move.
    const auto last =
        runCommand(fmt::format("git -C {} diff --name-only HEAD~2 HEAD", quoted(d.kb)));
    CHECK(has(last.output, "departments/zhku/faq.md"));
    CHECK_FALSE(has(last.output, "families"));

    // And the conflict is still one on the next run, not an overwrite.
    const Run third = importDrive(d.drive, d.kb, "--map " + quoted(d.map) + " " + kAdmin);
    CHECK(has(readFile(zhkuFaq), "УСЗН или МФЦ"));
    CHECK(has(third.output, "Ничего не изменилось"));
}

TEST_CASE("import-drive: an administrator's import does not count as the sections' review",
          "[importer]") {
    if (!convertersPresent()) {
        return;
    }
    TempDir temp;
    const fs::path kb = temp.path() / "kb";
    temp.write("kb/sufler.yaml", "organization: Министерство\nadmins: [it@minsoc.example]\n");
    temp.write("kb/departments/families/index.md",
               "---\ntitle: Отдел семей\nhead: Иванова Мария Петровна\neditors: "
               "[ivanova@minsoc.example]\n---\n\nПособия семьям.\n");
    run(fmt::format("git -C {} init -q && git -C {} add -A && GIT_AUTHOR_DATE='2026-10-05T10:00:00 "
                    "+0300' GIT_COMMITTER_DATE='2026-10-05T10:00:00 +0300' git -C {} -c "
                    "user.name='Иванова Мария' -c user.email=ivanova@minsoc.example commit -qm "
                    "раздел",
                    quoted(kb), quoted(kb), quoted(kb)));
    Maker m{temp};
    fs::create_directories(m.dir);
    const fs::path doc = m.docx("faq", "<p>Вопрос: Как получить пособие?</p><p>Ответ: Через "
                                       "МФЦ.</p>\n<p>Вопрос: Новый раздел?</p><p>Ответ: Да.</p>");
    fs::create_directories(temp.path() / "drive" / "families");
    fs::create_directories(temp.path() / "drive" / "opeka");
    fs::copy_file(doc, temp.path() / "drive" / "families" / "ответы.docx");
    fs::copy_file(doc, temp.path() / "drive" / "opeka" / "ответы.docx");
    const Run r = importDrive(temp.path() / "drive", kb, kAdmin);
    INFO(r.output);
    REQUIRE(r.exitCode == 0);
    REQUIRE(has(readFile(kb / "departments/families/faq.md"), "## Как получить пособие?"));

    const auto stale = runCommand(fmt::format("{} stale --kb {} --today 2026-12-06 --format json",
                                              quoted(sufler::test::binary("sufler")), quoted(kb)));
    INFO(stale.output);
    const auto json = nlohmann::json::parse(stale.output);
    std::map<std::string, nlohmann::json> sections;
    for (const auto& s : json.at("sections")) {
        sections[s.at("department")] = s;
    }
    // The review date stays the department's own commit, not the import's day.
    CHECK(sections.at("families").at("last_review") == "2026-10-05");
    // A section the import brought in has never been reviewed.
    CHECK(sections.at("opeka").at("status") == "unreviewed");
    CHECK(sections.at("opeka").at("last_review").is_null());
}

TEST_CASE("import-drive: broken, protected, oversized and odd files are reported with the "
          "reason, the rest imported",
          "[importer]") {
    if (!convertersPresent()) {
        return;
    }
    TempDir temp;
    Maker m{temp};
    fs::create_directories(m.dir);
    const fs::path drive = temp.path() / "drive";
    const fs::path dept = drive / "families";
    fs::create_directories(dept);
    const fs::path good = m.docx("good", "<p>Вопрос: Как получить справку?</p><p>Ответ: В МФЦ."
                                         "</p>");
    fs::copy_file(good, dept / "хороший.docx");
    // A .doc renamed .docx (old Word under a new name) is read for what it is.
    const fs::path old = m.docx("old", "<p>Вопрос: Сколько действует справка?</p><p>Ответ: Год."
                                       "</p>");
    m.office("doc", {old});
    fs::copy_file(m.dir / "old.doc", dept / "старый под новым именем.docx");
    // Corrupt: bytes that are no document at all; a .doc LibreOffice cannot open.
    temp.write("drive/families/битый.docx", "PK\x03\x04 это не архив");
    temp.write("drive/families/не документ.doc", std::string(4096, '\x7f'));
    // A real .doc cut short in copying: LibreOffice cannot open it.
    const std::string whole = readFile(m.dir / "old.doc");
    temp.write("drive/families/не открывается.doc", whole.substr(0, 3000));
    // A zip bomb posing as a .docx: 300 MB of zeros that pack into a few hundred KB.
    run(fmt::format("python3 -c \"import zipfile; z=zipfile.ZipFile('{}','w',zipfile.ZIP_DEFLATED);"
                    "z.writestr('word/document.xml', b'0'*(300*1024*1024)); z.close()\"",
                    (dept / "бомба.docx").string()));
    // A 1,000-page document: more text than one KB file may hold.
    std::string pages;
    for (int i = 0; i < 1000; ++i) {
        pages += fmt::format("<h2>Вопрос номер {}?</h2>\n", i);
        for (int p = 0; p < 24; ++p) {
            pages += "<p>Длинный ответ на вопрос о мерах социальной поддержки семей с детьми, "
                     "который повторяется, чтобы занять целую страницу печатного текста.</p>\n";
        }
    }
    fs::copy_file(m.docx("big", pages), dept / "тысяча страниц.docx");
    // A text file in Windows-1251, with a name that starts with a dash.
    run(fmt::format("printf '%s' 'Вопрос: Где взять бланк?\n\nОтвет: На сайте министерства.\n' | "
                    "iconv -f UTF-8 -t CP1251 > {}",
                    quoted(dept / "-памятка.txt")));
    // A PDF with text, and one with only a picture (a scan).
    const fs::path textPdf = m.docx("textpdf", "<p>Вопрос: Как записаться на приём?</p><p>Ответ: "
                                               "По телефону горячей линии.</p>");
    const fs::path png = temp.write("make/скан.png", "");
    run(fmt::format("convert -size 200x100 xc:gray {}", quoted(png)));
    const fs::path scan = m.docx("scan", "<p><img src=\"скан.png\"></p>");
    m.office("pdf", {textPdf, scan});
    fs::copy_file(m.dir / "textpdf.pdf", dept / "приём.pdf");
    fs::copy_file(m.dir / "scan.pdf", dept / "скан.pdf");
    // A folder deeper than the file system lets a path be named.
    {
        const std::string name(200, 'a');
        int fd = open(dept.c_str(), O_RDONLY | O_DIRECTORY);
        REQUIRE(fd >= 0);
        for (int i = 0; i < 24; ++i) {
            REQUIRE(mkdirat(fd, name.c_str(), 0755) == 0);
            const int next = openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY);
            close(fd);
            fd = next;
            REQUIRE(fd >= 0);
        }
        const int file = openat(fd, "глубоко.docx", O_WRONLY | O_CREAT, 0644);
        close(file);
        close(fd);
    }

    const fs::path kb = temp.path() / "kb";
    const Run r = importDrive(drive, kb, kAdmin);
    INFO(r.output);
    REQUIRE(r.exitCode == 0);
    const std::string report = readFile(temp.path() / "import-report.md");
    CHECK(has(report, "`families/битый.docx` — не перенесён: файл повреждён"));
    CHECK(has(report, "`families/не открывается.doc` — не перенесён: LibreOffice не смог "
                      "открыть документ"));
    CHECK(has(report, "`families/не документ.doc` — не перенесён: файл повреждён: по "
                      "содержимому это не .doc"));
    CHECK(has(report, "`families/бомба.docx` — не перенесён: в распакованном виде больше 200 МБ"));
    CHECK(has(report, "`families/тысяча страниц.docx` — не перенесён: документ слишком большой"));
    CHECK(has(report, "`families/скан.pdf` — не перенесён: в PDF нет текста"));
    CHECK(has(report, "путь длиннее предела файловой системы"));
    CHECK(has(report, "текст в кодировке Windows-1251 перекодирован в UTF-8"));
    CHECK(has(report, "текст извлечён из PDF"));
    const std::string faq = readFile(kb / "departments/families/faq.md");
    CHECK(has(faq, "## Как получить справку?"));
    CHECK(has(faq, "## Сколько действует справка?"));
    CHECK(has(faq, "## Где взять бланк?\n\nНа сайте министерства."));
    CHECK(has(faq, "Как записаться на приём?"));
    const auto lint = runCommand(
        fmt::format("{} lint --kb {}", quoted(sufler::test::binary("sufler")), quoted(kb)), true);
    INFO(lint.output);
    CHECK(lint.exitCode == 0);
}

TEST_CASE("import-drive: --dry-run writes nothing but the report, a bad map is refused with its "
          "line",
          "[importer]") {
    if (!convertersPresent()) {
        return;
    }
    Drive d;
    d.make();
    const Run dry = importDrive(d.drive, d.kb, "--map " + quoted(d.map) + " --dry-run");
    INFO(dry.output);
    REQUIRE(dry.exitCode == 0);
    CHECK(has(dry.output, "Пробный прогон"));
    CHECK(has(dry.output, "departments/families/faq.md#где-узнать-статус-заявления-на-пособие"));
    CHECK_FALSE(fs::exists(d.kb));
    CHECK(fs::exists(d.kb.parent_path() / "import-report.md"));

    d.temp.write("плохая.yaml", "Отдел семей: families\nЖКУ: Отдел ЖКУ\n");
    const Run bad = importDrive(d.drive, d.kb, "--map " + quoted(d.temp.path() / "плохая.yaml"));
    CHECK(bad.exitCode != 0);
    CHECK(has(bad.output, "плохая.yaml:2: «ЖКУ»: отдел должен быть именем папки раздела"));
    CHECK_FALSE(fs::exists(d.kb));

    // A converter that runs past the time limit is stopped, the file reported, the rest done.
    const Run slow =
        importDrive(d.drive, d.kb, "--map " + quoted(d.map) + " --dry-run --time-limit 1");
    INFO(slow.output);
    CHECK(has(slow.output, "`ЖКУ и субсидии/Ответы таблицей.odt` — не перенесён: LibreOffice не "
                           "справилась за 1 с"));
    CHECK(has(slow.output, "departments/families/faq.md#где-узнать-статус-заявления-на-пособие"));

    // --department puts everything into one section.
    const Run forced = importDrive(d.drive, d.kb, "--department families --dry-run");
    CHECK(has(forced.output, "departments/families/faq.md#как-получить-компенсацию-за-уголь"));
    CHECK_FALSE(has(forced.output, "не сопоставлена отделу"));
}

TEST_CASE("import-drive: --ask asks once for each folder the map does not name, keeps the answer "
          "in the map, and an empty answer leaves the folder out",
          "[importer]") {
    if (!convertersPresent()) {
        return;
    }
    TempDir temp;
    const fs::path drive = temp.path() / "L" / "База знаний";
    temp.write("L/База знаний/Отдел семей/вопросы.txt",
               "Вопрос: Где взять бланк заявления?\n\nОтвет: На сайте министерства.\n");
    temp.write("L/База знаний/Отдел семей/ещё вопросы.txt",
               "Вопрос: Куда сдать заявление?\n\nОтвет: В МФЦ по месту жительства.\n");
    temp.write("L/База знаний/Архив/старое.txt", "Вопрос: Старый вопрос?\n\nОтвет: Старый.\n");
    const fs::path kb = temp.path() / "kb";
    const fs::path map = temp.path() / "новая карта.yaml"; // not there yet: made by the answers
    const auto ask = [&](const std::string& answers) {     // the operator's lines on stdin
        const auto r = runCommand(
            fmt::format("printf {} | {} import-drive {} --kb {} --report {} --map {} --ask "
                        "--author 'Иванов И. И. <it@example.ru>'",
                        quoted(fs::path(answers)), quoted(sufler::test::binary("sufler")),
                        quoted(drive), quoted(kb), quoted(temp.path() / "import-report.md"),
                        quoted(map)),
            true);
        return Run{r.exitCode, r.output};
    };
    const auto count = [](const std::string& text, const std::string& part) {
        int n = 0;
        for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
            ++n;
        }
        return n;
    };

    // Folders come in name order: «Архив» is answered with an empty line and left out;
    // «Отдел семей» has two files and is asked once, and a wrong name is asked again.
    const Run first = ask("\\nСемьи\\nfamilies\\n");
    INFO(first.output);
    REQUIRE(first.exitCode == 0);
    CHECK(count(first.output, "Папка «Отдел семей»: в какой раздел") == 2);
    CHECK(has(first.output, "«Семьи» — не имя раздела"));
    CHECK(count(first.output, "Папка «Архив»: в какой раздел") == 1);
    CHECK(has(first.output, "Папка «Отдел семей» отнесена к разделу families по ответу"));
    CHECK(has(first.output, "папка «Архив» не сопоставлена отделу"));
    CHECK(fs::exists(kb / "departments" / "families"));
    const std::string written = readFile(map);
    CHECK(has(written, "Отдел семей: families"));
    CHECK_FALSE(has(written, "Архив"));

    // The map now places «Отдел семей»: a re-run asks only about «Архив».
    const Run again = ask("\\n");
    INFO(again.output);
    CHECK(again.exitCode == 0);
    CHECK_FALSE(has(again.output, "Папка «Отдел семей»: в какой раздел"));
    CHECK(count(again.output, "Папка «Архив»: в какой раздел") == 1);
}
