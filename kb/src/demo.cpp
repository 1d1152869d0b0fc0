// The demo's working copy: the shipped files in a repository of their own, with a history.
#include "sufler/kb/demo.h"
#include "text_util.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/kb/actualisation.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/review.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace sufler::kb::demo {

using detail::readWhole;
using detail::writeWhole;

namespace fs = std::filesystem;
using std::chrono::days;
using std::chrono::sys_days;

namespace {

// Changes to the recipe below make existing copies be made again.
constexpr std::string_view kRecipe = "sufler-demo-history 1";
// The stamp in the copy's .git: what it was made from, on which day, and its HEAD then.
constexpr std::string_view kStampName = "sufler-demo";

// The story's own calendar: the demo's texts speak of November 2026, its latest change notice
// is of 18.11.2026. Its dates move to land that notice three working days before today.
constexpr Date kStoryNotice{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{18}};

// The shipped files, by path relative to the demo's root ('/'-separated), sorted.
std::map<std::string, std::string> shippedFiles(const fs::path& shipped) {
    std::map<std::string, std::string> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(shipped, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') {
            if (it->is_directory()) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (it->is_regular_file()) {
            files.emplace(fs::relative(it->path(), shipped).generic_string(),
                          readWhole(it->path()));
        }
    }
    if (ec) {
        throw Error(fmt::format("{}: не удалось прочитать демонстрационную базу: {}",
                                shipped.string(), ec.message()));
    }
    return files;
}

// FNV-1a over the recipe and every file: a new version of the demo makes a new copy.
std::string fingerprint(const std::map<std::string, std::string>& files) {
    std::uint64_t hash = 1469598103934665603ULL;
    auto add = [&](std::string_view text) {
        for (unsigned char c : text) {
            hash = (hash ^ c) * 1099511628211ULL;
        }
        hash = (hash ^ 0xFFU) * 1099511628211ULL;
    };
    add(kRecipe);
    for (const auto& [path, content] : files) {
        add(path);
        add(content);
    }
    return fmt::format("{:016x}", hash);
}

Date plusDays(const Date& date, long n) {
    return Date{sys_days{date} + days{n}};
}

// The day `n` working days before `today`.
Date workingDaysBefore(const Date& today, int n, const core::WorkCalendar& calendar) {
    Date day = today;
    while (n > 0) {
        day = plusDays(day, -1);
        if (calendar.isWorkingDay(day)) {
            --n;
        }
    }
    return day;
}

using Mapper = std::function<Date(const Date&)>;

// Every `date: YYYY-MM-DD` of changes.yaml moved by `map`.
std::string remapChanges(const std::string& text, const Mapper& map) {
    std::string out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const auto key = line.find("date:");
        if (key != std::string::npos && line.find_first_not_of(" -") == key) {
            const auto value = line.find_first_not_of(' ', key + 5);
            if (value != std::string::npos) {
                if (auto date = parseDate(line.substr(value, 10))) {
                    line.replace(value, 10, formatIsoDate(map(*date)));
                }
            }
        }
        out += line;
        if (!lines.eof()) {
            out += '\n';
        }
    }
    return out;
}

constexpr std::string_view kAmended = "(изм. ";

// Every `(изм. YYYY-MM-DD)` of an npa.md moved by `map`, or taken out when `map` is empty.
std::string remapAmended(std::string text, const Mapper& map) {
    size_t pos = 0;
    while ((pos = text.find(kAmended, pos)) != std::string::npos) {
        const size_t dateAt = pos + kAmended.size();
        const auto date = parseDate(std::string_view(text).substr(dateAt, 10));
        if (!date || text.compare(dateAt + 10, 1, ")") != 0) {
            pos = dateAt;
            continue;
        }
        if (map) {
            text.replace(dateAt, 10, formatIsoDate(map(*date)));
            pos = dateAt + 10;
        } else {
            const size_t from = pos > 0 && text[pos - 1] == ' ' ? pos - 1 : pos;
            text.erase(from, dateAt + 11 - from);
            pos = from;
        }
    }
    return text;
}

