// `sufler stale`, `sufler review`, `sufler hook pre-receive|install`: staleness of sections,
// recording reviews, and the central repository's guard.
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/suggestions.h"

#include "sufler/core/error.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/hook.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/review.h"
#include "sufler/kb/stale_report.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <sys/wait.h>
#include <unistd.h>

namespace sufler::cli {

namespace fs = std::filesystem;

namespace {

Date parseTodayOption(const std::string& text) {
    if (text.empty()) {
        return todayLocal();
    }
    auto date = parseDate(text);
    if (!date) {
        throw Error(fmt::format("--today «{}»: не дата (нужно ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)", text));
    }
    return *date;
}

// https://no-color.org: a terminal user who asks for no colour gets none.
bool noColourAsked() {
    const char* value = std::getenv("NO_COLOR");
    return value != nullptr && *value != '\0';
}

void writeText(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
        throw Error(fmt::format("{}: не удалось записать отчёт", path));
    }
}

fs::path selfProgram() {
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        throw Error("не удалось определить путь к программе sufler");
    }
    return self;
}

// The hook checks a pushed tree with exactly what `sufler lint` does, by running it.
kb::hook::LintResult runLint(const fs::path& root) {
    const fs::path self = selfProgram();
    int fds[2];
    if (pipe(fds) != 0) {
        throw Error("не удалось запустить sufler lint: pipe");
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        throw Error("не удалось запустить sufler lint: fork");
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        // The hook's git environment points at the bare repository, not at the copy to check.
        for (const char* name :
             {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
              "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH"}) {
            unsetenv(name);
        }
        execl(self.c_str(), self.c_str(), "lint", "--kb", root.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    std::string output;
    std::array<char, 4096> buffer{};
    ssize_t n = 0;
    while ((n = read(fds[0], buffer.data(), buffer.size())) > 0) {
        output.append(buffer.data(), static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0) {
        return {true, output};
    }
    if (code == 1) {
        return {false, output};
    }
    // Anything else means the check itself failed: refuse rather than let an unchecked KB in.
    return {false, fmt::format("sufler lint не смог проверить базу (код {}): {}", code, output)};
}

// Operators' signals about each section since its last review, from the call journal: flags
// «ответ устарел» and «нет ответа в базе», and searches within the section that found nothing.
// Read here, not in the kb library, which knows nothing of the journal.
void addSignals(kb::StaleReport& report, const journal::Journal& journal) {
    const journal::Period period{std::nullopt, report.today};
    const auto flags = journal.flags({}, period);
    const auto searches = journal.emptySearches({}, period);
    // Timestamps are `YYYY-MM-DD HH:MM:SS`: the day compares as text.
    auto onOrAfter = [](const std::string& timestamp, const std::optional<Date>& since) {
        return !since || timestamp.substr(0, 10) >= formatIsoDate(*since);
    };
    auto count = [&](kb::SectionSignals& signals, const std::string& slug) {
        for (const auto& flag : flags) {
            if (flag.department != slug || !onOrAfter(flag.createdAt, signals.since)) {
                continue;
            }
            if (flag.kind == journal::FlagKind::Outdated) {
                ++signals.outdated;
                if (!flag.entryId.empty()) {
                    signals.outdatedEntries.push_back(flag.entryId);
                }
            } else {
                ++signals.noAnswer;
            }
        }
        for (const auto& search : searches) {
            if (search.department == slug && onOrAfter(search.at, signals.since)) {
                ++signals.emptySearches;
            }
        }
        std::sort(signals.outdatedEntries.begin(), signals.outdatedEntries.end());
        signals.outdatedEntries.erase(
            std::unique(signals.outdatedEntries.begin(), signals.outdatedEntries.end()),
            signals.outdatedEntries.end());
    };
    for (auto& section : report.sections) {
        kb::SectionSignals signals;
        signals.since = section.lastReview;
        count(signals, section.department);
        section.signals = std::move(signals);
    }
    // Flags with no department and searches over the whole KB: shown once, for the whole KB.
    kb::SectionSignals unassigned;
    for (const auto& flag : flags) {
        if (flag.department.empty()) {
            ++(flag.kind == journal::FlagKind::Outdated ? unassigned.outdated
                                                        : unassigned.noAnswer);
        }
    }
    for (const auto& search : searches) {
        if (search.department.empty()) {
            ++unassigned.emptySearches;
        }
    }
    report.unassignedSignals = std::move(unassigned);
    report.signalsSource = journal.describe();
}

// «Предложения формулировок»: what `sufler suggest` would list for each section. The report
// stands without them when the index cannot be built.
void addSuggestions(kb::StaleReport& report, const fs::path& root,
                    const journal::Journal& journal) {
    try {
        auto bySection =
            suggestedWordings(root, journal, journal::Period{std::nullopt, report.today});
        for (auto& section : report.sections)
            if (section.signals)
                if (auto found = bySection.find(section.department); found != bySection.end())
                    section.signals->suggestedWordings = std::move(found->second);
    } catch (const Error& error) {
        fmt::print(stderr, "sufler: предупреждение: предложения формулировок не собраны: {}\n",
                   error.what());
    }
}

// The journal given with --journal (an error when it cannot be read), else the default one when
// it exists (a warning when it cannot be read: the report stands without it).
std::optional<journal::Journal> openJournal(const std::string& given, bool skip) {
    if (skip) {
        return std::nullopt;
    }
    if (!given.empty()) {
        std::error_code ec;
        if (!journal::isServerJournal(given) && !fs::is_regular_file(given, ec)) {
            throw Error(fmt::format("--journal {}: нет такого файла журнала звонков", given));
        }
        return journal::Journal::open(given);
    }
    const fs::path path = journal::Journal::defaultPath();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return std::nullopt;
    }
    try {
        return journal::Journal::open(path);
    } catch (const Error& error) {
        fmt::print(stderr,
                   "sufler: предупреждение: журнал звонков не прочитан, сигналов операторов в "
                   "отчёте нет: {}\n",
                   error.what());
        return std::nullopt;
    }
}

void registerStale(CLI::App& app, Outcome& outcome) {
    struct Args {
        std::string kb;
        std::string today;
        std::string format = "text";
        std::string out;
        std::string journal;
        bool noJournal = false;
        bool check = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand("stale", "отчёт об актуальности разделов базы знаний");
    addKbOption(cmd, args->kb);
    cmd->add_option("--today", args->today, "дата отчёта (ГГГГ-ММ-ДД), по умолчанию сегодня");
    CLI::Option* formatOption =
        cmd->add_option(
               "--format", args->format,
               "text | json | csv | md | xlsx (по умолчанию — по расширению --out, иначе text)")
            ->check(CLI::IsMember({"text", "json", "csv", "md", "xlsx"}));
    cmd->add_option("--out", args->out, "записать отчёт в файл (для xlsx обязательно)");
    cmd->add_flag("--check", args->check,
                  "код выхода 1, если какой-либо раздел просрочен (для cron и CI)");
    cmd->add_option("--journal", args->journal,
                    "журнал звонков для сигналов операторов (по умолчанию — журнал этого "
                    "пользователя, если есть)");
    cmd->add_flag("--no-journal", args->noJournal, "не читать журнал звонков");
    cmd->callback([args, formatOption, &outcome] {
        const fs::path root = resolveKb(args->kb, KbUse::History);
        const Date today = parseTodayOption(args->today);
        // `--out Актуальность.xlsx` alone means an xlsx: a manager should not get text in it.
        if (formatOption->count() == 0 && !args->out.empty()) {
            std::string extension = fs::path(args->out).extension().string();
            std::transform(extension.begin(), extension.end(), extension.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (extension.size() > 1 && kb::parseStaleFormat(extension.substr(1))) {
                args->format = extension.substr(1);
            }
        }
        const auto format = kb::parseStaleFormat(args->format);
        if (!format) {
            throw Error(
                fmt::format("--format «{}»: нужно text, json, csv, md или xlsx", args->format));
        }
        if (*format == kb::StaleFormat::Xlsx && args->out.empty()) {
            throw Error("для --format xlsx укажите файл: --out ОТЧЁТ.xlsx");
        }

        const kb::KnowledgeBase base = kb::load(root);
        if (!base.gitError.empty()) {
            fmt::print(stderr,
                       "sufler: предупреждение: история git не прочитана ({}); учтены только "
                       "отметки reviewed\n",
                       base.gitError);
        } else if (!base.inGit) {
            fmt::print(
                stderr,
                "sufler: предупреждение: {} не в git-репозитории; учтены только отметки reviewed\n",
                root.string());
        }
        if (hasErrors(base.diagnostics)) {
            fmt::print(stderr,
                       "sufler: предупреждение: в базе знаний есть ошибки — подробности: sufler "
                       "lint --kb {}\n",
                       root.string());
        }
        kb::StaleReport report = kb::staleReport(base, today);
        if (auto journal = openJournal(args->journal, args->noJournal)) {
            addSignals(report, *journal);
            if (*format == kb::StaleFormat::Text || *format == kb::StaleFormat::Markdown)
                addSuggestions(report, root, *journal);
        }
        // JSON and CSV have no place for these notes: they go beside the report.
        if (*format == kb::StaleFormat::Json || *format == kb::StaleFormat::Csv) {
            for (const auto& note : report.calendarNotes()) {
                fmt::print(stderr, "sufler: примечание: {}\n", note);
            }
        }
        const std::string& organization =
            base.profile.shortName.empty() ? base.profile.organization : base.profile.shortName;

        std::string content;
        switch (*format) {
        case kb::StaleFormat::Text:
            content =
                kb::staleText(report, {args->out.empty() && stdoutIsTerminal() && !noColourAsked(),
                                       organization});
            break;
        case kb::StaleFormat::Json:
            content = kb::staleJson(report);
            break;
        case kb::StaleFormat::Csv:
            content = kb::staleCsv(report);
            break;
        case kb::StaleFormat::Markdown:
            content = kb::staleMarkdown(report, organization);
            break;
        case kb::StaleFormat::Xlsx:
            kb::writeStaleXlsx(report, args->out, organization);
            break;
        }
        if (*format != kb::StaleFormat::Xlsx) {
            if (args->out.empty()) {
                fmt::print("{}", content);
                std::fflush(stdout);
            } else {
                writeText(args->out, content);
            }
        }
        if (args->check && report.anyOverdue()) {
            int overdue = 0;
            for (const auto& section : report.sections) {
                overdue += section.status == kb::StaleStatus::Overdue ? 1 : 0;
            }
            fmt::print(stderr, "sufler: просроченных разделов: {}\n", overdue);
            outcome.exitCode = 1;
        }
    });
}

void registerReview(CLI::App& app, Outcome& /*outcome*/) {
    struct Args {
        std::string kb;
        std::string slug;
        std::string message;
        std::string author;
        bool asDepartment = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "review",
        "записать актуализацию раздела без изменений (reviewed: сегодня, коммит этого файла)");
    addKbOption(cmd, args->kb);
    cmd->add_option("slug", args->slug, "раздел (папка departments/<slug>)")->required();
    cmd->add_option("-m,--message", args->message, "сообщение коммита: что проверено");
    cmd->add_option("--author", args->author, "автор «Имя <email>» (по умолчанию — из git config)");
    cmd->add_flag("--as-department", args->asDepartment,
                  "администратор записывает актуализацию от имени отдела (по его поручению)");
    cmd->callback([args] {
        // The demo shipped with the program is never committed into: its working copy is.
        const fs::path root = resolveKb(args->kb, KbUse::History);
        kb::ReviewOptions options;
        options.message = args->message;
        options.asDepartment = args->asDepartment;
        if (!args->author.empty()) {
            options.author = args->author;
        }
        const kb::ReviewResult result = kb::recordReview(root, args->slug, options);
        fmt::print(
            "Актуализация раздела {} записана{}: reviewed: {}, коммит {} ({}), автор {} <{}>\n",
            args->slug, result.asDepartment ? " от имени отдела" : "", formatIsoDate(result.date),
            result.commitId.substr(0, 7), result.path, result.authorName, result.authorEmail);
    });
}

void registerHook(CLI::App& app, Outcome& outcome) {
    CLI::App* hook = app.add_subcommand("hook", "хук центрального репозитория базы знаний");
    hook->require_subcommand(1);

    CLI::App* preReceive = hook->add_subcommand(
        "pre-receive",
        "проверить отправку (запускает git на сервере; ссылки читаются со стандартного ввода)");
    auto trustCommitter = std::make_shared<bool>(false);
    preReceive->add_flag("--trust-committer", *trustCommitter,
                         "без отправителя от сервера судить по e-mail коммиттера (небезопасно)");
    preReceive->callback([&outcome, trustCommitter] {
        const char* gitDir = std::getenv("GIT_DIR");
        const fs::path repository = fs::absolute(
            gitDir != nullptr && *gitDir != '\0' ? fs::path(gitDir) : fs::current_path());
        const auto updates = kb::hook::parseRefUpdates(std::cin);
        const auto pusher = kb::hook::pusherFromEnvironment();
        const kb::hook::PushVerdict verdict = kb::hook::checkPush(
            repository, updates, pusher, runLint, kb::hook::PushPolicy{*trustCommitter});
        for (const auto& message : verdict.messages) {
            fmt::print(stderr, "sufler: {}\n", message);
        }
        if (!verdict.accepted) {
            outcome.exitCode = 1;
        }
    });

    struct InstallArgs {
        std::string repository;
        std::string program;
        bool force = false;
        bool trustCommitter = false;
    };
    auto args = std::make_shared<InstallArgs>();
    CLI::App* install =
        hook->add_subcommand("install", "установить хук pre-receive в голый репозиторий");
    install
        ->add_option("bare_repo", args->repository, "путь к голому (bare) репозиторию базы знаний")
        ->required();
    install->add_option("--program", args->program,
                        "путь к sufler на сервере (по умолчанию — эта программа)");
    install->add_flag("--force", args->force, "заменить чужой хук pre-receive");
    install->add_flag("--trust-committer", args->trustCommitter,
                      "для сервера, который не называет отправителя: судить по e-mail "
                      "коммиттера (небезопасно)");
    install->callback([args] {
        const fs::path program = args->program.empty() ? selfProgram() : fs::path(args->program);
        const fs::path written =
            kb::hook::install(fs::absolute(args->repository), program, args->force,
                              kb::hook::PushPolicy{args->trustCommitter});
        fmt::print("Хук установлен: {}\n", written.string());
        if (args->trustCommitter) {
            fmt::print(stderr,
                       "sufler: внимание: хук будет судить по e-mail коммиттера, а его в коммите "
                       "пишет кто угодно — любой, кто может отправлять, выдаст себя за "
                       "администратора. Настройте сервер так, чтобы он называл отправителя "
                       "(GITEA_PUSHER_EMAIL, GL_USERNAME или SUFLER_PUSHER), и поставьте хук "
                       "заново без --trust-committer.\n");
        }
    });
}

} // namespace

void registerStaleCommands(CLI::App& app, Outcome& outcome) {
    registerStale(app, outcome);
    registerReview(app, outcome);
    registerHook(app, outcome);
}

} // namespace sufler::cli
