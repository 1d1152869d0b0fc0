#pragma once
// A small KB in a real git repository whose commits carry chosen dates and time zones.
#include "sufler/kb/git.h"
#include "temp_dir.h"

#include <chrono>
#include <string>
#include <vector>

namespace sufler::test {

// Seconds since the epoch of `date` (YYYY-MM-DD) at hh:mm UTC.
inline std::int64_t utcSeconds(const std::string& date, int hour = 9, int minute = 0) {
    auto day = parseDate(date);
    if (!day) {
        throw std::runtime_error("bad date " + date);
    }
    auto days = std::chrono::sys_days{*day}.time_since_epoch().count();
    return static_cast<std::int64_t>(days) * 86400 + hour * 3600 + minute * 60;
}

// Shell-quotes one argument.
inline std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

struct StaleKb {
    TempDir dir;
    kb::git::Repository repo = kb::git::Repository::init(dir.path());

    [[nodiscard]] const std::filesystem::path& root() const { return dir.path(); }

    std::string commitAt(const std::vector<std::string>& paths, const std::string& message,
                         std::int64_t time, const std::string& email = "it@minsoc.example",
                         int offsetMinutes = 180) {
        kb::git::Person person{"Тест", email, time, offsetMinutes};
        return repo.commit(paths, message, person, person);
    }

    // A commit whose author has a name of their own (the head is matched by name).
    std::string commitBy(const std::vector<std::string>& paths, const std::string& message,
                         std::int64_t time, const std::string& name, const std::string& email) {
        kb::git::Person person{name, email, time, 180};
        return repo.commit(paths, message, person, person);
    }

    // sufler.yaml, changes.yaml and three sections committed on 10.08.2026 — zhku and
    // guardianship brought in by the admin (guardianship with its `reviewed:` mark), families by
    // its own editor — then an editor's change of zhku; a fourth section never committed.
    // Department heads' e-mails are the editors.
    void writeStandard() {
        dir.write("sufler.yaml",
                  "organization: Министерство труда и социальной защиты населения Энской области\n"
                  "short_name: Минтруд Энской области\n"
                  "admins: [it@minsoc.example]\n");
        dir.write("changes.yaml",
                  "- date: 2026-11-10\n"
                  "  departments: [families]\n"
                  "  what: С 1 января 2027 года меняется размер регионального пособия\n");
        dir.write("departments/families/index.md",
                  "---\n"
                  "title: Отдел социальных выплат семьям с детьми\n"
                  "head: Иванова Мария Петровна\n"
                  "editors: [ivanova@minsoc.example]\n"
                  "---\n\n"
                  "Отдел назначает региональные пособия семьям с детьми.\n");
        dir.write("departments/families/faq.md", "## Как оформить единое пособие?\n\n"
                                                 "Заявление подают через Госуслуги или в МФЦ.\n");
        dir.write("departments/zhku/index.md",
                  "---\n"
                  "title: Отдел мер социальной поддержки по оплате ЖКУ\n"
                  "head: Петров Пётр Петрович\n"
                  "editors: [petrov@minsoc.example]\n"
                  "---\n\n"
                  "Компенсации расходов на оплату жилищно-коммунальных услуг.\n");
        dir.write("departments/zhku/npa.md", "## Законы\n\n"
                                             "- Жилищный кодекс Российской Федерации\n");
        dir.write("departments/guardianship/index.md", "---\n"
                                                       "title: Отдел опеки и попечительства\n"
                                                       "head: Сидорова Анна Ивановна\n"
                                                       "editors: [sidorova@minsoc.example]\n"
                                                       "reviewed: 2026-11-20\n"
                                                       "---\n\n"
                                                       "Опека над несовершеннолетними.\n");
        commitAt({"sufler.yaml", "changes.yaml", "departments/zhku/index.md",
                  "departments/zhku/npa.md", "departments/guardianship/index.md"},
                 "База знаний", utcSeconds("2026-08-10", 7));
        commitAt({"departments/families/index.md", "departments/families/faq.md"},
                 "Раздел отдела семей", utcSeconds("2026-08-10"), "ivanova@minsoc.example");
        // 22:30 UTC on 20 October is 01:30 on 21 October in Moscow: the commit's own date counts.
        dir.write("departments/zhku/npa.md", "## Законы\n\n"
                                             "- Жилищный кодекс Российской Федерации\n"
                                             "- Федеральный закон от 24.11.1995 № 181-ФЗ «О "
                                             "социальной защите инвалидов в Российской "
                                             "Федерации» (изм. 2026-11-20)\n");
        commitAt({"departments/zhku/npa.md"}, "Закон о защите инвалидов",
                 utcSeconds("2026-10-20", 22, 30), "petrov@minsoc.example", 180);
        dir.write("departments/new-dept/index.md", "---\n"
                                                   "title: Новый отдел\n"
                                                   "head: Кузнецов Иван Сергеевич\n"
                                                   "---\n\n"
                                                   "Раздел ещё не в истории.\n");
    }
};

} // namespace sufler::test