// index.md without its `reviewed:` line: the reviews of the history write it.
std::string withoutReviewed(const std::string& text) {
    std::string out;
    std::istringstream lines(text);
    std::string line;
    int fences = 0;
    while (std::getline(lines, line)) {
        if (line == "---") {
            ++fences;
        }
        if (!(fences == 1 && line.rfind("reviewed:", 0) == 0)) {
            out += line;
            if (!lines.eof()) {
                out += '\n';
            }
        }
    }
    return out;
}

// A Markdown file without its last `## ` entry, and that entry's title.
std::pair<std::string, std::string> withoutLastEntry(const std::string& text) {
    const auto at = text.rfind("\n## ");
    if (at == std::string::npos) {
        return {text, {}};
    }
    const auto end = text.find('\n', at + 1);
    std::string title =
        text.substr(at + 4, end == std::string::npos ? std::string::npos : end - at - 4);
    return {text.substr(0, at + 1), title};
}

// One commit of the story.
struct Event {
    Date date;
    git::Person author; // time filled in when committed
    std::string message;
    std::map<std::string, std::string> files; // path → content written before the commit
    std::string reviewSlug;                   // a review: `reviewed:` of this section set
};

class Story {
public:
    Story(const fs::path& shipped, const fs::path& target, const Date& today)
        : m_target(target), m_today(today) {
        Diagnostics diagnostics;
        m_calendar = workCalendar(loadProfile(shipped, diagnostics));
        m_shift =
            (sys_days{workingDaysBefore(today, 3, m_calendar)} - sys_days{kStoryNotice}).count();
        LoadOptions options;
        options.withGit = false;
        const KnowledgeBase base = load(shipped, options);
        for (const auto& department : base.departments) {
            m_departments.emplace(department.slug, department);
        }
        for (auto& [path, content] : shippedFiles(shipped)) {
            const Mapper map = [this](const Date& d) { return story(d); };
            if (path == "changes.yaml") {
                content = remapChanges(content, map);
            } else if (path.ends_with("/npa.md")) {
                content = remapAmended(content, map);
            } else if (path.ends_with("/index.md")) {
                content = withoutReviewed(content);
            }
            m_final.emplace(path, std::move(content));
        }
    }

    void write() {
        const auto admin = git::Person{"Служба информационных технологий", "it@minsoc.example"};
        const Date lastWorkingDay = workingDaysBefore(m_today, 1, m_calendar);
        std::map<std::string, std::string> initial = m_final;
        std::vector<Event> events;

        // Departments that edited their sections: the import had these files without the last
        // question, or without the amendments of acts the editor marked later.
        struct Edit {
            std::string slug, file, email, name;
            Date date;
        };
        const Edit edits[] = {
            {"zhku", "faq.md", "shilova@minsoc.example", "Шилова Вера Анатольевна", ago(160)},
            {"disability", "faq.md", "vlasov@minsoc.example", "Власов Константин Юрьевич",
             ago(130)},
            {"lowincome", "npa.md", "kuzmin@minsoc.example", "Кузьмин Олег Валерьевич",
             story(2026, 11, 5)},
            {"employment", "npa.md", "sedova@minsoc.example", "Седова Марина Юрьевна",
             story(2026, 11, 9)},
            {"families", "faq.md", "fedoseeva@minsoc.example", "Федосеева Ольга Игоревна",
             story(2026, 11, 12)},
        };
        for (const auto& edit : edits) {
            const std::string path = fmt::format("departments/{}/{}", edit.slug, edit.file);
            auto it = m_final.find(path);
            if (it == m_final.end() || !m_departments.count(edit.slug)) {
                continue;
            }
            Event event{edit.date, {edit.name, edit.email}, {}, {{path, it->second}}, {}};
            if (edit.file == "npa.md") {
                initial[path] = remapAmended(it->second, {});
                event.message = fmt::format("{}: отмечены изменения нормативных актов",
                                            departmentTitle(edit.slug));
            } else {
                auto [shorter, title] = withoutLastEntry(it->second);
                initial[path] = shorter;
                event.message =
                    fmt::format("{}: добавлен вопрос «{}»", departmentTitle(edit.slug), title);
            }
            if (initial[path] != it->second) {
                events.push_back(std::move(event));
            }
        }

        // Heads who checked their sections and recorded it with `sufler review`.
        const std::pair<const char*, Date> reviews[] = {
            {"veterans", ago(200)},
            {"families", story(2026, 9, 28)},
            {"lowincome", story(2026, 10, 30)},
            {"elderly", story(2026, 11, 16)},
        };
        for (const auto& [slug, date] : reviews) {
            auto it = m_departments.find(slug);
            if (it == m_departments.end() || it->second.editors.empty()) {
                continue;
            }
            Event event;
            event.date = date;
            event.author = {it->second.head, it->second.editors.front()};
            event.message =
                fmt::format("Актуализация раздела {}: изменений не потребовалось\n\n{}: {}", slug,
                            kReviewTrailer, slug);
            event.reviewSlug = slug;
            events.push_back(std::move(event));
        }

        // The admin marks amended acts in three sections on the legal department's word: a change
        // of the sections, not their departments' actualisation.
        Event bulk{lastWorkingDay,
                   admin,
                   "Отметки об изменении нормативных актов по сведениям юридического отдела",
                   {},
                   {}};
        for (const char* slug : {"zhku", "disability", "veterans"}) {
            const std::string path = fmt::format("departments/{}/npa.md", slug);
            auto it = m_final.find(path);
            if (it != m_final.end() && remapAmended(it->second, {}) != it->second) {
                initial[path] = remapAmended(it->second, {});
                bulk.files.emplace(path, it->second);
            }
        }
        if (!bulk.files.empty()) {
            events.push_back(std::move(bulk));
        }

        // guardianship: nobody since the import — the section never actualised.
        for (const auto& [path, content] : initial) {
            writeWhole(m_target / path, content);
        }
        git::Repository repo = git::Repository::init(m_target);
        std::vector<std::string> paths;
        for (const auto& [path, content] : initial) {
            paths.push_back(path);
        }
        commit(repo, paths, "Перенос базы знаний горячей линии в git", admin, ago(400), 0);

        std::stable_sort(events.begin(), events.end(),
                         [](const Event& a, const Event& b) { return a.date < b.date; });
        int minute = 1;
        for (const auto& event : events) {
            std::vector<std::string> changed;
            for (const auto& [path, content] : event.files) {
                writeWhole(m_target / path, content);
                changed.push_back(path);
            }
            if (!event.reviewSlug.empty()) {
                const std::string path = fmt::format("departments/{}/index.md", event.reviewSlug);
                writeWhole(m_target / path,
                           setReviewedDate(readWhole(m_target / path), event.date, path));
                changed.push_back(path);
            }
            commit(repo, changed, event.message, event.author, event.date, minute++);
        }
    }

private:
    // A story date moved to today's time.
    [[nodiscard]] Date story(const Date& date) const { return plusDays(date, m_shift); }
    [[nodiscard]] Date story(int y, unsigned m, unsigned d) const {
        return story(Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}});
    }
    [[nodiscard]] Date ago(long n) const { return plusDays(m_today, -n); }

    [[nodiscard]] std::string departmentTitle(const std::string& slug) const {
        auto it = m_departments.find(slug);
        return it == m_departments.end() || it->second.title.empty() ? slug : it->second.title;
    }

    // At 10:00 Moscow time that day; `minute` keeps the order of commits made on one day.
    static void commit(git::Repository& repo, const std::vector<std::string>& paths,
                       const std::string& message, git::Person author, const Date& date,
                       int minute) {
        constexpr int kMoscow = 180;
        const auto day = sys_days{date}.time_since_epoch().count();
        author.time = static_cast<std::int64_t>(day) * 86400 + 7 * 3600 + minute * 60;
        author.offsetMinutes = kMoscow;
        repo.commit(paths, message + "\n", author, author);
    }

    fs::path m_target;
    Date m_today;
    core::WorkCalendar m_calendar;
    long m_shift = 0;
    std::map<std::string, Department> m_departments;
    std::map<std::string, std::string> m_final; // the files as the history leaves them
};

// An exclusive lock on a file, held while the object lives.
class FileLock {
public:
    explicit FileLock(const fs::path& path) {
        m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0) {
            throw Error(fmt::format("{}: не удалось открыть файл блокировки: {}", path.string(),
                                    std::strerror(errno)));
        }
        while (flock(m_fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                ::close(m_fd);
                throw Error(fmt::format("{}: не удалось заблокировать: {}", path.string(),
                                        std::strerror(errno)));
            }
        }
    }
    ~FileLock() { ::close(m_fd); }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int m_fd = -1;
};

struct Stamp {
    std::string fingerprint;
    std::string day;
    std::string head;
};

std::optional<Stamp> readStamp(const fs::path& root) {
    std::ifstream in(root / ".git" / std::string(kStampName));
    if (!in) {
        return std::nullopt;
    }
    Stamp stamp;
    std::string key;
    std::string value;
    while (in >> key >> value) {
        if (key == "fingerprint") {
            stamp.fingerprint = value;
        } else if (key == "day") {
            stamp.day = value;
        } else if (key == "head") {
            stamp.head = value;
        }
    }
    return stamp;
}

std::string headOf(const fs::path& root) {
    auto repo = git::Repository::open(root);
    auto head = repo.headId();
    return head ? git::toHex(*head) : std::string();
}

// No edits in the work tree and the index, no files git does not know.
bool clean(const fs::path& root) {
    auto repo = git::Repository::open(root);
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
    git_status_list* list = nullptr;
    git::check(git_status_list_new(&list, repo.get(), &options),
               "git: не удалось узнать состояние рабочей копии");
    const size_t count = git_status_list_entrycount(list);
    git_status_list_free(list);
    return count == 0;
}

// Makes the copy in a folder beside `root`, then puts it in place: a program starting meanwhile
// never sees half a repository.
void make(const fs::path& shipped, const std::string& print, const fs::path& root,
          const Date& today, const std::optional<fs::path>& keepOldAs) {
    const fs::path building = root.parent_path() / fmt::format("demo-kb.new-{}", getpid());
    std::error_code ec;
    fs::remove_all(building, ec);
    try {
        buildWorkingCopy(shipped, building, today);
        std::ofstream stamp(building / ".git" / std::string(kStampName), std::ios::trunc);
        stamp << "fingerprint " << print << "\nday " << formatIsoDate(today) << "\nhead "
              << headOf(building) << "\n";
        if (!stamp) {
            throw Error(fmt::format("{}: не удалось записать отметку копии", building.string()));
        }
    } catch (...) {
        fs::remove_all(building, ec);
        throw;
    }
    if (fs::exists(root, ec)) {
        const fs::path old =
            keepOldAs ? *keepOldAs : root.parent_path() / fmt::format("demo-kb.old-{}", getpid());
        fs::remove_all(old, ec);
        fs::rename(root, old, ec);
        if (ec) {
            fs::remove_all(building, ec);
            throw Error(fmt::format("{}: не удалось убрать прежнюю копию: {}", root.string(),
                                    ec.message()));
        }
        if (!keepOldAs) {
            fs::remove_all(old, ec);
        }
    }
    fs::rename(building, root, ec);
    if (ec) {
        throw Error(fmt::format("{}: не удалось создать рабочую копию демонстрационной базы: {}",
                                root.string(), ec.message()));
    }
}

} // namespace

fs::path shippedRoot() {
    return defaultKbRoot();
}

bool isShipped(const fs::path& root) {
    std::error_code ec;
    const fs::path given = fs::weakly_canonical(fs::absolute(root), ec);
    if (ec) {
        return false;
    }
    const fs::path ours = fs::weakly_canonical(shippedRoot(), ec);
    if (!ec && given == ours) {
        return true;
    }
    // kb/demo of another Sufler source tree: the kb library's sources beside it.
    return given.filename() == "demo" && given.parent_path().filename() == "kb" &&
           fs::is_regular_file(given.parent_path() / "include" / "sufler" / "kb" / "kb.h", ec);
}

fs::path workingCopyPath() {
    fs::path base;
    if (const char* data = std::getenv("XDG_DATA_HOME");
        data != nullptr && *data != '\0' && fs::path(data).is_absolute()) {
        base = data;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        base = fs::path(home) / ".local" / "share";
    } else {
        throw Error("не задан ни HOME, ни XDG_DATA_HOME: негде развернуть демонстрационную базу "
                    "— укажите базу знаний явно (--kb ПАПКА)");
    }
    return base / "sufler" / "demo-kb";
}

WorkingCopy prepareWorkingCopy(const Date& today) {
    WorkingCopy copy;
    copy.root = workingCopyPath();
    std::error_code ec;
    fs::create_directories(copy.root.parent_path(), ec);
    if (ec) {
        throw Error(fmt::format("{}: не удалось создать папку для демонстрационной базы: {}",
                                copy.root.parent_path().string(), ec.message()));
    }
    FileLock lock(copy.root.parent_path() / "demo-kb.lock");

    const fs::path shipped = shippedRoot();
    const std::string print = fingerprint(shippedFiles(shipped));
    const std::string what =
        "копия демонстрационной базы в отдельном git-репозитории, с историей правок отделов: "
        "есть просроченные разделы, раздел с изменением последних дней, раздел без "
        "актуализации и правка администратора; исходники программы (kb/demo) не меняются";

    if (!fs::exists(copy.root, ec)) {
        make(shipped, print, copy.root, today, std::nullopt);
        copy.made = true;
        copy.notice = fmt::format("демонстрационная база знаний развёрнута в {} — {}",
                                  copy.root.string(), what);
        return copy;
    }
    const auto stamp = readStamp(copy.root);
    if (!stamp) {
        throw Error(fmt::format(
            "{}: папка есть, но это не рабочая копия демонстрационной базы Суфлёра (нет "
            ".git/{}); переименуйте или удалите её — копия будет создана заново",
            copy.root.string(), kStampName));
    }
    const bool untouched = stamp->head == headOf(copy.root) && clean(copy.root);
    if (stamp->fingerprint != print) {
        const fs::path previous = copy.root.parent_path() / "demo-kb.prev";
        make(shipped, print, copy.root, today,
             untouched ? std::nullopt : std::optional<fs::path>(previous));
        copy.made = true;
        copy.notice = fmt::format(
            "демонстрационная база знаний в {} создана заново: в программе "
            "новая версия демонстрационной базы{} — {}",
            copy.root.string(),
            untouched ? ""
                      : fmt::format("; прежняя копия с вашими изменениями — {}", previous.string()),
            what);
    }
    // Not made again merely because days passed: commit ids stay, and what a trainee marked as
    // studied (training.sqlite) stays in its history.
    return copy;
}

void buildWorkingCopy(const fs::path& shipped, const fs::path& target, const Date& today) {
    std::error_code ec;
    if (fs::exists(target, ec)) {
        throw Error(fmt::format("{}: папка уже есть", target.string()));
    }
    Story story(shipped, target, today);
    story.write();
}

} // namespace sufler::kb::demo
